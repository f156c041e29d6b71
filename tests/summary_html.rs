//! The HTML summary's structure (self-contained, accessible, escaped,
//! deterministic), the charts of actual against trajectory, and the
//! `summary` command: formats, `-o`, exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use concordat::period::Period;
use concordat::summary::chart::{Actual, Status, TrajectoryChart};
use concordat::summary::{documents_of, obligations, render, summary_of, svg, Format};
use concordat::{check_paths, CheckOptions};
use rust_decimal::Decimal;

fn shipped() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("agreements")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "s75"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 6);
    paths
}

fn html(path: &Path) -> String {
    summary_of(path, Format::Html).unwrap_or_else(|r| panic!("{}", r.render(Default::default())))
}

fn count(text: &str, what: &str) -> usize {
    text.matches(what).count()
}

/// A fresh empty folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn concordat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn html_is_self_contained_and_accessible() {
    for path in shipped() {
        let page = html(&path);
        let name = path.display();
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"),
            "{name}"
        );
        assert!(!page.to_lowercase().contains("<script"), "{name}: a script");
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "{name}: an external reference"
        );
        assert!(
            !page.contains(" src=") && !page.contains("<link"),
            "{name}: a loaded resource"
        );
        assert!(page.contains("@page { size: A4"), "{name}: no A4 page size");
        assert!(page.contains("@media print"), "{name}: no print styles");
        assert_eq!(count(&page, "<h1>"), 1, "{name}");
        assert_eq!(
            count(&page, "<table>"),
            count(&page, "<caption>"),
            "{name}: a table without a caption"
        );
        let pictures = count(&page, "<svg ");
        assert!(pictures >= 2, "{name}: {pictures} pictures");
        assert_eq!(count(&page, "role=\"img\""), pictures, "{name}");
        assert_eq!(
            count(&page, "<title id="),
            pictures,
            "{name}: a picture without a title"
        );
        assert_eq!(
            count(&page, "<desc id="),
            pictures,
            "{name}: a picture without a description"
        );
        // Headings never skip a level.
        let mut last = 1;
        for (i, _) in page.match_indices("<h") {
            if let Some(level) = page[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
                assert!(level <= last + 1, "{name}: h{level} after h{last}");
                last = level;
            }
        }
    }
}

#[test]
fn output_is_byte_identical_run_after_run() {
    for path in shipped() {
        for format in [Format::Markdown, Format::Html] {
            let first = summary_of(&path, format).unwrap();
            let second = summary_of(&path, format).unwrap();
            assert_eq!(first, second, "{}", path.display());
        }
    }
    let a = concordat(&[
        "summary",
        "--format",
        "html",
        "agreements/lancashire_bcf.s75",
    ]);
    let b = concordat(&[
        "summary",
        "--format",
        "html",
        "agreements/lancashire_bcf.s75",
    ]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
}

/// An agreement whose names and texts are markup.
const HOSTILE: &str = r#"agreement evil "<script>alert(1)</script> & <b>co</b>" {
  term 2020/21 to 2020/21
  governed by board
  partner la "<script>alert(1)</script>" local_authority
  partner nhs "NHS \"Quoted\" | pipe *star* _under_ [link](http://x)" ccg
  function care "<img src=x onerror=alert(2)>" social_care
  function health "<svg onload=alert(3)>" nhs community_health
  body board "Board </table>" {
    seats la 1, nhs 1
    quorum 2
    accountable to la, nhs
  }
  pool p "<iframe>" {
    clause "<i>1</i>"
    host la
    manager "<u>Manager</u>" of la
    functions care, health
    contributions 2020/21 { la £1m, nhs £2m }
    overspend shared by contribution
  }
}
"#;

