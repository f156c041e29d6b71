//! Generated input, on the stable toolchain: the fuzz targets' seeds and
//! regressions replayed through their harness (`tests/harness/`), and
//! structured random agreements and returns.
//!
//! Agreements are built from parts (partners, bodies, pools with
//! contributions per year, obligations with trajectories and ladders) with
//! odd names and texts (Unicode, quotes, control characters), amounts and
//! years up to and past the limits, then mutated a line at a time (deleted,
//! duplicated, swapped, junk inserted). Returns are CSV and YAML rows
//! against a shipped agreement, mostly right, with junk in every column,
//! and damaged workbooks.
//!
//! Each property is a test of its own, so that one failing does not hide
//! another:
//!
//! - no panic, every diagnostic's spans inside its file and on character
//!   boundaries, an exit code from the documented set that agrees with the
//!   diagnostics, JSON and SARIF that parse (`*_never_panic_*`);
//! - the same input gives byte-identical output in every format
//!   (`*_deterministic`);
//! - no output holds a raw control character other than `\n` and `\t`
//!   (`*_no_control_characters`).
//!
//! An input that panics is the first property's business: the others pass
//! over it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use harness::{Outputs, Strictness};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::RngSeed;

/// Cases per property: enough to reach every part of the generators,
/// few enough that `cargo test` stays quick in a debug build.
const CASES: u32 = 96;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        // The same cases on every run, so that a run's result depends on
        // the code alone; change the seed to explore others.
        rng_seed: RngSeed::Fixed(9),
        // A failing case is reported, not written into the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Seeds and regressions

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files under `folder` (recursively), sorted.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_shipped_agreements_go_through_every_target_clean() {
    for (path, text) in harness::AGREEMENTS {
        let outputs = harness::check_bytes(text.as_bytes(), Strictness::Outputs);
        assert_eq!(outputs.exit, 0, "{path}");
        let outputs = harness::graph_summary_bytes(text.as_bytes(), Strictness::Outputs);
        assert_eq!(outputs.exit, 0, "{path}");
        assert!(
            outputs.texts.iter().any(|(what, _)| what == "html"),
            "{path}"
        );
    }
}

#[test]
fn the_check_and_graph_seeds_go_through_their_targets() {
    let mut seeds = files_under(&root().join("agreements"));
    seeds.extend(files_under(&root().join("tests/fixtures")));
    seeds.retain(|p| p.extension().is_some_and(|e| e == "s75"));
    assert!(
        seeds.len() > 50,
        "the seeds are the agreements and fixtures"
    );
    for seed in seeds {
        let data = std::fs::read(&seed).unwrap();
        let first = harness::check_bytes(&data, Strictness::Structure);
        assert_eq!(first, harness::check_bytes(&data, Strictness::Structure));
        let _ = harness::graph_summary_bytes(&data, Strictness::Structure);
    }
}

#[test]
fn the_returns_seeds_go_through_their_target() {
    let names = [
        "birmingham_ld_mh",
        "blackburn_care_trust_plus",
        "health_and_care_single_budget",
        "lancashire_bcf",
        "lancashire_public_health",
    ];
    let kind_of = |path: &Path| match path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => 1,
        Some("xlsx") => 2,
        _ => 0,
    };
    for (index, name) in names.iter().enumerate() {
        assert!(harness::AGREEMENTS[index].0.contains(name));
        for seed in files_under(&root().join("agreements/returns")) {
            if seed.file_stem().and_then(|s| s.to_str()) != Some(name) {
                continue;
            }
            let mut data = vec![harness::selector(kind_of(&seed), index)];
            data.extend(std::fs::read(&seed).unwrap());
            let outputs = harness::returns_bytes(&data, Strictness::Outputs);
            assert_eq!(outputs.exit, 0, "{}", seed.display());
        }
    }
    for seed in files_under(&root().join("tests/fixtures/returns")) {
        if seed.extension().is_some_and(|e| e == "s75") {
            continue;
        }
        let mut data = vec![harness::selector(kind_of(&seed), 5)];
        data.extend(std::fs::read(&seed).unwrap());
        let outputs = harness::returns_bytes(&data, Strictness::Structure);
        // Each fixture is a bad return (here all are read as their
        // extension says, so the `.txt` one is read as CSV).
        if seed.extension().is_some_and(|e| e != "txt") {
            assert_eq!(outputs.exit, 1, "{}", seed.display());
        }
    }
}

