//! `devplat validate --resolve-remote` against a loopback mock of the GitHub contents API:
//! the remote callee's inputs are checked, 404s are findings, and fetched files are
//! cached on disk (a second run works with the server gone).

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use assert_cmd::Command;

const CALLEE: &str = "on:\n  workflow_call:\n    inputs:\n      target:\n        type: string\n        required: true\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";

/// Serve `requests` HTTP requests: the callee at its path, 404 for anything else.
fn serve(listener: TcpListener, requests: usize) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h == "\r\n" || h.is_empty() {
                    break;
                }
            }
            seen.push(line.trim().to_owned());
            let (status, body) = if line
                .contains("/repos/acme/shared/contents/.github/workflows/build.yml?ref=v1")
            {
                ("200 OK", CALLEE.to_owned())
            } else {
                (
                    "404 Not Found",
                    "{\"message\":\"Not Found\",\"documentation_url\":\"x\"}".to_owned(),
                )
            };
            let resp = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(resp.as_bytes()).unwrap();
        }
        seen
    })
}

fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("devplat")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_TOKEN")
        .args(args)
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (text, out.status.code().unwrap_or(-1))
}

#[test]
fn remote_callee_is_fetched_checked_and_cached() {
    let dir = tempfile::tempdir().unwrap();
    let wf = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&wf).unwrap();
    std::fs::write(
        wf.join("ci.yml"),
        "on: push\njobs:\n  build:\n    uses: acme/shared/.github/workflows/build.yml@v1\n    with:\n      targt: linux\n  missing:\n    uses: acme/shared/.github/workflows/nope.yml@v1\n",
    )
    .unwrap();
    // Offline: a note, exit 0.
    let (out, code) = run(dir.path(), &["validate", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("was not checked (offline)"), "{out}");

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = serve(listener, 2);
    let cache = dir.path().join("cache");
    let args = [
        "validate",
        "--format",
        "json",
        "--resolve-remote",
        "--github-api-url",
        &url,
        "--cache-dir",
        cache.to_str().unwrap(),
    ];
    let (out, code) = run(dir.path(), &args);
    assert_eq!(code, 1, "{out}");
    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let msgs: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("input \"targt\" is not declared")
                && m.contains("did you mean \"target\"")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("requires input \"target\"")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("nope.yml") && m.contains("not found")),
        "{msgs:?}"
    );
    // The related span points into the remote file, by its display path.
    assert!(
        out.contains("acme/shared/.github/workflows/build.yml@v1"),
        "{out}"
    );

    // The server is gone; the cached callee still answers (the 404 is not cached).
    let (out, _) = run(dir.path(), &args);
    assert!(out.contains("input \\\"targt\\\" is not declared"), "{out}");
}
