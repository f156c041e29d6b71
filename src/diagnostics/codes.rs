//! The registry of diagnostic codes: the only place a code is defined.
//!
//! A code, once published, keeps its meaning for ever: it is never renumbered
//! or reused. Codes are grouped by the phase that finds them:
//! `E00xx` reading and syntax, `E01xx` names and structure, `E02xx`
//! governance, `E03xx` money, `E04xx` obligations, `E09xx` the tool itself
//! (files that cannot be read or written, `E093x` the project
//! configuration, `E095x` scenario files).

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The agreement is wrong; `check` fails.
    Error,
    /// Probably wrong or against good practice; `check` passes.
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $severity:ident, $title:literal, $explanation:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $title]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written, e.g. `E0301`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The default severity of diagnostics with this code.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// A one-line title.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }

            /// What the code means, why it matters and how to fix it.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explanation,)* }
            }
        }
    };
}

codes! {
    Syntax = "E0001", Error, "the text does not follow the agreement language",
"A line could not be read as any statement that may stand where it is.
The message names what was expected at the exact place reading stopped.
Every other line of the file is still read and checked, so fix the first
problem on each reported line and run `concordat check` again.

Example:
    pool ld \"Learning disability\" {
      hots bcc            <- E0001: expected `host`, `manager`, ...
    }
Fix: write `host bcc`.";

    TooDeep = "E0002", Error, "braces are nested too deeply",
"Agreement files nest at most a few levels of braces (an agreement holds a
pool, the pool a contributions table). A file whose braces nest deeper than
the limit is not an agreement; it is refused before it is read so that no
input can exhaust the reader.
Fix: close the blocks that were left open, or remove the stray `{`.";

    NotUtf8 = "E0003", Error, "the file is not UTF-8 text",
"Agreement files are plain text in UTF-8. The file has bytes that are not
UTF-8 at the position shown: often a file saved in another encoding (Windows-
1252 turns `£` into a single byte), or not a text file at all.
Fix: save the file as UTF-8 (\"Unicode (UTF-8)\" in most editors).";

    ControlCharacter = "E0004", Error, "the file contains a control character",
"Agreement files may contain tabs and line breaks but no other control
characters (NUL, escape, form feed, a lone carriage return, DEL, the C1
controls U+0080 to U+009F), anywhere: not in quoted texts or comments
either. They usually come from copying text out of another program or from
a binary file; an escape character can start a command to a terminal. The
file is not read further. Wherever such a character is shown, it is written
as `\\u{1b}`.
Fix: delete the character shown.";

    EmptyFile = "E0005", Error, "the file holds no agreement",
"The file is empty, or holds only comments. Each `.s75` file holds one or
more `agreement` blocks.
Fix: write `agreement ID \"Title\" { ... }`, or delete the file.";

    UnbalancedBrace = "E0006", Error, "a brace is not matched",
"Every `{` opens a block that a later `}` closes. The brace shown has no
partner, so the blocks of the file cannot be told apart.
Fix: add the missing `}` at the end of the block, or remove the stray brace.";

    FileTooLarge = "E0007", Error, "the file is too large",
"An agreement file may be at most 512 MiB. A larger file is not read.
Fix: split the agreement into several files.";

    BidiControl = "E0008", Error, "the file contains a bidirectional control",
"The file contains one of the invisible characters that change the order
in which text is displayed: the embeddings, overrides and isolates U+202A
to U+202E and U+2066 to U+2069. With one, a name, a figure or a clause can
read differently on screen (in an editor, or in the diff of a pull request)
from what the checker and the board papers see (\"Trojan Source\"). Text in
a right-to-left script displays correctly without them. The rest of the
file is still read and checked. Wherever such a character is shown, it is
written as `\\u{202e}`.
Fix: delete the character shown.";

    InvalidMoney = "E0010", Error, "an amount of money is not valid",
"Money is written in pounds with an optional suffix: `£1,250.50`, `£46k`,
`£13.245m`, `£1.2bn`. It must come to a whole number of pence, use commas
only between groups of three digits, and stay below £1,000,000bn.
Example: `£1.2345k` is £1,234.50 and fine; `£1.23456k` is £1,234.56 and fine;
`£0.001` is a tenth of a penny and refused.";

    InvalidYear = "E0011", Error, "a financial year is not valid",
"A financial year runs from 1 April to 31 March and is written with both
calendar years: `2017/18`. The second part must be the year after the first.
Example: `2017/19` is refused; write `2017/18` or `2018/19`.";

    InvalidQuarter = "E0012", Error, "a quarter or month is not valid",
"A quarter is a financial year and a quarter number from 1 to 4: `2017/18 Q3`
(Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March).
A month is a financial year and a month number from 1 (April) to 12 (March),
as finance counts them: `2017/18 M7` is October 2017.";

    InvalidDate = "E0013", Error, "a date is not valid",
"Dates are ISO dates, year-month-day: `2010-03-08`. The date must exist on
the calendar.";

    InvalidNumber = "E0014", Error, "a number is not valid",
"Numbers use commas only between groups of three digits (`1,020`), and must
not be too large to hold exactly (28 significant digits).";

    InvalidPercent = "E0015", Error, "a percentage is not valid here",
"Shares of money and attributions are percentages from 0% to 100%. A negative
share, or one above 100%, cannot be right.";

    UnknownWord = "E0016", Error, "a word is not one the language knows here",
"Some statements take a word from a fixed list: the kind of a partner
(`local_authority`, `ccg`, `icb`, `primary_care_trust`, `nhs_trust`,
`foundation_trust`, `nhs_england`, ...), the unit of a metric (`percent`,
`count`, `rate`, `days`, `pounds`, ...), a meeting or reporting cadence
(`monthly`, `quarterly`, `every 6 weeks`, ...). The message lists the words
allowed and suggests the nearest.";

    DeadlineTooFar = "E0017", Error, "a deadline is too far off",
"A consequence's deadline (`escalate to hwb within 30 days`) counts from the
end of the period whose miss triggered it. A deadline more than 10 years
after that (more than 3,653 days, 521 weeks or 120 months) cannot be what the
agreement means, and dates that far off cannot be worked out reliably.
Fix: write the deadline the agreement gives, usually days or weeks.";

    AmountsTooLarge = "E0018", Error, "amounts of money add up to more than can be held",
"concordat keeps money exact to the penny, up to £92,233,720,368,547,758.07.
The contributions and grants of an agreement, added up, must stay below that,
so that every total, share and settlement can be worked out exactly. Each
amount may be up to £1,000,000bn, but all of them together may not pass the
limit: that much money means a figure with digits to spare, or the wrong
suffix (`bn` for `m`).
Fix: correct the amount shown, where the sum passes the limit.";

    DuplicateName = "E0101", Error, "a name is declared twice",
"Each partner, external body, governance body, pool, aligned budget,
function and obligation has a name (its id) that must be unique in the
agreement, whatever kind of thing it names; references would otherwise be
ambiguous. The first declaration is shown too.
Fix: rename one of them and update the references.";

    UnknownName = "E0102", Error, "a name is used but never declared",
"A statement refers to a partner, body, pool, function or obligation that the
agreement does not declare. Usually a typing mistake: the nearest declared
name is suggested.
Fix: correct the name, or declare it (`partner ID \"Name\" kind`, `body ...`,
`function ID \"Name\"`).";

    WrongKindOfName = "E0103", Error, "a name refers to the wrong kind of thing",
"The name is declared, but as something that cannot play this role. A pool's
host, a lead commissioner and a contributor must be partners (parties to the
agreement); a report goes to a partner or a governance body; a lead
commissions functions; a clawback applies to a pool, a grant or a
contribution.
Fix: name a thing of the kind the statement needs.";

    MissingStatement = "E0104", Error, "a required statement is missing",
"Some statements are required: an agreement needs a `term` and `governed by`
and at least one partner; a pool needs a `host` and its contributions; an
obligation needs an `owner`, a `metric`, a `baseline` and a `target`.
Without them the agreement cannot be checked or assessed.
Fix: add the statement named in the message.";

    RepeatedStatement = "E0105", Error, "a statement is given twice",
"Statements that set one fact (a pool's `host`, an agreement's `term`, an
obligation's `target`, ...) may appear once in their block. Two of them leave
the agreement ambiguous: which host holds the accounts? A pool's `total` may
be given once for each year (`total £X in 2017/18`, `total £Y in 2018/19`),
but not twice for one year, nor beside a total over several years.
Fix: keep one; the first is shown too.";

    TermReversed = "E0106", Error, "a range of years ends before it starts",
"`term A to B` (and a total `over A to B`) runs from the financial year A to
the financial year B inclusive, so B may not come before A. The same holds
for the periods a waiver excuses, `for A to B`.
Fix: swap the years (or periods), or correct the one mistyped.";

    ImportNotFound = "E0107", Error, "an imported file cannot be found",
"`import \"path\"` names a file, relative to the folder of the file that
imports it, that does not exist or cannot be read.
Fix: correct the path (it is relative to the importing file), or add the
register file.";

    ImportCycle = "E0108", Error, "files import each other in a loop",
"A file imports a file that, directly or through others, imports it back.
Definitions then have no first home, so imports must form a tree. The loop is
shown file by file.
Fix: move the shared definitions into a register that imports nothing.";

    SignedAfterTerm = "E0111", Error, "an agreement is signed after its term has ended",
"Source: good practice, domain rule 20 (the term covers every date the
agreement sets), resting on regulation 7(3)(f) of the 2000 Regulations (SI
2000/617), as made: the agreement specifies \"the duration of the
arrangements\".
An agreement signed after the last day of the term it covers could not have
governed any of it: the date or the term is wrong.
Fix: correct the `signed` date or the `term`.";

    ImportOutsideFolder = "E0109", Error, "an import reaches outside the folder being checked",
"Imports resolve only inside the folder being checked (for a single file, its
own folder), so that a check never depends on files outside the project and
an agreement cannot read arbitrary files.
Fix: copy the register into the project folder and import it from there.";

    NotInRegister = "E0110", Error, "a register holds something other than definitions",
