//! Attribution lines: who a story came from.
//!
//! News pages credit their sources in short lines (`المصدر: رويترز` — "source: Reuters",
//! `المصدر: صحيفة المرصد الليبية`, `(أ ف ب)`, `- وكالات`) and in datelines at the start of
//! the text (`بغداد (رويترز) -`). These become structured [`Attribution`]s: the name as
//! written, whether it is a news agency or a publisher, and the original text. Agencies are
//! recognised from [`rasid_text::agencies`], a table of Arabic and Latin spellings.

use serde::{Deserialize, Serialize};

/// One credited source.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attribution {
    /// The name as the page writes it (رويترز, صحيفة المرصد الليبية).
    pub name: String,
    pub kind: AttributionKind,
    /// The canonical agency name when the name is a known agency (Reuters, AFP …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// The line it came from.
    pub text: String,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AttributionKind {
    /// A wire service: the origin of the story.
    Agency,
    /// A newspaper, site or broadcaster that (re)published it.
    Publisher,
}

/// Line prefixes that introduce a source: المصدر (the source), المصادر, نقلا عن (quoted from).
const SOURCE_PREFIXES: &[&str] = &[
    "المصدر",
    "المصادر",
    "مصدر الخبر",
    "مصدر",
    "نقلا عن",
    "نقلاً عن",
    "المصدر الأصلي",
    "source",
    "sources",
    "source(s)",
    "via",
    "with reporting by",
    "الكاتب",
    "بقلم",
];

/// The canonical agency for a name, if it is one (see [`rasid_text::agencies`]).
pub use rasid_text::agencies::agency;

fn make(name: &str, text: &str) -> Attribution {
    let name = name
        .trim()
        .trim_matches(|c: char| {
            c.is_ascii_punctuation() || matches!(c, '،' | '«' | '»' | '–' | '—')
        })
        .trim()
        .to_owned();
    let agency = agency(&name);
    Attribution {
        kind: if agency.is_some() {
            AttributionKind::Agency
        } else {
            AttributionKind::Publisher
        },
        agency: agency.map(str::to_owned),
        name,
        text: text.trim().to_owned(),
    }
}

/// `رويترز وأ ف ب` names two agencies, but `وكالة الأنباء السعودية` is one name that
/// starts with و: split on the conjunction only when both sides are agencies.
fn split_conjunction(name: &str) -> Vec<&str> {
    if let Some((a, b)) = name.split_once(" و") {
        if agency(a).is_some() && agency(b).is_some() {
            return vec![a, b];
        }
    }
    vec![name]
}

