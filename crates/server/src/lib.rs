//! rasid's HTTP server: the JSON API over the archive in a data directory.
//!
//! Routes: `GET /healthz`,
//! `GET /api/v1/search?q=&limit=&offset=&source=&section=&tag=&from=&to=&facets=true&sort=date`,
//! `GET /api/v1/articles/{id}`, `GET /api/v1/articles/{id}/related`,
//! `GET /api/v1/stories?since=&limit=`, `GET /api/v1/stories/{id}`. Errors are always `{"error": {"code", "message"}}`.
//! Searches run on the blocking pool; the index reader is refreshed every second, so
//! articles an ingest commits show up without a restart.

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use rasid_search::{SearchIndex, SearchQuery};
use rasid_store::Store;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub mod cache;
pub mod metrics;
pub mod openapi;
pub mod web;

/// Shared state: the index (thread-safe) and a pool of store connections.
pub struct AppState {
    index: SearchIndex,
    data: PathBuf,
    /// Idle store connections and how many are open.
    stores: Mutex<(Vec<Store>, usize)>,
    /// Signalled when a connection is given back.
    returned: std::sync::Condvar,
    /// One permit per store connection: requests queue here, first come first served,
    /// before taking a blocking thread (see [`AppState::blocking`]).
    permits: tokio::sync::Semaphore,
    admin: web::admin::AdminConfig,
    sessions: web::admin::Sessions,
    /// The outlets' own names and when they were read.
    outlet_names: Mutex<(Option<std::time::Instant>, Arc<web::OutletNames>)>,
}

/// How long the outlets' names are reused before they are read again.
const OUTLET_NAMES_TTL: std::time::Duration = std::time::Duration::from_secs(30);

impl AppState {
    pub fn open(data: &Path) -> Result<Arc<AppState>, String> {
        Self::open_with(data, web::admin::AdminConfig::default())
    }

    /// With the feeds admin's password hash and API token.
    pub fn open_with(data: &Path, admin: web::admin::AdminConfig) -> Result<Arc<AppState>, String> {
        let store = Store::open(data).map_err(|e| e.to_string())?;
        let index = SearchIndex::open(data).map_err(|e| e.to_string())?;
        index.ensure_current().map_err(|e| e.to_string())?;
        Ok(Arc::new(AppState {
            index,
            data: data.to_owned(),
            stores: Mutex::new((vec![store], 1)),
            returned: std::sync::Condvar::new(),
            permits: tokio::sync::Semaphore::new(max_connections()),
            admin,
            sessions: web::admin::Sessions::default(),
            outlet_names: Mutex::default(),
        }))
    }

    /// The names outlets give themselves (see [`Store::outlet_names`]), read again with
    /// `store` when older than [`OUTLET_NAMES_TTL`]; as they were when the store fails.
    pub fn outlet_names(&self, store: &Store) -> Arc<web::OutletNames> {
        let Ok(mut cached) = self.outlet_names.lock() else {
            return Arc::default();
        };
        if cached.0.is_none_or(|t| t.elapsed() > OUTLET_NAMES_TTL) {
            if let Ok(names) = store.outlet_names() {
                *cached = (
                    Some(std::time::Instant::now()),
                    Arc::new(names.into_iter().collect()),
                );
            }
        }
        cached.1.clone()
    }

    /// Runs `f` with a store connection and the index on a blocking thread, once one of
    /// the connections' permits is free (waiting in arrival order: a request never waits
    /// behind later ones, which keeps the slowest responses close to the typical).
    pub async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store, &SearchIndex) -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("the server is shutting down"))?;
        let st = self.clone();
        tokio::task::spawn_blocking(move || st.with_store(|s| f(s, &st.index)))
            .await
            .map_err(ApiError::internal)?
    }

    /// Runs `f` with a store connection from the pool: an idle one, a new one while fewer
    /// than [`max_connections`] are open, else the next one given back. Bounding them
    /// bounds the requests working at once (more than the cores can run only thrash), and
    /// connections are kept, never opened and closed per request.
    fn with_store<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T, ApiError> {
        let poisoned = |_| ApiError::internal("the store pool's lock is poisoned");
        // An idle connection, or leave to open one (None), or wait for one.
        let idle = {
            let mut pool = self.stores.lock().map_err(poisoned)?;
            loop {
                if let Some(s) = pool.0.pop() {
                    break Some(s);
                }
                if pool.1 < max_connections() {
                    pool.1 += 1;
                    break None;
                }
                pool = self.returned.wait(pool).map_err(poisoned)?;
            }
        };
        let store = match idle {
            Some(s) => s,
            None => match Store::open(&self.data) {
                Ok(s) => s,
                Err(e) => {
                    if let Ok(mut p) = self.stores.lock() {
                        p.1 -= 1;
                    }
                    self.returned.notify_one();
                    return Err(ApiError::internal(e));
                }
            },
        };
        let out = f(&store);
        if let Ok(mut p) = self.stores.lock() {
            p.0.push(store);
        }
        self.returned.notify_one();
        Ok(out)
    }
}

/// Store connections open at most: four per core.
fn max_connections() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 4
}

/// The query string of an API request: as axum's `Query`, but a parameter that does not
/// read (`limit=-1`, `offset=x`) is answered with the API's JSON error naming it.
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// The body of an API request read as JSON: as axum's `Json`, but a body that does not
/// read is answered with the API's JSON error.
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        Json::<T>::from_request(req, state)
            .await
            .map(|Json(v)| ApiJson(v))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// An id from a path (`/api/v1/articles/{id}`), or the API's error saying it is none.
