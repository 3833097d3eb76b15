//! The loupe's `x`: what a reject is is chosen once per session, at the first `x` (or
//! with `:reject`): a rating of 1, a value of the status field, or the trash — marked
//! here and sent as one bulk job when the loupe closes, after asking.

use super::bulk::plural;
use super::{App, Purpose};
use crate::api::models::{Asset, BulkJobRequest};
use crate::panes::confirm::{Choice, Confirm};
use crate::panes::judgements::Setting;
use crate::panes::loupe::{REJECT, RejectAs};
use crate::text::safe;

/// Status values offered as rejects in the dialog (all of them stay open to `:reject`).
const VALUES_OFFERED: usize = 5;

impl App {
    /// Whether `a` is rejected, as rejects are counted now.
    pub fn rejected(&self, a: &Asset) -> bool {
        match &self.modals.loupe.reject_as {
            None | Some(RejectAs::Rating) => a.rating == Some(REJECT),
            Some(RejectAs::Field { value, .. }) => self.status_of(a).as_ref() == Some(value),
            Some(RejectAs::Trash) => self.modals.loupe.trash.contains(&a.id),
        }
    }

    /// `x` in the loupe.
    pub(super) fn reject(&mut self) {
        if self.session.read_only {
            self.flash("Read-only mode: judgements are not saved", true);
            return;
        }
        let Some(id) = self.loupe_asset_or_say("reject") else {
            return;
        };
        match self.modals.loupe.reject_as.clone() {
            None => {
                self.modals.loupe.reject_waiting = Some(id);
                self.ask_reject_as();
            }
            Some(RejectAs::Rating) => self.judge(Setting::Rating(REJECT)),
            Some(RejectAs::Field { name, value }) => self.judge(Setting::Field {
                name,
                value: Some(value),
            }),
            Some(RejectAs::Trash) => {
                // On a marked asset `x` takes the mark off (marks restored from a
                // crashed session too, which are not in the undo history).
                let marked = !self.modals.loupe.trash.contains(&id);
                self.judge(Setting::Trash { marked })
            }
        }
    }

    /// A rating of 1, the trash, or one of the status field's values.
    fn reject_options(&self) -> Vec<RejectAs> {
        let mut options = vec![RejectAs::Rating, RejectAs::Trash];
        if let Some(field) = self.status_field() {
            let name = field.name.clone().unwrap_or_default();
            options.extend(
                field
                    .custom_meta_values_attributes
                    .iter()
                    .filter_map(|v| v.text.clone())
                    .take(VALUES_OFFERED)
                    .map(|value| RejectAs::Field {
                        name: name.clone(),
                        value,
                    }),
            );
        }
        options
    }

