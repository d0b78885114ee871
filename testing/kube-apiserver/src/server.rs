//! The HTTP side: one catch-all axum handler handing each request to `handler::handle`.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State as AxumState;
use axum::http::{header, Response, StatusCode};
use axum::Router;
use percent_encoding::percent_decode_str;

use crate::handler::{self, Request};
use crate::state::State;

pub type Shared = Arc<Mutex<State>>;

pub fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn router(shared: Shared) -> Router {
    Router::new().fallback(serve_one).with_state(shared)
}

fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn parse_query(q: Option<&str>) -> Vec<(String, String)> {
    q.unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

async fn serve_one(
    AxumState(shared): AxumState<Shared>,
    req: axum::extract::Request,
) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let header_str = |name: header::HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let authorization = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = axum::body::to_bytes(body, 64 << 20)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let request = Request {
        method: parts.method.as_str().to_string(),
        path: decode(parts.uri.path()),
        query: parse_query(parts.uri.query()),
        content_type: header_str(header::CONTENT_TYPE),
        user_agent: header_str(header::USER_AGENT),
        accept: header_str(header::ACCEPT),
        authorization,
        client_certificate: parts
            .extensions
            .get::<crate::tls::ClientCertificate>()
            .is_some(),
        body,
    };
    let watch = request.method == "GET"
        && request
            .query
            .iter()
            .any(|(k, v)| k == "watch" && (v == "true" || v == "1"));
    if watch {
        let started = {
            let mut state = lock(&shared);
            handler::start_watch(&mut state, &request)
        };
        match started {
            Ok(objects) => {
                return Response::builder()
                    .status(StatusCode::OK)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from_stream(crate::watch::stream(
                        shared, request, objects,
                    )))
                    .unwrap_or_default();
            }
            Err(reply) => return respond(reply),
        }
    }
    let reply = {
        let mut state = lock(&shared);
        handler::handle(&mut state, &request)
    };
    respond(reply)
}

fn respond(reply: handler::Reply) -> Response<Body> {
    let bytes = serde_json::to_vec(&reply.body).unwrap_or_default();
    Response::builder()
        .status(StatusCode::from_u16(reply.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(bytes))
        .unwrap_or_default()
}
