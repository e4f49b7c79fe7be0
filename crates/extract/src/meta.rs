//! Page metadata from the markup: `<title>`, OpenGraph and `article:*` meta tags, JSON-LD,
//! `<link rel=canonical>`, `<html lang dir>`, `<time>`. Each field takes the most specific
//! source available (JSON-LD and `article:*` before generic tags before visible text).

use crate::dates::{self, DateTime};
use crate::dom::{Dom, NodeData};
use crate::{Extraction, Media};
use serde_json::Value;

/// What the page says about itself.
#[derive(Default, Debug)]
pub struct PageMeta {
    pub title: Option<String>,
    /// The raw `<title>`, before the site name is cut off.
    pub html_title: Option<String>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<DateTime>,
    pub updated: Option<DateTime>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub now: Option<DateTime>,
}

impl PageMeta {
    pub fn apply(&self, ex: &mut Extraction) {
        ex.title = self.title.clone();
        ex.site_name = self.site_name.clone();
        ex.canonical_url = self.canonical_url.clone();
        ex.authors = self.authors.clone();
        ex.published = self.published.map(|d| d.to_rfc3339());
        ex.updated = self.updated.map(|d| d.to_rfc3339());
        ex.section = self.section.clone();
        ex.tags = self.tags.clone();
        ex.lang = self.lang.clone();
        ex.dir = self.dir.clone();
        if let Some(img) = &self.image {
            ex.images.push(Media {
                url: img.clone(),
                caption: None,
            });
        }
    }
}

