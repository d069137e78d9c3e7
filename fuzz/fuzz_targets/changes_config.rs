#![no_main]
//! `deployment-config.yaml` loading (YAML, keys, globs, graph checks) and glob matching
//! must never panic: the first byte picks the mode.
use devplat_core::glob::Pattern;
use devplat_core::graph::config;
use devplat_core::span::FileId;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    if mode % 2 == 0 {
        if let Some(cfg) = config::load(text, FileId(0)).config {
            let _ = cfg.graph.waves();
        }
    } else {
        let (pattern, path) = text.split_once('\n').unwrap_or((text, "a/b.c"));
        if let Ok(p) = Pattern::parse(pattern) {
            let _ = p.is_match(path);
        }
    }
});
