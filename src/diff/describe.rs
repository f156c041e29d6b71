//! The values compared, in the words of the language: what a report shows
//! as "old" and "new". Two values are the same in meaning exactly when
//! their words are the same.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::model::{
    Action, Amount, AmountOf, Attribution, CascadeStep, Deadline, Figure, FixedShare, Measure,
    Quantity, Quorum, Ref, Reporting, RiskCap, RiskRule, RoleCount, Share, Step, Target, Tolerance,
    Trajectory, ValueKind,
};
use crate::money::Money;
use crate::syntax::ast::{Bound, TimeUnit};

/// Ids joined by commas.
pub fn refs(list: &[Ref]) -> String {
    let names: Vec<&str> = list.iter().map(|r| r.name.as_str()).collect();
    names.join(", ")
}

/// A number without trailing zeros.
pub fn number(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A value as it was written: `£1.5m` as money, `40%`, `1,020` as a number.
pub fn quantity(quantity: &Quantity) -> String {
    match quantity.written {
        ValueKind::Money => pounds(quantity.value),
        ValueKind::Percent => format!("{}%", number(quantity.value)),
        ValueKind::Number => number(quantity.value),
    }
}

/// Pounds as money, `£1,500,000`, if a whole number of pence.
fn pounds(value: Decimal) -> String {
    let pence = value.checked_mul(Decimal::ONE_HUNDRED);
    match pence
        .filter(|p| p.fract().is_zero())
        .and_then(|p| p.to_i64())
    {
        Some(pence) => Money::from_pence(pence).to_string(),
        None => format!("£{}", number(value)),
    }
}

/// `14.6 in 2016/17 Q4`.
pub fn measure(measure: &Measure) -> String {
    format!("{} in {}", quantity(&measure.value), measure.period.value)
}

/// `at most 9.2 by 2018/19 Q4`.
pub fn target(target: &Target) -> String {
    let bound = match target.bound.value {
        Bound::AtMost => "at most",
        Bound::AtLeast => "at least",
    };
    format!(
        "{bound} {} by {}",
        quantity(&target.value),
        target.period.value
    )
}

/// `linear`, or the milestones.
pub fn trajectory(trajectory: &Trajectory) -> String {
    match trajectory {
        Trajectory::Linear => "linear".to_owned(),
        Trajectory::Milestones(points) => {
            let points: Vec<String> = points
                .iter()
                .map(|m| format!("{} {}", m.period.value, quantity(&m.value)))
                .collect();
            points.join(", ")
        }
    }
}

/// `5% of expected`, `0.5`.
pub fn tolerance(tolerance: &Tolerance) -> String {
    match tolerance {
        Tolerance::Absolute(value) => number(*value),
        Tolerance::Relative(value) => format!("{}% of expected", number(*value)),
    }
}

/// `quarterly to hwb, nhse`.
pub fn reporting(reporting: &Reporting) -> String {
    format!("{} to {}", reporting.cadence, refs(&reporting.to))
}

/// `lcc 40%, gp 60%`.
pub fn fixed_shares(shares: &[FixedShare]) -> String {
    let shares: Vec<String> = shares
        .iter()
        .map(|s| format!("{} {}%", s.partner.name, number(s.percent.value)))
        .collect();
    shares.join(", ")
}

/// `equally`, or the shares.
pub fn attribution(attribution: &Attribution) -> String {
    match attribution {
        Attribution::Equally => "equally".to_owned(),
        Attribution::Shares(shares) => fixed_shares(shares),
        Attribution::ByCategory(categories) => {
            let rows: Vec<String> = categories
                .iter()
                .map(|c| {
                    let owners: Vec<String> = if c.stated {
                        vec![fixed_shares(&c.owners)]
                    } else {
                        c.owners
                            .iter()
                            .map(|o| o.partner.name.to_string())
                            .collect()
                    };
                    format!("{} {}", c.category, owners.join(", "))
                })
                .collect();
            format!("by category: {}", rows.join("; "))
        }
    }
}

/// `5 including lcc, one of (gp, csr)`.
pub fn quorum(quorum: &Quorum) -> String {
    let mut text = quorum.count.value.to_string();
    let including: Vec<String> = quorum
        .including
        .iter()
        .map(|any| match any.as_slice() {
            [one] => one.name.to_string(),
            many => format!("one of ({})", refs(many)),
        })
        .chain(quorum.counts.iter().map(|need| {
            format!(
                "{} of {}{}",
                need.count.value,
                need.member.name,
                RoleCount::written(&need.roles)
            )
        }))
        .collect();
    if !including.is_empty() {
        text.push_str(" including ");
        text.push_str(&including.join(", "));
    }
    text
}

/// A share rule in words: `shared by contribution`, `kept by lcc`.
pub fn share(share: &Share) -> String {
    match share {
        Share::ByContribution => "shared by contribution".to_owned(),
        Share::ByCommissioning => "shared by commissioning".to_owned(),
        Share::Equally => "shared equally".to_owned(),
        Share::Fixed(shares) => format!("shared {}", fixed_shares(shares)),
        Share::BorneBy(partner) => format!("borne by {}", partner.name),
        Share::KeptBy(partner) => format!("kept by {}", partner.name),
        Share::ReturnedTo(partner) => format!("returned to {}", partner.name),
        Share::Retained => "retained in pool".to_owned(),
    }
}

fn cap(cap: Option<&RiskCap>) -> String {
    match cap {
        None => String::new(),
        Some(RiskCap::Contribution) => ", capped at contribution".to_owned(),
        Some(RiskCap::Amount(amount)) => format!(", capped at {amount}"),
    }
}

/// `shared by contribution, capped at £1,500,000 each`; a cascade step by
/// step: `reserve up to £500,000; then shared equally up to £1,000,000;
/// then borne by lcc`.
pub fn risk_rule(rule: &RiskRule) -> String {
    let mut steps: Vec<String> = rule
        .cascade
        .iter()
        .map(|step| match step {
            CascadeStep::Reserve { amount, .. } => format!("reserve up to {amount}"),
            CascadeStep::NamedReserve { reserve, limit } => {
                let limit = limit.map(|l| format!(" up to {l}")).unwrap_or_default();
                format!("from reserve {}{limit}", reserve.name)
            }
            CascadeStep::Underspend { pool, limit } => {
                let limit = limit.map(|l| format!(" up to {l}")).unwrap_or_default();
                format!("from underspend of {}{limit}", pool.name)
            }
            CascadeStep::CutUncommitted { limit, .. } => {
                let limit = limit.map(|l| format!(" up to {l}")).unwrap_or_default();
                format!("cut uncommitted scheme allocations{limit}")
            }
            CascadeStep::Share {
                share: how,
                limit,
                cap: each,
            } => {
                let limit = limit.map(|l| format!(" up to {l}")).unwrap_or_default();
                format!("{}{limit}{}", share(how), cap(each.as_ref()))
            }
        })
        .collect();
    steps.push(format!("{}{}", share(&rule.share), cap(rule.cap.as_ref())));
    steps.join("; then ")
}

/// The cap of a rule in money, and the rule without it: two rules that
/// differ only in such a cap differ by money.
pub fn risk_cap(rule: &RiskRule) -> Option<(Money, String)> {
    match rule.cap {
        Some(RiskCap::Amount(amount)) => {
            let mut without = rule.clone();
            without.cap = None;
            Some((amount, risk_rule(&without)))
        }
        _ => None,
    }
}

fn deadline(within: Option<&Deadline>) -> String {
    let Some(deadline) = within else {
        return String::new();
    };
    let unit = match deadline.unit {
        TimeUnit::Days => "days",
        TimeUnit::Weeks => "weeks",
        TimeUnit::Months => "months",
    };
    format!(" within {} {unit}", deadline.count)
}

/// `in the next year within 30 days`, as written.
fn money_terms(terms: &crate::model::MoneyTerms) -> String {
    let year = match terms.year {
        Some(crate::syntax::ast::MoneyYear::Next) => " in the next year",
        Some(crate::syntax::ast::MoneyYear::Same) => " in the same year",
        None => "",
    };
    format!("{year}{}", deadline(terms.within.as_ref()))
}

fn party(word: &str, who: Option<&Ref>) -> String {
    who.map(|r| format!(" {word} {}", r.name))
        .unwrap_or_default()
}

fn amount(amount: &Amount) -> String {
    let figure = match amount.figure {
        Figure::Money(money) => money.to_string(),
        Figure::Percent(percent) => format!("{}%", number(percent)),
    };
    match amount.of.as_deref() {
        None => figure,
        Some(AmountOf::Fund(fund)) => format!("{figure} of {}", fund.name),
        Some(AmountOf::Contribution { partner, to }) => format!(
            "{figure} of {}'s contribution{}",
            partner.name,
            party("to", to.as_ref())
        ),
    }
}

/// `escalate to hwb within 30 days`.
pub fn step(step: &Step) -> String {
    match &step.action {
        Action::Escalate { to, within } => {
            format!("escalate to {}{}", to.name, deadline(within.as_ref()))
        }
        Action::RecoveryPlan { from, to, within } => format!(
            "recovery plan{}{}{}",
            party("from", from.as_ref()),
            party("to", to.as_ref()),
            deadline(within.as_ref())
        ),
        Action::Withhold {
            amount: how,
            from,
            terms,
        } => format!(
            "withhold {}{}{}{}",
            amount(how),
            party("from", from.as_ref()),
            party("to", terms.to.as_ref()),
            money_terms(terms)
        ),
        Action::Clawback {
            up_to,
            amount: how,
            by,
            from,
            terms,
        } => format!(
            "clawback {}{}{}{}{}",
            if *up_to { "up to " } else { "" },
            amount(how),
            party("by", by.as_ref()),
            party("from", from.as_ref()),
            money_terms(terms)
        ),
        Action::ReduceAllocation { grant, by } => format!(
            "reduce {} allocation by {} in the next year",
            grant.name,
            figure(*by)
        ),
        Action::DisputeResolution => "dispute resolution".to_owned(),
    }
}

/// `£500,000` or `10%`.
fn figure(figure: crate::model::Figure) -> String {
    match figure {
        crate::model::Figure::Money(m) => m.to_string(),
        crate::model::Figure::Percent(p) => format!("{}%", p.normalize()),
    }
}
