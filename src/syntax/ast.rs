//! The typed syntax tree of an agreement file.
//!
//! It says what was written, statement by statement and in order, with a
//! [`Span`] on every node; literals are already exact values (money in pence,
//! financial years). Nothing here knows about pest. Names are borrowed from the
//! file's text (`&'a str`), so building the tree copies no identifiers; the
//! model resolves them to numbered ids.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::money::Money;
use crate::period::{Date, FinancialYear, Period};
use crate::source::Span;

pub use super::contents::{Content, ExitCovers, PoolReports, Review, Staffing};

/// A name as written: a partner id, a pool id, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ident<'a> {
    /// The name.
    pub name: &'a str,
    /// Where.
    pub span: Span,
}

/// A text in quotes, escapes resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a> {
    /// The text without its quotes.
    pub value: Cow<'a, str>,
    /// Where, quotes included.
    pub span: Span,
}

/// A value with its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where.
    pub span: Span,
}

/// One statement: what it says, where, and the clause it cites.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt<'a, T> {
    /// What the statement says.
    pub node: T,
    /// The whole statement (for a block, its header line).
    pub span: Span,
    /// The keyword that starts it.
    pub keyword: Span,
    /// A trailing `clause "..."` citation.
    pub cite: Option<Text<'a>>,
}

/// A whole file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct File<'a> {
    /// The agreements in it, in order.
    pub agreements: Vec<Agreement<'a>>,
}

/// `agreement ID "Title" { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement<'a> {
    /// Its id.
    pub id: Ident<'a>,
    /// Its title.
    pub title: Text<'a>,
    /// The header line `agreement ID "Title" {`.
    pub header: Span,
    /// Whether it is a register of definitions (`register ID "Title" {`)
    /// rather than an agreement.
    pub register: bool,
    /// Its statements, in order.
    pub items: Vec<AgreementItem<'a>>,
    /// Whether a statement in it (outside its blocks) could not be read.
    pub damaged: bool,
    /// Names declared on lines that could not be read (`partner ccg "...`):
    /// references to them are not reported as unknown.
    pub unreadable: Vec<Ident<'a>>,
}

/// A statement of an agreement.
#[derive(Debug, Clone, PartialEq)]
pub enum AgreementItem<'a> {
    /// `clause "..."`: the clause the agreement as a whole is in.
    Clause(Text<'a>),
    /// `illustrative "..."` / `draft "..."`: what of it is not yet the
    /// agreement as signed.
    Marked(Stmt<'a, Marked<'a>>),
    /// `import "registers/lancashire.s75"`: the definitions in another file.
    Import(Stmt<'a, Text<'a>>),
    /// `basis section 75 of "NHS Act 2006"`
    Basis(Stmt<'a, Basis<'a>>),
    /// `signed 2010-03-08`
    Signed(Stmt<'a, Spanned<Date>>),
    /// `term 2010/11 to 2012/13`
    Term(Stmt<'a, Term>),
    /// `governed by joint_board`
    GovernedBy(Stmt<'a, Ident<'a>>),
    /// `partner ID "Name" kind [designated care trust ...]`
    Partner(Stmt<'a, PartnerDecl<'a>>),
    /// `external ID "Name"`: a body that is not a party (a government
    /// department paying a grant, an evaluator receiving reports).
    External(Stmt<'a, Party<'a>>),
    /// `function ID "Name" [kind [category | "source"]]`
    Function(Stmt<'a, FunctionDecl<'a>>),
    /// `body ID "Name" { ... }`
    Body(Block<'a, BodyItem<'a>>),
    /// `pool ID "Name" { ... }`
    Pool(Block<'a, PoolItem<'a>>),
    /// `aligned ID "Name" { ... }`: a budget managed jointly but kept in each
    /// partner's own accounts.
    Aligned(Block<'a, PoolItem<'a>>),
    /// `obligation ID "Name" { ... }`
    Obligation(Block<'a, ObligationItem<'a>>),
    /// `waiver ID "Name" { ... }`: owners excused from an obligation for
    /// some periods.
    Waiver(Block<'a, WaiverItem<'a>>),
    /// `reserve ID "Name" { ... }`: a risk reserve the partners fund and
    /// pools draw on.
    Reserve(Block<'a, ReserveItem<'a>>),
    /// A content the Regulations require: `aims "..."`, `review annually`,
    /// `termination on 6 months notice`, ...
    Content(Stmt<'a, Content<'a>>),
}

/// The legal basis: sections of an Act.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis<'a> {
    /// The sections, as written (`75`, `77`, `65Z5`).
    pub sections: Vec<Spanned<&'a str>>,
    /// The Act.
    pub act: Text<'a>,
}

/// `term FIRST to LAST`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The first financial year.
    pub first: Spanned<FinancialYear>,
    /// The last financial year.
    pub last: Spanned<FinancialYear>,
}

