//! Writes synthetic agreements to a folder, for whole-process measurements.
//!
//! `cargo run --release --example corpus -- FOLDER COUNT` writes COUNT typical
//! agreements (~7 KB each); `cargo run --release --example corpus -- FOLDER big`
//! writes one file of about 10 MB; `... -- FOLDER chain` one agreement whose
//! million governance bodies each report to the next (about 60 MB).

use std::path::PathBuf;
use std::process::ExitCode;

use concordat::synthetic::{agreement, corpus, Shape};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(folder), Some(what)) = (args.first(), args.get(1)) else {
        eprintln!("usage: corpus FOLDER COUNT|big|chain");
        return ExitCode::from(2);
    };
    let folder = PathBuf::from(folder);
    if let Err(error) = std::fs::create_dir_all(&folder) {
        eprintln!("cannot create {}: {error}", folder.display());
        return ExitCode::from(2);
    }
    let files = if what == "big" {
        let shape = Shape::ten_megabytes();
        vec![("big.s75".to_owned(), agreement(0, shape))]
    } else if what == "chain" {
        let text = concordat::synthetic::accountability_chain(1_000_000, false);
        vec![("chain.s75".to_owned(), text)]
    } else {
        match what.parse::<usize>() {
            Ok(count) => corpus(count, Shape::default()),
            Err(_) => {
                eprintln!("COUNT must be a number, `big` or `chain`");
                return ExitCode::from(2);
            }
        }
    };
    let mut bytes = 0;
    for (name, text) in &files {
        bytes += text.len();
        if let Err(error) = std::fs::write(folder.join(name), text) {
            eprintln!("cannot write {name}: {error}");
            return ExitCode::from(2);
        }
    }
    println!(
        "wrote {} file(s), {bytes} bytes, to {}",
        files.len(),
        folder.display()
    );
    ExitCode::SUCCESS
}
