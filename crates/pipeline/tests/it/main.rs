//! The crawler against a real HTTP server on 127.0.0.1 that the test starts: feeds,
//! sitemaps and article pages written here, through the whole pipeline into a temporary
//! data directory.

use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rasid_fetch::{Config, Fetcher};
use rasid_pipeline::crawl::{crawl, CrawlOptions};
use rasid_pipeline::live::Live;
use rasid_store::NewFeed;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Default)]
struct Site {
    base: Mutex<String>,
    version: AtomicUsize,
    log: Mutex<Vec<String>>,
    /// robots.txt lists the news sitemap.
    lists_sitemap: std::sync::atomic::AtomicBool,
}

async fn robots(State(site): State<Arc<Site>>) -> String {
    let mut r = "User-agent: *\nDisallow: /private/\n".to_owned();
    if site.lists_sitemap.load(Ordering::SeqCst) {
        let base = site.base.lock().unwrap().clone();
        r.push_str(&format!(
            "Sitemap: {base}/sitemap.xml\nSitemap: {base}/news.xml\n"
        ));
    }
    r
}

const PARAGRAPHS: &[&str] = &[
    "أعلنت الحكومة في بيان رسمي صدر صباح اليوم عن خطة جديدة لتطوير شبكة النقل العام في العاصمة، تشمل خطوطا للحافلات الكهربائية ومحطات حديثة في الأحياء الشرقية.",
    "وقال وزير النقل في مؤتمر صحفي إن المرحلة الأولى من الخطة ستبدأ مطلع العام المقبل، وإن الهدف هو تقليص زمن التنقل اليومي للموظفين والطلاب إلى النصف خلال ثلاث سنوات.",
    "وأضاف الوزير أن تمويل المشروع سيأتي من الموازنة العامة ومن شراكات مع القطاع الخاص، مؤكدا أن الأسعار ستبقى في متناول الجميع وأن الاشتراكات الشهرية ستشمل خصومات للطلاب.",
    "ورحب عدد من سكان الأحياء الشرقية بالخطة، بينما طالب آخرون بأن تشمل المرحلة الأولى الضواحي البعيدة التي تعاني من قلة وسائل النقل منذ سنوات طويلة.",
];

fn article_page(title: &str, date: &str, extra: &str) -> String {
    let body: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"{date}\"></head><body><nav><a href=\"/\">الرئيسية</a></nav>\
         <article><h1>{title}</h1>{body}<p>{extra}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
}

fn rss(base: &str, items: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>صحيفة المثال</title>\
         <link>{base}/</link>{items}</channel></rss>"
    )
}

async fn record(State(site): State<Arc<Site>>, req: Request, next: Next) -> Response {
    site.log.lock().unwrap().push(req.uri().path().to_owned());
    next.run(req).await
}

async fn feed(State(site): State<Arc<Site>>) -> Response {
    let base = site.base.lock().unwrap().clone();
    let full: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>")).collect();
    let items = format!(
        "<item><title>خطة للنقل العام</title><link>/a/1.html</link><guid>a-1</guid>\
           <pubDate>Thu, 05 Sep 2024 10:00:00 GMT</pubDate><description>ملخص قصير...</description>\
           <category>سياسة</category></item>\
         <item><title>الخبر الثاني</title><link>a/2.html</link><guid>a-2</guid>\
           <pubDate>Thu, 05 Sep 2024 11:00:00 GMT</pubDate></item>\
         <item><title>نص كامل في الخلاصة</title><link>/full/1.html</link><guid>f-1</guid>\
           <pubDate>Thu, 05 Sep 2024 12:00:00 GMT</pubDate><description><![CDATA[{full}]]></description></item>\
         <item><title>صفحة ممنوعة</title><link>/private/1.html</link><guid>p-1</guid></item>"
    );
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        rss(&base, &items),
    )
        .into_response()
}

async fn updating(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    let base = site.base.lock().unwrap().clone();
    let v = site.version.load(Ordering::SeqCst);
    let etag = format!("\"u{v}\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|h| h.to_str().ok())
        == Some(etag.as_str())
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let date = if v == 0 {
        "Thu, 05 Sep 2024 10:00:00 GMT"
    } else {
        "Thu, 05 Sep 2024 15:00:00 GMT"
    };
    let items = format!("<item><title>خبر يتغير</title><link>/u/1.html</link><guid>u-1</guid><pubDate>{date}</pubDate></item>");
    ([(header::ETAG, etag)], rss(&base, &items)).into_response()
}

async fn page(State(site): State<Arc<Site>>, UrlPath(name): UrlPath<String>) -> Html<String> {
    let v = site.version.load(Ordering::SeqCst);
    let title = match name.as_str() {
        "1.html" => "خطة للنقل العام في العاصمة",
        _ => "الخبر الثاني عن النقل",
    };
    Html(article_page(
        title,
        "2024-09-05T10:00:00Z",
        &format!("نسخة {v}"),
    ))
}

async fn updated_page(State(site): State<Arc<Site>>) -> Html<String> {
    let v = site.version.load(Ordering::SeqCst);
    let title = if v == 0 {
        "العنوان الأول للخبر"
    } else {
        "العنوان المحدث للخبر"
    };
    Html(article_page(title, "2024-09-05T10:00:00Z", "تحديث"))
}

/// A page whose article the generic extraction gets wrong: a short report under a
/// headline in a `span`, then a long thread of readers' comments in plain paragraphs.
const RULED_PAGE: &str = "<!DOCTYPE html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>موقع المثال</title></head><body>\
    <div class=\"top\"><div class=\"headline-box\"><span class=\"h\">افتتاح مكتبة عامة جديدة في المدينة القديمة</span>\
    <span class=\"when\">الخميس 5 سبتمبر 2024</span></div>\
    <div class=\"story-text\"><p>افتتحت البلدية صباح اليوم مكتبة عامة جديدة في المدينة القديمة تضم أكثر من عشرين ألف كتاب.</p>\
    <div class=\"note\">لمتابعة آخر الأخبار المحلية والمواعيد الثقافية تابعوا حساباتنا كل يوم.</div>\
    <p>وقال رئيس البلدية إن المكتبة ستفتح أبوابها يوميا حتى العاشرة مساء.</p></div></div><div class=\"talk\">\
    <div class=\"c\"><p>هذا المشروع رائع جدا وكنا ننتظره منذ سنوات طويلة، وأتمنى أن تكون هناك مكتبات مثلها في كل حي من أحياء المدينة وأن تفتح للطلاب في العطل الصيفية أيضا.</p></div>\
    <div class=\"c\"><p>أتفق مع ما قيل، لكن المشكلة دائما في الصيانة بعد الافتتاح، فكثير من المشاريع تبدأ بشكل جميل ثم تهمل بعد عام أو عامين ولا يسأل عنها أحد من المسؤولين.</p></div>\
    <div class=\"c\"><p>أرجو أن تكون هناك مواقف للسيارات قريبة من المكتبة، لأن المدينة القديمة مزدحمة جدا في المساء ويصعب الوصول إليها بالسيارة أو بالحافلة في أوقات الذروة.</p></div>\
    </div></body></html>";

/// The rule that fixes it.
const RULE: &str = "[[site]]\nhost = \"127.0.0.1\"\ncontent = \".story-text\"\nremove = [\".note\"]\ntitle = \".headline-box .h\"\npublished = \".headline-box .when\"\n";

/// The site's feed: from version 1 on, also a page of a new layout its rule does not know.
async fn ruled_feed(State(site): State<Arc<Site>>) -> Response {
    let base = site.base.lock().unwrap().clone();
    let mut items =
        "<item><title>مكتبة</title><link>/r/1.html</link><guid>r-1</guid></item>".to_owned();
    if site.version.load(Ordering::SeqCst) > 0 {
        items.push_str("<item><title>نقل</title><link>/r/2.html</link><guid>r-2</guid></item>");
    }
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        rss(&base, &items),
    )
        .into_response()
}

