//! `rasid-eval crawl`: the crawler's throughput against a local site, end to end.
//!
//! A child process (`rasid-eval crawl-site`, so that its pages do not count in the
//! crawler's memory) serves news pages made from the corpora's articles on several
//! loopback ports — each port a host, which the crawler paces on its own — with `--feeds`
//! RSS feeds that publish `--per-feed` new items each between two rounds, as live outlets
//! do. The crawler follows every feed, as `rasid serve` does, round after round: the
//! feeds are checked concurrently, each new item's page fetched (one request at a time
//! per host, no delay between them: "politeness set to allow it"), extracted, enriched,
//! stored, indexed, committed, and linked into stories at the round's end with the open
//! run settled. Pages past the corpora's articles are copies with a line of their own, so
//! that they are new articles and not duplicates. Reported: pages per second over the
//! whole run, and the crawler's resident memory after the rounds (whether it stays flat as
//! the archive grows).

use crate::{Ctx, Outcome};
use anyhow::{bail, Context, Result};
use rasid_pipeline::crawl::{crawl, CrawlOptions, CrawlReport};
use rasid_pipeline::live::Live;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Crawl speed typically measured with the gate's settings (pages/s: 419 on 5 December;
/// the bar is 200); the gate is [`crate::SPEED_FLOOR`] of it.
const TYPICAL_PAGES_PER_S: f64 = 420.0;

/// Under the floor, the pages crawled in the time tantivy's analyzer takes to read the
/// site's articles, both timed in wall time one right after the other, must reach this
/// ([`Ctx::check_speed_beside`]): the crawl has no peer doing the same work, and the
/// analyzer is the yardstick of the host's speed of the moment, as for live linking
/// (373–754 in six runs of 6 December, three of them beside a CI run; the crawl itself
/// read 387–626 pages/s).
const GATE_RATIO_TO_TANTIVY: f64 = 250.0;

/// Share of the site's pages stored as articles: the rest are the corpora's records too
/// short for an article (one line, a caption), which extraction refuses as it should.
const STORED_SHARE: f64 = 0.98;

#[derive(clap::Args)]
pub struct Args {
    /// Pages to crawl (the memory check: 100000).
    #[arg(long, default_value_t = 5000)]
    pub pages: usize,
    /// Hosts (loopback ports) the pages and feeds are spread over.
    #[arg(long, default_value_t = 8)]
    pub hosts: usize,
    /// Feeds followed.
    #[arg(long, default_value_t = 20)]
    pub feeds: usize,
    /// New items each feed publishes between two rounds.
    #[arg(long, default_value_t = 25)]
    pub per_feed: usize,
    /// Keep the data directory here instead of a temporary one.
    #[arg(long)]
    pub keep: Option<PathBuf>,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            pages: 5000,
            hosts: 8,
            feeds: 20,
            per_feed: 25,
            keep: None,
        }
    }
}

#[derive(clap::Args)]
pub struct SiteArgs {
    #[arg(long)]
    pub pages: usize,
    #[arg(long)]
    pub hosts: usize,
    #[arg(long)]
    pub feeds: usize,
    #[arg(long)]
    pub per_feed: usize,
}

/// One article of the corpora, as the site serves it.
struct Story {
    title: String,
    paragraphs: Vec<String>,
}

/// Seconds between two pages' publication: the site publishes as a live aggregator's
/// sources do, 2,000 articles a day, page after page (the corpora's own dates would
/// bring articles from any month in any round, which no live crawl does).
const PAGE_EVERY_SECS: i64 = 43;

/// Page `i`'s publication time, RFC 2822.
fn published(i: usize) -> String {
    let first = chrono::DateTime::from_timestamp(1_514_764_800, 0).expect("2018-01-01");
    (first + chrono::Duration::seconds(i as i64 * PAGE_EVERY_SECS)).to_rfc2822()
}

