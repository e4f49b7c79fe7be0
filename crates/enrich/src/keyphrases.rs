//! Key phrases: the 1–3 word phrases an article is about, in their natural surface form
//! (قوات التحالف الدولي, not a stem), ranked by salience in the article against corpus
//! document frequencies: `(1 + ln tf) × idf`, weighed up when the phrase is in the title
//! or the opening, for two- and three-word phrases, and for named entities. Candidates
//! never cross punctuation, never start or end with a stopword, and skip the generic
//! words of news pages (تفاصيل، عاجل، فيديو، بالصور …); a phrase inside (or around) a
//! better one is not chosen twice, and nothing is cut mid-word.

use rasid_text::{stem_arabic, Analyzer, LatinStemming, TokenKind};
use std::collections::HashMap;

/// Generic words of news pages that are never key phrases on their own or at a phrase's
/// edge (normalized).
const GENERIC: &[&str] = &[
    "تفاصيل",
    "عاجل",
    "فيديو",
    "بالفيديو",
    "صور",
    "بالصور",
    "شاهد",
    "شاهدوا",
    "خبر",
    "اخبار",
    "الخبر",
    "اليوم",
    "امس",
    "غدا",
    "قال",
    "قالت",
    "اكد",
    "اكدت",
    "اضاف",
    "اضافت",
    "اعلن",
    "اعلنت",
    "اوضح",
    "اوضحت",
    "ذكر",
    "ذكرت",
    "كشف",
    "كشفت",
    "وفق",
    "مصادر",
    "مصدر",
    "بيان",
    "تقرير",
    "الكشف",
    "اعلان",
    "الاعلان",
    "تصريح",
    "تصريحات",
    "مساء",
    "صباح",
    "يوم",
    "العام",
    "الماضي",
    "المقبل",
    "الجاري",
    "عام",
    "حوالي",
    "نحو",
    "بعض",
    "عدد",
    "عده",
    "اكثر",
    "اقل",
    "جديد",
    "جديده",
    "الجديد",
    "الجديده",
    "كبير",
    "كبيره",
    "اطار",
    "خلال",
    "ضمن",
    "بشكل",
    "المصدر",
    "اقرا",
    "ايضا",
    "كلمات",
    "دلاليه",
    "مقالات",
    "مشابهه",
    "المزيد",
];

/// Tokens of the body read.
const BODY_TOKENS: usize = 600;

static ANALYZER: std::sync::LazyLock<Analyzer> =
    std::sync::LazyLock::new(|| Analyzer::new(LatinStemming::None));

static GENERIC_SET: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| GENERIC.iter().map(|w| rasid_text::normalize(w)).collect());

/// Document frequencies of phrase keys (what the store keeps as articles arrive, or an
/// evaluation counts over a corpus).
#[derive(Default, Clone, Debug)]
pub struct PhraseFrequencies {
    df: HashMap<u64, u32>,
    docs: u32,
}

impl PhraseFrequencies {
    /// Counts one article's candidate phrases.
    pub fn add(&mut self, title: &str, body: &str) {
        self.docs += 1;
        let mut keys: Vec<u64> = candidates(title, body)
            .1
            .into_iter()
            .map(|c| c.key)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *self.df.entry(k).or_default() += 1;
        }
    }

    fn idf(&self, key: u64) -> f32 {
        let df = self.df.get(&key).copied().unwrap_or(0) as f32;
        ((self.docs as f32 + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

/// A key phrase and its salience.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrase {
    pub text: String,
    pub score: f32,
    /// The phrase's stems, space-separated (what two phrases compare by).
    pub key: String,
}

struct Tok<'a> {
    text: &'a str,
    stem: String,
    /// Hash of `stem`.
    hash: u64,
    content: bool,
    brk: bool,
    in_title: bool,
}

/// A candidate occurrence: its key and where it is (first token, words).
struct Candidate {
    key: u64,
    start: usize,
    n: usize,
}

fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A phrase's key from its words' stem hashes.
fn phrase_key(hashes: impl Iterator<Item = u64>) -> u64 {
    hashes.fold(0x9e37_79b9_7f4a_7c15, |k, h| {
        (k.rotate_left(19) ^ h).wrapping_mul(0xbf58_476d_1ce4_e5b9)
    })
}

fn tokens<'a>(text: &'a str, in_title: bool, limit: usize, out: &mut Vec<Tok<'a>>) {
    let mut prev_end = 0;
    let mut n = 0;
    let mut first = true;
    ANALYZER.for_each_term(text, |t| {
        if n >= limit {
            return;
        }
        n += 1;
        let start = t.token.start;
        let gap = &text[prev_end.min(start)..start];
        prev_end = t.token.end();
        let brk = first || gap.chars().any(|c| !c.is_whitespace() || c == '\n');
        first = false;
        let content = !t.stop
            && t.token.kind == TokenKind::Word
            && t.stem.chars().nth(1).is_some()
            && !GENERIC_SET.contains(t.norm);
        out.push(Tok {
            text: t.token.text,
            stem: t.stem.to_owned(),
            hash: hash(t.stem),
            content,
            brk,
            in_title,
        });
    });
}

