//! Feeds: RSS 0.9x/1.0/2.0, Atom and JSON Feed (through feed-rs), in any encoding the
//! XML declares or the server names (windows-1256 and ISO-8859-6 included), with links
//! made absolute, duplicate GUIDs folded, and the feed's `ttl` and `skipHours` kept for
//! scheduling.

use chrono::{DateTime, Utc};

/// What a document is, by its root element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Feed,
    Sitemap,
    SitemapIndex,
    Html,
    Other,
}

/// One item of a feed.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedItem {
    /// The item's GUID or id (or, when it has none, its link).
    pub guid: String,
    /// The page it links to, absolute.
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    /// The summary (HTML or text, as given).
    pub summary: Option<String>,
    /// The full content (HTML), when the feed carries it.
    pub content: Option<String>,
    pub categories: Vec<String>,
    pub authors: Vec<String>,
}

impl FeedItem {
    /// When the item last changed, as far as the feed says.
    pub fn changed(&self) -> Option<DateTime<Utc>> {
        self.updated.or(self.published)
    }
}

/// A parsed feed.
#[derive(Clone, Debug, PartialEq)]
pub struct Feed {
    /// `rss`, `atom` or `json`.
    pub format: &'static str,
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub site_url: Option<String>,
    /// Minutes the feed may be cached (RSS `ttl`).
    pub ttl: Option<u32>,
    /// Hours (0–23, UTC) the feed asks not to be read (RSS `skipHours`).
    pub skip_hours: Vec<u32>,
    pub items: Vec<FeedItem>,
    /// The XML was not well-formed and was read repaired (see [`crate::repair`]).
    pub repaired: bool,
}

/// The kind of a fetched document, from its first element.
pub fn detect(bytes: &[u8]) -> DocKind {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return if trimmed.contains("jsonfeed.org") {
            DocKind::Feed
        } else {
            DocKind::Other
        };
    }
    // The first element that is not a declaration, comment or processing instruction.
    let mut rest = trimmed;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == ':' || *c == '-')
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        return match local {
            "rss" | "feed" | "rdf" => DocKind::Feed,
            "urlset" => DocKind::Sitemap,
            "sitemapindex" => DocKind::SitemapIndex,
            "html" | "head" | "body" => DocKind::Html,
            _ => DocKind::Other,
        };
    }
    DocKind::Other
}

/// The charset named in a Content-Type header.
pub fn header_charset(content_type: Option<&str>) -> Option<&str> {
    let ct = content_type?;
    ct.split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"'))
        .next()
}

/// The XML's text as UTF-8: by its BOM, else the encoding its declaration names, else
/// the server's charset, else UTF-8. The declaration is rewritten to say UTF-8.
pub fn xml_to_utf8(bytes: &[u8], header: Option<&str>) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).into_owned();
    let declared = head
        .find("<?xml")
        .and_then(|s| head[s..].find("?>").map(|e| &head[s..s + e]))
        .and_then(|decl| {
            let i = decl.find("encoding")?;
            let rest = decl[i + 8..].trim_start().strip_prefix('=')?.trim_start();
            let quote = rest.chars().next()?;
            let rest = &rest[1..];
            Some(rest[..rest.find(quote)?].to_owned())
        });
    let label = declared.as_deref().or(header).unwrap_or("utf-8");
    let enc =
        encoding_rs::Encoding::for_label(label.trim().as_bytes()).unwrap_or(encoding_rs::UTF_8);
    // A feed that names a single-byte charset but whose letters are UTF-8 (an old CMS's
    // template declaration over a converted database): text in windows-1256 or
    // ISO-8859-6 is almost never valid UTF-8 once it has non-ASCII letters, so the
    // bytes win over the label.
    let enc =
        if enc != encoding_rs::UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
            encoding_rs::UTF_8
        } else {
            enc
        };
    let text = enc.decode_without_bom_handling(bytes).0.into_owned();
    match &declared {
        Some(d) if !d.eq_ignore_ascii_case("utf-8") => text.replacen(d.as_str(), "UTF-8", 1),
        _ => text,
    }
}