fn corpora_stories(ctx: &Ctx, limit: usize) -> Result<Vec<Story>> {
    let mut out = Vec::new();
    for file in ["ant_multisource_v2.1.jsonl.zst", "saudinewsnet.jsonl.zst"] {
        if out.len() >= limit {
            break;
        }
        crate::corpus::for_each_record(&ctx.data.join("corpus").join(file), |v| {
            if out.len() >= limit {
                return;
            }
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").trim();
            let (title, body) = (s("title"), s("body"));
            if title.is_empty() || body.is_empty() {
                return;
            }
            let paragraphs = body
                .split('\n')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            out.push(Story {
                title: title.to_owned(),
                paragraphs,
            });
        })?;
    }
    if out.is_empty() {
        bail!(
            "no articles read from {}/corpus: is the shared data there?",
            ctx.data.display()
        );
    }
    Ok(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

struct Site {
    stories: Vec<Story>,
    pages: usize,
    feeds: usize,
    per_feed: usize,
    ports: Vec<u16>,
    /// The round the feeds are at: a line on standard input moves them to the next.
    edition: std::sync::atomic::AtomicUsize,
}

impl Site {
    /// Page `i`: the corpora's article `i mod n`, its copy number `i / n` said in a line
    /// of its own.
    fn page(&self, i: usize) -> Option<String> {
        if i >= self.pages {
            return None;
        }
        let n = self.stories.len();
        let (s, copy) = (&self.stories[i % n], i / n);
        let mut body = String::new();
        if copy > 0 {
            body.push_str(&format!("<p>النسخة {copy} من هذا الخبر.</p>\n"));
        }
        for p in &s.paragraphs {
            body.push_str(&format!("<p>{}</p>\n", escape(p)));
        }
        let title = escape(&s.title);
        Some(format!(
            "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
             <title>{title} | صحيفة المثال</title><meta property=\"og:title\" content=\"{title}\">\
             <meta name=\"pubdate\" content=\"{date}\"></head><body>\
             <header><nav><a href=\"/\">الرئيسية</a> <a href=\"/politics\">سياسة</a> \
             <a href=\"/sports\">رياضة</a> <a href=\"/economy\">اقتصاد</a></nav></header>\
             <main><article><h1>{title}</h1><time datetime=\"{date}\">{date}</time>\n{body}</article>\
             <aside><h2>اقرأ أيضا</h2><ul><li><a href=\"/a/{next}\">خبر آخر</a></li></ul></aside></main>\
             <footer>جميع الحقوق محفوظة لصحيفة المثال</footer></body></html>",
            date = escape(&published(i)),
            next = (i + 1) % self.pages,
        ))
    }

    /// Feed `f` at this edition: its newest items' pages, on the feed's own host.
    fn feed(&self, f: usize) -> Option<String> {
        if f >= self.feeds {
            return None;
        }
        let edition = self.edition.load(Ordering::Relaxed);
        let from = (edition * self.feeds + f) * self.per_feed;
        let port = self.ports[f % self.ports.len()];
        let mut items = String::new();
        for i in from..(from + self.per_feed).min(self.pages) {
            let s = &self.stories[i % self.stories.len()];
            items.push_str(&format!(
                "<item><title>{}</title><link>http://127.0.0.1:{port}/a/{i}</link>\
                 <guid>page-{i}</guid><pubDate>{}</pubDate></item>\n",
                escape(&s.title),
                escape(&published(i))
            ));
        }
        Some(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
             <title>صحيفة المثال {f}</title><link>http://127.0.0.1:{port}/</link>\n{items}</channel></rss>"
        ))
    }
}

/// The local site: serves until its standard input closes (the crawler's end).
pub fn site(ctx: &Ctx, args: &SiteArgs) -> Result<Outcome> {
    let stories = corpora_stories(ctx, args.pages)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let mut listeners = Vec::new();
        for _ in 0..args.hosts.max(1) {
            listeners.push(tokio::net::TcpListener::bind("127.0.0.1:0").await?);
        }
        let ports = listeners
            .iter()
            .map(|l| l.local_addr().map(|a| a.port()))
            .collect::<std::io::Result<Vec<u16>>>()?;
        let site = Arc::new(Site {
            stories,
            pages: args.pages,
            feeds: args.feeds.max(1),
            per_feed: args.per_feed.max(1),
            ports: ports.clone(),
            edition: Default::default(),
        });
        use axum::extract::{Path, State};
        use axum::http::{header, StatusCode};
        use axum::response::IntoResponse;
        let app = axum::Router::new()
            .route(
                "/robots.txt",
                axum::routing::get(|| async { "User-agent: *\nAllow: /\n" }),
            )
            .route(
                "/feed/{f}",
                axum::routing::get(
                    |State(s): State<Arc<Site>>, Path(f): Path<usize>| async move {
                        match s.feed(f) {
                            Some(x) => {
                                ([(header::CONTENT_TYPE, "application/rss+xml")], x).into_response()
                            }
                            None => StatusCode::NOT_FOUND.into_response(),
                        }
                    },
                ),
            )
            .route(
                "/a/{i}",
                axum::routing::get(
                    |State(s): State<Arc<Site>>, Path(i): Path<usize>| async move {
                        match s.page(i) {
                            Some(x) => axum::response::Html(x).into_response(),
                            None => StatusCode::NOT_FOUND.into_response(),
                        }
                    },
                ),
            )
            .with_state(site.clone());
        for l in listeners {
            let app = app.clone();
            tokio::spawn(async move { axum::serve(l, app).await });
        }
        let line = ports
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(",");
        println!("{line}");
        std::io::stdout().flush()?;
        // A line moves the feeds to their next edition; until the crawler closes our
        // standard input.
        tokio::task::spawn_blocking(move || {
            for _ in std::io::stdin().lock().lines().map_while(|l| l.ok()) {
                site.edition.fetch_add(1, Ordering::Relaxed);
                // Said back, so that the next round reads the new edition, not the old.
                println!("next");
                let _ = std::io::stdout().flush();
            }
        })
        .await?;
        anyhow::Ok(())
    })?;
    Ok(Outcome { passed: true })
}

