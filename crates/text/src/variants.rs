//! Spelling variants of one word: foreign names and loanwords are written with or without
//! their long vowels (ترامب / ترمب, نتنياهو / نتانياهو, أمريكا / أميركا, بوتين / بوتن),
//! one outlet one way and the next the other. A search for one spelling missed the other,
//! and stories and tags split one name in two.
//!
//! The variants are learned from news text ([`learn`]), not listed by hand: two stems are
//! one word spelled two ways when they differ only by the long vowels ا و ي inside them
//! or by a foreign g written غ or ج (لاغارد / لاجارد, بوينغ / بوينج),
//! are both common, are found in the same contexts (the same words right before and after
//! them), and the outlets split over them — each outlet keeps mostly to one spelling (a
//! house style), while two different words of one root that share their contexts (يشير
//! "indicates" / يشار "is indicated", حصول / حاصل) are used by every outlet alike. The
//! learned pairs ship compiled in (`data/spelling_variants_learned.txt`); an analyzer
//! made [`crate::Analyzer::with_spelling_variants`] (search's) maps each variant's stem to
//! the commoner spelling's ([`common_spelling`]), and entities write a name's words the
//! commoner way ([`common_name`]).
//!
//! Whole names are learned too ([`learn_names`]): a person's name whose words differ from
//! a commoner name's only as a foreign name's transliterations do (long vowels, غ / ج, a
//! space: أنجيلا ميركل / أنغيلا ميركل, شي جينبينغ / شي جين بينغ), where no differing word is
//! an Arabic given or family name (بن مبارك, الثني: حسان مبروك is not حسني مبارك). Those
//! ship compiled in too (`data/name_variants_learned.txt`); [`common_name`] and
//! [`label_key`] write such a name as its commoner form.
//!
//! The analysis the other stages share keeps the spellings apart for now: merged there, a
//! name's document frequency is its true one and the key phrases then prefer a name glued
//! to its verb (ترمب يثير) over the name; the story figures moved within their noise, but
//! under their gate (see the README).

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::LazyLock;

/// The learned pairs, one `variant canonical surface` per line (two stems, then how the
/// canonical word is most often written); regenerate with `rasid-eval lexicon`.
pub const LEARNED_VARIANTS: &str = include_str!("../data/spelling_variants_learned.txt");

/// The learned pairs as read.
#[derive(Default)]
struct Learned {
    /// Stem of a variant spelling → stem of the commoner one.
    stems: FxHashMap<&'static str, &'static str>,
    /// Both spellings (as bare lossy-normalized words) → how the commoner one is most
    /// often written.
    surfaces: FxHashMap<&'static str, &'static str>,
}

static LEARNED: LazyLock<Learned> = LazyLock::new(|| {
    let mut learned = Learned::default();
    for l in LEARNED_VARIANTS.lines() {
        if let [variant, common, surface] = l.split(' ').collect::<Vec<_>>()[..] {
            learned.stems.insert(variant, common);
            learned.surfaces.insert(variant, surface);
            learned.surfaces.insert(common, surface);
        }
    }
    learned
});

/// The stem of the commoner spelling of the word whose stem is `stem` (`stem` itself for
/// a word without a learned variant): ترمب → ترامب.
pub fn common_spelling(stem: &str) -> &str {
    LEARNED.stems.get(stem).copied().unwrap_or(stem)
}

/// How the commoner spelling is written, for a bare word (lossy-normalized, no clitic or
/// suffix) that is either spelling of a learned pair: ترمب → ترامب, نتانياهو → نتنياهو.
pub fn common_surface(word: &str) -> Option<&'static str> {
    LEARNED.surfaces.get(word).copied()
}

/// The endings of an adjective of origin (normalized): أمريكي، أمريكية، أمريكيون،
/// أمريكيين — of أمريكا, its last ا dropped.
const NISBA_ENDINGS: [&str; 4] = ["يون", "يين", "يه", "ي"];

