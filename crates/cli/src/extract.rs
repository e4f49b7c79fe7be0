//! `rasid extract PATH|- [--url URL] [--input auto|html|text] [--format json|text|markdown | --json]`

use anyhow::{Context, Result};
use rasid_extract::{extract, Extraction, Input, InputKind};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The page (HTML) or text dump to read; `-` reads standard input.
    path: PathBuf,
    /// The page's URL: resolves relative links and hints the charset.
    #[arg(long)]
    url: Option<String>,
    /// The HTTP Content-Type the page was served with (its charset is honoured).
    #[arg(long)]
    content_type: Option<String>,
    /// When the page was fetched (RFC 3339), to resolve relative dates like "منذ ساعتين".
    #[arg(long)]
    fetched_at: Option<String>,
    /// What the input is.
    #[arg(long, value_enum, default_value_t = Kind::Auto)]
    input: Kind,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// JSON output (the default; as every other command that prints data spells it).
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Also derive rasid's own enrichment: JSON gains `"enrichment": {"section": {"name",
    /// "confidence", "source": "publisher|url|model"}, "key_phrases": [...], "entities":
    /// [{"name", "kind": "person|place|organisation", "mentions"}]}`.
    #[arg(long)]
    enrich: bool,
    /// Apply the site rules of this file (a data directory's `sites.toml`, see
    /// docs/CONFIG.md) to the page of `--url`: for trying a rule before it is saved.
    #[arg(long, value_name = "FILE", requires = "url")]
    sites: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    Auto,
    Html,
    Text,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Text,
    Markdown,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let bytes = if args.path.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .context("reading standard input")?;
        b
    } else {
        std::fs::read(&args.path).with_context(|| format!("cannot read {}", args.path.display()))?
    };
    let sites = match &args.sites {
        Some(path) => Some(rasid_pipeline::sites::read(path)?),
        None => None,
    };
    let input = Input {
        bytes: &bytes,
        url: args.url.as_deref(),
        content_type: args.content_type.as_deref(),
        fetched_at: args.fetched_at.as_deref(),
        kind: match args.input {
            Kind::Auto => InputKind::Auto,
            Kind::Html => InputKind::Html,
            Kind::Text => InputKind::Text,
        },
        sites: sites.as_ref(),
    };
    let (ex, warnings) = extract(&input);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&ex)?;
            if args.enrich {
                let title = ex.title.as_deref().unwrap_or("");
                // One page alone: no corpus frequencies, so phrases rank by their use in
                // the page (frequency, title, opening, names).
                let rasid_enrich::Enrichment {
                    section: a,
                    entities: found,
                    key_phrases,
                } = rasid_enrich::enrich(
                    title,
                    &ex.text,
                    ex.section.as_deref(),
                    args.url.as_deref().or(ex.canonical_url.as_deref()),
                    &rasid_enrich::Learned::default(),
                );
                let phrases: Vec<String> = key_phrases.into_iter().map(|p| p.text).collect();
                let entities: Vec<serde_json::Value> = found
                    .into_iter()
                    .map(|e| serde_json::json!({"name": e.name, "kind": e.kind.as_str(), "mentions": e.mentions}))
                    .collect();
                value["enrichment"] = serde_json::json!({
                    "key_phrases": phrases,
                    "entities": entities,
                    "section": {
                        "name": a.section,
                        "confidence": a.confidence,
                        "source": match a.source {
                            rasid_enrich::sections::SectionSource::Publisher => "publisher",
                            rasid_enrich::sections::SectionSource::Url => "url",
                            rasid_enrich::sections::SectionSource::Model => "model",
                        },
                    }
                });
            }
            serde_json::to_writer(&mut out, &value)?;
            writeln!(out)?;
        }
        Format::Text => {
            if let Some(t) = &ex.title {
                writeln!(out, "{t}\n")?;
            }
            writeln!(out, "{}", ex.text)?;
        }
        Format::Markdown => write_markdown(&mut out, &ex)?,
    }
    out.flush()?;
    for w in &warnings {
        eprintln!(
            "rasid: warning: {}: {} ({})",
            args.path.display(),
            w.message,
            w.code
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn write_markdown(out: &mut impl Write, ex: &Extraction) -> std::io::Result<()> {
    if let Some(t) = &ex.title {
        writeln!(out, "# {t}\n")?;
    }
    let mut meta = Vec::new();
    if !ex.authors.is_empty() {
        meta.push(ex.authors.join("، "));
    }
    if let Some(p) = &ex.published {
        meta.push(p.clone());
    }
    if let Some(s) = &ex.site_name {
        meta.push(s.clone());
    }
    if !meta.is_empty() {
        writeln!(out, "*{}*\n", meta.join(" · "))?;
    }
    for p in &ex.body {
        writeln!(out, "{p}\n")?;
    }
    if !ex.attributions.is_empty() {
        let names: Vec<&str> = ex.attributions.iter().map(|a| a.name.as_str()).collect();
        writeln!(out, "— {}\n", names.join("، "))?;
    }
    if !ex.tags.is_empty() {
        writeln!(out, "Tags: {}\n", ex.tags.join("، "))?;
    }
    if !ex.related_links.is_empty() {
        writeln!(out, "## Related\n")?;
        for l in &ex.related_links {
            match &l.url {
                Some(u) => writeln!(out, "- [{}]({u})", l.title)?,
                None => writeln!(out, "- {}", l.title)?,
            }
        }
    }
    Ok(())
}
