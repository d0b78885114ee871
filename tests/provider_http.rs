//! End-to-end tests of the `http` provider against a real HTTP service
//! started in the test (see `util/rest_server.rs`): `http_resource` through
//! create, an empty second plan, drift when the server's object changes or
//! vanishes, restore, update and destroy, with its secret header never
//! shown; and Terraform's `http` data source with retries.

#[path = "util/rest_server.rs"]
mod rest_server;
mod util;

use rest_server::{RestServer, TOKEN};
use serde_json::json;
use util::{Dir, Output};

fn ok(out: &Output, what: &str) {
    assert_eq!(
        out.code, 0,
        "{what} failed:\n{}\n{}",
        out.stdout, out.stderr
    );
    assert!(
        !out.stdout.contains(TOKEN) && !out.stderr.contains(TOKEN),
        "{what} printed the secret header:\n{}\n{}",
        out.stdout,
        out.stderr
    );
}

fn config(url: &str, role: &str) -> String {
    format!(
        r#"
resource "http_resource" "user" {{
  url          = "{url}"
  id_attribute = "data/id"
  create {{
    method = "POST"
    path   = "/users"
  }}
  read {{
    path = "/users/{{id}}"
  }}
  update {{
    method = "PUT"
    path   = "/users/{{id}}"
  }}
  delete {{
    path = "/users/{{id}}"
  }}
  headers = {{
    X-Team = "infra"
  }}
  sensitive_headers = {{
    Authorization = "Bearer {TOKEN}"
  }}
  body = jsonencode({{
    name = "alice"
    role = "{role}"
  }})
}}

output "id" {{
  value = http_resource.user.id
}}
"#
    )
}

fn the_user(server: &RestServer) -> (String, serde_json::Value) {
    let store = server.store.lock().unwrap();
    assert_eq!(store.users.len(), 1, "{:?}", store.users);
    let (id, user) = store.users.iter().next().unwrap();
    (id.clone(), user.clone())
}

#[test]
fn http_resource_follows_the_server_object() {
    let server = RestServer::start();
    let dir = Dir::new();
    dir.write("main.tf", &config(&server.url, "admin"));
    let plan = dir.run(&["plan", "-no-color"]);
    ok(&plan, "plan");
    assert!(plan.stdout.contains("(sensitive value)"), "{}", plan.stdout);
    ok(&dir.run(&["apply", "-auto-approve", "-no-color"]), "apply");
    let (id, user) = the_user(&server);
    assert_eq!(user["name"], "alice");
    assert_eq!(user["role"], "admin");
    assert_eq!(
        server.store.lock().unwrap().last_team.as_deref(),
        Some("infra")
    );
    let out = dir.run(&["output", "-json", "id"]);
    ok(&out, "output");
    assert_eq!(out.json(), json!(id));
    let again = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    ok(&again, "second plan");

    // Changed on the server: drift, and apply puts the configured role back.
    server.store.lock().unwrap().users.get_mut(&id).unwrap()["role"] = json!("viewer");
    let drift = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(drift.code, 2, "{}\n{}", drift.stdout, drift.stderr);
    ok(
        &dir.run(&["apply", "-auto-approve", "-no-color"]),
        "restore",
    );
    assert_eq!(the_user(&server).1["role"], "admin");
    assert_eq!(the_user(&server).0, id, "restored in place");
    ok(
        &dir.run(&["plan", "-detailed-exitcode"]),
        "plan after restore",
    );

    // Deleted on the server: drift, and apply creates it anew.
    server.store.lock().unwrap().users.clear();
    let gone = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(gone.code, 2, "{}\n{}", gone.stdout, gone.stderr);
    ok(&dir.run(&["apply", "-auto-approve"]), "recreate");
    let (new_id, user) = the_user(&server);
    assert_ne!(new_id, id);
    assert_eq!(user["role"], "admin");

    // A configuration change is an update in place.
    dir.write("main.tf", &config(&server.url, "editor"));
    ok(&dir.run(&["apply", "-auto-approve", "-no-color"]), "update");
    assert_eq!(the_user(&server), (new_id.clone(), the_user(&server).1));
    assert_eq!(the_user(&server).1["role"], "editor");

    ok(
        &dir.run(&["destroy", "-auto-approve", "-no-color"]),
        "destroy",
    );
    assert!(server.store.lock().unwrap().users.is_empty());
}

