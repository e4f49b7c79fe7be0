//! The reader's pages, rendered on the server (maud; no JavaScript needed): home by story,
//! story, article, search, and the tag, entity, outlet and section lists.

use super::feeds::{Entry, Feed, Format};
use super::i18n::Prefs;
use super::{Ctx, Page};
use maud::{html, Markup, PreEscaped};
use rasid_search::SearchQuery;
use rasid_store::{ArticleRecord, Store, StoryRecord};

/// The sections that have a tab, in tab order: rasid's sections but `other`.
pub fn tab_sections() -> impl Iterator<Item = &'static str> {
    rasid_enrich::sections::SECTIONS
        .into_iter()
        .filter(|s| *s != "other")
}

fn secs(rfc3339: Option<&str>) -> Option<i64> {
    rfc3339
        .and_then(rasid_extract::dates::parse_machine)
        .map(|d| d.timestamp())
}

/// A path segment, percent-encoded.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A story as the home page shows it.
#[derive(Clone)]
pub struct Card {
    pub story: StoryRecord,
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub image: Option<String>,
    pub section: Option<String>,
    pub score: f64,
    /// The topic it leads, when later stories share it (see [`group_topics`]): its shown
    /// name and its tag or entity page.
    pub topic: Option<(String, String)>,
    /// Lower-ranked stories of that topic, in rank order.
    pub more: Vec<Card>,
}

/// [`top_stories`], made at most once per 10 seconds for each data directory and section
/// (making it reads up to 400 stories; every visitor in between shares it, and new
/// stories show within that time).
pub fn ranked_stories(store: &Store, section: Option<&str>, now: i64) -> std::sync::Arc<Vec<Card>> {
    type Key = (std::path::PathBuf, Option<String>);
    static MADE: std::sync::LazyLock<crate::cache::TtlCache<Key, std::sync::Arc<Vec<Card>>>> =
        std::sync::LazyLock::new(|| {
            crate::cache::TtlCache::new(std::time::Duration::from_secs(10), 256)
        });
    let key = (store.path().to_owned(), section.map(str::to_owned));
    MADE.get_or_try(&key, || {
        Ok::<_, ()>(std::sync::Arc::new(top_stories(store, section, now)))
    })
    .unwrap_or_default()
}

/// When the archive's latest story was last published to (seconds): the "now" of the
/// reader's rankings, so that an archive of past news reads as it did on its last day.
pub fn archive_latest(store: &Store) -> Option<i64> {
    let recent = store.stories(None, 1).ok().unwrap_or_default();
    recent.first().and_then(|s| {
        s.articles
            .iter()
            .filter_map(|a| secs(a.published.as_deref()))
            .max()
    })
}

/// The stories of the archive's latest two days, ranked by outlets, size, recency and
/// growth (articles in its last six hours).
pub fn top_stories(store: &Store, section: Option<&str>, now: i64) -> Vec<Card> {
    let Some(latest) = archive_latest(store) else {
        return Vec::new();
    };
    let since = rasid_extract::dates::DateTime::from_timestamp(latest - 2 * 86_400).to_rfc3339();
    let stories = store.stories(Some(&since), 400).unwrap_or_default();
    let reference = now.min(latest + 3600).max(latest);
    // The first members' sections and images, in one query without bodies.
    let ids: Vec<i64> = stories
        .iter()
        .flat_map(|s| s.articles.iter().take(4).map(|m| m.id))
        .collect();
    let looks = store.sections_and_images(&ids).unwrap_or_default();
    let mut cards: Vec<Card> = stories
        .into_iter()
        .filter_map(|story| {
            let times: Vec<i64> = story
                .articles
                .iter()
                .filter_map(|a| secs(a.published.as_deref()))
                .collect();
            let first = times.iter().min().copied();
            let last = times.iter().max().copied();
            // The image and section of the first member that has them.
            let mut image = None;
            let mut sect = None;
            for m in story.articles.iter().take(4) {
                if let Some((sec, img)) = looks.get(&m.id) {
                    if image.is_none() {
                        image = img.clone();
                    }
                    if sect.is_none() {
                        sect = sec.clone();
                    }
                }
            }
            if section.is_some() && sect.as_deref() != section {
                return None;
            }
            let hours = last.map_or(48.0, |l| ((reference - l).max(0) as f64) / 3600.0);
            let growth = times
                .iter()
                .filter(|t| last.is_some_and(|l| l - **t <= 6 * 3600))
                .count();
            let score = 3.0 * story.outlets.len() as f64
                + story.articles.len() as f64
                + 0.5 * growth as f64
                + 8.0 / (1.0 + hours / 6.0);
            Some(Card {
                story,
                first,
                last,
                image,
                section: sect,
                score,
                topic: None,
                more: Vec::new(),
            })
        })
        .collect();
    cards.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.story.id.cmp(&a.story.id))
    });
    group_topics(store, cards)
}

/// Ranked stories looked at for topics (the home page's first pages and then some).
const TOPIC_CARDS: usize = 150;
/// The least share of the lighter story's weighed labels that a story must share with a
/// leader to go under it (besides the leader's topic in its headline).
const TOPIC_MIN_OVERLAP: f64 = 0.2;

/// Stories of one topic under the best-ranked of them: a week of the Khashoggi affair is
/// a dozen stories (each its own event), and a front page of them hides everything else.
///
/// A story's topics are the people, organisations and places its articles share (see
/// [`shared`]) that its headline names; a story that leads takes as its topic a person
/// or organisation before a place, the one most of the ranked stories share (and no
/// other leader has). A later story goes under the first leader whose topic its headline
/// names too: a person, or an organisation or place when they also share a fair part of
/// their other labels, each weighed by how few ranked stories hold it (UN stories on
/// Yemen and on Syria share the UN and little else; two stories on Syria, Syria alone).
/// The stories a leader gathers keep their order.
fn group_topics(store: &Store, cards: Vec<Card>) -> Vec<Card> {
    let ids: Vec<i64> = cards
        .iter()
        .take(TOPIC_CARDS)
        .flat_map(|c| c.story.articles.iter().take(4).map(|m| m.id))
        .collect();
    let records: std::collections::HashMap<i64, ArticleRecord> = store
        .labels(&ids)
        .unwrap_or_default()
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    group_by_topic(cards, &records)
}

