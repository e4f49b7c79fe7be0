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

/// The form a tag or an entity name is shown in: the words as written (hamza, case and
/// all), without what only decorates them — tatweel (عسيـر), diacritics (جِدّة, a case
/// ending: السعوديةِ), invisible controls, presentation forms — and with single spaces.
/// Two outlets' renderings of one name then differ only by spelling, which
/// [`crate::variants::label_key`] folds for matching.
pub fn label(s: &str) -> String {
    // Most labels are plain letters with single spaces: nothing to do.
    let plain = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(|c| {
            c == ' '
                || (!c.is_whitespace()
                    && !decoration(c)
                    && !is_combining_mark(c)
                    && !matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}'))
        });
    if plain {
        return s.to_owned();
    }
    let presentation = s
        .chars()
        .any(|c| matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}'));
    // Composed first, so that a hamza typed as a mark on its carrier stays a letter.
    let composed: String = if presentation {
        s.nfkc().collect()
    } else {
        s.nfc().collect()
    };
    let mut out = String::with_capacity(composed.len());
    for word in composed.split_whitespace() {
        let clean = word.chars().filter(|&c| !decoration(c));
        let at = out.len();
        if at > 0 {
            out.push(' ');
        }
        out.extend(clean);
        if out.len() == at + usize::from(at > 0) {
            out.truncate(at);
        }
    }
    out
}

/// What a [`label`] drops: tatweel, diacritics, invisible controls.
fn decoration(c: char) -> bool {
    c == '\u{0640}' || is_arabic_mark(c) || is_invisible(c)
}

/// Appends the normalized form of `s` to `out` (cleared first). Reuse `out` in hot loops.
///
/// Most text is ASCII and the basic Arabic block, which a lookup table maps character by
/// character. A character that needs NFKC (presentation forms, accented Latin, «quotes»
/// and other punctuation outside both blocks) sends only its own stretch of text — from
/// the ASCII whitespace before it to the one after — through the slow path: NFKC never
/// composes across ASCII whitespace (a starter that composes with nothing), so the
/// stretches normalize independently and a long body with one curly quote costs one word
/// of NFKC, not the whole body.
pub fn normalize_into(s: &str, level: Level, out: &mut String) {
    out.clear();
    let table = match level {
        Level::Lossless => &*LOSSLESS_TABLE,
        Level::Lossy => &*LOSSY_TABLE,
    };
    // Where the current stretch starts in `s` and in `out`.
    let (mut stretch, mut stretch_out) = (0, 0);
    let mut pos = 0;
    let bytes = s.as_bytes();
    while pos < bytes.len() {
        let b = bytes[pos];
        if b.is_ascii() {
            if b.is_ascii_whitespace() {
                (stretch, stretch_out) = (pos, out.len());
            }
            out.push(char::from(b.to_ascii_lowercase()));
            pos += 1;
            continue;
        }
        let c = s[pos..].chars().next().unwrap_or('\u{FFFD}');
        let u = c as u32;
        if fast_arabic(u, level) {
            let m = table[(u - 0x0600) as usize];
            if m != 0 {
                out.push(char::from_u32(u32::from(m)).unwrap_or(c));
            }
            pos += c.len_utf8();
            continue;
        }
        if is_invisible(c) {
            pos += c.len_utf8();
            continue;
        }
        let end = s[pos..]
            .find(|c: char| c.is_ascii_whitespace())
            .map_or(s.len(), |k| pos + k);
        out.truncate(stretch_out);
        let mut slow = String::with_capacity(end - stretch + 8);
        normalize_slow(&s[stretch..end], level, &mut slow);
        out.push_str(&slow);
        pos = end;
    }
}

