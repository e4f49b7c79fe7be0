//! `rasid-eval lexicon`: learns the stemmer's list of words whose first letter only looks
//! like a clitic (`crates/text/data/root_initial_learned.txt`) from the word counts of the
//! three corpora, with [`rasid_text::stem::learn_root_initial`].

use crate::{corpus, Ctx, Outcome};
use anyhow::{Context, Result};
use rasid_text::{for_each_token, normalize, stem_arabic, Script, TokenKind};
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
    // How often the stemmer splits a word from its own form with the article: pairs X /
    // الX, both seen twice or more, whose stems differ (the learned list's target).
    let mut split = (0usize, 0u64);
    for (w, &n) in &counts {
        if n < 2 || w.starts_with("ال") || w.chars().nth(2).is_none() {
            continue;
        }
        let with_article = format!("ال{w}");
        let Some(&m) = counts.get(&with_article) else {
            continue;
        };
        if m >= 2 && stem_arabic(w) != stem_arabic(&with_article) {
            split.0 += 1;
            split.1 += n.min(m);
        }
    }
    let text = learned.join("\n") + "\n";
    let builtin: std::collections::HashSet<&str> = rasid_text::stem::LEARNED_ROOT_INITIAL
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
                "article_pairs_split": {"pairs": split.0, "occurrences": split.1},
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
        println!(
            "Word pairs X / الX seen twice or more whose stems differ (with the built-in stemmer): {} (the rarer form's occurrences: {})",
            split.0, split.1
        );
    }
    Ok(Outcome { passed: true })
}
