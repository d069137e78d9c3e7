use super::*;

fn m(p: &str, path: &str) -> bool {
    Pattern::parse(p).unwrap().is_match(path)
}

#[test]
fn basics() {
    assert!(m("*.js", "x.js"));
    assert!(!m("*.js", "src/x.js"));
    assert!(m("**/*.js", "x.js"));
    assert!(m("**/*.js", ".test/.test.js"));
    assert!(m("src/**", "src"));
    assert!(m("./src/**", "src/a/b"));
    assert!(m("**.txt", "test/dir/file4.txt"));
    assert!(m("**.txt", "file1.txt"));
    assert!(!m("!src/**", "src/a.ts"));
    assert!(m("!src/**", "lib/a.ts"));
    assert!(m("!!src/**", "src/a.ts"));
    assert!(m("src/[!a]/x.ts", "src/b/x.ts"));
    assert!(!m("src/[!a]/x.ts", "src/a/x.ts"));
    assert!(m("apps/(marketing)/**", "apps/(marketing)/page.tsx"));
    assert!(m("src\\*.js", "src*.js"));
}

#[test]
fn extglobs() {
    assert!(m("src/!(*.md)", "src/a.ts"));
    assert!(!m("src/!(*.md)", "src/a.md"));
    assert!(!m("src/!(*.md)", "src/x/a.ts"));
    assert!(!m("!(**/*.tsx|**/*.less)", "root.tsx"));
    assert!(m("!(**/*.tsx|**/*.less)", "src/a.py"));
    assert!(!m(
        "!(amplify/**|data/**|deploy/**)**",
        "data/jest.config.ts"
    ));
    assert!(m("!(amplify/**|data/**|deploy/**)**", "src/jest.config.ts"));
    assert!(m("libs/+(a|b)/x", "libs/ab/x"));
    assert!(!m("libs/+(a|b)/x", "libs/c/x"));
    assert!(!m("libs/+(a|b)/x", "libs//x"));
    assert!(m("libs/*(a|b)x", "libs/x"));
    assert!(m("libs/@(a|b)/x", "libs/b/x"));
    assert!(!m("libs/@(a|b)/x", "libs/ab/x"));
    assert!(m("libs/?(a|b)x", "libs/x"));
    assert!(m("libs/?(a|b)x", "libs/ax"));
    assert!(m("static/**/!(*.generated).{ts,js}", "static/a/b.ts"));
    assert!(!m(
        "static/**/!(*.generated).{ts,js}",
        "static/a/b.generated.ts"
    ));
    assert!(m("+(a|b)/**/*.[tj]s", "ab/x/y.ts"));
}

#[test]
fn errors_have_codes_and_offsets() {
    let e = Pattern::parse("src/{a,b").unwrap_err();
    assert_eq!(e.code, "glob-invalid");
    let e = Pattern::parse("src/!(a)/!(b)").unwrap_err();
    assert_eq!((e.code, e.offset), ("glob-unsupported", 9));
    let e = Pattern::parse("!x/!(a)/+(b)").unwrap_err();
    assert_eq!((e.code, e.offset), ("glob-unsupported", 3));
    let e = Pattern::parse("src/@(a").unwrap_err();
    assert_eq!((e.code, e.offset), ("glob-invalid", 4));
    assert_eq!(Pattern::parse("./").unwrap_err().code, "glob-invalid");
}

#[test]
fn set_reports_body_matches() {
    let pats = [
        "src/**",
        "!**/*.md",
        "libs/+(a|b)/**",
        "src/!(*.md)",
        "docs/**",
    ];
    let set = PatternSet::new(pats.iter().map(|p| Pattern::parse(p).unwrap()).collect()).unwrap();
    let mut scratch = MatchScratch::default();
    let mut out = Vec::new();
    set.body_matches_into("src/a.md", &mut scratch, &mut out);
    assert_eq!(out, vec![0, 1]);
    set.body_matches_into("src/a.ts", &mut scratch, &mut out);
    assert_eq!(out, vec![0, 3]);
    set.body_matches_into("libs/ab/c.md", &mut scratch, &mut out);
    assert_eq!(out, vec![1, 2]);
    set.body_matches_into("other", &mut scratch, &mut out);
    assert!(out.is_empty());
}

#[test]
fn never_panics_on_odd_input() {
    for p in [
        "",
        "!",
        "!!",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "\\",
        "**(",
        "*(",
        "+(a|",
        "[!]",
        "[]]",
        "a/**/",
        "é/**.ü",
        "{,}",
        "@()",
        "!()",
        "?(|)",
        "a\\",
        "[a-",
        "*(a|+(b))",
    ] {
        let _ = Pattern::parse(p).map(|p| p.is_match("a/b"));
    }
}

/// The regex engine is built without Unicode tables (they would push the validate
/// action's wasm over its size budget): repeating extglobs must still match non-ASCII
/// paths, one character per `?` and across segments for `**`.
#[test]
fn repeating_extglobs_match_non_ascii_paths() {
    assert!(m("docs/+(é|ü)/*.md", "docs/ééü/résumé.md"));
    assert!(m("docs/*(ä)?.md", "docs/ääß.md"));
    assert!(!m("docs/*(ä)?.md", "docs/ääßß.md"));
    assert!(m("+(日本)/**", "日本日本/語/x"));
    assert!(m("a/[!é]+(x)", "a/ñx"));
    assert!(!m("a/[!é]+(x)", "a/éx"));
}
