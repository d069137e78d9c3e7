//! Positions in source files.
//!
//! Lines and columns are 1-based; columns count Unicode scalar values (characters), which
//! is what editors, GitHub annotations and SARIF (`columnKind: unicodeCodePoints`) show.
//! Byte offsets are 0-based and index the file's UTF-8 text.

use serde::Serialize;

/// Index of a file in a [`crate::source::Files`] table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// One point in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    /// Byte offset from the start of the file (0-based).
    pub offset: u32,
    /// Line, 1-based.
    pub line: u32,
    /// Column in characters, 1-based.
    pub column: u32,
}

impl Default for Pos {
    fn default() -> Self {
        Pos::START
    }
}

impl Pos {
    /// The first character of a file.
    pub const START: Pos = Pos {
        offset: 0,
        line: 1,
        column: 1,
    };
}

/// A range in one file: `start` inclusive, `end` exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub file: FileId,
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn new(file: FileId, start: Pos, end: Pos) -> Self {
        Span { file, start, end }
    }

    /// An empty span at the start of a file: for findings about a file as a whole
    /// (unreadable, not UTF-8 before any text, missing key in an empty document).
    pub fn file_start(file: FileId) -> Self {
        Span {
            file,
            start: Pos::START,
            end: Pos::START,
        }
    }

    /// The smallest span covering both `self` and `other` (same file assumed).
    pub fn cover(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Byte range of the span, for slicing the file text with `get`.
    pub fn byte_range(&self) -> std::ops::Range<usize> {
        self.start.offset as usize..self.end.offset as usize
    }
}
