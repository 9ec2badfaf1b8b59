// Removes the rules of the theme's stylesheets that no page of the built
// site can use, with PurgeCSS. Run by _ext/nllbook_site.py after a build:
//   node purge-css.cjs <repo> <words file> <css file>...
// The words file lists every word of the built pages and of the site's
// scripts (scripts add classes such as "show" at run time). A selector is
// kept when its class, id or tag is one of those words, or matches the
// safelist below. Prints one JSON line with the sizes.
"use strict";

const fs = require("fs");
const path = require("path");

const [repo, wordsFile, ...targets] = process.argv.slice(2);
const { PurgeCSS } = require(require.resolve("purgecss", { paths: [repo] }));

(async () => {
  const content = [{ raw: fs.readFileSync(wordsFile, "utf8"), extension: "html" }];
  const sizes = {};
  for (const css of targets) {
    const before = fs.statSync(css).size;
    const [result] = await new PurgeCSS().purge({
      content,
      css: [css],
      // Colour modes and the theme's state live in attributes set by scripts.
      dynamicAttributes: ["data-theme", "data-mode", "data-bs-theme", "aria-expanded"],
      safelist: { greedy: [/^toggle/, /^tooltip/, /^bs-/] },
      fontFace: false,
      keyframes: false,
      variables: false,
    });
    fs.writeFileSync(css, result.css);
    sizes[path.basename(css)] = [before, result.css.length];
  }
  process.stdout.write(JSON.stringify(sizes) + "\n");
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
