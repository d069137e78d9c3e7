//! What a load accepts: merge keys per dialect, and the limits that keep hostile input
//! (huge files, alias bombs, absurd nesting) cheap to reject.

/// Options of one load. `Default` is the strictest dialect (no merge keys) with the
/// default limits; the named constructors match the platforms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Apply `<<` merge keys. When false, `<<` is an ordinary key (so a validator can
    /// flag it where the platform does not support it).
    pub merge_keys: bool,
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of collections (after alias expansion). `[[1]]` has depth 2.
    /// Values above [`LoadOptions::MAX_DEPTH_CEILING`] act as the ceiling.
    pub max_depth: usize,
    /// Most nodes in one stream (file) after alias expansion (keys, values and items all
    /// count).
    pub max_nodes: usize,
    /// Most nodes created by expanding aliases in one stream (part of `max_nodes` too); stops "billion laughs" early while normal anchors stay free.
    pub max_alias_nodes: usize,
}

impl LoadOptions {
    /// 20 MB: Azure Pipelines' own limit while parsing templates.
    pub const DEFAULT_MAX_BYTES: usize = 20 * 1000 * 1000;
    /// Deeper than any real pipeline; keeps recursive consumers (serde, the emitter,
    /// `Drop`) far from the stack limit, also on wasm's 1 MiB stack.
    pub const DEFAULT_MAX_DEPTH: usize = 128;
    /// The deepest any load goes, whatever `max_depth` says: trees are walked (and
    /// dropped) recursively, and a deeper tree could exhaust a thread's stack.
    pub const MAX_DEPTH_CEILING: usize = 1000;
    /// About what a 20 MB file of dense YAML holds.
    pub const DEFAULT_MAX_NODES: usize = 5_000_000;
    /// Far above real use of anchors (a few hundred nodes), far below what hurts.
    pub const DEFAULT_MAX_ALIAS_NODES: usize = 250_000;

    /// GitHub Actions workflows and actions: anchors and aliases yes, merge keys no.
    pub fn github() -> Self {
        LoadOptions::default()
    }

    /// Azure Pipelines: merge keys are not applied either (Azure's parser rejects them,
    /// so they stay visible to the validator).
    pub fn azure() -> Self {
        LoadOptions::default()
    }

    /// devplat's own configuration files: merge keys allowed, for sharing defaults.
    pub fn config() -> Self {
        LoadOptions {
            merge_keys: true,
            ..LoadOptions::default()
        }
    }

    /// Small limits, for fuzzing and for untrusted snippets.
    pub fn small() -> Self {
        LoadOptions {
            merge_keys: true,
            max_bytes: 1 << 20,
            max_depth: 64,
            max_nodes: 100_000,
            max_alias_nodes: 10_000,
        }
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            merge_keys: false,
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_nodes: Self::DEFAULT_MAX_NODES,
            max_alias_nodes: Self::DEFAULT_MAX_ALIAS_NODES,
        }
    }
}
