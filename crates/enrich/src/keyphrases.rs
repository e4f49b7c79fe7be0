//! Key phrases: the 1–3 word phrases an article is about, in their natural surface form
//! (قوات التحالف الدولي, not a stem), ranked by salience in the article against corpus
//! document frequencies: `(1 + ln tf) × idf`, weighed up when the phrase is in the title
//! or the opening, for two- and three-word phrases, and for named entities. Candidates
//! never cross punctuation, never start or end with a stopword, and skip the generic
//! words of news pages (تفاصيل، عاجل، فيديو، بالصور …); a phrase inside (or around) a
//! better one is not chosen twice, and nothing is cut mid-word.

use crate::terms::{Term, Terms, BODY_TOKENS};
use rasid_text::{Analyzer, LatinStemming, TokenKind};
use std::sync::atomic::{AtomicU32, Ordering};

/// Generic words of news pages that are never key phrases on their own or at a phrase's
/// edge (normalized).
const GENERIC: &[&str] = &[
    // The formulas of congratulation cables (التهاني وأطيب التمنيات بالصحة والسعادة
    // ولشعبه اطراد التقدم والازدهار): what every such cable says.
    "التهاني",
    "التمنيات",
    "التبريكات",
    "اطراد",
    "اطيب",
    // …and the verb that sends them (بعث برقية; البعث, the party, is another word).
    "بعث",
    "تفاصيل",
    "عاجل",
    "فيديو",
    "بالفيديو",
    "صور",
    "بالصور",
    "انفوغرافيك",
    "الانفوغرافيك",
    "انفوجرافيك",
    "شاهد",
    "شاهدوا",
    "خبر",
    "اخبار",
    "الخبر",
    "اليوم",
    "امس",
    "غدا",
    "قال",
    "قالت",
    "اكد",
    "اكدت",
    "اضاف",
    "اضافت",
    "اعلن",
    "اعلنت",
    "اوضح",
    "اوضحت",
    "ذكر",
    "ذكرت",
    "كشف",
    "كشفت",
    "وفق",
    "مصادر",
    "مصدر",
    "بيان",
    "تقرير",
    "الكشف",
    "اعلان",
    "الاعلان",
    "تصريح",
    "تصريحات",
    "مساء",
    "صباح",
    "يوم",
    "العام",
    "الماضي",
    "المقبل",
    "الجاري",
    "عام",
    "حوالي",
    "نحو",
    "بعض",
    "عدد",
    "عده",
    "اكثر",
    "اقل",
    "جديد",
    "جديده",
    "الجديد",
    "الجديده",
    "كبير",
    "كبيره",
    "اطار",
    "خلال",
    "ضمن",
    "بشكل",
    "المصدر",
    "اقرا",
    "ايضا",
    "كلمات",
    "دلاليه",
    "مقالات",
    "مشابهه",
    "المزيد",
    // Prepositional nouns: they tie words together and end no phrase (السعودي بشأن).
    "بشان",
    "بخصوص",
    "حيال",
    "ازاء",
    "اثر",
    "جراء",
    "وفقا",
    "بحسب",
    "حسب",
    "بسبب",
    "عقب",
    "قبيل",
    "لصالح",
    "طوال",
    "ذو",
    "وذو",
    "ذوي",
    "المتعلق",
    "المتعلقه",
    "قرب",
    // Days of the week: when, not what (الجمعة is also a prayer's name).
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "السبت",
    // Months (the Gregorian names and the Levantine ones): when, not what (تشرين أول).
    // The Hijri months stay: رمضان and الحج are topics.
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "اذار",
    "ايار",
    "حزيران",
    "تموز",
    "ايلول",
    "تشرين",
    // …and the Maghrebi ones (جانفي، فيفري, Tunisian outlets' dates); ماي, جوان and أوت
    // are names or English words too (تيريزا ماي، غيت آوت) and are months only beside a
    // number ([`Analysis::said_as_date`]).
    "جانفي",
    "فيفري",
    "افريل",
    "جويليه",
    // Spans and superlatives of time and rank (آخر يومين، أبرز التغريدات، أدنى مستوى،
    // أكبر مسح).
    "اسبوعين",
    "شهرين",
    "عامين",
    "سنتين",
    "اعوام",
    "الاعوام",
    "السنوات",
    "التوقيت",
    "توقيت",
    "اكبر",
    "ادني",
    "اعلي",
    "اخر",
    "الاخير",
    "الاخيره",
    "ابرز",
    "اول",
    "الاول",
    "يومين",
    "ايام",
    "الايام",
    "اسبوع",
    "الاسبوع",
    "اسابيع",
    "شهر",
    "الشهر",
    "اشهر",
    "ساعات",
    "الساعات",
    "ساعه",
    "دقائق",
    "دقيقه",
    "الدقيقه",
    // Shares and subjects: في المئة، في موضوع (a number's unit, a reference back).
    "المئه",
    "المائه",
    "بالمئه",
    "بالمائه",
    "موضوع",
    // Judgements that say nothing alone (خطوة أولى جيدة).
    "جيد",
    "جيده",
    "اولى",
    "خطوه",
    // The passive's auxiliary (تم الاتفاق), and "and so on".
    "تم",
    "الخ",
    // How sure, of something else (من المقرر أن).
    "المتوقع",
    "المقرر",
    "المنتظر",
    "المؤكد",
    // Counts and quantities without what they count (على الأقل، مئات السجناء).
    "الاقل",
    "مئات",
    "عشرات",
    "واحد",
    "أحد",
    "إحدى",
    "واحده",
    "سنه",
    "سنوات",
    // "That I", "such and such": a sentence's words the stopwords miss.
    "انني",
    "اني",
    "كذا",
    // References back to parties already named: never the topic itself.
    "البلدين",
    "الجانبين",
    "الطرفين",
    "البلاد",
];

/// Words that head a name, a title or a body of people and say nothing alone (normalized,
/// definite or not): besides organisations' heads (وزارة، حركة …), these.
const HEADS: &[&str] = &[
    "قوات",
    "رئيس",
    "وزير",
    "نائب",
    "امين",
    "سلطات",
    "مسؤول",
    "مسؤولين",
    "مسؤولون",
    "عناصر",
    "اعضاء",
    "عضو",
    "زعيم",
    "قائد",
    "قاده",
    "متحدث",
    "مدير",
    "دوله",
];

/// Whether a normalized phrase names a news agency (`rasid_text::agencies`): a dateline's
/// (رويترز) is no topic.
fn is_agency(norm: &str) -> bool {
    rasid_text::agencies::agency(norm).is_some()
}

/// Words that are no tag alone, though phrases hold them (حزب الله، الموظفة السابقة),
/// normalized.
const NOT_ALONE: &[&str] = &[
    "الله",
    "ولي",
    "السابق",
    "السابقه",
    "الحالي",
    "الحاليه",
    "يا",
    // Friday alone is the day (صلاة الجمعة is a topic).
    "الجمعه",
    // Measures, shares and changes of something unnamed: نسبة، نقطة، مليون، رصيد، الربع،
    // ارتفاع، تراجع، زيادة.
    "نسبه",
    "نقطه",
    "مليون",
    "رصيد",
    "الربع",
    "ارتفاع",
    "الارتفاع",
    "تراجع",
    "زياده",
    "انخفاض",
    "الانخفاض",
    // Where and who, unnamed: العالم، المنطقة، مدينة، أشخاص.
    "العالم",
    "المنطقه",
    "منطقه",
    "مدينه",
    "اشخاص",
    "شخص",
    // "Lack of", "while".
    "عدم",
    "حين",
    // Quantities and relations of something unnamed (الجميع، كافة، العديد، البعض، مقابل،
    // وسط، جنب، داخل، خارج، أكبر، أفضل): a sentence's links, no topic.
    "الجميع",
    "كافه",
    "العديد",
    "البعض",
    "مقابل",
    "وسط",
    "اجل",
    "جنب",
    "داخل",
    "خارج",
    // (أفضل opens a prize's name: جائزة أفضل لاعب.)
    "افضل",
    "الكثير",
    "القليل",
    "وجود",
    "الحصول",
    "النسبه",
    "السبب",
    // A direction alone (شمال سوريا is a place).
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "مره",
    "قيمه",
    "مقارنه",
    // Spans and points of time, a matter, a level, a name or a number, unnamed (نهاية،
    // الفترة، الوقت، الأمر، مستوى، اسم، رقم).
    "القادم",
    "القادمه",
    "المقبله",
    "نهايه",
    "بدايه",
    "الفتره",
    "فتره",
    "الوقت",
    "مده",
    "الساعه",
    "حاله",
    "الامر",
    "مستوي",
    "المره",
    "اسم",
    "رقم",
    "صفر",
    // Units and sums (مليون above): دولار، سنتا، ريال، برميل، ألف.
    "الف",
    "الاف",
    "ملايين",
    "مليارات",
    "مليونا",
    "مليارا",
    "ربع",
    "ثالث",
    "ثاني",
    "مليار",
    "دولار",
    "سنت",
    "سنتا",
    "ريال",
    "درهم",
    "دينار",
    "جنيه",
    "يورو",
    "ليره",
    "برميل",
    "طنا",
    "المتر",
    "متر",
    "كيلومتر",
    "كيلومترا",
    "كلم",
    "درجه",
    "درجات",
    "نقاط",
    // Someone unnamed (اشخاص above): الرجل، امرأة، الفتاة، الشاب، الطفل.
    "الرجل",
    "رجل",
    "امراه",
    "الفتاه",
    "فتاه",
    "الشاب",
    "شاب",
    "الطفل",
    "طفل",
    "الشخص",
    // Death or finding of someone or something the phrase would name (مقتل خاشقجي،
    // العثور على): the act alone is no topic to follow.
    "مقتل",
    "مصرع",
    "وفاه",
    "العثور",
    "التوصل",
    // "Praise be (to God)": a formula, alone no topic.
    "الحمد",
    // "Without" (بدون stays a phrase's word: طائرات بدون طيار).
    "دون",
    // Numbers in words: how many, not of what.
    "اثنين",
    "اثنان",
    "ثلاث",
    "ثلاثه",
    "اربع",
    "اربعه",
    "خمس",
    "خمسه",
    "سته",
    "سبع",
    "سبعه",
    "ثماني",
    "ثمانيه",
    "تسع",
    "تسعه",
    "عشر",
    "عشره",
    "الثلاث",
    "الاربع",
    "الخمس",
    "السته",
    // The other, the third: which one, of what unsaid; important: what is, unsaid.
    "الاخر",
    "الاخري",
    "الثالث",
    "الثالثه",
    "الرابع",
    "مهم",
    "مهمه",
    // Heads said only with what they are of (منسوبي القوات، صفوف الفريق، أهالي المنطقة,
    // المشتبه به): half a phrase.
    "منسوبي",
    "صفوف",
    "اهالي",
    "المشتبه",
    "هبوط",
    "الهبوط",
    // The first (day) of a month: غرة أفريل.
    "غره",
];

/// Tags an article is given whatever their weight (when it has that many candidates).
const FULL_TAGS: usize = 5;

/// Past [`FULL_TAGS`], the share of the best tag's weight a tag must reach.
const TAIL_SHARE: f32 = 0.2;

/// Common nouns that say what kind of thing happened or where, but not what it was about
/// (normalized, as written alone — with the article or without where both are vague): an
/// arrest, a visit, a meeting, a report, a season, a match, a province, the citizens. A
/// reader following القبض or الموسم gathers every arrest or every league; the phrases
/// that hold them stay (القبض على …، الموسم المقبل is cut by other rules). Left out: the
/// words that are clubs' names too (التعاون، الاتفاق، الشباب، الوحدة), a newspaper's
/// (الوطن), and the topics readers do follow alone (النفط، الإرهاب، التعليم، المرأة،
/// الأرض، الحرب).
const VAGUE: &[&str] = &[
    // Acts and events, of whom or what unsaid.
    "القبض",
    "اعتقال",
    "الاعتقال",
    "تعيين",
    "التعيين",
    "تعرض",
    "توقيف",
    "هويه",
    "الحادث",
    "الحادثه",
    "حادث",
    "الهجوم",
    "هجوم",
    "الاعتداء",
    "قتل",
    "الاصابه",
    "اصابه",
    "ضبط",
    "حجز",
    "ايقاف",
    "نقل",
    "دعم",
    "تطوير",
    "تحرير",
    "العوده",
    "الحضور",
    "المشاركه",
    "اللقاء",
    "الزياره",
    "زياره",
    "الاجتماع",
    "الجلسه",
    "الحفل",
    "القرار",
    "قرار",
    "التقرير",
    "الدراسه",
    "التحقيق",
    "الحمله",
    "البلاغ",
    "عقد",
    "الخطه",
    "البيان",
    "القضيه",
    "الاجراءات",
    "المشروع",
    "مشروع",
    "البرنامج",
    "برنامج",
    "الفعاليات",
    "فعاليات",
    "الفوز",
    "التعادل",
    // A game's and a season's parts, roles and places.
    "الموسم",
    "المباراه",
    "مباراه",
    "المباريات",
    "اللاعبين",
    "اللاعب",
    "البطوله",
    "الشوط",
    "التدريبات",
    "التدريب",
    "اللقب",
    "لقب",
    "الهدف",
    "هدف",
    "الاهداف",
    "الحارس",
    "المهاجم",
    "الملعب",
    "ملعب",
    "الجماهير",
    "المنتخب",
    "منتخب",
    "الدور",
    "الفريق",
    "النادي",
    // Frames of place, body and people, unnamed.
    "المحافظه",
    "محافظه",
    "المناطق",
    "مناطق",
    "الجهه",
    "العاصمه",
    "الدول",
    "القطاع",
    "الاداره",
    "الامانه",
    "المجموعه",
    "الخدمات",
    "الموقع",
    "الحدود",
    "السوق",
    "الشركات",
    "الشركه",
    "المواطنين",
    "المواطن",
    "المصابين",
    "الزوار",
    "المستخدمين",
    "السكان",
    "الوزراء",
    // Matters and measures of something unnamed.
    "العمل",
    "الاسعار",
    "اسعار",
    "المؤشر",
    "مؤشر",
    // A mechanism (آلية, whose normal form is إليه's), of what unsaid.
    "اليه",
    "الاليه",
    "العلاقات",
    "العمر",
    "الحكم",
    "النار",
    "السيطره",
    "سجل",
    "موعد",
    "الموعد",
    "حلول",
    "وقت",
    "المرحله",
    "النتيجه",
    "نتيجه",
    "عمليه",
    "العمليات",
    "مواجهه",
    "طريق",
    "العرض",
    "تقديم",
    "استخدام",
    "التسجيل",
    "تسجيل",
    "اطلاق",
    "مشاركه",
    "اداره",
    "البرامج",
    "الاعمال",
    "التاكيد",
    "التغييرات",
    "الاشخاص",
    // A game's again: the contest, the play, the two sides, the competitions, the foot
    // of كرة القدم.
    "المنافسه",
    "اللعب",
    "الفريقين",
    "المسابقات",
    "مباريات",
    "اهداف",
    "القدم",
    // The paper that reported it (صحيفة …): who told, not what.
    "الصحيفه",
    "صحيفه",
    "المعسكر",
    "سياره",
    "السياره",
    // Who found it, unnamed.
    "الباحثون",
    "الباحثين",
    "العلماء",
];

