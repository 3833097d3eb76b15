//! `keymap.toml`: per-layer tables of `"key" = "action"`. Only the keys listed change;
//! an unknown action, an unknown key name or a key given twice is reported with its line
//! and that entry is skipped (the default binding stays).
//!
//! ```toml
//! [global]
//! "ctrl-q" = "quit"
//! [grid]
//! "x" = "toggle_mark"
//! "t" = "none"        # unbind
//! ```

use std::collections::HashMap;
use std::path::Path;

use crossterm::event::{KeyCode, KeyModifiers};
use toml_edit::Document;

use super::{Problem, key_line, syntax_problem};
use crate::keymap::{Action, Key, Keymap, Layer};

/// Every action by its name in `keymap.toml`.
pub const ACTIONS: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("help", Action::Help),
    ("focus_next", Action::FocusNext),
    ("focus_prev", Action::FocusPrev),
    ("up", Action::Up),
    ("down", Action::Down),
    ("left", Action::Left),
    ("right", Action::Right),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("home", Action::Home),
    ("end", Action::End),
    ("open", Action::Open),
    ("back", Action::Back),
    ("search", Action::Search),
    ("refresh", Action::Refresh),
    ("toggle_mark", Action::ToggleMark),
    ("mark_range", Action::MarkRange),
    ("mark_all", Action::MarkAll),
    ("clear_marks", Action::ClearMarks),
    ("rate_0", Action::Rate(0)),
    ("rate_1", Action::Rate(1)),
    ("rate_2", Action::Rate(2)),
    ("rate_3", Action::Rate(3)),
    ("rate_4", Action::Rate(4)),
    ("rate_5", Action::Rate(5)),
    ("cycle_sort", Action::CycleSort),
    ("reverse_sort", Action::ReverseSort),
    ("tile_bigger", Action::TileBigger),
    ("tile_smaller", Action::TileSmaller),
    ("download", Action::Download),
    ("download_zip", Action::DownloadZip),
    ("toggle_transfers", Action::ToggleTransfers),
    ("cancel_transfer", Action::CancelTransfer),
    ("pause_transfer", Action::PauseTransfer),
    ("upload", Action::Upload),
    ("retry", Action::Retry),
    ("loupe", Action::OpenLoupe),
    ("restore_from_trash", Action::RestoreFromTrash),
    ("shares", Action::OpenShares),
    ("give_lightbox", Action::GiveLightbox),
    ("reject", Action::Reject),
    ("pick", Action::Pick),
    ("approve_step", Action::ApproveStep),
    ("toggle_info", Action::ToggleInfo),
    ("toggle_advance", Action::ToggleAdvance),
    ("undo", Action::Undo),
    ("cycle_filter", Action::CycleFilter),
    ("compare", Action::Compare),
    ("clear_status", Action::SetField(0)),
    ("status_1", Action::SetField(1)),
    ("status_2", Action::SetField(2)),
    ("status_3", Action::SetField(3)),
    ("status_4", Action::SetField(4)),
    ("status_5", Action::SetField(5)),
    ("status_6", Action::SetField(6)),
    ("status_7", Action::SetField(7)),
    ("status_8", Action::SetField(8)),
    ("status_9", Action::SetField(9)),
    ("toggle_view", Action::ToggleView),
    ("preview", Action::Preview),
    ("redraw", Action::Redraw),
    ("switch_profile", Action::SwitchProfile),
    ("command", Action::Command),
    ("edit", Action::Edit),
    ("save", Action::Save),
    ("next_field", Action::EditorNextField),
    ("prev_field", Action::EditorPrevField),
    ("next_asset", Action::NextAsset),
    ("prev_asset", Action::PrevAsset),
    ("bulk_edit", Action::BulkEdit),
    ("toggle_jobs", Action::ToggleJobs),
    ("toggle", Action::Toggle),
    ("clear_field", Action::ClearField),
    ("review", Action::Review),
    ("submit", Action::Submit),
    ("cancel_job", Action::CancelJob),
    ("undo_job", Action::UndoJob),
    ("next_page", Action::NextPage),
    ("prev_page", Action::PrevPage),
    ("open_in_grid", Action::OpenInGrid),
    ("toggle_facets", Action::ToggleFacets),
    ("clear_filters", Action::ClearFilters),
    ("sort_menu", Action::SortMenu),
    ("rename", Action::Rename),
    ("delete", Action::Delete),
    ("new_group", Action::NewGroup),
    ("move_group", Action::MoveGroup),
    ("copy_link", Action::CopyLink),
    ("share_links", Action::ShareLinks),
    ("comments", Action::OpenComments),
    ("notifications", Action::Notifications),
    ("versions", Action::OpenVersions),
    ("make_current", Action::MakeCurrent),
    ("new_comment", Action::NewComment),
    ("edit_comment", Action::EditComment),
    ("new_link", Action::NewLink),
    ("cycle_permission", Action::CyclePermission),
    ("cycle_expiry", Action::CycleExpiry),
    ("toggle_enabled", Action::ToggleEnabled),
    ("toggle_watermark", Action::ToggleWatermark),
    ("copy_id", Action::CopyId),
    // The names these had when they only acted on saved searches.
    ("rename_saved", Action::Rename),
    ("delete_saved", Action::Delete),
];

