//! XML sitemaps and sitemap indexes, Google News sitemaps included (their publication
//! date and title are kept).

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::events::Event;

/// One URL of a sitemap.
#[derive(Clone, Debug, PartialEq)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
    /// `news:title`.
    pub title: Option<String>,
    /// `news:publication_date`.
    pub published: Option<DateTime<Utc>>,
}

/// A sitemap: its URLs, or (an index) the sitemaps it lists.
#[derive(Clone, Debug, PartialEq)]
pub enum Sitemap {
    Index(Vec<String>),
    Urls(Vec<SitemapUrl>),
}

/// A W3C date-time (`2024-09-05`, `2024-09-05T10:00:00+03:00`).
pub fn parse_w3c_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z") {
        return Some(d.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

/// Parses a sitemap or a sitemap index; relative locations resolve against `base`.
pub fn parse(bytes: &[u8], base: &str) -> Result<Sitemap, String> {
    let text = crate::feeds::xml_to_utf8(bytes, None);
    let base = url::Url::parse(base).ok();
    let absolute = |loc: &str| -> String {
        match &base {
            Some(b) => b
                .join(loc.trim())
                .map_or_else(|_| loc.trim().to_owned(), |u| u.to_string()),
            None => loc.trim().to_owned(),
        }
    };
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().trim_text(true);
    let mut index: Option<bool> = None;
    let mut sitemaps = Vec::new();
    let mut urls = Vec::new();
    let mut current: Option<SitemapUrl> = None;
    let mut element = String::new();
    let mut value = String::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not a sitemap rasid can read: {e} (at byte {})",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match name.as_str() {
                    "sitemapindex" => index = Some(true),
                    "urlset" => index = Some(false),
                    "url" | "sitemap" => {
                        current = Some(SitemapUrl {
                            loc: String::new(),
                            lastmod: None,
                            title: None,
                            published: None,
                        })
                    }
                    _ => {}
                }
                element = name;
                value.clear();
            }
            Event::Text(t) => value.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(c) => value.push_str(&String::from_utf8_lossy(&c)),
            Event::GeneralRef(r) => value.push_str(&crate::feeds::resolve_reference(&r)),
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name == element {
                    fill(&mut current, &element, &value, &absolute);
                }
                if name == "url" || name == "sitemap" {
                    if let Some(u) = current.take().filter(|u| !u.loc.is_empty()) {
                        if name == "sitemap" {
                            sitemaps.push(u.loc);
                        } else {
                            urls.push(u);
                        }
                    }
                }
                element.clear();
                value.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match index {
        Some(true) => Ok(Sitemap::Index(sitemaps)),
        Some(false) => Ok(Sitemap::Urls(urls)),
        None => Err("not a sitemap: no <urlset> or <sitemapindex>".into()),
    }
}

fn fill(
    current: &mut Option<SitemapUrl>,
    element: &str,
    value: &str,
    absolute: &dyn Fn(&str) -> String,
) {
    let Some(u) = current.as_mut() else { return };
    match element {
        "loc" => u.loc = absolute(value),
        "lastmod" => u.lastmod = parse_w3c_date(value),
        "publication_date" => u.published = parse_w3c_date(value),
        "title" => u.title = Some(value.trim().to_owned()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_sitemaps_keep_dates_and_titles() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/a/1</loc>
    <news:news><news:publication><news:name>مثال</news:name><news:language>ar</news:language></news:publication>
      <news:publication_date>2024-09-05T10:00:00+03:00</news:publication_date>
      <news:title>اتفاق على انسحاب القوات</news:title></news:news></url>
  <url><loc>/a/2</loc><lastmod>2024-09-04</lastmod></url>
</urlset>"#;
        let Sitemap::Urls(urls) =
            parse(xml.as_bytes(), "https://news.example/sitemap.xml").unwrap()
        else {
            panic!("a urlset");
        };
        assert_eq!(urls.len(), 2);
        assert_eq!(urls[0].title.as_deref(), Some("اتفاق على انسحاب القوات"));
        assert_eq!(
            urls[0].published.unwrap().to_rfc3339(),
            "2024-09-05T07:00:00+00:00"
        );
        assert_eq!(urls[1].loc, "https://news.example/a/2");
        assert!(urls[1].lastmod.is_some());
    }

    #[test]
    fn indexes_list_their_sitemaps() {
        let xml = "<sitemapindex><sitemap><loc>https://x.example/news.xml</loc></sitemap>\
                   <sitemap><loc>https://x.example/2.xml?a=1&amp;b=2</loc></sitemap></sitemapindex>";
        assert_eq!(
            parse(xml.as_bytes(), "https://x.example/").unwrap(),
            Sitemap::Index(vec![
                "https://x.example/news.xml".into(),
                "https://x.example/2.xml?a=1&b=2".into()
            ])
        );
        assert!(parse(b"<html></html>", "https://x.example/").is_err());
    }
}
