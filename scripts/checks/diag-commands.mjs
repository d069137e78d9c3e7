// Cross-checks the `github` and `azure` renderers against the platforms' own libraries:
// for every finding of the render snapshot fixtures, the line that `@actions/core`
// (`core.error/warning/notice`) and `azure-pipelines-task-lib` (`tl.logIssue`) print must be
// byte for byte the line our renderer printed. Run by 31-diag-commands.sh.
//
//   node diag-commands.mjs <node_modules dir> <snapshots dir>
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, snapshots] = process.argv.slice(2);
const require = createRequire(join(modules, 'noop.js'));
const core = await import(pathToFileURL(join(modules, '@actions/core/lib/core.js')).href);
// task-lib logs `##vso[task.debug]` lines while it loads: keep them out of the output.
let tl;
capture(() => { tl = require('azure-pipelines-task-lib/task'); });

// An insta snapshot: a `---` header block, then the content.
function snapshot(name) {
  const text = readFileSync(join(snapshots, `render__${name}.snap`), 'utf8');
  const parts = text.split('\n---\n');
  return parts.slice(1).join('\n---\n');
}

function capture(fn) {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = (chunk) => { out += chunk; return true; };
  try { fn(); } finally { process.stdout.write = write; }
  return out;
}

// The message as our line-oriented formats compose it: message, help, related spans.
function message(d) {
  let text = d.message;
  if (d.help) text += `\nhelp: ${d.help}`;
  for (const r of d.related ?? []) text += `\n${r.file}:${r.line}:${r.column}: ${r.message}`;
  return text;
}

const report = JSON.parse(snapshot('json'));
const diagnostics = report.diagnostics;
let failures = 0;
function compare(what, expected, actual) {
  if (expected !== actual) {
    failures++;
    console.error(`${what}: mismatch\n  library: ${JSON.stringify(expected)}\n  ours:    ${JSON.stringify(actual)}`);
  }
}

// GitHub
const ours = snapshot('github').split('\n').filter((l) => l.length > 0);
compare('github line count', diagnostics.length, ours.length);
diagnostics.forEach((d, i) => {
  const oneLine = d.line === d.end_line;
  const props = {
    title: d.code,
    file: d.file,
    startLine: d.line,
    endLine: d.end_line,
    startColumn: oneLine ? d.column : undefined,
    endColumn: oneLine ? d.end_column : undefined,
  };
  const fn = { error: core.error, warning: core.warning, note: core.notice }[d.severity];
  const line = capture(() => fn(message(d), props)).replace(/\r?\n$/, '');
  compare(`github #${i} (${d.code})`, line, ours[i]);
});

// Azure: notes are plain log lines (no logissue), the rest must match tl.logIssue.
const azure = snapshot('azure').split('\n').filter((l) => l.startsWith('##vso['));
const issues = diagnostics.filter((d) => d.severity !== 'note');
compare('azure line count', issues.length, azure.length);
issues.forEach((d, i) => {
  const type = d.severity === 'error' ? tl.IssueType.Error : tl.IssueType.Warning;
  const line = capture(() => tl.logIssue(type, message(d), d.file, d.line, d.column, d.code))
    .replace(/\r?\n$/, '');
  compare(`azure #${i} (${d.code})`, line, azure[i]);
});

if (failures > 0) {
  console.error(`${failures} mismatch(es)`);
  process.exit(1);
}
console.log(`diag-commands: ${diagnostics.length} github and ${issues.length} azure lines match @actions/core and azure-pipelines-task-lib`);
