//! Throughput of the Azure expression dialect: parse + resolve + evaluate every case of
//! `tests/data/azure-expressions.json`, repeatedly; then parse only. Prints cases per
//! second. Run with `cargo bench -p devplat-core --bench expr_azure`.

// A bench reports on stdout and may panic on bad data.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Instant;

use devplat_core::expr::azure::{EvalOptions, Mode, eval_to_json_with, parse};
use serde_json::{Map, Value};

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/azure-expressions.json"
    );
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let shared = suite["contexts"].as_object().unwrap();
    let cases: Vec<(String, Map<String, Value>, EvalOptions)> = suite["cases"]
        .as_array()
        .unwrap()
        .iter()
        // The memory-limit case builds megabytes on purpose: not a typical expression.
        .filter(|c| c["name"] != "results are bounded")
        .map(|c| {
            let contexts = match &c["contexts"] {
                Value::String(name) => shared[name].as_object().unwrap().clone(),
                Value::Object(map) => map.clone(),
                _ => Map::new(),
            };
            let mode = c["mode"]
                .as_str()
                .and_then(Mode::from_name)
                .unwrap_or_default();
            let options = EvalOptions {
                mode,
                ..EvalOptions::default()
            };
            (c["expr"].as_str().unwrap().to_owned(), contexts, options)
        })
        .collect();
    let rounds = 200;
    let start = Instant::now();
    for _ in 0..rounds {
        for (expr, contexts, options) in &cases {
            let _ = black_box(eval_to_json_with(expr, contexts, options));
        }
    }
    let evals = (rounds * cases.len()) as f64 / start.elapsed().as_secs_f64();
    let start = Instant::now();
    for _ in 0..rounds {
        for (expr, _, _) in &cases {
            let _ = black_box(parse(expr));
        }
    }
    let parses = (rounds * cases.len()) as f64 / start.elapsed().as_secs_f64();
    println!(
        "azure expressions: {} cases x {rounds}: parse+evaluate {evals:.0}/s, parse only {parses:.0}/s",
        cases.len()
    );
}
