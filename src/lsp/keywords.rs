//! The statements offered where a line starts, block by block: the
//! keywords are those the reader names in its messages
//! ([`crate::syntax::Context::keywords`]); this adds what to type after each.
//! A test proves every one reads in its block, so that a change to the
//! language shows here.

use crate::syntax::Context;

/// The block a line stands in, as the first word of its opening line says.
pub(crate) fn context_of(keyword: Option<&str>) -> Option<Context> {
    Some(match keyword {
        None => Context::Top,
        Some("agreement" | "register") => Context::Agreement,
        Some("body") => Context::Body,
        Some("pool" | "aligned") => Context::Pool,
        Some("obligation") => Context::Obligation,
        Some("on") => Context::Step,
        Some("waiver") => Context::Waiver,
        Some("scheme") => Context::Scheme,
        Some("reserve") => Context::Reserve,
        Some(_) => return None,
    })
}

/// The snippet completing a statement keyword in a block (`$1`, `$2`:
/// what to fill in).
pub(crate) fn snippet(context: Context, keyword: &str) -> &'static str {
    match (context, keyword) {
        (Context::Scheme, "lead") => return "lead ${1:partner}",
        (Context::Scheme, "funded by") => return "funded by ${1:partner}",
        (Context::Reserve, "funded by") => {
            return "funded by ${1:partner} ${2:50%}, ${3:partner} ${4:50%}"
        }
        _ => {}
    }
    match keyword {
        "agreement" => "agreement ${1:id} \"${2:Title}\" {\n  term ${3:2017/18} to ${4:2018/19}\n  $0\n}",
        "clause" => "clause \"${1:1.1}\"",
        "illustrative" => "illustrative \"${1:What is made up, not in the agreement as signed}\"",
        "draft" => "draft \"${1:What is not yet agreed}\"",
        "basis" => "basis section 75 of \"${1:NHS Act 2006}\"",
        "signed" => "signed ${1:2017-04-01}",
        "term" => "term ${1:2017/18} to ${2:2018/19}",
        "governed by" => "governed by ${1:body}",
        "partner" => "partner ${1:id} \"${2:Name}\" ${3:local_authority}",
        "external" => "external ${1:id} \"${2:Name}\"",
        "function" => "function ${1:id} \"${2:Name}\"",
        "body" => "body ${1:id} \"${2:Name}\" {\n  $0\n}",
        "pool" => "pool ${1:id} \"${2:Name}\" {\n  host ${3:partner}\n  $0\n}",
        "aligned" => "aligned ${1:id} \"${2:Name}\" {\n  host ${3:partner}\n  $0\n}",
        "obligation" => "obligation ${1:id} \"${2:Name}\" {\n  owner ${3:partner}\n  $0\n}",
        "seats" => "seats ${1:partner} ${2:1}",
        "quorum" => "quorum ${1:2}",
        "meets" => "meets ${1:monthly}",
        "accountable to" => "accountable to ${1:partner}",
        "remit" => "remit \"${1:What it is for}\"",
        "decides" => "decides \"${1:minor variations}\"",
        "host" => "host ${1:partner}",
        "manager" => "manager \"${1:Title}\"",
        "functions" => "functions ${1:function}",
        "lead" => "lead ${1:partner} commissions ${2:function} for ${3:partner}",
        "contributions" => "contributions ${1:2017/18} { ${2:partner} ${3:£1m} }",
        "grant" => "grant ${1:id} \"${2:Name}\" from ${3:body} through ${4:partner} { ${5:2017/18} ${6:£1m} }",
        "total" => "total ${1:£1m}",
        "overspend" => "overspend shared by contribution",
        "underspend" => "underspend retained in pool",
        "aims" => "aims \"${1:The agreed aims and outcomes}\"",
        "eligibility" => "eligibility \"${1:Who, and which kinds of services}\"",
        "staff" => "staff ${1:seconded} \"${2:Which staff, from which partner}\"",
        "premises" => "premises \"${1:Accommodation the partners provide}\"",
        "assets" => "assets \"${1:Goods and services the partners provide}\"",
        "review" => "review ${1:annually} by ${2:body}",
        "variation by" => "variation by ${1:body}",
        "minor variations by" => "minor variations by ${1:body} up to ${2:£250k}",
        "termination on" => "termination on ${1:6} months notice",
        "exit" => "exit costs shared by contribution",
        "information sharing" => "information sharing \"${1:How the partners share information}\"",
        "disputes" => "disputes \"${1:How disputes are resolved}\"",
        "reports" => "reports ${1:quarterly} and annually to ${2:partner}",
        "scheme" => "scheme ${1:id} \"${2:Name}\" {\n  lead ${3:partner}\n  plan ${4:2017/18} ${5:£1m}\n  $0\n}",
        "payment for performance" => "payment for performance ${1:£400k} from ${2:partner} in ${3:2017/18} if ${4:obligation} met, otherwise kept by ${5:partner}",
        "reserve" => "reserve ${1:id} \"${2:Name}\" {\n  amount ${3:£500k}\n  funded by ${4:partner} ${5:50%}, ${6:partner} ${7:50%}\n  serves ${8:pool}\n}",
        "commissioned by" => "commissioned by ${1:partner} ${2:60%}, ${3:partner} ${4:40%}",
        "plan" => "plan ${1:2017/18} ${2:£1m}",
        "uncommitted" => "uncommitted ${1:2017/18} ${2:£100k}",
        "amount" => "amount ${1:£500k}",
        "serves" => "serves ${1:pool}",
        "topped up each year" => "topped up each year",
        "owner" => "owner ${1:partner}",
        "attribution" => "attribution equally",
        "metric" => "metric \"${1:What is measured}\" in ${2:count}",
        "figures" => "figures ${1:in period}, ${2:quarterly}, published ${3:2} months later",
        "waiver" => "waiver ${1:id} \"${2:Why}\" {\n  excuses ${3:partner} from ${4:obligation} for ${5:2017/18 Q3}\n  agreed by ${6:body} on ${7:2018-01-15}, minute \"${8:reference}\"\n  $0\n}",
        "excuses" => "excuses ${1:partner} from ${2:obligation} for ${3:2017/18 Q3}",
        "agreed by" => "agreed by ${1:body} on ${2:2018-01-15}, minute \"${3:reference}\"",
        "expires" => "expires ${1:2018-06-30}",
        "baseline" => "baseline ${1:100} in ${2:2016/17}",
        "target" => "target at most ${1:90} by ${2:2018/19}",
        "trajectory" => "trajectory linear",
        "tolerance" => "tolerance ${1:5%} of expected",
        "report" => "report ${1:quarterly} to ${2:body}",
        "flag after" => "flag after ${1:2} consecutive misses",
        "on miss" => "on miss {\n  1st: escalate to ${1:body} within ${2:30} days\n}",
        "on forecast variance over" => "on forecast variance over ${1:2%} {\n  1st: recovery plan to ${2:body} within ${3:30} days\n}",
        "1st:" | "2nd:" | "3rd:" | "4th:" => "escalate to ${1:body} within ${2:30} days",
        _ => "",
    }
}

