//! E0307: an aligned budget has no host and no pooled risk (domain rule 23).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, PoolKind, Share};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for pool in agreement
        .pools
        .iter()
        .filter(|p| p.kind == PoolKind::Aligned)
    {
        if let Some(host) = &pool.host {
            diagnostics.push(
                Diagnostic::new(
                    Code::AlignedBudgetPooled,
                    host.span,
                    format!("aligned budget `{}` has a host", pool.id),
                )
                .label("an aligned budget has no host")
                .help("an aligned budget stays in each partner's own accounts: remove the `host` line, or declare it as a `pool`"),
            );
        }
        for rule in [&pool.overspend, &pool.underspend].into_iter().flatten() {
            if matches!(
                rule.share,
                Share::ByContribution | Share::Equally | Share::Fixed(_)
            ) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::AlignedBudgetPooled,
                        rule.span,
                        format!("aligned budget `{}` shares its risk between partners", pool.id),
                    )
                    .label("pooled risk in an aligned budget")
                    .help("in an aligned budget each partner bears its own overspend: write `overspend borne by PARTNER`, or declare it as a `pool`"),
                );
            }
        }
    }
}
