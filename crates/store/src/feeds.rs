//! Feeds: the list the crawler follows, each with its health (last success, last error
//! and its message, failures in a row, next check) like Miniflux shows, and the items
//! each feed has shown.

use crate::db::Row;
use crate::{now_rfc3339, Result, Store};
use serde::Serialize;

/// A followed feed and its health.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct FeedRecord {
    pub id: i64,
    pub url: String,
    pub title: Option<String>,
    /// The section its articles go to (a user's setting), if any.
    pub section: Option<String>,
    pub folder: Option<String>,
    pub site_url: Option<String>,
    /// `rss`, `atom`, `json`, `sitemap` or `sitemap-index`, as last read.
    pub format: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_checked: Option<String>,
    pub last_success: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    pub error_kind: Option<String>,
    pub consecutive_failures: u32,
    pub next_check: Option<String>,
    pub interval_secs: Option<i64>,
    /// Articles stored from it.
    pub items_stored: i64,
    pub created_at: String,
}

/// A feed to add.
#[derive(Clone, Debug, Default)]
pub struct NewFeed<'a> {
    pub url: &'a str,
    pub title: Option<&'a str>,
    pub section: Option<&'a str>,
    pub folder: Option<&'a str>,
    pub site_url: Option<&'a str>,
}

/// A successful check of a feed.
#[derive(Clone, Debug, Default)]
pub struct FeedChecked<'a> {
    pub title: Option<&'a str>,
    pub site_url: Option<&'a str>,
    pub format: Option<&'a str>,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    pub next_check: &'a str,
    pub interval_secs: i64,
    pub new_articles: i64,
}

/// What the store remembers of a feed item.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedItemRecord {
    pub article_id: Option<i64>,
    pub changed: Option<String>,
}

const FEED_COLUMNS: &str = "id, url, title, section, folder, site_url, format, etag, last_modified,
    last_checked, last_success, last_error, last_error_at, error_kind, consecutive_failures, next_check,
    interval_secs, items_stored, created_at";

fn read_feed(r: &Row<'_>) -> Result<FeedRecord> {
    Ok(FeedRecord {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        section: r.get(3)?,
        folder: r.get(4)?,
        site_url: r.get(5)?,
        format: r.get(6)?,
        etag: r.get(7)?,
        last_modified: r.get(8)?,
        last_checked: r.get(9)?,
        last_success: r.get(10)?,
        last_error: r.get(11)?,
        last_error_at: r.get(12)?,
        error_kind: r.get(13)?,
        consecutive_failures: r.get(14)?,
        next_check: r.get(15)?,
        interval_secs: r.get(16)?,
        items_stored: r.get(17)?,
        created_at: r.get(18)?,
    })
}

impl Store {
    /// Adds a feed (or, when its URL is followed already, fills in what it lacked).
    /// Returns its id and whether it is new.
    pub fn add_feed(&self, f: &NewFeed<'_>) -> Result<(i64, bool)> {
        let exact: Option<i64> =
            self.db
                .query_opt("SELECT id FROM feeds WHERE url = ?1", &[&f.url], |r| {
                    r.get(0)
                })?;
        // The same feed written another way (`www.`, http or https, a trailing slash, the
        // case of its percent-encoding) is the feed already followed.
        let existing = match (exact, crate::normalize_url(f.url)) {
            (Some(id), _) => Some(id),
            (None, Some(key)) => {
                let feeds: Vec<(i64, String)> =
                    self.db.query("SELECT id, url FROM feeds", &[], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?;
                feeds
                    .into_iter()
                    .find(|(_, url)| crate::normalize_url(url).as_ref() == Some(&key))
                    .map(|(id, _)| id)
            }
            (None, None) => None,
        };
        if let Some(id) = existing {
            self.db.execute(
                "UPDATE feeds SET title = COALESCE(title, ?2), section = COALESCE(?3, section),
                    folder = COALESCE(?4, folder), site_url = COALESCE(site_url, ?5) WHERE id = ?1",
                &[&id, &f.title, &f.section, &f.folder, &f.site_url],
            )?;
            return Ok((id, false));
        }
        let id: i64 = self.db.value(
            "INSERT INTO feeds (url, title, section, folder, site_url, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            &[
                &f.url,
                &f.title,
                &f.section,
                &f.folder,
                &f.site_url,
                &now_rfc3339(),
            ],
        )?;
        Ok((id, true))
    }

