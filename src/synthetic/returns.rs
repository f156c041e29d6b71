//! Synthetic returns for benchmarks: an agreement whose obligations are
//! each owned by every partner, and a CSV return with one row per
//! obligation, partner and quarter, written as a partner would send it
//! (partner by partner, quarter by quarter, every obligation in each).
//! Deterministic: the same shape always gives the same bytes. Every figure
//! is invented; about one figure in eight misses its trajectory, and one
//! owner in 97 misses the last three quarters in a row.

use std::fmt::Write as _;
use std::io::Write;

/// The shape of a synthetic agreement and its returns.
#[derive(Debug, Clone, Copy)]
pub struct ReturnsShape {
    /// Obligations.
    pub obligations: usize,
    /// Partners, each owning every obligation.
    pub partners: usize,
    /// Years in the term (each of four quarters).
    pub years: usize,
}

impl ReturnsShape {
    /// The shape for about `rows` rows against `obligations` obligations
    /// over ten years: as many partners as that takes, and at least two
    /// (the council and an NHS body, as every agreement has).
    pub fn for_rows(rows: u64, obligations: usize) -> ReturnsShape {
        let years = 10;
        let per_partner = (obligations.max(1) * years * 4) as u64;
        let partners = usize::try_from(rows.div_ceil(per_partner))
            .unwrap_or(usize::MAX)
            .max(2);
        ReturnsShape {
            obligations: obligations.max(1),
            partners,
            years,
        }
    }

    /// How many rows a full return has.
    pub fn rows(self) -> u64 {
        (self.obligations * self.partners * self.years * 4) as u64
    }
}

const FIRST_YEAR: usize = 2015;

fn fy(year: usize) -> String {
    format!("{year}/{:02}", (year + 1) % 100)
}

/// The agreement the returns are for.
pub fn agreement(shape: ReturnsShape) -> String {
    let mut out = String::with_capacity(shape.obligations * 400 + shape.partners * 200);
    // Writing to a String cannot fail.
    let _ = write_agreement(&mut out, shape);
    out
}

fn write_agreement(out: &mut String, shape: ReturnsShape) -> std::fmt::Result {
    let last = FIRST_YEAR + shape.years.max(1) - 1;
    writeln!(
        out,
        "// Synthetic agreement for benchmarks: every figure is invented."
    )?;
    writeln!(
        out,
        "agreement synthetic \"Synthetic returns benchmark\" {{"
    )?;
    writeln!(out, "  term {} to {}", fy(FIRST_YEAR), fy(last))?;
    writeln!(out, "  governed by board")?;
    writeln!(
        out,
        "  partner council \"Synthetic Council\" local_authority"
    )?;
    for p in 1..shape.partners {
        writeln!(out, "  partner p_{p} \"Synthetic partner {p}\" ccg")?;
    }
    writeln!(out, "  body board \"Joint Board\" {{")?;
    write!(out, "    seats council 1")?;
    for p in 1..shape.partners {
        write!(out, ", p_{p} 1")?;
    }
    writeln!(out)?;
    writeln!(out, "    quorum 1 including council")?;
    writeln!(out, "  }}")?;
    writeln!(out, "  function care \"Adult social care\" social_care")?;
    writeln!(
        out,
        "  function health \"Community health services\" nhs community_health"
    )?;
    writeln!(out, "  pool fund \"Synthetic pooled fund\" {{")?;
    writeln!(out, "    host council")?;
    writeln!(out, "    manager \"Director of Finance\" of council")?;
    writeln!(out, "    functions care, health")?;
    for y in FIRST_YEAR..=last {
        write!(out, "    contributions {} {{ council £10m", fy(y))?;
        for p in 1..shape.partners {
            write!(out, ", p_{p} £{}k", 100 + p % 50)?;
        }
        writeln!(out, " }}")?;
    }
    writeln!(
        out,
        "    overspend shared by contribution, capped at contribution"
    )?;
    writeln!(out, "    underspend retained in pool")?;
    writeln!(out, "  }}")?;
    for o in 0..shape.obligations {
        writeln!(out, "  obligation ob_{o} \"Obligation {o}\" {{")?;
        write!(out, "    owner council")?;
        for p in 1..shape.partners {
            write!(out, ", p_{p}")?;
        }
        writeln!(out)?;
        writeln!(out, "    attribution equally")?;
        writeln!(
            out,
            "    metric \"Share of spending on residential care\" in percent, lower is better"
        )?;
        writeln!(out, "    figures in period, quarterly")?;
        writeln!(
            out,
            "    baseline {}% in {} Q4",
            60 + o % 20,
            fy(FIRST_YEAR - 1)
        )?;
        writeln!(
            out,
            "    target at most {}% by {} Q4",
            40 + o % 20,
            fy(last)
        )?;
        writeln!(out, "    tolerance 1 point")?;
        writeln!(out, "    report quarterly to board")?;
        writeln!(out, "    flag after 2 consecutive misses")?;
        writeln!(out, "    on miss {{")?;
        writeln!(out, "      1st: escalate to board within 20 days")?;
        writeln!(out, "      2nd: recovery plan to board within 60 days")?;
        writeln!(out, "      3rd: withhold 1% of fund")?;
        writeln!(out, "    }}")?;
        writeln!(out, "  }}")?;
    }
    writeln!(out, "}}")
}