/// A written word that is either spelling of a learned pair, bare (ترمب → ترامب), or the
/// adjective of one of origin, definite or not (الأميركية → الأمريكية of أميركا / أمريكا),
/// written the commoner way; `None` for any other word.
fn common_word(word: &str) -> Option<String> {
    let n = crate::normalize(word);
    if let Some(s) = common_surface(&n) {
        return Some(s.to_owned());
    }
    let (article, rest) = match n.strip_prefix("ال") {
        Some(rest) => ("ال", rest),
        None => ("", n.as_str()),
    };
    NISBA_ENDINGS.iter().find_map(|ending| {
        let stem = rest.strip_suffix(ending)?;
        let base = common_surface(&format!("{stem}ا"))?.strip_suffix('ا')?;
        // The ending as the word writes it (ية or يه), and the article.
        let chars: Vec<char> = word.chars().collect();
        let written: String = chars[chars.len().checked_sub(ending.chars().count())?..]
            .iter()
            .collect();
        (stem.chars().count() >= 3).then(|| format!("{article}{base}{written}"))
    })
}

/// The learned whole-name variants, one `variant<TAB>canonical` per line (labels as
/// written); regenerate with `rasid-eval lexicon --names-out`.
pub const LEARNED_NAMES: &str = include_str!("../data/name_variants_learned.txt");

/// [`LEARNED_NAMES`] by the [`name_key`] of each variant.
static NAMES: LazyLock<FxHashMap<String, &'static str>> = LazyLock::new(|| {
    LEARNED_NAMES
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(variant, canonical)| (name_key(variant), canonical))
        .collect()
});

/// Whether [`common_name`] and [`label_key`] read the learned whole names (on unless
/// switched off by [`set_whole_names`]).
static WHOLE_NAMES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Switches the learned whole names off or on, for the whole process: learning them again
/// ([`learn_names`]) needs the names as extraction finds them, before they are merged.
pub fn set_whole_names(on: bool) {
    WHOLE_NAMES.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// A name as whole names are matched: each word lossy-normalized, عبد and أبو joined to the
/// word after (عبد الله and عبدالله meet).
pub fn name_key(name: &str) -> String {
    joined_words(crate::normalize(name).split_whitespace().map(Cow::Borrowed))
}

/// Words separated by spaces, but عبد and أبو joined to the word after.
fn joined_words<'w>(words: impl Iterator<Item = Cow<'w, str>>) -> String {
    let mut out = String::new();
    let mut joined = false;
    for w in words {
        if !out.is_empty() && !joined {
            out.push(' ');
        }
        out.push_str(&w);
        joined = w == "عبد" || w == "ابو";
    }
    out
}

/// Whether the learned whole names are read (see [`set_whole_names`]).
fn whole_names_on() -> bool {
    WHOLE_NAMES.load(std::sync::atomic::Ordering::Relaxed)
}

/// The commoner form of a name learned as a whole ([`learn_names`]): أنجيلا ميركل →
/// أنغيلا ميركل; `None` for any other name.
pub fn common_whole_name(name: &str) -> Option<&'static str> {
    if !whole_names_on() || !name.contains(' ') {
        return None;
    }
    NAMES.get(&name_key(name)).copied()
}

/// A name with each word that is either spelling of a learned pair, or its adjective of
/// origin, written the commoner way (دونالد ترمب → دونالد ترامب; وزارة الخارجية الأميركية →
/// وزارة الخارجية الأمريكية): one name whichever outlet wrote it. Other words stay as
/// written.
pub fn common_name(name: &str) -> std::borrow::Cow<'_, str> {
    if let Some(whole) = common_whole_name(name) {
        return std::borrow::Cow::Borrowed(whole);
    }
    let words: Vec<Option<String>> = name.split(' ').map(common_word).collect();
    if words.iter().all(Option::is_none) {
        return std::borrow::Cow::Borrowed(name);
    }
    name.split(' ')
        .zip(words)
        .map(|(w, common)| common.unwrap_or_else(|| w.to_owned()))
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

/// What two tags or entity names are matched by: the lossy form of each word, a word
/// that is either spelling of a learned pair, or its adjective of origin, as the commoner
/// one — ايران and إيران, ترمب and ترامب, الاتحاد الأوروبي and الاتحاد الاوروبي, الأميركية
/// and الأمريكية meet —, and عبد or أبو joined to the
/// word after, as names are written either way (عبد العزيز and عبدالعزيز, أبو ظبي and
/// أبوظبي).
pub fn label_key(label: &str) -> String {
    let mut normalized = crate::normalize(label);
    // A whole name learned as written two ways is keyed as its commoner form (normalized
    // once: a label key is taken of every tag and entity indexed).
    if whole_names_on() && normalized.contains(' ') {
        let key = joined_words(normalized.split_whitespace().map(Cow::Borrowed));
        if let Some(common) = NAMES.get(&key) {
            normalized = crate::normalize(common);
        }
    }
    joined_words(
        normalized
            .split_whitespace()
            .map(|w| common_word(w).map_or(Cow::Borrowed(w), |c| Cow::Owned(crate::normalize(&c)))),
    )
}

