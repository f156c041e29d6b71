//! Files on disk: finding agreements in folders, reading agreements, imports
//! and returns safely, and writing output files whole or not at all.
//!
//! The rules every read follows, whoever asks (`check`, an import, a
//! return):
//!
//! 1. **Roots.** The folders being checked are the *roots*: each folder
//!    named on the command line, and for each file named, the folder that
//!    holds it as written (the folder of the link, not of its target). A
//!    return's root is the folder it sits in.
//! 2. **Links are followed inside the roots only.** A path is resolved to
//!    its real location first; if that lies outside every root, the path is
//!    refused (E0903) and never opened.
//! 3. **Only regular files are read.** A folder, named pipe, device or
//!    socket is refused (E0904) from its metadata, before it is opened. The
//!    file is then opened without blocking and without following a link,
//!    and the opened file must be the regular file that was checked (same
//!    device and inode), or it is refused as changed (E0901).
//! 4. **Bounded reads.** At most [`MAX_FILE_BYTES`] are read, whatever the
//!    metadata said (E0007).
//! 5. **Once each.** The walk visits each folder once (by device and inode),
//!    so loops of links end, and checks each file once, however many
//!    spellings reach it.
//!
//! Appending ([`append`], for GitHub's job summary) refuses anything but a
//! regular file and never follows a final link.
//!
//! Standard input, named `-`, is read once into a private copy within the
//! same limit ([`stdin`]).
//!
//! Writing ([`write`]) goes through a temporary file created exclusively
//! beside the destination, and refuses to replace anything but a regular
//! file.

pub mod append;
mod read;
pub mod stdin;
mod walk;
pub mod write;

use std::fmt;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

pub use read::{
    load, load_within, open_return, open_within, read_limited, read_return, read_within,
};
pub use walk::{find, find_files, find_paths, find_wanted, Found, Wanted, AGREEMENTS};
pub use write::{write_atomically, write_with};

use crate::diagnostics::{Code, Diagnostic};

/// The extension of agreement files.
pub const EXTENSION: &str = "s75";

/// The largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The folders being checked, by their real (canonical) paths: nothing is
/// read outside them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roots(Vec<PathBuf>);

impl Roots {
    /// The roots of a run over `paths`: each folder named, and the folder
    /// holding each file named, as written (a link named on the command line
    /// does not widen the roots to where it leads).
    pub fn of(paths: &[PathBuf]) -> Roots {
        let mut roots: Vec<PathBuf> = paths
            .iter()
            .filter_map(|path| match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => std::fs::canonicalize(path).ok(),
                _ => std::fs::canonicalize(folder_of(path)).ok(),
            })
            .collect();
        roots.sort();
        roots.dedup();
        Roots(roots)
    }

    /// The root of a file read on its own (a return): the folder that holds
    /// it as written.
    pub fn holding(path: &Path) -> Roots {
        Roots(
            std::fs::canonicalize(folder_of(path))
                .ok()
                .into_iter()
                .collect(),
        )
    }

    /// These roots and the current folder: the roots of the files a
    /// scenario names, which may sit beside the scenarios' folder.
    pub fn and_current_folder(mut self) -> Roots {
        if let Ok(current) = std::env::current_dir().and_then(std::fs::canonicalize) {
            self.0.push(current);
            self.0.sort();
            self.0.dedup();
        }
        self
    }

    /// Whether the real path `canonical` lies inside one of the roots.
    pub fn contain(&self, canonical: &Path) -> bool {
        self.0.iter().any(|root| canonical.starts_with(root))
    }
}

/// The folder that holds `path` as written (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// What makes two paths the same file: its device and inode (on other
/// systems, its real path).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identity {
    #[cfg(unix)]
    key: (u64, u64),
    #[cfg(not(unix))]
    key: PathBuf,
}

impl Identity {
    /// The identity of the file at `path` whose metadata is `meta`.
    #[cfg(unix)]
    fn of(meta: &Metadata, _path: &Path) -> Identity {
        use std::os::unix::fs::MetadataExt;
        Identity {
            key: (meta.dev(), meta.ino()),
        }
    }

