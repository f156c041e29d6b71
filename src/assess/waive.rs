//! Waivers in an assessment: whether an owner's miss is excused, and the
//! waivers that have lapsed by the assessment date.
//!
//! A waiver excuses owner `place` of obligation `index` for a period when it
//! names that owner and obligation, the period lies wholly within the
//! periods it excuses, and it is in force on the assessment date (the last
//! day of the as-of period): agreed on or before it, and not expired before
//! it. A waived miss is shown as waived, with the minute, and neither
//! continues nor ends a run of misses, so it does not climb the ladder. A
//! waiver that has expired by the assessment date excuses nothing; it is
//! listed, with W0419, so that a reader knows why its misses count again.

use serde::Serialize;

use crate::diagnostics::Code;
use crate::model::{Agreement, Name, Waiver};
use crate::period::{Date, Period};

/// The waiver that excused a period, as the assessment shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverRef {
    /// Its id.
    pub id: Name,
    /// Who agreed it.
    pub agreed_by: Option<Name>,
    /// When.
    pub agreed_on: Option<Date>,
    /// The minute that records the decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minute: Option<String>,
    /// When it expires, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
}

impl WaiverRef {
    /// The reference of a waiver.
    pub fn of(waiver: &Waiver) -> WaiverRef {
        let agreed = waiver.agreed.as_ref();
        WaiverRef {
            id: waiver.id.clone(),
            agreed_by: agreed.map(|a| a.by.name.clone()),
            agreed_on: agreed.map(|a| a.on.value),
            minute: agreed.and_then(|a| a.minute.clone()),
            expires: waiver.expires.map(|e| e.value),
        }
    }

    /// In words: `waiver dtoc_winter, agreed by hwb on 2018-01-15 (minute
    /// HWB 2018/07)`.
    pub fn words(&self) -> String {
        let mut words = format!("waiver `{}`", self.id);
        if let (Some(by), Some(on)) = (&self.agreed_by, self.agreed_on) {
            words.push_str(&format!(", agreed by `{by}` on {on}"));
        }
        if let Some(minute) = &self.minute {
            words.push_str(&format!(" (minute {minute})"));
        }
        words
    }
}

/// A waiver that had expired by the assessment date (W0419).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiredWaiver {
    /// `W0419`.
    pub code: &'static str,
    /// The waiver.
    pub waiver: WaiverRef,
    /// The obligation it was about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obligation: Option<Name>,
    /// The assessment date: the last day of the as-of period.
    pub assessed_on: Date,
    /// In plain English.
    pub explanation: String,
}

/// The waiver, if any, that excuses owner `place` of obligation `index`
/// for `period`, in force on `on`. When several do, the first written.
pub fn excused(
    agreement: &Agreement,
    index: usize,
    place: usize,
    period: Period,
    on: Date,
) -> Option<&Waiver> {
    let owner = agreement.obligations.get(index)?.owners.get(place)?;
    agreement
        .waivers
        .iter()
        .find(|w| w.covers(index, owner, period) && w.in_force_on(on))
}

/// The waivers expired by the assessment date of `as_of`, in the order
/// written.
pub fn expired(agreement: &Agreement, on: Date) -> Vec<ExpiredWaiver> {
    agreement
        .waivers
        .iter()
        .filter_map(|waiver| {
            let expires = waiver.expires?.value;
            if expires >= on {
                return None;
            }
            let obligation = waiver.obligation.as_ref().map(|o| o.name.clone());
            let reference = WaiverRef::of(waiver);
            let explanation = format!(
                "{} expired on {expires}, before the assessment date {on}: it no longer excuses {} from `{}`, so the misses it covered count again",
                reference.words(),
                owners(waiver),
                obligation.as_ref().map_or("", Name::as_str),
            );
            Some(ExpiredWaiver {
                code: Code::WaiverExpired.as_str(),
                waiver: reference,
                obligation,
                assessed_on: on,
                explanation,
            })
        })
        .collect()
}

