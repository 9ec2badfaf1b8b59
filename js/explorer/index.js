// nllbook's explorer engine: one ES module for the built site and for
// JupyterLab.
//
// An explorer is a declarative spec written in Python
// (nllbook_pages/explorer/_spec.py): controls, a model of short formulas,
// the figure's panels and marks, readouts and words. Python also writes its
// markup, with the numbers of the default state filled in by nllbook; this
// module brings it to life. In JupyterLab it is an anywidget front end
// (`render({ model, el })`, the state synced with the kernel); on the site
// the same `render` runs on a small stand-in for the widget model, so the
// two cannot drift apart.
//
// The DOM contract (tests rely on it, and anyone may):
//   - the root carries data-explorer="KEY";
//   - each control is an input[type=range] with an aria-label and an
//     aria-valuetext in the control's units;
//   - each live number carries data-readout="NAME";
//   - the figure is an <svg role="img"> whose aria-label follows the state;
//   - root.nbx gives { state(), values(), set(partial) } to scripts.

import { Figure } from "./figure.js";
import { fill, fmtNumber } from "./format.js";
import { compileCurve, compileExpr, compileModel, compileSetter } from "./model.js";

let instances = 0;

export function toPos(c, v) {
  const t =
    c.scale === "log"
      ? Math.log(v / c.min) / Math.log(c.max / c.min)
      : (v - c.min) / (c.max - c.min);
  return t * c.steps;
}

export function fromPos(c, pos) {
  if (pos <= 0) return c.min;
  if (pos >= c.steps) return c.max;
  const t = pos / c.steps;
  const v = c.scale === "log" ? c.min * (c.max / c.min) ** t : c.min + t * (c.max - c.min);
  return c.integer ? Math.round(v) : v;
}

export function clampValue(c, v) {
  if (!Number.isFinite(v)) return c.min;
  const x = Math.min(c.max, Math.max(c.min, v));
  // A control over a table computed by nllbook stops at its rows only.
  if (c.snap) return fromPos(c, Math.round(toPos(c, x)));
  return c.integer ? Math.round(x) : x;
}

/** A stand-in for the anywidget model, for the static site. */
export function localModel(data) {
  const listeners = {};
  return {
    get: (key) => data[key],
    set(key, value) {
      data[key] = value;
      for (const f of listeners["change:" + key] || []) f();
    },
    save_changes() {},
    on(event, f) {
      (listeners[event] = listeners[event] || []).push(f);
    },
    off(event, f) {
      if (!event) return;
      listeners[event] = (listeners[event] || []).filter((g) => g !== f);
    },
  };
}

function controlText(c, v) {
  const words = c.shown ? c.shown[Math.round(v - c.min)] : fmtNumber(v, c.fmt);
  return words + (c.unit ? " " + c.unit : "");
}

/** Give every id inside root a suffix of its own, and the labels that point at them. */
function uniqueIds(root, suffix) {
  for (const node of root.querySelectorAll("[id]")) node.id += suffix;
  for (const node of root.querySelectorAll("label[for]")) node.htmlFor += suffix;
}

function setupPointer(x) {
  const { svg } = x;
  let mode = null;
  let start = null;
  let target = null;

  function local(ev) {
    const r = svg.getBoundingClientRect();
    return [ev.clientX - r.left, ev.clientY - r.top];
  }
  function apply(ev) {
    const [px, py] = local(ev);
    const panel = target.panel;
    const [dx, dy] = panel.invert(px, py);
    x.set(target.setter(x.values(), dx, dy), false);
  }
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.button > 0) return;
    const hit = ev.target.closest && ev.target.closest(".nbx-hit");
    const [px, py] = local(ev);
    if (hit) {
      target = { panel: hit.nbxPanel, setter: hit.nbxSet };
      mode = "drag";
    } else {
      const panel = x.figure.panelAt(px, py);
      if (!panel) return;
      target = { panel, setter: panel.setter };
      // A finger may be starting to scroll the page: wait until it moves
      // sideways (or lifts, a tap) before it changes anything.
      mode = ev.pointerType === "touch" ? "pending" : "drag";
    }
    start = [ev.clientX, ev.clientY];
    if (mode === "drag") {
      svg.setPointerCapture(ev.pointerId);
      apply(ev);
      ev.preventDefault();
    }
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!mode) return;
    if (mode === "pending") {
      const dx = Math.abs(ev.clientX - start[0]);
      const dy = Math.abs(ev.clientY - start[1]);
      if (dy > 6 && dy >= dx) {
        mode = null; // a vertical swipe: the page scrolls, no value changes
        return;
      }
      if (dx > 6 && dx > dy) {
        mode = "drag";
        svg.setPointerCapture(ev.pointerId);
      } else return;
    }
    apply(ev);
  });
  svg.addEventListener("pointerup", (ev) => {
    if (mode === "pending") apply(ev); // a tap
    if (mode) x.announce();
    mode = null;
  });
  svg.addEventListener("pointercancel", () => {
    mode = null;
  });
}

