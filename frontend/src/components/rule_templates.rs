//! New rules from the ready-made templates: « Notes à moi-même », professional mail by
//! work domain, newsletters. The destination folder is created when it does not exist.

use crate::api::{self, ApiError};
use crate::components::dialog_buttons::DialogButtons;
use crate::components::error_notice::ErrorNotice;
use crate::folder_names;
use crate::i18n::{Locale, RulesText};
use crate::owned_task::TaskOwner;
use crate::rule_form::{split_addresses, split_domains};
use crate::settings::{Settings, SettingsEdit};
use crate::state::{tr, use_locale};
use facteur_model::FolderPath;
use facteur_model::folder::Folder;
use facteur_model::folder_ops::CreateFolder;
use facteur_rules::templates;
use leptos::prelude::*;

/// The templates offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    NotesToSelf,
    Professional,
    Newsletters,
}

impl Template {
    fn testid(self) -> &'static str {
        match self {
            Template::NotesToSelf => "template-notes",
            Template::Professional => "template-professional",
            Template::Newsletters => "template-newsletters",
        }
    }

    fn title(self) -> RulesText {
        match self {
            Template::NotesToSelf => RulesText::TemplateNotes,
            Template::Professional => RulesText::TemplateProfessional,
            Template::Newsletters => RulesText::TemplateNewsletters,
        }
    }

    fn hint(self) -> RulesText {
        match self {
            Template::NotesToSelf => RulesText::TemplateNotesHint,
            Template::Professional => RulesText::TemplateProfessionalHint,
            Template::Newsletters => RulesText::TemplateNewslettersHint,
        }
    }

    /// The folder the template files into by default.
    pub fn default_folder(self, locale: Locale) -> &'static str {
        match self {
            Template::NotesToSelf => "Personnel",
            Template::Professional => "Professionnel",
            Template::Newsletters => locale.pick("Lettres d'information", "Newsletters"),
        }
    }
}

/// The existing folder a typed name means (by path, then by name), if any.
pub fn find_folder(folders: &[Folder], typed: &str) -> Option<FolderPath> {
    let typed = typed.trim();
    folders
        .iter()
        .find(|f| f.path.as_str() == typed)
        .or_else(|| folders.iter().find(|f| f.name == typed))
        .map(|f| f.path.clone())
}

/// A field of a template's form left empty that the rule cannot do without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingField {
    /// The professional-mail rule without a work domain would match nothing.
    WorkDomains,
    TargetFolder,
}

impl MissingField {
    /// The inline sentence under the field.
    pub fn text(self) -> RulesText {
        match self {
            MissingField::WorkDomains => RulesText::WorkDomainRequired,
            MissingField::TargetFolder => RulesText::TargetFolderRequired,
        }
    }
}

/// The first required field of `template`'s form left empty, if any.
pub fn missing_field(template: Template, folder: &str, domains: &str) -> Option<MissingField> {
    if template == Template::Professional && split_domains(domains).is_empty() {
        Some(MissingField::WorkDomains)
    } else if folder.trim().is_empty() {
        Some(MissingField::TargetFolder)
    } else {
        None
    }
}

/// The edits that add `template`'s rule filing into `folder`.
pub fn template_edits(
    template: Template,
    locale: Locale,
    folder: FolderPath,
    extra_addresses: &str,
    domains: &str,
) -> Vec<SettingsEdit> {
    match template {
        Template::NotesToSelf => vec![
            SettingsEdit::SetExtraIdentities(split_addresses(extra_addresses)),
            SettingsEdit::AddRules(vec![templates::notes_to_self(folder)]),
        ],
        Template::Professional => {
            let domains = split_domains(domains);
            let name = RulesText::TemplateProfessional.get(locale);
            vec![
                SettingsEdit::SetWorkDomains(domains.clone()),
                SettingsEdit::AddRules(vec![templates::professional(name, &domains, folder)]),
            ]
        }
        Template::Newsletters => {
            let name = RulesText::TemplateNewsletters.get(locale);
            vec![SettingsEdit::AddRules(vec![templates::newsletters(
                name, folder,
            )])]
        }
    }
}