#[test]
fn a_refused_request_names_the_status_but_not_the_header() {
    let server = RestServer::start();
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &config(&server.url, "admin").replace(&format!("Bearer {TOKEN}"), "Bearer wrong-token-77"),
    );
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("401"), "{}", out.stderr);
    assert!(out.stderr.contains("http_resource.user"), "{}", out.stderr);
    assert!(!out.stderr.contains("wrong-token-77") && !out.stdout.contains("wrong-token-77"));
}

#[test]
fn http_data_source_reads_status_headers_and_body_with_retries() {
    let server = RestServer::start();
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            r#"
data "http" "status" {{
  url = "{url}/status"
  request_headers = {{
    Accept = "text/plain"
  }}
}}

data "http" "flaky" {{
  url                = "{url}/flaky"
  request_timeout_ms = 5000
  retry {{
    attempts     = 3
    min_delay_ms = 10
    max_delay_ms = 50
  }}
}}

data "http" "echo" {{
  url          = "{url}/echo"
  method       = "POST"
  request_body = "ping"
}}

data "http" "missing" {{
  url = "{url}/nope"
}}

output "result" {{
  value = {{
    status   = data.http.status.status_code
    body     = data.http.status.response_body
    env      = data.http.status.response_headers["X-Env"]
    flaky    = data.http.flaky.response_body
    echo     = data.http.echo.response_body
    missing  = data.http.missing.status_code
  }}
}}
"#,
            url = server.url
        ),
    );
    ok(&dir.run(&["apply", "-auto-approve", "-no-color"]), "apply");
    let out = dir.run(&["output", "-json", "result"]);
    ok(&out, "output");
    assert_eq!(
        out.json(),
        json!({
            "status": 200,
            "body": "all good",
            "env": "test",
            "flaky": "finally",
            "echo": "echo: ping",
            "missing": 404,
        })
    );
    // Two 503s before the answer: only retries get past them.
    assert!(server.store.lock().unwrap().flaky_calls >= 3);
}

/// An HTTPS server that asks for a client certificate: the Kubernetes API
/// server of the tests, in TLS mode, which admits a certificate its CA signed.
#[test]
fn http_data_source_presents_a_client_certificate() {
    let server = terrace_kube_apiserver::ApiServer::start_tls("certs");
    let (ca, cert, key) = (
        server.ca_pem().expect("ca"),
        server.client_cert_pem().expect("cert"),
        server.client_key_pem().expect("key"),
    );
    let dir = Dir::new();
    dir.write("ca.pem", &ca);
    dir.write("client.pem", &cert);
    dir.write("client.key", &key);
    let url = format!("{}/api/v1/namespaces", server.url());
    let source = |extra: &str| {
        format!(
            "data \"http\" \"ns\" {{\n  url         = \"{url}\"\n  ca_cert_pem = file(\"ca.pem\")\n{extra}}}\noutput \"status\" {{\n  value = data.http.ns.status_code\n}}\noutput \"body\" {{\n  value = data.http.ns.response_body\n}}\n"
        )
    };
    dir.write(
        "main.tf",
        &source(
            "  client_cert_pem = file(\"client.pem\")\n  client_key_pem  = file(\"client.key\")\n",
        ),
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    ok(&apply, "apply");
    assert!(!apply.stdout.contains("PRIVATE KEY"), "{}", apply.stdout);
    let out = dir.run(&["output", "-json"]).json();
    assert_eq!(out["status"]["value"], 200, "{out}");
    assert!(
        out["body"]["value"]
            .as_str()
            .is_some_and(|b| b.contains("NamespaceList")),
        "{out}"
    );

    // Without the certificate the server does not know who is asking.
    dir.write("main.tf", &source(""));
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    ok(&apply, "apply");
    let out = dir.run(&["output", "-json"]).json();
    assert_eq!(out["status"]["value"], 401, "{out}");

    // A certificate without its key is a diagnostic naming both.
    dir.write(
        "main.tf",
        &source("  client_cert_pem = file(\"client.pem\")\n"),
    );
    let plan = dir.run(&["plan", "-no-color"]);
    assert_eq!(plan.code, 1, "{}", plan.stdout);
    assert!(
        plan.stderr.contains("client_cert_pem") && plan.stderr.contains("client_key_pem"),
        "{}",
        plan.stderr
    );
}
