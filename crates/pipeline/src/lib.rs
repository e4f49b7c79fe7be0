//! The ingest pipeline: inputs → records → store → index.
//!
//! ```text
//! reader ──(bounded queue)──▶ workers × N ──(bounded queue)──▶ writer
//! files, JSONL(.zst),          extract pages,                    store batch (one SQLite
//! WARC, directories            analyze records                   transaction), then index
//! ```
//!
//! Stages are data ([`Stage`]) for progress and logs. The reader streams its inputs, the
//! workers (CPU: extraction, hashing) run on their own threads, and the writer is the only
//! one touching the store and the index, so back-pressure is the queues' bounds. The link
//! stage (dedup, stories) is a pass-through until story clustering lands.
//!
//! Crash safety: the store commits a batch before its articles go to the index, and each
//! index commit records the highest store id it holds. A run first indexes whatever the
//! store has beyond that id, so after a kill every stored article is indexed exactly once.

pub mod crawl;
mod input;
mod learning;
pub mod live;
pub mod sites;
mod warc;

pub use input::{read, Fetched, Format, Item, ItemKind};

use crossbeam_channel::bounded;
use rasid_enrich::Learned;
use rasid_extract::sites::Sites;
use rasid_extract::{extract, Input, InputKind};
use rasid_search::{IndexDoc, IndexWriter, SearchIndex};
use rasid_store::{ArticleRecord, Inserted, RawPage, Store};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The stages of ingestion, for progress and logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Read,
    Extract,
    Link,
    Store,
    Index,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Extract => "extract",
            Stage::Link => "link",
            Stage::Store => "store",
            Stage::Index => "index",
        }
    }
}

/// How to ingest.
#[derive(Clone, Debug)]
pub struct Options {
    pub format: Format,
    /// Worker threads for extraction; the index writer has its own.
    pub workers: usize,
    /// Index writer threads.
    pub index_threads: usize,
    /// Articles per store transaction.
    pub batch: usize,
    /// Articles between index commits.
    pub commit_every: usize,
    /// Show a progress bar on standard error (hidden when it is not a terminal).
    pub progress: bool,
    /// Run the link stage (near-duplicates and stories) after storing. Off in the
    /// library's default (the ingest benchmark measures storing alone); `rasid ingest`
    /// turns it on unless given `--no-link`.
    pub link: bool,
}

impl Default for Options {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Options {
            format: Format::Auto,
            workers: cores.max(1),
            index_threads: cores.clamp(1, 4),
            batch: 2000,
            commit_every: 50_000,
            progress: true,
            link: false,
        }
    }
}

/// What an ingest did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Records and pages read.
    pub read: u64,
    /// New articles stored and indexed.
    pub stored: u64,
    /// Articles already in the store (same identity).
    pub duplicates: u64,
    /// Inputs rejected, by reason, with the first few positions for each.
    pub rejected: BTreeMap<String, (u64, Vec<String>)>,
    /// Articles found in the store but missing from the index, indexed first.
    pub recovered: u64,
    /// Articles the link stage put into stories (with `link`: the new ones and any an
    /// interrupted run left without a story).
    pub linked: u64,
    /// Time the link stage took (part of `elapsed`).
    pub link_elapsed: Duration,
    /// Pages of sites with a rule whose content selector matched nothing (the page was
    /// read without it — the site may have changed): how many, and the first few URLs.
    pub site_rule_missed: (u64, Vec<String>),
    /// The index was built by an older rasid and was rebuilt from the store (`recovered`
    /// then counts every stored article).
    pub rebuilt_index: bool,
    /// The articles were only stored: the store is PostgreSQL, and another process (a
    /// server) indexes and links it — it does so for these at its next tick.
    pub store_only: bool,
    pub elapsed: Duration,
}

impl Summary {
    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().map(|(n, _)| n).sum()
    }

    /// Articles per second over the whole run.
    pub fn rate(&self) -> f64 {
        self.read as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn reject(&mut self, reason: &str, position: String) {
        let e = self.rejected.entry(reason.to_owned()).or_default();
        e.0 += 1;
        if e.1.len() < 5 {
            e.1.push(position);
        }
    }
}

/// What can go wrong as a whole (single bad inputs are rejections, not errors).
#[derive(Debug)]
pub enum PipelineError {
    Store(rasid_store::StoreError),
    Search(rasid_search::SearchError),
    /// An input path that does not exist or cannot be read at all.
    Input(PathBuf, std::io::Error),
    /// A file of the data directory (the site rules) that cannot be read or has a
    /// mistake: the message names the file and the line.
    Config(String),
}

