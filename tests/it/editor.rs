//! The metadata editor, end to end: the real app state machine driven with keys against
//! the embedded server over loopback; what the server received is read from its log.

use crate::common;

use std::time::Duration;

use crossterm::event::{Event, KeyCode};
use mgtui::api::models::{Asset, AssetUpdate};
use mgtui::app::effect::Effect;
use mgtui::app::state::Focus;
use mgtui::demo::FaultSettings;
use mgtui::editor::field::Widget;
use mgtui::editor::{DraftStore, FieldId, Form, SaveState, Value};
use serde_json::Value as Json;

use crate::common::ui::Harness;

fn form(h: &Harness) -> &Form {
    h.app
        .edit
        .editor
        .as_ref()
        .and_then(|e| e.form.as_ref())
        .expect("an open, loaded editor")
}

fn value(h: &Harness, id: FieldId) -> Value {
    form(h).field(id).expect("field").value()
}

fn custom_id(h: &Harness, name: &str) -> FieldId {
    FieldId::Custom(
        h.app
            .session
            .fields
            .iter()
            .find(|f| f.name.as_deref() == Some(name))
            .expect("custom field")
            .id,
    )
}

/// Tab until `id` has the focus.
fn focus(h: &mut Harness, id: FieldId) {
    for _ in 0..80 {
        if form(h).focused().map(|f| f.id) == Some(id) {
            return;
        }
        h.press(KeyCode::Tab);
    }
    panic!("{id:?} never got the focus");
}

async fn open_editor(h: &mut Harness) {
    h.press(KeyCode::Char('e'));
    h.settle().await;
    assert_eq!(h.app.focus, Focus::Details);
    let _ = form(h);
}

/// Put the grid cursor on the first asset whose full record satisfies `pred`.
async fn select_asset(h: &mut Harness, pred: impl Fn(&Asset) -> bool) -> Asset {
    for i in 0..h.app.grid.loaded_assets().len() {
        let id = h.app.grid.loaded_assets()[i].id;
        let full = h.client.asset(&id.to_string()).await.expect("asset");
        if pred(&full) {
            h.app.grid.cursor = i;
            h.app.screen.dirty = true;
            return full;
        }
    }
    panic!("no asset matches");
}

fn put_bodies(h: &Harness, id: i64) -> Vec<Json> {
    h.server
        .request_log()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path == format!("/api/assets/{id}"))
        .map(|r| serde_json::from_str(&r.body).expect("json body"))
        .collect()
}

fn paste(h: &mut Harness, text: &str) {
    h.app.on_event(Event::Paste(text.to_string()));
}

