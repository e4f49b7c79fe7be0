//! rasid's enrichment stage: what an article is about, derived by rasid itself.
//!
//! Pure: no IO (the trained model is passed in, or the one compiled into the binary is
//! used). [`entities`] finds people, places and organisations ([`latin`] in English and
//! French text); [`sections`] classifies an article into rasid's sections with a linear model
//! over the analyzer's stems and stem pairs, trained by `rasid train-sections`; [`keyphrases`]
//! picks the phrases an article is about against corpus frequencies the caller keeps;
//! [`terms`] is the one analysis of the words they share.

pub mod entities;
pub mod keyphrases;
pub mod latin;
pub mod sections;
pub mod terms;

/// Key phrases kept per article.
pub const KEY_PHRASES: usize = 8;

/// What rasid derives about one article: its section, its entities and its key phrases.
#[derive(Clone, Debug, PartialEq)]
pub struct Enrichment {
    pub section: sections::Assigned,
    pub entities: Vec<entities::Entity>,
    pub key_phrases: Vec<keyphrases::Phrase>,
}

/// What enrichment learns from the corpus as articles arrive: the key phrases' document
/// frequencies and the people named after titles. Shared by the workers and saved with
/// the data by the caller. Each article is read against it and counted into it; the
/// counting may be put off ([`enrich_tallied`], [`Learned::count`]) so that articles
/// enriched at once on several threads are counted in their input's order, and the same
/// input learns the same whatever thread finished first.
#[derive(Default)]
pub struct Learned {
    pub phrases: keyphrases::PhraseFrequencies,
    pub names: entities::Names,
}

/// What one article adds to [`Learned`] ([`enrich_tallied`]), to count when its turn
/// comes.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    phrases: Vec<u64>,
    names: entities::NamesTally,
}

impl Learned {
    /// Counts an article's tally in.
    pub fn count(&self, tally: Tally) {
        self.phrases.add_keys(&tally.phrases);
        self.names.count(tally.names);
    }
}

/// Enriches an article with the built-in section model: `publisher_section` is the
/// publisher's own label, if any; `url` gives path hints. The article is counted into
/// `learned` (the phrase frequencies its key phrases are weighed against, the people it
/// names); its key phrases are weighed with it counted. The title and body are analysed
/// once for the section model and the key phrases.
pub fn enrich(
    title: &str,
    body: &str,
    publisher_section: Option<&str>,
    url: Option<&str>,
    learned: &Learned,
) -> Enrichment {
    enrich_analysed(
        &terms::Terms::new(title, body),
        publisher_section,
        url,
        learned,
    )
}

/// [`enrich`] of an article whose title and body the caller analysed already (to read
/// more from the same analysis).
pub fn enrich_analysed(
    terms: &terms::Terms<'_>,
    publisher_section: Option<&str>,
    url: Option<&str>,
    learned: &Learned,
) -> Enrichment {
    let (found, tally) = enrich_tallied(terms, publisher_section, url, learned);
    learned.count(tally);
    found
}

/// [`enrich_analysed`] without the counting: `learned` is only read (the key phrases
/// weighed as though the article were counted in), and what the article adds to it is
/// returned for the caller to count ([`Learned::count`]).
pub fn enrich_tallied(
    terms: &terms::Terms<'_>,
    publisher_section: Option<&str>,
    url: Option<&str>,
    learned: &Learned,
) -> (Enrichment, Tally) {
    let (title, body) = (terms.title_text, terms.body_text);
    let section = sections::assign(sections::Model::builtin(), publisher_section, url, terms);
    let (entities, names_tally) = entities::entities_tallied(title, body, &learned.names);
    let analysis = keyphrases::Analysis::new(terms);
    let names: Vec<String> = entities.iter().map(|e| e.name.clone()).collect();
    let key_phrases = analysis.key_phrases_counted_in(&learned.phrases, &names, KEY_PHRASES);
    let tally = Tally {
        phrases: analysis.keys().to_vec(),
        names: names_tally,
    };
    let found = Enrichment {
        section,
        entities,
        key_phrases,
    };
    (found, tally)
}
