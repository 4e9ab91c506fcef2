//! Small inline SVG icons, drawn with `currentColor` so they follow the theme.

use leptos::prelude::*;

/// A line drawing on the 16×16 grid, stroked in `currentColor` with round ends: every
/// icon but the flag is one such path.
#[component]
pub fn StrokeIcon(
    /// The path's drawing commands.
    d: &'static str,
    /// The line's width in grid units.
    #[prop(default = "1.5")]
    width: &'static str,
) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path
                d=d
                fill="none"
                stroke="currentColor"
                stroke-width=width
                stroke-linecap="round"
                stroke-linejoin="round"
            ></path>
        </svg>
    }
}

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
        <StrokeIcon
            d="M10.5 4.5v6a2.5 2.5 0 0 1-5 0V4a1.5 1.5 0 0 1 3 0v6a.5.5 0 0 1-1 0V5"
            width="1.3"
        />
    }
}

/// Three lines, for the folder menu button.
#[component]
pub fn MenuIcon() -> impl IntoView {
    view! { <StrokeIcon d="M2 4h12M2 8h12M2 12h12" /> }
}

/// A left arrow, for back buttons.
#[component]
pub fn BackIcon() -> impl IntoView {
    view! { <StrokeIcon d="M10 3L5 8l5 5" width="1.6" /> }
}

/// A door with an arrow, for signing out.
#[component]
pub fn SignOutIcon() -> impl IntoView {
    view! { <StrokeIcon d="M6 2H3v12h3M10 5l3 3-3 3M13 8H6" /> }
}

/// A funnel, for the sorting rules.
#[component]
pub fn RulesIcon() -> impl IntoView {
    view! { <StrokeIcon d="M2 3h12l-4.5 5.5V13l-3 1.5v-6z" width="1.4" /> }
}

/// A circular arrow, for refreshing the list.
#[component]
pub fn RefreshIcon() -> impl IntoView {
    view! { <StrokeIcon d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v3h-3" /> }
}

/// A pen, for the "New message" button.
#[component]
pub fn ComposeIcon() -> impl IntoView {
    view! {
        <StrokeIcon
            d="M2.5 13.5l.8-3.2 7.4-7.4a1.6 1.6 0 0 1 2.3 2.3l-7.4 7.4zM9.5 4l2.5 2.5"
            width="1.4"
        />
    }
}

/// Two chain links, for the composer's link button.
#[component]
pub fn LinkIcon() -> impl IntoView {
    view! {
        <StrokeIcon
            d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 0 1 3.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 0 1-3.5-3.5L5.5 8"
            width="1.4"
        />
    }
}

/// A gear, for the preferences button.
#[component]
pub fn GearIcon() -> impl IntoView {
    view! {
        <StrokeIcon
            d="M10.2 8a2.2 2.2 0 1 1-4.4 0a2.2 2.2 0 1 1 4.4 0M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4"
            width="1.4"
        />
    }
}
