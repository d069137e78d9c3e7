// devplat alerts decide as a GitHub action (actions/alert-dispatch/action.yml). The host
// passes the clock and the repository_dispatch event; the core decides.
import fs from 'node:fs';
import * as wasm from '../../gen/alert-dispatch/alert-dispatch.cjs';
import { runGithub } from '../common/github.js';

function context() {
  const eventPath = process.env.GITHUB_EVENT_PATH;
  return {
    nowMs: Date.now(),
    eventName: process.env.GITHUB_EVENT_NAME ?? '',
    event: eventPath && fs.existsSync(eventPath) ? JSON.parse(fs.readFileSync(eventPath, 'utf8')) : null,
  };
}

export function run() {
  return runGithub({ name: 'alerts', spec: wasm.alertDispatchSpec, run: wasm.alertDispatch }, context);
}