pub(crate) fn parse_id(what: &str, id: &str) -> Result<i64, ApiError> {
    id.parse::<i64>()
        .map_err(|_| ApiError::bad_request(format!("{what} id must be a number, not {id:?}")))
}

/// An API error: status, stable code, message.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    /// The server could not answer: 500, or 503 when the store cannot be reached for now
    /// (a PostgreSQL server restarting: the next request reconnects).
    fn internal(e: impl std::fmt::Display + 'static) -> Self {
        let any: &dyn std::any::Any = &e;
        let unavailable = any
            .downcast_ref::<rasid_store::StoreError>()
            .is_some_and(|e| e.is_unavailable());
        ApiError {
            status: if unavailable {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            },
            code: if unavailable {
                "unavailable"
            } else {
                "internal"
            },
            message: e.to_string(),
        }
    }
    fn bad_request(message: String) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message,
        }
    }
    fn unauthorized(message: String) -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "unauthorized",
            message,
        }
    }

    fn not_found(message: String) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(serde_json::json!({"error": {"code": self.code, "message": self.message}})),
        )
            .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
        }
        response
    }
}

/// The router over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(web::routes())
        .route("/healthz", get(healthz))
        .route("/api/v1/search", get(search))
        .route("/api/v1/articles/{id}", get(article))
        .route("/api/v1/articles/{id}/related", get(related))
        .route("/api/v1/stories", get(stories))
        .route("/api/v1/stories/{id}", get(story))
        .route("/api/v1/tags", get(list_tags))
        .route("/api/v1/entities", get(list_entities))
        .route("/api/v1/outlets", get(list_outlets))
        .route("/api/v1/outlets/{key}", get(outlet))
        .route("/api/v1/sections", get(list_sections))
        .route("/api/v1/topics", get(topics))
        .route(
            "/api/v1/feeds",
            get(web::admin::api_list).post(web::admin::api_add),
        )
        .route("/api/v1/feeds.opml", get(web::admin::api_export))
        .route(
            "/api/v1/sites",
            get(web::admin::api_sites).put(web::admin::api_put_sites),
        )
        .route(
            "/api/v1/feeds/{id}",
            axum::routing::delete(web::admin::api_delete),
        )
        .route("/metrics", get(metrics_text))
        .route("/openapi.json", get(openapi_json))
        .route_layer(axum::middleware::from_fn(metrics::track))
        .fallback(no_route)
        .layer(axum::middleware::from_fn(web::security_headers))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// A path nothing serves: the API's JSON error under `/api/`, else the reader's page (in
/// the reader's language, with the way home) — a mistyped or outdated link is met by a
/// person more often than by a program.
async fn no_route(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    if uri.path().starts_with("/api/") {
        return ApiError::not_found("no such route".into()).into_response();
    }
    web::not_found(&web::Ctx::from(&headers))
}

/// Serves on `listen` until Ctrl-C.
pub async fn serve(data: &Path, listen: &str) -> Result<(), String> {
    serve_with(data, listen, web::admin::AdminConfig::default()).await
}

/// [`serve`] with the feeds admin configured.
pub async fn serve_with(
    data: &Path,
    listen: &str,
    admin: web::admin::AdminConfig,
) -> Result<(), String> {
    let state = AppState::open_with(data, admin)?;
    let refresher = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            let _ = refresher.index.refresh();
        }
    });
    // The home page's names in the news and the topics readers follow are made at start
    // and again before they expire, off the readers' requests.
    let keeper = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(web::topics::KEEP_EVERY);
        let mut start = true;
        loop {
            tick.tick().await;
            let _ = keeper
                .blocking(move |s, i| web::topics::keep(s, i, start))
                .await;
            start = false;
        }
    });
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e} (is another server running? try --listen 127.0.0.1:8081)"))?;
    tracing::info!(data = %data.display(), listen, "serving on http://{listen}");
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("stopped serving");
    Ok(())
}

/// Resolves when the process is asked to stop: Ctrl-C (SIGINT), or SIGTERM — what
/// systemd, Docker and Kubernetes send.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountsParams {
    /// At most this many (1-500, default 50).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<usize>,
    /// Entities of one kind only: `person`, `place` or `organisation`.
    #[param(pattern = "^(person|place|organisation)$")]
    kind: Option<String>,
    /// Count only the articles published since: a span back from now (`24h`, `3d`, `2w`)
    /// or a day (YYYY-MM-DD; an RFC 3339 time is read too).
    #[param(
        pattern = "^([0-9]{1,5}[mhdw]|([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$"
    )]
    since: Option<String>,
    /// `count` (most articles first, the default) or `rising`: those the period (`since`;
    /// without it, the three days up to the archive's latest publication) covers more than
    /// the rest of the archive, most rising first, each with `expected` — the articles its
    /// share of the others would give the period — and `score`.
    #[param(pattern = "^(count|rising)$")]
    order: Option<String>,
}

