//! The statutory categories of NHS functions, and which of them the
//! Regulations exclude from partnership arrangements: one list, with its
//! citation, read by the rule (E0206), by `concordat explain E0206` and by
//! the README.
//!
//! The NHS functions that may be pooled or delegated are those of
//! regulation 5 of the NHS Bodies and Local Authorities Partnership
//! Arrangements Regulations 2000 (SI 2000/617), as substituted by SI
//! 2012/3094. The exclusions below follow the text read of its companion
//! made the same day, regulation 2(2) of SI 2000/618, which regulation 5
//! carries too; the substituted text of regulation 5 itself was not read.

use serde::Serialize;

use super::words::vocabulary;

vocabulary! {
    /// What an NHS function is, in the terms of regulation 5: the word
    /// written after `nhs` on a `function` line.
    NhsCategory, "category of NHS function" {
        /// Community health services.
        CommunityHealth = "community_health",
        /// Mental health services.
        MentalHealth = "mental_health",
        /// Learning disability services.
        LearningDisability = "learning_disability",
        /// Rehabilitation services (expressly included).
        Rehabilitation = "rehabilitation",
        /// Intermediate care.
        IntermediateCare = "intermediate_care",
        /// NHS continuing healthcare.
        ContinuingCare = "continuing_care",
        /// Services intended to avoid admission to hospital (expressly
        /// included).
        AdmissionAvoidance = "admission_avoidance",
        /// After-care under section 117 of the Mental Health Act 1983.
        AfterCare = "after_care",
        /// Another NHS function of regulation 5 not excluded.
        OtherNhs = "other_nhs",
        /// Surgery (excluded).
        Surgery = "surgery",
        /// Radiotherapy (excluded).
        Radiotherapy = "radiotherapy",
        /// Termination of pregnancies (excluded).
        TerminationOfPregnancy = "termination_of_pregnancy",
        /// Endoscopy (excluded).
        Endoscopy = "endoscopy",
        /// The use of Class 4 laser treatments (excluded).
        Class4Laser = "class_4_laser",
        /// Other invasive treatments (excluded).
        InvasiveTreatment = "invasive_treatment",
        /// Emergency ambulance services (excluded).
        EmergencyAmbulance = "emergency_ambulance",
        /// The provision of listed drugs and other substances (excluded).
        ListedDrugs = "listed_drugs",
        /// Primary medical services of GP contractors (excluded).
        PrimaryMedical = "primary_medical",
        /// Primary dental services (excluded).
        PrimaryDental = "primary_dental",
        /// Primary ophthalmic services (excluded).
        PrimaryOphthalmic = "primary_ophthalmic",
        /// Pharmaceutical services (excluded).
        Pharmaceutical = "pharmaceutical",
    }
}

/// One category the Regulations exclude, with what they say and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exclusion {
    /// The category.
    pub category: NhsCategory,
    /// What is excluded, in the Regulations' words.
    pub what: &'static str,
    /// The paragraph that excludes it.
    pub paragraph: &'static str,
}

/// Every excluded category, in the order of the Regulations.
pub const EXCLUSIONS: &[Exclusion] = &[
    Exclusion {
        category: NhsCategory::Surgery,
        what: "the provision of surgery",
        paragraph: "SI 2000/618 reg 2(2)(a)",
    },
    Exclusion {
        category: NhsCategory::Radiotherapy,
        what: "the provision of radiotherapy",
        paragraph: "SI 2000/618 reg 2(2)(a)",
    },
    Exclusion {
        category: NhsCategory::TerminationOfPregnancy,
        what: "the termination of pregnancies",
        paragraph: "SI 2000/618 reg 2(2)(a)",
    },
    Exclusion {
        category: NhsCategory::Endoscopy,
        what: "the provision of endoscopy",
        paragraph: "SI 2000/618 reg 2(2)(a)",
    },
    Exclusion {
        category: NhsCategory::Class4Laser,
        what: "the use of Class 4 laser treatments",
        paragraph: "SI 2000/618 reg 2(2)(a)",
    },
    Exclusion {
        category: NhsCategory::InvasiveTreatment,
        what: "other invasive treatments",
        paragraph: "SI 2000/618 reg 2(2)(a)",
    },
    Exclusion {
        category: NhsCategory::EmergencyAmbulance,
        what: "emergency ambulance services",
        paragraph: "SI 2000/618 reg 2(2)(b)",
    },
    Exclusion {
        category: NhsCategory::ListedDrugs,
        what: "the provision of listed drugs and other substances",
        paragraph: "SI 2000/618 reg 2(2)(c)",
    },
    Exclusion {
        category: NhsCategory::PrimaryMedical,
        what: "primary medical services of contractors",
        paragraph: "SI 2000/617 reg 5 as substituted, not read",
    },
    Exclusion {
        category: NhsCategory::PrimaryDental,
        what: "primary dental services of contractors",
        paragraph: "SI 2000/617 reg 5 as substituted, not read",
    },
    Exclusion {
        category: NhsCategory::PrimaryOphthalmic,
        what: "primary ophthalmic services of contractors",
        paragraph: "SI 2000/617 reg 5 as substituted, not read",
    },
    Exclusion {
        category: NhsCategory::Pharmaceutical,
        what: "pharmaceutical services of contractors",
        paragraph: "SI 2000/617 reg 5 as substituted, not read",
    },
];

impl NhsCategory {
    /// The exclusion this category falls under, if the Regulations
    /// exclude it.
    pub fn exclusion(self) -> Option<&'static Exclusion> {
        EXCLUSIONS.iter().find(|e| e.category == self)
    }
}

/// The excluded categories as `concordat explain E0206` and the README
/// list them: one line each, `word: what (paragraph)`.
pub fn exclusions_text() -> String {
    let mut text = String::new();
    for e in EXCLUSIONS {
        text.push_str(&format!(
            "  {}: {} ({})\n",
            e.category.word(),
            e.what,
            e.paragraph
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rehabilitation_is_allowed_and_surgery_excluded() {
        assert!(NhsCategory::Rehabilitation.exclusion().is_none());
        assert!(NhsCategory::AfterCare.exclusion().is_none());
        assert!(NhsCategory::Surgery.exclusion().is_some());
        assert_eq!(
            NhsCategory::from_word("class_4_laser"),
            Some(NhsCategory::Class4Laser)
        );
    }

    #[test]
    fn every_exclusion_is_listed_once() {
        for e in EXCLUSIONS {
            assert_eq!(
                EXCLUSIONS
                    .iter()
                    .filter(|x| x.category == e.category)
                    .count(),
                1
            );
        }
        assert!(exclusions_text().contains("surgery: the provision of surgery"));
    }

    #[test]
    fn the_readme_lists_every_exclusion() {
        let readme = include_str!("../../README.md");
        for e in EXCLUSIONS {
            let row = format!("| `{}` | {} | {} |", e.category.word(), e.what, e.paragraph);
            assert!(readme.contains(&row), "README lacks {row}");
        }
    }
}
