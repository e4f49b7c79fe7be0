//! Present-tense verbs (يعلن، تدعو، يطلقون): a headline's verb is what happened, not what
//! the article is about, so key phrases and the reasons of related articles stop at it.
//! The list is learned from the corpora (see [`learn`]): Arabic verbs take no article and
//! conjugate, names and nouns do neither.

/// Present-tense verbs learned from the corpora (`rasid-eval lexicon --verbs-out
/// crates/text/data/verbs_learned.txt`, with [`learn`]), normalized: a headline's
/// verb (البنتاغون ينفي، يبحث التعاون العسكري) is no topic, so phrases stop at it.
pub const LEARNED: &str = include_str!("../data/verbs_learned.txt");

/// The learned verbs and the [`SHORT`] ones, hashed and sorted.
static VERB_HASHES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut h: Vec<u64> = LEARNED
        .split_whitespace()
        .chain(SHORT.iter().copied())
        .map(crate::hash64)
        .collect();
    h.sort_unstable();
    h
});

/// Present-tense verbs of three letters, which [`learn`] leaves out (as many names and
/// nouns of three letters read so: يمن، تمر، تيم): the frequent ones of news, the ي and ت
/// persons (normalized: يري for يرى). Not after ف: فيصل is a name.
const SHORT: &[&str] = &[
    "يتم", "تتم", "يجب", "يصل", "تصل", "يرد", "ترد", "يضم", "تضم", "يقر", "تقر", "يقف", "تقف",
    "يعد", "تعد", "يجد", "تجد", "يصف", "تصف", "يري", "تري", "يحق", "يضع", "تضع", "يقع", "تقع",
    "يشن", "تشن", "ينص", "تنص", "يدل", "تدل", "يحث", "تحث", "يخص", "تخص", "يمر", "يحل", "تحل",
    "يحب", "تحب", "يبث", "تبث", "يهز", "تهز", "يضر", "تضر", "يقل", "تقل",
];

fn known(w: &str) -> bool {
    VERB_HASHES.binary_search(&crate::hash64(w)).is_ok()
}

/// Whether a normalized word is a verb: a learned present-tense verb, also after و or ف
/// and then س or ل (وسيعلن، ليبحث), or the past of one (see [`is_past`]), also after و or ف
/// (وأعلنت).
pub fn is_verb(norm: &str) -> bool {
    if norm.len() > 30 {
        return false;
    }
    let rest = norm.strip_prefix(['و', 'ف']).unwrap_or(norm);
    let present = norm.starts_with(['ي', 'ت', 'و', 'ف', 'س', 'ل'])
        && (known(norm)
            || (rest.len() < norm.len()
                && known(rest)
                && !(norm.starts_with('ف') && SHORT.contains(&rest)))
            || rest.strip_prefix(['س', 'ل']).is_some_and(known)
            || is_future(rest));
    present || is_past(norm) || (rest.len() < norm.len() && is_past(rest))
}

/// Whether a normalized word (its و or ف taken off) is the future of a learned present in
/// the first person plural or another person of ت (سنبحث، سنكون، ستحل — of يبحث، يكون،
/// يحل): after the future's س no noun reads so. The first person singular's ا is left
/// out, names read so (سالم، سامي).
fn is_future(rest: &str) -> bool {
    rest.strip_prefix('س')
        .and_then(|r| r.strip_prefix(['ن', 'ت']))
        .is_some_and(|r| r.chars().nth(1).is_some() && known(&format!("ي{r}")))
}

