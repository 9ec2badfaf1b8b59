/* nllbook check-yourself questions: judges answers in the page, no kernel.
 *
 * Each form.nllbook-quiz-q carries its answer and feedback encoded (see
 * nllbook/quiz.py, "Why the answers are encoded"): base64 of JSON XOR-ed
 * with the form's data-key. They are decoded only when the reader presses
 * Check, so the answer is not in the page's text before that.
 *
 * The rule is nllbook_pages.quiz.check: a number within the tolerance of the answer
 * (or the right option) is right; one within the tolerance of a value that a
 * misconception predicts gets that misconception's feedback; anything else
 * gets a hint, and after the last try the answer.
 *
 * Progress is kept in localStorage, per page: which questions were answered
 * right, and with what. "Reset my answers" forgets them.
 */
(function () {
  "use strict";

  var STORE = "nllbook-quiz:" + location.pathname;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "{}") || {};
    } catch (err) {
      return {};
    }
  }

  function save(progress) {
    try {
      localStorage.setItem(STORE, JSON.stringify(progress));
    } catch (err) {
      /* storage full or disabled: the quiz still works, without memory */
    }
  }

  function decode(form) {
    var key = form.dataset.key;
    var bin = atob(form.dataset.payload);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) {
      var k = parseInt(key.substr((i % (key.length / 2)) * 2, 2), 16);
      bytes[i] = bin.charCodeAt(i) ^ k;
    }
    return JSON.parse(new TextDecoder("utf-8").decode(bytes));
  }

  // The same rule as nllbook_pages.quiz.parse_number.
  function parseNumber(text) {
    var s = String(text).trim().replace(/[\u2212\u2013]/g, "-").replace(/[\s\u00a0]/g, "");
    if (s.indexOf(",") >= 0 && s.indexOf(".") < 0) s = s.replace(/,/g, ".");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
    var x = Number(s);
    return isFinite(x) ? x : null;
  }

  function response(form) {
    if (form.dataset.kind === "choice") {
      var picked = form.querySelector("input[name=answer]:checked");
      return picked ? Number(picked.value) : null;
    }
    return parseNumber(form.querySelector("input[name=answer]").value);
  }

  function judge(data, x, tries) {
    function hit(v) {
      return data.kind === "choice" ? v === x : Math.abs(x - v) <= data.tol + 1e-12;
    }
    if (hit(data.answer)) return { status: "right", html: data.right };
    for (var i = 0; i < data.slips.length; i++) {
      if (hit(data.slips[i][0])) return { status: "misconception", html: data.slips[i][1], name: data.slips[i][2] };
    }
    if (tries >= data.tries) return { status: "reveal", html: data.reveal };
    return { status: "retry", html: data.retry };
  }

  function setupQuiz(root) {
    if (root.dataset.ready) return;
    // The reset control comes last: without it, the quiz is still being read.
    if (!root.querySelector(".nllbook-quiz-reset") && document.readyState === "loading") return;
    var forms = Array.prototype.slice.call(root.querySelectorAll("form.nllbook-quiz-q"));
    var progressLine = root.querySelector(".nllbook-quiz-progress");
    var progress = load();

    function countRight() {
      var n = 0;
      forms.forEach(function (f) { if (progress[f.dataset.q] && progress[f.dataset.q].right) n++; });
      if (progressLine) progressLine.textContent = n + " of " + forms.length + " answered right.";
    }

    function show(form, verdict) {
      var out = form.querySelector(".nllbook-quiz-feedback");
      out.innerHTML = verdict.html;
      out.className = "nllbook-quiz-feedback nllbook-quiz-" + verdict.status;
      form.dataset.status = verdict.status;
      if (verdict.name) form.dataset.misconception = verdict.name;
      else delete form.dataset.misconception;
    }

    forms.forEach(function (form) {
      var tries = 0;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var x = response(form);
        if (x === null) {
          show(form, {
            status: "invalid",
            html: form.dataset.kind === "choice" ? "Pick one of the options." : "Type a number, for example 0.25."
          });
          return;
        }
        tries += 1;
        var verdict = judge(decode(form), x, tries);
        show(form, verdict);
        var entry = progress[form.dataset.q] || {};
        entry.tries = tries;
        if (verdict.status === "right") {
          entry.right = true;
          entry.answer = x;
        }
        progress[form.dataset.q] = entry;
        save(progress);
        countRight();
      });
      // Restore an answer given on an earlier visit.
      var kept = progress[form.dataset.q];
      if (kept && kept.right) {
        if (form.dataset.kind === "choice") {
          var radio = form.querySelector('input[name=answer][value="' + kept.answer + '"]');
          if (radio) radio.checked = true;
        } else {
          form.querySelector("input[name=answer]").value = String(kept.answer);
        }
        show(form, { status: "right", html: decode(form).right });
      }
      form.nllbookResetTries = function () { tries = 0; };
    });

    var reset = root.querySelector(".nllbook-quiz-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        // Every quiz of the page shares one record: forget this quiz's questions.
        forms.forEach(function (form) {
          delete progress[form.dataset.q];
          form.reset();
          form.nllbookResetTries();
          var out = form.querySelector(".nllbook-quiz-feedback");
          out.innerHTML = "";
          out.className = "nllbook-quiz-feedback";
          delete form.dataset.status;
          delete form.dataset.misconception;
        });
        save(progress);
        countRight();
        if (progressLine) progressLine.textContent += " Your answers were reset.";
      });
    }
    countRight();
    root.dataset.ready = "1";
  }

  function initAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-nllbook-quiz]"), function (root) {
      try {
        setupQuiz(root);
      } catch (err) {
        if (document.readyState !== "loading" && window.console) console.error("nllbook quiz", err);
      }
    });
  }

  initAll();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
})();
