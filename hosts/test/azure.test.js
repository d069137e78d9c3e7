// Every Azure DevOps task run through azure-pipelines-task-lib's MockTestRunner on the
// fixture repositories: the ##vso commands (issues with file/line/column, output
// variables, the uploaded summary) and the result, against golden files beside each
// fixture (fixtures/<case>/azure.expected) and the case's own expectations.
import assert from 'node:assert/strict';
import test from 'node:test';
import { azureEnv, azureInputs, cases, golden, redact, runTask, spec, tools, workspace } from './helpers.js';

const PER_LEVEL = 10;

for (const c of cases().filter((c) => (c.platforms ?? ['github', 'azure']).includes('azure'))) {
  test(`azure: ${c.tool} on ${c.name}`, async () => {
    const tool = tools.find((t) => t.tool === c.tool);
    const toolSpec = await spec(c.tool);
    const ws = workspace(c);
    const run = await runTask(tool.task, ws, azureInputs(toolSpec, c.inputs), azureEnv(c, ws));
    assert.equal(run.runner.stderr, '', 'nothing on stderr');
    assert.equal(run.succeeded, c.expect.exit === 0, run.runner.stdout);
    assert.equal(run.result, c.expect.exit === 0 ? c.expect.azureResult ?? 'Succeeded' : 'Failed');
    for (const [name, value] of Object.entries(c.expect.outputs ?? {})) {
      // Outputs outside the spec (deploy-plan's wave_<k>) have one name on both platforms.
      const variable = toolSpec.outputs.find((o) => o.github === name)?.azure ?? name;
      assert.equal(run.variables[variable], value, `output variable ${variable}`);
    }
    for (const type of ['error', 'warning']) {
      assert.ok(run.issues.filter((i) => i.type === type).length <= PER_LEVEL, `at most ${PER_LEVEL} ${type} issues`);
    }
    for (const issue of run.issues) assert.ok(issue.sourcepath === undefined || issue.sourcepath.startsWith(ws), 'absolute source paths');

    const transcript = [
      `result: ${run.result}`,
      '--- commands',
      ...run.vso.filter((c) => c.command !== 'task.uploadsummary').map((c) => JSON.stringify(c)),
      '--- summary',
      run.summary ?? '(none)',
    ].join('\n');
    golden(c.name, 'azure.expected', redact(transcript, ws, 'workspace'));
  });
}
