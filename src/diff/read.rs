//! The two versions compared: a file, read and checked as `check` would, or
//! `REV:path`, the text git holds for a path at a revision, checked as text
//! under that name.

use std::path::Path;
use std::process::Command;

use crate::diagnostics::{Code, Diagnostic};
use crate::report::{CheckOptions, CheckReport};

/// One version, read and checked, with its models kept.
#[derive(Debug)]
pub struct Version {
    /// The check of it; its models are in `report.agreements`.
    pub report: CheckReport,
}

/// Reads and checks one version: `spec` is a file if one exists by that
/// name, otherwise `REV:path` if it holds a colon (git is asked, in the
/// current folder, for `git show REV:path`), otherwise a file that is not
/// there (reported as `check` reports it).
pub fn read_version(spec: &str) -> Version {
    let path = Path::new(spec);
    let report = match spec.split_once(':') {
        Some((rev, file)) if !path.exists() && !rev.is_empty() => from_git(spec, rev, file),
        _ => crate::pipeline::check_file(path),
    };
    Version { report }
}

/// `git show REV:path`, checked as a file named `REV:path`.
fn from_git(spec: &str, rev: &str, file: &str) -> CheckReport {
    let output = Command::new("git")
        .arg("show")
        .arg(format!("{rev}:{file}"))
        .output();
    let failed = |why: String| {
        CheckReport::from(
            Diagnostic::about_path(
                Code::CannotRead,
                spec,
                format!("cannot be read from git: {why}"),
            )
            .help("write REV:path with a revision and a path git knows (`HEAD~1:agreements/x.s75`), or name a file that exists"),
        )
    };
    let output = match output {
        Ok(output) => output,
        Err(error) => return failed(format!("git could not be run ({error})")),
    };
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        let message = message.trim();
        let message = crate::text::visible_line(message.lines().next().unwrap_or("git failed"));
        return failed(message.into_owned());
    }
    if u64::try_from(output.stdout.len()).unwrap_or(u64::MAX) > crate::files::MAX_FILE_BYTES {
        return failed(format!(
            "it is larger than the limit of {} bytes",
            crate::files::MAX_FILE_BYTES
        ));
    }
    let Ok(text) = String::from_utf8(output.stdout) else {
        return failed("it is not UTF-8 text".to_owned());
    };
    crate::pipeline::check_texts(
        &[(spec, &text)],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    )
}
