//! rasid's link stage: which story a new article belongs to.
//!
//! Pure: no IO. Three steps, of which the first two need no story state and run on any
//! number of threads:
//!
//! 1. [`prepare`] analyses an article: counted term hashes of its title, lead and body,
//!    and a MinHash signature of its body.
//! 2. [`Frequencies`] learns document frequencies from prepared articles and
//!    [`Frequencies::weigh`]s them into TF-IDF vectors ([`Weighted`]).
//! 3. The [`Linker`] holds the recent stories and links weighted articles, layers
//!    cheapest first:
//!    - **Near-duplicates**: banded LSH over the signatures ([`minhash`]); an article whose
//!      estimated Jaccard with a recent one reaches [`Config::near_duplicate`] joins that
//!      article's story.
//!    - **Story clustering** for rewritten coverage: candidate stories come from an
//!      inverted index of each story's most salient terms, restricted to stories active
//!      within [`Config::window`] of the article's own publication time (so that an archive
//!      clusters as it would have live); the article is scored by its mean similarity to the
//!      story's members (TF-IDF cosine of title+lead and of body, less a decay by time
//!      distance) and must also resemble the story's first article (no drift by chaining).
//!      Articles published close together are agglomerated before joining
//!      ([`Linker::link_batch`]).
//!
//! (Exact identity — same URL, GUID or body — is the store's job before linking.)

mod dates;
pub mod minhash;

use minhash::{Lsh, Signature};
use rasid_text::{Analyzer, LatinStemming, TermMemo, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};

/// Tuning of the link stage.
#[derive(Clone, Debug)]
pub struct Config {
    /// How far apart (seconds, publication time) articles of one story may be.
    pub window: i64,
    /// Similarity to join a story.
    pub join: f32,
    /// Similarity to the story's first article below which the article never joins.
    pub first_guard: f32,
    /// Estimated Jaccard at which two bodies are near-duplicates.
    pub near_duplicate: f32,
    /// Weight of title+lead similarity against body similarity.
    pub head_weight: f32,
    /// Similarity lost per day between the article and the story's first article (a new
    /// development on a later day is a new story).
    pub decay_per_day: f32,
    /// Score a story by the mean similarity to its members instead of its centroid.
    pub average_link: bool,
    /// Score a story larger than this by the mean of the article's `top_k` best
    /// similarities to its members (0: the mean over all members). A large story covers
    /// several sides of its event (the strike, the army's statement, the casualties); an
    /// article on one side is close to the members on that side, and the mean over all
    /// of them would keep it out. At most [`MAX_TOP_K`].
    pub top_k: usize,
    /// Similarity taken off a pair whose titles both name towns or provinces
    /// ([`Terms::with_places`]) and none in common: the same kind of news from two places
    /// (a drowning off Tabuk and one in the Eastern Province, one education office's
    /// interviews and another's) is two stories however alike the words.
    pub place_conflict: f32,
    /// Similarity to the centroid of a story of three members or more (its members'
    /// summed title+lead and body vectors) and to its first article, below both of which
    /// an article never joins it: with [`Config::top_k`], a large story would take
    /// whatever three of its members are close to — the day's other audiences of the
    /// same prince, the funeral the king's deputy attended after receiving his guests —
    /// while a report close to its first article is on the event that began it, however
    /// the story has grown since.
    pub centroid_guard: f32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            window: 3 * 86_400,
            join: 0.14,
            first_guard: 0.1,
            near_duplicate: 0.8,
            head_weight: 0.6,
            decay_per_day: 0.4,
            average_link: true,
            top_k: 3,
            place_conflict: PLACE_CONFLICT,
            centroid_guard: CENTROID_GUARD,
        }
    }
}

/// [`Config::centroid_guard`]'s default: below where any join of the labelled days sits
/// (they move from 0.32 on).
pub const CENTROID_GUARD: f32 = 0.25;

/// [`Config::place_conflict`]'s default.
pub const PLACE_CONFLICT: f32 = 0.2;

/// Whether two articles' titles name local places ([`Terms::with_places`], sorted) and
/// none in common.
pub fn places_conflict(a: &[u64], b: &[u64]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return false,
        }
    }
    true
}

/// What the link stage reads of an article.
#[derive(Clone, Debug, Default)]
pub struct ArticleIn<'a> {
    pub id: i64,
    /// Publication time (seconds since the epoch); the fetch time when unknown.
    pub time: i64,
    pub outlet: Option<&'a str>,
    pub title: &'a str,
    pub lead: &'a str,
    pub body: &'a str,
}

/// How an article was linked.
#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    /// It starts a story.
    New,
    /// Its body nearly equals article `of`'s (estimated Jaccard).
    NearDuplicate { of: i64, jaccard: f32 },
    /// It joins a story on similarity.
    Joined { score: f32 },
}

/// The story an article belongs to, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub story: i64,
    pub link: Link,
    /// The story's representative article after this one joined (its most central
    /// member: the highest mean similarity to the others).
    pub representative: i64,
}

/// How similar two articles are, by part (cosines of TF-IDF vectors; MinHash Jaccard).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Similarity {
    pub title: f32,
    /// Title and lead.
    pub head: f32,
    pub body: f32,
    pub jaccard: f32,
}

/// A sparse vector: (term hash, weight), sorted by term.
type Sparse = Vec<(u64, f32)>;