/// Parses a feed fetched from `url` (relative links resolve against it).
pub fn parse(bytes: &[u8], content_type: Option<&str>, url: &str) -> Result<Feed, String> {
    let json = detect(bytes) == DocKind::Feed
        && String::from_utf8_lossy(&bytes[..bytes.len().min(64)])
            .trim_start()
            .starts_with('{');
    let text = if json {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        xml_to_utf8(bytes, header_charset(content_type))
    };
    let read = |text: &str| {
        feed_rs::parser::Builder::new()
            .base_uri(Some(url))
            .build()
            .parse(text.as_bytes())
    };
    // A feed that is not well-formed is read again repaired, then, if it was cut off,
    // up to its last whole item; the first error is the one reported.
    let (parsed, repaired) = match read(&text) {
        Ok(p) => (p, false),
        Err(e) if json => return Err(format!("not a feed rasid can read: {e}")),
        Err(e) => {
            let fixed = crate::repair::repair(&text);
            let closed = crate::repair::close_truncated(&fixed);
            match read(&fixed).or_else(|e2| closed.as_deref().map_or(Err(e2), read)) {
                Ok(p) => (p, true),
                Err(_) => return Err(format!("not a feed rasid can read: {e}")),
            }
        }
    };
    let base = url::Url::parse(url).ok();
    let absolute = |href: &str| -> String {
        match &base {
            Some(b) => b
                .join(href)
                .map_or_else(|_| href.to_owned(), |u| u.to_string()),
            None => href.to_owned(),
        }
    };
    let format = match parsed.feed_type {
        feed_rs::model::FeedType::Atom => "atom",
        feed_rs::model::FeedType::JSON => "json",
        _ => "rss",
    };
    let mut items: Vec<FeedItem> = Vec::new();
    for e in parsed.entries {
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| absolute(&l.href));
        let guid = if e.id.trim().is_empty() {
            match &link {
                Some(l) => l.clone(),
                None => continue,
            }
        } else {
            e.id.trim().to_owned()
        };
        let item = FeedItem {
            guid,
            url: link,
            title: e.title.map(|t| t.content.trim().to_owned()),
            published: e.published,
            updated: e.updated,
            summary: e.summary.map(|t| t.content),
            content: e.content.and_then(|c| c.body),
            categories: e
                .categories
                .into_iter()
                .map(|c| c.label.unwrap_or(c.term))
                .collect(),
            authors: e.authors.into_iter().map(|a| a.name).collect(),
        };
        // The same GUID twice: the later version stands.
        match items.iter_mut().find(|i| i.guid == item.guid) {
            Some(existing) => {
                if item.changed() >= existing.changed() {
                    *existing = item;
                }
            }
            None => items.push(item),
        }
    }
    Ok(Feed {
        format,
        title: parsed.title.map(|t| t.content.trim().to_owned()),
        site_url: parsed
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .map(|l| absolute(&l.href)),
        ttl: parsed.ttl,
        skip_hours: if json { Vec::new() } else { skip_hours(&text) },
        items,
        repaired,
    })
}

/// The text an XML reference stands for (`&amp;` → `&`, `&#1575;` → `ا`); an unknown
/// entity is kept as written.
pub(crate) fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(v) => v.to_owned(),
        None => format!("&{name};"),
    }
}

/// The hours of RSS's `<skipHours>`.
fn skip_hours(xml: &str) -> Vec<u32> {
    let Some(start) = xml.find("<skipHours>") else {
        return Vec::new();
    };
    let Some(len) = xml[start..].find("</skipHours>") else {
        return Vec::new();
    };
    let block = &xml[start..start + len];
    let mut out: Vec<u32> = block
        .split("<hour>")
        .skip(1)
        .filter_map(|h| h.split('<').next()?.trim().parse().ok())
        .filter(|h| *h < 24)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_told_apart_by_their_root() {
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            DocKind::Feed
        );
        assert_eq!(
            detect(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            DocKind::Feed
        );
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><!-- x --><rdf:RDF>"),
            DocKind::Feed
        );
        assert_eq!(detect(b"<urlset xmlns=\"x\">"), DocKind::Sitemap);
        assert_eq!(detect(b"<sitemapindex>"), DocKind::SitemapIndex);
        assert_eq!(detect(b"<!DOCTYPE html><html>"), DocKind::Html);
        assert_eq!(
            detect(b"{\"version\": \"https://jsonfeed.org/version/1.1\"}"),
            DocKind::Feed
        );
    }

    #[test]
    fn windows_1256_is_read_from_the_declaration() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(
            "<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss version=\"2.0\"><channel><title>أخبار</title>\
             <item><title>العراق</title><link>/a/1</link><guid>1</guid></item></channel></rss>",
        );
        let feed = parse(&bytes, None, "https://news.example/rss.xml").unwrap();
        assert_eq!(feed.title.as_deref(), Some("أخبار"));
        assert_eq!(feed.items[0].title.as_deref(), Some("العراق"));
        assert_eq!(
            feed.items[0].url.as_deref(),
            Some("https://news.example/a/1")
        );
    }

    #[test]
    fn utf8_bytes_win_over_a_declared_single_byte_charset() {
        let xml = "<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss version=\"2.0\"><channel>\
             <title>أخبار</title><item><title>العراق</title><link>/a/1</link><guid>1</guid></item>\
             </channel></rss>";
        let feed = parse(
            xml.as_bytes(),
            Some("text/xml; charset=iso-8859-6"),
            "https://n.example/",
        )
        .unwrap();
        assert_eq!(feed.title.as_deref(), Some("أخبار"));
        assert_eq!(feed.items[0].title.as_deref(), Some("العراق"));
    }

    #[test]
    fn skip_hours_and_ttl_are_kept() {
        let xml = "<rss version=\"2.0\"><channel><title>t</title><ttl>30</ttl>\
            <skipHours><hour>1</hour><hour>2</hour></skipHours></channel></rss>";
        let feed = parse(xml.as_bytes(), None, "https://x.example/").unwrap();
        assert_eq!(feed.ttl, Some(30));
        assert_eq!(feed.skip_hours, [1, 2]);
    }
}
