//! Standard input, named `-` where a file is expected (an agreement, a
//! return).
//!
//! The first time `-` is opened, standard input is copied, at most
//! [`MAX_FILE_BYTES`] of it, into a new file in the system's temporary
//! folder, created exclusively under an unpredictable name; every later
//! opening of `-` opens that copy afresh (readers that open a file twice,
//! or on two threads, see the same bytes). [`finish`] removes the copy; the
//! command line calls it before it exits.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::{Refusal, MAX_FILE_BYTES};
use crate::diagnostics::{Code, Diagnostic};

/// The name of standard input on the command line.
pub const NAME: &str = "-";

/// Whether `path` names standard input (`-`, exactly).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == NAME
}

/// The copy of standard input, once made: its path, or why it could not
/// be made (the error's kind and words, or the bytes read past the limit).
static COPY: OnceLock<Result<PathBuf, Failure>> = OnceLock::new();

/// Copies made, to remove when the run ends.
static MADE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

#[derive(Debug, Clone)]
enum Failure {
    TooLarge(u64),
    Io(std::io::ErrorKind, String),
}

/// Opens standard input (as a copy on disk, made the first time), with the
/// metadata of the handle.
pub fn open() -> Result<(File, Metadata), Refusal> {
    let copy = COPY.get_or_init(|| {
        copy_of(
            std::io::stdin().lock(),
            &std::env::temp_dir(),
            MAX_FILE_BYTES,
        )
    });
    match copy {
        Ok(path) => {
            let file = File::open(path)?;
            let meta = file.metadata()?;
            Ok((file, meta))
        }
        Err(Failure::TooLarge(bytes)) => Err(Refusal::TooLarge(*bytes)),
        Err(Failure::Io(kind, words)) => Err(Refusal::Io(std::io::Error::new(
            *kind,
            format!("standard input could not be read: {words}"),
        ))),
    }
}

/// Copies `source`, if it holds at most `limit` bytes, into a new file in
/// `folder`.
fn copy_of(source: impl std::io::Read, folder: &Path, limit: u64) -> Result<PathBuf, Failure> {
    let io = |error: std::io::Error| Failure::Io(error.kind(), error.to_string());
    let mut names = super::write::temporary_names(Path::new("concordat-stdin"));
    let (mut file, path) = create_new(folder, &mut names).map_err(io)?;
    if let Ok(mut made) = MADE.lock() {
        made.push(path.clone());
    }
    let copied = std::io::copy(&mut source.take(limit.saturating_add(1)), &mut file)
        .and_then(|copied| file.flush().map(|()| copied))
        .map_err(io)?;
    if copied > limit {
        return Err(Failure::TooLarge(copied));
    }
    Ok(path)
}

/// A new file in `folder` under the first free name of `names`.
fn create_new(
    folder: &Path,
    names: &mut dyn Iterator<Item = String>,
) -> std::io::Result<(File, PathBuf)> {
    for name in names.take(64) {
        let candidate = folder.join(name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((file, candidate)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free name for a temporary file",
    ))
}

/// Removes the copy of standard input, if one was made.
pub fn finish() {
    if let Ok(mut made) = MADE.lock() {
        for path in made.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// E0940 when standard input is named more than once among `paths` (it
/// can be read only once: an agreement and a return cannot both come
/// from it).
pub fn named_once<'p>(paths: impl IntoIterator<Item = &'p Path>) -> Result<(), Box<Diagnostic>> {
    let mut named = paths.into_iter().filter(|path| is_stdin(path));
    match (named.next(), named.next()) {
        (Some(path), Some(_)) => Err(Box::new(
            Diagnostic::about_path(
                Code::StdinTwice,
                path,
                "standard input (`-`) is named more than once",
            )
            .help("give at most one file as `-`, the others by their paths"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]
    use super::*;

    #[test]
    fn a_copy_is_bounded_and_reopened_afresh() {
        let folder = tempfile::tempdir().unwrap();
        let path = copy_of(&b"agreement x {}\n"[..], folder.path(), 15).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"agreement x {}\n");
        assert!(matches!(
            copy_of(&b"agreement x {}\n"[..], folder.path(), 14),
            Err(Failure::TooLarge(15))
        ));
        finish();
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
    }

    #[test]
    fn only_a_lone_dash_is_stdin() {
        assert!(is_stdin(Path::new("-")));
        assert!(!is_stdin(Path::new("./-")));
        assert!(!is_stdin(Path::new("--")));
        let paths = [Path::new("-"), Path::new("a.csv"), Path::new("-")];
        assert!(named_once(paths.iter().copied()).is_err());
        assert!(named_once(paths.iter().copied().take(2)).is_ok());
    }
}