/// Something declared with an id, a name and an optional kind word.
#[derive(Debug, Clone, PartialEq)]
pub struct Party<'a> {
    /// The id.
    pub id: Ident<'a>,
    /// The name in full.
    pub name: Text<'a>,
    /// The kind word, if written.
    pub kind: Option<Ident<'a>>,
}

/// A partner: its id, name and kind, and any designation of it as a care
/// trust.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerDecl<'a> {
    /// The id, name and kind.
    pub party: Party<'a>,
    /// `designated care trust [from DATE] [to DATE]`, if written.
    pub designation: Option<Spanned<Designation>>,
}

/// A designation as a care trust (s.77 of the NHS Act 2006), with the dates
/// it ran from and to, where written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Designation {
    /// The first day it was designated.
    pub from: Option<Spanned<Date>>,
    /// The last day it was designated.
    pub to: Option<Spanned<Date>>,
}

/// `function ID "Name" [KIND [CATEGORY | "source"]]`: a function and its
/// statutory nature.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDecl<'a> {
    /// The id.
    pub id: Ident<'a>,
    /// The name in full.
    pub name: Text<'a>,
    /// The kind word (`nhs`, `social_care`, `other`...), if written.
    pub kind: Option<Ident<'a>>,
    /// The category word after the kind (`nhs rehabilitation`), if written.
    pub category: Option<Ident<'a>>,
    /// The legal source after the kind (`other "... Act 1996, s.1"`), if
    /// written.
    pub source: Option<Text<'a>>,
}

/// A named block: `KEYWORD ID "Name" { items }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Block<'a, T> {
    /// The id.
    pub id: Ident<'a>,
    /// The name in full.
    pub name: Text<'a>,
    /// The header line.
    pub header: Span,
    /// The keyword that starts it.
    pub keyword: Span,
    /// The statements inside.
    pub items: Vec<T>,
    /// Whether a line inside could not be read (so totals may be incomplete).
    pub damaged: bool,
    /// The word after the name saying what kind of block it is in law
    /// (`health_and_wellbeing_board` on a body), if written.
    pub kind: Option<Ident<'a>>,
}

/// `illustrative "..."` or `draft "..."`: a block (or, at the top, the
/// agreement) marked as holding what is not yet the agreement as signed.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked<'a> {
    /// Which mark.
    pub kind: MarkKind,
    /// What is illustrative or draft, as written.
    pub note: Text<'a>,
}

/// The marks a block may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// Made up for an example, or not found in the sources.
    Illustrative,
    /// Not yet agreed: proposed, awaiting approval.
    Draft,
}

impl MarkKind {
    /// The word as written.
    pub fn word(self) -> &'static str {
        match self {
            MarkKind::Illustrative => "illustrative",
            MarkKind::Draft => "draft",
        }
    }
}

