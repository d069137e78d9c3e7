// The core's view of the workspace: three functions the wasm imports (see
// crates/wasm/src/host_fs.rs). Paths arrive relative to `root` with `/` separators.
// "Not there" is thrown as the string ENOENT, any other failure as its message: no
// Node error object crosses into wasm.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function fail(error) {
  if (error && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) throw 'ENOENT';
  throw String((error && error.message) || error);
}

function kindOf(stat) {
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'dir';
  return '';
}

/** A file source rooted at `root` (the workspace). */
export function nodeFs(root) {
  const resolve = (p) => path.resolve(root, p);
  return {
    readFile(p) {
      try {
        return fs.readFileSync(resolve(p));
      } catch (error) {
        return fail(error);
      }
    },
    readDir(p) {
      try {
        const dir = resolve(p);
        const entries = [];
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          let kind = entry.isFile() ? 'file' : entry.isDirectory() ? 'dir' : '';
          if (entry.isSymbolicLink()) {
            try {
              kind = kindOf(fs.statSync(path.join(dir, entry.name)));
            } catch {
              kind = ''; // a dangling link lists as nothing
            }
          }
          if (kind) entries.push([entry.name, kind]);
        }
        return JSON.stringify(entries);
      } catch (error) {
        return fail(error);
      }
    },
    kind(p) {
      try {
        return kindOf(fs.statSync(resolve(p)));
      } catch {
        return '';
      }
    },
  };
}

/** Write the files a response asks for, relative to `root`. */
export function writeFiles(root, files) {
  for (const file of files) {
    const target = path.resolve(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.contents);
  }
}

/**
 * The host's git for the core (crates/wasm/src/host_git.rs): `run` takes the arguments
 * as a JSON array, runs `git -C <dir> -c core.quotepath=off …` synchronously, and
 * answers `{ok, stdout, stderr}` as JSON.
 */
export function nodeGit(dir) {
  return {
    run(argsJson) {
      const args = JSON.parse(argsJson);
      const r = spawnSync('git', ['-C', dir, '-c', 'core.quotepath=off', ...args], { maxBuffer: 1 << 30 });
      if (r.error) return JSON.stringify({ ok: false, stdout: '', stderr: `cannot run git: ${r.error.message}` });
      return JSON.stringify({ ok: r.status === 0, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') });
    },
  };
}

/**
 * Call a tool's wasm export: read its spec, collect its inputs with `getInput` (an input
 * with no name on this platform is not read), send the request with the file source
 * (and git, for tools that read history), and return the decoded response. When the
 * core asks for lookups (`response.fetch`), run them with `fetchers[kind](params,
 * inputs)` and ask again with the answers under `context.fetched`.
 *
 * `tool` is `{ name, spec, run, git }` from the wasm-bindgen glue; `context` carries
 * tool-specific facts the host gathered.
 */
export async function callTool(tool, platform, workspace, getInput, context = {}, fetchers = {}) {
  const spec = JSON.parse(tool.spec());
  const inputs = {};
  for (const input of spec.inputs) {
    if (input[platform]) inputs[input[platform]] = getInput(input[platform]) ?? '';
  }
  const sources = [nodeFs(workspace)];
  if (tool.git) sources.push(nodeGit(workspace));
  const fetched = {};
  for (let round = 0; round < 3; round++) {
    const request = JSON.stringify({ platform, workspace, inputs, context: { ...context, fetched } });
    const response = JSON.parse(tool.run(request, ...sources));
    if (!response.fetch.length) return response;
    for (const { kind, params } of response.fetch) {
      try {
        if (!fetchers[kind]) throw new Error(`this host cannot look up ${kind}`);
        fetched[kind] = await fetchers[kind](params, inputs);
      } catch (error) {
        fetched[kind] = { error: String((error && error.message) || error) };
      }
    }
  }
  throw new Error('the core asked for lookups three times');
}