/// One facet over the whole archive, or over the articles published since a time:
/// `{"values": [{"value", "count"}]}`, most articles first (or most rising first).
async fn facet_list(
    state: Arc<AppState>,
    facet: &'static str,
    p: CountsParams,
) -> Result<Json<serde_json::Value>, ApiError> {
    let limit = p.limit.unwrap_or(50);
    if limit == 0 || limit > 500 {
        return Err(ApiError::bad_request("limit: 1 to 500".into()));
    }
    if let Some(k) = &p.kind {
        if !rasid_search::ENTITY_KINDS.contains(&k.as_str()) {
            return Err(ApiError::bad_request(format!(
                "kind: {k:?} is not a kind; use person, place or organisation"
            )));
        }
    }
    let rising = match p.order.as_deref() {
        None | Some("count") => false,
        Some("rising") => true,
        Some(o) => {
            return Err(ApiError::bad_request(format!(
                "order: {o:?} is not an order; use count or rising"
            )))
        }
    };
    let since = since_param(p.since.as_deref())?
        .and_then(|t| rasid_extract::dates::parse_machine(&t))
        .map(|d| d.timestamp());
    let st = state.clone();
    tokio::task::spawn_blocking(move || {
        let of_kind = |v: &str| {
            p.kind
                .as_deref()
                .is_none_or(|k| v.split_once(':').is_some_and(|(vk, _)| vk == k))
        };
        let outlet_names = match facet {
            "outlet" => st.with_store(|s| st.outlet_names(s))?,
            _ => Arc::default(),
        };
        if rising {
            // Without a span: the reader's default, the days up to the archive's latest
            // publication.
            let from = match since {
                Some(from) => from,
                None => {
                    let latest = st.with_store(web::pages::archive_latest)?;
                    latest.unwrap_or(0) - i64::from(web::topics::DEFAULT_DAYS) * 86_400
                }
            };
            let found = st
                .index
                .rising(from, i64::MAX, 1)
                .map_err(ApiError::internal)?;
            let list = match facet {
                "tag" => found.tag,
                "entity" => found.entity,
                "outlet" => found.outlet,
                _ => found.section,
            };
            let rows: Vec<serde_json::Value> = list
                .into_iter()
                .filter(|r| of_kind(&r.value))
                .take(limit)
                .map(|r| {
                    let mut row = serde_json::json!({"value": r.value, "count": r.count,
                        "expected": r.expected, "score": r.score});
                    if let Some((kind, name)) =
                        r.value.split_once(':').filter(|_| facet == "entity")
                    {
                        row["kind"] = kind.into();
                        row["name"] = name.into();
                    }
                    if facet == "outlet" {
                        row["name"] = web::outlet_name(&r.value, &outlet_names, false).into();
                    }
                    row
                })
                .collect();
            return Ok(Json(serde_json::json!({"values": rows})));
        }
        let f = match since {
            Some(from) => Arc::new(
                st.index
                    .counted(from, i64::MAX)
                    .map_err(ApiError::internal)?
                    .1,
            ),
            None => st.index.archive_facets().map_err(ApiError::internal)?,
        };
        let values = match facet {
            "tag" => &f.tag,
            "entity" => &f.entity,
            "outlet" => &f.outlet,
            _ => &f.section,
        };
        let rows: Vec<serde_json::Value> = values
            .iter()
            .filter(|(v, _)| of_kind(v))
            .take(limit)
            .map(|(value, count)| match facet {
                "entity" => {
                    let (kind, name) = value.split_once(':').unwrap_or(("", value));
                    serde_json::json!({"value": value, "kind": kind, "name": name, "count": count})
                }
                "outlet" => {
                    let name = web::outlet_name(value, &outlet_names, false);
                    serde_json::json!({"value": value, "name": name, "count": count})
                }
                _ => serde_json::json!({"value": value, "count": count}),
            })
            .collect();
        Ok(Json(serde_json::json!({"values": rows})))
    })
    .await
    .map_err(ApiError::internal)?
}

#[utoipa::path(get, path = "/api/v1/tags", tag = "lists", params(CountsParams),
    responses((status = 200, description = "Tags (publishers' tags and rasid's key phrases) with their article counts, most first", body = openapi::Counts),
              (status = 400, description = "A bad parameter", body = openapi::ErrorBody)))]
async fn list_tags(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<CountsParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    facet_list(state, "tag", p).await
}

#[utoipa::path(get, path = "/api/v1/entities", tag = "lists", params(CountsParams),
    responses((status = 200, description = "Entities as kind:name with their article counts, most first", body = openapi::Counts),
              (status = 400, description = "A bad parameter", body = openapi::ErrorBody)))]
async fn list_entities(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<CountsParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    facet_list(state, "entity", p).await
}

#[utoipa::path(get, path = "/api/v1/outlets", tag = "lists", params(CountsParams),
    responses((status = 200, description = "Outlets with their article counts, most first", body = openapi::Counts),
              (status = 400, description = "A bad parameter", body = openapi::ErrorBody)))]
async fn list_outlets(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<CountsParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    facet_list(state, "outlet", p).await
}

#[utoipa::path(get, path = "/api/v1/outlets/{key}", tag = "lists",
    params(("key" = String, Path, description = "The outlet: its key (`skynews`) in any letter case, or its name (`سكاي نيوز عربية`)")),
    responses((status = 200, description = "The outlet and its record as a reporter: of the stories of its latest articles, how many other outlets carried too, how many of those it published first, and the agencies they came from", body = openapi::Outlet),
              (status = 404, description = "No outlet so named", body = openapi::ErrorBody)))]
async fn outlet(
    State(state): State<Arc<AppState>>,
    UrlPath(given): UrlPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let st = state.clone();
    state
        .blocking(move |store, _| {
            let key = store
                .outlet_key(&given)
                .map_err(ApiError::internal)?
                .ok_or_else(|| ApiError::not_found(format!("no outlet is named {given:?}")))?;
            let r = web::pages::outlet_record_cached(store, &key)
                .ok_or_else(|| ApiError::not_found(format!("no outlet {key}")))?;
            let names = st.outlet_names(store);
            Ok(outlet_json(&key, web::outlet_name(&key, &names, false), &r))
        })
        .await?
        .map(Json)
}

