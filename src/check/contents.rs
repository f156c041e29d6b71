//! The contents the Regulations require the written agreement to state:
//! W0115 names each one missing (reg 7(3) for a pooled fund, reg 9(3) for a
//! council exercising NHS functions, reg 8 for an NHS body exercising a
//! council's); W0116 a council exercising NHS functions that is not said
//! to report to the NHS body quarterly (reg 9(4)); W0118 a notice of
//! termination longer than the whole term (domain rule 25); E0304 exit
//! shares that do not add up to 100%.

use super::money::shares_add_up;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    Agreement, Cadence, CadenceWord, FunctionKind, Kind, LeadCommission, Pool, PoolKind, Ref, Share,
};
use crate::syntax::ast::{ExitCovers, TimeUnit};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    if agreement.register {
        return;
    }
    exit_shares(agreement, diagnostics);
    notice_within_term(agreement, diagnostics);
    if agreement.damaged {
        return;
    }
    required_contents(agreement, diagnostics);
    council_reports(agreement, diagnostics);
}

/// Which partnership arrangements an agreement makes, so which paragraphs
/// apply.
#[derive(Debug, Clone, Copy, Default)]
struct Arrangements {
    /// A pooled fund (reg 7).
    pooled: bool,
    /// A council exercising NHS functions (reg 9).
    council_exercises_nhs: bool,
    /// An NHS body exercising a council's functions (reg 8).
    nhs_exercises_council: bool,
}

impl Arrangements {
    fn of(agreement: &Agreement) -> Arrangements {
        let mut found = Arrangements {
            pooled: agreement.pools.iter().any(|p| p.kind == PoolKind::Pooled),
            ..Arrangements::default()
        };
        for lead in agreement.pools.iter().flat_map(|p| &p.leads) {
            match side(agreement, &lead.lead) {
                Some(Side::Council) => {
                    found.council_exercises_nhs |= exercises_for(agreement, lead, Side::Nhs);
                }
                Some(Side::Nhs) => {
                    found.nhs_exercises_council |= exercises_for(agreement, lead, Side::Council);
                }
                None => {}
            }
        }
        found
    }

    fn delegated(self) -> bool {
        self.council_exercises_nhs || self.nhs_exercises_council
    }

    /// The paragraphs requiring a content, e.g. `reg 7(3)(a), reg 9(3)(a)`.
    fn cite(self, letter: char, pooled: bool, delegated: bool) -> String {
        let mut out = Vec::new();
        if pooled && self.pooled {
            out.push(format!("reg 7(3)({letter})"));
        }
        if delegated && self.council_exercises_nhs {
            out.push(format!("reg 9(3)({letter})"));
        }
        if delegated && self.nhs_exercises_council {
            out.push("reg 8".to_owned());
        }
        out.join(", ")
    }
}

/// The side of the partnership a partner is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Council,
    Nhs,
}

fn side(agreement: &Agreement, partner: &Ref) -> Option<Side> {
    if partner.kind != Kind::Partner {
        return None;
    }
    let kind = agreement.partners.get(partner.index)?.kind?;
    Some(if kind.is_nhs() {
        Side::Nhs
    } else {
        Side::Council
    })
}

/// Whose functions a function is: an NHS body's or a council's, if said.
fn function_side(agreement: &Agreement, function: &Ref) -> Option<Side> {
    let kind = agreement.functions.get(function.index)?.kind?;
    Some(if kind == FunctionKind::Nhs {
        Side::Nhs
    } else {
        Side::Council
    })
}

/// Whether a lead exercises functions of partners on the other side,
/// `other`: it commissions for such a partner a function not declared to
/// be of the lead's own side.
fn exercises_for(agreement: &Agreement, lead: &LeadCommission, other: Side) -> bool {
    let theirs = lead
        .functions
        .iter()
        .any(|f| function_side(agreement, f).is_none_or(|s| s == other));
    theirs && !others(agreement, lead, other).is_empty()
}

