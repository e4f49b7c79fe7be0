//! Well-known Arabic news outlets by the keys an archive files them under: a feed's or
//! page's host (`skynewsarabia.com`, `www.` left off) or a corpus's source id (`skynews`,
//! `alarabia`), so that a reader sees «سكاي نيوز عربية» rather than a key. A feed that names
//! itself keeps its own name; this is for keys nothing named.

/// Known outlets: the keys they are filed under (lowercase), their Arabic name, their
/// English name.
const OUTLETS: &[(&[&str], &str, &str)] = &[
    (
        &["alarabiya.net", "alarabiya", "alarabia"],
        "العربية",
        "Al Arabiya",
    ),
    (
        &["skynewsarabia.com", "skynews", "skynewsarabia"],
        "سكاي نيوز عربية",
        "Sky News Arabia",
    ),
    (
        &["bbc.com", "bbc.co.uk", "bbc", "bbcarabic"],
        "بي بي سي عربي",
        "BBC Arabic",
    ),
    (
        &["arabic.cnn.com", "cnn", "cnnarabic"],
        "سي إن إن بالعربية",
        "CNN Arabic",
    ),
    (&["france24.com", "france24"], "فرانس 24", "France 24"),
    (&["aljazeera.net", "aljazeera"], "الجزيرة نت", "Al Jazeera"),
    (&["aawsat.com", "aawsat"], "الشرق الأوسط", "Asharq Al-Awsat"),
    (&["aleqt.com", "aleqtisadiya"], "الاقتصادية", "Al Eqtisadiah"),
    (
        &["al-jazirah.com", "aljazirah"],
        "الجزيرة (صحيفة)",
        "Al-Jazirah",
    ),
    (&["al-madina.com", "almadina"], "المدينة", "Al-Madina"),
    (&["alriyadh.com", "alriyadh"], "الرياض", "Al Riyadh"),
    (&["alwatan.com.sa", "alwatan"], "الوطن", "Al Watan"),
    (&["alweeam.com.sa", "alweeam"], "الوئام", "Al Weeam"),
    (&["alyaum.com", "alyaum"], "اليوم", "Al Yaum"),
    (&["okaz.com.sa", "okaz"], "عكاظ", "Okaz"),
    (&["sabq.org", "sabq"], "سبق", "Sabq"),
    (&["spa.gov.sa", "was", "spa"], "واس", "SPA"),
    (
        &["arriyadiyah.com", "arriyadiyah"],
        "الرياضية",
        "Arriyadiyah",
    ),
    (
        &["jawharafm.net", "jawharafm", "jawhara fm"],
        "جوهرة أف أم",
        "Jawhara FM",
    ),
    (&["3alyoum.com", "3alyoum"], "عين اليوم", "3alyoum"),
    (&["arreyadi.com.sa", "arreyadi"], "الرياضي", "Arreyadi"),
    (
        &["independentarabia.com"],
        "إندبندنت عربية",
        "Independent Arabia",
    ),
    (&["arabic.rt.com"], "آر تي عربي", "RT Arabic"),
    (&["alhurra.com"], "الحرة", "Alhurra"),
    (&["youm7.com"], "اليوم السابع", "Youm7"),
    (&["ahram.org.eg"], "الأهرام", "Al-Ahram"),
    (&["almasryalyoum.com"], "المصري اليوم", "Al-Masry Al-Youm"),
    (&["hespress.com"], "هسبريس", "Hespress"),
    (&["alquds.co.uk"], "القدس العربي", "Al-Quds Al-Arabi"),
    (&["annahar.com"], "النهار", "An-Nahar"),
    (&["albayan.ae"], "البيان", "Al Bayan"),
    (&["alkhaleej.ae"], "الخليج", "Al Khaleej"),
];

/// A known outlet's name, in Arabic or English, from the key an archive files it under
/// (any case; a host's `www.` is ignored); `None` for a key this table does not know.
pub fn name(key: &str, english: bool) -> Option<&'static str> {
    let key = key.trim().to_ascii_lowercase();
    let key = key.strip_prefix("www.").unwrap_or(&key);
    OUTLETS
        .iter()
        .find(|(keys, _, _)| keys.contains(&key))
        .map(|(_, ar, en)| if english { *en } else { *ar })
}

/// Whether an organisation's name is a news medium's — an agency (`رويترز`, `وكالة الأنباء
/// السعودية`, `وكالة الأناضول التركية`) or an outlet this table knows, by its name, the
/// two or more words it opens with (`بي بي سي` of `بي بي سي عربي`) or its English name
/// (`CNN`): a source quoted, or an outlet naming itself in its own copy, not what the
/// news is about.
pub fn is_news_medium(name: &str) -> bool {
    if crate::agencies::agency(name).is_some() {
        return true;
    }
    let words: Vec<String> = crate::normalize(name)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    // An agency by its kind (`وكالة … للأنباء`), or a known one with its country after it.
    if first == "وكاله"
        && (words.iter().any(|w| w.ends_with("انباء"))
            || crate::agencies::agency(&words[..words.len() - 1].join(" ")).is_some())
    {
        return true;
    }
    let latin = name.trim().to_ascii_lowercase();
    OUTLETS.iter().any(|(keys, ar, en)| {
        let ar: Vec<String> = crate::normalize(ar)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        // One word names an outlet only whole (المصري is a club, not المصري اليوم).
        (ar.starts_with(&words) && (words.len() >= 2 || ar.len() == 1))
            || en.to_ascii_lowercase().starts_with(&latin)
                && latin.len() >= 3
                && en.len() - latin.len() <= 7
            || keys.contains(&latin.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies_and_known_outlets_are_news_media() {
        for medium in [
            "رويترز",
            "وكالة الأنباء السعودية",
            "وكالة الأناضول التركية",
            "وكالة أنباء الإمارات",
            "بي بي سي",
            "سكاي نيوز عربية",
            "CNN",
            "العربية",
        ] {
            assert!(is_news_medium(medium), "{medium}");
        }
        for other in [
            "البيت الأبيض",
            "وكالة الفضاء الأوروبية",
            "وكالة الطاقة الذرية",
            "الأمم المتحدة",
            "تويتر",
            "المصري",
            "",
        ] {
            assert!(!is_news_medium(other), "{other}");
        }
    }

    #[test]
    fn known_outlets_are_named_from_a_host_or_a_corpus_key() {
        assert_eq!(name("skynews", false), Some("سكاي نيوز عربية"));
        assert_eq!(
            name("www.skynewsarabia.com", false),
            Some("سكاي نيوز عربية")
        );
        assert_eq!(name("BBC", true), Some("BBC Arabic"));
        assert_eq!(name("example.com", false), None);
        // A corpus's source named with a space and capitals.
        assert_eq!(name("Jawhara FM", false), Some("جوهرة أف أم"));
        for (keys, ar, en) in OUTLETS {
            assert!(!ar.is_empty() && !en.is_empty());
            for k in *keys {
                assert_eq!(*k, k.to_ascii_lowercase(), "keys are lowercase");
                assert_eq!(name(k, false), Some(*ar), "{k} is filed once");
            }
        }
    }
}
