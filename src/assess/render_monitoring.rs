//! The in-year monitoring of an assessment for people: each pool's plan,
//! forecast, actual and variance period by period (what a board's finance
//! report shows), and the forecast triggers with their evidence and the
//! steps of the pool manager's ladder due.

use std::fmt::Write;

use super::assessment::Assessment;
use crate::money::Money;

/// Writes the monitoring and the forecast triggers, if there are any.
pub(super) fn write(
    out: &mut impl Write,
    a: &Assessment,
    flag_mark: &str,
    bullet: &str,
) -> std::fmt::Result {
    if a.monitoring.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "In-year monitoring:")?;
    let money = |m: Option<Money>| m.map_or("-".to_owned(), |m| m.to_string());
    for pool in &a.monitoring {
        let threshold = pool.threshold.as_ref().map_or(String::new(), |t| {
            format!(" (a forecast variance over {t} triggers the pool manager's ladder)")
        });
        match &pool.scheme {
            Some(scheme) => writeln!(
                out,
                "  `{}` scheme `{scheme}` (against its plan){threshold}",
                pool.pool
            )?,
            None => writeln!(out, "  `{}` {}{threshold}", pool.pool, pool.pool_name)?,
        }
        writeln!(
            out,
            "    {:<12} {:>16} {:>16} {:>16} {:>16} {:>16}",
            "period", "budget", "plan", "forecast", "actual", "variance"
        )?;
        for p in &pool.periods {
            let variance = match p.variance {
                Some(v) if v.is_negative() => format!("-{}", v.abs()),
                Some(v) if v == Money::ZERO => v.to_string(),
                Some(v) => format!("+{v}"),
                None => "-".to_owned(),
            };
            writeln!(
                out,
                "    {:<12} {:>16} {:>16} {:>16} {:>16} {:>16}{}",
                p.period.to_string(),
                money(p.budget),
                money(p.plan),
                money(p.forecast),
                money(p.actual),
                variance,
                if p.breach {
                    " beyond the threshold"
                } else {
                    ""
                }
            )?;
            for note in &p.notes {
                writeln!(out, "    {:<12} noted \"{note}\"", "")?;
            }
        }
    }
    match a.forecast_triggers.len() {
        0 if a.monitoring.iter().any(|p| p.threshold.is_some()) => {
            writeln!(out, "  Forecast triggers: none")?;
        }
        0 => {}
        1 => writeln!(out, "  Forecast triggers: 1")?,
        n => writeln!(out, "  Forecast triggers: {n}")?,
    }
    for flag in &a.forecast_triggers {
        writeln!(out)?;
        writeln!(
            out,
            "{flag_mark}`{}`: {} beyond {} of the budget since {}",
            flag.pool,
            if flag.consecutive_breaches == 1 {
                "a forecast".to_owned()
            } else {
                format!("{} forecasts in a row", flag.consecutive_breaches)
            },
            flag.threshold,
            flag.since
        )?;
        writeln!(out, "  {}", flag.explanation)?;
        if !flag.consequences.is_empty() {
            writeln!(out, "  What the agreement says happens:")?;
        }
        for c in &flag.consequences {
            writeln!(
                out,
                "    {bullet} step {} (after the forecast as at {}): {}",
                c.step, c.triggered_by, c.description
            )?;
        }
    }
    Ok(())
}

/// The forecast triggers in a GitHub job summary (Markdown), if any.
pub(super) fn job_summary(out: &mut String, a: &Assessment) -> std::fmt::Result {
    if a.forecast_triggers.is_empty() {
        return Ok(());
    }
    let md = |text: &dyn std::fmt::Display| crate::text::escape_markdown(&text.to_string());
    writeln!(out)?;
    writeln!(out, "Forecast triggers: {}\n", a.forecast_triggers.len())?;
    writeln!(
        out,
        "| Pool | Threshold | Forecasts beyond it in a row | Since | What the agreement says happens |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    for flag in &a.forecast_triggers {
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
            "| {} ({}) | {} | {} | {} | {} |",
            md(&flag.pool),
            md(&flag.pool_name),
            md(&flag.threshold),
            flag.consecutive_breaches,
            md(&flag.since),
            md(&steps)
        )?;
    }
    Ok(())
}