/// [`group_topics`] with the labels of the stories' first four articles at hand.
fn group_by_topic(
    cards: Vec<Card>,
    records: &std::collections::HashMap<i64, ArticleRecord>,
) -> Vec<Card> {
    use rasid_text::variants::label_key;
    use std::collections::{HashMap, HashSet};
    let n = cards.len().min(TOPIC_CARDS);
    struct Label {
        key: String,
        shown: String,
        href: String,
        /// A person, organisation or place its headline names.
        topic: bool,
        person: bool,
        place: bool,
    }
    let labels: Vec<Vec<Label>> = cards[..n]
        .iter()
        .map(|c| {
            let recs: Vec<ArticleRecord> = c
                .story
                .articles
                .iter()
                .take(4)
                .filter_map(|m| records.get(&m.id).cloned())
                .collect();
            let title: HashSet<String> = c
                .story
                .title
                .as_deref()
                .unwrap_or("")
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| label_key(&rasid_text::stem::without_proclitics(w)))
                .collect();
            let named = |key: &str| {
                key.split_whitespace()
                    .any(|w| w.chars().count() >= 4 && title.contains(w))
            };
            let (tags, ents) = shared(&recs);
            let mut out: Vec<Label> = Vec::new();
            let ents = ents.into_iter().map(|(kind, name)| {
                let key = label_key(&name);
                Label {
                    topic: named(&key),
                    person: kind == "person",
                    place: kind == "place",
                    href: format!("/entity/{}", enc(&format!("{kind}:{name}"))),
                    shown: name,
                    key,
                }
            });
            let tags = tags.into_iter().map(|t| Label {
                key: label_key(&t),
                href: format!("/tag/{}", enc(&t)),
                topic: false,
                person: false,
                place: false,
                shown: t,
            });
            for l in ents.chain(tags) {
                if !out.iter().any(|o| o.key == l.key) {
                    out.push(l);
                }
            }
            out
        })
        .collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for ls in &labels {
        for l in ls {
            *df.entry(l.key.as_str()).or_default() += 1;
        }
    }
    let df_of = |key: &str| df.get(key).copied().unwrap_or(1);
    let weight = |key: &str| (1.0 + n as f64 / df_of(key) as f64).ln();
    let totals: Vec<f64> = labels
        .iter()
        .map(|ls| ls.iter().map(|l| weight(&l.key)).sum())
        .collect();
    // In rank order: under the first leader whose topic the headline names, or leading.
    let mut out: Vec<Card> = Vec::with_capacity(cards.len());
    // (card index, position in `out`, its topic label)
    let mut leaders: Vec<(usize, usize, usize)> = Vec::new();
    for (i, mut card) in cards.into_iter().enumerate() {
        let under = leaders.iter().filter(|_| i < n).find(|&&(j, _, t)| {
            let topic = &labels[j][t].key;
            if !labels[i].iter().any(|l| l.topic && &l.key == topic) {
                return false;
            }
            // Two headlines naming one person are of one topic.
            if labels[j][t].person {
                return true;
            }
            let others: f64 = labels[j]
                .iter()
                .filter(|l| &l.key != topic && labels[i].iter().any(|o| o.key == l.key))
                .map(|l| weight(&l.key))
                .sum();
            let w = weight(topic);
            others / (totals[i].min(totals[j]) - w).max(1e-9) >= TOPIC_MIN_OVERLAP
        });
        match under {
            Some(&(_, pos, _)) => out[pos].more.push(card),
            None => {
                let topic = labels
                    .get(i)
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .filter(|(_, l)| {
                        l.topic
                            && df_of(&l.key) >= 2
                            && !leaders.iter().any(|&(j, _, t)| labels[j][t].key == l.key)
                    })
                    // A person or organisation before a place (Khashoggi's stories, not
                    // Saudi Arabia's), then the one most stories share.
                    .max_by_key(|(k, l)| (!l.place, df_of(&l.key), std::cmp::Reverse(*k)))
                    .map(|(k, _)| k);
                if let Some(t) = topic {
                    let l = &labels[i][t];
                    card.topic = Some((l.shown.clone(), l.href.clone()));
                    leaders.push((i, out.len(), t));
                }
                out.push(card);
            }
        }
    }
    out
}

fn story_card(cx: &Ctx, c: &Card) -> Markup {
    let p = cx.prefs;
    let s = &c.story;
    html! {
        li.story.has-image[c.image.is_some()] {
            div {
                h2 { a href={ "/story/" (s.id) } dir=(dir_of(s.title.as_deref().unwrap_or(""))) { (s.title.as_deref().unwrap_or("…")) } }
                p.meta {
                    span.badge { (p.count(s.outlets.len(), "outlets")) }
                    @if let Some(o) = &s.first_outlet { span { (p.t("first_by")) ": " bdi { (cx.outlet(o)) } } }
                    @if let Some(o) = &s.origin { span { (p.t("origin")) ": " bdi { (p.agency(o)) } } }
                    @if let Some(t) = c.last { span { time datetime=(iso(t)) { (p.ago(t, cx.now)) } } }
                    @if let Some(sec) = &c.section { span { a href={ "/section/" (enc(sec)) } { (p.t(sec)) } } }
                }
            }
            @if let Some(img) = &c.image {
                img src=(img) alt="" width="140" height="96" loading="lazy" decoding="async" referrerpolicy="no-referrer";
            }
            @if let (Some((topic, href)), false) = (&c.topic, c.more.is_empty()) {
                div.more {
                    p { (p.t("more_on")) " " a href=(href) dir="auto" { (topic) } }
                    ul {
                        @for m in c.more.iter().take(MORE_SHOWN) {
                            li {
                                a href={ "/story/" (m.story.id) } dir=(dir_of(m.story.title.as_deref().unwrap_or(""))) { (m.story.title.as_deref().unwrap_or("…")) }
                                " " span.badge { (p.count(m.story.outlets.len(), "outlets")) }
                            }
                        }
                    }
                    @if c.more.len() > MORE_SHOWN {
                        p { a href=(href) { (p.t("all_on")) " " bdi { (topic) } } " (" (p.count(c.more.len() + 1, "stories")) ")" }
                    }
                }
            }
        }
    }
}

/// Names the home page shows as in the news.
const HOME_TOPICS: usize = 8;

/// Stories of a card's topic listed under it at most.
const MORE_SHOWN: usize = 3;

pub(crate) fn iso(t: i64) -> String {
    rasid_extract::dates::DateTime::from_timestamp(t).to_rfc3339()
}

fn pager(cx: &Ctx, page: usize, more: bool, base: &str) -> Markup {
    let sep = if base.contains('?') { '&' } else { '?' };
    html! {
        nav.pager {
            @if page > 1 { a rel="prev" href={ (base) (sep) "page=" (page - 1) } { (cx.prefs.t("previous")) } } @else { span {} }
            @if more { a rel="next" href={ (base) (sep) "page=" (page + 1) } { (cx.prefs.t("next")) } }
        }
    }
}

pub const PAGE_SIZE: usize = 20;

/// Home: top stories, section tabs, paged.
pub fn home(
    cx: &Ctx,
    store: &Store,
    index: &rasid_search::SearchIndex,
    section: Option<&str>,
    page: usize,
) -> Page {
    let cards = ranked_stories(store, section, cx.now);
    // The front page opens with who and what is in the news (its first page, all
    // sections): the most rising names of the latest days, linking to their pages.
    let rising: Vec<super::topics::Topic> = if section.is_none() && page <= 1 {
        super::topics::cached(store, index, super::topics::DEFAULT_DAYS)
            .map(|t| t.leading(HOME_TOPICS))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let start = (page.max(1) - 1) * PAGE_SIZE;
    let shown: Vec<&Card> = cards.iter().skip(start).take(PAGE_SIZE).collect();
    let p = cx.prefs;
    let base = match section {
        Some(s) => format!("/?section={}", enc(s)),
        None => "/".to_owned(),
    };
    let body = html! {
        nav.sections aria-label=(p.t("section")) {
            a.on[section.is_none()] href="/" { (p.t("all")) }
            @for s in tab_sections() { a.on[section == Some(s)] href={ "/?section=" (s) } { (p.t(s)) } }
        }
        @if !rising.is_empty() {
            nav.rising aria-label=(p.t("in_the_news")) {
                a.more href="/topics" { (p.t("in_the_news")) ":" }
                ul.chips { @for t in &rising { li { a href=(t.href) dir="auto" { (t.name) } } } }
            }
        }
        h1 { (p.t("top_stories")) }
        @if shown.is_empty() { p { (p.t("empty")) } }
        ol.stories { @for c in &shown { (story_card(cx, c)) } }
        (pager(cx, page.max(1), cards.len() > start + PAGE_SIZE, &base))
    };
    Page {
        title: p.t("top_stories").to_owned(),
        body,
        feed: Some("/feed.atom".to_owned()),
    }
}

/// The home page's feed: its top stories.
pub fn home_feed(cx: &Ctx, store: &Store, format: Format) -> Feed {
    let entries = ranked_stories(store, None, cx.now)
        .iter()
        .flat_map(|c| std::iter::once(c).chain(&c.more))
        .take(50)
        .map(|c| story_entry(cx, &c.story, c.last.unwrap_or(0)))
        .collect();
    Feed {
        title: format!("{} — {}", cx.prefs.t("site"), cx.prefs.t("top_stories")),
        self_url: format!("{}/feed.{}", cx.base, format.extension()),
        page_url: format!("{}/", cx.base),
        lang: cx.prefs.lang(),
        entries,
    }
}

fn story_entry(cx: &Ctx, s: &StoryRecord, updated: i64) -> Entry {
    let link = format!("{}/story/{}", cx.base, s.id);
    Entry {
        id: link.clone(),
        title: s.title.clone().unwrap_or_default(),
        link,
        updated,
        summary: Some(s.outlets.join("، ")),
        source: s.first_outlet.clone(),
    }
}

/// How often a tag or entity comes in a story's articles, by its key, and how it is spelled.
#[derive(Default)]
struct Tally {
    articles: usize,
    forms: std::collections::HashMap<String, usize>,
}

impl Tally {
    fn count(&mut self, form: &str, first_in_article: bool) {
        *self.forms.entry(form.to_owned()).or_default() += 1;
        self.articles += usize::from(first_in_article);
    }

    /// The commonest spelling (ties: the first in sort order).
    fn shown(&self) -> String {
        self.forms
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(f, _)| f.clone())
            .unwrap_or_default()
    }
}

