//! Routing of one HTTP request to discovery or a resource operation, and the operations themselves.

use base64::Engine;
use serde_json::{json, Value};

use crate::apply::{self, ApplyRequest};
use crate::catalog::ResourceType;
use crate::discovery;
use crate::extract;
use crate::managed;
use crate::patch;
use crate::selector::{FieldSelector, LabelSelector};
use crate::state::State;
use crate::status::{self, ApiError};
use crate::write::{self, Write};

/// A request as the server sees it, independent of the HTTP library.
#[derive(Debug, Default)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub content_type: String,
    pub user_agent: String,
    pub accept: String,
    pub authorization: Option<String>,
    /// The TLS connection presented a client certificate signed by the server's CA.
    pub client_certificate: bool,
    pub body: Vec<u8>,
}

impl Request {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct Reply {
    pub code: u16,
    pub body: Value,
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Reply {
        Reply {
            code: e.code,
            body: e.to_status(),
        }
    }
}

fn ok(body: Value) -> Reply {
    Reply { code: 200, body }
}

/// What a resource path names.
struct Target {
    rt: ResourceType,
    namespace: Option<String>,
    name: Option<String>,
    subresource: Option<String>,
}

impl Target {
    fn ns(&self) -> &str {
        self.namespace.as_deref().unwrap_or_default()
    }

