//! Named entities: places from a gazetteer written for rasid, people and organisations
//! from context rules (titles and roles before a name, a name in apposition before a
//! role, organisation heads such as وزارة or حركة), with clitics handled (وواشنطن →
//! واشنطن, بالعراق → العراق, للعراق → العراق) and each entity reduced to one canonical
//! form (قوات التحالف الدولي and التحالف الذي تقوده أميركا → التحالف الدولي; a later
//! bare surname counts for the full name found before).
//!
//! Matching works on the analyzer's lossy normal form (hamza seats, ة/ه and ى/ي folded,
//! diacritics dropped), so spelling variants meet; names are reported as written.

use rasid_text::{normalize, TokenKind};
use std::collections::HashMap;

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Place,
    Organisation,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organisation => "organisation",
        }
    }
}

/// An entity of an article: its canonical name, kind and how often it is mentioned.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub name: String,
    pub kind: Kind,
    pub mentions: usize,
}

/// Places: (canonical name, other spellings). Facts written for rasid (countries,
/// capitals, regions that make news in Arabic), not copied from a list.
const PLACES: &[(&str, &[&str])] = &[
    ("العراق", &[]),
    ("بغداد", &[]),
    ("البصرة", &[]),
    ("الموصل", &[]),
    ("أربيل", &[]),
    ("كردستان العراق", &["إقليم كردستان العراق", "إقليم كردستان"]),
    ("سوريا", &["سورية"]),
    ("دمشق", &[]),
    ("حلب", &[]),
    ("إدلب", &[]),
    ("لبنان", &[]),
    ("بيروت", &[]),
    ("الأردن", &[]),
    ("عمان", &["عمّان"]),
    ("فلسطين", &[]),
    ("القدس", &[]),
    ("قطاع غزة", &["غزة"]),
    ("الضفة الغربية", &[]),
    ("رام الله", &[]),
    ("إسرائيل", &[]),
    ("تل أبيب", &[]),
    ("مصر", &[]),
    ("القاهرة", &[]),
    ("الإسكندرية", &[]),
    ("السودان", &[]),
    ("الخرطوم", &[]),
    ("ليبيا", &[]),
    ("طرابلس", &[]),
    ("بنغازي", &[]),
    ("تونس", &[]),
    ("الجزائر", &[]),
    ("المغرب", &[]),
    ("الرباط", &[]),
    ("موريتانيا", &[]),
    ("نواكشوط", &[]),
    ("السعودية", &["المملكة العربية السعودية"]),
    ("الرياض", &[]),
    ("مكة المكرمة", &["مكة"]),
    ("المدينة المنورة", &[]),
    ("الكويت", &[]),
    ("قطر", &[]),
    ("الدوحة", &[]),
    ("البحرين", &[]),
    ("المنامة", &[]),
    ("الإمارات", &["الإمارات العربية المتحدة"]),
    ("أبوظبي", &["أبو ظبي"]),
    ("دبي", &[]),
    ("سلطنة عمان", &[]),
    ("مسقط", &[]),
    ("اليمن", &[]),
    ("صنعاء", &[]),
    ("عدن", &[]),
    ("الحديدة", &[]),
    ("إيران", &[]),
    ("طهران", &[]),
    ("تركيا", &[]),
    ("أنقرة", &[]),
    ("إسطنبول", &["اسطنبول"]),
    ("أفغانستان", &[]),
    ("كابول", &[]),
    ("باكستان", &[]),
    ("إسلام آباد", &[]),
    ("الهند", &[]),
    ("نيودلهي", &[]),
    ("الصين", &[]),
    ("بكين", &[]),
    ("اليابان", &[]),
    ("طوكيو", &[]),
    ("كوريا الشمالية", &[]),
    ("كوريا الجنوبية", &[]),
    ("روسيا", &[]),
    ("موسكو", &[]),
    ("أوكرانيا", &[]),
    ("كييف", &[]),
    (
        "الولايات المتحدة",
        &[
            "الولايات المتحدة الأمريكية",
            "الولايات المتحدة الأميركية",
            "أمريكا",
            "أميركا",
        ],
    ),
    ("واشنطن", &[]),
    ("نيويورك", &[]),
    ("كندا", &[]),
    ("المكسيك", &[]),
    ("البرازيل", &[]),
    ("الأرجنتين", &[]),
    ("فنزويلا", &[]),
    ("بريطانيا", &["المملكة المتحدة"]),
    ("لندن", &[]),
    ("فرنسا", &[]),
    ("باريس", &[]),
    ("ألمانيا", &[]),
    ("برلين", &[]),
    ("إيطاليا", &[]),
    ("روما", &[]),
    ("إسبانيا", &[]),
    ("مدريد", &[]),
    ("بلجيكا", &[]),
    ("بروكسل", &[]),
    ("هولندا", &[]),
    ("السويد", &[]),
    ("النرويج", &[]),
    ("سويسرا", &[]),
    ("جنيف", &[]),
    ("اليونان", &[]),
    ("أثينا", &[]),
    ("قبرص", &[]),
    ("أوروبا", &[]),
    ("أفريقيا", &["إفريقيا"]),
    ("إثيوبيا", &[]),
    ("الصومال", &[]),
    ("مقديشو", &[]),
    ("جيبوتي", &[]),
    ("نيجيريا", &[]),
    ("جنوب أفريقيا", &[]),
    ("أستراليا", &[]),
    ("إندونيسيا", &[]),
    ("ماليزيا", &[]),
    // Regions, cities and towns in the news beyond the capitals.
    ("جدة", &[]),
    ("الدمام", &[]),
    ("الظهران", &[]),
    ("الأحساء", &[]),
    ("الهفوف", &[]),
    ("القطيف", &[]),
    ("الجبيل", &[]),
    ("الطائف", &[]),
    ("أبها", &[]),
    ("خميس مشيط", &[]),
    ("نجران", &[]),
    ("تبوك", &[]),
    ("حائل", &[]),
    ("بريدة", &[]),
    ("عنيزة", &[]),
    ("القصيم", &[]),
    ("الباحة", &[]),
    ("سكاكا", &[]),
    ("عرعر", &[]),
    ("ينبع", &[]),
    ("الخرج", &[]),
    ("الرس", &[]),
    ("القريات", &[]),
    ("بيشة", &[]),
    ("حفر الباطن", &["حفرالباطن"]),
    ("المنطقة الشرقية", &[]),
    ("عسير", &[]),
    ("نيوم", &[]),
    ("العلا", &[]),
    ("الدرعية", &[]),
    ("القنفذة", &[]),
    ("رابغ", &[]),
    ("الزلفي", &[]),
    ("المجمعة", &[]),
    ("شرورة", &[]),
    ("صبيا", &[]),
    ("الأفلاج", &[]),
    ("وادي الدواسر", &[]),
    ("السليل", &[]),
    ("تعز", &[]),
    ("مأرب", &[]),
    ("المكلا", &[]),
    ("حضرموت", &[]),
    ("صعدة", &[]),
    ("إب", &[]),
    ("الضالع", &[]),
    ("لحج", &[]),
    ("شبوة", &[]),
    ("ذمار", &[]),
    ("حجة", &[]),
    ("المهرة", &[]),
    ("سقطرى", &[]),
    ("المخا", &[]),
    ("حمص", &[]),
    ("حماة", &[]),
    ("اللاذقية", &[]),
    ("طرطوس", &[]),
    ("دير الزور", &[]),
    ("الرقة", &[]),
    ("الحسكة", &[]),
    ("القامشلي", &[]),
    ("درعا", &[]),
    ("السويداء", &[]),
    ("القنيطرة", &[]),
    ("الغوطة الشرقية", &[]),
    ("عفرين", &[]),
    ("منبج", &[]),
    ("كوباني", &[]),
    ("تدمر", &[]),
    ("البوكمال", &[]),
    ("الجولان", &[]),
    ("كركوك", &[]),
    ("النجف", &[]),
    ("كربلاء", &[]),
    ("الأنبار", &[]),
    ("الرمادي", &[]),
    ("الفلوجة", &[]),
    ("تكريت", &[]),
    ("ديالى", &["ديالي"]),
    ("بعقوبة", &[]),
    ("السليمانية", &[]),
    ("دهوك", &[]),
    ("الحلة", &[]),
    ("الكوت", &[]),
    ("الناصرية", &[]),
    ("ذي قار", &[]),
    ("ميسان", &[]),
    ("سنجار", &[]),
    ("تلعفر", &[]),
    ("نينوى", &[]),
    ("سامراء", &[]),
    ("الجيزة", &[]),
    ("أسوان", &[]),
    ("الأقصر", &[]),
    ("بورسعيد", &[]),
    ("السويس", &[]),
    ("الإسماعيلية", &[]),
    ("سيناء", &[]),
    ("شمال سيناء", &[]),
    ("العريش", &[]),
    ("المنصورة", &[]),
    ("طنطا", &[]),
    ("أسيوط", &[]),
    ("المنيا", &[]),
    ("سوهاج", &[]),
    ("شرم الشيخ", &[]),
    ("الغردقة", &[]),
    ("صيدا", &[]),
    ("البقاع", &[]),
    ("بعلبك", &[]),
    ("الخليل", &[]),
    ("نابلس", &[]),
    ("جنين", &[]),
    ("بيت لحم", &[]),
    ("أريحا", &[]),
    ("حيفا", &[]),
    ("يافا", &[]),
    ("الناصرة", &[]),
    ("بئر السبع", &[]),
    ("خان يونس", &[]),
    ("رفح", &[]),
    ("الزرقاء", &[]),
    ("إربد", &[]),
    ("العقبة", &[]),
    ("الشارقة", &[]),
    ("عجمان", &[]),
    ("رأس الخيمة", &[]),
    ("الفجيرة", &[]),
    ("صلالة", &[]),
    ("نزوى", &[]),
    ("صحار", &[]),
    ("الجهراء", &[]),
    ("الدار البيضاء", &[]),
    ("مراكش", &[]),
    ("فاس", &[]),
    ("طنجة", &[]),
    ("أكادير", &[]),
    ("وهران", &[]),
    ("قسنطينة", &[]),
    ("عنابة", &[]),
    ("صفاقس", &[]),
    ("سوسة", &[]),
    ("القيروان", &[]),
    ("القصرين", &[]),
    ("سيدي بوزيد", &[]),
    ("بنزرت", &[]),
    ("مصراتة", &[]),
    ("سرت", &[]),
    ("درنة", &[]),
    ("سبها", &[]),
    ("نواذيبو", &[]),
    ("دارفور", &[]),
    ("أم درمان", &[]),
    ("بورتسودان", &[]),
    ("كسلا", &[]),
    ("مالي", &[]),
    ("النيجر", &[]),
    ("تشاد", &[]),
    ("السنغال", &[]),
    ("داكار", &[]),
    ("كينيا", &[]),
    ("نيروبي", &[]),
    ("أوغندا", &[]),
    ("تنزانيا", &[]),
    ("رواندا", &[]),
    ("الكونغو", &["الكونغو الديمقراطية"]),
    ("الكاميرون", &[]),
    ("غانا", &[]),
    ("ساحل العاج", &[]),
    ("زيمبابوي", &[]),
    ("زامبيا", &[]),
    ("أنغولا", &[]),
    ("موزمبيق", &[]),
    ("مدغشقر", &[]),
    ("إريتريا", &[]),
    ("جنوب السودان", &[]),
    ("جوبا", &[]),
    ("أديس أبابا", &[]),
    ("لاغوس", &[]),
    ("أبوجا", &[]),
    ("بوركينا فاسو", &[]),
    ("غينيا", &[]),
    ("ناميبيا", &[]),
    ("جزر القمر", &[]),
    ("موريشيوس", &[]),
    ("النمسا", &[]),
    ("فيينا", &[]),
    ("بولندا", &[]),
    ("وارسو", &[]),
    ("التشيك", &[]),
    ("براغ", &[]),
    ("المجر", &[]),
    ("بودابست", &[]),
    ("رومانيا", &[]),
    ("بوخارست", &[]),
    ("بلغاريا", &[]),
    ("صربيا", &[]),
    ("بلغراد", &[]),
    ("كرواتيا", &[]),
    ("البوسنة", &[]),
    ("سراييفو", &[]),
    ("البرتغال", &[]),
    ("لشبونة", &[]),
    ("الدنمارك", &[]),
    ("كوبنهاغن", &[]),
    ("فنلندا", &[]),
    ("هلسنكي", &[]),
    ("أيرلندا", &[]),
    ("دبلن", &[]),
    ("اسكتلندا", &["أسكتلندا"]),
    ("إنجلترا", &["انكلترا"]),
    ("ويلز", &[]),
    ("مانشستر", &[]),
    ("ليفربول", &[]),
    ("برشلونة", &[]),
    ("ميلانو", &[]),
    ("ميونخ", &[]),
    ("فرانكفورت", &[]),
    ("هامبورغ", &[]),
    ("ستوكهولم", &[]),
    ("أوسلو", &[]),
    ("أمستردام", &[]),
    ("لاهاي", &[]),
    ("لوكسمبورغ", &[]),
    ("مالطا", &[]),
    ("ألبانيا", &[]),
    ("كوسوفو", &[]),
    ("مقدونيا", &[]),
    ("سلوفاكيا", &[]),
    ("سلوفينيا", &[]),
    ("ليتوانيا", &[]),
    ("لاتفيا", &[]),
    ("إستونيا", &[]),
    ("بيلاروسيا", &[]),
    ("مولدوفا", &[]),
    ("جورجيا", &[]),
    ("أرمينيا", &[]),
    ("أذربيجان", &[]),
    ("باكو", &[]),
    ("يريفان", &[]),
    ("تبليسي", &[]),
    ("القرم", &[]),
    ("الشيشان", &[]),
    ("غروزني", &[]),
    ("داغستان", &[]),
    ("سان بطرسبرغ", &[]),
    ("سوتشي", &[]),
    ("مينسك", &[]),
    ("ستراسبورغ", &[]),
    ("مرسيليا", &[]),
    ("كتالونيا", &[]),
    ("كازاخستان", &[]),
    ("أوزبكستان", &[]),
    ("طاجيكستان", &[]),
    ("تركمانستان", &[]),
    ("قرغيزستان", &[]),
    ("بنغلاديش", &[]),
    ("دكا", &[]),
    ("سريلانكا", &[]),
    ("نيبال", &[]),
    ("ميانمار", &[]),
    ("تايلاند", &["تايلند"]),
    ("بانكوك", &[]),
    ("فيتنام", &[]),
    ("هانوي", &[]),
    ("الفلبين", &[]),
    ("مانيلا", &[]),
    ("سنغافورة", &[]),
    ("تايوان", &[]),
    ("هونغ كونغ", &["هونغكونغ"]),
    ("شنغهاي", &[]),
    ("سيول", &[]),
    ("بيونغ يانغ", &["بيونغيانغ"]),
    ("جاكرتا", &[]),
    ("كوالالمبور", &["كوالا لمبور"]),
    ("كشمير", &[]),
    ("مومباي", &[]),
    ("كراتشي", &[]),
    ("لاهور", &[]),
    ("قندهار", &[]),
    ("هرات", &[]),
    ("بيشاور", &[]),
    ("طشقند", &[]),
    ("شينجيانغ", &[]),
    ("منغوليا", &[]),
    ("كاليفورنيا", &[]),
    ("تكساس", &[]),
    ("فلوريدا", &[]),
    ("شيكاغو", &[]),
    ("لوس أنجلوس", &[]),
    ("سان فرانسيسكو", &[]),
    ("بوسطن", &[]),
    ("ميامي", &[]),
    ("ألاسكا", &["الاسكا"]),
    ("هاواي", &[]),
    ("أوتاوا", &[]),
    ("تورنتو", &[]),
    ("مونتريال", &[]),
    ("كوبا", &[]),
    ("هافانا", &[]),
    ("كولومبيا", &[]),
    ("بوغوتا", &[]),
    ("بيرو", &[]),
    ("تشيلي", &[]),
    ("الإكوادور", &[]),
    ("بوليفيا", &[]),
    ("أوروغواي", &[]),
    ("باراغواي", &[]),
    ("نيكاراغوا", &[]),
    ("هندوراس", &[]),
    ("غواتيمالا", &[]),
    ("بنما", &[]),
    ("كاراكاس", &[]),
    ("ريو دي جانيرو", &[]),
    ("ساو باولو", &[]),
    ("بوينس آيرس", &[]),
    ("نيوزيلندا", &[]),
    ("سيدني", &[]),
    ("ملبورن", &[]),
    ("كانبرا", &[]),
    ("الشرق الأوسط", &[]),
    ("الخليج العربي", &[]),
    ("شمال أفريقيا", &[]),
    ("آسيا", &[]),
    ("أمريكا اللاتينية", &["أميركا اللاتينية"]),
    ("أمريكا الشمالية", &["أميركا الشمالية"]),
    ("البحر الأحمر", &[]),
    ("البحر المتوسط", &["البحر الأبيض المتوسط"]),
    ("مضيق هرمز", &[]),
    ("باب المندب", &[]),
    ("قناة السويس", &[]),
    ("جازان", &["جيزان"]),
];