fn dot_sparse(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// `a × wa + b × wb` for vectors sorted by term (the result sorted too).
fn merge_sparse(a: &[(u64, f32)], wa: f32, b: &[(u64, f32)], wb: f32) -> Sparse {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    loop {
        let next = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                i += 1;
                j += 1;
                (x.0, x.1 * wa + y.1 * wb)
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                (x.0, x.1 * wa)
            }
            (Some(x), None) => {
                i += 1;
                (x.0, x.1 * wa)
            }
            (_, Some(y)) => {
                j += 1;
                (y.0, y.1 * wb)
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

/// The article being linked, its head and body weights in a small open-addressing table
/// (it stays in the first-level cache): a dot product with a stored vector is one probe
/// per stored entry.
#[derive(Default)]
struct Loaded {
    keys: Vec<u64>,
    head: Vec<f32>,
    body: Vec<f32>,
    mask: usize,
}

impl Loaded {
    fn load(&mut self, f: &Features) {
        let n = ((f.head.len() + f.body.len()) * 2)
            .next_power_of_two()
            .max(64);
        self.keys.clear();
        self.keys.resize(n, 0);
        self.head.clear();
        self.head.resize(n, 0.0);
        self.body.clear();
        self.body.resize(n, 0.0);
        self.mask = n - 1;
        for &(t, w) in &f.head {
            let i = self.slot(t);
            self.head[i] = w;
        }
        for &(t, w) in &f.body {
            let i = self.slot(t);
            self.body[i] = w;
        }
    }

    /// The slot of `term`, claimed if absent (0 marks an empty slot; term 0 is read as 1).
    fn slot(&mut self, term: u64) -> usize {
        let t = term.max(1);
        let mut i = t as usize & self.mask;
        loop {
            match self.keys[i] {
                0 => {
                    self.keys[i] = t;
                    return i;
                }
                k if k == t => return i,
                _ => i = (i + 1) & self.mask,
            }
        }
    }

    fn find(&self, term: u64) -> Option<usize> {
        let t = term.max(1);
        let mut i = t as usize & self.mask;
        loop {
            match self.keys[i] {
                0 => return None,
                k if k == t => return Some(i),
                _ => i = (i + 1) & self.mask,
            }
        }
    }

    /// hw × head cosine + (1 − hw) × body cosine with the loaded article.
    fn sim(&self, head: &[(u64, f32)], body: &[(u64, f32)], hw: f32) -> f32 {
        let dot = |dense: &[f32], v: &[(u64, f32)]| -> f32 {
            v.iter()
                .map(|&(t, w)| self.find(t).map_or(0.0, |i| dense[i] * w))
                .sum()
        };
        hw * dot(&self.head, head) + (1.0 - hw) * dot(&self.body, body)
    }
}

/// A running sum of unit vectors, with its squared norm: the dot product of a vector with
/// the sum is the sum of its dot products with the members (average link in one pass over
/// the vector), and over the norm its cosine with the centroid.
#[derive(Default)]
struct Centroid {
    sum: FxHashMap<u64, f32>,
    norm2: f32,
}

impl Centroid {
    fn dot(&self, v: &[(u64, f32)]) -> f32 {
        v.iter()
            .map(|(t, w)| self.sum.get(t).copied().unwrap_or(0.0) * w)
            .sum()
    }

    fn cos(&self, v: &[(u64, f32)]) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        self.dot(v) / self.norm2.sqrt()
    }

    fn add(&mut self, v: &[(u64, f32)]) {
        let d = self.dot(v);
        let v2: f32 = v.iter().map(|(_, w)| w * w).sum();
        self.norm2 += 2.0 * d + v2;
        for &(t, w) in v {
            *self.sum.entry(t).or_default() += w;
        }
    }
}

/// An article's weighted features.
#[derive(Clone, Debug)]
struct Features {
    title: Sparse,
    head: Sparse,
    body: Sparse,
    /// The most salient terms (for candidate retrieval).
    keys: Vec<u64>,
    signature: Option<Signature>,
    /// The local places of the title ([`Terms::with_places`]).
    places: Vec<u64>,
}

/// An article weighed by [`Frequencies::weigh`]: what [`Linker`] links.
#[derive(Clone, Debug)]
pub struct Weighted {
    pub id: i64,
    pub time: i64,
    features: Features,
}

struct Member {
    time: i64,
    id: i64,
    head: Sparse,
    body: Sparse,
    places: Vec<u64>,
}

/// A story still open to new members.
struct Story {
    first_time: i64,
    last_time: i64,
    members: Vec<Member>,
    /// The members' summed head and body vectors, kept once the story has
    /// [`SUMS_FROM`] members (below that, scoring each member is cheaper).
    sums: Option<(Centroid, Centroid)>,
    /// The member most similar to the others (its title represents the story); `None`
    /// when members joined since it was chosen.
    representative: Option<i64>,
    keys: FxHashSet<u64>,
    /// The members' publication times summed.
    time_sum: i64,
}

/// The largest [`Config::top_k`] honoured (a larger one reads as this).
pub const MAX_TOP_K: usize = 8;

/// Members from which a story keeps summed vectors.
const SUMS_FROM: usize = 3;
/// Stories up to this size choose their representative again at every join; larger ones
/// when their size reaches a power of two.
const REPRESENTATIVE_EVERY_JOIN: usize = 64;

impl Story {
    /// The article's mean similarity to the members, less the decay by time distance.
    fn average_link(
        &self,
        loaded: &Loaded,
        f: &Features,
        time: i64,
        (hw, decay, place_conflict): (f32, f32, f32),
    ) -> f32 {
        let n = self.members.len().max(1) as f32;
        // Σ|time − member's time| in one step when no member is newer (linking follows
        // publication time, so nearly always).
        let days: f32 = if time >= self.last_time {
            (self.members.len() as i64 * time - self.time_sum) as f32 / 86_400.0
        } else {
            self.members
                .iter()
                .map(|m| (time - m.time).abs() as f32 / 86_400.0)
                .sum()
        };
        let sim = match &self.sums {
            Some((head, body)) => hw * head.dot(&f.head) + (1.0 - hw) * body.dot(&f.body),
            None => self
                .members
                .iter()
                .map(|m| loaded.sim(&m.head, &m.body, hw))
                .sum::<f32>(),
        };
        let conflicts = self
            .members
            .iter()
            .filter(|m| places_conflict(&m.places, &f.places))
            .count();
        (sim - decay * days - place_conflict * conflicts as f32) / n
    }

    fn add(&mut self, m: Member, keep_sums: bool) {
        self.first_time = self.first_time.min(m.time);
        self.last_time = self.last_time.max(m.time);
        self.time_sum += m.time;
        // Choosing the representative reads every member: a large story chooses again
        // when it has doubled since (amortized constant work per member; its centre
        // moves little by then).
        let n = self.members.len() + 1;
        if n <= REPRESENTATIVE_EVERY_JOIN || n.is_power_of_two() {
            self.representative = None;
        }
        match &mut self.sums {
            Some((head, body)) => {
                head.add(&m.head);
                body.add(&m.body);
            }
            None if keep_sums || self.members.len() + 1 >= SUMS_FROM => {
                let (mut head, mut body) = (Centroid::default(), Centroid::default());
                for x in self.members.iter().chain(std::iter::once(&m)) {
                    head.add(&x.head);
                    body.add(&x.body);
                }
                self.sums = Some((head, body));
            }
            None => {}
        }
        self.members.push(m);
    }

    /// The most central member: the highest summed similarity to the others (the
    /// earliest on ties; with two members, the earlier).
    fn most_central(&mut self, hw: f32) -> i64 {
        if let Some(r) = self.representative {
            return r;
        }
        let earliest = |ms: &[Member]| ms.iter().map(|m| (m.time, m.id)).min().map_or(0, |m| m.1);
        let r = match &self.sums {
            Some((head, body)) if self.members.len() > 2 => {
                let self_sim = |v: &Sparse| v.iter().map(|(_, w)| w * w).sum::<f32>();
                let mut best: Option<(f32, i64, i64)> = None;
                for m in &self.members {
                    let c = hw * (head.dot(&m.head) - self_sim(&m.head))
                        + (1.0 - hw) * (body.dot(&m.body) - self_sim(&m.body));
                    if best
                        .is_none_or(|(bc, bt, bi)| c > bc || (c == bc && (m.time, m.id) < (bt, bi)))
                    {
                        best = Some((c, m.time, m.id));
                    }
                }
                best.map_or(0, |b| b.2)
            }
            _ => earliest(&self.members),
        };
        self.representative = Some(r);
        r
    }
}

/// Average-link agglomeration of one batch: clusters `0..n` start as the batch's
/// articles, open stories are added as fixed clusters (two stories never merge); each
/// pair's summed similarity lives in both clusters' adjacency maps, and a max-heap of
/// pair averages, stamped with the clusters' versions, finds the best merge without
/// rescanning every pair.
struct Clusters {
    members: Vec<Vec<usize>>,
    /// Members an open story had before the batch.
    old_size: Vec<f32>,
    story: Vec<Option<i64>>,
    alive: Vec<bool>,
    /// The average at which each cluster last merged (its members' join score).
    merged_at: Vec<f32>,
    version: Vec<u32>,
    adjacent: Vec<FxHashMap<usize, f32>>,
    /// Similarity of two batch articles (lower index first), as scored.
    pairs: FxHashMap<(usize, usize), f32>,
    /// A lone article scores against a cluster of more than this many batch articles by
    /// the mean of its this many best similarities to them, as a story scores an article
    /// (0: average link throughout).
    top_k: usize,
}

/// An article of a batch scored: (story, score) for the open stories it could join and
/// (earlier article, similarity) within the batch.
struct Scored {
    stories: Vec<(i64, f32)>,
    earlier: Vec<(usize, f32)>,
}

/// A candidate merge: average, then the lower pair first on ties; versions at push time.
type Candidate = (f32, std::cmp::Reverse<(usize, usize)>, u32, u32);

impl Clusters {
    fn new(n: usize, top_k: usize) -> Clusters {
        Clusters {
            members: (0..n).map(|i| vec![i]).collect(),
            old_size: vec![0.0; n],
            story: vec![None; n],
            alive: vec![true; n],
            merged_at: vec![0.0; n],
            version: vec![0; n],
            adjacent: vec![FxHashMap::default(); n],
            pairs: FxHashMap::default(),
            top_k,
        }
    }

    /// Records the similarity of batch articles `i` and `j` (and links them).
    fn link_articles(&mut self, i: usize, j: usize, sim: f32) {
        self.pairs.insert((i.min(j), i.max(j)), sim);
        self.link(i, j, sim);
    }

    /// A lone article's score against a cluster of more than `top_k` batch articles: the
    /// mean of its `top_k` best similarities to the members (unscored pairs count as 0) —
    /// a cluster grown in the batch covers several sides of its event, as a story does,
    /// and average link would ask a late report to be close to all of them.
    fn lone_score(&self, lone: usize, cluster: usize) -> Option<f32> {
        let k = self.top_k;
        if k == 0
            || self.members[lone].len() != 1
            || self.story[lone].is_some()
            || self.story[cluster].is_some()
            || self.members[cluster].len() <= k
        {
            return None;
        }
        let i = self.members[lone][0];
        let mut best: Vec<f32> = self.members[cluster]
            .iter()
            .map(|&m| {
                self.pairs
                    .get(&(i.min(m), i.max(m)))
                    .copied()
                    .unwrap_or(0.0)
            })
            .collect();
        best.sort_unstable_by(|a, b| b.total_cmp(a));
        Some(best.iter().take(k).sum::<f32>() / k as f32)
    }

    fn push_story(&mut self, story: i64, size: f32) -> usize {
        self.members.push(Vec::new());
        self.old_size.push(size);
        self.story.push(Some(story));
        self.alive.push(true);
        self.merged_at.push(0.0);
        self.version.push(0);
        self.adjacent.push(FxHashMap::default());
        self.members.len() - 1
    }

    fn size(&self, c: usize) -> f32 {
        self.members[c].len() as f32 + self.old_size[c]
    }

    /// Adds `sum` to the summed similarity of clusters `x` and `y`.
    fn link(&mut self, x: usize, y: usize, sum: f32) {
        *self.adjacent[x].entry(y).or_default() += sum;
        *self.adjacent[y].entry(x).or_default() += sum;
    }

    fn candidate(&self, x: usize, y: usize, sum: f32, join: f32) -> Option<OrdCandidate> {
        if self.story[x].is_some() && self.story[y].is_some() {
            return None;
        }
        let avg = self
            .lone_score(x, y)
            .or_else(|| self.lone_score(y, x))
            .unwrap_or(sum / (self.size(x) * self.size(y)));
        let (lo, hi) = if x < y { (x, y) } else { (y, x) };
        (avg >= join).then_some(OrdCandidate((
            avg,
            std::cmp::Reverse((lo, hi)),
            self.version[lo],
            self.version[hi],
        )))
    }

    /// Merges the best pair while its average reaches `join`.
    fn agglomerate(&mut self, join: f32) {
        let mut heap = std::collections::BinaryHeap::new();
        for x in 0..self.members.len() {
            for (&y, &sum) in &self.adjacent[x] {
                if x < y {
                    heap.extend(self.candidate(x, y, sum, join));
                }
            }
        }
        while let Some(OrdCandidate((avg, std::cmp::Reverse((x, y)), vx, vy))) = heap.pop() {
            if !self.alive[x] || !self.alive[y] || self.version[x] != vx || self.version[y] != vy {
                continue;
            }
            // The survivor is the story, if either is one.
            let (keep, gone) = if self.story[y].is_some() {
                (y, x)
            } else {
                (x, y)
            };
            let moved = std::mem::take(&mut self.members[gone]);
            self.members[keep].extend(moved);
            self.alive[gone] = false;
            self.merged_at[keep] = avg;
            self.version[keep] += 1;
            for (other, sum) in std::mem::take(&mut self.adjacent[gone]) {
                self.adjacent[other].remove(&gone);
                if other != keep {
                    self.link(keep, other, sum);
                }
            }
            let pairs: Vec<(usize, f32)> =
                self.adjacent[keep].iter().map(|(&o, &s)| (o, s)).collect();
            for (other, sum) in pairs {
                heap.extend(self.candidate(keep, other, sum, join));
            }
        }
    }
}

/// [`Candidate`] ordered by its average (a total order on floats), then the pair.
#[derive(PartialEq)]
struct OrdCandidate(Candidate);

impl Eq for OrdCandidate {}

impl PartialOrd for OrdCandidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdCandidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
             .0
            .total_cmp(&other.0 .0)
            .then_with(|| self.0 .1.cmp(&other.0 .1))
    }
}

