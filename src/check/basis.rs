//! What an agreement's `basis` decides: the one table of which rules apply
//! to which legal route ([`RULE_ROUTES`]), used by
//! [`super::check_agreement`]; and the rules of the routes themselves:
//! E0112 (ss.65Z5-65Z6 before July 2022 or without a relevant NHS body),
//! E0113 (a pool under a transfer), E0114 (a transfer the wrong way) and
//! W0227 (a section or Act the checker does not know).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, PartnerKind, PoolKind, Route, Routes};
use crate::period::Date;

/// The routes of pooled funds: s.75 (and s.77, whose care trusts work
/// under s.75 arrangements) and ss.65Z5-65Z6.
const POOLED: Routes = Routes::of(&[Route::Section75, Route::CareTrust, Route::JointWorking]);
/// The routes of the 2000 Regulations: s.75 and s.77.
const REGULATIONS_2000: Routes = Routes::of(&[Route::Section75, Route::CareTrust]);
/// The transfers: s.256 and s.76.
const TRANSFERS: Routes = Routes::of(&[Route::Section256, Route::Section76]);
/// Joint working with integrated care boards: ss.65Z5-65Z6.
const JOINT: Routes = Routes::of(&[Route::JointWorking]);

/// The codes whose rules apply to some routes only, with those routes.
/// Every code not listed applies to every route, so a new rule runs
/// whatever the basis until a row here says otherwise. A code is listed by
/// how it is written, so that a row may be added before its rule.
pub const RULE_ROUTES: &[(&str, Routes)] = &[
    // The basis's own rules.
    ("E0112", JOINT),
    ("E0113", TRANSFERS),
    ("E0114", TRANSFERS),
    // Regulation 5 of the 2000 Regulations: the excluded NHS functions.
    ("E0206", REGULATIONS_2000),
    // Pooled funds: the pool manager, lead commissioning, the functions a
    // pool holds, contributions and the sharing of risk.
    ("E0207", POOLED),
    ("E0208", POOLED),
    ("E0209", POOLED),
    ("E0214", POOLED),
    ("E0215", POOLED),
    ("E0216", POOLED),
    ("E0301", POOLED),
    ("E0308", POOLED),
    // The contents the written agreement specifies (regulations 7(3), 8 and
    // 9(3)) and the reports of a council exercising NHS functions (9(4)).
    ("W0115", REGULATIONS_2000),
    ("W0116", REGULATIONS_2000),
];

/// The routes a code's rule applies to.
pub fn routes_of(code: Code) -> Routes {
    let written = code.as_str();
    RULE_ROUTES
        .iter()
        .find(|(c, _)| *c == written)
        .map_or(Routes::ALL, |(_, routes)| *routes)
}

/// Whether a code's rule applies to an agreement on these routes.
pub fn applies(code: Code, routes: Routes) -> bool {
    routes_of(code).meets(routes)
}

/// The day ss.65Z5-65Z6 came into force.
const JOINT_WORKING_FROM: (u16, u8, u8) = (2022, 7, 1);

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let Some(basis) = &agreement.basis else {
        return;
    };
    unknown_sections(agreement, diagnostics);
    let routes = agreement.routes();
    if routes.contains(Route::JointWorking) {
        joint_working(agreement, diagnostics);
    }
    if routes.transfer_only() {
        for pool in agreement
            .pools
            .iter()
            .filter(|p| p.kind == PoolKind::Pooled)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::TransferNotPool,
                    pool.span,
                    format!(
                        "pool `{}` is a pooled fund, but the basis is a transfer (s.256 or s.76), not a pool",
                        pool.id
                    ),
                )
                .label("a transfer is not a pooled fund")
                .with_secondary(basis.span, "the basis")
                .help(
                    "add s.75 to the basis if the partners pool the money, or write the \
                     payments as an `aligned` budget",
                ),
            );
        }
        let one_way = match (
            routes.contains(Route::Section256),
            routes.contains(Route::Section76),
        ) {
            (true, false) => Some(Route::Section256),
            (false, true) => Some(Route::Section76),
            _ => None,
        };
        if let Some(route) = one_way {
            wrong_way(agreement, route, diagnostics);
        }
    }
}

/// W0227: sections or an Act the checker does not know.
fn unknown_sections(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let Some(basis) = &agreement.basis else {
        return;
    };
    let known = "ss.75, 76, 77, 256, 65Z5 and 65Z6 of the NHS Act 2006";
    if !crate::model::route::is_nhs_act_2006(&basis.act) {
        diagnostics.push(
            Diagnostic::new(
                Code::UnknownBasis,
                basis.act_span,
                format!(
                    "\"{}\" is not an Act the checker knows, so the basis drives no rule and the agreement is checked as under s.75",
                    basis.act
                ),
            )
            .label("unknown Act")
            .help(format!("the checker knows {known} (\"NHS Act 2006\")")),
        );
        return;
    }
    for (section, span) in basis.sections.iter().zip(&basis.section_spans) {
        if Route::of(section, &basis.act).is_none() {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnknownBasis,
                    *span,
                    format!("section {section} is not one the checker knows, so it drives no rule"),
                )
                .label("unknown section")
                .help(format!(
                    "the checker knows {known}; an agreement citing none of them is checked as under s.75"
                )),
            );
        }
    }
}

