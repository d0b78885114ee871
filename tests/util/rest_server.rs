//! A small REST service for the `http` provider's tests: `/users` with an
//! in-memory store (create answers `{"data": {...}}`, read, replace,
//! delete), bearer-token authentication, and a few fixed endpoints for the
//! `http` data source. The store is shared with the test so it can change
//! objects behind the provider's back.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// The token every `/users` request must carry.
pub const TOKEN: &str = "tok-very-secret-42";

/// The service's state.
#[derive(Default)]
pub struct Store {
    /// Objects by ID.
    pub users: BTreeMap<String, Value>,
    /// IDs handed out so far.
    pub next: u64,
    /// The `X-Team` header of the last request to `/users`.
    pub last_team: Option<String>,
    /// Calls to `/flaky` so far.
    pub flaky_calls: u32,
}

type Shared = Arc<Mutex<Store>>;

/// A running service; it stops when dropped.
pub struct RestServer {
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    /// The store behind it.
    pub store: Shared,
    _runtime: tokio::runtime::Runtime,
}

fn authorized(store: &Shared, headers: &HeaderMap) -> bool {
    let mut s = store.lock().unwrap();
    s.last_team = headers
        .get("x-team")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bearer {TOKEN}"))
}

async fn create(
    State(s): State<Shared>,
    headers: HeaderMap,
    Json(mut body): Json<Value>,
) -> impl IntoResponse {
    if !authorized(&s, &headers) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "no token"})));
    }
    let mut st = s.lock().unwrap();
    st.next += 1;
    let id = format!("u{}", st.next);
    body["id"] = json!(id);
    body["kind"] = json!("user");
    st.users.insert(id, body.clone());
    (StatusCode::CREATED, Json(json!({ "data": body })))
}

async fn read(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> impl IntoResponse {
    if !authorized(&s, &headers) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "no token"})));
    }
    match s.lock().unwrap().users.get(&id) {
        Some(u) => (StatusCode::OK, Json(u.clone())),
        None => (StatusCode::NOT_FOUND, Json(json!({"error": "not found"}))),
    }
}

async fn replace(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(mut body): Json<Value>,
) -> impl IntoResponse {
    if !authorized(&s, &headers) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "no token"})));
    }
    let mut st = s.lock().unwrap();
    if !st.users.contains_key(&id) {
        return (StatusCode::NOT_FOUND, Json(json!({"error": "not found"})));
    }
    body["id"] = json!(id);
    body["kind"] = json!("user");
    st.users.insert(id, body.clone());
    (StatusCode::OK, Json(body))
}

async fn remove(State(s): State<Shared>, headers: HeaderMap, Path(id): Path<String>) -> StatusCode {
    if !authorized(&s, &headers) {
        return StatusCode::UNAUTHORIZED;
    }
    match s.lock().unwrap().users.remove(&id) {
        Some(_) => StatusCode::NO_CONTENT,
        None => StatusCode::NOT_FOUND,
    }
}

async fn status() -> impl IntoResponse {
    (
        [("x-env", "test"), ("content-type", "text/plain")],
        "all good",
    )
}

async fn flaky(State(s): State<Shared>) -> impl IntoResponse {
    let mut st = s.lock().unwrap();
    st.flaky_calls += 1;
    if st.flaky_calls < 3 {
        (StatusCode::SERVICE_UNAVAILABLE, "try again")
    } else {
        (StatusCode::OK, "finally")
    }
}

async fn echo(body: String) -> String {
    format!("echo: {body}")
}

impl RestServer {
    /// Starts the service on a free loopback port.
    pub fn start() -> RestServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let store: Shared = Arc::default();
        let app = Router::new()
            .route("/users", post(create))
            .route("/users/{id}", get(read).put(replace).delete(remove))
            .route("/status", get(status))
            .route("/flaky", get(flaky))
            .route("/echo", post(echo))
            .with_state(store.clone());
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let port = listener.local_addr().expect("address").port();
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        RestServer {
            url: format!("http://127.0.0.1:{port}"),
            store,
            _runtime: runtime,
        }
    }
}
