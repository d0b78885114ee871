//! Where the AWS provider's credentials come from: shared config and
//! credential files with a profile, `assume_role`, static keys with a
//! session `token`, and the environment when the block sets none. moto
//! answers `GetCallerIdentity` with the IAM user that owns an access key, or
//! the role a session was assumed into, so `data "aws_caller_identity"`
//! shows which credentials signed the requests.

mod util;

use util::moto::moto;
use util::Dir;

/// An IAM user with an access key, and a role it may assume: the user's
/// key id and secret.
fn user_and_role(user: &str, role: &str) -> (String, String) {
    let out = moto().boto3(
        "us-east-1",
        &format!(
            r#"
iam = client("iam")
iam.create_user(UserName="{user}")
k = iam.create_access_key(UserName="{user}")["AccessKey"]
trust = {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::123456789012:root"}}, "Action": "sts:AssumeRole"}}]}}
iam.create_role(RoleName="{role}", AssumeRolePolicyDocument=json.dumps(trust))
print(k["AccessKeyId"])
print(k["SecretAccessKey"])
"#
        ),
    );
    let mut lines = out.lines().map(str::to_string);
    let id = lines.next().expect("access key id");
    let secret = lines.next().expect("secret access key");
    (id, secret)
}

/// The environment a run gets: no AWS settings from this machine, and no
/// instance metadata lookups.
fn isolated(dir: &Dir) -> Vec<(&'static str, String)> {
    let home = dir.path().to_string_lossy().into_owned();
    vec![
        ("HOME", home.clone()),
        ("AWS_CONFIG_FILE", format!("{home}/no-such-config")),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            format!("{home}/no-such-credentials"),
        ),
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
    ]
}

fn run(dir: &Dir, args: &[&str], env: &[(&'static str, String)]) -> util::Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    dir.run_with(args, "", &env)
}

const IDENTITIES: &str = r#"
data "aws_caller_identity" "me" {}
data "aws_region" "here" {}
output "arn" { value = data.aws_caller_identity.me.arn }
output "account" { value = data.aws_caller_identity.me.account_id }
output "region" { value = data.aws_region.here.name }
"#;

#[test]
fn a_profile_from_shared_files_and_a_role_assumed_from_it() {
    let m = moto();
    let (key, secret) = user_and_role("tt-cred-ci", "tt-cred-deployer");
    let dir = Dir::new();
    dir.write(
        "aws/credentials",
        &format!("[ci]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"),
    );
    dir.write("aws/config", "[profile ci]\nregion = eu-central-1\n");
    let files = format!(
        "  profile                  = \"ci\"\n  shared_config_files      = [\"{0}/aws/config\"]\n  shared_credentials_files = [\"{0}/aws/credentials\"]\n",
        dir.path().display()
    );
    let endpoints = m.endpoints_block();
    dir.write(
        "main.tf",
        &format!(
            r#"
provider "aws" {{
{files}{endpoints}}}

provider "aws" {{
  alias = "deploy"
{files}  assume_role {{
    role_arn     = "arn:aws:iam::123456789012:role/tt-cred-deployer"
    session_name = "terrace-ci"
    external_id  = "tt-external"
  }}
{endpoints}}}

{IDENTITIES}

data "aws_caller_identity" "deploy" {{
  provider = aws.deploy
}}

resource "aws_sqs_queue" "q" {{
  provider = aws.deploy
  name     = "tt-cred-queue"
}}

output "deploy_arn" {{ value = data.aws_caller_identity.deploy.arn }}
"#
        ),
    );
    let env = isolated(&dir);
    let apply = run(&dir, &["apply", "-auto-approve", "-no-color"], &env);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    assert!(!apply.stdout.contains(&secret), "{}", apply.stdout);
    let out = run(&dir, &["output", "-json"], &env).json();
    assert_eq!(
        out["arn"]["value"],
        "arn:aws:iam::123456789012:user/tt-cred-ci"
    );
    assert_eq!(out["account"]["value"], "123456789012");
    assert_eq!(
        out["region"]["value"], "eu-central-1",
        "the profile's region"
    );
    assert_eq!(
        out["deploy_arn"]["value"],
        "arn:aws:sts::123456789012:assumed-role/tt-cred-deployer/terrace-ci"
    );
    let queues = m.boto3(
        "eu-central-1",
        "print(client('sqs').list_queues(QueueNamePrefix='tt-cred')['QueueUrls'])",
    );
    assert!(queues.contains("tt-cred-queue"), "{queues}");

    let destroy = run(&dir, &["destroy", "-auto-approve", "-no-color"], &env);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
}

#[test]
fn static_keys_with_a_session_token() {
    let m = moto();
    let (key, secret) = user_and_role("tt-token-user", "tt-token-role");
    let session = m.boto3(
        "us-east-1",
        &format!(
            r#"
sts = boto3.session.Session(aws_access_key_id="{key}", aws_secret_access_key="{secret}", region_name="us-east-1").client("sts", endpoint_url="{}")
c = sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/tt-token-role", RoleSessionName="from-boto")["Credentials"]
print(c["AccessKeyId"])
print(c["SecretAccessKey"])
print(c["SessionToken"])
"#,
            m.url
        ),
    );
    let mut lines = session.lines();
    let (id, secret, token) = (
        lines.next().expect("key"),
        lines.next().expect("secret"),
        lines.next().expect("token"),
    );
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            r#"
variable "token" {{
  type      = string
  sensitive = true
}}

provider "aws" {{
  region     = "us-west-2"
  access_key = "{id}"
  secret_key = "{secret}"
  token      = var.token
{}}}
{IDENTITIES}"#,
            m.endpoints_block()
        ),
    );
    let mut env = isolated(&dir);
    env.push(("TF_VAR_token", token.to_string()));
    let apply = run(&dir, &["apply", "-auto-approve", "-no-color"], &env);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    assert!(!apply.stdout.contains(token), "the token was printed");
    let out = run(&dir, &["output", "-json"], &env).json();
    assert_eq!(
        out["arn"]["value"],
        "arn:aws:sts::123456789012:assumed-role/tt-token-role/from-boto"
    );
    assert_eq!(out["region"]["value"], "us-west-2");
}

