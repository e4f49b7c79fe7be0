//! The tokenizer: splits raw text into words, numbers, URLs, emails, hashtags and mentions.
//!
//! It works on the raw (un-normalized) text so that every token carries its byte span in
//! the original, which highlighting and snippets need. Diacritics, tatweel and zero-width
//! joiners inside a word stay part of that word; the normalizer removes them afterwards.
//! Arabic punctuation (، ؛ ؟ ٪ …) separates words like its Latin counterparts.

use serde::Serialize;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A run of letters (with marks) in one script.
    Word,
    /// Digits, with inner decimal/thousands separators: 3.5, 1,000, ٢٠١٨.
    Number,
    /// http(s):// or www. address, kept whole.
    Url,
    /// An e-mail address, kept whole.
    Email,
    /// A word that came from a hashtag: `#عاصي_الحلاني` gives عاصي and الحلاني.
    Hashtag,
    /// A word that came from an @mention.
    Mention,
}

/// The writing system of a word token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Arabic,
    Latin,
    Other,
    /// Numbers, URLs, emails.
    None,
}

/// One token: a slice of the input with its byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte offset of `text` in the input.
    pub start: usize,
    pub kind: TokenKind,
    pub script: Script,
}

impl Token<'_> {
    /// Byte offset just past the token.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// All tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut v = Vec::new();
    for_each_token(text, |t| v.push(t));
    v
}

/// Calls `f` for every token of `text`, in order, without allocating.
pub fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(Token<'a>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\n' || b == b'\t' || b == b'\r' {
            i += 1;
            continue;
        }
        let (end, plain) = chunk_end(text, i);
        if let Some(word_end) = plain {
            // The common case: a word of plain Arabic letters, perhaps with punctuation
            // after it — one token, without classifying its letters one by one.
            f(Token {
                text: &text[i..word_end],
                start: i,
                kind: TokenKind::Word,
                script: Script::Arabic,
            });
            i = end;
            continue;
        }
        if end == i {
            // A non-ASCII white-space character (e.g. NBSP).
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        if b < 0x80 {
            // Only chunks that start with ASCII can be URLs, e-mails, hashtags or mentions…
            chunk(text, i, end, &mut f);
        } else if is_wrapping_punct(text[i..].chars().next().unwrap_or(' ')) {
            // …or with an opening quote or bracket around one.
            chunk(text, i, end, &mut f);
        } else {
            words(text, i, end, TokenKind::Word, &mut f);
        }
        i = end;
    }
}

/// The end of the white-space-free run starting at byte `start`, and, when the run is a
/// word of plain Arabic letters (U+0621–U+063A, U+0641–U+064A: no marks, tatweel or
/// digits) followed by nothing but punctuation (`العراق،`, `بغداد.`), where that word
/// ends: the run is that one word as it stands.
#[inline]
fn chunk_end(text: &str, start: usize) -> (usize, Option<usize>) {
    let bytes = text.as_bytes();
    let mut j = start;
    // Whether the run read so far is plain letters then punctuation, and where the
    // letters ended (`None`: still in them).
    let mut plain = true;
    let mut word_end: Option<usize> = None;
    while j < bytes.len() {
        let b = bytes[j];
        if b < 0x80 {
            if b == b' ' || b == b'\n' || b == b'\t' || b == b'\r' || b == 0x0B || b == 0x0C {
                return (j, plain_word(start, j, word_end, plain));
            }
            plain &= !b.is_ascii_alphanumeric();
            word_end.get_or_insert(j);
            j += 1;
        } else if (0xD8..=0xDB).contains(&b) {
            // Arabic block (U+0600–U+06FF): two bytes, never white space.
            if plain {
                let next = bytes.get(j + 1).copied().unwrap_or(0);
                let letter = match b {
                    0xD8 => (0xA1..=0xBA).contains(&next),
                    0xD9 => (0x81..=0x8A).contains(&next),
                    _ => false,
                };
                // Arabic comma, semicolon, question mark.
                let punct = b == 0xD8 && matches!(next, 0x8C | 0x9B | 0x9F);
                if punct {
                    word_end.get_or_insert(j);
                } else {
                    plain = letter && word_end.is_none();
                }
            }
            j += 2;
        } else {
            let c = text[j..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                return (j, plain_word(start, j, word_end, plain));
            }
            plain = false;
            j += c.len_utf8();
        }
    }
    (bytes.len(), plain_word(start, bytes.len(), word_end, plain))
}

