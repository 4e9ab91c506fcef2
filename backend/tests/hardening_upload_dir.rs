//! The upload directory at start: made private to the bridge's user even when it was
//! there before with a looser mode, refused when it is a symbolic link.

#![cfg(unix)]

use facteur_backend::{AppState, Config};
use std::os::unix::fs::PermissionsExt;

fn config_with_uploads(dir: &std::path::Path) -> Config {
    let mut config = Config::default();
    config.compose.upload_dir = Some(dir.to_path_buf());
    config
}

#[tokio::test]
async fn the_upload_directory_is_private_from_the_start() {
    let base = tempfile::tempdir().unwrap();
    // Made by someone else's umask, or by an earlier version, open to every local user.
    let open = base.path().join("uploads");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
    AppState::new(config_with_uploads(&open)).unwrap();
    let mode = std::fs::metadata(&open).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    // A directory that does not exist yet is made at start, private.
    let fresh = base.path().join("fresh/uploads");
    AppState::new(config_with_uploads(&fresh)).unwrap();
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[tokio::test]
async fn a_symbolic_link_for_the_upload_directory_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let target = base.path().join("target");
    std::fs::create_dir(&target).unwrap();
    let link = base.path().join("uploads");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let refused = AppState::new(config_with_uploads(&link));
    assert!(refused.is_err());
}
