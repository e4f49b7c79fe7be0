//! The fetcher against a real HTTP server on 127.0.0.1 that the tests start, serving
//! feeds, sitemaps and pages written here, and logging every request it gets.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rasid_fetch::feeds::{self, DocKind};
use rasid_fetch::sitemap::{self, Sitemap};
use rasid_fetch::{Config, FetchError, Fetcher, Validators};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Every request the server got: path, when it started and when it was answered.
#[derive(Default)]
struct Log {
    requests: Mutex<Vec<(String, Instant, Instant)>>,
    flaky: AtomicUsize,
    limited: AtomicUsize,
}

impl Log {
    fn paths(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.0.clone())
            .collect()
    }
    fn of(&self, path: &str) -> Vec<(Instant, Instant)> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.0 == path)
            .map(|r| (r.1, r.2))
            .collect()
    }
}

async fn record(State(log): State<Arc<Log>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let start = Instant::now();
    let resp = next.run(req).await;
    log.requests
        .lock()
        .unwrap()
        .push((path, start, Instant::now()));
    resp
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>أخبار المثال</title><link>https://news.example/</link><ttl>15</ttl>
<item><title>اتفاق على انسحاب القوات</title><link>/news/1</link><guid>n-1</guid>
  <pubDate>Thu, 05 Sep 2024 10:00:00 GMT</pubDate><description>ملخص قصير</description></item>
<item><title>الخبر الثاني</title><link>news/2</link><guid>n-2</guid><pubDate>Thu, 05 Sep 2024 11:00:00 GMT</pubDate></item>
<item><title>الخبر الثاني (محدث)</title><link>news/2</link><guid>n-2</guid><pubDate>Thu, 05 Sep 2024 12:00:00 GMT</pubDate></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom مثال</title><id>urn:x</id><updated>2024-09-05T10:00:00Z</updated>
<entry><title>مقال</title><id>urn:a1</id><link href="https://news.example/a/1"/><updated>2024-09-05T10:00:00Z</updated>
<content type="html">&lt;p&gt;نص كامل&lt;/p&gt;</content></entry></feed>"#;

const JSON_FEED: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "JSON مثال",
 "items": [{"id": "j1", "url": "https://news.example/j/1", "title": "خبر", "content_html": "<p>نص</p>",
            "date_published": "2024-09-05T10:00:00Z"}]}"#;

fn w1256() -> Vec<u8> {
    encoding_rs::WINDOWS_1256
        .encode(
            "<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss version=\"2.0\"><channel>\
             <title>صحيفة عربية</title><item><title>العراق وواشنطن</title><link>/w/1</link>\
             <guid>w-1</guid></item></channel></rss>",
        )
        .0
        .into_owned()
}

async fn etagged(headers: HeaderMap) -> Response {
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some("\"v1\"")
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::ETAG, "\"v1\""),
            (header::LAST_MODIFIED, "Thu, 05 Sep 2024 10:00:00 GMT"),
        ],
        RSS,
    )
        .into_response()
}

async fn flaky(State(log): State<Arc<Log>>) -> Response {
    if log.flaky.fetch_add(1, Ordering::SeqCst) == 0 {
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    } else {
        RSS.into_response()
    }
}

