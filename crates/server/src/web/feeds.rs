//! Output feeds — Atom, RSS 2.0 and JSON Feed — for every list the reader shows, with an
//! `ETag` and `Last-Modified`, and 304 when the reader's copy is current.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Atom,
    Rss,
    Json,
}

impl Format {
    /// The format a path's extension asks for, and the path without it.
    pub fn of(path: &str) -> Option<(&str, Format)> {
        for (ext, f) in [
            (".atom", Format::Atom),
            (".rss", Format::Rss),
            (".json", Format::Json),
        ] {
            if let Some(stem) = path.strip_suffix(ext) {
                return Some((stem, f));
            }
        }
        None
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Atom => "atom",
            Format::Rss => "rss",
            Format::Json => "json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Rss => "application/rss+xml; charset=utf-8",
            Format::Json => "application/feed+json; charset=utf-8",
        }
    }
}

/// One entry of a feed.
pub struct Entry {
    /// Unique and stable (an absolute URL of rasid's page for it).
    pub id: String,
    pub title: String,
    /// rasid's page for it.
    pub link: String,
    /// Seconds since the epoch.
    pub updated: i64,
    pub summary: Option<String>,
    pub source: Option<String>,
}

/// A feed: its title, its own URL, the page it mirrors, its entries.
pub struct Feed {
    pub title: String,
    pub self_url: String,
    pub page_url: String,
    pub lang: &'static str,
    pub entries: Vec<Entry>,
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .chars()
        .filter(|c| !matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}'))
        .collect()
}

fn rfc3339(t: i64) -> String {
    rasid_extract::dates::DateTime::from_timestamp(t).to_rfc3339()
}

fn http_date(t: i64) -> String {
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(t.max(0) as u64))
}

impl Feed {
    /// When the feed last changed: its newest entry.
    pub fn updated(&self) -> i64 {
        self.entries.iter().map(|e| e.updated).max().unwrap_or(0)
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Atom => self.atom(),
            Format::Rss => self.rss(),
            Format::Json => self.json(),
        }
    }

    fn atom(&self) -> String {
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
             <title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <updated>{}</updated>\n<generator>rasid</generator>\n",
            self.lang,
            xml(&self.title),
            xml(&self.self_url),
            xml(&self.self_url),
            xml(&self.page_url),
            rfc3339(self.updated())
        );
        for e in &self.entries {
            out.push_str(&format!(
                "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n",
                xml(&e.title),
                xml(&e.id),
                xml(&e.link),
                rfc3339(e.updated)
            ));
            if let Some(s) = &e.source {
                out.push_str(&format!("<author><name>{}</name></author>\n", xml(s)));
            }
            if let Some(s) = &e.summary {
                out.push_str(&format!("<summary>{}</summary>\n", xml(s)));
            }
            out.push_str("</entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }

    fn rss(&self) -> String {
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n\
             <title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n\
             <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n<lastBuildDate>{}</lastBuildDate>\n",
            xml(&self.title),
            xml(&self.page_url),
            xml(&self.title),
            self.lang,
            xml(&self.self_url),
            http_date(self.updated())
        );
        for e in &self.entries {
            out.push_str(&format!(
                "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n<pubDate>{}</pubDate>\n",
                xml(&e.title),
                xml(&e.link),
                xml(&e.id),
                http_date(e.updated)
            ));
            if let Some(s) = &e.summary {
                out.push_str(&format!("<description>{}</description>\n", xml(s)));
            }
            out.push_str("</item>\n");
        }
        out.push_str("</channel>\n</rss>\n");
        out
    }

    fn json(&self) -> String {
        let items: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|e| {
                let mut v = serde_json::json!({
                    "id": e.id,
                    "url": e.link,
                    "title": e.title,
                    "date_modified": rfc3339(e.updated),
                    "content_text": e.summary.clone().unwrap_or_else(|| e.title.clone()),
                });
                if let Some(s) = &e.source {
                    v["authors"] = serde_json::json!([{"name": s}]);
                }
                v
            })
            .collect();
        serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.title,
            "home_page_url": self.page_url,
            "feed_url": self.self_url,
            "language": self.lang,
            "items": items,
        })
        .to_string()
    }

    /// The feed as an HTTP response: 304 when `If-None-Match` (or `If-Modified-Since`)
    /// says the reader has it.
    pub fn respond(&self, format: Format, request: &HeaderMap) -> Response {
        let body = self.render(format);
        let etag = format!("\"{:016x}\"", rasid_text_hash(&body));
        let updated = self.updated();
        let last_modified = http_date(updated);
        let fresh = match request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            Some(tags) => tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"),
            None => request
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| httpdate::parse_http_date(v).ok())
                .is_some_and(|since| {
                    since
                        >= std::time::UNIX_EPOCH
                            + std::time::Duration::from_secs(updated.max(0) as u64)
                }),
        };
        let mut headers = HeaderMap::new();
        let mut put = |k: header::HeaderName, v: &str| {
            if let Ok(v) = HeaderValue::from_str(v) {
                headers.insert(k, v);
            }
        };
        put(header::ETAG, &etag);
        put(header::LAST_MODIFIED, &last_modified);
        put(header::CACHE_CONTROL, "public, max-age=300");
        if fresh {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        put(header::CONTENT_TYPE, format.content_type());
        (StatusCode::OK, headers, body).into_response()
    }
}

/// FNV-1a of a text (an ETag needs no more).
fn rasid_text_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