/// The most shared first (ties by key), those in at least `need` articles.
fn ranked<K: Ord + Clone>(
    tallies: std::collections::HashMap<K, Tally>,
    need: usize,
) -> Vec<(K, Tally)> {
    let mut v: Vec<(K, Tally)> = tallies
        .into_iter()
        .filter(|(_, t)| t.articles >= need)
        .collect();
    v.sort_by(|a, b| b.1.articles.cmp(&a.1.articles).then(a.0.cmp(&b.0)));
    v
}

/// The tags and entities a story's articles share (in two articles or more when there are
/// several; agencies aside), most shared first, 12 of each. The spellings of one tag or
/// entity count as one (ترامب، ترمب), shown as most articles write it; a tag whose words
/// are all in a longer shared tag or in a shown entity says nothing more (خاشقجي beside
/// the person جمال خاشقجي, التحالف beside التحالف الدولي) and is left out.
fn shared(articles: &[ArticleRecord]) -> (Vec<String>, Vec<(String, String)>) {
    use rasid_text::variants::label_key;
    use std::collections::{HashMap, HashSet};
    let mut tags: HashMap<String, Tally> = HashMap::new();
    let mut ents: HashMap<(String, String), Tally> = HashMap::new();
    for a in articles {
        // Each key once per article.
        for (key, t) in a.keyed_tags() {
            tags.entry(key).or_default().count(t, true);
        }
        let mut seen = HashSet::new();
        // An agency is the story's source (its origin says so), not what it is about.
        for e in a
            .entities
            .iter()
            .filter(|e| !crate::names_an_agency(&format!("{}:{}", e.kind, e.name)))
        {
            let key = (e.kind.clone(), label_key(&e.name));
            let first = seen.insert(key.clone());
            ents.entry(key).or_default().count(&e.name, first);
        }
    }
    let need = if articles.len() > 1 { 2 } else { 1 };
    let ents: Vec<((String, String), Tally)> = ranked(ents, need).into_iter().take(12).collect();
    let ent_keys: Vec<&str> = ents.iter().map(|((_, k), _)| k.as_str()).collect();
    let kept: Vec<String> = distinct_tags(ranked(tags, need), &ent_keys)
        .into_iter()
        .take(12)
        .map(|t| t.shown())
        .collect();
    (
        kept,
        ents.into_iter()
            .map(|((kind, _), t)| (kind, t.shown()))
            .collect(),
    )
}

/// An article's tags and entities as its page shows them: an agency is where the article
/// came from (its credit says so), not what it is about; a tag an entity or a longer tag
/// says already is left out (the entity's chip says what it is), as on a story's page.
fn article_chips(a: &ArticleRecord) -> (Vec<String>, Vec<(String, String)>) {
    let ents: Vec<(String, String)> = a
        .entities
        .iter()
        .filter(|e| !crate::names_an_agency(&format!("{}:{}", e.kind, e.name)))
        .map(|e| (e.kind.clone(), e.name.clone()))
        .collect();
    let ent_keys: Vec<String> = ents
        .iter()
        .map(|(_, n)| rasid_text::variants::label_key(n))
        .collect();
    let ent_keys: Vec<&str> = ent_keys.iter().map(String::as_str).collect();
    let tags = distinct_tags(
        a.keyed_tags()
            .into_iter()
            .map(|(k, t)| (k, t.to_owned()))
            .collect(),
        &ent_keys,
    );
    (tags, ents)
}

/// Of tags (each with its label key, most telling first), those that say something the
/// chips beside them do not: none whose words all fall within a shown entity's name or
/// within a longer tag (خاشقجي beside the person جمال خاشقجي, التحالف beside التحالف
/// الدولي). `entity_keys`: the shown entities' label keys.
fn distinct_tags<T>(tags: Vec<(String, T)>, entity_keys: &[&str]) -> Vec<T> {
    fn words(key: &str) -> Vec<&str> {
        key.split_whitespace().collect()
    }
    let within = |w: &[&str], longer: &[&str]| w.iter().all(|x| longer.contains(x));
    let ent_words: Vec<Vec<&str>> = entity_keys.iter().map(|k| words(k)).collect();
    let tag_words: Vec<Vec<&str>> = tags.iter().map(|(k, _)| words(k)).collect();
    let keep: Vec<bool> = tag_words
        .iter()
        .map(|w| {
            !ent_words.iter().any(|e| within(w, e))
                && !tag_words.iter().any(|o| o.len() > w.len() && within(w, o))
        })
        .collect();
    tags.into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((_, t), _)| t)
        .collect()
}

fn tag_chips(p: Prefs, tags: &[String]) -> Markup {
    html! {
        @if !tags.is_empty() {
            ul.chips aria-label=(p.t("tags")) { @for t in tags { li { a href={ "/tag/" (enc(t)) } dir="auto" { (t) } } } }
        }
    }
}

fn entity_chips(p: Prefs, ents: &[(String, String)]) -> Markup {
    html! {
        @if !ents.is_empty() {
            ul.chips aria-label=(p.t("entities")) {
                @for (kind, name) in ents {
                    li { a href={ "/entity/" (enc(&format!("{kind}:{name}"))) } title=(p.t(kind)) dir="auto" { (name) } }
                }
            }
        }
    }
}

/// The direction of a text by the script most of its letters are in (markup left out):
/// an Arabic headline or snippet that opens with a Latin word (`(CNN)-- دافع …`, `Cora…
/// سيارة طائرة`) is still right to left, where `dir="auto"` goes by its first letter.
pub fn dir_of(text: &str) -> &'static str {
    use rasid_text::tokenize::{is_letter, script_of};
    let (mut rtl, mut ltr, mut in_tag) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag || !is_letter(c) => {}
            // Hebrew beside the Arabic script.
            '\u{0590}'..='\u{05FF}' => rtl += 1,
            _ => match script_of(c) {
                rasid_text::Script::Arabic => rtl += 1,
                _ => ltr += 1,
            },
        }
    }
    if ltr > rtl {
        "ltr"
    } else {
        "rtl"
    }
}

/// The most of a story's lead shown under its title (about 60 Arabic words).
const SUMMARY_BYTES: usize = 700;

