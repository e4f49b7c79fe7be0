//! `rasid-eval`: the evaluations and benchmarks behind every quality or speed figure in
//! the README. Each subcommand reads the shared third-party data (`../shared/data` by
//! default, never committed), prints a table, and with `--gate` fails when a figure falls
//! below the floor already reached, which is how `.ci/run` keeps regressions out.

mod archive;
mod conflation;
mod corpus;
mod cpu;
mod crawl;
mod entities;
mod extraction;
mod html;
mod keyphrases;
mod langid;
mod lexicon;
mod live;
mod scale;
mod sections;
mod seed;
mod stories;
mod teasers;
mod throughput;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "rasid-eval",
    version,
    about = "Evaluations and benchmarks for rasid"
)]
struct Cli {
    /// The shared data directory (corpus/, extraction/, …).
    #[arg(
        long,
        global = true,
        default_value = "../shared/data",
        env = "RASID_EVAL_DATA"
    )]
    data: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    /// Fail (exit 1) when a figure is below its gate floor.
    #[arg(long, global = true)]
    gate: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Stemmer conflation: rasid's light stemmer and tantivy's Snowball Arabic on the same set.
    Conflation,
    /// Learn the stemmer's list of words whose first letter only looks like a clitic.
    Lexicon(lexicon::Args),
    /// Analyzer throughput (normalize + tokenize + stopwords + stem) on one core.
    Throughput(throughput::Args),
    /// Language identification on the extraction pages.
    Langid,
    /// Article extraction on the shared pages: word F1 against gold, segments, titles, dates, speed.
    Extraction(extraction::Args),
    /// Ingest speed and memory: both corpora into an empty data directory.
    Ingest(archive::Args),
    /// Search next to SQLite FTS5: build time, size, in-process latency, morphological recall.
    Search(archive::Args),
    /// A million articles over HTTP with concurrent clients (not a CI gate: minutes, gigabytes).
    Scale(scale::Args),
    /// What a crawl round's link step costs a running server (gated with 5,000 articles in view).
    Live(live::Args),
    /// The crawler against a local site of the corpora's pages: pages/s end to end and its
    /// memory through the run (gated with 5,000 pages).
    Crawl(crawl::Args),
    /// The local site `crawl` starts in a process of its own.
    #[command(hide = true)]
    CrawlSite(crawl::SiteArgs),
    /// Story clustering against the labelled days of ANT: pairwise and B-cubed F1.
    Stories(stories::Args),
    /// Section classification on ANT split by date: accuracy, macro-F1, speed.
    Sections(sections::Args),
    /// Named entities over both corpora: speed and the most frequent of each kind.
    Entities(entities::Args),
    /// Key phrases against the hashtags of ANT bodies, and the seed's phrases.
    Keyphrases(keyphrases::Args),
    /// The seed page extracted as plain text, checked against the expectations.
    Seed,
    /// Other stories' leads glued after records' bodies: how many, by outlet, and a sample.
    Teasers(teasers::Args),
    /// Everything the text crate is gated on: conflation, language id, throughput.
    Text(throughput::Args),
    /// Every gated evaluation: text (conflation, language id, throughput), extraction from
    /// HTML and from w3m text dumps (needs w3m), the seed, ingest speed, search vs FTS5,
    /// story clustering, a crawl round's link step, crawling, section classification,
    /// entities, key phrases.
    Gates,
}

/// The outcome of one evaluation: whether its gates held.
pub struct Outcome {
    pub passed: bool,
}

