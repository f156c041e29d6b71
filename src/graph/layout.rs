//! A layered layout, top to bottom, that fits a printed A4 page's width
//! (about 170 mm, [`WIDTH`] CSS pixels) at its natural size, so that every
//! text keeps the size it is given (11 px, above 8 pt).
//!
//! Each node goes in the layer after the furthest node with a line into it,
//! so lines run down the page. A layer too wide for one row is wrapped onto
//! several rows on one grid; a line from or to a row that is not next to the
//! gap between layers runs down the gap between two boxes (a channel), never
//! through a box. A line that skips a layer or runs back up goes by a lane
//! on the right-hand side. Each line ends at a port on the top of its target
//! box, one port per kind of line, with the kind's words just above it.

use super::bundle;
use super::fit::{text_width, wrap};
use super::views::ViewEdge;
use super::EdgeKind;

/// The width of every view, in CSS pixels (170 mm at 96 pixels an inch is
/// 642).
pub const WIDTH: f64 = 640.0;
/// The size of every text, in CSS pixels: 8.25 pt.
pub const FONT: f64 = 11.0;
/// The width of a box.
pub const BOX_WIDTH: f64 = 136.0;
/// The margin around the drawing.
pub const MARGIN: f64 = 8.0;
const GAP: f64 = 18.0;
const LINE: f64 = 13.0;
const LABEL_STEP: f64 = 15.0;
const LANE: f64 = 7.0;
/// How wide a line of text in a box may be: the box less a margin.
pub(super) const TEXT_WIDTH: f64 = BOX_WIDTH - 14.0;

/// A box, placed.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Height (the width is [`BOX_WIDTH`]).
    pub h: f64,
    /// The text, wrapped.
    pub lines: Vec<String>,
}

/// The words on the lines of one kind that end at one box.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The box they end at.
    pub node: usize,
    /// Their kind.
    pub kind: EdgeKind,
    /// The centre of the words.
    pub x: f64,
    /// Their baseline.
    pub y: f64,
}

/// A whole view, laid out.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The height of the drawing (the legend goes below).
    pub height: f64,
    /// One box per node, in the order of the nodes.
    pub boxes: Vec<Placed>,
    /// One path (SVG path data) per edge, in the order of the edges.
    pub paths: Vec<String>,
    /// The words on the lines.
    pub tags: Vec<Tag>,
}

/// The layer of each node: one after the furthest node with a line into
/// it (lines that close a loop are left out); a node with no line in sits
/// just above the nearest node it has a line to.
fn layers(n: usize, edges: &[ViewEdge]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    for e in edges {
        if let Some(d) = indegree.get_mut(e.to) {
            *d += 1;
        }
    }
    let mut layer = vec![0usize; n];
    let mut done = vec![false; n];
    for _ in 0..n {
        // The first node all of whose lines in are placed; in a loop, the
        // first node not yet placed.
        let next = (0..n)
            .find(|&i| !done.get(i).copied().unwrap_or(true) && indegree.get(i) == Some(&0))
            .or_else(|| (0..n).find(|&i| !done.get(i).copied().unwrap_or(true)));
        let Some(node) = next else { break };
        if let Some(d) = done.get_mut(node) {
            *d = true;
        }
        let here = layer.get(node).copied().unwrap_or(0);
        for e in edges.iter().filter(|e| e.from == node) {
            if done.get(e.to).copied().unwrap_or(true) {
                continue;
            }
            if let Some(l) = layer.get_mut(e.to) {
                *l = (*l).max(here + 1);
            }
            if let Some(d) = indegree.get_mut(e.to) {
                *d = d.saturating_sub(1);
            }
        }
    }
    for node in 0..n {
        if edges.iter().any(|e| e.to == node) {
            continue;
        }
        let below = edges
            .iter()
            .filter(|e| e.from == node)
            .filter_map(|e| layer.get(e.to).copied())
            .min();
        if let (Some(below), Some(l)) = (below, layer.get_mut(node)) {
            *l = (*l).max(below.saturating_sub(1));
        }
    }
    // No empty layer.
    let mut used: Vec<usize> = layer.clone();
    used.sort_unstable();
    used.dedup();
    layer
        .iter()
        .map(|l| used.iter().position(|u| u == l).unwrap_or(0))
        .collect()
}