    fn not_found(&self) -> ApiError {
        ApiError::not_found(
            &self.rt.group,
            &self.rt.plural,
            &self.rt.qualified(),
            self.name.as_deref().unwrap_or_default(),
        )
    }
}

/// The bearer token, or a client certificate the server's CA signed.
fn authenticated(state: &State, req: &Request) -> bool {
    let expected = format!("Bearer {}", state.token);
    req.client_certificate || req.authorization.as_deref() == Some(expected.as_str())
}

pub fn handle(state: &mut State, req: &Request) -> Reply {
    if !authenticated(state, req) {
        return ApiError::new(401, "Unauthorized", "Unauthorized").into();
    }
    let segs: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
    let aggregated = req.accept.contains("as=APIGroupDiscoveryList");
    let discovery = match segs.as_slice() {
        ["version"] => Some(Some(discovery::version())),
        ["api"] if aggregated => Some(Some(discovery::aggregated(&state.catalog, true))),
        ["apis"] if aggregated => Some(Some(discovery::aggregated(&state.catalog, false))),
        ["api"] => Some(Some(discovery::core_versions(&state.address))),
        ["apis"] => Some(Some(discovery::group_list(&state.catalog))),
        ["api", v] => Some(discovery::resource_list(&state.catalog, "", v)),
        ["apis", g] => Some(discovery::group(&state.catalog, g)),
        ["apis", g, v] => Some(discovery::resource_list(&state.catalog, g, v)),
        _ => None,
    };
    if let Some(doc) = discovery {
        state.requests.push(("GET".into(), req.path.clone()));
        if req.method != "GET" {
            return ApiError::new(
                405,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource",
            )
            .into();
        }
        return match doc {
            Some(d) => ok(d),
            None => ApiError::no_route().into(),
        };
    }
    let (group, version, rest) = match segs.as_slice() {
        ["api", v, rest @ ..] => ("", *v, rest),
        ["apis", g, v, rest @ ..] => (*g, *v, rest),
        _ => {
            state.requests.push((req.method.clone(), req.path.clone()));
            return ApiError::no_route().into();
        }
    };
    let target = match resolve(state, group, version, rest) {
        Some(t) => t,
        None => {
            state.requests.push((req.method.clone(), req.path.clone()));
            return ApiError::no_route().into();
        }
    };
    let watch = matches!(req.param("watch"), Some("true" | "1"));
    let verb = match (req.method.as_str(), target.name.is_some()) {
        ("GET", true) => "GET",
        ("GET", false) if watch => "WATCH",
        ("GET", false) => "LIST",
        ("POST", _) => "CREATE",
        ("PUT", _) => "UPDATE",
        ("PATCH", _) => "PATCH",
        ("DELETE", true) => "DELETE",
        ("DELETE", false) => "DELETECOLLECTION",
        _ => "UNKNOWN",
    };
    state.requests.push((verb.to_string(), req.path.clone()));
    let result = match verb {
        "GET" => get(state, &target),
        "LIST" => list(state, &target, req),
        "CREATE" if target.name.is_none() => create(state, &target, req),
        "UPDATE" if target.name.is_some() => update(state, &target, req),
        "PATCH" if target.name.is_some() => patch_op(state, &target, req),
        "DELETE" => delete(state, &target, req),
        "DELETECOLLECTION" if target.subresource.is_none() => {
            delete_collection(state, &target, req)
        }
        _ => Err(ApiError::new(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
        )),
    };
    match result {
        Ok(r) if req.accept.contains("as=PartialObjectMetadata") && r.code < 300 => {
            metadata_only(r)
        }
        Ok(r) => r,
        Err(e) => e.into(),
    }
}

/// The `PartialObjectMetadata` form clients ask for with `Accept: ...;as=PartialObjectMetadata[List]`.
fn metadata_only(r: Reply) -> Reply {
    let partial = |o: &Value| json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": o["metadata"]});
    let body = match r.body["items"].as_array() {
        Some(items) if r.body["kind"] != "Status" => json!({
            "kind": "PartialObjectMetadataList",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": r.body["metadata"],
            "items": items.iter().map(partial).collect::<Vec<_>>(),
        }),
        _ if r.body["kind"] == "Status" => r.body,
        _ => partial(&r.body),
    };
    Reply { code: r.code, body }
}

/// Starts a watch: checks the token, logs the request and returns the objects it covers now.
pub fn start_watch(state: &mut State, req: &Request) -> Result<Vec<Value>, Reply> {
    if !authenticated(state, req) {
        return Err(ApiError::new(401, "Unauthorized", "Unauthorized").into());
    }
    state.requests.push(("WATCH".into(), req.path.clone()));
    watch_snapshot(state, req).map_err(Reply::from)
}

/// The objects a watch request covers, as served.
pub fn watch_snapshot(state: &State, req: &Request) -> Result<Vec<Value>, ApiError> {
    let segs: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
    let (group, version, rest) = match segs.as_slice() {
        ["api", v, rest @ ..] => ("", *v, rest),
        ["apis", g, v, rest @ ..] => (*g, *v, rest),
        _ => return Err(ApiError::no_route()),
    };
    let t = resolve(state, group, version, rest).ok_or_else(ApiError::no_route)?;
    Ok(selected(state, &t, req)?
        .into_iter()
        .filter(|o| {
            t.name
                .as_deref()
                .is_none_or(|n| o["metadata"]["name"].as_str() == Some(n))
        })
        .map(|o| out(o, &t.rt))
        .collect())
}

fn resolve(state: &State, group: &str, version: &str, rest: &[&str]) -> Option<Target> {
    let catalog = &state.catalog;
    let namespaced_path = rest.len() >= 3
        && rest[0] == "namespaces"
        && catalog
            .by_path(group, version, rest[2])
            .is_some_and(|t| t.namespaced);
    let (namespace, rest) = if namespaced_path {
        (Some(rest[1].to_string()), &rest[2..])
    } else {
        (None, rest)
    };
    let (plural, name, sub) = match rest {
        [p] => (*p, None, None),
        [p, n] => (*p, Some(n.to_string()), None),
        [p, n, s] => (*p, Some(n.to_string()), Some(s.to_string())),
        _ => return None,
    };
    let rt = catalog.by_path(group, version, plural)?.clone();
    if namespace.is_none() && rt.namespaced && name.is_some() {
        return None;
    }
    if let Some(s) = &sub {
        if !(s == "status" && rt.status) {
            return None;
        }
    }
    Some(Target {
        rt,
        namespace,
        name,
        subresource: sub,
    })
}

/// The object as served at the requested version.
fn out(o: &Value, rt: &ResourceType) -> Value {
    let mut o = o.clone();
    o["apiVersion"] = json!(rt.api_version());
    o
}

fn get(state: &State, t: &Target) -> Result<Reply, ApiError> {
    let name = t.name.as_deref().unwrap_or_default();
    let o = state
        .lookup(&t.rt, t.ns(), name)
        .ok_or_else(|| t.not_found())?;
    Ok(ok(out(o, &t.rt)))
}

fn selected<'a>(state: &'a State, t: &Target, req: &Request) -> Result<Vec<&'a Value>, ApiError> {
    let labels = LabelSelector::parse(req.param("labelSelector").unwrap_or_default())?;
    let fields = FieldSelector::parse(req.param("fieldSelector").unwrap_or_default(), &t.rt.kind)?;
    let Some(objects) = state.kind_objects(&t.rt) else {
        return Ok(Vec::new());
    };
    Ok(objects
        .iter()
        .filter(|((ns, _), _)| t.namespace.as_deref().is_none_or(|want| want == ns))
        .map(|(_, o)| o)
        .filter(|o| labels.matches(o) && fields.matches(o))
        .collect())
}

