//! Arabic-first text analysis for rasid: the one analyzer that search, deduplication and
//! tagging share.
//!
//! The pipeline for a text is: [`tokenize`] (raw spans) → [`normalize`] (lossy matching
//! form) → stopword test → stem ([`stem_arabic`] for Arabic, Snowball for English and
//! French). [`Analyzer::for_each_term`] runs it without allocating per token;
//! [`Analyzer::analyze`] returns owned tokens plus language and sentence count, which
//! is what `rasid analyze` prints.
//!
//! This crate does no IO and knows nothing of HTML or storage.
//!
//! ```
//! use rasid_text::{Analyzer, Lang};
//!
//! // "And the minister said that the American forces will withdraw from Iraq."
//! let a = Analyzer::default().analyze("وقال الوزير إن القوات الأمريكية ستنسحب من العراق.");
//! assert_eq!(a.lang, Lang::Ar);
//! let iraq = a.tokens.iter().find(|t| t.text == "العراق").unwrap();
//! assert_eq!(iraq.stem, "عراق"); // the article comes off; العراقي (Iraqi) meets it
//! assert!(a.tokens[0].stop); // وقال ("and he said") is a stopword
//! ```

pub mod agencies;
pub mod conflation;
pub mod langid;
pub mod memo;
pub mod normalize;
pub mod outlets;
pub mod sentences;
pub mod stem;
pub mod stopwords;
pub mod tokenize;
pub mod variants;
pub mod verbs;

pub use langid::{detect, detect_scored, Lang};
pub use memo::TermMemo;
pub use normalize::{label, normalize, normalize_into, normalize_lossless, Level};
pub use sentences::sentences;
pub use stem::stem_arabic;
pub use stopwords::{is_arabic_stopword, is_latin_stopword};
pub use tokenize::{for_each_token, tokenize, Script, Token, TokenKind};

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

/// How Latin-script words are stemmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LatinStemming {
    /// From the detected language of the whole text: English or French Snowball, else none.
    #[default]
    Auto,
    /// Always this language (used by the search index so that queries and documents agree).
    Fixed(Lang),
    /// Lower-case and accent-fold only.
    None,
}

/// The analyzer. Cheap to create; share one per thread or behind an `Arc`.
pub struct Analyzer {
    latin: LatinStemming,
    english: Stemmer,
    french: Stemmer,
    /// Arabic stems of spelling variants become their commoner spelling's.
    variants: bool,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new(LatinStemming::Auto)
    }
}

/// One analyzed token, borrowed from the analyzer's buffers (see [`Analyzer::for_each_term`]).
#[derive(Debug)]
pub struct Term<'t, 'a> {
    pub token: Token<'a>,
    /// Lossy-normalized form.
    pub norm: &'t str,
    /// Stem of `norm` (equal to `norm` for numbers, URLs, emails and unstemmed scripts).
    pub stem: &'t str,
    pub stop: bool,
}

/// One analyzed token, owned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnalyzedToken {
    pub text: String,
    pub norm: String,
    pub stem: String,
    pub stop: bool,
    pub kind: TokenKind,
    /// Byte offsets in the input.
    pub start: usize,
    pub end: usize,
}

/// The analysis of a whole text.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub lang: Lang,
    pub sentences: usize,
    pub tokens: Vec<AnalyzedToken>,
}

impl Analyzer {
    pub fn new(latin: LatinStemming) -> Self {
        Analyzer {
            latin,
            english: Stemmer::create(Algorithm::English),
            french: Stemmer::create(Algorithm::French),
            variants: false,
        }
    }

    /// This analyzer with the learned spelling variants of names and loanwords meeting
    /// (ترمب as ترامب; see [`variants`]): what search indexes and queries with.
    pub fn with_spelling_variants(mut self) -> Self {
        self.variants = true;
        self
    }

    /// Language, sentence count and every token with its normalized form, stem and stopword flag.
    pub fn analyze(&self, text: &str) -> Analysis {
        let lang = detect(text);
        let mut tokens = Vec::new();
        self.for_each_term_in(text, lang, |t| {
            tokens.push(AnalyzedToken {
                text: t.token.text.to_owned(),
                norm: t.norm.to_owned(),
                stem: t.stem.to_owned(),
                stop: t.stop,
                kind: t.token.kind,
                start: t.token.start,
                end: t.token.end(),
            })
        });
        Analysis {
            lang,
            sentences: sentences(text).len(),
            tokens,
        }
    }