/// Organisations known by name (canonical, other names).
const ORGANISATIONS: &[(&str, &[&str])] = &[
    (
        "التحالف الدولي",
        &[
            "قوات التحالف الدولي",
            "التحالف الذي تقوده أميركا",
            "التحالف الذي تقوده أمريكا",
            "التحالف الذي تقوده الولايات المتحدة",
            "التحالف الذي تقوده واشنطن",
        ],
    ),
    ("تنظيم الدولة الإسلامية", &["داعش", "تنظيم داعش"]),
    ("الأمم المتحدة", &["منظمة الأمم المتحدة"]),
    ("مجلس الأمن", &["مجلس الأمن الدولي"]),
    ("حلف شمال الأطلسي", &["الناتو", "حلف الناتو"]),
    ("الاتحاد الأوروبي", &[]),
    ("جامعة الدول العربية", &["الجامعة العربية"]),
    ("مجلس التعاون الخليجي", &[]),
    ("حركة حماس", &["حماس"]),
    ("حزب الله", &[]),
    ("البنك الدولي", &[]),
    ("صندوق النقد الدولي", &[]),
    ("منظمة الصحة العالمية", &[]),
    ("أوبك", &["منظمة أوبك"]),
    ("رويترز", &["وكالة رويترز"]),
    ("فرانس برس", &["وكالة فرانس برس", "فرانس برس"]),
    ("أسوشيتد برس", &["وكالة أسوشيتد برس"]),
    ("البيت الأبيض", &[]),
    ("الكرملين", &[]),
    ("البنتاغون", &["البنتاجون"]),
    ("الكونغرس", &["الكونجرس"]),
    ("مجلس الشيوخ", &[]),
    ("تويتر", &[]),
    ("فيسبوك", &["فيس بوك"]),
    ("إنستغرام", &["انستغرام", "إنستجرام"]),
    ("يوتيوب", &[]),
    ("غوغل", &["جوجل"]),
    ("مايكروسوفت", &[]),
    ("أمازون", &[]),
    ("أرامكو", &["أرامكو السعودية"]),
    ("طالبان", &["حركة طالبان"]),
    ("بوكو حرام", &["جماعة بوكو حرام"]),
    (
        "جماعة الحوثي",
        &[
            "الحوثيون",
            "الحوثيين",
            "الحوثي",
            "ميليشيات الحوثي",
            "ميليشيا الحوثي",
            "الميليشيات الحوثية",
            "جماعة الحوثيين",
            "أنصار الله",
        ],
    ),
    ("قوات سوريا الديمقراطية", &["قسد"]),
    ("وحدات حماية الشعب", &["وحدات حماية الشعب الكردية"]),
    ("حزب العمال الكردستاني", &[]),
    ("الحرس الثوري", &["الحرس الثوري الإيراني"]),
    ("الموساد", &[]),
    (
        "جماعة الإخوان المسلمين",
        &["الإخوان المسلمين", "الإخوان المسلمون", "جماعة الإخوان"],
    ),
    ("الاتحاد الدولي لكرة القدم", &["فيفا", "الفيفا"]),
    ("اللجنة الأولمبية الدولية", &[]),
    ("الاتحاد الأفريقي", &[]),
    ("منظمة التعاون الإسلامي", &[]),
    ("اليونسكو", &["منظمة اليونسكو"]),
    ("اليونيسف", &["منظمة اليونيسف"]),
    ("الأونروا", &["وكالة الأونروا"]),
    ("منظمة العفو الدولية", &[]),
    ("هيومن رايتس ووتش", &[]),
    ("اللجنة الدولية للصليب الأحمر", &["الصليب الأحمر"]),
    ("وكالة الأنباء السعودية", &["واس"]),
    ("سبوتنيك", &["وكالة سبوتنيك"]),
    ("تاس", &["وكالة تاس"]),
    ("بلومبرغ", &["بلومبيرغ", "وكالة بلومبرغ"]),
    (
        "التحالف العربي",
        &["تحالف دعم الشرعية", "تحالف دعم الشرعية في اليمن"],
    ),
];

