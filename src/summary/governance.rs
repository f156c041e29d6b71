//! The governing bodies (seats, quorum, meetings, accountability) and the
//! reporting lines.

use super::context::{cited, Context};
use super::document::{Block, Figure, FigureKind, Section, Sentence, Table};
use super::words;
use crate::model::{Body, BodyKind, RoleCount, Seats};

/// The section on governance: each body, then who reports to whom.
pub fn governance(cx: &Context<'_>) -> Section {
    let mut section = Section::new("governance", "Governance and reporting");
    for body in &cx.agreement.bodies {
        section.blocks.extend(super::marks::named_notice([(
            body.name.to_string(),
            body.marks(),
        )]));
        section
            .blocks
            .push(Block::Paragraph(body_sentences(cx, body)));
    }
    let mut rows = Vec::new();
    let mut cites = Vec::new();
    for body in &cx.agreement.bodies {
        if !body.accountable_to.is_empty() {
            let cite = cx.cite_in(
                cited(body.citations(), "accountable to"),
                body.clause(),
                body.span,
            );
            rows.push(vec![
                body.name.to_string(),
                words::list(&cx.names(&body.accountable_to)),
                "not stated".to_owned(),
                "its work".to_owned(),
                cite.to_string(),
            ]);
            cites.push(vec![cite]);
        }
    }
    for obligation in &cx.agreement.obligations {
        let owners = words::list(&cx.names(&obligation.owners));
        for report in &obligation.reports {
            let cite = cx.cite_in(
                report.clause.as_deref(),
                obligation.clause.as_deref(),
                obligation.span,
            );
            rows.push(vec![
                owners.clone(),
                words::list(&cx.names(&report.to)),
                words::cadence(&report.cadence),
                obligation.name.to_string(),
                cite.to_string(),
            ]);
            cites.push(vec![cite]);
        }
    }
    if !rows.is_empty() {
        section.blocks.push(Block::Table(Table {
            caption: "Who answers to whom".to_owned(),
            header: ["Who", "To whom", "How often", "About", "Where written"]
                .map(str::to_owned)
                .to_vec(),
            numeric: vec![false; 5],
            rows,
            totals: Vec::new(),
            cites,
        }));
    }
    section
}

/// The responsibility graph in three views (money, commissioning,
/// accountability), each its own picture under its own heading, drawn by
/// [`crate::graph`] to be read on A4 at its natural size. Nodes in a problem
/// the checks report are marked.
pub fn responsibilities(cx: &Context<'_>) -> Section {
    use crate::graph::{draw, render::Options, views};
    let graph = crate::graph::ResponsibilityGraph::build(cx.agreement);
    let mut options = Options {
        id_prefix: "graph-".to_owned(),
        ..Options::default()
    };
    for finding in crate::check::graph_findings(cx.agreement, &graph) {
        options.highlight.extend(finding.nodes);
        options.highlight_edges.extend(finding.edges);
    }
    let mut section = Section::new("responsibilities", "Who is responsible to whom");
    section.blocks.push(Block::Paragraph(vec![Sentence::plain(
        "The pictures below draw the facts of the sections above in three views, one for money, one for commissioning and one for accountability; each line is labelled with what it means and drawn in its own pattern, as its legend shows",
    )]));
    for view in views::View::ALL {
        let lines = views::ViewGraph::build(&graph, cx.agreement, view);
        let mut sub = Section::new(format!("responsibilities-{}", view.id()), view.heading());
        if lines.is_empty() {
            sub.blocks
                .push(Block::Paragraph(vec![Sentence::plain(view.empty())]));
        } else {
            let title = format!("{} in the {}", view.title(), cx.agreement.title);
            sub.blocks
                .push(Block::Paragraph(vec![Sentence::plain(view.caption())]));
            sub.blocks.push(Block::Figure(Figure {
                title: title.clone(),
                description: String::new(),
                kind: FigureKind::Graph {
                    mermaid: draw::mermaid(&graph, &lines, &options),
                    svg: draw::svg(&graph, &lines, &title, &options),
                },
            }));
        }
        section.subsections.push(sub);
    }
    section
}

