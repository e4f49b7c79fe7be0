//! "In the news" (`/topics`): the people, places, organisations and tags the archive's
//! latest days cover far more than the days before them, each with the story that
//! carries it most — what a reader asks of a front page before reading it: who and what
//! is the news about now.

use super::pages::{enc, iso};
use super::{Ctx, Page};
use maud::html;
use rasid_search::{Rising, SearchIndex, SearchQuery};
use rasid_store::Store;
use std::sync::Arc;

/// The windows a reader can choose, in days.
pub const WINDOWS: [u32; 3] = [1, 3, 7];

/// The window shown when none is asked for.
pub const DEFAULT_DAYS: u32 = 3;

/// A label in fewer of the window's articles than this is not "in the news".
const MIN_ARTICLES: u64 = 3;

/// How many of each list the page shows: people, places, organisations, tags.
const SHOWN: [(&str, usize); 4] = [
    ("person", 10),
    ("place", 10),
    ("organisation", 10),
    ("tag", 15),
];

/// One label of the page.
#[derive(Clone, Debug)]
pub struct Topic {
    /// Its name as shown (an entity's without its kind).
    pub name: String,
    /// Its page: `/entity/kind:name` or `/tag/name`.
    pub href: String,
    /// The window's articles that carry it.
    pub count: u64,
    /// Absent from the rest of the archive (new in the window), when there is a rest.
    pub new: bool,
    /// How much it rises ([`rasid_search::rising_score`]).
    pub score: f64,
    /// The story with most of those articles: its id and the best-ranked title of it.
    pub story: Option<(i64, String)>,
}

/// What the page shows, for one window.
#[derive(Clone, Debug, Default)]
pub struct Topics {
    /// The window's end (the archive's latest publication) and its article count.
    pub until: i64,
    pub articles: u64,
    /// (kind — `person`, `place`, `organisation` or `tag` — and its topics, most rising
    /// first.)
    pub lists: Vec<(&'static str, Vec<Topic>)>,
}

impl Topics {
    /// As JSON: `{"until", "articles", "person": [...], "place": [...], "organisation":
    /// [...], "tag": [...]}`, each topic `{"name", "count", "new", "story": {"id",
    /// "title"} | null}`, most rising first.
    pub fn to_json(&self) -> serde_json::Value {
        // An empty archive has no latest publication.
        let until = (self.until != 0)
            .then(|| rasid_extract::dates::DateTime::from_timestamp(self.until).to_rfc3339());
        let mut out = serde_json::json!({"until": until, "articles": self.articles});
        for (kind, _) in SHOWN {
            let list = self.lists.iter().find(|(k, _)| *k == kind).map(|(_, l)| l);
            out[kind] = list
                .into_iter()
                .flatten()
                .map(|t| {
                    serde_json::json!({
                        "name": t.name,
                        "count": t.count,
                        "new": t.new,
                        "story": t.story.as_ref().map(|(id, title)| serde_json::json!({"id": id, "title": title})),
                    })
                })
                .collect();
        }
        out
    }

    /// The `n` most rising people, places and organisations together (a name's rise
    /// measured alike whatever its kind), for a strip of names.
    pub fn leading(&self, n: usize) -> Vec<Topic> {
        let mut all: Vec<&Topic> = self
            .lists
            .iter()
            .filter(|(kind, _)| *kind != "tag")
            .flat_map(|(_, l)| l)
            .collect();
        all.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.name.cmp(&b.name))
        });
        all.into_iter().take(n).cloned().collect()
    }
}

/// The topics made, by data directory and window.
type Made = crate::cache::TtlCache<(std::path::PathBuf, u32), Arc<Topics>>;

/// How long topics made are shown before they are made again.
const TTL: std::time::Duration = std::time::Duration::from_secs(60);

static MADE: std::sync::LazyLock<Made> = std::sync::LazyLock::new(|| Made::new(TTL, 16));

/// [`find`], made at most once a minute for each data directory and window (it counts
/// the window's tags and entities and searches once for each label shown: 0.25–0.7 s on
/// 70,000 articles, 0.7–2.4 s on a million) — and made before they expire by [`keep`],
/// so that no reader waits for them.
pub fn cached(store: &Store, index: &SearchIndex, days: u32) -> Result<Arc<Topics>, String> {
    MADE.get_or_try(&(store.path().to_owned(), days), || {
        find(store, index, days).map(Arc::new)
    })
}

/// How often [`keep`] is to be called: well within the time topics are shown.
pub const KEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(40);

/// Windows read within this long are kept made; after it, the next reader makes them.
const KEEP_WHILE_READ: std::time::Duration = std::time::Duration::from_secs(600);

