//! Returns from any sheet of a workbook: `--sheet NAME`, the first sheet
//! without it, a clear error listing the sheets when the one named is not
//! there (E0640), and a pointer to the sheet with the return when the first
//! has none (E0641). The workbooks are built here, one part at a time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::io::Write;
use std::path::Path;
use std::process::Command;

use concordat::assess::ReturnKind;

const AGREEMENT: &str = "tests/fixtures/returns/agreement.s75";

/// A workbook of `sheets` (name, sheet XML), in that order.
fn workbook(path: &Path, sheets: &[(&str, String)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut listed = String::new();
    let mut relations = String::new();
    for (index, (name, _)) in sheets.iter().enumerate() {
        let n = index + 1;
        listed.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        // Parts in the reverse order of the sheets: the order is the
        // workbook's, not the parts'.
        let part = sheets.len() - index;
        relations.push_str(&format!(
            r#"<Relationship Id="rId{n}" Target="worksheets/sheet{part}.xml"/>"#
        ));
    }
    zip.start_file("xl/workbook.xml", options).unwrap();
    zip.write_all(
        format!(r#"<workbook xmlns:r="r"><sheets>{listed}</sheets></workbook>"#).as_bytes(),
    )
    .unwrap();
    zip.start_file("xl/_rels/workbook.xml.rels", options)
        .unwrap();
    zip.write_all(format!("<Relationships>{relations}</Relationships>").as_bytes())
        .unwrap();
    for (index, (_, xml)) in sheets.iter().enumerate() {
        let part = sheets.len() - index;
        zip.start_file(format!("xl/worksheets/sheet{part}.xml"), options)
            .unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// A sheet of these rows of inline text, from row 1.
fn sheet(rows: &[&[&str]]) -> String {
    let mut xml = String::from("<worksheet><sheetData>");
    for (index, row) in rows.iter().enumerate() {
        let r = index + 1;
        xml.push_str(&format!("<row r=\"{r}\">"));
        for (column, text) in ["A", "B", "C", "D", "E"].iter().zip(*row) {
            xml.push_str(&format!(
                "<c r=\"{column}{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
            ));
        }
        xml.push_str("</row>");
    }
    xml + "</sheetData></worksheet>"
}

/// The return of the fixtures' agreement, as a sheet.
fn return_sheet() -> String {
    sheet(&[
        &["obligation", "partner", "period", "value"],
        &["admissions", "council", "2017/18 Q1", "400"],
        &["admissions", "ccg", "2017/18 Q1", "600"],
    ])
}

fn cover() -> String {
    sheet(&[&["Quarterly return to the board"], &["Prepared by finance"]])
}

/// `concordat assess` of the fixtures' agreement and `returns`, with
/// `extra` arguments, as JSON: exit code and document.
fn assess(returns: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_concordat"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["assess", AGREEMENT, "--format", "json", "--returns"])
        .arg(returns)
        .args(extra)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (output.status.code().unwrap(), value)
}

fn codes(value: &serde_json::Value) -> Vec<String> {
    value["diagnostics"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|d| d["code"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn messages(value: &serde_json::Value) -> String {
    value["diagnostics"].to_string()
}

fn rows_read(value: &serde_json::Value) -> u64 {
    value["assessment"]["returns_read"][0]["rows"]
        .as_u64()
        .unwrap()
}

#[test]
fn the_sheet_named_is_read_and_without_a_name_the_first() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("two.xlsx");
    workbook(&path, &[("Cover", cover()), ("Q1 return", return_sheet())]);
    let (code, value) = assess(&path, &["--sheet", "Q1 return"]);
    assert_eq!(code, 0, "{value}");
    assert_eq!(rows_read(&value), 2);
    // Case is forgiven when only one sheet matches.
    let (code, value) = assess(&path, &["--sheet", "q1 RETURN"]);
    assert_eq!(code, 0, "{value}");
    // The first sheet holds the return: read without --sheet.
    let first = folder.path().join("first.xlsx");
    workbook(&first, &[("Return", return_sheet()), ("Notes", cover())]);
    let (code, value) = assess(&first, &[]);
    assert_eq!(code, 0, "{value}");
    assert_eq!(rows_read(&value), 2);
}

#[test]
fn a_sheet_not_there_is_an_error_listing_the_sheets() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("two.xlsx");
    workbook(&path, &[("Cover", cover()), ("Q1 return", return_sheet())]);
    let (code, value) = assess(&path, &["--sheet", "Q2 return"]);
    assert_eq!(code, 2, "a bad argument: {value}");
    assert_eq!(codes(&value), ["E0640"]);
    let text = messages(&value);
    assert!(
        text.contains(
            "the workbook has no sheet `Q2 return`; its sheets are `Cover` and `Q1 return`"
        ),
        "{text}"
    );
    assert!(text.contains("--sheet"), "{text}");
    // A name holding a control character is shown escaped.
    let (_, value) = assess(&path, &["--sheet", "Q\u{1b}2"]);
    assert!(!messages(&value).contains('\u{1b}'));
}

#[test]
fn a_first_sheet_without_the_return_points_to_the_sheet_with_it() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("cover.xlsx");
    workbook(
        &path,
        &[
            ("Cover", cover()),
            ("Notes", sheet(&[&["Nothing here"]])),
            ("Q1 return", return_sheet()),
        ],
    );
    let (code, value) = assess(&path, &[]);
    assert_eq!(code, 1, "{value}");
    assert_eq!(codes(&value), ["E0641"]);
    let text = messages(&value);
    assert!(text.contains("the first sheet, `Cover`, has no header row of a return, but the sheet `Q1 return` has one: give `--sheet \\\"Q1 return\\\"`"), "{text}");
    // An empty first sheet too.
    let empty = folder.path().join("empty.xlsx");
    workbook(&empty, &[("Sheet1", sheet(&[])), ("Data", return_sheet())]);
    let (code, value) = assess(&empty, &[]);
    assert_eq!(code, 1, "{value}");
    assert_eq!(codes(&value), ["E0641"]);
    assert!(messages(&value).contains("`Sheet1`, is empty"), "{value}");
    // With no sheet holding a return, the header's own problems are shown.
    let none = folder.path().join("none.xlsx");
    workbook(&none, &[("Cover", cover()), ("Notes", cover())]);
    let (code, value) = assess(&none, &[]);
    assert_eq!(code, 1, "{value}");
    assert!(!codes(&value).contains(&"E0641".to_owned()), "{value}");
    // Named, a sheet without the return is not second-guessed.
    let (_, value) = assess(&path, &["--sheet", "Cover"]);
    assert!(!codes(&value).contains(&"E0641".to_owned()), "{value}");
}

#[test]
fn summary_reads_the_sheet_named_too() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("two.xlsx");
    workbook(&path, &[("Cover", cover()), ("Q1 return", return_sheet())]);
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_concordat"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["summary", AGREEMENT, "--returns"])
            .arg(&path)
            .args(extra)
            .output()
            .unwrap()
    };
    assert_eq!(run(&["--sheet", "Q1 return"]).status.code(), Some(0));
    let without = run(&[]);
    assert_eq!(without.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&without.stderr).contains("E0641"));
}

#[test]
fn too_many_sheets_are_past_the_limit() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("many.xlsx");
    let many: Vec<(String, String)> = (0..4_097)
        .map(|n| (format!("S{n}"), String::from("<worksheet/>")))
        .collect();
    let named: Vec<(&str, String)> = many.iter().map(|(n, x)| (n.as_str(), x.clone())).collect();
    workbook(&path, &named);
    let (code, value) = assess(&path, &[]);
    assert_eq!(code, 1, "{value}");
    assert_eq!(codes(&value), ["E0620"]);
    assert!(
        messages(&value).contains("more than 4096 sheets"),
        "{value}"
    );
}

