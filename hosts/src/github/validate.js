// devplat validate as a GitHub action (root action.yml).
import * as wasm from '../../gen/validate/validate.cjs';
import { runGithub } from '../common/github.js';

export function run() {
  return runGithub({ name: 'validate', spec: wasm.validateSpec, run: wasm.validate });
}
