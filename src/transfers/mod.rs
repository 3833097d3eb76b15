//! Moving files between Mediagraph and this machine: local naming, picking and the
//! journals here; the transfers themselves run in `worker::transfers` and
//! `worker::uploads`, and the queue the user sees is `panes::transfers`.

pub mod headless;
pub mod journal;
pub mod local;
pub mod names;
pub(crate) mod paths;
