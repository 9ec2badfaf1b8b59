/* nllbook static player: swaps precomputed slider states into the page.
 *
 * Each .nllbook-player element carries its states as JSON (see
 * nllbook/_player.py): a pool of strings, and "parts". A part is
 * [target, sliders it depends on, table of pool indices, row-major over those
 * sliders]; its target is "text:<i>" (the i-th piece of the explanation),
 * "live" (the short announcement for screen readers) or the id of an SVG
 * element of the figure.
 * No network, no kernel: everything the page shows was computed by nllbook
 * when the book was built.
 *
 * The player always draws the state of its sliders' current positions: when
 * it starts (the slider may have been moved before this script arrived), and
 * on pageshow (Back, the back/forward cache, restored form values). Each
 * player starts as soon as its own markup and this script are there, on its
 * own: one broken player does not stop the others.
 *
 * On paper a slider cannot move: before printing, each player gets a strip
 * of a few telling states (data-print-states, indices into the states),
 * each drawn from the same data with its key numbers, and the print
 * stylesheet shows that strip instead of the controls. A page read in dark
 * mode prints in light mode.
 *
 * Predict, then reveal (nllbook/_predict.py): a player may open with a
 * prompt (form.nllbook-predict). A committed guess is kept on the player
 * (data-guess); once the sliders reach the state data-predict-state, the
 * result line under the text shows the guess next to the truth. Skipping,
 * or never answering, leaves the sliders as they are: nothing waits for it.
 */
