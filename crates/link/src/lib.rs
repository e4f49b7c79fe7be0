//! rasid's link stage: which story a new article belongs to.
//!
//! Pure: the [`Linker`] holds its state (vocabulary and document frequencies, the recent
//! stories and the near-duplicate index) and is fed one article at a time; it does no IO.
//! Layers, cheapest first:
//!
//! 1. **Near-duplicates**: MinHash over shingles of the body's normalized tokens, banded
//!    LSH ([`minhash`]); an article whose estimated Jaccard with a recent one reaches
//!    [`Config::near_duplicate`] joins that article's story.
//! 2. **Story clustering** for rewritten coverage: candidate stories come from an inverted
//!    index of each story's most salient stems, restricted to stories active within
//!    [`Config::window`] of the article's own publication time (so that an archive
//!    clusters as it would have live); the article is scored against each candidate's
//!    centroid (TF-IDF cosine of title+lead and of body) and must also resemble the story's
//!    first article (no drift by chaining). The best story above [`Config::join`] wins;
//!    otherwise the article starts a story.
//!
//! (Exact identity — same URL, GUID or body — is the store's job before linking.)

pub mod minhash;

use minhash::{Lsh, Signature};
use rasid_text::{Analyzer, LatinStemming, TokenKind};
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
        }
    }
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

/// A sparse vector: (term id, weight), sorted by term id, unit length.
type Sparse = Vec<(u32, f32)>;

fn dot_sparse(a: &Sparse, b: &Sparse) -> f32 {
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

/// `a × wa + b × wb` for vectors sorted by term id (the result sorted too).
fn merge_sparse(a: &[(u32, f32)], wa: f32, b: &[(u32, f32)], wb: f32) -> Sparse {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
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
            (None, None) => unreachable!(),
        };
        out.push(next);
    }
    out
}

/// An article's head and body vectors spread into dense arrays indexed by term id: the
/// dot product with a stored vector is then one lookup per stored entry. Cleared after
/// each article (only its own entries are touched).
#[derive(Default)]
struct Scratch {
    head: Vec<f32>,
    body: Vec<f32>,
}

impl Scratch {
    fn load(&mut self, f: &Features, terms: usize) {
        if self.head.len() < terms {
            self.head.resize(terms, 0.0);
            self.body.resize(terms, 0.0);
        }
        for &(t, w) in &f.head {
            self.head[t as usize] = w;
        }
        for &(t, w) in &f.body {
            self.body[t as usize] = w;
        }
    }

    fn clear(&mut self, f: &Features) {
        for &(t, _) in &f.head {
            self.head[t as usize] = 0.0;
        }
        for &(t, _) in &f.body {
            self.body[t as usize] = 0.0;
        }
    }

    /// hw × head cosine + (1 − hw) × body cosine with the loaded article.
    fn sim(&self, head: &Sparse, body: &Sparse, hw: f32) -> f32 {
        let dot = |dense: &[f32], v: &Sparse| -> f32 {
            v.iter()
                .map(|&(t, w)| dense.get(t as usize).copied().unwrap_or(0.0) * w)
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
    sum: FxHashMap<u32, f32>,
    norm2: f32,
}

impl Centroid {
    fn dot(&self, v: &Sparse) -> f32 {
        v.iter()
            .map(|(t, w)| self.sum.get(t).copied().unwrap_or(0.0) * w)
            .sum()
    }

    fn cos(&self, v: &Sparse) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        self.dot(v) / self.norm2.sqrt()
    }

    fn add(&mut self, v: &Sparse) {
        let d = self.dot(v);
        let v2: f32 = v.iter().map(|(_, w)| w * w).sum();
        self.norm2 += 2.0 * d + v2;
        for &(t, w) in v {
            *self.sum.entry(t).or_default() += w;
        }
    }
}

/// An article's features.
struct Features {
    title: Sparse,
    head: Sparse,
    body: Sparse,
    /// The most salient terms (for candidate retrieval).
    keys: Vec<u32>,
    signature: Option<Signature>,
}

/// A story still open to new members.
struct Story {
    first_time: i64,
    last_time: i64,
    head: Centroid,
    body: Centroid,

