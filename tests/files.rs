//! Hostile folders and files: links leading out of the folder being checked,
//! loops of links, pipes and devices, the same file under two spellings,
//! and output files that are not what they seem. Each test asserts the
//! diagnostic, the exit code and that nothing outside the folder was read.
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use concordat::diagnostics::Code;
use concordat::files::{find_files, read_limited, write_with, Refusal};
use concordat::{check_paths, CheckOptions};

/// A string that must never appear in any output.
const SECRET: &str = "SECRET_TOKEN_7f3a9c";

fn concordat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        // Run on a GitHub runner, `--format github` would add to its job summary.
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("CONCORDAT_TEST_SECRET", SECRET)
        .output()
        .unwrap()
}

/// Standard output and standard error together.
fn all_output(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// A fresh scratch space: `checked/` (the folder to check, holding one
/// clean agreement, `a.s75`) and `outside/` (holding `secret.s75`, which
/// must never be read).
struct Scratch {
    _dir: tempfile::TempDir,
    checked: PathBuf,
    outside: PathBuf,
}

fn scratch() -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let checked = dir.path().join("checked");
    let outside = dir.path().join("outside");
    std::fs::create_dir(&checked).unwrap();
    std::fs::create_dir(&outside).unwrap();
    std::fs::copy(
        shipped("agreements/birmingham_ld_mh.s75"),
        checked.join("a.s75"),
    )
    .unwrap();
    // Were it read, its only line would be quoted back in a syntax error.
    std::fs::write(outside.join("secret.s75"), format!("{SECRET} {SECRET}\n")).unwrap();
    Scratch {
        _dir: dir,
        checked,
        outside,
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn codes(report: &concordat::CheckReport) -> Vec<Code> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn a_link_to_a_file_outside_the_folder_is_refused_in_every_format() {
    let s = scratch();
    symlink(s.outside.join("secret.s75"), s.checked.join("x.s75")).unwrap();
    for format in ["human", "plain", "json", "sarif", "github", "junit"] {
        let output = concordat(&["check", "--format", format, text(&s.checked)]);
        let all = all_output(&output);
        assert!(!all.contains(SECRET), "{format}: {all}");
        assert_eq!(output.status.code(), Some(2), "{format}: {all}");
        assert!(all.contains("E0903"), "{format}: {all}");
        assert!(all.contains("x.s75"), "{format}: {all}");
    }
    let output = concordat(&["check", "--format", "plain", text(&s.checked)]);
    assert!(
        all_output(&output)
            .contains("x.s75: not read: a link leading outside the folder being checked"),
        "{}",
        all_output(&output)
    );
    // Named on its own, its folder (not its target's) is the one checked.
    let output = concordat(&["check", text(&s.checked.join("x.s75"))]);
    let all = all_output(&output);
    assert!(!all.contains(SECRET), "{all}");
    assert_eq!(output.status.code(), Some(2), "{all}");
    assert!(all.contains("E0903"), "{all}");
}

#[test]
fn a_folder_of_refused_links_says_so_and_no_more() {
    let s = scratch();
    std::fs::remove_file(s.checked.join("a.s75")).unwrap();
    symlink(s.outside.join("secret.s75"), s.checked.join("x.s75")).unwrap();
    symlink(&s.outside, s.checked.join("elsewhere")).unwrap();
    let report = check_paths(std::slice::from_ref(&s.checked), CheckOptions::default());
    assert_eq!(
        codes(&report),
        [Code::LinkOutsideFolder, Code::LinkOutsideFolder]
    );
    assert!(report.files.is_empty());
}

#[test]
fn a_link_to_the_process_environment_is_refused() {
    let s = scratch();
    symlink("/proc/self/environ", s.checked.join("env.s75")).unwrap();
    for path in [s.checked.clone(), s.checked.join("env.s75")] {
        let output = concordat(&["check", "--format", "json", text(&path)]);
        let all = all_output(&output);
        assert!(!all.contains(SECRET), "{all}");
        assert_eq!(output.status.code(), Some(2), "{all}");
        assert!(all.contains("E0903"), "{all}");
    }
}

#[test]
fn loops_of_links_end_and_each_real_file_is_checked_once() {
    let s = scratch();
    let c = &s.checked;
    for folder in ["sub", "p", "r"] {
        std::fs::create_dir(c.join(folder)).unwrap();
    }
    std::fs::copy(c.join("a.s75"), c.join("sub/b.s75")).unwrap();
    std::fs::copy(c.join("a.s75"), c.join("p/c.s75")).unwrap();
    std::fs::copy(c.join("a.s75"), c.join("r/d.s75")).unwrap();
    // A folder linking to its parent, and two folders linking to each other.
    symlink("..", c.join("sub/up")).unwrap();
    symlink("../r", c.join("p/to_r")).unwrap();
    symlink("../p", c.join("r/to_p")).unwrap();
    let mut diagnostics = concordat::diagnostics::Diagnostics::new();
    let found = find_files(std::slice::from_ref(c), &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let expected: Vec<PathBuf> = ["a.s75", "p/c.s75", "r/d.s75", "sub/b.s75"]
        .iter()
        .map(|name| c.join(name))
        .collect();
    assert_eq!(found, expected);
    let output = concordat(&["check", text(c)]);
    assert_eq!(output.status.code(), Some(0), "{}", all_output(&output));
    let report = check_paths(std::slice::from_ref(c), CheckOptions::default());
    assert_eq!(report.files.len(), 4);
}

#[test]
fn a_pipe_named_like_an_agreement_is_refused_without_waiting() {
    let s = scratch();
    let fifo = s.checked.join("x.s75");
    mkfifo(&fifo);
    for path in [s.checked.clone(), fifo.clone()] {
        let output = concordat(&["check", "--format", "plain", text(&path)]);
        let all = all_output(&output);
        assert_eq!(output.status.code(), Some(2), "{all}");
        assert!(all.contains("E0904"), "{all}");
        assert!(
            all.contains("x.s75: not read: this is a named pipe, not a file"),
            "{all}"
        );
    }
}

#[test]
fn devices_are_refused_by_link_or_by_name() {
    let s = scratch();
    symlink("/dev/zero", s.checked.join("zero.s75")).unwrap();
    let output = concordat(&["check", text(&s.checked)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(all_output(&output).contains("E0903"));
    // Named directly, its folder is `/dev`: refused as a device, unread.
    let output = concordat(&["check", "--format", "plain", "/dev/zero"]);
    let all = all_output(&output);
    assert_eq!(output.status.code(), Some(2), "{all}");
    assert!(all.contains("E0904") && all.contains("a device"), "{all}");
}

#[test]
fn the_same_file_under_two_spellings_is_checked_once() {
    let s = scratch();
    let c = &s.checked;
    symlink("a.s75", c.join("b.s75")).unwrap();
    let report = check_paths(std::slice::from_ref(c), CheckOptions::default());
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.files[0].path, c.join("a.s75"));
    let spellings = [
        c.join("a.s75"),
        c.join("./a.s75"),
        c.join("b.s75"),
        c.clone(),
    ];
    let report = check_paths(&spellings, CheckOptions::default());
    assert_eq!(report.files.len(), 1, "{:?}", report.files);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn an_import_through_a_link_leaving_the_folder_is_refused() {
    let s = scratch();
    std::fs::write(
        s.outside.join("register.s75"),
        format!(
            "// {SECRET}\n{}",
            std::fs::read_to_string(shipped(
                "tests/fixtures/projects/shared_register/registers/lancashire.s75"
            ))
            .unwrap()
        ),
    )
    .unwrap();
    symlink(
        s.outside.join("register.s75"),
        s.checked.join("register.s75"),
    )
    .unwrap();
    let importer =
        std::fs::read_to_string(shipped("tests/fixtures/projects/shared_register/bcf.s75"))
            .unwrap()
            .replace("registers/lancashire.s75", "register.s75");
    std::fs::write(s.checked.join("bcf.s75"), importer).unwrap();
    let output = concordat(&["check", text(&s.checked.join("bcf.s75"))]);
    let all = all_output(&output);
    assert!(!all.contains(SECRET), "{all}");
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("E0109"), "{all}");
    // The folder as a whole: the link itself is refused too.
    let report = check_paths(std::slice::from_ref(&s.checked), CheckOptions::default());
    let found = codes(&report);
    assert!(found.contains(&Code::ImportOutsideFolder), "{found:?}");
    assert!(found.contains(&Code::LinkOutsideFolder), "{found:?}");
    assert!(report.files.iter().all(|f| !f.text.contains(SECRET)));
}

#[test]
fn a_return_through_a_link_leaving_its_folder_is_refused() {
    let s = scratch();
    std::fs::copy(
        shipped("agreements/lancashire_bcf.s75"),
        s.checked.join("bcf.s75"),
    )
    .unwrap();
    let mut rows =
        std::fs::read_to_string(shipped("agreements/returns/lancashire_bcf.csv")).unwrap();
    rows.push_str(&format!("dtoc,lcc,2017/18 Q1,{SECRET},{SECRET}\n"));
    for name in ["r.csv", "r.yaml", "r.xlsx"] {
        std::fs::write(s.outside.join(name), &rows).unwrap();
        symlink(s.outside.join(name), s.checked.join(name)).unwrap();
        let agreement = s.checked.join("bcf.s75");
        let path = s.checked.join(name);
        for command in ["assess", "summary"] {
            let output = concordat(&[command, text(&agreement), "--returns", text(&path)]);
            let all = all_output(&output);
            assert!(!all.contains(SECRET), "{command} {name}: {all}");
            assert_eq!(output.status.code(), Some(2), "{command} {name}: {all}");
            assert!(all.contains("E0903"), "{command} {name}: {all}");
        }
    }
    // A return that is a pipe is refused unopened.
    mkfifo(&s.checked.join("q.csv"));
    let output = concordat(&[
        "assess",
        text(&s.checked.join("bcf.s75")),
        "--returns",
        text(&s.checked.join("q.csv")),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(all_output(&output).contains("E0904"));
}

#[test]
fn summary_output_is_never_written_over_a_link_a_pipe_or_a_folder() {
    let s = scratch();
    let victim = s.outside.join("victim.md");
    std::fs::write(&victim, "keep me").unwrap();
    let link = s.checked.join("link.md");
    symlink(&victim, &link).unwrap();
    let fifo = s.checked.join("pipe.md");
    mkfifo(&fifo);
    let folder = s.checked.join("folder.md");
    std::fs::create_dir(&folder).unwrap();
    for (target, what) in [
        (&link, "a link"),
        (&fifo, "a named pipe"),
        (&folder, "a folder"),
    ] {
        let output = concordat(&[
            "summary",
            "-o",
            text(target),
            text(&s.checked.join("a.s75")),
        ]);
        let all = all_output(&output);
        assert_eq!(output.status.code(), Some(2), "{all}");
        assert!(all.contains("E0920"), "{all}");
        assert!(
            all.contains(&format!("this is {what}, not a plain file")),
            "{all}"
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(std::fs::read_dir(&folder).unwrap().next().is_none());
    // Nothing else was left in the folder (no temporary file).
    let mut names: Vec<String> = std::fs::read_dir(&s.checked)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.s75", "folder.md", "link.md", "pipe.md"]);
}

#[test]
fn summary_output_replaces_a_file_whole_keeping_its_permissions() {
    let s = scratch();
    let out = s.checked.join("out.md");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = concordat(&["summary", "-o", text(&out), text(&s.checked.join("a.s75"))]);
    assert_eq!(output.status.code(), Some(0), "{}", all_output(&output));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("# "), "{written}");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(std::fs::read_dir(&s.checked).unwrap().count(), 2);
}

#[test]
fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file() {
    let s = scratch();
    let out = s.checked.join("out.md");
    std::fs::write(&out, "old").unwrap();
    let mut names = concordat::files::write::temporary_names(&out);
    let result = write_with(&out, &mut names, |file| {
        use std::io::Write;
        file.write_all(b"half a docu")?;
        Err(std::io::Error::other("the disk is full"))
    });
    let diagnostic = result.unwrap_err();
    assert_eq!(diagnostic.code, Code::CannotWrite);
    assert_eq!(diagnostic.message, "cannot be written: the disk is full");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(std::fs::read_dir(&s.checked).unwrap().count(), 2);
}

#[test]
fn a_planted_temporary_name_is_never_followed_or_overwritten() {
    let s = scratch();
    let out = s.checked.join("out.md");
    let victim = s.outside.join("victim.md");
    std::fs::write(&victim, "keep me").unwrap();
    let planted_link = s.checked.join(".out.md.1.tmp");
    let planted_file = s.checked.join(".out.md.2.tmp");
    symlink(&victim, &planted_link).unwrap();
    std::fs::write(&planted_file, "planted").unwrap();
    let mut names = [".out.md.1.tmp", ".out.md.2.tmp", ".out.md.3.tmp"]
        .into_iter()
        .map(str::to_owned);
    write_with(&out, &mut names, |file| {
        use std::io::Write;
        file.write_all(b"new")
    })
    .unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(planted_link
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&planted_file).unwrap(), "planted");
    assert!(!s.checked.join(".out.md.3.tmp").exists());
    // Every name taken: refused, nothing written.
    let mut names = [".out.md.1.tmp", ".out.md.2.tmp"]
        .into_iter()
        .map(str::to_owned);
    let result = write_with(&out, &mut names, |_| Ok(()));
    assert_eq!(result.unwrap_err().code, Code::CannotWrite);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
}

#[test]
fn temporary_names_are_unpredictable_and_hidden() {
    let out = Path::new("folder/out.md");
    let names: Vec<String> = concordat::files::write::temporary_names(out)
        .take(100)
        .collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 100);
    assert!(names
        .iter()
        .all(|n| n.starts_with(".out.md.") && n.ends_with(".tmp")));
}

#[test]
fn the_size_limit_holds_while_reading() {
    // An endless source, as `/dev/zero` would be: at most the limit and one
    // byte are read.
    match read_limited(std::io::repeat(0), 0, 4096) {
        Err(Refusal::TooLarge(read)) => assert_eq!(read, 4097),
        other => panic!("{other:?}"),
    }
    assert_eq!(read_limited(&b"abc"[..], 3, 3).unwrap(), b"abc");
}
