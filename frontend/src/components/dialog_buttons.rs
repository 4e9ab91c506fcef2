//! The row of buttons at the bottom of every dialog: Cancel first, then the dialog's
//! own actions (its submit button, or several choices).

use crate::i18n::MailText;
use crate::state::tr;
use leptos::prelude::*;

/// How the row lays out the dialog's actions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ButtonRow {
    /// Cancel and one action.
    #[default]
    Pair,
    /// Cancel and several choices, which wrap on narrow screens.
    Choices,
}

/// Cancel, then the actions given as children.
#[component]
pub fn DialogButtons(
    /// What Cancel does (closes the dialog).
    on_cancel: Callback<()>,
    /// The `data-testid` of Cancel, where tests press it.
    #[prop(optional)]
    cancel_testid: Option<&'static str>,
    #[prop(optional)] layout: ButtonRow,
    /// The dialog's own buttons, after Cancel.
    children: Children,
) -> impl IntoView {
    let class = match layout {
        ButtonRow::Pair => "dialog-buttons",
        ButtonRow::Choices => "dialog-buttons dialog-choices",
    };
    view! {
        <div class=class>
            <button type="button" class="button" data-testid=cancel_testid on:click=move |_| on_cancel.run(())>
                {tr(MailText::Cancel)}
            </button>
            {children()}
        </div>
    }
}
