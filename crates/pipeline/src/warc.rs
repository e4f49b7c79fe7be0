//! WARC files (ISO 28500) as web crawlers write them (Heritrix, wget, warcio, Browsertrix):
//! a `response` record holding a successful HTML response becomes a page, with the record's
//! target URI, its date as the fetch time and the response's `Content-Type` (its charset);
//! a `resource` record holding HTML too. The HTTP payload is taken as the server sent it,
//! so chunked transfer coding and gzip, deflate or brotli content coding are undone.
//! Skipped without a word, as a crawl is full of them: requests, metadata, revisits,
//! warcinfo; redirects, errors and other non-2xx responses; images, scripts, style sheets
//! and everything else that is not HTML. Reported with the record's number: a record
//! without a length, one larger than [`MAX_PAGE`] (its payload skipped unread), a
//! truncated file, a body whose coding does not decode, and a file with no record at all.
//!
//! Bounded: a header line is read up to 64 KB, a header block up to 256 lines, a record
//! and a decoded body up to [`MAX_PAGE`].

use crate::input::{Fetched, Item, ItemKind, MAX_PAGE};
use std::io::{self, BufRead, Read};

const MAX_LINE: u64 = 64 * 1024;
const MAX_HEADERS: usize = 256;

/// Reads the records of a WARC stream, calling `emit` per page (or unreadable record)
/// until it returns false.
pub(crate) fn read(
    name: &str,
    mut reader: impl BufRead,
    emit: &mut dyn FnMut(Item) -> bool,
) -> io::Result<()> {
    let mut record = 0usize;
    match records(name, &mut reader, emit, &mut record) {
        Ok(()) => Ok(()),
        // A corrupt compressed stream or a cut file: report it at the record it stopped in.
        Err(e) if crate::input::corrupt(&e) => {
            emit(Item {
                position: position(name, record.max(1)),
                kind: ItemKind::Invalid(
                    "corrupt or truncated WARC data; the rest of the file is skipped",
                ),
            });
            Ok(())
        }
        Err(e) => Err(e),
    }
}

fn position(name: &str, record: usize) -> String {
    format!("{name}: record {record}")
}

fn records(
    name: &str,
    reader: &mut impl BufRead,
    emit: &mut dyn FnMut(Item) -> bool,
    record: &mut usize,
) -> io::Result<()> {
    loop {
        let headers = match next_record(reader)? {
            Next::Record(h) => h,
            Next::TooLong => {
                *record += 1;
                if !emit(invalid(name, *record, "WARC header block too long")) {
                    return Ok(());
                }
                continue;
            }
            Next::End => {
                if *record == 0 {
                    emit(Item {
                        position: name.to_owned(),
                        kind: ItemKind::Invalid("no WARC record found (is this a WARC file?)"),
                    });
                }
                return Ok(());
            }
        };
        *record += 1;
        let Some(len) = headers
            .get("content-length")
            .and_then(|v| v.parse::<u64>().ok())
        else {
            // The next record is found by its `WARC/` line.
            if !emit(invalid(
                name,
                *record,
                "WARC record without a valid Content-Length",
            )) {
                return Ok(());
            }
            continue;
        };
        let kind = headers.get("warc-type").unwrap_or("").to_ascii_lowercase();
        let wanted = kind == "response" || kind == "resource";
        if !wanted || len > MAX_PAGE {
            let oversized = wanted;
            if oversized && !emit(invalid(name, *record, "WARC record larger than 64 MB")) {
                return Ok(());
            }
            let skipped = io::copy(&mut reader.take(len), &mut io::sink())?;
            if skipped < len {
                if !oversized {
                    emit(invalid(name, *record, "truncated WARC record"));
                }
                return Ok(());
            }
            continue;
        }
        let mut payload = Vec::with_capacity(len as usize);
        reader.take(len).read_to_end(&mut payload)?;
        if (payload.len() as u64) < len {
            emit(invalid(name, *record, "truncated WARC record"));
            return Ok(());
        }
        let page = if kind == "response" {
            response(payload)
        } else {
            resource(&headers, payload)
        };
        let item = match page {
            Ok(Some((bytes, content_type))) => {
                page_item(name, *record, &headers, bytes, content_type)
            }
            Ok(None) => continue,
            Err(why) => invalid(name, *record, why),
        };
        if !emit(item) {
            return Ok(());
        }
    }
}