/// A statement of a governance body.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyItem<'a> {
    /// `clause "..."`
    Clause(Text<'a>),
    /// `illustrative "..."` / `draft "..."`: what of it is not yet the
    /// agreement as signed.
    Marked(Stmt<'a, Marked<'a>>),
    /// `seats bcc 3, behn 1, vcs 1 advisory`
    Seats(Stmt<'a, Vec<Seat<'a>>>),
    /// `quorum 4 including bcc, one of (gp, csr), 2 of lcc (1 officer)`
    Quorum(Stmt<'a, Quorum<'a>>),
    /// `meets quarterly`
    Meets(Stmt<'a, Cadence<'a>>),
    /// `accountable to a, b`
    AccountableTo(Stmt<'a, Vec<Ident<'a>>>),
    /// `remit "..."`: what the body is for.
    Remit(Stmt<'a, Text<'a>>),
    /// `decides "minor variations", "recovery plans"`: the decisions
    /// delegated to it.
    Decides(Stmt<'a, Vec<Text<'a>>>),
}

/// One member's seats: `lcc 6 (3 elected_member, 3 officer)`, `vcs 1 advisory`.
#[derive(Debug, Clone, PartialEq)]
pub struct Seat<'a> {
    /// Who holds them: a partner or an external body.
    pub holder: Ident<'a>,
    /// How many.
    pub count: Spanned<u32>,
    /// How many of them hold each role, if said.
    pub roles: Vec<RoleCount<'a>>,
    /// Whether they are advisory (not voting) seats.
    pub advisory: bool,
    /// The whole entry.
    pub span: Span,
}

/// A number of members in one role: `3 elected_member`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleCount<'a> {
    /// How many.
    pub count: Spanned<u32>,
    /// The role word.
    pub role: Ident<'a>,
}

/// A quorum: how many, and whose presence is required.
#[derive(Debug, Clone, PartialEq)]
pub struct Quorum<'a> {
    /// How many members must be present.
    pub count: Spanned<u32>,
    /// Required presences.
    pub including: Vec<QuorumNeed<'a>>,
}

/// One required presence in a quorum.
#[derive(Debug, Clone, PartialEq)]
pub enum QuorumNeed<'a> {
    /// This partner (or external member).
    Partner(Ident<'a>),
    /// At least one of these partners.
    OneOf(Spanned<Vec<Ident<'a>>>),
    /// `2 of lcc (1 elected_member, 1 officer)`: at least so many of one
    /// member's representatives, with at least so many in each role.
    CountOf(Spanned<CountOf<'a>>),
}

/// A number of one member's representatives required for a quorum.
#[derive(Debug, Clone, PartialEq)]
pub struct CountOf<'a> {
    /// How many.
    pub count: Spanned<u32>,
    /// Whose.
    pub holder: Ident<'a>,
    /// How many of them in each role, if said.
    pub roles: Vec<RoleCount<'a>>,
}

/// How often something happens, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence<'a> {
    /// A word: `monthly`, `quarterly`, ...
    Word(Ident<'a>),
    /// `every N weeks|months|days`
    Every(Spanned<u32>, Spanned<TimeUnit>),
}

/// A unit of time for deadlines and cadences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Days.
    Days,
    /// Weeks.
    Weeks,
    /// Months.
    Months,
}

