//! Several replicas on PostgreSQL, end to end: two `devplat alerts serve` processes on
//! one database → the mock GitHub API (tests/support/mock_api.rs), all on loopback.
//! Run by `scripts/checks/61-alerts-postgres.sh`, which starts a throw-away PostgreSQL
//! and sets `DEVPLAT_TEST_PG` (an admin URL); without it this test fails.
//!
//! `DEVPLAT_TEST_PG=postgres://… cargo test -p devplat --test alerts_postgres_e2e -- --ignored --nocapture`
//!
//! Scenarios: Alertmanager's HA pair sends every group to both replicas at once (one
//! decision, one dispatch per alert); two alerts of one service reach the two replicas
//! at the same moment (the cooldown holds across replicas); `kill -9` of one replica
//! in the middle of a burst (no loss, no duplicate, in-doubt surfaced by the survivor).
//! Every wait is a bounded poll; no assertion is about speed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout
)]

mod support;

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::mock_api::Mock;

const RX_TOKEN: &str = "rx-pg-e2e-inbound-77ab";
const GH_TOKEN: &str = "ghp_pgE2Esecret0123456789";

fn devplat() -> &'static str {
    env!("CARGO_BIN_EXE_devplat")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A replica: killed when the test ends, however it ends.
struct Replica {
    child: Option<Child>,
    addr: SocketAddr,
    log: PathBuf,
}

impl Replica {
    fn start(dir: &Path, name: &str, config: &Path, state: &str, password_file: &Path) -> Replica {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let log = dir.join(format!("{name}.log"));
        let child = Command::new(devplat())
            .args(["alerts", "serve", "--pg-pool-size", "4", "--config"])
            .arg(config)
            .args(["--listen", &addr.to_string(), "--state", state])
            .arg("--state-password-file")
            .arg(password_file)
            .env("DEVPLAT_ALERTS_TOKEN", RX_TOKEN)
            .env("GITHUB_TOKEN", GH_TOKEN)
            .env_remove("PGPASSWORD")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start devplat alerts serve");
        let r = Replica {
            child: Some(child),
            addr,
            log,
        };
        wait_until(&format!("{name} /readyz"), 30, || {
            http(addr, "GET", "/readyz", &[], "").is_ok_and(|(s, _)| s == 200)
        });
        r
    }
    fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
    /// SIGTERM and a clean exit within 10 s.
    fn stop(&mut self) {
        let mut c = self.child.take().unwrap();
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(c.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut exited = false;
        while Instant::now() < deadline {
            if c.try_wait().unwrap().is_some() {
                exited = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !exited {
            let _ = c.kill();
        }
        let status = c.wait().unwrap();
        assert!(exited, "replica did not stop on SIGTERM");
        assert!(status.success(), "replica exited with {status:?}");
    }
    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.kill9();
    }
}

fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes())?;
    let mut resp = String::new();
    s.read_to_string(&mut resp)?;
    let status = resp
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = resp
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

fn wait_until(what: &str, secs: u64, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("timed out after {secs}s waiting for: {what}");
}

/// An Alertmanager webhook body with one firing alert.
fn webhook(kind: &str, service: &str, id: &str) -> String {
    json!({
        "receiver": "devplat", "status": "firing", "version": "4",
        "groupKey": format!("{{}}:{{service=\"{service}\"}}"),
        "groupLabels": {"service": service}, "commonLabels": {}, "commonAnnotations": {},
        "externalURL": "http://am.example:9093", "truncatedAlerts": 0,
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "PgE2E", "kind": kind, "service": service, "id": id},
            "annotations": {}, "startsAt": "2026-11-22T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prom/graph", "fingerprint": format!("{kind}-{id}"),
        }],
    })
    .to_string()
}

fn post(addr: SocketAddr, body: &str) -> std::io::Result<u16> {
    http(
        addr,
        "POST",
        "/alertmanager",
        &[
            ("Authorization", &format!("Bearer {RX_TOKEN}")),
            ("Content-Type", "application/json"),
        ],
        body,
    )
    .map(|(s, _)| s)
}

/// `devplat alerts audit` of the shared database (password from `PGPASSWORD`).
fn audit(state: &str, password: &str) -> Vec<Value> {
    let out = Command::new(devplat())
        .args(["alerts", "audit", "--format", "json", "--state", state])
        .env("PGPASSWORD", password)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "audit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["entries"].as_array().unwrap().clone()
}

fn of_kind<'a>(audit: &'a [Value], rule: &str) -> Vec<&'a Value> {
    audit.iter().filter(|e| e["rule"] == rule).collect()
}

