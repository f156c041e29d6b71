//! An assessment written as it goes: the report goes to any
//! [`std::io::Write`], through a buffer, and is never held whole in memory.
//! The bytes are those of [`AssessReport::render`].
//!
//! For `--format json`, [`assess_paths_streamed`] keeps each owner's
//! periods out of the assessment (they are most of the document: one
//! record per owner and period) and works them out again from the table of
//! figures, a few obligations at a time, while the document is written, so
//! that memory does not grow with them.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::Serialize;

use super::assessment::{Assessment, ObligationAssessment, ASSESSMENT_FORMAT_VERSION};
use super::catalogue::Catalogue;
use super::returns::Table;
use super::status::{self, When};
use super::{AssessOptions, AssessReport, ReadOptions, ReturnSource};
use crate::diagnostics::render::{Format, RenderOptions};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Agreement;

/// The size of the buffer between the report and its destination.
const BUFFER: usize = 64 * 1024;

/// How many obligations' periods are worked out at once, on a thread of
/// their own while the batch before them is written.
const BATCH: usize = 8;

/// What the periods of an assessment are worked out from: the agreement,
/// its names and the table of figures, and when it was assessed.
#[derive(Debug)]
pub(crate) struct Later {
    /// The agreement assessed (with any allocations applied).
    pub(crate) agreement: Agreement,
    /// Its names.
    pub(crate) catalogue: Catalogue,
    /// Every figure of the returns.
    pub(crate) table: Table,
    /// When it was assessed.
    pub(crate) when: When,
}

/// A report of `concordat assess` ready to be written: the report itself,
/// and, for a JSON document with every period, what the periods are worked
/// out from as the document is written.
#[derive(Debug, Default)]
pub struct StreamedReport {
    /// The report. Its assessment's owners have no `periods` when they are
    /// worked out as the report is written.
    pub report: AssessReport,
    later: Option<Box<Later>>,
}

impl StreamedReport {
    /// Writes the report to `out` as it goes: the same bytes as
    /// [`AssessReport::render`] gives for an assessment made with every
    /// period kept. Fails only if `out` does.
    pub fn write(&self, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
        self.report.write_with(options, self.later.as_deref(), out)
    }
}

/// As [`super::assess_paths_read`], for a report that is to be written
/// rather than kept: with `options.periods` (every period, as `--format
/// json` shows), the periods are not kept in the assessment but worked out
/// as [`StreamedReport::write`] writes them, so that memory does not grow
/// with them.
pub fn assess_paths_streamed(
    agreement: &Path,
    returns: &[PathBuf],
    options: AssessOptions,
    reading: &ReadOptions,
) -> StreamedReport {
    let sources: Vec<ReturnSource> = returns.iter().cloned().map(ReturnSource::Path).collect();
    let (report, later) = super::assess_sources_kept(agreement, &sources, options, reading, true);
    StreamedReport { report, later }
}

impl AssessReport {
    /// Writes the report to `out` as it goes (through a buffer): the same
    /// bytes as [`AssessReport::render`]. Fails only if `out` does.
    pub fn write(&self, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
        self.write_with(options, None, out)
    }

    fn write_with(
        &self,
        options: RenderOptions,
        later: Option<&Later>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut out = BufWriter::with_capacity(BUFFER, out);
        match (
            &self.assessment,
            self.diagnostics.is_empty(),
            options.format,
        ) {
            (Some(assessment), true, Format::Json) => write_json(assessment, later, &mut out)?,
            (Some(assessment), true, format @ (Format::Human | Format::Plain)) => {
                write_text(assessment, format, &mut out)?;
            }
            // The diagnostics, and the formats for CI: short.
            _ => out.write_all(self.render(options).as_bytes())?,
        }
        out.flush()
    }
}

/// Writes the assessment as a JSON document to `out`, the same bytes as
/// [`super::render::json`]; with `later`, each owner's periods are worked
/// out as they are written. Generic, so that the serialiser's many small
/// writes reach the buffer without a call through a pointer each.
fn write_json<W: Write>(
    assessment: &Assessment,
    later: Option<&Later>,
    out: &mut W,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        format_version: u32,
        assessment: Whole<'a>,
    }
    let document = Document {
        format_version: ASSESSMENT_FORMAT_VERSION,
        assessment: Whole { assessment, later },
    };
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Writes the assessment as a short report to `out`, the same bytes as
/// [`super::render::text`].
fn write_text<W: Write>(assessment: &Assessment, format: Format, out: &mut W) -> io::Result<()> {
    let mut adapter = Adapter { out, error: None };
    let written = super::render::write_text(&mut adapter, assessment, format);
    match (adapter.error, written) {
        (Some(error), _) => Err(error),
        (None, Ok(())) => Ok(()),
        (None, Err(std::fmt::Error)) => Err(io::Error::other("the report could not be formatted")),
    }
}

/// An [`io::Write`] seen as a [`std::fmt::Write`], keeping the error.
struct Adapter<'a, W> {
    out: &'a mut W,
    error: Option<io::Error>,
}

