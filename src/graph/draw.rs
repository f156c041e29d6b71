//! Pictures of one view of the responsibility graph ([`super::views`]): an
//! SVG element laid out by [`super::layout`] to be read at its natural size
//! on A4, and a Mermaid flowchart for Markdown.
//!
//! Every kind of line is told apart three ways: by its words (beside the
//! arrowhead), by its pattern and weight (solid, thick, dashed, dotted,
//! dash-dot) and by its colour; each picture has a legend of the kinds it
//! draws. Nodes in a reported problem have a `⚠` and a thick red outline.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::layout::{self, BOX_WIDTH, FONT, MARGIN, WIDTH};
use super::render::Options;
use super::views::ViewGraph;
use super::{EdgeKind, NodeKind, ResponsibilityGraph};
use crate::text::{escape_mermaid, escape_xml};

/// How a kind of line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStyle {
    /// Its colour.
    pub colour: &'static str,
    /// Its width in pixels, times two.
    pub width2: u32,
    /// Its dash pattern (empty for a solid line).
    pub dash: &'static str,
    /// The pattern in words, for the legend.
    pub pattern: &'static str,
}

/// How each kind of line is drawn; no two kinds in one view look alike.
pub fn line_style(kind: EdgeKind) -> LineStyle {
    let style = |colour, width2, dash, pattern| LineStyle {
        colour,
        width2,
        dash,
        pattern,
    };
    match kind {
        EdgeKind::PaysInto => style("#2e7d32", 6, "", "thick solid"),
        EdgeKind::PaysGrant => style("#2e7d32", 4, "8 4", "dashed"),
        EdgeKind::Hosts => style("#00695c", 4, "2 3", "dotted"),
        EdgeKind::Funds => style("#37474f", 3, "", "thin solid"),
        EdgeKind::Leads => style("#5e35b1", 7, "", "thick solid"),
        EdgeKind::CommissionedFor => style("#5e35b1", 5, "8 4", "thick dashed"),
        EdgeKind::Delegates => style("#5e35b1", 3, "8 3 2 3", "dash-dot"),
        EdgeKind::Owns => style("#1565c0", 4, "", "solid"),
        EdgeKind::ReportsTo => style("#8d6e00", 4, "2 3", "dotted"),
        EdgeKind::AccountableTo => style("#6d4c41", 4, "6 3", "dashed"),
        EdgeKind::EscalatesTo => style("#ad1457", 4, "8 3 2 3", "dash-dot"),
        EdgeKind::SitsOn => style("#8d6e00", 3, "1 3", "dotted"),
    }
}

/// The fill and corner radius of a kind of box.
fn box_style(kind: Option<NodeKind>) -> (&'static str, u32) {
    match kind {
        Some(NodeKind::Partner) => ("#e8f0fb", 14),
        Some(NodeKind::External) => ("#f4f4f4", 2),
        Some(NodeKind::Body) => ("#fdf3e1", 2),
        Some(NodeKind::Pool) => ("#e6f4ea", 8),
        Some(NodeKind::Aligned) => ("#fff8e1", 8),
        Some(NodeKind::Function) => ("#f1eafa", 4),
        _ => ("#ffffff", 0),
    }
}

/// The dash pattern of a kind of box's border: an external body's is
/// dashed, an aligned budget's (money that stays each partner's) long-dashed.
fn border_dash(kind: Option<NodeKind>) -> &'static str {
    match kind {
        Some(NodeKind::External) => " stroke-dasharray=\"4 2\"",
        Some(NodeKind::Aligned) => " stroke-dasharray=\"8 3\"",
        _ => "",
    }
}

fn px(width2: u32) -> String {
    if width2.is_multiple_of(2) {
        format!("{}", width2 / 2)
    } else {
        format!("{}.5", width2 / 2)
    }
}

fn stroke_attributes(style: LineStyle) -> String {
    let dash = if style.dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{}\"", style.dash)
    };
    format!(
        "stroke=\"{}\" stroke-width=\"{}\"{dash}",
        style.colour,
        px(style.width2)
    )
}

/// The index of a kind among all kinds, for marker ids.
fn kind_id(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Hosts => "hosts",
        EdgeKind::Leads => "leads",
        EdgeKind::CommissionedFor => "for",
        EdgeKind::Delegates => "delegates",
        EdgeKind::Funds => "funds",
        EdgeKind::PaysGrant => "grant",
        EdgeKind::SitsOn => "sits",
        EdgeKind::Owns => "owns",
        EdgeKind::ReportsTo => "reports",
        EdgeKind::EscalatesTo => "escalates",
        EdgeKind::AccountableTo => "accountable",
        EdgeKind::PaysInto => "pays",
    }
}

