//! rasid's enrichment stage: what an article is about, derived by rasid itself.
//!
//! Pure: no IO (the trained model is passed in, or the one compiled into the binary is
//! used). [`entities`] finds people, places and organisations; [`sections`] classifies an article into rasid's sections with a linear model
//! over the analyzer's stems and stem pairs, trained by `rasid train-sections`.

pub mod entities;
pub mod keyphrases;
pub mod sections;

/// What rasid derives about one article: its section and its entities.
#[derive(Clone, Debug, PartialEq)]
pub struct Enrichment {
    pub section: sections::Assigned,
    pub entities: Vec<entities::Entity>,
}

/// Enriches an article with the built-in section model: `publisher_section` is the
/// publisher's own label, if any; `url` gives path hints.
pub fn enrich(
    title: &str,
    body: &str,
    publisher_section: Option<&str>,
    url: Option<&str>,
) -> Enrichment {
    Enrichment {
        section: sections::assign(
            sections::Model::builtin(),
            publisher_section,
            url,
            title,
            body,
        ),
        entities: entities::entities(title, body),
    }
}