    /// Runs the whole analysis, calling `f` for every token. With
    /// [`LatinStemming::Auto`] the language is detected from `text`, and only if a Latin
    /// word turns up: Arabic text never pays for it.
    pub fn for_each_term<'a>(&self, text: &'a str, f: impl FnMut(&Term<'_, 'a>)) {
        let lang = self.latin_lang();
        self.run(text, lang, f)
    }

    /// Like [`Analyzer::for_each_term`] with the language of `text` already known.
    pub fn for_each_term_in<'a>(&self, text: &'a str, lang: Lang, f: impl FnMut(&Term<'_, 'a>)) {
        let lang = match self.latin {
            LatinStemming::Auto => lang,
            LatinStemming::Fixed(l) => l,
            LatinStemming::None => Lang::Unknown,
        };
        self.run(text, Some(lang), f)
    }

    /// Like [`Analyzer::for_each_term`] until `f` returns false: the rest of the text is
    /// not normalized or stemmed (a stage that reads an article's opening pays for the
    /// opening only).
    pub fn for_each_term_while<'a>(&self, text: &'a str, mut f: impl FnMut(&Term<'_, 'a>) -> bool) {
        let lang = self.latin_lang();
        let mut going = true;
        self.run_while(text, lang, &mut going, |t| f(t));
    }

    fn run<'a>(&self, text: &'a str, latin_lang: Option<Lang>, mut f: impl FnMut(&Term<'_, 'a>)) {
        let mut going = true;
        self.run_while(text, latin_lang, &mut going, |t| {
            f(t);
            true
        });
    }

    fn run_while<'a>(
        &self,
        text: &'a str,
        mut latin_lang: Option<Lang>,
        going: &mut bool,
        mut f: impl FnMut(&Term<'_, 'a>) -> bool,
    ) {
        let mut norm = String::with_capacity(64);
        let mut latin_stem = String::with_capacity(64);
        for_each_token(text, |token| {
            if !*going {
                return;
            }
            normalize_into(token.text, Level::Lossy, &mut norm);
            if norm.is_empty() {
                return;
            }
            let (stem, stop) = self.stem(text, &token, &norm, &mut latin_lang, &mut latin_stem);
            *going = f(&Term {
                token,
                norm: &norm,
                stem,
                stop,
            });
        });
    }

    /// The language Latin words are stemmed in, when it does not depend on the text.
    fn latin_lang(&self) -> Option<Lang> {
        match self.latin {
            LatinStemming::Auto => None,
            LatinStemming::Fixed(l) => Some(l),
            LatinStemming::None => Some(Lang::Unknown),
        }
    }

    /// The stem and stopword flag of a token normalized to `norm` (a Latin word's
    /// language is detected from `text` the first time one is met).
    fn stem<'s>(
        &self,
        text: &str,
        token: &Token<'_>,
        norm: &'s str,
        latin_lang: &mut Option<Lang>,
        latin_stem: &'s mut String,
    ) -> (&'s str, bool) {
        match (token.kind, token.script) {
            (TokenKind::Number | TokenKind::Url | TokenKind::Email, _) => (norm, false),
            (_, Script::Arabic) => {
                let stem = stem_arabic(norm);
                let stem = if self.variants {
                    variants::common_spelling(stem)
                } else {
                    stem
                };
                (
                    stem,
                    is_arabic_stopword(norm) && !opens_with_madda(token.text),
                )
            }
            (_, Script::Latin) => {
                let lang = *latin_lang.get_or_insert_with(|| detect_latin_lang(text));
                let stop = is_latin_stopword(norm, lang);
                let stemmer = match lang {
                    Lang::En => Some(&self.english),
                    Lang::Fr => Some(&self.french),
                    _ => None,
                };
                match stemmer {
                    Some(s) => {
                        latin_stem.clear();
                        latin_stem.push_str(&s.stem(norm));
                        (latin_stem, stop)
                    }
                    None => (norm, stop),
                }
            }
            _ => (norm, false),
        }
    }

    /// Like [`Analyzer::for_each_term_while`], for a stage that needs only a value
    /// derived from each term (`derive`, always the same function for one `memo`):
    /// `f` gets each token with its value, and a written form met lately is not
    /// analysed again (see [`TermMemo`]). Tokens that normalize to nothing are skipped,
    /// as everywhere.
    pub fn for_each_value_while<'a, V: Copy>(
        &self,
        text: &'a str,
        memo: &mut TermMemo<V>,
        derive: impl Fn(&Term<'_, 'a>) -> V,
        mut f: impl FnMut(&Token<'a>, V) -> bool,
    ) {
        let mut latin_lang = self.latin_lang();
        let mut norm = String::with_capacity(64);
        let mut latin_stem = String::with_capacity(64);
        let mut going = true;
        for_each_token(text, |token| {
            if !going {
                return;
            }
            // A Latin word's value depends on the language it is stemmed in.
            let tag = match token.script {
                Script::Latin => {
                    *latin_lang.get_or_insert_with(|| detect_latin_lang(text)) as u64 + 1
                }
                _ => 0,
            };
            let key = TermMemo::<V>::key(&token, tag);
            let value = match memo.get(key, token.text) {
                Some(v) => v,
                None => {
                    normalize_into(token.text, Level::Lossy, &mut norm);
                    let v = (!norm.is_empty()).then(|| {
                        let (stem, stop) =
                            self.stem(text, &token, &norm, &mut latin_lang, &mut latin_stem);
                        derive(&Term {
                            token,
                            norm: &norm,
                            stem,
                            stop,
                        })
                    });
                    memo.put(key, token.text, v);
                    v
                }
            };
            if let Some(v) = value {
                going = f(&token, v);
            }
        });
    }
}