/// An outlet and its record as `GET /api/v1/outlets/{key}` and `rasid outlets --json` give
/// it: `{"key", "name", "articles", "read", "shared_stories", "first", "origins":
/// [{"agency", "stories"}]}`.
pub fn outlet_json(key: &str, name: &str, r: &rasid_store::OutletRecord) -> serde_json::Value {
    serde_json::json!({
        "key": key,
        "name": name,
        "articles": r.articles,
        "read": r.read,
        "shared_stories": r.shared,
        "first": r.first,
        "origins": r.origins.iter().map(|(a, n)| serde_json::json!({"agency": a, "stories": n})).collect::<Vec<_>>(),
    })
}

#[utoipa::path(get, path = "/api/v1/sections", tag = "lists", params(CountsParams),
    responses((status = 200, description = "rasid's sections with their article counts, most first", body = openapi::Counts),
              (status = 400, description = "A bad parameter", body = openapi::ErrorBody)))]
async fn list_sections(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<CountsParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    facet_list(state, "section", p).await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TopicsParams {
    /// The span, in days up to the archive's latest publication (1-30, default 3).
    #[param(minimum = 1, maximum = 30)]
    days: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/topics", tag = "lists", params(TopicsParams),
    responses((status = 200, description = "Who and what the span covers more than the archive before it: the rising people, places, organisations and tags, each with its count and the story holding most of its articles (the reader's /topics)", body = openapi::Topics),
              (status = 400, description = "A bad parameter", body = openapi::ErrorBody)))]
async fn topics(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<TopicsParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let days = p.days.unwrap_or(web::topics::DEFAULT_DAYS);
    if !(1..=30).contains(&days) {
        return Err(ApiError::bad_request(format!(
            "days: {days} is not a span of 1 to 30 days"
        )));
    }
    state
        .blocking(move |store, index| {
            web::topics::cached(store, index, days)
                .map(|t| Json(t.to_json()))
                .map_err(ApiError::internal)
        })
        .await?
}

async fn openapi_json() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi::document(),
    )
        .into_response()
}

async fn metrics_text(State(state): State<Arc<AppState>>) -> Response {
    let counts = state
        .blocking(|s, _| {
            (
                s.count_articles().unwrap_or(0),
                s.count_stories().unwrap_or(0),
                metrics::FeedGauges::of(&s.feeds().unwrap_or_default()),
            )
        })
        .await;
    let (articles, stories, feeds) = counts.unwrap_or_default();
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics::METRICS.render(articles, stories, state.index.num_docs(), &feeds),
    )
        .into_response()
}

#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The server is up", body = openapi::Health)))]
async fn healthz(State(state): State<Arc<AppState>>) -> Result<Json<serde_json::Value>, ApiError> {
    let articles = state
        .blocking(|s, _| s.count_articles())
        .await?
        .map_err(ApiError::internal)?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "articles": articles,
        "indexed": state.index.num_docs(),
    })))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words, "quoted phrases", -exclusions, OR, and title: (or عنوان:) before a word or
    /// phrase for the headline alone; tags and entities are filters of their own.
    q: Option<String>,
    /// Results a page (0-100, default 10).
    #[param(minimum = 0, maximum = 100)]
    limit: Option<usize>,
    /// Results skipped (at most 10,000 are).
    #[param(minimum = 0)]
    offset: Option<usize>,
    /// An outlet: its key (`skynews`) in any letter case, or its name (`سكاي نيوز عربية`).
    source: Option<String>,
    /// A section: `politics`, `middle-east`, `world`, `economy`, `sports`, `technology`,
    /// `culture`, `health`, `society`, `other` (a label naming one is read too: `Sports`,
    /// `رياضة`); any other value is refused.
    #[param(
        pattern = "^(politics|middle-east|world|economy|sports|technology|culture|health|society|other)$"
    )]
    section: Option<String>,
    tag: Option<String>,
    /// `kind:name`, e.g. `place:العراق`; a name alone matches it of any kind.
    entity: Option<String>,
    /// Published on or after this day (an RFC 3339 time is read too).
    #[param(format = Date)]
    from: Option<String>,
    /// Published on or before this day (an RFC 3339 time is read too).
    #[param(format = Date)]
    to: Option<String>,
    /// `true` adds match counts by source, section, tag, entity and month.
    #[param(pattern = "^(true|false|1|0)$")]
    facets: Option<String>,
    /// `date`: newest first; `relevance` (the default): most relevant first.
    #[param(pattern = "^(relevance|date)$")]
    sort: Option<String>,
    /// The `next` cursor of the previous page (keyset paging: no repeats or gaps while
    /// articles arrive; `offset` is then counted from the cursor).
    #[param(pattern = "^-?[0-9]{1,18}[.][0-9a-f]{1,16}[.][0-9]{1,18}$")]
    cursor: Option<String>,
}

/// A day written `YYYY-MM-DD` (any year from 1 to 9999, as OpenAPI's `date` allows) as
/// the timestamp of its midnight, UTC.
fn iso_day(s: &str) -> Option<i64> {
    use rasid_extract::dates::{days_from_civil, days_in_month};
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (
        s[..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..].parse().ok()?,
    );
    (y >= 1 && d >= 1 && d <= days_in_month(y, m)).then(|| days_from_civil(y, m, d) * 86_400)
}

fn parse_date(field: &str, v: &Option<String>) -> Result<Option<i64>, ApiError> {
    match v.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => iso_day(s)
            .or_else(|| rasid_extract::dates::parse_machine(s).map(|d| d.timestamp()))
            .map(Some)
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{field}: cannot read {s:?}; use YYYY-MM-DD or RFC 3339"
                ))
            }),
    }
}

