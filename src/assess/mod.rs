//! Assessing returns: each partner's reported figures against the
//! agreement's obligations and pools, as of a period.
//!
//! The passes, in order:
//!
//! 1. the agreement is read and checked as by `concordat check`; an
//!    agreement with errors is not assessed;
//! 2. its names are interned once ([`catalogue`]);
//! 3. each return is read row by row ([`csv`] streamed, [`yaml`], [`xlsx`]),
//!    its columns found by their headers ([`columns`]), into one table sized
//!    by the agreement, not by the rows ([`returns`]);
//!    every bad row is a coded diagnostic naming file, row and column
//!    ([`problems`]), and returns with any problem are not assessed;
//! 4. each owner's figures are compared with the trajectory ([`status`]),
//!    underperforming owners flagged and the ladder of consequences applied
//!    ([`ladder`]), and each pool's over- or underspend settled ([`settle`]);
//! 5. the [`Assessment`] is rendered for people or as JSON ([`render`]).

pub mod allocations;
pub mod assessment;
pub mod catalogue;
pub mod columns;
pub mod csv;
pub mod cut;
pub mod decode;
pub mod fields;
pub mod forecast;
pub mod ladder;
pub mod lines;
pub mod monitor;
pub mod payments;
pub mod problems;
pub mod render;
mod render_monitoring;
pub mod returns;
pub mod rows;
pub mod settle;
pub mod sheet;
pub mod split;
pub mod status;
pub mod stream;
pub mod table;
pub mod terms;
pub mod values;
pub mod waive;
pub mod workbook;
pub mod xlsx;
pub mod yaml;

use std::path::{Path, PathBuf};

pub use assessment::*;
use catalogue::Catalogue;
use returns::{place_of, Ingest, Table};
pub use terms::AREA;

use crate::diagnostics::render::{Format, RenderOptions};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, PoolKind};
use crate::period::Period;
use crate::source::{FileId, SourceFile};
use crate::Outcome;

/// Options for an assessment.
#[derive(Debug, Clone, Copy, Default)]
pub struct AssessOptions {
    /// The period to assess as of; the latest period of any row when `None`
    /// (the end of the term if there are no rows).
    pub as_of: Option<Period>,
    /// The day the assessment is made (`--on`): figures published and
    /// returns due after it are "not yet available". The last day of the
    /// as-of period when `None`.
    pub on: Option<crate::period::Date>,
    /// Keep every period of every owner in the assessment (as `--format
    /// json` does), not only the counts, the latest period and the evidence
    /// of flags. Memory grows with the periods kept.
    pub periods: bool,
}

/// How returns are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The sheet of a workbook that holds the return (`--sheet`); the first
    /// when `None`.
    pub sheet: Option<String>,
    /// What a return read from standard input (`-`) is; told from its first
    /// bytes when `None`.
    pub stdin_kind: Option<ReturnKind>,
    /// The allocations file (`--allocations`) supplying the figures the
    /// agreement writes `as notified`, applied before the returns are
    /// assessed ([`allocations`]).
    pub allocations: Option<PathBuf>,
}

/// The kinds of return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnKind {
    /// A CSV table.
    Csv,
    /// A YAML list of rows.
    Yaml,
    /// An Excel workbook.
    Xlsx,
}

impl ReturnKind {
    /// The kind of the return at `path`: by its extension, or for standard
    /// input, as `options` says or as its first bytes show.
    pub fn of(path: &Path, options: &ReadOptions) -> Option<ReturnKind> {
        if crate::files::stdin::is_stdin(path) {
            return options.stdin_kind.or_else(|| {
                let (mut file, _) = crate::files::stdin::open().ok()?;
                let mut first = Vec::with_capacity(512);
                std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, 512), &mut first)
                    .ok()?;
                Some(ReturnKind::sniff(&first))
            });
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Some(ReturnKind::Csv),
            Some("yaml" | "yml") => Some(ReturnKind::Yaml),
            Some("xlsx") => Some(ReturnKind::Xlsx),
            _ => None,
        }
    }

    /// The kind a return starting with `first` is: a workbook (a zip
    /// archive); YAML when its first line but comments and blank ones starts
    /// a list (`- `), a document (`---`) or a mapping (`returns:`, a key and
    /// a colon with no comma before it); or else CSV.
    pub fn sniff(first: &[u8]) -> ReturnKind {
        if first.starts_with(b"PK\x03\x04") {
            return ReturnKind::Xlsx;
        }
        let text = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(first);
        let line = text
            .split(|&b| b == b'\n')
            .map(<[u8]>::trim_ascii)
            .find(|line| !line.is_empty() && !line.starts_with(b"#"));
        let mapping = |line: &[u8]| {
            let key = line.split(|&b| b == b':').next().unwrap_or_default();
            key.len() < line.len()
                && !key.is_empty()
                && !key.contains(&b',')
                && !key.contains(&b'"')
                && matches!(line.get(key.len() + 1), None | Some(b' ' | b'\t' | b'\r'))
        };
        match line {
            Some(line)
                if line == b"---" || line == b"-" || line.starts_with(b"- ") || mapping(line) =>
            {
                ReturnKind::Yaml
            }
            _ => ReturnKind::Csv,
        }
    }
}

