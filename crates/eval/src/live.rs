//! `rasid-eval live`: what a crawl round's link step costs a running `rasid serve`.
//!
//! A store holds `--window` articles of ANT published over the six days before now (the
//! days the link stage keeps in view: two windows of three days), ingested and linked as
//! an ingest links them; then `--rounds` crawl rounds each bring `--per-round` new articles
//! through the long-lived writer ([`rasid_pipeline::Live`]), as the crawler does, and the
//! round's link step (linking the new articles, then settling the open run) is timed.
//! The articles are re-dated to fit the window, so their stories mean nothing here: only
//! the cost is measured. Gated with 5,000 articles in view ([`Args::gate`]): rounds a
//! second at no less than half the typical figure (a regression to reading every article
//! afresh each round reads under it).

use crate::archive::percentile;
use crate::{corpus, Ctx, Outcome};
use anyhow::Result;
use rasid_pipeline::live::Live;
use rasid_pipeline::{Item, ItemKind};
use std::time::Instant;

#[derive(clap::Args, Clone)]
pub struct Args {
    /// Articles stored in the six days before the rounds.
    #[arg(long, default_value_t = 20_000)]
    window: usize,
    /// Crawl rounds timed.
    #[arg(long, default_value_t = 20)]
    rounds: usize,
    /// New articles each round brings.
    #[arg(long, default_value_t = 5)]
    per_round: usize,
    /// Use (and keep) this data directory instead of a temporary one.
    #[arg(long)]
    dir: Option<std::path::PathBuf>,
}

/// Seconds between the end of the window and the first round's articles.
const ROUND_STEP: i64 = 60;

/// Rounds a second typically measured here by the gate's settings ([`Args::gate`]: 5,000
/// articles in view; 224 ms a round on 4 December; 604 ms before the writer kept its
/// reading between rounds).
const TYPICAL_ROUNDS_PER_SEC: f64 = 4.0;
/// Under the floor, the rounds linked in the time tantivy's analyzer takes to read the
/// bodies in view, both in wall time one right after the other, must hold here
/// ([`Ctx::check_speed_beside`]; 3.2–3.8 in three runs of 6 December).
const GATE_RATIO_TO_TANTIVY: f64 = 2.0;

impl Args {
    /// What the gates run: 5,000 articles in view, 20 rounds of 5.
    pub fn gate() -> Args {
        Args {
            window: 5_000,
            rounds: 20,
            per_round: 5,
            dir: None,
        }
    }
}

