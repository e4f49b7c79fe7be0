//! The JSON API over a real HTTP server on 127.0.0.1, backed by a real store and index.

use rasid_search::SearchIndex;
use rasid_store::{body_hash, identity, now_rfc3339, ArticleRecord, Store};
use std::io::{Read, Write};

fn get(addr: std::net::SocketAddr, path: &str) -> (u16, serde_json::Value) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    let status: u16 = buf[9..12].parse().unwrap();
    let body = &buf[buf.find("\r\n\r\n").unwrap() + 4..];
    // The body may be chunked; take the JSON object inside.
    let json = &body[body.find('{').unwrap()..=body.rfind('}').unwrap()];
    (status, serde_json::from_str(json).unwrap())
}

/// An archive in `dir` holding `records` (ids 1, 2, … in order): stored, and indexed as
/// the pipeline indexes them.
fn archive(dir: &std::path::Path, records: Vec<ArticleRecord>) -> (Store, SearchIndex) {
    let mut store = Store::open(dir).unwrap();
    let index = SearchIndex::open(dir).unwrap();
    let mut w = index.writer(1, 50_000_000).unwrap();
    let mut batch: Vec<(ArticleRecord, Option<rasid_store::RawPage<'_>>)> = records
        .into_iter()
        .map(|mut a| {
            a.body_hash = body_hash(&a.body);
            a.identity = identity(None, None, &a.body_hash);
            a.ingested_at = now_rfc3339();
            (a, None)
        })
        .collect();
    store.insert_batch(&mut batch).unwrap();
    for (a, _) in &batch {
        index.add(&w, &rasid_pipeline::index_doc(a)).unwrap();
    }
    index.commit(&mut w, batch.len() as i64).unwrap();
    (store, index)
}

/// `state` served on a free port of 127.0.0.1 by a runtime of its own (kept alive by the
/// caller).
fn serve(
    state: std::sync::Arc<rasid_server::AppState>,
) -> (tokio::runtime::Runtime, std::net::SocketAddr) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, rasid_server::router(state)).await });
    (rt, addr)
}

/// A place entity mentioned once.
fn place(name: &str) -> rasid_store::EntityMention {
    rasid_store::EntityMention {
        name: name.into(),
        kind: "place".into(),
        mentions: 1,
    }
}

#[test]
fn search_articles_and_health() {
    let dir = tempfile::tempdir().unwrap();
    {
        let bodies = [
            "اجتمع المسؤولين العراقيين مع الوفد الأمريكي في بغداد لبحث انسحاب قوات التحالف.",
            "فاز النصر على الهلال في مباراة الدوري السعودي أمس.",
        ];
        let records = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| ArticleRecord {
                outlet: Some(if i == 0 { "alpha" } else { "beta" }.into()),
                title: Some(format!("خبر {i}")),
                body: (*b).into(),
                published: Some("2024-09-05T10:00:00Z".into()),
                entities: vec![place("العراق")],
                ..Default::default()
            })
            .collect();
        let (mut store, _index) = archive(dir.path(), records);
        // One story holding both (as the link stage would write it).
        let links = [(1, true), (2, false)].map(|(article, new)| rasid_store::StoryLink {
            article,
            story: 7,
            new,
            representative: 1,
        });
        store.link_articles(&links).unwrap();
    }
    let state = rasid_server::AppState::open(dir.path()).unwrap();
    let (_rt, addr) = serve(state);

    let (status, h) = get(addr, "/healthz");
    assert_eq!((status, h["status"].as_str()), (200, Some("ok")));
    assert_eq!(h["articles"], 2);

    // مسؤول (official) finds المسؤولين (the officials).
    let q = "%D9%85%D8%B3%D8%A4%D9%88%D9%84";
    let (status, r) = get(addr, &format!("/api/v1/search?q={q}&limit=5"));
    assert_eq!(status, 200);
    assert_eq!(r["total"], 1);
    let hit = &r["results"][0];
    assert_eq!(hit["source"], "alpha");
    assert!(hit["snippet"]
        .as_str()
        .unwrap()
        .contains("<b>المسؤولين</b>"));
    for key in [
        "id",
        "story",
        "external_id",
        "title",
        "url",
        "published",
        "score",
    ] {
        assert!(hit.get(key).is_some(), "missing {key}");
    }
    let (_, r) = get(addr, &format!("/api/v1/search?q={q}&source=beta"));
    assert_eq!(r["total"], 0);
    // Entities filter and count (place:العراق, percent-encoded).
    let iraq = "place%3A%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82";
    let (status, r) = get(
        addr,
        &format!("/api/v1/search?q={q}&entity={iraq}&facets=true"),
    );
    assert_eq!(status, 200);
    assert_eq!(r["total"], 1);
    assert_eq!(r["facets"]["entity"][0]["value"], "place:العراق");
    let (_, r) = get(addr, &format!("/api/v1/search?q={q}&entity=place%3Ax"));
    assert_eq!(r["total"], 0);
    // A name without its kind matches it of any kind; with the wrong kind, nothing.
    let bare = &iraq["place%3A".len()..];
    let (_, r) = get(addr, &format!("/api/v1/search?q={q}&entity={bare}"));
    assert_eq!(r["total"], 1);
    let (_, r) = get(
        addr,
        &format!("/api/v1/search?q={q}&entity=person%3A{bare}"),
    );
    assert_eq!(r["total"], 0);
    // Keyset paging: خبر matches both, one per page.
    let news = "%D8%AE%D8%A8%D8%B1";
    let mut seen = Vec::new();
    let mut path = format!("/api/v1/search?q={news}&limit=1&sort=date");
    loop {
        let (status, r) = get(addr, &path);
        assert_eq!(status, 200, "{r}");
        assert_eq!(r["total"], 2);
        seen.extend(
            r["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].clone()),
        );
        match r["next"].as_str() {
            Some(next) => path = format!("/api/v1/search?q={news}&limit=1&sort=date&cursor={next}"),
            None => break,
        }
        assert!(seen.len() <= 2, "paging must end");
    }
    assert_eq!(
        seen,
        [serde_json::json!(2), serde_json::json!(1)],
        "newest (then highest id) first, once each"
    );
    let (status, e) = get(addr, &format!("/api/v1/search?q={news}&cursor=nonsense"));
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );

    let (status, a) = get(addr, "/api/v1/articles/2");
    assert_eq!(status, 200);
    assert_eq!(a["outlet"], "beta");
    let (status, e) = get(addr, "/api/v1/articles/99");
    assert_eq!(status, 404);
    assert_eq!(e["error"]["code"], "not_found");
    let (status, r) = get(addr, "/api/v1/stories?limit=5");
    assert_eq!(status, 200);
    assert!(r["next"].is_null(), "one story: no next page");
    let (status, r) = get(addr, "/api/v1/stories?limit=1");
    assert_eq!(status, 200);
    let next = r["next"]
        .as_str()
        .expect("a full page has a cursor")
        .to_owned();
    let (status, r2) = get(addr, &format!("/api/v1/stories?limit=1&cursor={next}"));
    assert_eq!(status, 200);
    assert_eq!(r2["stories"].as_array().unwrap().len(), 0);
    let (status, e) = get(addr, "/api/v1/stories?cursor=nonsense");
    assert_eq!(status, 400);
    assert_eq!(e["error"]["code"], "bad_request");
    let story = &r["stories"][0];
    assert_eq!(story["id"], 7);
    assert_eq!(story["title"], "خبر 0");
    assert_eq!(story["outlets"], serde_json::json!(["alpha", "beta"]));
    assert_eq!(story["first_published"], "2024-09-05T10:00:00Z");
    let (status, one) = get(addr, "/api/v1/stories/7");
    assert_eq!(
        (status, one["articles"].as_array().unwrap().len()),
        (200, 2)
    );
    let (status, _) = get(addr, "/api/v1/stories/8");
    assert_eq!(status, 404);
    let (status, r) = get(addr, "/api/v1/articles/1/related");
    assert_eq!(status, 200);
    assert_eq!(r["story"], 7);
    assert_eq!(r["related"][0]["id"], 2);
    assert_eq!(r["related"][0]["reason"], "same story");
    let (status, _) = get(addr, "/api/v1/articles/99/related");
    assert_eq!(status, 404);
    let (status, e) = get(addr, "/api/v1/stories?since=soon");
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    let (status, e) = get(addr, "/api/v1/search?q=x&from=yesterday");
    assert_eq!(status, 400);
    assert_eq!(e["error"]["code"], "bad_request");
    // What schemathesis found against the OpenAPI document: every bad parameter is
    // answered with the JSON error — never axum's plain-text rejection, never a dropped
    // connection (a span whose last letter is two bytes long panicked).
    for path in [
        "/api/v1/stories?since=%C2%B1%C3%92",
        "/api/v1/stories?since=%20",
        "/api/v1/stories?since=99999999999999999w",
        "/api/v1/search?limit=-1",
        "/api/v1/search?offset=x",
        "/api/v1/tags?limit=-1",
        "/api/v1/articles/99999999999999999999",
        "/api/v1/articles/1/related?limit=-1",
    ] {
        let (status, e) = get(addr, path);
        assert_eq!(
            (status, e["error"]["code"].as_str()),
            (400, Some("bad_request")),
            "{path}"
        );
    }
    // A headline pasted with its colon; days of any year OpenAPI's `date` allows.
    for path in [
        format!("/api/v1/search?q={news}:"),
        format!("/api/v1/search?q=%22{news}"),
        "/api/v1/stories?since=0001-01-01".to_owned(),
        "/api/v1/search?q=x&from=0002-04-03".to_owned(),
    ] {
        assert_eq!(get(addr, &path).0, 200, "{path}");
    }
}

