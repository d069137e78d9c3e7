#![no_main]
//! The alerts config loader (`alerts.yml`: YAML, keys, matchers, durations, templates,
//! GitHub limits) and the Alertmanager webhook parser must never panic, and neither
//! must deciding a parsed payload under a loaded config. The first byte picks the mode:
//! a config alone; a webhook body alone; or config and body split at the first NUL,
//! decided (and, through `decide::needs`, checked against the snapshot state).
use devplat_alerts::decide::{self, MemoryState};
use devplat_alerts::payload::Payload;
use devplat_alerts::snapshot::Snapshot;

/// A config that loads, for the payload-only mode.
const CONFIG: &str = "rules:\n  - name: r\n    matchers: ['severity=~\"crit.*\"', 'automation!=\"none\"']\n    group_by: [service]\n    cooldown: 1m\n    max_actions: 2\n    window: 1h\n    continue: true\n    action: {github_repository_dispatch: {repo: acme/deploy, event_type: 'fix-{{ labels.service | default(\"x\") }}', client_payload: {fp: '{{ fingerprint }}', s: '{{ labels.service | default(\"\") }}'}}}\n    escalate: {github_issue: {repo: acme/ops, title: 'help {{ group_key }}'}}\n    resolved: {webhook: {url: 'http://127.0.0.1:9/r'}}\n  - name: all\n    action: {webhook: {url: 'http://127.0.0.1:9/a'}}\n";

fn decide_both(config: &devplat_alerts::Config, payload: &Payload) {
    for now in [0i64, 1_700_000_000_000] {
        let mut live = MemoryState::default();
        let Ok(expected) = decide::decide(config, payload, now, false, &mut live);
        let needs = decide::needs(config, payload, now);
        let mut snap = Snapshot::new(&needs);
        // The snapshot is asked only what `needs` named, and decides the same.
        let got = decide::decide(config, payload, now, false, &mut snap)
            .unwrap_or_else(|e| panic!("decide asked what needs did not name: {e}"));
        assert_eq!(got, expected);
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else { return };
    match mode % 3 {
        0 => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            let _ = devplat_alerts::load("alerts.yml", text);
        }
        1 => {
            if let Ok(p) = Payload::from_json(rest) {
                if let Some(cfg) = devplat_alerts::load("alerts.yml", CONFIG).config {
                    decide_both(&cfg, &p);
                }
            }
        }
        _ => {
            let Some(split) = rest.iter().position(|b| *b == 0) else { return };
            let (cfg, body) = rest.split_at(split);
            let Ok(text) = std::str::from_utf8(cfg) else { return };
            let Some(cfg) = devplat_alerts::load("alerts.yml", text).config else { return };
            if let Ok(p) = Payload::from_json(body.get(1..).unwrap_or_default()) {
                decide_both(&cfg, &p);
            }
        }
    }
});
