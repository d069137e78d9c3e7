//! The file table and the host file-source interface.
//!
//! [`Files`] owns the text of every file a run looked at, so diagnostics can carry a
//! cheap [`FileId`] and renderers can still show source lines. [`FileSource`] is how the
//! core asks its host for files: the CLI implements it with `std::fs`, the wasm build
//! with a function imported from JavaScript. Paths given to and returned by a
//! `FileSource` use `/` separators and are relative to the host's workspace root.

use crate::span::{FileId, Pos};

/// One file: its display path and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: String,
    text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// A file from its display path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes());
        let mut line_starts = Vec::with_capacity(newlines.clone().count().saturating_add(1));
        line_starts.push(0u32);
        line_starts
            .extend(newlines.map(|i| u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1)));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of lines (a trailing newline does not start a new line).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if n > 1 && self.text.ends_with('\n') {
            n.saturating_sub(1)
        } else {
            n
        }
    }

    /// The text of 1-based line `line`, without its line terminator (`\n` or `\r\n`).
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let idx = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.line_starts.get(idx)? as usize;
        let end = match self.line_starts.get(idx.saturating_add(1)) {
            Some(next) => *next as usize,
            None => self.text.len(),
        };
        let line = self.text.get(start..end)?;
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn pos_of_offset(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset = offset.saturating_sub(1);
        }
        let line_idx = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line_idx).copied().unwrap_or(0) as usize;
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count());
        Pos {
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
            line: u32::try_from(line_idx.saturating_add(1)).unwrap_or(u32::MAX),
            column: u32::try_from(column.saturating_add(1)).unwrap_or(u32::MAX),
        }
    }
}

/// Every file of a run, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    pub fn new() -> Self {
        Files::default()
    }

    /// Add a file and return its id. Files are never removed.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        self.push(SourceFile::new(path, text))
    }

    /// Add a file already built (moved, not copied) and return its id.
    pub fn push(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The display path of a file, or `""` for an unknown id.
    pub fn path(&self, id: FileId) -> &str {
        self.get(id).map_or("", SourceFile::path)
    }

    /// The id of the file with this display path, if it was added.
    pub fn find(&self, path: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }
}

impl IntoIterator for Files {
    type Item = (FileId, SourceFile);
    type IntoIter = std::iter::Map<
        std::iter::Enumerate<std::vec::IntoIter<SourceFile>>,
        fn((usize, SourceFile)) -> (FileId, SourceFile),
    >;

    /// The files with their ids, by value (to move them into another table).
    fn into_iter(self) -> Self::IntoIter {
        self.files
            .into_iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }
}

/// What kind of entry a directory listing returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
}

/// One entry of a directory listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's name (no separators).
    pub name: String,
    pub kind: EntryKind,
}

/// Why a host could not give a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    /// Any other failure, in the host's words (permission denied, is a directory, …).
    Other(String),
}

impl std::fmt::Display for FsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FsError::NotFound => f.write_str("no such file or directory"),
            FsError::Other(msg) => f.write_str(msg),
        }
    }
}

/// How the core reads files without touching a file system itself.
pub trait FileSource {
    /// The bytes of a file (not necessarily UTF-8).
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError>;
    /// The entries of a directory, in any order.
    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError>;
    /// Whether `path` names an existing file or directory, and which.
    fn kind(&self, path: &str) -> Option<EntryKind>;
}

/// An in-memory [`FileSource`], for tests and for hosts that already hold the files.
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles {
    files: std::collections::BTreeMap<String, Vec<u8>>,
}

impl MemoryFiles {
    pub fn new() -> Self {
        MemoryFiles::default()
    }

    /// Add (or replace) a file at `path` (`/`-separated, relative).
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(normalize(&path.into()), bytes.into());
    }

    fn is_dir(&self, dir: &str) -> bool {
        dir.is_empty() || self.files.keys().any(|k| k.starts_with(&format!("{dir}/")))
    }
}

/// `./a//b/` → `a/b`; `.` → ``.
fn normalize(path: &str) -> String {
    path.split('/')
        .filter(|seg| !seg.is_empty() && *seg != ".")
        .collect::<Vec<_>>()
        .join("/")
}

impl FileSource for MemoryFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or(FsError::NotFound)
    }

    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        let dir = normalize(path);
        if !self.is_dir(&dir) {
            return Err(FsError::NotFound);
        }
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut out: Vec<DirEntry> = Vec::new();
        for key in self.files.keys() {
            let Some(rest) = key.strip_prefix(&prefix) else {
                continue;
            };
            let entry = match rest.split_once('/') {
                Some((name, _)) => DirEntry {
                    name: name.to_owned(),
                    kind: EntryKind::Dir,
                },
                None => DirEntry {
                    name: rest.to_owned(),
                    kind: EntryKind::File,
                },
            };
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
        Ok(out)
    }

    fn kind(&self, path: &str) -> Option<EntryKind> {
        let p = normalize(path);
        if self.files.contains_key(&p) {
            Some(EntryKind::File)
        } else if self.is_dir(&p) {
            Some(EntryKind::Dir)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_text_and_positions() {
        let f = SourceFile::new("a.yml", "ab\r\nçd\n\nx");
        assert_eq!(f.line_text(1), Some("ab"));
        assert_eq!(f.line_text(2), Some("çd"));
        assert_eq!(f.line_text(3), Some(""));
        assert_eq!(f.line_text(4), Some("x"));
        assert_eq!(f.line_text(5), None);
        assert_eq!(f.line_text(0), None);
        assert_eq!(f.line_count(), 4);
        // 'd' after the two-byte 'ç' is column 2.
        let p = f.pos_of_offset(6);
        assert_eq!((p.line, p.column), (2, 2));
        // inside the two-byte char: moved back to its start
        let p = f.pos_of_offset(5);
        assert_eq!((p.line, p.column, p.offset), (2, 1, 4));
    }

    #[test]
    fn memory_files_lists_dirs() {
        let mut m = MemoryFiles::new();
        m.insert("./.github/workflows/ci.yml", "on: push");
        m.insert(".github/workflows/x.yaml", "on: push");
        m.insert("action.yml", "runs: {}");
        let mut root = m.read_dir(".").unwrap();
        root.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(root.len(), 2);
        assert_eq!(root[0].name, ".github");
        assert_eq!(root[0].kind, EntryKind::Dir);
        assert_eq!(m.read_dir(".github/workflows").unwrap().len(), 2);
        assert_eq!(m.kind(".github"), Some(EntryKind::Dir));
        assert_eq!(m.kind("nope"), None);
        assert_eq!(m.read("nope"), Err(FsError::NotFound));
    }
}