/// Reads the metadata of a parsed page.
pub fn read(dom: &Dom, url: Option<&str>, fetched_at: Option<&str>) -> PageMeta {
    let mut m = PageMeta {
        now: fetched_at.and_then(dates::parse_machine),
        ..PageMeta::default()
    };
    let mut og_title = None;
    let mut tw_title = None;
    let mut ld = LdArticle::default();
    let mut meta_dates: Vec<(u8, DateTime)> = Vec::new();
    let mut meta_updated: Option<DateTime> = None;
    let mut keywords: Vec<String> = Vec::new();
    let mut article_tags: Vec<String> = Vec::new();
    let mut meta_author: Vec<String> = Vec::new();
    let mut locale = None;

    for id in 0..dom.nodes.len() as u32 {
        let Some(e) = dom.element(id) else { continue };
        match &*e.name {
            "html" => {
                if m.lang.is_none() {
                    m.lang = e.attr("lang").or(e.attr("xml:lang")).and_then(clean_lang);
                }
                if m.dir.is_none() {
                    m.dir = e
                        .attr("dir")
                        .map(str::to_ascii_lowercase)
                        .filter(|d| d == "rtl" || d == "ltr");
                }
            }
            "body" if m.dir.is_none() => {
                m.dir = e
                    .attr("dir")
                    .map(str::to_ascii_lowercase)
                    .filter(|d| d == "rtl" || d == "ltr");
            }
            "title" if m.html_title.is_none() => {
                let t = dom.text(id);
                if !t.is_empty() {
                    m.html_title = Some(t);
                }
            }
            "link" => {
                let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && m.canonical_url.is_none() {
                    m.canonical_url = e.attr("href").and_then(|h| resolve(url, h));
                }
            }
            "meta" => {
                let key = e
                    .attr("property")
                    .or(e.attr("name"))
                    .or(e.attr("itemprop"))
                    .or(e.attr("http-equiv"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(v) = e.attr("content").map(str::trim).filter(|v| !v.is_empty()) else {
                    continue;
                };
                match key.as_str() {
                    "og:title" => og_title = og_title.or(Some(v.to_owned())),
                    "twitter:title" => tw_title = tw_title.or(Some(v.to_owned())),
                    "og:site_name" | "application-name" if m.site_name.is_none() => {
                        m.site_name = Some(v.to_owned())
                    }
                    "og:url" if m.canonical_url.is_none() => m.canonical_url = resolve(url, v),
                    "og:image" | "twitter:image" | "twitter:image:src" if m.image.is_none() => {
                        m.image = resolve(url, v)
                    }
                    "description" | "og:description" if m.description.is_none() => {
                        m.description = Some(v.to_owned())
                    }
                    "og:locale" => locale = locale.or(Some(v.to_owned())),
                    "content-language" | "language" | "dc.language" if m.lang.is_none() => {
                        m.lang = clean_lang(v)
                    }
                    "article:section" | "section" | "category" | "article-section"
                        if m.section.is_none() =>
                    {
                        m.section = Some(v.to_owned())
                    }
                    "article:tag" | "og:article:tag" => article_tags.push(v.to_owned()),
                    "keywords" | "news_keywords" => keywords.extend(split_tags(v)),
                    "author" | "article:author" | "dc.creator" | "sailthru.author" | "byl"
                    | "parsely-author"
                        if !v.starts_with("http") =>
                    {
                        meta_author.extend(split_authors(v));
                    }
                    "article:published_time"
                    | "og:published_time"
                    | "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "publish-date"
                    | "publication_date"
                    | "dc.date.issued"
                    | "dc.date"
                    | "date"
                    | "sailthru.date"
                    | "parsely-pub-date"
                    | "article.published"
                    | "original-publish-date" => {
                        if let Some(d) = dates::parse_machine(v) {
                            let rank = if key.starts_with("article:") || key == "datepublished" {
                                0
                            } else {
                                1
                            };
                            meta_dates.push((rank, d));
                        }
                    }
                    "article:modified_time"
                    | "og:updated_time"
                    | "datemodified"
                    | "last-modified" => {
                        meta_updated = meta_updated.or_else(|| dates::parse_machine(v));
                    }
                    _ => {}
                }
            }
            "script"
                if e.attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                for c in dom.children(id) {
                    if let NodeData::Text(t) = &dom.node(c).data {
                        if let Ok(v) = serde_json::from_str::<Value>(t.trim().trim_end_matches(';'))
                        {
                            ld.read(&v, 0);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    // Title: JSON-LD headline, OpenGraph, Twitter, then <title> without the site name.
    let cleaned = m
        .html_title
        .as_deref()
        .map(|t| strip_site_name(t, m.site_name.as_deref()));
    m.title = ld
        .headline
        .clone()
        .or(og_title.map(|t| strip_site_name(&t, m.site_name.as_deref())))
        .or(tw_title)
        .or(cleaned)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    m.site_name = m.site_name.take().or(ld.publisher.clone());
    m.authors = if !ld.authors.is_empty() {
        ld.authors.clone()
    } else {
        meta_author
    };
    dedup(&mut m.authors);
    meta_dates.sort_by_key(|(r, _)| *r);
    m.published = ld.published.or(meta_dates.first().map(|(_, d)| *d));
    m.updated = ld.updated.or(meta_updated);
    if m.section.is_none() {
        m.section = ld.section.clone();
    }
    let mut tags = article_tags;
    tags.extend(ld.keywords.iter().cloned());
    tags.extend(keywords);
    dedup(&mut tags);
    m.tags = tags;
    if m.image.is_none() {
        m.image = ld.image.as_deref().and_then(|i| resolve(url, i));
    }
    if m.lang.is_none() {
        m.lang = locale.as_deref().and_then(clean_lang);
    }
    m
}

/// The article object of a page's JSON-LD.
#[derive(Default, Debug)]
struct LdArticle {
    found: bool,
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<DateTime>,
    updated: Option<DateTime>,
    section: Option<String>,
    keywords: Vec<String>,
    image: Option<String>,
    publisher: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "VideoObject",
];

impl LdArticle {
    fn read(&mut self, v: &Value, depth: usize) {
        if depth > 6 {
            return;
        }
        match v {
            Value::Array(a) => a.iter().for_each(|x| self.read(x, depth + 1)),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    self.read(g, depth + 1);
                }
                let is_article = match o.get("@type") {
                    Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                    Some(Value::Array(ts)) => ts
                        .iter()
                        .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                    _ => false,
                };
                if !is_article || self.found {
                    return;
                }
                self.found = true;
                self.headline = o.get("headline").or(o.get("name")).and_then(str_of);
                self.published = o
                    .get("datePublished")
                    .and_then(str_of)
                    .and_then(|s| dates::parse_machine(&s));
                self.updated = o
                    .get("dateModified")
                    .and_then(str_of)
                    .and_then(|s| dates::parse_machine(&s));
                self.section = o.get("articleSection").and_then(|s| match s {
                    Value::Array(a) => a.first().and_then(str_of),
                    s => str_of(s),
                });
                if let Some(a) = o.get("author") {
                    collect_names(a, &mut self.authors);
                }
                match o.get("keywords") {
                    Some(Value::String(k)) => self.keywords.extend(split_tags(k)),
                    Some(Value::Array(ks)) => self.keywords.extend(ks.iter().filter_map(str_of)),
                    _ => {}
                }
                self.image = o.get("image").and_then(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    Value::Array(a) => a
                        .first()
                        .and_then(|x| str_of(x).or_else(|| x.get("url").and_then(str_of))),
                    Value::Object(_) => i.get("url").and_then(str_of),
                    _ => None,
                });
                self.publisher = o
                    .get("publisher")
                    .and_then(|p| p.get("name"))
                    .and_then(str_of);
            }
            _ => {}
        }
    }
}

fn str_of(v: &Value) -> Option<String> {
    v.as_str()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn collect_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if !s.starts_with("http") => out.extend(split_authors(s)),
        Value::Array(a) => a.iter().for_each(|x| collect_names(x, out)),
        Value::Object(o) => {
            if let Some(n) = o.get("name").and_then(str_of) {
                out.extend(split_authors(&n));
            }
        }
        _ => {}
    }
}

fn split_tags(v: &str) -> Vec<String> {
    v.split([',', '،', ';', '؛'])
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && t.chars().count() <= 60)
        .collect()
}

fn split_authors(v: &str) -> Vec<String> {
    v.split([',', '،', '|'])
        .flat_map(|a| a.split(" and "))
        .map(|a| {
            a.trim()
                .trim_start_matches("By ")
                .trim_start_matches("by ")
                .trim()
                .to_owned()
        })
        .filter(|a| !a.is_empty() && a.chars().count() <= 80)
        .collect()
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(rasid_text::normalize(x)));
}

fn clean_lang(v: &str) -> Option<String> {
    let l = v.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (l.len() == 2 || l.len() == 3)
        .then_some(l)
        .filter(|l| l.chars().all(|c| c.is_ascii_alphabetic()))
}

/// `"Title | Site"`, `"Site - Title"` → `"Title"`: drops the site-name part of a title.
pub fn strip_site_name(title: &str, site: Option<&str>) -> String {
    const SEPS: &[&str] = &[
        " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " • ", " · ", " / ", " |", "| ",
    ];
    let t = title.trim();
    if let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) {
        for sep in SEPS {
            if let Some(rest) = t
                .strip_suffix(site)
                .and_then(|r| r.trim_end().strip_suffix(sep.trim()))
            {
                return rest.trim().to_owned();
            }
            if let Some(rest) = t
                .strip_prefix(site)
                .and_then(|r| r.trim_start().strip_prefix(sep.trim()))
            {
                return rest.trim().to_owned();
            }
        }
    }
    for sep in SEPS {
        if t.contains(sep) {
            let parts: Vec<&str> = t.split(sep).collect();
            let longest = parts
                .iter()
                .max_by_key(|p| p.chars().count())
                .copied()
                .unwrap_or(t);
            if longest.split_whitespace().count() >= 3 {
                return longest.trim().to_owned();
            }
        }
    }
    t.to_owned()
}

