// devplat changes as a GitHub action (actions/detect-changes/action.yml). The host
// gathers the event and answers the core's two GitHub API lookups; the core decides
// what to compare and runs git through the host (see crates/wasm/src/tools/detect_changes.rs).
import fs from 'node:fs';
import * as wasm from '../../gen/detect-changes/detect-changes.cjs';
import { runGithub } from '../common/github.js';

function context() {
  const eventPath = process.env.GITHUB_EVENT_PATH;
  return {
    eventName: process.env.GITHUB_EVENT_NAME ?? '',
    event: eventPath && fs.existsSync(eventPath) ? JSON.parse(fs.readFileSync(eventPath, 'utf8')) : null,
    workflowRef: process.env.GITHUB_WORKFLOW_REF ?? '',
    refName: process.env.GITHUB_REF_NAME ?? '',
  };
}

async function client(inputs) {
  // Loaded on demand: most runs make no API call.
  const github = await import('@actions/github');
  return { api: github.getOctokit(inputs.token), repo: github.context.repo };
}

const fetchers = {
  // The pull request's files, every page the API gives (it stops at 3,000 files).
  async pullRequestFiles({ number }, inputs) {
    const { api, repo } = await client(inputs);
    const pr = await api.rest.pulls.get({ ...repo, pull_number: number });
    const files = [];
    for (let page = 1; page <= 30; page++) {
      const { data } = await api.rest.pulls.listFiles({ ...repo, pull_number: number, per_page: 100, page });
      for (const f of data) files.push({ filename: f.filename, status: f.status, previous_filename: f.previous_filename });
      if (data.length < 100) break;
    }
    return { changedFiles: pr.data.changed_files, files };
  },
  // The head commit of this workflow's last successful run on the branch.
  async lastSuccessfulRun({ workflow, branch }, inputs) {
    const { api, repo } = await client(inputs);
    const { data } = await api.rest.actions.listWorkflowRuns({ ...repo, workflow_id: workflow, status: 'success', branch, per_page: 1 });
    return { sha: data.workflow_runs[0]?.head_sha ?? null };
  },
};

export function run() {
  return runGithub({ name: 'changes', spec: wasm.detectChangesSpec, run: wasm.detectChanges, git: true }, context, fetchers);
}
