// An explorer's model, compiled once: the spec's quantities are short
// expressions over the primitives of math.js, the spec's constants (arrays
// and tables nllbook computed when the page was built) and the controls.
// Marks and handles are expressions over the same names.

import * as M from "./math.js";

const PRIMITIVES = Object.keys(M);

function prelude(spec, withValues) {
  const consts = Object.keys(spec.consts || {});
  const names = withValues ? valueNames(spec) : spec.controls.map((c) => c.name);
  return (
    '"use strict";' +
    `const {${PRIMITIVES.join(",")}} = M;` +
    (consts.length ? `const {${consts.join(",")}} = C;` : "") +
    `const {${names.join(",")}} = V;`
  );
}

/** Every name a mark may read: the controls, then the quantities. */
export function valueNames(spec) {
  return [...spec.controls.map((c) => c.name), ...spec.model.map(([n]) => n)];
}

/** values(state) -> {control: value, ..., quantity: value, ...}. */
export function compileModel(spec) {
  const names = valueNames(spec);
  const body =
    prelude(spec, false) +
    spec.model.map(([n, e]) => `const ${n} = (${e});`).join("") +
    `return {${names.join(",")}};`;
  const f = new Function("M", "C", "V", body);
  const consts = spec.consts || {};
  return (state) => f(M, consts, state);
}

/** An expression over the values: (values) -> result. */
export function compileExpr(spec, src) {
  const f = new Function("M", "C", "V", prelude(spec, true) + `return (${src});`);
  const consts = spec.consts || {};
  return (values) => f(M, consts, values);
}

/** A function of x drawn as a curve: (values) -> (x -> y). */
export function compileCurve(spec, src) {
  const f = new Function("M", "C", "V", prelude(spec, true) + `return (x) => (${src});`);
  const consts = spec.consts || {};
  return (values) => f(M, consts, values);
}

/** What a pointer at data coordinates (x, y) sets: (values, x, y) -> {control: value}. */
export function compileSetter(spec, sets) {
  const entries = Object.entries(sets);
  const body =
    prelude(spec, true) + `return {${entries.map(([k, e]) => `${k}: (${e})`).join(",")}};`;
  const f = new Function("M", "C", "V", "x", "y", body);
  const consts = spec.consts || {};
  return (values, x, y) => f(M, consts, values, x, y);
}