(function () {
  "use strict";

  function positionsIn(data, state) {
    var out = [];
    for (var i = data.sliders.length - 1; i >= 0; i--) {
      var n = data.sliders[i].length;
      out[i] = state % n;
      state = Math.floor(state / n);
    }
    return out;
  }

  function setup(root) {
    var script = root.querySelector("script.nllbook-states");
    if (!script || root.dataset.ready) return;
    var data = JSON.parse(script.textContent);
    var inputs = Array.prototype.slice.call(root.querySelectorAll("input[type=range]"));
    var text = root.querySelector(".nllbook-text");
    var live = root.querySelector(".nllbook-announce");
    var svg = root.querySelector("figure svg");
    // The markup shows the default state: mark its parts as shown, and keep
    // the pieces of its text (parts "text:0", "text:1", ...).
    var initial = positionsIn(data, Number(root.dataset.state));
    var shown = [];
    var pieces = [];
    var liveText = "";
    data.parts.forEach(function (part, j) {
      shown[j] = cell(part, initial);
      var html = data.pool[part[2][shown[j]]];
      if (part[0].indexOf("text:") === 0) pieces[Number(part[0].slice(5))] = html;
      else if (part[0] === "live") liveText = html;
    });

    function cell(part, pos) {
      var k = 0;
      part[1].forEach(function (i) { k = k * data.sliders[i].length + pos[i]; });
      return k;
    }

    function positions() {
      return inputs.map(function (input, i) {
        var n = data.sliders[i].length;
        var v = Math.round(Number(input.value));
        return isFinite(v) ? Math.min(n - 1, Math.max(0, v)) : 0;
      });
    }

    function show(announce) {
      var pos = positions();
      var state = 0;
      inputs.forEach(function (input, i) {
        var label = data.sliders[i][pos[i]];
        input.setAttribute("aria-valuetext", label);
        var out = input.parentNode.querySelector("output");
        if (out && out.textContent !== label) out.textContent = label;
        state = state * data.sliders[i].length + pos[i];
      });
      var textChanged = false;
      data.parts.forEach(function (part, j) {
        var k = cell(part, pos);
        if (k === shown[j]) return;
        var html = data.pool[part[2][k]];
        if (part[0].indexOf("text:") === 0) {
          pieces[Number(part[0].slice(5))] = html;
          textChanged = true;
        } else if (part[0] === "live") {
          liveText = html;
        } else {
          var el = svg.querySelector('[id="' + part[0] + '"]');
          if (el) el.outerHTML = html;
        }
        shown[j] = k;
      });
      if (textChanged) text.innerHTML = pieces.join("");
      svg.setAttribute("aria-label", liveText ? data.alt + " Now: " + liveText : data.alt);
      if (announce && live) live.textContent = liveText;
      root.dataset.state = String(state);
      if (predict) predict.reached(state);
    }

    var predict = setupPrediction(root);

    inputs.forEach(function (input) {
      input.addEventListener("input", function () { show(true); });
      input.addEventListener("change", function () { show(true); });
    });
    if (data.drag) dragToSet(svg, inputs[data.drag.slider], data.drag, function () { show(true); });
    root.nllbookShow = show;
    root.dataset.ready = "1";
    show(false);
  }

  // A click or a drag on the axes whose x-axis shows a slider's value sets
  // that slider to the nearest of its values. Vertical swipes still scroll
  // the page on a phone; the keyboard keeps the slider itself.
  function dragToSet(svg, input, d, show) {
    var x0 = d.box[0], x1 = d.box[2];
    var a = d.log ? Math.log(d.lim[0]) : d.lim[0];
    var b = d.log ? Math.log(d.lim[1]) : d.lim[1];
    var dragging = false;

    function local(ev) {
      var pt = svg.createSVGPoint();
      pt.x = ev.clientX;
      pt.y = ev.clientY;
      return pt.matrixTransform(svg.getScreenCTM().inverse());
    }
    function inside(p) {
      // The axes, and the tick labels just under them.
      return p.x >= x0 - 6 && p.x <= x1 + 6 && p.y >= d.box[1] - 6 && p.y <= d.box[3] + 24;
    }
    function setFrom(ev) {
      var p = local(ev);
      var t = a + ((p.x - x0) / (x1 - x0)) * (b - a);
      var value = d.log ? Math.exp(t) : t;
      var best = 0;
      d.values.forEach(function (v, k) {
        if (Math.abs(v - value) < Math.abs(d.values[best] - value)) best = k;
      });
      // Left or right of the axes: the end values (on a log axis, 0 has no
      // place of its own and sits at the left end).
      if (p.x <= x0) best = d.values.indexOf(Math.min.apply(null, d.values));
      if (p.x >= x1) best = d.values.indexOf(Math.max.apply(null, d.values));
      if (input.value !== String(best)) {
        input.value = String(best);
        show();
      }
    }
    svg.addEventListener("pointerdown", function (ev) {
      if (input.disabled || !inside(local(ev))) return;
      dragging = true;
      if (svg.setPointerCapture) svg.setPointerCapture(ev.pointerId);
      setFrom(ev);
      ev.preventDefault();
    });
    svg.addEventListener("pointermove", function (ev) { if (dragging) setFrom(ev); });
    function stop() { dragging = false; }
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);
  }

  function strip(root) {
    var script = root.querySelector("script.nllbook-states");
    var svg = root.querySelector(".nllbook-figure svg");
    if (!script || !svg || !root.dataset.printStates || root.querySelector(".nllbook-strip")) return;
    var data = JSON.parse(script.textContent);
    var states = root.dataset.printStates.split(",").map(Number);
    var box = document.createElement("div");
    box.className = "nllbook-strip nllbook-strip-" + states.length;
    states.forEach(function (state, k) {
      var pos = positionsIn(data, state);
      var copy = svg.cloneNode(true);
      var live = "";
      data.parts.forEach(function (part) {
        var cellIndex = 0;
        part[1].forEach(function (i) { cellIndex = cellIndex * data.sliders[i].length + pos[i]; });
        var html = data.pool[part[2][cellIndex]];
        if (part[0] === "live") live = html;
        else if (part[0].indexOf("text:") !== 0) {
          var el = copy.querySelector('[id="' + part[0] + '"]');
          if (el) el.outerHTML = html;
        }
      });
      // Every copy gets ids of its own, and its references follow them.
      var suffix = "-print" + k;
      var markup = copy.outerHTML
        .replace(/\bid="([^"]+)"/g, 'id="$1' + suffix + '"')
        .replace(/url\(#([^)]+)\)/g, "url(#$1" + suffix + ")")
        .replace(/href="#([^"]+)"/g, 'href="#$1' + suffix + '"');
      var readout = data.sliders.map(function (values, i) {
        var label = root.querySelectorAll(".nllbook-control label")[i];
        return (label ? label.textContent + " " : "") + values[pos[i]];
      }).join(", ");
      var cell = document.createElement("figure");
      cell.className = "nllbook-strip-cell";
      cell.innerHTML = markup;
      var cellSvg = cell.querySelector("svg");
      cellSvg.setAttribute("aria-label", live ? data.alt + " " + live : data.alt);
      var caption = document.createElement("figcaption");
      caption.textContent = live || readout;
      cell.appendChild(caption);
      box.appendChild(cell);
    });
    root.querySelector(".nllbook-body").insertAdjacentElement("afterend", box);
  }

  function stripAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-nllbook-player]"), function (root) {
      try {
        strip(root);
      } catch (err) {
        if (window.console) console.error("nllbook print strip", root.dataset.nllbookPlayer, err);
      }
    });
  }

  // Numbers as readers type them: as nllbook.quiz.parse_number.
  function parseNumber(text) {
    var s = String(text).trim().replace(/[\u2212\u2013]/g, "-").replace(/[\s\u00a0]/g, "");
    if (s.indexOf(",") >= 0 && s.indexOf(".") < 0) s = s.replace(/,/g, ".");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
    var x = Number(s);
    return isFinite(x) ? x : null;
  }

  function fmt(x, digits) {
    if (!isFinite(x)) return x > 0 ? "\u221e" : "\u2212\u221e";
    return x.toFixed(digits).replace("-", "\u2212");
  }

  function shortNumber(x) {
    // As Python's format(x, "g"): six significant digits, no trailing zeros.
    return String(Number(x.toPrecision(6))).replace("-", "\u2212");
  }

  // The same words as nllbook._predict.waiting_text and reveal_text.
  function setupPrediction(root) {
    var form = root.querySelector("form.nllbook-predict");
    var out = root.querySelector(".nllbook-predict-result");
    if (!form || !out) return null;
    var target = Number(form.dataset.predictState);
    var truth = Number(form.dataset.predictTruth);
    var where = form.dataset.predictWhere;
    var unit = form.dataset.predictUnit ? " " + form.dataset.predictUnit : "";
    var digits = Number(form.dataset.predictDigits);
    var input = form.querySelector("input[name=guess]");
    var buttons = Array.prototype.slice.call(form.querySelectorAll("button"));
    var revealed = false;

    function close() {
      input.disabled = true;
      buttons.forEach(function (b) { b.disabled = true; });
    }

    function reached(state) {
      if (revealed || root.dataset.guess === undefined || state !== target) return;
      var guess = Number(root.dataset.guess);
      out.textContent = "At " + where + " the answer is " + fmt(truth, digits) + unit +
        ". Your guess: " + shortNumber(guess) + unit + " (off by " +
        fmt(Math.abs(guess - truth), digits) + ").";
      root.dataset.predict = "revealed";
      revealed = true;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (root.dataset.guess !== undefined) return;
      var guess = parseNumber(input.value);
      if (guess === null) {
        out.textContent = "Type a number as your guess, or skip.";
        return;
      }
      root.dataset.guess = String(guess);
      root.dataset.predict = "committed";
      close();
      out.textContent = "Your guess: " + shortNumber(guess) + unit + ". Move the slider to " +
        where + " to compare.";
      reached(Number(root.dataset.state));
    });
    form.querySelector(".nllbook-predict-skip").addEventListener("click", function () {
      root.dataset.predict = "skipped";
      close();
      out.textContent = "Prediction skipped.";
    });
    return { reached: reached };
  }

  function init(root) {
    try {
      setup(root);
    } catch (err) {
      // While the page is still being read, a player's data may be cut
      // short: it is set up again once the document is complete.
      if (document.readyState === "loading") return;
      if (window.console) console.error("nllbook player", root.dataset.nllbookPlayer, err);
    }
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-nllbook-player]"), init);
  }

  function redrawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-nllbook-player]"), function (root) {
      if (root.nllbookShow) root.nllbookShow(false);
      else init(root);
    });
  }

  // Players already in the document start now; the rest when the document
  // has been read. Back/forward and restored form values: draw again.
  initAll();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  }
  window.addEventListener("pageshow", redrawAll);
  // Paper is white: a page read in dark mode prints in light mode, and
  // goes back to dark afterwards.
  var screenTheme = null;
  window.addEventListener("beforeprint", function () {
    var html = document.documentElement;
    if (html.dataset.theme && html.dataset.theme !== "light") {
      screenTheme = html.dataset.theme;
      html.dataset.theme = "light";
    }
    stripAll();
  });
  window.addEventListener("afterprint", function () {
    if (screenTheme) document.documentElement.dataset.theme = screenTheme;
    screenTheme = null;
  });
  window.nllbookPrintStrips = stripAll;
})();
