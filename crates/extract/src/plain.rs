//! Plain-text input: a page saved as text (an aggregator's dump like the seed, or a
//! browser/`w3m -dump` rendering). Paragraphs are separated by blank lines or line
//! breaks; the article is the run of prose paragraphs, and the lines around it are
//! recognised as what they are: attribution lines (`المصدر: رويترز`), tag lines
//! (`كلمات دلالية: …`), "read also" blocks (`إقرأ أيضاً:` and the story glued after
//! it), "similar articles" lists (`مقالات مشابهة` and its bullets) and media URLs.

use crate::attribution;
use crate::{Extraction, Input, Link, Media, Warning};

/// Markers that end the article in a text dump: what follows is not the story.
const END_MARKERS: &[&str] = &[
    "اقرا ايضا",
    "اقرا المزيد",
    "اقرا كذلك",
    "مقالات مشابهه",
    "مقالات ذات صله",
    "اخبار ذات صله",
    "مواضيع ذات صله",
    "الموضوعات المتعلقه",
    "الاكثر قراءه",
    "قصص مقترحه",
    "المزيد حول هذه القصه",
    "شاهد ايضا",
    "related",
    "read more",
    "read also",
    "more on this story",
    "lire aussi",
];

/// Markers whose following bullet lines are related-article headlines.
const LIST_MARKERS: &[&str] = &[
    "مقالات مشابهه",
    "مقالات ذات صله",
    "اخبار ذات صله",
    "مواضيع ذات صله",
    "related",
    "lire aussi",
];

const TAG_MARKERS: &[&str] = &[
    "كلمات دلاليه",
    "الكلمات الداله",
    "الكلمات المفتاحيه",
    "الوسوم",
    "وسوم",
    "tags",
    "mots-cles",
];

fn starts_with_marker(line: &str, markers: &[&str]) -> bool {
    let n = rasid_text::normalize(line);
    let n = n.trim_start_matches(|c: char| !c.is_alphanumeric());
    markers.iter().any(|m| n.starts_with(m))
}

fn is_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["•", "·", "-", "*", "–", "○", "■", "▪"]
        .iter()
        .find_map(|b| t.strip_prefix(b))
        .map(str::trim)
}

fn is_prose(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let marks = line
        .chars()
        .filter(|c| {
            matches!(
                c,
                '.' | '،' | ',' | '؛' | ';' | '؟' | '?' | '!' | ':' | '”' | '"'
            )
        })
        .count();
    words >= 12 || (words >= 6 && marks >= 1)
}

/// Extracts the article from a text dump.
pub fn extract_text(text: &str, input: &Input<'_>, warnings: &mut Vec<Warning>) -> Extraction {
    let _ = input;
    let mut ex = Extraction::default();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut body: Vec<String> = Vec::new();
    let mut ended = false; // the article's end (attribution, tags, a "read also" after them)
    let mut in_list = false;
    let mut skip_after_marker = 0usize;
    for line in lines {
        if let Some(a) = attribution::parse_line(line) {
            ex.attributions.extend(a);
            ended = true;
            continue;
        }
        if starts_with_marker(line, TAG_MARKERS) {
            let rest = line.split_once([':', '：']).map_or("", |(_, r)| r);
            let mut words: Vec<&str> = rest.split_whitespace().collect();
            let mut tags: Vec<String> = Vec::new();
            if words.last().is_some_and(|w| w.chars().count() <= 1) {
                words.pop();
                warnings.push(Warning::new(
                    "tags-truncated",
                    "the tag line ends in a cut-off word",
                ));
            }
            for t in words.join(" ").split([',', '،', '|', '#']) {
                let t = t.trim();
                if !t.is_empty() {
                    tags.push(t.to_owned());
                }
            }
            ex.tags.extend(tags);
            ended = true;
            continue;
        }
        if starts_with_marker(line, END_MARKERS) && line.split_whitespace().count() <= 6 {
            in_list = starts_with_marker(line, LIST_MARKERS);
            if ended || in_list {
                ended = true;
            } else {
                // A "read also" in the middle of the story: skip the headline after it.
                skip_after_marker = 1;
            }
            continue;
        }
        if is_media_url(line) {
            ex.videos.push(Media {
                url: line.to_owned(),
                caption: None,
            });
            continue;
        }
        if in_list {
            if let Some(h) = is_bullet(line) {
                ex.related_links.push(Link {
                    title: h.to_owned(),
                    url: None,
                });
            }
            continue;
        }
        if ended {
            continue;
        }
        if skip_after_marker > 0 && !is_prose(line) {
            skip_after_marker -= 1;
            continue;
        }
        skip_after_marker = 0;
        if is_prose(line) || (!body.is_empty() && line.split_whitespace().count() >= 3) {
            body.push(line.to_owned());
        }
    }
    // Trailing short lines are not article text.
    while body.last().is_some_and(|l| !is_prose(l)) {
        body.pop();
    }
    if let Some(first) = body.first() {
        if let Some(a) = attribution::dateline(first) {
            ex.attributions.push(a);
        }
    }
    ex.body = body;
    ex
}

fn is_media_url(line: &str) -> bool {
    let l = line.to_ascii_lowercase();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A dump shaped like an aggregator page (written for this test).
    const DUMP: &str =
        "القاهرة – أعلنت وزارة الصحة عن افتتاح مستشفى جديد في العاصمة، وذلك ضمن خطة لتحسين الخدمات.

وقال المتحدث باسم الوزارة إن المستشفى سيستقبل المرضى بدءا من الشهر المقبل، وإن الخطة تشمل مدنا أخرى.

المصدر : رويترز

كلمات دلالية: وزارة الصحة المستشفى ا

إقرأ أيضاً:

الأهلي يفوز على الزمالك في مباراة مثيرة .. فيديو

أوضحت مصادر رياضية أن الفريق سيواصل استعداداته للموسم المقبل بعد الفوز الكبير في المباراة.

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
        assert_eq!(ex.attributions[0].agency, Some("Reuters"));
        assert_eq!(ex.tags, ["وزارة الصحة المستشفى"]);
        assert!(w.iter().any(|w| w.code == "tags-truncated"));
        assert_eq!(ex.related_links.len(), 2);
        assert_eq!(ex.videos.len(), 1);
        assert!(!ex.body.iter().any(|p| p.contains("الأهلي")));
    }
}
