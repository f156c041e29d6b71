//! Waivers: who is excused from what and for which periods, who agreed it,
//! when and under which minute, and when it lapses. Grouped with the
//! obligations they excuse from.

use crate::model::{Agreement, Waiver};

use super::compare::{cited, pair_all, Out};
use super::{describe, Section};

/// The waivers of an agreement in both versions.
pub(super) fn waivers(out: &mut Out<'_>, old: &Agreement, new: &Agreement) {
    let section = Section::Obligations;
    for (a, b) in pair_all(&old.waivers, &new.waivers, |w| w.id.clone()) {
        let id = a.or(b).map_or("", |w| w.id.as_str());
        let (Some(a), Some(b)) = (a, b) else {
            out.text(
                section,
                format!("waiver {id}"),
                a.map(summary),
                b.map(summary),
                a.and_then(|w| w.clause.as_deref()),
                b.and_then(|w| w.clause.as_deref()),
            );
            continue;
        };
        out.text(
            section,
            format!("name of waiver {id}"),
            Some(a.name.to_string()),
            Some(b.name.to_string()),
            a.clause.as_deref(),
            b.clause.as_deref(),
        );
        out.text(
            section,
            format!("what waiver {id} excuses"),
            Some(excuses(a)),
            Some(excuses(b)),
            cited(&a.citations, "excuses", a.clause.as_deref()),
            cited(&b.citations, "excuses", b.clause.as_deref()),
        );
        out.text(
            section,
            format!("who agreed waiver {id}"),
            agreed(a),
            agreed(b),
            cited(&a.citations, "agreed by", a.clause.as_deref()),
            cited(&b.citations, "agreed by", b.clause.as_deref()),
        );
        out.text(
            section,
            format!("expiry of waiver {id}"),
            a.expires.map(|d| d.value.to_string()),
            b.expires.map(|d| d.value.to_string()),
            cited(&a.citations, "expires", a.clause.as_deref()),
            cited(&b.citations, "expires", b.clause.as_deref()),
        );
    }
}

/// `lcc from dtoc for 2017/18 Q3 to 2017/18 Q4`
fn excuses(waiver: &Waiver) -> String {
    let obligation = waiver
        .obligation
        .as_ref()
        .map_or(String::new(), |o| o.name.to_string());
    let periods = match (waiver.from, waiver.to) {
        (Some(from), Some(to)) if from.value == to.value => format!("for {}", from.value),
        (Some(from), Some(to)) => format!("for {} to {}", from.value, to.value),
        _ => String::new(),
    };
    format!(
        "{} from {obligation} {periods}",
        describe::refs(&waiver.owners)
    )
}

/// `hwb on 2018-01-15, minute "HWB 2018/07"`
fn agreed(waiver: &Waiver) -> Option<String> {
    let agreed = waiver.agreed.as_ref()?;
    Some(match &agreed.minute {
        Some(minute) => format!(
            "{} on {}, minute \"{minute}\"",
            agreed.by.name, agreed.on.value
        ),
        None => format!("{} on {}", agreed.by.name, agreed.on.value),
    })
}

/// A waiver in one line, when it is new or gone.
fn summary(waiver: &Waiver) -> String {
    let mut words = format!("{}: excuses {}", waiver.name, excuses(waiver));
    if let Some(agreed) = agreed(waiver) {
        words.push_str(&format!("; agreed by {agreed}"));
    }
    if let Some(expires) = waiver.expires {
        words.push_str(&format!("; expires {}", expires.value));
    }
    words
}
