//! The pictures as inline SVG: contributions by partner and year as
//! labelled horizontal bars, and an obligation's planned path with its
//! tolerance band and actual values. Each picture carries a `<title>` and a
//! `<desc>` and is marked `role="img"`; every label is text, so nothing is
//! told by colour alone. Pixel coordinates are computed in `f64` and written
//! with one decimal, so the same input always gives the same bytes; amounts
//! shown as text are always exact.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::chart::{ContributionChart, Status, TrajectoryChart};
use super::words;
use crate::period::Period;
use crate::syntax::ast::Direction;
use crate::text::escape_xml as esc;

const WIDTH: f64 = 720.0;

/// Opens an `<svg>` with its accessible title and description.
fn open(out: &mut String, id: &str, height: f64, title: &str, description: &str) {
    out.push_str(&format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" \
         width=\"{WIDTH:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        esc(title),
        esc(description)
    ));
}

/// Text at a point.
fn text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, content: &str) {
    out.push_str(&format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>\n",
        esc(content)
    ));
}

/// `label` cut at a word to at most `max` characters, with `…` if cut.
fn fit(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_owned();
    }
    let mut out = String::new();
    for word in label.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// Contributions by year: a heading a year with its total, then a labelled
/// bar for each contributor, its amount written at its end.
pub fn contributions(
    chart: &ContributionChart,
    id: &str,
    title: &str,
    description: &str,
) -> String {
    const HEADING: f64 = 28.0;
    const ROW: f64 = 34.0;
    const BAR_ROOM: f64 = WIDTH - 150.0;
    let rows: usize = chart.groups.iter().map(|g| g.bars.len()).sum();
    let height = HEADING * chart.groups.len() as f64 + ROW * rows as f64 + 8.0;
    let largest = chart
        .groups
        .iter()
        .flat_map(|g| g.bars.iter().map(|b| b.amount.pence()))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut out = String::new();
    open(&mut out, id, height, title, description);
    let mut y = 0.0;
    for group in &chart.groups {
        text(
            &mut out,
            0.0,
            y + 20.0,
            "start",
            "group",
            &format!("{}: {} in all", group.label, group.total),
        );
        y += HEADING;
        for bar in &group.bars {
            let width = (bar.amount.pence().max(0) as f64 / largest as f64) * BAR_ROOM;
            // The full label is in the table beside the chart and in the
            // picture's description; here it must fit the width.
            text(
                &mut out,
                0.0,
                y + 12.0,
                "start",
                "label",
                &fit(&bar.label, 80),
            );
            out.push_str(&format!(
                "<rect class=\"bar\" x=\"0\" y=\"{:.1}\" width=\"{width:.1}\" height=\"12\"/>\n",
                y + 16.0
            ));
            text(
                &mut out,
                width + 6.0,
                y + 26.5,
                "start",
                "amount",
                &bar.amount.to_string(),
            );
            y += ROW;
        }
    }
    out.push_str("</svg>");
    out
}

/// Nice tick values covering `low..=high`: steps of 1, 2 or 5 times a
/// power of ten, about five of them.
fn ticks(low: Decimal, high: Decimal) -> Vec<Decimal> {
    let range = (high - low).to_f64().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let raw = range / 5.0;
    let exponent = raw.log10().floor() as i32;
    let mantissa = raw / 10f64.powi(exponent);
    let factor: i64 = if mantissa <= 1.0 {
        1
    } else if mantissa <= 2.0 {
        2
    } else if mantissa <= 5.0 {
        5
    } else {
        10
    };
    let step = if exponent >= 0 {
        Decimal::from(factor) * Decimal::from(10i64.saturating_pow(exponent.unsigned_abs()))
    } else {
        Decimal::new(factor, exponent.unsigned_abs().min(20))
    };
    if step.is_zero() {
        return vec![low, high];
    }
    let mut value = (low / step).floor() * step;
    let mut out = Vec::new();
    while value <= high + step && out.len() < 30 {
        out.push(value);
        value += step;
    }
    out
}

