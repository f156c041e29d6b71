//! Writes a synthetic agreement and its CSV return, for whole-process
//! measurements of `concordat assess`.
//!
//! `cargo run --release --example returns -- FOLDER [ROWS [OBLIGATIONS]]`
//! writes `FOLDER/agreement.s75` and `FOLDER/returns.csv` with ROWS rows
//! (1,000,000 by default) against OBLIGATIONS obligations (1,000).

use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

use concordat::synthetic::returns::{agreement, write_csv, ReturnsShape};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(folder) = args.first() else {
        eprintln!("usage: returns FOLDER [ROWS [OBLIGATIONS]]");
        return ExitCode::from(2);
    };
    let number = |index: usize, default: u64| match args.get(index) {
        None => Some(default),
        Some(text) => text.replace('_', "").parse().ok(),
    };
    let (Some(rows), Some(obligations)) = (number(1, 1_000_000), number(2, 1_000)) else {
        eprintln!("ROWS and OBLIGATIONS must be numbers");
        return ExitCode::from(2);
    };
    let folder = PathBuf::from(folder);
    if let Err(error) = std::fs::create_dir_all(&folder) {
        eprintln!("cannot create {}: {error}", folder.display());
        return ExitCode::from(2);
    }
    let shape = ReturnsShape::for_rows(rows, usize::try_from(obligations).unwrap_or(1_000));
    if let Err(error) = std::fs::write(folder.join("agreement.s75"), agreement(shape)) {
        eprintln!("cannot write the agreement: {error}");
        return ExitCode::from(2);
    }
    let written = std::fs::File::create(folder.join("returns.csv"))
        .and_then(|file| write_csv(&mut BufWriter::new(file), shape, rows));
    match written {
        Ok(bytes) => {
            println!(
                "wrote {} with {} partners and {} obligations, and returns.csv: {rows} rows, {bytes} bytes",
                folder.join("agreement.s75").display(),
                shape.partners,
                shape.obligations
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot write the returns: {error}");
            ExitCode::from(2)
        }
    }
}