/// Replays `fuzz/regressions/<target>/*` (minimized crashes the fuzzer
/// found, kept once fixed) through the target's harness.
fn replay(target: &str, run: fn(&[u8], Strictness) -> Outputs) {
    for input in files_under(&root().join("fuzz/regressions").join(target)) {
        let data = std::fs::read(&input).unwrap();
        let result = catch_unwind(|| run(&data, Strictness::Structure));
        assert!(result.is_ok(), "{} still fails", input.display());
    }
}

#[test]
fn the_check_regressions_no_longer_fail() {
    replay("check", harness::check_bytes);
}

#[test]
fn the_graph_summary_regressions_no_longer_fail() {
    replay("graph_summary", harness::graph_summary_bytes);
}

#[test]
fn the_returns_regressions_no_longer_fail() {
    replay("returns", harness::returns_bytes);
}

// ---------------------------------------------------------------------------
// Generators: the parts of an agreement

/// Characters that have broken parsers and renderers elsewhere: quotes of
/// every kind, escapes, markup, wide and combining characters, controls
/// (C0, DEL, C1), bidirectional overrides, a byte-order mark.
const ODD: &[char] = &[
    'é', '北', '😀', 'e', '\u{301}', '"', '\\', '\u{201C}', '\u{201D}', '\'', '<', '>', '&', '{',
    '}', '£', '%', ',', ' ', '\t', '\u{0}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\r',
    '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2028}', '\u{feff}', '\u{fffd}',
];

/// A name: mostly one the language takes, sometimes Unicode, sometimes long.
fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "[a-z][a-z0-9_]{0,8}",
        1 => "[a-zé北][a-zA-Z0-9_é北]{0,6}",
        1 => "[a-z]{200,400}",
    ]
}

/// A text inside quotes: plain words, or odd characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z ,.]{0,24}",
        2 => prop::collection::vec(select(ODD), 0..10).prop_map(String::from_iter),
        1 => Just("\u{1b}[2J\u{1b}]8;;http://x\u{7}click\u{1b}]8;;\u{7}".to_owned()),
        1 => "[a-z ]{1,4}".prop_map(|s| s.repeat(300)),
    ]
}

/// Money as written: ordinary, large, negative, badly written and past the
/// limits of the decimal type.
fn money() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u64..50_000_000).prop_map(|n| format!("£{n}")),
        2 => (0u32..900, 0u32..100).prop_map(|(m, d)| format!("£{m}.{d:02}m")),
        2 => (1u32..5000).prop_map(|k| format!("£{k}k")),
        2 => select(&[
            "£0",
            "-£5m",
            "£0.001",
            "£1,00",
            "£1e9",
            "£79228162514264337593543950335",
            "£79,228,162,514,264,337,593,543,950,335",
            "£7922816251426433759354395033.5",
            "£99999999999999999999999999999bn",
            "£18446744073709551616",
            "-£79228162514264337593543950335",
            "£9223372036854775807.99",
            "£4294967296m",
        ][..])
        .prop_map(str::to_owned),
    ]
}

/// The first year of a term: mostly plausible, sometimes at the edges of
/// what a year can be.
fn first_year() -> impl Strategy<Value = u32> {
    prop_oneof![
        6 => 1995u32..2035,
        1 => select(&[0u32, 1, 99, 999, 1999, 9998, 9999, 65534, 65535, 65536, 4_294_967_295][..]),
    ]
}

fn fy(year: u32) -> String {
    format!("{year}/{:02}", (u64::from(year) + 1) % 100)
}

const PARTNER_KINDS: &[&str] = &[
    "local_authority",
    "county_council",
    "unitary_authority",
    "london_borough",
    "primary_care_trust",
    "ccg",
    "icb",
    "nhs_trust",
    "foundation_trust",
    "nhs_england",
    "lcoal_authority",
];

const CADENCES: &[&str] = &[
    "weekly",
    "monthly",
    "quarterly",
    "half-yearly",
    "annually",
    "every 6 weeks",
    "every 0 weeks",
    "every 4294967296 months",
    "fortnightly",
];

const UNITS: &[&str] = &[
    "percent", "count", "rate", "days", "pounds", "ratio", "score", "furlongs",
];

const RULES: &[&str] = &[
    "shared by contribution",
    "shared by contribution, capped at contribution",
    "shared equally",
    "borne by host",
    "kept by host",
    "returned to p0",
    "retained in pool",
    "shared p0 40%, p1 60%",
    "shared p0 100.0000000000000000000000000001%, p1 0%",
    "shared by contribution, capped at £79228162514264337593543950335",
    "shared by contribution, capped at -£1",
];

