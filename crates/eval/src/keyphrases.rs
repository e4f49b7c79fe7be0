//! `rasid-eval keyphrases`: key phrases against the hashtags publishers put in ANT bodies
//! (weak gold: #عاصي_الحلاني). Document frequencies are counted over both corpora first;
//! the hashtags are flattened into plain words (# and _ removed) so that the extractor
//! must find them on merit. Reported: the share of hashtag-carrying articles where one of
//! rasid's top 5 phrases is one of the article's hashtags (stems compared), and the seed's
//! phrases, checked against the expectations.

use crate::{corpus, Ctx, Outcome};
use anyhow::{Context, Result};
use rasid_enrich::keyphrases::{key_phrases, stems_of, PhraseFrequencies};
use std::collections::HashSet;
use std::time::Instant;

/// Floors at the figures reached.
const GATE_HASHTAG_TOP5: f64 = 0.725;
const GATE_SEED: f64 = 1.0;

/// The hashtags of a text and the text with them flattened into words.
fn hashtags(body: &str) -> (Vec<String>, String) {
    let mut tags = Vec::new();
    for w in body.split_whitespace() {
        if let Some(t) = w.strip_prefix('#') {
            let t = t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_');
            if !t.is_empty() {
                tags.push(t.replace('_', " "));
            }
        }
    }
    let flat = body.replace('#', "").replace('_', " ");
    (tags, flat)
}

fn phrases_of(title: &str, body: &str, freq: &PhraseFrequencies, n: usize) -> Vec<String> {
    let names: Vec<String> = rasid_enrich::entities::entities(title, body)
        .into_iter()
        .map(|e| e.name)
        .collect();
    key_phrases(title, body, freq, &names, n)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

#[derive(clap::Args, Default)]
pub struct Args {
    /// Also print this many articles' eight key phrases, every Nth article of both corpora
    /// (hashtags or none), for a person to judge.
    #[arg(long, default_value_t = 0)]
    samples: usize,
    /// Start the sample this many articles in (another draw of the same size).
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Outcome> {
    let mut articles: Vec<(String, String, Vec<String>)> = Vec::new();
    for f in ["saudinewsnet.jsonl.zst", "ant_multisource_v2.1.jsonl.zst"] {
        corpus::for_each_record(&ctx.data.join("corpus").join(f), |v| {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
            let (tags, flat) = hashtags(&s("body"));
            articles.push((s("title"), flat, tags));
        })?;
    }
    let freq = PhraseFrequencies::default();
    for (t, b, _) in &articles {
        freq.add(t, b);
    }
    let tagged: Vec<&(String, String, Vec<String>)> =
        articles.iter().filter(|a| !a.2.is_empty()).collect();
    let t = Instant::now();
    let mut hits = 0;
    let mut examples = Vec::new();
    for (title, body, tags) in &tagged {
        let gold: HashSet<String> = tags.iter().map(|t| stems_of(t).join(" ")).collect();
        let ours = phrases_of(title, body, &freq, 5);
        let hit = ours.iter().any(|p| gold.contains(&stems_of(p).join(" ")));
        hits += usize::from(hit);
        if examples.len() < 5 {
            examples.push(format!(
                "    {title}\n      rasid: {}\n      tags:  {}",
                ours.join("، "),
                tags.join("، ")
            ));
        }
    }
    let rate = tagged.len() as f64 / t.elapsed().as_secs_f64();
    let share = hits as f64 / tagged.len().max(1) as f64;
    println!(
        "Key phrases: {} articles carry hashtags (document frequencies over {} articles); one of rasid's top 5 is a hashtag in {hits} = {share:.3} (aim 0.6); {rate:.0} articles/s with entities, one core",
        tagged.len(),
        articles.len()
    );
    for e in &examples {
        println!("{e}");
    }
    if let Some(step) = articles.len().checked_div(args.samples) {
        let step = step.max(1);
        println!(
            "  sample: every {step}th article from the {}th",
            args.offset
        );
        for (title, body, _) in articles
            .iter()
            .skip(args.offset)
            .step_by(step)
            .take(args.samples)
        {
            println!(
                "    {title}\n      {}",
                phrases_of(title, body, &freq, 8).join(" | ")
            );
        }
    }
    // The seed, as extracted.
    let path = ctx.data.join("../seed/000_f78409525aa3a69f.txt");
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let (ex, _) = rasid_extract::extract(&rasid_extract::Input::auto(&bytes));
    let seed = phrases_of(ex.title.as_deref().unwrap_or(""), &ex.text, &freq, 8);
    let has = |p: &str| seed.iter().any(|s| s == p);
    let checks = [
        has("التحالف الدولي") || has("قوات التحالف الدولي"),
        has("العراق"),
        has("واشنطن") || has("الولايات المتحدة"),
        seed.iter().collect::<HashSet<_>>().len() == seed.len(),
    ];
    let seed_ok = checks.iter().filter(|c| **c).count() as f64 / checks.len() as f64;
    println!(
        "  seed: {} — checks {}/{}",
        seed.join("، "),
        checks.iter().filter(|c| **c).count(),
        checks.len()
    );
    let passed = ctx.check("key phrases hashtag top-5 share", share, GATE_HASHTAG_TOP5)
        & ctx.check("key phrases seed checks", seed_ok, GATE_SEED);
    Ok(Outcome { passed })
}
