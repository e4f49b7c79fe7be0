//! The reader's words in Arabic and English, Arabic-Indic or Latin digits, and dates:
//! "٩ مايو ٢٠١٨" / "9 May 2018", and relative times with Arabic's number agreement
//! (منذ دقيقة، منذ دقيقتين، منذ ٣ دقائق، منذ ١١ دقيقة).

/// The reader's settings, from its cookies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    pub english: bool,
    /// Arabic-Indic digits (٠١٢٣…) instead of Latin ones.
    pub arabic_digits: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            english: false,
            arabic_digits: true,
        }
    }
}

impl Prefs {
    /// From a `Cookie` header.
    pub fn from_cookies(header: Option<&str>) -> Prefs {
        let mut p = Prefs::default();
        for pair in header.unwrap_or("").split(';') {
            match pair.trim().split_once('=') {
                Some(("lang", v)) => p.english = v == "en",
                Some(("digits", v)) => p.arabic_digits = v != "latin",
                _ => {}
            }
        }
        // Latin digits go with the English interface unless asked otherwise.
        if p.english && !header.unwrap_or("").contains("digits=arabic") {
            p.arabic_digits = false;
        }
        p
    }

    pub fn lang(self) -> &'static str {
        if self.english {
            "en"
        } else {
            "ar"
        }
    }

    pub fn dir(self) -> &'static str {
        if self.english {
            "ltr"
        } else {
            "rtl"
        }
    }

    /// A news agency's name as the reader knows it: واس for SPA in Arabic, the name as
    /// stored in English.
    pub fn agency(self, name: &str) -> &str {
        match rasid_text::agencies::arabic_name(name) {
            Some(ar) if !self.english => ar,
            _ => name,
        }
    }

    /// A word of the interface.
    pub fn t(self, key: &str) -> &'static str {
        let (ar, en) = WORDS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map_or(("", ""), |(_, ar, en)| (*ar, *en));
        if self.english {
            en
        } else {
            ar
        }
    }

    /// Digits as the reader likes them.
    pub fn num(self, n: impl std::fmt::Display) -> String {
        let s = n.to_string();
        if !self.arabic_digits {
            return s;
        }
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    /// A count of things with the noun agreeing, as Arabic counts: مصدر واحد، مصدران،
    /// ٣ مصادر (3–10, and any number ending in 3–10), ١١ مصدرًا (11–99 at the end), ١٠٠
    /// مصدر (ending in 00–02 past a hundred); "1 outlet", "2 outlets" in English.
    pub fn count(self, n: usize, key: &str) -> String {
        let Some(&(_, one, two, few, many, hundred, en_one, en_many)) =
            COUNTED.iter().find(|c| c.0 == key)
        else {
            return format!("{} {}", self.num(n), self.t(key));
        };
        if self.english {
            return format!("{} {}", self.num(n), if n == 1 { en_one } else { en_many });
        }
        match (n, n % 100) {
            (1, _) => one.to_owned(),
            (2, _) => two.to_owned(),
            (_, 3..=10) => format!("{} {few}", self.num(n)),
            (_, 11..=99) => format!("{} {many}", self.num(n)),
            (0, _) => format!("{} {few}", self.num(n)),
            _ => format!("{} {hundred}", self.num(n)),
        }
    }

    /// A date: "٩ مايو ٢٠١٨" or "9 May 2018".
    pub fn date(self, t: i64) -> String {
        let (y, m, d) = civil(t);
        let month = if self.english {
            EN_MONTHS[m as usize - 1]
        } else {
            AR_MONTHS[m as usize - 1]
        };
        format!("{} {month} {}", self.num(d), self.num(y))
    }

    /// A month of a year: "أكتوبر ٢٠١٨" / "October 2018" (`month` 1–12).
    pub fn month(self, year: i64, month: u32) -> String {
        let names = if self.english { EN_MONTHS } else { AR_MONTHS };
        let name = names[(month.clamp(1, 12) - 1) as usize];
        format!("{name} {}", self.num(year))
    }

    /// The time of day (UTC, 24-hour): "١٤:٠٥" / "14:05".
    pub fn clock(self, t: i64) -> String {
        let secs = t.rem_euclid(86_400);
        self.num(format!("{:02}:{:02}", secs / 3600, secs / 60 % 60))
    }

    /// When in a story's timeline: the date and time of day, and how long ago while that
    /// is under two days ("٩ مايو ٢٠١٨ · ١٤:٠٥ · منذ ٣ ساعات").
    pub fn moment(self, t: i64, now: i64) -> String {
        let at = format!("{} · {}", self.date(t), self.clock(t));
        if (0..2 * 86_400).contains(&(now - t)) {
            format!("{at} · {}", self.ago(t, now))
        } else {
            at
        }
    }

    /// How long ago `t` was at `now`: "منذ ٣ ساعات", then "أمس", then the date.
    pub fn ago(self, t: i64, now: i64) -> String {
        let secs = now - t;
        if secs < 0 {
            return self.date(t);
        }
        let minutes = secs / 60;
        let hours = minutes / 60;
        if minutes < 1 {
            return self.t("just_now").to_owned();
        }
        if self.english {
            return match (minutes, hours) {
                (m, 0) => format!("{m} min ago"),
                (_, h) if h < 24 => format!("{h} h ago"),
                (_, h) if h < 48 => "yesterday".to_owned(),
                _ => self.date(t),
            };
        }
        let count = |n, one, two, few| self.span(n, one, two, few);
        match (minutes, hours) {
            (m, 0) => format!("منذ {}", count(m, "دقيقة", "دقيقتين", "دقائق")),
            (_, h) if h < 24 => format!("منذ {}", count(h, "ساعة", "ساعتين", "ساعات")),
            (_, h) if h < 48 => "أمس".to_owned(),
            _ => self.date(t),
        }
    }

    /// How long after the first an outlet published: "الأول" / "first", then "بعد ٨
    /// دقائق" / "+8 min", "بعد ساعتين" / "+2 h", "بعد ٣ أيام" / "+3 days".
    pub fn later(self, secs: i64) -> String {
        let (minutes, hours, days) = (secs / 60, secs / 3600, secs / 86_400);
        if minutes < 1 {
            return self.t("first").to_owned();
        }
        if self.english {
            return match (minutes, hours, days) {
                (m, 0, _) => format!("+{m} min"),
                (_, h, 0) => format!("+{h} h"),
                (_, _, 1) => "+1 day".to_owned(),
                (_, _, d) => format!("+{d} days"),
            };
        }
        let after = match (minutes, hours, days) {
            (m, 0, _) => self.span(m, "دقيقة", "دقيقتين", "دقائق"),
            (_, h, 0) => self.span(h, "ساعة", "ساعتين", "ساعات"),
            (_, _, d) => self.span(d, "يوم", "يومين", "أيام"),
        };
        format!("بعد {after}")
    }

    /// A span of `n` units as Arabic says it after a preposition: ساعة، ساعتين، ٣ ساعات،
    /// ١١ ساعة.
    fn span(self, n: i64, one: &str, two: &str, few: &str) -> String {
        match n {
            1 => one.to_owned(),
            2 => two.to_owned(),
            3..=10 => format!("{} {few}", self.num(n)),
            _ => format!("{} {one}", self.num(n)),
        }
    }
}

