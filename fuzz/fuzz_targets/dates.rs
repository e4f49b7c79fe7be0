//! Fuzz target: dates read from machine formats and from text (Arabic, Hijri and Solar
//! Hijri months, relative times); a date found is a real calendar date that prints.
//! Run with `cargo +nightly fuzz run dates` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasid_extract::dates::{find_in_text, parse_machine, DateTime};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let now = DateTime::from_timestamp(1_700_000_000);
    for d in [parse_machine(&text), find_in_text(&text, None), find_in_text(&text, Some(&now))]
        .into_iter()
        .flatten()
    {
        let printed = d.to_rfc3339();
        assert_eq!(parse_machine(&printed).map(|p| p.timestamp()), Some(d.timestamp()));
    }
});
