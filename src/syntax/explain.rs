//! Explaining a line the parser could not read.
//!
//! The grammar swallows an unreadable line with a recovery rule so the rest of
//! the file is still read. This module re-reads that line alone with the strict
//! rule for its block, with pest's detailed error tracking switched on, and
//! turns what pest expected there into a message in the words of the language:
//! keywords in backticks, values described ("an amount of money like
//! `£1.5m`"), never the names of grammar rules.

use std::collections::BTreeSet;
use std::sync::Mutex;

use pest::error::InputLocation;
use pest::Parser;

use super::parser::{Rule, S75Parser};
use crate::diagnostics::{did_you_mean, one_of, Code, Diagnostic};
use crate::source::{FileId, Span};

/// pest's error-detail switch is global; re-reads take this lock so that one
/// re-read never switches it off under another.
static DETAIL: Mutex<()> = Mutex::new(());

/// The block a swallowed line stood in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Outside any agreement.
    Top,
    /// Directly in an agreement.
    Agreement,
    /// In a governance body.
    Body,
    /// In a pool or aligned budget.
    Pool,
    /// In an obligation.
    Obligation,
    /// In an `on miss` ladder.
    Step,
    /// In a waiver.
    Waiver,
    /// In a scheme of a pool.
    Scheme,
    /// In a risk reserve.
    Reserve,
}

impl Context {
    fn rule(self) -> Rule {
        match self {
            Context::Top => Rule::top_line,
            Context::Agreement => Rule::agreement_line,
            Context::Body => Rule::body_line,
            Context::Pool => Rule::pool_line,
            Context::Obligation => Rule::obligation_line,
            Context::Step => Rule::step_line,
            Context::Waiver => Rule::waiver_line,
            Context::Scheme => Rule::scheme_line,
            Context::Reserve => Rule::reserve_line,
        }
    }

    fn place(self) -> &'static str {
        match self {
            Context::Top => "at the top of a file",
            Context::Agreement => "in an agreement",
            Context::Body => "in a governance body",
            Context::Pool => "in a pool",
            Context::Obligation => "in an obligation",
            Context::Step => "in an `on miss` ladder",
            Context::Waiver => "in a waiver",
            Context::Scheme => "in a scheme",
            Context::Reserve => "in a risk reserve",
        }
    }

    /// The statements that may start a line here.
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Context::Top => &["agreement"],
            Context::Agreement => &[
                "clause",
                "illustrative",
                "draft",
                "basis",
                "signed",
                "term",
                "governed by",
                "partner",
                "external",
                "function",
                "body",
                "pool",
                "aligned",
                "obligation",
                "waiver",
                "reserve",
                "aims",
                "eligibility",
                "staff",
                "premises",
                "assets",
                "review",
                "variation by",
                "minor variations by",
                "termination on",
                "exit",
                "information sharing",
                "disputes",
            ],
            Context::Body => &[
                "clause",
                "illustrative",
                "draft",
                "seats",
                "quorum",
                "meets",
                "accountable to",
                "remit",
                "decides",
            ],
            Context::Pool => &[
                "clause",
                "illustrative",
                "draft",
                "host",
                "manager",
                "functions",
                "lead",
                "contributions",
                "grant",
                "total",
                "overspend",
                "underspend",
                "reports",
                "scheme",
                "payment for performance",
                "on forecast variance over",
            ],
            Context::Obligation => &[
                "clause",
                "illustrative",
                "draft",
                "owner",
                "attribution",
                "metric",
                "figures",
                "baseline",
                "target",
                "trajectory",
                "tolerance",
                "report",
                "flag after",
                "on miss",
            ],
            Context::Step => &["1st:", "2nd:", "3rd:", "4th:"],
            Context::Waiver => &[
                "clause",
                "illustrative",
                "draft",
                "excuses",
                "agreed by",
                "expires",
            ],
            Context::Scheme => &[
                "clause",
                "illustrative",
                "draft",
                "funded by",
                "functions",
                "lead",
                "commissioned by",
                "plan",
                "uncommitted",
                "overspend",
                "underspend",
            ],
            Context::Reserve => &[
                "clause",
                "illustrative",
                "draft",
                "amount",
                "funded by",
                "serves",
                "topped up each year",
            ],
        }
    }
}

/// The most of an unreadable line that is re-read to explain it. A line
/// longer than this is almost always wrong near its start (an unclosed quote,
/// a missing brace); re-reading megabytes with pest's detailed tracking would
/// cost far more than the answer is worth.
const LONGEST_EXPLAINED: usize = 64 * 1024;

