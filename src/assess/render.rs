//! An assessment for people (a short report, the same facts in the human
//! and plain formats, the plain one without symbols) and for machines
//! (JSON).

use std::fmt::Write;

use serde::Serialize;

use super::assessment::{
    Assessment, ObligationAssessment, OwnerAssessment, ReturnRead, Status,
    ASSESSMENT_FORMAT_VERSION,
};
use super::ladder::{value_text, Shown};
use crate::diagnostics::render::Format;
use crate::text::escape_markdown;

/// The assessment as one JSON document.
pub fn json(assessment: &Assessment) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        format_version: u32,
        assessment: &'a Assessment,
    }
    let document = Document {
        format_version: ASSESSMENT_FORMAT_VERSION,
        assessment,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|error| {
        format!("{{\"format_version\":{ASSESSMENT_FORMAT_VERSION},\"error\":\"{error}\"}}")
    });
    text.push('\n');
    text
}

/// `1 row`, `2 rows`.
fn rows(count: u64) -> String {
    if count == 1 {
        "1 row".to_owned()
    } else {
        format!("{count} rows")
    }
}

/// What a return's encoding means for whoever reads the report.
fn encoding_note(path: &str, encoding: &str) -> String {
    if encoding.eq_ignore_ascii_case("windows-1252") {
        format!("Note: {path} is not UTF-8; it was read as Windows-1252, the encoding of Excel's plain \"CSV\" format (save it as \"CSV UTF-8\" to be sure its notes read as written)")
    } else {
        format!("Note: {path} was read as {encoding} text (from its byte-order mark)")
    }
}

/// `text`, the diagnostics of an assessment that could not be made, with
/// how many rows of each return were read and rejected: a line each in the
/// human and plain formats, a `returns_read` list in JSON; the formats for
/// CI are left as they are.
pub fn with_returns_read(text: String, read: &[ReturnRead], format: Format) -> String {
    if read.is_empty() {
        return text;
    }
    match format {
        Format::Human | Format::Plain => {
            let mut out = text;
            if !out.ends_with('\n') {
                out.push('\n');
            }
            for r in read {
                let _ = write!(
                    out,
                    "{}: {} read, {} rejected",
                    r.path,
                    rows(r.rows),
                    r.rejected
                );
                if let Some(encoding) = &r.encoding {
                    let _ = write!(out, " (read as {encoding})");
                }
                out.push('\n');
            }
            out.push_str("Nothing was assessed: the problems above come first (a return with a rejected row is never assessed in part).\n");
            out
        }
        Format::Json => {
            // The diagnostics' document, its fields in their order, with
            // one more at its end.
            let Some(body) = text.trim_end().strip_suffix('}') else {
                return text;
            };
            let Ok(list) = serde_json::to_string_pretty(read) else {
                return text;
            };
            let list = list.replace('\n', "\n  ");
            format!("{},\n  \"returns_read\": {list}\n}}\n", body.trim_end())
        }
        Format::Sarif | Format::Github | Format::Junit | Format::Short => text,
    }
}

/// The assessment as a short report.
pub fn text(assessment: &Assessment, format: Format) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_text(&mut out, assessment, format);
    out
}

/// Writes the assessment as a short report to `out`, line by line.
pub fn write_text(
    out: &mut impl Write,
    assessment: &Assessment,
    format: Format,
) -> std::fmt::Result {
    let plain = format == Format::Plain;
    let (flag_mark, missing_mark, bullet) = if plain {
        ("", "", "-")
    } else {
        ("✗ ", "! ", "•")
    };
    write_report(out, assessment, flag_mark, missing_mark, bullet)
}

