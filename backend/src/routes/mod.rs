//! HTTP handlers, one module per resource; each parses the request, calls a domain
//! function and maps the result.

pub mod extract;
pub mod folders;
pub mod messages;
pub mod session;
pub mod static_files;
