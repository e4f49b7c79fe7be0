//! Sentence splitting for Arabic and Latin-script text.
//!
//! A sentence ends at `.`, `!`, `?`, `؟`, `۔` (Urdu full stop), `…` or a line break,
//! when followed by white space or the end of the text. A full stop does not end a
//! sentence inside a number (3.5), after a known abbreviation (Mr., Dr., U.S., د.) or
//! after a single-letter initial (J. K. Rowling).

/// Abbreviations after which a full stop does not end the sentence (lower-case, no dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp",
    "no", "gen", "sen", "rep", "gov", "lt", "col", "capt", "mt", "fig", "approx", "dept", "est",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mme",
    "mlle", "cf", "ca", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "av", "bd", "n°", "ph.d",
    // Arabic: د. (doctor), أ. (professor), م. م (engineer), ص. (page), ج. (part)
    "د", "أ", "ا", "ص", "ج", "أ.د", "ا.د",
];

/// Letters that end sentences although they are single letters: م and هـ mark years (2018م.).
const YEAR_MARKERS: &[&str] = &["م", "هـ", "ه"];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '۔' | '…' | '\n')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '!' | '?' | '؟' | '.' | '…'
    )
}

/// The sentences of `text`, trimmed; empty or letterless pieces are dropped.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_terminator(c) {
            continue;
        }
        if c == '.' && !period_ends_sentence(text, i) {
            continue;
        }
        // Absorb closing punctuation and quotes: «…انتهى.» ends after the ».
        let mut end = i + c.len_utf8();
        if c != '\n' {
            while let Some(&(j, n)) = chars.peek() {
                if is_closer(n) {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            // Must be followed by white space or the end.
            if let Some(&(_, n)) = chars.peek() {
                if !n.is_whitespace() {
                    continue;
                }
            }
        }
        push(&mut out, &text[start..end]);
        start = end;
    }
    push(&mut out, &text[start..]);
    out
}

fn push<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s);
    }
}

/// Whether the full stop at byte `i` ends a sentence.
fn period_ends_sentence(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let after = &text[i + 1..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    // 3.5, 1.000: digits on both sides.
    if prev.is_some_and(|c| c.is_numeric()) && next.is_some_and(|c| c.is_numeric()) {
        return false;
    }
    // The word before the dot (may contain inner dots: U.S). Look back a bounded
    // distance: a megabyte of dots must not cost a quadratic scan.
    let mut from = before.len().saturating_sub(48);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let before = &before[from..];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '«'))
        .map_or(0, |(j, c)| j + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    if YEAR_MARKERS.contains(&lower.as_str()) {
        return true;
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    // A single letter is an initial (J. K.), unless it is a digit.
    let mut cs = word.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        if c.is_alphabetic() {
            return false;
        }
    }
    // Inner dots with single letters: U.S.A, ف.ب.
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_sentences() {
        let s = sentences(
            "توصلت بغداد وواشنطن إلى اتفاق. هل ينسحب التحالف؟ نعم! وقال المسؤول: «انتهى.» ثم غادر",
        );
        assert_eq!(s.len(), 5, "{s:?}");
        assert_eq!(s[3], "وقال المسؤول: «انتهى.»");
    }

    #[test]
    fn numbers_and_abbreviations_do_not_split() {
        assert_eq!(
            sentences("Growth was 3.5 percent. Mr. Smith agreed.").len(),
            2
        );
        assert_eq!(sentences("The U.S. Army left. It was 2011.").len(), 2);
        assert_eq!(
            sentences("قال د. أحمد إن النمو بلغ ٣.٥ بالمئة. وأضاف أن").len(),
            2
        );
        assert_eq!(sentences("J. K. Rowling wrote it.").len(), 1);
    }

    #[test]
    fn year_marker_ends_a_sentence() {
        assert_eq!(sentences("تأسست عام 1932 م. وكانت صغيرة.").len(), 2);
    }

    #[test]
    fn urls_and_lines() {
        assert_eq!(sentences("Visit example.com today.\nSecond line").len(), 2);
        assert_eq!(sentences("").len(), 0);
        assert_eq!(sentences("...").len(), 0);
    }
}
