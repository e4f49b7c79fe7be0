//! The polite HTTP client: one request at a time per host with a minimum delay between
//! them (robots.txt's `Crawl-delay` respected), a global limit on requests in flight,
//! robots.txt per host (cached, with expiry), conditional GET, retries with exponential
//! backoff and jitter on server errors and time-outs (never on other 4xx), `Retry-After`
//! honoured on 429 and 503, a body-size cap, a redirect limit, and the address guard of
//! [`crate::safety`] on every connection.

use crate::safety::{check_url, forbidden, refusal};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use url::Url;

/// How rasid fetches.
#[derive(Clone, Debug)]
pub struct Config {
    /// Sent with every request; it should say who runs this rasid and how to reach them.
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// For the whole request, body included.
    pub timeout: Duration,
    /// Bodies are cut here (the page is kept, marked as truncated).
    pub max_body: usize,
    pub max_redirects: usize,
    /// Retries after a server error or a time-out.
    pub retries: u32,
    /// The first retry waits about this long, doubling each time (with jitter).
    pub backoff: Duration,
    /// A `Retry-After` up to this long is waited out; a longer one fails the request
    /// with [`FetchError::RetryLater`] and the host rests until then.
    pub max_retry_wait: Duration,
    /// Minimum time between two requests to one host.
    pub host_delay: Duration,
    /// Requests in flight at once, all hosts together.
    pub concurrency: usize,
    /// Whether loopback and private addresses may be fetched (tests, intranets).
    pub allow_private: bool,
    /// How long a host's robots.txt is trusted.
    pub robots_ttl: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            user_agent: format!(
                "rasid/{} (+https://github.com/rasid-news/rasid)",
                env!("CARGO_PKG_VERSION")
            ),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body: 10 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            backoff: Duration::from_secs(2),
            max_retry_wait: Duration::from_secs(60),
            host_delay: Duration::from_secs(1),
            concurrency: 8,
            allow_private: false,
            robots_ttl: Duration::from_secs(24 * 3600),
        }
    }
}

/// What a conditional GET sends back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A fetched page.
#[derive(Clone, Debug)]
pub struct Page {
    /// Where the body came from, after redirects.
    pub url: String,
    pub status: u16,
    /// 304: the validators still hold, and `body` is empty.
    pub not_modified: bool,
    pub content_type: Option<String>,
    /// The validators to send next time.
    pub validators: Validators,
    pub body: Vec<u8>,
    /// The body was longer than [`Config::max_body`] and was cut there.
    pub truncated: bool,
    /// Requests it took (retries included).
    pub attempts: u32,
    /// It was reached through redirects that were all permanent (301, 308): `url` is
    /// where the address now lives.
    pub moved_permanently: bool,
}

/// Why a fetch failed; every variant names the URL.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// Not a URL rasid fetches (scheme, host, or a refused address).
    Refused {
        url: String,
        reason: String,
    },
    /// robots.txt disallows it for rasid's user agent.
    Robots {
        url: String,
    },
    /// The server answered with an error status (after retries, for 5xx).
    Status {
        url: String,
        status: u16,
    },
    /// The server asked to come back later than rasid waits.
    RetryLater {
        url: String,
        after: Duration,
    },
    TimedOut {
        url: String,
    },
    TooManyRedirects {
        url: String,
    },
    /// Connection, TLS or protocol failure.
    Network {
        url: String,
        message: String,
    },
}

impl FetchError {
    pub fn url(&self) -> &str {
        match self {
            FetchError::Refused { url, .. }
            | FetchError::Robots { url }
            | FetchError::Status { url, .. }
            | FetchError::RetryLater { url, .. }
            | FetchError::TimedOut { url }
            | FetchError::TooManyRedirects { url }
            | FetchError::Network { url, .. } => url,
        }
    }

    /// A short name of the kind (for feed health and metrics).
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::Refused { .. } => "refused",
            FetchError::Robots { .. } => "robots",
            FetchError::Status { .. } => "status",
            FetchError::RetryLater { .. } => "retry-later",
            FetchError::TimedOut { .. } => "timeout",
            FetchError::TooManyRedirects { .. } => "redirects",
            FetchError::Network { .. } => "network",
        }
    }
}