async fn limited(State(log): State<Arc<Log>>) -> Response {
    if log.limited.fetch_add(1, Ordering::SeqCst) == 0 {
        (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response()
    } else {
        RSS.into_response()
    }
}

async fn serve() -> (String, Arc<Log>) {
    let log = Arc::new(Log::default());
    let app = Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nDisallow: /private/\n" }))
        .route("/rss.xml", get(|| async { ([(header::CONTENT_TYPE, "application/rss+xml")], RSS) }))
        .route("/second.xml", get(|| async { RSS }))
        .route("/atom.xml", get(|| async { ATOM }))
        .route("/feed.json", get(|| async { ([(header::CONTENT_TYPE, "application/feed+json")], JSON_FEED) }))
        .route("/w1256.xml", get(|| async { ([(header::CONTENT_TYPE, "application/xml")], w1256()) }))
        .route(
            "/sitemap_index.xml",
            get(|| async {
                "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                 <sitemap><loc>/news_sitemap.xml</loc></sitemap><sitemap><loc>/sitemap-2.xml.gz</loc></sitemap></sitemapindex>"
            }),
        )
        .route(
            "/news_sitemap.xml",
            get(|| async {
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
                 xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>/s/1</loc><news:news>\
                 <news:publication_date>2024-09-05T10:00:00Z</news:publication_date><news:title>خبر الخريطة</news:title>\
                 </news:news></url></urlset>"
            }),
        )
        .route(
            "/sitemap-2.xml.gz",
            get(|| async {
                use std::io::Write;
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                gz.write_all(
                    "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                     <url><loc>/s/2</loc><lastmod>2024-09-05</lastmod></url></urlset>"
                        .as_bytes(),
                )
                .unwrap();
                ([(header::CONTENT_TYPE, "application/x-gzip")], gz.finish().unwrap())
            }),
        )
        .route("/etag.xml", get(etagged))
        .route("/flaky.xml", get(flaky))
        .route("/limited.xml", get(limited))
        .route("/loop/a", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop/b")]) }))
        .route("/loop/b", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop/a")]) }))
        .route(
            "/huge",
            get(|| async {
                let chunk = vec![b'x'; 1 << 20];
                let stream = futures_stream(chunk, 50);
                axum::body::Body::from_stream(stream)
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                RSS
            }),
        )
        .route("/broken.xml", get(|| async { "<rss><channel><title>oops</channel" }))
        .route("/private/secret.xml", get(|| async { RSS }))
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .layer(axum::middleware::from_fn_with_state(log.clone(), record))
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), log)
}

/// `n` chunks of `chunk`, as a body stream.
fn futures_stream(
    chunk: Vec<u8>,
    n: usize,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    struct Chunks {
        chunk: Vec<u8>,
        left: usize,
    }
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            if self.left == 0 {
                return std::task::Poll::Ready(None);
            }
            self.left -= 1;
            std::task::Poll::Ready(Some(Ok(self.chunk.clone())))
        }
    }
    Chunks { chunk, left: n }
}

/// A fetcher for the local server: private addresses allowed, short delays.
fn fetcher() -> Fetcher {
    Fetcher::new(Config {
        allow_private: true,
        host_delay: Duration::from_millis(200),
        backoff: Duration::from_millis(100),
        timeout: Duration::from_secs(1),
        connect_timeout: Duration::from_secs(1),
        ..Config::default()
    })
    .unwrap()
}

#[tokio::test]
async fn feeds_of_every_format_are_read() {
    let (base, _) = serve().await;
    let f = fetcher();
    let none = Validators::default();
    for (path, format, title) in [
        ("/rss.xml", "rss", "أخبار المثال"),
        ("/atom.xml", "atom", "Atom مثال"),
        ("/feed.json", "json", "JSON مثال"),
        ("/w1256.xml", "rss", "صحيفة عربية"),
    ] {
        let url = format!("{base}{path}");
        let page = f.get(&url, &none).await.unwrap();
        assert_eq!(feeds::detect(&page.body), DocKind::Feed, "{path}");
        let feed = feeds::parse(&page.body, page.content_type.as_deref(), &page.url).unwrap();
        assert_eq!(feed.format, format, "{path}");
        assert_eq!(feed.title.as_deref(), Some(title), "{path}");
        assert!(!feed.items.is_empty(), "{path}");
        for item in &feed.items {
            assert!(
                item.url.as_deref().unwrap().starts_with("http"),
                "{path}: {item:?}"
            );
        }
    }
    let page = f.get(&format!("{base}/rss.xml"), &none).await.unwrap();
    let feed = feeds::parse(&page.body, None, &page.url).unwrap();
    // Relative links resolved against the feed's URL; the duplicate GUID folded into its
    // later version.
    assert_eq!(feed.items.len(), 2, "{:?}", feed.items);
    assert_eq!(
        feed.items[0].url.as_deref(),
        Some(format!("{base}/news/1").as_str())
    );
    assert_eq!(
        feed.items[1].url.as_deref(),
        Some(format!("{base}/news/2").as_str())
    );
    assert_eq!(feed.items[1].title.as_deref(), Some("الخبر الثاني (محدث)"));
    assert_eq!(feed.ttl, Some(15));
    let w = f.get(&format!("{base}/w1256.xml"), &none).await.unwrap();
    let feed = feeds::parse(&w.body, w.content_type.as_deref(), &w.url).unwrap();
    assert_eq!(feed.items[0].title.as_deref(), Some("العراق وواشنطن"));
}