/// Titles and roles that come before a person's name (normalized words).
const TITLES: &[&str] = &[
    "الرئيس",
    "رئيس الوزراء",
    "رئيس مجلس الوزراء",
    "نائب رئيس مجلس الوزراء",
    "رئيسة الوزراء",
    "رئيس الحكومة",
    "رئيس الجمهورية",
    "رئيس البرلمان",
    "رئيس مجلس النواب",
    "نائب الرئيس",
    "الملك",
    "العاهل",
    "خادم الحرمين الشريفين",
    "أمير",
    "ولي ولي العهد",
    "المرشد",
    "الملكة",
    "الأمير",
    "ولي العهد",
    "الشيخ",
    "السلطان",
    "الوزير",
    "وزير",
    "وزيرة",
    "المستشار",
    "مستشار",
    "المتحدث",
    "المتحدثة",
    "الناطق",
    "السفير",
    "المبعوث",
    "الأمين العام",
    "النائب",
    "الجنرال",
    "اللواء",
    "العميد",
    "العقيد",
    "الفريق",
    "المشير",
    "الدكتور",
    "البابا",
    "المدرب",
    "اللاعب",
    "النجم",
    "الفنان",
    "الفنانة",
    "الكاتب",
    "المرشح",
    "الزعيم",
    "القائد",
    "المدير",
    "مدير",
    "رئيس",
    "مدرب",
    "المطرب",
    "المطربة",
    "المغني",
    "المغنية",
    "الشاعر",
    "الأستاذ",
    "الرقيب",
    "المهندس",
    "الصحفي",
    "الناشط",
    "المحامي",
    "القاضي",
    "الممثل",
    "الممثلة",
    "المخرج",
    "مسؤول",
    "مسؤولة",
];

