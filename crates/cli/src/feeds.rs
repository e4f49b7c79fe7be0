//! `rasid feeds …` (the followed feeds and their health) and `rasid fetch URL`.

use crate::archive::{emit, DataArgs};
use crate::config;
use anyhow::{Context, Result};
use rasid_fetch::opml::{self, OpmlFeed};
use rasid_pipeline::crawl::{self, CrawlReport};
use rasid_pipeline::live::{Live, Outcome};
use rasid_store::{FeedRecord, NewFeed, Store};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// The feed list that ships with rasid.
const DEFAULTS: &str = include_str!("../defaults/feeds.opml");

#[derive(clap::Args)]
pub struct FeedsArgs {
    #[command(subcommand)]
    command: FeedsCommand,
}

#[derive(clap::Subcommand)]
enum FeedsCommand {
    /// Follow a feed (RSS, Atom, JSON Feed) or a sitemap.
    Add(AddArgs),
    /// Follow every feed of an OPML file (folders kept), or rasid's default list.
    Import(ImportArgs),
    /// Write the followed feeds as OPML (to standard output, or --out FILE).
    Export(ExportArgs),
    /// The followed feeds with their health: last success, last error, failures in a row,
    /// next check.
    List(ListArgs),
    /// Stop following a feed (by id or URL); its articles stay.
    Remove(RemoveArgs),
    /// Read the due feeds once now (every feed with --all), as `rasid serve` does on its
    /// schedule.
    Crawl(CrawlArgs),
}

#[derive(clap::Args)]
pub struct AddArgs {
    url: String,
    /// A name for it (else the feed's own title).
    #[arg(long)]
    name: Option<String>,
    /// The section its articles belong to (politics, world, middle-east, economy, sports,
    /// technology, culture, health, society).
    #[arg(long)]
    section: Option<String>,
    /// A folder to file it under.
    #[arg(long)]
    folder: Option<String>,
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The OPML file.
    #[arg(required_unless_present = "defaults", conflicts_with = "defaults")]
    file: Option<PathBuf>,
    /// Import rasid's default list of Arabic news outlets instead.
    #[arg(long)]
    defaults: bool,
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// Write here instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct RemoveArgs {
    /// The feed's id (from `rasid feeds list`) or URL.
    feed: String,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(clap::Args)]
