//! The feeds admin, behind a password (argon2 hash in `rasid.toml`): a session cookie
//! (HttpOnly, SameSite=Strict) and a per-session CSRF token in every form; and the feeds
//! API (`/api/v1/feeds`) behind a bearer token. Without a password configured, the admin
//! pages say how to set one and nothing can be changed.

use super::{html_response, not_found, Ctx, Page};
use crate::{ApiError, AppState};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use maud::html;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the admin needs from the configuration.
#[derive(Clone, Debug, Default)]
pub struct AdminConfig {
    /// The password's argon2 hash (PHC string), from `rasid admin password`.
    pub password_hash: Option<String>,
    /// The API's bearer token, from `rasid admin token`.
    pub api_token: Option<String>,
    /// Whether feeds on private addresses may be added.
    pub allow_private: bool,
}

/// Logged-in sessions: id → (CSRF token, expiry); and failed logins by client address.
#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, (String, Instant)>>,
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);
/// Failed logins a client may make in [`FAILURE_WINDOW`] before it must wait for the
/// window to end (each failure also costs [`FAILURE_DELAY`]).
const MAX_FAILURES: u32 = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
const FAILURE_DELAY: Duration = Duration::from_millis(500);
const COOKIE: &str = "rasid_session";

/// 32 random bytes as hex.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the operating system's random source");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The argon2id hash of a password, as a PHC string for `rasid.toml`.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Equal without telling where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|p| {
            p.trim()
                .strip_prefix(&format!("{name}="))
                .map(str::to_owned)
        })
}

impl Sessions {
    /// The session's CSRF token, when the request carries a live session.
    fn csrf(&self, headers: &HeaderMap) -> Option<String> {
        let id = cookie_value(headers, COOKIE)?;
        let mut map = self.map.lock().ok()?;
        map.retain(|_, (_, exp)| *exp > Instant::now());
        map.get(&id).map(|(csrf, _)| csrf.clone())
    }

    fn start(&self) -> String {
        let id = random_token();
        if let Ok(mut map) = self.map.lock() {
            map.insert(id.clone(), (random_token(), Instant::now() + SESSION_TTL));
        }
        id
    }

    /// How long `client` must wait before trying again, if it failed too often.
    fn locked(&self, client: &str) -> Option<Duration> {
        let mut map = self.failures.lock().ok()?;
        map.retain(|_, (_, since)| since.elapsed() < FAILURE_WINDOW);
        let (n, since) = map.get(client)?;
        (*n >= MAX_FAILURES).then(|| FAILURE_WINDOW.saturating_sub(since.elapsed()))
    }

    fn failed(&self, client: &str) {
        if let Ok(mut map) = self.failures.lock() {
            let e = map.entry(client.to_owned()).or_insert((0, Instant::now()));
            e.0 += 1;
        }
    }

    fn succeeded(&self, client: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(client);
        }
    }

    fn end(&self, headers: &HeaderMap) {
        if let (Some(id), Ok(mut map)) = (cookie_value(headers, COOKIE), self.map.lock()) {
            map.remove(&id);
        }
    }
}

fn login_page(cx: &Ctx, message: Option<&str>, configured: bool) -> Response {
    let en = cx.prefs.english;
    let body = html! {
        h1 { (if en { "Feeds admin" } else { "إدارة المصادر" }) }
        @if !configured {
            p dir="auto" { (if en { "No admin password is set. Set one with:" } else { "لم تُضبط كلمة مرور للإدارة. اضبطها بالأمر:" }) }
            pre dir="ltr" { "rasid admin password   # then put the printed line under [admin] in rasid.toml" }
        } @else {
            @if let Some(m) = message { p.meta role="alert" { (m) } }
            form.filters method="post" action="/admin/login" {
                label { (if en { "Password" } else { "كلمة المرور" }) input type="password" name="password" autocomplete="current-password" required; }
                button type="submit" { (if en { "Log in" } else { "دخول" }) }
            }
        }
    };
    html_response(
        cx,
        Page {
            title: "admin".into(),
            body,
            feed: None,
        },
        "/admin",
    )
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    password: String,
}

