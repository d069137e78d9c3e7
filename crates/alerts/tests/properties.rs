//! Property tests: matching, dedup, cooldown, caps, GitHub's payload limits, and that no
//! input makes the loader or the one-shot entry panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout
)]

use devplat_alerts::config::Config;
use devplat_alerts::decide::{MemoryState, Outcome, decide};
use devplat_alerts::matcher::{self, MatchOp, Matcher};
use devplat_alerts::payload::{Alert, LabelSet, Payload};
use devplat_alerts::snapshot::Snapshot;
use proptest::prelude::*;

fn labels(pairs: &[(&str, &str)]) -> LabelSet {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn quote(v: &str) -> String {
    let mut s = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn config(cooldown: &str, max_actions: u32, window: &str) -> Config {
    let text = format!(
        "rules:\n  - name: r\n    matchers: ['automation=\"fix\"']\n    group_by: [service]\n    cooldown: {cooldown}\n    max_actions: {max_actions}\n    window: {window}\n    action: {{github_repository_dispatch: {{repo: acme/deploy, event_type: fix}}}}\n    escalate: {{github_issue: {{repo: acme/ops, title: help}}}}\n"
    );
    let loaded = devplat_alerts::load("p.yml", &text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.config.unwrap()
}

fn firing(fp: &str, service: &str, starts: &str) -> Alert {
    Alert {
        status: "firing".into(),
        labels: labels(&[
            ("alertname", "A"),
            ("automation", "fix"),
            ("service", service),
        ]),
        starts_at: starts.into(),
        fingerprint: fp.into(),
        ..Alert::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `=` matches exactly the equal value, `!=` the rest; a missing label is "".
    #[test]
    fn equality_matchers(value in "[ -~]{0,12}", other in "[ -~]{0,12}") {
        let eq = &matcher::parse(&format!("l={}", quote(&value))).unwrap()[0];
        let ne = &matcher::parse(&format!("l!={}", quote(&value))).unwrap()[0];
        prop_assert_eq!(&eq.value, &value);
        let set = labels(&[("l", &other)]);
        prop_assert_eq!(eq.matches(&set), value == other);
        prop_assert_eq!(ne.matches(&set), value != other);
        prop_assert_eq!(eq.matches(&LabelSet::new()), value.is_empty());
    }

    /// A regex of an escaped literal behaves as `=` (anchoring), `!~` as its negation.
    #[test]
    fn regex_matchers_are_anchored(value in "[a-z.*+]{0,8}", other in "[a-z.*+]{0,10}") {
        let re = Matcher::new("l", MatchOp::Regex, &regex_escape(&value)).unwrap();
        let nre = Matcher::new("l", MatchOp::NotRegex, &regex_escape(&value)).unwrap();
        let set = labels(&[("l", &other)]);
        prop_assert_eq!(re.matches(&set), value == other);
        prop_assert_eq!(nre.matches(&set), value != other);
    }

    /// Printing a matcher and parsing it back gives the same matcher.
    #[test]
    fn matcher_display_round_trips(name in "[a-z_][a-z0-9_]{0,6}", op in 0usize..4, value in "[ -~]{0,10}") {
        let op = [MatchOp::Equal, MatchOp::NotEqual, MatchOp::Regex, MatchOp::NotRegex][op];
        if let Ok(m) = Matcher::new(&name, op, &value) {
            let text = format!("{}{}{}", m.name, m.op.as_str(), quote(&m.value));
            let back = matcher::parse(&text).unwrap();
            prop_assert_eq!(&back[0], &m);
        }
    }

    /// Matcher parsing never panics.
    #[test]
    fn matcher_parse_total(text in "\\PC{0,40}") {
        let _ = matcher::parse(&text);
    }

    /// However Alertmanager resends (any order, any repetition, at any time), each alert
    /// instance gets at most one acting decision; a group acts at most once per
    /// cooldown; dispatches in any window never exceed max_actions; escalations are
    /// more than a window apart.
    #[test]
    fn dedup_cooldown_and_cap_hold(
        cooldown_s in 0u64..120,
        max_actions in 1u32..4,
        window_s in 60u64..600,
        steps in prop::collection::vec((0u64..90, prop::collection::vec((0usize..6, 0usize..2, 0usize..2), 1..6)), 1..40),
    ) {
        let cfg = config(&format!("{cooldown_s}s"), max_actions, &format!("{window_s}s"));
        let mut state = MemoryState::default();
        let mut now = 0i64;
        let mut acted: Vec<(i64, String, String, Outcome)> = Vec::new();
        for (advance, alerts) in steps {
            now += i64::try_from(advance).unwrap() * 1000;
            let payload = Payload {
                version: "4".into(),
                alerts: alerts
                    .iter()
                    .map(|(fp, svc, start)| firing(&format!("fp{fp}-{svc}"), ["checkout", "cart"][*svc], ["s0", "s1"][*start]))
                    .collect(),
                ..Payload::default()
            };
            for d in decide(&cfg, &payload, now, false, &mut state).unwrap() {
                if matches!(d.outcome, Outcome::Dispatch | Outcome::Escalate) {
                    acted.push((now, d.dedup_key.clone().unwrap(), d.group_key.clone().unwrap(), d.outcome));
                }
            }
        }
        let mut keys: Vec<&String> = acted.iter().map(|(_, k, _, _)| k).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), n, "an alert instance acted twice");
        for group in ["service=checkout", "service=cart"] {
            let g: Vec<_> = acted.iter().filter(|(_, _, gk, _)| gk == group).collect();
            for pair in g.windows(2) {
                prop_assert!(pair[1].0 - pair[0].0 >= i64::try_from(cooldown_s).unwrap() * 1000, "cooldown broken in {}", group);
            }
            let dispatches: Vec<i64> = g.iter().filter(|a| a.3 == Outcome::Dispatch).map(|a| a.0).collect();
            let w = i64::try_from(window_s).unwrap() * 1000;
            for (i, t) in dispatches.iter().enumerate() {
                let in_window = dispatches[..=i].iter().filter(|u| *t - **u < w).count();
                prop_assert!(in_window <= max_actions as usize, "cap broken in {}", group);
            }
            let escalations: Vec<i64> = g.iter().filter(|a| a.3 == Outcome::Escalate).map(|a| a.0).collect();
            for pair in escalations.windows(2) {
                prop_assert!(pair[1] - pair[0] >= w, "two escalations in one window");
            }
        }
    }

    /// A store that fetches `needs` up front and decides over a `Snapshot` (PostgreSQL)
    /// makes exactly the decisions of one that answers each question as it comes
    /// (SQLite, `MemoryState`): same outcomes, same reasons, same requests — with
    /// several rules (`continue`), resolutions and resends.
    #[test]
    fn snapshot_decides_like_a_live_state(
        cooldown_s in 0u64..120,
        max_actions in 1u32..4,
        window_s in 60u64..600,
        steps in prop::collection::vec((0u64..90, prop::collection::vec((0usize..6, 0usize..2, 0usize..2, any::<bool>()), 1..6)), 1..30),
    ) {
        let text = format!(
            "rules:\n  - name: r\n    matchers: ['automation=\"fix\"']\n    continue: true\n    group_by: [service]\n    cooldown: {cooldown_s}s\n    max_actions: {max_actions}\n    window: {window_s}s\n    action: {{github_repository_dispatch: {{repo: acme/deploy, event_type: fix}}}}\n    escalate: {{github_issue: {{repo: acme/ops, title: help}}}}\n    resolved: {{webhook: {{url: 'http://127.0.0.1:9/r'}}}}\n  - name: all\n    group_by: [alertname]\n    cooldown: 30s\n    max_actions: 2\n    window: 5m\n    action: {{webhook: {{url: 'http://127.0.0.1:9/a'}}}}\n"
        );
        let loaded = devplat_alerts::load("p.yml", &text);
        prop_assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let cfg = loaded.config.unwrap();
        let mut live = MemoryState::default();
        // What a database would hold: handled keys and (rule, group key, at, escalation).
        let mut handled: Vec<String> = Vec::new();
        let mut actions: Vec<(String, String, i64, bool)> = Vec::new();
        let mut now = 0i64;
        for (advance, alerts) in steps {
            now += i64::try_from(advance).unwrap() * 1000;
            let payload = Payload {
                version: "4".into(),
                alerts: alerts
                    .iter()
                    .map(|(fp, svc, start, resolved)| {
                        let mut a = firing(&format!("fp{fp}-{svc}"), ["checkout", "cart"][*svc], ["s0", "s1"][*start]);
                        if *resolved {
                            a.status = "resolved".into();
                        }
                        a
                    })
                    .collect(),
                ..Payload::default()
            };
            let expected = decide(&cfg, &payload, now, false, &mut live).unwrap();
            let needs = devplat_alerts::decide::needs(&cfg, &payload, now);
            let mut snap = Snapshot::new(&needs);
            for k in &needs.dedup_keys {
                if handled.contains(k) {
                    snap.set_handled(k);
                }
            }
            for g in &needs.groups {
                let of_group: Vec<_> = actions.iter().filter(|(r, gk, _, _)| *r == g.rule && *gk == g.group_key).collect();
                let last = of_group.iter().map(|a| a.2).max();
                let dispatches = of_group.iter().filter(|a| a.2 > g.window_start_ms && !a.3).count();
                let escalated = of_group.iter().any(|a| a.2 > g.window_start_ms && a.3);
                snap.set_group(&g.rule, &g.group_key, last, u32::try_from(dispatches).unwrap(), escalated);
            }
            let got = decide(&cfg, &payload, now, false, &mut snap).unwrap();
            prop_assert_eq!(&got, &expected);
            prop_assert_eq!(&snap.recorded, &expected);
            for d in &expected {
                if d.outcome.handles() {
                    handled.push(d.dedup_key.clone().unwrap());
                }
                if matches!(d.outcome, Outcome::Dispatch | Outcome::Escalate) {
                    actions.push((d.rule.clone().unwrap(), d.group_key.clone().unwrap(), now, d.outcome == Outcome::Escalate));
                }
            }
        }
    }

    /// GitHub's repository_dispatch limits are config errors exactly when exceeded.
    #[test]
    fn payload_limits_are_checked_at_load(keys in 0usize..14, event_len in 1usize..130) {
        let payload: Vec<String> = (0..keys).map(|i| format!("k{i}: v")).collect();
        let text = format!(
            "rules:\n  - name: r\n    action:\n      github_repository_dispatch:\n        repo: acme/deploy\n        event_type: {}\n        client_payload: {{{}}}\n",
            "e".repeat(event_len),
            payload.join(", ")
        );
        let loaded = devplat_alerts::load("p.yml", &text);
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
        prop_assert_eq!(codes.contains(&"too-many-payload-keys"), keys > 10);
        prop_assert_eq!(codes.contains(&"event-type-too-long"), event_len > 100);
        prop_assert_eq!(loaded.config.is_some(), keys <= 10 && event_len <= 100);
    }

    /// workflow_dispatch takes at most 10 string inputs.
    #[test]
    fn input_limits_are_checked_at_load(n in 0usize..14, number_at in prop::option::of(0usize..14)) {
        let inputs: Vec<String> = (0..n)
            .map(|i| if Some(i) == number_at { format!("i{i}: 3") } else { format!("i{i}: \"v\"") })
            .collect();
        let text = format!(
            "rules:\n  - name: r\n    action:\n      github_workflow_dispatch: {{repo: acme/deploy, workflow: x.yml, ref: main, inputs: {{{}}}}}\n",
            inputs.join(", ")
        );
        let loaded = devplat_alerts::load("p.yml", &text);
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
        prop_assert_eq!(codes.contains(&"too-many-inputs"), n > 10);
        prop_assert_eq!(codes.contains(&"input-not-string"), number_at.is_some_and(|i| i < n));
    }

    /// No config text makes the loader panic, and every error has a position in the file.
    #[test]
    fn loader_is_total(text in "\\PC{0,200}") {
        let loaded = devplat_alerts::load("p.yml", &text);
        for d in &loaded.diagnostics {
            prop_assert!(d.primary.start.line >= 1 && d.primary.start.column >= 1);
        }
    }

    /// No input makes the one-shot entry panic; it always answers a versioned document.
    #[test]
    fn oneshot_is_total(text in "\\PC{0,120}") {
        let out: serde_json::Value = serde_json::from_str(&devplat_alerts::oneshot::decide_json(&text)).unwrap();
        prop_assert_eq!(&out["version"], 1);
    }
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
