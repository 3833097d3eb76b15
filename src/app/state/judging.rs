//! The loupe's judgements: a rating or the status field's value for the asset shown,
//! applied to the grid at once and queued as writes (`panes::judgements`); their answers,
//! undo, and the ones a previous mgtui left unsaved.

use super::{App, Slot};
use crate::api::ApiResult;
use crate::api::models::{Asset, CustomMetaField, CustomMetaValue};
use crate::panes::judgements::{Failure, Judgement, Setting, Thing, Unsaved, Write};
use crate::protocol::RequestKind;
use crate::text::safe;

impl App {
    /// The controlled, single-valued custom field the loupe's Alt+digit keys set: the
    /// first enabled one with colour labels, else the first one.
    pub fn status_field(&self) -> Option<&CustomMetaField> {
        let candidates = || {
            self.session.fields.iter().filter(|f| {
                f.free == Some(false)
                    && f.multi != Some(true)
                    && f.enabled != Some(false)
                    && !f.custom_meta_values_attributes.is_empty()
                    && f.name.is_some()
            })
        };
        candidates()
            .find(|f| {
                f.custom_meta_values_attributes
                    .iter()
                    .any(|v| v.color_label.is_some())
            })
            .or_else(|| candidates().next())
    }

    /// The status field's value on `asset`.
    pub fn status_of(&self, asset: &Asset) -> Option<String> {
        let field = self.status_field()?;
        asset
            .custom_meta_values
            .iter()
            .find(|v| v.custom_meta_field_id == Some(field.id))
            .and_then(|v| v.text.clone())
    }

    /// Alt+N: the status field's Nth value (Alt+0 clears it).
    pub(super) fn mark_status(&mut self, n: u8) {
        let Some(field) = self.status_field() else {
            self.flash(
                "No controlled custom field to set: the organisation has none with a vocabulary",
                true,
            );
            return;
        };
        let name = field.name.clone().unwrap_or_default();
        let value = match n {
            0 => None,
            n => match field.custom_meta_values_attributes.get(n as usize - 1) {
                Some(v) => v.text.clone(),
                None => {
                    let count = field.custom_meta_values_attributes.len();
                    self.flash(
                        format!("{} has {count} values: Alt+1 to Alt+{count}", safe(&name)),
                        true,
                    );
                    return;
                }
            },
        };
        self.judge(Setting::Field { name, value });
    }

    /// Apply `after` to the asset the keys act on, queue its write and move on.
    pub(super) fn judge(&mut self, after: Setting) {
        if self.session.read_only {
            self.flash("Read-only mode: judgements are not saved", true);
            return;
        }
        if self.input.suspect {
            // A burst of bytes (a paste, a terminal's late answer) is not a judgement.
            self.flash(
                "That key came faster than a person types: nothing was changed; press it again",
                true,
            );
            return;
        }
        if self.loupe_asset_or_say("judge").is_none() {
            return;
        }
        let index = self.loupe_focus();
        let Some(asset) = self.grid.results.get(index) else {
            return;
        };
        let before = match &after {
            Setting::Rating(_) => Setting::Rating(asset.rating.unwrap_or(0)),
            Setting::Field { name, .. } => Setting::Field {
                name: name.clone(),
                value: self.status_of(asset),
            },
            Setting::Pick { lightbox, .. } => Setting::Pick {
                lightbox: *lightbox,
                picked: self.picked(asset.id),
            },
            Setting::Trash { .. } => Setting::Trash {
                marked: self.modals.loupe.trash.contains(&asset.id),
            },
        };
        let id = asset.id;
        let loupe = &mut self.modals.loupe;
        let write = loupe.writes.judge(Judgement {
            asset: id,
            index,
            before,
            after: after.clone(),
        });
        let advance = loupe.auto_advance;
        self.show_setting(id, &after);
        self.send_judgements(write.into_iter().collect());
        if advance {
            self.loupe_advance();
        }
    }

    pub(super) fn loupe_undo(&mut self) {
        if self.session.read_only {
            return;
        }
        let Some((undone, write)) = self.modals.loupe.writes.undo() else {
            self.flash("Nothing to undo", false);
            return;
        };
        self.show_setting(undone.asset, &undone.before);
        self.send_judgements(write.into_iter().collect());
        // Back to that asset: where it was judged, unless the result changed since.
        let index = match self.grid.results.get(undone.index) {
            Some(a) if a.id == undone.asset => undone.index,
            _ => self
                .grid
                .results
                .loaded()
                .find(|(_, a)| a.id == undone.asset)
                .map_or(self.grid.cursor, |(i, _)| i),
        };
        self.loupe_go(index);
        if self.modals.loupe.compare.is_some() {
            self.modals.loupe.right_side = false;
            let next = self.loupe_step(index, 1);
            self.modals.loupe.compare = (next != index).then_some(next);
        }
    }

