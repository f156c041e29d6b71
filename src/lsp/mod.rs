//! `concordat lsp`: a language server for agreement files, on standard input
//! and output.
//!
//! It reads the folder the editor opens ([`workspace`]), checks each file as
//! `concordat check` does, and answers as the editor asks:
//!
//! | request | module | answer |
//! |---|---|---|
//! | diagnostics, pushed on open and on each change | [`workspace`], here | the codes, spans and help of `check`, imports followed |
//! | `textDocument/hover` | [`hover`] | what a name is, where it is declared and its clause; a code's explanation; a pool's totals |
//! | `textDocument/definition`, `references`, `rename`, `documentSymbol` | [`navigate`] | across the files of the folder |
//! | `textDocument/completion` | [`complete`] | statements, names of the kind expected, years and quarters of the term |
//! | `textDocument/formatting`, `codeAction` | [`actions`] | `concordat fmt`; the fixes diagnostics carry |
//!
//! Every position is converted between byte offsets and the protocol's
//! UTF-16 code units ([`text`]). No request panics: a bad request gets an
//! error reply, a position past the end of a file is its end, a file never
//! opened is read from disk or answered with nothing.

mod actions;
mod complete;
mod hover;
mod keywords;
mod navigate;
mod scan;
mod text;
mod workspace;

use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CompletionOptions, DiagnosticRelatedInformation, DiagnosticSeverity, HoverProviderCapability,
    InitializeParams, InitializeResult, Location, NumberOrString, OneOf, Position,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Severity};
use text::uri_to_path;
use workspace::{File, Workspace};

/// Runs the server on standard input and output until the editor says
/// `exit` (or closes the connection).
pub fn run_stdio() -> Result<(), String> {
    let (connection, threads) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    threads.join().map_err(|e| e.to_string())?;
    served
}

/// Serves one editor over `connection` until `exit`, or until the
/// connection closes.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let mut server = Server::default();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                let shutting = request.method == "shutdown";
                let reply = server.request(request);
                if connection.sender.send(reply.into()).is_err() {
                    break;
                }
                if shutting {
                    server.shut_down = true;
                }
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return if server.shut_down {
                        Ok(())
                    } else {
                        Err("exit without shutdown".to_owned())
                    };
                }
                for out in server.notify(notification) {
                    if connection.sender.send(out.into()).is_err() {
                        return Ok(());
                    }
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// The server's state: the folder's files, and where the conversation is.
#[derive(Debug, Default)]
pub struct Server {
    workspace: Workspace,
    initialized: bool,
    shut_down: bool,
}

/// The JSON-RPC code of a request made after `shutdown`.
const INVALID_REQUEST: i32 = ErrorCode::InvalidRequest as i32;

impl Server {
    /// A server of no folder, waiting for `initialize`.
    pub fn new() -> Server {
        Server::default()
    }

    /// The reply to one request.
    pub fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if request.method == "initialize" {
            return self.initialize(id, request.params);
        }
        if !self.initialized {
            return Response::new_err(
                id,
                ErrorCode::ServerNotInitialized as i32,
                "the server is waiting for `initialize`".to_owned(),
            );
        }
        if self.shut_down {
            return Response::new_err(id, INVALID_REQUEST, "the server is shut down".to_owned());
        }
        let ws = &mut self.workspace;
        let params = request.params;
        match request.method.as_str() {
            "shutdown" => Response::new_ok(id, ()),
            "textDocument/hover" => answer(id, params, |p| hover::hover(ws, p)),
            "textDocument/definition" => answer(id, params, |p| navigate::definition(ws, p)),
            "textDocument/references" => answer(id, params, |p| navigate::references(ws, p)),
            "textDocument/prepareRename" => answer(id, params, |p| navigate::prepare_rename(ws, p)),
            "textDocument/rename" => match parse(params) {
                Ok(p) => match navigate::rename(ws, p) {
                    Ok(edit) => Response::new_ok(id, edit),
                    Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
                },
                Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
            },
            "textDocument/documentSymbol" => answer(id, params, |p| navigate::symbols(ws, p)),
            "textDocument/completion" => answer(id, params, |p| complete::complete(ws, p)),
            "textDocument/formatting" => answer(id, params, |p| actions::format(ws, p)),
            "textDocument/codeAction" => answer(id, params, |p| actions::code_actions(ws, p)),
            method => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("`{method}` is not supported"),
            ),
        }
    }

    fn initialize(&mut self, id: RequestId, params: Value) -> Response {
        if self.initialized {
            return Response::new_err(id, INVALID_REQUEST, "already initialized".to_owned());
        }
        let params: InitializeParams = match parse(params) {
            Ok(params) => params,
            Err(message) => return Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        };
        #[allow(deprecated, reason = "older editors give only `rootUri`")]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| folder.uri.clone())
            .or(params.root_uri)
            .and_then(|uri| uri_to_path(&uri));
        self.workspace = Workspace::new(root);
        self.initialized = true;
        Response::new_ok(id, capabilities())
    }

    /// What to send after one notification: the diagnostics of the files
    /// it changed.
    pub fn notify(&mut self, notification: Notification) -> Vec<Notification> {
        if !self.initialized || self.shut_down {
            return Vec::new();
        }
        let params = notification.params;
        let checked = match notification.method.as_str() {
            // The folder's problems, once the editor is ready for them.
            "initialized" => self
                .workspace
                .files
                .keys()
                .filter(|k| !self.workspace.diagnostics_in(k).is_empty())
                .cloned()
                .collect(),
            "textDocument/didOpen" => parse::<lsp_types::DidOpenTextDocumentParams>(params)
                .ok()
                .and_then(|p| {
                    let doc = p.text_document;
                    let path = uri_to_path(&doc.uri)?;
                    Some(
                        self.workspace
                            .set_text(&path, doc.uri, doc.text, Some(doc.version)),
                    )
                })
                .unwrap_or_default(),
            "textDocument/didChange" => parse::<lsp_types::DidChangeTextDocumentParams>(params)
                .ok()
                .and_then(|p| self.change(p))
                .unwrap_or_default(),
            "textDocument/didClose" => parse::<lsp_types::DidCloseTextDocumentParams>(params)
                .ok()
                .and_then(|p| uri_to_path(&p.text_document.uri))
                .map(|path| self.workspace.close(&path))
                .unwrap_or_default(),
            "workspace/didChangeWatchedFiles" => {
                let paths: Vec<PathBuf> = parse::<lsp_types::DidChangeWatchedFilesParams>(params)
                    .map(|p| {
                        p.changes
                            .iter()
                            .filter_map(|change| uri_to_path(&change.uri))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut checked = Vec::new();
                for path in paths {
                    let key = Workspace::key(&path);
                    if !self.workspace.files.get(&key).is_some_and(|f| f.open) {
                        checked.extend(self.workspace.reread(&path));
                    }
                }
                checked
            }
            _ => Vec::new(),
        };
        self.publish(checked)
    }

    fn change(&mut self, params: lsp_types::DidChangeTextDocumentParams) -> Option<Vec<PathBuf>> {
        let doc = params.text_document;
        let path = uri_to_path(&doc.uri)?;
        let key = Workspace::key(&path);
        let mut text = self
            .workspace
            .files
            .get_mut(&key)
            .map(|f| std::mem::take(&mut f.text))
            .unwrap_or_default();
        for change in params.content_changes {
            text::apply_change(&mut text, change.range, &change.text);
        }
        Some(
            self.workspace
                .set_text(&path, doc.uri, text, Some(doc.version)),
        )
    }

    /// `textDocument/publishDiagnostics` for each file checked, in path
    /// order.
    fn publish(&self, mut keys: Vec<PathBuf>) -> Vec<Notification> {
        // The checks of these files may have found problems in the files
        // they import.
        let imported: Vec<PathBuf> = keys
            .iter()
            .flat_map(|k| self.workspace.imported_by(k))
            .collect();
        keys.extend(imported);
        keys.sort();
        keys.dedup();
        keys.iter()
            .filter_map(|key| Some((key, self.workspace.files.get(key)?)))
            .map(|(key, file)| {
                let params = PublishDiagnosticsParams {
                    uri: file.uri.clone(),
                    diagnostics: self
                        .workspace
                        .diagnostics_in(key)
                        .into_iter()
                        .map(|d| to_lsp(&self.workspace, file, d))
                        .collect(),
                    version: file.version,
                };
                Notification::new("textDocument/publishDiagnostics".to_owned(), params)
            })
            .collect()
    }
}

/// What the server can do.
fn capabilities() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Kind(
                TextDocumentSyncKind::INCREMENTAL,
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(lsp_types::RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: Default::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![" ".to_owned(), ",".to_owned()]),
                ..CompletionOptions::default()
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "concordat".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    }
}

