//! `devplat changes` and `devplat plan` through the real binary: config errors as
//! snapshots, git scenarios in temporary repositories, the PR files API against a
//! loopback mock server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changes")
}

fn devplat(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(cargo_bin("devplat"))
        .current_dir(dir)
        .args(args)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_EVENT_NAME")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cycle_and_unknown_dependency_errors() {
    for name in ["cycle", "unknown"] {
        let (code, out, err) = devplat(&fixtures(), &["plan", "--config", &format!("{name}.yaml")]);
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty());
        insta::assert_snapshot!(format!("plan_{name}"), err);
        let (code, _, err2) = devplat(
            &fixtures(),
            &[
                "changes",
                "--config",
                &format!("{name}.yaml"),
                "--files-from",
                "cycle.yaml",
            ],
        );
        assert_eq!(code, 2);
        assert_eq!(err, err2);
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

const CONFIG: &str = "services:\n  database: {root: services/database}\n  api: {root: services/api, dependencies: [database]}\n  web: {root: services/web, dependencies: [api]}\n";

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn commit(dir: &Path, msg: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", msg]);
    git(dir, &["rev-parse", "HEAD"])
}

/// An "origin" repository with main (3 commits) and a feature branch.
fn origin() -> (tempfile::TempDir, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let o = tmp.path().join("origin");
    std::fs::create_dir(&o).unwrap();
    git(&o, &["init", "-q"]);
    write(&o, "deployment-config.yaml", CONFIG);
    write(&o, "services/database/schema.sql", "1");
    write(&o, "services/api/main.go", "1");
    write(&o, "services/web/index.html", "1");
    let base = commit(&o, "initial");
    for i in 0..30 {
        write(&o, "docs/log.md", &i.to_string());
        commit(&o, "docs");
    }
    git(&o, &["checkout", "-q", "-b", "feature"]);
    write(&o, "services/database/schema.sql", "2");
    git(&o, &["mv", "services/api/main.go", "services/web/main.go"]);
    std::fs::remove_file(o.join("services/web/index.html")).unwrap();
    let head = commit(&o, "feature");
    git(&o, &["checkout", "-q", "main"]);
    for i in 0..6 {
        write(&o, "docs/after.md", &i.to_string());
        commit(&o, "main moves on");
    }
    (tmp, base, head)
}

fn report(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn git_scenarios() {
    let (tmp, _base, head) = origin();
    let o = tmp.path().join("origin");
    // PR: merge-base diff with renames (both names) and deletions.
    let (code, out, err) = devplat(
        &o,
        &[
            "changes", "--base", "main", "--head", "feature", "--format", "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r = report(&out);
    let files: Vec<&Value> = r["files"].as_array().unwrap().iter().collect();
    assert!(files.contains(&&json!({"path": "services/web/main.go", "status": "renamed", "previous_path": "services/api/main.go"})), "{files:?}");
    assert!(files.contains(&&json!({"path": "services/web/index.html", "status": "deleted"})));
    assert!(
        !files.iter().any(|f| f["path"] == "docs/after.md"),
        "merge-base diff must not include main's later commits"
    );
    assert_eq!(r["affected"], json!(["api", "database", "web"]));
    assert_eq!(
        r["services"]["api"]["direct"], true,
        "the old name of a rename counts"
    );

    // Push event on a branch.
    let event = tmp.path().join("push.json");
    let before = git(&o, &["rev-parse", "feature~1"]);
    std::fs::write(&event, json!({"before": before, "after": head, "ref": "refs/heads/feature", "repository": {"default_branch": "main"}}).to_string()).unwrap();
    let (code, out, err) = devplat(
        &o,
        &[
            "changes",
            "--event",
            event.to_str().unwrap(),
            "--event-name",
            "push",
            "--remote",
            ".",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(report(&out)["affected"], json!(["api", "database", "web"]));

    // New branch (all-zero before): merge-base with the default branch of the remote.
    let clone = tmp.path().join("clone");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--no-local",
            o.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    git(&clone, &["checkout", "-q", "feature"]);
    std::fs::write(&event, json!({"before": "0000000000000000000000000000000000000000", "after": head, "ref": "refs/heads/feature", "repository": {"default_branch": "main"}}).to_string()).unwrap();
    let (code, out, err) = devplat(
        &clone,
        &[
            "changes",
            "--event",
            event.to_str().unwrap(),
            "--event-name",
            "push",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r = report(&out);
    assert_eq!(r["files"].as_array().unwrap().len(), 3, "{r}");

    // Force push: `before` no longer exists anywhere; fall back to the default branch.
    std::fs::write(&event, json!({"before": "1111111111111111111111111111111111111111", "after": head, "ref": "refs/heads/feature", "forced": true}).to_string()).unwrap();
    let (code, out, err) = devplat(
        &clone,
        &[
            "changes",
            "--event",
            event.to_str().unwrap(),
            "--event-name",
            "push",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r = report(&out);
    assert_eq!(r["affected"], json!(["api", "database", "web"]));
    assert!(r["notes"].to_string().contains("force push"), "{r}");

    // Merge queue: base_sha..head_sha.
    std::fs::write(
        &event,
        json!({"merge_group": {"base_sha": before, "head_sha": head}}).to_string(),
    )
    .unwrap();
    let (code, out, _) = devplat(
        &o,
        &[
            "changes",
            "--event",
            event.to_str().unwrap(),
            "--event-name",
            "merge_group",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(report(&out)["files"].as_array().unwrap().len(), 3);

    // Manual run without a base: a clear error.
    let (code, _, err) = devplat(
        &o,
        &[
            "changes",
            "--event",
            event.to_str().unwrap(),
            "--event-name",
            "workflow_dispatch",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--base"), "{err}");
}

#[test]
fn shallow_clone_is_deepened_until_the_merge_base_exists() {
    let (tmp, _base, _head) = origin();
    let o = tmp.path().join("origin");
    let clone = tmp.path().join("shallow");
    let url = format!("file://{}", o.display());
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--depth=1",
            "--no-single-branch",
            &url,
            clone.to_str().unwrap(),
        ],
    );
    git(&clone, &["checkout", "-q", "feature"]);
    assert_eq!(
        git(&clone, &["rev-parse", "--is-shallow-repository"]),
        "true"
    );
    let (code, out, err) = devplat(
        &clone,
        &[
            "changes",
            "--base",
            "origin/main",
            "--head",
            "HEAD",
            "--fetch-depth",
            "2",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r = report(&out);
    assert_eq!(r["affected"], json!(["api", "database", "web"]), "{r}");
    let notes = r["notes"].to_string();
    assert!(
        notes.contains("--depth=2") && notes.contains("deepened"),
        "{notes}"
    );
    assert!(!r["files"].to_string().contains("docs/"), "{r}");
}

/// A one-thread HTTP server on loopback answering the two PR routes; stops after `n`
/// requests.
fn mock_github(
    changed_files: u64,
    listed: usize,
    n: usize,
) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(n) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h == "\r\n" || h.is_empty() {
                    break;
                }
            }
            let body = if path.contains("/files") {
                let page: usize = path
                    .split("page=")
                    .last()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(1);
                let start = (page - 1) * 100;
                let end = (start + 100).min(listed);
                let items: Vec<Value> = (start..end.max(start))
                    .map(|i| {
                        if i == 0 {
                            json!({"filename": "services/api/main.go", "status": "modified"})
                        } else {
                            json!({"filename": format!("docs/f{i}.md"), "status": "added"})
                        }
                    })
                    .collect();
                Value::Array(items).to_string()
            } else {
                json!({"number": 7, "changed_files": changed_files}).to_string()
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.flush();
            let mut rest = Vec::new();
            let _ = reader.read_to_end(&mut rest);
            seen.push(path);
        }
        seen
    });
    (url, handle)
}

fn pr_event(dir: &Path, base: &str, head: &str) -> PathBuf {
    let p = dir.join("pr.json");
    std::fs::write(&p, json!({"number": 7, "pull_request": {"number": 7, "base": {"sha": base}, "head": {"sha": head}}}).to_string()).unwrap();
    p
}

#[test]
fn pr_files_from_the_api_and_the_3000_cap() {
    let (tmp, _, head) = origin();
    let o = tmp.path().join("origin");
    let main = git(&o, &["rev-parse", "main"]);
    let event = pr_event(tmp.path(), &main, &head);
    let ev = event.to_str().unwrap();
    // Small PR: the API answers, git is not needed.
    let (url, server) = mock_github(2, 2, 2);
    let (code, out, err) = devplat(
        &o,
        &[
            "changes",
            "--event",
            ev,
            "--event-name",
            "pull_request",
            "--token",
            "t",
            "--repository",
            "o/r",
            "--api-url",
            &url,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(report(&out)["affected"], json!(["api", "web"]));
    assert_eq!(
        server.join().unwrap(),
        vec![
            "/repos/o/r/pulls/7",
            "/repos/o/r/pulls/7/files?per_page=100&page=1"
        ]
    );

    // 3,500 files: the API stops at 3,000; devplat says so and uses git.
    let (url, server) = mock_github(3500, 3000, 31);
    let (code, out, err) = devplat(
        &o,
        &[
            "changes",
            "--event",
            ev,
            "--event-name",
            "pull_request",
            "--token",
            "t",
            "--repository",
            "o/r",
            "--api-url",
            &url,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r = report(&out);
    assert_eq!(r["truncated"], false);
    assert!(r["notes"].to_string().contains("at most 3000"), "{r}");
    assert_eq!(r["affected"], json!(["api", "database", "web"]));
    assert_eq!(server.join().unwrap().len(), 31);

    // Same, but git cannot answer (no repository): every service affected.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("deployment-config.yaml"), CONFIG).unwrap();
    let (url, server) = mock_github(3500, 3000, 31);
    let (code, out, err) = devplat(
        &empty,
        &[
            "changes",
            "--event",
            ev,
            "--event-name",
            "pull_request",
            "--token",
            "t",
            "--repository",
            "o/r",
            "--api-url",
            &url,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r = report(&out);
    assert_eq!(r["truncated"], true);
    assert_eq!(r["affected"], json!(["api", "database", "web"]));
    assert_eq!(
        r["services"]["database"]["reasons"][0]["kind"],
        "incomplete"
    );
    assert_eq!(r["files"].as_array().unwrap().len(), 3000);
    server.join().unwrap();
}

#[test]
fn generated_workflow_and_outputs() {
    let dir = fixtures();
    let (code, out, err) = devplat(
        &dir,
        &[
            "plan",
            "--config",
            "../../../../plan/tests/brief.yaml",
            "--format",
            "github-matrix",
            "--max-waves",
            "4",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("has_wave_3<<DEVPLAT_EOF\nfalse\nDEVPLAT_EOF\n"),
        "{out}"
    );
    let (code, out, _) = devplat(
        &dir,
        &[
            "plan",
            "--config",
            "../../../../plan/tests/brief.yaml",
            "--format",
            "github-workflow",
            "--workflow",
            "./.github/workflows/deploy.yml",
        ],
    );
    assert_eq!(code, 0);
    let wf = devplat_core::yaml::load_one_str(&out).unwrap().to_json();
    assert_eq!(
        wf["jobs"]["deploy-frontend"]["needs"],
        json!(["deploy-backend-api"])
    );
}