/// A GET with extra request headers: status, response headers (lower-cased), body.
fn fetch(addr: std::net::SocketAddr, path: &str, extra: &str) -> (u16, String, String) {
    send(addr, "GET", path, extra, "")
}

/// An archive of three articles written here: two outlets' reports of one event (one
/// story), and an unrelated one.
fn reader_fixture(dir: &std::path::Path) {
    let rows = [
        ("alpha", "اتفاق على انسحاب قوات التحالف من العراق", "أعلنت بغداد وواشنطن اتفاقا على انسحاب قوات التحالف الدولي من العراق خلال عامين.\n\nوقال مسؤول عراقي إن الاتفاق يشمل جدولا زمنيا.", "2024-09-05T10:00:00Z", "politics"),
        ("beta", "بغداد وواشنطن تتفقان على جدول انسحاب التحالف", "توصلت بغداد وواشنطن إلى اتفاق على انسحاب قوات التحالف الدولي من العراق.\n\nوأكد المتحدث أن الانسحاب يبدأ العام المقبل.", "2024-09-05T12:00:00Z", "politics"),
        ("gamma", "الهلال يفوز على النصر", "فاز الهلال على النصر في مباراة الدوري السعودي مساء أمس بهدفين.", "2024-09-05T13:00:00Z", "sports"),
    ];
    let records = rows
        .iter()
        .map(|(outlet, title, body, date, section)| ArticleRecord {
            outlet: Some((*outlet).into()),
            // One outlet names itself on its pages (og:site_name).
            outlet_name: (*outlet == "beta").then(|| "بيتا نيوز".into()),
            url: Some(format!("https://{outlet}.example/news/1")),
            title: Some((*title).into()),
            body: (*body).into(),
            published: Some((*date).into()),
            lang: Some("ar".into()),
            dir: Some("rtl".into()),
            section: Some((*section).into()),
            // The coalition story came from Reuters.
            attributions: (*section == "politics")
                .then(|| rasid_extract::Attribution {
                    name: "رويترز".into(),
                    kind: rasid_extract::AttributionKind::Agency,
                    agency: Some("Reuters".into()),
                    text: "بغداد (رويترز) -".into(),
                })
                .into_iter()
                .collect(),
            key_phrases: vec!["التحالف الدولي".into(), "العراق".into()],
            entities: vec![rasid_store::EntityMention {
                mentions: 2,
                ..place("العراق")
            }],
            images: vec![rasid_extract::Media {
                // An image the test browser can load without a network.
                url: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='3'%3E%3Crect width='4' height='3' fill='%230b6e4f'/%3E%3C/svg%3E".into(),
                caption: None,
            }],
            ..Default::default()
        })
        .collect();
    let (mut store, _index) = archive(dir, records);
    let links = [(1, 1, true), (2, 1, false), (3, 2, true)].map(|(article, story, new)| {
        rasid_store::StoryLink {
            article,
            story,
            new,
            representative: if story == 1 { 1 } else { 3 },
        }
    });
    store.link_articles(&links).unwrap();
}

