//! The legal routes an agreement's `basis` names: which sections of which
//! Act, and so which rules apply to it ([`crate::check`] decides that, from
//! one table).

use serde::Serialize;

/// One route in law by which NHS bodies and councils work together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Route {
    /// s.75 of the NHS Act 2006: pooled funds, lead commissioning and
    /// integrated provision under the 2000 Regulations.
    #[serde(rename = "s75")]
    Section75,
    /// ss.65Z5 and 65Z6 of the NHS Act 2006 (from 1 July 2022): joint
    /// working, delegation and pooled funds with integrated care boards and
    /// the other relevant bodies.
    #[serde(rename = "s65Z5")]
    JointWorking,
    /// s.256 of the NHS Act 2006: an NHS body pays a council.
    #[serde(rename = "s256")]
    Section256,
    /// s.76 of the NHS Act 2006: a council pays an NHS body.
    #[serde(rename = "s76")]
    Section76,
    /// s.77 of the NHS Act 2006: an NHS body designated as a care trust.
    #[serde(rename = "s77")]
    CareTrust,
}

impl Route {
    /// Every route, in order.
    pub const ALL: [Route; 5] = [
        Route::Section75,
        Route::JointWorking,
        Route::Section256,
        Route::Section76,
        Route::CareTrust,
    ];

    /// The route's sections, as a basis names them.
    pub fn sections(self) -> &'static str {
        match self {
            Route::Section75 => "s.75",
            Route::JointWorking => "ss.65Z5-65Z6",
            Route::Section256 => "s.256",
            Route::Section76 => "s.76",
            Route::CareTrust => "s.77",
        }
    }

    /// What the route is for, in a few words.
    pub fn purpose(self) -> &'static str {
        match self {
            Route::Section75 => "pooled funds, lead commissioning, integrated provision",
            Route::JointWorking => "joint working and pooled funds with ICBs (from 1 July 2022)",
            Route::Section256 => "an NHS body pays a council (a transfer, not a pool)",
            Route::Section76 => "a council pays an NHS body (a transfer, not a pool)",
            Route::CareTrust => "an NHS body designated as a care trust",
        }
    }

    /// The route a section of an Act gives, if it is one the checker knows.
    pub fn of(section: &str, act: &str) -> Option<Route> {
        if !is_nhs_act_2006(act) {
            return None;
        }
        const SECTIONS: &[(&str, Route)] = &[
            ("75", Route::Section75),
            ("65Z5", Route::JointWorking),
            ("65Z6", Route::JointWorking),
            ("256", Route::Section256),
            ("76", Route::Section76),
            ("77", Route::CareTrust),
        ];
        SECTIONS
            .iter()
            .find(|(written, _)| written.eq_ignore_ascii_case(section))
            .map(|(_, route)| *route)
    }

    /// Whether the route only moves money from one partner to another.
    pub fn is_transfer(self) -> bool {
        matches!(self, Route::Section256 | Route::Section76)
    }

    /// The bit of the route in a [`Routes`] set.
    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The Acts the checker knows, as a basis may name them: the NHS Act 2006.
pub const KNOWN_ACTS: &[&str] = &["NHS Act 2006", "National Health Service Act 2006"];

/// Whether an Act as written is the NHS Act 2006 (case and a leading "the"
/// aside).
pub fn is_nhs_act_2006(act: &str) -> bool {
    let act = act.trim();
    let act = act
        .strip_prefix("the ")
        .or_else(|| act.strip_prefix("The "))
        .unwrap_or(act);
    KNOWN_ACTS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(act))
}

/// A set of routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Routes(u8);

impl Routes {
    /// No route.
    pub const NONE: Routes = Routes(0);
    /// Every route.
    pub const ALL: Routes = Routes(0b1_1111);

    /// The set of the routes given.
    pub const fn of(routes: &[Route]) -> Routes {
        let mut bits = 0;
        let mut rest = routes;
        while let [first, others @ ..] = rest {
            bits |= first.bit();
            rest = others;
        }
        Routes(bits)
    }

    /// Whether the set holds a route.
    pub fn contains(self, route: Route) -> bool {
        self.0 & route.bit() != 0
    }

    /// Whether the two sets share a route.
    pub fn meets(self, other: Routes) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The routes in the set, in order.
    pub fn iter(self) -> impl Iterator<Item = Route> {
        Route::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    /// Whether every route in the set is a transfer (and there is one).
    pub fn transfer_only(self) -> bool {
        !self.is_empty() && self.iter().all(Route::is_transfer)
    }
}

impl FromIterator<Route> for Routes {
    fn from_iter<I: IntoIterator<Item = Route>>(iter: I) -> Routes {
        Routes(iter.into_iter().fold(0, |bits, r| bits | r.bit()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_resolve_to_routes() {
        assert_eq!(Route::of("65Z5", "NHS Act 2006"), Some(Route::JointWorking));
        assert_eq!(
            Route::of("256", "the National Health Service Act 2006"),
            Some(Route::Section256)
        );
        assert_eq!(Route::of("75", "Health Act 1999"), None);
        assert_eq!(Route::of("31", "NHS Act 2006"), None);
        let set = Routes::of(&[Route::Section256, Route::Section76]);
        assert!(set.transfer_only());
        assert!(!Routes::of(&[Route::Section256, Route::Section75]).transfer_only());
        assert_eq!(set.iter().count(), 2);
    }
}
