//! One connection to the store's database, SQLite or PostgreSQL, behind one small API:
//! statements with numbered parameters (`?1`, `?2` …: SQLite's form, rewritten to `$1`
//! for PostgreSQL), rows read by column index, explicit transactions. The store's SQL
//! is written once in the subset both understand; the few places where they differ
//! (time and JSON functions, the schema) ask [`Db::is_postgres`].
//!
//! PostgreSQL gets two functions SQLite has built in, `unixepoch(text)` and
//! `strftime(format, seconds, 'unixepoch')` for the one format the store uses, so that
//! the queries on stored RFC 3339 times read the same on both (see `PG_MIGRATIONS`).

use crate::{Result, StoreError};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// A value bound to a statement: anything both drivers can write.
pub(crate) trait Param: Sync {
    fn sqlite(&self) -> &dyn rusqlite::ToSql;
    fn pg(&self) -> &(dyn postgres::types::ToSql + Sync);
}

impl<T: rusqlite::ToSql + postgres::types::ToSql + Sync> Param for T {
    fn sqlite(&self) -> &dyn rusqlite::ToSql {
        self
    }
    fn pg(&self) -> &(dyn postgres::types::ToSql + Sync) {
        self
    }
}

/// A value read from a row. PostgreSQL's types are strict where SQLite's are not (a
/// count is `bigint`, a length `integer`, a comparison `boolean`): integers read from
/// any width, and a boolean from an integer too.
pub(crate) trait Get: Sized {
    fn sqlite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self>;
    fn pg(r: &postgres::Row, i: usize) -> Result<Self>;
}

fn pg_int(r: &postgres::Row, i: usize) -> std::result::Result<Option<i64>, postgres::Error> {
    match r.try_get::<_, Option<i64>>(i) {
        Ok(v) => Ok(v),
        Err(e) => match r.try_get::<_, Option<i32>>(i) {
            Ok(v) => Ok(v.map(i64::from)),
            Err(_) => match r.try_get::<_, Option<i16>>(i) {
                Ok(v) => Ok(v.map(i64::from)),
                Err(_) => match r.try_get::<_, Option<bool>>(i) {
                    Ok(v) => Ok(v.map(i64::from)),
                    Err(_) => Err(e),
                },
            },
        },
    }
}

fn pg_float(r: &postgres::Row, i: usize) -> std::result::Result<Option<f64>, postgres::Error> {
    match r.try_get::<_, Option<f64>>(i) {
        Ok(v) => Ok(v),
        Err(e) => match r.try_get::<_, Option<f32>>(i) {
            Ok(v) => Ok(v.map(f64::from)),
            Err(_) => Err(e),
        },
    }
}

/// A NULL where the column must have a value.
fn pg_required<T>(r: &postgres::Row, i: usize, v: Option<T>) -> Result<T> {
    v.ok_or_else(|| {
        let column = r.columns().get(i).map_or("?", |c| c.name());
        StoreError::Value(format!(
            "column {column} is NULL where a value was expected"
        ))
    })
}

macro_rules! get_int {
    ($($t:ty),*) => {$(
        impl Get for $t {
            fn sqlite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
                r.get(i)
            }
            fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
                let v = pg_int(r, i)?;
                pg_required(r, i, v).map(|v| v as $t)
            }
        }
        impl Get for Option<$t> {
            fn sqlite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
                r.get(i)
            }
            fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
                Ok(pg_int(r, i)?.map(|v| v as $t))
            }
        }
    )*};
}
get_int!(i64, u32);

impl Get for bool {
    fn sqlite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        r.get(i)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
        let v = pg_int(r, i)?;
        pg_required(r, i, v).map(|v| v != 0)
    }
}

impl Get for Option<f32> {
    fn sqlite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        r.get(i)
    }
    fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
        Ok(pg_float(r, i)?.map(|v| v as f32))
    }
}

macro_rules! get_plain {
    ($($t:ty),*) => {$(
        impl Get for $t {
            fn sqlite(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
                r.get(i)
            }
            fn pg(r: &postgres::Row, i: usize) -> Result<Self> {
                Ok(r.try_get(i)?)
            }
        }
    )*};
}
get_plain!(String, Option<String>, Vec<u8>, Option<Vec<u8>>);

