//! `rasid export`: the archive's articles as JSON Lines — what `rasid ingest` reads, with
//! everything rasid found besides.

use crate::archive::{require_archive, time_flag_secs, DataArgs};
use anyhow::{Context, Result};
use rasid_store::{ArticleRecord, Store};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Write to this file instead of standard output (`.zst` or `.gz`: compressed).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Only articles published in this last span (30m, 24h, 3d, 2w) or since this date
    /// (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    since: Option<String>,
    /// Only articles published before this date (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    until: Option<String>,
    /// Only this outlet's articles (its key, as `rasid search --facets` lists them).
    #[arg(long)]
    source: Option<String>,
    /// Only articles in this section (rasid's).
    #[arg(long)]
    section: Option<String>,
    /// Include the page each article was extracted from (`html`), when it was kept: an
    /// ingest of the export then extracts it again, images and all.
    #[arg(long)]
    with_page: bool,
}

/// One exported article: the fields `rasid ingest` reads (`id`, `url`, `canonical_url`,
/// `source`, `published`, `updated`, `title`, `body`, `authors`, `section`, `tags`, and
/// `html` when asked), then what rasid made of it.
#[derive(serde::Serialize)]
struct Line<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical_url: Option<&'a str>,
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_name: Option<&'a str>,
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    title: Option<&'a str>,
    lead: Option<&'a str>,
    /// Paragraphs separated by a blank line.
    body: &'a str,
    authors: &'a [String],
    /// The publisher's own section label (what an ingest reads as `section`).
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    /// The publisher's tags.
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<String>,
    // What rasid found.
    rasid_id: i64,
    story: Option<i64>,
    rasid_section: Option<&'a str>,
    section_confidence: Option<f32>,
    key_phrases: &'a [String],
    entities: &'a [rasid_store::EntityMention],
    attributions: &'a [rasid_extract::Attribution],
    images: &'a [rasid_extract::Media],
    videos: &'a [rasid_extract::Media],
    lang: Option<&'a str>,
    fetched_at: Option<&'a str>,
}

/// Which articles to write.
struct Filter {
    since: Option<i64>,
    until: Option<i64>,
    source: Option<String>,
    section: Option<String>,
}

impl Filter {
    fn keeps(&self, a: &ArticleRecord) -> bool {
        if self.source.is_some() && a.outlet != self.source {
            return false;
        }
        if self.section.is_some() && a.section != self.section {
            return false;
        }
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        // An article without a publication time is in no span.
        let Some(t) = a
            .published
            .as_deref()
            .and_then(rasid_extract::dates::parse_machine)
            .map(|d| d.timestamp())
        else {
            return false;
        };
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t < u)
    }
}

/// Where the lines go: standard output, or a file, compressed by its name.
enum Sink {
    Plain(Box<dyn Write>),
    Zstd(zstd::Encoder<'static, std::io::BufWriter<std::fs::File>>),
    Gzip(flate2::write::GzEncoder<std::io::BufWriter<std::fs::File>>),
}

impl Sink {
    fn open(out: Option<&Path>) -> Result<Sink> {
        let Some(path) = out else {
            return Ok(Sink::Plain(Box::new(std::io::BufWriter::new(
                std::io::stdout().lock(),
            ))));
        };
        let file = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        let name = path.to_string_lossy();
        Ok(if name.ends_with(".zst") {
            Sink::Zstd(zstd::Encoder::new(file, 3)?)
        } else if name.ends_with(".gz") {
            Sink::Gzip(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            ))
        } else {
            Sink::Plain(Box::new(file))
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Plain(w) => w,
            Sink::Zstd(w) => w,
            Sink::Gzip(w) => w,
        }
    }

    /// Ends the stream (a compressed one's last frame) and flushes it to the file.
    fn finish(self) -> std::io::Result<()> {
        match self {
            Sink::Plain(mut w) => w.flush(),
            Sink::Zstd(w) => w.finish()?.flush(),
            Sink::Gzip(w) => w.finish()?.flush(),
        }
    }
}

/// Writes the articles the filters keep, in the order they were stored.
pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let data = &args.data.data;
    require_archive(data)?;
    let filter = Filter {
        since: args
            .since
            .as_deref()
            .map(|s| time_flag_secs("since", s))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|u| time_flag_secs("until", u))
            .transpose()?,
        source: None,
        section: crate::archive::section_flag(args.section.as_deref())?,
    };
    let store = Store::open(data)?;
    let filter = Filter {
        source: crate::archive::outlet_flag(&store, args.source.as_deref())?,
        ..filter
    };
    let total = store.count_articles()?;
    let bar = if std::io::stderr().is_terminal() && args.out.is_some() {
        indicatif::ProgressBar::new(total as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut sink = Sink::open(args.out.as_deref())?;
    let out = sink.writer();
    let (mut after, mut written) = (0i64, 0u64);
    loop {
        let page = store.articles_after(after, 1_000)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        bar.inc(page.len() as u64);
        for a in page.iter().filter(|a| filter.keeps(a)) {
            let html = match args.with_page {
                true => match store.raw_page(a.id)? {
                    Some((bytes, kind)) if kind == "html" => Some(
                        rasid_extract::decode::decode(
                            &bytes,
                            None,
                            a.url.as_deref(),
                            &mut Vec::new(),
                        )
                        .0,
                    ),
                    _ => None,
                },
                false => None,
            };
            let line = Line {
                id: a.external_id.as_deref(),
                url: a.url.as_deref(),
                canonical_url: a.canonical_url.as_deref(),
                source: a.outlet.as_deref(),
                source_name: a.outlet_name.as_deref(),
                published: a.published.as_deref(),
                updated: a.updated.as_deref(),
                title: a.title.as_deref(),
                lead: a.lead.as_deref(),
                body: &a.body,
                authors: &a.authors,
                section: a.publisher_section.as_deref(),
                tags: &a.tags,
                html,
                rasid_id: a.id,
                story: store.story_of(a.id)?,
                rasid_section: a.section.as_deref(),
                section_confidence: a.section_confidence,
                key_phrases: &a.key_phrases,
                entities: &a.entities,
                attributions: &a.attributions,
                images: &a.images,
                videos: &a.videos,
                lang: a.lang.as_deref(),
                fetched_at: a.fetched_at.as_deref(),
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    sink.finish()?;
    bar.finish_and_clear();
    if let Some(path) = &args.out {
        eprintln!(
            "exported {written} of {total} articles to {}",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
