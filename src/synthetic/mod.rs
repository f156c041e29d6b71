//! Synthetic agreements for benchmarks and stress tests.
//!
//! Generates valid agreement text of any size, deterministically (the same
//! arguments always give the same text), shaped like a Better Care Fund
//! agreement: a council and its clinical commissioning groups, a governing
//! board, pools with contributions for every year of the term, and
//! obligations with trajectories and ladders of consequences. Every figure
//! is invented.

use std::fmt::Write;

pub mod hostile;
pub mod returns;

/// The shape of one synthetic agreement.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Partners besides the council.
    pub nhs_partners: usize,
    /// Pools.
    pub pools: usize,
    /// Obligations.
    pub obligations: usize,
    /// Years in the term.
    pub years: usize,
}

impl Default for Shape {
    /// About 7.3 KB: a typical agreement (150 of them make the 1.1 MB of a
    /// national corpus).
    fn default() -> Shape {
        Shape {
            nhs_partners: 6,
            pools: 3,
            obligations: 8,
            years: 4,
        }
    }
}

impl Shape {
    /// One agreement of about 10 MB.
    pub fn ten_megabytes() -> Shape {
        Shape {
            nhs_partners: 8,
            pools: 2_000,
            obligations: 15_000,
            years: 10,
        }
    }
}

/// One synthetic agreement for area number `area`.
pub fn agreement(area: usize, shape: Shape) -> String {
    let mut out = String::with_capacity(8 * 1024);
    // Writing to a String cannot fail.
    let _ = write_agreement(&mut out, area, shape);
    out
}

