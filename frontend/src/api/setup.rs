//! The account-setup routes: discovery and the connection test (no session needed).

use super::{ApiError, read_json, request, send_json};
use facteur_model::routes;
use facteur_providers::setup_api::{ConnectionTestReport, ConnectionTestRequest, DiscoveryReport};

/// `GET /api/setup/discover?email=`: the settings found for `email`, and every source tried.
pub async fn discover(email: &str) -> Result<DiscoveryReport, ApiError> {
    read_json(request(routes::discover(email)).send().await).await
}

/// `POST /api/setup/test`: checks both servers with these settings; a failed check is a
/// report with a diagnosis, not an error.
pub async fn test_connection(
    request: &ConnectionTestRequest,
) -> Result<ConnectionTestReport, ApiError> {
    send_json(routes::connection_test(), request).await
}