/// A story: its lead (its most central article's), its articles by time and by outlet,
/// provenance, shared tags and entities, related stories.
pub fn story(cx: &Ctx, store: &Store, index: &rasid_search::SearchIndex, id: i64) -> Option<Page> {
    let s = store.story(id).ok()??;
    let p = cx.prefs;
    let ids: Vec<i64> = s.articles.iter().map(|m| m.id).collect();
    let labels = store.labels(&ids).unwrap_or_default();
    let (tags, ents) = shared(&labels);
    let times: Vec<i64> = s
        .articles
        .iter()
        .filter_map(|a| secs(a.published.as_deref()))
        .collect();
    // The representative (most central) member, whose title the story takes: its lead
    // says what the story is, and its related articles are the story's.
    let representative = s
        .representative
        .or(s.articles.first().map(|m| m.id))
        .and_then(|id| store.article(id).ok().flatten());
    let summary = representative.as_ref().and_then(|a| {
        // The lead, or the body's first paragraph, without its dateline (a paragraph that
        // is only a dateline gives way to the next).
        let lead = a
            .lead
            .iter()
            .map(String::as_str)
            .chain(a.body.split('\n'))
            .map(rasid_extract::attribution::without_dateline)
            .find(|p| !p.is_empty())?;
        let cut = rasid_text::prefix(lead.trim(), SUMMARY_BYTES);
        let more = cut.len() < lead.trim().len();
        Some((
            a.id,
            a.outlet.clone(),
            format!("{cut}{}", if more { "…" } else { "" }),
        ))
    });
    let related = representative
        .as_ref()
        .and_then(|a| crate::related_cached(index, store, a, 12).ok())
        .map(|v| v["related"].as_array().cloned().unwrap_or_default())
        .unwrap_or_default();
    let chips: Vec<&str> = tags
        .iter()
        .map(String::as_str)
        .chain(ents.iter().map(|(_, n)| n.as_str()))
        .collect();
    // When each outlet first published in the story.
    let first_by = |outlet: &str| -> Option<i64> {
        s.articles
            .iter()
            .filter(|m| m.source.as_deref() == Some(outlet))
            .filter_map(|m| secs(m.published.as_deref()))
            .min()
    };
    let other_stories: Vec<&serde_json::Value> = related
        .iter()
        .filter(|r| r["story"].as_i64().is_some_and(|sid| sid != id))
        .take(6)
        .collect();
    let body = html! {
        article {
            h1 dir=(dir_of(s.title.as_deref().unwrap_or(""))) { (s.title.as_deref().unwrap_or("…")) }
            p.meta {
                span.badge { (p.count(s.outlets.len(), "outlets")) }
                span { (p.count(s.articles.len(), "articles")) }
                @if let Some(o) = &s.first_outlet { span { (p.t("first_by")) ": " bdi { (cx.outlet(o)) } } }
                @if let Some(o) = &s.origin { span { (p.t("origin")) ": " bdi { (p.agency(o)) } } }
                @if let (Some(a), Some(b)) = (times.iter().min(), times.iter().max()) {
                    span { time datetime=(iso(*a)) { (p.date(*a)) } @if b > a { " — " time datetime=(iso(*b)) { (p.ago(*b, cx.now)) } } }
                }
            }
            @if let Some((aid, outlet, lead)) = &summary {
                p.summary dir=(dir_of(lead)) {
                    (lead) " — "
                    a href={ "/article/" (aid) } { bdi { (cx.outlet(outlet.as_deref().unwrap_or("-"))) } }
                }
            }
            (tag_chips(p, &tags))
            (entity_chips(p, &ents))
            section.block {
                h2 { (p.t("timeline")) }
                ol.timeline {
                    @for m in &s.articles {
                        li {
                            @if let Some(t) = secs(m.published.as_deref()) { time.meta datetime=(iso(t)) { (p.moment(t, cx.now)) } " " }
                            strong { bdi { (cx.outlet(m.source.as_deref().unwrap_or("-"))) } } ": "
                            a href={ "/article/" (m.id) } dir=(dir_of(m.title.as_deref().unwrap_or(""))) { (m.title.as_deref().unwrap_or("…")) }
                        }
                    }
                }
            }
            section.block {
                h2 { (p.t("coverage")) }
                // Each outlet with how long after the first it published.
                ul.chips {
                    @for o in &s.outlets {
                        li {
                            a href={ "/source/" (enc(o)) } { bdi { (cx.outlet(o)) } }
                            @if let (Some(t), Some(first)) = (first_by(o), times.iter().min()) {
                                " " span.meta { (p.later(t - first)) }
                            }
                        }
                    }
                }
            }
            @if !other_stories.is_empty() {
                section.block {
                    h2 { (p.t("related_stories")) }
                    ul.results {
                        @for r in &other_stories {
                            li {
                                a href={ "/article/" (r["id"]) } dir=(dir_of(r["title"].as_str().unwrap_or(""))) { (r["title"].as_str().unwrap_or("…")) }
                                p.meta { span dir="auto" { (reason(p, r, &chips)) } }
                            }
                        }
                    }
                }
            }
        }
    };
    Some(Page {
        title: s.title.clone().unwrap_or_default(),
        body,
        feed: Some(format!("/story/{id}.atom")),
    })
}

/// A story's feed: its articles, newest first.
pub fn story_feed(cx: &Ctx, store: &Store, id: i64, format: Format) -> Option<Feed> {
    let s = store.story(id).ok()??;
    let mut entries: Vec<Entry> = s
        .articles
        .iter()
        .map(|m| {
            let link = format!("{}/article/{}", cx.base, m.id);
            Entry {
                id: link.clone(),
                title: m.title.clone().unwrap_or_default(),
                link,
                updated: secs(m.published.as_deref()).unwrap_or(0),
                summary: None,
                source: m.source.clone(),
            }
        })
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.updated));
    Some(Feed {
        title: s.title.clone().unwrap_or_default(),
        self_url: format!("{}/story/{id}.{}", cx.base, format.extension()),
        page_url: format!("{}/story/{id}", cx.base),
        lang: cx.prefs.lang(),
        entries,
    })
}

/// How the reader shows a paragraph of a stored body.
#[derive(Debug, PartialEq)]
enum Block {
    Paragraph,
    /// A subheading: extraction keeps a page's subheadings as paragraphs of their own.
    Subhead,
    /// A line of dashes or stars (a separator the page drew in text).
    Rule,
}

/// What the `i`th paragraph of a body is: a line without a letter is a rule; a short line
/// that is no sentence — ten words at most, not ending as one does (. ! ؟ : ، …) — before
/// a paragraph of fifteen words or more, not the first, is a subheading
/// (`"الذباب الإلكتروني" واليمن`); anything else a paragraph.
fn block_of(i: usize, para: &str, next: Option<&str>) -> Block {
    if !para.chars().any(char::is_alphanumeric) {
        return Block::Rule;
    }
    let words = para.split_whitespace().count();
    let ends_sentence = para
        .trim_end_matches(['"', '\'', '»', '”', ')', ' '])
        .ends_with(['.', '!', '?', '؟', '…', ':', '،', ',', ';', '؛']);
    let before_text = next.is_some_and(|n| n.split_whitespace().count() >= 15);
    if i > 0 && words <= 10 && para.chars().count() <= 90 && !ends_sentence && before_text {
        Block::Subhead
    } else {
        Block::Paragraph
    }
}

/// Why a related article is shown, in the reader's language: what it shares with the one
/// read ("يشترك معه في: محمد صلاح، ليفربول"), each name spelled as the page shows it when
/// the page names it (`shown`: its chips — a story's are its members' commonest spelling,
/// and its related list is its representative's, which may write عبد العزيز apart).
fn reason(p: Prefs, r: &serde_json::Value, shown: &[&str]) -> String {
    use rasid_text::variants::label_key;
    let keys: Vec<String> = shown.iter().map(|n| label_key(n)).collect();
    let shared: Vec<&str> = r["shared"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|x| x.as_str())
                .map(|x| {
                    let key = label_key(x);
                    keys.iter().position(|k| *k == key).map_or(x, |i| shown[i])
                })
                .collect()
        })
        .unwrap_or_default();
    if shared.is_empty() {
        return String::new();
    }
    let sep = if p.english { ", " } else { "، " };
    format!("{} {}", p.t("shares"), shared.join(sep))
}