/// Currencies and measures (normalized): with an adjective after them (جنيه إسترليني،
/// برميل يوميا) a unit, not a topic.
const UNITS: &[&str] = &[
    "دولار",
    "ريال",
    "جنيه",
    "يورو",
    "درهم",
    "دينار",
    "ليره",
    "برميل",
    "طن",
];

/// Counts that open a sum (مليار دولار، مليون برميل، ألف كيلومتر مربع), normalized: a
/// phrase they start is a quantity, not a topic.
const COUNTS: &[&str] = &[
    "مليون",
    "مليونا",
    "ملايين",
    "مليار",
    "مليارا",
    "مليارات",
    "الف",
    "الفا",
    "الاف",
    "مئه",
    "مائه",
];

/// Given names thousands carry (besides [`crate::entities::COMMON_GIVEN`]), normalized:
/// alone, no one in particular (محمد of محمد بن سلمان and محمد صلاح alike). Names a
/// person goes by alone stay (بشار، صدام), as do family names (ترامب، صالح).
const GIVEN: &[&str] = &[
    "ابراهيم",
    "عبدالرحمن",
    "سلطان",
    "فيصل",
    "سعد",
    "ناصر",
    "عمر",
    "حسن",
    "حسين",
    "يوسف",
    "مصطفي",
    "محمود",
    "سليمان",
    "عثمان",
    "منصور",
    "ماجد",
    "بندر",
    "نايف",
    "مشعل",
    "طلال",
    "عادل",
    "سامي",
    "طارق",
    "وليد",
    "حمد",
    "راشد",
];

/// The Latin letters' names as Arabic writes them in acronyms (إف بي آي، سي إن إن، جي بي
/// إس), normalized: a piece of an acronym, alone no tag.
const LETTER_NAMES: &[&str] = &[
    "ايه",
    "بي",
    "سي",
    "دي",
    "اي",
    "اف",
    "جي",
    "اتش",
    "جيه",
    "كيه",
    "كي",
    "ام",
    "ار",
    "اس",
    "تي",
    "يو",
    "دبليو",
    "اكس",
    "واي",
    "زد",
    "كيو",
];

/// Whether a normalized phrase is an outlet's own credit in its datelines (`(CNN)--`,
/// `سبق- وكالات:`): who wrote the article, as an agency's credit is where it came from.
fn is_outlet_credit(norm: &str) -> bool {
    // (الوئام: its pages end «رابط الخبر بصحيفة الوئام».)
    norm.eq_ignore_ascii_case("cnn") || matches!(norm, "سبق" | "الوئام" | "صحيفه الوئام")
}

/// The formulas of congratulation cables besides their words in [`GENERIC`] (نتمنى له
/// موفور الصحة والسعادة ولشعبه اطراد التقدم والازدهار), normalized: a phrase holding one is
/// what every cable says.
const FORMULAS: &[&str] = &["التقدم والازدهار", "الصحه والسعاده", "موفور الصحه"];

/// Whether a normalized phrase holds a cable's formula ([`FORMULAS`]), word for word.
fn is_formula(norm: &str) -> bool {
    FORMULAS.iter().any(|f| {
        norm.match_indices(f).any(|(i, _)| {
            let (before, after) = (&norm[..i], &norm[i + f.len()..]);
            (before.is_empty() || before.ends_with(' ') || before.ends_with(['ب', 'ل', 'و']))
                && (after.is_empty() || after.starts_with(' '))
        })
    })
}

/// Whether a normalized word is a head that is no tag on its own (see [`HEADS`]).
pub(crate) fn is_lone_head(norm: &str) -> bool {
    let bare = norm.strip_prefix("ال").unwrap_or(norm);
    HEADS.contains(&bare) || crate::entities::is_org_head(norm)
}

/// Whether a written word carries an attached pronoun — وفاته، قواتها، تقديمهم (his
/// death, its forces, bringing them): what a sentence says of someone, not a topic to
/// follow. Read on the written letters, where the pronoun ه is still told from the taa
/// marbuta (وفاته / وفاة), and only for the endings that leave no doubt: ته, and ها هم
/// هما هن after three letters or more on a word without the article (a definite word
/// takes no pronoun), هم and هن not after an alef (تفاهم، مساهم). نا and كم are left
/// alone (كورونا، محاكم), as is a bare ه after another letter (وجه، اتجاه).
pub(crate) fn has_pronoun(word: &str) -> bool {
    let w = rasid_text::stem::without_proclitics(&without_marks(word));
    if w.starts_with("ال") {
        return false;
    }
    let letters = |s: &str| s.chars().count();
    if let Some(rest) = w.strip_suffix("ته") {
        return letters(rest) >= 2;
    }
    // After an alef, هم and هن are mostly the word's own: تفاهم، مساهم (جرحاهم is let go).
    ["هما", "ها", "هم", "هن"].iter().any(|p| {
        w.strip_suffix(p).is_some_and(|rest| {
            letters(rest) >= 3 && !(matches!(*p, "هم" | "هن") && rest.ends_with('ا'))
        })
    })
}

/// A written word without its short vowels and tatweel, its letters as written (the
/// taa marbuta still told from ه).
fn without_marks(word: &str) -> String {
    word.chars()
        .filter(|c| !('\u{064B}'..='\u{0652}').contains(c) && *c != '\u{0640}')
        .collect()
}

/// Whether a written word is a verb with an attached pronoun [`has_pronoun`] leaves in
/// doubt (ه، نا، ك، كم، ني: ينظمه، يخاطبنا، أعلنته، أسماه): without it, a learned present
/// (of ي or ت), a past of ت (أعلنت), or a past of أفعى or تفعّى whose present is learned
/// (أسمى — يسمي، تبنى — يتبنى). Read on the written letters, where the pronoun ه is told
/// from the taa marbuta (صلاة), and not for a future's س (سيرينا is no س + يري + نا) nor
/// a defective verb of three letters (مشاه, pedestrians, reads as مشى + ه).
fn verb_with_pronoun(word: &str) -> bool {
    let bare = without_marks(word);
    let written_h = bare.ends_with('ه');
    let w = rasid_text::normalize(&bare);
    ["كما", "كم", "نا", "ني", "ه", "ك"].iter().any(|p| {
        (*p != "ه" || written_h)
            && w.strip_suffix(p).is_some_and(|v| {
                v.chars().nth(2).is_some()
                    && ((v.starts_with(['ي', 'ت']) && rasid_text::verbs::is_verb(v))
                        || (v.ends_with('ت') && rasid_text::verbs::is_past(v)))
            })
    }) || (written_h
        && w.strip_suffix("اه").is_some_and(|v| {
            let base = v
                .strip_prefix('ا')
                .or_else(|| v.starts_with('ت').then_some(v));
            base.is_some_and(|b| {
                b.chars().nth(1).is_some() && rasid_text::verbs::is_verb(&format!("ي{b}ي"))
            })
        }))
}

/// Whether a written word is a learned common word with a pronoun the letters alone
/// leave in doubt (see [`has_pronoun`]): ك، كم، نا، or ه as written (not the taa marbuta)
/// — ملابسك، بلادنا، نظيره. Names do not read as a common word with it off (بنك، كورونا,
/// and a word of two letters is left alone), and a definite word takes no pronoun.
fn pronoun_on_common(word: &str) -> bool {
    !rasid_text::stem::without_proclitics(word).starts_with("ال")
        && with_pronoun(
            word,
            &["كما", "كم", "ك", "نا", "ه"],
            crate::entities::is_common,
        )
}

/// Whether a written word, its proclitics off, is one of `pronouns` on a word of three
/// letters or more that `is_word` accepts (normalized).
pub(crate) fn with_pronoun(word: &str, pronouns: &[&str], is_word: impl Fn(&str) -> bool) -> bool {
    let w = rasid_text::stem::without_proclitics(word);
    pronouns.iter().any(|p| {
        w.strip_suffix(p).is_some_and(|rest| {
            let rest = rasid_text::normalize(rest);
            rest.chars().nth(2).is_some() && is_word(&rest)
        })
    })
}

/// Whether a written word is a preposition ب، ل or ك on a word (لاستجلاء، بالأمس،
/// كبديل): one the stemmer reads the same without it.
fn with_preposition(word: &str) -> bool {
    word.starts_with(['ب', 'ل', 'ك']) && rasid_text::stem::without_proclitics(word) != word
}

static ANALYZER: std::sync::LazyLock<Analyzer> =
    std::sync::LazyLock::new(|| Analyzer::new(LatinStemming::None));

/// The hashes of the generic words, sorted.
static GENERIC_HASHES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut h: Vec<u64> = GENERIC
        .iter()
        .map(|w| rasid_text::hash64(&rasid_text::normalize(w)))
        .collect();
    h.sort_unstable();
    h
});

/// Whether a normalized word is one of the generic words of news pages, also after و or
/// ف (وأطيب التمنيات), or one of them or a stopword after the preposition ب، ل or ك
/// (للبلاد، بالأمس، لماذا، بأنه، لأنها): the stemmer takes the preposition off, and the
/// word would be shown as the generic word or the stopword it is (البلاد، ماذا، أنه).
pub(crate) fn is_generic(norm: &str) -> bool {
    // Generic words are short; most words are not looked up at all.
    let listed =
        |w: &str| w.len() <= 24 && GENERIC_HASHES.binary_search(&rasid_text::hash64(w)).is_ok();
    listed(norm)
        || norm
            .strip_prefix(['و', 'ف'])
            .is_some_and(|rest| rest.chars().nth(2).is_some() && listed(rest))
        || behind_preposition(norm).is_some_and(|w| {
            listed(&w)
                || (rasid_text::stopwords::is_arabic_stopword(&w)
                    // (Two letters only for these: بلي، لهي are no preposition on لي، هي;
                    // nor is بلدي, municipal, on لدي.)
                    && (w.chars().nth(2).is_some() || matches!(&*w, "ما" | "من" | "كل" | "اي"))
                    && w != "لدي")
        })
}

/// A normalized word without the preposition ب، ل or ك before it (after و or ف too): للبلاد
/// → البلاد، بالأمس → الأمس، لماذا → ماذا. ك only before the article (كوفي is a name, not
/// ك + وفي), and never a word of و or ف left (بوفي), nor the two letters left of a longer
/// word. بدون stays: طائرات بدون طيار (drones) is one name.
fn behind_preposition(norm: &str) -> Option<std::borrow::Cow<'_, str>> {
    let rest = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    if rest == "بدون" {
        return None;
    }
    if let Some(r) = rest.strip_prefix("لل") {
        return (r.chars().nth(1).is_some()).then(|| format!("ال{r}").into());
    }
    let r = rest
        .strip_prefix(['ب', 'ل'])
        .or_else(|| rest.strip_prefix('ك').filter(|r| r.starts_with("ال")))?;
    (r.chars().nth(1).is_some() && !r.starts_with(['و', 'ف'])).then_some(r.into())
}

/// Slots per row of the frequency sketch.
const DF_BITS: u32 = 21;
const DF_SLOTS: usize = 1 << DF_BITS;
const DF_MAGIC: &[u8] = b"rasid phrase-df 1\n";

/// Document frequencies of phrase keys — what the store keeps as articles arrive, or an
/// evaluation counts over a corpus. A count-min sketch (two rows of 2^21 counters,
/// conservative update): memory stays fixed however many distinct phrases arrive, a
/// frequency is never under-counted, and rare phrases are over-counted by little. Shared
/// by the ingest's worker threads (`&self`, atomic counters).
pub struct PhraseFrequencies {
    counts: Box<[AtomicU32]>,
    docs: AtomicU32,
}

