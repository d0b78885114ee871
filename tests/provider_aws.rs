//! End-to-end tests of the AWS provider: the `terrace` binary against
//! moto's server, through the provider's `endpoints` block and the real
//! AWS SDK clients. Changes made elsewhere are made with boto3.

mod util;

use util::moto::moto;
use util::Dir;

/// Every resource type and data source, with default tags.
fn everything(subnets: &str) -> String {
    format!(
        r#"
variable "subnets" {{
  type    = list(string)
  default = {subnets}
}}

data "aws_caller_identity" "me" {{}}
data "aws_region" "here" {{}}

data "aws_iam_policy_document" "assume" {{
  statement {{
    actions = ["sts:AssumeRole"]
    principals {{
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }}
  }}
}}

resource "aws_s3_bucket" "b" {{
  bucket        = "tt-life-bucket"
  force_destroy = true
  tags          = {{ Name = "b" }}
}}

resource "aws_s3_bucket_policy" "p" {{
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${{aws_s3_bucket.b.arn}}/*"
    }}]
  }})
}}

resource "aws_s3_bucket_versioning" "v" {{
  bucket = aws_s3_bucket.b.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_s3_object" "o" {{
  bucket       = aws_s3_bucket.b.id
  key          = "hello.txt"
  content      = "hello"
  content_type = "text/plain"
}}

data "aws_s3_bucket" "b" {{
  bucket = aws_s3_bucket.b.id
}}

resource "aws_sqs_queue" "q" {{
  name                       = "tt-life-queue"
  visibility_timeout_seconds = 30
  tags                       = {{ Team = "core" }}
}}

resource "aws_sns_topic" "t" {{
  name = "tt-life-topic"
}}

resource "aws_sns_topic_subscription" "s" {{
  topic_arn = aws_sns_topic.t.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.q.arn
}}

resource "aws_cloudwatch_log_group" "l" {{
  name              = "/tt/life"
  retention_in_days = 7
}}

resource "aws_cloudwatch_metric_alarm" "depth" {{
  alarm_name          = "tt-life-depth"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Average"
  threshold           = 100
  dimensions          = {{ QueueName = aws_sqs_queue.q.name }}
}}

resource "aws_cloudwatch_dashboard" "d" {{
  dashboard_name = "tt-life"
  dashboard_body = jsonencode({{ widgets = [] }})
}}

resource "aws_iam_role" "r" {{
  name                  = "tt-life-role"
  assume_role_policy    = data.aws_iam_policy_document.assume.json
  force_detach_policies = true
}}

resource "aws_iam_policy" "p" {{
  name = "tt-life-policy"
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn }}]
  }})
}}

resource "aws_iam_role_policy_attachment" "a" {{
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}}

resource "aws_secretsmanager_secret" "s" {{
  name                    = "tt-life-secret"
  recovery_window_in_days = 0
}}

resource "aws_secretsmanager_secret_version" "v" {{
  secret_id     = aws_secretsmanager_secret.s.id
  secret_string = "s3cr3t-value"
}}

resource "aws_db_subnet_group" "g" {{
  name       = "tt-life-subnets"
  subnet_ids = var.subnets
}}

resource "aws_db_parameter_group" "pg" {{
  name   = "tt-life-params"
  family = "postgres16"
  parameter {{
    name  = "log_statement"
    value = "all"
  }}
}}

resource "aws_elasticache_cluster" "c" {{
  cluster_id      = "tt-life-cache"
  engine          = "redis"
  node_type       = "cache.t3.micro"
  num_cache_nodes = 1
}}

resource "aws_dynamodb_table" "t" {{
  name         = "tt-life-table"
  hash_key     = "pk"
  billing_mode = "PAY_PER_REQUEST"
  attribute {{
    name = "pk"
    type = "S"
  }}
}}

output "account" {{ value = data.aws_caller_identity.me.account_id }}
output "region" {{ value = data.aws_region.here.name }}
output "bucket_arn_from_data" {{ value = data.aws_s3_bucket.b.arn }}
output "queue_tags_all" {{ value = aws_sqs_queue.q.tags_all }}
"#
    )
}

const DATABASE: &str = r#"
resource "aws_db_instance" "db" {
  identifier           = "tt-life-db"
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  allocated_storage    = 20
  username             = "app"
  password             = "supersecret-pw"
  db_subnet_group_name = aws_db_subnet_group.g.name
  parameter_group_name = aws_db_parameter_group.pg.name
  skip_final_snapshot  = true
}

# Known at plan time, but read during apply: the instance is still to be
# created then.
data "aws_db_instance" "db" {
  db_instance_identifier = aws_db_instance.db.identifier
}

output "db_endpoint" { value = aws_db_instance.db.endpoint }
output "db_address_from_data" { value = data.aws_db_instance.db.address }
"#;

const REGION: &str = "eu-west-1";

/// What is left in the account of this test, one line per kind.
fn leftovers(region: &str) -> String {
    moto().boto3(
        region,
        r#"
out = []
out.append(("buckets", [b["Name"] for b in client("s3").list_buckets()["Buckets"] if b["Name"].startswith("tt-life")]))
out.append(("queues", [q for q in client("sqs").list_queues().get("QueueUrls", []) if "tt-life" in q]))
out.append(("topics", [t["TopicArn"] for t in client("sns").list_topics()["Topics"]]))
out.append(("alarms", [a["AlarmName"] for a in client("cloudwatch").describe_alarms()["MetricAlarms"]]))
out.append(("dashboards", [d["DashboardName"] for d in client("cloudwatch").list_dashboards()["DashboardEntries"]]))
out.append(("log_groups", [g["logGroupName"] for g in client("logs").describe_log_groups()["logGroups"]]))
out.append(("roles", [r["RoleName"] for r in client("iam").list_roles()["Roles"] if r["RoleName"].startswith("tt-life")]))
out.append(("policies", [p["PolicyName"] for p in client("iam").list_policies(Scope="Local")["Policies"] if p["PolicyName"].startswith("tt-life")]))
out.append(("secrets", [s["Name"] for s in client("secretsmanager").list_secrets()["SecretList"]]))
out.append(("db_instances", [d["DBInstanceIdentifier"] for d in client("rds").describe_db_instances()["DBInstances"]]))
out.append(("db_subnet_groups", [g["DBSubnetGroupName"] for g in client("rds").describe_db_subnet_groups()["DBSubnetGroups"]]))
out.append(("db_parameter_groups", [g["DBParameterGroupName"] for g in client("rds").describe_db_parameter_groups()["DBParameterGroups"] if g["DBParameterGroupName"].startswith("tt-")]))
# moto keeps a deleted cluster in status "deleting" for ever.
out.append(("cache_clusters", [c["CacheClusterId"] for c in client("elasticache").describe_cache_clusters()["CacheClusters"] if c["CacheClusterStatus"] != "deleting"]))
out.append(("tables", client("dynamodb").list_tables()["TableNames"]))
for k, v in out:
    if v:
        print(k, v)
"#,
    )
}

fn subnets(region: &str) -> String {
    moto()
        .boto3(
            region,
            r#"
ec2 = client("ec2")
vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
ids = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=z)["Subnet"]["SubnetId"] for i, z in enumerate(zones)]
print(json.dumps(ids))
"#,
        )
        .trim()
        .to_string()
}

#[test]
fn every_resource_type_is_created_refreshed_restored_and_destroyed() {
    let m = moto();
    let dir = Dir::new();
    let provider = m.provider_block(
        None,
        REGION,
        "  default_tags {\n    tags = { Project = \"terrace\" }\n  }",
    );
    dir.write("provider.tf", &provider);
    dir.write("main.tf", &everything(&subnets(REGION)));
    dir.write("db.tf", DATABASE);

    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    assert!(
        apply.stdout.contains("Apply complete! Resources: 20 added"),
        "{}",
        apply.stdout
    );
    assert!(!apply.stdout.contains("supersecret-pw"), "{}", apply.stdout);
    assert!(!apply.stdout.contains("s3cr3t-value"), "{}", apply.stdout);

    let outputs = dir.run(&["output", "-json"]).json();
    assert_eq!(outputs["region"]["value"], REGION);
    assert_eq!(outputs["account"]["value"], "123456789012");
    assert_eq!(
        outputs["bucket_arn_from_data"]["value"],
        "arn:aws:s3:::tt-life-bucket"
    );
    let endpoint = outputs["db_endpoint"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let address = outputs["db_address_from_data"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        !address.is_empty() && endpoint.starts_with(&address),
        "{endpoint} / {address}"
    );
    assert_eq!(
        outputs["queue_tags_all"]["value"],
        serde_json::json!({"Project": "terrace", "Team": "core"})
    );
    let tags = m.boto3(
        REGION,
        "print(json.dumps(client('s3').get_bucket_tagging(Bucket='tt-life-bucket')['TagSet'], sort_keys=True))",
    );
    assert!(
        tags.contains("\"Project\"") && tags.contains("\"terrace\""),
        "{tags}"
    );

    let again = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);

    // Changes made with another client.
    m.boto3(
        REGION,
        r#"
sqs = client("sqs")
url = sqs.get_queue_url(QueueName="tt-life-queue")["QueueUrl"]
sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "99"})
client("logs").put_retention_policy(logGroupName="/tt/life", retentionInDays=14)
cw = client("cloudwatch")
a = cw.describe_alarms(AlarmNames=["tt-life-depth"])["MetricAlarms"][0]
cw.put_metric_alarm(AlarmName=a["AlarmName"], ComparisonOperator=a["ComparisonOperator"], EvaluationPeriods=a["EvaluationPeriods"], MetricName=a["MetricName"], Namespace=a["Namespace"], Period=a["Period"], Statistic=a["Statistic"], Threshold=250.0, Dimensions=a["Dimensions"])
client("s3").put_bucket_tagging(Bucket="tt-life-bucket", Tagging={"TagSet": [{"Key": "Name", "Value": "changed"}, {"Key": "Project", "Value": "terrace"}]})
client("s3").put_bucket_versioning(Bucket="tt-life-bucket", VersioningConfiguration={"Status": "Suspended"})
"#,
    );
    let drift = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(drift.code, 2, "{}\n{}", drift.stdout, drift.stderr);
    for addr in [
        "aws_sqs_queue.q",
        "aws_cloudwatch_log_group.l",
        "aws_cloudwatch_metric_alarm.depth",
        "aws_s3_bucket.b",
        "aws_s3_bucket_versioning.v",
    ] {
        assert!(
            drift.stdout.contains(addr),
            "{addr} not reported:\n{}",
            drift.stdout
        );
    }

    let restore = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(restore.code, 0, "{}\n{}", restore.stdout, restore.stderr);
    assert!(restore.stdout.contains("5 changed"), "{}", restore.stdout);
    let now = m.boto3(
        REGION,
        r#"
sqs = client("sqs")
url = sqs.get_queue_url(QueueName="tt-life-queue")["QueueUrl"]
print(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"])
print(client("logs").describe_log_groups(logGroupNamePrefix="/tt/life")["logGroups"][0]["retentionInDays"])
print(sorted((t["Key"], t["Value"]) for t in client("s3").get_bucket_tagging(Bucket="tt-life-bucket")["TagSet"]))
print(client("s3").get_bucket_versioning(Bucket="tt-life-bucket")["Status"])
"#,
    );
    assert_eq!(
        now, "30\n7\n[('Name', 'b'), ('Project', 'terrace')]\nEnabled\n",
        "not restored"
    );
    let settled = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(settled.code, 0, "{}\n{}", settled.stdout, settled.stderr);

    // Every resource forgotten and imported again by the ID the Terraform
    // provider documents comes back as it was: the next plan is empty.
    let state = dir.run(&["show", "-json"]).json();
    let resources = state["values"]["root_module"]["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut imported = 0;
    for r in resources.iter().filter(|r| r["mode"] == "managed") {
        let addr = r["address"].as_str().unwrap_or_default();
        let v = &r["values"];
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        let id = match r["type"].as_str().unwrap_or_default() {
            "aws_s3_object" => format!("{}/{}", text("bucket"), text("key")),
            "aws_iam_role_policy_attachment" => format!("{}/{}", text("role"), text("policy_arn")),
            "aws_db_instance" => text("identifier"),
            _ => text("id"),
        };
        let rm = dir.run(&["state", "rm", addr]);
        assert_eq!(rm.code, 0, "{addr}: {}", rm.stderr);
        let import = dir.run(&["import", "-no-color", addr, &id]);
        assert_eq!(
            import.code, 0,
            "{addr} {id}: {}\n{}",
            import.stdout, import.stderr
        );
        imported += 1;
    }
    assert_eq!(imported, 20);
    // What AWS cannot tell (a password, flags that only steer Terrace) is
    // unknown to an import, and the next plan sets it in place, as with
    // Terraform; everything else reads back as it was.
    let plan = dir.run(&["plan", "-no-color", "-out=after-import.plan"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);
    let changes = dir.run(&["show", "-json", "after-import.plan"]).json();
    let mut changed: Vec<String> = Vec::new();
    for rc in changes["resource_changes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let change = &rc["change"];
        // The DB instance data source waits for the instance's update.
        if change["actions"] == serde_json::json!(["no-op"]) || rc["mode"] == "data" {
            continue;
        }
        assert_eq!(change["actions"], serde_json::json!(["update"]), "{rc}");
        let (before, after) = (&change["before"], &change["after"]);
        let keys: std::collections::BTreeSet<&String> = after
            .as_object()
            .into_iter()
            .flat_map(|m| m.keys())
            .chain(before.as_object().into_iter().flat_map(|m| m.keys()))
            .collect();
        for k in keys {
            let sensitive = change["after_sensitive"][k] == true;
            if before[k] != after[k] || sensitive && before[k].is_null() {
                changed.push(format!(
                    "{}.{k}",
                    rc["address"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    assert_eq!(
        changed,
        [
            "aws_db_instance.db.password",
            "aws_db_instance.db.skip_final_snapshot",
            "aws_iam_role.r.force_detach_policies",
            "aws_s3_bucket.b.force_destroy",
            "aws_s3_object.o.content",
            "aws_secretsmanager_secret.s.recovery_window_in_days",
        ],
        "{}",
        plan.stdout
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color", "after-import.plan"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let settled = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(settled.code, 0, "{}\n{}", settled.stdout, settled.stderr);

    let destroy = dir.run(&["destroy", "-auto-approve", "-no-color"]);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
    assert!(
        destroy
            .stdout
            .contains("Destroy complete! Resources: 20 destroyed"),
        "{}",
        destroy.stdout
    );
    // Dependents go first: moto, unlike AWS, would let these go in any order.
    let at = |line: &str| {
        destroy
            .stdout
            .find(line)
            .unwrap_or_else(|| panic!("{line:?} missing:\n{}", destroy.stdout))
    };
    assert!(
        at("aws_db_instance.db: Destruction complete") < at("aws_db_subnet_group.g: Destroying...")
    );
    assert!(
        at("aws_s3_bucket_versioning.v: Destruction complete")
            < at("aws_s3_bucket.b: Destroying...")
    );
    assert_eq!(leftovers(REGION), "", "the account is not empty");
}

#[test]
fn an_aws_error_names_the_address_operation_and_code() {
    let m = moto();
    let dir = Dir::new();
    dir.write("provider.tf", &m.provider_block(None, "ap-southeast-1", ""));
    dir.write(
        "main.tf",
        r#"
resource "aws_iam_role_policy_attachment" "missing" {
  role       = "tt-err-no-such-role"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#,
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 1, "{}\n{}", apply.stdout, apply.stderr);
    let err = apply.stderr;
    assert!(
        err.contains("aws_iam_role_policy_attachment.missing"),
        "{err}"
    );
    assert!(err.contains("AttachRolePolicy"), "{err}");
    assert!(err.contains("NoSuchEntity"), "{err}");
}

#[test]
fn aliased_providers_work_in_two_regions() {
    let m = moto();
    let dir = Dir::new();
    let providers = format!(
        "{}{}",
        m.provider_block(Some("west1"), "us-west-1", ""),
        m.provider_block(Some("west2"), "us-west-2", "")
    );
    dir.write("provider.tf", &providers);
    dir.write(
        "main.tf",
        r#"
resource "aws_sqs_queue" "one" {
  provider = aws.west1
  name     = "tt-regions"
}
resource "aws_sqs_queue" "two" {
  provider                  = aws.west2
  name                      = "tt-regions"
  message_retention_seconds = 600
}
output "arns" { value = [aws_sqs_queue.one.arn, aws_sqs_queue.two.arn] }
"#,
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let arns = dir.run(&["output", "-json", "arns"]).json();
    assert_eq!(
        arns,
        serde_json::json!([
            "arn:aws:sqs:us-west-1:123456789012:tt-regions",
            "arn:aws:sqs:us-west-2:123456789012:tt-regions"
        ])
    );
    let retention = |region: &str| {
        m.boto3(
            region,
            "sqs = client('sqs')\nurl = sqs.get_queue_url(QueueName='tt-regions')['QueueUrl']\nprint(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['MessageRetentionPeriod'])['Attributes']['MessageRetentionPeriod'])",
        )
    };
    assert_eq!(retention("us-west-1"), "345600\n");
    assert_eq!(retention("us-west-2"), "600\n");
    assert_eq!(dir.run(&["plan", "-detailed-exitcode"]).code, 0);
    let destroy = dir.run(&["destroy", "-auto-approve", "-no-color"]);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
    for region in ["us-west-1", "us-west-2"] {
        let left = m.boto3(
            region,
            "print(client('sqs').list_queues().get('QueueUrls', []))",
        );
        assert_eq!(left, "[]\n", "{region}");
    }
}

#[test]
fn provider_for_each_fans_a_module_out_over_regions() {
    let m = moto();
    let dir = Dir::new();
    dir.write(
        "provider.tf",
        &m.provider_block(
            Some("by_region"),
            "${each.key}",
            "  for_each = toset([\"eu-north-1\", \"ap-south-1\"])",
        ),
    );
    dir.write(
        "main.tf",
        r#"
module "queues" {
  source    = "./queues"
  for_each  = toset(["eu-north-1", "ap-south-1"])
  providers = { aws = aws.by_region[each.key] }
}
output "arns" { value = { for k, q in module.queues : k => q.arn } }
"#,
    );
    dir.write(
        "queues/main.tf",
        "resource \"aws_sqs_queue\" \"q\" {\n  name = \"tt-fanout\"\n}\noutput \"arn\" { value = aws_sqs_queue.q.arn }\n",
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let arns = dir.run(&["output", "-json", "arns"]).json();
    assert_eq!(
        arns,
        serde_json::json!({
            "ap-south-1": "arn:aws:sqs:ap-south-1:123456789012:tt-fanout",
            "eu-north-1": "arn:aws:sqs:eu-north-1:123456789012:tt-fanout"
        })
    );
    assert_eq!(dir.run(&["plan", "-detailed-exitcode"]).code, 0);
    let destroy = dir.run(&["destroy", "-auto-approve", "-no-color"]);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
    for region in ["eu-north-1", "ap-south-1"] {
        let left = m.boto3(
            region,
            "print(client('sqs').list_queues().get('QueueUrls', []))",
        );
        assert_eq!(left, "[]\n", "{region}");
    }
}

#[test]
fn import_adopts_a_queue_by_its_url() {
    let m = moto();
    let region = "ca-central-1";
    let url = m
        .boto3(
            region,
            "print(client('sqs').create_queue(QueueName='tt-import', Attributes={'DelaySeconds': '5'})['QueueUrl'])",
        )
        .trim()
        .to_string();
    let dir = Dir::new();
    dir.write("provider.tf", &m.provider_block(None, region, ""));
    dir.write(
        "main.tf",
        "resource \"aws_sqs_queue\" \"q\" {\n  name          = \"tt-import\"\n  delay_seconds = 5\n}\n",
    );
    let import = dir.run(&["import", "-no-color", "aws_sqs_queue.q", &url]);
    assert_eq!(import.code, 0, "{}\n{}", import.stdout, import.stderr);
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);
    let destroy = dir.run(&["destroy", "-auto-approve", "-no-color"]);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
}

#[test]
fn a_cache_cluster_changes_in_place_and_a_lower_engine_version_replaces_it() {
    let m = moto();
    let region = "ap-northeast-1";
    let dir = Dir::new();
    dir.write("provider.tf", &m.provider_block(None, region, ""));
    let cluster = |node_type: &str, nodes: u32, version: &str| {
        format!(
            r#"
resource "aws_elasticache_cluster" "c" {{
  cluster_id         = "tt-modify-cache"
  engine             = "memcached"
  engine_version     = "{version}"
  node_type          = "{node_type}"
  num_cache_nodes    = {nodes}
  maintenance_window = "sun:05:00-sun:06:00"
  apply_immediately  = true
}}
"#
        )
    };
    dir.write("main.tf", &cluster("cache.t3.micro", 2, "1.6.17"));
    let create = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(create.code, 0, "{}\n{}", create.stdout, create.stderr);

    dir.write("main.tf", &cluster("cache.t3.small", 3, "1.6.22"));
    let plan = dir.run(&["plan", "-no-color"]);
    assert!(
        plan.stdout
            .contains("aws_elasticache_cluster.c will be updated in-place")
            && plan
                .stdout
                .contains("Plan: 0 to add, 1 to change, 0 to destroy."),
        "{}",
        plan.stdout
    );
    let update = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(update.code, 0, "{}\n{}", update.stdout, update.stderr);
    let now = m.boto3(
        region,
        r#"
c = client("elasticache").describe_cache_clusters(CacheClusterId="tt-modify-cache")["CacheClusters"][0]
print(c["CacheNodeType"], c["NumCacheNodes"], c["EngineVersion"], c["PreferredMaintenanceWindow"])
"#,
    );
    assert_eq!(now, "cache.t3.small 3 1.6.22 sun:05:00-sun:06:00\n");
    let settled = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(settled.code, 0, "{}\n{}", settled.stdout, settled.stderr);

    dir.write("main.tf", &cluster("cache.t3.small", 3, "1.6.17"));
    let downgrade = dir.run(&["plan", "-no-color"]);
    assert!(
        downgrade
            .stdout
            .contains("aws_elasticache_cluster.c must be replaced")
            && downgrade.stdout.contains("# forces replacement"),
        "{}",
        downgrade.stdout
    );
    let destroy = dir.run(&["destroy", "-auto-approve", "-no-color"]);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
}

#[test]
fn throttling_is_retried_with_backoff_up_to_max_retries() {
    let m = moto();
    let queue = "resource \"aws_sqs_queue\" \"t\" {\n  name = \"tt-throttled\"\n}\n";
    // Two refusals, then moto: the default of this block (max_retries = 2)
    // gets through.
    let proxy = m.throttling_proxy(2);
    let dir = Dir::new();
    let block = m.provider_block(None, "us-west-1", "").replace(
        &format!("sqs = \"{}\"", m.url),
        &format!("sqs = \"{}\"", proxy.url),
    );
    dir.write("provider.tf", &block);
    dir.write("main.tf", queue);
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let log = proxy.log();
    assert_eq!(log[..3], ["throttled", "throttled", "passed"], "{log:?}");
    assert_eq!(dir.run(&["destroy", "-auto-approve"]).code, 0);

    // Refused for ever: one try and one retry, then a diagnostic naming the
    // resource, the operation and AWS's error code.
    let proxy = m.throttling_proxy(1000);
    let dir = Dir::new();
    let block = m
        .provider_block(None, "us-west-1", "")
        .replace(
            &format!("sqs = \"{}\"", m.url),
            &format!("sqs = \"{}\"", proxy.url),
        )
        .replace("max_retries = 2", "max_retries = 1");
    dir.write("provider.tf", &block);
    dir.write("main.tf", queue);
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 1, "{}\n{}", apply.stdout, apply.stderr);
    for want in [
        "aws_sqs_queue.t",
        "on main.tf line 1",
        "CreateQueue",
        "ThrottlingException",
    ] {
        assert!(apply.stderr.contains(want), "{want}:\n{}", apply.stderr);
    }
    assert_eq!(proxy.log(), ["throttled", "throttled"]);
}

#[test]
fn a_table_gains_and_loses_global_indexes_in_place() {
    let m = moto();
    let region = "sa-east-1";
    let dir = Dir::new();
    dir.write("provider.tf", &m.provider_block(None, region, ""));
    let table = |gsis: &str| {
        format!(
            r#"
resource "aws_dynamodb_table" "t" {{
  name             = "tt-indexed"
  hash_key         = "pk"
  range_key        = "sk"
  billing_mode     = "PAY_PER_REQUEST"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {{
    name = "pk"
    type = "S"
  }}
  attribute {{
    name = "sk"
    type = "S"
  }}
  attribute {{
    name = "owner"
    type = "S"
  }}
  attribute {{
    name = "created"
    type = "N"
  }}
  local_secondary_index {{
    name            = "by_created"
    range_key       = "created"
    projection_type = "KEYS_ONLY"
  }}
{gsis}}}
"#
        )
    };
    let by_owner = "  global_secondary_index {\n    name            = \"by_owner\"\n    hash_key        = \"owner\"\n    projection_type = \"ALL\"\n  }\n";
    let by_owner_created = "  global_secondary_index {\n    name               = \"by_owner_created\"\n    hash_key           = \"owner\"\n    range_key          = \"created\"\n    projection_type    = \"INCLUDE\"\n    non_key_attributes = [\"title\"]\n  }\n";
    dir.write("main.tf", &table(by_owner));
    let create = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(create.code, 0, "{}\n{}", create.stdout, create.stderr);
    let again = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
    let indexes = || {
        m.boto3(
            region,
            r#"
t = client("dynamodb").describe_table(TableName="tt-indexed")["Table"]
print(sorted(g["IndexName"] for g in t.get("GlobalSecondaryIndexes", [])), [l["IndexName"] for l in t.get("LocalSecondaryIndexes", [])], t["StreamSpecification"]["StreamViewType"])
"#,
        )
    };
    assert_eq!(
        indexes(),
        "['by_owner'] ['by_created'] NEW_AND_OLD_IMAGES\n"
    );

    // Another index added and the first removed, time to live and
    // point-in-time recovery turned on: in place, no replacement.
    let settings = "  ttl {\n    attribute_name = \"expires\"\n    enabled        = true\n  }\n  point_in_time_recovery {\n    enabled = true\n  }\n";
    dir.write("main.tf", &table(&format!("{by_owner_created}{settings}")));
    let plan = dir.run(&["plan", "-no-color"]);
    assert!(
        plan.stdout
            .contains("aws_dynamodb_table.t will be updated in-place"),
        "{}",
        plan.stdout
    );
    let update = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(update.code, 0, "{}\n{}", update.stdout, update.stderr);
    assert_eq!(
        indexes(),
        "['by_owner_created'] ['by_created'] NEW_AND_OLD_IMAGES\n"
    );
    let beside = m.boto3(
        region,
        r#"
d = client("dynamodb")
t = d.describe_time_to_live(TableName="tt-indexed")["TimeToLiveDescription"]
p = d.describe_continuous_backups(TableName="tt-indexed")["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
print(t["TimeToLiveStatus"], t.get("AttributeName"), p["PointInTimeRecoveryStatus"])
"#,
    );
    assert_eq!(beside, "ENABLED expires ENABLED\n");
    let settled = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(settled.code, 0, "{}\n{}", settled.stdout, settled.stderr);
    let destroy = dir.run(&["destroy", "-auto-approve", "-no-color"]);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
}