"A `register` holds the definitions that agreements share: `partner`,
`external` and `function` lines. Terms, bodies, pools, obligations and imports
belong in an agreement.
Fix: move the statement into an agreement.";

    JointWorkingUnavailable = "E0112", Error, "an agreement on ss.65Z5-65Z6 is dated before 1 July 2022 or has no relevant NHS body",
"Source: ss.65Z5 and 65Z6 of the NHS Act 2006, inserted by the Health and
Care Act 2022; the National Health Service (Joint Working and Delegation
Arrangements) (England) Regulations 2022 (SI 2022/642), made under
s.65Z5(3)(a), in force 1 July 2022 (reg 1(2)); NHS England's statutory
guidance under s.65Z7, \"Arrangements for delegation and joint exercise of
statutory functions\" (addressed to integrated care boards, NHS trusts and
foundation trusts, the relevant bodies). Not read: the text of ss.65Z5 and
65Z6 themselves. The route of joint working and pooled funds with
integrated care boards exists from 1 July 2022, and its arrangements are
made by a relevant body: NHS England, an integrated care board, an NHS
trust or an NHS foundation trust.
Fix: for an earlier agreement cite s.75 (`basis section 75 of \"NHS Act
2006\"`); otherwise correct the dates, or name the ICB or NHS England among
the partners.";

    TransferNotPool = "E0113", Error, "a transfer is not a pooled fund",
"Source: ss.256 and 76 of the NHS Act 2006: s.256(1) lets NHS England or an
integrated care board make payments to a council towards its expenditure
(read as amended, 1 September 2022); s.76 lets a council make payments to
an NHS body (not read; its predecessor, s.28BB of the NHS Act 1977, read).
A payment under either is a transfer from one body to another: the money
becomes the receiver's, with conditions. Neither creates a pooled fund,
which only s.75(2)(a) and regulation 7 of the 2000 Regulations (or
s.65Z6) do; so a `pool` in an agreement whose basis is s.256 or s.76 alone
is not what the law provides, and the pooled-fund rules are not run on it.
Fix: add s.75 to the basis if the partners do pool the money, or write the
payments as an `aligned` budget (each partner keeps its own accounts).";

    TransferWrongWay = "E0114", Error, "money moves the wrong way for a transfer's section",
"Source: s.256(1) of the NHS Act 2006 (NHS England or an integrated care
board may make payments to a council: read as amended, 1 September 2022)
and s.76 (a council may make payments to an NHS body: not read; its
predecessor, s.28BB of the NHS Act 1977, read). Under s.256 the partners who
pay are NHS bodies and the body paid is a council; under s.76 the reverse.
An agreement on one of them alone in which a council pays (s.256), or an NHS
body pays (s.76), or the body holding the money is on the paying side, cites
the wrong section.
Fix: cite the section for the direction the money moves (`basis sections
256 and 76 of \"NHS Act 2006\"` for both), or correct the contributions.";

    ContentsMissing = "W0115", Warning, "the agreement does not state a content the regulations require",
"Source: regulation 7(3)(a) to (g) of the NHS Bodies and Local Authorities
Partnership Arrangements Regulations 2000 (SI 2000/617) where the partners
pool funds, and regulation 9(3)(a) to (g) where a council exercises NHS
functions (regulation 8 for an NHS body exercising a council's functions;
not read: regulation 8, which is taken to mirror regulation 9, the words of
regulation 7(3)(g) after \"how the pooled fund\", and any amendment of
these paragraphs by SI 2012/3094). The agreement must be in writing and
specify: (a) the agreed aims and outcomes; (b) the contributions (under
regulation 9, the payments) and how they may be varied; (c) the functions;
(d) the persons and kinds of services covered; (e) the staff, goods,
services or accommodation the partners provide; (f) the duration and
provision for review, variation or termination; (g) how the pooled fund is
managed and monitored (under regulation 9, the arrangements for
monitoring). One warning names every content missing, with its paragraph.
What satisfies each: (a) `aims`; (b) a pool's `contributions`, `grant` or
`total`; (d) `eligibility`; (e) `staff`, `premises` or `assets`; (f)
`term` (already required), `review`, `variation by` (or `minor variations
by`) and `termination on`; (g) a `reports` line in each pooled fund, or
failing that reports on the agreement's obligations. The functions, (c),
are a pool's `functions` and `lead` lines, checked by the rules on them.
Fix: add the statements named, e.g. `aims \"...\"`, `eligibility \"...\"`,
`staff seconded \"...\"`, `review annually by BOARD`, `variation by BOARD`,
`termination on 6 months notice`, and in the pool `reports quarterly and
annually to PARTNER, PARTNER`.";

    CouncilReportsMissing = "W0116", Warning, "a council exercising NHS functions is not said to report to the NHS body quarterly",
"Source: regulation 9(4) of the NHS Bodies and Local Authorities Partnership
Arrangements Regulations 2000 (SI 2000/617): where a council exercises NHS
functions under the arrangements, the council \"shall report to the NHS
bodies, both quarterly and annually, on the exercise of the NHS functions\"
(not read: any amendment of the paragraph by SI 2012/3094). A `lead` line
in which a council commissions functions for an NHS partner is such an
arrangement; the agreement should say how the duty is met. It is met here
by a `reports` line of the pool (the pool manager's reports) reaching the
NHS partner, directly or through a body on which it has seats, or by an
obligation's `report` line from the council to it, quarterly or more often.
Fix: in the pool, write `reports quarterly and annually to NHS_PARTNER`.";

    NoticeLongerThanTerm = "W0118", Warning, "the notice of termination is longer than the whole term",
"Source: good practice, domain rule 25 (the exit notice is shorter than the
remaining term). A notice period longer than the agreement's whole term can
never be given and take effect before the term ends, so the termination
provision that regulation 7(3)(f) requires is empty; usually the notice or
the term is mistyped.
Fix: shorten the notice (`termination on 6 months notice`) or correct the
`term`.";

    QuorumExceedsSeats = "E0201", Error, "the quorum is larger than the voting seats",
"Source: good practice, domain rule 19 (the board's quorum can be met).
A body's quorum is the number of members that must be present for a
decision. If it is larger than the voting seats the agreement gives the
body, the body can never decide anything. Advisory seats (`vcs 1 advisory`)
do not count towards a quorum.
Fix: lower the quorum or add voting seats.";

    QuorumNeedsSeat = "E0202", Error, "the quorum requires a member with no voting seat",
"Source: good practice, domain rule 19 (the board's quorum can be met).
The quorum names a partner or external member whose presence is required,
but the body gives it no seat, or only advisory seats (which do not count
towards a quorum), so the quorum can never be met.
Fix: give the member a voting seat (`seats ... ID 1`) or drop it from the
quorum.";

    PartnersNotMixed = "E0203", Error, "the partners do not include both an NHS body and a council",
"Source: regulation 2(1) of the NHS Bodies and Local Authorities Partnership
Arrangements Regulations 2000 (SI 2000/617), as made (not read: the amended
text): \"partners\" means one or more NHS bodies and one or more local
authorities. An arrangement among councils alone, or among NHS bodies alone,
is not a section 75 arrangement.
Fix: add the missing party, or correct a partner's kind.";

    PartnerKindNotInForce = "E0204", Error, "a partner's kind of body did not exist at the agreement's date",
"Source: regulation 3(1) of the 2000 Regulations (SI 2000/617), as amended
(not read: its list of NHS bodies, as made or as amended), and the Acts that
made and abolished each kind of body (listed below, kind by kind; s.75(7A)
for combined authorities): the bodies that may be partners change over time.
Primary care trusts existed until 31 March 2013, clinical commissioning
groups from 1 April 2013 to 30 June 2022, integrated care boards from 1 July
2022; health authorities until 2002, NHS trusts from April 1991, foundation
trusts from April 2004, NHS England from April 2013, combined authorities
(as partners) from 2016. A care trust is judged by its own kind: a PCT
designated a care trust ended with the PCTs. The agreement's date is its
`signed` date, or else the first day of its term.
Fix: correct the partner's kind or the dates (an agreement of 2017 with the
CCGs of the day says `ccg`).";

    PartnerKindEnds = "W0205", Warning, "a partner's kind of body was abolished during the term",
"Source: regulation 3(1) of the 2000 Regulations (SI 2000/617), as amended
(not read: its list of NHS bodies), and the Acts that replaced
primary care trusts (Health and Social Care Act 2012) and clinical
commissioning groups (Health and Care Act 2022). The agreement runs past the
date its partner's kind of body ceased to exist, so for the rest of the term
the party is its successor (an ICB for a CCG), under a transfer scheme.
Good practice: vary the agreement to name the successor, or end the term
when the body ceased.";

    ExcludedFunction = "E0206", Error, "a function the regulations exclude is in a pool",
"Source: regulation 5 of the NHS Bodies and Local Authorities Partnership
Arrangements Regulations 2000 (SI 2000/617) as substituted by SI 2012/3094
(substituted text not read); the exclusions as read in its companion made the
same day, SI 2000/618 reg 2(2)(a) to (c): functions in respect of the
provision of surgery, radiotherapy, termination of pregnancies, endoscopy,
the use of Class 4 laser treatments and other invasive treatments, emergency
ambulance services and listed drugs; reg 5 also excludes the primary care
contractors' services. Rehabilitation and services that avoid admission to
hospital are expressly included (reg 2(1)(a)(i)).
A function is excluded by what it is, whatever it is called: an NHS function
whose declared category (`function ID \"Name\" nhs CATEGORY`) is an excluded
one may not be paid for from a pool or commissioned under the agreement.
Fix: take the function out of the pool and the lead commissioning, or, if it
is in fact something else, declare its true category (`nhs rehabilitation`).
`concordat explain E0206` lists the excluded categories.";

    ManagerNotOfHost = "E0207", Error, "the pool manager is not an officer of the host",
