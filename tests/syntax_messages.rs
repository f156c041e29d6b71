//! What the parser says about a broken line: one line of a shipped agreement
//! is changed at a time and every message is pinned. The grammar is tuned for
//! speed (look-aheads, the order of choices, where spaces are matched), and
//! such changes can quietly alter what pest reports as expected or
//! unexpected; this catalogue makes any such change visible.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::{check_texts, CheckOptions};

const AGREEMENT: &str = include_str!("../agreements/rotherham_bcf.s75");

/// Each case: a label, the start of the line to change (its first line that
/// starts so, after indentation) and the line that replaces it.
const CASES: &[(&str, &str, &str)] = &[
    // Endings: a citation, a deadline, words after a statement.
    ("citation without text", "host ccg", "host ccg clause"),
    (
        "citation with a bare number",
        "host ccg",
        "host ccg clause 4.1",
    ),
    ("citation misspelt", "host ccg", "host ccg clauses \"5.1\""),
    (
        "citation then a word",
        "host ccg",
        "host ccg clause \"5.1\" extra",
    ),
    (
        "citation glued to its text",
        "host ccg",
        "host ccg clause\"5.1\"",
    ),
    (
        "citation after tabs",
        "host ccg",
        "host ccg\tclause\t\"5.1\"",
    ),
    ("a word after a statement", "host ccg", "host ccg extra"),
    ("a comma after a statement", "owner ccg", "owner ccg,"),
    (
        "deadline without a number",
        "report quarterly",
        "report quarterly to hwb within",
    ),
    (
        "deadline without a unit",
        "report quarterly",
        "report quarterly to hwb within 8",
    ),
    (
        "deadline then a comma",
        "report quarterly",
        "report quarterly to hwb within 8 weeks,",
    ),
    (
        "deadline in words",
        "report quarterly",
        "report quarterly to hwb within eight weeks",
    ),
    (
        "deadline misspelt",
        "report quarterly",
        "report quarterly to hwb withn 8 weeks",
    ),
    (
        "deadline unit misspelt",
        "1st: escalate",
        "1st: escalate to executive within 30 dayz",
    ),
    (
        "deadline too far",
        "1st: escalate",
        "1st: escalate to executive within 99999 days",
    ),
    // Words run on past their end.
    (
        "money run on",
        "contributions 2015/16",
        "contributions 2015/16 { ccg £12.745mx, rmbc £500k }",
    ),
    (
        "year run on",
        "total £13.245m",
        "total £13.245m in 2015/16x",
    ),
    (
        "quarter run on",
        "target at most 7,620",
        "target at most 7,620 by 2016/17 Q4x",
    ),
    (
        "number run on",
        "baseline 7,900",
        "baseline 7,900x in 2014/15 Q4",
    ),
    (
        "ordinal run on",
        "2nd: recovery",
        "2ndx: recovery plan from ccg to executive within 60 days",
    ),
    (
        "unit run on",
        "termination on",
        "termination on 6 monthsx notice",
    ),
    ("keyword run on", "staff none", "staff none_"),
    ("keyword run on by a digit", "staff none", "staff none9"),
    (
        "mark run on",
        "illustrative \"every",
        "illustrativex \"every baseline\"",
    ),
    (
        "trailing comma in figures",
        "baseline 7,900",
        "baseline 7,900, in 2014/15 Q4",
    ),
    (
        "a figure to be notified, misspelt",
        "contributions 2015/16 { ccg £12.745m",
        "contributions 2015/16 { ccg as notifie, rmbc £500k } clause \"6.1\"",
    ),
    // Statements that are not there.
    (
        "unknown statement in an agreement",
        "staff none",
        "frobnicate the widgets",
    ),
    ("unknown statement in a pool", "host ccg", "hots ccg"),
    (
        "unknown statement in an obligation",
        "owner ccg",
        "ower ccg",
    ),
    (
        "unknown action in a ladder",
        "1st: escalate",
        "1st: escalte to executive",
    ),
    (
        "ladder step without a colon",
        "1st: escalate",
        "1st escalate to executive",
    ),
    ("a brace too many", "owner ccg", "owner ccg }"),
];

fn messages(label: &str, start: &str, replacement: &str) -> String {
    let mut found = false;
    let text: String = AGREEMENT
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            if !found && line.trim_start().starts_with(start) {
                found = true;
                format!("{}{replacement}\n", &line[..indent])
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert!(found, "{label}: no line starts `{start}`");
    let report = check_texts(&[("rotherham_bcf.s75", &text)], CheckOptions::default());
    let shown = report.render(RenderOptions {
        format: Format::Short,
        colour: false,
        deny_warnings: false,
    });
    let lines: Vec<&str> = shown.lines().filter(|l| l.contains("error[")).collect();
    if lines.is_empty() {
        return format!("{label}\n  (read without error)\n");
    }
    format!("{label}\n  {}\n", lines.join("\n  "))
}

#[test]
fn each_broken_line_gets_the_same_messages() {
    let all: String = CASES
        .iter()
        .map(|(label, start, replacement)| messages(label, start, replacement))
        .collect();
    insta::assert_snapshot!(all);
}
