//! `rasid-eval lexicon`: learns the stemmer's list of words whose first letter only looks
//! like a clitic (`crates/text/data/root_initial_learned.txt`) from the word counts of the
//! three corpora, with [`rasid_text::stem::learn_root_initial`].

use crate::{corpus, Ctx, Outcome};
use anyhow::{Context, Result};
use rasid_text::{for_each_token, normalize, Script, TokenKind};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(clap::Args, Default)]
pub struct Args {
    /// Write the list here instead of printing how it differs from the built-in one.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The corpora the list is learned from.
const CORPORA: [&str; 3] = [
    "ant_multisource_v2.1.jsonl.zst",
    "ant_jawharafm_v1.1.jsonl.zst",
    "saudinewsnet.jsonl.zst",
];

pub fn run(ctx: &Ctx, args: &Args) -> Result<Outcome> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut articles = 0usize;
    for f in CORPORA {
        corpus::for_each_record(&ctx.data.join("corpus").join(f), |v| {
            articles += 1;
            for field in ["title", "body"] {
                let text = v.get(field).and_then(|t| t.as_str()).unwrap_or("");
                for_each_token(text, |t| {
                    if t.kind == TokenKind::Word && t.script == Script::Arabic {
                        *counts.entry(normalize(t.text)).or_default() += 1;
                    }
                });
            }
        })?;
    }
    let learned = rasid_text::stem::learn_root_initial(&counts);
    let text = learned.join("\n") + "\n";
    let builtin: std::collections::HashSet<&str> =
        include_str!("../../text/data/root_initial_learned.txt")
            .split_whitespace()
            .collect();
    let added: Vec<&String> = learned
        .iter()
        .filter(|w| !builtin.contains(w.as_str()))
        .collect();
    let kept: std::collections::HashSet<&str> = learned.iter().map(String::as_str).collect();
    let dropped: Vec<&&str> = builtin.iter().filter(|w| !kept.contains(**w)).collect();
    if let Some(out) = &args.out {
        std::fs::write(out, &text).with_context(|| format!("writing {}", out.display()))?;
    }
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({
                "articles": articles,
                "forms": counts.len(),
                "learned": learned.len(),
                "added": added,
                "dropped": dropped,
            })
        );
    } else {
        println!(
            "Root-initial words learned from {articles} articles ({} word forms): {} ({} not in the built-in list, {} of the built-in list not learned){}",
            counts.len(),
            learned.len(),
            added.len(),
            dropped.len(),
            args.out
                .as_ref()
                .map(|o| format!("; written to {}", o.display()))
                .unwrap_or_default()
        );
    }
    Ok(Outcome { passed: true })
}