/// The view as one `<svg>` element, [`WIDTH`] pixels wide at its natural
/// size, with a title and description for screen readers and a legend.
/// Needs no script, font or external file.
pub fn svg(
    graph: &ResponsibilityGraph,
    view: &ViewGraph,
    title: &str,
    options: &Options,
) -> String {
    let texts: Vec<String> = view
        .nodes
        .iter()
        .map(|n| {
            let mark = if options.highlight.contains(&n.node) {
                "⚠ "
            } else {
                ""
            };
            format!("{mark}{}", graph.name(n.node))
        })
        .collect();
    let laid = layout::layout(&texts, &view.edges);
    let kinds = view.kinds_drawn();
    let mut node_kinds: Vec<NodeKind> = view
        .nodes
        .iter()
        .filter_map(|n| graph.weight(n.node).map(|w| w.kind))
        .collect();
    node_kinds.sort();
    node_kinds.dedup();
    let (legend, legend_height) = legend(&kinds, &node_kinds, laid.height);
    let height = (laid.height + legend_height + MARGIN).ceil();
    let p = escape_xml(&format!("{}{}-", options.id_prefix, view.view.id()));
    let mut out = String::new();
    let counts: Vec<String> = kinds
        .iter()
        .map(|k| {
            let count = view.edges.iter().filter(|e| e.kind == *k).count();
            format!("{count} {}", k.words())
        })
        .collect();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{p}title {p}desc\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"{FONT}\">\n<title id=\"{p}title\">{}</title>\n<desc id=\"{p}desc\">{}: {} boxes and {} lines ({}); the same facts are given in words in the text.</desc>\n<defs>",
        escape_xml(title),
        escape_xml(view.view.heading()),
        view.nodes.len(),
        view.edges.len(),
        escape_xml(&counts.join(", ")),
    );
    for kind in &kinds {
        let style = line_style(*kind);
        let _ = write!(
            out,
            "<marker id=\"{p}arrow-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            kind_id(*kind),
            style.colour
        );
    }
    out.push_str("</defs>\n");
    for (edge, d) in view.edges.iter().zip(&laid.paths) {
        let (Some(from), Some(to)) = (view.nodes.get(edge.from), view.nodes.get(edge.to)) else {
            continue;
        };
        let mut style = line_style(edge.kind);
        let warn = options.highlight_edges.contains(&(from.node, to.node));
        if warn {
            style.colour = "#b00020";
            style.width2 += 2;
        }
        let _ = writeln!(
            out,
            "<path d=\"{d}\" fill=\"none\" {} marker-end=\"url(#{p}arrow-{})\"><title>{}{} {} {}</title></path>",
            stroke_attributes(style),
            kind_id(edge.kind),
            if warn { "⚠ " } else { "" },
            escape_xml(graph.name(from.node)),
            edge.kind.words(),
            escape_xml(graph.name(to.node)),
        );
    }
    for (node, placed) in view.nodes.iter().zip(&laid.boxes) {
        let kind = graph.weight(node.node).map(|w| w.kind);
        let warn = options.highlight.contains(&node.node);
        let (fill, rx) = box_style(kind);
        let (stroke, width) = if warn { ("#b00020", 3) } else { ("#555", 1) };
        let dash = border_dash(kind);
        let (x, y, h) = (placed.x, placed.y, placed.h);
        let _ = write!(
            out,
            "<g><title>{}: {}{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{BOX_WIDTH}\" height=\"{h:.1}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>",
            kind.map_or("", NodeKind::word),
            escape_xml(graph.name(node.node)),
            if warn { " (in a reported problem)" } else { "" }
        );
        if kind == Some(NodeKind::Body) {
            // A governance body has a double border.
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{}\" height=\"{:.1}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
                x + 3.0,
                y + 3.0,
                BOX_WIDTH - 6.0,
                h - 6.0
            );
        }
        let first = y + h / 2.0 + 4.0 - 6.5 * (placed.lines.len() as f64 - 1.0);
        for (i, line) in placed.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{FONT}\" fill=\"#111\">{}</text>",
                x + BOX_WIDTH / 2.0,
                first + 13.0 * i as f64,
                escape_xml(line)
            );
        }
        out.push_str("</g>\n");
    }
    for tag in &laid.tags {
        let style = line_style(tag.kind);
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{FONT}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" class=\"line-label\">{}</text>",
            tag.x,
            tag.y,
            style.colour,
            tag.kind.words()
        );
    }
    out.push_str(&legend);
    out.push_str("</svg>\n");
    out
}

