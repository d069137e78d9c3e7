//! Arbitrary bytes through the YAML loader with small limits: it must never panic,
//! hang or overflow the stack, and whatever loads must survive emit -> load with the
//! same values. Typed loading (`yaml::de`) and JSON conversion run on the result too.
#![no_main]

use devplat_core::source::Files;
use devplat_core::span::FileId;
use devplat_core::yaml::{self, LoadOptions};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let opts = LoadOptions::small();
    let mut files = Files::new();
    let (_, result) = yaml::load_stream(&mut files, "fuzz.yml", data, &opts);
    let docs = match result {
        Ok(docs) => docs,
        Err(e) => {
            let d = e.to_diagnostic();
            assert!(!d.code.is_empty());
            return;
        }
    };
    for d in &docs {
        let _ = d.root.to_json();
        let _ = yaml::de::from_node::<serde_json::Value>(&d.root);
        if let Some(m) = d.root.as_mapping() {
            let _ = m.duplicates();
        }
    }
    let out = yaml::emit::emit_documents(&docs);
    // Expanded aliases can make the output larger than the input limit.
    let reload = LoadOptions {
        max_bytes: usize::MAX,
        ..opts
    };
    let again = match yaml::load_text(&out, FileId(1), &reload) {
        Ok(again) => again,
        Err(e) => panic!("emitted YAML does not load: {e}\n--- emitted:\n{out}"),
    };
    assert_eq!(again.len(), docs.len(), "document count changed:\n{out}");
    for (a, b) in docs.iter().zip(&again) {
        assert!(a.root.value_eq(&b.root), "values changed:\n{out}");
    }
});