#[tokio::test]
async fn edit_every_kind_of_field_save_and_reload() {
    let mut h = Harness::new(160, 50).await;
    let before = select_asset(&mut h, |a| !a.tags.is_empty() && a.rating != Some(4)).await;
    open_editor(&mut h).await;
    h.server.clear_request_log();

    // Title (single line, emacs C-u clears it).
    focus(&mut h, FieldId::Title);
    h.ctrl('u');
    h.type_str("Harbour at dawn");
    // Description: multi-line with a bracketed paste.
    focus(&mut h, FieldId::Description);
    h.press(KeyCode::Enter);
    paste(&mut h, "Boats leave\r\nthe harbour.");
    let description = format!(
        "{}\nBoats leave\nthe harbour.",
        before.description.clone().unwrap_or_default()
    );
    // Keywords: two added (one through a suggestion), one removed.
    focus(&mut h, FieldId::Tags);
    let existing = before.tag_names();
    let suggestion_source = h.client.tags(None, 1, 100).await.unwrap();
    let other = suggestion_source
        .items
        .iter()
        .filter_map(|t| t.name.clone())
        .find(|n| !existing.iter().any(|e| e.eq_ignore_ascii_case(n)))
        .expect("an organisation tag not on the asset");
    h.type_str(&other[..other.len().min(4)]);
    h.settle().await; // suggestions arrive
    {
        let Widget::Tags(t) = &form(&h).focused().unwrap().widget else {
            panic!("tags widget");
        };
        assert!(
            t.suggestions.iter().any(|s| s == &other),
            "{other} suggested: {:?}",
            t.suggestions
        );
        let pos = t.suggestions.iter().position(|s| s == &other).unwrap();
        for _ in 0..=pos {
            h.press(KeyCode::Down);
        }
    }
    h.press(KeyCode::Enter);
    h.type_str("dawn patrol,");
    let removed = existing[0].clone();
    for _ in 0..10 {
        h.press(KeyCode::Left);
    }
    h.press(KeyCode::Delete);
    // Custom fields of every type.
    let project = custom_id(&h, "Project Code");
    focus(&mut h, project);
    h.ctrl('u');
    h.type_str("PRJ-042");
    let budget = custom_id(&h, "Budget");
    focus(&mut h, budget);
    h.ctrl('u');
    h.type_str("1250");
    let shoot = custom_id(&h, "Shoot Date");
    focus(&mut h, shoot);
    h.ctrl('u');
    h.type_str("2024-05-01");
    let category = custom_id(&h, "Category");
    focus(&mut h, category);
    let cat_before = value(&h, category);
    h.press(KeyCode::Right);
    let cat_after = value(&h, category);
    assert_ne!(cat_before, cat_after);
    let audience = custom_id(&h, "Audience");
    focus(&mut h, audience);
    let Value::List(aud_before) = value(&h, audience) else {
        panic!("list");
    };
    h.press(KeyCode::Char(' '));
    h.press(KeyCode::Right);
    h.press(KeyCode::Char(' '));
    let Value::List(aud_after) = value(&h, audience) else {
        panic!("list");
    };
    assert_ne!(aud_before, aud_after);
    // Rating.
    focus(&mut h, FieldId::Rating);
    h.press(KeyCode::Char('4'));

    assert!(h.screen().contains("Edit *"), "dirty mark in the title");
    assert_eq!(form(&h).dirty_count(), 9);
    assert_eq!(h.app.drafts().len(), 1, "a draft is kept while typing");

    h.ctrl('s');
    assert!(matches!(
        h.app.edit.editor.as_ref().unwrap().save,
        SaveState::Saving
    ));
    assert!(h.screen().contains("saving"));
    h.settle().await;
    assert!(!form(&h).is_dirty(), "clean after the save");
    assert!(h.app.drafts().is_empty(), "draft removed on save");
    assert!(h.screen().contains("Saved"));

    // Only the changed fields went out, tags as add/remove lists.
    let bodies = put_bodies(&h, before.id);
    assert_eq!(bodies.len(), 1);
    let sent = bodies[0]["asset"].as_object().unwrap();
    let mut keys: Vec<&str> = sent.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "add_tag_names",
            "custom_meta",
            "description",
            "rating",
            "remove_tag_names",
            "title"
        ]
    );
    assert_eq!(
        sent["add_tag_names"],
        serde_json::json!([other, "dawn patrol"])
    );
    assert_eq!(sent["remove_tag_names"], serde_json::json!([removed]));
    assert_eq!(sent["custom_meta"].as_object().unwrap().len(), 5);

    // Reload from the server: every value is there.
    let after = h.client.asset(&before.id.to_string()).await.unwrap();
    assert_eq!(after.title.as_deref(), Some("Harbour at dawn"));
    assert_eq!(after.description.as_deref(), Some(description.as_str()));
    assert_eq!(after.rating, Some(4));
    let tags = after.tag_names();
    assert!(tags.contains(&other) && tags.contains(&"dawn patrol".to_string()));
    assert!(!tags.contains(&removed));
    let reloaded = Form::new(&after, &h.app.session.fields, &[], false);
    for id in [project, budget, shoot, category, audience] {
        assert_eq!(
            reloaded.field(id).unwrap().value(),
            form(&h).field(id).unwrap().value(),
            "{id:?} round-trips"
        );
    }
    assert_eq!(
        reloaded.field(project).unwrap().value(),
        Value::Text("PRJ-042".into())
    );
    assert_eq!(
        reloaded.field(shoot).unwrap().value(),
        Value::Text("2024-05-01".into())
    );
    // The grid tile shows the new title too.
    assert_eq!(
        h.app.grid.selected().unwrap().title.as_deref(),
        Some("Harbour at dawn")
    );
}

