//! Finding the article in the page.
//!
//! 1. **Blocks.** The page is cut into text blocks at block-level elements (p, div, li,
//!    headings, cells …), each with its word count, the share of its text inside links, and
//!    whether it sits in a region that markup calls boilerplate (nav, footer, aside, and
//!    class/id words such as share, related, comment, sidebar — in any language the
//!    markup is written in).
//! 2. **Classes.** A block is *good* (a long, low-link paragraph), *bad* (link lists,
//!    boilerplate regions, "read also" lists, copyright lines) or *short* (headings,
//!    datelines, captions), as in jusText — with features that work in every language.
//! 3. **Container.** The element that maximises good text minus half the bad text below
//!    it is the article: the tightest box that holds the story and little else.
//! 4. **Body.** Its good blocks, plus short ones that sit between good ones or head them
//!    (subheadings), in order; attribution lines, tag lines and "read also" lists are
//!    taken out of the text and returned as structured data.

use crate::attribution::{self, Attribution};
use crate::dates;
use crate::dom::{push_collapsed, Dom, NodeData, NodeId};
use crate::meta::{resolve, PageMeta};
use crate::{word_count, Extraction, Link, Media, Warning};

/// The extracted body and what was found around it.
#[derive(Default)]
pub struct Article {
    pub body: Vec<String>,
    pub attributions: Vec<Attribution>,
    pub related_links: Vec<Link>,
    pub images: Vec<Media>,
    pub videos: Vec<Media>,
    pub tags: Vec<String>,
    pub tags_truncated: bool,
    pub title: Option<String>,
    pub published: Option<dates::DateTime>,
    pub authors: Vec<String>,
}

impl Article {
    pub fn apply(self, ex: &mut Extraction, warnings: &mut Vec<Warning>) {
        ex.body = self.body;
        ex.lead = ex.body.first().cloned();
        ex.attributions = self.attributions;
        ex.related_links = self.related_links;
        for i in self.images {
            if !ex.images.iter().any(|x| x.url == i.url) {
                ex.images.push(i);
            }
        }
        ex.videos = self.videos;
        for t in self.tags {
            if !ex.tags.contains(&t) {
                ex.tags.push(t);
            }
        }
        if self.tags_truncated {
            warnings.push(Warning::new(
                "tags-truncated",
                "the page's tag list ends in a cut-off word",
            ));
        }
        if ex.title.is_none() {
            ex.title = self.title;
        }
        if ex.published.is_none() {
            ex.published = self.published.map(|d| d.to_rfc3339());
        }
        if ex.authors.is_empty() {
            ex.authors = self.authors;
        }
    }
}

/// Block-level elements: they start and end text blocks.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "form"
            | "address"
            | "hr"
            | "br"
            | "center"
            | "fieldset"
            | "details"
            | "summary"
            | "body"
            | "html"
            | "menu"
            | "caption"
            | "hgroup"
    )
}

/// Elements whose content is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "video"
            | "audio"
            | "map"
            | "label"
            | "dialog"
    )
}

/// Tags that are boilerplate regions by themselves.
fn is_boiler_tag(name: &str) -> bool {
    matches!(name, "nav" | "footer" | "aside" | "menu")
}

/// Words in class/id that mark boilerplate regions, whatever else the class says.
const NEGATIVE: &[&str] = &[
    "comment",
    "comments",
    "share",
    "sharing",
    "social",
    "related",
    "sidebar",
    "footer",
    "menu",
    "navbar",
    "navigation",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "tag-list",
    "taglist",
    "advert",
    "adsbygoogle",
    "newsletter",
    "subscribe",
    "cookie",
    "consent",
    "popup",
    "modal",
    "mostread",
    "most-read",
    "most-popular",
    "outbrain",
    "taboola",
    "pagination",
    "pager",
    "login",
    "signup",
    "readmore",
    "read-more",
    "author-box",
    "about-author",
    "copyright",
    "disclaimer",
    "sr-only",
    "visually-hidden",
    "also",
];

/// Words in class/id that mark boilerplate unless the same class also says article.
const WEAK_NEGATIVE: &[&str] = &[
    "banner",
    "promo",
    "widget",
    "popular",
    "trending",
    "recommend",
    "toolbar",
    "sponsor",
    "masthead",
    "topbar",
    "ticker",
    "breaking",
    "more-news",
    "print",
    "follow",
    "rating",
    "hidden",
    "skip",
    "jump",
    "byline",
    "dateline",
    "timestamp",
    "credit",
    "header",
    "keywords",
];

