//! Property tests: normalization is idempotent and analysis never panics, whatever the
//! input: arbitrary Unicode, lossily decoded bytes, huge runs of one character, mixed scripts.

use proptest::prelude::*;
use rasid_text::{normalize_into, Analyzer, Level};

fn normalize_at(s: &str, level: Level) -> String {
    let mut out = String::new();
    normalize_into(s, level, &mut out);
    out
}

/// Strings biased towards the characters the normalizer has rules for.
fn arabicish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[\u{0600}-\u{06FF}]{1,8}",
        "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}]{1,4}",
        "[\u{064B}-\u{065F}\u{0640}\u{200B}-\u{200F}\u{202A}-\u{202E}]{1,3}",
        "[a-zA-Z\u{00C0}-\u{024F}\u{0300}-\u{036F}]{1,6}",
        "[\u{1100}-\u{11FF}\u{AC00}-\u{AC10}]{1,3}",
        "[0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}.,٫٬]{1,5}",
        "[ \n\t.!?؟،؛#@:/]{1,3}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalization_is_idempotent(s in arabicish()) {
        for level in [Level::Lossless, Level::Lossy] {
            let once = normalize_at(&s, level);
            let twice = normalize_at(&once, level);
            prop_assert_eq!(&once, &twice, "level {:?} input {:?}", level, s);
        }
    }

    #[test]
    fn normalization_is_idempotent_on_any_string(s in any::<String>()) {
        for level in [Level::Lossless, Level::Lossy] {
            let once = normalize_at(&s, level);
            prop_assert_eq!(normalize_at(&once, level), once);
        }
    }

    #[test]
    fn analysis_never_panics(s in arabicish()) {
        let a = Analyzer::default().analyze(&s);
        for t in &a.tokens {
            prop_assert!(t.start <= t.end && t.end <= s.len());
            prop_assert_eq!(&s[t.start..t.end], t.text.as_str());
        }
    }

    #[test]
    fn analysis_of_lossily_decoded_bytes_never_panics(b in prop::collection::vec(any::<u8>(), 0..512)) {
        let s = String::from_utf8_lossy(&b);
        let _ = Analyzer::default().analyze(&s);
        let _ = rasid_text::sentences(&s);
    }
}

#[test]
fn a_megabyte_of_one_character_is_fine() {
    let analyzer = Analyzer::default();
    for c in [
        'ب', '.', 'a', '\u{0651}', 'ﻻ', '#', '1', ' ', '\u{200F}', '@',
    ] {
        let s: String = std::iter::repeat_n(c, 1 << 20).collect();
        let a = analyzer.analyze(&s);
        assert!(a.tokens.len() <= s.len());
    }
}

#[test]
fn mixed_scripts_are_fine() {
    let s = "قال Reuters إن 3.5% من 中文 و Русский و #وسم_عربي و user@example.com و https://x.y/ز";
    let a = Analyzer::default().analyze(s);
    assert!(a.tokens.iter().any(|t| t.text == "https://x.y/ز"));
    assert!(a.tokens.iter().any(|t| t.text == "user@example.com"));
}
