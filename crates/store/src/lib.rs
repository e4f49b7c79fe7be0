//! rasid's store: one SQLite database in the data directory, or a PostgreSQL database
//! that data directories on several machines share (`[store] url`; see `db.rs`).
//!
//! It holds outlets, feeds, articles (with their raw page bytes, zstd-compressed, so that
//! extraction can be re-run after an upgrade), the article↔feed relation, and stories.
//! The schema lives in [`MIGRATIONS`], ordered and append-only; `PRAGMA user_version`
//! records how many have run, and a database from a newer rasid is refused rather than
//! damaged.
//!
//! **Article identity** is the canonical URL, else the feed GUID (per outlet), else a hash
//! of the normalized body ([`identity`]). Inserting an article whose identity exists
//! changes nothing: re-ingesting the same input is idempotent.
//!
//! Article ids only grow (`AUTOINCREMENT`), which lets the search index record "indexed
//! up to id N" in its commit and catch up after a crash.

use db::{Db, Param, Row};
use rasid_extract::{Attribution, Link, Media};
use rusqlite::Connection;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

mod db;
mod feeds;
mod stories;
pub use feeds::{FeedChecked, FeedItemRecord, FeedRecord, NewFeed};
pub use stories::{LinkText, StoryCursor, StoryLink, StoryMember, StoryRecord};

