//! Path globs with paths-filter's syntax, matched by `globset`.
//!
//! Users write globs the way dorny/paths-filter (picomatch 2.3.1 with `dot: true`) reads
//! them. [`Pattern::parse`] translates one such glob into what `globset` (built with
//! `literal_separator(true)`) can match exactly:
//!
//! - a leading `!` negates the whole pattern (an odd number of `!` negates);
//! - a leading `./` is removed;
//! - a `**` that starts a segment but is not the whole segment (`**.txt`) means "any
//!   depth, then `*.txt`", so it becomes `**/*.txt`; runs of three or more `*` are `**`;
//! - `dir/**` also matches the path `dir` itself, as in picomatch;
//! - braces `{a,b}` and classes `[ab]`, `[!a]` (POSIX negation) are globset's own;
//! - extglobs: `@(a|b)` becomes `{a,b}`, `?(a|b)` becomes `{,a,b}`; one `!(a|b)` group
//!   becomes a positive glob with the group replaced by `*` (or `**` when an alternative
//!   crosses `/`) minus the negative globs with the group replaced by each alternative;
//!   `+(…)` and `*(…)` (repetition, which globset cannot express) compile to a regex.
//!
//! Every deliberate difference from picomatch is listed in `docs/changes.md` and in the
//! conformance test's exception file. [`PatternSet`] compiles many patterns into one
//! `globset::GlobSet` so that matching a path against thousands of patterns costs one
//! automaton pass.

mod regex_glob;
mod translate;

use globset::{Candidate, GlobBuilder, GlobSet, GlobSetBuilder};

pub use translate::Translated;

/// Why a glob was rejected. `offset` is a byte offset into the pattern text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobError {
    /// `glob-invalid` (the glob does not parse) or `glob-unsupported` (valid picomatch
    /// syntax that devplat does not translate, such as nested `!(…)`).
    pub code: &'static str,
    pub message: String,
    pub offset: usize,
}

impl std::fmt::Display for GlobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl GlobError {
    pub(crate) fn invalid(message: impl Into<String>, offset: usize) -> Self {
        GlobError {
            code: "glob-invalid",
            message: message.into(),
            offset,
        }
    }

    pub(crate) fn unsupported(message: impl Into<String>, offset: usize) -> Self {
        GlobError {
            code: "glob-unsupported",
            message: message.into(),
            offset,
        }
    }
}

/// One user glob, translated and checked.
#[derive(Clone, Debug)]
pub struct Pattern {
    text: String,
    negated: bool,
    body: Translated,
    /// The compiled single matcher, for matching one pattern at a time.
    single: SingleMatcher,
}

#[derive(Clone, Debug)]
struct SingleMatcher {
    positives: GlobSet,
    negatives: GlobSet,
    regex: Option<regex::Regex>,
}

fn build_glob(glob: &str) -> Result<globset::Glob, GlobError> {
    GlobBuilder::new(glob)
        .literal_separator(true)
        .backslash_escape(true)
        .empty_alternates(true)
        .build()
        .map_err(|e| GlobError::invalid(format!("invalid glob `{glob}`: {}", e.kind()), 0))
}

impl Pattern {
    /// Parse and translate `text`. Errors name the problem and its byte offset.
    pub fn parse(text: &str) -> Result<Pattern, GlobError> {
        let (negated, rest_offset) = translate::leading_negation(text);
        let body_text = text.get(rest_offset..).unwrap_or("");
        let body = translate::translate(body_text).map_err(|e| shift(e, rest_offset))?;
        let single = SingleMatcher::compile(&body).map_err(|e| shift(e, rest_offset))?;
        Ok(Pattern {
            text: text.to_owned(),
            negated,
            body,
            single,
        })
    }

    /// The pattern as the user wrote it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the pattern starts with `!` (it excludes what its body matches).
    pub fn is_negated(&self) -> bool {
        self.negated
    }

    /// What the body translated to.
    pub fn translated(&self) -> &Translated {
        &self.body
    }

    /// Whether the body (ignoring a leading `!`) matches `path`.
    pub fn body_matches(&self, path: &str) -> bool {
        let candidate = Candidate::new(path);
        self.single.body_matches(&candidate, path)
    }

    /// picomatch's answer for a single pattern: the body matches, flipped by a leading `!`.
    pub fn is_match(&self, path: &str) -> bool {
        self.body_matches(path) != self.negated
    }
}

fn shift(mut e: GlobError, by: usize) -> GlobError {
    e.offset = e.offset.saturating_add(by);
    e
}

