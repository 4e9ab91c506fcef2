//! SMTP: for now, the sign-in check that the SMTP server answers.

pub mod probe;
