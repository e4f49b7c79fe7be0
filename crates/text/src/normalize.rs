//! The normalizer: one canonical spelling per word, shared by search, dedup and tagging.
//!
//! Two levels, kept apart the way charabia keeps its lossy normalizers apart from the
//! lossless ones:
//!
//! * [`Level::Lossless`] only removes what carries no information about the word: the
//!   presentation-form encoding of letters (NFKC), tatweel, invisible format controls,
//!   the digit script and letter case. The result still reads as the same word, with its
//!   hamza and diacritics; it is the form used to show key phrases and entity names.
//! * [`Level::Lossy`] additionally folds spellings that writers use interchangeably but
//!   that do differ in information: diacritics, the hamza-carrying alef variants, alef
//!   maqsura vs yaa, taa marbuta vs haa, Persian letter shapes typed on Arabic text, and
//!   accents on Latin letters. This is the search/dedup form (`norm` in `rasid analyze`).
//!
//! Every rule is a row of [`map_char`] with the real word that motivates it in its test.
//! Normalization is idempotent at both levels (a property test checks it).

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// How much to fold. See the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Remove encoding noise only; the word keeps its spelling.
    Lossless,
    /// Fold spelling variants as well; the form used for matching.
    Lossy,
}

/// The lossy (matching) form of `s`: what search, dedup and tags compare.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, Level::Lossy, &mut out);
    out
}

/// The lossless form of `s`: same word, same spelling, without encoding noise.
pub fn normalize_lossless(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, Level::Lossless, &mut out);
    out
}

/// Appends the normalized form of `s` to `out` (cleared first). Reuse `out` in hot loops.
pub fn normalize_into(s: &str, level: Level, out: &mut String) {
    out.clear();
    let table = match level {
        Level::Lossless => &*LOSSLESS_TABLE,
        Level::Lossy => &*LOSSY_TABLE,
    };
    // Fast path: ASCII and the basic Arabic block go through a lookup table.
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let u = c as u32;
        if (0x0600..0x0700).contains(&u) && !(0x0675..=0x0678).contains(&u) {
            let m = table[(u - 0x0600) as usize];
            if m != 0 {
                out.push(char::from_u32(u32::from(m)).unwrap_or(c));
            }
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        return normalize_slow(s, level, out);
    }
}

/// `map_char` precomputed for U+0600..U+06FF: the output character, or 0 to drop it.
type BlockTable = [u16; 256];

fn block_table(level: Level) -> BlockTable {
    let mut t = [0u16; 256];
    for (i, slot) in t.iter_mut().enumerate() {
        let c = char::from_u32(0x0600 + i as u32).unwrap_or('\u{0600}');
        *slot = match map_char(c, level) {
            Mapped::Keep => c as u32 as u16,
            Mapped::Drop => 0,
            Mapped::To(m) => m as u32 as u16,
        };
    }
    t
}

static LOSSLESS_TABLE: std::sync::LazyLock<BlockTable> =
    std::sync::LazyLock::new(|| block_table(Level::Lossless));
static LOSSY_TABLE: std::sync::LazyLock<BlockTable> =
    std::sync::LazyLock::new(|| block_table(Level::Lossy));

/// Slow path: something outside ASCII and the basic Arabic block, e.g. presentation
/// forms (ﻻ), Latin letters with accents, fullwidth digits. Apply NFKC, then the rules,
/// and repeat until nothing changes: removing a mark can make two characters adjacent
/// that NFKC then composes, and the result must be a fixed point.
fn normalize_slow(s: &str, level: Level, out: &mut String) {
    let mut current: String = s.to_owned();
    for _ in 0..4 {
        let composed: String = current.nfkc().collect();
        out.clear();
        for c in composed.chars() {
            push_mapped(c, level, out);
        }
        if *out == current {
            return;
        }
        std::mem::swap(&mut current, out);
    }
    std::mem::swap(&mut current, out);
}

/// What one character becomes.
#[derive(Debug, PartialEq, Eq)]
enum Mapped {
    Keep,
    Drop,
    To(char),
}

#[inline]
fn push_mapped(c: char, level: Level, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match map_char(c, level) {
        Mapped::Keep => push_other(c, level, out),
        Mapped::Drop => {}
        Mapped::To(m) => out.push(m),
    }
}

/// Characters the Arabic table leaves alone: lower-case them and, when lossy, strip
/// accents from Latin (and other) letters by canonical decomposition (é → e, ç → c).
fn push_other(c: char, level: Level, out: &mut String) {
    for l in c.to_lowercase() {
        if level == Level::Lossy {
            if is_combining_mark(l) {
                continue;
            }
            if !('\u{0600}'..='\u{06FF}').contains(&l) {
                decompose_canonical(l, |d| {
                    if !is_combining_mark(d) {
                        out.push(d)
                    }
                });
                continue;
            }
        }
        out.push(l);
    }
}

/// Zero-width and bidirectional format controls: invisible, never part of a word's identity.
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}' // LRE, RLE, PDF, LRO, RLO
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // LRI, RLI, FSI, PDI
        | '\u{FEFF}' // BOM / zero-width no-break space
        | '\u{061C}' // ARABIC LETTER MARK
        | '\u{00AD}' // soft hyphen
    )
}

