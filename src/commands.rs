//! What the subcommands `explain`, `model` and `graph` print, built from the
//! pipeline's report.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use crate::model::{Agreement, Route, Routes};
use crate::pipeline::check_file;
use crate::report::{CheckReport, Outcome};
use crate::{check, graph};

/// The explanation of a diagnostic code, for `concordat explain`; for the
/// word `basis`, which rules apply to which basis ([`basis_table`]).
pub fn explain(code: &str) -> Option<String> {
    if code.trim().eq_ignore_ascii_case("basis") {
        return Some(basis_table());
    }
    let code = Code::parse(code)?;
    let mut more = String::new();
    if matches!(code, Code::PartnerKindNotInForce | Code::PartnerKindEnds) {
        more.push_str("\n\nThe windows, kind by kind (a date left out is no limit):\n");
        for window in check::KIND_WINDOWS {
            let day = |d: Option<(u16, u8, u8)>| {
                d.map_or_else(String::new, |(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
            };
            more.push_str(&format!(
                "  {:<21} {:>10} to {:<10}  {}\n",
                window.kind.word(),
                day(window.from),
                day(window.until),
                window.source
            ));
        }
        more.pop();
    }
    let routes = check::basis::routes_of(code);
    if routes != Routes::ALL {
        let names: Vec<&str> = routes.iter().map(Route::sections).collect();
        more.push_str(&format!(
            "\n\nApplies to agreements whose basis names {} (`concordat explain basis`).",
            names.join(", ")
        ));
    }
    let severity = match code.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut text = format!(
        "{} ({severity}): {}\n\n{}",
        code.as_str(),
        code.title(),
        code.explanation()
    );
    if code == Code::ExcludedFunction {
        text.push_str("\n\nThe excluded categories, with the paragraph of each:\n");
        text.push_str(crate::model::nhs_categories::exclusions_text().trim_end());
    }
    text.push_str(&more);
    text.push('\n');
    Some(text)
}

/// Which rules apply to which basis, for `concordat explain basis`: the
/// routes a `basis` may name, then every code whose rule applies to some
/// of them only (the others apply to all).
pub fn basis_table() -> String {
    let mut out = String::from("The routes a `basis` names (sections of the NHS Act 2006):\n");
    for route in Route::ALL {
        out.push_str(&format!("  {:<13} {}\n", route.sections(), route.purpose()));
    }
    out.push_str(
        "With no basis, or one naming none of these, an agreement is checked as under s.75.\n\n\
         Rules that apply to some routes only (every other rule applies to all):\n",
    );
    for code in Code::ALL {
        let routes = check::basis::routes_of(*code);
        if routes == Routes::ALL {
            continue;
        }
        let names: Vec<&str> = routes.iter().map(Route::sections).collect();
        out.push_str(&format!(
            "  {}  {:<40} {}\n",
            code.as_str(),
            names.join(", "),
            code.title()
        ));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_basis_lists_the_routes_and_the_rules_limited_to_some() {
        let table = explain("basis").unwrap();
        assert_eq!(table, basis_table());
        assert!(table.contains("ss.65Z5-65Z6  joint working"));
        // A transfer's own rule, and a pooled-fund rule that a transfer does
        // not run.
        assert!(table.contains("  E0113  s.256, s.76"));
        assert!(table.contains("  E0208  s.75, ss.65Z5-65Z6, s.77"));
        // A rule for every route is not listed.
        assert!(!table.contains("E0303"));
        let e0208 = explain("E0208").unwrap();
        assert!(e0208.contains("Applies to agreements whose basis names s.75"));
        let e0204 = explain("E0204").unwrap();
        assert!(e0204.contains("combined_authority"));
    }
}
