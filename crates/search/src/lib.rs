//! rasid's search index: tantivy, with rasid's Arabic analyzer as its tokenizer.
//!
//! Documents and queries go through the same analyzer ([`RasidTokenizer`]: the text
//! crate's normalizer, stopwords and light stemmer), so المسؤولين finds مسؤول and
//! والعراق finds العراق. Ranking is BM25 over title (boosted) and body (the lead is its first paragraph), multiplied
//! by a recency factor; filters narrow by outlet, section, tag and date range; snippets
//! are cut from the article text around the matched stems and highlighted.
//!
//! The index records, in its commit payload, the highest store id it holds
//! ([`SearchIndex::indexed_up_to`]); the store's ids only grow, so after a crash the
//! pipeline re-indexes exactly the articles stored after that id.

use rasid_text::variants::label_key;
use rasid_text::{Analyzer, LatinStemming};
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{doc, DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

/// The index writer type (tantivy's), so that callers need not depend on tantivy.
pub use tantivy::IndexWriter;

/// The analyzer for query stems and snippets (Latin words unstemmed, as in the index).
static ANALYZER: std::sync::LazyLock<Analyzer> =
    std::sync::LazyLock::new(|| Analyzer::new(LatinStemming::None).with_spelling_variants());

/// Snippets look at most this far into an article (bounded work per hit).
const SNIPPET_SCAN: usize = 16 * 1024;

/// How documents are laid out in the index; a change that older indexes cannot answer
/// correctly bumps it, and such indexes are rebuilt (see [`SearchIndex::is_stale`]).
/// 2: the title is indexed into the body field too. 3: entities (`entity` field).
/// 4: rasid's key phrases in the `tag` field. 5: the stemmer keeps the first letter of
/// learned names and of country adjectives (بولتون، فرنسي), so their terms changed.
/// 6: a spelling variant's stem is its commoner spelling's (ترمب as ترامب; only in
/// search's terms). 7: tags and entities are also indexed by their [`label_key`]
/// (`tag_key`, `entity_key`), which filters match. 8: a label key joins عبد and أبو to
/// the word after (عبد العزيز and عبدالعزيز meet). 9: … and writes a learned pair's
/// adjective of origin the commoner way (الأميركية and الأمريكية meet). 10: spelling
/// variants also differ by a foreign g written غ or ج (لاغارد / لاجارد, بوينغ / بوينج).
/// 11: a whole name learned as written two ways has its commoner form's key (أنجيلا
/// ميركل and أنغيلا ميركل meet). 12: … and a foreign sound written in two letters too
/// (سيرخيو / سيرجيو راموس, مولود تشاووش / جاويش أوغلو). 13: … an English ch and a German
/// ch too (ستيفن منوشين / منوتشين, يواكيم / يواخيم لوف). 14: … and an s as س or ز
/// (هورست زيهوفر / سيهوفر). 15: the particles' attached-pronoun forms (إليكم), adverbs of news
/// prose (أمس، يمكن) and letters written apart are stopwords, so not indexed; a word
/// opening with آ is none (آلية was dropped as إليه). 16: a word's own alif and lam after
/// the article is read off as well (الألعاب and ألعاب, الالتزام and التزام meet). 17: more
/// English and French function words are stopwords (many, however, plusieurs, lorsque).
pub const INDEX_FORMAT: u64 = 17;

/// The kinds of entities (`kind:name`).
pub const ENTITY_KINDS: [&str; 3] = ["person", "place", "organisation"];

/// An entity's `kind:name` as filters match it: the kind, and the name's [`label_key`].
fn entity_key(entity: &str) -> String {
    match entity.split_once(':') {
        Some((kind, name)) => format!("{kind}:{}", label_key(name)),
        None => label_key(entity),
    }
}

/// The tokenizer's name in the tantivy schema.
pub const TOKENIZER: &str = "rasid";

/// rasid's analyzer as a tantivy tokenizer: stems of non-stopword tokens, positions kept
/// across removed stopwords so that phrase queries stay exact.
#[derive(Clone)]
pub struct RasidTokenizer {
    analyzer: Arc<Analyzer>,
}

impl Default for RasidTokenizer {
    fn default() -> Self {
        // Latin words are lower-cased and accent-folded but not stemmed: a query's language
        // cannot be told from two words, and documents and queries must agree.
        RasidTokenizer {
            analyzer: Arc::new(Analyzer::new(LatinStemming::None).with_spelling_variants()),
        }
    }
}

/// The tokens of one text, produced eagerly (the analyzer is callback-based).
pub struct RasidTokenStream {
    /// (byte from, byte to, position, start in `stems`, end in `stems`)
    spans: Vec<(usize, usize, usize, usize, usize)>,
    stems: String,
    next: usize,
    token: Token,
}

impl Tokenizer for RasidTokenizer {
    type TokenStream<'a> = RasidTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> RasidTokenStream {
        let mut spans = Vec::new();
        let mut stems = String::new();
        let mut position = 0usize;
        self.analyzer.for_each_term(text, |t| {
            if !t.stop {
                let s = stems.len();
                stems.push_str(t.stem);
                spans.push((t.token.start, t.token.end(), position, s, stems.len()));
            }
            position += 1;
        });
        RasidTokenStream {
            spans,
            stems,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for RasidTokenStream {
    fn advance(&mut self) -> bool {
        let Some(&(from, to, pos, s, e)) = self.spans.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = pos;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(&self.stems[s..e]);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The schema's fields.
#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub outlet: Field,
    pub section: Field,
    /// Each tag as written (what facets count and show).
    pub tag: Field,
    /// Each tag's [`label_key`] (what a tag filter matches: إيران finds ايران).
    pub tag_key: Field,
    /// `kind:name` of each entity (person:جو بايدن).
    pub entity: Field,
    /// `kind:` and the name's [`label_key`].
    pub entity_key: Field,
    pub published: Field,
    pub url: Field,
    pub external_id: Field,
    pub stored_title: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_i64_field("id", NumericOptions::default() | INDEXED | STORED | FAST),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        outlet: b.add_text_field("outlet", STRING | STORED | FAST),
        section: b.add_text_field("section", STRING | FAST),
        tag: b.add_text_field("tag", STRING | FAST),
        tag_key: b.add_text_field("tag_key", STRING),
        entity: b.add_text_field("entity", STRING | FAST),
        entity_key: b.add_text_field("entity_key", STRING),
        published: b.add_i64_field(
            "published",
            NumericOptions::default() | INDEXED | STORED | FAST,
        ),
        url: b.add_text_field("url", STORED),
        external_id: b.add_text_field("external_id", STRING | STORED),
        stored_title: b.add_text_field("stored_title", STORED),
    };
    (b.build(), fields)
}

/// What can go wrong with the index.
#[derive(Debug)]
pub enum SearchError {
    Tantivy(tantivy::TantivyError),
    /// The index is being written by another process.
    Locked(String),
    /// The index was built by an older rasid and must be rebuilt.
    Stale(std::path::PathBuf),
    Io(std::io::Error),
    /// The query does not parse.
    Query(String),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Tantivy(e) => write!(f, "search index error: {e}"),
            SearchError::Locked(e) => write!(
                f,
                "the search index is being written by another rasid process (ingest or serve); stop it or wait ({e})"
            ),
            SearchError::Stale(p) => write!(
                f,
                "the search index in {} was built by an older rasid; rebuild it from the store with `rasid reindex` (an ingest also rebuilds it)",
                p.display()
            ),
            SearchError::Io(e) => write!(f, "search index: {e}"),
            SearchError::Query(e) => write!(f, "the query could not be read: {e}"),
        }
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        match e {
            tantivy::TantivyError::LockFailure(..) => SearchError::Locked(e.to_string()),
            e => SearchError::Tantivy(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, SearchError>;

/// An article as the index sees it.
pub struct IndexDoc<'a> {
    pub id: i64,
    pub title: &'a str,
    pub body: &'a str,
    pub outlet: Option<&'a str>,
    pub section: Option<&'a str>,
    /// The publisher's tags and rasid's key phrases.
    pub tags: Vec<&'a str>,
    /// `kind:name` of each entity.
    pub entities: Vec<String>,
    /// Seconds since the epoch.
    pub published: Option<i64>,
    pub url: Option<&'a str>,
    pub external_id: Option<&'a str>,
}

/// The search index of a data directory.
pub struct SearchIndex {
    /// Where the index lives (empty for an in-memory index).
    path: std::path::PathBuf,
    /// The index on disk has another schema (an older rasid's).
    other_schema: bool,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The whole archive's facets and the segments (with their deletes) they count.
    archive: std::sync::Mutex<Option<(Segments, std::sync::Arc<Facets>)>>,
}

/// An index's segments and each one's delete opstamp: what its content is.
type Segments = std::collections::BTreeMap<tantivy::index::SegmentId, Option<tantivy::Opstamp>>;

/// The index directory inside a data directory.
pub fn index_path(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("index")
}

/// How many times [`copy_commit`] starts again when a commit lands while it copies.
const COPY_ATTEMPTS: usize = 10;

/// Copies the last commit of the index in `data_dir` into `dest_data_dir`'s index
/// directory (made if needed; it must hold no index): the files of the segments the
/// commit names, then its `meta.json`. Another process may go on writing meanwhile:
/// segment files never change once written, and a commit landing during the copy (its
/// merges may delete files the copy needs) makes the copy start again. A data directory
/// without an index copies nothing.
pub fn copy_commit(data_dir: &Path, dest_data_dir: &Path) -> Result<()> {
    let src = index_path(data_dir);
    let dst = index_path(dest_data_dir);
    let meta_path = src.join("meta.json");
    if !meta_path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dst).map_err(SearchError::Io)?;
    for _ in 0..COPY_ATTEMPTS {
        let before = std::fs::read(&meta_path).map_err(SearchError::Io)?;
        let index = Index::open_in_dir(&src)?;
        let files = index.load_metas()?.list_segment_files();
        for f in &files {
            match std::fs::copy(src.join(f), dst.join(f)) {
                Ok(_) => {}
                // A component this segment does not have (listed candidates may not
                // exist), or one a merge deleted: the check below tells which.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(SearchError::Io(e)),
            }
        }
        // Unchanged since the files were listed: none of them was deleted meanwhile.
        if std::fs::read(&meta_path).map_err(SearchError::Io)? == before {
            std::fs::write(dst.join("meta.json"), &before).map_err(SearchError::Io)?;
            return Ok(());
        }
        for f in &files {
            let _ = std::fs::remove_file(dst.join(f));
        }
    }
    Err(SearchError::Io(std::io::Error::other(format!(
        "{}: the index was committed to {COPY_ATTEMPTS} times while it was copied; try again when it is quieter",
        src.display()
    ))))
}

impl SearchIndex {
    /// Opens (creating if needed) the index in `data_dir/index`. An index laid out by an
    /// older rasid opens too; [`SearchIndex::is_stale`] tells, and
    /// [`SearchIndex::open_rebuilding`] replaces it.
    pub fn open(data_dir: &Path) -> Result<SearchIndex> {
        let dir = index_path(data_dir);
        std::fs::create_dir_all(&dir).map_err(SearchError::Io)?;
        let (schema, fields) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(&dir)
            .map_err(|e| SearchError::Io(std::io::Error::other(e)))?;
        let exists = Index::exists(&mmap).map_err(|e| SearchError::Io(std::io::Error::other(e)))?;
        if exists {
            let index = Index::open(mmap)?;
            if index.schema() != schema {
                // Another layout: the fields cannot be trusted, only the staleness.
                let mut idx = Self::with(index, fields, dir)?;
                idx.other_schema = true;
                return Ok(idx);
            }
            return Self::with(index, fields, dir);
        }
        Self::with(
            Index::create(mmap, schema, Default::default())?,
            fields,
            dir,
        )
    }

    /// Opens the index for writing; one laid out by an older rasid is deleted and created
    /// empty (the caller then re-indexes the store). Returns whether that happened.
    pub fn open_rebuilding(data_dir: &Path) -> Result<(SearchIndex, bool)> {
        let idx = Self::open(data_dir)?;
        if !idx.is_stale()? {
            return Ok((idx, false));
        }
        // Taking the writer first: never delete an index another process is writing.
        drop(
            idx.index
                .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)?,
        );
        let dir = idx.path.clone();
        drop(idx);
        std::fs::remove_dir_all(&dir).map_err(SearchError::Io)?;
        Ok((Self::open(data_dir)?, true))
    }

    /// Registers the analyzer and opens a reader.
    fn with(index: Index, fields: Fields, path: std::path::PathBuf) -> Result<SearchIndex> {
        index
            .tokenizers()
            .register(TOKENIZER, RasidTokenizer::default());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            path,
            other_schema: false,
            index,
            reader,
            fields,
            archive: Default::default(),
        })
    }

    /// An in-memory index (tests and benchmarks).
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema();
        Self::with(
            Index::create_in_ram(schema),
            fields,
            std::path::PathBuf::new(),
        )
    }

    /// A writer: one per index at a time (tantivy holds a lock file).
    pub fn writer(&self, threads: usize, heap_bytes: usize) -> Result<IndexWriter> {
        Ok(self
            .index
            .writer_with_num_threads(threads.max(1), heap_bytes)?)
    }

    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// Adds one article to `writer` (visible after [`SearchIndex::commit`]).
    pub fn add(&self, writer: &IndexWriter, d: &IndexDoc<'_>) -> Result<()> {
        let f = self.fields;
        let mut doc = doc!(
            f.id => d.id,
            f.title => d.title,
            // The title three times: its weight in the one field plain queries search.
            f.body => d.title,
            f.body => d.title,
            f.body => d.title,
            f.body => d.body,
            f.stored_title => d.title,
        );
        if let Some(o) = d.outlet {
            doc.add_text(f.outlet, o);
        }
        if let Some(s) = d.section {
            doc.add_text(f.section, s);
        }
        for t in &d.tags {
            doc.add_text(f.tag, t);
            doc.add_text(f.tag_key, label_key(t));
        }
        for e in &d.entities {
            doc.add_text(f.entity, e);
            doc.add_text(f.entity_key, entity_key(e));
        }
        doc.add_i64(f.published, d.published.unwrap_or(0));
        if let Some(u) = d.url {
            doc.add_text(f.url, u);
        }
        if let Some(x) = d.external_id {
            doc.add_text(f.external_id, x);
        }
        writer.add_document(doc)?;
        Ok(())
    }

    /// Deletes every document (before a full reindex).
    pub fn clear(&self, writer: &mut IndexWriter) -> Result<()> {
        writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits, recording that every store id up to `indexed_up_to` is in the index.
    pub fn commit(&self, writer: &mut IndexWriter, indexed_up_to: i64) -> Result<()> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(
            &serde_json::json!({ "indexed_up_to": indexed_up_to, "format": INDEX_FORMAT })
                .to_string(),
        );
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Whether the index was built by a rasid that laid documents out differently (its
    /// searches would miss); it must be rebuilt from the store (`rasid reindex`).
    pub fn is_stale(&self) -> Result<bool> {
        if self.other_schema {
            return Ok(true);
        }
        let metas = self.index.load_metas()?;
        if metas.segments.is_empty() {
            return Ok(false);
        }
        let format = metas
            .payload
            .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
            .and_then(|v| v["format"].as_u64())
            .unwrap_or(1);
        Ok(format != INDEX_FORMAT)
    }

    /// Fails with [`SearchError::Stale`] if the index must be rebuilt before searching.
    pub fn ensure_current(&self) -> Result<()> {
        if self.is_stale()? {
            return Err(SearchError::Stale(self.path.clone()));
        }
        Ok(())
    }

    /// The highest store id the last commit holds (0 for a new index).
    pub fn indexed_up_to(&self) -> Result<i64> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
            .and_then(|v| v["indexed_up_to"].as_i64())
            .unwrap_or(0))
    }

    /// Reloads the reader to see the latest commit (another process may have written).
    pub fn refresh(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// Whether the document of store id `id` is searchable.
    pub fn contains_id(&self, id: i64) -> Result<bool> {
        let q = TermQuery::new(
            Term::from_field_i64(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        Ok(self.reader.searcher().search(&q, &Count)? > 0)
    }

    /// Removes article `id` from the index (from the next commit on): before it is added
    /// again in its newer version.
    pub fn delete(&self, writer: &IndexWriter, id: i64) {
        writer.delete_term(Term::from_field_i64(self.fields.id, id));
    }

    /// What the reader sees now, as a key that changes when a commit it has loaded added,
    /// deleted or merged documents (a merge changes it too, though the documents are the
    /// same): for one who keeps what was computed from the index until the index changes.
    pub fn contents_key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (segment, deletes) in self.reader.searcher().generation().segments() {
            segment.uuid_string().hash(&mut h);
            deletes.hash(&mut h);
        }
        h.finish()
    }

    /// Number of documents searchable now.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Every article counted by outlet, section, tag, entity and month, with every value
    /// (the archive's lists: all tags, all people). Counted again only when the index's
    /// segments or their deletes change (a reload alone makes a new reader generation
    /// even when nothing was written): the lists of a served archive are asked for far
    /// more often than it changes, and counting 60k articles' tags takes about a second.
    pub fn archive_facets(&self) -> Result<std::sync::Arc<Facets>> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().segments();
        let cached = |slot: &Option<(Segments, std::sync::Arc<Facets>)>| {
            slot.as_ref()
                .filter(|(g, _)| g == generation)
                .map(|(_, f)| f.clone())
        };
        if let Some(f) = cached(&self.archive.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(f);
        }
        // Every article, dated or not.
        let facets = std::sync::Arc::new(self.counted(i64::MIN, i64::MAX)?.1);
        *self.archive.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((generation.clone(), facets.clone()));
        Ok(facets)
    }

    /// The articles published in `[from, to)` (`i64::MIN` as `from`: undated ones too),
    /// counted, and counted by every value of outlet, section, tag, entity and month.
    pub fn counted(&self, from: i64, to: i64) -> Result<(u64, Facets)> {
        let r = self.search(&SearchQuery {
            from: Some(from),
            to: (to != i64::MAX).then_some(to),
            limit: 1,
            facets: true,
            facet_values: usize::MAX,
            ..Default::default()
        })?;
        Ok((r.total as u64, r.facets.unwrap_or_default()))
    }

    /// The tags and entities (and outlets and sections) the articles published in `[from,
    /// to)` cover more than the rest of the archive does ("in the news"): each counted in
    /// the window, against what its share of the other articles would give a window of
    /// that size, ranked by [`rising_score`]; those in fewer than `min_count` of the
    /// window's articles are left out. Spellings merge by label key, as filters match them.
    pub fn rising(&self, from: i64, to: i64, min_count: u64) -> Result<RisingLists> {
        let (in_window, facets) = self.counted(from, to)?;
        let all = self.archive_facets()?;
        let others = self.num_docs().saturating_sub(in_window);
        let list = |got: &[(String, u64)], all: &[(String, u64)], key: fn(&str) -> String| {
            let total: rustc_hash::FxHashMap<String, u64> =
                all.iter().map(|(v, n)| (key(v), *n)).collect();
            let mut out: Vec<Rising> = got
                .iter()
                .filter(|(_, n)| *n >= min_count.max(1))
                .filter_map(|&(ref value, count)| {
                    let before = total.get(&key(value)).copied().unwrap_or(count);
                    let (score, expected) =
                        rising_score(count, before.saturating_sub(count), in_window, others);
                    (score > 0.0).then(|| Rising {
                        value: value.clone(),
                        count,
                        expected,
                        score,
                    })
                })
                .collect();
            out.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.value.cmp(&b.value))
            });
            out
        };
        Ok(RisingLists {
            articles: in_window,
            tag: list(&facets.tag, &all.tag, label_key),
            entity: list(&facets.entity, &all.entity, entity_key),
            outlet: list(&facets.outlet, &all.outlet, str::to_owned),
            section: list(&facets.section, &all.section, str::to_owned),
        })
    }

    /// Runs a search.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.fields;
        // One field holds the title (three times, its weight) and the body, so that a
        // plain query is a conjunction of single terms: tantivy then intersects with
        // block-max pruning instead of scoring every document that has the words.
        let mut parser = QueryParser::for_index(&self.index, vec![f.body]);
        parser.set_conjunction_by_default();
        let text = q.text.trim();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Only stopwords (ماذا قال): nothing to find, not a malformed query.
        let excludes = text.split_whitespace().any(|w| w.starts_with('-'));
        if !text.is_empty() && !excludes && self.query_stems(text).is_empty() {
            return Ok(SearchResults::default());
        }
        if !text.is_empty() {
            // What people type into a search box is words, not the parser's grammar: a
            // headline pasted with its colon, a quote or bracket left open, a trailing
            // OR are read as well as they can be; failing that, as plain words.
            let cleaned = tolerant(text);
            let parsed = parser
                .parse_query(&cleaned)
                .or_else(|e| match e {
                    tantivy::query::QueryParserError::AllButQueryForbidden => Err(e),
                    _ => parser.parse_query(&plain_words(&cleaned)),
                })
                .map_err(|e| match e {
                    tantivy::query::QueryParserError::AllButQueryForbidden => SearchError::Query(
                        "the query only excludes words (-word): add a word to find".into(),
                    ),
                    e => SearchError::Query(e.to_string()),
                })?;
            match parsed.downcast_ref::<BooleanQuery>() {
                // A conjunction (with exclusions) joins the filters' conjunction as it is.
                Some(b) if b.clauses().iter().all(|(o, _)| *o != Occur::Should) => {
                    clauses.extend(b.clauses().iter().map(|(o, q)| (*o, q.box_clone())));
                }
                _ => clauses.push((Occur::Must, parsed)),
            }
        }
        let term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(o) = &q.outlet {
            clauses.push((Occur::Must, term(f.outlet, o)));
        }
        if let Some(s) = &q.section {
            clauses.push((Occur::Must, term(f.section, s)));
        }
        if let Some(t) = &q.tag {
            clauses.push((Occur::Must, term(f.tag_key, &label_key(t))));
        }
        if let Some(e) = &q.entity {
            // A name without its kind names whoever or wherever it is.
            let query: Box<dyn Query> = if e.contains(':') {
                term(f.entity_key, &entity_key(e))
            } else {
                Box::new(BooleanQuery::new(
                    ENTITY_KINDS
                        .iter()
                        .map(|k| {
                            (
                                Occur::Should,
                                term(f.entity_key, &entity_key(&format!("{k}:{e}"))),
                            )
                        })
                        .collect(),
                ))
            };
            clauses.push((Occur::Must, query));
        }
        if q.from.is_some() || q.to.is_some() {
            let lo = q.from.map_or(Bound::Unbounded, |v| {
                Bound::Included(Term::from_field_i64(f.published, v))
            });
            let hi = q.to.map_or(Bound::Unbounded, |v| {
                Bound::Excluded(Term::from_field_i64(f.published, v))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            return Ok(SearchResults::default());
        }
        let query: Box<dyn Query> = if clauses.len() == 1 {
            clauses.pop().map(|(_, q)| q).expect("one clause")
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let searcher = self.reader.searcher();
        let now = q.after.map_or(q.now, |a| a.now);
        let collector = RecencyTop {
            keep: q.offset + q.limit.max(1),
            now,
            facets: q.facets,
            by_date: q.by_date,
            after: q.after,
        };
        let (total, hits, facets) = searcher.search(&*query, &collector)?;
        let mut results = Vec::with_capacity(q.limit);
        let mut last = None;
        for (key, id, addr) in hits.into_iter().skip(q.offset) {
            // Ranked by date, the "score" is the time: report none.
            let score = if q.by_date { 0.0 } else { key as f32 };
            results.push(self.hit(&searcher, addr, score)?);
            last = Some(SearchCursor { now, key, id });
        }
        Ok(SearchResults {
            total,
            next: last.filter(|_| results.len() >= q.limit && q.limit > 0),
            hits: results,
            facets: facets.map(|f| Facets::from_counts(f, q.facet_values)),
        })
    }

    fn hit(&self, searcher: &Searcher, addr: DocAddress, score: f32) -> Result<Hit> {
        let f = self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let s = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        Ok(Hit {
            id: doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or(0),
            title: s(f.stored_title),
            url: s(f.url),
            outlet: s(f.outlet),
            external_id: s(f.external_id),
            published: doc
                .get_first(f.published)
                .and_then(|v| v.as_i64())
                .filter(|t| *t > 0),
            score,
        })
    }

    /// Articles related to one: sharing its distinctive words (the stems of `text`, its
    /// title and lead, that are in at most `max_share` of the documents) and its
    /// distinctive labels (`tags` and `entities` as `kind:name`, in at most
    /// [`RELATED_LABEL_SHARE`] of the documents and in another one at least), any of which
    /// may match — a shared label weighs [`RELATED_LABEL_BOOST`] times its BM25, as a name
    /// or a tag says what an article is about more surely than a word does. Ranked by
    /// BM25 × recency; read from the index's columns, no stored document opened.
    pub fn related(
        &self,
        text: &str,
        tags: &[&str],
        entities: &[String],
        max_share: f64,
        limit: usize,
        now: i64,
    ) -> Result<RelatedFound> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let n = searcher.num_docs().max(1) as f64;
        let mut rare: Vec<(f64, String)> = Vec::new();
        for stem in self.query_stems(text) {
            let df = searcher.doc_freq(&Term::from_field_text(f.body, &stem))? as f64;
            if df >= 1.0 && df / n <= max_share && !rare.iter().any(|(_, s)| *s == stem) {
                rare.push((df, stem));
            }
        }
        // The rarest [`SIMILAR_STEMS`] carry the match (a long lead adds little but work).
        rare.sort_by(|a, b| a.0.total_cmp(&b.0));
        rare.truncate(SIMILAR_STEMS);
        let stems: Vec<String> = rare.into_iter().map(|(_, s)| s).collect();
        let mut labels: Vec<(f64, RelatedLabel)> = Vec::new();
        let candidates = tags
            .iter()
            .map(|t| (f.tag_key, label_key(t), rasid_text::label(t)))
            .chain(entities.iter().map(|e| {
                let shown = e.split_once(':').map_or(e.as_str(), |(_, name)| name);
                (f.entity_key, entity_key(e), rasid_text::label(shown))
            }));
        for (field, key, shown) in candidates {
            if key.is_empty() || labels.iter().any(|(_, l)| l.key == key) {
                continue;
            }
            let df = searcher.doc_freq(&Term::from_field_text(field, &key))? as f64;
            if df >= 2.0 && df / n <= RELATED_LABEL_SHARE {
                labels.push((df, RelatedLabel { field, key, shown }));
            }
        }
        labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        labels.truncate(RELATED_LABELS);
        let labels: Vec<RelatedLabel> = labels.into_iter().map(|(_, l)| l).collect();
        if stems.is_empty() && labels.is_empty() {
            return Ok(RelatedFound {
                hits: Vec::new(),
                stems,
                labels,
            });
        }
        let term = |field: Field, v: &str, option: IndexRecordOption| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, v), option))
        };
        let clauses: Vec<(Occur, Box<dyn Query>)> = stems
            .iter()
            .map(|s| (Occur::Should, term(f.body, s, IndexRecordOption::WithFreqs)))
            .chain(labels.iter().map(|l| {
                let q: Box<dyn Query> = Box::new(BoostQuery::new(
                    term(l.field, &l.key, IndexRecordOption::Basic),
                    RELATED_LABEL_BOOST,
                ));
                (Occur::Should, q)
            }))
            .collect();
        let query = BooleanQuery::new(clauses);
        let collector = RecencyTop {
            keep: limit.max(1),
            now,
            facets: false,
            by_date: false,
            after: None,
        };
        let (_, top, _) = searcher.search(&query, &collector)?;
        Ok(RelatedFound {
            hits: top
                .into_iter()
                .map(|(score, id, _)| (id, score as f32))
                .collect(),
            stems,
            labels,
        })
    }

    /// Of the labels [`SearchIndex::related`] searched with, those among an article's
    /// `tags` and `entities` (as `kind:name`), each thing once: a label whose words are
    /// all in a longer one is that one (the tag رونالدو and the person كريستيانو رونالدو,
    /// the place بلجيكا and the tag بلجيكا).
    pub fn shared_labels<'f>(
        found: &'f [RelatedLabel],
        tags: &[&str],
        entities: &[String],
    ) -> Vec<&'f RelatedLabel> {
        let keys: Vec<String> = tags
            .iter()
            .map(|t| label_key(t))
            .chain(entities.iter().map(|e| entity_key(e)))
            .collect();
        let mut shared: Vec<(&RelatedLabel, Vec<String>)> = found
            .iter()
            .filter(|l| keys.contains(&l.key))
            .map(|l| {
                let words = label_key(&l.shown)
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect();
                (l, words)
            })
            .collect();
        // Longer first, then in the search's order (rarest first).
        shared.sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        let mut kept: Vec<(&RelatedLabel, Vec<String>)> = Vec::new();
        for (l, words) in shared {
            if !kept
                .iter()
                .any(|(_, k)| words.iter().all(|w| k.contains(w)))
            {
                kept.push((l, words));
            }
        }
        kept.into_iter().map(|(l, _)| l).collect()
    }

    /// The words of `text` whose stems are among `stems`, each once, in order (the
    /// "shares: …" of a related article).
    pub fn shared_words(text: &str, stems: &[String]) -> Vec<String> {
        Self::matches(text, stems)
            .into_iter()
            .map(|(_, w)| w)
            .collect()
    }

    /// Of `stems`, those `text` holds (each once, in the text's order).
    pub fn stems_in<'s>(text: &str, stems: &'s [String]) -> Vec<&'s String> {
        Self::matches(text, stems)
            .into_iter()
            .map(|(k, _)| &stems[k])
            .collect()
    }

    /// The words of `text` whose stems are among `stems`, each stem once, with its index.
    fn matches(text: &str, stems: &[String]) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        ANALYZER.for_each_term(text, |t| {
            let stem: &str = t.stem;
            if let Some(k) = stems.iter().position(|x| x == stem) {
                if !out.iter().any(|(seen, _)| *seen == k) {
                    out.push((k, t.token.text.to_owned()));
                }
            }
        });
        out
    }

    /// The stems a query text matches on (for snippets).
    pub fn query_stems(&self, text: &str) -> Vec<String> {
        let analyzer = &*ANALYZER;
        let mut out = Vec::new();
        let mut negated = false;
        for raw in text.split_whitespace() {
            negated = raw.starts_with('-');
            if negated || raw == "OR" || raw == "AND" {
                continue;
            }
            analyzer.for_each_term(raw.trim_matches('"'), |t| {
                if !t.stop && !out.iter().any(|s: &String| s == t.stem) {
                    out.push(t.stem.to_owned());
                }
            });
        }
        let _ = negated;
        out
    }
}

