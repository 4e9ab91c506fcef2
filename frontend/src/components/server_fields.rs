//! One server's host, port and security, as the sign-in form and the setup wizard both
//! edit them, with links to the glossary for the jargon.

use crate::components::glossary_link::{GlossaryHint, GlossaryLink};
use crate::i18n::Text;
use crate::i18n::glossary_text::Term;
use crate::login_form::{self, LoginForm, ServerFields};
use crate::state::{tr, use_locale};
use facteur_model::api::Security;
use leptos::prelude::*;

/// Which server of the form a fieldset edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Imap,
    Smtp,
}

impl Which {
    fn slug(self) -> &'static str {
        match self {
            Which::Imap => "imap",
            Which::Smtp => "smtp",
        }
    }

    fn read(self, form: &LoginForm) -> &ServerFields {
        match self {
            Which::Imap => &form.imap,
            Which::Smtp => &form.smtp,
        }
    }

    fn write(self, form: &mut LoginForm) -> &mut ServerFields {
        match self {
            Which::Imap => &mut form.imap,
            Which::Smtp => &mut form.smtp,
        }
    }
}

/// Host, port and security of one server.
#[component]
pub fn ServerFieldset(
    which: Which,
    /// Start of the ids and test ids (`login`, `setup`): both screens can be in the
    /// page at once (setup is a page over the sign-in screen), and ids must stay unique.
    id_prefix: &'static str,
    form: RwSignal<LoginForm>,
    /// Called after every edit, so the screen can react (stop suggesting servers, drop
    /// a test result that no longer applies).
    on_edit: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let (legend, term) = match which {
        Which::Imap => (Text::IncomingServer, Term::Imap),
        Which::Smtp => (Text::OutgoingServer, Term::Smtp),
    };
    let edit = move |change: Box<dyn FnOnce(&mut ServerFields)>| {
        form.update(|f| change(which.write(f)));
        on_edit.run(());
    };
    let id = |field: &str| format!("{id_prefix}-{}-{field}", which.slug());
    let (host_id, port_id, security_id) = (id("host"), id("port"), id("security"));
    let security = move || form.with(|f| which.read(f).security);
    let option = move |value: Security, label: Text| {
        view! {
            <option value=login_form::security_code(value) prop:selected=move || security() == value>
                {move || locale.text(label)}
            </option>
        }
    };
    view! {
        <fieldset class="server-fieldset">
            <legend>{tr(legend)} " " <GlossaryHint term /></legend>
            <div class="field field-host">
                <label for=host_id.clone()>{tr(Text::Host)}</label>
                <input
                    id=host_id.clone()
                    type="text"
                    autocapitalize="none"
                    spellcheck="false"
                    data-testid=host_id
                    prop:value=move || form.with(|f| which.read(f).host.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        edit(Box::new(move |s| s.host = value));
                    }
                />
            </div>
            <div class="field field-port">
                <label for=port_id.clone()>{tr(Text::Port)} " " <GlossaryHint term=Term::Port /></label>
                <input
                    id=port_id.clone()
                    type="text"
                    inputmode="numeric"
                    data-testid=port_id
                    prop:value=move || form.with(|f| which.read(f).port.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        edit(Box::new(move |s| s.port = value));
                    }
                />
            </div>
            <div class="field field-security">
                <label for=security_id.clone()>{tr(Text::Security)}</label>
                <select
                    id=security_id.clone()
                    data-testid=security_id
                    on:change=move |ev| {
                        if let Some(value) = login_form::parse_security(&event_target_value(&ev)) {
                            edit(Box::new(move |s| s.security = value));
                        }
                    }
                >
                    {option(Security::Tls, Text::SecurityTls)}
                    {option(Security::StartTls, Text::SecurityStartTls)}
                    {option(Security::Plain, Text::SecurityPlain)}
                </select>
                <p class="hint glossary-terms">
                    <GlossaryLink term=Term::SslTls /> " · " <GlossaryLink term=Term::StartTls />
                </p>
            </div>
        </fieldset>
    }
}
