//! An agreement as a whole: its basis, term, parties and the functions it
//! commissions.

use serde::Serialize;

use super::{
    At, Body, Contents, FunctionKind, Name, NhsCategory, Obligation, PartnerKind, Pool, Ref, Route,
    Routes, Waiver,
};
use crate::period::{Date, FinancialYear};
use crate::source::Span;

/// The clause of the legal text a statement cites: `host bcc clause "5.1"`.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// The statement, by its keyword (`host`, `term`, `target`, ...).
    pub statement: &'static str,
    /// The clause.
    pub clause: String,
}

/// One agreement.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// Its id.
    pub id: Name,
    /// Its title.
    pub title: crate::model::Words,
    /// Marks of what in it is illustrative or draft, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<crate::model::Mark>,
    /// The clause the agreement as a whole cites.
    pub clause: Option<String>,
    /// The legal basis.
    pub basis: Option<Basis>,
    /// When it was signed.
    pub signed: Option<At<Date>>,
    /// The financial years it runs.
    pub term: Option<Term>,
    /// The body that governs it.
    pub governed_by: Option<Ref>,
    /// Its parties.
    pub partners: Vec<Partner>,
    /// Bodies named that are not parties.
    pub externals: Vec<External>,
    /// Commissioned functions.
    pub functions: Vec<Function>,
    /// Governance bodies.
    pub bodies: Vec<Body>,
    /// Pooled funds and aligned budgets.
    pub pools: Vec<Pool>,
    /// Risk reserves shared by pools.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reserves: Vec<super::Reserve>,
    /// Obligations.
    pub obligations: Vec<Obligation>,
    /// Waivers: owners excused from an obligation for some periods.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
    /// Clauses cited by its one-line statements (`host`, `term`, `target`,
    /// ...), in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The contents the Regulations require it to state (aims, eligibility,
    /// staff, review, termination, ...).
    #[serde(skip_serializing_if = "Contents::is_empty")]
    pub contents: Contents,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
    /// Whether a line of the agreement itself could not be read, so that
    /// rules over all its partners would be misleading.
    #[serde(skip)]
    pub damaged: bool,
    /// Whether this is a register of definitions for other files to import,
    /// not an agreement.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub register: bool,
    /// The files it imports, as written (their definitions are already in
    /// its lists).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<At<String>>,
}

/// The legal basis.
#[derive(Debug, Clone, Serialize)]
pub struct Basis {
    /// Sections, as written.
    pub sections: Vec<String>,
    /// The Act.
    pub act: String,
    /// The clause cited.
    pub clause: Option<String>,
    /// The routes its sections name, in order, each once (sections or Acts
    /// the checker does not know give none).
    pub routes: Vec<Route>,
    /// The sections as written, with where (for messages).
    #[serde(skip)]
    pub section_spans: Vec<Span>,
    /// The Act as written.
    #[serde(skip)]
    pub act_span: Span,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl Agreement {
    /// The body that governs the agreement (`governed by BODY`), if it names
    /// a declared body.
    pub fn governing_body(&self) -> Option<&Body> {
        let governing = self.governed_by.as_ref()?;
        if governing.kind != super::Kind::Body {
            return None;
        }
        self.bodies.get(governing.index)
    }

    /// The routes the agreement's basis names; with no basis, or one that
    /// names no route the checker knows, s.75 alone (the checks as they
    /// were before bases drove them).
    pub fn routes(&self) -> Routes {
        match &self.basis {
            Some(basis) if !basis.routes.is_empty() => basis.routes.iter().copied().collect(),
            _ => Routes::of(&[Route::Section75]),
        }
    }
}

/// The term: financial years `first` to `last` inclusive.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Term {
    /// The first year.
    pub first: At<FinancialYear>,
    /// The last year.
    pub last: At<FinancialYear>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl Term {
    /// The years of the term, in order.
    pub fn years(&self) -> impl Iterator<Item = FinancialYear> {
        self.first.value.through(self.last.value)
    }

    /// Whether a financial year is within the term.
    pub fn contains(&self, year: FinancialYear) -> bool {
        self.first.value <= year && year <= self.last.value
    }
}

/// A party to the agreement.
#[derive(Debug, Clone, Serialize)]
pub struct Partner {
    /// Its id.
    pub id: Name,
    /// Its full name.
    pub name: crate::model::Words,
    /// What kind of organisation it is.
    pub kind: Option<PartnerKind>,
    /// Its designation as a care trust (s.77 of the NHS Act 2006), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub care_trust: Option<CareTrustDesignation>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Where declared.
    #[serde(skip)]
    pub span: Span,
}

/// A partner's designation as a care trust under s.77 of the NHS Act 2006:
/// the body keeps its own kind (a primary care trust or an NHS trust; from
/// April 2013 a CCG, NHS trust or foundation trust).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CareTrustDesignation {
    /// The first day it was designated, if written.
    pub from: Option<At<Date>>,
    /// The last day it was designated, if written.
    pub to: Option<At<Date>>,
    /// The words `designated care trust ...`.
    #[serde(skip)]
    pub span: Span,
}

/// A body named in the agreement that is not a party.
#[derive(Debug, Clone, Serialize)]
pub struct External {
    /// Its id.
    pub id: Name,
    /// Its full name.
    pub name: crate::model::Words,
    /// What it is, where the law needs to know (`local_healthwatch`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<super::ExternalKind>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Where declared.
    #[serde(skip)]
    pub span: Span,
}

/// A commissioned function.
#[derive(Debug, Clone, Serialize)]
pub struct Function {
    /// Its id.
    pub id: Name,
    /// Its full name.
    pub name: crate::model::Words,
    /// Whose statutory function it is, if said.
    pub kind: Option<FunctionKind>,
    /// For an NHS function, its category, if said.
    pub category: Option<NhsCategory>,
    /// For another function (`other`), its legal source.
    pub source: Option<String>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Where declared.
    #[serde(skip)]
    pub span: Span,
}