    /// The grid (and the loupe) show the judgement at once; the server's answer
    /// confirms it.
    fn show_setting(&mut self, id: i64, setting: &Setting) {
        if let Setting::Pick { lightbox, picked } = setting {
            if let Some(p) = &mut self.modals.loupe.picks
                && p.lightbox == *lightbox
            {
                match picked {
                    true => p.members.insert(id),
                    false => p.members.remove(&id),
                };
            }
            return;
        }
        if let Setting::Trash { marked } = setting {
            let loupe = &mut self.modals.loupe;
            loupe.trash.retain(|a| *a != id);
            if *marked {
                loupe.trash.push(id);
            }
            loupe.writes.trash_marks_changed();
            return;
        }
        let field_id = self.status_field().map(|f| f.id);
        let Some(a) = self.grid.results.find_mut(id) else {
            return;
        };
        match setting {
            Setting::Pick { .. } | Setting::Trash { .. } => {}
            Setting::Rating(r) => a.rating = Some(*r),
            Setting::Field { value, .. } => {
                let Some(field_id) = field_id else {
                    return;
                };
                a.custom_meta_values
                    .retain(|v| v.custom_meta_field_id != Some(field_id));
                if let Some(text) = value {
                    a.custom_meta_values.push(CustomMetaValue {
                        custom_meta_field_id: Some(field_id),
                        text: Some(text.clone()),
                        ..Default::default()
                    });
                }
            }
        }
    }

    pub(super) fn send_judgements(&mut self, writes: Vec<Write>) {
        for w in writes {
            let kind = match w.setting {
                Setting::Rating(rating) => RequestKind::SetRating {
                    id: w.asset,
                    rating,
                },
                Setting::Field { name, value } => RequestKind::SetField {
                    id: w.asset,
                    field: name,
                    value,
                },
                Setting::Pick { lightbox, picked } => RequestKind::SetPick {
                    id: w.asset,
                    lightbox,
                    picked,
                },
                // Marks are never queued as writes (`Judgements::judge`).
                Setting::Trash { .. } => continue,
            };
            self.issue(Slot::Judgement, kind);
        }
    }

    /// The answer to a judgement's write; the asset as the server now has it, when the
    /// write returns it.
    pub(super) fn on_judged(&mut self, id: i64, thing: Thing, result: ApiResult<Option<Asset>>) {
        let outcome = match &result {
            Ok(_) => Ok(()),
            Err(e) => {
                tracing::warn!("judgement for asset {id} not saved: {e}");
                Err(Failure {
                    message: e.to_string(),
                    passing: e.is_transient(),
                })
            }
        };
        let writes = &mut self.modals.loupe.writes;
        match writes.answered(id, thing, outcome) {
            Some(write) => self.send_judgements(vec![write]),
            None => {
                if let Ok(Some(a)) = result
                    && !self.modals.loupe.writes.sending(id)
                {
                    self.grid.replace(a);
                }
            }
        }
        let failed = self.modals.loupe.writes.failed_count();
        if failed > 0 {
            self.flash(
                format!("{failed} judgements not saved — R in the loupe sends them again"),
                true,
            );
        }
    }

    /// Judgements a previous mgtui did not save: kept (the loupe's `R` sends them, and
    /// this instance's journal holds them) and offered for sending now; nothing is
    /// sent before the user says so, and nothing in read-only mode.
    /// Assets marked for the trash stay marked: the loupe's close asks to trash them.
    pub fn offer_unsaved_judgements(&mut self, unsaved: Vec<Unsaved>) {
        if unsaved.is_empty() {
            return;
        }
        let loupe = &mut self.modals.loupe;
        for u in unsaved.iter().filter(|u| u.trash) {
            if !loupe.trash.contains(&u.asset) {
                loupe.trash.push(u.asset);
            }
        }
        let marked = loupe.trash.len();
        let n = unsaved.len() - unsaved.iter().filter(|u| u.trash).count();
        loupe
            .writes
            .hold(unsaved, "not saved when mgtui last stopped");
        let then = match self.session.read_only {
            true => "read-only mode: nothing is sent",
            false => "closing the loupe asks",
        };
        if n == 0 {
            loupe.writes.trash_marks_changed();
            self.flash(
                format!(
                    "{} still marked for the trash from the last session ({then})",
                    super::bulk::plural(marked)
                ),
                false,
            );
            return;
        }
        if self.session.read_only {
            let also = match marked {
                0 => String::new(),
                m => format!(", {} marked for the trash", super::bulk::plural(m)),
            };
            self.flash(
                format!(
                    "{n} judgements from the last session are kept unsent{also} (read-only mode)"
                ),
                true,
            );
            return;
        }
        let mut lines = vec![
            format!(
                "{n} judgements made in the loupe had not reached the server when mgtui last stopped."
            ),
            "Send them now? Later keeps them: R in the loupe sends them.".into(),
        ];
        if marked > 0 {
            lines.push(format!(
                "{} stay marked for the trash: the loupe asks before trashing them.",
                super::bulk::plural(marked)
            ));
        }
        let dialog = crate::panes::confirm::Confirm::new(
            "Unsaved judgements",
            lines,
            vec![
                crate::panes::confirm::Choice::new("Later", 'l'),
                crate::panes::confirm::Choice::new("Send", 's'),
            ],
            0,
            0,
        );
        self.ask(dialog, super::Purpose::SendUnsavedJudgements);
    }

    pub(super) fn send_held_judgements(&mut self) {
        let writes = self.modals.loupe.writes.retry();
        self.send_judgements(writes);
    }
}
