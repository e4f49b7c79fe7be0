//! `rasid.toml` in the data directory, and the environment variables that override it.
//! Every key, with its default, is documented in `docs/CONFIG.md`; an unknown key or a
//! value of the wrong type is an error naming the file and the line.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The configuration file's name inside the data directory.
pub const FILE: &str = "rasid.toml";

#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub fetch: FetchSettings,
    pub crawl: CrawlSettings,
    pub server: ServerSettings,
    pub admin: AdminSettings,
    pub retention: RetentionSettings,
    pub store: StoreSettings,
}

/// Where the store is: the data directory's SQLite file unless `url` names a PostgreSQL
/// database (read by `rasid_store::store_url`; `RASID_STORE_URL` wins).
#[derive(Deserialize, Debug, Clone, Default)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSettings {
    pub url: Option<String>,
}

#[derive(Deserialize, Debug, Clone, Default)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionSettings {
    /// How long the pages kept with articles are kept (a span: `180d`, `26w`); `rasid
    /// serve` drops older ones once a day (`rasid prune` does it by hand). Unset: kept.
    pub pages: Option<String>,
}

impl RetentionSettings {
    /// The publication time before which pages go, now; `None` when they are kept.
    pub fn pages_cutoff(&self) -> Option<i64> {
        let span = self.pages.as_deref()?;
        let t = rasid_server::since_utc(span, &rasid_store::now_rfc3339()).ok()?;
        rasid_extract::dates::parse_machine(&t).map(|d| d.timestamp())
    }
}

#[derive(Deserialize, Debug, Clone, Default)]
#[serde(deny_unknown_fields, default)]
pub struct AdminSettings {
    /// The feeds admin's password, argon2-hashed (`rasid admin password` prints it).
    pub password_hash: Option<String>,
    /// The bearer token of `/api/v1/feeds` (`rasid admin token` makes one).
    pub api_token: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct FetchSettings {
    /// The whole User-Agent header (replaces the default).
    pub user_agent: Option<String>,
    /// A URL or e-mail address where the site owners can reach whoever runs this rasid;
    /// added to the default User-Agent.
    pub contact: Option<String>,
    pub timeout_secs: u64,
    pub connect_timeout_secs: u64,
    pub max_body_bytes: usize,
    pub max_redirects: usize,
    pub retries: u32,
    pub host_delay_ms: u64,
    pub concurrency: usize,
    pub allow_private_addresses: bool,
    pub robots_ttl_hours: u64,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            user_agent: None,
            contact: None,
            timeout_secs: 30,
            connect_timeout_secs: 10,
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            host_delay_ms: 1000,
            concurrency: 8,
            allow_private_addresses: false,
            robots_ttl_hours: 24,
        }
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct CrawlSettings {
    /// How often `rasid serve` looks for feeds that are due.
    pub tick_secs: u64,
    /// Items read per feed per check (the newest first).
    pub max_items_per_feed: usize,
    /// Group new articles into stories after each round.
    pub link: bool,
}

impl Default for CrawlSettings {
    fn default() -> Self {
        CrawlSettings {
            tick_secs: 60,
            max_items_per_feed: 100,
            link: true,
        }
    }
}

#[derive(Deserialize, Debug, Clone, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    /// Where `rasid serve` listens (the `--listen` flag and `RASID_LISTEN` win).
    pub listen: Option<String>,
}

