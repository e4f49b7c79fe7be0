//! Reading inputs: JSONL (plain or zstd), HTML and text files, directories of them, and
//! WARC files (plain or gzip), each item tagged with its position for error reports.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// From the file name (and the first bytes of standard input).
    Auto,
    Jsonl,
    Html,
    Text,
    Warc,
}

/// One thing read: a record or a page, and where it came from (`file:line`).
pub struct Item {
    pub position: String,
    pub kind: ItemKind,
}

pub enum ItemKind {
    /// A JSONL record: `id`, `url`, `source`, `date`/`published`, `title`, `body`/`html`.
    Record(serde_json::Value),
    /// A page to extract.
    Page {
        bytes: Vec<u8>,
        kind: &'static str,
        url: Option<String>,
    },
    /// A page the crawler fetched (or built from a feed's full text), with what the
    /// feed said of it.
    Fetched(Box<Fetched>),
    /// Something unreadable, with the reason.
    Invalid(&'static str),
}

/// A fetched page and the feed's word on it (used where the page says nothing).
#[derive(Clone, Debug, Default)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub url: String,
    pub content_type: Option<String>,
    /// RFC 3339.
    pub fetched_at: String,
    /// The feed item's GUID (kept as the external id).
    pub guid: Option<String>,
    pub title: Option<String>,
    /// RFC 3339.
    pub published: Option<String>,
    pub updated: Option<String>,
    /// The section the user gave the feed.
    pub section: Option<String>,
    /// The item's categories (the publisher's tags and section labels).
    pub categories: Vec<String>,
}

/// Inputs larger than this are skipped as pages (a page is not a gigabyte).
pub(crate) const MAX_PAGE: u64 = 64 * 1024 * 1024;

/// Reads `path` (a file, a directory, or `-`), calling `emit` per item until it returns false.
pub fn read(
    path: &Path,
    format: Format,
    emit: &mut dyn FnMut(Item) -> bool,
) -> std::io::Result<()> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        let format = match format {
            Format::Auto if buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') => {
                Format::Jsonl
            }
            Format::Auto => Format::Html,
            f => f,
        };
        return read_bytes("-", buf, format, emit);
    }
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            if e.is_dir() || format != Format::Auto || detect(&e).is_some() {
                read(&e, format, emit)?;
            }
        }
        return Ok(());
    }
    let format = match format {
        Format::Auto => detect(path).unwrap_or(Format::Html),
        f => f,
    };
    let name = path.display().to_string();
    let lower = name.to_ascii_lowercase();
    // Any of them compressed: `.zst` or `.gz` (one gzip member or several).
    let open = || -> std::io::Result<Box<dyn Read>> {
        let file = std::fs::File::open(path)?;
        Ok(if lower.ends_with(".zst") {
            Box::new(zstd::Decoder::new(file)?)
        } else if lower.ends_with(".gz") {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        })
    };
    match format {
        Format::Jsonl => jsonl(&name, BufReader::with_capacity(1 << 20, open()?), emit),
        Format::Warc => crate::warc::read(&name, BufReader::new(open()?), emit),
        Format::Html | Format::Text | Format::Auto => {
            // Read up to one byte past the limit (a plain file's size says it at once).
            let mut bytes = Vec::new();
            let compressed = lower.ends_with(".zst") || lower.ends_with(".gz");
            let invalid = if !compressed && meta.len() > MAX_PAGE {
                Some("page larger than 64 MB")
            } else {
                match open()?.take(MAX_PAGE + 1).read_to_end(&mut bytes) {
                    Ok(_) if bytes.len() as u64 > MAX_PAGE => Some("page larger than 64 MB"),
                    Ok(_) => None,
                    Err(e) if corrupt(&e) => Some("corrupt compressed data"),
                    Err(e) => return Err(e),
                }
            };
            if let Some(why) = invalid {
                emit(Item {
                    position: name,
                    kind: ItemKind::Invalid(why),
                });
                return Ok(());
            }
            read_bytes(&name, bytes, format, emit)
        }
    }
}

fn read_bytes(
    name: &str,
    bytes: Vec<u8>,
    format: Format,
    emit: &mut dyn FnMut(Item) -> bool,
) -> std::io::Result<()> {
    match format {
        Format::Jsonl => jsonl(name, BufReader::new(&bytes[..]), emit),
        Format::Warc => crate::warc::read(name, BufReader::new(&bytes[..]), emit),
        _ => {
            emit(Item {
                position: name.to_owned(),
                kind: ItemKind::Page {
                    bytes,
                    kind: if format == Format::Text {
                        "text"
                    } else {
                        "html"
                    },
                    url: None,
                },
            });
            Ok(())
        }
    }
}

