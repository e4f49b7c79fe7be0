//! One analysis of an article for every enrichment that reads its words: the title's
//! terms and the body's first terms, each with its stem's hash, its surface form's hash
//! and the flags the stages select by. The section model and the key phrases both read
//! from it, so the body is normalized and stemmed once.

use rasid_text::{Analyzer, LatinStemming, TokenKind};

/// Tokens of the body read at least (what key phrases read).
pub const BODY_TOKENS: usize = 600;
/// Content words of the body read at least (what the section model reads).
pub const BODY_WORDS: usize = 400;
/// The body's prefix analysed: a token and its space take well under 40 bytes, so this
/// holds both limits.
const BODY_BYTES: usize = 40 * BODY_TOKENS;

static ANALYZER: std::sync::LazyLock<Analyzer> =
    std::sync::LazyLock::new(|| Analyzer::new(LatinStemming::None));

/// One analysed token.
#[derive(Clone, Copy, Debug)]
pub struct Term<'a> {
    /// As written.
    pub text: &'a str,
    /// [`rasid_text::hash64`] of the stem.
    pub hash: u64,
    /// [`rasid_text::hash64`] of the text as written.
    pub form: u64,
    /// [`rasid_text::hash64`] of its normalized form.
    pub norm: u64,
    pub kind: TokenKind,
    pub stop: bool,
    /// A name's word though its normalized form is a stopword ([`is_written_ali`]).
    pub proper: bool,
    /// The stem has two letters or more.
    pub long: bool,
    /// The stem has two letters or fewer (حل of الحل، غد، بد).
    pub short: bool,
    /// A break (punctuation or a line end) comes before it: phrases do not cross it.
    pub brk: bool,
    /// Its normalized form is one of the generic words of news pages or a present-tense
    /// verb: no key phrase's word.
    pub generic: bool,
}

impl Term<'_> {
    /// What the section model counts: a word, number or hashtag that is not a stopword.
    pub fn section_word(&self) -> bool {
        !self.stop
            && self.long
            && matches!(
                self.kind,
                TokenKind::Word | TokenKind::Number | TokenKind::Hashtag
            )
    }

    /// What a key phrase may be made of: a word that is neither a stopword nor generic.
    pub fn phrase_word(&self) -> bool {
        ((!self.stop && !self.generic) || self.proper) && self.long && self.kind == TokenKind::Word
    }
}

/// An article's analysed title and body opening.
#[derive(Clone, Debug, Default)]
pub struct Terms<'a> {
    /// The title and body read.
    pub title_text: &'a str,
    pub body_text: &'a str,
    pub title: Vec<Term<'a>>,
    /// At least the first [`BODY_TOKENS`] tokens and [`BODY_WORDS`] section words.
    pub body: Vec<Term<'a>>,
}

impl<'a> Terms<'a> {
    /// The reading every enrichment shares: the title, and the body until both
    /// [`BODY_TOKENS`] tokens and [`BODY_WORDS`] section words are in.
    pub fn new(title: &'a str, body: &'a str) -> Terms<'a> {
        let mut terms = Terms {
            title_text: title,
            body_text: body,
            ..Terms::default()
        };
        read(title, usize::MAX, &mut terms.title);
        read(
            rasid_text::prefix(body, BODY_BYTES),
            BODY_TOKENS,
            &mut terms.body,
        );
        // Where على (on) is never written so, علي may be it, dotted: no name's word.
        if !writes_on_undotted(terms.title.iter().chain(&terms.body).map(|t| t.text)) {
            for t in terms.title.iter_mut().chain(&mut terms.body) {
                t.proper = false;
            }
        }
        terms
    }
}

/// Whether a text's words write على (on) without dots somewhere: then علي, dotted, is the
/// name Ali ([`is_written_ali`]); some outlets dot the preposition (علي الفريق).
pub(crate) fn writes_on_undotted<'w>(mut words: impl Iterator<Item = &'w str>) -> bool {
    words.any(|w| matches!(w, "على" | "وعلى" | "فعلى"))
}

/// Whether a written word is علي (Ali) with its dots: a name, which normalized is على
/// (on), a stopword — where the text writes the preposition without them
/// ([`writes_on_undotted`]).
pub(crate) fn is_written_ali(text: &str) -> bool {
    text.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .eq("علي".chars())
}

fn is_section_word(t: &rasid_text::Term<'_, '_>) -> bool {
    !t.stop
        && t.stem.chars().nth(1).is_some()
        && matches!(
            t.token.kind,
            TokenKind::Word | TokenKind::Number | TokenKind::Hashtag
        )
}

/// The stem hashes of the first `limit` section words of `text`, streamed (what the
/// section model reads when it runs alone: nothing else is computed or kept).
pub fn section_words(text: &str, limit: usize, mut f: impl FnMut(u64)) {
    if limit == 0 {
        return;
    }
    let mut n = 0;
    WORDS.with_borrow_mut(|memo| {
        ANALYZER.for_each_value_while(
            rasid_text::prefix(text, BODY_BYTES),
            memo,
            |t| is_section_word(t).then(|| rasid_text::hash64(t.stem)),
            |_, word| {
                if let Some(h) = word {
                    f(h);
                    n += 1;
                }
                n < limit
            },
        )
    });
}

/// What [`read`] remembers of a written form.
#[derive(Clone, Copy)]
struct Derived {
    hash: u64,
    form: u64,
    norm: u64,
    stop: bool,
    proper: bool,
    long: bool,
    short: bool,
    section_word: bool,
    generic: bool,
}

thread_local! {
    /// The section words of forms seen lately (see [`rasid_text::TermMemo`]).
    static WORDS: std::cell::RefCell<rasid_text::TermMemo<Option<u64>>> =
        std::cell::RefCell::new(rasid_text::TermMemo::default());
    /// What [`read`] derives from forms seen lately.
    static DERIVED: std::cell::RefCell<rasid_text::TermMemo<Derived>> =
        std::cell::RefCell::new(rasid_text::TermMemo::default());
}

/// Reads `text` into `out`, until `tokens` tokens and [`BODY_WORDS`] section words are in.
fn read<'a>(text: &'a str, tokens: usize, out: &mut Vec<Term<'a>>) {
    let mut prev_end = 0;
    let mut words = 0;
    out.reserve(BODY_TOKENS);
    let derive = |t: &rasid_text::Term<'_, '_>| Derived {
        hash: rasid_text::hash64(t.stem),
        form: rasid_text::hash64(t.token.text),
        norm: rasid_text::hash64(t.norm),
        stop: t.stop,
        proper: is_written_ali(t.token.text),
        long: t.stem.chars().nth(1).is_some(),
        short: t.stem.chars().nth(2).is_none(),
        section_word: is_section_word(t),
        generic: crate::keyphrases::is_generic(t.norm) || rasid_text::verbs::is_verb(t.norm),
    };
    DERIVED.with_borrow_mut(|memo| {
        ANALYZER.for_each_value_while(text, memo, derive, |token, d| {
            let start = token.start;
            let gap = &text[prev_end.min(start)..start];
            prev_end = token.end();
            words += usize::from(d.section_word);
            out.push(Term {
                text: token.text,
                hash: d.hash,
                form: d.form,
                norm: d.norm,
                kind: token.kind,
                stop: d.stop,
                proper: d.proper,
                long: d.long,
                short: d.short,
                brk: out.is_empty() || gap.chars().any(|c| !c.is_whitespace() || c == '\n'),
                generic: d.generic,
            });
            out.len() < tokens || words < BODY_WORDS
        })
    });
}
