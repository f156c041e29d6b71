//! concordat: section 75 pooled-budget agreements as checked plain text.
//!
//! The pipeline, one module a step, each depending only on those before it:
//!
//! | step | module | gives |
//! |---|---|---|
//! | find and load | [`files`] | the agreement files named, read safely: inside the folders being checked, regular files only, bounded |
//! | decode | [`source`] | [`source::SourceFile`]: decoded text, BOM and CRLF removed |
//! | read | [`syntax`] | the typed syntax tree, with a span on every node |
//! | resolve | [`model`] | the agreement with names resolved and money exact |
//! | check | [`check`] | the rules that need the whole agreement |
//! | drive | [`pipeline`] (with `project` for imports) | a [`CheckReport`] of every file |
//! | report | [`diagnostics`] | coded diagnostics, rendered for people or machines |
//! | assess | [`assess`] | partners' returns against an agreement |
//! | summarise | [`summary`] | a plain-English board paper, Markdown or HTML |
//! | compare | [`diff`] | the changes in meaning between two versions of an agreement |
//! | test | [`scenario`] | `concordat test`: scenario files of returns and what their assessment must find |
//! | lay out | [`format`] | `concordat fmt`: the canonical layout of a file, its meaning unchanged |
//! | print | [`commands`] | what `explain`, `model` and `graph` print |
//! | configure | [`config`] | a project's `concordat.toml`, applied to a check |
//! | edit | [`lsp`] | `concordat lsp`: a language server, the checks and more as an editor asks |
//! | start | [`templates`] | the starting agreements of `concordat new` |
//! | command line | [`shell`] | colour, `--quiet`, `-o`, `--version`, completions and the manual page |
//!
//! Every step reports into a [`diagnostics::Diagnostics`] sink and carries on,
//! so one run finds every problem. Files are independent: each is read,
//! resolved and checked on its own, its parse tree dropped as soon as it is
//! lowered, and files are spread over the machine's cores.
//!
//! This file only declares the modules and re-exports the public API; no
//! module imports anything back from here but those re-exports.
#![warn(missing_docs)]

pub mod assess;
pub mod check;
pub mod commands;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod files;
pub mod format;
pub mod graph;
mod lanes;
pub mod lsp;
pub mod model;
pub mod money;
mod parallel;
pub mod period;
pub mod pipeline;
mod project;
pub mod report;
pub mod scenario;
pub mod shell;
pub mod source;
pub mod summary;
pub mod syntax;
pub mod synthetic;
pub mod templates;
pub mod text;

pub use commands::{basis_table, explain, graph_of, list_codes, model_of, GraphFormat};
pub use files::{find_files, load, EXTENSION, MAX_FILE_BYTES};
pub use pipeline::{check_file, check_paths, check_source, check_texts};
pub use report::{CheckOptions, CheckReport, Outcome};

pub(crate) use files::cannot_read_path;
pub(crate) use parallel::run_parallel;
