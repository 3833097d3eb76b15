//! Bulk jobs: validation of `POST /api/bulk_jobs`, the FIFO background runner and the
//! operations it really applies to the assets.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::edit::{self, FieldErrors, add_error};
use super::model::{Asset, Db, Kind};
use super::state::{AppState, World};
use super::timeutil::{DAY_MS, now_ms, rfc3339};

/// Pause between two progress steps of the runner at the realistic demo pace (a job takes
/// a few seconds); `FaultSettings::job_step_ms` overrides it.
pub const STEP_MS: u64 = 300;
/// Jobs older than this cannot be undone (API reference: "Refused for jobs older than 30
/// days").
pub const UNDO_MAX_AGE_MS: i64 = 30 * DAY_MS;

/// One asset as it was before and after a job touched it (for undo).
pub type Change = (i64, Box<Asset>, Box<Asset>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    Pending,
    Processing,
    Processed,
    Errored,
    Canceled,
}

impl JobState {
    pub fn name(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Processing => "processing",
            JobState::Processed => "processed",
            JobState::Errored => "errored",
            JobState::Canceled => "canceled",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagMode {
    Add,
    Remove,
    Replace,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DescMode {
    Set,
    Append,
    Prepend,
}

/// The operations of one job (any combination).
#[derive(Clone, Debug, Default)]
pub struct Ops {
    pub tags: Option<(TagMode, Vec<String>)>,
    pub description: Option<(DescMode, String)>,
    pub rating: Option<i64>,
    pub rights_package_id: Option<i64>,
    pub rights_status: Option<String>,
    /// (kind, asset_group_id)
    pub add_group: Option<(Kind, i64)>,
    pub remove_group: Option<(Kind, i64)>,
    pub custom_meta: Option<Map<String, Value>>,
    pub run_cmf_ids: Vec<i64>,
    pub cmf_overwrite: bool,
    pub destroy_all: bool,
    pub restore_all: bool,
    pub generate_alt_text: bool,
    pub alt_text_prompt: Option<String>,
    /// An undo job: puts back each field the original job changed, unless the field was
    /// changed again since.
    pub revert: Option<Arc<Vec<Change>>>,
}

impl Ops {
    pub fn action(&self) -> &'static str {
        if self.revert.is_some() {
            "Bulk Asset Edit: Undo"
        } else if self.destroy_all {
            "Bulk Asset Edit: Trash"
        } else if self.restore_all {
            "Bulk Asset Edit: Restore"
        } else if self.tags.is_some() {
            "Bulk Asset Edit: Tags"
        } else if self.add_group.is_some() || self.remove_group.is_some() {
            "Bulk Asset Edit: Groups"
        } else if self.generate_alt_text {
            "Bulk Asset Edit: Alt Text"
        } else if !self.run_cmf_ids.is_empty() {
            "Bulk Asset Edit: Custom AI"
        } else {
            "Bulk Asset Edit: Meta"
        }
    }
    fn is_empty(&self) -> bool {
        self.tags.is_none()
            && self.description.is_none()
            && self.rating.is_none()
            && self.rights_package_id.is_none()
            && self.rights_status.is_none()
            && self.add_group.is_none()
            && self.remove_group.is_none()
            && self.custom_meta.is_none()
            && self.run_cmf_ids.is_empty()
            && !self.destroy_all
            && !self.restore_all
            && !self.generate_alt_text
    }
}

#[derive(Clone, Debug)]
pub struct BulkJob {
    pub id: i64,
    pub guid: String,
    pub state: JobState,
    pub progress: Option<f64>,
    pub ops: Ops,
    pub asset_ids: Vec<i64>,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub error_message: Option<String>,
    pub warnings: Vec<String>,
    /// Each asset as it was before and after this job (for undo).
    pub changes: Vec<Change>,
}

impl BulkJob {
    /// A new pending job.
    pub fn new(id: i64, guid: String, asset_ids: Vec<i64>, ops: Ops, now: i64) -> BulkJob {
        BulkJob {
            id,
            guid,
            state: JobState::Pending,
            progress: None,
            ops,
            asset_ids,
            created_at: now,
            started_at: None,
            finished_at: None,
            error_message: None,
            warnings: Vec::new(),
            changes: Vec::new(),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "guid": self.guid,
            "aasm_state": self.state.name(),
            "progress": self.progress,
            "destroy_all": self.ops.destroy_all,
            "action": self.ops.action(),
            "total_assets": self.asset_ids.len(),
            "error_message": self.error_message,
            "warnings": if self.warnings.is_empty() { Value::Null } else { json!(self.warnings) },
            "error": self.error_message,
            "created_at": rfc3339(self.created_at),
            "started_processing_at": self.started_at.map(rfc3339),
            "finished_processing_at": self.finished_at.map(rfc3339),
        })
    }
    /// The list shape (`GET /api/bulk_jobs`) adds the numeric id.
    pub fn to_list_json(&self) -> Value {
        let mut v = self.to_json();
        v["id"] = json!(self.id);
        v
    }
}

fn group_target(
    db: &Db,
    body: &Map<String, Value>,
    id_key: &str,
    type_key: &str,
    e: &mut FieldErrors,
) -> Option<(Kind, i64)> {
    let id = match body.get(id_key).map(edit::opt_int) {
        None | Some(Ok(None)) => return None,
        Some(Ok(Some(id))) => id,
        Some(Err(m)) => {
            add_error(e, id_key, m);
            return None;
        }
    };
    let kind = match body.get(type_key).and_then(Value::as_str).map(Kind::parse) {
        Some(Some(k)) => Some(k),
        Some(None) => {
            add_error(e, type_key, "must be Collection, Lightbox or StorageFolder");
            return None;
        }
        None => None,
    };
    // asset_group_id first (the documented key), then a lightbox membership id
    let g = db
        .group_by_agid(id)
        .filter(|g| kind.is_none_or(|k| g.kind == k))
        .or_else(|| {
            db.group(Kind::Lightbox, id)
                .filter(|_| kind.is_none_or(|k| k == Kind::Lightbox))
        });
    match g {
        Some(g) if g.organizer => {
            add_error(e, id_key, "is an organizer and cannot hold assets");
            None
        }
        Some(g) => Some((g.kind, g.asset_group_id)),
        None => {
            add_error(e, id_key, "does not exist");
            None
        }
    }
}

/// Validates a create body (inside `{"bulk_job": ...}`): asset ids and operations.
pub fn parse_create(db: &Db, body: &Map<String, Value>) -> Result<(Vec<i64>, Ops), FieldErrors> {
    let mut e = FieldErrors::new();
    let mut ids = Vec::new();
    match body.get("asset_ids") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for i in items {
                match edit::opt_int(i) {
                    Ok(Some(id)) => ids.push(id),
                    _ => {
                        add_error(&mut e, "asset_ids", "must be an array of integers");
                        break;
                    }
                }
            }
        }
        _ => add_error(&mut e, "asset_ids", "can't be blank"),
    }
    let mut ops = Ops::default();
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(v) = body.get("tag_names") {
        match edit::string_list(v) {
            Ok(names) => {
                let mode = match text("tag_mode").as_deref() {
                    None | Some("add") => Some(TagMode::Add),
                    Some("remove") => Some(TagMode::Remove),
                    Some("replace") => Some(TagMode::Replace),
                    Some(_) => {
                        add_error(&mut e, "tag_mode", "must be add, remove or replace");
                        None
                    }
                };
                if let Some(mode) = mode {
                    if names.is_empty() && mode != TagMode::Replace {
                        add_error(&mut e, "tag_names", "can't be blank");
                    }
                    ops.tags = Some((mode, names));
                }
            }
            Err(m) => add_error(&mut e, "tag_names", m),
        }
    }
    if let Some(v) = body.get("description") {
        match edit::opt_string(v) {
            Ok(d) => {
                let mode = match text("description_mode").as_deref() {
                    None | Some("set") => Some(DescMode::Set),
                    Some("append") => Some(DescMode::Append),
                    Some("prepend") => Some(DescMode::Prepend),
                    Some(_) => {
                        add_error(&mut e, "description_mode", "must be set, append or prepend");
                        None
                    }
                };
                if let Some(mode) = mode {
                    ops.description = Some((mode, d.unwrap_or_default()));
                }
            }
            Err(m) => add_error(&mut e, "description", m),
        }
    }
    match body.get("rating").map(edit::opt_int) {
        Some(Ok(Some(r))) if (0..=5).contains(&r) => ops.rating = Some(r),
        Some(Ok(Some(_))) => add_error(&mut e, "rating", "must be between 0 and 5"),
        Some(Err(m)) => add_error(&mut e, "rating", m),
        _ => {}
    }
    match body.get("rights_package_id").map(edit::opt_int) {
        Some(Ok(Some(id))) if db.rights_package(id).is_some() => ops.rights_package_id = Some(id),
        Some(Ok(Some(_))) => add_error(&mut e, "rights_package_id", "does not exist"),
        Some(Err(m)) => add_error(&mut e, "rights_package_id", m),
        _ => {}
    }
    if let Some(s) = text("rights_status").filter(|s| !s.is_empty()) {
        if super::model::RIGHTS_STATUSES.contains(&s.as_str()) {
            ops.rights_status = Some(s);
        } else {
            add_error(&mut e, "rights_status", "is not included in the list");
        }
    }
    ops.add_group = group_target(
        db,
        body,
        "add_asset_group_id",
        "add_asset_group_type",
        &mut e,
    );
    ops.remove_group = group_target(
        db,
        body,
        "remove_asset_group_id",
        "remove_asset_group_type",
        &mut e,
    );
    if let Some(cm) = body.get("custom_meta").filter(|v| !v.is_null()) {
        edit::validate_custom_meta(db, cm, &mut e);
        ops.custom_meta = cm.as_object().cloned();
    }
    if let Some(v) = body.get("run_custom_meta_field_ids") {
        match v {
            Value::Array(items) => {
                for i in items {
                    match edit::opt_int(i) {
                        Ok(Some(id)) if db.custom_meta_field(id).is_some() => {
                            ops.run_cmf_ids.push(id)
                        }
                        _ => add_error(
                            &mut e,
                            "run_custom_meta_field_ids",
                            format!("unknown field {i}"),
                        ),
                    }
                }
            }
            Value::Null => {}
            _ => add_error(
                &mut e,
                "run_custom_meta_field_ids",
                "must be an array of integers",
            ),
        }
    }
    match text("cmf_overwrite_mode").as_deref() {
        None | Some("skip") => {}
        Some("overwrite") => ops.cmf_overwrite = true,
        Some(_) => add_error(&mut e, "cmf_overwrite_mode", "must be skip or overwrite"),
    }
    let flag = |k: &str| {
        body.get(k)
            .map(edit::opt_bool)
            .and_then(Result::ok)
            .flatten()
            .unwrap_or(false)
    };
    ops.destroy_all = flag("destroy_all");
    ops.restore_all = flag("restore_all");
    ops.generate_alt_text = flag("generate_alt_text");
    ops.alt_text_prompt = text("alt_text_generation_prompt");
    if ops.destroy_all && ops.restore_all {
        add_error(&mut e, "destroy_all", "cannot be combined with restore_all");
    }
    if e.is_empty() && ops.is_empty() {
        add_error(&mut e, "base", "no operation given");
    }
    if e.is_empty() { Ok((ids, ops)) } else { Err(e) }
}

