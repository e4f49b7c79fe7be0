//! The web reader: server-rendered pages in Arabic (English on request), right to left,
//! readable on a phone, working without JavaScript; output feeds for every list; strict
//! security headers.

pub mod admin;
pub mod feeds;
pub mod i18n;
pub mod pages;
pub mod topics;

use crate::AppState;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use feeds::Format;
use i18n::Prefs;
use maud::{html, Markup, DOCTYPE};
use pages::ListParams;
use std::sync::Arc;

/// The stylesheet, compiled in.
const STYLE: &str = include_str!("style.css");

/// The icon: راصد's initial on the accent colour.
const ICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\
<rect width=\"64\" height=\"64\" rx=\"14\" fill=\"#0b6e4f\"/>\
<text x=\"32\" y=\"46\" font-size=\"40\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"serif\">ر</text></svg>";

/// The stylesheet's URL carries a hash of its content, so it can be cached for good.
fn style_path() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in STYLE.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("/static/style.{:08x}.css", h as u32)
}

/// What every page needs: the reader's settings, the time, the site's own URL.
#[derive(Clone)]
pub struct Ctx {
    pub prefs: Prefs,
    pub now: i64,
    /// `http://host` as the request named it (for feeds' absolute links).
    pub base: String,
    /// The names outlets give themselves, by key (see [`Ctx::outlet`]).
    pub outlets: Arc<OutletNames>,
}

/// Outlets' own names (their pages' `og:site_name`), by key.
pub type OutletNames = std::collections::HashMap<String, String>;

impl Ctx {
    pub(crate) fn from(headers: &HeaderMap) -> Ctx {
        let prefs = Prefs::from_cookies(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()));
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .filter(|h| {
                h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            })
            .unwrap_or("localhost");
        Ctx {
            prefs,
            now: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            base: format!("http://{host}"),
            outlets: Arc::default(),
        }
    }

    /// An outlet's name as a reader knows it: rasid's own table's, in the reader's
    /// language (skynews → سكاي نيوز عربية), else the name the outlet's pages give it,
    /// else the key the archive files it under.
    pub fn outlet<'a>(&'a self, key: &'a str) -> &'a str {
        outlet_name(key, &self.outlets, self.prefs.english)
    }
}

/// An outlet's name as a reader knows it: rasid's own table's (skynews → سكاي نيوز
/// عربية; in English with `english`), else the name its pages give it (`names`, from
/// [`rasid_store::Store::outlet_names`]), else the key the archive files it under. The
/// reader, the API's outlet list and the CLI all name outlets by it.
pub fn outlet_name<'a>(key: &'a str, names: &'a OutletNames, english: bool) -> &'a str {
    rasid_text::outlets::name(key, english)
        .or_else(|| names.get(key).map(String::as_str))
        .unwrap_or(key)
}

/// A page's content, put into the layout.
pub struct Page {
    pub title: String,
    pub body: Markup,
    /// Its Atom feed, if it has one.
    pub feed: Option<String>,
}

