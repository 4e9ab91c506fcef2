//! Running the rules in the browser: on new inbox mail (after each list load or refresh)
//! and on demand over a whole folder, with progress and cancel. Plans come from the
//! engine ([`facteur_rules::plan`]); [`crate::stores::rules_exec`] turns them into bridge calls.
//!
//! A message is processed once across devices and reloads: the last processed UID of the
//! inbox (with its UIDVALIDITY) is saved in the roaming settings after each batch.
//!
//! The runner knows the mailbox only through a [`MailboxLink`]: it hears when the inbox
//! was listed and where Trash is, and sends back what the rules did to messages.
//!
//! Over 450 lines: arrivals, « run now », alerts and observations share one owner and one
//! in-flight guard.

use crate::alert_stack::AlertStack;
use crate::api::ApiError;
use crate::api::stores::{MailboxApi, MailboxService};
use crate::owned_task::TaskOwner;
use crate::rule_checks::{self, RuleCheck};
use crate::settings::{ProcessedMark, Settings, SettingsEdit};
use crate::state::Session;
use crate::stores::mailbox_link::{MailboxChange, MailboxLink};
use crate::stores::rules_exec::{
    BridgeCall, Tally, alerts_for_changed, bridge_calls, header_pairs, newest_uid, removed_by,
};
use crate::stores::settings_store::{SettingsStatus, SettingsStore};
use crate::time_zone::{self, BrowserZone};
use facteur_model::api::{MAX_PAGE_SIZE, MessagePage};
use facteur_model::calendar::UtcOffset;
use facteur_model::message::MessageSummary;
use facteur_model::{FolderPath, Uid};
use facteur_rules::plan::PlannedAlert;
use facteur_rules::{CompiledRuleSet, Context, MessageFacts, Plan, RuleSet, plan};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where a "run rules now" stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunProgress {
    pub folder: FolderPath,
    pub done: u32,
    pub total: u32,
    pub finished: bool,
    pub cancelled: bool,
    pub tally: Tally,
    pub errors: Vec<ApiError>,
}

/// The rules runner of the signed-in screen; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct RulesRunner {
    store: SettingsStore,
    mailbox: MailboxLink,
    /// The bridge, or a component test's fake.
    service: StoredValue<MailboxService>,
    session: Option<Session>,
    account: StoredValue<String>,
    /// The alerts raised, one group per run, on screen and recent.
    pub alerts: RwSignal<AlertStack>,
    /// The current or last "run rules now".
    pub run: RwSignal<Option<RunProgress>>,
    /// The last finished run whose panel was closed, kept for the setup report.
    pub last_finished: RwSignal<Option<RunProgress>>,
    cancel: StoredValue<bool>,
    checking: StoredValue<bool>,
    check_again: StoredValue<bool>,
    /// The last failure of processing new mail.
    pub error: RwSignal<Option<ApiError>>,
    /// What the rules were seen doing to real mail in this session, for the setup report.
    pub checks: RwSignal<Vec<RuleCheck>>,
    /// The signed-in screen: checks and runs end with it.
    tasks: TaskOwner,
}

impl RulesRunner {
    /// Starts watching the inbox: a check after each load or refresh of its newest page,
    /// and once the settings have arrived. Without a `session` (component tests) a
    /// session that ended shows as an error instead of going back to sign-in.
    pub fn start(
        store: SettingsStore,
        mailbox: MailboxLink,
        service: MailboxService,
        session: Option<Session>,
        account: String,
    ) -> RulesRunner {
        let runner = RulesRunner {
            store,
            mailbox,
            service: StoredValue::new(service),
            session,
            account: StoredValue::new(account),
            alerts: RwSignal::new(AlertStack::default()),
            run: RwSignal::new(None),
            last_finished: RwSignal::new(None),
            tasks: TaskOwner::current(),
            cancel: StoredValue::new(false),
            checking: StoredValue::new(false),
            check_again: StoredValue::new(false),
            error: RwSignal::new(None),
            checks: RwSignal::new(Vec::new()),
        };
        Effect::new(move |_| {
            let listed = mailbox.inbox_listed.get();
            let ready = store.is_ready();
            if ready && listed > 0 {
                runner.check_arrivals();
            }
        });
        // The alerts' clock: one tick a second while any is on screen.
        let alerts = runner.alerts;
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if alerts.try_with_untracked(|a| !a.is_idle()) == Some(true) {
                    alerts.try_update(AlertStack::tick);
                }
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
        runner
    }

