//! Small agreements made to be slow: inputs that once took work out of all
//! proportion to their size. `benches/hostile.rs` times each at n and 10n;
//! `tests/limits.rs` checks the result of each on the same text.

use std::fmt::Write as _;

/// A council and a trust with `partners` declared beside them, a board whose
/// seats add `seats`, and a pool with a contributions table for each of
/// `years` years from 2000/01 adding `contributions`; `body` goes at the end
/// of the agreement (an obligation, say).
pub fn agreement(
    years: usize,
    partners: &str,
    seats: &str,
    contributions: &str,
    body: &str,
) -> String {
    let last = 2000 + years.max(1) - 1;
    let mut tables = String::new();
    for year in 2000..=last {
        let _ = writeln!(
            tables,
            "    contributions {year}/{:02} {{ council £1m, trust £1m{contributions} }}",
            (year + 1) % 100
        );
    }
    format!(
        "agreement hostile \"Hostile\" {{
  term 2000/01 to {last}/{:02}
  governed by board
  partner council \"Council\" local_authority
  partner trust \"Trust\" nhs_trust
  function care \"Adult social care\" social_care
  function health \"Community health services\" nhs community_health
{partners}
  body board \"Board\" {{
    seats council 1, trust 1{seats}
    quorum 2
    meets quarterly
  }}
  pool fund \"Fund\" {{
    host council
    manager \"Director of Finance\"
    functions care, health
{tables}    overspend shared by contribution
    underspend returned by contribution
  }}
{body}}}
",
        (last + 1) % 100
    )
}

/// A partner whose id is `chars` characters long, and a seat given to an
/// undeclared name of the same length differing in its last character.
pub fn long_names(chars: usize) -> String {
    let stem = "a".repeat(chars.saturating_sub(1));
    agreement(
        1,
        &format!("  partner p{stem}a \"Long\" local_authority"),
        &format!(", p{stem}b 1"),
        "",
        "",
    )
}

/// `n` partners declared (`partner_000000`, ...) and `n` seats given to names
/// never declared (`member_000000`, ...).
pub fn unknown_names(n: usize) -> String {
    let partners: String = (0..n)
        .map(|i| format!("  partner partner_{i:06} \"P\" local_authority\n"))
        .collect();
    let seats: String = (0..n).map(|i| format!(", member_{i:06} 1")).collect();
    agreement(1, &partners, &seats, "", "")
}

/// `n` partners (`p0`, ...), each with a seat and a contribution; with
/// `repeat`, the last partner's seat and the first one's contribution are
/// given a second time at the end of their lists.
pub fn contributions_and_seats(n: usize, repeat: bool) -> String {
    let partners: String = (0..n)
        .map(|i| format!("  partner p{i} \"P\" local_authority\n"))
        .collect();
    let mut seats: String = (0..n).map(|i| format!(", p{i} 1")).collect();
    let mut contributions: String = (0..n).map(|i| format!(", p{i} £1")).collect();
    if repeat && n > 0 {
        let _ = write!(seats, ", p{} 2", n - 1);
        contributions.push_str(", p0 £2");
    }
    agreement(1, &partners, &seats, &contributions, "")
}

/// An obligation of the council whose trajectory has a point at each of
/// `points` quarters from 2000/01 Q1, falling by one a quarter from
/// `points + 2,000`, with the target of 1,000 in the last quarter of the
/// year after.
pub fn trajectory(points: usize) -> String {
    let years = points.div_ceil(4) + 1;
    let last = 2000 + years - 1;
    let milestones: Vec<String> = (0..points)
        .map(|i| {
            let year = 2000 + i / 4;
            format!(
                "{year}/{:02} Q{} {}",
                (year + 1) % 100,
                i % 4 + 1,
                points + 2_000 - i
            )
        })
        .collect();
    let obligation = format!(
        "  obligation admissions \"Admissions\" {{
    owner council
    metric \"Admissions\" in count, lower is better
    figures in period, quarterly
    baseline {} in 1999/00 Q4
    target at most 1,000 by {last}/{:02} Q4
    trajectory {{ {} }}
    tolerance 5% of expected
    report quarterly to board
  }}
",
        points + 2_001,
        (last + 1) % 100,
        milestones.join(", ")
    );
    agreement(years, "", "", "", &obligation)
}