fn list(state: &State, t: &Target, req: &Request) -> Result<Reply, ApiError> {
    let mut items = selected(state, t, req)?;
    let mut meta = json!({"resourceVersion": state.resource_version.to_string()});
    if let Some(token) = req.param("continue").filter(|c| !c.is_empty()) {
        let after = base64::engine::general_purpose::STANDARD
            .decode(token)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                ApiError::bad_request("continue key is not valid: illegal base64 data")
            })?;
        items.retain(|o| key_of(o) > after);
    }
    if let Some(limit) = req
        .param("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0)
    {
        if items.len() > limit {
            let remaining = items.len() - limit;
            items.truncate(limit);
            let last = items.last().map(|o| key_of(o)).unwrap_or_default();
            meta["continue"] = json!(base64::engine::general_purpose::STANDARD.encode(last));
            meta["remainingItemCount"] = json!(remaining);
        }
    }
    let items: Vec<Value> = items.into_iter().map(|o| out(o, &t.rt)).collect();
    Ok(ok(json!({
        "kind": format!("{}List", t.rt.kind),
        "apiVersion": t.rt.api_version(),
        "metadata": meta,
        "items": items,
    })))
}

fn key_of(o: &Value) -> String {
    format!(
        "{}/{}",
        o["metadata"]["namespace"].as_str().unwrap_or_default(),
        o["metadata"]["name"].as_str().unwrap_or_default()
    )
}

fn parse_body(req: &Request) -> Result<Value, ApiError> {
    let v: Value = if req.content_type.contains("yaml") {
        serde_yaml_ng::from_slice(&req.body)
            .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?
    } else {
        serde_json::from_slice(&req.body)
            .map_err(|e| ApiError::bad_request(format!("error decoding JSON: {e}")))?
    };
    if !v.is_object() {
        return Err(ApiError::bad_request(
            "the body of the request must be an object",
        ));
    }
    Ok(v)
}

fn check_type(body: &Value, rt: &ResourceType, require: bool) -> Result<(), ApiError> {
    let kind = body["kind"].as_str();
    let api_version = body["apiVersion"].as_str();
    if require && (kind.is_none() || api_version.is_none()) {
        return Err(ApiError::bad_request(format!(
            "invalid object type: {}, Kind={}",
            api_version.unwrap_or("/"),
            kind.unwrap_or_default()
        )));
    }
    if let Some(k) = kind.filter(|k| *k != rt.kind) {
        return Err(ApiError::bad_request(format!(
            "the kind in the data ({k}) does not match the expected kind ({})",
            rt.kind
        )));
    }
    if let Some(v) = api_version.filter(|v| *v != rt.api_version()) {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({v}) does not match the expected API version ({})",
            rt.api_version()
        )));
    }
    Ok(())
}