    /// The identity of the file at `path`: its real path.
    #[cfg(not(unix))]
    fn of(_meta: &Metadata, path: &Path) -> Identity {
        Identity {
            key: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        }
    }
}

/// Why a path was not read.
#[derive(Debug)]
pub enum Refusal {
    /// Its real location is outside the folders being checked.
    Outside,
    /// It is not a regular file; says what it is.
    NotRegular(&'static str),
    /// It was replaced between being checked and being opened.
    Changed,
    /// It holds more than the limit; at least this many bytes.
    TooLarge(u64),
    /// The system refused.
    Io(std::io::Error),
}

impl From<std::io::Error> for Refusal {
    fn from(error: std::io::Error) -> Refusal {
        Refusal::Io(error)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Outside => f.write_str("it leads outside the folder being checked"),
            Refusal::NotRegular(what) => write!(f, "it is {what}, not a file"),
            Refusal::Changed => f.write_str("it changed while it was being opened"),
            Refusal::TooLarge(bytes) => write!(f, "it is over {} MiB", bytes / (1024 * 1024)),
            Refusal::Io(error) => write!(f, "{}", reason(error)),
        }
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// As an I/O error, for readers that report through `std::io::Result`;
    /// [`cannot_read_path`] turns it back into its own diagnostic.
    pub fn into_io(self) -> std::io::Error {
        match self {
            Refusal::Io(error) => error,
            other => std::io::Error::other(other),
        }
    }

    /// The diagnostic for `path`, refused for this reason.
    pub fn diagnostic(&self, path: &Path) -> Diagnostic {
        match self {
            Refusal::Outside => Diagnostic::about_path(
                Code::LinkOutsideFolder,
                path,
                "not read: a link leading outside the folder being checked",
            )
            .help("only files inside the folders named on the command line are read; replace the link with the file itself"),
            Refusal::NotRegular(what) => Diagnostic::about_path(
                Code::NotAFile,
                path,
                format!("not read: this is {what}, not a file"),
            )
            .help("give a plain file saved on disk"),
            Refusal::Changed => Diagnostic::about_path(
                Code::CannotRead,
                path,
                "cannot be read: it changed while it was being opened",
            )
            .help("run the check again once nothing else is changing the folder"),
            Refusal::TooLarge(bytes) => Diagnostic::about_path(
                Code::FileTooLarge,
                path,
                too_large(*bytes),
            )
            .help("split the file into several files"),
            Refusal::Io(error) => cannot_read(path, error),
        }
    }
}

/// The message of E0007 for a file of at least `bytes` bytes.
fn too_large(bytes: u64) -> String {
    let mib = |bytes: u64| bytes / (1024 * 1024);
    if mib(bytes) > mib(MAX_FILE_BYTES) {
        format!(
            "the file is {} MiB; the limit is {} MiB",
            mib(bytes),
            mib(MAX_FILE_BYTES)
        )
    } else {
        format!("the file is over the limit of {} MiB", mib(MAX_FILE_BYTES))
    }
}

/// What kind of thing a non-regular file is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a link"
    } else if file_type.is_file() {
        "a file"
    } else {
        "something other than a file"
    }
}

/// An I/O error in plain words.
fn reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// E0901 for a path that cannot be read.
pub(crate) fn cannot_read(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::about_path(
        Code::CannotRead,
        path,
        format!("cannot be read: {}", reason(error)),
    )
    .help("check the path; folders are searched for `.s75` files")
}

/// The diagnostic for a return that could not be read: its refusal's own
/// (E0903, E0904, E0007) if it was refused, otherwise E0901.
pub(crate) fn cannot_read_path(path: &Path, error: &std::io::Error) -> Diagnostic {
    match error.get_ref().and_then(|e| e.downcast_ref::<Refusal>()) {
        Some(refusal) => refusal.diagnostic(path),
        None => cannot_read(path, error).help("check the path of the return"),
    }
}