/// The schema, one migration per entry, applied in order. Append only: never edit one
/// that has shipped.
pub const MIGRATIONS: &[&str] = &[
    // 1: the core tables.
    "
    CREATE TABLE outlets (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,   -- short stable name: 'alriyadh', 'reuters'
        name        TEXT,
        url         TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE feeds (
        id                   INTEGER PRIMARY KEY,
        url                  TEXT NOT NULL UNIQUE,
        outlet_id            INTEGER REFERENCES outlets(id),
        title                TEXT,
        section              TEXT,
        etag                 TEXT,
        last_modified        TEXT,
        last_success         TEXT,
        last_error           TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_check           TEXT,
        created_at           TEXT NOT NULL
    );
    CREATE TABLE articles (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        identity       TEXT NOT NULL UNIQUE,  -- url:… | guid:outlet:… | hash:…
        outlet_id      INTEGER REFERENCES outlets(id),
        external_id    TEXT,
        url            TEXT,
        canonical_url  TEXT,
        title          TEXT,
        lead           TEXT,
        body           TEXT NOT NULL,         -- paragraphs separated by a blank line
        authors        TEXT NOT NULL DEFAULT '[]',
        published      TEXT,                  -- RFC 3339
        updated        TEXT,
        fetched_at     TEXT,
        ingested_at    TEXT NOT NULL,
        lang           TEXT,
        dir            TEXT,
        section        TEXT,
        tags           TEXT NOT NULL DEFAULT '[]',
        attributions   TEXT NOT NULL DEFAULT '[]',
        images         TEXT NOT NULL DEFAULT '[]',
        videos         TEXT NOT NULL DEFAULT '[]',
        related_links  TEXT NOT NULL DEFAULT '[]',
        body_hash      TEXT NOT NULL,
        raw            BLOB,                  -- the page as fetched, zstd
        raw_kind       TEXT                   -- html | text
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet_id, published);
    CREATE INDEX articles_body_hash ON articles(body_hash);
    CREATE TABLE article_feeds (
        article_id  INTEGER NOT NULL REFERENCES articles(id),
        feed_id     INTEGER NOT NULL REFERENCES feeds(id),
        guid        TEXT,
        PRIMARY KEY (article_id, feed_id)
    );
    CREATE TABLE stories (
        id               INTEGER PRIMARY KEY,
        title            TEXT,
        first_published  TEXT,
        first_outlet_id  INTEGER REFERENCES outlets(id),
        origin           TEXT,
        last_seen        TEXT,
        created_at       TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        story_id    INTEGER NOT NULL REFERENCES stories(id),
        article_id  INTEGER NOT NULL UNIQUE REFERENCES articles(id),
        PRIMARY KEY (story_id, article_id)
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    ",
    // 2: story provenance and the link stage's saved state.
    "
    ALTER TABLE stories ADD COLUMN representative_id INTEGER REFERENCES articles(id);
    ALTER TABLE stories ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX stories_last_seen ON stories(last_seen);
    CREATE TABLE link_state (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    ",
    // 3: rasid's own section next to the publisher's label. Articles stored before keep
    // the publisher's label as their section until re-ingested.
    "
    ALTER TABLE articles ADD COLUMN publisher_section TEXT;
    ALTER TABLE articles ADD COLUMN section_confidence REAL;
    UPDATE articles SET publisher_section = section;
    ",
    // 4: the people, places and organisations rasid found in each article (JSON).
    "
    ALTER TABLE articles ADD COLUMN entities TEXT NOT NULL DEFAULT '[]';
    ",
    // 5: the key phrases rasid chose for each article (JSON), the tags it shows.
    "
    ALTER TABLE articles ADD COLUMN key_phrases TEXT NOT NULL DEFAULT '[]';
    ",
    // 6: feed health and schedule, and the items each feed has shown (so that an item
    // updated later updates its article instead of adding another).
    "
    ALTER TABLE feeds ADD COLUMN folder TEXT;
    ALTER TABLE feeds ADD COLUMN site_url TEXT;
    ALTER TABLE feeds ADD COLUMN format TEXT;
    ALTER TABLE feeds ADD COLUMN last_checked TEXT;
    ALTER TABLE feeds ADD COLUMN last_error_at TEXT;
    ALTER TABLE feeds ADD COLUMN error_kind TEXT;
    ALTER TABLE feeds ADD COLUMN interval_secs INTEGER;
    ALTER TABLE feeds ADD COLUMN items_stored INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE feed_items (
        feed_id     INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid        TEXT NOT NULL,
        url         TEXT,
        article_id  INTEGER REFERENCES articles(id),
        changed     TEXT,               -- the item's updated/published time, RFC 3339
        published   TEXT,
        seen_at     TEXT NOT NULL,
        PRIMARY KEY (feed_id, guid)
    );
    ",
    // 7: stories formed again (`rasid link --again`): each forgotten story's first
    // article, so that an old link finds the story that article is in now.
    "
    CREATE TABLE story_moves (
        old_id      INTEGER PRIMARY KEY,
        article_id  INTEGER NOT NULL REFERENCES articles(id)
    );
    ",
    // 8: every replacement of a stored article's text, in order, so that a search index
    // fed from a store others write (PostgreSQL, `rasid worker`) indexes it again.
    "
    CREATE TABLE article_updates (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id  INTEGER NOT NULL
    );
    ",
    // 9: hosts' turns shared by the processes that fetch for the store (PostgreSQL's
    // workers; see `Store::take_host_turn`), in milliseconds of the database's clock.
    "
    CREATE TABLE host_turns (
        host        TEXT PRIMARY KEY,
        free_at     INTEGER NOT NULL,
        held_until  INTEGER NOT NULL,
        holder      TEXT NOT NULL
    );
    ",
];

/// The schema of a store in PostgreSQL: the same tables as [`MIGRATIONS`] leave in
/// SQLite, written in PostgreSQL's types (64-bit integers throughout, text compared byte
/// by byte as SQLite does, so that RFC 3339 times and keys order the same), and the two
/// SQLite functions the store's queries use on stored times. Append only, like
/// [`MIGRATIONS`]; the version is `meta.schema_version`.
pub const PG_MIGRATIONS: &[&str] = &[
    // 1: everything SQLite's migrations 1–7 make.
    r#"
    CREATE FUNCTION unixepoch(t text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $$
    BEGIN
        RETURN floor(extract(epoch FROM t::timestamptz))::bigint;
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END $$;
    CREATE FUNCTION strftime(format text, secs bigint, modifier text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT to_char(to_timestamp(secs) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    $$;
    CREATE TABLE outlets (
        id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        key         TEXT COLLATE "C" NOT NULL UNIQUE,
        name        TEXT COLLATE "C",
        url         TEXT,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE feeds (
        id                   BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        url                  TEXT COLLATE "C" NOT NULL UNIQUE,
        outlet_id            BIGINT REFERENCES outlets(id),
        title                TEXT COLLATE "C",
        section              TEXT,
        etag                 TEXT,
        last_modified        TEXT,
        last_success         TEXT COLLATE "C",
        last_error           TEXT,
        consecutive_failures BIGINT NOT NULL DEFAULT 0,
        next_check           TEXT COLLATE "C",
        created_at           TEXT NOT NULL,
        folder               TEXT COLLATE "C",
        site_url             TEXT,
        format               TEXT,
        last_checked         TEXT COLLATE "C",
        last_error_at        TEXT COLLATE "C",
        error_kind           TEXT,
        interval_secs        BIGINT,
        items_stored         BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        identity           TEXT COLLATE "C" NOT NULL UNIQUE,
        outlet_id          BIGINT REFERENCES outlets(id),
        external_id        TEXT COLLATE "C",
        url                TEXT,
        canonical_url      TEXT,
        title              TEXT,
        lead               TEXT,
        body               TEXT NOT NULL,
        authors            TEXT NOT NULL DEFAULT '[]',
        published          TEXT COLLATE "C",
        updated            TEXT,
        fetched_at         TEXT COLLATE "C",
        ingested_at        TEXT COLLATE "C" NOT NULL,
        lang               TEXT,
        dir                TEXT,
        section            TEXT,
        tags               TEXT NOT NULL DEFAULT '[]',
        attributions       TEXT NOT NULL DEFAULT '[]',
        images             TEXT NOT NULL DEFAULT '[]',
        videos             TEXT NOT NULL DEFAULT '[]',
        related_links      TEXT NOT NULL DEFAULT '[]',
        body_hash          TEXT COLLATE "C" NOT NULL,
        raw                BYTEA,
        raw_kind           TEXT,
        publisher_section  TEXT,
        section_confidence REAL,
        entities           TEXT NOT NULL DEFAULT '[]',
        key_phrases        TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet_id, published);
    CREATE INDEX articles_body_hash ON articles(body_hash);
    CREATE INDEX articles_external_id ON articles(external_id);
    CREATE TABLE article_feeds (
        article_id  BIGINT NOT NULL REFERENCES articles(id),
        feed_id     BIGINT NOT NULL REFERENCES feeds(id),
        guid        TEXT,
        PRIMARY KEY (article_id, feed_id)
    );
    CREATE TABLE stories (
        id                 BIGINT PRIMARY KEY,
        title              TEXT,
        first_published    TEXT COLLATE "C",
        first_outlet_id    BIGINT REFERENCES outlets(id),
        origin             TEXT,
        last_seen          TEXT COLLATE "C",
        created_at         TEXT NOT NULL,
        representative_id  BIGINT REFERENCES articles(id),
        size               BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_last_seen ON stories(last_seen);
    CREATE TABLE story_articles (
        story_id    BIGINT NOT NULL REFERENCES stories(id),
        article_id  BIGINT NOT NULL UNIQUE REFERENCES articles(id),
        PRIMARY KEY (story_id, article_id)
    );
    CREATE TABLE link_state (key TEXT COLLATE "C" PRIMARY KEY, value BYTEA NOT NULL);
    CREATE TABLE feed_items (
        feed_id     BIGINT NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid        TEXT COLLATE "C" NOT NULL,
        url         TEXT,
        article_id  BIGINT REFERENCES articles(id),
        changed     TEXT COLLATE "C",
        published   TEXT COLLATE "C",
        seen_at     TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (feed_id, guid)
    );
    CREATE TABLE story_moves (
        old_id      BIGINT PRIMARY KEY,
        article_id  BIGINT NOT NULL REFERENCES articles(id)
    );
    INSERT INTO meta (key, value) VALUES ('identity_form', '2');
    "#,
    // 2: as SQLite's migration 8.
    "
    CREATE TABLE article_updates (
        seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id  BIGINT NOT NULL
    );
    ",
    // 3: as SQLite's migration 9.
    r#"
    CREATE TABLE host_turns (
        host        TEXT COLLATE "C" PRIMARY KEY,
        free_at     BIGINT NOT NULL,
        held_until  BIGINT NOT NULL,
        holder      TEXT NOT NULL
    );
    "#,
];

/// What can go wrong with the store.
#[derive(Debug)]
pub enum StoreError {
    Sqlite(rusqlite::Error),
    Io(std::io::Error, PathBuf),
    /// The database was written by a newer rasid.
    NewerSchema {
        path: PathBuf,
        found: usize,
        supported: usize,
    },
    Json(serde_json::Error),
    /// An error of the PostgreSQL store.
    Postgres(postgres::Error),
    /// The PostgreSQL store could not be reached at this address (password hidden).
    Connect(String, postgres::Error),
    /// A stored value that cannot be read as the store wrote it.
    Value(String),
    /// Something this kind of store does not do.
    Unsupported(String),
    /// Another process writes the store (see [`Store::claim_writer`]).
    Busy(String),
}

/// An error and its causes, as one line (`error connecting to server: Connection refused`).
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut why = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        why = format!("{why}: {c}");
        cause = c.source();
    }
    why
}

impl StoreError {
    /// Whether the store cannot be reached for now (a PostgreSQL server down, restarting
    /// or cut off): worth asking again a little later, nothing wrong with the request.
    pub fn is_unavailable(&self) -> bool {
        use std::error::Error as _;
        let pg = match self {
            StoreError::Connect(..) => return true,
            StoreError::Postgres(e) => e,
            _ => return false,
        };
        if pg.is_closed() {
            return true;
        }
        if let Some(code) = pg.code() {
            // Class 08 (connection exception), 57P01–57P03 (shutting down, cannot
            // connect now).
            return code.code().starts_with("08")
                || matches!(code.code(), "57P01" | "57P02" | "57P03");
        }
        // Not reached at all: the socket's own error underneath.
        let mut source = pg.source();
        while let Some(e) = source {
            if e.is::<std::io::Error>() {
                return true;
            }
            source = e.source();
        }
        false
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Sqlite(e) if is_busy(e) => write!(
                f,
                "the database is locked by another rasid process; wait for it to finish or stop it ({e})"
            ),
            StoreError::Sqlite(e) => write!(f, "database error: {e}"),
            StoreError::Io(e, p) => write!(f, "{}: {e}", p.display()),
            StoreError::NewerSchema { path, found, supported } => write!(
                f,
                "{} was written by a newer rasid (schema version {found}, this rasid knows {supported}); \
                 upgrade rasid or use another --data directory",
                path.display()
            ),
            StoreError::Json(e) => write!(f, "stored JSON is invalid: {e}"),
            StoreError::Postgres(e) => match e.as_db_error() {
                Some(d) => write!(f, "PostgreSQL: {}", d.message()),
                None => write!(f, "PostgreSQL: {}", with_causes(e)),
            },
            StoreError::Connect(url, e) => {
                // The causes too (a TLS handshake's: the certificate and why).
                let why = with_causes(e);
                write!(
                    f,
                    "cannot reach the PostgreSQL store at {url} ([store] url in rasid.toml): {why}; \
                     check that the server runs, the address, the credentials and, with \
                     sslmode=require, the server's certificate (sslrootcert=FILE.pem)"
                )
            }
            StoreError::Value(m) => write!(f, "stored data: {m}"),
            StoreError::Unsupported(m) | StoreError::Busy(m) => f.write_str(m),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        StoreError::Postgres(e)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Json(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An article ready to be stored.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ArticleRecord {
    /// Assigned by the store; 0 before insertion.
    pub id: i64,
    pub identity: String,
    /// The outlet's key (the `source` of an ingested record).
    pub outlet: Option<String>,
    /// The outlet's name when it has one other than its key: given, the name its pages
    /// give it (`og:site_name`), which names an outlet that has none yet; read, the name
    /// the outlet has (see [`Store::outlet_names`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_name: Option<String>,
    pub external_id: Option<String>,
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub lead: Option<String>,
    pub body: String,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub fetched_at: Option<String>,
    pub ingested_at: String,
    pub lang: Option<String>,
    pub dir: Option<String>,
    /// rasid's section (one of `rasid_enrich::sections::SECTIONS`).
    pub section: Option<String>,
    /// The publisher's own section label, as given.
    pub publisher_section: Option<String>,
    /// How sure rasid is of `section` (1 when the publisher's label gave it).
    pub section_confidence: Option<f32>,
    pub tags: Vec<String>,
    pub attributions: Vec<Attribution>,
    pub images: Vec<Media>,
    pub videos: Vec<Media>,
    pub related_links: Vec<Link>,
    pub body_hash: String,
    /// The people, places and organisations rasid found (most mentioned first).
    pub entities: Vec<EntityMention>,
    /// The phrases rasid found the article to be about (best first), in their surface form.
    pub key_phrases: Vec<String>,
}

impl ArticleRecord {
    /// The tags the article is found under: the publisher's, then rasid's key phrases
    /// that are not among them already — by their label key, so that a key phrase
    /// written ترامب beside the publisher's ترمب is one tag, and the article is counted
    /// once under it.
    pub fn all_tags(&self) -> Vec<&str> {
        self.keyed_tags().into_iter().map(|(_, t)| t).collect()
    }

    /// [`Self::all_tags`] with each tag's label key.
    pub fn keyed_tags(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = Vec::new();
        for t in self.tags.iter().chain(&self.key_phrases) {
            let key = rasid_text::variants::label_key(t);
            if !out.iter().any(|(k, _)| *k == key) {
                out.push((key, t));
            }
        }
        out
    }

    /// The article's entities as `kind:name` (as the index holds them).
    pub fn entity_values(&self) -> Vec<String> {
        self.entities
            .iter()
            .map(|e| format!("{}:{}", e.kind, e.name))
            .collect()
    }
}

/// An entity of an article.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct EntityMention {
    pub name: String,
    /// `person`, `place` or `organisation`.
    pub kind: String,
    pub mentions: u32,
}

/// How many of an outlet's latest articles the reader's and the command line's record of
/// it is read from ([`Store::outlet_record`]).
pub const OUTLET_RECORD_ARTICLES: i64 = 5_000;

/// An outlet's record as its stories tell it ([`Store::outlet_record`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutletRecord {
    /// Its articles.
    pub articles: i64,
    /// Its latest articles read (the bound asked for, or all it has).
    pub read: i64,
    /// Their stories that other outlets carried too.
    pub shared: i64,
    /// Of those, the ones it published first.
    pub first: i64,
    /// The agencies its stories came from (their origin), with how many, most first.
    pub origins: Vec<(String, i64)>,
}

/// What an archive holds ([`Store::overview`]).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overview {
    pub articles: i64,
    pub outlets: i64,
    /// The earliest and latest publication times (Unix seconds).
    pub earliest: Option<i64>,
    pub latest: Option<i64>,
    /// Articles without a publication time.
    pub undated: i64,
    /// Articles stored with the page they were extracted from, and the pages' bytes
    /// (compressed).
    pub pages: i64,
    pub page_bytes: i64,
    pub stories: i64,
    /// Stories of more than one article, and the articles in them.
    pub shared_stories: i64,
    pub in_shared: i64,
}

/// An article's section and first image URL.
pub type SectionAndImage = (Option<String>, Option<String>);

/// Raw page bytes to keep next to an article.
pub struct RawPage<'a> {
    pub bytes: &'a [u8],
    pub kind: &'static str,
}

/// The outcome of inserting one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    New(i64),
    /// An article with the same identity exists already (its id).
    Duplicate(i64),
}

/// The embedded store.
pub struct Store {
    db: Db,
    path: PathBuf,
    /// The PostgreSQL database's address, when the store is there (for [`Store::another`]).
    url: Option<String>,
    /// Outlet ids by key, and whether the outlet has a name other than its key.
    outlets: FxHashMap<String, (i64, bool)>,
}

/// The longest outlet name kept (a longer `og:site_name` is a page title, not a name).
const MAX_OUTLET_NAME: usize = 60;

/// The database file inside a data directory.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join("rasid.db")
}

/// The PostgreSQL session lock of the store's one writer ([`Store::claim_writer`]).
const WRITER_LOCK: i64 = 7_261_736_966;

/// The PostgreSQL database a data directory's store lives in, if not in its SQLite
/// file: `RASID_STORE_URL`, else `[store] url` in its `rasid.toml`
/// (`postgres://user:password@host:port/db`). Only that key is read here; the rest of
/// the file is the CLI's.
pub fn store_url(data_dir: &Path) -> Result<Option<String>> {
    if let Some(url) = std::env::var("RASID_STORE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        return postgres_address(url, Path::new("RASID_STORE_URL")).map(Some);
    }
    let path = data_dir.join("rasid.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::Io(e, path)),
    };
    let value: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        StoreError::Io(std::io::Error::other(e.to_string()), path.clone())
    })?;
    match value.get("store").and_then(|s| s.get("url")) {
        None => Ok(None),
        Some(toml::Value::String(u)) => postgres_address(u.clone(), &path).map(Some),
        Some(other) => postgres_address(other.to_string(), &path).map(Some),
    }
}

/// `url` if it is a PostgreSQL address, else the error naming where it was written.
fn postgres_address(url: String, source: &Path) -> Result<String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(url);
    }
    Err(StoreError::Io(
        std::io::Error::other(format!(
            "[store] url must be a PostgreSQL address (postgres://user:password@host:port/database), not {url}"
        )),
        source.to_owned(),
    ))
}

