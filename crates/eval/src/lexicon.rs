//! `rasid-eval lexicon`: learns the stemmer's word lists from the three corpora — the
//! words whose first letter only looks like a clitic
//! (`crates/text/data/root_initial_learned.txt`, from the word counts, with
//! [`rasid_text::stem::learn_root_initial`]) and the spelling variants of names and
//! loanwords (`crates/text/data/spelling_variants_learned.txt`, from stem counts, contexts
//! and outlets, with [`rasid_text::variants::learn`]) and the common words that end or
//! cannot start a person's name after a title (`crates/enrich/data/common_words_learned.txt`,
//! written with the article often and seldom in a name's frame, with
//! [`rasid_enrich::entities::learn_common_words`]), and the present-tense verbs that end
//! key phrases (`crates/text/data/verbs_learned.txt`, with [`rasid_text::verbs::learn`]),
//! and the whole names written two ways (`crates/text/data/name_variants_learned.txt`,
//! from the people extraction finds, with [`rasid_text::variants::learn_names`]).

use crate::{corpus, Ctx, Outcome};
use anyhow::{Context, Result};
use rasid_text::{for_each_token, normalize, stem_arabic, Script, TokenKind};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(clap::Args, Default)]
pub struct Args {
    /// Write the root-initial list here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the spelling variants here.
    #[arg(long)]
    variants_out: Option<PathBuf>,
    /// Write the common words (never a name's word after a title) here.
    #[arg(long)]
    common_out: Option<PathBuf>,
    /// Write the present-tense verbs (no key phrase's word) here.
    #[arg(long)]
    verbs_out: Option<PathBuf>,
    /// Write the whole names written two ways here.
    #[arg(long)]
    names_out: Option<PathBuf>,
}

/// The corpora the list is learned from.
const CORPORA: [&str; 3] = [
    "ant_multisource_v2.1.jsonl.zst",
    "ant_jawharafm_v1.1.jsonl.zst",
    "saudinewsnet.jsonl.zst",
];

pub fn run(ctx: &Ctx, args: &Args) -> Result<Outcome> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    // Words right before or after بن، ابن، ابو (a name's frame).
    let mut in_names: HashMap<String, u64> = HashMap::new();
    let mut articles = 0usize;
    for f in CORPORA {
        corpus::for_each_record(&ctx.data.join("corpus").join(f), |v| {
            articles += 1;
            for field in ["title", "body"] {
                let text = v.get(field).and_then(|t| t.as_str()).unwrap_or("");
                let mut prev: Option<String> = None;
                for_each_token(text, |t| {
                    if t.kind == TokenKind::Word && t.script == Script::Arabic {
                        let w = normalize(t.text);
                        *counts.entry(w.clone()).or_default() += 1;
                        let frame = |w: &str| rasid_enrich::entities::NAME_FRAME_WORDS.contains(&w);
                        if let Some(p) = &prev {
                            if frame(p) {
                                *in_names.entry(w.clone()).or_default() += 1;
                            }
                            if frame(&w) {
                                *in_names.entry(p.clone()).or_default() += 1;
                            }
                        }
                        prev = Some(w);
                    } else if t.kind == TokenKind::Word {
                        prev = None;
                    }
                });
            }
        })?;
    }
    let common = rasid_enrich::entities::learn_common_words(&counts, &in_names);
    if let Some(out) = &args.common_out {
        std::fs::write(out, common.join("\n") + "\n")
            .with_context(|| format!("writing {}", out.display()))?;
    }
    let verbs = rasid_text::verbs::learn(&counts);
    if let Some(out) = &args.verbs_out {
        std::fs::write(out, verbs.join("\n") + "\n")
            .with_context(|| format!("writing {}", out.display()))?;
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
    let variants = learn_variants(ctx, &counts)?;
    if let Some(out) = &args.variants_out {
        let text: String = variants
            .pairs
            .iter()
            .map(|(v, c)| format!("{v} {c} {}\n", variants.surface(c)))
            .collect();
        std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
    }
    let names = learn_name_variants(ctx)?;
    if let Some(out) = &args.names_out {
        let text: String = names.iter().map(|(v, c)| format!("{v}\t{c}\n")).collect();
        std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
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
                "verbs": verbs.len(),
                "added": added,
                "dropped": dropped,
                "article_pairs_split": {"pairs": split.0, "occurrences": split.1},
                "name_variants": names.len(),
            })
        );
    } else {
        println!(
            "Root-initial words learned from {articles} articles ({} word forms): {} ({} not in the built-in list, {} of the built-in list not learned){}",
            counts.len(),
            learned.len(),
            added.len(),
            dropped.len(),
            written(args.out.as_deref())
        );
        println!(
            "Word pairs X / الX seen twice or more whose stems differ (with the built-in stemmer): {} (the rarer form's occurrences: {})",
            split.0, split.1
        );
        println!(
            "Common words learned (seen with the article, never in a name's frame): {}{}",
            common.len(),
            written(args.common_out.as_deref())
        );
        println!(
            "Present-tense verbs learned (another person and a plural, dual or future seen, never with the article): {}{}",
            verbs.len(),
            written(args.verbs_out.as_deref())
        );
        println!(
            "Spelling variants learned: {} pairs of {} candidate stems (same stem without inner long vowels, each seen {}+ times){}",
            variants.pairs.len(),
            variants.candidates,
            rasid_text::variants::MIN_COUNT,
            written(args.variants_out.as_deref())
        );
        for (v, c) in &variants.pairs {
            println!(
                "  {v} ({}) → {c} ({})",
                variants.counts.get(v).copied().unwrap_or(0),
                variants.counts.get(c).copied().unwrap_or(0)
            );
        }
        println!(
            "Whole names learned as written two ways: {} (each named in {}+ articles){}",
            names.len(),
            rasid_text::variants::MIN_NAME_ARTICLES,
            written(args.names_out.as_deref())
        );
        for (v, c) in &names {
            println!("  {v} → {c}");
        }
    }
    Ok(Outcome { passed: true })
}

