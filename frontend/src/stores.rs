//! The signed-in screen's stores: data and the operations on it, shared by the views that
//! render them. A store holds no translated text and imports no view or component; the
//! views read its signals and call its operations.

pub mod compose_start;
pub mod mailbox;
pub mod mailbox_link;
pub mod rules_exec;
pub mod rules_runner;
pub mod settings_store;
