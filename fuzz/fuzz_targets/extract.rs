//! Fuzz target: extraction from arbitrary bytes, as HTML, as text and auto-detected.
//! Run with `cargo +nightly fuzz run extract` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasid_extract::{extract, Input};

fuzz_target!(|data: &[u8]| {
    for input in [Input::html(data), Input::text(data), Input::auto(data)] {
        let (ex, _) = extract(&input);
        assert_eq!(ex.text, ex.body.join("\n\n"));
    }
});