/// Heads of organisation names (normalized, without the article).
const ORG_HEADS: &[&str] = &[
    "مركز",
    "معهد",
    "لجنة",
    "مكتب",
    "صندوق",
    "وزارة",
    "هيئة",
    "حركة",
    "حزب",
    "تنظيم",
    "منظمة",
    "تحالف",
    "مجلس",
    "جامعة",
    "شركة",
    "بنك",
    "مؤسسة",
    "اتحاد",
    "جبهة",
    "جماعة",
    "حكومة",
    "وكالة",
    "محكمة",
    "برلمان",
    "نادي",
    "جمعية",
    "رابطة",
    "غرفة",
    "كلية",
    "مستشفى",
    "مديرية",
    "رئاسة",
    "عمادة",
    "مصرف",
    "نقابة",
    "بلدية",
    "أكاديمية",
    "جيش",
    "ائتلاف",
    "شرطة",
];

/// Words that end a name: reporting verbs and common function words (normalized).
const NAME_STOPS: &[&str] = &[
    "قال",
    "قالت",
    "اكد",
    "اكدت",
    "اكدا",
    "اعلن",
    "اعلنت",
    "اضاف",
    "اضافت",
    "اوضح",
    "اوضحت",
    "ذكر",
    "ذكرت",
    "صرح",
    "كشف",
    "كشفت",
    "دعا",
    "دعت",
    "يقول",
    "تقول",
    "ان",
    "انه",
    "انها",
    "في",
    "على",
    "من",
    "الى",
    "عن",
    "مع",
    "خلال",
    "بعد",
    "قبل",
    "امس",
    "اليوم",
    "الذي",
    "التي",
    "الذين",
    "كان",
    "كانت",
    "هو",
    "هي",
    "لدى",
    "حيث",
    "بين",
    "عبر",
    "بشان",
    "حول",
    "ضد",
    "منذ",
    "السابق",
    "الحالي",
    "الاسبق",
    "الجديد",
];

