//! The preferences screen: sending identities with their signatures, the read-receipt
//! policy, and whether new messages ask for delivery receipts. Everything is saved
//! in the roaming settings, so every device of the account shares it.

use crate::components::error_notice::ErrorNotice;
use crate::components::icons::{BackIcon, GearIcon};
use crate::components::settings_save_error::SettingsSaveError;
use crate::i18n::{PreferencesText, RulesText, Text};
use crate::identity_form::{IdentityError, form_rows, identities_to_store};
use crate::settings::{ReadReceiptPolicy, SendingIdentity, SettingsEdit};
use crate::state::tr;
use crate::stores::settings_store::{SettingsStatus, SettingsStore};
use facteur_model::compose::DsnNotify;
use leptos::prelude::*;

/// The preferences of the signed-in `account`.
#[component]
pub fn PreferencesView(account: String, on_back: Callback<()>) -> impl IntoView {
    let store = expect_context::<SettingsStore>();
    view! {
        <main class="preferences-screen" data-testid="preferences-screen">
            <header class="rules-header">
                <button
                    type="button"
                    class="button back-button"
                    data-testid="preferences-back"
                    on:click=move |_| on_back.run(())
                >
                    <BackIcon />
                    {tr(PreferencesText::Back)}
                </button>
                <h2>{tr(PreferencesText::Preferences)}</h2>
            </header>
            <SettingsSaveError store />
            <Show when=move || store.saving.get()>
                <p class="hint" role="status" data-testid="settings-saving">{tr(RulesText::Saving)}</p>
            </Show>
            {move || match store.status.get() {
                SettingsStatus::Loading => {
                    view! { <p role="status">{tr(Text::Loading)}</p> }.into_any()
                }
                SettingsStatus::Failed(error) => {
                    view! {
                        <p>{tr(PreferencesText::SettingsNotLoaded)}</p>
                        <ErrorNotice error=Signal::stored(Some(error)) />
                        <button type="button" class="button" on:click=move |_| store.load()>
                            {tr(Text::Retry)}
                        </button>
                    }
                        .into_any()
                }
                SettingsStatus::Ready => ().into_any(),
            }}
            <Show when=move || store.is_ready()>
                <IdentitiesForm account=account.clone() store />
                <ReceiptPolicyChoice store />
                <DsnDefault store />
            </Show>
        </main>
    }
}

/// The header button that opens (or closes) the preferences: a gear, and its label
/// where there is room for it.
#[component]
pub fn PreferencesButton(open: Signal<bool>, on_toggle: Callback<()>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button preferences-button"
            class:active=move || open.get()
            data-testid="open-preferences"
            title=tr(PreferencesText::Preferences)
            aria-pressed=move || if open.get() { "true" } else { "false" }
            on:click=move |_| on_toggle.run(())
        >
            <GearIcon />
            <span class="preferences-label">{tr(PreferencesText::Preferences)}</span>
        </button>
    }
}

/// One row of the identities form, its fields editable in place.
#[derive(Debug, Clone, Copy)]
struct Row {
    id: u32,
    email: RwSignal<String>,
    name: RwSignal<String>,
    signature: RwSignal<String>,
}

impl Row {
    fn new(id: u32, identity: SendingIdentity) -> Row {
        Row {
            id,
            email: RwSignal::new(identity.email),
            name: RwSignal::new(identity.name),
            signature: RwSignal::new(identity.signature),
        }
    }

    fn identity(self) -> SendingIdentity {
        SendingIdentity {
            email: self.email.get_untracked(),
            name: self.name.get_untracked(),
            signature: self.signature.get_untracked(),
        }
    }
}

