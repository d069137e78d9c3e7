// detect-changes' GitHub API lookups, against a fake API on loopback: the core asks
// (FetchRequest), the host calls the API with the token, the core decides with the
// answer. The fake records every request; nothing leaves 127.0.0.1.
import assert from 'node:assert/strict';
import http from 'node:http';
import test from 'node:test';
import { commits, githubEventEnv, runActionAsync, workspace } from './helpers.js';

/** A fake GitHub API: `routes` maps a path (with query) to a JSON body. */
async function fakeApi(routes) {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url, auth: req.headers.authorization });
    const body = routes[req.url];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { message: 'Not Found' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => server.close() };
}

const repoCase = { repo: 'changes-repo', git: { change: 'changes-change' } };

test('a pull request lists its files through the API when a token is given', async () => {
  const c = { ...repoCase, event: 'pull_request' };
  const ws = workspace(c);
  // The API's list differs from git's on purpose: frontend's file only the API knows.
  const api = await fakeApi({
    '/repos/o/r/pulls/7': { number: 7, changed_files: 2 },
    '/repos/o/r/pulls/7/files?per_page=100&page=1': [
      { filename: 'services/frontend/main.go', status: 'modified' },
      { filename: 'services/frontend/old.go', status: 'renamed', previous_filename: 'services/frontend/older.go' },
    ],
  });
  try {
    const run = await runActionAsync('detect-changes', ws, { token: 'test-token' }, {
      ...githubEventEnv(c, ws),
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'o/r',
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.services, '["frontend"]');
    assert.equal(run.outputs.files_json, '["services/frontend/main.go","services/frontend/old.go"]');
    assert.deepEqual(api.seen.map((r) => r.url), ['/repos/o/r/pulls/7', '/repos/o/r/pulls/7/files?per_page=100&page=1']);
    assert.ok(api.seen.every((r) => r.auth === 'token test-token'), JSON.stringify(api.seen));
  } finally {
    api.close();
  }
});

test('an API failure falls back to git, and says so', async () => {
  const c = { ...repoCase, event: 'pull_request' };
  const ws = workspace(c);
  const api = await fakeApi({});
  try {
    const run = await runActionAsync('detect-changes', ws, { token: 'test-token' }, {
      ...githubEventEnv(c, ws),
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'o/r',
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.services, '["backend-api","frontend","worker-service"]');
    assert.match(run.stdout, /did not list the pull request's files .*using git/);
  } finally {
    api.close();
  }
});

test('workflow_dispatch compares with the last successful run of the workflow', async () => {
  const ws = workspace(repoCase);
  const { base } = commits(ws);
  const api = await fakeApi({
    '/repos/o/r/actions/workflows/deploy.yml/runs?status=success&branch=feature&per_page=1': { workflow_runs: [{ head_sha: base }] },
  });
  try {
    const run = await runActionAsync('detect-changes', ws, { token: 'test-token' }, {
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/deploy.yml@refs/heads/feature',
      GITHUB_REF_NAME: 'feature',
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'o/r',
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.count, '3');
    assert.equal(api.seen.length, 1);
  } finally {
    api.close();
  }
});

test('workflow_dispatch without base or token is a usage error that says what to do', async () => {
  const ws = workspace(repoCase);
  const run = await runActionAsync('detect-changes', ws, {}, { GITHUB_EVENT_NAME: 'workflow_dispatch' });
  assert.equal(run.status, 1);
  assert.match(run.stdout, /::error::devplat changes: a workflow_dispatch event has no commit to compare with/);
});