pub async fn login(
    State(state): State<Arc<AppState>>,
    connection: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let cx = Ctx::from(&headers);
    let Some(hash) = state.admin.password_hash.clone() else {
        return login_page(&cx, None, false);
    };
    // Failures are counted by the client's address (behind a reverse proxy, every client
    // is the proxy: they share one count).
    let client = connection.map_or_else(|| "-".to_owned(), |c| c.0 .0.ip().to_string());
    if let Some(wait) = state.sessions.locked(&client) {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let msg = if cx.prefs.english {
            format!("Too many wrong passwords: try again in {minutes} min.")
        } else {
            format!("محاولات خاطئة كثيرة: أعد المحاولة بعد {minutes} دقيقة.")
        };
        let mut resp = (
            StatusCode::TOO_MANY_REQUESTS,
            login_page(&cx, Some(&msg), true),
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return resp;
    }
    let ok = tokio::task::spawn_blocking(move || verify(&f.password, &hash))
        .await
        .unwrap_or(false);
    if ok {
        state.sessions.succeeded(&client);
    } else {
        state.sessions.failed(&client);
        // A failed attempt costs time.
        tokio::time::sleep(FAILURE_DELAY).await;
        let msg = if cx.prefs.english {
            "Wrong password."
        } else {
            "كلمة المرور غير صحيحة."
        };
        return (StatusCode::UNAUTHORIZED, login_page(&cx, Some(msg), true)).into_response();
    }
    let id = state.sessions.start();
    let mut resp = see_other("/admin");
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        SESSION_TTL.as_secs()
    )) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

#[derive(serde::Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn logout(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if state
        .sessions
        .csrf(&headers)
        .is_some_and(|c| same(&c, &f.csrf))
    {
        state.sessions.end(&headers);
    }
    let mut resp = see_other("/admin");
    resp.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("rasid_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    resp
}

/// The admin page: the feeds with their health, adding one, OPML in and out.
pub async fn page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let cx = Ctx::from(&headers);
    let Some(csrf) = state.sessions.csrf(&headers) else {
        return login_page(&cx, None, state.admin.password_hash.is_some());
    };
    let feeds = feeds_or_none(&state).await;
    let en = cx.prefs.english;
    let p = cx.prefs;
    let body = html! {
        h1 { (if en { "Feeds" } else { "المصادر" }) " " span.meta { (p.num(feeds.len())) } }
        form.filters method="post" action="/admin/feeds" {
            input type="hidden" name="csrf" value=(csrf);
            label { "URL" input type="url" name="url" required dir="ltr"; }
            label { (p.t("section")) select name="section" { option value="" { "—" } @for s in rasid_enrich::sections::SECTIONS { option value=(s) { (p.t(s)) } } } }
            label { (if en { "Folder" } else { "المجلد" }) input name="folder" dir="auto"; }
            button type="submit" { (if en { "Add" } else { "إضافة" }) }
        }
        ol.results {
            @for f in &feeds {
                li {
                    strong dir="auto" { (f.title.as_deref().unwrap_or("(untitled)")) }
                    " " span.meta dir="ltr" { (f.url) }
                    p.meta {
                        span { @if f.consecutive_failures > 0 { "⚠ " (p.num(f.consecutive_failures)) " · " (f.last_error.as_deref().unwrap_or("")) } @else if f.last_success.is_some() { "✓" } @else { "…" } }
                        span { (p.count(f.items_stored as usize, "articles")) }
                        @if let Some(n) = &f.next_check { span dir="ltr" { (n) } }
                    }
                    form method="post" action={ "/admin/feeds/" (f.id) "/delete" } {
                        input type="hidden" name="csrf" value=(csrf);
                        button type="submit" { (if en { "Remove" } else { "حذف" }) }
                    }
                }
            }
        }
        p { a href="/admin/sites" { (if en { "Site rules" } else { "قواعد المواقع" }) } }
        h2 { "OPML" }
        p { a href="/admin/feeds.opml" { (if en { "Export" } else { "تصدير" }) } }
        form method="post" action="/admin/import" {
            input type="hidden" name="csrf" value=(csrf);
            label { (if en { "Paste an OPML file" } else { "ألصق ملف OPML" }) textarea.code name="opml" rows="6" dir="ltr" {} }
            button type="submit" { (if en { "Import" } else { "استيراد" }) }
        }
        form method="post" action="/admin/logout" {
            input type="hidden" name="csrf" value=(csrf);
            button type="submit" { (if en { "Log out" } else { "خروج" }) }
        }
    };
    html_response(
        &cx,
        Page {
            title: "admin".into(),
            body,
            feed: None,
        },
        "/admin",
    )
}

#[derive(serde::Deserialize)]
pub struct AddForm {
    csrf: String,
    url: String,
    section: Option<String>,
    folder: Option<String>,
}