fn invalid(name: &str, record: usize, why: &'static str) -> Item {
    Item {
        position: position(name, record),
        kind: ItemKind::Invalid(why),
    }
}

/// The page of a record: fetched from its target URI when it has one (so extraction gets
/// the charset of its `Content-Type` and its date resolves relative times), else bare.
fn page_item(
    name: &str,
    record: usize,
    headers: &Headers,
    bytes: Vec<u8>,
    content_type: Option<String>,
) -> Item {
    let url = headers
        .get("warc-target-uri")
        .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_owned())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let position = position(name, record);
    let Some(url) = url else {
        return Item {
            position,
            kind: ItemKind::Page {
                bytes,
                kind: "html",
                url: None,
            },
        };
    };
    let fetched_at = headers
        .get("warc-date")
        .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        .map(|d| crate::crawl::timestamp(d.with_timezone(&chrono::Utc)))
        .unwrap_or_else(rasid_store::now_rfc3339);
    Item {
        position,
        kind: ItemKind::Fetched(Box::new(Fetched {
            bytes,
            url,
            content_type,
            fetched_at,
            ..Fetched::default()
        })),
    }
}

/// Header lines, names lowercased, in order.
#[derive(Debug, Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn push_line(&mut self, line: &[u8]) {
        let line = String::from_utf8_lossy(line);
        if let Some((k, v)) = line.split_once(':') {
            self.0
                .push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
}

enum Next {
    Record(Headers),
    TooLong,
    End,
}

/// Reads one line of at most [`MAX_LINE`] bytes into `buf` (without its line end);
/// `false` at the end of the stream.
fn line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    if reader.take(MAX_LINE).read_until(b'\n', buf)? == 0 {
        return Ok(false);
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(true)
}

/// Skips to the next `WARC/` line and reads the record's header block.
fn next_record(reader: &mut impl BufRead) -> io::Result<Next> {
    let mut buf = Vec::new();
    loop {
        if !line(reader, &mut buf)? {
            return Ok(Next::End);
        }
        if buf.starts_with(b"WARC/") {
            break;
        }
    }
    let mut headers = Headers::default();
    for _ in 0..MAX_HEADERS {
        if !line(reader, &mut buf)? || buf.is_empty() {
            return Ok(Next::Record(headers));
        }
        headers.push_line(&buf);
    }
    Ok(Next::TooLong)
}

/// The media type of a `Content-Type` value, lowercased, without its parameters.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_html(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|c| {
        let m = media_type(c);
        m.is_empty() || m == "text/html" || m == "application/xhtml+xml"
    })
}

type Page = Result<Option<(Vec<u8>, Option<String>)>, &'static str>;

/// A `resource` record: the payload is the document itself.
fn resource(headers: &Headers, payload: Vec<u8>) -> Page {
    let content_type = headers.get("content-type").map(str::to_owned);
    if !is_html(content_type.as_deref()) {
        return Ok(None);
    }
    Ok(Some((payload, content_type)))
}

