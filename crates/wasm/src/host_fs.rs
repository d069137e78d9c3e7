//! The core's [`FileSource`] over the host's file system, through three functions the
//! host passes in (`hosts/src/common/fs.js`): read a file's bytes, list a directory,
//! tell what a path is. The core asks only for what it needs, when it needs it, so a
//! local reusable workflow or template is read lazily, exactly as the CLI reads it.
//!
//! The JavaScript side reports "not there" by throwing the string `ENOENT`, any other
//! failure by throwing its message; it never lets a Node error object cross over.

use devplat_core::source::{DirEntry, EntryKind, FileSource, FsError};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The host's file system, rooted at the workspace (`hosts/src/common/fs.js`).
    pub type HostFs;

    /// The bytes of the file at `path` (relative to the root, `/`-separated).
    #[wasm_bindgen(method, catch, js_name = readFile)]
    fn read_file(this: &HostFs, path: &str) -> Result<Vec<u8>, JsValue>;

    /// The entries of a directory as JSON: `[["name", "file" | "dir"], …]`.
    #[wasm_bindgen(method, catch, js_name = readDir)]
    fn read_dir_json(this: &HostFs, path: &str) -> Result<String, JsValue>;

    /// `"file"`, `"dir"`, or `""` when nothing (readable) is there.
    #[wasm_bindgen(method)]
    fn kind(this: &HostFs, path: &str) -> String;
}

/// A [`FileSource`] backed by a [`HostFs`].
pub struct JsFiles<'a>(pub &'a HostFs);

fn fs_error(err: &JsValue) -> FsError {
    match err.as_string() {
        Some(s) if s == "ENOENT" => FsError::NotFound,
        Some(s) => FsError::Other(s),
        None => FsError::Other("the host's file system failed without a message".to_owned()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    File,
    Dir,
}

fn entry_kind(kind: &str) -> Option<EntryKind> {
    match kind {
        "file" => Some(EntryKind::File),
        "dir" => Some(EntryKind::Dir),
        _ => None,
    }
}

/// Parse the host's directory listing (see [`HostFs`]).
pub fn parse_listing(json: &str) -> Result<Vec<DirEntry>, FsError> {
    let raw: Vec<(String, Kind)> = serde_json::from_str(json)
        .map_err(|e| FsError::Other(format!("the host listed a directory badly: {e}")))?;
    Ok(raw
        .into_iter()
        .map(|(name, kind)| DirEntry {
            name,
            kind: match kind {
                Kind::File => EntryKind::File,
                Kind::Dir => EntryKind::Dir,
            },
        })
        .collect())
}

impl FileSource for JsFiles<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        self.0.read_file(path).map_err(|e| fs_error(&e))
    }

    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        let json = self.0.read_dir_json(path).map_err(|e| fs_error(&e))?;
        parse_listing(&json)
    }

    fn kind(&self, path: &str) -> Option<EntryKind> {
        entry_kind(&self.0.kind(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings() {
        let got = parse_listing(r#"[["ci.yml","file"],[".github","dir"]]"#).unwrap();
        assert_eq!(
            got,
            vec![
                DirEntry {
                    name: "ci.yml".into(),
                    kind: EntryKind::File
                },
                DirEntry {
                    name: ".github".into(),
                    kind: EntryKind::Dir
                }
            ]
        );
        assert!(matches!(
            parse_listing(r#"[["x","socket"]]"#),
            Err(FsError::Other(m)) if m.contains("listed a directory badly")
        ));
        assert_eq!(entry_kind(""), None);
        assert_eq!(entry_kind("dir"), Some(EntryKind::Dir));
    }
}
