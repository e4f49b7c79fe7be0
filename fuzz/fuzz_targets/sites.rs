//! Fuzz target: per-site rules. The input is a selector (up to the first newline) and a
//! page; a selector that parses is used as a site's content, remove, title and date
//! selector, and extraction with it must hold its invariants. The whole input is also
//! read as a rule file.
//! Run with `cargo +nightly fuzz run sites` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasid_extract::sites::{parse_rules, SiteRule, Sites};
use rasid_extract::{extract, Input};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_rules(&text);
    let (selector, page) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (String::from_utf8_lossy(&data[..i]), &data[i + 1..]),
        None => return,
    };
    let mut rule = SiteRule::new("example.com");
    if rule.set_content(&selector).is_err() {
        return;
    }
    rule.set_remove(&[&selector]).unwrap();
    rule.set_title(&selector).unwrap();
    rule.set_published(&selector).unwrap();
    let sites = Sites::new(vec![rule]);
    let input = Input::html(page)
        .with_url(Some("https://example.com/a/1"))
        .with_sites(Some(&sites));
    let (ex, _) = extract(&input);
    assert_eq!(ex.text, ex.body.join("\n\n"));
});