/// A value in an obligation's unit (or not).
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..1000).prop_map(|n| n.to_string()),
        2 => (0u32..100, 0u32..10).prop_map(|(n, d)| format!("{n}.{d}%")),
        1 => money(),
        1 => select(&[
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "7.9228162514264337593543950335",
            "1,020",
            "1e400",
            "100%",
            "1000%",
            "-0",
        ][..])
        .prop_map(str::to_owned),
    ]
}

/// A number of days, weeks or months, up to the limits of an integer.
fn count() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..200).prop_map(|n| n.to_string()),
        1 => select(&["4294967290", "4294967295", "4294967296", "18446744073709551615", "99999999999999999999999"][..])
            .prop_map(str::to_owned),
    ]
}

#[derive(Debug, Clone)]
struct Spec {
    id: String,
    title: String,
    first: u32,
    years: u32,
    partners: Vec<(String, String, &'static str)>,
    body: (String, String, Vec<String>, String, &'static str),
    pools: Vec<PoolSpec>,
    obligations: Vec<ObligationSpec>,
}

#[derive(Debug, Clone)]
struct PoolSpec {
    id: String,
    title: String,
    host: usize,
    manager: String,
    contributions: Vec<Vec<String>>,
    total: Option<String>,
    overspend: &'static str,
    underspend: &'static str,
}

#[derive(Debug, Clone)]
struct ObligationSpec {
    id: String,
    title: String,
    owners: Vec<usize>,
    metric: String,
    unit: &'static str,
    lower: bool,
    baseline: String,
    target: String,
    trajectory: Option<Vec<(u32, u8, String)>>,
    tolerance: String,
    cadence: &'static str,
    ladder: Vec<String>,
}

fn pool_spec(partners: usize, years: u32) -> impl Strategy<Value = PoolSpec> {
    let years = usize::try_from(years).unwrap();
    (
        ident(),
        text(),
        0..partners.max(1),
        text(),
        prop::collection::vec(
            prop::collection::vec(money(), partners..=partners),
            0..=years + 1,
        ),
        prop::option::of(money()),
        select(RULES),
        select(RULES),
    )
        .prop_map(
            |(id, title, host, manager, contributions, total, overspend, underspend)| PoolSpec {
                id,
                title,
                host,
                manager,
                contributions,
                total,
                overspend,
                underspend,
            },
        )
}

/// A step of a ladder of consequences.
fn action(pools: Vec<String>) -> impl Strategy<Value = String> {
    let pool = if pools.is_empty() {
        Just("nowhere".to_owned()).boxed()
    } else {
        select(pools).boxed()
    };
    prop_oneof![
        (count(), select(&["days", "weeks", "months"][..]))
            .prop_map(|(n, unit)| format!("escalate to board within {n} {unit}")),
        count().prop_map(|n| format!("recovery plan from p0 to board within {n} days")),
        (value(), pool.clone()).prop_map(|(v, pool)| format!("withhold {v} of {pool}")),
        (money(), pool).prop_map(|(m, pool)| format!("clawback up to {m} from p0 of {pool}")),
        Just("dispute resolution".to_owned()),
        Just("withhold 5% of p0 contribution".to_owned()),
    ]
}

fn obligation_spec(
    partners: usize,
    first: u32,
    years: u32,
    pools: Vec<String>,
) -> impl Strategy<Value = ObligationSpec> {
    let point = (
        first.saturating_sub(1)..first.saturating_add(years + 1),
        0u8..6,
        value(),
    );
    (
        (
            ident(),
            text(),
            prop::collection::vec(0..partners.max(1), 1..3),
            text(),
        ),
        (select(UNITS), any::<bool>(), value(), value()),
        prop::option::of(prop::collection::vec(point, 0..12)),
        select(
            &[
                "2 points",
                "5% of expected",
                "0 points",
                "79228162514264337593543950335 points",
                "-1 points",
            ][..],
        ),
        select(CADENCES),
        prop::collection::vec(action(pools), 0..5),
    )
        .prop_map(
            |(
                (id, title, owners, metric),
                (unit, lower, baseline, target),
                trajectory,
                tolerance,
                cadence,
                ladder,
            )| {
                ObligationSpec {
                    id,
                    title,
                    owners,
                    metric,
                    unit,
                    lower,
                    baseline,
                    target,
                    trajectory,
                    tolerance: tolerance.to_owned(),
                    cadence,
                    ladder,
                }
            },
        )
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        ident(),
        text(),
        first_year(),
        prop_oneof![4 => 1u32..5, 1 => 5u32..12],
        prop::collection::vec((ident(), text(), select(PARTNER_KINDS)), 1..5),
    )
        .prop_flat_map(|(id, title, first, years, mut partners)| {
            // The first two partners are `p0` and `p1`, so that fixed
            // shares and ladders can name them.
            for (index, partner) in partners.iter_mut().enumerate().take(2) {
                partner.0 = format!("p{index}");
            }
            let n = partners.len();
            let body = (
                text(),
                prop::collection::vec(count_seats(), n..=n),
                count(),
                select(CADENCES),
            );
            let pools = prop::collection::vec(pool_spec(n, years), 0..3);
            (Just((id, title, first, years, partners)), body, pools)
        })
        .prop_flat_map(|((id, title, first, years, partners), body, pools)| {
            let pool_names: Vec<String> = pools.iter().map(|p| p.id.clone()).collect();
            let obligations = prop::collection::vec(
                obligation_spec(partners.len(), first, years, pool_names),
                0..3,
            );
            (
                Just((id, title, first, years, partners, body, pools)),
                obligations,
            )
        })
        .prop_map(
            |((id, title, first, years, partners, body, pools), obligations)| {
                let (body_title, seats, quorum, meets) = body;
                Spec {
                    id,
                    title,
                    first,
                    years,
                    partners,
                    body: ("board".to_owned(), body_title, seats, quorum, meets),
                    pools,
                    obligations,
                }
            },
        )
}

fn count_seats() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..5).prop_map(|n| n.to_string()),
        1 => count(),
    ]
}