/// An article in the reader view: its text (escaped; nothing of the page's markup is
/// kept), the original link, tags and entities as links, the same story elsewhere, and
/// related articles with their reason.
pub fn article(
    cx: &Ctx,
    store: &Store,
    index: &rasid_search::SearchIndex,
    id: i64,
) -> Option<Page> {
    let a = store.article(id).ok()??;
    let p = cx.prefs;
    let related = crate::related_cached(index, store, &a, 10).ok();
    let items = related
        .as_ref()
        .and_then(|r| r["related"].as_array().cloned())
        .unwrap_or_default();
    let (same, other): (Vec<&serde_json::Value>, Vec<&serde_json::Value>) =
        items.iter().partition(|r| r["reason"] == "same story");
    let (tags, ents) = article_chips(&a);
    // "Elsewhere" only when another outlet carried the story.
    let same_heading = if same
        .iter()
        .all(|r| r["source"].as_str() == a.outlet.as_deref())
    {
        "same_story_here"
    } else {
        "same_story"
    };
    let published = secs(a.published.as_deref());
    let lang = a.lang.clone().unwrap_or_else(|| "ar".into());
    let dir = a.dir.clone().unwrap_or_else(|| "auto".into());
    let story = store.story_of(id).ok().flatten();
    let body = html! {
        article.reader lang=(lang) dir=(dir) {
            h1 { (a.title.as_deref().unwrap_or("…")) }
            p.meta {
                @if let Some(o) = &a.outlet { span { a href={ "/source/" (enc(o)) } { bdi { (cx.outlet(o)) } } } }
                @if let Some(t) = published { span { time datetime=(iso(t)) { (p.date(t)) } } }
                @if let Some(s) = &a.section { span { a href={ "/section/" (enc(s)) } { (p.t(s)) } } }
                @if let Some(sid) = story { span { a href={ "/story/" (sid) } { (p.t("story")) } } }
            }
            @if let Some(u) = a.url.as_deref().or(a.canonical_url.as_deref()) {
                a.original href=(u) rel="noopener noreferrer nofollow" { (p.t("read_original")) " ↗" }
            }
            @if let Some(img) = a.images.first() {
                // Sized before it loads (a 16:9 box): nothing below it moves.
                figure { img src=(img.url) alt=(img.caption.as_deref().unwrap_or("")) width="800" height="450" loading="lazy" decoding="async" referrerpolicy="no-referrer"; }
            }
            div.body {
                @let paras: Vec<&str> = a.body.split("\n\n").map(str::trim).filter(|x| !x.is_empty()).collect();
                @for (i, para) in paras.iter().enumerate() {
                    @match block_of(i, para, paras.get(i + 1).copied()) {
                        Block::Rule => hr;
                        Block::Subhead => h2.sub dir=(dir_of(para)) { (para) }
                        Block::Paragraph => p dir=(dir_of(para)) { (para) }
                    }
                }
            }
        }
        (tag_chips(p, &tags))
        (entity_chips(p, &ents))
        @if !same.is_empty() {
            section.block {
                h2 { (p.t(same_heading)) }
                ul.results { @for r in &same { li { strong { bdi { (cx.outlet(r["source"].as_str().unwrap_or("-"))) } } ": " a href={ "/article/" (r["id"]) } dir=(dir_of(r["title"].as_str().unwrap_or(""))) { (r["title"].as_str().unwrap_or("…")) } } } }
            }
        }
        @if !other.is_empty() {
            section.block {
                h2 { (p.t("related")) }
                ul.results {
                    @for r in &other {
                        li {
                            a href={ "/article/" (r["id"]) } dir=(dir_of(r["title"].as_str().unwrap_or(""))) { (r["title"].as_str().unwrap_or("…")) }
                            p.meta { span { bdi { (cx.outlet(r["source"].as_str().unwrap_or("-"))) } } span dir="auto" { (reason(p, r, &[])) } }
                        }
                    }
                }
            }
        }
    };
    Some(Page {
        title: a.title.clone().unwrap_or_default(),
        body,
        feed: None,
    })
}

/// What a search or list page asks for.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ListParams {
    pub q: Option<String>,
    pub source: Option<String>,
    pub section: Option<String>,
    pub tag: Option<String>,
    /// An entity's `kind:name`, or its name with the kind in [`Self::kind`] (the search
    /// form's two fields) or alone (any kind).
    pub entity: Option<String>,
    /// The entity's kind when [`Self::entity`] is a name alone (the form's select).
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Option<String>,
    pub page: Option<usize>,
}

impl ListParams {
    fn get(v: &Option<String>) -> Option<String> {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    pub fn query(&self, now: i64, default_by_date: bool) -> SearchQuery {
        let page = self.page.unwrap_or(1).clamp(1, 500);
        SearchQuery {
            text: Self::get(&self.q).unwrap_or_default(),
            outlet: Self::get(&self.source),
            // A label that names a section (رياضة، Sports) filters by it.
            section: Self::get(&self.section)
                .map(|s| rasid_enrich::sections::map_label(&s).map_or(s, str::to_owned)),
            tag: Self::get(&self.tag),
            entity: self.entity_filter(),
            from: Self::get(&self.from).and_then(|d| secs(Some(&d))),
            to: Self::get(&self.to).and_then(|d| secs(Some(&d))),
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
            now,
            facets: true,
            by_date: match self.sort.as_deref() {
                Some("date") => true,
                Some("relevance") => false,
                _ => default_by_date,
            },
            facet_values: 0,
            // Pages are numbered here (a person's "page 3" is a link to share); the API
            // pages by cursor.
            after: None,
        }
    }

    /// The entity filter: `kind:name` as given, or made of the form's kind and name.
    fn entity_filter(&self) -> Option<String> {
        let e = Self::get(&self.entity)?;
        match Self::get(&self.kind) {
            Some(k) if !e.contains(':') && rasid_search::ENTITY_KINDS.contains(&k.as_str()) => {
                Some(format!("{k}:{e}"))
            }
            _ => Some(e),
        }
    }

    /// The query string that reproduces this search (without the page).
    pub fn link(&self, path: &str) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("source", &self.source),
            ("section", &self.section),
            ("tag", &self.tag),
            ("entity", &self.entity),
            ("kind", &self.kind),
            ("from", &self.from),
            ("to", &self.to),
            ("sort", &self.sort),
        ] {
            if let Some(v) = Self::get(v) {
                parts.push(format!("{k}={}", enc(&v)));
            }
        }
        if parts.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }
}