/// The whole names written two ways: the people of the three corpora as an ingest finds
/// them (each article read with the names learned from those before it), the whole names
/// learned before switched off, with the other entities of their articles as context
/// and the words after بن in names as the Arabic names' words.
fn learn_name_variants(ctx: &Ctx) -> Result<Vec<(String, String)>> {
    use rasid_enrich::entities::{entities_learning, Kind, Names};
    use rasid_text::variants::{learn_names, name_key, NameStats};
    use rustc_hash::{FxHashMap, FxHashSet};
    rasid_text::variants::set_whole_names(false);
    let names = Names::default();
    let mut stats: FxHashMap<String, NameStats> = FxHashMap::default();
    let mut arabic: FxHashSet<String> = FxHashSet::default();
    let mut result = Ok(());
    for f in CORPORA {
        result = corpus::for_each_record(&ctx.data.join("corpus").join(f), |v| {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("");
            let found = entities_learning(s("title"), s("body"), &names);
            let keys: Vec<(String, u64)> = found
                .iter()
                .map(|e| {
                    let key = name_key(&e.name);
                    let hash = rasid_text::hash64(&format!("{}:{key}", e.kind.as_str()));
                    (key, hash)
                })
                .collect();
            for (e, (key, hash)) in found.iter().zip(&keys) {
                if e.kind != Kind::Person {
                    continue;
                }
                let words: Vec<&str> = key.split(' ').collect();
                for w in words.windows(2) {
                    if matches!(w[0], "بن" | "ابن" | "بنت") {
                        arabic.insert(w[1].to_owned());
                    }
                }
                let st = stats.entry(key.clone()).or_default();
                st.articles += 1;
                *st.written.entry(e.name.clone()).or_default() += 1;
                for (_, other) in keys.iter().filter(|(_, h)| h != hash) {
                    *st.context.entry(*other).or_default() += 1;
                }
            }
        });
        if result.is_err() {
            break;
        }
    }
    rasid_text::variants::set_whole_names(true);
    result?;
    Ok(learn_names(&stats, &arabic))
}

