//! Names across the files of the folder: where one is declared, where it is
//! used, renaming it everywhere, and the outline of a file.
//!
//! A name is declared in an agreement (or a register) and used in that
//! agreement; a register's names are used too in the agreements of the files
//! that import it, unless they declare the name themselves.

use std::path::{Path, PathBuf};

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Location, OneOf, OptionalVersionedTextDocumentIdentifier,
    PrepareRenameResponse, ReferenceParams, RenameParams, SymbolKind, TextDocumentEdit,
    TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};

use super::hover::unquote;
use super::scan::{Decl, Tok};
use super::workspace::Workspace;
use super::{file_of, offset};
use crate::model::Kind;

/// A declaration found, and the file it is in.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The file.
    pub key: PathBuf,
    /// The declaration.
    pub decl: Decl,
}

/// The declaration of the name written at `offset` of the file `key`.
pub(crate) fn declaration_at(ws: &Workspace, key: &Path, offset: usize) -> Option<Found> {
    let file = ws.files.get(key)?;
    let scan = file.scan();
    let token = scan.token_at(offset).filter(|t| t.kind == Tok::Word)?;
    let name = file.source.text.get(token.start..token.end)?;
    if let Some(decl) = scan.decls.iter().find(|d| d.start == token.start) {
        return Some(Found {
            key: key.to_path_buf(),
            decl: decl.clone(),
        });
    }
    let scope = scan.agreement_at(offset);
    if let Some(decl) = scan.declared(scope, name) {
        return Some(Found {
            key: key.to_path_buf(),
            decl: decl.clone(),
        });
    }
    // In a register the file imports.
    for target in file.imports.iter().filter_map(|(_, _, t)| t.as_ref()) {
        let Some(other) = ws.files.get(target) else {
            continue;
        };
        let scan = other.scan();
        let found = scan.decls.iter().find(|d| {
            d.kind.is_some()
                && d.name == name
                && d.scope
                    .and_then(|s| scan.blocks.get(s))
                    .is_some_and(|b| b.keyword == "register")
        });
        if let Some(decl) = found {
            return Some(Found {
                key: target.clone(),
                decl: decl.clone(),
            });
        }
    }
    None
}

/// Every place the declared name is written, its declaration first if
/// `with_declaration`, then by file and position.
pub(crate) fn uses(
    ws: &Workspace,
    found: &Found,
    with_declaration: bool,
) -> Vec<(PathBuf, usize, usize)> {
    let mut out = Vec::new();
    let decl = &found.decl;
    let Some(file) = ws.files.get(&found.key) else {
        return out;
    };
    let scan = file.scan();
    let words_in = |text: &str, tokens: &[super::scan::Token], start: usize, end: usize| {
        let from = tokens.partition_point(|t| t.start < start);
        tokens
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|t| t.start < end)
            .filter(|t| t.kind == Tok::Word && text.get(t.start..t.end) == Some(decl.name.as_str()))
            .map(|t| (t.start, t.end))
            .collect::<Vec<_>>()
    };
    let (start, end) = match decl.scope.and_then(|s| scan.blocks.get(s)) {
        Some(block) if decl.kind.is_some() => (block.start, block.end),
        _ => (decl.start, decl.end),
    };
    for (s, e) in words_in(&file.source.text, &scan.tokens, start, end) {
        if with_declaration || s != decl.start {
            out.push((found.key.clone(), s, e));
        }
    }
    let in_register = decl
        .scope
        .and_then(|s| scan.blocks.get(s))
        .is_some_and(|b| b.keyword == "register");
    if in_register && decl.kind.is_some() {
        for (key, other) in &ws.files {
            if key == &found.key
                || !other
                    .imports
                    .iter()
                    .any(|(_, _, t)| t.as_deref() == Some(found.key.as_path()))
            {
                continue;
            }
            let scan = other.scan();
            for (index, block) in scan.blocks.iter().enumerate() {
                if block.parent.is_some()
                    || block.keyword != "agreement"
                    || scan.declared(Some(index), &decl.name).is_some()
                {
                    continue;
                }
                for (s, e) in words_in(&other.source.text, &scan.tokens, block.start, block.end) {
                    out.push((key.clone(), s, e));
                }
            }
        }
    }
    out
}

/// `textDocument/definition`.
pub(crate) fn definition(
    ws: &mut Workspace,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let at = params.text_document_position_params;
    let (key, file) = file_of(ws, &at.text_document.uri)?;
    let found = declaration_at(ws, &key, offset(file, at.position))?;
    Some(GotoDefinitionResponse::Scalar(place(
        ws,
        &found.key,
        found.decl.start,
        found.decl.end,
    )?))
}

/// `textDocument/references`.
pub(crate) fn references(ws: &mut Workspace, params: ReferenceParams) -> Option<Vec<Location>> {
    let at = params.text_document_position;
    let (key, file) = file_of(ws, &at.text_document.uri)?;
    let found = declaration_at(ws, &key, offset(file, at.position))?;
    let mut places = uses(ws, &found, params.context.include_declaration);
    places.sort();
    Some(
        places
            .into_iter()
            .filter_map(|(key, s, e)| place(ws, &key, s, e))
            .collect(),
    )
}

