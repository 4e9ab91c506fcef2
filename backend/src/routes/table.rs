//! The API's router, built from the one route list both sides share
//! ([`facteur_model::routes::Route`]): each route's method and path come from there, and
//! the exhaustive match below gives each its handler, so a route cannot be listed without
//! being served, nor served without being listed.

use super::{
    addresses, delivery, drafts, folder_admin, folders, messages, search, send, session, settings,
    setup, sieve, transfer, transit, uploads,
};
use crate::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter, on};
use facteur_model::routes::{Method, Route};

/// Every route of [`Route::ALL`] with its handler.
pub fn api_routes() -> Router<AppState> {
    Route::ALL.into_iter().fold(Router::new(), |router, route| {
        router.route(route.template(), handler(route))
    })
}

fn handler(route: Route) -> MethodRouter<AppState> {
    match route {
        Route::SignIn => serve(route, session::sign_in),
        Route::CurrentSession => serve(route, session::current),
        Route::SignOut => serve(route, session::sign_out),
        Route::ListFolders => serve(route, folders::list),
        Route::CreateFolder => serve(route, folder_admin::create),
        Route::DeleteFolder => serve(route, folder_admin::delete),
        Route::RenameFolder => serve(route, folder_admin::rename),
        Route::Subscription => serve(route, folder_admin::subscription),
        Route::MoveMessages => serve(route, transfer::move_messages),
        Route::CopyMessages => serve(route, transfer::copy_messages),
        Route::ListMessages => serve(route, messages::list),
        Route::Message => serve(route, messages::detail),
        Route::MessageText => serve(route, messages::text),
        Route::MessageHeaders => serve(route, messages::headers),
        Route::Delivery => serve(route, delivery::delivery),
        Route::Report => serve(route, delivery::report),
        Route::Transit => serve(route, transit::transit),
        Route::BodyHtml => serve(route, messages::body_html),
        Route::Attachment => serve(route, messages::download_attachment),
        Route::Flags => serve(route, messages::flags),
        Route::Send => serve(route, send::send),
        Route::ComposeCapabilities => serve(route, send::capabilities),
        Route::Receipt => serve(route, send::answer_receipt),
        // Not JSON: the upload streams the file with its own limit.
        Route::Upload => serve(route, uploads::upload).layer(DefaultBodyLimit::disable()),
        Route::RemoveUpload => serve(route, uploads::remove),
        Route::SaveDraft => serve(route, drafts::save),
        Route::OpenDraft => serve(route, drafts::open),
        Route::Addresses => serve(route, addresses::suggest),
        Route::GetSettings => serve(route, settings::get),
        Route::PutSettings => serve(route, settings::put),
        Route::SieveStatus => serve(route, sieve::get),
        Route::InstallSieve => serve(route, sieve::put),
        Route::Discover => serve(route, setup::discover),
        Route::ConnectionTest => serve(route, setup::test),
        Route::Search => serve(route, search::search),
    }
}

/// `handler` for `route`'s method only.
fn serve<H, T>(route: Route, handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    on(filter(route.method()), handler)
}

fn filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Put => MethodFilter::PUT,
        Method::Delete => MethodFilter::DELETE,
    }
}