/// A feed as careless publishers write it: bare ampersands, HTML left unescaped in a
/// description, an entity XML does not know, and the document cut off in an item.
async fn malformed_feed(State(site): State<Arc<Site>>) -> Response {
    let base = site.base.lock().unwrap().clone();
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
             <title>النقل & المواصلات</title><link>{base}/</link>\
             <item><title>خطة&nbsp;النقل</title><link>{base}/a/1.html?from=rss&id=1</link><guid>m-1</guid>\
             <pubDate>Thu, 05 Sep 2024 10:00:00 GMT</pubDate><description><p>ملخص<br></p></description></item>\
             <item><title>الخبر الثاني</title><link>{base}/a/2.html</link><guid>m-2</guid>\
             <pubDate>Thu, 05 Sep 2024 11:00:00 GMT</pubDate></item>\
             <item><title>خبر لم يكت"
        ),
    )
        .into_response()
}

async fn serve() -> (String, Arc<Site>) {
    let site = Arc::new(Site::default());
    let app = Router::new()
        .route("/robots.txt", get(robots))
        .route("/rss.xml", get(feed))
        .route("/updating.xml", get(updating))
        .route("/broken.xml", get(|| async { "<rss><channel><title>مكسور</channel>" }))
        .route("/html-not-feed", get(|| async { Html("<html><body>صفحة</body></html>") }))
        .route("/malformed.xml", get(malformed_feed))
        .route(
            "/old-rss",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/rss.xml")]) }),
        )
        .route(
            "/for-now-rss",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/rss.xml")]) }),
        )
        .route(
            "/home",
            get(|| async {
                Html(
                    "<html><head><title>صحيفة المثال</title>\
                     <link rel=\"alternate\" type=\"application/rss+xml\" title=\"التعليقات\" href=\"/comments.xml\">\
                     <link rel=\"stylesheet\" href=\"/s.css\">\
                     <link rel=\"alternate\" type=\"application/rss+xml\" title=\"الأخبار\" href=\"rss.xml\">\
                     </head><body><p>الصفحة الرئيسية</p></body></html>",
                )
            }),
        )
        .route(
            "/sitemap_index.xml",
            get(|| async {
                "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>/news.xml</loc></sitemap></sitemapindex>"
            }),
        )
        .route(
            "/news.xml",
            get(|| async {
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\
                 <url><loc>/s/1.html</loc><news:news><news:publication_date>2024-09-05T09:00:00Z</news:publication_date>\
                 <news:title>خبر من الخريطة</news:title></news:news></url></urlset>"
            }),
        )
        .route("/a/{name}", get(page))
        .route("/s/{name}", get(page))
        .route("/u/1.html", get(updated_page))
        .route("/private/{name}", get(page))
        .route("/ruled.xml", get(ruled_feed))
        .route("/r/1.html", get(|| async { Html(RULED_PAGE) }))
        .route(
            "/r/2.html",
            get(|| async { Html(article_page("خطة للنقل العام", "2024-09-05T10:00:00Z", "")) }),
        )
        .layer(axum::middleware::from_fn_with_state(site.clone(), record))
        .with_state(site.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    *site.base.lock().unwrap() = base.clone();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, site)
}

/// A fetcher for the test's server on 127.0.0.1, quick to pace and to retry.
fn local_fetcher() -> Arc<Fetcher> {
    Arc::new(
        Fetcher::new(Config {
            allow_private: true,
            host_delay: Duration::from_millis(20),
            backoff: Duration::from_millis(20),
            ..Config::default()
        })
        .unwrap(),
    )
}