#[test]
fn the_reader_pages_feeds_and_headers() {
    let dir = tempfile::tempdir().unwrap();
    reader_fixture(dir.path());
    let state = rasid_server::AppState::open(dir.path()).unwrap();
    let (_rt, addr) = serve(state);

    // A source's page as the server's first request: headed by the outlet's own name.
    let (_, _, beta) = fetch(addr, "/source/beta", "");
    assert!(
        beta.contains("<h1 dir=\"auto\">بيتا نيوز</h1>"),
        "an outlet by its own name: {beta}"
    );
    // An entity facet shows the name; its link keeps the kind.
    assert!(beta.contains("dir=\"auto\">العراق <span"), "{beta}");

    // A mangled link: the reader's own 400 page, not a line of plain text.
    for path in ["/?page=x", "/search?q=x&page=-1", "/tag/x?page=abc"] {
        let (status, head, body) = fetch(addr, path, "");
        assert_eq!(status, 400, "{path}");
        assert!(head.contains("content-type: text/html"), "{path}: {head}");
        assert!(body.contains("dir=\"rtl\""), "{path}: {body}");
    }

    // Home: right to left, the story with its outlets, the section tabs.
    let (status, head, body) = fetch(addr, "/", "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<html lang=\"ar\" dir=\"rtl\">"), "{body}");
    assert!(body.contains("/story/1"), "{body}");
    assert!(body.contains("مصدران"), "two outlets, in the dual: {body}");
    assert!(body.contains("/?section=sports"));
    // Who and what is in the news opens the page: the place all three articles name.
    let strip = body
        .split("<nav class=\"rising\"")
        .nth(1)
        .expect("a strip of names in the news")
        .split("</nav>")
        .next()
        .unwrap();
    assert!(strip.contains("href=\"/entity/place%3A"), "{strip}");
    assert!(
        head.contains("content-security-policy: default-src 'none'"),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"));
    assert!(head.contains("x-frame-options: deny"));
    // The stylesheet is served under its hashed name.
    let css = body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let (status, head, _) = fetch(addr, css, "");
    assert_eq!(status, 200);
    assert!(head.contains("immutable"));
    // English, on request, with Latin digits.
    let (_, _, en) = fetch(addr, "/", "Cookie: lang=en\r\n");
    assert!(
        en.contains("<html lang=\"en\" dir=\"ltr\">") && en.contains("2 outlets"),
        "{en}"
    );
    // The origin agency by the name each reader knows it by.
    assert!(en.contains("Origin: <bdi>Reuters</bdi>"), "{en}");
    let (_, _, ar) = fetch(addr, "/", "");
    assert!(ar.contains("المصدر الأصلي: <bdi>رويترز</bdi>"), "{ar}");
    let (status, head, _) = fetch(addr, "/settings?lang=en&back=/story/1", "");
    assert_eq!(status, 303);
    assert!(
        head.contains("set-cookie: lang=en")
            && head.contains("httponly")
            && head.contains("location: /story/1"),
        "{head}"
    );
    let (_, head, _) = fetch(addr, "/settings?lang=en&back=//evil.example/", "");
    assert!(
        head.contains("location: /\r\n") || head.ends_with("location: /"),
        "{head}"
    );

    // Story: its lead, both outlets, the timeline, shared tags and entities as links.
    let (status, _, story) = fetch(addr, "/story/1", "");
    assert_eq!(status, 200);
    for needle in [
        "class=\"summary\"",
        "alpha",
        "بيتا نيوز",
        "/source/beta",
        "/article/1",
        "/article/2",
        "/tag/",
        "/entity/place%3A",
        // The coverage: alpha first, beta two hours after.
        "<bdi>alpha</bdi></a> <span class=\"meta\">الأول</span>",
        "<bdi>بيتا نيوز</bdi></a> <span class=\"meta\">بعد ساعتين</span>",
    ] {
        assert!(story.contains(needle), "{needle}: {story}");
    }
    // Article: reader view, original link, tags, same story elsewhere.
    let (status, _, article) = fetch(addr, "/article/1", "");
    assert_eq!(status, 200);
    assert!(article.contains("lang=\"ar\" dir=\"rtl\""));
    assert!(article.contains("https://alpha.example/news/1"));
    assert!(article.contains("loading=\"lazy\""));
    assert!(
        article.contains("/article/2") && article.contains("القصة نفسها في مصادر أخرى"),
        "same story elsewhere: {article}"
    );
    // Search in Arabic, highlighted, the query kept in the form, a filter applied.
    let q = "%D8%A7%D9%86%D8%B3%D8%AD%D8%A7%D8%A8"; // انسحاب
    let (status, _, found) = fetch(addr, &format!("/search?q={q}&sort=date"), "");
    assert_eq!(status, 200);
    assert!(found.contains("<b>"), "{found}");
    assert!(found.contains("value=\"انسحاب\""), "{found}");
    let (_, _, filtered) = fetch(addr, &format!("/search?q={q}&source=beta"), "");
    assert!(
        filtered.contains("/article/2") && !filtered.contains("/article/1\""),
        "{filtered}"
    );
    // An outlet named as a reader names it goes to its page under its key, with the
    // filter and the feed kept; a name no outlet has is not found.
    for (path, to) in [
        ("/source/Beta", "/source/beta"),
        (
            "/source/%D8%A8%D9%8A%D8%AA%D8%A7%20%D9%86%D9%8A%D9%88%D8%B2",
            "/source/beta",
        ),
        ("/source/ALPHA.atom?page=2", "/source/alpha.atom?page=2"),
    ] {
        let (status, head, _) = fetch(addr, path, "");
        assert_eq!(status, 308, "{path}");
        assert!(
            head.contains(&format!("location: {to}\r\n")),
            "{path}: {head}"
        );
    }
    let (status, _, _) = fetch(addr, "/source/delta", "");
    assert_eq!(status, 404);
    // So does a section named by a label (in any case, in Arabic).
    for (path, to) in [
        ("/section/Sports", "/section/sports"),
        (
            "/section/%D8%B1%D9%8A%D8%A7%D8%B6%D8%A9.atom",
            "/section/sports.atom",
        ),
    ] {
        let (status, head, _) = fetch(addr, path, "");
        assert_eq!(status, 308, "{path}");
        assert!(
            head.contains(&format!("location: {to}\r\n")),
            "{path}: {head}"
        );
    }
    assert_eq!(fetch(addr, "/section/nope", "").0, 404);
    // An outlet's own page opens with its record: the story it shared with beta, which
    // it published first, came from Reuters.
    let (_, _, alpha) = fetch(addr, "/source/alpha", "");
    assert!(
        alpha.contains(
            "قصصه التي نقلتها مصادر أخرى أيضًا: ١ — كان أول من نشر في <strong>١</strong> منها"
        ) && alpha.contains("جاءت قصصه من: رويترز (١)"),
        "{alpha}"
    );
    let (_, _, beta) = fetch(addr, "/source/beta", "");
    assert!(
        beta.contains("كان أول من نشر في <strong>٠</strong>"),
        "{beta}"
    );
    // The same in the API, the outlet named in another case.
    let (status, _, body) = fetch(addr, "/api/v1/outlets/ALPHA", "");
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"key": "alpha", "name": "alpha", "articles": 1, "read": 1,
            "shared_stories": 1, "first": 1, "origins": [{"agency": "Reuters", "stories": 1}]})
    );
    assert_eq!(fetch(addr, "/api/v1/outlets/delta", "").0, 404);
    let (status, _, body) = fetch(addr, "/api/v1/search?section=nope", "");
    assert_eq!(status, 400);
    assert!(body.contains("use one of politics"), "{body}");
    let (_, _, sports) = fetch(addr, "/api/v1/search?section=Sports", "");
    assert!(sports.contains("\"total\":1"), "{sports}");
    let (_, _, filtered) = fetch(addr, &format!("/search?q={q}&source=BETA"), "");
    assert!(
        filtered.contains("/article/2") && !filtered.contains("/article/1\""),
        "{filtered}"
    );
    // Tag, entity, source and section pages.
    for path in [
        "/tag/%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82",
        "/entity/place%3A%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82",
        "/source/alpha",
        "/section/sports",
    ] {
        let (status, _, page) = fetch(addr, path, "");
        assert_eq!(status, 200, "{path}");
        assert!(page.contains("/article/"), "{path}: {page}");
    }
    // The entity's kind and name are two fields of the form, filled in on its page, and
    // the form's two fields filter as `kind:name` does.
    let (_, _, page) = fetch(
        addr,
        "/entity/place%3A%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82",
        "",
    );
    assert!(page.contains("<option value=\"place\" selected>"), "{page}");
    // Its own page leads with its news: its kind, what it is seen with, the form folded.
    assert!(page.contains("<div class=\"profile\">"), "{page}");
    assert!(page.contains("<details class=\"filters\">"), "{page}");
    assert!(page.contains("name=\"entity\" value=\"العراق\""), "{page}");
    let iraq = "%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82";
    for (query, found) in [
        ("kind=place", true),
        ("kind=person", false),
        ("kind=", true),
    ] {
        let (_, _, page) = fetch(addr, &format!("/search?entity={iraq}&{query}"), "");
        assert_eq!(page.contains("href=\"/article/"), found, "{query}: {page}");
    }
    let (status, _, _) = fetch(addr, "/article/999", "");
    assert_eq!(status, 404);
    // A path nothing serves is the reader's page for a person, the API's error under
    // /api/.
    let (status, _, page) = fetch(addr, "/no/such/page", "");
    assert_eq!(status, 404);
    assert!(
        page.contains("الصفحة غير موجودة") && page.contains("href=\"/\""),
        "{page}"
    );
    let (status, e) = get(addr, "/api/v1/nothing");
    assert_eq!(
        (status, e["error"]["code"].as_str()),
        (404, Some("not_found"))
    );

    // In the news: the archive's latest days' names and tags, each with the story that
    // carries it most; a tag that names an entity is listed as the entity.
    let (status, _, page) = fetch(addr, "/topics", "");
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/entity/place%3A"), "{page}");
    assert!(page.contains("التحالف الدولي"), "{page}");
    assert!(
        !page.contains("href=\"/tag/%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82\""),
        "{page}"
    );
    assert!(page.contains("href=\"/story/1\""), "{page}");
    assert!(
        page.contains("href=\"/topics\""),
        "every page links to it: {page}"
    );
    let (status, _, _) = fetch(addr, "/topics?days=5", "");
    assert_eq!(status, 400);
    // … and in the API, with the stories.
    let (status, t) = get(addr, "/api/v1/topics?days=7");
    assert_eq!(status, 200);
    assert_eq!(t["place"][0]["name"], "العراق");
    assert_eq!(t["place"][0]["story"]["id"], 1);
    let (status, _) = get(addr, "/api/v1/topics?days=31");
    assert_eq!(status, 400);
    // The lists of the API, over a period, by count or by what rises.
    let (status, r) = get(addr, "/api/v1/entities?since=2024-09-01&order=rising");
    assert_eq!(status, 200);
    assert_eq!(r["values"][0]["name"], "العراق");
    assert_eq!(r["values"][0]["count"], 3);
    let (status, r) = get(addr, "/api/v1/tags?since=2024-09-06");
    assert_eq!(
        (status, r["values"].as_array().map(Vec::len)),
        (200, Some(0))
    );
    // Without a span, the days up to the archive's latest publication; outlets too.
    let (status, r) = get(addr, "/api/v1/entities?order=rising");
    assert_eq!(
        (status, &r["values"][0]["name"]),
        (200, &serde_json::json!("العراق"))
    );
    let (status, r) = get(addr, "/api/v1/outlets?order=rising");
    assert_eq!(status, 200);
    assert!(r["values"][0]["name"].is_string(), "{r}");
    for bad in [
        "/api/v1/tags?since=3d&order=loudest",
        "/api/v1/tags?since=soon",
    ] {
        let (status, e) = get(addr, bad);
        assert_eq!(
            (status, e["error"]["code"].as_str()),
            (400, Some("bad_request")),
            "{bad}"
        );
    }

    // Every output feed parses, with unique ids, and answers 304 when asked again.
    for path in [
        "/feed.atom",
        "/feed.rss",
        "/feed.json",
        "/story/1.atom",
        "/story/1.rss",
        &format!("/search.atom?q={q}"),
        &format!("/search.json?q={q}"),
        "/tag/%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82.atom",
        "/entity/place%3A%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82.rss",
        "/source/alpha.json",
        "/section/politics.atom",
    ] {
        let (status, head, body) = fetch(addr, path, "");
        assert_eq!(status, 200, "{path}: {body}");
        let feed = feed_rs::parser::parse(body.as_bytes())
            .unwrap_or_else(|e| panic!("{path}: {e}\n{body}"));
        assert!(!feed.entries.is_empty(), "{path}");
        let mut ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{path}: ids are unique");
        let etag = head
            .lines()
            .find_map(|l| l.strip_prefix("etag: "))
            .unwrap_or_else(|| panic!("{path}: no etag"))
            .to_owned();
        let (status, _, _) = fetch(addr, path, &format!("If-None-Match: {etag}\r\n"));
        assert_eq!(status, 304, "{path}");
    }

    // The lists of the API: tags, entities (by kind), outlets, sections, with counts.
    let (status, _, body) = fetch(addr, "/api/v1/outlets", "");
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["values"].as_array().unwrap().len(), 3, "{v}");
    let name = |key: &str| {
        v["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["value"] == key)
            .map(|o| o["name"].clone())
    };
    // Each outlet with the name a reader knows it by: its own, else its key.
    assert_eq!(name("beta"), Some("بيتا نيوز".into()), "{v}");
    assert_eq!(name("alpha"), Some("alpha".into()), "{v}");
    let (_, _, body) = fetch(addr, "/api/v1/entities?kind=place", "");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["values"][0]["name"], "العراق", "{v}");
    assert_eq!(v["values"][0]["count"], 3, "{v}");
    let (_, _, body) = fetch(addr, "/api/v1/tags?limit=1", "");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["values"].as_array().unwrap().len(), 1, "{v}");
    let (_, _, body) = fetch(addr, "/api/v1/sections", "");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["values"][0]["value"], "politics", "{v}");
    let (status, _, _) = fetch(addr, "/api/v1/entities?kind=animal", "");
    assert_eq!(status, 400);

    // The OpenAPI 3.1 document: it parses as OpenAPI 3.1, lists every API route, and
    // every reference in it resolves.
    let (status, _, doc) = fetch(addr, "/openapi.json", "");
    assert_eq!(status, 200);
    let spec = oas3::from_json(&doc).unwrap_or_else(|e| panic!("{e}\n{doc}"));
    assert!(spec.openapi.starts_with("3.1"), "{}", spec.openapi);
    let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    for path in [
        "/healthz",
        "/api/v1/search",
        "/api/v1/articles/{id}",
        "/api/v1/articles/{id}/related",
        "/api/v1/stories",
        "/api/v1/stories/{id}",
        "/api/v1/tags",
        "/api/v1/entities",
        "/api/v1/outlets",
        "/api/v1/sections",
        "/api/v1/feeds",
        "/api/v1/feeds/{id}",
        "/api/v1/feeds.opml",
    ] {
        assert!(v["paths"].get(path).is_some(), "{path} is not documented");
    }
    fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if k == "$ref" {
                        out.push(x.as_str().unwrap_or("").to_owned());
                    }
                    refs(x, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&v, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{r}"));
        assert!(
            v["components"]["schemas"].get(name).is_some(),
            "{r} does not resolve"
        );
    }

    // The search's section parameter names rasid's sections, as the classifier has them.
    let section = v["paths"]["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "section")
        .unwrap();
    assert_eq!(
        section["schema"]["pattern"],
        format!("^({})$", rasid_enrich::sections::SECTIONS.join("|")),
        "{section}"
    );

    // Prometheus metrics: requests by route and status, latency, the archive's size.
    let (status, head, metrics) = fetch(addr, "/metrics", "");
    assert_eq!(status, 200);
    assert!(head.contains("text/plain; version=0.0.4"), "{head}");
    assert!(
        metrics.contains("rasid_http_requests_total{route=\"/\",status=\"200\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "rasid_http_request_duration_seconds_bucket{route=\"/story/{id}\",le=\"+Inf\"}"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("\nrasid_articles 3\n"), "{metrics}");
    assert!(metrics.contains("\nrasid_stories 2\n"), "{metrics}");
    assert!(
        metrics.contains("\nrasid_feeds{state=\"healthy\"} 0\n"),
        "{metrics}"
    );
}

/// A minimal W3C WebDriver client over blocking HTTP/1.1 (what the browser test needs:
/// sessions, navigation, script execution, elements, screenshots, the browser's log).
mod webdriver {
    use std::io::{Read, Write};

    pub struct Driver {
        addr: String,
        session: String,
    }

    fn http(
        addr: &str,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> serde_json::Value {
        let mut s = std::net::TcpStream::connect(addr).expect("chromedriver is listening");
        let payload = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{payload}",
            payload.len()
        )
        .unwrap();
        // chromedriver may keep the connection open: read the head, then exactly the
        // body it announces (or, chunked, up to the last chunk).
        let mut buf = Vec::new();
        let mut byte = [0u8; 1];
        while !buf.ends_with(b"\r\n\r\n") {
            if s.read(&mut byte).unwrap() == 0 {
                break;
            }
            buf.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&buf).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        let body = match length {
            Some(n) => {
                let mut b = vec![0u8; n];
                s.read_exact(&mut b).unwrap();
                String::from_utf8_lossy(&b).into_owned()
            }
            None => {
                let mut rest = Vec::new();
                s.read_to_end(&mut rest).unwrap();
                let raw = String::from_utf8_lossy(&rest).into_owned();
                if head.contains("transfer-encoding: chunked") {
                    let mut out = String::new();
                    let mut r = raw.as_str();
                    while let Some((size, tail)) = r.split_once("\r\n") {
                        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
                        if n == 0 {
                            break;
                        }
                        out.push_str(&tail[..n]);
                        r = &tail[n + 2..];
                    }
                    out
                } else {
                    raw
                }
            }
        };
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{method} {path}: {e}: {body}"))
    }

    impl Driver {
        pub fn start(addr: &str, width: u32) -> Driver {
            let caps = serde_json::json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             format!("--window-size={width},900"), "--lang=ar"]
                },
                "goog:loggingPrefs": {"browser": "ALL"}
            }}});
            let v = http(addr, "POST", "/session", Some(&caps));
            let session = v["value"]["sessionId"]
                .as_str()
                .unwrap_or_else(|| panic!("no session: {v}"))
                .to_owned();
            Driver {
                addr: addr.to_owned(),
                session,
            }
        }

        fn call(
            &self,
            method: &str,
            path: &str,
            body: Option<serde_json::Value>,
        ) -> serde_json::Value {
            let v = http(
                &self.addr,
                method,
                &format!("/session/{}{path}", self.session),
                body.as_ref(),
            );
            if v["value"].get("error").is_some() {
                panic!("{method} {path}: {v}");
            }
            v["value"].clone()
        }

        pub fn go(&self, url: &str) {
            self.call("POST", "/url", Some(serde_json::json!({"url": url})));
        }

        pub fn js(&self, script: &str) -> serde_json::Value {
            self.call(
                "POST",
                "/execute/sync",
                Some(serde_json::json!({"script": script, "args": []})),
            )
        }

        /// Clicks the first element matching a CSS selector.
        pub fn click(&self, css: &str) {
            let e = self.call(
                "POST",
                "/element",
                Some(serde_json::json!({"using": "css selector", "value": css})),
            );
            let id = e
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(|v| v.as_str())
                .unwrap()
                .to_owned();
            self.call(
                "POST",
                &format!("/element/{id}/click"),
                Some(serde_json::json!({})),
            );
        }

        pub fn type_into(&self, css: &str, text: &str) {
            let e = self.call(
                "POST",
                "/element",
                Some(serde_json::json!({"using": "css selector", "value": css})),
            );
            let id = e
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(|v| v.as_str())
                .unwrap()
                .to_owned();
            self.call(
                "POST",
                &format!("/element/{id}/value"),
                Some(serde_json::json!({"text": text})),
            );
        }

        pub fn screenshot(&self) -> Vec<u8> {
            let v = self.call("GET", "/screenshot", None);
            decode_base64(v.as_str().unwrap())
        }

        /// Presses and releases a key (a WebDriver key code: `\u{E004}` Tab, `\u{E007}`
        /// Enter) where the focus is.
        pub fn key(&self, key: char) {
            self.call(
                "POST",
                "/actions",
                Some(
                    serde_json::json!({"actions": [{"type": "key", "id": "keyboard",
                    "actions": [{"type": "keyDown", "value": key.to_string()},
                                {"type": "keyUp", "value": key.to_string()}]}]}),
                ),
            );
        }

        /// The browser console's entries since the last call.
        pub fn console(&self) -> Vec<serde_json::Value> {
            let v = http(
                &self.addr,
                "POST",
                &format!("/session/{}/se/log", self.session),
                Some(&serde_json::json!({"type": "browser"})),
            );
            v["value"].as_array().cloned().unwrap_or_default()
        }

        pub fn quit(self) {
            let _ = http(
                &self.addr,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
    }

    fn decode_base64(s: &str) -> Vec<u8> {
        let val = |c: u8| -> Option<u32> {
            Some(match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            } as u32)
        };
        let mut out = Vec::with_capacity(s.len() * 3 / 4);
        let (mut acc, mut bits) = (0u32, 0);
        for c in s.bytes().filter_map(val) {
            acc = (acc << 6) | c;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        out
    }
}

