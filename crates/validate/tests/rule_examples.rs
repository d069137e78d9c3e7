//! Every rule's documentation examples are checked: the bad example produces the rule's
//! finding, the good example produces none of that rule.

use devplat_core::source::MemoryFiles;
use devplat_validate::rules::{self, Example};
use devplat_validate::{Request, validate};

fn run(ex: &Example) -> Vec<(String, String)> {
    let mut fs = MemoryFiles::new();
    for (path, text) in ex.files {
        fs.insert(*path, text.as_bytes().to_vec());
    }
    let Some((first, _)) = ex.files.first() else {
        return Vec::new();
    };
    let outcome = validate(
        &fs,
        &Request {
            paths: vec![(*first).to_owned()],
            ..Request::default()
        },
        None,
    );
    outcome
        .diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.message.clone()))
        .collect()
}

#[test]
fn bad_examples_produce_their_rule_and_good_ones_do_not() {
    let mut failures = Vec::new();
    for rule in rules::all() {
        let info = rule.info();
        if info.bad.files.is_empty() {
            continue;
        }
        let bad = run(&info.bad);
        if !bad.iter().any(|(c, _)| c == info.code) {
            failures.push(format!(
                "{}: bad example does not produce it: {bad:?}",
                info.code
            ));
        }
        let good = run(&info.good);
        if good.iter().any(|(c, _)| c == info.code) {
            failures.push(format!("{}: good example produces it: {good:?}", info.code));
        }
        // The good example of a rule should be clean of errors altogether.
        let errs: Vec<_> = good
            .iter()
            .filter(|(c, _)| c != "unrecognized-file")
            .collect();
        if !errs.is_empty() && info.code != "unrecognized-file" {
            failures.push(format!(
                "{}: good example has findings: {errs:?}",
                info.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn codes_are_unique_kebab_case_and_documented() {
    let mut seen = std::collections::HashSet::new();
    for rule in rules::all() {
        let i = rule.info();
        assert!(seen.insert(i.code), "duplicate code {}", i.code);
        assert!(
            i.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            i.code
        );
        assert!(i.help_uri.ends_with(&format!("#{}", i.code)), "{}", i.code);
        assert!(!i.summary.is_empty() && !i.docs.is_empty(), "{}", i.code);
    }
}
