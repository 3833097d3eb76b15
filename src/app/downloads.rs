//! The transfer queue and where downloads go (`download_dir` in config.toml).

use std::path::PathBuf;

use crate::panes::transfers::TransferQueue;

#[derive(Debug)]
pub struct Downloads {
    pub queue: TransferQueue,
    /// Where downloads are saved.
    pub dir: PathBuf,
    /// `dir` was changed (`:download-dir`) and is to be remembered in config.toml.
    pub(crate) dir_changed: bool,
    /// New versions sent and not yet processed by the server.
    pub(crate) version_watches: Vec<super::state::version_watch::VersionWatch>,
}

impl Default for Downloads {
    fn default() -> Downloads {
        Downloads {
            queue: TransferQueue::default(),
            dir: crate::paths::download_dir(),
            dir_changed: false,
            version_watches: Vec::new(),
        }
    }
}
