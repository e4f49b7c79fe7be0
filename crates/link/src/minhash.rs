//! MinHash signatures over word shingles and a banded LSH index.
//!
//! A signature is [`HASHES`] minima over an article's shingles (runs of [`SHINGLE`]
//! normalized tokens), by one-permutation hashing (one hash per shingle, split into
//! bins); the share of equal positions in two signatures estimates the Jaccard
//! similarity of their shingle sets. The LSH index cuts
//! signatures into [`BANDS`] bands of [`ROWS`] rows: two articles are candidates when one
//! band is equal, which happens with probability 1 − (1 − J^ROWS)^BANDS (J = 0.5: 64%,
//! J = 0.8: >99.9%).

use rustc_hash::FxHashMap;

/// Tokens per shingle.
pub const SHINGLE: usize = 4;
/// Bins (minima) per signature; a power of two.
pub const HASHES: usize = 64;
/// LSH bands (× [`ROWS`] = [`HASHES`]).
pub const BANDS: usize = 16;
/// Rows per band.
pub const ROWS: usize = HASHES / BANDS;

/// A MinHash signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(pub [u32; HASHES]);

/// 64-bit mixing (splitmix64's finalizer): a good hash of an integer.
#[inline]
fn mix(x: u64) -> u64 {
    rasid_text::mix64(x)
}

/// FNV-1a of a string, then mixed.
pub(crate) fn hash_str(s: &str) -> u64 {
    rasid_text::hash64(s)
}

/// The hash of an ordered pair of hashes (a bigram).
pub(crate) fn pair(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b ^ 0x5bd1_e995)
}

impl Signature {
    /// The signature of a token sequence (already normalized), or `None` when it has fewer
    /// tokens than a shingle.
    pub fn of(tokens: &[u64]) -> Option<Signature> {
        if tokens.len() < SHINGLE {
            return None;
        }
        // One-permutation hashing: one hash per shingle; its top bits pick one of HASHES
        // bins and each bin keeps its minimum. Empty bins borrow from the next full one
        // (rotation densification), so that equal sets still give equal signatures.
        let mut mins = [u32::MAX; HASHES];
        for w in tokens.windows(SHINGLE) {
            let mut h = 0u64;
            for &t in w {
                h = mix(h ^ t);
            }
            let bin = (h >> (64 - HASHES.trailing_zeros())) as usize;
            let v = h as u32;
            if v < mins[bin] {
                mins[bin] = v;
            }
        }
        let mut out = mins;
        for (i, slot) in out.iter_mut().enumerate() {
            if mins[i] == u32::MAX {
                if let Some((j, d)) = (1..HASHES)
                    .map(|d| ((i + d) % HASHES, d))
                    .find(|&(j, _)| mins[j] != u32::MAX)
                {
                    *slot = mins[j].wrapping_add((d as u32).wrapping_mul(0x9e37_79b9));
                }
            }
        }
        Some(Signature(out))
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f32 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f32 / HASHES as f32
    }

    fn band_keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.chunks(ROWS).enumerate().map(|(b, rows)| {
            let mut h = mix(b as u64 + 1);
            for &r in rows {
                h = mix(h ^ u64::from(r));
            }
            h
        })
    }
}

/// Ids read of one LSH bucket at most (the newest).
pub const BUCKET_READ: usize = 64;

/// Banded LSH over signatures, keyed by a caller's id (an index into its own table).
#[derive(Default)]
pub struct Lsh {
    buckets: FxHashMap<u64, Bucket>,
}

/// The ids in one bucket: nearly every bucket holds one (no allocation for those).
enum Bucket {
    One(u32),
    Many(Vec<u32>),
}

impl Bucket {
    fn ids(&self) -> &[u32] {
        match self {
            Bucket::One(id) => std::slice::from_ref(id),
            Bucket::Many(ids) => ids,
        }
    }
}

impl Lsh {
    pub fn insert(&mut self, sig: &Signature, id: u32) {
        for k in sig.band_keys() {
            match self.buckets.entry(k) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(Bucket::One(id));
                }
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    let b = e.get_mut();
                    match b {
                        Bucket::One(first) => *b = Bucket::Many(vec![*first, id]),
                        Bucket::Many(ids) => ids.push(id),
                    }
                }
            }
        }
    }

    /// Ids sharing at least one band with `sig`, each once: of a bucket, the newest
    /// [`BUCKET_READ`] (ids grow with insertion), so that a body copied thousands of times
    /// (a boilerplate page, a test corpus) costs each new copy bounded work — its story
    /// is found through its latest copies as well as through all of them.
    pub fn candidates(&self, sig: &Signature) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for k in sig.band_keys() {
            if let Some(b) = self.buckets.get(&k) {
                let ids = b.ids();
                out.extend_from_slice(&ids[ids.len().saturating_sub(BUCKET_READ)..]);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Drops the ids for which `gone` is true (the caller's expired entries).
    pub fn retain(&mut self, gone: impl Fn(u32) -> bool) {
        self.buckets.retain(|_, b| match b {
            Bucket::One(id) => !gone(*id),
            Bucket::Many(ids) => {
                ids.retain(|&id| !gone(id));
                !ids.is_empty()
            }
        });
    }

    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<u64> {
        s.split_whitespace().map(hash_str).collect()
    }

    #[test]
    fn jaccard_estimates_overlap() {
        let a: String = (0..200).map(|i| format!("w{i} ")).collect();
        let mut b = a.clone();
        b.push_str("extra words at the end of the copy");
        let c: String = (0..200).map(|i| format!("x{i} ")).collect();
        let (sa, sb, sc) = (
            Signature::of(&toks(&a)).unwrap(),
            Signature::of(&toks(&b)).unwrap(),
            Signature::of(&toks(&c)).unwrap(),
        );
        assert!(sa.jaccard(&sb) > 0.85, "{}", sa.jaccard(&sb));
        assert!(sa.jaccard(&sc) < 0.1);
        let mut lsh = Lsh::default();
        lsh.insert(&sa, 1);
        lsh.insert(&sc, 2);
        assert_eq!(lsh.candidates(&sb), vec![1]);
        lsh.retain(|id| id == 1);
        assert!(lsh.candidates(&sb).is_empty());
        assert!(Signature::of(&toks("too short")).is_none());
    }
}
