//! Governance bodies: a quorum that can be met (E0201, E0202, E0221,
//! W0228); the roles of seats are checked in [`super::seat_roles`] and the
//! statutory members of a health and wellbeing board in [`super::hwb`].

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Body, Kind, Quorum, QuorumCount, Ref, SeatRole, Seats};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for body in &agreement.bodies {
        super::seat_roles::check(agreement, body, diagnostics);
        quorum(body, diagnostics);
    }
    super::hwb::check(agreement, diagnostics);
}

/// E0201, E0202, E0221 and W0228: quorum no larger than the voting seats,
/// every required presence held by a member with a voting seat, every count
/// within the member's voting seats (and roles), and the requirements
/// within the quorum.
fn quorum(body: &Body, diagnostics: &mut Diagnostics) {
    let Some(quorum) = body.quorum() else {
        return;
    };
    if !body.complete {
        // A seat lost to an unreadable line or an unknown name would make
        // the quorum look unreachable: that problem is already reported.
        return;
    }
    larger_than_seats(body, quorum, diagnostics);
    let tally = Tally::of(body);
    for group in &quorum.including {
        required_presence(body, &tally, group, diagnostics);
    }
    for need in &quorum.counts {
        required_count(body, &tally, need, diagnostics);
    }
    requirements_within(body, quorum, diagnostics);
}

fn larger_than_seats(body: &Body, quorum: &Quorum, diagnostics: &mut Diagnostics) {
    let voting = body.voting_seat_count();
    if u64::from(quorum.count.value) <= voting {
        return;
    }
    let advisory = body.seat_count().saturating_sub(voting);
    let advisory = if advisory == 0 {
        String::new()
    } else {
        format!(" (and {advisory} advisory, which do not count)")
    };
    let mut diagnostic = Diagnostic::new(
        Code::QuorumExceedsSeats,
        quorum.count.span,
        format!(
            "the quorum of `{}` is {} but it has {} voting seat{}{advisory}",
            body.id,
            quorum.count.value,
            voting,
            if voting == 1 { "" } else { "s" }
        ),
    )
    .label("more than the voting seats");
    diagnostic = match (body.seats().first(), body.seats().last()) {
        (Some(first), Some(last)) => diagnostic
            .with_secondary(
                first.span.to(last.span),
                format!("{voting} voting seats in all"),
            )
            .help(format!(
                "lower the quorum to at most {voting}, or add voting seats"
            )),
        _ => diagnostic.help("give the body its seats: `seats PARTNER N, PARTNER N`"),
    };
    diagnostics.push(diagnostic);
}

/// Each member's seats, counted once for the whole quorum (a quorum may
/// name many members, a body give many seats).
struct Tally<'b> {
    /// Voting seats of each member, with their entries.
    voting: FxHashMap<(Kind, usize), (u64, Vec<&'b Seats>)>,
    /// Members with advisory seats only or as well.
    advisory: FxHashSet<(Kind, usize)>,
}

