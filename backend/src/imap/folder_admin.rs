//! Creating, renaming, deleting and subscribing folders.
//!
//! The inbox and special-use folders are never renamed or deleted; a folder holding
//! messages is only deleted when the user chose what becomes of them, and "move them to
//! the Trash" uses the same safe move as everything else, checking nothing is left before
//! the folder goes.

use super::capabilities::{features, leave_folder};
use super::connect::ImapSession;
use super::error::{folder_error, imap_error};
use super::folder_names::{self, checked_path, is_below, is_inbox, path_to_create, refusal};
use super::folders::{ListedFolder, hierarchy_delimiter, list_all};
use super::mutf7;
use super::raw::{self, Completion};
use super::transfer::{Transfer, quoted, transfer};
use crate::error::{Error, Result};
use facteur_model::FolderPath;
use facteur_model::folder::FolderRole;
use facteur_model::folder_name::NameContext;
use facteur_model::folder_ops::{CreateFolder, FolderDeleted, NonEmptyFolder};

/// Creates a folder and subscribes to it; returns its path.
pub async fn create_folder(
    session: &mut ImapSession,
    request: &CreateFolder,
) -> Result<FolderPath> {
    let delimiter = hierarchy_delimiter(session).await?;
    let listed = list_all(session).await?;
    let folders = folder_names::existing(&listed);
    let context = NameContext {
        delimiter: delimiter.as_deref(),
        folders: &folders,
        renaming: None,
    };
    let path = path_to_create(request, &context)?;
    if is_inbox(&path) {
        return Err(Error::FolderExists(path));
    }
    create_path(session, &path).await?;
    subscribe(session, &path, true).await?;
    Ok(FolderPath(path))
}

/// CREATE, with "it is already there" told apart from other refusals.
pub async fn create_path(session: &mut ImapSession, path: &str) -> Result<()> {
    let wire = mutf7::encode(path);
    let reply = raw::run(session, &format!("CREATE {}", quoted(&wire))).await?;
    if reply.completion == Completion::Ok {
        return Ok(());
    }
    // Not every server sends [ALREADYEXISTS]: look before blaming the name.
    if reply.bracket_code() == Some("ALREADYEXISTS") || find(session, path).await?.is_some() {
        return Err(Error::FolderExists(path.to_owned()));
    }
    Err(refusal(path, reply.text))
}

/// Renames `from` (and its subfolders) to `to`; returns the new path.
pub async fn rename_folder(
    session: &mut ImapSession,
    from: &FolderPath,
    to: &FolderPath,
) -> Result<FolderPath> {
    let delimiter = hierarchy_delimiter(session).await?;
    let listed = list_all(session).await?;
    let source = existing(&listed, from)?;
    protect(source)?;
    let folders = folder_names::existing(&listed);
    let context = NameContext {
        delimiter: delimiter.as_deref(),
        folders: &folders,
        renaming: Some(&source.path),
    };
    let to = checked_path(to.as_str(), &context)?;
    if source.path == to {
        return Ok(FolderPath(to));
    }
    if is_inbox(&to) {
        return Err(Error::FolderExists(to));
    }
    let features = features(session).await?;
    leave_folder(session, features).await?;
    let reply = raw::run(
        session,
        &format!(
            "RENAME {} {}",
            quoted(&source.wire_name),
            quoted(&mutf7::encode(&to))
        ),
    )
    .await?;
    match reply.completion {
        Completion::Ok => {}
        _ => return Err(refusal(&to, reply.text)),
    }
    // Subscriptions follow names, not folders, on many servers: carry it over.
    let _ = subscribe(session, &to, true).await;
    let _ = subscribe(session, &source.path, false).await;
    Ok(FolderPath(to))
}

