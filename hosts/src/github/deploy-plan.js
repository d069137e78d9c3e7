// devplat plan as a GitHub action (actions/deploy-plan/action.yml).
import * as wasm from '../../gen/deploy-plan/deploy-plan.cjs';
import { runGithub } from '../common/github.js';

export function run() {
  return runGithub({ name: 'plan', spec: wasm.deployPlanSpec, run: wasm.deployPlan });
}
