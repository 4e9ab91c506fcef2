//! What writing a message needs from the bridge, and no more: the store of uploaded
//! files and a source of the messages a draft forwards or takes parts from. An axum
//! sub-state (`FromRef<AppState>`), so the writer is tested without TLS, a connection
//! pool or a sealing key (a fake [`MessageSource`] answers from memory).

use crate::error::Result;
use crate::imap::fetch::fetch_message;
use crate::imap::mailboxes::Mailboxes;
use crate::session::Account;
use crate::state::AppState;
use crate::uploads::UploadStore;
use axum::extract::FromRef;
use facteur_model::{FolderPath, Uid};
use futures::future::BoxFuture;
use std::sync::Arc;

/// Where the raw messages a draft attaches come from.
pub trait MessageSource: Send + Sync + std::fmt::Debug {
    /// The whole raw message `uid` of `folder` in the account's mailbox.
    fn fetch<'a>(
        &'a self,
        account: &'a Account,
        folder: &'a FolderPath,
        uid: Uid,
    ) -> BoxFuture<'a, Result<Vec<u8>>>;
}

/// The account's IMAP server, through the connection cache.
#[derive(Debug)]
pub struct ImapMessages(pub Mailboxes);

impl MessageSource for ImapMessages {
    fn fetch<'a>(
        &'a self,
        account: &'a Account,
        folder: &'a FolderPath,
        uid: Uid,
    ) -> BoxFuture<'a, Result<Vec<u8>>> {
        Box::pin(async move {
            let raw = self
                .0
                .run(account, folder.clone(), move |session, folder| {
                    Box::pin(fetch_message(session, folder, uid))
                })
                .await?;
            Ok(raw.bytes)
        })
    }
}

/// The services of `compose/`: uploads and the messages drafts attach.
#[derive(Debug, Clone)]
pub struct Composing {
    pub uploads: Arc<UploadStore>,
    pub messages: Arc<dyn MessageSource>,
}

impl FromRef<AppState> for Composing {
    fn from_ref(state: &AppState) -> Composing {
        state.composing.clone()
    }
}

/// A draft and a message source from memory, for the tests of writing and sending.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;
    use crate::error::Error;
    use facteur_model::compose::{Draft, DraftAttachment, DraftBody};
    use facteur_model::message::Address;
    use std::collections::HashMap;
    use std::sync::Mutex;

    /// Messages answered from memory; counts what was asked.
    #[derive(Debug, Default)]
    pub(crate) struct Fake {
        pub(crate) messages: HashMap<(String, u32), Vec<u8>>,
        pub(crate) asked: Mutex<u32>,
    }

    impl MessageSource for Fake {
        fn fetch<'a>(
            &'a self,
            _account: &'a Account,
            folder: &'a FolderPath,
            uid: Uid,
        ) -> BoxFuture<'a, Result<Vec<u8>>> {
            *self.asked.lock().unwrap() += 1;
            let found = self.messages.get(&(folder.0.clone(), uid.0)).cloned();
            Box::pin(async move { found.ok_or(Error::MessageNotFound) })
        }
    }

    pub(crate) fn draft(attachments: Vec<DraftAttachment>) -> Draft {
        let person = |email: &str| Address {
            name: None,
            email: email.to_owned(),
        };
        Draft {
            from: person("me@example.test"),
            to: vec![person("a@example.test")],
            cc: Vec::new(),
            bcc: Vec::new(),
            subject: "Fwd: Devis".into(),
            body: DraftBody {
                text: "Voici le devis.".into(),
                html: None,
            },
            attachments,
            in_reply_to: None,
            references: Vec::new(),
            request_dsn: false,
            dsn_notify: Default::default(),
            request_read_receipt: false,
            last_failure: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::{Fake, draft};
    use super::*;
    use crate::compose::write_message;
    use crate::error::Error;
    use crate::session::account::tests_support::sample;
    use facteur_model::compose::DraftAttachment;
    use std::collections::HashMap;

    #[tokio::test]
    async fn a_forwarded_message_is_written_from_the_source_fetched_once() {
        let dir = tempfile::tempdir().unwrap();
        let original = b"From: x@example.test\r\nSubject: Devis\r\n\r\nLe devis.\r\n".to_vec();
        let fake = Arc::new(Fake {
            messages: HashMap::from([(("INBOX".to_owned(), 7), original)]),
            ..Fake::default()
        });
        let services = Composing {
            uploads: Arc::new(UploadStore::new(dir.path().join("uploads"), 1 << 20)),
            messages: fake.clone(),
        };
        let whole = DraftAttachment::Message {
            folder: FolderPath("INBOX".into()),
            uid: Uid(7),
            subject: "Devis".into(),
            size: 50,
        };
        let written = write_message(&services, &sample(), &draft(vec![whole.clone(), whole]))
            .await
            .unwrap();
        let text = String::from_utf8(std::fs::read(&written.path).unwrap()).unwrap();
        assert_eq!(
            text.matches("Content-Type: message/rfc822").count(),
            2,
            "{text}"
        );
        assert!(text.contains("Le devis."), "{text}");
        assert_eq!(*fake.asked.lock().unwrap(), 1);

        let missing = DraftAttachment::Message {
            folder: FolderPath("INBOX".into()),
            uid: Uid(8),
            subject: "Gone".into(),
            size: 50,
        };
        let refused = write_message(&services, &sample(), &draft(vec![missing])).await;
        assert!(
            matches!(refused, Err(Error::MessageNotFound)),
            "{refused:?}"
        );
    }
}