fn layout(cx: &Ctx, page: Page, path: &str) -> Markup {
    let p = cx.prefs;
    let other_lang = if p.english { "ar" } else { "en" };
    let other_digits = if p.arabic_digits { "latin" } else { "arabic" };
    let back = pages::enc(path);
    html! {
        (DOCTYPE)
        html lang=(p.lang()) dir=(p.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (page.title) " — " (p.t("site")) }
                link rel="stylesheet" href=(style_path());
                link rel="icon" type="image/svg+xml" href="/favicon.svg";
                @if let Some(f) = &page.feed {
                    link rel="alternate" type="application/atom+xml" title=(page.title) href=(f);
                }
                meta name="color-scheme" content="light dark";
            }
            body {
                // For the keyboard: the first Tab offers to jump past the header.
                a.skip href="#main" { (p.t("skip_to_content")) }
                header.top {
                    div.wrap {
                        a.brand href="/" { (p.t("site")) }
                        span.tagline { (p.t("tagline")) }
                        a.topics href="/topics" { (p.t("in_the_news")) }
                        form.search method="get" action="/search" role="search" {
                            input type="search" name="q" placeholder=(p.t("search_placeholder")) aria-label=(p.t("search")) dir="auto";
                            button type="submit" { (p.t("search")) }
                        }
                    }
                }
                main.wrap id="main" tabindex="-1" { (page.body) }
                footer.bottom {
                    div.wrap {
                        a href={ "/settings?lang=" (other_lang) "&back=" (back) } { (p.t("language")) }
                        a href={ "/settings?digits=" (other_digits) "&back=" (back) } { (p.t("digits")) }
                        @if let Some(f) = &page.feed { a href=(f) { (p.t("feed")) " (Atom)" } }
                        a href="/api/v1/stories" { "API" }
                    }
                }
            }
        }
    }
}

pub(crate) fn html_response(cx: &Ctx, page: Page, path: &str) -> Response {
    (
        [(header::CACHE_CONTROL, "no-cache")],
        axum::response::Html(layout(cx, page, path).into_string()),
    )
        .into_response()
}

pub(crate) fn not_found(cx: &Ctx) -> Response {
    let page = Page {
        title: cx.prefs.t("not_found").to_owned(),
        body: html! { h1 { (cx.prefs.t("not_found")) } p { a href="/" { (cx.prefs.t("home")) } } },
        feed: None,
    };
    (StatusCode::NOT_FOUND, html_response(cx, page, "/")).into_response()
}

/// The query string of a reader page: a parameter that does not read (`?page=x`) is
/// answered with the reader's 400 page in the reader's language, not a line of plain
/// text.
struct PageQuery<T>(T);

impl<T, S> axum::extract::FromRequestParts<S> for PageQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        crate::ApiQuery::<T>::from_request_parts(parts, state)
            .await
            .map(|crate::ApiQuery(v)| PageQuery(v))
            .map_err(|e| failed(&Ctx::from(&parts.headers), &e.message))
    }
}

/// A request the reader cannot answer as asked (a malformed query or filter): 400, the
/// reason as given.
fn failed(cx: &Ctx, message: &str) -> Response {
    error_page(cx, StatusCode::BAD_REQUEST, "bad_request", message)
}

/// The archive could not be read (the work panicked or was cancelled; the log has why):
/// 500, in the reader's language.
fn unavailable(cx: &Ctx) -> Response {
    let message = cx.prefs.t("unavailable_hint");
    error_page(
        cx,
        StatusCode::INTERNAL_SERVER_ERROR,
        "unavailable",
        message,
    )
}

fn error_page(cx: &Ctx, status: StatusCode, title: &str, message: &str) -> Response {
    let title = cx.prefs.t(title).to_owned();
    let page = Page {
        body: html! { h1 { (title) } p dir="auto" { (message) } },
        title,
        feed: None,
    };
    (status, html_response(cx, page, "/")).into_response()
}

/// Runs `f` with the request's context (the outlets' names filled in), a store
/// connection and the index, off the async threads.
async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    cx: &Ctx,
    f: impl FnOnce(&Ctx, &rasid_store::Store, &rasid_search::SearchIndex) -> T + Send + 'static,
) -> Option<T> {
    let mut cx = cx.clone();
    let st = state.clone();
    state
        .blocking(move |s, i| {
            cx.outlets = st.outlet_names(s);
            f(&cx, s, i)
        })
        .await
        .ok()
}

#[derive(serde::Deserialize)]
struct HomeParams {
    section: Option<String>,
    page: Option<usize>,
}