/// A return to read: a file, or text held in memory (a return written
/// inline in a scenario file). Both are read by the same readers into the
/// same table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnSource {
    /// A file (`-` for standard input).
    Path(PathBuf),
    /// Text: its name in reports (`file:line` of its rows), its kind (CSV
    /// or YAML) and the text itself, its lines numbered from 1.
    Text {
        /// The name rows are reported under.
        name: String,
        /// CSV or YAML.
        kind: ReturnKind,
        /// The return.
        text: String,
    },
}

impl ReturnSource {
    /// The file, for a return read from one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            ReturnSource::Path(path) => Some(path),
            ReturnSource::Text { .. } => None,
        }
    }
}

/// What makes `--fail-on` fail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FailOn {
    /// A flagged owner.
    pub underperformance: bool,
    /// A report due and not made.
    pub missing_returns: bool,
}

/// What one run of `concordat assess` found.
#[derive(Debug, Default)]
pub struct AssessReport {
    /// The agreement and the text returns with problems, for diagnostics.
    pub files: Vec<SourceFile>,
    /// Problems with the agreement or the returns, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The assessment, when the agreement and the returns had no problems.
    pub assessment: Option<Assessment>,
    /// Each return as read (rows read and rejected), whether or not it
    /// could be assessed.
    pub returns: Vec<ReturnRead>,
}

impl AssessReport {
    /// How the process should end: 2 if the assessment could not be made, 1
    /// if the agreement or a return has errors, 3 if `fail_on` is met, 0
    /// otherwise.
    pub fn outcome(&self, fail_on: FailOn) -> Outcome {
        if self.diagnostics.iter().any(|d| d.code.is_tool_failure()) {
            return Outcome::Failure;
        }
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return Outcome::Problems;
        }
        match &self.assessment {
            Some(a) if fail_on.underperformance && !a.flags.is_empty() => Outcome::Flagged,
            Some(a) if fail_on.missing_returns && !a.missing_returns.is_empty() => Outcome::Flagged,
            _ => Outcome::Clean,
        }
    }

    /// A GitHub job summary in Markdown: the owners flagged and the returns
    /// missing, or, if the assessment could not be made, every problem.
    pub fn job_summary(&self) -> String {
        match (&self.assessment, self.diagnostics.is_empty()) {
            (Some(assessment), true) => render::job_summary(assessment),
            _ => crate::diagnostics::github::job_summary(
                "concordat assess",
                &self.files,
                &self.diagnostics,
            ),
        }
    }

    /// The report: the diagnostics if there are any, else the assessment.
    pub fn render(&self, options: RenderOptions) -> String {
        match (&self.assessment, self.diagnostics.is_empty()) {
            (Some(assessment), true) => match options.format {
                Format::Json => render::json(assessment),
                Format::Human | Format::Plain => render::text(assessment, options.format),
                // The formats for CI carry the problems found in the returns
                // (here none), as `check`'s do.
                Format::Sarif | Format::Github | Format::Junit | Format::Short => {
                    crate::diagnostics::render::render(&self.files, &self.diagnostics, options)
                }
            },
            _ => {
                let text =
                    crate::diagnostics::render::render(&self.files, &self.diagnostics, options);
                render::with_returns_read(text, &self.returns, options.format)
            }
        }
    }
}

/// Assesses the returns at `returns` against the agreement in the file
/// `agreement`.
pub fn assess_paths(agreement: &Path, returns: &[PathBuf], options: AssessOptions) -> AssessReport {
    assess_paths_read(agreement, returns, options, &ReadOptions::default())
}