/// The agreement as lines of text.
fn lines_of(spec: &Spec) -> Vec<String> {
    let mut lines = Vec::new();
    let last = spec.first.saturating_add(spec.years - 1);
    lines.push("// A generated agreement".to_owned());
    lines.push(format!("agreement {} \"{}\" {{", spec.id, spec.title));
    lines.push("  basis section 75 of \"NHS Act 2006\"".to_owned());
    lines.push(format!("  signed {}-03-08", spec.first));
    lines.push(format!("  term {} to {}", fy(spec.first), fy(last)));
    lines.push("  governed by board".to_owned());
    for (id, name, kind) in &spec.partners {
        lines.push(format!("  partner {id} \"{name}\" {kind}"));
    }
    lines.push("  external dhsc \"Department of Health and Social Care\"".to_owned());
    let partner = |index: usize| {
        spec.partners
            .get(index)
            .map_or("p0".to_owned(), |p| p.0.clone())
    };
    for pool in &spec.pools {
        lines.push(format!(
            "  function f_{} \"{}\" social_care",
            pool.id, pool.title
        ));
        lines.push(format!(
            "  function g_{} \"{} health\" nhs community_health",
            pool.id, pool.title
        ));
    }
    let (id, title, seats, quorum, meets) = &spec.body;
    lines.push(format!("  body {id} \"{title}\" {{"));
    let seats: Vec<String> = seats
        .iter()
        .enumerate()
        .map(|(index, n)| format!("{} {n}", partner(index)))
        .collect();
    lines.push(format!("    seats {}", seats.join(", ")));
    lines.push(format!("    quorum {quorum} including p0"));
    lines.push(format!("    meets {meets}"));
    lines.push("  }".to_owned());
    for pool in &spec.pools {
        lines.push(format!("  pool {} \"{}\" {{", pool.id, pool.title));
        lines.push(format!("    host {}", partner(pool.host)));
        lines.push(format!(
            "    manager \"{}\" of {}",
            pool.manager,
            partner(pool.host)
        ));
        lines.push(format!("    functions f_{0}, g_{0}", pool.id));
        lines.push(format!(
            "    lead {} commissions f_{} for {}",
            partner(pool.host),
            pool.id,
            partner(0)
        ));
        for (offset, amounts) in pool.contributions.iter().enumerate() {
            let year = spec.first.saturating_add(u32::try_from(offset).unwrap());
            let parts: Vec<String> = amounts
                .iter()
                .enumerate()
                .map(|(index, amount)| format!("{} {amount}", partner(index)))
                .collect();
            lines.push(format!(
                "    contributions {} {{ {} }}",
                fy(year),
                parts.join(", ")
            ));
        }
        if let Some(total) = &pool.total {
            lines.push(format!("    total {total} each year"));
        }
        lines.push(format!("    overspend {}", pool.overspend));
        lines.push(format!("    underspend {}", pool.underspend));
        lines.push("  }".to_owned());
    }
    for obligation in &spec.obligations {
        lines.push(format!(
            "  obligation {} \"{}\" {{",
            obligation.id, obligation.title
        ));
        let owners: Vec<String> = obligation.owners.iter().map(|&i| partner(i)).collect();
        lines.push(format!("    owner {}", owners.join(", ")));
        lines.push(format!(
            "    metric \"{}\" in {}{}",
            obligation.metric,
            obligation.unit,
            if obligation.lower {
                ", lower is better"
            } else {
                ""
            }
        ));
        lines.push("    figures in period, quarterly".to_owned());
        lines.push(format!(
            "    baseline {} in {} Q1",
            obligation.baseline,
            fy(spec.first)
        ));
        lines.push(format!(
            "    target {} {} by {} Q4",
            if obligation.lower {
                "at most"
            } else {
                "at least"
            },
            obligation.target,
            fy(last)
        ));
        match &obligation.trajectory {
            None => lines.push("    trajectory linear".to_owned()),
            Some(points) => {
                let points: Vec<String> = points
                    .iter()
                    .map(|(year, quarter, value)| format!("{} Q{quarter} {value}", fy(*year)))
                    .collect();
                lines.push(format!("    trajectory {{ {} }}", points.join(", ")));
            }
        }
        lines.push(format!("    tolerance {}", obligation.tolerance));
        lines.push(format!("    report {} to board", obligation.cadence));
        if !obligation.ladder.is_empty() {
            lines.push("    on miss {".to_owned());
            for (step, action) in obligation.ladder.iter().enumerate() {
                lines.push(format!("      {}: {action}", ordinal(step + 1)));
            }
            lines.push("    }".to_owned());
        }
        lines.push("  }".to_owned());
    }
    lines.push("}".to_owned());
    lines
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "1st".to_owned(),
        2 => "2nd".to_owned(),
        3 => "3rd".to_owned(),
        n => format!("{n}th"),
    }
}