/// The template buttons and the small form of the chosen one.
#[component]
pub fn RuleTemplates(
    account: String,
    #[prop(into)] folders: Signal<Vec<Folder>>,
    #[prop(into)] settings: Signal<Settings>,
    /// The edits adding the rule (and the identities or domains typed).
    on_created: Callback<Vec<SettingsEdit>>,
    /// A destination folder was created for the rule.
    on_folder_created: Callback<()>,
) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let chosen = RwSignal::new(None::<Template>);
    let folder = RwSignal::new(String::new());
    let extra = RwSignal::new(String::new());
    let domains = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let missing = RwSignal::new(None::<MissingField>);
    let pending = RwSignal::new(false);

    let choose = move |template: Template| {
        chosen.set(Some(template));
        folder.set(template.default_folder(locale.0.get_untracked()).to_owned());
        settings.with_untracked(|s| {
            extra.set(s.extra_identities.join("\n"));
            domains.set(s.work_domains.join(", "));
        });
        error.set(None);
        missing.set(None);
    };
    let exists = move || folders.with(|list| find_folder(list, &folder.get()).is_some());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(template) = chosen.get_untracked() else {
            return;
        };
        let typed = folder.get_untracked().trim().to_owned();
        if pending.get_untracked() {
            return;
        }
        error.set(None);
        missing.set(missing_field(template, &typed, &domains.get_untracked()));
        if missing.get_untracked().is_some() {
            return;
        }
        let existing = folders.with_untracked(|list| find_folder(list, &typed));
        let (extra, domains) = (extra.get_untracked(), domains.get_untracked());
        let locale = locale.0.get_untracked();
        pending.set(true);
        tasks.spawn(async move {
            let path = match existing {
                Some(path) => Ok(path),
                None => {
                    let request = CreateFolder {
                        path: None,
                        parent: None,
                        name: Some(typed),
                    };
                    api::create_folder(&request).await.map(|created| {
                        on_folder_created.run(());
                        created.path
                    })
                }
            };
            pending.set(false);
            match path {
                Ok(path) => {
                    on_created.run(template_edits(template, locale, path, &extra, &domains));
                    chosen.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let buttons = [
        Template::NotesToSelf,
        Template::Professional,
        Template::Newsletters,
    ]
    .into_iter()
    .map(|template| {
        view! {
            <li>
                <button
                    type="button"
                    class="button template-button"
                    class:active=move || chosen.get() == Some(template)
                    data-testid=template.testid()
                    on:click=move |_| choose(template)
                >
                    <strong>{move || locale.text(template.title())}</strong>
                    <span class="hint">{move || locale.text(template.hint())}</span>
                </button>
            </li>
        }
    })
    .collect_view();
    let folder_options = move || {
        folders
            .get()
            .into_iter()
            .filter(|f| f.selectable && f.role.is_none())
            .map(|f| {
                let label = folder_names::display_name(locale.get(), &f);
                view! { <option value=f.path.as_str().to_owned() label=label></option> }
            })
            .collect_view()
    };

    view! {
        <section class="rule-templates" data-testid="rule-templates">
            <h3>{tr(RulesText::FromTemplate)}</h3>
            <ul class="template-list" role="list">{buttons}</ul>
            {move || {
                chosen
                    .get()
                    .map(|template| {
                        let account = account.clone();
                        view! {
                            <form class="template-form" data-testid="template-form" novalidate=true on:submit=create>
                                <h4>{move || locale.text(template.title())}</h4>
                                {(template == Template::NotesToSelf)
                                    .then(|| {
                                        view! {
                                            <p class="field">
                                                <span class="label">{tr(RulesText::MyAddress)}</span>
                                                <span data-testid="template-account">{account.clone()}</span>
                                            </p>
                                            <div class="field">
                                                <label for="template-extra">{tr(RulesText::ExtraAddresses)}</label>
                                                <textarea
                                                    id="template-extra"
                                                    rows="2"
                                                    data-testid="template-extra-addresses"
                                                    prop:value=move || extra.get()
                                                    on:input=move |ev| extra.set(event_target_value(&ev))
                                                ></textarea>
                                            </div>
                                        }
                                    })}
                                {(template == Template::Professional)
                                    .then(|| {
                                        view! {
                                            <div class="field">
                                                <label for="template-domains">{tr(RulesText::WorkDomains)}</label>
                                                <input
                                                    id="template-domains"
                                                    type="text"
                                                    inputmode="url"
                                                    autocapitalize="none"
                                                    placeholder="acme.fr"
                                                    data-testid="template-domains"
                                                    aria-describedby="template-domains-error"
                                                    aria-invalid=move || {
                                                        (missing.get() == Some(MissingField::WorkDomains)).to_string()
                                                    }
                                                    prop:value=move || domains.get()
                                                    on:input=move |ev| {
                                                        domains.set(event_target_value(&ev));
                                                        missing.set(None);
                                                    }
                                                />
                                                <FieldError missing field=MissingField::WorkDomains id="template-domains-error" />
                                            </div>
                                        }
                                    })}
                                <div class="field">
                                    <label for="template-folder">{tr(RulesText::TargetFolder)}</label>
                                    <input
                                        id="template-folder"
                                        type="text"
                                        list="template-folders"
                                        data-testid="template-folder"
                                        aria-describedby="template-folder-error"
                                        aria-invalid=move || {
                                            (missing.get() == Some(MissingField::TargetFolder)).to_string()
                                        }
                                        prop:value=move || folder.get()
                                        on:input=move |ev| {
                                            folder.set(event_target_value(&ev));
                                            missing.set(None);
                                        }
                                    />
                                    <FieldError missing field=MissingField::TargetFolder id="template-folder-error" />
                                    <datalist id="template-folders">{folder_options}</datalist>
                                    <Show when=move || !exists()>
                                        <p class="hint" data-testid="template-folder-new">
                                            {tr(RulesText::FolderWillBeCreated)}
                                        </p>
                                    </Show>
                                </div>
                                <ErrorNotice error />
                                <DialogButtons on_cancel=Callback::new(move |()| chosen.set(None))>
                                    <button
                                        type="submit"
                                        class="button button-primary"
                                        data-testid="template-create"
                                        disabled=move || pending.get()
                                    >
                                        {tr(RulesText::CreateRule)}
                                    </button>
                                </DialogButtons>
                            </form>
                        }
                    })
            }}
        </section>
    }
}

/// The inline error of one field, when it is the one missing.
#[component]
fn FieldError(
    missing: RwSignal<Option<MissingField>>,
    field: MissingField,
    id: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        (missing.get() == Some(field)).then(|| {
            view! {
                <p class="form-error" id=id role="alert" data-testid="template-field-error">
                    {move || locale.text(field.text())}
                </p>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &str) -> Folder {
        Folder {
            path: FolderPath(path.into()),
            name: path.rsplit('/').next().unwrap_or(path).into(),
            parent: None,
            depth: 0,
            role: None,
            selectable: true,
            unread: 0,
            total: 0,
            subscribed: true,
        }
    }

    #[test]
    fn typed_folders_are_found_by_path_or_name() {
        let folders = [folder("INBOX"), folder("Perso/Personnel")];
        assert_eq!(
            find_folder(&folders, " Personnel "),
            Some(FolderPath("Perso/Personnel".into()))
        );
        assert_eq!(find_folder(&folders, "Professionnel"), None);
    }

    #[test]
    fn a_rule_cannot_be_made_without_its_required_fields() {
        assert_eq!(
            missing_field(Template::Professional, "Professionnel", " , "),
            Some(MissingField::WorkDomains)
        );
        assert_eq!(
            missing_field(Template::Professional, " ", "acme.fr"),
            Some(MissingField::TargetFolder)
        );
        assert_eq!(
            missing_field(Template::Professional, "Professionnel", "acme.fr"),
            None
        );
        // Other templates need no domain.
        assert_eq!(missing_field(Template::Newsletters, "Lettres", ""), None);
    }

    #[test]
    fn templates_make_the_founding_rules() {
        let edits = template_edits(
            Template::Professional,
            Locale::Fr,
            FolderPath("Professionnel".into()),
            "",
            "acme-industrie.test, @Other.test",
        );
        let SettingsEdit::AddRules(rules) = &edits[1] else {
            panic!("{edits:?}");
        };
        assert_eq!(rules[0].name, "Courrier professionnel");
        assert_eq!(rules[0].conditions.len(), 4);
        assert_eq!(
            edits[0],
            SettingsEdit::SetWorkDomains(vec!["acme-industrie.test".into(), "other.test".into()])
        );
        let notes = template_edits(
            Template::NotesToSelf,
            Locale::En,
            FolderPath("Personnel".into()),
            "moi@perso.test\n",
            "",
        );
        assert_eq!(
            notes,
            [
                SettingsEdit::SetExtraIdentities(vec!["moi@perso.test".into()]),
                SettingsEdit::AddRules(vec![templates::notes_to_self(FolderPath(
                    "Personnel".into()
                ))]),
            ]
        );
    }
}
