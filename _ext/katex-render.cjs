// Renders TeX to HTML + MathML with KaTeX, for the book's build.
//
// One process serves a whole build: it reads one JSON request per line on
// stdin, {"tex": "...", "display": true|false}, and answers each with one
// JSON line on stdout, {"html": "..."} or {"error": "..."}. The Sphinx
// extension _ext/nllbook_math.py starts it and talks to it.
"use strict";

const path = require("path");
const readline = require("readline");

const root = process.argv[2] || path.resolve(__dirname, "..");
const katex = require(require.resolve("katex", { paths: [root] }));

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  let answer;
  try {
    const { tex, display } = JSON.parse(line);
    const html = katex.renderToString(tex, {
      displayMode: Boolean(display),
      output: "htmlAndMathml",
      throwOnError: true,
      strict: "error",
      trust: false,
    });
    answer = { html };
  } catch (err) {
    answer = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
