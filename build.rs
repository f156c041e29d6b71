//! Records the commit the binary is built from, for `concordat --version`:
//! `CONCORDAT_COMMIT` is the short hash when the source is a git checkout
//! and git runs, and empty otherwise (a build from a source archive).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let commit = commit().unwrap_or_default();
    println!("cargo:rustc-env=CONCORDAT_COMMIT={commit}");
}

/// The output of `git ARGS` in this folder, trimmed, if git ran and succeeded.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    Some(text.trim().to_owned())
}

/// The short hash of `HEAD`, asking for a rebuild when `HEAD` or the branch
/// it names moves.
fn commit() -> Option<String> {
    if !Path::new(".git").exists() {
        return None;
    }
    let hash = git(&["rev-parse", "--short", "HEAD"])?;
    if !hash.bytes().all(|b| b.is_ascii_hexdigit()) || hash.is_empty() {
        return None;
    }
    watch(&["rev-parse", "--git-path", "HEAD"]);
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch(&["rev-parse", "--git-path", &branch]);
        watch(&["rev-parse", "--git-path", "packed-refs"]);
    }
    Some(hash)
}

/// Rebuilds when the file git names for `args` changes, if it exists (a
/// file that does not exist would rebuild every time).
fn watch(args: &[&str]) {
    if let Some(path) = git(args) {
        if Path::new(&path).is_file() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
