//! The fixed vocabularies: kinds of partner, units of measure, cadences,
//! kinds of function. Each word maps to one meaning; each meaning knows how
//! it is written.

use serde::Serialize;

use crate::syntax::ast::TimeUnit;

/// Declares an enum whose variants are written as words, with aliases.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $( $(#[$vmeta:meta])* $variant:ident = $word:literal $(| $alias:literal)* ),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $word)] $variant, )*
        }

        impl $name {
            /// What the vocabulary is called in messages.
            pub const WHAT: &'static str = $what;

            /// The canonical words, in order.
            pub const WORDS: &'static [&'static str] = &[$($word),*];

            /// Every accepted spelling, canonical words and aliases.
            pub const SPELLINGS: &'static [&'static str] = &[$($word, $($alias,)*)*];

            /// The meaning of a word, if it is one.
            pub fn from_word(word: &str) -> Option<$name> {
                match word {
                    $( $word $(| $alias)* => Some($name::$variant), )*
                    _ => None,
                }
            }

            /// The canonical word.
            pub fn word(self) -> &'static str {
                match self { $( $name::$variant => $word, )* }
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// The kind of organisation a partner is.
    PartnerKind, "kind of partner" {
        /// A council (county, unitary, district, metropolitan or London borough).
        LocalAuthority = "local_authority" | "council",
        /// A county council.
        CountyCouncil = "county_council",
        /// A unitary council.
        UnitaryAuthority = "unitary_authority" | "unitary_council",
        /// A district council.
        DistrictCouncil = "district_council",
        /// A metropolitan borough council.
        MetropolitanBorough = "metropolitan_borough",
        /// A London borough council.
        LondonBorough = "london_borough",
        /// The Common Council of the City of London.
        CityOfLondon = "city_of_london",
        /// The Council of the Isles of Scilly.
        IslesOfScilly = "isles_of_scilly",
        /// A combined authority (public health pooling, s.75(7A)).
        CombinedAuthority = "combined_authority",
        /// A health authority (before 2002).
        HealthAuthority = "health_authority",
        /// A primary care trust (2002 to March 2013).
        PrimaryCareTrust = "primary_care_trust" | "pct",
        /// A clinical commissioning group (April 2013 to June 2022).
        ClinicalCommissioningGroup = "ccg" | "clinical_commissioning_group",
        /// An integrated care board (from July 2022).
        IntegratedCareBoard = "icb" | "integrated_care_board",
        /// An NHS trust.
        NhsTrust = "nhs_trust",
        /// An NHS foundation trust.
        FoundationTrust = "foundation_trust" | "nhs_foundation_trust",
        /// A care trust designated under s.77 of the NHS Act 2006.
        CareTrust = "care_trust",
        /// NHS England (for the functions it may pool).
        NhsEngland = "nhs_england",
    }
}

impl PartnerKind {
    /// Whether the partner is an NHS body.
    pub fn is_nhs(self) -> bool {
        matches!(
            self,
            PartnerKind::HealthAuthority
                | PartnerKind::PrimaryCareTrust
                | PartnerKind::ClinicalCommissioningGroup
                | PartnerKind::IntegratedCareBoard
                | PartnerKind::NhsTrust
                | PartnerKind::FoundationTrust
                | PartnerKind::CareTrust
                | PartnerKind::NhsEngland
        )
    }

    /// Whether the partner is a council.
    pub fn is_local_authority(self) -> bool {
        !self.is_nhs()
    }
}

vocabulary! {
    /// The unit a metric is measured in.
    Unit, "unit of measure" {
        /// A percentage (values written `40%`).
        Percent = "percent" | "percentage",
        /// A count of people, admissions, days, ...
        Count = "count" | "number",
        /// A rate (per 1,000, per 100,000, ...).
        Rate = "rate",
        /// Days.
        Days = "days",
        /// Pounds (values written `£1.5m`).
        Pounds = "pounds" | "money",
        /// A ratio.
        Ratio = "ratio",
        /// A score on a scale.
        Score = "score",
    }
}

