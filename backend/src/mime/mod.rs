//! MIME: parsing raw messages with mail-parser, sanitizing HTML bodies, and the headers
//! for serving bodies and attachments.

pub mod document;
pub mod download;
pub mod headers;
pub mod parse;
pub mod rich_text;
pub mod sanitize;