/// Words in class/id that mark the article.
const POSITIVE: &[&str] = &[
    "article", "content", "entry", "post", "story", "text", "body", "main", "detail", "news",
    "single", "prose",
];

fn class_words(e: &crate::dom::Element) -> String {
    let mut s = String::new();
    for a in ["class", "id", "role", "itemprop"] {
        // Framework roots (id="__next", "__nuxt") say nothing about the content.
        if let Some(v) = e.attr(a).filter(|v| !v.starts_with("__")) {
            s.push(' ');
            s.push_str(&v.to_ascii_lowercase());
        }
    }
    s
}

struct ClassLists {
    negative: rustc_hash::FxHashSet<&'static str>,
    weak: rustc_hash::FxHashSet<&'static str>,
    positive: rustc_hash::FxHashSet<&'static str>,
    /// Long negative words also matched inside a token (commentlist, mysidebar).
    inner: Vec<&'static str>,
}

static LISTS: std::sync::LazyLock<ClassLists> = std::sync::LazyLock::new(|| ClassLists {
    negative: NEGATIVE.iter().copied().collect(),
    weak: WEAK_NEGATIVE.iter().copied().collect(),
    positive: POSITIVE.iter().copied().collect(),
    inner: NEGATIVE
        .iter()
        .chain(WEAK_NEGATIVE)
        .copied()
        .filter(|n| n.len() > 5)
        .collect(),
});

/// -1 boilerplate, +1 article, 0 neither.
fn class_signal(words: &str) -> i8 {
    let l = &*LISTS;
    let (mut neg, mut weak, mut pos) = (false, false, words.contains("articlebody"));
    for t in words.split_whitespace() {
        for part in t.split(['-', '_']) {
            neg |= l.negative.contains(part);
            weak |= l.weak.contains(part);
            pos |= l.positive.contains(part);
        }
        if !neg && t.len() > 5 {
            for n in &l.inner {
                if t.contains(n) {
                    if NEGATIVE.contains(n) {
                        neg = true;
                    } else {
                        weak = true;
                    }
                }
            }
        }
    }
    if neg || (weak && !pos) {
        -1
    } else if pos {
        1
    } else {
        0
    }
}

fn is_hidden(e: &crate::dom::Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v == "true") {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// One text block.
#[derive(Debug)]
struct Block {
    text: String,
    words: usize,
    link_chars: usize,
    chars: usize,
    /// The block-level element holding the text.
    container: NodeId,
    tag: Box<str>,
    /// The outermost boilerplate-marked ancestor, if any.
    boiler: Option<NodeId>,
    /// Inside an element whose class says article.
    positive: bool,
    class: Class,
    /// Bad only for its share of link text (a paragraph of linked place names).
    linky: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Good,
    Short,
    Bad,
}

#[derive(Clone, Copy)]
struct Ctx {
    skip: bool,
    boiler: Option<NodeId>,
    link: bool,
    positive: bool,
    block: NodeId,
}

/// Cuts the page into blocks.
fn blocks(dom: &Dom) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur = String::new();
    let mut cur_link = 0usize;
    let root_ctx = Ctx {
        skip: false,
        boiler: None,
        link: false,
        positive: false,
        block: 0,
    };
    // (node, ctx, exiting)
    let mut stack: Vec<(NodeId, Ctx, bool)> = vec![(0, root_ctx, false)];
    let mut cur_ctx = root_ctx;
    let mut signals: rustc_hash::FxHashMap<String, i8> = Default::default();
    let flush =
        |out: &mut Vec<Block>, cur: &mut String, cur_link: &mut usize, ctx: &Ctx, dom: &Dom| {
            let text = cur.trim();
            if !text.is_empty() && !ctx.skip {
                let chars = text.chars().count();
                out.push(Block {
                    words: word_count(text),
                    link_chars: (*cur_link).min(chars),
                    chars,
                    container: ctx.block,
                    tag: dom.name(ctx.block).into(),
                    boiler: ctx.boiler,
                    positive: ctx.positive,
                    text: text.to_owned(),
                    class: Class::Short,
                    linky: false,
                });
            }
            cur.clear();
            *cur_link = 0;
        };
    while let Some((id, ctx, exiting)) = stack.pop() {
        let node = dom.node(id);
        match &node.data {
            NodeData::Text(t) => {
                if !ctx.skip {
                    let added = push_collapsed(&mut cur, t);
                    if ctx.link {
                        cur_link += added;
                    }
                    cur_ctx = ctx;
                }
            }
            NodeData::Document => {
                let start = stack.len();
                stack.extend(dom.children(id).map(|c| (c, ctx, false)));
                stack[start..].reverse();
            }
            NodeData::Element(e) => {
                let name = &*e.name;
                let block = is_block(name);
                if exiting {
                    if block {
                        flush(&mut out, &mut cur, &mut cur_link, &cur_ctx, dom);
                    }
                    continue;
                }
                let mut c = ctx;
                if is_skipped(name) || is_hidden(e) {
                    c.skip = true;
                }
                if !c.skip {
                    let words = class_words(e);
                    let signal = match signals.get(&words) {
                        Some(&s) => s,
                        None => {
                            let s = class_signal(&words);
                            signals.insert(words, s);
                            s
                        }
                    };
                    if (signal < 0 || is_boiler_tag(name))
                        && c.boiler.is_none()
                        && name != "body"
                        && name != "html"
                    {
                        c.boiler = Some(id);
                    }
                    if signal > 0 {
                        c.positive = true;
                    }
                }
                // A named anchor (<a name=top>) left open is not a link.
                if name == "a" && e.attr("href").is_some() {
                    c.link = true;
                }
                if block {
                    flush(&mut out, &mut cur, &mut cur_link, &cur_ctx, dom);
                    c.block = id;
                    cur_ctx = c;
                }
                stack.push((id, c, true));
                let start = stack.len();
                stack.extend(dom.children(id).map(|ch| (ch, c, false)));
                stack[start..].reverse();
            }
        }
    }
    flush(&mut out, &mut cur, &mut cur_link, &cur_ctx, dom);
    out
}

