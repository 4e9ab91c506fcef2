//! The stream under every IMAP session of the bridge: the bounded connection, plus the
//! folder the bridge last opened on it, trusted only while no command other than the
//! bridge's own page and fetch commands was written since.
//!
//! Counting writes is what makes the memory safe: any command the selection code did not
//! send itself (a SELECT for a flag change, a raw MOVE that reads its EXPUNGEs by hand, an
//! APPEND) bumps the count and the next page opens its folder again.

use crate::transport::MailStream;
use crate::transport::bounded::BoundedStream;
use facteur_model::FolderPath;
use std::io;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The folder a connection has open (read-only), as the server last described it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    pub folder: FolderPath,
    pub uid_validity: u32,
    pub uid_next: Option<u32>,
    /// Messages in the folder as this connection sees them (its sequence numbers).
    pub exists: u32,
}

/// A bounded mail stream that remembers the selected folder.
#[derive(Debug)]
pub struct SessionStream {
    inner: BoundedStream<MailStream>,
    /// Writes that carried bytes, since the connection opened.
    writes: u64,
    /// The folder remembered, and `writes` when it was last known to be current.
    selected: Option<(Selected, u64)>,
}

impl SessionStream {
    /// Wraps a bounded stream; nothing is selected yet.
    pub fn new(inner: BoundedStream<MailStream>) -> SessionStream {
        SessionStream {
            inner,
            writes: 0,
            selected: None,
        }
    }

    /// The folder remembered, when nothing was written since it was last confirmed.
    pub fn take_selected(&mut self) -> Option<Selected> {
        match self.selected.take() {
            Some((selected, at)) if at == self.writes => Some(selected),
            _ => None,
        }
    }

    /// Remembers `selected` as current now (after the commands that brought it up to date).
    pub fn remember(&mut self, selected: Selected) {
        self.selected = Some((selected, self.writes));
    }

    /// A mark to pass to [`Self::confirm_since`] around one of the bridge's own commands
    /// that leaves the selection alone; `None` when nothing current is remembered.
    pub fn mark(&self) -> Option<u64> {
        match &self.selected {
            Some((_, at)) if *at == self.writes => Some(self.writes),
            _ => None,
        }
    }

    /// Keeps the remembered folder current after an own command begun at `mark`.
    pub fn confirm_since(&mut self, mark: Option<u64>) {
        if let (Some(mark), Some((_, at))) = (mark, self.selected.as_mut())
            && *at == mark
        {
            *at = self.writes;
        }
    }

    /// The mail stream (to upgrade it to TLS).
    pub fn into_mail_stream(self) -> MailStream {
        self.inner.into_inner()
    }
}

impl From<BoundedStream<MailStream>> for SessionStream {
    fn from(inner: BoundedStream<MailStream>) -> SessionStream {
        SessionStream::new(inner)
    }
}

impl Deref for SessionStream {
    type Target = BoundedStream<MailStream>;

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl DerefMut for SessionStream {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
    }
}

impl AsyncRead for SessionStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SessionStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.inner).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            this.writes += 1;
        }
        written
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::bounded::ResponseLimits;
    use tokio::io::AsyncWriteExt;

    async fn stream() -> (SessionStream, tokio::net::TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let client = tokio::net::TcpStream::connect(address).await.unwrap();
        let (server, _) = listener.accept().await.unwrap();
        let bounded = BoundedStream::new(
            MailStream::Plain(client),
            ResponseLimits::for_messages_up_to(1024),
        );
        (SessionStream::new(bounded), server)
    }

    fn inbox() -> Selected {
        Selected {
            folder: FolderPath::inbox(),
            uid_validity: 7,
            uid_next: Some(10),
            exists: 9,
        }
    }

    #[tokio::test]
    async fn a_foreign_write_forgets_the_folder_and_an_own_command_keeps_it() {
        let (mut stream, _server) = stream().await;
        assert_eq!(stream.take_selected(), None);
        stream.remember(inbox());
        assert_eq!(stream.take_selected(), Some(inbox()));
        // Taken: remembered again only by whoever took it.
        assert_eq!(stream.take_selected(), None);

        stream.remember(inbox());
        let mark = stream.mark();
        stream
            .write_all(b"A1 UID FETCH 3 (FLAGS)\r\n")
            .await
            .unwrap();
        stream.confirm_since(mark);
        assert_eq!(stream.take_selected(), Some(inbox()));

        stream.remember(inbox());
        stream.write_all(b"A2 SELECT Archive\r\n").await.unwrap();
        assert_eq!(stream.mark(), None);
        stream.confirm_since(Some(0));
        assert_eq!(stream.take_selected(), None);
    }
}
