//! GitHub-hosted runner labels and the labels every self-hosted runner carries.
//!
//! Source: GitHub Docs, "GitHub-hosted runners" (standard and larger runner images).
//! Labels of retired images are kept apart so the message can say the image is gone.

/// Labels of the current GitHub-hosted images.
pub const HOSTED: &[&str] = &[
    "ubuntu-latest",
    "ubuntu-26.04",
    "ubuntu-26.04-arm",
    "ubuntu-24.04",
    "ubuntu-22.04",
    "ubuntu-24.04-arm",
    "ubuntu-22.04-arm",
    "ubuntu-slim",
    "windows-latest",
    "windows-2025",
    "windows-2025-vs2026",
    "windows-2022",
    "windows-11-arm",
    "windows-11-vs2026-arm",
    "macos-latest",
    "macos-26",
    "macos-15",
    "macos-14",
    "macos-26-intel",
    "macos-15-intel",
    "macos-latest-large",
    "macos-26-large",
    "macos-15-large",
    "macos-14-large",
    "macos-latest-xlarge",
    "macos-26-xlarge",
    "macos-15-xlarge",
    "macos-14-xlarge",
    "windows-latest-8-cores",
    "ubuntu-latest-4-cores",
    "ubuntu-latest-8-cores",
    "ubuntu-latest-16-cores",
];

/// Labels of images GitHub has retired: jobs that ask for them never start.
pub const RETIRED: &[&str] = &[
    "ubuntu-16.04",
    "ubuntu-18.04",
    "ubuntu-20.04",
    "windows-2016",
    "windows-2019",
    "macos-10.15",
    "macos-11",
    "macos-12",
    "macos-12-xl",
    // Retired in December 2025 (actionlint 1.17 no longer lists them either).
    "macos-13",
    "macos-13-large",
    "macos-13-xlarge",
    "macos-12-large",
];

/// Labels every self-hosted runner gets by default (matched case-insensitively).
pub const SELF_HOSTED: &[&str] = &[
    "self-hosted",
    "linux",
    "windows",
    "macos",
    "x64",
    "arm",
    "arm64",
];

/// How a `runs-on` label is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Hosted,
    SelfHosted,
    Configured,
    Retired,
    Unknown,
}

/// Classify `label`, with `configured` the user's own self-hosted labels.
pub fn classify(label: &str, configured: &[String]) -> LabelKind {
    let lower = label.to_ascii_lowercase();
    if HOSTED.contains(&lower.as_str()) {
        LabelKind::Hosted
    } else if SELF_HOSTED.contains(&lower.as_str()) {
        LabelKind::SelfHosted
    } else if configured.iter().any(|c| c.eq_ignore_ascii_case(label)) {
        LabelKind::Configured
    } else if RETIRED.contains(&lower.as_str()) {
        LabelKind::Retired
    } else {
        LabelKind::Unknown
    }
}
