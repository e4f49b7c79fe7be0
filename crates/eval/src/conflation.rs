//! `rasid-eval conflation`: rasid's light stemmer against tantivy's Snowball Arabic.

use crate::{corpus, Ctx, Outcome};
use anyhow::Result;
use rasid_text::conflation::{evaluate, parse, rasid_stem, Kind, Score, TEST_SET};
use std::collections::HashSet;
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

/// Floors for `--gate`: the figures already reached (raise them as the stemmer improves).
const GATE_MEET: f64 = 0.99;
const GATE_DIFFER: f64 = 0.98;
const GATE_NAME: f64 = 1.0;

pub fn run(ctx: &Ctx) -> Result<Outcome> {
    let cases = parse(TEST_SET).map_err(anyhow::Error::msg)?;
    let ours = evaluate(&cases, rasid_stem);
    let mut snowball = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build();
    let theirs = evaluate(&cases, |w| {
        let mut stream = snowball.token_stream(w);
        let mut out = String::new();
        while stream.advance() {
            out.push_str(&stream.token().text);
        }
        out
    });
    let coverage = corpus_coverage(ctx, &cases);

    if ctx.json {
        let row = |s: &Score| {
            serde_json::json!({
                "must_meet": {"ok": s.meet.0, "total": s.meet.1, "rate": s.meet_rate()},
                "must_differ": {"ok": s.differ.0, "total": s.differ.1, "rate": s.differ_rate()},
                "names": {"ok": s.name.0, "total": s.name.1, "rate": s.name_rate()},
            })
        };
        println!(
            "{}",
            serde_json::json!({
                "cases": cases.len(),
                "words_in_corpus": coverage.as_ref().map(|c| (c.0, c.1)),
                "rasid": row(&ours),
                "tantivy_snowball_ar": row(&theirs),
            })
        );
    } else {
        println!(
            "Stemmer conflation — {} cases (crates/text/data/conflation.tsv)",
            cases.len()
        );
        if let Some((found, total, missing)) = &coverage {
            println!("words found in the shared corpora: {found}/{total}");
            if !missing.is_empty() {
                println!("  not found: {}", missing.join(" "));
            }
        }
        println!(
            "{:<24} {:>16} {:>16} {:>16}",
            "stemmer", "must-meet", "must-differ", "names intact"
        );
        for (name, s) in [
            ("rasid light stemmer", &ours),
            ("tantivy Snowball (ar)", &theirs),
        ] {
            let cell = |(ok, n): (usize, usize)| {
                format!("{ok}/{n} {:5.1}%", 100.0 * ok as f64 / n.max(1) as f64)
            };
            println!(
                "{name:<24} {:>16} {:>16} {:>16}",
                cell(s.meet),
                cell(s.differ),
                cell(s.name)
            );
        }
        if !ours.failures.is_empty() {
            println!("rasid failures:");
            for (c, a, b) in &ours.failures {
                let kind = match c.kind {
                    Kind::Meet => "meet",
                    Kind::Differ => "differ",
                    Kind::Name => "name",
                };
                println!(
                    "  line {:>3} {kind:<6} {} / {} → {a} / {b}   ({})",
                    c.line, c.a, c.b, c.note
                );
            }
        }
    }
    let passed = ctx.check("conflation must-meet", ours.meet_rate(), GATE_MEET)
        & ctx.check("conflation must-differ", ours.differ_rate(), GATE_DIFFER)
        & ctx.check("conflation names", ours.name_rate(), GATE_NAME);
    Ok(Outcome { passed })
}

/// How many of the test set's words occur in the shared corpora (None without the data).
fn corpus_coverage(
    ctx: &Ctx,
    cases: &[rasid_text::conflation::Case],
) -> Option<(usize, usize, Vec<String>)> {
    let mut wanted: HashSet<String> = HashSet::new();
    for c in cases {
        wanted.insert(rasid_text::normalize(&c.a));
        if c.kind != Kind::Name {
            wanted.insert(rasid_text::normalize(&c.b));
        }
    }
    let mut found: HashSet<String> = HashSet::new();
    for file in ["saudinewsnet.jsonl.zst", "ant_multisource_v2.1.jsonl.zst"] {
        let path = ctx.data.join("corpus").join(file);
        if !path.exists() {
            return None;
        }
        let res = corpus::for_each_record(&path, |v| {
            for field in ["title", "body"] {
                if let Some(t) = v.get(field).and_then(|x| x.as_str()) {
                    rasid_text::for_each_token(t, |tok| {
                        let n = rasid_text::normalize(tok.text);
                        if wanted.contains(&n) {
                            found.insert(n);
                        }
                    });
                }
            }
        });
        if res.is_err() {
            return None;
        }
    }
    let mut missing: Vec<String> = wanted.difference(&found).cloned().collect();
    missing.sort();
    Some((found.len(), wanted.len(), missing))
}