pub const LAYERS: &[(&str, Layer)] = &[
    ("global", Layer::Global),
    ("tree", Layer::Tree),
    ("grid", Layer::Grid),
    ("details", Layer::Details),
    ("editor", Layer::Editor),
    ("dialog", Layer::Dialog),
    ("jobs", Layer::Jobs),
    ("transfers", Layer::Transfers),
    ("facets", Layer::Facets),
    ("bulk_dialog", Layer::BulkDialog),
    ("bulk_summary", Layer::BulkSummary),
    ("picker", Layer::Picker),
    ("loupe", Layer::Loupe),
    ("share", Layer::Share),
    ("shares", Layer::Shares),
    ("comments", Layer::Comments),
    ("versions", Layer::Versions),
    // The name of the bulk confirmations' layer before all dialogs shared one.
    ("confirm", Layer::Dialog),
];

/// `q`, `Q`, `space`, `ctrl-c`, `C-c`, `alt-x`, `enter`, `esc`, `tab`, `shift-tab`,
/// `up`…, `pgup`, `pgdn`, `home`, `end`, `f1`…`f12`, `backspace`, `delete`.
pub(crate) fn parse_key(spec: &str) -> Result<Key, String> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = spec.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        let prefix = ["ctrl-", "c-", "alt-", "a-", "m-", "shift-", "s-"]
            .into_iter()
            .find(|p| lower.starts_with(p) && rest.len() > p.len());
        let Some(p) = prefix else { break };
        mods |= match p {
            "ctrl-" | "c-" => KeyModifiers::CONTROL,
            "alt-" | "a-" | "m-" => KeyModifiers::ALT,
            _ => KeyModifiers::SHIFT,
        };
        rest = &rest[p.len()..];
    }
    let lower = rest.to_ascii_lowercase();
    let code = match lower.as_str() {
        "space" => KeyCode::Char(' '),
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" if mods.contains(KeyModifiers::SHIFT) => {
            mods -= KeyModifiers::SHIFT;
            KeyCode::BackTab
        }
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" => KeyCode::Insert,
        f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
            match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(format!("unknown key `{spec}`")),
            }
        }
        _ => {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => {
                    // Shift is implied by the character itself; lookup ignores it.
                    mods -= KeyModifiers::SHIFT;
                    if mods.contains(KeyModifiers::CONTROL) {
                        KeyCode::Char(c.to_ascii_lowercase())
                    } else {
                        KeyCode::Char(c)
                    }
                }
                _ => return Err(format!("unknown key `{spec}`")),
            }
        }
    };
    Ok(Key { code, mods })
}

