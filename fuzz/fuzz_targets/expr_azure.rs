//! Fuzz the Azure Pipelines expression dialect: parse, analyse and evaluate any text in
//! every mode against rich contexts. Nothing may panic or overflow the stack, and every
//! error range must lie inside the expression.
#![no_main]

use std::sync::OnceLock;

use devplat_core::expr::azure::{
    EvalOptions, JobStatus, Mode, Outcome, analyze, directive, eval_to_json_with,
};
use serde_json::{Map, Value, json};

fn contexts() -> &'static Map<String, Value> {
    static CONTEXTS: OnceLock<Map<String, Value>> = OnceLock::new();
    CONTEXTS.get_or_init(|| {
        let value = json!({
            "parameters": {
                "s": "text", "n": 3, "b": true, "empty": [], "obj": {"a": {"b": [1, "x", null]}},
                "list": ["a", "b", {"id": 1, "name": "n"}, [1, 2]],
                "jobs": [{"steps": [{"name": "a"}]}, {"steps": []}]
            },
            "variables": {"Build.Reason": "Manual", "major": "1", "x": ""},
            "pipeline": {"startTime": "2024-05-06T07:08:09.1234567+02:00"},
            "dependencies": {"A": {"result": "Succeeded", "outputs": {"s.v": "1"}}},
            "stageDependencies": {"S": {"J": {"result": "Failed"}}},
            "item": {"key": "k", "value": "v"}
        });
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(expression) = std::str::from_utf8(rest) else {
        return;
    };
    let mode = Mode::ALL[usize::from(selector) % Mode::ALL.len()];
    let mut options = EvalOptions {
        mode,
        status: JobStatus {
            canceled: selector & 0x10 != 0,
            job: Outcome::ALL[usize::from(selector >> 5) % Outcome::ALL.len()],
            dependencies: (selector & 0x08 != 0)
                .then(|| [("A".to_owned(), Outcome::Failed)].into_iter().collect()),
        },
        ..EvalOptions::default()
    };
    options.counters.insert("1".to_owned(), 41);
    if let Err(e) = eval_to_json_with(expression, contexts(), &options) {
        assert!(e.start <= e.end && e.end <= expression.len(), "{e:?}");
    }
    let analysis = analyze(expression, mode, &["item"]);
    for finding in &analysis.findings {
        assert!(finding.error.end <= expression.len());
    }
    for reference in &analysis.references {
        assert!(expression.get(reference.span.clone()).is_some());
    }
    let _ = directive(expression);
});
