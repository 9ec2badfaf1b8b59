// The figure of an explorer: panels stacked vertically, each with its axes
// and marks, drawn as SVG at the pixel width of the page (so that its text
// is 12 px on every screen). Scales and paths come from d3-scale and
// d3-shape. A mark is built once; an update only changes its attributes.

import { scaleBand, scaleLinear, scaleLog } from "d3-scale";
import { line } from "d3-shape";
import { fill, fmtNumber } from "./format.js";
import { compileCurve, compileExpr, compileSetter } from "./model.js";

const NS = "http://www.w3.org/2000/svg";
export const MARGIN = { left: 46, right: 14, top: 14, bottom: 38 };

function el(name, attrs, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function setAttr(node, name, value) {
  const s = String(value);
  if (node.getAttribute(name) !== s) node.setAttribute(name, s);
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

const r1 = (v) => Math.round(v * 10) / 10;

function makeScale(axis, range) {
  if (axis.labels) return scaleBand(axis.labels, range).padding(0.2);
  const make = axis.scale === "log" ? scaleLog : scaleLinear;
  return make(axis.domain, range);
}

function ticksOf(axis, scale, count) {
  if (axis.labels) return axis.labels.map((l) => [l, l]);
  const values = axis.ticks || scale.ticks(count);
  const format = axis.tickFormat
    ? (v) => fmtNumber(v, axis.tickFormat)
    : axis.ticks
      ? (v) => fmtNumber(v, "g")
      : scale.tickFormat(count);
  return values.map((v) => [v, format(v)]);
}

/** A pixel on an axis -> its value; on an axis of labels, the index of the nearest band. */
function invertAxis(scale, axis, px, lo, hi) {
  const clamped = Math.min(Math.max(lo, hi), Math.max(Math.min(lo, hi), px));
  if (!axis.labels) return scale.invert(clamped);
  const centres = axis.labels.map((l) => scale(l) + scale.bandwidth() / 2);
  let best = 0;
  centres.forEach((c, i) => {
    if (Math.abs(c - px) < Math.abs(centres[best] - px)) best = i;
  });
  return best;
}

/** One panel: a plot area with its scales, axes and marks. */
class Panel {
  constructor(spec, pspec, svg, top, width, index, height = pspec.height) {
    this.spec = spec;
    this.p = pspec;
    this.index = index;
    this.top = top;
    this.height = height;
    const m = { ...MARGIN, ...(pspec.margin || {}) };
    this.box = { x0: m.left, x1: width - m.right, y0: top + m.top, y1: top + height - m.bottom };
    this.x = makeScale(pspec.x, [this.box.x0, this.box.x1]);
    this.y = makeScale(pspec.y, [this.box.y1, this.box.y0]);
    const g = el("g", { class: "nbx-panel", "data-panel": String(index) }, svg);
    this.g = g;
    const clipId = `${svg.dataset.uid}-clip${index}`;
    const clip = el("clipPath", { id: clipId }, g);
    // A little room outside the axes, so that a dot on the edge shows whole.
    el("rect", { x: this.box.x0 - 6, y: this.box.y0 - 8, width: this.box.x1 - this.box.x0 + 12, height: this.box.y1 - this.box.y0 + 8 }, clip);
    // The plot area itself: where a drag on the panel lands, and what tests aim at.
    el("rect", { class: "nbx-plot", x: this.box.x0, y: this.box.y0, width: this.box.x1 - this.box.x0, height: this.box.y1 - this.box.y0 }, g);
    this.drawAxes(g);
    this.plot = el("g", { "clip-path": `url(#${clipId})` }, g);
    this.over = el("g", {}, g);
    this.marks = pspec.marks.map((mspec) => makeMark(this, mspec));
    if (pspec.drag) this.setter = compileSetter(spec, pspec.drag);
  }

  drawAxes(g) {
    const { x0, x1, y0, y1 } = this.box;
    const axes = el("g", { class: "nbx-axes" }, g);
    const xs = this.x;
    const ys = this.y;
    const xTicks = ticksOf(this.p.x, xs, Math.max(2, Math.floor((x1 - x0) / 70)));
    const band = this.p.x.labels ? xs.bandwidth() / 2 : 0;
    el("line", { x1: x0, x2: x1, y1: y1, y2: y1, class: "nbx-axis" }, axes);
    el("line", { x1: x0, x2: x0, y1: y0, y2: y1, class: "nbx-axis" }, axes);
    for (const [v, label] of xTicks) {
      const x = r1(xs(v) + band);
      el("line", { x1: x, x2: x, y1: y1, y2: y1 + 4, class: "nbx-axis" }, axes);
      const t = el("text", { x, y: y1 + 16, "text-anchor": "middle" }, axes);
      t.textContent = label;
    }
    if (!this.p.y.labels) {
      const yTicks = ticksOf(this.p.y, ys, Math.max(2, Math.floor((y1 - y0) / 36)));
      for (const [v, label] of yTicks) {
        const y = r1(ys(v));
        el("line", { x1: x0 - 4, x2: x0, y1: y, y2: y, class: "nbx-axis" }, axes);
        const t = el("text", { x: x0 - 7, y: y + 4, "text-anchor": "end" }, axes);
        t.textContent = label;
      }
    }
    if (this.p.x.label) {
      const t = el("text", { x: (x0 + x1) / 2, y: y1 + 32, "text-anchor": "middle", class: "nbx-label" }, axes);
      t.textContent = this.p.x.label;
    }
    if (this.p.y.label) {
      const cy = (y0 + y1) / 2;
      const t = el("text", { x: 12, y: cy, transform: `rotate(-90 12 ${cy})`, "text-anchor": "middle", class: "nbx-label" }, axes);
      t.textContent = this.p.y.label;
    }
  }

  /** Pixel position inside the svg -> data coordinates of this panel. */
  invert(px, py) {
    return [invertAxis(this.x, this.p.x, px, this.box.x0, this.box.x1),
            invertAxis(this.y, this.p.y, py, this.box.y0, this.box.y1)];
  }

  contains(px, py) {
    const { x0, x1, y0, y1 } = this.box;
    return px >= x0 - 8 && px <= x1 + 8 && py >= y0 - 8 && py <= y1 + 28;
  }

  update(values) {
    for (const mark of this.marks) mark.update(values);
  }
}

/** y within the axis, or pinned to its top edge (an infinite loss). */
function pinY(panel, y) {
  const [lo, hi] = panel.y.domain();
  const top = Math.max(lo, hi);
  const bottom = Math.min(lo, hi);
  if (!(y <= top)) return { y: panel.y(top), pinned: "top" };
  if (!(y >= bottom)) return { y: panel.y(bottom), pinned: "bottom" };
  return { y: panel.y(y), pinned: "" };
}

function makeMark(panel, m) {
  const spec = panel.spec;
  const cls = `nbx-${m.color || "main"}` + (m.dash ? " nbx-dash" : "");
  switch (m.type) {
    case "curve": {
      const fn = compileCurve(spec, m.y);
      const node = el("path", { class: `nbx-line ${cls}`, "data-mark": m.name || "curve" }, panel.plot);
      const [d0, d1] = m.x ? [m.x[0], m.x[1]] : panel.x.domain();
      const n = m.n || 240;
      const log = panel.p.x.scale === "log";
      const xs = Array.from({ length: n }, (_, i) =>
        log ? d0 * (d1 / d0) ** (i / (n - 1)) : d0 + ((d1 - d0) * i) / (n - 1),
      );
      const [ylo, yhi] = panel.y.domain();
      const span = Math.abs(yhi - ylo);
      const path = line()
        .defined((d) => Number.isFinite(d[1]))
        .x((d) => r1(panel.x(d[0])))
        // Far off the axis, a point is drawn just beyond it: the clip cuts it.
        .y((d) => r1(panel.y(Math.max(Math.min(ylo, yhi) - span, Math.min(Math.max(ylo, yhi) + span, d[1])))));
      const lo = Math.min(ylo, yhi) - span;
      const hi = Math.max(ylo, yhi) + span;
      const py = (y) => panel.y(Math.max(lo, Math.min(hi, y)));
      const mid = (a, b) => (log ? Math.sqrt(a * b) : (a + b) / 2);
      // Where the curve is steep, or runs off to infinity, the even grid is
      // too coarse: an interval whose ends lie more than 2 px apart on the
      // screen (or where one end is infinite) is halved, up to 10 times, so
      // that a dot on the curve sits on the line drawn.
      function refine(f, a, fa, b, fb, depth, out) {
        const finite = Number.isFinite(fa) && Number.isFinite(fb);
        if (depth === 0 || (finite && Math.abs(py(fa) - py(fb)) <= 2)) return;
        if (!Number.isFinite(fa) && !Number.isFinite(fb)) return;
        const m = mid(a, b);
        const fm = f(m);
        refine(f, a, fa, m, fm, depth - 1, out);
        out.push([m, fm]);
        refine(f, m, fm, b, fb, depth - 1, out);
      }
      return {
        update(values) {
          const f = fn(values);
          const ys = xs.map((x) => f(x));
          const points = [];
          for (let i = 0; i < xs.length; i++) {
            points.push([xs[i], ys[i]]);
            if (i + 1 < xs.length) refine(f, xs[i], ys[i], xs[i + 1], ys[i + 1], 10, points);
          }
          setAttr(node, "d", path(points) || "");
        },
      };
    }
    case "path": {
      const fx = compileExpr(spec, m.xs);
      const fy = compileExpr(spec, m.ys);
      const node = el("path", { class: `nbx-line ${cls}`, "data-mark": m.name || "path" }, panel.plot);
      const path = line()
        .defined((d) => Number.isFinite(d[1]))
        .x((d) => r1(panel.x(d[0])))
        .y((d) => r1(panel.y(d[1])));
      return {
        update(values) {
          const xs = fx(values);
          const ys = fy(values);
          setAttr(node, "d", path(xs.map((x, i) => [x, ys[i]])) || "");
        },
      };
    }
    case "rule": {
      const f = compileExpr(spec, m.x !== undefined ? m.x : m.y);
      const vertical = m.x !== undefined;
      const node = el("line", { class: `nbx-rule ${cls}`, "data-mark": m.name || "rule" }, panel.plot);
      return {
        update(values) {
          const v = f(values);
          const { x0, x1, y0, y1 } = panel.box;
          if (vertical) {
            const x = r1(panel.x(v));
            setAttr(node, "x1", x), setAttr(node, "x2", x), setAttr(node, "y1", y0), setAttr(node, "y2", y1);
          } else {
            const y = Number.isFinite(v) ? r1(panel.y(v)) : -99;
            setAttr(node, "x1", x0), setAttr(node, "x2", x1), setAttr(node, "y1", y), setAttr(node, "y2", y);
          }
        },
      };
    }
    case "dot": {
      const fx = compileExpr(spec, m.x);
      const fy = compileExpr(spec, m.y);
      const g = el("g", { class: `nbx-dot ${cls}`, "data-mark": m.name || "dot" }, panel.over);
      const dot = el("circle", { r: m.r || 6 }, g);
      const tri = el("path", { d: "M0,-8L7,5L-7,5Z" }, g);
      const label = el("text", { "text-anchor": "middle", class: "nbx-pin" }, g);
      let hit = null;
      if (m.handle) {
        hit = el("circle", { r: 22, class: "nbx-hit", "data-handle": m.name || "dot" }, g);
        hit.nbxSet = compileSetter(spec, m.handle);
        hit.nbxPanel = panel;
      }
      return {
        update(values) {
          const x = r1(panel.x(fx(values)));
          const y0 = fy(values);
          const p = pinY(panel, y0);
          const y = r1(p.y);
          setAttr(g, "transform", `translate(${x},${y})`);
          setAttr(g, "data-pinned", p.pinned || "no");
          setAttr(dot, "display", p.pinned ? "none" : "inline");
          setAttr(tri, "display", p.pinned === "top" ? "inline" : "none");
          setAttr(label, "y", -12);
          setText(label, p.pinned === "top" ? (y0 === Infinity ? "\u221e" : "\u2191") : "");
        },
      };
    }
    case "dots": {
      // A scatter of points from two arrays of the model.
      const fx = compileExpr(spec, m.xs);
      const fy = compileExpr(spec, m.ys);
      const g = el("g", { class: `nbx-dot ${cls}`, "data-mark": m.name || "dots" }, panel.over);
      const nodes = [];
      return {
        update(values) {
          const xs = fx(values);
          const ys = fy(values);
          while (nodes.length < xs.length) nodes.push(el("circle", { r: m.r || 4 }, g));
          nodes.forEach((c, i) => {
            const on = i < xs.length;
            setAttr(c, "display", on ? "inline" : "none");
            if (!on) return;
            setAttr(c, "cx", r1(panel.x(xs[i])));
            setAttr(c, "cy", r1(pinY(panel, ys[i]).y));
          });
        },
      };
    }
    case "bars": {
      const series = m.series.map((s) => ({ ...s, f: compileExpr(spec, s.values) }));
      const hi = m.highlight !== undefined ? compileExpr(spec, m.highlight) : null;
      // On an axis of labels, one group of bars per label; on a numeric axis,
      // one group centred at each of m.at, m.width wide in the axis's units
      // (there a drag on the panel knows the value under the pointer).
      const labels = panel.p.x.labels;
      const slots = labels
        ? labels.map((l) => [panel.x(l), panel.x.bandwidth()])
        : m.at.map((c) => [panel.x(c - m.width / 2), panel.x(c + m.width / 2) - panel.x(c - m.width / 2)]);
      const inner = scaleBand(
        series.map((_, i) => i),
        [0, slots[0][1]],
      ).padding(0.08);
      const groups = series.map((s, si) => {
        const g = el("g", { class: `nbx-bars nbx-${s.color || "main"}`, "data-mark": s.name || `bars${si}` }, panel.plot);
        return slots.map(([left]) => {
          const rect = el("rect", { x: r1(left + inner(si)), width: r1(inner.bandwidth()) }, g);
          const text = m.annotate ? el("text", { "text-anchor": "middle", class: "nbx-barlabel" }, panel.over) : null;
          return { rect, text };
        });
      });
      return {
        update(values) {
          const k = hi ? hi(values) : -1;
          series.forEach((s, si) => {
            const vs = s.f(values);
            groups[si].forEach(({ rect, text }, i) => {
              const p = pinY(panel, vs[i]);
              const base = panel.y(Math.max(panel.y.domain()[0], 0));
              const y = r1(Math.min(p.y, base));
              setAttr(rect, "y", y);
              setAttr(rect, "height", r1(Math.abs(base - p.y)));
              setAttr(rect, "class", i === k ? "nbx-hi" : "");
              if (text) {
                setAttr(text, "x", r1(slots[i][0] + inner(si) + inner.bandwidth() / 2));
                setAttr(text, "y", y - 4);
                setText(text, fmtNumber(vs[i], m.annotate));
              }
            });
          });
        },
      };
    }
    case "text": {
      const fx = compileExpr(spec, m.x);
      const fy = compileExpr(spec, m.y);
      const node = el("text", { class: `nbx-note ${cls}`, "text-anchor": m.anchor || "start" }, panel.over);
      return {
        update(values) {
          setAttr(node, "x", r1(panel.x(fx(values))));
          setAttr(node, "y", r1(pinY(panel, fy(values)).y));
          setText(node, fill(m.text, values));
        },
      };
    }
    default:
      throw new Error("unknown mark type " + m.type);
  }
}

function drawLegend(svg, items, width) {
  const g = el("g", { class: "nbx-legend" }, svg);
  let x = MARGIN.left;
  for (const item of items) {
    const cls = `nbx-${item.color || "main"}` + (item.dash ? " nbx-dash" : "");
    if (item.kind === "dot") el("circle", { cx: x + 8, cy: 10, r: 5, class: `nbx-dot ${cls}` }, g);
    else if (item.kind === "bar") el("rect", { x: x + 2, y: 5, width: 12, height: 10, class: `nbx-bars ${cls}` }, g);
    else el("line", { x1: x, x2: x + 18, y1: 10, y2: 10, class: `nbx-line ${cls}` }, g);
    const t = el("text", { x: x + 24, y: 14 }, g);
    t.textContent = item.label;
    x += 24 + item.label.length * 6.6 + 14;
    if (x > width) break;
  }
}

export const LEGEND_HEIGHT = 20;

/** A panel's height with its plot area (not its margins, which hold the
 * tick labels and axis titles) scaled by ``plotScale``. */
export function panelHeight(pspec, plotScale = 1) {
  if (plotScale === 1) return pspec.height;
  const m = { ...MARGIN, ...(pspec.margin || {}) };
  return Math.round(m.top + m.bottom + plotScale * (pspec.height - m.top - m.bottom));
}

/** The whole figure at one width: build once, then update(values). */
export class Figure {
  /** ``plotScale`` < 1 makes every plot area shorter, its text the same
   * size: the strips printed on paper (see printStrip). */
  constructor(spec, svg, width, plotScale = 1) {
    this.spec = spec;
    this.svg = svg;
    this.width = width;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const legend = spec.legend && spec.legend.length ? LEGEND_HEIGHT : 0;
    const heights = spec.panels.map((p) => panelHeight(p, plotScale));
    const height = legend + heights.reduce((h, p) => h + p, 0);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    if (legend) drawLegend(svg, spec.legend, width);
    let top = legend;
    this.panels = spec.panels.map((p, i) => {
      const panel = new Panel(spec, p, svg, top, width, i, heights[i]);
      top += heights[i];
      return panel;
    });
    this.ghost = null;
  }

  update(values) {
    for (const p of this.panels) p.update(values);
  }

  /** The panel under a point of the svg (pixels), if it can be dragged. */
  panelAt(px, py) {
    return this.panels.find((p) => p.setter && p.contains(px, py)) || null;
  }

  /** A guess drawn on the figure: a hollow dot at (x, guess), or a dashed line at the guess. */
  showGuess(ghost, guess, values) {
    const panel = this.panels[ghost.panel || 0];
    if (!this.ghost) {
      this.ghost = el("g", { class: "nbx-ghost", "data-mark": "guess" }, panel.over);
      this.ghostShape = ghost.x !== undefined && ghost.x !== null ? el("circle", { r: 7 }, this.ghost) : el("line", {}, this.ghost);
      this.ghostLabel = el("text", { class: "nbx-ghost-label" }, this.ghost);
    }
    const p = pinY(panel, guess);
    const y = r1(p.y);
    this.ghostLabel.textContent = "your guess";
    if (ghost.x !== undefined && ghost.x !== null) {
      this.ghostX ??= compileExpr(this.spec, ghost.x);
      const x = r1(panel.x(this.ghostX(values)));
      setAttr(this.ghostShape, "cx", x);
      setAttr(this.ghostShape, "cy", y);
      setAttr(this.ghostLabel, "x", x + 10);
      setAttr(this.ghostLabel, "y", y - 8);
    } else {
      const { x0, x1 } = panel.box;
      setAttr(this.ghostShape, "x1", x0), setAttr(this.ghostShape, "x2", x1);
      setAttr(this.ghostShape, "y1", y), setAttr(this.ghostShape, "y2", y);
      setAttr(this.ghostLabel, "x", x1 - 4);
      setAttr(this.ghostLabel, "y", y - 5);
      setAttr(this.ghostLabel, "text-anchor", "end");
    }
  }
}
