//! Appending to a file someone else made: the job summary that a GitHub
//! Actions runner names in `GITHUB_STEP_SUMMARY`.
//!
//! Only a regular file is appended to. Anything else at the path (a link, a
//! folder, a device, a named pipe) is refused from what the system says it
//! is, before it is opened; the file is then opened for appending only,
//! created if missing, without following a link at its last step and
//! without waiting, and must still be a regular file once open. Nothing is
//! ever truncated or replaced.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use super::kind_of;
use crate::diagnostics::{Code, Diagnostic};

/// Appends `text` to the file at `path` (see the module's doc). A failure
/// or refusal is one E0920 diagnostic.
pub fn append(path: &Path, text: &str) -> Result<(), Box<Diagnostic>> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(not_a_file(path, meta.file_type())),
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(cannot_append(path, &error)),
    }
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY);
    }
    let mut file = options.open(path).map_err(|e| cannot_append(path, &e))?;
    let meta = file.metadata().map_err(|e| cannot_append(path, &e))?;
    if !meta.is_file() {
        return Err(not_a_file(path, meta.file_type()));
    }
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| cannot_append(path, &e))
}

fn not_a_file(path: &Path, file_type: std::fs::FileType) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::about_path(
            Code::CannotWrite,
            path,
            format!(
                "cannot be appended to: this is {}, not a plain file",
                kind_of(file_type)
            ),
        )
        .help("give the path of a plain file (GitHub sets `GITHUB_STEP_SUMMARY` to one); what is there was left alone"),
    )
}

fn cannot_append(path: &Path, error: &std::io::Error) -> Box<Diagnostic> {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "the folder does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ if error.raw_os_error() == Some(ELOOP) => "it is a link, not a plain file".to_owned(),
        _ => error.to_string(),
    };
    Box::new(
        Diagnostic::about_path(
            Code::CannotWrite,
            path,
            format!("cannot be appended to: {reason}"),
        )
        .help("give a plain file in a folder that exists and can be written to"),
    )
}

/// The error of opening a link with `O_NOFOLLOW`.
#[cfg(unix)]
const ELOOP: i32 = libc::ELOOP;
#[cfg(not(unix))]
const ELOOP: i32 = -1;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]
    use super::*;

    #[test]
    fn appends_to_a_plain_file_and_creates_a_missing_one() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("summary.md");
        append(&path, "a\n").unwrap();
        append(&path, "b\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\nb\n");
    }

    #[test]
    fn refuses_a_folder() {
        let folder = tempfile::tempdir().unwrap();
        let refused = append(folder.path(), "a").unwrap_err();
        assert_eq!(refused.code, Code::CannotWrite);
        assert!(refused.message.contains("a folder"), "{}", refused.message);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_link_and_leaves_its_target_alone() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("target.md");
        std::fs::write(&target, "kept\n").unwrap();
        let link = folder.path().join("summary.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let refused = append(&link, "a").unwrap_err();
        assert!(refused.message.contains("a link"), "{}", refused.message);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
    }
}
