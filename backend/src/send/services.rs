//! What sending needs from the bridge, and no more: the writer's services, the account's
//! mail servers behind [`SendServers`], and what the bridge remembers about sending. An
//! axum sub-state (`FromRef<AppState>`), so [`super::send`] is tested without TLS, a
//! connection pool or a sealing key (a fake [`SendServers`] answers from memory).

use super::Sending;
use super::capabilities::saves_sent;
use crate::compose::WrittenMessage;
use crate::compose::drafts::save_draft;
use crate::compose::services::Composing;
use crate::error::{Error, Result};
use crate::imap::append::append_file;
use crate::imap::mailboxes::Mailboxes;
use crate::imap::special_folders::find_or_create;
use crate::session::Account;
use crate::smtp::envelope::Envelope;
use crate::smtp::submit::{Credentials, Submitted, Target, submit};
use crate::state::AppState;
use axum::extract::FromRef;
use facteur_model::compose::{Draft, DraftSaved, SendFailure};
use facteur_model::folder::FolderRole;
use facteur_model::{FolderPath, Uid};
use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::Duration;

/// Where the Sent copy went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentCopyKept {
    /// The server files sent mail itself: nothing was appended.
    ByServer,
    /// Appended to `folder` (as `uid`, when the server says it).
    Appended {
        folder: FolderPath,
        uid: Option<Uid>,
    },
}

/// The account's mail servers, as sending uses them.
pub trait SendServers: Send + Sync + std::fmt::Debug {
    /// Submits the written message with `envelope`.
    fn submit<'a>(
        &'a self,
        account: &'a Account,
        envelope: &'a Envelope,
        written: &'a WrittenMessage,
    ) -> BoxFuture<'a, Result<Submitted>>;

    /// Appends the Sent copy, `\Seen`, headed by `prefix`, unless the server files sent
    /// mail itself.
    fn keep_sent_copy<'a>(
        &'a self,
        account: &'a Account,
        prefix: String,
        written: &'a WrittenMessage,
    ) -> BoxFuture<'a, Result<SentCopyKept>>;

    /// Removes draft `uid` (only that UID).
    fn remove_draft<'a>(&'a self, account: &'a Account, uid: Uid) -> BoxFuture<'a, Result<()>>;

    /// Saves the unsent `draft` with why it failed, replacing `replaces`.
    fn save_unsent<'a>(
        &'a self,
        account: &'a Account,
        draft: &'a Draft,
        replaces: Option<Uid>,
        failure: SendFailure,
    ) -> BoxFuture<'a, Result<DraftSaved>>;
}

/// The services of `send/`.
#[derive(Debug, Clone)]
pub struct SendServices {
    pub composing: Composing,
    pub servers: Arc<dyn SendServers>,
    pub sending: Arc<Sending>,
}

impl FromRef<AppState> for SendServices {
    fn from_ref(state: &AppState) -> SendServices {
        state.send.clone()
    }
}

/// The account's own servers: SMTP through the one session, IMAP through the cache.
#[derive(Debug)]
pub struct AccountServers {
    pub mailboxes: Mailboxes,
    pub composing: Composing,
    /// The longest wait for one SMTP reply.
    pub command_timeout: Duration,
}