/// Where a node sits: its layer, its row in the layer and its place in the
/// row.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    layer: usize,
    row: usize,
    rows: usize,
}

/// Lays out a view: `texts` are the nodes' labels, `edges` the lines
/// between them.
pub fn layout(texts: &[String], edges: &[ViewEdge]) -> Layout {
    let n = texts.len();
    let layer = layers(n, edges);
    let depth = layer.iter().max().map_or(0, |m| m + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for (node, l) in layer.iter().enumerate() {
        if let Some(row) = order.get_mut(*l) {
            row.push(node);
        }
    }
    // One pass of ordering by the mean place of the nodes above, to uncross
    // lines; nodes with no line from the layer above keep file order, last.
    for l in 1..depth {
        let place = |node: usize| -> Option<usize> {
            order
                .get(l - 1)
                .and_then(|row| row.iter().position(|m| *m == node))
        };
        let mut keyed: Vec<(f64, usize)> = order
            .get(l)
            .map(|row| {
                row.iter()
                    .map(|&node| {
                        let above: Vec<usize> = edges
                            .iter()
                            .filter(|e| e.to == node)
                            .filter_map(|e| place(e.from))
                            .collect();
                        let key = if above.is_empty() {
                            f64::MAX
                        } else {
                            above.iter().sum::<usize>() as f64 / above.len() as f64
                        };
                        (key, node)
                    })
                    .collect()
            })
            .unwrap_or_default();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        if let Some(row) = order.get_mut(l) {
            *row = keyed.into_iter().map(|(_, node)| node).collect();
        }
    }
    // Lines that do not run to the next layer go by a lane on the right.
    let lanes: Vec<Option<usize>> = {
        let mut count = 0;
        edges
            .iter()
            .map(|e| {
                let (from, to) = (
                    layer.get(e.from).copied().unwrap_or(0),
                    layer.get(e.to).copied().unwrap_or(0),
                );
                (to != from + 1).then(|| {
                    count += 1;
                    count - 1
                })
            })
            .collect()
    };
    let lane_count = lanes.iter().flatten().count();
    let lanes_width = if lane_count > 0 {
        lane_count as f64 * LANE + 6.0
    } else {
        0.0
    };
    let available = WIDTH - 2.0 * MARGIN - lanes_width;
    let per_row = ((available / (BOX_WIDTH + GAP)).floor() as usize).max(1);

    // The kinds of line that end at each node: one port each.
    let mut ports: Vec<Vec<EdgeKind>> = vec![Vec::new(); n];
    // (Sorted by kind for now, by where the lines come from once placed.)
    for e in edges {
        if let Some(p) = ports.get_mut(e.to) {
            if !p.contains(&e.kind) {
                p.push(e.kind);
                p.sort();
            }
        }
    }
    let port_count = |node: usize| ports.get(node).map_or(0, Vec::len);
    // And the kinds that leave it: lines of different kinds leave a little
    // apart, so that they are not drawn over each other.
    let mut exits: Vec<Vec<EdgeKind>> = vec![Vec::new(); n];
    for e in edges {
        if let Some(p) = exits.get_mut(e.from) {
            if !p.contains(&e.kind) {
                p.push(e.kind);
                p.sort();
            }
        }
    }

    let mut boxes: Vec<Placed> = texts
        .iter()
        .map(|t| {
            let lines = wrap(t, TEXT_WIDTH);
            Placed {
                x: 0.0,
                y: 0.0,
                h: (10.0 + LINE * lines.len() as f64).max(32.0),
                lines,
            }
        })
        .collect();
    let mut slots = vec![Slot::default(); n];
    let mut layer_top = vec![0.0; depth];
    let mut band_top = vec![0.0; depth];
    let mut layer_bottom = vec![0.0; depth];
    let mut right_of = vec![0.0; depth];
    // Per layer and row: the y of the corridor below a row (lines leaving)
    // and above it (lines arriving).
    let mut corridors: Vec<Vec<(f64, f64)>> = vec![Vec::new(); depth];
    let mut y = MARGIN;
    for (l, row_nodes) in order.iter().enumerate() {
        let rows: Vec<&[usize]> = row_nodes.chunks(per_row).collect();
        let most = |row: &[usize]| row.iter().map(|&m| port_count(m)).max().unwrap_or(0);
        let first = rows.first().map_or(0, |r| most(r));
        // Lines by a lane arrive along the top of the band: room for them.
        let by_lane = edges
            .iter()
            .zip(&lanes)
            .any(|(e, lane)| lane.is_some() && layer.get(e.to) == Some(&l));
        let band = if l == 0 {
            if first > 0 || by_lane {
                22.0 + LABEL_STEP * first as f64
            } else {
                0.0
            }
        } else {
            28.0 + LABEL_STEP * first.max(1) as f64
        } + if by_lane { 12.0 } else { 0.0 };
        if let Some(b) = band_top.get_mut(l) {
            *b = y;
        }
        y += band;
        if let Some(t) = layer_top.get_mut(l) {
            *t = y;
        }
        let grid = |count: usize| count as f64 * BOX_WIDTH + count.saturating_sub(1) as f64 * GAP;
        let x0 = MARGIN
            + (available
                - grid(if rows.len() == 1 {
                    row_nodes.len()
                } else {
                    per_row
                }))
                / 2.0;
        let mut bottom = y;
        for (r, row) in rows.iter().enumerate() {
            if r > 0 {
                let k = most(row) as f64;
                let leaving = bottom + 6.0;
                let top = bottom + 20.0 + LABEL_STEP * k;
                if let Some(c) = corridors.get_mut(l) {
                    c.push((leaving, top - LABEL_STEP * k - 8.0));
                }
                y = top;
            }
            let mut height: f64 = 0.0;
            for (i, &node) in row.iter().enumerate() {
                if let Some(b) = boxes.get_mut(node) {
                    b.x = x0 + i as f64 * (BOX_WIDTH + GAP);
                    b.y = y;
                    height = height.max(b.h);
                }
                if let Some(s) = slots.get_mut(node) {
                    *s = Slot {
                        layer: l,
                        row: r,
                        rows: rows.len(),
                    };
                }
            }
            bottom = y + height;
        }
        if let Some(b) = layer_bottom.get_mut(l) {
            *b = bottom;
        }
        if let Some(r) = right_of.get_mut(l) {
            *r = x0 + grid(rows.first().map_or(0, |r| r.len()));
        }
        y = bottom;
    }
    let height = y
        + MARGIN
        + if lane_count > 0 {
            12.0 + 3.0 * lane_count as f64
        } else {
            0.0
        };

    // Order each box's ports by where their lines come from, left to
    // right, so that lines arriving at one box do not cross; a line by a
    // lane comes from the right.
    for (node, kinds) in ports.iter_mut().enumerate() {
        let mut keyed: Vec<(f64, EdgeKind)> = kinds
            .iter()
            .map(|kind| {
                let from: Vec<f64> = edges
                    .iter()
                    .zip(&lanes)
                    .filter(|(e, _)| e.to == node && e.kind == *kind)
                    .map(|(e, lane)| match lane {
                        Some(_) => WIDTH,
                        None => boxes.get(e.from).map_or(0.0, |b| b.x),
                    })
                    .collect();
                (from.iter().sum::<f64>() / from.len().max(1) as f64, *kind)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *kinds = keyed.into_iter().map(|(_, kind)| kind).collect();
    }

    // Where a line leaves the foot of its layer (x) and where it arrives at
    // the head of the next (x).
    let ends = |e: &ViewEdge| -> (f64, f64) {
        let (Some(from), Some(to)) = (boxes.get(e.from), boxes.get(e.to)) else {
            return (0.0, 0.0);
        };
        let (fs, ts) = (
            slots.get(e.from).copied().unwrap_or_default(),
            slots.get(e.to).copied().unwrap_or_default(),
        );
        let shift = exits.get(e.from).map_or(0.0, |p| {
            let j = p.iter().position(|k| *k == e.kind).unwrap_or(0) as f64;
            (j - (p.len() as f64 - 1.0) / 2.0) * 8.0
        });
        let cx = if fs.row + 1 < fs.rows {
            from.x + BOX_WIDTH + GAP / 2.0 - 3.0 - 3.0 * fs.row as f64 + shift / 2.0
        } else {
            from.x + BOX_WIDTH / 2.0 + shift
        };
        let ex = if ts.row > 0 {
            to.x - GAP / 2.0 + 3.0 + 3.0 * (ts.row - 1) as f64
        } else {
            let k = ports.get(e.to).map_or(1, Vec::len).max(1);
            let j = ports
                .get(e.to)
                .and_then(|p| p.iter().position(|x| *x == e.kind))
                .unwrap_or(0);
            to.x + BOX_WIDTH * (j + 1) as f64 / (k + 1) as f64
        };
        (cx, ex)
    };
    let buses = bundle::buses(&bundle::Band {
        edges,
        layer: &layer,
        lanes: &lanes,
        layer_bottom: &layer_bottom,
        depth,
        ends: &ends,
    });

    let mut paths = Vec::with_capacity(edges.len());
    for ((e, lane), bus) in edges.iter().zip(&lanes).zip(&buses) {
        let (Some(from), Some(to)) = (boxes.get(e.from), boxes.get(e.to)) else {
            paths.push(String::new());
            continue;
        };
        let (fs, ts) = (
            slots.get(e.from).copied().unwrap_or_default(),
            slots.get(e.to).copied().unwrap_or_default(),
        );
        let mut d = String::new();
        // Leave from the middle of the bottom, down to the foot of the layer
        // (by a channel if rows of the layer are below).
        let shift = exits.get(e.from).map_or(0.0, |p| {
            let j = p.iter().position(|k| *k == e.kind).unwrap_or(0) as f64;
            (j - (p.len() as f64 - 1.0) / 2.0) * 8.0
        });
        let mut cx = from.x + BOX_WIDTH / 2.0 + shift;
        let foot = layer_bottom.get(fs.layer).copied().unwrap_or(0.0);
        d.push_str(&format!("M{cx:.1},{:.1}", from.y + from.h));
        if fs.row + 1 < fs.rows {
            let leaving = corridors
                .get(fs.layer)
                .and_then(|c| c.get(fs.row))
                .map_or(from.y + from.h + 6.0, |c| c.0);
            cx = from.x + BOX_WIDTH + GAP / 2.0 - 3.0 - 3.0 * fs.row as f64 + shift / 2.0;
            d.push_str(&format!(" V{leaving:.1} H{cx:.1}"));
        }
        d.push_str(&format!(" V{foot:.1}"));
        // Arrive at the port on the top, by a channel if the box is not in
        // the layer's first row.
        let k = ports.get(e.to).map_or(1, Vec::len).max(1);
        let j = ports
            .get(e.to)
            .and_then(|p| p.iter().position(|x| *x == e.kind))
            .unwrap_or(0);
        let port = to.x + BOX_WIDTH * (j + 1) as f64 / (k + 1) as f64;
        let head = layer_top.get(ts.layer).copied().unwrap_or(0.0);
        let ex = if ts.row > 0 {
            to.x - GAP / 2.0 + 3.0 + 3.0 * (ts.row - 1) as f64
        } else {
            port
        };
        match (lane, bus) {
            (None, Some((y, left, right))) => {
                d.push_str(&format!(
                    " V{y:.1} M{left:.1},{y:.1} H{right:.1} M{ex:.1},{y:.1} V{head:.1}"
                ));
            }
            (None, None) => {
                let mid = (foot + head) / 2.0;
                d.push_str(&format!(
                    " C{cx:.1},{mid:.1} {ex:.1},{mid:.1} {ex:.1},{head:.1}"
                ));
            }
            (Some(i), _) => {
                // Beside the rows the line passes, as near them as it can.
                let (low, high) = if ts.layer > fs.layer {
                    (fs.layer + 1, ts.layer - 1)
                } else {
                    (ts.layer, fs.layer)
                };
                let beside = (low..=high)
                    .filter_map(|l| right_of.get(l).copied())
                    .fold(MARGIN, f64::max);
                let lx =
                    (beside + 12.0 + LANE * *i as f64).min(WIDTH - MARGIN - 3.0 - LANE * *i as f64);
                if ts.layer > fs.layer {
                    let (top, last) = (
                        layer_top.get(low).copied().unwrap_or(0.0),
                        layer_bottom.get(high).copied().unwrap_or(0.0),
                    );
                    d.push_str(&format!(
                        " C{cx:.1},{:.1} {lx:.1},{:.1} {lx:.1},{top:.1} V{last:.1} C{lx:.1},{:.1} {ex:.1},{:.1} {ex:.1},{head:.1}",
                        foot + 18.0,
                        top - 18.0,
                        last + 18.0,
                        head - 18.0
                    ));
                } else {
                    let out = foot + 10.0 + 3.0 * (*i % 4) as f64;
                    let into = band_top.get(ts.layer).copied().unwrap_or(0.0)
                        + 6.0
                        + 3.0 * (*i % 4) as f64;
                    d.push_str(&format!(
                        " V{out:.1} H{lx:.1} V{into:.1} H{ex:.1} V{head:.1}"
                    ));
                }
            }
        }
        if ts.row > 0 {
            let arriving = corridors
                .get(ts.layer)
                .and_then(|c| c.get(ts.row - 1))
                .map_or(to.y - 8.0, |c| c.1);
            d.push_str(&format!(" V{arriving:.1} H{port:.1} V{:.1}", to.y));
        }
        paths.push(d);
    }

    let mut tags = Vec::new();
    for (node, kinds) in ports.iter().enumerate() {
        let Some(b) = boxes.get(node) else { continue };
        let k = kinds.len();
        for (j, kind) in kinds.iter().enumerate() {
            let port = b.x + BOX_WIDTH * (j + 1) as f64 / (k + 1) as f64;
            let half = text_width(kind.words()) / 2.0 + 2.0;
            let (left, right) = (b.x - GAP / 2.0 + half, b.x + BOX_WIDTH + GAP / 2.0 - half);
            let x = if left <= right {
                port.clamp(left, right)
            } else {
                b.x + BOX_WIDTH / 2.0
            };
            tags.push(Tag {
                node,
                kind: *kind,
                x,
                y: b.y - 5.0 - LABEL_STEP * (k - 1 - j) as f64,
            });
        }
    }
    Layout {
        height,
        boxes,
        paths,
        tags,
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests fail loudly by design")]
mod tests {
    use super::*;

    #[test]
    fn every_one_to_every_one_shares_a_bus() {
        let edge = |from, to| ViewEdge {
            from,
            to,
            kind: EdgeKind::CommissionedFor,
        };
        let edges = [edge(0, 2), edge(0, 3), edge(1, 2), edge(1, 3)];
        let texts: Vec<String> = ["a", "b", "c", "d"].map(str::to_owned).to_vec();
        let laid = layout(&texts, &edges);
        let bus = |d: &str| d.split(" M").nth(1).map(str::to_owned);
        let first = bus(&laid.paths[0]);
        assert!(first.as_deref().is_some_and(|b| b.contains(" H")));
        assert!(
            laid.paths.iter().all(|d| bus(d) == first),
            "{:?}",
            laid.paths
        );
        // One line less and they cross the band each its own way.
        let laid = layout(&texts, &edges[..3]);
        assert!(laid.paths.iter().all(|d| !d.contains(" M")));
    }

    #[test]
    fn lines_run_down_the_page() {
        let edges = [
            ViewEdge {
                from: 0,
                to: 2,
                kind: EdgeKind::Hosts,
            },
            ViewEdge {
                from: 1,
                to: 2,
                kind: EdgeKind::PaysInto,
            },
            ViewEdge {
                from: 2,
                to: 3,
                kind: EdgeKind::Funds,
            },
        ];
        assert_eq!(layers(4, &edges), vec![0, 0, 1, 2]);
        // A node with no line in sits just above the node it points to.
        let edges = [
            ViewEdge {
                from: 0,
                to: 1,
                kind: EdgeKind::Owns,
            },
            ViewEdge {
                from: 1,
                to: 2,
                kind: EdgeKind::EscalatesTo,
            },
            ViewEdge {
                from: 3,
                to: 2,
                kind: EdgeKind::AccountableTo,
            },
        ];
        assert_eq!(layers(4, &edges), vec![0, 1, 2, 1]);
        // A loop still gets layers.
        let edges = [
            ViewEdge {
                from: 0,
                to: 1,
                kind: EdgeKind::AccountableTo,
            },
            ViewEdge {
                from: 1,
                to: 0,
                kind: EdgeKind::AccountableTo,
            },
        ];
        assert_eq!(layers(2, &edges).len(), 2);
    }
}
