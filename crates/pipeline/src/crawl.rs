//! The crawler: reads every due feed (or sitemap) through the polite fetcher, fetches the
//! pages of items it has not seen (or that changed since), pushes them through the
//! pipeline, and records each feed's health and next check. One bad feed never stops the
//! others: its error is its health.

use crate::input::Fetched;
use crate::live::{Live, Outcome};
use crate::{Item, ItemKind, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use rasid_extract::dom::decode_entities;
use rasid_fetch::feeds::{self, DocKind};
use rasid_fetch::schedule::{self, Observed};
use rasid_fetch::sitemap::{self, Sitemap};
use rasid_fetch::{FetchError, Fetcher, Page, Validators};
use rasid_store::{FeedChecked, FeedRecord};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How to crawl.
#[derive(Clone, Debug)]
pub struct CrawlOptions {
    /// Items read per feed per check (the newest first).
    pub max_items: usize,
    /// Child sitemaps read per sitemap index.
    pub max_sitemaps: usize,
    /// Check every feed now, whatever its schedule says.
    pub all: bool,
    /// Link new articles into stories after the round.
    pub link: bool,
    pub workers: usize,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        CrawlOptions {
            max_items: 100,
            max_sitemaps: 3,
            all: false,
            link: true,
            workers: 2,
        }
    }
}

/// What a round did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CrawlReport {
    pub feeds_checked: usize,
    pub feeds_unchanged: usize,
    pub feeds_failed: usize,
    pub items_seen: usize,
    pub pages_fetched: usize,
    pub stored: usize,
    pub updated: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub linked: u64,
    /// One line per failure: the URL and what went wrong.
    pub errors: Vec<String>,
    /// Failures by kind (`status`, `timeout`, `robots`, `parse`, `not-article` …).
    pub error_kinds: std::collections::BTreeMap<String, usize>,
    /// Feeds whose XML was not well-formed and were read repaired (worth telling their
    /// publisher: other readers may fail on them).
    pub feeds_repaired: Vec<String>,
    /// Feeds added as a web page whose own feed was found and is followed instead:
    /// `PAGE → FEED`.
    pub feeds_discovered: Vec<String>,
    /// Feeds that redirected permanently (301, 308), followed at their new address from
    /// now on: `OLD → NEW`.
    pub feeds_moved: Vec<String>,
}

impl CrawlReport {
    /// Adds another round's or feed's report to this one.
    pub fn merge(&mut self, o: CrawlReport) {
        self.feeds_checked += o.feeds_checked;
        self.feeds_unchanged += o.feeds_unchanged;
        self.feeds_failed += o.feeds_failed;
        self.items_seen += o.items_seen;
        self.pages_fetched += o.pages_fetched;
        self.stored += o.stored;
        self.updated += o.updated;
        self.duplicates += o.duplicates;
        self.rejected += o.rejected;
        self.errors.extend(o.errors);
        self.feeds_repaired.extend(o.feeds_repaired);
        self.feeds_discovered.extend(o.feeds_discovered);
        self.feeds_moved.extend(o.feeds_moved);
        for (k, n) in o.error_kinds {
            *self.error_kinds.entry(k).or_default() += n;
        }
    }

    fn error(&mut self, kind: &str, message: String) {
        self.errors.push(message);
        *self.error_kinds.entry(kind.to_owned()).or_default() += 1;
    }

    fn count(&mut self, o: &Outcome) {
        match o {
            Outcome::New(_) => self.stored += 1,
            Outcome::Updated(_) => self.updated += 1,
            Outcome::Duplicate(_) => self.duplicates += 1,
            Outcome::Rejected(_) => self.rejected += 1,
        }
    }
}

/// Hosts' turns kept in the store, shared by every process that fetches for it (see
/// [`rasid_fetch::SharedTurns`], [`rasid_store::Store::take_host_turn`]): on its own
/// connection, so that taking a turn never waits for the crawl's writes.
pub struct StoreTurns {
    store: Mutex<rasid_store::Store>,
    /// This process's name in the store's turns.
    holder: String,
}

