//! `rasid-eval teasers`: other stories' leads glued after an article's body in the
//! corpora's records (`rasid_extract::teasers`): how many records of each outlet end
//! with such a run, how many paragraphs that drops, and a sample of the dropped
//! paragraphs with their article's title, for a person to read.

use crate::{corpus, Ctx, Outcome};
use anyhow::Result;
use std::collections::BTreeMap;

#[derive(clap::Args, Default)]
pub struct Args {
    /// Print this many articles' dropped paragraphs (every Nth of those found).
    #[arg(long, default_value_t = 12)]
    samples: usize,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Outcome> {
    let mut by_outlet: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    for file in ["saudinewsnet.jsonl.zst", "ant_multisource_v2.1.jsonl.zst"] {
        corpus::for_each_record(&ctx.data.join("corpus").join(file), |v| {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("");
            let paragraphs: Vec<&str> = s("body")
                .split('\n')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            let cut = rasid_extract::teasers::glued_teasers(s("title"), &paragraphs);
            let e = by_outlet.entry(s("source").to_owned()).or_default();
            e.0 += 1;
            if cut > 0 {
                e.1 += 1;
                e.2 += cut as u64;
                let dropped = paragraphs[paragraphs.len() - cut..]
                    .iter()
                    .map(|p| p.to_string())
                    .collect();
                found.push((format!("[{}] {}", s("source"), s("title")), dropped));
            }
        })?;
    }
    println!("Glued leads of other stories at the end of records' bodies (rasid_extract::teasers)");
    println!(
        "  {:<24} {:>8} {:>10} {:>11}",
        "outlet", "records", "with a run", "paragraphs"
    );
    for (outlet, (n, with, paragraphs)) in &by_outlet {
        println!("  {outlet:<24} {n:>8} {with:>10} {paragraphs:>11}");
    }
    let step = (found.len() / args.samples.max(1)).max(1);
    for (title, dropped) in found.iter().step_by(step).take(args.samples) {
        println!("  {title}");
        for p in dropped {
            println!("      ✂ {}", rasid_text::prefix(p, 160));
        }
    }
    Ok(Outcome { passed: true })
}
