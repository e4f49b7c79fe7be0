//! The `rasid` command: a thin layer over the library crates.

mod analyze;
mod archive;
mod backup;
mod check;
mod config;
mod export;
mod extract;
mod feeds;
mod prune;
mod sections;
mod status;
mod stories;
mod worker;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// rasid (راصد): an Arabic-first news aggregation engine.
#[derive(Parser)]
#[command(name = "rasid", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze text: language, sentences, and per token its normalized form, stem and stopword flag.
    Analyze(analyze::Args),
    /// Extract the article from an HTML page or a text dump: title, body, metadata, attributions.
    Extract(extract::Args),
    /// Ingest JSONL (.jsonl, .jsonl.zst), HTML/text files, directories and WARC into the
    /// archive, and group the new articles into stories.
    Ingest(archive::IngestArgs),
    /// Group every article without a story into stories (after `ingest --no-link`).
    Link(archive::LinkArgs),
    /// Search the archive: words, "phrases", -exclusions, OR, title:word.
    Search(archive::SearchArgs),
    /// Show one stored article by id (or external id).
    Article(archive::ArticleArgs),
    /// List the stories (coverage of one event grouped across outlets), latest first.
    Stories(stories::StoriesArgs),
    /// Show one story: provenance and every article.
    Story(stories::StoryArgs),
    /// Articles related to one: its story's other articles, then other stories sharing its
    /// distinctive words, with the reason.
    Related(stories::RelatedArgs),
    /// Who and what the latest days cover more than usual: the rising people, places,
    /// organisations and tags, each with the story that carries it most.
    Topics(stories::TopicsArgs),
    /// Every outlet with its record as a reporter: of the stories of its latest articles,
    /// how many other outlets carried too, in how many it was first, the agencies they
    /// came from.
    Outlets(stories::OutletsArgs),
    /// Train the section classifier on labelled JSONL and write the model file.
    TrainSections(sections::TrainArgs),
    /// Rebuild the search index from the store (--enrich: enrich every article again first;
    /// --extract: extract every article again from its kept page, then enrich).
    Reindex(archive::ReindexArgs),
    /// Whether the data directory is sound (database file, stories, search index against
    /// the store); --repair puts right what it can. Exits 1 when a problem remains.
    Check(check::CheckArgs),
    /// Drop the pages kept with articles past an age (the articles stay), and give the
    /// space back to the disk.
    Prune(prune::PruneArgs),
    /// What the archive holds and whether it keeps up: articles, stories, kept pages,
    /// search index, feed health, disk.
    Status(status::StatusArgs),
    /// Write the archive's articles as JSON Lines (what `rasid ingest` reads, with the
    /// stories, sections, tags and entities rasid found), filtered by time, outlet, section.
    Export(export::ExportArgs),
    /// Copy the archive (store, index, settings) to a new directory while it is in use: a
    /// data directory of its own.
    Backup(backup::BackupArgs),
    /// Serve the JSON API and crawl the followed feeds in the background (--no-crawl: serve only).
    Serve(archive::ServeArgs),
    /// Check the followed feeds of a PostgreSQL store shared with `rasid serve` and store
    /// what they bring, for the server to index and link (any number of workers, on any
    /// machines).
    Worker(worker::WorkerArgs),
    /// The followed feeds: add, import/export OPML, list with health, remove, crawl once.
    Feeds(feeds::FeedsArgs),
    /// Fetch one page through the whole pipeline (extraction, enrichment, store, index).
    Fetch(feeds::FetchArgs),
    /// Credentials of the feeds admin: a password hash, an API token (for rasid.toml).
    Admin(feeds::AdminArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(
        cli.command,
        Command::Serve(_) | Command::Feeds(_) | Command::Fetch(_) | Command::Worker(_)
    ) {
        quiet_on_closed_pipe();
    }
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => archive::ingest(args),
        Command::Link(args) => archive::link(args),
        Command::Search(args) => archive::search(args),
        Command::Article(args) => archive::article(args),
        Command::Stories(args) => stories::stories(args),
        Command::Story(args) => stories::story(args),
        Command::Related(args) => stories::related(args),
        Command::Topics(args) => stories::topics(args),
        Command::Outlets(args) => stories::outlets(args),
        Command::TrainSections(args) => sections::train(args),
        Command::Reindex(args) => archive::reindex(args),
        Command::Backup(args) => backup::backup(args),
        Command::Export(args) => export::export(args),
        Command::Status(args) => status::status(args),
        Command::Prune(args) => prune::prune(args),
        Command::Check(args) => check::check(args),
        Command::Serve(args) => archive::serve(args),
        Command::Worker(args) => worker::worker(args),
        Command::Feeds(args) => feeds::run(args),
        Command::Fetch(args) => feeds::fetch(args),
        Command::Admin(args) => feeds::admin(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rasid: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A reader that closes the pipe early (`rasid stories | head`) ends rasid quietly, as it
/// ends `cat`: SIGPIPE's default action, which Rust's runtime sets aside so that a write to
/// a closed pipe fails instead (and `println!` then panics). Commands that talk to the
/// network keep it set aside: a peer closing its socket must not end a server or a crawl.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called once at start, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
