//! SMTP: the sign-in check that the server answers, and message submission.

pub mod data;
pub mod envelope;
pub mod extensions;
pub mod probe;
pub mod reply;
pub mod submit;
