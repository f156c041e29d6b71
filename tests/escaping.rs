//! Nothing from a file reaches a terminal or a document raw: whatever a name,
//! a title, a clause, a message, a help line or a path holds, every output
//! shows control, bidirectional and noncharacter code points visibly (or, in
//! JSON, escaped), and the XML outputs (JUnit, SVG, HTML) stay well-formed.
//! Long lines are shown as excerpts around their labels.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::Path;

use concordat::diagnostics::render::{render, Format, RenderOptions};
use concordat::diagnostics::{Code, Diagnostic};
use concordat::graph::render::{dot, mermaid, svg, Options};
use concordat::graph::ResponsibilityGraph;
use concordat::model::{Agreement, Words};
use concordat::source::{FileId, SourceFile, Span};
use concordat::{check_paths, check_texts, summary, CheckOptions};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Text meant to attack whoever reads the output: terminal escape sequences
/// (clear the screen, set the window title, hide text, a C1 CSI), other C0
/// and C1 controls, DEL, NUL, a lone carriage return, bidirectional
/// overrides, noncharacters, and markup of every format written.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m\u{0}\u{1}\u{8}\u{b}\u{c}\u{7f}\u{85}\r\u{202e}\u{2066}\u{fffe}\u{ffff}\u{1fffe} ]]><script>alert('x')</script> &amp; \"q\" %0A,:|*_`#\\";

const FORMATS: [(&str, Format); 7] = Format::NAMED;

/// A code point that must never be written raw.
fn hidden(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && c != '\n' && c != '\t')
        || (0x202A..=0x202E).contains(&n)
        || (0x2066..=0x2069).contains(&n)
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

fn assert_nothing_raw(what: &str, text: &str) {
    if let Some((at, c)) = text.char_indices().find(|(_, c)| hidden(*c)) {
        let before: String = text[..at].chars().rev().take(40).collect();
        let before: String = before.chars().rev().collect();
        panic!("{what}: raw {c:?} at byte {at}, after {before:?}");
    }
}

