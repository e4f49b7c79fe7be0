//! Fuzz target: feeds (RSS, Atom, JSON Feed, as detected), sitemaps and OPML from
//! arbitrary bytes: an error or a result, never a panic.
//! Run with `cargo +nightly fuzz run feeds` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasid_fetch::{feeds, opml, sitemap};

fuzz_target!(|data: &[u8]| {
    let _ = feeds::detect(data);
    let _ = feeds::parse(data, None, "https://example.com/feed");
    let _ = feeds::parse(data, Some("text/xml; charset=windows-1256"), "https://example.com/feed");
    let _ = sitemap::parse(data, "https://example.com/sitemap.xml");
    let _ = opml::parse(&String::from_utf8_lossy(data));
});
