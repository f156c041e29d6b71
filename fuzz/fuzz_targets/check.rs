//! `check`: the input is an agreement file; it is checked and the report
//! rendered in every format (human, plain, json, sarif, github, junit).
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::check_bytes(data, harness::Strictness::from_env());
});
