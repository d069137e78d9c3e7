//! "Did you mean …?" — the closest valid name to what the user wrote.

/// The candidate closest to `input`, if one is close enough to be a plausible typo.
///
/// Case differences alone always qualify (`Runs-On` → `runs-on`); otherwise the
/// Damerau–Levenshtein distance must be at most a third of the longer name (at least 1),
/// and ties keep the earliest candidate so results are stable.
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = input.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        if cand == input {
            continue;
        }
        let dist = if cand.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &cand.to_lowercase())
        };
        let limit = (input.chars().count().max(cand.chars().count()) / 3).max(1);
        if dist <= limit && best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// A message suffix: ` (did you mean "x"?)`, or empty when nothing is close.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    closest(input, candidates).map_or_else(String::new, |c| format!(" (did you mean \"{c}\"?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case() {
        let keys = ["runs-on", "steps", "needs", "workflow_dispatch"];
        assert_eq!(closest("runs_on", keys), Some("runs-on"));
        assert_eq!(closest("Steps", keys), Some("steps"));
        assert_eq!(closest("workflow_dispach", keys), Some("workflow_dispatch"));
        assert_eq!(closest("xyz", keys), None);
        assert_eq!(did_you_mean("neds", keys), " (did you mean \"needs\"?)");
    }
}
