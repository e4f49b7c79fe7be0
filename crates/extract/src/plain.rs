//! Plain-text input: a page saved as text — an aggregator's dump like the seed, or a
//! browser/`w3m -dump` rendering with its menus and footers.
//!
//! The text is cut into blocks at blank lines (lines wrapped by the renderer are joined;
//! bullet lines stay apart). Each block is prose, a short line, a bullet, or one of the
//! things a news page puts around its story: attribution lines (`المصدر: رويترز`), tag
//! lines (`كلمات دلالية: …`), "read also" / "similar articles" markers, media URLs, and
//! junk (copyright, cookie and follow prompts). The article is the densest run of prose
//! between the hard boundaries those markers draw (a maximum-sum segment over the
//! blocks); what follows a "similar articles" marker becomes related links.

use crate::content::{sentence_marks, social_prompt, tag_line};
use crate::{attribution, dates};
use crate::{Extraction, Input, Link, Media, Warning};

/// Markers that end a story: what follows is another story or a list of them.
const END_MARKERS: &[&str] = &[
    "اقرا ايضا",
    "اقرا المزيد",
    "اقرا كذلك",
    "مقالات مشابهه",
    "مقالات ذات صله",
    "اخبار ذات صله",
    "اخبار متعلقه",
    "مواضيع ذات صله",
    "مواضيع متعلقه",
    "الموضوعات المتعلقه",
    "موضوعات ذات صله",
    "الاكثر قراءه",
    "الاكثر مشاهده",
    "قصص مقترحه",
    "المزيد حول هذه القصه",
    "شاهد ايضا",
    "قد يهمك ايضا",
    "related",
    "read more",
    "read also",
    "more on this story",
    "more from",
    "most read",
    "most popular",
    "recommended",
    "you may also like",
    "lire aussi",
    "a lire aussi",
    "sur le meme sujet",
];

/// Markers whose following bullet lines are related-article headlines.
const LIST_MARKERS: &[&str] = &[
    "مقالات مشابهه",
    "مقالات ذات صله",
    "اخبار ذات صله",
    "مواضيع ذات صله",
    "related",
    "lire aussi",
    "more on this story",
];

const TAG_MARKERS: &[&str] = &[
    "كلمات دلاليه",
    "الكلمات الداله",
    "الكلمات المفتاحيه",
    "كلمات مفتاحيه",
    "الوسوم",
    "وسوم",
    "tags",
    "mots-cles",
];

/// Lines that are never article text.
const JUNK: &[&str] = &[
    "جميع الحقوق محفوظه",
    "حقوق النشر",
    "all rights reserved",
    "copyright",
    "©",
    "tous droits reserves",
    "cookies",
    "we use cookies",
    "nous utilisons des cookies",
    "advertisement",
    "اعلان",
    "reklam",
    "publicite",
    "anzeige",
    "share this",
    "شارك",
    "subscribe",
    "sign up",
    "newsletter",
    "skip to",
    "اذهب الي المحتوي",
    "image source",
    "image caption",
    "صدر الصوره",
    "التعليق علي الصوره",
    "getty images",
];

fn norm_start(line: &str) -> String {
    let head: String = line.chars().take(60).collect();
    let n = rasid_text::normalize(&head);
    n.trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

fn starts_with_marker(line: &str, markers: &[&str]) -> bool {
    let n = norm_start(line);
    markers.iter().any(|m| n.starts_with(m))
}

/// The text of a bullet line, if it is one.
fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    [
        "•", "·", "* ", "- ", "– ", "○", "■", "▪", "◦", "□", "☆", "★", "►", "▶",
    ]
    .iter()
    .find_map(|b| t.strip_prefix(b))
    .map(str::trim)
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end_matches(['"', '”', '»', '\'', ')', ' '])
        .ends_with(['.', '!', '?', '؟', '۔', '。'])
}

fn is_media_url(line: &str) -> bool {
    let l = line.trim().to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://"))
        && !l.contains(' ')
        && [
            ".mp4",
            ".webm",
            ".m3u8",
            ".mov",
            "youtube.com/watch",
            "youtu.be/",
        ]
        .iter()
        .any(|e| l.contains(e))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Prose,
    Short,
    Bullet,
    Junk,
    Attribution,
    Tags,
    EndMarker,
    Media,
}

#[derive(Debug)]
struct Block {
    text: String,
    words: usize,
    kind: Kind,
}