    /// Follows the feed at `url` in place of feed `id`'s URL (a page whose feed was
    /// found), keeping its settings and items; its validators are for the old URL and
    /// are dropped. `false` when another feed already has that URL (nothing changes).
    pub fn move_feed(&self, id: i64, url: &str) -> Result<bool> {
        let taken: Option<i64> =
            self.db
                .query_opt("SELECT id FROM feeds WHERE url = ?1", &[&url], |r| r.get(0))?;
        if taken.is_some_and(|t| t != id) {
            return Ok(false);
        }
        self.db.execute(
            "UPDATE feeds SET url = ?2, etag = NULL, last_modified = NULL WHERE id = ?1",
            &[&id, &url],
        )?;
        Ok(true)
    }

    /// Stops following a feed (its articles stay). Whether it was followed.
    pub fn remove_feed(&self, id: i64) -> Result<bool> {
        self.db
            .execute("DELETE FROM feed_items WHERE feed_id = ?1", &[&id])?;
        self.db
            .execute("DELETE FROM article_feeds WHERE feed_id = ?1", &[&id])?;
        Ok(self.db.execute("DELETE FROM feeds WHERE id = ?1", &[&id])? > 0)
    }

    /// Every followed feed, by folder and title.
    pub fn feeds(&self) -> Result<Vec<FeedRecord>> {
        self.db.query(
            &format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY COALESCE(folder, ''), COALESCE(title, url), id"),
            &[],
            read_feed,
        )
    }

    pub fn feed(&self, id: i64) -> Result<Option<FeedRecord>> {
        self.db.query_opt(
            &format!("SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?1"),
            &[&id],
            read_feed,
        )
    }

    /// Feeds whose next check is due at `now` (RFC 3339), never-checked ones first.
    pub fn due_feeds(&self, now: &str) -> Result<Vec<FeedRecord>> {
        self.db.query(
            &format!(
                "SELECT {FEED_COLUMNS} FROM feeds WHERE next_check IS NULL OR next_check <= ?1
                 ORDER BY next_check IS NOT NULL, next_check, id"
            ),
            &[&now],
            read_feed,
        )
    }