pub(crate) fn sentence_marks(t: &str) -> usize {
    t.chars()
        .filter(|c| {
            matches!(
                c,
                '.' | '!'
                    | '?'
                    | '؟'
                    | '،'
                    | ','
                    | ';'
                    | '؛'
                    | ':'
                    | '。'
                    | '、'
                    | '»'
                    | '"'
                    | '۔'
                    | '”'
            )
        })
        .count()
}

/// Headings of "read also" / "related" lists, in Arabic, English and French
/// (lossy-normalized, lower-case; matched at the start of a short block).
const RELATED_MARKERS: &[&str] = &[
    "اقرا ايضا",
    "اقرا ايضاً",
    "اقرأ أيضا",
    "اقرا المزيد",
    "اقرا كذلك",
    "مقالات ذات صله",
    "مقالات مشابهه",
    "اخبار ذات صله",
    "اخبار متعلقه",
    "مواضيع ذات صله",
    "مواضيع متعلقه",
    "الموضوعات المتعلقه",
    "موضوعات ذات صله",
    "الاكثر قراءه",
    "الاكثر مشاهده",
    "الاكثر تداولا",
    "قصص مقترحه",
    "المزيد حول هذه القصه",
    "المزيد من",
    "شاهد ايضا",
    "قد يهمك ايضا",
    "قد يعجبك ايضا",
    "ننصحك بقراءه",
    "تابعونا",
    "تابعنا على",
    "شارك",
    "read also",
    "read more",
    "related",
    "more on this story",
    "more from",
    "most read",
    "most popular",
    "recommended",
    "you may also like",
    "see also",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "sur le même sujet",
    "voir aussi",
];

/// Lines that are never article text (copyright, share prompts …).
const JUNK: &[&str] = &[
    "جميع الحقوق محفوظه",
    "حقوق النشر",
    "all rights reserved",
    "copyright",
    "©",
    "tous droits réservés",
    "شارك هذا",
    "شارك المقال",
    "share this",
    "sign up for",
    "subscribe to",
    "click here",
    "اضغط هنا",
    "للاشتراك",
    "advertisement",
    "اعلان",
    "reklam",
    "publicité",
    "anzeige",
    "werbung",
    "publicidad",
    "pubblicità",
];

const TAG_PREFIXES: &[&str] = &[
    "كلمات دلاليه",
    "الكلمات الداله",
    "الكلمات المفتاحيه",
    "كلمات مفتاحيه",
    "الوسوم",
    "وسوم",
    "tags",
    "mots-clés",
    "mots clés",
    "keywords",
];

fn norm_lower(t: &str) -> String {
    rasid_text::normalize(t)
}

/// The lossy form of the first 120 bytes of `t`: enough for every marker test.
fn norm_head(t: &str) -> String {
    let mut end = t.len().min(120);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    rasid_text::normalize(&t[..end])
}

fn normalized(list: &[&str]) -> Vec<String> {
    list.iter().map(|m| norm_lower(m)).collect()
}