/// Resolves `href` against the page URL (absolute, scheme-relative, root- and path-relative).
pub fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty()
        || href.starts_with("javascript:")
        || href.starts_with("data:")
        || href.starts_with('#')
    {
        return None;
    }
    if href.starts_with("http://") || href.starts_with("https://") {
        return Some(href.to_owned());
    }
    // Without the page's URL a relative link stays relative: still worth reporting.
    let Some(base) = base else {
        return Some(href.to_owned());
    };
    let (scheme, rest) = base.split_once("://")?;
    if let Some(h) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{h}"));
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_end];
    if href.starts_with('/') {
        return Some(format!("{scheme}://{host}{href}"));
    }
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    Some(format!("{scheme}://{host}{dir}{href}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_loses_the_site_name() {
        assert_eq!(
            strip_site_name("اتفاق على الانسحاب من العراق | المرصد", Some("المرصد")),
            "اتفاق على الانسحاب من العراق"
        );
        assert_eq!(
            strip_site_name("BBC News - Iraq and US agree on withdrawal plan", None),
            "Iraq and US agree on withdrawal plan"
        );
        assert_eq!(strip_site_name("Short", None), "Short");
    }

    #[test]
    fn json_ld_and_meta() {
        let html = r#"<html lang="ar-EG"><head><title>عنوان | موقع</title>
        <meta property="og:site_name" content="موقع">
        <meta property="article:published_time" content="2018-03-12T10:00:00+02:00">
        <meta name="keywords" content="العراق، التحالف الدولي, واشنطن">
        <link rel="canonical" href="/news/1">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
          {"@type":"NewsArticle","headline":"عنوان الخبر","author":[{"@type":"Person","name":"أحمد علي"}],
           "datePublished":"2018-03-12T09:00:00+02:00","articleSection":"سياسة"}]}</script></head><body></body></html>"#;
        let dom = Dom::parse(html);
        let m = read(&dom, Some("https://example.com/a/b"), None);
        assert_eq!(m.title.as_deref(), Some("عنوان الخبر"));
        assert_eq!(m.authors, ["أحمد علي"]);
        assert_eq!(
            m.published.unwrap().to_rfc3339(),
            "2018-03-12T09:00:00+02:00"
        );
        assert_eq!(m.section.as_deref(), Some("سياسة"));
        assert_eq!(m.tags, ["العراق", "التحالف الدولي", "واشنطن"]);
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://example.com/news/1")
        );
        assert_eq!(m.lang.as_deref(), Some("ar"));
    }

    #[test]
    fn urls_resolve() {
        let b = Some("https://example.com/a/b.html?x=1");
        assert_eq!(
            resolve(b, "c.jpg").as_deref(),
            Some("https://example.com/a/c.jpg")
        );
        assert_eq!(resolve(b, "/d").as_deref(), Some("https://example.com/d"));
        assert_eq!(
            resolve(b, "//cdn.example.com/e").as_deref(),
            Some("https://cdn.example.com/e")
        );
        assert_eq!(resolve(b, "javascript:void(0)"), None);
        assert_eq!(resolve(None, "/x").as_deref(), Some("/x"));
    }
}
