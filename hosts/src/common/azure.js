// The Azure DevOps side of every tool: carry out the core's response with
// azure-pipelines-task-lib. No decisions here (see common/github.js).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tl from 'azure-pipelines-task-lib/task.js';
import { callTool, writeFiles } from './fs.js';

const results = {
  succeeded: tl.TaskResult.Succeeded,
  succeededWithIssues: tl.TaskResult.SucceededWithIssues,
  failed: tl.TaskResult.Failed,
};

/**
 * Run `tool` (`{ name, spec, run, git }`) as an Azure DevOps task. `context(tl)` gathers
 * the tool's facts (pipeline variables).
 */
export async function runAzure(tool, context = () => ({})) {
  try {
    const workspace = tl.getVariable('System.DefaultWorkingDirectory') || process.cwd();
    const getInput = (name) => tl.getInput(name, false);
    const response = await callTool(tool, 'azure', workspace, getInput, context(tl));
    writeFiles(workspace, response.files);
    for (const output of response.outputs) tl.setVariable(output.name, output.value, false, true);
    for (const text of response.log) console.log(text);
    for (const a of response.annotations) {
      const type = a.level === 'error' ? tl.IssueType.Error : tl.IssueType.Warning;
      tl.logIssue(type, a.message, a.file, a.startLine, a.startColumn, a.code);
    }
    if (response.summary) {
      const dir = tl.getVariable('Agent.TempDirectory') || os.tmpdir();
      const file = path.join(dir, `devplat-${tool.name}.md`);
      fs.writeFileSync(file, response.summary);
      tl.uploadSummary(file);
    }
    tl.setResult(results[response.result.status], response.result.message);
  } catch (error) {
    tl.setResult(tl.TaskResult.Failed, `devplat ${tool.name}: internal error: ${(error && error.stack) || error}`);
  }
}
