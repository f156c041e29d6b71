//! The responsibility graph: pictures in every format, highlighted problems,
//! and long chains of reporting lines that must not exhaust the stack.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::Path;

use concordat::diagnostics::Code;
use concordat::synthetic::accountability_chain;
use concordat::{check_texts, graph_of, CheckOptions, GraphFormat, Outcome};

const SEVERAL: &str = "tests/fixtures/errors/several_problems.s75";

#[test]
fn pictures_of_a_file_with_problems() {
    for (name, format) in [
        ("dot", GraphFormat::Dot),
        ("mermaid", GraphFormat::Mermaid),
        ("svg", GraphFormat::Svg),
    ] {
        let (picture, report) = graph_of(Path::new(SEVERAL), format).unwrap();
        assert_eq!(report.outcome(), Outcome::Problems);
        insta::assert_snapshot!(format!("several_problems_{name}"), picture);
    }
}

#[test]
fn problems_are_highlighted_in_words_not_colour_alone() {
    let (mermaid, _) = graph_of(Path::new(SEVERAL), GraphFormat::Mermaid).unwrap();
    // The two leads of `reablement`, the function and the loop.
    for node in [
        "⚠ Example Council (partner)",
        "⚠ NHS Example CCG (partner)",
        "⚠ Reablement (function)",
        "⚠ Delivery Group (governance body)",
        "⚠ Finance Group (governance body)",
    ] {
        assert!(mermaid.contains(node), "{node} not marked in\n{mermaid}");
    }
    assert!(!mermaid.contains("⚠ Joint Board"));
    let (svg, _) = graph_of(Path::new(SEVERAL), GraphFormat::Svg).unwrap();
    assert!(svg.contains("(in a reported problem)"));
    assert!(svg.contains("<title id=\"several-title\">Several problems</title>"));
}

#[test]
fn shipped_agreements_draw_without_problems() {
    for entry in std::fs::read_dir("agreements").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "s75") {
            continue;
        }
        for format in [GraphFormat::Dot, GraphFormat::Mermaid, GraphFormat::Svg] {
            let (picture, report) = graph_of(&path, format).unwrap();
            assert_eq!(report.outcome(), Outcome::Clean, "{}", path.display());
            assert!(
                !picture.contains('⚠'),
                "{} has a highlighted node",
                path.display()
            );
        }
    }
}

#[test]
fn text_from_the_agreement_is_escaped_in_every_picture() {
    let text = std::fs::read_to_string("tests/fixtures/valid/small.s75")
        .unwrap()
        .replace(
            "\"Example Council\"",
            "\"<script>alert(1)</script> & \\\"Co\\\"\"",
        );
    let dir = std::env::temp_dir().join(format!("concordat-graph-escape-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("escape.s75");
    std::fs::write(&path, text).unwrap();
    let (svg, _) = graph_of(&path, GraphFormat::Svg).unwrap();
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
    let (mermaid, _) = graph_of(&path, GraphFormat::Mermaid).unwrap();
    assert!(mermaid.contains("#lt;script#gt;alert(1)#lt;/script#gt; #amp; #quot;Co#quot;"));
    let (dot, _) = graph_of(&path, GraphFormat::Dot).unwrap();
    assert!(dot.contains("<script>alert(1)</script> & \\\"Co\\\""));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A recursive search would overflow a test thread's 2 MiB stack at a depth
/// of some tens of thousands; the graph's searches are iterative.
#[test]
fn a_long_chain_of_reporting_lines_is_checked_without_recursion() {
    let length = 100_000;
    let text = accountability_chain(length, false);
    let report = check_texts(&[("chain.s75", &text)], CheckOptions::default());
    assert!(
        report.diagnostics.is_empty(),
        "{:?}",
        report.diagnostics.first()
    );

    let text = accountability_chain(length, true);
    let report = check_texts(&[("chain.s75", &text)], CheckOptions::default());
    let loops: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AccountabilityCycle)
        .collect();
    assert_eq!(loops.len(), 1, "one loop through the whole chain");
    assert!(loops[0]
        .message
        .contains(&format!("({} steps)", length + 1)));
    assert!(loops[0].secondary.len() <= 24);
}

/// Loops that share bodies are each reported, every one a real loop, each
/// body's lines followed in the order written.
#[test]
fn tangled_loops_are_each_reported_in_the_order_written() {
    let text = r#"agreement tangle "Tangle" {
  term 2017/18 to 2017/18
  governed by board
  partner council "Council" local_authority
  partner ccg "CCG" ccg
  body board "Board" {
    seats council 1, ccg 1
    accountable to council
  }
  body a "A" {
    accountable to board, b
  }
  body b "B" {
    accountable to c, a
  }
  body c "C" {
    accountable to board, b, d
  }
  body d "D" {
    accountable to a
  }
}
"#;
    let report = check_texts(&[("tangle.s75", text)], CheckOptions::default());
    let loops: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::AccountabilityCycle)
        .map(|d| d.message.as_str())
        .collect();
    let said = "the lines of accountability go round in a loop: ";
    assert_eq!(
        loops,
        [
            format!("{said}`a` → `b` → `a`"),
            format!("{said}`a` → `b` → `c` → `d` → `a`"),
            format!("{said}`b` → `c` → `b`"),
        ]
    );
    assert_eq!(report.diagnostics.len(), 3, "{:?}", report.diagnostics);

    // `a`'s first line leads into the loop through `b`; taken in the other
    // order, the search would report `a` → `c` → `b` → `a` instead.
    let text = text
        .replace("board, b\n", "b, c\n")
        .replace("c, a\n", "a\n")
        .replace("board, b, d\n", "board, b\n")
        .replace("  body d \"D\" {\n    accountable to a\n  }\n", "");
    let report = check_texts(&[("tangle.s75", &text)], CheckOptions::default());
    let loops: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(loops, [format!("{said}`a` → `b` → `a`")]);
}
