//! The example page shipped in `examples/` (written for this project) extracts as a reader
//! would expect: this is the page the README's quick start runs on.

use rasid_extract::{extract, AttributionKind, Input};

#[test]
fn example_page() {
    let html = include_str!("../../../../examples/article-ar.html");
    let (ex, _) = extract(&Input::html(html.as_bytes()));
    assert_eq!(
        ex.title.as_deref(),
        Some("وزارة المياه تطلق مشروعا لتحلية مياه البحر في الساحل الشرقي")
    );
    assert_eq!(ex.site_name.as_deref(), Some("صحيفة الراصد"));
    assert_eq!(ex.authors, ["سلمى الحربي"]);
    assert_eq!(ex.published.as_deref(), Some("2024-09-05T10:30:00+03:00"));
    assert_eq!(ex.section.as_deref(), Some("اقتصاد"));
    assert_eq!(
        (ex.lang.as_deref(), ex.dir.as_deref()),
        (Some("ar"), Some("rtl"))
    );
    // Four paragraphs and the subheading; no menu, ticker, share bar, caption, read-also,
    // tags, most-read list, comments or footer.
    assert_eq!(ex.body.len(), 5, "{:#?}", ex.body);
    assert!(ex.body[0].starts_with("الدمام (واس)"));
    assert_eq!(ex.body[2], "الطاقة الشمسية");
    for junk in [
        "الرئيسية",
        "عاجل",
        "فيسبوك",
        "أرشيف",
        "اقرأ أيضا",
        "الوسوم",
        "الأكثر قراءة",
        "التعليقات",
        "محفوظة",
    ] {
        assert!(!ex.text.contains(junk), "{junk} leaked into the body");
    }
    assert!(ex
        .attributions
        .iter()
        .all(|a| a.agency.as_deref() == Some("SPA") && a.kind == AttributionKind::Agency));
    // The source line and the dateline credit the same agency: one attribution.
    assert_eq!(ex.attributions.len(), 1);
    assert!(ex.tags.contains(&"تحلية المياه".to_owned()));
    assert_eq!(ex.images[0].url, "/img/plant.jpg");
    assert_eq!(ex.related_links[0].url.as_deref(), Some("/n/2"));
}