/// The end of the plain word [`chunk_end`] found in `start..end`, if it found one.
#[inline]
fn plain_word(start: usize, end: usize, word_end: Option<usize>, plain: bool) -> Option<usize> {
    let word_end = word_end.unwrap_or(end);
    (plain && word_end > start).then_some(word_end)
}

/// Characters that may surround a URL or e-mail and are not part of it.
fn is_wrapping_punct(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '"'
            | '\''
            | '«'
            | '»'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '،'
            | '؛'
            | '؟'
            | '…'
    )
}

/// Handles one whitespace-free chunk of the input at `text[start..end]`.
fn chunk<'a>(text: &'a str, start: usize, end: usize, f: &mut impl FnMut(Token<'a>)) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(is_wrapping_punct).len();
    let trimmed = s[lead..].trim_end_matches(is_wrapping_punct);
    if !trimmed.is_empty() {
        let t0 = start + lead;
        if let Some(len) = url_len(trimmed) {
            f(Token {
                text: &text[t0..t0 + len],
                start: t0,
                kind: TokenKind::Url,
                script: Script::None,
            });
            if t0 + len < end {
                words(text, t0 + len, end, TokenKind::Word, f);
            }
            return;
        }
        if is_email(trimmed) {
            f(Token {
                text: trimmed,
                start: t0,
                kind: TokenKind::Email,
                script: Script::None,
            });
            return;
        }
        let mut cs = trimmed.chars();
        let first = cs.next();
        let second = cs.next();
        if let (Some(sigil @ ('#' | '@' | '＃')), Some(c2)) = (first, second) {
            if c2.is_alphanumeric() {
                let kind = if sigil == '@' {
                    TokenKind::Mention
                } else {
                    TokenKind::Hashtag
                };
                let body = t0 + sigil.len_utf8();
                words(text, body, t0 + trimmed.len(), kind, f);
                return;
            }
        }
    }
    words(text, start, end, TokenKind::Word, f);
}

/// Length in bytes of the URL at the start of `s`, if `s` starts with one.
fn url_len(s: &str) -> Option<usize> {
    let lower_prefix =
        |p: &str| s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let scheme = if lower_prefix("https://") {
        8
    } else if lower_prefix("http://") {
        7
    } else if lower_prefix("www.") {
        4
    } else {
        return None;
    };
    if s.len() <= scheme {
        return None;
    }
    // Keep a closing parenthesis only if the URL opened one (Wikipedia-style links).
    let mut len = s.len();
    if s.ends_with(')') && !s.contains('(') {
        len -= 1;
    }
    Some(len)
}

fn is_email(s: &str) -> bool {
    let Some(at) = s.find('@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// Classification of one character for word splitting.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Letter(Script),
    Digit,
    /// Marks, tatweel, ZWNJ/ZWJ: belong to the word they sit in.
    Joiner,
    Sep,
}

#[inline]
fn classify(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Class::Letter(Script::Latin)
        } else if c.is_ascii_digit() {
            Class::Digit
        } else {
            Class::Sep
        };
    }
    match c {
        // The common case first: a plain Arabic letter.
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Class::Letter(Script::Arabic),
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' | '\u{FF10}'..='\u{FF19}' => Class::Digit,
        '\u{0640}' | '\u{200C}' | '\u{200D}' => Class::Joiner,
        c if crate::normalize::is_arabic_mark(c) => Class::Joiner,
        c if is_letter(c) => Class::Letter(script_of(c)),
        c if unicode_normalization::char::is_combining_mark(c) => Class::Joiner,
        // Soft hyphen, bidi marks inside a word: invisible, keep the word whole.
        c if crate::normalize::is_invisible(c) => Class::Joiner,
        _ => Class::Sep,
    }
}