#[test]
fn the_kind_of_a_return_on_standard_input_is_told_from_its_first_bytes() {
    assert_eq!(ReturnKind::sniff(b"PK\x03\x04rest"), ReturnKind::Xlsx);
    assert_eq!(
        ReturnKind::sniff(b"obligation,partner,period,value\n"),
        ReturnKind::Csv
    );
    assert_eq!(
        ReturnKind::sniff(b"\xEF\xBB\xBFobligation,partner,period,value\n"),
        ReturnKind::Csv
    );
    assert_eq!(
        ReturnKind::sniff(b"# comment\n\n- obligation: x\n"),
        ReturnKind::Yaml
    );
    assert_eq!(ReturnKind::sniff(b"---\n- a: 1\n"), ReturnKind::Yaml);
    assert_eq!(ReturnKind::sniff(b"returns:\n  - a: 1\n"), ReturnKind::Yaml);
    assert_eq!(ReturnKind::sniff(b"note: x,period\n"), ReturnKind::Yaml);
    assert_eq!(ReturnKind::sniff(b"a,b: c\n"), ReturnKind::Csv);
    assert_eq!(ReturnKind::sniff(b""), ReturnKind::Csv);
}

/// A workbook's `measure` column is read as a CSV's: the year settles from
/// the actual to date at Q4, never from the forecast.
#[test]
fn a_monitoring_sheet_reads_its_measures() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("monitoring.xlsx");
    let rows = sheet(&[
        &["pool", "partner", "period", "measure", "value"],
        &["bcf", "council", "2017/18 Q3", "forecast", "£3.5m"],
        &["bcf", "council", "2017/18 Q4", "actual", "£3.2m"],
    ]);
    workbook(&path, &[("Monitoring", rows)]);
    let (code, value) = assess(&path, &[]);
    assert_eq!(code, 0, "{value}");
    let settlement = &value["assessment"]["settlements"][0];
    assert_eq!(settlement["amount"], "200000.00", "{value}");
    let periods = &value["assessment"]["monitoring"][0]["periods"];
    assert_eq!(periods[0]["forecast"], "3500000.00", "{value}");
}