"Source: regulation 7 of the 2000 Regulations (SI 2000/617), as amended,
paragraph (4) as agreements cite it (not read: the text of regulation 7 after
paragraph (3)(g), as made or as amended by SI 2012/3094): the partners agree
which of them is the host, responsible for the pool's accounts and audit, and
the pool manager (the pooled fund manager) is an officer of the host. An
officer seconded to the host under section 113 of the Local Government Act
1972 counts as the host's: that comes from the practice of agreements, not
from the Regulations.
Fix: name the host as the manager's employer (`manager \"Title\" of HOST`), or
make the manager's employer the host.";

    NoManager = "E0208", Error, "a pooled fund has no manager",
"Source: regulation 7 of the 2000 Regulations (SI 2000/617), as amended,
paragraph (4) as agreements cite it (not read: the text of regulation 7 after
paragraph (3)(g), as made or as amended by SI 2012/3094): each pooled fund has
a pool manager (the pooled fund manager), an officer of the host who manages
the pool and reports on it quarterly and annually.
Fix: add `manager \"Title of the officer\"` (optionally `of HOST`).";

    TwoLeads = "E0209", Error, "a function has two lead commissioners for the same partner",
"Source: good practice, domain rule 16 (a scheme specification names one lead
commissioner): exactly one partner commissions a function on behalf of each
partner. With two, nobody can tell which contract binds, and each can say the
other was responsible.
Fix: keep one `lead ... commissions FUNCTION for ...` line per function and
partner.";

    AccountabilityCycle = "E0210", Error, "lines of reporting or accountability go round in a loop",
"Source: good practice, domain rule 18 (the governance of real agreements, such
as Rotherham's groups answering to the health and wellbeing board): reporting
and accountability run up to the governing body. When a body is accountable to
another that is (through others) accountable back to it, nobody is at the top
of the loop and an escalation goes round for ever. The loop is shown step by
step.
Fix: remove one of the `accountable to` (or `report ... to`) lines in the
loop, usually the one that points down.";

    NotReachingGoverningBody = "E0211", Error, "a body's lines of accountability never reach the governing body",
"Source: good practice, domain rule 18 (the governance of real agreements, such
as Rotherham's groups answering to the health and wellbeing board); neither
the Regulations nor the Better Care Fund policy framework requires it: every
body the agreement sets up answers, directly or through others, to the body
that governs the agreement. A body that answers to nobody, or only to bodies
that do not reach the governing body, can decide without oversight.
Fix: add `accountable to GOVERNING_BODY` (or to a body that is).";

    PartnerWithoutSeat = "W0212", Warning, "a partner has no seat on the governing body",
"Source: good practice, domain rule 19 (for example Rutland's board, where a
decision needs a representative of each partner): every party should have at
least one seat on the body that governs the agreement, or it is bound by
decisions it had no part in.
Fix: add the partner to the body's `seats` line.";

    SeatRolesDontAddUp = "E0220", Error, "a member's seat roles do not add up to its seats",
"Source: good practice, domain rule 19 (the board's membership is stated
exactly, so that its quorum can be checked). When a member's seats give
their roles, `seats lcc 6 (3 elected_member, 1 dass, 1 dcs, 1 dph)`, every
seat has one role: the roles must add up to the seats, or the membership is
not what either number says.
Fix: correct the number of seats or the numbers in each role.";

    QuorumNeedsMoreSeats = "E0221", Error, "the quorum requires more of a member, or of a role, than it has voting seats",
"Source: good practice, domain rule 19 (the board's quorum can be met; for
example Rutland's board, where a decision needs one CCG representative and
two council representatives, one a member and one an officer). A quorum
such as `2 of lcc (1 elected_member, 1 officer)` can be met only if the
member has that many voting seats, and, where its seats give their roles,
that many in each role. An `officer` in a quorum may be any officer,
the directors of adult social services, children's services and public
health included. Advisory seats do not count towards a quorum.
Fix: lower the number the quorum requires, or give the member more voting
seats in that role.";

    HealthAndWellbeingBoardMember = "E0222", Error, "the governing health and wellbeing board lacks a member the law requires",
"Source: Health and Social Care Act 2012, s.194(2)(a) to (f), as amended by
the Health and Care Act 2022 (integrated care boards in place of clinical
commissioning groups from 1 July 2022; the amending paragraph not read), with
s.194(5) and (6): a health and wellbeing board consists of at least one
councillor of the local authority (a), the directors of adult social
services (b), children's services (c) and public health (d), a
representative of the Local Healthwatch organisation (e) and a
representative of each relevant integrated care board (f; each relevant
clinical commissioning group before 1 July 2022).
When the body that governs the agreement is a health and wellbeing board
(`body hwb \"...\" health_and_wellbeing_board {`), each NHS commissioner
partner of the agreement's date (ICBs from 1 July 2022, CCGs before) needs a
seat, a Local Healthwatch (`external ID \"Name\" local_healthwatch`) needs a
seat, and a council partner needs a seat; where the council's seats give
their roles, one of them is an elected member and one each is the three
directors. Advisory seats count: they are members.
Fix: add the missing member to the board's `seats` line, with its role.";

    CouncilRoleOutsideCouncil = "E0223", Error, "a seat role only a council has is given to another member",
"Source: Health and Social Care Act 2012, s.194(2)(a) to (d): the
councillors and the directors of adult social services, children's services
and public health are the local authority's. An NHS body or an external
member sits through officers or other representatives, not elected members
or a council's statutory directors, so such a role on its seats is a
mistake, and would make a board look as if it had the members the law
requires.
Fix: give the role to the council partner's seats, or write `officer`.";

    QuorumRequirementsExceedCount = "W0228", Warning, "the members a quorum requires add up to more than the quorum",
"Source: good practice, domain rule 19 (the quorum is stated exactly). A
quorum of 3 `including 2 of lcc, 2 of icb` in fact needs 4 members present,
and `1 of lcc (1 elected_member, 1 officer)` in fact needs 2 of `lcc`: the
number written is not the quorum the body works to.
Fix: raise the quorum, or the member's number, to what the requirements add
up to, or lower the requirements.";

    LeadOutsidePool = "E0214", Error, "a lead commissions a function its pool does not hold",
"Source: regulation 7(1) and (3)(c) of the 2000 Regulations (SI 2000/617), as
made (not read: the amended text): payments from a pooled fund go towards
\"expenditure incurred in the exercise of\" the functions the agreement
specifies; and good practice, domain rule 16 (one lead per function). A `lead`
line inside a pool commissions, from that pool's money, a function the pool
does not pay for: the arrangement is in the wrong pool, or the pool's
`functions` line is incomplete.
Fix: add the function to the pool's `functions`, or move the `lead` line to
the pool that holds it.";

    CareTrustNotAKind = "E0217", Error, "a care trust is a designation of an NHS body, not a kind of body",
"Source: s.77(1) of the NHS Act 2006 (read as at 1 March 2007): the
Secretary of State may designate a primary care trust or an NHS trust that
is party to delegation arrangements with a council as a care trust;
regulation 2 of SI 2012/3094 (Part 2, read as made): from April 2013 the
body designated is a clinical commissioning group, an NHS trust or an NHS
foundation trust (not read: s.77 as amended by the Health and Care Act
2022, taken to name integrated care boards in place of CCGs). The body
keeps its own kind, and that kind's dates: commissioning care trusts were
primary care trusts and ended with them on 31 March 2013.
Fix: write the body's own kind and the designation,
`partner ct \"...\" primary_care_trust designated care trust from 2010-04-01`.";

    CombinedAuthorityFunction = "E0218", Error, "a combined authority pools or commissions a function other than public health",
"Source: s.75(7A) to (7J) of the NHS Act 2006 (inserted by the Cities and
Local Government Devolution Act 2016, Sch 4 para 6, and the Levelling-up
and Regeneration Act 2023, Sch 4 para 168), as applied by, for example,
regulation 24(1) of the East Midlands Combined County Authority
Regulations 2024 (SI 2024/232; in force 28 February 2024, the day after it
was made, reg 1(2)): s.75 and the regulations under it \"apply to the
Combined County Authority in the exercise of its public health functions\".
Not read: the text of s.75(7A) to (7J). A combined authority may enter
into s.75 arrangements for its public health functions only, not for
social care or NHS functions.
Fix: declare the function `public_health` if it is one, or make the council
that holds the function the partner.";

    DelegateReplacesOwner = "E0213", Error, "a delegated function's statutory owner is not accountable for its obligation",
"Source: section 75(5) of the National Health Service Act 2006 (not read in
the Act, whose text could be read only to section 75(1); the words follow a
summary of the section): arrangements do not affect the liability of the
partners for the exercise of their own functions. When a partner delegates a
function to a lead commissioner, the partner whose function it is stays
accountable, so an obligation about that function must keep it among its
owners; the lead may be added, but may not replace it.
Fix: add the statutory owner to the obligation's `owner` line.";

    CareTrustWithoutDelegation = "W0226", Warning, "a care trust's designation and its delegation arrangements do not match",
"Source: s.77(1) of the NHS Act 2006 (read as at 1 March 2007): a body may
be designated a care trust only if it is, or will be, party to delegation
arrangements with a council, and its designation is to promote its
exercise of the council's health-related functions under them. So a
designated care trust should exercise, as lead commissioner, a council
function for a council partner (`lead ct commissions asc for council`); an
agreement citing s.77 in its basis should have a designated partner; and
an agreement with a designated partner that writes its basis should cite
s.77; and a designation's dates, where written, should reach the
agreement's.
Fix: add the delegation (`lead`), the designation (`designated care
trust`) or s.77 to the basis, whichever is missing.";

    UnknownBasis = "W0227", Warning, "a basis names a section or Act the checker does not know",
"Source: the NHS Act 2006, ss.75, 76, 77, 256, 65Z5 and 65Z6, the sections
the checker knows (see `concordat explain basis`). A section or Act it does
not know drives no rule, and the agreement is checked as under s.75. The
Act is known as \"NHS Act 2006\" or \"National Health Service Act 2006\".
Fix: correct the section or the Act's name; an agreement made under s.31
of the Health Act 1999 before 2007 may cite s.75, which replaced it.";

    PoolWithoutFunctions = "E0215", Error, "a pool pays for no functions",