#[tokio::test]
async fn failed_saves_keep_every_edit_and_a_later_save_succeeds() {
    let mut h = Harness::new(160, 45).await;
    let asset = h.app.grid.selected().unwrap().clone();
    open_editor(&mut h).await;
    focus(&mut h, FieldId::Title);
    h.ctrl('u');
    h.type_str("Kept through failures");
    focus(&mut h, FieldId::City);
    h.ctrl('u');
    h.type_str("Porto");
    let edits = form(&h).to_draft().unwrap().fields;

    // 1. A 500 on every attempt (the save's conflict check is a read, and reads are
    // tried again through a 500).
    h.server.set_faults(FaultSettings {
        fail_next: vec![500; common::test_retry().max_attempts as usize],
        ..Default::default()
    });
    h.ctrl('s');
    h.settle().await;
    assert_eq!(form(&h).to_draft().unwrap().fields, edits);
    assert!(matches!(
        h.app.edit.editor.as_ref().unwrap().save,
        SaveState::Failed(_)
    ));
    let screen = h.screen();
    assert!(screen.contains("Not saved"), "{screen}");
    assert!(screen.contains("not saved — C-s retry"), "{screen}");

    // 2. A network failure: the server stalls, the client gives up.
    h.server.set_faults(FaultSettings {
        stall: true,
        ..Default::default()
    });
    let patient = h.client.clone();
    h.client = common::client_for(&h.server, Duration::from_millis(300));
    h.ctrl('s');
    h.settle().await;
    assert_eq!(form(&h).to_draft().unwrap().fields, edits);
    assert!(h.screen().contains("Not saved"));
    assert_eq!(h.app.drafts().len(), 1, "the draft survives failed saves");

    // 3. The network is back: the same edits save.
    h.server.set_faults(FaultSettings::default());
    h.client = patient;
    h.ctrl('s');
    h.settle().await;
    assert!(!form(&h).is_dirty());
    let after = h.client.asset(&asset.id.to_string()).await.unwrap();
    assert_eq!(after.title.as_deref(), Some("Kept through failures"));
    assert_eq!(after.city.as_deref(), Some("Porto"));
}

#[tokio::test]
async fn a_422_shows_the_message_beside_the_field() {
    let mut h = Harness::new(160, 45).await;
    open_editor(&mut h).await;
    focus(&mut h, FieldId::CountryCode);
    h.ctrl('u');
    h.type_str("Portugal");
    focus(&mut h, FieldId::Title);
    h.type_str(" (edited)");
    h.ctrl('s');
    h.settle().await;
    let f = form(&h);
    assert!(f.is_dirty(), "edits kept");
    let cc = f.field(FieldId::CountryCode).unwrap();
    assert_eq!(cc.errors, vec!["is not a 2- or 3-letter ISO country code"]);
    assert_eq!(
        f.focused().unwrap().id,
        FieldId::CountryCode,
        "focus moves there"
    );
    let screen = h.screen();
    let row = screen
        .lines()
        .position(|l| l.contains("Country code"))
        .expect("field row");
    let next = screen.lines().nth(row + 1).unwrap();
    assert!(next.contains("✗ is not a 2- or 3-letter ISO"), "{screen}");
    // Fixing it lets the save through.
    h.ctrl('u');
    h.type_str("PT");
    h.ctrl('s');
    h.settle().await;
    assert!(!form(&h).is_dirty());
    assert!(
        form(&h)
            .field(FieldId::CountryCode)
            .unwrap()
            .errors
            .is_empty()
    );
}

