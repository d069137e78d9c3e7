//! Step outputs for GitHub Actions and Azure Pipelines: limits and file formats.
//!
//! Tools return their outputs as ordered `name → value` pairs; this module checks them
//! against the platform limits and writes them the way the runner reads them, so the
//! hosts (CLI, Node) only copy bytes.
//!
//! GitHub counts job outputs against 1 MB per job and 50 MB per run, "approximated using
//! UTF-16" (github/docs). Whether that halves the room for ASCII is not documented, so the
//! check is conservative: a value's size is its UTF-16 length in bytes (2 per code unit),
//! and all outputs of one step together must fit in 1,000,000 such bytes.

use indexmap::IndexMap;

/// The largest total size of one job's outputs, in UTF-16 bytes.
pub const GITHUB_JOB_OUTPUTS_MAX: usize = 1_000_000;

/// Ordered outputs of one step.
pub type Outputs = IndexMap<String, String>;

/// Why outputs cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputsTooLarge {
    /// Total size, in UTF-16 bytes.
    pub total: usize,
    /// The largest output and its size.
    pub largest: (String, usize),
}

impl std::fmt::Display for OutputsTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the outputs take {} bytes (counted as UTF-16, as GitHub does), over the {} byte limit of a job's outputs; the largest is `{}` ({} bytes)",
            self.total, GITHUB_JOB_OUTPUTS_MAX, self.largest.0, self.largest.1
        )
    }
}

/// The size GitHub counts for `value`: 2 bytes per UTF-16 code unit.
pub fn utf16_size(value: &str) -> usize {
    value.encode_utf16().count().saturating_mul(2)
}

/// Check `outputs` against GitHub's per-job limit.
pub fn check_github_size(outputs: &Outputs) -> Result<(), OutputsTooLarge> {
    let mut total = 0usize;
    let mut largest = (String::new(), 0usize);
    for (name, value) in outputs {
        let size = utf16_size(name).saturating_add(utf16_size(value));
        total = total.saturating_add(size);
        if size > largest.1 {
            largest = (name.clone(), size);
        }
    }
    if total > GITHUB_JOB_OUTPUTS_MAX {
        return Err(OutputsTooLarge { total, largest });
    }
    Ok(())
}

/// The `$GITHUB_OUTPUT` file text: `name<<DELIMITER`, the value, `DELIMITER`, for every
/// output. The delimiter is chosen so that no value contains it (a value cannot end the
/// block early and set other outputs).
pub fn github_output_file(outputs: &Outputs) -> String {
    let mut n = 0u32;
    let mut delim = String::from("DEVPLAT_EOF");
    while outputs
        .iter()
        .any(|(k, v)| v.contains(delim.as_str()) || k.contains(delim.as_str()))
    {
        n = n.saturating_add(1);
        delim = format!("DEVPLAT_EOF_{n}");
    }
    let mut out = String::new();
    for (name, value) in outputs {
        out.push_str(name);
        out.push_str("<<");
        out.push_str(&delim);
        out.push('\n');
        out.push_str(value);
        out.push('\n');
        out.push_str(&delim);
        out.push('\n');
    }
    out
}

/// Azure Pipelines logging commands that set output variables
/// (`##vso[task.setvariable variable=NAME;isOutput=true]VALUE`). Values are single
/// lines there: `%`, `\r`, `\n`, `;` and `]` are escaped the way the agent unescapes them.
pub fn azure_output_commands(outputs: &Outputs) -> String {
    let mut out = String::new();
    for (name, value) in outputs {
        out.push_str("##vso[task.setvariable variable=");
        out.push_str(&azure_escape_property(name));
        out.push_str(";isOutput=true]");
        out.push_str(&azure_escape_data(value));
        out.push('\n');
    }
    out
}

fn azure_escape_data(value: &str) -> String {
    value
        .replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn azure_escape_property(value: &str) -> String {
    azure_escape_data(value)
        .replace(';', "%3B")
        .replace(']', "%5D")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_not_in_any_value() {
        let mut o = Outputs::new();
        o.insert("a".into(), "x\nDEVPLAT_EOF\ny".into());
        o.insert("b".into(), "plain".into());
        let text = github_output_file(&o);
        assert!(text.starts_with("a<<DEVPLAT_EOF_1\nx\nDEVPLAT_EOF\ny\nDEVPLAT_EOF_1\n"));
        assert!(text.ends_with("b<<DEVPLAT_EOF_1\nplain\nDEVPLAT_EOF_1\n"));
    }

    #[test]
    fn size_counts_utf16() {
        assert_eq!(utf16_size("ab"), 4);
        assert_eq!(utf16_size("😀"), 4);
        let mut o = Outputs::new();
        o.insert("big".into(), "x".repeat(499_990));
        assert!(check_github_size(&o).is_ok());
        o.insert("more".into(), "y".repeat(20));
        let e = check_github_size(&o).unwrap_err();
        assert_eq!(e.largest.0, "big");
    }

    #[test]
    fn azure_commands_escape() {
        let mut o = Outputs::new();
        o.insert("files".into(), "a%b\nc".into());
        assert_eq!(
            azure_output_commands(&o),
            "##vso[task.setvariable variable=files;isOutput=true]a%AZP25b%0Ac\n"
        );
    }
}
