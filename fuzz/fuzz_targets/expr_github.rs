#![no_main]
// (being built: see the foundation issue)
libfuzzer_sys::fuzz_target!(|_data: &[u8]| {});
