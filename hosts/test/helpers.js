// Shared by the host tests: fixture workspaces, and running a GitHub bundle or an ADO
// task exactly as the runner / the agent runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockTestRunner } from 'azure-pipelines-task-lib/mock-test.js';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const tools = JSON.parse(fs.readFileSync(path.join(root, 'hosts/tools.json'), 'utf8'));
export const fixtures = path.join(here, 'fixtures');

/** A fresh temp dir, removed when the process exits. */
export function tempDir(prefix = 'devplat-hosts-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function git(dir, ...args) {
  const run = spawnSync('git', ['-C', dir, '-c', 'user.name=devplat', '-c', 'user.email=devplat@example.com', '-c', 'init.defaultBranch=main', ...args], {
    encoding: 'utf8',
    // Fixed dates: the same commits, hence the same SHAs, on every run.
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  });
  assert.equal(run.status, 0, `git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

/**
 * A copy of a case's repository (its own, or `case.repo`'s) in a temp dir: the
 * workspace. With `case.git`, the copy is a git repository: a first commit (the base,
 * also `origin/main`), then `fixtures/<case.git.change>/` copied over as a second commit
 * (the head) on branch `feature`.
 */
export function workspace(c) {
  const dir = path.join(tempDir(), 'workspace');
  fs.cpSync(path.join(fixtures, c.repo ?? c.name, 'repo'), dir, { recursive: true });
  if (c.git) {
    git(dir, 'init', '--quiet');
    git(dir, 'add', '-A');
    git(dir, 'commit', '--quiet', '-m', 'base');
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    git(dir, 'checkout', '--quiet', '-b', 'feature');
    fs.cpSync(path.join(fixtures, c.git.change), dir, { recursive: true });
    for (const gone of c.git.delete ?? []) fs.rmSync(path.join(dir, gone));
    git(dir, 'add', '-A');
    git(dir, 'commit', '--quiet', '-m', 'change');
  }
  return dir;
}

/** `{base, head}` commits of a `case.git` workspace. */
export function commits(ws) {
  return { base: git(ws, 'rev-parse', 'refs/remotes/origin/main'), head: git(ws, 'rev-parse', 'HEAD') };
}

/**
 * The runner's event for a case (`case.event`: push or pull_request) on a git workspace:
 * GITHUB_EVENT_NAME and GITHUB_EVENT_PATH pointing at a payload naming its commits.
 */
export function githubEventEnv(c, ws) {
  if (!c.event) return {};
  if (c.eventPayload) {
    const file = path.join(tempDir(), 'event.json');
    fs.writeFileSync(file, JSON.stringify(c.eventPayload));
    return { GITHUB_EVENT_NAME: c.event, GITHUB_EVENT_PATH: file };
  }
  const { base, head } = commits(ws);
  const payloads = {
    push: { ref: 'refs/heads/feature', before: base, after: head, repository: { default_branch: 'main' } },
    pull_request: { number: 7, pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' } } },
  };
  const file = path.join(tempDir(), 'event.json');
  fs.writeFileSync(file, JSON.stringify(payloads[c.event]));
  return { GITHUB_EVENT_NAME: c.event, GITHUB_EVENT_PATH: file };
}

/** The agent's variables for a case (`case.azureEnv`), with the head as Build.SourceVersion. */
export function azureEnv(c, ws) {
  if (!c.azureEnv) return {};
  return { ...c.azureEnv, BUILD_SOURCEVERSION: commits(ws).head };
}

/** The fixture cases: every `fixtures/<name>/case.json`. */
export function cases() {
  return fs
    .readdirSync(fixtures)
    .filter((name) => fs.existsSync(path.join(fixtures, name, 'case.json')))
    .sort()
    .map((name) => ({ name, ...JSON.parse(fs.readFileSync(path.join(fixtures, name, 'case.json'), 'utf8')) }));
}

/** A minimal environment: what a runner or agent would set, and no leaks from ours. */
function baseEnv() {
  const env = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT', 'LANG']) if (process.env[key]) env[key] = process.env[key];
  return env;
}

/** `name<<delimiter\nvalue\ndelimiter` records of a GITHUB_OUTPUT file. */
export function parseGithubOutput(text) {
  const out = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
  }
  return out;
}

const unescapeData = (s) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** Workflow-command annotations (`::error file=…,line=…::message`) in a log. */
export function parseAnnotations(stdout) {
  const out = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    out.push({ level: m[1], ...properties, message: unescapeData(m[3]) });
  }
  return out;
}

/**
 * Run `dist/<tool>/index.cjs` as the runner does: `node` on the bundle, inputs as
 * INPUT_<NAME>, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE, cwd = the
 * workspace.
 */
export function runAction(tool, ws, inputs = {}, extraEnv = {}) {
  return collectAction(actionProcess(tool, ws, inputs, extraEnv), (cmd) => spawnSync(...cmd));
}

/** runAction without blocking the event loop (for tests that serve HTTP themselves). */
export async function runActionAsync(tool, ws, inputs = {}, extraEnv = {}) {
  const { spawn } = await import('node:child_process');
  return collectAction(
    actionProcess(tool, ws, inputs, extraEnv),
    (cmd) =>
      new Promise((resolve) => {
        const child = spawn(...cmd);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      }),
  );
}

function actionProcess(tool, ws, inputs, extraEnv) {
  const dir = tempDir('devplat-runner-');
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const env = {
    ...baseEnv(),
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const cmd = [process.execPath, [path.join(root, 'dist', tool, 'index.cjs')], { cwd: ws, env, encoding: 'utf8' }];
  return { cmd, outputFile, summaryFile };
}

function collectAction({ cmd, outputFile, summaryFile }, spawnIt) {
  const finish = (run) => {
    assert.equal(run.error, undefined);
    return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    outputs: parseGithubOutput(fs.readFileSync(outputFile, 'utf8')),
    summary: fs.readFileSync(summaryFile, 'utf8'),
    annotations: parseAnnotations(run.stdout),
    };
  };
  const run = spawnIt(cmd);
  return run instanceof Promise ? run.then(finish) : finish(run);
}

/** `##vso[area.command k=v;…]message` lines of a log, `task.debug` excluded. */
export function parseVso(stdout) {
  const out = [];
  for (const line of stdout.split('\n')) {
    const m = /##vso\[([\w.]+)(?: ([^\]]*))?\](.*)$/.exec(line);
    if (!m || m[1] === 'task.debug') continue;
    const properties = {};
    for (const pair of (m[2] ?? '').split(';').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/%3B/g, ';').replace(/%5D/g, ']').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%AZP25/g, '%');
    }
    out.push({ command: m[1], ...properties, message: m[3].replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%AZP25/g, '%') });
  }
  return out;
}