impl<'b> Tally<'b> {
    fn of(body: &'b Body) -> Tally<'b> {
        let mut tally = Tally {
            voting: FxHashMap::default(),
            advisory: FxHashSet::default(),
        };
        for seats in body.seats().iter().filter(|s| s.count.value > 0) {
            let key = (seats.member.kind, seats.member.index);
            if seats.advisory {
                tally.advisory.insert(key);
            } else {
                let entry = tally.voting.entry(key).or_default();
                entry.0 += u64::from(seats.count.value);
                entry.1.push(seats);
            }
        }
        tally
    }

    fn voting(&self, member: &Ref) -> u64 {
        self.voting
            .get(&(member.kind, member.index))
            .map_or(0, |(n, _)| *n)
    }

    fn voting_seats(&self, member: &Ref) -> &[&'b Seats] {
        self.voting
            .get(&(member.kind, member.index))
            .map_or(&[], |(_, seats)| seats.as_slice())
    }
}

/// E0202: a member named in `including`, alone or in `one of (...)`, has a
/// voting seat.
fn required_presence(body: &Body, tally: &Tally, group: &[Ref], diagnostics: &mut Diagnostics) {
    let seated = group.iter().any(|needed| tally.voting(needed) > 0);
    if seated {
        return;
    }
    let Some(first) = group.first() else {
        return;
    };
    let advisory = group
        .iter()
        .any(|r| tally.advisory.contains(&(r.kind, r.index)));
    let has = if advisory {
        "only advisory seats"
    } else {
        "no seat"
    };
    let span = group.iter().fold(first.span, |span, r| span.to(r.span));
    let message = if group.len() == 1 {
        format!(
            "the quorum of `{}` requires `{}`, which has {has} on it",
            body.id, first.name
        )
    } else {
        let names: Vec<&str> = group.iter().map(|r| r.name.as_str()).collect();
        format!(
            "the quorum of `{}` requires one of {}, none of which has a voting seat on it",
            body.id,
            crate::diagnostics::one_of(&names)
        )
    };
    diagnostics.push(
        Diagnostic::new(Code::QuorumNeedsSeat, span, message)
            .label("cannot be present")
            .help(format!(
                "give it a voting seat (`seats {} 1`) or drop it from the quorum",
                first.name
            )),
    );
}

/// E0202 or E0221: `N of MEMBER (roles)` within the member's voting seats
/// and, where its seats give roles, within the seats in each role.
fn required_count(body: &Body, tally: &Tally, need: &QuorumCount, diagnostics: &mut Diagnostics) {
    let member = &need.member;
    let voting = tally.voting(member);
    if voting == 0 {
        required_presence(body, tally, std::slice::from_ref(member), diagnostics);
        return;
    }
    let wanted = u64::from(need.count.value);
    if wanted > voting {
        diagnostics.push(
            Diagnostic::new(
                Code::QuorumNeedsMoreSeats,
                need.span,
                format!(
                    "the quorum of `{}` requires {wanted} of `{}`, which has {voting} voting seat{}",
                    body.id,
                    member.name,
                    if voting == 1 { "" } else { "s" }
                ),
            )
            .label("more than its voting seats")
            .help(format!(
                "require at most {voting} of `{}`, or give it more voting seats",
                member.name
            )),
        );
    }
    let voting_seats = || tally.voting_seats(member).iter();
    if voting_seats().all(|s| s.roles.is_empty()) {
        // The seats do not say their roles: nothing to count them against.
        return;
    }
    for role in &need.roles {
        let held: u64 = voting_seats().map(|s| s.in_role(role.role)).sum();
        let wanted = u64::from(role.count.value);
        if wanted <= held {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::QuorumNeedsMoreSeats,
                role.span.to(role.count.span),
                format!(
                    "the quorum of `{}` requires {wanted} {} of `{}`, which has {held} voting seat{} in that role",
                    body.id,
                    plural_role(role.role, wanted),
                    member.name,
                    if held == 1 { "" } else { "s" }
                ),
            )
            .label("more than its seats in this role")
            .help(format!(
                "require at most {held}, or give `{}` more voting seats as {}",
                member.name,
                plural_role(role.role, 2)
            )),
        );
    }
}

/// "elected member", "officers".
fn plural_role(role: SeatRole, n: u64) -> String {
    let words = role.words();
    if n == 1 {
        return words.to_owned();
    }
    match words.split_once(" of ") {
        Some((head, tail)) => format!("{head}s of {tail}"),
        None => format!("{words}s"),
    }
}

/// W0228: the requirements, added up, within the quorum; and each count
/// no smaller than its roles.
fn requirements_within(body: &Body, quorum: &Quorum, diagnostics: &mut Diagnostics) {
    // The most required of each member alone, and one for each `one of`.
    let mut most: FxHashMap<(Kind, usize), u64> = FxHashMap::default();
    for group in &quorum.including {
        if let [one] = group.as_slice() {
            let entry = most.entry((one.kind, one.index)).or_default();
            *entry = (*entry).max(1);
        }
    }
    for need in &quorum.counts {
        let by_role: u64 = need.roles.iter().map(|r| u64::from(r.count.value)).sum();
        let count = u64::from(need.count.value);
        if by_role > count {
            diagnostics.push(
                Diagnostic::new(
                    Code::QuorumRequirementsExceedCount,
                    need.span,
                    format!(
                        "the quorum of `{}` requires {count} of `{}`, but the roles it requires of them add up to {by_role}",
                        body.id, need.member.name
                    ),
                )
                .label("the roles add up to more")
                .help(format!(
                    "write `{by_role} of {}`, or fewer in each role",
                    need.member.name
                )),
            );
        }
        let entry = most
            .entry((need.member.kind, need.member.index))
            .or_default();
        *entry = (*entry).max(count.max(by_role));
    }
    // A `one of` adds a member only if none of its members is required
    // already.
    let groups = quorum
        .including
        .iter()
        .filter(|group| group.len() > 1)
        .filter(|group| !group.iter().any(|r| most.contains_key(&(r.kind, r.index))))
        .count();
    let required = most.values().sum::<u64>() + groups as u64;
    let count = u64::from(quorum.count.value);
    if required > count {
        diagnostics.push(
            Diagnostic::new(
                Code::QuorumRequirementsExceedCount,
                quorum.count.span,
                format!(
                    "the quorum of `{}` is {count}, but the members it requires add up to {required}",
                    body.id
                ),
            )
            .label("fewer than it requires")
            .help(format!(
                "raise the quorum to {required}, or require fewer members"
            )),
        );
    }
}