    /// The earliest next check of any feed.
    /// Claims up to `limit` due feeds for one checker: their next check moves to
    /// `lease_until`, so that no other checker (another `rasid worker`, on this machine
    /// or another) takes them meanwhile; the check itself then sets the real next check
    /// ([`Store::feed_checked`], [`Store::feed_failed`]), and a checker that dies leaves
    /// them due again when the lease ends. In PostgreSQL, checkers claiming at once skip
    /// each other's feeds (`FOR UPDATE SKIP LOCKED`).
    pub fn claim_due_feeds(
        &self,
        now: &str,
        lease_until: &str,
        limit: usize,
    ) -> Result<Vec<FeedRecord>> {
        let skip_locked = if self.db.is_postgres() {
            "FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        self.db.query(
            &format!(
                "UPDATE feeds SET next_check = ?2 WHERE id IN (
                    SELECT id FROM feeds WHERE next_check IS NULL OR next_check <= ?1
                    ORDER BY next_check IS NOT NULL, next_check, id LIMIT ?3 {skip_locked})
                 RETURNING {FEED_COLUMNS}"
            ),
            &[&now, &lease_until, &(limit as i64)],
            read_feed,
        )
    }

    /// Takes `host`'s turn for `holder` (a name unique to the asking process), held for
    /// `hold` at most: `None` when taken, or how long until the turn may be free — the
    /// host resting after the last request (see [`Store::give_back_host_turn`]) or
    /// another process holding it. The processes that fetch for one store (`rasid
    /// worker`s on several machines, the server) so keep a host to one request at a time,
    /// spaced as one process alone spaces them. Times are the database's clock, the one
    /// clock every machine shares.
    pub fn take_host_turn(
        &self,
        host: &str,
        holder: &str,
        hold: std::time::Duration,
    ) -> Result<Option<std::time::Duration>> {
        let now = self.now_ms_sql();
        let hold = hold.as_millis() as i64;
        let taken = self.db.execute(
            &format!(
                "UPDATE host_turns SET held_until = {now} + ?2, holder = ?3
                 WHERE host = ?1 AND free_at <= {now} AND held_until <= {now}"
            ),
            &[&host, &hold, &holder],
        )?;
        if taken == 1 {
            return Ok(None);
        }
        let wait: Option<i64> = self.db.query_opt(
            &format!(
                "SELECT CASE WHEN free_at > held_until THEN free_at ELSE held_until END - {now}
                 FROM host_turns WHERE host = ?1"
            ),
            &[&host],
            |r| r.get(0),
        )?;
        if let Some(ms) = wait {
            return Ok(Some(std::time::Duration::from_millis(ms.max(1) as u64)));
        }
        // A host not asked before.
        let taken = self.db.execute(
            &format!(
                "INSERT INTO host_turns (host, free_at, held_until, holder)
                 VALUES (?1, 0, {now} + ?2, ?3) ON CONFLICT (host) DO NOTHING"
            ),
            &[&host, &hold, &holder],
        )?;
        Ok((taken != 1).then_some(std::time::Duration::from_millis(1)))
    }

    /// Gives `host`'s turn back (if `holder` still holds it): no process takes it for
    /// `rest` from now.
    pub fn give_back_host_turn(
        &self,
        host: &str,
        holder: &str,
        rest: std::time::Duration,
    ) -> Result<()> {
        let now = self.now_ms_sql();
        self.db.execute(
            &format!(
                "UPDATE host_turns SET held_until = 0, free_at = {now} + ?2
                 WHERE host = ?1 AND holder = ?3"
            ),
            &[&host, &(rest.as_millis() as i64), &holder],
        )?;
        Ok(())
    }

    /// The database's clock in milliseconds since 1970, as SQL.
    fn now_ms_sql(&self) -> &'static str {
        if self.db.is_postgres() {
            "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
        } else {
            "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
        }
    }

    pub fn next_feed_check(&self) -> Result<Option<String>> {
        self.db.value("SELECT MIN(next_check) FROM feeds", &[])
    }

    /// Records a successful check.
    pub fn feed_checked(&self, id: i64, at: &str, c: &FeedChecked<'_>) -> Result<()> {
        self.db.execute(
            "UPDATE feeds SET last_checked = ?2, last_success = ?2, consecutive_failures = 0,
                title = COALESCE(title, ?3), site_url = COALESCE(site_url, ?4), format = COALESCE(?5, format),
                etag = ?6, last_modified = ?7, next_check = ?8, interval_secs = ?9,
                items_stored = items_stored + ?10
             WHERE id = ?1",
            &[
                &id,
                &at,
                &c.title,
                &c.site_url,
                &c.format,
                &c.etag,
                &c.last_modified,
                &c.next_check,
                &c.interval_secs,
                &c.new_articles,
            ],
        )?;
        Ok(())
    }

    /// Records a failed check: its kind and message, one more failure in a row.
    pub fn feed_failed(
        &self,
        id: i64,
        at: &str,
        kind: &str,
        message: &str,
        next_check: &str,
    ) -> Result<()> {
        self.db.execute(
            "UPDATE feeds SET last_checked = ?2, last_error_at = ?2, error_kind = ?3, last_error = ?4,
                consecutive_failures = consecutive_failures + 1, next_check = ?5
             WHERE id = ?1",
            &[&id, &at, &kind, &message, &next_check],
        )?;
        Ok(())
    }

    /// What the store remembers of an item of a feed.
    pub fn feed_item(&self, feed_id: i64, guid: &str) -> Result<Option<FeedItemRecord>> {
        self.db.query_opt(
            "SELECT article_id, changed FROM feed_items WHERE feed_id = ?1 AND guid = ?2",
            &[&feed_id, &guid],
            |r| {
                Ok(FeedItemRecord {
                    article_id: r.get(0)?,
                    changed: r.get(1)?,
                })
            },
        )
    }

    /// Remembers an item of a feed (and links its article to the feed).
    pub fn save_feed_item(
        &self,
        feed_id: i64,
        guid: &str,
        url: Option<&str>,
        article_id: Option<i64>,
        changed: Option<&str>,
        published: Option<&str>,
    ) -> Result<()> {
        self.db.execute(
            "INSERT INTO feed_items (feed_id, guid, url, article_id, changed, published, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(feed_id, guid) DO UPDATE SET url = excluded.url,
                article_id = COALESCE(excluded.article_id, feed_items.article_id),
                changed = excluded.changed,
                published = COALESCE(excluded.published, feed_items.published)",
            &[
                &feed_id,
                &guid,
                &url,
                &article_id,
                &changed,
                &published,
                &now_rfc3339(),
            ],
        )?;
        if let Some(a) = article_id {
            self.db.execute(
                "INSERT INTO article_feeds (article_id, feed_id, guid) VALUES (?1, ?2, ?3)
                 ON CONFLICT(article_id, feed_id) DO NOTHING",
                &[&a, &feed_id, &guid],
            )?;
        }
        Ok(())
    }

    /// Publication times of a feed's items since `since` (RFC 3339): what its schedule
    /// is computed from.
    pub fn feed_item_times(&self, feed_id: i64, since: &str) -> Result<Vec<String>> {
        self.db.query(
            "SELECT COALESCE(published, seen_at) FROM feed_items
             WHERE feed_id = ?1 AND COALESCE(published, seen_at) >= ?2",
            &[&feed_id, &since],
            |r| r.get(0),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::*;

    #[test]
    fn feeds_keep_their_health_and_items() {
        for (store, _dir) in crate::tests::stores() {
            let (id, new) = store
                .add_feed(&NewFeed {
                    url: "https://news.example/rss.xml",
                    title: Some("مثال"),
                    folder: Some("عربي"),
                    ..Default::default()
                })
                .unwrap();
            assert!(new);
            let (again, new) = store
                .add_feed(&NewFeed {
                    url: "https://news.example/rss.xml",
                    section: Some("politics"),
                    ..Default::default()
                })
                .unwrap();
            assert_eq!((again, new), (id, false));
            // The same feed written another way.
            for other in [
                "http://www.news.example/rss.xml/",
                "HTTPS://NEWS.example/rss.xml#top",
            ] {
                let (same, new) = store
                    .add_feed(&NewFeed {
                        url: other,
                        ..Default::default()
                    })
                    .unwrap();
                assert_eq!((same, new), (id, false), "{other}");
            }
            assert_eq!(store.due_feeds("2024-09-05T10:00:00Z").unwrap().len(), 1);
            // Claimed by one checker, it is no other's until the lease ends.
            let claim = |at: &str, until: &str| {
                store
                    .claim_due_feeds(at, until, 10)
                    .unwrap()
                    .iter()
                    .map(|f| (f.id, f.next_check.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                claim("2024-09-05T10:00:00Z", "2024-09-05T10:15:00Z"),
                [(id, Some("2024-09-05T10:15:00Z".to_owned()))]
            );
            assert!(claim("2024-09-05T10:01:00Z", "2024-09-05T10:16:00Z").is_empty());
            assert_eq!(
                claim("2024-09-05T10:15:00Z", "2024-09-05T10:00:00Z").len(),
                1
            );
            store
                .feed_failed(
                    id,
                    "2024-09-05T10:00:00Z",
                    "status",
                    "the server answered 500",
                    "2024-09-05T10:10:00Z",
                )
                .unwrap();
            let f = store.feed(id).unwrap().unwrap();
            assert_eq!(f.consecutive_failures, 1);
            assert_eq!(f.last_error.as_deref(), Some("the server answered 500"));
            assert_eq!(f.section.as_deref(), Some("politics"));
            assert_eq!(f.folder.as_deref(), Some("عربي"));
            assert!(store.due_feeds("2024-09-05T10:05:00Z").unwrap().is_empty());
            store
                .feed_checked(
                    id,
                    "2024-09-05T10:10:00Z",
                    &FeedChecked {
                        etag: Some("\"v1\""),
                        next_check: "2024-09-05T11:10:00Z",
                        interval_secs: 3600,
                        new_articles: 2,
                        ..Default::default()
                    },
                )
                .unwrap();
            let f = store.feed(id).unwrap().unwrap();
            assert_eq!(f.consecutive_failures, 0);
            assert_eq!(f.items_stored, 2);
            assert_eq!(f.etag.as_deref(), Some("\"v1\""));
            assert_eq!(
                store.next_feed_check().unwrap().as_deref(),
                Some("2024-09-05T11:10:00Z")
            );
            store
                .save_feed_item(
                    id,
                    "g-1",
                    Some("https://news.example/1"),
                    None,
                    Some("2024-09-05T09:00:00Z"),
                    Some("2024-09-05T09:00:00Z"),
                )
                .unwrap();
            assert_eq!(
                store.feed_item(id, "g-1").unwrap(),
                Some(FeedItemRecord {
                    article_id: None,
                    changed: Some("2024-09-05T09:00:00Z".into())
                })
            );
            assert_eq!(
                store
                    .feed_item_times(id, "2024-09-01T00:00:00Z")
                    .unwrap()
                    .len(),
                1
            );
            assert!(store.remove_feed(id).unwrap());
            assert!(store.feeds().unwrap().is_empty());
        }
    }
}
