//! Who owns a lightbox and who else is in it, and giving it to one of them
//! (`POST /api/lightboxes/{id}/transfer_ownership`: the new owner must be a member).

use serde_json::{Value, json};

use super::client::ApiClient;
use super::de;
use super::error::ApiResult;
use super::models::{LightboxPeople, Person};
use super::routes;

impl ApiClient {
    /// The owner and members of the lightbox `id` (its tree id), from its details.
    pub async fn lightbox_people(&self, id: i64) -> ApiResult<LightboxPeople> {
        let id = id.to_string();
        let v: Value = self.call(routes::LIGHTBOX, &[&id], &[], None).await?.body;
        Ok(people_of(&v))
    }

    pub async fn transfer_lightbox(&self, id: i64, user_id: i64) -> ApiResult<()> {
        let id = id.to_string();
        let body = json!({ "user_id": user_id });
        self.send(
            routes::LIGHTBOX_TRANSFER_OWNERSHIP,
            &[&id],
            &[],
            Some(&body),
        )
        .await
        .map(|_| ())
    }
}

fn person(v: &Value) -> Option<Person> {
    // `user_id` first: a membership row may carry its own `id`.
    let id = de::value_to_i64(v.get("user_id").or_else(|| v.get("id"))?)?;
    Some(Person {
        id,
        name: de::value_to_person(v).unwrap_or_else(|| format!("user {id}")),
        role: v.get("role").and_then(Value::as_str).map(str::to_string),
    })
}

/// `user` is the owner; `users` everyone with a role (the owner among them).
pub(crate) fn people_of(v: &Value) -> LightboxPeople {
    let owner = v.get("user").and_then(person);
    let members = v
        .get("users")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(person)
        .filter(|p| p.role.as_deref() != Some("owner"))
        .filter(|p| owner.as_ref().is_none_or(|o| o.id != p.id))
        .collect();
    LightboxPeople { owner, members }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_apart_from_the_members() {
        let v = json!({
            "user": {"id": 1, "first_name": "Dana", "last_name": "Demo"},
            "users": [
                {"id": 1, "name": "Dana Demo", "role": "owner"},
                {"id": "2", "name": "Ines Ortega", "role": "editor"},
                {"id": 3, "email": "t@example.com", "role": "viewer"},
                {"name": "no id"},
            ],
        });
        let p = people_of(&v);
        assert_eq!(p.owner.as_ref().map(|o| o.id), Some(1));
        assert_eq!(p.owner.unwrap().name, "Dana Demo");
        let names: Vec<&str> = p.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Ines Ortega", "t@example.com"]);
        assert_eq!(p.members[0].role.as_deref(), Some("editor"));
        assert!(people_of(&json!({})).members.is_empty());
    }
}
