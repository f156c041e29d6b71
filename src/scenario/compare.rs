//! Comparing what a scenario expects with what the assessment found, field
//! by field, through the [`Assessment`]'s data (never its rendered text).
//!
//! Each kind of expectation ([`super::read::Schema`]) has key fields that
//! say which item it is about; an expected item is matched with the found
//! item of the same keys, and each other field it gives is compared. Fields
//! not given are not compared. A complete list (all but `statuses`) also
//! asserts that nothing else of its kind was found.

use serde::Serialize;

use super::read::{
    word, Datum, Item, List, Schema, CONSEQUENCES, FLAGS, MISSING_RETURNS, PAYMENTS, SETTLEMENTS,
    STATUSES,
};
use crate::assess::{Assessment, PeriodAssessment};
use crate::period::Period;
use crate::source::Span;

/// One difference between what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where the expectation is written.
    pub span: Span,
    /// What was expected.
    pub expected: String,
    /// What was found.
    pub found: String,
    /// What the assessment rests on: the rows of the returns, the steps.
    pub evidence: Vec<String>,
}

/// An item the assessment found, as fields of the same names as those
/// expected.
struct Found {
    fields: Vec<(&'static str, Datum)>,
    evidence: Vec<String>,
}

impl Found {
    fn get(&self, name: &str) -> Option<&Datum> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, d)| d)
    }
}

/// Every difference between the lists expected and `assessment`, in the
/// order the expectations are written.
pub fn compare(lists: &[List], assessment: &Assessment) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    for list in lists {
        let found = found(list.schema, assessment);
        compare_list(list, &found, &mut mismatches);
    }
    mismatches
}

fn compare_list(list: &List, found: &[Found], mismatches: &mut Vec<Mismatch>) {
    let schema = list.schema;
    let mut used = vec![false; found.len()];
    for item in &list.items {
        let matching = found.iter().enumerate().find(|(_, f)| {
            item.fields
                .iter()
                .filter(|field| schema.keys.contains(&field.name))
                .all(|field| f.get(field.name) == Some(&field.value))
        });
        let Some((index, matched)) = matching else {
            let near: Vec<String> = found
                .iter()
                .filter(|f| same_first_key(schema, item, f))
                .map(|f| format!("found {} ({})", schema.what, keys_of(schema, &f.fields)))
                .collect();
            mismatches.push(Mismatch {
                span: item.span,
                expected: format!("{} ({})", a(schema.what), item_keys(schema, item)),
                found: "none".to_owned(),
                evidence: near,
            });
            continue;
        };
        if let Some(slot) = used.get_mut(index) {
            *slot = true;
        }
        for field in item
            .fields
            .iter()
            .filter(|f| !schema.keys.contains(&f.name))
        {
            let got = matched.get(field.name);
            if let (Datum::Parts(expected), Some(Datum::Parts(parts))) = (&field.value, got) {
                compare_parts(expected, parts, field.span, matched, mismatches);
                continue;
            }
            if got == Some(&field.value) {
                continue;
            }
            mismatches.push(Mismatch {
                span: field.span,
                expected: format!("{} {}", field.name, field.value),
                found: got.map_or_else(|| "none".to_owned(), ToString::to_string),
                evidence: with_about(schema, matched),
            });
        }
    }
    if !schema.complete {
        return;
    }
    for (f, _) in found.iter().zip(&used).filter(|(_, used)| !**used) {
        mismatches.push(Mismatch {
            span: list.span,
            expected: format!("no other {}", schema.what),
            found: format!("{} ({})", schema.what, keys_of(schema, &f.fields)),
            evidence: f.evidence.clone(),
        });
    }
}

