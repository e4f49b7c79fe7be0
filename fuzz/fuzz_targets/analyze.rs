//! Fuzz target: text analysis of arbitrary (lossily decoded) bytes.
//! Run with `cargo +nightly fuzz run analyze` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = rasid_text::Analyzer::default().analyze(&text);
    for t in &a.tokens {
        assert_eq!(&text[t.start..t.end], t.text);
    }
    let once = rasid_text::normalize(&text);
    assert_eq!(rasid_text::normalize(&once), once);
});
