//! Approving a workflow step from the loupe (`A`): when the result is the assets of a
//! step's folder, collection or lightbox, a summary of what was judged offers to approve
//! the picks or everything not rejected, and the approval is sent once.

use super::{App, Purpose, Slot};
use crate::api::models::{StepApproval, WorkflowStep};
use crate::api::{ApiError, ApiResult};
use crate::panes::confirm::{Choice, Confirm};
use crate::panes::loupe::Judged;
use crate::protocol::RequestKind;
use crate::text::safe;

use super::bulk::plural;

impl App {
    /// `A` in the loupe.
    pub(super) fn start_approval(&mut self) {
        if self.session.read_only {
            self.flash("Read-only mode: no step is approved", true);
            return;
        }
        let Some(agid) = self.result_group() else {
            self.flash(
                "Approvals work on a workflow step's assets: open the step's folder, collection or lightbox",
                true,
            );
            return;
        };
        self.modals.loupe.approving = Some(agid);
        self.flash("Looking for the workflow step…", false);
        self.issue(Slot::Workflow, RequestKind::WorkflowSteps);
    }

    /// The asset group of the folder, collection or lightbox the result is in.
    fn result_group(&self) -> Option<i64> {
        let scope = &self.browse.query.scope;
        self.tree.attached().into_iter().find_map(|(i, it)| {
            let node = it.node.as_ref()?;
            (self.tree.scope_of(i) == *scope)
                .then_some(node.asset_group_id)
                .flatten()
        })
    }

    pub(super) fn on_workflow_steps(&mut self, result: ApiResult<Vec<WorkflowStep>>) {
        let Some(agid) = self.modals.loupe.approving.take() else {
            return;
        };
        let steps = match result {
            Ok(s) => s,
            Err(e) => return self.note_error("Could not read the workflow steps", &e),
        };
        let step = steps
            .into_iter()
            .filter(|s| s.asset_group_id == Some(agid))
            .filter(|s| s.aasm_state.as_deref().is_none_or(|st| st == "active"))
            .min_by_key(|s| s.position.unwrap_or(i64::MAX));
        // The loupe may have closed, or moved to another result, while the steps came.
        let same_result = self.modals.loupe.open && self.result_group() == Some(agid);
        match step {
            Some(step) if same_result => self.ask_to_approve(step),
            Some(_) => {}
            None => self.flash("No workflow step works on these assets", true),
        }
    }

    fn ask_to_approve(&mut self, step: WorkflowStep) {
        let name = safe(step.name.as_deref().unwrap_or("this step"));
        let loaded: Vec<(i64, Judged)> = self
            .grid
            .results
            .loaded()
            .map(|(_, a)| {
                let judged = Judged {
                    rating: a.rating,
                    picked: self.picked(a.id),
                    rejected: self.rejected(a),
                };
                (a.id, judged)
            })
            .collect();
        let picks: Vec<i64> = loaded
            .iter()
            .filter(|(_, j)| j.picked)
            .map(|a| a.0)
            .collect();
        let kept: Vec<i64> = loaded
            .iter()
            .filter(|(_, j)| !j.rejected)
            .map(|a| a.0)
            .collect();
        let rejects = loaded.len() - kept.len();
        let rated = loaded
            .iter()
            .filter(|(_, j)| j.rating.unwrap_or(0) > 0)
            .count();
        let total = self.grid.total().unwrap_or(loaded.len() as u64) as usize;
        let mut lines = vec![
            format!(
                "Step “{name}”{}: approving moves assets on to the next step.",
                step.position
                    .map(|p| format!(" (step {p})"))
                    .unwrap_or_default()
            ),
            format!(
                "Judged here: {rated} rated, {} picks, {rejects} rejects, of {}.",
                picks.len(),
                plural(total)
            ),
        ];
        if loaded.len() < total {
            lines.push(format!(
                "Only the {} loaded so far are counted and approved (End loads the rest).",
                loaded.len()
            ));
        }
        let mut choices = vec![Choice::new("Cancel", 'c')];
        let mut sets = Vec::new();
        if !picks.is_empty() {
            choices.push(Choice::new(
                &format!("Approve the {} picks", picks.len()),
                'p',
            ));
            sets.push(picks);
        }
        if !kept.is_empty() {
            choices.push(Choice::new(
                &format!("Approve all {} not rejected", kept.len()),
                'a',
            ));
            sets.push(kept);
        }
        if sets.is_empty() {
            self.flash("Nothing to approve: every asset here is rejected", true);
            return;
        }
        let mut dialog = Confirm::new("Approve the workflow step", lines, choices, 0, 0);
        dialog.warning = true;
        self.ask(
            dialog,
            Purpose::Approve {
                step: step.id,
                name,
                sets,
            },
        );
    }

    pub(super) fn approve_confirmed(
        &mut self,
        choice: usize,
        step: i64,
        name: String,
        sets: Vec<Vec<i64>>,
    ) {
        let Some(ids) = choice.checked_sub(1).and_then(|i| sets.into_iter().nth(i)) else {
            return;
        };
        self.flash(
            format!("Approving {} in “{name}”…", plural(ids.len())),
            false,
        );
        self.issue(Slot::Workflow, RequestKind::ApproveStep { step, name, ids });
    }

    pub(super) fn on_step_approved(
        &mut self,
        name: &str,
        asked: usize,
        result: ApiResult<Vec<StepApproval>>,
    ) {
        match result {
            Ok(approvals) => {
                let done = approvals
                    .iter()
                    .filter(|a| a.aasm_state.as_deref() == Some("approved"))
                    .count();
                let waiting = approvals.len() - done;
                let more = match waiting {
                    0 => String::new(),
                    n => format!("; {} wait for another approver", plural(n)),
                };
                self.flash(
                    format!(
                        "Approved {} of {} in “{name}”: approved ones move on to the next step{more}",
                        plural(done),
                        plural(asked)
                    ),
                    false,
                );
            }
            // The server may have applied it: say so rather than that it was not.
            Err(e) if e.is_transient() && !matches!(e, ApiError::RateLimited { .. }) => {
                tracing::warn!("approval of {asked} assets in {name}: answer lost: {e}");
                self.flash(
                    format!(
                        "Not sure “{name}” was approved: check it in the web app before approving again ({e})"
                    ),
                    true,
                );
            }
            Err(e) => self.note_error(&format!("“{name}” was not approved"), &e),
        }
    }
}
