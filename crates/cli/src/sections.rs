//! `rasid train-sections FILE... [--out PATH] [--until DATE] [--c C] [--json]`

use anyhow::{Context, Result};
use rasid_enrich::sections::{one_section_per_url, Labelled, Model, Sample, TrainOptions};
use rasid_pipeline::{Format, ItemKind};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Labelled JSONL (`.jsonl`, `.jsonl.zst`): `title`, `body`, the section in `section`
    /// or `category` (publisher labels such as internationalNews, sport or رياضة are mapped
    /// to rasid's sections; records with other labels are skipped) and the outlet in
    /// `source` (an outlet without a middle-east section has its world labels left out).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where to write the model. To rebuild the one that ships with rasid:
    /// `--out crates/enrich/model/sections.bin`.
    #[arg(long, default_value = "sections.bin")]
    out: PathBuf,
    /// Train only on articles published before this date (YYYY-MM or YYYY-MM-DD), to
    /// keep later ones for testing.
    #[arg(long)]
    until: Option<String>,
    /// Inverse regularization strength (LIBLINEAR's C).
    #[arg(long)]
    c: Option<f32>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

pub fn train(args: TrainArgs) -> Result<ExitCode> {
    let mut records: Vec<Labelled> = Vec::new();
    let (mut unlabelled, mut invalid, mut later) = (0usize, 0usize, 0usize);
    for path in &args.files {
        rasid_pipeline::read(path, Format::Jsonl, &mut |item| {
            let ItemKind::Record(v) = item.kind else {
                invalid += 1;
                eprintln!("rasid: skipped {}: not a JSON record", item.position);
                return true;
            };
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_owned();
            let Some(r) = Labelled::from_fields(s).map(rasid_pipeline::as_stored) else {
                unlabelled += 1;
                return true;
            };
            if args.until.as_ref().is_some_and(|until| r.date >= *until) {
                later += 1;
                return true;
            }
            records.push(r);
            true
        })
        .with_context(|| format!("reading {}", path.display()))?;
    }
    let (records, ambiguous) = one_section_per_url(records);
    anyhow::ensure!(
        !records.is_empty(),
        "no labelled articles found: each record needs `title`, `body` and a `section` or `category` rasid knows (e.g. sport, economy, internationalNews)"
    );
    let samples: Vec<Sample<'_>> = records.iter().map(Labelled::sample).collect();
    let ambiguous_world =
        samples.len() - rasid_enrich::sections::without_ambiguous_world(&samples).len();
    let mut options = TrainOptions::default();
    if let Some(c) = args.c {
        options.c = c;
    }
    let t = Instant::now();
    let model = Model::train(&samples, &options);
    let secs = t.elapsed().as_secs_f64();
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("writing the model to {}", args.out.display()))?;
    let mut per_class: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &samples {
        *per_class.entry(s.label).or_default() += 1;
    }
    if args.json {
        println!(
            "{}",
            serde_json::json!({
                "model": args.out,
                "bytes": bytes.len(),
                "articles": samples.len(),
                "classes": per_class,
                "skipped": {"unlabelled": unlabelled, "invalid": invalid, "ambiguous_or_repeated": ambiguous, "after_until": later, "world_of_outlets_without_middle_east": ambiguous_world},
                "seconds": secs,
            })
        );
    } else {
        println!(
            "trained on {} articles in {secs:.1} s → {} ({:.2} MB)",
            samples.len(),
            args.out.display(),
            bytes.len() as f64 / 1e6
        );
        let classes: Vec<String> = per_class.iter().map(|(c, n)| format!("{c} {n}")).collect();
        println!("  sections: {}", classes.join(" · "));
        println!(
            "  skipped: {unlabelled} without a known section or body, {ambiguous} in two sections or repeated, {later} after --until, {invalid} unreadable; {ambiguous_world} world labels of outlets without a middle-east section left out of training"
        );
    }
    Ok(ExitCode::SUCCESS)
}
