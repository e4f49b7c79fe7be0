//! Language identification: script first, then letters and function words within a script.
//!
//! Arabic, Persian and Urdu share a script. Persian adds پ چ ژ گ and writes ک ی where
//! Arabic writes ك ي; Urdu adds ے ٹ ڈ ڑ ں ھ ہ. Letters alone mislead (Arabic typed on a
//! Persian keyboard has ی and ک), so the decision weighs function words (في/من/على vs
//! در/که/است vs کے/میں/ہے) and uses the letters as a tie-breaker. Latin-script languages
//! are told apart by function words. Too little text gives [`Lang::Unknown`].

use serde::{Serialize, Serializer};

/// A language rasid can tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Ar,
    Fa,
    Ur,
    En,
    Fr,
    De,
    Es,
    It,
    Pt,
    Nl,
    Tr,
    Id,
    Cs,
    Ru,
    Uk,
    El,
    He,
    Ja,
    Ko,
    Zh,
    Hi,
    Th,
    Unknown,
}

impl Lang {
    /// ISO 639-1 code, or `und` for unknown.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Fa => "fa",
            Lang::Ur => "ur",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::Pt => "pt",
            Lang::Nl => "nl",
            Lang::Tr => "tr",
            Lang::Id => "id",
            Lang::Cs => "cs",
            Lang::Ru => "ru",
            Lang::Uk => "uk",
            Lang::El => "el",
            Lang::He => "he",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::Zh => "zh",
            Lang::Hi => "hi",
            Lang::Th => "th",
            Lang::Unknown => "und",
        }
    }

    /// Whether the language is written right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::Fa | Lang::Ur | Lang::He)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Below this many letters the answer is [`Lang::Unknown`].
pub const MIN_LETTERS: usize = 12;
/// Only the first this many characters are looked at: language id is bounded work.
const MAX_CHARS: usize = 20_000;

const AR_WORDS: &[&str] = &[
    "في", "من", "على", "إلى", "الى", "أن", "ان", "التي", "الذي", "عن", "مع", "هذا", "هذه", "كان",
    "قال", "بعد", "بين", "ذلك", "عام", "كما", "إن", "حيث", "وقد", "لم", "أو",
];
const FA_WORDS: &[&str] = &[
    "در", "به", "از", "که", "این", "را", "با", "است", "می", "برای", "آن", "یک", "شد", "های", "هم",
    "بود", "شده", "کرد", "نیز", "خود", "اند", "تا", "کند", "وی", "ما",
];
const UR_WORDS: &[&str] = &[
    "کے", "میں", "کی", "ہے", "اور", "سے", "کو", "نے", "پر", "کا", "ہیں", "یہ", "کہ", "تھا", "گیا",
    "بھی", "ایک", "ہو", "جس", "لیے", "کیا", "وہ", "تھی", "گئی",
];

const LATIN: &[(Lang, &[&str])] = &[
    (
        Lang::En,
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "was", "on", "as",
            "by", "he", "are", "this", "from", "have", "has", "but", "they", "said", "which",
            "will",
        ],
    ),
    (
        Lang::Fr,
        &[
            "le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "que", "qui", "dans",
            "pour", "pas", "sur", "au", "avec", "il", "ce", "sont", "aux", "par", "mais", "elle",
        ],
    ),
    (
        Lang::De,
        &[
            "der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich",
            "auf", "für", "von", "dem", "auch", "es", "ich", "wird", "im", "sie", "des", "wie",
            "bei",
        ],
    ),
    (
        Lang::Es,
        &[
            "el", "la", "los", "las", "de", "y", "que", "en", "del", "se", "por", "un", "una",
            "con", "para", "es", "al", "como", "su", "más", "pero", "sus", "fue", "ha", "este",
        ],
    ),
    (
        Lang::It,
        &[
            "il", "di", "che", "la", "e", "per", "non", "un", "una", "del", "della", "sono", "con",
            "gli", "le", "nel", "anche", "alla", "è", "più", "dei", "ha", "questo", "ma", "come",
        ],
    ),
    (
        Lang::Pt,
        &[
            "o", "a", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não", "os",
            "no", "na", "por", "mais", "as", "dos", "como", "mas", "foi", "ao", "das",
        ],
    ),
    (
        Lang::Nl,
        &[
            "de", "het", "een", "en", "van", "is", "dat", "op", "te", "zijn", "niet", "met",
            "voor", "ook", "aan", "er", "maar", "om", "werd", "bij", "ze", "wordt", "nog", "deze",
            "dit",
        ],
    ),
    (
        Lang::Tr,
        &[
            "ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "olan", "gibi",
            "en", "ne", "ama", "sonra", "kadar", "her", "değil", "mi", "olduğu", "ise", "yeni",
            "büyük", "şu",
        ],
    ),
    (
        Lang::Id,
        &[
            "yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan",
            "pada", "ke", "juga", "ada", "oleh", "karena", "bisa", "mereka", "kami", "telah",
            "atau", "saat", "lebih", "sudah",
        ],
    ),
    (
        Lang::Cs,
        &[
            "a", "je", "se", "na", "v", "ve", "že", "to", "s", "z", "do", "o", "k", "jsou", "by",
            "jako", "ale", "pro", "byl", "jak", "také", "podle", "který", "která", "už",
        ],
    ),
];