/// A character XML 1.0 allows.
fn xml_char(c: char) -> bool {
    matches!(u32::from(c), 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn assert_xml_chars(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|c| !xml_char(*c)) {
        panic!("{what}: {c:?} is not allowed in XML 1.0");
    }
}

/// Reads `text` to the end with a real XML parser: elements nest and close
/// by name, every reference is one XML defines or a character reference to
/// a character XML allows, and every text and attribute holds only
/// characters XML allows.
fn assert_well_formed(what: &str, text: &str) {
    assert_xml_chars(what, text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut elements = 0usize;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| {
            panic!(
                "{what}: not well-formed at {}: {e}",
                reader.buffer_position()
            )
        });
        match event {
            Event::Eof => break,
            Event::Start(start) => {
                depth += 1;
                elements += 1;
                assert_attributes(what, &start);
            }
            Event::Empty(start) => {
                elements += 1;
                assert_attributes(what, &start);
            }
            Event::End(_) => depth = depth.checked_sub(1).expect("an end without a start"),
            Event::Text(text) => assert_xml_chars(what, &text.xml10_content()),
            Event::GeneralRef(reference) => match reference.resolve_char_ref().unwrap() {
                Some(c) => assert!(xml_char(c), "{what}: a reference to {c:?}"),
                None => {
                    let name = reference.xml10_content();
                    assert!(
                        ["amp", "lt", "gt", "quot", "apos"].contains(&name.as_ref()),
                        "{what}: the entity `&{name};` is not defined in XML"
                    );
                }
            },
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{what}: elements left open");
    assert!(elements > 0, "{what}: no element");
}

fn assert_attributes(what: &str, start: &quick_xml::events::BytesStart<'_>) {
    for attribute in start.attributes() {
        let attribute = attribute.unwrap_or_else(|e| panic!("{what}: {e}"));
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_xml_chars(what, &value);
    }
}

fn options(format: Format) -> RenderOptions {
    RenderOptions {
        format,
        colour: false,
        deny_warnings: false,
    }
}

/// Every format of `files` and `diagnostics`: nothing raw, JSON readable,
/// JUnit well-formed, GitHub one command a line.
fn check_every_format(what: &str, files: &[SourceFile], diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut outputs = Vec::new();
    for (name, format) in FORMATS {
        let what = format!("{what} ({name})");
        let out = render(files, diagnostics, options(format));
        assert_nothing_raw(&what, &out);
        match format {
            Format::Json | Format::Sarif => {
                let _: serde_json::Value =
                    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{what}: {e}"));
            }
            Format::Junit => assert_well_formed(&what, &out),
            Format::Github => {
                let lines: Vec<&str> = out.lines().collect();
                let (summary, commands) = lines.split_last().unwrap();
                assert!(summary.contains("checked"), "{what}: {summary}");
                assert_eq!(commands.len(), diagnostics.len(), "{what}:\n{out}");
                for line in commands {
                    assert!(line.starts_with("::error ") || line.starts_with("::warning "));
                }
            }
            Format::Short => {
                assert_eq!(out.lines().count(), diagnostics.len(), "{what}:\n{out}");
            }
            Format::Human | Format::Plain => {}
        }
        outputs.push(out);
    }
    outputs
}

#[test]
fn a_hostile_agreement_file_is_shown_safely_in_every_format() {
    let path = Path::new("tests/fixtures/errors/E0004_hostile_texts.s75");
    let report = check_paths(&[path.to_path_buf()], CheckOptions::default());
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::ControlCharacter), "{codes:?}");
    assert!(codes.contains(&Code::BidiControl), "{codes:?}");
    let outputs = check_every_format("hostile file", &report.files, &report.diagnostics);
    // The excerpts show what is there, visibly.
    assert!(outputs[0].contains("\\u{1b}[2J\\u{1b}]0;owned\\u{7}"));
    assert!(outputs[0].contains("\\u{202e}\\u{2066}"));
    assert!(outputs[1].contains("\\u{1}\\u{8}\\u{b}\\u{c}\\u{7f}\\u{85}\\u{9b}31m"));
}

#[test]
fn a_hostile_path_is_shown_safely_in_every_format() {
    let path = format!("dir {HOSTILE}/a,b:c.s75");
    let text = "agreement a \"A\" {\n  governed by nobody\n}\n";
    let report = check_texts(&[(path.as_str(), text)], CheckOptions::default());
    assert!(report.has_errors());
    let outputs = check_every_format("hostile path", &report.files, &report.diagnostics);
    let github = &outputs[4];
    assert!(github.contains("file=dir \\u{1b}[2J"), "{github}");
    assert!(github.contains("a%2Cb%3Ac.s75"), "{github}");
    // JSON keeps the path exactly, escaped.
    let json: serde_json::Value = serde_json::from_str(&outputs[2]).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], path.as_str());
}

