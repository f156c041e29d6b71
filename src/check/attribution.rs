//! An attribution names exactly the owners of its obligation (domain rules
//! 17 and 22): E0412 a share for a partner who is not an owner, E0413 an
//! owner left out, W0414 an attribution where there is one owner. That the
//! shares add up to 100% is E0304 (`money::shares_add_up`).

use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Attribution, Kind, Obligation};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for obligation in &agreement.obligations {
        let Some(attribution) = &obligation.attribution else {
            continue;
        };
        if let [owner] = obligation.owners.as_slice() {
            let span = match attribution {
                Attribution::Shares(shares) => shares
                    .iter()
                    .map(|s| s.partner.span.to(s.percent.span))
                    .reduce(|a, b| a.to(b))
                    .unwrap_or(owner.span),
                Attribution::Equally => owner.span,
                Attribution::ByCategory(categories) => categories
                    .iter()
                    .map(|c| c.span)
                    .reduce(|a, b| a.to(b))
                    .unwrap_or(owner.span),
            };
            let mut diagnostic = Diagnostic::new(
                Code::AttributionSingleOwner,
                span,
                format!(
                    "`{}` has one owner, `{}`, so its attribution shares nothing",
                    obligation.id, owner.name
                ),
            )
            .help("remove the `attribution` line, or add the other owners to the `owner` line");
            diagnostic = if span == owner.span {
                diagnostic.label("the only owner")
            } else {
                diagnostic
                    .label("nothing to attribute")
                    .with_secondary(owner.span, "the only owner")
            };
            diagnostics.push(diagnostic);
            continue;
        }
        match attribution {
            Attribution::Shares(shares) => {
                not_owners(obligation, shares, diagnostics);
                left_out(obligation, shares, diagnostics);
            }
            Attribution::ByCategory(categories) => {
                for category in categories {
                    not_owners(obligation, &category.owners, diagnostics);
                }
                // Each owner answers for some category.
                let all: Vec<crate::model::FixedShare> = categories
                    .iter()
                    .flat_map(|c| c.owners.iter().cloned())
                    .collect();
                left_out(obligation, &all, diagnostics);
            }
            Attribution::Equally => {}
        }
    }
}

/// E0412: every share is for an owner.
fn not_owners(
    obligation: &Obligation,
    shares: &[crate::model::FixedShare],
    diagnostics: &mut Diagnostics,
) {
    let owner_names = || {
        obligation
            .owners
            .iter()
            .filter(|o| o.kind == Kind::Partner)
            .map(|o| o.name.as_str())
    };
    for share in shares {
        let owns = obligation
            .owners
            .iter()
            .any(|o| o.kind == Kind::Partner && o.index == share.partner.index);
        if owns {
            continue;
        }
        let taken: Vec<&str> = shares.iter().map(|s| s.partner.name.as_str()).collect();
        let untaken = owner_names().filter(|name| !taken.contains(name));
        let suggestion = did_you_mean(share.partner.name.as_str(), untaken)
            .or_else(|| did_you_mean(share.partner.name.as_str(), owner_names()));
        let owners = owner_names()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match suggestion {
            Some(name) => format!("did you mean `{name}`? The owners are {owners}"),
            None => format!("the owners are {owners}; give shares only to them, or add `{}` to the `owner` line", share.partner.name),
        };
        let mut diagnostic = Diagnostic::new(
            Code::AttributionNotOwner,
            share.partner.span,
            format!(
                "the attribution of `{}` gives {}% to `{}`, who is not an owner",
                obligation.id,
                share.percent.value.normalize(),
                share.partner.name
            ),
        )
        .label("not an owner")
        .help(help);
        if let Some(first) = obligation.owners.first() {
            let owners_span = obligation
                .owners
                .iter()
                .fold(first.span, |span, o| span.to(o.span));
            diagnostic = diagnostic.with_secondary(owners_span, "the owners");
        }
        diagnostics.push(diagnostic);
    }
}

/// E0413: every partner that owns the obligation has a share.
fn left_out(
    obligation: &Obligation,
    shares: &[crate::model::FixedShare],
    diagnostics: &mut Diagnostics,
) {
    let Some(first) = shares.first() else {
        return;
    };
    let all = shares
        .iter()
        .fold(first.partner.span, |span, s| span.to(s.percent.span));
    for owner in &obligation.owners {
        if owner.kind != Kind::Partner {
            // A governance body cannot be given a share (E0103).
            continue;
        }
        if shares.iter().any(|s| s.partner.index == owner.index) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::OwnerNotAttributed,
                all,
                format!(
                    "the attribution of `{}` gives no share to `{}`, one of its owners",
                    obligation.id, owner.name
                ),
            )
            .label(format!("no share for `{}`", owner.name))
            .with_secondary(owner.span, "an owner")
            .help(format!(
                "give `{}` its share (so that the shares still add up to 100%), or take it off the `owner` line",
                owner.name
            )),
        );
    }
}