/// Whether a normalized word is the past of a learned present-tense verb: a feminine
/// singular (أعلنت، تراجعت) or a plural (قالوا، غادروا) whose present's third person
/// singular (يعلن، يتراجع، يقول's look-alike يقال, يغادر) is learned — from the
/// past's stem with ي before it, or in place of its ا (انسحبت → ينسحب، استهدفت → يستهدف،
/// انتهت → ينتهي), or a defective one's of three letters (جرت → يجري، دعت → يدعو).
/// Never a word of the article (البيت) or of the feminine plural (حركات): nouns.
pub fn is_past(norm: &str) -> bool {
    if norm.starts_with("ال") || norm.ends_with("ات") {
        return false;
    }
    let Some(stem) = norm.strip_suffix("وا").or_else(|| norm.strip_suffix('ت')) else {
        return false;
    };
    if stem.chars().nth(1).is_none() {
        return false;
    }
    let singular = |w: String| !w.ends_with("ون") && !w.ends_with("ان") && known(&w);
    // A defective verb of three letters drops its last: جرت → يجري، دعت → يدعو.
    if stem.chars().nth(2).is_none()
        && norm.ends_with('ت')
        && (singular(format!("ي{stem}ي")) || singular(format!("ي{stem}و")))
    {
        return true;
    }
    // (A derived form's defective verb drops its last ي in the past: انتهت → ينتهي,
    // استدعت → يستدعي.)
    singular(format!("ي{stem}"))
        || stem
            .strip_prefix('ا')
            .is_some_and(|r| singular(format!("ي{r}")) || singular(format!("ي{r}ي")))
}

/// Whether a normalized word is the masculine past of a hollow verb whose present is
/// learned: قام (يقوم), عاد (يعود), سار (يسير), of its causative form أشار (يشير), أفاد
/// (يفيد), and of its form X استعان (يستعين). Other masculine pasts are left alone: with
/// ي before them many names are verbs too (حسن → يحسن، حمد → يحمد، صالح → يصالح).
pub fn is_hollow_past(norm: &str) -> bool {
    let c: Vec<char> = norm.chars().collect();
    let present = |a: char, b: char| known(&format!("ي{a}و{b}")) || known(&format!("ي{a}ي{b}"));
    match c[..] {
        [a, 'ا', b] => present(a, b),
        ['ا', a, 'ا', b] => known(&format!("ي{a}ي{b}")),
        // (And of its form X: استعان، استقال — يستعين، يستقيل.)
        ['ا', 'س', 'ت', a, 'ا', b] => known(&format!("يست{a}ي{b}")),
        _ => false,
    }
}

/// Least occurrences of a verb's form (and of its other person, `ت` for `ي`) for
/// [`learn`]…
pub const VERB_MIN: u64 = 3;
/// …the least share of the form's occurrences its other person has, either way (a
/// name's look-alike is rare beside it: يانغ 851, تانغ 2; توني 199, يوني 7)…
pub const VERB_MIN_OTHER_SHARE: f64 = 0.05;
/// …the least occurrences of its plural or dual forms together, or of its future (سيعلن،
/// وسيعلن)…
pub const VERB_MIN_PLURAL: u64 = 2;
/// …and the most its form with the article may have, as a share of its own: a verb
/// never takes the article.
pub const VERB_MAX_DEFINITE_SHARE: f64 = 0.05;