/// A recent article in the near-duplicate index.
struct Recent {
    id: i64,
    story: i64,
    time: i64,
    signature: Signature,
}

/// Posting entries scanned for an article's candidates at most: the rarest of its
/// salient terms first (the stories sharing them are the likely ones), newest entries
/// first within a term; a term shared with many stories tells little about which one.
/// 256 while expiry failed to run and every list held the whole archive's stories: with
/// the window's only, 256 left out some that compete (held out pairwise F1 0.652 →
/// 0.647), 512 reads the same as before (dev and held out).
const SCAN: usize = 512;

/// The posting lists of `keys`, shortest first, cut to [`SCAN`] entries in all (the
/// newest of each list kept).
fn rarest_first<'p, T>(keys: &[u64], list: impl Fn(&u64) -> Option<&'p [T]>) -> Vec<&'p [T]> {
    let mut lists: Vec<&[T]> = keys.iter().filter_map(list).collect();
    lists.sort_unstable_by_key(|l| l.len());
    let mut budget = SCAN;
    for l in &mut lists {
        let take = l.len().min(budget);
        *l = &l[l.len() - take..];
        budget -= take;
    }
    lists
}
/// Content words of the body that count for similarity.
const BODY_TERMS: usize = 200;
/// Content words of the lead that count for similarity.
const LEAD_TERMS: usize = 80;
/// Articles linked together at most (see [`Linker::link_all`]).
pub const BATCH_SIZE: usize = 500;
/// The longest span of publication time linked together (seconds).
pub const BATCH_SPAN: i64 = 24 * 3600;

/// What [`settle`] did: the articles that changed story (article id, decision), where the
/// open run begins now, and the linker it settled with (holding the window).
pub struct Settled {
    pub moves: Vec<(i64, Decision)>,
    pub open: Option<i64>,
    pub linker: Linker,
}