static RELATED_NORM: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| normalized(RELATED_MARKERS));
static JUNK_NORM: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| normalized(JUNK));
static TAG_NORM: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| normalized(TAG_PREFIXES));

fn starts_with_any(norm: &str, list: &[String]) -> bool {
    let n = norm.trim_start_matches(|c: char| !c.is_alphanumeric());
    list.iter().any(|m| n.starts_with(m.as_str()))
}

/// "Follow us on Facebook, Twitter and Instagram": a block that names two or more
/// social networks is a follow/share prompt, in any language.
pub(crate) fn social_prompt(text: &str) -> bool {
    const NETWORKS: &[&str] = &[
        "facebook",
        "twitter",
        "instagram",
        "youtube",
        "telegram",
        "whatsapp",
        "tiktok",
        "linkedin",
        "فيسبوك",
        "فيس بوك",
        "تويتر",
        "انستغرام",
        "انستجرام",
        "يوتيوب",
        "تلغرام",
        "تيليجرام",
        "واتساب",
        "تيك توك",
    ];
    let lower = text.to_ascii_lowercase();
    NETWORKS.iter().filter(|n| lower.contains(*n)).count() >= 2
}

/// Headings are never paragraphs of text by themselves (a long h1 is usually the
/// headline of another story on the page).
fn heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn classify(b: &mut Block, title_norm: &str) {
    let ld = b.link_chars as f32 / b.chars.max(1) as f32;
    let marks = sentence_marks(&b.text);
    // Only a block about as long as the title can be the title.
    let title_len = title_norm.len();
    let maybe_title =
        title_len > 0 && b.text.len() + 8 >= title_len && b.text.len() <= title_len * 2 + 8;
    let norm = if b.words < 25 || maybe_title {
        norm_head(&b.text)
    } else {
        String::new()
    };
    let is_title = maybe_title && norm_lower(&b.text) == title_norm;
    // Captions describe pictures; the article text does not include them.
    let caption = matches!(&*b.tag, "figcaption" | "figure" | "caption");
    // A <p> that reads as a sentence is prose even when it carries inline links.
    let sentence = b.tag.as_ref() == "p"
        && b.text
            .trim_end_matches(['"', '”', '»', '\'', ')'])
            .ends_with(['.', '!', '?', '؟', '。', '۔']);
    let (link_bad, long_ld, short_ld) = if sentence {
        (ld > 0.9, 0.75, 0.75)
    } else {
        (ld > 0.5 && b.words < 40, 0.35, 0.2)
    };
    let other_bad = b.boiler.is_some()
        || (b.words < 25 && starts_with_any(&norm, &JUNK_NORM))
        || is_title
        || caption
        || (b.words < 50 && social_prompt(&b.text));
    b.linky = link_bad && !other_bad && ld <= 0.9 && b.tag.as_ref() == "p";
    b.class = if b.boiler.is_some()
        || link_bad
        || (b.words < 50 && social_prompt(&b.text))
        || (b.words < 25 && starts_with_any(&norm, &JUNK_NORM))
        || is_title
        || caption
    {
        Class::Bad
    } else if !heading(&b.tag)
        && ((b.words >= 20 && ld < long_ld) || (b.words >= 9 && marks >= 1 && ld < short_ld))
    {
        Class::Good
    } else {
        Class::Short
    };
}

