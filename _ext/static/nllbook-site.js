/* Sections of a chapter below the first screen start unrendered
 * (content-visibility in nllbook-site.css): loading a page then styles and
 * lays out only what is on screen, instead of some 3,000 elements of maths,
 * players and questions in one long task.
 *
 * Once the page has loaded, the sections are rendered one at a time, each in
 * a task of its own (a few milliseconds on a phone), and stay rendered. From
 * then on the page is as if nothing had been skipped: every section has its
 * true height, so scrolling, links and clicks land where they aim, and the
 * text is all there (innerText, selection). */
(function () {
  "use strict";

  function renderSections() {
    var sections = Array.prototype.slice.call(
      document.querySelectorAll(".bd-article > section > section")
    );
    function next() {
      var section = sections.shift();
      if (!section) return;
      section.style.contentVisibility = "visible";
      // Lay this section out now, in this task, rather than all of them in
      // the next frame.
      void section.offsetHeight;
      setTimeout(next, 0);
    }
    next();
  }

  if (document.readyState === "complete") renderSections();
  else window.addEventListener("load", renderSections);
})();
