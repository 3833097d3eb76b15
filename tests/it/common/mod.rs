#![allow(dead_code)]

pub mod pty;
#[cfg(unix)]
pub mod script;
pub mod ui;

use std::time::Duration;

use mgtui::api::client::AnswerLimits;
use mgtui::api::{ApiClient, Auth, ClientConfig, Credentials, RetryPolicy, Secret};
use mgtui::demo::{DemoOptions, DemoServer};

/// Retries fast enough for tests, same rules as production.
pub fn test_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        max_total: Duration::from_secs(10),
        max_retry_after: Duration::from_secs(5),
    }
}

pub fn client_for(server: &DemoServer, timeout: Duration) -> ApiClient {
    client_with_limits(server, timeout, AnswerLimits::default())
}

/// A client whose answers may weigh at most `limits`.
pub fn client_with_limits(
    server: &DemoServer,
    timeout: Duration,
    limits: AnswerLimits,
) -> ApiClient {
    let mut cfg = ClientConfig::new(
        server.base_url(),
        Credentials {
            auth: Auth::Pat(Secret::new(server.token())),
            organization_id: Some(server.organization_id()),
        },
    );
    cfg.timeout = timeout;
    cfg.retry = test_retry();
    cfg.limits = limits;
    ApiClient::new(cfg).expect("client")
}

pub async fn start() -> (DemoServer, ApiClient) {
    start_with(DemoOptions::default()).await
}

pub async fn start_with(opts: DemoOptions) -> (DemoServer, ApiClient) {
    let server = DemoServer::start(opts).await.expect("demo server starts");
    let client = client_for(&server, Duration::from_secs(10));
    (server, client)
}