#[tokio::test]
async fn a_date_is_checked_while_typing_and_blocks_the_save() {
    let mut h = Harness::new(160, 45).await;
    open_editor(&mut h).await;
    focus(&mut h, FieldId::CapturedAt);
    assert!(
        h.screen()
            .contains("Accepts YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS]"),
        "the focused date field says what it accepts: {}",
        h.screen()
    );
    h.ctrl('u');
    h.type_str("2024-13-01");
    assert!(h.screen().contains("✗ use YYYY-MM-DD"));
    h.server.clear_request_log();
    h.ctrl('s');
    h.settle().await;
    assert_eq!(h.server.request_count("PUT", "/api/assets"), 0);
    assert!(h.screen().contains("fix first"));
    // Esc on the field reverts it.
    h.press(KeyCode::Esc);
    assert!(!form(&h).is_dirty());
}

#[tokio::test]
async fn a_conflicting_change_on_the_server_is_detected() {
    let mut h = Harness::new(160, 45).await;
    let asset = h.app.grid.selected().unwrap().clone();
    open_editor(&mut h).await;
    focus(&mut h, FieldId::Title);
    h.ctrl('u');
    h.type_str("My title");
    // Someone else changes the asset meanwhile.
    h.client
        .update_asset(
            &asset.id.to_string(),
            &AssetUpdate {
                headline: Some("Their headline".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    h.server.clear_request_log();
    h.ctrl('s');
    h.settle().await;
    assert!(put_bodies(&h, asset.id).is_empty(), "nothing overwritten");
    let screen = h.screen();
    assert!(screen.contains("Changed on the server"), "{screen}");
    assert!(screen.contains("Overwrite") && screen.contains("Reload"));
    // Compare shows both sides.
    h.press(KeyCode::Char('c'));
    let screen = h.screen();
    assert!(screen.contains("server: Their headline"), "{screen}");
    assert!(screen.contains("yours:  My title"), "{screen}");
    h.press(KeyCode::Esc);
    // Saving again asks again; overwrite keeps their headline and sends our title.
    h.ctrl('s');
    h.settle().await;
    assert!(h.app.modals.confirm.is_some());
    h.press(KeyCode::Char('o'));
    h.settle().await;
    assert!(!form(&h).is_dirty());
    let bodies = put_bodies(&h, asset.id);
    assert_eq!(
        bodies.last().unwrap()["asset"],
        serde_json::json!({"title": "My title"})
    );
    let after = h.client.asset(&asset.id.to_string()).await.unwrap();
    assert_eq!(after.title.as_deref(), Some("My title"));
    assert_eq!(after.headline.as_deref(), Some("Their headline"));
    assert_eq!(
        value(&h, FieldId::Headline),
        Value::Text("Their headline".into())
    );
}

#[tokio::test]
async fn quitting_with_unsaved_edits_asks_and_cancel_stays() {
    let mut h = Harness::new(160, 45).await;
    open_editor(&mut h).await;
    h.type_str(" draft");
    h.ctrl('c');
    assert!(!h.app.screen.should_quit);
    let screen = h.screen();
    assert!(screen.contains("Unsaved changes"), "{screen}");
    assert!(screen.contains("[ Save ]") && screen.contains("[ Discard ]"));
    // Enter picks the default, Cancel.
    h.press(KeyCode::Enter);
    assert!(!h.app.screen.should_quit);
    assert_eq!(h.app.focus, Focus::Details);
    assert!(form(&h).is_dirty());
    // Typing still goes to the field.
    h.type_str("q");
    assert!(!h.app.screen.should_quit);
    // Discard quits and drops the draft.
    h.ctrl('c');
    h.press(KeyCode::Char('d'));
    assert!(h.app.screen.should_quit);
    assert!(h.app.drafts().is_empty());
    let effects = h.app.take_effects();
    assert!(matches!(effects.as_slice(), [Effect::WriteDrafts(d)] if d.is_empty()));
}

#[tokio::test]
async fn moving_to_another_asset_asks_and_cancel_stays() {
    let mut h = Harness::new(160, 45).await;
    let first = h.app.grid.selected().unwrap().clone();
    open_editor(&mut h).await;
    h.type_str(" (checked)");
    // C-n: next asset. Esc = Cancel.
    h.ctrl('n');
    assert!(h.app.modals.confirm.is_some());
    h.press(KeyCode::Esc);
    assert_eq!(h.app.grid.cursor, 0);
    assert_eq!(h.app.edit.editor.as_ref().unwrap().asset_id, first.id);
    assert!(form(&h).is_dirty());
    // Leaving with Esc (on a clean field) asks too; Cancel keeps the editor.
    h.press(KeyCode::Tab);
    h.press(KeyCode::Esc);
    assert!(h.app.modals.confirm.is_some());
    h.press(KeyCode::Char('c'));
    assert_eq!(h.app.focus, Focus::Details);
    // Save, then move: the edit is saved and the next asset opens.
    h.ctrl('n');
    h.press(KeyCode::Char('s'));
    h.settle().await;
    assert_eq!(h.app.grid.cursor, 1);
    let second = h.app.grid.selected().unwrap().id;
    assert_eq!(h.app.edit.editor.as_ref().unwrap().asset_id, second);
    let saved = h.client.asset(&first.id.to_string()).await.unwrap();
    assert!(saved.label().ends_with(" (checked)"), "{}", saved.label());
    // A clean form leaves without asking.
    h.press(KeyCode::Esc);
    assert!(h.app.edit.editor.is_none() && h.app.modals.confirm.is_none());
    assert_eq!(h.app.focus, Focus::Grid);
}

#[tokio::test]
async fn drafts_are_written_while_typing_and_restored_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let store = DraftStore::new(dir.path().join("drafts.json"));
    let mut h = Harness::new(160, 45).await;
    open_editor(&mut h).await;
    focus(&mut h, FieldId::Description);
    paste(&mut h, "\nsecond line ✓");
    focus(&mut h, FieldId::Tags);
    h.type_str("fresh,");
    focus(&mut h, FieldId::Rating);
    h.press(KeyCode::Char('5'));
    let mut written = None;
    for e in h.app.take_effects() {
        // Other effects may exist; only the drafts write matters here.
        #[allow(unreachable_patterns, clippy::single_match)]
        match e {
            Effect::WriteDrafts(d) => written = Some(d),
            _ => {}
        }
    }
    let written = written.expect("drafts written as the user types");
    store.write(&written).unwrap();
    let expected = form(&h).to_draft().unwrap();

    // A new session on the same server: the drafts are offered and restored.
    let mut h2 = Harness {
        app: mgtui::app::App::new(Some(h.server.organization_id())),
        server: h.server,
        client: h.client.clone(),
        term: ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 45)).unwrap(),
        live: None,
    };
    h2.settle().await;
    h2.app.offer_drafts(store.load().unwrap());
    let screen = h2.screen();
    assert!(screen.contains("Restore drafts?"), "{screen}");
    h2.press(KeyCode::Enter);
    h2.settle().await;
    let restored = form(&h2).to_draft().unwrap();
    assert_eq!(restored.fields, expected.fields);
    assert_eq!(restored.base_updated_at, expected.base_updated_at);
    assert_eq!(form(&h2).focused().unwrap().id, FieldId::Rating);
    assert!(h2.screen().contains("Restored 3 unsaved fields"));
}