/// Both stems seen at least this often to be learned.
pub const MIN_COUNT: u64 = 20;
/// Stems this long (letters) or longer: shorter ones have too many neighbours.
pub const MIN_LETTERS: usize = 4;
/// Cosine of the two stems' contexts at least.
pub const MIN_CONTEXT: f64 = 0.7;
/// How strongly the outlets split over the two spellings at least: Cramér's V of the
/// outlets × spellings table (0: all alike, 1: each keeps to one).
pub const MIN_OUTLET_SPLIT: f64 = 0.5;

/// Stems that are Arabic words as well as a foreign name's spelling, never learned as a
/// variant: انجيل is the Gospel (إنجيل) besides أنجيلا ميركل's stem, which news writes far
/// more often, so the contexts alone would pair it with أنغيلا's.
const ALSO_WORDS: &[&str] = &["انجيل"];

/// The stem without the long vowels inside it (the first and last letters stay) and with
/// غ written ج, the key under which spelling variants meet; `None` for a stem too short to
/// have variants.
pub fn skeleton(stem: &str) -> Option<String> {
    if stem.chars().count() < MIN_LETTERS {
        return None;
    }
    let s = word_skeleton(stem);
    (s.chars().count() >= 3).then_some(s)
}

/// What [`learn`] knows of a stem.
#[derive(Clone, Debug, Default)]
pub struct StemStats {
    /// Occurrences.
    pub count: u64,
    /// Counts of its contexts: a hash of the stem before it (or after it, kept apart).
    pub context: FxHashMap<u64, u32>,
    /// Occurrences by outlet (any numbering of the outlets).
    pub outlets: FxHashMap<u32, u64>,
}

/// The stems of `counts` (stem → occurrences) that share their [`skeleton`] with another
/// stem, both seen [`MIN_COUNT`] times or more: the ones [`learn`] needs statistics of.
pub fn candidates<S: std::hash::BuildHasher>(
    counts: &std::collections::HashMap<String, u64, S>,
) -> Vec<String> {
    let common = counts
        .iter()
        .filter(|&(_, &n)| n >= MIN_COUNT)
        .map(|(s, _)| s.as_str());
    let mut out: Vec<String> = by_skeleton(common)
        .into_values()
        .filter(|g| g.len() > 1)
        .flatten()
        .map(str::to_owned)
        .collect();
    out.sort();
    out
}

/// The spelling variants among `stats` (of the [`candidates`]), as (variant, canonical)
/// stems sorted by variant. A pair must meet every condition of the module's
/// description; a stem then maps to the commonest stem it is paired with, when that one
/// is commoner.
pub fn learn(stats: &FxHashMap<String, StemStats>) -> Vec<(String, String)> {
    let groups = by_skeleton(stats.keys().map(String::as_str));
    let mut best: FxHashMap<&str, &str> = FxHashMap::default();
    for group in groups.values() {
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                let (sa, sb) = (&stats[a], &stats[b]);
                if sa.count < MIN_COUNT
                    || sb.count < MIN_COUNT
                    || ALSO_WORDS.contains(&a)
                    || ALSO_WORDS.contains(&b)
                {
                    continue;
                }
                if cosine(&sa.context, &sb.context) < MIN_CONTEXT
                    || cramer_v(&sa.outlets, &sb.outlets) < MIN_OUTLET_SPLIT
                {
                    continue;
                }
                let (rare, common) = if (sa.count, a) < (sb.count, b) {
                    (a, b)
                } else {
                    (b, a)
                };
                let e = best.entry(rare).or_insert(common);
                if stats[common].count > stats[*e].count {
                    *e = common;
                }
            }
        }
    }
    // A chain (a → b → c) ends at its last stem.
    let mut out: Vec<(String, String)> = best
        .iter()
        .map(|(&v, &c)| {
            let mut c = c;
            let mut hops = 0;
            while let Some(&next) = best.get(c) {
                if hops > 8 {
                    break;
                }
                c = next;
                hops += 1;
            }
            (v.to_owned(), c.to_owned())
        })
        .collect();
    out.sort();
    out
}

