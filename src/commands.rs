//! What the subcommands `explain`, `model` and `graph` print, built from the
//! pipeline's report.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use crate::model::Agreement;
use crate::pipeline::check_file;
use crate::report::{CheckReport, Outcome};
use crate::{check, graph};

/// The explanation of a diagnostic code, for `concordat explain`.
pub fn explain(code: &str) -> Option<String> {
    let code = Code::parse(code)?;
    let severity = match code.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut text = format!(
        "{} ({severity}): {}\n\n{}\n",
        code.as_str(),
        code.title(),
        code.explanation()
    );
    if code == Code::ExcludedFunction {
        text.push_str("\nThe excluded categories, with the paragraph of each:\n");
        text.push_str(&crate::model::nhs_categories::exclusions_text());
    }
    Some(text)
}

/// Every code with its title, one a line, for `concordat explain` alone.
pub fn list_codes() -> String {
    Code::ALL
        .iter()
        .map(|code| format!("{}  {}\n", code.as_str(), code.title()))
        .collect()
}

/// The version of the shape of `model`'s output; raised when a field
/// changes meaning or is removed (adding a field does not raise it).
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// What `model` prints: the agreements of one file, with the version of
/// their shape.
#[derive(Serialize)]
struct ModelDocument<'a> {
    format_version: u32,
    agreements: &'a [Agreement],
}

/// The resolved model of the agreements in one file, as JSON (or YAML): one
/// document, `{format_version, agreements}`, if the file has no errors;
/// otherwise the report saying why not.
pub fn model_of(path: &Path, yaml: bool) -> Result<String, CheckReport> {
    let mut report = check_file(path);
    if report.outcome() != Outcome::Clean {
        return Err(report);
    }
    let agreements = std::mem::take(&mut report.agreements);
    let document = ModelDocument {
        format_version: MODEL_FORMAT_VERSION,
        agreements: &agreements,
    };
    let text = if yaml {
        serde_yaml::to_string(&document).map_err(|e| e.to_string())
    } else {
        serde_json::to_string_pretty(&document)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| e.to_string())
    };
    text.map_err(|error| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(Diagnostic::about_path(
            Code::CannotRead,
            path,
            format!("the model could not be written: {error}"),
        ));
        CheckReport {
            diagnostics: diagnostics.into_sorted(),
            ..report
        }
    })
}

/// How to draw the responsibility graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// A standalone SVG picture.
    Svg,
}

/// The picture of the responsibility graph of each agreement in one file,
/// with the nodes of every problem the graph rules found highlighted, and the
/// check report of the file (its diagnostics decide the exit code). `Err`
/// when no model could be built (the file cannot be read or parsed).
pub fn graph_of(path: &Path, format: GraphFormat) -> Result<(String, CheckReport), CheckReport> {
    let mut report = check_file(path);
    let agreements = std::mem::take(&mut report.agreements);
    if agreements.is_empty() {
        return Err(report);
    }
    let mut out = String::new();
    for agreement in &agreements {
        let graph = graph::ResponsibilityGraph::build(agreement);
        let mut options = graph::render::Options {
            id_prefix: format!("{}-", agreement.id),
            ..graph::render::Options::default()
        };
        for finding in check::graph_findings(agreement, &graph) {
            options.highlight.extend(finding.nodes);
            options.highlight_edges.extend(finding.edges);
        }
        let picture = match format {
            GraphFormat::Dot => graph::render::dot(&graph, &agreement.title, &options),
            GraphFormat::Mermaid => graph::render::mermaid(&graph, &options),
            GraphFormat::Svg => graph::render::svg(&graph, &agreement.title, &options),
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&picture);
    }
    Ok((out, report))
}