#[test]
fn the_environment_when_the_block_sets_no_credentials() {
    let m = moto();
    let (key, secret) = user_and_role("tt-env-user", "tt-env-role");
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            "provider \"aws\" {{\n{}}}\n{IDENTITIES}",
            m.endpoints_block()
        ),
    );
    let mut env = isolated(&dir);
    env.push(("AWS_ACCESS_KEY_ID", key));
    env.push(("AWS_SECRET_ACCESS_KEY", secret));
    env.push(("AWS_REGION", "ap-southeast-2".to_string()));
    let apply = run(&dir, &["apply", "-auto-approve", "-no-color"], &env);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let out = run(&dir, &["output", "-json"], &env).json();
    assert_eq!(
        out["arn"]["value"],
        "arn:aws:iam::123456789012:user/tt-env-user"
    );
    assert_eq!(out["region"]["value"], "ap-southeast-2");
}

#[test]
fn a_missing_profile_is_a_diagnostic_naming_it() {
    let m = moto();
    let dir = Dir::new();
    dir.write("aws/config", "[profile other]\nregion = eu-west-1\n");
    dir.write(
        "main.tf",
        &format!(
            "provider \"aws\" {{\n  profile = \"nope\"\n  shared_config_files = [\"{}/aws/config\"]\n{}}}\n{IDENTITIES}",
            dir.path().display(),
            m.endpoints_block()
        ),
    );
    let plan = run(&dir, &["plan", "-no-color"], &isolated(&dir));
    assert_eq!(plan.code, 1, "{}\n{}", plan.stdout, plan.stderr);
    assert!(
        plan.stderr
            .contains("No profile \"nope\" is defined in shared_config_files"),
        "{}",
        plan.stderr
    );
    assert_eq!(
        plan.stderr.matches("No profile").count(),
        1,
        "reported once, not once per data source:\n{}",
        plan.stderr
    );
}

/// Provider `for_each` over accounts: each instance assumes a role in its
/// account, and what it creates lands there.
#[test]
fn provider_for_each_over_accounts_through_assume_role() {
    let m = moto();
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            r#"
variable "accounts" {{
  default = {{ dev = "111111111111", prod = "222222222222" }}
}}

provider "aws" {{
  alias    = "by_account"
  for_each = var.accounts
  region   = "eu-west-2"
  access_key = "testing"
  secret_key = "testing"
  assume_role {{
    role_arn     = "arn:aws:iam::${{each.value}}:role/deployer"
    session_name = "terrace-${{each.key}}"
  }}
{}}}

data "aws_caller_identity" "in" {{
  for_each = var.accounts
  provider = aws.by_account[each.key]
}}

resource "aws_sqs_queue" "jobs" {{
  for_each = var.accounts
  provider = aws.by_account[each.key]
  name     = "tt-accounts-${{each.key}}"
}}

output "accounts" {{
  value = {{ for k, d in data.aws_caller_identity.in : k => d.account_id }}
}}
output "queue_arns" {{
  value = {{ for k, q in aws_sqs_queue.jobs : k => q.arn }}
}}
"#,
            m.endpoints_block()
        ),
    );
    let env = isolated(&dir);
    let apply = run(&dir, &["apply", "-auto-approve", "-no-color"], &env);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let out = run(&dir, &["output", "-json"], &env).json();
    assert_eq!(
        out["accounts"]["value"],
        serde_json::json!({"dev": "111111111111", "prod": "222222222222"})
    );
    assert_eq!(
        out["queue_arns"]["value"],
        serde_json::json!({
            "dev": "arn:aws:sqs:eu-west-2:111111111111:tt-accounts-dev",
            "prod": "arn:aws:sqs:eu-west-2:222222222222:tt-accounts-prod"
        })
    );
    let again = run(&dir, &["plan", "-detailed-exitcode", "-no-color"], &env);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
    let destroy = run(&dir, &["destroy", "-auto-approve", "-no-color"], &env);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
}