function setupPrediction(x) {
  const p = x.spec.predict;
  const form = x.root.querySelector("form.nbx-predict");
  const out = x.root.querySelector(".nbx-predict-result");
  if (!p || !form || !out) return null;
  const input = form.querySelector("input[name=guess]");
  const buttons = [...form.querySelectorAll("button")];
  const unit = p.unit ? " " + p.unit : "";
  const controls = x.spec.controls.filter((c) => c.name in p.at);
  let guess = null;
  let revealed = false;
  const close = () => {
    input.disabled = true;
    for (const b of buttons) b.disabled = true;
  };
  const atTarget = (state) =>
    controls.every((c) => Math.abs(toPos(c, state[c.name]) - toPos(c, p.at[c.name])) <= 0.5);
  const short = (v) => fmtNumber(v, "g");
  function reached() {
    if (revealed || guess === null || !atTarget(x.model.get("state"))) return;
    const truth = x.compute({ ...x.model.get("state"), ...p.at })[p.number];
    const off = Number.isFinite(truth) ? Math.abs(guess - truth) : Infinity;
    out.textContent =
      `At ${p.where} the answer is ${fmtNumber(truth, "." + p.digits + "f")}${unit}. ` +
      `Your guess: ${short(guess)}${unit} (off by ${fmtNumber(off, "." + p.digits + "f")}).`;
    x.root.dataset.predict = "revealed";
    revealed = true;
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (guess !== null) return;
    const g = parseNumber(input.value);
    if (g === null) {
      out.textContent = "Type a number as your guess, or skip.";
      return;
    }
    guess = g;
    x.root.dataset.predict = "committed";
    x.root.dataset.guess = String(g);
    close();
    out.textContent = `Your guess: ${short(g)}${unit}, drawn on the figure. Move to ${p.where} to compare.`;
    x.figure.showGuess(p.ghost || {}, g, x.compute({ ...x.model.get("state"), ...p.at }));
    x.guess = g;
    reached();
  });
  form.querySelector(".nbx-predict-skip").addEventListener("click", () => {
    x.root.dataset.predict = "skipped";
    close();
    out.textContent = "Prediction skipped.";
  });
  return { reached };
}