impl<W: Write> std::fmt::Write for Adapter<'_, W> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.out.write_all(text.as_bytes()).map_err(|error| {
            self.error = Some(error);
            std::fmt::Error
        })
    }
}

/// The assessment, its obligations' periods worked out as they are written
/// when there is a `later`.
struct Whole<'a> {
    assessment: &'a Assessment,
    later: Option<&'a Later>,
}

impl Serialize for Whole<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(later) = self.later else {
            return self.assessment.serialize(serializer);
        };
        let a = self.assessment;
        // The fields of `Assessment`, in its order, skipped as its derived
        // serialisation skips them (a test compares the two).
        let mut s = serializer.serialize_struct("Assessment", 18)?;
        s.serialize_field("agreement", &a.agreement)?;
        s.serialize_field("title", &a.title)?;
        s.serialize_field("as_of", &a.as_of)?;
        s.serialize_field("on", &a.on)?;
        s.serialize_field("returns", &a.returns)?;
        s.serialize_field("rows", &a.rows)?;
        s.serialize_field("rows_rejected", &a.rows_rejected)?;
        s.serialize_field("returns_read", &a.read)?;
        s.serialize_field("rows_after_as_of", &a.rows_after_as_of)?;
        s.serialize_field(
            "obligations",
            &Obligations {
                count: a.obligations.len(),
                later,
            },
        )?;
        s.serialize_field("flags", &a.flags)?;
        s.serialize_field("missing_returns", &a.missing_returns)?;
        s.serialize_field("settlements", &a.settlements)?;
        unless_empty(&mut s, "payments", &a.payments)?;
        unless_empty(&mut s, "unsettled", &a.unsettled)?;
        unless_empty(&mut s, "monitoring", &a.monitoring)?;
        unless_empty(&mut s, "forecast_triggers", &a.forecast_triggers)?;
        unless_empty(&mut s, "expired_waivers", &a.expired_waivers)?;
        s.end()
    }
}

/// Serialises `field` unless it is empty (`skip_serializing_if =
/// "Vec::is_empty"`).
fn unless_empty<S: SerializeStruct, T: Serialize>(
    s: &mut S,
    name: &'static str,
    field: &Vec<T>,
) -> Result<(), S::Error> {
    if field.is_empty() {
        s.skip_field(name)
    } else {
        s.serialize_field(name, field)
    }
}

/// Every obligation assessed again with its periods, a batch at a time,
/// each batch written and dropped before the next.
struct Obligations<'a> {
    /// How many obligations the assessment holds.
    count: usize,
    later: &'a Later,
}

impl Serialize for Obligations<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let later = self.later;
        let total = later.agreement.obligations.len();
        // The obligations from `start`, with their periods.
        let batch = |start: usize| -> Vec<ObligationAssessment> {
            (start..total.min(start + BATCH))
                .filter_map(|index| {
                    status::assess_obligation(
                        &later.agreement,
                        &later.catalogue,
                        &later.table,
                        index,
                        later.when,
                        true,
                    )
                })
                .map(|found| found.assessment)
                .collect()
        };
        let mut seq = serializer.serialize_seq(Some(self.count))?;
        // The next batch is worked out on a thread of its own while this
        // one is written.
        std::thread::scope(|scope| {
            let mut current = batch(0);
            let mut start = 0;
            loop {
                start += BATCH;
                let next = (start < total).then(|| scope.spawn(move || batch(start)));
                for obligation in &current {
                    seq.serialize_element(obligation)?;
                }
                match next.map(std::thread::ScopedJoinHandle::join) {
                    None => return Ok(()),
                    Some(Ok(obligations)) => current = obligations,
                    Some(Err(_)) => {
                        return Err(serde::ser::Error::custom(
                            "the periods of an obligation could not be worked out",
                        ))
                    }
                }
            }
        })?;
        seq.end()
    }
}

/// Writes `report` to the file `output` (whole or not at all), or to the
/// standard output, as it goes. A failure is `Some` diagnostic (E0920), or
/// `None` when the standard output was closed by its reader (a pipe to
/// `head`), which ends the run quietly as the other commands do.
pub fn emit(
    report: &StreamedReport,
    options: RenderOptions,
    output: Option<&Path>,
) -> Result<(), Option<Box<Diagnostic>>> {
    match output {
        Some(path) => {
            let mut names = crate::files::write::temporary_names(path);
            crate::files::write_with(path, &mut names, |file| report.write(options, file))
                .map_err(Some)
        }
        None => {
            let mut stdout = io::stdout().lock();
            report.write(options, &mut stdout).map_err(|error| {
                if error.kind() == io::ErrorKind::BrokenPipe {
                    return None;
                }
                Some(Box::new(
                    Diagnostic::about_path(
                        Code::CannotWrite,
                        Path::new("-"),
                        format!("standard output cannot be written: {error}"),
                    )
                    .help("give a file with `-o FILE`"),
                ))
            })
        }
    }
}
