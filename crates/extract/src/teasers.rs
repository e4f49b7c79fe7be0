//! Other stories' leads glued after an article's text: a scrape that read a page's "more
//! news" teasers as paragraphs of the article (records of some corpora end so: the
//! article, then the one-sentence openings of four or five unrelated stories), the way
//! the seed page glues a sports story under its own. They put other stories' people and
//! places in the article — its entities, tags, related articles and searches.
//!
//! A run of such paragraphs is told by what the article's own closing paragraphs never
//! are all at once: each is one short paragraph that shares (almost) no content word with
//! the title and the opening, and none with its neighbour — unrelated to the article and
//! to each other.

use rasid_text::{Analyzer, LatinStemming};
use std::collections::HashSet;

static ANALYZER: std::sync::LazyLock<Analyzer> =
    std::sync::LazyLock::new(|| Analyzer::new(LatinStemming::None));

/// Fewest glued paragraphs in a run (one unrelated closing paragraph is an article's own).
const MIN_RUN: usize = 2;
/// A teaser is one paragraph of a sentence or two.
const MAX_LETTERS: usize = 450;
const MIN_LETTERS: usize = 40;
/// Largest share of a teaser's content words found in the article's title and opening,
/// or in its neighbour.
const MAX_SHARED: f32 = 0.12;
/// The same for a dated lead above a run already found.
const MAX_SHARED_IN_RUN: f32 = 0.25;

fn content_stems(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    ANALYZER.for_each_term(text, |t| {
        if !t.stop && t.token.kind == rasid_text::TokenKind::Word && t.stem.chars().count() > 2 {
            out.insert(t.stem.to_owned());
        }
    });
    out
}

/// Whether a paragraph opens as a story's lead does — a verb or a name first (قال،
/// كشفت، دعا) — rather than as an article's next paragraph: و or ف (وأضاف، وكانت,
/// فيما), a word that carries on (كما، يذكر أن), a quotation, a list's number or mark,
/// a question or answer's dash.
fn opens_a_story(p: &str) -> bool {
    let Some(first) = p.split_whitespace().next() else {
        return false;
    };
    let c = first.chars().next().unwrap_or(' ');
    if !c.is_alphabetic() {
        return false;
    }
    // Words that carry an article on (كما، كذلك، يذكر أن، أما …).
    const GOING_ON: [&str; 14] = [
        "كما",
        "كذلك",
        "يذكر",
        "يشار",
        "لكن",
        "لكنه",
        "الا",
        "اما",
        "بينما",
        "بدوره",
        "بدورها",
        "حيث",
        "اذ",
        "علما",
    ];
    let norm = rasid_text::normalize(first.trim_end_matches(|c: char| !c.is_alphabetic()));
    if GOING_ON.contains(&norm.as_str()) {
        return false;
    }
    !(first.starts_with('و') || first.starts_with('ف')) || norm.len() <= 4
}

/// Whether a paragraph names a day of the week (a dated lead: `، الخميس،`).
fn names_a_day(p: &str) -> bool {
    const DAYS: [&str; 8] = [
        "الاحد",
        "الاثنين",
        "الإثنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "السبت",
    ];
    let norm = rasid_text::normalize(p);
    norm.split(|c: char| !c.is_alphabetic()).any(|w| {
        DAYS.iter()
            .any(|d| w == *d || w.strip_prefix('و') == Some(*d))
    })
}

fn shared(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    if a.is_empty() {
        return 1.0;
    }
    a.iter().filter(|w| b.contains(*w)).count() as f32 / a.len() as f32
}

/// How many of the last `paragraphs` are other stories' glued leads (0 when none): a run
/// of at least two at the end, each short, unrelated to `title` and the first two
/// paragraphs, and to the paragraph before it; the article keeps at least two paragraphs
/// and most of its text.
pub fn glued_teasers(title: &str, paragraphs: &[&str]) -> usize {
    let n = paragraphs.len();
    if n < 2 + MIN_RUN {
        return 0;
    }
    // The last paragraph first, by the cheap signs: most bodies stop here.
    let last = paragraphs[n - 1];
    let letters = last.chars().filter(|c| c.is_alphabetic()).count();
    if !(MIN_LETTERS..=MAX_LETTERS).contains(&letters) || !opens_a_story(last) {
        return 0;
    }
    let mut about = content_stems(title);
    for p in &paragraphs[..2] {
        about.extend(content_stems(p));
    }
    let mut run = 0;
    let mut next: Option<HashSet<String>> = None;
    for i in (2..n).rev() {
        let p = paragraphs[i];
        let letters = p.chars().filter(|c| c.is_alphabetic()).count();
        if !(MIN_LETTERS..=MAX_LETTERS).contains(&letters) {
            break;
        }
        if !opens_a_story(p) {
            break;
        }
        let words = content_stems(p);
        // Once two are found, a dated lead above them may share a common word or two
        // with the article (وزير، العام) and still be one of them.
        let most = if run >= MIN_RUN && names_a_day(p) {
            MAX_SHARED_IN_RUN
        } else {
            MAX_SHARED
        };
        if words.len() < 4 || shared(&words, &about) > most {
            break;
        }
        if let Some(after) = &next {
            if shared(&words, after) > MAX_SHARED || shared(after, &words) > MAX_SHARED {
                break;
            }
        }
        run += 1;
        next = Some(words);
    }
    // Leads of the day's news name their day (قال …، الخميس،): most of the run does,
    // where an essay's or a list's closing paragraphs seldom name one.
    let dated = paragraphs[n - run..]
        .iter()
        .filter(|p| names_a_day(p))
        .count();
    if run < MIN_RUN || 2 * dated < run {
        return 0;
    }
    // Most of the text stays: the glued leads are the article's tail, not its body.
    let total: usize = paragraphs.iter().map(|p| p.len()).sum();
    let cut: usize = paragraphs[n - run..].iter().map(|p| p.len()).sum();
    if 2 * cut > total {
        return 0;
    }
    run
}