impl SingleMatcher {
    fn compile(body: &Translated) -> Result<SingleMatcher, GlobError> {
        let mut pos = GlobSetBuilder::new();
        let mut neg = GlobSetBuilder::new();
        let mut regex = None;
        match body {
            Translated::Globs {
                positives,
                negatives,
            } => {
                for g in positives {
                    pos.add(build_glob(g)?);
                }
                for g in negatives {
                    neg.add(build_glob(g)?);
                }
            }
            Translated::Regex(re) => regex = Some(regex_glob::compile(re)?),
        }
        Ok(SingleMatcher {
            positives: pos
                .build()
                .map_err(|e| GlobError::invalid(e.to_string(), 0))?,
            negatives: neg
                .build()
                .map_err(|e| GlobError::invalid(e.to_string(), 0))?,
            regex,
        })
    }

    fn body_matches(&self, candidate: &Candidate<'_>, path: &str) -> bool {
        if let Some(re) = &self.regex {
            return re.is_match(path);
        }
        self.positives.is_match_candidate(candidate)
            && !self.negatives.is_match_candidate(candidate)
    }
}

/// Many patterns compiled together. [`PatternSet::body_matches_into`] reports, for one
/// path, every pattern whose body matches (a leading `!` is left to the caller, which
/// knows whether it reads the list in order or as paths-filter's `some`/`every`).
#[derive(Clone, Debug)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    positives: GlobSet,
    /// Positive glob index → pattern index.
    positive_owner: Vec<usize>,
    negatives: GlobSet,
    negative_owner: Vec<usize>,
    /// Patterns compiled to a regex, checked one by one (rare: `+(…)` and `*(…)`).
    regexes: Vec<(usize, regex::Regex)>,
}

/// Reusable buffers for [`PatternSet::body_matches_into`], so matching many paths does
/// not allocate per path.
#[derive(Clone, Debug, Default)]
pub struct MatchScratch {
    hits: Vec<usize>,
    neg_hits: Vec<usize>,
    excluded: Vec<bool>,
}

impl PatternSet {
    /// Compile `patterns` (already parsed, so every glob is known to build).
    pub fn new(patterns: Vec<Pattern>) -> Result<PatternSet, GlobError> {
        let mut pos = GlobSetBuilder::new();
        let mut neg = GlobSetBuilder::new();
        let mut positive_owner = Vec::new();
        let mut negative_owner = Vec::new();
        let mut regexes = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match &p.body {
                Translated::Globs {
                    positives,
                    negatives,
                } => {
                    for g in positives {
                        pos.add(build_glob(g)?);
                        positive_owner.push(i);
                    }
                    for g in negatives {
                        neg.add(build_glob(g)?);
                        negative_owner.push(i);
                    }
                }
                Translated::Regex(re) => regexes.push((i, regex_glob::compile(re)?)),
            }
        }
        Ok(PatternSet {
            patterns,
            positives: pos
                .build()
                .map_err(|e| GlobError::invalid(e.to_string(), 0))?,
            positive_owner,
            negatives: neg
                .build()
                .map_err(|e| GlobError::invalid(e.to_string(), 0))?,
            negative_owner,
            regexes,
        })
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Fill `out` with the indices (ascending, no duplicates) of the patterns whose body
    /// matches `path`.
    pub fn body_matches_into(&self, path: &str, scratch: &mut MatchScratch, out: &mut Vec<usize>) {
        out.clear();
        let candidate = Candidate::new(path);
        self.positives
            .matches_candidate_into(&candidate, &mut scratch.hits);
        if !scratch.hits.is_empty() && !self.negatives.is_empty() {
            self.negatives
                .matches_candidate_into(&candidate, &mut scratch.neg_hits);
        } else {
            scratch.neg_hits.clear();
        }
        if scratch.excluded.len() != self.patterns.len() {
            scratch.excluded = vec![false; self.patterns.len()];
        }
        for &g in &scratch.neg_hits {
            if let Some(owner) = self.negative_owner.get(g)
                && let Some(flag) = scratch.excluded.get_mut(*owner)
            {
                *flag = true;
            }
        }
        for &g in &scratch.hits {
            if let Some(&owner) = self.positive_owner.get(g)
                && !scratch.excluded.get(owner).copied().unwrap_or(false)
            {
                out.push(owner);
            }
        }
        for &g in &scratch.neg_hits {
            if let Some(owner) = self.negative_owner.get(g)
                && let Some(flag) = scratch.excluded.get_mut(*owner)
            {
                *flag = false;
            }
        }
        for (i, re) in &self.regexes {
            if re.is_match(path) {
                out.push(*i);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

#[cfg(test)]
mod tests;