#[tokio::test]
async fn sitemap_indexes_lead_to_news_sitemaps() {
    let (base, _) = serve().await;
    let f = fetcher();
    let none = Validators::default();
    let page = f
        .get(&format!("{base}/sitemap_index.xml"), &none)
        .await
        .unwrap();
    assert_eq!(feeds::detect(&page.body), DocKind::SitemapIndex);
    let Sitemap::Index(maps) = sitemap::parse(&page.body, &page.url).unwrap() else {
        panic!("an index")
    };
    assert_eq!(
        maps,
        [
            format!("{base}/news_sitemap.xml"),
            format!("{base}/sitemap-2.xml.gz")
        ]
    );
    // A gzip file is read as the sitemap it holds.
    let page = f.get(&maps[1], &none).await.unwrap();
    let Sitemap::Urls(urls) = sitemap::parse(&page.body, &page.url).unwrap() else {
        panic!("a urlset")
    };
    assert_eq!(urls[0].loc, format!("{base}/s/2"));
    let page = f.get(&maps[0], &none).await.unwrap();
    let Sitemap::Urls(urls) = sitemap::parse(&page.body, &page.url).unwrap() else {
        panic!("a urlset")
    };
    assert_eq!(urls[0].loc, format!("{base}/s/1"));
    assert_eq!(urls[0].title.as_deref(), Some("خبر الخريطة"));
    assert!(urls[0].published.is_some());
}

#[tokio::test]
async fn an_unchanged_feed_costs_one_304() {
    let (base, log) = serve().await;
    let f = fetcher();
    let url = format!("{base}/etag.xml");
    let first = f.get(&url, &Validators::default()).await.unwrap();
    assert!(!first.not_modified);
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    let second = f.get(&url, &first.validators).await.unwrap();
    assert!(second.not_modified);
    assert!(second.body.is_empty());
    assert_eq!(second.validators, first.validators);
    assert_eq!(log.of("/etag.xml").len(), 2);
}

#[tokio::test]
async fn server_errors_are_retried_and_retry_after_is_honoured() {
    let (base, log) = serve().await;
    let f = fetcher();
    let none = Validators::default();
    let page = f.get(&format!("{base}/flaky.xml"), &none).await.unwrap();
    assert_eq!(page.attempts, 2);
    let page = f.get(&format!("{base}/limited.xml"), &none).await.unwrap();
    assert_eq!(page.attempts, 2);
    let times = log.of("/limited.xml");
    assert_eq!(times.len(), 2);
    assert!(
        times[1].0 - times[0].1 >= Duration::from_millis(950),
        "Retry-After: 1 must be waited out: {:?}",
        times[1].0 - times[0].1
    );
    // 4xx is not retried.
    let e = f.get(&format!("{base}/gone"), &none).await.unwrap_err();
    assert_eq!(
        e,
        FetchError::Status {
            url: format!("{base}/gone"),
            status: 404
        }
    );
    assert_eq!(log.of("/gone").len(), 1);
}

#[tokio::test]
async fn loops_huge_bodies_and_slow_servers_end_cleanly() {
    let (base, _) = serve().await;
    let f = Fetcher::new(Config {
        allow_private: true,
        host_delay: Duration::from_millis(10),
        retries: 0,
        timeout: Duration::from_millis(700),
        ..Config::default()
    })
    .unwrap();
    let none = Validators::default();
    let e = f.get(&format!("{base}/loop/a"), &none).await.unwrap_err();
    assert!(matches!(e, FetchError::TooManyRedirects { .. }), "{e}");
    let slow = f.get(&format!("{base}/slow"), &none).await.unwrap_err();
    assert!(matches!(slow, FetchError::TimedOut { .. }), "{slow}");
    let big = Fetcher::new(Config {
        allow_private: true,
        timeout: Duration::from_secs(30),
        ..Config::default()
    })
    .unwrap();
    let page = big.get(&format!("{base}/huge"), &none).await.unwrap();
    assert!(page.truncated);
    assert_eq!(page.body.len(), 10 * 1024 * 1024);
    let broken = f.get(&format!("{base}/broken.xml"), &none).await.unwrap();
    let e = feeds::parse(&broken.body, None, &broken.url).unwrap_err();
    assert!(e.contains("not a feed"), "{e}");
}