/// Writes the first `rows` rows of the shape's return as CSV (header
/// included); returns the number of bytes written.
pub fn write_csv(out: &mut impl Write, shape: ReturnsShape, rows: u64) -> std::io::Result<u64> {
    let mut line = String::with_capacity(64);
    let mut bytes = 0u64;
    let header = "obligation,partner,period,value,note\n";
    out.write_all(header.as_bytes())?;
    bytes += header.len() as u64;
    let mut written = 0u64;
    let quarters = shape.years * 4;
    'all: for p in 0..shape.partners {
        let partner = if p == 0 {
            "council".to_owned()
        } else {
            format!("p_{p}")
        };
        for q in 0..quarters {
            let period = format!("{} Q{}", fy(FIRST_YEAR + q / 4), q % 4 + 1);
            for o in 0..shape.obligations {
                if written >= rows {
                    break 'all;
                }
                // The path falls from 60+k to 40+k over the term; a figure
                // is the expected value plus a wobble, and one in eight is
                // 3 points too high.
                let k = (o % 20) as i64;
                let start = (60 + k) * 100;
                let end = (40 + k) * 100;
                let steps = quarters as i64;
                let at = q as i64 + 1;
                let expected = start + (end - start) * at / steps;
                let seed = (o * 7919 + p * 104_729 + q * 31) % 1000;
                let wobble = (seed as i64 % 90) - 60;
                // And one owner in 97 misses the last three quarters.
                let late = (o + p) % 97 == 0 && q + 3 >= quarters;
                let miss = if seed % 8 == 0 || late { 300 } else { 0 };
                let value = expected + wobble + miss;
                line.clear();
                let _ = writeln!(
                    line,
                    "ob_{o},{partner},{period},{}.{:02},",
                    value / 100,
                    value % 100
                );
                out.write_all(line.as_bytes())?;
                bytes += line.len() as u64;
                written += 1;
            }
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_rows() {
        let shape = ReturnsShape::for_rows(1_000_000, 1_000);
        assert_eq!(shape.partners, 25);
        assert_eq!(shape.rows(), 1_000_000);
        let mut out = Vec::new();
        let small = ReturnsShape {
            obligations: 2,
            partners: 2,
            years: 1,
        };
        write_csv(&mut out, small, 3).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 4);
        assert!(text.starts_with("obligation,partner,period,value,note\nob_0,council,2015/16 Q1,"));
    }
}
