//! A memo of what the analysis made of each token as written.
//!
//! Normalizing and stemming is most of the analyzer's cost, and news text repeats a small
//! vocabulary: the same written forms (و, في, العراق, الرئيس …) come back every few words.
//! A [`TermMemo`] remembers, for the forms seen lately, the value a stage derives from
//! the analysed term (stem hash, flags …), so a repeated form costs one hash and one
//! table probe instead of a normalization and a stem.
//!
//! The table is direct-mapped (one slot per key, the newest form wins a slot) and small
//! enough to stay in the processor's second-level cache. A slot is keyed by a 64-bit hash
//! of the token's bytes, kind and script, and also holds the token's first bytes and
//! length, checked on every hit: forms longer than [`INLINE`] bytes that share their
//! first bytes and length are told apart by the hash alone (two such forms colliding
//! in 64 bits is vanishingly unlikely; such long forms are rare in the first place).

use crate::tokenize::Token;

/// Bytes of a token kept in its slot and compared on a hit.
pub const INLINE: usize = 24;

/// Slots of a memo: 2^BITS.
const BITS: u32 = 14;

#[derive(Clone, Copy)]
struct Slot<V> {
    key: u64,
    len: u16,
    bytes: [u8; INLINE],
    /// `None`: the token normalizes to nothing (the analyzer skips it).
    value: Option<V>,
}

impl<V: Copy> Slot<V> {
    /// An unused slot: no token has this length.
    const EMPTY: Slot<V> = Slot {
        key: 0,
        len: u16::MAX,
        bytes: [0; INLINE],
        value: None,
    };
}

/// What a stage derived from each recently seen written form (see the module docs). A
/// memo belongs to one analyzer configuration and one derivation: the values are only
/// valid for the function that computed them.
pub struct TermMemo<V> {
    slots: Vec<Slot<V>>,
    mask: usize,
    hits: u64,
    misses: u64,
}

impl<V: Copy> Default for TermMemo<V> {
    fn default() -> Self {
        TermMemo::with_bits(BITS)
    }
}

/// The memo key of a token's bytes with a tag (kind, script, language).
#[inline]
fn key_of(bytes: &[u8], tag: u64) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = tag ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    crate::mix64(h)
}

impl<V: Copy> TermMemo<V> {
    /// A memo of 2^`bits` slots.
    pub fn with_bits(bits: u32) -> TermMemo<V> {
        let n = 1usize << bits;
        TermMemo {
            slots: vec![Slot::EMPTY; n],
            mask: n - 1,
            hits: 0,
            misses: 0,
        }
    }

    /// The key of `token` under `tag` (anything else the value depends on, such as the
    /// language a Latin word is stemmed in).
    #[inline]
    pub(crate) fn key(token: &Token<'_>, tag: u64) -> u64 {
        let tag = tag ^ ((token.kind as u64) << 8) ^ ((token.script as u64) << 16);
        key_of(token.text.as_bytes(), tag)
    }

    /// The remembered value of the token with key `key`: `Some(Some(v))` a value,
    /// `Some(None)` a token the analyzer skips, `None` not remembered.
    #[inline]
    pub(crate) fn get(&mut self, key: u64, text: &str) -> Option<Option<V>> {
        let s = &self.slots[key as usize & self.mask];
        let n = text.len().min(INLINE);
        let found = (s.key == key
            && usize::from(s.len) == text.len()
            && s.bytes[..n] == text.as_bytes()[..n])
            .then_some(s.value);
        match found {
            Some(_) => self.hits += 1,
            None => self.misses += 1,
        }
        found
    }

    /// Remembers `value` for the token with key `key`.
    #[inline]
    pub(crate) fn put(&mut self, key: u64, text: &str, value: Option<V>) {
        let len = match u16::try_from(text.len()) {
            Ok(len) if len != Slot::<V>::EMPTY.len => len,
            _ => return,
        };
        let mut bytes = [0u8; INLINE];
        let n = text.len().min(INLINE);
        bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
        self.slots[key as usize & self.mask] = Slot {
            key,
            len,
            bytes,
            value,
        };
    }

    /// (hits, misses) since the memo was made or cleared.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits, self.misses)
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = Slot::EMPTY);
        self.hits = 0;
        self.misses = 0;
    }
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, LatinStemming, TermMemo};

    /// (token, stem, stop) as the plain analysis gives them.
    fn plain(a: &Analyzer, text: &str) -> Vec<(String, String, bool)> {
        let mut out = Vec::new();
        a.for_each_term(text, |t| {
            out.push((t.token.text.to_owned(), t.stem.to_owned(), t.stop))
        });
        out
    }

    fn memoized(
        a: &Analyzer,
        memo: &mut TermMemo<(u64, bool)>,
        text: &str,
    ) -> Vec<(String, u64, bool)> {
        let mut out = Vec::new();
        a.for_each_value_while(
            text,
            memo,
            |t| (crate::hash64(t.stem), t.stop),
            |tok, (stem, stop)| {
                out.push((tok.text.to_owned(), stem, stop));
                true
            },
        );
        out
    }

    #[test]
    fn remembered_values_equal_the_analysis() {
        let a = Analyzer::default();
        // A tiny memo: slots are shared and overwritten, and every hit is checked.
        let mut memo = TermMemo::with_bits(2);
        let texts = [
            "وقال وزير الخارجية إن القوات الأمريكية ستنسحب من العراق، وقال الوزير إن العراق",
            "The ministers were negotiating the agreements; the ministers agreed",
            "Les ministres négociaient les accords — les ministres",
            "ـ ٢٠١٨ #عاصي_الحلاني https://example.com/a?b=c والمتحدثةباسمالحكومةالعراقيةالجديدة",
        ];
        for _ in 0..2 {
            for text in texts {
                let want: Vec<(String, u64, bool)> = plain(&a, text)
                    .into_iter()
                    .map(|(t, s, stop)| (t, crate::hash64(&s), stop))
                    .collect();
                assert_eq!(memoized(&a, &mut memo, text), want, "{text}");
            }
        }
        let (hits, misses) = memo.stats();
        assert!(hits > 0 && misses > 0);
    }

    #[test]
    fn a_latin_word_is_remembered_per_language() {
        // "ministres" stems differently in English and French text.
        let a = Analyzer::new(LatinStemming::Auto);
        let mut memo = TermMemo::default();
        let en = "the ministres of the government said that the ministres would meet";
        let fr = "les ministres du gouvernement ont dit que les ministres se réuniraient";
        for text in [en, fr, en] {
            let want: Vec<u64> = plain(&a, text)
                .into_iter()
                .map(|(_, s, _)| crate::hash64(&s))
                .collect();
            let got: Vec<u64> = memoized(&a, &mut memo, text)
                .into_iter()
                .map(|x| x.1)
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
