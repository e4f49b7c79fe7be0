//! `rasid-eval langid`: language identification on the extraction pages.

use crate::{html, Ctx, Outcome};
use anyhow::{Context, Result};
use std::path::Path;

/// Languages whose every page must be identified correctly (the bar).
const REQUIRED: [&str; 5] = ["ar", "fa", "ur", "en", "fr"];

pub fn run(ctx: &Ctx) -> Result<Outcome> {
    let mut rows = Vec::new();
    for set in ["extraction", "extraction-unlabeled"] {
        let dir = ctx.data.join(set);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("reading {} (pass --data DIR)", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.join("page.html").exists())
            .collect();
        entries.sort();
        for page in entries {
            rows.push(one(&page)?);
        }
    }
    let required: Vec<_> = rows
        .iter()
        .filter(|r| REQUIRED.contains(&r.want.as_str()))
        .collect();
    let req_ok = required.iter().filter(|r| r.ok()).count();
    let other: Vec<_> = rows
        .iter()
        .filter(|r| !REQUIRED.contains(&r.want.as_str()) && r.want != "la")
        .collect();
    let other_ok = other.iter().filter(|r| r.ok()).count();
    if ctx.json {
        let list: Vec<_> = rows
            .iter()
            .map(|r| serde_json::json!({"id": r.id, "want": r.want, "got": r.got, "ok": r.ok()}))
            .collect();
        println!(
            "{}",
            serde_json::json!({"required": {"ok": req_ok, "total": required.len()},
                "other": {"ok": other_ok, "total": other.len()}, "pages": list})
        );
    } else {
        println!("Language identification on the extraction pages (HTML visible text)");
        for r in &rows {
            if !r.ok() || REQUIRED.contains(&r.want.as_str()) && r.want != "en" {
                println!(
                    "  {:<40} want {:<3} got {:<3} {}",
                    r.id,
                    r.want,
                    r.got,
                    if r.ok() { "ok" } else { "WRONG" }
                );
            }
        }
        println!(
            "ar/fa/ur/en/fr pages: {req_ok}/{} correct; other languages: {other_ok}/{} correct; synthetic (la) skipped",
            required.len(),
            other.len()
        );
    }
    let passed = ctx.check(
        "langid ar/fa/ur/en/fr",
        req_ok as f64 / required.len().max(1) as f64,
        1.0,
    );
    Ok(Outcome { passed })
}

struct Row {
    id: String,
    want: String,
    got: String,
}

impl Row {
    fn ok(&self) -> bool {
        self.want == self.got
    }
}

fn one(page: &Path) -> Result<Row> {
    let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(page.join("meta.json"))?)
        .with_context(|| format!("{}/meta.json", page.display()))?;
    let bytes = std::fs::read(page.join("page.html"))?;
    let text = html::visible_text(&String::from_utf8_lossy(&bytes));
    Ok(Row {
        id: page
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        want: meta["lang"].as_str().unwrap_or("?").to_owned(),
        got: rasid_text::detect(&text).code().to_owned(),
    })
}
