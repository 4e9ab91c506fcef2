use super::*;
use crate::folder_ops::NonEmptyFolder;
use crate::message::ImagePolicy;
use crate::search_results::{SearchRequest, SearchScope};
use crate::sort::{SortDirection, SortKey, SortOrder};
use crate::{FolderPath, Uid};

fn folder(name: &str) -> FolderPath {
    FolderPath(name.to_owned())
}

/// A call of `route` through its builder; exhaustive, so a new route does not compile
/// until it has one.
fn built(route: Route) -> Call {
    let (inbox, uid) = (folder("Projets/Été"), Uid(7));
    match route {
        Route::SignIn => sign_in(),
        Route::CurrentSession => current_session(),
        Route::SignOut => sign_out(),
        Route::ListFolders => list_folders(),
        Route::CreateFolder => create_folder(),
        Route::DeleteFolder => delete_folder(&inbox, NonEmptyFolder::Refuse),
        Route::RenameFolder => rename_folder(&inbox),
        Route::Subscription => subscription(&inbox),
        Route::MoveMessages => transfer(&inbox, TransferKind::Move),
        Route::CopyMessages => transfer(&inbox, TransferKind::Copy),
        Route::ListMessages => messages(&inbox, Some(uid), 50),
        Route::Message => message(&inbox, uid),
        Route::MessageText => message_text(&inbox, uid),
        Route::MessageHeaders => message_headers(&inbox, uid),
        Route::Delivery => delivery(&inbox, uid),
        Route::Report => report(&inbox, uid),
        Route::Transit => transit(&inbox, uid),
        Route::BodyHtml => body_html(&inbox, uid, ImagePolicy::Shown),
        Route::Attachment => attachment(&inbox, uid, 2),
        Route::Flags => flags(&inbox),
        Route::Send => send(),
        Route::ComposeCapabilities => compose_capabilities(),
        Route::Receipt => receipt(&inbox, uid),
        Route::Upload => upload(),
        Route::RemoveUpload => remove_upload("a/b c"),
        Route::SaveDraft => save_draft(),
        Route::OpenDraft => open_draft(&inbox, uid),
        Route::Addresses => addresses("Éric <e", 8),
        Route::GetSettings => get_settings(),
        Route::PutSettings => put_settings(),
        Route::SieveStatus => sieve_status(Some(4190)),
        Route::InstallSieve => install_sieve(),
        Route::Discover => discover("jean@example.test"),
        Route::ConnectionTest => connection_test(),
        Route::Search => search(&SearchRequest {
            text: "de:alice \"ordre du jour\" & x".into(),
            scope: SearchScope::Folder(inbox),
            sort: SortOrder::default(),
            offset: 50,
            limit: 50,
        }),
    }
}

#[test]
fn search_calls_carry_every_parameter_encoded() {
    let mut request = SearchRequest {
        text: "de:élodie \"a&b\"".into(),
        scope: SearchScope::Folder(folder("Projets/Été")),
        sort: SortOrder {
            key: SortKey::Sender,
            direction: SortDirection::Ascending,
        },
        offset: 0,
        limit: 20,
    };
    assert_eq!(
        search(&request).url,
        "/api/search?q=de%3A%C3%A9lodie%20%22a%26b%22&sort=sender&order=asc&offset=0&limit=20\
         &folder=Projets%2F%C3%89t%C3%A9"
    );
    request.scope = SearchScope::AllFolders;
    assert!(!search(&request).url.contains("folder="));
}

/// Whether `path` is `template` with each `{name}` replaced by one non-empty segment.
fn fills(template: &str, path: &str) -> bool {
    let (wanted, got): (Vec<&str>, Vec<&str>) =
        (template.split('/').collect(), path.split('/').collect());
    wanted.len() == got.len()
        && wanted.iter().zip(&got).all(|(want, have)| {
            if want.starts_with('{') && want.ends_with('}') {
                !have.is_empty() && !have.contains(['{', '}'])
            } else {
                want == have
            }
        })
}

#[test]
fn every_builder_fills_its_route_template_with_its_method() {
    for route in Route::ALL {
        let call = built(route);
        assert_eq!(call.method, route.method(), "{route:?}");
        let path = call.url.split('?').next().unwrap_or_default();
        assert!(fills(route.template(), path), "{route:?}: {}", call.url);
    }
}

