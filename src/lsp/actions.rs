//! `textDocument/formatting` (`concordat fmt`) and `textDocument/codeAction`
//! (the fixes the diagnostics carry).

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentChanges,
    DocumentFormattingParams, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
    TextEdit, WorkspaceEdit,
};

use super::text::Lines;
use super::workspace::Workspace;
use super::{file_of, offset, to_lsp};

/// The edits that lay the file out as `concordat fmt` does; none if it is
/// laid out already or cannot be read.
pub(crate) fn format(
    ws: &mut Workspace,
    params: DocumentFormattingParams,
) -> Option<Vec<TextEdit>> {
    let (_, file) = file_of(ws, &params.text_document.uri)?;
    let formatted = crate::format::format_text(&file.text).ok()?;
    if formatted == file.text {
        return Some(Vec::new());
    }
    let lines = Lines::new(&file.text);
    Some(vec![TextEdit {
        range: lines.range(&file.text, 0, file.text.len()),
        new_text: formatted,
    }])
}

/// A quick fix for each fix of each diagnostic touching the range asked
/// about.
pub(crate) fn code_actions(
    ws: &mut Workspace,
    params: CodeActionParams,
) -> Option<Vec<CodeActionOrCommand>> {
    let (key, file) = file_of(ws, &params.text_document.uri)?;
    let from = offset(file, params.range.start);
    let to = offset(file, params.range.end);
    let mut out = Vec::new();
    for diagnostic in ws.diagnostics_in(&key) {
        let Some(primary) = &diagnostic.primary else {
            continue;
        };
        let (start, end) = (primary.span.start as usize, primary.span.end as usize);
        if start > to || end < from || primary.span.file != file.source.id {
            continue;
        }
        let preferred = diagnostic.fixes.len() == 1;
        for fix in &diagnostic.fixes {
            let edits = fix
                .edits
                .iter()
                .filter(|e| e.span.file == file.source.id)
                .map(|e| {
                    OneOf::Left(TextEdit {
                        range: file.lines.range(
                            &file.source.text,
                            e.span.start as usize,
                            e.span.end as usize,
                        ),
                        new_text: e.text.clone(),
                    })
                })
                .collect();
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(ws, file, diagnostic)]),
                edit: Some(WorkspaceEdit {
                    document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier {
                            uri: file.uri.clone(),
                            version: file.version,
                        },
                        edits,
                    }])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(preferred),
                ..CodeAction::default()
            }));
        }
    }
    Some(out)
}