/// As [`assess_paths`], the returns read as `reading` says (the sheet of a
/// workbook, the kind of a return on standard input).
pub fn assess_paths_read(
    agreement: &Path,
    returns: &[PathBuf],
    options: AssessOptions,
    reading: &ReadOptions,
) -> AssessReport {
    let sources: Vec<ReturnSource> = returns.iter().cloned().map(ReturnSource::Path).collect();
    assess_sources(agreement, &sources, options, reading)
}

/// As [`assess_paths_read`], each return a file or text in memory (what
/// `concordat test` gives for the returns a scenario writes inline).
pub fn assess_sources(
    agreement: &Path,
    returns: &[ReturnSource],
    options: AssessOptions,
    reading: &ReadOptions,
) -> AssessReport {
    assess_sources_kept(agreement, returns, options, reading, false).0
}

/// As [`assess_sources`]; when `lazy` and `options.periods`, the periods
/// are left out of the assessment and what they are worked out from is
/// given back instead, for [`stream`] to write them as it goes.
fn assess_sources_kept(
    agreement: &Path,
    returns: &[ReturnSource],
    options: AssessOptions,
    reading: &ReadOptions,
    lazy: bool,
) -> (AssessReport, Option<Box<stream::Later>>) {
    let paths = returns.iter().filter_map(ReturnSource::path);
    let named = std::iter::once(agreement).chain(paths);
    if let Err(twice) = crate::files::stdin::named_once(named) {
        let report = AssessReport {
            diagnostics: vec![*twice],
            ..AssessReport::default()
        };
        return (report, None);
    }
    let checked = crate::check_file(agreement);
    let clean = checked.outcome() == Outcome::Clean;
    let mut report = AssessReport {
        files: checked.files,
        ..AssessReport::default()
    };
    if !clean {
        report.diagnostics = checked.diagnostics;
        return (report, None);
    }
    let mut diagnostics = Diagnostics::new();
    let [model] = checked.agreements.as_slice() else {
        diagnostics.push(
            Diagnostic::about_path(
                Code::NotOneAgreement,
                agreement,
                format!(
                    "the file holds {} agreements; assess takes one",
                    checked.agreements.len()
                ),
            )
            .help("give a file that holds the one agreement the returns are for"),
        );
        report.diagnostics = diagnostics.into_sorted();
        return (report, None);
    };
    let Some(model) = allocations::with_allocations(
        model,
        reading.allocations.as_deref(),
        &mut report.files,
        &mut diagnostics,
    ) else {
        report.diagnostics = diagnostics.into_sorted();
        return (report, None);
    };
    let mut read = Vec::new();
    let assessment = assess_returns(
        &model,
        (returns, reading),
        options,
        &mut report.files,
        &mut diagnostics,
        &mut read,
        lazy,
    );
    let mut later = None;
    match assessment {
        Some((assessment, kept)) if !diagnostics.has_errors() => {
            report.assessment = Some(assessment);
            later = kept;
        }
        _ => {}
    }
    report.returns = read;
    report.diagnostics = diagnostics.into_sorted();
    (report, later)
}

