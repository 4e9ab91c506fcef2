//! The answer to a read-receipt request (RFC 8098), by the user's policy: ask with a
//! banner, send without asking ("always"), or decline silently ("never").

use crate::api::ApiError;
use crate::api::delivery as api;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{self, ReaderText};
use crate::owned_task::TaskOwner;
use crate::settings::ReadReceiptPolicy;
use crate::state::{Session, tr, use_locale};
use facteur_model::compose::ReceiptAnswer;
use facteur_model::message::Address;
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;

/// What the policy does with a request, before the user says anything.
pub fn automatic_answer(policy: ReadReceiptPolicy) -> Option<ReceiptAnswer> {
    match policy {
        ReadReceiptPolicy::Ask => None,
        ReadReceiptPolicy::Always => Some(ReceiptAnswer::SendAutomatically),
        ReadReceiptPolicy::Never => Some(ReceiptAnswer::Decline),
    }
}

/// Where the answer to the request stands.
#[derive(Debug, Clone, PartialEq)]
enum Answering {
    /// Waiting for the user (policy "ask"), or for the policy to be known.
    Open,
    Sending,
    Done(ReceiptAnswer),
    Failed(ApiError),
}

/// Answers the read-receipt request of the message `uid` in `folder`, made by
/// `requester`. `policy` is `None` until the settings are loaded: nothing happens before.
#[component]
pub fn ReceiptPrompt(
    folder: FolderPath,
    uid: Uid,
    requester: Address,
    #[prop(into)] policy: Signal<Option<ReadReceiptPolicy>>,
) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let session = use_context::<Session>();
    let state = RwSignal::new(Answering::Open);
    let folder = StoredValue::new(folder);
    let asked_policy = RwSignal::new(None::<ReadReceiptPolicy>);

    let answer = move |answer: ReceiptAnswer, quiet: bool| {
        state.set(Answering::Sending);
        tasks.spawn(async move {
            let folder = folder.get_value();
            match api::answer_receipt(&folder, uid, answer).await {
                Ok(()) => state.set(Answering::Done(answer)),
                Err(error) if error.ends_session() => {
                    if let Some(session) = session {
                        session.expire();
                    }
                }
                // Declining silently stays silent: nothing was sent, nothing is lost.
                Err(_) if quiet => state.set(Answering::Done(answer)),
                Err(error) => state.set(Answering::Failed(error)),
            }
        });
    };
    // The policy decides once, as soon as it is known.
    Effect::new(move |_| {
        let Some(policy) = policy.get() else {
            return;
        };
        if asked_policy.get_untracked().is_some() {
            return;
        }
        asked_policy.set(Some(policy));
        if let Some(automatic) = automatic_answer(policy) {
            answer(automatic, automatic == ReceiptAnswer::Decline);
        }
    });

    let who = requester.label().to_owned();
    let error = Signal::derive(move || match state.get() {
        Answering::Failed(error) => Some(error),
        _ => None,
    });
    move || {
        let asking = asked_policy.get() == Some(ReadReceiptPolicy::Ask);
        match state.get() {
            Answering::Open | Answering::Failed(_) if asking => {
                let who = who.clone();
                Some(
                    view! {
                        <div class="receipt-banner" role="status" data-testid="receipt-prompt">
                            <p>{move || i18n::receipt_asked(locale.get(), &who)}</p>
                            <ErrorNotice error />
                            <div class="receipt-buttons">
                                <button
                                    type="button"
                                    class="button button-primary"
                                    data-testid="receipt-send"
                                    on:click=move |_| answer(ReceiptAnswer::SendManually, false)
                                >
                                    {tr(ReaderText::SendReceipt)}
                                </button>
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="receipt-decline"
                                    on:click=move |_| answer(ReceiptAnswer::Decline, false)
                                >
                                    {tr(ReaderText::DeclineReceipt)}
                                </button>
                            </div>
                        </div>
                    }
                    .into_any(),
                )
            }
            Answering::Sending if asking => Some(
                view! {
                    <p class="receipt-banner" role="status">{tr(ReaderText::ReceiptSending)}</p>
                }
                .into_any(),
            ),
            Answering::Done(done) if asking || done != ReceiptAnswer::Decline => {
                let text = if done == ReceiptAnswer::Decline {
                    ReaderText::ReceiptDeclined
                } else {
                    ReaderText::ReceiptSent
                };
                Some(
                    view! {
                        <p class="receipt-done" role="status" data-testid="receipt-done">{tr(text)}</p>
                    }
                    .into_any(),
                )
            }
            Answering::Failed(_) => Some(view! { <ErrorNotice error /> }.into_any()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_answers_without_asking_except_ask() {
        assert_eq!(automatic_answer(ReadReceiptPolicy::Ask), None);
        assert_eq!(
            automatic_answer(ReadReceiptPolicy::Always),
            Some(ReceiptAnswer::SendAutomatically)
        );
        assert_eq!(
            automatic_answer(ReadReceiptPolicy::Never),
            Some(ReceiptAnswer::Decline)
        );
    }
}
