//! The calling thread's CPU time, for speeds "on one core": what the work itself took,
//! without the time a shared machine gave to others (on this 2-core host, wall-time speeds
//! of the same build vary by a quarter from one hour to the next).

/// Seconds of CPU the calling thread has used (user and system), from
/// `/proc/thread-self/stat`; `None` where that cannot be read (the caller uses wall time).
pub fn thread_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: fields after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of the whole line (utime, stime) are the 12th and 13th after ")".
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Clock ticks: USER_HZ, 100 on Linux's every architecture that rasid builds for.
    Some((utime + stime) / 100.0)
}

/// Runs `f`, returning its result and the seconds it took: the thread's CPU time where it
/// can be read, else wall time; and whether it was CPU time.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, bool) {
    let wall = std::time::Instant::now();
    let cpu = thread_seconds();
    let out = f();
    match (cpu, thread_seconds()) {
        (Some(a), Some(b)) => (out, b - a, true),
        _ => (out, wall.elapsed().as_secs_f64(), false),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn busy_work_takes_cpu_time() {
        let (sum, secs, _) =
            super::timed(|| (0..30_000_000u64).fold(0u64, |a, x| a ^ x.wrapping_mul(x)));
        std::hint::black_box(sum);
        assert!(secs >= 0.0);
    }
}