/// The account's identity first (its address fixed), then the others: add, remove, save.
#[component]
fn IdentitiesForm(account: String, store: SettingsStore) -> impl IntoView {
    let next_id = StoredValue::new(0_u32);
    let new_row = move |identity| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        Row::new(id, identity)
    };
    let stored = store
        .settings
        .with_untracked(|s| form_rows(&s.sending_identities, &account));
    let rows = RwSignal::new(stored.into_iter().map(new_row).collect::<Vec<_>>());
    let errors = RwSignal::new(Vec::<(u32, IdentityError)>::new());
    let saved = RwSignal::new(false);
    let account = StoredValue::new(account);

    let save = move |_| {
        let current = rows.get_untracked();
        let identities: Vec<_> = current.iter().map(|r| r.identity()).collect();
        match account.with_value(|a| identities_to_store(&identities, a)) {
            Ok(list) => {
                errors.set(Vec::new());
                store.edit(vec![SettingsEdit::SetSendingIdentities(list)]);
                saved.set(true);
            }
            Err(found) => {
                let by_row = found
                    .into_iter()
                    .filter_map(|(index, error)| current.get(index).map(|r| (r.id, error)))
                    .collect();
                errors.set(by_row);
                saved.set(false);
            }
        }
    };
    let add = move |_| {
        rows.update(|r| r.push(new_row(SendingIdentity::default())));
        saved.set(false);
    };

    view! {
        <section class="preferences-block" data-testid="identities">
            <h3>{tr(PreferencesText::IdentitiesTitle)}</h3>
            <p class="hint">{tr(PreferencesText::IdentitiesIntro)}</p>
            <ul class="identity-list" role="list">
                <For each=move || rows.get() key=|row| row.id let:row>
                    <IdentityRow
                        row
                        is_account=rows.with_untracked(|r| r.first().map(|f| f.id)) == Some(row.id)
                        error=Signal::derive(move || {
                            errors.with(|e| e.iter().find(|(id, _)| *id == row.id).map(|(_, e)| *e))
                        })
                        on_edit=Callback::new(move |()| saved.set(false))
                        on_remove=Callback::new(move |()| {
                            rows.update(|r| r.retain(|other| other.id != row.id));
                            saved.set(false);
                        })
                    />
                </For>
            </ul>
            <div class="preferences-buttons">
                <button type="button" class="button" data-testid="identity-add" on:click=add>
                    {tr(PreferencesText::AddIdentity)}
                </button>
                <button type="button" class="button button-primary" data-testid="identities-save" on:click=save>
                    {tr(PreferencesText::SaveIdentities)}
                </button>
            </div>
            <Show when=move || saved.get()>
                <p class="hint" role="status" data-testid="identities-saved">
                    {tr(PreferencesText::IdentitiesSaved)}
                </p>
            </Show>
        </section>
    }
}

/// The fields of one identity.
#[component]
fn IdentityRow(
    row: Row,
    is_account: bool,
    error: Signal<Option<IdentityError>>,
    on_edit: Callback<()>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let field_id = move |field: &str| format!("identity-{}-{field}", row.id);
    let email_field = if is_account {
        view! {
            <span class="identity-account">
                <span class="label-text">{tr(PreferencesText::AccountIdentity)}</span>
                " "
                <strong data-testid="identity-account">{move || row.email.get()}</strong>
            </span>
        }
        .into_any()
    } else {
        view! {
            <label class="field" for=field_id("email")>
                <span class="label-text">{tr(PreferencesText::IdentityEmail)}</span>
                <input
                    id=field_id("email")
                    type="email"
                    autocomplete="email"
                    data-testid="identity-email"
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    prop:value=move || row.email.get()
                    on:input=move |ev| {
                        row.email.set(event_target_value(&ev));
                        on_edit.run(());
                    }
                />
            </label>
        }
        .into_any()
    };
    let remove = (!is_account).then(|| {
        view! {
            <button
                type="button"
                class="button"
                data-testid="identity-remove"
                on:click=move |_| on_remove.run(())
            >
                {tr(PreferencesText::RemoveIdentity)}
            </button>
        }
    });
    view! {
        <li class="identity-row" data-testid="identity-row">
            {email_field}
            {move || {
                error
                    .get()
                    .map(|error| {
                        let text = match error {
                            IdentityError::InvalidEmail => PreferencesText::InvalidIdentityEmail,
                            IdentityError::Duplicate => PreferencesText::DuplicateIdentity,
                        };
                        view! {
                            <p class="field-error" role="alert" data-testid="identity-error">{tr(text)}</p>
                        }
                    })
            }}
            <label class="field" for=field_id("name")>
                <span class="label-text">{tr(PreferencesText::IdentityName)}</span>
                <input
                    id=field_id("name")
                    type="text"
                    autocomplete="name"
                    data-testid="identity-name"
                    prop:value=move || row.name.get()
                    on:input=move |ev| {
                        row.name.set(event_target_value(&ev));
                        on_edit.run(());
                    }
                />
            </label>
            <label class="field" for=field_id("signature")>
                <span class="label-text">{tr(PreferencesText::Signature)}</span>
                <textarea
                    id=field_id("signature")
                    rows="3"
                    data-testid="identity-signature"
                    prop:value=move || row.signature.get()
                    on:input=move |ev| {
                        row.signature.set(event_target_value(&ev));
                        on_edit.run(());
                    }
                ></textarea>
            </label>
            {remove}
        </li>
    }
}

