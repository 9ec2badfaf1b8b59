// The primitives an explorer's model may call, in the browser.
//
// Each one mirrors an nllbook function with the same conventions (natural
// logarithms, 0 · ln 0 = 0, probabilities along the last axis); the
// differential tests (tests/test_explorer_models.py) run every explorer's
// model through these in node and compare with nllbook. Vectors are plain
// arrays of numbers.

export const ln = Math.log;
export const exp = Math.exp;
export const log1p = Math.log1p;
export const expm1 = Math.expm1;
export const sqrt = Math.sqrt;
export const abs = Math.abs;
export const min = Math.min;
export const max = Math.max;
export const floor = Math.floor;
export const round = Math.round;
export const isFinite = Number.isFinite;
export const PI = Math.PI;
export const INF = Infinity;
export const LN2 = Math.LN2;

/** Base-b logarithm; ``b`` is 2 for bits. */
export function logb(x, b) {
  return b === 2 ? Math.log2(x) : Math.log(x) / Math.log(b);
}

/** x · ln y, with 0 · ln y = 0 (as nllbook.xlogy and scipy.special.xlogy). */
export function xlogy(x, y) {
  return x === 0 ? 0 : x * Math.log(y);
}

/** Round to float32 and back, as numpy.float32. */
export const f32 = Math.fround;

/** The logistic sigmoid, computed without overflow for either sign. */
export function sigmoid(z) {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The float32 sigmoid: every operation rounded to float32, as numpy does on float32 input. */
export function sigmoid32(z) {
  const x = f32(z);
  if (x >= 0) return f32(1 / f32(1 + f32(Math.exp(-x))));
  const e = f32(Math.exp(x));
  return f32(e / f32(1 + e));
}

export function sum(v) {
  let s = 0;
  for (const x of v) s += x;
  return s;
}

export function mean(v) {
  return sum(v) / v.length;
}

export function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}

/** n evenly spaced numbers from a to b, both included (numpy.linspace). */
export function linspace(a, b, n) {
  if (n === 1) return [a];
  const step = (b - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + i * step));
}

export function onehot(k, n) {
  return range(n).map((i) => (i === k ? 1 : 0));
}

/** (1 − t) · a + t · b, elementwise. */
export function mix(a, b, t) {
  return a.map((x, i) => (1 - t) * x + t * b[i]);
}

/** The two-outcome distribution (p, 1 − p). */
export function coin(p) {
  return [p, 1 - p];
}

/**
 * The Brier score of the forecast q expected when the outcome follows p,
 * Σ_y p_y Σ_k (q_k − [k = y])², as nllbook.expected_brier_score writes it:
 * the gap ‖q − p‖² plus the best score 1 − ‖p‖².
 */
export function expectedBrier(p, q) {
  return sum(q.map((x, i) => (x - p[i]) ** 2)) + (1 - sum(p.map((x) => x * x)));
}

/**
 * ln Σ e^s for a row s shifted so that its maximum is 0, as nllbook computes
 * it: the maximum's own term, exactly 1, is left out of the sum and added
 * back by log1p, so that terms below half an ulp of 1 still count.
 */
function logSumExpShifted(shifted) {
  let top = 0;
  for (let i = 1; i < shifted.length; i++) if (shifted[i] > shifted[top]) top = i;
  if (shifted[top] !== 0) return -Infinity;
  return Math.log1p(sum(shifted.map((x, i) => (i === top ? 0 : Math.exp(x)))));
}

export function logsumexp(z) {
  const m = Math.max(...z);
  if (!Number.isFinite(m)) return m;
  return m + logSumExpShifted(z.map((x) => x - m));
}

export function logSoftmax(z) {
  const m = Math.max(...z);
  if (!Number.isFinite(m)) return z.map((x) => x - m);
  const shifted = z.map((x) => x - m);
  const lse = logSumExpShifted(shifted);
  return shifted.map((x) => x - lse);
}

export function softmax(z) {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = sum(e);
  return e.map((x) => x / s);
}

/** H(p) = −Σ p ln p, in nats (base 2: bits). */
export function entropy(p, base) {
  let h = 0;
  for (const x of p) h -= xlogy(x, x);
  return base ? h / Math.log(base) : h;
}

/** H(p, q) = −Σ p ln q: the data p scored by the model q. */
export function crossEntropy(p, q, base) {
  let h = 0;
  for (let i = 0; i < p.length; i++) h -= xlogy(p[i], q[i]);
  return base ? h / Math.log(base) : h;
}

/** ln(1 + d) − d without cancellation: its series where |d| < 0.1. */
function log1pMinus(d) {
  if (Math.abs(d) >= 0.1) return Math.log1p(d) - d;
  let s = 0;
  for (let k = 18; k > 1; k--) s = s * d + (k % 2 ? 1 : -1) / k;
  return s * d * d;
}

/**
 * KL(p‖q) = Σ p ln(p/q), never negative; +∞ when q rules out what p allows.
 * As nllbook computes it: each term is p ln(p/q) − (p − q), never negative
 * (the added p − q sum to 0), and close to p = q it is written with
 * d = (p − q)/q so that nothing cancels when p and q are near.
 */
export function kl(p, q) {
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    const qi = q[i];
    if (pi === 0) {
      d += qi;
      continue;
    }
    if (qi === 0) return Infinity;
    const ratio = pi / qi;
    const logRatio = Number.isFinite(ratio) ? Math.log(ratio) : Math.log(pi) - Math.log(qi);
    const rel = (pi - qi) / qi;
    d += rel > -0.5 && rel < 1 ? pi * log1pMinus(rel) + (pi - qi) * rel : pi * logRatio - (pi - qi);
  }
  return Math.max(d, 0);
}

/** −ln q[k]: the loss of one prediction whose true class is k. */
export function nll(q, k) {
  return -Math.log(q[k]);
}

/** −[y ln p + (1 − y) ln(1 − p)]. */
export function bce(y, p) {
  return -(xlogy(y, p) + xlogy(1 - y, 1 - p));
}

/** Binary cross-entropy from a logit: max(z, 0) − z·y + ln(1 + e^−|z|). */
export function bceLogits(z, y) {
  return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Cross-entropy of logits z against class k (with optional label smoothing ε). */
export function ceLogits(z, k, eps = 0) {
  const logq = logSoftmax(z);
  const t = smoothLabels(onehot(k, z.length), eps);
  let h = 0;
  for (let i = 0; i < z.length; i++) h -= t[i] * logq[i];
  return h;
}

/** (1 − ε) · t + ε / K. */
export function smoothLabels(t, eps) {
  const k = t.length;
  return t.map((x) => (1 - eps) * x + eps / k);
}

/** −ln N(x | μ, σ²), per point. */
export function gaussNll(x, mu, sigma) {
  const d = (x - mu) / sigma;
  return 0.5 * d * d + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
}

/** The normal density N(x | μ, σ²). */
export function normalPdf(x, mu, sigma) {
  return Math.exp(-gaussNll(x, mu, sigma));
}

/** Linear interpolation in a table (xs increasing), clamped at its ends. */
export function interp(x, xs, ys) {
  if (x <= xs[0]) return ys[0];
  const n = xs.length;
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}