#[derive(Default)]
struct Counts {
    letters: usize,
    arabic: usize,
    latin: usize,
    cyrillic: usize,
    ukrainian: usize,
    greek: usize,
    hebrew: usize,
    hangul: usize,
    kana: usize,
    han: usize,
    devanagari: usize,
    thai: usize,
    // Within the Arabic script.
    ar_only: usize,
    fa_letters: usize,
    ur_letters: usize,
}

/// The language of `text`.
pub fn detect(text: &str) -> Lang {
    detect_scored(text).0
}

/// The language of `text` and a confidence in 0..=1.
pub fn detect_scored(text: &str) -> (Lang, f32) {
    let mut c = Counts::default();
    for ch in text.chars().take(MAX_CHARS) {
        if !crate::tokenize::is_letter(ch) {
            continue;
        }
        c.letters += 1;
        match ch {
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => c.latin += 1,
            '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}' => {
                c.arabic += 1;
                match ch {
                    'ة' | 'ى' | 'ي' | 'ك' => c.ar_only += 1,
                    'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => c.fa_letters += 1,
                    'ے' | 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ھ' | 'ہ' | 'ۓ' => c.ur_letters += 1,
                    _ => {}
                }
            }
            '\u{0400}'..='\u{04FF}' => {
                c.cyrillic += 1;
                if matches!(ch, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ') {
                    c.ukrainian += 1;
                }
            }
            '\u{0370}'..='\u{03FF}' => c.greek += 1,
            '\u{0590}'..='\u{05FF}' => c.hebrew += 1,
            '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => c.hangul += 1,
            '\u{3040}'..='\u{30FF}' => c.kana += 1,
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => c.han += 1,
            '\u{0900}'..='\u{097F}' => c.devanagari += 1,
            '\u{0E00}'..='\u{0E7F}' => c.thai += 1,
            _ => {}
        }
    }
    if c.letters < MIN_LETTERS {
        return (Lang::Unknown, 0.0);
    }
    // CJK characters carry about a word each; weigh them so that a Japanese page with
    // an English menu is still Japanese.
    let mut scripts = [
        (c.arabic, 0),
        (c.latin, 1),
        (c.cyrillic, 2),
        (c.greek, 3),
        (c.hebrew, 4),
        (c.hangul * 2, 5),
        ((c.kana + c.han) * 2, 6),
        (c.devanagari, 7),
        (c.thai, 8),
    ];
    scripts.sort_by_key(|&(n, _)| std::cmp::Reverse(n));
    let weighted: usize = scripts.iter().map(|s| s.0).sum();
    // The dominant script decides; when its text says nothing (markup residue, lorem
    // ipsum), a runner-up with a real share of the letters gets its turn.
    for &(n, script) in scripts.iter().take(2) {
        let share = n as f32 / weighted.max(1) as f32;
        if share < 0.15 {
            break;
        }
        let found = match script {
            0 => arabic_script(text, &c, share),
            1 => latin_script(text, share),
            2 if c.ukrainian * 200 > c.cyrillic => (Lang::Uk, share),
            2 => (Lang::Ru, share),
            3 => (Lang::El, share),
            4 => (Lang::He, share),
            5 => (Lang::Ko, share),
            // Any real share of kana means Japanese; Han alone is Chinese.
            6 if c.kana * 20 > c.kana + c.han => (Lang::Ja, share),
            6 => (Lang::Zh, share),
            7 => (Lang::Hi, share),
            _ => (Lang::Th, share),
        };
        if found.0 != Lang::Unknown {
            return found;
        }
    }
    (Lang::Unknown, 0.0)
}

/// Word → bit set of the lists it belongs to, for each family of lists.
type ListIndex = rustc_hash::FxHashMap<&'static str, u16>;

