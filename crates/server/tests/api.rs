//! The JSON API over a real HTTP server on 127.0.0.1, backed by a real store and index.

use rasid_search::{IndexDoc, SearchIndex};
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

#[test]
fn search_articles_and_health() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        let index = SearchIndex::open(dir.path()).unwrap();
        let mut w = index.writer(1, 50_000_000).unwrap();
        let bodies = [
            "اجتمع المسؤولين العراقيين مع الوفد الأمريكي في بغداد لبحث انسحاب قوات التحالف.",
            "فاز النصر على الهلال في مباراة الدوري السعودي أمس.",
        ];
        let mut batch: Vec<(ArticleRecord, Option<rasid_store::RawPage<'_>>)> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let h = body_hash(b);
                (
                    ArticleRecord {
                        identity: identity(None, None, &h),
                        outlet: Some(if i == 0 { "alpha" } else { "beta" }.into()),
                        title: Some(format!("خبر {i}")),
                        body: (*b).into(),
                        published: Some("2024-09-05T10:00:00Z".into()),
                        ingested_at: now_rfc3339(),
                        body_hash: h,
                        ..Default::default()
                    },
                    None,
                )
            })
            .collect();
        store.insert_batch(&mut batch).unwrap();
        for (a, _) in &batch {
            index
                .add(
                    &w,
                    &IndexDoc {
                        id: a.id,
                        title: a.title.as_deref().unwrap_or(""),
                        body: &a.body,
                        outlet: a.outlet.as_deref(),
                        section: None,
                        tags: Vec::new(),
                        entities: vec!["place:العراق".into()],
                        published: Some(1_725_530_400),
                        url: None,
                        external_id: None,
                    },
                )
                .unwrap();
        }
        index.commit(&mut w, 2).unwrap();
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
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, rasid_server::router(state)).await });

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
    for key in ["id", "external_id", "title", "url", "published", "score"] {
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
}

/// A GET with extra request headers: status, response headers (lower-cased), body.
fn fetch(addr: std::net::SocketAddr, path: &str, extra: &str) -> (u16, String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status: u16 = head[9..12].parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// An archive of three articles written here: two outlets' reports of one event (one
/// story), and an unrelated one.
fn reader_fixture(dir: &std::path::Path) {
    let mut store = Store::open(dir).unwrap();
    let index = SearchIndex::open(dir).unwrap();
    let mut w = index.writer(1, 50_000_000).unwrap();
    let rows = [
        ("alpha", "اتفاق على انسحاب قوات التحالف من العراق", "أعلنت بغداد وواشنطن اتفاقا على انسحاب قوات التحالف الدولي من العراق خلال عامين.\n\nوقال مسؤول عراقي إن الاتفاق يشمل جدولا زمنيا.", "2024-09-05T10:00:00Z", "politics"),
        ("beta", "بغداد وواشنطن تتفقان على جدول انسحاب التحالف", "توصلت بغداد وواشنطن إلى اتفاق على انسحاب قوات التحالف الدولي من العراق.\n\nوأكد المتحدث أن الانسحاب يبدأ العام المقبل.", "2024-09-05T12:00:00Z", "politics"),
        ("gamma", "الهلال يفوز على النصر", "فاز الهلال على النصر في مباراة الدوري السعودي مساء أمس بهدفين.", "2024-09-05T13:00:00Z", "sports"),
    ];
    let mut batch: Vec<(ArticleRecord, Option<rasid_store::RawPage<'_>>)> = rows
        .iter()
        .map(|(outlet, title, body, date, section)| {
            let h = body_hash(body);
            (
                ArticleRecord {
                    identity: identity(None, None, &h),
                    outlet: Some((*outlet).into()),
                    url: Some(format!("https://{outlet}.example/news/1")),
                    title: Some((*title).into()),
                    body: (*body).into(),
                    published: Some((*date).into()),
                    ingested_at: now_rfc3339(),
                    lang: Some("ar".into()),
                    dir: Some("rtl".into()),
                    section: Some((*section).into()),
                    key_phrases: vec!["التحالف الدولي".into(), "العراق".into()],
                    entities: vec![rasid_store::EntityMention {
                        name: "العراق".into(),
                        kind: "place".into(),
                        mentions: 2,
                    }],
                    images: vec![rasid_extract::Media {
                        url: "https://img.example/a.jpg".into(),
                        caption: None,
                    }],
                    body_hash: h,
                    ..Default::default()
                },
                None,
            )
        })
        .collect();
    store.insert_batch(&mut batch).unwrap();
    for (a, _) in &batch {
        index
            .add(
                &w,
                &IndexDoc {
                    id: a.id,
                    title: a.title.as_deref().unwrap_or(""),
                    body: &a.body,
                    outlet: a.outlet.as_deref(),
                    section: a.section.as_deref(),
                    tags: a.key_phrases.iter().map(String::as_str).collect(),
                    entities: vec!["place:العراق".into()],
                    published: a
                        .published
                        .as_deref()
                        .and_then(rasid_extract::dates::parse_machine)
                        .map(|d| d.timestamp()),
                    url: a.url.as_deref(),
                    external_id: None,
                },
            )
            .unwrap();
    }
    index.commit(&mut w, 3).unwrap();
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
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, rasid_server::router(state)).await });

    // Home: right to left, the story with its outlets, the section tabs.
    let (status, head, body) = fetch(addr, "/", "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<html lang=\"ar\" dir=\"rtl\">"), "{body}");
    assert!(body.contains("/story/1"), "{body}");
    assert!(
        body.contains("٢ مصادر"),
        "two outlets, Arabic digits: {body}"
    );
    assert!(body.contains("/?section=sports"));
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

    // Story: both outlets, the timeline, shared tags and entities as links.
    let (status, _, story) = fetch(addr, "/story/1", "");
    assert_eq!(status, 200);
    for needle in [
        "alpha",
        "beta",
        "/article/1",
        "/article/2",
        "/tag/",
        "/entity/place%3A",
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
        article.contains("/article/2"),
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
    let (status, _, _) = fetch(addr, "/article/999", "");
    assert_eq!(status, 404);

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
}
