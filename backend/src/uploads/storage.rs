//! The upload store's files on disk: a root directory private to the bridge's user and
//! not in memory, private subdirectories and files.

use crate::error::{Error, Result};
use std::io;
use std::path::Path;
use tokio::io::AsyncWriteExt;

/// Creates `root` (mode 0700) when missing and makes sure it is safe to keep other
/// people's files in: a real directory, not a symbolic link, owned by the bridge's user
/// (in a shared place such as `/var/tmp` anyone could have made it first), and reachable
/// by nobody else (a looser mode is tightened). Warns when it sits on tmpfs, where
/// uploads would take memory rather than disk.
pub fn prepare_root(root: &Path) -> io::Result<()> {
    create_dir_0700(root)?;
    let meta = std::fs::symlink_metadata(root)?;
    if !meta.file_type().is_dir() {
        return Err(io::Error::other(format!(
            "{} is not a directory (a symbolic link is refused)",
            root.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if meta.uid() != rustix::process::geteuid().as_raw() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{} belongs to another user", root.display()),
            ));
        }
        if meta.mode() & 0o077 != 0 {
            std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    if on_tmpfs(root) {
        tracing::warn!(
            dir = %root.display(),
            "the upload directory is on tmpfs: uploads will take memory; set compose.upload_dir"
        );
    }
    Ok(())
}

/// Whether `path` is on a tmpfs file system (memory, not disk).
#[cfg(target_os = "linux")]
pub fn on_tmpfs(path: &Path) -> bool {
    const TMPFS_MAGIC: i64 = 0x0102_1994;
    // The field's integer type differs between C libraries and architectures.
    #[allow(clippy::unnecessary_cast)]
    rustix::fs::statfs(path).is_ok_and(|stat| stat.f_type as i64 == TMPFS_MAGIC)
}

/// Whether `path` is on a tmpfs file system (not known off Linux).
#[cfg(not(target_os = "linux"))]
pub fn on_tmpfs(_path: &Path) -> bool {
    false
}

/// The error of a failed disk operation, as the API says it.
pub fn disk_error(error: io::Error) -> Error {
    Error::internal("upload storage", error)
}

fn create_dir_0700(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Creates `dir` (mode 0700) when missing.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    create_dir_0700(dir).map_err(disk_error)
}

/// A new file (mode 0600) for writing; fails when it exists.
pub async fn open_new(path: &Path) -> io::Result<tokio::fs::File> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path).await
}

/// [`open_new`], the error as the API says it.
pub async fn private_file(path: &Path) -> Result<tokio::fs::File> {
    open_new(path).await.map_err(disk_error)
}

/// Writes a new private file at once.
pub async fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = private_file(path).await?;
    file.write_all(bytes).await.map_err(disk_error)?;
    file.flush().await.map_err(disk_error)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_missing_root_is_created_private() {
        let base = tempfile::tempdir().unwrap();
        let root = base.path().join("a/b/uploads");
        prepare_root(&root).unwrap();
        assert_eq!(mode(&root), 0o700);
    }

    #[test]
    fn an_existing_root_open_to_others_is_tightened() {
        let base = tempfile::tempdir().unwrap();
        let root = base.path().join("uploads");
        std::fs::create_dir(&root).unwrap();
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o777)).unwrap();
        prepare_root(&root).unwrap();
        assert_eq!(mode(&root), 0o700);
    }

    #[test]
    fn a_symbolic_link_or_a_file_is_refused() {
        let base = tempfile::tempdir().unwrap();
        let elsewhere = base.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let link = base.path().join("uploads");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        assert!(prepare_root(&link).is_err());
        let file = base.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        assert!(prepare_root(&file).is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn tmpfs_is_told_apart_from_disk() {
        // Every mount point the kernel lists, against the type it gives for it.
        let mounts = std::fs::read_to_string("/proc/mounts").unwrap();
        let (mut tmpfs, mut disks) = (0, 0);
        for line in mounts.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [_, point, kind, ..] = fields[..] else {
                continue;
            };
            // Mount points may be hidden under later mounts; only top ones are checked.
            let top = mounts
                .lines()
                .rfind(|other| other.split_whitespace().nth(1) == Some(point))
                == Some(line);
            if !top || point.contains('\\') || !Path::new(point).is_dir() {
                continue;
            }
            match kind {
                "tmpfs" => {
                    assert!(on_tmpfs(Path::new(point)), "{point}");
                    tmpfs += 1;
                }
                "ext4" | "xfs" | "btrfs" => {
                    assert!(!on_tmpfs(Path::new(point)), "{point}");
                    disks += 1;
                }
                _ => {}
            }
        }
        assert!(
            tmpfs > 0 && disks > 0,
            "no tmpfs or no disk mounted to compare"
        );
    }
}
