//! Reading a large CSV return on two threads.
//!
//! The rows are cut at the first line break after their middle. The first
//! half is read into the table as usual, the second at the same time into
//! a table of its own with its lines counted from 1, and the two tables are
//! then merged, the second's lines moved on by the first's.
//!
//! The result must be exactly the one reading the rows in order gives, so
//! the halves are used only when nothing went wrong: the first half holds
//! no double quote (else the cut might fall inside a quoted field), neither
//! half has a problem, and no cell or spending is reported in both. Else
//! the return's rows are taken out of the table again and it is read once
//! more, in order, on one thread: a return with problems gets exactly the
//! diagnostics it always gets. The first half to meet a problem stops both
//! within a block, so a bad return is not read whole twice.

use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::AtomicBool;

use super::problems::Problems;
use super::returns::Ingest;
use super::rows::{read_rows, Ended, Reading, Rows};

/// Rows of at least this many bytes are read on two threads (when there
/// are two cores).
pub const SPLIT_FROM: u64 = 1 << 20;

/// How far past the middle a line break is looked for.
const LOOK: usize = 64 * 1024;

/// Reads `rows` into `ingest` on two threads: `Some` with no problems if
/// that worked, `None` (with `ingest` as it was) if the rows must be read
/// in order.
pub fn read(rows: &Rows<'_>, ingest: &mut Ingest<'_>) -> std::io::Result<Option<Problems>> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores < 2 {
        return Ok(None);
    }
    let Some(cut) = cut(rows)? else {
        return Ok(None);
    };
    let first = Rows { end: cut, ..*rows };
    let second = Rows {
        start: cut,
        line: 1,
        ..*rows
    };
    let (rows_before, latest_before) = (ingest.table.rows, ingest.table.latest);
    let mut part = ingest.part();
    let mut counted = 0;
    // Raised by the first half to meet a problem: both stop, as the rows
    // will be read again in order.
    let give_up = AtomicBool::new(false);
    let (first_read, second_read) = std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            let mut problems = Problems::default();
            let reading = Reading {
                general: true,
                give_up: Some(&give_up),
            };
            read_rows(&second, &mut part, &mut problems, reading).map(|end| (end, problems))
        });
        let mut problems = Problems::default();
        let reading = Reading {
            general: false,
            give_up: Some(&give_up),
        };
        let mine = read_rows(&first, ingest, &mut problems, reading).map(|end| (end, problems));
        (mine, other.join())
    });
    let merged = match (first_read, second_read) {
        (Ok((Ended::At(reported), mine)), Ok(Ok((Ended::At(_), theirs))))
            if mine.is_empty() && theirs.is_empty() =>
        {
            counted = mine.rows.saturating_add(theirs.rows);
            ingest
                .table
                .absorb(part.table, reported.saturating_sub(1))
                .is_ok()
        }
        (Err(error), _) | (_, Ok(Err(error))) => {
            ingest.table.forget(rows.file, rows_before, latest_before);
            return Err(error);
        }
        _ => false,
    };
    if merged {
        return Ok(Some(Problems {
            rows: counted,
            ..Problems::default()
        }));
    }
    ingest.table.forget(rows.file, rows_before, latest_before);
    Ok(None)
}

/// Where to cut `rows`, near the middle: just after a line break, so the
/// second half's lines are numbered on from the first's.
fn cut(rows: &Rows<'_>) -> std::io::Result<Option<u64>> {
    let middle = rows.start + rows.end.saturating_sub(rows.start) / 2;
    let from = middle.saturating_sub(2).max(rows.start);
    let mut handle = crate::files::open_return(rows.path)?;
    handle.seek(SeekFrom::Start(from))?;
    let mut window = Vec::with_capacity(LOOK);
    handle
        .take(u64::try_from(LOOK).unwrap_or(u64::MAX))
        .read_to_end(&mut window)?;
    // Just after a line break: each half starts at a line's start, and the
    // second's lines are numbered on from the first's.
    let Some(at) = memchr::memchr(b'\n', &window) else {
        return Ok(None);
    };
    let cut = from.saturating_add(u64::try_from(at).unwrap_or(u64::MAX).saturating_add(1));
    Ok((cut > rows.start && cut < rows.end).then_some(cut))
}