    /// The calls the runner makes.
    fn bridge(self) -> std::sync::Arc<dyn MailboxApi + Send + Sync> {
        self.service.with_value(|service| service.0.clone())
    }

    /// What the engine needs to know: now, the user's addresses, the time zone, Trash.
    pub fn context(self) -> Context {
        let now = time_zone::now();
        let account = self.account.get_value();
        Context {
            now,
            identities: self
                .store
                .settings
                .with_untracked(|s| s.identities(&account)),
            utc_offset_seconds: BrowserZone.offset_seconds_at(now),
            trash: self.mailbox.trash.get_untracked(),
        }
    }

    /// Looks for inbox mail the rules have not seen yet and applies them.
    pub fn check_arrivals(self) {
        if !self
            .store
            .status
            .with_untracked(|s| *s == SettingsStatus::Ready)
        {
            return;
        }
        if self.checking.get_value() {
            self.check_again.set_value(true);
            return;
        }
        self.checking.set_value(true);
        self.tasks.spawn(async move {
            loop {
                self.check_again.set_value(false);
                match self.process_arrivals().await {
                    Ok(()) => self.error.set(None),
                    Err(error) => self.fail(error),
                }
                if !self.check_again.get_value() {
                    break;
                }
            }
            self.checking.set_value(false);
        });
    }

    async fn process_arrivals(self) -> Result<(), ApiError> {
        let inbox = FolderPath::inbox();
        let has_rules = self
            .store
            .settings
            .with_untracked(Settings::has_enabled_rules);
        let mark = self
            .store
            .settings
            .with_untracked(|s| s.mark(&inbox).copied());
        let Some(mark) = mark else {
            return self.start_from_newest(&inbox, has_rules).await;
        };
        let mut page = self
            .bridge()
            .messages_after(inbox.clone(), mark.last_uid, MAX_PAGE_SIZE)
            .await?;
        if page.uid_validity != mark.uid_validity {
            // The UIDs changed meaning: start again from the newest message.
            return self.start_from_newest(&inbox, has_rules).await;
        }
        if page.messages.is_empty() {
            return Ok(());
        }
        if !has_rules {
            self.store.edit_locally(SettingsEdit::Processed {
                folder: inbox,
                mark: ProcessedMark {
                    uid_validity: page.uid_validity,
                    last_uid: newest_uid(&page),
                },
            });
            return Ok(());
        }
        // Another device may have processed these already: take in its mark first.
        self.store.refresh().await;
        let settings = self.store.settings.get_untracked();
        if let Some(after) = ProcessedMark::continue_after(settings.mark(&inbox), page.uid_validity)
            && after > mark.last_uid
        {
            page = self
                .bridge()
                .messages_after(inbox.clone(), after, MAX_PAGE_SIZE)
                .await?;
        }
        let Some(compiled) = usable_rules(&settings.rules) else {
            return Ok(());
        };
        let context = self.context();
        let mut tally = Tally::default();
        let mut removed = false;
        let mut group = None;
        loop {
            let processed_to = page.messages.iter().map(|m| m.uid).max();
            let facts = facts_of(&page.messages, &inbox);
            let plan = self.plan_with_bodies(&compiled, facts, &context).await;
            let alerts = plan.alerts.clone();
            let errors = self.execute(&plan, &mut tally, &mut removed).await;
            group = self.raise(group, alerts);
            if errors.is_empty() {
                self.record_checks(&plan, &page.messages, &settings.rules);
            }
            if let Some(error) = errors.into_iter().next() {
                // The mark stays: the next check tries these messages again (harmless).
                return Err(error);
            }
            if let Some(last_uid) = processed_to {
                self.store.edit(vec![SettingsEdit::Processed {
                    folder: inbox.clone(),
                    mark: ProcessedMark {
                        uid_validity: page.uid_validity,
                        last_uid,
                    },
                }]);
            }
            match page.next_after {
                Some(after) => {
                    page = self
                        .bridge()
                        .messages_after(inbox.clone(), after, MAX_PAGE_SIZE)
                        .await?
                }
                None => break,
            }
        }
        if !tally.is_empty() {
            self.mailbox.changes.run(MailboxChange::FoldersChanged);
        }
        Ok(())
    }