/// A row of a result.
pub(crate) enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

impl Row<'_> {
    pub fn get<T: Get>(&self, i: usize) -> Result<T> {
        match self {
            Row::Sqlite(r) => Ok(T::sqlite(r, i)?),
            Row::Pg(r) => T::pg(r, i),
        }
    }
}

/// A PostgreSQL connection and the statements it has prepared.
///
/// A connection the server closed (a restart of PostgreSQL, a failover, an idle timeout,
/// a network cut) is opened again at the next call — the call that finds it closed is
/// run again on the new connection unless it was inside a transaction, which is lost
/// with the connection and fails — and the session locks it held are taken again.
pub(crate) struct Pg {
    /// Always `Some` but while being dropped (see `Drop for Pg`).
    client: Option<postgres::Client>,
    statements: FxHashMap<String, postgres::Statement>,
    /// How to connect again.
    config: postgres::Config,
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
    /// Inside a transaction (between `BEGIN` and its end).
    in_tx: bool,
    /// The session-level advisory locks this connection holds (see [`Db::try_session_lock`]).
    locks: Vec<i64>,
}

/// Whether `e` says the connection is gone: closed, or ended by the server (a FATAL
/// error: the server shutting down or restarting, the session terminated).
fn gone(e: &postgres::Error, client: &postgres::Client) -> bool {
    client.is_closed()
        || e.is_closed()
        || e.as_db_error().and_then(|d| d.parsed_severity())
            == Some(postgres::error::Severity::Fatal)
}

/// Closes a connection where that may block (the client closes it with a runtime of its
/// own, which cannot start on a thread running async tasks: see [`blocking`]).
fn close(client: Option<postgres::Client>) {
    if let Some(c) = client {
        blocking(move || drop(c));
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        // The session locks are given back before the connection closes: the server
        // releases them only once it has noticed the close, and another process taking
        // over (a following server, the next writer) would find them held meanwhile.
        if let Some(c) = self
            .client
            .as_mut()
            .filter(|c| !self.locks.is_empty() && !c.is_closed())
        {
            let _ = blocking(|| c.batch_execute("SELECT pg_advisory_unlock_all()"));
        }
        close(self.client.take());
    }
}

impl Pg {
    fn connect(
        config: &postgres::Config,
        tls: Option<&tokio_postgres_rustls::MakeRustlsConnect>,
    ) -> Result<postgres::Client> {
        Ok(blocking(|| -> std::result::Result<_, postgres::Error> {
            let mut client = match tls {
                Some(tls) => config.connect(tls.clone())?,
                None => config.connect(postgres::NoTls)?,
            };
            client.batch_execute("SET TIME ZONE 'UTC'; SET client_min_messages = warning")?;
            Ok(client)
        })?)
    }

    fn client(&mut self) -> &mut postgres::Client {
        self.client.as_mut().expect("an open connection")
    }

    /// Whether the connection is gone and may be opened again (not inside a transaction).
    fn lost(&self) -> bool {
        self.client.as_ref().is_none_or(|c| c.is_closed()) && !self.in_tx
    }

    /// Opens the connection again, with the session locks the old one held; a lock
    /// another process took meanwhile is lost, and that is the error.
    fn reconnect(&mut self) -> Result<()> {
        let old = self
            .client
            .replace(Self::connect(&self.config, self.tls.as_ref())?);
        close(old);
        self.statements.clear();
        let held = std::mem::take(&mut self.locks);
        let mut lost = Vec::new();
        for key in held {
            let client = self.client();
            let got = blocking(|| client.query_one("SELECT pg_try_advisory_lock($1)", &[&key]))?;
            if got.get::<_, bool>(0) {
                self.locks.push(key);
            } else {
                lost.push(key);
            }
        }
        if lost.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Busy(
                "the connection to the PostgreSQL store was lost, and another rasid process \
                 writes the store since"
                    .to_owned(),
            ))
        }
    }
}

/// How many statements a PostgreSQL connection keeps prepared (the store's are fewer;
/// the bound keeps a caller that builds statements from changing parts in check).
const PG_STATEMENTS: usize = 256;

