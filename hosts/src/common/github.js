// The GitHub Actions side of every tool: carry out the core's response with
// @actions/core. No decisions here: which annotations, what the summary says and
// whether the step fails all come from the wasm (crates/wasm/src/findings.rs).
import * as core from '@actions/core';
import { callTool, writeFiles } from './fs.js';

const annotate = {
  error: core.error,
  warning: core.warning,
  notice: core.notice,
};

/**
 * Run `tool` (`{ name, spec, run, git }`) as a GitHub action. `context()` gathers the
 * tool's facts; `fetchers` answer the core's lookups (see callTool).
 */
export async function runGithub(tool, context = () => ({}), fetchers = {}) {
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const getInput = (name) => core.getInput(name);
    const response = await callTool(tool, 'github', workspace, getInput, context(), fetchers);
    writeFiles(workspace, response.files);
    for (const output of response.outputs) core.setOutput(output.name, output.value);
    for (const text of response.log) core.info(text);
    for (const a of response.annotations) {
      annotate[a.level](a.message, {
        title: a.title,
        file: a.file,
        startLine: a.startLine,
        endLine: a.endLine,
        startColumn: a.startColumn,
        endColumn: a.endColumn,
      });
    }
    if (response.summary && process.env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(response.summary, true).write();
    }
    if (response.result.status === 'failed') core.setFailed(response.result.message);
    else core.info(response.result.message);
  } catch (error) {
    core.setFailed(`devplat ${tool.name}: internal error: ${(error && error.stack) || error}`);
  }
}
