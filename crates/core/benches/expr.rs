//! Expression engine throughput: parse + evaluate a realistic mix of GitHub expressions
//! (`benches/expr_mix.json`: if-conditions, format, contains over arrays, fromJSON/toJSON,
//! property chains) against a realistic set of contexts, side by side with
//! actions/languageservices' `@actions/expressions` run by Node on the same mix, when it
//! is installed:
//!
//! ```text
//! npm install --prefix "${DEVPLAT_TOOLS:-$HOME/.cache/devplat/tools}/npm" @actions/expressions@0.3.61
//! cargo bench -p devplat-core --bench expr
//! ```
//!
//! `DEVPLAT_EXPR_PEER` may point at another `@actions/expressions/dist/index.js`.
//! `EXPR_BENCH_SECONDS` sets the measuring time per engine (default 3).

// A benchmark binary reports on stdout and stops on a broken setup.
#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use devplat_core::expr::github::{
    self, Contexts, Evaluator, Expr, Function, NamedValues, ParseOptions,
};

const PEER_VERSION: &str = "0.3.61";

fn main() {
    let mix_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/expr_mix.json");
    let mix: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mix_path).expect("read mix"))
            .expect("mix JSON");
    let expressions: Vec<&str> = mix["expressions"]
        .as_array()
        .expect("expressions")
        .iter()
        .map(|e| e.as_str().expect("expression"))
        .collect();
    let context_json = mix["contexts"].as_object().expect("contexts");
    let contexts = Contexts::from_json(context_json).expect("contexts");
    let names: Vec<&str> = context_json.keys().map(String::as_str).collect();
    let options = ParseOptions {
        contexts: NamedValues::Only(&names),
        functions: &Function::ALL,
    };
    let evaluator = Evaluator::new(&contexts);
    let seconds: f64 = std::env::var("EXPR_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);

    let run = |e: &str| {
        let expr = github::parse(e, &options).expect("parse");
        evaluator.evaluate(&expr).expect("evaluate")
    };
    let ours: Vec<serde_json::Value> = expressions.iter().map(|e| run(e).to_json()).collect();

    // Calibrate: how many passes over the mix fit in the measuring time.
    let start = Instant::now();
    let mut passes = 0u64;
    while start.elapsed() < Duration::from_millis(300) {
        for e in &expressions {
            std::hint::black_box(run(e));
        }
        passes += 1;
    }
    let iterations = ((passes as f64) * seconds / start.elapsed().as_secs_f64()).max(1.0) as u64;

    let per_second = |f: &dyn Fn()| {
        let start = Instant::now();
        for _ in 0..iterations {
            f();
        }
        (iterations as f64 * expressions.len() as f64) / start.elapsed().as_secs_f64()
    };
    let both = per_second(&|| {
        for e in &expressions {
            std::hint::black_box(run(e));
        }
    });
    let parse_only = per_second(&|| {
        for e in &expressions {
            std::hint::black_box(github::parse(e, &options).expect("parse"));
        }
    });
    let parsed: Vec<Expr> = expressions
        .iter()
        .map(|e| github::parse(e, &options).expect("parse"))
        .collect();
    let eval_only = per_second(&|| {
        for e in &parsed {
            std::hint::black_box(evaluator.evaluate(e).expect("evaluate"));
        }
    });
    let our_rss = peak_rss_kb();

    println!(
        "expression mix: {} expressions, {} passes per engine",
        expressions.len(),
        iterations
    );
    println!(
        "devplat               parse+evaluate {:>12.0} expr/s   peak RSS {}",
        both,
        our_rss.map_or("n/a".to_owned(), format_kb)
    );
    println!("                      parse only     {parse_only:>12.0} expr/s");
    println!("                      evaluate only  {eval_only:>12.0} expr/s");

    match peer(&mix_path, iterations) {
        Err(why) => println!("peer: not run ({why})"),
        Ok(peer) => {
            let peer_rate = peer["expressions"].as_f64().unwrap_or(0.0)
                / peer["seconds"].as_f64().unwrap_or(f64::INFINITY);
            let peer_rss = peer["max_rss_kb"].as_u64();
            println!(
                "@actions/expressions  parse+evaluate {:>12.0} expr/s   peak RSS {}   (node {})",
                peer_rate,
                peer_rss.map_or("n/a".to_owned(), format_kb),
                node_version()
            );
            println!("ratio: devplat/peer throughput {:.1}x", both / peer_rate);
            if let (Some(a), Some(b)) = (our_rss, peer_rss) {
                println!("ratio: devplat/peer peak RSS   {:.2}x", a as f64 / b as f64);
            }
            let theirs = peer["results"].as_array().cloned().unwrap_or_default();
            let agree = ours.iter().zip(&theirs).filter(|(a, b)| same(a, b)).count();
            println!("results: {agree} of {} agree with the peer", ours.len());
            for ((e, a), b) in expressions.iter().zip(&ours).zip(&theirs) {
                if !same(a, b) {
                    println!("  differs: {e}\n    devplat {a}\n    peer    {b}");
                }
            }
        }
    }
}

fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => a == b,
    }
}

fn format_kb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

/// Peak resident set size of this process (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn node_version() -> String {
    Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn peer(mix_path: &std::path::Path, iterations: u64) -> Result<serde_json::Value, String> {
    let module = match std::env::var_os("DEVPLAT_EXPR_PEER") {
        Some(p) => PathBuf::from(p),
        None => {
            let tools = std::env::var_os("DEVPLAT_TOOLS")
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/devplat/tools"))
                })
                .ok_or("no DEVPLAT_TOOLS or HOME")?;
            tools.join("npm/node_modules/@actions/expressions/dist/index.js")
        }
    };
    if !module.is_file() {
        return Err(format!(
            "{} is missing; install it with: npm install --prefix \"${{DEVPLAT_TOOLS:-$HOME/.cache/devplat/tools}}/npm\" @actions/expressions@{PEER_VERSION}",
            module.display()
        ));
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/expr_peer.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(&module)
        .arg(mix_path)
        .arg(iterations.to_string())
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "node failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("peer output: {e}"))
}