"Source: SI 2000/617 reg 7(1) (a pooled fund is one out of which payments may
be made towards expenditure incurred in the exercise of NHS functions or
health-related functions) and reg 7(3)(c) (the written agreement specifies
both the NHS functions and the health-related functions that are the subject
of the arrangements). A `pool` with no `functions` line says nothing of what
its money may be spent on.
Fix: add `functions a, b` naming the NHS and council functions the pool pays
for (each declared with `function ID \"Name\" KIND`).";

    OneSidedPool = "E0216", Error, "a pooled fund holds the functions of one side only",
"Source: SI 2000/617 reg 7(3)(c): the agreement for a pooled fund specifies
both the NHS functions and the health-related functions that are its subject;
and section 75(2)(a) of the NHS Act 2006 (a fund of contributions by NHS
bodies and councils for both their prescribed functions; its text as amended
not read). A pool whose functions are all NHS functions, or all council
functions (health-related, social care or public health), is not such a
fund: it is lead commissioning or a transfer of money, written as a pool.
Not checked for aligned budgets (not reg 7 pools) nor for a pool holding a
function of no stated kind or of kind `other`.
Fix: add the other side's functions to the pool's `functions`, or write the
arrangement as what it is (an aligned budget, or lead commissioning).";

    NameSuggestsExclusion = "W0224", Warning, "a function's name suggests an excluded treatment: declare its category",
"Source: SI 2000/617 reg 5 as substituted by SI 2012/3094 (substituted text
not read; exclusions as read in SI 2000/618 reg 2(2)). The exclusions are of
functions in respect of the provision of surgery, radiotherapy, termination
of pregnancies, endoscopy, Class 4 laser and other invasive treatments and
emergency ambulance services, whatever a function is called, so E0206
decides by a function's declared category, never by its name. An NHS
function (or one of no stated kind) with no category whose name or id holds
a word such as surgery, operation, radiotherapy, termination, endoscopy,
laser, invasive, ambulance or paramedic, or a word of the project's
`excluded_treatments` in concordat.toml, may be one of them.
Rehabilitation is never flagged, nor a GP surgery (the practice).
Fix: declare the function's category after `nhs` (`nhs rehabilitation`,
`nhs community_health`...; an excluded one is refused by E0206).";

    FunctionWithoutKind = "W0225", Warning, "a function does not say whose statutory function it is",
"Source: SI 2000/617 regs 5 and 6 (the NHS functions and the councils'
health-related functions that may be pooled) and section 75(2)(a) of the NHS
Act 2006. Whether a function may be pooled, whether it is excluded (E0206),
who may delegate it (E0213) and whether a pool holds both sides (E0216) all
depend on whose function it is.
Fix: write its kind after its name: `nhs` (with its category), `health_related`
(`council`), `social_care`, `public_health`, or `other \"Act, section\"`.";

    MissingContributions = "E0301", Error, "a year of the term has no contributions",
"Source: regulation 7(3)(b) of the 2000 Regulations (SI 2000/617), as made
(not read: the amended text): the written agreement for a pooled fund
specifies \"the contributions to be made to the pooled fund by each of the
partners and how those contributions may be varied\". This rule enforces one
way of doing so: a `contributions YEAR { ... }` table in each pool for each
financial year of the term, or the pool has no money that year (for an
aligned budget, which is not a pooled fund, the same is good practice,
domain rule 14). How the contributions vary is written in the table: a
later year's entry may be `PARTNER uplifted 5.66%` (the year before's,
uplifted) or `PARTNER as notified` (a figure notified later and supplied by
an allocations file), as a multi-year Better Care Fund agreement uplifts the
NHS minimum.
Fix: add the table for the year named, with figures or formulas (an empty
year may be written as `contributions 2018/19 { }` only if no partner pays
in).";

    NegativeContribution = "E0302", Error, "a contribution is negative",
"Source: good practice, domain rule 14 (no contribution is negative).
A contribution is money a partner pays into a pool; it cannot be below zero.
A reduction is written as a smaller contribution, a repayment as a risk-share
rule.";

    TotalMismatch = "E0303", Error, "a pool's declared total does not add up",
"Source: good practice, domain rule 14 (per year, the partners' contributions
sum to the pool's total).
The pool states a total, and the contributions (and grants) for the years it
covers add up to a different figure, to the penny. One of them is wrong; the
difference is shown.
A pool may state one total over its years (`total £X`, `each year`, `over A
to B`) or one total for each of several years (`total £X in 2017/18`), each
checked against its own year.
Fix: correct the contributions or the total.";

    SharesNot100 = "E0304", Error, "fixed shares do not add up to 100%",
"Source: good practice, domain rule 15 (risk-share percentages sum to 100%, as
in real agreements' risk-share clauses), applied to attributions too.
A fixed split of an overspend, an underspend or an obligation's attribution
must give out the whole amount: its percentages must add up to exactly 100%.
Otherwise part of an overspend falls on nobody, or more than all of it is
charged.
Fix: correct the percentages; the sum is shown.";

    ContributionOutsideTerm = "E0305", Error, "contributions are given for a year outside the term",
"Source: good practice, domain rule 14 (the years covered equal the term).
A contributions table names a financial year that is not within the
agreement's term, so the money can never be pooled under this agreement.
Fix: correct the year, or extend the term.";

    RepeatedContribution = "E0306", Error, "a partner contributes twice in one year",
"Source: good practice, domain rule 14 (one contribution per partner and year,
summing to the pool's total).
A contributions table lists the same partner twice, or a pool has two tables
for the same year, so the partner's contribution is ambiguous.
Fix: merge the lines into one amount.";

    AlignedBudgetPooled = "E0307", Error, "an aligned budget has a host or shares risk",
"Source: good practice, domain rule 23: an aligned (non-pooled) budget stays in
each partner's own accounts. It has no host, and an overspend stays with the
partner whose budget it is, so it cannot be shared by contribution or fixed
shares. A budget with a host or a shared risk is in fact a pooled fund, with
regulation 7's duties.
Fix: remove the host and the risk share, or declare it as a `pool`.";

    GrantOutsideTerm = "E0309", Error, "a grant gives an amount for a year outside the term",
"Source: good practice, domain rule 14 (the years covered equal the term), for
grants as for contributions.
A grant's amount for a year before or after the agreement's term is in no
year's budget, so it was silently left out of every total and settlement.
Fix: correct the year, or extend the term.";

    NegativeCap = "E0308", Error, "a risk-share cap is negative",
"Source: good practice, domain rule 15: a cap limits how much of an overspend a
partner can be asked to bear; below zero it would pay the partner to
overspend.
Fix: write the cap as a positive amount.";

    UnderspendBorne = "W0310", Warning, "an underspend is said to be borne by a partner",
"Source: good practice, domain rule 15 (risk-share rules), in the words real
agreements use for an underspend (domain notes section 2.2).
\"Borne by\" is said of a loss. An underspend is money left over: a partner
keeps it, or it is returned to a partner, retained in the pool or shared.
`underspend borne by host` is read as `underspend kept by host`, but the
summary for the board would otherwise speak of the host bearing a gain.
Fix: write `underspend kept by PARTNER` (the partner keeps it all) or
`underspend returned to PARTNER` (it is paid back to that partner).";

    ForecastThresholdNotPositive = "E0330", Error, "a forecast trigger's threshold is not above zero",
"Source: good practice, domain §2.2 item 6 (a projected variance triggers
the pool manager's action plan).
`on forecast variance over 2% { ... }` says how far the pool's forecast
outturn may stray from the year's budget (a percentage of the budget, or
an amount: `over £250k`) before the pool manager's ladder is climbed. A
threshold of zero or less would trigger on every forecast, even one equal
to the budget.
Fix: give a threshold above zero.";

    ForecastTriggerOnAligned = "E0331", Error, "an aligned budget has a forecast trigger",
"Source: regulation 7(4) of the NHS Bodies and Local Authorities Partnership
Arrangements Regulations 2000 (SI 2000/617), as made (not read: its text,
taken from domain §2.1): the pool manager of a pooled fund; good
practice, domain §2.2 item 6.
An aligned budget stays in each partner's own accounts: it has no pool
manager, no shared forecast outturn and no shared over- or underspend, so
no forecast variance of it can trigger a pool manager's ladder.
Fix: remove the trigger, or make the budget a pooled fund (`pool`).";

    ReserveLargerThanPool = "W0311", Warning, "a risk reserve is larger than the pool it serves",
"Source: good practice, domain rule 15 (the risk reserve is no larger than the
pool).
A cascade step `first from reserve £X` bears an overspend up to £X before the
partners share the rest; a named reserve (`reserve ID { amount £X ... }`)
bears it for every pool it serves, so it is compared with those pools
together. A reserve larger than the pool's budget (its
contributions and grants) in a year of the term is more than the pool spends
in that year: `assess` then settles any overspend from it and no partner
bears a penny. More often the figure has a digit to spare or the wrong
suffix (`bn` for `m`).
Fix: write the reserve the agreement sets aside, no larger than the pool's
smallest year.";

    SchemePlansNotBudget = "E0310", Error, "a pool's scheme plans do not add up to its budget",
"Source: good practice, domain rules 14 and 15 (money adds up); the scheme
specifications of an agreement give each scheme its budget (domain notes
section 2.1).
Where a pool is divided into schemes, the schemes' plans for a year are what
the pool spends that year: they add up to the pool's budget (contributions
and grants) to the penny. A difference is money nobody planned to spend, or
spending nobody paid for.
Fix: correct a scheme's `plan` or the contributions, for each year named.";

    UncommittedOverPlan = "E0311", Error, "a scheme's uncommitted allocation is larger than its plan",
