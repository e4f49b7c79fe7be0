//! Other stories' leads glued after an article's text: a scrape that read a page's "more
//! news" teasers as paragraphs of the article (records of some corpora end so: the
//! article, then the one-sentence openings of four or five unrelated stories), the way
//! the seed page glues a sports story under its own. They put other stories' people and
//! places in the article — its entities, tags, related articles and searches.
//!
//! A run of such paragraphs is told by what the article's own closing paragraphs never
//! are all at once: each is one short paragraph that shares (almost) no content word with
//! the title and the opening (its dateline's place left out), and none with its
//! neighbour — unrelated to the article and to each other. A lead dated as the wire
//! dates it (`قال الرئيس التركي، الجمعة، …`) may share a common word or two more; a
//! paragraph turning to another side of the report (من جهة أخرى، على صعيد متصل) or a
//! list's line (`الاثنين: …`) is the article's own.

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
/// The same for a lead dated between commas, or one naming its day above a run already
/// found.
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
    // A list's label (الاثنين: …) or a speaker's name before a colon opens no lead.
    if !c.is_alphabetic() || first.ends_with(':') {
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
    // Two words that turn to another side of the same report (من جهة أخرى، على صعيد
    // متصل، في غضون ذلك، إلى ذلك).
    const TURNING: [(&str, &[&str]); 5] = [
        (
            "من",
            &[
                "جهه",
                "جهته",
                "جهتها",
                "ناحيه",
                "ناحيته",
                "ناحيتها",
                "جانب",
                "جانبه",
                "جانبها",
            ],
        ),
        ("على", &["صعيد", "الصعيد"]),
        ("علي", &["صعيد", "الصعيد"]),
        (
            "في",
            &[
                "غضون",
                "سياق",
                "السياق",
                "المقابل",
                "الاثناء",
                "الوقت",
                "هذا",
                "حين",
            ],
        ),
        ("الى", &["ذلك", "جانب"]),
    ];
    if let Some((_, seconds)) = TURNING.iter().find(|(w, _)| *w == norm) {
        let second = p.split_whitespace().nth(1).unwrap_or("");
        let second = rasid_text::normalize(second.trim_end_matches(|c: char| !c.is_alphabetic()));
        if seconds.contains(&second.as_str()) {
            return false;
        }
    }
    !(first.starts_with('و') || first.starts_with('ف')) || norm.len() <= 4
}