/// The legend: one entry per kind of line drawn (a sample of the line, its
/// words and its pattern), then one per kind of box; and its height.
fn legend(kinds: &[EdgeKind], nodes: &[NodeKind], top: f64) -> (String, f64) {
    let mut out = String::new();
    let (mut x, mut y) = (MARGIN, top + 14.0);
    let right = WIDTH - MARGIN;
    let place = |width: f64, x: &mut f64, y: &mut f64| {
        if *x + width > right && *x > MARGIN {
            *x = MARGIN;
            *y += 20.0;
        }
        let at = (*x, *y);
        *x += width + 18.0;
        at
    };
    for kind in kinds {
        let style = line_style(*kind);
        let words = format!("{} ({})", kind.words(), style.pattern);
        let (lx, ly) = place(44.0 + super::fit::text_width(&words), &mut x, &mut y);
        let _ = writeln!(
            out,
            "<line x1=\"{lx:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" {}/><path d=\"M{:.1},{:.1} l8,4 l-8,4 z\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"{FONT}\" fill=\"#222\">{}</text>",
            ly - 4.0,
            lx + 30.0,
            ly - 4.0,
            stroke_attributes(style),
            lx + 30.0,
            ly - 8.0,
            style.colour,
            lx + 44.0,
            escape_xml(&words)
        );
    }
    x = MARGIN;
    y += 22.0;
    for kind in nodes {
        let (fill, rx) = box_style(Some(*kind));
        let (bx, by) = place(30.0 + super::fit::text_width(kind.word()), &mut x, &mut y);
        let dash = border_dash(Some(*kind));
        let _ = writeln!(
            out,
            "<rect x=\"{bx:.1}\" y=\"{:.1}\" width=\"22\" height=\"14\" rx=\"{}\" fill=\"{fill}\" stroke=\"#555\"{dash}/><text x=\"{:.1}\" y=\"{by:.1}\" font-size=\"{FONT}\" fill=\"#222\">{}</text>",
            by - 11.0,
            rx.min(6),
            bx + 28.0,
            kind.word()
        );
    }
    (out, y + 8.0 - top)
}

/// The Mermaid arrow for a kind of line: thick for commissioning, dotted
/// for reporting and accountability, plain otherwise.
pub fn arrow(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Leads | EdgeKind::CommissionedFor | EdgeKind::Delegates => "==>",
        EdgeKind::ReportsTo | EdgeKind::EscalatesTo | EdgeKind::AccountableTo => "-.->",
        _ => "-->",
    }
}

/// The view as a Mermaid flowchart (without the code fence), drawn top to
/// bottom, each line once, its style set to match the SVG's.
pub fn mermaid(graph: &ResponsibilityGraph, view: &ViewGraph, options: &Options) -> String {
    let mut out = String::from("flowchart TB\n");
    // Each node once (a partner drawn twice in the SVG is one node here),
    // in file order.
    let shown: BTreeSet<_> = view.nodes.iter().map(|n| n.node).collect();
    for node in &shown {
        let warn = options.highlight.contains(node);
        let kind = graph.weight(*node).map(|w| w.kind);
        let text = escape_mermaid(&format!(
            "{}{} ({})",
            if warn { "⚠ " } else { "" },
            graph.name(*node),
            kind.map_or("", NodeKind::word)
        ));
        let id = node.index();
        let _ = match kind {
            Some(NodeKind::Partner) => writeln!(out, "  n{id}([\"{text}\"])"),
            Some(NodeKind::External) => writeln!(out, "  n{id}>\"{text}\"]"),
            Some(NodeKind::Body) => writeln!(out, "  n{id}[[\"{text}\"]]"),
            Some(NodeKind::Pool | NodeKind::Aligned) => writeln!(out, "  n{id}[(\"{text}\")]"),
            Some(NodeKind::Function) => writeln!(out, "  n{id}{{{{\"{text}\"}}}}"),
            _ => writeln!(out, "  n{id}[/\"{text}\"/]"),
        };
    }
    let mut drawn = BTreeSet::new();
    let mut by_kind: Vec<(EdgeKind, Vec<usize>)> = Vec::new();
    let mut count = 0;
    for edge in &view.edges {
        let (Some(from), Some(to)) = (view.nodes.get(edge.from), view.nodes.get(edge.to)) else {
            continue;
        };
        if !drawn.insert((from.node, to.node, edge.kind)) {
            continue;
        }
        let _ = writeln!(
            out,
            "  n{} {}|\"{}\"| n{}",
            from.node.index(),
            arrow(edge.kind),
            edge.kind.words(),
            to.node.index()
        );
        match by_kind.iter_mut().find(|(k, _)| *k == edge.kind) {
            Some((_, links)) => links.push(count),
            None => by_kind.push((edge.kind, vec![count])),
        }
        count += 1;
    }
    by_kind.sort_by_key(|(k, _)| view.view.kinds().iter().position(|v| v == k));
    for (kind, links) in by_kind {
        let style = line_style(kind);
        let links: Vec<String> = links.iter().map(usize::to_string).collect();
        let dash = if style.dash.is_empty() {
            String::new()
        } else {
            format!(",stroke-dasharray:{}", style.dash)
        };
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:{},stroke-width:{}px{dash}",
            links.join(","),
            style.colour,
            px(style.width2)
        );
    }
    let problems: Vec<String> = shown
        .iter()
        .filter(|n| options.highlight.contains(n))
        .map(|n| format!("n{}", n.index()))
        .collect();
    if !problems.is_empty() {
        out.push_str("  classDef problem stroke:#b00020,stroke-width:3px\n");
        let _ = writeln!(out, "  class {} problem", problems.join(","));
    }
    out
}