/** Numbers as readers type them: "0,5", "−2", " 1e-3 " (nllbook.quiz.parse_number). */
export function parseNumber(text) {
  let s = String(text).trim().replace(/[\u2212\u2013]/g, "-").replace(/[\s\u00a0]/g, "");
  if (s.indexOf(",") >= 0 && s.indexOf(".") < 0) s = s.replace(/,/g, ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Bring one explorer to life: anywidget's entry point, and the site's. */
function render({ model, el }) {
  const spec = model.get("spec");
  let root = el.matches && el.matches("[data-explorer]") ? el : el.querySelector("[data-explorer]");
  if (!root) {
    el.innerHTML = model.get("html");
    root = el.querySelector("[data-explorer]");
  }
  const uid = `nbx${++instances}`;
  uniqueIds(root, "-" + uid);
  const compute = compileModel(spec);
  const svg = root.querySelector("svg.nbx-svg");
  svg.dataset.uid = uid;
  const box = root.querySelector(".nbx-figure");
  const inputs = new Map(
    [...root.querySelectorAll("input[data-control]")].map((i) => [i.dataset.control, i]),
  );
  const readouts = [...root.querySelectorAll("[data-readout]")];
  // A note shows while the value it names holds (as _html.py decides it
  // for the first paint): a name, read the same way everywhere.
  const whens = [...root.querySelectorAll("[data-when]")];
  const live = root.querySelector(".nbx-announce");
  const byName = Object.fromEntries(spec.controls.map((c) => [c.name, c]));

  const x = {
    spec,
    model,
    root,
    svg,
    compute,
    figure: null,
    guess: null,
    values: () => compute(model.get("state")),
    state: () => ({ ...model.get("state") }),
    set(partial, announce = true) {
      const next = { ...model.get("state") };
      for (const [k, v] of Object.entries(partial)) {
        if (byName[k]) next[k] = clampValue(byName[k], Number(v));
      }
      model.set("state", next);
      model.save_changes();
      if (announce) x.announce();
    },
    announce() {
      if (live) live.textContent = fill(spec.announce, x.values());
    },
  };

  let width = 0;
  function layout() {
    const w = Math.round(box.clientWidth);
    if (!w || w === width) return false;
    width = w;
    x.figure = new Figure(spec, svg, w);
    if (x.guess !== null && spec.predict) {
      x.figure.showGuess(spec.predict.ghost || {}, x.guess, compute({ ...model.get("state"), ...spec.predict.at }));
    }
    return true;
  }

  // Words and numbers change length as the state changes: they keep the
  // height of the longest of a few telling states, so that nothing below
  // them moves while the reader drags.
  const steady = [root.querySelector(".nbx-readouts"), root.querySelector(".nbx-words")].filter(Boolean);
  function reserveHeights() {
    const probes = [spec.defaults, ...(spec.print || []).map((s) => ({ ...spec.defaults, ...s }))];
    for (const c of spec.controls) {
      for (const v of [c.min, c.max, fromPos(c, c.steps / 3), fromPos(c, (2 * c.steps) / 3)]) {
        probes.push({ ...spec.defaults, [c.name]: clampValue(c, v) });
      }
    }
    probes.push(Object.fromEntries(spec.controls.map((c) => [c.name, c.min])));
    probes.push(Object.fromEntries(spec.controls.map((c) => [c.name, c.max])));
    // Every probe is laid out at once, in hidden copies, and measured after
    // a single layout: one reflow per explorer rather than one per probe.
    const copies = [];
    for (const node of steady) {
      node.style.minHeight = "";
      const width = node.getBoundingClientRect().width + "px";
      for (const probe of probes) {
        const copy = node.cloneNode(true);
        for (const n of [copy, ...copy.querySelectorAll("[id]")]) n.removeAttribute("id");
        copy.setAttribute("aria-hidden", "true");
        Object.assign(copy.style, { position: "absolute", visibility: "hidden", left: "0", top: "0", width });
        const values = compute(probe);
        for (const cell of copy.querySelectorAll("[data-readout]")) {
          const v = values[cell.dataset.readout];
          cell.textContent = typeof v === "string" ? v : fmtNumber(v, cell.dataset.fmt || "g");
        }
        for (const n of copy.querySelectorAll("[data-when]")) {
          n.classList.toggle("nbx-reserved", !values[n.dataset.when]);
        }
        copies.push([node, copy]);
      }
    }
    for (const [node, copy] of copies) node.parentNode.appendChild(copy);
    const tallest = new Map();
    for (const [node, copy] of copies) {
      tallest.set(node, Math.max(tallest.get(node) || 0, copy.getBoundingClientRect().height));
    }
    for (const [, copy] of copies) copy.remove();
    for (const [node, h] of tallest) node.style.minHeight = Math.ceil(h) + "px";
  }

  let frame = 0;
  function draw() {
    frame = 0;
    const state = model.get("state");
    const values = compute(state);
    if (!x.figure) layout();
    if (x.figure) x.figure.update(values);
    for (const node of readouts) {
      const name = node.dataset.readout;
      const v = values[name];
      const text = typeof v === "string" ? v : fmtNumber(v, node.dataset.fmt || "g");
      if (node.textContent !== text) node.textContent = text;
    }
    for (const c of spec.controls) {
      const input = inputs.get(c.name);
      if (!input) continue;
      const pos = String(Math.round(toPos(c, state[c.name])));
      if (input.value !== pos) input.value = pos;
      input.setAttribute("aria-valuetext", controlText(c, state[c.name]));
      const said = root.querySelector(`[data-control-text="${c.name}"]`);
      if (said && c.shown) said.textContent = c.shown[Math.round(state[c.name] - c.min)];
    }
    for (const node of whens) {
      const on = Boolean(values[node.dataset.when]);
      node.classList.toggle("nbx-reserved", !on);
      if (on) node.removeAttribute("aria-hidden");
      else node.setAttribute("aria-hidden", "true");
    }
    svg.setAttribute("aria-label", `${spec.alt} Now: ${fill(spec.announce, values)}`);
    root.dataset.state = JSON.stringify(state);
    if (predict) predict.reached();
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };

  for (const c of spec.controls) {
    const input = inputs.get(c.name);
    if (!input) continue;
    input.addEventListener("input", () => {
      const state = model.get("state");
      const pos = Number(input.value);
      let v = fromPos(c, pos);
      // On a log scale, neighbouring positions of a whole-number control can
      // round to the same number: a key press still moves to the next one.
      const was = Math.round(toPos(c, state[c.name]));
      if (c.integer && v === state[c.name] && pos !== was) v += pos > was ? 1 : -1;
      x.set({ [c.name]: v }, false);
    });
    input.addEventListener("change", () => x.announce());
  }
  const predict = setupPrediction(x);
  setupPointer(x);
  model.on("change:state", schedule);

  // A browser that restored the sliders (Back, a reload) moved them before
  // this ran: the state follows the sliders.
  function fromInputs() {
    const state = model.get("state");
    const moved = {};
    for (const c of spec.controls) {
      const input = inputs.get(c.name);
      if (input && Number(input.value) !== Math.round(toPos(c, state[c.name]))) {
        moved[c.name] = fromPos(c, Number(input.value));
      }
    }
    if (Object.keys(moved).length) x.set(moved, false);
  }
  fromInputs();
  const onShow = () => {
    fromInputs();
    draw();
  };
  window.addEventListener("pageshow", onShow);
  const resize =
    typeof ResizeObserver === "function"
      ? new ResizeObserver(() => {
          if (layout()) {
            reserveHeights();
            draw();
          }
        })
      : null;
  if (resize) resize.observe(box);
  root.nbx = x;
  if (box.clientWidth) reserveHeights();
  draw();
  root.dataset.ready = "1";
  return () => {
    model.off("change:state", schedule);
    window.removeEventListener("pageshow", onShow);
    if (resize) resize.disconnect();
  };
}

/** How tall a strip's plot areas are, against the screen's: short enough
 * that an explorer (title, strip, words and caption) fits on one A4 page,
 * which it may not break across (nllbook-explorer.css). */
const PRINT_PLOT_SCALE = 0.5;

/** The states chosen for paper, each drawn as a small figure with its key numbers. */
export function printStrip(root) {
  const x = root.nbx;
  if (!x || root.querySelector(".nbx-strip")) return;
  const states = x.spec.print || [];
  const strip = document.createElement("div");
  strip.className = `nbx-strip nbx-strip-${states.length}`;
  states.forEach((partial, k) => {
    const state = { ...x.spec.defaults, ...partial };
    const values = x.compute(state);
    const cell = document.createElement("figure");
    cell.className = "nbx-strip-cell";
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("role", "img");
    svg.dataset.uid = `${x.svg.dataset.uid}p${k}`;
    cell.appendChild(svg);
    new Figure(x.spec, svg, 300, PRINT_PLOT_SCALE).update(values);
    svg.setAttribute("aria-label", `${x.spec.alt} ${fill(x.spec.announce, values)}`);
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    const caption = document.createElement("figcaption");
    caption.textContent = fill(x.spec.announce, values);
    cell.appendChild(caption);
    strip.appendChild(cell);
  });
  root.querySelector(".nbx-stage").insertAdjacentElement("afterend", strip);
}

function mountOne(root) {
  if (root.nbx) return;
  const script = root.querySelector("script.nbx-spec");
  if (!script) return;
  try {
    const spec = JSON.parse(script.textContent);
    render({ model: localModel({ spec, state: { ...spec.defaults } }), el: root });
  } catch (err) {
    console.error("nllbook explorer", root.dataset.explorer, err);
  }
}

/** The site: every explorer on the page, each from the spec in its markup. */
export function mountAll(doc = document) {
  for (const root of doc.querySelectorAll("[data-explorer]")) mountOne(root);
}

/** The same, one explorer per task, so that a page with several never holds
 * the main thread for long while it loads. */
async function mountInTurn(doc = document) {
  for (const root of doc.querySelectorAll("[data-explorer]")) {
    mountOne(root);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

function printAll() {
  mountAll(); // any explorer still waiting for its turn
  for (const root of document.querySelectorAll("[data-explorer]")) {
    try {
      printStrip(root);
    } catch (err) {
      console.error("nllbook print strip", root.dataset.explorer, err);
    }
  }
}

if (typeof document !== "undefined" && document.querySelector("script.nbx-spec")) {
  mountInTurn();
  // Paper is white: a page read in dark mode prints in light mode.
  let screenTheme = null;
  window.addEventListener("beforeprint", () => {
    const html = document.documentElement;
    if (html.dataset.theme && html.dataset.theme !== "light") {
      screenTheme = html.dataset.theme;
      html.dataset.theme = "light";
    }
    printAll();
  });
  window.addEventListener("afterprint", () => {
    if (screenTheme) document.documentElement.dataset.theme = screenTheme;
    screenTheme = null;
  });
  window.nllbookExplorerStrips = printAll;
}

export default { render };
export { render as renderExplorer };

// For scripts and the differential tests, which run the shipped bundle in node
// (the marks' expressions are compiled as the figure compiles them).
export { compileCurve, compileExpr, compileModel, compileSetter, fill, fmtNumber };
