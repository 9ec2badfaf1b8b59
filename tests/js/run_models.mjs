// Runs explorer models and the number formatter of the shipped bundle in
// node, for the differential tests (tests/test_explorer_models.py).
// stdin: {"bundle": path, "models": [{"spec": ..., "states": [...]}],
//         "formats": [[x, spec], ...]}; stdout: the results, with
// non-finite numbers written as the strings "Infinity", "-Infinity", "NaN".
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(0, "utf8"));
const revive = (v) =>
  v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v === "NaN" ? NaN : v;
const engine = await import(pathToFileURL(job.bundle).href);
const encode = (v) => {
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return v.map(encode);
  return v;
};
const out = { models: [], formats: [] };
for (const { spec, states } of job.models || []) {
  const values = engine.compileModel(spec);
  out.models.push(
    states.map((s) => {
      const v = values(s);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
    }),
  );
}
for (const [x, spec] of job.formats || []) out.formats.push(engine.fmtNumber(revive(x), spec));
process.stdout.write(JSON.stringify(out));