#[test]
#[ignore = "needs PostgreSQL: run by scripts/checks/61-alerts-postgres.sh"]
fn replicas_share_one_postgres_database() {
    let admin = std::env::var("DEVPLAT_TEST_PG").expect(
        "DEVPLAT_TEST_PG is not set: run scripts/checks/61-alerts-postgres.sh (it starts a PostgreSQL)",
    );
    let started = Instant::now();
    // postgres://USER:PASSWORD@HOST:PORT/DB → a fresh database, reached without the
    // password in the URL (a file for the replicas, PGPASSWORD for audit).
    let rest = admin.strip_prefix("postgres://").unwrap();
    let (userinfo, hostdb) = rest.split_once('@').unwrap();
    let (user, password) = userinfo.split_once(':').unwrap();
    let (hostport, _) = hostdb.split_once('/').unwrap();
    let db = format!("e2e_{}", std::process::id());
    let created = Command::new("psql")
        .arg(&admin)
        .args(["-v", "ON_ERROR_STOP=1", "-q", "-c"])
        .arg(format!("DROP DATABASE IF EXISTS {db}"))
        .arg("-c")
        .arg(format!("CREATE DATABASE {db}"))
        .output()
        .expect("psql (postgresql-client) is needed to create the test database");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let state = format!("postgres://{user}@{hostport}/{db}");

    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = Mock::new(GH_TOKEN, "", None);
    let api = rt.block_on(support::mock_api::spawn(
        mock.clone(),
        "127.0.0.1:0".parse().unwrap(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let password_file = dir.path().join("pg.password");
    std::fs::write(&password_file, format!("{password}\n")).unwrap();
    let config = dir.path().join("alerts.yml");
    std::fs::write(
        &config,
        format!(
            r#"version: 1
github:
  api_url: http://{api}
worker:
  initial_backoff: 200ms
  max_backoff: 1s
  timeout: 5s
rules:
  - name: ha
    matchers: ['kind="ha"']
    group_by: [service]
    cooldown: 0s
    max_actions: 100000
    action: {{github_repository_dispatch: {{repo: acme/deploy, event_type: ha, client_payload: {{id: "{{{{ labels.id }}}}"}}}}}}
  - name: cool
    matchers: ['kind="cool"']
    group_by: [service]
    cooldown: 1h
    action: {{github_repository_dispatch: {{repo: acme/deploy, event_type: cool, client_payload: {{id: "{{{{ labels.id }}}}"}}}}}}
  - name: burst
    matchers: ['kind="burst"']
    group_by: [service]
    cooldown: 0s
    max_actions: 100000
    action: {{github_repository_dispatch: {{repo: acme/slow, event_type: burst, client_payload: {{id: "{{{{ labels.id }}}}"}}}}}}
"#
        ),
    )
    .unwrap();

    // Two replicas start together: the schema is created once (advisory lock).
    let (a, b) = std::thread::scope(|s| {
        let a =
            s.spawn(|| Replica::start(dir.path(), "replica-a", &config, &state, &password_file));
        let b =
            s.spawn(|| Replica::start(dir.path(), "replica-b", &config, &state, &password_file));
        (a.join().unwrap(), b.join().unwrap())
    });
    let (mut a, mut b) = (a, b);
    eprintln!("replicas up at {:?}", started.elapsed());

    // ── 1: the HA pair sends every group to both replicas at the same moment.
    const HA: usize = 20;
    std::thread::scope(|s| {
        for i in 0..HA {
            let body = webhook("ha", &format!("svc-{i}"), &i.to_string());
            for addr in [a.addr, b.addr] {
                let body = body.clone();
                s.spawn(move || assert_eq!(post(addr, &body).unwrap(), 200));
            }
        }
    });
    // ── 2: two alerts of one service reach the two replicas at once: one acts.
    const COOL: usize = 10;
    std::thread::scope(|s| {
        for i in 0..COOL {
            for (addr, pod) in [(a.addr, "a"), (b.addr, "b")] {
                let body = webhook("cool", &format!("cool-{i}"), &format!("{i}{pod}"));
                s.spawn(move || assert_eq!(post(addr, &body).unwrap(), 200));
            }
        }
    });
    let sent = |event: &str| {
        mock.requests()
            .into_iter()
            .filter(|r| r.body["event_type"] == event && r.status < 300)
            .count()
    };
    wait_until("every HA and cooldown dispatch", 60, || {
        sent("ha") >= HA && sent("cool") >= COOL
    });
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        sent("ha"),
        HA,
        "one dispatch per alert sent to both replicas"
    );
    assert_eq!(sent("cool"), COOL, "the cooldown holds across replicas");
    let audit1 = audit(&state, password);
    let ha = of_kind(&audit1, "ha");
    assert_eq!(ha.len(), HA, "one decision per alert: {ha:?}");
    assert!(
        ha.iter()
            .all(|e| e["outcome"] == "dispatch" && e["resends"] == 1 && e["dispatch"] == "done"),
        "the other replica's copy is a deduped resend: {ha:?}"
    );
    let cool = of_kind(&audit1, "cool");
    assert_eq!(
        (
            cool.iter().filter(|e| e["outcome"] == "dispatch").count(),
            cool.iter().filter(|e| e["outcome"] == "cooldown").count()
        ),
        (COOL, COOL)
    );
    eprintln!("HA pair and cooldown race ok at {:?}", started.elapsed());

    // ── 3: kill -9 of replica A while a burst arrives at both (each call to the API
    //       takes 200 ms, so A is likely killed mid-call).
    const BURST: usize = 30;
    let (a_addr, b_addr) = (a.addr, b.addr);
    let poster = |addr: SocketAddr, may_fail: bool| {
        move || {
            for i in 0..BURST {
                let body = webhook("burst", &format!("burst-{i}"), &i.to_string());
                match post(addr, &body) {
                    Ok(s) => assert_eq!(s, 200),
                    Err(e) => assert!(may_fail, "replica B refused a notification: {e}"),
                }
                std::thread::sleep(Duration::from_millis(60));
            }
        }
    };
    let pa = std::thread::spawn(poster(a_addr, true));
    let pb = std::thread::spawn(poster(b_addr, false));
    std::thread::sleep(Duration::from_millis(900));
    a.kill9();
    eprintln!("killed replica A with SIGKILL at {:?}", started.elapsed());
    pa.join().unwrap();
    pb.join().unwrap();
    wait_until("every burst alert decided and finished", 90, || {
        let au = audit(&state, password);
        let acting: Vec<_> = of_kind(&au, "burst")
            .into_iter()
            .filter(|e| e["outcome"] == "dispatch")
            .collect();
        acting.len() >= BURST
            && acting
                .iter()
                .all(|e| e["dispatch"] == "done" || e["dispatch"] == "in-doubt")
    });
    let audit3 = audit(&state, password);
    let requests = mock.requests();
    let mut in_doubt = 0u64;
    for i in 0..BURST {
        let id = i.to_string();
        let acting: Vec<_> = of_kind(&audit3, "burst")
            .into_iter()
            .filter(|e| e["outcome"] == "dispatch" && e["request"]["client_payload"]["id"] == id)
            .collect();
        assert_eq!(acting.len(), 1, "burst {i}: exactly one decision");
        let n = requests
            .iter()
            .filter(|r| r.body["event_type"] == "burst" && r.body["client_payload"]["id"] == id)
            .count();
        match acting[0]["dispatch"].as_str() {
            Some("done") => assert_eq!(n, 1, "burst {i}: dispatched exactly once"),
            Some("in-doubt") => {
                in_doubt += 1;
                assert!(n <= 1, "burst {i}: in-doubt and never resent");
            }
            other => panic!("burst {i}: {other:?}"),
        }
    }
    let (s, metrics) = http(b.addr, "GET", "/metrics", &[], "").unwrap();
    assert_eq!(s, 200);
    let reported: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("devplat_alerts_in_doubt_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    assert_eq!(
        reported, in_doubt,
        "the survivor surfaces what the killed replica left in doubt"
    );
    if in_doubt > 0 {
        assert!(b.log_text().contains("marked in-doubt"), "{}", b.log_text());
    }
    eprintln!(
        "kill -9 ok at {:?}: {BURST} alerts, {in_doubt} in doubt",
        started.elapsed()
    );

    b.stop();
    // No credential in the replicas' logs or the audit.
    let audit_text = serde_json::to_string(&audit3).unwrap();
    for (name, text) in [
        ("replica-a log", a.log_text()),
        ("replica-b log", b.log_text()),
        ("audit", audit_text),
    ] {
        for secret in [password, GH_TOKEN, RX_TOKEN] {
            assert!(!text.contains(secret), "{name} contains a credential");
        }
    }
    assert!(
        a.log_text()
            .contains(&format!("state postgres://{user}@{hostport}/{db}")),
        "{}",
        a.log_text()
    );
    let _ = Command::new("psql")
        .arg(&admin)
        .args(["-qc"])
        .arg(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .output();
    eprintln!("all scenarios passed in {:?}", started.elapsed());
}