/// Settles the open run: `weighted` are the linked articles published from two windows
/// before `from` on, each with its story in `stories`; those before `from` are restored
/// into a new linker (new stories numbered from `next_story`), those from `from` on are
/// linked again together with [`Linker::link_all_keeping`]. The pipeline settles a store
/// with it after each crawl round; the evaluation simulates a crawl with it.
pub fn settle(linker: Linker, weighted: Vec<Weighted>, stories: &[i64], from: i64) -> Settled {
    let mut linker = linker;
    let mut recent = Vec::new();
    let mut prior = FxHashMap::default();
    for (w, &story) in weighted.into_iter().zip(stories) {
        if w.time < from {
            linker.restore(w, story);
        } else {
            prior.insert(w.id, story);
            recent.push(w);
        }
    }
    let mut times: Vec<i64> = recent.iter().map(|w| w.time).collect();
    times.sort_unstable();
    let moves = linker
        .link_all_keeping(recent, &prior)
        .into_iter()
        .filter(|(article, d)| prior.get(article) != Some(&d.story))
        .collect();
    Settled {
        moves,
        open: last_run_start(&times),
        linker,
    }
}

/// Where the last of the runs [`Linker::link_all`] cuts sorted publication `times` into
/// begins (`None` without times): a settling link stage keeps that run open.
fn last_run_start(times: &[i64]) -> Option<i64> {
    let mut run = 0;
    for i in 0..times.len() {
        if times[i] - times[run] > BATCH_SPAN || i - run >= BATCH_SIZE {
            run = i;
        }
    }
    times.get(run).copied()
}
/// Stories (and earlier articles of a batch) scored per article at most: those sharing
/// the most salient terms.
const CANDIDATES: usize = 12;
/// Words of the body that make its near-duplicate signature.
const SIGNATURE_WORDS: usize = 600;
/// Whether title and lead also count pairs of adjacent words.
const BIGRAMS: bool = true;
/// Salient terms per article used to find candidate stories.
const KEYS: usize = 30;
/// Bits of a term hash that pick its document-frequency slot.
const DF_BITS: u32 = 22;

/// What linking reads of an article's text, as term hashes: the stems of its title's and
/// lead's content words (in order), of the body's first content words, and the body's
/// near-duplicate signature. Compact (about 2 KB) so that a stage that analysed the text
/// anyway can hand it over (see [`Terms::analysed`]) instead of the link stage reading and
/// analysing the text again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Terms {
    title: Vec<u64>,
    lead: Vec<u64>,
    body: Vec<u64>,
    signature: Option<Signature>,
    places: Vec<u64>,
}

/// How a term is hashed for linking (the analyzer's stem or normalized form).
pub fn term_hash(s: &str) -> u64 {
    minhash::hash_str(s)
}

impl Terms {
    /// The terms of a text another stage analysed with rasid's analyzer (no Latin
    /// stemming): `title_stems` and `body_stems` are the [`term_hash`]es of the stems of
    /// the content words (not stopwords; words, numbers and hashtags of two letters or
    /// more) in order, `body_norms` those of the body's tokens' normalized forms (URLs
    /// left out); the lead is analysed here unless its stems are given. Equal to [`prepare`]'s when the sequences
    /// are at least as long as it reads ([`Terms::BODY_WORDS`], [`Terms::SIGNATURE_TOKENS`])
    /// or the whole body.
    pub fn analysed(
        title_stems: impl IntoIterator<Item = u64>,
        lead: Lead<'_, impl IntoIterator<Item = u64>>,
        body_stems: impl IntoIterator<Item = u64>,
        body_norms: impl IntoIterator<Item = u64>,
    ) -> Terms {
        let norms: Vec<u64> = body_norms.into_iter().take(SIGNATURE_WORDS).collect();
        Terms::without_dates(
            title_stems.into_iter().collect(),
            match lead {
                Lead::Text(text) => stems(text, LEAD_TERMS),
                Lead::Stems(s) => s.into_iter().take(LEAD_TERMS).collect(),
            },
            body_stems.into_iter().take(BODY_TERMS).collect(),
            Signature::of(&norms),
        )
    }

    /// Terms of the stems read, dates taken out ([`dates::drop_dates`]).
    fn without_dates(
        mut title: Vec<u64>,
        mut lead: Vec<u64>,
        mut body: Vec<u64>,
        signature: Option<Signature>,
    ) -> Terms {
        for stems in [&mut title, &mut lead, &mut body] {
            dates::drop_dates(stems);
        }
        Terms {
            title,
            lead,
            body,
            signature,
            places: Vec::new(),
        }
    }

    /// The terms with the towns and provinces the title names, each a [`term_hash`] of its
    /// name (with the provinces it lies in: a title naming none of the other's is about
    /// another place; see [`Config::place_conflict`]). The caller finds them (linking
    /// knows no gazetteer).
    pub fn with_places(mut self, places: impl IntoIterator<Item = u64>) -> Terms {
        self.places = places.into_iter().collect();
        self.places.sort_unstable();
        self.places.dedup();
        self
    }

    /// The title's local places given to [`Terms::with_places`].
    pub fn places(&self) -> &[u64] {
        &self.places
    }

    /// Content words of the body that linking reads.
    pub const BODY_WORDS: usize = BODY_TERMS;
    /// Bytes of the lead that linking reads at most (cut before a word, as
    /// [`rasid_text::prefix`] cuts).
    pub const LEAD_BYTES: usize = LEAD_TERMS * 40;
    /// Tokens of the body (URLs left out) that make the near-duplicate signature.
    pub const SIGNATURE_TOKENS: usize = SIGNATURE_WORDS;

    /// The title's, lead's and body's stems and the signature, for a caller that keeps
    /// many (see [`Terms::from_parts`]).
    pub fn parts(&self) -> (&[u64], &[u64], &[u64], Option<&Signature>) {
        (&self.title, &self.lead, &self.body, self.signature.as_ref())
    }

    /// Terms from their [`Terms::parts`].
    pub fn from_parts(
        title: Vec<u64>,
        lead: Vec<u64>,
        body: Vec<u64>,
        signature: Option<Signature>,
    ) -> Terms {
        Terms {
            title,
            lead,
            body,
            signature,
            places: Vec::new(),
        }
    }
}

/// The lead given to [`Terms::analysed`]: its text, or the stems of its content words
/// (as for the title) when the caller has them, for instance because the lead opens the
/// body it analysed (the words of its first [`Terms::LEAD_BYTES`] bytes).
pub enum Lead<'a, S> {
    Text(&'a str),
    Stems(S),
}

/// An article analysed for linking: its id and time with its [`Terms`], computed without
/// any state.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub id: i64,
    pub time: i64,
    terms: Terms,
}

impl Prepared {
    pub fn new(id: i64, time: i64, terms: Terms) -> Prepared {
        Prepared { id, time, terms }
    }

    pub fn terms(&self) -> &Terms {
        &self.terms
    }

    /// The article with its title's local places ([`Terms::with_places`]).
    pub fn with_places(mut self, places: impl IntoIterator<Item = u64>) -> Prepared {
        self.terms = self.terms.with_places(places);
        self
    }
}

/// A prepared article's counted terms, sorted by term: title and lead with their pairs of
/// adjacent terms.
struct Counted {
    title: Sparse,
    lead: Sparse,
    body: Sparse,
}

impl Terms {
    fn counted(&self) -> Counted {
        Counted {
            title: count(&self.title, BIGRAMS),
            lead: count(&self.lead, BIGRAMS),
            body: count(&self.body, false),
        }
    }
}

/// The analyzer the link stage reads with: no Latin stemming (a story is found across
/// languages by its names and numbers, not by English morphology).
static ANALYZER: std::sync::LazyLock<Analyzer> =
    std::sync::LazyLock::new(|| Analyzer::new(LatinStemming::None));

