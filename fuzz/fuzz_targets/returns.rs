//! `returns`: the first byte chooses the kind of return (`byte % 3`: CSV,
//! YAML, xlsx) and the agreement it is read against (`byte / 3 % 6`: the
//! five shipped agreements and the returns fixtures' one); the rest is the
//! return. It is assessed and the report rendered in every format, with
//! the board summary that includes the assessment.
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    harness::returns_bytes(data, harness::Strictness::from_env());
});
