//! `rasid-eval extraction`: rasid's extractor on `extraction/` (and the dated pages of
//! `extraction-unlabeled/`), scored as `shared/tools/score_extraction.py` scores it:
//! bag-of-words precision/recall/F1 over lower-cased NFKC `\w+` tokens, and segment
//! checks for `gold.json` pages. Also title and publication-day correctness where the
//! metadata gives them, and the time per page (in process, one core).

use crate::{Ctx, Outcome};
use anyhow::{Context, Result};
use rasid_extract::{extract, Input, InputKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Floors for `--gate`: the figures already reached (raise them as extraction improves).
const GATE_F1_ALL: f64 = 0.965;
const GATE_F1_RTL: f64 = 0.95;
const GATE_DATES: f64 = 0.95;
/// The bar is 500 pages/s; timing on a shared machine is noisy, so the gate
/// catches only a real regression.
const GATE_PAGES_PER_S: f64 = 300.0;
/// Under [`GATE_PAGES_PER_S`], ours ÷ dom_smoothie's timed beside it must hold here
/// ([`Ctx::check_speed_beside`]): the issue asks for not slower than dom_smoothie; ours
/// typically reads 2.0–2.5 times its speed.
const GATE_RATIO_TO_DOM_SMOOTHIE: f64 = 1.3;
/// From w3m text dumps (`--w3m`).
const GATE_TEXT_F1_ALL: f64 = 0.87;
const GATE_TEXT_F1_RTL: f64 = 0.875;

#[derive(clap::Args)]
pub struct Args {
    /// Print one row per page.
    #[arg(long)]
    pub pages: bool,
    /// Extract with `--input text` from w3m dumps in this directory (`<id>.txt`), instead of the HTML.
    #[arg(long)]
    pub text_dumps: Option<PathBuf>,
    /// Render every page with `w3m -dump` (Debian's w3m) and extract from that text.
    #[arg(long, conflicts_with = "text_dumps")]
    pub w3m: bool,
    /// Also run dom_smoothie (a Rust port of Mozilla's Readability) on the same pages, scored
    /// and timed the same way.
    #[arg(long)]
    pub peers: bool,
    /// Timed repetitions over all pages for the speed figure.
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            pages: false,
            text_dumps: None,
            w3m: false,
            peers: false,
            repeat: 5,
        }
    }
}

struct Page {
    id: String,
    lang: String,
    rtl: bool,
    url: Option<String>,
    html: Vec<u8>,
    gold: Option<String>,
    segments: Option<(Vec<String>, Vec<String>)>,
    title: Option<String>,
    date: Option<String>,
}

fn load(dir: &Path, labeled: bool) -> Result<Vec<Page>> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {} (pass --data DIR)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("page.html").exists())
        .collect();
    entries.sort();
    for p in entries {
        let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(p.join("meta.json"))?)?;
        if meta["synthetic"].as_bool() == Some(true) {
            continue;
        }
        let segments = std::fs::read(p.join("gold.json")).ok().and_then(|b| {
            let v: serde_json::Value = serde_json::from_slice(&b).ok()?;
            let list = |k: &str| -> Vec<String> {
                v[k].as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            Some((list("with"), list("without")))
        });
        let date = meta["date"]
            .as_str()
            .or(meta["date_gold"].as_str())
            .map(|d| d.chars().take(10).collect());
        out.push(Page {
            id: p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            lang: meta["lang"].as_str().unwrap_or("?").to_owned(),
            rtl: meta["dir"].as_str() == Some("rtl"),
            url: meta["url"].as_str().map(str::to_owned),
            html: std::fs::read(p.join("page.html"))?,
            gold: if labeled {
                std::fs::read_to_string(p.join("gold.txt")).ok()
            } else {
                None
            },
            segments: if labeled { segments } else { None },
            title: meta["title"].as_str().map(str::to_owned),
            date,
        });
    }
    Ok(out)
}

