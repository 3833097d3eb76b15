//! One seeded review workflow: its first step's assets are those of the "Client picks"
//! lightbox, its second step's those of "Round 2". Approving assets in a step records
//! the approval and puts them in the next step's asset group.

use serde_json::{Value, json};

use crate::model::Db;
use mediagraph_api::timeutil::{rfc3339, year_start_ms};

#[derive(Clone, Debug)]
pub struct StepRec {
    pub id: i64,
    pub workflow_id: i64,
    pub name: String,
    pub position: i64,
    pub asset_group_id: i64,
}

#[derive(Clone, Debug)]
pub struct ApprovalRec {
    pub id: i64,
    pub step_id: i64,
    pub asset_id: i64,
    pub user_id: i64,
    pub at: i64,
}

#[derive(Clone, Debug, Default)]
pub struct Workflows {
    pub workflow: Option<(i64, String)>,
    pub steps: Vec<StepRec>,
    pub approvals: Vec<ApprovalRec>,
}

const CREATED: i64 = 200 * 24 * 3_600_000;

impl Workflows {
    pub fn seeded(db: &Db) -> Workflows {
        let agid = |name: &str| {
            db.groups
                .iter()
                .find(|g| g.name == name)
                .map(|g| g.asset_group_id)
        };
        let (Some(first), Some(second)) = (agid("Client picks"), agid("Round 2")) else {
            return Workflows::default();
        };
        Workflows {
            workflow: Some((9001, "Client review".into())),
            steps: vec![
                StepRec {
                    id: 9101,
                    workflow_id: 9001,
                    name: "Client selection".into(),
                    position: 1,
                    asset_group_id: first,
                },
                StepRec {
                    id: 9102,
                    workflow_id: 9001,
                    name: "Round 2".into(),
                    position: 2,
                    asset_group_id: second,
                },
            ],
            approvals: Vec::new(),
        }
    }

    /// The asset groups whose assets are in `step`: its own and, as `enable_descendants`
    /// says, those of every group below it.
    pub fn covered(db: &Db, step: &StepRec) -> Vec<i64> {
        let Some(top) = db.group_by_agid(step.asset_group_id) else {
            return Vec::new();
        };
        db.subtree(top.kind, top.id)
            .into_iter()
            .filter_map(|id| db.group(top.kind, id).map(|g| g.asset_group_id))
            .collect()
    }

    /// The step after `step` in its workflow.
    pub fn next_of(&self, step: &StepRec) -> Option<&StepRec> {
        self.steps
            .iter()
            .filter(|s| s.workflow_id == step.workflow_id && s.position > step.position)
            .min_by_key(|s| s.position)
    }

    pub fn step_json(&self, db: &Db, s: &StepRec) -> Value {
        let group = db.group_by_agid(s.asset_group_id);
        json!({
            "id": s.id,
            "name": s.name,
            "description": null,
            "aasm_state": "active",
            "position": s.position,
            "asset_group_id": s.asset_group_id,
            "auto_approval": false,
            "manual_approval_type": "any",
            "approval_user_id": null,
            "created_at": rfc3339(year_start_ms(2025) + CREATED),
            "approval_user": null,
            "workflow_id": s.workflow_id,
            "enable_descendants": true,
            "editable": true,
            "asset_group": group.map(|g| json!({
                "id": g.id,
                "name": g.name,
                "type": g.kind.type_name(),
                "asset_group_id": g.asset_group_id,
                "has_workflow_steps": true,
            })),
        })
    }

    pub fn workflow_json(&self, db: &Db) -> Vec<Value> {
        let Some((id, name)) = &self.workflow else {
            return Vec::new();
        };
        let steps: Vec<Value> = self
            .steps
            .iter()
            .filter(|s| s.workflow_id == *id)
            .map(|s| self.step_json(db, s))
            .collect();
        vec![json!({
            "id": id,
            "name": name,
            "description": null,
            "aasm_state": null,
            "created_at": rfc3339(year_start_ms(2025) + CREATED),
            "updated_at": rfc3339(year_start_ms(2025) + CREATED),
            "steps": steps,
            "editable": true,
        })]
    }
}

impl ApprovalRec {
    pub fn to_json(&self, agid: i64) -> Value {
        json!({
            "id": self.id,
            "aasm_state": "approved",
            "user_id": self.user_id,
            "asset_group_asset_id": null,
            "workflow_step_id": self.step_id,
            "created_at": rfc3339(self.at),
            "updated_at": rfc3339(self.at),
            "asset_group_id": agid,
            "asset_id": self.asset_id,
        })
    }
}