#[test]
fn every_text_from_the_agreement_is_escaped() {
    let dir = scratch("summary-escaping");
    let path = dir.join("hostile.s75");
    std::fs::write(&path, HOSTILE).unwrap();
    let page = html(&path);
    assert!(!page.contains("<script>"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains("<iframe>"), "{page}");
    assert!(!page.contains("<i>1</i>"), "{page}");
    assert!(!page.contains("<u>"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("Board &lt;/table&gt;"), "{page}");
    assert_eq!(count(&page, "<table>"), count(&page, "</table>"));
    // In the pictures too.
    let svg_start = page.find("<svg ").unwrap();
    assert!(page[svg_start..].contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let markdown = summary_of(&path, Format::Markdown).unwrap();
    assert!(
        markdown.contains("\\<script\\>alert(1)\\</script\\>"),
        "{markdown}"
    );
    assert!(!markdown.contains("<script>"), "{markdown}");
    assert!(
        markdown.contains("\\| pipe \\*star\\* \\_under\\_ \\[link\\]"),
        "{markdown}"
    );
    // Every table row keeps its number of cells despite the pipe in a name.
    for line in markdown.lines().filter(|l| l.starts_with("| NHS")) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells >= 3, "{line}");
    }
}

#[test]
fn every_statement_cites_where_it_comes_from() {
    for path in shipped() {
        let markdown = summary_of(&path, Format::Markdown).unwrap();
        for line in markdown.lines() {
            let is_fact =
                line.starts_with("- ") || (line.ends_with('.') && !line.starts_with("Table:"));
            let is_note = line.starts_with("This paper is written")
                || line.starts_with("If the obligation is missed")
                || line.starts_with("The picture below")
                || line.starts_with("The pictures below")
                || line.starts_with("No picture: ")
                // The front sheet's notes on what the paper covers.
                || line.starts_with("No returns were assessed")
                || line.starts_with("The checks of the agreement raise")
                // What the agreement marks as illustrative or draft: the
                // file's word about the agreement, cited only if it gives a
                // clause.
                || line.starts_with("> **Note.**")
                || line.starts_with("The agreement marks the parts below")
                || line.contains(": illustrative: “")
                || line.contains(": draft, not yet agreed: “")
                // The appendix for analysts, which gives lines.
                || line.starts_with("The agreement gives no clause for the facts below");
            if is_fact && !is_note {
                assert!(
                    line.ends_with(")."),
                    "{}: no citation: {line}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn shares_of_contributions_add_up_to_100_percent() {
    for path in shipped() {
        let markdown = summary_of(&path, Format::Markdown).unwrap();
        let mut tables = 0;
        for table in markdown.split("Table: Contributions").skip(1) {
            tables += 1;
            let tenths: i64 = table
                .lines()
                .skip(4)
                .take_while(|l| l.starts_with("| ") && !l.starts_with("| **Total**"))
                .map(|l| {
                    let cells: Vec<&str> = l.split(" | ").collect();
                    let share = cells[cells.len() - 2].trim_end_matches('%');
                    share.replace('.', "").parse::<i64>().unwrap()
                })
                .sum();
            assert_eq!(tenths, 1000, "{}", path.display());
        }
        assert!(tables >= 1);
    }
}

#[test]
fn a_trajectory_chart_shows_actual_values_by_shape_and_word() {
    let report = check_paths(
        &[PathBuf::from("agreements/birmingham_ld_mh.s75")],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    let obligation = &report.agreements[0].obligations[0];
    let quarter = |text: &str| Period::parse(text).unwrap();
    let actuals = [
        Actual {
            period: quarter("2010/11 Q2"),
            value: Some(Decimal::from(53)),
            status: Status::Met,
        },
        Actual {
            period: quarter("2010/11 Q3"),
            value: Some(Decimal::new(535, 1)),
            status: Status::WithinTolerance,
        },
        Actual {
            period: quarter("2010/11 Q4"),
            value: Some(Decimal::from(56)),
            status: Status::Missed,
        },
        Actual {
            period: quarter("2011/12 Q1"),
            value: None,
            status: Status::NotReported,
        },
    ];
    let chart = TrajectoryChart::of(obligation, &actuals).unwrap();
    // The planned path comes from the model: 55% at 2010/11 Q1 to 50% at Q4.
    assert_eq!(
        chart
            .band(quarter("2010/11 Q3"))
            .unwrap()
            .expected
            .round_dp(4),
        Decimal::new(516_667, 4)
    );
    assert_eq!(
        chart.band(quarter("2010/11 Q4")).unwrap().low,
        Decimal::from(48)
    );
    let picture = svg::trajectory(&chart, "t", "Title <x>", "Description");
    assert!(picture.contains("role=\"img\""));
    assert!(picture.contains("<title id=\"t-title\">Title &lt;x&gt;</title>"));
    for (class, word) in [
        ("met", "met"),
        ("within", "within tolerance"),
        ("missed", "missed"),
        ("not-reported", "not reported"),
    ] {
        assert_eq!(
            count(&picture, &format!("class=\"{class}\"")),
            2,
            "{class}: one mark, one in the legend"
        );
        assert!(
            picture.contains(&format!(">{word}</text>")),
            "{word} in the legend"
        );
    }
    // Four different shapes, not one shape in four colours.
    assert!(picture.contains("<circle class=\"met\""));
    assert!(picture.contains("<polygon class=\"within\""));
    assert!(picture.contains("<path class=\"missed\""));
    assert!(picture.contains("<rect class=\"not-reported\""));

    let table = obligations::trajectory_table(&chart, "Actual against planned".to_owned());
    assert_eq!(
        table.header,
        ["Period", "Expected", "Counts as met", "Actual", "Status"]
    );
    let row = |period: &str| table.rows.iter().find(|r| r[0] == period).unwrap().clone();
    assert_eq!(row("2010/11 Q2")[4], "● met");
    assert_eq!(row("2010/11 Q3")[3], "53.5%");
    assert_eq!(row("2010/11 Q3")[4], "▲ within tolerance");
    // Lower is better: a figure below the plan is always met.
    assert_eq!(row("2010/11 Q4")[2], "at most 52%");
    assert_eq!(row("2010/11 Q4")[4], "✖ missed");
    assert_eq!(row("2011/12 Q1")[3], "—");
    assert_eq!(row("2011/12 Q1")[4], "□ not reported");
    let figure = obligations::trajectory_figure(obligation, chart);
    assert!(
        figure.description.contains("2010/11 Q4 56%, missed"),
        "{}",
        figure.description
    );
}

#[test]
fn sections_can_be_added_to_a_summary() {
    let mut documents = documents_of(Path::new("agreements/lancashire_bcf.s75")).unwrap();
    let document = &mut documents[0];
    let mut section = concordat::summary::Section::new("returns", "Returns <2017/18>");
    section
        .blocks
        .push(concordat::summary::Block::Paragraph(vec![
            concordat::summary::Sentence::plain("Added"),
        ]));
    document.insert_after("obligations", section);
    let ids: Vec<&str> = document.sections.iter().map(|s| s.id.as_str()).collect();
    let at = |id: &str| ids.iter().position(|i| *i == id);
    assert_eq!(at("returns"), at("obligations").map(|i| i + 1), "{ids:?}");
    let page = render(&documents, Format::Html);
    assert!(page.contains("<h2>Returns &lt;2017/18&gt;</h2>"));
    assert!(page.contains("<a href=\"#returns\">"));
}

#[test]
fn the_summary_command_writes_markdown_html_and_files() {
    let output = concordat(&["summary", "agreements/birmingham_ld_mh.s75"]);
    assert_eq!(output.status.code(), Some(0));
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(
        markdown.starts_with("# Birmingham Learning Disability and Mental Health Partnership\n")
    );

    let dir = scratch("summary-output");
    let file = dir.join("ld.html");
    let file_text = file.to_str().unwrap();
    let output = concordat(&[
        "summary",
        "--format",
        "html",
        "-o",
        file_text,
        "agreements/birmingham_ld_mh.s75",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written, html(Path::new("agreements/birmingham_ld_mh.s75")));
    // Nothing else is left in the folder: the temporary file was renamed.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn an_output_file_that_cannot_be_written_is_e0920_with_exit_2() {
    let dir = scratch("summary-unwritable");
    for target in [dir.join("no/such/folder/out.md"), dir.clone()] {
        let output = concordat(&[
            "summary",
            "-o",
            target.to_str().unwrap(),
            "agreements/birmingham_ld_mh.s75",
        ]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("E0920"), "{stderr}");
        assert!(stderr.contains("cannot be written"), "{stderr}");
    }
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn an_agreement_with_errors_gets_its_report_not_a_summary() {
    let output = concordat(&["summary", "tests/fixtures/errors/E0102_unknown_name.s75"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("E0102"), "{stderr}");
    let output = concordat(&["summary", "no/such/file.s75"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn totals_for_each_year_are_named_with_their_years() {
    let path = Path::new("tests/fixtures/valid/E0303_totals_in_each_year.s75");
    let markdown = summary_of(path, Format::Markdown).unwrap();
    assert!(
        markdown.contains(
            "declares totals of £3,000,000.01 in 2017/18 and £3,499,999.99 in 2018/19, and the amounts below add up to each to the penny"
        ),
        "{markdown}"
    );
}

#[test]
fn the_front_sheet_raises_the_warnings_of_check_in_plain_words() {
    let path = PathBuf::from("tests/fixtures/errors/W0312_no_scheme_commissioner.s75");
    let markdown = summary_of(&path, Format::Markdown).unwrap();
    let front = markdown.find("## At a glance").unwrap();
    let detail = markdown.find("## The partners").unwrap();
    assert!(front < detail, "{markdown}");
    let sheet = &markdown[front..detail];
    assert!(sheet.contains("raise one matter for the board"), "{sheet}");
    assert!(sheet.contains("### Matters for the board"), "{sheet}");
    // Names, not ids; no clause is cited, so the line it is about is in
    // the appendix for analysts, not on the front sheet.
    assert!(
        sheet.contains(
            "- Scheme \"Rehabilitation\" of the Care pool does not say who commissions it (check W0312) (not cited in the agreement)."
        ),
        "{sheet}"
    );
    let appendix = &markdown[markdown.find("## Appendix for analysts").unwrap()..];
    assert!(
        appendix.contains(
            "| Scheme \"Rehabilitation\" of the Care pool does not say who commissions it (check W0312) | Matters for the board | 21 |"
        ),
        "{appendix}"
    );
}

/// What the agreement marks as illustrative or draft is listed on the front
/// sheet and repeated where each marked item appears, set apart in the
/// HTML; a mark cites a clause only if the agreement gives one.
#[test]
fn marks_of_illustrative_and_draft_are_shown_where_they_appear() {
    let path = PathBuf::from("tests/fixtures/marks/agreement.s75");
    let markdown = summary_of(&path, Format::Markdown).unwrap();
    let front = &markdown
        [markdown.find("## At a glance").unwrap()..markdown.find("## The partners").unwrap()];
    for line in [
        "- The agreement: draft, not yet agreed: “awaiting the Joint Board's approval on 1 March 2017” (A.1).",
        "- The Care pool: draft, not yet agreed: “the contributions for 2018/19, to be confirmed”.",
        "- The scheme “Rehabilitation”: illustrative: “the plan of the scheme”.",
        "- Joint Board: illustrative: “the seats and quorum”.",
        "- The Risk fund: illustrative: “the amount of the fund”.",
        "- The obligation “Reduce emergency admissions”: illustrative: “the baseline and the target”.",
    ] {
        assert!(front.contains(line), "{line}\n{front}");
    }
    // The agreement's own mark opens the paper.
    assert!(markdown.contains(
        "# Example schemes and a shared risk fund\n\n> **Note.** Draft, not yet agreed: “awaiting the Joint Board's approval on 1 March 2017” (A.1).\n"
    ));
    // Each marked item's own part of the paper says so.
    for (heading, note) in [
        ("### Care pool", "> **Note.** Draft, not yet agreed: “the contributions for 2018/19, to be confirmed”."),
        ("### Reduce emergency admissions", "> **Note.** Illustrative, not in the agreement as signed: “the baseline and the target”."),
    ] {
        let at = markdown.find(heading).unwrap_or_else(|| panic!("{heading}"));
        assert!(markdown[at..].starts_with(&format!("{heading}\n\n{note}\n")), "{heading}");
    }
    assert!(markdown.contains("> **Note.** The scheme “Rehabilitation”: illustrative, not in the agreement as signed: “the plan of the scheme”."));
    assert!(markdown.contains("> **Note.** Joint Board: illustrative, not in the agreement as signed: “the seats and quorum”."));
    assert!(markdown.contains("> **Note.** The Risk fund: illustrative, not in the agreement as signed: “the amount of the fund”."));
    let page = html(&path);
    assert_eq!(
        count(&page, "<div class=\"notice\" role=\"note\">"),
        6,
        "{page}"
    );
}

/// A mark without its note is a syntax error at its line, naming what is
/// expected.
#[test]
fn a_mark_without_its_note_is_an_error_at_its_line() {
    let dir = scratch("mark-without-note");
    let text = std::fs::read_to_string("tests/fixtures/marks/agreement.s75")
        .unwrap()
        .replace(
            "    illustrative \"the seats and quorum\"\n",
            "    illustrative\n",
        );
    let path = dir.join("agreement.s75");
    std::fs::write(&path, text).unwrap();
    let report = check_paths(&[path], CheckOptions::default());
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0001"], "{:?}", report.diagnostics);
    let d = &report.diagnostics[0];
    let line = report.files[0]
        .line_col(d.primary.as_ref().unwrap().span.range().start)
        .line;
    assert_eq!(line, 12);
}

/// Printed, the running header names the agreement and the period the paper
/// reports as of (or that it describes the agreement as written).
#[test]
fn the_running_header_gives_the_period_reported() {
    let plain = html(Path::new("agreements/lancashire_bcf.s75"));
    assert!(plain.contains("@top-left"), "no running header");
    assert!(plain.contains("Lancashire Better Care Fund 2017-19, the agreement as written"));
    let dir = scratch("running-head");
    let out = dir.join("paper.html");
    let run = concordat(&[
        "summary",
        "agreements/lancashire_bcf.s75",
        "--returns",
        "agreements/returns/lancashire_bcf.csv",
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(
        page.contains("Lancashire Better Care Fund 2017-19, as of 2018/19 Q2"),
        "{page}"
    );
}