impl SendServers for AccountServers {
    fn submit<'a>(
        &'a self,
        account: &'a Account,
        envelope: &'a Envelope,
        written: &'a WrittenMessage,
    ) -> BoxFuture<'a, Result<Submitted>> {
        Box::pin(async move {
            let target = Target::of(&self.mailboxes.connector, account, self.command_timeout);
            let file = tokio::fs::File::open(&written.path)
                .await
                .map_err(|e| Error::internal("opening the written message", e))?;
            let message = tokio::io::BufReader::new(file);
            Ok(submit(&target, &Credentials::of(account), envelope, message).await?)
        })
    }

    fn keep_sent_copy<'a>(
        &'a self,
        account: &'a Account,
        prefix: String,
        written: &'a WrittenMessage,
    ) -> BoxFuture<'a, Result<SentCopyKept>> {
        let (path, size) = (written.path.to_path_buf(), written.size);
        Box::pin(self.mailboxes.run_once(
            account,
            (prefix, path),
            move |session, (prefix, path)| {
                Box::pin(async move {
                    if saves_sent(session).await? {
                        return Ok(SentCopyKept::ByServer);
                    }
                    let folder = find_or_create(session, FolderRole::Sent).await?;
                    let uid =
                        append_file(session, &folder, &["\\Seen"], prefix.as_bytes(), path, size)
                            .await?;
                    Ok(SentCopyKept::Appended { folder, uid })
                })
            },
        ))
    }

    fn remove_draft<'a>(&'a self, account: &'a Account, uid: Uid) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.mailboxes.run(account, (), move |session, ()| {
            Box::pin(async move {
                let folder = find_or_create(session, FolderRole::Drafts).await?;
                super::expunge_uid(session, &folder, uid).await
            })
        }))
    }

    fn save_unsent<'a>(
        &'a self,
        account: &'a Account,
        draft: &'a Draft,
        replaces: Option<Uid>,
        failure: SendFailure,
    ) -> BoxFuture<'a, Result<DraftSaved>> {
        Box::pin(save_draft(
            &self.composing,
            &self.mailboxes,
            account,
            draft,
            replaces,
            Some(failure),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::services::tests_support::{Fake, draft};
    use crate::session::account::tests_support::sample;
    use crate::smtp::extensions::Extensions;
    use crate::uploads::UploadStore;
    use facteur_model::compose::{SendKey, SendRequest, SentCopy};
    use facteur_model::problem::ErrorCode;
    use std::sync::Mutex;

    /// Servers answering from memory; records what sending asked of them.
    #[derive(Debug, Default)]
    struct Recording {
        refuse_recipients: bool,
        asked: Mutex<Vec<String>>,
    }

    impl Recording {
        fn note(&self, what: String) {
            self.asked.lock().unwrap().push(what);
        }
    }

    impl SendServers for Recording {
        fn submit<'a>(
            &'a self,
            _account: &'a Account,
            envelope: &'a Envelope,
            written: &'a WrittenMessage,
        ) -> BoxFuture<'a, Result<Submitted>> {
            let message = std::fs::read_to_string(&written.path).unwrap();
            self.note(format!(
                "submit to {} ({} bytes, subject {})",
                envelope.recipients[0].as_str(),
                envelope.size,
                message.contains("Subject: Fwd: Devis")
            ));
            Box::pin(async move {
                if self.refuse_recipients {
                    return Err(Error::RecipientRefused("550 5.1.1 unknown".into()));
                }
                Ok(Submitted {
                    extensions: Extensions::default(),
                    dsn_used: false,
                    accepted: envelope.recipients.clone(),
                })
            })
        }

        fn keep_sent_copy<'a>(
            &'a self,
            _account: &'a Account,
            prefix: String,
            _written: &'a WrittenMessage,
        ) -> BoxFuture<'a, Result<SentCopyKept>> {
            self.note(format!(
                "keep sent copy (Bcc kept: {})",
                prefix.contains("Bcc")
            ));
            Box::pin(async move {
                Ok(SentCopyKept::Appended {
                    folder: FolderPath("Sent".into()),
                    uid: Some(Uid(5)),
                })
            })
        }

        fn remove_draft<'a>(
            &'a self,
            _account: &'a Account,
            uid: Uid,
        ) -> BoxFuture<'a, Result<()>> {
            self.note(format!("remove draft {}", uid.0));
            Box::pin(async { Ok(()) })
        }

        fn save_unsent<'a>(
            &'a self,
            _account: &'a Account,
            _draft: &'a Draft,
            replaces: Option<Uid>,
            failure: SendFailure,
        ) -> BoxFuture<'a, Result<DraftSaved>> {
            self.note(format!(
                "save unsent replacing {:?} because {:?}",
                replaces.map(|uid| uid.0),
                failure.code
            ));
            Box::pin(async {
                Ok(DraftSaved {
                    folder: FolderPath("Drafts".into()),
                    uid: Some(Uid(12)),
                })
            })
        }
    }

    /// The services with nothing real behind them: no TLS, no pool, no sealing key.
    fn services(dir: &std::path::Path, servers: Arc<Recording>) -> SendServices {
        SendServices {
            composing: Composing {
                uploads: Arc::new(UploadStore::new(dir.join("uploads"), 1 << 20)),
                messages: Arc::new(Fake::default()),
            },
            servers,
            sending: Arc::new(Sending::default()),
        }
    }

    fn request() -> SendRequest {
        SendRequest {
            key: SendKey("k1".into()),
            draft: draft(Vec::new()),
            draft_uid: Some(Uid(9)),
        }
    }

    #[tokio::test]
    async fn a_sent_message_is_submitted_copied_to_sent_and_its_draft_removed() {
        let dir = tempfile::tempdir().unwrap();
        let servers = Arc::new(Recording::default());
        let services = services(dir.path(), servers.clone());
        let account = sample();
        let result = super::super::send(&services, &account, request())
            .await
            .unwrap();
        assert_eq!(result.sent_copy, SentCopy::Appended);
        assert_eq!(result.sent_folder, Some(FolderPath("Sent".into())));
        assert_eq!(result.sent_uid, Some(Uid(5)));
        assert_eq!(result.recipients.len(), 1);
        assert_eq!(result.recipients[0].email.as_str(), "a@example.test");
        let asked = servers.asked.lock().unwrap().clone();
        assert_eq!(asked.len(), 3, "{asked:?}");
        assert!(
            asked[0].starts_with("submit to a@example.test"),
            "{asked:?}"
        );
        assert!(asked[0].ends_with("subject true)"), "{asked:?}");
        assert_eq!(asked[2], "remove draft 9");
        // What the server offers is remembered for the composer.
        let facts = services
            .sending
            .capabilities
            .get(account.id, std::time::Instant::now());
        assert_eq!(facts.map(|facts| facts.server_saves_sent), Some(false));
    }

    #[tokio::test]
    async fn a_refused_send_is_kept_in_drafts_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let servers = Arc::new(Recording {
            refuse_recipients: true,
            ..Recording::default()
        });
        let services = services(dir.path(), servers.clone());
        let refused = super::super::send(&services, &sample(), request()).await;
        let Err(Error::NotSent { cause, saved_draft }) = refused else {
            panic!("{refused:?}");
        };
        assert_eq!(cause.code(), ErrorCode::RecipientRefused);
        assert_eq!(
            saved_draft,
            Some(DraftSaved {
                folder: FolderPath("Drafts".into()),
                uid: Some(Uid(12)),
            })
        );
        let asked = servers.asked.lock().unwrap().clone();
        assert_eq!(
            asked.len(),
            2,
            "nothing copied to Sent, no draft removed: {asked:?}"
        );
        assert_eq!(
            asked[1],
            "save unsent replacing Some(9) because RecipientRefused"
        );
    }
}
