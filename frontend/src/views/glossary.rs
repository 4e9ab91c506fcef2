//! The glossary page (its links to terms are
//! [`crate::components::glossary_link::GlossaryLink`]).

use crate::components::glossary_link::GlossaryLink;
use crate::i18n::SetupText;
use crate::i18n::glossary_text::{Term, term_definition, term_name};
use crate::state::{tr, use_locale};
use leptos::prelude::*;

/// Every entry of the glossary, each with its anchor `glossary-<term>`; scrolls to
/// `focus` once shown.
#[component]
pub fn GlossaryPage(
    /// The entry to bring into view, if any.
    #[prop(into)]
    focus: Signal<Option<Term>>,
) -> impl IntoView {
    // Bring the asked entry into view once it is in the document.
    Effect::new(move |_| {
        if let Some(term) = focus.get() {
            request_animation_frame(move || scroll_to(&term.anchor()));
        }
    });
    view! {
        <article class="help-page glossary" data-testid="glossary">
            <h1>{tr(SetupText::GlossaryTitle)}</h1>
            <p class="hint">{tr(SetupText::GlossaryIntro)}</p>
            <nav class="glossary-index" aria-label=tr(SetupText::GlossaryTitle)>
                {Term::ALL
                    .into_iter()
                    .map(|term| view! { <GlossaryLink term /> })
                    .collect_view()}
            </nav>
            <GlossaryEntries focus />
        </article>
    }
}

/// Every entry of the glossary, as the glossary page and the setup report show them.
#[component]
pub fn GlossaryEntries(
    /// The entry marked as the one asked for, if any.
    #[prop(into)]
    focus: Signal<Option<Term>>,
) -> impl IntoView {
    let locale = use_locale();
    Term::ALL
        .into_iter()
        .map(|term| {
            let paragraphs = move || {
                term_definition(locale.get(), term)
                    .iter()
                    .map(|paragraph| view! { <p>{*paragraph}</p> })
                    .collect_view()
            };
            view! {
                <section
                    class="glossary-entry"
                    class:focused=move || focus.get() == Some(term)
                    id=term.anchor()
                    data-testid="glossary-entry"
                    data-term=term.slug()
                >
                    <h2>{move || term_name(locale.get(), term)}</h2>
                    {paragraphs}
                </section>
            }
        })
        .collect_view()
}

fn scroll_to(id: &str) {
    if let Some(element) = document().get_element_by_id(id) {
        element.scroll_into_view();
    }
}
