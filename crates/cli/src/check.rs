//! `rasid check`: whether a data directory is sound — the database file, the stories,
//! and the search index against the store — and, with `--repair`, putting it right.

use crate::archive::{emit, open_store, require_archive, DataArgs};
use anyhow::Result;
use rasid_pipeline::Options;
use rasid_search::SearchIndex;
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Put right what can be: the stories' records (sizes, representatives, members of
    /// stories that are gone, whose articles the next link pass links again), and the
    /// search index rebuilt from the store when it lacks or repeats articles. Stop a
    /// server on this data directory first.
    #[arg(long)]
    repair: bool,
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Report {
    /// What is wrong (after the repair, with `--repair`).
    problems: Vec<String>,
    /// What the repair did.
    repaired: Vec<String>,
    articles: i64,
    searchable: u64,
    /// Articles waiting for the next link pass (no problem: `rasid link` groups them).
    unlinked: usize,
}

/// The search index's problems against the store: built by an older rasid, stored
/// articles it lacks (each looked up), articles it holds twice or that are not stored.
fn index_problems(store: &rasid_store::Store, index: &SearchIndex) -> Result<Vec<String>> {
    if index.is_stale()? {
        return Ok(vec![
            "the search index was built by an older rasid (`rasid reindex`)".to_owned(),
        ]);
    }
    let mut problems = Vec::new();
    let (mut after, mut missing) = (0i64, 0u64);
    loop {
        let ids = store.article_ids_after(after, 10_000)?;
        let Some(&last) = ids.last() else { break };
        after = last;
        for id in ids {
            if !index.contains_id(id)? {
                missing += 1;
            }
        }
    }
    let stored = store.count_articles()? as u64;
    let held = index.num_docs();
    if missing > 0 {
        problems.push(format!(
            "{missing} stored articles are not in the search index"
        ));
    }
    // Every stored article found: any more documents are repeats or strays.
    if held > stored - missing {
        problems.push(format!(
            "the search index holds {} documents more than the stored articles it has",
            held - (stored - missing)
        ));
    }
    Ok(problems)
}

pub fn check(args: CheckArgs) -> Result<ExitCode> {
    let data = &args.data.data;
    require_archive(data)?;
    let mut store = open_store(data)?;
    let mut repaired = Vec::new();
    let mut index = SearchIndex::open(data)?;
    let terminal = std::io::stderr().is_terminal();
    if terminal {
        eprintln!("rasid: looking up every stored article in the search index…");
    }
    // Read once; again only after the index was rebuilt.
    let mut index_found = index_problems(&store, &index)?;
    if args.repair {
        let (fixed, orphaned) = store.repair_stories()?;
        if fixed > 0 {
            repaired.push(format!("{fixed} story records put right"));
        }
        if let Some(id) = orphaned {
            rasid_pipeline::relink_from(&store, id)?;
        }
        if !index_found.is_empty() {
            drop(index);
            let opts = Options {
                progress: terminal,
                ..Options::default()
            };
            let n = rasid_pipeline::reindex(data, &opts)?;
            repaired.push(format!(
                "search index rebuilt from the store ({n} articles)"
            ));
            index = SearchIndex::open(data)?;
            index_found = index_problems(&store, &index)?;
        }
    }
    if terminal {
        eprintln!("rasid: reading the database file and the stories…");
    }
    let mut problems = store.check()?;
    problems.extend(index_found);
    let unlinked = rasid_pipeline::unlinked_count(&store)?;
    let report = Report {
        unlinked,
        articles: store.count_articles()?,
        searchable: index.num_docs(),
        problems,
        repaired,
    };
    emit(args.json, &report, |out| {
        for r in &report.repaired {
            writeln!(out, "repaired: {r}")?;
        }
        if report.unlinked > 0 {
            writeln!(
                out,
                "note: {} articles are not in a story yet (`rasid link` groups them)",
                report.unlinked
            )?;
        }
        if report.problems.is_empty() {
            writeln!(
                out,
                "sound: {} articles, all searchable; the database file and the stories check out",
                report.articles
            )
        } else {
            for p in &report.problems {
                writeln!(out, "problem: {p}")?;
            }
            if !args.repair {
                writeln!(out, "`rasid check --repair` puts right what it can")?;
            }
            Ok(())
        }
    })?;
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