/// A diagnostic for the unreadable `line`, which starts at byte `offset` of
/// file `file` and stood in `context`.
pub fn explain(file: FileId, offset: usize, line: &str, context: Context) -> Diagnostic {
    let line = line
        .get(..crate::source::floor_char_boundary(line, line.len().min(LONGEST_EXPLAINED)))
        .unwrap_or(line);
    let Some(Attempt {
        at,
        mut expected,
        wants_space,
        mut may_end,
    }) = attempt(line, context)
    else {
        // Read alone the line is fine: it was its surroundings.
        let span = Span::new(file, offset, offset + line.len());
        return Diagnostic::new(
            Code::Syntax,
            span,
            format!("this line cannot stand {}", context.place()),
        )
        .label("not expected here")
        .help(format!(
            "statements {} are: {}",
            context.place(),
            one_of(context.keywords())
        ));
    };
    if expected.is_empty() && wants_space {
        // Only a space was wanted: say what should follow it.
        let mut spaced = String::with_capacity(line.len() + 1);
        spaced.push_str(line.get(..at).unwrap_or(line));
        spaced.push(' ');
        spaced.push_str(line.get(at..).unwrap_or(""));
        if let Some(after) = attempt(&spaced, context) {
            if after.at > at {
                expected = after.expected;
            }
        }
    }
    // Reading stopped inside a word that only began like a keyword
    // (`yearly` for `year to date`): what was wanted is what was wanted
    // where the word starts.
    let mut at = at;
    if let Some(start) = word_start(line, at) {
        let mut probe = line.get(..start).unwrap_or("").to_owned();
        probe.push('\u{1}');
        if let Some(there) = attempt(&probe, context) {
            let wanted = &there.expected;
            let keywords = !wanted.is_empty() && wanted.iter().all(|w| w.starts_with('`'));
            if there.at == start && keywords {
                at = start;
                expected = there.expected;
                may_end = there.may_end;
            }
        }
    }
    if let Some(diagnostic) = inside_token(file, offset, line, at, &expected) {
        return diagnostic;
    }
    let found = found_at(line, at);
    // Something stands where the statement could have ended: the end of
    // the line is wanted too. Not at the line's start (a line feed there
    // is a blank line), nor after a comma (it continues a list on the next
    // line).
    let on_its_line = line.get(..at).unwrap_or("").rsplit('\n').next();
    let line_begun = on_its_line.is_some_and(|b| !b.trim().is_empty());
    if may_end && !found.is_empty() && line_begun && !after_comma(line, at) {
        expected.push("the end of the line".to_owned());
    }
    let start = offset + at;
    let span = Span::new(file, start, start + found.len());
    let found_text = match found {
        "" => "the end of the line".to_owned(),
        " " => "a space".to_owned(),
        "\t" => "a tab".to_owned(),
        _ => format!("`{found}`"),
    };
    let line_start = line.len() - line.trim_start().len();
    if at <= line_start {
        // Nothing on the line was recognised: an unknown statement.
        let first_word = found.trim_end_matches(':');
        let suggestion = did_you_mean(first_word, context.keywords().iter().copied());
        let message = if found.is_empty() {
            format!("expected a statement {}", context.place())
        } else {
            format!(
                "{found_text} does not start a statement {}",
                context.place()
            )
        };
        let help = match suggestion {
            Some(word) => format!(
                "did you mean `{word}`? Statements {} are: {}",
                context.place(),
                one_of(context.keywords())
            ),
            None => format!(
                "statements {} are: {}",
                context.place(),
                one_of(context.keywords())
            ),
        };
        return Diagnostic::new(Code::Syntax, span, message)
            .label("unknown statement")
            .help(help);
    }
    let message = if expected.is_empty() {
        format!("unexpected {found_text}")
    } else {
        format!("expected {}, found {found_text}", join_or(&expected))
    };
    let label = if expected.is_empty() {
        "not expected here".to_owned()
    } else {
        format!("expected {}", join_or(&expected))
    };
    Diagnostic::new(Code::Syntax, span, message)
        .label(label)
        .maybe_help(hint(line, at, found, &expected))
}

/// Where reading a line stopped, and what was expected there.
struct Attempt {
    /// Where, in bytes.
    at: usize,
    /// What was expected, in the language's words.
    expected: Vec<String>,
    /// Whether a space was among it.
    wants_space: bool,
    /// Whether a line feed was among it: the statement could end there.
    may_end: bool,
}

