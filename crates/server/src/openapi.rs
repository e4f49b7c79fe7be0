//! The OpenAPI 3.1 document of the JSON API, generated from the handlers' annotations and
//! the schemas below (utoipa), served at `/openapi.json`. The schemas describe the JSON
//! the handlers build.

use utoipa::{OpenApi, ToSchema};

/// An error: `{"error": {"code", "message"}}`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    /// `bad_request`, `not_found` or `internal`.
    code: String,
    /// What went wrong and what to do.
    message: String,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Health {
    /// `ok`.
    status: String,
    articles: i64,
    indexed: u64,
}

/// One search result.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SearchHit {
    id: i64,
    /// The story the article is in (null until it is linked).
    story: Option<i64>,
    external_id: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    /// RFC 3339.
    published: Option<String>,
    /// HTML: escaped text with the matched words in `<b>`.
    snippet: String,
    score: f32,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FacetValue {
    value: String,
    count: u64,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SearchFacets {
    source: Vec<FacetValue>,
    section: Vec<FacetValue>,
    tag: Vec<FacetValue>,
    entity: Vec<FacetValue>,
    month: Vec<FacetValue>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SearchResponse {
    total: u64,
    results: Vec<SearchHit>,
    /// Pass as `cursor` for the next page; null on the last.
    next: Option<String>,
    /// With `facets=true`.
    facets: Option<SearchFacets>,
}

/// An entity of an article.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct EntityMention {
    name: String,
    /// `person`, `place` or `organisation`.
    kind: String,
    mentions: u32,
}

/// A stored article.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Article {
    id: i64,
    external_id: Option<String>,
    url: Option<String>,
    canonical_url: Option<String>,
    outlet: Option<String>,
    /// The name the outlet gives itself on its pages, when it has one other than its key.
    outlet_name: Option<String>,
    title: Option<String>,
    lead: Option<String>,
    /// Paragraphs separated by a blank line.
    body: String,
    authors: Vec<String>,
    published: Option<String>,
    updated: Option<String>,
    lang: Option<String>,
    dir: Option<String>,
    /// rasid's section.
    section: Option<String>,
    publisher_section: Option<String>,
    section_confidence: Option<f32>,
    /// The publisher's tags.
    tags: Vec<String>,
    /// rasid's key phrases.
    key_phrases: Vec<String>,
    entities: Vec<EntityMention>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StoryMember {
    id: i64,
    external_id: Option<String>,
    url: Option<String>,
    source: Option<String>,
    title: Option<String>,
    published: Option<String>,
}

/// A story: coverage of one event across outlets, with its provenance.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Story {
    id: i64,
    /// The most central member's title.
    title: Option<String>,
    first_published: Option<String>,
    first_outlet: Option<String>,
    /// The agency most members credit.
    origin: Option<String>,
    outlets: Vec<String>,
    articles: Vec<StoryMember>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StoriesPage {
    stories: Vec<Story>,
    /// Pass as `cursor` for the next page; null on the last.
    next: Option<String>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RelatedArticle {
    id: i64,
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    published: Option<String>,
    story: Option<i64>,
    /// `same story`, or `shares: …`.
    reason: String,
    /// For an article of another story: the tags, entities and title words it shares with
    /// the article (the rarest first, at most four), as `reason` names them.
    shared: Option<Vec<String>>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Related {
    id: i64,
    story: Option<i64>,
    related: Vec<RelatedArticle>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CountValue {
    value: String,
    count: u64,
    /// Entities: the kind.
    kind: Option<String>,
    /// Entities: the name; outlets: the name a reader knows it by (rasid's table's, else
    /// the name its pages give it, else its key).
    name: Option<String>,
    /// `order=rising`: the articles of the period its share of the archive's other
    /// articles would give (null when the archive holds less than the period before it).
    expected: Option<f64>,
    /// `order=rising`: count × ln((count + 1) / (expected + 1)), the order of the list.
    score: Option<f64>,
}

/// A story as a topic names it.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TopicStory {
    id: i64,
    /// The title of its best-ranked article that names the topic.
    title: String,
}

/// A person, place, organisation or tag in the news.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Topic {
    name: String,
    /// The span's articles that carry it.
    count: u64,
    /// In none of the archive's articles before the span.
    new: bool,
    /// The story holding most of those articles.
    story: Option<TopicStory>,
}

/// What the span's news is about, each list most rising first.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Topics {
    /// The span's end: the archive's latest publication (null for an empty archive).
    until: Option<String>,
    /// The span's articles.
    articles: u64,
    person: Vec<Topic>,
    place: Vec<Topic>,
    organisation: Vec<Topic>,
    tag: Vec<Topic>,
}

/// An agency an outlet's stories came from.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct OutletOrigin {
    /// The agency (`Reuters`, `SPA`, `AFP` …).
    agency: String,
    /// Its stories that came from it.
    stories: i64,
}

