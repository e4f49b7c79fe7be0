//! `rasid backup`: a consistent copy of a data directory, taken while it is in use.

use crate::archive::{dir_bytes, require_archive, DataArgs};
use anyhow::{Context, Result};
use rasid_search::SearchIndex;
use rasid_store::Store;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The data directory's files besides the store and the index: its settings (admin
/// credentials included) and site rules.
const SETTINGS: &[&str] = &["rasid.toml", "sites.toml"];

#[derive(clap::Args)]
pub struct BackupArgs {
    /// The directory to write the backup to: a new one (or an empty one). The backup is
    /// itself a data directory: `rasid serve --data DEST` serves it, and copying it back
    /// restores the archive.
    dest: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

/// What a backup holds.
#[derive(serde::Serialize)]
struct Summary {
    dest: PathBuf,
    articles: i64,
    stories: i64,
    feeds: usize,
    store_bytes: u64,
    index_bytes: u64,
    settings: Vec<&'static str>,
    /// Articles not in a story yet (an ingest was between storing and linking them).
    unlinked: usize,
    seconds: f64,
}

/// Backs up the archive in `--data` to `dest` while other rasid processes (a server
/// crawling, an ingest) go on writing. The index's last commit is copied first, then a
/// snapshot of the store (so the store holds at least what the index does), then the
/// settings; the copy's index is then brought up to its store as `rasid serve` would at
/// start, and both are checked to agree. Everything is written beside `dest` under a
/// temporary name and renamed at the end: an interrupted backup never looks complete,
/// and the archive itself is only read.
pub fn backup(args: BackupArgs) -> Result<ExitCode> {
    let t = std::time::Instant::now();
    let data = &args.data.data;
    require_archive(data)?;
    if let Some(url) = rasid_store::store_url(data)? {
        anyhow::bail!(
            "the store of {} is in PostgreSQL ({}): back it up with pg_dump (or the server's \
             own backups); rasid backup copies a data directory whose store is its SQLite file",
            data.display(),
            rasid_store::redact(&url)
        );
    }
    let dest = &args.dest;
    if dest.exists() {
        let empty = dest.is_dir()
            && std::fs::read_dir(dest)
                .with_context(|| format!("reading {}", dest.display()))?
                .next()
                .is_none();
        if !empty {
            anyhow::bail!(
                "{}: already exists and is not an empty directory; give a new one (a backup never writes over anything)",
                dest.display()
            );
        }
    }
    let name = dest
        .file_name()
        .with_context(|| format!("{}: give a directory name to write to", dest.display()))?;
    let partial = dest.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    if partial.exists() {
        // What an interrupted backup to the same place left.
        std::fs::remove_dir_all(&partial)
            .with_context(|| format!("removing {}", partial.display()))?;
    }
    std::fs::create_dir_all(&partial)
        .with_context(|| format!("creating {} (for {})", partial.display(), dest.display()))?;
    let summary = copy_into(data, &partial).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&partial);
    })?;
    if dest.exists() {
        std::fs::remove_dir(dest).with_context(|| format!("replacing {}", dest.display()))?;
    }
    std::fs::rename(&partial, dest)
        .with_context(|| format!("renaming {} to {}", partial.display(), dest.display()))?;
    let summary = Summary {
        dest: dest.clone(),
        seconds: t.elapsed().as_secs_f64(),
        ..summary
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!(
            "backed up {} articles, {} stories and {} feeds to {} (store {:.1} MB, index {:.1} MB{}) in {:.1} s; `rasid serve --data {}` serves it",
            summary.articles,
            summary.stories,
            summary.feeds,
            dest.display(),
            summary.store_bytes as f64 / 1e6,
            summary.index_bytes as f64 / 1e6,
            if summary.settings.is_empty() {
                String::new()
            } else {
                format!(", {}", summary.settings.join(", "))
            },
            summary.seconds,
            dest.display()
        );
        if summary.unlinked > 0 {
            println!(
                "{} of them are not in a story yet (an ingest was linking them): `rasid link --data {}` groups them",
                summary.unlinked,
                dest.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Copies the archive in `data` into the empty directory `to` and checks the copy.
fn copy_into(data: &Path, to: &Path) -> Result<Summary> {
    // Each step of a large archive takes a while: say which, on a terminal.
    let step = |what: &str, bytes: u64| {
        if std::io::stderr().is_terminal() {
            let size = if bytes >= 1_000_000_000 {
                format!("{:.1} GB", bytes as f64 / 1e9)
            } else {
                format!("{:.0} MB", bytes as f64 / 1e6)
            };
            eprintln!("rasid: {what} ({size})…");
        }
    };
    step(
        "copying the search index",
        dir_bytes(&rasid_search::index_path(data)),
    );
    rasid_search::copy_commit(data, to)
        .with_context(|| format!("copying the search index of {}", data.display()))?;
    let db = rasid_store::db_path(to);
    step(
        "copying the store",
        std::fs::metadata(rasid_store::db_path(data)).map_or(0, |m| m.len()),
    );
    Store::open(data)?.backup_to(&db).with_context(|| {
        format!(
            "copying the store of {} to {}",
            data.display(),
            db.display()
        )
    })?;
    let store_bytes = std::fs::metadata(&db)?.len();
    let mut settings = Vec::new();
    for &f in SETTINGS {
        if data.join(f).exists() {
            std::fs::copy(data.join(f), to.join(f))
                .with_context(|| format!("copying {}", data.join(f).display()))?;
            settings.push(f);
        }
    }
    step("checking the copy", store_bytes);
    // Articles stored after the index's commit are indexed now, as a server would at start.
    drop(
        rasid_pipeline::live::Live::open(to)
            .context("bringing the copy's index up to its store")?,
    );
    let index_bytes = dir_bytes(&rasid_search::index_path(to));
    let store = Store::open(to)?;
    let articles = store.count_articles()?;
    let indexed = SearchIndex::open(to)?.num_docs();
    if indexed != articles as u64 {
        anyhow::bail!(
            "the copy's index holds {indexed} articles and its store {articles}; nothing was changed in {}, try again",
            data.display()
        );
    }
    Ok(Summary {
        dest: to.to_owned(),
        articles,
        stories: store.count_stories()?,
        feeds: store.feeds()?.len(),
        store_bytes,
        index_bytes,
        settings,
        unlinked: rasid_pipeline::unlinked_count(&store)?,
        seconds: 0.0,
    })
}
