/* nllbook static player: swaps precomputed slider states into the page.
 *
 * Each .nllbook-player element carries its states as JSON (see
 * nllbook/_explorer.py). A state is a list of indices into a pool of strings:
 * first the explanation text, then one SVG fragment per dynamic element id.
 * No network, no kernel: everything the page shows was computed by nllbook
 * when the book was built.
 */
(function () {
  "use strict";

  function init(root) {
    var script = root.querySelector("script.nllbook-states");
    if (!script || root.dataset.ready) return;
    root.dataset.ready = "1";
    var data = JSON.parse(script.textContent);
    var inputs = Array.prototype.slice.call(root.querySelectorAll("input[type=range]"));
    var text = root.querySelector(".nllbook-text");
    var svg = root.querySelector("figure svg");
    var current = Number(root.dataset.state);

    function stateIndex() {
      // Row-major over the sliders, as Explorer.grid() enumerates them.
      var k = 0;
      inputs.forEach(function (input, i) {
        k = k * data.sliders[i].length + Number(input.value);
      });
      return k;
    }

    function show() {
      var k = stateIndex();
      inputs.forEach(function (input, i) {
        var label = data.sliders[i][Number(input.value)];
        input.setAttribute("aria-valuetext", label);
        var out = input.parentNode.querySelector("output");
        if (out) out.textContent = label;
      });
      if (k === current) return;
      var state = data.states[k];
      text.innerHTML = data.pool[state[0]];
      data.ids.forEach(function (id, j) {
        var el = svg.querySelector('[id="' + id + '"]');
        if (el) el.outerHTML = data.pool[state[j + 1]];
      });
      current = k;
      root.dataset.state = String(k);
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", show);
      input.addEventListener("change", show);
    });
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-nllbook-player]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