/// Apply `keymap.toml` to the defaults.
pub fn parse(path: &Path, text: &str, problems: &mut Vec<Problem>) -> Keymap {
    let mut km = Keymap::default();
    let doc = match Document::parse(text.to_string()) {
        Ok(d) => d,
        Err(e) => {
            problems.push(syntax_problem(path, text, &e));
            return km;
        }
    };
    let top = doc.as_table();
    for (layer_name, item) in top.iter() {
        let line = key_line(text, top, layer_name);
        let Some(layer) = LAYERS
            .iter()
            .find(|(n, _)| *n == layer_name)
            .map(|(_, l)| *l)
        else {
            problems.push(Problem::new(
                path,
                line,
                format!(
                    "unknown section `[{layer_name}]` (use global, tree, grid or details); ignored"
                ),
            ));
            continue;
        };
        let Some(table) = item.as_table() else {
            problems.push(Problem::new(
                path,
                line,
                format!("`{layer_name}` must be a [{layer_name}] table; ignored"),
            ));
            continue;
        };
        let mut seen: HashMap<Key, (String, usize)> = HashMap::new();
        for (key_spec, value) in table.iter() {
            let line = key_line(text, table, key_spec);
            let key = match parse_key(key_spec) {
                Ok(k) => k,
                Err(e) => {
                    problems.push(Problem::new(path, line, format!("{e}; ignored")));
                    continue;
                }
            };
            if let Some((first, first_line)) = seen.get(&key) {
                problems.push(Problem::new(
                    path,
                    line,
                    format!(
                        "`{key_spec}` is the same key as `{first}` on line {first_line} in [{layer_name}]; this one is ignored"
                    ),
                ));
                continue;
            }
            let Some(name) = value.as_str() else {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("the action for `{key_spec}` must be a string; ignored"),
                ));
                continue;
            };
            let action = if name == "none" {
                None
            } else {
                match ACTIONS.iter().find(|(n, _)| *n == name) {
                    Some((_, a)) => Some(*a),
                    None => {
                        problems.push(Problem::new(
                            path,
                            line,
                            format!("unknown action `{name}` for `{key_spec}`; the default stays"),
                        ));
                        continue;
                    }
                }
            };
            seen.insert(key, (key_spec.to_string(), line.unwrap_or(0)));
            km.bind(layer, key, action);
        }
    }
    km
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    #[test]
    fn key_names() {
        assert_eq!(parse_key("ctrl-c").unwrap(), parse_key("C-c").unwrap());
        assert_eq!(parse_key("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(parse_key("space").unwrap().code, KeyCode::Char(' '));
        assert_eq!(parse_key("F5").unwrap().code, KeyCode::F(5));
        assert_eq!(parse_key("G").unwrap().code, KeyCode::Char('G'));
        assert!(parse_key("hyper-x").is_err());
        assert!(parse_key("f13").is_err());
    }

    fn action_name(a: Action) -> &'static str {
        ACTIONS
            .iter()
            .find(|(_, x)| *x == a)
            .map_or("?", |(n, _)| n)
    }

    #[test]
    fn every_action_has_a_name() {
        for b in Keymap::default().bindings {
            assert_ne!(action_name(b.action), "?", "{:?}", b.action);
        }
    }

    #[test]
    fn overrides_only_listed_keys_and_reports_errors() {
        let text = "[grid]\nx = \"toggle_mark\"\n\"C-x\" = \"fly\"\nt = \"none\"\n\"ctrl-X\" = \"quit\"\n\"C-x\" = \"quit\"\n";
        let mut p = Vec::new();
        let km = parse(Path::new("keymap.toml"), text, &mut p);
        // a literal duplicate key is a TOML error: the whole file is ignored
        assert_eq!(km, Keymap::default());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(6), "{p:?}");

        let text = "[grid]\nx = \"toggle_mark\"\n\"C-x\" = \"fly\"\nt = \"none\"\n\"ctrl-y\" = \"quit\"\n\"C-y\" = \"help\"\n[nowhere]\n";
        let mut p = Vec::new();
        let km = parse(Path::new("keymap.toml"), text, &mut p);
        let msgs: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("keymap.toml:3: unknown action `fly`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("keymap.toml:6: `C-y` is the same key")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("keymap.toml:7: unknown section")),
            "{msgs:?}"
        );
        let ev = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(km.lookup(Layer::Grid, &ev('x')), Some(Action::ToggleMark));
        assert_eq!(km.lookup(Layer::Grid, &ev(' ')), Some(Action::ToggleMark));
        assert_eq!(km.lookup(Layer::Grid, &ev('t')), None);
        assert_eq!(km.lookup(Layer::Grid, &ev('s')), Some(Action::SortMenu));
        let cy = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL);
        assert_eq!(km.lookup(Layer::Grid, &cy), Some(Action::Quit));
        assert!(
            km.hints(Layer::Grid, false)
                .iter()
                .any(|(k, d)| k == "Space/x" && *d == "mark")
        );
        assert!(
            !km.hints(Layer::Grid, false)
                .iter()
                .any(|(_, d)| *d == "tiles / list")
        );
    }
}