/// Applies the job's operations to one asset; returns a warning, if any.
pub fn apply_one(db: &mut Db, idx: usize, ops: &Ops, now: i64) -> Option<String> {
    let mut warning = None;
    if let Some((mode @ (TagMode::Add | TagMode::Remove), names)) = &ops.tags {
        let has = |n: &String| {
            db.assets[idx]
                .tags
                .iter()
                .any(|t| db.tag_name(t.tag_id).eq_ignore_ascii_case(n))
        };
        if *mode == TagMode::Add
            && let Some(n) = names.iter().find(|n| has(n))
        {
            warning = Some(format!("some assets already had the tag “{n}”"));
        }
        if *mode == TagMode::Remove
            && let Some(n) = names.iter().find(|n| !has(n))
        {
            warning = Some(format!("some assets did not have the tag “{n}”"));
        }
    }
    if ops.restore_all {
        db.assets[idx].trashed_at = None;
    }
    if let Some((mode, names)) = &ops.tags {
        match mode {
            TagMode::Add => edit::add_tags(db, idx, names, now),
            TagMode::Remove => edit::remove_tags(db, idx, names),
            TagMode::Replace => edit::replace_tags(db, idx, names, now),
        }
    }
    let a = &mut db.assets[idx];
    if let Some((mode, text)) = &ops.description {
        let old = a.text("description").unwrap_or("").to_string();
        let new = match mode {
            DescMode::Set => text.clone(),
            DescMode::Append if old.is_empty() => text.clone(),
            DescMode::Append => format!("{old} {text}"),
            DescMode::Prepend if old.is_empty() => text.clone(),
            DescMode::Prepend => format!("{text} {old}"),
        };
        a.set_text("description", (!new.is_empty()).then_some(new));
    }
    if let Some(r) = ops.rating {
        a.rating = Some(r);
    }
    if let Some(id) = ops.rights_package_id {
        a.rights_package_id = Some(id);
    }
    if let Some(s) = &ops.rights_status {
        a.rights_status = Some(s.clone());
    }
    if ops.rights_status.is_none()
        && let Some(id) = ops.rights_package_id
    {
        let class = db.rights_package(id).map(|r| r.rights_class.to_string());
        db.assets[idx].rights_status = class;
    }
    if let Some((kind, agid)) = ops.add_group {
        let a = &mut db.assets[idx];
        match kind {
            Kind::StorageFolder => a.storage_folder_id = agid,
            _ => {
                a.groups.insert(agid);
            }
        }
    }
    if let Some((kind, agid)) = ops.remove_group {
        let a = &mut db.assets[idx];
        match kind {
            Kind::StorageFolder => {
                warning = Some("assets stay in their storage folder (move them instead)".into())
            }
            _ => {
                a.groups.remove(&agid);
            }
        }
    }
    if let Some(cm) = &ops.custom_meta {
        edit::apply_custom_meta(db, idx, cm);
    }
    if ops.generate_alt_text {
        let a = &db.assets[idx];
        let subject = a
            .text("title")
            .map(str::to_string)
            .unwrap_or_else(|| a.filename.clone());
        let detail = a
            .text("description")
            .and_then(|d| d.split(['.', '\n']).next())
            .map(|s| format!(" {}.", s.trim()))
            .unwrap_or_default();
        let alt = format!("Photograph: {}.{detail}", subject.trim_end_matches('.'));
        db.assets[idx].set_text("alt_text", Some(alt));
    }
    for &fid in &ops.run_cmf_ids {
        let Some(f) = db.custom_meta_field(fid).cloned() else {
            continue;
        };
        if !f.enable_ai {
            warning = Some(format!("{} is not an AI field", f.name));
            continue;
        }
        let a = &db.assets[idx];
        if !ops.cmf_overwrite && a.custom_meta.iter().any(|c| c.field_id == fid) {
            continue;
        }
        let tags: Vec<&str> = a
            .tags
            .iter()
            .take(3)
            .map(|t| db.tag_name(t.tag_id))
            .collect();
        let summary = format!(
            "{} ({})",
            a.text("title").unwrap_or(&a.filename),
            if tags.is_empty() {
                "no keywords".to_string()
            } else {
                tags.join(", ")
            }
        );
        let mut m = Map::new();
        m.insert(f.name.clone(), Value::String(summary));
        edit::apply_custom_meta(db, idx, &m);
    }
    if ops.destroy_all {
        db.assets[idx].trashed_at = Some(now);
    }
    db.assets[idx].updated_at = now;
    warning
}

