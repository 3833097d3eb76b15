//! Mediagraph API client: typed calls over reqwest, tolerant models, typed errors.

pub mod client;
mod comments;
pub mod de;
pub mod endpoints;
pub mod error;
mod group_writes;
mod lightbox_members;
mod lightbox_owner;
pub mod models;
mod notifications;
pub mod routes;
pub mod secret;
mod share_links;
mod shares;
pub mod uploads;
mod versions;
mod workflows;

pub use client::{ApiClient, Auth, ClientConfig, Credentials, PageDialect, Paged, RetryPolicy};
pub use endpoints::SearchPage;
pub use error::{ApiError, ApiResult};
pub use secret::Secret;