/// If the whole `line` is an attribution line, the attribution(s) in it.
///
/// `المصدر: رويترز` → Reuters (agency); `(أ ف ب)` → AFP; `- وكالات` → Agencies;
/// `المصدر: صحيفة المرصد الليبية` → a publisher. Long lines are never attribution lines.
pub fn parse_line(line: &str) -> Option<Vec<Attribution>> {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 80 {
        return None;
    }
    let lower = t.to_lowercase();
    for p in SOURCE_PREFIXES {
        if let Some(rest) = lower.strip_prefix(p) {
            let rest_orig = &t[t.len() - rest.len()..];
            let rest_trim = rest_orig.trim_start();
            if let Some(after) = rest_trim
                .strip_prefix(':')
                .or_else(|| rest_trim.strip_prefix('：'))
                .or_else(|| rest_trim.strip_prefix('-'))
                .or_else(|| rest_trim.strip_prefix('–'))
            {
                let names: Vec<Attribution> = after
                    .split([',', '،', '/', '+'])
                    .flat_map(split_conjunction)
                    .map(str::trim)
                    .filter(|n| !n.is_empty() && n.split_whitespace().count() <= 8)
                    .map(|n| make(n, t))
                    .collect();
                if !names.is_empty() && matches!(*p, "الكاتب" | "بقلم") {
                    return None;
                }
                if !names.is_empty() {
                    return Some(names);
                }
            }
        }
    }
    // A bare agency credit: (رويترز), - أ ف ب, وكالات.
    let bare = t.trim_matches(|c: char| {
        matches!(c, '(' | ')' | '[' | ']' | '-' | '–' | '—' | '*' | '|' | ' ')
    });
    let names: Vec<&str> = bare
        .split(['،', ',', '/', '+'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    if !names.is_empty() && names.iter().all(|n| agency(n).is_some()) {
        return Some(names.iter().map(|n| make(n, t)).collect());
    }
    None
}

/// An agency credited in a dateline at the start of a paragraph:
/// `بغداد (رويترز) - قال…`, `PARIS (AFP) -`, `واشنطن - أ ف ب:`.
pub fn dateline(paragraph: &str) -> Option<Attribution> {
    let head: String = paragraph.chars().take(60).collect();
    let open = head.find('(')?;
    let close = head[open..].find(')')? + open;
    let inner = &head[open + 1..close];
    let canon = agency(inner)?;
    let _ = canon;
    Some(make(inner, &head[..close + 1]))
}

/// A paragraph without the dateline it opens with (see [`rasid_text::agencies`]).
pub use rasid_text::agencies::without_dateline;

/// The agencies a plain text credits where wire copy credits them: a dateline in its first
/// lines (`الرياض - واس`, `واس- الأحساء:`, `سبق- وكالات:`, `د ب أ- الرياض:`, a city and a
/// date ending in `واس`, `بغداد (رويترز) -`) and a credit line at its end (`(أ ف ب)`,
/// `المصدر: رويترز`, `فرانس24/ أ ف ب`, a last paragraph ending in `(واس)`). For texts that
/// come without a page (JSONL records, feed items with their text): a page's attribution
/// lines and datelines are found by extraction. Each agency once, in the order found.
pub fn in_text(text: &str) -> Vec<Attribution> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out: Vec<Attribution> = Vec::new();
    let mut add = |a: Attribution| {
        if a.agency.is_some() && !out.iter().any(|x| x.agency == a.agency) {
            out.push(a);
        }
    };
    for line in lines.iter().take(2) {
        if let Some(a) = dateline(line) {
            add(a);
        }
        // The dateline's head: what comes before the first colon, or the whole line when
        // it is short (a city and a date, then the agency, on a line of their own).
        let head = match line.split_once([':', '：']) {
            Some((h, _)) => h,
            None if line.split_whitespace().count() <= 14 => line,
            None => continue,
        };
        if head.split_whitespace().count() > 14 {
            continue;
        }
        for part in head.split(['-', '–', '—', 'ـ', '/']) {
            let part = part.trim();
            if agency(part).is_some() {
                add(make(part, head));
            } else if let Some(last) = part.rsplit(' ').next() {
                // A city and a date, then the agency: `الرياض 26 شوال … م واس`.
                let dated = part.chars().any(|c| c.is_numeric());
                if dated && part.split_whitespace().count() > 3 && agency(last).is_some() {
                    add(make(last, head));
                }
            }
        }
    }
    for line in lines.iter().rev().take(2) {
        if let Some(found) = parse_line(line) {
            found.into_iter().for_each(&mut add);
            continue;
        }
        // Publisher and agencies: `فرانس24/ أ ف ب/ رويترز`.
        if line.split_whitespace().count() <= 8 && line.contains('/') {
            let parts: Vec<&str> = line.split('/').map(str::trim).collect();
            if parts.iter().skip(1).all(|p| agency(p).is_some()) {
                parts.iter().skip(1).for_each(|p| add(make(p, line)));
                continue;
            }
        }
        // A paragraph that ends with its credit: `… الأسبوع المقبل. (واس)`.
        if let Some(open) = line.trim_end().strip_suffix(')').and_then(|l| l.rfind('(')) {
            let inner = &line[open + 1..line.trim_end().len() - 1];
            if agency(inner).is_some() {
                add(make(inner, &line[open..]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_in_plain_text() {
        let agencies =
            |t: &str| -> Vec<String> { in_text(t).into_iter().filter_map(|a| a.agency).collect() };
        let body = "نص الخبر الأول عن الاجتماع.\nوأضاف المتحدث أن الاجتماع مثمر.";
        assert!(agencies(body).is_empty());
        assert_eq!(agencies(&format!("واس- الأحساء: {body}")), ["SPA"]);
        assert_eq!(agencies(&format!("سبق- وكالات: {body}")), ["Agencies"]);
        assert_eq!(agencies(&format!("د ب أ- الرياض: {body}")), ["dpa"]);
        assert_eq!(
            agencies(&format!(
                "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس\n{body}"
            )),
            ["SPA"]
        );
        assert_eq!(agencies(&format!("بغداد (رويترز) - {body}")), ["Reuters"]);
        assert_eq!(agencies(&format!("{body}\n(أ ف ب)")), ["AFP"]);
        assert_eq!(
            agencies(&format!("{body}\nفرانس24/ أ ف ب/ رويترز")),
            ["AFP", "Reuters"]
        );
        assert_eq!(agencies(&format!("{body} (واس)")), ["SPA"]);
        // A sentence that names an agency is no credit: quoted, not copied.
        assert!(agencies(&format!("ذكرت وكالة رويترز أن المحادثات ستستأنف غدا في جنيف بعد توقف دام أسبوعين بين الطرفين.\n{body}")).is_empty());
    }

    #[test]
    fn source_lines() {
        let a = parse_line("المصدر : رويترز").unwrap();
        assert_eq!(a[0].name, "رويترز");
        assert_eq!(a[0].kind, AttributionKind::Agency);
        assert_eq!(a[0].agency.as_deref(), Some("Reuters"));
        let spa = parse_line("المصدر: وكالة الأنباء السعودية").unwrap();
        assert_eq!(spa.len(), 1);
        assert_eq!(spa[0].agency.as_deref(), Some("SPA"));
        let two = parse_line("المصدر: رويترز وأ ف ب").unwrap();
        assert_eq!(two.len(), 2);
        let p = parse_line("المصدر: صحيفة المرصد الليبية").unwrap();
        assert_eq!(p[0].name, "صحيفة المرصد الليبية");
        assert_eq!(p[0].kind, AttributionKind::Publisher);
    }

    #[test]
    fn bare_credits() {
        assert_eq!(
            parse_line("(أ ف ب)").unwrap()[0].agency.as_deref(),
            Some("AFP")
        );
        assert_eq!(
            parse_line("- وكالات").unwrap()[0].agency.as_deref(),
            Some("Agencies")
        );
        assert_eq!(
            parse_line("وكالة الأناضول").unwrap()[0].agency.as_deref(),
            Some("Anadolu")
        );
        assert_eq!(
            parse_line("Source: Reuters").unwrap()[0].agency.as_deref(),
            Some("Reuters")
        );
    }

    #[test]
    fn ordinary_sentences_are_not_attributions() {
        assert!(
            parse_line("وقال مسؤول أميركي كبير إن الاتفاق ينتظر موافقة نهائية من البلدين.")
                .is_none()
        );
        assert!(parse_line("العراق").is_none());
    }

    #[test]
    fn datelines() {
        let a = dateline("بغداد (رويترز) - قال مسؤولون إن").unwrap();
        assert_eq!(a.agency.as_deref(), Some("Reuters"));
        assert!(dateline("قال (مسؤول) إن").is_none());
    }
}