/// Present-tense verbs among normalized word counts: a word of a `ي` or `ت` and three
/// letters or more whose other person (تعلن for يعلن) and plural or dual forms (يعلنون،
/// يعلنان، تعلنان; يدعون for يدعو) or future (سيعلن) are seen too, and which hardly ever
/// takes the article.
/// Names fail it (يونس has تونس but no يونسون; يوفنتوس neither; توني has يونيون but
/// few يوني), and so do the nouns of a ت (تقرير، تحقيق: no يقرير). The plural and dual
/// forms seen are verbs too.
pub fn learn<S: std::hash::BuildHasher>(
    counts: &std::collections::HashMap<String, u64, S>,
) -> Vec<String> {
    let n = |w: &str| counts.get(w).copied().unwrap_or(0);
    let mut out = Vec::new();
    for (w, &count) in counts {
        let Some(rest) = w.strip_prefix('ي').or_else(|| w.strip_prefix('ت')) else {
            continue;
        };
        if count < VERB_MIN || rest.chars().nth(2).is_none() {
            continue;
        }
        let other = if w.starts_with('ي') {
            format!("ت{rest}")
        } else {
            format!("ي{rest}")
        };
        let mut plurals = vec![
            format!("ي{rest}ون"),
            format!("ي{rest}ان"),
            format!("ت{rest}ان"),
        ];
        if let Some(stem) = rest.strip_suffix(['و', 'ي']) {
            plurals.push(format!("ي{rest}ن"));
            plurals.push(format!("ي{stem}ون"));
        }
        let plural: u64 = plurals.iter().map(|p| n(p)).sum();
        let future: u64 = ["س", "وس", "فس"]
            .iter()
            .map(|f| n(&format!("{f}{w}")))
            .sum();
        let no_article =
            |w: &str| n(&format!("ال{w}")) as f64 <= VERB_MAX_DEFINITE_SHARE * n(w) as f64;
        let (a, b) = (count as f64, n(&other) as f64);
        if b >= VERB_MIN as f64
            && b >= VERB_MIN_OTHER_SHARE * a
            && a >= VERB_MIN_OTHER_SHARE * b
            && plural.max(future) >= VERB_MIN_PLURAL
            && no_article(w)
        {
            out.push(w.clone());
            out.extend(plurals.into_iter().filter(|p| n(p) > 0 && no_article(p)));
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_learned_from_their_persons_and_plurals() {
        let counts: std::collections::HashMap<String, u64> = [
            ("يعلن", 40),
            ("تعلن", 30),
            ("يعلنون", 3),
            // A verb known by its future.
            ("يهبط", 30),
            ("تهبط", 20),
            ("سيهبط", 2),
            // A name with a look-alike of the other person, seldom seen.
            ("توني", 200),
            ("يوني", 4),
            ("يونيون", 20),
            // A noun of a ت: no other person.
            ("تقرير", 90),
            ("التقرير", 80),
            // A verb (تمنى) whose plural's look-alike takes the article (اليمنيون).
            ("يمني", 50),
            ("اليمني", 60),
            ("تمني", 10),
            ("يمنيون", 10),
            ("اليمنيون", 9),
        ]
        .into_iter()
        .map(|(w, n)| (w.to_owned(), n))
        .collect();
        assert_eq!(learn(&counts), ["تعلن", "تمني", "يعلن", "يعلنون", "يهبط"]);
        assert!(is_verb("يعلن") && is_verb("وسيعلن") && is_verb("ليبحث"));
        assert!(is_hollow_past("قام") && is_hollow_past("عاد") && is_hollow_past("اشار"));
        assert!(!is_hollow_past("سامي") && !is_hollow_past("حسن") && !is_hollow_past("ناصر"));
        assert!(!is_verb("يوسف") && !is_verb("تونس") && !is_verb("توني"));
        // Short presents are written in, and their pasts and futures follow; فيصل is a name.
        assert!(is_verb("يتم") && is_verb("تمت") && is_verb("ستصل") && is_verb("ويصل"));
        assert!(!is_verb("فيصل") && !is_verb("تمر") && !is_verb("يمن"));
        // The future in other persons, of a learned present.
        assert!(is_verb("سنعلن") && is_verb("وستعلن"));
        assert!(!is_verb("سنوات") && !is_verb("سنه") && !is_verb("سالم"));
    }

    #[test]
    fn the_past_of_a_learned_present_is_a_verb() {
        // Learned presents in the shipped list.
        for present in ["يتراجع", "يستهدف", "ينسحب", "يغادر"] {
            assert!(is_verb(present), "{present} should be learned");
        }
        for past in [
            "تراجعت",
            "استهدفت",
            "انسحبت",
            "غادروا",
            "وتراجعت",
            "فغادروا",
            // A derived form's defective verb: ينتهي، يستدعي.
            "انتهت",
            "وانتهت",
            "استدعت",
            // A defective verb of three letters: يجري، يدعو.
            "جرت",
            "دعت",
        ] {
            assert!(is_verb(past), "{past}");
        }
        // A hollow verb's masculine past, of form X too (يستعين).
        assert!(is_hollow_past("قام") && is_hollow_past("استعان"));
        // Nouns and names that end like a past: the article, a feminine plural, a place
        // or a name whose ي-form is no learned verb.
        for noun in [
            "البيت",
            "الكويت",
            "بيروت",
            "حركات",
            "مبادرات",
            "وقت",
            "صوت",
            "برنت",
        ] {
            assert!(!is_verb(noun), "{noun}");
        }
    }
}
