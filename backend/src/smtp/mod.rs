//! SMTP: one session with its own error type, the sign-in check that the server
//! answers, and message submission.

pub mod data;
pub mod envelope;
pub mod error;
pub mod extensions;
pub mod probe;
pub mod reply;
pub mod session;
pub mod submit;
