//! E0207 and E0208: each pooled fund has a pool manager, an officer of the
//! host (regulation 7 of the 2000 Regulations, as agreements cite it).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, PoolKind};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for pool in &agreement.pools {
        if pool.kind != PoolKind::Pooled {
            continue;
        }
        let Some(manager) = &pool.manager else {
            if !pool.damaged {
                diagnostics.push(
                    Diagnostic::new(Code::NoManager, pool.span, format!("pool `{}` has no pool manager", pool.id))
                        .label("no `manager` line in this pool")
                        .help("add `manager \"Title of the officer\" of HOST`: regulation 7 needs an officer of the host to manage the pool (the pool manager)"),
                );
            }
            continue;
        };
        let (Some(employer), Some(host)) = (&manager.of, &pool.host) else {
            continue;
        };
        if employer.kind == host.kind && employer.index == host.index {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::ManagerNotOfHost,
                employer.span,
                format!(
                    "the manager of pool `{}` is an officer of `{}`, but the host is `{}`",
                    pool.id, employer.name, host.name
                ),
            )
            .label("not the host")
            .with_secondary(host.span, "the host")
            .help(format!(
                "the pool manager is an officer of the host: write `of {}`, or make `{}` the host",
                host.name, employer.name
            )),
        );
    }
}