#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, description = "Matching articles, best first", body = openapi::SearchResponse),
              (status = 400, description = "A bad parameter", body = openapi::ErrorBody)))]
async fn search(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let limit = p.limit.unwrap_or(10);
    if limit > 100 {
        return Err(ApiError::bad_request("limit: at most 100".into()));
    }
    let query = SearchQuery {
        text: p.q.clone().unwrap_or_default(),
        outlet: p.source.clone().filter(|s| !s.is_empty()),
        section: match p.section.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(
                rasid_enrich::sections::parse(s)
                    .map_err(|e| ApiError::bad_request(format!("section: {e}")))?
                    .to_owned(),
            ),
        },
        tag: p.tag.clone().filter(|s| !s.is_empty()),
        entity: p.entity.clone().filter(|s| !s.is_empty()),
        from: parse_date("from", &p.from)?,
        to: parse_date("to", &p.to)?,
        limit,
        offset: p.offset.unwrap_or(0).min(10_000),
        now: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
        facets: p.facets.as_deref().is_some_and(|v| v == "true" || v == "1"),
        by_date: match p.sort.as_deref() {
            None | Some("") | Some("relevance") => false,
            Some("date") => true,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "sort: {other:?} is not a sort; use relevance or date"
                )))
            }
        },
        facet_values: 0,
        after: match p.cursor.as_deref().filter(|c| !c.is_empty()) {
            Some(c) => Some(rasid_search::SearchCursor::decode(c).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "cursor: {c:?} is not a cursor this API gave; use the `next` value of the previous page"
                ))
            })?),
            None => None,
        },
    };
    let rows = state
        .blocking(move |store, index| {
            let mut query = query;
            with_outlet_key(store, &mut query);
            search_json(index, store, &query)
        })
        .await??;
    Ok(Json(rows))
}

/// A search's outlet filter as the outlet's key, when it names an outlet otherwise —
/// another letter case (`cnn`) or the outlet's name (`سكاي نيوز عربية`; see
/// [`Store::outlet_key`]); a name no outlet has is left to match nothing.
pub(crate) fn with_outlet_key(store: &Store, query: &mut SearchQuery) {
    if let Some(given) = &query.outlet {
        if let Ok(Some(key)) = store.outlet_key(given) {
            query.outlet = Some(key);
        }
    }
}

/// The search response of the API and of `rasid search --json`: `{"total", "results":
/// [{"id", "story", "external_id", "title", "url", "source", "published", "snippet",
/// "score"}],
/// "next"}` (`next`: the cursor of the page after, null on the last), plus
/// `"facets": {"source"|"section"|"tag"|"entity"|"month": [{"value", "count"}]}` when asked.
pub fn search_json(
    index: &SearchIndex,
    store: &Store,
    query: &SearchQuery,
) -> Result<serde_json::Value, ApiError> {
    let results = index.search(query).map_err(|e| match e {
        rasid_search::SearchError::Query(m) => ApiError::bad_request(m),
        e => ApiError::internal(e),
    })?;
    let stems = index.query_stems(&query.text);
    let mut rows = Vec::with_capacity(results.hits.len());
    for h in &results.hits {
        let story = store.story_of(h.id).map_err(ApiError::internal)?;
        rows.push(hit_json(store, h, story, &stems)?);
    }
    let mut out = serde_json::json!({
        "total": results.total,
        "results": rows,
        "next": results.next.map(|c| c.encode()),
    });
    add_facets(&mut out, results.facets);
    Ok(out)
}

/// Hits a reader's list reads at most to fold a page's stories (see [`search_folded`]).
const FOLD_MAX: usize = 2_000;

/// A page of a reader's list, one entry per story: the search's hits from the first,
/// each story's best-ranked hit standing for the hits of it that follow, and of those
/// entries the `page`th `size` (snippets made for them only) — so that a page holds
/// `size` stories, not `size` hits of a few (an entity's page of 20 hits is often five
/// stories), and no story comes again on a later page. As [`search_json`], with `"more"`:
/// whether another page follows. Reads up to [`FOLD_MAX`] hits, more only as needed.
pub fn search_folded(
    index: &SearchIndex,
    store: &Store,
    query: &SearchQuery,
    page: usize,
    size: usize,
) -> Result<serde_json::Value, ApiError> {
    let want = page.max(1) * size;
    let mut limit = (want * 3).clamp(size, FOLD_MAX);
    let run = |q: &SearchQuery| {
        index.search(q).map_err(|e| match e {
            rasid_search::SearchError::Query(m) => ApiError::bad_request(m),
            e => ApiError::internal(e),
        })
    };
    // The matches counted by outlet, section, tag, entity and month visit every match
    // (tens of milliseconds for a country's 8,000 articles), and a list's pages and its
    // readers ask for the same counts again and again: kept a minute per list.
    let facets = if query.facets {
        type Key = (std::path::PathBuf, String);
        type Counted = Arc<(usize, Option<rasid_search::Facets>)>;
        static COUNTED: std::sync::LazyLock<cache::TtlCache<Key, Counted>> =
            std::sync::LazyLock::new(|| {
                cache::TtlCache::new(std::time::Duration::from_secs(60), 2_000)
            });
        let what = format!(
            "{:?}",
            (
                &query.text,
                &query.outlet,
                &query.section,
                &query.tag,
                &query.entity,
                query.from,
                query.to,
                query.facet_values
            )
        );
        COUNTED.get_or_try(&(store.path().to_owned(), what), || {
            let r = run(&SearchQuery {
                limit: 1,
                offset: 0,
                after: None,
                ..query.clone()
            })?;
            Ok::<_, ApiError>(Arc::new((r.total, r.facets)))
        })?
    } else {
        Arc::new((0, None))
    };
    loop {
        let results = run(&SearchQuery {
            limit,
            offset: 0,
            after: None,
            facets: false,
            ..query.clone()
        })?;
        let exhausted = results.hits.len() < limit;
        let mut seen: rustc_hash::FxHashSet<i64> = Default::default();
        let mut entries: Vec<(&rasid_search::Hit, Option<i64>)> = Vec::new();
        for h in &results.hits {
            let story = store.story_of(h.id).map_err(ApiError::internal)?;
            if story.is_none_or(|s| seen.insert(s)) {
                entries.push((h, story));
                if entries.len() > want {
                    break;
                }
            }
        }
        if entries.len() <= want && !exhausted && limit < FOLD_MAX {
            limit = (limit * 2).min(FOLD_MAX);
            continue;
        }
        let stems = index.query_stems(&query.text);
        let rows = entries
            .iter()
            .skip(want - size)
            .take(size)
            .map(|(h, story)| hit_json(store, h, *story, &stems))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = serde_json::json!({
            "total": if query.facets { facets.0 } else { results.total },
            "results": rows,
            "more": entries.len() > want || !exhausted,
        });
        add_facets(&mut out, facets.1.clone());
        return Ok(out);
    }
}