    fn ask_reject_as(&mut self) {
        let options = self.reject_options();
        let mut choices = vec![Choice::new("Cancel", 'n')];
        let mut values = Vec::new();
        let mut digit = b'1';
        for o in &options {
            let (key, label) = match o {
                RejectAs::Rating => ('r', o.label()),
                RejectAs::Trash => ('t', "trash".to_string()),
                RejectAs::Field { name, value } => {
                    digit += 1;
                    values.push((name, value));
                    (char::from(digit - 1), value.clone())
                }
            };
            choices.push(Choice::new(&safe(&label), key));
        }
        let mut lines = vec![
            "What does x do in this loupe?".to_string(),
            "r: a rating of 1 · t: marked here, to the trash when the loupe closes (it asks)"
                .to_string(),
        ];
        if let Some((name, _)) = values.first() {
            let listed: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, (_, v))| format!("{}: {}", i + 1, safe(v)))
                .collect();
            lines.push(format!("or {} set to {}", safe(name), listed.join(" · ")));
        }
        lines.push(":reject rating | trash | VALUE changes it later.".to_string());
        let dialog = Confirm::new("Reject means", lines, choices, 1, 0);
        self.ask(dialog, Purpose::RejectAs(options));
    }

    pub(super) fn reject_as_confirmed(&mut self, choice: usize, options: Vec<RejectAs>) {
        let waiting = self.modals.loupe.reject_waiting.take();
        let Some(chosen) = choice.checked_sub(1).and_then(|i| options.get(i)).cloned() else {
            return;
        };
        self.choose_reject_as(chosen);
        if self.loupe_still_on(waiting) {
            self.reject();
        }
    }

    fn choose_reject_as(&mut self, chosen: RejectAs) {
        self.flash(format!("x now means {}", safe(&chosen.label())), false);
        self.modals.loupe.reject_as = Some(chosen);
    }

    /// `:reject rating|trash|VALUE`.
    pub(super) fn set_reject_as(&mut self, word: &str) {
        let wanted = word.trim().to_lowercase();
        let chosen = match wanted.as_str() {
            "rating" | "1" => Some(RejectAs::Rating),
            "trash" => Some(RejectAs::Trash),
            _ => self.status_field().and_then(|f| {
                let name = f.name.clone()?;
                let value = f
                    .custom_meta_values_attributes
                    .iter()
                    .filter_map(|v| v.text.clone())
                    .find(|t| t.to_lowercase() == wanted)?;
                Some(RejectAs::Field { name, value })
            }),
        };
        match chosen {
            Some(c) => self.choose_reject_as(c),
            None => {
                let values: Vec<String> = self
                    .reject_options()
                    .iter()
                    .filter_map(|o| match o {
                        RejectAs::Field { value, .. } => Some(safe(value)),
                        _ => None,
                    })
                    .collect();
                let more = match values.is_empty() {
                    true => String::new(),
                    false => format!(", or one of {}", values.join(", ")),
                };
                self.flash(
                    format!("“{}” is not a reject: say rating, trash{more}", safe(word)),
                    true,
                );
            }
        }
    }

    /// Closing the loupe with assets marked for the trash: ask first (Keep the default).
    /// Whether it asked (the loupe stays open until answered).
    pub(super) fn ask_to_trash_rejects(&mut self) -> bool {
        let marked = self.modals.loupe.trash.clone();
        if marked.is_empty() || self.session.read_only {
            return false;
        }
        let lines = vec![
            format!("{} marked as rejects in this loupe.", plural(marked.len())),
            "Move them to the trash now (one bulk job)? Keep leaves them marked.".into(),
            "They are marked wherever they are, in this result or another.".into(),
        ];
        let mut dialog = Confirm::new(
            "Trash the rejects",
            lines,
            vec![
                Choice::new("Keep them", 'k'),
                Choice::new(&format!("Trash {}", marked.len()), 't'),
            ],
            0,
            0,
        );
        dialog.warning = true;
        let n = marked.len();
        if n > super::bulk::TYPE_COUNT_ABOVE {
            dialog = dialog.with_typed(
                n.to_string(),
                format!("Type {n} to move {} to the trash:", plural(n)),
            );
        }
        self.ask(dialog, Purpose::TrashRejects(marked));
        true
    }

    pub(super) fn trash_rejects_confirmed(&mut self, choice: usize, ids: Vec<i64>) {
        if choice != 1 {
            self.loupe_closed();
            self.flash(
                format!("{} stay marked for the trash", plural(ids.len())),
                false,
            );
            return;
        }
        if self.bulk.submit.busy() {
            self.flash(
                "Another bulk job is being submitted: close the loupe again in a moment",
                true,
            );
            return;
        }
        self.loupe_closed();
        let loupe = &mut self.modals.loupe;
        loupe.trash.retain(|id| !ids.contains(id));
        loupe.writes.forget_trash_marks();
        loupe.writes.trash_marks_changed();
        self.send_job(Box::new(BulkJobRequest {
            asset_ids: ids,
            destroy_all: true,
            ..Default::default()
        }));
    }
}
