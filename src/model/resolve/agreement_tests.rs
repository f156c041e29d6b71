//! Building statements as they arrive gives exactly what building them all
//! once every name is declared gives: the same model, the same problems.

use super::*;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceFile};
use crate::syntax::{self, Pieces};
use std::fmt::Write as _;
use std::path::Path;

/// Each agreement's model (as debug text) and its problems, sorted.
type Built = Vec<(String, Vec<Diagnostic>)>;

fn sorted(diagnostics: Diagnostics) -> Vec<Diagnostic> {
    diagnostics.into_sorted()
}

/// The whole tree, each agreement built with `eager` or with every
/// statement waiting.
fn whole(file: &SourceFile, eager: bool) -> Option<Built> {
    let mut ignored = Diagnostics::new();
    let tree = syntax::parse(file, &mut ignored)?;
    let imported = Imported::default();
    let built = tree
        .agreements
        .into_iter()
        .map(|source| {
            let building = Building::open(&source, Some(&imported), None);
            let building = if eager { building } else { building.deferred() };
            let (agreement, found) = building.finish(source);
            (format!("{agreement:#?}"), sorted(found))
        })
        .collect();
    Some(built)
}

/// Built piece by piece as the file is read, imports where they stand.
fn streamed(file: &SourceFile) -> Option<(Built, bool)> {
    let mut ignored = Diagnostics::new();
    let mut resolving = Resolving::new(file);
    if !syntax::parse_into(file, &mut ignored, &mut resolving) {
        return None;
    }
    let built = resolving
        .built
        .into_iter()
        .map(|(agreement, found)| (format!("{agreement:#?}"), sorted(found)))
        .collect();
    Some((built, !resolving.imports.is_empty()))
}

fn assert_same(file: &SourceFile) -> usize {
    let reference = whole(file, false);
    assert_eq!(
        whole(file, true),
        reference,
        "{}: built on arrival from the whole tree",
        file.path.display()
    );
    let (built, imports) = match streamed(file) {
        Some(found) => found,
        None => {
            assert!(reference.is_none());
            return 0;
        }
    };
    if !imports {
        // With imports, the models read piece by piece are built again with
        // what the imports bring (project pass 4).
        assert_eq!(
            Some(&built),
            reference.as_ref(),
            "{}: built piece by piece",
            file.path.display()
        );
    }
    built.len()
}

fn s75_under(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            s75_under(&path, found);
        } else if path.extension().is_some_and(|e| e == "s75") {
            found.push(path);
        }
    }
}

#[test]
fn every_fixture_and_shipped_agreement_builds_the_same_on_arrival() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    s75_under(&root.join("tests/fixtures"), &mut paths);
    s75_under(&root.join("agreements"), &mut paths);
    assert!(paths.len() > 200, "only {} files found", paths.len());
    let mut agreements = 0;
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        agreements += assert_same(&SourceFile::new(FileId(0), path, &text));
    }
    assert!(agreements > 200, "only {agreements} agreements built");
}

/// An agreement whose statements name things declared further down, in
/// more pieces than one (64 statements a piece), with names unknown,
/// misspelt, of the wrong kind and declared twice among them.
fn forward_references(obligations: usize) -> String {
    let mut text = String::from("agreement fwd \"Forward references\" {\n");
    text.push_str(
        r#"  pool early "Pool before the term" {
    host council
    manager "Director" of council
    functions care, health
    lead council commissions care, health for council, ccg
    contributions 2017/18 { council £1m, ccg £1m }
    contributions 2018/19 { council £1m, ccg £1m }
    total £2m each year
    overspend shared by contribution
    underspend returned by contribution
  }
  waiver winter "Winter" {
    excuses council from late for 2017/18 Q3 to 2017/18 Q4
    agreed by board on 2018-01-15
  }
"#,
    );
    for i in 0..obligations {
        let body = match i % 7 {
            0 => "bord",
            1 => "care",
            _ => "board",
        };
        let owner = if i % 11 == 0 { "nobody" } else { "council" };
        let name = if i % 13 == 5 {
            "twice".to_owned()
        } else {
            format!("o{i}")
        };
        write!(
            text,
            r#"  obligation {name} "Obligation {i}" {{
    owner {owner}
    metric "Admissions" in count, lower is better
    baseline 100 in 2017/18 Q1
    target at most 80 by 2018/19 Q4
    report quarterly to {body}
    on miss {{
      1st: escalate to board within 20 days
      2nd: withhold 5% of council contribution to early
    }}
  }}