/**
 * Run `azure-tasks/<task>/index.js` through task-lib's MockTestRunner with the inputs
 * (ADO names). The runner would download Node for the task's handler: pointing it at
 * this Node (`nodePath`) keeps the test offline.
 */
export async function runTask(task, ws, inputs = {}, extraEnv = {}) {
  const temp = tempDir('devplat-agent-');
  const saved = { ...process.env };
  Object.assign(process.env, {
    DEVPLAT_TASK_JS: path.join(root, 'azure-tasks', task, 'index.js'),
    DEVPLAT_TASK_INPUTS: JSON.stringify(inputs),
    SYSTEM_DEFAULTWORKINGDIRECTORY: ws,
    AGENT_TEMPDIRECTORY: temp,
    ...extraEnv,
  });
  try {
    // The constructor, not LoadAsync: LoadAsync resolves (and downloads) Node first.
    const runner = new MockTestRunner(path.join(here, 'azure', 'run-task.cjs'), path.join(root, 'azure-tasks', task, 'task.json'));
    runner.nodePath = process.execPath;
    await runner.runAsync();
    const vso = parseVso(runner.stdout);
    const upload = vso.find((c) => c.command === 'task.uploadsummary');
    return {
      runner,
      vso,
      succeeded: runner.succeeded,
      result: vso.filter((c) => c.command === 'task.complete').map((c) => c.result).pop(),
      issues: vso.filter((c) => c.command === 'task.logissue'),
      variables: Object.fromEntries(vso.filter((c) => c.command === 'task.setvariable').map((c) => [c.variable, c.message])),
      summary: upload ? fs.readFileSync(upload.message, 'utf8') : undefined,
    };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** `text` with every occurrence of `dir` (and its realpath) replaced by `<name>`. */
export function redact(text, dir, name) {
  let out = text;
  for (const d of new Set([dir, fs.realpathSync(dir)])) out = out.split(d).join(`<${name}>`);
  return out;
}

/**
 * Compare `actual` with the golden file `fixtures/<case>/<file>`; with UPDATE_EXPECTED=1,
 * (re)write the golden file instead. A missing golden file fails.
 */
export function golden(caseName, file, actual) {
  const target = path.join(fixtures, caseName, file);
  if (process.env.UPDATE_EXPECTED === '1') {
    fs.writeFileSync(target, actual);
    return;
  }
  assert.ok(fs.existsSync(target), `${path.relative(root, target)} is missing (run the tests with UPDATE_EXPECTED=1 and review it)`);
  assert.equal(actual, fs.readFileSync(target, 'utf8'), `${path.relative(root, target)} differs (UPDATE_EXPECTED=1 rewrites it)`);
}

/** The inputs of a case under their ADO names, through the tool's spec. */
export function azureInputs(spec, inputs) {
  const out = {};
  for (const [name, value] of Object.entries(inputs)) {
    const input = spec.inputs.find((i) => i.github === name);
    assert.ok(input, `case input ${name} is not an input of ${spec.tool}`);
    out[input.azure] = value;
  }
  return out;
}

/** A tool's export name in the glue: `deploy-plan` → `deployPlan` (its spec: `deployPlanSpec`). */
export const exportName = (tool) => tool.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/** A tool's spec, from its wasm. */
export async function spec(tool) {
  return JSON.parse((await glue(tool))[`${exportName(tool)}Spec`]());
}

/** The wasm-bindgen glue of a tool, as built by scripts/build-dist. */
export async function glue(tool) {
  const file = path.join(root, 'hosts/gen', tool, `${tool}.cjs`);
  assert.ok(fs.existsSync(file), `${path.relative(root, file)} is missing: run scripts/build-dist first`);
  return (await import(file)).default;
}