/// The crawler's resident memory, sampled every quarter second: (seconds, MB).
fn sample_memory(stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<(f64, f64)>> {
    std::thread::spawn(move || {
        let start = Instant::now();
        let mut samples = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            samples.push((
                start.elapsed().as_secs_f64(),
                crate::archive::proc_status_mb("VmRSS:"),
            ));
            std::thread::sleep(Duration::from_millis(250));
        }
        samples
    })
}

/// Starts the local site, crawls it, stops it.
fn measure(ctx: &Ctx, args: &Args) -> Result<(Run, usize)> {
    let exe = std::env::current_exe()?;
    let mut child = std::process::Command::new(exe)
        .arg("--data")
        .arg(&ctx.data)
        .args(["crawl-site", "--pages", &args.pages.to_string()])
        .args(["--hosts", &args.hosts.to_string()])
        .args(["--feeds", &args.feeds.to_string()])
        .args(["--per-feed", &args.per_feed.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("starting the local site (rasid-eval crawl-site)")?;
    let mut first = String::new();
    let mut said = std::io::BufReader::new(child.stdout.take().expect("piped"));
    said.read_line(&mut first)
        .context("reading the local site's ports")?;
    let ports: Vec<u16> = first
        .trim()
        .split(',')
        .filter_map(|p| p.parse().ok())
        .collect();
    if ports.is_empty() {
        let _ = child.kill();
        bail!("the local site did not start (it printed {first:?})");
    }
    let mut stdin = child.stdin.take().expect("piped");
    let mut next = || -> Result<()> {
        writeln!(stdin)?;
        stdin.flush()?;
        let mut ack = String::new();
        said.read_line(&mut ack)?;
        Ok(())
    };
    let result = crawl_site(args, &ports, &mut next);
    drop(stdin);
    let _ = child.wait();
    Ok((result?, ports.len()))
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Outcome> {
    let (
        Run {
            report,
            secs,
            peak,
            after_rounds,
        },
        hosts,
    ) = measure(ctx, args)?;
    let stored = report.stored;
    let pages = report.pages_fetched;
    let rate = pages as f64 / secs.max(1e-9);
    // Resident memory after the round that brought the archive past each share of it.
    let at = |share: f64| {
        let n = (stored as f64 * share) as usize;
        after_rounds
            .iter()
            .find(|(s, _, _)| *s >= n)
            .or(after_rounds.last())
            .map_or((0.0, 0.0), |x| (x.1, x.2))
    };
    let shares = [0.1, 0.25, 0.5, 0.75, 1.0].map(at);
    let (rss, anon) = (shares.map(|x| x.0), shares.map(|x| x.1));
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({"pages": args.pages, "hosts": hosts, "per_feed": args.per_feed,
                "rounds": after_rounds.len(), "feeds": args.feeds,
                "pages_fetched": pages, "stored": stored, "rejected": report.rejected,
                "duplicates": report.duplicates, "linked": report.linked, "seconds": secs,
                "pages_per_second": rate, "rss_mb_at_shares": rss, "anonymous_mb_at_shares": anon, "peak_rss_mb": peak,
                "errors": report.errors.len()})
        );
    } else {
        println!(
            "Crawl: {} pages served from {} loopback hosts, {} feeds publishing {} new items each a round, followed as `rasid serve` does (no delay between a host's requests)",
            args.pages,
            hosts,
            args.feeds,
            args.per_feed
        );
        println!(
            "  {pages} pages fetched, {stored} articles stored ({} rejected, {} duplicates), {} linked, in {} rounds, {secs:.1} s: {rate:.0} pages/s end to end (fetched, extracted, enriched, stored, indexed, committed, linked)",
            report.rejected, report.duplicates, report.linked, after_rounds.len()
        );
        println!(
            "  crawler's resident memory after the rounds that stored a tenth, a quarter, half, three quarters and all of it: {} MB (peak {peak:.0} MB); of it anonymous (the heap, not the index's files mapped in): {} MB",
            rss.map(|x| format!("{x:.0}")).join(" / "),
            anon.map(|x| format!("{x:.0}")).join(" / "),
        );
        for e in report.errors.iter().take(5) {
            println!("  error: {e}");
        }
    }
    let floor = TYPICAL_PAGES_PER_S * crate::SPEED_FLOOR;
    let rate = if ctx.gate {
        ctx.speed_again_while_slow("crawl pages/s", floor, rate, || {
            measure(ctx, args).map_or(0.0, |(r, _)| r.pages_per_s())
        })
    } else {
        rate
    };
    let passed = args.pages != Args::default().pages
        || (ctx.check_speed_beside(
            "crawl pages/s",
            rate,
            floor,
            "tantivy's analyzer reading the site's articles (pages crawled in its time, wall time)",
            GATE_RATIO_TO_TANTIVY,
            || {
                let again = measure(ctx, args).map_or(0.0, |(r, _)| r.pages_per_s());
                let bodies: Vec<String> = corpora_stories(ctx, args.pages)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| s.paragraphs.join("\n"))
                    .collect();
                // In wall time, as the crawl is timed.
                again * crate::throughput::tantivy_wall_secs(bodies.iter().map(String::as_str))
            },
        ) & ctx.check(
            "crawl pages stored (share)",
            stored as f64 / args.pages as f64,
            STORED_SHARE,
        ));
    Ok(Outcome { passed })
}

