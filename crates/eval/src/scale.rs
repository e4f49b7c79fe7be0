//! `rasid-eval scale`: a million articles (the corpora replicated with fresh ids and URLs),
//! ingested through the real pipeline, then queried over HTTP by 8 concurrent clients with
//! a fixed list of real Arabic title queries; p50/p99 latency, index size and server RSS.
//! With `--fts5` the same articles also go into SQLite FTS5 and both are queried in process.
//! Not part of the CI gates (it takes minutes and gigabytes); run it by hand.

use crate::archive::{dir_size, percentile, proc_status_mb, title_queries};
use crate::{corpus, Ctx, Outcome};
use anyhow::Result;
use rasid_pipeline::{Item, ItemKind};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// How many articles to load.
    #[arg(long, default_value_t = 1_000_000)]
    articles: usize,
    /// Concurrent HTTP clients.
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Requests per client.
    #[arg(long, default_value_t = 500)]
    requests: usize,
    /// Use (and keep) this data directory; an existing one is reused without ingesting.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Also build SQLite FTS5 over the same articles and compare in-process latency.
    #[arg(long)]
    fts5: bool,
    /// Link the stored articles into stories, then time linking one more copy of the
    /// corpora into that store and into an empty one (each copy is dated four years after
    /// the previous, so that every copy is its own stretch of news).
    #[arg(long)]
    link: bool,
    /// Which copy of the corpora to link last (default: the one after those stored;
    /// give a higher one when reusing a directory).
    #[arg(long)]
    link_copy: Option<usize>,
}

/// Copy `copy` of a corpus record: a fresh id and URL and, with `shift`, dated `copy` × 4
/// years later.
fn replica(v: &serde_json::Value, copy: usize, shift: bool) -> serde_json::Value {
    let mut v = v.clone();
    if copy == 0 {
        return v;
    }
    let id = v["id"].as_str().unwrap_or("x").to_owned();
    let url = v["url"]
        .as_str()
        .unwrap_or("https://example.com/x")
        .to_owned();
    v["id"] = format!("{id}-r{copy}").into();
    v["url"] = format!("{url}?r={copy}").into();
    if shift {
        let date = ["published", "date_iso", "date"]
            .iter()
            .find_map(|k| v.get(*k).and_then(|d| d.as_str()))
            .and_then(rasid_extract::dates::parse_machine);
        if let Some(d) = date {
            let later = d.timestamp() + copy as i64 * 4 * 365 * 86_400;
            v["published"] = rasid_extract::dates::DateTime::from_timestamp(later)
                .to_rfc3339()
                .into();
        }
    }
    v
}

/// Ingests `records` (without linking) into `data`.
fn ingest_records(
    data: &std::path::Path,
    records: std::sync::Arc<Vec<serde_json::Value>>,
    range: std::ops::Range<usize>,
    shift: bool,
) -> Result<rasid_pipeline::Summary> {
    let opts = rasid_pipeline::Options {
        progress: true,
        ..Default::default()
    };
    Ok(rasid_pipeline::ingest_from(data, &opts, move |emit| {
        for i in range {
            let v = replica(&records[i % records.len()], i / records.len(), shift);
            if !emit(Item {
                position: format!("record {i}"),
                kind: ItemKind::Record(v),
            }) {
                break;
            }
        }
        Vec::new()
    })?)
}

/// Links every unlinked article of `data`: (articles, seconds, the heap's peak in MB).
fn link_timed(data: &std::path::Path) -> Result<(u64, f64, f64)> {
    let mut store = rasid_store::Store::open(data)?;
    let t = Instant::now();
    let (n, heap) = crate::archive::with_peak_heap(|| {
        rasid_pipeline::link_unlinked(&mut store, rasid_pipeline::Options::default().workers)
    });
    Ok((n?, t.elapsed().as_secs_f64(), heap))
}