"Source: good practice, domain rule 15; the overspend cascade of domain notes
section 2.2 item 5 (\"cut uncommitted scheme allocations\").
An uncommitted allocation is the part of a scheme's plan for the year not yet
committed to contracts, which an overspend cascade may cut. It cannot be more
than the plan, and there is nothing to cut in a year the scheme has no plan.
Fix: correct the `uncommitted` amount, or add the year's `plan`.";

    SchemeFundingNotInPool = "E0312", Error, "a scheme is funded by a partner or grant the pool does not have",
"Source: good practice, domain rule 14 (contributions per partner per year);
a scheme's funding streams are the pool's money (domain notes section 2.1).
`funded by` names the streams a scheme's money comes from: partners
contributing to the pool, and the pool's own grants. A partner that pays
nothing into the pool, or a grant of another pool, cannot fund it.
Fix: name the pool's contributors and grants, or move the scheme to the pool
that has the money.";

    ReserveNotServing = "E0313", Error, "a pool draws on a risk reserve that does not serve it",
"Source: good practice, domain rule 24 (overspend cascades name only defined
reserves or pools).
A risk reserve says which pools may draw on it (`serves`). A cascade step
`from reserve ID` in another pool would spend the partners' reserve on a
pool they did not fund it for.
Fix: add the pool to the reserve's `serves` line, or draw on the pool's own
reserve.";

    UnderspendOfItself = "E0314", Error, "an overspend cascade draws on the pool's own underspend",
"Source: good practice, domain rule 24 (overspend cascades name only defined
reserves or pools); domain notes section 2.2 item 5 (\"underspends in either
pool\").
A pool in a year has either an overspend or an underspend, never both: a step
`from underspend of` its own pool can never take anything. The clause means
another pool's underspend.
Fix: name the other pool.";

    PaymentOverContribution = "E0315", Error, "a payment for performance is more than the partner's contribution",
"Source: good practice, domain rule 14; payment for performance, domain notes
section 2.3 (Rotherham: \"£0.4M of the £23M … paid only if\" non-elective
admissions fell).
A payment for performance is part of a partner's contribution to the pool
for the year, paid in only if an obligation is met. It cannot be more than
the contribution, and a partner paying nothing that year has nothing to hold
back.
Fix: correct the amount or the year, or add the partner's contribution.";

    NoCommissioners = "E0316", Error, "a risk is shared by commissioning, but nobody is said to commission",
"Source: domain notes section 2.2 item 4 (Rotherham: risk falls \"pro rata to
the proportion of that scheme commissioned by each partner\").
`shared by commissioning` shares in proportion to what each partner
commissions: a scheme's `lead` or `commissioned by` shares, and for a pool
its schemes' plans. With no scheme saying who commissions it (and, for a
pool, what it plans to spend), there is nothing to share by, and `assess`
could not place a penny.
Fix: give the schemes a `lead` or `commissioned by` line and their `plan`,
or share by contribution.";

    CutWithoutUncommitted = "E0317", Error, "a cascade cuts uncommitted scheme allocations, but no scheme has any",
"Source: domain notes section 2.2 item 5 (the overspend cascade: \"cut
uncommitted scheme allocations\").
The step `cut uncommitted scheme allocations` takes an overspend from the
allocations of the pool's schemes not yet committed. Where no scheme of the
pool (or the scheme itself, for a scheme's own rule) states an `uncommitted`
amount, the step can never take anything and the overspend falls on the next
step unseen.
Fix: state each scheme's `uncommitted` allocation by year, or remove the step.";

    SchemeLeadAndJoint = "E0319", Error, "a scheme has both one lead and joint commissioners",
"Source: good practice, domain rule 16 (exactly one lead commissioner per
commissioned function or scheme); domain notes section 2.2 item 4.
A scheme is commissioned either by one lead (`lead PARTNER`) or jointly, in
stated proportions (`commissioned by PARTNER N%, ...`), not both: sharing its
risk by commissioning would count the lead twice.
Fix: keep one of the two lines.";

    NoSchemeCommissioner = "W0312", Warning, "a scheme does not say who commissions it",
"Source: good practice, domain rule 16 (exactly one lead commissioner per
commissioned function or scheme).
A scheme names the partner that commissions it (`lead PARTNER`), or the
partners that commission it jointly and in what proportion (`commissioned by
PARTNER N%, ...`). Without either nobody is accountable for buying the
service, and a risk shared by commissioning cannot be worked out.
Fix: add `lead PARTNER` or `commissioned by PARTNER N%, PARTNER N%`.";

    ReserveUnused = "W0313", Warning, "a risk reserve is never drawn on",
"Source: good practice, domain rule 24 (overspend cascades name only defined
reserves or pools).
A risk reserve the partners fund that no overspend cascade draws on
(`from reserve ID`) does nothing: `assess` never settles an overspend from
it. Usually a pool's cascade was written with an amount (`from reserve £X`,
a reserve of its own, renewed each year) instead of the reserve's name.
Fix: write `from reserve ID` in the cascades of the pools it serves, or
remove the reserve.";

    UpliftWithoutBase = "E0320", Error, "a contribution is uplifted from a year the partner made none",
"Source: regulation 7(3)(b) of the 2000 Regulations (SI 2000/617), as made
(not read: the amended text): the agreement specifies the contributions \"and
how those contributions may be varied\".
`PARTNER uplifted N%` is the partner's contribution to the same pool in the
financial year before, uplifted by N%. The pool has no contributions table
for the year before, or the partner is not in it, so the uplift has nothing
to start from and the year's figure cannot be known.
Fix: give the partner's contribution for the year before (a figure, an
uplift or `as notified`), or write this year's figure.";

    BadUplift = "E0321", Error, "an uplift's percentage is negative or gives an amount too large",
"Source: regulation 7(3)(b) of the 2000 Regulations (SI 2000/617), as made
(not read: the amended text), and good practice, domain rule 14 (no
contribution is negative).
`uplifted N%` raises the year before's contribution by N%. A negative
percentage is a cut, not an uplift (and one below -100% would make the
contribution negative); write a reduced year as a figure. An uplift whose
result is too large to hold exactly has a percentage with digits to spare.
Fix: write the percentage the agreement gives (`uplifted 5.66%`), or the
year's figure.";

    PassThroughExceedsGrant = "E0322", Error, "a grant passes on more than it gives in a year",
"Source: good practice, domain rule 14 (the money of a pool adds up to the
penny), for grants passed on to other bodies.
A grant may pass part of its money to another body (`passed to districts
£2m in 2017/18`, or `passed to districts 20%` of each year's amount), as a
county passes the Disabled Facilities Grant to its district councils. The
amounts and percentages passed on in a year add up to more than the grant
gives that year (nothing, for a year it gives no amount), so money is passed
on that the pool never received.
Fix: correct the amounts passed on, or the grant's amount for the year.";

    PassThroughPercent = "E0323", Error, "a grant passes on more than 100% (or less than 0%)",
"Source: good practice, domain rule 14 (the money of a pool adds up to the
penny), for grants passed on to other bodies.
`passed to BODY N%` passes N% of each year's amount on. A percentage below
0% or above 100%, or percentages adding up to more than 100%, pass on more
than the whole grant.
Fix: correct the percentages so that each is between 0% and 100% and they
add up to at most 100%.";

    UnknownGrant = "E0324", Error, "an allocation cut names no grant of the agreement",
"Source: good practice, domain rule 22 (each remedy names what it acts on);
the Ministers' letter of 10 October 2017 to 32 councils, as reported (not
read: the letter itself), reserved \"the right to reduce the published
allocation\" of the improved Better Care Fund.
`reduce GRANT allocation by £X in the next year` is a consequence of a miss:
the body paying the grant cuts its next allocation (the 2017 improved Better
Care Fund grant letters reserved the right to reduce the published
allocation). It names a grant declared nowhere in the agreement, so the cut
cannot be computed against the grant's next-year allocation.
Fix: name a grant declared in a pool (`grant ID \"Name\" from ... through
... { ... }`), or declare it.";

    PeriodOutsideTerm = "E0401", Error, "an obligation's period lies outside the term",
"Source: good practice, domain rule 20 (the term covers every deadline, target
date and trajectory point; regulation 7(3)(f) of the 2000 Regulations has the
agreement specify \"the duration of the arrangements\").
An obligation's target date and trajectory milestones must fall within the
agreement's term: after the agreement ends nobody is bound to meet them.
(The baseline may lie before the term: it is the starting point.)
Fix: move the period into the term, or extend the term.";

    DirectionConflict = "E0402", Error, "the target goes against the metric's direction",
"Source: good practice, domain rule 21 (the Better Care Fund's metrics each
have a unit, a direction, a baseline, a period and a data frequency).
A metric where lower is better needs a target `at most` a value, and one
where higher is better needs `at least` a value. The two disagree, so it is
unclear whether a higher figure is a success or a miss.
Fix: correct the direction of the metric or the target.";

    UnitMismatch = "E0403", Error, "a value is not in the metric's unit",
"Source: good practice, domain rule 21 (the Better Care Fund's metrics each
have a unit, a direction, a baseline, a period and a data frequency).
Baselines, targets, milestones and tolerances are in the metric's unit: a
percentage for `percent`, an amount of money for `pounds`, a plain number for
everything else.
Fix: write the value in the metric's unit.";

    BaselineAfterTarget = "E0404", Error, "the baseline comes after the target",
"Source: good practice, domain rule 21 (the Better Care Fund's metrics each
have a unit, a direction, a baseline, a period and a data frequency), and a
trajectory moves from its baseline toward its target.
The baseline is where the measure starts from and the target where it must
be by a later period. A baseline after its target cannot describe progress.";

    ClawbackExceedsSum = "E0405", Error, "a clawback or withholding is larger than the sum it applies to",
"Source: good practice, domain rule 22 (real agreements' and the Better Care
Fund's remedies: each has a trigger, a party and a deadline): any sum withheld
or clawed back is no larger than the sum it is taken from. A percentage above
100%, or an amount above the fund or contribution named, cannot be applied.
Fix: correct the amount or what it is taken from.";

    RemedyWithoutDeadline = "W0406", Warning, "a remedy has no deadline",
"Source: good practice, domain rule 22 (real agreements' and the Better Care
Fund's remedies: each has a trigger, a party and a deadline): each remedy
(escalation, recovery plan) has a deadline, or it can be put off indefinitely.
Fix: add `within N days` (or weeks or months) to the step.";

    RemedyWithoutParty = "W0407", Warning, "a remedy does not say who pays",