impl Store {
    /// Writes a consistent copy of the database to `dest` (a file that must not exist yet)
    /// while other connections go on reading and writing: SQLite's `VACUUM INTO`, which
    /// reads one snapshot and writes it compacted. An interrupted copy leaves a partial
    /// file at `dest` and nothing changed here. (A PostgreSQL store is backed up with
    /// PostgreSQL's own tools.)
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.sqlite_only("copied by rasid backup (use pg_dump)")?;
        let target = dest.to_str().ok_or_else(|| {
            StoreError::Io(
                std::io::Error::other("the path is not valid UTF-8"),
                dest.to_owned(),
            )
        })?;
        self.db.execute("VACUUM INTO ?1", &[&target])?;
        Ok(())
    }

    /// An error saying what a PostgreSQL store does not do, or nothing for SQLite.
    fn sqlite_only(&self, what: &str) -> Result<()> {
        match &self.url {
            Some(_) => Err(StoreError::Unsupported(format!(
                "a PostgreSQL store is not {what}"
            ))),
            None => Ok(()),
        }
    }

    /// Whether the store is a PostgreSQL database (else the data directory's SQLite file).
    pub fn is_postgres(&self) -> bool {
        self.url.is_some()
    }

    /// Opens (creating if needed) the store of `data_dir` — its SQLite file, or the
    /// PostgreSQL database its `rasid.toml` names ([`store_url`]) — and brings its schema
    /// up to date.
    pub fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::Io(e, data_dir.to_owned()))?;
        if let Some(url) = store_url(data_dir)? {
            return Self::open_postgres(data_dir, &url);
        }
        // Processes opening a new database at once can find it locked where SQLite does not
        // wait (switching it to WAL): try again for a few seconds.
        let mut tries = 0;
        loop {
            match Self::open_once(data_dir) {
                Err(StoreError::Sqlite(ref e)) if is_busy(e) && tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                opened => return opened,
            }
        }
    }

    /// Opens the store in the PostgreSQL database at `url` (`data_dir` holds the rest:
    /// the search index, the configuration).
    pub fn open_postgres(data_dir: &Path, url: &str) -> Result<Store> {
        let db = Db::connect_pg(url).map_err(|e| match e {
            StoreError::Postgres(e) => StoreError::Connect(redact(url), e),
            e => e,
        })?;
        let mut store = Store {
            db,
            path: db_path(data_dir),
            url: Some(url.to_owned()),
            outlets: FxHashMap::default(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn open_once(data_dir: &Path) -> Result<Store> {
        let path = db_path(data_dir);
        let conn = sqlite_connection(&path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut store = Store {
            db: Db::Sqlite(conn),
            path,
            url: None,
            outlets: FxHashMap::default(),
        };
        store.migrate()?;
        store.upgrade_identities()?;
        Ok(store)
    }

    /// Rewrites the `url:` identities stored before URLs' percent-encoding was made
    /// canonical ([`canonical_percent`]) the way they are written now, once per database,
    /// so that an article stored then is still found by its address. An identity that
    /// would then equal another article's (the very duplicates the new form avoids)
    /// stays as it was. (PostgreSQL stores came later: always in the new form.)
    fn upgrade_identities(&mut self) -> Result<()> {
        const KEY: &str = "identity_form";
        const FORM: &str = "2";
        let read = |db: &Db| -> Result<Option<String>> {
            db.query_opt("SELECT value FROM meta WHERE key = ?1", &[&KEY], |r| {
                r.get(0)
            })
        };
        if read(&self.db)?.as_deref() == Some(FORM) {
            return Ok(());
        }
        let tx = self.db.transaction(true)?;
        if read(&tx)?.as_deref() != Some(FORM) {
            let rows: Vec<(i64, String)> = tx.query(
                "SELECT id, identity FROM articles
                 WHERE identity LIKE 'url:%' AND instr(identity, '%') > 0 ORDER BY id",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            for (id, old) in rows {
                let new = format!("url:{}", recanonical(&old["url:".len()..]));
                if new != old {
                    tx.execute(
                        "UPDATE OR IGNORE articles SET identity = ?2 WHERE id = ?1",
                        &[&id, &new],
                    )?;
                }
            }
            set_meta(&tx, KEY, FORM)?;
        }
        tx.commit()
    }

    /// A second connection to the same database (for reading on another thread while
    /// this one writes; WAL lets them run together in SQLite).
    pub fn another(&self) -> Result<Store> {
        let db = match &self.url {
            Some(url) => Db::connect_pg(url)?,
            None => Db::Sqlite(sqlite_connection(&self.path)?),
        };
        Ok(Store {
            db,
            path: self.path.clone(),
            url: self.url.clone(),
            outlets: FxHashMap::default(),
        })
    }

    /// The migrations this kind of database takes.
    fn migrations(&self) -> &'static [&'static str] {
        if self.db.is_postgres() {
            PG_MIGRATIONS
        } else {
            MIGRATIONS
        }
    }

    fn migrate(&mut self) -> Result<()> {
        let migrations = self.migrations();
        if self.db.is_postgres() {
            // The version is kept in `meta`, made first; the lock makes processes opening
            // a new database at once take turns.
            self.db.batch(
                "BEGIN; SELECT pg_advisory_xact_lock(7261736964);
                 CREATE TABLE IF NOT EXISTS meta (key TEXT COLLATE \"C\" PRIMARY KEY, value TEXT);
                 COMMIT",
            )?;
        }
        let version = self.schema_version()?;
        if version > migrations.len() {
            return Err(StoreError::NewerSchema {
                path: self.location(),
                found: version,
                supported: migrations.len(),
            });
        }
        for (i, m) in migrations.iter().enumerate().skip(version) {
            // Another process opening the same new data directory may be migrating too:
            // take the write lock first, then apply the step only if it is still due.
            let tx = self.db.transaction(true)?;
            if tx.is_postgres() {
                tx.batch("SELECT pg_advisory_xact_lock(7261736964)")?;
            }
            if schema_version_of(&tx)? > i {
                tx.commit()?;
                continue;
            }
            tx.batch(m)?;
            match &*tx {
                Db::Sqlite(c) => c.pragma_update(None, "user_version", (i + 1) as i64)?,
                Db::Pg(_) => set_meta(&tx, "schema_version", &(i + 1).to_string())?,
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<usize> {
        schema_version_of(&self.db)
    }

    /// The database file, or the PostgreSQL database (its address without the password).
    pub fn location(&self) -> PathBuf {
        match &self.url {
            Some(url) => PathBuf::from(redact(url)),
            None => self.path.clone(),
        }
    }

    /// The id of the outlet filed under `key`, made when new. `name` (the name the
    /// outlet's pages give it) names an outlet that has no name but its key yet; a named
    /// outlet keeps its name.
    fn outlet_id(&mut self, key: &str, name: Option<&str>) -> Result<i64> {
        // Known, and named or not to be named: nothing to write (the path of nearly every
        // article).
        match self.outlets.get(key) {
            Some(&(id, named)) if named || name.is_none() => return Ok(id),
            _ => {}
        }
        let name = name
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| !n.is_empty() && n.chars().count() <= MAX_OUTLET_NAME && n != key);
        if let (Some(&(id, _)), None) = (self.outlets.get(key), &name) {
            return Ok(id);
        }
        self.db.execute(
            "INSERT INTO outlets (key, name, created_at) VALUES (?1, ?1, ?2) ON CONFLICT(key) DO NOTHING",
            &[&key, &now_rfc3339()],
        )?;
        if let Some(n) = &name {
            self.db.execute(
                "UPDATE outlets SET name = ?2 WHERE key = ?1 AND (name IS NULL OR name = key)",
                &[&key, n],
            )?;
        }
        let (id, named): (i64, bool) = self
            .db
            .query_opt(
                "SELECT id, name IS NOT NULL AND name != key FROM outlets WHERE key = ?1",
                &[&key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .ok_or_else(|| StoreError::Value(format!("outlet {key} not stored")))?;
        self.outlets.insert(key.to_owned(), (id, named));
        Ok(id)
    }

    /// The outlets named otherwise than by their key (the name their pages give them),
    /// by key.
    pub fn outlet_names(&self) -> Result<FxHashMap<String, String>> {
        Ok(self
            .db
            .query(
                "SELECT key, name FROM outlets WHERE name IS NOT NULL AND name != key",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .into_iter()
            .collect())
    }

    /// Which of `identities` are stored under an id up to `through` (what an ingest that
    /// began when `through` was the last id will find a duplicate, whatever it stored
    /// since).
    pub fn stored_identities(&self, identities: &[&str], through: i64) -> Result<Vec<String>> {
        if identities.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (2..identities.len() + 2).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT identity FROM articles WHERE id <= ?1 AND identity IN ({})",
            marks.join(", ")
        );
        let params: Vec<&dyn db::Param> = std::iter::once(&through as &dyn db::Param)
            .chain(identities.iter().map(|i| i as &dyn db::Param))
            .collect();
        self.db.query(&sql, &params, |r| r.get(0))
    }

    /// Inserts a batch of articles in one transaction. Each gets its id, or is reported as
    /// a duplicate of the stored article with the same identity.
    pub fn insert_batch(
        &mut self,
        batch: &mut [(ArticleRecord, Option<RawPage<'_>>)],
    ) -> Result<Vec<Inserted>> {
        let mut outlet_ids = Vec::with_capacity(batch.len());
        for (a, _) in batch.iter() {
            outlet_ids.push(match &a.outlet {
                Some(o) => Some(self.outlet_id(o, a.outlet_name.as_deref())?),
                None => None,
            });
        }
        let tx = self.db.transaction(false)?;
        lock_writes(&tx)?;
        let mut out = Vec::with_capacity(batch.len());
        for ((a, raw), outlet_id) in batch.iter_mut().zip(outlet_ids) {
            let keys: [&dyn Param; 4] = [&a.identity, &outlet_id, &a.external_id, &a.ingested_at];
            let content = ContentValues::of(a, raw.as_ref(), &self.path)?;
            let params: Vec<&dyn Param> = keys.into_iter().chain(content.refs()).collect();
            let id: Option<i64> = tx.query_opt(
                "INSERT INTO articles (identity, outlet_id, external_id, ingested_at, url, canonical_url, title,
                    lead, body, authors, published, updated, fetched_at, lang, dir, section, tags, attributions,
                    images, videos, related_links, body_hash, raw, raw_kind, publisher_section, section_confidence,
                    entities, key_phrases)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                    ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)
                 ON CONFLICT(identity) DO NOTHING RETURNING id",
                &params,
                |r| r.get(0),
            )?;
            match id {
                Some(id) => {
                    a.id = id;
                    out.push(Inserted::New(id));
                }
                None => {
                    let id: i64 = tx.value(
                        "SELECT id FROM articles WHERE identity = ?1",
                        &[&a.identity],
                    )?;
                    a.id = id;
                    out.push(Inserted::Duplicate(id));
                }
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// Replaces what article `id` says with `a` (a newer version of the same article: a
    /// feed item updated later). Its identity, outlet and stories stay; `a.id` becomes
    /// `id`. Whether the article exists.
    pub fn update_article(
        &mut self,
        id: i64,
        a: &mut ArticleRecord,
        raw: Option<RawPage<'_>>,
    ) -> Result<bool> {
        let content = ContentValues::of(a, raw.as_ref(), &self.path)?;
        let key: [&dyn Param; 1] = [&id];
        let params: Vec<&dyn Param> = key.into_iter().chain(content.refs()).collect();
        let tx = self.db.transaction(false)?;
        lock_writes(&tx)?;
        let n = tx.execute(
            "UPDATE articles SET url = COALESCE(?2, url), canonical_url = COALESCE(?3, canonical_url),
                title = ?4, lead = ?5, body = ?6, authors = ?7, published = COALESCE(?8, published),
                updated = ?9, fetched_at = ?10, lang = ?11, dir = ?12, section = ?13, tags = ?14,
                attributions = ?15, images = ?16, videos = ?17, related_links = ?18, body_hash = ?19,
                raw = COALESCE(?20, raw), raw_kind = COALESCE(?21, raw_kind), publisher_section = ?22,
                section_confidence = ?23, entities = ?24, key_phrases = ?25
             WHERE id = ?1",
            &params,
        )?;
        if n > 0 {
            tx.execute(
                "INSERT INTO article_updates (article_id) VALUES (?1)",
                &[&id],
            )?;
        }
        tx.commit()?;
        a.id = id;
        Ok(n > 0)
    }

    /// The articles replaced after update `seq` (see [`Store::update_article`]), in
    /// order: (seq, article id).
    pub fn updates_after(&self, seq: i64) -> Result<Vec<(i64, i64)>> {
        self.db.query(
            "SELECT seq, article_id FROM article_updates WHERE seq > ?1 ORDER BY seq LIMIT 10000",
            &[&seq],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// The latest update's number (0 when none).
    pub fn max_update_seq(&self) -> Result<i64> {
        self.db
            .value("SELECT COALESCE(MAX(seq), 0) FROM article_updates", &[])
    }

    /// Writes what enrichment says of each of `articles` (section, its confidence,
    /// entities, key phrases) and the agencies it credits over what is stored, in one
    /// transaction; nothing else of them changes. Returns how many were stored.
    pub fn set_enrichment(&mut self, articles: &[ArticleRecord]) -> Result<usize> {
        let tx = self.db.transaction(false)?;
        let mut n = 0;
        for a in articles {
            n += tx.execute(
                "UPDATE articles SET section = ?2, section_confidence = ?3, entities = ?4,
                    key_phrases = ?5, attributions = ?6 WHERE id = ?1",
                &[
                    &a.id,
                    &a.section,
                    &a.section_confidence,
                    &serde_json::to_string(&a.entities)?,
                    &serde_json::to_string(&a.key_phrases)?,
                    &serde_json::to_string(&a.attributions)?,
                ],
            )?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Writes what extraction gives back on the articles (matched by id): canonical URL,
    /// title, lead, body and its hash, authors, dates, language and direction, the
    /// publisher's section and tags, attributions, media and related links. The identity,
    /// outlet, URL and ingest time stay; enrichment is [`Store::set_enrichment`]'s.
    /// Returns how many rows changed.
    pub fn set_extraction(&mut self, articles: &[ArticleRecord]) -> Result<usize> {
        let tx = self.db.transaction(false)?;
        let mut n = 0;
        for a in articles {
            n += tx.execute(
                "UPDATE articles SET canonical_url = ?2, title = ?3, lead = ?4, body = ?5,
                    body_hash = ?6, authors = ?7, published = ?8, updated = ?9, lang = ?10,
                    dir = ?11, publisher_section = ?12, tags = ?13, attributions = ?14,
                    images = ?15, videos = ?16, related_links = ?17 WHERE id = ?1",
                &[
                    &a.id,
                    &a.canonical_url,
                    &a.title,
                    &a.lead,
                    &a.body,
                    &a.body_hash,
                    &serde_json::to_string(&a.authors)?,
                    &a.published,
                    &a.updated,
                    &a.lang,
                    &a.dir,
                    &a.publisher_section,
                    &serde_json::to_string(&a.tags)?,
                    &serde_json::to_string(&a.attributions)?,
                    &serde_json::to_string(&a.images)?,
                    &serde_json::to_string(&a.videos)?,
                    &serde_json::to_string(&a.related_links)?,
                ],
            )?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// The article with this id.
    pub fn article(&self, id: i64) -> Result<Option<ArticleRecord>> {
        self.db
            .query_opt(&select_article("WHERE a.id = ?1"), &[&id], read_article)
    }

    /// Just the body of an article (for snippets: cheaper than [`Store::article`]).
    pub fn body(&self, id: i64) -> Result<Option<String>> {
        self.db
            .query_opt("SELECT body FROM articles WHERE id = ?1", &[&id], |r| {
                r.get(0)
            })
    }

    /// The article with this external id (the `id` of an ingested record), newest first.
    pub fn article_by_external_id(&self, external_id: &str) -> Result<Option<ArticleRecord>> {
        self.db.query_opt(
            &select_article("WHERE a.external_id = ?1 ORDER BY a.id DESC LIMIT 1"),
            &[&external_id],
            read_article,
        )
    }

    /// Up to `limit` articles with ids above `after`, in id order (for indexing and reindexing).
    pub fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<ArticleRecord>> {
        self.db.query(
            &select_article("WHERE a.id > ?1 ORDER BY a.id LIMIT ?2"),
            &[&after, &(limit as i64)],
            read_article,
        )
    }

    /// The raw page kept for an article, decompressed, with its kind.
    pub fn raw_page(&self, id: i64) -> Result<Option<(Vec<u8>, String)>> {
        let row: Option<(Option<Vec<u8>>, Option<String>)> = self.db.query_opt(
            "SELECT raw, raw_kind FROM articles WHERE id = ?1",
            &[&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        match row {
            Some((Some(bytes), kind)) => {
                let raw = zstd::decode_all(&bytes[..])
                    .map_err(|e| StoreError::Io(e, self.path.clone()))?;
                Ok(Some((raw, kind.unwrap_or_default())))
            }
            _ => Ok(None),
        }
    }

    /// The section and first image of each of `ids` (what a list of stories shows), read
    /// without the articles' bodies.
    pub fn sections_and_images(&self, ids: &[i64]) -> Result<FxHashMap<i64, SectionAndImage>> {
        // One cached primary-key look-up per id (as `labels` and `headlines`): a list of
        // ids bound into `IN (…)` is a new statement for each length, which would push the
        // hot ones out of the connection's statement cache.
        let mut out = FxHashMap::default();
        for &id in ids {
            let row = self.db.query_opt(
                "SELECT section, images FROM articles WHERE id = ?1",
                &[&id],
                |r| Ok((r.get::<Option<String>>(0)?, r.get::<String>(1)?)),
            )?;
            if let Some((section, images)) = row {
                let media: Vec<Media> = serde_json::from_str(&images)?;
                out.insert(id, (section, media.into_iter().next().map(|m| m.url)));
            }
        }
        Ok(out)
    }

    /// The tags, key phrases and entities of each of `ids` (records with only those and
    /// the id filled), read without the articles' text.
    pub fn labels(&self, ids: &[i64]) -> Result<Vec<ArticleRecord>> {
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let found = self.db.query_opt(
                "SELECT id, tags, key_phrases, entities FROM articles WHERE id = ?1",
                &[&id],
                |r| {
                    Ok(ArticleRecord {
                        id: r.get(0)?,
                        tags: serde_json::from_str(&r.get::<String>(1)?)?,
                        key_phrases: serde_json::from_str(&r.get::<String>(2)?)?,
                        entities: serde_json::from_str(&r.get::<String>(3)?)?,
                        ..Default::default()
                    })
                },
            )?;
            out.extend(found);
        }
        Ok(out)
    }

    pub fn count_articles(&self) -> Result<i64> {
        self.db.value("SELECT COUNT(*) FROM articles", &[])
    }

    /// Drops the kept page of every article published before `before` (Unix seconds; an
    /// article without a publication time goes by when it was fetched, else stored):
    /// they can no longer be extracted again (`rasid reindex --extract`), and the space
    /// goes back to the database for new pages (to the disk after [`Store::vacuum`]). In
    /// transactions of 5,000 articles, so that a server crawling meanwhile waits for
    /// none for long. With `dry_run`, only counts. Returns the articles and the pages'
    /// (compressed) bytes.
    pub fn drop_pages_before(&mut self, before: i64, dry_run: bool) -> Result<(i64, i64)> {
        const OLD: &str = "raw IS NOT NULL
            AND unixepoch(COALESCE(published, fetched_at, ingested_at)) < ?1";
        let counted: (i64, i64) = self
            .db
            .query_opt(
                &format!(
                    "SELECT COUNT(*), CAST(COALESCE(SUM(length(raw)), 0) AS BIGINT)
                     FROM articles WHERE {OLD}"
                ),
                &[&before],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .unwrap_or_default();
        if dry_run {
            return Ok(counted);
        }
        let max = self.max_article_id()?;
        let mut from = 0i64;
        while from < max {
            let tx = self.db.transaction(false)?;
            tx.execute(
                &format!(
                    "UPDATE articles SET raw = NULL, raw_kind = NULL
                     WHERE id > ?2 AND id <= ?3 AND {OLD}"
                ),
                &[&before, &from, &(from + 5_000)],
            )?;
            tx.commit()?;
            from += 5_000;
        }
        Ok(counted)
    }

    /// Rewrites the database compactly, giving the space of what was dropped back to the
    /// disk (SQLite's `VACUUM`, PostgreSQL's `VACUUM FULL` of the articles: other writers
    /// wait until it ends; it needs as much free disk as the articles take).
    pub fn vacuum(&self) -> Result<()> {
        self.db.batch(if self.db.is_postgres() {
            "VACUUM FULL articles"
        } else {
            "VACUUM"
        })
    }

    /// The ids of up to `limit` articles after `after`, in order.
    pub fn article_ids_after(&self, after: i64, limit: usize) -> Result<Vec<i64>> {
        self.db.query(
            "SELECT id FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
            &[&after, &(limit as i64)],
            |r| r.get(0),
        )
    }

    /// How many articles have an id above `id` (those an index committed up to `id` lacks).
    pub fn count_articles_after(&self, id: i64) -> Result<i64> {
        self.db
            .value("SELECT COUNT(*) FROM articles WHERE id > ?1", &[&id])
    }

    pub fn max_article_id(&self) -> Result<i64> {
        self.db
            .value("SELECT COALESCE(MAX(id), 0) FROM articles", &[])
    }

    /// What the archive holds, for an overview (`rasid status`): one pass over the
    /// articles' rows (the kept pages' sizes are read from the row headers, not the pages).
    pub fn overview(&self) -> Result<Overview> {
        let (articles, earliest, latest, undated, pages, page_bytes) = self
            .db
            .query_opt(
                "SELECT COUNT(*), unixepoch(MIN(published)), unixepoch(MAX(published)),
                        COUNT(*) - COUNT(published), COUNT(raw),
                        CAST(COALESCE(SUM(length(raw)), 0) AS BIGINT)
                 FROM articles",
                &[],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )?
            .unwrap_or_default();
        let (stories, shared_stories, in_shared) = self
            .db
            .query_opt(
                "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN size > 1 THEN 1 ELSE 0 END), 0) AS BIGINT),
                        CAST(COALESCE(SUM(CASE WHEN size > 1 THEN size END), 0) AS BIGINT)
                 FROM stories",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .unwrap_or_default();
        Ok(Overview {
            articles,
            outlets: self.count_outlets()?,
            earliest,
            latest,
            undated,
            pages,
            page_bytes,
            stories,
            shared_stories,
            in_shared,
        })
    }

    /// Every outlet's key and the name its pages give it, if any, in the order they came.
    pub fn outlets(&self) -> Result<Vec<(String, Option<String>)>> {
        self.db
            .query("SELECT key, name FROM outlets ORDER BY id", &[], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
    }

    /// The key of the outlet a reader or a command names: its key, its key in other
    /// letter case (`cnn` for `CNN`), the name its pages give it, or the name rasid knows
    /// it by in Arabic or English ([`rasid_text::outlets::name`]: `سكاي نيوز عربية`, `Sky
    /// News Arabia`); `None` when no stored outlet is so named.
    pub fn outlet_key(&self, given: &str) -> Result<Option<String>> {
        let given = given.trim();
        if given.is_empty() {
            return Ok(None);
        }
        // The key itself (one look-up: what every link of the reader names), else a scan.
        let exact: Option<i64> =
            self.db
                .query_opt("SELECT id FROM outlets WHERE key = ?1", &[&given], |r| {
                    r.get(0)
                })?;
        if exact.is_some() {
            return Ok(Some(given.to_owned()));
        }
        let rows = self.outlets()?;
        let folded = |s: &str| rasid_text::normalize(s).to_lowercase();
        let want = folded(given);
        Ok(rows
            .into_iter()
            .find(|(key, name)| {
                key.eq_ignore_ascii_case(given)
                    || name.as_deref().is_some_and(|n| folded(n) == want)
                    || [false, true]
                        .iter()
                        .filter_map(|&en| rasid_text::outlets::name(key, en))
                        .any(|n| folded(n) == want)
            })
            .map(|(key, _)| key))
    }

    pub fn count_outlets(&self) -> Result<i64> {
        self.db.value("SELECT COUNT(*) FROM outlets", &[])
    }

    /// Makes this connection the store's one writer for as long as it is open, or fails
    /// saying another rasid process is. For SQLite the search index's lock in the data
    /// directory does it (nothing here); a PostgreSQL store can be named by several data
    /// directories, on several machines, so it takes a lock of its own (a session-level
    /// advisory lock: given back when the store is dropped, so that another process may
    /// take over at once, and released by the server when a killed process's connection
    /// closes).
    ///
    /// A connection lost and opened again takes the claim again; if another process took
    /// it meanwhile, the call that finds so fails with [`StoreError::Busy`].
    pub fn claim_writer(&self) -> Result<()> {
        if !self.db.is_postgres() {
            return Ok(());
        }
        if self.db.try_session_lock(WRITER_LOCK)? {
            Ok(())
        } else {
            Err(StoreError::Busy(format!(
                "the PostgreSQL store {} is being written by another rasid process (ingest or \
                 serve, perhaps with another data directory or on another machine); stop it or wait",
                self.location().display()
            )))
        }
    }

    /// How much disk the store takes: the SQLite file with its write-ahead log, or the
    /// PostgreSQL database.
    pub fn size_bytes(&self) -> Result<u64> {
        if self.db.is_postgres() {
            let n: i64 = self
                .db
                .value("SELECT pg_database_size(current_database())", &[])?;
            return Ok(n.max(0) as u64);
        }
        let file = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        Ok(file(&self.path) + file(&self.path.with_extension("db-wal")))
    }

    /// The database file (for a PostgreSQL store, where it would be: a name unique to the
    /// data directory; see [`Store::location`]).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// In PostgreSQL, makes the writers of articles take turns until the transaction ends, so
/// that article ids and update numbers are committed in the order they are given: a
/// search index fed from the store ("indexed up to id N", "updates up to N") relies on
/// it. SQLite has one writer at a time anyway.
fn lock_writes(tx: &Db) -> Result<()> {
    if tx.is_postgres() {
        tx.batch("SELECT pg_advisory_xact_lock(7261736965)")?;
    }
    Ok(())
}

/// A connection to the SQLite file at `path`, as every connection of the store has it
/// (the file's own settings, WAL, are made by [`Store::open`]).
fn sqlite_connection(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Reads through a memory map instead of a system call and a copy per page (what a
    // server reading random articles spends most of its store time on).
    conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// A `meta` value, written over any before.
fn set_meta(db: &Db, key: &str, value: &str) -> Result<()> {
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        &[&key, &value],
    )?;
    Ok(())
}

fn schema_version_of(db: &Db) -> Result<usize> {
    match db {
        Db::Sqlite(c) => {
            Ok(c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize)
        }
        Db::Pg(_) => Ok(db
            .query_opt(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                &[],
                |r| r.get::<String>(0),
            )?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)),
    }
}

/// A database address without its password (for messages).
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn select_article(rest: &str) -> String {
    format!(
        "SELECT a.id, a.identity, o.key, a.external_id, a.url, a.canonical_url, a.title, a.lead,
    a.body, a.authors, a.published, a.updated, a.fetched_at, a.ingested_at, a.lang, a.dir, a.section, a.tags,
    a.attributions, a.images, a.videos, a.related_links, a.body_hash, a.publisher_section,
    a.section_confidence, a.entities, a.key_phrases, NULLIF(o.name, o.key)
    FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id {rest}"
    )
}

fn read_article(r: &Row<'_>) -> Result<ArticleRecord> {
    let json = |i: usize| -> Result<String> { r.get::<String>(i) };
    Ok(ArticleRecord {
        id: r.get(0)?,
        identity: r.get(1)?,
        outlet: r.get(2)?,
        outlet_name: r.get(27)?,
        external_id: r.get(3)?,
        url: r.get(4)?,
        canonical_url: r.get(5)?,
        title: r.get(6)?,
        lead: r.get(7)?,
        body: r.get(8)?,
        authors: serde_json::from_str(&json(9)?)?,
        published: r.get(10)?,
        updated: r.get(11)?,
        fetched_at: r.get(12)?,
        ingested_at: r.get(13)?,
        lang: r.get(14)?,
        dir: r.get(15)?,
        section: r.get(16)?,
        tags: serde_json::from_str(&json(17)?)?,
        attributions: serde_json::from_str(&json(18)?)?,
        images: serde_json::from_str(&json(19)?)?,
        videos: serde_json::from_str(&json(20)?)?,
        related_links: serde_json::from_str(&json(21)?)?,
        body_hash: r.get(22)?,
        publisher_section: r.get(23)?,
        section_confidence: r.get(24)?,
        entities: serde_json::from_str(&json(25)?)?,
        key_phrases: serde_json::from_str(&json(26)?)?,
    })
}

/// The identity of an article: `url:` + the normalized canonical URL (or URL), else
/// `guid:` + outlet + GUID, else `hash:` + the hash of the normalized body.
pub fn identity(
    canonical_or_url: Option<&str>,
    guid: Option<(&str, &str)>,
    body_hash: &str,
) -> String {
    if let Some(u) = canonical_or_url.and_then(normalize_url) {
        return format!("url:{u}");
    }
    if let Some((outlet, g)) = guid.filter(|(_, g)| !g.trim().is_empty()) {
        return format!("guid:{outlet}:{}", g.trim());
    }
    format!("hash:{body_hash}")
}

/// A URL in the form used for identity: scheme and host lower-cased, no fragment, no
/// tracking parameters (utm_*, fbclid, gclid), no trailing slash.
pub fn normalize_url(u: &str) -> Option<String> {
    let u = u.trim();
    let (scheme, rest) = u.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or("");
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if host.is_empty() {
        return None;
    }
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let path = canonical_percent(path.trim_end_matches('/'));
    let query: Vec<String> = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|kv| {
            let k = kv.split('=').next().unwrap_or("").to_ascii_lowercase();
            !(k.is_empty() || k.starts_with("utm_") || k == "fbclid" || k == "gclid" || k == "ref")
        })
        .map(canonical_percent)
        .collect();
    let mut out = format!("{host}{path}");
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.join("&"));
    }
    Some(out)
}

/// One spelling of a URL part whatever its percent-encoding: Arabic slugs arrive raw
/// (`/أخبار/`), encoded in upper case (`/%D8%A3…`, the pages' canonical links) and in
/// lower case (`/%d8%a3…`, WordPress's feeds), all one address. Encoded characters are
/// written as themselves (UTF-8) unless they delimit (`/ ? # & = + %`, space, controls),
/// which stay encoded in upper case; bytes that are not UTF-8 stay encoded too.
pub fn canonical_percent(part: &str) -> String {
    if part
        .bytes()
        .all(|b| b != b'%' && b.is_ascii_graphic() && !b"\"<>".contains(&b))
    {
        return part.to_owned();
    }
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let keep_encoded =
        |b: u8| b.is_ascii_control() || b == b' ' || b"/?#[]@!$&'()*+,;=%\"<>".contains(&b);
    let bytes = part.as_bytes();
    let mut raw: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| Some(hex(*bytes.get(i + 1)?)? * 16 + hex(*bytes.get(i + 2)?)?))
            .flatten();
        match decoded {
            Some(b) if keep_encoded(b) => {
                raw.extend_from_slice(format!("%{b:02X}").as_bytes());
                i += 3;
            }
            Some(b) => {
                raw.push(b);
                i += 3;
            }
            None => {
                // Raw spaces and quotes as a browser would send them.
                let b = bytes[i];
                if b.is_ascii_control() || b"\" <>".contains(&b) {
                    raw.extend_from_slice(format!("%{b:02X}").as_bytes());
                } else {
                    raw.push(b);
                }
                i += 1;
            }
        }
    }
    match String::from_utf8(raw) {
        Ok(s) => s,
        // Encoded bytes of another charset: only the case of their digits is made one.
        Err(_) => {
            let mut out = String::with_capacity(part.len());
            let mut rest = part;
            while let Some(at) = rest.find('%') {
                out.push_str(&rest[..at]);
                let code = rest
                    .get(at + 1..at + 3)
                    .filter(|c| c.bytes().all(|b| hex(b).is_some()));
                match code {
                    Some(c) => {
                        out.push('%');
                        out.push_str(&c.to_ascii_uppercase());
                        rest = &rest[at + 3..];
                    }
                    None => {
                        out.push('%');
                        rest = &rest[at + 1..];
                    }
                }
            }
            out.push_str(rest);
            out
        }
    }
}

/// A stored `url:` identity's address (host, path and query) with its percent-encoding
/// made canonical, as [`normalize_url`] now writes it.
fn recanonical(address: &str) -> String {
    match address.split_once('?') {
        Some((path, query)) => format!(
            "{}?{}",
            canonical_percent(path),
            query
                .split('&')
                .map(canonical_percent)
                .collect::<Vec<_>>()
                .join("&")
        ),
        None => canonical_percent(address),
    }
}

/// A stable 128-bit hash (FNV-1a) of the normalized body, as hex: the same text in any
/// spelling variant (diacritics, alef forms, spacing) hashes the same. The hash is of the
/// body's words joined by single spaces and normalized; a word normalizes the same
/// whatever its neighbours, so each is normalized and hashed in turn (no copy of the body).
pub fn body_hash(body: &str) -> String {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    let mut word = String::with_capacity(64);
    for (i, w) in body.split_whitespace().enumerate() {
        if i > 0 {
            h = (h ^ u128::from(b' ')).wrapping_mul(PRIME);
        }
        rasid_text::normalize_into(w, rasid_text::Level::Lossy, &mut word);
        for b in word.bytes() {
            h = (h ^ u128::from(b)).wrapping_mul(PRIME);
        }
    }
    format!("{h:032x}")
}

/// The current time, RFC 3339 UTC, from the system clock.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    rasid_extract::dates::DateTime::from_timestamp(secs).to_rfc3339()
}

/// For tests, this crate's and others': the address of a new, empty database on the
/// PostgreSQL server that `RASID_TEST_POSTGRES` names (`postgres://user@host:port/db`),
/// or `None` when it is unset (the tests then run on SQLite alone). `.ci/run` starts such
/// a server; a test given the variable and no server fails rather than skip.
#[doc(hidden)]
pub fn test_postgres_database() -> Option<String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let server = std::env::var("RASID_TEST_POSTGRES").ok()?;
    let name = format!(
        "rasid_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    );
    let mut admin = postgres::Client::connect(&server, postgres::NoTls)
        .unwrap_or_else(|e| panic!("RASID_TEST_POSTGRES={server}: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap_or_else(|e| panic!("creating a test database on {server}: {e}"));
    let base = match server.rfind('/') {
        Some(i) if i > server.find("://").map_or(0, |j| j + 2) => &server[..i],
        _ => server.as_str(),
    };
    Some(format!("{base}/{name}"))
}

/// For tests: ends every other session of the PostgreSQL database at `url`, as a restart
/// of the server would.
#[doc(hidden)]
pub fn test_postgres_cut_sessions(url: &str) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.batch_execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .unwrap();
}

/// For tests: a data directory whose store is in a new PostgreSQL database (see
/// [`test_postgres_database`]), named by its `rasid.toml`.
#[doc(hidden)]
pub fn test_postgres_data_dir(dir: &Path) -> Option<()> {
    let url = test_postgres_database()?;
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("rasid.toml"),
        format!("[store]\nurl = \"{url}\"\n"),
    )
    .unwrap();
    Some(())
}

/// The values of an article's content columns, in the order that `insert_batch` and
/// `update_article` write them: `url, canonical_url, title, lead, body, authors,
/// published, updated, fetched_at, lang, dir, section, tags, attributions, images, videos,
/// related_links, body_hash, raw, raw_kind, publisher_section, section_confidence,
/// entities, key_phrases` (lists as JSON, the page zstd-compressed).
struct ContentValues<'a> {
    a: &'a ArticleRecord,
    raw: Option<Vec<u8>>,
    raw_kind: Option<&'static str>,
    /// authors, tags, attributions, images, videos, related links, entities, key phrases.
    json: [String; 8],
}

impl<'a> ContentValues<'a> {
    /// `path` is the store's, for the error when compression fails.
    fn of(a: &'a ArticleRecord, raw: Option<&RawPage<'_>>, path: &Path) -> Result<Self> {
        Ok(ContentValues {
            a,
            raw: raw
                .map(|r| {
                    zstd::bulk::compress(r.bytes, 3).map_err(|e| StoreError::Io(e, path.to_owned()))
                })
                .transpose()?,
            raw_kind: raw.map(|r| r.kind),
            json: [
                serde_json::to_string(&a.authors)?,
                serde_json::to_string(&a.tags)?,
                serde_json::to_string(&a.attributions)?,
                serde_json::to_string(&a.images)?,
                serde_json::to_string(&a.videos)?,
                serde_json::to_string(&a.related_links)?,
                serde_json::to_string(&a.entities)?,
                serde_json::to_string(&a.key_phrases)?,
            ],
        })
    }
}

impl ContentValues<'_> {
    fn refs(&self) -> [&dyn Param; 24] {
        let (a, j) = (self.a, &self.json);
        [
            &a.url,
            &a.canonical_url,
            &a.title,
            &a.lead,
            &a.body,
            &j[0],
            &a.published,
            &a.updated,
            &a.fetched_at,
            &a.lang,
            &a.dir,
            &a.section,
            &j[1],
            &j[2],
            &j[3],
            &j[4],
            &j[5],
            &a.body_hash,
            &self.raw,
            &self.raw_kind,
            &a.publisher_section,
            &a.section_confidence,
            &j[6],
            &j[7],
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: Option<&str>, body: &str) -> ArticleRecord {
        let h = body_hash(body);
        ArticleRecord {
            identity: identity(url, None, &h),
            outlet: Some("alriyadh".into()),
            url: url.map(str::to_owned),
            title: Some("عنوان".into()),
            body: body.into(),
            ingested_at: now_rfc3339(),
            tags: vec!["العراق".into()],
            body_hash: h,
            ..Default::default()
        }
    }

    /// An empty store of each kind this machine can test: SQLite, and PostgreSQL when
    /// `RASID_TEST_POSTGRES` names a server (through a data directory whose rasid.toml
    /// names the database, as a user configures it).
    pub(crate) fn stores() -> Vec<(Store, tempfile::TempDir)> {
        let mut out = Vec::new();
        let dir = tempfile::tempdir().unwrap();
        out.push((Store::open(dir.path()).unwrap(), dir));
        let dir = tempfile::tempdir().unwrap();
        if test_postgres_data_dir(dir.path()).is_some() {
            let s = Store::open(dir.path()).unwrap();
            assert!(s.is_postgres());
            out.push((s, dir));
        }
        out
    }

    /// Two processes fetching for one store take a host's turn one after the other: a
    /// turn held is not taken, a turn given back rests the host, a turn held past its
    /// hold is free, and a holder whose hold ran out cannot give back another's turn.
    #[test]
    fn hosts_turns_are_taken_one_at_a_time() {
        use std::time::Duration;
        let ms = Duration::from_millis;
        for (s, dir) in stores() {
            let other = Store::open(dir.path()).unwrap();
            let hold = Duration::from_secs(60);
            assert_eq!(s.take_host_turn("a.example", "w1", hold).unwrap(), None);
            let wait = other
                .take_host_turn("a.example", "w2", hold)
                .unwrap()
                .unwrap();
            assert!(wait > Duration::from_secs(50) && wait <= hold, "{wait:?}");
            // Another host is not held.
            assert_eq!(other.take_host_turn("b.example", "w2", hold).unwrap(), None);
            s.give_back_host_turn("a.example", "w1", ms(300)).unwrap();
            let wait = other
                .take_host_turn("a.example", "w2", hold)
                .unwrap()
                .unwrap();
            assert!(wait <= ms(300), "{wait:?}");
            std::thread::sleep(wait + ms(20));
            assert_eq!(
                other.take_host_turn("a.example", "w2", ms(100)).unwrap(),
                None
            );
            // w2 dies holding it: free once the hold is over.
            std::thread::sleep(ms(120));
            assert_eq!(s.take_host_turn("a.example", "w1", hold).unwrap(), None);
            // w2's late give-back leaves w1's turn alone.
            other.give_back_host_turn("a.example", "w2", ms(0)).unwrap();
            assert!(other
                .take_host_turn("a.example", "w2", hold)
                .unwrap()
                .is_some());
        }
    }

    #[test]
    fn stories_page_by_cursor() {
        for (mut s, _dir) in stores() {
            let mut batch: Vec<(ArticleRecord, Option<RawPage<'_>>)> = (0..3)
                .map(|i| {
                    let mut r = record(None, &format!("نص الخبر رقم {i}"));
                    r.published = Some(format!("2024-09-0{}T10:00:00Z", i + 1));
                    (r, None)
                })
                .collect();
            s.insert_batch(&mut batch).unwrap();
            let links: Vec<StoryLink> = batch
                .iter()
                .enumerate()
                .map(|(i, (a, _))| StoryLink {
                    article: a.id,
                    story: 10 + i as i64,
                    new: true,
                    representative: a.id,
                })
                .collect();
            s.link_articles(&links).unwrap();
            let (first, next) = s.stories_page(None, None, 2).unwrap();
            assert_eq!(first.iter().map(|x| x.id).collect::<Vec<_>>(), [12, 11]);
            let cursor = StoryCursor::decode(&next.expect("more to come").encode()).unwrap();
            let (second, next) = s.stories_page(None, Some(&cursor), 2).unwrap();
            assert_eq!(second.iter().map(|x| x.id).collect::<Vec<_>>(), [10]);
            assert!(next.is_none());
            assert!(StoryCursor::decode("x").is_none());
        }
    }

    #[test]
    fn a_url_is_one_address_whatever_its_percent_encoding() {
        let same = [
            "https://example.com/أخبار/عاجل",
            "https://example.com/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%B9%D8%A7%D8%AC%D9%84",
            "https://example.com/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1/%d8%b9%d8%a7%d8%ac%d9%84/",
            "https://example.com/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/عاجل",
        ];
        for u in same {
            assert_eq!(
                normalize_url(u).as_deref(),
                Some("example.com/أخبار/عاجل"),
                "{u}"
            );
        }
        // Delimiters stay encoded (in upper case); a space is one spelling; bytes of
        // another charset keep their encoding; a stray % stays.
        assert_eq!(
            normalize_url("https://e.com/a%2fb%3Fc?q=%d8%a3%26x&y=a b").as_deref(),
            Some("e.com/a%2Fb%3Fc?q=أ%26x&y=a%20b")
        );
        assert_eq!(
            normalize_url("https://e.com/%c7%e1%c3%ce%c8%c7%d1").as_deref(),
            Some("e.com/%C7%E1%C3%CE%C8%C7%D1")
        );
        assert_eq!(canonical_percent("100%"), "100%");
        assert_eq!(canonical_percent("%zz%4"), "%zz%4");
        assert_eq!(canonical_percent("a%41-%7e"), "aA-~");
    }

    #[test]
    fn identities_stored_in_the_old_form_are_upgraded_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path()).unwrap();
        let mut batch = vec![
            (record(Some("https://example.com/a/1"), "نص أول"), None),
            (record(Some("https://example.com/b/2"), "نص ثان"), None),
            (record(Some("https://example.com/c/3"), "نص ثالث"), None),
        ];
        s.insert_batch(&mut batch).unwrap();
        // As a store written before: two spellings of one address, and another address.
        for (id, identity) in [
            (1, "url:example.com/%d8%a3"),
            (2, "url:example.com/%D8%A3"),
            (3, "url:example.com/x?q=%d8%a8"),
        ] {
            s.db.execute(
                "UPDATE articles SET identity = ?2 WHERE id = ?1",
                &[&id, &identity],
            )
            .unwrap();
        }
        s.db.execute("DELETE FROM meta WHERE key = 'identity_form'", &[])
            .unwrap();
        drop(s);
        let mut s = Store::open(dir.path()).unwrap();
        let identity = |s: &Store, id: i64| s.article(id).unwrap().unwrap().identity;
        assert_eq!(identity(&s, 1), "url:example.com/أ");
        assert_eq!(
            identity(&s, 2),
            "url:example.com/%D8%A3",
            "the later duplicate keeps its own"
        );
        assert_eq!(identity(&s, 3), "url:example.com/x?q=ب");
        // Found again under any spelling.
        let mut again = vec![(record(Some("https://example.com/%D8%A3"), "نص"), None)];
        assert!(matches!(
            s.insert_batch(&mut again).unwrap()[0],
            Inserted::Duplicate(1)
        ));
    }

    #[test]
    fn insert_is_idempotent_by_identity() {
        for (mut s, _dir) in stores() {
            let mut batch = vec![
                (
                    record(Some("https://www.example.com/a?utm_source=x#top"), "نص أول"),
                    None,
                ),
                (record(None, "نص ثان"), None),
            ];
            let r = s.insert_batch(&mut batch).unwrap();
            assert!(matches!(r[0], Inserted::New(_)) && matches!(r[1], Inserted::New(_)));
            // The same URL written differently, and the same body in another spelling.
            let mut again = vec![
                (record(Some("https://example.com/a/"), "نص آخر"), None),
                (record(None, "نصّ  ثانٍ"), None),
            ];
            let r2 = s.insert_batch(&mut again).unwrap();
            assert!(
                matches!(r2[0], Inserted::Duplicate(_)) && matches!(r2[1], Inserted::Duplicate(_))
            );
            assert_eq!(s.count_articles().unwrap(), 2);
            let a = s.article(1).unwrap().unwrap();
            assert_eq!(a.outlet.as_deref(), Some("alriyadh"));
            assert_eq!(a.tags, ["العراق"]);
        }
    }

    #[test]
    fn raw_pages_round_trip_compressed() {
        for (mut s, _dir) in stores() {
            let page = "<html><body><p>نص</p></body></html>".repeat(100);
            let mut batch = vec![(
                record(Some("https://example.com/p"), "نص"),
                Some(RawPage {
                    bytes: page.as_bytes(),
                    kind: "html",
                }),
            )];
            s.insert_batch(&mut batch).unwrap();
            let (raw, kind) = s.raw_page(1).unwrap().unwrap();
            assert_eq!(raw, page.as_bytes());
            assert_eq!(kind, "html");
        }
    }

    #[test]
    fn processes_opening_a_new_data_directory_at_once_all_succeed() {
        for _ in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().to_owned();
            let opened: Vec<Result<usize>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..4)
                    .map(|_| scope.spawn(|| Store::open(&path)?.schema_version()))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for v in opened {
                assert_eq!(v.unwrap(), MIGRATIONS.len());
            }
        }
        // The same for a new PostgreSQL database.
        let dir = tempfile::tempdir().unwrap();
        if test_postgres_data_dir(dir.path()).is_some() {
            let path = dir.path().to_owned();
            let opened: Vec<Result<usize>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..4)
                    .map(|_| scope.spawn(|| Store::open(&path)?.schema_version()))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for v in opened {
                assert_eq!(v.unwrap(), PG_MIGRATIONS.len());
            }
        }
    }

    #[test]
    fn a_newer_schema_is_refused() {
        for (s, dir) in stores() {
            match &s.db {
                Db::Sqlite(c) => c.pragma_update(None, "user_version", 999).unwrap(),
                Db::Pg(_) => set_meta(&s.db, "schema_version", "999").unwrap(),
            }
            drop(s);
            let err = Store::open(dir.path()).err().unwrap();
            assert!(err.to_string().contains("newer rasid"), "{err}");
        }
    }

    #[test]
    fn a_postgres_store_has_one_writer_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        if test_postgres_data_dir(dir.path()).is_none() {
            return;
        }
        let first = Store::open(dir.path()).unwrap();
        first.claim_writer().unwrap();
        // Another process, perhaps with another data directory naming the same database.
        let second = Store::open(dir.path()).unwrap();
        let err = second.claim_writer().err().unwrap().to_string();
        assert!(
            err.contains("being written by another rasid process"),
            "{err}"
        );
        // Released when the first closes (the server ends its session a moment later).
        drop(first);
        let mut claimed = second.claim_writer();
        for _ in 0..50 {
            if claimed.is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            claimed = second.claim_writer();
        }
        claimed.unwrap();
    }

    /// A connection the server closes (a restart, a failover, a cut) is opened again at
    /// the next call, with the writer's claim — unless another process took it meanwhile.
    #[test]
    fn a_lost_postgres_connection_is_opened_again_with_its_claim() {
        let dir = tempfile::tempdir().unwrap();
        if test_postgres_data_dir(dir.path()).is_none() {
            return;
        }
        let backend = |s: &Store| -> i64 { s.db.value("SELECT pg_backend_pid()", &[]).unwrap() };
        let other = Store::open(dir.path()).unwrap();
        let cut = |s: &Store| {
            let pid = backend(s) as i32;
            let done: bool = other
                .db
                .value("SELECT pg_terminate_backend(?1)", &[&pid])
                .unwrap();
            assert!(done);
        };
        let first = Store::open(dir.path()).unwrap();
        first.claim_writer().unwrap();
        let pid = backend(&first);
        cut(&first);
        // The call that finds the connection closed runs on a new one, claim and all.
        assert_eq!(first.count_outlets().unwrap(), 0);
        assert_ne!(backend(&first), pid);
        assert!(other.claim_writer().is_err(), "the claim was taken again");
        // A transaction is lost with its connection: that call fails, the next works.
        {
            let tx = first.db.transaction(true).unwrap();
            cut(&first);
            assert!(tx
                .value::<i64>("SELECT COUNT(*) FROM outlets", &[])
                .is_err());
        }
        assert_eq!(first.count_outlets().unwrap(), 0);
        // Cut off, its claim taken by another: the first's next call says so.
        cut(&first);
        let mut claimed = other.claim_writer();
        for _ in 0..50 {
            if claimed.is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            claimed = other.claim_writer();
        }
        claimed.unwrap();
        let err = first.count_outlets().unwrap_err();
        assert!(matches!(err, StoreError::Busy(_)), "{err}");
        assert!(first.claim_writer().is_err());
        assert_eq!(first.count_outlets().unwrap(), 0);
    }

    /// Why opening a PostgreSQL store at `url` fails.
    fn refused(dir: &Path, url: &str) -> String {
        match Store::open_postgres(dir, url) {
            Ok(_) => panic!("{url} opened"),
            Err(e) => e.to_string(),
        }
    }

    /// `RASID_TEST_POSTGRES_TLS`: a server's address with `sslmode=require` and the
    /// `sslrootcert=` of its self-signed certificate (`.ci/run` makes one).
    #[test]
    fn a_postgres_store_is_reached_over_tls_with_its_certificate_checked() {
        let Ok(url) = std::env::var("RASID_TEST_POSTGRES_TLS") else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open_postgres(dir.path(), &url).unwrap();
        let encrypted: bool =
            s.db.value(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .unwrap();
        assert!(encrypted);
        // libpq's stricter modes read as what rustls does anyway.
        for mode in ["verify-full", "verify-ca"] {
            let strict = url.replace("sslmode=require", &format!("sslmode={mode}"));
            Store::open_postgres(dir.path(), &strict).unwrap();
        }
        // Without the certificate to trust, the server is refused.
        let (untrusted, _) = db::take_param(&url, "sslrootcert");
        let err = refused(dir.path(), &untrusted);
        assert!(err.contains("invalid peer certificate"), "{err}");
        let missing = format!("{untrusted}&sslrootcert=/nonexistent/ca.pem");
        let err = refused(dir.path(), &missing);
        assert!(err.contains("/nonexistent/ca.pem"), "{err}");
    }

    /// `RASID_TEST_POSTGRES_CERT`: the address of a role the server lets in over TLS with
    /// a client certificate only (`sslcert=`, `sslkey=`; `.ci/run` makes them).
    #[test]
    fn a_postgres_store_that_asks_for_a_client_certificate_gets_it() {
        let Ok(url) = std::env::var("RASID_TEST_POSTGRES_CERT") else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open_postgres(dir.path(), &url).unwrap();
        let user: String =
            s.db.value("SELECT CAST(current_user AS TEXT)", &[])
                .unwrap();
        assert_eq!(user, "rasid_cert");
        // Without it, the server says why; with half of it, rasid does.
        let (without, _) = db::take_param(&url, "sslcert");
        let (without, _) = db::take_param(&without, "sslkey");
        let err = refused(dir.path(), &without);
        assert!(err.contains("certificate"), "{err}");
        let (half, _) = db::take_param(&url, "sslkey");
        let err = refused(dir.path(), &half);
        assert!(err.contains("sslcert= and sslkey="), "{err}");
        let missing = format!("{without}&sslcert=/nonexistent/c.crt&sslkey=/nonexistent/c.key");
        let err = refused(dir.path(), &missing);
        assert!(err.contains("/nonexistent/c.crt"), "{err}");
    }

    #[test]
    fn a_store_url_that_is_not_postgres_is_refused_and_an_unreachable_one_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("rasid.toml"),
            "[store]\nurl = \"mysql://x\"\n",
        )
        .unwrap();
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("PostgreSQL address"), "{err}");
        // Port 9 on loopback: nothing listens (connection refused at once).
        std::fs::write(
            dir.path().join("rasid.toml"),
            "[store]\nurl = \"postgres://rasid:secret@127.0.0.1:9/news\"\n",
        )
        .unwrap();
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains(
                "cannot reach the PostgreSQL store at postgres://rasid:***@127.0.0.1:9/news"
            ),
            "{err}"
        );
        assert!(!err.contains("secret"), "{err}");
        // Not reached is "unavailable" (worth asking again), unlike a wrong address.
        assert!(Store::open(dir.path()).err().unwrap().is_unavailable());
        std::fs::write(
            dir.path().join("rasid.toml"),
            "[store]\nurl = \"mysql://x\"\n",
        )
        .unwrap();
        assert!(!Store::open(dir.path()).err().unwrap().is_unavailable());
    }

    /// A query's own error is no unavailability (the API answers it 500, not 503).
    #[test]
    fn a_postgres_error_of_the_query_is_not_unavailability() {
        let dir = tempfile::tempdir().unwrap();
        if test_postgres_data_dir(dir.path()).is_none() {
            return;
        }
        let s = Store::open(dir.path()).unwrap();
        let err =
            s.db.value::<i64>("SELECT no_such_column FROM outlets", &[])
                .unwrap_err();
        assert!(!err.is_unavailable(), "{err}");
    }

    #[test]
    fn an_article_has_each_tag_once_however_it_is_spelled() {
        let a = ArticleRecord {
            tags: vec!["ترمب".into(), "العراق".into(), "ايران".into()],
            key_phrases: vec!["ترامب".into(), "إيران".into(), "التحالف الدولي".into()],
            ..Default::default()
        };
        assert_eq!(a.all_tags(), ["ترمب", "العراق", "ايران", "التحالف الدولي"]);
    }

    #[test]
    fn urls_normalize() {
        assert_eq!(
            normalize_url("HTTPS://WWW.Example.com/a/b/?utm_medium=x&id=3#c").as_deref(),
            Some("example.com/a/b?id=3")
        );
        assert_eq!(normalize_url("ftp://x/y"), None);
    }

    #[test]
    fn an_outlet_is_named_by_its_first_page_that_names_it() {
        for (mut store, _dir) in stores() {
            let mut batch: Vec<(ArticleRecord, Option<RawPage<'_>>)> = [
                (Some("https://a.example/1"), None, "نص أول"),
                (
                    Some("https://a.example/2"),
                    Some("  صحيفة   المثال "),
                    "نص ثان",
                ),
                (Some("https://a.example/3"), Some("اسم آخر"), "نص ثالث"),
                (Some("https://b.example/1"), Some("b.example"), "نص رابع"),
            ]
            .into_iter()
            .map(|(url, name, body)| {
                let mut r = record(url, body);
                r.outlet = url.map(|u| u[8..17].to_owned());
                r.outlet_name = name.map(str::to_owned);
                (r, None)
            })
            .collect();
            store.insert_batch(&mut batch).unwrap();
            let names = store.outlet_names().unwrap();
            // The first name given sticks (spaces tidied); a name that is the key is none.
            assert_eq!(names.len(), 1, "{names:?}");
            assert_eq!(names["a.example"], "صحيفة المثال");
            let a = store.article(1).unwrap().unwrap();
            assert_eq!(a.outlet_name.as_deref(), Some("صحيفة المثال"));
            let b = store.article(4).unwrap().unwrap();
            assert_eq!(
                (b.outlet.as_deref(), b.outlet_name),
                (Some("b.example"), None)
            );
            // Another connection (its own cache) does not rename it either.
            let mut other = store.another().unwrap();
            let mut more = vec![(
                ArticleRecord {
                    outlet: Some("a.example".into()),
                    outlet_name: Some("اسم ثالث".into()),
                    ..record(Some("https://a.example/4"), "نص خامس")
                },
                None,
            )];
            other.insert_batch(&mut more).unwrap();
            assert_eq!(store.outlet_names().unwrap()["a.example"], "صحيفة المثال");
            // An outlet is found by its key in any letter case and by its pages' name,
            // tatweel and spacing aside; a name no outlet has finds none.
            for given in ["a.example", "A.Example", "صحيفة المـثال", " صحيفة المثال "]
            {
                assert_eq!(
                    store.outlet_key(given).unwrap().as_deref(),
                    Some("a.example"),
                    "{given}"
                );
            }
            for given in ["c.example", "", "اسم آخر"] {
                assert_eq!(store.outlet_key(given).unwrap(), None, "{given}");
            }
        }
    }

    /// Every story and article operation, written down as it answers: the same on
    /// SQLite and PostgreSQL.
    fn transcript(s: &mut Store) -> Vec<String> {
        use rasid_extract::{Attribution, AttributionKind};
        let mut out = Vec::new();
        let agency = |name: &str| Attribution {
            name: name.into(),
            kind: AttributionKind::Agency,
            agency: Some(name.into()),
            text: format!("({name})"),
        };
        let page = "<p>صفحة</p>".repeat(50);
        let mut batch: Vec<(ArticleRecord, Option<RawPage<'_>>)> = (0..6)
            .map(|i| {
                let mut r = record(
                    Some(&format!("https://o{}.example/{i}", i % 3)),
                    &format!("نص الخبر رقم {i}"),
                );
                r.outlet = Some(format!("o{}", i % 3));
                // Not the clock: the two stores' transcripts are written a moment apart.
                r.ingested_at = "2024-09-10T00:00:00Z".into();
                r.external_id = Some(format!("x{i}"));
                r.published = Some(format!("2024-09-0{}T1{i}:00:00+03:00", 1 + i / 3));
                r.section = Some(["politics", "sports"][i % 2].into());
                r.attributions = match i {
                    1 | 2 => vec![agency("Reuters")],
                    3 => vec![agency("AFP")],
                    _ => vec![],
                };
                r.images = vec![Media {
                    url: format!("https://o.example/{i}.jpg"),
                    caption: None,
                }];
                r.section_confidence = Some(0.5 + i as f32 / 10.0);
                let raw = (i < 2).then_some(RawPage {
                    bytes: page.as_bytes(),
                    kind: "html",
                });
                (r, raw)
            })
            .collect();
        out.push(format!("{:?}", s.insert_batch(&mut batch).unwrap()));
        let ids: Vec<i64> = batch.iter().map(|(a, _)| a.id).collect();
        // Stories: 1 ← articles 0, 1, 2; 2 ← 3; 3 ← 4, 5.
        let link = |article: usize, story: i64, new: bool, rep: usize| StoryLink {
            article: ids[article],
            story,
            new,
            representative: ids[rep],
        };
        s.link_articles(&[
            link(0, 1, true, 0),
            link(1, 1, false, 1),
            link(2, 1, false, 1),
            link(3, 2, true, 3),
            link(4, 3, true, 4),
            link(5, 3, false, 4),
        ])
        .unwrap();
        for id in 1..=3 {
            out.push(format!("{:?}", s.story(id).unwrap()));
        }
        for (outlet, latest) in [
            ("o0", 100),
            ("o1", 100),
            ("o1", 1),
            ("o2", 100),
            ("o9", 100),
        ] {
            out.push(format!(
                "record {outlet} {latest}: {:?}",
                s.outlet_record(outlet, latest).unwrap()
            ));
        }
        out.push(format!(
            "{:?}",
            s.stories_page(Some("2024-09-02T00:00:00Z"), None, 10)
                .unwrap()
        ));
        out.push(format!(
            "{:?}",
            s.linked_ids_since(1725177600 + 7 * 3600).unwrap()
        ));
        out.push(format!("{:?}", s.latest_published().unwrap()));
        out.push(format!(
            "{:?}",
            s.link_texts(&[ids[2], 999, ids[0]]).unwrap()
        ));
        let mut heads: Vec<_> = s.headlines(&ids[..3]).unwrap().into_iter().collect();
        heads.sort_by_key(|(id, _)| *id);
        out.push(format!("{heads:?}"));
        let mut sections: Vec<_> = s.sections_and_images(&ids).unwrap().into_iter().collect();
        sections.sort_by_key(|(id, _)| *id);
        out.push(format!("{sections:?}"));
        out.push(format!("{:?}", s.labels(&ids[..2]).unwrap()));
        out.push(format!(
            "{:?}",
            s.article_by_external_id("x4").unwrap().map(|a| a.id)
        ));
        out.push(format!("{:?}", s.articles_after(ids[3], 10).unwrap()));
        // Article 3 joins story 3 (story 2 is left empty: deleted, its id moved).
        s.move_articles(&[link(3, 3, false, 3)]).unwrap();
        out.push(format!(
            "{:?} {:?}",
            s.story(2).unwrap(),
            s.story(3).unwrap()
        ));
        out.push(format!("max story {}", s.max_story_id().unwrap()));
        s.save_link_state("k", "حالة").unwrap();
        out.push(format!("{:?}", s.load_link_state("k").unwrap()));
        // Enrichment and extraction written back; an update.
        let mut a = s.article(ids[1]).unwrap().unwrap();
        a.attributions = vec![agency("AFP")];
        a.section = Some("world".into());
        s.set_enrichment(std::slice::from_ref(&a)).unwrap();
        a.title = Some("عنوان جديد".into());
        s.set_extraction(std::slice::from_ref(&a)).unwrap();
        out.push(format!("{:?}", s.refresh_origins().unwrap()));
        out.push(format!("{:?}", s.story(1).unwrap()));
        let mut b = s.article(ids[4]).unwrap().unwrap();
        b.body = "نص محدث".into();
        out.push(format!(
            "{:?}",
            s.update_article(ids[4], &mut b, None).unwrap()
        ));
        out.push(format!("{:?}", s.article(ids[4]).unwrap()));
        out.push(format!(
            "{:?} {}",
            s.updates_after(0).unwrap(),
            s.max_update_seq().unwrap()
        ));
        out.push(format!("{:?}", s.overview().unwrap()));
        out.push(format!(
            "{:?}",
            s.drop_pages_before(1725260000, true).unwrap()
        ));
        out.push(format!(
            "{:?}",
            s.drop_pages_before(1725260000, false).unwrap()
        ));
        out.push(format!(
            "{:?}",
            s.raw_page(ids[0]).unwrap().map(|(b, k)| (b.len(), k))
        ));
        out.push(format!("{:?}", s.check().unwrap()));
        // Forget every story; old ids answer with their first article's story (none now).
        out.push(format!("{:?}", s.unlink_all(&["k"]).unwrap()));
        out.push(format!(
            "{:?} {:?}",
            s.load_link_state("k").unwrap(),
            s.unlinked(0).unwrap()
        ));
        out.push(format!("max story {}", s.max_story_id().unwrap()));
        s.link_articles(&[link(0, 7, true, 0), link(1, 7, false, 0)])
            .unwrap();
        out.push(format!("{:?}", s.story(1).unwrap().map(|st| st.id)));
        out.push(format!(
            "{} {}",
            s.count_stories().unwrap(),
            s.max_linked_article().unwrap()
        ));
        s.vacuum().unwrap();
        out
    }

    #[test]
    fn every_operation_answers_the_same_on_sqlite_and_postgres() {
        let transcripts: Vec<Vec<String>> = stores()
            .into_iter()
            .map(|(mut s, _dir)| transcript(&mut s))
            .collect();
        if std::env::var_os("RASID_TEST_POSTGRES").is_some() {
            assert_eq!(transcripts.len(), 2);
        }
        let sqlite = &transcripts[0];
        // What SQLite answers, checked where it matters.
        let story1 = &sqlite[1];
        assert!(story1.contains("origin: Some(\"Reuters\")"), "{story1}");
        assert!(
            story1.contains("first_published: Some(\"2024-09-01T07:00:00Z\")"),
            "{story1}"
        );
        assert!(
            story1.contains("outlets: [\"o0\", \"o1\", \"o2\"]"),
            "{story1}"
        );
        assert!(sqlite.iter().any(|l| l == "max story 3"), "{sqlite:#?}");
        // An outlet's record: o1 carried stories 1 and 3 with others, first with 3; its
        // latest article alone is story 3's; o0's story 2, its own alone, counts for its
        // origin only; an outlet not stored has none.
        for line in [
            r#"record o0 100: Some(OutletRecord { articles: 2, read: 2, shared: 1, first: 1, origins: [("AFP", 1), ("Reuters", 1)] })"#,
            r#"record o1 100: Some(OutletRecord { articles: 2, read: 2, shared: 2, first: 1, origins: [("Reuters", 1)] })"#,
            r#"record o1 1: Some(OutletRecord { articles: 2, read: 1, shared: 1, first: 1, origins: [] })"#,
            r#"record o2 100: Some(OutletRecord { articles: 2, read: 2, shared: 2, first: 0, origins: [("Reuters", 1)] })"#,
            "record o9 100: None",
        ] {
            assert!(sqlite.iter().any(|l| l == line), "{line}: {sqlite:#?}");
        }
        assert!(sqlite.iter().any(|l| l == "Some(7)"), "{sqlite:#?}");
        for other in &transcripts[1..] {
            for (i, (a, b)) in sqlite.iter().zip(other).enumerate() {
                assert_eq!(a, b, "line {i} differs");
            }
            assert_eq!(sqlite.len(), other.len());
        }
    }
}