/// Why a form is refused.
enum Refusal {
    /// No live session: back to the login.
    NoSession,
    /// The CSRF token is not the session's.
    Forged,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::NoSession => see_other("/admin"),
            Refusal::Forged => (
                StatusCode::FORBIDDEN,
                "the form is stale or forged (CSRF token mismatch): reload the page",
            )
                .into_response(),
        }
    }
}

/// Whether `csrf` is the token of the request's live session.
fn authorized(state: &AppState, headers: &HeaderMap, csrf: &str) -> Result<(), Refusal> {
    match state.sessions.csrf(headers) {
        Some(c) if same(&c, csrf) => Ok(()),
        Some(_) => Err(Refusal::Forged),
        None => Err(Refusal::NoSession),
    }
}

/// The feeds, or none when the store cannot say (a page still renders).
async fn feeds_or_none(state: &Arc<AppState>) -> Vec<rasid_store::FeedRecord> {
    state
        .blocking(|s, _| s.feeds())
        .await
        .ok()
        .and_then(|r| r.ok())
        .unwrap_or_default()
}

/// A feed to add, checked: a public http(s) address (unless private ones are allowed), a
/// known section, a folder; the error says what is wrong.
struct FeedToAdd {
    url: String,
    section: Option<String>,
    folder: Option<String>,
}

impl FeedToAdd {
    fn check(
        state: &AppState,
        url: &str,
        section: Option<&str>,
        folder: Option<&str>,
    ) -> Result<FeedToAdd, ApiError> {
        let url = rasid_fetch::safety::check_url(url, state.admin.allow_private)
            .map_err(|reason| ApiError::bad_request(format!("{url}: {reason}")))?
            .to_string();
        let section = section.filter(|s| !s.is_empty());
        if let Some(s) = section {
            if !rasid_enrich::sections::SECTIONS.contains(&s) {
                return Err(ApiError::bad_request(format!("unknown section {s:?}")));
            }
        }
        Ok(FeedToAdd {
            url,
            section: section.map(str::to_owned),
            folder: folder.filter(|f| !f.is_empty()).map(str::to_owned),
        })
    }

    fn add(&self, store: &rasid_store::Store) -> rasid_store::Result<(i64, bool)> {
        store.add_feed(&rasid_store::NewFeed {
            url: &self.url,
            section: self.section.as_deref(),
            folder: self.folder.as_deref(),
            ..Default::default()
        })
    }
}

/// Adds a feed after the address checks; the error says what is wrong.
async fn add_feed(
    state: &Arc<AppState>,
    url: &str,
    section: Option<&str>,
    folder: Option<&str>,
) -> Result<(i64, bool), ApiError> {
    let feed = FeedToAdd::check(state, url, section, folder)?;
    state
        .blocking(move |s, _| feed.add(s))
        .await?
        .map_err(ApiError::internal)
}

pub async fn add(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(f): Form<AddForm>,
) -> Response {
    if let Err(r) = authorized(&state, &headers, &f.csrf) {
        return r.into_response();
    }
    match add_feed(&state, &f.url, f.section.as_deref(), f.folder.as_deref()).await {
        Ok(_) => see_other("/admin"),
        Err(e) => e.into_response(),
    }
}

pub async fn delete(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<i64>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(r) = authorized(&state, &headers, &f.csrf) {
        return r.into_response();
    }
    let _ = state.blocking(move |s, _| s.remove_feed(id)).await;
    see_other("/admin")
}

#[derive(serde::Deserialize)]
pub struct ImportForm {
    csrf: String,
    opml: String,
}

pub async fn import(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(f): Form<ImportForm>,
) -> Response {
    if let Err(r) = authorized(&state, &headers, &f.csrf) {
        return r.into_response();
    }
    let feeds = match rasid_fetch::opml::parse(&f.opml) {
        Ok(x) => x,
        Err(e) => return ApiError::bad_request(e).into_response(),
    };
    // Addresses that fail the checks are left out; the rest are added in one go.
    let checked: Vec<FeedToAdd> = feeds
        .iter()
        .filter_map(|f| FeedToAdd::check(&state, &f.url, None, f.folder.as_deref()).ok())
        .collect();
    let _ = state
        .blocking(move |s, _| {
            for f in &checked {
                let _ = f.add(s);
            }
        })
        .await;
    see_other("/admin")
}