/// Whether `c` is a letter, answering the common Arabic letters without the Unicode
/// table lookup that `char::is_alphabetic` needs outside ASCII (it dominated profiles).
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0000}'..='\u{007F}' => false,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' => true,
        '\u{0600}'..='\u{061F}' | '\u{064B}'..='\u{0670}' | '\u{06D4}' => false,
        '\u{0640}' => false,
        _ => c.is_alphabetic(),
    }
}

/// The script of a letter.
pub fn script_of(c: char) -> Script {
    match c {
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => Script::Arabic,
        'a'..='z'
        | 'A'..='Z'
        | '\u{00C0}'..='\u{024F}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{FF21}'..='\u{FF5A}' => Script::Latin,
        _ => Script::Other,
    }
}

#[inline]
fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
}

/// Splits `text[start..end]` into word and number tokens of the given kind.
fn words<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    kind: TokenKind,
    f: &mut impl FnMut(Token<'a>),
) {
    let s = &text[start..end];
    // Current run: (start byte within s, class of run).
    let mut run: Option<(usize, Class)> = None;
    let mut iter = s.char_indices().peekable();
    let emit = |from: usize, to: usize, class: Class, f: &mut dyn FnMut(Token<'a>)| {
        if from >= to {
            return;
        }
        let (k, script) = match class {
            Class::Letter(sc) => (kind, sc),
            Class::Digit => (
                if kind == TokenKind::Word {
                    TokenKind::Number
                } else {
                    kind
                },
                Script::None,
            ),
            _ => return,
        };
        f(Token {
            text: &text[start + from..start + to],
            start: start + from,
            kind: k,
            script,
        });
    };
    let mut sink = |t: Token<'a>| f(t);
    while let Some((j, c)) = iter.next() {
        let class = classify(c);
        match (run, class) {
            (None, Class::Letter(_) | Class::Digit) => run = Some((j, class)),
            (None, _) => {}
            (Some((_, Class::Letter(a))), Class::Letter(b)) if a == b => {}
            // Latin letters followed by digits stay one word: mp4, G20, covid19.
            (Some((_, Class::Letter(Script::Latin))), Class::Digit) => {}
            (Some((_, Class::Letter(_))), Class::Joiner) => {}
            (Some((_, Class::Digit)), Class::Digit) => {}
            // 5G, 4K: digits then Latin letters become one Latin word.
            (Some((r0, Class::Digit)), Class::Letter(Script::Latin)) => {
                run = Some((r0, Class::Letter(Script::Latin)))
            }
            (Some((_, Class::Digit)), c2) if matches!(c2, Class::Sep) && is_number_separator(c) => {
                // Keep the separator only when a digit follows: 3.5, 1,000 but not "2018.".
                if let Some(&(_, next)) = iter.peek() {
                    if classify(next) == Class::Digit {
                        continue;
                    }
                }
                let (r0, rc) = run.take().unwrap_or((j, class));
                emit(r0, j, rc, &mut sink);
            }
            (Some((r0, rc)), _) => {
                emit(r0, j, rc, &mut sink);
                run = match class {
                    Class::Letter(_) | Class::Digit => Some((j, class)),
                    _ => None,
                };
            }
        }
    }
    if let Some((r0, rc)) = run {
        emit(r0, s.len(), rc, &mut sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s).into_iter().map(|t| (t.text, t.kind)).collect()
    }

    #[test]
    fn arabic_words_and_punctuation() {
        let t = texts("قال الرئيس، إن الاتفاق؛ هل انتهى؟ نعم.");
        let words: Vec<&str> = t.iter().map(|x| x.0).collect();
        assert_eq!(
            words,
            ["قال", "الرئيس", "إن", "الاتفاق", "هل", "انتهى", "نعم"]
        );
    }

    #[test]
    fn diacritics_and_tatweel_stay_inside_the_word() {
        assert_eq!(
            texts("مُحَمَّد الـعـراق"),
            [("مُحَمَّد", TokenKind::Word), ("الـعـراق", TokenKind::Word)]
        );
    }

    #[test]
    fn numbers_keep_inner_separators() {
        assert_eq!(
            texts("نما 3.5% و1,000 دولار عام ٢٠١٨."),
            [
                ("نما", TokenKind::Word),
                ("3.5", TokenKind::Number),
                ("و", TokenKind::Word),
                ("1,000", TokenKind::Number),
                ("دولار", TokenKind::Word),
                ("عام", TokenKind::Word),
                ("٢٠١٨", TokenKind::Number),
            ]
        );
        assert_eq!(texts("٣٫٥"), [("٣٫٥", TokenKind::Number)]);
    }

    #[test]
    fn digits_and_arabic_letters_split() {
        assert_eq!(
            texts("2018م"),
            [("2018", TokenKind::Number), ("م", TokenKind::Word)]
        );
    }

    #[test]
    fn latin_alphanumerics_stay_whole() {
        assert_eq!(
            texts("G20 5G mp4"),
            [
                ("G20", TokenKind::Word),
                ("5G", TokenKind::Word),
                ("mp4", TokenKind::Word)
            ]
        );
    }

    #[test]
    fn hashtags_give_the_name() {
        assert_eq!(
            texts("#عاصي_الحلاني يغني"),
            [
                ("عاصي", TokenKind::Hashtag),
                ("الحلاني", TokenKind::Hashtag),
                ("يغني", TokenKind::Word)
            ]
        );
        assert_eq!(texts("@Reuters"), [("Reuters", TokenKind::Mention)]);
    }

    #[test]
    fn urls_and_emails_are_whole() {
        assert_eq!(
            texts("راجع (https://example.com/a/b?x=1). أو news@example.org،"),
            [
                ("راجع", TokenKind::Word),
                ("https://example.com/a/b?x=1", TokenKind::Url),
                ("أو", TokenKind::Word),
                ("news@example.org", TokenKind::Email),
            ]
        );
        assert_eq!(
            texts("www.alarabiya.net"),
            [("www.alarabiya.net", TokenKind::Url)]
        );
    }

    #[test]
    fn mixed_scripts_split() {
        let t = tokenize("iPhoneالجديد");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].script, Script::Latin);
        assert_eq!(t[1].script, Script::Arabic);
    }

    #[test]
    fn offsets_point_into_the_input() {
        let s = "  في  بغداد ";
        for t in tokenize(s) {
            assert_eq!(&s[t.start..t.end()], t.text);
        }
    }

    /// A run of plain Arabic letters (with punctuation after it) is taken whole without
    /// classifying its letters: it must give exactly what the letter-by-letter reading
    /// gives, whatever the letters, marks, digits and punctuation around.
    #[test]
    fn plain_words_read_whole_as_letter_by_letter() {
        let alphabet = [
            "ا", "ب", "ة", "ي", "ء", "غ", "ف", "ـ", "َ", "ً", "،", "؛", "؟", ".", ",", "\"", ")",
            "(", "«", "»", "1", "١", "a", "#", "@", "-", "_", "ٱ", "٫", "\u{200c}",
        ];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = 1 + next(6);
            let chunk: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let text = format!("قال {chunk} ثم");
            let start = "قال ".len();
            let (end, plain) = chunk_end(&text, start);
            assert_eq!(end, start + chunk.len(), "{chunk:?}");
            let Some(word_end) = plain else { continue };
            let mut general = Vec::new();
            words(&text, start, end, TokenKind::Word, &mut |t| general.push(t));
            assert_eq!(general.len(), 1, "{chunk:?}");
            assert_eq!(general[0].text, &text[start..word_end], "{chunk:?}");
            assert_eq!(general[0].script, Script::Arabic, "{chunk:?}");
        }
        let t = texts("العراق، بغداد. «واشنطن» قالَ");
        let words: Vec<&str> = t.iter().map(|x| x.0).collect();
        assert_eq!(words, ["العراق", "بغداد", "واشنطن", "قالَ"]);
    }
}
