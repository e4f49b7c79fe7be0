//! Stopword lists, compiled in: Arabic (written for rasid), English and French.
//!
//! Lookups take the *lossy-normalized* token, so the lists may be written in ordinary
//! spelling (أيضاً, être) and still match every variant (ايضا, etre).

use crate::langid::Lang;
use crate::normalize::normalize;
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

fn load(src: &str) -> FxHashSet<String> {
    src.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(normalize)
        .collect()
}

static AR: LazyLock<FxHashSet<String>> = LazyLock::new(|| load(include_str!("stopwords/ar.txt")));
static EN: LazyLock<FxHashSet<String>> = LazyLock::new(|| load(include_str!("stopwords/en.txt")));
static FR: LazyLock<FxHashSet<String>> = LazyLock::new(|| load(include_str!("stopwords/fr.txt")));

/// Whether a lossy-normalized Arabic token is a stopword, also behind a conjunction
/// (وفي، فإن، ولكن are stopwords because في، إن، لكن are).
pub fn is_arabic_stopword(norm: &str) -> bool {
    if AR.contains(norm) {
        return true;
    }
    // ولي (guardian, as in ولي العهد — the crown prince) is a word, not و + لي.
    if norm == "ولي" {
        return false;
    }
    let rest = norm.strip_prefix('و').or_else(|| norm.strip_prefix('ف'));
    matches!(rest, Some(r) if r.chars().count() >= 2 && AR.contains(r))
}

/// Whether a lossy-normalized Latin-script token is a stopword in `lang`
/// (English and French lists both apply when the language is neither).
pub fn is_latin_stopword(norm: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => EN.contains(norm),
        Lang::Fr => FR.contains(norm),
        _ => EN.contains(norm) || FR.contains(norm),
    }
}

/// The number of entries in each list (for `rasid analyze --help`-style reports and tests).
pub fn list_sizes() -> [(Lang, usize); 3] {
    [
        (Lang::Ar, AR.len()),
        (Lang::En, EN.len()),
        (Lang::Fr, FR.len()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_stopwords_match_all_spellings() {
        assert!(is_arabic_stopword(&normalize("إلى")));
        assert!(is_arabic_stopword(&normalize("الى")));
        assert!(is_arabic_stopword(&normalize("أيضاً")));
        assert!(is_arabic_stopword(&normalize("وفي")));
        assert!(is_arabic_stopword(&normalize("ولكن")));
        assert!(!is_arabic_stopword(&normalize("العراق")));
        assert!(!is_arabic_stopword(&normalize("وزير")));
        assert!(!is_arabic_stopword(&normalize("ولي")));
    }

    #[test]
    fn latin_stopwords() {
        assert!(is_latin_stopword("the", Lang::En));
        assert!(is_latin_stopword("etre", Lang::Fr));
        assert!(!is_latin_stopword("reuters", Lang::En));
        assert!(list_sizes().iter().all(|(_, n)| *n > 100));
    }
}