#[test]
fn every_route_is_listed_once_and_each_method_and_path_pair_is_unique() {
    for (i, route) in Route::ALL.iter().enumerate() {
        for other in &Route::ALL[i + 1..] {
            assert_ne!(route, other);
            assert!(
                (route.method(), route.template()) != (other.method(), other.template()),
                "{route:?} and {other:?} are the same route"
            );
        }
    }
}

#[test]
fn folder_paths_are_one_encoded_segment() {
    assert_eq!(
        messages(&folder("INBOX"), None, 50).url,
        "/api/folders/INBOX/messages?limit=50"
    );
    assert_eq!(
        messages(&folder("Projets/2026 été"), Some(Uid(42)), 50).url,
        "/api/folders/Projets%2F2026%20%C3%A9t%C3%A9/messages?limit=50&before=42"
    );
    assert_eq!(flags(&folder("a?b#c")).url, "/api/folders/a%3Fb%23c/flags");
}

#[test]
fn folder_administration_urls() {
    let projects = folder("Projets/Été");
    assert_eq!(
        delete_folder(&projects, NonEmptyFolder::MoveToTrash).url,
        "/api/folders/Projets%2F%C3%89t%C3%A9?messages=move_to_trash"
    );
    assert_eq!(
        delete_folder(&projects, NonEmptyFolder::Refuse),
        Call {
            method: Method::Delete,
            url: "/api/folders/Projets%2F%C3%89t%C3%A9?messages=refuse".into()
        }
    );
    assert_eq!(rename_folder(&folder("A")).url, "/api/folders/A/rename");
    assert_eq!(
        subscription(&folder("A")).url,
        "/api/folders/A/subscription"
    );
    assert_eq!(
        transfer(&folder("INBOX"), TransferKind::Move).url,
        "/api/folders/INBOX/move"
    );
    assert_eq!(
        transfer(&folder("INBOX"), TransferKind::Copy).url,
        "/api/folders/INBOX/copy"
    );
    assert_eq!(
        messages_after(&folder("INBOX"), Uid(12), 200).url,
        "/api/folders/INBOX/messages?limit=200&after=12"
    );
    assert_eq!(
        message_headers(&folder("Listes/été"), Uid(3)).url,
        "/api/folders/Listes%2F%C3%A9t%C3%A9/messages/3/headers"
    );
    assert_eq!(sieve_status(Some(4190)).url, "/api/sieve?port=4190");
    assert_eq!(sieve_status(None).url, "/api/sieve");
    assert_eq!(install_sieve().method, Method::Put);
}

#[test]
fn message_urls() {
    let inbox = folder("INBOX");
    assert_eq!(message(&inbox, Uid(7)).url, "/api/folders/INBOX/messages/7");
    assert_eq!(
        body_html(&inbox, Uid(7), ImagePolicy::Blocked).url,
        "/api/folders/INBOX/messages/7/body.html?images=blocked"
    );
    assert_eq!(
        body_html(&inbox, Uid(7), ImagePolicy::Shown).url,
        "/api/folders/INBOX/messages/7/body.html?images=shown"
    );
    assert_eq!(
        attachment(&inbox, Uid(7), 2).url,
        "/api/folders/INBOX/messages/7/attachments/2"
    );
    assert_eq!(
        open_draft(&folder("Brouillons"), Uid(9)).url,
        "/api/folders/Brouillons/messages/9/draft"
    );
    assert_eq!(
        receipt(&inbox, Uid(6)),
        Call {
            method: Method::Post,
            url: "/api/folders/INBOX/messages/6/receipt".into()
        }
    );
}

#[test]
fn compose_and_setup_urls_encode_what_was_typed() {
    assert_eq!(remove_upload("a/b c").url, "/api/uploads/a%2Fb%20c");
    assert_eq!(
        addresses("Éric <e", 8).url,
        "/api/addresses?q=%C3%89ric%20%3Ce&limit=8"
    );
    assert_eq!(
        discover("jean+x@example.test").url,
        "/api/setup/discover?email=jean%2Bx%40example.test"
    );
    assert_eq!(
        path_segment("devis été (2).pdf"),
        "devis%20%C3%A9t%C3%A9%20%282%29.pdf"
    );
}
