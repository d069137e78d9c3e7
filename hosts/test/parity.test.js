// Parity: the same fixture gives the same findings through the native CLI, the GitHub
// action and the ADO task. The SARIF each writes must be byte-identical (same findings,
// positions, messages, rules, paths), and the counts and pass/fail must agree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { azureInputs, cases, githubEventEnv, parseGithubOutput, root, runAction, runTask, spec, tools, workspace } from './helpers.js';

const cli = process.env.DEVPLAT_BIN || path.join(root, 'target/debug/devplat');

function runCli(ws, inputs, format) {
  const args = ['validate', '--format', format, '--fail-on', inputs['fail-on'] || 'error'];
  if (inputs.config) args.push('--config', inputs.config);
  args.push(...(inputs.paths || '.').split(/[\n,]/).map((p) => p.trim()).filter(Boolean));
  const run = spawnSync(cli, args, { cwd: ws, encoding: 'utf8', env: { PATH: process.env.PATH } });
  assert.equal(run.error, undefined, `${cli} runs (cargo build -p devplat)`);
  return run;
}

for (const c of cases().filter((c) => c.tool === 'validate' && !c.expect.usageError)) {
  test(`parity: validate on ${c.name} (CLI, action, task)`, async () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: cargo build -p devplat (or set DEVPLAT_BIN)`);
    const inputs = { ...c.inputs, 'sarif-file': 'parity.sarif' };

    const ws = workspace(c);
    const json = JSON.parse(runCli(ws, inputs, 'json').stdout);
    const cliRun = runCli(ws, inputs, 'sarif');
    const cliSarif = cliRun.stdout;

    const actionWs = workspace(c);
    const action = runAction('validate', actionWs, inputs);
    const taskWs = workspace(c);
    const toolSpec = await spec('validate');
    const task = await runTask(tools.find((t) => t.tool === 'validate').task, taskWs, azureInputs(toolSpec, inputs));

    assert.equal(fs.readFileSync(path.join(actionWs, 'parity.sarif'), 'utf8'), cliSarif, 'action SARIF = CLI SARIF');
    assert.equal(fs.readFileSync(path.join(taskWs, 'parity.sarif'), 'utf8'), cliSarif, 'task SARIF = CLI SARIF');
    assert.equal(action.outputs.errors, String(json.summary.errors));
    assert.equal(action.outputs.warnings, String(json.summary.warnings));
    assert.equal(task.variables.errors, String(json.summary.errors));
    assert.equal(task.variables.warnings, String(json.summary.warnings));
    assert.equal(action.status === 0, cliRun.status === 0, 'action fails exactly when the CLI does');
    assert.equal(task.succeeded, cliRun.status === 0, 'task fails exactly when the CLI does');
    // Every finding the CLI reports is annotated, or counted in the failure message.
    const annotated = action.annotations.filter((a) => a.title).length;
    assert.ok(annotated <= json.diagnostics.length);
    if (annotated < json.diagnostics.length) assert.match(action.stdout, new RegExp(`${json.diagnostics.length - annotated} more not annotated`));
  });
}

for (const c of cases().filter((c) => c.tool === 'deploy-plan')) {
  test(`parity: deploy-plan on ${c.name} (CLI, action, task)`, async () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: cargo build -p devplat (or set DEVPLAT_BIN)`);
    const args = ['plan', '--format', 'github-matrix', '--config', c.inputs.config || 'deployment-config.yaml'];
    const services = c.inputs.services ? JSON.parse(c.inputs.services) : null;
    if (services) args.push('--only', services.join(','));
    if (c.inputs['max-waves']) args.push('--max-waves', c.inputs['max-waves']);
    const ws = workspace(c);
    const cliRun = spawnSync(cli, args, { cwd: ws, encoding: 'utf8', env: { PATH: process.env.PATH } });
    const action = runAction('deploy-plan', workspace(c), c.inputs);
    const toolSpec = await spec('deploy-plan');
    const task = await runTask('DeployPlan', workspace(c), azureInputs(toolSpec, c.inputs));
    assert.equal(action.status === 0, cliRun.status === 0, 'action fails exactly when the CLI does');
    assert.equal(task.succeeded, cliRun.status === 0, 'task fails exactly when the CLI does');
    if (cliRun.status === 0) {
      const expected = parseGithubOutput(cliRun.stdout);
      assert.deepEqual(action.outputs, expected, 'action outputs = CLI outputs');
      assert.deepEqual(task.variables, expected, 'task output variables = CLI outputs');
    }
  });
}

for (const c of cases().filter((c) => c.tool === 'detect-changes' && c.event)) {
  test(`parity: detect-changes on ${c.name} (CLI, action)`, () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: cargo build -p devplat (or set DEVPLAT_BIN)`);
    const ws = workspace(c);
    const event = githubEventEnv(c, ws);
    const args = ['changes', '--format', 'github-output', '--event', event.GITHUB_EVENT_PATH, '--event-name', event.GITHUB_EVENT_NAME];
    if (c.inputs.filters) args.push('--filters', c.inputs.filters);
    const cliRun = spawnSync(cli, args, { cwd: ws, encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(cliRun.status, 0, cliRun.stderr);
    const action = runAction('detect-changes', workspace(c), c.inputs, event);
    assert.equal(action.status, 0);
    assert.deepEqual(action.outputs, parseGithubOutput(cliRun.stdout), 'action outputs = CLI outputs');
  });
}

for (const c of cases().filter((c) => c.tool === 'alert-dispatch' && c.inputs.payload)) {
  test(`parity: alert-dispatch on ${c.name} (CLI, action, task)`, async () => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: cargo build -p devplat (or set DEVPLAT_BIN)`);
    const ws = workspace(c);
    fs.writeFileSync(path.join(ws, 'payload.json'), c.inputs.payload);
    const args = ['alerts', 'decide', '--config', c.inputs.config || 'alerts.yml', '--payload', 'payload.json'];
    if (c.inputs['dry-run'] === 'true') args.push('--dry-run');
    const cliRun = spawnSync(cli, args, { cwd: ws, encoding: 'utf8', env: { PATH: process.env.PATH } });
    const action = runAction('alert-dispatch', workspace(c), c.inputs);
    const task = await runTask('AlertDispatch', workspace(c), azureInputs(await spec('alert-dispatch'), c.inputs));
    assert.equal(action.status === 0, cliRun.status === 0, 'action fails exactly when the CLI does');
    assert.equal(task.succeeded, cliRun.status === 0, 'task fails exactly when the CLI does');
    if (cliRun.status === 0) {
      const expected = JSON.parse(cliRun.stdout);
      assert.deepEqual(JSON.parse(action.outputs.decisions), expected, 'action decisions = CLI decision');
      assert.deepEqual(JSON.parse(task.variables.decisions), expected, 'task decisions = CLI decision');
    }
  });
}
