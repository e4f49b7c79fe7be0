//! Robustness: hostile and broken inputs return an article (possibly empty) without
//! panicking, in work proportional to their size. These assert behaviour, not time: a
//! quadratic path would make them run for hours instead of milliseconds.

use proptest::prelude::*;
use rasid_extract::{extract, Input, InputKind};

/// A realistic Arabic article page, written for these tests.
fn arabic_page(charset: Option<&str>) -> String {
    let meta = charset
        .map(|c| format!("<meta charset=\"{c}\">"))
        .unwrap_or_default();
    format!(
        "<html><head>{meta}<title>اتفاق على انسحاب قوات التحالف | الموقع</title></head><body>\
         <nav><a href='/'>الرئيسية</a> <a href='/a'>سياسة</a> <a href='/b'>اقتصاد</a></nav>\
         <article><h1>اتفاق على انسحاب قوات التحالف</h1>\
         <p>توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق، وذلك وفق خطة يجري تنفيذها على مراحل خلال العامين المقبلين.</p>\
         <p>وقال مسؤول كبير إن الاتفاق ينتظر موافقة نهائية من البلدين وتحديد موعد للإعلان عنه خلال الشهر الجاري.</p>\
         <p>ويسعى البلدان أيضا إلى إقامة علاقة استشارية جديدة قد تسمح ببقاء بعض القوات في العراق بعد الانسحاب.</p>\
         <p>المصدر: رويترز</p></article>\
         <footer>جميع الحقوق محفوظة</footer></body></html>"
    )
}

fn html(bytes: &[u8]) -> Input<'_> {
    Input {
        kind: InputKind::Html,
        ..Input::html(bytes)
    }
}

#[test]
fn windows_1256_page_without_charset_decodes() {
    let page = arabic_page(None);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&page);
    assert!(!unmappable);
    let (ex, _) = extract(&html(&bytes));
    assert_eq!(ex.body.len(), 3, "{:?}", ex.body);
    assert!(ex.body[0].starts_with("توصلت بغداد"));
    assert_eq!(ex.attributions[0].agency.as_deref(), Some("Reuters"));
    assert_eq!(ex.dir.as_deref(), Some("rtl"));
}

#[test]
fn iso_8859_6_page_with_charset_decodes() {
    let page = arabic_page(Some("iso-8859-6"));
    let (bytes, _, _) = encoding_rs::ISO_8859_6.encode(&page);
    let (ex, _) = extract(&html(&bytes));
    assert!(ex.text.contains("بغداد"));
}

#[test]
fn ten_megabyte_page() {
    let para = "<p>توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق، وذلك وفق خطة يجري تنفيذها.</p>";
    let mut page = String::from("<html><body><article>");
    while page.len() < 10 * 1024 * 1024 {
        page.push_str(para);
    }
    page.push_str("</article></body></html>");
    let (ex, _) = extract(&html(page.as_bytes()));
    assert!(ex.body.len() > 1000);
}

#[test]
fn one_ten_megabyte_paragraph_of_inline_tags() {
    let mut page = String::from("<p>");
    while page.len() < 10 * 1024 * 1024 {
        page.push_str("<b>كلمة</b> <a href=/x>رابط</a> ");
    }
    let (ex, _) = extract(&html(page.as_bytes()));
    assert!(ex.body.len() <= 1);
}

#[test]
fn hundred_thousand_deep_nesting() {
    let mut page = "<div>".repeat(100_000);
    page.push_str(
        "<p>نص في العمق، وهو فقرة كاملة تتكون من كلمات كثيرة حتى تعتبر نصا حقيقيا للمقال.</p>",
    );
    page.push_str(&"</div>".repeat(100_000));
    let (ex, _) = extract(&html(page.as_bytes()));
    assert_eq!(ex.body.len(), 1);
}

#[test]
fn hundred_thousand_short_blocks() {
    let page = "<div><p>نعم</p></div>".repeat(100_000);
    let _ = extract(&html(page.as_bytes()));
}

#[test]
fn thousands_of_article_cards() {
    let card = "<article><h2>عنوان</h2><p>ملخص قصير لخبر من الأخبار في هذه الصفحة، وفيه بعض الكلمات.</p></article>";
    let page = card.repeat(20_000);
    let _ = extract(&html(page.as_bytes()));
}

#[test]
fn truncated_utf8_and_binary_garbage() {
    let page = arabic_page(Some("utf-8"));
    let bytes = page.as_bytes();
    // Cut in the middle of a two-byte letter.
    let cut = (bytes.len() / 2..bytes.len())
        .find(|&i| bytes[i] >= 0xC0)
        .unwrap()
        + 1;
    let (ex, _) = extract(&html(&bytes[..cut]));
    assert!(!ex.body.is_empty());
    let garbage: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (ex, warnings) = extract(&Input::auto(&garbage));
    assert!(ex.body.is_empty());
    assert!(warnings.iter().any(|w| w.code == rasid_extract::NOT_TEXT));
}

#[test]
fn binary_files_are_not_read_as_pages() {
    let page = arabic_page(Some("utf-8"));
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend_from_slice(page.as_bytes());
    for (name, bytes) in [
        ("pdf", pdf),
        ("png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("jpeg", b"\xff\xd8\xff\xe0\0\x10JFIF".to_vec()),
        ("zip", b"PK\x03\x04\x14\0\0\0".to_vec()),
        ("mp4", b"\0\0\0\x20ftypisom\0\0\x02\0".to_vec()),
        ("nul-ridden", page.replace(' ', "\0").into_bytes()),
    ] {
        let (ex, warnings) = extract(&Input::auto(&bytes));
        assert!(ex.body.is_empty(), "{name}");
        assert!(
            warnings.iter().any(|w| w.code == rasid_extract::NOT_TEXT),
            "{name}: {warnings:?}"
        );
    }
    // Text in any charset is text: windows-1256, UTF-16 with its byte-order mark, a page
    // with a stray control byte or two.
    let (w1256, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(page.encode_utf16().flat_map(u16::to_le_bytes));
    let stray = page.replacen("اتفاق", "اتفاق\u{1}", 2).into_bytes();
    for (name, bytes) in [
        ("windows-1256", w1256.into_owned()),
        ("utf-16", utf16),
        ("stray", stray),
    ] {
        assert!(!rasid_extract::is_binary(&bytes), "{name}");
        let (ex, _) = extract(&Input::auto(&bytes));
        assert!(!ex.body.is_empty(), "{name}");
    }
}

#[test]
fn empty_and_whitespace_inputs() {
    for input in [
        "",
        " ",
        "<",
        "<html>",
        "<!--",
        "<script>",
        "&#xFFFFFFFF;",
        "<a href='",
    ] {
        let (ex, w) = extract(&Input::auto(input.as_bytes()));
        assert!(ex.body.is_empty());
        assert!(w.iter().any(|w| w.code == "no-body"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = extract(&Input::auto(&b));
        let _ = extract(&Input::text(&b));
    }

    #[test]
    fn arbitrary_markup_never_panics(s in "(<[a-z/!]{0,8}( [a-z]{1,5}(=['\"]?[^<>]{0,10}['\"]?)?){0,3}/?>|[^<]{0,30}|&[#a-z0-9]{0,8};?){0,60}") {
        let (ex, _) = extract(&Input::html(s.as_bytes()));
        prop_assert_eq!(ex.text, ex.body.join("\n\n"));
    }
}
