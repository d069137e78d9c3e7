// The peer side of `cargo bench -p devplat-core --bench expr`: the same expression mix,
// parsed and evaluated by actions/languageservices' @actions/expressions.
// Usage: node expr_peer.mjs <path to @actions/expressions/dist/index.js> <mix.json> <iterations>
// Prints one JSON line: {"seconds", "expressions", "max_rss_kb", "results"}.
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const [, , modulePath, mixPath, iterationsArg] = process.argv;
const { Lexer, Parser, Evaluator } = await import(pathToFileURL(modulePath).href);
const { reviver } = await import(pathToFileURL(modulePath.replace(/index\.js$/, "data/reviver.js")).href);
const { replacer } = await import(pathToFileURL(modulePath.replace(/index\.js$/, "data/replacer.js")).href);

const mix = JSON.parse(fs.readFileSync(mixPath, "utf8"));
const contexts = JSON.parse(JSON.stringify(mix.contexts), reviver);
const names = Object.keys(mix.contexts);
const iterations = Number(iterationsArg);

function run(expr) {
  const tokens = new Lexer(expr).lex();
  const ast = new Parser(tokens.tokens, names, []).parse();
  return new Evaluator(ast, contexts).evaluate();
}

const results = mix.expressions.map(e => JSON.parse(JSON.stringify(run(e), replacer) ?? "null"));
for (let i = 0; i < Math.min(iterations, 2000); i++) for (const e of mix.expressions) run(e);
const start = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) for (const e of mix.expressions) run(e);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({
  seconds,
  expressions: iterations * mix.expressions.length,
  max_rss_kb: process.resourceUsage().maxRSS,
  results
}));