/// Parses `line` strictly; on failure, where reading stopped and what was
/// expected there.
fn attempt(line: &str, context: Context) -> Option<Attempt> {
    let result = {
        let _guard = DETAIL
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        pest::set_error_detail(true);
        let result = S75Parser::parse(context.rule(), line);
        pest::set_error_detail(false);
        result
    };
    let error = result.err()?;
    let at = match (&error.parse_attempts(), &error.location) {
        (Some(attempts), _) => attempts.max_position,
        (None, InputLocation::Pos(p)) => *p,
        (None, InputLocation::Span((p, _))) => *p,
    };
    let at = at.min(line.len());
    let (mut expected, wants_space, may_end) = expected(&error);
    // Right after a digit, "a whole number" is only more digits of the one
    // written (`within 8`): not what is missing.
    if at > 0 && line.as_bytes().get(at - 1).is_some_and(u8::is_ascii_digit) {
        if let Some(integer) = describe(Rule::integer) {
            expected.retain(|e| e != integer);
        }
    }
    Some(Attempt {
        at,
        expected,
        wants_space,
        may_end,
    })
}

/// Where the word of letters that `at` stands inside begins, if it begins
/// before `at`.
fn word_start(line: &str, at: usize) -> Option<usize> {
    let before = line.get(..at)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphabetic() || *c == '_')
        .last()
        .map(|(i, _)| i)?;
    let first = line.get(start..)?.chars().next()?;
    // Inside the word: letters on both sides of `at`.
    let next = line.get(at..)?.chars().next()?;
    let inside = next.is_ascii_alphanumeric() || next == '_';
    (start < at && inside && first.is_ascii_alphabetic()).then_some(start)
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '£' | '.' | ',' | '/' | '%' | '-')
}

/// Reading stopped inside a word or literal (`£1.8.0m`): the whole of it is
/// what cannot be read, and what was expected is the kind of value it looks
/// like, not the letters that could have come next.
fn inside_token(
    file: FileId,
    offset: usize,
    line: &str,
    at: usize,
    expected: &[String],
) -> Option<Diagnostic> {
    let before = line.get(..at)?;
    let previous = before.chars().next_back()?;
    if !is_token_char(previous) || previous == ',' {
        return None;
    }
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_token_char(*c) && *c != ',')
        .last()
        .map_or(at, |(i, _)| i);
    let rest = line.get(at..)?;
    let end = at
        + rest
            .char_indices()
            .find(|(_, c)| !is_token_char(*c) || *c == ',')
            .map_or(rest.len(), |(i, _)| i);
    if end <= at {
        return None;
    }
    let token = line.get(start..end)?;
    let first = token.trim_start_matches('-').chars().next()?;
    let (wanted, help): (&[&str], &str) = if first == '£' {
        (
            &["an amount like `£1.5m`"],
            "write amounts like `£1,250.50`, `£46k`, `£13.245m` or `£1.2bn`",
        )
    } else if first.is_ascii_digit() && token.contains('/') {
        (
            &[
                "a financial year like `2017/18`",
                "a quarter like `2017/18 Q3`",
            ],
            "financial years are written `2017/18` and quarters `2017/18 Q3`",
        )
    } else if first.is_ascii_digit() && token.matches('-').count() == 2 {
        (
            &["a date like `2010-03-08`"],
            "dates are written year-month-day: `2010-03-08`",
        )
    } else if first.is_ascii_digit() {
        (
            &[
                "a number",
                "a whole number",
                "a percentage like `40%`",
                "a step number like `1st`",
            ],
            "numbers are written `1,020` or `12.5`, percentages `40%`",
        )
    } else {
        (
            &["a name"],
            "names are letters, digits and `_`, starting with a letter",
        )
    };
    let fitting: Vec<String> = expected
        .iter()
        .filter(|e| wanted.contains(&e.as_str()))
        .cloned()
        .collect();
    let span = Span::new(file, offset + start, offset + end);
    let label = if fitting.is_empty() {
        "not understood here".to_owned()
    } else {
        format!("expected {}", join_or(&fitting))
    };
    Some(
        Diagnostic::new(Code::Syntax, span, format!("`{token}` cannot be read here"))
            .label(label)
            .help(help),
    )
}

/// What stands at `at`: a word, a literal, or one character.
fn found_at(line: &str, at: usize) -> &str {
    let rest = line.get(at..).unwrap_or("");
    let rest = rest.split('\n').next().unwrap_or("");
    if rest.is_empty() {
        return "";
    }
    let word_len: usize = rest
        .char_indices()
        .find(|(_, c)| !is_token_char(*c))
        .map_or(rest.len(), |(i, _)| i);
    let word = rest
        .get(..word_len)
        .unwrap_or("")
        .trim_end_matches([',', '.']);
    if word.is_empty() {
        rest.chars()
            .next()
            .map_or("", |c| rest.get(..c.len_utf8()).unwrap_or(""))
    } else {
        word
    }
}

