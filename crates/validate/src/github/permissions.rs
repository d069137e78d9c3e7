//! `permissions:` — the GITHUB_TOKEN scopes and the values each accepts.
//!
//! Source: GitHub Docs, "Workflow syntax" §permissions
//! (`/work/shared/notes/platform-reference.md` §2.3).

/// A permission level, ordered `None < Read < Write`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    None,
    Read,
    Write,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "none" => Some(Level::None),
            "read" => Some(Level::Read),
            "write" => Some(Level::Write),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Read => "read",
            Level::Write => "write",
        }
    }
}

/// One scope and the levels it accepts.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub name: &'static str,
    pub levels: &'static [Level],
}

const RWN: &[Level] = &[Level::Read, Level::Write, Level::None];

/// Every scope, alphabetical.
pub const SCOPES: &[Scope] = &[
    Scope {
        name: "actions",
        levels: RWN,
    },
    Scope {
        name: "artifact-metadata",
        levels: RWN,
    },
    Scope {
        name: "attestations",
        levels: RWN,
    },
    Scope {
        name: "checks",
        levels: RWN,
    },
    Scope {
        name: "contents",
        levels: RWN,
    },
    // Used by current real-world workflows (playwright-python) and known to actionlint
    // 1.17; its levels are not in our platform notes, so all three are accepted.
    Scope {
        name: "copilot-requests",
        levels: RWN,
    },
    Scope {
        name: "deployments",
        levels: RWN,
    },
    Scope {
        name: "discussions",
        levels: RWN,
    },
    Scope {
        name: "id-token",
        levels: &[Level::Write, Level::None],
    },
    Scope {
        name: "issues",
        levels: RWN,
    },
    Scope {
        name: "models",
        levels: &[Level::Read, Level::None],
    },
    Scope {
        name: "packages",
        levels: RWN,
    },
    Scope {
        name: "pages",
        levels: RWN,
    },
    Scope {
        name: "pull-requests",
        levels: RWN,
    },
    Scope {
        name: "repository-projects",
        levels: RWN,
    },
    Scope {
        name: "security-events",
        levels: RWN,
    },
    Scope {
        name: "statuses",
        levels: RWN,
    },
];

/// The shorthand values `permissions:` accepts as a plain string.
pub const SHORTHANDS: &[&str] = &["read-all", "write-all"];

pub fn scope(name: &str) -> Option<&'static Scope> {
    SCOPES.iter().find(|s| s.name == name)
}

pub fn scope_names() -> impl Iterator<Item = &'static str> {
    SCOPES.iter().map(|s| s.name)
}

/// The permissions one `permissions:` value grants, scope by scope (in [`SCOPES`] order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub levels: Vec<(&'static str, Level)>,
}

impl Grant {
    /// Every scope at `level` (`read-all`, `write-all`, `{}`).
    pub fn all(level: Level) -> Grant {
        Grant {
            levels: SCOPES
                .iter()
                .map(|s| {
                    // A blanket grant gives each scope the highest level it supports up to `level`.
                    let l = s
                        .levels
                        .iter()
                        .copied()
                        .filter(|l| *l <= level)
                        .max()
                        .unwrap_or(Level::None);
                    (s.name, l)
                })
                .collect(),
        }
    }

    /// The default token of a repository with "restricted" defaults (contents and
    /// packages read, metadata read; everything else none). GitHub's "permissive"
    /// default is `write-all`; which one applies is a repository setting we cannot see.
    pub fn restricted_default() -> Grant {
        let mut g = Grant::all(Level::None);
        g.set("contents", Level::Read);
        g.set("packages", Level::Read);
        g
    }

    /// The level of `scope` (`None` for unknown scopes).
    pub fn get(&self, scope: &str) -> Level {
        self.levels
            .iter()
            .find(|(s, _)| *s == scope)
            .map_or(Level::None, |(_, l)| *l)
    }

    pub fn set(&mut self, scope: &str, level: Level) {
        if let Some(entry) = self.levels.iter_mut().find(|(s, _)| *s == scope) {
            entry.1 = level;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthands() {
        let all = Grant::all(Level::Write);
        assert_eq!(all.get("contents"), Level::Write);
        assert_eq!(all.get("models"), Level::Read);
        let read = Grant::all(Level::Read);
        assert_eq!(read.get("id-token"), Level::None);
        assert_eq!(Grant::restricted_default().get("packages"), Level::Read);
    }
}
