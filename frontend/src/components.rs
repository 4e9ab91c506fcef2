//! Reusable pieces of the screens.

pub mod alert_field;
pub mod alerts;
pub mod compose;
pub mod delivery_status;
pub mod dialog_buttons;
pub mod error_notice;
pub mod folder_dialog;
pub mod folder_list;
pub mod folder_picker;
pub mod icons;
pub mod locale_switch;
pub mod message_list;
pub mod reader;
pub mod reader_actions;
pub mod receipt_prompt;
pub mod report_summary;
pub mod rule_editor;
pub mod rule_list;
pub mod rule_rows;
pub mod rule_templates;
pub mod run_panel;
pub mod server_fields;
pub mod shortcuts_dialog;
pub mod sieve_panel;
pub mod success_receipt_option;
pub mod transit;