/// A short hint for common slips.
fn hint(line: &str, at: usize, found: &str, expected: &[String]) -> Option<String> {
    let wants_money = expected.iter().any(|e| e.starts_with("an amount"));
    if wants_money && found.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!(
            "amounts are written with the pound sign: `£{found}`"
        ));
    }
    let before = line.get(..at).unwrap_or("");
    if before.matches('"').count() % 2 == 1 {
        return Some("a text in quotes must end with `\"` on the same line".to_owned());
    }
    if found.starts_with(|c: char| c.is_ascii_digit())
        && found.contains('/')
        && !found.contains('%')
    {
        return Some("financial years are written `2017/18` and quarters `2017/18 Q3`".to_owned());
    }
    if found.chars().next().is_some_and(|c| c == '$' || c == '€') {
        return Some("amounts are in pounds: `£1.5m`".to_owned());
    }
    // Nothing (or a space) after a comma: a comma too many.
    if !expected.is_empty() && found.trim().is_empty() && after_comma(line, at) {
        return Some(
            "a `,` is followed by the next of a list: remove it, or write what it lists next"
                .to_owned(),
        );
    }
    None
}

/// Whether the last thing before `at` (spaces apart) is a comma: a list
/// goes on after it, on the same line or the next.
fn after_comma(line: &str, at: usize) -> bool {
    line.get(..at).unwrap_or("").trim_end().ends_with(',')
}

/// What pest expected, in the language's words, sorted and without repeats;
/// and whether a space was expected.
fn expected(error: &pest::error::Error<Rule>) -> (Vec<String>, bool, bool) {
    let mut items: BTreeSet<String> = BTreeSet::new();
    let mut wants_space = false;
    let mut may_end = false;
    if let Some(attempts) = error.parse_attempts() {
        for stack in attempts.call_stacks() {
            let rules = [stack.deepest.get_rule().copied(), stack.parent];
            if let Some(description) = rules.into_iter().flatten().find_map(describe) {
                items.insert(description.to_owned());
            }
        }
        for token in attempts.expected_tokens() {
            // pest 2.8 does not export the token type; its text is enough:
            // keywords and punctuation print as written, character ranges as
            // `a..z` and built-in rules as `BUILTIN_RULE` (both skipped).
            let token = token.to_string();
            if token == " " || token == "\t" {
                wants_space = true;
            }
            if token == "\n" {
                may_end = true;
            }
            let token = token.trim();
            // A range whose ends are spaces (`'\t'..' '`) trims to `..`.
            let range =
                token.chars().count() == 4 && token.get(1..3) == Some("..") || token == "..";
            let skip = token.is_empty()
                || range
                || token == "BUILTIN_RULE"
                || matches!(token, "//" | "\\" | "\u{201C}" | "\u{201D}" | "\"");
            if !skip {
                items.insert(format!("`{token}`"));
            }
        }
    } else if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        items.extend(
            positives
                .iter()
                .filter_map(|r| describe(*r))
                .map(str::to_owned),
        );
    }
    // A rule described whole is not expected word by word as well.
    for (rule, words) in DESCRIBED_WHOLE {
        if describe(*rule).is_some_and(|description| items.contains(description)) {
            for word in *words {
                items.remove(*word);
            }
        }
    }
    // Keywords first, then descriptions.
    let (mut keywords, descriptions): (Vec<String>, Vec<String>) =
        items.into_iter().partition(|i| i.starts_with('`'));
    keywords.extend(descriptions);
    (keywords, wants_space, may_end)
}

/// Rules whose description names the words pest tries inside them: the
/// words of `as notified`, a unit of time in the singular or plural.
const DESCRIBED_WHOLE: &[(Rule, &[&str])] = &[
    (Rule::as_notified, &["`as`", "`notified`"]),
    (
        Rule::time_unit,
        &[
            "`day`", "`days`", "`week`", "`weeks`", "`month`", "`months`",
        ],
    ),
];

