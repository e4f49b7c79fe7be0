//! The long-lived writer of a data directory: what the crawler and `rasid fetch` push
//! articles through, a few at a time, as they arrive — the same preparation as a bulk
//! ingest (extraction, enrichment against what the store has learned), then the
//! store and the index.

use crate::{
    catch_up, index_doc, learned_base, load_learned, prepare, save_learned, Counting, Item,
    LearnedBase, Prepared, Result,
};
use rasid_enrich::Learned;
use rasid_search::{IndexWriter, SearchIndex};
use rasid_store::{ArticleRecord, Inserted, RawPage, Store};
use std::path::Path;

/// A page's bytes and kind, kept with its article.
type RawBytes = Option<(Vec<u8>, &'static str)>;

/// What became of one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored as a new article.
    New(i64),
    /// The store had it already (same identity).
    Duplicate(i64),
    /// Replaced a stored article's text with a newer version.
    Updated(i64),
    /// Not an article, with the reason.
    Rejected(String),
}

impl Outcome {
    /// The article it is, if any.
    pub fn article(&self) -> Option<i64> {
        match self {
            Outcome::New(id) | Outcome::Duplicate(id) | Outcome::Updated(id) => Some(*id),
            Outcome::Rejected(_) => None,
        }
    }
}

/// The store, the index and its writer, and what enrichment has learned, held open.
pub struct Live {
    store: Store,
    /// The search index; `None` for a worker, which only stores.
    indexing: Option<Indexing>,
    learned: Learned,
    /// What `learned` was when last read or saved, for a store others save into too.
    learned_then: Option<LearnedBase>,
    pending: usize,
    /// What linking analysed of the articles in view, kept between rounds.
    memo: crate::LinkMemo,
    /// The data directory's site rules.
    sites: crate::sites::SitesFile,
    /// Pages whose site's rule found no content since [`Live::take_missed_rules`].
    missed_rules: Vec<String>,
    /// Links new articles into stories (the one process that does for a store).
    links: bool,
}

/// The index a `Live` writes, and how it is fed.
struct Indexing {
    index: SearchIndex,
    writer: IndexWriter,
    /// The highest article id added since the last commit (or the index's resume point).
    last_id: i64,
    /// Fed from the store rather than by `add`: the store is PostgreSQL, where other
    /// processes (`rasid worker`) store articles too. Articles are then indexed by
    /// catching up in id order, and replaced ones through the store's record of updates.
    follows: Option<Follows>,
}

/// Where a followed store's updates have been applied up to, kept in the data directory.
struct Follows {
    seen: i64,
    file: std::path::PathBuf,
}

impl Live {
    /// Opens the data directory for writing (indexing first whatever the index lacks).
    /// The one process that indexes and links the store: a second is refused.
    pub fn open(data: &Path) -> Result<Live> {
        Self::open_indexing(data, true)
    }

    /// Opens the data directory of a serving process that follows a PostgreSQL store
    /// another process links (a second server, for reading): it keeps its own index fed
    /// from the store like the linking server's (see [`Live::follow`]) and links
    /// nothing, the stories being the store's.
    pub fn open_follower(data: &Path) -> Result<Live> {
        Self::open_indexing(data, false)
    }

    fn open_indexing(data: &Path, links: bool) -> Result<Live> {
        let sites = crate::sites::SitesFile::open(data)?;
        let store = Store::open(data)?;
        let (index, rebuilt) = SearchIndex::open_rebuilding(data)?;
        let mut writer = index.writer(1, 32_000_000)?;
        if links {
            store.claim_writer()?;
        } else if !store.is_postgres() {
            return Err(crate::PipelineError::Config(format!(
                "only a PostgreSQL store is followed by another server; the store of {} is \
                 its SQLite file, served by the one process that writes it",
                data.display()
            )));
        }
        let follows = if store.is_postgres() {
            let file = data.join("index-updates");
            // A rebuilt index has every update in it; otherwise from where it was left
            // (from the start when unknown: applying one again changes nothing).
            let seen = if rebuilt {
                store.max_update_seq()?
            } else {
                std::fs::read_to_string(&file)
                    .ok()
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(0)
            };
            Some(Follows { seen, file })
        } else {
            None
        };
        // A followed store is caught up on by `follow`, below.
        if follows.is_none() {
            catch_up(&store, &index, &mut writer)?;
        }
        let last_id = index.indexed_up_to()?;
        let learned = load_learned(&store)?;
        let mut live = Live {
            learned_then: learned_base(&store, &learned),
            store,
            indexing: Some(Indexing {
                index,
                writer,
                last_id,
                follows,
            }),
            learned,
            pending: 0,
            memo: crate::LinkMemo::with_capacity(crate::LinkMemo::MAX),
            sites,
            missed_rules: Vec::new(),
            links,
        };
        live.follow()?;
        Ok(live)
    }

