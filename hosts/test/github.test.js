// Every GitHub bundle run as the runner runs it, on the fixture repositories: outputs,
// annotations, the step summary and the exit code, against golden files beside each
// fixture (fixtures/<case>/github.expected) and the case's own expectations.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { cases, githubEventEnv, golden, redact, runAction, workspace } from './helpers.js';

const PER_LEVEL = 10;

for (const c of cases().filter((c) => (c.platforms ?? ['github', 'azure']).includes('github'))) {
  test(`github: ${c.tool} on ${c.name}`, () => {
    const ws = workspace(c);
    const run = runAction(c.tool, ws, c.inputs, githubEventEnv(c, ws));
    assert.equal(run.stderr, '', 'nothing on stderr');
    assert.equal(run.status, c.expect.exit, `exit code\n${run.stdout}`);
    for (const [name, value] of Object.entries(c.expect.outputs ?? {})) assert.equal(run.outputs[name], value, `output ${name}`);
    for (const level of ['error', 'warning', 'notice']) {
      assert.ok(run.annotations.filter((a) => a.level === level).length <= PER_LEVEL, `at most ${PER_LEVEL} ${level} annotations`);
    }
    const rank = { error: 2, warning: 1, notice: 0 };
    const findings = run.annotations.filter((a) => a.file);
    for (let i = 1; i < findings.length; i++) assert.ok(rank[findings[i - 1].level] >= rank[findings[i].level], 'most severe first');
    for (const a of findings) assert.ok(fs.existsSync(path.join(ws, a.file)), `annotation file ${a.file} is relative to the workspace`);
    if (c.expect.exit === 0) assert.ok(!run.annotations.some((a) => !a.file && a.level === 'error'), 'no failure message');
    for (const file of c.expect.files ?? []) assert.ok(fs.existsSync(path.join(ws, file)), `${file} written`);

    const transcript = [
      `exit: ${run.status}`,
      '--- outputs',
      ...Object.entries(run.outputs).map(([k, v]) => `${k}=${v}`),
      '--- annotations',
      ...run.annotations.map((a) => JSON.stringify(a)),
      '--- summary',
      run.summary,
    ].join('\n');
    golden(c.name, 'github.expected', redact(transcript, ws, 'workspace'));
  });
}
