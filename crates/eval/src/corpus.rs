//! Reading the shared corpora: zstd-compressed JSON Lines.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Calls `f` with every JSON object of a `.jsonl.zst` file, in order.
pub fn for_each_record(path: &Path, mut f: impl FnMut(serde_json::Value)) -> Result<()> {
    let file = std::fs::File::open(path).with_context(|| {
        format!(
            "opening {} (is the shared data beside the repo? pass --data DIR)",
            path.display()
        )
    })?;
    let reader = BufReader::new(zstd::Decoder::new(file)?);
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: reading", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        f(v);
    }
    Ok(())
}

/// The `body` strings of a corpus file, at most `limit` of them.
pub fn bodies(path: &Path, limit: usize) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for_each_record(path, |v| {
        if out.len() < limit {
            if let Some(b) = v.get("body").and_then(|b| b.as_str()) {
                if !b.is_empty() {
                    out.push(b.to_owned());
                }
            }
        }
    })?;
    Ok(out)
}