/// A search request.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    /// Words, "quoted phrases", -exclusions, OR, and title: (or عنوان:) before a word or
    /// phrase for the headline alone.
    pub text: String,
    pub outlet: Option<String>,
    pub section: Option<String>,
    pub tag: Option<String>,
    /// An entity as `kind:name` (place:العراق).
    pub entity: Option<String>,
    /// Published at or after (seconds since the epoch).
    pub from: Option<i64>,
    /// Published before.
    pub to: Option<i64>,
    pub limit: usize,
    pub offset: usize,
    /// "Now" for the recency boost (seconds since the epoch); 0 turns it off.
    pub now: i64,
    /// Count the matches by outlet, section, tag and month ([`SearchResults::facets`]).
    pub facets: bool,
    /// Newest first instead of most relevant first.
    pub by_date: bool,
    /// Values listed per facet (0: 20).
    pub facet_values: usize,
    /// Only what ranks after this (the `next` of the previous page): keyset paging, so a
    /// page never repeats or skips a result because others were added meanwhile. Its
    /// "now" replaces [`SearchQuery::now`], so that relevance ranks as it did.
    pub after: Option<SearchCursor>,
}

/// Where a page of results ended: the last result's rank key (its BM25 × recency score,
/// or its publication time when ranked by date), its article id (ties: the higher id
/// first), and the "now" its recency was computed for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SearchCursor {
    pub now: i64,
    pub key: f64,
    pub id: i64,
}