/// A change to the lines of a file.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let junk = prop_oneof![
        text(),
        select(
            &[
                "{",
                "}",
                "}}}",
                "\"",
                "1st: escalate to board within 4294967290 months",
                "contributions 2017/18 {",
                "// }"
            ][..]
        )
        .prop_map(str::to_owned),
    ];
    prop_oneof![
        (any::<usize>()).prop_map(Mutation::Delete),
        (any::<usize>()).prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), junk).prop_map(|(at, line)| Mutation::Insert(at, line)),
    ]
}

fn mutate(lines: &mut Vec<String>, mutation: &Mutation) {
    let len = lines.len().max(1);
    match mutation {
        Mutation::Delete(at) => {
            if !lines.is_empty() {
                lines.remove(at % len);
            }
        }
        Mutation::Duplicate(at) => {
            if let Some(line) = lines.get(at % len).cloned() {
                lines.insert(at % len, line);
            }
        }
        Mutation::Swap(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % len, b % len);
            }
        }
        Mutation::Insert(at, line) => lines.insert(at % (lines.len() + 1), line.clone()),
    }
}

/// A generated agreement file: the parts, a few mutations, and sometimes
/// Windows line endings and a byte-order mark.
fn agreement_file() -> impl Strategy<Value = String> {
    (
        spec(),
        prop::collection::vec(mutation(), 0..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(spec, mutations, crlf, bom)| {
            let mut lines = lines_of(&spec);
            for mutation in &mutations {
                mutate(&mut lines, mutation);
            }
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            for line in lines {
                text.push_str(&line);
                text.push_str(if crlf { "\r\n" } else { "\n" });
            }
            text
        })
}

// ---------------------------------------------------------------------------
// Generators: returns

const PERIOD_JUNK: &[&str] = &[
    "",
    "Q1",
    "2018/19 Q5",
    "2018/19 Q0",
    "2018/20",
    "65535/36 Q4",
    "0/01",
    "2018/19  Q2",
    "2018/19\tQ2",
    "２０１８/19",
];

const FIGURE_JUNK: &[&str] = &[
    "",
    " ",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "79228162514264337593543950336",
    "7.9228162514264337593543950335",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "£79228162514264337593543950335",
    "£9999999999999999999999999999bn",
    "1e400",
    "NaN",
    "inf",
    "１２",
    "12%%",
    "£1.5m",
    "1,020",
    "53.5%",
    "-0",
    "=1+1",
];

#[derive(Debug, Clone)]
struct Row {
    item: String,
    partner: String,
    period: String,
    value: String,
    note: String,
}

/// A figure: plain, any decimal up to 19 digits and 28 places, or junk
/// (the limits of the decimal type among it).
fn figure() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..2000, 0u32..100).prop_map(|(n, d)| format!("{n}.{d:02}")),
        1 => (any::<i64>(), 0u32..29).prop_map(|(n, scale)| {
            let digits = n.unsigned_abs().to_string();
            let scale = usize::try_from(scale).unwrap().min(digits.len());
            let (int, frac) = digits.split_at(digits.len() - scale);
            let sign = if n < 0 { "-" } else { "" };
            let int = if int.is_empty() { "0" } else { int };
            let point = if frac.is_empty() { "" } else { "." };
            format!("{sign}{int}{point}{frac}")
        }),
        1 => select(FIGURE_LIMITS).prop_map(str::to_owned),
        2 => select(FIGURE_JUNK).prop_map(str::to_owned),
    ]
}

