//! Evaluating a whole scalar that contains `${{ }}` (see [`crate::expr::template`]).

use super::{Evaluator, ParseOptions, Value, parse};
use crate::expr::ExprError;
use crate::expr::template::{Segment, Template};

/// The value of scalar `value` split as `template`: a whole-value expression keeps its
/// type; an interpolation is a string, the literal text joined with each expression's
/// value converted to a string (GitHub's `format` semantics). Error offsets are byte
/// offsets in `value`.
pub fn evaluate_template(
    value: &str,
    template: &Template,
    options: &ParseOptions<'_>,
    evaluator: &Evaluator<'_>,
) -> Result<Value, ExprError> {
    let eval_inner = |inner: &std::ops::Range<usize>| -> Result<Value, ExprError> {
        let text = value.get(inner.clone()).unwrap_or("");
        let shift = |mut e: ExprError| {
            e.start = e.start.saturating_add(inner.start);
            e.end = e.end.saturating_add(inner.start);
            e
        };
        let expr = parse(text, options).map_err(shift)?;
        evaluator.evaluate(&expr).map_err(shift)
    };
    if let Some(inner) = template.whole_expression() {
        return eval_inner(&inner);
    }
    let mut out = String::new();
    for segment in &template.segments {
        match segment {
            Segment::Literal(range) => out.push_str(value.get(range.clone()).unwrap_or("")),
            Segment::Expression { inner, .. } => {
                out.push_str(&eval_inner(inner)?.to_display_string());
            }
        }
    }
    Ok(Value::string(out))
}

#[cfg(test)]
#[allow(clippy::string_slice)] // tests slice known ASCII ranges
mod tests {
    use super::*;
    use crate::expr::github::Contexts;
    use crate::expr::template;

    #[test]
    fn whole_values_keep_their_type_interpolations_are_strings() {
        let mut contexts = Contexts::new();
        contexts.insert(
            "matrix",
            Value::from_json(&serde_json::json!({"node": 20})).unwrap(),
        );
        let ev = Evaluator::new(&contexts);
        let opts = ParseOptions::default();
        let run = |v: &str| {
            let t = template::parse(v).unwrap().unwrap();
            evaluate_template(v, &t, &opts, &ev)
        };
        assert!(matches!(run("${{ matrix.node }}").unwrap(), Value::Number(n) if n == 20.0));
        assert!(
            matches!(run("node-${{ matrix.node }}-{x}").unwrap(), Value::String(s) if &*s == "node-20-{x}")
        );
        let e = run("a ${{ matrix.os.x ! }}").unwrap_err();
        assert_eq!(&"a ${{ matrix.os.x ! }}"[e.start..e.end], "!");
    }
}