pub(crate) enum Db {
    Sqlite(rusqlite::Connection),
    Pg(Box<RefCell<Pg>>),
}

/// `url` without its query parameter `name`, and that parameter's value.
pub(crate) fn take_param(url: &str, name: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut value = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| match p.split_once('=') {
            Some((k, v)) if k == name => {
                value = Some(v.to_owned());
                false
            }
            _ => true,
        })
        .collect();
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, value)
}

/// The files of a PostgreSQL connection's TLS, as libpq names them in the address.
#[derive(Default)]
struct TlsFiles {
    /// `sslrootcert`: certificates to trust besides the web's roots (a private CA's, or a
    /// self-signed server's).
    root: Option<String>,
    /// `sslcert` and `sslkey`: this client's certificate and key, for a server that asks
    /// for one (`cert` authentication in pg_hba.conf).
    cert: Option<String>,
    key: Option<String>,
}

/// The certificates of a PEM file (`param` names it in errors).
fn pem_certs(path: &str, param: &str) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>> {
    let bad = |e: std::io::Error| StoreError::Io(e, std::path::PathBuf::from(path));
    let pem = std::fs::read(path).map_err(bad)?;
    let certs = rustls_pemfile::certs(&mut &pem[..])
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(bad)?;
    if certs.is_empty() {
        return Err(bad(std::io::Error::other(format!(
            "{param}: no certificate in the file (PEM expected)"
        ))));
    }
    Ok(certs)
}

/// The TLS of a PostgreSQL connection: rustls, trusting the web's roots and the root
/// file's certificates, presenting the client certificate when given.
fn tls_connector(files: &TlsFiles) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &files.root {
        for cert in pem_certs(path, "sslrootcert")? {
            roots.add(cert).map_err(|e| {
                StoreError::Io(
                    std::io::Error::other(format!("sslrootcert: {e}")),
                    std::path::PathBuf::from(path),
                )
            })?;
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Unsupported(format!("TLS: {e}")))?
        .with_root_certificates(roots);
    let config = match (&files.cert, &files.key) {
        (None, None) => builder.with_no_client_auth(),
        (Some(cert), Some(key)) => {
            let certs = pem_certs(cert, "sslcert")?;
            let bad = |e: std::io::Error| StoreError::Io(e, std::path::PathBuf::from(key));
            let pem = std::fs::read(key).map_err(bad)?;
            let key_der = rustls_pemfile::private_key(&mut &pem[..])
                .map_err(bad)?
                .ok_or_else(|| {
                    bad(std::io::Error::other(
                        "sslkey: no private key in the file (PEM expected)",
                    ))
                })?;
            builder
                .with_client_auth_cert(certs, key_der)
                .map_err(|e| bad(std::io::Error::other(format!("sslcert/sslkey: {e}"))))?
        }
        _ => {
            return Err(StoreError::Unsupported(
                "a client certificate needs both sslcert= and sslkey= in the store's address"
                    .to_owned(),
            ))
        }
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Runs `f`, a call of the synchronous PostgreSQL client, where it may block. The client
/// drives a runtime of its own, which cannot start on a thread that is running async
/// tasks (the server's handlers, the crawler): there the call leaves the runtime for its
/// duration (`block_in_place`), or, on a single-threaded runtime, runs on a thread of
/// its own.
fn blocking<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Err(_) => f(),
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        Ok(_) => std::thread::scope(|s| s.spawn(f).join().expect("a PostgreSQL call panicked")),
    }
}

/// `?N` → `$N`, and a bare `?` → the next number (SQL text only: the store never writes a
/// question mark inside a string literal).
fn pg_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '?' {
            out.push(c);
            continue;
        }
        out.push('$');
        if chars.peek().is_some_and(char::is_ascii_digit) {
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                out.push(d);
            }
        } else {
            next += 1;
            out.push_str(&next.to_string());
        }
    }
    out
}

