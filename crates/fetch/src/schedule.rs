//! When to read a feed again: from how often it publishes (items of the last week), as
//! Miniflux does, bounded to 5 minutes – 6 hours; never sooner than its `ttl`; after
//! failures 5, 10, 20 … minutes (up to 6 hours); and outside the hours its `skipHours`
//! names.

use chrono::{DateTime, Duration as Span, Timelike, Utc};
use std::time::Duration;

pub const MIN_INTERVAL: Duration = Duration::from_secs(5 * 60);
pub const MAX_INTERVAL: Duration = Duration::from_secs(6 * 3600);

/// What the schedule knows of a feed.
#[derive(Clone, Debug, Default)]
pub struct Observed<'a> {
    /// Publication times of the feed's items.
    pub item_times: &'a [DateTime<Utc>],
    /// RSS `ttl`, minutes.
    pub ttl: Option<u32>,
    /// RSS `skipHours` (UTC).
    pub skip_hours: &'a [u32],
    /// Failures in a row.
    pub failures: u32,
    /// The server asked to wait this long.
    pub retry_after: Option<Duration>,
}

/// The interval the feed's publishing rate calls for.
pub fn interval(now: DateTime<Utc>, o: &Observed<'_>) -> Duration {
    let week = Span::days(7);
    let recent = o
        .item_times
        .iter()
        .filter(|t| **t <= now && now - **t <= week)
        .count() as u32;
    let mut every = if o.failures > 0 {
        // A failing feed is retried after 5, 10, 20 … minutes, whatever its rate.
        MIN_INTERVAL.saturating_mul(1u32 << (o.failures - 1).min(10))
    } else if recent == 0 {
        MAX_INTERVAL
    } else {
        Duration::from_secs(7 * 24 * 3600 / u64::from(recent))
    };
    if let Some(ttl) = o.ttl {
        every = every.max(Duration::from_secs(u64::from(ttl) * 60));
    }
    every = every.clamp(MIN_INTERVAL, MAX_INTERVAL);
    if let Some(after) = o.retry_after {
        every = every.max(after);
    }
    every
}

/// When to read the feed next.
pub fn next_check(now: DateTime<Utc>, o: &Observed<'_>) -> DateTime<Utc> {
    let mut next = now + Span::from_std(interval(now, o)).unwrap_or(Span::hours(6));
    // Out of the skipped hours (all 24 skipped would be a broken feed: ignore it then).
    if o.skip_hours.len() < 24 {
        for _ in 0..24 {
            if !o.skip_hours.contains(&next.hour()) {
                break;
            }
            next = (next + Span::hours(1))
                .with_minute(0)
                .and_then(|t| t.with_second(0))
                .unwrap_or(next + Span::hours(1));
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_725_530_400 + h * 3600, 0).unwrap()
    }

    #[test]
    fn busy_feeds_are_read_often_and_quiet_ones_rarely() {
        let now = at(0);
        let busy: Vec<DateTime<Utc>> = (0..3000).map(|i| now - Span::minutes(i * 3)).collect();
        let o = Observed {
            item_times: &busy,
            ..Default::default()
        };
        assert_eq!(interval(now, &o), MIN_INTERVAL);
        let quiet = [now - Span::days(3)];
        let o = Observed {
            item_times: &quiet,
            ..Default::default()
        };
        assert_eq!(interval(now, &o), MAX_INTERVAL);
        let daily: Vec<DateTime<Utc>> = (0..28).map(|i| now - Span::hours(i * 6)).collect();
        let o = Observed {
            item_times: &daily,
            ..Default::default()
        };
        assert_eq!(interval(now, &o), Duration::from_secs(6 * 3600));
        let hourly: Vec<DateTime<Utc>> = (0..168).map(|i| now - Span::hours(i)).collect();
        let o = Observed {
            item_times: &hourly,
            ..Default::default()
        };
        assert_eq!(interval(now, &o), Duration::from_secs(3600));
    }

    #[test]
    fn ttl_failures_retry_after_and_skip_hours_push_the_next_check() {
        let now = at(0);
        let hourly: Vec<DateTime<Utc>> = (0..168).map(|i| now - Span::hours(i)).collect();
        let o = Observed {
            item_times: &hourly,
            ttl: Some(120),
            ..Default::default()
        };
        assert_eq!(interval(now, &o), Duration::from_secs(7200));
        let o = Observed {
            item_times: &hourly,
            failures: 4,
            ..Default::default()
        };
        assert_eq!(interval(now, &o), Duration::from_secs(40 * 60));
        let o = Observed {
            failures: 1,
            ..Default::default()
        };
        assert_eq!(interval(now, &o), MIN_INTERVAL);
        let o = Observed {
            item_times: &hourly,
            retry_after: Some(Duration::from_secs(9000)),
            ..Default::default()
        };
        assert_eq!(interval(now, &o), Duration::from_secs(9000));
        let next_hour = (now + Span::hours(1)).hour();
        let skip = [next_hour, (next_hour + 1) % 24];
        let o = Observed {
            item_times: &hourly,
            skip_hours: &skip,
            ..Default::default()
        };
        let next = next_check(now, &o);
        assert!(!skip.contains(&next.hour()), "{next}");
        assert!(next > now + Span::hours(2) - Span::minutes(60));
    }
}