impl SearchCursor {
    /// As an opaque token for a URL: `now.keybits.id` (decimal, hexadecimal, decimal).
    pub fn encode(&self) -> String {
        format!("{}.{:x}.{}", self.now, self.key.to_bits(), self.id)
    }

    /// A token made by [`SearchCursor::encode`].
    pub fn decode(token: &str) -> Option<SearchCursor> {
        let mut parts = token.split('.');
        let cursor = SearchCursor {
            now: parts.next()?.parse().ok()?,
            key: f64::from_bits(u64::from_str_radix(parts.next()?, 16).ok()?),
            id: parts.next()?.parse().ok()?,
        };
        (parts.next().is_none() && cursor.key.is_finite()).then_some(cursor)
    }
}

/// One result.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Hit {
    pub id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub external_id: Option<String>,
    /// Seconds since the epoch.
    pub published: Option<i64>,
    pub score: f32,
}

#[derive(Clone, Debug, Default)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Counts over every match, when the query asked for them.
    pub facets: Option<Facets>,
    /// Pass as [`SearchQuery::after`] for the next page; `None` when this page was not
    /// full (there is no next).
    pub next: Option<SearchCursor>,
}

/// What [`SearchIndex::related`] found and searched with.
#[derive(Clone, Debug, Default)]
pub struct RelatedFound {
    /// (article id, score), best first.
    pub hits: Vec<(i64, f32)>,
    /// The distinctive stems of the title and lead.
    pub stems: Vec<String>,
    /// The distinctive tags and entities.
    pub labels: Vec<RelatedLabel>,
}

