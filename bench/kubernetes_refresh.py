#!/usr/bin/env python3
"""Refresh at scale with the kubernetes provider: N objects across 2 clusters.

Starts two test API servers (the `terrace-kube-apiserver` binary), applies N
config maps (N/2 per cluster, in 5 namespaces each) through a provider with
for_each, then times `terrace plan -refresh-only` twice: once straight to the
servers, once through a counting proxy on loopback that records each API call
(method and path). Prints times and call counts as a Markdown row, and with
--record appends it to bench/results.md.
"""

import argparse
import http.client
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)

MAIN_TF = """
variable "kubeconfig_dir" {
  type = string
}

variable "clusters" {
  default = ["east", "west"]
}

provider "kubernetes" {
  alias       = "by_cluster"
  for_each    = toset(var.clusters)
  config_path = "${var.kubeconfig_dir}/${each.key}.kubeconfig"
}

module "objects" {
  source    = "./objects"
  for_each  = toset(var.clusters)
  providers = { kubernetes = kubernetes.by_cluster[each.key] }
}
"""

OBJECTS_TF = """
resource "kubernetes_namespace_v1" "ns" {
  count = 5
  metadata {
    name = "ns-${count.index}"
  }
}

resource "kubernetes_config_map_v1" "cm" {
  count = %d
  metadata {
    name      = "cm-${count.index}"
    namespace = kubernetes_namespace_v1.ns[count.index %% 5].metadata[0].name
  }
  data = {
    index = tostring(count.index)
  }
}
"""

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: {url}
users:
- name: u
  user:
    token: {token}
contexts:
- name: c
  context:
    cluster: c
    user: u
current-context: c
"""


class Counting(http.server.BaseHTTPRequestHandler):
    """Forwards every request to one upstream and counts (method, path)."""

    protocol_version = "HTTP/1.1"
    upstream = ("127.0.0.1", 0)
    calls = None
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def forward(self):
        body = None
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            body = self.rfile.read(length)
        path = self.path.split("?")[0]
        with self.lock:
            self.calls[(self.command, path)] += 1
        conn = http.client.HTTPConnection(*self.upstream)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = forward


def start_proxy(url):
    host, port = url.split("//")[1].split(":")
    handler = type("H", (Counting,), {"upstream": (host, int(port)), "calls": Counter()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler.calls


def start_apiserver(binary):
    p = subprocess.Popen([binary], stdout=subprocess.PIPE, text=True)
    url, token = p.stdout.readline().split()
    return p, url, token


def run(terrace, work, args):
    start = time.monotonic()
    out = subprocess.run([terrace, *args], cwd=work, capture_output=True, text=True)
    took = time.monotonic() - start
    if out.returncode not in (0, 2):
        sys.exit(f"terrace {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5000, help="objects in all (default 5000)")
    ap.add_argument("--terrace", default=os.path.join(REPO_DIR, "target/release/terrace"))
    ap.add_argument("--apiserver", default=os.path.join(REPO_DIR, "target/release/terrace-kube-apiserver"))
    ap.add_argument("--record", action="store_true", help="append the row to bench/results.md")
    a = ap.parse_args()
    per_cluster = a.n // 2
    work = tempfile.mkdtemp(prefix="terrace-k8s-bench-")
    procs = []
    try:
        os.makedirs(os.path.join(work, "objects"))
        os.makedirs(os.path.join(work, "direct"))
        os.makedirs(os.path.join(work, "counted"))
        with open(os.path.join(work, "main.tf"), "w") as f:
            f.write(MAIN_TF)
        with open(os.path.join(work, "objects", "main.tf"), "w") as f:
            f.write(OBJECTS_TF % per_cluster)
        counters = {}
        for name in ("east", "west"):
            p, url, token = start_apiserver(a.apiserver)
            procs.append(p)
            with open(os.path.join(work, "direct", f"{name}.kubeconfig"), "w") as f:
                f.write(KUBECONFIG.format(url=url, token=token))
            proxy, calls = start_proxy(url)
            counters[name] = calls
            with open(os.path.join(work, "counted", f"{name}.kubeconfig"), "w") as f:
                f.write(KUBECONFIG.format(url=f"http://127.0.0.1:{proxy.server_address[1]}", token=token))
        direct = ["-var=kubeconfig_dir=direct"]
        apply_s = run(a.terrace, work, ["apply", "-auto-approve", "-no-color", *direct])
        refresh_s = run(a.terrace, work, ["plan", "-refresh-only", "-no-color", *direct])
        for c in counters.values():
            c.clear()
        counted_s = run(a.terrace, work, ["plan", "-refresh-only", "-no-color", "-var=kubeconfig_dir=counted"])
        total = Counter()
        for c in counters.values():
            for (method, path), n in c.items():
                verb = method
                if method == "GET":
                    parts = path.strip("/").split("/")
                    # A collection path has an even number of segments after the group version.
                    base = 2 if parts[0] == "api" else 3
                    verb = "LIST" if len(parts) > base and (len(parts) - base) % 2 == 1 else "GET"
                total[verb] += n
        row = (
            f"| {a.n:,} | 2 | {apply_s:.2f} | {refresh_s:.2f} | {counted_s:.2f} | "
            f"{total['LIST']} | {total['GET']} | {sum(total.values())} |"
        )
        header = (
            "| objects | clusters | apply s | refresh s | refresh via counting proxy s | LIST | GET | all calls |\n"
            "|---|---|---|---|---|---|---|---|"
        )
        print(header)
        print(row)
        if a.record:
            with open(os.path.join(BENCH_DIR, "results.md"), "a") as f:
                build = "debug" if "/debug/" in a.terrace else "release"
                f.write(f"\n### Kubernetes refresh, {time.strftime('%Y-%m-%d')}, {build} build, load {os.getloadavg()[0]:.1f}\n\n")
                f.write(header + "\n" + row + "\n")
    finally:
        for p in procs:
            p.kill()
            p.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
