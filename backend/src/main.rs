//! The `facteur` bridge binary: reads the configuration, sets up logging, serves.

use facteur_backend::{AppState, Config, app};
use std::path::PathBuf;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    if let Err(error) = facteur_backend::logging::install(filter, std::io::stdout) {
        eprintln!("logging could not be set up: {error}");
    }
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let config = Config::load(config_path()?.as_deref()).map_err(|e| e.to_string())?;
    let listen = config.listen;
    let header_read_timeout = config.http.header_read_timeout();
    tracing::info!(?config, "configuration");
    let state = AppState::new(config).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    tracing::info!("listening on http://{listen}");
    facteur_backend::server::serve(listener, app(state), header_read_timeout, shutdown_signal())
        .await;
    Ok(())
}

/// `--config PATH` (or `--config=PATH`), else `FACTEUR_CONFIG`, else none.
fn config_path() -> Result<Option<PathBuf>, String> {
    let mut args = std::env::args().skip(1);
    match args.next() {
        None => {}
        Some(arg) if arg == "--config" => {
            return args
                .next()
                .map(|p| Some(PathBuf::from(p)))
                .ok_or_else(|| "--config needs a path".to_owned());
        }
        Some(arg) => {
            return match arg.strip_prefix("--config=") {
                Some(path) => Ok(Some(PathBuf::from(path))),
                None => Err(format!(
                    "unknown argument {arg:?}; usage: facteur [--config PATH]"
                )),
            };
        }
    }
    Ok(std::env::var_os("FACTEUR_CONFIG").map(PathBuf::from))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