/// Number of progress steps for `n` assets: at least 10 (a job visibly advances), more
/// for big jobs.
pub fn steps_for(n: usize) -> usize {
    n.div_ceil(5).clamp(10, 40)
}

/// Puts back each field of `before` that still holds the value the job wrote (`after`);
/// fields changed again since are left alone.
pub fn revert_one(db: &mut Db, idx: usize, before: &Asset, after: &Asset, now: i64) {
    let a = &mut db.assets[idx];
    let tag_ids = |x: &Asset| x.tags.iter().map(|t| t.tag_id).collect::<BTreeSet<_>>();
    if tag_ids(a) == tag_ids(after) {
        a.tags = before.tags.clone();
    }
    let keys: BTreeSet<String> = before
        .fields
        .keys()
        .chain(after.fields.keys())
        .cloned()
        .collect();
    for k in keys {
        if before.fields.get(&k) != after.fields.get(&k) && a.fields.get(&k) == after.fields.get(&k)
        {
            match before.fields.get(&k) {
                Some(v) => a.fields.insert(k, v.clone()),
                None => a.fields.remove(&k),
            };
        }
    }
    macro_rules! put_back {
        ($f:ident) => {
            if a.$f == after.$f {
                a.$f = before.$f.clone();
            }
        };
    }
    put_back!(rating);
    put_back!(rights_package_id);
    put_back!(rights_status);
    put_back!(storage_folder_id);
    put_back!(groups);
    put_back!(trashed_at);
    let cm = |x: &Asset| {
        x.custom_meta
            .iter()
            .map(|c| (c.field_id, c.text.clone(), c.date.clone()))
            .collect::<Vec<_>>()
    };
    if cm(a) == cm(after) {
        a.custom_meta = before.custom_meta.clone();
    }
    a.updated_at = now;
}

