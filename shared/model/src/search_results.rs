//! The search route's request and answer: what to search where, in which order, and
//! one page of matches labelled by folder.

use crate::message::MessageSummary;
use crate::search::SearchError;
use crate::sort::SortOrder;
use crate::{FolderPath, UidValidity};
use serde::{Deserialize, Serialize};

/// The deepest an all-folders search pages (`offset + limit`): each folder's first
/// matches are fetched and merged, so depth costs in every folder.
pub const MAX_ALL_FOLDERS_DEPTH: u32 = 1000;

/// Where to search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", content = "folder", rename_all = "snake_case")]
pub enum SearchScope {
    /// One folder.
    Folder(FolderPath),
    /// Every folder that holds messages, searched concurrently.
    AllFolders,
}

/// A search to make: the box's text (parsed again by the bridge), scope, order, page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub text: String,
    pub scope: SearchScope,
    pub sort: SortOrder,
    /// How many matches to skip (the previous pages).
    pub offset: u32,
    pub limit: u32,
}

/// One match: the message's list line and the folder it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub folder: FolderPath,
    pub uid_validity: UidValidity,
    pub message: MessageSummary,
}

/// How the matches were put in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortedBy {
    /// The mail server sorted (IMAP SORT).
    Server,
    /// The server cannot sort: the bridge did, from each message's headers and flags.
    Bridge,
}

/// One page of matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// Matches in all (in every searched folder).
    pub total: u32,
    /// Pass as `offset` for the next page; `None` on the last one.
    pub next_offset: Option<u32>,
    pub sorted_by: SortedBy,
    /// Folders that could not be searched (an all-folders search goes on without them).
    #[serde(default)]
    pub unsearched: Vec<FolderPath>,
}

/// The `search_error` member of an `invalid_search` problem.
pub type InvalidSearch = SearchError;
