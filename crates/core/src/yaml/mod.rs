//! Spanned YAML: a node tree built from `saphyr-parser` events.
//!
//! - Every key and value carries its [`Span`] (file, byte range, 1-based line and
//!   character column of both ends).
//! - Mappings keep key order and duplicate keys; [`Mapping`] answers first / all /
//!   duplicates (Azure repeats `${{ if }}` keys legally, GitHub does not).
//! - Aliases are expanded; the expansion's root keeps the use site as its span and the
//!   definition site in [`Node::alias_of`]. Budgets on nodes, alias expansion and depth
//!   make alias bombs and absurd nesting a clean error, in linear time.
//! - `<<` merge keys are applied only when [`LoadOptions::merge_keys`] says so.
//! - Plain scalars follow the YAML 1.2 core schema ([`scalar`]); the text is always kept.
//! - [`emit`] writes a tree back as YAML that loads to the same values; [`de`] loads a
//!   tree into `#[derive(Deserialize)]` types with positioned errors.
//!
//! See `docs/yaml.md` for the semantics users see.

mod builder;
pub mod de;
pub mod emit;
mod error;
mod merge;
mod node;
mod options;
mod position;
pub mod scalar;
mod tags;

pub use error::{ERROR_CODES, YamlError};
pub use merge::is_merge_key;
pub use node::{Anchor, CORE_TAG_HANDLE, Document, Duplicate, Entry, Mapping, Node, NodeKind, Tag};
pub use options::LoadOptions;
pub use scalar::{CoreType, Scalar, ScalarStyle, ScalarValue};

/// Error codes, for matching on [`YamlError::code`].
pub mod codes {
    pub use super::error::{
        INVALID_MERGE, INVALID_TAGGED_VALUE, INVALID_UTF8, MULTIPLE_DOCUMENTS, RECURSIVE_ALIAS,
        SYNTAX, TOO_DEEP, TOO_LARGE, TOO_MANY_ALIAS_NODES, TOO_MANY_NODES, UNKNOWN_ANCHOR,
    };
}

use crate::source::{Files, SourceFile};
use crate::span::{FileId, Span};

/// Load every document of a YAML stream.
///
/// The file is added to `files` (as lossy UTF-8 text) so that renderers can show any
/// error or later finding; its id is returned in both cases. A stream with no document
/// (empty, or only comments) gives an empty list.
pub fn load_stream(
    files: &mut Files,
    path: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> (FileId, Result<Vec<Document>, YamlError>) {
    if bytes.len() > opts.max_bytes {
        return too_large_stream(files, path, bytes, opts);
    }
    load_stream_owned(files, path, bytes.to_vec(), opts)
}

/// [`load_stream`] for bytes the caller hands over: valid UTF-8 becomes the file's text
/// without a copy (what a host that reads whole files wants).
pub fn load_stream_owned(
    files: &mut Files,
    path: &str,
    bytes: Vec<u8>,
    opts: &LoadOptions,
) -> (FileId, Result<Vec<Document>, YamlError>) {
    if bytes.len() > opts.max_bytes {
        return too_large_stream(files, path, &bytes, opts);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let id = files.add(path, text);
            let text = files.get(id).map_or("", SourceFile::text);
            (id, load_text(text, id, opts))
        }
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let id = files.add(path, String::from_utf8_lossy(&bytes).into_owned());
            let err = match files.get(id) {
                Some(f) => invalid_utf8(f, id, valid_up_to, &bytes),
                None => YamlError::new(error::INVALID_UTF8, "not UTF-8", Span::file_start(id)),
            };
            (id, Err(err))
        }
    }
}

/// A stream over the size limit: only its first line is kept, for display (the error
/// points at the file start).
fn too_large_stream(
    files: &mut Files,
    path: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> (FileId, Result<Vec<Document>, YamlError>) {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let first = first.get(..first.len().min(4096)).unwrap_or(&[]);
    let id = files.add(path, String::from_utf8_lossy(first).into_owned());
    (id, Err(too_large(bytes.len(), opts, id)))
}

/// Load a file that must hold one document (an empty file is one null document).
pub fn load_document(
    files: &mut Files,
    path: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> (FileId, Result<Document, YamlError>) {
    let (id, docs) = load_stream(files, path, bytes, opts);
    (id, docs.and_then(|d| single(d, id)))
}

/// Load text already in memory (and in a file table as `file`).
pub fn load_text(text: &str, file: FileId, opts: &LoadOptions) -> Result<Vec<Document>, YamlError> {
    if text.len() > opts.max_bytes {
        return Err(too_large(text.len(), opts, file));
    }
    builder::build(position::Positions::new(text, file), opts)
}

/// [`load_text`] for a single document (an empty text is one null document).
pub fn load_text_document(
    text: &str,
    file: FileId,
    opts: &LoadOptions,
) -> Result<Document, YamlError> {
    load_text(text, file, opts).and_then(|d| single(d, file))
}

/// For tests and snippets: load `text` as file 0 with default options.
pub fn load_str(text: &str) -> Result<Vec<Document>, YamlError> {
    load_text(text, FileId(0), &LoadOptions::default())
}

/// For tests and snippets: the root of the single document in `text` (file 0, default
/// options).
pub fn load_one_str(text: &str) -> Result<Node, YamlError> {
    load_text_document(text, FileId(0), &LoadOptions::default()).map(|d| d.root)
}

fn single(docs: Vec<Document>, file: FileId) -> Result<Document, YamlError> {
    let mut docs = docs.into_iter();
    let Some(first) = docs.next() else {
        let at = Span::file_start(file);
        return Ok(Document {
            root: Node::null(at),
            span: at,
            anchors: Vec::new(),
        });
    };
    if let Some(second) = docs.next() {
        let count = docs.len().saturating_add(2);
        return Err(YamlError::new(
            error::MULTIPLE_DOCUMENTS,
            format!("expected one YAML document, found {count} (separated by `---`)"),
            Span::new(second.span.file, second.span.start, second.span.start),
        )
        .with_related(first.span, "the first document"));
    }
    Ok(first)
}

fn too_large(len: usize, opts: &LoadOptions, file: FileId) -> YamlError {
    YamlError::new(
        error::TOO_LARGE,
        format!(
            "file too large: {len} bytes, the limit is {} bytes",
            opts.max_bytes
        ),
        Span::file_start(file),
    )
}

fn invalid_utf8(file: &SourceFile, id: FileId, offset: usize, bytes: &[u8]) -> YamlError {
    // The lossy text equals the input up to the first invalid byte, where U+FFFD stands.
    let start = file.pos_of_offset(offset);
    let end = file.pos_of_offset(offset.saturating_add('\u{FFFD}'.len_utf8()));
    let byte = bytes.get(offset).copied().unwrap_or(0);
    YamlError::new(
        error::INVALID_UTF8,
        format!(
            "invalid UTF-8: byte 0x{byte:02X} at line {}, column {} is not part of a valid character",
            start.line, start.column
        ),
        Span::new(id, start, end),
    )
}