impl FetchError {
    /// What went wrong, without the URL.
    pub fn reason(&self) -> String {
        match self {
            FetchError::Refused { reason, .. } => format!("refused: {reason}"),
            FetchError::Robots { .. } => {
                "the site's robots.txt does not allow rasid to fetch it".to_owned()
            }
            FetchError::Status { status, .. } => format!("the server answered {status}"),
            FetchError::RetryLater { after, .. } => {
                format!("the server asked to come back in {} s", after.as_secs())
            }
            FetchError::TimedOut { .. } => "timed out".to_owned(),
            FetchError::TooManyRedirects { .. } => {
                "too many redirects (or a redirect loop)".to_owned()
            }
            FetchError::Network { message, .. } => message.clone(),
        }
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.url(), self.reason())
    }
}

impl std::error::Error for FetchError {}

/// The pacing of one host.
#[derive(Default)]
struct HostState {
    /// When the last request to the host ended.
    last: Option<Instant>,
    /// The host asked (Retry-After) not to be asked before this.
    rest_until: Option<Instant>,
    /// robots.txt's Crawl-delay, if longer than the configured delay.
    crawl_delay: Option<Duration>,
}

/// robots.txt of one host.
enum Rules {
    All,
    /// robots.txt could not be read (the server erred or was unreachable): nothing is
    /// fetched from the host for a while, and this is why.
    Unavailable(FetchError),
    Robot(Box<texting_robots::Robot>),
}

struct Robots {
    rules: Rules,
    expires: Instant,
}

/// Turns at hosts shared with the other processes that fetch for the same archive
/// (`rasid worker`s on other machines, and the server): the fetcher takes a host's turn
/// before each request and gives it back after, so that all of them together send one
/// request at a time to a host, spaced by its delay — as one process alone does.
///
/// Calls may block briefly (a round trip to the store); they are made on the fetcher's
/// async tasks, where a PostgreSQL client steps out of the runtime while it waits.
pub trait SharedTurns: Send + Sync {
    /// Takes `host`'s turn, held for `hold` at most (a process that dies holding it
    /// holds it no longer): `Ok(None)` when taken, `Ok(Some(wait))` when another process
    /// has it or the host rests, to ask again after `wait`.
    fn take(&self, host: &str, hold: Duration) -> Result<Option<Duration>, String>;
    /// Gives `host`'s turn back: no process asks the host again for `rest`.
    fn give_back(&self, host: &str, rest: Duration);
}

/// The polite fetcher. Cheap to share (`Arc`); every method takes `&self`.
pub struct Fetcher {
    client: reqwest::Client,
    config: Config,
    global: Semaphore,
    /// Turns shared with other processes, if any (see [`SharedTurns`]).
    turns: Option<Arc<dyn SharedTurns>>,
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Mutex<HostState>>>>,
    robots: Mutex<HashMap<String, Arc<Robots>>>,
    /// Per address being fetched: whether its redirects so far were all permanent.
    redirects: Arc<Mutex<HashMap<String, bool>>>,
}

/// Resolves names and drops the addresses rasid must not connect to.
struct GuardedResolver {
    allow_private: bool,
}

#[derive(Debug)]
struct ResolveRefused(String);

