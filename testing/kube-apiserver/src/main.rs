//! Runs one test API server until killed, printing `URL TOKEN` first: for manual use and benchmarks.

use std::io::Write;

fn main() {
    let server = terrace_kube_apiserver::ApiServer::start("terrace");
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{} {}", server.url(), server.token());
    let _ = out.flush();
    loop {
        std::thread::park();
    }
}
