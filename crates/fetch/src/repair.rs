//! Making a broken feed's XML well-formed, the way publishers commonly break it: a bare
//! `&` (`?a=1&b=2`, `أ & ب`), markup left unescaped inside a title or description
//! (`<p>`, `<br>`, `a < b`), characters XML forbids (C0 controls), and a document cut
//! off in the middle (a timed-out download, a crashed generator). Used only when the
//! strict parse fails, so a good feed is read exactly as written.

/// Elements whose content is text (or escaped HTML), never child elements: markup found
/// inside them was meant as text.
const TEXT_ELEMENTS: [&str; 9] = [
    "title",
    "description",
    "summary",
    "subtitle",
    "content:encoded",
    "content",
    "itunes:summary",
    "media:description",
    "dc:creator",
];

/// The XML's repair: unescaped markup inside text elements wrapped as CDATA, bare `&`
/// escaped, forbidden characters dropped. Idempotent on well-formed input.
pub fn repair(xml: &str) -> String {
    let wrapped = wrap_text_elements(xml);
    escape_bare_ampersands(&wrapped)
}

/// `xml` cut after its last complete item or entry and closed, when it was cut off.
pub fn close_truncated(xml: &str) -> Option<String> {
    let (end_tag, closing) = if xml.contains("<feed") {
        ("</entry>", "</feed>")
    } else if xml.contains("<rdf:RDF") {
        ("</item>", "</rdf:RDF>")
    } else {
        ("</item>", "</channel></rss>")
    };
    let end = xml.rfind(end_tag)? + end_tag.len();
    let rest = &xml[end..];
    // A document that ends properly after its last item is not cut off.
    if rest.contains(closing.rsplit("</").next().unwrap_or(closing)) {
        return None;
    }
    Some(format!("{}{closing}", &xml[..end]))
}

/// Whether `c` may appear in an XML 1.0 document.
fn allowed(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

fn push_allowed(out: &mut String, s: &str) {
    out.extend(s.chars().filter(|&c| allowed(c)));
}

/// Wraps the content of text elements that holds a raw `<` in CDATA.
fn wrap_text_elements(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        push_allowed(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").map_or(rest.len(), |e| e + 9 + 3);
            push_allowed(&mut out, &rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[..=gt];
        out.push_str(tag);
        rest = &rest[gt + 1..];
        let Some(name) = text_element(tag) else {
            continue;
        };
        let close = format!("</{name}>");
        let Some(end) = rest.find(&close) else {
            continue;
        };
        let inner = &rest[..end];
        if inner.contains('<') && !inner.trim_start().starts_with("<![CDATA[") {
            out.push_str("<![CDATA[");
            push_allowed(&mut out, &inner.replace("]]>", "]]]]><![CDATA[>"));
            out.push_str("]]>");
        } else {
            push_allowed(&mut out, inner);
        }
        out.push_str(&close);
        rest = &rest[end + close.len()..];
    }
    push_allowed(&mut out, rest);
    out
}

/// The name of a text element's opening tag (not one of Atom's `type="xhtml"`, whose
/// content is markup by definition).
fn text_element(tag: &str) -> Option<&'static str> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    if inner.ends_with('/') || inner.contains("xhtml") {
        return None;
    }
    let name = inner.split(|c: char| c.is_whitespace()).next()?;
    TEXT_ELEMENTS
        .into_iter()
        .find(|t| t.eq_ignore_ascii_case(name))
}

/// Escapes every `&` that does not begin a reference XML knows (outside CDATA).
fn escape_bare_ampersands(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    loop {
        let amp = rest.find('&');
        let cdata = rest.find("<![CDATA[");
        match (amp, cdata) {
            (Some(a), Some(c)) if c < a => {
                let end = rest[c..].find("]]>").map_or(rest.len(), |e| c + e + 3);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            (Some(a), _) => {
                out.push_str(&rest[..a]);
                rest = &rest[a..];
                if is_reference(rest) {
                    out.push('&');
                } else {
                    out.push_str("&amp;");
                }
                rest = &rest[1..];
            }
            (None, _) => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// Whether `s` (starting at `&`) is a character reference or one of XML's five entities.
fn is_reference(s: &str) -> bool {
    let body = &s[1..];
    let Some(semi) = body.bytes().take(12).position(|b| b == b';') else {
        return false;
    };
    let name = &body[..semi];
    if let Some(num) = name.strip_prefix('#') {
        return match num.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()),
        };
    }
    matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_ampersands_are_escaped_and_references_kept() {
        assert_eq!(repair("&amp;العراق &bad"), "&amp;العراق &amp;bad");
        assert_eq!(
            repair("<link>https://e.com/a?x=1&y=2</link><title>أ & ب &amp; &#1575;&#x644; &nbsp;</title>"),
            "<link>https://e.com/a?x=1&amp;y=2</link><title>أ &amp; ب &amp; &#1575;&#x644; &amp;nbsp;</title>"
        );
        let cdata = "<description><![CDATA[<p>a & b</p>]]></description>";
        assert_eq!(repair(cdata), cdata);
    }

    #[test]
    fn markup_in_text_elements_becomes_cdata() {
        assert_eq!(
            repair("<item><title>a < b</title><description><p>نص<br></p></description></item>"),
            "<item><title><![CDATA[a < b]]></title><description><![CDATA[<p>نص<br></p>]]></description></item>"
        );
        let xhtml = "<content type=\"xhtml\"><div><p>x</p></div></content>";
        assert_eq!(repair(xhtml), xhtml);
        assert_eq!(
            repair("<title>a\u{b}b\u{1}</title>"),
            "<title>ab</title>",
            "controls XML forbids are dropped"
        );
    }

    #[test]
    fn a_cut_feed_is_closed_after_its_last_item() {
        let cut = "<rss><channel><item><title>a</title></item><item><title>b";
        assert_eq!(
            close_truncated(cut).as_deref(),
            Some("<rss><channel><item><title>a</title></item></channel></rss>")
        );
        assert_eq!(
            close_truncated("<feed><entry><id>1</id></entry><entry><id>2").as_deref(),
            Some("<feed><entry><id>1</id></entry></feed>")
        );
        assert_eq!(
            close_truncated("<rss><channel><item></item></channel></rss>"),
            None
        );
    }
}