/// Search (and the tag, entity, outlet and section lists, which are searches with one
/// filter fixed): filters, highlighted snippets, relevance or date, facets, paging.
pub fn list(
    cx: &Ctx,
    store: &Store,
    index: &rasid_search::SearchIndex,
    params: &ListParams,
    heading: Option<String>,
    path: &str,
    default_by_date: bool,
) -> Result<Page, String> {
    let p = cx.prefs;
    let mut query = params.query(cx.now, default_by_date);
    crate::with_outlet_key(store, &mut query);
    let page = params.page.unwrap_or(1).clamp(1, 500);
    let results = if query.text.is_empty()
        && query.outlet.is_none()
        && query.section.is_none()
        && query.tag.is_none()
        && query.entity.is_none()
    {
        None
    } else {
        Some(crate::search_folded(index, store, &query, page, PAGE_SIZE).map_err(|e| e.message)?)
    };
    let total = results
        .as_ref()
        .map_or(0, |r| r["total"].as_u64().unwrap_or(0));
    let more = results.as_ref().is_some_and(|r| r["more"] == true);
    let rows = results
        .as_ref()
        .and_then(|r| r["results"].as_array().cloned())
        .unwrap_or_default();
    let facets = results
        .as_ref()
        .map(|r| r["facets"].clone())
        .unwrap_or_default();
    let values = |k: &str| -> Vec<(String, u64)> {
        facets[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| {
                        (
                            v["value"].as_str().unwrap_or("").to_owned(),
                            v["count"].as_u64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    // One entry per story (`search_folded`): a later result of a story already listed
    // folds into the first, which links to the whole story.
    let rows: Vec<(serde_json::Value, Option<i64>)> = rows
        .into_iter()
        .map(|r| {
            let story = r["story"].as_i64();
            (r, story)
        })
        .collect();
    let wanted: Vec<i64> = rows.iter().filter_map(|(_, s)| *s).collect();
    let sizes = store.story_sizes(&wanted).unwrap_or_default();
    // A tag's, entity's or outlet's own page (that filter alone, its first page) opens with
    // what the archive says of it: a name's kind, what it is seen with and its coverage
    // month by month; an outlet's record as a reporter and its articles by month.
    let alone = page == 1
        && query.text.is_empty()
        && query.section.is_none()
        && query.from.is_none()
        && query.to.is_none();
    let profile = match (&query.entity, &query.tag, &query.outlet) {
        (Some(label), None, None) | (None, Some(label), None) if alone => Some(profile(
            p,
            label,
            query.entity.is_some(),
            &values("entity"),
            &values("month"),
        )),
        (None, None, Some(key)) if alone => {
            outlet_record_cached(store, key).map(|r| outlet_profile(p, &r, &values("month")))
        }
        _ => None,
    };
    let by_date = query.by_date;
    let link = params.link(path);
    let feed_path = format!(
        "{}.atom{}",
        path.trim_end_matches('/'),
        link.strip_prefix(path).unwrap_or("")
    );
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let form = html! {
        form.filters method="get" action=(path) role="search" {
            label { (p.t("search")) input type="search" name="q" value=(v(&params.q)) dir="auto"; }
            label { (p.t("source")) input name="source" value=(v(&params.source)) dir="auto"; }
            label { (p.t("section"))
                select name="section" {
                    option value="" { "—" }
                    @for s in tab_sections() { option value=(s) selected[params.section.as_deref() == Some(s)] { (p.t(s)) } }
                }
            }
            label { (p.t("tags")) input name="tag" value=(v(&params.tag)) dir="auto"; }
            // The entity's kind and name in two fields (`kind:name` in one is read too).
            @let entity = params.entity_filter().unwrap_or_default();
            @let (kind, name) = entity.split_once(':').unwrap_or(("", entity.as_str()));
            label { (p.t("entities"))
                select name="kind" {
                    option value="" { "—" }
                    @for k in rasid_search::ENTITY_KINDS { option value=(k) selected[kind == k] { (p.t(k)) } }
                }
                input name="entity" value=(name) dir="auto" placeholder="العراق";
            }
            label { (p.t("from")) input type="date" name="from" value=(v(&params.from)); }
            label { (p.t("to")) input type="date" name="to" value=(v(&params.to)); }
            label { (p.t("sort"))
                select name="sort" {
                    option value="relevance" selected[!by_date] { (p.t("relevance")) }
                    option value="date" selected[by_date] { (p.t("newest")) }
                }
            }
            button type="submit" { (p.t("apply")) }
        }
    };
    // A tag's, entity's, outlet's or section's page leads with its news: the form to narrow
    // it folds away, open once something narrows it.
    let own_list = path != "/search";
    let narrowed = [&params.q, &params.from, &params.to]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    let body = html! {
        @if let Some(h) = &heading { h1 dir="auto" { (h) } }
        @if own_list {
            details.filters open[narrowed] { summary { (p.t("narrow")) } (form) }
        } @else {
            (form)
        }
        @if results.is_some() {
            @if let Some(profile) = profile { (profile) }
            p.meta { span { (p.count(total as usize, "results")) } span { a href=(feed_path) { (p.t("feed")) " (Atom)" } } }
            @if rows.is_empty() { p { (p.t("no_results")) } }
            ol.results {
                @for (r, story) in &rows {
                    li {
                        h3 { a href={ "/article/" (r["id"]) } dir=(dir_of(r["title"].as_str().unwrap_or(""))) { (r["title"].as_str().unwrap_or("…")) } }
                        p.meta {
                            @if let Some(s) = r["source"].as_str() { span { a href={ "/source/" (enc(s)) } { bdi { (cx.outlet(s)) } } } }
                            @if let Some(t) = r["published"].as_str().and_then(|t| secs(Some(t))) { span { time datetime=(iso(t)) { (p.date(t)) } } }
                            @if let Some((sid, n)) = story.and_then(|s| sizes.get(&s).map(|n| (s, *n))).filter(|(_, n)| *n > 1) {
                                span { a href={ "/story/" (sid) } { (p.t("whole_story")) " (" (p.count(n as usize, "articles")) ")" } }
                            }
                        }
                        // The snippet is escaped text with the matched words in <b>.
                        p.snippet dir=(dir_of(r["snippet"].as_str().unwrap_or(""))) { (PreEscaped(r["snippet"].as_str().unwrap_or(""))) }
                    }
                }
            }
            (pager(cx, page, more, &link))
            div.facets {
                @for (key, label, prefix) in [("section", "section", "/section/"), ("source", "source", "/source/"), ("tag", "tags", "/tag/"), ("entity", "entities", "/entity/")] {
                    @let vals = values(key);
                    @if !vals.is_empty() {
                        div {
                            h3 { (p.t(label)) }
                            ul.chips { @for (val, n) in vals.iter().take(8) { li { a href={ (prefix) (enc(val)) } dir="auto" { (match key { "section" => p.t(val), "source" => cx.outlet(val), "entity" => val.split_once(':').map_or(val.as_str(), |x| x.1), _ => val }) " " span.meta { (p.num(n)) } } } } }
                        }
                    }
                }
            }
        }
    };
    Ok(Page {
        title: heading.unwrap_or_else(|| {
            params
                .q
                .clone()
                .filter(|q| !q.is_empty())
                .unwrap_or_else(|| p.t("search").to_owned())
        }),
        body,
        feed: results.is_some().then_some(feed_path),
    })
}

/// Names an entity's or tag's page lists as seen with it.
const SEEN_WITH: usize = 10;

/// The head of an entity's or tag's page: its kind, the names most often in the same
/// articles (`entities`: the page's entity facet, `kind:name` with counts; the label itself
/// left out, by its key), and a bar chart of its articles by month (`months`: `YYYY-MM`
/// with counts, oldest first; months without any drawn empty). The chart is SVG markup —
/// bars as shapes, no style attribute — as the pages' CSP allows no inline style.
fn profile(
    p: Prefs,
    label: &str,
    is_entity: bool,
    entities: &[(String, u64)],
    months: &[(String, u64)],
) -> Markup {
    use rasid_text::variants::label_key;
    let (kind, name) = match label.split_once(':').filter(|_| is_entity) {
        Some((k, n)) => (Some(k), n),
        None => (None, label),
    };
    let own = label_key(name);
    let with: Vec<(&str, &str)> = entities
        .iter()
        .filter_map(|(v, _)| v.split_once(':'))
        .filter(|(_, n)| label_key(n) != own)
        .take(SEEN_WITH)
        .collect();
    html! {
        div.profile {
            @if let Some(k) = kind { p.meta { (p.t(k)) } }
            @if !with.is_empty() {
                div.with {
                    span.meta { (p.t("seen_with")) }
                    ul.chips { @for (k, n) in &with { li { a href={ "/entity/" (enc(&format!("{k}:{n}"))) } title=(p.t(k)) dir="auto" { (n) } } } }
                }
            }
            (months_chart(p, months))
        }
    }
}

/// A label's or outlet's articles by month as an SVG bar chart (`months`: `YYYY-MM` with
/// counts, oldest first; months without any drawn empty; nothing for fewer than two).
fn months_chart(p: Prefs, months: &[(String, u64)]) -> Markup {
    let parse = |m: &str| -> Option<(i64, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let counted: Vec<((i64, u32), u64)> = months
        .iter()
        .filter_map(|(m, n)| Some((parse(m)?, *n)))
        .collect();
    // Every month from the first to the last, at most ten years of them.
    let mut bars: Vec<((i64, u32), u64)> = Vec::new();
    if let (Some(first), Some(last)) = (counted.first(), counted.last()) {
        let (mut y, mut m) = first.0;
        while (y, m) <= last.0 && bars.len() < 120 {
            let n = counted.iter().find(|c| c.0 == (y, m)).map_or(0, |c| c.1);
            bars.push(((y, m), n));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    // A stray date years away (a page misdated 2013 in an archive of 2015 and 2018) would
    // stretch the chart into empty years: the months before the first 1% of the articles
    // and after the last 1% are left out.
    let total: u64 = bars.iter().map(|b| b.1).sum();
    let edge = total / 100;
    let mut seen = 0;
    let start = bars
        .iter()
        .position(|b| {
            seen += b.1;
            seen > edge
        })
        .unwrap_or(0);
    seen = 0;
    let end = bars.len()
        - bars
            .iter()
            .rev()
            .position(|b| {
                seen += b.1;
                seen > edge
            })
            .unwrap_or(0);
    let bars = &bars[start..end.max(start)];
    let top = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    // Time runs the way the page reads: right to left in Arabic.
    let x = |i: usize| {
        let slot = if p.english { i } else { bars.len() - 1 - i };
        slot * 10 + 1
    };
    html! {
        @if bars.len() >= 2 {
            figure.months {
                svg viewBox={ "0 0 " (bars.len() * 10) " 100" } preserveAspectRatio="none" role="img" aria-label=(p.t("coverage_by_month")) {
                    @for (i, ((y, m), n)) in bars.iter().enumerate() {
                        @let h = (*n as f64 / top * 96.0).max(if *n > 0 { 2.0 } else { 0.0 });
                        rect x=(x(i)) y=(format!("{:.1}", 100.0 - h)) width="8" height=(format!("{:.1}", h)) {
                            title { (p.month(*y, *m)) ": " (p.count(*n as usize, "articles")) }
                        }
                    }
                }
                figcaption.meta {
                    span { (p.month(bars[0].0 .0, bars[0].0 .1)) }
                    span { (p.t("coverage_by_month")) }
                    span { (p.month(bars[bars.len() - 1].0 .0, bars[bars.len() - 1].0 .1)) }
                }
            }
        }
    }
}

/// [`Store::outlet_record`] of the outlet's latest
/// [`rasid_store::OUTLET_RECORD_ARTICLES`], made at most once in ten minutes per data
/// directory and outlet (it reads the stories of each of those articles).
pub(crate) fn outlet_record_cached(
    store: &Store,
    key: &str,
) -> Option<std::sync::Arc<rasid_store::OutletRecord>> {
    type Key = (std::path::PathBuf, String);
    static MADE: std::sync::LazyLock<
        crate::cache::TtlCache<Key, Option<std::sync::Arc<rasid_store::OutletRecord>>>,
    > = std::sync::LazyLock::new(|| {
        crate::cache::TtlCache::new(std::time::Duration::from_secs(600), 1_000)
    });
    MADE.get_or_try(&(store.path().to_owned(), key.to_owned()), || {
        store
            .outlet_record(key, rasid_store::OUTLET_RECORD_ARTICLES)
            .map(|r| r.map(std::sync::Arc::new))
    })
    .ok()
    .flatten()
}

/// The head of an outlet's own page: how often it was first with the stories other
/// outlets carried too, the agencies its stories came from, and its articles by month.
fn outlet_profile(
    p: Prefs,
    record: &rasid_store::OutletRecord,
    months: &[(String, u64)],
) -> Markup {
    let sep = if p.english { ", " } else { "، " };
    let origins: Vec<String> = record
        .origins
        .iter()
        .map(|(a, n)| format!("{} ({})", p.agency(a), p.num(n)))
        .collect();
    html! {
        div.profile {
            p.meta { (p.t("outlet")) }
            @if record.shared > 0 {
                p.record {
                    (p.t("shared_stories")) ": " (p.num(record.shared)) " — "
                    (p.t("first_in")) " " strong { (p.num(record.first)) } " " (p.t("of_them"))
                    @if record.read < record.articles {
                        " " span.meta { "(" (p.t("in_its_latest")) " " (p.count(record.read as usize, "articles")) ")" }
                    }
                }
            }
            @if !origins.is_empty() {
                p.meta { (p.t("origins")) ": " (origins.join(sep)) }
            }
            (months_chart(p, months))
        }
    }
}

/// The feed of a search or list.
pub fn list_feed(
    cx: &Ctx,
    store: &Store,
    index: &rasid_search::SearchIndex,
    params: &ListParams,
    title: String,
    path: &str,
    format: Format,
) -> Result<Feed, String> {
    let mut query = params.query(cx.now, true);
    crate::with_outlet_key(store, &mut query);
    query.facets = false;
    query.limit = 50;
    query.offset = 0;
    let r = crate::search_json(index, store, &query).map_err(|e| e.message)?;
    let entries = r["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|h| {
            let link = format!("{}/article/{}", cx.base, h["id"]);
            Entry {
                id: link.clone(),
                title: h["title"].as_str().unwrap_or("").to_owned(),
                link,
                updated: h["published"]
                    .as_str()
                    .and_then(|t| secs(Some(t)))
                    .unwrap_or(0),
                summary: h["snippet"].as_str().map(|s| {
                    s.replace("<b>", "")
                        .replace("</b>", "")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&amp;", "&")
                }),
                source: h["source"].as_str().map(str::to_owned),
            }
        })
        .collect();
    let link = params.link(path);
    Ok(Feed {
        title: format!("{} — {title}", cx.prefs.t("site")),
        self_url: format!(
            "{}{}.{}{}",
            cx.base,
            path.trim_end_matches('/'),
            format.extension(),
            link.strip_prefix(path).unwrap_or("")
        ),
        page_url: format!("{}{link}", cx.base),
        lang: cx.prefs.lang(),
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_spells_a_name_as_the_page_does() {
        let r = serde_json::json!({"shared": ["سلمان بن عبد العزيز", "إسطنبول"]});
        let p = Prefs::default();
        assert_eq!(
            reason(p, &r, &["سلمان بن عبدالعزيز", "خاشقجي"]),
            "يشترك معه في: سلمان بن عبدالعزيز، إسطنبول"
        );
        assert_eq!(
            reason(p, &r, &[]),
            "يشترك معه في: سلمان بن عبد العزيز، إسطنبول"
        );
        assert_eq!(reason(p, &serde_json::json!({}), &[]), "");
    }

    #[test]
    fn an_entitys_page_shows_what_it_is_seen_with_and_its_months() {
        let p = Prefs::default();
        let entities = [
            ("person:دونالد ترامب".to_owned(), 9),
            ("place:واشنطن".to_owned(), 5),
            ("person:دونالد ترمب".to_owned(), 2),
        ];
        let months = [("2024-07".to_owned(), 4), ("2024-09".to_owned(), 8)];
        let html = profile(p, "person:دونالد ترمب", true, &entities, &months).into_string();
        // Itself (either spelling) is not seen with itself.
        assert!(html.contains("واشنطن") && !html.contains("ترامب"), "{html}");
        assert!(html.contains("شخص"), "its kind: {html}");
        // July to September, August drawn empty; the highest month fills the chart.
        assert_eq!(html.matches("<rect").count(), 3, "{html}");
        assert!(html.contains("height=\"0.0\""), "{html}");
        assert!(html.contains("height=\"96.0\""), "{html}");
        assert!(
            html.contains("يوليو ٢٠٢٤") && html.contains("سبتمبر ٢٠٢٤"),
            "{html}"
        );
        // A tag's page has no kind, and one month draws no chart.
        let html = profile(p, "الطقس", false, &entities, &months[..1]).into_string();
        assert!(
            !html.contains("<svg") && !html.contains("شخص</p>"),
            "{html}"
        );
    }

    #[test]
    fn short_lines_before_text_are_subheadings_and_lines_of_dashes_rules() {
        let long = "نشر الكاتب تغريدة في الأول من الشهر الجاري انتقد فيها سياسة الحكومة تجاه الملف وقال إن الحل يكمن في الحوار بين الأطراف";
        assert_eq!(
            block_of(1, "\"الذباب الإلكتروني\" واليمن", Some(long)),
            Block::Subhead
        );
        assert_eq!(
            block_of(2, "مشروع الطاقة الشمسية", Some(long)),
            Block::Subhead
        );
        // The first paragraph, a sentence, a short line before a short one or at the end,
        // a long line: paragraphs.
        assert_eq!(
            block_of(0, "مشروع الطاقة الشمسية", Some(long)),
            Block::Paragraph
        );
        assert_eq!(
            block_of(1, "وقال الوزير: \"نعم\".", Some(long)),
            Block::Paragraph
        );
        assert_eq!(
            block_of(1, "هل استفدنا من ترامب؟", Some(long)),
            Block::Paragraph
        );
        assert_eq!(
            block_of(1, "مشروع الطاقة", Some("جملة قصيرة.")),
            Block::Paragraph
        );
        assert_eq!(block_of(1, "مشروع الطاقة", None), Block::Paragraph);
        assert_eq!(block_of(1, long, Some(long)), Block::Paragraph);
        assert_eq!(block_of(3, "------------", Some(long)), Block::Rule);
        assert_eq!(block_of(3, "* * *", None), Block::Rule);
    }

    #[test]
    fn a_texts_direction_is_its_scripts_not_its_first_letters() {
        assert_eq!(dir_of("(CNN)-- دافع الرئيس الأمريكي عن علاقته"), "rtl");
        assert_eq!(dir_of("Cora... سيارة طائرة ذاتية القيادة"), "rtl");
        assert_eq!(dir_of("<b>و</b>"), "rtl");
        assert_eq!(dir_of("Tillerson out, Pompeo in — تيلرسون"), "ltr");
        assert_eq!(dir_of("…"), "rtl");
    }

    fn article(tags: &[&str], people: &[&str]) -> ArticleRecord {
        ArticleRecord {
            key_phrases: tags.iter().map(|t| (*t).to_owned()).collect(),
            entities: people
                .iter()
                .map(|p| rasid_store::EntityMention {
                    name: (*p).to_owned(),
                    kind: "person".into(),
                    mentions: 1,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_story_shows_each_shared_thing_once() {
        let articles = [
            article(
                &["خاشقجي", "التحالف الدولي", "ترامب", "القنصلية"],
                &["جمال خاشقجي", "رويترز"],
            ),
            article(
                &["جمال", "التحالف", "التحالف الدولي", "ترمب"],
                &["جمال خاشقجي", "رويترز"],
            ),
            article(&["خاشقجي", "التحالف", "ترامب", "القنصلية", "جمال"], &[]),
        ];
        let (tags, people) = shared(&articles);
        assert_eq!(people, [("person".to_owned(), "جمال خاشقجي".to_owned())]);
        // The agency both credit is no subject. ترامب and ترمب are one tag, shown as most
        // write it; خاشقجي and جمال are in the person shown, التحالف in a longer tag.
        assert_eq!(tags, ["ترامب", "التحالف الدولي", "القنصلية"]);
    }

    #[test]
    fn an_article_shows_each_thing_once() {
        let a = article(
            &["خاشقجي", "التحالف", "التحالف الدولي", "زيارة", "عبد العزيز"],
            &["جمال خاشقجي", "رويترز", "عبد العزيز بن سعود"],
        );
        let (tags, ents) = article_chips(&a);
        assert_eq!(tags, ["التحالف الدولي", "زيارة"]);
        let names: Vec<&str> = ents.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["جمال خاشقجي", "عبد العزيز بن سعود"]);
    }

    #[test]
    fn stories_of_one_topic_show_under_the_best_ranked() {
        use std::collections::HashMap;
        let mut records: HashMap<i64, ArticleRecord> = HashMap::new();
        let mut entity = |id: i64, ents: &[(&str, &str)]| {
            let mut r = article(&[], &[]);
            r.id = id;
            r.entities = ents
                .iter()
                .map(|(kind, name)| rasid_store::EntityMention {
                    name: (*name).to_owned(),
                    kind: (*kind).to_owned(),
                    mentions: 1,
                })
                .collect();
            records.insert(id, r);
        };
        let un = ("organisation", "الأمم المتحدة");
        entity(1, &[("person", "جمال خاشقجي"), ("place", "إسطنبول")]);
        entity(2, &[("person", "دونالد ترامب"), ("place", "الصين")]);
        entity(3, &[("person", "جمال خاشقجي"), ("person", "دونالد ترامب")]);
        entity(4, &[un, ("place", "اليمن"), ("place", "الحديدة")]);
        entity(5, &[un, ("place", "سوريا"), ("place", "الغوطة")]);
        entity(6, &[("person", "جمال خاشقجي"), ("place", "الرياض")]);
        // Its article names Khashoggi, its headline does not: it stays apart.
        entity(7, &[("person", "جمال خاشقجي"), ("place", "باريس")]);
        // A place: the rockets on the Golan and Israel's answer share Israel too; two
        // stories on Syria share nothing else.
        let golan = ("place", "الجولان");
        entity(
            8,
            &[golan, ("place", "إسرائيل"), ("organisation", "فيلق القدس")],
        );
        entity(9, &[golan, ("place", "إسرائيل"), ("place", "دمشق")]);
        entity(10, &[("place", "سوريا"), ("organisation", "الهلال الأحمر")]);
        entity(11, &[("place", "سوريا"), ("place", "إدلب")]);
        let card = |id: i64, title: &str| Card {
            story: StoryRecord {
                id,
                title: Some(title.to_owned()),
                representative: Some(id),
                first_published: None,
                first_outlet: None,
                origin: None,
                outlets: vec!["a".into()],
                articles: vec![rasid_store::StoryMember {
                    id,
                    external_id: None,
                    url: None,
                    source: None,
                    title: Some(title.to_owned()),
                    published: None,
                }],
            },
            first: None,
            last: None,
            image: None,
            section: None,
            score: 0.0,
            topic: None,
            more: Vec::new(),
        };
        let cards = vec![
            card(1, "النائب العام يوضح ملابسات وفاة جمال خاشقجي"),
            card(2, "ترامب يفرض رسوماً جديدة على الصين"),
            card(3, "ترامب: الرواية بشأن خاشقجي ذات مصداقية"),
            card(4, "الأمم المتحدة تحذر من مجاعة في اليمن"),
            card(5, "الأمم المتحدة تطالب بهدنة في الغوطة"),
            card(6, "وبخاشقجي يتعلق السؤال في الرياض"),
            card(7, "معرض للكتاب في باريس"),
            card(8, "صواريخ على الجولان"),
            card(9, "إسرائيل ترد على قصف الجولان"),
            card(10, "قافلة مساعدات إلى سوريا"),
            card(11, "معارك في إدلب شمال سوريا"),
        ];
        let grouped = group_by_topic(cards, &records);
        let shown: Vec<(i64, Vec<i64>)> = grouped
            .iter()
            .map(|c| (c.story.id, c.more.iter().map(|m| m.story.id).collect()))
            .collect();
        // Khashoggi's stories go under the first, Trump's tariffs stay apart (the first
        // leader's topic is Khashoggi); the UN's stories on Yemen and Syria share only
        // the UN and stay apart.
        assert_eq!(
            shown,
            [
                (1, vec![3, 6]),
                (2, vec![]),
                (4, vec![]),
                (5, vec![]),
                (7, vec![]),
                (8, vec![9]),
                (10, vec![]),
                (11, vec![])
            ]
        );
        assert_eq!(
            grouped[0].topic,
            Some((
                "جمال خاشقجي".to_owned(),
                format!("/entity/{}", enc("person:جمال خاشقجي"))
            ))
        );
    }
}
