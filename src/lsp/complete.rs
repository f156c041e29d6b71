//! `textDocument/completion`: the statements that may start a line in its
//! block, the declared names of the kind the statement expects, and the
//! financial years and quarters of the agreement's term.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, InsertTextFormat,
};

use super::hover::model_of;
use super::keywords::{context_of, snippet};
use super::scan::{tokens, Tok};
use super::workspace::Workspace;
use super::{file_of, offset};
use crate::model::{Agreement, Kind};

/// What may be written where the cursor is.
#[derive(Debug, PartialEq, Eq)]
enum Expected {
    Statements(crate::syntax::Context),
    Names(&'static [Kind]),
    Years,
    Periods,
}

const PARTNERS: &[Kind] = &[Kind::Partner];
const RECIPIENTS: &[Kind] = &[Kind::Body, Kind::Partner, Kind::External];
const PAYERS: &[Kind] = &[Kind::External, Kind::Partner];
/// Who may sit on a body: partners and external members.
const MEMBERS: &[Kind] = &[Kind::Partner, Kind::External];

/// The completions at a position.
pub(crate) fn complete(ws: &mut Workspace, params: CompletionParams) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let (_, file) = file_of(ws, &at.text_document.uri)?;
    let text = &file.source.text;
    let offset = offset(file, at.position);
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |n| n + 1);
    let before = text.get(line_start..offset)?;
    let mut words: Vec<(Tok, &str)> = tokens(before)
        .iter()
        .map(|t| (t.kind, before.get(t.start..t.end).unwrap_or("")))
        .collect();
    if words.iter().any(|(k, _)| *k == Tok::Text) && before.matches('"').count() % 2 == 1
        || before.contains("//")
    {
        return None;
    }
    // The word being typed is not yet a word of the line.
    if !before.ends_with([' ', '\t', ',', '{']) && !before.is_empty() {
        words.pop();
    }
    let words: Vec<&str> = words
        .into_iter()
        .filter(|(k, _)| matches!(k, Tok::Word | Tok::Figure))
        .map(|(_, w)| w)
        .collect();
    let scan = file.scan();
    let block = scan.block_at(offset).and_then(|b| scan.blocks.get(b));
    let keyword = block.map(|b| b.keyword.as_str());
    let expected = expected(keyword, &words)?;
    let agreement = model_of(file, scan.agreement_at(offset));
    Some(CompletionResponse::Array(items(&expected, agreement)))
}

/// What is expected after `words` on a line of the block opened by
/// `keyword`.
fn expected(keyword: Option<&str>, words: &[&str]) -> Option<Expected> {
    let has = |w: &str| words.contains(&w);
    let Some((first, _)) = words.split_first() else {
        return match keyword {
            Some("contributions") => Some(Expected::Names(PARTNERS)),
            Some("trajectory") => Some(Expected::Periods),
            Some("grant") => Some(Expected::Years),
            k => context_of(k).map(Expected::Statements),
        };
    };
    let last = words.last().copied().unwrap_or("");
    if keyword == Some("contributions") {
        return Some(Expected::Names(PARTNERS));
    }
    if keyword == Some("on") {
        return match last {
            "to" => Some(Expected::Names(RECIPIENTS)),
            "from" => Some(Expected::Names(PARTNERS)),
            "by" => Some(Expected::Names(PAYERS)),
            "of" => Some(Expected::Names(&[Kind::Pool, Kind::Grant, Kind::Partner])),
            _ => None,
        };
    }
    Some(match (*first, last) {
        ("term", "term" | "to") | ("contributions", "contributions") => Expected::Years,
        ("total", "in" | "over" | "to") => Expected::Years,
        ("baseline", "in") | ("target", "by") => Expected::Periods,
        ("governed", "by") => Expected::Names(&[Kind::Body]),
        ("seats", _) => Expected::Names(MEMBERS),
        ("quorum", _) if has("including") || last == "of" => Expected::Names(MEMBERS),
        ("host" | "owner" | "attribution", _) => Expected::Names(PARTNERS),
        ("manager", "of") => Expected::Names(PARTNERS),
        ("functions" | "function", _) if keyword.is_some_and(|k| k != "agreement") => {
            Expected::Names(&[Kind::Function])
        }
        ("lead", _) if has("for") => Expected::Names(PARTNERS),
        ("lead", _) if has("commissions") => Expected::Names(&[Kind::Function]),
        ("lead", "lead") => Expected::Names(PARTNERS),
        ("accountable" | "report", _) if has("to") => Expected::Names(RECIPIENTS),
        ("grant", "from") => Expected::Names(PAYERS),
        ("funded", "by") if keyword == Some("scheme") => {
            Expected::Names(&[Kind::Partner, Kind::Grant])
        }
        ("funded" | "commissioned", _) => Expected::Names(PARTNERS),
        ("serves", _) => Expected::Names(&[Kind::Pool]),
        ("plan" | "uncommitted", "plan" | "uncommitted") => Expected::Years,
        ("payment", "from") => Expected::Names(PARTNERS),
        ("payment", "in") => Expected::Years,
        ("payment", "if") => Expected::Names(&[Kind::Obligation]),
        ("first" | "then", "reserve") => Expected::Names(&[Kind::Reserve]),
        ("first" | "then", "of") if has("underspend") => Expected::Names(&[Kind::Pool]),
        ("grant", "through") => Expected::Names(PARTNERS),
        ("overspend" | "underspend", "by" | "to" | "shared" | "split" | "returned") => {
            Expected::Names(PARTNERS)
        }
        // A step of a cascade: `then kept by `, `first returned to `.
        ("first" | "then", "by" | "to" | "shared" | "split" | "returned")
            if matches!(keyword, Some("overspend" | "underspend")) =>
        {
            Expected::Names(PARTNERS)
        }
        _ => return None,
    })
}

