//! Article extraction: `bytes + URL + content type → (Extraction, warnings)`.
//!
//! The input is a news page as fetched (HTML in any of the encodings the web uses) or a
//! plain-text dump of one (like an aggregator's page saved as text). The output is the
//! article alone — title, lead, body paragraphs — with its metadata (authors, dates,
//! language and direction, section, publisher tags, images and videos) and with its
//! boilerplate recognised for what it is: attribution lines become structured
//! [`Attribution`]s, "read also" and "similar articles" lists become [`Link`]s, and
//! navigation, share bars, comments and footers are dropped.
//!
//! Extraction is a pure function of its input: no IO, no clock (the fetch time, needed to
//! resolve "منذ ساعتين" — two hours ago — is passed in), the same bytes give the same
//! article. It never panics and never fails: messy input gives warnings.
//!
//! ```
//! use rasid_extract::{extract, Input};
//!
//! let html = "<html><head><title>اتفاق على الانسحاب | المرصد</title></head><body>\
//!   <nav><a href='/'>الرئيسية</a> <a href='/world'>العالم</a></nav><article><h1>اتفاق على الانسحاب</h1>\
//!   <p>توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق، وذلك وفق خطة يجري تنفيذها على مراحل.</p>\
//!   <p>وقال مسؤول أميركي كبير إن الاتفاق ينتظر موافقة نهائية من البلدين وتحديد موعد للإعلان عنه.</p>\
//!   <p>المصدر: رويترز</p></article></body></html>";
//! let (article, _warnings) = extract(&Input::html(html.as_bytes()));
//! assert_eq!(article.title.as_deref(), Some("اتفاق على الانسحاب"));
//! assert_eq!(article.body.len(), 2);
//! assert_eq!(article.attributions[0].name, "رويترز");
//! assert_eq!(article.dir.as_deref(), Some("rtl"));
//! ```

pub mod attribution;
#[doc(hidden)]
pub mod content;
pub mod dates;
pub mod decode;
pub mod dom;
mod meta;
mod plain;
pub mod sites;
pub mod teasers;

use serde::{Deserialize, Serialize};

pub use attribution::{Attribution, AttributionKind};

/// What to extract from.
#[derive(Clone, Debug)]
pub struct Input<'a> {
    pub bytes: &'a [u8],
    /// The page's URL, used to resolve relative links and as a charset hint.
    pub url: Option<&'a str>,
    /// The HTTP `Content-Type` header, if the page was fetched.
    pub content_type: Option<&'a str>,
    /// When the page was fetched (RFC 3339), to resolve relative dates.
    pub fetched_at: Option<&'a str>,
    pub kind: InputKind,
    /// Per-site rules; the one for the page's URL, if any, applies.
    pub sites: Option<&'a sites::Sites>,
}

/// Whether the input is HTML or a plain-text dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InputKind {
    /// Decide from the content.
    #[default]
    Auto,
    Html,
    Text,
}

impl<'a> Input<'a> {
    pub fn html(bytes: &'a [u8]) -> Self {
        Input {
            bytes,
            url: None,
            content_type: None,
            fetched_at: None,
            kind: InputKind::Html,
            sites: None,
        }
    }

    pub fn text(bytes: &'a [u8]) -> Self {
        Input {
            kind: InputKind::Text,
            ..Input::html(bytes)
        }
    }

    pub fn auto(bytes: &'a [u8]) -> Self {
        Input {
            kind: InputKind::Auto,
            ..Input::html(bytes)
        }
    }

    pub fn with_url(mut self, url: Option<&'a str>) -> Self {
        self.url = url;
        self
    }

    /// A page kept with a stored article, as the store gives it back: its bytes, its
    /// kind (`text` for a plain-text dump, else a page), its URL and fetch time.
    pub fn kept(
        bytes: &'a [u8],
        kind: &str,
        url: Option<&'a str>,
        fetched_at: Option<&'a str>,
    ) -> Self {
        Input {
            bytes,
            url,
            content_type: None,
            fetched_at,
            kind: if kind == "text" {
                InputKind::Text
            } else {
                InputKind::Auto
            },
            sites: None,
        }
    }

    pub fn with_sites(mut self, sites: Option<&'a sites::Sites>) -> Self {
        self.sites = sites;
        self
    }
}