/// Whether a character of the basic Arabic block normalizes by the table alone, the same
/// as through NFKC: not the compatibility characters U+0675–U+0678, not the marks that
/// NFKC composes with the letter before them (madda, hamza above and below: و + ٔ is ؤ),
/// and, when lossless (which keeps marks), no mark at all (NFKC puts a run of marks in
/// canonical order).
#[inline]
fn fast_arabic(u: u32, level: Level) -> bool {
    (0x0600..0x0700).contains(&u)
        && !(0x0675..=0x0678).contains(&u)
        && !(0x0653..=0x0655).contains(&u)
        && (level == Level::Lossy || !char::from_u32(u).is_some_and(is_arabic_mark))
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
    fn a_label_keeps_the_spelling_and_drops_the_decoration() {
        assert_eq!(label("عسيـــر"), "عسير");
        assert_eq!(label("جِدّة"), "جدة");
        assert_eq!(label("السعوديةِ"), "السعودية");
        // Hamza, case and Latin letters stay as written.
        assert_eq!(label("إيران"), "إيران");
        assert_eq!(label("iPhone X"), "iPhone X");
        // A hamza typed as a mark on its alef is composed, not dropped.
        assert_eq!(label("ا\u{0654}حمد"), "أحمد");
        // Presentation forms, invisible controls and spaces.
        assert_eq!(label("\u{FEFB}\u{200F} بد"), "لا بد");
        assert_eq!(label("  وزارة   الداخليــة "), "وزارة الداخلية");
        assert_eq!(label("ـ"), "");
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

    /// The whole of `s` through NFKC and the rules to a fixed point: what
    /// [`normalize_into`] must equal, whichever of its paths each stretch takes.
    fn reference(s: &str, level: Level) -> String {
        let mut out = String::new();
        normalize_slow(s, level, &mut out);
        out
    }

    #[test]
    fn a_word_normalizes_the_same_whatever_its_neighbours() {
        // A composing hamza: و + ٔ is ؤ, with or without a «quote» elsewhere in the text.
        assert_eq!(lossy("سو\u{0654}ال"), "سؤال");
        assert_eq!(lossy("«قال» سو\u{0654}ال"), "«قال» سؤال");
        // Lossless keeps marks in canonical order: shadda then fatha is fatha then shadda.
        assert_eq!(
            normalize_lossless("مد\u{0651}\u{064E}"),
            normalize_lossless("مد\u{064E}\u{0651}")
        );
        // One presentation form in a long text: only its word takes the slow path, and
        // the text around it is as if it were alone.
        let long = "قال المتحدث باسم الحكومة العراقية ".repeat(50);
        let text = format!("{long}\u{FEFB}{long}");
        assert_eq!(lossy(&text), format!("{}لا{}", lossy(&long), lossy(&long)));
        for level in [Level::Lossless, Level::Lossy] {
            assert_eq!(
                normalize_at(&text, level),
                reference(&text, level),
                "{level:?}"
            );
        }
    }

    #[test]
    fn the_fast_table_agrees_with_nfkc_on_every_character_it_serves() {
        for u in 0x0600..0x0700u32 {
            let Some(c) = char::from_u32(u) else { continue };
            for level in [Level::Lossless, Level::Lossy] {
                if !fast_arabic(u, level) {
                    continue;
                }
                // After every letter of the block (a mark composes with the one before).
                for b in (0x0621..=0x064Au32).chain([0x06C1, 0x06D2, 0x06D5]) {
                    let b = char::from_u32(b).unwrap_or('ب');
                    let s = format!("{b}{c}ب");
                    assert_eq!(normalize_at(&s, level), reference(&s, level), "U+{u:04X}");
                }
            }
        }
    }

    fn normalize_at(s: &str, level: Level) -> String {
        let mut out = String::new();
        normalize_into(s, level, &mut out);
        out
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..Default::default() })]

        /// Taking stretches of ASCII and Arabic through the table changes nothing: the
        /// result is always the whole text's NFKC-and-rules fixed point.
        #[test]
        fn the_fast_path_equals_the_slow_path(
            v in prop::collection::vec(prop_oneof![
                "[\u{0600}-\u{06FF}]{1,6}",
                "[\u{064B}-\u{0655}\u{0670}]{1,3}",
                "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}]{1,3}",
                "[a-zA-Z\u{00C0}-\u{024F}\u{0300}-\u{036F}]{1,5}",
                "[ \n\t\u{00A0}\u{200B}-\u{200F}«»“”…]{1,3}",
                any::<char>().prop_map(|c| c.to_string()),
            ], 0..20)
        ) {
            let s = v.concat();
            for level in [Level::Lossless, Level::Lossy] {
                prop_assert_eq!(normalize_at(&s, level), reference(&s, level), "{:?} {:?}", level, s);
            }
        }
    }
}
