//! The details pane: the selected asset's full record once fetched, and how far it is
//! scrolled.

use crate::api::models::Asset;

#[derive(Debug)]
pub struct DetailsPane {
    /// Full details of the selected asset, when fetched.
    pub asset: Option<Asset>,
    pub scroll: u16,
    /// Largest useful scroll, as last drawn.
    pub max_scroll: std::cell::Cell<u16>,
}

impl Default for DetailsPane {
    fn default() -> DetailsPane {
        DetailsPane {
            asset: None,
            scroll: 0,
            max_scroll: std::cell::Cell::new(u16::MAX),
        }
    }
}
