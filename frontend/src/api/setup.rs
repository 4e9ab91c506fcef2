//! The account-setup routes: discovery and the connection test (no session needed).

use super::{ApiError, prepare, read_json, routes, send_json};
use gloo_net::http::Request;
use providers::setup_api::{ConnectionTestReport, ConnectionTestRequest, DiscoveryReport};

/// `GET /api/setup/discover?email=`: the settings found for `email`, and every source tried.
pub async fn discover(email: &str) -> Result<DiscoveryReport, ApiError> {
    let url = routes::setup_discover(email);
    read_json(prepare(Request::get(&url)).send().await).await
}

/// `POST /api/setup/test`: checks both servers with these settings; a failed check is a
/// report with a diagnosis, not an error.
pub async fn test_connection(
    request: &ConnectionTestRequest,
) -> Result<ConnectionTestReport, ApiError> {
    send_json(Request::post(&routes::setup_test()), request).await
}
