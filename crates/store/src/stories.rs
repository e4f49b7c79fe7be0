//! Stories in the store: membership written by the link stage, provenance derived from
//! the members (first publisher, outlets, origin agency, representative title), and the
//! link stage's saved state.

use crate::db::{Db, Row};
use crate::{OutletRecord, Result, Store, StoreError};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// One article's story, as the link stage decided it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoryLink {
    pub article: i64,
    pub story: i64,
    /// The article starts the story.
    pub new: bool,
    /// The story's most central member after this link.
    pub representative: i64,
}

/// A member of a story, as listed.
/// What the link stage reads of an article: its time (publication, else fetch, else
/// ingest; seconds), title, lead and the start of its body (24,000 characters: the
/// linker reads no further).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkText {
    pub id: i64,
    pub time: i64,
    pub title: String,
    pub lead: String,
    pub body: String,
}

const SELECT_LINK_TEXT: &str = "SELECT a.id,
        COALESCE(unixepoch(a.published), unixepoch(a.fetched_at), unixepoch(a.ingested_at), 0),
        COALESCE(a.title, ''), COALESCE(a.lead, ''), substr(a.body, 1, 24000)";

fn read_link_text(r: &Row<'_>) -> Result<LinkText> {
    Ok(LinkText {
        id: r.get(0)?,
        time: r.get(1)?,
        title: r.get(2)?,
        lead: r.get(3)?,
        body: r.get(4)?,
    })
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StoryMember {
    pub id: i64,
    pub external_id: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
}

/// A member from a row whose first columns are a.id, a.external_id, a.url, o.key,
/// a.title, a.published.
fn member(r: &Row<'_>) -> Result<StoryMember> {
    Ok(StoryMember {
        id: r.get(0)?,
        external_id: r.get(1)?,
        url: r.get(2)?,
        source: r.get(3)?,
        title: r.get(4)?,
        published: r.get(5)?,
    })
}

/// A story with its provenance.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StoryRecord {
    pub id: i64,
    /// The representative (most central) member's title.
    pub title: Option<String>,
    /// That member's id (not part of the JSON: its title is).
    #[serde(skip)]
    pub representative: Option<i64>,
    /// UTC, RFC 3339.
    pub first_published: Option<String>,
    pub first_outlet: Option<String>,
    /// The agency most members credit (Reuters, AFP …), if any.
    pub origin: Option<String>,
    /// Every outlet, in the order of its first article.
    pub outlets: Vec<String>,
    /// Members, earliest first.
    pub articles: Vec<StoryMember>,
}

/// Where a page of stories ended: its last story's latest time and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryCursor {
    pub last_seen: String,
    pub id: i64,
}

impl StoryCursor {
    /// As an opaque, URL-safe token.
    pub fn encode(&self) -> String {
        let hex: String = self.last_seen.bytes().map(|b| format!("{b:02x}")).collect();
        format!("{}.{hex}", self.id)
    }

    /// A token made by [`StoryCursor::encode`].
    pub fn decode(token: &str) -> Option<StoryCursor> {
        let (id, hex) = token.split_once('.')?;
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        Some(StoryCursor {
            id: id.parse().ok()?,
            last_seen: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

/// SQL for a UTC RFC 3339 time from stored (offset-carrying) RFC 3339 strings.
const UTC: &str = "'%Y-%m-%dT%H:%M:%SZ'";

/// SQL for the agency most members of story `story` (an SQL expression) credit, ties to
/// the earliest.
fn origin_sql(pg: bool, story: &str) -> String {
    if pg {
        format!(
            "(SELECT j.value->>'agency' FROM articles a
                 JOIN story_articles s ON s.article_id = a.id,
                 jsonb_array_elements(a.attributions::jsonb) j(value)
             WHERE s.story_id = {story} AND j.value->>'agency' IS NOT NULL
             GROUP BY 1 ORDER BY COUNT(DISTINCT a.id) DESC, MIN(unixepoch(a.published)) LIMIT 1)"
        )
    } else {
        format!(
            "(SELECT json_extract(j.value, '$.agency') AS agency FROM articles a
                 JOIN story_articles s ON s.article_id = a.id, json_each(a.attributions) j
             WHERE s.story_id = {story} AND agency IS NOT NULL
             GROUP BY agency ORDER BY COUNT(DISTINCT a.id) DESC, MIN(unixepoch(a.published)) LIMIT 1)"
        )
    }
}

/// SQL for the first agency article `a` credits.
fn first_agency_sql(pg: bool) -> &'static str {
    if pg {
        "(SELECT j.value->>'agency' FROM jsonb_array_elements(a.attributions::jsonb) j(value)
          WHERE j.value->>'agency' IS NOT NULL LIMIT 1)"
    } else {
        "(SELECT json_extract(j.value, '$.agency') FROM json_each(a.attributions) j
          WHERE json_extract(j.value, '$.agency') IS NOT NULL LIMIT 1)"
    }
}

