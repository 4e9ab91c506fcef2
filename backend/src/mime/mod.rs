//! MIME: parsing raw messages with mail-parser, sanitizing HTML bodies, and the headers
//! for serving bodies and attachments.

pub mod charset;
pub mod document;
pub mod download;
pub mod encoded_words;
pub mod frameset;
pub mod headers;
pub mod parse;
pub mod rich_text;
pub mod sanitize;
pub mod skeleton;
pub mod transfer_decoding;
