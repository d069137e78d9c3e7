// Packaging smoke runs: `tfx extension create` builds the .vsix from azure-tasks/ (into a
// temp dir; never committed), and @github/local-action runs the validate host from its
// ESM source with @actions/core stubbed, as action authors debug locally.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { readTask } from '../scripts/docs.js';
import { root, tempDir, tools } from './helpers.js';

const bin = path.join(root, 'hosts/node_modules/.bin');

test('tfx extension create packages every task', () => {
  const dir = tempDir();
  fs.cpSync(path.join(root, 'azure-tasks'), path.join(dir, 'azure-tasks'), { recursive: true });
  const out = path.join(dir, 'out');
  const run = spawnSync(
    path.join(bin, 'tfx'),
    ['extension', 'create', '--manifest-globs', 'vss-extension.json', '--output-path', out, '--no-prompt', '--json'],
    { cwd: path.join(dir, 'azure-tasks'), encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  const made = JSON.parse(run.stdout);
  assert.equal(made.extensionId, 'devplat-tasks');
  const vsix = fs.readFileSync(made.path);
  // A .vsix is a zip; its central directory stores the entry names in clear.
  for (const tool of tools) {
    const task = readTask(tool);
    for (const file of ['task.json', 'index.js', `${tool.tool}_bg.wasm`]) {
      assert.ok(vsix.includes(`${tool.task}/${file}`), `${tool.task}/${file} in the .vsix`);
    }
    assert.ok(task.id);
  }
  assert.ok(!vsix.includes('node_modules/'), 'no node_modules in the .vsix');
});

test('@github/local-action runs the validate host from source', () => {
  const ws = tempDir();
  fs.mkdirSync(path.join(ws, '.github/workflows'), { recursive: true });
  fs.writeFileSync(path.join(ws, '.github/workflows/ci.yml'), 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n');
  const summary = path.join(ws, 'summary.md');
  fs.writeFileSync(summary, '');
  const env = path.join(ws, '.env');
  fs.writeFileSync(env, `INPUT_PATHS=.\nINPUT_FAIL-ON=error\nGITHUB_WORKSPACE=${ws}\nGITHUB_STEP_SUMMARY=${summary}\n`);
  const run = spawnSync(path.join(bin, 'local-action'), ['run', root, path.join(root, 'hosts/src/github/validate.js'), env], {
    cwd: path.join(root, 'hosts'),
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /Running Action/);
  assert.match(run.stdout, /'errors'\s+│ '\d+'/, 'the errors output is set');
  assert.match(fs.readFileSync(summary, 'utf8'), /^## devplat validate/m, 'the summary is written');
});