impl std::fmt::Display for PipelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PipelineError::Store(e) => write!(f, "{e}"),
            PipelineError::Search(e) => write!(f, "{e}"),
            PipelineError::Input(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            PipelineError::Config(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for PipelineError {}

impl From<rasid_store::StoreError> for PipelineError {
    fn from(e: rasid_store::StoreError) -> Self {
        PipelineError::Store(e)
    }
}

impl From<rasid_search::SearchError> for PipelineError {
    fn from(e: rasid_search::SearchError) -> Self {
        PipelineError::Search(e)
    }
}

pub type Result<T> = std::result::Result<T, PipelineError>;

/// A record turned into an article (or a reason it could not be).
pub(crate) enum Prepared {
    /// The article, its raw page, (when the ingest links) what linking reads of it, and
    /// whether its site's rule found no content on the page.
    Article(
        Box<ArticleRecord>,
        Option<(Vec<u8>, &'static str)>,
        Option<Box<rasid_link::Terms>>,
        bool,
    ),
    Rejected(&'static str, String),
}

/// Bytes of link terms an ingest keeps for its new articles at most (about 2 KB each:
/// some 100,000 articles); the link stage reads and analyses the text of the rest.
const LINK_TERMS_BUDGET: usize = 192 << 20;

/// The key under which the link stage's document frequencies are saved.
const LINK_FREQUENCIES: &str = "frequencies";
/// The key under which the link stage keeps the id through which every article is linked.
const LINKED_THROUGH: &str = "linked-through";
/// The key under which the link stage keeps where its open run begins (the publication
/// time, in seconds, of the first article of the oldest run not settled for good).
const OPEN_RUN: &str = "open-run";
/// The saved document frequencies of key phrases.
const PHRASE_FREQUENCIES: &str = "phrase-frequencies";
/// The saved counts of the people enrichment learns.
const LEARNED_NAMES: &str = "learned-names";

/// What enrichment has learned, as saved (fresh when nothing is, or it is of another
/// layout).
pub(crate) fn load_learned(store: &Store) -> Result<Learned> {
    Ok(Learned {
        phrases: store
            .load_state(PHRASE_FREQUENCIES)?
            .and_then(|b| rasid_enrich::keyphrases::PhraseFrequencies::import(&b))
            .unwrap_or_default(),
        names: store
            .load_state(LEARNED_NAMES)?
            .and_then(|b| rasid_enrich::entities::Names::import(&b))
            .unwrap_or_default(),
    })
}

/// What a process's learned counts were when it last read or saved them (exports), kept
/// when other processes save into the same store (PostgreSQL: workers, servers, an
/// ingest), so that a save adds what this process counted since to what they saved
/// instead of overwriting it.
pub(crate) struct LearnedBase {
    phrases: Vec<u8>,
    names: Vec<u8>,
}

/// The base to save `learned` against: for a store others may save into too.
pub(crate) fn learned_base(store: &Store, learned: &Learned) -> Option<LearnedBase> {
    store.is_postgres().then(|| LearnedBase {
        phrases: learned.phrases.export(),
        names: learned.names.export(),
    })
}

/// Saves what enrichment has learned: as it is in a store this process alone writes;
/// added to what the others saved when there is a `base` (which then moves to now).
pub(crate) fn save_learned(
    store: &Store,
    learned: &Learned,
    base: Option<&mut LearnedBase>,
) -> Result<()> {
    let (phrases, names) = (learned.phrases.export(), learned.names.export());
    let Some(base) = base else {
        store.save_state(PHRASE_FREQUENCIES, &phrases)?;
        store.save_state(LEARNED_NAMES, &names)?;
        return Ok(());
    };
    type Merge = fn(&[u8], &[u8], &[u8]) -> Option<Vec<u8>>;
    let merges: [(&str, &[u8], &[u8], Merge); 2] = [
        (
            PHRASE_FREQUENCIES,
            &phrases,
            &base.phrases,
            rasid_enrich::keyphrases::merge_exports,
        ),
        (
            LEARNED_NAMES,
            &names,
            &base.names,
            rasid_enrich::entities::Names::merge_exports,
        ),
    ];
    for (key, mine, then, merge) in merges {
        store.update_state(key, |stored| match stored {
            // Saved in another form (an older rasid) or never: this process's counts.
            Some(stored) => merge(&stored, then, mine).unwrap_or_else(|| mine.to_vec()),
            None => mine.to_vec(),
        })?;
    }
    *base = LearnedBase { phrases, names };
    Ok(())
}

/// Gives the memory malloc holds freed back to the system (glibc's `malloc_trim`, over all
/// its arenas); the crawler calls it after each round.
///
/// glibc gives a thread that allocates while others do an arena of its own (up to eight
/// per core) and keeps what is freed in it: a crawl's writer runs on whichever of tokio's
/// blocking threads is free, a different one from item to item, and each arena kept the
/// pages it had used. The crawler's heap grew with every article it stored (`rasid-eval
/// crawl`: 256 → 1,118 MB over 20,000 pages); trimmed after each round, 138 → 365 MB, and
/// over 100,000 pages 220 / 321 / 386 / 386 / 418 MB after a tenth, a quarter, half,
/// three quarters and all of them. Capping malloc at two arenas (`MALLOC_ARENA_MAX=2`)
/// held it as well but cost the reader's pages a sixth to a third of their requests per
/// second, sharing the arenas with the server's threads.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's own to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What linking reads of an article, from enrichment's analysis of its title and body:
/// `None` when that analysis stopped before the signature's tokens were in (a body with
/// URLs among its first words), and the link stage reads the text itself.
pub fn link_terms(terms: &rasid_enrich::terms::Terms<'_>, lead: &str) -> Option<rasid_link::Terms> {
    use rasid_link::Terms as L;
    use rasid_text::TokenKind;
    let norms = terms.body.iter().filter(|t| t.kind != TokenKind::Url);
    let complete = terms.body.len() < rasid_enrich::terms::BODY_TOKENS
        || norms.clone().count() >= L::SIGNATURE_TOKENS;
    let words = |v: &[rasid_enrich::terms::Term<'_>]| -> Vec<u64> {
        v.iter()
            .filter(|t| t.section_word())
            .map(|t| t.hash)
            .collect()
    };
    // A lead that opens the body (a record's first paragraph) was read with it.
    let body = terms.body_text;
    let end = |t: &rasid_enrich::terms::Term<'_>| {
        t.text.as_ptr() as usize + t.text.len() - body.as_ptr() as usize
    };
    let cut = rasid_text::prefix(lead, L::LEAD_BYTES).len();
    let lead_read = body.starts_with(lead)
        && body[lead.len()..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
        && (terms.body.len() < rasid_enrich::terms::BODY_TOKENS
            || terms.body.last().is_some_and(|t| end(t) >= cut));
    let lead = if lead_read {
        rasid_link::Lead::Stems(
            terms
                .body
                .iter()
                .take_while(|t| end(t) <= cut)
                .filter(|t| t.section_word())
                .map(|t| t.hash)
                .collect::<Vec<u64>>(),
        )
    } else {
        rasid_link::Lead::Text(lead)
    };
    complete.then(|| {
        L::analysed(
            words(&terms.title),
            lead,
            words(&terms.body),
            norms.map(|t| t.norm),
        )
        .with_places(title_places(terms.title_text))
    })
}

/// The towns and provinces a title names, as linking reads them
/// ([`rasid_link::Terms::with_places`]).
pub fn title_places(title: &str) -> impl Iterator<Item = u64> {
    rasid_enrich::entities::title_local_places(title)
        .into_iter()
        .map(rasid_link::term_hash)
}

/// What the link stage reads of a stored article, analysed.
fn link_input(a: &rasid_store::LinkText) -> rasid_link::Prepared {
    rasid_link::prepare(&rasid_link::ArticleIn {
        id: a.id,
        time: a.time,
        outlet: None,
        title: &a.title,
        lead: &a.lead,
        body: &a.body,
    })
    .with_places(title_places(&a.title))
}

/// A page of articles prepared for linking, in the order of `ids`: from the terms the
/// ingest analysed when it has them, else from the stored text.
fn link_page(
    reader: &Store,
    ids: &[i64],
    times: &rustc_hash::FxHashMap<i64, i64>,
    analysed: &mut LinkTerms,
    workers: usize,
) -> Result<Vec<rasid_link::Prepared>> {
    let mut page: Vec<Option<rasid_link::Prepared>> = ids
        .iter()
        .map(|&id| {
            let time = *times.get(&id)?;
            Some(rasid_link::Prepared::new(id, time, analysed.take(id)?))
        })
        .collect();
    let missing: Vec<i64> = ids
        .iter()
        .zip(&page)
        .filter(|(_, p)| p.is_none())
        .map(|(&id, _)| id)
        .collect();
    if !missing.is_empty() {
        let texts = reader.link_texts(&missing)?;
        let mut read: rustc_hash::FxHashMap<i64, rasid_link::Prepared> =
            link_inputs(&texts, workers)
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        for (slot, id) in page.iter_mut().zip(ids) {
            if slot.is_none() {
                *slot = read.remove(id);
            }
        }
    }
    Ok(page.into_iter().flatten().collect())
}

/// [`link_input`] over `threads` threads, order kept.
fn link_inputs(texts: &[rasid_store::LinkText], threads: usize) -> Vec<rasid_link::Prepared> {
    rasid_text::par_map(texts, threads, link_input)
}

/// The link stage as it was left: saved document frequencies (or, when there are none or
/// they are from another layout, those of the recent window) and the stories of the
/// recent window restored.
fn open_linker(
    store: &Store,
    threads: usize,
    memo: &mut LinkMemo,
) -> Result<(rasid_link::Linker, rasid_link::Frequencies)> {
    let config = rasid_link::Config::default();
    let window = config.window;
    let mut linker =
        rasid_link::Linker::new(config, store.max_story_id()? + 1).with_threads(threads);
    let saved = store
        .load_link_state(LINK_FREQUENCIES)?
        .and_then(|text| rasid_link::Frequencies::import(&text));
    let counted = saved.is_some();
    let mut freq = saved.unwrap_or_default();
    if let Some(latest) = store.latest_published()? {
        let (prepared, stories) = memo.linked_since(store, latest - 2 * window, threads)?;
        if !counted {
            for p in &prepared {
                freq.add(p);
            }
        }
        for (w, story) in freq.weigh_all(&prepared, threads).into_iter().zip(stories) {
            linker.restore(w, story);
        }
    }
    Ok((linker, freq))
}

/// The id through which every article is linked (so the search for unlinked ones does
/// not grow with the archive).
fn linked_through(store: &Store) -> Result<i64> {
    Ok(store
        .load_link_state(LINKED_THROUGH)?
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0))
}

/// Makes the next link pass read the articles from id `id` on again (it takes those
/// without a story past the id it has linked through): after a repair took articles out
/// of stories that were gone.
pub fn relink_from(store: &Store, id: i64) -> Result<()> {
    if id <= linked_through(store)? {
        store.save_link_state(LINKED_THROUGH, &(id - 1).to_string())?;
    }
    Ok(())
}

/// How many stored articles are not in a story yet (ingested without linking).
pub fn unlinked_count(store: &Store) -> Result<usize> {
    Ok(store.unlinked(linked_through(store)?)?.len())
}

/// The link stage: every stored article without a story (the new ones, and any an
/// interrupted run left) is linked in order of publication, whatever order the inputs
/// came in — an archive clusters as it would have live. Pages of articles are read,
/// analysed, counted and weighed (on `workers` threads) while the previous page is linked
/// (on this one); links are written a page at a time. Returns how many.
pub fn link_unlinked(store: &mut Store, workers: usize) -> Result<u64> {
    link_unlinked_showing(store, workers, false)
}

/// [`link_unlinked`] with a progress bar on a terminal when `progress`.
pub fn link_unlinked_showing(store: &mut Store, workers: usize, progress: bool) -> Result<u64> {
    link_unlinked_with(
        store,
        workers,
        &mut LinkTerms::default(),
        &mut LinkMemo::default(),
        progress,
    )
}

/// [`link_unlinked`] reading the articles in view through `memo` (see [`LinkMemo`]).
pub fn link_unlinked_remembering(
    store: &mut Store,
    workers: usize,
    memo: &mut LinkMemo,
) -> Result<u64> {
    link_unlinked_with(store, workers, &mut LinkTerms::default(), memo, false)
}

/// What the link stage analysed of the stored articles in view, by id, kept by a
/// long-lived writer ([`live::Live`]) from one crawl round to the next. Each round restores
/// the linker from the last days' articles and settles the open run, and both read those
/// articles again: analysing their text anew every round cost more than all the rest of
/// the round (on a store taking 3,300 articles a day, 2.8 s of a round's link step). An
/// article's analysis depends on its text and time only, so what is kept stays true
/// until the article is replaced ([`LinkMemo::forget`]); articles that fall out of view
/// are dropped, and at most its capacity are kept (the rest are read as before).
/// The default memo keeps nothing (a one-off command reads each article once anyway).
#[derive(Default)]
pub struct LinkMemo {
    prepared: rustc_hash::FxHashMap<i64, rasid_link::Prepared>,
    capacity: usize,
}

impl LinkMemo {
    /// Articles a long-lived writer keeps at most: about 2.8 KB each (the stems of title,
    /// lead and body and the body's signature), 140 MB in all — six days of a store taking
    /// 8,000 articles a day.
    pub const MAX: usize = 50_000;

    /// A memo keeping up to `capacity` articles.
    pub fn with_capacity(capacity: usize) -> LinkMemo {
        LinkMemo {
            prepared: Default::default(),
            capacity,
        }
    }

    /// Forgets article `id` (its text changed).
    pub fn forget(&mut self, id: i64) {
        self.prepared.remove(&id);
    }

    /// How many articles are kept.
    pub fn len(&self) -> usize {
        self.prepared.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prepared.is_empty()
    }

    /// Keeps what a page of the link stage prepared.
    fn keep(&mut self, page: Vec<rasid_link::Prepared>) {
        for p in page {
            if self.prepared.len() >= self.capacity {
                break;
            }
            self.prepared.insert(p.id, p);
        }
    }

    /// The linked articles published from `from` on, prepared, each with its story: kept
    /// ones as kept, the others read from the store and analysed (and kept). Articles
    /// published before `from` are dropped from the memo.
    fn linked_since(
        &mut self,
        store: &Store,
        from: i64,
        threads: usize,
    ) -> Result<(Vec<Cow<'_, rasid_link::Prepared>>, Vec<i64>)> {
        let rows = store.linked_ids_since(from)?;
        // A day more than asked for: settling reaches back from the open run's start,
        // which may lie a little before the restore's window.
        self.prepared.retain(|_, p| p.time >= from - 86_400);
        let missing: Vec<i64> = rows
            .iter()
            .filter(|(id, ..)| !self.prepared.contains_key(id))
            .map(|&(id, ..)| id)
            .collect();
        let mut read: rustc_hash::FxHashMap<i64, rasid_link::Prepared> = if missing.is_empty() {
            Default::default()
        } else {
            link_inputs(&store.link_texts(&missing)?, threads)
                .into_iter()
                .map(|p| (p.id, p))
                .collect()
        };
        // Kept up to the bound; what does not fit is used this once.
        let room = self.capacity.saturating_sub(self.prepared.len());
        for id in missing.into_iter().take(room) {
            if let Some(p) = read.remove(&id) {
                self.prepared.insert(id, p);
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        let mut stories = Vec::with_capacity(rows.len());
        for (id, _, story) in rows {
            let p = match self.prepared.get(&id) {
                Some(p) => Cow::Borrowed(p),
                None => match read.remove(&id) {
                    Some(p) => Cow::Owned(p),
                    None => continue,
                },
            };
            out.push(p);
            stories.push(story);
        }
        Ok((out, stories))
    }
}

/// The link stage again over the whole archive (after an upgrade of the linker): every
/// story forgotten, then every article linked in publication order as a fresh ingest
/// would link it. Story ids go on from the highest given. Interrupted, it leaves the
/// rest unlinked: `rasid link` (or the next ingest) links them. Returns how many stories
/// there were and how many articles were linked.
pub fn relink_all(store: &mut Store, workers: usize, progress: bool) -> Result<(i64, u64)> {
    let before = store.unlink_all(&[LINK_FREQUENCIES, LINKED_THROUGH, OPEN_RUN])?;
    let linked = link_unlinked_showing(store, workers, progress)?;
    Ok((before, linked))
}

/// Settles the stories of the open run: a crawl round links only the few articles it
/// brought, and stories linked a few articles at a time chain and split where an ingest,
/// linking a day's articles together, would not. The articles of the run still open (and
/// of any that closed since the last settling) are linked again together, as an ingest
/// links a run, in a linker holding the articles before them; each story keeps an id its
/// articles had where it can, and the articles that change story are moved (stories
/// left empty are recorded as moved, so that their links still lead somewhere). Without
/// a saved open run (an archive ingested, or an older rasid), the last day is the open
/// run. Returns how many articles moved.
pub fn settle(store: &mut Store, workers: usize) -> Result<u64> {
    settle_with(store, workers, &mut LinkMemo::default())
}

/// [`settle`] reading the articles in view through `memo` (see [`LinkMemo`]).
pub fn settle_with(store: &mut Store, workers: usize, memo: &mut LinkMemo) -> Result<u64> {
    let Some(latest) = store.latest_published()? else {
        return Ok(0);
    };
    let Some(freq) = store
        .load_link_state(LINK_FREQUENCIES)?
        .and_then(|text| rasid_link::Frequencies::import(&text))
    else {
        return Ok(0);
    };
    let from = store
        .load_link_state(OPEN_RUN)?
        .and_then(|t| t.trim().parse::<i64>().ok())
        .unwrap_or(latest - rasid_link::BATCH_SPAN);
    let config = rasid_link::Config::default();
    let window = config.window;
    let linker = rasid_link::Linker::new(config, store.max_story_id()? + 1).with_threads(workers);
    let (prepared, stories) = memo.linked_since(store, from - 2 * window, workers)?;
    let weighted = freq.weigh_all(&prepared, workers);
    drop(prepared);
    let settled = rasid_link::settle(linker, weighted, &stories, from);
    let moves: Vec<rasid_store::StoryLink> = settled
        .moves
        .into_iter()
        .map(|(article, d)| rasid_store::StoryLink {
            article,
            story: d.story,
            new: false,
            representative: d.representative,
        })
        .collect();
    store.move_articles(&moves)?;
    if let Some(open) = settled.open {
        store.save_link_state(OPEN_RUN, &open.to_string())?;
    }
    Ok(moves.len() as u64)
}

/// [`link_unlinked`] reading what the ingest `analysed` of its new articles where it can.
fn link_unlinked_with(
    store: &mut Store,
    workers: usize,
    analysed: &mut LinkTerms,
    memo: &mut LinkMemo,
    progress: bool,
) -> Result<u64> {
    let through = linked_through(store)?;
    let mut pending = store.unlinked(through)?;
    if pending.is_empty() {
        let max = store.max_article_id()?;
        if max > through {
            store.save_link_state(LINKED_THROUGH, &max.to_string())?;
        }
        return Ok(0);
    }
    let last = pending.iter().map(|&(id, _)| id).max().unwrap_or(through);
    pending.sort_unstable_by_key(|&(id, time)| (time, id));
    let times: rustc_hash::FxHashMap<i64, i64> = pending.iter().copied().collect();
    let (mut linker, mut freq) = open_linker(store, workers, memo)?;
    let mut reader = store.another()?;
    let bar = link_bar(progress, pending.len() as u64);
    let mut n = 0;
    let pages: Vec<Vec<i64>> = pending
        .chunks(4096)
        .map(|page| page.iter().map(|&(id, _)| id).collect())
        .collect();
    let mut current: Option<Vec<rasid_link::Weighted>> = None;
    for ids in pages.iter().map(Some).chain(std::iter::once(None)) {
        let freq = &mut freq;
        let reader = &mut reader;
        let (links, next) = std::thread::scope(|scope| {
            let next = ids.map(|ids| {
                let times = &times;
                let analysed = &mut *analysed;
                scope.spawn(move || -> Result<_> {
                    let page = link_page(reader, ids, times, analysed, workers)?;
                    let weighted = freq.add_and_weigh(&page, workers);
                    Ok((weighted, page))
                })
            });
            let links = current.take().map(|w| link_in_time_order(&mut linker, w));
            (
                links,
                next.map(|h| h.join().expect("analysis does not panic")),
            )
        });
        let next = next.transpose()?.map(|(weighted, page)| {
            memo.keep(page);
            weighted
        });
        if let Some(links) = links {
            store.link_articles(&links)?;
            n += links.len() as u64;
            bar.inc(links.len() as u64);
        }
        current = next;
    }
    store.save_link_state(LINK_FREQUENCIES, &freq.export())?;
    store.save_link_state(LINKED_THROUGH, &last.max(through).to_string())?;
    bar.finish_and_clear();
    Ok(n)
}

/// The link stage's progress: articles linked of those waiting (hidden unless `show`, and
/// where stderr is no terminal).
fn link_bar(show: bool, total: u64) -> indicatif::ProgressBar {
    styled_bar(
        show,
        Some(total),
        "grouping into stories {bar:30} {human_pos}/{human_len} · {elapsed} · {eta} left",
    )
}

/// A progress bar of `total` steps (a spinner when unknown) drawn with `template`, ticking
/// on its own; hidden unless `show`.
fn styled_bar(show: bool, total: Option<u64>, template: &str) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let (bar, fallback) = match total {
        Some(n) => (
            indicatif::ProgressBar::new(n),
            indicatif::ProgressStyle::default_bar(),
        ),
        None => (
            indicatif::ProgressBar::new_spinner(),
            indicatif::ProgressStyle::default_spinner(),
        ),
    };
    bar.set_style(indicatif::ProgressStyle::with_template(template).unwrap_or(fallback));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Links articles in order of publication (as they would have arrived live).
fn link_in_time_order(
    linker: &mut rasid_link::Linker,
    weighted: Vec<rasid_link::Weighted>,
) -> Vec<rasid_store::StoryLink> {
    linker
        .link_all(weighted)
        .into_iter()
        .map(|(article, d)| rasid_store::StoryLink {
            article,
            story: d.story,
            new: d.link == rasid_link::Link::New,
            representative: d.representative,
        })
        .collect()
}

/// Indexes every stored article the index does not hold yet (after a crash, or when the
/// index was deleted). Returns how many.
pub fn catch_up(store: &Store, index: &SearchIndex, writer: &mut IndexWriter) -> Result<u64> {
    let mut from = index.indexed_up_to()?;
    let max = store.max_article_id()?;
    let mut n = 0;
    while from < max {
        let batch = store.articles_after(from, 5000)?;
        let Some(last) = batch.last().map(|a| a.id) else {
            break;
        };
        for a in &batch {
            index.add(writer, &index_doc(a))?;
        }
        n += batch.len() as u64;
        index.commit(writer, last)?;
        from = last;
    }
    Ok(n)
}

/// The index document of a stored article.
pub fn index_doc(a: &ArticleRecord) -> IndexDoc<'_> {
    IndexDoc {
        id: a.id,
        title: a.title.as_deref().unwrap_or(""),
        body: &a.body,
        outlet: a.outlet.as_deref(),
        section: a.section.as_deref(),
        tags: a.all_tags(),
        entities: a.entity_values(),
        published: a
            .published
            .as_deref()
            .and_then(rasid_extract::dates::parse_machine)
            .map(|d| d.timestamp()),
        url: a.url.as_deref().or(a.canonical_url.as_deref()),
        external_id: a.external_id.as_deref(),
    }
}

/// A labelled record (section training and evaluation) with its body as the ingest
/// stores a record's: without other stories' leads glued after it
/// (`rasid_extract::teasers`).
pub fn as_stored(mut r: rasid_enrich::sections::Labelled) -> rasid_enrich::sections::Labelled {
    if let std::borrow::Cow::Owned(body) =
        rasid_extract::teasers::without_glued_teasers(&r.title, &r.body)
    {
        r.body = body;
    }
    r
}

/// Ingests `paths` into the data directory `data`.
pub fn ingest(paths: &[PathBuf], data: &Path, opts: &Options) -> Result<Summary> {
    for p in paths {
        if p.as_os_str() != "-" {
            std::fs::metadata(p).map_err(|e| PipelineError::Input(p.clone(), e))?;
        }
    }
    let format = opts.format;
    let paths_owned = paths.to_vec();
    ingest_from(data, opts, move |emit| {
        let mut errors = Vec::new();
        for p in &paths_owned {
            if let Err(e) = input::read(p, format, emit) {
                errors.push((p.display().to_string(), e.to_string()));
            }
        }
        errors
    })
}

/// Ingests the items that `source` emits (it returns the inputs it could not read, with
/// the reason). Benchmarks use it to feed generated records without files.
pub fn ingest_from(
    data: &Path,
    opts: &Options,
    source: impl FnOnce(&mut dyn FnMut(Item) -> bool) -> Vec<(String, String)> + Send + 'static,
) -> Result<Summary> {
    let start = Instant::now();
    // The site rules first: a mistake in them stops the ingest before anything is stored.
    let sites = std::sync::Arc::new(sites::load(data)?);
    let mut store = Store::open(data)?;
    // A PostgreSQL store that a server indexes and links (see `Live::follow`) takes the
    // articles for that server to index and link: this ingest only stores them.
    let store_only = match store.claim_writer() {
        Ok(()) => false,
        Err(rasid_store::StoreError::Busy(_)) if store.is_postgres() => true,
        Err(e) => return Err(e.into()),
    };
    let mut summary = Summary {
        store_only,
        ..Summary::default()
    };
    // An index built by an older rasid is rebuilt from the store before anything new goes in.
    let mut indexing = None;
    if !store_only {
        let (index, rebuilt_index) = SearchIndex::open_rebuilding(data)?;
        let mut writer =
            index.writer(opts.index_threads, 64_000_000 * opts.index_threads.max(1))?;
        summary.rebuilt_index = rebuilt_index;
        summary.recovered = catch_up(&store, &index, &mut writer)?;
        indexing = Some((index, writer));
    }
    let link = opts.link && !store_only;

    // What enrichment learns (phrase frequencies, people), shared by the workers, counted
    // in input order a block at a time (the same input learns and tags the same on any
    // number of workers), and saved when the ingest ends.
    let learned = std::sync::Arc::new(load_learned(&store)?);
    let mut learned_then = learned_base(&store, &learned);
    // (Nor counting a record the store will find a duplicate: it teaches nothing new.)
    let order = std::sync::Arc::new(learning::InOrder::new(
        learned.clone(),
        Some(Store::open(data)?),
    )?);
    let bar = progress_bar(opts.progress);
    // Items carry their place in the input, and the writer stores them in that order
    // whichever worker finishes first: the same input gets the same ids (and, linked in
    // publication time with ties broken by id, the same stories) run after run.
    let (item_tx, item_rx) = bounded::<(u64, Item)>(1024);
    let (prep_tx, prep_rx) = bounded::<(u64, Prepared)>(4096);
    let reader = std::thread::spawn(move || {
        let mut seq = 0u64;
        source(&mut |item| {
            seq += 1;
            item_tx.send((seq - 1, item)).is_ok()
        })
    });
    let mut workers = Vec::new();
    for _ in 0..opts.workers.max(1) {
        let rx = item_rx.clone();
        let tx = prep_tx.clone();
        let order = order.clone();
        let sites = sites.clone();
        workers.push(std::thread::spawn(move || {
            for (seq, item) in rx {
                let turn = learning::Turn::new(&order, seq);
                let prepared = prepare(item, Counting::InOrder(&turn), &sites, link);
                // Done (and its block counted when it is the last) before it is sent.
                drop(turn);
                if tx.send((seq, prepared)).is_err() {
                    break;
                }
            }
        }));
    }
    drop(item_rx);
    drop(prep_tx);

    let last_id = match &indexing {
        Some((index, _)) => index.indexed_up_to()?,
        None => 0,
    };
    let mut sink = Sink {
        store: &mut store,
        indexing: indexing.as_mut().map(|(i, w)| (&*i, w)),
        since_commit: 0,
        last_id,
        link_terms: LinkTerms::default(),
    };
    let mut batch: Batch = Vec::with_capacity(opts.batch);
    // Prepared items that came after one still being prepared: as many as the other
    // workers prepare meanwhile (preparing one item is bounded, see `extract`).
    let mut early: std::collections::BTreeMap<u64, Prepared> = Default::default();
    let mut next = 0u64;
    let in_order = prep_rx
        .into_iter()
        .map(Some)
        .chain(std::iter::once(None))
        .flat_map(|received| match received {
            Some((seq, p)) => {
                early.insert(seq, p);
                let mut ready = Vec::new();
                while let Some(p) = early.remove(&next) {
                    ready.push(p);
                    next += 1;
                }
                ready
            }
            // Every worker is done: whatever still waits for an item that never came (a
            // worker that failed on it) is stored all the same, in order.
            None => std::mem::take(&mut early).into_values().collect(),
        });
    for p in in_order {
        summary.read += 1;
        bar.inc(1);
        match p {
            Prepared::Article(a, raw, terms, missed) => {
                if missed {
                    let e = &mut summary.site_rule_missed;
                    e.0 += 1;
                    if e.1.len() < 5 {
                        e.1.push(a.url.clone().unwrap_or_default());
                    }
                }
                batch.push((*a, raw, terms))
            }
            Prepared::Rejected(reason, pos) => summary.reject(reason, pos),
        }
        if batch.len() >= opts.batch {
            sink.flush(&mut batch, &mut summary)?;
            if sink.since_commit >= opts.commit_every {
                sink.commit()?;
            }
        }
    }
    sink.flush(&mut batch, &mut summary)?;
    sink.commit()?;
    // Every input is read: the link stage shows its own progress.
    bar.finish_and_clear();
    let mut link_terms = std::mem::take(&mut sink.link_terms);
    // Every item is done (the workers' senders are all dropped): the last block counts.
    order.finish()?;
    save_learned(&store, &learned, learned_then.as_mut())?;
    if link {
        // What the workers and the index's arenas freed goes back to the system before
        // the link pass builds its window.
        release_freed_memory();
        let t = Instant::now();
        summary.linked = link_unlinked_with(
            &mut store,
            opts.workers,
            &mut link_terms,
            &mut LinkMemo::default(),
            opts.progress,
        )?;
        summary.link_elapsed = t.elapsed();
    }
    if let Some((_, writer)) = indexing {
        writer
            .wait_merging_threads()
            .map_err(|e| PipelineError::Search(e.into()))?;
    }
    for w in workers {
        let _ = w.join();
    }
    for (path, err) in reader.join().unwrap_or_default() {
        summary.reject("unreadable input", format!("{path}: {err}"));
    }
    summary.elapsed = start.elapsed();
    Ok(summary)
}

type Batch = Vec<(
    ArticleRecord,
    Option<(Vec<u8>, &'static str)>,
    Option<Box<rasid_link::Terms>>,
)>;

/// What linking reads of new articles, by article id, analysed as they were enriched
/// (within [`LINK_TERMS_BUDGET`]): the stems of all of them in a few large chunks, so that
/// tens of thousands of articles kept for a while do not become hundreds of thousands
/// of small allocations for the allocator to work around.
#[derive(Default)]
struct LinkTerms {
    chunks: Vec<Vec<u64>>,
    /// Articles each chunk holds that were not taken yet: a chunk all taken is freed
    /// (the link pass, reading the articles in time order, frees as it goes).
    left: Vec<u32>,
    by_id: rustc_hash::FxHashMap<i64, KeptTerms>,
    bytes: usize,
}

/// Where an article's stems are in [`LinkTerms`]'s chunks, and its signature.
struct KeptTerms {
    chunk: u32,
    start: u32,
    lens: [u16; 4],
    signature: Option<rasid_link::minhash::Signature>,
}

impl LinkTerms {
    /// Stems per chunk (8 MB).
    const CHUNK: usize = 1 << 20;

    fn keep(&mut self, id: i64, terms: &rasid_link::Terms) {
        let (title, lead, body, signature) = terms.parts();
        let places = terms.places();
        let n = title.len() + lead.len() + body.len() + places.len();
        let size = 8 * n + std::mem::size_of::<KeptTerms>() + 16;
        let lens =
            [title.len(), lead.len(), body.len(), places.len()].map(|l| u16::try_from(l).ok());
        let [Some(t), Some(l), Some(b), Some(p)] = lens else {
            return;
        };
        if self.bytes + size > LINK_TERMS_BUDGET {
            return;
        }
        if self
            .chunks
            .last()
            .is_none_or(|c| c.len() + n > c.capacity())
        {
            self.chunks.push(Vec::with_capacity(Self::CHUNK.max(n)));
            self.left.push(0);
        }
        let chunk = self.chunks.len() - 1;
        let c = &mut self.chunks[chunk];
        let start = c.len();
        c.extend_from_slice(title);
        c.extend_from_slice(lead);
        c.extend_from_slice(body);
        c.extend_from_slice(places);
        self.left[chunk] += 1;
        self.bytes += size;
        self.by_id.insert(
            id,
            KeptTerms {
                chunk: chunk as u32,
                start: start as u32,
                lens: [t, l, b, p],
                signature: signature.cloned(),
            },
        );
    }

    fn take(&mut self, id: i64) -> Option<rasid_link::Terms> {
        let k = self.by_id.remove(&id)?;
        let [t, l, b, p] = k.lens.map(usize::from);
        let (chunk, start) = (k.chunk as usize, k.start as usize);
        let s = &self.chunks[chunk][start..start + t + l + b + p];
        let terms = rasid_link::Terms::from_parts(
            s[..t].to_vec(),
            s[t..t + l].to_vec(),
            s[t + l..t + l + b].to_vec(),
            k.signature,
        )
        .with_places(s[t + l + b..].iter().copied());
        self.left[chunk] -= 1;
        if self.left[chunk] == 0 {
            // Its space is not reused (a chunk is only filled while the ingest keeps).
            self.chunks[chunk] = Vec::new();
        }
        Some(terms)
    }
}

/// The writer stage: the only code that touches the store and the index.
struct Sink<'a> {
    store: &'a mut Store,
    /// The index and its writer; none when the ingest only stores.
    indexing: Option<(&'a SearchIndex, &'a mut IndexWriter)>,
    since_commit: usize,
    last_id: i64,
    link_terms: LinkTerms,
}

impl Sink<'_> {
    /// Stores a batch in one transaction, then sends its new articles to the index.
    fn flush(&mut self, batch: &mut Batch, summary: &mut Summary) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let raws: Vec<Option<(Vec<u8>, &'static str)>> =
            batch.iter_mut().map(|(_, r, _)| r.take()).collect();
        let mut terms: Vec<Option<Box<rasid_link::Terms>>> =
            batch.iter_mut().map(|(_, _, t)| t.take()).collect();
        let mut rows: Vec<(ArticleRecord, Option<RawPage<'_>>)> = batch
            .drain(..)
            .zip(raws.iter())
            .map(|((a, _, _), raw)| (a, raw.as_ref().map(|(b, k)| RawPage { bytes: b, kind: k })))
            .collect();
        let outcome = self.store.insert_batch(&mut rows)?;
        for (((a, _), o), terms) in rows.iter().zip(outcome).zip(&mut terms) {
            match o {
                Inserted::New(id) => {
                    if let Some(t) = terms.take() {
                        self.link_terms.keep(id, &t);
                    }
                    if let Some((index, writer)) = &self.indexing {
                        index.add(writer, &index_doc(a))?;
                    }
                    summary.stored += 1;
                    self.last_id = self.last_id.max(id);
                    self.since_commit += 1;
                }
                Inserted::Duplicate(_) => summary.duplicates += 1,
            }
        }
        Ok(())
    }

    /// Commits the index, recording the highest stored id it now holds.
    fn commit(&mut self) -> Result<()> {
        if let Some((index, writer)) = &mut self.indexing {
            index.commit(writer, self.last_id)?;
        }
        self.since_commit = 0;
        Ok(())
    }
}

/// Rebuilds the index from the store.
pub fn reindex(data: &Path, opts: &Options) -> Result<u64> {
    let store = Store::open(data)?;
    let (index, _) = SearchIndex::open_rebuilding(data)?;
    let mut writer = index.writer(opts.index_threads, 64_000_000 * opts.index_threads.max(1))?;
    store.claim_writer()?;
    index.clear(&mut writer)?;
    index.commit(&mut writer, 0)?;
    let n = catch_up(&store, &index, &mut writer)?;
    writer
        .wait_merging_threads()
        .map_err(|e| PipelineError::Search(e.into()))?;
    Ok(n)
}

fn progress_bar(show: bool) -> indicatif::ProgressBar {
    styled_bar(
        show,
        None,
        "{spinner} {human_pos} read · {per_sec} · {elapsed}",
    )
}

/// Why a page gave no article: it was binary data, or no article text was found in it.
fn why_no_article(warnings: &[rasid_extract::Warning]) -> &'static str {
    if warnings.iter().any(|w| w.code == rasid_extract::NOT_TEXT) {
        "binary data (an image, a PDF, an archive …), not a page"
    } else {
        "no article text found"
    }
}

/// A control character that has no place in a text field (line breaks and tabs do).
fn stray_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t' && c != '\r'
}

/// Whether a record's `url` is a web address (an http or https URL), the only kind an
/// article is linked to.
fn is_web_address(u: &str) -> bool {
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && u.len() > lower.find("//").unwrap_or(0) + 2
}

/// A JSON number as text (an integer as written).
fn record_number_text(v: &serde_json::Value) -> Option<String> {
    v.as_i64()
        .map(|n| n.to_string())
        .or_else(|| v.as_u64().map(|n| n.to_string()))
}

/// A record's time as RFC 3339: a machine-readable date (Arabic-Indic digits read too)
/// or a Unix time in seconds (milliseconds when larger than any date in seconds); a
/// field that is neither is not a time.
fn record_time(v: &serde_json::Value) -> Option<String> {
    use rasid_extract::dates::{parse_machine, DateTime};
    if let Some(n) = v.as_f64() {
        let secs = if n.abs() >= 1e11 { n / 1000.0 } else { n };
        // 1900 to 2100, as dates read from text.
        return (-2_208_988_800.0..4_102_444_800.0)
            .contains(&secs)
            .then(|| DateTime::from_timestamp(secs as i64).to_rfc3339());
    }
    // The lossless form reads Arabic-Indic and Persian digits as ASCII ones.
    parse_machine(&rasid_text::normalize_lossless(v.as_str()?)).map(|d| d.to_rfc3339())
}

/// A record's list of strings (`authors`, `tags`): each trimmed, control characters out,
/// empty ones and repeats dropped, at most 50 of 200 characters each.
fn text_list(v: Option<&serde_json::Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in v.and_then(|v| v.as_array()).into_iter().flatten() {
        let Some(x) = x.as_str() else { continue };
        let x: String = x.chars().filter(|&c| !stray_control(c)).take(200).collect();
        let x = x.trim();
        if !x.is_empty() && !out.iter().any(|o| o == x) && out.len() < 50 {
            out.push(x.to_owned());
        }
    }
    out
}

/// Turns one input item into an article: records with a body are taken as they are,
/// pages go through extraction.
/// With `link`, also what linking reads of it.
/// How an article enriched is counted into what enrichment learns.
#[derive(Clone, Copy)]
pub(crate) enum Counting<'a> {
    /// At once (a crawl's articles, in whatever order they come).
    Now(&'a Learned),
    /// In its input's order, in its turn ([`learning::InOrder`]).
    InOrder(&'a learning::Turn<'a>),
}

pub(crate) fn prepare(item: Item, counting: Counting<'_>, sites: &Sites, link: bool) -> Prepared {
    let now = rasid_store::now_rfc3339();
    match item.kind {
        ItemKind::Invalid(reason) => Prepared::Rejected(reason, item.position),
        ItemKind::Record(v) => {
            let s = |k: &str| {
                v.get(k)
                    .and_then(|x| x.as_str())
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_owned)
            };
            // Text fields as text: exports and scrapes often carry the page's character
            // references (SaudiNewsNet's titles: &quot;), which would show and be tagged,
            // and now and then a control character no text has (NUL).
            let text = |k: &str| {
                s(k).map(|x| {
                    let x = match rasid_extract::dom::decode_entities(&x) {
                        std::borrow::Cow::Borrowed(_) => x,
                        std::borrow::Cow::Owned(d) => d,
                    };
                    if x.chars().any(stray_control) {
                        x.chars().filter(|&c| !stray_control(c)).collect()
                    } else {
                        x
                    }
                })
            };
            let url = s("url").filter(|u| is_web_address(u));
            let source = s("source");
            let published = ["published", "date_iso", "date"]
                .iter()
                .find_map(|k| record_time(v.get(*k)?));
            let (mut rec, raw, warnings) = if let Some(html) = s("html") {
                let input = Input {
                    bytes: html.as_bytes(),
                    url: url.as_deref(),
                    content_type: None,
                    fetched_at: None,
                    kind: InputKind::Html,
                    sites: Some(sites),
                };
                let (ex, warnings) = extract(&input);
                (
                    from_extraction(ex),
                    Some((html.into_bytes(), "html")),
                    warnings,
                )
            } else if let Some(body) = text("body") {
                let mut paragraphs: Vec<&str> = body
                    .split('\n')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                // Other stories' leads a scrape glued after the article are not its text.
                let glued = rasid_extract::teasers::glued_teasers(
                    text("title").as_deref().unwrap_or(""),
                    &paragraphs,
                );
                paragraphs.truncate(paragraphs.len() - glued);
                let kept = paragraphs.join("\n\n");
                // The agencies its dateline or closing credit names (wire copy).
                let attributions = rasid_extract::attribution::in_text(&kept);
                // A news body's language shows in its opening (a few thousand letters).
                let lang = rasid_text::detect(rasid_text::prefix(&body, 8 * 1024));
                let rec = ArticleRecord {
                    title: text("title"),
                    lead: text("lead").or_else(|| paragraphs.first().map(|p| p.to_string())),
                    body: kept,
                    authors: text("author").into_iter().collect(),
                    lang: (lang != rasid_text::Lang::Unknown).then(|| lang.code().to_owned()),
                    dir: (lang != rasid_text::Lang::Unknown)
                        .then(|| if lang.is_rtl() { "rtl" } else { "ltr" }.to_owned()),
                    section: s("section").or_else(|| s("category")),
                    attributions,
                    ..Default::default()
                };
                (rec, None, Vec::new())
            } else {
                return Prepared::Rejected(
                    "record without body or html (or with an empty one)",
                    item.position,
                );
            };
            if rec.body.trim().is_empty() {
                return Prepared::Rejected("empty body", item.position);
            }
            if rec.title.is_none() {
                rec.title = text("title");
            }
            rec.outlet = source;
            // The outlet's own name, when the record gives it (else its page's).
            rec.outlet_name = text("source_name").or(rec.outlet_name);
            // An id as the export wrote it, a number included.
            rec.external_id = s("id").or_else(|| v.get("id").and_then(record_number_text));
            rec.url = url;
            if published.is_some() {
                rec.published = published;
            }
            // What an export (`rasid export`) or a scrape gives besides, where the page
            // (when there is one) did not.
            if rec.canonical_url.is_none() {
                rec.canonical_url = s("canonical_url").filter(|u| is_web_address(u));
            }
            if rec.updated.is_none() {
                rec.updated = v.get("updated").and_then(record_time);
            }
            if rec.authors.is_empty() {
                rec.authors = text_list(v.get("authors"));
            }
            if rec.tags.is_empty() {
                rec.tags = text_list(v.get("tags"));
            }
            finish(rec, now, raw, counting, link).noting_rule(&warnings)
        }
        ItemKind::Fetched(f) => {
            let f = *f;
            let input = Input {
                bytes: &f.bytes,
                url: Some(&f.url),
                content_type: f.content_type.as_deref(),
                fetched_at: Some(&f.fetched_at),
                kind: InputKind::Auto,
                sites: Some(sites),
            };
            let (ex, warnings) = extract(&input);
            if ex.body.is_empty() {
                return Prepared::Rejected(why_no_article(&warnings), item.position);
            }
            let mut rec = from_extraction(ex);
            rec.url = Some(f.url.clone());
            rec.outlet = host_of(&f.url).or_else(|| rec.outlet.clone());
            rec.external_id = f.guid;
            rec.fetched_at = Some(f.fetched_at);
            if rec.title.is_none() {
                rec.title = f.title;
            }
            rec.published = rec.published.or(f.published);
            rec.updated = rec.updated.or(f.updated);
            // The user's section for the feed, else the page's, else a category rasid
            // knows as a section.
            rec.section = f.section.or(rec.section).or_else(|| {
                f.categories
                    .iter()
                    .find(|c| rasid_enrich::sections::map_label(c).is_some())
                    .cloned()
            });
            if rec.tags.is_empty() {
                rec.tags = f
                    .categories
                    .into_iter()
                    .filter(|c| rasid_enrich::sections::map_label(c).is_none())
                    .collect();
            }
            finish(rec, now, Some((f.bytes, "html")), counting, link).noting_rule(&warnings)
        }
        ItemKind::Page { bytes, kind, url } => {
            let input = Input {
                bytes: &bytes,
                url: url.as_deref(),
                content_type: None,
                fetched_at: None,
                kind: match kind {
                    "text" => InputKind::Text,
                    _ => InputKind::Auto,
                },
                sites: Some(sites),
            };
            let (ex, warnings) = extract(&input);
            if ex.body.is_empty() {
                return Prepared::Rejected(why_no_article(&warnings), item.position);
            }
            let mut rec = from_extraction(ex);
            rec.url = url;
            rec.outlet = rec
                .url
                .as_deref()
                .or(rec.canonical_url.as_deref())
                .and_then(host_of)
                .or_else(|| rec.outlet.clone());
            finish(rec, now, Some((bytes, kind)), counting, link).noting_rule(&warnings)
        }
    }
}

fn finish(
    mut rec: ArticleRecord,
    now: String,
    raw: Option<(Vec<u8>, &'static str)>,
    counting: Counting<'_>,
    link: bool,
) -> Prepared {
    rec.ingested_at = now;
    rec.publisher_section = rec.section.take();
    // A wire service's section slug before its headline (`اقتصادي / …`): the publisher's
    // section, not a word of the title.
    if let Some((section, title)) = rec
        .title
        .as_deref()
        .and_then(rasid_enrich::sections::title_slug)
    {
        let section = section.map(str::to_owned);
        rec.title = Some(title.to_owned());
        rec.publisher_section = rec.publisher_section.take().or(section);
    }
    rec.body_hash = rasid_store::body_hash(&rec.body);
    let guid = match (&rec.outlet, &rec.external_id) {
        (Some(o), Some(g)) => Some((o.as_str(), g.as_str())),
        _ => None,
    };
    rec.identity = rasid_store::identity(
        rec.canonical_url.as_deref().or(rec.url.as_deref()),
        guid,
        &rec.body_hash,
    );
    // What enrichment and linking read, from one analysis.
    let terms = rasid_enrich::terms::Terms::new(rec.title.as_deref().unwrap_or(""), &rec.body);
    let (section, url) = (
        rec.publisher_section.as_deref(),
        rec.url.as_deref().or(rec.canonical_url.as_deref()),
    );
    let e = match counting {
        Counting::Now(learned) => rasid_enrich::enrich_analysed(&terms, section, url, learned),
        Counting::InOrder(turn) => {
            turn.wait();
            let (e, tally) = rasid_enrich::enrich_tallied(&terms, section, url, turn.learned());
            turn.keep(tally, &rec.identity);
            e
        }
    };
    let link_terms = link
        .then(|| link_terms(&terms, rec.lead.as_deref().unwrap_or("")))
        .flatten()
        .map(Box::new);
    drop(terms);
    set_enrichment(&mut rec, e);
    Prepared::Article(Box::new(rec), raw, link_terms, false)
}

impl Prepared {
    /// Marks an article whose extraction says its site's rule found no content.
    fn noting_rule(self, ex_warnings: &[rasid_extract::Warning]) -> Prepared {
        match self {
            Prepared::Article(a, raw, terms, _) => {
                let missed = ex_warnings.iter().any(|w| w.code == SITE_RULE_UNMATCHED);
                Prepared::Article(a, raw, terms, missed)
            }
            rejected => rejected,
        }
    }
}

pub use rasid_extract::sites::UNMATCHED as SITE_RULE_UNMATCHED;

/// Puts enrichment's findings on an article: rasid's section (the publisher's label when
/// it is one rasid knows, else the URL's path, else the classifier; the publisher's label
/// stays in `publisher_section` as given), entities and key phrases.
fn set_enrichment(rec: &mut ArticleRecord, e: rasid_enrich::Enrichment) {
    rec.section = Some(e.section.section);
    rec.section_confidence = Some(e.section.confidence);
    rec.entities = e
        .entities
        .into_iter()
        .map(|e| rasid_store::EntityMention {
            name: e.name,
            kind: e.kind.as_str().to_owned(),
            mentions: e.mentions as u32,
        })
        .collect();
    rec.key_phrases = e.key_phrases.into_iter().map(|p| p.text).collect();
}

/// Enriches every stored article again, as this rasid would have on ingesting them (its
/// entity rules, section model and key-phrase weighing): what enrichment learns from the
/// archive (phrase frequencies, people) is learned again from nothing, in the order the
/// articles were stored, and saved. Only the section, entities and key phrases change, and
/// the agencies of articles that credited none (as their text credits them; the stories'
/// origins are recomputed); the search index is to be rebuilt after ([`reindex`]).
/// Returns how many articles.
pub fn reenrich(data: &Path, opts: &Options) -> Result<u64> {
    const PAGE: usize = 2000;
    let mut store = Store::open(data)?;
    store.claim_writer()?;
    let learned = std::sync::Arc::new(Learned::default());
    // Counted in the order stored, a block at a time, as an ingest of the same articles
    // counts them.
    let order = learning::InOrder::new(learned.clone(), None)?;
    let bar = progress_bar(opts.progress);
    let (mut from, mut n) = (0, 0u64);
    loop {
        let mut page = store.articles_after(from, PAGE)?;
        let Some(last) = page.last().map(|a| a.id) else {
            break;
        };
        let mut found: Vec<rasid_enrich::Enrichment> = Vec::with_capacity(page.len());
        for seg in learning::segments(n, page.len()) {
            let first = n + seg.start as u64;
            let read = rasid_text::par_map(&page[seg], opts.workers, |a| {
                let terms =
                    rasid_enrich::terms::Terms::new(a.title.as_deref().unwrap_or(""), &a.body);
                rasid_enrich::enrich_tallied(
                    &terms,
                    a.publisher_section.as_deref(),
                    a.url.as_deref().or(a.canonical_url.as_deref()),
                    &learned,
                )
            });
            for (i, (e, tally)) in read.into_iter().enumerate() {
                let counted = learning::Counted {
                    tally,
                    identity: None,
                };
                order.done(first + i as u64, Some(counted));
                found.push(e);
            }
        }
        for (a, e) in page.iter_mut().zip(found) {
            set_enrichment(a, e);
            // The agencies a text credits, for articles stored before rasid read them
            // from records' text (a page's are its extraction's, kept).
            if a.attributions.is_empty() {
                a.attributions = rasid_extract::attribution::in_text(&a.body);
            }
        }
        store.set_enrichment(&page)?;
        n += page.len() as u64;
        bar.inc(page.len() as u64);
        from = last;
    }
    // Learned again from nothing: it replaces what was saved.
    order.finish()?;
    save_learned(&store, &learned, None)?;
    store.refresh_origins()?;
    bar.finish_and_clear();
    Ok(n)
}

/// A kept page: its bytes and kind (`html`, `text`).
type KeptPage = (Vec<u8>, String);

/// What [`reextract`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reextracted {
    /// Articles whose kept page was extracted again.
    pub extracted: u64,
    /// Of those, articles whose text changed.
    pub changed: u64,
    /// Kept pages in which this rasid finds no article text: their stored text stays.
    pub kept: u64,
    /// Articles stored without a page (records that came with their text).
    pub without_page: u64,
}

/// Extracts every stored article again from the page kept with it, as this rasid's
/// extractor reads it (after an upgrade): the text, title, lead, dates, authors, the
/// publisher's section and tags, attributions and media are replaced by what the page now
/// gives — a field the page no longer gives keeps its stored value (a feed's date or
/// categories), and a page in which no article text is found keeps its article whole.
/// Identities, outlets and stories stay. Enrichment and the index are to follow
/// ([`reenrich`], [`reindex`]).
pub fn reextract(data: &Path, opts: &Options) -> Result<Reextracted> {
    const PAGE: usize = 500;
    let sites = &sites::load(data)?;
    let mut store = Store::open(data)?;
    store.claim_writer()?;
    let bar = progress_bar(opts.progress);
    let mut done = Reextracted::default();
    let mut from = 0;
    loop {
        let page = store.articles_after(from, PAGE)?;
        let Some(last) = page.last().map(|a| a.id) else {
            break;
        };
        let mut raws = Vec::with_capacity(page.len());
        for a in &page {
            raws.push(store.raw_page(a.id)?);
        }
        let pairs: Vec<(&ArticleRecord, Option<KeptPage>)> = page.iter().zip(raws).collect();
        let found: Vec<Option<ArticleRecord>> =
            rasid_text::par_map(&pairs, opts.workers, |(a, raw)| {
                let (bytes, kind) = raw.as_ref()?;
                let input = Input::kept(bytes, kind, a.url.as_deref(), a.fetched_at.as_deref())
                    .with_sites(Some(sites));
                let (ex, _) = extract(&input);
                Some(merge_extraction(a, from_extraction(ex)))
            });
        let mut changed = Vec::new();
        for ((a, raw), f) in pairs.iter().zip(found) {
            match (raw, f) {
                (None, _) => done.without_page += 1,
                (Some(_), None) => done.kept += 1,
                (Some(_), Some(new)) if new.body.trim().is_empty() => done.kept += 1,
                (Some(_), Some(new)) => {
                    done.extracted += 1;
                    if new != **a {
                        done.changed += 1;
                        changed.push(new);
                    }
                }
            }
        }
        store.set_extraction(&changed)?;
        bar.inc(page.len() as u64);
        from = last;
    }
    bar.finish_and_clear();
    Ok(done)
}

/// A stored article with a new extraction of its page: what the page gives replaces the
/// stored field, what it no longer gives is kept.
fn merge_extraction(old: &ArticleRecord, new: ArticleRecord) -> ArticleRecord {
    fn keep<T>(new: Option<T>, old: &Option<T>) -> Option<T>
    where
        T: Clone,
    {
        new.or_else(|| old.clone())
    }
    fn keep_list<T: Clone>(new: Vec<T>, old: &[T]) -> Vec<T> {
        if new.is_empty() {
            old.to_vec()
        } else {
            new
        }
    }
    let mut out = old.clone();
    out.canonical_url = keep(new.canonical_url, &old.canonical_url);
    out.title = keep(new.title, &old.title);
    out.lead = keep(new.lead, &old.lead);
    out.body_hash = rasid_store::body_hash(&new.body);
    out.body = new.body;
    out.authors = keep_list(new.authors, &old.authors);
    out.published = keep(new.published, &old.published);
    out.updated = keep(new.updated, &old.updated);
    out.lang = keep(new.lang, &old.lang);
    out.dir = keep(new.dir, &old.dir);
    out.publisher_section = keep(new.section, &old.publisher_section);
    out.tags = keep_list(new.tags, &old.tags);
    out.attributions = keep_list(new.attributions, &old.attributions);
    out.images = keep_list(new.images, &old.images);
    out.videos = keep_list(new.videos, &old.videos);
    out.related_links = keep_list(new.related_links, &old.related_links);
    out
}

fn from_extraction(ex: rasid_extract::Extraction) -> ArticleRecord {
    ArticleRecord {
        canonical_url: ex.canonical_url,
        title: ex.title,
        lead: ex.lead,
        body: ex.text,
        authors: ex.authors,
        published: ex.published,
        updated: ex.updated,
        lang: ex.lang,
        dir: ex.dir,
        section: ex.section,
        tags: ex.tags,
        attributions: ex.attributions,
        images: ex.images,
        videos: ex.videos,
        related_links: ex.related_links,
        // The outlet's key is its host when the page has one (the caller's choice); the
        // name the page gives its site names the outlet.
        outlet: ex.site_name.clone(),
        outlet_name: ex.site_name,
        ..Default::default()
    }
}

/// The host of a URL without `www.`, as an outlet key.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_owned())
}
