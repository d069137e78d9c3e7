//! Changed files: what a diff says about each path, and the two text forms it comes in.

use serde::{Deserialize, Serialize};

/// How a file changed, in git's terms (`git diff --name-status` letters A C D M R T U X).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    Added,
    Copied,
    Deleted,
    Modified,
    Renamed,
    TypeChanged,
    Unmerged,
    Unknown,
}

impl FileStatus {
    /// Every status, in the order of [`FileStatus::as_str`] names.
    pub const ALL: [FileStatus; 8] = [
        FileStatus::Added,
        FileStatus::Copied,
        FileStatus::Deleted,
        FileStatus::Modified,
        FileStatus::Renamed,
        FileStatus::TypeChanged,
        FileStatus::Unmerged,
        FileStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Copied => "copied",
            FileStatus::Deleted => "deleted",
            FileStatus::Modified => "modified",
            FileStatus::Renamed => "renamed",
            FileStatus::TypeChanged => "type_changed",
            FileStatus::Unmerged => "unmerged",
            FileStatus::Unknown => "unknown",
        }
    }

    pub fn parse(name: &str) -> Option<FileStatus> {
        FileStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The status for a `--name-status` letter (a score such as `R100` is ignored).
    pub fn from_letter(letter: char) -> FileStatus {
        match letter {
            'A' => FileStatus::Added,
            'C' => FileStatus::Copied,
            'D' => FileStatus::Deleted,
            'M' => FileStatus::Modified,
            'R' => FileStatus::Renamed,
            'T' => FileStatus::TypeChanged,
            'U' => FileStatus::Unmerged,
            _ => FileStatus::Unknown,
        }
    }

    /// The status for a GitHub "list pull request files" `status` value.
    pub fn from_github(status: &str) -> FileStatus {
        match status {
            "added" => FileStatus::Added,
            "removed" => FileStatus::Deleted,
            "modified" | "changed" => FileStatus::Modified,
            "renamed" => FileStatus::Renamed,
            "copied" => FileStatus::Copied,
            "unchanged" => FileStatus::Unknown,
            _ => FileStatus::Unknown,
        }
    }
}

/// One changed file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedFile {
    pub path: String,
    pub status: FileStatus,
    /// For a rename or copy: the old path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_path: Option<String>,
}

impl ChangedFile {
    pub fn new(path: impl Into<String>, status: FileStatus) -> Self {
        ChangedFile {
            path: path.into(),
            status,
            previous_path: None,
        }
    }

    /// The paths this change touches: the path, and the old path of a rename (a service
    /// that loses a file is affected too). Copies leave the source untouched.
    pub fn touched_paths(&self) -> impl Iterator<Item = &str> {
        let old = match self.status {
            FileStatus::Renamed => self.previous_path.as_deref(),
            _ => None,
        };
        std::iter::once(self.path.as_str()).chain(old)
    }
}

/// Why a file list could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilesError {
    /// Byte offset in the input where the problem is.
    pub offset: usize,
    pub message: String,
}

/// Parse a file list: `git diff --name-status -z` output (NUL-separated status and
/// paths) when the text contains a NUL, `git diff --name-status` lines (`M\tpath`,
/// `R100\told\tnew`) when every line has a tab after a status letter, otherwise one path
/// per line (status `modified`). Empty lines are skipped; `\r\n` is accepted.
pub fn parse_file_list(text: &str) -> Result<Vec<ChangedFile>, FilesError> {
    if text.contains('\0') {
        return parse_name_status_z(text);
    }
    let lines: Vec<(usize, &str)> = line_offsets(text).filter(|(_, l)| !l.is_empty()).collect();
    let all_status = !lines.is_empty()
        && lines
            .iter()
            .all(|(_, l)| l.split_once('\t').is_some_and(|(s, _)| is_status_token(s)));
    let mut out = Vec::with_capacity(lines.len());
    for (off, line) in lines {
        if !all_status {
            out.push(ChangedFile::new(line, FileStatus::Modified));
            continue;
        }
        let mut parts = line.split('\t');
        let status = parts.next().unwrap_or("");
        let first = parts.next().unwrap_or("");
        out.push(status_entry(status, first, parts.next(), off)?);
    }
    Ok(out)
}

fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut off = 0usize;
    text.split('\n').map(move |l| {
        let start = off;
        off = off.saturating_add(l.len()).saturating_add(1);
        (start, l.strip_suffix('\r').unwrap_or(l))
    })
}

fn is_status_token(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| "ACDMRTUX".contains(c)) && chars.all(|c| c.is_ascii_digit())
}

fn status_entry(
    status: &str,
    first: &str,
    second: Option<&str>,
    offset: usize,
) -> Result<ChangedFile, FilesError> {
    let st = FileStatus::from_letter(status.chars().next().unwrap_or('X'));
    if first.is_empty() {
        return Err(FilesError {
            offset,
            message: format!("status `{status}` is not followed by a path"),
        });
    }
    match st {
        FileStatus::Renamed | FileStatus::Copied => match second {
            Some(new) if !new.is_empty() => Ok(ChangedFile {
                path: new.to_owned(),
                status: st,
                previous_path: Some(first.to_owned()),
            }),
            _ => Err(FilesError {
                offset,
                message: format!("status `{status}` needs the old and the new path"),
            }),
        },
        _ => Ok(ChangedFile::new(first, st)),
    }
}

fn parse_name_status_z(text: &str) -> Result<Vec<ChangedFile>, FilesError> {
    let mut fields = Vec::new();
    let mut off = 0usize;
    for f in text.split('\0') {
        fields.push((off, f.trim_start_matches('\n')));
        off = off.saturating_add(f.len()).saturating_add(1);
    }
    let mut out = Vec::new();
    let mut it = fields.into_iter().filter(|(_, f)| !f.is_empty()).peekable();
    while let Some((off, status)) = it.next() {
        if !is_status_token(status) {
            return Err(FilesError {
                offset: off,
                message: format!(
                    "expected a status letter (A, C, D, M, R, T, U, X), found `{status}`"
                ),
            });
        }
        let first = it.next().map(|(_, f)| f).unwrap_or("");
        let second = if status.starts_with('R') || status.starts_with('C') {
            it.next().map(|(_, f)| f)
        } else {
            None
        };
        out.push(status_entry(status, first, second, off)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_z_like_paths_filter() {
        // paths-filter __tests__/git.test.ts: parseGitDiffOutput
        let out =
            parse_file_list("A\u{0}LICENSE\u{0}M\u{0}src/index.ts\u{0}D\u{0}src/main.ts\u{0}")
                .unwrap();
        assert_eq!(
            out,
            vec![
                ChangedFile::new("LICENSE", FileStatus::Added),
                ChangedFile::new("src/index.ts", FileStatus::Modified),
                ChangedFile::new("src/main.ts", FileStatus::Deleted),
            ]
        );
        let out = parse_file_list("R100\u{0}old name.txt\u{0}new\tname.txt\u{0}").unwrap();
        assert_eq!(out[0].previous_path.as_deref(), Some("old name.txt"));
        assert_eq!(out[0].path, "new\tname.txt");
        assert!(parse_file_list("Z\u{0}x\u{0}").is_err());
    }

    #[test]
    fn lines_and_name_status_lines() {
        let out = parse_file_list("a.txt\r\n\nb/c.txt\n").unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].status, FileStatus::Modified);
        let out = parse_file_list("M\ta.txt\nR087\told\tnew\n").unwrap();
        assert_eq!(out[1].status, FileStatus::Renamed);
        assert_eq!(
            out[1].touched_paths().collect::<Vec<_>>(),
            vec!["new", "old"]
        );
        // A path that merely contains a tab is a path when not every line is status-like.
        let out = parse_file_list("M\ta.txt\nplain\n").unwrap();
        assert_eq!(out[0].path, "M\ta.txt");
    }
}