pub async fn export(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if state.sessions.csrf(&headers).is_none() {
        return see_other("/admin");
    }
    opml_response(&state).await
}

async fn opml_response(state: &Arc<AppState>) -> Response {
    let feeds = feeds_or_none(state).await;
    let list: Vec<rasid_fetch::opml::OpmlFeed> = feeds
        .into_iter()
        .map(|f| rasid_fetch::opml::OpmlFeed {
            url: f.url,
            title: f.title,
            site_url: f.site_url,
            folder: f.folder,
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "text/x-opml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"rasid-feeds.opml\"",
            ),
        ],
        rasid_fetch::opml::write("rasid feeds", &list),
    )
        .into_response()
}

/// Whether the request carries the API's bearer token.
fn bearer(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.admin.api_token else {
        return Err(ApiError::unauthorized("the feeds API is off: set [admin] api_token in rasid.toml (rasid admin token makes one)".into()));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if same(given.trim(), token) {
        Ok(())
    } else {
        Err(ApiError::unauthorized(
            "send Authorization: Bearer <api_token>".into(),
        ))
    }
}

/// `GET /api/v1/feeds`: the followed feeds with their health.
#[utoipa::path(get, path = "/api/v1/feeds", tag = "feeds", security(("bearer" = [])),
    responses((status = 200, description = "The followed feeds with their health", body = crate::openapi::Feeds),
              (status = 401, description = "No or a wrong bearer token", body = crate::openapi::ErrorBody)))]
pub async fn api_list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    bearer(&state, &headers)?;
    let feeds = state
        .blocking(|s, _| s.feeds())
        .await?
        .map_err(ApiError::internal)?;
    Ok(Json(serde_json::json!({"feeds": feeds})))
}

#[derive(serde::Deserialize)]
pub struct NewFeedBody {
    url: String,
    section: Option<String>,
    folder: Option<String>,
}

/// `POST /api/v1/feeds` `{"url", "section", "folder"}`.
#[utoipa::path(post, path = "/api/v1/feeds", tag = "feeds", security(("bearer" = [])),
    request_body = crate::openapi::NewFeed,
    responses((status = 201, description = "Followed", body = crate::openapi::FeedAdded),
              (status = 200, description = "Followed already", body = crate::openapi::FeedAdded),
              (status = 400, description = "A body that is not the JSON asked for, a URL rasid does not follow (scheme, private address) or an unknown section", body = crate::openapi::ErrorBody),
              (status = 401, description = "No or a wrong bearer token", body = crate::openapi::ErrorBody)))]
pub async fn api_add(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    crate::ApiJson(b): crate::ApiJson<NewFeedBody>,
) -> Result<Response, ApiError> {
    bearer(&state, &headers)?;
    let (id, new) = add_feed(&state, &b.url, b.section.as_deref(), b.folder.as_deref()).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(serde_json::json!({"id": id, "new": new}))).into_response())
}

/// `DELETE /api/v1/feeds/{id}`.
#[utoipa::path(delete, path = "/api/v1/feeds/{id}", tag = "feeds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The feed's id")),
    responses((status = 204, description = "No longer followed (its articles stay)"),
              (status = 400, description = "An id that is not a number", body = crate::openapi::ErrorBody),
              (status = 401, description = "No or a wrong bearer token", body = crate::openapi::ErrorBody),
              (status = 404, description = "No such feed", body = crate::openapi::ErrorBody)))]
pub async fn api_delete(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    bearer(&state, &headers)?;
    let id = crate::parse_id("feed", &id)?;
    let removed = state
        .blocking(move |s, _| s.remove_feed(id))
        .await?
        .map_err(ApiError::internal)?;
    if removed {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("no feed {id}")))
    }
}

/// `GET /api/v1/feeds.opml`.
#[utoipa::path(get, path = "/api/v1/feeds.opml", tag = "feeds", security(("bearer" = [])),
    responses((status = 200, description = "The followed feeds as OPML 2.0, with folders", content_type = "text/x-opml", body = String),
              (status = 401, description = "No or a wrong bearer token", body = crate::openapi::ErrorBody)))]
pub async fn api_export(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    bearer(&state, &headers)?;
    Ok(opml_response(&state).await)
}

pub async fn unknown(headers: HeaderMap) -> Response {
    not_found(&Ctx::from(&headers))
}

/// What the site-rules page shows below its form.
enum RulesNote {
    None,
    Saved(usize),
    Error(String),
    Tried {
        id: i64,
        url: Option<String>,
        extraction: Box<rasid_extract::Extraction>,
        generic_words: usize,
    },
}