/// `v` as published at `time` (seconds), with an id and URL of its own.
fn dated(v: &serde_json::Value, n: usize, time: i64) -> serde_json::Value {
    let mut v = v.clone();
    v["id"] = format!("live-{n}").into();
    v["url"] = format!("https://live.example/{n}").into();
    v["published"] = rasid_extract::dates::DateTime::from_timestamp(time)
        .to_rfc3339()
        .into();
    if let Some(o) = v.as_object_mut() {
        o.remove("date_iso");
        o.remove("date");
    }
    v
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Outcome> {
    // A pass, its retries, and one more timed beside the yardstick.
    let need = args.window + (2 + crate::SPEED_RETRIES) * args.rounds * args.per_round;
    let mut records = Vec::with_capacity(need);
    corpus::for_each_record(
        &ctx.data.join("corpus/ant_multisource_v2.1.jsonl.zst"),
        |v| {
            let has_body = v
                .get("body")
                .and_then(|b| b.as_str())
                .is_some_and(|b| b.len() > 200);
            if records.len() < need && has_body {
                records.push(v);
            }
        },
    )?;
    anyhow::ensure!(
        records.len() == need,
        "ANT has {} articles with a body, {need} needed",
        records.len()
    );
    let now = 1_700_000_000i64;
    let span = 6 * 86_400;
    let temp = tempfile::tempdir()?;
    let data = args.dir.clone().unwrap_or_else(|| temp.path().to_owned());
    let window: Vec<serde_json::Value> = records[..args.window]
        .iter()
        .enumerate()
        .map(|(i, v)| dated(v, i, now - span + (i as i64 * span) / args.window as i64))
        .collect();
    let t = Instant::now();
    let opts = rasid_pipeline::Options {
        link: true,
        ..Default::default()
    };
    let summary = rasid_pipeline::ingest_from(&data, &opts, {
        move |emit| {
            for (i, v) in window.into_iter().enumerate() {
                if !emit(Item {
                    position: format!("record {i}"),
                    kind: ItemKind::Record(v),
                }) {
                    break;
                }
            }
            Vec::new()
        }
    })?;
    let ingest_secs = t.elapsed().as_secs_f64();
    let workers = rasid_pipeline::Options::default().workers;
    let mut live = Live::open(&data)?;
    let mut linked = 0;
    let mut next = args.window;
    // One pass of `args.rounds` rounds: each round's link step in milliseconds.
    let mut pass = |live: &mut Live, linked: &mut u64| -> Result<Vec<f64>> {
        let mut times = Vec::with_capacity(args.rounds);
        for r in 0..args.rounds {
            for _ in 0..args.per_round {
                let n = next;
                next += 1;
                let time = now + (n - args.window) as i64 * ROUND_STEP / args.per_round as i64;
                live.add(Item {
                    position: format!("round {r}"),
                    kind: ItemKind::Record(dated(&records[n], n, time)),
                })?;
            }
            live.commit()?;
            let t = Instant::now();
            *linked += live.link(workers)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(times)
    };
    let times = pass(&mut live, &mut linked)?;
    let first = times.first().copied().unwrap_or(0.0);
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    // The rounds after the first (which reads the articles in view for the first time).
    let later = |t: &[f64], p: f64| -> f64 {
        let mut later = t[1.min(t.len())..].to_vec();
        if later.is_empty() {
            0.0
        } else {
            percentile(&mut later, p)
        }
    };
    let (median, p90) = (later(&times, 0.5), later(&times, 0.9));
    let remembered = live.remembered();
    let floor = TYPICAL_ROUNDS_PER_SEC * crate::SPEED_FLOOR;
    let rate = ctx.speed_again_while_slow(
        "live link rounds/s",
        floor,
        1000.0 / median.max(1e-9),
        || {
            let again = pass(&mut live, &mut linked).unwrap_or_default();
            1000.0 / later(&again, 0.5).max(1e-9)
        },
    );
    let peak = crate::archive::proc_status_mb("VmHWM:");
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({"stored": summary.stored, "ingest_seconds": ingest_secs,
                "rounds": args.rounds, "per_round": args.per_round, "workers": workers,
                "first_ms": first, "median_ms": median, "p90_ms": p90, "mean_ms": mean,
                "rounds_per_second": rate, "remembered": remembered, "peak_rss_mb": peak})
        );
    } else {
        println!(
            "Live linking: {} articles stored over six days (ingested and linked in {ingest_secs:.1} s), then {} crawl rounds of {} new articles",
            summary.stored, args.rounds, args.per_round
        );
        println!(
            "  link step per round: first {first:.0} ms; later rounds median {median:.0} ms, p90 {p90:.0} ms; mean {mean:.0} ms ({linked} articles linked, {workers} workers; the reading of {remembered} articles kept between rounds, peak RSS {peak:.0} MB)",
        );
    }
    let passed = args.window != Args::gate().window
        || ctx.check_speed_beside(
            "live link rounds/s",
            rate,
            TYPICAL_ROUNDS_PER_SEC * crate::SPEED_FLOOR,
            "tantivy's analyzer reading the bodies in view (rounds in its time, wall time)",
            GATE_RATIO_TO_TANTIVY,
            || {
                let again = pass(&mut live, &mut linked).unwrap_or_default();
                let ours = 1000.0 / later(&again, 0.5).max(1e-9);
                // In wall time, as the rounds are timed.
                let bodies = records[..args.window]
                    .iter()
                    .filter_map(|v| v.get("body").and_then(|b| b.as_str()));
                ours * crate::throughput::tantivy_wall_secs(bodies)
            },
        );
    Ok(Outcome { passed })
}
