//! News agencies: the wire services that stories are credited to (رويترز، أ ف ب، واس).
//!
//! One table of Arabic and Latin spellings that extraction (attribution lines and
//! datelines), key phrases (a credit is no topic) and related articles (an agency is no
//! shared subject) read.

/// Known agencies: canonical name and spellings (matched on the lossy-normalized text,
/// so hamza and taa-marbuta variants need not be listed; a leading وكالة or article may
/// be left out).
const AGENCIES: &[(&str, &[&str])] = &[
    ("Reuters", &["رويترز", "رويتر", "reuters"]),
    (
        "AFP",
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
        &["الأناضول", "الاناضول", "وكالة الأناضول", "anadolu", "aa"],
    ),
    ("Sputnik", &["سبوتنيك", "sputnik"]),
    (
        "SPA",
        &["واس", "وكالة الأنباء السعودية", "spa", "saudi press agency"],
    ),
    ("WAM", &["وام", "وكالة أنباء الإمارات", "wam"]),
    ("QNA", &["قنا", "وكالة الأنباء القطرية", "qna"]),
    ("KUNA", &["كونا", "وكالة الأنباء الكويتية", "kuna"]),
    ("Petra", &["بترا", "وكالة الأنباء الأردنية", "petra"]),
    ("SANA", &["سانا", "الوكالة العربية السورية للأنباء", "sana"]),
    (
        "MENA",
        &["أ ش أ", "ا ش ا", "وكالة أنباء الشرق الأوسط", "mena"],
    ),
    ("IRNA", &["إرنا", "ارنا", "وكالة الأنباء الإيرانية", "irna"]),
    ("BNA", &["بنا", "وكالة أنباء البحرين", "bna"]),
    ("ONA", &["العمانية", "وكالة الأنباء العمانية", "ona"]),
    ("MAP", &["لاماب", "وكالة المغرب العربي للأنباء", "map"]),
    ("APS", &["واج", "وكالة الأنباء الجزائرية", "aps"]),
    ("TAP", &["وات", "وكالة تونس أفريقيا للأنباء", "tap"]),
    ("INA", &["واع", "وكالة الأنباء العراقية", "ina"]),
    ("NNA", &["الوكالة الوطنية للإعلام", "nna"]),
    ("SUNA", &["سونا", "وكالة السودان للأنباء", "suna"]),
    ("LANA", &["وال", "وكالة الأنباء الليبية", "lana"]),
    ("WAFA", &["وفا", "وكالة الأنباء الفلسطينية", "wafa"]),
    ("Xinhua", &["شينخوا", "شينخوا", "xinhua"]),
    ("TASS", &["تاس", "tass"]),
    ("RIA Novosti", &["ريا نوفوستي", "ria novosti"]),
    ("dpa", &["د ب أ", "د.ب.أ", "الألمانية", "dpa"]),
    ("EFE", &["إفي", "efe"]),
    ("ANSA", &["أنسا", "ansa"]),
    ("Bloomberg", &["بلومبرغ", "بلومبيرغ", "bloomberg"]),
    ("UPI", &["يو بي آي", "upi"]),
    ("Agencies", &["وكالات", "agencies"]),
];

/// Normalized spelling → canonical agency, built once.
static AGENCY_INDEX: std::sync::LazyLock<rustc_hash::FxHashMap<String, &'static str>> =
    std::sync::LazyLock::new(|| {
        AGENCIES
            .iter()
            .flat_map(|(canon, spellings)| spellings.iter().map(move |s| (norm(s), *canon)))
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

fn norm(s: &str) -> String {
    let mut n = crate::normalize(s.trim());
    n.retain(|c| c != '.' && c != '(' && c != ')' && c != '"' && c != '«' && c != '»');
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::agency;

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
}