/// Deletes `folder`, first doing with its messages what `policy` says.
pub async fn delete_folder(
    session: &mut ImapSession,
    folder: &FolderPath,
    policy: NonEmptyFolder,
) -> Result<FolderDeleted> {
    let listed = list_all(session).await?;
    let target = existing(&listed, folder)?.clone();
    protect(&target)?;
    let children: Vec<&str> = listed
        .iter()
        .filter(|entry| is_below(&entry.path, &target.path, target.delimiter.as_deref()))
        .map(|entry| entry.path.as_str())
        .collect();
    let messages = message_count(session, &target).await?;
    if !children.is_empty() {
        return Err(Error::FolderNotEmpty {
            detail: format!(
                "{} has subfolders ({}): delete or move them first",
                target.path,
                children.join(", ")
            ),
            messages,
        });
    }
    let mut result = FolderDeleted {
        path: target_path(&target),
        moved_to_trash: 0,
        destroyed: 0,
    };
    if messages > 0 {
        match policy {
            NonEmptyFolder::Refuse => {
                return Err(Error::FolderNotEmpty {
                    detail: format!("{} holds {messages} messages", target.path),
                    messages,
                });
            }
            NonEmptyFolder::MoveToTrash => {
                result.moved_to_trash = empty_into_trash(session, &listed, &target).await?;
            }
            NonEmptyFolder::Destroy => result.destroyed = messages,
        }
    }
    let features = features(session).await?;
    leave_folder(session, features).await?;
    let reply = raw::run(session, &format!("DELETE {}", quoted(&target.wire_name))).await?;
    if reply.completion != Completion::Ok {
        return Err(refusal(&target.path, reply.text));
    }
    let _ = subscribe(session, &target.path, false).await;
    Ok(result)
}

/// Moves everything in `target` to the Trash, then checks nothing is left (a copy-only
/// server, or mail that arrived meanwhile, keeps the folder).
async fn empty_into_trash(
    session: &mut ImapSession,
    listed: &[ListedFolder],
    target: &ListedFolder,
) -> Result<u32> {
    let trash = listed
        .iter()
        .find(|entry| entry.role == Some(FolderRole::Trash))
        .ok_or_else(|| Error::FolderNotFound("this account has no Trash folder".into()))?;
    session
        .select(&target.wire_name)
        .await
        .map_err(|e| folder_error(&target.path, e))?;
    let mut uids: Vec<u32> = session
        .uid_search("ALL")
        .await
        .map_err(imap_error)?
        .into_iter()
        .collect();
    uids.sort_unstable();
    let mut moved = 0;
    for chunk in uids.chunks(super::transfer::MAX_UIDS) {
        let result = transfer(
            session,
            &target_path(target),
            &target_path(trash),
            chunk,
            Transfer::Move,
        )
        .await?;
        moved += result.moved.unwrap_or(0);
    }
    let left = message_count(session, target).await?;
    if left > 0 {
        return Err(Error::FolderNotEmpty {
            detail: format!(
                "{} still holds {left} messages after moving {moved} to the Trash; \
                 it was not deleted",
                target.path
            ),
            messages: left,
        });
    }
    Ok(moved)
}

/// Adds `path` to or removes it from the subscription list.
pub async fn subscribe(session: &mut ImapSession, path: &str, subscribed: bool) -> Result<()> {
    let command = if subscribed {
        "SUBSCRIBE"
    } else {
        "UNSUBSCRIBE"
    };
    raw::run(
        session,
        &format!("{command} {}", quoted(&mutf7::encode(path))),
    )
    .await?
    .ok()?;
    Ok(())
}

/// Checks the folder exists, then changes its subscription.
pub async fn set_subscription(
    session: &mut ImapSession,
    folder: &FolderPath,
    subscribed: bool,
) -> Result<()> {
    if find(session, folder.as_str()).await?.is_none() {
        return Err(Error::FolderNotFound(folder.as_str().to_owned()));
    }
    subscribe(session, folder.as_str(), subscribed).await
}

async fn find(session: &mut ImapSession, path: &str) -> Result<Option<ListedFolder>> {
    let listed = list_all(session).await?;
    Ok(listed
        .into_iter()
        .find(|entry| entry.path == path || (is_inbox(path) && is_inbox(&entry.path))))
}

fn existing<'a>(listed: &'a [ListedFolder], folder: &FolderPath) -> Result<&'a ListedFolder> {
    listed
        .iter()
        .find(|entry| entry.path == folder.as_str())
        .ok_or_else(|| Error::FolderNotFound(folder.as_str().to_owned()))
}

/// The inbox and special-use folders stay: other clients and the server rely on them.
fn protect(entry: &ListedFolder) -> Result<()> {
    match entry.role {
        Some(role) => Err(Error::FolderProtected(format!(
            "{} is the {} folder",
            entry.path,
            serde_json::to_value(role)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        ))),
        None if is_inbox(&entry.path) => Err(Error::FolderProtected(entry.path.clone())),
        None => Ok(()),
    }
}

async fn message_count(session: &mut ImapSession, entry: &ListedFolder) -> Result<u32> {
    if !entry.selectable {
        return Ok(0);
    }
    let status = session
        .status(&entry.wire_name, "(MESSAGES)")
        .await
        .map_err(|e| folder_error(&entry.path, e))?;
    Ok(status.exists)
}

fn target_path(entry: &ListedFolder) -> FolderPath {
    FolderPath(entry.path.clone())
}