/// The format a file name says.
fn detect(path: &Path) -> Option<Format> {
    let n = path.file_name()?.to_str()?.to_ascii_lowercase();
    let n = n
        .strip_suffix(".zst")
        .or_else(|| n.strip_suffix(".gz"))
        .unwrap_or(&n)
        .to_owned();
    if n.ends_with(".jsonl") || n.ends_with(".ndjson") || n.ends_with(".json") {
        Some(Format::Jsonl)
    } else if n.ends_with(".warc") {
        Some(Format::Warc)
    } else if n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".xhtml") {
        Some(Format::Html)
    } else if n.ends_with(".txt") || n.ends_with(".text") {
        Some(Format::Text)
    } else {
        None
    }
}

fn jsonl(
    name: &str,
    mut reader: impl BufRead,
    emit: &mut dyn FnMut(Item) -> bool,
) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        number += 1;
        line.clear();
        let position = || format!("{name}:{number}");
        match (&mut reader)
            .take(MAX_PAGE + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) if corrupt(&e) => {
                // A corrupt compressed stream: report it at this line and stop this file.
                emit(Item {
                    position: position(),
                    kind: ItemKind::Invalid("corrupt compressed data"),
                });
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        if line.len() as u64 > MAX_PAGE {
            // Not read further: the rest of the line is skipped unread.
            skip_line(&mut reader)?;
            if !emit(Item {
                position: position(),
                kind: ItemKind::Invalid("line longer than 64 MB"),
            }) {
                return Ok(());
            }
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let kind = match serde_json::from_slice::<serde_json::Value>(&line) {
            Ok(v) if v.is_object() => ItemKind::Record(v),
            Ok(_) => ItemKind::Invalid("line is not a JSON object"),
            Err(_) => ItemKind::Invalid("invalid JSON"),
        };
        if !emit(Item {
            position: position(),
            kind,
        }) {
            return Ok(());
        }
    }
}

/// Whether a read error is the data's (a corrupt compressed stream, a file cut short)
/// rather than the system's.
pub(crate) fn corrupt(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::InvalidData
            | std::io::ErrorKind::InvalidInput
            | std::io::ErrorKind::UnexpectedEof
    )
}

/// Consumes the stream up to and including the next newline, without keeping it.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(());
        }
        let n = buf.len();
        reader.consume(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_files_of_every_kind_are_read() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let gz = |name: &str, text: &str| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(text.as_bytes()).unwrap();
            std::fs::write(dir.path().join(name), e.finish().unwrap()).unwrap();
        };
        gz("a.jsonl.gz", "{\"id\":\"1\"}\n{\"id\":\"2\"}\n");
        gz("b.html.gz", "<html><body><p>خبر</p></body></html>");
        std::fs::write(
            dir.path().join("c.txt.zst"),
            zstd::encode_all("نص الخبر".as_bytes(), 1).unwrap(),
        )
        .unwrap();
        std::fs::write(dir.path().join("d.html.gz"), b"\x1f\x8b not really").unwrap();
        let mut got = Vec::new();
        read(dir.path(), Format::Auto, &mut |item| {
            let name = item.position.rsplit('/').next().unwrap_or("").to_owned();
            got.push(match item.kind {
                ItemKind::Record(v) => format!("{name} {}", v["id"]),
                ItemKind::Page { bytes, kind, .. } => {
                    format!("{name} {kind} {}", String::from_utf8_lossy(&bytes))
                }
                ItemKind::Invalid(why) => format!("{name} {why}"),
                ItemKind::Fetched(_) => unreachable!(),
            });
            true
        })
        .unwrap();
        assert_eq!(
            got,
            [
                "a.jsonl.gz:1 \"1\"",
                "a.jsonl.gz:2 \"2\"",
                "b.html.gz html <html><body><p>خبر</p></body></html>",
                "c.txt.zst text نص الخبر",
                "d.html.gz corrupt compressed data",
            ]
        );
    }

    #[test]
    fn jsonl_lines_are_named_and_bounded() {
        let mut data = b"{\"id\":\"1\"}\n{not json\n[1,2]\n\n".to_vec();
        data.push(b'"');
        data.resize(data.len() + MAX_PAGE as usize + 10, b'a');
        data.extend_from_slice(b"\"\n{\"id\":\"6\"}");
        let mut got = Vec::new();
        jsonl("in.jsonl", BufReader::new(&data[..]), &mut |item| {
            got.push(match item.kind {
                ItemKind::Record(v) => format!("{} {}", item.position, v["id"]),
                ItemKind::Invalid(why) => format!("{} {why}", item.position),
                _ => unreachable!(),
            });
            true
        })
        .unwrap();
        assert_eq!(
            got,
            [
                "in.jsonl:1 \"1\"",
                "in.jsonl:2 invalid JSON",
                "in.jsonl:3 line is not a JSON object",
                "in.jsonl:5 line longer than 64 MB",
                "in.jsonl:6 \"6\"",
            ]
        );
    }
}
