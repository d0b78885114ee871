//! End-to-end tests of the `postgresql` provider against a real PostgreSQL
//! server (see `util/postgres.rs`): each resource is created, a second plan
//! is empty, a change made by hand with psql is drift, apply restores it and
//! destroy removes it, all checked with psql.

#[path = "util/postgres.rs"]
mod postgres;
mod util;

use util::{Dir, Output};

fn ok(out: &Output, what: &str) {
    assert_eq!(
        out.code, 0,
        "{what} failed:\n{}\n{}",
        out.stdout, out.stderr
    );
}

fn apply(dir: &Dir) -> Output {
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    ok(&out, "apply");
    out
}

fn assert_quiet(dir: &Dir) {
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        plan.code, 0,
        "plan is not empty:\n{}\n{}",
        plan.stdout, plan.stderr
    );
}

/// A change made by hand shows as drift, and apply undoes it.
fn drift_then_restore(dir: &Dir, pg: &postgres::Postgres, db: &str, change: &str) {
    pg.psql(db, change);
    let drift = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        drift.code, 2,
        "{change:?} was not drift:\n{}\n{}",
        drift.stdout, drift.stderr
    );
    apply(dir);
    assert_quiet(dir);
}

/// A psql string literal of `s`.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[test]
fn role_database_schema_and_extension_follow_the_server() {
    let pg = postgres::shared();
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            "{}{}",
            pg.provider_block(),
            r#"
resource "postgresql_role" "app" {
  name             = "app_owner"
  login            = true
  password         = "pw-app-123"
  connection_limit = 5
  create_database  = true
}

resource "postgresql_database" "db" {
  name             = "appdb"
  owner            = postgresql_role.app.name
  connection_limit = 10
}

resource "postgresql_schema" "s" {
  name     = "reporting"
  database = postgresql_database.db.name
  owner    = postgresql_role.app.name
}

resource "postgresql_extension" "crypto" {
  name     = "pgcrypto"
  database = postgresql_database.db.name
  schema   = postgresql_schema.s.name
}
"#
        ),
    );
    let created = apply(&dir);
    assert!(!created.stdout.contains("pw-app-123"), "{}", created.stdout);
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT rolcanlogin, rolcreatedb, rolsuper, rolconnlimit FROM pg_roles WHERE rolname = 'app_owner'"
        ),
        "t|t|f|5"
    );
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT pg_get_userbyid(datdba), datconnlimit, pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'appdb'"
        ),
        "app_owner|10|UTF8"
    );
    assert_eq!(
        pg.psql(
            "appdb",
            "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'reporting'"
        ),
        "app_owner"
    );
    assert_eq!(
        pg.psql("appdb", "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname = 'pgcrypto'"),
        "reporting"
    );
    assert_quiet(&dir);

    drift_then_restore(
        &dir,
        pg,
        "postgres",
        "ALTER ROLE app_owner NOLOGIN CONNECTION LIMIT 9",
    );
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT rolcanlogin, rolconnlimit FROM pg_roles WHERE rolname = 'app_owner'"
        ),
        "t|5"
    );
    assert!(pg.login("app_owner", "pw-app-123", "postgres"));
    drift_then_restore(
        &dir,
        pg,
        "postgres",
        "ALTER ROLE app_owner PASSWORD 'changed-by-hand'",
    );
    assert!(pg.login("app_owner", "pw-app-123", "postgres"));
    assert!(!pg.login("app_owner", "changed-by-hand", "postgres"));
    drift_then_restore(
        &dir,
        pg,
        "postgres",
        "ALTER DATABASE appdb CONNECTION LIMIT 3",
    );
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT datconnlimit FROM pg_database WHERE datname = 'appdb'"
        ),
        "10"
    );
    drift_then_restore(
        &dir,
        pg,
        "appdb",
        "ALTER SCHEMA reporting OWNER TO postgres",
    );
    assert_eq!(
        pg.psql(
            "appdb",
            "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'reporting'"
        ),
        "app_owner"
    );
    drift_then_restore(
        &dir,
        pg,
        "appdb",
        "ALTER EXTENSION pgcrypto SET SCHEMA public",
    );
    assert_eq!(
        pg.psql("appdb", "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname = 'pgcrypto'"),
        "reporting"
    );

    ok(
        &dir.run(&["destroy", "-auto-approve", "-no-color"]),
        "destroy",
    );
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_database WHERE datname = 'appdb'"
        ),
        "0"
    );
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_roles WHERE rolname = 'app_owner'"
        ),
        "0"
    );
}

