//! The JSON outputs against their schemas in `schemas/` (JSON Schema draft
//! 2020-12): every JSON snapshot, the JSON of `check`, `model` and `assess`
//! for every shipped agreement and return, of every error fixture and of
//! every bad return; and documents broken on purpose, which must fail, so
//! that a schema that accepts anything cannot pass.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::assess::{assess_paths, AssessOptions};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::CheckOptions;
use serde_json::{json, Value};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const JSON: RenderOptions = RenderOptions {
    format: Format::Json,
    colour: false,
    deny_warnings: false,
};

/// The schema of one output, checked against the draft 2020-12
/// meta-schema and compiled.
fn schema(name: &str) -> jsonschema::Validator {
    let path = Path::new(ROOT)
        .join("schemas")
        .join(format!("{name}.schema.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(error) = jsonschema::meta::validate(&schema) {
        panic!("{}: not a valid schema: {error}", path.display());
    }
    jsonschema::validator_for(&schema).unwrap()
}

/// Fails with every error if `text` is not a document `validator` accepts.
fn assert_valid(validator: &jsonschema::Validator, text: &str, what: &str) {
    let document: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

fn files(folder: &str, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| keep(path))
        .collect();
    found.sort();
    found
}

fn extension(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

#[test]
fn every_json_snapshot_follows_its_schema() {
    let check = schema("check");
    let assess = schema("assess");
    let model = schema("model");
    let diff = schema("diff");
    let mut validated = 0;
    for path in files("tests/snapshots", |p| extension(p) == "snap") {
        let text = std::fs::read_to_string(&path).unwrap();
        // An insta snapshot: a header between `---` lines, then the value.
        let Some(body) = text.splitn(3, "---\n").nth(2) else {
            continue;
        };
        let Ok(document) = serde_json::from_str::<Value>(body) else {
            continue;
        };
        if document.get("format_version").is_none() {
            continue; // SARIF, with a schema of its own
        }
        let name = path.file_name().unwrap().to_string_lossy();
        let validator = if name.starts_with("assess__") {
            &assess
        } else if name.starts_with("diff__") {
            &diff
        } else if document.get("agreements").is_some() {
            &model
        } else {
            &check
        };
        assert_valid(validator, body, &name);
        validated += 1;
    }
    assert!(validated >= 3, "only {validated} JSON snapshots found");
}

/// The underspend rules of one partner (`kept by`, `returned to`, and a
/// cascade of both) follow the model schema.
#[test]
fn underspends_kept_or_returned_follow_the_model_schema() {
    let model = schema("model");
    for name in ["kept", "returned", "cascade"] {
        let path = PathBuf::from(format!("tests/fixtures/valid/W0310_underspend_{name}.s75"));
        let text = concordat::model_of(&path, false).unwrap();
        assert_valid(&model, &text, &path.display().to_string());
        assert!(text.contains("\"kept_by\"") || text.contains("\"returned_to\""));
    }
}

/// Contributions by formula (an uplift chain, a figure as notified and an
/// uplift of it) follow the model schema: an unknown amount is `null`.
#[test]
fn contributions_by_formula_follow_the_model_schema() {
    let model = schema("model");
    for name in [
        "E0320_uplift_from_year_before",
        "E0624_contribution_as_notified",
    ] {
        let path = PathBuf::from(format!("tests/fixtures/valid/{name}.s75"));
        let text = concordat::model_of(&path, false).unwrap();
        assert_valid(&model, &text, &path.display().to_string());
        assert!(text.contains("\"uplift\""), "{text}");
    }
}

/// A grant's purpose, conditions and the parts passed on follow the model
/// schema.
#[test]
fn grants_passed_on_follow_the_model_schema() {
    let model = schema("model");
    let path = PathBuf::from("tests/fixtures/valid/E0322_grant_passed_on.s75");
    let text = concordat::model_of(&path, false).unwrap();
    assert_valid(&model, &text, &path.display().to_string());
    for field in [
        "\"purpose\"",
        "\"conditions\"",
        "\"passed_to\"",
        "\"percent\"",
    ] {
        assert!(text.contains(field), "{field} in {text}");
    }
}

#[test]
fn diff_json_follows_its_schema_and_broken_documents_fail() {
    let diff = schema("diff");
    let old = "tests/fixtures/diff/lancashire_bcf_old.s75";
    let new = "tests/fixtures/diff/lancashire_bcf_new.s75";
    let changed = concordat::diff::json(&concordat::diff::diff(old, new).unwrap());
    assert_valid(&diff, &changed, "diff old new");
    let same = concordat::diff::json(&concordat::diff::diff(old, old).unwrap());
    assert_valid(&diff, &same, "diff old old");
    let document: Value = serde_json::from_str(&changed).unwrap();
    for (at, change) in [
        ("/format_version", Some(json!(2))),
        ("/changes/0/section", Some(json!("money"))),
        ("/changes/0/difference", Some(json!(120000.0))),
        ("/changes/0/item", None),
    ] {
        let bad = broken(&document, at, change);
        assert!(!diff.is_valid(&bad), "{at} broken and still valid");
    }
}

#[test]
fn the_shipped_agreements_and_returns_follow_the_schemas() {
    let check = schema("check");
    let assess = schema("assess");
    let model = schema("model");
    let agreements = files("agreements", |p| extension(p) == "s75");
    assert_eq!(agreements.len(), 6);
    let all = concordat::check_paths(&[PathBuf::from("agreements")], CheckOptions::default());
    assert_valid(&check, &all.render(JSON), "check agreements");
    for agreement in &agreements {
        let what = agreement.display().to_string();
        let report =
            concordat::check_paths(std::slice::from_ref(agreement), CheckOptions::default());
        assert_valid(&check, &report.render(JSON), &format!("check {what}"));
        let text = concordat::model_of(agreement, false).unwrap();
        assert_valid(&model, &text, &format!("model {what}"));
        let stem = agreement
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let returns = files("agreements/returns", |p| {
            p.file_stem().is_some_and(|s| s.to_string_lossy() == stem)
        });
        assert_eq!(returns.len(), 1, "the return of {what}");
        let options = AssessOptions {
            as_of: None,
            periods: true,
            ..AssessOptions::default()
        };
        let report = assess_paths(agreement, &returns, options);
        assert!(report.assessment.is_some(), "{what} is assessed");
        assert_valid(&assess, &report.render(JSON), &format!("assess {what}"));
    }
}

#[test]
fn the_problems_of_every_fixture_follow_the_schemas() {
    let check = schema("check");
    let assess = schema("assess");
    for fixture in files("tests/fixtures/errors", |p| extension(p) == "s75") {
        let report =
            concordat::check_paths(std::slice::from_ref(&fixture), CheckOptions::default());
        assert_valid(&check, &report.render(JSON), &fixture.display().to_string());
    }
    let missing = concordat::check_paths(
        &[PathBuf::from("no/such/file.s75")],
        CheckOptions::default(),
    );
    assert_valid(&check, &missing.render(JSON), "a missing path");
    let agreement = Path::new(ROOT).join("tests/fixtures/returns/agreement.s75");
    let options = AssessOptions {
        as_of: None,
        periods: true,
        ..AssessOptions::default()
    };
    for bad in files("tests/fixtures/returns", |p| extension(p) != "s75") {
        let report = assess_paths(&agreement, std::slice::from_ref(&bad), options);
        assert!(report.assessment.is_none() || !report.diagnostics.is_empty());
        assert_valid(&assess, &report.render(JSON), &bad.display().to_string());
    }
    let broken = Path::new(ROOT).join("tests/fixtures/errors/E0102_unknown_name.s75");
    let report = assess_paths(&broken, &[], options);
    assert_valid(&assess, &report.render(JSON), "assess a broken agreement");
}

/// `document` with `change` made at the JSON pointer `at`: a new value, or
/// the field removed.
fn broken(document: &Value, at: &str, change: Option<Value>) -> Value {
    let mut document = document.clone();
    let (parent, key) = at.rsplit_once('/').unwrap();
    let target = document.pointer_mut(parent).unwrap();
    match (target, change) {
        (Value::Object(map), Some(value)) => {
            map.insert(key.to_owned(), value);
        }
        (Value::Object(map), None) => {
            map.remove(key).unwrap();
        }
        (Value::Array(items), Some(value)) => items[key.parse::<usize>().unwrap()] = value,
        (other, _) => panic!("cannot change {at} in {other}"),
    }
    document
}

#[test]
fn broken_documents_fail() {
    let path = Path::new(ROOT).join("tests/fixtures/errors/several_problems.s75");
    let check_text = concordat::check_paths(&[path], CheckOptions::default()).render(JSON);
    let check_doc: Value = serde_json::from_str(&check_text).unwrap();
    let model_doc: Value = serde_json::from_str(
        &concordat::model_of(Path::new("agreements/lancashire_bcf.s75"), false).unwrap(),
    )
    .unwrap();
    let assess_doc: Value = serde_json::from_str(
        &assess_paths(
            Path::new("agreements/lancashire_bcf.s75"),
            &[PathBuf::from("agreements/returns/lancashire_bcf.csv")],
            AssessOptions {
                as_of: None,
                periods: true,
                ..AssessOptions::default()
            },
        )
        .render(JSON),
    )
    .unwrap();
    let cases: Vec<(&str, &Value, &str, Option<Value>)> = vec![
        ("check", &check_doc, "/format_version", None),
        ("check", &check_doc, "/format_version", Some(json!(2))),
        ("check", &check_doc, "/errors", Some(json!("3"))),
        (
            "check",
            &check_doc,
            "/diagnostics/0/severity",
            Some(json!("fatal")),
        ),
        (
            "check",
            &check_doc,
            "/diagnostics/0/code",
            Some(json!("X1")),
        ),
        ("check", &check_doc, "/diagnostics/0/line", None),
        (
            "check",
            &check_doc,
            "/diagnostics/0/surprise",
            Some(json!(true)),
        ),
        ("model", &model_doc, "/format_version", None),
        ("model", &model_doc, "/agreements", Some(json!({}))),
        (
            "model",
            &model_doc,
            "/agreements/0/pools/0/kind",
            Some(json!("shared")),
        ),
        (
            "model",
            &model_doc,
            "/agreements/0/pools/0/contributions/0/entries/0/amount",
            Some(json!(2.5)),
        ),
        (
            "model",
            &model_doc,
            "/agreements/0/term/first",
            Some(json!("2017")),
        ),
        ("model", &model_doc, "/agreements/0/partners/0/id", None),
        ("assess", &assess_doc, "/format_version", None),
        (
            "assess",
            &assess_doc,
            "/assessment/as_of",
            Some(json!("Q2")),
        ),
        (
            "assess",
            &assess_doc,
            "/assessment/obligations/0/owners/0/latest/status",
            Some(json!("late")),
        ),
        ("assess", &assess_doc, "/assessment/rows", Some(json!(-1))),
        ("assess", &assess_doc, "/assessment/settlements", None),
    ];
    for (name, document, at, change) in cases {
        let validator = schema(name);
        assert!(
            validator.is_valid(document),
            "{name}: the unbroken document"
        );
        let changed = broken(document, at, change.clone());
        assert!(
            !validator.is_valid(&changed),
            "{name}: {at} set to {change:?} passes the schema"
        );
    }
}

/// A waiver in the model, a waived miss and an expired waiver in the
/// assessment follow the schemas.
#[test]
fn waivers_follow_the_schemas() {
    let agreement = PathBuf::from("tests/fixtures/valid/waiver_and_ladder.s75");
    let text = concordat::model_of(&agreement, false).unwrap();
    assert!(text.contains("\"waivers\""), "{text}");
    assert_valid(&schema("model"), &text, "model with a waiver");
    let dir = std::env::temp_dir().join(format!("concordat-schema-waiver-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("returns.csv");
    std::fs::write(
        &csv,
        "obligation,partner,period,value\nadmissions,council,2017/18 Q2,1050\nadmissions,council,2017/18 Q3,1050\nadmissions,council,2017/18 Q4,1050\nadmissions,council,2018/19 Q1,1050\n",
    )
    .unwrap();
    let assess = schema("assess");
    for (as_of, expect) in [("2018/19 Q1", "\"waived\""), ("2018/19 Q2", "W0419")] {
        let options = AssessOptions {
            as_of: Some(concordat::period::Period::parse(as_of).unwrap()),
            periods: true,
            ..AssessOptions::default()
        };
        let report = assess_paths(&agreement, std::slice::from_ref(&csv), options);
        let json = report.render(JSON);
        assert!(json.contains(expect), "{json}");
        assert_valid(&assess, &json, &format!("assess as of {as_of}"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A pool's forecast trigger follows the model schema.
#[test]
fn a_forecast_trigger_follows_the_model_schema() {
    let model = schema("model");
    let path = PathBuf::from("tests/fixtures/valid/E0330_forecast_threshold_above_zero.s75");
    let text = concordat::model_of(&path, false).unwrap();
    assert_valid(&model, &text, &path.display().to_string());
    assert!(text.contains("\"on_forecast\""));
}

/// An assessment with in-year monitoring and a forecast trigger follows
/// the assessment schema.
#[test]
fn monitoring_and_forecast_triggers_follow_the_assess_schema() {
    let assess = schema("assess");
    let agreement = PathBuf::from("tests/fixtures/monitoring/agreement.s75");
    let returns = [PathBuf::from("tests/fixtures/monitoring/returns.csv")];
    let report = assess_paths(&agreement, &returns, AssessOptions::default());
    let text = report.render(JSON);
    assert!(text.contains("\"forecast_triggers\""), "{text}");
    assert_valid(&assess, &text, "assess monitoring");
}

/// An assessment with a year not settled (a figure `as notified` not
/// supplied) and one with an allocation cut follow the assessment schema.
#[test]
fn unsettled_years_and_allocation_cuts_follow_the_assess_schema() {
    let validator = schema("assess");
    for (agreement, returns, word) in [
        ("allocations", "returns.csv", "\"unsettled\""),
        ("grants", "returns.csv", "\"allocation_cut\""),
    ] {
        let folder = Path::new(ROOT).join("tests/fixtures").join(agreement);
        let report = assess_paths(
            &folder.join("agreement.s75"),
            &[folder.join(returns)],
            AssessOptions {
                periods: true,
                ..AssessOptions::default()
            },
        );
        let text = report.render(RenderOptions {
            format: Format::Json,
            colour: false,
            deny_warnings: false,
        });
        assert_valid(&validator, &text, agreement);
        assert!(text.contains(word), "{word} in {text}");
    }
}

/// Marks of what is illustrative or draft, on the agreement and on each kind
/// of block, follow the model schema.
#[test]
fn marks_follow_the_model_schema() {
    let model = schema("model");
    let path = PathBuf::from("tests/fixtures/marks/agreement.s75");
    let text = concordat::model_of(&path, false).unwrap();
    assert_valid(&model, &text, &path.display().to_string());
    let document: Value = serde_json::from_str(&text).unwrap();
    let agreement = &document["agreements"][0];
    assert_eq!(agreement["marks"][0]["kind"], "draft");
    assert_eq!(agreement["marks"][0]["clause"], "A.1");
    assert_eq!(agreement["pools"][0]["marks"][0]["kind"], "draft");
    assert_eq!(
        agreement["pools"][0]["schemes"][1]["marks"][0]["note"],
        "the plan of the scheme"
    );
    for kind in ["bodies", "reserves", "obligations"] {
        assert_eq!(
            agreement[kind][0]["marks"][0]["kind"], "illustrative",
            "{kind}"
        );
    }
}