#[tokio::test]
async fn snapshot_of_the_full_form_with_custom_fields() {
    let mut h = Harness::new(140, 72).await;
    select_asset(&mut h, |a| a.custom_meta_values.len() >= 2).await;
    h.settle().await;
    open_editor(&mut h).await;
    let screen = h.screen();
    for s in [
        "── Description",
        "── Keywords",
        "── Rights",
        "── Custom fields",
        "Audience",
    ] {
        assert!(screen.contains(s), "{s} in\n{screen}");
    }
    insta::assert_snapshot!("editor_full_form", screen);
}

/// The first asset, given `update` on the server, open in the editor.
async fn editing_a_server_value(update: AssetUpdate) -> (Harness, i64) {
    let mut h = Harness::new(160, 50).await;
    let id = h.app.grid.loaded_assets()[0].id;
    h.client
        .update_asset(&id.to_string(), &update)
        .await
        .unwrap();
    h.app.grid.cursor = 0;
    open_editor(&mut h).await;
    (h, id)
}

/// Server text with control characters is shown sanitised, but an edit writes back only
/// what the user changed: an untouched field is not sent, and an edited one keeps its
/// control characters outside the edit (no U+FFFD written in their place).
#[tokio::test]
async fn control_characters_from_the_server_survive_an_edit() {
    let raw = "Head\u{1b}]0;pwn\u{7} line";
    let (mut h, id) = editing_a_server_value(AssetUpdate {
        headline: Some(raw.into()),
        ..Default::default()
    })
    .await;
    assert_eq!(
        value(&h, FieldId::Headline),
        Value::Text("Head\u{fffd}]0;pwn\u{fffd} line".into()),
        "shown sanitised"
    );
    h.server.clear_request_log();
    // Only the title changes: the headline is not sent at all.
    focus(&mut h, FieldId::Title);
    h.type_str(" (edited)");
    h.ctrl('s');
    h.settle().await;
    let bodies = put_bodies(&h, id);
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert!(
        bodies[0]["asset"].get("headline").is_none(),
        "{}",
        bodies[0]
    );
    // The headline itself: a word appended, the controls before it kept.
    focus(&mut h, FieldId::Headline);
    h.press(KeyCode::End);
    h.type_str(" more");
    h.ctrl('s');
    h.settle().await;
    let stored = h.client.asset(&id.to_string()).await.unwrap();
    assert_eq!(
        stored.headline.as_deref(),
        Some(format!("{raw} more").as_str())
    );
}