/// A snippet as plain text: each `${n:default}` its default, `$n` nothing.
#[cfg(test)]
fn filled(snippet: &str) -> String {
    let mut out = String::new();
    let mut rest = snippet;
    while let Some(at) = rest.find('$') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        if let Some(inner) = after.strip_prefix('{') {
            let close = inner.find('}').unwrap_or(inner.len());
            let default = inner.get(..close).unwrap_or("");
            out.push_str(default.split_once(':').map_or("", |(_, d)| d));
            rest = inner.get(close + 1..).unwrap_or("");
        } else {
            rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Diagnostics};
    use crate::source::{FileId, SourceFile};

    /// A statement in a file, in the block `context`, with what each block
    /// needs around it.
    fn in_block(context: Context, statement: &str) -> String {
        let (open, close) = match context {
            Context::Top => return statement.to_owned(),
            Context::Agreement => ("", ""),
            Context::Body => ("body b \"B\" {\n", "\n}"),
            Context::Pool => ("pool p \"P\" {\n", "\n}"),
            Context::Obligation => ("obligation o \"O\" {\n", "\n}"),
            Context::Step => ("obligation o \"O\" {\non miss {\n", "\n}\n}"),
            Context::Waiver => ("waiver w \"W\" {\n", "\n}"),
            Context::Scheme => ("pool p \"P\" {\nscheme s \"S\" {\n", "\n}\n}"),
            Context::Reserve => ("reserve r \"R\" {\n", "\n}"),
        };
        format!("agreement a \"A\" {{\n{open}{statement}{close}\n}}\n")
    }

    #[test]
    fn every_statement_offered_reads_in_its_block() {
        let contexts = [
            Context::Top,
            Context::Agreement,
            Context::Body,
            Context::Pool,
            Context::Obligation,
            Context::Step,
            Context::Waiver,
            Context::Scheme,
            Context::Reserve,
        ];
        for context in contexts {
            for keyword in context.keywords() {
                let snippet = snippet(context, keyword);
                assert!(!snippet.is_empty(), "no snippet for `{keyword}`");
                let statement = match context {
                    Context::Step => format!("{keyword} {}", filled(snippet)),
                    _ => filled(snippet),
                };
                let text = in_block(context, &statement);
                let file = SourceFile::new(FileId(0), "t.s75", &text);
                let mut diagnostics = Diagnostics::new();
                let _ = crate::syntax::parse(&file, &mut diagnostics);
                let syntax: Vec<String> = diagnostics
                    .iter()
                    .filter(|d| d.code == Code::Syntax)
                    .map(|d| d.message.clone())
                    .collect();
                assert!(
                    syntax.is_empty(),
                    "`{keyword}` does not read:\n{text}\n{syntax:?}"
                );
            }
        }
    }

    #[test]
    fn every_block_has_its_context() {
        for keyword in [
            "agreement",
            "register",
            "body",
            "pool",
            "aligned",
            "obligation",
            "on",
            "scheme",
            "reserve",
        ] {
            assert!(context_of(Some(keyword)).is_some());
        }
        assert_eq!(context_of(Some("contributions")), None);
    }
}