pub struct CrawlArgs {
    /// Read every feed now, whatever its schedule says.
    #[arg(long)]
    all: bool,
    /// Do not group new articles into stories.
    #[arg(long)]
    no_link: bool,
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct FetchArgs {
    /// The page's URL.
    url: String,
    /// Do not group the article into a story.
    #[arg(long)]
    no_link: bool,
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

pub fn run(args: FeedsArgs) -> Result<ExitCode> {
    match args.command {
        FeedsCommand::Add(a) => add(a),
        FeedsCommand::Import(a) => import(a),
        FeedsCommand::Export(a) => export(a),
        FeedsCommand::List(a) => list(a),
        FeedsCommand::Remove(a) => remove(a),
        FeedsCommand::Crawl(a) => crawl_once(a),
    }
}

/// A URL rasid may follow, or the reason (with what to do) why not.
fn checked(url: &str, settings: &config::Settings) -> Result<String> {
    rasid_fetch::safety::check_url(url, settings.fetch.allow_private_addresses)
        .map(|u| u.to_string())
        .map_err(|reason| anyhow::anyhow!("{url}: {reason}"))
}

fn add(a: AddArgs) -> Result<ExitCode> {
    let settings = config::load(&a.data.data)?;
    let url = checked(&a.url, &settings)?;
    if let Some(s) = &a.section {
        if !rasid_enrich::sections::SECTIONS.contains(&s.as_str()) {
            anyhow::bail!(
                "unknown section {s:?}: use one of {}",
                rasid_enrich::sections::SECTIONS.join(", ")
            );
        }
    }
    let store = Store::open(&a.data.data)?;
    let (id, new) = store.add_feed(&NewFeed {
        url: &url,
        title: a.name.as_deref(),
        section: a.section.as_deref(),
        folder: a.folder.as_deref(),
        site_url: None,
    })?;
    emit(
        a.json,
        &serde_json::json!({"id": id, "url": url, "new": new}),
        |out| {
            if new {
                writeln!(
                    out,
                    "following {url} (feed {id}); `rasid serve` or `rasid feeds crawl` reads it"
                )
            } else {
                writeln!(out, "already following {url} (feed {id})")
            }
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

fn import(a: ImportArgs) -> Result<ExitCode> {
    let settings = config::load(&a.data.data)?;
    let (text, source) = match &a.file {
        Some(path) => (
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
            path.display().to_string(),
        ),
        None => (DEFAULTS.to_owned(), "rasid's default list".to_owned()),
    };
    let feeds = opml::parse(&text).map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
    let store = Store::open(&a.data.data)?;
    let (mut added, mut known) = (0, 0);
    let mut refused: Vec<String> = Vec::new();
    for f in &feeds {
        let url = match checked(&f.url, &settings) {
            Ok(u) => u,
            Err(e) => {
                refused.push(e.to_string());
                continue;
            }
        };
        let (_, new) = store.add_feed(&NewFeed {
            url: &url,
            title: f.title.as_deref(),
            folder: f.folder.as_deref(),
            site_url: f.site_url.as_deref(),
            section: None,
        })?;
        if new {
            added += 1;
        } else {
            known += 1;
        }
    }
    emit(
        a.json,
        &serde_json::json!({"added": added, "already_followed": known, "refused": refused}),
        |out| {
            writeln!(
                out,
                "{source}: {added} feeds added, {known} already followed"
            )?;
            for r in &refused {
                writeln!(out, "  refused {r}")?;
            }
            Ok(())
        },
    )?;
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn export(a: ExportArgs) -> Result<ExitCode> {
    let store = Store::open(&a.data.data)?;
    let feeds: Vec<OpmlFeed> = store
        .feeds()?
        .into_iter()
        .map(|f| OpmlFeed {
            url: f.url,
            title: f.title,
            site_url: f.site_url,
            folder: f.folder,
        })
        .collect();
    let text = opml::write("rasid feeds", &feeds);
    match a.out {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn health(f: &FeedRecord) -> String {
    match (&f.last_error, f.consecutive_failures) {
        (Some(e), n) if n > 0 => format!("failing ×{n}: {e}"),
        _ if f.last_success.is_some() => "ok".to_owned(),
        _ => "not read yet".to_owned(),
    }
}

fn list(a: ListArgs) -> Result<ExitCode> {
    let store = Store::open(&a.data.data)?;
    let feeds = store.feeds()?;
    emit(a.json, &feeds, |out| {
        if feeds.is_empty() {
            writeln!(
                out,
                "no feeds yet: rasid feeds add URL, or rasid feeds import --defaults"
            )?;
        }
        for f in &feeds {
            writeln!(
                out,
                "{:>4}  {}  {}",
                f.id,
                f.title.as_deref().unwrap_or("(untitled)"),
                f.url
            )?;
            writeln!(
                out,
                "      {}{} · {} articles · last success {} · next check {}",
                f.folder
                    .as_deref()
                    .map(|d| format!("[{d}] "))
                    .unwrap_or_default(),
                health(f),
                f.items_stored,
                f.last_success.as_deref().unwrap_or("never"),
                f.next_check.as_deref().unwrap_or("now")
            )?;
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn remove(a: RemoveArgs) -> Result<ExitCode> {
    let store = Store::open(&a.data.data)?;
    let feeds = store.feeds()?;
    let found = feeds
        .iter()
        .find(|f| f.url == a.feed || a.feed.parse::<i64>().is_ok_and(|id| id == f.id));
    match found {
        Some(f) => {
            store.remove_feed(f.id)?;
            println!(
                "no longer following {} (feed {}); its articles stay",
                f.url, f.id
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("rasid: no feed {:?} (see rasid feeds list)", a.feed);
            Ok(ExitCode::from(1))
        }
    }
}

/// A tokio runtime for the network commands.
fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

pub(crate) fn print_report(out: &mut dyn Write, r: &CrawlReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{} feeds read ({} unchanged, {} failing) · {} items · {} pages fetched · {} new articles, {} updated, {} known, {} not articles · {} linked",
        r.feeds_checked,
        r.feeds_unchanged,
        r.feeds_failed,
        r.items_seen,
        r.pages_fetched,
        r.stored,
        r.updated,
        r.duplicates,
        r.rejected,
        r.linked
    )?;
    for e in &r.errors {
        writeln!(out, "  {e}")?;
    }
    for f in &r.feeds_repaired {
        writeln!(out, "  {f}: not well-formed XML, read repaired")?;
    }
    for f in &r.feeds_discovered {
        writeln!(out, "  {f}: a web page's own feed, followed from now on")?;
    }
    for f in &r.feeds_moved {
        writeln!(out, "  {f}: moved permanently, followed there from now on")?;
    }
    Ok(())
}

fn crawl_once(a: CrawlArgs) -> Result<ExitCode> {
    let settings = config::load(&a.data.data)?;
    let fetcher = Arc::new(crawl::fetcher(&a.data.data, settings.fetch_config())?);
    let live = Arc::new(Mutex::new(Live::open(&a.data.data)?));
    let opts = settings.crawl_options(a.all, !a.no_link);
    let report = runtime()?.block_on(crawl::crawl(&live, &fetcher, &opts))?;
    emit(a.json, &report, |out| print_report(out, &report))?;
    Ok(ExitCode::SUCCESS)
}

pub fn fetch(a: FetchArgs) -> Result<ExitCode> {
    let settings = config::load(&a.data.data)?;
    let url = checked(&a.url, &settings)?;
    let fetcher = crawl::fetcher(&a.data.data, settings.fetch_config())?;
    let page = runtime()?
        .block_on(fetcher.get(&url, &rasid_fetch::Validators::default()))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut live = Live::open(&a.data.data)?;
    let item = rasid_pipeline::Item {
        position: url.clone(),
        kind: rasid_pipeline::ItemKind::Fetched(Box::new(rasid_pipeline::Fetched {
            bytes: page.body,
            url: page.url.clone(),
            content_type: page.content_type,
            fetched_at: crawl::timestamp(chrono::Utc::now()),
            ..Default::default()
        })),
    };
    let outcome = live.add(item)?;
    live.commit()?;
    if !a.no_link && outcome.article().is_some() {
        live.link(2)?;
    }
    let article = match outcome.article() {
        Some(id) => live.store().article(id)?,
        None => None,
    };
    let (status, code) = match &outcome {
        Outcome::New(_) => ("stored", ExitCode::SUCCESS),
        Outcome::Duplicate(_) => ("already stored", ExitCode::SUCCESS),
        Outcome::Updated(_) => ("updated", ExitCode::SUCCESS),
        Outcome::Rejected(_) => ("not an article", ExitCode::from(1)),
    };
    let reason = match &outcome {
        Outcome::Rejected(r) => Some(r.clone()),
        _ => None,
    };
    emit(
        a.json,
        &serde_json::json!({
            "url": page.url,
            "status": status,
            "reason": reason,
            "truncated": page.truncated,
            "article": article,
        }),
        |out| {
            match (&article, &reason) {
                (Some(art), _) => writeln!(
                    out,
                    "{status}: article {} — {} ({} · section {})",
                    art.id,
                    art.title.as_deref().unwrap_or("(untitled)"),
                    art.outlet_name
                        .as_deref()
                        .or(art.outlet.as_deref())
                        .unwrap_or("-"),
                    art.section.as_deref().unwrap_or("-")
                )?,
                (None, Some(r)) => writeln!(out, "{}: {status}: {r}", page.url)?,
                (None, None) => writeln!(out, "{}: {status}", page.url)?,
            }
            Ok(())
        },
    )?;
    Ok(code)
}

#[derive(clap::Args)]
pub struct AdminArgs {
    #[command(subcommand)]
    command: AdminCommand,
}

#[derive(clap::Subcommand)]
enum AdminCommand {
    /// Read a password from standard input and print its argon2 hash as the line to put
    /// under [admin] in rasid.toml.
    Password,
    /// Print a new random bearer token for /api/v1/feeds, as the line for rasid.toml.
    Token,
}

pub fn admin(a: AdminArgs) -> Result<ExitCode> {
    match a.command {
        AdminCommand::Password => {
            let mut line = String::new();
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                eprint!("password (it is shown as you type; or pipe it in): ");
            }
            std::io::stdin().read_line(&mut line)?;
            let password = line.trim_end_matches(['\r', '\n']);
            if password.chars().count() < 8 {
                anyhow::bail!("the password must have at least 8 characters");
            }
            let hash =
                rasid_server::web::admin::hash_password(password).map_err(anyhow::Error::msg)?;
            println!("password_hash = \"{hash}\"");
        }
        AdminCommand::Token => {
            println!(
                "api_token = \"{}\"",
                rasid_server::web::admin::random_token()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
