//! What the app asks the event loop (or a test) to do outside itself: files to write.

/// Local side effects the app asks the event loop (or a test) to perform.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Replace the drafts file with these drafts (none: remove it).
    WriteDrafts(Vec<crate::editor::Draft>),
    /// Remember a top-level setting in config.toml: (key, value, what it is, said to the
    /// user if it cannot be written).
    SaveSetting(&'static str, String, &'static str),
    /// Keep these unfinished downloads in this instance's journal (none: remove it).
    WriteDownloadJournal(Vec<crate::protocol::transfers::DownloadJob>),
    /// Keep these unfinished uploads in this instance's journal (none: remove it).
    WriteUploadJournal(Vec<crate::protocol::transfers::UploadBatch>),
    /// Keep these unsaved loupe judgements in this instance's journal (none: remove it).
    WriteJudgementJournal(Vec<crate::panes::judgements::Unsaved>),
    /// Remember what a submitted bulk job was asked to do (guid, description).
    RecordJob(String, crate::bulk::monitor::Described),
    /// Keep these unsent comments in this instance's journal (none: remove it).
    WriteCommentDrafts(Vec<crate::panes::comments::CommentDraft>),
    /// Write this OSC 52 sequence to the terminal (the text is in the user's clipboard).
    Clipboard(Vec<u8>),
    /// Write these kitty deletions to the terminal: pictures it need not keep any more.
    ForgetImages(Vec<u8>),
}

/// What became of a file the event loop wrote for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum FileReport {
    /// The drafts file could not be written: the edits are only in memory.
    DraftsNotWritten { path: String, error: String },
    /// The drafts file is written (the first success after a failure matters).
    DraftsWritten,
    /// A setting was not saved to config.toml (the file is as it was).
    SettingNotSaved { what: String, error: String },
    /// The bulk-job journal was not written.
    JournalNotWritten(String),
    /// The journal of unfinished downloads or uploads (`uploads`) was not written: they
    /// will not resume.
    TransferJournalNotWritten { uploads: bool, error: String },
    /// The journal of unsent comments was not written: a crash would lose them.
    CommentDraftsNotWritten(String),
    /// The journal of unsaved judgements was not written: a crash would lose them.
    JudgementJournalNotWritten(String),
}
