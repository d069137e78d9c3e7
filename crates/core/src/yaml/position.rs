//! Converting `saphyr-parser` markers to our [`Pos`].
//!
//! A marker gives a character index, a 1-based line and a 0-based character column; a
//! [`Pos`] wants a byte offset, a 1-based line and a 1-based column. Lines and columns
//! come straight from the marker. The byte offset needs the text: for ASCII text it is
//! the character index itself; otherwise a cursor walks from the last converted point,
//! forward or back. Markers arrive almost in order, so the walks add up to about one
//! pass over the text.

use saphyr_parser::Marker;

use crate::span::{FileId, Pos, Span};

/// Converts markers of one text to positions.
#[derive(Debug)]
pub(crate) struct Positions<'t> {
    text: &'t str,
    file: FileId,
    ascii: bool,
    /// Last converted point: (character index, byte offset).
    cursor: (usize, usize),
    /// Spaces inserted at line starts of the text the parser reads (see
    /// `builder::build`): (character index of the insertion in the parser's text,
    /// 1-based line, count), in text order. Empty for nearly every file.
    shifts: Vec<(usize, usize, usize)>,
}

impl<'t> Positions<'t> {
    pub(crate) fn new(text: &'t str, file: FileId) -> Self {
        Positions {
            text,
            file,
            ascii: text.is_ascii(),
            cursor: (0, 0),
            shifts: Vec::new(),
        }
    }

    /// Markers will come from a copy of the text with `shifts` spaces inserted at line
    /// starts: map them back to this text.
    pub(crate) fn with_shifts(mut self, shifts: Vec<(usize, usize, usize)>) -> Self {
        self.shifts = shifts;
        self.cursor = (0, 0);
        self
    }

    pub(crate) fn file(&self) -> FileId {
        self.file
    }

    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// The byte offset of character index `index` (clamped to the end of the text).
    pub(crate) fn byte_of_char(&mut self, index: usize) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        let (mut ci, mut bi) = self.cursor;
        let bytes = self.text.as_bytes();
        if index >= ci {
            // ASCII runs move one byte per character: skip them in one step.
            let want = index.saturating_sub(ci);
            if let Some(run) = bytes.get(bi..bi.saturating_add(want))
                && run.len() == want
                && run.is_ascii()
            {
                self.cursor = (index, bi.saturating_add(want));
                return bi.saturating_add(want);
            }
            let rest = self.text.get(bi..).unwrap_or("");
            for ch in rest.chars() {
                if ci >= index {
                    break;
                }
                ci = ci.saturating_add(1);
                bi = bi.saturating_add(ch.len_utf8());
            }
        } else {
            let want = ci.saturating_sub(index);
            if let Some(run) = bytes.get(bi.saturating_sub(want)..bi)
                && run.len() == want
                && run.is_ascii()
            {
                self.cursor = (index, bi.saturating_sub(want));
                return bi.saturating_sub(want);
            }
            let before = self.text.get(..bi).unwrap_or("");
            for ch in before.chars().rev() {
                if ci <= index {
                    break;
                }
                ci = ci.saturating_sub(1);
                bi = bi.saturating_sub(ch.len_utf8());
            }
        }
        self.cursor = (ci, bi);
        bi
    }

    pub(crate) fn pos(&mut self, m: &Marker) -> Pos {
        let (index, col) = self.unshift(m);
        let offset = self.byte_of_char(index);
        Pos {
            offset: to_u32(offset),
            line: to_u32(m.line()),
            column: to_u32(col.saturating_add(1)),
        }
    }

    /// A marker's character index and 0-based column in the original text.
    fn unshift(&self, m: &Marker) -> (usize, usize) {
        let (mut index, mut col) = (m.index(), m.col());
        if self.shifts.is_empty() {
            return (index, col);
        }
        let mut removed = 0usize;
        for &(at, line, count) in &self.shifts {
            if m.index() <= at {
                break;
            }
            let here = count.min(m.index().saturating_sub(at));
            removed = removed.saturating_add(here);
            if line == m.line() {
                col = col.saturating_sub(here);
            }
        }
        index = index.saturating_sub(removed);
        (index, col)
    }

    pub(crate) fn span(&mut self, s: &saphyr_parser::Span) -> Span {
        let start = self.pos(&s.start);
        let end = self.pos(&s.end);
        Span::new(self.file, start, end)
    }

    /// The position of byte `offset` of the text, computed from the text alone (for
    /// adjusting span ends without a marker). `near` is a known position at or before
    /// `offset` on the same or an earlier line, so the scan stays short.
    pub(crate) fn pos_after(&self, near: Pos, offset: usize) -> Pos {
        let from = (near.offset as usize).min(offset);
        let mut pos = near;
        let Some(chunk) = self.text.get(from..offset) else {
            return near;
        };
        for ch in chunk.chars() {
            if ch == '\n' {
                pos.line = pos.line.saturating_add(1);
                pos.column = 1;
            } else if ch != '\r' {
                pos.column = pos.column.saturating_add(1);
            }
        }
        pos.offset = to_u32(offset);
        pos
    }
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_both_ways_over_multibyte_text() {
        let text = "é€x\ny";
        let mut p = Positions::new(text, FileId(0));
        assert_eq!(p.byte_of_char(2), 5);
        assert_eq!(p.byte_of_char(1), 2);
        assert_eq!(p.byte_of_char(4), 7);
        assert_eq!(p.byte_of_char(0), 0);
        assert_eq!(p.byte_of_char(99), text.len());
    }

    #[test]
    fn ascii_is_identity() {
        let mut p = Positions::new("abc", FileId(0));
        assert_eq!(p.byte_of_char(2), 2);
        assert_eq!(p.byte_of_char(9), 3);
    }
}