/// Topics made of an archive that has not changed are kept as made for this long at most
/// (a story settling merges stories the index does not see: the story a topic links to
/// may have joined another).
const KEEP_UNCHANGED: std::time::Duration = std::time::Duration::from_secs(600);

/// A data directory, what its archive was when [`keep`] last made its windows (the
/// index's contents and the last story begun), and when.
type Kept = (std::path::PathBuf, (u64, i64), std::time::Instant);

static KEPT: std::sync::Mutex<Vec<Kept>> = std::sync::Mutex::new(Vec::new());

/// Makes again the windows of this data directory readers asked for in the last ten
/// minutes, and every window when `start` (the server has just started): the reader who
/// arrives as they expire, or first, gets them made rather than waiting the second or two
/// they take. While the archive has not changed (no article indexed, no story begun), the
/// windows made are kept as they are for up to ten minutes rather than made again: an idle
/// server of a million articles would spend a tenth of a core on the same lists.
pub fn keep(store: &Store, index: &SearchIndex, start: bool) {
    let state = (index.contents_key(), store.max_story_id().unwrap_or(-1));
    let path = store.path().to_owned();
    let unchanged = !start
        && KEPT.lock().is_ok_and(|k| {
            k.iter()
                .any(|(p, s, at)| *p == path && *s == state && at.elapsed() < KEEP_UNCHANGED)
        });
    let mut windows: Vec<u32> = MADE
        .read_within(KEEP_WHILE_READ)
        .into_iter()
        .filter(|(path, _)| path == store.path())
        .map(|(_, days)| days)
        .collect();
    if start {
        windows.extend(WINDOWS);
    }
    windows.sort_unstable();
    windows.dedup();
    let mut all_made = true;
    for days in windows {
        let key = (path.clone(), days);
        if unchanged && MADE.renew(&key) {
            continue;
        }
        match find(store, index, days) {
            Ok(t) => MADE.put(&key, Arc::new(t)),
            Err(e) => {
                all_made = false;
                tracing::warn!("topics of {days} days: {e}");
            }
        }
    }
    if !unchanged && all_made {
        if let Ok(mut k) = KEPT.lock() {
            k.retain(|(p, _, _)| *p != path);
            k.push((path, state, std::time::Instant::now()));
        }
    }
}

/// The topics of the `days` before the archive's latest publication.
pub fn find(store: &Store, index: &SearchIndex, days: u32) -> Result<Topics, String> {
    let Some(latest) = super::pages::archive_latest(store) else {
        return Ok(Topics::default());
    };
    let (from, to) = (latest - i64::from(days) * 86_400, latest + 1);
    let rising = index
        .rising(from, to, MIN_ARTICLES)
        .map_err(|e| e.to_string())?;
    let mut lists = Vec::new();
    for (kind, shown) in SHOWN {
        let labels: Vec<&Rising> = if kind == "tag" {
            // A tag that names one of the entities listed (خاشقجي, جمال خاشقجي) is left to
            // the entity (the tags come last: the names' lists are made).
            let names: Vec<Vec<String>> = lists
                .iter()
                .flat_map(|(_, l): &(&str, Vec<Topic>)| l)
                .map(|t| words(&t.name))
                .collect();
            // The people and organisations listed (a place holds many topics: the
            // coalition in a week of Iraq's news is one of its own).
            let listed: Vec<(String, String)> = lists
                .iter()
                .filter(|(k, _)| *k != "place")
                .flat_map(|(k, l): &(&str, Vec<Topic>)| l.iter().map(move |t| (*k, t)))
                .map(|(k, t)| (k.to_owned(), rasid_text::variants::label_key(&t.name)))
                .collect();
            let mut kept = Vec::new();
            for r in &rising.tag {
                if kept.len() == shown {
                    break;
                }
                let tag = words(&r.value);
                if names.iter().any(|n| tag.iter().all(|w| n.contains(w)))
                    || aspect_of_listed(index, &r.value, &listed, from, to)?
                {
                    continue;
                }
                kept.push(r);
            }
            kept
        } else {
            // Agencies and outlets are who tells the news, not what it is about (SPA rises
            // with every Saudi story it is quoted in, an outlet with its own output).
            rising
                .entity
                .iter()
                .filter(|r| {
                    r.value.split_once(':').is_some_and(|(k, name)| {
                        k == kind
                            && !(k == "organisation" && rasid_text::outlets::is_news_medium(name))
                    })
                })
                .take(shown)
                .collect()
        };
        let mut topics = Vec::new();
        for r in labels {
            let (name, href) = match r.value.split_once(':').filter(|_| kind != "tag") {
                Some((_, name)) => (name.to_owned(), format!("/entity/{}", enc(&r.value))),
                None => (r.value.clone(), format!("/tag/{}", enc(&r.value))),
            };
            let story = carrying_story(store, index, kind, &r.value, from, to)?;
            topics.push(Topic {
                name,
                href,
                count: r.count,
                new: r.expected.is_some_and(|e| e == 0.0),
                score: r.score,
                story,
            });
        }
        lists.push((kind, topics));
    }
    Ok(Topics {
        until: latest,
        articles: rising.articles,
        lists,
    })
}

