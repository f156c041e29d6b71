//! Pictures of the responsibility graph: Graphviz DOT, Mermaid and a
//! self-contained SVG element.
//!
//! Every picture draws the same nodes and edges in file order, so output is
//! deterministic. Nodes and edges in a reported problem are highlighted by a
//! thicker red outline *and* a `⚠` in their label, so colour is never the
//! only signal. All text from the agreement is escaped for the target
//! format.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use petgraph::graph::NodeIndex;

use super::{EdgeKind, NodeKind, ResponsibilityGraph};
use crate::text::{escape_dot, escape_mermaid, escape_xml};

/// What to draw and what to highlight.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Nodes to highlight (those in a reported problem).
    pub highlight: BTreeSet<NodeIndex>,
    /// Edges to highlight, as (from, to).
    pub highlight_edges: BTreeSet<(NodeIndex, NodeIndex)>,
    /// Kinds of edge to leave out (for a less crowded picture).
    pub omit: Vec<EdgeKind>,
    /// A prefix for the ids inside an SVG, so that several pictures can share
    /// one HTML page.
    pub id_prefix: String,
}

impl Options {
    fn draws(&self, kind: EdgeKind) -> bool {
        !self.omit.contains(&kind)
    }
}

fn label(graph: &ResponsibilityGraph, node: NodeIndex, options: &Options) -> (bool, String) {
    let warn = options.highlight.contains(&node);
    let kind = graph.weight(node).map_or("", |w| w.kind.word());
    let mark = if warn { "⚠ " } else { "" };
    (warn, format!("{mark}{} ({kind})", graph.name(node)))
}

/// The graph in Graphviz DOT.
pub fn dot(graph: &ResponsibilityGraph, title: &str, options: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", escape_dot(title));
    out.push_str("  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for node in graph.nodes() {
        let (warn, text) = label(graph, node, options);
        let shape = match graph.weight(node).map(|w| w.kind) {
            Some(NodeKind::Partner) => "box, style=rounded",
            Some(NodeKind::External) => "box, style=dashed",
            Some(NodeKind::Body) => "box, peripheries=2",
            Some(NodeKind::Pool | NodeKind::Aligned) => "cylinder",
            Some(NodeKind::Function) => "hexagon",
            _ => "note",
        };
        let extra = if warn {
            ", color=\"#b00020\", penwidth=3"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  n{} [label=\"{}\", shape={shape}{extra}];",
            node.index(),
            escape_dot(&text)
        );
    }
    for (from, to, edge) in graph.edges() {
        if !options.draws(edge.kind) {
            continue;
        }
        let warn = options.highlight_edges.contains(&(from, to));
        let (mark, extra) = if warn {
            ("⚠ ", ", color=\"#b00020\", penwidth=3")
        } else {
            ("", "")
        };
        let _ = writeln!(
            out,
            "  n{} -> n{} [label=\"{mark}{}\"{extra}];",
            from.index(),
            to.index(),
            edge.kind.words()
        );
    }
    out.push_str("}\n");
    out
}

/// The graph as a Mermaid flowchart (without the code fence), for Markdown.
pub fn mermaid(graph: &ResponsibilityGraph, options: &Options) -> String {
    let mut out = String::from("flowchart LR\n");
    for node in graph.nodes() {
        let (_, text) = label(graph, node, options);
        let text = escape_mermaid(&text);
        let id = node.index();
        let _ = match graph.weight(node).map(|w| w.kind) {
            Some(NodeKind::Partner) => writeln!(out, "  n{id}([\"{text}\"])"),
            Some(NodeKind::External) => writeln!(out, "  n{id}>\"{text}\"]"),
            Some(NodeKind::Body) => writeln!(out, "  n{id}[[\"{text}\"]]"),
            Some(NodeKind::Pool | NodeKind::Aligned) => writeln!(out, "  n{id}[(\"{text}\")]"),
            Some(NodeKind::Function) => writeln!(out, "  n{id}{{{{\"{text}\"}}}}"),
            _ => writeln!(out, "  n{id}[/\"{text}\"/]"),
        };
    }
    // Each edge once, however many statements give it; the kind of line
    // told by its style as well as its label: money solid, commissioning
    // thick, reporting and accountability dotted.
    let mut drawn = BTreeSet::new();
    for (from, to, edge) in graph.edges() {
        if options.draws(edge.kind) && drawn.insert((from.index(), to.index(), edge.kind.words())) {
            let arrow = match edge.kind {
                EdgeKind::Leads | EdgeKind::CommissionedFor | EdgeKind::Delegates => "==>",
                EdgeKind::ReportsTo | EdgeKind::EscalatesTo | EdgeKind::AccountableTo => "-.->",
                _ => "-->",
            };
            let _ = writeln!(
                out,
                "  n{} {arrow}|\"{}\"| n{}",
                from.index(),
                edge.kind.words(),
                to.index()
            );
        }
    }
    if !options.highlight.is_empty() {
        out.push_str("  classDef problem stroke:#b00020,stroke-width:3px\n");
        let ids: Vec<String> = options
            .highlight
            .iter()
            .map(|n| format!("n{}", n.index()))
            .collect();
        let _ = writeln!(out, "  class {} problem", ids.join(","));
    }
    out
}

const NODE_WIDTH: u32 = 210;
const NODE_HEIGHT: u32 = 46;
const COLUMN_GAP: u32 = 90;
const ROW_GAP: u32 = 18;
const MARGIN: u32 = 16;

/// The column a kind of node is drawn in: money and duties flow left to
/// right, from partners through pools and functions to obligations and the
/// bodies that oversee them.
fn column(kind: NodeKind) -> u32 {
    match kind {
        NodeKind::Partner | NodeKind::External => 0,
        NodeKind::Pool | NodeKind::Aligned => 1,
        NodeKind::Function => 2,
        NodeKind::Obligation => 3,
        NodeKind::Body => 4,
    }
}

/// Splits a label into at most two lines of about `width` characters,
/// shortening the second with `…` if needed.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let Some(line) = lines.last_mut() else { break };
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            if lines.len() == 2 {
                let Some(last) = lines.last_mut() else { break };
                last.push_str(" …");
                return lines;
            }
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    for line in &mut lines {
        if line.chars().count() > width + 2 {
            *line = line.chars().take(width).chain(['…']).collect();
        }
    }
    lines
}