/// The reader in real headless Chromium (Debian's, with its chromedriver): home, a story,
/// an article, an Arabic search, a filter, a tag — right to left, laid out right to left,
/// no console errors, no horizontal scroll at 375 px; screenshots in target/screenshots/.
/// Runs when chromium and chromedriver are installed (`.ci/run` installs them and sets
/// RASID_BROWSER_TESTS=1, which makes their absence a failure).
#[test]
fn the_reader_in_a_real_browser() {
    let have = |p: &str| std::path::Path::new(p).exists();
    if !(have("/usr/bin/chromium") && have("/usr/bin/chromedriver")) {
        assert!(
            std::env::var("RASID_BROWSER_TESTS").is_err(),
            "RASID_BROWSER_TESTS is set but chromium or chromedriver is missing: apt-get install -y chromium chromium-driver"
        );
        eprintln!(
            "skipping the browser test: apt-get install -y chromium chromium-driver to run it"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    reader_fixture(dir.path());
    let state = rasid_server::AppState::open(dir.path()).unwrap();
    let (_rt, addr) = serve(state);
    let site = format!("http://{addr}");

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut chromedriver = std::process::Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let addr = format!("127.0.0.1:{port}");
    for _ in 0..100 {
        if std::net::TcpStream::connect(&addr).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let shots = std::path::PathBuf::from(
        std::env::var("CARGO_TARGET_DIR")
            .unwrap_or_else(|_| format!("{}/../../target", env!("CARGO_MANIFEST_DIR"))),
    )
    .join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    let d = webdriver::Driver::start(&addr, 375);
    let check_dir = |name: &str, want: &str| {
        let dir = d.js("return document.documentElement.getAttribute('dir')");
        assert_eq!(dir, want, "{name}: dir");
        let overflow = d.js("return document.documentElement.scrollWidth - window.innerWidth");
        assert!(
            overflow.as_i64().unwrap_or(1) <= 0,
            "{name}: horizontal scroll of {overflow} px at 375 px"
        );
        let errors: Vec<serde_json::Value> = d
            .console()
            .into_iter()
            .filter(|e| e["level"] == "SEVERE")
            .collect();
        assert!(errors.is_empty(), "{name}: console errors {errors:?}");
        std::fs::write(shots.join(format!("{name}.png")), d.screenshot()).unwrap();
    };
    let check = |name: &str| check_dir(name, "rtl");
    // Home.
    d.go(&format!("{site}/"));
    check("home");
    // Arabic is laid out right to left: the first word's box is right of the second's.
    let boxes = d.js(
        "const a = document.querySelector('.story h2 a'); const t = a.firstChild; const s = t.textContent;\
         const i = s.indexOf(' '); const j = s.indexOf(' ', i + 1);\
         const r1 = document.createRange(); r1.setStart(t, 0); r1.setEnd(t, i);\
         const r2 = document.createRange(); r2.setStart(t, i + 1); r2.setEnd(t, j < 0 ? s.length : j);\
         return [r1.getBoundingClientRect().left, r2.getBoundingClientRect().left];",
    );
    let (first, second) = (boxes[0].as_f64().unwrap(), boxes[1].as_f64().unwrap());
    assert!(
        first > second,
        "the first word ({first}) must sit right of the second ({second})"
    );
    // From the keyboard: the first Tab shows the skip link, Enter moves to the content.
    d.key('\u{E004}');
    let skip = d.js(
        "const a = document.activeElement; const r = a.getBoundingClientRect();\
         return [a.className, r.top >= 0 && r.bottom <= window.innerHeight];",
    );
    assert_eq!(skip, serde_json::json!(["skip", true]), "{skip}");
    d.key('\u{E007}');
    assert_eq!(d.js("return document.activeElement.id"), "main");
    // A story, then an article of it.
    d.click(".story h2 a");
    check("story");
    assert!(d
        .js("return location.pathname")
        .as_str()
        .unwrap()
        .starts_with("/story/"));
    d.click(".timeline a");
    check("article");
    assert!(d.js("return document.querySelector('article.reader').getAttribute('dir')") == "rtl");
    // Search in Arabic, from the header's form.
    d.type_into("form.search input[name=q]", "انسحاب");
    d.click("form.search button");
    check("search");
    // Both outlets' articles are one story: one entry, linking to the whole story.
    let hits = d.js("return document.querySelectorAll('ol.results li').length");
    assert_eq!(hits.as_i64(), Some(1), "{hits}");
    assert!(
        d.js("return document.querySelector('ol.results li a[href^=\"/story/\"]') !== null")
            == true
    );
    assert!(d.js("return document.querySelector('.snippet b') !== null") == true);
    // A filter: one outlet.
    d.type_into("form.filters input[name=source]", "beta");
    d.click("form.filters button");
    check("search-filtered");
    assert_eq!(
        d.js("return document.querySelectorAll('ol.results li').length"),
        1
    );
    assert!(d
        .js("return location.search")
        .as_str()
        .unwrap()
        .contains("source=beta"));
    // Follow a tag.
    d.go(&format!("{site}/article/1"));
    d.click("ul.chips a[href^='/tag/']");
    check("tag");
    assert!(
        d.js("return document.querySelectorAll('ol.results li').length")
            .as_i64()
            .unwrap()
            >= 1
    );
    // In the news, from the header's link: its lists lead to an entity's page.
    d.click("header a.topics");
    check("topics");
    d.click(".topics a.name[href^='/entity/']");
    check("entity");
    // The English interface: left to right, the Arabic content still right to left.
    d.go(&format!("{site}/"));
    d.click("a[href^='/settings?lang=en']");
    check_dir("home-en", "ltr");
    assert_eq!(d.js("return document.documentElement.lang"), "en");
    assert_eq!(
        d.js("return getComputedStyle(document.querySelector('.story h2 a')).direction"),
        "rtl",
        "Arabic titles keep their direction in the English interface"
    );
    d.quit();
    let _ = chromedriver.kill();
    let _ = chromedriver.wait();
}

/// A request with a method, headers and a body: status, response head, body.
fn send(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
) -> (u16, String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n{headers}\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (
        head[9..12].parse().unwrap(),
        head.to_ascii_lowercase(),
        body.to_owned(),
    )
}

/// The session cookie a login's response (`head`) set, and the CSRF token of the
/// admin page it opens.
fn admin_session(addr: std::net::SocketAddr, head: &str) -> (String, String) {
    let session = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: rasid_session="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned();
    let cookie = format!("Cookie: rasid_session={session}\r\n");
    let (_, _, page) = send(addr, "GET", "/admin", &cookie, "");
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    (cookie, csrf)
}

/// `s` as a form field's value (application/x-www-form-urlencoded).
fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The admin's site-rules editor: rules with a mistake are refused with their line,
/// rules are tried on a stored article's kept page without being saved, and saved as the
/// data directory's `sites.toml`.
#[test]
fn site_rules_are_checked_tried_and_saved_in_the_admin() {
    let dir = tempfile::tempdir().unwrap();
    reader_fixture(dir.path());
    // An article kept with its page, whose comments the generic extraction takes in.
    let story =
        "افتتحت البلدية صباح اليوم مكتبة عامة جديدة في المدينة القديمة تضم أكثر من عشرين ألف كتاب.";
    let comment = "هذا المشروع رائع جدا وكنا ننتظره منذ سنوات طويلة، وأتمنى أن تكون هناك مكتبات مثلها في كل حي من أحياء المدينة وأن تفتح للطلاب في العطل الصيفية أيضا.";
    let page = format!(
        "<html><head><title>مكتبة</title></head><body><div class=\"story\"><p>{story}</p></div>\
         <div class=\"talk\"><p>{comment}</p><p>{comment}</p></div></body></html>"
    );
    let mut a = ArticleRecord {
        outlet: Some("ruled".into()),
        url: Some("https://www.ruled.example/n/1".into()),
        title: Some("مكتبة".into()),
        body: format!("{story}\n\n{comment}"),
        ..Default::default()
    };
    a.body_hash = body_hash(&a.body);
    a.identity = identity(None, None, &a.body_hash);
    a.ingested_at = now_rfc3339();
    let mut store = Store::open(dir.path()).unwrap();
    let raw = rasid_store::RawPage {
        bytes: page.as_bytes(),
        kind: "html",
    };
    let id = match store.insert_batch(&mut [(a, Some(raw))]).unwrap()[0] {
        rasid_store::Inserted::New(id) => id,
        other => panic!("{other:?}"),
    };
    drop(store);
    let admin = rasid_server::web::admin::AdminConfig {
        password_hash: Some(rasid_server::web::admin::hash_password("correct horse").unwrap()),
        ..Default::default()
    };
    let state = rasid_server::AppState::open_with(dir.path(), admin).unwrap();
    let (_rt, addr) = serve(state);
    let form = "Content-Type: application/x-www-form-urlencoded\r\n";
    let (status, _, _) = send(addr, "GET", "/admin/sites", "", "");
    assert_eq!(status, 200, "the login form");
    let (_, head, _) = send(addr, "POST", "/admin/login", form, "password=correct+horse");
    let (cookie, csrf) = admin_session(addr, &head);
    let headers = format!("{cookie}{form}");
    let (status, _, page) = send(addr, "GET", "/admin/sites", &cookie, "");
    assert_eq!(status, 200);
    assert!(
        page.contains("<textarea") && page.contains("# [[site]]"),
        "{page}"
    );
    let post = |rules: &str, action: &str, article: &str| {
        send(
            addr,
            "POST",
            "/admin/sites",
            &headers,
            &format!(
                "csrf={csrf}&rules={}&action={action}&article={article}",
                form_encode(rules)
            ),
        )
    };
    // A mistake: refused with its line, nothing written.
    let bad = "[[site]]\r\nhost = \"ruled.example\"\r\ncontent = \"div.story:first\"\r\n";
    let (status, _, page) = post(bad, "save", "");
    assert_eq!(status, 400);
    assert!(
        page.contains("sites.toml:3: selector `div.story:first`"),
        "{page}"
    );
    let file = dir.path().join("sites.toml");
    assert!(!file.exists());
    // Tried on the stored article: its story alone, nothing saved.
    let good = "[[site]]\r\nhost = \"ruled.example\"\r\ncontent = \"div.story\"\r\n";
    let (status, _, page) = post(good, "try", &id.to_string());
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(story) && !page.contains(comment), "{page}");
    assert!(!file.exists());
    let (status, _, page) = post(good, "try", "");
    assert_eq!(status, 400, "{page}");
    let (status, _, page) = post(good, "try", "1");
    assert_eq!(status, 400);
    assert!(page.contains("without its page"), "{page}");
    // Saved, with the file's own line ends.
    let (status, _, page) = post(good, "save", "");
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        good.replace("\r\n", "\n")
    );
    let (_, _, page) = send(addr, "GET", "/admin/sites", &cookie, "");
    assert!(page.contains("div.story"), "{page}");
    // A forged form changes nothing.
    let (status, _, _) = send(
        addr,
        "POST",
        "/admin/sites",
        &headers,
        "csrf=forged&rules=&action=save",
    );
    assert_eq!(status, 403);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("div.story"));
}