/// With a PostgreSQL store, a data directory's fetcher shares its hosts' turns with the
/// other processes fetching for the store (workers elsewhere): after a fetch, the host
/// rests for them too; with SQLite, the fetcher paces alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_stores_fetchers_take_turns_at_hosts_through_it() {
    let (base, _site) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    if tokio::task::block_in_place(|| rasid_store::test_postgres_data_dir(dir.path())).is_none() {
        return; // RASID_TEST_POSTGRES unset
    }
    let config = Config {
        allow_private: true,
        host_delay: Duration::from_secs(2),
        ..Config::default()
    };
    let fetcher = rasid_pipeline::crawl::fetcher(dir.path(), config).unwrap();
    fetcher
        .get(&format!("{base}/rss.xml"), &Default::default())
        .await
        .unwrap();
    let host = base.trim_start_matches("http://");
    let other = rasid_store::Store::open(dir.path()).unwrap();
    let wait = other
        .take_host_turn(host, "another worker", Duration::from_secs(60))
        .unwrap()
        .expect("the host rests after the fetch");
    assert!(wait <= Duration::from_secs(2), "{wait:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_and_sitemaps_become_articles_and_health() {
    let (base, site) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let live = Arc::new(Mutex::new(Live::open(dir.path()).unwrap()));
    {
        let l = live.lock().unwrap();
        for path in [
            "/rss.xml",
            "/updating.xml",
            "/broken.xml",
            "/html-not-feed",
            "/sitemap_index.xml",
        ] {
            l.store()
                .add_feed(&NewFeed {
                    url: &format!("{base}{path}"),
                    ..Default::default()
                })
                .unwrap();
        }
    }
    let fetcher = local_fetcher();
    let opts = CrawlOptions {
        link: true,
        ..CrawlOptions::default()
    };
    let report = crawl(&live, &fetcher, &opts).await.unwrap();
    assert_eq!(report.feeds_checked, 5, "{report:?}");
    assert_eq!(report.feeds_failed, 2, "{report:?}");
    // a/1, a/2, the full-text item, u/1 and the sitemap's page; the robots-disallowed
    // item is not.
    assert_eq!(report.stored, 5, "{report:?}");
    assert!(
        report.errors.iter().any(|e| e.contains("robots.txt")),
        "{report:?}"
    );
    let log = site.log.lock().unwrap().clone();
    assert!(!log.iter().any(|p| p.starts_with("/private/")), "{log:?}");
    assert!(
        !log.iter().any(|p| p == "/full/1.html"),
        "the feed's full text is used: {log:?}"
    );
    {
        let l = live.lock().unwrap();
        let feeds = l.store().feeds().unwrap();
        let broken = feeds
            .iter()
            .find(|f| f.url.ends_with("/broken.xml"))
            .unwrap();
        assert_eq!(broken.consecutive_failures, 1);
        assert_eq!(broken.error_kind.as_deref(), Some("parse"));
        assert!(
            broken.last_error.as_deref().unwrap().contains("not a feed"),
            "{broken:?}"
        );
        assert!(broken.next_check.is_some());
        let html = feeds
            .iter()
            .find(|f| f.url.ends_with("/html-not-feed"))
            .unwrap();
        assert_eq!(html.error_kind.as_deref(), Some("format"));
        let rss = feeds.iter().find(|f| f.url.ends_with("/rss.xml")).unwrap();
        assert_eq!(rss.consecutive_failures, 0);
        assert_eq!(rss.title.as_deref(), Some("صحيفة المثال"));
        assert_eq!(rss.format.as_deref(), Some("rss"));
        assert_eq!(rss.items_stored, 3);
        assert!(rss.last_success.is_some() && rss.next_check.is_some());
        let sitemap = feeds
            .iter()
            .find(|f| f.url.ends_with("/sitemap_index.xml"))
            .unwrap();
        assert_eq!(sitemap.format.as_deref(), Some("sitemap"));
        assert_eq!(l.store().count_articles().unwrap(), 5);
        let a = l.store().article_by_external_id("a-1").unwrap().unwrap();
        assert_eq!(a.title.as_deref(), Some("خطة للنقل العام في العاصمة"));
        assert_eq!(a.url.as_deref(), Some(format!("{base}/a/1.html").as_str()));
        assert!(a.published.is_some());
        assert!(!a.key_phrases.is_empty());
        let full = l.store().article_by_external_id("f-1").unwrap().unwrap();
        assert!(full.body.contains("للحافلات الكهربائية"), "{}", full.body);
    }

    // Nothing new: the feeds that answer 304 cost one request, nothing is stored twice.
    let again = crawl(
        &live,
        &fetcher,
        &CrawlOptions {
            all: true,
            ..opts.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(again.stored, 0, "{again:?}");
    assert!(again.feeds_unchanged >= 1, "{again:?}");

    // The item is updated later: its article is updated, not duplicated.
    site.version.store(1, Ordering::SeqCst);
    let third = crawl(&live, &fetcher, &CrawlOptions { all: true, ..opts })
        .await
        .unwrap();
    assert_eq!(third.updated, 1, "{third:?}");
    assert_eq!(third.stored, 0, "{third:?}");
    let l = live.lock().unwrap();
    assert_eq!(l.store().count_articles().unwrap(), 5);
    let u = l.store().article_by_external_id("u-1").unwrap().unwrap();
    assert_eq!(u.title.as_deref(), Some("العنوان المحدث للخبر"));
}

/// A writer over a new data directory in `dir` that follows the feed at `url`.
fn following(dir: &std::path::Path, url: &str) -> Arc<Mutex<Live>> {
    let live = Arc::new(Mutex::new(Live::open(dir).unwrap()));
    follow(&live, url);
    live
}

fn follow(live: &Arc<Mutex<Live>>, url: &str) {
    live.lock()
        .unwrap()
        .store()
        .add_feed(&NewFeed {
            url,
            ..Default::default()
        })
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_feed_is_read_repaired_and_named() {
    let (base, _site) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{base}/malformed.xml");
    let live = following(dir.path(), &url);
    let report = crawl(&live, &local_fetcher(), &CrawlOptions::default())
        .await
        .unwrap();
    assert_eq!(report.feeds_failed, 0, "{report:?}");
    assert_eq!(report.stored, 2, "{report:?}");
    assert_eq!(report.feeds_repaired, std::slice::from_ref(&url));
    let l = live.lock().unwrap();
    let feed = l.store().feeds().unwrap().remove(0);
    assert_eq!(feed.title.as_deref(), Some("النقل & المواصلات"));
    assert_eq!(feed.consecutive_failures, 0);
    let first = l.store().article_by_external_id("m-1").unwrap().unwrap();
    assert!(
        first
            .url
            .as_deref()
            .unwrap()
            .ends_with("/a/1.html?from=rss&id=1"),
        "{:?}",
        first.url
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_without_a_feed_is_followed_through_the_news_sitemap_its_robots_txt_lists() {
    let (base, site) = serve().await;
    site.lists_sitemap.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().unwrap();
    let page = format!("{base}/html-not-feed");
    let live = following(dir.path(), &page);
    let report = crawl(&live, &local_fetcher(), &CrawlOptions::default())
        .await
        .unwrap();
    assert_eq!(report.feeds_failed, 0, "{report:?}");
    assert_eq!(
        report.feeds_discovered,
        [format!("{page} → {base}/news.xml")]
    );
    assert_eq!(report.stored, 1, "the news sitemap's page: {report:?}");
    let feeds = live.lock().unwrap().store().feeds().unwrap();
    assert_eq!(feeds[0].url, format!("{base}/news.xml"));
    assert_eq!(feeds[0].format.as_deref(), Some("sitemap"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_that_moved_for_good_is_followed_at_its_new_address() {
    let (base, _site) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let live = following(dir.path(), &format!("{base}/old-rss"));
    follow(&live, &format!("{base}/for-now-rss"));
    let report = crawl(&live, &local_fetcher(), &CrawlOptions::default())
        .await
        .unwrap();
    assert_eq!(report.feeds_failed, 0, "{report:?}");
    assert_eq!(
        report.feeds_moved,
        [format!("{base}/old-rss → {base}/rss.xml")],
        "a temporary redirect keeps its address"
    );
    let mut urls: Vec<String> = live
        .lock()
        .unwrap()
        .store()
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| f.url)
        .collect();
    urls.sort();
    assert_eq!(
        urls,
        [format!("{base}/for-now-rss"), format!("{base}/rss.xml")]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_home_page_added_as_a_feed_leads_to_its_feed() {
    let (base, _site) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let home = format!("{base}/home");
    let live = following(dir.path(), &home);
    let fetcher = local_fetcher();
    let report = crawl(&live, &fetcher, &CrawlOptions::default())
        .await
        .unwrap();
    assert_eq!(report.feeds_failed, 0, "{report:?}");
    assert_eq!(
        report.feeds_discovered,
        [format!("{home} → {base}/rss.xml")]
    );
    assert_eq!(report.stored, 3, "{report:?}");
    let feeds = live.lock().unwrap().store().feeds().unwrap();
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0].url, format!("{base}/rss.xml"));
    assert_eq!(feeds[0].items_stored, 3);

    // The page added again: its feed is already followed, which the page's check says.
    follow(&live, &home);
    let all = CrawlOptions {
        all: true,
        ..CrawlOptions::default()
    };
    let report = crawl(&live, &fetcher, &all).await.unwrap();
    assert_eq!(report.feeds_failed, 1, "{report:?}");
    assert!(
        report.errors.iter().any(|e| e.contains("already followed")),
        "{report:?}"
    );
    let feeds = live.lock().unwrap().store().feeds().unwrap();
    let page = feeds.iter().find(|f| f.url == home).unwrap();
    assert_eq!(page.error_kind.as_deref(), Some("format"));
}

/// A temporary directory holding `lines` as `in.jsonl`, and that file's path.
fn jsonl(lines: &[String]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap();
    (dir, input)
}

/// `lines` ingested on one worker without linking: the directory (kept while it lives),
/// the data directory, the options.
fn ingested_records(
    lines: &[String],
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    rasid_pipeline::Options,
) {
    let (dir, input) = jsonl(lines);
    let data = dir.path().join("data");
    let opts = rasid_pipeline::Options {
        workers: 1,
        progress: false,
        ..Default::default()
    };
    rasid_pipeline::ingest(std::slice::from_ref(&input), &data, &opts).unwrap();
    (dir, data, opts)
}

/// The first articles stored.
fn stored(data: &std::path::Path) -> Vec<rasid_store::ArticleRecord> {
    let store = rasid_store::Store::open(data).unwrap();
    store.articles_after(0, 10).unwrap()
}

/// An ingest that links hands the link stage what enrichment read of each article; the
/// stories must be exactly those of linking the same store from its text afterwards —
/// also for a body whose first words hold URLs, which the link stage reads itself.
#[test]
fn linking_during_an_ingest_equals_linking_the_stored_text() {
    let topics = [
        ("الحافلات الكهربائية", "النقل العام في العاصمة"),
        ("سد النهضة", "مفاوضات المياه بين الدول الثلاث"),
        ("معرض الكتاب", "دور النشر العربية في الرياض"),
    ];
    let mut lines = Vec::new();
    for (t, (what, where_)) in topics.iter().enumerate() {
        for outlet in 0..4 {
            let mut body =
                format!("أعلنت الجهات المعنية اليوم تفاصيل جديدة عن {what} ضمن {where_}.\n");
            for (i, p) in PARAGRAPHS.iter().enumerate().skip(outlet % 2) {
                body.push_str(&format!("{p} ({what} {i})\n"));
            }
            if outlet == 3 {
                // URLs among the first words, and more than the six hundred tokens the
                // shared reading stops at.
                body = format!("https://example.com/{t}/a https://example.com/{t}/b\n{body}");
                for _ in 0..8 {
                    body.push_str(PARAGRAPHS[t % PARAGRAPHS.len()]);
                    body.push('\n');
                }
            }
            lines.push(
                serde_json::json!({
                    "id": format!("{t}-{outlet}"),
                    "source": format!("outlet{outlet}"),
                    "date": format!("2024-03-0{}T0{}:00:00Z", 1 + t, outlet),
                    "title": format!("{what}: خطوة جديدة في {where_} ({outlet})"),
                    "body": body,
                })
                .to_string(),
            );
        }
    }
    let (dir, input) = jsonl(&lines);
    let stories = |link_during: bool| {
        let data = dir.path().join(format!("data-{link_during}"));
        let opts = rasid_pipeline::Options {
            workers: 1,
            progress: false,
            link: link_during,
            ..Default::default()
        };
        rasid_pipeline::ingest(std::slice::from_ref(&input), &data, &opts).unwrap();
        let mut store = rasid_store::Store::open(&data).unwrap();
        if !link_during {
            rasid_pipeline::link_unlinked(&mut store, 1).unwrap();
        }
        let n = store.count_articles().unwrap();
        (1..=n)
            .map(|id| store.story_of(id).unwrap().unwrap())
            .collect::<Vec<i64>>()
    };
    let during = stories(true);
    assert_eq!(during.len(), 12);
    assert_eq!(during, stories(false));

    // Grouped again from nothing (`rasid link --again`): the same stories, under ids
    // never given before, with their provenance.
    let mut store = rasid_store::Store::open(&dir.path().join("data-true")).unwrap();
    let old_max = store.max_story_id().unwrap();
    let (before, linked) = rasid_pipeline::relink_all(&mut store, 1, false).unwrap();
    assert_eq!(linked, 12);
    let distinct = |v: &[i64]| v.iter().collect::<std::collections::HashSet<_>>().len();
    assert_eq!(before as usize, distinct(&during));
    let again: Vec<i64> = (1..=12)
        .map(|id| store.story_of(id).unwrap().unwrap())
        .collect();
    assert!(
        again.iter().all(|&s| s > old_max),
        "{again:?} after {old_max}"
    );
    let same = |v: &[i64]| -> Vec<bool> {
        v.iter()
            .flat_map(|a| v.iter().map(move |b| a == b))
            .collect()
    };
    assert_eq!(same(&again), same(&during));
    let story = store.story(again[0]).unwrap().unwrap();
    assert_eq!(story.articles.len(), 4, "{story:?}");
    // An old link finds the story its first article is in now.
    let moved = store.story(during[0]).unwrap().unwrap();
    assert_eq!(moved.id, again[0]);
    assert_eq!(store.count_stories().unwrap() as usize, distinct(&during));
}

/// What enrichment learns while an ingest reads (phrase frequencies, people) is counted
/// in input order a block at a time: the same input is tagged the same on one worker or
/// four, a record rejected on the way (never enriched) holds no block up, and a person
/// named after a title early on is known without it later. A record the store finds a
/// duplicate teaches nothing: ingesting the same input again leaves what was learned as
/// it was.
#[test]
fn an_ingest_learns_the_same_on_any_number_of_workers() {
    let topics = [
        ("الحافلات الكهربائية", "النقل العام"),
        ("محطة تحلية المياه", "الموارد المائية"),
        ("مهرجان الفنون الشعبية", "الثقافة والتراث"),
        ("أسعار الحبوب", "الأسواق المحلية"),
    ];
    let mut lines = Vec::new();
    for i in 0..90 {
        let (subject, field) = topics[i % topics.len()];
        let said = if i < 40 {
            format!("وقال وزير الطاقة فهد الزامل إن {subject} أولوية في {field}.")
        } else if i >= 80 {
            format!("وأكد فهد الزامل أن {subject} تدخل مرحلة جديدة في {field}.")
        } else {
            format!(
                "وتتابع الجهات المعنية ملف {subject} ضمن {field} للعام {}.",
                2000 + i
            )
        };
        lines.push(
            serde_json::json!({
                "id": format!("a{i}"),
                "source": format!("outlet{}", i % 3),
                "date": format!("2024-03-{:02}T{:02}:00:00Z", 1 + i / 24, i % 24),
                "title": format!("{subject}: تطورات جديدة في {field} رقم {i}"),
                "body": format!("{said}\n{}", PARAGRAPHS[i % PARAGRAPHS.len()..].join("\n")),
            })
            .to_string(),
        );
        if i == 30 {
            lines.push("{not json".into());
        }
    }
    // A record read again later in the input.
    lines.push(lines[3].clone());
    let (dir, input) = jsonl(&lines);
    let ingest = |data: &std::path::Path, workers: usize| {
        let opts = rasid_pipeline::Options {
            workers,
            link: false,
            progress: false,
            ..Default::default()
        };
        rasid_pipeline::ingest(std::slice::from_ref(&input), data, &opts).unwrap()
    };
    let learned = |data: &std::path::Path| {
        let store = rasid_store::Store::open(data).unwrap();
        ["phrase-frequencies", "learned-names"].map(|k| store.load_state(k).unwrap().unwrap())
    };
    let enriched = |workers: usize| {
        let data = dir.path().join(format!("data{workers}"));
        let summary = ingest(&data, workers);
        assert_eq!((summary.stored, summary.duplicates), (90, 1));
        let store = rasid_store::Store::open(&data).unwrap();
        store
            .articles_after(0, 100)
            .unwrap()
            .into_iter()
            .map(|a| (a.entities, a.key_phrases, a.section))
            .collect::<Vec<_>>()
    };
    let one = enriched(1);
    assert_eq!(one.len(), 90);
    assert!(one[85]
        .0
        .iter()
        .any(|e| e.name == "فهد الزامل" && e.kind == "person"));
    for workers in [4, 3] {
        assert!(
            enriched(workers) == one,
            "{workers} workers tagged otherwise"
        );
    }
    let data = dir.path().join("data4");
    let before = learned(&data);
    assert_eq!(ingest(&data, 4).duplicates, 91);
    assert!(
        learned(&data) == before,
        "records stored before were counted again"
    );
}

/// Enriching the stored articles again (`rasid reindex --enrich`) gives each what the
/// ingest gave it, from an archive whose enrichment was lost, and the rebuilt index finds
/// them by it.
#[test]
fn enriching_again_gives_what_the_ingest_gave() {
    let mut lines = Vec::new();
    for (i, (who, place)) in [
        ("محمد العلي", "بغداد"),
        ("سارة الحسن", "القاهرة"),
        ("خالد المنصور", "عمان"),
    ]
    .iter()
    .enumerate()
    {
        let body = format!(
            "واس- {place}: وقال وزير النقل {who} في {place} إن الحكومة أقرت خطة الحافلات الكهربائية.\n{}",
            PARAGRAPHS.join("\n")
        );
        lines.push(
            serde_json::json!({
                "id": format!("a{i}"),
                "source": "outlet",
                "date": format!("2024-03-0{}T08:00:00Z", 1 + i),
                "title": format!("{who} يعلن خطة النقل في {place}"),
                "body": body,
            })
            .to_string(),
        );
    }
    let (_dir, data, opts) = ingested_records(&lines);
    let read = || stored(&data);
    let ingested = read();
    assert_eq!(ingested.len(), 3);
    assert!(ingested[0]
        .entities
        .iter()
        .any(|e| e.name == "بغداد" && e.kind == "place"));
    assert!(!ingested[0].key_phrases.is_empty());
    let mut lost = ingested.clone();
    for a in &mut lost {
        a.section = None;
        a.section_confidence = None;
        a.entities.clear();
        a.key_phrases.clear();
        a.attributions.clear();
    }
    let mut store = rasid_store::Store::open(&data).unwrap();
    assert_eq!(store.set_enrichment(&lost).unwrap(), 3);
    drop(store);
    assert!(read().iter().all(|a| a.entities.is_empty()));
    assert_eq!(rasid_pipeline::reenrich(&data, &opts).unwrap(), 3);
    let again = read();
    for (a, b) in ingested.iter().zip(&again) {
        assert_eq!(
            (&a.section, &a.entities, &a.key_phrases, &a.body),
            (&b.section, &b.entities, &b.key_phrases, &b.body)
        );
        assert_eq!(b.attributions[0].agency.as_deref(), Some("SPA"));
    }
    assert_eq!(rasid_pipeline::reindex(&data, &opts).unwrap(), 3);
    let index = rasid_search::SearchIndex::open(&data).unwrap();
    let found = index
        .search(&rasid_search::SearchQuery {
            entity: Some("place:القاهرة".into()),
            from: Some(1),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.total, 1);
}

/// `reextract` reads each kept page again: an article whose stored text went stale (as an
/// older extractor left it) gets the page's text, title and date back; a field the page
/// does not give keeps its stored value; a record stored with its text and no page stays.
/// Records as exports write them: numeric ids and Unix times, Arabic-Indic digits in a
/// date, a stray NUL, a URL that is no web address, a date that is no date.
#[test]
fn record_fields_are_read_as_exports_write_them() {
    let body = PARAGRAPHS.join("\n");
    let lines = [
        serde_json::json!({"id": 17, "source": "a", "url": "https://example.com/17", "date": 1_700_000_000, "title": "خبر أول", "body": body}),
        serde_json::json!({"id": "ms", "source": "a", "date": 1_700_000_000_000u64, "title": "خبر ثان", "body": format!("{body} ثان")}),
        serde_json::json!({"id": "indic", "source": "a", "date": "٢٠٢٤-٠٥-٠١", "title": "خبر\u{0}ثالث", "body": format!("{body}\u{0} ثالث")}),
        serde_json::json!({"id": "js", "source": "a", "url": "javascript:alert(1)", "date": "yesterday", "published": "2024-05-02T10:00:00Z", "title": "خبر رابع", "body": format!("{body} رابع")}),
        serde_json::json!({"id": "none", "source": "a", "date": "soon", "title": "خبر خامس", "body": format!("{body} خامس")}),
    ]
    .map(|v| v.to_string());
    let (_dir, data, _) = ingested_records(&lines);
    let got: Vec<_> = stored(&data)
        .into_iter()
        .map(|a| (a.external_id, a.url, a.published, a.title))
        .collect();
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        got,
        [
            (
                some("17"),
                some("https://example.com/17"),
                some("2023-11-14T22:13:20Z"),
                some("خبر أول")
            ),
            (
                some("ms"),
                None,
                some("2023-11-14T22:13:20Z"),
                some("خبر ثان")
            ),
            (
                some("indic"),
                None,
                some("2024-05-01T00:00:00Z"),
                some("خبرثالث")
            ),
            (
                some("js"),
                None,
                some("2024-05-02T10:00:00Z"),
                some("خبر رابع")
            ),
            (some("none"), None, None, some("خبر خامس")),
        ]
    );
    assert!(!stored(&data)[2].body.contains('\u{0}'));
    // What `rasid export` writes besides: the canonical address (the identity), the
    // update time, the lead, authors and the publisher's tags.
    let line = serde_json::json!({"id": "x", "source": "a", "url": "https://example.com/amp/x",
        "canonical_url": "https://example.com/x", "updated": "2024-05-03T09:00:00Z",
        "lead": "مقدمة الخبر", "title": "خبر سادس", "body": format!("{body} سادس"),
        "authors": ["كاتب أول", " ", "كاتب ثان", "كاتب أول", 7], "tags": ["العراق", "بغداد"]})
    .to_string();
    let (_dir, data, _) = ingested_records(&[line]);
    let a = &stored(&data)[0];
    assert_eq!(a.identity, "url:example.com/x");
    assert_eq!(a.updated.as_deref(), Some("2024-05-03T09:00:00Z"));
    assert_eq!(a.lead.as_deref(), Some("مقدمة الخبر"));
    assert_eq!(a.authors, ["كاتب أول", "كاتب ثان"]);
    assert_eq!(a.tags, ["العراق", "بغداد"]);
}

#[test]
fn stored_pages_are_extracted_again() {
    let page = article_page("خطة للنقل العام", "2024-03-05T08:00:00Z", "");
    let lines = [
        serde_json::json!({"id": "p", "source": "outlet", "url": "https://example.com/a/1.html", "html": page}),
        serde_json::json!({"id": "r", "source": "outlet", "title": "خبر نصي", "body": PARAGRAPHS.join("\n")}),
    ]
    .map(|v| v.to_string());
    let (_dir, data, opts) = ingested_records(&lines);
    let read = || stored(&data);
    let ingested = read();
    assert_eq!(ingested.len(), 2);
    assert!(ingested[0].body.contains("شبكة النقل العام"));
    // As an older extractor might have left them: a cut text, no title, no date; and a
    // list of authors the page does not give.
    let mut stale = ingested.clone();
    stale[0].body = "الرئيسية".into();
    stale[0].title = None;
    stale[0].published = None;
    stale[0].authors = vec!["محرر".into()];
    stale[1].body = "نص مخزن".into();
    let mut store = rasid_store::Store::open(&data).unwrap();
    assert_eq!(store.set_extraction(&stale).unwrap(), 2);
    drop(store);
    let done = rasid_pipeline::reextract(&data, &opts).unwrap();
    assert_eq!(
        done,
        rasid_pipeline::Reextracted {
            extracted: 1,
            changed: 1,
            kept: 0,
            without_page: 1
        }
    );
    let again = read();
    assert_eq!(again[0].body, ingested[0].body);
    assert_eq!(again[0].body_hash, ingested[0].body_hash);
    assert_eq!(again[0].title.as_deref(), Some("خطة للنقل العام"));
    assert_eq!(again[0].published, ingested[0].published);
    assert_eq!(again[0].authors, ["محرر"]);
    assert_eq!(again[0].identity, ingested[0].identity);
    assert_eq!(again[1].body, "نص مخزن");
    // Nothing left to change.
    assert_eq!(rasid_pipeline::reextract(&data, &opts).unwrap().changed, 0);
}

#[test]
fn outlets_are_named_as_their_pages_or_records_name_them() {
    let page = article_page("خطة للنقل العام", "2024-03-05T08:00:00Z", "").replace(
        "</head>",
        "<meta property=\"og:site_name\" content=\"صحيفة المثال\"></head>",
    );
    let lines = [
        serde_json::json!({"id": "p", "source": "paper", "url": "https://example.com/a/1.html", "html": page}),
        serde_json::json!({"id": "r", "source": "wire", "source_name": "وكالة المثال", "title": "خبر نصي", "body": PARAGRAPHS.join("\n")}),
        serde_json::json!({"id": "s", "source": "plain", "title": "خبر آخر", "body": PARAGRAPHS[1]}),
    ]
    .map(|v| v.to_string());
    let (_dir, data, _) = ingested_records(&lines);
    let names = rasid_store::Store::open(&data)
        .unwrap()
        .outlet_names()
        .unwrap();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names["paper"], "صحيفة المثال");
    assert_eq!(names["wire"], "وكالة المثال");
}

/// A record's text credits its agency (a dateline, a closing credit): the article keeps it
/// as an attribution, and its story credits the agency as its origin.
#[test]
fn records_credit_the_agency_their_text_names() {
    let body = PARAGRAPHS.join("\n");
    let lines = [
        ("a", "alpha", format!("واس- الرياض: {body}")),
        ("b", "beta", format!("{body}\n(واس)")),
        ("c", "gamma", body.clone()),
    ]
    .map(|(id, source, body)| {
        serde_json::json!({
            "id": id,
            "source": source,
            "date": "2024-03-01T08:00:00Z",
            "title": "الحكومة تعلن خطة الحافلات الكهربائية في العاصمة",
            "body": body,
        })
        .to_string()
    });
    let (dir, input) = jsonl(&lines);
    let data = dir.path().join("data");
    let opts = rasid_pipeline::Options {
        workers: 1,
        progress: false,
        link: true,
        ..Default::default()
    };
    rasid_pipeline::ingest(std::slice::from_ref(&input), &data, &opts).unwrap();
    let store = rasid_store::Store::open(&data).unwrap();
    let articles = store.articles_after(0, 10).unwrap();
    let agencies: Vec<Vec<&str>> = articles
        .iter()
        .map(|a| {
            a.attributions
                .iter()
                .filter_map(|x| x.agency.as_deref())
                .collect()
        })
        .collect();
    assert_eq!(agencies, [vec!["SPA"], vec!["SPA"], vec![]]);
    let story = store.story_of(articles[2].id).unwrap().unwrap();
    assert_eq!(
        store.story(story).unwrap().unwrap().origin.as_deref(),
        Some("SPA")
    );
}

/// A wire service's section slug before a headline (`اقتصادي / …`) is the publisher's
/// section label (economy), not part of the stored title; a section the record names wins
/// over it.
#[test]
fn a_section_slug_heading_a_title_is_the_publishers_section() {
    let body = PARAGRAPHS.join("\n");
    let lines = [
        ("a", "اقتصادي / الحكومة تعلن خطة الحافلات الكهربائية", None),
        ("b", "عام / الحكومة تعلن خطة الحافلات", None),
        (
            "c",
            "رياضي / الحكومة تعلن خطة الحافلات في العاصمة",
            Some("politics"),
        ),
        ("d", "مصر / الحكومة تعلن خطة الحافلات", None),
    ]
    .map(|(id, title, section)| {
        serde_json::json!({
            "id": id,
            "source": "alpha",
            "title": title,
            "body": format!("{body}\n{id}"),
            "section": section,
        })
        .to_string()
    });
    let (_dir, data, _) = ingested_records(&lines);
    let articles = stored(&data);
    assert_eq!(articles[0].section.as_deref(), Some("economy"));
    let read: Vec<(String, Option<String>)> = articles
        .into_iter()
        .map(|a| (a.title.unwrap(), a.publisher_section))
        .collect();
    let want = [
        ("الحكومة تعلن خطة الحافلات الكهربائية", Some("اقتصادي")),
        ("الحكومة تعلن خطة الحافلات", None),
        ("الحكومة تعلن خطة الحافلات في العاصمة", Some("politics")),
        ("مصر / الحكومة تعلن خطة الحافلات", None),
    ]
    .map(|(t, s)| (t.to_owned(), s.map(str::to_owned)));
    assert_eq!(read, want);
}

/// Other stories' leads a scrape glued after a record's body (dated, each opening a
/// story of its own) are not stored as its text, nor credited: the article's people and
/// places are its own.
#[test]
fn other_stories_leads_glued_after_a_record_are_left_out() {
    let glued = [
        "أعلن وزير المالية الروسي، الأحد، أن بلاده ستواصل خفض حيازتها من السندات الأمريكية خلال العام.",
        "قال الرئيس التركي، السبت، إن بلاده تستعد لاستخدام العملات المحلية في تجارتها مع عدة دول.",
        "كشفت وزارة العدل، الخميس، عن تلقي محاكم التنفيذ أكثر من سبعين ألف طلب خلال شهر واحد (أ ف ب).",
    ];
    let body = format!("{}\n{}", PARAGRAPHS.join("\n"), glued.join("\n"));
    let line = serde_json::json!({
        "id": "t1",
        "source": "alpha",
        "date": "2024-03-01T08:00:00Z",
        "title": "الحكومة تعلن خطة الحافلات الكهربائية في العاصمة",
        "body": body,
    })
    .to_string();
    let (_dir, data, _) = ingested_records(&[line]);
    let a = &stored(&data)[0];
    assert!(a.body.ends_with(PARAGRAPHS[3]), "{}", a.body);
    assert!(a.attributions.is_empty(), "{:?}", a.attributions);
    assert!(!a.body.contains("الرئيس التركي"));
}

/// What linking reads of an article, taken from enrichment's reading, is what the
/// link stage reads of its text — or `None` where it cannot be.
#[test]
fn link_terms_from_enrichment_equal_the_link_stage_reading() {
    let title = "وزير النقل يعلن خطة الحافلات الكهربائية في جدة";
    let lead = "أعلن وزير النقل اليوم خطة جديدة للحافلات الكهربائية.";
    let sentence = "وقال الوزير إن المرحلة الأولى من الخطة تبدأ العام المقبل وتشمل ٢٠ خطا و#النقل_العام في الأحياء الشرقية The plan costs 3.5 billion. ";
    let short = format!("{lead}\n\n{}", sentence.repeat(3));
    let long = format!("{lead}\n\n{}", sentence.repeat(60));
    let with_url = format!("https://example.com/a {long}");
    for (body, handed) in [(&short, true), (&long, true), (&with_url, false)] {
        let read = rasid_link::prepare(&rasid_link::ArticleIn {
            id: 1,
            time: 0,
            outlet: None,
            title,
            lead,
            body,
        })
        .with_places(rasid_pipeline::title_places(title));
        // The town and its province.
        assert_eq!(read.terms().places().len(), 2);
        let terms = rasid_enrich::terms::Terms::new(title, body);
        match rasid_pipeline::link_terms(&terms, lead) {
            Some(t) => {
                assert!(handed, "{body}");
                assert_eq!(&t, read.terms());
            }
            None => assert!(!handed, "{body}"),
        }
    }
}

/// Three events of one day, each reported by four outlets in their own order of
/// sentences, as JSONL records in the order of publication: outlet by outlet, an
/// article every hour.
fn three_events_four_outlets() -> Vec<String> {
    let events: [(&str, [&str; 4]); 3] = [
        (
            "الحكومة تطلق خطة الحافلات الكهربائية في العاصمة",
            [
                "أطلقت الحكومة خطة لتشغيل الحافلات الكهربائية في شوارع العاصمة بدءا من الشهر المقبل.",
                "وقال وزير النقل إن مئتي حافلة كهربائية ستعمل على الخطوط الشرقية في المرحلة الأولى.",
                "وتهدف الخطة إلى خفض التلوث وتقليص زمن التنقل اليومي للموظفين والطلاب.",
                "وستبنى محطات شحن جديدة قرب المواقف الرئيسية للحافلات.",
            ],
        ),
        (
            "جولة جديدة من مفاوضات سد النهضة في الخرطوم",
            [
                "بدأت في الخرطوم جولة جديدة من المفاوضات بين مصر والسودان وإثيوبيا حول سد النهضة.",
                "وقال وزير الري المصري إن بلاده تريد اتفاقا ملزما بشأن ملء الخزان وتشغيله.",
                "وأكدت إثيوبيا أن السد ضروري لتوليد الكهرباء ولن يضر بحصص المياه.",
                "ويشارك مراقبون من الاتحاد الأفريقي في جلسات التفاوض التي تستمر ثلاثة أيام.",
            ],
        ),
        (
            "افتتاح معرض الرياض الدولي للكتاب بمشاركة ألف دار نشر",
            [
                "افتتح معرض الرياض الدولي للكتاب أبوابه للزوار بمشاركة ألف دار نشر عربية وأجنبية.",
                "ويضم المعرض أجنحة للروايات وكتب الأطفال وندوات يومية يحضرها كتاب وشعراء.",
                "وقالت هيئة الأدب والنشر إن عدد الزوار المتوقع يتجاوز مليون زائر.",
                "ويستمر المعرض عشرة أيام في واجهة الرياض.",
            ],
        ),
    ];
    let mut lines = Vec::new();
    for outlet in 0..4 {
        for (t, (title, sentences)) in events.iter().enumerate() {
            let body: Vec<&str> = (0..4).map(|i| sentences[(i + outlet) % 4]).collect();
            lines.push(
                serde_json::json!({
                    "id": format!("{t}-{outlet}"),
                    "source": format!("outlet{outlet}"),
                    "date": format!("2024-03-01T{:02}:00:00Z", outlet * 3 + t),
                    "title": format!("{title} ({outlet})"),
                    "body": body.join("\n"),
                })
                .to_string(),
            );
        }
    }
    lines
}

/// A crawl links what each round brought, a few articles at a time; settling the open
/// run after each round leaves the stories an ingest of the same articles makes. Moving
/// articles keeps the stories' provenance true: a story that gains or loses members is
/// recomputed, an emptied one is recorded as moved, and settling keeps an old id where
/// its articles had it.
#[test]
fn a_crawl_settles_into_the_stories_of_an_ingest() {
    let lines = three_events_four_outlets();
    let same = |v: &[i64]| -> Vec<bool> {
        v.iter()
            .flat_map(|a| v.iter().map(move |b| a == b))
            .collect()
    };
    let stories_of = |store: &rasid_store::Store| -> Vec<i64> {
        (1..=12)
            .map(|id| store.story_of(id).unwrap().unwrap())
            .collect()
    };
    // An ingest.
    let (dir, input) = jsonl(&lines);
    let opts = rasid_pipeline::Options {
        workers: 1,
        progress: false,
        link: true,
        ..Default::default()
    };
    let archive = dir.path().join("archive");
    rasid_pipeline::ingest(std::slice::from_ref(&input), &archive, &opts).unwrap();
    let ingested = stories_of(&rasid_store::Store::open(&archive).unwrap());
    assert_eq!(
        ingested
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len(),
        3
    );
    // A crawl, one article a round.
    let mut live = Live::open(&dir.path().join("live")).unwrap();
    for (i, line) in lines.iter().enumerate() {
        live.add(rasid_pipeline::Item {
            position: format!("round {i}"),
            kind: rasid_pipeline::ItemKind::Record(serde_json::from_str(line).unwrap()),
        })
        .unwrap();
        live.commit().unwrap();
        assert_eq!(live.link(1).unwrap(), 1);
    }
    let crawled = stories_of(live.store());
    assert_eq!(same(&crawled), same(&ingested), "{crawled:?} {ingested:?}");

    // Chained (every article moved into the first one's story), then settled.
    let store = live.store_mut();
    let chained = crawled[0];
    let others: Vec<i64> = crawled.iter().copied().filter(|&s| s != chained).collect();
    let moves: Vec<rasid_store::StoryLink> = (1..=12)
        .filter(|&a| crawled[a as usize - 1] != chained)
        .map(|article| rasid_store::StoryLink {
            article,
            story: chained,
            new: false,
            representative: 1,
        })
        .collect();
    store.move_articles(&moves).unwrap();
    assert_eq!(store.count_stories().unwrap(), 1);
    let one = store.story(chained).unwrap().unwrap();
    assert_eq!(one.articles.len(), 12);
    // An emptied story's link leads to where its article is now.
    assert_eq!(store.story(others[0]).unwrap().unwrap().id, chained);

    let old_max = store.max_story_id().unwrap();
    assert_eq!(rasid_pipeline::settle(store, 1).unwrap(), 8);
    let settled = stories_of(store);
    assert_eq!(same(&settled), same(&ingested), "{settled:?}");
    // One of the three keeps the chained story's id; the others are new.
    let ids: std::collections::BTreeSet<i64> = settled.iter().copied().collect();
    assert_eq!(ids.iter().filter(|&&s| s == chained).count(), 1, "{ids:?}");
    assert!(ids.iter().filter(|&&s| s != chained).all(|&s| s > old_max));
    assert_eq!(store.count_stories().unwrap(), 3);
    for &id in &ids {
        let s = store.story(id).unwrap().unwrap();
        assert_eq!(s.articles.len(), 4, "{s:?}");
        assert_eq!(s.outlets.len(), 4, "{s:?}");
    }
    // Settled again with nothing new: nothing moves.
    assert_eq!(rasid_pipeline::settle(store, 1).unwrap(), 0);
}

/// A long-lived writer keeps what linking analysed of the articles in view from one
/// round to the next; its stories are those of linking and settling afresh every round,
/// also when an article's text is replaced during the crawl.
#[test]
fn a_crawl_remembering_its_reading_links_as_one_reading_afresh() {
    let lines = three_events_four_outlets();
    let item = |line: &str, i: usize| rasid_pipeline::Item {
        position: format!("round {i}"),
        kind: rasid_pipeline::ItemKind::Record(serde_json::from_str(line).unwrap()),
    };
    let dir = tempfile::tempdir().unwrap();
    let mut remembering = Live::open(&dir.path().join("remembering")).unwrap();
    let mut afresh = Live::open(&dir.path().join("afresh")).unwrap();
    for (i, line) in lines.iter().enumerate() {
        for (live, remember) in [(&mut remembering, true), (&mut afresh, false)] {
            live.add(item(line, i)).unwrap();
            live.commit().unwrap();
            if remember {
                assert_eq!(live.link(1).unwrap(), 1);
            } else {
                assert_eq!(
                    rasid_pipeline::link_unlinked(live.store_mut(), 1).unwrap(),
                    1
                );
                rasid_pipeline::settle(live.store_mut(), 1).unwrap();
            }
            if i == 6 {
                // The second event's first report rewritten as a report of the first.
                let rewritten = lines[3].replace("(1)", "(0, corrected)");
                live.replace(2, item(&rewritten, i)).unwrap();
                live.commit().unwrap();
            }
        }
    }
    assert!(remembering.remembered() > 0);
    let stories = |live: &Live| -> Vec<i64> {
        (1..=12)
            .map(|id| live.store().story_of(id).unwrap().unwrap())
            .collect()
    };
    assert_eq!(stories(&remembering), stories(&afresh));
    // The rewritten article ends with the first event's reports.
    let s = stories(&remembering);
    assert_eq!(s[1], s[0], "{s:?}");
}

/// Site rules, as an operator uses them: a site the generic extraction gets wrong is
/// crawled, a rule written into the data directory's `sites.toml` fixes its stored
/// articles (`rasid reindex --extract`) and applies to the next crawl round without a
/// restart; a rule file with a mistake stops nothing that runs and is named with its line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_rules_fix_a_site_the_generic_extraction_gets_wrong() {
    let (base, site) = serve().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let rules = data.join(rasid_pipeline::sites::FILE);
    // A mistake in the file: nothing opens, and the error says where.
    std::fs::write(&rules, RULE.replace(".story-text", ".story-text:first")).unwrap();
    let e = Live::open(&data)
        .err()
        .expect("a bad rule file is an error")
        .to_string();
    assert!(
        e.contains("sites.toml:3: selector `.story-text:first`"),
        "{e}"
    );
    std::fs::remove_file(&rules).unwrap();

    let live = Arc::new(Mutex::new(Live::open(&data).unwrap()));
    live.lock()
        .unwrap()
        .store()
        .add_feed(&NewFeed {
            url: &format!("{base}/ruled.xml"),
            ..Default::default()
        })
        .unwrap();
    let fetcher = local_fetcher();
    let opts = CrawlOptions::default();
    let report = crawl(&live, &fetcher, &opts).await.unwrap();
    assert_eq!(report.stored, 1, "{report:?}");
    let article = || stored(&data).remove(0);
    let generic = article();
    assert!(generic.body.contains("مواقف للسيارات"), "{}", generic.body);

    // The rule, picked up by the running writer at the next round.
    std::fs::write(&rules, RULE).unwrap();
    let report = crawl(&live, &fetcher, &opts).await.unwrap();
    assert!(report.errors.is_empty(), "{report:?}");
    assert_eq!(live.lock().unwrap().site_rules(), 1);
    // Stored articles follow it once extracted again.
    let done = rasid_pipeline::reextract(&data, &rasid_pipeline::Options::default()).unwrap();
    assert_eq!(done.changed, 1, "{done:?}");
    let ruled = article();
    assert_eq!(
        ruled.body,
        "افتتحت البلدية صباح اليوم مكتبة عامة جديدة في المدينة القديمة تضم أكثر من عشرين ألف كتاب.\n\n\
         وقال رئيس البلدية إن المكتبة ستفتح أبوابها يوميا حتى العاشرة مساء."
    );
    assert_eq!(
        ruled.title.as_deref(),
        Some("افتتاح مكتبة عامة جديدة في المدينة القديمة")
    );
    assert_eq!(ruled.published.as_deref(), Some("2024-09-05T00:00:00Z"));

    // A page of a layout the rule does not know: read without it, and reported.
    site.version.store(1, Ordering::SeqCst);
    let every = CrawlOptions {
        all: true,
        ..CrawlOptions::default()
    };
    let report = crawl(&live, &fetcher, &every).await.unwrap();
    assert_eq!(report.stored, 1, "{report:?}");
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains("/r/2.html") && e.contains("matched nothing")),
        "{report:?}"
    );
    assert!(stored(&data)[1].body.contains("شبكة النقل العام"));

    // A mistake made while the server runs: the round goes on with the rules it had.
    std::fs::write(&rules, format!("{RULE}remove = 3\n")).unwrap();
    let report = crawl(&live, &fetcher, &opts).await.unwrap();
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains("site rules not read again") && e.contains("sites.toml:")),
        "{report:?}"
    );
    assert_eq!(live.lock().unwrap().site_rules(), 1);
}

/// A site rule that no longer finds its content (the site changed its pages) does not
/// lose the article: the page is read without it, and the ingest counts and names it.
#[test]
fn a_site_rule_that_finds_nothing_is_reported_and_the_page_still_read() {
    let lines = [serde_json::json!({"id": "r", "source": "outlet", "url": "https://www.example.com/a/1.html",
        "html": article_page("خطة للنقل العام", "2024-03-05T08:00:00Z", "")})
    .to_string()];
    let (dir, input) = jsonl(&lines);
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join(rasid_pipeline::sites::FILE),
        "[[site]]\nhost = \"example.com\"\ncontent = \"div.old-layout\"\n",
    )
    .unwrap();
    let opts = rasid_pipeline::Options {
        workers: 1,
        progress: false,
        ..Default::default()
    };
    let summary = rasid_pipeline::ingest(std::slice::from_ref(&input), &data, &opts).unwrap();
    assert_eq!(summary.stored, 1);
    assert_eq!(
        summary.site_rule_missed,
        (1, vec!["https://www.example.com/a/1.html".to_owned()])
    );
    assert!(stored(&data)[0].body.contains("شبكة النقل العام"));
}