/// An outlet and its record as a reporter, read from the stories of its latest articles.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Outlet {
    /// The key the archive files it under.
    key: String,
    /// Its name as a reader knows it.
    name: String,
    /// Its articles.
    articles: i64,
    /// Its latest articles read for the record (5,000 at most).
    read: i64,
    /// Their stories that other outlets carried too.
    shared_stories: i64,
    /// Of those, the ones it published first.
    first: i64,
    /// The agencies their stories came from, most first (five at most).
    origins: Vec<OutletOrigin>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Counts {
    values: Vec<CountValue>,
}

/// A followed feed and its health.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Feed {
    id: i64,
    url: String,
    title: Option<String>,
    section: Option<String>,
    folder: Option<String>,
    site_url: Option<String>,
    /// `rss`, `atom`, `json` or `sitemap`.
    format: Option<String>,
    last_checked: Option<String>,
    last_success: Option<String>,
    last_error: Option<String>,
    last_error_at: Option<String>,
    error_kind: Option<String>,
    consecutive_failures: u32,
    next_check: Option<String>,
    interval_secs: Option<i64>,
    items_stored: i64,
    created_at: String,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Feeds {
    feeds: Vec<Feed>,
}

/// A feed to follow.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct NewFeed {
    /// An http or https URL of a public address (a feed, a sitemap, or a site's page).
    #[schema(pattern = "^https?://[^/?#\\s]+[.][^/?#\\s]+([/?#][^\\s]*)?$")]
    url: String,
    /// One of rasid's sections.
    #[schema(
        pattern = "^(politics|world|middle-east|economy|sports|technology|culture|health|society|other)$"
    )]
    section: Option<String>,
    folder: Option<String>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FeedAdded {
    id: i64,
    /// False when the URL was followed already.
    new: bool,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SitesSaved {
    /// How many sites have a rule now.
    sites: usize,
}

/// The bearer token of the feeds API.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    modifiers(&BearerToken),
    info(
        title = "rasid",
        description = "The JSON API of rasid (راصد), an Arabic-first news aggregation engine: search, articles, stories (coverage of one event across outlets), related articles, and counts of tags, entities, outlets and sections. Lists page by keyset cursors; errors are {\"error\": {\"code\", \"message\"}}.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        crate::healthz,
        crate::search,
        crate::article,
        crate::related,
        crate::stories,
        crate::story,
        crate::list_tags,
        crate::list_entities,
        crate::list_outlets,
        crate::outlet,
        crate::list_sections,
        crate::topics,
        crate::web::admin::api_list,
        crate::web::admin::api_add,
        crate::web::admin::api_delete,
        crate::web::admin::api_export,
        crate::web::admin::api_sites,
        crate::web::admin::api_put_sites
    ),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        Health,
        SearchHit,
        FacetValue,
        SearchFacets,
        SearchResponse,
        EntityMention,
        Article,
        StoryMember,
        Story,
        StoriesPage,
        RelatedArticle,
        Related,
        CountValue,
        Counts,
        OutletOrigin,
        Outlet,
        TopicStory,
        Topic,
        Topics,
        SitesSaved
    ))
)]
pub struct ApiDoc;

/// The document, as JSON.
pub fn document() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
