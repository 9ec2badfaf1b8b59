// Runs explorer models and the number formatter of the shipped bundle in
// node, for the differential tests (tests/test_explorer_models.py).
// stdin: {"bundle": path, "models": [{"spec": ..., "states": [...]}],
//         "marks": [{"spec": ..., "states": [...]}], "formats": [[x, spec], ...]};
// stdout: the results, with
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
const out = { models: [], marks: [], formats: [] };
for (const { spec, states } of job.models || []) {
  const values = engine.compileModel(spec);
  out.models.push(
    states.map((s) => {
      const v = values(s);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
    }),
  );
}
// Every expression a figure evaluates, at each state: each mark's, each
// handle's and each drag's, as figure.js compiles them. Per state, one entry
// per expression: [where, what it gave] ("number", "numbers N", "object",
// "text", or "error: ..."), so that the test sees every one was evaluated.
const kind = (v) => {
  if (typeof v === "number") return "number";
  // null in an array is a gap in the line, as d3-shape's defined() reads it.
  if (Array.isArray(v))
    return v.every((x) => typeof x === "number" || x === null) ? `numbers ${v.length}` : "mixed array";
  if (v && typeof v === "object")
    return Object.values(v).every((x) => typeof x === "number" && Number.isFinite(x)) ? "setting" : "bad setting";
  return typeof v;
};
for (const { spec, states } of job.marks || []) {
  const values = engine.compileModel(spec);
  const jobs = [];
  spec.panels.forEach((panel, i) => {
    const [x0, x1] = panel.x.domain;
    const xm = panel.x.scale === "log" ? Math.sqrt(x0 * x1) : (x0 + x1) / 2;
    const ym = (panel.y.domain[0] + panel.y.domain[1]) / 2;
    const at = (name, f) => jobs.push([`panel ${i} ${name}`, f]);
    // A drag or a handle, with the pointer at the middle of the plot.
    const setter = (name, sets) => {
      const set = engine.compileSetter(spec, sets);
      at(name, (v) => set(v, xm, ym));
    };
    if (panel.drag) setter("drag", panel.drag);
    for (const m of panel.marks) {
      const name = `${m.type} ${m.name || ""}`.trim();
      const expr = (key) => at(`${name} ${key}`, engine.compileExpr(spec, m[key]));
      if (m.type === "curve") {
        const f = engine.compileCurve(spec, m.y);
        const [a, b] = m.x || [x0, x1];
        at(`${name} y`, (v) => [a, b].map(f(v)));
      } else if (m.type === "path" || m.type === "dots") {
        expr("xs"), expr("ys");
      } else if (m.type === "rule") {
        expr(m.x !== undefined ? "x" : "y");
      } else if (m.type === "dot") {
        expr("x"), expr("y");
        if (m.handle) setter(`${name} handle`, m.handle);
      } else if (m.type === "bars") {
        m.series.forEach((s) => at(`bars ${s.name} values`, engine.compileExpr(spec, s.values)));
        if (m.highlight !== undefined) expr("highlight");
      } else if (m.type === "text") {
        expr("x"), expr("y");
        at(`${name} text`, (v) => engine.fill(m.text, v));
      } else {
        at(`${name}`, () => { throw new Error("unknown mark type " + m.type); });
      }
    }
  });
  out.marks.push(
    states.map((s) => {
      const v = values(s);
      return jobs.map(([where, f]) => {
        try {
          return [where, kind(f(v))];
        } catch (e) {
          return [where, `error: ${e.message}`];
        }
      });
    }),
  );
}
for (const [x, spec] of job.formats || []) out.formats.push(engine.fmtNumber(revive(x), spec));
process.stdout.write(JSON.stringify(out));