fn compare_parts(
    expected: &[(String, crate::money::Money, Span)],
    found: &[(String, crate::money::Money, Span)],
    span: Span,
    matched: &Found,
    mismatches: &mut Vec<Mismatch>,
) {
    for (partner, amount, at) in expected {
        let got = found
            .iter()
            .find(|(p, _, _)| p == partner)
            .map(|(_, a, _)| *a);
        if got != Some(*amount) {
            mismatches.push(Mismatch {
                span: *at,
                expected: format!("part of {partner} {amount}"),
                found: got.map_or_else(|| "none".to_owned(), |a| a.to_string()),
                evidence: matched.evidence.clone(),
            });
        }
    }
    for (partner, amount, _) in found {
        if !expected.iter().any(|(p, _, _)| p == partner) {
            mismatches.push(Mismatch {
                span,
                expected: format!("no part for {partner}"),
                found: amount.to_string(),
                evidence: matched.evidence.clone(),
            });
        }
    }
}

fn a(what: &str) -> String {
    format!("a {what}")
}

fn same_first_key(schema: &Schema, item: &Item, found: &Found) -> bool {
    let Some(first) = schema.keys.first() else {
        return false;
    };
    item.fields
        .iter()
        .find(|f| f.name == *first)
        .is_some_and(|f| found.get(first) == Some(&f.value))
}

