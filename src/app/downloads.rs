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
}

impl Default for Downloads {
    fn default() -> Downloads {
        Downloads {
            queue: TransferQueue::default(),
            dir: crate::paths::download_dir(),
            dir_changed: false,
        }
    }
}