impl Db {
    /// Connects to the PostgreSQL database at `url` (`postgres://user:password@host/db`),
    /// its session in UTC (times without an offset read as UTC, as in SQLite). With
    /// `sslmode=require` (or libpq's `verify-ca`, `verify-full`, which it is here) the
    /// connection is TLS (rustls), the server's certificate checked
    /// against the web's roots and the CA certificates of the PEM file `sslrootcert=`
    /// names, and this client's certificate presented when `sslcert=` and `sslkey=` name
    /// it; otherwise it is not encrypted.
    pub fn connect_pg(url: &str) -> Result<Db> {
        let (url, root) = take_param(url, "sslrootcert");
        let (url, cert) = take_param(&url, "sslcert");
        let (url, key) = take_param(&url, "sslkey");
        let files = TlsFiles { root, cert, key };
        // libpq's verify-ca and verify-full are what rustls always does (the chain and
        // the host name checked): read as require, which the driver knows.
        let (bare, mode) = take_param(&url, "sslmode");
        let url = match mode.as_deref() {
            Some("verify-ca" | "verify-full") => {
                format!(
                    "{bare}{}sslmode=require",
                    if bare.contains('?') { '&' } else { '?' }
                )
            }
            _ => url,
        };
        let config: postgres::Config = url.parse()?;
        let tls = match config.get_ssl_mode() {
            postgres::config::SslMode::Require => Some(tls_connector(&files)?),
            // libpq's default, prefer, is TLS when the server has it: here when the address
            // names a certificate file (Debian's default servers have a self-signed
            // certificate, which no one has said to trust).
            postgres::config::SslMode::Prefer
                if files.root.is_some() || files.cert.is_some() || files.key.is_some() =>
            {
                Some(tls_connector(&files)?)
            }
            _ => None,
        };
        let client = Pg::connect(&config, tls.as_ref())?;
        Ok(Db::Pg(Box::new(RefCell::new(Pg {
            client: Some(client),
            statements: FxHashMap::default(),
            config,
            tls,
            in_tx: false,
            locks: Vec::new(),
        }))))
    }

