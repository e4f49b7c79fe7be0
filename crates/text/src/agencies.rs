//! News agencies: the wire services that stories are credited to (رويترز، أ ف ب، واس).
//!
//! One table of Arabic and Latin spellings that extraction (attribution lines and
//! datelines), key phrases (a credit is no topic) and related articles (an agency is no
//! shared subject) read.

/// Known agencies: canonical name, the name an Arabic reader knows it by, and spellings
/// (the Arabic name is one too; matched on the lossy-normalized text,
/// so hamza and taa-marbuta variants need not be listed; a leading وكالة or article may
/// be left out).
const AGENCIES: &[(&str, &str, &[&str])] = &[
    ("Reuters", "رويترز", &["رويترز", "رويتر", "reuters"]),
    (
        "AFP",
        "فرانس برس",
        &[
            "أ ف ب",
            "ا ف ب",
            "أ.ف.ب",
            "فرانس برس",
            "فرانس بريس",
            "وكالة الصحافة الفرنسية",
            "وكالة الأنباء الفرنسية",
            "afp",
            "agence france-presse",
            "agence france presse",
        ],
    ),
    (
        "AP",
        "أسوشيتد برس",
        &[
            "أسوشيتد برس",
            "اسوشيتد برس",
            "أسوشييتد برس",
            "أ ب",
            "associated press",
            "ap",
        ],
    ),
    (
        "Anadolu",
        "الأناضول",
        &["الأناضول", "الاناضول", "وكالة الأناضول", "anadolu", "aa"],
    ),
    ("Sputnik", "سبوتنيك", &["سبوتنيك", "sputnik"]),
    (
        "SPA",
        "واس",
        &["واس", "وكالة الأنباء السعودية", "spa", "saudi press agency"],
    ),
    ("WAM", "وام", &["وام", "وكالة أنباء الإمارات", "wam"]),
    ("QNA", "قنا", &["قنا", "وكالة الأنباء القطرية", "qna"]),
    ("KUNA", "كونا", &["كونا", "وكالة الأنباء الكويتية", "kuna"]),
    ("Petra", "بترا", &["بترا", "وكالة الأنباء الأردنية", "petra"]),
    (
        "SANA",
        "سانا",
        &["سانا", "الوكالة العربية السورية للأنباء", "sana"],
    ),
    (
        "MENA",
        "أ ش أ",
        &["أ ش أ", "ا ش ا", "وكالة أنباء الشرق الأوسط", "mena"],
    ),
    (
        "IRNA",
        "إرنا",
        &["إرنا", "ارنا", "وكالة الأنباء الإيرانية", "irna"],
    ),
    ("BNA", "بنا", &["بنا", "وكالة أنباء البحرين", "bna"]),
    (
        "ONA",
        "العمانية",
        &["العمانية", "وكالة الأنباء العمانية", "ona"],
    ),
    (
        "MAP",
        "لاماب",
        &["لاماب", "وكالة المغرب العربي للأنباء", "map"],
    ),
    ("APS", "واج", &["واج", "وكالة الأنباء الجزائرية", "aps"]),
    ("TAP", "وات", &["وات", "وكالة تونس أفريقيا للأنباء", "tap"]),
    ("INA", "واع", &["واع", "وكالة الأنباء العراقية", "ina"]),
    (
        "NNA",
        "الوكالة الوطنية للإعلام",
        &["الوكالة الوطنية للإعلام", "nna"],
    ),
    ("SUNA", "سونا", &["سونا", "وكالة السودان للأنباء", "suna"]),
    ("LANA", "وال", &["وال", "وكالة الأنباء الليبية", "lana"]),
    ("WAFA", "وفا", &["وفا", "وكالة الأنباء الفلسطينية", "wafa"]),
    ("Xinhua", "شينخوا", &["شينخوا", "شينخوا", "xinhua"]),
    ("TASS", "تاس", &["تاس", "tass"]),
    (
        "RIA Novosti",
        "ريا نوفوستي",
        &["ريا نوفوستي", "ria novosti"],
    ),
    ("dpa", "د ب أ", &["د ب أ", "د.ب.أ", "الألمانية", "dpa"]),
    ("EFE", "إفي", &["إفي", "efe"]),
    ("ANSA", "أنسا", &["أنسا", "ansa"]),
    (
        "Bloomberg",
        "بلومبرغ",
        &["بلومبرغ", "بلومبيرغ", "bloomberg"],
    ),
    ("UPI", "يو بي آي", &["يو بي آي", "upi"]),
    ("Agencies", "وكالات", &["وكالات", "agencies"]),
];