/// The data directory's site rules file.
fn rules_path(state: &AppState) -> std::path::PathBuf {
    state.data.join(rasid_extract::sites::FILE)
}

/// The site rules (`sites.toml`) as the editor starts with them: the file, or an example.
fn rules_text(state: &AppState) -> String {
    std::fs::read_to_string(rules_path(state)).unwrap_or_else(|_| {
        "# Rules for the sites the generic extraction gets wrong (see docs/CONFIG.md).\n\
         # [[site]]\n\
         # host = \"example.com\"\n\
         # content = \"div.article-body\"\n\
         # remove = [\".related\", \"#comments\"]\n\
         # title = \"h1.headline\"\n\
         # published = \"time.date\"\n"
            .to_owned()
    })
}

fn rules_page(cx: &Ctx, csrf: &str, text: &str, article: Option<i64>, note: RulesNote) -> Response {
    let en = cx.prefs.english;
    let p = cx.prefs;
    let status = match note {
        RulesNote::Error(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let body = html! {
        h1 { (if en { "Site rules" } else { "قواعد المواقع" }) }
        p.meta {
            (if en {
                "CSS selectors for the sites the generic extraction gets wrong: where the article is, what to drop, the title and the date. Saved rules apply from the crawler's next round; "
            } else {
                "محددات CSS للمواقع التي يخطئ فيها الاستخراج العام: أين المقال، وما يحذف، والعنوان والتاريخ. تسري القواعد المحفوظة من جولة الزحف التالية؛ "
            })
            code dir="ltr" { "rasid reindex --extract" }
            (if en { " applies them to stored articles." } else { " يطبقها على المقالات المخزنة." })
        }
        @match &note {
            RulesNote::Saved(n) => p role="status" { "✓ " (if en { "Saved: " } else { "حُفظت: " }) (p.num(n)) (if en { " sites" } else { " مواقع" }) }
            RulesNote::Error(e) => p role="alert" { "⚠ " span dir="ltr" { (e) } }
            _ => {}
        }
        form method="post" action="/admin/sites" {
            input type="hidden" name="csrf" value=(csrf);
            textarea.code name="rules" rows="16" dir="ltr" spellcheck="false" { (text) }
            label { (if en { "Try on stored article" } else { "جرّب على المقال المخزن رقم" }) " "
                input type="number" name="article" min="1" value=[article] dir="ltr"; }
            button type="submit" name="action" value="try" { (if en { "Try" } else { "جرّب" }) }
            " "
            button type="submit" name="action" value="save" { (if en { "Save" } else { "حفظ" }) }
        }
        @if let RulesNote::Tried { id, url, extraction, generic_words } = &note {
            h2 { (if en { "Article " } else { "المقال " }) (p.num(id)) (if en { " with these rules" } else { " بهذه القواعد" }) }
            @if let Some(u) = url { p.meta dir="ltr" { (u) } }
            p.meta {
                span { (p.count(extraction.text.split_whitespace().count(), "words")) }
                span { (if en { "without the rules: " } else { "بلا قواعد: " }) (p.count(*generic_words, "words")) }
                @if let Some(d) = &extraction.published { span { (if en { "published " } else { "النشر: " }) bdi dir="ltr" { (d) } } }
            }
            @for w in &extraction.warnings { p role="alert" { "⚠ " (w.message) } }
            article.preview dir="auto" {
                h3 { (extraction.title.as_deref().unwrap_or("—")) }
                @for para in &extraction.body { p { (para) } }
            }
        }
        p { a href="/admin" { (if en { "Feeds" } else { "المصادر" }) } }
    };
    let page = Page {
        title: if en {
            "Site rules"
        } else {
            "قواعد المواقع"
        }
        .into(),
        body,
        feed: None,
    };
    (status, html_response(cx, page, "/admin/sites")).into_response()
}

/// The site-rules editor.
pub async fn sites_page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let cx = Ctx::from(&headers);
    let Some(csrf) = state.sessions.csrf(&headers) else {
        return login_page(&cx, None, state.admin.password_hash.is_some());
    };
    rules_page(&cx, &csrf, &rules_text(&state), None, RulesNote::None)
}

#[derive(serde::Deserialize)]
pub struct RulesForm {
    csrf: String,
    rules: String,
    action: String,
    article: Option<String>,
}

/// Writes rules already checked to `path`: whole, then renamed, so that the crawler never
/// reads half a file.
fn write_rules(path: &std::path::Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("toml.new");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `GET /api/v1/sites`: the site rules (`sites.toml`), empty when there are none.
#[utoipa::path(get, path = "/api/v1/sites", tag = "feeds", security(("bearer" = [])),
    responses((status = 200, description = "The data directory's sites.toml (per-site extraction rules; see docs/CONFIG.md)", content_type = "application/toml", body = String),
              (status = 401, description = "No or a wrong bearer token", body = crate::openapi::ErrorBody)))]
