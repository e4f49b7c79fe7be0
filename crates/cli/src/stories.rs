//! `rasid stories` and `rasid story`: the stories the link stage formed, with provenance;
//! `rasid topics`: who and what the latest days cover more than usual.

use crate::archive::{emit, open_index, open_store, DataArgs, OutletNames};
use anyhow::Result;
use rasid_store::StoryRecord;
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

pub fn stories(args: StoriesArgs) -> Result<ExitCode> {
    let store = open_store(&args.data.data)?;
    let since = args
        .since
        .as_deref()
        .map(|s| crate::archive::time_flag("since", s))
        .transpose()?;
    let list = store.stories(since.as_deref(), args.limit)?;
    let outlets = OutletNames::of(&store)?;
    emit(args.json, &list, |out| {
        for s in &list {
            print_story(out, s, &outlets, false)?;
        }
        Ok(())
    })?;
    let unlinked = rasid_pipeline::unlinked_count(&store)?;
    if unlinked > 0 {
        eprintln!(
            "rasid: {unlinked} article(s) are not in stories yet (ingested with --no-link): `rasid link --data {}` groups them",
            args.data.data.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn story(args: StoryArgs) -> Result<ExitCode> {
    let store = open_store(&args.data.data)?;
    let Some(s) = store.story(args.id)? else {
        eprintln!(
            "rasid: no story {} in {}",
            args.id,
            args.data.data.display()
        );
        return Ok(ExitCode::from(1));
    };
    let outlets = OutletNames::of(&store)?;
    emit(args.json, &s, |out| print_story(out, &s, &outlets, true))?;
    Ok(ExitCode::SUCCESS)
}

fn print_story(
    out: &mut dyn Write,
    s: &StoryRecord,
    outlets: &OutletNames,
    members: bool,
) -> std::io::Result<()> {
    let names: Vec<&str> = s.outlets.iter().map(|o| outlets.name(Some(o))).collect();
    writeln!(
        out,
        "[{}] {}\n    {} article(s) · {} · first: {} {}{}",
        s.id,
        s.title.as_deref().unwrap_or("(untitled)"),
        s.articles.len(),
        names.join(", "),
        outlets.name(s.first_outlet.as_deref()),
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
                outlets.name(a.source.as_deref()),
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
    let store = open_store(&args.data.data)?;
    let index = open_index(&args.data.data)?;
    let r = match rasid_server::related_json(&index, &store, args.id, args.limit) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("rasid: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let outlets = OutletNames::of(&store)?;
    emit(args.json, &r, |out| {
        for a in r["related"].as_array().into_iter().flatten() {
            writeln!(
                out,
                "[{}] {}\n    {} · {} · {}",
                a["id"],
                a["title"].as_str().unwrap_or("(untitled)"),
                outlets.name(a["source"].as_str()),
                a["published"].as_str().unwrap_or("-"),
                a["reason"].as_str().unwrap_or("")
            )?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct OutletsArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

/// Every outlet of the archive with its record as a reporter (as its page and
/// `GET /api/v1/outlets/{key}` give it), most articles first.
pub fn outlets(args: OutletsArgs) -> Result<ExitCode> {
    let store = open_store(&args.data.data)?;
    let names = OutletNames::of(&store)?;
    let mut rows = Vec::new();
    for (key, _) in store.outlets()? {
        if let Some(r) = store.outlet_record(&key, rasid_store::OUTLET_RECORD_ARTICLES)? {
            rows.push(rasid_server::outlet_json(&key, names.name(Some(&key)), &r));
        }
    }
    rows.sort_by(|a, b| {
        b["articles"]
            .as_i64()
            .cmp(&a["articles"].as_i64())
            .then_with(|| a["key"].as_str().cmp(&b["key"].as_str()))
    });
    let json = serde_json::Value::Array(rows);
    emit(args.json, &json, |out| {
        for o in json.as_array().into_iter().flatten() {
            let (shared, first) = (
                o["shared_stories"].as_i64().unwrap_or(0),
                o["first"].as_i64().unwrap_or(0),
            );
            write!(
                out,
                "{} ({}) · {} articles",
                o["name"].as_str().unwrap_or("-"),
                o["key"].as_str().unwrap_or("-"),
                o["articles"]
            )?;
            if shared > 0 {
                write!(
                    out,
                    " · first with {first} of the {shared} stories others carried too ({}%)",
                    first * 100 / shared
                )?;
                if o["read"] != o["articles"] {
                    write!(out, " in its latest {} articles", o["read"])?;
                }
            }
            let origins: Vec<String> = o["origins"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| format!("{} {}", x["agency"].as_str().unwrap_or("-"), x["stories"]))
                .collect();
            if !origins.is_empty() {
                write!(out, " · from {}", origins.join(", "))?;
            }
            writeln!(out)?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct TopicsArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The span, in days up to the archive's latest publication (1 to 30).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=30))]
    days: u32,
    #[arg(long)]
    json: bool,
}

/// The people, places, organisations and tags the last `--days` cover more than the
/// archive before them, each with the story holding most of its articles (the reader's
/// `/topics`).
pub fn topics(args: TopicsArgs) -> Result<ExitCode> {
    let store = open_store(&args.data.data)?;
    let index = open_index(&args.data.data)?;
    let t = rasid_server::web::topics::find(&store, &index, args.days)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let json = t.to_json();
    emit(args.json, &json, |out| {
        writeln!(
            out,
            "{} day(s) up to {} · {} articles",
            args.days,
            json["until"].as_str().unwrap_or("-"),
            t.articles
        )?;
        for (kind, list) in &t.lists {
            if list.is_empty() {
                continue;
            }
            writeln!(out, "\n{kind}")?;
            for topic in list {
                write!(out, "  {} · {} articles", topic.name, topic.count)?;
                if topic.new {
                    write!(out, " · new")?;
                }
                match &topic.story {
                    Some((id, title)) => writeln!(out, "\n      [{id}] {title}")?,
                    None => writeln!(out)?,
                }
            }
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