/// A statement of a pool or aligned budget.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolItem<'a> {
    /// `clause "..."`
    Clause(Text<'a>),
    /// `illustrative "..."` / `draft "..."`: what of it is not yet the
    /// agreement as signed.
    Marked(Stmt<'a, Marked<'a>>),
    /// `host bcc`
    Host(Stmt<'a, Ident<'a>>),
    /// `manager "Title" [of partner]`
    Manager(Stmt<'a, Manager<'a>>),
    /// `functions a, b`
    Functions(Stmt<'a, Vec<Ident<'a>>>),
    /// `lead X commissions f, g for a, b`
    Lead(Stmt<'a, Lead<'a>>),
    /// `contributions YEAR { partner £amount, ... }`
    Contributions(Stmt<'a, Contributions<'a>>),
    /// `grant ID "Name" from EXTERNAL through PARTNER { YEAR £amount, ... }`
    Grant(Stmt<'a, Grant<'a>>),
    /// `total £amount [each year | in YEAR | over A to B]`
    Total(Stmt<'a, Total>),
    /// `overspend ...` / `underspend ...`
    Risk(Stmt<'a, Risk<'a>>),
    /// `reports quarterly and annually to lcc, icb`
    Reports(Stmt<'a, PoolReports<'a>>),
    /// `on forecast variance over 2% { 1st: ..., 2nd: ... }`
    OnForecast(Stmt<'a, ForecastTrigger<'a>>),
    /// `scheme ID "Name" { ... }`: one service line of the pool.
    Scheme(Block<'a, SchemeItem<'a>>),
    /// `payment for performance £X from P in YEAR if OBLIGATION met, otherwise ...`
    Payment(Stmt<'a, Payment<'a>>),
}

/// A statement of a scheme.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeItem<'a> {
    /// `clause "..."`
    Clause(Text<'a>),
    /// `illustrative "..."` / `draft "..."`: what of it is not yet the
    /// agreement as signed.
    Marked(Stmt<'a, Marked<'a>>),
    /// `funded by icb, ibcf`: the partners' contributions and the grants
    /// its money comes from.
    FundedBy(Stmt<'a, Vec<Ident<'a>>>),
    /// `functions a, b`
    Functions(Stmt<'a, Vec<Ident<'a>>>),
    /// `lead lcc`: the one partner commissioning it.
    Lead(Stmt<'a, Ident<'a>>),
    /// `commissioned by lcc 60%, icb 40%`: the part each partner commissions.
    Commissioned(Stmt<'a, Vec<(Ident<'a>, Spanned<Decimal>)>>),
    /// `plan 2017/18 £2.5m, 2018/19 £2.6m`
    Plan(Stmt<'a, Vec<(Spanned<FinancialYear>, Spanned<Money>)>>),
    /// `uncommitted 2017/18 £300k`: allocations not yet committed, which an
    /// overspend cascade may cut.
    Uncommitted(Stmt<'a, Vec<(Spanned<FinancialYear>, Spanned<Money>)>>),
    /// `overspend ...` / `underspend ...`: the scheme's own risk rule.
    Risk(Stmt<'a, Risk<'a>>),
}

/// Payment for performance.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment<'a> {
    /// How much is held back.
    pub amount: Spanned<Money>,
    /// Whose contribution it is part of.
    pub from: Ident<'a>,
    /// The year of the contribution.
    pub year: Spanned<FinancialYear>,
    /// The obligation whose outcome releases it.
    pub obligation: Ident<'a>,
    /// The period the outcome is judged at (the year when not written).
    pub by: Option<Spanned<Period>>,
    /// Where it goes if the obligation is not met: `kept by` or `returned to`.
    pub otherwise: Spanned<ShareRule<'a>>,
    /// What it then pays for, as written.
    pub purpose: Option<Text<'a>>,
}

/// A statement of a risk reserve.
#[derive(Debug, Clone, PartialEq)]
pub enum ReserveItem<'a> {
    /// `clause "..."`
    Clause(Text<'a>),
    /// `illustrative "..."` / `draft "..."`: what of it is not yet the
    /// agreement as signed.
    Marked(Stmt<'a, Marked<'a>>),
    /// `amount £500k`
    Amount(Stmt<'a, Spanned<Money>>),
    /// `funded by rmbc 50%, ccg 50%`
    FundedBy(Stmt<'a, Vec<(Ident<'a>, Spanned<Decimal>)>>),
    /// `serves ccg_pool, rmbc_pool`
    Serves(Stmt<'a, Vec<Ident<'a>>>),
    /// `topped up each year`
    ToppedUp(Stmt<'a, ()>),
}

/// When a forecast variance triggers the pool manager's ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastTrigger<'a> {
    /// How far a forecast outturn may stray from the year's budget.
    pub threshold: Spanned<Threshold>,
    /// The ladder: the step for the first breach, the second, ...
    pub steps: Vec<Stmt<'a, Step<'a>>>,
}

/// How far a forecast may stray from the budget before it triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "value")]
pub enum Threshold {
    /// A percentage of the year's budget (`over 2%`).
    Percent(Decimal),
    /// An amount (`over £250k`).
    Money(Money),
}

/// The pool manager (the pooled fund manager).
#[derive(Debug, Clone, PartialEq)]
pub struct Manager<'a> {
    /// The officer's title.
    pub title: Text<'a>,
    /// The partner employing the officer (the host when not written).
    pub of: Option<Ident<'a>>,
}

