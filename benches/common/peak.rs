//! The peak of resident memory, for benchmarks that print it (Linux only).

/// Resets the peak of resident memory (through `/proc/self/clear_refs`) to
/// what is resident now, and gives that in KiB; `None` where there is no
/// `/proc`.
pub fn reset_peak() -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    status_kib("VmRSS:")
}

/// The peak of resident memory since the last reset, in KiB.
pub fn peak_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

/// A field of `/proc/self/status` in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
