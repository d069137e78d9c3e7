// devplat alerts decide as the AlertDispatch Azure DevOps task.
import * as wasm from '../../gen/alert-dispatch/alert-dispatch.cjs';
import { runAzure } from '../common/azure.js';

export function run() {
  return runAzure({ name: 'alerts', spec: wasm.alertDispatchSpec, run: wasm.alertDispatch }, () => ({ nowMs: Date.now() }));
}