/// What [`learn_names`] knows of a person's name (by its [`name_key`]).
#[derive(Clone, Debug, Default)]
pub struct NameStats {
    /// Articles naming it.
    pub articles: u64,
    /// How it is written, with counts (the commonest is the canonical form shown).
    pub written: FxHashMap<String, u64>,
    /// Its context: the other entities of its articles (a hash of each one's key), counted.
    pub context: FxHashMap<u64, u32>,
}

/// A variant of a whole name is named in this many articles at least.
pub const MIN_NAME_ARTICLES: u64 = 3;
/// Cosine of the two names' contexts (the other entities of their articles) at least: a
/// floor against chance, low since a rare spelling's few articles say little.
pub const MIN_NAME_CONTEXT: f64 = 0.1;

/// Cosine of the contexts of a name with its father's and without at least: higher than
/// [`MIN_NAME_CONTEXT`], as the short name of a common given and family name can be
/// another person's (تركي الفيصل is not تركي بن عبدالله الفيصل).
pub const MIN_NASAB_CONTEXT: f64 = 0.4;

/// A family name ending more names than this is a tribe's or a common one (الغامدي,
/// الشمري, الحسين), whose short names are not one person's.
pub const MAX_FAMILY_NAMES: usize = 15;

/// A name key without spaces and without the long vowels inside it, with غ written ج: the
/// key under which a foreign name's transliterations meet.
fn name_skeleton(key: &str) -> String {
    foreign_letters(&word_skeleton(&key.replace(' ', "")))
}

/// A name's skeleton with the letters a foreign sound is written in either way made one:
/// a Spanish j as خ or ج (سيرخيو / سيرجيو), a Turkish ç as تش or ج (تشاووش / جاويش), an
/// English ch as تش or ش (منوتشين / منوشين), a Portuguese final s as ش or س (غوتيريش /
/// غوتيريس), a German ch as خ or ك (يواخيم / يواكيم), an s as س or ز (زيهوفر / سيهوفر).
fn foreign_letters(skeleton: &str) -> String {
    skeleton
        .replace("تش", "ج")
        .chars()
        .map(|c| match c {
            'خ' | 'ش' | 'س' | 'ك' | 'ز' => 'ج',
            c => c,
        })
        .collect()
}

/// A word without the long vowels inside it (its first and last letters stay: ويل is not
/// ويلو), with غ written ج: a foreign g is written غ by some outlets and ج by others
/// (غوارديولا / جوارديولا, ميركل's أنغيلا / أنجيلا).
fn word_skeleton(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let last = chars.len().saturating_sub(1);
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| i == 0 || i == last || !matches!(c, 'ا' | 'و' | 'ي'))
        .map(|(_, &c)| if c == 'غ' { 'ج' } else { c })
        .collect()
}

/// Whether two name keys of one [`name_skeleton`] differ only where a foreign name's
/// transliterations do: word by word inside the words (ويل سميث is not ويلو سميث), no
/// differing word an Arabic name's (`arabic`: the words seen after بن in names — سعود,
/// مبارك, حسين) or a family name with the article (القرني / القريني, الثاني / الثني); or
/// by a space that splits no ال off (عبدالله ال ثاني is not عبدالله الثاني).
fn transliterations(a: &str, b: &str, arabic: &rustc_hash::FxHashSet<String>) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let arabic_word = |w: &str| arabic.contains(w) || w.starts_with("ال");
    if wa.len() == wb.len() {
        wa.iter().zip(&wb).filter(|(x, y)| x != y).all(|(x, y)| {
            !arabic_word(x)
                && !arabic_word(y)
                && foreign_letters(&word_skeleton(x)) == foreign_letters(&word_skeleton(y))
        })
    } else {
        !wa.iter().chain(&wb).any(|&w| w == "ال")
    }
}