/// A tag or entity a related-articles search matches on.
#[derive(Clone, Debug)]
pub struct RelatedLabel {
    field: Field,
    /// As the key field holds it (an entity's with its kind).
    key: String,
    /// As shown: the label without its kind.
    pub shown: String,
}

/// Labels (tags, entities) in more than this share of the documents do not make two
/// articles related (السعودية، الولايات المتحدة).
pub const RELATED_LABEL_SHARE: f64 = 0.05;
/// A shared label's weight against a shared word's.
const RELATED_LABEL_BOOST: f32 = 1.5;
/// Labels a related-articles search uses at most (the rarest).
const RELATED_LABELS: usize = 12;

/// Stems a [`SearchIndex::related`] query uses at most.
const SIMILAR_STEMS: usize = 10;

/// The largest recency factor (today's news).
const MAX_RECENCY: f32 = 1.5;

/// The recency factor of an article published at `t` (seconds) seen at `now`: up to +50%
/// for today's news, halving every month; 1 when either time is unknown.
fn recency(t: i64, now: i64) -> f32 {
    if t <= 0 || now <= 0 {
        return 1.0;
    }
    let age_days = ((now - t).max(0) as f32) / 86_400.0;
    1.0 + (MAX_RECENCY - 1.0) * (-age_days / 30.0).exp2()
}

/// Collects the total number of matches and the best `keep` documents by BM25 × recency.
///
/// The count comes from the query's own counting path (no scores computed); the top
/// documents from tantivy's pruning path, asked only for documents whose BM25 score could
/// still enter the top after the largest recency factor of the segment (that of its newest
/// article, at most [`MAX_RECENCY`]): the k-th best boosted score divided by that factor.
/// The bound is exact, so the results are those of scoring every match, at a fraction of
/// the work.
struct RecencyTop {
    keep: usize,
    now: i64,
    /// Rank by publication time (newest first) instead of relevance.
    by_date: bool,
    /// Also count matches by outlet, section, tag and month (visits every match).
    facets: bool,
    /// Only documents ranking after this.
    after: Option<SearchCursor>,
}

/// How many values each facet lists (months are all listed).
const FACET_VALUES: usize = 20;

/// What [`SearchIndex::rising`] found: the window's article count and its tags, entities
/// (`kind:name`), outlets and sections, most rising first.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct RisingLists {
    pub articles: u64,
    pub tag: Vec<Rising>,
    pub entity: Vec<Rising>,
    /// Outlets that publish more than their share, sections that fill more.
    pub outlet: Vec<Rising>,
    pub section: Vec<Rising>,
}

/// A tag, entity, outlet or section of [`RisingLists`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rising {
    /// The tag, or the entity as `kind:name`, in its commonest spelling of the window.
    pub value: String,
    /// The window's articles that carry it.
    pub count: u64,
    /// How many would, were it as common in the window as in the other articles (`None`
    /// when the archive holds fewer other articles than the window: no baseline).
    pub expected: Option<f64>,
    pub score: f64,
}