/// The graph as one `<svg>` element: nodes in columns by kind, edges as
/// labelled curves, with a title and description for screen readers. Needs
/// no script, font or external file.
pub fn svg(graph: &ResponsibilityGraph, title: &str, options: &Options) -> String {
    let mut rows = [0u32; 5];
    let mut place: Vec<(u32, u32)> = Vec::new();
    for node in graph.nodes() {
        let col = graph.weight(node).map_or(0, |w| column(w.kind));
        let row = rows.get(col as usize).copied().unwrap_or(0);
        if let Some(r) = rows.get_mut(col as usize) {
            *r += 1;
        }
        place.push((
            MARGIN + col * (NODE_WIDTH + COLUMN_GAP),
            MARGIN + 24 + row * (NODE_HEIGHT + ROW_GAP),
        ));
    }
    let used_columns = rows
        .iter()
        .rposition(|r| *r > 0)
        .map_or(1, |c| c as u32 + 1);
    // Room on the right for the loops drawn between nodes of the last column.
    let width = MARGIN * 2 + used_columns * NODE_WIDTH + (used_columns - 1) * COLUMN_GAP + 64;
    let body_height =
        MARGIN + 24 + rows.iter().max().copied().unwrap_or(0) * (NODE_HEIGHT + ROW_GAP);
    let height = body_height + legend_height(graph, options) + MARGIN;
    let p = escape_xml(&options.id_prefix);
    let mut out = String::new();
    let node_count = graph.nodes().count();
    let edge_count = graph
        .edges()
        .filter(|(_, _, e)| options.draws(e.kind))
        .count();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{p}title {p}desc\" font-family=\"Helvetica, Arial, sans-serif\">\n<title id=\"{p}title\">{}</title>\n<desc id=\"{p}desc\">{node_count} parties, bodies, funds, functions and obligations, and the {edge_count} lines of responsibility between them; the same facts are given in words in the text.</desc>\n",
        escape_xml(title)
    );
    let _ = writeln!(
        out,
        "<defs><marker id=\"{p}arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#444\"/></marker></defs>"
    );
    let headings = ["Partners", "Funds", "Functions", "Obligations", "Bodies"];
    for (col, heading) in headings.iter().enumerate().take(used_columns as usize) {
        if rows.get(col).copied().unwrap_or(0) == 0 {
            continue;
        }
        let x = MARGIN + col as u32 * (NODE_WIDTH + COLUMN_GAP) + NODE_WIDTH / 2;
        let _ = writeln!(
            out,
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\" fill=\"#222\">{heading}</text>",
            MARGIN + 12
        );
    }
    for (from, to, edge) in graph.edges() {
        if !options.draws(edge.kind) {
            continue;
        }
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (place.get(from.index()), place.get(to.index()))
        else {
            continue;
        };
        let (sx, tx) = if x2 > x1 {
            (x1 + NODE_WIDTH, x2)
        } else if x2 < x1 {
            (x1, x2 + NODE_WIDTH)
        } else {
            (x1 + NODE_WIDTH, x2 + NODE_WIDTH)
        };
        let sy = f64::from(y1 + NODE_HEIGHT / 2);
        let ty = f64::from(y2 + NODE_HEIGHT / 2);
        let (sx, tx) = (f64::from(sx), f64::from(tx));
        let bend = if x1 == x2 { 60.0 } else { (tx - sx) / 2.0 };
        let (c1, c2) = (sx + bend, tx - if x1 == x2 { -60.0 } else { bend });
        let warn = options.highlight_edges.contains(&(from, to));
        let (stroke, widthpx) = if warn { ("#b00020", 3) } else { ("#666", 1) };
        let (dash, stroke) = if warn {
            (style(edge.kind).0, stroke)
        } else {
            style(edge.kind)
        };
        let _ = writeln!(
            out,
            "<path d=\"M{sx:.1},{sy:.1} C{c1:.1},{sy:.1} {c2:.1},{ty:.1} {tx:.1},{ty:.1}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{widthpx}\"{dash} marker-end=\"url(#{p}arrow)\"><title>{} {} {}</title></path>",
            escape_xml(graph.id(from)),
            edge.kind.words(),
            escape_xml(graph.id(to))
        );
        // Edges are told apart by their line (and named in the legend and
        // in each line's tooltip), not by labels that would pile up.
    }
    for node in graph.nodes() {
        let Some(&(x, y)) = place.get(node.index()) else {
            continue;
        };
        let kind = graph.weight(node).map(|w| w.kind);
        let warn = options.highlight.contains(&node);
        let (fill, rx) = match kind {
            Some(NodeKind::Partner) => ("#e8f0fb", 14),
            Some(NodeKind::External) => ("#f4f4f4", 2),
            Some(NodeKind::Body) => ("#fdf3e1", 2),
            Some(NodeKind::Pool | NodeKind::Aligned) => ("#e6f4ea", 8),
            Some(NodeKind::Function) => ("#f1eafa", 4),
            _ => ("#ffffff", 0),
        };
        let (stroke, widthpx) = if warn { ("#b00020", 3) } else { ("#555", 1) };
        let dash = if kind == Some(NodeKind::External) {
            " stroke-dasharray=\"4 2\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<g><title>{} `{}`: {}{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{NODE_WIDTH}\" height=\"{NODE_HEIGHT}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{widthpx}\"{dash}/>",
            kind.map_or("", NodeKind::word),
            escape_xml(graph.id(node)),
            escape_xml(graph.name(node)),
            if warn { " (in a reported problem)" } else { "" }
        );
        let mark = if warn { "⚠ " } else { "" };
        let lines = wrap(&format!("{mark}{}", graph.name(node)), 32);
        let first_y = y + NODE_HEIGHT / 2 + 4 - 6 * (lines.len() as u32 - 1);
        for (i, line) in lines.iter().enumerate() {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#111\">{}</text>",
                x + NODE_WIDTH / 2,
                first_y + 12 * i as u32,
                escape_xml(line)
            );
        }
        out.push_str("</g>\n");
    }
    legend(graph, options, body_height + 10, &mut out);
    out.push_str("</svg>\n");
    out
}

