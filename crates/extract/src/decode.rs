//! Bytes → text: the character encoding of a page, from the HTTP header, a byte-order
//! mark, `<meta charset>` / `http-equiv`, and detection, with the declared encoding
//! checked against the bytes (a UTF-8 page that declares iso-8859-15 exists in the wild).

use crate::Warning;
use encoding_rs::{Encoding, UTF_8};

/// Where the encoding came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Bom,
    Header,
    Meta,
    Detected,
}

/// Decodes `bytes`. Never fails: undecodable bytes become U+FFFD and a warning.
pub fn decode(
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> (String, &'static Encoding, Source) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc, Source::Bom);
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .map(|e| (e, Source::Header))
        .or_else(|| meta_charset(bytes).map(|e| (e, Source::Meta)));
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    let (enc, source) = match declared {
        // UTF-16 declared in a meta tag of an ASCII-compatible page is a lie, per spec.
        Some((e, Source::Meta)) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
            (UTF_8, Source::Meta)
        }
        Some((e, src)) if e == UTF_8 => {
            if !utf8_ok && looks_legacy(bytes) {
                let d = detect(bytes, url);
                warnings.push(Warning::new(
                    "charset-mismatch",
                    format!(
                        "declared UTF-8 but the bytes are not; decoded as {}",
                        d.name()
                    ),
                ));
                (d, Source::Detected)
            } else {
                (e, src)
            }
        }
        Some((e, src)) => {
            if utf8_ok && has_multibyte(bytes) {
                warnings.push(Warning::new(
                    "charset-mismatch",
                    format!(
                        "declared {} but the bytes are valid UTF-8; decoded as UTF-8",
                        e.name()
                    ),
                ));
                (UTF_8, Source::Detected)
            } else {
                (e, src)
            }
        }
        None if utf8_ok => (UTF_8, Source::Detected),
        None => (detect(bytes, url), Source::Detected),
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(Warning::new(
            "charset-errors",
            format!(
                "some bytes are not valid {}; replaced with U+FFFD",
                enc.name()
            ),
        ));
    }
    (text.into_owned(), enc, source)
}

/// `charset=` from a Content-Type value.
fn charset_param(ct: &str) -> Option<String> {
    let lower = ct.to_ascii_lowercase();
    let i = lower.find("charset")?;
    let rest = lower[i + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_owned())
}

/// The encoding declared by a `<meta>` in the first 8 KB.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(8192)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut i = 0;
    while let Some(j) = find(&lower[i..], b"<meta") {
        let start = i + j;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&lower[start..end]);
        if let Some(k) = tag.find("charset") {
            // Both `charset="x"` and `content="text/html; charset=x"`.
            if let Some(label) = charset_param(&tag[k..]) {
                if let Some(e) = Encoding::for_label(label.trim_end_matches('/').as_bytes()) {
                    return Some(e);
                }
            }
        }
        i = end;
    }
    None
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

fn has_multibyte(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b >= 0x80)
}

/// Whether invalid UTF-8 is more than the odd stray byte.
fn looks_legacy(bytes: &[u8]) -> bool {
    let mut bad = 0usize;
    let mut rest = bytes;
    while let Err(e) = std::str::from_utf8(rest) {
        bad += 1;
        if bad > 8 {
            return true;
        }
        let skip = e.valid_up_to() + e.error_len().unwrap_or(1);
        rest = &rest[skip.min(rest.len())..];
    }
    false
}

/// chardetng, with the URL's top-level domain as a hint (.sa, .eg … favour Arabic).
fn detect(bytes: &[u8], url: Option<&str>) -> &'static Encoding {
    let mut d = chardetng::EncodingDetector::new();
    d.feed(bytes, true);
    let tld = url.and_then(|u| {
        let host = u.split("://").nth(1)?.split(['/', ':', '?', '#']).next()?;
        host.rsplit('.').next().map(str::to_owned)
    });
    d.guess(tld.as_deref().map(str::as_bytes), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8], ct: Option<&str>) -> (String, &'static str) {
        let mut w = Vec::new();
        let (t, e, _) = decode(bytes, ct, None, &mut w);
        (t, e.name())
    }

    const ARABIC: &str = "توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق، وذلك وفق خطة يجري تنفيذها على مراحل خلال العامين المقبلين. وقال مسؤول كبير إن المحادثات انتهت.";

    #[test]
    fn windows_1256_without_a_declaration_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        let html = [b"<html><body><p>".as_slice(), &bytes, b"</p></body></html>"].concat();
        let (text, enc) = dec(&html, None);
        assert!(text.contains("بغداد"), "{enc}: {text}");
    }

    #[test]
    fn iso_8859_6_declared_in_meta() {
        let (bytes, _, _) = encoding_rs::ISO_8859_6.encode("بغداد والعراق");
        let html = [b"<meta charset=\"iso-8859-6\"><p>".as_slice(), &bytes].concat();
        assert_eq!(
            dec(&html, None),
            (
                "<meta charset=\"iso-8859-6\"><p>بغداد والعراق".to_owned(),
                "ISO-8859-6"
            )
        );
    }

    #[test]
    fn header_wins_over_meta_and_http_equiv_is_read() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("مصر");
        let html = [
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">"
                .as_slice(),
            &bytes,
        ]
        .concat();
        assert!(dec(&html, None).0.ends_with("مصر"));
        assert_eq!(
            dec(&html, Some("text/html; charset=windows-1256")).1,
            "windows-1256"
        );
    }

    #[test]
    fn utf8_page_declaring_latin9_decodes_as_utf8() {
        let html = format!("<meta charset=\"iso-8859-15\"><p>{ARABIC} — élève</p>");
        let (text, enc) = dec(html.as_bytes(), None);
        assert_eq!(enc, "UTF-8");
        assert!(text.contains("élève") && text.contains("بغداد"));
    }

    #[test]
    fn bom_wins() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("<meta charset=windows-1252>é".as_bytes());
        assert_eq!(dec(&b, None).1, "UTF-8");
    }

    #[test]
    fn truncated_utf8_is_replaced_not_fatal() {
        let mut b = "بغداد".as_bytes().to_vec();
        b.pop();
        let (t, _) = dec(&b, Some("text/html; charset=utf-8"));
        assert!(t.starts_with("بغدا"));
    }
}