/// Figures at the limits of the decimal type and of its scale.
const FIGURE_LIMITS: &[&str] = &[
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "7.9228162514264337593543950335",
    "-7.9228162514264337593543950335",
    "0.0000000000000000000000000001",
    "39614081257132168796771975168",
    "-39614081257132168796771975168",
];

fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        2 => "[A-Za-z ]{0,20}",
        2 => prop::collection::vec(select(ODD), 0..8).prop_map(String::from_iter),
    ]
}

/// A row that names what the agreement has: an item, one who reports on
/// it, a period of the term of the right kind; any figure and note.
fn clean_row(names: &harness::Names) -> BoxedStrategy<Row> {
    if names.items.is_empty() || names.years.is_empty() {
        return junk_row(names);
    }
    let items = names.items.clone();
    let years = names.years.clone();
    let figure = prop_oneof![
        6 => (0u32..2000, 0u32..100).prop_map(|(n, d)| format!("{n}.{d:02}")),
        1 => select(FIGURE_LIMITS).prop_map(str::to_owned),
    ];
    (
        0..items.len(),
        any::<usize>(),
        0..years.len(),
        1u8..5,
        figure,
        note(),
    )
        .prop_map(move |(item, reporter, year, quarter, value, note)| {
            let item = &items[item];
            let partner = if item.reporters.is_empty() {
                String::new()
            } else {
                item.reporters[reporter % item.reporters.len()].clone()
            };
            let period = if item.pool {
                years[year].clone()
            } else {
                format!("{} Q{quarter}", years[year])
            };
            Row {
                item: item.name.clone(),
                partner,
                period,
                value,
                note,
            }
        })
        .boxed()
}

/// A row with junk in any column.
fn junk_row(names: &harness::Names) -> BoxedStrategy<Row> {
    let item_names: Vec<String> = names.items.iter().map(|i| i.name.clone()).collect();
    let item = if item_names.is_empty() {
        ident().boxed()
    } else {
        prop_oneof![6 => select(item_names), 1 => ident()].boxed()
    };
    let partner = if names.partners.is_empty() {
        ident().boxed()
    } else {
        prop_oneof![6 => select(names.partners.clone()), 1 => ident()].boxed()
    };
    let year = if names.years.is_empty() {
        Just("2018/19".to_owned()).boxed()
    } else {
        select(names.years.clone()).boxed()
    };
    let period = prop_oneof![
        4 => (year.clone(), 1u8..5).prop_map(|(y, q)| format!("{y} Q{q}")),
        1 => year,
        1 => select(PERIOD_JUNK).prop_map(str::to_owned),
    ];
    (item, partner, period, figure(), note())
        .prop_map(|(item, partner, period, value, note)| Row {
            item,
            partner,
            period,
            value,
            note,
        })
        .boxed()
}

/// The rows of a return: all clean (so that the figures are assessed), or
/// clean and junk mixed.
fn rows(names: &harness::Names) -> impl Strategy<Value = Vec<Row>> {
    prop_oneof![
        prop::collection::vec(clean_row(names), 0..12).prop_map(|mut rows| {
            // One figure for each item, partner and period.
            let mut seen = std::collections::BTreeSet::new();
            rows.retain(|r| seen.insert((r.item.clone(), r.partner.clone(), r.period.clone())));
            rows
        }),
        prop::collection::vec(prop_oneof![clean_row(names), junk_row(names)], 0..24),
    ]
}