impl std::fmt::Display for ResolveRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ResolveRefused {}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut why = None;
            let ok: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| match (allow, forbidden(a.ip())) {
                    (false, Some(w)) => {
                        why = Some(w);
                        false
                    }
                    _ => true,
                })
                .collect();
            if ok.is_empty() {
                let reason = match why {
                    Some(w) => refusal(&host, w),
                    None => format!("{host} has no address"),
                };
                return Err(
                    Box::new(ResolveRefused(reason)) as Box<dyn std::error::Error + Send + Sync>
                );
            }
            Ok(Box::new(ok.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The key of a URL's host for pacing: host and port.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// A pseudo-random fraction in [0, 1) for jitter (no generator needed for this).
fn jitter(seed: &str, attempt: u32) -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(nanos) ^ (u64::from(attempt) << 40);
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// A `Retry-After` value: seconds, or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

impl Fetcher {
    pub fn new(config: Config) -> Result<Fetcher, String> {
        let max_redirects = config.max_redirects;
        let allow = config.allow_private;
        let redirects: Arc<Mutex<HashMap<String, bool>>> = Arc::default();
        let chains = redirects.clone();
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                return attempt.error(TooManyRedirects);
            }
            if attempt.previous().iter().any(|u| u == attempt.url()) {
                return attempt.error(TooManyRedirects);
            }
            match check_url(attempt.url().as_str(), allow) {
                Ok(_) => {
                    // Whether every hop from the address asked for was permanent (a host
                    // has one request in flight at a time, so the address is the key).
                    let permanent = matches!(attempt.status().as_u16(), 301 | 308);
                    if let Some(first) = attempt.previous().first() {
                        chains
                            .lock()
                            .expect("redirect table")
                            .entry(first.to_string())
                            .and_modify(|p| *p &= permanent)
                            .or_insert(permanent);
                    }
                    attempt.follow()
                }
                Err(reason) => attempt.error(ResolveRefused(reason)),
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(policy)
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private: config.allow_private,
            }))
            .gzip(true)
            .brotli(true)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Fetcher {
            client,
            global: Semaphore::new(config.concurrency.max(1)),
            turns: None,
            config,
            hosts: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
            redirects,
        })
    }

    /// Shares the hosts' turns with other processes through `turns` (see
    /// [`SharedTurns`]). Should taking a turn fail (the store unreachable), the fetcher
    /// keeps to its own pacing alone.
    pub fn with_shared_turns(mut self, turns: Arc<dyn SharedTurns>) -> Fetcher {
        self.turns = Some(turns);
        self
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Waits for `host`'s shared turn; whether one was taken (false without shared turns,
    /// or when taking one failed).
    async fn shared_turn(&self, host: &str) -> bool {
        let Some(turns) = &self.turns else {
            return false;
        };
        // Long enough for the request, redirects, and the wait for a permit.
        let hold = self.config.connect_timeout + self.config.timeout + Duration::from_secs(30);
        loop {
            match turns.take(host, hold) {
                Ok(None) => return true,
                Ok(Some(wait)) => {
                    let wait = wait.clamp(Duration::from_millis(5), Duration::from_secs(60));
                    tokio::time::sleep(wait).await;
                }
                Err(_) => return false,
            }
        }
    }

    fn host(&self, key: &str) -> Arc<tokio::sync::Mutex<HostState>> {
        self.hosts
            .lock()
            .expect("host table")
            .entry(key.to_owned())
            .or_default()
            .clone()
    }

    /// Fetches `url` politely: robots.txt first (cached per host), then the page with the
    /// validators of the last fetch. The host's turn is held throughout, so a host never
    /// sees two requests from rasid at once.
    pub async fn get(&self, url: &str, validators: &Validators) -> Result<Page, FetchError> {
        let parsed =
            check_url(url, self.config.allow_private).map_err(|reason| FetchError::Refused {
                url: url.to_owned(),
                reason,
            })?;
        let key = host_key(&parsed);
        let host = self.host(&key);
        let mut state = host.lock().await;
        self.robots_allow(&parsed, &key, &mut state).await?;
        self.paced(&parsed, validators, &mut state).await
    }

    /// The sitemaps the robots.txt of `url`'s host lists (`Sitemap:` lines), as far as it
    /// was read by an earlier fetch from that host and is still trusted; news sitemaps
    /// (a URL naming `news`) first.
    pub fn sitemaps_of(&self, url: &str) -> Vec<String> {
        let Ok(parsed) = Url::parse(url) else {
            return Vec::new();
        };
        let key = host_key(&parsed);
        let robots = self.robots.lock().expect("robots table").get(&key).cloned();
        let mut maps = match robots.as_deref() {
            Some(Robots {
                rules: Rules::Robot(robot),
                expires,
            }) if *expires > Instant::now() => robot.sitemaps.clone(),
            _ => Vec::new(),
        };
        maps.sort_by_key(|m| !m.to_ascii_lowercase().contains("news"));
        maps.dedup();
        maps
    }

    /// Whether robots.txt lets rasid fetch `url` (fetched and cached on the host's turn);
    /// when robots.txt itself could not be read, that error.
    async fn robots_allow(
        &self,
        url: &Url,
        key: &str,
        state: &mut HostState,
    ) -> Result<(), FetchError> {
        let cached = self.robots.lock().expect("robots table").get(key).cloned();
        let robots = match cached {
            Some(r) if r.expires > Instant::now() => r,
            _ => {
                let r = Arc::new(self.fetch_robots(url, state).await);
                if let Rules::Robot(robot) = &r.rules {
                    // A Crawl-delay of a minute at most is honoured.
                    state.crawl_delay = robot
                        .delay
                        .map(|d| Duration::from_secs_f32(d.clamp(0.0, 60.0)));
                }
                self.robots
                    .lock()
                    .expect("robots table")
                    .insert(key.to_owned(), r.clone());
                r
            }
        };
        match &robots.rules {
            Rules::All => Ok(()),
            Rules::Unavailable(e) => Err(e.clone()),
            Rules::Robot(robot) if robot.allowed(url.as_str()) => Ok(()),
            Rules::Robot(_) => Err(FetchError::Robots {
                url: url.to_string(),
            }),
        }
    }

    async fn fetch_robots(&self, url: &Url, state: &mut HostState) -> Robots {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let ttl = self.config.robots_ttl;
        let rules = match self.paced(&robots_url, &Validators::default(), state).await {
            Ok(page) => {
                let agent = self
                    .config
                    .user_agent
                    .split('/')
                    .next()
                    .unwrap_or("rasid")
                    .to_owned();
                match texting_robots::Robot::new(&agent, &page.body) {
                    Ok(robot) => Rules::Robot(Box::new(robot)),
                    Err(_) => Rules::All,
                }
            }
            // No robots.txt (4xx): everything is allowed.
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => Rules::All,
            // A server that cannot serve robots.txt is not crawled for a while.
            Err(e) => {
                return Robots {
                    rules: Rules::Unavailable(e),
                    expires: Instant::now() + Duration::from_secs(600).min(ttl),
                }
            }
        };
        Robots {
            rules,
            expires: Instant::now() + ttl,
        }
    }

    /// One paced fetch with its retries, on the host's turn.
    async fn paced(
        &self,
        url: &Url,
        validators: &Validators,
        state: &mut HostState,
    ) -> Result<Page, FetchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            // A host resting longer than rasid waits is not asked now.
            if let Some(rest) = state.rest_until {
                let now = Instant::now();
                if rest > now + self.config.max_retry_wait {
                    return Err(FetchError::RetryLater {
                        url: url.to_string(),
                        after: rest - now,
                    });
                }
            }
            let delay = state
                .crawl_delay
                .map_or(self.config.host_delay, |d| d.max(self.config.host_delay));
            let mut ready = state.last.map_or_else(Instant::now, |l| l + delay);
            if let Some(rest) = state.rest_until {
                ready = ready.max(rest);
            }
            tokio::time::sleep_until(ready.into()).await;
            let shared = self.shared_turn(&host_key(url)).await;
            let outcome = {
                let _permit = self.global.acquire().await.expect("semaphore open");
                let r = self.once(url, validators, attempt).await;
                state.last = Some(Instant::now());
                r
            };
            let retry_after = match &outcome {
                Err(FetchError::RetryLater { after, .. }) => Some(*after),
                _ => None,
            };
            let retryable = match &outcome {
                Ok(_) => false,
                Err(FetchError::Status { status, .. }) => *status >= 500,
                Err(FetchError::TimedOut { .. }) | Err(FetchError::Network { .. }) => true,
                Err(FetchError::RetryLater { after, .. }) => *after <= self.config.max_retry_wait,
                Err(_) => false,
            };
            if let Some(after) = retry_after {
                state.rest_until = Some(Instant::now() + after);
            }
            let done = !retryable || attempt > self.config.retries;
            if !done && retry_after.is_none() {
                let base =
                    self.config.backoff.as_secs_f64() * f64::from(1u32 << (attempt - 1).min(10));
                let wait = base * (0.5 + jitter(url.as_str(), attempt));
                state.rest_until = Some(Instant::now() + Duration::from_secs_f64(wait));
            }
            if let (true, Some(turns)) = (shared, &self.turns) {
                // The other processes wait as this one would: the delay, or the rest the
                // host asked for or the backoff gives.
                let rest = state.rest_until.map_or(delay, |r| {
                    delay.max(r.saturating_duration_since(Instant::now()))
                });
                turns.give_back(&host_key(url), rest);
            }
            if done {
                return outcome;
            }
        }
    }

    /// One request.
    async fn once(
        &self,
        url: &Url,
        validators: &Validators,
        attempt: u32,
    ) -> Result<Page, FetchError> {
        let name = url.to_string();
        let mut req = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &validators.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
        }
        let redirects = || self.redirects.lock().expect("redirect table");
        redirects().remove(&name);
        let sent = req.send().await;
        let moved_permanently = redirects().remove(&name).unwrap_or(false);
        let mut resp = sent.map_err(|e| request_error(&name, &e))?;
        let status = resp.status().as_u16();
        let header = |h: reqwest::header::HeaderName| {
            resp.headers()
                .get(h)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let retry_after = header(reqwest::header::RETRY_AFTER).and_then(|v| parse_retry_after(&v));
        let final_url = resp.url().to_string();
        if status == 304 {
            return Ok(Page {
                url: final_url,
                status,
                not_modified: true,
                content_type,
                validators: Validators {
                    etag: etag.or_else(|| validators.etag.clone()),
                    last_modified: last_modified.or_else(|| validators.last_modified.clone()),
                },
                body: Vec::new(),
                truncated: false,
                attempts: attempt,
                moved_permanently,
            });
        }
        if status == 429 || (status == 503 && retry_after.is_some()) {
            return Err(FetchError::RetryLater {
                url: name,
                after: retry_after.unwrap_or(Duration::from_secs(60)),
            });
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status { url: name, status });
        }
        let cap = self.config.max_body;
        let mut body: Vec<u8> = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = resp.chunk().await.map_err(|e| request_error(&name, &e))? {
            let room = cap - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        if body.starts_with(&[0x1f, 0x8b]) {
            // A gzip file (`sitemap.xml.gz`), not a coding of the transfer (which the
            // client has undone): served as it is stored, read as what it holds.
            let (inflated, cut) = gunzip(&body);
            if !inflated.is_empty() {
                body = inflated;
                truncated |= cut;
            }
        }
        Ok(Page {
            url: final_url,
            status,
            not_modified: false,
            content_type,
            validators: Validators {
                etag,
                last_modified,
            },
            body,
            truncated,
            attempts: attempt,
            moved_permanently,
        })
    }
}