/// The whole-name variants among `names` (name key → statistics), as (variant, canonical)
/// written forms sorted by variant: names of two words or more that share their
/// [`name_skeleton`] with a commoner name and differ from it only as transliterations do
/// (see [`transliterations`]; `arabic`: the words seen after بن in names), named in
/// [`MIN_NAME_ARTICLES`] articles or more, in contexts alike ([`MIN_NAME_CONTEXT`]), each
/// mapped to the commonest name of its skeleton; and a given and family name (عادل الجبير)
/// with the long forms among the names that add one middle name (عادل بن أحمد الجبير;
/// عمر حسن البشير), in contexts alike ([`MIN_NASAB_CONTEXT`]), the family name no tribe's
/// ([`MAX_FAMILY_NAMES`]), each mapped to the commonest form.
pub fn learn_names(
    names: &FxHashMap<String, NameStats>,
    arabic: &rustc_hash::FxHashSet<String>,
) -> Vec<(String, String)> {
    // (Written in Arabic letters first: a name copied from Persian text, إسحاق جهانغیری
    // with a Persian ی, is shown as Arabic writes it where any article does.)
    let arabic_letters = |w: &str| !w.contains(['ی', 'ک', 'پ', 'چ', 'ژ', 'گ']);
    let shown = |s: &NameStats| {
        s.written
            .iter()
            .max_by(|a, b| {
                (arabic_letters(a.0), a.1)
                    .cmp(&(arabic_letters(b.0), b.1))
                    .then(b.0.cmp(a.0))
            })
            .map(|(w, _)| w.clone())
    };
    let mut groups: FxHashMap<String, Vec<&str>> = FxHashMap::default();
    for key in names.keys().filter(|k| k.contains(' ')) {
        groups.entry(name_skeleton(key)).or_default().push(key);
    }
    let mut out = Vec::new();
    for group in groups.values().filter(|g| g.len() > 1) {
        let canonical = group
            .iter()
            .copied()
            .max_by(|a, b| names[*a].articles.cmp(&names[*b].articles).then(b.cmp(a)))
            .expect("a group of two or more");
        let c = &names[canonical];
        for &key in group {
            let v = &names[key];
            if key == canonical
                || v.articles < MIN_NAME_ARTICLES
                || !transliterations(key, canonical, arabic)
                || cosine(&v.context, &c.context) < MIN_NAME_CONTEXT
            {
                continue;
            }
            if let (Some(variant), Some(common)) = (shown(v), shown(c)) {
                out.push((variant, common));
            }
        }
    }
    // A name with a middle name — the father's, with بن or without (عادل بن أحمد الجبير،
    // عمر حسن البشير), or another (جورج دبليو بوش) — and without it (عادل الجبير): one
    // person when the short name has one middle name among the names (two or more: محمد
    // العمري is several people), each form named in enough articles, in contexts alike.
    let mut long_forms: FxHashMap<(&str, &str), Vec<(&str, &str)>> = FxHashMap::default();
    for (key, st) in names {
        let w: Vec<&str> = key.split(' ').collect();
        if st.articles < MIN_NAME_ARTICLES {
            continue;
        }
        let middle = match w[..] {
            [_, "بن" | "ابن", m, _] => m,
            [_, m, _]
                if !matches!(m, "بن" | "ابن" | "بنت" | "ولد" | "ال") && !m.starts_with("ال") =>
            {
                m
            }
            _ => continue,
        };
        long_forms
            .entry((w[0], w[w.len() - 1]))
            .or_default()
            .push((middle, key.as_str()));
    }
    // How many names end in each word: a tribe's name (القحطاني، الغامدي) ends hundreds,
    // and its short names are many people's.
    let mut ending: FxHashMap<&str, usize> = FxHashMap::default();
    for key in names.keys() {
        if let Some((_, last)) = key.rsplit_once(' ') {
            *ending.entry(last).or_default() += 1;
        }
    }
    let learned: rustc_hash::FxHashSet<String> = out.iter().map(|(v, _)| name_key(v)).collect();
    for (key, short) in names {
        let w: Vec<&str> = key.split(' ').collect();
        let (2, Some(longs)) = (w.len(), long_forms.get(&(w[0], w[w.len() - 1]))) else {
            continue;
        };
        if short.articles < MIN_NAME_ARTICLES
            || longs.iter().any(|(m, _)| *m != longs[0].0)
            || ending.get(w[1]).copied().unwrap_or(0) > MAX_FAMILY_NAMES
            || learned.contains(key)
            || longs.iter().any(|(_, l)| learned.contains(*l))
        {
            continue;
        }
        // The forms of the one person: the commonest is shown for all.
        let mut forms: Vec<&str> = longs.iter().map(|(_, l)| *l).collect();
        forms.push(key.as_str());
        forms.sort_by(|a, b| names[*b].articles.cmp(&names[*a].articles).then(a.cmp(b)));
        let c = &names[forms[0]];
        for form in &forms[1..] {
            let v = &names[*form];
            if cosine(&v.context, &c.context) < MIN_NASAB_CONTEXT {
                continue;
            }
            if let (Some(variant), Some(common)) = (shown(v), shown(c)) {
                out.push((variant, common));
            }
        }
    }
    out.sort();
    out
}