/// A `response` record: an HTTP status line and headers, then the body as sent.
fn response(mut payload: Vec<u8>) -> Page {
    let head_len = payload.len().min(MAX_LINE as usize);
    let head = &payload[..head_len];
    let Some((end, body_at)) = find(head, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(head, b"\n\n").map(|i| (i, i + 2)))
    else {
        return Err("WARC response without an HTTP body");
    };
    let mut lines = head[..end].split(|&b| b == b'\n');
    let status_line = lines.next().unwrap_or(b"");
    if !status_line.starts_with(b"HTTP/") {
        return Err("WARC response that is not an HTTP response");
    }
    let status: Option<u16> = String::from_utf8_lossy(status_line)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok());
    match status {
        Some(200..=299) => {}
        Some(_) => return Ok(None),
        None => return Err("WARC response with an unreadable HTTP status line"),
    }
    let mut headers = Headers::default();
    for l in lines {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        headers.push_line(l);
    }
    let content_type = headers.get("content-type").map(str::to_owned);
    if !is_html(content_type.as_deref()) {
        return Ok(None);
    }
    let mut body = payload.split_off(body_at);
    if headers
        .get("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        body = dechunk(&body)?;
    }
    if let Some(coding) = headers.get("content-encoding") {
        body = decode(coding, body)?;
    }
    Ok(Some((body, content_type)))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Undoes chunked transfer coding. A body that ends early (a crawler that cut the
/// download) keeps the chunks it has.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, &'static str> {
    let mut out = Vec::with_capacity(rest.len());
    loop {
        let Some(eol) = find(rest, b"\n") else {
            return if out.is_empty() {
                Err("WARC response with a malformed chunked body")
            } else {
                Ok(out)
            };
        };
        let size_line = String::from_utf8_lossy(&rest[..eol]);
        let size = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size, 16) else {
            return Err("WARC response with a malformed chunked body");
        };
        rest = &rest[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        if take < size {
            return Ok(out);
        }
        rest = &rest[take..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// Undoes the content coding the server applied (a body already decoded by the crawler,
/// with the header left in place, is taken as it is).
fn decode(coding: &str, body: Vec<u8>) -> Result<Vec<u8>, &'static str> {
    let coding = coding.trim().to_ascii_lowercase();
    let looks_decoded = |b: &[u8]| {
        b.iter()
            .find(|c| !c.is_ascii_whitespace())
            .is_some_and(|&c| c == b'<')
            || b.starts_with("\u{feff}".as_bytes())
    };
    let decoded = match coding.as_str() {
        "" | "identity" => return Ok(body),
        "gzip" | "x-gzip" => {
            if !body.starts_with(&[0x1f, 0x8b]) {
                return Ok(body);
            }
            inflate(flate2::read::MultiGzDecoder::new(&body[..]))
        }
        "deflate" => inflate(flate2::read::ZlibDecoder::new(&body[..]))
            .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&body[..]))),
        "br" => inflate(brotli_decompressor::Decompressor::new(&body[..], 4096)),
        _ => return Err("WARC response in a content coding rasid does not read"),
    };
    match decoded {
        Ok(d) => Ok(d),
        Err(why) if looks_decoded(&body) && why != TOO_LARGE => Ok(body),
        Err(why) => Err(why),
    }
}

const TOO_LARGE: &str = "WARC response larger than 64 MB once decompressed";

