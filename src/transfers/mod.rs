//! Moving files between Mediagraph and this machine: local naming here; the transfers
//! themselves run in `worker::transfers`, and the queue the user sees is
//! `panes::transfers`.

pub mod journal;
pub mod names;
pub(crate) mod paths;