    /// Opens the data directory of a worker (`rasid worker`): it stores what it fetches
    /// in the PostgreSQL store its `rasid.toml` names, for the serving process to index
    /// and link; any number of workers may run at once, on any machines.
    pub fn open_worker(data: &Path) -> Result<Live> {
        let sites = crate::sites::SitesFile::open(data)?;
        let store = Store::open(data)?;
        if !store.is_postgres() {
            return Err(crate::PipelineError::Config(format!(
                "rasid worker stores into a PostgreSQL store shared with rasid serve, and the \
                 store of {} is its SQLite file: set [store] url in its rasid.toml (or \
                 RASID_STORE_URL); with SQLite, rasid serve crawls by itself",
                data.display()
            )));
        }
        let learned = load_learned(&store)?;
        Ok(Live {
            learned_then: learned_base(&store, &learned),
            store,
            indexing: None,
            learned,
            pending: 0,
            memo: crate::LinkMemo::with_capacity(0),
            sites,
            missed_rules: Vec::new(),
            links: false,
        })
    }

    /// Whether this process links the store's stories (the one that does).
    pub fn links(&self) -> bool {
        self.links
    }

    /// Whether this server holds the store's linking now: the linking server's claim
    /// still held (a lost connection's claim is taken again, unless another took it),
    /// or a following server's taken over because the linking one is gone.
    fn hold_linking(&mut self) -> Result<bool> {
        self.links = match self.store.claim_writer() {
            Ok(()) => true,
            Err(rasid_store::StoreError::Busy(_)) => false,
            Err(e) => return Err(e.into()),
        };
        Ok(self.links)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// How many articles' link-stage reading is kept for the next round.
    pub fn remembered(&self) -> usize {
        self.memo.len()
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Reads the data directory's site rules again if the file changed since (a crawl
    /// round begins with it); on a mistake in the file, the error naming its line, and
    /// the rules in force stay.
    pub fn refresh_sites(&mut self) -> Result<()> {
        self.sites.refresh()
    }

    /// How many sites have a rule.
    pub fn site_rules(&self) -> usize {
        self.sites.sites().len()
    }

    /// The URLs of pages whose site's rule matched nothing (read without it) since the
    /// last call: the crawl reports them, since a site that changed its pages needs its
    /// rule changed too.
    pub fn take_missed_rules(&mut self) -> Vec<String> {
        std::mem::take(&mut self.missed_rules)
    }

    /// Prepares one item: the article, or why it is none.
    fn article(&mut self, item: Item) -> std::result::Result<(ArticleRecord, RawBytes), String> {
        match prepare(
            item,
            Counting::Now(&self.learned),
            self.sites.sites(),
            false,
        ) {
            Prepared::Article(a, raw, _, missed) => {
                if missed && self.missed_rules.len() < 100 {
                    self.missed_rules.push(a.url.clone().unwrap_or_default());
                }
                Ok((*a, raw))
            }
            Prepared::Rejected(reason, _) => Err(reason.to_owned()),
        }
    }

    /// Stores and indexes an item as a new article (or finds it stored already).
    pub fn add(&mut self, item: Item) -> Result<Outcome> {
        let (a, raw) = match self.article(item) {
            Ok(x) => x,
            Err(reason) => return Ok(Outcome::Rejected(reason)),
        };
        let mut rows = vec![(a, raw.as_ref().map(|(b, k)| RawPage { bytes: b, kind: k }))];
        let inserted = self.store.insert_batch(&mut rows)?;
        Ok(match inserted[0] {
            Inserted::New(id) => {
                // A followed store's articles are indexed in id order by `follow`.
                if let Some(ix) = self.indexing.as_mut().filter(|ix| ix.follows.is_none()) {
                    ix.index.add(&ix.writer, &index_doc(&rows[0].0))?;
                    ix.last_id = ix.last_id.max(id);
                }
                self.pending += 1;
                Outcome::New(id)
            }
            Inserted::Duplicate(id) => Outcome::Duplicate(id),
        })
    }

    /// Replaces stored article `id` with the item's newer version.
    pub fn replace(&mut self, id: i64, item: Item) -> Result<Outcome> {
        let (mut a, raw) = match self.article(item) {
            Ok(x) => x,
            Err(reason) => return Ok(Outcome::Rejected(reason)),
        };
        let raw_page = raw.as_ref().map(|(b, k)| RawPage { bytes: b, kind: k });
        self.memo.forget(id);
        if !self.store.update_article(id, &mut a, raw_page)? {
            return Ok(Outcome::Rejected(format!(
                "article {id} is no longer stored"
            )));
        }
        self.pending += 1;
        // A followed store's updates are applied by `follow`.
        let Some(ix) = self.indexing.as_mut().filter(|ix| ix.follows.is_none()) else {
            return Ok(Outcome::Updated(id));
        };
        // The stored row (with its outlet) is what the index shows.
        let Some(stored) = self.store.article(id)? else {
            return Ok(Outcome::Rejected(format!(
                "article {id} is no longer stored"
            )));
        };
        ix.index.delete(&ix.writer, id);
        ix.index.add(&ix.writer, &index_doc(&stored))?;
        Ok(Outcome::Updated(id))
    }

    /// Makes what was added searchable (in a followed store, what anyone stored: see
    /// [`Live::follow`]) and saves what enrichment has learned.
    pub fn commit(&mut self) -> Result<()> {
        if let Some(ix) = self.indexing.as_mut() {
            if ix.follows.is_some() {
                self.follow()?;
            } else if self.pending > 0 {
                ix.index.commit(&mut ix.writer, ix.last_id)?;
            }
        }
        if self.pending > 0 {
            save_learned(&self.store, &self.learned, self.learned_then.as_mut())?;
            self.pending = 0;
        }
        Ok(())
    }

    /// Indexes what others stored in a followed store since the last call: new articles
    /// in id order (ids are committed in order: see `Store::insert_batch`), then the
    /// articles replaced since, again. Returns how many; nothing for a store this process
    /// alone writes, or a worker.
    pub fn follow(&mut self) -> Result<u64> {
        let Some(ix) = self.indexing.as_mut() else {
            return Ok(0);
        };
        let Some(follows) = ix.follows.as_mut() else {
            return Ok(0);
        };
        let mut n = catch_up(&self.store, &ix.index, &mut ix.writer)?;
        let up_to = ix.index.indexed_up_to()?;
        let mut changed = false;
        loop {
            let updates = self.store.updates_after(follows.seen)?;
            let Some(&(last, _)) = updates.last() else {
                break;
            };
            let mut ids: Vec<i64> = updates.iter().map(|&(_, id)| id).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                // What linking read of its text is the old text's.
                self.memo.forget(id);
                // An article past the index's resume point is indexed as it is now by
                // the next catch-up; one no longer stored leaves the index.
                if id > up_to {
                    continue;
                }
                ix.index.delete(&ix.writer, id);
                if let Some(a) = self.store.article(id)? {
                    ix.index.add(&ix.writer, &index_doc(&a))?;
                }
                n += 1;
            }
            follows.seen = last;
            changed = true;
        }
        if changed {
            ix.index.commit(&mut ix.writer, up_to)?;
            let _ = std::fs::write(&follows.file, follows.seen.to_string());
        }
        ix.last_id = up_to;
        Ok(n)
    }

    /// Links new articles into stories (see [`crate::link_unlinked`]), then settles the
    /// open run's stories (see [`crate::settle`]) so that a crawl's stories are an
    /// ingest's; what both read of the articles in view is kept for the next round (see
    /// [`crate::LinkMemo`]). Returns how many articles were linked.
    ///
    /// A server following a store another links takes the linking over when that one
    /// is gone (its claim on the store ends with its connection): each call asks.
    ///
    /// A linking server whose connection to the store was lost, and whose claim another
    /// server took meanwhile, follows from then on.
    pub fn link(&mut self, workers: usize) -> Result<u64> {
        // A worker never links.
        if self.indexing.is_none() || !self.hold_linking()? {
            return Ok(0);
        }
        let linked =
            match crate::link_unlinked_remembering(&mut self.store, workers, &mut self.memo) {
                Err(crate::PipelineError::Store(rasid_store::StoreError::Busy(_))) => {
                    // The connection was lost and another server links since.
                    self.links = false;
                    return Ok(0);
                }
                linked => linked?,
            };
        if linked > 0 {
            crate::settle_with(&mut self.store, workers, &mut self.memo)?;
        }
        Ok(linked)
    }
}