"Source: good practice, domain rule 22 (real agreements' and the Better Care
Fund's remedies: each has a trigger, a party and a deadline): each remedy has
a responsible party. A jointly owned obligation with no attribution, whose
withholding or clawback does not say `from` whom, leaves the amount to be
argued over. (With an attribution, the owner that missed pays.)
Fix: add `from PARTNER` to the step, or an `attribution` line.";

    TrajectoryMovesAway = "W0408", Warning, "a trajectory moves away from its target",
"Source: good practice, domain rule 21 (the Better Care Fund's metrics each
have a unit, a direction, a baseline, a period and a data frequency): a
trajectory moves step by step toward its target. A milestone that goes the
wrong way (a rise where the target is `at most`, a fall where it is
`at least`) is usually a typing mistake, and it lets a partner slip back
without missing.
Fix: correct the milestone, or say why in the agreement's text.";

    NoReporting = "W0409", Warning, "nobody receives reports on an obligation",
"Source: good practice, domain rule 17 (every report recipient is a party or a
body the agreement defines, so that each obligation is monitored). Regulation
9(4) of the 2000 Regulations (SI 2000/617) is not its source: it has councils
exercising NHS functions report \"both quarterly and annually\" to the NHS
bodies, and a pool's reports are the pool manager's, under regulation 7 (not
read past paragraph (3)(g)). An obligation that nobody receives reports on
cannot be monitored, and a miss is found only at audit.
Fix: add `report quarterly to BODY`.";
    FiguresUnstated = "W0420", Warning, "a metric does not say what its figures are",
"Source: good practice, domain rule 21 (each metric has a unit, a direction, a
baseline, a period and a data frequency). Whether a figure is for its period
alone, the year to date, a rolling 12 months or the whole year decides what
it is compared with: a year-to-date count against the cumulative plan, an
annual figure only once a year. Without `figures`, a metric is assessed as
in period and quarterly, with no publication lag: the tool's defaults.
Fix: add `figures in period, quarterly` (or `year to date`, `rolling 12
months`, `annual`; `monthly`; `published 2 months later`).";

    FiguresContradict = "E0421", Error, "a metric's figures contradict themselves",
"Source: good practice, domain rule 21 (the Better Care Fund's metrics each
have a unit, a direction, a baseline, a period and a data frequency).
An annual figure comes once a year; a figure that comes once a year is an
annual figure. `figures annual, quarterly` and `figures in period, annually`
cannot both hold.
Fix: write `figures annual`, or say what the more frequent figure covers.";

    PointWithoutFigure = "E0422", Error, "a trajectory point is for a period the metric has no figure for",
"Source: good practice, domain rule 21 (the Better Care Fund's metrics each
have a unit, a direction, a baseline, a period and a data frequency).
A baseline, milestone or target is a figure the metric will have: an annual
metric has one for whole years only, and a metric has figures for months
only when it says so (`figures in period, monthly`). A point for another
period could never be compared with a return.
Fix: give the point for a period the metric has, or correct the `figures`
line.";

    ReportsOutrunFigures = "W0423", Warning, "a metric is to be reported more often than it has figures",
"Source: good practice, domain rule 21 (reporting is no more frequent than the
data). A monthly report on quarterly figures can only repeat the last
figure, and a return that does so is not evidence of anything.
Fix: report as often as there are figures, or say the metric has more
frequent figures.";


    TargetWorseThanBaseline = "W0410", Warning, "a target is worse than the baseline",
"Source: good practice, domain rule 21 (the Better Care Fund's metrics each
have a unit, a direction, a baseline, a period and a data frequency): a metric
has a direction and a trajectory moves toward the target. A target worse than
the baseline in that direction (`at most 15.0` where the baseline is 14.6 and
lower is better) asks for things to get worse. That may be deliberate (a rise
held down below the trend), but it is usually a typing mistake in one of the
two figures, and it turns every figure between them into a pass.
Fix: correct the target or the baseline; if a worse figure is really the
aim, say why in the agreement's text.";

    NegativeTolerance = "E0411", Error, "a tolerance is negative",
"Source: good practice, domain rule 21 (the Better Care Fund's metrics each
have a unit, a direction, a baseline, a period and a data frequency): a
tolerance is how far from the expected value a figure may be and still count
as met. Below zero it would make a figure better than expected count as a
miss.
Fix: write the tolerance as a positive number (`tolerance 2 points`,
`tolerance 5% of expected`), or leave it out for none.";

    AttributionNotOwner = "E0412", Error, "an attribution gives a share to a partner who is not an owner",
"Source: good practice, domain rules 17 and 22: an attribution shares a
jointly owned obligation between its owners, so that each knows the part of
the figure and of any withholding it answers for. A share given to a partner
that does not own the obligation holds it to a duty it never took on, and
takes that share away from the owners.
Fix: correct the name (the nearest owner is suggested), or add the partner
to the `owner` line.";

    OwnerNotAttributed = "E0413", Error, "an owner is left out of an attribution",
"Source: good practice, domain rules 17 and 22: an attribution with fixed
shares names every partner that owns the obligation. An owner left out has
no part of the figure or of a withholding, so it answers for nothing while
the agreement says it is accountable.
Fix: give the owner its share (the shares still add up to 100%), or take it
off the `owner` line.";

    AttributionSingleOwner = "W0414", Warning, "an attribution on an obligation with one owner",
"Source: good practice, domain rule 22 (real agreements' and the Better Care
Fund's remedies: each has a trigger, a party and a deadline): an attribution
says how a jointly owned obligation is shared. With one owner there is nothing
to share: the owner answers for the whole of it. The line is probably left
over from an earlier draft, or an owner is missing from the `owner` line.
Fix: remove the `attribution` line, or add the other owners.";

    WaiverNotOwner = "E0415", Error, "a waiver excuses a partner that does not own the obligation",
"Source: good practice, domain rules 17 and 22: a waiver is the governing
body's decision to excuse an owner of an obligation for some periods, so that
a miss in them does not climb the ladder of consequences. A partner (or body)
that does not own the obligation has no misses to excuse, so the waiver means
nothing for it; usually the wrong owner or the wrong obligation is named.
Fix: name an owner of the obligation (they are listed), or the obligation
meant.";

    WaiverOutsideTerm = "E0416", Error, "a waiver excuses periods outside the term",
"Source: good practice, domain rule 20 (the term covers every deadline, target
date and trajectory point; regulation 7(3)(f) of the 2000 Regulations has the
agreement specify \"the duration of the arrangements\"): the agreement binds
its partners only during its term, so there is nothing to excuse before it
starts or after it ends. A period outside the term is usually a typing mistake
in the year.
Fix: correct the periods (`for 2017/18 Q3 to 2017/18 Q4`), or extend the
term.";

    WaiverDates = "E0417", Error, "a waiver expires before it is agreed, or before the periods it excuses",
"Source: good practice, domain rule 22 (real agreements' and the Better Care
Fund's remedies: each has a trigger, a party and a deadline): a waiver is
agreed on a date and is in force until it expires. One that expires before the
date it was agreed was never in force; one that expires before the first
period it excuses has ended (31 December 2017 is the end of 2017/18 Q3) before
any figure it excuses is due. One of the dates is wrong.
Fix: correct the date agreed, the expiry or the periods.";

    WaiverWithoutMinute = "W0418", Warning, "a waiver does not cite the minute that records it",
"Source: good practice, domain rule 22 (real agreements' and the Better Care
Fund's remedies: each has a trigger, a party and a deadline): a waiver changes
who answers for a miss, so the decision should be traceable to the minute of
the meeting that made it. Without a minute reference nobody can check that the
board agreed it.
Fix: add the reference: `agreed by hwb on 2018-01-15, minute \"HWB 2018/07\"`.";

    WaiverExpired = "W0419", Warning, "a waiver has expired at the assessment date",
"Source: good practice, domain rule 22 (real agreements' and the Better Care
Fund's remedies: each has a trigger, a party and a deadline): a waiver is in
force from the date it is agreed until its expiry. When `concordat assess`
assesses as of a period that ends after the expiry, the waiver no longer
excuses anything: the misses it covered count again, and may climb the ladder
of consequences. The assessment report says so beside the waiver, so that a
reader knows why a miss once shown as waived is now a miss.
Fix: if the board has extended the waiver, write the new expiry (and the
minute of that decision); otherwise nothing: the misses count.";
    MissingColumn = "E0601", Error, "a return lacks a required column",
"A return is a table with a header row naming its columns: `obligation`
(or `pool`, `metric`, `item`), `partner`, `period` and `value`, and an
optional `note`. Columns are found by their header, in any order. Without
one of the four required columns no row can be read.
Fix: add the column, or correct its header.";

    UnknownColumn = "E0602", Error, "a return has a column that is not known",
"Every column of a return must be one concordat reads: `obligation`,
`partner`, `period`, `value` or `note`. Any other column would be silently
ignored, and the figures in it lost, so it is refused.
Fix: rename the column (the nearest known header is suggested), or remove
it.";

    UnknownItem = "E0603", Error, "a row names no obligation or pool of the agreement",
"Each row reports on an obligation of the agreement (its figure for the
metric) or on a pooled fund (what was spent in a financial year). The name in
the row's `obligation` column is neither. Usually a typing mistake, or a
return meant for another agreement.
Fix: correct the name; the nearest is suggested.";

    UnknownParty = "E0604", Error, "a row names no partner of the agreement",
"The row's `partner` column names a partner or governance body that the
agreement does not declare.
Fix: correct the name (the nearest is suggested), or use the return meant
for this agreement.";

    NotResponsible = "E0605", Error, "a row is reported by the wrong partner",
"A figure for an obligation is reported by one of its owners, and a pool's
spending by its host. The row names a partner that is neither, so its figure
cannot be attributed to anyone accountable for it.
Fix: name the owner (or host) whose figure it is.";

    BadReturnPeriod = "E0606", Error, "a row's period cannot be read",