const AR_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Year, month, day (UTC) of a time in seconds (Howard Hinnant's days-from-civil, inverted).
pub fn civil(t: i64) -> (i64, u32, u32) {
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (key, Arabic, English).
const WORDS: &[(&str, &str, &str)] = &[
    ("site", "راصد", "rasid"),
    (
        "tagline",
        "الأخبار العربية، قصة واحدة لكل حدث",
        "Arabic news, one story per event",
    ),
    ("home", "الرئيسية", "Home"),
    ("top_stories", "أهم القصص", "Top stories"),
    ("all", "الكل", "All"),
    ("search", "بحث", "Search"),
    ("search_placeholder", "ابحث في الأخبار…", "Search the news…"),
    ("outlets", "مصادر", "outlets"),
    ("articles", "مقالات", "articles"),
    ("first_by", "نشره أولاً", "First by"),
    ("origin", "المصدر الأصلي", "Origin"),
    ("timeline", "التسلسل الزمني", "Timeline"),
    ("coverage", "التغطية", "Coverage"),
    (
        "same_story",
        "القصة نفسها في مصادر أخرى",
        "Same story elsewhere",
    ),
    ("same_story_here", "من القصة نفسها", "More of this story"),
    ("whole_story", "القصة كاملة", "The whole story"),
    ("related", "مقالات ذات صلة", "Related articles"),
    ("shares", "يشترك معه في:", "Shares:"),
    ("related_stories", "قصص ذات صلة", "Related stories"),
    ("more_on", "المزيد عن", "More on"),
    ("all_on", "كل ما عن", "Everything on"),
    (
        "read_original",
        "اقرأ المقال في موقعه الأصلي",
        "Read the original",
    ),
    ("tags", "الوسوم", "Tags"),
    (
        "entities",
        "الأعلام والأماكن والهيئات",
        "People, places, organisations",
    ),
    ("person", "شخص", "person"),
    ("place", "مكان", "place"),
    ("organisation", "هيئة", "organisation"),
    ("section", "القسم", "Section"),
    ("source", "المصدر", "Source"),
    ("from", "من", "From"),
    ("to", "إلى", "To"),
    ("sort", "الترتيب", "Sort"),
    ("relevance", "الأكثر صلة", "Relevance"),
    ("newest", "الأحدث", "Newest"),
    ("results", "نتيجة", "results"),
    ("no_results", "لا توجد نتائج.", "No results."),
    ("next", "التالي", "Next"),
    ("previous", "السابق", "Previous"),
    ("just_now", "الآن", "just now"),
    ("not_found", "الصفحة غير موجودة", "Page not found"),
    ("bad_request", "طلب غير صالح", "Bad request"),
    ("unavailable", "تعذّر عرض الصفحة", "This page could not be shown"),
    (
        "unavailable_hint",
        "تعذّرت قراءة الأرشيف. أعد المحاولة بعد قليل، وإن تكرر ذلك فسجلّ الخادم يذكر السبب.",
        "The archive could not be read. Try again shortly; if it happens again, the server's log says why.",
    ),
    (
        "empty",
        "لا أخبار بعد. أضف مصادر: rasid feeds import --defaults",
        "No news yet. Add sources: rasid feeds import --defaults",
    ),
    ("language", "English", "العربية"),
    ("digits", "أرقام لاتينية", "Arabic-Indic digits"),
    ("feed", "خلاصة", "Feed"),
    ("apply", "تطبيق", "Apply"),
    ("narrow", "بحث وتصفية", "Search and filter"),
    ("story", "قصة", "Story"),
    ("politics", "سياسة", "Politics"),
    ("world", "العالم", "World"),
    ("middle-east", "الشرق الأوسط", "Middle East"),
    ("economy", "اقتصاد", "Economy"),
    ("sports", "رياضة", "Sports"),
    ("technology", "تقنية", "Technology"),
    ("culture", "ثقافة", "Culture"),
    ("health", "صحة", "Health"),
    ("society", "مجتمع", "Society"),
    ("other", "منوعات", "Other"),
    ("in_the_news", "في الأخبار", "In the news"),
    ("skip_to_content", "انتقل إلى المحتوى", "Skip to content"),
    ("first", "الأول", "first"),
    ("outlet", "مصدر", "Outlet"),
    (
        "shared_stories",
        "قصصه التي نقلتها مصادر أخرى أيضًا",
        "Its stories other outlets carried too",
    ),
    ("first_in", "كان أول من نشر في", "first to publish"),
    ("of_them", "منها", "of them"),
    ("in_its_latest", "في آخر", "in its latest"),
    ("origins", "جاءت قصصه من", "Its stories came from"),
    ("seen_with", "يرد معه:", "Seen with:"),
    ("coverage_by_month", "التغطية شهرًا بشهر", "Coverage month by month"),
    ("window", "المدة", "Period"),
    ("last_day", "آخر يوم", "Last day"),
    ("last_3_days", "آخر ثلاثة أيام", "Last three days"),
    ("last_week", "آخر أسبوع", "Last week"),
    ("until", "حتى", "up to"),
    ("people", "أشخاص", "People"),
    ("places", "أماكن", "Places"),
    ("organisations", "هيئات", "Organisations"),
    ("new", "جديد", "new"),
    (
        "nothing_rising",
        "لا شيء يبرز في هذه المدة بعد: يظهر هنا من وما يتكرر في الأخبار أكثر من المعتاد.",
        "Nothing stands out in this period yet: who and what the news covers more than usual shows here.",
    ),
];

/// Counted nouns: (key, one, two, 3–10, 11–99, hundreds, English one, English many).
type Counted = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const COUNTED: &[Counted] = &[
    (
        "outlets",
        "مصدر واحد",
        "مصدران",
        "مصادر",
        "مصدرًا",
        "مصدر",
        "outlet",
        "outlets",
    ),
    (
        "articles",
        "مقال واحد",
        "مقالان",
        "مقالات",
        "مقالًا",
        "مقال",
        "article",
        "articles",
    ),
    (
        "stories",
        "قصة واحدة",
        "قصتان",
        "قصص",
        "قصة",
        "قصة",
        "story",
        "stories",
    ),
    (
        "words",
        "كلمة واحدة",
        "كلمتان",
        "كلمات",
        "كلمة",
        "كلمة",
        "word",
        "words",
    ),
    (
        "results",
        "نتيجة واحدة",
        "نتيجتان",
        "نتائج",
        "نتيجة",
        "نتيجة",
        "result",
        "results",
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn counts_agree_with_their_number() {
        let ar = Prefs {
            english: false,
            arabic_digits: true,
        };
        let en = Prefs {
            english: true,
            arabic_digits: false,
        };
        assert_eq!(ar.count(1, "outlets"), "مصدر واحد");
        assert_eq!(ar.count(2, "outlets"), "مصدران");
        assert_eq!(ar.count(3, "outlets"), "٣ مصادر");
        assert_eq!(ar.count(11, "outlets"), "١١ مصدرًا");
        assert_eq!(ar.count(100, "outlets"), "١٠٠ مصدر");
        assert_eq!(ar.count(105, "articles"), "١٠٥ مقالات");
        assert_eq!(ar.count(2, "results"), "نتيجتان");
        assert_eq!(en.count(1, "outlets"), "1 outlet");
        assert_eq!(en.count(7, "results"), "7 results");
    }

    use super::*;

    #[test]
    fn dates_and_relative_times_read_naturally() {
        let ar = Prefs::default();
        let en = Prefs {
            english: true,
            arabic_digits: false,
        };
        let t = 1_525_824_000; // 2018-05-09
        assert_eq!(ar.date(t), "٩ مايو ٢٠١٨");
        assert_eq!(en.date(t), "9 May 2018");
        assert_eq!(ar.ago(t, t + 60), "منذ دقيقة");
        assert_eq!(ar.ago(t, t + 120), "منذ دقيقتين");
        assert_eq!(ar.ago(t, t + 3 * 3600), "منذ ٣ ساعات");
        assert_eq!(ar.ago(t, t + 11 * 60), "منذ ١١ دقيقة");
        assert_eq!(ar.ago(t, t + 30 * 3600), "أمس");
        assert_eq!(ar.ago(t, t + 5 * 86_400), "٩ مايو ٢٠١٨");
        assert_eq!(en.ago(t, t + 3 * 3600), "3 h ago");
        let t = t + 14 * 3600 + 5 * 60;
        assert_eq!(ar.clock(t), "١٤:٠٥");
        assert_eq!(en.moment(t, t + 5 * 86_400), "9 May 2018 · 14:05");
        assert_eq!(
            ar.moment(t, t + 3 * 3600),
            "٩ مايو ٢٠١٨ · ١٤:٠٥ · منذ ٣ ساعات"
        );
        assert_eq!(civil(951_782_400), (2000, 2, 29));
        // How long after the first an outlet published.
        assert_eq!(ar.later(30), "الأول");
        assert_eq!(ar.later(8 * 60), "بعد ٨ دقائق");
        assert_eq!(ar.later(2 * 3600 + 100), "بعد ساعتين");
        assert_eq!(ar.later(11 * 3600), "بعد ١١ ساعة");
        assert_eq!(ar.later(86_400), "بعد يوم");
        assert_eq!(ar.later(3 * 86_400), "بعد ٣ أيام");
        assert_eq!(en.later(0), "first");
        assert_eq!(en.later(8 * 60), "+8 min");
        assert_eq!(en.later(50 * 3600), "+2 days");
    }

    #[test]
    fn cookies_choose_language_and_digits() {
        assert_eq!(Prefs::from_cookies(None), Prefs::default());
        let p = Prefs::from_cookies(Some("lang=en"));
        assert!(p.english && !p.arabic_digits);
        let p = Prefs::from_cookies(Some("digits=latin; other=1"));
        assert!(!p.english && !p.arabic_digits);
        assert_eq!(Prefs::default().num(2024), "٢٠٢٤");
        assert_eq!(Prefs::default().t("home"), "الرئيسية");
    }
}