#[test]
fn a_dropped_role_is_drift_and_apply_creates_it_again() {
    let pg = postgres::shared();
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            "{}{}",
            pg.provider_block(),
            "resource \"postgresql_role\" \"gone\" {\n  name = \"gone_role\"\n  roles = [postgresql_role.base.name]\n}\nresource \"postgresql_role\" \"base\" {\n  name = \"base_role\"\n}\n"
        ),
    );
    apply(&dir);
    assert_eq!(
        pg.psql("postgres", "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = 'gone_role'"),
        "base_role"
    );
    drift_then_restore(&dir, pg, "postgres", "REVOKE base_role FROM gone_role");
    assert_eq!(
        pg.psql("postgres", "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = 'gone_role'"),
        "1"
    );
    drift_then_restore(&dir, pg, "postgres", "DROP ROLE gone_role");
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_roles WHERE rolname = 'gone_role'"
        ),
        "1"
    );
    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_roles WHERE rolname IN ('gone_role', 'base_role')"
        ),
        "0"
    );
}

#[test]
fn grants_and_default_privileges_follow_the_acls() {
    let pg = postgres::shared();
    pg.psql("postgres", "CREATE DATABASE grantdb");
    pg.psql(
        "grantdb",
        "CREATE SCHEMA sales; CREATE TABLE sales.orders (id int); CREATE TABLE sales.items (id int)",
    );
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            "{}{}",
            pg.provider_block(),
            r#"
resource "postgresql_role" "reader" {
  name = "reader"
}

resource "postgresql_grant" "connect" {
  database    = "grantdb"
  role        = postgresql_role.reader.name
  object_type = "database"
  privileges  = ["CONNECT"]
}

resource "postgresql_grant" "usage" {
  database    = "grantdb"
  schema      = "sales"
  role        = postgresql_role.reader.name
  object_type = "schema"
  privileges  = ["USAGE"]
}

resource "postgresql_grant" "orders" {
  database    = "grantdb"
  schema      = "sales"
  role        = postgresql_role.reader.name
  object_type = "table"
  objects     = ["orders"]
  privileges  = ["SELECT", "INSERT"]
}

resource "postgresql_default_privileges" "future" {
  database    = "grantdb"
  schema      = "sales"
  owner       = "postgres"
  role        = postgresql_role.reader.name
  object_type = "table"
  privileges  = ["SELECT"]
}
"#
        ),
    );
    apply(&dir);
    let check = "SELECT has_database_privilege('reader', 'grantdb', 'CONNECT'), \
                 has_schema_privilege('reader', 'sales', 'USAGE'), \
                 has_table_privilege('reader', 'sales.orders', 'SELECT'), \
                 has_table_privilege('reader', 'sales.orders', 'INSERT'), \
                 has_table_privilege('reader', 'sales.items', 'SELECT')";
    assert_eq!(pg.psql("grantdb", check), "t|t|t|t|f");
    let defaults = "SELECT count(*) FROM pg_default_acl d, aclexplode(d.defaclacl) a \
                    WHERE a.grantee = 'reader'::regrole AND a.privilege_type = 'SELECT'";
    assert_eq!(pg.psql("grantdb", defaults), "1");
    assert_quiet(&dir);

    drift_then_restore(
        &dir,
        pg,
        "grantdb",
        "REVOKE INSERT ON sales.orders FROM reader",
    );
    drift_then_restore(
        &dir,
        pg,
        "grantdb",
        "REVOKE USAGE ON SCHEMA sales FROM reader",
    );
    drift_then_restore(
        &dir,
        pg,
        "grantdb",
        "REVOKE CONNECT ON DATABASE grantdb FROM reader",
    );
    drift_then_restore(
        &dir,
        pg,
        "grantdb",
        "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA sales REVOKE SELECT ON TABLES FROM reader",
    );
    assert_eq!(pg.psql("grantdb", check), "t|t|t|t|f");
    pg.psql("grantdb", "CREATE TABLE sales.later (id int)");
    assert_eq!(
        pg.psql(
            "grantdb",
            "SELECT has_table_privilege('reader', 'sales.later', 'SELECT')"
        ),
        "t"
    );
    pg.psql("grantdb", "DROP TABLE sales.later");

    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_roles WHERE rolname = 'reader'"
        ),
        "0"
    );
    assert_eq!(
        pg.psql("grantdb", "SELECT count(*) FROM pg_default_acl"),
        "0"
    );
}