    /// No usable mark: everything already in the folder counts as seen.
    async fn start_from_newest(self, folder: &FolderPath, save: bool) -> Result<(), ApiError> {
        let page = self.bridge().messages_page(folder.clone(), None, 1).await?;
        let edit = SettingsEdit::Processed {
            folder: folder.clone(),
            mark: ProcessedMark {
                uid_validity: page.uid_validity,
                last_uid: newest_uid(&page),
            },
        };
        if save {
            self.store.edit(vec![edit]);
        } else {
            self.store.edit_locally(edit);
        }
        Ok(())
    }

    /// Plans `facts`; when a rule tests a header the list does not carry, every message
    /// gets its header fields fetched first; messages whose outcome depends on the body
    /// get it fetched and are planned again.
    async fn plan_with_bodies(
        self,
        rules: &CompiledRuleSet,
        mut facts: Vec<MessageFacts>,
        context: &Context,
    ) -> Plan {
        if rules.needs_headers() {
            for fact in &mut facts {
                // A message that cannot be read (gone meanwhile) is judged on its summary.
                if let Ok(found) = self
                    .bridge()
                    .message_headers(fact.folder.clone(), fact.uid)
                    .await
                {
                    fact.headers = header_pairs(found);
                }
            }
        }
        let mut first = plan(rules, &facts, context);
        if first.needs_body.is_empty() {
            return first;
        }
        let wanted = std::mem::take(&mut first.needs_body);
        facts.retain(|f| {
            wanted
                .iter()
                .any(|w| w.uid == f.uid && w.folder == f.folder)
        });
        for fact in &mut facts {
            fact.body_text = Some(
                match self
                    .bridge()
                    .message_text(fact.folder.clone(), fact.uid)
                    .await
                {
                    Ok(text) => text.text,
                    Err(_) => String::new(),
                },
            );
        }
        let second = plan(rules, &facts, context);
        merge_plans(first, second)
    }

    /// Makes the calls of `plan`; returns the failures (the other calls still run).
    async fn execute(self, plan: &Plan, tally: &mut Tally, removed: &mut bool) -> Vec<ApiError> {
        let calls = bridge_calls(plan);
        let mut errors = Vec::new();
        for call in calls {
            match &call {
                BridgeCall::Flags { folder, change } => {
                    match self
                        .bridge()
                        .set_flags(folder.clone(), change.clone())
                        .await
                    {
                        Ok(()) => {
                            tally.record(&call, None);
                            self.mailbox.changes.run(MailboxChange::Flags {
                                folder: folder.clone(),
                                change: change.clone(),
                            });
                        }
                        Err(error) => errors.push(error),
                    }
                }
                BridgeCall::Transfer {
                    folder,
                    kind,
                    request,
                } => match self
                    .bridge()
                    .transfer(folder.clone(), *kind, request.clone())
                    .await
                {
                    Ok(result) => {
                        tally.record(&call, Some(&result));
                        if let Some((from, uids)) = removed_by(&call, &result) {
                            self.mailbox
                                .changes
                                .run(MailboxChange::Removed { folder: from, uids });
                            *removed = true;
                        }
                    }
                    Err(error) => errors.push(error),
                },
            }
            if errors.iter().any(ApiError::ends_session) {
                break;
            }
        }
        errors
    }

    /// Shows alerts in the app, in `group` (one per run) while it is on screen, and as one
    /// browser notification when permitted. Returns the group.
    fn raise(self, group: Option<u32>, alerts: Vec<PlannedAlert>) -> Option<u32> {
        if alerts.is_empty() || !self.store.settings.with_untracked(|s| s.alerts_enabled) {
            return group;
        }
        let texts: Vec<String> = alerts.into_iter().map(|a| a.text).collect();
        notify(&texts.join("\n"));
        self.alerts
            .try_update(|stack| stack.add(group, texts))
            .flatten()
    }

