//! Facteur's browser app: a Leptos single-page app that talks JSON to the bridge.
//!
//! **Architecture invariant:** only this crate touches the DOM, and only [`api`] builds
//! URLs of the bridge. Every string the user reads goes through [`i18n`].

pub mod alert_example;
pub mod alert_stack;
pub mod api;
pub mod app;
pub mod components;
pub mod compose;
pub mod folder_names;
pub mod help_route;
pub mod i18n;
pub mod identity_form;
pub mod keyboard;
pub mod locale_choice;
pub mod login_form;
pub mod owned_task;
pub mod panic_notice;
pub mod rule_checks;
pub mod rule_form;
pub mod settings;
pub mod setup_form;
pub mod setup_report;
pub mod state;
pub mod stores;
#[cfg(test)]
mod test_messages;
pub mod time_zone;
pub mod views;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the app into `<body>`; the boot script calls it once the module is loaded.
#[wasm_bindgen]
pub fn mount() {
    panic_notice::install();
    leptos::mount::mount_to_body(app::App);
}