/// A new pending job reverting job `idx`; refused for unfinished jobs, jobs that changed
/// nothing and jobs older than 30 days.
pub fn make_undo(w: &mut World, idx: usize, guid: String, now: i64) -> Result<Value, String> {
    let job = &w.jobs[idx];
    if !job.state.is_finished() {
        return Err(format!(
            "Bulk job is {}; only finished jobs can be undone",
            job.state.name()
        ));
    }
    if now - job.created_at > UNDO_MAX_AGE_MS {
        return Err("Bulk jobs older than 30 days cannot be undone".into());
    }
    if job.changes.is_empty() {
        return Err("Bulk job changed no assets; nothing to undo".into());
    }
    let ids = job.changes.iter().map(|c| c.0).collect();
    let ops = Ops {
        revert: Some(Arc::new(job.changes.clone())),
        ..Ops::default()
    };
    let undo = BulkJob::new(w.db.fresh_id(), guid, ids, ops, now);
    let v = undo.to_json();
    w.jobs.push(undo);
    Ok(v)
}

impl JobState {
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobState::Processed | JobState::Errored | JobState::Canceled
        )
    }
}

/// Takes the oldest pending job, marks it processing; errors it at once for unknown ids.
/// Returns its index when there is work to do.
fn start_next(state: &AppState) -> Option<usize> {
    let mut w = state.world();
    let w = &mut *w;
    let idx = w.jobs.iter().position(|j| j.state == JobState::Pending)?;
    let now = now_ms();
    let job = &mut w.jobs[idx];
    job.state = JobState::Processing;
    job.started_at = Some(now);
    job.progress = Some(0.0);
    let unknown: Vec<String> = job
        .asset_ids
        .iter()
        .filter(|id| w.db.asset_idx(**id).is_none())
        .map(|id| id.to_string())
        .collect();
    if !unknown.is_empty() {
        job.state = JobState::Errored;
        job.finished_at = Some(now);
        job.error_message = Some(format!(
            "Couldn't find Asset with 'id'=[{}]",
            unknown.join(", ")
        ));
    }
    Some(idx)
}

