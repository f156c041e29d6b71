//! Bad returns: every file in `tests/fixtures/returns/` but the agreement
//! is named after the codes it must produce (`E0609_duplicate_row.csv`,
//! `E0604_E0608_workbook.xlsx`); the test asserts exactly those codes are
//! reported against `agreement.s75` there, that no assessment is made, and
//! snapshots the rendered diagnostics. To add a case, add a file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use concordat::assess::{assess_paths, AssessOptions, FailOn};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::diagnostics::Code;
use concordat::Outcome;

fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The codes a fixture's name starts with.
fn expected_codes(path: &Path) -> BTreeSet<String> {
    let name = path.file_name().unwrap().to_str().unwrap();
    name.split('_')
        .take_while(|part| part.len() == 5 && part.starts_with('E'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn bad_returns_report_their_codes() {
    insta::glob!("fixtures/returns/E*", |path| {
        let expected = expected_codes(path);
        assert!(!expected.is_empty(), "{} names no code", path.display());
        for code in &expected {
            assert!(Code::parse(code).is_some(), "`{code}` is not a code");
        }
        let agreement = relative(&path.with_file_name("agreement.s75"));
        let report = assess_paths(&agreement, &[relative(path)], AssessOptions::default());
        let found: BTreeSet<String> = report
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect();
        assert_eq!(
            found,
            expected,
            "{}: codes differ from the name",
            path.display()
        );
        assert!(report.assessment.is_none(), "a bad return is not assessed");
        let tool_failure = expected.contains("E0613");
        let outcome = report.outcome(FailOn::default());
        assert_eq!(
            outcome,
            if tool_failure {
                Outcome::Failure
            } else {
                Outcome::Problems
            }
        );
        insta::assert_snapshot!(report.render(RenderOptions {
            format: Format::Human,
            colour: false,
            deny_warnings: false,
        }));
    });
}

/// A small synthetic agreement, checked, with the rows of its full return
/// as lines (the header first), in a scratch folder of its own.
struct Ways {
    folder: PathBuf,
    model: concordat::model::Agreement,
    lines: Vec<String>,
}

impl Ways {
    fn new(name: &str) -> Ways {
        use concordat::synthetic::returns::{agreement, write_csv, ReturnsShape};
        use concordat::{check_paths, CheckOptions};

        let folder = std::env::temp_dir().join(format!("concordat-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let shape = ReturnsShape {
            obligations: 3,
            partners: 4,
            years: 2,
        };
        let agreement_path = folder.join("agreement.s75");
        std::fs::write(&agreement_path, agreement(shape)).unwrap();
        let mut checked = check_paths(
            &[agreement_path],
            CheckOptions {
                keep_models: true,
                threads: 1,
            },
        );
        let model = checked.agreements.remove(0);
        let mut base = Vec::new();
        write_csv(&mut base, shape, shape.rows()).unwrap();
        let lines = String::from_utf8(base)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        Ways {
            folder,
            model,
            lines,
        }
    }

    /// Writes `text` as a return and reads it the three ways: the `csv`
    /// crate alone, lines split here, and two halves; each gives the
    /// problems found and everything the table holds, as text.
    fn read(&self, name: &str, text: &str) -> [String; 3] {
        use concordat::assess::catalogue::Catalogue;
        use concordat::assess::csv::{read_general, read_with};
        use concordat::assess::returns::Ingest;

        let catalogue = Catalogue::new(&self.model).unwrap();
        let path = self.folder.join(format!("{}.csv", name.replace(' ', "_")));
        std::fs::write(&path, text).unwrap();
        [None, Some(u64::MAX), Some(0)].map(|split_from| {
            let mut ingest = Ingest::new(&self.model, &catalogue);
            ingest.table.paths = vec!["returns.csv".to_owned()];
            let problems = match split_from {
                None => read_general(&path, 0, &mut ingest),
                Some(from) => read_with(&path, 0, &mut ingest, from),
            }
            .unwrap();
            let table = &ingest.table;
            let mut notes: Vec<_> = table.notes.iter().collect();
            notes.sort();
            let values: Vec<_> = (0..table.cells.len()).map(|i| table.value(i)).collect();
            format!(
                "{:?}\n{:?}\n{:?}\n{notes:?}\n{:?}\n{:?}\n{:?}\n{}",
                problems.listed,
                problems.found,
                table.cells,
                table.spend,
                values,
                table.latest,
                table.rows,
            )
        })
    }
}

impl Drop for Ways {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Every way of reading a CSV return (the `csv` crate alone; lines split
/// here, in order; two halves on two threads) fills the same table and
/// finds the same problems, whatever the line endings, quotes, blank lines
/// and mistakes.
#[test]
fn csv_returns_read_the_same_however_they_are_read() {
    let ways = Ways::new("csv-ways");
    let lines: Vec<&str> = ways.lines.iter().map(String::as_str).collect();
    let base = lines.join("\n") + "\n";
    let half = lines.len() / 2;
    let with = |at: usize, extra: &str| {
        let mut copy = lines.clone();
        copy.insert(at, extra);
        copy.join("\n") + "\n"
    };
    let variants: Vec<(&str, String)> = vec![
        ("plain", base.clone()),
        ("crlf", base.replace('\n', "\r\n")),
        ("no final line break", base.trim_end().to_owned()),
        ("final carriage return", base.trim_end().to_owned() + "\r"),
        (
            "blank lines",
            with(half + 3, "").replace("\n\n", "\n\n  \n\r\n"),
        ),
        ("bom", format!("\u{feff}{base}")),
        (
            "quoted note early",
            with(5, "ob_0,council,2016/17,\"1,5\",\"a, note\""),
        ),
        (
            "quoted note late",
            with(half + 5, "ob_1,p_1,2016/17,2.5,\"a \"\"quoted\"\"\nnote\""),
        ),
        (
            "lone carriage return",
            with(half + 2, "ob_2,p_2,2016/17,3\rob_2,p_3,2016/17,4"),
        ),
        (
            "two carriage returns",
            with(half + 2, "ob_2,p_2,2016/17,3,\r\r"),
        ),
        ("many fields", with(half + 2, "ob_2,p_2,2016/17,3,,,,,,")),
        ("duplicate across halves", with(lines.len(), lines[3])),
        ("duplicate in the second half", {
            let mut copy = lines.clone();
            copy.push(lines[half + 4]);
            copy.push(lines[half + 4]);
            copy.join("\n")
        }),
        ("bad value late", with(half + 7, "ob_0,p_2,2016/17,n/a,")),
        ("wrong fields", with(half + 9, "ob_0,p_2,2016/17")),
        ("note late", with(half + 9, "ob_0,p_2,2016/17,7,a note")),
        ("spend", with(half + 9, "fund,council,2016/17,1250.50,")),
        ("header only", format!("{}\n", lines[0])),
    ];
    for (name, text) in variants {
        let [general, here, halves] = ways.read(name, &text);
        assert_eq!(general, here, "{name}: lines split here");
        assert_eq!(general, halves, "{name}: two halves");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Lines of random pieces (fields, commas, spaces, carriage returns,
    /// the odd quote) put among a good return's rows, ended by `\n`,
    /// `\r\n` or nothing at the end of the file: the lines split here
    /// read as the `csv` crate reads them.
    #[test]
    fn random_lines_read_as_the_csv_crate_reads_them(
        inserted in proptest::collection::vec(
            (0usize..60, proptest::collection::vec(0usize..14, 0..14), proptest::bool::ANY),
            1..6,
        ),
        final_break in 0usize..3,
    ) {
        const PIECES: [&str; 14] = [
            "ob_0", "ob_2", "council", "p_1", "2016/17", "2017/18 Q2", "1.5", "n/a",
            " ", ",", ",", "\r", "note", "\"",
        ];
        let ways = Ways::new(&format!("csv-random-{}", inserted.len()));
        let mut lines: Vec<String> = ways.lines.clone();
        for (at, pieces, crlf) in &inserted {
            // Quotes are rare: from a quote on, every way reads with the
            // `csv` crate.
            let text: String = pieces.iter().map(|&p| PIECES[p]).collect();
            let text = if *crlf { text + "\r" } else { text };
            lines.insert((*at).clamp(1, lines.len()), text);
        }
        let mut text = lines.join("\n");
        match final_break {
            0 => {}
            1 => text.push('\n'),
            _ => text.push_str("\r\n"),
        }
        let [general, here, halves] = ways.read("random", &text);
        proptest::prop_assert_eq!(&general, &here);
        proptest::prop_assert_eq!(&general, &halves);
    }
}

/// Returns saved by Excel end their lines with `\r\n`; a problem is still on
/// the line a reader sees it on, whichever way the file is read.
#[test]
fn crlf_returns_name_the_right_line() {
    let folder = std::env::temp_dir().join(format!("concordat-crlf-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let text = std::fs::read_to_string("tests/fixtures/returns/E0609_duplicate_row.csv").unwrap();
    let crlf = folder.join("duplicate.csv");
    std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
    let quoted = folder.join("quoted.csv");
    std::fs::write(
        &quoted,
        "obligation,partner,period,value,note\r\n\r\nadmissions,council,2017/18 Q2,390,\"first, with a comma\"\r\n\r\nadmissions,council,2017/18 Q2,391,\r\n",
    )
    .unwrap();
    for (path, line) in [(&crlf, 3), (&quoted, 5)] {
        let report = concordat::assess::assess_paths(
            Path::new("tests/fixtures/returns/agreement.s75"),
            std::slice::from_ref(path),
            concordat::assess::AssessOptions::default(),
        );
        let duplicate = report
            .diagnostics
            .iter()
            .find(|d| d.code == concordat::diagnostics::Code::DuplicateRow)
            .expect("the duplicate is found");
        let at = concordat::diagnostics::render::location(&report.files, duplicate).unwrap();
        assert_eq!(at.line, line, "{}", path.display());
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

// Hostile and awkward returns, run through the binary as a user runs it:
// the code, the row and column, the exit code, and the rows read and
// rejected stated in the JSON output.

/// Runs `concordat assess` on the fixtures' agreement and `returns` (a
/// name in `folder`) with `--format json`: exit code and document.
fn assess_json(folder: &Path, returns: &str) -> (i32, serde_json::Value) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concordat"))
        .arg("assess")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/returns/agreement.s75"))
        .arg("--returns")
        .arg(folder.join(returns))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (output.status.code().unwrap(), value)
}

/// The (code, line, column) of each diagnostic of a JSON document.
fn found(value: &serde_json::Value) -> Vec<(String, u64, u64)> {
    value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// The rows read and rejected a JSON document states for its one return.
fn counted(value: &serde_json::Value) -> (u64, u64) {
    let read = if value["assessment"].is_object() {
        &value["assessment"]["returns_read"][0]
    } else {
        &value["returns_read"][0]
    };
    (
        read["rows"].as_u64().unwrap(),
        read["rejected"].as_u64().unwrap(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("concordat-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

const HEADER: &str = "obligation,partner,period,value,note\n";

#[test]
fn a_quote_left_open_loses_no_row_silently() {
    let folder = scratch("open-quote");
    let text = format!(
        "{HEADER}admissions,council,2017/18 Q1,990,\"open note\nadmissions,ccg,2017/18 Q1,590,\nadmissions,council,2017/18 Q2,390,\n"
    );
    std::fs::write(folder.join("open.csv"), &text).unwrap();
    let (code, value) = assess_json(&folder, "open.csv");
    assert_eq!(code, 1);
    assert_eq!(found(&value), [("E0616".to_owned(), 2, 35)]);
    assert_eq!(counted(&value), (1, 1));
    // The same after a plain stretch and with CRLF line breaks, and in the
    // header.
    let long = format!(
        "{HEADER}{}admissions,ccg,2017/18 Q3,\"5\r\n",
        "\r\n".repeat(5000)
    );
    std::fs::write(folder.join("late.csv"), long).unwrap();
    let (code, value) = assess_json(&folder, "late.csv");
    assert_eq!(
        (code, found(&value)),
        (1, vec![("E0616".to_owned(), 5002, 27)])
    );
    std::fs::write(folder.join("header.csv"), "obligation,\"partner\n").unwrap();
    let (code, value) = assess_json(&folder, "header.csv");
    assert_eq!(
        (code, found(&value)),
        (1, vec![("E0616".to_owned(), 1, 12)])
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn rows_of_the_wrong_width_name_their_row_and_column() {
    let folder = scratch("width");
    let text = format!(
        "{HEADER}admissions,council,2017/18 Q2\nadmissions,ccg,2017/18 Q2,590,,extra\nadmissions,ccg,2017/18 Q3,580,\n"
    );
    std::fs::write(folder.join("width.csv"), text).unwrap();
    let (code, value) = assess_json(&folder, "width.csv");
    assert_eq!(code, 1);
    assert_eq!(
        found(&value),
        [("E0610".to_owned(), 2, 30), ("E0610".to_owned(), 3, 32)]
    );
    assert_eq!(counted(&value), (3, 2));
    std::fs::remove_dir_all(&folder).unwrap();
}

/// The same return in Excel's encodings: assessed alike, the encoding said.
#[test]
fn windows_1252_and_utf_16_returns_are_decoded() {
    let folder = scratch("encodings");
    let text = "obligation,partner,period,value,note\r\nadmissions,council,2017/18 Q2,390,caf\u{e9} \u{a3}5 spent\r\nbcf,council,2017/18,\"\u{a3}3,000,000\",\r\n";
    std::fs::write(folder.join("utf8.csv"), text).unwrap();
    let windows: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    std::fs::write(folder.join("windows.csv"), &windows).unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(folder.join("le.csv"), &le).unwrap();
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    std::fs::write(folder.join("be.csv"), &be).unwrap();
    // Windows-1252 first seen past the first block: read again, whole.
    let mut late = format!("{HEADER}{}", "\n".repeat(300_000)).into_bytes();
    late.extend_from_slice(b"admissions,council,2017/18 Q2,390,\xA35 spent\n");
    std::fs::write(folder.join("late.csv"), &late).unwrap();
    let (code, reference) = assess_json(&folder, "utf8.csv");
    assert_eq!(code, 0, "{reference}");
    assert_eq!(counted(&reference), (2, 0));
    let has = |v: &serde_json::Value, note: &str| v.to_string().contains(&format!("\"{note}\""));
    assert!(has(&reference, "café £5 spent"), "{reference}");
    for (name, encoding) in [
        ("windows.csv", "windows-1252"),
        ("le.csv", "UTF-16LE"),
        ("be.csv", "UTF-16BE"),
    ] {
        let (code, value) = assess_json(&folder, name);
        assert_eq!(code, 0, "{name}: {value}");
        assert!(has(&value, "café £5 spent"), "{name}: {value}");
        assert_eq!(
            value["assessment"]["obligations"]
                .to_string()
                .replace(name, "utf8.csv"),
            reference["assessment"]["obligations"].to_string()
        );
        assert_eq!(
            value["assessment"]["settlements"],
            reference["assessment"]["settlements"]
        );
        assert_eq!(value["assessment"]["returns_read"][0]["encoding"], encoding);
    }
    let (code, value) = assess_json(&folder, "late.csv");
    assert_eq!(code, 0, "{value}");
    assert!(has(&value, "£5 spent"), "{value}");
    assert_eq!(value["assessment"]["returns_read"][0]["rows"], 1);
    // UTF-16 without its mark, and a file that is not text: refused.
    std::fs::write(folder.join("bare.csv"), &le[2..]).unwrap();
    std::fs::write(folder.join("binary.csv"), b"PK\x03\x04\x14\x00\x00\x00").unwrap();
    for name in ["bare.csv", "binary.csv"] {
        let (code, value) = assess_json(&folder, name);
        assert_eq!(code, 1);
        assert_eq!(found(&value)[0].0, "E0617", "{name}");
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn control_characters_in_a_field_are_refused() {
    let folder = scratch("control");
    let text = format!(
        "{HEADER}admissions,council,2017/18 Q2,390,\"two\nlines\"\nadmissions,cc\u{1b}g,2017/18 Q2,590,\nadmissions,ccg,2017/18 Q3,580,\u{85}next line\n"
    );
    std::fs::write(folder.join("control.csv"), text).unwrap();
    let (code, value) = assess_json(&folder, "control.csv");
    assert_eq!(code, 1);
    assert_eq!(
        found(&value),
        [
            ("E0618".to_owned(), 2, 35),
            ("E0618".to_owned(), 4, 12),
            ("E0618".to_owned(), 5, 31)
        ]
    );
    assert_eq!(counted(&value), (3, 3));
    let yaml = "- obligation: admissions\n  partner: council\n  period: 2017/18 Q2\n  value: 390\n  \"no\\x1bte\": x\n";
    std::fs::write(folder.join("control.yaml"), yaml).unwrap();
    let (code, value) = assess_json(&folder, "control.yaml");
    assert_eq!(code, 1);
    let message = value["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("\\u{1b}"), "{message}");
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn figures_at_the_limits_of_the_decimal_type_are_diagnostics() {
    let folder = scratch("limits");
    for (index, figure) in [
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "1e30",
        "1000000000000000",
        "99999999999999999999999999999999999999999999",
        "0.00000000000000000000000000000000000001",
        "£92233720368547758.07",
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("{index}.csv");
        std::fs::write(
            folder.join(&name),
            format!("obligation,partner,period,value\nadmissions,council,2018/19 Q3,{figure}\nbcf,council,2018/19,\"{figure}\"\n"),
        )
        .unwrap();
        let (code, value) = assess_json(&folder, &name);
        assert_eq!(code, 1, "{figure}: {value}");
        for (code, line, column) in found(&value) {
            assert!(
                ["E0608", "E0619"].contains(&code.as_str()),
                "{figure}: {code}"
            );
            assert_eq!(column, if line == 2 { 31 } else { 21 }, "{figure}");
        }
        assert_eq!(counted(&value).0, 2);
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

/// A YAML return's problems are each found within their own entry, and
/// deep nesting is refused before serde_yaml reads it.
#[test]
fn yaml_problems_are_located_and_nesting_refused() {
    let folder = scratch("yaml");
    let mut text = String::new();
    for _ in 0..3 {
        text.push_str(
            "- obligation: admission\n  partner: council\n  period: 2017/18 Q2\n  value: 390\n",
        );
    }
    std::fs::write(folder.join("bad.yaml"), &text).unwrap();
    let (code, value) = assess_json(&folder, "bad.yaml");
    assert_eq!(code, 1);
    assert_eq!(
        found(&value),
        [
            ("E0603".to_owned(), 1, 15),
            ("E0603".to_owned(), 5, 15),
            ("E0603".to_owned(), 9, 15)
        ]
    );
    assert_eq!(counted(&value), (3, 3));
    let deep: String = (0..2000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    std::fs::write(folder.join("deep.yaml"), deep).unwrap();
    let (code, value) = assess_json(&folder, "deep.yaml");
    assert_eq!(
        (code, found(&value)),
        (1, vec![("E0621".to_owned(), 33, 1)])
    );
    std::fs::write(folder.join("flow.yaml"), "[".repeat(100_000)).unwrap();
    let (code, value) = assess_json(&folder, "flow.yaml");
    assert_eq!((code, found(&value)), (1, vec![("E0621".to_owned(), 1, 1)]));
    std::fs::remove_dir_all(&folder).unwrap();
}

/// A workbook with these parts, each deflated.
fn workbook(path: &Path, sheet: &str, shared: Option<&str>) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    part(
        "xl/workbook.xml",
        r#"<workbook xmlns:r="r"><sheets><sheet name="Return" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    part(
        "xl/_rels/workbook.xml.rels",
        r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    part("xl/worksheets/sheet1.xml", sheet);
    if let Some(shared) = shared {
        part("xl/sharedStrings.xml", shared);
    }
    zip.finish().unwrap();
}

/// A sheet of the header and `rows` (cells as `(reference, inline text)`).
fn sheet(head: &str, rows: &[&[(&str, &str)]]) -> String {
    let mut xml = format!("<worksheet>{head}<sheetData>");
    let header = ["obligation", "partner", "period", "value"];
    xml.push_str("<row r=\"1\">");
    for (column, name) in ["A", "B", "C", "D"].iter().zip(header) {
        xml.push_str(&format!(
            "<c r=\"{column}1\" t=\"inlineStr\"><is><t>{name}</t></is></c>"
        ));
    }
    xml.push_str("</row>");
    for (index, row) in rows.iter().enumerate() {
        xml.push_str(&format!("<row r=\"{}\">", index + 2));
        for (at, text) in *row {
            xml.push_str(&format!(
                "<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
            ));
        }
        xml.push_str("</row>");
    }
    xml + "</sheetData></worksheet>"
}

/// Workbooks made to make a reader allocate or inflate without bound are
/// refused, or read within the limits; a good one is read.
#[test]
fn hostile_workbooks_are_read_within_the_limits() {
    let folder = scratch("workbooks");
    let row: &[(&str, &str)] = &[
        ("A2", "admissions"),
        ("B2", "council"),
        ("C2", "2017/18 Q2"),
        ("D2", "390"),
    ];
    // A dimension and a count of shared strings asking for the largest
    // sheet and four thousand million strings: nothing is reserved for them.
    workbook(
        &folder.join("claims.xlsx"),
        &sheet(r#"<dimension ref="A1:XFD1048576"/>"#, &[row]),
        Some(r#"<sst count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>"#),
    );
    let (code, value) = assess_json(&folder, "claims.xlsx");
    assert_eq!(code, 0, "{value}");
    assert_eq!(counted(&value), (1, 0));
    // A cell at the last column and row of a sheet.
    let far: &[(&str, &str)] = &[("XFD1048576", "1")];
    workbook(&folder.join("far.xlsx"), &sheet("", &[row, far]), None);
    let (code, value) = assess_json(&folder, "far.xlsx");
    assert_eq!((code, found(&value)[0].0.as_str()), (1, "E0620"));
    // A row numbered past the last row of a sheet.
    let past = sheet("", &[row]).replace("r=\"2\"", "r=\"99999999\"");
    workbook(&folder.join("past.xlsx"), &past, None);
    let (code, value) = assess_json(&folder, "past.xlsx");
    assert_eq!((code, found(&value)[0].0.as_str()), (1, "E0620"));
    // A cell beyond the header's columns would be lost: refused.
    let extra: &[(&str, &str)] = &[
        ("A3", "admissions"),
        ("B3", "ccg"),
        ("C3", "2017/18 Q2"),
        ("D3", "590"),
        ("F3", "a figure nobody would read"),
    ];
    workbook(&folder.join("extra.xlsx"), &sheet("", &[row, extra]), None);
    let (code, value) = assess_json(&folder, "extra.xlsx");
    assert_eq!(code, 1);
    let message = value["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("row 3, column F"), "{message}");
    assert_eq!(counted(&value), (2, 1));
    std::fs::remove_dir_all(&folder).unwrap();
}

/// Shared strings past the limit, and a zip bomb (a part unpacking far
/// past the limit), with small limits to keep the test fast.
#[test]
fn shared_strings_and_bombs_past_the_limits_are_refused() {
    use concordat::assess::catalogue::Catalogue;
    use concordat::assess::returns::Ingest;
    use concordat::assess::xlsx::{read_within, LIMITS};
    use concordat::diagnostics::Diagnostics;
    use concordat::{check_paths, CheckOptions};

    let folder = scratch("strings");
    let checked = check_paths(
        &[PathBuf::from("tests/fixtures/returns/agreement.s75")],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    let model = &checked.agreements[0];
    let catalogue = Catalogue::new(model).unwrap();
    let strings = "<si><t>x</t></si>".repeat(2_000);
    let path = folder.join("strings.xlsx");
    workbook(
        &path,
        &sheet("", &[]),
        Some(&format!("<sst>{strings}</sst>")),
    );
    let mut bomb = sheet("", &[]);
    bomb.insert_str(bomb.len() - "</worksheet>".len(), &" ".repeat(8 << 20));
    let bomb_path = folder.join("bomb.xlsx");
    workbook(&bomb_path, &bomb, None);
    assert!(std::fs::metadata(&bomb_path).unwrap().len() < 64 * 1024);
    let limits = concordat::assess::xlsx::Limits {
        strings: 1_000,
        part: 1 << 20,
        ..LIMITS
    };
    // The same bomb declaring a small size: unpacking stops at the limit.
    let mut lying = std::fs::read(&bomb_path).unwrap();
    let declared = u32::try_from(bomb.len()).unwrap().to_le_bytes();
    let mut patched = 0;
    for at in 0..lying.len() - 4 {
        if lying[at..at + 4] == declared {
            lying[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "the local and central headers");
    let lying_path = folder.join("lying.xlsx");
    std::fs::write(&lying_path, lying).unwrap();
    for (path, message) in [
        (&path, "shared strings"),
        (&bomb_path, "unpacks to 8388875 bytes"),
        (&lying_path, "unpacks to more than the limit"),
    ] {
        let mut ingest = Ingest::new(model, &catalogue);
        let mut diagnostics = Diagnostics::new();
        read_within(path, 0, &mut ingest, &mut diagnostics, limits);
        let found = diagnostics.into_sorted();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, Code::WorkbookTooLarge);
        assert!(found[0].message.contains(message), "{}", found[0].message);
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

/// A return of many misnamed rows lists the first 100 problems, each with
/// the nearest name or the names allowed, and counts the rest (without
/// searching or listing names for them);
/// a second return in the same run gets its suggestion again, and so does
/// a return large enough to be read on two threads first.
#[test]
fn the_problems_listed_keep_their_suggestions() {
    let folder = scratch("misnamed");
    let mut many = String::from(HEADER);
    for row in 0..150 {
        many.push_str(match row % 3 {
            0 => "admisions,council,2017/18 Q2,390,\n",
            1 => "admissions,councl,2017/18 Q2,390,\n",
            _ => "admissions,board,2017/18 Q2,390,\n",
        });
    }
    // Blank lines take the file past the size read in two halves.
    let large = format!("{many}{}", "\n".repeat(1 << 20));
    std::fs::write(folder.join("many.csv"), &many).unwrap();
    std::fs::write(folder.join("large.csv"), &large).unwrap();
    std::fs::write(
        folder.join("one.csv"),
        format!("{HEADER}admissions,councl,2017/18 Q3,390,\n"),
    )
    .unwrap();
    let agreement =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/returns/agreement.s75");
    for first in ["many.csv", "large.csv"] {
        let report = assess_paths(
            &agreement,
            &[folder.join(first), folder.join("one.csv")],
            AssessOptions::default(),
        );
        let helps: Vec<(Code, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(helps.len(), 102, "{first}: {helps:?}");
        for (k, (code, help)) in helps.iter().take(100).enumerate() {
            let expected = match k % 3 {
                0 => (Code::UnknownItem, "did you mean `admissions`?"),
                1 => (Code::UnknownParty, "did you mean `council`?"),
                _ => (
                    Code::NotResponsible,
                    "its figures are reported by its owners: `council`, `ccg`",
                ),
            };
            assert_eq!((*code, *help), expected, "{first}, problem {k}");
        }
        let too_many = &report.diagnostics[100];
        assert_eq!(too_many.code, Code::TooManyProblems);
        assert!(
            too_many
                .message
                .starts_with("50 more problems in this return are not listed (150 in all)"),
            "{}",
            too_many.message
        );
        assert_eq!(
            helps[101],
            (Code::UnknownParty, "did you mean `council`?"),
            "{first}"
        );
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

/// A part of a return read on a thread of its own stops at the end of the
/// block in which it meets a problem, and raises the flag that stops the
/// other part; a reading in order reads on to the end.
#[test]
fn a_part_that_meets_a_problem_stops_both_parts() {
    use concordat::assess::catalogue::Catalogue;
    use concordat::assess::returns::{columns, Ingest};
    use concordat::assess::rows::{read_rows, Ended, Reading, Rows, BLOCK};
    use std::sync::atomic::{AtomicBool, Ordering};

    let ways = Ways::new("give-up");
    let catalogue = Catalogue::new(&ways.model).unwrap();
    // Blank lines after the row take the file past four blocks.
    let blank = "\n".repeat(4 * BLOCK);
    let header = format!("{}\n", ways.lines[0]);
    let good = format!("{header}{}\n{blank}", ways.lines[1]);
    let bad = format!("{header}no_such_obligation,p_1,2016/17,1,\n{blank}");
    let lines = u32::try_from(4 * BLOCK + 3).unwrap();
    let read = |name: &str, text: &str, give_up: Option<&AtomicBool>| {
        let path = ways.folder.join(name);
        std::fs::write(&path, text).unwrap();
        let rows = Rows {
            path: &path,
            start: u64::try_from(header.len()).unwrap(),
            end: u64::try_from(text.len()).unwrap(),
            line: 2,
            columns: columns(ways.lines[0].split(',')).unwrap(),
            file: 0,
        };
        let mut ingest = Ingest::new(&ways.model, &catalogue);
        let mut problems = concordat::assess::problems::Problems::default();
        let reading = Reading {
            general: true,
            give_up,
        };
        let ended = read_rows(&rows, &mut ingest, &mut problems, reading).unwrap();
        (ended, problems.found)
    };
    // In order: to the end, whatever it meets.
    assert_eq!(read("bad.csv", &bad, None), (Ended::At(lines), 1));
    assert_eq!(read("good.csv", &good, None), (Ended::At(lines), 0));
    // A part: a problem stops it and raises the flag.
    let flag = AtomicBool::new(false);
    assert_eq!(read("bad.csv", &bad, Some(&flag)), (Ended::GaveUp, 1));
    assert!(flag.load(Ordering::Relaxed));
    // The flag raised by the other part stops a part without problems.
    assert_eq!(read("good.csv", &good, Some(&flag)), (Ended::GaveUp, 0));
    // Not raised: a part without problems reads to its end.
    let clear = AtomicBool::new(false);
    assert_eq!(read("good.csv", &good, Some(&clear)), (Ended::At(lines), 0));
    assert!(!clear.load(Ordering::Relaxed));
}

/// The problems of a return on disk are shown from windows of its lines
/// (read again a line at a time, only the lines shown kept): every format
/// renders them exactly as from the whole file loaded, whatever the
/// encoding, byte-order marks, line endings and places of the problems.
#[test]
fn excerpts_from_windows_read_as_from_the_whole_file() {
    use concordat::assess::decode::whole;
    use concordat::assess::problems::{
        located_diagnostics, text_diagnostics, Field, Located, Problems,
    };
    use concordat::diagnostics::Diagnostics;
    use concordat::source::{FileId, SourceFile};

    let folder = scratch("windows");
    let mut text = String::from(HEADER);
    for row in 0..60 {
        text.push_str(&format!(
            "admissions,council,2017/18 Q{},{row}£,nöte\n",
            row % 4
        ));
    }
    let crlf = text.replace('\n', "\r\n");
    let utf16 = |text: &str| {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let windows_1252: Vec<u8> = text
        .chars()
        .map(|c| match c {
            '£' => 0xA3,
            'ö' => 0xF6,
            c => u8::try_from(c).unwrap(),
        })
        .collect();
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("plain", text.clone().into_bytes()),
        ("crlf", crlf.clone().into_bytes()),
        ("bom", format!("\u{feff}{text}").into_bytes()),
        ("two boms", format!("\u{feff}\u{feff}{crlf}").into_bytes()),
        ("no final line feed", text.trim_end().as_bytes().to_vec()),
        (
            "final carriage return",
            format!("{}\r", crlf.trim_end()).into_bytes(),
        ),
        ("utf-16", utf16(&crlf)),
        ("windows-1252", windows_1252),
        (
            "bad utf-8",
            [text.as_bytes(), b"x,\xFF\xFE,\xC3\n"].concat(),
        ),
    ];
    // Lines from 1; 0 is the whole file; 500 is past the end.
    let places = [
        (0, Field::Row),
        (1, Field::Index(1)),
        (2, Field::Index(3)),
        (3, Field::End),
        (30, Field::Bytes(2, 9)),
        (32, Field::Index(4)),
        (61, Field::Index(0)),
        (62, Field::Row),
        (500, Field::Index(2)),
    ];
    let problems = |count: usize| {
        let mut found = Problems::default();
        for (line, field) in places.iter().take(count) {
            found.push(Located {
                line: *line,
                field: field.clone(),
                code: Code::MalformedReturn,
                message: format!("a problem on line {line}"),
                help: Some("a help".to_owned()),
            });
        }
        found
    };
    for (name, bytes) in variants {
        let path = folder.join(format!("{}.csv", name.replace(' ', "_")));
        std::fs::write(&path, &bytes).unwrap();
        for count in [1, 2, 5, places.len()] {
            let mut whole_found = Diagnostics::new();
            let file = SourceFile::new(FileId(0), &path, &whole(&bytes).unwrap().0);
            let whole_files = vec![located_diagnostics(file, problems(count), &mut whole_found)];
            let whole_found = whole_found.into_sorted();
            let mut found = Diagnostics::new();
            let files = text_diagnostics(FileId(0), &path, problems(count), &mut found);
            let found = found.into_sorted();
            assert!(files.len() <= count + 1, "{name}: {} windows", files.len());
            for (format_name, format) in Format::NAMED {
                let options = RenderOptions {
                    format,
                    colour: false,
                    deny_warnings: false,
                };
                assert_eq!(
                    concordat::diagnostics::render::render(&files, &found, options),
                    concordat::diagnostics::render::render(&whole_files, &whole_found, options),
                    "{name}, {count} problems, {format_name}"
                );
            }
        }
    }
    std::fs::remove_dir_all(&folder).unwrap();
}