/// Ask, never or always, saved at once.
#[component]
fn ReceiptPolicyChoice(store: SettingsStore) -> impl IntoView {
    let choices = [
        (ReadReceiptPolicy::Ask, PreferencesText::ReceiptsAsk, "ask"),
        (
            ReadReceiptPolicy::Never,
            PreferencesText::ReceiptsNever,
            "never",
        ),
        (
            ReadReceiptPolicy::Always,
            PreferencesText::ReceiptsAlways,
            "always",
        ),
    ]
    .into_iter()
    .map(|(policy, label, value)| {
        let current = move || store.settings.with(|s| s.read_receipts) == policy;
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name="receipt-policy"
                    value=value
                    data-testid=format!("receipt-policy-{value}")
                    prop:checked=current
                    on:change=move |_| {
                        if store.settings.with_untracked(|s| s.read_receipts) != policy {
                            store.edit(vec![SettingsEdit::SetReadReceipts(policy)]);
                        }
                    }
                />
                <span>{tr(label)}</span>
            </label>
        }
    })
    .collect_view();
    view! {
        <section class="preferences-block" data-testid="receipt-policy">
            <fieldset>
                <legend>{tr(PreferencesText::ReceiptsTitle)}</legend>
                <p class="hint">{tr(PreferencesText::ReceiptsIntro)}</p>
                {choices}
            </fieldset>
        </section>
    }
}

/// "Request a delivery receipt for every new message", and whether successes are
/// reported too.
#[component]
fn DsnDefault(store: SettingsStore) -> impl IntoView {
    view! {
        <section class="preferences-block">
            <h3>{tr(PreferencesText::DeliveryTitle)}</h3>
            <label class="choice">
                <input
                    type="checkbox"
                    data-testid="dsn-default"
                    prop:checked=move || store.settings.with(|s| s.request_dsn_by_default)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        store.edit(vec![SettingsEdit::SetRequestDsnByDefault(on)]);
                    }
                />
                <span>{tr(PreferencesText::DsnByDefault)}</span>
            </label>
            <label class="choice">
                <input
                    type="checkbox"
                    data-testid="dsn-success-default"
                    prop:disabled=move || !store.settings.with(|s| s.request_dsn_by_default)
                    prop:checked=move || {
                        store.settings.with(|s| s.dsn_notify_by_default == DsnNotify::AlsoSuccess)
                    }
                    on:change=move |ev| {
                        let notify = if event_target_checked(&ev) {
                            DsnNotify::AlsoSuccess
                        } else {
                            DsnNotify::FailureAndDelay
                        };
                        store.edit(vec![SettingsEdit::SetDsnNotifyByDefault(notify)]);
                    }
                />
                <span>{tr(PreferencesText::DsnSuccessByDefault)}</span>
            </label>
            <p class="hint">{tr(PreferencesText::DsnHint)}</p>
        </section>
    }
}