pub async fn api_sites(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    bearer(&state, &headers)?;
    let text = std::fs::read_to_string(rules_path(&state)).unwrap_or_default();
    Ok((
        [(header::CONTENT_TYPE, "application/toml; charset=utf-8")],
        text,
    )
        .into_response())
}

/// `PUT /api/v1/sites`: replaces the site rules with the TOML sent, once it reads without
/// a mistake; the crawler applies them from its next round.
#[utoipa::path(put, path = "/api/v1/sites", tag = "feeds", security(("bearer" = [])),
    request_body(content = String, content_type = "application/toml", description = "The whole sites.toml"),
    responses((status = 200, description = "Saved: how many sites have a rule", body = crate::openapi::SitesSaved),
              (status = 400, description = "A mistake in the rules, with its line", body = crate::openapi::ErrorBody),
              (status = 401, description = "No or a wrong bearer token", body = crate::openapi::ErrorBody)))]
pub async fn api_put_sites(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    text: String,
) -> Result<Json<serde_json::Value>, ApiError> {
    bearer(&state, &headers)?;
    let path = rules_path(&state);
    let sites =
        rasid_extract::sites::parse_rules(&text).map_err(|e| ApiError::bad_request(e.at(&path)))?;
    write_rules(&path, &text).map_err(ApiError::internal)?;
    Ok(Json(serde_json::json!({"sites": sites.len()})))
}

/// Saves the rules (when they read without a mistake) or tries them on a stored
/// article's kept page, without saving.
pub async fn save_sites(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(f): Form<RulesForm>,
) -> Response {
    if let Err(r) = authorized(&state, &headers, &f.csrf) {
        return r.into_response();
    }
    let cx = Ctx::from(&headers);
    // Browsers send a textarea's lines with CRLF.
    let text = f.rules.replace("\r\n", "\n");
    let article = f
        .article
        .as_deref()
        .and_then(|a| a.trim().parse::<i64>().ok());
    let path = rules_path(&state);
    let sites = match rasid_extract::sites::parse_rules(&text) {
        Ok(s) => s,
        Err(e) => return rules_page(&cx, &f.csrf, &text, article, RulesNote::Error(e.at(&path))),
    };
    let note = if f.action == "save" {
        match write_rules(&path, &text) {
            Ok(()) => RulesNote::Saved(sites.len()),
            Err(e) => RulesNote::Error(e),
        }
    } else {
        let Some(id) = article else {
            let e = if cx.prefs.english {
                "give the number of a stored article to try the rules on"
            } else {
                "اكتب رقم مقال مخزن لتجربة القواعد عليه"
            };
            return rules_page(&cx, &f.csrf, &text, None, RulesNote::Error(e.into()));
        };
        let found = state
            .blocking(move |s, _| {
                Ok::<_, rasid_store::StoreError>((s.article(id)?, s.raw_page(id)?))
            })
            .await;
        match found {
            Ok(Ok((Some(a), Some((bytes, kind))))) => {
                let input = rasid_extract::Input::kept(
                    &bytes,
                    &kind,
                    a.url.as_deref(),
                    a.fetched_at.as_deref(),
                );
                let (generic, _) = rasid_extract::extract(&input);
                let (extraction, _) = rasid_extract::extract(&input.clone().with_sites(Some(&sites)));
                RulesNote::Tried {
                    id,
                    url: a.url,
                    extraction: Box::new(extraction),
                    generic_words: generic.text.split_whitespace().count(),
                }
            }
            Ok(Ok((Some(_), None))) => RulesNote::Error(format!(
                "article {id} was stored without its page (a record with its text): rules have nothing to read"
            )),
            Ok(Ok((None, _))) => RulesNote::Error(format!("no article {id}")),
            Ok(Err(e)) => RulesNote::Error(e.to_string()),
            Err(e) => return e.into_response(),
        }
    };
    rules_page(&cx, &f.csrf, &text, article, note)
}