impl Default for PhraseFrequencies {
    fn default() -> Self {
        PhraseFrequencies {
            counts: (0..2 * DF_SLOTS).map(|_| AtomicU32::new(0)).collect(),
            docs: AtomicU32::new(0),
        }
    }
}

impl std::fmt::Debug for PhraseFrequencies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhraseFrequencies {{ docs: {} }}", self.docs())
    }
}

impl PhraseFrequencies {
    fn slots(key: u64) -> (usize, usize) {
        let h = rasid_text::mix64(key);
        let mask = DF_SLOTS as u64 - 1;
        ((h & mask) as usize, DF_SLOTS + ((h >> 32) & mask) as usize)
    }

    /// Counts one article's candidate phrases.
    pub fn add(&self, title: &str, body: &str) {
        self.add_analysed(&Analysis::new(&Terms::new(title, body)));
    }

    /// Counts an analysed article's candidate phrases (each once).
    pub fn add_analysed(&self, a: &Analysis<'_, '_>) {
        self.add_keys(a.keys());
    }

    /// Counts an article by its candidate phrases' keys ([`Analysis::keys`]), kept to be
    /// counted later: an ingest counts its articles in input order, a block at a time.
    pub fn add_keys(&self, keys: &[u64]) {
        self.docs.fetch_add(1, Ordering::Relaxed);
        for &k in keys {
            // Conservative update with plain loads and stores: no read-modify-write, so
            // the cache misses of consecutive keys overlap. Two workers updating the
            // same counter at the same instant may lose one count — a sketch's error.
            let (i, j) = Self::slots(k);
            let (a, b) = (
                self.counts[i].load(Ordering::Relaxed),
                self.counts[j].load(Ordering::Relaxed),
            );
            let m = a.min(b).saturating_add(1);
            if a < m {
                self.counts[i].store(m, Ordering::Relaxed);
            }
            if b < m {
                self.counts[j].store(m, Ordering::Relaxed);
            }
        }
    }

    /// Articles counted.
    pub fn docs(&self) -> u32 {
        self.docs.load(Ordering::Relaxed)
    }

    fn df(&self, key: u64) -> u32 {
        let (i, j) = Self::slots(key);
        self.counts[i]
            .load(Ordering::Relaxed)
            .min(self.counts[j].load(Ordering::Relaxed))
    }
}

/// The frequencies a choice of key phrases reads: the corpus's as counted, or with the
/// article itself counted in too (its own keys, sorted, added once each).
struct Read<'f> {
    freq: &'f PhraseFrequencies,
    own: Option<&'f [u64]>,
}

