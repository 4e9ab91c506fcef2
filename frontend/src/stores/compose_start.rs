//! How the composer is opened: the reader (reply, forward), the mailbox (new message,
//! reopen a draft) and the composer itself share this one context.

use facteur_model::message::MessageDetail;
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;

/// What the composer starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum ComposeStart {
    /// A blank message.
    New,
    /// A reply to `message`: to its sender (or Reply-To), or to everyone when `all`.
    Reply {
        message: Box<MessageDetail>,
        all: bool,
    },
    /// `message` forwarded, quoted inline or attached whole (`message/rfc822`).
    Forward {
        message: Box<MessageDetail>,
        as_attachment: bool,
    },
    /// A saved draft, reopened to continue it.
    Draft { folder: FolderPath, uid: Uid },
}

/// The composer context: `Some` while a composer is open.
#[derive(Debug, Clone, Copy)]
pub struct Composer(pub RwSignal<Option<ComposeStart>>);

impl Composer {
    /// Provides a closed composer to the views below.
    pub fn provide() -> Composer {
        let composer = Composer(RwSignal::new(None));
        provide_context(composer);
        composer
    }

    /// Opens the composer (replacing a composer already open: its draft is saved by then).
    pub fn open(self, start: ComposeStart) {
        self.0.set(Some(start));
    }

    /// Closes the composer.
    pub fn close(self) {
        self.0.set(None);
    }
}

/// The composer context of the mailbox screen.
pub fn use_composer() -> Composer {
    expect_context::<Composer>()
}
