//! `concordat diff`: a change of layout or comments only is no change in
//! meaning; each kind of change is reported with old, new, the difference
//! and the clauses; the outputs of a realistic deed of variation; JSON;
//! versions read from git.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly by design"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use concordat::diff::{self, Change, Section};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const OLD: &str = "tests/fixtures/diff/lancashire_bcf_old.s75";
const NEW: &str = "tests/fixtures/diff/lancashire_bcf_new.s75";
const BCF: &str = "agreements/lancashire_bcf.s75";

fn concordat(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A fresh empty folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("diff")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The text with its layout changed: every line indented anew, a comment
/// before each partner, blank lines doubled, a comment at the end.
fn reformatted(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("partner ") {
            out.push_str("      // a party to the agreement\n");
        }
        if trimmed.is_empty() {
            out.push('\n');
        } else {
            out.push_str("   ");
            out.push_str(trimmed);
        }
        out.push('\n');
    }
    out.push_str("// reformatted\n");
    out
}

#[test]
fn a_shipped_agreement_reformatted_has_no_change_in_meaning() {
    let dir = scratch("reformatted");
    let mut agreements: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("agreements"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "s75"))
        .collect();
    agreements.sort();
    assert_eq!(agreements.len(), 6);
    for original in &agreements {
        let copy = dir.join(original.file_name().unwrap());
        let source = std::fs::read_to_string(original).unwrap();
        let changed = reformatted(&source);
        assert_ne!(source, changed);
        std::fs::write(&copy, changed).unwrap();
        let output = concordat(
            Path::new(ROOT),
            &["diff", original.to_str().unwrap(), copy.to_str().unwrap()],
        );
        let out = text(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {out}{}",
            original.display(),
            text(&output.stderr)
        );
        assert!(out.starts_with("No change in meaning"), "{out}");
    }
}

/// The changes from the shipped Lancashire agreement to a copy with each
/// `(from, to)` replaced once.
fn changes_after(name: &str, edits: &[(&str, &str)]) -> Vec<Change> {
    changes_in(BCF, name, edits)
}

fn changes_in(agreement: &str, name: &str, edits: &[(&str, &str)]) -> Vec<Change> {
    let source = std::fs::read_to_string(Path::new(ROOT).join(agreement)).unwrap();
    let mut edited = source.clone();
    for (from, to) in edits {
        assert_eq!(edited.matches(from).count(), 1, "{from}");
        edited = edited.replacen(from, to, 1);
    }
    let file = Path::new(agreement).file_name().unwrap();
    let path = scratch(name).join(file);
    std::fs::write(&path, edited).unwrap();
    let result = diff::diff(
        Path::new(ROOT).join(agreement).to_str().unwrap(),
        path.to_str().unwrap(),
    );
    let diff = result.unwrap_or_else(|reports| {
        panic!(
            "{}",
            reports
                .iter()
                .map(|r| r.render(Default::default()))
                .collect::<String>()
        )
    });
    assert_eq!(diff.outcome().code(), 1);
    diff.changes
}

fn only(changes: &[Change]) -> &Change {
    assert_eq!(changes.len(), 1, "{changes:#?}");
    &changes[0]
}

fn words(change: &Change) -> (Option<&str>, Option<&str>) {
    (change.old.as_deref(), change.new.as_deref())
}

fn clauses(change: &Change) -> (Option<&str>, Option<&str>) {
    (change.old_clause.as_deref(), change.new_clause.as_deref())
}

#[test]
fn a_contribution_changed_with_the_difference_and_the_total() {
    let changes = changes_after(
        "contribution",
        &[
            ("gp  £5.341m", "gp  £5.291m"),
            ("total £119m", "total £118.95m"),
            ("2018/19 £22.5m", "2018/19 £22.45m"),
        ],
    );
    assert_eq!(changes.len(), 4, "{changes:#?}");
    let gp = &changes[0];
    assert_eq!(gp.section, Section::Contributions);
    assert_eq!(gp.item, "contribution of gp to bcf in 2018/19");
    assert_eq!(words(gp), (Some("£5,341,000"), Some("£5,291,000")));
    assert_eq!(gp.difference.unwrap().to_string(), "-£50,000");
    assert_eq!(clauses(gp), (Some("6.1"), Some("6.1")));
    let total = &changes[1];
    assert_eq!(total.item, "total contributions to bcf in 2018/19");
    assert_eq!(words(total), (Some("£37,000,000"), Some("£36,950,000")));
    assert_eq!(changes[2].item, "declared total of bcf");
    assert_eq!(changes[2].difference.unwrap().to_string(), "-£50,000");
    assert_eq!(
        changes[3].item,
        "plan of scheme intermediate_scheme of bcf in 2018/19"
    );
}