/// Extracts the article from a parsed page.
pub fn extract(dom: &Dom, page: &PageMeta, url: Option<&str>) -> Article {
    let mut bs = blocks(dom);
    let mut art = Article::default();
    // The page's h1 is the title when the markup gives none.
    let h1 = dom
        .elements_named("h1")
        .map(|h| dom.text(h))
        .find(|t| !t.is_empty());
    art.title = h1.clone();
    let title_norm = page
        .title
        .as_deref()
        .or(h1.as_deref())
        .map(norm_lower)
        .unwrap_or_default();
    let h1_norm = h1.as_deref().map(norm_lower).unwrap_or_default();

    // Boilerplate marks that would swallow most of the page are wrong (a wrapper whose
    // class happens to contain "header" or "share"): lift them.
    let prose = |b: &Block| {
        let ld = b.link_chars as f32 / b.chars.max(1) as f32;
        (b.words >= 20 && ld < 0.35) || (b.words >= 9 && sentence_marks(&b.text) >= 1 && ld < 0.2)
    };
    let total_words: usize = bs.iter().filter(|b| prose(b)).map(|b| b.words).sum();
    // Words and paragraphs of prose per boilerplate owner: a real article has several
    // paragraphs, a footer blurb one.
    let mut owner_words: rustc_hash::FxHashMap<NodeId, (usize, usize)> = Default::default();
    for b in bs.iter().filter(|b| prose(b)) {
        if let Some(o) = b.boiler {
            let e = owner_words.entry(o).or_default();
            e.0 += b.words;
            e.1 += 1;
        }
    }
    for b in &mut bs {
        if let Some(o) = b.boiler {
            let (words, paragraphs) = owner_words.get(&o).copied().unwrap_or((0, 0));
            if words * 2 > total_words && paragraphs >= 3 && !is_boiler_tag(dom.name(o)) {
                b.boiler = None;
            }
        }
    }
    for b in &mut bs {
        classify(b, &title_norm);
        // The headline repeated inside the body box is still the headline.
        if b.class != Class::Bad
            && !h1_norm.is_empty()
            && b.words < 40
            && norm_lower(&b.text) == h1_norm
        {
            b.class = Class::Bad;
        }
    }

    let best = best_container(dom, &bs).map(|b| tighten(dom, &bs, b));
    let Some(best) = best else { return art };
    let best_end = dom.subtree_end(best);
    let inside = |b: &Block| (best..=best_end).contains(&b.container);

    // Body: walk the blocks inside the container in order.
    let chosen: Vec<&Block> = bs.iter().filter(|b| inside(b)).collect();
    // For every block, the nearest decisive block before and after it (a good one, or a
    // bad one that is more than a label): short blocks are judged by them. Two passes,
    // so that a page of a hundred thousand short blocks stays linear.
    let decisive =
        |x: &Block| x.class == Class::Good || (x.class == Class::Bad && !x.linky && x.words > 3);
    let mut prev_decisive: Vec<Option<usize>> = Vec::with_capacity(chosen.len());
    let mut last = None;
    for (i, b) in chosen.iter().enumerate() {
        prev_decisive.push(last);
        if decisive(b) {
            last = Some(i);
        }
    }
    let mut next_decisive: Vec<Option<usize>> = vec![None; chosen.len()];
    let mut next = None;
    for (i, b) in chosen.iter().enumerate().rev() {
        next_decisive[i] = next;
        if decisive(b) {
            next = Some(i);
        }
    }
    let mut in_related = false;
    let mut body_idx: Vec<usize> = Vec::new();
    for (i, b) in chosen.iter().enumerate() {
        let norm = norm_head(&b.text);
        if b.words <= 8 && starts_with_any(&norm, &RELATED_NORM) {
            in_related = true;
            continue;
        }
        if in_related {
            if b.class == Class::Good && b.link_chars == 0 && b.words > 25 {
                in_related = false;
            } else {
                if b.link_chars > 0 || b.words <= 20 {
                    art.related_links.push(Link {
                        title: b.text.clone(),
                        url: None,
                    });
                }
                continue;
            }
        }
        if b.words <= 40 && starts_with_any(&norm, &TAG_NORM) {
            let (tags, truncated) = tag_line(&b.text);
            art.tags.extend(tags);
            art.tags_truncated |= truncated;
            continue;
        }
        if let Some(a) = attribution::parse_line(&b.text) {
            art.attributions.extend(a);
            continue;
        }
        // "Published 30 August 2023, 14:52" and the like: metadata, not text.
        if b.words <= 14 && b.class != Class::Good && dates::find_in_text(&b.text, None).is_some() {
            continue;
        }
        let keep = match b.class {
            Class::Good => true,
            Class::Bad if !b.linky => false,
            Class::Bad | Class::Short => {
                let heading = matches!(&*b.tag, "h2" | "h3" | "h4" | "h5" | "h6" | "strong" | "b");
                // Neighbours, looking through other short blocks and tiny bad ones
                // (an "ADVERTISEMENT" label between two paragraphs).
                let prev = prev_decisive[i]
                    .map(|j| chosen[j])
                    .filter(|x| x.class == Class::Good);
                let next = next_decisive[i]
                    .map(|j| chosen[j])
                    .filter(|x| x.class == Class::Good);
                // It must sit beside the text, not in a box of its own (an author card).
                // Within two levels of each other: siblings, cousins, or one inside the other.
                let near = |id: NodeId| {
                    let p = dom.parent(id);
                    [Some(id), p, p.and_then(|p| dom.parent(p))]
                };
                let mine = near(b.container);
                let beside = [prev, next].iter().flatten().any(|x| {
                    near(x.container)
                        .iter()
                        .flatten()
                        .any(|a| mine.contains(&Some(*a)))
                });
                let ld = b.link_chars as f32 / b.chars.max(1) as f32;
                // A list that continues the last paragraph (the places of a quake report)
                // is text when it is a sibling of that paragraph.
                let continues = prev
                    .is_some_and(|p| dom.parent(p.container) == dom.parent(b.container))
                    && b.tag.as_ref() == "p";
                (ld < 0.5 || b.linky)
                    && ((next.is_some() && (prev.is_some() || heading) && (beside || heading))
                        || continues)
            }
        };
        if keep {
            body_idx.push(i);
        }
    }
    art.body = body_idx.iter().map(|&i| chosen[i].text.clone()).collect();
    // A dateline credit at the start of the text: بغداد (رويترز) -
    if let Some(first) = art.body.first() {
        if let Some(a) = attribution::dateline(first) {
            if !art.attributions.iter().any(|x| x.agency == a.agency) {
                art.attributions.push(a);
            }
        }
    }
    // Pictures usually sit beside the text (a figure above the body), not inside it.
    let media_root = dom
        .parent(best)
        .filter(|&p| p != 0 && dom.name(p) != "body")
        .unwrap_or(best);
    media(dom, media_root, url, &mut art);
    related_anchors(dom, url, &mut art);
    tag_lists(dom, &mut art);
    if art.authors.is_empty() {
        art.authors = byline(dom);
    }
    if page.published.is_none() {
        art.published = visible_date(dom, &bs, page);
    }
    art
}