    /// Keeps what a plan carried out without error did, per rule.
    fn record_checks(self, plan: &Plan, messages: &[MessageSummary], rules: &RuleSet) {
        let alerts_shown = self.store.settings.with_untracked(|s| s.alerts_enabled);
        let seen = rule_checks::observed(plan, messages, rules, time_zone::now(), alerts_shown);
        if !seen.is_empty() {
            // The runner can outlive the page that started the batch: never panic then.
            let _ = self
                .checks
                .try_update(|kept| rule_checks::remember(kept, seen));
        }
    }

    /// Dismisses one group of alerts.
    pub fn dismiss(self, id: u32) {
        self.alerts.update(|stack| stack.dismiss(id));
    }

    /// Whether a run is going on (tracked).
    pub fn running(self) -> bool {
        self.run.with(|r| r.as_ref().is_some_and(|r| !r.finished))
    }

    /// Closes the panel of a finished run over another folder than `folder` (the one now
    /// shown); a run still going on stays in view.
    pub fn leave_folder(self, folder: &FolderPath) {
        let stale = self
            .run
            .try_with_untracked(|run| run.as_ref().is_some_and(|r| !stays_in_view(r, folder)))
            .unwrap_or(false);
        if stale {
            let closed = self.run.get_untracked();
            self.last_finished.set(closed);
            self.run.set(None);
        }
    }

    /// Stops the run between two batches.
    pub fn cancel_run(self) {
        self.cancel.set_value(true);
    }

    /// Applies every enabled rule to every message of `folder`, page by page.
    pub fn run_now(self, folder: FolderPath) {
        if self.running() {
            return;
        }
        self.cancel.set_value(false);
        self.run.set(Some(RunProgress {
            folder: folder.clone(),
            done: 0,
            total: 0,
            finished: false,
            cancelled: false,
            tally: Tally::default(),
            errors: Vec::new(),
        }));
        self.tasks.spawn(async move {
            let outcome = self.run_folder(&folder).await;
            self.run.update(|run| {
                if let Some(run) = run {
                    run.finished = true;
                    if let Err(error) = outcome {
                        run.errors.push(error);
                    }
                }
            });
            self.mailbox.changes.run(MailboxChange::FoldersChanged);
        });
    }

    async fn run_folder(self, folder: &FolderPath) -> Result<(), ApiError> {
        let settings = self.store.settings.get_untracked();
        let Some(compiled) = usable_rules(&settings.rules) else {
            return Ok(());
        };
        let context = self.context();
        let mut before: Option<Uid> = None;
        let mut first_page: Option<MessagePage> = None;
        let mut removed = false;
        let mut group = None;
        loop {
            if self.cancel.get_value() {
                self.update_run(|run| run.cancelled = true);
                break;
            }
            let page = self
                .bridge()
                .messages_page(folder.clone(), before, MAX_PAGE_SIZE)
                .await?;
            if first_page.is_none() {
                self.update_run(|run| run.total = page.total);
                first_page = Some(page.clone());
            }
            yield_to_browser().await;
            let facts = facts_of(&page.messages, folder);
            let plan = self.plan_with_bodies(&compiled, facts, &context).await;
            // Mail already where the rules would put it raises no alert again.
            let alerts = alerts_for_changed(&plan);
            let mut tally = self
                .run
                .with_untracked(|r| r.as_ref().map(|r| r.tally.clone()));
            let tally_ref = tally.get_or_insert_with(Tally::default);
            let errors = self.execute(&plan, tally_ref, &mut removed).await;
            group = self.raise(group, alerts);
            if errors.is_empty() {
                self.record_checks(&plan, &page.messages, &settings.rules);
            }
            let examined = u32::try_from(page.messages.len()).unwrap_or(u32::MAX);
            let session_ended = errors.iter().any(ApiError::ends_session);
            self.update_run(|run| {
                run.done += examined;
                run.total = run.total.max(run.done);
                run.tally = tally.unwrap_or_default();
                run.errors.extend(errors);
            });
            if session_ended {
                if let Some(session) = self.session {
                    session.expire();
                }
                break;
            }
            match page.next_before {
                Some(next) => before = Some(next),
                None => break,
            }
            yield_to_browser().await;
        }
        // A run over the whole inbox has seen everything up to its newest message.
        if *folder == FolderPath::inbox()
            && !self
                .run
                .with_untracked(|r| r.as_ref().is_some_and(|r| r.cancelled))
            && let Some(page) = first_page
        {
            self.store.edit(vec![SettingsEdit::Processed {
                folder: folder.clone(),
                mark: ProcessedMark {
                    uid_validity: page.uid_validity,
                    last_uid: newest_uid(&page),
                },
            }]);
        }
        Ok(())
    }