/// Cuts the dump into blocks: blank lines separate, wrapped lines join, bullets stand alone.
fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<Block>| {
        let t = cur.trim();
        if !t.is_empty() {
            out.push(Block {
                text: t.to_owned(),
                words: crate::word_count(t),
                kind: Kind::Short,
            });
        }
        cur.clear();
    };
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        if bullet(line).is_some() || is_media_url(l) {
            flush(&mut cur, &mut out);
            cur.push_str(l);
            flush(&mut cur, &mut out);
            continue;
        }
        // A line that is itself a marker or an attribution stands alone.
        if attribution::parse_line(l).is_some()
            || (l.split_whitespace().count() <= 6 && starts_with_marker(l, END_MARKERS))
            || starts_with_marker(l, TAG_MARKERS)
        {
            flush(&mut cur, &mut out);
            cur.push_str(l);
            flush(&mut cur, &mut out);
            continue;
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(l);
    }
    flush(&mut cur, &mut out);
    for b in &mut out {
        b.kind = classify(b);
    }
    // Teaser lists repeat themselves (the headline as link text and as image alt, or a
    // headline over its own blurb): a block that occurs twice is not article prose.
    let mut seen: rustc_hash::FxHashMap<String, usize> = Default::default();
    for b in &out {
        if b.words >= 3 {
            *seen.entry(rasid_text::normalize(&b.text)).or_default() += 1;
        }
    }
    for b in &mut out {
        let n = rasid_text::normalize(&b.text);
        let doubled = {
            let half = n.len() / 2;
            n.is_char_boundary(half) && half > 10 && n[..half].trim() == n[half..].trim()
        };
        if matches!(b.kind, Kind::Prose | Kind::Short)
            && (doubled || (b.words >= 3 && seen.get(&n).copied().unwrap_or(0) > 1))
        {
            b.kind = Kind::Junk;
        }
    }
    out
}

fn classify(b: &Block) -> Kind {
    let t = b.text.as_str();
    if is_media_url(t) {
        return Kind::Media;
    }
    if attribution::parse_line(t).is_some() {
        return Kind::Attribution;
    }
    if starts_with_marker(t, TAG_MARKERS) && b.words <= 40 {
        return Kind::Tags;
    }
    if b.words <= 6 && starts_with_marker(t, END_MARKERS) {
        return Kind::EndMarker;
    }
    if bullet(t).is_some() {
        return Kind::Bullet;
    }
    let lower = t.to_lowercase();
    if b.words < 30 && (starts_with_marker(t, JUNK) || lower.contains("©") || social_prompt(&lower))
    {
        return Kind::Junk;
    }
    // Prose has punctuation: a long run of words without it is a menu or a link list.
    let marks = sentence_marks(t);
    let punctuated = b.words < 40 || marks * 80 >= b.words;
    if punctuated && ((b.words >= 15 && marks >= 1) || (b.words >= 8 && ends_sentence(t))) {
        Kind::Prose
    } else {
        Kind::Short
    }
}

