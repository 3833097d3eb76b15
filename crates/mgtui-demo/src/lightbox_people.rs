//! Who owns each lightbox and who else is a member of it. The demo user owns every
//! lightbox at the start; two colleagues are members of some, so a lightbox can be
//! given away (`POST /api/lightboxes/{id}/transfer_ownership`).

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::model::{Db, UserInfo};

/// The colleagues of the demo user: members of some lightboxes.
pub fn colleagues() -> Vec<UserInfo> {
    vec![
        UserInfo {
            id: 502,
            first_name: "Ines".into(),
            last_name: "Ortega".into(),
            email: "ines.ortega@example.com".into(),
            username: "iortega".into(),
            created_at: 1_700_000_000_000,
            membership_id: 602,
        },
        UserInfo {
            id: 503,
            first_name: "Tomás".into(),
            last_name: "Berg".into(),
            email: "tomas.berg@example.com".into(),
            username: "tberg".into(),
            created_at: 1_700_000_000_000,
            membership_id: 603,
        },
    ]
}

/// The lightboxes (by node id) the colleagues are members of at the start.
const SHARED_LIGHTBOXES: [i64; 2] = [5004, 5006];

#[derive(Clone, Debug, Default)]
pub struct People {
    /// Owner of each lightbox given away (absent: the demo user).
    pub owners: HashMap<i64, i64>,
    /// Members other than the owner, with their role, by lightbox node id.
    pub members: HashMap<i64, Vec<(i64, String)>>,
    pub colleagues: Vec<UserInfo>,
}

impl People {
    pub fn seeded() -> People {
        let colleagues = colleagues();
        let members = SHARED_LIGHTBOXES
            .iter()
            .map(|lb| {
                (
                    *lb,
                    vec![
                        (colleagues[0].id, "editor".to_string()),
                        (colleagues[1].id, "viewer".to_string()),
                    ],
                )
            })
            .collect();
        People {
            owners: HashMap::new(),
            members,
            colleagues,
        }
    }

    pub fn owner(&self, db: &Db, lightbox: i64) -> i64 {
        self.owners.get(&lightbox).copied().unwrap_or(db.user.id)
    }

    fn person<'a>(&'a self, db: &'a Db, id: i64) -> Option<&'a UserInfo> {
        std::iter::once(&db.user)
            .chain(&self.colleagues)
            .find(|u| u.id == id)
    }

    /// `user` (the owner) and `users` (everyone, with a role) of a lightbox payload.
    pub fn fill(&self, db: &Db, lightbox: i64, payload: &mut Value) {
        let owner = self.owner(db, lightbox);
        let mut users = Vec::new();
        if let Some(u) = self.person(db, owner) {
            payload["user"] = person_json(u, None);
            users.push(person_json(u, Some("owner")));
        }
        for (id, role) in self.members.get(&lightbox).into_iter().flatten() {
            if let Some(u) = self.person(db, *id) {
                users.push(person_json(u, Some(role)));
            }
        }
        payload["users"] = Value::Array(users);
    }

    /// Make `to` (a member) the owner; the old owner stays on as an editor.
    pub fn transfer(&mut self, db: &Db, lightbox: i64, to: i64) -> Result<(), &'static str> {
        let owner = self.owner(db, lightbox);
        if owner != db.user.id {
            return Err("only the owner can transfer a lightbox");
        }
        let members = self.members.entry(lightbox).or_default();
        let Some(i) = members.iter().position(|(id, _)| *id == to) else {
            return Err("the new owner must already be a member of the lightbox");
        };
        members.remove(i);
        members.push((owner, "editor".to_string()));
        self.owners.insert(lightbox, to);
        Ok(())
    }
}

fn person_json(u: &UserInfo, role: Option<&str>) -> Value {
    let mut v = crate::payload::person(u);
    if let Some(r) = role {
        v["role"] = json!(r);
    }
    v
}
