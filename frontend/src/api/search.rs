//! Search: the bridge call of the search box.

use super::{ApiError, read_json, request};
use facteur_model::routes;
use facteur_model::search_results::{SearchPage, SearchRequest};

/// `GET /api/search`: one page of the matches of `request`'s text in its scope and
/// order. The text is parsed by the bridge again; check it first with
/// `facteur_model::search::parse_query` to show a translated error without a request.
pub async fn search(search: &SearchRequest) -> Result<SearchPage, ApiError> {
    read_json(request(routes::search(search)).send().await).await
}