/// Arabic diacritics (tashkeel) and Quranic annotation marks.
#[inline]
pub(crate) fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' // honorifics and small high letters (ﷺ-style marks)
        | '\u{064B}'..='\u{065F}' // fathatan … kasra, shadda, sukun, maddah/hamza above/below
        | '\u{0670}' // superscript (dagger) alef: هٰذا
        | '\u{06D6}'..='\u{06DC}' // Quranic small high ligatures
        | '\u{06DF}'..='\u{06E8}' // Quranic small marks, small waw/yeh
        | '\u{06EA}'..='\u{06ED}' // Quranic low/high marks
    )
}

/// The rule table. Each arm names the rule; the tests below give the word for each.
#[inline]
fn map_char(c: char, level: Level) -> Mapped {
    let lossy = level == Level::Lossy;
    match c {
        // Tatweel (kashida) is typographic stretching: الـعـراق is العراق.
        '\u{0640}' => Mapped::Drop,
        // Zero-width and bidi controls: invisible, pasted in from editors and social media.
        c if is_invisible(c) => Mapped::Drop,
        // Arabic-Indic digits ٠-٩ and Persian/Urdu digits ۰-۹ → ASCII: ٢٠١٨ is 2018.
        '\u{0660}'..='\u{0669}' => Mapped::To(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => Mapped::To(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        // Arabic decimal and thousands separators and percent sign: ٣٫٥ is 3.5.
        '\u{066B}' => Mapped::To('.'),
        '\u{066C}' => Mapped::To(','),
        '\u{066A}' => Mapped::To('%'),
        // --- lossy rules below ---
        // Diacritics: مُحَمَّد is محمد.
        c if lossy && is_arabic_mark(c) => Mapped::Drop,
        // Hamza-carrying and wasla alef forms → bare alef: أحمد, إسرائيل, آخر, ٱلله.
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' if lossy => {
            Mapped::To('\u{0627}')
        }
        // Alef maqsura → yaa: على and علي are written both ways (مصطفى / مصطفي).
        '\u{0649}' if lossy => Mapped::To('\u{064A}'),
        // Farsi yeh and Farsi keheh, common in Arabic typed on Persian keyboards.
        '\u{06CC}' if lossy => Mapped::To('\u{064A}'),
        '\u{06A9}' if lossy => Mapped::To('\u{0643}'),
        // Taa marbuta → haa: حكومة and حكومه are the same word.
        '\u{0629}' if lossy => Mapped::To('\u{0647}'),
        _ => Mapped::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lossy(s: &str) -> String {
        normalize(s)
    }

    #[test]
    fn tatweel_is_removed() {
        assert_eq!(lossy("الـعـــراق"), "العراق");
        assert_eq!(normalize_lossless("الـعـراق"), "العراق");
    }

    #[test]
    fn diacritics_are_removed_only_when_lossy() {
        assert_eq!(lossy("مُحَمَّدٌ"), "محمد");
        assert_eq!(lossy("هٰذا"), "هذا");
        assert_eq!(normalize_lossless("مُحَمَّد"), "مُحَمَّد");
    }

    #[test]
    fn alef_variants_unify() {
        assert_eq!(lossy("أحمد"), "احمد");
        assert_eq!(lossy("إسرائيل"), "اسرائيل");
        assert_eq!(lossy("آخر"), "اخر");
        assert_eq!(lossy("ٱلله"), "الله");
        assert_eq!(normalize_lossless("أحمد"), "أحمد");
    }

    #[test]
    fn alef_maqsura_and_taa_marbuta() {
        assert_eq!(lossy("مصطفى"), "مصطفي");
        assert_eq!(lossy("على"), lossy("علي"));
        assert_eq!(lossy("حكومة"), "حكومه");
        assert_eq!(normalize_lossless("حكومة"), "حكومة");
    }

    #[test]
    fn persian_letter_shapes_fold_into_arabic() {
        assert_eq!(lossy("کتاب"), "كتاب");
        assert_eq!(lossy("علی"), "علي");
    }

    #[test]
    fn digits_become_ascii_at_both_levels() {
        assert_eq!(lossy("٢٠١٨"), "2018");
        assert_eq!(normalize_lossless("۱۴۰۲"), "1402");
        assert_eq!(lossy("٣٫٥"), "3.5");
    }

    #[test]
    fn presentation_forms_go_through_nfkc() {
        // ﻻ (U+FEFB, lam-alef ligature) is لا.
        assert_eq!(lossy("\u{FEFB}"), "لا");
        // ﻷ (lam with alef-hamza ligature) is لأ; lossy folds the alef too.
        assert_eq!(normalize_lossless("\u{FEF7}"), "لأ");
        assert_eq!(lossy("\u{FEF7}"), "لا");
        // ﷲ (U+FDF2) is the word الله.
        assert_eq!(lossy("\u{FDF2}"), "الله");
        // Isolated/final forms of letters: ﺏ is ب.
        assert_eq!(lossy("\u{FE8F}"), "ب");
    }

    #[test]
    fn invisible_controls_are_removed() {
        assert_eq!(lossy("مصر\u{200F}"), "مصر");
        assert_eq!(lossy("\u{202B}بغداد\u{202C}"), "بغداد");
        assert_eq!(lossy("می\u{200C}خواهم"), "ميخواهم");
        assert_eq!(lossy("\u{FEFF}news"), "news");
    }

    #[test]
    fn latin_is_lowercased_and_accents_fold_when_lossy() {
        assert_eq!(lossy("Reuters"), "reuters");
        assert_eq!(lossy("Élysée"), "elysee");
        assert_eq!(normalize_lossless("Élysée"), "élysée");
        assert_eq!(lossy("ＲＥＵＴＥＲＳ"), "reuters");
    }
}
