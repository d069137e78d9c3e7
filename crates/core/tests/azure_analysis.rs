//! Static analysis of Azure expressions: references, calls and findings with positions.

// Test helpers may panic and slice: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use devplat_core::expr::azure::{FindingCode, Mode, analyze};

fn codes(expr: &str, mode: Mode, extra: &[&str]) -> Vec<(FindingCode, usize, usize)> {
    analyze(expr, mode, extra)
        .findings
        .iter()
        .map(|f| (f.code, f.error.start, f.error.end))
        .collect()
}

#[test]
fn references_carry_their_literal_path_and_position() {
    let expr = "eq(parameters.env, variables['Build.Reason'])";
    let a = analyze(expr, Mode::Compile, &[]);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    let refs: Vec<_> = a
        .references
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.path.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(),
                &expr[r.span.clone()],
            )
        })
        .collect();
    assert_eq!(
        refs,
        vec![
            ("parameters", vec!["env"], "parameters.env"),
            (
                "variables",
                vec!["Build.Reason"],
                "variables['Build.Reason']"
            ),
        ]
    );
    assert_eq!(a.calls.len(), 1);
    assert_eq!(a.calls[0].function, Some("eq"));
    assert_eq!(a.calls[0].args, 2);
    assert_eq!(a.calls[0].span, 0..expr.len());
}

#[test]
fn a_dynamic_index_ends_the_literal_path() {
    let expr = "parameters.jobs[variables.i].name";
    let a = analyze(expr, Mode::Compile, &[]);
    let paths: Vec<_> = a
        .references
        .iter()
        .map(|r| (r.name.as_str(), r.path.len(), &expr[r.span.clone()]))
        .collect();
    assert_eq!(
        paths,
        vec![
            ("parameters", 1, "parameters.jobs"),
            ("variables", 1, "variables.i")
        ]
    );
}

#[test]
fn unknown_names_are_findings_in_text_order() {
    assert_eq!(
        codes("foo(x)", Mode::Compile, &[]),
        vec![
            (FindingCode::ExprUnknownFunction, 0, 3),
            (FindingCode::ExprUnknownNamedValue, 4, 5)
        ]
    );
    assert_eq!(
        codes("foo(x)", Mode::Compile, &["x"]),
        vec![(FindingCode::ExprUnknownFunction, 0, 3)]
    );
    let a = analyze("nothing()", Mode::Compile, &[]);
    assert_eq!(
        a.findings[0].error.message,
        "Unrecognized function: 'nothing'. Located at position 1 within expression: nothing()"
    );
    assert_eq!(a.calls[0].function, None);
}

#[test]
fn functions_are_checked_against_the_mode() {
    let a = analyze("counter(variables.major, 100)", Mode::Compile, &[]);
    assert_eq!(a.findings.len(), 1);
    assert_eq!(a.findings[0].code, FindingCode::ExprFunctionNotAllowed);
    assert_eq!((a.findings[0].error.start, a.findings[0].error.end), (0, 7));
    assert!(
        a.findings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("runtime variable definitions")
    );
    assert!(codes("counter(variables.major, 100)", Mode::Variable, &[]).is_empty());
    assert_eq!(
        codes("and(succeeded(), always())", Mode::Variable, &[]),
        vec![
            (FindingCode::ExprFunctionNotAllowed, 4, 13),
            (FindingCode::ExprFunctionNotAllowed, 17, 23)
        ]
    );
    assert!(codes("and(succeeded(), always())", Mode::Condition, &[]).is_empty());
    assert_eq!(
        codes("parameters.x", Mode::Condition, &[]),
        vec![(FindingCode::ExprUnknownNamedValue, 0, 10)]
    );
}

#[test]
fn syntax_and_arity_errors_are_single_findings() {
    assert_eq!(
        codes("eq(1)", Mode::Compile, &[]),
        vec![(FindingCode::ExprArity, 0, 2)]
    );
    assert_eq!(
        codes("3 + 4", Mode::Compile, &[]),
        vec![(FindingCode::ExprSyntax, 2, 3)]
    );
    let a = analyze("3 + 4", Mode::Compile, &[]);
    assert!(a.references.is_empty() && a.calls.is_empty());
}

#[test]
fn finding_codes_are_kebab_case() {
    for code in FindingCode::ALL {
        let json = serde_json::to_value(code).unwrap();
        assert_eq!(json, serde_json::json!(code.as_str()));
    }
}