    /// (time, head, body, article id) of every member.
    members: Vec<(i64, Sparse, Sparse, i64)>,
    /// The member most similar to the others (its title represents the story); `None`
    /// when members joined since it was chosen.
    representative: Option<i64>,
    keys: FxHashSet<u32>,
}

impl Story {
    /// The article's mean similarity to the members, less the decay by time distance.
    fn average_link(&self, scratch: &Scratch, f: &Features, time: i64, hw: f32, decay: f32) -> f32 {
        let n = self.members.len().max(1) as f32;
        let days: f32 = self
            .members
            .iter()
            .map(|m| (time - m.0).abs() as f32 / 86_400.0)
            .sum();
        // Few members: one pass over each (sequential reads of the loaded article);
        // more: one pass over the article against the sums.
        let sim = if self.members.len() <= 2 {
            self.members
                .iter()
                .map(|m| scratch.sim(&m.1, &m.2, hw))
                .sum::<f32>()
        } else {
            hw * self.head.dot(&f.head) + (1.0 - hw) * self.body.dot(&f.body)
        };
        (sim - decay * days) / n
    }

    /// The most central member: the highest summed similarity to the others (the
    /// earliest on ties).
    fn most_central(&mut self, hw: f32) -> i64 {
        if let Some(r) = self.representative {
            return r;
        }
        let self_sim = |v: &Sparse| v.iter().map(|(_, w)| w * w).sum::<f32>();
        let mut best: Option<(f32, i64, i64)> = None;
        for m in &self.members {
            let c = hw * (self.head.dot(&m.1) - self_sim(&m.1))
                + (1.0 - hw) * (self.body.dot(&m.2) - self_sim(&m.2));
            if best.is_none_or(|(bc, bt, bi)| c > bc || (c == bc && (m.0, m.3) < (bt, bi))) {
                best = Some((c, m.0, m.3));
            }
        }
        let r = best.map_or(0, |b| b.2);
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
}

/// A candidate merge: average, then the lower pair first on ties; versions at push time.
type Candidate = (f32, std::cmp::Reverse<(usize, usize)>, u32, u32);

impl Clusters {
    fn new(n: usize) -> Clusters {
        Clusters {
            members: (0..n).map(|i| vec![i]).collect(),
            old_size: vec![0.0; n],
            story: vec![None; n],
            alive: vec![true; n],
            merged_at: vec![0.0; n],
            version: vec![0; n],
            adjacent: vec![FxHashMap::default(); n],
        }
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
        let avg = sum / (self.size(x) * self.size(y));
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

/// Terms of the head (title + lead) and of the body that count for similarity.
const BODY_TERMS: usize = 200;
/// Articles linked together at most (see [`Linker::link_all`]).
pub const BATCH_SIZE: usize = 500;
/// The longest span of publication time linked together (seconds).
pub const BATCH_SPAN: i64 = 24 * 3600;
/// Stories scored per article at most (those sharing the most salient terms).
const CANDIDATES: usize = 32;
/// Words of the body that make its near-duplicate signature.
const SIGNATURE_WORDS: usize = 600;
/// Whether title and lead also count pairs of adjacent words.
const BIGRAMS: bool = true;
/// Salient terms per article used to find candidate stories.
const KEYS: usize = 30;

/// An article analysed for linking: what [`Linker::link_prepared`] needs, computed without
/// the linker's state, so that the expensive part runs on the pipeline's worker threads.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub id: i64,
    pub time: i64,
    title: Vec<(u64, f32)>,
    lead: Vec<(u64, f32)>,
    body: Vec<(u64, f32)>,
    signature: Option<Signature>,
}

static ANALYZER: std::sync::LazyLock<Analyzer> =
    std::sync::LazyLock::new(|| Analyzer::new(LatinStemming::None));

/// Counted content stems of `text` (at most `limit` words), with the pairs of adjacent
/// content words when `bigrams`; each term is its 64-bit hash (no strings to carry or
/// compare; collisions among a few million terms are negligible).
fn counts(text: &str, limit: usize, bigrams: bool) -> Vec<(u64, f32)> {
    // Only a prefix can hold the first `limit` words (a word and its space: < 40 bytes).
    let text = prefix(text, limit.saturating_mul(40));
    let mut stems: Vec<u64> = Vec::new();
    ANALYZER.for_each_term(text, |t| {
        if stems.len() < limit
            && !t.stop
            && matches!(
                t.token.kind,
                TokenKind::Word | TokenKind::Number | TokenKind::Hashtag
            )
            && t.stem.chars().nth(1).is_some()
        {
            stems.push(minhash::hash_str(t.stem));
        }
    });
    let mut out: FxHashMap<u64, f32> = FxHashMap::default();
    if bigrams {
        for w in stems.windows(2) {
            *out.entry(minhash::pair(w[0], w[1])).or_default() += 1.0;
        }
    }
    for s in stems {
        *out.entry(s).or_default() += 1.0;
    }
    out.into_iter().collect()
}

/// At most `bytes` of `text`, cut at whitespace.
fn prefix(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(sp) => &text[..sp],
        None => &text[..end],
    }
}

/// Analyses an article for linking (pure; any thread).
pub fn prepare(a: &ArticleIn<'_>) -> Prepared {
    // Near-duplicate signature over the body's first words, normalized (stopwords
    // included, no stemming: copies share surface forms).
    let mut tokens: Vec<u64> = Vec::new();
    let mut norm = String::new();
    rasid_text::for_each_token(prefix(a.body, SIGNATURE_WORDS * 40), |t| {
        if tokens.len() < SIGNATURE_WORDS && t.kind != TokenKind::Url {
            norm.clear();
            rasid_text::normalize_into(t.text, rasid_text::Level::Lossy, &mut norm);
            tokens.push(minhash::hash_str(&norm));
        }
    });
    Prepared {
        id: a.id,
        time: a.time,
        title: counts(a.title, usize::MAX, BIGRAMS),
        lead: counts(a.lead, 80, BIGRAMS),
        body: counts(a.body, BODY_TERMS, false),
        signature: Signature::of(&tokens),
    }
}

/// The link stage's state.
pub struct Linker {
    config: Config,
    /// Term hash → dense term id.
    vocab: FxHashMap<u64, u32>,
    df: Vec<u32>,
    docs: u32,
    stories: FxHashMap<i64, Story>,
    /// Salient term → (story, the story's first time when the term joined it).
    postings: FxHashMap<u32, Vec<(i64, i64)>>,
    next_story: i64,
    recent: FxHashMap<u32, Recent>,
    lsh: Lsh,
    next_recent: u32,
    /// The latest publication time seen (drives expiry).
    now: i64,
    scratch: Scratch,
    since_expiry: u32,
}

impl Linker {
    /// A linker whose new stories are numbered from `next_story`.
    pub fn new(config: Config, next_story: i64) -> Linker {
        Linker {
            config,
            vocab: FxHashMap::default(),
            df: Vec::new(),
            docs: 0,
            stories: FxHashMap::default(),
            postings: FxHashMap::default(),
            next_story,
            recent: FxHashMap::default(),
            lsh: Lsh::default(),
            next_recent: 0,
            now: i64::MIN,
            scratch: Scratch::default(),
            since_expiry: 0,
        }
    }