impl StoreTurns {
    pub fn open(data: &std::path::Path) -> Result<StoreTurns> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Ok(StoreTurns {
            store: Mutex::new(rasid_store::Store::open(data)?),
            holder: format!("{}-{nanos:x}", std::process::id()),
        })
    }
}

impl StoreTurns {
    /// Runs `f` on the store connection, off the async threads while it waits for the
    /// connection and the database (the fetcher asks from its tasks).
    fn with_store<T>(&self, f: impl FnOnce(&rasid_store::Store) -> T) -> T {
        let run = || f(&self.store.lock().unwrap_or_else(|p| p.into_inner()));
        match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(run),
            _ => run(),
        }
    }
}

impl rasid_fetch::SharedTurns for StoreTurns {
    fn take(&self, host: &str, hold: Duration) -> std::result::Result<Option<Duration>, String> {
        self.with_store(|s| s.take_host_turn(host, &self.holder, hold))
            .map_err(|e| e.to_string())
    }

    fn give_back(&self, host: &str, rest: Duration) {
        // Not given back (the store unreachable), the turn is free when its hold ends.
        let _ = self.with_store(|s| s.give_back_host_turn(host, &self.holder, rest));
    }
}

/// The fetcher for the data directory `data`: with a PostgreSQL store, which other
/// processes fetch for too (`rasid worker`s), the hosts' turns are shared with them
/// through the store; with SQLite, one process fetches and paces alone.
pub fn fetcher(data: &std::path::Path, config: rasid_fetch::Config) -> Result<Fetcher> {
    let fetcher = Fetcher::new(config).map_err(crate::PipelineError::Config)?;
    if rasid_store::store_url(data)?.is_none() {
        return Ok(fetcher);
    }
    Ok(fetcher.with_shared_turns(Arc::new(StoreTurns::open(data)?)))
}

/// A time as the store keeps it.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// How long a claimed feed is left to its checker before another may take it.
const FEED_LEASE: chrono::Duration = chrono::Duration::minutes(15);

/// The most feeds one round claims (the rest wait for the next round, or another worker).
const MAX_FEEDS_PER_ROUND: usize = 500;

/// Runs `f` on the writer, off the async threads.
async fn with_live<T: Send + 'static>(
    live: &Arc<Mutex<Live>>,
    f: impl FnOnce(&mut Live) -> Result<T> + Send + 'static,
) -> Result<T> {
    let live = live.clone();
    tokio::task::spawn_blocking(move || {
        let mut l = live.lock().expect("the writer is not poisoned");
        f(&mut l)
    })
    .await
    .expect("the writer task does not panic")
}

/// One round: every due feed (every feed with `all`), checked concurrently (the fetcher
/// keeps each host to one request at a time), then the index committed and, with
/// `link`, the new articles linked into stories.
pub async fn crawl(
    live: &Arc<Mutex<Live>>,
    fetcher: &Arc<Fetcher>,
    opts: &CrawlOptions,
) -> Result<CrawlReport> {
    let now = Utc::now();
    let all = opts.all;
    let (due, sites) = with_live(live, move |l| {
        // Site rules edited since the last round apply from this one.
        let sites = l.refresh_sites().err().map(|e| e.to_string());
        let due = if all {
            l.store().feeds()?
        } else {
            // Claimed for the round, so that another checker of the same store (a
            // `rasid worker`) does not check them too; a round that dies leaves them due
            // again after the lease.
            l.store().claim_due_feeds(
                &timestamp(now),
                &timestamp(now + FEED_LEASE),
                MAX_FEEDS_PER_ROUND,
            )?
        };
        Ok((due, sites))
    })
    .await?;
    let mut tasks = tokio::task::JoinSet::new();
    for feed in due {
        let (live, fetcher, opts) = (live.clone(), fetcher.clone(), opts.clone());
        tasks.spawn(async move { check_feed(&live, &fetcher, feed, &opts).await });
    }
    let mut report = CrawlReport::default();
    if let Some(e) = sites {
        report.error(
            "site-rules",
            format!("site rules not read again, the previous ones stay: {e}"),
        );
    }
    while let Some(done) = tasks.join_next().await {
        report.merge(done.expect("a feed check does not panic")?);
    }
    let (link, workers) = (opts.link, opts.workers);
    let (linked, missed) = with_live(live, move |l| {
        l.commit()?;
        let linked = if link { l.link(workers)? } else { 0 };
        crate::release_freed_memory();
        Ok((linked, l.take_missed_rules()))
    })
    .await?;
    report.linked = linked;
    for url in missed {
        report.error(
            "site-rule",
            format!("{url}: the content selector of its site's rule matched nothing (the page was read without it; has the site changed its pages?)"),
        );
    }
    Ok(report)
}

