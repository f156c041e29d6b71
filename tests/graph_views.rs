//! The responsibility graph in three views for the board paper: which lines
//! each view draws (each once), that every picture is legible on A4 at its
//! natural size (text of 8 pt or more), and the Markdown's Mermaid split.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use concordat::check_file;
use concordat::graph::draw;
use concordat::graph::layout::{self, BOX_WIDTH, WIDTH};
use concordat::graph::render::Options;
use concordat::graph::views::{View, ViewGraph};
use concordat::graph::{EdgeKind, ResponsibilityGraph};
use concordat::model::Agreement;
use concordat::summary::{summary_of, Format};

/// 8 pt in CSS pixels (96 to the inch, 72 points to the inch).
const EIGHT_POINT_PX: f64 = 8.0 * 96.0 / 72.0;
/// The printable width of A4 portrait with 20 mm margins, in CSS pixels.
const A4_PRINTABLE_PX: f64 = 170.0 / 25.4 * 96.0;

fn shipped() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("agreements")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "s75"))
        .collect();
    paths.sort();
    paths
}

fn agreement(path: &Path) -> Agreement {
    let mut report = check_file(path);
    report.agreements.remove(0)
}

fn count(view: &ViewGraph, kind: EdgeKind) -> usize {
    view.edges.iter().filter(|e| e.kind == kind).count()
}

#[test]
fn each_view_draws_its_own_lines_each_once() {
    let a = agreement(Path::new("agreements/lancashire_bcf.s75"));
    let graph = ResponsibilityGraph::build(&a);
    let money = ViewGraph::build(&graph, &a, View::Money);
    // Seven partners pay in; the county council hosts; one grant; the pool
    // pays for four functions.
    assert_eq!(count(&money, EdgeKind::PaysInto), 7);
    assert_eq!(count(&money, EdgeKind::Hosts), 1);
    assert_eq!(count(&money, EdgeKind::PaysGrant), 1);
    assert_eq!(count(&money, EdgeKind::Funds), 4);
    assert_eq!(money.edges.len(), 13);
    let commissioning = ViewGraph::build(&graph, &a, View::Commissioning);
    assert_eq!(count(&commissioning, EdgeKind::Leads), 2);
    assert_eq!(count(&commissioning, EdgeKind::CommissionedFor), 14);
    // A delegation is the same fact read backwards: not drawn again.
    assert_eq!(count(&commissioning, EdgeKind::Delegates), 0);
    assert_eq!(commissioning.edges.len(), 16);
    let accountability = ViewGraph::build(&graph, &a, View::Accountability);
    assert_eq!(count(&accountability, EdgeKind::Owns), 7);
    assert_eq!(count(&accountability, EdgeKind::ReportsTo), 3);
    assert_eq!(count(&accountability, EdgeKind::EscalatesTo), 3);
    assert_eq!(count(&accountability, EdgeKind::AccountableTo), 7);
    assert_eq!(count(&accountability, EdgeKind::SitsOn), 0);
    // The partners the board answers to are drawn again, below it.
    assert_eq!(accountability.nodes.iter().filter(|n| n.copy).count(), 7);

    let b = agreement(Path::new("agreements/rotherham_bcf.s75"));
    let graph = ResponsibilityGraph::build(&b);
    // Both partners pay into both pools: four lines, not one per year.
    let money = ViewGraph::build(&graph, &b, View::Money);
    assert_eq!(count(&money, EdgeKind::PaysInto), 4);
    assert!(ViewGraph::build(&graph, &b, View::Commissioning).is_empty());
}

#[test]
fn no_line_is_drawn_twice_and_none_is_lost() {
    for path in shipped() {
        let a = agreement(&path);
        let graph = ResponsibilityGraph::build(&a);
        let mut drawn = BTreeSet::new();
        for view in View::ALL {
            let lines = ViewGraph::build(&graph, &a, view);
            let mut seen = BTreeSet::new();
            for e in &lines.edges {
                assert!(view.kinds().contains(&e.kind), "{view:?} draws {e:?}");
                let (from, to) = (lines.nodes[e.from], lines.nodes[e.to]);
                assert!(
                    seen.insert((from.node, to.node, e.kind)),
                    "{}: {view:?} draws {e:?} twice",
                    path.display()
                );
                drawn.insert((from.node, to.node, e.kind));
            }
            // Every node drawn has a line.
            for i in 0..lines.nodes.len() {
                assert!(lines.edges.iter().any(|e| e.from == i || e.to == i));
            }
        }
        // Every line of the whole graph is in a view, except seats (told in
        // the governance section) and delegations (commissioning read
        // backwards).
        for (from, to, edge) in graph.edges() {
            if matches!(edge.kind, EdgeKind::SitsOn | EdgeKind::Delegates) {
                continue;
            }
            assert!(
                drawn.contains(&(from, to, edge.kind)),
                "{}: {} {} {} is in no view",
                path.display(),
                graph.id(from),
                edge.kind.words(),
                graph.id(to)
            );
        }
    }
}