/// Reads `returns` and assesses them against `agreement` (already checked
/// clean). Problems go to `diagnostics`, and text returns with problems are
/// added to `files` so that the diagnostics show excerpts; `None` when
/// there were problems.
pub fn assess_agreement(
    agreement: &Agreement,
    returns: &[PathBuf],
    options: AssessOptions,
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Option<Assessment> {
    assess_agreement_read(
        agreement,
        (returns, &ReadOptions::default()),
        options,
        files,
        diagnostics,
    )
}

/// As [`assess_agreement`], the returns read as the options with them say.
pub fn assess_agreement_read(
    agreement: &Agreement,
    (returns, reading): (&[PathBuf], &ReadOptions),
    options: AssessOptions,
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Option<Assessment> {
    let sources: Vec<ReturnSource> = returns.iter().cloned().map(ReturnSource::Path).collect();
    assess_returns(
        agreement,
        (&sources, reading),
        options,
        files,
        diagnostics,
        &mut Vec::new(),
        false,
    )
    .map(|(assessment, _)| assessment)
}

/// As [`assess_agreement`], also saying how each return was read into
/// `read`; when `lazy` and `options.periods`, the periods are left out of
/// the assessment and what they are worked out from is given with it.
fn assess_returns(
    agreement: &Agreement,
    (returns, reading): (&[ReturnSource], &ReadOptions),
    options: AssessOptions,
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
    read: &mut Vec<ReturnRead>,
    lazy: bool,
) -> Option<(Assessment, Option<Box<stream::Later>>)> {
    let catalogue = Catalogue::new(agreement)?;
    if let Err(twice) =
        crate::files::stdin::named_once(returns.iter().filter_map(ReturnSource::path))
    {
        diagnostics.push(*twice);
        return None;
    }
    let table = read_returns(
        agreement,
        &catalogue,
        returns,
        reading,
        files,
        diagnostics,
        read,
    );
    if diagnostics.has_errors() {
        return None;
    }
    let term = agreement.term?;
    let as_of = match options.as_of {
        Some(period) if !term.contains(period.year()) => {
            diagnostics.push(
                Diagnostic::about_path(
                    Code::AsOfOutsideTerm,
                    files.first().map_or(Path::new(""), |f| f.path.as_path()),
                    format!(
                        "`--as-of {period}` is outside the term of `{}`, {} to {}",
                        agreement.id, term.first.value, term.last.value
                    ),
                )
                .help("give a period within the term, or leave `--as-of` out"),
            );
            return None;
        }
        Some(period) => period,
        None => table.latest.unwrap_or(Period::Year(term.last.value)),
    };
    let when = status::When {
        as_of,
        on: options.on.unwrap_or_else(|| as_of.end_date()),
    };
    let lazy = lazy && options.periods;
    let keep = options.periods && !lazy;
    let mut assessment = assess(agreement, &catalogue, &table, when, keep);
    assessment.rows_rejected = read.iter().map(|r| r.rejected).sum();
    assessment.read.clone_from(read);
    let later = lazy.then(|| {
        Box::new(stream::Later {
            agreement: agreement.clone(),
            catalogue,
            table,
            when,
        })
    });
    Some((assessment, later))
}

/// Reads every return into one table.
fn read_returns(
    agreement: &Agreement,
    catalogue: &Catalogue,
    returns: &[ReturnSource],
    options: &ReadOptions,
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
    read: &mut Vec<ReturnRead>,
) -> Table {
    let mut ingest = Ingest::new(agreement, catalogue);
    ingest.table.paths = returns
        .iter()
        .map(|source| match source {
            ReturnSource::Path(path) => crate::source::display_path(path),
            ReturnSource::Text { name, .. } => name.clone(),
        })
        .collect();
    for (index, source) in returns.iter().enumerate() {
        let file = u16::try_from(index).unwrap_or(u16::MAX);
        let mut summary = ReturnRead {
            path: ingest.table.paths.get(index).cloned().unwrap_or_default(),
            ..ReturnRead::default()
        };
        let path = match source {
            ReturnSource::Path(path) => path,
            ReturnSource::Text { name, kind, text } => {
                let text = (name.as_str(), *kind, text.as_str());
                read.push(read_text(
                    text,
                    file,
                    &mut ingest,
                    files,
                    diagnostics,
                    summary,
                ));
                continue;
            }
        };
        let found = match ReturnKind::of(path, options) {
            Some(ReturnKind::Csv) => csv::read(path, file, &mut ingest),
            Some(ReturnKind::Yaml) => yaml::read(path, file, &mut ingest),
            Some(ReturnKind::Xlsx) => {
                if let Err(error) = crate::files::open_return(path) {
                    diagnostics.push(crate::cannot_read_path(path, &error));
                } else {
                    let sheet = options.sheet.as_deref();
                    let (rows, rejected) =
                        xlsx::read_sheet(path, file, sheet, &mut ingest, diagnostics, xlsx::LIMITS);
                    summary.rows = rows;
                    summary.rejected = rejected;
                }
                read.push(summary);
                continue;
            }
            None => {
                diagnostics.push(
                    Diagnostic::about_path(
                        Code::UnknownReturnKind,
                        path,
                        "a return must be a `.csv`, `.yaml` (`.yml`) or `.xlsx` file",
                    )
                    .help("save the return as CSV, YAML or an Excel workbook"),
                );
                continue;
            }
        };
        if let Ok(problems) = &found {
            summary.rows = problems.rows;
            summary.rejected = problems.rejected;
            summary.encoding = problems.encoding.map(str::to_owned);
        }
        read.push(summary);
        match found {
            Err(error) => diagnostics.push(crate::cannot_read_path(path, &error)),
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => {
                let id = FileId(u32::try_from(files.len()).unwrap_or(u32::MAX));
                files.extend(problems::text_diagnostics(id, path, problems, diagnostics));
            }
        }
    }
    ingest.table
}

/// Reads a return given as text (CSV or YAML) into `ingest`, as the files
/// of those kinds are read; its problems are shown with excerpts of the
/// text. Gives how it was read.
fn read_text(
    (name, kind, text): (&str, ReturnKind, &str),
    file: u16,
    ingest: &mut Ingest<'_>,
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
    mut summary: ReturnRead,
) -> ReturnRead {
    let problems = match kind {
        ReturnKind::Csv => csv::read_text(text, Path::new(name), file, ingest),
        ReturnKind::Yaml => yaml::read_text(text, file, ingest),
        ReturnKind::Xlsx => {
            diagnostics.push(
                Diagnostic::about_path(
                    Code::UnknownReturnKind,
                    name,
                    "a return given as text must be CSV or YAML",
                )
                .help("give a workbook by its path"),
            );
            return summary;
        }
    };
    summary.rows = problems.rows;
    summary.rejected = problems.rejected;
    if !problems.is_empty() {
        let id = FileId(u32::try_from(files.len()).unwrap_or(u32::MAX));
        let file = SourceFile::new(id, name, text);
        files.push(problems::located_diagnostics(file, problems, diagnostics));
    }
    summary
}

/// The assessment of a filled table as of `when`.
fn assess(
    agreement: &Agreement,
    catalogue: &Catalogue,
    table: &Table,
    when: status::When,
    keep_periods: bool,
) -> Assessment {
    let mut assessment = Assessment {
        agreement: agreement.id.clone(),
        title: agreement.title.to_string(),
        as_of: when.as_of,
        on: when.on,
        returns: table.paths.clone(),
        rows: table.rows,
        rows_rejected: 0,
        read: Vec::new(),
        rows_after_as_of: rows_after(catalogue, table, when.as_of),
        obligations: Vec::new(),
        flags: Vec::new(),
        missing_returns: Vec::new(),
        settlements: Vec::new(),
        payments: Vec::new(),
        unsettled: Vec::new(),
        monitoring: Vec::new(),
        forecast_triggers: Vec::new(),
        expired_waivers: waive::expired(agreement, when.on),
    };
    (assessment.monitoring, assessment.forecast_triggers) =
        forecast::assess(agreement, catalogue, table, when.as_of);
    // Payments for performance judge obligations period by period.
    let needed = payments::obligations_needed(agreement);
    // Obligations are independent: assessed on both cores, gathered in
    // their order.
    let assessed = crate::run_parallel(agreement.obligations.len(), 0, |index| {
        let keep = keep_periods || needed.binary_search(&index).is_ok();
        status::assess_obligation(agreement, catalogue, table, index, when, keep)
    });
    for (obligation, found) in agreement.obligations.iter().zip(assessed) {
        let Some(found) = found else {
            continue;
        };
        let together = found.assessment.owners.first().map(|o| o.responsibility);
        for (place, run) in found.runs.iter().enumerate() {
            let who = match together {
                Some(assessment::Responsibility::Joint) => ladder::Answering::Jointly,
                Some(assessment::Responsibility::ByCategory) => ladder::Answering::ByCategory,
                _ => ladder::Answering::Owner(place),
            };
            if let Some(flag) = ladder::flag(agreement, obligation, who, run) {
                assessment.flags.push(flag);
            }
        }
        assessment.missing_returns.extend(found.missing);
        assessment.obligations.push(found.assessment);
    }
    let (payments, withheld) = payments::judge(agreement, &assessment.obligations);
    if !keep_periods {
        for obligation in &mut assessment.obligations {
            obligation.owners.iter_mut().for_each(|o| o.periods.clear());
        }
    }
    let mut outturns = Vec::new();
    for (index, pool) in agreement.pools.iter().enumerate() {
        if pool.kind != PoolKind::Pooled {
            continue;
        }
        for year_offset in 0..catalogue.years {
            let Some(spend) = monitor::outturn(table, catalogue, index, year_offset) else {
                continue;
            };
            let year = catalogue
                .period_of(year_offset * catalogue::SLOTS_PER_YEAR)
                .year();
            if Period::Year(year).ends_after(when.as_of) {
                continue;
            }
            if let Some(reason) = settle::not_known(pool, year) {
                assessment.unsettled.push(Unsettled {
                    pool: pool.id.clone(),
                    year,
                    spend: spend.amount,
                    row: place_of(&table.paths, spend.row),
                    reason,
                });
                continue;
            }
            let waits = payments.iter().find(|p| {
                p.pool == pool.id && p.year == year && p.release == payments::Release::Undecided
            });
            if let Some(waits) = waits {
                assessment.unsettled.push(Unsettled {
                    pool: pool.id.clone(),
                    year,
                    spend: spend.amount,
                    row: place_of(&table.paths, spend.row),
                    reason: waits.explanation.clone(),
                });
                continue;
            }
            let apart = apart(
                agreement,
                catalogue,
                table,
                index,
                year_offset,
                &mut outturns,
            );
            outturns.push(settle::outturn::Outturn {
                pool: index,
                scheme: None,
                apart,
                year,
                spend: spend.amount,
                row: place_of(&table.paths, spend.row),
            });
        }
    }
    assessment.settlements = settle::outturn::settle_outturns(agreement, &outturns, &withheld);
    assessment.payments = payments;
    assessment
}

/// The outturns of the schemes of pool `index` in a year that are settled
/// by their own rules (a scheme with an outturn and a rule for its side of
/// the plan), added to `outturns`; returns the part of the pool's variance
/// they account for.
fn apart(
    agreement: &Agreement,
    catalogue: &Catalogue,
    table: &Table,
    index: usize,
    year_offset: usize,
    outturns: &mut Vec<settle::outturn::Outturn>,
) -> crate::money::Money {
    let mut apart = crate::money::Money::ZERO;
    let year = catalogue
        .period_of(year_offset * catalogue::SLOTS_PER_YEAR)
        .year();
    for fund in agreement.pools.len()..catalogue.funds() {
        let Some((pool, k)) = catalogue.scheme_of(fund) else {
            continue;
        };
        let scheme = agreement.pools.get(pool).and_then(|p| p.schemes.get(k));
        let (true, Some(scheme)) = (pool == index, scheme) else {
            continue;
        };
        let Some(spend) = monitor::outturn(table, catalogue, fund, year_offset) else {
            continue;
        };
        let Some(variance) = scheme
            .plan(year)
            .and_then(|plan| spend.amount.checked_sub(plan))
        else {
            continue;
        };
        let rule = if variance.is_negative() {
            &scheme.underspend
        } else {
            &scheme.overspend
        };
        if rule.is_none() {
            continue;
        }
        apart = apart.checked_add(variance).unwrap_or(apart);
        outturns.push(settle::outturn::Outturn {
            pool,
            scheme: Some(k),
            apart: crate::money::Money::ZERO,
            year,
            spend: spend.amount,
            row: place_of(&table.paths, spend.row),
        });
    }
    apart
}

fn rows_after(catalogue: &Catalogue, table: &Table, as_of: Period) -> u64 {
    let late: Vec<bool> = (0..catalogue.slots_per_owner())
        .map(|slot| catalogue.period_of(slot).ends_after(as_of))
        .collect();
    // Only the slots after the as-of period are looked at: usually few.
    let late_slots: Vec<usize> = late
        .iter()
        .enumerate()
        .filter_map(|(slot, late)| late.then_some(slot))
        .collect();
    let mut cells = 0usize;
    for obligation in 0..catalogue.owners.len() {
        for unit in 0..catalogue.units(obligation) {
            for &slot in &late_slots {
                let filled = catalogue
                    .cell(obligation, unit, slot)
                    .and_then(|c| table.cells.get(c))
                    .is_some_and(|c| c.state() != returns::CellState::Empty);
                cells += usize::from(filled);
            }
        }
    }
    let spend = table
        .spend
        .iter()
        .enumerate()
        .filter(|(index, spend)| {
            spend.is_some()
                && late
                    .get((index % catalogue.years.max(1)) * catalogue::SLOTS_PER_YEAR)
                    .copied()
                    .unwrap_or(false)
        })
        .count();
    let per_fund = catalogue.slots_per_owner().max(1);
    let monitored = table
        .monitor
        .iter()
        .enumerate()
        .filter(|(index, figure)| {
            figure.is_some()
                && late
                    .get((index / monitor::MEASURES) % per_fund)
                    .copied()
                    .unwrap_or(false)
        })
        .count();
    u64::try_from(cells + spend + monitored).unwrap_or(u64::MAX)
}