async fn home(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    PageQuery(q): PageQuery<HomeParams>,
) -> Response {
    let cx = Ctx::from(&headers);
    let section = q.section.filter(|s| pages::tab_sections().any(|t| t == s));
    let page = q.page.unwrap_or(1);
    let path = "/".to_owned();
    match blocking(&state, &cx, move |cx, s, i| {
        pages::home(cx, s, i, section.as_deref(), page)
    })
    .await
    {
        Some(p) => html_response(&cx, p, &path),
        None => unavailable(&cx),
    }
}

#[derive(serde::Deserialize)]
struct TopicsParams {
    days: Option<u32>,
}

/// "In the news": what the archive's latest days cover more than usual.
async fn topics(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    PageQuery(q): PageQuery<TopicsParams>,
) -> Response {
    let cx = Ctx::from(&headers);
    let days = q.days.unwrap_or(topics::DEFAULT_DAYS);
    if !topics::WINDOWS.contains(&days) {
        return failed(&cx, &format!("days: {days} is not a period; use 1, 3 or 7"));
    }
    match blocking(&state, &cx, move |cx, s, i| {
        topics::cached(s, i, days).map(|t| topics::page(cx, &t, days))
    })
    .await
    {
        Some(Ok(p)) => html_response(&cx, p, &format!("/topics?days={days}")),
        Some(Err(e)) => {
            tracing::error!("topics: {e}");
            unavailable(&cx)
        }
        None => unavailable(&cx),
    }
}

async fn home_feed(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(ext): UrlPath<String>,
) -> Response {
    let cx = Ctx::from(&headers);
    let Some(format) = Format::of(&format!("feed.{ext}")).map(|x| x.1) else {
        return not_found(&cx);
    };
    match blocking(&state, &cx, move |cx, s, _| pages::home_feed(cx, s, format)).await {
        Some(feed) => feed.respond(format, &headers),
        None => unavailable(&cx),
    }
}

async fn story(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let cx = Ctx::from(&headers);
    if let Some((stem, format)) = Format::of(&id) {
        let Ok(n) = stem.parse::<i64>() else {
            return not_found(&cx);
        };
        return match blocking(&state, &cx, move |cx, s, _| {
            pages::story_feed(cx, s, n, format)
        })
        .await
        .flatten()
        {
            Some(feed) => feed.respond(format, &headers),
            None => not_found(&cx),
        };
    }
    let Ok(n) = id.parse::<i64>() else {
        return not_found(&cx);
    };
    match blocking(&state, &cx, move |cx, s, i| pages::story(cx, s, i, n))
        .await
        .flatten()
    {
        Some(p) => html_response(&cx, p, &format!("/story/{n}")),
        None => not_found(&cx),
    }
}

async fn article(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let cx = Ctx::from(&headers);
    let Ok(n) = id.parse::<i64>() else {
        return not_found(&cx);
    };
    match blocking(&state, &cx, move |cx, s, i| pages::article(cx, s, i, n))
        .await
        .flatten()
    {
        Some(p) => html_response(&cx, p, &format!("/article/{n}")),
        None => not_found(&cx),
    }
}

/// Which list a path names: search, or one filter fixed.
#[derive(Clone, Copy)]
enum List {
    Search,
    Tag,
    Entity,
    Source,
    Section,
}

