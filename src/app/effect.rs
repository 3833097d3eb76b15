//! What the app asks the event loop (or a test) to do outside itself: files to write.

/// Local side effects the app asks the event loop (or a test) to perform.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Replace the drafts file with these drafts (none: remove it).
    WriteDrafts(Vec<crate::editor::Draft>),
    /// Remember the tile size in config.toml.
    SaveTileSize(crate::panes::grid::TileSize),
    /// Remember what a submitted bulk job was asked to do (guid, description).
    RecordJob(String, crate::bulk::monitor::Described),
}