/// Whether most of the window's articles tagged `tag` (three in five) name one of the
/// people or organisations listed (`listed`: kind and label key): the tag is an aspect
/// of that name's news (قضية، اختفاء، القنصلية السعودية in a week of Khashoggi's, الملك
/// سلمان beside سلمان بن عبد العزيز), not a topic of its own.
fn aspect_of_listed(
    index: &SearchIndex,
    tag: &str,
    listed: &[(String, String)],
    from: i64,
    to: i64,
) -> Result<bool, String> {
    let found = index
        .search(&SearchQuery {
            tag: Some(tag.to_owned()),
            from: Some(from),
            to: Some(to),
            limit: 1,
            facets: true,
            ..Default::default()
        })
        .map_err(|e| e.to_string())?;
    let total = found.total as u64;
    Ok(found.facets.is_some_and(|f| {
        f.entity.iter().any(|(value, n)| {
            5 * n >= 3 * total
                && value.split_once(':').is_some_and(|(kind, name)| {
                    let key = rasid_text::variants::label_key(name);
                    listed.iter().any(|(k, l)| k == kind && *l == key)
                })
        })
    }))
}

/// Of the window's latest articles that carry a label, the story that holds most of them,
/// those titled with it weighing more (ties: the one with the latest), with the title of
/// its latest.
fn carrying_story(
    store: &Store,
    index: &SearchIndex,
    kind: &str,
    value: &str,
    from: i64,
    to: i64,
) -> Result<Option<(i64, String)>, String> {
    // The window's latest 30 that carry it: the story the news is on now.
    let mut q = SearchQuery {
        from: Some(from),
        to: Some(to),
        limit: 30,
        by_date: true,
        ..Default::default()
    };
    if kind == "tag" {
        q.tag = Some(value.to_owned());
    } else {
        q.entity = Some(value.to_owned());
    }
    let hits = index.search(&q).map_err(|e| e.to_string())?.hits;
    // An article whose title names it is about it, not one that names it in passing (a
    // long story mentions many people once): it weighs four. The name as titles write
    // it: its last word (بوتين of فلاديمير بوتين).
    let name = value
        .split_once(':')
        .filter(|_| kind != "tag")
        .map_or(value, |x| x.1);
    let last = words(name).pop().unwrap_or_default();
    // (story, weight, rank of its first, title of its first)
    let mut stories: Vec<(i64, usize, usize, String)> = Vec::new();
    for (rank, h) in hits.iter().enumerate() {
        let Some(story) = store.story_of(h.id).map_err(|e| e.to_string())? else {
            continue;
        };
        let title = h.title.clone().unwrap_or_default();
        let weight = if words(&title).contains(&last) { 4 } else { 1 };
        match stories.iter_mut().find(|s| s.0 == story) {
            Some(s) => s.1 += weight,
            None => stories.push((story, weight, rank, title)),
        }
    }
    Ok(stories
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(id, _, _, title)| (id, title)))
}

