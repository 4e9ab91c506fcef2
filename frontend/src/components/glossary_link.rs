//! [`GlossaryLink`], which turns a term anywhere in the app into a link to its glossary
//! entry, and [`GlossaryHint`], the compact "?" after a label.

use crate::help_route::HelpPage;
use crate::i18n::SetupText;
use crate::i18n::glossary_text::{Term, term_name};
use crate::state::use_locale;
use leptos::prelude::*;

/// A term as a link to its glossary entry; shows the term's name unless given other
/// content (a label's own words, or a compact "?").
#[component]
pub fn GlossaryLink(
    term: Term,
    /// What the link shows instead of the term's name.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let locale = use_locale();
    let name = move || term_name(locale.get(), term);
    let content = match children {
        Some(children) => children().into_any(),
        None => name.into_any(),
    };
    view! {
        <a
            class="glossary-link"
            href=HelpPage::Glossary(Some(term)).fragment()
            data-testid=format!("glossary-link-{}", term.slug())
            title=move || {
                let locale = locale.get();
                let glossary = SetupText::GlossaryTitle.get(locale);
                locale.pick(format!("{glossary} : {}", name()), format!("{glossary}: {}", name()))
            }
        >
            {content}
        </a>
    }
}

/// A "?" after a label, linking to the term's entry (its name for screen readers).
#[component]
pub fn GlossaryHint(term: Term) -> impl IntoView {
    let locale = use_locale();
    view! {
        <GlossaryLink term>
            <span class="glossary-hint" aria-hidden="true">"?"</span>
            <span class="visually-hidden">{move || term_name(locale.get(), term)}</span>
        </GlossaryLink>
    }
}
