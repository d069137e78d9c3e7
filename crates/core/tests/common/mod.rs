//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The shared conformance data: `$DEVPLAT_CONFORMANCE`, else `<workspace>/../shared/conformance`.
/// Panics (fails the test) when it is missing: these tests never pass silently.
pub fn conformance_dir() -> PathBuf {
    let dir = match std::env::var_os("DEVPLAT_CONFORMANCE") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance"),
    };
    assert!(
        dir.is_dir(),
        "conformance data not found at {}: set DEVPLAT_CONFORMANCE or check out `shared/` beside the repository",
        dir.display()
    );
    dir
}
