//! Reusable pieces of the screens.

pub mod error_notice;
pub mod folder_list;
pub mod icons;
pub mod locale_switch;
pub mod message_list;
pub mod reader;
