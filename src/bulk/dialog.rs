//! The bulk-edit form: which operations, on which assets; the request it builds and the
//! summary it shows before submitting. Pure data, no drawing and no I/O.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tui_input::Input;

use crate::api::models::{
    BulkJobRequest, CaiPreview, CmfOverwriteMode, CustomMetaField, DescriptionMode, GroupKind,
    RightsPackage, TagMode,
};
use crate::text::{stars, thousands};

/// The name of custom meta field `id`, when known.
fn field_name(fields: &[CustomMetaField], id: i64) -> Option<String> {
    fields
        .iter()
        .find(|f| f.id == id)
        .and_then(|f| f.name.clone())
}

pub use crate::api::models::RIGHTS_STATUSES;

/// Which assets the job covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Marked,
    AllResults,
}

/// One row of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Scope,
    Tags,
    Description,
    Rating,
    RightsPackage,
    RightsStatus,
    AddGroup,
    RemoveGroup,
    /// A (non-AI) custom meta field by id.
    Meta(i64),
    AiFields,
    AltText,
    Trash,
    Restore,
}

/// A collection, lightbox or storage folder picked from the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPick {
    pub kind: GroupKind,
    pub asset_group_id: i64,
    pub label: String,
}

impl GroupPick {
    fn kind_label(&self) -> &'static str {
        match self.kind {
            GroupKind::Collection => "collection",
            GroupKind::Lightbox => "lightbox",
            GroupKind::StorageFolder => "storage folder",
        }
    }
}

/// One entry of the group picker.
#[derive(Debug, Clone)]
pub struct PickEntry {
    pub tree_idx: usize,
    pub depth: u16,
    pub label: String,
    pub pick: Option<GroupPick>,
    /// Has children that are not loaded yet (→ loads them).
    pub can_load: bool,
}

/// The AI impact preview for the chosen fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Preview {
    None,
    Loading,
    Ready {
        total: i64,
        with_values: i64,
        without_values: i64,
        /// (field name, with, without)
        per_field: Vec<(String, i64, i64)>,
    },
    Failed(String),
}

impl Preview {
    pub(crate) fn from_api(p: &CaiPreview) -> Preview {
        let num = |v: &Value, k: &str| v.get(k).and_then(Value::as_i64).unwrap_or(0);
        let mut per_field = Vec::new();
        if let Some(m) = p.counts_by_field.as_object() {
            for (id, v) in m {
                let name = v
                    .get("name")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("field {id}"), str::to_string);
                per_field.push((name, num(v, "with_values"), num(v, "without_values")));
            }
        }
        Preview::Ready {
            total: p.total_assets.unwrap_or(0),
            with_values: num(&p.summary, "assets_with_values"),
            without_values: num(&p.summary, "assets_without_values"),
            per_field,
        }
    }
}

/// Where the form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Form,
    Summary,
}

/// What a picker picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    AddGroup,
    RemoveGroup,
    AiFields,
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: PickerKind,
    pub cursor: usize,
    /// AI fields chosen so far.
    pub chosen: BTreeSet<i64>,
}

/// One line of the summary screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLine {
    pub text: String,
    pub destructive: bool,
}

