//! `rasid stories` and `rasid story`: the stories the link stage formed, with provenance.

use crate::archive::DataArgs;
use anyhow::Result;
use rasid_store::{Store, StoryRecord};
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Only stories with an article in this last span (30m, 24h, 3d, 2w) or since this date
    /// (YYYY-MM-DD or RFC 3339); without it, every story, singletons included.
    #[arg(long)]
    since: Option<String>,
    /// At most this many stories, latest first.
    #[arg(long, default_value_t = 1_000_000)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct StoryArgs {
    /// The story's id.
    id: i64,
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

fn open(data: &std::path::Path) -> Result<Store> {
    if !data.join("rasid.db").exists() {
        anyhow::bail!(
            "no archive in {}: ingest something first (rasid ingest FILE --link --data {})",
            data.display(),
            data.display()
        );
    }
    Ok(Store::open(data)?)
}

pub fn stories(args: StoriesArgs) -> Result<ExitCode> {
    let store = open(&args.data.data)?;
    let since = args
        .since
        .as_deref()
        .map(|s| rasid_server::since_utc(s, rasid_store::now_rfc3339().as_str()))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let list = store.stories(since.as_deref(), args.limit)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &list)?;
        writeln!(out)?;
    } else {
        for s in &list {
            print_story(&mut out, s, false)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn story(args: StoryArgs) -> Result<ExitCode> {
    let store = open(&args.data.data)?;
    let Some(s) = store.story(args.id)? else {
        eprintln!(
            "rasid: no story {} in {}",
            args.id,
            args.data.data.display()
        );
        return Ok(ExitCode::from(1));
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &s)?;
        writeln!(out)?;
    } else {
        print_story(&mut out, &s, true)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_story(out: &mut impl Write, s: &StoryRecord, members: bool) -> Result<()> {
    writeln!(
        out,
        "[{}] {}\n    {} article(s) · {} · first: {} {}{}",
        s.id,
        s.title.as_deref().unwrap_or("(untitled)"),
        s.articles.len(),
        s.outlets.join(", "),
        s.first_outlet.as_deref().unwrap_or("-"),
        s.first_published.as_deref().unwrap_or("-"),
        s.origin
            .as_deref()
            .map(|o| format!(" · origin: {o}"))
            .unwrap_or_default()
    )?;
    if members {
        for a in &s.articles {
            writeln!(
                out,
                "    - [{}] {} · {} · {}",
                a.id,
                a.title.as_deref().unwrap_or("(untitled)"),
                a.source.as_deref().unwrap_or("-"),
                a.published.as_deref().unwrap_or("-")
            )?;
        }
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct RelatedArgs {
    /// The article's id.
    id: i64,
    #[command(flatten)]
    data: DataArgs,
    /// At most this many.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

pub fn related(args: RelatedArgs) -> Result<ExitCode> {
    let store = open(&args.data.data)?;
    let index = rasid_search::SearchIndex::open(&args.data.data)?;
    index.ensure_current()?;
    let r = match rasid_server::related_json(&index, &store, args.id, args.limit) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("rasid: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &r)?;
        writeln!(out)?;
    } else {
        for a in r["related"].as_array().into_iter().flatten() {
            writeln!(
                out,
                "[{}] {}\n    {} · {} · {}",
                a["id"],
                a["title"].as_str().unwrap_or("(untitled)"),
                a["source"].as_str().unwrap_or("-"),
                a["published"].as_str().unwrap_or("-"),
                a["reason"].as_str().unwrap_or("")
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