#[test]
fn the_feeds_admin_needs_the_password_and_a_csrf_token_and_the_api_a_bearer_token() {
    let dir = tempfile::tempdir().unwrap();
    reader_fixture(dir.path());
    let admin = rasid_server::web::admin::AdminConfig {
        password_hash: Some(rasid_server::web::admin::hash_password("correct horse").unwrap()),
        api_token: Some("a-token-of-sixteen-or-more".into()),
        allow_private: false,
    };
    let state = rasid_server::AppState::open_with(dir.path(), admin).unwrap();
    let (_rt, addr) = serve(state);
    let form = "Content-Type: application/x-www-form-urlencoded\r\n";

    // Not logged in: the login form, nothing else.
    let (status, _, page) = send(addr, "GET", "/admin", "", "");
    assert_eq!(status, 200);
    assert!(
        page.contains("type=\"password\"") && !page.contains("name=\"csrf\""),
        "{page}"
    );
    let (status, _, _) = send(addr, "POST", "/admin/login", form, "password=wrong");
    assert_eq!(status, 401);
    let (status, head, _) = send(addr, "POST", "/admin/login", form, "password=correct+horse");
    assert_eq!(status, 303, "{head}");
    assert!(
        head.contains("httponly") && head.contains("samesite=strict"),
        "{head}"
    );
    let (cookie, csrf) = admin_session(addr, &head);
    // A form without the right token is refused; with it, the feed is added.
    let (status, _, _) = send(
        addr,
        "POST",
        "/admin/feeds",
        &format!("{cookie}{form}"),
        "csrf=forged&url=https%3A%2F%2Fnews.example%2Frss.xml",
    );
    assert_eq!(status, 403);
    let (status, _, _) = send(
        addr,
        "POST",
        "/admin/feeds",
        form,
        &format!("csrf={csrf}&url=https%3A%2F%2Fnews.example%2Frss.xml"),
    );
    assert_eq!(status, 303, "no session: back to the login");
    let (status, _, _) = send(
        addr,
        "POST",
        "/admin/feeds",
        &format!("{cookie}{form}"),
        &format!("csrf={csrf}&url=https%3A%2F%2Fnews.example%2Frss.xml&section=politics"),
    );
    assert_eq!(status, 303);
    let (status, _, body) = send(
        addr,
        "POST",
        "/admin/feeds",
        &format!("{cookie}{form}"),
        &format!("csrf={csrf}&url=http%3A%2F%2F10.0.0.1%2Ffeed"),
    );
    assert_eq!(status, 400);
    assert!(body.contains("private"), "{body}");
    let (_, _, page) = send(addr, "GET", "/admin", &cookie, "");
    assert!(page.contains("https://news.example/rss.xml"), "{page}");
    let (status, head, opml) = send(addr, "GET", "/admin/feeds.opml", &cookie, "");
    assert_eq!(status, 200);
    assert!(
        head.contains("text/x-opml") && opml.contains("news.example"),
        "{opml}"
    );
    // OPML import: the public address is added in its folder, the private one left out.
    let opml_in = r#"<opml version="2.0"><body><outline text="Imported"><outline type="rss" xmlUrl="https://imported.example/feed.xml"/><outline type="rss" xmlUrl="http://10.0.0.2/feed"/></outline></body></opml>"#;
    let encoded = form_encode(opml_in);
    let (status, _, _) = send(
        addr,
        "POST",
        "/admin/import",
        &format!("{cookie}{form}"),
        &format!("csrf={csrf}&opml={encoded}"),
    );
    assert_eq!(status, 303);
    let (_, _, page) = send(addr, "GET", "/admin", &cookie, "");
    assert!(page.contains("https://imported.example/feed.xml"), "{page}");
    assert!(!page.contains("10.0.0.2"), "{page}");

    // The API: a bearer token, or 401.
    let (status, _, body) = send(addr, "GET", "/api/v1/feeds", "", "");
    assert_eq!(status, 401);
    assert!(body.contains("\"unauthorized\""), "{body}");
    let auth = "Authorization: Bearer a-token-of-sixteen-or-more\r\n";
    let (status, _, body) = send(addr, "GET", "/api/v1/feeds", auth, "");
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["feeds"][0]["url"], "https://news.example/rss.xml", "{v}");
    let (status, _, body) = send(
        addr,
        "POST",
        "/api/v1/feeds",
        &format!("{auth}Content-Type: application/json\r\n"),
        "{\"url\": \"https://other.example/atom.xml\", \"folder\": \"x\"}",
    );
    assert_eq!(status, 201, "{body}");
    let id: serde_json::Value = serde_json::from_str(&body).unwrap();
    let (status, _, _) = send(
        addr,
        "DELETE",
        &format!("/api/v1/feeds/{}", id["id"]),
        auth,
        "",
    );
    assert_eq!(status, 204);
    let (status, _, _) = send(addr, "DELETE", "/api/v1/feeds/999", auth, "");
    assert_eq!(status, 404);
    // The site rules through the API: checked, then saved whole.
    let (status, _, body) = send(addr, "GET", "/api/v1/sites", auth, "");
    assert_eq!((status, body.as_str()), (200, ""));
    let (status, _, _) = send(addr, "PUT", "/api/v1/sites", "", "");
    assert_eq!(status, 401);
    let toml = "Content-Type: application/toml\r\n";
    let (status, _, body) = send(
        addr,
        "PUT",
        "/api/v1/sites",
        &format!("{auth}{toml}"),
        "[[site]]\nhost = \"a.example\"\nremove = [\"p + p\"]\n",
    );
    assert_eq!(status, 400);
    assert!(body.contains("sites.toml:3: selector `p + p`"), "{body}");
    let rules = "[[site]]\nhost = \"a.example\"\nremove = [\".promo\"]\n";
    let (status, _, body) = send(
        addr,
        "PUT",
        "/api/v1/sites",
        &format!("{auth}{toml}"),
        rules,
    );
    assert_eq!((status, body.as_str()), (200, "{\"sites\":1}"));
    let (_, _, body) = send(addr, "GET", "/api/v1/sites", auth, "");
    assert_eq!(body, rules);
    // Logging out ends the session.
    let (status, _, _) = send(
        addr,
        "POST",
        "/admin/logout",
        &format!("{cookie}{form}"),
        &format!("csrf={csrf}"),
    );
    assert_eq!(status, 303);
    let (_, _, page) = send(addr, "GET", "/admin", &cookie, "");
    assert!(!page.contains("name=\"csrf\""), "{page}");
    // Guessing is throttled: after five wrong passwords even the right one waits.
    for _ in 0..5 {
        let (status, _, _) = send(addr, "POST", "/admin/login", form, "password=guess");
        assert_eq!(status, 401);
    }
    let (status, head, page) = send(addr, "POST", "/admin/login", form, "password=correct+horse");
    assert_eq!(status, 429, "{head}");
    assert!(head.contains("retry-after: "), "{head}");
    assert!(
        page.contains("type=\"password\""),
        "the form, with why: {page}"
    );
}