/// Stems grouped by their [`skeleton`].
fn by_skeleton<'s>(stems: impl Iterator<Item = &'s str>) -> FxHashMap<String, Vec<&'s str>> {
    let mut groups: FxHashMap<String, Vec<&str>> = FxHashMap::default();
    for stem in stems {
        if let Some(k) = skeleton(stem) {
            groups.entry(k).or_default().push(stem);
        }
    }
    groups
}

fn cosine(a: &FxHashMap<u64, u32>, b: &FxHashMap<u64, u32>) -> f64 {
    let norm = |m: &FxHashMap<u64, u32>| m.values().map(|&v| (v as f64).powi(2)).sum::<f64>();
    let (small, large) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let dot: f64 = small
        .iter()
        .filter_map(|(k, &v)| large.get(k).map(|&w| v as f64 * w as f64))
        .sum();
    let n = (norm(a) * norm(b)).sqrt();
    if n > 0.0 {
        dot / n
    } else {
        0.0
    }
}

/// Cramér's V of the outlets × spellings table of two stems: 0 when every outlet uses
/// the two in the same proportion, 1 when each outlet keeps to one of them.
fn cramer_v(a: &FxHashMap<u32, u64>, b: &FxHashMap<u32, u64>) -> f64 {
    let mut outlets: Vec<u32> = a.keys().chain(b.keys()).copied().collect();
    outlets.sort_unstable();
    outlets.dedup();
    let rows: Vec<(f64, f64)> = outlets
        .iter()
        .map(|o| {
            (
                a.get(o).copied().unwrap_or(0) as f64,
                b.get(o).copied().unwrap_or(0) as f64,
            )
        })
        .collect();
    let (ta, tb) = rows.iter().fold((0.0, 0.0), |(x, y), r| (x + r.0, y + r.1));
    let n = ta + tb;
    if rows.len() < 2 || ta == 0.0 || tb == 0.0 {
        return 0.0;
    }
    let chi2: f64 = rows
        .iter()
        .map(|&(x, y)| {
            let row = x + y;
            let (ea, eb) = (row * ta / n, row * tb / n);
            (x - ea).powi(2) / ea + (y - eb).powi(2) / eb
        })
        .sum();
    (chi2 / n).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Statistics of a name written one way, named in `articles` articles beside `context`.
    fn name(written: &str, articles: u64, context: &[u64]) -> (String, NameStats) {
        let stats = NameStats {
            articles,
            written: [(written.to_owned(), articles)].into_iter().collect(),
            context: context.iter().map(|&c| (c, articles as u32)).collect(),
        };
        (name_key(written), stats)
    }

    #[test]
    fn a_foreign_names_transliterations_are_learned_as_one_name() {
        let names: FxHashMap<String, NameStats> = [
            name("أنغيلا ميركل", 200, &[1, 2, 3]),
            name("أنجيلا ميركل", 120, &[1, 2, 4]),
            name("شي جينبينغ", 70, &[5, 6]),
            name("شي جين بينغ", 110, &[5, 6]),
            // Arabic names that differ by their long vowels are other people: مبارك
            // follows بن in a name, القريني carries the article, ال splits off.
            name("حسني مبارك", 80, &[7]),
            name("حسان مبروك", 8, &[7]),
            name("عبدالله القرني", 30, &[8]),
            name("عبدالله القريني", 25, &[8]),
            name("عبدالله الثاني", 190, &[9]),
            name("عبدالله آل ثاني", 5, &[9]),
            // Too rare, another context, another word.
            name("انجيلا مركل", 2, &[1, 2]),
            name("ويل سميث", 9, &[12]),
            name("ويلو سميث", 3, &[12]),
            name("كيم جونغ أون", 600, &[10]),
            name("كيم جونج أون", 30, &[11]),
            // A Spanish j written خ or ج.
            name("سيرخيو راموس", 60, &[13]),
            name("سيرجيو راموس", 50, &[13]),
            // An English ch written تش or ش, a German ch خ or ك.
            name("ستيفن منوتشين", 60, &[14]),
            name("ستيفن منوشين", 40, &[14]),
            name("يواخيم لوف", 50, &[15]),
            name("يواكيم لوف", 40, &[15]),
            // An s written س or ز.
            name("هورست زيهوفر", 50, &[17]),
            name("هورست سيهوفر", 20, &[17]),
        ]
        .into_iter()
        .collect();
        let mut names = names;
        // Shown in Arabic letters where any article writes it so, however few.
        let (key, mut stats) = name("إسحاق جهانغیری", 30, &[16]);
        stats.written.insert("إسحاق جهانغيري".to_owned(), 5);
        names.insert(key, stats);
        names.extend([name("إسحق جهانكيري", 6, &[16])]);
        let arabic: rustc_hash::FxHashSet<String> =
            ["مبارك", "نايف"].into_iter().map(str::to_owned).collect();
        assert_eq!(
            learn_names(&names, &arabic),
            vec![
                ("أنجيلا ميركل".to_owned(), "أنغيلا ميركل".to_owned()),
                ("إسحق جهانكيري".to_owned(), "إسحاق جهانغيري".to_owned()),
                ("ستيفن منوشين".to_owned(), "ستيفن منوتشين".to_owned()),
                ("سيرجيو راموس".to_owned(), "سيرخيو راموس".to_owned()),
                ("شي جينبينغ".to_owned(), "شي جين بينغ".to_owned()),
                ("هورست سيهوفر".to_owned(), "هورست زيهوفر".to_owned()),
                ("يواكيم لوف".to_owned(), "يواخيم لوف".to_owned()),
            ]
        );
    }

    #[test]
    fn a_name_with_one_middle_name_is_the_short_names_person() {
        let mut names: FxHashMap<String, NameStats> = [
            name("عادل الجبير", 290, &[1, 2]),
            name("عادل بن أحمد الجبير", 100, &[1, 2, 3]),
            // Two long forms: the short name is several people.
            name("محمد العمري", 10, &[4]),
            name("محمد بن حمد العمري", 4, &[4]),
            name("محمد بن عبدالهادي العمري", 4, &[4]),
            // Another context.
            name("تركي الفيصل", 40, &[5]),
            name("تركي بن عبدالله الفيصل", 12, &[6]),
            // A middle name without بن.
            name("عمر البشير", 120, &[7]),
            name("عمر حسن البشير", 16, &[7, 8]),
        ]
        .into_iter()
        .collect();
        let none = rustc_hash::FxHashSet::default();
        let jubeir = vec![
            ("عادل بن أحمد الجبير".to_owned(), "عادل الجبير".to_owned()),
            ("عمر حسن البشير".to_owned(), "عمر البشير".to_owned()),
        ];
        assert_eq!(learn_names(&names, &none), jubeir);
        // A tribe's name ends too many names for its short names to be one person's.
        for i in 2..MAX_FAMILY_NAMES {
            names.extend([name(&format!("اسم{i} الجبير"), 1, &[])]);
        }
        assert_eq!(learn_names(&names, &none), jubeir);
        names.extend([name("آخر الجبير", 1, &[])]);
        assert_eq!(learn_names(&names, &none), jubeir[1..]);
    }

    #[test]
    fn compound_names_meet_however_they_are_spaced() {
        assert_eq!(
            label_key("سلمان بن عبد العزيز"),
            label_key("سلمان بن عبدالعزيز")
        );
        assert_eq!(label_key("أبو ظبي"), label_key("أبوظبي"));
        assert_eq!(label_key("عبد"), "عبد");
        assert_eq!(label_key("التحالف الدولي"), "التحالف الدولي");
    }

    #[test]
    fn labels_meet_across_hamza_and_learned_spellings() {
        assert_eq!(label_key("إيران"), label_key("ايران"));
        assert_eq!(label_key("الاتحاد الأوروبي"), label_key("الاتحاد الاوروبي"));
        assert_eq!(label_key("دونالد ترمب"), label_key("دونالد ترامب"));
        // An adjective of origin of a learned pair's name too, as the name is written.
        assert_eq!(
            label_key("وزارة الخارجية الأميركية"),
            label_key("وزارة الخارجية الأمريكية")
        );
        assert_eq!(common_name("الجيش الأميركي"), "الجيش الأمريكي");
        assert_eq!(common_name("القوات الأميركية"), "القوات الأمريكية");
        assert_eq!(common_name("الحكومة السعودية"), "الحكومة السعودية");
        assert_eq!(common_name("الأمريكيون"), "الأمريكيون");
        assert_ne!(label_key("إيران"), label_key("العراق"));
    }

    #[test]
    fn the_skeleton_drops_inner_long_vowels_only() {
        assert_eq!(skeleton("ترامب").as_deref(), Some("ترمب"));
        assert_eq!(skeleton("ترمب").as_deref(), Some("ترمب"));
        // The first and the last letter stay (روسيا does not meet روس).
        assert_eq!(skeleton("روسيا").as_deref(), Some("رسا"));
        assert_eq!(skeleton("اوروبا").as_deref(), Some("اربا"));
        assert_eq!(skeleton("يوم"), None);
        // A foreign g, written غ or ج.
        assert_eq!(skeleton("لاغارد"), skeleton("لاجارد"));
    }

    /// Stats of a stem found `n` times after `before` and before `after`, by outlets
    /// 1 and 2 as `by` says.
    fn stats(n: u32, before: &[u64], by: [u64; 2]) -> StemStats {
        StemStats {
            count: u64::from(n),
            context: before.iter().map(|&h| (h, n)).collect(),
            outlets: [(1, by[0]), (2, by[1])]
                .into_iter()
                .filter(|o| o.1 > 0)
                .collect(),
        }
    }

    #[test]
    fn two_spellings_in_one_context_split_by_the_outlets_are_learned() {
        let names: FxHashMap<String, StemStats> = [
            // One name: the same contexts, each outlet its own spelling.
            ("ترامب".to_owned(), stats(300, &[1, 2], [10, 290])),
            ("ترمب".to_owned(), stats(100, &[1, 2], [95, 5])),
            // One root, two words in one context, every outlet using both alike.
            ("يشير".to_owned(), stats(200, &[3], [100, 100])),
            ("يشار".to_owned(), stats(150, &[3], [75, 75])),
            // Split by the outlets, but found in other contexts: different words.
            ("كاتب".to_owned(), stats(100, &[4], [100, 0])),
            ("كتب".to_owned(), stats(100, &[5], [0, 100])),
        ]
        .into_iter()
        .collect();
        assert_eq!(learn(&names), vec![("ترمب".to_owned(), "ترامب".to_owned())]);
    }

    #[test]
    fn the_built_in_whole_names_are_written_their_common_way() {
        for l in LEARNED_NAMES.lines() {
            let (variant, common) = l.split_once('\t').expect("variant<TAB>canonical");
            assert_eq!(common_name(variant), common, "{l}");
            assert_eq!(label_key(variant), label_key(common), "{l}");
            // A canonical form is no variant itself.
            assert_eq!(common_whole_name(common), None, "{l}");
        }
        // Spaced or hamzated otherwise, the same name.
        assert_eq!(label_key("انجيلا ميركل"), label_key("أنغيلا ميركل"));
        assert_ne!(label_key("حسان مبروك"), label_key("حسني مبارك"));
        assert_eq!(common_name("ميركل"), "ميركل");
    }

    #[test]
    fn the_built_in_variants_meet_their_common_spelling() {
        let stem = |w: &str| common_spelling(crate::stem_arabic(w)).to_owned();
        for (variant, common) in [
            ("ترمب", "ترامب"),
            ("نتانياهو", "نتنياهو"),
            ("لبوتن", "بوتين"),
            ("بوينج", "بوينغ"),
        ] {
            assert_eq!(stem(variant), stem(common));
        }
        assert_ne!(stem("يشير"), stem("يشار"));
        // Unless asked for, the analyzer keeps the spelling.
        let stems = |a: &crate::Analyzer| {
            let mut out = Vec::new();
            a.for_each_term("ترمب وترامب", |t| out.push(t.stem.to_owned()));
            out
        };
        let plain = crate::Analyzer::default();
        assert_ne!(stems(&plain)[0], stems(&plain)[1]);
        let search = crate::Analyzer::default().with_spelling_variants();
        assert_eq!(stems(&search)[0], stems(&search)[1]);
        assert_eq!(common_surface("ترمب"), Some("ترامب"));
        assert_eq!(common_surface("ترامب"), Some("ترامب"));
        assert_eq!(common_surface("لترمب"), None);
        assert_eq!(common_name("دونالد ترمب"), "دونالد ترامب");
        assert_eq!(common_name("كريستين لاجارد"), "كريستين لاغارد");
        assert!(matches!(
            common_name("حسن روحاني"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
