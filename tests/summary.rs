//! Snapshots of the Markdown summary of every shipped agreement. (This file
//! holds only the `glob!` test: insta's glob stack is global to a test
//! binary.) The HTML and the command line are tested in `summary_html.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use concordat::summary::{summary_of, Format};

#[test]
fn markdown_summaries_of_the_shipped_agreements() {
    insta::glob!("../agreements", "*.s75", |path| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let relative = path.strip_prefix(root).unwrap();
        let text = summary_of(relative, Format::Markdown)
            .unwrap_or_else(|report| panic!("{}", report.render(Default::default())));
        insta::assert_snapshot!(text);
    });
}