/// A return's shape besides its rows.
#[derive(Debug, Clone)]
struct Layout {
    yaml: bool,
    header: &'static [&'static str],
    crlf: bool,
    bom: bool,
    /// Rows written with one field too many (CSV) or as a bare scalar (YAML).
    broken: Vec<usize>,
    /// Write a field with a quote left open at the end of the file.
    open_quote: bool,
}

const HEADERS: &[&[&str]] = &[
    &["obligation", "partner", "period", "value", "note"],
    &["obligation", "partner", "period", "value", "note"],
    &["Partner", "PERIOD", "value", "Obligation", "note"],
    &["pool", "owner", "period", "actual", "note"],
    &["obligation", "partner", "period", "value", "colour"],
    &["obligation", "partner", "period", "value", "value"],
    &["obligation", "partner", "value", "note", "note"],
];

fn layout() -> impl Strategy<Value = Layout> {
    let clean = (any::<bool>(), any::<bool>()).prop_map(|(yaml, crlf)| Layout {
        yaml,
        header: HEADERS[0],
        crlf,
        bom: false,
        broken: Vec::new(),
        open_quote: false,
    });
    let any_layout = (
        any::<bool>(),
        select(HEADERS),
        any::<bool>(),
        prop::bool::weighted(0.1),
        prop::collection::vec(any::<usize>(), 0..2),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(yaml, header, crlf, bom, broken, open_quote)| Layout {
            yaml,
            header,
            crlf,
            bom,
            broken,
            open_quote,
        });
    prop_oneof![clean, any_layout]
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn field_of<'a>(row: &'a Row, column: &str) -> &'a str {
    match column.to_ascii_lowercase().as_str() {
        "obligation" | "pool" => &row.item,
        "partner" | "owner" => &row.partner,
        "period" => &row.period,
        "value" | "actual" => &row.value,
        _ => &row.note,
    }
}

/// The return written out: CSV or YAML.
fn return_text(rows: &[Row], layout: &Layout) -> String {
    let newline = if layout.crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    if layout.bom {
        out.push('\u{feff}');
    }
    let broken = |index: usize| {
        layout
            .broken
            .iter()
            .any(|b| !rows.is_empty() && b % rows.len() == index)
    };
    if layout.yaml {
        out.push_str("returns:");
        out.push_str(newline);
        for (index, row) in rows.iter().enumerate() {
            if broken(index) {
                out.push_str("  - just a line");
                out.push_str(newline);
                continue;
            }
            for (place, column) in layout.header.iter().enumerate() {
                let value = serde_json::to_string(field_of(row, column)).unwrap();
                let lead = if place == 0 { "  - " } else { "    " };
                out.push_str(&format!("{lead}{column}: {value}{newline}"));
            }
        }
        if layout.open_quote {
            out.push_str("  - note: \"open");
        }
    } else {
        out.push_str(&layout.header.join(","));
        out.push_str(newline);
        for (index, row) in rows.iter().enumerate() {
            let fields: Vec<String> = layout
                .header
                .iter()
                .map(|column| csv_field(field_of(row, column)))
                .collect();
            out.push_str(&fields.join(","));
            if broken(index) {
                out.push_str(",extra");
            }
            out.push_str(newline);
        }
        if layout.open_quote {
            out.push_str("obligation,partner,2018/19 Q1,1,\"a note left open");
            out.push_str(newline);
            out.push_str("more,rows,after,it,");
            out.push_str(newline);
        }
    }
    out
}

/// A return for one of the harness's agreements: the first byte chooses
/// the kind and the agreement, as in the `returns` fuzz target.
fn return_input() -> impl Strategy<Value = Vec<u8>> {
    (0..harness::AGREEMENTS.len()).prop_flat_map(|agreement| {
        let names = harness::names(agreement);
        (rows(&names), layout()).prop_map(move |(rows, layout)| {
            let kind = usize::from(layout.yaml);
            let mut data = vec![harness::selector(kind, agreement)];
            data.extend(return_text(&rows, &layout).into_bytes());
            data
        })
    })
}

const WORKBOOKS: &[&[u8]] = &[
    include_bytes!("../agreements/returns/health_and_care_single_budget.xlsx"),
    include_bytes!("../tests/fixtures/returns/E0604_E0608_workbook.xlsx"),
];