impl Read<'_> {
    fn df(&self, key: u64) -> u32 {
        let own = self.own.is_some_and(|o| o.binary_search(&key).is_ok());
        self.freq.df(key) + u32::from(own)
    }

    fn docs(&self) -> u32 {
        self.freq.docs() + u32::from(self.own.is_some())
    }

    fn idf(&self, key: u64) -> f32 {
        let df = self.df(key) as f32;
        ((self.docs() as f32 + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

impl PhraseFrequencies {
    /// The frequencies as bytes to keep (read back by [`Self::import`]).
    pub fn export(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity(4 * self.counts.len());
        for c in self.counts.iter() {
            raw.extend_from_slice(&c.load(Ordering::Relaxed).to_le_bytes());
        }
        let mut out = DF_MAGIC.to_vec();
        out.extend_from_slice(&DF_BITS.to_le_bytes());
        out.extend_from_slice(&self.docs().to_le_bytes());
        out.extend(raw);
        out
    }

    /// An export's article count and counters; `None` when the bytes are not one.
    fn exported(bytes: &[u8]) -> Option<(u32, &[u8])> {
        let rest = bytes.strip_prefix(DF_MAGIC)?;
        let word = |i: usize| -> Option<u32> {
            Some(u32::from_le_bytes(rest.get(i..i + 4)?.try_into().ok()?))
        };
        if word(0)? != DF_BITS {
            return None;
        }
        let raw = rest.get(8..)?;
        (raw.len() == 8 * DF_SLOTS).then_some((word(4)?, raw))
    }

    /// Frequencies written by [`Self::export`]; `None` when the bytes are not such
    /// (another layout, or damaged), and the caller starts afresh.
    pub fn import(bytes: &[u8]) -> Option<PhraseFrequencies> {
        let (docs, raw) = Self::exported(bytes)?;
        Some(PhraseFrequencies {
            counts: raw
                .chunks_exact(4)
                .map(|c| AtomicU32::new(u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
                .collect(),
            docs: AtomicU32::new(docs),
        })
    }
}

/// What `mine` counted since `base` (exports of one process's frequencies, then and now)
/// added to `stored` (what the processes sharing a store saved since): the frequencies
/// of every article any of them counted. `None` when one of them is no export.
pub fn merge_exports(stored: &[u8], base: &[u8], mine: &[u8]) -> Option<Vec<u8>> {
    let (sd, s) = PhraseFrequencies::exported(stored)?;
    let (bd, b) = PhraseFrequencies::exported(base)?;
    let (md, m) = PhraseFrequencies::exported(mine)?;
    let mut out = DF_MAGIC.to_vec();
    out.extend_from_slice(&DF_BITS.to_le_bytes());
    out.extend_from_slice(&sd.saturating_add(md.saturating_sub(bd)).to_le_bytes());
    out.reserve(s.len());
    let word = |c: &[u8]| u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    for ((s, b), m) in s
        .chunks_exact(4)
        .zip(b.chunks_exact(4))
        .zip(m.chunks_exact(4))
    {
        let v = word(s).saturating_add(word(m).saturating_sub(word(b)));
        out.extend_from_slice(&v.to_le_bytes());
    }
    Some(out)
}

/// A key phrase and its salience.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrase {
    pub text: String,
    pub score: f32,
    /// The phrase's stems, space-separated (what two phrases compare by).
    pub key: String,
}

/// A candidate occurrence: its key, its surface form's hash, and where it is (first
/// token, words).
#[derive(Clone, Copy)]
struct Candidate {
    key: u64,
    form: u64,
    start: u32,
    n: u32,
}

const KEY_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

fn key_step(key: u64, h: u64) -> u64 {
    (key.rotate_left(19) ^ h).wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

/// A phrase's key from its words' stem hashes.
fn phrase_key(hashes: impl Iterator<Item = u64>) -> u64 {
    hashes.fold(KEY_SEED, key_step)
}

/// An article's candidate phrases, read from its [`Terms`]: counted into the
/// frequencies and scored.
pub struct Analysis<'t, 'a> {
    toks: Vec<Tok<'t, 'a>>,
    cands: Vec<Candidate>,
    /// The candidates' keys, sorted, each once: what counting the article adds.
    keys: Vec<u64>,
    /// The title as written (what its tokens are slices of).
    title: &'a str,
}

#[derive(Clone, Copy)]
struct Tok<'t, 'a> {
    term: &'t Term<'a>,
    in_title: bool,
}

impl<'t, 'a> Analysis<'t, 'a> {
    /// The candidates of the title and the body's first [`BODY_TOKENS`] tokens.
    pub fn new(terms: &'t Terms<'a>) -> Analysis<'t, 'a> {
        let body = &terms.body[..terms.body.len().min(BODY_TOKENS)];
        let toks: Vec<Tok<'t, 'a>> = terms
            .title
            .iter()
            .map(|term| Tok {
                term,
                in_title: true,
            })
            .chain(body.iter().map(|term| Tok {
                term,
                in_title: false,
            }))
            .collect();
        let mut cands = Vec::with_capacity(2 * toks.len());
        for i in 0..toks.len() {
            let (mut key, mut form) = (KEY_SEED, KEY_SEED);
            for j in i..(i + 3).min(toks.len()) {
                // Phrases are content words only, within one run of text (no punctuation
                // or line break inside), in the title or in the body.
                let t = toks[j];
                if !t.term.phrase_word()
                    || (j > i && (t.term.brk || t.in_title != toks[i].in_title))
                {
                    break;
                }
                key = key_step(key, t.term.hash);
                form = key_step(form, t.term.form);
                // (علي alone is a first name, or the preposition dotted: no tag.)
                if j == i && t.term.proper {
                    continue;
                }
                cands.push(Candidate {
                    key,
                    form,
                    start: i as u32,
                    n: (j - i + 1) as u32,
                });
            }
        }
        let mut keys: Vec<u64> = cands.iter().map(|c| c.key).collect();
        keys.sort_unstable();
        keys.dedup();
        Analysis {
            toks,
            cands,
            keys,
            title: terms.title_text,
        }
    }
}

/// The article's `n` best key phrases under the corpus frequencies; `entities` (names
/// found by [`crate::entities`]) weigh more.
pub fn key_phrases(
    title: &str,
    body: &str,
    freq: &PhraseFrequencies,
    entities: &[String],
    n: usize,
) -> Vec<Phrase> {
    Analysis::new(&Terms::new(title, body)).key_phrases(freq, entities, n)
}

impl Analysis<'_, '_> {
    /// The keys of the article's candidate phrases, sorted, each once: what
    /// [`PhraseFrequencies::add_keys`] counts.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// The article's `n` best key phrases under the corpus frequencies (the article
    /// counted in them already, or not at all); `entities` (names found by
    /// [`crate::entities`]) weigh more.
    pub fn key_phrases(
        &self,
        freq: &PhraseFrequencies,
        entities: &[String],
        n: usize,
    ) -> Vec<Phrase> {
        self.choose(&Read { freq, own: None }, entities, n)
    }

    /// [`Self::key_phrases`] under the corpus frequencies with this article counted in,
    /// as [`PhraseFrequencies::add_analysed`] would count it, without counting it: the
    /// frequencies stay as they are for others to read meanwhile.
    pub fn key_phrases_counted_in(
        &self,
        freq: &PhraseFrequencies,
        entities: &[String],
        n: usize,
    ) -> Vec<Phrase> {
        let read = Read {
            freq,
            own: Some(&self.keys),
        };
        self.choose(&read, entities, n)
    }

    fn choose(&self, freq: &Read<'_>, entities: &[String], n: usize) -> Vec<Phrase> {
        let toks = &self.toks;
        let cands = &self.cands;
        let entity_keys: Vec<u64> = entities
            .iter()
            .map(|e| phrase_key(stems_of(e).iter().map(|s| rasid_text::hash64(s))))
            .collect();
        // (And as labels match, for a phrase shown as a longer name: below.)
        let entity_labels: Vec<String> = entities
            .iter()
            .map(|e| rasid_text::variants::label_key(e))
            .collect();
        // The entities each word's stem is in (one bit per entity, the first 64).
        let mut entity_words: rustc_hash::FxHashMap<u64, u64> = Default::default();
        for (i, e) in entities.iter().enumerate().take(64) {
            for s in stems_of(e) {
                *entity_words.entry(rasid_text::hash64(&s)).or_default() |= 1 << i;
            }
        }
        // One group per key (candidates come in order of position, so a group's first
        // occurrence is its first), found through a small open-addressing table.
        struct Group {
            key: u64,
            tf: usize,
            first: usize,
            words: usize,
            in_title: bool,
        }
        let mut groups: Vec<Group> = Vec::with_capacity(cands.len());
        let mask = (2 * cands.len()).next_power_of_two().max(16) - 1;
        let mut table = vec![u32::MAX; mask + 1];
        // Each candidate's group.
        let mut group_of: Vec<u32> = Vec::with_capacity(cands.len());
        for c in cands {
            let mut at = (rasid_text::mix64(c.key) as usize) & mask;
            loop {
                match table[at] {
                    u32::MAX => {
                        table[at] = groups.len() as u32;
                        group_of.push(groups.len() as u32);
                        groups.push(Group {
                            key: c.key,
                            tf: 1,
                            first: c.start as usize,
                            words: c.n as usize,
                            in_title: toks[c.start as usize].in_title,
                        });
                        break;
                    }
                    g if groups[g as usize].key == c.key => {
                        group_of.push(g);
                        let g = &mut groups[g as usize];
                        g.tf += 1;
                        g.in_title |= toks[c.start as usize].in_title;
                        break;
                    }
                    _ => at = (at + 1) & mask,
                }
            }
        }
        let tfs: Vec<usize> = groups.iter().map(|g| g.tf).collect();
        let joins = |a: usize, b: usize| self.joins(a, b);
        let whole: Vec<bool> = cands
            .iter()
            .map(|c| {
                let (start, end) = (c.start as usize, (c.start + c.n) as usize);
                let joined_before = start > 0 && joins(start - 1, start);
                let joined_after = end < toks.len() && joins(end - 1, end);
                !joined_before && !joined_after
            })
            .collect();
        let within = within_longer(cands, &group_of, &whole, &tfs);
        let mut best: Vec<Option<f32>> = groups
            .iter()
            .map(|g| {
                if g.tf < 2 && !g.in_title {
                    return None;
                }
                // A word of a stem of two letters alone is seldom a topic (بد of لا بد، شي of
                // شي جين بينغ، الغد، ست، طن): a tag only when it names an entity (قم، إب).
                if g.words == 1 && toks[g.first].term.short && !entity_keys.contains(&g.key) {
                    return None;
                }
                let mut score = (1.0 + (g.tf as f32).ln()) * freq.idf(g.key);
                if g.in_title {
                    score *= 2.0;
                } else if g.first < 60 {
                    score *= 1.3;
                }
                score *= match g.words {
                    2 => 1.1,
                    3 => 1.05,
                    _ => 1.0,
                };
                if entity_keys.contains(&g.key) {
                    score *= 1.5;
                }
                Some(score)
            })
            .collect();
        // A phrase said (almost) only inside a longer one is a part of that one: the
        // longer takes its score, and the part is not chosen alone (ريال مدريد, not
        // مدريد).
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by_key(|&g| groups[g].words);
        for g in order {
            if let (Some(l), Some(score)) = (within[g], best[g]) {
                let l = l as usize;
                best[l] = Some(best[l].map_or(score, |b| b.max(score)));
                best[g] = None;
            }
        }
        let mut scored: Vec<(f32, &Group)> = best
            .iter()
            .zip(&groups)
            .filter_map(|(score, g)| Some(((*score)?, g)))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.key.cmp(&b.1.key)));
        let mut chosen: Vec<(Vec<Vec<u64>>, Phrase)> = Vec::new();
        let top = scored.first().map_or(0.0, |s| s.0);
        for (score, g) in scored {
            // Past the fifth, a tag must weigh a share of the best one: what is left then
            // is filler (التعريف، انطلاق، أعداد، المنظمات), said in passing.
            if chosen.len() >= n || (chosen.len() >= FULL_TAGS && score < TAIL_SHARE * top) {
                break;
            }
            let words: Vec<u64> = toks[g.first..g.first + g.words]
                .iter()
                .map(|t| t.term.hash)
                .collect();
            // A phrase inside or around a chosen one says it again; so does another window
            // on the same run of words, unless it names an entity of its own.
            let entity = entity_keys.contains(&g.key);
            if chosen.iter().flat_map(|(c, _)| c).any(|c| {
                contains(c, &words) || contains(&words, c) || (!entity && overlaps(c, &words))
            }) {
                continue;
            }
            // The most frequent surface form (the definite one on ties: العراق over عراق),
            // its first word without the clitics the stemmer drops.
            let written = |r: std::ops::Range<usize>| -> String {
                std::iter::once(rasid_text::stem::without_proclitics(
                    toks[r.start].term.text,
                ))
                .chain(
                    toks[r.start + 1..r.end]
                        .iter()
                        .map(|t| t.term.text.to_owned()),
                )
                .collect::<Vec<_>>()
                .join(" ")
            };
            // Surface forms by count, each with its first occurrence.
            let mut forms: Vec<(u64, usize, usize)> = Vec::new();
            // …and where the phrase is said (its first words).
            let mut at: Vec<usize> = Vec::new();
            for c in cands.iter().filter(|c| c.key == g.key) {
                at.push(c.start as usize);
                match forms.iter_mut().find(|f| f.0 == c.form) {
                    Some(f) => f.1 += 1,
                    None => forms.push((c.form, 1, c.start as usize)),
                }
            }
            let mut text = forms
                .iter()
                .map(|&(_, count, start)| {
                    // (In Latin letters, the body's form on ties: a title-case headline's
                    // Blocking is the body's blocking.)
                    let body_latin = !toks[start].in_title
                        && toks[start]
                            .term
                            .text
                            .starts_with(|c: char| c.is_ascii_alphabetic());
                    (count, body_latin, written(start..start + g.words))
                })
                .max_by(|a, b| {
                    a.0.cmp(&b.0)
                        .then(a.2.starts_with("ال").cmp(&b.2.starts_with("ال")))
                        .then(a.1.cmp(&b.1))
                        .then(b.2.cmp(&a.2))
                })
                .map(|(_, _, t)| rasid_text::label(&t))
                .unwrap_or_default();
            // A news agency credited in the text is where the story came from, not what it
            // is about (unless the title says so).
            let mut norm = rasid_text::normalize(&text);
            if (!g.in_title && is_agency(&norm))
                || (is_outlet_credit(&norm) && (!g.in_title || self.told_in_title(&at)))
                || is_formula(&norm)
            {
                continue;
            }
            // A place said by its adjective (السوري، الإيرانية، الكوري الشمالي) is tagged
            // by its name.
            if entity && norm.split(' ').all(crate::entities::is_nisba) {
                if let Some(i) = entity_keys.iter().position(|&k| k == g.key) {
                    text = entities[i].clone();
                    norm = rasid_text::normalize(&text);
                }
            }
            if !entity && self.fragment(freq, &text, &norm, &at) {
                continue;
            }
            // A past alone (بلغ، عثر، تناول), unless it is a word of a name found (آبي of
            // شينزو آبي).
            if !entity
                && g.words == 1
                && is_lone_past(&norm)
                && !entity_words.contains_key(&toks[g.first].term.hash)
            {
                continue;
            }
            // Two entities coordinated (ترامب وكيم، روسيا وإيران، الحوثي وصالح): each is a
            // tag of its own, the pair none (العدالة والتنمية, of one name, stays).
            if !entity && g.words == 2 && toks[g.first + 1].term.text.starts_with('و') {
                let of = |t: &Tok<'_, '_>| entity_words.get(&t.term.hash).copied().unwrap_or(0);
                let (a, b) = (of(&toks[g.first]), of(&toks[g.first + 1]));
                if a != 0 && b != 0 && a & b == 0 {
                    continue;
                }
            }
            // A title and a named person's family name in Latin letters (Mme Binet beside
            // Sophie Binet, President Trump beside Donald Trump): the person again.
            if !entity
                && g.words >= 2
                && entity_words.contains_key(&toks[g.first + g.words - 1].term.hash)
                && toks[g.first..g.first + g.words - 1]
                    .iter()
                    .all(|t| crate::latin::is_title(t.term.text))
            {
                continue;
            }
            // Someone named by nationality and a part of their name (التونسية جابر beside
            // أنس جابر، الفنزويلي يوهاندري): the entity is the tag, shown by its name.
            // (Not a nationality's adjective, الكورية الجنوبية, nor two coordinated,
            // الأميركية وكندا.)
            let mut named = false;
            if !entity
                && g.words >= 2
                && norm
                    .split(' ')
                    .next()
                    .is_some_and(crate::entities::is_demonym)
                && norm
                    .split(' ')
                    .skip(1)
                    .all(|w| !w.starts_with("ال") && !w.starts_with('و'))
            {
                let of = toks[g.first + 1..g.first + g.words]
                    .iter()
                    .fold(u64::MAX, |acc, t| {
                        acc & entity_words.get(&t.term.hash).copied().unwrap_or(0)
                    });
                let name = (of != 0).then(|| &entities[of.trailing_zeros() as usize]);
                // (Only a name that reads as one: none of its words a common word, with
                // or without a preposition or a case ending — غوميز التجهيز، كونتيروس
                // خلفا read so where the rules of names went wrong.)
                if let Some(name) = name.filter(|name| {
                    rasid_text::normalize(name).split(' ').all(|w| {
                        !w.starts_with("ال")
                            && !crate::entities::is_common_or_accusative(w)
                            && !w
                                .strip_prefix(['ب', 'ل'])
                                .is_some_and(crate::entities::is_common)
                    })
                }) {
                    if chosen.iter().any(|(_, p)| p.text == *name) {
                        continue;
                    }
                    text = name.clone();
                    named = true;
                }
            }
            // Said here once at least with the word the corpus says it with (and that
            // longer name with the next, up to three words), a phrase is shown as the
            // longer name (يونايتد → مانشستر يونايتد، الغوطة → الغوطة الشرقية) — not when
            // that name is an entity of the article, which says it already (ترامب stays),
            // nor when it reads as a fragment (الملك سلمان بن) — unless a chosen tag holds
            // part of it.
            let mut shown_words = None;
            if !entity && !named && g.words < 3 {
                let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
                let mut span = at.iter().find_map(|&s| self.bound_word(freq, s, g.words));
                while let Some(r) = span {
                    let key = phrase_key(toks[r.clone()].iter().map(|t| t.term.hash));
                    if entity_keys.contains(&key) {
                        break;
                    }
                    span = (r.len() < 3)
                        .then(|| self.bound_word(freq, r.start, r.len()))
                        .flatten();
                    spans.push(r);
                }
                let shown = |r: &std::ops::Range<usize>| rasid_text::label(&written(r.clone()));
                // (An entity spelled another way is one too: دونالد ترمب.)
                let entity_label =
                    |t: &str| entity_labels.contains(&rasid_text::variants::label_key(t));
                let longer = spans
                    .iter()
                    .rev()
                    .map(|r| (r, shown(r)))
                    .take_while(|(_, t)| !entity_label(t))
                    .find_map(|(r, t)| {
                        let n = rasid_text::normalize(&t);
                        (!self.fragment(freq, &t, &n, &[r.start]) && !is_outlet_credit(&n))
                            .then(|| (r.clone(), t))
                    });
                if let Some((r, t)) = longer {
                    let longer: Vec<u64> = toks[r].iter().map(|t| t.term.hash).collect();
                    if chosen.iter().flat_map(|(c, _)| c).any(|c| {
                        contains(c, &longer) || contains(&longer, c) || overlaps(c, &longer)
                    }) {
                        continue;
                    }
                    text = t;
                    shown_words = Some(longer);
                }
            }
            let key = stems_of(&text).join(" ");
            // (What the phrase said and, extended, what it shows: a later phrase holding
            // either says it again — ضم كين after كين shown as هاري كين.)
            chosen.push((
                std::iter::once(words).chain(shown_words).collect(),
                Phrase { text, score, key },
            ));
        }
        chosen.into_iter().map(|(_, p)| p).collect()
    }
}

/// Whether a word (as written or normalized), its clitics taken off, carries the article
/// (للمدنيين, والمعتمرين, بالمعروف, المعروف). Read on the letters, without allocating: it
/// runs on every occurrence of the phrases weighed.
fn is_definite(word: &str) -> bool {
    let w = word.strip_prefix(['و', 'ف']).unwrap_or(word);
    let article = |w: &str| {
        w.strip_prefix("ال")
            .is_some_and(|r| r.chars().nth(1).is_some())
    };
    article(w)
        || w.strip_prefix("لل")
            .is_some_and(|r| r.chars().nth(1).is_some())
        || w.strip_prefix(['ب', 'ك', 'ل']).is_some_and(article)
}

/// Whether a normalized word, no common word (nouns are: حكم، نقل، عمل), reads as a verb a
/// phrase does not stop at because it is no learned present: a past of أفعل (أصدر —
/// يصدر), a hollow past (زاد), or a present of another person (أريد، نبحث، تقصي — يريد،
/// يبحث، يقصي). For a past of three letters or of a ت form, see [`is_lone_past`]. Only
/// for a word alone: a name that reads so (عادل — يعادل) is a weak tag alone, and names
/// the entities found are kept.
fn is_lone_verb(w: &str) -> bool {
    if w.starts_with("ال") || w.chars().count() < 3 || crate::entities::is_common(w) {
        return false;
    }
    let present = |rest: &str| rasid_text::verbs::is_verb(&format!("ي{rest}"));
    rasid_text::verbs::is_hollow_past(w) || w.strip_prefix(['ا', 'ن', 'ت']).is_some_and(present)
}

/// Whether a normalized word reads as a past whose present is the word after ي: of three
/// letters (بلغ، عثر، هبط، جرى — يبلغ، يعثر، يهبط، يجري) or of a ت form (تناول، تجاوز —
/// يتناول). The noun of the act is written as its past too (قصر، فرض، تعرض), so a word
/// the corpus says with the article is left alone: that is what [`is_common`] learned,
/// and verbs never take it. Names read so too (آبي — يأبى): for a word in none of the
/// article's names. Other lengths are left alone: a name of four letters or more is a
/// verb's dual or another form as often (زيدان — يزيدان، صالح — يصالح).
///
/// [`is_common`]: crate::entities::is_common
fn is_lone_past(w: &str) -> bool {
    !w.starts_with("ال")
        && (w.chars().count() == 3 || (w.starts_with('ت') && w.chars().nth(3).is_some()))
        && !crate::entities::is_common(w)
        && rasid_text::verbs::is_verb(&format!("ي{w}"))
}

/// Whether a normalized word is a common word's indefinite accusative, its tanween written
/// as an alef (عاما of عام، حرجا of حرج): names ending in ا are no common word with it off
/// (فرنسا، كندا), and a place's (روسيا) ends in ي without it, which common words never do.
fn is_accusative(w: &str) -> bool {
    !w.starts_with("ال")
        && w.strip_suffix('ا')
            .is_some_and(|stem| stem.chars().nth(1).is_some() && crate::entities::is_common(stem))
}

/// Whether a normalized word is an adverb made of an adjective of relation, its
/// indefinite accusative (رسميا، يوميا، دبلوماسيا، عسكريا — how or how often, no topic):
/// a word in يا whose feminine adjective in يه is a learned common word (رسمية، يومية).
/// The stemmer reads رسميا and الرسمي alike, so it is told on the letters. Not a broken
/// plural (هدايا، قضايا), a science (تكنولوجيا), a place or organisation the lists know
/// (كاتالونيا), or one of the nouns and names that read so (بكتيريا، صوفيا، ثريا), whose
/// adjective is common too.
fn is_nisba_adverb(w: &str) -> bool {
    !w.starts_with("ال")
        && !matches!(w, "بكتيريا" | "صوفيا" | "ثريا")
        && !w.ends_with("ايا")
        && !w.ends_with("وجيا")
        && w.strip_suffix("يا").is_some_and(|base| {
            base.chars().nth(1).is_some() && crate::entities::is_common(&format!("{base}يه"))
        })
        && !crate::entities::opens_a_known_name(w)
}

/// Whether a phrase (normalized words) is adjectives of origin joined by و and nothing
/// else.
fn all_nisba_coordinated(words: &[&str]) -> bool {
    words.iter().any(|w| w.starts_with('و'))
        && words.iter().all(|w| {
            let bare = w
                .strip_prefix('و')
                .filter(|r| r.starts_with("ال"))
                .unwrap_or(w);
            crate::entities::is_nisba(bare)
        })
}

/// Whether a phrase's normalized words run from a definite word into a common word
/// without the article (after و too): two phrases' edges, not one.
fn crosses_into_next(words: &[&str]) -> bool {
    words.windows(2).any(|w| {
        let next = w[1];
        let bare = next
            .strip_prefix('و')
            .filter(|r| r.chars().nth(2).is_some());
        is_definite(w[0])
            && !next.starts_with("ال")
            && (crate::entities::is_common(next) || bare.is_some_and(crate::entities::is_common))
    })
}

impl Analysis<'_, '_> {
    /// Whether a phrase that names no entity is a piece of a sentence rather than a topic:
    /// `text` as shown, `norm` its normalized form (word for word), `at` where it is said.
    fn fragment(&self, freq: &Read<'_>, text: &str, norm: &str, at: &[usize]) -> bool {
        let words: Vec<&str> = norm.split(' ').collect();
        let (first, last) = (words[0], words[words.len() - 1]);
        let alone = words.len() == 1;
        // A lone adjective (الأميركية، العراقي), head noun (قوات، الوزارة، الرئيس) or
        // title (الأمير، السمو) is half a phrase, not a tag; nor is a verb alone (أصدر،
        // زاد، أريد): what happened, not a topic.
        // Titles and styles only (لفخامة الرئيس، صاحب السمو): who, not what.
        words.iter().all(|w| crate::entities::is_title_word(w))
            // A call (يا حضرات، يا وطني، يا إلهي): someone's words, no topic.
            || matches!(first, "يا" | "ايها" | "ايتها")
            || (alone && matches!(first, "ماي" | "جوان" | "اوت") && self.said_as_date(at))
            || (alone
            && (crate::entities::is_nisba(first)
                || is_lone_head(first)
                || crate::entities::is_lone_title(first)
                || NOT_ALONE.contains(&first)
                || VAGUE.contains(&first)
                || LETTER_NAMES.contains(&first)
                || crate::latin::vague_alone(text)
                || is_lone_verb(first)
                || GIVEN.contains(&first)
                || crate::entities::COMMON_GIVEN.contains(&first)))
            // "His death", "its forces", "your clothes": said of someone (read on the
            // written letters, where ه is told from the taa marbuta).
            || text
                .split(' ')
                .any(|w| has_pronoun(w) || pronoun_on_common(w) || verb_with_pronoun(w))
            // Two words the second of which carries a preposition are two parts of a
            // sentence (اللازمة لاستجلاء، أعلن بالأمس), not one name for a topic (a third
            // word may: اليوم العالمي للمرأة، كأس العالم للأندية).
            || (words.len() == 2 && text.split(' ').nth(1).is_some_and(with_preposition))
            // Adjectives of origin coordinated without their noun (التركي والسعودي of
            // الجانبين التركي والسعودي).
            || (!alone && all_nisba_coordinated(&words))
            // A sum (مليار دولار، مليون برميل يوميا), or a unit and its adjective
            // (جنيه إسترليني، برميل يوميا، دولار سنويا; ريال مدريد is a name).
            || (!alone && COUNTS.contains(&first))
            || (words.len() == 2 && UNITS.contains(&first) && last.ends_with(['ي', 'ا']))
            // A definite word followed by a common word without the article is where one
            // phrase ends and the next begins (السعودية حكومة، المتنزهات وأماكن): no noun
            // phrase of Arabic reads so.
            || crosses_into_next(&words)
            // A name's connector last, or a patronymic's first: the name is cut (زياد بن،
            // بن سحيم, بن alone — عبد الله غولن and أبو مازن are whole).
            || crate::entities::is_connector(last)
            || last == "ولي"
            // The suspect (المشتبه به) without its به.
            || matches!(last, "المشتبه" | "مشتبه")
            || matches!(first, "بن" | "بنت" | "ابن")
            // An accusative opens no name (عاما، مسجلا، قميصا مختلفا، رسميا، تأديبيا بحق):
            // a sentence's object or adverb.
            || is_accusative(first)
            || is_nisba_adverb(first)
            // …nor does an adverb of an adjective or a participle's end one: أردوغان مهددا،
            // الغامدي مديرا، الناخبين يدويا are the sentence going on (how, as what). (Other
            // accusatives may: حكم القتل تعزيرا, and names end so: مدينة دوما، أستون فيلا.)
            || (!alone
                && (is_nisba_adverb(last)
                    || (last.starts_with('م')
                        && is_accusative(last)
                        && !crate::entities::opens_a_known_name(last))))
            // Said only right after a definite word: that word's adjective or the rest of
            // its phrase (النائمة of الخلايا النائمة), its head left out.
            || self.always_after_definite(at)
            // …or, a word alone or adjectives only, right after an indefinite feminine or
            // plural word: adjectives agreeing with it (زائفة and إعلامية زائفة of اتهامات
            // إعلامية زائفة). A longer phrase so said is a construct's second term and what
            // it holds (بطولة | كرة القدم، عارضة | مجلة بلاي بوي): a topic.
            || ((alone || text.split(' ').all(|w| !is_definite(w) && w.ends_with('ة')))
                && self.always_after_feminine(at))
            || self.construct_cut(at, words.len())
            // The corpus (almost) always says it with the word beside it here: a longer
            // name cut short (هيئة الأمر بالمعروف، كيم جونغ أون).
            || self.cut_short(freq, at, words.len())
    }

    /// Whether a word (`at`: where it is said) is a month's name: said after a day's
    /// number or before a year's, each time (15 ماي، جوان 2018).
    fn said_as_date(&self, at: &[usize]) -> bool {
        let number = |i: usize| {
            self.toks
                .get(i)
                .is_some_and(|t| t.term.kind == TokenKind::Number)
        };
        !at.is_empty()
            && at
                .iter()
                .all(|&i| (i > 0 && number(i - 1)) || number(i + 1))
    }

    /// Whether tokens `a` and `b` (`b` right after `a`) are phrase words of one run:
    /// no punctuation or line break between them, both in the title or both in the body.
    fn joins(&self, a: usize, b: usize) -> bool {
        let toks = &self.toks;
        toks[a].term.phrase_word()
            && toks[b].term.phrase_word()
            && !toks[b].term.brk
            && toks[a].in_title == toks[b].in_title
    }

    /// Whether the title says the phrase (`at`: where it is said) only after ل — «قال
    /// لـCNN»: the outlet that was told, no topic.
    fn told_in_title(&self, at: &[usize]) -> bool {
        let base = self.title.as_ptr() as usize;
        at.iter().filter(|&&i| self.toks[i].in_title).all(|&i| {
            let start = (self.toks[i].term.text.as_ptr() as usize).saturating_sub(base);
            self.title
                .get(..start)
                .is_some_and(|before| before.trim_end_matches([' ', '\u{0640}']).ends_with('ل'))
        })
    }

    /// Whether every occurrence of a phrase (`at`: its first words) opens with a definite
    /// word right after another definite phrase word of the same run.
    fn always_after_definite(&self, at: &[usize]) -> bool {
        let toks = &self.toks;
        !at.is_empty()
            && at.iter().all(|&i| {
                i > 0
                    && self.joins(i - 1, i)
                    && is_definite(toks[i].term.text)
                    && (is_definite(toks[i - 1].term.text) || has_pronoun(toks[i - 1].term.text))
            })
    }

    /// Whether every occurrence of a phrase (`at`: its first words) opens with an
    /// indefinite word in ة right after an indefinite phrase word in ة or ات of the same
    /// run (اتهامات إعلامية زائفة): the adjective of the noun before it.
    fn always_after_feminine(&self, at: &[usize]) -> bool {
        let toks = &self.toks;
        let indefinite = |w: &str| !is_definite(w) && !has_pronoun(w);
        !at.is_empty()
            && at.iter().all(|&i| {
                let (before, word) = (toks.get(i.wrapping_sub(1)), toks[i].term.text);
                i > 0
                    && self.joins(i - 1, i)
                    && indefinite(word)
                    && word.ends_with('ة')
                    && before.is_some_and(|b| {
                        let b = b.term.text;
                        indefinite(b)
                            && (b.ends_with('ة') || b.ends_with("ات"))
                            // A place after its kind is its name (مدينة غزة، ولاية مطماطة).
                            && !crate::entities::is_admin_noun(&rasid_text::normalize(b))
                    })
            })
    }

    /// Whether every occurrence of a phrase of `n` words (`at`) ends in a common noun
    /// without the article that a definite word of the same run follows: a construct cut
    /// before its second term (مدير إدارة | التعليم، تحقيق أهداف | الرؤية). Adjectives of
    /// origin (قلبية، سعودي) end a phrase whatever follows.
    fn construct_cut(&self, at: &[usize], n: usize) -> bool {
        let toks = &self.toks;
        !at.is_empty()
            && at.iter().all(|&start| {
                let (last, next) = (start + n - 1, start + n);
                let w = rasid_text::normalize(toks[last].term.text);
                next < toks.len()
                    && self.joins(last, next)
                    && is_definite(toks[next].term.text)
                    && !w.starts_with("ال")
                    && !w.ends_with('ي')
                    && !w.ends_with("يه")
                    && crate::entities::is_common(&w)
            })
    }

    /// Whether a phrase of `n` words (`at`: where it is said) is cut from a longer name:
    /// at every one of its occurrences a word joins it on one side with which the corpus
    /// says it (its last two words, for three; the word alone when the two are rare) at
    /// least [`BOUND_SHARE`] of the times it says it, in [`BOUND_MIN_DF`] articles or
    /// more.
    fn cut_short(&self, freq: &Read<'_>, at: &[usize], n: usize) -> bool {
        !at.is_empty()
            && at
                .iter()
                .all(|&start| self.bound_word(freq, start, n).is_some())
    }

    /// The phrase of `n` words said at `start` with the word beside it that the corpus
    /// says it with (see [`Self::cut_short`]): the tokens of the longer name, when one
    /// joins it here.
    fn bound_word(
        &self,
        freq: &Read<'_>,
        start: usize,
        n: usize,
    ) -> Option<std::ops::Range<usize>> {
        let toks = &self.toks;
        let joins = |a: usize, b: usize| self.joins(a, b);
        let bound = |words: &[usize], extra: usize, before: bool| -> bool {
            // The last (or first) two words of the phrase at most, with the extra word.
            // The word alone when the two are too rare to tell (تعهد الولايات: the
            // corpus says الولايات with المتحدة).
            let mut part: Vec<u64> = if before {
                words.iter().take(2).map(|&i| toks[i].term.hash).collect()
            } else {
                words
                    .iter()
                    .rev()
                    .take(2)
                    .rev()
                    .map(|&i| toks[i].term.hash)
                    .collect()
            };
            let mut df = freq.df(phrase_key(part.iter().copied()));
            if df < BOUND_MIN_DF && part.len() == 2 {
                part.remove(if before { 1 } else { 0 });
                df = freq.df(phrase_key(part.iter().copied()));
            }
            if df < BOUND_MIN_DF {
                return false;
            }
            let with = if before {
                phrase_key(std::iter::once(toks[extra].term.hash).chain(part.iter().copied()))
            } else {
                phrase_key(
                    part.iter()
                        .copied()
                        .chain(std::iter::once(toks[extra].term.hash)),
                )
            };
            freq.df(with) as f32 >= BOUND_SHARE * df as f32
        };
        // A one-word title before a name is not part of it (المخرجة نادين لبكي).
        let titled = |start: usize, end: usize| {
            let words: Vec<String> = toks[start - 1..end]
                .iter()
                .map(|t| rasid_text::normalize(t.term.text))
                .collect();
            crate::entities::opens_with_lone_title(&words)
        };
        let end = start + n;
        let words: Vec<usize> = (start..end).collect();
        if end < toks.len() && joins(end - 1, end) && bound(&words, end, false) {
            return Some(start..end + 1);
        }
        // Three words are as long as a phrase grows: a longer name read from its start is
        // the phrase it can be.
        let left = n < 3
            && start > 0
            && joins(start - 1, start)
            && bound(&words, start - 1, true)
            && !titled(start, end);
        left.then(|| start - 1..end)
    }
}

/// The share of a phrase's articles that say it with one word beside it, from which it
/// is that longer name cut short (see [`Analysis::cut_short`])…
const BOUND_SHARE: f32 = 0.7;
/// …when the corpus says it in this many articles at least (fewer tell nothing).
const BOUND_MIN_DF: u32 = 5;

/// For each group, the longer group it is said inside of at least four times in five (the
/// longer one said twice or more), if any. `group_of[i]` is the group of `cands[i]`,
/// `whole[i]` whether it is a whole run of words (no phrase word right before or after
/// it); `tf` each group's count. Candidates are the windows of one to three
/// words from each start, in order of start and length.
fn within_longer(
    cands: &[Candidate],
    group_of: &[u32],
    whole: &[bool],
    tf: &[usize],
) -> Vec<Option<u32>> {
    // (shorter, longer) → how many of the shorter's occurrences sit in the longer's.
    let mut inside: rustc_hash::FxHashMap<(u32, u32), usize> = Default::default();
    // Where each start's windows begin in `cands`.
    let mut from: rustc_hash::FxHashMap<u32, usize> = Default::default();
    for (i, c) in cands.iter().enumerate() {
        from.entry(c.start).or_insert(i);
    }
    let window = |start: u32, n: u32| -> Option<usize> {
        let i = from.get(&start)? + n as usize - 1;
        cands
            .get(i)
            .filter(|c| c.start == start && c.n == n)
            .map(|_| i)
    };
    for (i, c) in cands.iter().enumerate() {
        let outer = group_of[i];
        if c.n < 2 || tf[outer as usize] < 2 {
            continue;
        }
        for start in c.start..c.start + c.n {
            // A two-word phrase only inside a whole three-word one: a window cut from a
            // longer run holds none (انسحاب قوات التحالف | الدولي).
            let longest = if whole[i] { c.n - 1 } else { 1 };
            for n in 1..=longest.min(c.start + c.n - start) {
                if let Some(j) = window(start, n) {
                    *inside.entry((group_of[j], outer)).or_default() += 1;
                }
            }
        }
    }
    let mut out: Vec<Option<(u32, usize)>> = vec![None; tf.len()];
    for ((short, long), k) in inside {
        let slot = &mut out[short as usize];
        if 5 * k >= 4 * tf[short as usize] && slot.is_none_or(|(l, best)| (k, long) > (best, l)) {
            *slot = Some((long, k));
        }
    }
    out.into_iter().map(|o| o.map(|(l, _)| l)).collect()
}

/// Whether `outer` holds `inner` as a contiguous run.
fn contains(outer: &[u64], inner: &[u64]) -> bool {
    inner.len() <= outer.len() && outer.windows(inner.len()).any(|w| w == inner)
}

/// Whether two phrases of two words or more are windows on one longer run, the end of
/// one being the start of the other (قوات التحالف and التحالف الدولي).
fn overlaps(a: &[u64], b: &[u64]) -> bool {
    let edge = |x: &[u64], y: &[u64]| (1..x.len().min(y.len())).any(|k| x[x.len() - k..] == y[..k]);
    a.len() > 1 && b.len() > 1 && (edge(a, b) || edge(b, a))
}

/// The stems of a text's words, the way phrases are keyed.
pub fn stems_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    ANALYZER.for_each_term(text, |t| {
        if t.token.kind == TokenKind::Word {
            out.push(t.stem.to_owned());
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The word-level rules read normalized words, as the phrase chooser passes them.
    fn n_crosses(text: &str) -> bool {
        let n = rasid_text::normalize(text);
        crosses_into_next(&n.split(' ').collect::<Vec<_>>())
    }
    fn n_nisba(text: &str) -> bool {
        let n = rasid_text::normalize(text);
        all_nisba_coordinated(&n.split(' ').collect::<Vec<_>>())
    }
    fn n_accusative(word: &str) -> bool {
        is_accusative(&rasid_text::normalize(word))
    }
    fn n_lone_verb(word: &str) -> bool {
        is_lone_verb(&rasid_text::normalize(word))
    }

    #[test]
    fn the_seed_gets_whole_phrases_without_repeats_or_generic_words() {
        let freq = PhraseFrequencies::default();
        let background = [
            (
                "افتتاح معرض الكتاب",
                "افتتح وزير الثقافة معرض الكتاب بمشاركة مئات الناشرين وتفاصيل البرنامج.",
            ),
            (
                "الهلال يفوز",
                "فاز الهلال على النصر في الدوري اليوم وشاهد الفيديو.",
            ),
            (
                "ارتفاع النفط",
                "ارتفعت أسعار النفط في الأسواق العالمية بعد بيان أوبك.",
            ),
        ];
        for (t, b) in background {
            freq.add(t, b);
        }
        let title = "اتفاق على انسحاب قوات التحالف الدولي من العراق";
        let body = "توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق. \
            وقال مسؤول إن انسحاب قوات التحالف الدولي من العراق سيبدأ قريبا، وإن واشنطن ستبقي قوات في كردستان العراق. \
            وأضاف أن تفاصيل الاتفاق ستعلن لاحقا، وأن واشنطن وبغداد ستبحثان العلاقة الأميركية. \
            وقالت الخارجية الأميركية إن القوات الأميركية باقية. \
            وذكرت رويترز أن الاتفاق يشمل القواعد، بحسب رويترز.";
        freq.add(title, body);
        let phrases = key_phrases(title, body, &freq, &["العراق".into(), "واشنطن".into()], 6);
        let texts: Vec<&str> = phrases.iter().map(|p| p.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("التحالف الدولي")),
            "{texts:?}"
        );
        assert!(texts.contains(&"العراق"), "{texts:?}");
        assert!(texts.contains(&"واشنطن"), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("تفاصيل")), "{texts:?}");
        assert!(
            !texts.contains(&"رويترز"),
            "an agency credit is no topic: {texts:?}"
        );
        assert!(!texts.contains(&"الأميركية"), "no lone adjective: {texts:?}");
        assert!(
            !texts.iter().any(|t| ["قوات", "القوات"].contains(t)),
            "no lone head noun: {texts:?}"
        );
        assert!(
            !(texts.contains(&"قوات التحالف") && texts.contains(&"التحالف الدولي")),
            "no two windows on one run: {texts:?}"
        );
        assert!(
            !texts.contains(&"التحالف"),
            "no phrase inside a chosen one: {texts:?}"
        );
        for t in &texts {
            assert!(!t.starts_with("وواشنطن"), "clitics off: {texts:?}");
        }
    }

    #[test]
    fn a_headline_verb_or_preposition_ends_a_phrase() {
        let freq = PhraseFrequencies::default();
        freq.add("افتتاح معرض الكتاب", "افتتح وزير الثقافة معرض الكتاب.");
        let title = "البنتاغون ينفي إرسال قوات إضافية بشأن الأزمة";
        let body = "نفت وزارة الدفاع الأميركية البنتاغون إرسال قوات إضافية بشأن الأزمة،             وقال المتحدث إن البنتاغون يبحث التعاون العسكري مع الحلفاء.";
        freq.add(title, body);
        let phrases = key_phrases(title, body, &freq, &[], 8);
        let texts: Vec<&str> = phrases.iter().map(|p| p.text.as_str()).collect();
        for t in &texts {
            for w in ["ينفي", "يبحث", "بشأن"] {
                assert!(!t.split(' ').any(|x| x == w), "{w} in {texts:?}");
            }
        }
        assert!(texts.contains(&"البنتاغون"), "{texts:?}");
    }

    #[test]
    fn ali_is_a_name_where_on_is_written_undotted() {
        let freq = PhraseFrequencies::default();
        freq.add("افتتاح معرض الكتاب", "افتتح وزير الثقافة معرض الكتاب.");
        // (The entities found weigh more, as in enrichment.)
        let texts = |title: &str, body: &str| tags_with_entities(&freq, title, body).1;
        let named = texts(
            "علي عبدالله صالح يدعو إلى الحوار",
            "دعا الرئيس اليمني السابق علي عبدالله صالح إلى الحوار، وأكد علي عبدالله صالح حرصه على السلام.",
        );
        assert!(named.iter().any(|t| t == "علي عبدالله صالح"), "{named:?}");
        // An outlet that dots the preposition: علي is على there, and alone never a tag.
        let dotted = texts(
            "الجمهور يحرص علي دعم المنتخب",
            "أكد المدرب أن الجمهور يحرص علي دعم المنتخب علي الدوام في البطولة.",
        );
        assert!(
            !dotted.iter().any(|t| t.split(' ').any(|w| w == "علي")),
            "{dotted:?}"
        );
        assert!(crate::entities::entities("", "ويحرص الرئيس علي دعم المنتخب.").is_empty());
    }

    #[test]
    fn two_entities_coordinated_and_cable_formulas_are_not_tags() {
        let freq = PhraseFrequencies::default();
        freq.add("افتتاح معرض الكتاب", "افتتح وزير الثقافة معرض الكتاب.");
        // Each named often alone, the pair seldom: the pair is the rarer phrase.
        for k in 0..40 {
            freq.add(
                &format!("ترامب يتحدث عن الاقتصاد {k}"),
                "قال الرئيس دونالد ترامب إن الاقتصاد قوي. وأكد ترامب ذلك.",
            );
            freq.add(
                &format!("كيم يتفقد مصنعا {k}"),
                "تفقد الزعيم كيم جونغ أون مصنعا. وقال كيم إن الإنتاج زاد.",
            );
        }
        let title = "قمة ترامب وكيم: ما الذي ينتظره العالم من اللقاء";
        let body = "يلتقي الرئيس الأمريكي دونالد ترامب والزعيم الكوري الشمالي كيم جونغ أون في \
            سنغافورة الأسبوع المقبل. وقال مسؤولون إن قمة ترامب وكيم ستبحث نزع السلاح النووي، \
            وإن جدول أعمال قمة ترامب وكيم لم يكتمل. وبعث الملك برقية تضمنت التهاني وأطيب \
            التمنيات بالصحة والسعادة ولشعب سنغافورة اطراد التقدم.";
        let (people, texts) = tags_with_entities(&freq, title, body);
        assert!(people.contains(&"كيم جونغ أون".to_owned()), "{people:?}");
        assert!(!texts.iter().any(|t| t == "ترامب وكيم"), "{texts:?}");
        // Generic words after و or ف too.
        assert!(is_generic("وفيديو") && is_generic("فعاجل") && is_generic("واطيب"));
        assert!(!is_generic("وليد"));
        for w in ["التمنيات", "التهاني", "اطراد", "الصحة والسعادة", "التقدم"]
        {
            assert!(!texts.iter().any(|t| t.contains(w)), "{w} in {texts:?}");
        }
    }

    #[test]
    fn a_foreigner_by_nationality_is_tagged_by_name_and_short_words_are_no_tags() {
        let freq = PhraseFrequencies::default();
        freq.add("افتتاح معرض الكتاب", "افتتح وزير الثقافة معرض الكتاب.");
        let title = "الفنزويلي ريفاس يقود الهلال للفوز ولا بد من الحذر";
        let body = "قاد المهاجم الفنزويلي جيلمين ريفاس فريقه الهلال للفوز، وسجل الفنزويلي \
            ريفاس هدفين. وقال المدرب إنه لا بد من الحذر في المباراة المقبلة، ولا بد من \
            التركيز، وأشاد بالفنزويلي ريفاس.";
        let (names, texts) = tags_with_entities(&freq, title, body);
        assert!(names.contains(&"جيلمين ريفاس".to_owned()), "{names:?}");
        assert!(texts.iter().any(|t| t.contains("ريفاس")), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("الفنزويلي")), "{texts:?}");
        assert!(!texts.iter().any(|t| t == "بد"), "{texts:?}");
    }

    #[test]
    fn friday_shares_and_changes_alone_are_no_tags() {
        let freq = PhraseFrequencies::default();
        freq.add("افتتاح معرض الكتاب", "افتتح وزير الثقافة معرض الكتاب.");
        let title = "ارتفاع نسبة المصلين في صلاة الجمعة";
        let body = "ارتفعت نسبة المصلين في صلاة الجمعة بالمسجد الكبير يوم الجمعة، وقال إمام \
                    المسجد إن نسبة المصلين في صلاة الجمعة زادت، وإن الجمعة المقبلة تشهد \
                    ارتفاع نسبة الحضور في المسجد الكبير.";
        freq.add(title, body);
        let phrases = key_phrases(title, body, &freq, &[], 8);
        let texts: Vec<&str> = phrases.iter().map(|p| p.text.as_str()).collect();
        assert!(texts.contains(&"صلاة الجمعة"), "{texts:?}");
        for w in ["الجمعة", "نسبة", "ارتفاع"] {
            assert!(!texts.contains(&w), "{w} in {texts:?}");
        }
    }

    #[test]
    fn sums_units_adverbs_pasts_and_stopwords_behind_a_preposition_are_no_tags() {
        let background = [
            ("افتتاح معرض الكتاب", "افتتح وزير الثقافة معرض الكتاب."),
            ("الطقس اليوم", "أمطار على المرتفعات الجنوبية."),
        ];
        let tags = tags_of(
            "لماذا ارتفعت أسعار النفط إلى أعلى مستوى",
            "بلغ سعر خام برنت 80 دولارا للبرميل، وبلغ إنتاج أوبك 32 مليون برميل يوميا. وقال \
             محللون بأنه لا مؤشر على تراجع أسعار النفط، وبأنه لا تغيير في إنتاج أوبك، وإن \
             صادرات النفط بلغت 700 مليار دولار خلال الفترة الماضية، و200 مليار دولار خلال \
             الفترة المقبلة. وزاد إنتاج أوبك مليون برميل يوميا بعد أن بلغ أعلى مستوى.",
            &background,
        );
        assert!(tags.iter().any(|t| t == "النفط"), "{tags:?}");
        assert!(tags.iter().any(|t| t == "إنتاج أوبك"), "{tags:?}");
        for junk in [
            "ماذا",
            "أنه",
            "بلغ",
            "مستوى",
            "أعلى مستوى",
            "مليار دولار",
            "مليون برميل",
            "برميل يوميا",
            "الفترة",
            "دولار",
        ] {
            assert!(!tags.iter().any(|t| t == junk), "{junk} in {tags:?}");
        }
        // How and how often: adverbs of an adjective (رسميا، يوميا) are no tags.
        let tags = tags_of(
            "النادي يعلن رسميا التعاقد مع المدرب",
            "أعلن النادي رسميا التعاقد مع المدرب الجديد، وقال إن المدرب سيقود التدريبات \
             يوميا، وإن التعاقد مع المدرب أعلن رسميا بعد أن تدرب الفريق يوميا.",
            &background,
        );
        assert!(
            !tags.iter().any(|t| t == "رسميا" || t == "يوميا"),
            "{tags:?}"
        );
        assert!(is_nisba_adverb("رسميا") && is_nisba_adverb("يوميا"));
        for w in ["كاتالونيا", "تكنولوجيا", "هدايا", "روسيا"] {
            assert!(!is_nisba_adverb(&rasid_text::normalize(w)), "{w}");
        }
        // A common given name, a direction or a span of years alone says no one and
        // nowhere in particular.
        let tags = tags_of(
            "محمد يفتتح مهرجان الربيع شمال المدينة",
            "افتتح الأمير محمد بن فهد مهرجان الربيع شمال المدينة، وحضر محمد العلي وأحمد \
             السالم افتتاح مهرجان الربيع الذي يقام منذ أعوام شمال المدينة، وقال محمد إن \
             المهرجان يعود بعد أعوام.",
            &background,
        );
        assert!(tags.iter().any(|t| t.starts_with("مهرجان")), "{tags:?}");
        for junk in ["محمد", "شمال", "أعوام"] {
            assert!(!tags.iter().any(|t| t == junk), "{junk} in {tags:?}");
        }
        // An adverb or a participle's accusative ends no phrase (الغامدي مديرا).
        let tags = tags_of(
            "تعيين الغامدي مديرا لمستشفى الملك فهد",
            "صدر قرار بتعيين الغامدي مديرا لمستشفى الملك فهد، وكان الغامدي مديرا لمستشفى \
             الولادة، وتتابع الوزارة الناخبين يدويا في الانتخابات، وفرز الناخبين يدويا أمس.",
            &background,
        );
        for junk in ["الغامدي مديرا", "الناخبين يدويا", "مديرا", "يدويا"]
        {
            assert!(!tags.iter().any(|t| t == junk), "{junk} in {tags:?}");
        }
        // بدون stays inside the name of drones.
        let tags = tags_of(
            "الجيش يتصدى للطائرات بدون طيار",
            "أعلن الجيش أن الطائرات بدون طيار التي حلقت فوق الحدود أسقطت، وأن الطائرات \
             بدون طيار تهدد المدن الحدودية.",
            &background,
        );
        assert!(tags.iter().any(|t| t == "الطائرات بدون طيار"), "{tags:?}");
        assert!(!tags.iter().any(|t| t == "طيار"), "{tags:?}");
        // A name's word that reads as a past (آبي — يأبى) stays when it is a name's.
        let freq = PhraseFrequencies::default();
        let (title, body) = (
            "آبي يلتقي ترامب في واشنطن",
            "التقى رئيس الوزراء الياباني شينزو آبي الرئيس ترامب، وبحث آبي مع ترامب التجارة.",
        );
        freq.add(title, body);
        let entities = ["شينزو آبي".to_owned(), "ترامب".to_owned()];
        let tags: Vec<String> = key_phrases(title, body, &freq, &entities, 8)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(tags.iter().any(|t| t.contains("آبي")), "{tags:?}");
    }

    #[test]
    fn dates_and_spans_of_time_are_not_tags() {
        let freq = PhraseFrequencies::default();
        freq.add("افتتاح معرض الكتاب", "افتتح وزير الثقافة معرض الكتاب.");
        let title = "أبرز تغريدات الصحفي في آخر يومين قبل اختفائه";
        let body = "نشر الصحفي في الأول من تشرين أول تغريدة عن الإصلاح الاقتصادي، وفي 30 أيلول \
                    تغريدة أخرى عن الإصلاح الاقتصادي. وفي تشرين أول أيضا كتب عن الطاقة الشمسية \
                    في أكتوبر والطاقة الشمسية في سبتمبر.";
        freq.add(title, body);
        let phrases = key_phrases(title, body, &freq, &[], 8);
        let texts: Vec<&str> = phrases.iter().map(|p| p.text.as_str()).collect();
        assert!(texts.contains(&"الإصلاح الاقتصادي"), "{texts:?}");
        for t in &texts {
            for w in [
                "تشرين",
                "أيلول",
                "أكتوبر",
                "سبتمبر",
                "آخر",
                "يومين",
                "أبرز",
                "أول",
            ] {
                assert!(!t.split(' ').any(|x| x == w), "{w} in {texts:?}");
            }
        }
    }

    #[test]
    fn frequencies_count_each_phrase_once_per_article_and_survive_export() {
        let freq = PhraseFrequencies::default();
        freq.add("انسحاب القوات", "انسحاب القوات من العراق. انسحاب القوات.");
        freq.add("العراق", "زار الوزير العراق");
        let key = |t: &str| phrase_key(stems_of(t).iter().map(|s| rasid_text::hash64(s)));
        assert_eq!(freq.docs(), 2);
        assert_eq!(freq.df(key("انسحاب القوات")), 1);
        assert_eq!(freq.df(key("العراق")), 2);
        assert_eq!(freq.df(key("المريخ")), 0);
        let back = PhraseFrequencies::import(&freq.export()).unwrap();
        assert_eq!(back.docs(), 2);
        assert_eq!(back.df(key("العراق")), 2);
        assert!(PhraseFrequencies::import(b"something else").is_none());
        let mut damaged = freq.export();
        damaged.truncate(100);
        assert!(PhraseFrequencies::import(&damaged).is_none());
    }

    #[test]
    fn head_nouns_alone_are_not_tags() {
        for w in [
            "قوات",
            "القوات",
            "الوزارة",
            "حركة",
            "الرئيس",
            "وزير",
            "المسؤولين",
        ] {
            assert!(is_lone_head(&rasid_text::normalize(w)), "{w}");
        }
        for w in ["العراق", "الانسحاب", "واشنطن", "التحالف الدولي", "الاتفاق"]
        {
            assert!(!is_lone_head(&rasid_text::normalize(w)), "{w}");
        }
        // Titles and styles of address alone say who someone is, not whom.
        for w in ["الأمير", "الدكتور", "المدرب", "السمو", "سفير"] {
            assert!(
                crate::entities::is_lone_title(&rasid_text::normalize(w)),
                "{w}"
            );
        }
        for w in ["البرلمان", "الأمير محمد", "العراق"] {
            assert!(
                !crate::entities::is_lone_title(&rasid_text::normalize(w)),
                "{w}"
            );
        }
        assert!(is_outlet_credit("CNN") && !is_outlet_credit("BBC News"));
        // The outlet told in a title is no tag; the outlet a title is about is.
        let body = "قال الوزير في مقابلة مع CNN إن الاتفاق قريب. وأضاف لـCNN أن المفاوضات مستمرة.";
        let told = tags_of("الوزير لـCNN: الاتفاق قريب", body, &[]);
        assert!(!told.iter().any(|t| t == "CNN"), "{told:?}");
        let about = tags_of("ترامب يهاجم CNN مجددا", body, &[]);
        assert!(about.iter().any(|t| t == "CNN"), "{about:?}");
    }

    #[test]
    fn frequencies_of_processes_sharing_a_store_add_up() {
        let start = PhraseFrequencies::default();
        start.add("اتفاق التجارة", "وقع البلدان اتفاق التجارة الحرة.");
        let base = start.export();
        let first = PhraseFrequencies::import(&base).unwrap();
        first.add("مهرجان الفنون", "افتتح مهرجان الفنون الشعبية.");
        let second = PhraseFrequencies::import(&base).unwrap();
        second.add("مهرجان الفنون", "اختتم مهرجان الفنون الشعبية.");
        second.add("اتفاق التجارة", "يدخل اتفاق التجارة حيز التنفيذ.");
        let stored = merge_exports(&base, &base, &first.export()).unwrap();
        let stored = merge_exports(&stored, &base, &second.export()).unwrap();
        let merged = PhraseFrequencies::import(&stored).unwrap();
        assert_eq!(merged.docs(), 4);
        let key = |p: &str| phrase_key(stems_of(p).iter().map(|s| rasid_text::hash64(s)));
        assert_eq!(merged.df(key("مهرجان الفنون")), 2);
        assert_eq!(merged.df(key("اتفاق التجارة")), 2);
        assert!(merge_exports(b"nonsense", &base, &base).is_none());
    }

    #[test]
    fn a_word_said_only_inside_a_name_is_not_a_tag_alone() {
        let freq = PhraseFrequencies::default();
        let title = "ريال مدريد يفوز على فالنسيا";
        let body = "فاز فريق ريال مدريد على ضيفه فالنسيا بثلاثة أهداف. وسجل لاعبو ريال مدريد \
                    في الشوط الأول. ويتصدر ريال مدريد الترتيب بعد الفوز على فالنسيا.";
        // Madrid, the city, is a place; the club holds it in every mention.
        let tags: Vec<String> = key_phrases(title, body, &freq, &["مدريد".into()], 6)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(tags.contains(&"ريال مدريد".to_owned()), "{tags:?}");
        assert!(!tags.contains(&"مدريد".to_owned()), "{tags:?}");
        // A country said by its adjective is tagged by its name.
        let title = "الجيش السوري يتقدم في ريف حماة";
        let body = "قال الجيش السوري إن قواته تقدمت في ريف حماة. وأعلن الإعلام السوري \
                    أن الاشتباكات مستمرة. وأكد مصدر عسكري السوري أن العملية ستتواصل.";
        let tags: Vec<String> = key_phrases(title, body, &freq, &["سوريا".into()], 6)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(!tags.iter().any(|t| t == "السوري"), "{tags:?}");
        // …and by two adjectives (الكوري الشمالي) too.
        let title = "الزعيم الكوري الشمالي يزور الصين";
        let body = "وصل الزعيم الكوري الشمالي إلى بكين في زيارة مفاجئة. وقال الإعلام الكوري \
                    الشمالي إن الزيارة تستمر يومين. والتقى الزعيم الكوري الشمالي الرئيس الصيني.";
        let tags: Vec<String> = key_phrases(title, body, &freq, &["كوريا الشمالية".into()], 6)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(tags.iter().any(|t| t == "كوريا الشمالية"), "{tags:?}");
        assert!(!tags.iter().any(|t| t == "الكوري الشمالي"), "{tags:?}");
    }

    #[test]
    fn two_words_the_second_with_a_preposition_are_not_a_tag() {
        let freq = PhraseFrequencies::default();
        let title = "النيابة تتخذ الإجراءات اللازمة لاستجلاء الحقيقة";
        let body = "أكدت النيابة العامة أنها اتخذت الإجراءات اللازمة لاستجلاء الحقيقة في القضية. \
                    وقالت إن الإجراءات اللازمة لاستجلاء الحقيقة تشمل سماع الشهود. \
                    وأضافت أن اللازمة لاستجلاء كل التفاصيل ستتخذ.";
        let tags: Vec<String> = key_phrases(title, body, &freq, &[], 8)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(!tags.iter().any(|t| t == "اللازمة لاستجلاء"), "{tags:?}");
        assert!(with_preposition("لاستجلاء") && with_preposition("بالأمس"));
        assert!(!with_preposition("بغداد") && !with_preposition("لبنان"));
    }

    #[test]
    fn words_with_an_attached_pronoun_are_not_tags() {
        for w in [
            "وفاته",
            "وفاتِه",
            "زوجته",
            "قواتها",
            "تقديمهم",
            "لبلادهم",
            "اقتصادها",
            "عودتهما",
        ] {
            assert!(has_pronoun(w), "{w}");
        }
        for w in ["ينظمه", "يخاطبنا", "أسماه", "أعلنته", "يُنظّمهُ"]
        {
            assert!(verb_with_pronoun(w), "{w}");
        }
        for w in [
            "صلاة",
            "مياه",
            "اتجاه",
            "كورونا",
            "يمني",
            "بنك",
            "يديه",
            "وجه",
            "سيرينا",
            "عدواني",
            "مشاه",
        ] {
            assert!(!verb_with_pronoun(w), "{w}");
        }
        // The taa marbuta, a root's ه, the article, a name, a word's own ending.
        for w in [
            "وفاة",
            "وجه",
            "اتجاه",
            "الوزارة",
            "كورونا",
            "محاكم",
            "تفاهم",
            "مساهم",
            "فيينا",
            "سهم",
            "برنامج",
            "الحكومة",
        ] {
            assert!(!has_pronoun(w), "{w}");
        }
        // In an article: the death is a topic, "his death" is not.
        let body = "توفي الفنان الكبير مساء أمس بعد صراع مع المرض. وفاته أحزنت جمهوره. \
                    وفاته جاءت بعد أيام من عودته. وفاته كانت صدمة. ونعت نقابة الفنانين الفنان الكبير.";
        let freq = PhraseFrequencies::default();
        let tags: Vec<String> = key_phrases("رحيل الفنان الكبير", body, &freq, &[], 8)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(tags.iter().any(|t| t.contains("الفنان")), "{tags:?}");
        assert!(!tags.iter().any(|t| t.contains("وفاته")), "{tags:?}");
    }

    /// The tags of a text under frequencies counted over it and `background`.
    /// An article counted into `freq`, the entities the rules find in it, and its eight
    /// key phrases with those entities weighed in, as enrichment weighs them.
    fn tags_with_entities(
        freq: &PhraseFrequencies,
        title: &str,
        body: &str,
    ) -> (Vec<String>, Vec<String>) {
        freq.add(title, body);
        let names: Vec<String> = crate::entities::entities(title, body)
            .into_iter()
            .map(|e| e.name)
            .collect();
        let texts = key_phrases(title, body, freq, &names, 8)
            .into_iter()
            .map(|p| p.text)
            .collect();
        (names, texts)
    }

    fn tags_of(title: &str, body: &str, background: &[(&str, &str)]) -> Vec<String> {
        let freq = PhraseFrequencies::default();
        for (t, b) in background {
            freq.add(t, b);
        }
        freq.add(title, body);
        key_phrases(title, body, &freq, &[], 8)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn what_kind_of_thing_happened_is_no_tag_alone() {
        let title = "القبض على عصابة سرقة السيارات في الدمام";
        let body = "أعلنت شرطة المنطقة الشرقية القبض على عصابة سرقة السيارات في الدمام. \
            وجاء القبض بعد بلاغات من المواطنين. وقال المتحدث إن القبض تم في حي الشاطئ، \
            وإن المواطنين ساعدوا الشرطة. وتواصل الشرطة التحقيق مع أفراد عصابة سرقة السيارات.";
        let tags = tags_of(title, body, &[]);
        assert!(tags.iter().any(|t| t.contains("الدمام")), "{tags:?}");
        for vague in ["القبض", "المواطنين", "التحقيق"] {
            assert!(!tags.iter().any(|t| t == vague), "{vague}: {tags:?}");
        }
        let title = "الهلال يفوز على النصر في المباراة الأخيرة من الموسم";
        let body = "فاز الهلال على النصر في المباراة الأخيرة من الموسم بهدفين. \
            وسجل سالم الدوسري هدفي المباراة. وأنهى الهلال الموسم متصدرا، \
            وقال مدرب الهلال إن الموسم كان صعبا وإن المباراة حسمت اللقب.";
        let tags = tags_of(title, body, &[]);
        assert!(tags.iter().any(|t| t == "الهلال"), "{tags:?}");
        for vague in ["الموسم", "المباراة", "اللقب"] {
            assert!(!tags.iter().any(|t| t == vague), "{vague}: {tags:?}");
        }
    }

    #[test]
    fn english_tags_are_no_pasts_dates_or_a_title_with_a_named_persons_family_name() {
        let title = "Union leader Sophie Binet warns Emmanuel Macron";
        let body = "Sophie Binet warned Emmanuel Macron on Thursday about the strike. \
            Mme Binet said the union dropped its demands. Mme Binet added that the strike \
            would continue, and Macron listened.";
        let names: Vec<String> = crate::latin::entities(title, body)
            .into_iter()
            .map(|e| e.name)
            .collect();
        let freq = PhraseFrequencies::default();
        freq.add(title, body);
        let tags: Vec<String> = key_phrases(title, body, &freq, &names, 8)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(tags.contains(&"Sophie Binet".to_owned()), "{tags:?}");
        for not in ["Mme Binet", "dropped", "Thursday", "warned", "warns"] {
            assert!(!tags.iter().any(|t| t == not), "{not}: {tags:?}");
        }
    }

    #[test]
    fn a_date_a_call_and_a_suspect_without_his_bih_are_no_tags() {
        // A Tunisian outlet's dates: the month is when, not what; ماي is a month beside a
        // number and a name elsewhere.
        let title = "مهرجان قرطاج من 14 جويلية إلى 20 أوت والتذاكر منذ 15 ماي";
        let body = "يقام مهرجان قرطاج من 14 جويلية إلى 20 أوت، وتباع التذاكر منذ 15 ماي. \
            وأعلنت إدارة مهرجان قرطاج يوم 15 ماي برنامجها، وقال مديره يا جماعة الفن للجميع، \
            يا جماعة تعالوا. وتم توقيف المشتبه به في سرقة التذاكر يوم 3 جوان، وأحيل \
            المشتبه به على القضاء في 5 جوان. وتنطلق العروض في 14 جويلية وتنتهي في 20 أوت.";
        let tags = tags_of(title, body, &[]);
        assert!(tags.iter().any(|t| t.contains("قرطاج")), "{tags:?}");
        for not in [
            "جويلية",
            "أوت",
            "ماي",
            "جوان",
            "يا جماعة",
            "المشتبه",
            "توقيف المشتبه",
        ] {
            assert!(!tags.iter().any(|t| t == not), "{not}: {tags:?}");
        }
        let title = "تيريزا ماي تلتقي ماكرون في لندن";
        let body = "التقت رئيسة الوزراء البريطانية تيريزا ماي الرئيس الفرنسي ماكرون في لندن. \
            وقالت ماي إن المحادثات كانت مثمرة، وأضافت ماي أن بريطانيا وفرنسا شريكان.";
        let tags = tags_of(title, body, &[]);
        assert!(tags.iter().any(|t| t.contains("ماي")), "{tags:?}");
    }

    #[test]
    fn a_phrase_runs_from_no_definite_word_into_a_bare_common_word() {
        // Where one phrase ends and the next begins.
        assert!(n_crosses("السعودية حكومة"));
        assert!(n_crosses("المتنزهات وأماكن"));
        assert!(n_crosses("الأجانب انتظار"));
        // Noun phrases: both definite, both bare, a name after the definite word.
        assert!(!n_crosses("الزوار والمعتمرين"));
        assert!(!n_crosses("مدير إدارة"));
        assert!(!n_crosses("الرئيس ترامب"));
        assert!(!n_crosses("التحالف الدولي"));
        assert!(is_definite("للمدنيين") && is_definite("والمعتمرين") && is_definite("بالمعروف"));
        assert!(!is_definite("لبنان") && !is_definite("ولاية") && !is_definite("أماكن"));
        assert!(n_nisba("التركي والسعودي"));
        assert!(!n_nisba("الصحفي السعودي") && !n_nisba("المعلمين والمعلمات"));
    }

    #[test]
    fn accusatives_and_pronouns_on_common_words_are_no_tags() {
        assert!(n_accusative("عاما") && n_accusative("هدفا") && n_accusative("فوزا"));
        // Names and places ending in ا.
        for w in ["فرنسا", "كندا", "روسيا", "أمريكا", "العليا"] {
            assert!(!n_accusative(w), "{w}");
        }
        for w in ["ملابسك", "مظهرك", "بلادنا", "نظيره", "وبلادكم"] {
            assert!(pronoun_on_common(w), "{w}");
        }
        // A name, a two-letter rest, the taa marbuta, the article.
        for w in ["بنك", "كورونا", "وجه", "حكومة", "الملابس", "فيينا"]
        {
            assert!(!pronoun_on_common(w), "{w}");
        }
        for w in ["أصدر", "زاد", "أريد", "نبحث"] {
            assert!(n_lone_verb(w), "{w}");
        }
        // Nouns (common words), a place, a name, the article.
        for w in ["حكم", "نقل", "عمل", "قصر", "سفر", "بغداد", "ترامب", "الأمن"]
        {
            assert!(!n_lone_verb(w), "{w}");
        }
    }

    /// Where an analysed article says a phrase (its first words).
    fn at_of(a: &Analysis<'_, '_>, phrase: &str) -> Vec<usize> {
        let key = phrase_key(stems_of(phrase).iter().map(|s| rasid_text::hash64(s)));
        a.cands
            .iter()
            .filter(|c| c.key == key)
            .map(|c| c.start as usize)
            .collect()
    }

    #[test]
    fn a_phrase_said_only_after_a_definite_word_is_its_adjective() {
        let body = "فككت الأجهزة الأمنية الخلايا النائمة في المدينة. \
                    وقالت إن الخلايا النائمة كانت تخطط لهجمات، وإن رحيلها المفاجئ أحزنهم.";
        let terms = Terms::new("تفكيك الخلايا النائمة", body);
        let a = Analysis::new(&terms);
        assert!(a.always_after_definite(&at_of(&a, "النائمة")));
        // After a word with a pronoun, which is definite too.
        assert!(a.always_after_definite(&at_of(&a, "المفاجئ")));
        // Said once where a run of words begins.
        let terms = Terms::new("النائمة", body);
        let a = Analysis::new(&terms);
        assert!(!a.always_after_definite(&at_of(&a, "النائمة")));
        assert!(!a.always_after_definite(&at_of(&a, "الأجهزة الأمنية")));
    }

    #[test]
    fn a_word_said_only_after_an_indefinite_feminine_word_is_its_adjective() {
        let body = "رفضت الوزارة اتهامات زائفة نشرتها صحيفة. \
                    وقالت إنها حملة إعلامية كاذبة، وإن جدة تستضيف قمة عربية في مدينة غزة.";
        let terms = Terms::new("الوزارة تستنكر اتهامات إعلامية زائفة", body);
        let a = Analysis::new(&terms);
        for adjective in ["زائفة", "كاذبة", "إعلامية", "إعلامية زائفة"]
        {
            assert!(
                a.always_after_feminine(&at_of(&a, adjective)),
                "{adjective}"
            );
        }
        // Said where a run begins, or after a definite or masculine word: no adjective
        // of the word before (a verb and its subject: تستضيف قمة).
        for phrase in ["اتهامات", "صحيفة", "قمة عربية", "جدة", "غزة"] {
            assert!(!a.always_after_feminine(&at_of(&a, phrase)), "{phrase}");
        }
    }

    #[test]
    fn a_construct_cut_before_its_second_term_is_no_tag() {
        let body = "قال مدير إدارة التعليم إن المدارس جاهزة. وأضاف مدير إدارة التعليم أن \
                    المعلمين باشروا عملهم. وتوفي المعلم إثر أزمة قلبية الأسبوع الماضي.";
        let terms = Terms::new("استعدادات العام الدراسي", body);
        let a = Analysis::new(&terms);
        // Always followed by the department it heads.
        assert!(a.construct_cut(&at_of(&a, "مدير إدارة"), 2));
        // Whole: the construct with its second term; an adjective of origin last.
        assert!(!a.construct_cut(&at_of(&a, "إدارة التعليم"), 2));
        assert!(!a.construct_cut(&at_of(&a, "أزمة قلبية"), 2));
    }

    #[test]
    fn a_phrase_said_once_with_its_bound_word_is_shown_as_the_longer_name() {
        // The corpus says يونايتد after مانشستر; this article says the club's name once
        // in full, then يونايتد alone.
        let background: Vec<(String, String)> = (0..8)
            .map(|i| {
                (
                    format!("مباراة رقم {i}"),
                    "فاز فريق مانشستر يونايتد على ضيفه. واحتفل جمهور مانشستر يونايتد بالفوز."
                        .to_owned(),
                )
            })
            .collect();
        let background: Vec<(&str, &str)> = background
            .iter()
            .map(|(t, b)| (t.as_str(), b.as_str()))
            .collect();
        let tags = tags_of(
            "يونايتد يواصل الانتصارات",
            "تغلب مانشستر يونايتد على تشيلسي. وسجل يونايتد هدفين. ويحتل يونايتد المركز الثاني.",
            &background,
        );
        assert!(tags.contains(&"مانشستر يونايتد".to_owned()), "{tags:?}");
        assert!(!tags.contains(&"يونايتد".to_owned()), "{tags:?}");
        // Titles and styles alone are no tag, with a preposition too.
        let freq = PhraseFrequencies::default();
        let terms = Terms::new("", "");
        let a = Analysis::new(&terms);
        for phrase in ["لفخامة الرئيس", "صاحب السمو", "السمو الملكي الأمير"]
        {
            let norm = rasid_text::normalize(phrase);
            let read = Read {
                freq: &freq,
                own: None,
            };
            assert!(a.fragment(&read, phrase, &norm, &[]), "{phrase}");
        }
    }

    #[test]
    fn a_phrase_the_corpus_says_with_the_next_word_is_that_name_cut_short() {
        // The corpus says دوري عبداللطيف with جميل, and الملعب with any word or none.
        let freq = PhraseFrequencies::default();
        for i in 0..8 {
            freq.add(
                "مباراة في الدوري",
                &format!("لعب الفريق رقم {i} في دوري عبداللطيف جميل أمس. الملعب امتلأ."),
            );
        }
        let body = "تصدر النصر دوري عبداللطيف جميل بعد فوزه على الملعب الكبير.";
        let terms = Terms::new("النصر يتصدر", body);
        let a = Analysis::new(&terms);
        freq.add_analysed(&a);
        let freq = Read {
            freq: &freq,
            own: None,
        };
        assert!(a.cut_short(&freq, &at_of(&a, "دوري عبداللطيف"), 2));
        // جميل alone: the corpus says it after عبداللطيف.
        assert!(a.cut_short(&freq, &at_of(&a, "جميل"), 1));
        assert!(!a.cut_short(&freq, &at_of(&a, "دوري عبداللطيف جميل"), 3));
        assert!(!a.cut_short(&freq, &at_of(&a, "الملعب"), 1));
        // A one-word title before a name is not part of it; a title of two words is.
        assert!(crate::entities::opens_with_lone_title(&[
            "الرئيس".into(),
            "ترامب".into()
        ]));
        assert!(!crate::entities::opens_with_lone_title(&[
            "ولي".into(),
            "العهد".into(),
            "السعودي".into()
        ]));
    }

    #[test]
    fn a_name_cut_at_its_connector_is_no_tag() {
        let body = "ألقى الشاعر زياد بن حجاب قصيدة في المهرجان. \
                    وصفق الجمهور طويلا للشاعر زياد بن حجاب، وقال زياد بن حجاب إنه سعيد.";
        let tags = tags_of("أمسية شعرية في المهرجان", body, &[]);
        assert!(
            !tags.iter().any(|t| t.ends_with(" بن") || t == "بن"),
            "{tags:?}"
        );
    }
}
