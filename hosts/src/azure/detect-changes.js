// devplat changes as the DetectChanges Azure DevOps task: the build reason and the pull
// request's target branch tell the core what to compare; git runs through the host.
import * as wasm from '../../gen/detect-changes/detect-changes.cjs';
import { runAzure } from '../common/azure.js';

const context = (tl) => ({
  buildReason: tl.getVariable('Build.Reason') ?? '',
  sourceVersion: tl.getVariable('Build.SourceVersion') ?? '',
  targetBranch: tl.getVariable('System.PullRequest.TargetBranch') ?? '',
});

export function run() {
  return runAzure({ name: 'changes', spec: wasm.detectChangesSpec, run: wasm.detectChanges, git: true }, context);
}