/// How much a label rises in a window: `count` of the window's `window` articles carry
/// it, `before` of the archive's `others` do. The count times the log of how far it
/// exceeds what the others' rate gives (each side smoothed by one), so that a name
/// everyone writes every day (السعودية) ranks below one the news is about now, and among
/// those that rise, the more covered first; positive only when it rises. With less
/// history than the window there is nothing to rise against: the count alone.
pub fn rising_score(count: u64, before: u64, window: u64, others: u64) -> (f64, Option<f64>) {
    if others < window || others == 0 {
        return (count as f64, None);
    }
    let expected = before as f64 * window as f64 / others as f64;
    let score = count as f64 * ((count as f64 + 1.0) / (expected + 1.0)).ln();
    (score, Some(expected))
}

/// Match counts by outlet, section, tag, entity and month of publication.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Facets {
    /// (value, matches), most matches first.
    pub outlet: Vec<(String, u64)>,
    pub section: Vec<(String, u64)>,
    pub tag: Vec<(String, u64)>,
    /// Entities, as `kind:name` (person:جو بايدن, place:العراق).
    pub entity: Vec<(String, u64)>,
    /// ("YYYY-MM", matches), oldest first; articles without a date are not counted.
    pub month: Vec<(String, u64)>,
}

/// The (year, month) of a Unix time, proleptic Gregorian, UTC.
fn year_month(t: i64) -> (i64, u32) {
    // Days to civil date (the era-based algorithm: 400-year eras of 146,097 days).
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month)
}

/// Matches by facet value (a facet's values are many: tens of thousands of tags, each
/// segment's counts merged, so a fast hash).
type ValueCounts = rustc_hash::FxHashMap<String, u64>;

/// One segment's facet counts, by term ordinal.
struct SegmentFacets {
    columns: [Option<tantivy::columnar::StrColumn>; 4],
    counts: [Vec<u64>; 4],
    published: Option<tantivy::columnar::Column<i64>>,
    months: std::collections::HashMap<(i64, u32), u64>,
}

impl SegmentFacets {
    fn new(reader: &tantivy::SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        let columns = [
            ff.str("outlet")?,
            ff.str("section")?,
            ff.str("tag")?,
            ff.str("entity")?,
        ];
        let counts = columns
            .each_ref()
            .map(|c| vec![0; c.as_ref().map_or(0, |c| c.dictionary().num_terms())]);
        Ok(SegmentFacets {
            columns,
            counts,
            published: ff.i64("published").ok(),
            months: Default::default(),
        })
    }

    fn add(&mut self, doc: tantivy::DocId) {
        for (column, counts) in self.columns.iter().zip(&mut self.counts) {
            if let Some(c) = column {
                for ord in c.term_ords(doc) {
                    if let Some(n) = counts.get_mut(ord as usize) {
                        *n += 1;
                    }
                }
            }
        }
        if let Some(t) = self.published.as_ref().and_then(|c| c.first(doc)) {
            if t > 0 {
                *self.months.entry(year_month(t)).or_default() += 1;
            }
        }
    }

    /// The counts by value: [outlet, section, tag, entity, month].
    fn harvest(self) -> [ValueCounts; 5] {
        let mut out: [ValueCounts; 5] = Default::default();
        for (k, (column, counts)) in self.columns.iter().zip(&self.counts).enumerate() {
            let Some(c) = column else { continue };
            // The counted ordinals' values in one pass over the dictionary, each of its
            // compressed blocks opened once (a lookup per ordinal opens its block every
            // time: 8 s for the tags of 60k articles).
            let ords: Vec<u64> = (0..counts.len() as u64)
                .filter(|&ord| counts[ord as usize] > 0)
                .collect();
            let mut next = ords.iter();
            let _ = c.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let (Some(&ord), Ok(value)) = (next.next(), std::str::from_utf8(bytes)) {
                    *out[k].entry(value.to_owned()).or_default() += counts[ord as usize];
                }
            });
        }
        for ((y, m), n) in self.months {
            *out[4].entry(format!("{y:04}-{m:02}")).or_default() += n;
        }
        out
    }
}

impl Facets {
    fn from_counts(counts: [ValueCounts; 5], values: usize) -> Facets {
        let [outlet, section, tag, entity, month] = counts;
        // One value per label key, shown as its commonest spelling (إيران with ايران's
        // count), as the filter matches them.
        let tag = merge_spellings(tag, label_key);
        let entity = merge_spellings(entity, entity_key);
        let [outlet, section, tag, entity, month] =
            [outlet, section, tag, entity, month].map(|m| {
                let mut v: Vec<(String, u64)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                v
            });
        let top = |mut v: Vec<(String, u64)>| {
            v.truncate(if values == 0 { FACET_VALUES } else { values });
            v
        };
        let mut month = month;
        month.sort();
        Facets {
            outlet: top(outlet),
            section: top(section),
            tag: top(tag),
            entity: top(entity),
            month,
        }
    }
}

/// Counts by value merged by `key`: each key's total under its most counted value (the
/// smaller value on ties, so the choice does not depend on the map's order).
fn merge_spellings(counts: ValueCounts, key: impl Fn(&str) -> String) -> ValueCounts {
    let mut by_key: rustc_hash::FxHashMap<String, (String, u64, u64)> = Default::default();
    for (value, n) in counts {
        let e = by_key
            .entry(key(&value))
            .or_insert_with(|| (value.clone(), n, 0));
        if n > e.1 || (n == e.1 && value < e.0) {
            (e.0, e.1) = (value, n);
        }
        e.2 += n;
    }
    by_key
        .into_values()
        .map(|(value, _, total)| (value, total))
        .collect()
}

/// What [`RecencyTop`] gathers from one segment and from all.
type TopFruit = (usize, Vec<(f64, i64, DocAddress)>, Option<[ValueCounts; 5]>);

/// A (rank key, article id, doc) ordered by key, then by article id (the higher wins ties).
#[derive(Clone, Copy, PartialEq)]
struct Scored(f64, i64, tantivy::DocId);

impl Eq for Scored {}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| self.1.cmp(&other.1))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

struct RecencySegment {
    keep: usize,
    now: i64,
    by_date: bool,
    /// The largest recency factor in this segment (that of its newest article).
    max_boost: f32,
    published: Option<tantivy::columnar::Column<i64>>,
    ids: Option<tantivy::columnar::Column<i64>>,
    after: Option<SearchCursor>,
    /// A min-heap of the best `keep` so far.
    heap: std::collections::BinaryHeap<std::cmp::Reverse<Scored>>,
    segment: u32,
    count: usize,
}

impl RecencySegment {
    /// Offers a document; returns the BM25 score a document must now exceed.
    fn offer(&mut self, doc: tantivy::DocId, score: f32) -> f32 {
        let t = self
            .published
            .as_ref()
            .map_or(0, |c| c.first(doc).unwrap_or(0));
        let key = if self.by_date {
            t as f64
        } else {
            f64::from(score * recency(t, self.now))
        };
        // Ranked below the heap's least, or before the cursor: decided without the
        // article id (most offers end here; reading the id column for every offer made a
        // search over a million articles about a fifth slower).
        let least = self
            .heap
            .peek()
            .filter(|_| self.heap.len() >= self.keep)
            .map(|m| m.0 .0);
        if least.is_some_and(|l| key < l) || self.after.is_some_and(|a| key > a.key) {
            return self.threshold();
        }
        let id = self.ids.as_ref().map_or(0, |c| c.first(doc).unwrap_or(0));
        // At the cursor's key: on an earlier page when its id is not lower.
        if self.after.is_some_and(|a| key == a.key && id >= a.id) {
            return self.threshold();
        }
        let boosted = Scored(key, id, doc);
        if self.heap.len() < self.keep {
            self.heap.push(std::cmp::Reverse(boosted));
        } else if let Some(mut min) = self.heap.peek_mut() {
            if boosted > min.0 {
                *min = std::cmp::Reverse(boosted);
            }
        }
        self.threshold()
    }

    fn threshold(&self) -> f32 {
        match self.heap.peek() {
            // Ranked by date, a document's score says nothing: no pruning.
            Some(_) if self.by_date => f32::MIN,
            Some(min) if self.heap.len() >= self.keep => min.0 .0 as f32 / self.max_boost,
            _ => f32::MIN,
        }
    }
}

impl tantivy::collector::SegmentCollector for RecencySegment {
    type Fruit = TopFruit;

    fn collect(&mut self, doc: tantivy::DocId, score: f32) {
        self.count += 1;
        self.offer(doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        let segment = self.segment;
        let top = self
            .heap
            .into_iter()
            .map(|r| (r.0 .0, r.0 .1, DocAddress::new(segment, r.0 .2)))
            .collect();
        (self.count, top, None)
    }
}

impl tantivy::collector::Collector for RecencyTop {
    type Fruit = TopFruit;
    type Child = RecencySegment;

