//! What enrichment learns, counted in input order.
//!
//! Enrichment learns from the articles it reads (the key phrases' document frequencies,
//! the people named after titles: [`rasid_enrich::Learned`]), and an ingest enriches on
//! several threads at once. Counted as each thread finishes, the same input would learn a
//! little differently from run to run (another article first, another name learned a
//! moment sooner), and so tag differently. Instead the input is cut into blocks
//! ([`block_of`]): every article of a block is read against what the blocks before it
//! taught, and the block is counted in input order once all of it is read. The same
//! input, from the same store, is enriched the same on any number of threads. A record
//! the store will find a duplicate (an identity stored before the input began — asked of
//! the store a block at a time, on a connection of its own — or read earlier in the
//! input) is not counted: it stores nothing, so it teaches nothing either.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, Condvar, Mutex};

use rasid_enrich::{Learned, Tally};
use rasid_store::Store;

use crate::Result;

/// The largest block: what an article teaches is read by the articles of the blocks after
/// its own, so at most this many later (an eighth of a day of ANT; 256 made a phrase new to
/// a block new to all of its articles, a day and a half of news, and changed the tags of
/// one article in eighteen). The first blocks are shorter (16, 16), so that a small input
/// learns too. Counting in blocks of 32 costs no ingest speed measurable on two workers.
const BLOCK_MAX: u64 = 32;

/// The block of the input's item `seq` (counted from 0): [0, 16), then blocks doubling
/// ([16, 32), [32, 64), …) up to [`BLOCK_MAX`] items, then every [`BLOCK_MAX`].
pub(crate) fn block_of(seq: u64) -> Range<u64> {
    if seq < 16 {
        0..16
    } else if seq < 2 * BLOCK_MAX {
        let start = 1u64 << (63 - seq.leading_zeros());
        start..2 * start
    } else {
        let start = seq / BLOCK_MAX * BLOCK_MAX;
        start..start + BLOCK_MAX
    }
}

/// The input's items `first..first + len` cut where blocks end: ranges of `0..len`.
pub(crate) fn segments(first: u64, len: usize) -> Vec<Range<usize>> {
    let end = first + len as u64;
    let mut out = Vec::new();
    let mut at = first;
    while at < end {
        let stop = block_of(at).end.min(end);
        out.push((at - first) as usize..(stop - first) as usize);
        at = stop;
    }
    out
}

/// Counts articles' tallies into what enrichment learns in input order, a block at a time
/// (see the module's documentation). Shared by the workers of an ingest.
pub(crate) struct InOrder {
    learned: Arc<Learned>,
    state: Mutex<State>,
    turn: Condvar,
}

#[derive(Default)]
struct State {
    /// The block being read: its items may be enriched.
    open: Range<u64>,
    /// The items done and not yet counted (`None`: nothing to count, a rejected record).
    done: BTreeMap<u64, Option<Counted>>,
    /// How many of them are the open block's.
    done_in_open: u64,
    /// The store the input goes into (its own connection) and its last article's id when
    /// the input began: the records it held then are not counted again.
    store: Option<(Store, i64)>,
    /// The identities counted from this input ([`rasid_text::hash64`] of each).
    seen: rustc_hash::FxHashSet<u64>,
    /// The first failure to look identities up (counted all the same), for [`InOrder::finish`].
    failed: Option<rasid_store::StoreError>,
}

/// What an item adds to what is learned, and the identity it is stored under (`None`:
/// one stored already, counted whatever it is).
pub(crate) struct Counted {
    pub tally: Tally,
    pub identity: Option<String>,
}

impl InOrder {
    /// Counting for items that go into `store` (`None`: articles stored already), whose
    /// records stored before are not counted again.
    pub(crate) fn new(learned: Arc<Learned>, store: Option<Store>) -> Result<InOrder> {
        let store = match store {
            Some(s) => {
                let through = s.max_article_id()?;
                Some((s, through))
            }
            None => None,
        };
        Ok(InOrder {
            learned,
            state: Mutex::new(State {
                open: block_of(0),
                store,
                ..State::default()
            }),
            turn: Condvar::new(),
        })
    }