/// SQL that recomputes story `?1`'s provenance from its members, with `?2` as its
/// representative.
fn refresh_story_sql(pg: bool) -> String {
    format!(
        "UPDATE stories SET
                   representative_id = ?2,
                   title = (SELECT title FROM articles WHERE id = ?2),
                   size = (SELECT COUNT(*) FROM story_articles WHERE story_id = ?1),
                   first_published = (SELECT strftime({UTC}, MIN(unixepoch(a.published)), 'unixepoch')
                       FROM articles a JOIN story_articles s ON s.article_id = a.id WHERE s.story_id = ?1),
                   last_seen = (SELECT strftime({UTC}, MAX(unixepoch(a.published)), 'unixepoch')
                       FROM articles a JOIN story_articles s ON s.article_id = a.id WHERE s.story_id = ?1),
                   first_outlet_id = (SELECT a.outlet_id FROM articles a
                       JOIN story_articles s ON s.article_id = a.id WHERE s.story_id = ?1
                       ORDER BY unixepoch(a.published) IS NULL, unixepoch(a.published),
                                unixepoch(a.fetched_at), a.id LIMIT 1),
                   origin = {}
                 WHERE id = ?1",
        origin_sql(pg, "?1")
    )
}

/// A story id made known (its provenance comes after).
const NEW_STORY: &str =
    "INSERT INTO stories (id, created_at) VALUES (?1, ?2) ON CONFLICT(id) DO NOTHING";

/// An article made a member of a story (leaving any other).
const MEMBER: &str = "INSERT INTO story_articles (story_id, article_id) VALUES (?1, ?2)
     ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id";