"Periods are financial years, `2017/18`, or quarters, `2017/18 Q3` (Q1 is
April to June). The row's period is neither.
Fix: write the period as a financial year or a quarter.";

    ReturnOutsideTerm = "E0607", Error, "a row's period is outside the agreement's term",
"The agreement runs for the financial years of its term; a figure for a
period before or after it cannot be assessed against it.
Fix: correct the period, or remove the row if it belongs to another
agreement.";

    BadValue = "E0608", Error, "a row's value is not a number in the metric's unit",
"A value is a plain number (`1,020`, `9.8`), a percentage for a metric in
percent (`53.5` or `53.5%`), or an amount of money for spending and for
metrics in pounds (`£1,250.50` or `1250.50`, a whole number of pence). An
empty value means the figure was not available: the period counts as not
reported.
Fix: write the figure as a number.";

    DuplicateRow = "E0609", Error, "the same figure is reported twice",
"Each owner reports one figure per obligation and period, and each pool one
spending figure per year (and, in year, one plan, one forecast and one actual
to date per period). Two rows for the same one (in one file or in two)
leave it unclear which is right.
Fix: keep one row.";

    MalformedReturn = "E0610", Error, "a return file is not a readable table",
"A return must be a CSV file with a header row, a YAML list of rows (or a
mapping with such a list under `returns`), or an Excel workbook (`.xlsx`)
whose first sheet holds the table. The file could not be read as one: a row
with a different number of fields than the header, YAML that does not parse,
a workbook that is damaged or has no sheet.
Fix: correct the file at the place shown.";

    SpendNotYearly = "E0611", Error, "a forecast outturn is given for a whole year",
"Source: regulation 7(4) of the NHS Bodies and Local Authorities Partnership
Arrangements Regulations 2000 (SI 2000/617), as made (not read: its text,
taken from domain §2.1): the pool manager's quarterly reports and
annual return on income and expenditure.
A pool's over- or underspend is settled on the year's actual outturn (the
row for the year, `2017/18`, measure `actual`). Months and quarters are in-year
monitoring: for each, the plan to date, the forecast outturn for the year
and the actual spent to date (measure `plan`, `forecast`, `actual`). A
forecast is made during the year, as at a month or quarter; a forecast for
the whole year (once the year is over) is not a figure anything is judged
on. Until in-year monitoring, this code refused any pool row for a quarter.
Fix: give the forecast as at a month or quarter, or report the year's
actual spending as its outturn.";

    NoFigureForPeriod = "E0622", Error, "a row is for a period the metric has no figures for",
"The agreement says what a metric's figures are (`figures annual`, `figures
in period, monthly`): an annual figure is reported for a whole year only,
and a month only when the metric has monthly figures. A row for another
period cannot be judged against the trajectory.
Fix: report the figure for the period the metric has, or correct the
`figures` statement of the obligation.";

    BadCategory = "E0623", Error, "a row's category is not one the obligation is attributed by",
"An obligation attributed by category (`attribution by category { ... }`,
one category a line: `nhs gp`, `social_care lcc`) takes the area's figure
one category a row, in a `category` column naming one of its categories;
any other obligation takes no category.
Fix: name one of the obligation's categories, or leave the category empty
for an obligation that is not attributed by category.";

    UnknownMeasure = "E0627", Error, "a row's measure is not plan, forecast or actual",
"Source: regulation 7(4) of the NHS Bodies and Local Authorities Partnership
Arrangements Regulations 2000 (SI 2000/617), as made (not read: its text,
taken from domain §2.1): the pool manager's quarterly reports and
annual return on income and expenditure.
The optional `measure` column says what a pool's figure is: `plan` (the
budget for the year to date, or for the year), `forecast` (the forecast
outturn for the whole year, as at the period) or `actual` (spent to date;
for the year, the outturn). An empty measure is `actual`. Anything else
cannot be judged.
Fix: write `plan`, `forecast` or `actual`.";

    MeasureNotForItem = "E0628", Error, "a plan or forecast is given for something that is not a pooled fund",
"Source: regulation 7(4) of the NHS Bodies and Local Authorities Partnership
Arrangements Regulations 2000 (SI 2000/617), as made (not read: its text,
taken from domain §2.1): the pool manager reports on the pooled
fund.
Plans and forecasts are the pool manager's in-year monitoring of a pooled
fund. An obligation's row reports the figure of its metric, and an aligned
budget's spending stays with each partner, so neither has a plan or a
forecast in a return.
Fix: leave the measure empty (or `actual`) on the row, or name the pool.";

    MixedMonitoringPeriods = "E0629", Error, "a pool's year is monitored both by months and by quarters",
"Source: good practice, domain §2.2 item 6 (a projected variance triggers the
pool manager's action plan; consecutive reports climb its ladder).
Each period's forecast follows the one before: the periods of a pool's year
are its months (M1 to M12) or its quarters (Q1 to Q4), not both, so that
consecutive breaches and the actual at the year's end mean one thing.
Fix: report the year by months or by quarters, and remove the others.";

    OutturnDisagrees = "E0630", Error, "a year's outturn differs from the actual to date at its end",
"Source: regulation 7(4) of the NHS Bodies and Local Authorities Partnership
Arrangements Regulations 2000 (SI 2000/617), as made (not read: its text,
taken from domain §2.1): the annual return on income and
expenditure.
The actual to date of a year's last month (M12) or quarter (Q4) is all the
year's spending, the same spending as the year's actual outturn. When both
are reported and they differ, the settlement would depend on which one is
read.
Fix: correct the one that is wrong, or leave out the year's row and settle
on the actual to date at M12 or Q4.";

    AllocationNotNotified = "E0624", Error, "an allocation is given for a contribution not written `as notified`",
"Source: regulation 7(3)(b) of the 2000 Regulations (SI 2000/617), as made
(not read: the amended text).
An allocations file (`--allocations FILE`) supplies the figures an agreement
writes `as notified` (the Better Care Fund's NHS minimum, notified after
the agreement is signed). This row gives a figure for a partner and year
whose contribution the agreement states itself (a figure or an uplift), so
it would silently overwrite the agreement.
Fix: remove the row, or write the contribution `as notified` in the
agreement.";

    AllocationUnknown = "E0625", Error, "an allocation names no pool, partner or year of the agreement",
"An allocations file's row names a pool the agreement does not have, a
partner that makes no contribution to that pool in that year, or a year
with no contributions table, so the figure belongs to nothing.
Fix: correct the `pool`, `partner` or `year` to the agreement's ids
(`2024/25` for a year).";

    AllocationRepeated = "E0626", Error, "an allocation is given twice",
"An allocations file gives two figures for the same pool, partner and year:
which one was notified is ambiguous.
Fix: keep the row of the figure notified, and delete the other.";

    AsOfOutsideTerm = "E0612", Error, "the as-of period is outside the agreement's term",
"`--as-of` names the period the assessment is made at. It must lie within
the agreement's term; before it nothing could be due, and after it the
agreement no longer binds anyone.
Fix: give a period within the term, or leave `--as-of` out to assess as of
the latest period in the returns.";

    UnknownReturnKind = "E0613", Error, "a return file is of a kind that cannot be read",
"Returns are read from CSV (`.csv`), YAML (`.yaml`, `.yml`) and Excel
workbook (`.xlsx`) files, told apart by their extension.
Fix: save the return in one of those formats.";

    NotOneAgreement = "E0614", Error, "the agreement file does not hold exactly one agreement",
"`concordat assess` assesses returns against one agreement, so the file it is
given must hold exactly one `agreement` block.
Fix: give the file that holds the agreement alone.";

    TooManyProblems = "E0615", Error, "a return has too many problems to list",
"After 100 problems in one return file the rest are counted, not listed one
by one: usually one mistake (a wrong column, the return of another
agreement) repeated on every row.
Fix: correct the problems listed and run `concordat assess` again.";

    UnclosedQuote = "E0616", Error, "a quoted field of a return is never closed",
"In a CSV file a field that starts with a double quote runs to the next
double quote, across commas and line breaks. When that quote never comes,
every line after it would be read as part of the one field and the rows on
them silently lost, so the return is refused at the row where the quote
opens.
Fix: close the quote in that field (write a double quote inside a quoted
field as two: `\"\"`), or remove it.";

    UndecodableText = "E0617", Error, "a return's text cannot be read in its encoding",
"A CSV or YAML return is text. concordat reads UTF-8 (with or without a
byte-order mark), UTF-16 with a byte-order mark (Excel's \"Unicode text\"),
and, for a file that is not UTF-8 and has no byte-order mark, Windows-1252
(what Excel's plain \"CSV\" format writes in the UK). The file declares an
encoding its bytes do not follow, looks like UTF-16 without a byte-order
mark, or is not text at all (a workbook or a PDF saved under a `.csv`
name), so its fields cannot be read without guessing.
Fix: in Excel, save the return with \"Save as\", type \"CSV UTF-8 (Comma
delimited)\".";

    ControlInReturn = "E0618", Error, "a field of a return holds a control character",
"Names, periods, figures and notes in a return are text on one line. A
control character (a line break, an escape, a NUL byte; any but the tab)
cannot be seen when the return is opened, yet could change how a report or
a terminal shows it, so it is refused rather than passed on.
Fix: retype the field, or paste it as plain text; write a note on one
line.";

    FigureOutOfRange = "E0619", Error, "a figure is too large to assess",
"Figures are compared and added exactly, as decimals. A figure of a
thousand million million (10^15) or more, in any unit, is beyond any
return and beyond what can be worked with exactly alongside the
agreement's figures; it is almost always a mistake (digits pasted twice, a
reference number in the value column).
Fix: correct the figure.";

    WorkbookTooLarge = "E0620", Error, "a workbook is beyond the limits of a return",
"Workbooks are read within fixed limits so that a small file can never
make the reader use more memory or time than its content needs: at most
64 MiB for each part once unpacked (checked against the size the part
declares and against the bytes actually unpacked, so a zip bomb is stopped
at the limit), 1,048,576 rows, 64 columns and 10,000,000 cells on the
first sheet, 1,000,000 shared strings and 65,536 cell formats. A return is
far smaller; a file past a limit is damaged or made to attack the reader.
Fix: keep the return on the first sheet, without other content, or save it
as CSV.";

    ReturnTooDeep = "E0621", Error, "a YAML return is nested too deeply",