    /// Counts `items` in, in order, but for those whose identity the store held when the
    /// input began (one look-up for them all) or an item counted before had.
    fn count(&self, state: &mut State, items: Vec<Counted>) {
        let ids: Vec<&str> = items.iter().filter_map(|c| c.identity.as_deref()).collect();
        let stored = match &state.store {
            Some((store, through)) => store.stored_identities(&ids, *through).unwrap_or_else(|e| {
                state.failed.get_or_insert(e);
                Vec::new()
            }),
            None => Vec::new(),
        };
        for c in items {
            let new = c
                .identity
                .as_ref()
                .is_none_or(|id| !stored.contains(id) && state.seen.insert(rasid_text::hash64(id)));
            if new {
                self.learned.count(c.tally);
            }
        }
    }

    pub(crate) fn learned(&self) -> &Learned {
        &self.learned
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until item `seq` may be enriched: every block before its own is counted.
    fn wait(&self, seq: u64) {
        let mut state = self.state();
        while seq >= state.open.end {
            state = self.turn.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Item `seq` is done (with what it adds to what is learned, if anything): counts its
    /// block, and the blocks after that are done too, once every item of it is.
    pub(crate) fn done(&self, seq: u64, counted: Option<Counted>) {
        let mut state = self.state();
        let state = &mut *state;
        state.done.insert(seq, counted);
        if state.open.contains(&seq) {
            state.done_in_open += 1;
        }
        let mut advanced = false;
        while state.done_in_open == state.open.end - state.open.start {
            let open = state.open.clone();
            let block: Vec<Counted> = open
                .clone()
                .filter_map(|s| state.done.remove(&s).flatten())
                .collect();
            self.count(state, block);
            state.open = block_of(open.end);
            let next = state.open.clone();
            state.done_in_open = state.done.range(next).count() as u64;
            advanced = true;
        }
        if advanced {
            self.turn.notify_all();
        }
    }

    /// Counts what the last, unfinished block's items added, in order: the input ended.
    /// Every item read must be done. An error when the store could not be asked which
    /// records it held (they were counted).
    pub(crate) fn finish(&self) -> Result<()> {
        let mut state = self.state();
        let state = &mut *state;
        let rest: Vec<Counted> = std::mem::take(&mut state.done)
            .into_values()
            .flatten()
            .collect();
        self.count(state, rest);
        match state.failed.take() {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }
}

/// One item's turn in an [`InOrder`]: waits for it before enriching ([`Turn::wait`]), keeps
/// what the item adds, and marks the item done when dropped — also when it was rejected
/// before enrichment or its worker failed on it, so that its block is not waited on for
/// ever.
pub(crate) struct Turn<'a> {
    order: &'a InOrder,
    seq: u64,
    counted: std::cell::Cell<Option<Counted>>,
}

impl<'a> Turn<'a> {
    pub(crate) fn new(order: &'a InOrder, seq: u64) -> Turn<'a> {
        Turn {
            order,
            seq,
            counted: Default::default(),
        }
    }

    pub(crate) fn learned(&self) -> &Learned {
        self.order.learned()
    }

    /// Waits until the item may be enriched.
    pub(crate) fn wait(&self) {
        self.order.wait(self.seq);
    }

    /// Keeps what the item adds, to be counted in its turn unless a record of the same
    /// `identity` (as the store keys articles) was counted before.
    pub(crate) fn keep(&self, tally: Tally, identity: &str) {
        self.counted.set(Some(Counted {
            tally,
            identity: Some(identity.to_owned()),
        }));
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.order.done(self.seq, self.counted.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_grow_then_stay_and_segments_cut_at_their_ends() {
        assert_eq!(block_of(0), 0..16);
        assert_eq!(block_of(15), 0..16);
        assert_eq!(block_of(16), 16..32);
        assert_eq!(block_of(40), 32..64);
        assert_eq!(block_of(64), 64..96);
        assert_eq!(block_of(1000), 992..1024);
        // Every item is in its block, and blocks follow each other without a gap.
        let mut at = 0;
        while at < 5000 {
            let b = block_of(at);
            assert_eq!(b.start, at);
            assert!((b.start..b.end).all(|s| block_of(s) == b));
            at = b.end;
        }
        assert_eq!(segments(10, 30), vec![0..6, 6..22, 22..30]);
        assert_eq!(segments(90, 50), vec![0..6, 6..38, 38..50]);
        assert!(segments(5, 0).is_empty());
    }
}