/// The step pause in force and the error to inject into this job, if any (used up).
fn job_knobs(state: &AppState) -> (Duration, Option<String>) {
    let mut f = state.faults.lock().unwrap_or_else(|e| e.into_inner());
    let step = match f.settings.job_step_ms {
        0 => STEP_MS,
        ms => ms,
    };
    let error = if f.job_error_used {
        None
    } else {
        f.settings.job_error.clone()
    };
    if error.is_some() {
        f.job_error_used = true;
    }
    (Duration::from_millis(step), error)
}

/// The background runner: one job at a time, FIFO.
pub async fn runner(state: AppState) {
    loop {
        if state.is_shutting_down() {
            return;
        }
        let Some(idx) = start_next(&state) else {
            tokio::select! {
                _ = state.jobs_wake.notified() => {}
                _ = state.wait_shutdown() => return,
            }
            continue;
        };
        let (ids, ops) = {
            let w = state.world();
            let j = &w.jobs[idx];
            if j.state != JobState::Processing {
                continue;
            }
            (j.asset_ids.clone(), j.ops.clone())
        };
        let (step, fail_with) = job_knobs(&state);
        let n = ids.len();
        let steps = steps_for(n);
        let mut done = 0;
        for k in 1..=steps {
            state.sleep(step).await;
            if state.is_shutting_down() {
                return;
            }
            let mut w = state.world();
            let w = &mut *w;
            if w.jobs[idx].state != JobState::Processing {
                break; // canceled
            }
            let now = now_ms();
            if let Some(msg) = &fail_with
                && k * 2 > steps
            {
                let j = &mut w.jobs[idx];
                j.state = JobState::Errored;
                j.error_message = Some(msg.clone());
                j.finished_at = Some(now);
                break;
            }
            let target = n * k / steps;
            for id in &ids[done..target] {
                let Some(ai) = w.db.asset_idx(*id) else {
                    continue;
                };
                let before = Box::new(w.db.assets[ai].clone());
                let warning = match &ops.revert {
                    Some(changes) => {
                        if let Some((_, b, a)) = changes.iter().find(|c| c.0 == *id) {
                            revert_one(&mut w.db, ai, b, a, now);
                        }
                        None
                    }
                    None => apply_one(&mut w.db, ai, &ops, now),
                };
                let after = Box::new(w.db.assets[ai].clone());
                let j = &mut w.jobs[idx];
                j.changes.push((*id, before, after));
                if let Some(warn) = warning
                    && !j.warnings.contains(&warn)
                {
                    j.warnings.push(warn);
                }
            }
            done = target;
            w.jobs[idx].progress = Some((k as f64 * 1000.0 / steps as f64).round() / 10.0);
        }
        let mut w = state.world();
        let j = &mut w.jobs[idx];
        if j.state == JobState::Processing {
            j.state = JobState::Processed;
            j.progress = Some(100.0);
            j.finished_at = Some(now_ms());
        }
    }
}