/// The numbers in every `name="..."` attribute of an SVG.
fn attribute_values(svg: &str, name: &str) -> Vec<f64> {
    let key = format!(" {name}=\"");
    svg.match_indices(&key)
        .map(|(at, _)| {
            let rest = &svg[at + key.len()..];
            rest[..rest.find('"').unwrap()].parse::<f64>().unwrap()
        })
        .collect()
}

#[test]
fn every_view_is_legible_on_a4_at_its_natural_size() {
    for path in shipped() {
        let a = agreement(&path);
        let graph = ResponsibilityGraph::build(&a);
        for view in View::ALL {
            let lines = ViewGraph::build(&graph, &a, view);
            if lines.is_empty() {
                continue;
            }
            let svg = draw::svg(&graph, &lines, "Title", &Options::default());
            // Its natural width fits the printed page, so nothing scales it
            // down; the viewBox is that width, so the scale is one.
            let width = attribute_values(&svg, "width")[0];
            assert!(width <= A4_PRINTABLE_PX, "{width}");
            assert!(svg.contains(&format!("viewBox=\"0 0 {width} ")));
            // Every text, and the default, is 8 pt or more at that scale.
            let sizes = attribute_values(&svg, "font-size");
            let texts = svg.matches("<text ").count();
            assert!(sizes.len() > texts, "every text declares its size");
            for size in sizes {
                assert!(size >= EIGHT_POINT_PX, "{}: {size} px", path.display());
            }
            // No two boxes overlap and every box is inside the picture.
            let texts: Vec<String> = lines
                .nodes
                .iter()
                .map(|n| graph.name(n.node).to_owned())
                .collect();
            let laid = layout::layout(&texts, &lines.edges);
            for (i, b) in laid.boxes.iter().enumerate() {
                assert!(b.x >= 0.0 && b.x + BOX_WIDTH <= WIDTH);
                for c in &laid.boxes[i + 1..] {
                    let apart = b.x + BOX_WIDTH <= c.x
                        || c.x + BOX_WIDTH <= b.x
                        || b.y + b.h <= c.y
                        || c.y + c.h <= b.y;
                    assert!(apart, "{}: boxes overlap in {view:?}", path.display());
                }
            }
        }
    }
}

#[test]
fn the_html_keeps_each_view_at_its_natural_size() {
    let html = summary_of(Path::new("agreements/lancashire_bcf.s75"), Format::Html).unwrap();
    for view in View::ALL {
        assert!(html.contains(&format!("<h3>{}</h3>", view.heading())));
        assert!(html.contains(&format!("aria-labelledby=\"graph-{}-title", view.id())));
    }
    assert_eq!(html.matches("<div class=\"graph-scroll\"><svg ").count(), 3);
    // Shrinking to fit a narrow screen would shrink the text: the box
    // scrolls instead.
    assert!(html.contains(".graph-scroll > svg { max-width: none; }"));
}

/// The section of the Markdown paper that draws the graph.
fn graph_section(markdown: &str) -> &str {
    let start = markdown.find("## Who is responsible to whom").unwrap();
    let end = markdown[start + 3..]
        .find("\n## ")
        .map_or(markdown.len(), |e| start + 3 + e);
    &markdown[start..end]
}

#[test]
fn markdown_draws_three_mermaid_views() {
    for name in ["lancashire_bcf", "rotherham_bcf"] {
        let path = PathBuf::from(format!("agreements/{name}.s75"));
        let markdown = summary_of(&path, Format::Markdown).unwrap();
        let section = graph_section(&markdown);
        for view in View::ALL {
            assert!(section.contains(&format!("### {}", view.heading())));
        }
        insta::assert_snapshot!(format!("graph_section_{name}"), section);
    }
}

#[test]
fn nodes_in_a_reported_problem_are_marked_in_every_view() {
    let a = agreement(Path::new("tests/fixtures/errors/several_problems.s75"));
    let graph = ResponsibilityGraph::build(&a);
    let mut options = Options::default();
    for finding in concordat::check::graph_findings(&a, &graph) {
        options.highlight.extend(finding.nodes);
        options.highlight_edges.extend(finding.edges);
    }
    assert!(!options.highlight.is_empty());
    // The two leads of `reablement` in commissioning; the loop of bodies
    // in accountability.
    for (view, name) in [
        (View::Commissioning, "Reablement"),
        (View::Accountability, "Delivery Group"),
    ] {
        let lines = ViewGraph::build(&graph, &a, view);
        let svg = draw::svg(&graph, &lines, "Several problems", &options);
        assert!(svg.contains(&format!(">⚠ {name}")), "{svg}");
        assert!(svg.contains("(in a reported problem)"));
        assert!(svg.contains("stroke=\"#b00020\" stroke-width=\"3\""));
        let mermaid = draw::mermaid(&graph, &lines, &options);
        assert!(mermaid.contains(&format!("⚠ {name}")), "{mermaid}");
        assert!(mermaid.contains("class ") && mermaid.contains(" problem\n"));
    }
}