    fn for_segment(
        &self,
        segment: u32,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<RecencySegment> {
        let published = reader.fast_fields().i64("published").ok();
        // An archive's old segments get a bound near 1: pruning as tight as plain BM25.
        let max_boost = published
            .as_ref()
            .map_or(1.0, |c| recency(c.max_value(), self.now))
            .max(1.0);
        Ok(RecencySegment {
            keep: self.keep,
            now: self.now,
            by_date: self.by_date,
            max_boost,
            published,
            ids: reader.fast_fields().i64("id").ok(),
            after: self.after,
            heap: std::collections::BinaryHeap::with_capacity(self.keep + 1),
            segment,
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn collect_segment(
        &self,
        weight: &dyn tantivy::query::Weight,
        segment: u32,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<Self::Fruit> {
        let mut child = self.for_segment(segment, reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(f32::MIN, reader, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return child.threshold();
            }
            child.offer(doc, score)
        })?;
        let (_, top, _) = tantivy::collector::SegmentCollector::harvest(child);
        if !self.facets {
            return Ok((weight.count(reader)? as usize, top, None));
        }
        let mut facets = SegmentFacets::new(reader)?;
        let mut count = 0;
        weight.for_each_no_score(reader, &mut |docs| {
            for &doc in docs {
                if !alive.is_some_and(|a| a.is_deleted(doc)) {
                    count += 1;
                    facets.add(doc);
                }
            }
        })?;
        Ok((count, top, Some(facets.harvest())))
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let total = fruits.iter().map(|f| f.0).sum();
        let mut top = Vec::new();
        let mut facets: Option<[ValueCounts; 5]> = None;
        for (_, t, f) in fruits {
            top.extend(t);
            if let Some(f) = f {
                let all = facets.get_or_insert_with(Default::default);
                for (into, from) in all.iter_mut().zip(f) {
                    for (value, n) in from {
                        *into.entry(value).or_default() += n;
                    }
                }
            }
        }
        top.sort_by(|a: &(f64, i64, DocAddress), b| {
            b.0.total_cmp(&a.0).then_with(|| b.1.cmp(&a.1))
        });
        top.truncate(self.keep);
        Ok((total, top, facets))
    }
}

/// The matches of `stems` in `text` (byte ranges) and the start of the `window`-byte window
/// showing the most distinct stems (then the most matches). The text is analyzed a chunk at
/// a time and the scan stops once a window holds every stem: most hits show all query words
/// in the first paragraph, so most snippets cost a kilobyte of analysis, not the whole body.
fn match_window(text: &str, stems: &[String], window: usize) -> (Vec<(usize, usize)>, usize) {
    const CHUNK: usize = 1024;
    let analyzer = &*ANALYZER;
    let mut matches: Vec<(usize, usize, usize)> = Vec::new(); // start, end, stem index
    let (mut best, mut best_key) = (0usize, (0usize, 0usize));
    let mut scored = 0; // matches already tried as window starts
    let mut from = 0;
    if stems.is_empty() {
        from = text.len();
    }
    while from < text.len() {
        // The next chunk ends at whitespace (a token never spans two chunks).
        let mut to = (from + CHUNK).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        if let Some(sp) = text[to..].find(char::is_whitespace) {
            to += sp;
        } else {
            to = text.len();
        }
        analyzer.for_each_term(&text[from..to], |t| {
            if t.stop {
                return;
            }
            if let Some(k) = stems.iter().position(|s| s == t.stem) {
                matches.push((from + t.token.start, from + t.token.end(), k));
            }
        });
        from = to;
        // Windows starting at matches whose window is now fully scanned (or all of them at
        // the end of the text).
        while scored < matches.len() && (matches[scored].0 + window <= from || from >= text.len()) {
            let s = matches[scored].0;
            let mut seen = 0u64;
            let mut count = 0;
            for &(_, _, k) in matches[scored..].iter().take_while(|m| m.0 < s + window) {
                seen |= 1 << k.min(63);
                count += 1;
            }
            let key = (seen.count_ones() as usize, count);
            if key > best_key {
                best = s;
                best_key = key;
            }
            scored += 1;
        }
        if best_key.0 >= stems.len().min(64) && best_key.0 > 0 {
            break;
        }
    }
    (matches.into_iter().map(|(s, e, _)| (s, e)).collect(), best)
}

/// A snippet of `text` around the matches of `stems`, at most `max_chars` long, with the
/// matched words wrapped in `<b>…</b>` (the rest HTML-escaped).
pub fn snippet(text: &str, stems: &[String], max_chars: usize) -> String {
    let mut cut = text.len().min(SNIPPET_SCAN);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let approx = max_chars * 2;
    let (matches, best) = match_window(text, stems, approx);
    let mut start = best.saturating_sub(approx / 4);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Start at a word boundary.
    if start > 0 {
        if let Some((sp, c)) = text[start..]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            start += sp + c.len_utf8();
        }
    }
    let mut end = (start + approx).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        if let Some(sp) = text[..end].rfind(char::is_whitespace) {
            if sp > start {
                end = sp;
            }
        }
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for &(s, e) in matches.iter().filter(|(s, e)| *s >= start && *e <= end) {
        escape_into(&text[pos..s], &mut out);
        out.push_str("<b>");
        escape_into(&text[s..e], &mut out);
        out.push_str("</b>");
        pos = e;
    }
    escape_into(&text[pos..end], &mut out);
    if end < text.len() {
        out.push('…');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// A search box's text made into the query grammar rasid documents — words, `"phrases"`,
/// `-exclusions`, `OR`, and `title:` (or `عنوان:`) before a word or phrase for the
/// headline alone — whatever was typed: the parser's other syntax (other `field:`s, `^`,
/// ranges, `~`) read as the punctuation it is, an odd quote or unbalanced brackets
/// dropped, a dangling operator at either end dropped.
pub fn tolerant(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut s = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            ':' if title_field_at(&chars, i) => {
                // `عنوان`, `Title` … become the field's name (both are five letters).
                for _ in 0..5 {
                    s.pop();
                }
                s.push_str("title:");
            }
            ':' | '^' | '[' | ']' | '{' | '}' | '~' | '\\' | '!' => s.push(' '),
            c => s.push(c),
        }
    }
    if s.matches('"').count() % 2 == 1 {
        if let Some(i) = s.rfind('"') {
            s.replace_range(i..i + 1, " ");
        }
    }
    let mut depth = 0i32;
    let balanced = s.chars().all(|c| {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        depth >= 0
    }) && depth == 0;
    if !balanced {
        s = s.replace(['(', ')'], " ");
    }
    let operator = |w: &str| matches!(w, "OR" | "AND" | "NOT" | "IN" | "-" | "+" | "||" | "&&");
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.last().is_some_and(|w| operator(w)) {
        words.pop();
    }
    while words.first().is_some_and(|w| operator(w) && *w != "NOT") {
        words.remove(0);
    }
    words.join(" ")
}

/// Whether the colon at `i` ends a `title` (or `عنوان`) that starts a word (after a space,
/// a bracket or a minus) and is followed by a letter, a digit or a quote: the title field.
fn title_field_at(chars: &[char], i: usize) -> bool {
    let followed = chars
        .get(i + 1)
        .is_some_and(|&c| c.is_alphanumeric() || c == '"');
    if !followed {
        return false;
    }
    ["title", "عنوان"].iter().any(|name| {
        let n = name.chars().count();
        i >= n
            && chars[i - n..i]
                .iter()
                .zip(name.chars())
                .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            && (i == n || matches!(chars[i - n - 1], ' ' | '(' | '-' | '+' | '\t'))
    })
}

/// The words of a query alone, every operator and quote taken out.
fn plain_words(text: &str) -> String {
    text.replace(['"', '(', ')', '+', '*', ':'], " ")
        .split_whitespace()
        .map(|w| w.trim_start_matches('-'))
        .filter(|w| *w != "title")
        .filter(|w| !w.is_empty() && !matches!(*w, "OR" | "AND" | "NOT" | "IN"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_type_is_read_as_words() {
        let idx = index();
        // Pasted headlines, open quotes and brackets, dangling operators, stray grammar.
        for q in [
            "بغداد: المسؤولين يجتمعون",
            "\"المسؤولين يجتمعون",
            "(بغداد",
            "بغداد)",
            "بغداد OR",
            "AND بغداد",
            "بغداد^",
            "[بغداد]",
            "بغداد~",
            "بغداد:",
            "- بغداد",
            "\"بغداد\" (المسؤولين",
        ] {
            assert_eq!(ids(&idx, q), [2], "{q}");
        }
        assert_eq!(tolerant("موسكو: \"لا علاقة لنا"), "موسكو لا علاقة لنا");
        assert_eq!(
            tolerant("(a OR b) -c"),
            "(a OR b) -c",
            "the documented grammar stays"
        );
        assert_eq!(tolerant("a OR b OR"), "a OR b");
    }

    #[test]
    fn title_reads_the_headline_alone() {
        let idx = index();
        // العراقيين is in the second article's body, بغداد in its title.
        assert_eq!(ids(&idx, "العراقيين"), [2]);
        assert_eq!(ids(&idx, "title:العراقيين"), Vec::<i64>::new());
        for q in [
            "title:بغداد",
            "Title:بغداد",
            "عنوان:بغداد",
            "title:\"يجتمعون في بغداد\"",
            "المسؤولين title:بغداد",
            "-title:النصر title:بغداد",
        ] {
            assert_eq!(ids(&idx, q), [2], "{q}");
        }
        // Other fields, and a colon not before a word, stay punctuation.
        assert_eq!(ids(&idx, "outlet:بغداد"), Vec::<i64>::new());
        assert_eq!(tolerant("بغداد: title: x"), "بغداد title x");
        assert_eq!(tolerant("subtitle:x"), "subtitle x");
        // Half-typed, never an error.
        for q in [
            "title:\"",
            "title:(",
            "title:(بغداد",
            "title:-",
            "title:-بغداد",
            "title:OR",
            "title:title:بغداد",
            "title:*",
            "title:\"\" بغداد",
            "title:^2",
            "title:[a TO b]",
            "title:+",
            "title:بغداد~2",
            "(title:",
        ] {
            let r = idx.search(&SearchQuery {
                text: q.into(),
                limit: 10,
                ..Default::default()
            });
            assert!(r.is_ok(), "{q}: {:?}", r.err());
        }
    }

    fn index() -> SearchIndex {
        let idx = SearchIndex::in_memory().unwrap();
        let mut w = idx.writer(1, 50_000_000).unwrap();
        let docs = [
            (
                1,
                "الفلسطينيون يحيون الذكرى",
                "أحيا الفلسطينيون في الضفة الغربية الذكرى السنوية",
                "alquds",
                1_700_000_000,
            ),
            (
                2,
                "المسؤولين يجتمعون في بغداد",
                "اجتمع المسؤولين العراقيين مع الوفد الأمريكي والعراق يرحب",
                "alriyadh",
                1_600_000_000,
            ),
            (
                3,
                "مباراة النصر والهلال",
                "فاز النصر على الهلال في الدوري",
                "arriyadiyah",
                1_650_000_000,
            ),
        ];
        for (id, title, body, outlet, t) in docs {
            idx.add(
                &w,
                &IndexDoc {
                    id,
                    title,
                    body,
                    outlet: Some(outlet),
                    section: None,
                    tags: Vec::new(),
                    entities: Vec::new(),
                    published: Some(t),
                    url: None,
                    external_id: None,
                },
            )
            .unwrap();
        }
        idx.commit(&mut w, 3).unwrap();
        idx
    }

    /// A document with a title, a body and a time, and nothing else.
    fn plain<'a>(id: i64, title: &'a str, body: &'a str, published: i64) -> IndexDoc<'a> {
        IndexDoc {
            id,
            title,
            body,
            outlet: None,
            section: None,
            tags: Vec::new(),
            entities: Vec::new(),
            published: Some(published),
            url: None,
            external_id: None,
        }
    }

    fn ids(idx: &SearchIndex, text: &str) -> Vec<i64> {
        let r = idx
            .search(&SearchQuery {
                text: text.into(),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        let mut v: Vec<i64> = r.hits.iter().map(|h| h.id).collect();
        v.sort();
        v
    }

    #[test]
    fn pruned_top_documents_equal_scoring_every_match() {
        // Several commits (segments) of documents built from a small vocabulary, published
        // over two years; the pruned collector must return exactly what scoring every
        // match with the recency factor returns, for every page.
        let idx = SearchIndex::in_memory().unwrap();
        let mut w = idx.writer(1, 50_000_000).unwrap();
        let words = [
            "العراق",
            "بغداد",
            "الحكومة",
            "الانسحاب",
            "القوات",
            "الأمريكية",
            "اتفاق",
            "البرلمان",
            "الرياض",
            "النفط",
        ];
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let now = 1_700_000_000i64;
        for id in 1..=600i64 {
            let body: Vec<&str> = (0..5 + next() % 40)
                .map(|_| words[next() % words.len()])
                .collect();
            let title: Vec<&str> = (0..3).map(|_| words[next() % words.len()]).collect();
            let (title, body) = (title.join(" "), body.join(" "));
            let published = now - (next() % (730 * 86_400)) as i64;
            idx.add(&w, &plain(id, &title, &body, published)).unwrap();
            if id % 150 == 0 {
                idx.commit(&mut w, id).unwrap();
            }
        }
        let searcher = idx.searcher();
        for text in [
            "العراق",
            "العراق بغداد",
            "القوات الأمريكية",
            "اتفاق -النفط",
            "البرلمان OR النفط",
        ] {
            let parser = QueryParser::for_index(&idx.index, vec![idx.fields.body]);
            let mut parser = parser;
            parser.set_conjunction_by_default();
            let query = parser.parse_query(text).unwrap();
            let all = tantivy::collector::TopDocs::with_limit(10_000).tweak_score(
                move |segment: &tantivy::SegmentReader| {
                    let published = segment.fast_fields().i64("published").unwrap();
                    move |doc: tantivy::DocId, score: f32| {
                        score * recency(published.first(doc).unwrap_or(0), now)
                    }
                },
            );
            let (total, mut expected) = searcher.search(&query, &(Count, all)).unwrap();
            expected.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            for (offset, limit) in [(0, 10), (10, 10), (0, 1), (5, 50)] {
                let r = idx
                    .search(&SearchQuery {
                        text: text.into(),
                        limit,
                        offset,
                        now,
                        ..Default::default()
                    })
                    .unwrap();
                assert_eq!(r.total, total, "{text}");
                let want: Vec<(i64, f32)> = expected
                    .iter()
                    .skip(offset)
                    .take(limit)
                    .map(|&(score, addr)| (idx.hit(&searcher, addr, score).unwrap().id, score))
                    .collect();
                let got: Vec<(i64, f32)> = r.hits.iter().map(|h| (h.id, h.score)).collect();
                assert_eq!(got.len(), want.len(), "{text} {offset}+{limit}");
                for (g, e) in got.iter().zip(&want) {
                    assert!(
                        (g.1 - e.1).abs() <= 1e-4 * e.1.abs(),
                        "{text}: {got:?} vs {want:?}"
                    );
                }
                assert!(total > 0, "{text}");
            }
        }
    }

    #[test]
    fn cursors_page_without_repeats_or_gaps() {
        let idx = SearchIndex::in_memory().unwrap();
        let mut w = idx.writer(1, 50_000_000).unwrap();
        let now = 1_700_000_000i64;
        let add = |w: &IndexWriter, id: i64, body: &str, published: i64| {
            idx.add(w, &plain(id, "خبر", body, published)).unwrap();
        };
        // Many equal scores and equal times: ties are where keyset paging goes wrong.
        for id in 1..=95i64 {
            let body = if id % 3 == 0 {
                "العراق بغداد"
            } else {
                "العراق"
            };
            add(&w, id, body, now - (id % 4) * 3_600);
            if id % 30 == 0 {
                idx.commit(&mut w, id).unwrap();
            }
        }
        idx.commit(&mut w, 95).unwrap();
        for by_date in [false, true] {
            let q = |after: Option<SearchCursor>, limit: usize| SearchQuery {
                text: "العراق".into(),
                limit,
                now,
                by_date,
                after,
                ..Default::default()
            };
            let all: Vec<i64> = idx
                .search(&q(None, 200))
                .unwrap()
                .hits
                .iter()
                .map(|h| h.id)
                .collect();
            assert_eq!(all.len(), 95);
            let mut paged = Vec::new();
            let mut after = None;
            loop {
                let r = idx.search(&q(after, 7)).unwrap();
                assert_eq!(r.total, 95, "the total counts every match");
                paged.extend(r.hits.iter().map(|h| h.id));
                match r.next {
                    Some(c) => {
                        assert_eq!(SearchCursor::decode(&c.encode()), Some(c));
                        after = Some(c);
                    }
                    None => break,
                }
            }
            assert_eq!(paged, all, "by date: {by_date}");
        }
        // Articles added between two pages do not shift the next page (by date: the new
        // ones rank first, before the cursor).
        let q = |after| SearchQuery {
            text: "العراق".into(),
            limit: 10,
            now,
            by_date: true,
            after,
            ..Default::default()
        };
        let first = idx.search(&q(None)).unwrap();
        for id in 96..=110i64 {
            add(&w, id, "العراق", now + 60);
        }
        idx.commit(&mut w, 110).unwrap();
        let second = idx.search(&q(first.next)).unwrap();
        let seen: Vec<i64> = first.hits.iter().map(|h| h.id).collect();
        assert!(second
            .hits
            .iter()
            .all(|h| !seen.contains(&h.id) && h.id <= 95));
        assert_eq!(SearchCursor::decode("1.zz.3"), None);
        assert_eq!(SearchCursor::decode("1.0.3.4"), None);
    }

    #[test]
    fn stopword_queries_find_nothing_and_exclusions_alone_are_explained() {
        let idx = index();
        let r = idx
            .search(&SearchQuery {
                text: "ماذا قال".into(),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!((r.total, r.hits.len()), (0, 0));
        let e = idx
            .search(&SearchQuery {
                text: "-النصر".into(),
                limit: 10,
                ..Default::default()
            })
            .unwrap_err();
        assert!(e.to_string().contains("add a word to find"), "{e}");
    }

    #[test]
    fn an_index_of_another_layout_is_stale_and_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(index_path(dir.path())).unwrap();
        let mut b = Schema::builder();
        b.add_text_field("text", tantivy::schema::TEXT);
        let old = Index::create_in_dir(index_path(dir.path()), b.build()).unwrap();
        let mut w: IndexWriter = old.writer(15_000_000).unwrap();
        w.commit().unwrap();
        drop((w, old));
        let idx = SearchIndex::open(dir.path()).unwrap();
        assert!(idx.is_stale().unwrap());
        let err = idx.ensure_current().unwrap_err().to_string();
        assert!(err.contains("rasid reindex"), "{err}");
        drop(idx);
        let (idx, rebuilt) = SearchIndex::open_rebuilding(dir.path()).unwrap();
        assert!(rebuilt);
        assert!(!idx.is_stale().unwrap());
        idx.ensure_current().unwrap();
    }

    #[test]
    fn facets_count_every_match() {
        let idx = index();
        let r = idx
            .search(&SearchQuery {
                from: Some(1),
                limit: 1,
                facets: true,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r.total, 3);
        let f = r.facets.unwrap();
        assert_eq!(f.outlet.len(), 3);
        assert!(f.outlet.iter().all(|(_, n)| *n == 1));
        let months: Vec<&str> = f.month.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(months, ["2020-09", "2022-04", "2023-11"]);
        assert!(idx
            .search(&SearchQuery {
                text: "بغداد".into(),
                limit: 1,
                ..Default::default()
            })
            .unwrap()
            .facets
            .is_none());
        assert_eq!(year_month(0), (1970, 1));
        assert_eq!(year_month(951_782_400), (2000, 2)); // 2000-02-29
        assert_eq!(year_month(-1), (1969, 12));
    }

    #[test]
    fn tags_and_entities_match_and_count_across_spellings() {
        let idx = SearchIndex::in_memory().unwrap();
        let mut w = idx.writer(1, 50_000_000).unwrap();
        let spellings = [
            (1, "إيران", "person:دونالد ترامب"),
            (2, "إيران", "person:دونالد ترامب"),
            (3, "ايران", "person:دونالد ترمب"),
            (4, "العراق", "place:العراق"),
        ];
        for (id, tag, entity) in spellings {
            let mut d = plain(id, "خبر", "نص الخبر", 1_700_000_000 + id);
            d.tags = vec![tag];
            d.entities = vec![entity.to_owned()];
            idx.add(&w, &d).unwrap();
        }
        idx.commit(&mut w, 4).unwrap();
        let found = |tag: Option<&str>, entity: Option<&str>| -> Vec<i64> {
            let r = idx
                .search(&SearchQuery {
                    tag: tag.map(Into::into),
                    entity: entity.map(Into::into),
                    from: Some(1),
                    limit: 10,
                    ..Default::default()
                })
                .unwrap();
            let mut v: Vec<i64> = r.hits.iter().map(|h| h.id).collect();
            v.sort();
            v
        };
        assert_eq!(found(Some("ايران"), None), [1, 2, 3]);
        assert_eq!(found(Some("إيران"), None), [1, 2, 3]);
        assert_eq!(found(None, Some("person:دونالد ترمب")), [1, 2, 3]);
        assert_eq!(found(None, Some("place:دونالد ترامب")), Vec::<i64>::new());
        let f = idx
            .search(&SearchQuery {
                from: Some(1),
                limit: 1,
                facets: true,
                ..Default::default()
            })
            .unwrap()
            .facets
            .unwrap();
        // One value per name, written the way most articles write it.
        assert_eq!(f.tag, [("إيران".to_owned(), 3), ("العراق".to_owned(), 1)]);
        assert_eq!(f.entity[0], ("person:دونالد ترامب".to_owned(), 3));

        // The archive's lists count the same, are kept while nothing is written (a reload
        // alone does not count again), and count again after a write.
        let archive = idx.archive_facets().unwrap();
        assert_eq!(archive.tag, f.tag);
        idx.refresh().unwrap();
        assert!(std::sync::Arc::ptr_eq(
            &archive,
            &idx.archive_facets().unwrap()
        ));
        let mut d = plain(5, "خبر", "نص الخبر", 1_700_000_005);
        d.tags = vec!["العراق"];
        idx.add(&w, &d).unwrap();
        idx.commit(&mut w, 5).unwrap();
        let archive = idx.archive_facets().unwrap();
        assert_eq!(
            archive.tag,
            [("إيران".to_owned(), 3), ("العراق".to_owned(), 2)]
        );
    }

    #[test]
    fn what_the_latest_days_cover_more_than_before_rises() {
        let idx = SearchIndex::in_memory().unwrap();
        let mut w = idx.writer(1, 50_000_000).unwrap();
        let day = 86_400;
        // Forty days before the window: السعودية in every article, the weather in one.
        // The window (the last ten articles): السعودية still in every one, a person in
        // six (written two ways), the weather in one, a town in two.
        let mut id = 0;
        for i in 0..50 {
            id += 1;
            let window = i >= 40;
            let mut d = plain(id, "خبر", "نص الخبر", 1_700_000_000 + i * day);
            d.tags = vec!["الطقس"];
            d.tags.truncate(usize::from(i % 10 == 0));
            let mut entities = vec!["place:السعودية".to_owned()];
            if window && i < 46 {
                let name = if i < 44 {
                    "دونالد ترامب"
                } else {
                    "دونالد ترمب"
                };
                entities.push(format!("person:{name}"));
            }
            if window && i >= 48 {
                entities.push("place:إسطنبول".to_owned());
            }
            d.entities = entities;
            idx.add(&w, &d).unwrap();
        }
        idx.commit(&mut w, id).unwrap();
        let from = 1_700_000_000 + 40 * day;
        let found = idx.rising(from, i64::MAX, 2).unwrap();
        assert_eq!(found.articles, 10);
        let names: Vec<(&str, u64)> = found
            .entity
            .iter()
            .map(|r| (r.value.as_str(), r.count))
            .collect();
        // Every day's name does not rise; a town in two articles, new, ranks after the
        // person in six; the weather (one article of the window) is under the floor.
        assert_eq!(
            names,
            [("person:دونالد ترامب", 6), ("place:إسطنبول", 2)],
            "{found:?}"
        );
        assert_eq!(found.entity[1].expected, Some(0.0));
        assert!(found.tag.is_empty(), "{found:?}");

        // With less history than the window, nothing rises against it: counts alone.
        let all = idx.rising(1, i64::MAX, 2).unwrap();
        assert_eq!(all.entity[0].value, "place:السعودية");
        assert_eq!(all.entity[0].expected, None);
        assert_eq!(rising_score(6, 0, 10, 40), (6.0 * 7f64.ln(), Some(0.0)));
        assert!(rising_score(10, 40, 10, 40).0 == 0.0);
    }

    #[test]
    fn results_can_be_ranked_newest_first() {
        let idx = index();
        let r = idx
            .search(&SearchQuery {
                from: Some(1),
                limit: 3,
                by_date: true,
                ..Default::default()
            })
            .unwrap();
        let times: Vec<i64> = r.hits.iter().map(|h| h.published.unwrap()).collect();
        let mut sorted = times.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted);
        assert_eq!(times.len(), 3);
    }

    #[test]
    fn morphological_variants_match() {
        let idx = index();
        assert_eq!(ids(&idx, "فلسطين"), [1]);
        assert_eq!(ids(&idx, "مسؤول"), [2]);
        assert_eq!(ids(&idx, "العراق"), [2]);
        assert_eq!(idx.indexed_up_to().unwrap(), 3);
    }

    #[test]
    fn phrases_exclusion_or_and_filters() {
        let idx = index();
        assert_eq!(ids(&idx, "\"الضفة الغربية\""), [1]);
        assert_eq!(ids(&idx, "النصر OR بغداد"), [2, 3]);
        assert_eq!(ids(&idx, "النصر -الهلال"), Vec::<i64>::new());
        let r = idx
            .search(&SearchQuery {
                text: "بغداد OR النصر".into(),
                outlet: Some("arriyadiyah".into()),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r.hits.iter().map(|h| h.id).collect::<Vec<_>>(), [3]);
        let r = idx
            .search(&SearchQuery {
                text: "النصر OR بغداد OR فلسطين".into(),
                from: Some(1_640_000_000),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(r.total, 2);
    }

    #[test]
    fn snippets_cut_at_multibyte_spaces() {
        let text = "كلمة\u{a0}".repeat(300) + "المسؤولين";
        let s = snippet(&text, &["مسؤول".to_owned()], 60);
        assert!(s.contains("<b>المسؤولين</b>"), "{s}");
    }

    #[test]
    fn snippets_show_the_window_with_the_most_distinct_words() {
        let text = format!(
            "{} {} اجتمع وزير الخارجية العراقي مع نظيره في بغداد",
            "الوزير يتحدث اليوم ".repeat(3),
            "كلام آخر لا علاقة له ".repeat(40)
        );
        let s = snippet(&text, &["وزير".to_owned(), "بغداد".to_owned()], 60);
        assert!(s.contains("<b>بغداد</b>"), "{s}");
        assert!(snippet(&text, &[], 60).starts_with("الوزير"));
    }

    #[test]
    fn snippets_highlight_stems() {
        let s = snippet(
            "اجتمع المسؤولين العراقيين مع الوفد",
            &["مسؤول".to_owned()],
            80,
        );
        assert!(s.contains("<b>المسؤولين</b>"), "{s}");
    }
}