/// The owners a waiver excuses: `` `lcc`, `el` ``.
fn owners(waiver: &Waiver) -> String {
    let names: Vec<String> = waiver
        .owners
        .iter()
        .map(|o| format!("`{}`", o.name))
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::source::{FileId, SourceFile};

    const TEXT: &str = r#"agreement small "Example" {
  term 2017/18 to 2018/19
  governed by board
  partner council "Example Council" local_authority
  partner ccg     "NHS Example CCG" ccg
  body board "Joint Board" {
    seats council 2, ccg 2
  }
  obligation admissions "Reduce emergency admissions" {
    owner council, ccg
    metric "Emergency admissions" in rate, lower is better
    baseline 1,020 in 2017/18 Q1
    target at most 900 by 2018/19 Q4
  }
  waiver winter "Winter pressures" {
    excuses ccg from admissions for 2017/18 Q3 to 2017/18 Q4
    agreed by board on 2018-01-15, minute "JB 2018/07"
    expires 2018-06-30
  }
  waiver year "A whole year" {
    excuses council from admissions for 2018/19
    agreed by board on 2018-04-20
  }
}"#;

    fn agreement() -> Agreement {
        let file = SourceFile::new(FileId(0), "waivers.s75", TEXT);
        let mut diagnostics = Diagnostics::new();
        let mut agreements = crate::pipeline::check_source(&file, &mut diagnostics);
        assert!(!diagnostics.has_errors());
        agreements.remove(0)
    }

    fn period(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn a_waiver_excuses_its_owners_for_its_periods_while_in_force() {
        let a = agreement();
        let on = date("2018-03-31");
        // Owner 1 is `ccg`, owner 0 `council`.
        let found = excused(&a, 0, 1, period("2017/18 Q3"), on).map(|w| w.id.to_string());
        assert_eq!(found.as_deref(), Some("winter"));
        assert!(excused(&a, 0, 1, period("2017/18 Q4"), on).is_some());
        // Not before or after its periods, not for another owner, not for a
        // whole year it covers only in part.
        assert!(excused(&a, 0, 1, period("2017/18 Q2"), on).is_none());
        assert!(excused(&a, 0, 1, period("2018/19 Q1"), on).is_none());
        assert!(excused(&a, 0, 0, period("2017/18 Q3"), on).is_none());
        assert!(excused(&a, 0, 1, period("2017/18"), on).is_none());
        // Not before it was agreed, not after it expired; still on the day.
        assert!(excused(&a, 0, 1, period("2017/18 Q3"), date("2018-01-14")).is_none());
        assert!(excused(&a, 0, 1, period("2017/18 Q3"), date("2018-06-30")).is_some());
        assert!(excused(&a, 0, 1, period("2017/18 Q3"), date("2018-07-01")).is_none());
        // A whole year excuses its quarters and itself; no expiry, no lapse.
        let later = date("2025-01-01");
        for p in ["2018/19 Q1", "2018/19 Q4", "2018/19"] {
            assert!(excused(&a, 0, 0, period(p), later).is_some(), "{p}");
        }
        // Nothing for an obligation or owner that is not there.
        assert!(excused(&a, 1, 0, period("2018/19 Q1"), later).is_none());
        assert!(excused(&a, 0, 2, period("2018/19 Q1"), later).is_none());
    }

    #[test]
    fn expired_waivers_are_listed_at_the_assessment_date() {
        let a = agreement();
        assert!(expired(&a, period("2018/19 Q1").end_date()).is_empty());
        let found = expired(&a, period("2018/19 Q2").end_date());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].waiver.id.as_str(), "winter");
        assert_eq!(found[0].code, "W0419");
        assert!(found[0].explanation.contains("no longer excuses `ccg`"));
        assert_eq!(
            WaiverRef::of(&a.waivers[1]).words(),
            "waiver `year`, agreed by `board` on 2018-04-20"
        );
    }
}
