//! The bridge's log output: `RUST_LOG` chooses levels, but some targets are never written
//! at any level, because they log protocol lines that carry secrets.

use tracing::Metadata;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::{FilterFn, filter_fn};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::{SubscriberInitExt, TryInitError};

pub use tracing_subscriber::EnvFilter;

/// Log targets (and their submodules) that are dropped whatever `RUST_LOG` says.
///
/// `async_imap` traces every command and response line it encodes or decodes: `LOGIN`
/// with the password, `APPEND` with a whole message, `FETCH` answers with message bodies.
const SECRET_BEARING_TARGETS: &[&str] = &["async_imap"];

/// Whether events of `target` may be written.
pub fn target_is_loggable(target: &str) -> bool {
    !SECRET_BEARING_TARGETS.iter().any(|denied| {
        target
            .strip_prefix(denied)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    })
}

fn loggable() -> FilterFn<impl Fn(&Metadata<'_>) -> bool> {
    filter_fn(|metadata| target_is_loggable(metadata.target()))
}

/// Installs the global subscriber writing to `writer` under `filter`, with the secret
/// bearing targets removed; `log` records of dependencies go through the same filters.
pub fn install<W>(filter: EnvFilter, writer: W) -> Result<(), TryInitError>
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    let output = tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_filter(loggable());
    tracing_subscriber::registry()
        .with(filter)
        .with(output)
        .try_init()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_bearing_targets_are_dropped_with_their_submodules() {
        let cases = [
            ("async_imap", false),
            ("async_imap::imap_stream", false),
            ("async_imap_extra", true),
            ("facteur_backend::routes::session", true),
            ("rustls::client::hs", true),
            ("tower_http::trace::on_request", true),
        ];
        for (target, loggable) in cases {
            assert_eq!(target_is_loggable(target), loggable, "{target}");
        }
    }
}
