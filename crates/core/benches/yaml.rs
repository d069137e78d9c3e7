//! YAML load: our spanned tree versus plain `saphyr-parser` event parsing (events
//! dropped), on 1 MB and 10 MB workflow-like files generated here deterministically.
//! Reports time (best of N) and peak heap memory above the input text, and the ratios.
//!
//! `cargo bench -p devplat-core --bench yaml`
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss
)]

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use devplat_core::span::FileId;
use devplat_core::yaml::{self, LoadOptions};
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// A workflow-like file of at least `target` bytes: jobs with env maps, matrices,
/// steps with `uses`/`with`, multi-line `run` scripts, quoted strings, expressions,
/// comments, an anchor and aliases, and a little non-ASCII text.
fn workflow(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    s.push_str("name: CI\non:\n  push:\n    branches: [main, 'release/**']\n  pull_request:\n");
    s.push_str("env: &common\n  CARGO_TERM_COLOR: always\n  RUST_BACKTRACE: \"1\"\njobs:\n");
    let mut job = 0u32;
    while s.len() < target {
        let _ = write!(
            s,
            "  job-{job}:\n    name: \"Build {job} (${{{{ matrix.os }}}})\"\n    runs-on: ${{{{ matrix.os }}}}\n    timeout-minutes: {}\n    env: *common\n    strategy:\n      fail-fast: false\n      matrix:\n        os: [ubuntu-latest, windows-latest, macos-latest]\n        toolchain: [stable, beta, 1.95]\n    steps:\n",
            10 + job % 50
        );
        for step in 0..8u32 {
            let _ = write!(
                s,
                "      - name: Step {step} of job {job} — café\n        uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n          token: ${{{{ secrets.GITHUB_TOKEN }}}}\n      - run: |\n          echo \"job {job} step {step}\"\n          cargo test --workspace --locked -- --test-threads=2\n        # a comment line\n        if: github.event_name == 'push' && matrix.os != 'windows-latest'\n        continue-on-error: {}\n",
                step % 2 == 0
            );
        }
        job += 1;
    }
    s
}

struct Run {
    time: Duration,
    peak: usize,
}

/// Best time of `reps` runs, and the peak heap use above what was live before.
fn measure(reps: usize, mut f: impl FnMut()) -> Run {
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..reps {
        let before = ALLOC.current_usage();
        ALLOC.reset_peak_usage();
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        peak = peak.max(ALLOC.peak_usage().saturating_sub(before));
    }
    Run { time: best, peak }
}

fn events_only(text: &str) -> usize {
    let mut n = 0usize;
    for ev in saphyr_parser::Parser::new_from_str(text) {
        black_box(ev.unwrap());
        n += 1;
    }
    n
}

fn tree(text: &str) -> Vec<yaml::Document> {
    yaml::load_text(text, FileId(0), &LoadOptions::default()).unwrap()
}

fn count(n: &yaml::Node) -> (usize, usize) {
    match &n.kind {
        yaml::NodeKind::Scalar(s) => (1, s.text.len()),
        yaml::NodeKind::Sequence(v) => v
            .iter()
            .map(count)
            .fold((1, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
        yaml::NodeKind::Mapping(m) => m
            .iter()
            .flat_map(|e| [count(&e.key), count(&e.value)])
            .fold((1, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
    }
}

/// Billion laughs: 9 levels of 9 aliases (9^9 strings if expanded).
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let items = vec![format!("*a{}", i - 1); 9].join(", ");
        let _ = writeln!(text, "a{i}: &a{i} [{items}]");
    }
    text
}

fn main() {
    // `cargo test --benches` runs this with `--test`-like flags; keep that quick.
    let quick = std::env::args().any(|a| a == "--test" || a == "--quick");
    let sizes: &[(usize, &str, usize)] = if quick {
        &[(50_000, "50 KB", 1)]
    } else {
        &[(1_000_000, "1 MB", 15), (10_000_000, "10 MB", 5)]
    };
    println!(
        "| input | saphyr-parser events | devplat tree (load) | ratio | tree drop | ratio incl. drop | peak heap: events | peak heap: tree | tree heap / input |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for &(size, label, reps) in sizes {
        let text = workflow(size);
        if std::env::args().any(|a| a == "--profile-tree") {
            for _ in 0..reps {
                black_box(tree(&text));
            }
            continue;
        }
        // Alternate the two so that load on the machine hits both alike.
        let mut ev = Run {
            time: Duration::MAX,
            peak: 0,
        };
        let mut tr = Run {
            time: Duration::MAX,
            peak: 0,
        };
        let mut drop_time = Duration::MAX;
        for _ in 0..reps {
            let e = measure(1, || {
                black_box(events_only(&text));
            });
            let mut docs = Vec::new();
            let t = measure(1, || {
                docs = tree(&text);
            });
            let d = Instant::now();
            drop(black_box(docs));
            drop_time = drop_time.min(d.elapsed());
            ev = Run {
                time: ev.time.min(e.time),
                peak: ev.peak.max(e.peak),
            };
            tr = Run {
                time: tr.time.min(t.time),
                peak: tr.peak.max(t.peak),
            };
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let (nodes, text_bytes) = tree(&text)
            .iter()
            .map(|d| count(&d.root))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        println!("<!-- {label}: {nodes} nodes, {text_bytes} bytes of scalar text -->");
        println!(
            "| {label} ({} bytes) | {:.1} ms | {:.1} ms | {:.2}x | {:.1} ms | {:.2}x | {:.1} KB | {:.1} MB | {:.1}x |",
            text.len(),
            ms(ev.time),
            ms(tr.time),
            tr.time.as_secs_f64() / ev.time.as_secs_f64(),
            ms(drop_time),
            (tr.time + drop_time).as_secs_f64() / ev.time.as_secs_f64(),
            ev.peak as f64 / 1e3,
            tr.peak as f64 / 1e6,
            tr.peak as f64 / text.len() as f64,
        );
    }
    let bomb = alias_bomb();
    let t = Instant::now();
    let err = yaml::load_text(&bomb, FileId(0), &LoadOptions::default()).unwrap_err();
    println!(
        "\nalias bomb ({} bytes): rejected with `{}` in {:.1} ms",
        bomb.len(),
        err.code,
        t.elapsed().as_secs_f64() * 1e3
    );
}