/// The extracted article.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Extraction {
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    pub title: Option<String>,
    pub lead: Option<String>,
    /// Body paragraphs in order (subheadings, quotes and list items are paragraphs too).
    pub body: Vec<String>,
    /// `body` joined by blank lines.
    pub text: String,
    pub authors: Vec<String>,
    /// Publication time, RFC 3339.
    pub published: Option<String>,
    /// Last update time, RFC 3339.
    pub updated: Option<String>,
    pub lang: Option<String>,
    /// `rtl` or `ltr`.
    pub dir: Option<String>,
    pub section: Option<String>,
    /// Publisher tags (keywords, `article:tag`, visible tag lists).
    pub tags: Vec<String>,
    pub attributions: Vec<Attribution>,
    pub images: Vec<Media>,
    pub videos: Vec<Media>,
    /// "Read also" / "similar articles" entries the page offered.
    pub related_links: Vec<Link>,
    pub warnings: Vec<Warning>,
}

/// An image or a video.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Media {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

/// A link the page offered next to the article.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub url: Option<String>,
}

/// Something odd about the input that did not stop extraction.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Warning {
    /// A stable, machine-readable code (`charset-mismatch`, `no-body`, `tags-truncated` …).
    pub code: &'static str,
    pub message: String,
}

impl Warning {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
        }
    }
}

/// Inputs larger than this are cut (with a warning): extraction is bounded work.
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// Extracts the article from `input`. Never panics; problems become warnings.
pub fn extract(input: &Input<'_>) -> (Extraction, Vec<Warning>) {
    let mut warnings = Vec::new();
    let bytes = if input.bytes.len() > MAX_INPUT {
        warnings.push(Warning::new(
            "input-truncated",
            format!(
                "input is {} bytes; only the first {MAX_INPUT} were read",
                input.bytes.len()
            ),
        ));
        &input.bytes[..MAX_INPUT]
    } else {
        input.bytes
    };
    if is_binary(bytes) {
        warnings.push(Warning::new(
            NOT_TEXT,
            "the input is binary data (an image, a PDF, an archive …), not a page or a text",
        ));
        let ex = Extraction {
            url: input.url.map(str::to_owned),
            warnings: warnings.clone(),
            ..Extraction::default()
        };
        return (ex, warnings);
    }
    let (text, _, _) = decode::decode(bytes, input.content_type, input.url, &mut warnings);
    let kind = match input.kind {
        InputKind::Auto if looks_like_html(&text) => InputKind::Html,
        InputKind::Auto => InputKind::Text,
        k => k,
    };
    let mut ex = match kind {
        InputKind::Text => plain::extract_text(&text, input, &mut warnings),
        _ => extract_html(&text, input, &mut warnings),
    };
    ex.url = input.url.map(str::to_owned);
    if ex.body.is_empty() {
        warnings.push(Warning::new("no-body", "no article text was found"));
    }
    ex.text = ex.body.join("\n\n");
    if ex.lead.is_none() {
        ex.lead = ex.body.first().cloned();
    }
    if ex.lang.is_none() {
        let lang = rasid_text::detect(&ex.text);
        if lang != rasid_text::Lang::Unknown {
            ex.lang = Some(lang.code().to_owned());
        }
    }
    if ex.dir.is_none() {
        ex.dir = ex.lang.as_deref().map(|l| {
            if matches!(l, "ar" | "fa" | "ur" | "he" | "ps" | "ku" | "yi") {
                "rtl".to_owned()
            } else {
                "ltr".to_owned()
            }
        });
    }
    ex.warnings = warnings.clone();
    (ex, warnings)
}

/// The warning code of an input that is binary data, not a page or a text (nothing is
/// extracted from it).
pub const NOT_TEXT: &str = "not-text";

