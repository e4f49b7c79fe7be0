//! `rasid status`: what a data directory holds and whether it is keeping up.

use crate::archive::{emit, open_store, require_archive, DataArgs};
use anyhow::Result;
use rasid_search::SearchIndex;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Status {
    data: std::path::PathBuf,
    /// The SQLite file, or the PostgreSQL database (its address, password hidden).
    store: std::path::PathBuf,
    /// The database with its write-ahead log, and the index, on disk.
    store_bytes: u64,
    index_bytes: u64,
    #[serde(flatten)]
    archive: rasid_store::Overview,
    /// Articles not in a story yet (`rasid link` groups them).
    unlinked: usize,
    /// Whether the directory has a search index (a `rasid worker`'s has none: the servers
    /// index the shared store).
    index: bool,
    /// Articles the index has; the stored ones it lacks, which the next server start or
    /// ingest indexes; whether it was built by an older rasid (`rasid reindex`).
    searchable: u64,
    not_searchable: i64,
    index_stale: bool,
    feeds: Feeds,
}

#[derive(serde::Serialize, Default)]
struct Feeds {
    followed: usize,
    /// Feeds whose last check failed, and the most recent of their errors.
    failing: usize,
    never_checked: usize,
    last_error: Option<String>,
    /// The soonest next check (RFC 3339).
    next_check: Option<String>,
}

/// Prints the overview of the archive in `--data`.
pub fn status(args: StatusArgs) -> Result<ExitCode> {
    let data = &args.data.data;
    require_archive(data)?;
    let store = open_store(data)?;
    // A worker's directory names a shared store and has no index of its own.
    let has_index = !store.is_postgres() || rasid_search::index_path(data).exists();
    let index = has_index.then(|| SearchIndex::open(data)).transpose()?;
    let archive = store.overview()?;
    let searchable = index.as_ref().map_or(0, |i| i.num_docs());
    let not_searchable = match &index {
        Some(i) => store.count_articles_after(i.indexed_up_to()?)?,
        None => 0,
    };
    let index_stale = match &index {
        Some(i) => i.is_stale()?,
        None => false,
    };
    let mut feeds = Feeds::default();
    let mut last_error_at = String::new();
    for f in store.feeds()? {
        feeds.followed += 1;
        if f.last_checked.is_none() {
            feeds.never_checked += 1;
        }
        if f.consecutive_failures > 0 {
            feeds.failing += 1;
            let at = f.last_error_at.clone().unwrap_or_default();
            if at >= last_error_at {
                last_error_at = at;
                feeds.last_error = f.last_error.map(|e| format!("{}: {e}", f.url));
            }
        }
        if let Some(n) = f.next_check {
            if feeds.next_check.as_ref().is_none_or(|m| n < *m) {
                feeds.next_check = Some(n);
            }
        }
    }
    let status = Status {
        data: data.clone(),
        store: store.location(),
        store_bytes: store.size_bytes()?,
        index_bytes: crate::archive::dir_bytes(&rasid_search::index_path(data)),
        unlinked: rasid_pipeline::unlinked_count(&store)?,
        index: has_index,
        not_searchable,
        index_stale,
        searchable,
        feeds,
        archive,
    };
    emit(args.json, &status, |out| {
        let a = &status.archive;
        let day = |t: Option<i64>| {
            t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map_or("-".to_owned(), |d| d.format("%Y-%m-%d").to_string())
        };
        writeln!(
            out,
            "data      {} (store {} {}, index {})",
            status.data.display(),
            status.store.display(),
            mb(status.store_bytes),
            mb(status.index_bytes)
        )?;
        writeln!(
            out,
            "articles  {} from {} outlets, published {} … {}{}",
            a.articles,
            a.outlets,
            day(a.earliest),
            day(a.latest),
            if a.undated > 0 {
                format!(" ({} without a date)", a.undated)
            } else {
                String::new()
            }
        )?;
        writeln!(
            out,
            "pages     kept for {} articles ({}, compressed; `rasid reindex --extract` reads them again)",
            a.pages,
            mb(a.page_bytes as u64)
        )?;
        writeln!(
            out,
            "stories   {} — {} of more than one article, holding {} articles{}",
            a.stories,
            a.shared_stories,
            a.in_shared,
            if status.unlinked > 0 {
                format!(
                    "; {} articles not in a story yet (`rasid link`)",
                    status.unlinked
                )
            } else {
                String::new()
            }
        )?;
        let index_note = if status.index_stale {
            " — built by an older rasid: `rasid reindex`".to_owned()
        } else if status.not_searchable > 0 {
            format!(
                " — {} stored articles not yet (indexed when a server or an ingest starts)",
                status.not_searchable
            )
        } else {
            " (up to date)".to_owned()
        };
        if status.index {
            writeln!(out, "search    {} articles{index_note}", status.searchable)?;
        } else {
            writeln!(
                out,
                "search    no index in this directory (a worker's: the servers index the store)"
            )?;
        }
        let f = &status.feeds;
        if f.followed == 0 {
            writeln!(
                out,
                "feeds     none followed (`rasid feeds add URL`, `rasid feeds import --defaults`)"
            )?;
        } else {
            writeln!(
                out,
                "feeds     {} followed, {} failing, {} never checked; next check {}",
                f.followed,
                f.failing,
                f.never_checked,
                f.next_check.as_deref().unwrap_or("-")
            )?;
            if let Some(e) = &f.last_error {
                writeln!(out, "          latest error: {e}")?;
            }
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