/// An opening paragraph without its dateline (`دبي، الإمارات العربية المتحدة (CNN)--`,
/// `الرياض - واس:`): the place says where the outlet wrote, not what about.
fn without_dateline(p: &str) -> &str {
    let head = rasid_text::prefix(p, 120);
    ["--", " - ", " – ", ":"]
        .iter()
        .filter_map(|m| head.find(m).map(|i| i + m.len()))
        .min()
        .map_or(p, |i| &p[i..])
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

/// Whether a paragraph opens as a dated news lead does: its day between commas among
/// its first words (`قال الرئيس التركي، الجمعة، إن …`, `… اليوم السبت، …`) — the
/// wire's opening, which an article's own later paragraphs do not repeat.
fn dated_lead(p: &str) -> bool {
    const BEFORE_DAY: [&str; 6] = ["اليوم", "صباح", "مساء", "ليل", "ليله", "فجر"];
    let words: Vec<&str> = p.split_whitespace().take(15).collect();
    let comma = |w: &str| w.ends_with('،') || w.ends_with(',');
    words.iter().enumerate().skip(1).any(|(i, w)| {
        let before = words[i - 1];
        comma(w)
            && names_a_day(w)
            && (comma(before) || BEFORE_DAY.contains(&rasid_text::normalize(before).as_str()))
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
    about.extend(content_stems(without_dateline(paragraphs[0])));
    about.extend(content_stems(paragraphs[1]));
    let mut run = 0;
    // Whether each paragraph of the run, last first, names its day.
    let mut day = Vec::new();
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
        let names_day = names_a_day(p);
        let lead = names_day && dated_lead(p);
        // A dated lead, or once two are found a lead naming its day, may share a
        // common word or two with the article (وزير، العام) and still be another
        // story's.
        let most = if lead || (run >= MIN_RUN && names_day) {
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
        day.push(names_day);
        next = Some(words);
    }
    // Leads of the day's news name their day (قال …، الخميس،): most of the run does,
    // where an essay's or a list's closing paragraphs seldom name one. And most of the
    // text stays: the glued leads are the article's tail, not its body. The longest run
    // that holds both (a run can reach up into the article's own closing paragraphs).
    let total: usize = paragraphs.iter().map(|p| p.len()).sum();
    (MIN_RUN..=run)
        .rev()
        .find(|&r| {
            let dated = day[..r].iter().filter(|d| **d).count();
            let cut: usize = paragraphs[n - r..].iter().map(|p| p.len()).sum();
            2 * dated >= r && 2 * cut <= total
        })
        .unwrap_or(0)
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

    #[test]
    fn a_datelines_place_is_not_the_subject_and_a_dated_lead_may_share_common_words() {
        let paragraphs = [
            "عمّان، الأردن -- أعلن النائب العام فتح تحقيق في حريق مستودع الأدوية في المنطقة الصناعية.",
            "وقال النائب العام إن التحقيق سيشمل شركة الحراسة والمسؤولين عن السلامة في المستودع.",
            "وأضاف أن النيابة استمعت إلى إفادات العمال الذين كانوا في المستودع لحظة اندلاع الحريق.",
            "ويعد المستودع من أكبر مستودعات الأدوية في البلاد ويخدم مستشفيات العاصمة كلها.",
            // Dated between commas: it may share العام and تحقيق with the opening.
            "باشرت النيابة العامة المصرية، الخميس، تحقيقا في انهيار عمارة سكنية في حي شبرا بالقاهرة.",
            // It names the dateline's places only.
            "يبدأ وزير الخارجية الياباني يوم الخميس زيارة إلى الأردن هي الأولى له منذ توليه منصبه ويلتقي في عمّان كبار المسؤولين.",
        ];
        let title = "النائب العام يفتح تحقيقا في حريق مستودع الأدوية";
        assert_eq!(glued_teasers(title, &paragraphs), 2);
    }

    #[test]
    fn a_paragraph_turning_to_another_side_of_the_report_is_the_articles_own() {
        let mut paragraphs = ARTICLE.to_vec();
        paragraphs.extend([
            "من جهة أخرى، افتتح محافظ الجنوب، الخميس، مدرسة جديدة للبنات في قرية قريبة من الحدود.",
            "على صعيد متصل، وقعت وزارة النقل، الأربعاء، عقدا لتعبيد الطرق الزراعية في ثلاث قرى نائية.",
        ]);
        assert_eq!(glued_teasers("افتتاح مستشفى جديد للأطفال", &paragraphs), 0);
        // A list of fixtures, a day before a colon each, is no run of leads either.
        let mut paragraphs = ARTICLE.to_vec();
        paragraphs.extend([
            "الاثنين: البرازيل ضد المكسيك وبلجيكا ضد اليابان في سمارا وروستوف على نهر الدون.",
            "الثلاثاء: السويد ضد سويسرا وكولومبيا ضد إنجلترا في سان بطرسبرغ وموسكو العاصمة.",
        ]);
        assert_eq!(glued_teasers("افتتاح مستشفى جديد للأطفال", &paragraphs), 0);
    }

    #[test]
    fn the_longest_run_that_leaves_most_of_the_text_is_cut() {
        // A short news item whose long last paragraph passes for a lead too (unrelated
        // words, a story's opening): with it the run would be most of the text, so the
        // two leads under it go alone.
        let paragraphs = [
            "أعلنت البلدية اليوم إغلاق الجسر القديم أمام السيارات.",
            "وقالت البلدية إن الإغلاق مؤقت حتى تنتهي أعمال الترميم.",
            "يشهد سوق الذهب في المدينة إقبالا كبيرا من الزبائن منذ بداية الموسم السياحي، حيث يتوافد السياح من دول عديدة لشراء المشغولات التقليدية التي تصنعها ورش صغيرة يديرها حرفيون ورثوا المهنة عن آبائهم وأجدادهم، ويؤكد التجار أن الأسعار ما زالت مناسبة مقارنة بالأسواق المجاورة رغم ارتفاع سعر الأونصة عالميا.",
            "قرر البنك المركزي المصري، الخميس، رفع أسعار الفائدة نصف نقطة مئوية للمرة الثانية هذا العام.",
            "أعلنت هيئة الأرصاد الجوية التونسية، الخميس، أن موجة الحر ستستمر حتى نهاية الأسبوع المقبل.",
        ];
        assert_eq!(
            glued_teasers("إغلاق الجسر القديم أمام السيارات", &paragraphs),
            2
        );
    }
}