/// One hit as the search's JSON gives it, with its snippet.
fn hit_json(
    store: &Store,
    h: &rasid_search::Hit,
    story: Option<i64>,
    stems: &[String],
) -> Result<serde_json::Value, ApiError> {
    let body = store
        .body(h.id)
        .map_err(ApiError::internal)?
        .unwrap_or_default();
    let body = rasid_text::agencies::from_the_news(&body);
    Ok(serde_json::json!({
        "id": h.id,
        "story": story,
        "external_id": h.external_id,
        "title": h.title,
        "url": h.url,
        "source": h.outlet,
        "published": h.published.map(|t| rasid_extract::dates::DateTime::from_timestamp(t).to_rfc3339()),
        "snippet": rasid_search::snippet(body, stems, 200),
        "score": h.score,
    }))
}

/// The facets of a search into its JSON (`"facets": {"source", "section", "tag",
/// "entity", "month"}`), when it counted them.
fn add_facets(out: &mut serde_json::Value, facets: Option<rasid_search::Facets>) {
    if let Some(f) = facets {
        let list = |v: Vec<(String, u64)>| {
            v.into_iter()
                .map(|(value, count)| serde_json::json!({"value": value, "count": count}))
                .collect::<Vec<_>>()
        };
        out["facets"] = serde_json::json!({
            "source": list(f.outlet),
            "section": list(f.section),
            "tag": list(f.tag),
            "entity": list(f.entity),
            "month": list(f.month),
        });
    }
}

/// Related articles of article `id`, for the API and `rasid related --json`:
/// `{"id", "story", "related": [{"id", "external_id", "title", "url", "source",
/// "published", "story", "reason", "shared"}]}` ("shared": what a related article of
/// another story shares, as the reason names it) — members of its story first ("same story"), then
/// articles of other stories sharing its distinctive words (at most one per story,
/// ranked by BM25 × closeness in time to the article), with the words they share.
pub fn related_json(
    index: &SearchIndex,
    store: &Store,
    id: i64,
    limit: usize,
) -> Result<serde_json::Value, ApiError> {
    let a = store
        .article(id)
        .map_err(ApiError::internal)?
        .ok_or_else(|| ApiError::not_found(format!("no article {id}")))?;
    related_of(index, store, &a, limit)
}

/// [`related_of`], shared for [`RELATED_TTL`] by the requests for the same article of the
/// same data directory (an article page asks for it at every view; it changes only as new
/// articles arrive).
pub fn related_cached(
    index: &SearchIndex,
    store: &Store,
    a: &rasid_store::ArticleRecord,
    limit: usize,
) -> Result<serde_json::Value, ApiError> {
    static CACHE: std::sync::LazyLock<cache::TtlCache<(PathBuf, i64, usize), serde_json::Value>> =
        std::sync::LazyLock::new(|| cache::TtlCache::new(RELATED_TTL, 20_000));
    CACHE.get_or_try(&(store.path().to_owned(), a.id, limit), || {
        related_of(index, store, a, limit)
    })
}

/// How long an article's related list is reused.
const RELATED_TTL: std::time::Duration = std::time::Duration::from_secs(120);