/// `body` (paragraphs one a line or more) without other stories' leads glued after it
/// (see [`glued_teasers`]); as it was when there are none.
pub fn without_glued_teasers<'a>(title: &str, body: &'a str) -> std::borrow::Cow<'a, str> {
    let paragraphs: Vec<&str> = body
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match glued_teasers(title, &paragraphs) {
        0 => std::borrow::Cow::Borrowed(body),
        glued => std::borrow::Cow::Owned(paragraphs[..paragraphs.len() - glued].join("\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: [&str; 4] = [
        "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد للأطفال في العاصمة بسعة مئتي سرير.",
        "وقال وزير الصحة إن المستشفى الجديد سيخدم الأطفال من المحافظات المجاورة أيضا.",
        "وأضاف الوزير أن المستشفى مجهز بأحدث الأجهزة الطبية وأن طاقمه تدرب في الخارج.",
        "ويأتي افتتاح المستشفى ضمن خطة الوزارة لتطوير الخدمات الصحية للأطفال حتى عام 2030.",
    ];

    #[test]
    fn other_stories_leads_glued_after_an_article_are_found() {
        let mut paragraphs = ARTICLE.to_vec();
        paragraphs.extend([
            "قفز معدل التضخم في السودان إلى مستويات قياسية، وفقا لبيانات رسمية نشرت الخميس.",
            "طالب المرشد الإيراني، الخميس، سلطات الدولة باتخاذ قرارات حاسمة لمعالجة مشاكل المصارف.",
            "كشف الرئيس التركي، الأربعاء، أن حكومة بلاده ستطبق برنامجا اقتصاديا جديدا قريبا.",
        ]);
        let title = "افتتاح مستشفى جديد للأطفال في العاصمة";
        assert_eq!(glued_teasers(title, &paragraphs), 3);
        // The article alone, or with one unrelated closing paragraph, keeps everything.
        assert_eq!(glued_teasers(title, &ARTICLE), 0);
        assert_eq!(glued_teasers(title, &paragraphs[..5]), 0);
        // Undated, such closing paragraphs are more likely an essay's: kept.
        let undated: Vec<String> = paragraphs
            .iter()
            .map(|p| p.replace("الخميس", "").replace("الأربعاء", ""))
            .collect();
        let undated: Vec<&str> = undated.iter().map(String::as_str).collect();
        assert_eq!(glued_teasers(title, &undated), 0);
    }

    #[test]
    fn an_articles_own_closing_paragraphs_stay() {
        // Background on the same subject: it shares words with the opening.
        let mut paragraphs = ARTICLE.to_vec();
        paragraphs.extend([
            "وكانت الوزارة قد افتتحت العام الماضي مستشفى للأطفال في الجنوب بسعة مئة سرير.",
            "ويعاني قطاع الصحة من نقص في الأسرة المخصصة للأطفال في معظم المحافظات.",
        ]);
        assert_eq!(glued_teasers("افتتاح مستشفى جديد للأطفال", &paragraphs), 0);
        // Two closing paragraphs on one other matter belong together: not teasers.
        let mut paragraphs = ARTICLE.to_vec();
        paragraphs.extend([
            "وفي سياق آخر أعلنت شركة الكهرباء عن انقطاع التيار في عدة أحياء بسبب أعمال الصيانة.",
            "وقالت شركة الكهرباء إن أعمال الصيانة ستستمر حتى نهاية الأسبوع في الأحياء الشرقية.",
        ]);
        assert_eq!(glued_teasers("افتتاح مستشفى جديد للأطفال", &paragraphs), 0);
    }
}