/// The surface form of a phrase's first word without a leading conjunction or
/// preposition the stemmer also takes off (وواشنطن → واشنطن, بالعراق → العراق; not وزير).
fn clean_first(word: &str) -> String {
    let stem = stem_arabic(&rasid_text::normalize(word)).to_owned();
    let mut current = word.to_owned();
    // One proclitic at a time (وبالعراق → بالعراق → العراق), while the stem stays.
    for _ in 0..2 {
        if current.starts_with("ال") {
            break;
        }
        let chars: Vec<char> = current.chars().collect();
        if chars.len() <= 3 || !matches!(chars[0], 'و' | 'ف' | 'ب' | 'ل' | 'ك') {
            break;
        }
        let rest: String = chars[1..].iter().collect();
        // ل before ال drops the alif: للعراق = ل + العراق.
        let options = if chars[0] == 'ل' && rest.starts_with('ل') {
            vec![format!("ا{rest}"), rest]
        } else {
            vec![rest]
        };
        let next = options.into_iter().find(|c| {
            let n = rasid_text::normalize(c);
            n.chars().count() >= 3 && stem_arabic(&n) == stem
        });
        match next {
            Some(n) => current = n,
            None => break,
        }
    }
    current
}

fn candidates<'a>(title: &'a str, body: &'a str) -> (Vec<Tok<'a>>, Vec<Candidate>) {
    let mut toks = Vec::new();
    tokens(title, true, usize::MAX, &mut toks);
    tokens(body, false, BODY_TOKENS, &mut toks);
    let mut out = Vec::new();
    for i in 0..toks.len() {
        if !toks[i].content {
            continue;
        }
        for n in 1..=3 {
            let j = i + n;
            if j > toks.len()
                || !toks[j - 1].content
                || toks[i + 1..j]
                    .iter()
                    .any(|t| t.brk || t.in_title != toks[i].in_title)
            {
                break;
            }
            out.push(Candidate {
                key: phrase_key(toks[i..j].iter().map(|t| t.hash)),
                start: i,
                n,
            });
        }
    }
    (toks, out)
}