/// What [`learn_variants`] found.
struct Variants {
    pairs: Vec<(String, String)>,
    candidates: usize,
    /// Occurrences of each stem as spelled.
    counts: HashMap<String, u64>,
    /// How each candidate stem is written as a bare word, with counts.
    written: HashMap<String, HashMap<String, u64>>,
}

impl Variants {
    /// The commonest written form of `stem` as a bare word (`stem` itself if never seen
    /// bare): a name's display form keeps its hamza (أنجلوس, not انجلوس).
    fn surface(&self, stem: &str) -> String {
        self.written
            .get(stem)
            .and_then(|w| w.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))))
            .map_or_else(|| stem.to_owned(), |(w, _)| w.clone())
    }
}

/// Learns the spelling variants: stem counts from the word counts, then a second pass
/// over the corpora for the candidates' contexts and outlets.
fn learn_variants(ctx: &Ctx, words: &HashMap<String, u64>) -> Result<Variants> {
    use rasid_text::variants::{candidates, learn, StemStats};
    use rustc_hash::FxHashMap;
    let stem_of: HashMap<&str, &str> = words.keys().map(|w| (w.as_str(), stem_arabic(w))).collect();
    let mut counts: HashMap<String, u64> = HashMap::new();
    for (w, &n) in words {
        *counts.entry(stem_of[w.as_str()].to_owned()).or_default() += n;
    }
    let cands = candidates(&counts);
    let index: HashMap<&str, usize> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut stats: Vec<StemStats> = vec![StemStats::default(); cands.len()];
    let mut written: Vec<HashMap<String, u64>> = vec![HashMap::new(); cands.len()];
    let mut outlets: HashMap<String, u32> = HashMap::new();
    for f in CORPORA {
        corpus::for_each_record(&ctx.data.join("corpus").join(f), |v| {
            let source = v.get("source").and_then(|t| t.as_str()).unwrap_or(f);
            let next = outlets.len() as u32;
            let outlet = *outlets.entry(source.to_owned()).or_insert(next);
            for field in ["title", "body"] {
                let text = v.get(field).and_then(|t| t.as_str()).unwrap_or("");
                let mut stems: Vec<Option<&str>> = Vec::new();
                for_each_token(text, |t| {
                    let word = (t.kind == TokenKind::Word && t.script == Script::Arabic)
                        .then(|| normalize(t.text));
                    let stem = word.as_deref().and_then(|w| stem_of.get(w).copied());
                    // A bare form (nothing stripped) of a candidate: how it is written.
                    if let (Some(w), Some(s)) = (&word, stem) {
                        if w == s {
                            if let Some(&c) = index.get(s) {
                                *written[c].entry(t.text.to_owned()).or_default() += 1;
                            }
                        }
                    }
                    stems.push(stem);
                });
                for (i, s) in stems.iter().enumerate() {
                    let Some(&c) = s.and_then(|s| index.get(s)) else {
                        continue;
                    };
                    let st = &mut stats[c];
                    st.count += 1;
                    *st.outlets.entry(outlet).or_default() += 1;
                    let side = |j: Option<usize>, salt: u64| {
                        j.and_then(|j| stems.get(j).copied().flatten())
                            .map(|n| rasid_text::hash64(n) ^ salt)
                    };
                    for ctx_hash in [side(i.checked_sub(1), 1), side(Some(i + 1), 2)]
                        .into_iter()
                        .flatten()
                    {
                        *st.context.entry(ctx_hash).or_default() += 1;
                    }
                }
            }
        })?;
    }
    let by_stem: FxHashMap<String, StemStats> = cands.iter().cloned().zip(stats).collect();
    let pairs = learn(&by_stem);
    Ok(Variants {
        pairs,
        candidates: cands.len(),
        counts,
        written: cands.iter().cloned().zip(written).collect(),
    })
}

/// "; written to FILE" when a list was asked to be written.
fn written(out: Option<&std::path::Path>) -> String {
    out.map(|o| format!("; written to {}", o.display()))
        .unwrap_or_default()
}