"#
        )
        .unwrap();
        if i == obligations / 2 {
            text.push_str("  term 2017/18 to 2018/19\n  governed by board\n");
            text.push_str("  partner council \"Council\" local_authority\n");
        }
    }
    text.push_str(
        r#"  partner ccg "CCG" clinical_commissioning_group
  function care "Adult social care" social_care
  function health "Community health" nhs community_health
  body board "Board" {
    accountable to council, ccg
  }
  obligation late "Declared last" {
    owner ccg
    metric "Delays" in count, lower is better
    baseline 10 in 2017/18 Q1
    target at most 5 by 2018/19 Q4
    report quarterly to board
  }
  pool after "Pool after everything" {
    host ccg
    manager "Director" of ccg
    functions care
    contributions 2017/18 { council £1m, ccg £1m }
    total £2m each year
  }
}
"#,
    );
    text
}

#[test]
fn forward_references_build_the_same_on_arrival() {
    for obligations in [0, 3, 70, 200] {
        let text = forward_references(obligations);
        let file = SourceFile::new(FileId(0), "fwd.s75", &text);
        let mut syntax_problems = Diagnostics::new();
        syntax::parse(&file, &mut syntax_problems).unwrap();
        assert!(
            !syntax_problems.has_errors(),
            "{:#?}",
            syntax_problems.into_sorted()
        );
        assert_eq!(assert_same(&file), 1);
        let built = whole(&file, true).unwrap();
        let problems = &built[0].1;
        if obligations >= 70 {
            let codes: Vec<_> = problems.iter().map(|d| d.code.as_str()).collect();
            for code in ["E0101", "E0102", "E0103"] {
                assert!(codes.contains(&code), "{code} missing from {codes:?}");
            }
        }
    }
}

/// A reader that keeps nothing: the pieces handed over hold each
/// statement once, in order.
#[derive(Default)]
struct Counting {
    pieces: usize,
    statements: usize,
}

impl<'a> Pieces<'a> for Counting {
    fn read(&mut self, agreement: &mut ast::Agreement<'a>) {
        self.pieces += 1;
        self.statements += agreement.items.len();
        agreement.items.clear();
    }

    fn closed(&mut self, agreement: ast::Agreement<'a>) {
        self.statements += agreement.items.len();
    }
}

#[test]
fn pieces_hand_over_every_statement_once() {
    let text = forward_references(200);
    let file = SourceFile::new(FileId(0), "fwd.s75", &text);
    let mut counting = Counting::default();
    assert!(syntax::parse_into(
        &file,
        &mut Diagnostics::new(),
        &mut counting
    ));
    let tree = syntax::parse(&file, &mut Diagnostics::new()).unwrap();
    assert_eq!(counting.statements, tree.agreements[0].items.len());
    assert!(counting.pieces > 3, "{} pieces", counting.pieces);
}

#[test]
fn names_read_from_a_file_are_views_of_its_text() {
    let text = "agreement a \"A\" {\n  term 2024/25 to 2024/25\n  governed by board\n  \
                partner council \"Council\" local_authority\n  \
                body board \"Joint \\\"Board\\\"\" {\n    accountable to council\n  }\n  \
                body group \"Group\" {\n    accountable to board\n  }\n}\n";
    let file = SourceFile::new(FileId(0), "views.s75", text);
    let mut ignored = Diagnostics::new();
    let mut resolving = Resolving::new(&file);
    assert!(syntax::parse_into(&file, &mut ignored, &mut resolving));
    let (agreement, _) = resolving.built.first().expect("one agreement");
    let [board, group] = &agreement.bodies[..] else {
        panic!("two bodies: {:?}", agreement.bodies)
    };
    // Written as they are: views, no copies.
    for words in [&group.name, &agreement.title, &agreement.partners[0].name] {
        assert!(
            arcstr::ArcStr::ptr_eq(words.parent(), &file.text),
            "{words}"
        );
    }
    assert_eq!(&*group.name, "Group");
    assert_eq!(&*agreement.partners[0].name, "Council");
    for name in [
        &agreement.id,
        &board.id,
        &group.id,
        &group.accountable_to[0].name,
    ] {
        assert!(name.is_view_of(&file.text), "{name}");
    }
    assert_eq!(group.accountable_to[0].name.as_str(), "board");
    // Written with escapes: the words themselves, copied.
    assert_eq!(&*board.name, "Joint \"Board\"");
    assert!(!arcstr::ArcStr::ptr_eq(board.name.parent(), &file.text));
}
