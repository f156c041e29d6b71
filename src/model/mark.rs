//! Marks on a block, or on the agreement: what is illustrative (made up
//! for an example, not found in the sources) or draft (not yet agreed).

use serde::Serialize;

use crate::source::Span;
pub use crate::syntax::ast::MarkKind;

/// `illustrative "..."` or `draft "..."`, as written in a block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// Which mark.
    pub kind: MarkKind,
    /// What is illustrative or draft, as written.
    pub note: String,
    /// The clause cited for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl Mark {
    /// The mark of a statement.
    pub fn of(stmt: &crate::syntax::ast::Stmt<'_, crate::syntax::ast::Marked<'_>>) -> Mark {
        Mark {
            kind: stmt.node.kind,
            note: stmt.node.note.value.to_string(),
            clause: stmt.cite.as_ref().map(|c| c.value.to_string()),
            span: stmt.span,
        }
    }
}