/// What the link stage keeps of a written form: the hashes of its normalized form and of
/// its stem, and whether it counts for similarity (a content word, number or hashtag of
/// two letters or more).
#[derive(Clone, Copy)]
struct Derived {
    norm: u64,
    stem: u64,
    counts: bool,
}

fn derive(t: &rasid_text::Term<'_, '_>) -> Derived {
    Derived {
        norm: minhash::hash_str(t.norm),
        stem: minhash::hash_str(t.stem),
        counts: !t.stop
            && matches!(
                t.token.kind,
                TokenKind::Word | TokenKind::Number | TokenKind::Hashtag
            )
            && t.stem.chars().nth(1).is_some(),
    }
}

thread_local! {
    /// [`Derived`] of the forms seen lately (see [`rasid_text::TermMemo`]).
    static MEMO: std::cell::RefCell<TermMemo<Derived>> =
        std::cell::RefCell::new(TermMemo::default());
}

/// Calls `f(kind, norm, stem)` for the tokens of `text` with the hashes of their
/// normalized form and, for the first `limit` terms that count for similarity, of their
/// stem (`None` for everything else). Stops when `f` returns false.
fn scan(text: &str, limit: usize, mut f: impl FnMut(TokenKind, u64, Option<u64>) -> bool) {
    let mut taken = 0;
    MEMO.with_borrow_mut(|memo| {
        ANALYZER.for_each_value_while(text, memo, derive, |token, d| {
            let stem = (taken < limit && d.counts).then(|| {
                taken += 1;
                d.stem
            });
            f(token.kind, d.norm, stem)
        })
    });
}

/// Counted terms, with the pairs of adjacent terms when `bigrams`, sorted by term; each
/// term is its 64-bit hash (no strings to carry or compare; collisions among a few
/// million terms are negligible).
fn count(stems: &[u64], bigrams: bool) -> Vec<(u64, f32)> {
    let mut all: Vec<u64> = Vec::with_capacity(stems.len() * 2);
    all.extend_from_slice(stems);
    if bigrams {
        all.extend(stems.windows(2).map(|w| minhash::pair(w[0], w[1])));
    }
    all.sort_unstable();
    let mut out: Vec<(u64, f32)> = Vec::with_capacity(all.len());
    for t in all {
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 += 1.0,
            _ => out.push((t, 1.0)),
        }
    }
    out
}

/// The stems of the first `limit` content words of a short text (title, lead).
fn stems(text: &str, limit: usize) -> Vec<u64> {
    let text = rasid_text::prefix(text, limit.saturating_mul(40));
    let mut stems = Vec::new();
    scan(text, limit, |_, _, stem| {
        stems.extend(stem);
        true
    });
    stems
}

/// Analyses an article for linking (pure; any thread). The body is read once: its first
/// words, normalized (stopwords included, no stemming: copies share surface forms), make
/// the near-duplicate signature, and its first content words, stemmed, its terms.
pub fn prepare(a: &ArticleIn<'_>) -> Prepared {
    let mut tokens: Vec<u64> = Vec::with_capacity(SIGNATURE_WORDS);
    let mut body: Vec<u64> = Vec::with_capacity(BODY_TERMS);
    scan(
        rasid_text::prefix(a.body, SIGNATURE_WORDS * 40),
        BODY_TERMS,
        |kind, norm, stem| {
            if tokens.len() < SIGNATURE_WORDS && kind != TokenKind::Url {
                tokens.push(norm);
            }
            body.extend(stem);
            tokens.len() < SIGNATURE_WORDS || body.len() < BODY_TERMS
        },
    );
    Prepared {
        id: a.id,
        time: a.time,
        terms: Terms::without_dates(
            stems(a.title, usize::MAX),
            stems(a.lead, LEAD_TERMS),
            body,
            Signature::of(&tokens),
        ),
    }
}

/// Document frequencies: how many articles each term appeared in, kept in a table of
/// 2^22 slots addressed by the term's hash (16 MB, one memory access per term; a rare
/// term sharing a common one's slot only loses some weight).
pub struct Frequencies {
    df: Vec<u32>,
    docs: u32,
}

impl Default for Frequencies {
    fn default() -> Self {
        Frequencies {
            df: vec![0; 1 << DF_BITS],
            docs: 0,
        }
    }
}

impl Frequencies {
    fn slot(term: u64) -> usize {
        (term >> (64 - DF_BITS)) as usize
    }

    fn idf(&self, term: u64) -> f32 {
        let df = self.df[Self::slot(term)] as f32;
        ((self.docs as f32 + 1.0) / (df + 1.0)).ln() + 1.0
    }

    /// Counts a prepared article's terms (each once, wherever it appears).
    pub fn add(&mut self, p: &Prepared) {
        self.add_counted(&p.terms.counted());
    }

    fn add_counted(&mut self, c: &Counted) {
        self.docs += 1;
        let mut all: Vec<u64> = Vec::with_capacity(c.title.len() + c.lead.len() + c.body.len());
        for v in [&c.title, &c.lead, &c.body] {
            all.extend(v.iter().map(|x| x.0));
        }
        all.sort_unstable();
        all.dedup();
        for t in all {
            let slot = &mut self.df[Self::slot(t)];
            *slot = slot.saturating_add(1);
        }
    }