/// `{guid, queue_position, queue_depth, aasm_state, progress}`.
pub fn queue_position(jobs: &[BulkJob], idx: usize) -> Value {
    let job = &jobs[idx];
    let active = |j: &BulkJob| matches!(j.state, JobState::Pending | JobState::Processing);
    let (pos, depth) = if job.state == JobState::Pending {
        let ahead = jobs[..idx].iter().filter(|j| active(j)).count()
            + jobs[idx + 1..]
                .iter()
                .filter(|j| j.state == JobState::Processing)
                .count();
        (
            json!(ahead + 1),
            json!(jobs.iter().filter(|j| active(j)).count()),
        )
    } else {
        (Value::Null, Value::Null)
    };
    json!({"guid": job.guid, "queue_position": pos, "queue_depth": depth,
           "aasm_state": job.state.name(), "progress": job.progress})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::ids;

    fn db() -> Db {
        crate::seed::test_db(false)
    }
    fn body(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn validation() {
        let db = db();
        let e = parse_create(&db, &body(json!({"asset_ids": [], "tag_names": ["x"]}))).unwrap_err();
        assert!(e.contains_key("asset_ids"));
        let e = parse_create(
            &db,
            &body(json!({"asset_ids": [1], "rating": 9, "tag_mode": "zap", "tag_names": ["x"]})),
        )
        .unwrap_err();
        assert!(e.contains_key("rating") && e.contains_key("tag_mode"));
        let e = parse_create(&db, &body(json!({"asset_ids": [1]}))).unwrap_err();
        assert!(e.contains_key("base"));
        let e = parse_create(&db, &body(json!({"asset_ids": [1], "add_asset_group_id": 999999, "add_asset_group_type": "Collection"}))).unwrap_err();
        assert!(e.contains_key("add_asset_group_id"));
        let (ids, ops) = parse_create(
            &db,
            &body(json!({"asset_ids": [1, "2"], "destroy_all": true})),
        )
        .unwrap();
        assert_eq!(ids, vec![1, 2]);
        assert_eq!(ops.action(), "Bulk Asset Edit: Trash");
    }

    #[test]
    fn operations_apply() {
        let mut db = db();
        let (_, ops) = parse_create(
            &db,
            &body(
                json!({"asset_ids": [1], "tag_names": ["bulk-tag"], "tag_mode": "add",
                "description": "APPENDED", "description_mode": "append", "rating": 3,
                "rights_package_id": ids::RIGHTS_OWNED,
                "add_asset_group_id": ids::LIGHTBOX_HOME_GROUP, "add_asset_group_type": "Lightbox",
                "custom_meta": {"Category": "Internal"}, "generate_alt_text": true,
                "run_custom_meta_field_ids": [4506], "cmf_overwrite_mode": "overwrite"}),
            ),
        )
        .unwrap();
        apply_one(&mut db, 10, &ops, 5);
        let a = &db.assets[10];
        assert!(a.tags.iter().any(|t| db.tag_name(t.tag_id) == "bulk-tag"));
        assert!(a.text("description").unwrap().ends_with(" APPENDED"));
        assert_eq!(a.rating, Some(3));
        assert_eq!(a.rights_status.as_deref(), Some("owned"));
        assert!(a.groups.contains(&ids::LIGHTBOX_HOME_GROUP));
        assert_eq!(edit::cm_text(a, 4504).as_deref(), Some("Internal"));
        assert!(a.text("alt_text").unwrap().starts_with("Photograph: "));
        assert!(edit::cm_text(a, 4506).is_some());

        let (_, remove) = parse_create(&db, &body(json!({"asset_ids": [1], "tag_names": ["bulk-tag"], "tag_mode": "remove", "destroy_all": true}))).unwrap();
        apply_one(&mut db, 10, &remove, 6);
        assert!(
            !db.assets[10]
                .tags
                .iter()
                .any(|t| db.tag_name(t.tag_id) == "bulk-tag")
        );
        assert!(db.assets[10].trashed_at.is_some());
        let (_, restore) =
            parse_create(&db, &body(json!({"asset_ids": [1], "restore_all": true}))).unwrap();
        apply_one(&mut db, 10, &restore, 7);
        assert!(db.assets[10].trashed_at.is_none());
    }

    #[test]
    fn undo_reverts_unchanged_fields_and_is_refused_after_30_days() {
        let mut w = World {
            db: db(),
            jobs: Vec::new(),
            downloads: Default::default(),
            downloads_made: 0,
            file_bytes_sent: 0,
            saved_searches: crate::saved_searches::SavedSearches::seeded(),
            uploads: Default::default(),
            upload_bytes_received: 0,
            share_links: Vec::new(),
            shares: Vec::new(),
            lightbox_people: Default::default(),
            comments: Vec::new(),
            versions: Default::default(),
            notifications: Vec::new(),
            workflows: Default::default(),
        };
        let id = w.db.assets[10].id;
        let before = w.db.assets[10].clone();
        let (_, ops) = parse_create(
            &w.db,
            &body(json!({"asset_ids": [id], "rating": 5, "tag_names": ["undo-me"], "description": "new"})),
        )
        .unwrap();
        apply_one(&mut w.db, 10, &ops, 5);
        let after = w.db.assets[10].clone();
        // The user changes the description again after the job: undo keeps that.
        w.db.assets[10].set_text("description", Some("edited later".into()));
        let mut job = BulkJob::new(1, "g1".into(), vec![id], ops, 1_000);
        job.state = JobState::Processed;
        job.changes
            .push((id, Box::new(before.clone()), Box::new(after)));
        w.jobs.push(job);
        assert!(make_undo(&mut w, 0, "g2".into(), 1_000 + UNDO_MAX_AGE_MS + 1).is_err());
        let v = make_undo(&mut w, 0, "g2".into(), 2_000).unwrap();
        assert_eq!(v["action"], json!("Bulk Asset Edit: Undo"));
        let undo = w.jobs[1].ops.revert.clone().unwrap();
        let (_, b, a) = &undo[0];
        revert_one(&mut w.db, 10, b, a, 3_000);
        let now = &w.db.assets[10];
        assert_eq!(now.rating, before.rating);
        assert_eq!(now.tags.len(), before.tags.len());
        assert_eq!(now.text("description"), Some("edited later"));
        w.jobs[0].state = JobState::Processing;
        assert!(
            make_undo(&mut w, 0, "g3".into(), 2_000).is_err(),
            "unfinished"
        );
    }

    #[test]
    fn queue_positions() {
        let mk = |state| {
            let mut j = BulkJob::new(1, "g".into(), vec![1], Ops::default(), 0);
            j.state = state;
            j
        };
        let jobs = vec![
            mk(JobState::Processed),
            mk(JobState::Processing),
            mk(JobState::Pending),
            mk(JobState::Pending),
        ];
        assert_eq!(queue_position(&jobs, 3)["queue_position"], json!(3));
        assert_eq!(queue_position(&jobs, 3)["queue_depth"], json!(3));
        assert!(queue_position(&jobs, 0)["queue_position"].is_null());
        assert_eq!(steps_for(2), 10);
        assert_eq!(steps_for(150), 30);
        assert_eq!(steps_for(100_000), 40);
    }
}
