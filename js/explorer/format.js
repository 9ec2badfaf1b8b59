// Numbers as the book prints them: Python's format() for the specs the
// explorers use ("f", "e", "g", "%", with a precision), then infinities as
// "∞", no "−0", and a true minus sign (nllbook_pages.explorer.fmt_number).
// The differential tests compare this with Python's format() on many values,
// the halfway cases included: Python rounds a tie to even, JavaScript's
// toFixed away from zero, so the rounding here is done on the exact binary
// value with BigInt.

// The exact value of a double x, times 10^k, rounded to an integer with
// ties to even (as Python rounds), as a BigInt; x is finite and >= 0.
function roundScaled(x, k) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bits = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e;
  if (bits === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = bits - 1075;
  }
  let num = m;
  let den = 1n;
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  const q = num / den;
  const r2 = 2n * (num % den);
  if (r2 > den || (r2 === den && q % 2n === 1n)) return q + 1n;
  return q;
}

function signOf(x) {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

function fixed(x, digits) {
  const q = roundScaled(Math.abs(x), digits).toString().padStart(digits + 1, "0");
  const body = digits ? q.slice(0, q.length - digits) + "." + q.slice(q.length - digits) : q;
  return signOf(x) + body;
}

function exponential(x, digits) {
  const a = Math.abs(x);
  let e = 0;
  let q = 0n;
  if (a !== 0) {
    e = Math.floor(Math.log10(a));
    const lo = 10n ** BigInt(digits);
    for (;;) {
      q = roundScaled(a, digits - e);
      if (q >= lo * 10n) e += 1;
      else if (q < lo) e -= 1;
      else break;
    }
  }
  const s = q.toString().padStart(digits + 1, "0");
  const mantissa = digits ? s[0] + "." + s.slice(1) : s[0];
  const exp = (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
  return signOf(x) + mantissa + "e" + exp;
}

function stripZeros(s) {
  if (s.indexOf(".") < 0) return s;
  return s.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
}

function general(x, precision) {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const e = Number(exponential(x, p - 1).split("e")[1]);
  if (e >= -4 && e < p) return stripZeros(fixed(x, p - 1 - e));
  return stripZeros(exponential(x, p - 1));
}

/** Python's format(x, spec) for specs such as ".3f", ".2e", ".4g", "g", ".1%". */
export function pyFormat(x, spec) {
  const m = /^(\.(\d+))?([efg%d])?$/.exec(spec);
  if (!m) throw new Error("format spec not supported: " + spec);
  const precision = m[2] === undefined ? 6 : Number(m[2]);
  const type = m[3] || "g";
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  switch (type) {
    case "f":
      return fixed(x, precision);
    case "e":
      return exponential(x, precision);
    case "%":
      return fixed(x * 100, precision) + "%";
    case "d":
      return String(Math.round(x));
    default:
      return general(x, precision);
  }
}

/** A number for prose: "∞" for infinities, no "−0", a true minus sign. */
export function fmtNumber(x, spec) {
  if (x === Infinity) return "\u221e";
  if (x === -Infinity) return "\u2212\u221e";
  let s = pyFormat(x, spec);
  if (s.startsWith("-") && Number(s.replace("%", "")) === 0) s = s.slice(1);
  return s.replace(/-/g, "\u2212");
}

/** A template's slots {name} or {name:spec} filled from the values. */
export function fill(template, values) {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (all, name, spec) => {
    if (!(name in values)) throw new Error("no value named " + name);
    const v = values[name];
    return typeof v === "number" ? fmtNumber(v, spec || "g") : String(v);
  });
}
