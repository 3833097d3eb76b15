//! Who is signed in, to which organisation, whether the server answers, and the
//! organisation's own vocabulary (custom meta fields, rights packages) that the details
//! pane, the editor and the bulk dialog all read.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::api::models::{CustomMetaField, RightsPackage, User};
use crate::backoff::Backoff;

/// After a failed sign-in check, the first retry waits this long; later ones longer.
const WHOAMI_RETRY_FIRST: Duration = Duration::from_secs(2);
const WHOAMI_RETRY_CEILING: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Unknown,
    Ok,
    Failing(String),
}

pub struct Session {
    pub user: Option<User>,
    pub org_name: Option<String>,
    pub connection: Connection,
    /// The sign-in check failed: when to ask again.
    pub(crate) whoami_retry: Option<Instant>,
    pub(crate) whoami_backoff: Backoff,
    /// Nothing that writes leaves (`--read-only`).
    pub read_only: bool,
    /// Profiles, the active one, and a switch the user asked for.
    pub account: super::account::AccountView,
    /// The organisation's asset custom meta fields (with vocabularies and AI flags).
    pub fields: Vec<CustomMetaField>,
    /// Custom meta field id → name, for the details view.
    pub field_names: HashMap<i64, String>,
    pub rights_packages: Vec<RightsPackage>,
    /// The web app's address (`y` copies asset links under it) and the organisation's
    /// slug in it.
    pub web_base: String,
    pub org_slug: Option<String>,
    /// The unseen-notification count and its polling.
    pub notices: super::state::Notices,
    /// The rights packages were asked for (once, for the editor and the bulk dialog).
    pub(crate) rights_requested: bool,
}

impl Default for Session {
    fn default() -> Session {
        Session {
            user: None,
            org_name: None,
            connection: Connection::Unknown,
            whoami_retry: None,
            whoami_backoff: Backoff::new(WHOAMI_RETRY_FIRST, WHOAMI_RETRY_CEILING),
            read_only: false,
            account: Default::default(),
            fields: Vec::new(),
            field_names: HashMap::new(),
            rights_packages: Vec::new(),
            web_base: "https://mediagraph.io".to_string(),
            org_slug: None,
            notices: Default::default(),
            rights_requested: false,
        }
    }
}

impl Session {
    pub(crate) fn set_fields(&mut self, fields: Vec<CustomMetaField>) {
        self.field_names = fields
            .iter()
            .filter_map(|f| f.name.clone().map(|n| (f.id, n)))
            .collect();
        self.fields = fields;
    }
}