/// The parameters of a message, or why they cannot be read.
fn parse<P: DeserializeOwned>(params: Value) -> Result<P, String> {
    serde_json::from_value(params).map_err(|e| format!("the parameters cannot be read: {e}"))
}

/// The reply to a request whose parameters are `P`, answered by `f`.
fn answer<P: DeserializeOwned, R: serde::Serialize>(
    id: RequestId,
    params: Value,
    f: impl FnOnce(P) -> R,
) -> Response {
    match parse(params) {
        Ok(params) => Response::new_ok(id, f(params)),
        Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
    }
}

/// The file an address names, if it is in the workspace.
fn file_of<'w>(ws: &'w Workspace, uri: &Uri) -> Option<(PathBuf, &'w File)> {
    let key = Workspace::key(&uri_to_path(uri)?);
    let file = ws.files.get(&key)?;
    Some((key, file))
}

/// The byte offset of a position in a file's text.
fn offset(file: &File, position: Position) -> usize {
    file.lines.offset(&file.source.text, position)
}

/// A span of a file as a location.
fn location(ws: &Workspace, span: crate::source::Span) -> Option<Location> {
    let file = ws.file_of(span.file)?;
    Some(Location {
        uri: file.uri.clone(),
        range: file
            .lines
            .range(&file.source.text, span.start as usize, span.end as usize),
    })
}

/// A diagnostic of `file` as the protocol has it: its code, its span, its
/// message with the help line below, the labels as related places.
fn to_lsp(ws: &Workspace, file: &File, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let range = diagnostic
        .primary
        .as_ref()
        .map_or_else(Default::default, |label| {
            file.lines.range(
                &file.source.text,
                label.span.start as usize,
                label.span.end as usize,
            )
        });
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .primary
        .iter()
        .filter(|label| !label.text.is_empty())
        .chain(&diagnostic.secondary)
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: location(ws, label.span)?,
                message: label.text.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_owned())),
        source: Some("concordat".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}