#[test]
fn names_with_quotes_spaces_and_semicolons_are_quoted() {
    let pg = postgres::shared();
    let role = r#"we"ird'; DROP ROLE postgres; --"#;
    let database = r#"db "x"; DROP DATABASE postgres; --"#;
    let schema = r#"s'; DROP SCHEMA public CASCADE; --"#;
    let password = r#"pa'ss\"word; --"#;
    let hcl = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            "{}resource \"postgresql_role\" \"r\" {{\n  name = \"{}\"\n  login = true\n  password = \"{}\"\n}}\n\
             resource \"postgresql_database\" \"d\" {{\n  name = \"{}\"\n  owner = postgresql_role.r.name\n}}\n\
             resource \"postgresql_schema\" \"s\" {{\n  name = \"{}\"\n  database = postgresql_database.d.name\n  owner = postgresql_role.r.name\n}}\n\
             resource \"postgresql_grant\" \"g\" {{\n  database = postgresql_database.d.name\n  schema = postgresql_schema.s.name\n  role = postgresql_role.r.name\n  object_type = \"schema\"\n  privileges = [\"USAGE\"]\n}}\n",
            pg.provider_block(),
            hcl(role),
            hcl(password),
            hcl(database),
            hcl(schema)
        ),
    );
    let created = apply(&dir);
    assert!(!created.stdout.contains("pa'ss"), "{}", created.stdout);
    assert_eq!(
        pg.psql(
            "postgres",
            &format!(
                "SELECT count(*) FROM pg_roles WHERE rolname = {}",
                lit(role)
            )
        ),
        "1"
    );
    assert_eq!(
        pg.psql(
            "postgres",
            &format!(
                "SELECT pg_get_userbyid(datdba) = {} FROM pg_database WHERE datname = {}",
                lit(role),
                lit(database)
            )
        ),
        "t"
    );
    assert_eq!(
        pg.psql(
            database,
            &format!(
                "SELECT count(*) FROM pg_namespace WHERE nspname = {}",
                lit(schema)
            )
        ),
        "1"
    );
    assert_eq!(
        pg.psql(database, &format!("SELECT has_schema_privilege({}, (SELECT oid FROM pg_namespace WHERE nspname = {}), 'USAGE')", lit(role), lit(schema))),
        "t"
    );
    // The password is set exactly: the role logs in with it.
    assert!(pg.login(role, password, database));
    assert_quiet(&dir);
    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert_eq!(
        pg.psql(
            "postgres",
            &format!(
                "SELECT count(*) FROM pg_roles WHERE rolname IN ({}, 'postgres')",
                lit(role)
            )
        ),
        "1"
    );
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'public'"
        ),
        "1"
    );
    assert_eq!(
        pg.psql(
            "postgres",
            &format!(
                "SELECT count(*) FROM pg_database WHERE datname = {}",
                lit(database)
            )
        ),
        "0"
    );
}

#[test]
fn provider_reads_pg_environment_and_schemas_data_source_filters() {
    let pg = postgres::shared();
    pg.psql("postgres", "CREATE DATABASE envdb");
    pg.psql(
        "envdb",
        "CREATE SCHEMA audit_a; CREATE SCHEMA audit_b; CREATE SCHEMA other",
    );
    let dir = Dir::new();
    dir.write(
        "main.tf",
        r#"
provider "postgresql" {}

data "postgresql_schemas" "audit" {
  database          = "envdb"
  like_any_patterns = ["audit%"]
}

output "schemas" {
  value = sort(tolist(data.postgresql_schemas.audit.schemas))
}
"#,
    );
    let port = pg.port.to_string();
    let env = [
        ("PGHOST", "127.0.0.1"),
        ("PGPORT", port.as_str()),
        ("PGUSER", "postgres"),
        ("PGPASSWORD", postgres::PASSWORD),
        ("PGSSLMODE", "disable"),
        ("PGCONNECT_TIMEOUT", "10"),
    ];
    let out = dir.run_with(&["apply", "-auto-approve", "-no-color"], "", &env);
    ok(&out, "apply");
    let shown = dir.run_with(&["output", "-json", "schemas"], "", &env);
    ok(&shown, "output");
    assert_eq!(shown.json(), serde_json::json!(["audit_a", "audit_b"]));
}