/// The element that maximises good words minus half the bad words below it.
fn best_container(dom: &Dom, bs: &[Block]) -> Option<NodeId> {
    let mut score: rustc_hash::FxHashMap<NodeId, f32> = Default::default();
    for b in bs {
        let ld = b.link_chars as f32 / b.chars.max(1) as f32;
        let v = match b.class {
            Class::Good => b.words as f32 * (1.0 - ld) * if b.positive { 1.1 } else { 1.0 },
            Class::Bad if b.linky => 0.0,
            Class::Bad => -0.5 * b.words as f32,
            Class::Short => 0.0,
        };
        let mut cur = Some(b.container);
        while let Some(id) = cur {
            *score.entry(id).or_default() += v;
            cur = dom.parent(id);
        }
    }
    score
        .iter()
        .filter(|(id, _)| **id != 0)
        // On a tie the outer element wins: it holds the same text and its context.
        .max_by(|a, b| {
            a.1.partial_cmp(b.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.0.cmp(a.0))
        })
        .map(|(id, _)| *id)
}

/// Narrows the container to a semantic article element inside it (`<article>`,
/// `itemprop=articleBody`) when that element holds most of the good text: the rest of a
/// `<main>` is usually paywall notices, author boxes and teasers that read like prose.
fn tighten(dom: &Dom, bs: &[Block], best: NodeId) -> NodeId {
    let good_in = |root: NodeId| -> usize {
        let end = dom.subtree_end(root);
        bs.iter()
            .filter(|b| b.class == Class::Good && (root..=end).contains(&b.container))
            .map(|b| b.words)
            .sum()
    };
    let total = good_in(best);
    if total == 0 {
        return best;
    }
    let mut pick = best;
    let mut pick_words = 0;
    // Bounded work: a listing page can hold thousands of <article> cards.
    let mut considered = 0;
    for id in dom.descendants(best).skip(1) {
        let Some(e) = dom.element(id) else { continue };
        if considered >= 64 {
            break;
        }
        let semantic = &*e.name == "article"
            || e.attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"));
        if semantic {
            considered += 1;
            let w = good_in(id);
            if w * 10 >= total * 7 && w > pick_words {
                pick = id;
                pick_words = w;
            }
        }
    }
    pick
}

/// Tags from a visible tag line; the last one is dropped when it looks cut off.
pub(crate) fn tag_line(text: &str) -> (Vec<String>, bool) {
    let rest = text.split_once([':', '：']).map_or("", |(_, r)| r);
    let mut tags: Vec<String> = rest
        .split([',', '،', '|', '-', '#', ';'])
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    // One run of space-separated words may hold several tags; keep it whole.
    let mut truncated = false;
    if let Some(last) = tags.last_mut() {
        let mut words: Vec<&str> = last.split_whitespace().collect();
        if words.last().is_some_and(|w| w.chars().count() <= 1) {
            words.pop();
            truncated = true;
            *last = words.join(" ");
        }
    }
    tags.retain(|t| !t.is_empty());
    (tags, truncated)
}