"A YAML return is a list of rows, each a mapping of columns to values: two
or three levels. A file nesting lists or mappings (`[[[[...`, `{{{{...`,
or ever deeper indentation) more than 32 levels deep is not a return, and
is refused before it is parsed so that no input can exhaust the reader.
Fix: write the rows as a list of mappings, as the README shows.";

    SheetNotFound = "E0640", Error, "a workbook has no sheet of the name given",
"`--sheet NAME` names the sheet of a workbook (`.xlsx`) that holds the
return; without it the first sheet is read. The workbook has no sheet of
that name (names are matched exactly, then ignoring case), so nothing was
read from it. The message lists the sheets it has.
Fix: give one of the sheets listed, in quotes if it holds spaces
(`--sheet \"Q2 return\"`).";

    TableOnOtherSheet = "E0641", Error, "a workbook's return is on another sheet",
"No `--sheet` was given, so the first sheet of the workbook was read, and it
is empty or its first row is not a row of headers of a return
(`obligation` or `pool`, `partner`, `period`, `value`); another sheet's is
(a cover sheet or notes come first). Only one sheet is read, so that a
figure is never taken from a sheet that was not meant.
Fix: give the sheet that holds the return with `--sheet NAME`, or move it
to the front of the workbook.";

    CannotRead = "E0901", Error, "a file or folder cannot be read",
"The path given does not exist or cannot be read (permissions, a broken
link). Nothing in it was checked.
Fix: correct the path.";

    NoAgreements = "E0902", Error, "no agreement files were found",
"A folder was given but holds no `.s75` files, in it or below it, so there
was nothing to check.";

    LinkOutsideFolder = "E0903", Error, "a link leads outside the folder being checked",
"concordat reads only files inside the folders being checked: each folder
named on the command line, and the folder holding each file named. A file
or folder reached through a symbolic link whose real location is outside
them is not opened, so that a file in a pull request cannot make the checker
print files of the machine it runs on (its settings, its secrets).
Links that stay inside the folders are followed.
Fix: replace the link with the file itself, or name the other folder on the
command line too.";

    NotAFile = "E0904", Error, "a path is not a plain file",
"Agreements, imports and returns are read only from plain files. A named
pipe (FIFO), a device (such as `/dev/zero`) or a socket is refused from what
the system says it is, without being opened, so that it cannot make the
checker wait for ever or read without end.
Fix: save the agreement or return as an ordinary file and give its path.";

    CannotWrite = "E0920", Error, "an output file cannot be written",
"The file given with `-o` could not be written: its folder does not exist
or is not writable, the disk is full, or the path is not a plain file. A
symbolic link, a folder, a device or a named pipe at the path is left alone,
not replaced: writing through a link could overwrite a file elsewhere. The
output is written to a new temporary file beside the path, synced to disk
and then renamed into place, so a file that was there before is left as it
was when anything fails, and the temporary file is removed.
Fix: give a path in a folder that exists and can be written to.";

    ConfigSyntax = "E0930", Error, "concordat.toml is not valid TOML",
"The project configuration, `concordat.toml` (found in the folder of a
checked path or above it, or given with `--config`), could not be read as
TOML at the place shown: a quote or bracket left open, a key without a
value, a key given twice. Nothing was checked: a configuration can silence
or deny codes, so a run without it could pass what it should fail.
Fix: correct the line shown (see \"Project configuration\" in the README).";

    UnknownConfigKey = "E0931", Error, "concordat.toml has a key concordat does not know",
"Every key of `concordat.toml` is one concordat reads: at the top
`deny_warnings`, `format`, `excluded_treatments`, `[check]`, `[assess]` and
`[[rules]]`; in `[check]` and `[assess]` `format`; in each `[[rules]]`
`paths`, `allow` and `deny`. Any other key is an error, not ignored, so
that a misspelt setting (`deny_warning`) cannot silently do nothing. The
closest key is suggested.
Example:
    deny_warning = true      <- E0931: did you mean `deny_warnings`?
Fix: correct the spelling, or remove the key.";

    BadConfigValue = "E0932", Error, "a value in concordat.toml is not valid",
"A key of `concordat.toml` has a value of the wrong type or one concordat
does not know: `deny_warnings` is `true` or `false`; `format` one of the
formats of `--format`; `excluded_treatments` a list of words; in `[[rules]]`
`paths` a list of path patterns (`agreements/legacy/**`) and `allow` and
`deny` lists of codes. Only warnings can be allowed: an error is a problem
with the agreement itself, and cannot be silenced.
Example:
    [[rules]]
    allow = [\"E0206\"]     <- E0932: an error cannot be allowed
Fix: write a value of the kind the message names.";

    StdinTwice = "E0940", Error, "standard input is named more than once",
"`-` stands for standard input wherever a file is expected: an agreement
(`concordat check -`) or a return (`--returns -`). Standard input can be
read only once, so it can stand for one file of a run, not an agreement and
a return, or two returns.
Fix: give the other files by their paths.";

    NewBadId = "E0945", Error, "`concordat new --id` is not a name",
"`concordat new` writes the name given with `--id` as the agreement's name,
so it must be a name of the language: letters, digits and `_`, starting
with a letter (`rutland_bcf_2025`). Nothing was written.
Example:
    concordat new bcf --id rutland-bcf     <- E0945: `-` is not allowed
Fix: write the name with `_` for spaces and hyphens, as the help suggests.";

    NewBadTitle = "E0946", Error, "`concordat new --title` cannot be written as a text",
"The title given with `--title` is written in quotes as the agreement's
title, and a text of an agreement holds no control characters (line
breaks, tabs, escapes; E0004) and no bidirectional controls (E0008), so a
title holding one, or an empty title, is refused. Quotes are allowed: they
are written as `\\\"`. Nothing was written.
Fix: give the title on one line, without control characters.";

    NewBadTerm = "E0947", Error, "`concordat new` was given a term the templates cannot hold",
"The templates of `concordat new` name an integrated care board, which
exists from 1 July 2022, so the term (`--from`) starts in 2023/24 or later;
it runs for 1 to 10 years (`--years`), ending by 9998/99. Nothing was
written.
Fix: give `--from` as 2023/24 or a later year, and `--years` from 1 to 10.";

    ScenarioSyntax = "E0950", Error, "a scenario file is not valid YAML",
"A scenario file (`*.scenario.yaml`, run by `concordat test`) could not be
read as YAML at the place shown: an indentation that does not line up, a
quote or bracket left open, a tab used to indent. Anchors and aliases
(`&x`, `*x`) are refused too, and so is nesting deeper than 32 levels: a
scenario never needs them. No scenario of the file was run.
Fix: correct the line shown (see \"Scenario tests\" in the README).";

    UnknownScenarioKey = "E0951", Error, "a scenario has a key concordat does not know",
"Every key of a scenario file is one `concordat test` reads: `agreement`,
`as_of`, `returns`, `expect`, `name`, `scenarios`; in `expect`
`statuses`, `flags`, `consequences`, `settlements` and `missing_returns`,
each a list of mappings with the fields the README lists. Any other key is
an error, not ignored, so that a misspelt expectation (`flag:`) cannot
silently assert nothing. The closest key is suggested.
Example:
    expect:
      flag: []      <- E0951: did you mean `flags`?
Fix: correct the spelling, or remove the key.";

    BadScenarioValue = "E0952", Error, "a value in a scenario is not valid",
"A value of a scenario file is missing or of the wrong kind: a period
(`2017/18 Q4` or `2017/18`), an amount of money (`£1,970,000.00`, `£1.97m`),
a number, a whole number of misses or of a step, `true` or `false`, a list
where a list is expected, or a field an expectation needs to say which item
it is about (`obligation` and `owner`, and `period` for a status, `step`
for a consequence; `pool` and `year` for a settlement). Money and periods
are read exactly as in agreements. A file that holds no scenario, or a
scenario without `agreement` or `expect`, is refused too. Words (a status,
an action) are not checked here: one the assessment never gives is a
mismatch when the scenario runs.
Example:
    consequences:
      - obligation: dtoc
        owner: lcc
        step: 4
        amount: 1970000     <- E0952: write money as `£1,970,000`
Fix: write the value as the message says.";

    NoScenarios = "E0953", Error, "no scenario files were found",
"A folder was given to `concordat test` but holds no `*.scenario.yaml`
(or `*.scenario.yml`) files, in it or below it, so there was nothing to
run.
Fix: give the folder that holds the scenarios, or the files themselves.";
}

impl Code {
    /// Whether the code means the tool could not do its job (a file that
    /// cannot be read or written, bad arguments), rather than a finding
    /// about an agreement or a return: such runs exit 2, never 1.
    pub fn is_tool_failure(self) -> bool {
        matches!(
            self,
            Code::CannotRead
                | Code::NoAgreements
                | Code::LinkOutsideFolder
                | Code::NotAFile
                | Code::CannotWrite
                | Code::StdinTwice
                | Code::NewBadId
                | Code::NewBadTitle
                | Code::NewBadTerm
                | Code::SheetNotFound
                | Code::AsOfOutsideTerm
                | Code::UnknownReturnKind
                | Code::NotOneAgreement
                | Code::ConfigSyntax
                | Code::UnknownConfigKey
                | Code::BadConfigValue
                | Code::ScenarioSyntax
                | Code::UnknownScenarioKey
                | Code::BadScenarioValue
                | Code::NoScenarios
        )
    }

    /// Looks a code up by its written form, ignoring case (`e0301` works).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} is used twice");
            assert_eq!(text.len(), 5);
            assert!(text.starts_with('E') || text.starts_with('W'));
            assert!(!code.title().is_empty());
            assert!(code.explanation().len() > 40);
            assert_eq!(Code::parse(&text.to_lowercase()), Some(*code));
        }
    }
}