#[test]
fn an_unknown_privilege_is_a_plan_time_diagnostic() {
    let pg = postgres::shared();
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            "{}resource \"postgresql_grant\" \"g\" {{\n  database = \"postgres\"\n  role = \"public\"\n  object_type = \"database\"\n  privileges = [\"SELECT; DROP TABLE x\"]\n}}\n",
            pg.provider_block()
        ),
    );
    let plan = dir.run(&["plan", "-no-color"]);
    assert_eq!(plan.code, 1, "{}", plan.stdout);
    assert!(plan.stderr.contains("privileges"), "{}", plan.stderr);
    assert!(
        plan.stderr.contains("postgresql_grant.g"),
        "{}",
        plan.stderr
    );
}

#[test]
fn sslmode_verify_full_checks_the_certificate_and_require_encrypts() {
    let pg = postgres::shared();
    // The server refuses this role any connection without TLS.
    pg.psql(
        "postgres",
        "CREATE ROLE tls_only LOGIN SUPERUSER PASSWORD 'tls-pw-1'",
    );
    let config = |mode: &str, root: Option<&std::path::Path>| {
        format!(
            "provider \"postgresql\" {{\n  host = \"127.0.0.1\"\n  port = {}\n  username = \"tls_only\"\n  password = \"tls-pw-1\"\n  sslmode = \"{mode}\"\n{}}}\nresource \"postgresql_role\" \"t\" {{\n  name = \"made_over_tls\"\n}}\n",
            pg.port,
            root.map_or(String::new(), |r| format!("  sslrootcert = \"{}\"\n", r.display()))
        )
    };
    let plain = Dir::new();
    plain.write("main.tf", &config("disable", None));
    let refused = plain.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("Cannot connect to PostgreSQL"),
        "{}",
        refused.stderr
    );

    let wrong_root = Dir::new();
    wrong_root.write("main.tf", &config("verify-full", Some(&pg.other_ca_pem)));
    let untrusted = wrong_root.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(untrusted.code, 1, "{}", untrusted.stdout);
    assert!(
        untrusted.stderr.contains("certificate"),
        "{}",
        untrusted.stderr
    );

    let dir = Dir::new();
    dir.write("main.tf", &config("verify-full", Some(&pg.ca_pem)));
    apply(&dir);
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_roles WHERE rolname = 'made_over_tls'"
        ),
        "1"
    );
    dir.write("main.tf", &config("verify-ca", Some(&pg.ca_pem)));
    assert_quiet(&dir);
    dir.write("main.tf", &config("require", None));
    assert_quiet(&dir);
    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_roles WHERE rolname = 'made_over_tls'"
        ),
        "0"
    );
}

#[test]
fn import_adopts_roles_databases_schemas_and_extensions() {
    let pg = postgres::shared();
    pg.psql(
        "postgres",
        "CREATE ROLE imported_role LOGIN CONNECTION LIMIT 3",
    );
    pg.psql(
        "postgres",
        "CREATE DATABASE imported_db OWNER imported_role",
    );
    pg.psql(
        "imported_db",
        "CREATE SCHEMA imported_schema AUTHORIZATION imported_role; CREATE EXTENSION hstore",
    );
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            "{}{}",
            pg.provider_block(),
            r#"
resource "postgresql_role" "r" {
  name             = "imported_role"
  login            = true
  connection_limit = 3
}

resource "postgresql_database" "d" {
  name  = "imported_db"
  owner = postgresql_role.r.name
}

resource "postgresql_schema" "s" {
  name     = "imported_schema"
  database = postgresql_database.d.name
  owner    = postgresql_role.r.name
}

resource "postgresql_extension" "h" {
  name     = "hstore"
  database = postgresql_database.d.name
  schema   = "public"
}
"#
        ),
    );
    for (addr, id) in [
        ("postgresql_role.r", "imported_role"),
        ("postgresql_database.d", "imported_db"),
        ("postgresql_schema.s", "imported_db.imported_schema"),
        ("postgresql_extension.h", "imported_db.hstore"),
    ] {
        ok(&dir.run(&["import", "-no-color", addr, id]), addr);
    }
    assert_quiet(&dir);
    let missing = dir.run(&["import", "-no-color", "postgresql_role.r", "no_such_role"]);
    assert_eq!(missing.code, 1, "{}", missing.stdout);
    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert_eq!(
        pg.psql(
            "postgres",
            "SELECT count(*) FROM pg_database WHERE datname = 'imported_db'"
        ),
        "0"
    );
}
