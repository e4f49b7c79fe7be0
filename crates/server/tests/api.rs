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