fn write_report(
    out: &mut impl Write,
    a: &Assessment,
    flag_mark: &str,
    missing_mark: &str,
    bullet: &str,
) -> std::fmt::Result {
    writeln!(
        out,
        "Assessment of `{}` ({}) as of {}, on {}",
        a.agreement, a.title, a.as_of, a.on
    )?;
    let files = if a.returns.len() == 1 {
        "1 return"
    } else {
        "returns"
    };
    write!(
        out,
        "{files}: {}; {} read, {} rejected",
        a.returns.join(", "),
        rows(a.rows),
        a.rows_rejected
    )?;
    if a.rows_after_as_of > 0 {
        write!(
            out,
            " ({} for later periods, not assessed)",
            a.rows_after_as_of
        )?;
    }
    writeln!(out)?;
    for read in &a.read {
        if let Some(encoding) = &read.encoding {
            writeln!(out, "{}", encoding_note(&read.path, encoding))?;
        }
    }
    writeln!(out)?;
    match a.flags.len() {
        0 => writeln!(out, "Underperforming: none")?,
        1 => writeln!(out, "Underperforming: 1 owner")?,
        n => writeln!(out, "Underperforming: {n} owners")?,
    }
    for flag in &a.flags {
        writeln!(out)?;
        let who = who(&flag.owner, &flag.owners);
        writeln!(
            out,
            "{flag_mark}{who} on `{}`: missed {} in a row since {} (not on track)",
            flag.obligation, flag.consecutive_misses, flag.since
        )?;
        writeln!(out, "  {}", flag.explanation)?;
        if !flag.consequences.is_empty() {
            writeln!(out, "  What the agreement says happens:")?;
        }
        for c in &flag.consequences {
            let clause = c
                .clause
                .as_ref()
                .map_or(String::new(), |c| format!(" (clause {c})"));
            writeln!(
                out,
                "    {} step {} (after the miss in {}): {}{clause}",
                bullet, c.step, c.triggered_by, c.description
            )?;
        }
    }
    if !a.missing_returns.is_empty() {
        writeln!(out)?;
        writeln!(out, "Missing returns: {}", a.missing_returns.len())?;
        for m in &a.missing_returns {
            writeln!(out, "{missing_mark}{}", m.explanation)?;
        }
    }
    write_waivers(out, a, missing_mark)?;
    writeln!(out)?;
    writeln!(out, "Obligations:")?;
    for o in &a.obligations {
        let figures = if o.figures.stated {
            match o.figures.basis {
                crate::syntax::ast::FigureBasis::Annual => "figures annual".to_owned(),
                basis => format!("figures {}, {}", basis.words(), o.figures.frequency.words()),
            }
        } else {
            "figures in period, quarterly: the tool's default, as the agreement does not say"
                .to_owned()
        };
        writeln!(out, "  `{}` {} ({figures})", o.obligation, o.name)?;
        for owner in &o.owners {
            write_owner(out, owner, o.unit, bullet)?;
        }
    }
    super::render_monitoring::write(out, a, flag_mark, bullet)?;
    if !a.payments.is_empty() {
        writeln!(out)?;
        writeln!(out, "Payment for performance:")?;
    }
    for p in &a.payments {
        let clause = p
            .clause
            .as_ref()
            .map_or(String::new(), |c| format!(" (clause {c})"));
        writeln!(
            out,
            "  `{}` {} {} from `{}`: {}{clause}",
            p.pool,
            p.year,
            p.amount,
            p.partner,
            p.release.words()
        )?;
        for evidence in &p.evidence {
            writeln!(out, "    {bullet} {evidence}")?;
        }
        writeln!(out, "    {}", capitalise(&p.explanation))?;
    }
    if !a.settlements.is_empty() {
        writeln!(out)?;
        writeln!(out, "Risk share:")?;
    }
    for s in &a.settlements {
        let spend = s.spend.map_or(String::new(), |m| {
            format!("spent {m} against a budget of {}", s.budget)
        });
        let clause = s
            .clause
            .as_ref()
            .map_or(String::new(), |c| format!(" (clause {c})"));
        let scheme = s
            .scheme
            .as_ref()
            .map_or(String::new(), |k| format!(" scheme `{k}`"));
        writeln!(out, "  `{}`{scheme} {}: {spend}{clause}", s.pool, s.year)?;
        for step in &s.steps {
            writeln!(out, "    {bullet} {}", step.description)?;
        }
        writeln!(out, "    {}", capitalise(&s.summary))?;
        writeln!(out, "    Rounding: {}.", s.rounding)?;
    }
    if !a.unsettled.is_empty() {
        writeln!(out)?;
        writeln!(out, "Not settled:")?;
    }
    for u in &a.unsettled {
        writeln!(
            out,
            "  `{}` {}: spent {} ({}), not settled: {}",
            u.pool, u.year, u.spend, u.row, u.reason
        )?;
    }
    Ok(())
}

