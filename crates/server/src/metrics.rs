//! Prometheus metrics at `/metrics`: requests by route and status, a latency histogram
//! per route, the archive's size, and what the crawler did (pages fetched, feeds read,
//! articles stored and updated, errors by kind). Text format, no dependency.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Latency buckets, seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Default)]
struct Latency {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// The process's counters.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Latency>>,
    pages_fetched: AtomicU64,
    feeds_checked: AtomicU64,
    articles_stored: AtomicU64,
    articles_updated: AtomicU64,
    crawl_errors: Mutex<BTreeMap<String, u64>>,
}

/// The metrics of this process.
pub static METRICS: std::sync::LazyLock<Metrics> = std::sync::LazyLock::new(Metrics::default);

impl Metrics {
    /// One request answered.
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((route.to_owned(), status)).or_default() += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            let e = l.entry(route.to_owned()).or_default();
            for (i, b) in BUCKETS.iter().enumerate() {
                if seconds <= *b {
                    e.buckets[i] += 1;
                }
            }
            e.sum += seconds;
            e.count += 1;
        }
    }

    /// One crawl round: pages fetched, feeds read, articles stored and updated, and its
    /// errors by kind.
    pub fn crawl(
        &self,
        pages: u64,
        feeds: u64,
        stored: u64,
        updated: u64,
        errors: &BTreeMap<String, usize>,
    ) {
        self.pages_fetched.fetch_add(pages, Ordering::Relaxed);
        self.feeds_checked.fetch_add(feeds, Ordering::Relaxed);
        self.articles_stored.fetch_add(stored, Ordering::Relaxed);
        self.articles_updated.fetch_add(updated, Ordering::Relaxed);
        if let Ok(mut e) = self.crawl_errors.lock() {
            for (k, n) in errors {
                *e.entry(k.clone()).or_default() += *n as u64;
            }
        }
    }

    /// The text exposition, with the archive's gauges.
    pub fn render(&self, articles: i64, stories: i64, indexed: u64, feeds: &FeedGauges) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let label = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let _ = writeln!(out, "# HELP rasid_http_requests_total HTTP requests answered, by route and status.\n# TYPE rasid_http_requests_total counter");
        if let Ok(r) = self.requests.lock() {
            for ((route, status), n) in r.iter() {
                let _ = writeln!(
                    out,
                    "rasid_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                    label(route)
                );
            }
        }
        let _ = writeln!(out, "# HELP rasid_http_request_duration_seconds Time to answer a request, by route.\n# TYPE rasid_http_request_duration_seconds histogram");
        if let Ok(l) = self.latency.lock() {
            for (route, e) in l.iter() {
                let route = label(route);
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(out, "rasid_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}", e.buckets[i]);
                }
                let _ = writeln!(out, "rasid_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}", e.count);
                let _ = writeln!(
                    out,
                    "rasid_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    e.sum
                );
                let _ = writeln!(
                    out,
                    "rasid_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    e.count
                );
            }
        }
        for (name, help, v) in [
            ("rasid_articles", "Articles stored.", articles as f64),
            ("rasid_stories", "Stories.", stories as f64),
            (
                "rasid_index_documents",
                "Articles searchable.",
                indexed as f64,
            ),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
        }
        let _ = writeln!(
            out,
            "# HELP rasid_feeds Feeds followed, by the state of their last check.\n# TYPE rasid_feeds gauge"
        );
        for (state, n) in [
            ("healthy", feeds.healthy),
            ("failing", feeds.failing),
            ("unchecked", feeds.unchecked),
        ] {
            let _ = writeln!(out, "rasid_feeds{{state=\"{state}\"}} {n}");
        }
        if let Some(t) = feeds.last_success {
            let _ = writeln!(
                out,
                "# HELP rasid_crawl_last_success_timestamp_seconds When a feed was last read successfully (Unix time): alert when it falls behind.\n# TYPE rasid_crawl_last_success_timestamp_seconds gauge\nrasid_crawl_last_success_timestamp_seconds {t}"
            );
        }
        for (name, help, c) in [
            (
                "rasid_crawl_pages_fetched_total",
                "Pages fetched by the crawler.",
                &self.pages_fetched,
            ),
            (
                "rasid_crawl_feeds_checked_total",
                "Feed checks by the crawler.",
                &self.feeds_checked,
            ),
            (
                "rasid_crawl_articles_stored_total",
                "New articles the crawler stored.",
                &self.articles_stored,
            ),
            (
                "rasid_crawl_articles_updated_total",
                "Articles the crawler updated.",
                &self.articles_updated,
            ),
        ] {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                c.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(out, "# HELP rasid_crawl_errors_total Crawl errors by kind.\n# TYPE rasid_crawl_errors_total counter");
        if let Ok(e) = self.crawl_errors.lock() {
            for (k, n) in e.iter() {
                let _ = writeln!(out, "rasid_crawl_errors_total{{kind=\"{}\"}} {n}", label(k));
            }
        }
        out
    }
}

/// Counts every routed request (the matched route, not the raw path: a bounded set).
pub async fn track(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "other".to_owned(), |m| m.as_str().to_owned());
    let start = std::time::Instant::now();
    let resp = next.run(req).await;
    METRICS.request(
        &route,
        resp.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    resp
}

/// The followed feeds as `/metrics` shows them.
#[derive(Clone, Copy, Debug, Default)]
pub struct FeedGauges {
    pub healthy: usize,
    pub failing: usize,
    pub unchecked: usize,
    /// The latest successful read of any feed (Unix seconds).
    pub last_success: Option<i64>,
}

impl FeedGauges {
    pub fn of(feeds: &[rasid_store::FeedRecord]) -> FeedGauges {
        let mut g = FeedGauges::default();
        for f in feeds {
            if f.last_checked.is_none() {
                g.unchecked += 1;
            } else if f.consecutive_failures > 0 {
                g.failing += 1;
            } else {
                g.healthy += 1;
            }
            let t = f
                .last_success
                .as_deref()
                .and_then(rasid_extract::dates::parse_machine)
                .map(|d| d.timestamp());
            g.last_success = g.last_success.max(t);
        }
        g
    }
}