/// `textDocument/prepareRename`: the name under the cursor, if it is one
/// declared.
pub(crate) fn prepare_rename(
    ws: &mut Workspace,
    at: TextDocumentPositionParams,
) -> Option<PrepareRenameResponse> {
    let (key, file) = file_of(ws, &at.text_document.uri)?;
    let offset = offset(file, at.position);
    declaration_at(ws, &key, offset)?;
    let token = file.scan().token_at(offset)?;
    Some(PrepareRenameResponse::Range(file.lines.range(
        &file.source.text,
        token.start,
        token.end,
    )))
}

/// `textDocument/rename`: every use of the name, in every file, made the
/// new name.
pub(crate) fn rename(
    ws: &mut Workspace,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>, String> {
    let new = params.new_name;
    let mut chars = new.chars();
    let is_name = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_name {
        return Err(format!(
            "`{new}` cannot be a name: a name is a letter, then letters, digits and `_`"
        ));
    }
    let at = params.text_document_position;
    let Some((key, file)) = file_of(ws, &at.text_document.uri) else {
        return Ok(None);
    };
    let Some(found) = declaration_at(ws, &key, offset(file, at.position)) else {
        return Ok(None);
    };
    let mut places = uses(ws, &found, true);
    places.sort();
    let mut edits: Vec<TextDocumentEdit> = Vec::new();
    for (key, s, e) in places {
        let Some(file) = ws.files.get(&key) else {
            continue;
        };
        let edit = OneOf::Left(TextEdit {
            range: file.lines.range(&file.source.text, s, e),
            new_text: new.clone(),
        });
        match edits.last_mut() {
            Some(last) if last.text_document.uri == file.uri => last.edits.push(edit),
            _ => edits.push(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: file.uri.clone(),
                    version: file.version,
                },
                edits: vec![edit],
            }),
        }
    }
    Ok(Some(WorkspaceEdit {
        document_changes: Some(lsp_types::DocumentChanges::Edits(edits)),
        ..WorkspaceEdit::default()
    }))
}

/// `textDocument/documentSymbol`: each agreement, with what it declares;
/// grants inside their pools.
pub(crate) fn symbols(
    ws: &mut Workspace,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let (_, file) = file_of(ws, &params.text_document.uri)?;
    let scan = file.scan();
    let text = &file.source.text;
    let symbol = |decl: &Decl, children: Vec<DocumentSymbol>| {
        #[allow(deprecated, reason = "the field must be given; it is not set")]
        DocumentSymbol {
            name: decl.name.clone(),
            detail: Some(unquote(&decl.title).to_owned()),
            kind: symbol_kind(decl.kind),
            tags: None,
            deprecated: None,
            range: file.lines.range(text, decl.statement, decl.statement_end),
            selection_range: file.lines.range(text, decl.start, decl.end),
            children: (!children.is_empty()).then_some(children),
        }
    };
    let mut out = Vec::new();
    for top in scan.decls.iter().filter(|d| d.kind.is_none()) {
        let inside: Vec<&Decl> = scan
            .decls
            .iter()
            .filter(|d| d.kind.is_some() && d.scope.is_some() && d.scope == top.scope)
            .collect();
        let children = inside
            .iter()
            .filter(|d| !matches!(d.kind, Some(Kind::Grant | Kind::Scheme)))
            .map(|d| {
                let grants = inside
                    .iter()
                    .filter(|g| {
                        matches!(g.kind, Some(Kind::Grant | Kind::Scheme))
                            && d.statement < g.statement
                            && g.statement < d.statement_end
                    })
                    .map(|g| symbol(g, Vec::new()))
                    .collect();
                symbol(d, grants)
            })
            .collect();
        out.push(symbol(top, children));
    }
    Some(DocumentSymbolResponse::Nested(out))
}

fn symbol_kind(kind: Option<Kind>) -> SymbolKind {
    match kind {
        None => SymbolKind::NAMESPACE,
        Some(Kind::Partner) => SymbolKind::OBJECT,
        Some(Kind::External) => SymbolKind::OBJECT,
        Some(Kind::Function) => SymbolKind::FUNCTION,
        Some(Kind::Body) => SymbolKind::CLASS,
        Some(Kind::Pool | Kind::Aligned) => SymbolKind::STRUCT,
        Some(Kind::Grant | Kind::Scheme) => SymbolKind::FIELD,
        Some(Kind::Reserve) => SymbolKind::STRUCT,
        Some(Kind::Obligation) => SymbolKind::EVENT,
    }
}

/// A place in a file as a location.
fn place(ws: &Workspace, key: &Path, start: usize, end: usize) -> Option<Location> {
    let file = ws.files.get(key)?;
    Some(Location {
        uri: file.uri.clone(),
        range: file.lines.range(&file.source.text, start, end),
    })
}