/// The misses excused by waivers, owner by owner, and the waivers expired
/// by the assessment date (W0419).
fn write_waivers(out: &mut impl Write, a: &Assessment, mark: &str) -> std::fmt::Result {
    let waived: Vec<(&ObligationAssessment, &OwnerAssessment)> = a
        .obligations
        .iter()
        .flat_map(|o| o.owners.iter().map(move |owner| (o, owner)))
        .filter(|(_, owner)| !owner.waived.is_empty())
        .collect();
    if !waived.is_empty() {
        writeln!(out)?;
        writeln!(out, "Waived: {}", waived.len())?;
    }
    let symbol = if mark.is_empty() {
        String::new()
    } else {
        format!("{} ", Status::Waived.symbol())
    };
    for (o, owner) in waived {
        // One waiver for every period is named once, at the end.
        let first = owner.waived.first().and_then(|p| p.waiver.as_ref());
        let one = owner.waived.iter().all(|p| p.waiver.as_ref() == first);
        let periods: Vec<String> = owner
            .waived
            .iter()
            .map(|p| {
                let actual = p
                    .actual
                    .map_or("no figure".to_owned(), |v| value_text(v, o.unit));
                let waiver = match &p.waiver {
                    Some(w) if !one => format!(", excused by {}", w.words()),
                    _ => String::new(),
                };
                format!(
                    "{}: {actual} against {} expected{waiver}",
                    p.period,
                    value_text(p.expected, o.unit)
                )
            })
            .collect();
        let by = match first {
            Some(w) if one => format!("; excused by {}", w.words()),
            _ => String::new(),
        };
        writeln!(
            out,
            "{symbol}`{}` on `{}`: missed and waived: {}{by}; not counted towards a flag",
            owner.owner,
            o.obligation,
            periods.join("; ")
        )?;
    }
    if !a.expired_waivers.is_empty() {
        writeln!(out)?;
        writeln!(out, "Expired waivers: {}", a.expired_waivers.len())?;
        for expired in &a.expired_waivers {
            writeln!(out, "{mark}{}: {}", expired.code, expired.explanation)?;
        }
    }
    Ok(())
}

/// One owner's line in the section on an obligation (figures in `unit`):
/// its counts and latest period, and its course for the year. Written
/// piece by piece: a large assessment has hundreds of thousands.
fn write_owner(
    out: &mut impl Write,
    owner: &OwnerAssessment,
    unit: Option<crate::model::Unit>,
    bullet: &str,
) -> std::fmt::Result {
    let c = owner.counts;
    write!(out, "    {bullet} ")?;
    write_who(out, &owner.owner, &owner.owners)?;
    write!(
        out,
        ": {} met, {} within tolerance, {} missed, {} not reported",
        c.met, c.within_tolerance, c.missed, c.not_reported
    )?;
    if c.data_not_available > 0 {
        write!(out, ", {} data not available", c.data_not_available)?;
    }
    if c.not_yet_available > 0 {
        write!(out, ", {} not yet available", c.not_yet_available)?;
    }
    if c.waived > 0 {
        write!(out, ", {} waived", c.waived)?;
    }
    if let Some(latest) = &owner.latest {
        write!(out, "; latest {}: ", latest.period)?;
        match latest.actual {
            Some(actual) => write!(out, "{}", Shown(actual, unit))?,
            None => out.write_str("no figure")?,
        }
        write!(
            out,
            " against {} expected, {} ({})",
            Shown(latest.expected, unit),
            latest.status.words(),
            latest.national
        )?;
        if latest.status == Status::NotReported && !latest.due {
            out.write_str(" (not due)")?;
        }
        if let Some(date) = latest.published_by {
            write!(out, " (published by {date})")?;
        }
        if let Some(date) = latest.return_due {
            write!(out, " (return due by {date})")?;
        }
        if let Some(note) = &latest.note {
            write!(out, "; noted \"{note}\"")?;
        }
    }
    writeln!(out)?;
    if let Some(y) = &owner.year_end {
        writeln!(
            out,
            "      {} for {}: {} projected against {} planned ({})",
            match y.status {
                Status::Met => "on course",
                Status::WithinTolerance => "on course, within tolerance,",
                _ => "not on course",
            },
            y.year,
            Shown(y.projected, unit),
            Shown(y.expected, unit),
            y.method
        )?;
    }
    Ok(())
}

