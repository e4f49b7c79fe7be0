//! `rasid-eval entities`: named-entity extraction over both corpora (every article, so a
//! panic anywhere shows), its speed on one core, and the most frequent entities of each
//! kind for inspection. (The hand-checked precision/recall sample is still to be written.)

use crate::{corpus, Ctx, Outcome};
use anyhow::Result;
use rasid_enrich::entities::{entities, Kind};
use std::collections::HashMap;
use std::time::Instant;

/// Below the ~16,000/s measured, for a shared machine's noise.
const GATE_RATE: f64 = 12_000.0;

pub fn run(ctx: &Ctx) -> Result<Outcome> {
    let mut texts: Vec<(String, String)> = Vec::new();
    for f in ["saudinewsnet.jsonl.zst", "ant_multisource_v2.1.jsonl.zst"] {
        corpus::for_each_record(&ctx.data.join("corpus").join(f), |v| {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
            texts.push((s("title"), s("body")));
        })?;
    }
    let t = Instant::now();
    let mut counts: HashMap<(Kind, String), usize> = HashMap::new();
    let mut total = 0usize;
    for (title, body) in &texts {
        for e in entities(title, body) {
            total += 1;
            *counts.entry((e.kind, e.name)).or_default() += 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let rate = texts.len() as f64 / secs;
    println!(
        "Entities: {} articles of SaudiNewsNet and ANT, {:.1} entities per article, {rate:.0} articles/s on one core",
        texts.len(),
        total as f64 / texts.len().max(1) as f64
    );
    for kind in [Kind::Person, Kind::Place, Kind::Organisation] {
        let mut top: Vec<(&String, &usize)> = counts
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .map(|((_, n), c)| (n, c))
            .collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = top
            .iter()
            .take(15)
            .map(|(n, c)| format!("{n} ({c})"))
            .collect();
        println!("  {}: {}", kind.as_str(), list.join("، "));
    }
    let passed = ctx.check("entities articles/s", rate, GATE_RATE);
    Ok(Outcome { passed })
}
