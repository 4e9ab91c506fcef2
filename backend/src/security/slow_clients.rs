//! Bounds on what a client may make the bridge wait for or hold: the size of a JSON body
//! (checked while it arrives, before any parsing) and the time to receive a whole request
//! body, so a client trickling bytes cannot hold a connection and a task for ever.
//!
//! The request head has its own deadline in `server.rs` (hyper's header read timeout).
//! Handlers are not cut off once the request has arrived: a send stopped between the
//! submission and the Sent copy would break the no-lost-message rule, and their work is
//! already bounded by the mail servers' connect and command timeouts.

use crate::config::HttpConfig;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// The upload route, whose bodies get the longer deadline.
const UPLOADS_PATH: &str = "/api/uploads";

/// The largest JSON body any route accepts (drafts with their HTML are the largest).
pub const MAX_JSON_BYTES: usize = 2 * 1024 * 1024;

/// The body-receiving deadlines, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadlines {
    /// For every request but uploads.
    pub request: Duration,
    /// For `POST /api/uploads`, whose bodies are files of many megabytes.
    pub upload: Duration,
}

impl From<&HttpConfig> for BodyDeadlines {
    fn from(config: &HttpConfig) -> Self {
        BodyDeadlines {
            request: config.body_timeout(),
            upload: config.upload_timeout(),
        }
    }
}

/// Middleware: the request body must have arrived whole before its deadline.
pub async fn body_deadline(
    State(deadlines): State<BodyDeadlines>,
    request: Request,
    next: Next,
) -> Response {
    let budget = if request.uri().path() == UPLOADS_PATH {
        deadlines.upload
    } else {
        deadlines.request
    };
    let request = request.map(|body| Body::new(DeadlineBody::new(body, budget)));
    next.run(request).await
}

/// The error a body gives once its deadline passed.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct BodyDeadlineExceeded;

/// Whether `error`, or any error it wraps, is [`BodyDeadlineExceeded`].
pub fn is_body_deadline(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<BodyDeadlineExceeded>() {
            return true;
        }
        current = error.source();
    }
    false
}

/// A body that fails with [`BodyDeadlineExceeded`] once its deadline passed: a total
/// budget, not an idle timeout, so a byte every few seconds does not keep it alive.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
}

impl DeadlineBody {
    fn new(inner: Body, budget: Duration) -> Self {
        DeadlineBody {
            inner,
            deadline: Box::pin(tokio::time::sleep_until(Instant::now() + budget)),
        }
    }
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(BodyDeadlineExceeded)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_trickling_body_fails_at_its_deadline() {
        let (tx, rx) =
            tokio::sync::mpsc::channel::<Result<http_body::Frame<Bytes>, axum::Error>>(1);
        let trickle = tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let frame = Ok(http_body::Frame::data(Bytes::from_static(b"x")));
                if tx.send(frame).await.is_err() {
                    break;
                }
            }
        });
        let stream = tokio_stream_from(rx);
        // An endless trickle: only the deadline can end it.
        let body = DeadlineBody::new(Body::new(stream), Duration::from_millis(300));
        let error = body.collect().await.err().map(|e| e.into_inner());
        let error = error.expect("the body must fail");
        assert!(is_body_deadline(&*error), "{error}");
        trickle.abort();
    }

    #[tokio::test]
    async fn a_prompt_body_arrives_whole() {
        let body = DeadlineBody::new(Body::from("{\"a\":1}"), Duration::from_secs(10));
        let bytes = body.collect().await.map(|b| b.to_bytes()).ok();
        assert_eq!(bytes.as_deref(), Some(&b"{\"a\":1}"[..]));
        assert!(!is_body_deadline(&std::io::Error::other("unrelated")));
    }

    /// A body fed from a channel of frames.
    fn tokio_stream_from(
        rx: tokio::sync::mpsc::Receiver<Result<http_body::Frame<Bytes>, axum::Error>>,
    ) -> http_body_util::StreamBody<
        futures::stream::BoxStream<'static, Result<http_body::Frame<Bytes>, axum::Error>>,
    > {
        use futures::StreamExt;
        let stream = futures::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        });
        http_body_util::StreamBody::new(stream.boxed())
    }
}
