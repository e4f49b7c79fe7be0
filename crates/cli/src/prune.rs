//! `rasid prune`: give back the disk that kept pages take, for articles past a given age.

use crate::archive::{emit, open_store, require_archive, DataArgs};
use anyhow::Result;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct PruneArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Drop the pages kept with the articles published before this: a span back from now
    /// (90d, 26w) or a date (YYYY-MM-DD). The articles stay, searchable and in their
    /// stories; only extracting them again (`rasid reindex --extract`) is no longer
    /// possible.
    #[arg(long, value_name = "SPAN|DATE")]
    pages_older_than: String,
    /// Then give the space back to the disk (SQLite's VACUUM: needs as much free disk as
    /// the database takes, and a crawling server waits until it ends).
    #[arg(long)]
    vacuum: bool,
    /// Only count what would be dropped.
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Pruned {
    before: String,
    articles: i64,
    page_bytes: i64,
    dry_run: bool,
    vacuumed: bool,
    /// The database file's size before and after.
    store_bytes_before: u64,
    store_bytes_after: u64,
}

pub fn prune(args: PruneArgs) -> Result<ExitCode> {
    let data = &args.data.data;
    require_archive(data)?;
    let before = crate::archive::time_flag("pages-older-than", &args.pages_older_than)?;
    let cutoff = rasid_extract::dates::parse_machine(&before).map_or(0, |d| d.timestamp());
    let mut store = open_store(data)?;
    let store_bytes_before = store.size_bytes()?;
    let (articles, page_bytes) = store.drop_pages_before(cutoff, args.dry_run)?;
    let vacuumed = args.vacuum && !args.dry_run;
    if vacuumed {
        store.vacuum()?;
    }
    let store_bytes_after = store.size_bytes()?;
    drop(store);
    let pruned = Pruned {
        before,
        articles,
        page_bytes,
        dry_run: args.dry_run,
        vacuumed,
        store_bytes_before,
        store_bytes_after,
    };
    emit(args.json, &pruned, |out| {
        let mb = |b: u64| b as f64 / 1e6;
        if pruned.dry_run {
            writeln!(
                out,
                "would drop the pages kept with {} articles published before {} ({:.1} MB compressed)",
                pruned.articles,
                pruned.before,
                mb(pruned.page_bytes as u64)
            )
        } else if pruned.vacuumed {
            writeln!(
                out,
                "dropped the pages kept with {} articles published before {} ({:.1} MB compressed); the store went from {:.1} MB to {:.1} MB",
                pruned.articles,
                pruned.before,
                mb(pruned.page_bytes as u64),
                mb(pruned.store_bytes_before),
                mb(pruned.store_bytes_after)
            )
        } else {
            writeln!(
                out,
                "dropped the pages kept with {} articles published before {} ({:.1} MB compressed): new pages use the space; `--vacuum` gives it back to the disk",
                pruned.articles,
                pruned.before,
                mb(pruned.page_bytes as u64)
            )
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