#[test]
fn a_partner_added() {
    let changes = changes_after(
        "partner",
        &[(
            "  partner el  \"NHS East Lancashire CCG\"          ccg\n",
            "  partner el  \"NHS East Lancashire CCG\"          ccg\n  partner bt \"Blackpool Teaching Hospitals\" foundation_trust clause \"2.7\"\n",
        )],
    );
    let change = only(&changes);
    assert_eq!(change.section, Section::Partners);
    assert_eq!(change.item, "partner bt");
    assert_eq!(
        words(change),
        (
            None,
            Some("Blackpool Teaching Hospitals (foundation_trust)")
        )
    );
    assert_eq!(clauses(change), (None, Some("2.7")));
}

#[test]
fn a_host_changed_with_its_manager() {
    let changes = changes_after(
        "host",
        &[
            ("host lcc   ", "host gp    "),
            ("Adult Services\" of lcc  ", "Adult Services\" of gp   "),
        ],
    );
    assert_eq!(changes.len(), 2, "{changes:#?}");
    assert!(changes.iter().all(|c| c.section == Section::Hosting));
    assert_eq!(changes[0].item, "host of bcf");
    assert_eq!(words(&changes[0]), (Some("lcc"), Some("gp")));
    assert_eq!(clauses(&changes[0]), (Some("5.1"), Some("5.1")));
    assert_eq!(changes[1].item, "manager of bcf");
}

#[test]
fn a_clause_renumbered_is_reported_with_both_clauses() {
    let changes = changes_after(
        "renumbered",
        &[("\"5.2\"\n", "\"5.3\"\n"), ("\"5.1\"", "\"5.2\"")],
    );
    assert_eq!(changes.len(), 2, "{changes:#?}");
    assert_eq!(clauses(&changes[0]), (Some("5.1"), Some("5.2")));
    let diff = diff::Diff {
        old: "old".into(),
        new: "new".into(),
        changes,
    };
    assert!(diff::human(&diff).contains("[clause 5.1 → 5.2]"));
}

#[test]
fn a_target_changed() {
    let changes = changes_after(
        "target",
        &[(
            "target at most 9.2 by 2018/19 Q4",
            "target at most 9.0 by 2018/19 Q4",
        )],
    );
    let change = only(&changes);
    assert_eq!(change.section, Section::Obligations);
    assert_eq!(change.item, "target of dtoc");
    assert_eq!(
        words(change),
        (
            Some("at most 9.2 by 2018/19 Q4"),
            Some("at most 9 by 2018/19 Q4")
        )
    );
    assert_eq!(
        clauses(change),
        (Some("Schedule 3, part 1"), Some("Schedule 3, part 1"))
    );
}

#[test]
fn a_seat_count_changed() {
    let changes = changes_after(
        "seats",
        &[(
            "seats lcc 4 (1 elected_member",
            "seats lcc 5 (2 elected_member",
        )],
    );
    assert_eq!(changes.len(), 2, "{changes:#?}");
    assert!(changes.iter().all(|c| c.section == Section::Governance));
    assert_eq!(changes[0].item, "seats of lcc on hwb");
    assert_eq!(
        words(&changes[0]),
        (
            Some("4 (1 elected_member, 1 dass, 1 dcs, 1 dph)"),
            Some("5 (2 elected_member, 1 dass, 1 dcs, 1 dph)")
        )
    );
    assert_eq!(
        clauses(&changes[0]),
        (Some("Schedule 2"), Some("Schedule 2"))
    );
    assert_eq!(changes[1].item, "seats on hwb in all");
    assert_eq!(words(&changes[1]), (Some("11"), Some("12")));
}

#[test]
fn a_risk_rule_changed() {
    let changes = changes_after(
        "risk",
        &[(
            "underspend retained in pool",
            "underspend shared by contribution",
        )],
    );
    let change = only(&changes);
    assert_eq!(change.section, Section::RiskShare);
    assert_eq!(change.item, "underspend of bcf");
    assert_eq!(
        words(change),
        (Some("retained in pool"), Some("shared by contribution"))
    );
    assert_eq!(clauses(change), (Some("8.3"), Some("8.3")));
}

#[test]
fn an_underspend_kept_then_returned() {
    for (new, words_new) in [
        ("underspend kept by host", "kept by lcc"),
        ("underspend returned to gp", "returned to gp"),
    ] {
        let changes = changes_after("risk", &[("underspend retained in pool", new)]);
        let change = only(&changes);
        assert_eq!(change.item, "underspend of bcf");
        assert_eq!(words(change), (Some("retained in pool"), Some(words_new)));
    }
}

