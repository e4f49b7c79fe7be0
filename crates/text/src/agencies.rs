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

fn norm(s: &str) -> String {
    let mut n = crate::normalize(s.trim());
    n.retain(|c| c != '.' && c != '(' && c != ')' && c != '"' && c != '«' && c != '»');
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{agency, arabic_name};

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
}