fn main() -> ExitCode {
    // A reader that closes the pipe early (`rasid-eval entities --sample 100 |
    // head`) ends the evaluation quietly, as it ends `cat`, instead of a panic in
    // `println!`: SIGPIPE's default action, which Rust's runtime sets aside. Nothing here
    // talks to the network.
    #[cfg(unix)]
    // SAFETY: called once at start, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let ctx = Ctx {
        data: cli.data,
        json: cli.json,
        gate: cli.gate,
    };
    let result = match cli.command {
        Command::Conflation => conflation::run(&ctx),
        Command::Lexicon(a) => lexicon::run(&ctx, &a),
        Command::Throughput(a) => throughput::run(&ctx, &a),
        Command::Langid => langid::run(&ctx),
        Command::Seed => seed::run(&ctx),
        Command::Teasers(a) => teasers::run(&ctx, &a),
        Command::Stories(a) => stories::run(&ctx, &a),
        Command::Sections(a) => sections::run(&ctx, &a),
        Command::Entities(a) => entities::run(&ctx, &a),
        Command::Keyphrases(a) => keyphrases::run(&ctx, &a),
        Command::Scale(a) => scale::run(&ctx, &a),
        Command::Live(a) => live::run(&ctx, &a),
        Command::Crawl(a) => crawl::run(&ctx, &a),
        Command::CrawlSite(a) => crawl::site(&ctx, &a),
        Command::Ingest(a) => archive::ingest(&ctx, &a),
        Command::Search(a) => archive::search(&ctx, &a),
        Command::Extraction(a) => extraction::run(&ctx, &a),
        Command::Gates => (|| {
            let t = throughput::Args::default();
            let html = extraction::Args::default();
            let text = extraction::Args {
                w3m: true,
                ..extraction::Args::default()
            };
            let mut passed = true;
            for r in [
                conflation::run(&ctx),
                langid::run(&ctx),
                throughput::run(&ctx, &t),
                extraction::run(&ctx, &html),
                extraction::run(&ctx, &text),
                seed::run(&ctx),
                archive::ingest(
                    &ctx,
                    &archive::Args {
                        runs: 2,
                        ..Default::default()
                    },
                ),
                archive::search(&ctx, &archive::Args::default()),
                stories::run(&ctx, &stories::Args::default()),
                live::run(&ctx, &live::Args::gate()),
                crawl::run(&ctx, &crawl::Args::default()),
                sections::run(&ctx, &sections::Args::default()),
                entities::run(&ctx, &entities::Args::default()),
                keyphrases::run(&ctx, &keyphrases::Args::default()),
            ] {
                passed &= r?.passed;
            }
            Ok(Outcome { passed })
        })(),
        Command::Text(a) => (|| {
            let mut passed = true;
            for r in [
                conflation::run(&ctx),
                langid::run(&ctx),
                throughput::run(&ctx, &a),
            ] {
                passed &= r?.passed;
            }
            Ok(Outcome { passed })
        })(),
    };
    match result {
        Ok(o) if o.passed || !ctx.gate => ExitCode::SUCCESS,
        Ok(_) => {
            eprintln!("rasid-eval: a gate failed (see above)");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("rasid-eval: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Options shared by every evaluation.
pub struct Ctx {
    pub data: PathBuf,
    pub json: bool,
    pub gate: bool,
}

/// Speed gates sit at this share of the figure typically measured. The machine is
/// shared: with the same code, the analyzer's throughput has measured anywhere from
/// 50 to 78 MB/s and the ingest from 2,450 to 4,130 articles/s on different runs, so a
/// floor close to the typical figure fails on a slow hour; this one catches a real
/// regression (the issues' speed bars are measured and reported on their own). Even in
/// the thread's CPU time, passes of one build a minute apart read 9,800 to 17,700
/// sections/s on some days (caches and memory are shared with the neighbours; a fixed
/// calibration workload timed beside each pass varied as much, so it cannot correct a
/// figure): the floor is half the typical figure, a regression of a factor of two. Slower
/// stretches that last minutes are told apart by timing a peer beside the work
/// ([`Ctx::check_speed_beside`]).
pub const SPEED_FLOOR: f64 = 0.5;
/// How many times a speed under its floor is measured again
/// ([`Ctx::speed_again_while_slow`]).
pub const SPEED_RETRIES: usize = 3;

impl Ctx {
    /// A speed measured `first`, measured again by `measure` while it reads under `floor`
    /// (at most [`SPEED_RETRIES`] times), the best kept. A slow stretch of a shared host
    /// lasts seconds to minutes, a regression every time: measuring again tells them apart.
    pub fn speed_again_while_slow(
        &self,
        name: &str,
        floor: f64,
        first: f64,
        mut measure: impl FnMut() -> f64,
    ) -> f64 {
        let mut best = first;
        for _ in 0..SPEED_RETRIES {
            if best >= floor {
                break;
            }
            let again = measure();
            eprintln!("{name}: {best:.0} under the floor {floor:.0}, measured again: {again:.0}");
            best = best.max(again);
        }
        best
    }

    /// A speed gate that tells a slow host from slow code. A speed at its `floor` passes.
    /// Under it, `ratio` times this work and a peer's one right after the other and returns
    /// ours ÷ theirs: the same work done by the reference the issue names (tantivy's
    /// analyzer, dom_smoothie, SQLite FTS5), or, where none does the same work, tantivy's
    /// analyzer over the same texts as a yardstick of the host's speed of the moment. A host
    /// slowed down for minutes slows both alike (CI runs of one build read the analyzer at
    /// 37 to 90 MB/s and the ingest at 1,930 to 4,330 articles/s, while ours ÷ tantivy's
    /// stayed within 3.6–5.3 and the ingest ÷ FTS5 within 0.52–0.79); a regression in our
    /// code slows only ours. The gate then holds when the ratio is at `ratio_floor`, about
    /// two thirds of the ratio typically measured or less: a regression by half is caught
    /// on a slow host too, where the floor alone catches it on a fast one only.
    pub fn check_speed_beside(
        &self,
        name: &str,
        value: f64,
        floor: f64,
        peer: &str,
        ratio_floor: f64,
        ratio: impl FnOnce() -> f64,
    ) -> bool {
        if value >= floor {
            return self.check(name, value, floor);
        }
        let r = ratio();
        let ok = r >= ratio_floor;
        self.verdict(
            ok,
            "ok (a slow host)",
            format_args!(
                "{name}: {value:.3} < floor {floor:.3}; timed beside {peer}: {r:.3} × its speed {} floor {ratio_floor:.3}",
                if ok { ">=" } else { "<" }
            ),
        )
    }

    /// Prints a gate's line when gating: what was checked, then `passed` or FAILED.
    fn verdict(&self, ok: bool, passed: &str, what: std::fmt::Arguments<'_>) -> bool {
        if self.gate {
            eprintln!("gate {what} — {}", if ok { passed } else { "FAILED" });
        }
        ok
    }

    /// Checks a figure against its floor, printing the verdict when gating.
    pub fn check(&self, name: &str, value: f64, floor: f64) -> bool {
        let ok = value >= floor;
        self.verdict(
            ok,
            "ok",
            format_args!(
                "{name}: {value:.3} {} floor {floor:.3}",
                if ok { ">=" } else { "<" }
            ),
        )
    }
}