/// How each kind of edge is drawn: its dash pattern and colour.
fn style(kind: EdgeKind) -> (&'static str, &'static str) {
    match kind {
        EdgeKind::Hosts | EdgeKind::PaysInto => ("", "#2e7d32"),
        EdgeKind::Leads => ("", "#5e35b1"),
        EdgeKind::CommissionedFor => (" stroke-dasharray=\"1 3\"", "#5e35b1"),
        EdgeKind::Delegates => (" stroke-dasharray=\"8 3 1 3\"", "#5e35b1"),
        EdgeKind::Funds => ("", "#2e7d32"),
        EdgeKind::PaysGrant => (" stroke-dasharray=\"8 3 1 3\"", "#2e7d32"),
        EdgeKind::SitsOn => (" stroke-dasharray=\"1 3\"", "#8d6e00"),
        EdgeKind::Owns => ("", "#1565c0"),
        EdgeKind::ReportsTo | EdgeKind::AccountableTo => (" stroke-dasharray=\"6 3\"", "#8d6e00"),
        EdgeKind::EscalatesTo => (" stroke-dasharray=\"6 3\"", "#b00020"),
    }
}

/// The kinds of line drawn, each once, in order.
fn kinds_drawn(graph: &ResponsibilityGraph, options: &Options) -> Vec<EdgeKind> {
    let mut kinds: Vec<EdgeKind> = graph
        .edges()
        .map(|(_, _, e)| e.kind)
        .filter(|k| options.draws(*k))
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// A key to the kinds of line drawn, below the picture.
fn legend(graph: &ResponsibilityGraph, options: &Options, top: u32, out: &mut String) {
    for (i, kind) in kinds_drawn(graph, options).iter().enumerate() {
        let column = i as u32 % 4;
        let row = i as u32 / 4;
        let x = MARGIN + column * 190;
        let y = top + row * 20;
        let (dash, stroke) = style(*kind);
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{stroke}\" stroke-width=\"2\"{dash}/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#222\">{}</text>",
            x + 40,
            x + 48,
            y + 4,
            kind.words()
        );
    }
}

/// The height the legend needs.
fn legend_height(graph: &ResponsibilityGraph, options: &Options) -> u32 {
    (kinds_drawn(graph, options).len() as u32).div_ceil(4) * 20 + 10
}

impl ResponsibilityGraph<'_> {
    /// The graph as a Mermaid flowchart, nothing highlighted.
    pub fn to_mermaid(&self) -> String {
        mermaid(self, &Options::default())
    }

    /// The graph as an `<svg>` element, nothing highlighted, ids prefixed
    /// with `id_prefix`.
    pub fn to_svg(&self, title: &str, id_prefix: &str) -> String {
        svg(
            self,
            title,
            &Options {
                id_prefix: id_prefix.to_owned(),
                ..Options::default()
            },
        )
    }
}