/// What a gzip file decompresses to, up to [`MAX_INFLATED`] (the sitemap protocol's
/// limit; a bomb stops there), and whether it was cut (there, or by a damaged file).
fn gunzip(bytes: &[u8]) -> (Vec<u8>, bool) {
    use std::io::Read;
    let mut out = Vec::new();
    let read = flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_INFLATED as u64 + 1)
        .read_to_end(&mut out);
    let cut = read.is_err() || out.len() > MAX_INFLATED;
    out.truncate(MAX_INFLATED);
    (out, cut)
}

/// The most a gzip file is read to.
const MAX_INFLATED: usize = 50 * 1024 * 1024;

#[derive(Debug)]
struct TooManyRedirects;

impl std::fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("too many redirects")
    }
}

impl std::error::Error for TooManyRedirects {}

/// A reqwest error as a [`FetchError`], with the cause that says what happened.
fn request_error(url: &str, e: &reqwest::Error) -> FetchError {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        if s.downcast_ref::<TooManyRedirects>().is_some() {
            return FetchError::TooManyRedirects {
                url: url.to_owned(),
            };
        }
        if let Some(r) = s.downcast_ref::<ResolveRefused>() {
            return FetchError::Refused {
                url: url.to_owned(),
                reason: r.0.clone(),
            };
        }
        source = s.source();
    }
    if e.is_timeout() {
        return FetchError::TimedOut {
            url: url.to_owned(),
        };
    }
    if e.is_redirect() {
        return FetchError::TooManyRedirects {
            url: url.to_owned(),
        };
    }
    let mut message = e.to_string();
    let mut s = std::error::Error::source(e);
    while let Some(inner) = s {
        message = format!("{message}: {inner}");
        s = inner.source();
    }
    FetchError::Network {
        url: url.to_owned(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::dns::Resolve;

    #[tokio::test]
    async fn the_resolver_drops_private_addresses_unless_allowed() {
        let name = || -> reqwest::dns::Name { "localhost".parse().unwrap() };
        let strict = GuardedResolver {
            allow_private: false,
        };
        let e = match strict.resolve(name()).await {
            Err(e) => e.to_string(),
            Ok(_) => panic!("localhost must not resolve for a strict fetcher"),
        };
        assert!(e.contains("loopback"), "{e}");
        let open = GuardedResolver {
            allow_private: true,
        };
        let addrs: Vec<SocketAddr> = open.resolve(name()).await.unwrap().collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()));
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