    /// Counts to a unit TF-IDF vector.
    fn weigh_counts(&self, counts: &[(u64, f32)]) -> Sparse {
        // The frequencies are a 16 MB table read at random: touching every slot first lets
        // their loads overlap (see `rasid_enrich::sections`' scoring).
        let touched = counts
            .iter()
            .fold(0u32, |acc, &(t, _)| acc ^ self.df[Self::slot(t)]);
        std::hint::black_box(touched);
        let mut v: Sparse = counts
            .iter()
            .map(|&(t, tf)| (t, (1.0 + tf.ln()) * self.idf(t)))
            .collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for x in &mut v {
                x.1 /= norm;
            }
        }
        v
    }

    /// The article's TF-IDF vectors under the frequencies learned so far (read only: any
    /// number of threads may weigh at once).
    pub fn weigh(&self, p: &Prepared) -> Weighted {
        self.weigh_counted(p, &p.terms.counted())
    }

    fn weigh_counted(&self, p: &Prepared, c: &Counted) -> Weighted {
        // The title counts twice: it names the event.
        let head = merge_sparse(&c.title, 2.0, &c.lead, 1.0);
        let head_v = self.weigh_counts(&head);
        let title_v = self.weigh_counts(&c.title);
        let body_v = self.weigh_counts(&c.body);
        // Salient terms: the heaviest of head and body together.
        let mut keys = merge_sparse(&head_v, 1.0, &body_v, 1.0);
        keys.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        keys.truncate(KEYS);
        Weighted {
            id: p.id,
            time: p.time,
            features: Features {
                title: title_v,
                head: head_v,
                body: body_v,
                keys: keys.into_iter().map(|k| k.0).collect(),
                signature: p.terms.signature.clone(),
                places: p.terms.places.clone(),
            },
        }
    }

    /// One page of articles as the link stage takes them: counted (so that the page's
    /// own articles weigh each other's terms), then weighed on `threads` threads.
    pub fn add_and_weigh(&mut self, page: &[Prepared], threads: usize) -> Vec<Weighted> {
        let counted = rasid_text::par_map(page, threads, |p| p.terms.counted());
        for c in &counted {
            self.add_counted(c);
        }
        let pairs: Vec<(&Prepared, &Counted)> = page.iter().zip(&counted).collect();
        rasid_text::par_map(&pairs, threads, |(p, c)| self.weigh_counted(p, c))
    }

    /// [`Frequencies::weigh`] over `threads` threads, order kept.
    pub fn weigh_all<P: std::borrow::Borrow<Prepared> + Sync>(
        &self,
        prepared: &[P],
        threads: usize,
    ) -> Vec<Weighted> {
        rasid_text::par_map(prepared, threads, |p| self.weigh(p.borrow()))
    }

    /// Similarities of two articles under these frequencies (diagnostics and evaluation;
    /// nothing is learned from them).
    pub fn similarity(&self, a: &ArticleIn<'_>, b: &ArticleIn<'_>) -> Similarity {
        let (fa, fb) = (
            self.weigh(&prepare(a)).features,
            self.weigh(&prepare(b)).features,
        );
        Similarity {
            title: dot_sparse(&fa.title, &fb.title),
            head: dot_sparse(&fa.head, &fb.head),
            body: dot_sparse(&fa.body, &fb.body),
            jaccard: match (&fa.signature, &fb.signature) {
                (Some(x), Some(y)) => x.jaccard(y),
                _ => 0.0,
            },
        }
    }

    /// As text, for the store to keep between runs: a first line `docs N`, then
    /// `df<TAB>slot` lines (hexadecimal slot) for the slots counted twice or more.
    pub fn export(&self) -> String {
        use std::fmt::Write;
        let mut out = format!("docs {} slots {}\n", self.docs, DF_BITS);
        for (slot, &df) in self.df.iter().enumerate() {
            if df >= 2 {
                let _ = writeln!(out, "{df}\t{slot:x}");
            }
        }
        out
    }

    /// Frequencies written by [`Frequencies::export`]; `None` when the text is not such
    /// (another table size, or damaged), and the caller starts afresh.
    pub fn import(text: &str) -> Option<Frequencies> {
        let mut lines = text.lines();
        let header = lines.next()?;
        let mut words = header.split_whitespace();
        let (Some("docs"), Some(docs), Some("slots"), Some(bits)) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            return None;
        };
        if bits.parse::<u32>().ok()? != DF_BITS {
            return None;
        }
        let mut f = Frequencies {
            docs: docs.parse().ok()?,
            ..Frequencies::default()
        };
        for line in lines {
            let (df, slot) = line.split_once('\t')?;
            let slot = usize::from_str_radix(slot, 16).ok()?;
            *f.df.get_mut(slot)? = df.parse().ok()?;
        }
        Some(f)
    }

    /// Articles counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }
}

/// The link stage's story state.
pub struct Linker {
    config: Config,
    stories: FxHashMap<i64, Story>,
    /// Salient term → (story, the story's first time when the term joined it).
    postings: FxHashMap<u64, Vec<(i64, i64)>>,
    next_story: i64,
    /// The near-duplicate index's articles by slot (`recent_base` is the slot of the
    /// first), in linking order; expiry drops them from the front.
    recent: std::collections::VecDeque<Recent>,
    recent_base: u32,
    lsh: Lsh,
    /// The latest publication time seen (drives expiry).
    now: i64,
    loaded: Loaded,
    /// Articles linked since the last expiry, and the live state's size it left (its
    /// near-duplicate entries or its stories, the more).
    since_expiry: u32,
    live_at_expiry: usize,
    threads: usize,
}

impl Linker {
    /// A linker whose new stories are numbered from `next_story`.
    pub fn new(config: Config, next_story: i64) -> Linker {
        Linker {
            config,
            stories: FxHashMap::default(),
            postings: FxHashMap::default(),
            next_story,
            recent: std::collections::VecDeque::new(),
            recent_base: 0,
            lsh: Lsh::default(),
            now: i64::MIN,
            loaded: Loaded::default(),
            since_expiry: 0,
            live_at_expiry: 0,
            threads: 1,
        }
    }

    /// The settings it links with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The id the next new story will get.
    pub fn next_story(&self) -> i64 {
        self.next_story
    }

    /// Scores the articles of a batch on `threads` threads (the decisions do not depend
    /// on the count).
    pub fn with_threads(mut self, threads: usize) -> Linker {
        self.threads = threads.max(1);
        self
    }

    /// Links one article, learning its frequencies first.
    pub fn link(&mut self, freq: &mut Frequencies, a: &ArticleIn<'_>) -> Decision {
        let p = prepare(a);
        freq.add(&p);
        self.link_one(freq.weigh(&p))
    }

    /// Links one weighted article, greedily: the best story above the threshold, else a
    /// new one.
    pub fn link_one(&mut self, a: Weighted) -> Decision {
        let f = &a.features;
        self.advance(a.time, 1);
        let mut decision = self.near_duplicate(a.time, f);
        if decision.is_none() {
            let mut loaded = std::mem::take(&mut self.loaded);
            let scores = self.story_scores(&mut loaded, a.time, f);
            self.loaded = loaded;
            let best = scores
                .into_iter()
                .filter(|&(_, score)| score >= self.config.join)
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
            if let Some((id, score)) = best {
                decision = Some(Decision {
                    story: id,
                    link: Link::Joined { score },
                    representative: 0,
                });
            }
        }
        let mut decision = decision.unwrap_or_else(|| {
            let id = self.next_story;
            self.next_story += 1;
            Decision {
                story: id,
                link: Link::New,
                representative: a.id,
            }
        });
        self.add(a, decision.story);
        decision.representative = self.representative(decision.story);
        decision
    }

    /// Moves the clock to `time` and expires old state now and then.
    fn advance(&mut self, time: i64, articles: u32) {
        self.now = self.now.max(time);
        self.since_expiry += articles;
        // Each expiry walks the live state: run it once per as many articles as it left
        // (amortized constant work per article). Not the live state's size now: it grows
        // with every article linked, as fast as the count, which would never reach it.
        if self.since_expiry as usize >= self.live_at_expiry.max(1000) {
            self.expire();
        }
    }

    /// The recent article this one nearly duplicates, if any: its story.
    fn near_duplicate(&self, time: i64, f: &Features) -> Option<Decision> {
        let window = self.config.window;
        let sig = f.signature.as_ref()?;
        let mut best: Option<(f32, &Recent)> = None;
        for slot in self.lsh.candidates(sig) {
            let Some(r) = slot
                .checked_sub(self.recent_base)
                .and_then(|i| self.recent.get(i as usize))
            else {
                continue;
            };
            // A story spans at most one window: no chain of copies across months.
            let open = self
                .stories
                .get(&r.story)
                .is_some_and(|s| time <= s.first_time + window && time >= s.last_time - window);
            if (r.time - time).abs() > window || !open {
                continue;
            }
            let j = sig.jaccard(&r.signature);
            if j >= self.config.near_duplicate && best.is_none_or(|(b, _)| j > b) {
                best = Some((j, r));
            }
        }
        best.map(|(j, r)| Decision {
            story: r.story,
            link: Link::NearDuplicate {
                of: r.id,
                jaccard: j,
            },
            representative: 0,
        })
    }

