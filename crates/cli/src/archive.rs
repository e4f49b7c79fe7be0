//! `rasid ingest`, `rasid search`, `rasid article`, `rasid reindex`: the archive in the
//! data directory (`./rasid-data` unless `--data` or `RASID_DATA` says otherwise).

use anyhow::{Context, Result};
use rasid_pipeline::{Format, Options};
use rasid_search::{SearchIndex, SearchQuery};
use rasid_store::Store;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct DataArgs {
    /// The data directory (the SQLite store, or the settings naming a PostgreSQL one; the
    /// search index; the settings).
    #[arg(long, env = "RASID_DATA", default_value = "rasid-data")]
    pub data: PathBuf,
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    data: DataArgs,
    /// Input format; `auto` decides from each file name.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Do not group the new articles into stories now (a faster bulk load; `rasid link`,
    /// or the next ingest, groups them later).
    #[arg(long)]
    no_link: bool,
    /// Group the new articles into stories: the default (kept for scripts that ask).
    #[arg(long, hide = true, conflicts_with = "no_link")]
    link: bool,
}

#[derive(clap::Args)]
pub struct LinkArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Group every article again, not only those without a story (after an upgrade of
    /// rasid's story clustering): the stories are formed anew, in publication order, as a
    /// fresh ingest would form them, under new ids. Articles, tags and the index stay.
    #[arg(long)]
    again: bool,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// `rasid link`: every article without a story (after `ingest --no-link`) into stories;
/// with `--again`, every article.
pub fn link(args: LinkArgs) -> Result<ExitCode> {
    let mut store = open_store(&args.data.data)?;
    store.claim_writer()?;
    let t = std::time::Instant::now();
    let workers = Options::default().workers;
    let progress = !args.quiet && !args.json;
    let (before, n) = if args.again {
        let (before, n) = rasid_pipeline::relink_all(&mut store, workers, progress)?;
        (Some(before), n)
    } else {
        (
            None,
            rasid_pipeline::link_unlinked_showing(&mut store, workers, progress)?,
        )
    };
    let secs = t.elapsed().as_secs_f64();
    let stories = store.count_stories()?;
    if args.json {
        let mut v = serde_json::json!({"linked": n, "stories": stories, "seconds": secs});
        if let Some(b) = before {
            v["stories_before"] = b.into();
        }
        println!("{v}");
    } else if let Some(b) = before {
        println!("linked {n} again · {stories} stories ({b} before) · {secs:.1} s");
    } else {
        println!("linked {n} · {stories} stories · {secs:.1} s");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Auto,
    Jsonl,
    Html,
    Text,
    Warc,
}

pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let opts = Options {
        format: match args.format {
            FormatArg::Auto => Format::Auto,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Html => Format::Html,
            FormatArg::Text => Format::Text,
            FormatArg::Warc => Format::Warc,
        },
        progress: !args.quiet && !args.json,
        link: !args.no_link,
        ..Options::default()
    };
    let s = rasid_pipeline::ingest(&args.paths, &args.data.data, &opts)?;
    let rejected = s.rejected_total();
    if args.json {
        let reasons: serde_json::Map<String, serde_json::Value> = s
            .rejected
            .iter()
            .map(|(k, (n, pos))| (k.clone(), serde_json::json!({"count": n, "first": pos})))
            .collect();
        println!(
            "{}",
            serde_json::json!({"read": s.read, "stored": s.stored, "duplicates": s.duplicates, "rejected": rejected,
                "rejected_by_reason": reasons, "recovered": s.recovered, "linked": s.linked,
                "site_rule_missed": {"count": s.site_rule_missed.0, "first": s.site_rule_missed.1},
                "link_seconds": s.link_elapsed.as_secs_f64(), "store_only": s.store_only,
                "seconds": s.elapsed.as_secs_f64(), "articles_per_second": s.rate()})
        );
    } else {
        let (missed, first) = &s.site_rule_missed;
        if *missed > 0 {
            eprintln!(
                "rasid: warning: on {missed} pages the content selector of their site's rule (sites.toml) matched nothing; they were read without it: {}{}",
                first.join(", "),
                if *missed as usize > first.len() { ", …" } else { "" }
            );
        }
        for (reason, (n, positions)) in &s.rejected {
            eprintln!(
                "rasid: rejected {n} × {reason}: {}{}",
                positions.join(", "),
                if *n as usize > positions.len() {
                    ", …"
                } else {
                    ""
                }
            );
        }
        if s.store_only {
            eprintln!(
                "rasid: another rasid process (a server) indexes and links this PostgreSQL \
                 store: the articles were stored for it, searchable and in stories after its \
                 next tick"
            );
        }
        if s.rebuilt_index {
            eprintln!(
                "rasid: rebuilt the search index (made by an older rasid) from {} stored articles",
                s.recovered
            );
        } else if s.recovered > 0 {
            eprintln!(
                "rasid: indexed {} articles left unindexed by an interrupted run",
                s.recovered
            );
        }
        println!(
            "read {} · stored {} · duplicates {} · rejected {}{} · {:.0} articles/s · {:.1} s",
            s.read,
            s.stored,
            s.duplicates,
            rejected,
            if s.store_only {
                " · for the server that links the store to index and link".to_owned()
            } else if !args.no_link {
                format!(
                    " · linked {} in {:.1} s",
                    s.linked,
                    s.link_elapsed.as_secs_f64()
                )
            } else {
                String::new()
            },
            s.rate(),
            s.elapsed.as_secs_f64()
        );
    }
    Ok(if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// The query: words, "quoted phrases", -excluded words, OR. May be left out when a
    /// filter says what to list (`rasid search --tag إيران --by-date`).
    #[arg(default_value = "")]
    query: String,
    #[command(flatten)]
    data: DataArgs,
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Continue after this cursor (the `next` of a previous `--json` page).
    #[arg(long)]
    cursor: Option<String>,
    /// Only this outlet.
    #[arg(long)]
    source: Option<String>,
    /// Only this section.
    #[arg(long)]
    section: Option<String>,
    /// Only articles with this tag (a publisher's tag or one of rasid's key phrases).
    #[arg(long)]
    tag: Option<String>,
    /// Only articles naming this entity, as `kind:name` (`place:العراق`, `person:جو بايدن`),
    /// or by its name alone (any kind).
    #[arg(long)]
    entity: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    since: Option<String>,
    /// Only articles published before this date.
    #[arg(long)]
    until: Option<String>,
    /// Newest first instead of most relevant first.
    #[arg(long)]
    by_date: bool,
    /// Also count the matches by source, section, tag, entity and month.
    #[arg(long)]
    facets: bool,
    #[arg(long)]
    json: bool,
}

/// The bytes of the files directly in `dir`.
pub(crate) fn dir_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// A time given to `--FLAG`: a span back from now (30m, 24h, 3d, 2w) or a date
/// (YYYY-MM-DD, RFC 3339), as a UTC RFC 3339 time; the error names the flag.
pub(crate) fn time_flag(flag: &str, spec: &str) -> Result<String> {
    rasid_server::since_utc(spec, &rasid_store::now_rfc3339())
        .map_err(|e| anyhow::anyhow!("--{flag}: {e}"))
}

/// [`time_flag`] as Unix seconds.
/// A `--source` flag as the outlet's key: an outlet named as a reader names it (`cnn`,
/// `سكاي نيوز عربية`; see [`Store::outlet_key`]), or an error naming the archive's outlets.
pub(crate) fn outlet_flag(store: &Store, given: Option<&str>) -> Result<Option<String>> {
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else {
        return Ok(None);
    };
    if let Some(key) = store.outlet_key(given)? {
        return Ok(Some(key));
    }
    let keys: Vec<String> = store.outlets()?.into_iter().map(|(k, _)| k).collect();
    anyhow::bail!(
        "--source {given}: no outlet of the archive is named so; its outlets: {}",
        if keys.is_empty() {
            "none yet".to_owned()
        } else {
            keys.join(", ")
        }
    )
}

/// A `--section` flag as rasid's section: its slug, or a label that names it (`Sports`,
/// `رياضة`; [`rasid_enrich::sections::map_label`]), or an error naming the sections.
pub(crate) fn section_flag(given: Option<&str>) -> Result<Option<String>> {
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else {
        return Ok(None);
    };
    match rasid_enrich::sections::parse(given) {
        Ok(s) => Ok(Some(s.to_owned())),
        Err(e) => anyhow::bail!("--section: {e}"),
    }
}

pub(crate) fn time_flag_secs(flag: &str, spec: &str) -> Result<i64> {
    let t = time_flag(flag, spec)?;
    Ok(rasid_extract::dates::parse_machine(&t).map_or(0, |d| d.timestamp()))
}

fn parse_date(s: &str) -> Result<i64> {
    rasid_extract::dates::parse_machine(s)
        .map(|d| d.timestamp())
        .with_context(|| format!("cannot read the date {s:?}; use YYYY-MM-DD or RFC 3339"))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Writes `value` as one line of JSON when `json`, else what `human` writes.
pub(crate) fn emit<T: serde::Serialize>(
    json: bool,
    value: &T,
    human: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        serde_json::to_writer(&mut out, value)?;
        writeln!(out)?;
    } else {
        human(&mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// Outlets named for human output as the reader names them
/// ([`rasid_server::web::outlet_name`]); JSON keeps the keys a filter takes (`--source`,
/// the API's `source=`).
pub(crate) struct OutletNames(rasid_server::web::OutletNames);

impl OutletNames {
    pub(crate) fn of(store: &Store) -> Result<OutletNames> {
        Ok(OutletNames(store.outlet_names()?.into_iter().collect()))
    }

    /// The outlet's name; `-` without an outlet.
    pub(crate) fn name<'a>(&'a self, key: Option<&'a str>) -> &'a str {
        key.map_or("-", |k| rasid_server::web::outlet_name(k, &self.0, false))
    }
}

/// Fails with a hint when `data` holds no archive.
pub(crate) fn require_archive(data: &std::path::Path) -> Result<()> {
    // A store in PostgreSQL is there once configured (empty until something is ingested).
    if !data.join("rasid.db").exists() && rasid_store::store_url(data)?.is_none() {
        anyhow::bail!(
            "no archive in {}: ingest something first (rasid ingest FILE --data {})",
            data.display(),
            data.display()
        );
    }
    Ok(())
}

/// The store of an existing archive.
pub(crate) fn open_store(data: &std::path::Path) -> Result<Store> {
    require_archive(data)?;
    Ok(Store::open(data)?)
}

/// The search index of an existing archive, refused when an older rasid built it.
pub(crate) fn open_index(data: &std::path::Path) -> Result<SearchIndex> {
    require_archive(data)?;
    let index = SearchIndex::open(data)?;
    index.ensure_current()?;
    Ok(index)
}

pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let filtered = [
        &args.source,
        &args.section,
        &args.tag,
        &args.entity,
        &args.since,
        &args.until,
    ]
    .iter()
    .any(|f| f.is_some());
    if args.query.trim().is_empty() && !filtered {
        anyhow::bail!("nothing to search for: give words, or a filter (--tag, --entity, --source, --section, --since, --until) to list what it matches");
    }
    let index = open_index(&args.data.data)?;
    let store = Store::open(&args.data.data)?;
    let q = SearchQuery {
        text: args.query.clone(),
        outlet: outlet_flag(&store, args.source.as_deref())?,
        section: section_flag(args.section.as_deref())?,
        tag: args.tag.clone(),
        entity: args.entity.clone(),
        from: args.since.as_deref().map(parse_date).transpose()?,
        to: args.until.as_deref().map(parse_date).transpose()?,
        limit: args.limit,
        offset: args.offset,
        now: now(),
        facets: args.facets,
        by_date: args.by_date,
        facet_values: 0,
        after: match args.cursor.as_deref() {
            Some(c) => Some(rasid_search::SearchCursor::decode(c).with_context(|| {
                format!("--cursor {c:?} is not a cursor rasid gave; use the \"next\" of a previous --json page")
            })?),
            None => None,
        },
    };
    let response = rasid_server::search_json(&index, &store, &q)?;
    let outlets = OutletNames::of(&store)?;
    emit(args.json, &response, |out| {
        writeln!(out, "{} results", response["total"])?;
        for r in response["results"].as_array().into_iter().flatten() {
            let plain = r["snippet"]
                .as_str()
                .unwrap_or("")
                .replace("<b>", "")
                .replace("</b>", "")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            writeln!(
                out,
                "\n[{}] {}\n    {} · {}\n    {}",
                r["id"],
                r["title"].as_str().unwrap_or("(untitled)"),
                outlets.name(r["source"].as_str()),
                r["published"].as_str().unwrap_or("-"),
                plain
            )?;
        }
        if let Some(facets) = response["facets"].as_object() {
            writeln!(out)?;
            for (name, values) in facets {
                let values: Vec<String> = values
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| format!("{} ({})", v["value"].as_str().unwrap_or(""), v["count"]))
                    .collect();
                writeln!(out, "{name}: {}", values.join(", "))?;
            }
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ArticleArgs {
    /// The article's id, or its external id.
    id: String,
    #[command(flatten)]
    data: DataArgs,
    #[arg(long)]
    json: bool,
}

pub fn article(args: ArticleArgs) -> Result<ExitCode> {
    let store = open_store(&args.data.data)?;
    let a = match args.id.parse::<i64>() {
        Ok(n) => store.article(n)?,
        Err(_) => None,
    }
    .or(store.article_by_external_id(&args.id)?);
    let Some(a) = a else {
        eprintln!(
            "rasid: no article {} in {}",
            args.id,
            args.data.data.display()
        );
        return Ok(ExitCode::from(1));
    };
    let outlets = OutletNames::of(&store)?;
    emit(args.json, &a, |out| {
        writeln!(out, "{}", a.title.as_deref().unwrap_or("(untitled)"))?;
        writeln!(
            out,
            "{} · {} · {}\n",
            outlets.name(a.outlet.as_deref()),
            a.published.as_deref().unwrap_or("-"),
            a.url.as_deref().unwrap_or("-")
        )?;
        if let Some(section) = &a.section {
            writeln!(
                out,
                "section: {section} ({:.2}){}",
                a.section_confidence.unwrap_or(1.0),
                a.publisher_section
                    .as_deref()
                    .map(|p| format!(" · publisher's: {p}"))
                    .unwrap_or_default()
            )?;
        }
        if !a.entities.is_empty() {
            let names: Vec<String> = a
                .entities
                .iter()
                .map(|e| format!("{} ({})", e.name, e.kind))
                .collect();
            writeln!(out, "entities: {}", names.join("، "))?;
        }
        if !a.key_phrases.is_empty() {
            writeln!(out, "key phrases: {}", a.key_phrases.join("، "))?;
        }
        if !a.tags.is_empty() {
            writeln!(out, "publisher's tags: {}", a.tags.join("، "))?;
        }
        writeln!(out)?;
        writeln!(out, "{}", a.body)
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ReindexArgs {
    #[command(flatten)]
    data: DataArgs,
    /// First enrich every stored article again with this rasid's entity rules, section
    /// model and key-phrase weighing (after an upgrade or `train-sections`): what
    /// enrichment learns from the archive is learned again from nothing. Publishers'
    /// own sections and tags stay as they are.
    #[arg(long)]
    enrich: bool,
    /// First extract every stored article again from the page kept with it, with this
    /// rasid's extractor (after an upgrade): text, title, dates, authors, the publisher's
    /// section and tags, media. What a page no longer gives keeps its stored value; a
    /// page with no article text found keeps its article. Enriches again too (implies
    /// --enrich). Stories stay as they were linked (`rasid link --again` forms them anew).
    #[arg(long)]
    extract: bool,
}

pub fn reindex(args: ReindexArgs) -> Result<ExitCode> {
    let data = &args.data.data;
    require_archive(data)?;
    let opts = Options {
        progress: std::io::stderr().is_terminal(),
        ..Options::default()
    };
    if args.extract {
        let t = std::time::Instant::now();
        let done = rasid_pipeline::reextract(data, &opts)?;
        println!(
            "extracted {} kept pages again in {:.1} s: {} changed, {} without article text kept as stored; {} articles stored without a page",
            done.extracted + done.kept,
            t.elapsed().as_secs_f64(),
            done.changed,
            done.kept,
            done.without_page
        );
    }
    if args.enrich || args.extract {
        let t = std::time::Instant::now();
        let n = rasid_pipeline::reenrich(data, &opts)?;
        println!(
            "enriched {n} articles in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let n = rasid_pipeline::reindex(data, &opts)?;
    println!("indexed {n} articles");
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Address to listen on (else `server.listen` in rasid.toml, else 127.0.0.1:8080).
    #[arg(long, env = "RASID_LISTEN")]
    listen: Option<String>,
    /// Only serve; do not crawl the followed feeds. With a PostgreSQL store, the server
    /// still indexes and links what others store (`rasid worker`, `rasid ingest`).
    #[arg(long)]
    no_crawl: bool,
}

/// Structured logs on standard error: `RUST_LOG` chooses what (default: rasid's info and
/// each request), `RASID_LOG_FORMAT=json` one JSON object per line.
pub(crate) fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if std::env::var("RASID_LOG_FORMAT").is_ok_and(|v| v == "json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// A crawl round in the logs (of `serve` or `worker`): what it did, when it checked any
/// feed, then each error and each feed it now follows elsewhere.
pub(crate) fn log_round(r: &rasid_pipeline::crawl::CrawlReport, what: &'static str) {
    if r.feeds_checked > 0 {
        tracing::info!(
            feeds = r.feeds_checked,
            unchanged = r.feeds_unchanged,
            failing = r.feeds_failed,
            pages = r.pages_fetched,
            stored = r.stored,
            updated = r.updated,
            linked = r.linked,
            "{what}"
        );
    }
    for e in &r.errors {
        tracing::warn!(error = %e, "crawl");
    }
    for f in &r.feeds_moved {
        tracing::info!(feed = %f, "moved permanently, followed there from now on");
    }
    for f in &r.feeds_discovered {
        tracing::info!(feed = %f, "a web page's own feed, followed from now on");
    }
    for f in &r.feeds_repaired {
        tracing::warn!(feed = %f, "feed is not well-formed XML; read repaired");
    }
}

/// The writer of a serving process: the one that indexes and links the store, or, when
/// another server does (a PostgreSQL store), one that follows it, keeping its own index
/// fed from the store (and taking the linking over should that server stop).
fn open_serving(data: &std::path::Path) -> Result<rasid_pipeline::live::Live> {
    use rasid_pipeline::live::Live;
    Ok(match Live::open(data) {
        Err(rasid_pipeline::PipelineError::Store(rasid_store::StoreError::Busy(why))) => {
            tracing::info!(%why, "following the store for reading; the other server links");
            Live::open_follower(data)?
        }
        opened => opened?,
    })
}

pub fn serve(args: ServeArgs) -> Result<ExitCode> {
    init_logs();
    let settings = crate::config::load(&args.data.data)?;
    let listen = args
        .listen
        .clone()
        .or_else(|| settings.server.listen.clone())
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // The store must exist before the server opens it.
    drop(Store::open(&args.data.data)?);
    let mut crawling = None;
    if args.no_crawl && rasid_store::store_url(&args.data.data)?.is_some() {
        // A shared store: what workers store is indexed and linked here, every tick — or,
        // when another server links it, indexed only.
        let live = open_serving(&args.data.data)?;
        let live = std::sync::Arc::new(std::sync::Mutex::new(live));
        crawling = Some(live.clone());
        let tick = std::time::Duration::from_secs(settings.crawl.tick_secs.max(5));
        let (link, workers) = (
            settings.crawl.link,
            settings.crawl_options(false, true).workers,
        );
        rt.spawn(async move {
            loop {
                tokio::time::sleep(tick).await;
                let live = live.clone();
                let done = tokio::task::spawn_blocking(move || {
                    let mut l = live.lock().unwrap_or_else(|p| p.into_inner());
                    let indexed = l.follow()?;
                    let linking = l.links();
                    let linked = if link { l.link(workers)? } else { 0 };
                    match (linking, l.links()) {
                        (false, true) => tracing::info!(
                            "the store's linking server is gone: this server links now"
                        ),
                        (true, false) => tracing::warn!(
                            "another server links the store since this one's connection \
                             to it was lost: this server follows it for reading now"
                        ),
                        _ => {}
                    }
                    Ok::<_, rasid_pipeline::PipelineError>((indexed, linked))
                })
                .await;
                match done {
                    Ok(Ok((0, 0))) => {}
                    Ok(Ok((indexed, linked))) => {
                        tracing::info!(indexed, linked, "followed the store")
                    }
                    Ok(Err(e)) => tracing::error!(error = %e, "following the store failed"),
                    Err(e) => tracing::error!(error = %e, "following the store failed"),
                }
            }
        });
    } else if !args.no_crawl {
        let fetcher = std::sync::Arc::new(rasid_pipeline::crawl::fetcher(
            &args.data.data,
            settings.fetch_config(),
        )?);
        let live = std::sync::Arc::new(std::sync::Mutex::new(open_serving(&args.data.data)?));
        crawling = Some(live.clone());
        let opts = settings.crawl_options(false, true);
        let tick = std::time::Duration::from_secs(settings.crawl.tick_secs.max(5));
        let retention = settings.retention.clone();
        let mut pruned_at: Option<std::time::Instant> = None;
        rt.spawn(async move {
            loop {
                match rasid_pipeline::crawl::crawl(&live, &fetcher, &opts).await {
                    Ok(r) => {
                        rasid_server::metrics::METRICS.crawl(
                            r.pages_fetched as u64,
                            r.feeds_checked as u64,
                            r.stored as u64,
                            r.updated as u64,
                            &r.error_kinds,
                        );
                        log_round(&r, "crawl round");
                    }
                    Err(e) => tracing::error!(error = %e, "crawl round failed"),
                }
                // After the first round and then once a day, the pages past the retention go.
                let due = pruned_at.is_none_or(|t| t.elapsed().as_secs() >= 86_400);
                if let (true, Some(cutoff)) = (due, retention.pages_cutoff()) {
                    pruned_at = Some(std::time::Instant::now());
                    let live = live.clone();
                    let dropped = tokio::task::spawn_blocking(move || {
                        let mut l = live.lock().unwrap_or_else(|p| p.into_inner());
                        l.store_mut().drop_pages_before(cutoff, false)
                    })
                    .await;
                    match dropped {
                        Ok(Ok((0, _))) => {}
                        Ok(Ok((n, bytes))) => tracing::info!(
                            articles = n,
                            bytes,
                            "dropped the kept pages past the retention"
                        ),
                        Ok(Err(e)) => tracing::error!(error = %e, "dropping old pages failed"),
                        Err(e) => tracing::error!(error = %e, "dropping old pages failed"),
                    }
                }
                tokio::time::sleep(tick).await;
            }
        });
    }
    rt.block_on(rasid_server::serve_with(
        &args.data.data,
        &listen,
        settings.admin_config(),
    ))
    .map_err(anyhow::Error::msg)?;
    // Asked to stop: what the crawl stored since its last commit is made searchable now
    // (after the step it may be in), not at the next start.
    if let Some(live) = crawling {
        let mut l = live.lock().unwrap_or_else(|p| p.into_inner());
        l.commit()?;
        tracing::info!("crawl stopped, index committed");
    }
    rt.shutdown_timeout(std::time::Duration::from_secs(5));
    Ok(ExitCode::SUCCESS)
}