fn check_namespace(state: &State, t: &Target, body: &Value, name: &str) -> Result<(), ApiError> {
    if let Some(bns) = body["metadata"]["namespace"]
        .as_str()
        .filter(|s| !s.is_empty())
    {
        if t.rt.namespaced && bns != t.ns() {
            return Err(ApiError::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
    }
    if !t.rt.namespaced {
        return Ok(());
    }
    match state.namespace(t.ns()) {
        None => Err(ApiError::not_found("", "namespaces", "namespaces", t.ns())),
        Some(ns) if ns["metadata"]["deletionTimestamp"].is_string() => Err(ApiError::new(
            403,
            "Forbidden",
            format!(
                "{} \"{name}\" is forbidden: unable to create new content in namespace {} because it is being terminated",
                t.rt.qualified(),
                t.ns()
            ),
        )
        .with_details(json!({
            "name": name, "group": t.rt.group, "kind": t.rt.plural,
            "causes": [{"reason": "NamespaceTerminating", "message": format!("namespace {} is being terminated", t.ns()), "field": "metadata.namespace"}]
        }))),
        Some(_) => Ok(()),
    }
}

fn manager(req: &Request) -> String {
    match req.param("fieldManager") {
        Some(m) => m.to_string(),
        None => req
            .user_agent
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string(),
    }
}

fn dry_run(req: &Request) -> bool {
    req.param("dryRun") == Some("All")
}

fn random_suffix() -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let bytes = uuid::Uuid::new_v4().into_bytes();
    bytes[..5]
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

fn create(state: &mut State, t: &Target, req: &Request) -> Result<Reply, ApiError> {
    let mut body = parse_body(req)?;
    check_type(&body, &t.rt, false)?;
    if !body["metadata"].is_object() {
        body["metadata"] = json!({});
    }
    let mut name = body["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if name.is_empty() {
        if let Some(prefix) = body["metadata"]["generateName"].as_str() {
            name = format!("{prefix}{}", random_suffix());
        }
    }
    check_namespace(state, t, &body, &name)?;
    if !name.is_empty() && state.lookup(&t.rt, t.ns(), &name).is_some() {
        return Err(ApiError::already_exists(
            &t.rt.group,
            &t.rt.plural,
            &t.rt.qualified(),
            &name,
        ));
    }
    let mut entries = Vec::new();
    let changed = extract::changed(None, &extract::strip(&body, t.rt.status, None), t.rt.custom);
    managed::record_update(
        &mut entries,
        &manager(req),
        &t.rt.api_version(),
        None,
        &changed,
        &crate::now(),
    );
    let w = Write {
        rt: &t.rt,
        namespace: t.ns(),
        name: &name,
        subresource: None,
        dry_run: dry_run(req),
    };
    let created = write::commit(state, &w, None, body, entries)?;
    Ok(Reply {
        code: 201,
        body: out(&created, &t.rt),
    })
}

fn check_name(body: &Value, name: &str) -> Result<(), ApiError> {
    match body["metadata"]["name"].as_str() {
        Some(n) if !n.is_empty() && n != name => Err(ApiError::bad_request(format!(
            "the name of the object ({n}) does not match the name on the URL ({name})"
        ))),
        _ => Ok(()),
    }
}

fn update(state: &mut State, t: &Target, req: &Request) -> Result<Reply, ApiError> {
    let name = t.name.clone().unwrap_or_default();
    let body = parse_body(req)?;
    check_type(&body, &t.rt, false)?;
    check_name(&body, &name)?;
    let old = state
        .lookup(&t.rt, t.ns(), &name)
        .cloned()
        .ok_or_else(|| t.not_found())?;
    match body["metadata"]["resourceVersion"]
        .as_str()
        .filter(|s| !s.is_empty())
    {
        Some(rv) if Some(rv) != old["metadata"]["resourceVersion"].as_str() => {
            return Err(ApiError::stale(
                &t.rt.group,
                &t.rt.plural,
                &t.rt.qualified(),
                &name,
            ));
        }
        None if t.rt.custom => {
            return Err(ApiError::invalid(
                &t.rt.group,
                &t.rt.qualified_kind(),
                &name,
                &[(
                    "metadata.resourceVersion".into(),
                    "FieldValueInvalid",
                    "Invalid value: 0: must be specified for an update".into(),
                )],
            ));
        }
        _ => {}
    }
    write_update(state, t, req, &name, &old, body)
}

fn write_update(
    state: &mut State,
    t: &Target,
    req: &Request,
    name: &str,
    old: &Value,
    new: Value,
) -> Result<Reply, ApiError> {
    let sub = t.subresource.as_deref();
    let mut entries = managed::parse(old);
    let changed = extract::changed(
        Some(&extract::strip(old, t.rt.status, sub)),
        &extract::strip(&new, t.rt.status, sub),
        t.rt.custom,
    );
    managed::record_update(
        &mut entries,
        &manager(req),
        &t.rt.api_version(),
        sub,
        &changed,
        &crate::now(),
    );
    let w = Write {
        rt: &t.rt,
        namespace: t.ns(),
        name,
        subresource: sub,
        dry_run: dry_run(req),
    };
    let updated = write::commit(state, &w, Some(old), new, entries)?;
    Ok(ok(out(&updated, &t.rt)))
}

fn patch_op(state: &mut State, t: &Target, req: &Request) -> Result<Reply, ApiError> {
    let name = t.name.clone().unwrap_or_default();
    let content_type = req
        .content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let old = state.lookup(&t.rt, t.ns(), &name).cloned();
    if content_type == "application/apply-patch+yaml" {
        let manager = req
            .param("fieldManager")
            .filter(|m| !m.is_empty())
            .ok_or_else(|| ApiError::bad_request("PATCH with apply requires fieldManager (fieldManager is required for apply requests)"))?
            .to_string();
        let config = parse_body(&Request {
            content_type: "yaml".into(),
            body: req.body.clone(),
            ..Request::default()
        })?;
        check_type(&config, &t.rt, true)?;
        check_name(&config, &name)?;
        if let Some(rv) = config["metadata"]["resourceVersion"]
            .as_str()
            .filter(|s| !s.is_empty())
        {
            if old
                .as_ref()
                .and_then(|o| o["metadata"]["resourceVersion"].as_str())
                != Some(rv)
            {
                return Err(ApiError::stale(
                    &t.rt.group,
                    &t.rt.plural,
                    &t.rt.qualified(),
                    &name,
                ));
            }
        }
        if old.is_none() {
            if t.subresource.is_some() {
                return Err(t.not_found());
            }
            check_namespace(state, t, &config, &name)?;
        }
        let now = crate::now();
        let ar = ApplyRequest {
            rt: &t.rt,
            name: &name,
            manager: &manager,
            force: req.param("force") == Some("true"),
            subresource: t.subresource.as_deref(),
            now: &now,
        };
        let applied = apply::apply(old.as_ref(), &config, &ar)?;
        let w = Write {
            rt: &t.rt,
            namespace: t.ns(),
            name: &name,
            subresource: ar.subresource,
            dry_run: dry_run(req),
        };
        let result = write::commit(state, &w, old.as_ref(), applied.object, applied.entries)?;
        let code = if old.is_none() { 201 } else { 200 };
        return Ok(Reply {
            code,
            body: out(&result, &t.rt),
        });
    }
    let old = old.ok_or_else(|| t.not_found())?;
    let new = patch::patch(&content_type, &old, &req.body, t.rt.custom)?;
    if let Some(rv) = new["metadata"]["resourceVersion"].as_str() {
        if Some(rv) != old["metadata"]["resourceVersion"].as_str() {
            return Err(ApiError::stale(
                &t.rt.group,
                &t.rt.plural,
                &t.rt.qualified(),
                &name,
            ));
        }
    }
    write_update(state, t, req, &name, &old, new)
}

fn delete(state: &mut State, t: &Target, req: &Request) -> Result<Reply, ApiError> {
    let name = t.name.clone().unwrap_or_default();
    let old = state
        .lookup(&t.rt, t.ns(), &name)
        .cloned()
        .ok_or_else(|| t.not_found())?;
    if !req.body.is_empty() {
        if let Ok(opts) = serde_json::from_slice::<Value>(&req.body) {
            let pre = &opts["preconditions"];
            if let Some(rv) = pre["resourceVersion"].as_str() {
                if Some(rv) != old["metadata"]["resourceVersion"].as_str() {
                    return Err(ApiError::new(
                        409,
                        "Conflict",
                        format!(
                            "Operation cannot be fulfilled on {} \"{name}\": Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {}",
                            t.rt.qualified(),
                            old["metadata"]["resourceVersion"].as_str().unwrap_or_default()
                        ),
                    ));
                }
            }
            if let Some(uid) = pre["uid"].as_str() {
                if Some(uid) != old["metadata"]["uid"].as_str() {
                    return Err(ApiError::new(
                        409,
                        "Conflict",
                        format!(
                            "Operation cannot be fulfilled on {} \"{name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {}",
                            t.rt.qualified(),
                            old["metadata"]["uid"].as_str().unwrap_or_default()
                        ),
                    ));
                }
            }
        }
    }
    if dry_run(req) {
        return Ok(ok(out(&old, &t.rt)));
    }
    Ok(delete_object(state, &t.rt, t.ns(), &name, old))
}

/// Deletes now, or marks for deletion when finalizers (or a namespace's contents) must go first.
pub fn delete_object(
    state: &mut State,
    rt: &ResourceType,
    ns: &str,
    name: &str,
    old: Value,
) -> Reply {
    let pending = rt.kind == "Namespace"
        || old["metadata"]["finalizers"]
            .as_array()
            .is_some_and(|f| !f.is_empty());
    if pending {
        let mut o = old.clone();
        if !o["metadata"]["deletionTimestamp"].is_string() {
            o["metadata"]["deletionTimestamp"] = json!(crate::now());
            o["metadata"]["deletionGracePeriodSeconds"] = json!(0);
            if rt.kind == "Namespace" {
                o["status"]["phase"] = json!("Terminating");
            }
            o["metadata"]["resourceVersion"] = json!(state.next_resource_version());
            write::tidy(&mut o);
            state.store(rt, ns, name, o.clone());
        }
        return ok(out(&o, rt));
    }
    state.remove(rt, ns, name);
    write::forget(state, rt, &old);
    let uid = old["metadata"]["uid"].as_str().unwrap_or_default();
    ok(status::success(&rt.group, &rt.plural, name, uid))
}

fn delete_collection(state: &mut State, t: &Target, req: &Request) -> Result<Reply, ApiError> {
    let victims: Vec<Value> = selected(state, t, req)?.into_iter().cloned().collect();
    let mut items = Vec::new();
    for v in victims {
        let ns = v["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let name = v["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if !dry_run(req) {
            delete_object(state, &t.rt, &ns, &name, v.clone());
        }
        items.push(out(&v, &t.rt));
    }
    Ok(ok(json!({
        "kind": format!("{}List", t.rt.kind),
        "apiVersion": t.rt.api_version(),
        "metadata": {"resourceVersion": state.resource_version.to_string()},
        "items": items,
    })))
}