/// Normalized spelling → canonical agency, built once.
static AGENCY_INDEX: std::sync::LazyLock<rustc_hash::FxHashMap<String, &'static str>> =
    std::sync::LazyLock::new(|| {
        AGENCIES
            .iter()
            .flat_map(|(canon, ar, spellings)| {
                [canon, ar]
                    .into_iter()
                    .chain(spellings.iter())
                    .map(move |s| (norm(s), *canon))
            })
            .collect()
    });

/// The canonical agency for a name (رويترز → Reuters, وكالة الأنباء السعودية → SPA), if
/// it is one: the name lossy-normalized, dots, brackets and quotes dropped, and tried again
/// without a leading وكالة or article.
pub fn agency(name: &str) -> Option<&'static str> {
    if name.chars().count() > 60 {
        return None;
    }
    let n = norm(name);
    let bare = n.trim_start_matches("وكاله ").trim();
    AGENCY_INDEX
        .get(n.as_str())
        .or_else(|| AGENCY_INDEX.get(bare))
        .or_else(|| AGENCY_INDEX.get(bare.strip_prefix("ال")?))
        .copied()
}

/// An agency's name for an Arabic reader (Reuters → رويترز, SPA → واس, AFP → فرانس برس),
/// given its canonical name or any spelling [`agency`] knows; `None` for a name that is
/// no known agency.
pub fn arabic_name(name: &str) -> Option<&'static str> {
    let canon = agency(name)?;
    AGENCIES
        .iter()
        .find(|(c, _, _)| *c == canon)
        .map(|(_, ar, _)| *ar)
}

/// A paragraph without the dateline it opens with, to show it as a lead — where the
/// outlet wrote and whose copy it is, not what happened: a place and a credit in
/// parentheses before a dash (`دبي، الإمارات العربية المتحدة (CNN)-- أعلنت …`, `بغداد
/// (رويترز) - قال …`), an agency and a place around a dash before a colon (`واس- جدة: التقى
/// …`, `الرياض - واس: …`, `سبق، واس- الباحة: …`). A paragraph that is a dateline alone (`بريدة
/// 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس`, `الرياض - واس`) gives the empty string.
/// Anything else comes back whole: a colon after a speaker (قال الوزير: …) is no dateline.
pub fn without_dateline(paragraph: &str) -> &str {
    let p = paragraph.trim();
    let from = |rest: &str| &p[rest.as_ptr() as usize - p.as_ptr() as usize..];
    let head = crate::prefix(p, 160);
    // A credit in parentheses, then a dash.
    if let Some(open) = head.find('(') {
        if let Some(close) = head[open..].find(')').map(|c| c + open) {
            let inner = head[open + 1..close].trim();
            let before = &head[..open];
            let credit = agency(inner).is_some() || inner.eq_ignore_ascii_case("cnn");
            let rest = head[close + 1..].trim_start_matches(|c: char| c.is_whitespace());
            if credit
                && before.split_whitespace().count() <= 8
                && !before.contains(['.', ':', '"', '«'])
                && rest.starts_with(['-', '–', '—'])
            {
                let rest = rest.trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':')
                });
                return from(rest).trim_start();
            }
        }
    }
    // Names around a dash, one of them an agency: before a colon, or the whole paragraph.
    let dashed = |h: &str| {
        let parts: Vec<&str> = h
            .split(['-', '–', '—', '،', ','])
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect();
        parts.len() >= 2
            && parts.len() <= 4
            && parts.iter().any(|x| agency(x).is_some())
            && parts.iter().all(|x| x.split_whitespace().count() <= 3)
    };
    if let Some((h, rest)) = head.split_once([':', '：']) {
        if h.split_whitespace().count() <= 6 && h.contains(['-', '–', '—']) && dashed(h) {
            return from(rest).trim_start();
        }
    }
    if p.len() <= 120 && !p.contains(['.', ':']) {
        // A city and a date, then the agency: `بريدة 25 شوال … م واس`.
        let last = p.rsplit(' ').next().unwrap_or("");
        let dated = p.chars().any(|c| c.is_numeric()) && agency(last).is_some();
        if dated || dashed(p) {
            return "";
        }
    }
    p
}