/// Related articles beyond the story: an article sharing the distinctive names, tags and
/// title words of the one asked about is related, with what they share as the reason; one
/// that names the same person in passing, or shares only generic words (تفاصيل، إعلان،
/// الكشف), is not.
#[test]
fn related_articles_share_what_the_article_is_about() {
    let dir = tempfile::tempdir().unwrap();
    let person = |name: &str| rasid_store::EntityMention {
        kind: "person".into(),
        ..place(name)
    };
    // (title, body, key phrases, people); the first is the article asked about.
    let mut rows: Vec<(String, String, Vec<&str>, Vec<&str>)> = vec![
        (
            "محمد صلاح يقود ليفربول للفوز على إيفرتون".into(),
            "سجل محمد صلاح هدفين وقاد ليفربول إلى الفوز على إيفرتون في الدوري.".into(),
            vec!["ليفربول", "إيفرتون", "صلاح"],
            vec!["محمد صلاح"],
        ),
        (
            "كلوب يشيد بمستوى صلاح قبل مواجهة أرسنال".into(),
            "أشاد مدرب ليفربول يورغن كلوب بمستوى محمد صلاح.".into(),
            vec!["ليفربول", "كلوب"],
            vec!["محمد صلاح"],
        ),
        (
            "حفل عيد ميلاد في منزل العائلة".into(),
            "أقامت العائلة حفلا حضره عدد من الضيوف، وتحدث الحاضرون عن محمد صلاح.".into(),
            vec!["عيد ميلاد"],
            vec!["محمد صلاح"],
        ),
        (
            "الكشف عن تفاصيل إعلان جديد للمرور".into(),
            "أعلنت إدارة المرور تفاصيل جديدة عن تراخيص الورش.".into(),
            vec!["المرور"],
            vec![],
        ),
    ];
    // A background of other news, so that names in a few articles are distinctive and
    // the words of every bulletin are not.
    for i in 0..200 {
        rows.push((
            format!("نشرة الطقس والأخبار المحلية رقم {i}"),
            format!("الأجواء معتدلة اليوم في المدن الساحلية والداخلية، النشرة {i}."),
            vec!["الطقس"],
            vec![],
        ));
    }
    let records = rows
        .iter()
        .enumerate()
        .map(|(i, (title, body, phrases, people))| ArticleRecord {
            outlet: Some("alpha".into()),
            title: Some(title.clone()),
            body: body.clone(),
            published: Some(format!("2024-09-{:02}T10:00:00Z", 1 + i % 28)),
            key_phrases: phrases.iter().map(|p| p.to_string()).collect(),
            entities: people.iter().map(|p| person(p)).collect(),
            ..Default::default()
        })
        .collect();
    let (store, index) = archive(dir.path(), records);
    let r = rasid_server::related_json(&index, &store, 1, 10).unwrap();
    let related = r["related"].as_array().unwrap();
    let ids: Vec<i64> = related.iter().map(|x| x["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [2], "{r}");
    let reason = related[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("محمد صلاح") && reason.contains("ليفربول"),
        "{reason}"
    );
    let shared: Vec<&str> = related[0]["shared"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_str())
        .collect();
    assert!(
        shared.contains(&"محمد صلاح") && shared.contains(&"ليفربول"),
        "{r}"
    );
    // The reader says it in its language.
    let state = rasid_server::AppState::open(dir.path()).unwrap();
    let (_rt, addr) = serve(state);
    let (status, _, page) = fetch(addr, "/article/1", "");
    assert_eq!(status, 200);
    assert!(page.contains("يشترك معه في:"), "{page}");
    assert!(!page.contains("shares:"), "{page}");
}

#[test]
fn a_list_page_holds_twenty_stories_and_no_story_comes_twice() {
    // Thirty articles of one tag: the six newest one story, the other 24 one each.
    let dir = tempfile::tempdir().unwrap();
    let records = (1..=30)
        .map(|i| ArticleRecord {
            outlet: Some("alpha".into()),
            url: Some(format!("https://alpha.example/news/{i}")),
            title: Some(format!("نشرة الطقس رقم {i}")),
            body: format!("توقعات الطقس لليوم رقم {i} في المدينة."),
            // Newest first: 1, 2, 3, …
            published: Some(format!(
                "2024-09-{:02}T{:02}:00:00Z",
                30 - (i - 1) / 2,
                20 - (i - 1) % 2
            )),
            lang: Some("ar".into()),
            key_phrases: vec!["الطقس".into()],
            ..Default::default()
        })
        .collect();
    let (mut store, _index) = archive(dir.path(), records);
    let links: Vec<rasid_store::StoryLink> = (1..=30)
        .map(|article| {
            let story = if article <= 6 { 1 } else { article - 5 };
            rasid_store::StoryLink {
                article,
                story,
                new: article == 1 || article > 6,
                representative: if story == 1 { 1 } else { article },
            }
        })
        .collect();
    store.link_articles(&links).unwrap();
    drop(store);
    let state = rasid_server::AppState::open(dir.path()).unwrap();
    let (_rt, addr) = serve(state);
    let tag = "/tag/%D8%A7%D9%84%D8%B7%D9%82%D8%B3";
    let entries = |page: &str| -> Vec<String> {
        page.split("<li><h3><a href=\"/article/")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_owned())
            .collect()
    };
    let (_, _, first) = fetch(addr, tag, "");
    let (_, _, second) = fetch(addr, &format!("{tag}?page=2"), "");
    let (one, two) = (entries(&first), entries(&second));
    assert_eq!((one.len(), two.len()), (20, 5), "{first}");
    assert!(one.iter().all(|a| !two.contains(a)));
    // The story of six is one entry, its newest article, linking to the whole story.
    assert_eq!(one[0], "1");
    assert!(!one
        .iter()
        .any(|a| ["2", "3", "4", "5", "6"].contains(&a.as_str())));
    assert!(first.contains("href=\"/story/1\""), "{first}");
    assert!(first.contains("rel=\"next\"") && !second.contains("rel=\"next\""));
}

#[test]
fn topics_are_kept_as_made_until_the_archive_changes() {
    use rasid_server::web::topics;
    let dir = tempfile::tempdir().unwrap();
    reader_fixture(dir.path());
    let store = Store::open(dir.path()).unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    // The server starts: every window is made.
    topics::keep(&store, &index, true);
    let made = topics::cached(&store, &index, 1).unwrap();
    // Nothing has changed: the next rounds keep what was made rather than make it again.
    topics::keep(&store, &index, false);
    topics::keep(&store, &index, false);
    let kept = topics::cached(&store, &index, 1).unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&made, &kept),
        "made again, unchanged"
    );
    // An article is indexed: the next round makes them anew.
    let mut w = index.writer(1, 50_000_000).unwrap();
    let a = ArticleRecord {
        id: 4,
        title: Some("اتفاق جديد على انسحاب التحالف".into()),
        body: "أكدت بغداد أن الانسحاب يبدأ العام المقبل.".into(),
        published: Some("2024-09-05T14:00:00Z".into()),
        ..Default::default()
    };
    index.add(&w, &rasid_pipeline::index_doc(&a)).unwrap();
    index.commit(&mut w, 4).unwrap();
    index.refresh().unwrap();
    topics::keep(&store, &index, false);
    let remade = topics::cached(&store, &index, 1).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&made, &remade), "kept, changed");
}
