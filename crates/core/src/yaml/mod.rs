//! Spanned YAML node tree built from `saphyr-parser` events.
