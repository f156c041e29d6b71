//! Reading one file: inside the roots, a regular file, bounded.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::path::Path;

use super::{kind_of, too_large, Identity, Refusal, Roots, MAX_FILE_BYTES};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{self, FileId, SourceFile};

/// Opens `path` for reading if its real location lies inside `roots` and it
/// is a regular file, deciding from its metadata before opening it. The file
/// is opened without blocking (a pipe swapped in cannot hang the run) and
/// without following a link at its last step, and the opened file must be
/// the one checked (same device and inode). Returns the file and the
/// metadata of the opened handle. `-` opens standard input
/// ([`super::stdin`]).
pub fn open_within(path: &Path, roots: &Roots) -> Result<(File, Metadata), Refusal> {
    if super::stdin::is_stdin(path) {
        return super::stdin::open();
    }
    let canonical = std::fs::canonicalize(path)?;
    if !roots.contain(&canonical) {
        return Err(Refusal::Outside);
    }
    let checked = std::fs::metadata(&canonical)?;
    if !checked.is_file() {
        return Err(Refusal::NotRegular(kind_of(checked.file_type())));
    }
    let file = options().open(&canonical)?;
    let opened = file.metadata()?;
    if !opened.is_file() || Identity::of(&opened, &canonical) != Identity::of(&checked, &canonical)
    {
        return Err(Refusal::Changed);
    }
    Ok((file, opened))
}

/// Read-only; on Unix also non-blocking, not following a final link and
/// never becoming the controlling terminal.
fn options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY);
    }
    options
}

/// The bytes of `path`, opened as by [`open_within`], if there are at most
/// `limit` of them.
pub fn read_within(path: &Path, roots: &Roots, limit: u64) -> Result<Vec<u8>, Refusal> {
    let (file, meta) = open_within(path, roots)?;
    if meta.len() > limit {
        return Err(Refusal::TooLarge(meta.len()));
    }
    read_limited(file, meta.len(), limit)
}

/// Reads `source` to its end if it holds at most `limit` bytes: the limit
/// holds while reading, whatever the size was said to be (`expected`, used
/// only to size the buffer).
pub fn read_limited(source: impl Read, expected: u64, limit: u64) -> Result<Vec<u8>, Refusal> {
    let capacity = usize::try_from(expected.min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    source
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(Refusal::TooLarge(read));
    }
    Ok(bytes)
}

/// Opens a return as by [`open_within`], its root being the folder it sits
/// in. A refusal comes back as an I/O error that
/// [`super::cannot_read_path`] reports with its own code.
pub fn open_return(path: &Path) -> std::io::Result<File> {
    open_within(path, &Roots::holding(path))
        .map(|(file, _)| file)
        .map_err(Refusal::into_io)
}

/// Reads a return whole (at most [`MAX_FILE_BYTES`]), as [`open_return`]
/// opens it.
pub fn read_return(path: &Path) -> std::io::Result<Vec<u8>> {
    read_within(path, &Roots::holding(path), MAX_FILE_BYTES).map_err(Refusal::into_io)
}

/// Loads one agreement file from disk, its root being the folder that holds
/// it as written.
pub fn load(id: FileId, path: &Path, diagnostics: &mut Diagnostics) -> Option<SourceFile> {
    load_within(id, path, &Roots::holding(path), diagnostics)
}

/// Loads one agreement file from disk if it lies inside `roots`: `None`
/// when it is a folder or cannot be read (reported), an empty file with
/// E0007 when it is too large.
pub fn load_within(
    id: FileId,
    path: &Path,
    roots: &Roots,
    diagnostics: &mut Diagnostics,
) -> Option<SourceFile> {
    let bytes = match read_within(path, roots, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(Refusal::NotRegular("a folder")) => return None,
        Err(Refusal::TooLarge(bytes)) => {
            let file = SourceFile::new(id, path, "");
            diagnostics.push(
                Diagnostic::new(Code::FileTooLarge, file.start_span(), too_large(bytes))
                    .help("split the agreement into several files"),
            );
            return Some(file);
        }
        Err(refusal) => {
            diagnostics.push(refusal.diagnostic(path));
            return None;
        }
    };
    let (file, problem) = source::decode(id, path, &bytes);
    if let Some(source::DecodeProblem::NotUtf8 { offset }) = problem {
        let span = source::Span::new(id, offset, offset + 1);
        diagnostics.push(
            Diagnostic::new(Code::NotUtf8, span, "the file is not UTF-8 text")
                .label("this byte is not UTF-8")
                .help("save the file as UTF-8 (\"Unicode (UTF-8)\" in most editors)"),
        );
    }
    Some(file)
}