#[tokio::test]
async fn robots_txt_is_obeyed_and_hosts_get_one_request_at_a_time() {
    let (base, log) = serve().await;
    let f = Arc::new(fetcher());
    let none = Validators::default();
    let e = f
        .get(&format!("{base}/private/secret.xml"), &none)
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::Robots { .. }), "{e}");
    assert!(!log.paths().iter().any(|p| p.starts_with("/private/")));
    // Two feeds of one host, asked for at once, several times.
    let mut tasks = Vec::new();
    for i in 0..6 {
        let f = f.clone();
        let url = format!(
            "{base}/{}",
            if i % 2 == 0 { "rss.xml" } else { "second.xml" }
        );
        tasks.push(tokio::spawn(async move {
            f.get(&url, &Validators::default()).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_one_at_a_time(&log);
    // robots.txt was asked for once.
    assert_eq!(log.of("/robots.txt").len(), 1);
}

/// Hosts' turns shared in memory, as the store shares them between processes.
#[derive(Default)]
struct Turns {
    /// Per host: free from, held until.
    hosts: Mutex<std::collections::HashMap<String, (Instant, Instant)>>,
    taken: AtomicUsize,
}

impl rasid_fetch::SharedTurns for Turns {
    fn take(&self, host: &str, hold: Duration) -> Result<Option<Duration>, String> {
        let now = Instant::now();
        let mut hosts = self.hosts.lock().unwrap();
        let (free, held) = hosts.entry(host.to_owned()).or_insert((now, now));
        let ready = (*free).max(*held);
        if ready > now {
            return Ok(Some(ready - now));
        }
        *held = now + hold;
        self.taken.fetch_add(1, Ordering::Relaxed);
        Ok(None)
    }
    fn give_back(&self, host: &str, rest: Duration) {
        let now = Instant::now();
        self.hosts
            .lock()
            .unwrap()
            .insert(host.to_owned(), (now + rest, now));
    }
}

/// Two fetchers — two `rasid worker`s — sharing the hosts' turns send one request at a
/// time to a host, spaced by its delay, as one alone does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetchers_sharing_turns_keep_a_host_to_one_request_at_a_time() {
    let (base, log) = serve().await;
    let turns = Arc::new(Turns::default());
    let fetchers = [0, 1].map(|_| Arc::new(fetcher().with_shared_turns(turns.clone())));
    let mut tasks = Vec::new();
    for i in 0..8 {
        let f = fetchers[i % 2].clone();
        let url = format!(
            "{base}/{}",
            if i % 4 < 2 { "rss.xml" } else { "second.xml" }
        );
        tasks.push(tokio::spawn(async move {
            f.get(&url, &Validators::default()).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // Eight pages and each fetcher's robots.txt, each on a turn.
    assert_eq!(assert_one_at_a_time(&log), 10);
    assert_eq!(turns.taken.load(Ordering::Relaxed), 10);
}

/// Asserts that the server got one request at a time, the host delay (200 ms) between
/// them; how many it got.
fn assert_one_at_a_time(log: &Log) -> usize {
    let mut times: Vec<(Instant, Instant)> = log
        .requests
        .lock()
        .unwrap()
        .iter()
        .map(|r| (r.1, r.2))
        .collect();
    times.sort();
    for w in times.windows(2) {
        assert!(w[1].0 >= w[0].1, "two requests in flight at once");
        assert!(
            w[1].0 - w[0].1 >= Duration::from_millis(190),
            "the host delay was not kept: {:?}",
            w[1].0 - w[0].1
        );
    }
    times.len()
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let (base, log) = serve().await;
    let strict = Fetcher::new(Config::default()).unwrap();
    let e = strict
        .get(&format!("{base}/rss.xml"), &Validators::default())
        .await
        .unwrap_err();
    match &e {
        FetchError::Refused { reason, .. } => {
            assert!(reason.contains("loopback"), "{reason}");
            assert!(reason.contains("allow_private_addresses"), "{reason}");
        }
        other => panic!("refused expected, got {other}"),
    }
    let e = strict
        .get("http://localhost:9/feed", &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::Refused { .. }), "{e}");
    assert!(log.paths().is_empty(), "nothing reached the server");
}