/// One entry to read, from a feed or a sitemap.
struct Entry {
    guid: String,
    url: Option<String>,
    title: Option<String>,
    published: Option<DateTime<Utc>>,
    changed: Option<DateTime<Utc>>,
    content: Option<String>,
    categories: Vec<String>,
}

/// Follows `feed` at `url` from now on (its validators were the old address's), noting
/// `OLD → NEW` in `moves`; `false` when another feed already has that address.
async fn move_feed(
    live: &Arc<Mutex<Live>>,
    feed: &mut FeedRecord,
    url: &str,
    moves: &mut Vec<String>,
) -> Result<bool> {
    let (id, to) = (feed.id, url.to_owned());
    if !with_live(live, move |l| Ok(l.store().move_feed(id, &to)?)).await? {
        return Ok(false);
    }
    moves.push(format!("{} → {url}", feed.url));
    feed.url = url.to_owned();
    feed.etag = None;
    feed.last_modified = None;
    Ok(true)
}

/// Feed candidates tried on a page added as a feed.
const DISCOVERY_TRIES: usize = 3;

/// When a feed's URL gives a web page that names its feed (`<link rel="alternate"
/// type="application/rss+xml" …>`, as a home page does) — or, naming none, whose site's
/// robots.txt lists sitemaps (news sitemaps first) — that feed or sitemap is fetched and
/// followed from now on in the page's place, and read in this check. `None` when the
/// check is over (the found feed is already followed under its own URL: reported as a
/// failure of this one, which the user can remove).
async fn follow_discovered(
    live: &Arc<Mutex<Live>>,
    fetcher: &Fetcher,
    mut feed: FeedRecord,
    page: Page,
    report: &mut CrawlReport,
) -> Result<Option<(FeedRecord, Page)>> {
    if page.not_modified || feeds::detect(&page.body) != DocKind::Html {
        return Ok(Some((feed, page)));
    }
    let links = feed_links(&page.body, &page.url);
    let candidates = if links.is_empty() {
        fetcher.sitemaps_of(&page.url)
    } else {
        links
    };
    for candidate in candidates.into_iter().take(DISCOVERY_TRIES) {
        let Ok(found) = fetcher.get(&candidate, &Validators::default()).await else {
            continue;
        };
        if !matches!(
            feeds::detect(&found.body),
            DocKind::Feed | DocKind::Sitemap | DocKind::SitemapIndex
        ) {
            continue;
        }
        if move_feed(live, &mut feed, &candidate, &mut report.feeds_discovered).await? {
            return Ok(Some((feed, found)));
        }
        let message = format!(
            "{}: a web page whose feed {candidate} is already followed; remove this one",
            feed.url
        );
        fail(live, &feed, Utc::now(), "format", &message, None, report).await?;
        return Ok(None);
    }
    Ok(Some((feed, page)))
}