    /// The open stories the article could join, with its score for each (mean similarity
    /// to the members, less the decay; those failing the first-member guard left out).
    fn story_scores(&self, loaded: &mut Loaded, time: i64, f: &Features) -> Vec<(i64, f32)> {
        let window = self.config.window;
        // Candidates: the open stories sharing the most salient terms with the article
        // (bounded work however common a term is).
        let mut shared: FxHashMap<i64, u32> = FxHashMap::default();
        for list in rarest_first(&f.keys, |k| self.postings.get(k).map(Vec::as_slice)) {
            for &(id, first) in list {
                // Only stories that can still take the article compete for the slots.
                if time <= first + window && time >= first - window {
                    *shared.entry(id).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<(u32, i64)> = shared.into_iter().map(|(id, n)| (n, id)).collect();
        if candidates.len() > CANDIDATES {
            candidates.select_nth_unstable_by(CANDIDATES, |a, b| b.cmp(a));
            candidates.truncate(CANDIDATES);
        }
        let hw = self.config.head_weight;
        let decay = self.config.decay_per_day;
        let conflict = |places: &[u64]| {
            if places_conflict(places, &f.places) {
                self.config.place_conflict
            } else {
                0.0
            }
        };
        loaded.load(f);
        let loaded = &*loaded;
        let mut out = Vec::with_capacity(candidates.len());
        for (_, id) in candidates {
            let Some(s) = self.stories.get(&id) else {
                continue;
            };
            if time > s.first_time + window || time < s.last_time - window {
                continue;
            }
            let Some(first) = s.members.first() else {
                continue;
            };
            let first_sim = loaded.sim(&first.head, &first.body, hw);
            if first_sim < self.config.first_guard {
                continue;
            }
            // Nor one that resembles neither the story's first article nor the whole of it
            // (a story keeps its sums from three members: below that, the first article
            // is most of it).
            if let Some((head, body)) = &s.sums {
                if first_sim < self.config.centroid_guard
                    && hw * head.cos(&f.head) + (1.0 - hw) * body.cos(&f.body)
                        < self.config.centroid_guard
                {
                    continue;
                }
            }
            let k = self.config.top_k.min(MAX_TOP_K);
            let score = if s.members.len() == 1 {
                first_sim
                    - decay * (time - first.time).abs() as f32 / 86_400.0
                    - conflict(&first.places)
            } else if k > 0 && s.members.len() > k {
                // The k best, kept in order in a fixed array (no allocation per story).
                let mut best = [f32::NEG_INFINITY; MAX_TOP_K];
                for m in &s.members {
                    let v = loaded.sim(&m.head, &m.body, hw)
                        - decay * (time - m.time).abs() as f32 / 86_400.0
                        - conflict(&m.places);
                    if v > best[k - 1] {
                        let at = best[..k].partition_point(|&b| b >= v);
                        best.copy_within(at..k - 1, at + 1);
                        best[at] = v;
                    }
                }
                best[..k].iter().sum::<f32>() / k as f32
            } else if self.config.average_link {
                s.average_link(loaded, f, time, (hw, decay, self.config.place_conflict))
            } else {
                let days = (time - s.first_time).abs() as f32 / 86_400.0;
                match &s.sums {
                    Some((head, body)) => {
                        hw * head.cos(&f.head) + (1.0 - hw) * body.cos(&f.body) - decay * days
                    }
                    None => 0.0,
                }
            };
            out.push((id, score));
        }
        out
    }

    /// Article `i` of a batch scored against the open stories, and against the earlier
    /// articles of the batch that share its rarest salient terms.
    fn score_in_batch(
        &self,
        loaded: &mut Loaded,
        batch: &[Weighted],
        by_term: &FxHashMap<u64, Vec<usize>>,
        i: usize,
    ) -> Scored {
        let (time, f) = (batch[i].time, &batch[i].features);
        let stories = self.story_scores(loaded, time, f);
        let (hw, decay) = (self.config.head_weight, self.config.decay_per_day);
        // The earlier entries of each list (they are in batch order).
        let earlier = |k: &u64| {
            let l = by_term.get(k)?;
            Some(&l[..l.partition_point(|&j| j < i)])
        };
        let mut shared: FxHashMap<usize, u32> = FxHashMap::default();
        for list in rarest_first(&f.keys, earlier) {
            for &j in list {
                *shared.entry(j).or_default() += 1;
            }
        }
        let mut others: Vec<(u32, usize)> = shared.into_iter().map(|(j, c)| (c, j)).collect();
        if others.len() > CANDIDATES {
            others.select_nth_unstable_by(CANDIDATES, |a, b| b.cmp(a));
            others.truncate(CANDIDATES);
        }
        // `story_scores` left the article loaded.
        let earlier = others
            .into_iter()
            .map(|(_, j)| {
                let g = &batch[j].features;
                let mut sim = loaded.sim(&g.head, &g.body, hw)
                    - decay * (time - batch[j].time).abs() as f32 / 86_400.0;
                if places_conflict(&g.places, &f.places) {
                    sim -= self.config.place_conflict;
                }
                (j, sim)
            })
            .collect();
        Scored { stories, earlier }
    }

    /// Links a batch of articles together (in publication order, as from one page of an
    /// ingest): near-duplicates first, then average-link agglomeration in which the
    /// batch's articles start alone and the open stories they could join are fixed
    /// clusters (two existing stories never merge); the best pair above the join
    /// threshold merges first, so an article is not taken by the first story that fits
    /// before its closer partners in the same batch are seen.
    pub fn link_batch(&mut self, batch: Vec<Weighted>) -> Vec<(i64, Decision)> {
        self.link_batch_keeping(batch, &FxHashMap::default())
    }

    /// [`Self::link_batch`] of articles that had stories before (`prior`: article id →
    /// story id), linked again: a new story takes an id its articles had (see
    /// [`Self::kept_ids`]), so that settling keeps stories' ids where it can.
    fn link_batch_keeping(
        &mut self,
        batch: Vec<Weighted>,
        prior: &FxHashMap<i64, i64>,
    ) -> Vec<(i64, Decision)> {
        let n = batch.len();
        if let Some(t) = batch.iter().map(|a| a.time).max() {
            self.advance(t, n as u32);
        }
        let mut decisions: Vec<Option<Decision>> = batch
            .iter()
            .map(|a| self.near_duplicate(a.time, &a.features))
            .collect();
        // Every article's similarity to the open stories and to the earlier articles of
        // the batch: reads of the state before the batch only, so computed on `threads`
        // threads; gathered in article order (the result does not depend on the count).
        let mut by_term: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, a) in batch.iter().enumerate() {
            if decisions[i].is_none() {
                for &k in &a.features.keys {
                    by_term.entry(k).or_default().push(i);
                }
            }
        }
        let undecided: Vec<usize> = (0..n).filter(|&i| decisions[i].is_none()).collect();
        let this = &*self;
        let per = undecided.len().div_ceil(self.threads.max(1)).max(1);
        // One scratch table per thread for all its articles.
        let scored: Vec<Scored> = std::thread::scope(|scope| {
            let parts: Vec<_> = undecided
                .chunks(per)
                .map(|part| {
                    let (batch, by_term) = (&batch, &by_term);
                    scope.spawn(move || {
                        let mut loaded = Loaded::default();
                        part.iter()
                            .map(|&i| this.score_in_batch(&mut loaded, batch, by_term, i))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|h| h.join().expect("scoring does not panic"))
                .collect()
        });
        // Clusters 0..n are the batch's articles; stories get ids from n on.
        let mut clusters = Clusters::new(n, self.config.top_k.min(MAX_TOP_K));
        let mut cluster_of_story: FxHashMap<i64, usize> = FxHashMap::default();
        for (i, s) in undecided.into_iter().zip(scored) {
            for (story, score) in s.stories {
                let size = self.stories.get(&story).map_or(1, |s| s.members.len()) as f32;
                let c = *cluster_of_story
                    .entry(story)
                    .or_insert_with(|| clusters.push_story(story, size));
                clusters.link(i, c, score * size);
            }
            for (j, sim) in s.earlier {
                clusters.link_articles(i, j, sim);
            }
        }
        clusters.agglomerate(self.config.join);
        let kept = self.kept_ids(&batch, &clusters, &decisions, prior);
        // Each cluster's articles: into its story, or a new one (near-duplicates, decided
        // already, stay alone in their clusters and keep their decision).
        for c in 0..clusters.members.len() {
            let members = &clusters.members[c];
            if !clusters.alive[c]
                || members.is_empty()
                || members.iter().any(|&i| decisions[i].is_some())
            {
                continue;
            }
            let story = clusters.story[c]
                .or_else(|| kept.get(&c).copied())
                .unwrap_or_else(|| {
                    let id = self.next_story;
                    self.next_story += 1;
                    id
                });
            let joined = clusters.story[c].is_some() || members.len() > 1;
            for &i in members {
                decisions[i] = Some(Decision {
                    story,
                    link: if joined {
                        Link::Joined {
                            score: clusters.merged_at[c],
                        }
                    } else {
                        Link::New
                    },
                    representative: 0,
                });
            }
        }
        // Apply in publication order.
        let mut batch: Vec<(Weighted, Decision)> = batch
            .into_iter()
            .zip(decisions)
            .map(|(a, d)| (a, d.expect("every article decided")))
            .collect();
        batch.sort_by_key(|(a, _)| (a.time, a.id));
        let mut out = Vec::with_capacity(n);
        let mut started: FxHashSet<i64> = FxHashSet::default();
        for (a, mut d) in batch {
            if matches!(d.link, Link::Joined { .. })
                && !self.stories.contains_key(&d.story)
                && started.insert(d.story)
            {
                d.link = Link::New;
            }
            out.push((a.id, d.clone()));
            self.add(a, d.story);
        }
        for (_, d) in &mut out {
            d.representative = self.representative(d.story);
        }
        out
    }

    /// The old story id each new cluster of a batch keeps (cluster → id), matched
    /// greedily by how many of the cluster's articles had it (ties: the older id, then
    /// the earlier cluster): each id to one cluster, none that is a story of this linker.
    fn kept_ids(
        &self,
        batch: &[Weighted],
        clusters: &Clusters,
        decisions: &[Option<Decision>],
        prior: &FxHashMap<i64, i64>,
    ) -> FxHashMap<usize, i64> {
        let mut kept = FxHashMap::default();
        if prior.is_empty() {
            return kept;
        }
        // (articles, old id, cluster) for every old id a new cluster's articles had.
        let mut wanted: Vec<(usize, i64, usize)> = Vec::new();
        for c in 0..clusters.members.len() {
            let members = &clusters.members[c];
            if !clusters.alive[c]
                || clusters.story[c].is_some()
                || members.is_empty()
                || members.iter().any(|&i| decisions[i].is_some())
            {
                continue;
            }
            let first = wanted.len();
            for &i in members {
                let Some(&old) = prior.get(&batch[i].id) else {
                    continue;
                };
                if self.stories.contains_key(&old) {
                    continue;
                }
                match wanted[first..].iter_mut().find(|w| w.1 == old) {
                    Some(w) => w.0 += 1,
                    None => wanted.push((1, old, c)),
                }
            }
        }
        wanted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut taken = FxHashSet::default();
        for (_, old, c) in wanted {
            if !kept.contains_key(&c) && taken.insert(old) {
                kept.insert(c, old);
            }
        }
        kept
    }

    /// Links weighted articles in publication order, agglomerating those published close
    /// together (runs of at most [`BATCH_SPAN`] seconds and [`BATCH_SIZE`] articles);
    /// returns (article id, decision) in that order.
    pub fn link_all(&mut self, weighted: Vec<Weighted>) -> Vec<(i64, Decision)> {
        self.link_all_keeping(weighted, &FxHashMap::default())
    }

    /// [`Self::link_all`] of articles linked before (`prior`: article id → its story):
    /// settling a recent window links its articles again together, as an ingest would
    /// have, in a linker that holds the articles before them; new stories keep the ids
    /// their articles had where they can (see [`Self::link_batch_keeping`]).
    pub fn link_all_keeping(
        &mut self,
        mut weighted: Vec<Weighted>,
        prior: &FxHashMap<i64, i64>,
    ) -> Vec<(i64, Decision)> {
        weighted.sort_by_key(|p| (p.time, p.id));
        let mut out = Vec::with_capacity(weighted.len());
        let mut rest = weighted.into_iter().peekable();
        let mut batch = Vec::with_capacity(BATCH_SIZE);
        while let Some(first) = rest.next() {
            let t0 = first.time;
            batch.push(first);
            while let Some(next) =
                rest.next_if(|p| batch.len() < BATCH_SIZE && p.time - t0 <= BATCH_SPAN)
            {
                batch.push(next);
            }
            out.extend(self.link_batch_keeping(std::mem::take(&mut batch), prior));
        }
        out
    }

    /// Puts an article back into the story it was linked to (rebuilding the state of the
    /// recent window after a restart).
    pub fn restore(&mut self, a: Weighted, story: i64) {
        self.now = self.now.max(a.time);
        self.next_story = self.next_story.max(story + 1);
        self.add(a, story);
    }

    /// Adds an article to a story.
    fn add(&mut self, a: Weighted, story: i64) {
        let Weighted { id, time, features } = a;
        let keep_sums = !self.config.average_link;
        let s = self.stories.entry(story).or_insert_with(|| Story {
            first_time: time,
            last_time: time,
            members: Vec::new(),
            sums: None,
            representative: None,
            keys: FxHashSet::default(),
            time_sum: 0,
        });
        s.add(
            Member {
                time,
                id,
                head: features.head,
                body: features.body,
                places: features.places,
            },
            keep_sums,
        );
        let first = s.first_time;
        for &k in &features.keys {
            if s.keys.insert(k) {
                self.postings.entry(k).or_default().push((story, first));
            }
        }
        if let Some(sig) = features.signature {
            let slot = self.recent_base + self.recent.len() as u32;
            self.lsh.insert(&sig, slot);
            self.recent.push_back(Recent {
                id,
                story,
                time,
                signature: sig,
            });
        }
    }

    /// The story's representative: its most central member.
    fn representative(&mut self, story: i64) -> i64 {
        let hw = self.config.head_weight;
        self.stories
            .get_mut(&story)
            .map_or(0, |s| s.most_central(hw))
    }

    /// Forgets stories and articles older than two windows before the latest article.
    fn expire(&mut self) {
        self.since_expiry = 0;
        let cutoff = self.now.saturating_sub(2 * self.config.window);
        self.stories.retain(|_, s| s.last_time >= cutoff);
        // A story first seen a window before the cutoff takes no article from then on
        // (entries of expired stories otherwise are skipped when read).
        let first_cutoff = cutoff.saturating_sub(self.config.window);
        self.postings.retain(|_, ids| {
            ids.retain(|&(_, first)| first >= first_cutoff);
            !ids.is_empty()
        });
        // Linking order is nearly time order: the old ones are at the front (a straggler
        // behind a newer article stays a little longer, and is filtered by time).
        while self.recent.front().is_some_and(|r| r.time < cutoff) {
            self.recent.pop_front();
            self.recent_base += 1;
        }
        let base = self.recent_base;
        self.lsh.retain(|slot| slot < base);
        self.live_at_expiry = self.recent.len().max(self.stories.len());
    }
}

#[cfg(test)]
mod tests;