/// A rule that stands for a kind of value, described for a reader.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::ident_list => "a name",
        Rule::string | Rule::plain_text | Rule::curly_text => "a text in quotes",
        Rule::money => "an amount like `£1.5m`",
        Rule::percent => "a percentage like `40%`",
        Rule::number | Rule::absolute_tolerance => "a number",
        Rule::integer => "a whole number",
        Rule::year => "a financial year like `2017/18`",
        Rule::quarter | Rule::quarter_no | Rule::month_no => "a quarter like `2017/18 Q3`",
        Rule::date => "a date like `2010-03-08`",
        Rule::ordinal => "a step number like `1st`",
        Rule::word | Rule::cadence => "how often, like `quarterly`",
        Rule::section_no => "a section number",
        Rule::time_unit => "`days`, `weeks` or `months`",
        Rule::amount_entry => "a partner and an amount like `bcc £12m`",
        Rule::as_notified => "`as notified`",
        Rule::year_amount => "a year and an amount like `2017/18 £12m`",
        Rule::seat => "a partner and a number of seats like `bcc 3`",
        Rule::role_count => "a number and a role like `1 elected_member`",
        Rule::count_of => "a number of members like `2 of bcc`",
        Rule::share => "a partner and a percentage like `bcc 60%`",
        Rule::milestone => "a period and a value like `2017/18 Q4 45%`",
        Rule::notice => "a notice period like `6 months`",
        _ => return None,
    })
}

fn join_or(items: &[String]) -> String {
    const MOST: usize = 8;
    let shown: Vec<&str> = items.iter().take(MOST).map(String::as_str).collect();
    let more = items.len().saturating_sub(MOST);
    let list = match shown.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) if more == 0 => format!("{} or {last}", rest.join(", ")),
        Some(_) => format!("{}, ...", shown.join(", ")),
    };
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(context: Context, line: &str) -> (String, Option<String>, std::ops::Range<usize>) {
        let d = explain(FileId(0), 0, line, context);
        let span = d.primary.map(|l| l.span.range()).unwrap_or_default();
        (d.message, d.help, span)
    }

    #[test]
    fn unknown_statement_suggests_the_keyword() {
        let (msg, help, span) = message(Context::Pool, "hots bcc");
        assert_eq!(msg, "`hots` does not start a statement in a pool");
        assert!(help.unwrap().starts_with("did you mean `host`?"));
        assert_eq!(span, 0..4);
    }

    #[test]
    fn a_word_after_a_whole_statement_asks_for_the_end_of_the_line() {
        let (msg, _, span) = message(Context::Pool, "host ccg clause \"5.1\" extra");
        assert_eq!(msg, "expected `}` or the end of the line, found `extra`");
        assert_eq!(span, 22..27);
        // After a comma a line feed only continues the list.
        let (msg, _, _) = message(Context::Obligation, "owner ccg, 12");
        assert_eq!(msg, "expected a name, found `12`");
    }

    #[test]
    fn a_comma_too_many_is_named() {
        let (msg, help, span) = message(Context::Obligation, "baseline 7,900, in 2014/15 Q4");
        assert_eq!(
            msg,
            "expected a number or a percentage like `40%`, found a space"
        );
        assert_eq!(span, 15..16);
        assert!(help
            .unwrap()
            .starts_with("a `,` is followed by the next of a list"));
        let (msg, help, _) = message(Context::Obligation, "owner ccg,");
        assert_eq!(msg, "expected a name, found the end of the line");
        assert!(help
            .unwrap()
            .starts_with("a `,` is followed by the next of a list"));
        // A word after the comma is a word misspelt, not a comma too many.
        let (_, help, _) = message(Context::Obligation, "figures in period, monthyl");
        assert!(help.is_none());
    }

    #[test]
    fn a_missing_value_is_described() {
        let (msg, _, span) = message(Context::Agreement, "term 2010/11 to");
        assert_eq!(
            msg,
            "expected a financial year like `2017/18`, found the end of the line"
        );
        assert_eq!(span, 15..15);
        let (msg, _, span) = message(Context::Pool, "host 12");
        assert_eq!(msg, "expected a name, found `12`");
        assert_eq!(span, 5..7);
    }

    #[test]
    fn a_word_that_only_begins_like_a_keyword_is_named_whole() {
        let (msg, _, span) = message(Context::Obligation, "trajectory linearly");
        assert_eq!(msg, "expected `linear` or `{`, found `linearly`");
        assert_eq!(span, 11..19);
        let (msg, _, _) = message(Context::Obligation, "figures yearly");
        assert_eq!(
            msg,
            "expected `annual`, `in`, `rolling` or `year`, found `yearly`"
        );
    }

    #[test]
    fn a_bad_literal_is_named_whole() {
        let (msg, help, span) = message(Context::Pool, "contributions 2010/11 { sb £1.8.0m }");
        assert_eq!(msg, "`£1.8.0m` cannot be read here");
        assert!(help.unwrap().starts_with("write amounts like"));
        assert_eq!(span, 27..35);
    }

    #[test]
    fn a_missing_keyword_is_quoted() {
        let (msg, _, _) = message(Context::Agreement, "term 2010/11 until 2012/13");
        assert_eq!(msg, "expected `to`, found `until`");
    }
}
