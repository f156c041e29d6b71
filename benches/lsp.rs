//! The language server's answer to an edit (`cargo bench --bench lsp`): a
//! change of one character in an open agreement of about 1 MB, and the
//! diagnostics published for it (the file checked again, positions worked
//! out in UTF-16, the notification built).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use concordat::lsp::Server;
use concordat::synthetic::{agreement, Shape};
use lsp_server::{Notification, Request, RequestId};
use serde_json::json;

fn main() {
    divan::main();
}

/// One agreement of about 1 MB: a tenth of `Shape::ten_megabytes`.
fn one_megabyte() -> String {
    agreement(
        1,
        Shape {
            nhs_partners: 8,
            pools: 200,
            obligations: 1_500,
            years: 10,
        },
    )
}

const URI: &str = "file:///nowhere/big.s75";

#[divan::bench(sample_count = 20)]
fn diagnostics_after_an_edit(bencher: divan::Bencher) {
    let text = one_megabyte();
    assert!(
        text.len() > 900_000 && text.len() < 1_200_000,
        "{}",
        text.len()
    );
    let mut server = Server::new();
    let reply = server.request(Request::new(
        RequestId::from(1),
        "initialize".to_owned(),
        json!({ "capabilities": {} }),
    ));
    assert!(reply.response_result.is_ok());
    server.notify(Notification::new(
        "textDocument/didOpen".to_owned(),
        json!({ "textDocument": { "uri": URI, "languageId": "s75", "version": 1, "text": text } }),
    ));
    // The line of the last contributions table, where a figure is edited.
    let line = text.lines().position(|l| l.contains("£")).unwrap();
    let column = text.lines().nth(line).unwrap().find('£').unwrap() + 1;
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        let digit = if version % 2 == 0 { "7" } else { "8" };
        let out = server.notify(Notification::new(
            "textDocument/didChange".to_owned(),
            json!({
                "textDocument": { "uri": URI, "version": version },
                "contentChanges": [{
                    "range": { "start": { "line": line, "character": column }, "end": { "line": line, "character": column + 1 } },
                    "text": digit
                }]
            }),
        ));
        assert_eq!(out.len(), 1);
        out
    });
}
