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

static AR: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    let mut set = load(include_str!("stopwords/ar.txt"));
    set.extend(with_attached_pronouns());
    set
});

/// Particles, prepositions and adverbs of place and time that take an attached pronoun
/// and stay function words with it: إليكم، عليهن، معكم، أمامها، خلاله، لعلنا. (Not خلف
/// or قبل, whose forms are words too: خلفه, his successor; قبلي, tribal; nor a first
/// person's ي, which makes words of many: خلفي، بعدي.)
const PRONOUN_HOSTS: &[&str] = &[
    "إلى", "على", "لدى", "من", "عن", "في", "مع", "عند", "بين", "حول", "دون", "أمام", "فوق", "تحت",
    "بعد", "ضد", "عبر", "نحو", "بدون", "خلال", "إن", "أن", "لأن", "لكن", "كأن", "لعل", "ليت", "غير",
    "كل", "بعض", "جميع", "نفس", "ذات", "ب", "ل",
];

/// The attached pronouns (besides the first person's ي): him, her, the two of them, them,
/// you, us — and ني after the particles of إن's kind (إنني، لكنني، لعلني).
const ATTACHED: &[&str] = &["ه", "ها", "هما", "هم", "هن", "ك", "كما", "كم", "كن", "نا"];

/// Every host of [`PRONOUN_HOSTS`] with every pronoun of [`ATTACHED`], normalized (إلى
/// is written إلي before one: إليكم).
fn with_attached_pronouns() -> impl Iterator<Item = String> {
    PRONOUN_HOSTS.iter().flat_map(|host| {
        let stem = host
            .strip_suffix('ى')
            .map_or_else(|| (*host).to_owned(), |h| format!("{h}ي"));
        let ni = matches!(*host, "إن" | "أن" | "لأن" | "لكن" | "كأن" | "لعل" | "ليت");
        ATTACHED
            .iter()
            .chain(ni.then_some(&"ني"))
            .map(move |p| normalize(&format!("{stem}{p}")))
    })
}

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
    fn particles_with_an_attached_pronoun_are_stopwords() {
        for w in [
            "إليكم",
            "عليهن",
            "ومعكم",
            "أمامها",
            "خلاله",
            "لعلنا",
            "إنني",
            "بكما",
        ] {
            assert!(is_arabic_stopword(&normalize(w)), "{w}");
        }
        // Words of their own (his successor, tribal, rear), and words no particle makes.
        for w in ["خلفه", "قبلي", "خلفي", "علم", "منظمة"] {
            assert!(!is_arabic_stopword(&normalize(w)), "{w}");
        }
    }

    #[test]
    fn latin_stopwords() {
        assert!(is_latin_stopword("the", Lang::En));
        assert!(is_latin_stopword("etre", Lang::Fr));
        assert!(!is_latin_stopword("reuters", Lang::En));
        assert!(list_sizes().iter().all(|(_, n)| *n > 100));
    }
}
