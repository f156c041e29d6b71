//! E0215: a pooled fund names the functions it pays for (regulation 7(1),
//! 7(3)(c) of the 2000 Regulations); E0216: they are functions of both
//! sides, NHS and council (regulation 7(3)(c), s.75(2)(a) of the NHS Act
//! 2006).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, FunctionKind, Kind, PoolKind};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for pool in &agreement.pools {
        if pool.kind != PoolKind::Pooled || pool.damaged {
            continue;
        }
        let Some(line) = pool.functions_line else {
            diagnostics.push(
                Diagnostic::new(
                    Code::PoolWithoutFunctions,
                    pool.span,
                    format!("pool `{}` does not say which functions it pays for", pool.id),
                )
                .label("no `functions` line")
                .help("a pooled fund pays towards the NHS and council functions its agreement names (reg 7(1), 7(3)(c)): add `functions a, b` to the pool"),
            );
            continue;
        };
        let mut nhs = 0;
        let mut council = 0;
        let mut unknown = false;
        for function in pool.functions.iter().filter(|f| f.kind == Kind::Function) {
            match agreement.functions.get(function.index).and_then(|f| f.kind) {
                Some(FunctionKind::Nhs) => nhs += 1,
                Some(kind) if kind.is_council() => council += 1,
                _ => unknown = true,
            }
        }
        if unknown || nhs + council == 0 || (nhs > 0 && council > 0) {
            continue;
        }
        let (side, missing, other) = if nhs > 0 {
            (
                "NHS functions",
                "no council function here",
                "a council's health-related (social care, public health) function",
            )
        } else {
            (
                "council functions",
                "no NHS function here",
                "an NHS function",
            )
        };
        diagnostics.push(
            Diagnostic::new(
                Code::OneSidedPool,
                line,
                format!("pool `{}` pays only for {side}", pool.id),
            )
            .label(missing)
            .with_secondary(pool.span, "the pool")
            .help(format!("the agreement for a pooled fund names both the NHS functions and the health-related functions it is for (reg 7(3)(c)): add {other} to its `functions`, or write the arrangement as an aligned budget or lead commissioning")),
        );
    }
}
