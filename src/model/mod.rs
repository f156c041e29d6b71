//! The semantic model of an agreement: names resolved, money exact.
//!
//! Built from the syntax tree by [`resolve`], which records every problem it
//! meets and carries on, so the model of a damaged file is still as complete
//! as the file allows. References are resolved to the thing they name, held
//! as [`Ref`]s: an index into the agreement's list of that kind of thing and
//! the shared, interned [`Name`] (no string is copied per reference).
//!
//! Spans are kept for every declaration and reference so that checks can point
//! at the exact place; they are not part of the serialised model.

mod agreement;
mod body;
mod contents;
pub mod formula;
pub mod mark;
mod name;
pub mod nhs_categories;
mod obligation;
mod pool;
pub mod resolve;
pub mod route;
mod scheme;
pub mod trajectory;
mod waiver;
pub mod words;

pub use agreement::{
    Agreement, Basis, CareTrustDesignation, Citation, External, Function, Partner, Term,
};
pub use body::{
    Body, BodyKind, BodyTerms, ExternalKind, Quorum, QuorumCount, RoleCount, SeatRole, Seats,
};
pub use contents::{
    Contents, Exit, MinorVariations, PoolReporting, Review, Staff, StaffArrangement,
};
pub use mark::{Mark, MarkKind};
pub use name::{At, Kind, Name, Ref, Words};
pub use nhs_categories::{Exclusion, NhsCategory, EXCLUSIONS};
pub use obligation::{
    Action, Amount, AmountOf, Attribution, CategoryShares, Deadline, Figure, FigureRules, Figures,
    Measure, Metric, MoneyTerms, Obligation, Quantity, Reporting, Step, Target, Tolerance,
    Trajectory,
};
pub use pool::{
    CascadeStep, Contribution, DeclaredTotal, FixedShare, ForecastTrigger, Formula, Grant,
    LeadCommission, Manager, PassShare, PassThrough, Pool, PoolKind, RiskCap, RiskRule, Share,
    YearContributions,
};
pub use route::{Route, Routes};
pub use scheme::{Payment, Reserve, Scheme, YearAmount};
pub use waiver::{Agreed, Waiver};
pub use words::{Cadence, CadenceWord, FunctionKind, PartnerKind, Unit, ValueKind};