/// Lead commissioning of functions on behalf of partners.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead<'a> {
    /// The lead commissioner.
    pub lead: Ident<'a>,
    /// The functions commissioned.
    pub functions: Vec<Ident<'a>>,
    /// On whose behalf.
    pub on_behalf_of: Vec<Ident<'a>>,
}

/// One year's contributions.
#[derive(Debug, Clone, PartialEq)]
pub struct Contributions<'a> {
    /// The financial year.
    pub year: Spanned<FinancialYear>,
    /// Partner and amount, in the order written.
    pub entries: Vec<(Ident<'a>, Spanned<Amount>)>,
}

/// A partner's contribution as written in a contributions table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// A figure: `icb £1.2m`.
    Fixed(Money),
    /// The partner's contribution in the year before, uplifted by this
    /// percentage (5.66 for `uplifted 5.66%`).
    Uplifted(Decimal),
    /// `as notified`: a figure notified later.
    AsNotified,
}

/// A grant paid into a pool from outside the partnership.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant<'a> {
    /// Its id.
    pub id: Ident<'a>,
    /// Its name.
    pub name: Text<'a>,
    /// Who pays it (an external body).
    pub from: Ident<'a>,
    /// The partner it is paid to and pooled through.
    pub through: Ident<'a>,
    /// Amount per year.
    pub amounts: Vec<(Spanned<FinancialYear>, Spanned<Money>)>,
    /// `purpose "..."`: what it may be spent on (one expected).
    pub purposes: Vec<Text<'a>>,
    /// `condition "..."`, one a condition, in the order written.
    pub conditions: Vec<Text<'a>>,
    /// `passed to ID ...`: money passed on to other bodies.
    pub passed: Vec<Spanned<PassThrough<'a>>>,
}

/// Part of a grant passed on to another body.
#[derive(Debug, Clone, PartialEq)]
pub struct PassThrough<'a> {
    /// The body it is passed to.
    pub to: Ident<'a>,
    /// How much.
    pub share: PassShare,
}

/// How much of a grant is passed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassShare {
    /// `£X in YEAR`.
    Amount(Spanned<Money>, Spanned<FinancialYear>),
    /// `20%` of each year's amount.
    Percent(Spanned<Decimal>),
}

/// A declared pool total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// The amount.
    pub amount: Spanned<Money>,
    /// Which years it covers.
    pub covers: TotalCovers,
}

/// Which years a declared total covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalCovers {
    /// The whole term (nothing written).
    Term,
    /// `each year`.
    EachYear,
    /// `in YEAR`.
    Year(Spanned<FinancialYear>),
    /// `over A to B`.
    Range(Spanned<FinancialYear>, Spanned<FinancialYear>),
}

/// A risk-share rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk<'a> {
    /// Overspend or underspend.
    pub side: Spanned<RiskSide>,
    /// How it is shared.
    pub rule: Spanned<ShareRule<'a>>,
    /// An optional cap on each partner's part.
    pub cap: Option<Spanned<Cap>>,
    /// The steps of a cascade before the last (`first from reserve £500k`,
    /// `then borne by host up to £1m`); empty for a one-line rule, whose
    /// rule and cap are the whole of it. In a cascade, `rule` and `cap` are
    /// those of the last step, which shares what the others left.
    pub cascade: Vec<Spanned<CascadeStep<'a>>>,
}

