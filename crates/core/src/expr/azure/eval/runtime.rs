//! The runtime-only functions: `counter` (variable definitions) and the job status
//! functions (conditions), with the run state the caller supplies.

use indexmap::IndexMap;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::Call;
use crate::expr::ExprError;
use crate::expr::azure::number;
use crate::expr::azure::text;
use crate::expr::azure::value::Value;

/// The result of a job or stage (`Agent.JobStatus`, `dependencies.<name>.result`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Outcome {
    #[default]
    Succeeded,
    SucceededWithIssues,
    Failed,
    Canceled,
    Skipped,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Succeeded,
        Outcome::SucceededWithIssues,
        Outcome::Failed,
        Outcome::Canceled,
        Outcome::Skipped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "Succeeded",
            Outcome::SucceededWithIssues => "SucceededWithIssues",
            Outcome::Failed => "Failed",
            Outcome::Canceled => "Canceled",
            Outcome::Skipped => "Skipped",
        }
    }

    /// Parse a result name, ignoring case.
    pub fn from_name(name: &str) -> Option<Outcome> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str().eq_ignore_ascii_case(name))
    }

    fn succeeded(self) -> bool {
        matches!(self, Outcome::Succeeded | Outcome::SucceededWithIssues)
    }
}

/// What the job status functions see.
#[derive(Clone, Debug, Default)]
pub struct JobStatus {
    /// The run was canceled.
    pub canceled: bool,
    /// The status of the current job so far (`Agent.JobStatus`): what a step condition sees.
    pub job: Outcome,
    /// For a job or stage condition: its dependencies (earlier jobs of the stage, or
    /// earlier stages) and their results. `None` for a step condition.
    pub dependencies: Option<IndexMap<String, Outcome>>,
}

/// `succeeded([names…])`: false when canceled; else a step sees the job status
/// (Succeeded or SucceededWithIssues), a job or stage every dependency (or every named
/// one) succeeded.
pub(super) fn succeeded<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    if call.options().status.canceled {
        return Ok(Value::Boolean(false));
    }
    let outcomes = outcomes(call)?;
    Ok(Value::Boolean(outcomes.iter().all(|o| o.succeeded())))
}

/// `failed([names…])`: a step sees `Agent.JobStatus` = Failed; a job or stage, any
/// dependency (or any named one) failed.
pub(super) fn failed<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let outcomes = outcomes(call)?;
    Ok(Value::Boolean(outcomes.contains(&Outcome::Failed)))
}

/// `succeededOrFailed([names…])`: like `always()` but false when canceled; with
/// dependencies, every one (or every named one) succeeded or failed (none skipped).
pub(super) fn succeeded_or_failed<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    if call.options().status.canceled {
        return Ok(Value::Boolean(false));
    }
    let outcomes = outcomes(call)?;
    Ok(Value::Boolean(
        outcomes
            .iter()
            .all(|o| o.succeeded() || *o == Outcome::Failed),
    ))
}

/// The outcomes a status function looks at: the named dependencies, else all
/// dependencies, else the current job.
fn outcomes(call: &Call<'_, '_>) -> Result<Vec<Outcome>, ExprError> {
    let status = &call.options().status;
    if call.args.is_empty() {
        return Ok(match &status.dependencies {
            Some(deps) => deps.values().copied().collect(),
            None => vec![status.job],
        });
    }
    let mut out = Vec::new();
    for i in 0..call.args.len() {
        let name = call.string_arg(i)?;
        let found = status.dependencies.as_ref().and_then(|deps| {
            deps.iter()
                .find(|(k, _)| text::eq_ignore_case(k, &name))
                .map(|(_, o)| *o)
        });
        match found {
            Some(o) => out.push(o),
            None => {
                return Err(call.error(format!(
                    "'{name}' is not a dependency of this job or stage: a status function can only name dependencies"
                )));
            }
        }
    }
    Ok(out)
}

/// `counter(prefix, seed)`: the previous value for `prefix` plus one, or `seed` for a
/// new prefix (the caller supplies the previous values in [`super::EvalOptions`]).
pub(super) fn counter<'a>(call: &Call<'_, 'a>) -> Result<Value<'a>, ExprError> {
    let prefix = call.string_arg(0)?;
    let seed_value = call.arg(1)?;
    let seed =
        crate::expr::azure::convert::to_number(&seed_value).map_err(|e| call.cast_error(&e))?;
    let seed = seed
        .fract()
        .is_zero()
        .then(|| seed.to_i64())
        .flatten()
        .ok_or_else(|| {
            call.error(format!(
                "counter: the seed must be a whole number; got {}",
                number::format(seed)
            ))
        })?;
    let value = match call.options().counters.get(&prefix) {
        Some(last) => last
            .checked_add(1)
            .ok_or_else(|| call.error("counter: the counter overflowed"))?,
        None => seed,
    };
    Ok(Value::Number(value.into()))
}