/// With a PostgreSQL store, workers store (any number, each with its own data directory)
/// and the server indexes and links: what a worker stores or replaces is found in the
/// server's index after its next `follow`, and only once.
#[test]
fn a_server_indexes_what_workers_store_and_replace_in_a_shared_store() {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = rasid_store::test_postgres_database() else {
        return; // RASID_TEST_POSTGRES unset
    };
    let config = format!("[store]\nurl = \"{url}\"\n");
    let [server_dir, worker_dir] = ["server", "worker"].map(|d| dir.path().join(d));
    for d in [&server_dir, &worker_dir] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("rasid.toml"), &config).unwrap();
    }
    let mut server = Live::open(&server_dir).unwrap();
    let mut worker = Live::open_worker(&worker_dir).unwrap();
    assert!(Live::open_worker(&dir.path().join("sqlite")).is_err());
    let item = |line: &str| rasid_pipeline::Item {
        position: "test".into(),
        kind: rasid_pipeline::ItemKind::Record(serde_json::from_str(line).unwrap()),
    };
    let lines = three_events_four_outlets();
    let mut ids = Vec::new();
    for line in &lines[..6] {
        ids.push(worker.add(item(line)).unwrap().article().unwrap());
    }
    worker.commit().unwrap();
    assert_eq!(worker.link(1).unwrap(), 0, "a worker does not link");
    // The server stores one itself between.
    server.add(item(&lines[6])).unwrap();
    server.commit().unwrap();
    assert_eq!(server.follow().unwrap(), 0);
    // Both saved what they learned: the store holds the counts of all seven articles
    // (the server's save added its one to the worker's six).
    let phrases = server
        .store()
        .load_state("phrase-frequencies")
        .unwrap()
        .unwrap();
    let phrases = rasid_enrich::keyphrases::PhraseFrequencies::import(&phrases).unwrap();
    assert_eq!(phrases.docs(), 7);
    let index = rasid_search::SearchIndex::open(&server_dir).unwrap();
    let count = |text: &str| {
        index.refresh().unwrap();
        index
            .search(&rasid_search::SearchQuery {
                text: text.into(),
                limit: 20,
                ..Default::default()
            })
            .unwrap()
            .total
    };
    assert_eq!(count("الحافلات"), 2 + 1);
    assert_eq!(server.link(1).unwrap(), 7);
    // A worker replaces an article's text: the server indexes the new one instead.
    let mut v: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    v["body"] = "نص جديد عن القطارات السريعة بين المدن.".into();
    v["title"] = "القطارات السريعة بين المدن".into();
    assert_eq!(
        worker.replace(ids[0], item(&v.to_string())).unwrap(),
        rasid_pipeline::live::Outcome::Updated(ids[0])
    );
    worker.commit().unwrap();
    assert_eq!(server.follow().unwrap(), 1);
    assert_eq!(count("القطارات"), 1);
    assert_eq!(count("الحافلات"), 2);
    assert_eq!(server.follow().unwrap(), 0);
    // A server started afresh finds every article once.
    drop(server);
    let mut server = Live::open(&server_dir).unwrap();
    assert_eq!(count("الحافلات"), 2);
    assert_eq!(count("القطارات"), 1);
    // A second server follows for reading while the first links; when the first is
    // gone, it links in its place.
    let reader_dir = dir.path().join("reader");
    std::fs::create_dir_all(&reader_dir).unwrap();
    std::fs::write(reader_dir.join("rasid.toml"), &config).unwrap();
    assert!(Live::open(&reader_dir).is_err(), "one linking server");
    let mut reader = Live::open_follower(&reader_dir).unwrap();
    for line in &lines[7..] {
        worker.add(item(line)).unwrap();
    }
    worker.commit().unwrap();
    assert_eq!(reader.follow().unwrap(), lines.len() as u64 - 7);
    assert_eq!(reader.link(1).unwrap(), 0, "the first server links");
    assert!(!reader.links());
    // The database restarts: each opens its connection again, the linking server its
    // claim with it.
    rasid_store::test_postgres_cut_sessions(&url);
    assert_eq!(server.follow().unwrap(), lines.len() as u64 - 7);
    assert_eq!(reader.link(1).unwrap(), 0);
    assert!(server.links() && !reader.links());
    drop(server);
    assert_eq!(reader.link(1).unwrap(), lines.len() as u64 - 7);
    assert!(reader.links());
    let stories = reader.store().stories(None, 100).unwrap();
    assert_eq!(stories.iter().filter(|s| s.articles.len() > 1).count(), 3);
    // and a server started again is the follower now.
    assert!(Live::open(&server_dir).is_err());
    // Cut off, and its claim taken by another meanwhile, a linking server follows from
    // then on: the database restarts, and the other server asks first (once the
    // reader's old session has ended).
    let mut server = Live::open_follower(&server_dir).unwrap();
    rasid_store::test_postgres_cut_sessions(&url);
    for _ in 0..50 {
        assert_eq!(server.link(1).unwrap(), 0, "nothing left to link");
        if server.links() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(server.links());
    assert_eq!(reader.link(1).unwrap(), 0);
    assert!(!reader.links(), "the reader lost the claim");
    assert_eq!(reader.follow().unwrap(), 0);
}
