//! Small inline SVG icons, drawn with `currentColor` so they follow the theme.

use leptos::prelude::*;

/// A flag, for flagged messages.
#[component]
pub fn FlagIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M3 1.5v13h1.5V9.5h4.2l.6 1.2H13V3.2H9.6L9 2H4.5V1.5z" fill="currentColor"></path>
        </svg>
    }
}

/// A paper clip, for messages with attachments.
#[component]
pub fn AttachmentIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path
                d="M10.5 4.5v6a2.5 2.5 0 0 1-5 0V4a1.5 1.5 0 0 1 3 0v6a.5.5 0 0 1-1 0V5"
                fill="none"
                stroke="currentColor"
                stroke-width="1.3"
                stroke-linecap="round"
            ></path>
        </svg>
    }
}

/// Three lines, for the folder menu button.
#[component]
pub fn MenuIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"></path>
        </svg>
    }
}

/// A left arrow, for back buttons.
#[component]
pub fn BackIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M10 3L5 8l5 5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"></path>
        </svg>
    }
}

/// A door with an arrow, for signing out.
#[component]
pub fn SignOutIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path
                d="M6 2H3v12h3M10 5l3 3-3 3M13 8H6"
                fill="none"
                stroke="currentColor"
                stroke-width="1.5"
                stroke-linecap="round"
                stroke-linejoin="round"
            ></path>
        </svg>
    }
}

/// A funnel, for the sorting rules.
#[component]
pub fn RulesIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path
                d="M2 3h12l-4.5 5.5V13l-3 1.5v-6z"
                fill="none"
                stroke="currentColor"
                stroke-width="1.4"
                stroke-linejoin="round"
            ></path>
        </svg>
    }
}

/// A circular arrow, for refreshing the list.
#[component]
pub fn RefreshIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path
                d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v3h-3"
                fill="none"
                stroke="currentColor"
                stroke-width="1.5"
                stroke-linecap="round"
                stroke-linejoin="round"
            ></path>
        </svg>
    }
}
