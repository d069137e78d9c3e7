// Generates the input/output tables of docs/actions.md and docs/azure-tasks.md from
// every action.yml and task.json (hosts/tools.json lists them), between the markers
// `<!-- generated: <tool> -->` and `<!-- end generated -->`.
//
//   node hosts/scripts/docs.js          rewrite the docs
//   node hosts/scripts/docs.js --check  exit 1 when a doc differs from what it would write
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tools = JSON.parse(fs.readFileSync(path.join(root, 'hosts/tools.json'), 'utf8'));

const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');
const code = (text) => (text === '' || text === undefined ? '' : `\`${text}\``);

export function actionFile(tool) {
  return path.join(root, tool.action, 'action.yml');
}

export function taskFile(tool) {
  return path.join(root, 'azure-tasks', tool.task, 'task.json');
}

export function readAction(tool) {
  return YAML.parse(fs.readFileSync(actionFile(tool), 'utf8'));
}

export function readTask(tool) {
  return JSON.parse(fs.readFileSync(taskFile(tool), 'utf8'));
}

function actionTables(tool) {
  const action = readAction(tool);
  const uses = tool.action === '.' ? 'org/devplat' : `org/devplat/${tool.action}`;
  const lines = [`\`uses: ${uses}@<sha>\` — ${cell(action.description)}`, '', '| input | default | description |', '|---|---|---|'];
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    lines.push(`| \`${name}\` | ${code(input.default)} | ${cell(input.description)} |`);
  }
  lines.push('', '| output | description |', '|---|---|');
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    lines.push(`| \`${name}\` | ${cell(output.description)} |`);
  }
  return lines.join('\n');
}

function taskTables(tool) {
  const task = readTask(tool);
  const v = task.version;
  const lines = [
    `\`task: ${task.name}@${v.Major}\` (version ${v.Major}.${v.Minor}.${v.Patch}, id \`${task.id}\`) — ${cell(task.description)}`,
    '',
    '| input | type | default | description |',
    '|---|---|---|---|',
  ];
  for (const input of task.inputs ?? []) {
    const type = input.options ? `${input.type}: ${Object.keys(input.options).join(', ')}` : input.type;
    lines.push(`| \`${input.name}\` | ${cell(type)} | ${code(input.defaultValue)} | ${cell(input.helpMarkDown)} |`);
  }
  lines.push('', '| output variable | description |', '|---|---|');
  for (const output of task.outputVariables ?? []) {
    lines.push(`| \`${output.name}\` | ${cell(output.description)} |`);
  }
  return lines.join('\n');
}

/** `text` with every generated block replaced by `block(tool)`. */
export function regenerate(text, block) {
  return text.replace(
    /(<!-- generated: ([a-z-]+) -->\n)[\s\S]*?(<!-- end generated -->)/g,
    (all, open, name, close) => {
      const tool = tools.find((t) => t.tool === name);
      if (!tool) throw new Error(`docs: no tool named ${name} in hosts/tools.json`);
      return `${open}${block(tool)}\n${close}`;
    },
  );
}

export const docs = [
  { file: path.join(root, 'docs/actions.md'), block: actionTables },
  { file: path.join(root, 'docs/azure-tasks.md'), block: taskTables },
];

/** Every doc that differs from its regenerated text: `[{ file, want }]`. */
export function drift() {
  const out = [];
  for (const doc of docs) {
    const have = fs.readFileSync(doc.file, 'utf8');
    const want = regenerate(have, doc.block);
    const missing = tools.filter((t) => !have.includes(`<!-- generated: ${t.tool} -->`));
    if (want !== have || missing.length) out.push({ file: doc.file, want, missing: missing.map((t) => t.tool) });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stale = drift();
  if (process.argv.includes('--check')) {
    for (const d of stale) {
      console.error(`${path.relative(root, d.file)} is stale (run: node hosts/scripts/docs.js)`);
      if (d.missing.length) console.error(`  no generated block for: ${d.missing.join(', ')}`);
    }
    process.exit(stale.length ? 1 : 0);
  }
  for (const d of stale) fs.writeFileSync(d.file, d.want);
}
