//! Per-site rules applied by `extract`: only to their site, metadata still read from the
//! whole page, and a content selector that finds nothing falls back to the generic
//! extraction with a warning.

use rasid_extract::sites::{SiteRule, Sites};
use rasid_extract::{extract, Input};

const STORY: &str = "أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة تشمل جميع المدارس الابتدائية في البلاد خلال الشهر المقبل.";
const SIDEBAR: &[&str] = &[
    "في خبر آخر، شهدت أسواق المدينة إقبالا كبيرا على شراء الملابس الشتوية مع انخفاض درجات الحرارة في الأيام الماضية.",
    "وفي الرياضة، فاز فريق المدينة على منافسه بثلاثة أهداف مقابل هدف واحد في المباراة التي أقيمت مساء أمس على الملعب البلدي.",
    "كما افتتح معرض للكتاب في قاعة المؤتمرات بمشاركة أكثر من مئة دار نشر من داخل البلاد وخارجها ويستمر أسبوعا كاملا.",
];

fn page() -> String {
    let sidebar: String = SIDEBAR.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<html><head><title>حملة تطعيم في المدارس | صحيفة</title>\
         <meta property=\"article:published_time\" content=\"2024-02-01T09:00:00Z\"></head><body>\
         <div id=\"news\"><p>{STORY}</p></div><div id=\"more\">{sidebar}</div></body></html>"
    )
}

fn rules(content: &str) -> Sites {
    let mut rule = SiteRule::new("www.example.com");
    rule.set_content(content).unwrap();
    Sites::new(vec![rule])
}

#[test]
fn a_content_rule_applies_to_its_site_alone() {
    let html = page();
    let sites = rules("#news");
    let at = |url| {
        let input = Input::html(html.as_bytes())
            .with_url(Some(url))
            .with_sites(Some(&sites));
        extract(&input).0
    };
    let ruled = at("https://example.com/health/1");
    assert_eq!(ruled.body, [STORY]);
    // The metadata is the whole page's.
    assert_eq!(ruled.published.as_deref(), Some("2024-02-01T09:00:00Z"));
    assert_eq!(ruled.title.as_deref(), Some("حملة تطعيم في المدارس"));
    let other = at("https://example.org/health/1");
    assert!(other.body.len() > 1, "{:?}", other.body);
}

#[test]
fn a_content_rule_that_finds_nothing_leaves_the_generic_article_and_says_so() {
    let html = page();
    let sites = rules("div.article-body");
    let input = Input::html(html.as_bytes())
        .with_url(Some("https://example.com/health/1"))
        .with_sites(Some(&sites));
    let (ruled, warnings) = extract(&input);
    let (generic, _) = extract(&Input::html(html.as_bytes()));
    assert_eq!(ruled.body, generic.body);
    assert!(
        warnings.iter().any(|w| w.code == "site-rule-unmatched"),
        "{warnings:?}"
    );
}