impl Store {
    /// Records story membership for a batch of linked articles (one transaction) and
    /// refreshes the provenance of the stories it touched.
    pub fn link_articles(&mut self, links: &[StoryLink]) -> Result<()> {
        let now = crate::now_rfc3339();
        let pg = self.db.is_postgres();
        // A story's first article is its provenance (no member queries): story `story`
        // (SQL) from article `a` of `from`.
        let single = |story: &str, from: &str| {
            format!(
                "INSERT INTO stories (id, created_at, representative_id, title, size,
                    first_published, last_seen, first_outlet_id, origin)
                 SELECT {story}, CAST(?2 AS TEXT), a.id, a.title, 1,
                    strftime({UTC}, unixepoch(a.published), 'unixepoch'),
                    strftime({UTC}, unixepoch(a.published), 'unixepoch'), a.outlet_id,
                    {}
                 FROM {from}
                 ON CONFLICT(id) DO NOTHING",
                first_agency_sql(pg)
            )
        };
        let refresh = refresh_story_sql(pg);
        let tx = self.db.transaction(false)?;
        if pg {
            // Three statements over arrays instead of two or three per link: each is a
            // round trip to the server.
            let (mut new, mut joined) = (Vec::new(), Vec::new());
            for l in links {
                if l.new {
                    new.push((l.story, l.article));
                } else {
                    joined.push(l.story);
                }
            }
            let (new_stories, firsts): (Vec<i64>, Vec<i64>) = new.into_iter().unzip();
            tx.execute_pg(
                &single(
                    "u.story",
                    "unnest(CAST(?1 AS BIGINT[]), CAST(?3 AS BIGINT[])) AS u(story, article)
                     JOIN articles a ON a.id = u.article",
                ),
                &[&new_stories, &now, &firsts],
            )?;
            tx.execute_pg(
                "INSERT INTO stories (id, created_at) SELECT unnest(CAST(?1 AS BIGINT[])), CAST(?2 AS TEXT)
                 ON CONFLICT(id) DO NOTHING",
                &[&joined, &now],
            )?;
            // The last link of an article wins, as when they are written one by one.
            let mut members: Vec<(i64, i64)> = Vec::with_capacity(links.len());
            let mut seen = rustc_hash::FxHashSet::default();
            for l in links.iter().rev() {
                if seen.insert(l.article) {
                    members.push((l.story, l.article));
                }
            }
            let (stories, articles): (Vec<i64>, Vec<i64>) = members.into_iter().unzip();
            tx.execute_pg(
                "INSERT INTO story_articles (story_id, article_id)
                 SELECT * FROM unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS BIGINT[]))
                 ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
                &[&stories, &articles],
            )?;
        } else {
            let single = single("CAST(?1 AS BIGINT)", "articles a WHERE a.id = ?3");
            for l in links {
                if l.new {
                    tx.execute(&single, &[&l.story, &now, &l.article])?;
                } else {
                    tx.execute(NEW_STORY, &[&l.story, &now])?;
                }
                tx.execute(MEMBER, &[&l.story, &l.article])?;
            }
        }
        // Each touched story once, with its latest representative.
        let mut latest: Vec<(i64, i64)> = Vec::new();
        for l in links.iter().rev().filter(|l| !l.new) {
            if !latest.iter().any(|(s, _)| *s == l.story) {
                latest.push((l.story, l.representative));
            }
        }
        for (story, representative) in latest {
            tx.execute(&refresh, &[&story, &representative])?;
        }
        tx.commit()
    }

    /// Moves articles to other stories (the link stage settling its recent window), in one
    /// transaction: each story that gains or loses members has its provenance
    /// recomputed (one that loses its representative takes its earliest remaining
    /// member), and a story left without members is deleted, its id recorded as moved
    /// with one of its articles so that [`Store::story`] answers it with that article's
    /// story. `representative` is the gaining story's most central member.
    pub fn move_articles(&mut self, moves: &[StoryLink]) -> Result<()> {
        if moves.is_empty() {
            return Ok(());
        }
        let now = crate::now_rfc3339();
        let refresh = refresh_story_sql(self.db.is_postgres());
        let tx = self.db.transaction(false)?;
        // (story, representative if it gained, an article it lost).
        let mut touched: Vec<(i64, Option<i64>, Option<i64>)> = Vec::new();
        for m in moves {
            let old: Option<i64> = tx.query_opt(
                "SELECT story_id FROM story_articles WHERE article_id = ?1",
                &[&m.article],
                |r| r.get(0),
            )?;
            tx.execute(NEW_STORY, &[&m.story, &now])?;
            tx.execute(MEMBER, &[&m.story, &m.article])?;
            match touched.iter_mut().find(|t| t.0 == m.story) {
                Some(t) => t.1 = Some(m.representative),
                None => touched.push((m.story, Some(m.representative), None)),
            }
            if let Some(old) = old.filter(|&o| o != m.story) {
                match touched.iter_mut().find(|t| t.0 == old) {
                    Some(t) => t.2 = t.2.or(Some(m.article)),
                    None => touched.push((old, None, Some(m.article))),
                }
            }
        }
        for (id, gained, lost) in touched {
            let members: i64 = tx.value(
                "SELECT COUNT(*) FROM story_articles WHERE story_id = ?1",
                &[&id],
            )?;
            if members == 0 {
                if let Some(article) = lost {
                    tx.execute(
                        "INSERT INTO story_moves (old_id, article_id) VALUES (?1, ?2)
                         ON CONFLICT(old_id) DO UPDATE SET article_id = excluded.article_id",
                        &[&id, &article],
                    )?;
                }
                tx.execute("DELETE FROM stories WHERE id = ?1", &[&id])?;
                // Its id is never given again (see `max_story_id`).
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('story_ids_used', ?1)
                     ON CONFLICT(key) DO UPDATE SET value = CASE
                       WHEN CAST(meta.value AS BIGINT) >= CAST(excluded.value AS BIGINT)
                       THEN meta.value ELSE excluded.value END",
                    &[&id.to_string()],
                )?;
                continue;
            }
            let representative: i64 = match gained {
                Some(r) => r,
                None => tx.value(
                    "SELECT COALESCE(
                        (SELECT s.representative_id FROM stories s JOIN story_articles m
                           ON m.article_id = s.representative_id AND m.story_id = s.id
                         WHERE s.id = ?1),
                        (SELECT m.article_id FROM story_articles m JOIN articles a ON a.id = m.article_id
                         WHERE m.story_id = ?1
                         ORDER BY unixepoch(a.published) IS NULL, unixepoch(a.published), a.id
                         LIMIT 1))",
                    &[&id],
                )?,
            };
            tx.execute(&refresh, &[&id, &representative])?;
        }
        tx.commit()
    }

    /// Recomputes every story's origin agency from its members' attributions (after they
    /// changed: `rasid reindex --enrich`). Returns how many stories name one.
    pub fn refresh_origins(&mut self) -> Result<usize> {
        let sql = format!(
            "UPDATE stories SET origin = {}",
            origin_sql(self.db.is_postgres(), "stories.id")
        );
        let tx = self.db.transaction(false)?;
        tx.execute(&sql, &[])?;
        let n: i64 = tx.value("SELECT COUNT(*) FROM stories WHERE origin IS NOT NULL", &[])?;
        tx.commit()?;
        Ok(n as usize)
    }

    /// The highest story id ever given (0 when there is none): stories forgotten by
    /// [`Store::unlink_all`] count, so that a new story never takes an old one's id.
    pub fn max_story_id(&self) -> Result<i64> {
        let stored: i64 = self
            .db
            .value("SELECT COALESCE(MAX(id), 0) FROM stories", &[])?;
        let used: i64 = self.db.value(
            "SELECT COALESCE((SELECT CAST(value AS BIGINT) FROM meta
                              WHERE key = 'story_ids_used'), 0)",
            &[],
        )?;
        Ok(stored.max(used))
    }

    /// Forgets every story (memberships and provenance) and the link stage's saved state
    /// under `state_keys`, in one transaction, so that the link stage groups the whole
    /// archive again (`rasid link --again`); articles, their enrichment and the index
    /// are untouched. Story ids go on from the highest given (an old link to a story
    /// never names another), and each forgotten story's first article is kept so that
    /// [`Store::story`] answers an old id with the story that article is in now.
    /// Returns how many stories there were.
    pub fn unlink_all(&mut self, state_keys: &[&str]) -> Result<i64> {
        let max = self.max_story_id()?;
        let tx = self.db.transaction(false)?;
        let count: i64 = tx.value("SELECT COUNT(*) FROM stories", &[])?;
        crate::set_meta(&tx, "story_ids_used", &max.to_string())?;
        tx.execute(
            "INSERT INTO story_moves (old_id, article_id)
             SELECT story_id, MIN(article_id) FROM story_articles WHERE true GROUP BY story_id
             ON CONFLICT(old_id) DO UPDATE SET article_id = excluded.article_id",
            &[],
        )?;
        tx.execute("DELETE FROM story_articles", &[])?;
        tx.execute("DELETE FROM stories", &[])?;
        for key in state_keys {
            tx.execute("DELETE FROM link_state WHERE key = ?1", &[key])?;
        }
        tx.commit()?;
        Ok(count)
    }

    /// The highest article id that has a story (0 when none has).
    pub fn max_linked_article(&self) -> Result<i64> {
        self.db.value(
            "SELECT COALESCE(MAX(article_id), 0) FROM story_articles",
            &[],
        )
    }

    /// Every linked article published from `from` on (seconds since the epoch; those
    /// without a publication time are not in view), in order of publication: (id, time,
    /// story). The link stage restores its recent stories from them.
    /// (The text comparison, a day wider than asked, lets the index on `published` find
    /// them; the exact bound follows.)
    pub fn linked_ids_since(&self, from: i64) -> Result<Vec<(i64, i64, i64)>> {
        self.db.query(
            "SELECT a.id,
                    COALESCE(unixepoch(a.published), unixepoch(a.fetched_at), unixepoch(a.ingested_at), 0),
                    s.story_id
             FROM articles a JOIN story_articles s ON s.article_id = a.id
             WHERE a.published >= strftime('%Y-%m-%dT%H:%M:%SZ', CAST(?1 AS BIGINT) - 86400, 'unixepoch')
               AND unixepoch(a.published) >= ?1
             ORDER BY unixepoch(a.published), a.id",
            &[&from],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    /// Every article after id `after` without a story: (id, publication time in seconds,
    /// else fetch time, else ingest time).
    pub fn unlinked(&self, after: i64) -> Result<Vec<(i64, i64)>> {
        self.db.query(
            "SELECT a.id, COALESCE(unixepoch(a.published), unixepoch(a.fetched_at),
                    unixepoch(a.ingested_at), 0)
             FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id
             WHERE a.id > ?1 AND s.article_id IS NULL ORDER BY a.id",
            &[&after],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// What the link stage reads of the articles with these ids, in the same order
    /// (missing ids skipped).
    pub fn link_texts(&self, ids: &[i64]) -> Result<Vec<LinkText>> {
        let sql = format!("{SELECT_LINK_TEXT} FROM articles a WHERE a.id = ?1");
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            out.extend(self.db.query_opt(&sql, &[&id], read_link_text)?);
        }
        Ok(out)
    }

    /// The newest publication time in the store (seconds since the epoch), read from the
    /// index on the RFC 3339 text: exact to within the largest UTC offset (hours), which
    /// is all the link stage's restore window needs.
    pub fn latest_published(&self) -> Result<Option<i64>> {
        self.db
            .value("SELECT unixepoch(MAX(published)) FROM articles", &[])
    }

    /// How many stories there are.
    pub fn count_stories(&self) -> Result<i64> {
        self.db.value("SELECT COUNT(*) FROM stories", &[])
    }

    /// Saves a stage's state under `key` (zstd-compressed): the link stage's frequencies
    /// and watermark, the key phrases' frequencies.
    pub fn save_state(&self, key: &str, bytes: &[u8]) -> Result<()> {
        let blob =
            zstd::bulk::compress(bytes, 3).map_err(|e| StoreError::Io(e, self.path.clone()))?;
        self.db.execute(
            "INSERT INTO link_state (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            &[&key, &blob],
        )?;
        Ok(())
    }

    /// A stage's saved state.
    pub fn load_state(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let blob: Option<Vec<u8>> = self.db.query_opt(
            "SELECT value FROM link_state WHERE key = ?1",
            &[&key],
            |r| r.get(0),
        )?;
        let Some(blob) = blob else { return Ok(None) };
        let bytes = zstd::stream::decode_all(&blob[..])
            .map_err(|e| StoreError::Io(e, self.path.clone()))?;
        Ok(Some(bytes))
    }

    /// Replaces a stage's saved state with `f` of it, in one transaction that no other
    /// process's `update_state` interleaves with (several processes keep their counts in
    /// one PostgreSQL store: each adds what it counted to what the others saved).
    pub fn update_state(
        &self,
        key: &str,
        f: impl FnOnce(Option<Vec<u8>>) -> Vec<u8>,
    ) -> Result<()> {
        let tx = self.db.transaction(true)?;
        if tx.is_postgres() {
            tx.batch("SELECT pg_advisory_xact_lock(7261736967)")?;
        }
        let blob: Option<Vec<u8>> = tx.query_opt(
            "SELECT value FROM link_state WHERE key = ?1",
            &[&key],
            |r| r.get(0),
        )?;
        let io = |e| StoreError::Io(e, self.path.clone());
        let old = blob
            .map(|b| zstd::stream::decode_all(&b[..]))
            .transpose()
            .map_err(io)?;
        let blob = zstd::bulk::compress(&f(old), 3).map_err(io)?;
        tx.execute(
            "INSERT INTO link_state (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            &[&key, &blob],
        )?;
        tx.commit()
    }

    /// Saves the link stage's state (text).
    pub fn save_link_state(&self, key: &str, text: &str) -> Result<()> {
        self.save_state(key, text.as_bytes())
    }

    /// The link stage's saved state (text).
    pub fn load_link_state(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .load_state(key)?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// Stories whose latest article is at or after `since` (UTC RFC 3339; all without),
    /// newest first, at most `limit`.
    pub fn stories(&self, since: Option<&str>, limit: usize) -> Result<Vec<StoryRecord>> {
        Ok(self.stories_page(since, None, limit)?.0)
    }

    /// Like [`Store::stories`], one page at a time (keyset paging: stable while stories
    /// change): the page after `after` (the cursor a previous page returned), and the
    /// cursor of this page when another may follow.
    pub fn stories_page(
        &self,
        since: Option<&str>,
        after: Option<&StoryCursor>,
        limit: usize,
    ) -> Result<(Vec<StoryRecord>, Option<StoryCursor>)> {
        let rows: Vec<(i64, String)> = {
            self.db.query(
                "SELECT id, COALESCE(last_seen, '') FROM stories
                 WHERE (CAST(?1 AS TEXT) IS NULL OR last_seen >= ?1)
                   AND (CAST(?2 AS TEXT) IS NULL OR (COALESCE(last_seen, ''), id) < (?2, ?3))
                 ORDER BY COALESCE(last_seen, '') DESC, id DESC LIMIT ?4",
                &[
                    &since,
                    &after.map(|c| c.last_seen.as_str()),
                    &after.map(|c| c.id),
                    &(limit as i64),
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
        };
        let next = (rows.len() == limit && limit > 0)
            .then(|| {
                rows.last().map(|(id, seen)| StoryCursor {
                    last_seen: seen.clone(),
                    id: *id,
                })
            })
            .flatten();
        let mut out = Vec::with_capacity(rows.len());
        for (id, _) in rows {
            if let Some(s) = self.story(id)? {
                out.push(s);
            }
        }
        Ok((out, next))
    }

    /// One story with its members. A story forgotten when the stories were formed again
    /// ([`Store::unlink_all`]) answers as the story its first article is in now.
    pub fn story(&self, id: i64) -> Result<Option<StoryRecord>> {
        match self.story_here(id)? {
            Some(s) => Ok(Some(s)),
            None => match self.moved_story(id)? {
                Some(now) if now != id => self.story_here(now),
                _ => Ok(None),
            },
        }
    }

    /// The story that the first article of forgotten story `old` is in now.
    fn moved_story(&self, old: i64) -> Result<Option<i64>> {
        self.db.query_opt(
            "SELECT s.story_id FROM story_moves m
             JOIN story_articles s ON s.article_id = m.article_id WHERE m.old_id = ?1",
            &[&old],
            |r| r.get(0),
        )
    }

    fn story_here(&self, id: i64) -> Result<Option<StoryRecord>> {
        let head = self.db.query_opt(
            "SELECT s.title, s.first_published, o.key, s.origin, s.representative_id FROM stories s
             LEFT JOIN outlets o ON o.id = s.first_outlet_id WHERE s.id = ?1",
            &[&id],
            |r| {
                Ok((
                    r.get::<Option<String>>(0)?,
                    r.get::<Option<String>>(1)?,
                    r.get::<Option<String>>(2)?,
                    r.get::<Option<String>>(3)?,
                    r.get::<Option<i64>>(4)?,
                ))
            },
        )?;
        let Some((title, first_published, first_outlet, origin, representative)) = head else {
            return Ok(None);
        };
        let articles: Vec<StoryMember> = self.db.query(
            "SELECT a.id, a.external_id, a.url, o.key, a.title, a.published FROM story_articles s
             JOIN articles a ON a.id = s.article_id LEFT JOIN outlets o ON o.id = a.outlet_id
             WHERE s.story_id = ?1
             ORDER BY unixepoch(a.published) IS NULL, unixepoch(a.published), a.id",
            &[&id],
            member,
        )?;
        let mut outlets: Vec<String> = Vec::new();
        for a in &articles {
            if let Some(s) = &a.source {
                if !outlets.contains(s) {
                    outlets.push(s.clone());
                }
            }
        }
        Ok(Some(StoryRecord {
            id,
            title,
            representative,
            first_published,
            first_outlet,
            origin,
            outlets,
            articles,
        }))
    }

    /// The headline of each of `ids` (what a list shows: the member fields) and the story
    /// it belongs to, read without bodies. One cached primary-key look-up per id: a list
    /// of ids bound into `IN (…)` makes SQLite plan the statement again at every call.
    pub fn headlines(&self, ids: &[i64]) -> Result<FxHashMap<i64, (StoryMember, Option<i64>)>> {
        let mut out = FxHashMap::default();
        for &id in ids {
            let row = self.db.query_opt(
                "SELECT a.id, a.external_id, a.url, o.key, a.title, a.published, s.story_id
                 FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
                 LEFT JOIN story_articles s ON s.article_id = a.id WHERE a.id = ?1",
                &[&id],
                |r| Ok((member(r)?, r.get::<Option<i64>>(6)?)),
            )?;
            if let Some((m, story)) = row {
                out.insert(m.id, (m, story));
            }
        }
        Ok(out)
    }

    /// How many articles each of `stories` holds (a story that does not exist is left
    /// out). One primary-key look-up per id, as [`Store::headlines`].
    pub fn story_sizes(&self, stories: &[i64]) -> Result<FxHashMap<i64, i64>> {
        let mut out = FxHashMap::default();
        for &id in stories {
            if let Some(size) =
                self.db
                    .query_opt("SELECT size FROM stories WHERE id = ?1", &[&id], |r| {
                        r.get(0)
                    })?
            {
                out.insert(id, size);
            }
        }
        Ok(out)
    }

    /// What an outlet's stories say of it (`None` for an outlet not stored), read from the
    /// stories of its latest `latest` articles (a bound on the work: an outlet of 200,000
    /// articles would take seconds): how many of them other outlets carried too and in
    /// how many of those it published first, and the agencies they came from, most first
    /// (five at most).
    pub fn outlet_record(&self, key: &str, latest: i64) -> Result<Option<OutletRecord>> {
        let Some(outlet) =
            self.db
                .query_opt("SELECT id FROM outlets WHERE key = ?1", &[&key], |r| {
                    r.get::<i64>(0)
                })?
        else {
            return Ok(None);
        };
        // Its stories: those holding one of its latest articles.
        const ITS: &str = "SELECT sa.story_id FROM story_articles sa WHERE sa.article_id IN (
             SELECT id FROM articles WHERE outlet_id = ?1 ORDER BY published DESC NULLS LAST LIMIT ?2)";
        let articles: i64 = self.db.value(
            "SELECT COUNT(*) FROM articles WHERE outlet_id = ?1",
            &[&outlet],
        )?;
        let (shared, first): (i64, i64) = self
            .db
            .query_opt(
                &format!(
                    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.first_outlet_id = ?1 THEN 1 ELSE 0 END), 0)
                     FROM stories s WHERE s.size > 1 AND s.id IN ({ITS}) AND EXISTS (
                         SELECT 1 FROM story_articles sb JOIN articles b ON b.id = sb.article_id
                         WHERE sb.story_id = s.id AND b.outlet_id <> ?1)"
                ),
                &[&outlet, &latest],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .unwrap_or((0, 0));
        let origins: Vec<(String, i64)> = self.db.query(
            &format!(
                "SELECT s.origin, COUNT(*) FROM stories s
                 WHERE s.origin IS NOT NULL AND s.id IN ({ITS})
                 GROUP BY s.origin ORDER BY COUNT(*) DESC, s.origin LIMIT 5"
            ),
            &[&outlet, &latest],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Some(OutletRecord {
            articles,
            read: articles.min(latest),
            shared,
            first,
            origins,
        }))
    }

    /// The story an article belongs to.
    pub fn story_of(&self, article: i64) -> Result<Option<i64>> {
        self.db.query_opt(
            "SELECT story_id FROM story_articles WHERE article_id = ?1",
            &[&article],
            |r| r.get(0),
        )
    }
}

impl Store {
    /// What is wrong with the stored data, each as a line saying what and how many:
    /// SQLite's own check of the file and its references, then the stories (sizes that
    /// are not their members' count, members of stories that do not exist,
    /// representatives that are not members, stories without members). Empty: sound.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let count = |sql: &str| -> Result<i64> { self.db.value(sql, &[]) };
        // PostgreSQL checks its files and references itself.
        if let Db::Sqlite(_) = self.db {
            let rows: Vec<String> = self.db.query("PRAGMA quick_check", &[], |r| r.get(0))?;
            problems.extend(rows.into_iter().filter(|r| r != "ok").take(20).map(|r| {
                format!("the database file: {r} (restore a backup, or `sqlite3 rasid.db .recover`)")
            }));
            let references = count("SELECT COUNT(*) FROM pragma_foreign_key_check")?;
            if references > 0 {
                problems.push(format!(
                    "{references} rows refer to rows that do not exist (pragma foreign_key_check)"
                ));
            }
        }
        for (sql, what) in [
            (
                "SELECT COUNT(*) FROM stories s
                 WHERE size != (SELECT COUNT(*) FROM story_articles WHERE story_id = s.id)",
                "stories whose recorded size is not their members' count",
            ),
            (
                "SELECT COUNT(*) FROM story_articles sa
                 WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = sa.story_id)",
                "articles in stories that do not exist",
            ),
            (
                "SELECT COUNT(*) FROM stories s WHERE representative_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM story_articles sa
                                 WHERE sa.story_id = s.id AND sa.article_id = s.representative_id)",
                "stories whose representative article is not one of their members",
            ),
            (
                "SELECT COUNT(*) FROM stories s
                 WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)",
                "stories without members",
            ),
        ] {
            let n = count(sql)?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        Ok(problems)
    }

    /// Repairs what [`Store::check`] finds in the stories: sizes recounted, members of
    /// missing stories and stories without members removed (their articles are linked
    /// again by the next link pass), a representative that is no member replaced by the
    /// earliest member. Returns how many rows changed, and the lowest id of the articles
    /// left without a story (for the link stage to read again).
    pub fn repair_stories(&mut self) -> Result<(usize, Option<i64>)> {
        let tx = self.db.transaction(false)?;
        let orphaned: Option<i64> = tx.value(
            "SELECT MIN(article_id) FROM story_articles
             WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = story_articles.story_id)",
            &[],
        )?;
        let mut changed = tx.execute(
            "DELETE FROM story_articles
             WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = story_articles.story_id)",
            &[],
        )?;
        changed += tx.execute(
            "DELETE FROM stories
             WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = stories.id)",
            &[],
        )?;
        changed += tx.execute(
            "UPDATE stories SET size = (SELECT COUNT(*) FROM story_articles WHERE story_id = stories.id)
             WHERE size != (SELECT COUNT(*) FROM story_articles WHERE story_id = stories.id)",
            &[],
        )?;
        changed += tx.execute(
            "UPDATE stories SET representative_id = (
                 SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                 WHERE sa.story_id = stories.id
                 ORDER BY unixepoch(a.published) IS NULL, unixepoch(a.published), a.id LIMIT 1)
             WHERE representative_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM story_articles sa
                               WHERE sa.story_id = stories.id AND sa.article_id = stories.representative_id)",
            &[],
        )?;
        tx.commit()?;
        Ok((changed, orphaned))
    }
}