#[derive(Debug, Clone)]
pub struct Dialog {
    /// The marked asset ids when the dialog opened.
    pub marked: Vec<i64>,
    /// Results of the current search/group.
    pub total_results: Option<u64>,
    /// `None` until chosen (when nothing is marked the user must pick "all results").
    pub scope: Option<Scope>,
    /// Ids of all results, once fetched.
    pub all_ids: Option<Vec<i64>>,
    pub all_ids_loading: bool,
    pub row: usize,
    pub stage: Stage,
    pub summary_scroll: u16,
    /// A text being edited: the row and its input.
    pub editing: Option<(Row, Input)>,
    /// The organisation's tags that match the word being typed in the tags row, and the
    /// one chosen with ↓/↑ (Tab takes it, or the first).
    pub tag_suggestions: Vec<String>,
    pub suggestion: Option<usize>,
    pub picker: Option<Picker>,
    pub tags_text: String,
    pub tag_mode: TagMode,
    pub description: Option<String>,
    pub description_mode: DescriptionMode,
    pub rating: Option<i64>,
    pub rights_package: Option<(i64, String)>,
    pub rights_status: Option<String>,
    pub add_group: Option<GroupPick>,
    pub remove_group: Option<GroupPick>,
    /// Custom meta field id → the value typed.
    pub meta: BTreeMap<i64, String>,
    pub ai_fields: Vec<i64>,
    pub ai_overwrite: bool,
    pub preview: Preview,
    pub alt_text: bool,
    pub alt_prompt: String,
    pub trash: bool,
    pub restore: bool,
    /// A problem to show in the dialog.
    pub note: Option<String>,
}

impl Dialog {
    pub fn new(marked: Vec<i64>, total_results: Option<u64>) -> Dialog {
        let scope = (!marked.is_empty()).then_some(Scope::Marked);
        Dialog {
            marked,
            total_results,
            scope,
            all_ids: None,
            all_ids_loading: false,
            row: if scope.is_some() { 1 } else { 0 },
            stage: Stage::Form,
            summary_scroll: 0,
            editing: None,
            tag_suggestions: Vec::new(),
            suggestion: None,
            picker: None,
            tags_text: String::new(),
            tag_mode: TagMode::Add,
            description: None,
            description_mode: DescriptionMode::Set,
            rating: None,
            rights_package: None,
            rights_status: None,
            add_group: None,
            remove_group: None,
            meta: BTreeMap::new(),
            ai_fields: Vec::new(),
            ai_overwrite: false,
            preview: Preview::None,
            alt_text: false,
            alt_prompt: String::new(),
            trash: false,
            restore: false,
            note: None,
        }
    }

    /// The rows for these custom meta fields (AI fields are run, not typed).
    pub fn rows(fields: &[CustomMetaField]) -> Vec<Row> {
        let mut rows = vec![
            Row::Scope,
            Row::Tags,
            Row::Description,
            Row::Rating,
            Row::RightsPackage,
            Row::RightsStatus,
            Row::AddGroup,
            Row::RemoveGroup,
        ];
        rows.extend(
            fields
                .iter()
                .filter(|f| f.enable_ai != Some(true) && f.enabled != Some(false))
                .map(|f| Row::Meta(f.id)),
        );
        rows.extend([Row::AiFields, Row::AltText, Row::Trash, Row::Restore]);
        rows
    }

    /// The asset ids the job would cover, if known.
    pub fn ids(&self) -> Option<Vec<i64>> {
        match self.scope? {
            Scope::Marked => Some(self.marked.clone()),
            Scope::AllResults => self.all_ids.clone(),
        }
    }

    /// How many assets the job covers (known before the ids are).
    pub fn count(&self) -> Option<u64> {
        match self.scope? {
            Scope::Marked => Some(self.marked.len() as u64),
            Scope::AllResults => self
                .all_ids
                .as_ref()
                .map(|v| v.len() as u64)
                .or(self.total_results),
        }
    }