fn index(lists: &[&[&'static str]]) -> ListIndex {
    let mut m = ListIndex::default();
    for (i, list) in lists.iter().enumerate() {
        for w in *list {
            *m.entry(w).or_default() |= 1 << i;
        }
    }
    m
}

static ARABIC_INDEX: std::sync::LazyLock<ListIndex> =
    std::sync::LazyLock::new(|| index(&[AR_WORDS, FA_WORDS, UR_WORDS]));
static LATIN_INDEX: std::sync::LazyLock<ListIndex> =
    std::sync::LazyLock::new(|| index(&LATIN.iter().map(|(_, l)| *l).collect::<Vec<_>>()));

/// Counts how many of the first words of `text` are in each list of `idx`.
fn word_hits<const N: usize>(text: &str, idx: &ListIndex, latin: bool) -> ([usize; N], usize) {
    let mut hits = [0usize; N];
    let mut words = 0;
    let mut lower = String::new();
    for w in text
        .split(|c: char| {
            !(crate::tokenize::is_letter(c)
                || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c)))
        })
        .filter(|w| !w.is_empty())
        .take(3_000)
    {
        words += 1;
        let w = if latin && w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            lower.as_str()
        } else {
            w
        };
        if let Some(&bits) = idx.get(w) {
            for (i, h) in hits.iter_mut().enumerate() {
                if bits & (1 << i) != 0 {
                    *h += 1;
                }
            }
        }
    }
    (hits, words)
}

fn arabic_script(text: &str, c: &Counts, share: f32) -> (Lang, f32) {
    let ([ar, fa, ur], words) = word_hits::<3>(text, &ARABIC_INDEX, false);
    if words < 3 {
        return (Lang::Unknown, 0.0);
    }
    // Letters as weak evidence, words as strong evidence.
    let letters = (c.ar_only + c.fa_letters + c.ur_letters).max(1) as f32;
    let score_ar = ar as f32 + 2.0 * c.ar_only as f32 / letters;
    let score_fa = fa as f32 + 2.0 * c.fa_letters as f32 / letters;
    let score_ur = ur as f32
        + 2.0 * c.ur_letters as f32 / letters
        + if c.ur_letters * 100 > c.arabic {
            5.0
        } else {
            0.0
        };
    let total = score_ar + score_fa + score_ur;
    let (lang, best) = [
        (Lang::Ar, score_ar),
        (Lang::Fa, score_fa),
        (Lang::Ur, score_ur),
    ]
    .into_iter()
    .fold(
        (Lang::Ar, f32::MIN),
        |acc, x| if x.1 > acc.1 { x } else { acc },
    );
    (lang, share * best / total.max(1e-6))
}

fn latin_script(text: &str, share: f32) -> (Lang, f32) {
    let (hits, words) = word_hits::<10>(text, &LATIN_INDEX, true);
    let total: usize = hits.iter().sum();
    let (best, &n) = hits
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .expect("non-empty");
    // Real prose is a quarter function words or more; markup residue and lorem ipsum
    // are not prose.
    if words < 3 || n == 0 || n * 100 < words * 5 {
        return (Lang::Unknown, 0.0);
    }
    (LATIN[best].0, share * n as f32 / total as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic() {
        assert_eq!(
            detect("توصلت بغداد وواشنطن إلى اتفاق على انسحاب قوات التحالف الدولي من العراق"),
            Lang::Ar
        );
    }

    #[test]
    fn persian() {
        assert_eq!(
            detect("وزیر امور خارجه ایران در این دیدار گفت که مذاکرات ادامه دارد"),
            Lang::Fa
        );
    }

    #[test]
    fn urdu() {
        assert_eq!(
            detect("وزیر اعظم نے کہا کہ حکومت عوام کے مسائل حل کرنے کے لیے کام کر رہی ہے"),
            Lang::Ur
        );
    }

    #[test]
    fn arabic_typed_with_persian_letters_is_still_arabic() {
        assert_eq!(
            detect("قال الرئیس إن الحکومة ستعمل على حل المشکلة في أقرب وقت"),
            Lang::Ar
        );
    }

    #[test]
    fn english_and_french() {
        assert_eq!(
            detect("The agreement was reached after months of talks in Baghdad"),
            Lang::En
        );
        assert_eq!(
            detect("L'accord a été conclu après des mois de négociations avec le gouvernement"),
            Lang::Fr
        );
    }

    #[test]
    fn other_scripts() {
        assert_eq!(
            detect("Правительство объявило о новых мерах поддержки"),
            Lang::Ru
        );
        assert_eq!(detect("政府は新しい経済対策を発表しました"), Lang::Ja);
        assert_eq!(detect("정부는 새로운 경제 대책을 발표했다"), Lang::Ko);
    }

    #[test]
    fn too_little_text_is_unknown() {
        assert_eq!(detect("نعم"), Lang::Unknown);
        assert_eq!(detect("OK"), Lang::Unknown);
        assert_eq!(detect("12345 67890 !!!"), Lang::Unknown);
        assert_eq!(
            detect("zzkq wvxx qqpl rrtm zzkq wvxx qqpl rrtm"),
            Lang::Unknown
        );
    }
}