/// The partners of `side` a lead commissions for, other than itself.
fn others<'m>(agreement: &Agreement, lead: &'m LeadCommission, side_of: Side) -> Vec<&'m Ref> {
    lead.on_behalf_of
        .iter()
        .filter(|p| p.index != lead.lead.index && side(agreement, p) == Some(side_of))
        .collect()
}

/// W0115: one warning naming every required content the agreement does not
/// state.
fn required_contents(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let arrangements = Arrangements::of(agreement);
    if !arrangements.pooled && !arrangements.delegated() {
        return;
    }
    let contents = &agreement.contents;
    // A damaged pool may have lost the very line looked for.
    let pools = || agreement.pools.iter();
    let pool_money = pools().any(|p| {
        p.damaged || !p.contributions.is_empty() || !p.grants.is_empty() || !p.totals.is_empty()
    });
    let obligations_reported = agreement.obligations.iter().any(|o| !o.reports.is_empty());
    let pools_monitored = pools()
        .filter(|p| p.kind == PoolKind::Pooled)
        .all(|p| p.damaged || !p.reports.is_empty());
    let monitored = obligations_reported || pools().any(|p| p.damaged || !p.reports.is_empty());
    let a = arrangements;
    // (c), the functions, is left to the rules on a pool's functions.
    let needs: [(bool, &str, String, &str); 9] = [
        (
            contents.aims.is_some(),
            "aims and outcomes",
            a.cite('a', true, true),
            "`aims \"...\"`",
        ),
        (
            pool_money,
            "contributions",
            a.cite('b', true, true),
            "a pool's `contributions`",
        ),
        (
            contents.eligibility.is_some(),
            "eligibility",
            a.cite('d', true, true),
            "`eligibility \"...\"`",
        ),
        (
            contents.staff.is_some() || contents.premises.is_some() || contents.assets.is_some(),
            "staff, goods, services or accommodation",
            a.cite('e', true, true),
            "`staff seconded \"...\"` (or `staff none`), `premises \"...\"` or `assets \"...\"`",
        ),
        (
            contents.review.is_some(),
            "review",
            a.cite('f', true, true),
            "`review annually by BOARD`",
        ),
        (
            contents.variation_by.is_some() || contents.minor_variations.is_some(),
            "variation",
            a.cite('f', true, true),
            "`variation by BOARD`",
        ),
        (
            contents.termination_notice.is_some(),
            "termination",
            a.cite('f', true, true),
            "`termination on 6 months notice`",
        ),
        (
            pools_monitored || obligations_reported,
            "how the pooled fund is managed and monitored",
            a.cite('g', true, false),
            "a line `reports quarterly and annually to PARTNER, PARTNER` in each pool",
        ),
        (
            monitored,
            "monitoring",
            a.cite('g', false, true),
            "a pool's `reports` line or an obligation's `report` line",
        ),
    ];
    let mut what: Vec<String> = Vec::new();
    let mut add: Vec<&str> = Vec::new();
    for (stated, content, cite, statement) in &needs {
        if *stated || cite.is_empty() {
            continue;
        }
        what.push(format!("{content} ({cite})"));
        if !add.contains(statement) {
            add.push(statement);
        }
    }
    if what.is_empty() {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            Code::ContentsMissing,
            agreement.span,
            format!(
                "agreement `{}` does not state what the Regulations require of it: {}",
                agreement.id,
                what.join("; ")
            ),
        )
        .label("missing from this agreement")
        .help(format!("add {}", add.join("; "))),
    );
}

