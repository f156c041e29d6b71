//! E0220 and E0223: a member's seat roles add up to its seats, and the roles
//! only a council has (elected member, the statutory directors) are a
//! council's.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Body, Kind, Ref, RoleCount};

pub(super) fn check(agreement: &Agreement, body: &Body, diagnostics: &mut Diagnostics) {
    if !body.complete {
        // A role lost to an unknown word would make the sums look wrong:
        // that problem is already reported.
        return;
    }
    for seats in body.seats() {
        council_roles(agreement, &seats.member, &seats.roles, diagnostics);
        if seats.roles.is_empty() {
            continue;
        }
        let by_role: u64 = seats.roles.iter().map(|r| u64::from(r.count.value)).sum();
        let count = u64::from(seats.count.value);
        if by_role == count {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::SeatRolesDontAddUp,
                seats.span,
                format!(
                    "`{}` has {count} seat{} on `{}` but its roles add up to {by_role}",
                    seats.member.name,
                    if count == 1 { "" } else { "s" },
                    body.id
                ),
            )
            .label("roles and seats differ")
            .help(format!(
                "write `{} {by_role}{}`, or correct the numbers in each role",
                seats.member.name,
                RoleCount::written(&seats.roles)
            )),
        );
    }
    if let Some(quorum) = body.quorum() {
        for need in &quorum.counts {
            council_roles(agreement, &need.member, &need.roles, diagnostics);
        }
    }
}

/// E0223: an elected member or statutory director given to a member that is
/// not a council.
fn council_roles(
    agreement: &Agreement,
    member: &Ref,
    roles: &[RoleCount],
    diagnostics: &mut Diagnostics,
) {
    let what = match member.kind {
        Kind::External => "an external member, not a council",
        Kind::Partner => match agreement.partners.get(member.index).and_then(|p| p.kind) {
            Some(kind) if kind.is_nhs() => "an NHS body, not a council",
            _ => return,
        },
        _ => return,
    };
    for role in roles.iter().filter(|r| r.role.council_only()) {
        diagnostics.push(
            Diagnostic::new(
                Code::CouncilRoleOutsideCouncil,
                role.span,
                format!(
                    "`{}` is {what}, so it has no {}",
                    member.name,
                    role.role.words()
                ),
            )
            .label("a council's role")
            .with_secondary(member.span, "this member")
            .help("give the role to the council's seats, or write `officer`"),
        );
    }
}