/// An obligation's chart: the tolerance band (shaded, with dashed edges),
/// the planned path (a solid line) through the points the agreement names
/// (hollow circles), and actual values marked by status with a shape each;
/// quarters along the bottom, years beneath them; a legend in words.
pub fn trajectory(chart: &TrajectoryChart, id: &str, title: &str, description: &str) -> String {
    const LEFT: f64 = 76.0;
    const RIGHT: f64 = WIDTH - 16.0;
    const TOP: f64 = 30.0;
    const PLOT: f64 = 220.0;
    let bottom = TOP + PLOT;
    let statuses: Vec<Status> = {
        let mut s: Vec<Status> = chart.actuals.iter().map(|a| a.status).collect();
        s.sort();
        s.dedup();
        s
    };
    let legend_items = 3 + statuses.len();
    let legend_rows = legend_items.div_ceil(3);
    // Periods with no value are marked on a row of their own beneath the
    // time axis, never among the plotted values.
    let unplotted = chart.actuals.iter().any(|a| a.value.is_none());
    let row = if unplotted { 20.0 } else { 0.0 };
    let height = bottom + 52.0 + row + 22.0 * legend_rows as f64;

    let values = chart
        .path
        .iter()
        .flat_map(|(_, b)| [b.low, b.high])
        .chain(chart.actuals.iter().filter_map(|a| a.value));
    let (mut low, mut high) = values.fold((None::<Decimal>, None::<Decimal>), |(lo, hi), v| {
        (
            Some(lo.map_or(v, |l| l.min(v))),
            Some(hi.map_or(v, |h| h.max(v))),
        )
    });
    let (Some(lo), Some(hi)) = (low.take(), high.take()) else {
        let mut out = String::new();
        open(&mut out, id, 40.0, title, description);
        out.push_str("</svg>");
        return out;
    };
    let ticks = ticks(lo, if hi == lo { lo + Decimal::ONE } else { hi });
    let y_min = ticks.first().copied().unwrap_or(lo).to_f64().unwrap_or(0.0);
    let y_max = ticks.last().copied().unwrap_or(hi).to_f64().unwrap_or(1.0);
    let y_span = if y_max > y_min { y_max - y_min } else { 1.0 };
    let y = |v: Decimal| bottom - (v.to_f64().unwrap_or(y_min) - y_min) / y_span * PLOT;

    let first = chart.path.first().map_or(0, |(p, _)| p.end_index());
    let count = chart.path.len().max(1) as f64;
    let step = (RIGHT - LEFT) / count;
    let x = |p: Period| LEFT + ((p.end_index() - first) as f64 + 0.5) * step;

    let mut out = String::new();
    open(&mut out, id, height, title, description);
    let unit = chart.unit.map_or("value", |u| u.word());
    let direction = match chart.direction {
        Some(Direction::LowerIsBetter) => ", lower is better",
        Some(Direction::HigherIsBetter) => ", higher is better",
        None => "",
    };
    // Set in from the edge: an italic first letter leans past its origin.
    text(
        &mut out,
        4.0,
        14.0,
        "start",
        "axis-title",
        &format!("{unit}{direction}"),
    );
    for tick in &ticks {
        let ty = y(*tick);
        out.push_str(&format!(
            "<line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{ty:.1}\" x2=\"{RIGHT:.1}\" y2=\"{ty:.1}\"/>\n"
        ));
        text(
            &mut out,
            LEFT - 6.0,
            ty + 4.0,
            "end",
            "tick",
            &words::value(*tick, chart.unit),
        );
    }
    // The time axis: each quarter, and each year under its quarters.
    let mut year_start: Option<(Period, f64)> = None;
    for (period, _) in &chart.path {
        let px = x(*period);
        out.push_str(&format!(
            "<line class=\"axis\" x1=\"{px:.1}\" y1=\"{bottom:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\"/>\n",
            bottom + 4.0
        ));
        if let Period::Quarter(year, q) = period {
            if step >= 22.0 {
                text(
                    &mut out,
                    px,
                    bottom + 16.0,
                    "middle",
                    "tick",
                    &format!("Q{q}"),
                );
            }
            if year_start.is_none_or(|(p, _)| p.year() != *year) {
                year_start = Some((*period, px));
            }
            let last_of_year = *q == 4 || chart.path.last().is_some_and(|(p, _)| p == period);
            if let (true, Some((_, start))) = (last_of_year, year_start) {
                let label = if px - start + step >= 56.0 {
                    year.to_string()
                } else {
                    format!(
                        "{:02}/{:02}",
                        year.start_year() % 100,
                        (year.start_year() + 1) % 100
                    )
                };
                text(
                    &mut out,
                    (start + px) / 2.0,
                    bottom + 32.0,
                    "middle",
                    "year",
                    &label,
                );
                out.push_str(&format!(
                    "<line class=\"axis\" x1=\"{0:.1}\" y1=\"{bottom:.1}\" x2=\"{0:.1}\" y2=\"{1:.1}\"/>\n",
                    px + step / 2.0,
                    bottom + 36.0
                ));
            }
        }
    }
    out.push_str(&format!(
        "<line class=\"axis\" x1=\"{LEFT:.1}\" y1=\"{bottom:.1}\" x2=\"{RIGHT:.1}\" y2=\"{bottom:.1}\"/>\n"
    ));
    // The band, then its edges, then the path. The band lies on the worse
    // side of the plan only (a better figure is always met), and from the
    // first planned period after the baseline.
    let (worse_high, worse_low) = match chart.direction {
        Some(Direction::LowerIsBetter) => (true, false),
        Some(Direction::HigherIsBetter) => (false, true),
        None => (true, true),
    };
    let banded = chart
        .path
        .get(usize::from(chart.path.len() > 1)..)
        .unwrap_or(&[]);
    let upper: Vec<String> = banded
        .iter()
        .map(|(p, b)| {
            let v = if worse_high { b.high } else { b.expected };
            format!("{:.1},{:.1}", x(*p), y(v))
        })
        .collect();
    let lower: Vec<String> = banded
        .iter()
        .map(|(p, b)| {
            let v = if worse_low { b.low } else { b.expected };
            format!("{:.1},{:.1}", x(*p), y(v))
        })
        .collect();
    let mut outline = upper.clone();
    outline.extend(lower.iter().rev().cloned());
    out.push_str(&format!(
        "<polygon class=\"band\" points=\"{}\"/>\n",
        outline.join(" ")
    ));
    let edges = [(worse_high, &upper), (worse_low, &lower)];
    for (_, edge) in edges.iter().filter(|(worse, _)| *worse) {
        out.push_str(&format!(
            "<polyline class=\"band-edge\" points=\"{}\"/>\n",
            edge.join(" ")
        ));
    }
    let planned: Vec<String> = chart
        .path
        .iter()
        .map(|(p, b)| format!("{:.1},{:.1}", x(*p), y(b.expected)))
        .collect();
    out.push_str(&format!(
        "<polyline class=\"planned\" points=\"{}\"/>\n",
        planned.join(" ")
    ));
    for (period, value) in &chart.points {
        out.push_str(&format!(
            "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/>\n",
            x(*period),
            y(*value)
        ));
    }
    let ends = [chart.points.first(), chart.points.last()];
    for (period, value) in ends.into_iter().flatten() {
        text(
            &mut out,
            x(*period),
            y(*value) - 9.0,
            "middle",
            "value",
            &words::value(*value, chart.unit),
        );
    }
    for actual in &chart.actuals {
        let px = x(actual.period);
        let py = actual.value.map_or(bottom + 48.0, y);
        marker(&mut out, actual.status, px, py);
    }
    if unplotted {
        text(
            &mut out,
            LEFT - 6.0,
            bottom + 52.0,
            "end",
            "tick",
            "no value:",
        );
    }
    // The legend.
    let band_words = match chart.direction {
        Some(_) => "worse than plan, within tolerance",
        None => "tolerance band: within it counts as met",
    };
    let mut items: Vec<(Option<Status>, &str)> = vec![
        (None, "planned path"),
        (None, band_words),
        (None, "point named in the agreement"),
    ];
    items.extend(statuses.iter().map(|s| (Some(*s), s.words())));
    for (i, (status, label)) in items.iter().enumerate() {
        let lx = (i % 3) as f64 * (WIDTH / 3.0);
        let ly = bottom + 56.0 + row + 22.0 * (i / 3) as f64;
        match (status, i) {
            (Some(status), _) => marker(&mut out, *status, lx + 12.0, ly - 4.0),
            (None, 0) => out.push_str(&format!(
                "<line class=\"planned\" x1=\"{lx:.1}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\"/>\n",
                ly - 4.0,
                lx + 24.0
            )),
            (None, 1) => out.push_str(&format!(
                "<rect class=\"band swatch\" x=\"{lx:.1}\" y=\"{:.1}\" width=\"24\" height=\"12\"/>\n",
                ly - 10.0
            )),
            (None, _) => out.push_str(&format!(
                "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/>\n",
                lx + 12.0,
                ly - 4.0
            )),
        }
        text(&mut out, lx + 30.0, ly, "start", "legend", label);
    }
    out.push_str("</svg>");
    out
}

