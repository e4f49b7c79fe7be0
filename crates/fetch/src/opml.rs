//! OPML feed lists, with folders: what Miniflux, FreshRSS and most readers import and
//! export.

use quick_xml::events::{BytesStart, Event};

/// A feed in an OPML list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpmlFeed {
    pub url: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
    /// The folder (category) it sits in.
    pub folder: Option<String>,
}

fn attr(e: &BytesStart<'_>, name: &str, decoder: quick_xml::encoding::Decoder) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).to_ascii_lowercase();
        (key == name.to_ascii_lowercase())
            .then(|| {
                a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder)
                    .ok()
                    .map(|v| v.trim().to_owned())
            })
            .flatten()
            .filter(|v| !v.is_empty())
    })
}

/// The feeds of an OPML document, each with its folder (the outline around it).
pub fn parse(text: &str) -> Result<Vec<OpmlFeed>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut feeds = Vec::new();
    // One entry per open outline: Some(folder name) for folders, None for feeds.
    let mut open: Vec<Option<String>> = Vec::new();
    let mut seen_opml = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not OPML rasid can read: {e} (at byte {})",
                reader.buffer_position()
            )
        })?;
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                if e.local_name().as_ref() == b"outline" {
                    open.pop();
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let decoder = reader.decoder();
        let attr = |e: &BytesStart<'_>, name: &str| attr(e, name, decoder);
        match e.local_name().as_ref() {
            b"opml" => seen_opml = true,
            b"outline" => {
                let name = attr(e, "title").or_else(|| attr(e, "text"));
                // An outline naming only its site (a list of sites, not of feeds) is
                // followed through its page: the crawler finds the feed the page names.
                let site_only = || {
                    attr(e, "htmlUrl").or_else(|| {
                        attr(e, "type")
                            .is_some_and(|t| t.eq_ignore_ascii_case("link"))
                            .then(|| attr(e, "url"))
                            .flatten()
                    })
                };
                match attr(e, "xmlUrl").or_else(|| empty.then(site_only).flatten()) {
                    Some(url) => {
                        let folder = open
                            .iter()
                            .rev()
                            .find_map(|f| f.clone())
                            .or_else(|| attr(e, "category"));
                        feeds.push(OpmlFeed {
                            url,
                            title: name,
                            site_url: attr(e, "htmlUrl"),
                            folder,
                        });
                        if !empty {
                            open.push(None);
                        }
                    }
                    None if !empty => open.push(name),
                    None => {}
                }
            }
            _ => {}
        }
    }
    if !seen_opml {
        return Err("not OPML: no <opml> element".into());
    }
    Ok(feeds)
}

fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// An OPML 2.0 document of `feeds`, grouped into folders.
pub fn write(title: &str, feeds: &[OpmlFeed]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str(&format!(
        "  <head><title>{}</title></head>\n  <body>\n",
        escape(title)
    ));
    let outline = |f: &OpmlFeed, indent: &str| -> String {
        let name = escape(f.title.as_deref().unwrap_or(&f.url));
        let mut s = format!(
            "{indent}<outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"",
            escape(&f.url)
        );
        if let Some(site) = &f.site_url {
            s.push_str(&format!(" htmlUrl=\"{}\"", escape(site)));
        }
        s.push_str("/>\n");
        s
    };
    for f in feeds.iter().filter(|f| f.folder.is_none()) {
        out.push_str(&outline(f, "    "));
    }
    let mut folders: Vec<&str> = feeds.iter().filter_map(|f| f.folder.as_deref()).collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        let name = escape(folder);
        out.push_str(&format!("    <outline text=\"{name}\" title=\"{name}\">\n"));
        for f in feeds.iter().filter(|f| f.folder.as_deref() == Some(folder)) {
            out.push_str(&outline(f, "      "));
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_survive_a_round_trip() {
        let text = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
  <outline text="عربي" title="عربي">
    <outline type="rss" text="BBC عربي" xmlUrl="https://feeds.example/bbc.xml" htmlUrl="https://www.bbc.com/arabic"/>
    <outline text="nested"><outline type="rss" text="Deep" xmlUrl="https://feeds.example/deep.xml"/></outline>
  </outline>
  <outline type="rss" text="Loose &amp; free" xmlUrl="https://feeds.example/loose.xml"/>
</body></opml>"#;
        let feeds = parse(text).unwrap();
        assert_eq!(feeds.len(), 3);
        assert_eq!(feeds[0].folder.as_deref(), Some("عربي"));
        assert_eq!(
            feeds[0].site_url.as_deref(),
            Some("https://www.bbc.com/arabic")
        );
        assert_eq!(feeds[1].folder.as_deref(), Some("nested"));
        assert_eq!(feeds[2].folder, None);
        assert_eq!(feeds[2].title.as_deref(), Some("Loose & free"));
        let again = parse(&write("rasid", &feeds)).unwrap();
        let mut a = feeds.clone();
        let mut b = again;
        a.sort_by(|x, y| x.url.cmp(&y.url));
        b.sort_by(|x, y| x.url.cmp(&y.url));
        assert_eq!(a, b);
        assert!(parse("<html/>").is_err());
    }

    #[test]
    fn outlines_naming_only_a_site_are_followed_through_it() {
        let text = r#"<opml version="2.0"><body><outline text="مواقع">
    <outline text="صحيفة" htmlUrl="https://news.example/"/>
    <outline type="link" text="وكالة" url="https://agency.example/ar"/>
    <outline text="folder with a site" htmlUrl="https://x.example/"><outline text="f" xmlUrl="https://x.example/rss"/></outline>
  </outline></body></opml>"#;
        let feeds = parse(text).unwrap();
        let urls: Vec<&str> = feeds.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://news.example/",
                "https://agency.example/ar",
                "https://x.example/rss"
            ]
        );
        assert_eq!(feeds[0].folder.as_deref(), Some("مواقع"));
    }
}