#[test]
fn the_deed_of_variation_for_people_and_as_markdown() {
    let diff = diff::diff(OLD, NEW).unwrap();
    assert_eq!(diff.outcome().code(), 1);
    let sections: Vec<Section> = diff.changes.iter().map(|c| c.section).collect();
    let mut sorted = sections.clone();
    sorted.sort();
    assert_eq!(sections, sorted, "grouped in the order of reading");
    insta::assert_snapshot!("human", diff::human(&diff));
    insta::assert_snapshot!("md", diff::markdown(&diff));
    insta::assert_snapshot!("json", diff::json(&diff));
}

#[test]
fn the_command_exits_1_on_a_change_and_prints_json_with_a_version() {
    let output = concordat(Path::new(ROOT), &["diff", "--format", "json", OLD, NEW]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["unchanged"], false);
    let first = &json["changes"][0];
    assert_eq!(first["section"], "contributions");
    assert_eq!(first["difference"], "120000.00");
    let same = concordat(Path::new(ROOT), &["diff", "--format", "json", OLD, OLD]);
    assert_eq!(same.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(json["unchanged"], true);
    assert_eq!(json["changes"], serde_json::json!([]));
}

#[test]
fn an_agreement_with_errors_is_not_compared() {
    let broken = "tests/fixtures/errors/E0102_unknown_name.s75";
    let output = concordat(Path::new(ROOT), &["diff", BCF, broken]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(text(&output.stderr).contains("E0102"));
    let missing = concordat(Path::new(ROOT), &["diff", BCF, "no/such/file.s75"]);
    assert_eq!(missing.status.code(), Some(2));
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn versions_read_from_git() {
    let dir = scratch("git");
    if !git(&dir, &["init", "-q"]) {
        eprintln!("git is not available: skipped");
        return;
    }
    let old = std::fs::read_to_string(Path::new(ROOT).join(OLD)).unwrap();
    std::fs::create_dir_all(dir.join("agreements")).unwrap();
    let file = dir.join("agreements/bcf.s75");
    std::fs::write(&file, &old).unwrap();
    assert!(git(&dir, &["add", "."]));
    assert!(git(&dir, &["commit", "-q", "-m", "as signed"]));
    std::fs::write(&file, reformatted(&old)).unwrap();
    let same = concordat(
        &dir,
        &["diff", "HEAD:agreements/bcf.s75", "agreements/bcf.s75"],
    );
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    std::fs::copy(Path::new(ROOT).join(NEW), &file).unwrap();
    let varied = concordat(
        &dir,
        &["diff", "HEAD:agreements/bcf.s75", "agreements/bcf.s75"],
    );
    assert_eq!(varied.status.code(), Some(1), "{}", text(&varied.stderr));
    let out = text(&varied.stdout);
    assert!(
        out.contains("from HEAD:agreements/bcf.s75 to agreements/bcf.s75"),
        "{out}"
    );
    assert!(out.contains("+£120,000"), "{out}");
    let missing = concordat(
        &dir,
        &["diff", "HEAD:agreements/nope.s75", "agreements/bcf.s75"],
    );
    assert_eq!(missing.status.code(), Some(2));
    let error = text(&missing.stderr);
    assert!(error.contains("cannot be read from git"), "{error}");
}

#[test]
fn text_from_the_files_is_escaped_for_markdown() {
    let changes = changes_after(
        "markdown",
        &[(
            "\"NHS West Lancashire CCG\"",
            "\"NHS West Lancashire CCG | <b>*new*</b>\"",
        )],
    );
    let diff = diff::Diff {
        old: "old_version.s75".into(),
        new: "new_version.s75".into(),
        changes,
    };
    let md = diff::markdown(&diff);
    assert!(
        md.contains("NHS West Lancashire CCG \\| \\<b\\>\\*new\\*\\</b\\> (ccg)"),
        "{md}"
    );
    assert!(md.contains("old\\_version.s75"), "{md}");
}

#[test]
fn a_waiver_added_and_its_expiry_changed() {
    let waiver = "  waiver dtoc_winter \"Winter pressures 2017/18\" {\n    excuses lcc from dtoc for 2017/18 Q3 to 2017/18 Q4\n    agreed by hwb on 2018-01-15, minute \"HWB 2018/07\"\n    expires 2018-06-30\n  }\n}\n";
    let end = "    }\n  }\n}\n";
    let added = format!("    }}\n  }}\n\n{waiver}");
    let changes = changes_after("waiver_added", &[(end, &added)]);
    let change = only(&changes);
    assert_eq!(change.section, Section::Obligations);
    assert_eq!(change.item, "waiver dtoc_winter");
    assert_eq!(
        words(change),
        (
            None,
            Some("Winter pressures 2017/18: excuses lcc from dtoc for 2017/18 Q3 to 2017/18 Q4; agreed by hwb on 2018-01-15, minute \"HWB 2018/07\"; expires 2018-06-30")
        )
    );
    // Both versions with the waiver, the second with a later expiry.
    let source = std::fs::read_to_string(Path::new(ROOT).join(BCF)).unwrap();
    let dir = scratch("waiver_extended");
    let old = dir.join("old.s75");
    let new = dir.join("new.s75");
    let with = source.replacen(end, &added, 1);
    std::fs::write(&old, &with).unwrap();
    std::fs::write(
        &new,
        with.replacen("expires 2018-06-30", "expires 2018-09-30", 1),
    )
    .unwrap();
    let diff = diff::diff(old.to_str().unwrap(), new.to_str().unwrap()).unwrap();
    let change = only(&diff.changes);
    assert_eq!(change.item, "expiry of waiver dtoc_winter");
    assert_eq!(words(change), (Some("2018-06-30"), Some("2018-09-30")));
}

#[test]
fn totals_for_each_year_compared_year_by_year() {
    let fixture = Path::new(ROOT).join("tests/fixtures/valid/E0303_totals_in_each_year.s75");
    let source = std::fs::read_to_string(&fixture).unwrap();
    let edited = source
        .replacen("ccg £1,999,999.99", "ccg £2,099,999.99", 1)
        .replacen(
            "total £3,499,999.99 in 2018/19",
            "total £3,599,999.99 in 2018/19",
            1,
        );
    let path = scratch("yearly_totals").join("yearly.s75");
    std::fs::write(&path, edited).unwrap();
    let result = diff::diff(fixture.to_str().unwrap(), path.to_str().unwrap());
    let Ok(diff) = result else {
        panic!("the versions do not check");
    };
    let declared: Vec<&Change> = diff
        .changes
        .iter()
        .filter(|c| c.item.starts_with("declared total"))
        .collect();
    assert_eq!(declared.len(), 1, "{:#?}", diff.changes);
    assert_eq!(declared[0].item, "declared total of bcf in 2018/19");
    assert_eq!(declared[0].difference.unwrap().to_string(), "£100,000");
}

#[test]
fn schemes_reserves_and_payments_changed() {
    let changes = changes_in(
        "agreements/rotherham_bcf.s75",
        "schemes",
        &[
            ("amount £500k", "amount £600k"),
            ("plan 2015/16 £8.2m", "plan 2015/16 £8.1m"),
            ("plan 2015/16 £5.045m", "plan 2015/16 £5.145m"),
            ("lead ccg\n", "commissioned by ccg 90%, rmbc 10%\n"),
            ("£400k from ccg", "£450k from ccg"),
        ],
    );
    let items: Vec<&str> = changes.iter().map(|c| c.item.as_str()).collect();
    assert_eq!(
        items,
        [
            "plan of scheme community of ccg_pool in 2015/16",
            "plan of scheme intermediate of ccg_pool in 2015/16",
            "payment for performance from ccg in 2015/16 to ccg_pool",
            "scheme community of ccg_pool",
            "risk reserve risk_fund",
        ],
        "{changes:#?}"
    );
    assert_eq!(changes[0].difference.unwrap().to_string(), "-£100,000");
    assert_eq!(
        words(&changes[3]),
        (
            Some("Integrated community services, commissioned by ccg (lead)"),
            Some("Integrated community services, commissioned by ccg 90%, rmbc 10%")
        )
    );
    assert_eq!(changes[4].section, Section::RiskShare);
    assert_eq!(clauses(&changes[4]), (Some("9.4"), Some("9.4")));
}

#[test]
fn a_contribution_left_to_be_notified_is_compared_as_written() {
    let changes = changes_after("notified", &[("gp  £5.341m", "gp  as notified")]);
    let gp = only(&changes);
    assert_eq!(gp.item, "contribution of gp to bcf in 2018/19");
    assert_eq!(words(gp), (Some("£5,341,000"), Some("as notified")));
    assert_eq!(gp.difference, None);
}

#[test]
fn a_mark_of_illustrative_or_draft_changed() {
    let changes = changes_after(
        "marks",
        &[(
            "    illustrative \"every baseline, target, milestone and tolerance, and the ladder of consequences\"\n",
            "    draft \"the ladder of consequences\" clause \"9.9\"\n",
        )],
    );
    let change = only(&changes);
    assert_eq!(change.section, Section::Other);
    assert_eq!(change.item, "marked illustrative or draft: obligation dtoc");
    assert_eq!(
        words(change),
        (
            Some("illustrative \"every baseline, target, milestone and tolerance, and the ladder of consequences\""),
            Some("draft \"the ladder of consequences\"")
        )
    );
    assert_eq!(clauses(change), (None, Some("9.9")));
    // A mark removed: the draft is now the agreement as signed.
    let removed = changes_after(
        "mark-removed",
        &[("    illustrative \"every baseline, target, milestone and tolerance, and the ladder of consequences\"\n", "")],
    );
    assert_eq!(words(only(&removed)).1, None);
}