/// The settings of a data directory: its `rasid.toml` if there is one, then the
/// environment (`RASID_USER_AGENT`, `RASID_CONTACT`, `RASID_ALLOW_PRIVATE_ADDRESSES`,
/// `RASID_MAX_BODY_BYTES`, `RASID_CONCURRENCY`, `RASID_HOST_DELAY_MS`,
/// `RASID_TIMEOUT_SECS`).
pub fn load(data: &Path) -> Result<Settings> {
    let path: PathBuf = data.join(FILE);
    let mut s = match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str::<Settings>(&text).map_err(|e| {
            let line = e
                .span()
                .map(|sp| text[..sp.start.min(text.len())].lines().count().max(1));
            anyhow::anyhow!(
                "{}{}: {} (see docs/CONFIG.md for every key and its default)",
                path.display(),
                line.map(|l| format!(":{l}")).unwrap_or_default(),
                e.message()
            )
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Settings::default(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    fn parsed<T: std::str::FromStr>(key: &str, v: String) -> Result<T> {
        v.trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{key}={v:?} is not a valid value"))
    }
    if let Some(v) = env("RASID_USER_AGENT") {
        s.fetch.user_agent = Some(v);
    }
    if let Some(v) = env("RASID_CONTACT") {
        s.fetch.contact = Some(v);
    }
    if let Some(v) = env("RASID_ALLOW_PRIVATE_ADDRESSES") {
        s.fetch.allow_private_addresses = matches!(v.trim(), "1" | "true" | "yes");
    }
    if let Some(v) = env("RASID_MAX_BODY_BYTES") {
        s.fetch.max_body_bytes = parsed("RASID_MAX_BODY_BYTES", v)?;
    }
    if let Some(v) = env("RASID_CONCURRENCY") {
        s.fetch.concurrency = parsed("RASID_CONCURRENCY", v)?;
    }
    if let Some(v) = env("RASID_HOST_DELAY_MS") {
        s.fetch.host_delay_ms = parsed("RASID_HOST_DELAY_MS", v)?;
    }
    if let Some(v) = env("RASID_TIMEOUT_SECS") {
        s.fetch.timeout_secs = parsed("RASID_TIMEOUT_SECS", v)?;
    }
    if let Some(span) = &s.retention.pages {
        // A span back from now, not a date: the retention rolls.
        let unit = span.trim().ends_with(['d', 'w', 'h']);
        if !unit || s.retention.pages_cutoff().is_none() {
            anyhow::bail!(
                "{}: retention.pages = {span:?} is not a span; write one like \"180d\" or \"26w\"",
                path.display()
            );
        }
    }
    Ok(s)
}

impl Settings {
    /// The fetcher's configuration.
    pub fn fetch_config(&self) -> rasid_fetch::Config {
        let f = &self.fetch;
        let version = env!("CARGO_PKG_VERSION");
        let user_agent = match (&f.user_agent, &f.contact) {
            (Some(ua), _) => ua.clone(),
            (None, Some(contact)) => format!("rasid/{version} (+{contact})"),
            (None, None) => format!("rasid/{version} (self-hosted news aggregator)"),
        };
        rasid_fetch::Config {
            user_agent,
            connect_timeout: Duration::from_secs(f.connect_timeout_secs.max(1)),
            timeout: Duration::from_secs(f.timeout_secs.max(1)),
            max_body: f.max_body_bytes.max(1024),
            max_redirects: f.max_redirects,
            retries: f.retries,
            host_delay: Duration::from_millis(f.host_delay_ms),
            concurrency: f.concurrency.max(1),
            allow_private: f.allow_private_addresses,
            robots_ttl: Duration::from_secs(f.robots_ttl_hours.max(1) * 3600),
            ..rasid_fetch::Config::default()
        }
    }

    /// What the server's feeds admin needs.
    pub fn admin_config(&self) -> rasid_server::web::admin::AdminConfig {
        rasid_server::web::admin::AdminConfig {
            password_hash: self.admin.password_hash.clone().filter(|h| !h.is_empty()),
            api_token: self.admin.api_token.clone().filter(|t| t.len() >= 16),
            allow_private: self.fetch.allow_private_addresses,
        }
    }

    pub fn crawl_options(&self, all: bool, link: bool) -> rasid_pipeline::crawl::CrawlOptions {
        rasid_pipeline::crawl::CrawlOptions {
            max_items: self.crawl.max_items_per_feed.max(1),
            all,
            link: link && self.crawl.link,
            ..Default::default()
        }
    }
}
