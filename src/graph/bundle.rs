//! Lines that share a bus: where every one of several boxes has a line of
//! one kind to every one of several boxes in the next layer (or one box to
//! several, or several to one), the lines run down to one horizontal line
//! across the band and down again, instead of crossing each other.

use std::collections::BTreeSet;

use super::views::ViewEdge;
use super::EdgeKind;

/// What the choice of buses needs to know of a laid-out view.
pub(super) struct Band<'a> {
    /// The lines.
    pub edges: &'a [ViewEdge],
    /// The layer of each node.
    pub layer: &'a [usize],
    /// The lane of each line that goes by one.
    pub lanes: &'a [Option<usize>],
    /// The foot of each layer.
    pub layer_bottom: &'a [f64],
    /// How many layers.
    pub depth: usize,
    /// Where a line leaves the foot of its layer and arrives at the head of
    /// the next (x, x).
    pub ends: &'a dyn Fn(&ViewEdge) -> (f64, f64),
}

/// For each line, the bus it shares, if any: (its y, its left and right
/// end).
pub(super) fn buses(band: &Band<'_>) -> Vec<Option<(f64, f64, f64)>> {
    let Band {
        edges,
        layer,
        lanes,
        layer_bottom,
        depth,
        ends,
    } = *band;
    let mut buses: Vec<Option<(f64, f64, f64)>> = vec![None; edges.len()];
    let mut per_band: Vec<Vec<(f64, f64)>> = vec![Vec::new(); depth];
    for kind in edges.iter().map(|e| e.kind).collect::<BTreeSet<_>>() {
        for l in 0..depth {
            let members: Vec<usize> = (0..edges.len())
                .filter(|&i| {
                    edges
                        .get(i)
                        .is_some_and(|e| e.kind == kind && layer.get(e.from) == Some(&l))
                        && lanes.get(i).is_some_and(Option::is_none)
                })
                .collect();
            for group in components(&members, edges) {
                let sources: BTreeSet<usize> = group
                    .iter()
                    .filter_map(|&i| edges.get(i).map(|e| e.from))
                    .collect();
                let targets: BTreeSet<usize> = group
                    .iter()
                    .filter_map(|&i| edges.get(i).map(|e| e.to))
                    .collect();
                let (few, many) = (
                    sources.len().min(targets.len()),
                    sources.len().max(targets.len()),
                );
                if group.len() != sources.len() * targets.len() || (few < 2 && many < 3) {
                    continue;
                }
                let xs: Vec<f64> = group
                    .iter()
                    .filter_map(|&i| edges.get(i))
                    .flat_map(|e| {
                        let (cx, ex) = ends(e);
                        [cx, ex]
                    })
                    .collect();
                let (left, right) = (
                    xs.iter().copied().fold(f64::MAX, f64::min),
                    xs.iter().copied().fold(f64::MIN, f64::max),
                );
                // A bus must not be mistaken for another line: no other line
                // of its kind may start or end along it, and no other line
                // may run down where the bus's lines do.
                // (Lines of other kinds from the same boxes leave beside the
                // bus's, and arrive at ports of their own.)
                let others: Vec<(EdgeKind, Option<f64>, Option<f64>)> = (0..edges.len())
                    .filter(|i| !group.contains(i))
                    .filter_map(|i| edges.get(i).map(|e| (i, e)))
                    .filter(|(i, e)| {
                        layer.get(e.from) == Some(&l) && lanes.get(*i).is_some_and(Option::is_none)
                    })
                    .map(|(_, e)| {
                        let (cx, ex) = ends(e);
                        (
                            e.kind,
                            (!sources.contains(&e.from)).then_some(cx),
                            (!targets.contains(&e.to)).then_some(ex),
                        )
                    })
                    .collect();
                let near = |x: f64| xs.iter().any(|y| (x - y).abs() < 5.0);
                let along = |x: f64| x > left - 6.0 && x < right + 6.0;
                if others.iter().any(|(k, cx, ex)| {
                    [cx, ex]
                        .into_iter()
                        .flatten()
                        .any(|x| near(*x) || (*k == kind && along(*x)))
                }) {
                    continue;
                }
                // Two buses side by side would read as one: only one where
                // they would meet.
                let Some(band) = per_band.get_mut(l) else {
                    continue;
                };
                if band
                    .iter()
                    .any(|(a, b)| left <= *b + 6.0 && *a <= right + 6.0)
                {
                    continue;
                }
                band.push((left, right));
                let y = layer_bottom.get(l).copied().unwrap_or(0.0) + 10.0;
                for &i in &group {
                    if let Some(b) = buses.get_mut(i) {
                        *b = Some((y, left, right));
                    }
                }
            }
        }
    }
    buses
}

/// The edges (indices into `edges`) in groups joined by a shared end, in
/// order of their first edge.
fn components(members: &[usize], edges: &[ViewEdge]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(BTreeSet<usize>, Vec<usize>)> = Vec::new();
    for &i in members {
        let Some(e) = edges.get(i) else { continue };
        // Source and target indices are kept apart: a node is in one layer.
        let ends = [e.from, e.to];
        let joined: Vec<usize> = groups
            .iter()
            .enumerate()
            .filter(|(_, (nodes, _))| ends.iter().any(|n| nodes.contains(n)))
            .map(|(g, _)| g)
            .collect();
        let mut group = (ends.into_iter().collect::<BTreeSet<_>>(), vec![i]);
        for g in joined.into_iter().rev() {
            let (nodes, list) = groups.remove(g);
            group.0.extend(nodes);
            group.1.extend(list);
        }
        group.1.sort_unstable();
        groups.push(group);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_iter().map(|(_, list)| list).collect();
    groups.sort_by_key(|g| g.first().copied());
    groups
}