async fn list_page(
    state: Arc<AppState>,
    headers: HeaderMap,
    kind: List,
    value: Option<String>,
    mut params: ListParams,
) -> Response {
    let cx = Ctx::from(&headers);
    let (value, format) = match value.as_deref().and_then(Format::of) {
        Some((stem, f)) => (Some(stem.to_owned()), Some(f)),
        None => (value, None),
    };
    let (path, heading) = match (kind, &value) {
        (List::Search, _) => ("/search".to_owned(), None),
        (_, None) => return not_found(&cx),
        (List::Tag, Some(v)) => {
            params.tag = Some(v.clone());
            (format!("/tag/{}", pages::enc(v)), Some(format!("# {v}")))
        }
        (List::Entity, Some(v)) => {
            params.entity = Some(v.clone());
            let name = v.split_once(':').map_or(v.as_str(), |x| x.1).to_owned();
            (format!("/entity/{}", pages::enc(v)), Some(name))
        }
        // Named by the outlet's name, which the page's context knows (below).
        (List::Source, Some(v)) => {
            params.source = Some(v.clone());
            (format!("/source/{}", pages::enc(v)), None)
        }
        (List::Section, Some(v)) => {
            params.section = Some(v.clone());
            (
                format!("/section/{}", pages::enc(v)),
                Some(cx.prefs.t(v).to_owned()),
            )
        }
    };
    let by_date = !matches!(kind, List::Search);
    let source = value.filter(|_| matches!(kind, List::Source));
    let heading_in = move |cx: &Ctx| heading.or_else(|| source.map(|v| cx.outlet(&v).to_owned()));
    let p2 = path.clone();
    if let Some(format) = format {
        return match blocking(&state, &cx, move |cx, s, i| {
            let title = heading_in(cx).unwrap_or_else(|| params.q.clone().unwrap_or_default());
            pages::list_feed(cx, s, i, &params, title, &p2, format)
        })
        .await
        {
            Some(Ok(feed)) => feed.respond(format, &headers),
            Some(Err(e)) => failed(&cx, &e),
            None => unavailable(&cx),
        };
    }
    match blocking(&state, &cx, move |cx, s, i| {
        pages::list(cx, s, i, &params, heading_in(cx), &p2, by_date)
    })
    .await
    {
        Some(Ok(page)) => html_response(&cx, page, &path),
        Some(Err(e)) => failed(&cx, &e),
        None => unavailable(&cx),
    }
}

async fn search(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    PageQuery(p): PageQuery<ListParams>,
) -> Response {
    list_page(state, headers, List::Search, None, p).await
}

async fn search_feed(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(ext): UrlPath<String>,
    PageQuery(p): PageQuery<ListParams>,
) -> Response {
    // /search.atom?q=… is the feed of that search.
    let cx = Ctx::from(&headers);
    let Some((_, format)) = Format::of(&format!("search.{ext}")) else {
        return not_found(&cx);
    };
    let title = p.q.clone().unwrap_or_default();
    match blocking(&state, &cx, move |cx, s, i| {
        pages::list_feed(cx, s, i, &p, title, "/search", format)
    })
    .await
    {
        Some(Ok(feed)) => feed.respond(format, &headers),
        Some(Err(e)) => failed(&cx, &e),
        None => unavailable(&cx),
    }
}

async fn tag(
    State(s): State<Arc<AppState>>,
    h: HeaderMap,
    UrlPath(v): UrlPath<String>,
    PageQuery(p): PageQuery<ListParams>,
) -> Response {
    list_page(s, h, List::Tag, Some(v), p).await
}
async fn entity(
    State(s): State<Arc<AppState>>,
    h: HeaderMap,
    UrlPath(v): UrlPath<String>,
    PageQuery(p): PageQuery<ListParams>,
) -> Response {
    list_page(s, h, List::Entity, Some(v), p).await
}
/// An outlet's page. The outlet may be named as a reader would (`/source/cnn`,
/// `/source/سكاي نيوز عربية`): that goes to its page under its key; a name no outlet has
/// is not found.
async fn source(
    State(s): State<Arc<AppState>>,
    h: HeaderMap,
    UrlPath(v): UrlPath<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    PageQuery(p): PageQuery<ListParams>,
) -> Response {
    let cx = Ctx::from(&h);
    let (stem, ext) = match Format::of(&v) {
        Some((stem, f)) => (stem.to_owned(), format!(".{}", f.extension())),
        None => (v.clone(), String::new()),
    };
    let given = stem.clone();
    match blocking(&s, &cx, move |_, store, _| store.outlet_key(&given)).await {
        Some(Ok(Some(key))) if key == stem => list_page(s, h, List::Source, Some(v), p).await,
        Some(Ok(Some(key))) => {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            Redirect::permanent(&format!("/source/{}{ext}{query}", pages::enc(&key)))
                .into_response()
        }
        Some(Ok(None)) => not_found(&cx),
        Some(Err(e)) => failed(&cx, &e.to_string()),
        None => unavailable(&cx),
    }
}
/// A section's page. A label that names a section (`/section/Sports`, `/section/رياضة`)
/// goes to its page under its slug; a name of no section is not found.
async fn section(
    State(s): State<Arc<AppState>>,
    h: HeaderMap,
    UrlPath(v): UrlPath<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    PageQuery(p): PageQuery<ListParams>,
) -> Response {
    let (stem, ext) = match Format::of(&v) {
        Some((stem, f)) => (stem, format!(".{}", f.extension())),
        None => (v.as_str(), String::new()),
    };
    match rasid_enrich::sections::map_label(stem) {
        Some(slug) if slug == stem => list_page(s, h, List::Section, Some(v), p).await,
        Some(slug) => {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            Redirect::permanent(&format!("/section/{slug}{ext}{query}")).into_response()
        }
        None => not_found(&Ctx::from(&h)),
    }
}

