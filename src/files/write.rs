//! Writing an output file whole or not at all.
//!
//! The text goes to a new temporary file in the destination's folder,
//! created exclusively under an unpredictable name (an existing name, link
//! or not, is never opened: another name is tried), flushed and synced to
//! disk, then renamed over the destination in one step. Anything at the
//! destination that is not a regular file (a link, a folder, a device, a
//! named pipe) is refused, not replaced. On any failure the temporary file
//! is removed and the destination is left as it was.

use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::kind_of;
use crate::diagnostics::{Code, Diagnostic};

/// How many names are tried for the temporary file before giving up.
const ATTEMPTS: usize = 64;

/// Writes `bytes` to `path` whole or not at all (see the module's doc). A
/// failure or refusal (a destination that is not a regular file) is one
/// E0920 diagnostic.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
    write_with(path, &mut temporary_names(path), |file| {
        file.write_all(bytes)
    })
}

/// As [`write_atomically`], with the names of the temporary file taken from
/// `names` (tried in turn while they exist already) and its content written
/// by `fill`.
pub fn write_with(
    path: &Path,
    names: &mut dyn Iterator<Item = String>,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), Box<Diagnostic>> {
    let replaced = match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(Box::new(
                Diagnostic::about_path(
                    Code::CannotWrite,
                    path,
                    format!(
                        "cannot be written: this is {}, not a plain file",
                        kind_of(meta.file_type())
                    ),
                )
                .help("give the path of a new file, or of a plain file to replace; what is there was left alone"),
            ));
        }
        Ok(meta) => Some(meta),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(cannot_write(path, &error)),
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (mut file, temporary) = create_new(folder, names).map_err(|e| cannot_write(path, &e))?;
    // A file replaced keeps its permissions (a private file stays private).
    let permitted = match replaced {
        Some(meta) => file.set_permissions(meta.permissions()),
        None => Ok(()),
    };
    let written = permitted
        .and_then(|()| fill(&mut file))
        .and_then(|()| file.flush())
        .and_then(|()| file.sync_all());
    drop(file);
    let renamed = written.and_then(|()| std::fs::rename(&temporary.0, path));
    if let Err(error) = renamed {
        // `temporary` is removed as it is dropped.
        return Err(cannot_write(path, &error));
    }
    temporary.keep();
    sync_folder(folder);
    Ok(())
}

/// A temporary file, removed when dropped unless kept.
struct Temporary(PathBuf);

impl Temporary {
    /// Keeps the file (it has been renamed into place).
    fn keep(self) {
        std::mem::forget(self);
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Creates a new file in `folder` under the first of `names` that does not
/// exist yet. `create_new` fails on any existing name, a link included, so
/// nothing already there is ever opened or followed.
fn create_new(
    folder: &Path,
    names: &mut dyn Iterator<Item = String>,
) -> std::io::Result<(File, Temporary)> {
    for name in names.take(ATTEMPTS) {
        let candidate = folder.join(name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((file, Temporary(candidate))),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free name for a temporary file",
    ))
}

/// Unpredictable names for the temporary file of `path`:
/// `.NAME.<16 hex digits>.tmp`, the digits from a hasher keyed with the
/// system's randomness.
pub fn temporary_names(path: &Path) -> impl Iterator<Item = String> {
    let name: String = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy())
        .chars()
        .take(64)
        .collect();
    (0u64..).map(move |attempt| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(std::process::id());
        hasher.write_u64(attempt);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        hasher.write_u128(now);
        format!(".{name}.{:016x}.tmp", hasher.finish())
    })
}

/// Makes the rename durable where the system allows (Unix: sync the folder).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(folder) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// E0920 for an output that could not be written.
fn cannot_write(path: &Path, error: &std::io::Error) -> Box<Diagnostic> {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "the folder does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    };
    Box::new(
        Diagnostic::about_path(
            Code::CannotWrite,
            path,
            format!("cannot be written: {reason}"),
        )
        .help("give a file in a folder that exists and can be written to; a file already there is left as it was"),
    )
}