fn inflate(decoder: impl Read) -> Result<Vec<u8>, &'static str> {
    let mut out = Vec::new();
    decoder
        .take(MAX_PAGE + 1)
        .read_to_end(&mut out)
        .map_err(|_| "WARC response whose compressed body does not decompress")?;
    if out.len() as u64 > MAX_PAGE {
        return Err(TOO_LARGE);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, uri: Option<&str>, extra: &str, payload: &[u8]) -> Vec<u8> {
        let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n").into_bytes();
        if let Some(u) = uri {
            out.extend_from_slice(format!("WARC-Target-URI: {u}\r\n").as_bytes());
        }
        out.extend_from_slice(extra.as_bytes());
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", payload.len()).as_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    const PAGE: &str = "<html><body><p>خبر</p></body></html>";

    /// Each item as (position, URL or reason, bytes).
    fn items(bytes: &[u8]) -> Vec<(String, String, Vec<u8>)> {
        let mut out = Vec::new();
        read("t.warc", io::BufReader::new(bytes), &mut |item| {
            out.push(match item.kind {
                ItemKind::Fetched(f) => (item.position, f.url, f.bytes),
                ItemKind::Page { bytes, .. } => (item.position, "(no url)".into(), bytes),
                ItemKind::Invalid(why) => (item.position, why.into(), Vec::new()),
                ItemKind::Record(_) => unreachable!(),
            });
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn only_successful_html_responses_become_pages() {
        let mut warc = record("warcinfo", None, "", b"software: test\r\n");
        warc.extend(record(
            "request",
            Some("https://a.example/1"),
            "",
            b"GET /1 HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            Some("https://a.example/1"),
            "WARC-Date: 2018-03-12T10:20:30Z\r\n",
            &http(
                "200 OK",
                "Content-Type: text/html; charset=windows-1256\r\n",
                PAGE.as_bytes(),
            ),
        ));
        warc.extend(record(
            "response",
            Some("https://a.example/old"),
            "",
            &http(
                "301 Moved Permanently",
                "Location: /1\r\nContent-Type: text/html\r\n",
                b"<a href=/1>moved</a>",
            ),
        ));
        warc.extend(record(
            "response",
            Some("https://a.example/gone"),
            "",
            &http(
                "404 Not Found",
                "Content-Type: text/html\r\n",
                b"<p>not found</p>",
            ),
        ));
        warc.extend(record(
            "response",
            Some("https://a.example/logo.png"),
            "",
            &http(
                "200 OK",
                "Content-Type: image/png\r\n",
                b"\x89PNG\r\n\x1a\n",
            ),
        ));
        warc.extend(record("revisit", Some("https://a.example/1"), "", b""));
        warc.extend(record(
            "resource",
            Some("https://a.example/2"),
            "Content-Type: text/html\r\n",
            PAGE.as_bytes(),
        ));
        warc.extend(record(
            "metadata",
            Some("https://a.example/2"),
            "",
            b"outlinks: none",
        ));
        let got = items(&warc);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "t.warc: record 3");
        assert_eq!(got[0].1, "https://a.example/1");
        assert_eq!(got[0].2, PAGE.as_bytes());
        assert_eq!(got[1].1, "https://a.example/2");
        // The response's date and charset go with the page.
        let mut fetched = None;
        read("t.warc", io::BufReader::new(&warc[..]), &mut |item| {
            if let ItemKind::Fetched(f) = item.kind {
                fetched.get_or_insert(*f);
            }
            true
        })
        .unwrap();
        let f = fetched.unwrap();
        assert_eq!(f.fetched_at, "2018-03-12T10:20:30Z");
        assert_eq!(
            f.content_type.as_deref(),
            Some("text/html; charset=windows-1256")
        );
    }

    #[test]
    fn bodies_are_taken_as_the_server_sent_them() {
        let gz = {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(PAGE.as_bytes()).unwrap();
            e.finish().unwrap()
        };
        // Chunked, then gzip inside the chunks, as a server streaming a compressed page.
        let (a, b) = gz.split_at(gz.len() / 2);
        let mut chunked = format!("{:x}\r\n", a.len()).into_bytes();
        chunked.extend_from_slice(a);
        chunked.extend_from_slice(format!("\r\n{:X};ext=1\r\n", b.len()).as_bytes());
        chunked.extend_from_slice(b);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let deflated = {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(PAGE.as_bytes()).unwrap();
            e.finish().unwrap()
        };
        let mut warc = record(
            "response",
            Some("https://a.example/gz"),
            "",
            &http(
                "200 OK",
                "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                &chunked,
            ),
        );
        warc.extend(record(
            "response",
            Some("https://a.example/deflate"),
            "",
            &http("200 OK", "Content-Encoding: deflate\r\n", &deflated),
        ));
        // PAGE in brotli (made with Python's `brotli.compress`).
        const BR: [u8; 41] = [
            27, 38, 0, 248, 157, 9, 118, 172, 147, 129, 145, 209, 236, 56, 74, 30, 56, 236, 68,
            117, 141, 173, 23, 180, 246, 97, 107, 163, 91, 180, 8, 85, 155, 0, 131, 95, 242, 145,
            219, 19, 2,
        ];
        warc.extend(record(
            "response",
            Some("https://a.example/br"),
            "",
            &http("200 OK", "Content-Encoding: br\r\n", &BR),
        ));
        // A crawler that stored the body decoded but kept the header.
        warc.extend(record(
            "response",
            Some("https://a.example/decoded"),
            "",
            &http("200 OK", "Content-Encoding: gzip\r\n", PAGE.as_bytes()),
        ));
        warc.extend(record(
            "response",
            Some("https://a.example/broken"),
            "",
            &http("200 OK", "Content-Encoding: gzip\r\n", &gz[..gz.len() / 3]),
        ));
        let got = items(&warc);
        assert_eq!(got.len(), 5, "{got:?}");
        for (_, url, bytes) in &got[..4] {
            assert_eq!(bytes, PAGE.as_bytes(), "{url}");
        }
        assert_eq!(got[4].0, "t.warc: record 5");
        assert!(got[4].1.contains("does not decompress"), "{:?}", got[4]);
    }

    #[test]
    fn bad_records_are_named_and_the_rest_is_read() {
        let ok = || {
            record(
                "response",
                Some("https://a.example/ok"),
                "",
                &http("200 OK", "", PAGE.as_bytes()),
            )
        };
        // Header bytes that are not UTF-8, garbage between records, a record without a
        // length, a huge declared length at the end of a cut file.
        let mut warc =
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/\xe9t\xe9\r\n"
                .to_vec();
        let body = http("200 OK", "", PAGE.as_bytes());
        warc.extend(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        warc.extend(&body);
        warc.extend(b"\r\n\r\nsome bytes that are not a record\r\n");
        warc.extend(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n<p>no length</p>\r\n\r\n");
        warc.extend(ok());
        warc.extend(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nshort");
        let got = items(&warc);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0].1, "https://a.example/\u{fffd}t\u{fffd}");
        assert_eq!(got[1].0, "t.warc: record 2");
        assert!(got[1].1.contains("Content-Length"));
        assert_eq!(got[2].1, "https://a.example/ok");
        assert_eq!(got[3].0, "t.warc: record 4");
        assert!(got[3].1.contains("larger than 64 MB"), "{:?}", got[3]);

        let mut cut = ok();
        cut.truncate(cut.len() - 20);
        let got = items(&cut);
        assert!(got[0].1.contains("truncated"), "{got:?}");

        let got = items(b"<html>not a warc</html>");
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("no WARC record"), "{got:?}");
    }

    #[test]
    fn mangled_crawls_are_read_without_panic() {
        let gz = {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(PAGE.as_bytes()).unwrap();
            e.finish().unwrap()
        };
        let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
        chunked.extend_from_slice(&gz);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut base = record(
            "request",
            Some("https://a.example/1"),
            "",
            b"GET / HTTP/1.1\r\n\r\n",
        );
        base.extend(record(
            "response",
            Some("https://a.example/1"),
            "WARC-Date: 2018-03-12T10:20:30Z\r\n",
            &http(
                "200 OK",
                "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                &chunked,
            ),
        ));
        base.extend(record(
            "resource",
            None,
            "Content-Type: text/html\r\n",
            PAGE.as_bytes(),
        ));
        // Deterministic mutations: bytes changed, cut, repeated and removed.
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n.max(1) as u64) as usize
        };
        for _ in 0..3000 {
            let mut w = base.clone();
            for _ in 0..1 + next(4) {
                let at = next(w.len());
                match next(4) {
                    0 if at < w.len() => w[at] = next(256) as u8,
                    0 => {}
                    1 => w.truncate(at),
                    2 => {
                        let end = (at + next(64)).min(w.len());
                        let piece = w[at..end].to_vec();
                        w.splice(at..at, piece);
                    }
                    _ => {
                        let end = (at + next(16)).min(w.len());
                        w.drain(at..end);
                    }
                }
            }
            let got = items(&w);
            assert!(got.len() <= 4, "{got:?}");
            assert!(got.iter().all(|(_, _, b)| b.len() as u64 <= MAX_PAGE));
        }
    }

    #[test]
    fn a_header_block_without_end_is_bounded() {
        let mut warc = b"WARC/1.0\r\n".to_vec();
        for i in 0..10_000 {
            warc.extend(format!("X-{i}: y\r\n").as_bytes());
        }
        let got = items(&warc);
        assert!(got[0].1.contains("too long"), "{:?}", &got[..1]);
    }
}