    pub fn tag_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in self.tags_text.split(',') {
            let t = t.trim();
            if !t.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
                out.push(t.to_string());
            }
        }
        out
    }

    /// ←/→ on a row: cycle its choice.
    pub(crate) fn cycle(
        &mut self,
        row: Row,
        forward: bool,
        packages: &[RightsPackage],
        fields: &[CustomMetaField],
    ) {
        fn step<T: Clone + PartialEq>(opts: &[T], cur: &T, forward: bool) -> T {
            let i = opts.iter().position(|o| o == cur).unwrap_or(0);
            let n = opts.len();
            opts[if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }]
            .clone()
        }
        match row {
            Row::Scope => {
                let opts = if self.marked.is_empty() {
                    vec![None, Some(Scope::AllResults)]
                } else {
                    vec![Some(Scope::Marked), Some(Scope::AllResults)]
                };
                self.scope = step(&opts, &self.scope, forward);
            }
            Row::Tags => {
                self.tag_mode = step(
                    &[TagMode::Add, TagMode::Remove, TagMode::Replace],
                    &self.tag_mode,
                    forward,
                )
            }
            Row::Description => {
                self.description_mode = step(
                    &[
                        DescriptionMode::Set,
                        DescriptionMode::Append,
                        DescriptionMode::Prepend,
                    ],
                    &self.description_mode,
                    forward,
                )
            }
            Row::Rating => {
                let opts = [None, Some(0), Some(1), Some(2), Some(3), Some(4), Some(5)];
                self.rating = step(&opts, &self.rating, forward);
            }
            Row::RightsPackage => {
                let mut opts: Vec<Option<(i64, String)>> = vec![None];
                opts.extend(packages.iter().map(|p| Some((p.id, p.display_name()))));
                self.rights_package = step(&opts, &self.rights_package, forward);
            }
            Row::RightsStatus => {
                let mut opts: Vec<Option<String>> = vec![None];
                opts.extend(RIGHTS_STATUSES.iter().map(|s| Some(s.to_string())));
                self.rights_status = step(&opts, &self.rights_status, forward);
            }
            Row::Meta(id) => {
                let Some(f) = fields.iter().find(|f| f.id == id) else {
                    return;
                };
                let mut opts: Vec<Option<String>> = vec![None];
                opts.extend(
                    f.custom_meta_values_attributes
                        .iter()
                        .filter_map(|v| v.text.clone())
                        .map(Some),
                );
                if opts.len() > 1 {
                    let cur = self.meta.get(&id).cloned();
                    match step(&opts, &cur, forward) {
                        Some(v) => self.meta.insert(id, v),
                        None => self.meta.remove(&id),
                    };
                }
            }
            Row::AiFields => {
                self.ai_overwrite = !self.ai_overwrite;
            }
            Row::AltText => self.alt_text = !self.alt_text,
            Row::Trash => self.set_trash(!self.trash),
            Row::Restore => self.set_restore(!self.restore),
            Row::AddGroup | Row::RemoveGroup => {}
        }
    }

    pub(crate) fn set_trash(&mut self, on: bool) {
        self.trash = on;
        if on {
            self.restore = false;
        }
    }

    pub(crate) fn set_restore(&mut self, on: bool) {
        self.restore = on;
        if on {
            self.trash = false;
        }
    }

    /// Unset a row's operation.
    pub fn clear(&mut self, row: Row) {
        match row {
            Row::Scope => {}
            Row::Tags => {
                self.tags_text.clear();
                self.tag_mode = TagMode::Add;
            }
            Row::Description => self.description = None,
            Row::Rating => self.rating = None,
            Row::RightsPackage => self.rights_package = None,
            Row::RightsStatus => self.rights_status = None,
            Row::AddGroup => self.add_group = None,
            Row::RemoveGroup => self.remove_group = None,
            Row::Meta(id) => {
                self.meta.remove(&id);
            }
            Row::AiFields => {
                self.ai_fields.clear();
                self.ai_overwrite = false;
                self.preview = Preview::None;
            }
            Row::AltText => {
                self.alt_text = false;
                self.alt_prompt.clear();
            }
            Row::Trash => self.trash = false,
            Row::Restore => self.restore = false,
        }
    }

    /// The text a row edits, for starting an edit.
    pub(crate) fn text_of(&self, row: Row) -> Option<String> {
        match row {
            Row::Tags => Some(self.tags_text.clone()),
            Row::Description => Some(self.description.clone().unwrap_or_default()),
            Row::Meta(id) => Some(self.meta.get(&id).cloned().unwrap_or_default()),
            Row::AltText => Some(self.alt_prompt.clone()),
            _ => None,
        }
    }

    /// Store an edited text.
    pub(crate) fn set_text(&mut self, row: Row, text: String) {
        match row {
            Row::Tags => self.tags_text = text,
            Row::Description => self.description = Some(text),
            Row::Meta(id) => {
                if text.trim().is_empty() {
                    self.meta.remove(&id);
                } else {
                    self.meta.insert(id, text.trim().to_string());
                }
            }
            Row::AltText => {
                self.alt_prompt = text.trim().to_string();
                self.alt_text = true;
            }
            _ => {}
        }
    }

    /// Any operation chosen at all.
    pub(crate) fn has_operations(&self) -> bool {
        !self.tag_names().is_empty()
            || (self.tag_mode == TagMode::Replace && !self.tags_text.is_empty())
            || self.description.is_some()
            || self.rating.is_some()
            || self.rights_package.is_some()
            || self.rights_status.is_some()
            || self.add_group.is_some()
            || self.remove_group.is_some()
            || !self.meta.is_empty()
            || !self.ai_fields.is_empty()
            || self.alt_text
            || self.trash
            || self.restore
    }

    /// Why the form cannot be reviewed yet, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if self.scope.is_none() {
            let n = self.total_results.map_or("?".to_string(), thousands);
            return Some(format!(
                "Nothing is marked: choose “all {n} results” on the first row (←/→) or mark assets first"
            ));
        }
        if self.count() == Some(0) {
            return Some("No assets to change".into());
        }
        if !self.has_operations() {
            return Some("Choose at least one change".into());
        }
        if !self.ai_fields.is_empty() && !matches!(self.preview, Preview::Ready { .. }) {
            return Some("Waiting for the AI impact preview".into());
        }
        None
    }

    /// The request for these ids.
    pub fn build(&self, asset_ids: Vec<i64>, fields: &[CustomMetaField]) -> BulkJobRequest {
        let mut r = BulkJobRequest {
            asset_ids,
            ..Default::default()
        };
        let tags = self.tag_names();
        if !tags.is_empty() || self.tag_mode == TagMode::Replace && !self.tags_text.is_empty() {
            r.tag_names = tags;
            r.tag_mode = Some(self.tag_mode);
        }
        if let Some(d) = &self.description {
            r.description = Some(d.clone());
            r.description_mode = Some(self.description_mode);
        }
        r.rating = self.rating;
        r.rights_package_id = self.rights_package.as_ref().map(|p| p.0);
        r.rights_status = self.rights_status.clone();
        if let Some(g) = &self.add_group {
            r.add_asset_group_id = Some(g.asset_group_id);
            r.add_asset_group_type = Some(g.kind.api_type().to_string());
        }
        if let Some(g) = &self.remove_group {
            r.remove_asset_group_id = Some(g.asset_group_id);
            r.remove_asset_group_type = Some(g.kind.api_type().to_string());
        }
        for (id, text) in &self.meta {
            let Some(f) = fields.iter().find(|f| f.id == *id) else {
                continue;
            };
            let Some(name) = &f.name else { continue };
            let value = if f.free == Some(false) || f.multi == Some(true) {
                Value::Array(
                    text.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(s.to_string()))
                        .collect(),
                )
            } else {
                Value::String(text.clone())
            };
            r.custom_meta.insert(name.clone(), value);
        }
        if !self.ai_fields.is_empty() {
            r.run_custom_meta_field_ids = self.ai_fields.clone();
            r.cmf_overwrite_mode = Some(if self.ai_overwrite {
                CmfOverwriteMode::Overwrite
            } else {
                CmfOverwriteMode::Skip
            });
        }
        r.generate_alt_text = self.alt_text;
        if self.alt_text && !self.alt_prompt.is_empty() {
            r.alt_text_generation_prompt = Some(self.alt_prompt.clone());
        }
        r.destroy_all = self.trash;
        r.restore_all = self.restore;
        r
    }

    /// Exactly what will change on how many assets.
    pub fn summary(&self, fields: &[CustomMetaField]) -> Vec<SummaryLine> {
        let n = self.count().unwrap_or(0);
        let assets = format!("{} asset{}", thousands(n), if n == 1 { "" } else { "s" });
        let quoted = |v: &[String]| {
            v.iter()
                .map(|t| format!("“{t}”"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        let mut push =
            |text: String, destructive: bool| out.push(SummaryLine { text, destructive });
        let tags = self.tag_names();
        match self.tag_mode {
            TagMode::Add if !tags.is_empty() => {
                push(format!("Add tags {} to {assets}", quoted(&tags)), false)
            }
            TagMode::Remove if !tags.is_empty() => {
                push(format!("Remove tags {} from {assets}", quoted(&tags)), true)
            }
            TagMode::Replace if !tags.is_empty() => push(
                format!("Replace all tags of {assets} with {}", quoted(&tags)),
                true,
            ),
            TagMode::Replace if !self.tags_text.is_empty() => {
                push(format!("Remove all tags from {assets}"), true)
            }
            _ => {}
        }
        if let Some(d) = &self.description {
            let text = match self.description_mode {
                DescriptionMode::Set if d.is_empty() => {
                    format!("Clear the description of {assets}")
                }
                DescriptionMode::Set => format!("Set the description of {assets} to “{d}”"),
                DescriptionMode::Append => format!("Append “{d}” to the description of {assets}"),
                DescriptionMode::Prepend => {
                    format!("Prepend “{d}” to the description of {assets}")
                }
            };
            push(text, self.description_mode == DescriptionMode::Set);
        }
        match self.rating {
            Some(0) => push(format!("Clear the rating of {assets}"), false),
            Some(r) => push(
                format!("Set the rating of {assets} to {} ({r})", stars(Some(r))),
                false,
            ),
            None => {}
        }
        if let Some((_, name)) = &self.rights_package {
            push(
                format!("Set the rights package of {assets} to “{name}”"),
                false,
            );
        }
        if let Some(s) = &self.rights_status {
            push(format!("Set the rights status of {assets} to {s}"), false);
        }
        if let Some(g) = &self.add_group {
            let text = match g.kind {
                GroupKind::StorageFolder => {
                    format!("Move {assets} into the storage folder “{}”", g.label)
                }
                _ => format!("Add {assets} to the {} “{}”", g.kind_label(), g.label),
            };
            push(text, false);
        }
        if let Some(g) = &self.remove_group {
            push(
                format!("Remove {assets} from the {} “{}”", g.kind_label(), g.label),
                true,
            );
        }
        for (id, v) in &self.meta {
            let name = field_name(fields, *id).unwrap_or_else(|| format!("field {id}"));
            push(format!("Set “{name}” to “{v}” on {assets}"), false);
        }
        if !self.ai_fields.is_empty() {
            let names: Vec<String> = self
                .ai_fields
                .iter()
                .map(|id| field_name(fields, *id).unwrap_or_else(|| format!("field {id}")))
                .collect();
            let impact = match &self.preview {
                Preview::Ready {
                    with_values,
                    without_values,
                    ..
                } => {
                    if self.ai_overwrite {
                        format!(
                            ": {with_values} already have values that will be OVERWRITTEN, {without_values} get new values"
                        )
                    } else {
                        format!(
                            ": {without_values} get values, {with_values} already have values and are skipped"
                        )
                    }
                }
                Preview::Loading => " (impact preview loading…)".into(),
                Preview::Failed(e) => format!(" (impact preview failed: {e})"),
                Preview::None => String::new(),
            };
            push(
                format!("Run AI fields {} on {assets}{impact}", quoted(&names)),
                self.ai_overwrite,
            );
        }
        if self.alt_text {
            let prompt = if self.alt_prompt.is_empty() {
                String::new()
            } else {
                format!(" (prompt: “{}”)", self.alt_prompt)
            };
            push(format!("Generate alt text for {assets}{prompt}"), false);
        }
        if self.trash {
            push(format!("Move {assets} to the trash"), true);
        }
        if self.restore {
            push(format!("Restore {assets} from the trash"), false);
        }
        out
    }

    /// The word being typed in the tags input (after the last comma), if any.
    pub(crate) fn tag_fragment(text: &str) -> &str {
        text.rsplit(',').next().unwrap_or("").trim()
    }

    /// `text` with its last, partly typed tag replaced by `tag`, ready for the next.
    pub(crate) fn accept_tag(text: &str, tag: &str) -> String {
        let head = match text.rfind(',') {
            Some(i) => format!("{}, ", text[..i].trim_end()),
            None => String::new(),
        };
        format!("{head}{tag}, ")
    }

    /// A short name for each operation, for the job monitor's list ("tags, rating,
    /// add to collection").
    pub(crate) fn operation_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let tags = self.tag_names();
        match self.tag_mode {
            TagMode::Add if !tags.is_empty() => out.push("add tags".into()),
            TagMode::Remove if !tags.is_empty() => out.push("remove tags".into()),
            TagMode::Replace if !self.tags_text.is_empty() => out.push("replace tags".into()),
            _ => {}
        }
        if self.description.is_some() {
            out.push("description".into());
        }
        if self.rating.is_some() {
            out.push("rating".into());
        }
        if self.rights_package.is_some() {
            out.push("rights package".into());
        }
        if self.rights_status.is_some() {
            out.push("rights status".into());
        }
        if let Some(g) = &self.add_group {
            out.push(match g.kind {
                GroupKind::StorageFolder => "move to folder".into(),
                _ => format!("add to {}", g.kind_label()),
            });
        }
        if let Some(g) = &self.remove_group {
            out.push(format!("remove from {}", g.kind_label()));
        }
        if !self.meta.is_empty() {
            out.push("custom fields".into());
        }
        if !self.ai_fields.is_empty() {
            out.push("AI fields".into());
        }
        if self.alt_text {
            out.push("alt text".into());
        }
        if self.trash {
            out.push("trash".into());
        }
        if self.restore {
            out.push("restore".into());
        }
        out
    }

    /// The value column of a row, for drawing.
    pub(crate) fn value_of(&self, row: Row, fields: &[CustomMetaField]) -> String {
        let unchanged = || "—".to_string();
        match row {
            Row::Scope => match self.scope {
                Some(Scope::Marked) => match self.marked.len() {
                    1 => "the 1 marked asset".to_string(),
                    n => format!("the {} marked assets", thousands(n as u64)),
                },
                Some(Scope::AllResults) => format!(
                    "ALL {} results of the current view",
                    self.total_results.map_or("?".into(), thousands)
                ),
                None => format!(
                    "nothing marked — →: all {} results",
                    self.total_results.map_or("?".into(), thousands)
                ),
            },
            Row::Tags => {
                let mode = match self.tag_mode {
                    TagMode::Add => "add",
                    TagMode::Remove => "remove",
                    TagMode::Replace => "REPLACE",
                };
                if self.tags_text.trim().is_empty() {
                    format!("[{mode}] —")
                } else {
                    format!("[{mode}] {}", self.tag_names().join(", "))
                }
            }
            Row::Description => {
                let mode = match self.description_mode {
                    DescriptionMode::Set => "set",
                    DescriptionMode::Append => "append",
                    DescriptionMode::Prepend => "prepend",
                };
                match &self.description {
                    Some(d) => format!("[{mode}] “{d}”"),
                    None => format!("[{mode}] —"),
                }
            }
            Row::Rating => match self.rating {
                Some(0) => "clear".into(),
                Some(r) => format!("{} ({r})", stars(Some(r))),
                None => unchanged(),
            },
            Row::RightsPackage => self
                .rights_package
                .as_ref()
                .map_or_else(unchanged, |p| p.1.clone()),
            Row::RightsStatus => self.rights_status.clone().unwrap_or_else(unchanged),
            Row::AddGroup => self
                .add_group
                .as_ref()
                .map_or_else(unchanged, |g| format!("{} “{}”", g.kind_label(), g.label)),
            Row::RemoveGroup => self
                .remove_group
                .as_ref()
                .map_or_else(unchanged, |g| format!("{} “{}”", g.kind_label(), g.label)),
            Row::Meta(id) => self.meta.get(&id).cloned().unwrap_or_else(unchanged),
            Row::AiFields => {
                if self.ai_fields.is_empty() {
                    return unchanged();
                }
                let names: Vec<String> = self
                    .ai_fields
                    .iter()
                    .map(|id| field_name(fields, *id).unwrap_or_else(|| id.to_string()))
                    .collect();
                let mode = if self.ai_overwrite {
                    "OVERWRITE"
                } else {
                    "skip filled"
                };
                let impact = match &self.preview {
                    Preview::Ready {
                        total, with_values, ..
                    } => format!(" · {with_values} of {total} already filled"),
                    Preview::Loading => " · preview…".into(),
                    Preview::Failed(_) => " · preview failed".into(),
                    Preview::None => String::new(),
                };
                format!("[{mode}] {}{impact}", names.join(", "))
            }
            Row::AltText => match (self.alt_text, self.alt_prompt.is_empty()) {
                (false, _) => unchanged(),
                (true, true) => "generate".into(),
                (true, false) => format!("generate, prompt “{}”", self.alt_prompt),
            },
            Row::Trash => if self.trash { "MOVE TO TRASH" } else { "—" }.into(),
            Row::Restore => if self.restore { "restore" } else { "—" }.into(),
        }
    }
}

impl Row {
    pub fn label(self, fields: &[CustomMetaField]) -> String {
        match self {
            Row::Scope => "Apply to".into(),
            Row::Tags => "Tags".into(),
            Row::Description => "Description".into(),
            Row::Rating => "Rating".into(),
            Row::RightsPackage => "Rights package".into(),
            Row::RightsStatus => "Rights status".into(),
            Row::AddGroup => "Add to group".into(),
            Row::RemoveGroup => "Remove from group".into(),
            Row::Meta(id) => fields
                .iter()
                .find(|f| f.id == id)
                .and_then(|f| f.name.clone())
                .unwrap_or_else(|| format!("Field {id}")),
            Row::AiFields => "Run AI fields".into(),
            Row::AltText => "Alt text".into(),
            Row::Trash => "Move to trash".into(),
            Row::Restore => "Restore".into(),
        }
    }

    /// What Enter does on this row, for the dialog's help line.
    pub fn help(self) -> &'static str {
        match self {
            Row::Scope => "←/→ marked assets or all results",
            Row::Tags => "Enter: type tags, comma-separated · ←/→ add / remove / replace",
            Row::Description => "Enter: type the text · ←/→ set / append / prepend",
            Row::Rating => "←/→ choose 0–5 stars",
            Row::RightsPackage => "←/→ choose a rights package",
            Row::RightsStatus => "←/→ choose a rights status",
            Row::AddGroup | Row::RemoveGroup => "Enter: pick a collection, lightbox or folder",
            Row::Meta(_) => "Enter: type a value · ←/→ pick from the vocabulary",
            Row::AiFields => "Enter: pick AI fields · ←/→ skip filled / overwrite",
            Row::AltText => "Space: on/off · Enter: optional prompt",
            Row::Trash => "Space: on/off (needs confirmation)",
            Row::Restore => "Space: on/off",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_counts_marked_assets_in_words() {
        let one = Dialog::new(vec![7], None);
        assert_eq!(one.value_of(Row::Scope, &[]), "the 1 marked asset");
        let many = Dialog::new((0..1200).collect(), None);
        assert_eq!(many.value_of(Row::Scope, &[]), "the 1,200 marked assets");
    }

    #[test]
    fn tag_fragments_and_accepting_a_suggestion() {
        assert_eq!(Dialog::tag_fragment("a, b, sun"), "sun");
        assert_eq!(Dialog::tag_fragment("a, "), "");
        assert_eq!(Dialog::accept_tag("a, b, sun", "sunset"), "a, b, sunset, ");
        assert_eq!(Dialog::accept_tag("sun", "sunset"), "sunset, ");
    }

    fn field(id: i64, name: &str, ai: bool, free: bool) -> CustomMetaField {
        CustomMetaField {
            id,
            name: Some(name.into()),
            enable_ai: Some(ai),
            free: Some(free),
            ..Default::default()
        }
    }

    #[test]
    fn builds_one_request_with_several_operations() {
        let fields = vec![
            field(1, "Project Code", false, true),
            field(2, "Category", false, false),
        ];
        let mut d = Dialog::new(vec![5, 6, 7], Some(100));
        d.set_text(Row::Tags, "sunset, beach, Sunset".into());
        d.cycle(Row::Rating, true, &[], &fields);
        d.cycle(Row::Rating, true, &[], &fields);
        d.cycle(Row::Rating, true, &[], &fields);
        d.set_text(Row::Meta(1), "PRJ-1".into());
        d.set_text(Row::Meta(2), "Internal".into());
        assert_eq!(d.problem(), None);
        let r = d.build(d.ids().unwrap(), &fields);
        assert_eq!(r.asset_ids, vec![5, 6, 7]);
        assert_eq!(r.tag_names, vec!["sunset", "beach"]);
        assert_eq!(r.tag_mode, Some(TagMode::Add));
        assert_eq!(r.rating, Some(2));
        assert_eq!(r.custom_meta["Project Code"], Value::String("PRJ-1".into()));
        assert_eq!(r.custom_meta["Category"], serde_json::json!(["Internal"]));
        let s = d.summary(&fields);
        assert_eq!(s[0].text, "Add tags “sunset”, “beach” to 3 assets");
        assert!(
            s.iter()
                .any(|l| l.text == "Set the rating of 3 assets to ★★☆☆☆ (2)")
        );
        assert!(s.iter().all(|l| !l.destructive));
    }

    #[test]
    fn nothing_marked_needs_an_explicit_choice() {
        let mut d = Dialog::new(vec![], Some(412));
        d.set_trash(true);
        assert!(d.problem().unwrap().contains("all 412 results"));
        d.cycle(Row::Scope, true, &[], &[]);
        assert_eq!(d.scope, Some(Scope::AllResults));
        assert_eq!(d.count(), Some(412));
        assert_eq!(d.problem(), None);
        let s = d.summary(&[]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "Move 412 assets to the trash");
        assert!(s[0].destructive);
        d.set_restore(true);
        assert!(!d.trash, "trash and restore exclude each other");
    }

    #[test]
    fn ai_fields_wait_for_the_preview_and_say_the_impact() {
        let mut d = Dialog::new(vec![1, 2], None);
        d.ai_fields = vec![9];
        d.preview = Preview::Loading;
        assert!(d.problem().unwrap().contains("preview"));
        d.preview = Preview::Ready {
            total: 2,
            with_values: 1,
            without_values: 1,
            per_field: vec![],
        };
        d.ai_overwrite = true;
        let s = d.summary(&[field(9, "AI Summary", true, true)]);
        assert!(s[0].destructive);
        assert!(
            s[0].text
                .contains("1 already have values that will be OVERWRITTEN"),
            "{}",
            s[0].text
        );
        let r = d.build(vec![1, 2], &[]);
        assert_eq!(r.cmf_overwrite_mode, Some(CmfOverwriteMode::Overwrite));
    }
}