/// Whether `bytes` are binary data rather than a page or a text: a file format's
/// signature (PDF, PNG, JPEG, GIF, WebP, ZIP and office files, gzip, MP4), or, in the
/// first 8 KB, control bytes no text has (NUL and its neighbours; tab, line breaks and
/// form feed excepted) in more than one byte in fifty. UTF-16 (a NUL in every other byte
/// of Latin text) is read through its byte-order mark and is not judged here.
pub fn is_binary(bytes: &[u8]) -> bool {
    const SIGNATURES: [&[u8]; 9] = [
        b"%PDF-",
        b"\x89PNG",
        b"\xff\xd8\xff",
        b"GIF8",
        b"PK\x03\x04",
        b"\x1f\x8b",
        b"\xd0\xcf\x11\xe0",
        b"OggS",
        b"fLaC",
    ];
    if SIGNATURES.iter().any(|s| bytes.starts_with(s))
        || (bytes.len() > 12
            && (&bytes[4..8] == b"ftyp"
                || (bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP")))
    {
        return true;
    }
    if encoding_rs::Encoding::for_bom(bytes).is_some_and(|(e, _)| e != encoding_rs::UTF_8) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 50 > head.len()
}

/// Words, counting CJK characters as half a word each (Japanese and Chinese do not
/// separate words with spaces).
pub(crate) fn word_count(t: &str) -> usize {
    let ws = t.split_whitespace().count();
    let cjk = t
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF))
        .count();
    ws.max(cjk / 2)
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub(crate) fn floor_prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn looks_like_html(text: &str) -> bool {
    let lower = floor_prefix(text, 4096).to_ascii_lowercase();
    [
        "<html",
        "<!doctype html",
        "<head",
        "<body",
        "<div",
        "<p>",
        "<p ",
        "<meta",
        "<article",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

fn extract_html(text: &str, input: &Input<'_>, warnings: &mut Vec<Warning>) -> Extraction {
    let dom = dom::Dom::parse(text);
    let rule = input
        .sites
        .zip(input.url)
        .and_then(|(sites, url)| sites.for_url(url));
    let Some(rule) = rule else {
        return extract_dom(&dom, &dom, input, warnings);
    };
    // The site's rule: its drops first, then the article from inside its content.
    let dropped: Vec<bool> = if rule.remove.is_empty() {
        Vec::new()
    } else {
        (0..dom.nodes.len() as dom::NodeId)
            .map(|id| rule.remove.iter().any(|s| s.matches(&dom, id)))
            .collect()
    };
    let is_dropped = |id: dom::NodeId| dropped.get(id as usize).copied().unwrap_or(false);
    let page = if dropped.is_empty() {
        None
    } else {
        Some(dom.subset(&dom.children(0).collect::<Vec<_>>(), is_dropped))
    };
    let page = page.as_ref().unwrap_or(&dom);
    let content = rule.content.as_ref().and_then(|selector| {
        let found = selector.select(page);
        if found.is_empty() {
            warnings.push(Warning::new(
                sites::UNMATCHED,
                format!(
                    "the content selector of the rule for {} matched nothing on this page; the article was found without it",
                    rule.host
                ),
            ));
            None
        } else {
            Some(page.subset(&found, |_| false))
        }
    });
    let mut ex = extract_dom(page, content.as_ref().unwrap_or(page), input, warnings);
    if let Some(title) = rule.title.as_ref().and_then(|s| s.first(page)) {
        let title = page.text(title);
        if !title.is_empty() {
            ex.title = Some(title);
        }
    }
    if let Some(at) = rule.published.as_ref().and_then(|s| s.first(page)) {
        let machine = page.element(at).and_then(|e| {
            ["datetime", "content"]
                .iter()
                .find_map(|a| e.attr(a).and_then(dates::parse_machine))
        });
        let now = input.fetched_at.and_then(dates::parse_machine);
        if let Some(d) = machine.or_else(|| dates::find_in_text(&page.text(at), now.as_ref())) {
            ex.published = Some(d.to_rfc3339());
        }
    }
    ex
}

/// The article of a parsed page: metadata from `page`, the body from `content` (the page
/// itself, or the part a site's rule points at).
fn extract_dom(
    page: &dom::Dom,
    content: &dom::Dom,
    input: &Input<'_>,
    warnings: &mut Vec<Warning>,
) -> Extraction {
    let mut ex = Extraction::default();
    let meta = meta::read(page, input.url, input.fetched_at);
    let article = content::extract(content, &meta, input.url);
    meta.apply(&mut ex);
    let h1 = article.title.clone();
    article.apply(&mut ex, warnings);
    ex.title = choose_title(ex.title.take(), meta.html_title.as_deref(), h1.as_deref());
    ex
}

/// The visible headline (the page's h1) when it agrees with what the metadata says the
/// title is; otherwise the metadata title. Metadata titles are often rewritten for search
/// or social media, while the h1 is what the reader sees.
fn choose_title(
    meta: Option<String>,
    html_title: Option<&str>,
    h1: Option<&str>,
) -> Option<String> {
    let Some(h1) = h1
        .map(str::trim)
        .filter(|h| h.split_whitespace().count() >= 3)
    else {
        return meta;
    };
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split_whitespace().map(rasid_text::normalize).collect()
    };
    let h = words(h1);
    let agrees = |t: &str| {
        let w = words(t);
        let common = h.intersection(&w).count();
        common * 2 >= h.len().min(w.len()).max(1)
    };
    // An h1 that merely wraps the metadata title (plus a logo or kicker) is the title.
    if let Some(m) = meta.as_deref() {
        let (nm, nh) = (rasid_text::normalize(m), rasid_text::normalize(h1));
        if nh.contains(&nm) {
            return meta;
        }
    }
    if meta.as_deref().is_some_and(agrees) || html_title.is_some_and(agrees) {
        Some(h1.to_owned())
    } else {
        meta.or_else(|| Some(h1.to_owned()))
    }
}