/// The same for the multi-line description: CRLF, a bidi override and controls on
/// lines the user did not touch are written back as they were.
#[tokio::test]
async fn control_characters_survive_an_edit_of_a_multiline_field() {
    let raw = "\u{1b}[31mFirst\r\n\u{202e}second\u{7}\nthird";
    let (mut h, id) = editing_a_server_value(AssetUpdate {
        description: Some(raw.into()),
        ..Default::default()
    })
    .await;
    assert_eq!(
        value(&h, FieldId::Description),
        Value::Text("\u{fffd}[31mFirst\nsecond\u{fffd}\nthird".into()),
        "shown sanitised"
    );
    let screen = h.screen();
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{202e}'));
    focus(&mut h, FieldId::Description);
    h.type_str(" line");
    h.ctrl('s');
    h.settle().await;
    let stored = h.client.asset(&id.to_string()).await.unwrap();
    assert_eq!(
        stored.description.as_deref(),
        Some(format!("{raw} line").as_str())
    );
}

/// Restoring a draft whose asset is not on the loaded page selects that asset (shown
/// on its own), so the grid, the details and Ctrl-N/Ctrl-P start from it.
#[tokio::test]
async fn a_restored_draft_selects_its_asset() {
    let mut h = Harness::new(160, 45).await;
    let far = h
        .client
        .search(&h.app.browse.query, 5, 50)
        .await
        .unwrap()
        .assets
        .first()
        .cloned()
        .expect("an asset on page 5");
    assert!(
        !h.app
            .grid
            .loaded_assets()
            .into_iter()
            .any(|a| a.id == far.id)
    );
    let draft = mgtui::editor::Draft {
        asset_id: far.id,
        label: far.label(),
        base_updated_at: far.updated_at.clone(),
        saved_at: 1,
        fields: [(
            "title".to_string(),
            mgtui::editor::drafts::FieldDraft {
                original: Value::Text(far.title.clone().unwrap_or_default()),
                value: Value::Text("Restored title".into()),
            },
        )]
        .into_iter()
        .collect(),
        focus: Some("title".into()),
        owner: None,
    };
    h.app.offer_drafts(vec![draft]);
    h.press(KeyCode::Enter);
    h.settle().await;
    assert_eq!(
        h.app.grid.selected().map(|a| a.id),
        Some(far.id),
        "the grid is on the draft's asset"
    );
    assert_eq!(
        value(&h, FieldId::Title),
        Value::Text("Restored title".into())
    );
}