    /// Routes a failure of processing new mail: a dead session goes back to sign-in.
    fn fail(self, error: ApiError) {
        match self.session {
            Some(session) if error.ends_session() => session.expire(),
            _ => self.error.set(Some(error)),
        }
    }

    fn update_run(self, change: impl FnOnce(&mut RunProgress)) {
        self.run.update(|run| {
            if let Some(run) = run {
                change(run);
            }
        });
    }
}

/// Whether the panel of `run` stays open while `folder` is shown.
pub fn stays_in_view(run: &RunProgress, folder: &FolderPath) -> bool {
    !run.finished || run.folder == *folder
}

/// The enabled rules that are valid; invalid ones (from another device or an older
/// version) are left out rather than stopping every other rule.
pub fn usable_rules(set: &RuleSet) -> Option<CompiledRuleSet> {
    match CompiledRuleSet::new(set) {
        Ok(compiled) => Some(compiled),
        Err(errors) => {
            let bad: Vec<usize> = errors.iter().filter_map(|e| e.rule()).collect();
            if bad.is_empty() {
                return None;
            }
            let kept = set
                .rules
                .iter()
                .enumerate()
                .filter(|(i, _)| !bad.contains(i))
                .map(|(_, r)| r.clone())
                .collect();
            CompiledRuleSet::new(&RuleSet::new(kept)).ok()
        }
    }
}

/// The facts of listed messages of `folder`.
pub fn facts_of(messages: &[MessageSummary], folder: &FolderPath) -> Vec<MessageFacts> {
    messages
        .iter()
        .map(|m| MessageFacts::from_summary(m, folder.clone()))
        .collect()
}

fn merge_plans(mut first: Plan, second: Plan) -> Plan {
    first.flag_changes.extend(second.flag_changes);
    first.keyword_changes.extend(second.keyword_changes);
    first.copies.extend(second.copies);
    first.moves.extend(second.moves);
    first.alerts.extend(second.alerts);
    first.needs_body.extend(second.needs_body);
    first.matched += second.matched;
    first
}

/// Lets the browser paint and handle input before the next batch.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Shows a browser notification, if the user allowed them.
fn notify(text: &str) {
    use web_sys::{Notification, NotificationOptions, NotificationPermission};
    if !notifications_supported() || Notification::permission() != NotificationPermission::Granted {
        return;
    }
    let options = NotificationOptions::new();
    options.set_body(text);
    let _ = Notification::new_with_options("Facteur", &options);
}

/// Whether this browser has the Notification API.
pub fn notifications_supported() -> bool {
    web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
        .unwrap_or(false)
}

/// The runner context provided by the signed-in screen.
pub fn use_runner() -> RulesRunner {
    expect_context::<RulesRunner>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(folder: &str, finished: bool) -> RunProgress {
        RunProgress {
            folder: FolderPath(folder.into()),
            done: 3,
            total: 3,
            finished,
            cancelled: false,
            tally: Tally::default(),
            errors: Vec::new(),
        }
    }

    #[test]
    fn a_finished_run_panel_closes_on_another_folder() {
        let inbox = FolderPath::inbox();
        assert!(stays_in_view(&run("INBOX", true), &inbox));
        assert!(!stays_in_view(&run("Anciens", true), &inbox));
        // Still going: it stays, whatever the folder shown.
        assert!(stays_in_view(&run("Anciens", false), &inbox));
    }
}