#[derive(serde::Deserialize)]
struct SettingsParams {
    lang: Option<String>,
    digits: Option<String>,
    back: Option<String>,
}

/// Sets the language or digits cookie and goes back (only ever to a path of this site).
async fn settings(PageQuery(q): PageQuery<SettingsParams>) -> Response {
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".to_owned());
    let mut resp = Redirect::to(&back).into_response();
    let cookie =
        |k: &str, v: &str| format!("{k}={v}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
    if let Some(l) = q.lang.filter(|l| l == "ar" || l == "en") {
        if let Ok(v) = HeaderValue::from_str(&cookie("lang", &l)) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    if let Some(d) = q.digits.filter(|d| d == "arabic" || d == "latin") {
        if let Ok(v) = HeaderValue::from_str(&cookie("digits", &d)) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

async fn icon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON,
    )
        .into_response()
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        STYLE,
    )
        .into_response()
}

/// The pages' routes.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(home))
        .route("/feed.{ext}", get(home_feed))
        .route("/story/{id}", get(story))
        .route("/article/{id}", get(article))
        .route("/search", get(search))
        .route("/topics", get(topics))
        .route("/search.{ext}", get(search_feed))
        .route("/tag/{t}", get(tag))
        .route("/entity/{e}", get(entity))
        .route("/source/{s}", get(source))
        .route("/section/{s}", get(section))
        .route("/settings", get(settings))
        .route("/admin", get(admin::page))
        .route("/admin/login", axum::routing::post(admin::login))
        .route("/admin/logout", axum::routing::post(admin::logout))
        .route("/admin/feeds", axum::routing::post(admin::add))
        .route(
            "/admin/feeds/{id}/delete",
            axum::routing::post(admin::delete),
        )
        .route("/admin/import", axum::routing::post(admin::import))
        .route(
            "/admin/sites",
            get(admin::sites_page).post(admin::save_sites),
        )
        .route("/admin/feeds.opml", get(admin::export))
        .route(&style_path(), get(style))
        .route("/favicon.svg", get(icon))
        .route("/favicon.ico", get(icon))
}

/// The security headers every response carries: a strict Content-Security-Policy (no
/// script at all, styles from this site, images from anywhere over https), no framing,
/// no sniffing, no referrer to other sites.
pub async fn security_headers(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let mut put = |k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    put(
        "content-security-policy",
        "default-src 'none'; style-src 'self'; img-src 'self' https: http: data:; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'",
    );
    put("x-content-type-options", "nosniff");
    put("x-frame-options", "DENY");
    put("referrer-policy", "strict-origin-when-cross-origin");
    put(
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    put("cross-origin-opener-policy", "same-origin");
    resp
}