/// [`related_json`] of an article already read.
pub fn related_of(
    index: &SearchIndex,
    store: &Store,
    a: &rasid_store::ArticleRecord,
    limit: usize,
) -> Result<serde_json::Value, ApiError> {
    let id = a.id;
    let story = store.story_of(id).map_err(ApiError::internal)?;
    let mut out = Vec::new();
    let mut stories_seen = std::collections::HashSet::new();
    if let Some(sid) = story {
        stories_seen.insert(sid);
        if let Some(s) = store.story(sid).map_err(ApiError::internal)? {
            for m in s.articles.into_iter().filter(|m| m.id != id) {
                out.push(serde_json::json!({
                    "id": m.id, "external_id": m.external_id, "title": m.title, "url": m.url,
                    "source": m.source, "published": m.published, "story": sid,
                    "reason": "same story",
                }));
            }
        }
    }
    out.truncate(limit);
    let when = a
        .published
        .as_deref()
        .and_then(rasid_extract::dates::parse_machine)
        .map_or(0, |d| d.timestamp());
    let text = format!(
        "{}\n{}",
        a.title.as_deref().unwrap_or(""),
        a.lead.as_deref().unwrap_or("")
    );
    // Distinctive words only: in at most 2% of the archive (تفاصيل، إعلان، الكشف are not);
    // and distinctive tags and entities.
    let mut entities = a.entity_values();
    entities.retain(|e| !names_an_agency(e));
    let mut tags = a.all_tags();
    tags.retain(|t| !names_an_agency(t));
    let found = index
        .related(&text, &tags, &entities, 0.02, 60, when)
        .map_err(ApiError::internal)?;
    // A candidate is related when it scores a fair share of what the article itself scores
    // on its own words and labels (what an article sharing all of them would): a score
    // normalized per article, unlike a count of shared things. The article is indexed, so
    // it is among the hits, first.
    let Some(own) = found.hits.iter().find(|h| h.0 == id).map(|h| h.1) else {
        return Ok(serde_json::json!({"id": id, "story": story, "related": out}));
    };
    let close: Vec<(i64, f32)> = found
        .hits
        .iter()
        .copied()
        .take_while(|h| h.1 >= RELATED_MIN_SHARE * own)
        .filter(|h| h.0 != id)
        .collect();
    // The candidates' headlines, stories and labels, read a few dozen at a time until the
    // list is full.
    'pages: for page in close.chunks(20) {
        let ids: Vec<i64> = page.iter().map(|h| h.0).collect();
        let heads = store.headlines(&ids).map_err(ApiError::internal)?;
        let labels: std::collections::HashMap<i64, rasid_store::ArticleRecord> = store
            .labels(&ids)
            .map_err(ApiError::internal)?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
        for h in ids {
            if out.len() >= limit {
                break 'pages;
            }
            let Some((m, other)) = heads.get(&h) else {
                continue;
            };
            if let Some(s) = other {
                if stories_seen.contains(s) {
                    continue;
                }
            }
            let shared = shared_evidence(&found, m.title.as_deref().unwrap_or(""), labels.get(&h));
            // Named in the reason; nothing shared by name or headline, nothing to show.
            if shared.is_empty() {
                continue;
            }
            if let Some(s) = other {
                stories_seen.insert(*s);
            }
            out.push(serde_json::json!({
                "id": m.id, "external_id": m.external_id, "title": m.title, "url": m.url,
                "source": m.source, "published": m.published, "story": other,
                "reason": format!("shares: {}", shared[..shared.len().min(REASON_ITEMS)].join("، ")),
                "shared": &shared[..shared.len().min(REASON_ITEMS)],
            }));
        }
        if out.len() >= limit {
            break;
        }
    }
    Ok(serde_json::json!({"id": id, "story": story, "related": out}))
}

/// Shared things a related article's reason names at most (the rarest first).
const REASON_ITEMS: usize = 4;

/// The share of the article's own score (its distinctive words and labels matched by
/// itself) a candidate of another story must reach to be related. Judged blind on 40
/// articles drawn at random from the 62k corpora (`bench/related-blind.py`): of the
/// candidates judged, 0.58 were related at any score, 0.73 above a fifth, 0.79 above a
/// quarter, 0.85 above 0.35.
const RELATED_MIN_SHARE: f32 = 0.25;

/// What a candidate shares with the article a related-articles search was made for: its
/// distinctive tags and entities, then the distinctive words of its title that none of
/// those holds (a shared name is one thing, not one per word) and that are no verb.
fn shared_evidence(
    found: &rasid_search::RelatedFound,
    title: &str,
    labels: Option<&rasid_store::ArticleRecord>,
) -> Vec<String> {
    let (tags, entities) = match labels {
        Some(l) => (l.all_tags(), l.entity_values()),
        None => (Vec::new(), Vec::new()),
    };
    let shared = SearchIndex::shared_labels(&found.labels, &tags, &entities);
    // The title's words that no shared label holds: the searched stems less the labels'.
    let held: Vec<&String> = shared
        .iter()
        .flat_map(|l| SearchIndex::stems_in(&l.shown, &found.stems))
        .collect();
    let free: Vec<String> = found
        .stems
        .iter()
        .filter(|s| !held.contains(s))
        .cloned()
        .collect();
    // A headline's verb (يطلع، يبحث) is what happened, not something shared.
    let words = SearchIndex::shared_words(title, &free)
        .into_iter()
        .filter(|w| !rasid_text::verbs::is_verb(&rasid_text::normalize(w)))
        .map(|w| rasid_text::stem::without_proclitics(&w));
    shared
        .iter()
        .map(|l| l.shown.clone())
        .chain(words)
        .collect()
}

/// Whether a tag or entity (`kind:name`) names a news agency: the source of a report, not
/// what it is about (رويترز، وكالة الأنباء الإماراتية).
pub(crate) fn names_an_agency(label: &str) -> bool {
    let name = label.split_once(':').map_or(label, |(_, n)| n);
    let lossy = rasid_text::normalize(name);
    rasid_text::agencies::agency(name).is_some()
        || (lossy.starts_with("وكاله") && lossy.contains("انباء"))
}

#[utoipa::path(get, path = "/api/v1/articles/{id}/related", tag = "articles",
    params(("id" = i64, Path, description = "The article's id"), RelatedParams),
    responses((status = 200, description = "Its story's members, then related articles, each with the reason", body = openapi::Related),
              (status = 400, description = "An id that is not a number, or a bad parameter", body = openapi::ErrorBody),
              (status = 404, description = "No such article", body = openapi::ErrorBody)))]
