// Bundles one host into a single CommonJS file (esbuild, pinned in package.json):
//
//   node hosts/scripts/bundle.js <host source, relative to hosts/> <output file>
//
// The entry is generated: `run()` of the host module. Two packages are marked free of
// side effects: @actions/core reaches undici (750 KiB) and tunnel only through its OIDC
// token client, which no devplat host calls; marked so, esbuild drops them when nothing
// uses them, and the action starts without parsing them. If a host ever calls
// `getIDToken`, they are kept automatically.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const hosts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const sideEffectFree = {
  name: 'side-effect-free',
  setup(build) {
    build.onResolve({ filter: /^(undici|tunnel)$/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      return { ...resolved, sideEffects: false };
    });
  },
};

const [source, outfile] = process.argv.slice(2);
if (!source || !outfile) {
  console.error('usage: node hosts/scripts/bundle.js <source relative to hosts/> <outfile>');
  process.exit(2);
}
await esbuild.build({
  stdin: {
    contents: `import { run } from ${JSON.stringify(`./${source}`)};\nrun();\n`,
    resolveDir: hosts,
    sourcefile: `entry-${path.basename(source)}`,
  },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
  outfile: path.resolve(outfile),
  plugins: [sideEffectFree],
});
