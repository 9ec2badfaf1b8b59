// The search page: Pagefind's index (built into <site>/pagefind/ by
// scripts/build-book) searched in the browser, with no server and no network.
// search.html?q=WORDS shows the results for WORDS; typing updates both the
// results and the address, so that the address can be shared.
const root = new URL("../", import.meta.url);
const input = document.getElementById("nllbook-search-input");
const status = document.getElementById("nllbook-search-status");
const list = document.getElementById("search-results");
const MAX_RESULTS = 20;
const MAX_SECTIONS = 3;

function link(url, text, className) {
  const a = document.createElement("a");
  a.href = url;
  a.textContent = text;
  if (className) a.className = className;
  return a;
}

// A result's page, its excerpt (Pagefind escapes the page's text and marks
// the matched words with <mark>), and the sections of the page that match.
function item(data) {
  const li = document.createElement("li");
  li.className = "nllbook-search-result";
  const title = document.createElement("p");
  title.className = "nllbook-search-title";
  title.append(link(data.url, data.meta.title || data.url));
  const context = document.createElement("p");
  context.className = "context";
  context.innerHTML = data.excerpt;
  li.append(title, context);
  const sections = (data.sub_results || []).filter(
    (s) => s.url !== data.url && s.title && s.url.includes("#"),
  );
  if (sections.length) {
    const ul = document.createElement("ul");
    ul.className = "nllbook-search-sections";
    for (const s of sections.slice(0, MAX_SECTIONS)) {
      const sub = document.createElement("li");
      sub.append(link(s.url, s.title));
      ul.append(sub);
    }
    li.append(ul);
  }
  return li;
}

const baseTitle = document.title;
let pagefind = null;
let shown = null;

async function show(query) {
  const q = query.trim();
  if (q === shown) return;
  shown = q;
  const url = new URL(location.href);
  if (q) url.searchParams.set("q", q);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  document.title = q ? `${q} – ${baseTitle}` : baseTitle;
  if (!q) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  const search = await pagefind.debouncedSearch(q, {}, 150);
  if (search === null || q !== shown) return; // a newer query took over
  // Pagefind lists the pages that have every word. When no page has them
  // all, list the pages that have the most of them, and say so.
  let results = search.results;
  let partial = false;
  const words = q.split(/\s+/).filter(Boolean);
  if (results.length === 0 && words.length > 1) {
    results = await anyOf(words);
    partial = results.length > 0;
  }
  const data = await Promise.all(results.slice(0, MAX_RESULTS).map((r) => r.data()));
  if (q !== shown) return;
  list.replaceChildren(...data.map(item));
  const n = results.length;
  status.textContent =
    n === 0
      ? `No page matches “${q}”. Try other words, or another name for the idea.`
      : (partial
          ? `No page has every word of “${q}”; ${n} ${n === 1 ? "page has" : "pages have"} some, most first`
          : `${n} ${n === 1 ? "page matches" : "pages match"} “${q}”`) +
        (n > MAX_RESULTS ? `; the first ${MAX_RESULTS} are shown.` : ".");
}

// The pages that have any of the words: those with more of them first, then
// by Pagefind's score.
async function anyOf(words) {
  const searches = await Promise.all(words.map((w) => pagefind.search(w)));
  const pages = new Map();
  for (const search of searches) {
    for (const r of search.results) {
      const page = pages.get(r.id) || { result: r, words: 0, score: 0 };
      page.words += 1;
      page.score += r.score;
      pages.set(r.id, page);
    }
  }
  return [...pages.values()]
    .sort((a, b) => b.words - a.words || b.score - a.score)
    .map((page) => page.result);
}

async function start() {
  const q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  if (location.protocol === "file:") {
    status.textContent =
      "The search reads its index over HTTP, which a page opened from a file cannot do. " +
      "Serve the site, for example with: python3 -m http.server -d _build/html";
    return;
  }
  pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  await pagefind.options({ baseUrl: root.pathname, excerptLength: 24 });
  pagefind.init();
  input.addEventListener("input", () => show(input.value));
  // Enter shows the results of what is typed without reloading the page.
  input.form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(input.value);
  });
  await show(q);
}

start().catch((error) => {
  status.textContent = `The search could not start: ${error.message}`;
  throw error;
});