/// One step of a risk-share cascade, before the last.
#[derive(Debug, Clone, PartialEq)]
pub enum CascadeStep<'a> {
    /// `from reserve £500k`: a reserve of the pool's own bears up to this
    /// much, each year.
    Reserve(Spanned<Money>),
    /// `from reserve risk_fund [up to £X]`: a named reserve bears what its
    /// balance allows.
    NamedReserve(Ident<'a>, Option<Spanned<Money>>),
    /// `from underspend of POOL [up to £X]`: another pool's underspend in
    /// the same year.
    Underspend(Ident<'a>, Option<Spanned<Money>>),
    /// `cut uncommitted scheme allocations [up to £X]`
    CutUncommitted(Option<Spanned<Money>>),
    /// `borne by host up to £1m`, `shared by contribution up to £2m, capped
    /// at contribution`: a share rule taking up to a limit.
    Share {
        /// How this step's part is shared.
        rule: Spanned<ShareRule<'a>>,
        /// The most this step bears in all (no limit when not written).
        limit: Option<Spanned<Money>>,
        /// A cap on each partner's part.
        cap: Option<Spanned<Cap>>,
    },
}

/// Which side of the budget a risk rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskSide {
    /// Spending above the pool.
    Overspend,
    /// Spending below the pool.
    Underspend,
}

/// How an amount is shared between partners.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareRule<'a> {
    /// In proportion to contributions.
    ByContribution,
    /// In proportion to what each partner commissions.
    ByCommissioning,
    /// In equal parts.
    Equally,
    /// Fixed percentages per partner.
    Fixed(Vec<(Ident<'a>, Spanned<Decimal>)>),
    /// All by one partner; `None` means the host.
    BorneBy(Option<Ident<'a>>),
    /// All kept by one partner (underspends); `None` means the host.
    KeptBy(Option<Ident<'a>>),
    /// All paid back to one partner (underspends); `None` means the host.
    ReturnedTo(Option<Ident<'a>>),
    /// Kept in the pool (underspends).
    Retained,
}

/// A cap on each partner's part of a shared amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// At most the partner's own contribution.
    Contribution,
    /// At most this amount each.
    Amount(Money),
}

/// A statement of an obligation.
#[derive(Debug, Clone, PartialEq)]
pub enum ObligationItem<'a> {
    /// `clause "..."`
    Clause(Text<'a>),
    /// `illustrative "..."` / `draft "..."`: what of it is not yet the
    /// agreement as signed.
    Marked(Stmt<'a, Marked<'a>>),
    /// `owner a[, b]`
    Owner(Stmt<'a, Vec<Ident<'a>>>),
    /// `attribution equally` / `attribution a 60%, b 40%`
    Attribution(Stmt<'a, Attribution<'a>>),
    /// `function a[, b]`: the functions the obligation is about
    Functions(Stmt<'a, Vec<Ident<'a>>>),
    /// `metric "Name" in unit[, lower is better]`
    Metric(Stmt<'a, Metric<'a>>),
    /// `baseline VALUE in PERIOD`
    Baseline(Stmt<'a, Measure>),
    /// `target at most|at least VALUE by PERIOD`
    Target(Stmt<'a, Target>),
    /// `trajectory linear` / `trajectory { PERIOD VALUE, ... }`
    Trajectory(Stmt<'a, Trajectory>),
    /// `tolerance N [points]` / `tolerance N% of expected`
    Tolerance(Stmt<'a, Tolerance>),
    /// `report CADENCE [from a] to b, c [within N days]`
    Report(Stmt<'a, Report<'a>>),
    /// `figures BASIS[, FREQUENCY][, published N months later]`
    Figures(Stmt<'a, Figures>),
    /// `flag after N consecutive misses`
    Flag(Stmt<'a, Spanned<u32>>),
    /// `on miss { 1st: ..., 2nd: ... }`
    OnMiss(Stmt<'a, Vec<Stmt<'a, Step<'a>>>>),
}

/// How a jointly owned obligation is attributed.
#[derive(Debug, Clone, PartialEq)]
pub enum Attribution<'a> {
    /// Equal parts.
    Equally,
    /// Fixed percentages.
    Shares(Vec<(Ident<'a>, Spanned<Decimal>)>),
    /// By the category of each part of the area's figure.
    ByCategory(Vec<CategoryRow<'a>>),
}

/// One category of an attribution by category: `nhs gp 50%, csr 50%`.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryRow<'a> {
    /// The category, as the returns name it.
    pub category: Ident<'a>,
    /// The owners it is attributed to, each with its share if written.
    pub owners: Vec<(Ident<'a>, Option<Spanned<Decimal>>)>,
}

/// A metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric<'a> {
    /// What is measured.
    pub name: Text<'a>,
    /// The unit word.
    pub unit: Ident<'a>,
    /// Which way is better, if written.
    pub direction: Option<Spanned<Direction>>,
}

/// Which way a metric improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Lower values are better.
    LowerIsBetter,
    /// Higher values are better.
    HigherIsBetter,
}

/// A value as written, with its kind of literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// `£1.5m`
    Money(Money),
    /// `40%`
    Percent(Decimal),
    /// `1,020`
    Number(Decimal),
}

/// A value at a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// The value.
    pub value: Spanned<Value>,
    /// The period.
    pub period: Spanned<Period>,
}

/// A target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// At most or at least.
    pub bound: Spanned<Bound>,
    /// The value and the period it must be reached by.
    pub measure: Measure,
}

/// Whether a target is a ceiling or a floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The value must not exceed the target.
    AtMost,
    /// The value must not fall below the target.
    AtLeast,
}

/// A trajectory from baseline to target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trajectory {
    /// A straight line.
    Linear,
    /// Explicit milestones.
    Milestones(Vec<Measure>),
}

/// How far from the expected value still counts as met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// In the metric's unit (points for a percentage).
    Absolute(Spanned<Decimal>),
    /// A percentage of the expected value.
    Relative(Spanned<Decimal>),
}

/// A reporting duty.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'a> {
    /// How often.
    pub cadence: Cadence<'a>,
    /// Who makes the return, if not the owners.
    pub from: Option<Ident<'a>>,
    /// To whom.
    pub to: Vec<Ident<'a>>,
    /// How long after the end of the period the return is due.
    pub within: Option<Deadline>,
}

/// What a metric's figures are: `figures year to date, monthly, published
/// 2 months later`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// What a figure covers.
    pub basis: Spanned<FigureBasis>,
    /// How often there is a figure, if written.
    pub frequency: Option<Spanned<Frequency>>,
    /// How long after the end of its period a figure is published.
    pub lag: Option<Deadline>,
}

/// What one figure of a metric covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureBasis {
    /// The period it is for alone (a quarter's admissions).
    InPeriod,
    /// The financial year so far, up to the end of the period.
    YearToDate,
    /// The twelve months up to the end of the period.
    Rolling12Months,
    /// A whole year, one figure a year (an annual statutory return).
    Annual,
}

impl FigureBasis {
    /// As written.
    pub fn words(self) -> &'static str {
        match self {
            FigureBasis::InPeriod => "in period",
            FigureBasis::YearToDate => "year to date",
            FigureBasis::Rolling12Months => "rolling 12 months",
            FigureBasis::Annual => "annual",
        }
    }
}

