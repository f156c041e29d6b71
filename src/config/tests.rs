#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::*;

fn read(text: &str) -> (Config, Vec<Diagnostic>) {
    let file = SourceFile::new(FileId(0), "concordat.toml", text);
    let mut diagnostics = Diagnostics::new();
    let config = parse(&file, &mut diagnostics);
    (config, diagnostics.into_sorted())
}

fn problems(text: &str) -> Vec<(Code, String, String, Option<String>)> {
    let file = SourceFile::new(FileId(0), "concordat.toml", text);
    let (_, diagnostics) = read(text);
    diagnostics
        .into_iter()
        .map(|d| {
            let span = d.primary.as_ref().unwrap().span;
            (d.code, d.message, file.slice(span).to_owned(), d.help)
        })
        .collect()
}

#[test]
fn every_key_is_read() {
    let (config, diagnostics) = read(
        r#"
deny_warnings = true
format = "github"
excluded_treatments = ["Lithotripsy", " dialysis "]

[check]
format = "json"

[assess]
format = "plain"

[[rules]]
paths = ["legacy/**"]
allow = ["W0212"]

[[rules]]
deny = ["w0406"]
"#,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(config.deny_warnings);
    assert_eq!(config.format, Some(Format::Github));
    assert_eq!(config.check_format, Some(Format::Json));
    assert_eq!(config.assess_format, Some(Format::Plain));
    assert_eq!(config.excluded_treatments, ["lithotripsy", "dialysis"]);
    assert_eq!(config.rules.len(), 2);
    assert_eq!(config.rules[0].written, ["legacy/**"]);
    assert_eq!(config.rules[0].allow, [Code::parse("W0212").unwrap()]);
    assert_eq!(config.rules[1].written, ["**"]);
    assert_eq!(config.rules[1].deny, [Code::parse("W0406").unwrap()]);
}

#[test]
fn an_empty_file_changes_nothing() {
    let (config, diagnostics) = read("# nothing yet\n");
    assert!(diagnostics.is_empty());
    assert!(!config.deny_warnings);
    assert!(config.rules.is_empty());
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion_where_they_are() {
    let found = problems(
        "deny_warning = true\n[check]\nformt = \"json\"\n[[rules]]\npath = [\"a/**\"]\nalow = [\"W0212\"]\nnonsense = 1\n",
    );
    let found: Vec<(Code, &str, Option<&str>)> = found
        .iter()
        .map(|(code, _, text, help)| (*code, text.as_str(), help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Code::UnknownConfigKey,
                "deny_warning",
                Some("did you mean `deny_warnings`?")
            ),
            (
                Code::UnknownConfigKey,
                "formt",
                Some("did you mean `format`?")
            ),
            (
                Code::UnknownConfigKey,
                "path",
                Some("did you mean `paths`?")
            ),
            (
                Code::UnknownConfigKey,
                "alow",
                Some("did you mean `allow`?")
            ),
            (
                Code::UnknownConfigKey,
                "nonsense",
                Some("the keys in `[[rules]]` are `paths`, `allow` or `deny`")
            ),
        ]
    );
}

#[test]
fn bad_values_are_errors_where_they_are() {
    let found = problems(
        r#"deny_warnings = "yes"
format = "githib"
excluded_treatments = "surgery"
[[rules]]
paths = ["a/[b"]
allow = ["E0206", "W9999", 7]
deny = "W0212"
"#,
    );
    let found: Vec<(Code, &str, &str)> = found
        .iter()
        .map(|(code, message, text, _)| (*code, message.as_str(), text.as_str()))
        .collect();
    assert!(found
        .iter()
        .all(|(code, _, _)| *code == Code::BadConfigValue));
    let texts: Vec<&str> = found.iter().map(|(_, _, text)| *text).collect();
    assert_eq!(
        texts,
        [
            "\"yes\"",
            "\"githib\"",
            "\"surgery\"",
            "\"a/[b\"",
            "\"E0206\"",
            "\"W9999\"",
            "7",
            "\"W0212\"",
        ],
        "{found:#?}"
    );
}

#[test]
fn a_misspelt_format_or_code_is_suggested() {
    let found = problems("format = \"githib\"\n[[rules]]\nallow = [\"W0212x\"]\n");
    assert_eq!(found[0].3.as_deref(), Some("did you mean `github`?"));
    assert!(found[1]
        .3
        .as_deref()
        .unwrap()
        .starts_with("did you mean `W0212`?"));
}

#[test]
fn errors_cannot_be_allowed() {
    let found = problems("[[rules]]\nallow = [\"E0206\"]\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Code::BadConfigValue);
    assert!(found[0].1.contains("only warnings can be allowed"));
}

#[test]
fn toml_that_does_not_parse_is_reported_where_it_stops() {
    let found = problems("deny_warnings = true\nformat = \"json\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Code::ConfigSyntax);
    assert!(found[0].1.starts_with("concordat.toml is not valid TOML"));
}

#[test]
fn patterns_match_within_and_across_folders() {
    let (config, _) =
        read("[[rules]]\npaths = [\"legacy/*.s75\", \"old/**\"]\nallow = [\"W0212\"]\n");
    let rule = &config.rules[0];
    assert!(rule.patterns.is_match("legacy/a.s75"));
    assert!(!rule.patterns.is_match("legacy/deeper/a.s75"));
    assert!(rule.patterns.is_match("old/a.s75"));
    assert!(rule.patterns.is_match("old/x/y/a.s75"));
    assert!(!rule.patterns.is_match("current/a.s75"));
}

#[test]
fn the_last_rule_that_names_a_code_wins() {
    let (config, _) = read(
        "[[rules]]\nallow = [\"W0212\"]\n[[rules]]\npaths = [\"strict/**\"]\ndeny = [\"W0212\"]\n",
    );
    let code = Code::parse("W0212").unwrap();
    let here = Path::new("a.s75");
    let strict = Path::new("strict/b.s75");
    assert_eq!(verdict(&config, here, code), Some(Verdict::Allow));
    assert_eq!(verdict(&config, strict, code), Some(Verdict::Deny));
    assert_eq!(verdict(&config, here, Code::parse("W0406").unwrap()), None);
}

#[test]
fn the_nearest_file_upward_is_found() {
    let root = tempfile::tempdir().unwrap();
    let deep = root.path().join("a/b/c");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(root.path().join(FILE_NAME), "").unwrap();
    std::fs::write(deep.join("x.s75"), "").unwrap();
    let top = std::fs::canonicalize(root.path().join(FILE_NAME)).unwrap();
    assert_eq!(find_for(&deep.join("x.s75")), Some(top.clone()));
    assert_eq!(find_for(&deep), Some(top));
    std::fs::write(root.path().join("a/b").join(FILE_NAME), "").unwrap();
    let nearer = std::fs::canonicalize(root.path().join("a/b").join(FILE_NAME)).unwrap();
    assert_eq!(find_for(&deep.join("x.s75")), Some(nearer));
}
