//! [`FileSource`] over the real file system, rooted at a directory.
//!
//! Paths handed to the core are `/`-separated and relative to the root (the current
//! directory for the CLI); absolute paths are read as they are. Every devplat command
//! that reads a project's files goes through this, so the core never touches `std::fs`.

use std::path::{Path, PathBuf};

use devplat_core::source::{DirEntry, EntryKind, FileSource, FsError};

/// The real file system, relative paths resolved against `root`.
#[derive(Debug, Clone)]
pub struct DiskFiles {
    root: PathBuf,
}

impl DiskFiles {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DiskFiles { root: root.into() }
    }

    /// The OS path of a core path.
    pub fn resolve(&self, path: &str) -> PathBuf {
        let p = Path::new(path);
        if p.is_absolute() {
            p.to_path_buf()
        } else if path.is_empty() || path == "." {
            self.root.clone()
        } else {
            self.root.join(path)
        }
    }

    /// The core path of an OS path: relative to the root when it is under it (so output
    /// shows `src/a.yml`, not `/home/me/project/src/a.yml`), `/`-separated.
    pub fn relativize(&self, path: &Path) -> String {
        let rel = if path.is_absolute() {
            path.strip_prefix(&self.root).unwrap_or(path)
        } else {
            path
        };
        let s = rel.to_string_lossy().replace('\\', "/");
        if s.is_empty() { ".".to_owned() } else { s }
    }
}

fn fs_error(e: &std::io::Error) -> FsError {
    match e.kind() {
        std::io::ErrorKind::NotFound => FsError::NotFound,
        std::io::ErrorKind::IsADirectory => FsError::Other("is a directory".to_owned()),
        _ => FsError::Other(e.to_string()),
    }
}

impl FileSource for DiskFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        // No stat first: reading a directory fails by itself (EISDIR), one system call
        // fewer for every file validate reads.
        std::fs::read(self.resolve(path)).map_err(|e| fs_error(&e))
    }

    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        let rd = std::fs::read_dir(self.resolve(path)).map_err(|e| fs_error(&e))?;
        let mut out = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| fs_error(&e))?;
            // The directory listing already says what an entry is (no stat per entry);
            // only a symlink is followed, the way `ls -L` does; a dangling link is skipped.
            let Ok(mut file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_symlink() {
                let Ok(meta) = std::fs::metadata(entry.path()) else {
                    continue;
                };
                file_type = meta.file_type();
            }
            let kind = if file_type.is_dir() {
                EntryKind::Dir
            } else if file_type.is_file() {
                EntryKind::File
            } else {
                continue;
            };
            out.push(DirEntry {
                name: entry.file_name().to_string_lossy().into_owned(),
                kind,
            });
        }
        Ok(out)
    }

    fn kind(&self, path: &str) -> Option<EntryKind> {
        let meta = std::fs::metadata(self.resolve(path)).ok()?;
        if meta.is_dir() {
            Some(EntryKind::Dir)
        } else if meta.is_file() {
            Some(EntryKind::File)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lists_and_relativizes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".github/workflows")).unwrap();
        std::fs::write(dir.path().join(".github/workflows/ci.yml"), "on: push\n").unwrap();
        let fs = DiskFiles::new(dir.path());
        assert_eq!(fs.kind(".github"), Some(EntryKind::Dir));
        assert_eq!(fs.kind(".github/workflows/ci.yml"), Some(EntryKind::File));
        assert_eq!(fs.kind("nope"), None);
        assert_eq!(fs.read(".github/workflows/ci.yml").unwrap(), b"on: push\n");
        assert_eq!(fs.read("nope"), Err(FsError::NotFound));
        assert!(matches!(fs.read(".github"), Err(FsError::Other(_))));
        let entries = fs.read_dir(".github/workflows").unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].name, "ci.yml");
        let abs = dir.path().join(".github/workflows/ci.yml");
        assert_eq!(fs.relativize(&abs), ".github/workflows/ci.yml");
        assert_eq!(
            fs.relativize(Path::new("/elsewhere/x.yml")),
            "/elsewhere/x.yml"
        );
    }
}