/// Who an owner is: its name, or the area's owners when they are judged
/// together.
fn write_who(
    out: &mut impl Write,
    owner: &crate::model::Name,
    owners: &[crate::model::Name],
) -> std::fmt::Result {
    if owners.len() > 1 {
        out.write_str("the area (jointly ")?;
        for (index, o) in owners.iter().enumerate() {
            let comma = if index == 0 { "" } else { ", " };
            write!(out, "{comma}`{o}`")?;
        }
        out.write_str(")")
    } else {
        write!(out, "`{owner}`")
    }
}

/// Who a record or flag is about: an owner, or the area and its joint
/// owners.
fn who(owner: &crate::model::Name, owners: &[crate::model::Name]) -> String {
    let mut text = String::new();
    // Writing to a `String` cannot fail.
    let _ = write_who(&mut text, owner, owners);
    text
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The assessment as a GitHub job summary in Markdown: the owners flagged
/// (obligation, owner, misses in a row, since when, what the agreement says
/// happens) and the returns missing, every text escaped for Markdown.
pub fn job_summary(a: &Assessment) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_job_summary(&mut out, a);
    out
}

fn write_job_summary(out: &mut String, a: &Assessment) -> std::fmt::Result {
    let md = |text: &dyn std::fmt::Display| escape_markdown(&text.to_string());
    writeln!(
        out,
        "### concordat assess: {} ({}) as of {}\n",
        md(&a.agreement),
        md(&a.title),
        md(&a.as_of)
    )?;
    match a.flags.len() {
        0 => writeln!(out, "Underperforming: none")?,
        1 => writeln!(out, "Underperforming: 1 owner")?,
        n => writeln!(out, "Underperforming: {n} owners")?,
    }
    if !a.flags.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "| Obligation | Owner | Missed in a row | Since | What the agreement says happens |"
        )?;
        writeln!(out, "|---|---|---|---|---|")?;
    }
    for flag in &a.flags {
        let owner = if flag.owners.len() > 1 {
            format!(
                "{} (jointly)",
                flag.owners
                    .iter()
                    .map(|o| o.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            flag.owner.to_string()
        };
        let steps: Vec<String> = flag
            .consequences
            .iter()
            .map(|c| format!("step {}: {}", c.step, c.description))
            .collect();
        let steps = if steps.is_empty() {
            "nothing further".to_owned()
        } else {
            steps.join("; ")
        };
        writeln!(
            out,
            "| {} | {} ({}) | {} | {} | {} |",
            md(&flag.obligation),
            md(&owner),
            md(&flag.owner_name),
            flag.consecutive_misses,
            md(&flag.since),
            md(&steps)
        )?;
    }
    if !a.missing_returns.is_empty() {
        writeln!(out)?;
        writeln!(out, "Missing returns: {}\n", a.missing_returns.len())?;
        for m in &a.missing_returns {
            writeln!(out, "- {}", md(&m.explanation))?;
        }
    }
    super::render_monitoring::job_summary(out, a)?;
    // A blank line before whatever the next step appends.
    writeln!(out)
}
