//! The data directory's `sites.toml`: per-site extraction rules, for the few sites the
//! generic extraction gets wrong. Read at the start of an ingest, a re-extraction and a
//! fetch, and by a running server again whenever the file changes; a file with a
//! mistake is an error naming the file, the line and what is wrong (a server keeps the
//! rules it had).
//!
//! ```toml
//! [[site]]
//! host = "almarsad.co"                       # and its subdomains
//! content = "div.entry-content"              # the body is extracted from inside it
//! remove = [".related-posts", "#comments"]   # dropped before extraction
//! title = "h1.entry-title"                   # the title is this element's text
//! published = "time.entry-date"              # its datetime attribute, or a date in its text
//! ```

use crate::{PipelineError, Result};
use rasid_extract::sites::Sites;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use rasid_extract::sites::FILE;

/// Reads the rules of data directory `data` (none when it has no `sites.toml`).
pub fn load(data: &Path) -> Result<Sites> {
    read_if_any(&data.join(FILE))
}

/// Reads a rule file (`rasid extract --sites FILE`).
pub fn read(path: &Path) -> Result<Sites> {
    let text = std::fs::read_to_string(path).map_err(|e| reading(path, e))?;
    parse(&text, path)
}

/// [`read`], with no rules when there is no such file.
fn read_if_any(path: &Path) -> Result<Sites> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Sites::default()),
        Err(e) => Err(reading(path, e)),
    }
}

fn reading(path: &Path, e: std::io::Error) -> PipelineError {
    PipelineError::Config(format!("reading {}: {e}", path.display()))
}

/// Parses the text of rule file `path` (named in errors).
pub fn parse(text: &str, path: &Path) -> Result<Sites> {
    rasid_extract::sites::parse_rules(text).map_err(|e| PipelineError::Config(e.at(path)))
}

/// A data directory's rules as a long-lived writer holds them: read again when the file
/// changes (or appears, or goes).
pub struct SitesFile {
    path: PathBuf,
    modified: Option<(SystemTime, u64)>,
    sites: Sites,
}

impl SitesFile {
    /// Reads the rules of data directory `data`.
    pub fn open(data: &Path) -> Result<SitesFile> {
        let path = data.join(FILE);
        let modified = modified(&path);
        Ok(SitesFile {
            sites: read_if_any(&path)?,
            path,
            modified,
        })
    }

    /// The rules now in force.
    pub fn sites(&self) -> &Sites {
        &self.sites
    }

    /// Reads the file again if it changed since it was read; on a mistake in it, the
    /// error, the rules in force staying as they were (the same mistake is reported once).
    pub fn refresh(&mut self) -> Result<()> {
        let now = modified(&self.path);
        if now != self.modified {
            self.modified = now;
            self.sites = read_if_any(&self.path)?;
        }
        Ok(())
    }
}

/// When the file was last written, and its length (two writes within the clock's step
/// still differ by length, most of the time).
fn modified(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_file_reads_and_its_mistakes_name_the_line() {
        let path = Path::new("/data/sites.toml");
        let ok = "# rules\n[[site]]\nhost = \"www.almarsad.co\"\ncontent = \"div.entry-content\"\nremove = [\".related\", \"#comments\"]\n\n[[site]]\nhost = \"example.org\"\ntitle = \"h1\"\n";
        let sites = parse(ok, path).unwrap();
        assert_eq!(sites.len(), 2);
        let rule = sites.for_url("https://almarsad.co/x").unwrap();
        assert!(rule.content.is_some());
        assert_eq!(rule.remove.len(), 2);

        let bad_selector = "[[site]]\nhost = \"a.com\"\n\nremove = [\"div:first-child\"]\n";
        let e = parse(bad_selector, path).unwrap_err().to_string();
        assert!(
            e.starts_with("/data/sites.toml:4: selector `div:first-child`"),
            "{e}"
        );
        let bad_host = "[[site]]\nhost = \"https://a.com/news\"\n";
        let e = parse(bad_host, path).unwrap_err().to_string();
        assert!(e.starts_with("/data/sites.toml:2: host"), "{e}");
        let unknown = "[[site]]\nhost = \"a.com\"\ncontnet = \"div\"\n";
        let e = parse(unknown, path).unwrap_err().to_string();
        assert!(
            e.starts_with("/data/sites.toml:") && e.contains("unknown field `contnet`"),
            "{e}"
        );
        let twice = "[[site]]\nhost = \"a.com\"\n[[site]]\nhost = \"www.a.com\"\n";
        let e = parse(twice, path).unwrap_err().to_string();
        assert!(
            e.starts_with("/data/sites.toml:4: a second rule for a.com"),
            "{e}"
        );
    }
}