/// Linking stays flat with the archive's size: one more copy of the corpora linked into
/// the big store, and the same copy into an empty one.
fn link_scale(
    data: &std::path::Path,
    records: &std::sync::Arc<Vec<serde_json::Value>>,
    articles: usize,
    copy: Option<usize>,
) -> Result<()> {
    let (n, secs, heap) = link_timed(data)?;
    if n > 0 {
        println!(
            "  linked the {n} stored articles in {secs:.0} s ({:.0}/s), heap at most {heap:.0} MB",
            n as f64 / secs
        );
    }
    let copy = copy.unwrap_or_else(|| articles.div_ceil(records.len()));
    let range = copy * records.len()..(copy + 1) * records.len();
    ingest_records(data, records.clone(), range.clone(), true)?;
    let (big_n, big, big_heap) = link_timed(data)?;
    let empty = tempfile::tempdir()?;
    ingest_records(empty.path(), records.clone(), range, true)?;
    let (small_n, small, small_heap) = link_timed(empty.path())?;
    println!(
        "  linking one more copy ({big_n} new articles): {big:.1} s ({:.0}/s, heap at most {big_heap:.0} MB) with {articles} stored, {small:.1} s ({:.0}/s, {small_heap:.0} MB) into an empty store ({small_n})",
        big_n as f64 / big.max(1e-9),
        small_n as f64 / small.max(1e-9),
    );
    Ok(())
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Outcome> {
    let tmp = tempfile::tempdir()?;
    let data = args.dir.clone().unwrap_or_else(|| tmp.path().join("data"));
    // Load the corpora once; replicate them with fresh ids and URLs.
    let mut records: Vec<serde_json::Value> = Vec::new();
    for f in ["saudinewsnet.jsonl.zst", "ant_multisource_v2.1.jsonl.zst"] {
        corpus::for_each_record(&ctx.data.join("corpus").join(f), |v| {
            if v.get("body")
                .and_then(|b| b.as_str())
                .is_some_and(|b| !b.is_empty())
            {
                records.push(v)
            }
        })?;
    }
    let records = std::sync::Arc::new(records);
    let titles: Vec<String> = records
        .iter()
        .filter_map(|r| r.get("title").and_then(|t| t.as_str()).map(str::to_owned))
        .collect();
    let queries = title_queries(
        titles.iter().map(String::as_str),
        (titles.len() / 300).max(1),
    );
    let ingest_secs = if data.join("rasid.db").exists() {
        0.0
    } else {
        let t = Instant::now();
        let s = ingest_records(&data, records.clone(), 0..args.articles, args.link)?;
        eprintln!(
            "ingested {} articles ({} duplicates)",
            s.stored, s.duplicates
        );
        t.elapsed().as_secs_f64()
    };
    let size_gb = dir_size(&data) as f64 / 1e9;
    let index_gb = dir_size(&data.join("index")) as f64 / 1e9;

    // The server, in process, on a free port.
    let state = rasid_server::AppState::open(&data).map_err(anyhow::Error::msg)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    rt.spawn(async move { axum::serve(listener, rasid_server::router(state)).await });

    let encoded: Vec<String> = queries
        .iter()
        .map(|q| rasid_server::web::pages::enc(q))
        .collect();
    let encoded = std::sync::Arc::new(encoded);
    // Warm-up: every query once.
    {
        let mut c = Client::connect(addr)?;
        for q in encoded.iter() {
            c.get(&format!("/api/v1/search?q={q}&limit=10"))?;
        }
    }
    let t = Instant::now();
    let mut handles = Vec::new();
    for k in 0..args.clients {
        let qs = encoded.clone();
        let requests = args.requests;
        handles.push(std::thread::spawn(move || -> Result<Vec<f64>> {
            let mut c = Client::connect(addr)?;
            let mut lat = Vec::with_capacity(requests);
            for i in 0..requests {
                let q = &qs[(k * 37 + i) % qs.len()];
                let t = Instant::now();
                c.get(&format!("/api/v1/search?q={q}&limit=10"))?;
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            Ok(lat)
        }));
    }
    let mut lat = Vec::new();
    for h in handles {
        lat.extend(
            h.join()
                .map_err(|_| anyhow::anyhow!("client thread panicked"))??,
        );
    }
    let wall = t.elapsed().as_secs_f64();
    let (p50, p99) = (
        percentile(&mut lat.clone(), 0.5),
        percentile(&mut lat, 0.99),
    );
    let rss = proc_status_mb("VmRSS:");
    println!(
        "Scale: {} articles, data directory {size_gb:.2} GB (index {index_gb:.2} GB){}",
        args.articles,
        if ingest_secs > 0.0 {
            format!(
                ", ingested in {ingest_secs:.0} s ({:.0}/s)",
                args.articles as f64 / ingest_secs
            )
        } else {
            String::new()
        }
    );
    println!(
        "  HTTP /api/v1/search, {} clients × {} requests over {} title queries: p50 {p50:.2} ms, p99 {p99:.2} ms, {:.0} req/s; process RSS {rss:.0} MB",
        args.clients,
        args.requests,
        queries.len(),
        (args.clients * args.requests) as f64 / wall
    );
    breakdown(&data, &queries)?;
    if args.link {
        link_scale(&data, &records, args.articles, args.link_copy)?;
    }
    if args.fts5 {
        fts5_compare(&data, &queries)?;
    }
    let passed = ctx.check("scale p50 ms headroom (5 - p50)", 5.0 - p50, 0.0)
        & ctx.check("scale p99 ms headroom (50 - p99)", 50.0 - p99, 0.0);
    Ok(Outcome { passed })
}

/// Where a request's time goes, one query at a time in process: the search itself, then
/// loading the hits' bodies and cutting snippets (what the HTTP handler adds).
fn breakdown(data: &std::path::Path, queries: &[String]) -> Result<()> {
    let store = rasid_store::Store::open(data)?;
    let index = rasid_search::SearchIndex::open(data)?;
    let (mut search, mut snippets, mut total) = (Vec::new(), Vec::new(), 0usize);
    for q in queries {
        let t = Instant::now();
        let r = index.search(&rasid_search::SearchQuery {
            text: q.clone(),
            limit: 10,
            now: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            ..Default::default()
        })?;
        search.push(t.elapsed().as_secs_f64() * 1000.0);
        total += r.total;
        let t = Instant::now();
        let stems = index.query_stems(q);
        for h in &r.hits {
            let body = store.body(h.id)?.unwrap_or_default();
            std::hint::black_box(rasid_search::snippet(&body, &stems, 200));
        }
        snippets.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "  one request in process: search mean {:.2} ms (p50 {:.2}), bodies + snippets mean {:.2} ms; {:.0} matches per query on average",
        mean(&search),
        percentile(&mut search.clone(), 0.5),
        mean(&snippets),
        total as f64 / queries.len().max(1) as f64
    );
    Ok(())
}

/// FTS5 over the stored articles, both engines queried in process.
fn fts5_compare(data: &std::path::Path, queries: &[String]) -> Result<()> {
    let store = rasid_store::Store::open(data)?;
    let index = rasid_search::SearchIndex::open(data)?;
    let path = data.join("fts5-compare.db");
    let _ = std::fs::remove_file(&path);
    let conn = rusqlite::Connection::open(&path)?;
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
         CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');",
    )?;
    let t = Instant::now();
    let mut after = 0;
    loop {
        let batch = store.articles_after(after, 20_000)?;
        let Some(last) = batch.last().map(|a| a.id) else {
            break;
        };
        after = last;
        let tx = conn.unchecked_transaction()?;
        {
            let mut ins =
                tx.prepare_cached("INSERT INTO fts(rowid, title, body) VALUES (?1, ?2, ?3)")?;
            for a in &batch {
                ins.execute(rusqlite::params![
                    a.id,
                    a.title.as_deref().unwrap_or(""),
                    a.body
                ])?;
            }
        }
        tx.commit()?;
    }
    let build = t.elapsed().as_secs_f64();
    let fq = |q: &str| {
        q.split_whitespace()
            .map(|w| format!("\"{}\"", w.replace('"', "")))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut st = conn.prepare("SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 10")?;
    let (mut tf, mut tr) = (Vec::new(), Vec::new());
    for pass in 0..2 {
        for q in queries {
            let t = Instant::now();
            let ids: Vec<i64> = st
                .query_map([fq(q)], |r| r.get(0))?
                .filter_map(|r| r.ok())
                .collect();
            let df = t.elapsed().as_secs_f64() * 1000.0;
            std::hint::black_box(ids);
            let t = Instant::now();
            let r = index.search(&rasid_search::SearchQuery {
                text: q.clone(),
                limit: 10,
                ..Default::default()
            })?;
            let dr = t.elapsed().as_secs_f64() * 1000.0;
            std::hint::black_box(r);
            if pass == 1 {
                tf.push(df);
                tr.push(dr);
            }
        }
    }
    println!(
        "  in process: rasid p50 {:.2} ms p99 {:.2} ms · FTS5 p50 {:.2} ms p99 {:.2} ms (FTS5 built in {build:.0} s)",
        percentile(&mut tr.clone(), 0.5),
        percentile(&mut tr, 0.99),
        percentile(&mut tf.clone(), 0.5),
        percentile(&mut tf, 0.99)
    );
    let _ = std::fs::remove_file(&path);
    Ok(())
}

/// A keep-alive HTTP/1.1 client, just enough for the benchmark.
struct Client {
    reader: BufReader<std::net::TcpStream>,
    writer: std::net::TcpStream,
}

impl Client {
    fn connect(addr: std::net::SocketAddr) -> Result<Client> {
        let s = std::net::TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        Ok(Client {
            reader: BufReader::new(s.try_clone()?),
            writer: s,
        })
    }

    fn get(&mut self, path: &str) -> Result<Vec<u8>> {
        write!(self.writer, "GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n")?;
        let mut line = String::new();
        let mut len = 0usize;
        let mut status_ok = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if let Some(rest) = line.strip_prefix("HTTP/1.1 ") {
                status_ok = rest.starts_with("200");
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some(v) = l
                .split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            {
                len = v.1.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; len];
        self.reader.read_exact(&mut body)?;
        anyhow::ensure!(
            status_ok,
            "bad response: {}",
            String::from_utf8_lossy(&body)
        );
        Ok(body)
    }
}