/// How often a metric has a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Each month.
    Monthly,
    /// Each quarter.
    Quarterly,
    /// Once a year.
    Annually,
}

impl Frequency {
    /// As written.
    pub fn words(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annually => "annually",
        }
    }
}

/// One rung of the ladder of consequences.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<'a> {
    /// Which miss it follows (1 for the first).
    pub ordinal: Spanned<u32>,
    /// What happens.
    pub action: Action<'a>,
}

/// A consequence of a miss.
#[derive(Debug, Clone, PartialEq)]
pub enum Action<'a> {
    /// `escalate to BODY [within N days]`
    Escalate {
        /// To whom.
        to: Ident<'a>,
        /// By when.
        within: Option<Deadline>,
    },
    /// `recovery plan [from X] [to Y] [within N days]`
    RecoveryPlan {
        /// Who writes it (the owner when not written).
        from: Option<Ident<'a>>,
        /// Who receives it.
        to: Option<Ident<'a>>,
        /// By when.
        within: Option<Deadline>,
    },
    /// `withhold AMOUNT [from X] [to Y] [in the next year] [within N days]`
    Withhold {
        /// How much.
        amount: AmountExpr<'a>,
        /// From whom.
        from: Option<Ident<'a>>,
        /// Which year's money, and by when (and to whom).
        terms: MoneyTerms<'a>,
    },
    /// `clawback [up to] AMOUNT [by X] [from Y]`
    Clawback {
        /// Whether the amount is a ceiling.
        up_to: bool,
        /// How much.
        amount: AmountExpr<'a>,
        /// Who claws back.
        by: Option<Ident<'a>>,
        /// From whom.
        from: Option<Ident<'a>>,
        /// Which year's money, and by when.
        terms: MoneyTerms<'a>,
    },
    /// `reduce GRANT allocation by AMOUNT in the next year`: the grantor
    /// cuts the grant's next allocation (not a clawback).
    ReduceAllocation {
        /// The grant.
        grant: Ident<'a>,
        /// By how much: an amount, or a percentage of the next year's
        /// allocation.
        by: Spanned<Figure>,
    },
    /// `dispute resolution`
    DisputeResolution,
}