/// E0112: ss.65Z5-65Z6 before they were in force, or with no relevant NHS
/// body among the partners.
fn joint_working(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let Some(basis) = &agreement.basis else {
        return;
    };
    let (y, m, d) = JOINT_WORKING_FROM;
    let start = match (&agreement.signed, &agreement.term) {
        (Some(signed), _) => Some((signed.value, signed.span)),
        (None, Some(term)) => Some((term.first.value.first_day(), term.first.span)),
        (None, None) => None,
    };
    if let (Some((start, span)), Some(from)) = (start, Date::from_ymd(y, m, d)) {
        if start < from {
            diagnostics.push(
                Diagnostic::new(
                    Code::JointWorkingUnavailable,
                    basis.span,
                    format!(
                        "the basis cites ss.65Z5-65Z6, which came into force on {from}, but the agreement's date is {start}"
                    ),
                )
                .label("not yet in force")
                .with_secondary(span, "the agreement's date")
                .help("before 1 July 2022 cite s.75: `basis section 75 of \"NHS Act 2006\"`"),
            );
        }
    }
    let relevant = agreement.partners.iter().any(|p| {
        matches!(
            p.kind,
            Some(
                PartnerKind::IntegratedCareBoard
                    | PartnerKind::NhsEngland
                    | PartnerKind::NhsTrust
                    | PartnerKind::FoundationTrust
            )
        )
    });
    if !relevant && !agreement.damaged && !agreement.partners.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::JointWorkingUnavailable,
                basis.span,
                "the basis cites ss.65Z5-65Z6, but no partner is an integrated care board, NHS England, an NHS trust or a foundation trust",
            )
            .label("no relevant NHS body")
            .help("ss.65Z5-65Z6 arrangements are made by a relevant body: name the ICB (`icb`) or NHS England among the partners"),
        );
    }
}

/// E0114: under s.256 alone only NHS bodies pay and a council holds the
/// money; under s.76 alone the reverse.
fn wrong_way(agreement: &Agreement, route: Route, diagnostics: &mut Diagnostics) {
    let (payer, payer_ok, receiver): (&str, fn(PartnerKind) -> bool, &str) = match route {
        Route::Section256 => ("an NHS body", PartnerKind::is_nhs, "a council"),
        _ => ("a council", PartnerKind::is_local_authority, "an NHS body"),
    };
    let section = route.sections();
    for pool in &agreement.pools {
        let mut seen: Vec<usize> = Vec::new();
        for entry in pool.contributions.iter().flat_map(|y| &y.entries) {
            let Some(kind) = agreement
                .partners
                .get(entry.partner.index)
                .and_then(|p| p.kind)
            else {
                continue;
            };
            if payer_ok(kind) || seen.contains(&entry.partner.index) {
                continue;
            }
            seen.push(entry.partner.index);
            diagnostics.push(
                Diagnostic::new(
                    Code::TransferWrongWay,
                    entry.partner.span,
                    format!(
                        "`{}` pays into `{}`, but under {section} the partner who pays is {payer}",
                        entry.partner.name, pool.id
                    ),
                )
                .label(format!("not {payer}"))
                .help(
                    "cite the section for the direction the money moves (s.256: NHS body to \
                     council; s.76: council to NHS body)",
                ),
            );
        }
        if let Some(host) = &pool.host {
            let kind = agreement.partners.get(host.index).and_then(|p| p.kind);
            if kind.is_some_and(payer_ok) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::TransferWrongWay,
                        host.span,
                        format!(
                            "`{}` holds the money of `{}`, but under {section} the body paid is {receiver}",
                            host.name, pool.id
                        ),
                    )
                    .label(format!("not {receiver}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_not_listed_apply_everywhere() {
        assert!(applies(
            Code::TotalMismatch,
            Routes::of(&[Route::Section256])
        ));
        assert!(!applies(Code::NoManager, Routes::of(&[Route::Section256])));
        assert!(applies(
            Code::NoManager,
            Routes::of(&[Route::Section256, Route::Section75])
        ));
        assert!(applies(
            Code::TransferNotPool,
            Routes::of(&[Route::Section76])
        ));
        for (code, routes) in RULE_ROUTES {
            assert!(code.len() == 5 && !routes.is_empty(), "{code}");
        }
    }
}
