//! Explicit tags: normalising what the parser gives, and checking values against the
//! core-schema tags they carry.

use crate::span::Span;
use crate::yaml::error::{self, YamlError};
use crate::yaml::node::{CORE_TAG_HANDLE, Tag};
use crate::yaml::scalar::{CoreType, resolve_as};

pub(crate) fn convert_tag(t: &saphyr_parser::Tag) -> Tag {
    // The parser gives a verbatim tag `!<uri>` as an empty handle and the whole URI;
    // split the core and local forms so `!<tag:yaml.org,2002:str>` is `!!str`.
    if t.handle.is_empty() && t.suffix != "!" {
        if let Some(rest) = t.suffix.strip_prefix(CORE_TAG_HANDLE) {
            return Tag {
                handle: CORE_TAG_HANDLE.to_owned(),
                suffix: rest.to_owned(),
            };
        }
        if let Some(rest) = t.suffix.strip_prefix('!') {
            return Tag {
                handle: "!".to_owned(),
                suffix: rest.to_owned(),
            };
        }
    }
    Tag {
        handle: t.handle.clone(),
        suffix: t.suffix.clone(),
    }
}

/// The core type a scalar's tag forces, after checking that the text fits it.
pub(crate) fn scalar_core_type(
    tag: &Tag,
    text: &str,
    span: Span,
) -> Result<Option<CoreType>, YamlError> {
    // The non-specific tag `!` makes a scalar a string.
    if tag.handle.is_empty() && tag.suffix == "!" {
        return Ok(Some(CoreType::Str));
    }
    if tag.handle != CORE_TAG_HANDLE {
        return Ok(None);
    }
    if matches!(tag.suffix.as_str(), "seq" | "map") {
        return Err(YamlError::new(
            error::INVALID_TAGGED_VALUE,
            format!("a scalar cannot have the tag `{tag}`"),
            span,
        ));
    }
    let Some(t) = CoreType::from_suffix(&tag.suffix) else {
        return Ok(None);
    };
    if resolve_as(t, text).is_none() {
        return Err(YamlError::new(
            error::INVALID_TAGGED_VALUE,
            format!("`{text}` is not a valid `{tag}` value"),
            span,
        ));
    }
    Ok(Some(t))
}

pub(crate) fn check_collection_tag(tag: &Tag, seq: bool, span: Span) -> Result<(), YamlError> {
    if tag.handle != CORE_TAG_HANDLE {
        return Ok(());
    }
    let bad = match tag.suffix.as_str() {
        "seq" => !seq,
        "map" => seq,
        s => CoreType::from_suffix(s).is_some(),
    };
    if bad {
        let what = if seq { "sequence" } else { "mapping" };
        return Err(YamlError::new(
            error::INVALID_TAGGED_VALUE,
            format!("a {what} cannot have the tag `{tag}`"),
            span,
        ));
    }
    Ok(())
}
