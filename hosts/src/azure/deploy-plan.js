// devplat plan as the DeployPlan Azure DevOps task.
import * as wasm from '../../gen/deploy-plan/deploy-plan.cjs';
import { runAzure } from '../common/azure.js';

export function run() {
  return runAzure({ name: 'plan', spec: wasm.deployPlanSpec, run: wasm.deployPlan });
}