    /// Takes the session-level advisory lock `key` if no other session holds it (held
    /// until the connection closes, and taken again with a new one; see [`Pg`]).
    /// SQLite: always true.
    pub fn try_session_lock(&self, key: i64) -> Result<bool> {
        let Db::Pg(pg) = self else {
            return Ok(true);
        };
        if pg.borrow().locks.contains(&key) {
            return Ok(true);
        }
        let got: bool = self.value("SELECT pg_try_advisory_lock(?1)", &[&key])?;
        if got {
            pg.borrow_mut().locks.push(key);
        }
        Ok(got)
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::Pg(_))
    }

    /// Runs `f` on the prepared statement for `sql` (PostgreSQL).
    fn with_pg<T: Send>(
        pg: &RefCell<Pg>,
        sql: &str,
        f: impl Fn(
                &mut postgres::Client,
                &postgres::Statement,
            ) -> std::result::Result<T, postgres::Error>
            + Sync,
    ) -> Result<T> {
        let mut pg = pg.borrow_mut();
        if pg.lost() {
            pg.reconnect()?;
        }
        let mut again = true;
        loop {
            let Pg {
                client, statements, ..
            } = &mut *pg;
            let client = client.as_mut().expect("an open connection");
            let cached = statements.get(sql).cloned();
            let run = blocking(|| -> std::result::Result<_, postgres::Error> {
                let (st, made) = match cached {
                    Some(st) => (st, false),
                    None => (client.prepare(&pg_sql(sql))?, true),
                };
                let out = f(client, &st)?;
                Ok(((st, out), made))
            });
            let ((st, out), made) = match run {
                Ok(done) => done,
                // The connection was found closed: once more on a new one.
                Err(e) if again && !pg.in_tx && gone(&e, pg.client()) => {
                    again = false;
                    pg.reconnect()?;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            if made {
                if statements.len() >= PG_STATEMENTS {
                    statements.clear();
                }
                statements.insert(sql.to_owned(), st);
            }
            return Ok(out);
        }
    }

    /// Runs a statement; how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        match self {
            Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                Ok(st.execute(rusqlite::params_from_iter(
                    params.iter().map(|p| p.sqlite()),
                ))?)
            }
            Db::Pg(pg) => {
                let values: Vec<_> = params.iter().map(|p| p.pg()).collect();
                Self::with_pg(pg, sql, |c, st| c.execute(st, &values)).map(|n| n as usize)
            }
        }
    }

    /// Runs a statement of PostgreSQL's own (arrays as parameters: one statement for
    /// many rows, where each would be a round trip to the server).
    pub fn execute_pg(
        &self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<usize> {
        match self {
            Db::Pg(pg) => Self::with_pg(pg, sql, |c, st| c.execute(st, params)).map(|n| n as usize),
            Db::Sqlite(_) => Err(StoreError::Unsupported(format!(
                "a PostgreSQL statement on SQLite: {sql}"
            ))),
        }
    }

    /// Every row of a query, each read by `f`.
    pub fn query<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        match self {
            Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(
                    params.iter().map(|p| p.sqlite()),
                ))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push(f(&Row::Sqlite(r))?);
                }
                Ok(out)
            }
            Db::Pg(pg) => {
                let values: Vec<_> = params.iter().map(|p| p.pg()).collect();
                let rows = Self::with_pg(pg, sql, |c, st| c.query(st, &values))?;
                rows.iter().map(|r| f(&Row::Pg(r))).collect()
            }
        }
    }

    /// The first row of a query, if any, read by `f`.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match self {
            Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(
                    params.iter().map(|p| p.sqlite()),
                ))?;
                match rows.next()? {
                    Some(r) => Ok(Some(f(&Row::Sqlite(r))?)),
                    None => Ok(None),
                }
            }
            Db::Pg(pg) => {
                let values: Vec<_> = params.iter().map(|p| p.pg()).collect();
                let row = Self::with_pg(pg, sql, |c, st| c.query_opt(st, &values))?;
                row.map(|r| f(&Row::Pg(&r))).transpose()
            }
        }
    }

    /// The one value of a query that always returns a row (a count, a maximum).
    pub fn value<T: Get>(&self, sql: &str, params: &[&dyn Param]) -> Result<T> {
        self.query_opt(sql, params, |r| r.get(0))?
            .ok_or_else(|| StoreError::Value(format!("no row from: {sql}")))
    }

    /// Runs several statements without parameters.
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Db::Pg(pg) => {
                let mut pg = pg.borrow_mut();
                if pg.lost() {
                    pg.reconnect()?;
                }
                let client = pg.client();
                match blocking(|| client.batch_execute(sql)) {
                    // Found closed: once more on a new connection.
                    Err(e) if !pg.in_tx && gone(&e, pg.client()) => {
                        pg.reconnect()?;
                        let client = pg.client();
                        Ok(blocking(|| client.batch_execute(sql))?)
                    }
                    done => Ok(done?),
                }
            }
        }
    }

    /// Marks a PostgreSQL connection inside a transaction or out of it.
    fn set_in_tx(&self, in_tx: bool) {
        if let Db::Pg(pg) = self {
            pg.borrow_mut().in_tx = in_tx;
        }
    }

    /// Begins a transaction, rolled back unless [`Tx::commit`] is called. `write`: take
    /// the write lock at once (SQLite's `BEGIN IMMEDIATE`: a transaction that reads
    /// before it writes must not find another writer between).
    pub fn transaction(&self, write: bool) -> Result<Tx<'_>> {
        self.batch(if write && !self.is_postgres() {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN"
        })?;
        self.set_in_tx(true);
        Ok(Tx {
            db: self,
            done: false,
        })
    }
}

/// An open transaction.
pub(crate) struct Tx<'a> {
    db: &'a Db,
    done: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        let done = self.db.batch("COMMIT");
        self.db.set_in_tx(false);
        done
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.db.batch("ROLLBACK");
            self.db.set_in_tx(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pg_sql;

    #[test]
    fn placeholders_become_postgres_ones() {
        assert_eq!(
            pg_sql("SELECT a FROM t WHERE id = ?1 AND (?2 IS NULL OR x < ?12)"),
            "SELECT a FROM t WHERE id = $1 AND ($2 IS NULL OR x < $12)"
        );
        assert_eq!(pg_sql("id IN (?,?,?)"), "id IN ($1,$2,$3)");
    }
}