fn item_keys(schema: &Schema, item: &Item) -> String {
    let fields: Vec<(&'static str, Datum)> = item
        .fields
        .iter()
        .map(|f| (f.name, f.value.clone()))
        .collect();
    keys_of(schema, &fields)
}

fn keys_of(schema: &Schema, fields: &[(&'static str, Datum)]) -> String {
    schema
        .keys
        .iter()
        .filter_map(|key| fields.iter().find(|(n, _)| n == key))
        .map(|(name, value)| format!("{name} {value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn with_about(schema: &Schema, found: &Found) -> Vec<String> {
    let mut evidence = vec![format!(
        "in the {} ({})",
        schema.what,
        keys_of(schema, &found.fields)
    )];
    evidence.extend(found.evidence.iter().cloned());
    evidence
}

/// A value's word as JSON writes it (`within_tolerance`, `overspend`), so
/// that statuses and actions added later need no change here.
fn word_of(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => word(&text),
        _ => String::new(),
    }
}

fn text(value: impl ToString) -> Datum {
    Datum::Text(value.to_string())
}

fn count(value: u32) -> Datum {
    Datum::Number(rust_decimal::Decimal::from(value))
}

/// A period's figure in words, with its row.
fn period_evidence(p: &PeriodAssessment) -> String {
    let actual = p
        .actual
        .map_or_else(|| "no figure".to_owned(), |a| a.normalize().to_string());
    let row = p
        .row
        .as_ref()
        .map_or_else(String::new, |row| format!(" (row {row})"));
    format!(
        "{}: {actual} against {} expected, tolerance {}: {}{row}",
        p.period,
        p.expected.normalize(),
        p.tolerance.normalize(),
        p.status.words()
    )
}

/// The items of `schema`'s kind the assessment holds.
fn found(schema: &Schema, assessment: &Assessment) -> Vec<Found> {
    match schema.key {
        key if key == STATUSES.key => statuses(assessment),
        key if key == FLAGS.key => assessment
            .flags
            .iter()
            .map(|flag| Found {
                fields: vec![
                    ("obligation", text(&flag.obligation)),
                    ("owner", text(&flag.owner)),
                    ("consecutive_misses", count(flag.consecutive_misses)),
                    ("since", Datum::Period(flag.since)),
                ],
                evidence: flag.evidence.iter().map(period_evidence).collect(),
            })
            .collect(),
        key if key == CONSEQUENCES.key => consequences(assessment),
        key if key == SETTLEMENTS.key => settlements(assessment),
        key if key == PAYMENTS.key => assessment
            .payments
            .iter()
            .map(|payment| Found {
                fields: vec![
                    ("pool", text(&payment.pool)),
                    ("partner", text(&payment.partner)),
                    ("year", Datum::Period(Period::Year(payment.year))),
                    ("amount", Datum::Money(payment.amount)),
                    ("release", Datum::Text(payment.release.key().to_owned())),
                ],
                evidence: vec![payment.explanation.clone()],
            })
            .collect(),
        key if key == MISSING_RETURNS.key => assessment
            .missing_returns
            .iter()
            .map(|missing| Found {
                fields: vec![
                    ("obligation", text(&missing.obligation)),
                    ("owner", text(&missing.owner)),
                    ("periods", Datum::Periods(missing.periods.clone())),
                ],
                evidence: vec![missing.explanation.clone()],
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn statuses(assessment: &Assessment) -> Vec<Found> {
    let mut found = Vec::new();
    for obligation in &assessment.obligations {
        for owner in &obligation.owners {
            for period in &owner.periods {
                let mut fields = vec![
                    ("obligation", text(&obligation.obligation)),
                    ("owner", text(&owner.owner)),
                    ("period", Datum::Period(period.period)),
                    ("status", Datum::Text(word_of(&period.status))),
                    ("expected", Datum::Number(period.expected)),
                    ("tolerance", Datum::Number(period.tolerance)),
                    ("due", Datum::Bool(period.due)),
                ];
                if let Some(actual) = period.actual {
                    fields.push(("actual", Datum::Number(actual)));
                }
                found.push(Found {
                    fields,
                    evidence: vec![period_evidence(period)],
                });
            }
        }
    }
    found
}

fn consequences(assessment: &Assessment) -> Vec<Found> {
    let mut found = Vec::new();
    for flag in &assessment.flags {
        for step in &flag.consequences {
            let mut fields = vec![
                ("obligation", text(&flag.obligation)),
                ("owner", text(&flag.owner)),
                ("step", count(step.step)),
                ("action", Datum::Text(word(step.action))),
                ("triggered_by", Datum::Period(step.triggered_by)),
                ("up_to", Datum::Bool(step.up_to)),
            ];
            let names = [("to", &step.to), ("from", &step.from), ("by", &step.by)];
            fields.extend(
                names
                    .into_iter()
                    .filter_map(|(n, v)| v.as_ref().map(|v| (n, text(v)))),
            );
            let monies = [("amount", step.amount), ("applies_to", step.applies_to)];
            fields.extend(
                monies
                    .into_iter()
                    .filter_map(|(n, v)| v.map(|v| (n, Datum::Money(v)))),
            );
            if let Some(date) = step.due_by {
                fields.push(("due_by", Datum::Date(date)));
            }
            let mut evidence = vec![step.description.clone()];
            evidence.extend(
                flag.evidence
                    .iter()
                    .filter(|p| p.period == step.triggered_by)
                    .map(period_evidence),
            );
            found.push(Found { fields, evidence });
        }
    }
    found
}

fn settlements(assessment: &Assessment) -> Vec<Found> {
    assessment
        .settlements
        .iter()
        .map(|settled| {
            let side = word_of(&settled.side);
            let mut fields = vec![
                ("pool", text(&settled.pool)),
                ("year", Datum::Period(Period::Year(settled.year))),
                (side_field(&side), Datum::Money(settled.amount)),
                ("side", Datum::Text(side)),
                ("budget", Datum::Money(settled.budget)),
                ("from_reserve", Datum::Money(settled.from_reserve)),
                ("from_other_pools", Datum::Money(settled.from_other_pools)),
                ("cut_allocations", Datum::Money(settled.cut_allocations)),
                ("to_other_pools", Datum::Money(settled.to_other_pools)),
                ("retained", Datum::Money(settled.retained)),
                ("unallocated", Datum::Money(settled.unallocated)),
                (
                    "parts",
                    Datum::Parts(
                        settled
                            .shares
                            .iter()
                            .map(|share| (share.partner.to_string(), share.amount, Span::default()))
                            .collect(),
                    ),
                ),
            ];
            if let Some(spend) = settled.spend {
                fields.push(("spend", Datum::Money(spend)));
            }
            let mut evidence = vec![settled.summary.clone()];
            evidence.extend(settled.row.iter().map(|row| format!("row {row}")));
            Found { fields, evidence }
        })
        .collect()
}

fn side_field(side: &str) -> &'static str {
    if side == "underspend" {
        "underspend"
    } else {
        "overspend"
    }
}
