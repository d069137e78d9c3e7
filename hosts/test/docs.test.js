// The input/output tables of docs/actions.md and docs/azure-tasks.md are generated from
// action.yml and task.json; they must not drift. And every action.yml / task.json
// declares exactly the inputs and outputs the tool's wasm reads and writes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { drift, readAction, readTask } from '../scripts/docs.js';
import { root, spec, tools } from './helpers.js';

test('docs tables match action.yml and task.json', () => {
  const stale = drift().map((d) => `${path.relative(root, d.file)}${d.missing.length ? ` (no block for ${d.missing})` : ''}`);
  assert.deepEqual(stale, [], 'run: node hosts/scripts/docs.js');
});

for (const tool of tools) {
  test(`${tool.tool}: action.yml and task.json declare the wasm's inputs and outputs`, async () => {
    const toolSpec = await spec(tool.tool);
    const action = readAction(tool);
    const task = readTask(tool);
    assert.deepEqual(Object.keys(action.inputs ?? {}), toolSpec.inputs.map((i) => i.github));
    assert.deepEqual(Object.keys(action.outputs ?? {}), toolSpec.outputs.map((o) => o.github));
    assert.deepEqual(task.inputs.map((i) => i.name), toolSpec.inputs.map((i) => i.azure).filter(Boolean), 'inputs without an ADO name are GitHub-only');
    assert.deepEqual(task.outputVariables.map((o) => o.name), toolSpec.outputs.map((o) => o.azure));
    for (const input of toolSpec.inputs) {
      assert.equal(String(action.inputs[input.github].default ?? ''), input.default, `action.yml default of ${input.github}`);
      if (!input.azure) continue;
      assert.equal(task.inputs.find((i) => i.name === input.azure).defaultValue, input.default, `task.json default of ${input.azure}`);
      assert.match(input.azure, /^[A-Za-z][A-Za-z0-9]*$/, 'ADO input names');
    }
  });

  test(`${tool.tool}: action.yml and task.json run the committed bundles`, () => {
    const action = readAction(tool);
    assert.equal(action.runs.using, 'node24');
    const main = path.join(root, tool.action, action.runs.main);
    assert.equal(path.relative(root, main), path.join('dist', tool.tool, 'index.cjs'));
    assert.ok(fs.existsSync(main), `${main} exists`);
    assert.ok(fs.existsSync(path.join(path.dirname(main), `${tool.tool}_bg.wasm`)), 'the .wasm beside the bundle');

    const task = readTask(tool);
    assert.match(task.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(task.name, tool.task);
    assert.deepEqual(Object.keys(task.execution).sort(), ['Node20_1', 'Node24']);
    for (const handler of Object.values(task.execution)) assert.equal(handler.target, 'index.js');
    // Node20_1 needs agent 3.232.1 (Node24 needs 4.265.1; older agents pick Node20_1).
    assert.equal(task.minimumAgentVersion, '3.232.1');
    const dir = path.join(root, 'azure-tasks', tool.task);
    assert.ok(fs.existsSync(path.join(dir, 'index.js')));
    assert.ok(fs.existsSync(path.join(dir, `${tool.tool}_bg.wasm`)));
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'azure-tasks/vss-extension.json'), 'utf8'));
    assert.ok(manifest.files.some((f) => f.path === tool.task), 'vss-extension.json packages the task');
    assert.ok(manifest.contributions.some((c) => c.properties.name === tool.task), 'and contributes it');
  });

  test(`${tool.tool}: the bundles need nothing but Node's built-ins`, async () => {
    const { builtinModules } = await import('node:module');
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    for (const file of [path.join(root, 'dist', tool.tool, 'index.cjs'), path.join(root, 'azure-tasks', tool.task, 'index.js')]) {
      const text = fs.readFileSync(file, 'utf8');
      const required = [...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
      const foreign = [...new Set(required.filter((r) => !builtins.has(r) && !builtins.has(r.split('/')[0])))];
      assert.deepEqual(foreign, [], `${path.relative(root, file)} requires only built-ins`);
    }
  });
}

test('task GUIDs are unique and fixed', () => {
  const ids = tools.map((t) => readTask(t).id);
  assert.equal(new Set(ids).size, ids.length);
});