/// Reporting verbs that may precede a name in apposition ("وقال فلان، مستشار …").
const REPORTING: &[&str] = &[
    "قال",
    "قالت",
    "اضاف",
    "اضافت",
    "اكد",
    "اكدت",
    "اوضح",
    "اوضحت",
    "صرح",
    "اعلن",
    "اعلنت",
    "ذكر",
    "ذكرت",
    "كشف",
    "كشفت",
];

fn norm(s: &str) -> String {
    normalize(s)
}

struct Tok<'a> {
    /// The surface form.
    text: &'a str,
    norm: String,
    /// Punctuation (or a line break) between this token and the previous one.
    brk: bool,
    /// A comma (Arabic or Latin) right before it.
    comma: bool,
    /// `norm` and its forms without proclitics ([`unclitic`]), made when first asked.
    forms: std::cell::OnceCell<Vec<(String, usize)>>,
}

impl Tok<'_> {
    fn forms(&self) -> &[(String, usize)] {
        self.forms.get_or_init(|| unclitic(&self.norm))
    }

    /// Whether an entity can start at this word: the word, or the word without one or
    /// two proclitic letters, is a starter (no allocation for the common case).
    fn may_start(&self, surnames: &HashMap<String, String>) -> bool {
        let w = self.norm.as_str();
        let hit = |x: &str| {
            STARTERS.contains(x)
                || STARTERS.contains(x.strip_prefix("ال").unwrap_or(x))
                || surnames.contains_key(x)
        };
        if hit(w) {
            return true;
        }
        let mut rest = w;
        for _ in 0..2 {
            let mut chars = rest.chars();
            match chars.next() {
                Some('و' | 'ف' | 'ب' | 'ل' | 'ك') if rest.chars().count() > 3 => {
                    rest = chars.as_str();
                    if hit(rest)
                        || (rest.starts_with('ل') && self.forms().iter().any(|(f, _)| hit(f)))
                    {
                        return true;
                    }
                }
                _ => break,
            }
        }
        false
    }
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out: Vec<Tok<'_>> = Vec::new();
    let mut prev_end = 0;
    rasid_text::for_each_token(text, |t| {
        let gap = &text[prev_end.min(t.start)..t.start];
        prev_end = t.end();
        let brk = gap.chars().any(|c| !c.is_whitespace() || c == '\n');
        let comma = gap.contains('،') || gap.contains(',');
        let n = if matches!(t.kind, TokenKind::Word | TokenKind::Hashtag) {
            norm(t.text)
        } else {
            String::new()
        };
        out.push(Tok {
            text: t.text,
            forms: std::cell::OnceCell::new(),
            norm: n,
            brk,
            comma,
        });
    });
    out
}

/// A normalized word with one-letter proclitics (و، ف، then ب، ل، ك) taken off, as the
/// forms to try: the word itself first. ل before ال drops the alif (للعراق = ل + العراق).
fn unclitic(w: &str) -> Vec<(String, usize)> {
    let mut out = vec![(w.to_owned(), 0)];
    let chars: Vec<char> = w.chars().collect();
    let mut i = 0;
    if chars.len() > 3 && matches!(chars[0], 'و' | 'ف') {
        i = 1;
        out.push((chars[1..].iter().collect(), 1));
    }
    if chars.len() > i + 3 && matches!(chars[i], 'ب' | 'ل' | 'ك') {
        let rest: String = chars[i + 1..].iter().collect();
        if chars[i] == 'ل' && rest.starts_with('ل') {
            out.push((format!("ا{rest}"), i + 1));
        }
        out.push((rest, i + 1));
    }
    out
}

/// The surface text of a word without its first `n` letters (the proclitics), and with
/// the alif of ال restored after ل (للعراق → العراق).
fn strip_surface(text: &str, n: usize, restore_alif: bool) -> String {
    let rest: String = text.chars().skip(n).collect();
    if restore_alif {
        format!("ا{rest}")
    } else {
        rest
    }
}

/// First word → (the following words, canonical name, kind), longest first.
type Lexicon = HashMap<String, Vec<(Vec<String>, String, Kind)>>;

static LEXICON: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(|| {
    let mut map = Lexicon::new();
    for (table, kind) in [(PLACES, Kind::Place), (ORGANISATIONS, Kind::Organisation)] {
        for (canonical, others) in table {
            for name in std::iter::once(canonical).chain(others.iter()) {
                let mut words: Vec<String> = name.split_whitespace().map(norm).collect();
                let first = words.remove(0);
                map.entry(first)
                    .or_default()
                    .push((words, (*canonical).to_owned(), kind));
            }
        }
    }
    for entries in map.values_mut() {
        entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    }
    map
});

