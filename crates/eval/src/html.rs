//! A crude visible-text dump of an HTML page, enough for language identification
//! until the extraction crate exists.

/// Text outside tags, without script/style/noscript/svg/template content, entities decoded.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if lower[i..].starts_with("<!--") {
                i = lower[i..].find("-->").map_or(bytes.len(), |j| i + j + 3);
                continue;
            }
            let skip = ["script", "style", "noscript", "svg", "template"]
                .into_iter()
                .find(|t| lower[i + 1..].starts_with(t));
            let close = lower[i..].find('>').map_or(bytes.len(), |j| i + j + 1);
            i = match skip {
                Some(t) => {
                    let end_tag = format!("</{t}");
                    lower[close.min(lower.len())..]
                        .find(&end_tag)
                        .map_or(bytes.len(), |j| close + j + end_tag.len())
                }
                None => close,
            };
            out.push(' ');
            continue;
        }
        let next = lower[i..].find('<').map_or(bytes.len(), |j| i + j);
        decode_entities(&html[i..next], &mut out);
        i = next;
    }
    out
}

fn decode_entities(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}