fn write_agreement(out: &mut String, area: usize, shape: Shape) -> std::fmt::Result {
    // NHS commissioners were CCGs from April 2013 to June 2022 and ICBs
    // after: a term that fits CCGs' time has them, a longer one starts in
    // ICBs' time.
    let ccgs = shape.years <= 5;
    let first = if ccgs { 2013 } else { 2023 } + (area % 5);
    let last = first + shape.years.max(1) - 1;
    let fy = |y: usize| format!("{}/{:02}", y, (y + 1) % 100);
    writeln!(
        out,
        "// Synthetic agreement {area}: every figure is invented."
    )?;
    writeln!(
        out,
        "agreement area_{area} \"Area {area} Better Care Fund\" {{"
    )?;
    writeln!(out, "  basis section 75 of \"NHS Act 2006\"")?;
    writeln!(out, "  term {} to {}", fy(first), fy(last))?;
    writeln!(out, "  governed by hwb")?;
    writeln!(out)?;
    writeln!(
        out,
        "  partner council \"Area {area} Council\" local_authority"
    )?;
    for p in 0..shape.nhs_partners {
        writeln!(
            out,
            "  partner ccg_{p} \"NHS Area {area} Locality {p} {}\" {} clause \"1.{p}\"",
            if ccgs { "CCG" } else { "ICB" },
            if ccgs { "ccg" } else { "icb" }
        )?;
    }
    writeln!(
        out,
        "  external dhsc \"Department of Health and Social Care\""
    )?;
    for f in 0..shape.pools {
        writeln!(
            out,
            "  function scheme_{f} \"Scheme {f} services\" social_care"
        )?;
        writeln!(
            out,
            "  function health_{f} \"Scheme {f} health services\" nhs community_health"
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "  body hwb \"Area {area} Health and Wellbeing Board\" {{"
    )?;
    write!(out, "    seats council 3")?;
    for p in 0..shape.nhs_partners {
        write!(out, ", ccg_{p} 1")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "    quorum {} including council",
        2.min(3 + shape.nhs_partners)
    )?;
    writeln!(out, "    meets quarterly")?;
    writeln!(out, "  }}")?;
    for pool in 0..shape.pools {
        writeln!(out)?;
        writeln!(out, "  pool pool_{pool} \"Pool {pool}\" {{")?;
        writeln!(out, "    clause \"Schedule {}\"", pool + 1)?;
        writeln!(out, "    host council")?;
        writeln!(out, "    manager \"Director of Adult Services\" of council")?;
        writeln!(out, "    functions scheme_{pool}, health_{pool}")?;
        writeln!(
            out,
            "    lead council commissions scheme_{pool} for council"
        )?;
        let mut total_pence: u64 = 0;
        for y in first..=last {
            write!(
                out,
                "    contributions {} {{ council £{}.{:02}m",
                fy(y),
                10 + (area + pool) % 7,
                (y * 7) % 100
            )?;
            total_pence +=
                (10 + (area + pool) % 7) as u64 * 100_000_000 + ((y * 7) % 100) as u64 * 1_000_000;
            for p in 0..shape.nhs_partners {
                let k = 250 + (area * 31 + pool * 17 + p * 13 + y) % 900;
                write!(out, ", ccg_{p} £{k}k")?;
                total_pence += k as u64 * 100_000;
            }
            writeln!(out, " }}")?;
        }
        let pounds = total_pence / 100;
        writeln!(out, "    total £{pounds}")?;
        writeln!(
            out,
            "    overspend shared by contribution, capped at contribution"
        )?;
        writeln!(out, "    underspend retained in pool")?;
        writeln!(out, "    reports quarterly and annually to council, hwb")?;
        writeln!(out, "  }}")?;
    }
    for o in 0..shape.obligations {
        writeln!(out)?;
        writeln!(out, "  obligation ob_{o} \"Obligation {o}\" {{")?;
        writeln!(out, "    owner council")?;
        writeln!(
            out,
            "    metric \"Admissions per 100,000 population\" in rate, lower is better"
        )?;
        writeln!(out, "    figures in period, quarterly")?;
        writeln!(out, "    baseline {} in {} Q1", 800 + o * 10, fy(first))?;
        writeln!(
            out,
            "    target at most {} by {} Q4",
            600 + o * 10,
            fy(last)
        )?;
        writeln!(out, "    trajectory linear")?;
        writeln!(out, "    tolerance 5% of expected")?;
        writeln!(out, "    report quarterly to hwb")?;
        writeln!(out, "    on miss {{")?;
        writeln!(out, "      1st: escalate to hwb within 20 days")?;
        writeln!(
            out,
            "      2nd: recovery plan from council to hwb within 60 days"
        )?;
        writeln!(
            out,
            "      3rd: withhold 2% of council contribution to pool_0"
        )?;
        writeln!(out, "    }}")?;
        writeln!(out, "  }}")?;
    }
    write_contents(out)?;
    writeln!(out, "}}")
}

/// The contents the Regulations require an agreement to state (reg 7(3)).
fn write_contents(out: &mut String) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(
        out,
        "  aims \"Care joined up around the person, closer to home\""
    )?;
    writeln!(
        out,
        "  eligibility \"Adults living in the area, and the services of the schemes\""
    )?;
    writeln!(
        out,
        "  staff seconded \"Commissioning officers of the partners\""
    )?;
    writeln!(out, "  review annually by hwb")?;
    writeln!(out, "  variation by hwb")?;
    writeln!(out, "  termination on 6 months notice")?;
    writeln!(out, "  exit costs shared by contribution")
}

/// A corpus of `count` agreements, as (file name, text) pairs.
pub fn corpus(count: usize, shape: Shape) -> Vec<(String, String)> {
    (0..count)
        .map(|area| (format!("area_{area:04}.s75"), agreement(area, shape)))
        .collect()
}

/// An agreement whose governance bodies answer to each other in a chain
/// `length` long, the last to the governing board, which answers to a
/// partner; with `loop_back`, the board answers to the first body instead,
/// closing a loop through the whole chain. For the graph's searches, which
/// must not recurse however long the chain.
pub fn accountability_chain(length: usize, loop_back: bool) -> String {
    let mut text = String::from(
        "agreement chain \"A long chain\" {\n  term 2017/18 to 2017/18\n  governed by board\n  partner council \"Council\" local_authority\n  partner ccg \"CCG\" ccg\n",
    );
    let top = if loop_back { "b0" } else { "council" };
    text.push_str(&format!(
        "  body board \"Board\" {{\n    seats council 1, ccg 1\n    accountable to {top}\n  }}\n"
    ));
    for i in 0..length {
        let next = if i + 1 == length {
            "board".to_owned()
        } else {
            format!("b{}", i + 1)
        };
        text.push_str(&format!(
            "  body b{i} \"Group {i}\" {{\n    accountable to {next}\n  }}\n"
        ));
    }
    text.push_str("}\n");
    text
}