/// A damaged workbook: one of the shipped ones cut short or with bytes
/// overwritten, against each agreement in turn.
fn workbook_input() -> impl Strategy<Value = Vec<u8>> {
    (
        0..WORKBOOKS.len(),
        prop::option::of(any::<usize>()),
        prop::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        prop_oneof![Just(2usize), 0..harness::AGREEMENTS.len()],
    )
        .prop_map(|(which, cut, writes, agreement)| {
            let mut bytes = WORKBOOKS[which].to_vec();
            for (at, byte) in writes {
                let len = bytes.len();
                bytes[at % len] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut % (bytes.len() + 1));
            }
            let mut data = vec![harness::selector(2, agreement)];
            data.extend(bytes);
            data
        })
}

/// A `returns` input, shown as the agreement, the kind and the text of
/// the return when a case fails.
#[derive(Clone)]
struct ReturnInput(Vec<u8>);

impl std::fmt::Debug for ReturnInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some((&first, rest)) = self.0.split_first() else {
            return write!(f, "(empty)");
        };
        let (kind, agreement) = harness::selected(first);
        write!(
            f,
            "{} return against {} (first byte {first}): {:?}",
            harness::RETURN_KINDS[kind],
            harness::AGREEMENTS[agreement].0,
            String::from_utf8_lossy(rest)
        )
    }
}

fn any_return() -> impl Strategy<Value = ReturnInput> {
    prop_oneof![4 => return_input(), 1 => workbook_input()].prop_map(ReturnInput)
}

// ---------------------------------------------------------------------------
// Properties

/// Runs `run` on `data`, or `None` if it panics (the business of the
/// properties that look for panics).
fn unless_it_panics(run: impl Fn() -> Outputs) -> Option<Outputs> {
    catch_unwind(AssertUnwindSafe(run)).ok()
}

fn agreement_outputs(text: &str, strictness: Strictness) -> Outputs {
    let mut outputs = harness::check_bytes(text.as_bytes(), strictness);
    outputs
        .texts
        .extend(harness::graph_summary_bytes(text.as_bytes(), strictness).texts);
    outputs
}

proptest! {
    #![proptest_config(config())]

    /// No panic; spans inside the file; exit 0 or 1 following the
    /// diagnostics; JSON and SARIF that parse.
    #[test]
    fn generated_agreements_never_panic_and_stay_in_their_file(text in agreement_file()) {
        let _ = agreement_outputs(&text, Strictness::Structure);
    }

    /// Every output, twice, byte for byte the same.
    #[test]
    fn generated_agreements_are_checked_deterministically(text in agreement_file()) {
        let first = unless_it_panics(|| agreement_outputs(&text, Strictness::Structure));
        if let Some(first) = first {
            let second = agreement_outputs(&text, Strictness::Structure);
            prop_assert_eq!(first, second);
        }
    }

    /// No output holds a raw control character but `\n` and `\t`.
    #[test]
    fn generated_agreements_give_outputs_with_no_control_characters(text in agreement_file()) {
        if let Some(outputs) = unless_it_panics(|| agreement_outputs(&text, Strictness::Structure)) {
            harness::assert_outputs(&outputs, Strictness::Outputs);
        }
    }

    /// No panic; spans inside the files; exit 0, 1 or 2 (3 only with
    /// `--fail-on`), an assessment exactly when there is no error; JSON and
    /// SARIF that parse.
    #[test]
    fn generated_returns_never_panic_and_stay_in_their_file(data in any_return()) {
        let _ = harness::returns_bytes(&data.0, Strictness::Structure);
    }

    /// Every output, twice, byte for byte the same.
    #[test]
    fn generated_returns_are_assessed_deterministically(data in any_return()) {
        if let Some(first) = unless_it_panics(|| harness::returns_bytes(&data.0, Strictness::Structure)) {
            let second = harness::returns_bytes(&data.0, Strictness::Structure);
            prop_assert_eq!(first, second);
        }
    }

    /// No output holds a raw control character but `\n` and `\t`.
    #[test]
    fn generated_returns_give_outputs_with_no_control_characters(data in any_return()) {
        if let Some(outputs) = unless_it_panics(|| harness::returns_bytes(&data.0, Strictness::Structure)) {
            harness::assert_outputs(&outputs, Strictness::Outputs);
        }
    }
}