/// W0116: a council commissioning NHS functions for an NHS partner reports
/// to it quarterly and annually (reg 9(4)).
fn council_reports(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let quarter = Cadence::Named(CadenceWord::Quarterly).days();
    for pool in &agreement.pools {
        if pool.damaged {
            continue;
        }
        for lead in &pool.leads {
            if side(agreement, &lead.lead) != Some(Side::Council)
                || !exercises_for(agreement, lead, Side::Nhs)
            {
                continue;
            }
            let unreported: Vec<&Ref> = others(agreement, lead, Side::Nhs)
                .into_iter()
                .filter(|nhs| !reported(agreement, pool, &lead.lead, nhs, quarter))
                .collect();
            let Some(first) = unreported.first() else {
                continue;
            };
            let names: Vec<String> = unreported.iter().map(|r| format!("`{}`", r.name)).collect();
            let list = names.join(", ");
            diagnostics.push(
                Diagnostic::new(
                    Code::CouncilReportsMissing,
                    lead.span,
                    format!(
                        "council `{}` exercises NHS functions for {list}, but is not said to report to {} quarterly and annually",
                        lead.lead.name,
                        if unreported.len() == 1 { "it" } else { "them" }
                    ),
                )
                .label("a council commissioning for an NHS body")
                .help(format!(
                    "regulation 9(4): in pool `{}`, write `reports quarterly and annually to {}`",
                    pool.id,
                    unreported
                        .iter()
                        .map(|r| r.name.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .with_secondary(first.span, "an NHS partner"),
            );
        }
    }
}

/// Whether `nhs` receives, quarterly or more often, the pool manager's
/// reports on `pool` or an obligation's reports from `council`.
fn reported(agreement: &Agreement, pool: &Pool, council: &Ref, nhs: &Ref, quarter: u32) -> bool {
    let pool_reports = pool
        .reports
        .iter()
        .any(|r| r.quarterly() && r.to.iter().any(|to| reaches(agreement, to, nhs)));
    pool_reports
        || agreement.obligations.iter().any(|o| {
            o.reports.iter().any(|r| {
                let from_council = match &r.from {
                    Some(from) => same(from, council),
                    None => o.owners.iter().any(|owner| same(owner, council)),
                };
                from_council
                    && r.cadence.days() <= quarter
                    && r.to.iter().any(|to| reaches(agreement, to, nhs))
            })
        })
}

fn same(a: &Ref, b: &Ref) -> bool {
    a.kind == b.kind && a.index == b.index
}

/// Whether a report to `to` reaches `partner`: it is the partner, or a
/// body on which the partner has seats.
fn reaches(agreement: &Agreement, to: &Ref, partner: &Ref) -> bool {
    match to.kind {
        Kind::Partner => same(to, partner),
        Kind::Body => agreement
            .bodies
            .get(to.index)
            .is_some_and(|body| body.seats().iter().any(|s| same(&s.member, partner))),
        _ => false,
    }
}

/// W0118: a notice of termination longer than the whole term.
fn notice_within_term(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let (Some(notice), Some(term)) = (&agreement.contents.termination_notice, &agreement.term)
    else {
        return;
    };
    let years = u64::try_from(term.years().count()).unwrap_or(u64::MAX);
    let count = u64::from(notice.value.count);
    let longer = match notice.value.unit {
        TimeUnit::Months => count > years.saturating_mul(12),
        TimeUnit::Weeks => count.saturating_mul(7) > years.saturating_mul(366),
        TimeUnit::Days => count > years.saturating_mul(366),
    };
    if !longer {
        return;
    }
    let unit = match notice.value.unit {
        TimeUnit::Months => "months",
        TimeUnit::Weeks => "weeks",
        TimeUnit::Days => "days",
    };
    let plural = if years == 1 { "" } else { "s" };
    diagnostics.push(
        Diagnostic::new(
            Code::NoticeLongerThanTerm,
            notice.span,
            format!(
                "the notice of termination, {} {unit}, is longer than the whole term of {years} year{plural}",
                notice.value.count
            ),
        )
        .label("longer than the term")
        .with_secondary(term.span, "the term")
        .help("shorten the notice, or correct the `term`"),
    );
}

/// E0304 for exit shares that do not add up to 100%.
fn exit_shares(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for exit in &agreement.contents.exit {
        if let Share::Fixed(shares) = &exit.share {
            let what = match exit.covers {
                ExitCovers::Costs => "the shares of exit costs",
                ExitCovers::Assets => "the shares of assets on exit",
                ExitCovers::CostsAndAssets => "the shares of exit costs and assets",
            };
            shares_add_up(shares, what, diagnostics);
        }
    }
}