/// dom_smoothie's text of a page (empty where it finds none).
fn dom_smoothie_text(p: &Page) -> String {
    let html = String::from_utf8_lossy(&p.html);
    match dom_smoothie::Readability::new(html.as_ref(), p.url.as_deref(), None) {
        Ok(mut r) => r
            .parse()
            .map(|a| a.text_content.to_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// dom_smoothie's speed over every page `repeat` times, in pages/s of the thread's CPU time.
fn dom_smoothie_pages_per_s(pages: &[Page], repeat: usize) -> f64 {
    let ((), secs, _) = crate::cpu::timed(|| {
        for _ in 0..repeat.max(1) {
            for p in pages {
                std::hint::black_box(dom_smoothie_text(p));
            }
        }
    });
    (pages.len() * repeat.max(1)) as f64 / secs.max(1e-9)
}

/// dom_smoothie's text on every page with gold, its mean F1 per group, and its speed.
fn peer_dom_smoothie(pages: &[Page], repeat: usize) -> Result<()> {
    let (mut all, mut rtl, mut ar) = (Vec::new(), Vec::new(), Vec::new());
    for p in pages {
        if let Some(g) = &p.gold {
            let f = prf(&dom_smoothie_text(p), g).2;
            all.push(f);
            if p.rtl {
                rtl.push(f);
            }
            if p.lang == "ar" {
                ar.push(f);
            }
        }
    }
    let per_s = dom_smoothie_pages_per_s(pages, repeat);
    let m = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "  dom_smoothie 0.19: mean F1 all {:.3}   rtl {:.3}   arabic {:.3}   speed {per_s:.0} pages/s (thread CPU time)",
        m(&all),
        m(&rtl),
        m(&ar)
    );
    Ok(())
}

/// `w3m -dump PAGE`: the page as a text browser renders it.
fn w3m_dump(page: &Path) -> Result<Vec<u8>> {
    let out = std::process::Command::new("w3m")
        .arg("-dump")
        .arg(page)
        .output()
        .context("running w3m (install it: apt-get install w3m)")?;
    Ok(out.stdout)
}

/// The scorer's bag of words: NFKC, lower-case, `\w+` runs.
fn bag(text: &str) -> HashMap<String, usize> {
    let norm: String = text.nfkc().collect::<String>().to_lowercase();
    let mut m = HashMap::new();
    let mut cur = String::new();
    for c in norm.chars() {
        let word = c == '_'
            || c.is_numeric()
            || (c.is_alphabetic() && !unicode_normalization::char::is_combining_mark(c));
        if word {
            cur.push(c);
        } else if !cur.is_empty() {
            *m.entry(std::mem::take(&mut cur)).or_insert(0) += 1;
        }
    }
    if !cur.is_empty() {
        *m.entry(cur).or_insert(0) += 1;
    }
    m
}

fn prf(pred: &str, gold: &str) -> (f64, f64, f64) {
    let (p, g) = (bag(pred), bag(gold));
    let common: usize = p
        .iter()
        .map(|(w, n)| (*n).min(*g.get(w).unwrap_or(&0)))
        .sum();
    let (np, ng): (usize, usize) = (p.values().sum(), g.values().sum());
    let pr = common as f64 / np.max(1) as f64;
    let rc = common as f64 / ng.max(1) as f64;
    let f = if pr + rc == 0.0 {
        0.0
    } else {
        2.0 * pr * rc / (pr + rc)
    };
    (pr, rc, f)
}

fn norm_seg(s: &str) -> String {
    let n: String = s.nfkc().collect();
    n.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn same_title(a: &str, b: &str) -> bool {
    let (a, b) = (norm_seg(a), norm_seg(b));
    a == b || (!a.is_empty() && !b.is_empty() && prf(&a, &b).2 >= 0.9)
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<Outcome> {
    let mut pages = load(&ctx.data.join("extraction"), true)?;
    if args.text_dumps.is_none() && !args.w3m {
        pages.extend(load(&ctx.data.join("extraction-unlabeled"), false)?);
    }

    struct Row {
        f1: Option<(f64, f64, f64)>,
        with: (usize, usize),
        without: (usize, usize),
        title_ok: Option<bool>,
        date_ok: Option<bool>,
    }
    let mut rows = Vec::new();
    for p in &pages {
        let dump;
        let (bytes, kind): (&[u8], InputKind) = match &args.text_dumps {
            Some(dir) => {
                dump = std::fs::read(dir.join(format!("{}.txt", p.id))).unwrap_or_default();
                (&dump, InputKind::Text)
            }
            None if args.w3m => {
                dump = w3m_dump(&ctx.data.join("extraction").join(&p.id).join("page.html"))?;
                (&dump, InputKind::Text)
            }
            None => (&p.html, InputKind::Html),
        };
        let input = Input {
            bytes,
            url: p.url.as_deref(),
            content_type: None,
            fetched_at: None,
            kind,
            // Generic extraction only: the evaluation is reported without site rules.
            sites: None,
        };
        let (ex, _) = extract(&input);
        let text = ex.text.clone();
        let f1 = p.gold.as_ref().map(|g| prf(&text, g));
        let (mut with, mut without) = ((0, 0), (0, 0));
        if let Some((w, wo)) = &p.segments {
            let t = norm_seg(&text);
            with = (
                w.iter().filter(|s| t.contains(&norm_seg(s))).count(),
                w.len(),
            );
            without = (
                wo.iter().filter(|s| !t.contains(&norm_seg(s))).count(),
                wo.len(),
            );
        }
        let title_ok = p
            .title
            .as_ref()
            .map(|t| ex.title.as_deref().is_some_and(|x| same_title(x, t)));
        let date_ok = p.date.as_ref().map(|d| {
            ex.published
                .as_deref()
                .is_some_and(|x| x.starts_with(d.as_str()))
        });
        if args.pages {
            println!(
                "  {:<40} {:<3} {}  {}{}{}",
                p.id,
                p.lang,
                f1.map_or("   -  ".to_owned(), |f| format!(
                    "F1 {:.3} (P {:.2} R {:.2})",
                    f.2, f.0, f.1
                )),
                if with.1 + without.1 > 0 {
                    format!(
                        "with {}/{} without {}/{}  ",
                        with.0, with.1, without.0, without.1
                    )
                } else {
                    String::new()
                },
                title_ok.map_or(String::new(), |ok| format!(
                    "title {} ",
                    if ok { "ok" } else { "WRONG" }
                )),
                date_ok.map_or(String::new(), |ok| format!(
                    "date {}",
                    if ok {
                        "ok".to_owned()
                    } else {
                        format!("WRONG ({:?} vs {:?})", ex.published, p.date)
                    }
                )),
            );
        }
        rows.push(Row {
            f1,
            with,
            without,
            title_ok,
            date_ok,
        });
    }

    // Speed: every page from HTML, repeated, whole extraction in process.
    let text_mode = args.w3m || args.text_dumps.is_some();
    let repeat = if text_mode { 0 } else { args.repeat.max(1) };
    // The best of three passes, in the thread's CPU time (CI runs of one build read 481,
    // 429 and 295 pages/s in wall time within three hours, 413–454 locally beside them).
    let passes = || {
        let mut best = f64::MAX;
        for _ in 0..if repeat > 0 { 3 } else { 0 } {
            let ((), secs, _) = crate::cpu::timed(|| {
                for _ in 0..repeat {
                    for p in &pages {
                        let input = Input {
                            bytes: &p.html,
                            url: p.url.as_deref(),
                            content_type: None,
                            fetched_at: None,
                            kind: InputKind::Html,
                            sites: None,
                        };
                        std::hint::black_box(extract(&input));
                    }
                }
            });
            best = best.min(secs);
        }
        (pages.len() * repeat) as f64 / best.max(1e-9)
    };
    let per_s = if repeat > 0 {
        ctx.speed_again_while_slow("extraction pages/s", GATE_PAGES_PER_S, passes(), passes)
    } else {
        0.0
    };

    if args.peers && !text_mode {
        peer_dom_smoothie(&pages, repeat)?;
    }

    let mean = |pred: &dyn Fn(&Page) -> bool| -> (f64, usize) {
        let v: Vec<f64> = pages
            .iter()
            .zip(&rows)
            .filter(|(p, _)| pred(p))
            .filter_map(|(_, r)| r.f1.map(|f| f.2))
            .collect();
        (v.iter().sum::<f64>() / v.len().max(1) as f64, v.len())
    };
    let (all, n_all) = mean(&|_| true);
    let (rtl, n_rtl) = mean(&|p| p.rtl);
    let (ar, n_ar) = mean(&|p| p.lang == "ar");
    let with: (usize, usize) = rows
        .iter()
        .fold((0, 0), |a, r| (a.0 + r.with.0, a.1 + r.with.1));
    let without: (usize, usize) = rows
        .iter()
        .fold((0, 0), |a, r| (a.0 + r.without.0, a.1 + r.without.1));
    let titles: Vec<bool> = rows.iter().filter_map(|r| r.title_ok).collect();
    let dates: Vec<bool> = rows.iter().filter_map(|r| r.date_ok).collect();
    let frac = |v: &[bool]| (v.iter().filter(|x| **x).count(), v.len());
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({"f1_all": all, "n_all": n_all, "f1_rtl": rtl, "n_rtl": n_rtl, "f1_arabic": ar, "n_arabic": n_ar,
                "segments_with": with, "segments_without": without, "titles": frac(&titles), "dates": frac(&dates), "pages_per_s": per_s})
        );
    } else {
        println!(
            "Extraction{} — {} pages",
            if args.text_dumps.is_some() {
                " from text dumps"
            } else {
                ""
            },
            pages.len()
        );
        println!("  mean F1   all {all:.3} (n={n_all})   rtl {rtl:.3} (n={n_rtl})   arabic {ar:.3} (n={n_ar})");
        println!(
            "  segments  with {}/{}   without {}/{}",
            with.0, with.1, without.0, without.1
        );
        println!(
            "  titles    {}/{} correct   publication day {}/{} correct",
            frac(&titles).0,
            titles.len(),
            frac(&dates).0,
            dates.len()
        );
        if !text_mode {
            println!("  speed     {per_s:.0} pages/s on one core (whole extraction from HTML, in process; the best of three passes, thread CPU time)");
        }
    }
    let passed = if text_mode {
        ctx.check("text-dump extraction F1 all", all, GATE_TEXT_F1_ALL)
            & ctx.check("text-dump extraction F1 rtl", rtl, GATE_TEXT_F1_RTL)
    } else {
        let ratio = |(a, b): (usize, usize)| a as f64 / b.max(1) as f64;
        ctx.check("extraction F1 all", all, GATE_F1_ALL)
            & ctx.check("extraction F1 rtl", rtl, GATE_F1_RTL)
            & ctx.check("segments with", ratio(with), 1.0)
            & ctx.check("segments without", ratio(without), 1.0)
            & ctx.check("publication day", ratio(frac(&dates)), GATE_DATES)
            & ctx.check_speed_beside(
                "extraction pages/s",
                per_s,
                GATE_PAGES_PER_S,
                "dom_smoothie",
                GATE_RATIO_TO_DOM_SMOOTHIE,
                || {
                    // Both again, one right after the other.
                    let ours = passes();
                    ours / dom_smoothie_pages_per_s(&pages, repeat)
                },
            )
    };
    Ok(Outcome { passed })
}
