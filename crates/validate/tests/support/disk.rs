//! A read-only file source over a directory, for tests of the library (the CLI has the
//! real one; this crate does no I/O).

use std::path::PathBuf;

use devplat_core::source::{DirEntry, EntryKind, FileSource, FsError};

pub struct Disk(pub PathBuf);

impl FileSource for Disk {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        std::fs::read(self.0.join(path)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FsError::NotFound,
            _ => FsError::Other(e.to_string()),
        })
    }

    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        let rd = std::fs::read_dir(self.0.join(path)).map_err(|e| FsError::Other(e.to_string()))?;
        Ok(rd
            .filter_map(Result::ok)
            .map(|e| DirEntry {
                name: e.file_name().to_string_lossy().into_owned(),
                kind: if e.path().is_dir() {
                    EntryKind::Dir
                } else {
                    EntryKind::File
                },
            })
            .collect())
    }

    fn kind(&self, path: &str) -> Option<EntryKind> {
        let p = if path.is_empty() || path == "." {
            self.0.clone()
        } else {
            self.0.join(path)
        };
        let m = std::fs::metadata(p).ok()?;
        Some(if m.is_dir() {
            EntryKind::Dir
        } else {
            EntryKind::File
        })
    }
}
