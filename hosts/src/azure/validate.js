// devplat validate as the ValidateTemplates Azure DevOps task.
import * as wasm from '../../gen/validate/validate.cjs';
import { runAzure } from '../common/azure.js';

export function run() {
  return runAzure({ name: 'validate', spec: wasm.validateSpec, run: wasm.validate });
}