/// A body from its news on: the dateline its first paragraph opens with left out (a
/// paragraph that is a dateline alone, whole) — where and by whom it was filed (`دبي،
/// الإمارات العربية المتحدة (CNN)--`, `الرياض - واس:`), not what it is about. For a
/// snippet read from the start, and for the names an article is about.
pub fn from_the_news(body: &str) -> &str {
    let body = body.trim_start();
    let first = body.split('\n').next().unwrap_or("");
    let rest = without_dateline(first);
    if rest.is_empty() {
        return body[first.len()..].trim_start();
    }
    // The paragraph's news is a slice of it, so of the body: the body from there.
    let start = body.as_ptr() as usize;
    match (rest.as_ptr() as usize).checked_sub(start) {
        Some(at) if at + rest.len() <= body.len() && body.is_char_boundary(at) => &body[at..],
        _ => body,
    }
}

fn norm(s: &str) -> String {
    let mut n = crate::normalize(s.trim());
    n.retain(|c| c != '.' && c != '(' && c != ')' && c != '"' && c != '«' && c != '»');
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{agency, arabic_name, from_the_news, without_dateline};

    #[test]
    fn agencies_are_known_by_their_spellings() {
        assert_eq!(agency("رويترز"), Some("Reuters"));
        assert_eq!(agency("(أ.ف.ب)"), Some("AFP"));
        assert_eq!(agency("وكالة رويترز"), Some("Reuters"));
        assert_eq!(agency("الأسوشيتد برس"), Some("AP"));
        assert_eq!(agency("وكالة الأنباء السعودية"), Some("SPA"));
        assert_eq!(agency("وكالة الأنباء الفرنسية"), Some("AFP"));
        assert_eq!(agency("صحيفة المرصد الليبية"), None);
        assert_eq!(agency("العراق"), None);
    }

    #[test]
    fn agencies_have_an_arabic_name() {
        assert_eq!(arabic_name("Reuters"), Some("رويترز"));
        assert_eq!(arabic_name("SPA"), Some("واس"));
        assert_eq!(arabic_name("AFP"), Some("فرانس برس"));
        assert_eq!(arabic_name("أ ف ب"), Some("فرانس برس"));
        assert_eq!(arabic_name("Al Arabiya"), None);
        // Each canonical and Arabic name reads back as its agency.
        for (canon, ar, _) in super::AGENCIES {
            assert_eq!(agency(canon), Some(*canon), "{canon}");
            assert_eq!(agency(ar), Some(*canon), "{ar}");
        }
    }

    #[test]
    fn a_lead_is_shown_without_its_dateline() {
        for (p, shown) in [
            (
                "دبي، الإمارات العربية المتحدة (CNN)-- أعلنت السلطات اليوم",
                "أعلنت السلطات اليوم",
            ),
            ("بغداد (رويترز) - قال مسؤولون إن", "قال مسؤولون إن"),
            (
                "واس- جدة: التقى ولي العهد بالوزير",
                "التقى ولي العهد بالوزير",
            ),
            ("الرياض - واس: استقبل الملك السفير", "استقبل الملك السفير"),
            ("بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس", ""),
            ("الرياض - واس", ""),
            // A speaker's colon, a parenthesis that credits no one, a dash in a sentence.
            ("قال الوزير: الاتفاق قريب", "قال الوزير: الاتفاق قريب"),
            (
                "قال (مسؤول) - إن الاتفاق قريب",
                "قال (مسؤول) - إن الاتفاق قريب",
            ),
            (
                "مباراة الهلال - النصر: موعدها الجمعة",
                "مباراة الهلال - النصر: موعدها الجمعة",
            ),
        ] {
            assert_eq!(without_dateline(p), shown, "{p}");
        }
    }

    #[test]
    fn a_snippet_from_the_start_begins_at_the_news() {
        assert_eq!(
            from_the_news("دبي، الإمارات العربية المتحدة (CNN)-- أعلنت الوزارة اليوم.\nوقال مسؤول."),
            "أعلنت الوزارة اليوم.\nوقال مسؤول."
        );
        // A dateline alone gives way to the next paragraph.
        assert_eq!(
            from_the_news("\nالرياض - واس\n\nوافق مجلس الوزراء على النظام."),
            "وافق مجلس الوزراء على النظام."
        );
        // A speaker's colon is no dateline.
        let said = "قال الوزير: الاتفاق قريب.";
        assert_eq!(from_the_news(said), said);
        assert_eq!(from_the_news(""), "");
    }
}