/// The page.
pub fn page(cx: &Ctx, topics: &Topics, days: u32) -> Page {
    let p = cx.prefs;
    let title = p.t("in_the_news").to_owned();
    let body = html! {
        h1 { (title) }
        nav.sections aria-label=(p.t("window")) {
            @for d in WINDOWS {
                a.on[d == days] href={ "/topics?days=" (d) } { (p.t(window_key(d))) }
            }
        }
        @if topics.lists.iter().all(|(_, l)| l.is_empty()) {
            p { (p.t("nothing_rising")) }
        } @else {
            p.meta {
                span { (p.t(window_key(days))) }
                span { (p.t("until")) " " time datetime=(iso(topics.until)) { (p.date(topics.until)) } }
                span { (p.count(topics.articles as usize, "articles")) }
            }
            div.topics {
                @for (kind, list) in &topics.lists {
                    @if !list.is_empty() {
                        section {
                            h2 { (p.t(plural_key(kind))) }
                            ul {
                                @for (t, story) in list.iter().zip(headlines(list)) {
                                    li {
                                        a.name href=(t.href) dir="auto" { (t.name) }
                                        " " span.meta { (p.count(t.count as usize, "articles")) }
                                        @if t.new { " " span.badge { (p.t("new")) } }
                                        @if let Some((id, headline)) = story {
                                            br;
                                            a.headline href={ "/story/" (id) } dir=(super::pages::dir_of(headline)) { (headline) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Page {
        title,
        body,
        feed: None,
    }
}

/// Each topic's story as a list shows it: a headline already given under an earlier name
/// of the list is not repeated.
fn headlines(list: &[Topic]) -> Vec<Option<&(i64, String)>> {
    let mut told: Vec<i64> = Vec::new();
    list.iter()
        .map(|t| {
            let s = t.story.as_ref().filter(|(id, _)| !told.contains(id))?;
            told.push(s.0);
            Some(s)
        })
        .collect()
}

/// A label's words as their keys match (عبد العزيز as one word, hamza forms alike).
fn words(label: &str) -> Vec<String> {
    rasid_text::variants::label_key(label)
        .split(' ')
        .map(str::to_owned)
        .collect()
}

fn window_key(days: u32) -> &'static str {
    match days {
        1 => "last_day",
        7 => "last_week",
        _ => "last_3_days",
    }
}

fn plural_key(kind: &str) -> &'static str {
    match kind {
        "person" => "people",
        "place" => "places",
        "organisation" => "organisations",
        _ => "tags",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(name: &str, score: f64, story: Option<i64>) -> Topic {
        Topic {
            name: name.into(),
            href: format!("/tag/{name}"),
            count: 3,
            new: false,
            score,
            story: story.map(|id| (id, format!("قصة {id}"))),
        }
    }

    #[test]
    fn a_tag_most_of_whose_articles_name_a_listed_person_is_an_aspect_of_them() {
        let idx = SearchIndex::in_memory().unwrap();
        let mut w = idx.writer(1, 50_000_000).unwrap();
        // The consulate tagged in four articles, three of which name Khashoggi (written
        // two ways); a phone in three, none of which does.
        for id in 1..=10i64 {
            let mut tags = Vec::new();
            if id <= 4 {
                tags.push("القنصلية السعودية");
            }
            if id >= 8 {
                tags.push("هواوي");
            }
            let entities = match id {
                1 | 2 => vec!["person:جمال خاشقجي".to_owned()],
                3 => vec!["person:جمال خاشقجى".to_owned()],
                _ => Vec::new(),
            };
            let doc = rasid_search::IndexDoc {
                id,
                title: "خبر",
                body: "نص الخبر",
                outlet: None,
                section: None,
                tags,
                entities,
                published: Some(1_700_000_000 + id),
                url: None,
                external_id: None,
            };
            idx.add(&w, &doc).unwrap();
        }
        idx.commit(&mut w, 10).unwrap();
        let listed = [(
            "person".to_owned(),
            rasid_text::variants::label_key("جمال خاشقجي"),
        )];
        let aspect = |tag: &str| aspect_of_listed(&idx, tag, &listed, 0, i64::MAX).unwrap();
        assert!(!aspect("هواوي"));
        // Two of four name him as listed, a third in another spelling of his name.
        assert!(aspect("القنصلية السعودية"));
        // In a window of the last two of them, one in two does: a topic of its own.
        let late = aspect_of_listed(&idx, "القنصلية السعودية", &listed, 1_700_000_003, i64::MAX);
        assert!(!late.unwrap());
    }

    #[test]
    fn a_list_names_each_story_once_and_an_empty_archive_has_empty_lists() {
        let list = [
            topic("أ", 3.0, Some(1)),
            topic("ب", 2.0, Some(1)),
            topic("ج", 1.0, Some(2)),
        ];
        let shown: Vec<Option<i64>> = headlines(&list).iter().map(|s| s.map(|x| x.0)).collect();
        assert_eq!(shown, [Some(1), None, Some(2)]);
        let t = Topics {
            until: 1,
            articles: 9,
            lists: vec![
                ("place", list.to_vec()),
                ("tag", vec![topic("د", 9.0, None)]),
            ],
        };
        // The strip takes the names, not the tags, by how much they rise.
        let names: Vec<String> = t.leading(2).into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["أ", "ب"]);
        let j = Topics::default().to_json();
        assert!(j["until"].is_null());
        for kind in ["person", "place", "organisation", "tag"] {
            assert_eq!(j[kind], serde_json::json!([]), "{j}");
        }
    }
}