#[test]
fn hostile_messages_labels_and_help_are_shown_safely_in_every_format() {
    let text = format!("agreement a \"{HOSTILE}\" {{\n  partner x \"{HOSTILE}\" ccg\n}}\n");
    let file = SourceFile::new(FileId(0), format!("{HOSTILE}.s75"), &text);
    let name_at = text.find("\u{1b}]0").unwrap();
    let second = text.rfind("<script>").unwrap();
    let diagnostics = vec![
        Diagnostic::new(
            Code::UnknownName,
            Span::new(FileId(0), name_at, name_at + 8),
            format!("`{HOSTILE}` is not declared"),
        )
        .label(format!("label {HOSTILE}"))
        .with_secondary(Span::new(FileId(0), second, second + 8), HOSTILE)
        .help(format!("did you mean `{HOSTILE}`?")),
        Diagnostic::about_path(Code::NotUtf8, format!("{HOSTILE}/other.s75"), HOSTILE)
            .help(HOSTILE),
    ];
    let outputs = check_every_format("hostile diagnostic", &[file], &diagnostics);
    for out in &outputs[..2] {
        assert!(out.contains("\\u{1b}[2J\\u{1b}]0;title\\u{7}"), "{out}");
        assert!(out.contains("<script>"), "{out}");
    }
    // JSON and SARIF carry the text exactly.
    let json: serde_json::Value = serde_json::from_str(&outputs[2]).unwrap();
    assert_eq!(
        json["diagnostics"][0]["label"],
        format!("label {HOSTILE}").as_str()
    );
    let sarif: serde_json::Value = serde_json::from_str(&outputs[3]).unwrap();
    let message = sarif["runs"][0]["results"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(message.starts_with(&format!("`{HOSTILE}` is not declared")));
}

/// A shipped agreement with every text of its model made hostile.
fn hostile_agreement() -> (Agreement, SourceFile) {
    let path = "agreements/lancashire_bcf.s75";
    let text = std::fs::read_to_string(path).unwrap();
    let mut report = check_texts(
        &[(path, &text)],
        CheckOptions {
            keep_models: true,
            ..CheckOptions::default()
        },
    );
    assert!(!report.has_errors());
    let mut agreement = report.agreements.remove(0);
    let spoil = |text: &mut String| *text = format!("{text} {HOSTILE}");
    let spoil_words = |words: &mut Words| *words = format!("{words} {HOSTILE}").into();
    let spoil_clause = |clause: &mut Option<String>| {
        if let Some(clause) = clause {
            *clause = format!("{clause} {HOSTILE}");
        }
    };
    spoil_words(&mut agreement.title);
    spoil_clause(&mut agreement.clause);
    if let Some(basis) = &mut agreement.basis {
        spoil(&mut basis.act);
    }
    for partner in &mut agreement.partners {
        spoil_words(&mut partner.name);
        spoil_clause(&mut partner.clause);
    }
    for external in &mut agreement.externals {
        spoil_words(&mut external.name);
    }
    for function in &mut agreement.functions {
        spoil_words(&mut function.name);
    }
    for body in &mut agreement.bodies {
        spoil_words(&mut body.name);
        if let Some(clause) = body.terms.as_mut().and_then(|t| t.clause.as_mut()) {
            *clause = format!("{clause} {HOSTILE}").into();
        }
    }
    for pool in &mut agreement.pools {
        spoil_words(&mut pool.name);
        spoil_clause(&mut pool.clause);
        if let Some(manager) = &mut pool.manager {
            spoil_words(&mut manager.title);
        }
        for grant in &mut pool.grants {
            spoil_words(&mut grant.name);
        }
    }
    for obligation in &mut agreement.obligations {
        spoil_words(&mut obligation.name);
        spoil_clause(&mut obligation.clause);
        if let Some(metric) = &mut obligation.metric {
            spoil_words(&mut metric.name);
        }
    }
    for citation in &mut agreement.citations {
        spoil(&mut citation.clause);
    }
    let file = SourceFile::new(FileId(0), format!("{HOSTILE}.s75"), &text);
    (agreement, file)
}

#[test]
fn hostile_names_are_drawn_safely_in_every_picture() {
    let (agreement, _) = hostile_agreement();
    let graph = ResponsibilityGraph::build(&agreement);
    let highlighted = Options {
        highlight: graph.nodes().take(3).collect(),
        id_prefix: format!("g{HOSTILE}-"),
        ..Options::default()
    };
    for options in [Options::default(), highlighted] {
        let svg = svg(&graph, &agreement.title, &options);
        assert_nothing_raw("graph svg", &svg);
        assert_well_formed("graph svg", &svg);
        assert!(svg.contains("&lt;script&gt;"));
        let dot = dot(&graph, &agreement.title, &options);
        assert_nothing_raw("graph dot", &dot);
        // Every quoted string of DOT ends on its line.
        for line in dot.lines() {
            let unescaped = line.replace("\\\\", "").replace("\\\"", "");
            assert_eq!(unescaped.matches('"').count() % 2, 0, "{line}");
        }
        let mermaid = mermaid(&graph, &options);
        assert_nothing_raw("graph mermaid", &mermaid);
        assert!(!mermaid.contains('<'), "{mermaid}");
    }
}

#[test]
fn hostile_names_are_written_safely_in_every_summary() {
    let (agreement, file) = hostile_agreement();
    let document = summary::summarise(&agreement, &file);
    let html = summary::render(std::slice::from_ref(&document), summary::Format::Html);
    assert_nothing_raw("summary html", &html);
    assert_well_formed("summary html", &html);
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
    let markdown = summary::render(&[document], summary::Format::Markdown);
    assert_nothing_raw("summary markdown", &markdown);
    assert!(
        markdown.contains("\\\\u{1b}\\[2J"),
        "escaped for Markdown too"
    );
    assert!(!markdown.replace("\\<", "").contains("<script"));
}

#[test]
fn labels_far_apart_on_a_long_line_are_shown_as_an_excerpt() {
    for length in [300, 65_536, 70_000, 1_000_000] {
        let text = format!("agreement a \"A\" {{\n  {}\n}}\n", "x".repeat(length));
        let line_start = text.find("  x").unwrap() + 2;
        let end = line_start + length;
        let file = SourceFile::new(FileId(0), "long.s75", &text);
        let diagnostic = Diagnostic::new(
            Code::Syntax,
            Span::new(FileId(0), line_start + 1, line_start + 2),
            "a problem near the start",
        )
        .label("the first label")
        .with_secondary(Span::new(FileId(0), end - 1, end), "the second label");
        for format in [Format::Human, Format::Plain] {
            let out = render(
                std::slice::from_ref(&file),
                std::slice::from_ref(&diagnostic),
                options(format),
            );
            assert!(out.len() < 3_000, "{length}: {} bytes", out.len());
            assert!(out.contains("the first label"), "{out}");
            assert!(out.contains("the second label"), "{out}");
            if length > 300 {
                assert!(out.contains("x…x"), "{out}");
            }
        }
        let human = render(
            std::slice::from_ref(&file),
            &[diagnostic],
            options(Format::Human),
        );
        assert!(human.contains("[long.s75:2:4]"), "{human}");
    }
}

#[test]
fn two_problems_far_apart_on_a_long_line_are_both_shown() {
    let text = format!(
        "agreement a \"A\" {{\n  x\u{1b}{}\u{7}\n}}\n",
        "y".repeat(70_000)
    );
    let report = check_texts(&[("long.s75", &text)], CheckOptions::default());
    assert_eq!(report.diagnostics.len(), 2);
    for format in [Format::Human, Format::Plain] {
        let out = report.render(options(format));
        assert_nothing_raw("long line", &out);
        assert!(out.len() < 4_000, "{} bytes", out.len());
        assert!(out.contains("\\u{1b}") && out.contains("\\u{7}"), "{out}");
    }
    let human = report.render(options(Format::Human));
    assert!(
        human.contains("[long.s75:2:4]") && human.contains("[long.s75:2:70005]"),
        "{human}"
    );
}

#[test]
fn the_xml_check_itself_refuses_what_xml_forbids() {
    for bad in [
        "<a>&#27;</a>",
        "<a>\u{1b}</a>",
        "<a>\u{fffe}</a>",
        "<a x=\"&#1;\"/>",
        "<a><b></a>",
        "<a>&nbsp;</a>",
        "<a>",
    ] {
        let refused = std::panic::catch_unwind(|| assert_well_formed("test", bad)).is_err();
        assert!(refused, "{bad:?} passed");
    }
    assert_well_formed("test", "<a x=\"&quot;&#39;\">&amp;&#x2603;<b/></a>");
}