/// First word → the following words of each title, longest first.
static TITLE_WORDS: std::sync::LazyLock<HashMap<String, Vec<Vec<String>>>> =
    std::sync::LazyLock::new(|| {
        let mut map: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for t in TITLES {
            let mut words: Vec<String> = t.split_whitespace().map(norm).collect();
            let first = words.remove(0);
            map.entry(first).or_default().push(words);
        }
        for v in map.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        map
    });

/// Every word an entity can start with: the first words of the lexicon and of titles,
/// and organisation heads (without their article).
static STARTERS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| {
        let mut set: std::collections::HashSet<String> = LEXICON.keys().cloned().collect();
        set.extend(TITLE_WORDS.keys().cloned());
        set.extend(ORG_HEAD_SET.iter().cloned());
        set
    });

fn normalized_set(list: &[&str]) -> std::collections::HashSet<String> {
    list.iter().map(|w| norm(w)).collect()
}

static NAME_STOP_SET: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| normalized_set(NAME_STOPS));
static REPORTING_SET: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| normalized_set(REPORTING));
static ORG_HEAD_SET: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| normalized_set(ORG_HEADS));

/// A lexicon entry starting at token `i`: (canonical, kind, tokens taken).
fn lexicon_at(toks: &[Tok<'_>], i: usize) -> Option<(String, Kind, usize)> {
    for (first, _) in toks[i].forms() {
        for (rest, canonical, kind) in LEXICON.get(first).into_iter().flatten() {
            if follows(toks, i, rest) {
                return Some((canonical.clone(), *kind, rest.len() + 1));
            }
        }
    }
    None
}

/// Whether the tokens after `i` are `rest`, with no punctuation between.
fn follows(toks: &[Tok<'_>], i: usize, rest: &[String]) -> bool {
    i + rest.len() < toks.len()
        && toks[i + 1..=i + rest.len()]
            .iter()
            .zip(rest)
            .all(|(t, w)| !t.brk && &t.norm == w)
}

/// A title starting at token `i` (a leading و or ف allowed): tokens taken.
fn title_at(toks: &[Tok<'_>], i: usize) -> Option<usize> {
    for (first, _) in toks[i].forms().iter().take(2) {
        for rest in TITLE_WORDS.get(first).into_iter().flatten() {
            if follows(toks, i, rest) {
                return Some(rest.len() + 1);
            }
        }
    }
    None
}

/// An adjective of origin or office after a title (الأميركي، العراقية، الخارجية).
fn is_nisba(w: &str) -> bool {
    w.starts_with("ال") && (w.ends_with('ي') || w.ends_with("يه")) && w.chars().count() > 4
}

/// Whether a word can be part of a name.
fn name_like(t: &Tok<'_>) -> bool {
    let w = &t.norm;
    !w.is_empty()
        && w.chars().count() >= 2
        && !rasid_text::is_arabic_stopword(w)
        && !NAME_STOP_SET.contains(w)
        && !["وال", "بال", "لل", "فال", "كال"]
            .iter()
            .any(|p| w.starts_with(p))
}

/// The name starting at token `i`: up to four name-like tokens without punctuation
/// between them, not running into a title or a place.
fn name_at(toks: &[Tok<'_>], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    // Connectors (بن، آل، أبو …) join words into one name and do not count.
    let mut words = 0;
    while j < toks.len() && words < 3 {
        let t = &toks[j];
        let unit_or_time = j == i
            && t.forms().iter().any(|(w, _)| {
                ADMIN_NOUNS.contains(&w.as_str()) || NOT_NAME_WORDS.contains(&w.as_str())
            });
        if unit_or_time
            || (j > i && (t.brk || !continues_name(&t.norm, j - i)))
            || !name_like(t)
            || looks_like_verb(&t.norm)
            || t.forms().iter().take(2).any(|(w, _)| {
                TITLE_WORDS.contains_key(w)
                    || ORG_HEAD_SET.contains(w.strip_prefix("ال").unwrap_or(w))
            })
        {
            break;
        }
        if !CONNECTORS.contains(&t.norm.as_str()) {
            words += 1;
        }
        j += 1;
    }
    // A name does not end in a connector.
    while j > i && CONNECTORS.contains(&toks[j - 1].norm.as_str()) {
        j -= 1;
    }
    (j > i).then_some((i, j))
}

/// The office after a title (وزير الطاقة، المتحدث باسم …), normalized.
const OFFICES: &[&str] = &[
    "باسم",
    "لشؤون",
    "الوزراء",
    "الدفاع",
    "الخارجيه",
    "الداخليه",
    "الماليه",
    "الطاقه",
    "الاقتصاد",
    "التجاره",
    "الصحه",
    "التعليم",
    "العدل",
    "النفط",
    "الاعلام",
    "الثقافه",
    "الرياضه",
    "العمل",
    "الزراعه",
    "النقل",
    "الاسكان",
    "البيئه",
    "السياحه",
    "الاتصالات",
    "العام",
    "العامه",
    "التنفيذي",
];

/// Nouns that follow a title as the thing it heads (مدير منطقة …، أمير منطقة …), never a
/// name's first word (normalized).
const ADMIN_NOUNS: &[&str] = &[
    "منطقه",
    "محافظه",
    "مدينه",
    "ولايه",
    "اماره",
    "قطاع",
    "منفذ",
    "اداره",
    "سجون",
    "شؤون",
    "قسم",
    "مكتب",
    "فرع",
    "مجموعه",
    "فريق",
    "المنتخب",
    "النادي",
    "الفريق",
    "الهيئه",
];

/// Words that never continue a name: days, times (normalized).
const NOT_NAME_WORDS: &[&str] = &[
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "يوم",
    "صباح",
    "مساء",
    "ليله",
    "ظهر",
    "عصر",
    "امس",
    "غدا",
    "حاليا",
    "ايضا",
    "جراء",
    "اثناء",
];

/// Whether a word at `position` (after a name's first) can continue it: not a day or
/// time, and from the third word on not an indefinite accusative (اتصالا، إصلاحا، عددا).
fn continues_name(w: &str, position: usize) -> bool {
    if NOT_NAME_WORDS.contains(&w) {
        return false;
    }
    // Second words ending in ا are names often enough (باراك أوباما).
    !(position >= 2 && w.ends_with('ا') && !w.starts_with("ال") && w.chars().count() >= 4)
}

/// Names that look like present-tense verbs (normalized).
const Y_NAMES: &[&str] = &[
    "يعقوب",
    "يونس",
    "ياسين",
    "ياسمين",
    "يوسف",
    "يحيي",
    "يزيد",
    "يسري",
    "يسرا",
    "يعرب",
    "يمني",
];

/// Whether a word is a present-tense verb by its shape (يستقبل، يلتقي، يطالب، تتوعد):
/// ي or ت and a root of three letters or more, which the names above are not.
fn looks_like_verb(w: &str) -> bool {
    let chars: Vec<char> = w.chars().collect();
    chars.len() >= 5 && chars[0] == 'ي' && !matches!(chars[1], 'ا' | 'و') && !Y_NAMES.contains(&w)
}

/// Words that join the parts of a name (normalized).
const CONNECTORS: &[&str] = &["بن", "بنت", "ابن", "ال", "ابو", "ام", "عبد", "ذو"];

/// The entities of an article (title and body), most mentioned first.
pub fn entities(title: &str, body: &str) -> Vec<Entity> {
    let text = format!("{title}\n{body}");
    let toks = tokens(&text);
    let mut found: Vec<(String, Kind)> = Vec::new();
    // Last word of each person found → the full name.
    let mut surnames: HashMap<String, String> = HashMap::new();
    let mut i = 0;
    while i < toks.len() {
        // Most words start nothing: one look-up settles them.
        if toks[i].norm.is_empty() || !toks[i].may_start(&surnames) {
            i += 1;
            continue;
        }
        // "… قال فلان الفلاني، مستشار …": a name in apposition before a role.
        if toks[i].comma && title_at(&toks, i).is_some() {
            let mut s = i;
            while s > 0 && i - s < 4 && name_like(&toks[s - 1]) && (s == i || !toks[s].brk) {
                s -= 1;
            }
            let reported = s > 0
                && !toks[s].brk
                && toks[s - 1]
                    .forms()
                    .iter()
                    .any(|(w, _)| REPORTING_SET.contains(w));
            if i - s >= 2 && reported {
                found.push((person_name(&toks, s, i), Kind::Person));
            }
        }
        // A bare surname of someone named before.
        if let Some(full) = toks[i]
            .forms()
            .iter()
            .take(2)
            .find_map(|(w, _)| surnames.get(w))
        {
            found.push((full.clone(), Kind::Person));
            i += 1;
            continue;
        }
        if let Some((name, kind, len)) = lexicon_at(&toks, i) {
            found.push((name, kind));
            i += len;
            continue;
        }
        if let Some(n) = title_at(&toks, i) {
            // Skip what qualifies the title: the ministry or office, adjectives of
            // origin, a place.
            // …or what the title heads: an organisation (رئيس غرفة التجارة الألمانية،
            // المتحدث باسم البيت الأبيض) or an administrative unit and its qualifiers
            // (رئيس النادي، مدير منفذ مدينة بنغازي).
            let mut j = i + n;
            let mut unit = false;
            while j < toks.len() && !toks[j].brk {
                let w = &toks[j].norm;
                if is_nisba(w) || lexicon_at(&toks, j).is_some() {
                    j += lexicon_at(&toks, j).map_or(1, |l| l.2);
                } else if OFFICES.contains(&w.as_str()) || ADMIN_NOUNS.contains(&w.as_str()) {
                    unit |= ADMIN_NOUNS.contains(&w.as_str());
                    j += 1;
                } else if unit && w.starts_with("ال") && title_at(&toks, j).is_none() {
                    j += 1;
                } else if let Some((_, len)) = organisation_at(&toks, j) {
                    j += len;
                } else {
                    break;
                }
            }
            // "الرئيس الأمريكي، دونالد ترامب": a comma between the title and the name.
            let comma_only =
                j < toks.len() && j > i + n && toks[j].comma && !toks[j].text.is_empty() && {
                    let gap_start = toks[j - 1].text.as_ptr() as usize + toks[j - 1].text.len();
                    let gap_end = toks[j].text.as_ptr() as usize;
                    gap_end >= gap_start && gap_end - gap_start <= 3
                };
            if j < toks.len()
                && (!toks[j].brk || comma_only)
                && !ADMIN_NOUNS.contains(&toks[j].norm.as_str())
            {
                if let Some((a, b)) = name_at(&toks, j) {
                    // One word after a title is a name only when it is not itself a
                    // definite noun (الرئيس ماكرون, not الرئيس الجديد).
                    if b - a >= 2 || !toks[a].norm.starts_with("ال") {
                        let name = person_name(&toks, a, b);
                        if b - a >= 2 && toks[b - 1].norm.chars().count() >= 4 {
                            surnames.insert(toks[b - 1].norm.clone(), name.clone());
                        }
                        found.push((name, Kind::Person));
                        i = b;
                        continue;
                    }
                }
            }
            i = j.max(i + 1);
            continue;
        }
        if let Some((name, len)) = organisation_at(&toks, i) {
            found.push((name, Kind::Organisation));
            i += len;
            continue;
        }
        i += 1;
    }
    merge(found)
}

fn person_name(toks: &[Tok<'_>], a: usize, b: usize) -> String {
    let first = &toks[a];
    // A leading conjunction is not part of a name (وجو بايدن) unless the word needs it.
    let forms = first.forms();
    let head = match forms.get(1) {
        Some((_, 1)) if first.norm.starts_with('و') && forms[0].0.chars().count() > 4 => {
            strip_surface(first.text, 1, false)
        }
        _ => first.text.to_owned(),
    };
    std::iter::once(head)
        .chain(toks[a + 1..b].iter().map(|t| t.text.to_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An organisation starting at token `i`: a head (وزارة، حركة …) and one to three
/// words that qualify it (definite nouns, adjectives, a place).
fn organisation_at(toks: &[Tok<'_>], i: usize) -> Option<(String, usize)> {
    let &(ref form, strip) = toks[i]
        .forms()
        .iter()
        .find(|(w, _)| ORG_HEAD_SET.contains(w.strip_prefix("ال").unwrap_or(w)))?;
    let mut j = i + 1;
    while j < toks.len() && j - i <= 4 && !toks[j].brk {
        let w = &toks[j].norm;
        // "وزارة التجارة والصناعة": a coordinated qualifier after a first one.
        // A definite head (الجيش التركي) takes adjectives of origin only.
        let head_definite = form.starts_with("ال");
        let definite =
            (w.starts_with("ال") && name_like(&toks[j]) && (!head_definite || is_nisba(w)))
                || (j > i + 1 && w.starts_with("وال") && w.chars().count() > 5);
        let place = lexicon_at(toks, j).is_some_and(|l| l.1 == Kind::Place);
        // "للرياضة", "لحقوق الإنسان", "لكرة القدم": what the body is for.
        let purpose = j > i + 1
            && (w.starts_with("لل")
                || (w.starts_with('ل')
                    && toks
                        .get(j + 1)
                        .is_some_and(|n| !n.brk && n.norm.starts_with("ال"))));
        if !(definite || place || purpose) {
            break;
        }
        j += 1;
        if purpose && !w.starts_with("لل") {
            j += 1;
        }
    }
    if j == i + 1 {
        return None;
    }
    let restore = strip > 0
        && form.starts_with("ال")
        && !toks[i]
            .norm
            .chars()
            .skip(strip)
            .collect::<String>()
            .starts_with("ال");
    let head = if strip > 0 {
        strip_surface(toks[i].text, strip, restore)
    } else {
        toks[i].text.to_owned()
    };
    let name = std::iter::once(head)
        .chain(toks[i + 1..j].iter().map(|t| t.text.to_owned()))
        .collect::<Vec<_>>()
        .join(" ");
    Some((name, j - i))
}

/// Mentions gathered into entities: one per canonical (normalized) name; a bare surname
/// after the full name counts for the full name.
fn merge(found: Vec<(String, Kind)>) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut index: HashMap<(String, Kind), usize> = HashMap::new();
    for (name, kind) in found {
        let key = (norm(&name), kind);
        let target = index.get(&key).copied().or_else(|| {
            // A one-word person who is the last word of a known person.
            (kind == Kind::Person && !key.0.contains(' '))
                .then(|| {
                    out.iter().position(|e| {
                        e.kind == Kind::Person && norm(&e.name).rsplit(' ').next() == Some(&key.0)
                    })
                })
                .flatten()
        });
        match target {
            Some(k) => out[k].mentions += 1,
            None => {
                index.insert(key, out.len());
                out.push(Entity {
                    name,
                    kind,
                    mentions: 1,
                });
            }
        }
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.mentions));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(es: &[Entity], kind: Kind) -> Vec<String> {
        es.iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.name.clone())
            .collect()
    }

    #[test]
    fn the_seed_situation() {
        let body = "العراق – توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق.\n\
            وقال فرهاد علاء الدين، مستشار رئيس الوزراء العراقي للعلاقات الخارجية، إن المحادثات انتهت.\n\
            وقال متحدث باسم وزارة الخارجية الأميركية إن الرئيس الأميركي جو بايدن ورئيس الوزراء العراقي محمد شياع السوداني أكدا في بيان مشترك أنهما سيراجعان عدة عوامل.\n\
            وقال السوداني في وقت سابق إن القوات الأميركية أصبحت عامل جذب.\n\
            ولدى الولايات المتحدة نحو 2500 جندي في العراق إضافة إلى 900 في سوريا المجاورة، وذلك في إطار التحالف الذي تشكل في 2014 لمحاربة تنظيم الدولة الإسلامية.";
        let es = entities("اتفاق على انسحاب قوات التحالف من العراق", body);
        let people = names(&es, Kind::Person);
        for p in ["فرهاد علاء الدين", "جو بايدن", "محمد شياع السوداني"]
        {
            assert!(people.contains(&p.to_owned()), "{p} in {people:?}");
        }
        assert_eq!(people.len(), 3, "{people:?}");
        let places = names(&es, Kind::Place);
        for p in ["العراق", "بغداد", "واشنطن", "سوريا", "الولايات المتحدة"]
        {
            assert!(places.contains(&p.to_owned()), "{p} in {places:?}");
        }
        let orgs = names(&es, Kind::Organisation);
        for o in [
            "التحالف الدولي",
            "تنظيم الدولة الإسلامية",
            "وزارة الخارجية الأميركية",
        ] {
            assert!(orgs.contains(&o.to_owned()), "{o} in {orgs:?}");
        }
        // The most mentioned place first; the bare surname counts for the full name.
        assert_eq!(
            es.iter().find(|e| e.kind == Kind::Place).unwrap().name,
            "العراق"
        );
        let pm = es.iter().find(|e| e.name == "محمد شياع السوداني").unwrap();
        assert_eq!(pm.mentions, 2);
    }

    #[test]
    fn clitics_come_off() {
        let es = entities("", "وصل الوفد بالعراق قادما من للبنان وبيروت ثم لواشنطن.");
        let places = names(&es, Kind::Place);
        assert_eq!(places, ["العراق", "لبنان", "بيروت", "واشنطن"], "{places:?}");
    }
}