/// What a run did: the rounds' report, their seconds, the peak resident memory, and after
/// each round (articles stored so far, resident MB, of which anonymous — the heap, not
/// the index's files mapped in).
struct Run {
    report: CrawlReport,
    secs: f64,
    peak: f64,
    after_rounds: Vec<(usize, f64, f64)>,
}

impl Run {
    /// Pages fetched per second over the whole run.
    fn pages_per_s(&self) -> f64 {
        self.report.pages_fetched as f64 / self.secs.max(1e-9)
    }
}

/// Follows every feed of the site at `ports`, moving the site to its next edition (`next`,
/// which returns once the site has) after each round, until its pages are all read.
fn crawl_site(args: &Args, ports: &[u16], next: &mut dyn FnMut() -> Result<()>) -> Result<Run> {
    let tmp;
    let dir = match &args.keep {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().to_owned()
        }
    };
    let live = Arc::new(Mutex::new(Live::open(&dir)?));
    {
        let l = live.lock().expect("not poisoned");
        for f in 0..args.feeds.max(1) {
            let url = format!("http://127.0.0.1:{}/feed/{f}", ports[f % ports.len()]);
            l.store().add_feed(&rasid_store::NewFeed {
                url: &url,
                ..Default::default()
            })?;
        }
    }
    let fetcher = Arc::new(rasid_pipeline::crawl::fetcher(
        &dir,
        rasid_fetch::Config {
            allow_private: true,
            host_delay: Duration::ZERO,
            concurrency: 2 * ports.len(),
            backoff: Duration::from_millis(50),
            ..rasid_fetch::Config::default()
        },
    )?);
    let opts = CrawlOptions {
        max_items: args.per_feed.max(1),
        all: true,
        ..CrawlOptions::default()
    };
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = sample_memory(stop.clone());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let start = Instant::now();
    let mut total = CrawlReport::default();
    let mut after_rounds = Vec::new();
    let outcome = rt.block_on(async {
        let mut read = 0;
        while read < args.pages {
            let report = crawl(&live, &fetcher, &opts).await?;
            let (fetched, linked) = (report.pages_fetched, report.linked);
            total.merge(report);
            total.linked += linked;
            after_rounds.push((
                total.stored,
                crate::archive::proc_status_mb("VmRSS:"),
                crate::archive::proc_status_mb("RssAnon:"),
            ));
            if fetched == 0 {
                break;
            }
            read += fetched;
            next()?;
        }
        anyhow::Ok(())
    });
    let secs = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let samples = sampler.join().expect("the sampler does not panic");
    outcome?;
    Ok(Run {
        report: total,
        secs,
        peak: samples.iter().map(|x| x.1).fold(0.0, f64::max),
        after_rounds,
    })
}