/// Stems of the non-stopword tokens of `text`: the bag of terms dedup and clustering use.
pub fn terms(analyzer: &Analyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    analyzer.for_each_term(text, |t| {
        if !t.stop {
            out.push(t.stem.to_owned())
        }
    });
    out
}

/// Whether a written Arabic word opens with an alif madda (آلية، وآلي), after one
/// proclitic at most: no stopword does, while the normal form writes it as a bare alif, so
/// آلية (a mechanism) and آلي (automatic) would read as إليه and إلى.
fn opens_with_madda(written: &str) -> bool {
    let mut chars = written.chars();
    match chars.next() {
        Some('آ') => true,
        Some('و' | 'ف' | 'ب' | 'ك' | 'ل') => chars.next() == Some('آ'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyze_arabic_sentence() {
        let a =
            Analyzer::default().analyze("وقال وزير الخارجية إن القوات الأمريكية ستنسحب من العراق.");
        assert_eq!(a.lang, Lang::Ar);
        assert_eq!(a.sentences, 1);
        let t = &a.tokens;
        assert_eq!(t[0].text, "وقال");
        assert!(t[0].stop);
        assert_eq!(t[1].stem, "وزير");
        assert!(!t[1].stop);
        assert_eq!(t[2].norm, "الخارجيه");
        assert_eq!(t[2].stem, "خارج");
        assert!(t.iter().any(|x| x.text == "العراق" && x.stem == "عراق"));
    }

    #[test]
    fn a_word_of_alif_madda_is_no_stopword_its_normal_form_reads_as() {
        let a = Analyzer::default().analyze("آلية جديدة وآلي إليه");
        let stop: Vec<bool> = a.tokens.iter().map(|t| t.stop).collect();
        assert_eq!(stop, [false, false, false, true]);
    }

    #[test]
    fn english_words_are_snowball_stemmed_in_english_text() {
        let a = Analyzer::default().analyze("The ministers were negotiating the agreements");
        assert_eq!(a.lang, Lang::En);
        assert!(a
            .tokens
            .iter()
            .any(|t| t.text == "agreements" && t.stem == "agreement"));
        assert!(a.tokens.iter().any(|t| t.text == "The" && t.stop));
    }

    #[test]
    fn terms_skip_stopwords() {
        let a = Analyzer::default();
        assert_eq!(terms(&a, "في العراق"), vec!["عراق".to_owned()]);
    }
}

/// Bytes of a text whose language decides how its Latin words are stemmed: its opening
/// tells as well as the whole, and an Arabic article with one Latin name (CNN) used to
/// have all of its body read again for it by every analysis (4% of an ingest's time).
const LATIN_LANG_BYTES: usize = 4096;

/// The language of `text` for its Latin words, from its first [`LATIN_LANG_BYTES`].
fn detect_latin_lang(text: &str) -> Lang {
    detect(prefix(text, LATIN_LANG_BYTES))
}

/// At most `bytes` of `text`, cut before the last whole word (at a character boundary
/// when the cut falls inside one long word): the prefix a stage reads when it needs only
/// an article's first words.
pub fn prefix(text: &str, bytes: usize) -> &str {
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

/// A 64-bit hash of a term (FNV-1a, then a SplitMix finalizer so every bit mixes): the
/// identity under which the link and enrich stages count terms. Stable across runs and
/// versions — saved frequencies and shipped models depend on it.
pub fn hash64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix64(h)
}

/// SplitMix64's finalizer.
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// `f` over `items` on up to `threads` threads (contiguous chunks), results in the
/// items' order: the stages' CPU-bound batch work, deterministic whatever the count.
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let per = items.len().div_ceil(threads.max(1)).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(per)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod prefix_tests {
    #[test]
    fn prefixes_end_on_a_whole_word() {
        assert_eq!(super::prefix("واشنطن وبغداد تتفقان", 20), "واشنطن");
        assert_eq!(super::prefix("abc", 10), "abc");
        assert_eq!(super::prefix("واشنطن", 5), "وا");
        assert_ne!(super::hash64("العراق"), super::hash64("عراق"));
        let v: Vec<u32> = (0..10).collect();
        assert_eq!(
            super::par_map(&v, 3, |x| x * 2),
            (0..10).map(|x| x * 2).collect::<Vec<_>>()
        );
    }
}
