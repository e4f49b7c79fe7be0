//! `rasid analyze [TEXT|-] [--json]`

use anyhow::{Context, Result};
use rasid_text::Analyzer;
use std::io::{Read, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The text to analyze; `-` or nothing reads standard input.
    text: Option<String>,
    /// Print JSON: {"lang", "sentences", "tokens": [{"text", "norm", "stem", "stop", "kind", "start", "end"}]}.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let text = match args.text.as_deref() {
        None | Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .context("reading standard input")?;
            String::from_utf8_lossy(&buf).into_owned()
        }
        Some(t) => t.to_owned(),
    };
    let analysis = Analyzer::default().analyze(&text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &analysis)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "lang: {}   sentences: {}   tokens: {}",
            analysis.lang,
            analysis.sentences,
            analysis.tokens.len()
        )?;
        let w = |f: fn(&rasid_text::AnalyzedToken) -> &str| {
            analysis
                .tokens
                .iter()
                .map(|t| f(t).chars().count())
                .max()
                .unwrap_or(0)
                .max(4)
        };
        let (wt, wn) = (w(|t| &t.text), w(|t| &t.norm));
        writeln!(out, "{:wt$}  {:wn$}  {:<12}  stop", "text", "norm", "stem")?;
        for t in &analysis.tokens {
            writeln!(
                out,
                "{:wt$}  {:wn$}  {:<12}  {}",
                t.text,
                t.norm,
                t.stem,
                if t.stop { "yes" } else { "" }
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
