//! GitHub code scanning's `primaryLocationLineHash`: the fingerprint that lets code
//! scanning follow an alert when lines move.
//!
//! The algorithm is `github/codeql-action`'s (`src/fingerprints.ts`), which
//! `upload-sarif` applies to results that lack the fingerprint. Computing it ourselves
//! keeps our SARIF stable when it is uploaded by other means. For every line: a rolling
//! polynomial hash (base 37, 64-bit wrapping) over the next 100 characters of the file
//! counted from the line's start, skipping spaces and tabs, with CR, LF and CRLF all read
//! as LF and an end-of-file marker (65535) then zeros after the last character. Characters
//! are UTF-16 code units, as JavaScript reads them. The value is printed in lowercase hex
//! without leading zeros, followed by `:n` where `n` counts how many earlier lines had
//! the same hash (so identical lines stay distinct).

use std::collections::HashMap;

const BLOCK_SIZE: usize = 100;
const MOD: u64 = 37;
const EOF: u16 = 0xffff;
const TAB: u16 = b'\t' as u16;
const SPACE: u16 = b' ' as u16;
const LF: u16 = b'\n' as u16;
const CR: u16 = b'\r' as u16;

/// The hash of every line of `text`: element `i` is line `i + 1`. A text ending in a
/// newline has one more (empty) line than it has newlines, as in the reference
/// implementation; the empty text has one line.
pub fn line_hashes(text: &str) -> Vec<String> {
    let mut hasher = Hasher::new();
    for unit in text.encode_utf16() {
        hasher.process(unit);
    }
    hasher.process(EOF);
    hasher.flush();
    let mut by_line = hasher.out;
    by_line.sort_by_key(|(line, _)| *line);
    by_line.into_iter().map(|(_, hash)| hash).collect()
}

/// The hash of 1-based `line` of `text`, if the text has that line.
pub fn line_hash(text: &str, line: u32) -> Option<String> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    line_hashes(text).into_iter().nth(index)
}

struct Hasher {
    /// The last `BLOCK_SIZE` characters, a ring indexed by `index`.
    window: [u16; BLOCK_SIZE],
    /// For each slot of `window`: the line that starts at that character, if one does.
    line_numbers: [Option<usize>; BLOCK_SIZE],
    hash: u64,
    /// `MOD^BLOCK_SIZE`: the weight of the character that leaves the window.
    first_mod: u64,
    index: usize,
    line_number: usize,
    line_start: bool,
    prev_cr: bool,
    counts: HashMap<u64, usize>,
    out: Vec<(usize, String)>,
}

impl Hasher {
    fn new() -> Self {
        let mut first_mod: u64 = 1;
        for _ in 0..BLOCK_SIZE {
            first_mod = first_mod.wrapping_mul(MOD);
        }
        Hasher {
            window: [0; BLOCK_SIZE],
            line_numbers: [None; BLOCK_SIZE],
            hash: 0,
            first_mod,
            index: 0,
            line_number: 0,
            line_start: true,
            prev_cr: false,
            counts: HashMap::new(),
            out: Vec::new(),
        }
    }

    fn slot(&mut self) -> Option<(&mut u16, &mut Option<usize>)> {
        Some((
            self.window.get_mut(self.index)?,
            self.line_numbers.get_mut(self.index)?,
        ))
    }

    fn output_hash(&mut self) {
        let hash = self.hash;
        let count = self.counts.entry(hash).or_insert(0);
        *count = count.saturating_add(1);
        let count = *count;
        if let Some((_, line)) = self.slot()
            && let Some(line) = line.take()
        {
            self.out.push((line, format!("{hash:x}:{count}")));
        }
    }

    fn update_hash(&mut self, current: u16) {
        let Some((slot, _)) = self.slot() else {
            return;
        };
        let begin = std::mem::replace(slot, current);
        self.hash = MOD
            .wrapping_mul(self.hash)
            .wrapping_add(u64::from(current))
            .wrapping_sub(self.first_mod.wrapping_mul(u64::from(begin)));
        self.index = self.index.wrapping_add(1) % BLOCK_SIZE;
    }

    fn line_at_index(&self) -> bool {
        matches!(self.line_numbers.get(self.index), Some(Some(_)))
    }

    fn process(&mut self, unit: u16) {
        if unit == SPACE || unit == TAB || (self.prev_cr && unit == LF) {
            self.prev_cr = false;
            return;
        }
        let current = if unit == CR {
            self.prev_cr = true;
            LF
        } else {
            self.prev_cr = false;
            unit
        };
        if self.line_at_index() {
            self.output_hash();
        }
        if self.line_start {
            self.line_start = false;
            self.line_number = self.line_number.saturating_add(1);
            let line = self.line_number;
            if let Some((_, slot)) = self.slot() {
                *slot = Some(line);
            }
        }
        if current == LF {
            self.line_start = true;
        }
        self.update_hash(current);
    }

    fn flush(&mut self) {
        for _ in 0..BLOCK_SIZE {
            if self.line_at_index() {
                self.output_hash();
            }
            self.update_hash(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The full reference vectors (github/codeql-action's tests) run in
    // tests/line_hash_conformance.rs; these are quick checks of the edges.
    #[test]
    fn empty_and_line_endings() {
        assert_eq!(line_hashes(""), vec!["c129715d7a2bc9a3:1"]);
        let lf = line_hashes("a\nb\n");
        assert_eq!(lf, line_hashes("a\r\nb\r\n"));
        assert_eq!(lf, line_hashes("a\rb\r"));
        assert_eq!(lf.len(), 3);
        // spaces and tabs do not count
        assert_eq!(line_hashes(" a\t\nb"), line_hashes("a\nb"));
        assert_eq!(line_hash("a\nb", 2), line_hashes("a\nb").get(1).cloned());
        assert_eq!(line_hash("a\nb", 3), None);
        assert_eq!(line_hash("a\nb", 0), None);
    }
}