    fn term_id(&mut self, term: u64) -> u32 {
        let next = self.vocab.len() as u32;
        let id = *self.vocab.entry(term).or_insert(next);
        if id == next {
            self.df.push(0);
        }
        id
    }

    fn idf(&self, term: u32) -> f32 {
        let df = self.df.get(term as usize).copied().unwrap_or(0) as f32;
        ((self.docs as f32 + 1.0) / (df + 1.0)).ln() + 1.0
    }

    /// Interns counted terms: (term id, count) sorted by id.
    fn intern(&mut self, counts: &[(u64, f32)]) -> Sparse {
        let mut out: Sparse = counts
            .iter()
            .map(|&(term, n)| (self.term_id(term), n))
            .collect();
        out.sort_unstable_by_key(|x| x.0);
        out
    }

    /// Counts (sorted by term id) to a unit TF-IDF vector.
    fn weigh(&self, counts: &[(u32, f32)]) -> Sparse {
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

    /// Similarities of two articles under the current document frequencies (diagnostics
    /// and evaluation; nothing is learned from them).
    pub fn similarity(&mut self, a: &ArticleIn<'_>, b: &ArticleIn<'_>) -> Similarity {
        let (fa, fb) = (
            self.features(&prepare(a), false),
            self.features(&prepare(b), false),
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

    fn features(&mut self, p: &Prepared, learn: bool) -> Features {
        let title = self.intern(&p.title);
        let lead = self.intern(&p.lead);
        // The title counts twice: it names the event.
        let head = merge_sparse(&title, 2.0, &lead, 1.0);
        let body = self.intern(&p.body);
        // Document frequencies include this article (its own terms are then not "new").
        if learn {
            self.docs += 1;
            for (t, _) in merge_sparse(&head, 1.0, &body, 1.0) {
                self.df[t as usize] += 1;
            }
        }
        let head_v = self.weigh(&head);
        let title_v = self.weigh(&title);
        let body_v = self.weigh(&body);
        // Salient terms: the heaviest of head and body together.
        let mut keys = merge_sparse(&head_v, 1.0, &body_v, 1.0);
        keys.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        keys.truncate(KEYS);
        Features {
            title: title_v,
            head: head_v,
            body: body_v,
            keys: keys.into_iter().map(|k| k.0).collect(),
            signature: p.signature.clone(),
        }
    }

    /// Links one article: returns its story and why.
    pub fn link(&mut self, a: &ArticleIn<'_>) -> Decision {
        self.link_prepared(&prepare(a))
    }

    /// Links one article prepared by [`prepare`] (possibly on another thread).
    pub fn link_prepared(&mut self, a: &Prepared) -> Decision {
        let f = self.features(a, true);
        self.advance(a.time, 1);
        let mut decision = self.near_duplicate(a, &f);
        if decision.is_none() {
            let best = self
                .story_scores(a, &f)
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
        let decision = decision.unwrap_or_else(|| {
            let id = self.next_story;
            self.next_story += 1;
            Decision {
                story: id,
                link: Link::New,
                representative: a.id,
            }
        });
        let mut decision = decision;
        self.add(a, f, decision.story);
        decision.representative = self.representative(decision.story);
        decision
    }

    /// Moves the clock to `time` and expires old state now and then.
    fn advance(&mut self, time: i64, articles: u32) {
        self.now = self.now.max(time);
        self.since_expiry += articles;
        if self.since_expiry >= 1000 {
            self.expire();
        }
    }

    /// The recent article this one nearly duplicates, if any: its story.
    fn near_duplicate(&self, a: &Prepared, f: &Features) -> Option<Decision> {
        let window = self.config.window;
        let sig = f.signature.as_ref()?;
        let mut best: Option<(f32, &Recent)> = None;
        for slot in self.lsh.candidates(sig) {
            let Some(r) = self.recent.get(&slot) else {
                continue;
            };
            // A story spans at most one window: no chain of copies across months.
            let open = self
                .stories
                .get(&r.story)
                .is_some_and(|s| a.time <= s.first_time + window && a.time >= s.last_time - window);
            if (r.time - a.time).abs() > window || !open {
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
    fn story_scores(&mut self, a: &Prepared, f: &Features) -> Vec<(i64, f32)> {
        let window = self.config.window;
        // Candidates: the open stories sharing the most salient terms with the article
        // (bounded work however common a term is).
        let mut shared: FxHashMap<i64, u32> = FxHashMap::default();
        for k in &f.keys {
            for &(id, first) in self.postings.get(k).into_iter().flatten() {
                // Only stories that can still take the article compete for the slots.
                if a.time <= first + window && a.time >= first - window {
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
        self.scratch.load(f, self.vocab.len());
        let scratch = &self.scratch;
        let mut out = Vec::with_capacity(candidates.len());
        for (_, id) in candidates {
            let Some(s) = self.stories.get(&id) else {
                continue;
            };
            if a.time > s.first_time + window || a.time < s.last_time - window {
                continue;
            }
            let Some(first) = s.members.first() else {
                continue;
            };
            let first_sim = scratch.sim(&first.1, &first.2, hw);
            if first_sim < self.config.first_guard {
                continue;
            }
            let score = if s.members.len() == 1 {
                first_sim - decay * (a.time - first.0).abs() as f32 / 86_400.0
            } else if self.config.average_link {
                s.average_link(scratch, f, a.time, hw, decay)
            } else {
                let days = (a.time - s.first_time).abs() as f32 / 86_400.0;
                hw * s.head.cos(&f.head) + (1.0 - hw) * s.body.cos(&f.body) - decay * days
            };
            out.push((id, score));
        }
        self.scratch.clear(f);
        out
    }

    /// Links a batch of articles together (in publication order, as from one page of an
    /// ingest): near-duplicates first, then average-link agglomeration in which the
    /// batch's articles start alone and the open stories they could join are fixed
    /// clusters (two existing stories never merge); the best pair above the join
    /// threshold merges first, so an article is not taken by the first story that fits
    /// before its closer partners in the same batch are seen.
    pub fn link_batch(&mut self, batch: &[Prepared]) -> Vec<Decision> {
        let n = batch.len();
        let feats: Vec<Features> = batch.iter().map(|a| self.features(a, true)).collect();
        if let Some(t) = batch.iter().map(|a| a.time).max() {
            self.advance(t, n as u32);
        }
        let hw = self.config.head_weight;
        let decay = self.config.decay_per_day;
        let mut decisions: Vec<Option<Decision>> = batch
            .iter()
            .zip(&feats)
            .map(|(a, f)| self.near_duplicate(a, f))
            .collect();
        // Clusters 0..n are the batch's articles; stories get ids from n on.
        let mut clusters = Clusters::new(n);
        let mut cluster_of_story: FxHashMap<i64, usize> = FxHashMap::default();
        let mut by_term: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
        let mut shared: FxHashMap<usize, u32> = FxHashMap::default();
        for i in 0..n {
            if decisions[i].is_some() {
                continue;
            }
            for (story, score) in self.story_scores(&batch[i], &feats[i]) {
                let size = self.stories.get(&story).map_or(1, |s| s.members.len()) as f32;
                let c = *cluster_of_story
                    .entry(story)
                    .or_insert_with(|| clusters.push_story(story, size));
                clusters.link(i, c, score * size);
            }
            // Earlier articles of the batch sharing the most salient terms.
            shared.clear();
            for k in &feats[i].keys {
                for &j in by_term.get(k).into_iter().flatten() {
                    *shared.entry(j).or_default() += 1;
                }
            }
            let mut others: Vec<(u32, usize)> = shared.iter().map(|(&j, &c)| (c, j)).collect();
            if others.len() > CANDIDATES {
                others.select_nth_unstable_by(CANDIDATES, |a, b| b.cmp(a));
                others.truncate(CANDIDATES);
            }
            if !others.is_empty() {
                self.scratch.load(&feats[i], self.vocab.len());
                for (_, j) in others {
                    let sim = self.scratch.sim(&feats[j].head, &feats[j].body, hw)
                        - decay * (batch[i].time - batch[j].time).abs() as f32 / 86_400.0;
                    clusters.link(i, j, sim);
                }
                self.scratch.clear(&feats[i]);
            }
            for &k in &feats[i].keys {
                by_term.entry(k).or_default().push(i);
            }
        }
        clusters.agglomerate(self.config.join);
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
            let story = clusters.story[c].unwrap_or_else(|| {
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
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (batch[i].time, batch[i].id));
        let mut out: Vec<Decision> = decisions
            .into_iter()
            .map(|d| d.expect("every article decided"))
            .collect();
        let mut feats: Vec<Option<Features>> = feats.into_iter().map(Some).collect();
        let mut started: FxHashSet<i64> = FxHashSet::default();
        for &i in &order {
            let story = out[i].story;
            if matches!(out[i].link, Link::Joined { .. })
                && !self.stories.contains_key(&story)
                && started.insert(story)
            {
                out[i].link = Link::New;
            }
            if let Some(f) = feats[i].take() {
                self.add(&batch[i], f, story);
            }
        }
        for d in &mut out {
            d.representative = self.representative(d.story);
        }
        out
    }

    /// Links articles in publication order, agglomerating those published close together
    /// (runs of at most [`BATCH_SPAN`] seconds and [`BATCH_SIZE`] articles); returns the
    /// decisions in that order, with the articles.
    pub fn link_all(&mut self, mut prepared: Vec<Prepared>) -> Vec<(Prepared, Decision)> {
        prepared.sort_by_key(|p| (p.time, p.id));
        let mut out = Vec::with_capacity(prepared.len());
        let mut rest = prepared.into_iter().peekable();
        let mut batch = Vec::with_capacity(BATCH_SIZE);
        while let Some(first) = rest.next() {
            let t0 = first.time;
            batch.push(first);
            while let Some(next) =
                rest.next_if(|p| batch.len() < BATCH_SIZE && p.time - t0 <= BATCH_SPAN)
            {
                batch.push(next);
            }
            let decisions = self.link_batch(&batch);
            out.extend(batch.drain(..).zip(decisions));
        }
        out
    }

    /// Puts an article back into the story it was linked to (rebuilding the state of the
    /// recent window after a restart), learning its term frequencies unless `counted`.
    pub fn restore(&mut self, a: &Prepared, story: i64, counted: bool) {
        let f = self.features(a, !counted);
        self.now = self.now.max(a.time);
        self.next_story = self.next_story.max(story + 1);
        self.add(a, f, story);
    }

    /// The document frequencies (terms seen in two articles or more) as text, for the
    /// store to keep between runs: a first line `docs N`, then `df<TAB>term hash` lines
    /// (hexadecimal).
    pub fn export_frequencies(&self) -> String {
        use std::fmt::Write;
        let mut terms: Vec<(u64, u32)> = self
            .vocab
            .iter()
            .map(|(&t, &id)| (t, self.df[id as usize]))
            .filter(|(_, df)| *df >= 2)
            .collect();
        terms.sort_unstable();
        let mut out = format!("docs {}\n", self.docs);
        for (t, df) in terms {
            let _ = writeln!(out, "{df}\t{t:x}");
        }
        out
    }

    /// Loads frequencies written by [`Linker::export_frequencies`] (before any linking).
    pub fn import_frequencies(&mut self, text: &str) {
        let mut lines = text.lines();
        if let Some(n) = lines
            .next()
            .and_then(|l| l.strip_prefix("docs "))
            .and_then(|n| n.parse::<u32>().ok())
        {
            self.docs = n;
        }
        for line in lines {
            if let Some((df, term)) = line.split_once('\t') {
                if let (Ok(df), Ok(term)) = (df.parse::<u32>(), u64::from_str_radix(term, 16)) {
                    let id = self.term_id(term);
                    self.df[id as usize] = df;
                }
            }
        }
    }

    /// Adds an article to a story.
    fn add(&mut self, a: &Prepared, f: Features, story: i64) {
        let s = self.stories.entry(story).or_insert_with(|| Story {
            first_time: a.time,
            last_time: a.time,
            head: Centroid::default(),
            body: Centroid::default(),
            members: Vec::new(),
            representative: None,
            keys: FxHashSet::default(),
        });
        s.first_time = s.first_time.min(a.time);
        s.last_time = s.last_time.max(a.time);
        s.head.add(&f.head);
        s.body.add(&f.body);
        s.representative = None;
        let first = s.first_time;
        for &k in &f.keys {
            if s.keys.insert(k) {
                self.postings.entry(k).or_default().push((story, first));
            }
        }
        if let Some(sig) = f.signature {
            let slot = self.next_recent;
            self.next_recent = self.next_recent.wrapping_add(1);
            self.lsh.insert(&sig, slot);
            self.recent.insert(
                slot,
                Recent {
                    id: a.id,
                    story,
                    time: a.time,
                    signature: sig,
                },
            );
        }
        if let Some(s) = self.stories.get_mut(&story) {
            s.members.push((a.time, f.head, f.body, a.id));
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
        let stories = &self.stories;
        self.postings.retain(|_, ids| {
            ids.retain(|(id, _)| stories.contains_key(id));
            !ids.is_empty()
        });
        self.recent.retain(|_, r| r.time >= cutoff);
        let recent = &self.recent;
        self.lsh.retain(|slot| !recent.contains_key(&slot));
    }
}

#[cfg(test)]
mod tests;
