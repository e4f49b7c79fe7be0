//! The long-lived writer of a data directory: what the crawler and `rasid fetch` push
//! articles through, a few at a time, as they arrive — the same preparation as a bulk
//! ingest (extraction, enrichment against what the store has learned), then the
//! store and the index.

use crate::{catch_up, index_doc, load_learned, prepare, save_learned, Item, Prepared, Result};
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
    index: SearchIndex,
    writer: IndexWriter,
    learned: Learned,
    last_id: i64,
    pending: usize,
    /// What linking analysed of the articles in view, kept between rounds.
    memo: crate::LinkMemo,
    /// The data directory's site rules.
    sites: crate::sites::SitesFile,
    /// Pages whose site's rule found no content since [`Live::take_missed_rules`].
    missed_rules: Vec<String>,
}

impl Live {
    /// Opens the data directory for writing (indexing first whatever the index lacks).
    pub fn open(data: &Path) -> Result<Live> {
        let sites = crate::sites::SitesFile::open(data)?;
        let store = Store::open(data)?;
        let (index, _) = SearchIndex::open_rebuilding(data)?;
        let mut writer = index.writer(1, 32_000_000)?;
        store.claim_writer()?;
        catch_up(&store, &index, &mut writer)?;
        let last_id = index.indexed_up_to()?;
        let learned = load_learned(&store)?;
        Ok(Live {
            store,
            index,
            writer,
            learned,
            last_id,
            pending: 0,
            memo: crate::LinkMemo::with_capacity(crate::LinkMemo::MAX),
            sites,
            missed_rules: Vec::new(),
        })
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
        match prepare(item, &self.learned, self.sites.sites(), false) {
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
                self.index.add(&self.writer, &index_doc(&rows[0].0))?;
                self.last_id = self.last_id.max(id);
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
        // The stored row (with its outlet) is what the index shows.
        let Some(stored) = self.store.article(id)? else {
            return Ok(Outcome::Rejected(format!(
                "article {id} is no longer stored"
            )));
        };
        self.index.delete(&self.writer, id);
        self.index.add(&self.writer, &index_doc(&stored))?;
        self.pending += 1;
        Ok(Outcome::Updated(id))
    }

    /// Makes what was added searchable and saves what enrichment has learned.
    pub fn commit(&mut self) -> Result<()> {
        if self.pending > 0 {
            self.index.commit(&mut self.writer, self.last_id)?;
            save_learned(&self.store, &self.learned)?;
            self.pending = 0;
        }
        Ok(())
    }

    /// Links new articles into stories (see [`crate::link_unlinked`]), then settles the
    /// open run's stories (see [`crate::settle`]) so that a crawl's stories are an
    /// ingest's; what both read of the articles in view is kept for the next round (see
    /// [`crate::LinkMemo`]). Returns how many articles were linked.
    pub fn link(&mut self, workers: usize) -> Result<u64> {
        let linked = crate::link_unlinked_remembering(&mut self.store, workers, &mut self.memo)?;
        if linked > 0 {
            crate::settle_with(&mut self.store, workers, &mut self.memo)?;
        }
        Ok(linked)
    }
}
