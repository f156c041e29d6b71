//! `graph_summary`: the input is an agreement file; its responsibility
//! graph is drawn (dot, mermaid, svg) and, when it is clean, its board
//! summary written (Markdown, HTML).
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::graph_summary_bytes(data, harness::Strictness::from_env());
});