/// Images and videos inside the article container.
fn media(dom: &Dom, root: NodeId, url: Option<&str>, art: &mut Article) {
    for id in dom.descendants(root) {
        let Some(e) = dom.element(id) else { continue };
        match &*e.name {
            "img" => {
                let src = ["data-src", "data-original", "data-lazy-src", "src"]
                    .iter()
                    .find_map(|a| {
                        e.attr(a)
                            .filter(|s| !s.is_empty() && !s.starts_with("data:"))
                    });
                let Some(src) = src else { continue };
                let small = ["width", "height"].iter().any(|a| {
                    e.attr(a)
                        .and_then(|v| v.trim_end_matches("px").parse::<u32>().ok())
                        .is_some_and(|v| v < 80)
                });
                let lower = src.to_ascii_lowercase();
                if small
                    || lower.ends_with(".svg")
                    || ["logo", "icon", "avatar", "pixel", "spacer"]
                        .iter()
                        .any(|w| lower.contains(w))
                {
                    continue;
                }
                if let Some(u) = resolve(url, src) {
                    if !art.images.iter().any(|m| m.url == u) {
                        let caption = e
                            .attr("alt")
                            .map(str::trim)
                            .filter(|a| a.chars().count() > 3)
                            .map(str::to_owned);
                        art.images.push(Media { url: u, caption });
                    }
                }
            }
            "video" | "source" | "iframe" | "embed" => {
                let Some(src) = e.attr("src").or(e.attr("data-src")) else {
                    continue;
                };
                let lower = src.to_ascii_lowercase();
                let video = e.name.as_ref() != "iframe"
                    || [
                        "youtube.com",
                        "youtu.be",
                        "vimeo.com",
                        "dailymotion",
                        "facebook.com/plugins/video",
                    ]
                    .iter()
                    .any(|h| lower.contains(h));
                if video
                    && (e.name.as_ref() != "source"
                        || lower.contains(".mp4")
                        || lower.contains(".webm")
                        || lower.contains(".m3u8"))
                {
                    if let Some(u) = resolve(url, src) {
                        if !art.videos.iter().any(|m| m.url == u) {
                            art.videos.push(Media {
                                url: u,
                                caption: None,
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Visible tag lists: the links of an element whose class or id says tags/keywords
/// (`<div class="tags"><a>العراق</a><a>التحالف الدولي</a></div>`).
fn tag_lists(dom: &Dom, art: &mut Article) {
    for id in 0..dom.nodes.len() as NodeId {
        let Some(e) = dom.element(id) else { continue };
        if !matches!(&*e.name, "div" | "ul" | "p" | "section" | "span" | "nav") {
            continue;
        }
        let w = class_words(e);
        let is_tags = w.split_whitespace().any(|t| {
            t.split(['-', '_']).any(|p| {
                matches!(
                    p,
                    "tags" | "tag" | "keywords" | "taglist" | "tagcloud" | "post-tags"
                )
            })
        });
        if !is_tags {
            continue;
        }
        let end = dom.subtree_end(id);
        for a in id..=end {
            if dom.name(a) == "a" {
                let t = dom.text(a);
                let t = t.trim_start_matches('#').trim();
                if !t.is_empty()
                    && t.chars().count() <= 50
                    && !art.tags.iter().any(|x| x == t)
                    && art.tags.len() < 30
                {
                    art.tags.push(t.to_owned());
                }
            }
        }
        if !art.tags.is_empty() {
            return;
        }
    }
}

/// Authors from a visible byline: `rel=author` links and elements whose class says
/// author/byline, without a "By"/"بقلم" prefix.
fn byline(dom: &Dom) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in 0..dom.nodes.len() as NodeId {
        let Some(e) = dom.element(id) else { continue };
        let rel_author = e
            .attr("rel")
            .is_some_and(|r| r.eq_ignore_ascii_case("author"));
        let w = class_words(e);
        let by_class = w.split_whitespace().any(|t| {
            t.split(['-', '_'])
                .any(|p| matches!(p, "author" | "byline" | "writer" | "authorname"))
        });
        if !(rel_author || by_class) {
            continue;
        }
        let t = dom.text(id);
        let t = t
            .trim_start_matches("By ")
            .trim_start_matches("by ")
            .trim_start_matches("بقلم:")
            .trim_start_matches("بقلم")
            .trim_start_matches("كتب:")
            .trim()
            .to_owned();
        let words = t.split_whitespace().count();
        let lower = t.to_lowercase();
        let label = [
            "information",
            "author",
            "معلومات",
            "الكاتب",
            "كاتب",
            "more",
            "المزيد",
        ]
        .iter()
        .any(|w| lower.contains(w));
        if (2..=6).contains(&words)
            && !label
            && !t.chars().any(|c| c.is_ascii_digit())
            && !out.contains(&t)
        {
            out.push(t);
        }
        if out.len() >= 3 {
            break;
        }
    }
    out
}

/// Anchors of "related"/"read also" regions become related links with their URLs.
fn related_anchors(dom: &Dom, url: Option<&str>, art: &mut Article) {
    for id in 0..dom.nodes.len() as NodeId {
        let Some(e) = dom.element(id) else { continue };
        if e.name.as_ref() != "a" {
            continue;
        }
        let title = dom.text(id);
        if title.split_whitespace().count() < 3 {
            continue;
        }
        let Some(href) = e.attr("href").and_then(|h| resolve(url, h)) else {
            continue;
        };
        if let Some(l) = art
            .related_links
            .iter_mut()
            .find(|l| l.url.is_none() && l.title == title)
        {
            l.url = Some(href);
            continue;
        }
        // Inside an element whose class says related/also/more.
        let mut cur = dom.parent(id);
        let mut depth = 0;
        while let Some(p) = cur {
            if depth > 8 {
                break;
            }
            if let Some(pe) = dom.element(p) {
                let w = class_words(pe);
                if ["related", "also", "more-news", "read-more", "similar"]
                    .iter()
                    .any(|k| w.contains(k))
                {
                    if !art
                        .related_links
                        .iter()
                        .any(|l| l.url.as_deref() == Some(&href))
                        && art.related_links.len() < 50
                    {
                        art.related_links.push(Link {
                            title: title.clone(),
                            url: Some(href.clone()),
                        });
                    }
                    break;
                }
            }
            cur = dom.parent(p);
            depth += 1;
        }
    }
}

/// A publication date from `<time datetime>` or from a short text block near the top.
fn visible_date(dom: &Dom, bs: &[Block], page: &PageMeta) -> Option<dates::DateTime> {
    for id in dom.elements_named("time") {
        if let Some(d) = dom
            .element(id)
            .and_then(|e| e.attr("datetime"))
            .and_then(dates::parse_machine)
        {
            return Some(d);
        }
        if let Some(d) = dates::find_in_text(&dom.text(id), page.now.as_ref()) {
            return Some(d);
        }
    }
    bs.iter()
        .filter(|b| b.words <= 15)
        .take(400)
        .find_map(|b| dates::find_in_text(&b.text, page.now.as_ref()))
}

/// A dump of the blocks with their classes and the chosen container, for tuning.
#[doc(hidden)]
pub fn debug_blocks(html: &str) -> String {
    let dom = Dom::parse(html);
    let mut bs = blocks(&dom);
    let mut out = String::new();
    for b in &mut bs {
        classify(b, "");
    }
    let best = best_container(&dom, &bs);
    out.push_str(&format!(
        "best container: {best:?} {}\n",
        best.map_or("", |b| dom.name(b))
    ));
    for b in &mut bs {
        let path = {
            let mut p = Vec::new();
            let mut cur = Some(b.container);
            while let Some(id) = cur {
                if let Some(e) = dom.element(id) {
                    let cls = e.attr("class").or(e.attr("id")).unwrap_or("");
                    p.push(format!(
                        "{}.{}",
                        e.name,
                        cls.split_whitespace().next().unwrap_or("")
                    ));
                }
                cur = dom.parent(id);
            }
            p.reverse();
            p.join(">")
        };
        out.push_str(&format!(
            "{:?} w={} ld={:.2} boiler={:?} {}\n    {}\n",
            b.class,
            b.words,
            b.link_chars as f32 / b.chars.max(1) as f32,
            b.boiler,
            path.chars()
                .rev()
                .take(150)
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>(),
            b.text.chars().take(100).collect::<String>()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_signals() {
        assert_eq!(class_signal(" share-buttons"), -1);
        assert_eq!(class_signal(" article-body"), 1);
        assert_eq!(class_signal(" entry-content"), 1);
        assert_eq!(class_signal(" related-posts"), -1);
        assert_eq!(class_signal(" container"), 0);
    }

    #[test]
    fn truncated_tags() {
        let (tags, cut) = tag_line("كلمات دلالية: قوات التحالف التحالف ا");
        assert!(cut);
        assert_eq!(tags, ["قوات التحالف التحالف"]);
    }
}