/// The article's `n` best key phrases under the corpus frequencies; `entities` (names
/// found by [`crate::entities`]) weigh more.
pub fn key_phrases(
    title: &str,
    body: &str,
    freq: &PhraseFrequencies,
    entities: &[String],
    n: usize,
) -> Vec<Phrase> {
    struct Stat {
        tf: usize,
        first: usize,
        in_title: bool,
        words: usize,
        /// Surface form (hash of the words as written) → (count, first token).
        forms: HashMap<u64, (usize, usize)>,
    }
    let (toks, cands) = candidates(title, body);
    let mut stats: HashMap<u64, Stat> = HashMap::new();
    for c in cands {
        let s = stats.entry(c.key).or_insert_with(|| Stat {
            tf: 0,
            first: c.start,
            in_title: false,
            words: c.n,
            forms: HashMap::new(),
        });
        s.tf += 1;
        s.in_title |= toks[c.start].in_title;
        let form = phrase_key(toks[c.start..c.start + c.n].iter().map(|t| hash(t.text)));
        s.forms.entry(form).or_insert((0, c.start)).0 += 1;
    }
    let entity_keys: std::collections::HashSet<u64> = entities
        .iter()
        .map(|e| phrase_key(stems_of(e).iter().map(|s| hash(s))))
        .collect();
    let mut scored: Vec<(f32, u64)> = stats
        .iter()
        .filter(|(_, s)| s.tf >= 2 || s.in_title)
        .map(|(&k, s)| {
            let mut score = (1.0 + (s.tf as f32).ln()) * freq.idf(k);
            if s.in_title {
                score *= 2.0;
            } else if s.first < 60 {
                score *= 1.3;
            }
            score *= match s.words {
                2 => 1.1,
                3 => 1.05,
                _ => 1.0,
            };
            if entity_keys.contains(&k) {
                score *= 1.5;
            }
            (score, k)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let stems = |start: usize, words: usize| -> Vec<String> {
        toks[start..start + words]
            .iter()
            .map(|t| t.stem.clone())
            .collect()
    };
    let mut chosen: Vec<(Vec<String>, Phrase)> = Vec::new();
    for (score, k) in scored {
        if chosen.len() >= n {
            break;
        }
        let s = &stats[&k];
        let words = stems(s.first, s.words);
        let overlaps = chosen
            .iter()
            .any(|(c, _)| contains(c, &words) || contains(&words, c));
        if overlaps {
            continue;
        }
        // The most frequent surface form (the definite one on ties: العراق over عراق),
        // its first word without the clitics the stemmer drops.
        let written = |start: usize| -> String {
            std::iter::once(clean_first(toks[start].text))
                .chain(
                    toks[start + 1..start + s.words]
                        .iter()
                        .map(|t| t.text.to_owned()),
                )
                .collect::<Vec<_>>()
                .join(" ")
        };
        let text = s
            .forms
            .values()
            .map(|&(count, start)| (count, written(start)))
            .max_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(a.1.starts_with("ال").cmp(&b.1.starts_with("ال")))
                    .then(b.1.cmp(&a.1))
            })
            .map(|(_, t)| t)
            .unwrap_or_default();
        chosen.push((
            words.clone(),
            Phrase {
                text,
                score,
                key: words.join(" "),
            },
        ));
    }
    chosen.into_iter().map(|(_, p)| p).collect()
}

/// Whether `outer` holds `inner` as a contiguous run.
fn contains(outer: &[String], inner: &[String]) -> bool {
    inner.len() <= outer.len() && outer.windows(inner.len()).any(|w| w == inner)
}

/// The stems of a text's words, the way phrases are keyed.
pub fn stems_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    ANALYZER.for_each_term(text, |t| {
        if t.token.kind == TokenKind::Word {
            out.push(t.stem.to_owned());
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_gets_whole_phrases_without_repeats_or_generic_words() {
        let mut freq = PhraseFrequencies::default();
        let background = [
            (
                "افتتاح معرض الكتاب",
                "افتتح وزير الثقافة معرض الكتاب بمشاركة مئات الناشرين وتفاصيل البرنامج.",
            ),
            (
                "الهلال يفوز",
                "فاز الهلال على النصر في الدوري اليوم وشاهد الفيديو.",
            ),
            (
                "ارتفاع النفط",
                "ارتفعت أسعار النفط في الأسواق العالمية بعد بيان أوبك.",
            ),
        ];
        for (t, b) in background {
            freq.add(t, b);
        }
        let title = "اتفاق على انسحاب قوات التحالف الدولي من العراق";
        let body = "توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق. \
            وقال مسؤول إن انسحاب قوات التحالف الدولي من العراق سيبدأ قريبا، وإن واشنطن ستبقي قوات في كردستان العراق. \
            وأضاف أن تفاصيل الاتفاق ستعلن لاحقا، وأن واشنطن وبغداد ستبحثان العلاقة.";
        freq.add(title, body);
        let phrases = key_phrases(title, body, &freq, &["العراق".into(), "واشنطن".into()], 6);
        let texts: Vec<&str> = phrases.iter().map(|p| p.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("التحالف الدولي")),
            "{texts:?}"
        );
        assert!(texts.contains(&"العراق"), "{texts:?}");
        assert!(texts.contains(&"واشنطن"), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("تفاصيل")), "{texts:?}");
        assert!(
            !texts.contains(&"التحالف"),
            "no phrase inside a chosen one: {texts:?}"
        );
        for t in &texts {
            assert!(!t.starts_with("وواشنطن"), "clitics off: {texts:?}");
        }
    }

    #[test]
    fn first_words_lose_clitics_the_stemmer_drops() {
        assert_eq!(clean_first("وواشنطن"), "واشنطن");
        assert_eq!(clean_first("بالعراق"), "العراق");
        assert_eq!(clean_first("للعراق"), "العراق");
        assert_eq!(clean_first("وزير"), "وزير");
        assert_eq!(clean_first("وبالعراق"), "العراق");
    }
}
