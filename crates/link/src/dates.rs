//! Dates are no evidence of an event: every article of a day writes the day. Wire copy
//! opens with a dateline (`الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس`), and
//! the pairs of its terms (`26 شوال`, `11 اغسطس`) are rare in the archive as a whole, so
//! they weighed like a name: an agency's short items of one day on a bourse, a judo
//! squad and a press review shared a third of their title+lead vector and became one
//! story. [`drop_dates`] takes the dates out of the terms linking reads.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// Month names as outlets write them: the Egyptian and Gulf names of the Gregorian months,
/// the Levantine and Maghrebi ones, the Hijri months, English and French. Many are words
/// or names too (رمضان، رجب، صفر، آب، mars), so a month counts only with its day before
/// it or its year after it.
const MONTHS: &str = "يناير فبراير مارس أبريل ابريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس \
    اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب \
    أيلول تشرين جانفي فيفري أفريل ماي جوان جويلية أوت محرم صفر ربيع جمادى رجب شعبان رمضان \
    شوال القعدة الحجة january february march april may june july august september october \
    november december janvier février mars avril mai juin juillet août septembre octobre \
    novembre décembre";

/// Months that are common words or names too, and that outlets seldom write without the
/// year (رمضان, a score of ٣ صفر): a date only with the year after them.
const WEAK_MONTHS: &str = "محرم صفر رجب رمضان آب ماي";

/// The second word of two-word months (كانون الثاني، تشرين الأول، ربيع الآخر، جمادى
/// الأولى).
const MONTH_ORDINALS: &str = "الأول الثاني الآخر الأولى الآخرة";

/// The word between a Hijri and a Gregorian date (`… هـ الموافق 11 أغسطس`).
const EQUALS: &str = "الموافق";

struct Words {
    months: FxHashSet<u64>,
    weak: FxHashSet<u64>,
    ordinals: FxHashSet<u64>,
    equals: FxHashSet<u64>,
    days: FxHashSet<u64>,
    years: FxHashSet<u64>,
}

fn hashes(text: &str) -> FxHashSet<u64> {
    crate::stems(text, usize::MAX).into_iter().collect()
}

fn numbers(range: std::ops::RangeInclusive<u32>, padded: bool) -> FxHashSet<u64> {
    range
        .flat_map(|n| {
            let mut forms = vec![n.to_string()];
            if padded && n < 10 {
                forms.push(format!("0{n}"));
            }
            forms
        })
        .map(|s| crate::term_hash(&s))
        .collect()
}

static WORDS: LazyLock<Words> = LazyLock::new(|| Words {
    months: hashes(MONTHS),
    weak: hashes(WEAK_MONTHS),
    ordinals: hashes(MONTH_ORDINALS),
    equals: hashes(EQUALS),
    days: numbers(1..=31, true),
    // Hijri and Gregorian years.
    years: numbers(1380..=1480, false)
        .into_iter()
        .chain(numbers(1900..=2100, false))
        .collect(),
});

/// Drops the dates from a sequence of term hashes (stems of content words, in text order):
/// a month with the day before it and the year after it, and the word that equates two
/// dates.
pub(crate) fn drop_dates(terms: &mut Vec<u64>) {
    let w = &*WORDS;
    if !terms.iter().any(|t| w.months.contains(t)) {
        return;
    }
    let mut drop = vec![false; terms.len()];
    for i in 0..terms.len() {
        if !w.months.contains(&terms[i]) {
            continue;
        }
        let day = i > 0 && w.days.contains(&terms[i - 1]);
        // The month's second word, if it has one.
        let end = if terms.get(i + 1).is_some_and(|t| w.ordinals.contains(t)) {
            i + 1
        } else {
            i
        };
        let year = terms.get(end + 1).is_some_and(|t| w.years.contains(t));
        if !year && (!day || w.weak.contains(&terms[i])) {
            continue;
        }
        let from = if day { i - 1 } else { i };
        let to = if year { end + 1 } else { end };
        drop[from..=to].iter_mut().for_each(|d| *d = true);
        // `… 1436 الموافق 11 أغسطس`: the word before this date, after another.
        if from >= 2 && w.equals.contains(&terms[from - 1]) && drop[from - 2] {
            drop[from - 1] = true;
        }
    }
    let mut keep = drop.iter().map(|d| !d);
    terms.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn without_dates(text: &str) -> Vec<u64> {
        let mut t = crate::stems(text, usize::MAX);
        drop_dates(&mut t);
        t
    }

    #[test]
    fn a_dateline_leaves_its_city_and_agency() {
        assert_eq!(
            without_dates("الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس"),
            crate::stems("الرياض واس", usize::MAX)
        );
        assert_eq!(
            without_dates("بيروت في ١٢ كانون الثاني 2018 أعلن الجيش"),
            crate::stems("بيروت في أعلن الجيش", usize::MAX)
        );
        assert_eq!(
            without_dates("PARIS, 12 March 2018 — the minister"),
            crate::stems("PARIS the minister", usize::MAX)
        );
    }

    #[test]
    fn a_month_without_its_day_or_year_is_a_word() {
        for text in [
            "حلول شهر رمضان المبارك",
            "رجب طيب أردوغان",
            "فاز الفريق بنتيجة 3 صفر",
            "قتل 26 شخصا في مارس الماضي",
        ] {
            assert_eq!(
                without_dates(text),
                crate::stems(text, usize::MAX),
                "{text}"
            );
        }
    }
}