/// The mark of an actual value: a filled circle (met), a triangle (within
/// tolerance), a cross (missed), a hollow square (not reported), a hollow
/// diamond (waived).
fn marker(out: &mut String, status: Status, x: f64, y: f64) {
    let shape = match status {
        Status::Met => format!("<circle class=\"met\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5.5\"/>"),
        Status::WithinTolerance => format!(
            "<polygon class=\"within\" points=\"{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\"/>",
            y - 6.5,
            x + 6.5,
            y + 5.0,
            x - 6.5,
            y + 5.0
        ),
        Status::Missed => format!(
            "<path class=\"missed\" d=\"M{:.1},{:.1} L{:.1},{:.1} M{:.1},{:.1} L{:.1},{:.1}\"/>",
            x - 5.0,
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0,
            y + 5.0,
            x + 5.0,
            y - 5.0
        ),
        Status::NotReported => format!(
            "<rect class=\"not-reported\" x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\"/>",
            x - 5.0,
            y - 5.0
        ),
        Status::DataNotAvailable | Status::NotYetAvailable => {
            format!("<circle class=\"no-data\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\"/>")
        }
        // A hollow diamond: excused by a waiver.
        Status::Waived => format!(
            "<polygon class=\"waived\" points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\"/>",
            y - 6.5,
            x + 6.5,
            y + 6.5,
            x - 6.5
        ),
    };
    out.push_str(&shape);
    out.push('\n');
}
