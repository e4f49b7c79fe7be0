//! The calling thread's CPU time, for speeds "on one core": what the work itself took,
//! without the time a shared machine gave to others (on this 2-core host, wall-time speeds
//! of the same build vary by a quarter from one hour to the next).

/// Seconds of CPU the calling thread has used (user and system), from the thread's CPU
/// clock (nanoseconds; `/proc/thread-self/stat` counts in hundredths, too coarse for a
/// pass of a quarter second); `None` where it cannot be read (the caller uses wall time).
pub fn thread_seconds() -> Option<f64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9)
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