/// The kind of literal a unit's values are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `£1.5m`
    Money,
    /// `40%`
    Percent,
    /// `1,020`
    Number,
}

impl Unit {
    /// How values in this unit are written.
    pub fn value_kind(self) -> ValueKind {
        match self {
            Unit::Percent => ValueKind::Percent,
            Unit::Pounds => ValueKind::Money,
            _ => ValueKind::Number,
        }
    }
}

vocabulary! {
    /// How often a body meets or a report is made, as a word.
    CadenceWord, "cadence" {
        /// Every week.
        Weekly = "weekly",
        /// Every two weeks.
        Fortnightly = "fortnightly",
        /// Every month.
        Monthly = "monthly",
        /// Every six weeks.
        SixWeekly = "six-weekly",
        /// Every two months.
        Bimonthly = "bimonthly" | "bi-monthly",
        /// Every quarter.
        Quarterly = "quarterly",
        /// Every six months.
        HalfYearly = "half-yearly" | "six-monthly" | "biannually",
        /// Every year.
        Annually = "annually" | "yearly",
    }
}

/// How often something happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Cadence {
    /// A named cadence.
    Named(CadenceWord),
    /// Every `count` units.
    Every {
        /// How many.
        every: u32,
        /// Of what.
        unit: TimeUnit,
    },
}

impl Cadence {
    /// About how many days lie between two occasions: the one measure by
    /// which cadences are compared with each other and with how often
    /// there are figures (a month counts 30 or 31 days, so that three
    /// months make a quarter and twelve a year).
    pub fn days(self) -> u32 {
        match self {
            Cadence::Named(word) => match word {
                CadenceWord::Weekly => 7,
                CadenceWord::Fortnightly => 14,
                CadenceWord::Monthly => 31,
                CadenceWord::SixWeekly => 42,
                CadenceWord::Bimonthly => 61,
                CadenceWord::Quarterly => 92,
                CadenceWord::HalfYearly => 183,
                CadenceWord::Annually => 366,
            },
            Cadence::Every { every, unit } => match unit {
                TimeUnit::Days => every,
                TimeUnit::Weeks => every.saturating_mul(7),
                TimeUnit::Months => every.saturating_mul(30).saturating_add(every / 2),
            },
        }
    }
}

impl std::fmt::Display for Cadence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cadence::Named(word) => f.write_str(word.word()),
            Cadence::Every { every, unit } => {
                let unit = match unit {
                    TimeUnit::Days => "days",
                    TimeUnit::Weeks => "weeks",
                    TimeUnit::Months => "months",
                };
                write!(f, "every {every} {unit}")
            }
        }
    }
}

vocabulary! {
    /// Whose statutory function a commissioned function is.
    FunctionKind, "kind of function" {
        /// An NHS function (regulation 5 of the 2000 Regulations).
        Nhs = "nhs",
        /// A council's health-related function (regulation 6).
        HealthRelated = "health_related" | "council",
        /// Council social care (a health-related function).
        SocialCare = "social_care",
        /// Public health (a health-related function since 2013).
        PublicHealth = "public_health",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_aliases() {
        assert_eq!(
            PartnerKind::from_word("pct"),
            Some(PartnerKind::PrimaryCareTrust)
        );
        assert_eq!(PartnerKind::PrimaryCareTrust.word(), "primary_care_trust");
        assert!(PartnerKind::IntegratedCareBoard.is_nhs());
        assert!(PartnerKind::CountyCouncil.is_local_authority());
        assert_eq!(Unit::from_word("percentage"), Some(Unit::Percent));
        assert_eq!(
            CadenceWord::from_word("bi-monthly"),
            Some(CadenceWord::Bimonthly)
        );
        assert_eq!(PartnerKind::from_word("Local_Authority"), None);
        assert!(PartnerKind::SPELLINGS.contains(&"ccg"));
    }
}
