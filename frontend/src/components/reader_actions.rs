//! Reply, reply all, forward and forward as attachment for the open message, or
//! "Continue writing" for a draft: each opens the composer with what it starts from.

use crate::components::icons::StrokeIcon;
use crate::i18n::ReaderText;
use crate::state::tr;
use crate::stores::compose_start::{ComposeStart, Composer};
use facteur_model::message::MessageDetail;
use leptos::prelude::*;

/// What the reader can start from the open message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderAction {
    Reply,
    ReplyAll,
    Forward,
    ForwardAsAttachment,
    /// Reopen a draft in the composer.
    ContinueDraft,
}

impl ReaderAction {
    /// The actions offered for a received or sent message, in toolbar order.
    pub const FOR_MESSAGE: [ReaderAction; 4] = [
        ReaderAction::Reply,
        ReaderAction::ReplyAll,
        ReaderAction::Forward,
        ReaderAction::ForwardAsAttachment,
    ];

    /// The button's `data-testid`, which the keyboard shortcuts also click.
    pub fn testid(self) -> &'static str {
        match self {
            ReaderAction::Reply => "reply",
            ReaderAction::ReplyAll => "reply-all",
            ReaderAction::Forward => "forward",
            ReaderAction::ForwardAsAttachment => "forward-attachment",
            ReaderAction::ContinueDraft => "continue-draft",
        }
    }

    /// The button's label.
    pub fn label(self) -> ReaderText {
        match self {
            ReaderAction::Reply => ReaderText::Reply,
            ReaderAction::ReplyAll => ReaderText::ReplyAll,
            ReaderAction::Forward => ReaderText::Forward,
            ReaderAction::ForwardAsAttachment => ReaderText::ForwardAsAttachment,
            ReaderAction::ContinueDraft => ReaderText::ContinueDraft,
        }
    }

    /// Where the composer starts for this action on `message`.
    pub fn start(self, message: &MessageDetail) -> ComposeStart {
        let message = Box::new(message.clone());
        match self {
            ReaderAction::Reply => ComposeStart::Reply {
                message,
                all: false,
            },
            ReaderAction::ReplyAll => ComposeStart::Reply { message, all: true },
            ReaderAction::Forward => ComposeStart::Forward {
                message,
                as_attachment: false,
            },
            ReaderAction::ForwardAsAttachment => ComposeStart::Forward {
                message,
                as_attachment: true,
            },
            ReaderAction::ContinueDraft => ComposeStart::Draft {
                folder: message.folder.clone(),
                uid: message.summary.uid,
            },
        }
    }

    /// The action a key press asks for: `r` reply, `a` reply all, `f` forward. Presses
    /// with Ctrl, Alt or Meta belong to the browser.
    pub fn for_key(key: &str, with_modifier: bool) -> Option<ReaderAction> {
        if with_modifier {
            return None;
        }
        match key {
            "r" => Some(ReaderAction::Reply),
            "a" => Some(ReaderAction::ReplyAll),
            "f" => Some(ReaderAction::Forward),
            _ => None,
        }
    }
}

/// The reader's action buttons for `message`; `is_draft` offers "Continue writing"
/// instead. Nothing when no composer is provided (a reader shown on its own).
#[component]
pub fn ReaderActions(message: MessageDetail, is_draft: bool) -> impl IntoView {
    let composer = use_context::<Composer>();
    let actions: &[ReaderAction] = if is_draft {
        &[ReaderAction::ContinueDraft]
    } else {
        &ReaderAction::FOR_MESSAGE
    };
    let message = StoredValue::new(message);
    composer.map(|composer| {
        let buttons = actions
            .iter()
            .map(|&action| {
                view! {
                    <button
                        type="button"
                        class="button reader-action"
                        data-testid=action.testid()
                        title=tr(action.label())
                        on:click=move |_| composer.open(message.with_value(|m| action.start(m)))
                    >
                        <ActionIcon action />
                        <span class="reader-action-label">{tr(action.label())}</span>
                    </button>
                }
            })
            .collect_view();
        view! {
            <div class="reader-actions" role="group" aria-label=tr(ReaderText::MessageActions)>
                {buttons}
            </div>
        }
    })
}

/// The icon of an action (arrows drawn with `currentColor`).
#[component]
fn ActionIcon(action: ReaderAction) -> impl IntoView {
    let path = match action {
        ReaderAction::Reply => "M6 4L2 8l4 4M2 8h7a5 5 0 0 1 5 5",
        ReaderAction::ReplyAll => "M7 4L3 8l4 4M10 4L6 8l4 4M6 8h4a4 4 0 0 1 4 4",
        ReaderAction::Forward => "M10 4l4 4-4 4M14 8H7a5 5 0 0 0-5 5",
        ReaderAction::ForwardAsAttachment => "M2 3h7v10H2zM11 5l3 3-3 3M14 8H9",
        ReaderAction::ContinueDraft => "M3 13l1-4 7-7 3 3-7 7zM9 4l3 3",
    };
    view! { <StrokeIcon d=path /> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_messages;
    use facteur_model::message::MessageSummary;
    use facteur_model::{FolderPath, Uid};

    fn detail() -> MessageDetail {
        MessageDetail {
            folder: FolderPath("Drafts".into()),
            message_id: Some("<a@b>".into()),
            text: Some("Bonjour".into()),
            ..test_messages::detail(MessageSummary {
                subject: "Devis".into(),
                ..test_messages::summary(7)
            })
        }
    }

    #[test]
    fn each_action_starts_the_composer_its_way() {
        let message = detail();
        let boxed = Box::new(message.clone());
        assert_eq!(
            ReaderAction::Reply.start(&message),
            ComposeStart::Reply {
                message: boxed.clone(),
                all: false
            }
        );
        assert_eq!(
            ReaderAction::ReplyAll.start(&message),
            ComposeStart::Reply {
                message: boxed.clone(),
                all: true
            }
        );
        assert_eq!(
            ReaderAction::ForwardAsAttachment.start(&message),
            ComposeStart::Forward {
                message: boxed,
                as_attachment: true
            }
        );
        assert_eq!(
            ReaderAction::ContinueDraft.start(&message),
            ComposeStart::Draft {
                folder: FolderPath("Drafts".into()),
                uid: Uid(7)
            }
        );
    }

    #[test]
    fn keys_map_to_actions() {
        assert_eq!(ReaderAction::for_key("r", false), Some(ReaderAction::Reply));
        assert_eq!(
            ReaderAction::for_key("a", false),
            Some(ReaderAction::ReplyAll)
        );
        assert_eq!(
            ReaderAction::for_key("f", false),
            Some(ReaderAction::Forward)
        );
        assert_eq!(ReaderAction::for_key("r", true), None);
        assert_eq!(ReaderAction::for_key("R", false), None);
        assert_eq!(ReaderAction::for_key("z", false), None);
    }
}