/// Extracts the article from a text dump.
pub fn extract_text(text: &str, input: &Input<'_>, warnings: &mut Vec<Warning>) -> Extraction {
    let now = input.fetched_at.and_then(dates::parse_machine);
    let mut ex = Extraction::default();
    let bs = blocks(text);

    // The article: the maximum-sum run of blocks between hard boundaries.
    let score = |b: &Block| -> Option<f32> {
        match b.kind {
            // Long paragraphs make an article; a run of one-sentence blurbs is a teaser list.
            Kind::Prose => Some(b.words as f32 - 8.0),
            Kind::Short => Some(-3.0),
            Kind::Bullet => Some(-(2.0 + b.words as f32 * 0.5)),
            Kind::Junk => Some(-8.0),
            Kind::Media => Some(-1.0),
            // Attributions and tags close the story; markers open another.
            Kind::Attribution | Kind::Tags | Kind::EndMarker => None,
        }
    };
    // Segments between hard boundaries; in each, the maximum-sum run of blocks.
    let mut best = 0.0f32;
    let mut best_range = (0usize, 0usize);
    let mut seg_start = 0;
    for seg_end in (0..=bs.len()).filter(|&i| i == bs.len() || score(&bs[i]).is_none()) {
        let (mut run, mut start) = (0.0f32, seg_start);
        let (mut seg_best, mut seg_range) = (0.0f32, (seg_start, seg_start));
        for (i, b) in bs.iter().enumerate().take(seg_end).skip(seg_start) {
            let s = score(b).unwrap_or(0.0);
            if run + s <= 0.0 {
                run = 0.0;
                start = i + 1;
            } else {
                run += s;
                if run > seg_best {
                    seg_best = run;
                    seg_range = (start, i + 1);
                }
            }
        }
        // A story closed by its credit or tag line is the page's story; one that opens
        // right after a "read also" marker is a story glued on after it.
        let closed = bs
            .get(seg_end)
            .is_some_and(|b| matches!(b.kind, Kind::Attribution | Kind::Tags));
        let glued = seg_start > 0 && bs[seg_start - 1].kind == Kind::EndMarker;
        let weight = if closed { 2.0 } else { 1.0 } * if glued { 0.5 } else { 1.0 };
        if seg_best * weight > best {
            best = seg_best * weight;
            best_range = seg_range;
        }
        seg_start = seg_end + 1;
    }
    let (a, z) = best_range;
    let region = &bs[a..z];
    for (i, b) in region.iter().enumerate() {
        let keep = match b.kind {
            Kind::Prose => true,
            Kind::Short => {
                let prev = region[..i].iter().rev().find(|x| x.kind != Kind::Short);
                let next = region[i + 1..].iter().find(|x| x.kind != Kind::Short);
                prev.is_some_and(|x| x.kind == Kind::Prose)
                    && next.is_some_and(|x| x.kind == Kind::Prose)
                    && b.words >= 3
            }
            _ => false,
        };
        if keep {
            ex.body.push(b.text.clone());
        }
    }

    // Around the story: attributions and tags after it, media, related headlines.
    let mut in_list = false;
    for (i, b) in bs.iter().enumerate() {
        match b.kind {
            Kind::Attribution if i >= z => ex
                .attributions
                .extend(attribution::parse_line(&b.text).unwrap_or_default()),
            Kind::Tags => {
                let (tags, truncated) = tag_line(&b.text);
                if truncated {
                    warnings.push(Warning::new(
                        "tags-truncated",
                        "the tag line ends in a cut-off word",
                    ));
                }
                ex.tags.extend(tags);
            }
            Kind::Media => ex.videos.push(Media {
                url: b.text.trim().to_owned(),
                caption: None,
            }),
            Kind::EndMarker => in_list = starts_with_marker(&b.text, LIST_MARKERS),
            Kind::Bullet if in_list => {
                if let Some(h) = bullet(&b.text) {
                    ex.related_links.push(Link {
                        title: h.to_owned(),
                        url: None,
                    });
                }
            }
            Kind::Prose | Kind::Short if in_list && i >= z => in_list = false,
            _ => {}
        }
    }
    if let Some(first) = ex.body.first() {
        if let Some(a) = attribution::dateline(first) {
            ex.attributions.insert(0, a);
        }
    }
    // A title: the short line just before the story, if there is one.
    if a > 0 {
        let t = &bs[a - 1];
        if t.kind == Kind::Short && (3..=25).contains(&t.words) && !ends_sentence(&t.text) {
            ex.title = Some(t.text.clone());
        }
    }
    // A date: in the short lines around the start of the story.
    let lo = a.saturating_sub(6);
    ex.published = bs[lo..(a + 3).min(bs.len())]
        .iter()
        .filter(|b| b.words <= 20)
        .find_map(|b| dates::find_in_text(&b.text, now.as_ref()))
        .map(|d| d.to_rfc3339());
    ex
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dump shaped like an aggregator page (written for this test).
    const DUMP: &str = "القاهرة – أعلنت وزارة الصحة عن افتتاح مستشفى جديد في العاصمة، وذلك ضمن خطة لتحسين الخدمات.

وقال المتحدث باسم الوزارة إن المستشفى سيستقبل المرضى بدءا من الشهر المقبل، وإن الخطة تشمل مدنا أخرى.

المصدر : رويترز

كلمات دلالية: وزارة الصحة المستشفى ا

إقرأ أيضاً:

الأهلي يفوز على الزمالك في مباراة مثيرة .. فيديو

أوضحت مصادر رياضية أن الفريق سيواصل استعداداته للموسم المقبل بعد الفوز الكبير في المباراة التي أقيمت أمس على ملعب القاهرة الدولي وسط حضور جماهيري كبير من مشجعي الفريقين.

https://example.com/video/clip.mp4

مقالات مشابهة

  • وزير الصحة يتفقد المستشفى الجديد
  • الإسكان تكشف تفاصيل المشروع الجديد
";

    #[test]
    fn aggregator_dump() {
        let mut w = Vec::new();
        let ex = extract_text(DUMP, &Input::text(DUMP.as_bytes()), &mut w);
        assert_eq!(ex.body.len(), 2, "{:?}", ex.body);
        assert!(ex.body[0].starts_with("القاهرة"));
        assert_eq!(ex.attributions[0].agency.as_deref(), Some("Reuters"));
        assert_eq!(ex.tags, ["وزارة الصحة المستشفى"]);
        assert!(w.iter().any(|w| w.code == "tags-truncated"));
        assert_eq!(ex.related_links.len(), 2);
        assert_eq!(ex.videos.len(), 1);
        assert!(!ex.body.iter().any(|p| p.contains("الأهلي")));
    }

    #[test]
    fn rendered_page_with_menus_and_wrapped_lines() {
        let dump = "الرئيسية\n\n  • أخبار\n  • اقتصاد\n  • رياضة\n\nعنوان الخبر الرئيسي اليوم\n\n\
            توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف\nالدولي من العراق، وذلك وفق خطة يجري تنفيذها على مراحل.\n\n\
            وقال مسؤول كبير إن الاتفاق ينتظر موافقة نهائية من البلدين\nوتحديد موعد للإعلان عنه.\n\n\
            جميع الحقوق محفوظة © 2024\n";
        let mut w = Vec::new();
        let ex = extract_text(dump, &Input::text(dump.as_bytes()), &mut w);
        assert_eq!(ex.body.len(), 2, "{:?}", ex.body);
        assert!(ex.body[0].contains("التحالف الدولي"));
        assert_eq!(ex.title.as_deref(), Some("عنوان الخبر الرئيسي اليوم"));
    }
}