/// The items for what is expected, from the agreement's model.
fn items(expected: &Expected, agreement: Option<&Agreement>) -> Vec<CompletionItem> {
    match expected {
        Expected::Statements(context) => context
            .keywords()
            .iter()
            .map(|keyword| CompletionItem {
                label: (*keyword).to_owned(),
                kind: Some(CompletionItemKind::KEYWORD),
                insert_text: Some(snippet(*context, keyword).to_owned()),
                insert_text_format: Some(InsertTextFormat::SNIPPET),
                ..CompletionItem::default()
            })
            .collect(),
        Expected::Names(kinds) => {
            let Some(agreement) = agreement else {
                return Vec::new();
            };
            let mut names: Vec<(String, Kind, String)> = Vec::new();
            let mut add = |kind: Kind, id: &str, name: &str| {
                if kinds.contains(&kind) {
                    names.push((id.to_owned(), kind, name.to_owned()));
                }
            };
            for p in &agreement.partners {
                add(Kind::Partner, p.id.as_str(), &p.name);
            }
            for e in &agreement.externals {
                add(Kind::External, e.id.as_str(), &e.name);
            }
            for f in &agreement.functions {
                add(Kind::Function, f.id.as_str(), &f.name);
            }
            for b in &agreement.bodies {
                add(Kind::Body, b.id.as_str(), &b.name);
            }
            for p in &agreement.pools {
                add(Kind::Pool, p.id.as_str(), &p.name);
                for g in &p.grants {
                    add(Kind::Grant, g.id.as_str(), &g.name);
                }
                for s in &p.schemes {
                    add(Kind::Scheme, s.id.as_str(), &s.name);
                }
            }
            for r in &agreement.reserves {
                add(Kind::Reserve, r.id.as_str(), &r.name);
            }
            for o in &agreement.obligations {
                add(Kind::Obligation, o.id.as_str(), &o.name);
            }
            names.sort();
            names.dedup_by(|a, b| a.0 == b.0);
            names
                .into_iter()
                .map(|(id, kind, name)| CompletionItem {
                    label: id,
                    kind: Some(match kind {
                        Kind::Function => CompletionItemKind::FUNCTION,
                        Kind::Pool | Kind::Aligned => CompletionItemKind::STRUCT,
                        _ => CompletionItemKind::VALUE,
                    }),
                    detail: Some(format!("{}: {name}", kind.word())),
                    ..CompletionItem::default()
                })
                .collect()
        }
        Expected::Years | Expected::Periods => {
            let Some(term) = agreement.and_then(|a| a.term) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            for (order, year) in term.years().enumerate() {
                let item = |label: String, detail: String, sort: String| CompletionItem {
                    label,
                    kind: Some(CompletionItemKind::CONSTANT),
                    detail: Some(detail),
                    sort_text: Some(sort),
                    ..CompletionItem::default()
                };
                out.push(item(
                    year.to_string(),
                    format!("financial year {}", year),
                    format!("{order:04}0"),
                ));
                if *expected == Expected::Periods {
                    for q in 1..=4 {
                        out.push(item(
                            format!("{year} Q{q}"),
                            "quarter".to_owned(),
                            format!("{order:04}{q}"),
                        ));
                    }
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Context;

    #[test]
    fn what_is_expected_where() {
        assert_eq!(
            expected(Some("pool"), &[]),
            Some(Expected::Statements(Context::Pool))
        );
        assert_eq!(
            expected(None, &[]),
            Some(Expected::Statements(Context::Top))
        );
        assert_eq!(
            expected(Some("pool"), &["host"]),
            Some(Expected::Names(PARTNERS))
        );
        assert_eq!(
            expected(Some("agreement"), &["term", "2017/18", "to"]),
            Some(Expected::Years)
        );
        assert_eq!(
            expected(Some("obligation"), &["target", "at", "most", "9", "by"]),
            Some(Expected::Periods)
        );
        assert_eq!(
            expected(Some("contributions"), &["lcc", "£1m"]),
            Some(Expected::Names(PARTNERS))
        );
        assert_eq!(expected(Some("pool"), &["total"]), None);
        assert_eq!(
            expected(Some("scheme"), &["funded", "by"]),
            Some(Expected::Names(&[Kind::Partner, Kind::Grant]))
        );
        assert_eq!(
            expected(Some("reserve"), &["funded", "by"]),
            Some(Expected::Names(PARTNERS))
        );
        assert_eq!(
            expected(Some("reserve"), &["serves"]),
            Some(Expected::Names(&[Kind::Pool]))
        );
        assert_eq!(
            expected(Some("overspend"), &["then", "from", "reserve"]),
            Some(Expected::Names(&[Kind::Reserve]))
        );
        assert_eq!(
            expected(Some("overspend"), &["first", "from", "underspend", "of"]),
            Some(Expected::Names(&[Kind::Pool]))
        );
        assert_eq!(
            expected(
                Some("pool"),
                &[
                    "payment",
                    "for",
                    "performance",
                    "£1m",
                    "from",
                    "ccg",
                    "in",
                    "2017/18",
                    "if"
                ]
            ),
            Some(Expected::Names(&[Kind::Obligation]))
        );
        assert_eq!(expected(Some("scheme"), &["plan"]), Some(Expected::Years));
        assert_eq!(
            expected(Some("pool"), &["underspend", "kept", "by"]),
            Some(Expected::Names(PARTNERS))
        );
        assert_eq!(
            expected(Some("pool"), &["underspend", "returned", "to"]),
            Some(Expected::Names(PARTNERS))
        );
        assert_eq!(
            expected(Some("underspend"), &["then", "kept", "by"]),
            Some(Expected::Names(PARTNERS))
        );
    }
}