async fn related(
    State(state): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
    ApiQuery(p): ApiQuery<RelatedParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let n = parse_id("article", &id)?;
    let limit = p.limit.unwrap_or(10).min(50);
    let related = state
        .blocking(move |store, index| related_json(index, store, n, limit))
        .await??;
    Ok(Json(related))
}

/// A request's `since` parameter as the UTC RFC 3339 time it means ([`since_utc`] from
/// now); empty or absent, none; unreadable, a 400 that says what to give.
fn since_param(spec: Option<&str>) -> Result<Option<String>, ApiError> {
    spec.filter(|s| !s.is_empty())
        .map(|s| {
            since_utc(s, &rasid_store::now_rfc3339())
                .map_err(|e| ApiError::bad_request(format!("since: {e}")))
        })
        .transpose()
}

/// The UTC RFC 3339 time a `since` value means: a span back from `now` (`30m`, `24h`,
/// `3d`, `2w`) or a date (`YYYY-MM-DD`, RFC 3339).
pub fn since_utc(spec: &str, now: &str) -> Result<String, String> {
    use rasid_extract::dates::{parse_machine, DateTime};
    let spec = spec.trim();
    let unit = match spec.chars().last() {
        Some('m') => Some(60),
        Some('h') => Some(3_600),
        Some('d') => Some(86_400),
        Some('w') => Some(7 * 86_400),
        _ => None,
    };
    // A unit is an ASCII letter: the number is what comes before it.
    if let Some(Ok(n)) = unit.map(|_| spec[..spec.len() - 1].parse::<i64>()) {
        let unit = unit.unwrap_or(1);
        // Back from now, no further than the year 1.
        let now = parse_machine(now).map_or(0, |d| d.timestamp());
        let back = n
            .checked_mul(unit)
            .filter(|b| (0..=now + 62_135_596_800).contains(b));
        return match back {
            Some(b) => Ok(DateTime::from_timestamp(now - b).to_rfc3339()),
            None => Err(format!("{spec:?} is not a span back from now")),
        };
    }
    iso_day(spec)
        .or_else(|| parse_machine(spec).map(|d| d.timestamp()))
        .map(|t| DateTime::from_timestamp(t).to_rfc3339())
        .ok_or_else(|| {
            format!("cannot read {spec:?}; use a span (30m, 24h, 3d, 2w) or a date (YYYY-MM-DD)")
        })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StoriesParams {
    /// Stories seen since: a span back from now (`30m`, `24h`, `3d`, `2w`) or a day
    /// (YYYY-MM-DD; an RFC 3339 time is read too).
    #[param(
        pattern = "^([0-9]{1,5}[mhdw]|([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$"
    )]
    since: Option<String>,
    /// Stories a page (0-200, default 20).
    #[param(minimum = 0, maximum = 200)]
    limit: Option<usize>,
    /// The `next` cursor of the previous page.
    #[param(pattern = "^[0-9]{1,18}[.]([0-9a-f]{2})*$")]
    cursor: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RelatedParams {
    /// Related articles (default 10; more than 50 give 50).
    #[param(minimum = 0, maximum = 1000000)]
    limit: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/stories", tag = "stories", params(StoriesParams),
    responses((status = 200, description = "Stories, latest first, a page at a time", body = openapi::StoriesPage),
              (status = 400, description = "A bad parameter or cursor", body = openapi::ErrorBody)))]
async fn stories(
    State(state): State<Arc<AppState>>,
    ApiQuery(p): ApiQuery<StoriesParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let limit = p.limit.unwrap_or(20);
    if limit > 200 {
        return Err(ApiError::bad_request("limit: at most 200".into()));
    }
    let since = since_param(p.since.as_deref())?;
    let after = match p.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(rasid_store::StoryCursor::decode(c).ok_or_else(|| {
            ApiError::bad_request(format!(
                "cursor: {c:?} is not a cursor this API gave; use the `next` value of the previous page"
            ))
        })?),
        None => None,
    };
    let (list, next) = state
        .blocking(move |s, _| s.stories_page(since.as_deref(), after.as_ref(), limit))
        .await?
        .map_err(ApiError::internal)?;
    Ok(Json(serde_json::json!({
        "stories": list,
        "next": next.map(|c| c.encode()),
    })))
}

#[utoipa::path(get, path = "/api/v1/stories/{id}", tag = "stories",
    params(("id" = i64, Path, description = "The story's id")),
    responses((status = 200, description = "The story with every article", body = openapi::Story),
              (status = 400, description = "An id that is not a number", body = openapi::ErrorBody),
              (status = 404, description = "No such story", body = openapi::ErrorBody)))]
async fn story(
    State(state): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let n = parse_id("story", &id)?;
    match state
        .blocking(move |s, _| s.story(n))
        .await?
        .map_err(ApiError::internal)?
    {
        Some(s) => Ok(Json(serde_json::to_value(s).map_err(ApiError::internal)?)),
        None => Err(ApiError::not_found(format!("no story {n}"))),
    }
}

#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "The article's id")),
    responses((status = 200, description = "The article", body = openapi::Article),
              (status = 400, description = "An id that is not a number", body = openapi::ErrorBody),
              (status = 404, description = "No such article", body = openapi::ErrorBody)))]
async fn article(
    State(state): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let n = parse_id("article", &id)?;
    let a = state
        .blocking(move |s, _| s.article(n))
        .await?
        .map_err(ApiError::internal)?;
    match a {
        Some(a) => Ok(Json(serde_json::to_value(a).map_err(ApiError::internal)?)),
        None => Err(ApiError::not_found(format!("no article {n}"))),
    }
}