/// To whom money moved on a miss goes, which year's money it is and by
/// when it moves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoneyTerms<'a> {
    /// Who receives it (`to X`; a clawback's receiver is its `by`).
    pub to: Option<Ident<'a>>,
    /// Which year's money: `in the next year` or `in the same year`.
    pub year: Option<Spanned<MoneyYear>>,
    /// By when: `within 30 days` of the end of the period missed.
    pub within: Option<Deadline>,
}

/// Which year's money a withholding or clawback is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyYear {
    /// The financial year of the miss.
    Same,
    /// The financial year after the miss (a cut in next year's allocation).
    Next,
}

/// A deadline: `within 60 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// How many units.
    pub count: Spanned<u32>,
    /// Days, weeks or months.
    pub unit: Spanned<TimeUnit>,
}

/// An amount: fixed, or a share of something.
#[derive(Debug, Clone, PartialEq)]
pub struct AmountExpr<'a> {
    /// The figure.
    pub figure: Spanned<Figure>,
    /// What a percentage (or capped amount) is of.
    pub of: Option<AmountBase<'a>>,
    /// The whole expression.
    pub span: Span,
}

/// A fixed amount or a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// An amount of money.
    Money(Money),
    /// A percentage.
    Percent(Decimal),
}

/// What an amount is of.
#[derive(Debug, Clone, PartialEq)]
pub enum AmountBase<'a> {
    /// A pool, grant or aligned budget.
    Named(Ident<'a>),
    /// A partner's contribution, to a named pool or to all pools.
    Contribution {
        /// The partner.
        partner: Ident<'a>,
        /// The pool (all pools when not written).
        to: Option<Ident<'a>>,
    },
}

/// A statement of a waiver.
#[derive(Debug, Clone, PartialEq)]
pub enum WaiverItem<'a> {
    /// `clause "..."`
    Clause(Text<'a>),
    /// `illustrative "..."` / `draft "..."`: what of it is not yet the
    /// agreement as signed.
    Marked(Stmt<'a, Marked<'a>>),
    /// `excuses OWNER[, OWNER] from OBLIGATION for PERIOD [to PERIOD]`
    Excuses(Stmt<'a, Excuses<'a>>),
    /// `agreed by BODY on DATE[, minute "REF"]`
    Agreed(Stmt<'a, Agreed<'a>>),
    /// `expires DATE`
    Expires(Stmt<'a, Spanned<Date>>),
}

/// Whom a waiver excuses, from what, and for which periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Excuses<'a> {
    /// The owners excused.
    pub owners: Vec<Ident<'a>>,
    /// The obligation.
    pub obligation: Ident<'a>,
    /// The first period excused.
    pub from: Spanned<Period>,
    /// The last period excused (the first, when not written).
    pub to: Option<Spanned<Period>>,
}

/// Who agreed a waiver, when, and the minute that records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreed<'a> {
    /// The body (or partner) that agreed it.
    pub by: Ident<'a>,
    /// The date of the decision.
    pub on: Spanned<Date>,
    /// The minute reference.
    pub minute: Option<Text<'a>>,
}