fn body_sentences(cx: &Context<'_>, body: &Body) -> Vec<Sentence> {
    let at =
        |statement: &str| cx.cite_in(cited(body.citations(), statement), body.clause(), body.span);
    let mut sentences = Vec::new();
    let governs = cx
        .agreement
        .governed_by
        .as_ref()
        .is_some_and(|g| g.name == body.id);
    if governs {
        sentences.push(Sentence::new(
            format!("The {} oversees the agreement", body.name),
            vec![cx.cite_in(
                cited(&cx.agreement.citations, "governed by"),
                body.clause(),
                body.span,
            )],
        ));
    }
    if body.kind == Some(BodyKind::HealthAndWellbeingBoard) {
        sentences.push(Sentence::new(
            format!(
                "The {} is a health and wellbeing board, whose core members are set by section 194 of the Health and Social Care Act 2012",
                body.name
            ),
            vec![at("body")],
        ));
    }
    if let Some(remit) = body.remit() {
        sentences.push(Sentence::new(
            format!("Its remit reads: \"{}\"", remit.trim_end_matches('.')),
            vec![at("remit")],
        ));
    }
    if !body.decides().is_empty() {
        sentences.push(Sentence::new(
            format!(
                "The decisions delegated to it: {}",
                words::list(body.decides())
            ),
            vec![at("decides")],
        ));
    }
    if !body.seats().is_empty() {
        let seats: Vec<String> = body
            .seats()
            .iter()
            .map(|s| format!("{} {}", cx.name(&s.member), seats_words(s)))
            .collect();
        sentences.push(Sentence::new(
            format!(
                "The {} has {}: {}",
                body.name,
                words::plural(body.seat_count(), "seat", "seats"),
                words::list(&seats)
            ),
            vec![at("seats")],
        ));
    }
    if let Some(quorum) = body.quorum() {
        let required: Vec<String> = quorum
            .including
            .iter()
            .map(|any| match any.as_slice() {
                [one] => cx.name(one),
                many => format!("one of {}", words::alternatives(&cx.names(many))),
            })
            .chain(quorum.counts.iter().map(|need| {
                let at_least = if need.roles.is_empty() {
                    String::new()
                } else {
                    let roles: Vec<String> = need
                        .roles
                        .iter()
                        .map(|r| format!("{} {}", r.count.value, r.role.words()))
                        .collect();
                    format!(" (at least {})", words::list(&roles))
                };
                format!(
                    "{} of {}{at_least}",
                    words::plural(
                        u64::from(need.count.value),
                        "representative",
                        "representatives"
                    ),
                    cx.name(&need.member),
                )
            }))
            .collect();
        let including = if required.is_empty() {
            String::new()
        } else {
            format!(", including {}", words::list(&required))
        };
        sentences.push(Sentence::new(
            format!(
                "It is quorate with {} present{including}",
                words::plural(u64::from(quorum.count.value), "member", "members")
            ),
            vec![at("quorum")],
        ));
    }
    if let Some(meets) = body.meets() {
        sentences.push(Sentence::new(
            format!("It meets {}", words::cadence(&meets)),
            vec![at("meets")],
        ));
    }
    if !body.accountable_to.is_empty() {
        let to: Vec<String> = body
            .accountable_to
            .iter()
            .map(|r| match r.kind {
                crate::model::Kind::Body => format!("the {}", cx.name(r)),
                _ => cx.name(r),
            })
            .collect();
        sentences.push(Sentence::new(
            format!("It is accountable to {}", words::list(&to)),
            vec![at("accountable to")],
        ));
    }
    sentences
}

/// `4 (1 elected member, 3 officers)`, `1 advisory`.
fn seats_words(seats: &Seats) -> String {
    let advisory = if seats.advisory { " advisory" } else { "" };
    format!(
        "{}{}{advisory}",
        seats.count.value,
        roles_words(&seats.roles)
    )
}

/// ` (1 elected member, 1 director of public health)`, or nothing.
fn roles_words(roles: &[RoleCount]) -> String {
    if roles.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = roles
        .iter()
        .map(|r| format!("{} {}", r.count.value, r.role.words()))
        .collect();
    format!(" ({})", words::list(&parts))
}