/// The feeds a web page names in its head, absolute, best first: RSS, Atom and JSON
/// Feed alternates, a site's comment feeds last.
pub fn feed_links(html: &[u8], base: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(html);
    let dom = rasid_extract::dom::Dom::parse(&text);
    let base = url::Url::parse(base).ok();
    let mut found: Vec<(bool, String)> = Vec::new();
    for id in dom.elements_named("link") {
        let Some(e) = dom.element(id) else { continue };
        let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
        if !rel.split_ascii_whitespace().any(|r| r == "alternate") {
            continue;
        }
        let kind = e.attr("type").unwrap_or("").trim().to_ascii_lowercase();
        if !matches!(
            kind.as_str(),
            "application/rss+xml"
                | "application/atom+xml"
                | "application/feed+json"
                | "application/rdf+xml"
        ) {
            continue;
        }
        let Some(href) = e.attr("href").map(str::trim).filter(|h| !h.is_empty()) else {
            continue;
        };
        let Some(url) = base
            .as_ref()
            .and_then(|b| b.join(href).ok())
            .or_else(|| url::Url::parse(href).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
        else {
            continue;
        };
        let url = url.to_string();
        let said = format!("{} {url}", e.attr("title").unwrap_or("")).to_lowercase();
        let comments = said.contains("comment") || said.contains("تعليق");
        if !found.iter().any(|(_, u)| *u == url) {
            found.push((comments, url));
        }
    }
    // Stable: the page's order within each kind.
    found.sort_by_key(|(comments, _)| *comments);
    found.into_iter().map(|(_, u)| u).collect()
}

/// Reads one feed and everything new in it; its health is recorded whatever happens.
async fn check_feed(
    live: &Arc<Mutex<Live>>,
    fetcher: &Fetcher,
    feed: FeedRecord,
    opts: &CrawlOptions,
) -> Result<CrawlReport> {
    let mut report = CrawlReport {
        feeds_checked: 1,
        ..Default::default()
    };
    let started = Utc::now();
    let validators = Validators {
        etag: feed.etag.clone(),
        last_modified: feed.last_modified.clone(),
    };
    let page = match fetcher.get(&feed.url, &validators).await {
        Ok(p) => p,
        Err(e) => {
            let retry_after = match &e {
                FetchError::RetryLater { after, .. } => Some(*after),
                _ => None,
            };
            fail(
                live,
                &feed,
                started,
                e.kind(),
                &feed_error(&feed.url, &e),
                retry_after,
                &mut report,
            )
            .await?;
            return Ok(report);
        }
    };
    // A feed that moved for good is followed at its new address from now on.
    let mut feed = feed;
    if page.moved_permanently && page.url != feed.url {
        move_feed(live, &mut feed, &page.url, &mut report.feeds_moved).await?;
    }
    let (feed, page) = match follow_discovered(live, fetcher, feed, page, &mut report).await? {
        Some(found) => found,
        None => return Ok(report),
    };
    let mut meta = FeedMeta {
        format: feed.format.clone(),
        ..FeedMeta::default()
    };
    let mut entries: Vec<Entry> = Vec::new();
    if page.not_modified {
        report.feeds_unchanged += 1;
    } else {
        let read = match feeds::detect(&page.body) {
            DocKind::Feed => {
                feeds::parse(&page.body, page.content_type.as_deref(), &page.url).map(|f| {
                    if f.repaired {
                        report.feeds_repaired.push(feed.url.clone());
                    }
                    meta = FeedMeta {
                        title: f.title,
                        site: f.site_url,
                        format: Some(f.format.to_owned()),
                        ttl: f.ttl,
                        skip: f.skip_hours,
                    };
                    f.items
                        .into_iter()
                        .map(|i| Entry {
                            changed: i.changed(),
                            published: i.published.or(i.updated),
                            guid: i.guid,
                            url: i.url,
                            // HTML's entities, which feeds put in titles as often as
                            // XML's (`&nbsp;`, `&quot;` escaped twice).
                            title: i.title.map(|t| decode_entities(&t).into_owned()),
                            content: i.content.or(i.summary),
                            categories: i
                                .categories
                                .into_iter()
                                .map(|c| decode_entities(&c).into_owned())
                                .collect(),
                        })
                        .collect()
                })
            }
            DocKind::Sitemap | DocKind::SitemapIndex => {
                meta.format = Some("sitemap".into());
                read_sitemaps(fetcher, &page.body, &page.url, opts, &mut report).await
            }
            DocKind::Html => Err("not a feed or a sitemap (an HTML page that links to no \
                feed, on a site whose robots.txt lists no sitemap): add the URL of the \
                site's RSS or Atom feed, or its sitemap"
                .to_owned()),
            DocKind::Other => Err("not a feed or a sitemap (neither XML nor JSON Feed): add \
                the URL of the site's RSS or Atom feed, or its sitemap"
                .to_owned()),
        };
        match read {
            Ok(e) => entries = e,
            Err(message) => {
                let kind = if message.starts_with("not a feed or") {
                    "format"
                } else {
                    "parse"
                };
                fail(live, &feed, started, kind, &message, None, &mut report).await?;
                return Ok(report);
            }
        }
    }
    finish_feed(
        live,
        fetcher,
        feed,
        page.validators,
        started,
        entries,
        opts,
        report,
        meta,
    )
    .await
}

/// What a check learned about the feed itself.
#[derive(Default)]
struct FeedMeta {
    title: Option<String>,
    site: Option<String>,
    format: Option<String>,
    ttl: Option<u32>,
    skip: Vec<u32>,
}

/// Reads the feed's new entries and records the check.
#[allow(clippy::too_many_arguments)]
async fn finish_feed(
    live: &Arc<Mutex<Live>>,
    fetcher: &Fetcher,
    feed: FeedRecord,
    validators: Validators,
    started: DateTime<Utc>,
    mut entries: Vec<Entry>,
    opts: &CrawlOptions,
    mut report: CrawlReport,
    meta: FeedMeta,
) -> Result<CrawlReport> {
    entries.sort_by_key(|e| std::cmp::Reverse(e.changed));
    entries.truncate(opts.max_items);
    report.items_seen += entries.len();
    let mut new_articles = 0i64;
    for e in entries {
        let (fid, guid) = (feed.id, e.guid.clone());
        let known = with_live(live, move |l| Ok(l.store().feed_item(fid, &guid)?)).await?;
        let changed = e.changed.map(timestamp);
        let update_of = match &known {
            Some(k) => match (k.article_id, &changed, &k.changed) {
                // Seen, stored, and not changed since.
                (Some(_), None, _) => continue,
                (Some(id), Some(now), Some(before)) if now > before => Some(id),
                (Some(_), _, _) => continue,
                // Seen before without an article (it failed): try again.
                (None, _, _) => None,
            },
            None => None,
        };
        let fetched = match page_of(fetcher, &e, &feed).await {
            Ok((f, fetched_page)) => {
                report.pages_fetched += usize::from(fetched_page);
                f
            }
            Err((kind, message)) => {
                report.error(kind, message);
                report.rejected += 1;
                let (fid, guid, url, changed) =
                    (feed.id, e.guid.clone(), e.url.clone(), changed.clone());
                let published = e.published.map(timestamp);
                with_live(live, move |l| {
                    Ok(l.store().save_feed_item(
                        fid,
                        &guid,
                        url.as_deref(),
                        None,
                        changed.as_deref(),
                        published.as_deref(),
                    )?)
                })
                .await?;
                continue;
            }
        };
        let item = Item {
            position: format!("{} item {}", feed.url, e.guid),
            kind: ItemKind::Fetched(Box::new(fetched)),
        };
        let (fid, guid, url) = (feed.id, e.guid.clone(), e.url.clone());
        let published = e.published.map(timestamp);
        let outcome = with_live(live, move |l| {
            let outcome = match update_of {
                Some(id) => l.replace(id, item)?,
                None => l.add(item)?,
            };
            l.store().save_feed_item(
                fid,
                &guid,
                url.as_deref(),
                outcome.article(),
                changed.as_deref(),
                published.as_deref(),
            )?;
            Ok(outcome)
        })
        .await?;
        if let Outcome::Rejected(reason) = &outcome {
            report.error(
                "not-article",
                format!("{}: {reason}", e.url.as_deref().unwrap_or(&e.guid)),
            );
        }
        if matches!(outcome, Outcome::New(_)) {
            new_articles += 1;
        }
        report.count(&outcome);
    }
    // The next check, from the feed's publishing rate over the last week.
    let now = Utc::now();
    let fid = feed.id;
    let since = timestamp(now - chrono::Duration::days(7));
    let times: Vec<DateTime<Utc>> =
        with_live(live, move |l| Ok(l.store().feed_item_times(fid, &since)?))
            .await?
            .iter()
            .filter_map(|t| parse_time(t))
            .collect();
    let observed = Observed {
        item_times: &times,
        ttl: meta.ttl,
        skip_hours: &meta.skip,
        ..Default::default()
    };
    let interval = schedule::interval(now, &observed);
    let next = timestamp(schedule::next_check(now, &observed));
    let at = timestamp(started);
    with_live(live, move |l| {
        Ok(l.store().feed_checked(
            fid,
            &at,
            &FeedChecked {
                title: meta.title.as_deref(),
                site_url: meta.site.as_deref(),
                format: meta.format.as_deref(),
                etag: validators.etag.as_deref(),
                last_modified: validators.last_modified.as_deref(),
                next_check: &next,
                interval_secs: interval.as_secs() as i64,
                new_articles,
            },
        )?)
    })
    .await?;
    Ok(report)
}

/// A fetch error as feed health shows it: the reason, and the URL when it is not the
/// feed's own (robots.txt, a redirect target).
fn feed_error(feed_url: &str, e: &FetchError) -> String {
    if e.url() == feed_url {
        e.reason()
    } else {
        e.to_string()
    }
}

/// Records a failed check, with its next try backing off.
async fn fail(
    live: &Arc<Mutex<Live>>,
    feed: &FeedRecord,
    at: DateTime<Utc>,
    kind: &'static str,
    message: &str,
    retry_after: Option<Duration>,
    report: &mut CrawlReport,
) -> Result<()> {
    report.feeds_failed += 1;
    report.error(kind, format!("{}: {message}", feed.url));
    let observed = Observed {
        failures: feed.consecutive_failures + 1,
        retry_after,
        ..Default::default()
    };
    let next = timestamp(schedule::next_check(at, &observed));
    let (id, at, message) = (feed.id, timestamp(at), message.to_owned());
    with_live(live, move |l| {
        Ok(l.store().feed_failed(id, &at, kind, &message, &next)?)
    })
    .await
}

/// The entries of a sitemap, or of the newest child sitemaps of an index.
async fn read_sitemaps(
    fetcher: &Fetcher,
    body: &[u8],
    url: &str,
    opts: &CrawlOptions,
    report: &mut CrawlReport,
) -> std::result::Result<Vec<Entry>, String> {
    let urls = match sitemap::parse(body, url)? {
        Sitemap::Urls(u) => u,
        Sitemap::Index(children) => {
            let mut all = Vec::new();
            for child in children.iter().take(opts.max_sitemaps) {
                match fetcher.get(child, &Validators::default()).await {
                    Ok(p) => match sitemap::parse(&p.body, &p.url) {
                        Ok(Sitemap::Urls(u)) => all.extend(u),
                        Ok(Sitemap::Index(_)) => {}
                        Err(e) => report.error("parse", format!("{child}: {e}")),
                    },
                    Err(e) => report.error(e.kind(), e.to_string()),
                }
            }
            all
        }
    };
    Ok(urls
        .into_iter()
        .map(|u| Entry {
            guid: u.loc.clone(),
            url: Some(u.loc),
            title: u.title,
            published: u.published,
            changed: u.published.or(u.lastmod),
            content: None,
            categories: Vec::new(),
        })
        .collect())
}

/// Words of text a feed item's content must have to stand for the article.
const FULL_TEXT_CHARS: usize = 400;

/// The page of an entry: the feed's own content when it is the full text (not a teaser),
/// else the page its link points to, fetched. Whether a page was fetched.
async fn page_of(
    fetcher: &Fetcher,
    e: &Entry,
    feed: &FeedRecord,
) -> std::result::Result<(Fetched, bool), (&'static str, String)> {
    let hints = |bytes: Vec<u8>, url: String, content_type: Option<String>| Fetched {
        bytes,
        url,
        content_type,
        fetched_at: timestamp(Utc::now()),
        guid: Some(e.guid.clone()),
        title: e.title.clone(),
        published: e.published.map(timestamp),
        updated: e.changed.map(timestamp),
        section: feed.section.clone(),
        categories: e.categories.clone(),
    };
    if let Some(content) = e.content.as_deref().filter(|c| is_full_text(c)) {
        let url = e.url.clone().unwrap_or_else(|| e.guid.clone());
        return Ok((hints(feed_page(e, content).into_bytes(), url, None), false));
    }
    let Some(url) = e.url.as_deref() else {
        return Err((
            "no-link",
            format!("{}: item {} has no link and no full text", feed.url, e.guid),
        ));
    };
    let page = fetcher
        .get(url, &Validators::default())
        .await
        .map_err(|err| (err.kind(), err.to_string()))?;
    Ok((hints(page.body, page.url, page.content_type), true))
}

/// Whether a feed item's content is the article rather than a teaser.
fn is_full_text(html: &str) -> bool {
    let page = format!("<html><body><article>{html}</article></body></html>");
    let (ex, _) = rasid_extract::extract(&rasid_extract::Input::auto(page.as_bytes()));
    let text = ex.text.trim();
    let teaser = [
        "…",
        "...",
        "[…]",
        "[...]",
        "اقرأ المزيد",
        "المزيد",
        "Read more",
        "Lire la suite",
    ]
    .iter()
    .any(|m| text.ends_with(m));
    text.chars().count() >= FULL_TEXT_CHARS && !teaser
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A page made of a feed item's full text, for extraction.
fn feed_page(e: &Entry, content: &str) -> String {
    let title = escape(e.title.as_deref().unwrap_or(""));
    let mut head = format!("<meta charset=\"utf-8\"><title>{title}</title>");
    if let Some(url) = &e.url {
        head.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">",
            escape(url)
        ));
    }
    if let Some(p) = e.published {
        head.push_str(&format!(
            "<meta property=\"article:published_time\" content=\"{}\">",
            timestamp(p)
        ));
    }
    format!("<!DOCTYPE html><html><head>{head}</head><body><article><h1>{title}</h1>{content}</article></body></html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_names_its_feeds_best_first() {
        let page = br#"<html><head>
            <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" hreflang="en" href="/en/">
            <LINK REL="Alternate" TYPE="application/atom+xml" HREF="atom.xml">
            <link rel="alternate" type="application/rss+xml" href="https://cdn.example.com/rss?x=1&amp;y=2">
            <link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
            <link rel="alternate" type="application/rss+xml" href="atom.xml">
            </head><body><link rel="alternate" type="application/feed+json" href="/feed.json"></body></html>"#;
        assert_eq!(
            feed_links(page, "https://example.com/news/index.html"),
            [
                "https://example.com/news/atom.xml",
                "https://cdn.example.com/rss?x=1&y=2",
                "https://example.com/feed.json",
                "https://example.com/comments/feed/",
            ]
        );
        assert!(feed_links(b"<html><body>no feed</body></html>", "https://e.com/").is_empty());
    }
}
