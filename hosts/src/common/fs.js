// The core's view of the workspace: three functions the wasm imports (see
// crates/wasm/src/host_fs.rs). Paths arrive relative to `root` with `/` separators.
// "Not there" is thrown as the string ENOENT, any other failure as its message: no
// Node error object crosses into wasm.
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
 * Call a tool's wasm export: read its spec, collect its inputs with `getInput`, send the
 * request, and return the decoded response. `tool` is `{ name, spec, run }` from the
 * wasm-bindgen glue; `context` carries tool-specific facts the host gathered.
 */
export function callTool(tool, platform, workspace, getInput, context = {}) {
  const spec = JSON.parse(tool.spec());
  const inputs = {};
  for (const input of spec.inputs) inputs[input[platform]] = getInput(input[platform]) ?? '';
  const request = { platform, workspace, inputs, context };
  return JSON.parse(tool.run(JSON.stringify(request), nodeFs(workspace)));
}
