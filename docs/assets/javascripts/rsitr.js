/* Filters and sorting for the generated pages (Methods, Benchmarks).
 *
 * The pages are complete without this script: it only reveals the filter forms,
 * hides what does not match and reorders table rows. Filter state is kept in the
 * query string, so a filtered view can be shared and is restored on load; other
 * query parameters (such as Material's search highlight `h`) are left alone.
 */
(function () {
  "use strict";

  // Case- and accent-insensitive matching: "ozturk" finds "Öztürk".
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function saveState(keys, values) {
    var url = new URL(window.location.href);
    keys.forEach(function (key) { url.searchParams.delete(key); });
    values.forEach(function (pair) { url.searchParams.append(pair[0], pair[1]); });
    if (url.href !== window.location.href) {
      window.history.replaceState(window.history.state, "", url.href);
    }
  }

  function selectValue(select, value) {
    // Only a value the page offers is taken; anything else in the URL is ignored.
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { select.selectedIndex = i; return; }
    }
  }

  /* ---- Methods: one pass over precomputed records; only changed entries touch the DOM.
     At most `pageSize` matches are shown at a time ("Show more" adds a page): then a
     filter change touches at most two pages of entries, however long the list, and
     style recalculation stays far below 100 ms even for 10,000 papers. */
  function initPaperFilter(form) {
    var keys = ["text", "category", "from", "to", "venue", "dataset", "code"];
    // Not form.dataset: a form exposes its fields as properties, and one is named "dataset".
    var pageSize = Number(form.getAttribute("data-page-size")) || Infinity;
    var limit = pageSize;
    var status = form.querySelector(".rsitr-filters__status");
    var more = document.querySelector(".rsitr-filters__more");
    var all = document.querySelector(".rsitr-filters__all");
    var empty = document.querySelector(".rsitr-filters__empty");
    var sections = Array.prototype.slice.call(document.querySelectorAll(".rsitr-category"));
    var records = [];
    var byId = new Map();
    sections.forEach(function (section) {
      section.querySelectorAll(".rsitr-paper").forEach(function (el) {
        var header = el.querySelector("header");
        var record = {
          el: el,
          section: section,
          shown: true,
          pinned: false,  // the target of the address's #anchor: shown whatever the filters
          category: el.dataset.category,
          year: Number(el.dataset.year),
          venue: el.dataset.venue,
          datasets: el.dataset.datasets ? el.dataset.datasets.split(" ") : [],
          code: el.dataset.code === "1",
          text: fold(header ? header.textContent : el.textContent),
        };
        records.push(record);
        byId.set(el.querySelector("h3").id, record);
      });
    });

    function current() {
      var f = form.elements;
      return {
        words: fold(f.text.value).split(/\s+/).filter(Boolean),
        category: f.category.value,
        from: f.from.value ? Number(f.from.value) : null,
        to: f.to.value ? Number(f.to.value) : null,
        venue: f.venue.value,
        dataset: f.dataset.value,
        code: f.code.checked,
      };
    }

    function matches(r, q) {
      if (q.category && r.category !== q.category) return false;
      if ((q.from !== null || q.to !== null) && !r.year) return false;  // a year filter hides undated papers
      if (q.from !== null && r.year < q.from) return false;
      if (q.to !== null && r.year > q.to) return false;
      if (q.venue && r.venue !== q.venue) return false;
      if (q.dataset && r.datasets.indexOf(q.dataset) < 0) return false;
      if (q.code && !r.code) return false;
      for (var i = 0; i < q.words.length; i++) {
        if (r.text.indexOf(q.words[i]) < 0) return false;
      }
      return true;
    }

    function render() {
      var q = current();
      var matched = 0;
      var shown = 0;
      var perSection = new Map();
      for (var i = 0; i < records.length; i++) {
        var r = records[i];
        var ok = matches(r, q);
        if (ok) matched++;
        var show = (ok && matched <= limit) || r.pinned;
        if (show !== r.shown) { r.el.hidden = !show; r.shown = show; }
        if (show) { shown++; perSection.set(r.section, true); }
      }
      sections.forEach(function (s) {
        var hide = !perSection.get(s) && s.querySelector(".rsitr-paper") !== null;
        if (s.hidden !== hide) s.hidden = hide;
        // The heading is a Markdown heading just before the section (so it is in the page's
        // table of contents): it goes with its section.
        var h = s.previousElementSibling;
        if (h && /^H[1-6]$/.test(h.tagName) && h.hidden !== hide) h.hidden = hide;
      });
      if (empty) empty.hidden = shown !== 0;
      var total = records.length;
      var text = matched === total ? "All " + total + " papers" : matched + " of " + total + " papers match";
      status.textContent = text + (shown < matched ? "; showing the first " + shown + "." : ".");
      more.hidden = all.hidden = shown >= matched;
      more.textContent = "Show " + Math.min(pageSize, matched - shown) + " more";
      all.textContent = "Show all " + matched;
      return q;
    }

    function apply() {
      limit = pageSize;
      records.forEach(function (r) { r.pinned = false; });
      var q = render();
      var values = [];
      if (q.words.length) values.push(["text", form.elements.text.value.trim()]);
      ["category", "from", "to", "venue", "dataset"].forEach(function (k) {
        if (form.elements[k].value) values.push([k, form.elements[k].value]);
      });
      if (q.code) values.push(["code", "1"]);
      saveState(keys, values);
    }

    // A link to one paper (a search result, a shared #anchor) shows it even when
    // the filters or the page limit would hide it, then scrolls to it.
    function revealTarget() {
      var record = byId.get(decodeURIComponent(window.location.hash.slice(1)));
      if (!record || record.shown) return;
      record.pinned = true;
      render();
      record.el.scrollIntoView();
    }

    var params = new URLSearchParams(window.location.search);
    form.elements.text.value = params.get("text") || "";
    ["category", "from", "to", "venue", "dataset"].forEach(function (k) {
      if (params.has(k)) selectValue(form.elements[k], params.get(k));
    });
    form.elements.code.checked = params.get("code") === "1";
    // Typing fires "input"; selects and the checkbox fire "change" (once each).
    form.addEventListener("input", function (event) { if (event.target.name === "text") apply(); });
    form.addEventListener("change", function (event) { if (event.target.name !== "text") apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // A reset fires before the fields are cleared; apply once they are.
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    more.addEventListener("click", function () { limit += pageSize; render(); });
    all.addEventListener("click", function () { limit = Infinity; render(); });
    window.addEventListener("hashchange", revealTarget);
    form.hidden = false;
    apply();
    revealTarget();
  }

  /* ---- Benchmarks: setting/kind filters over every leaderboard. */
  function initResultFilter(form) {
    var keys = ["setting", "kind"];
    var status = form.querySelector(".rsitr-filters__status");
    var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-rsitr-board]"));

    function checked(name) {
      return Array.prototype.filter.call(form.elements[name], function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    }

    function apply() {
      var settings = checked("setting");
      var kinds = checked("kind");
      var allSettings = settings.length === form.elements.setting.length;
      var shown = 0;
      var total = 0;
      tables.forEach(function (table) {
        var visible = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          // A row whose source states no setting only hides when settings are narrowed.
          var settingOk = settings.indexOf(row.dataset.setting) >= 0 || (allSettings && !row.dataset.setting);
          var ok = settingOk && kinds.indexOf(row.dataset.kind) >= 0;
          if (row.hidden === ok) row.hidden = !ok;
          if (ok) visible++;
        });
        var empty = table.closest("section").querySelector(".rsitr-filters__empty");
        if (empty) empty.hidden = visible !== 0;
        shown += visible;
        total += table.tBodies[0].rows.length;
      });
      status.textContent = "Showing " + shown + " of " + total + " results.";
      var values = [];
      if (!allSettings) values.push(["setting", settings.join(",")]);
      if (kinds.length !== form.elements.kind.length) values.push(["kind", kinds.join(",")]);
      saveState(keys, values);
    }

    var params = new URLSearchParams(window.location.search);
    keys.forEach(function (name) {
      if (!params.has(name)) return;
      var wanted = params.get(name).split(",");
      Array.prototype.forEach.call(form.elements[name], function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
    });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* ---- Sortable tables: a button in each sortable header; cells carry data-value. */
  function initSortable(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, column) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var numeric = th.dataset.type === "number";
        var state = th.getAttribute("aria-sort");
        // First click: numbers best-first (descending), text A to Z; then toggle.
        var ascending = state ? state === "descending" : !numeric;
        sortBy(table, column, numeric, ascending);
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  function sortBy(table, column, numeric, ascending) {
    var body = table.tBodies[0];
    var keyed = Array.prototype.map.call(body.rows, function (row, index) {
      var raw = row.cells[column].dataset.value;
      var value = raw === undefined || raw === "" ? null : (numeric ? Number(raw) : fold(raw));
      return { row: row, value: value, index: index };
    });
    var direction = ascending ? 1 : -1;
    keyed.sort(function (a, b) {
      // Missing values go last in either direction; ties keep the current order.
      if (a.value === null || b.value === null) {
        return a.value === b.value ? a.index - b.index : (a.value === null ? 1 : -1);
      }
      var c = numeric ? a.value - b.value : a.value.localeCompare(b.value);
      return c !== 0 ? c * direction : a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (k) { fragment.appendChild(k.row); });
    body.appendChild(fragment);
  }

  /* ---- BibTeX toggles: one delegated listener, whatever the number of papers.
     Copying is Material's own clipboard handler (data-clipboard-target). */
  function initBibtex() {
    document.addEventListener("click", function (event) {
      var toggle = event.target.closest && event.target.closest(".rsitr-bibtex__toggle");
      if (!toggle) return;
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.closest(".rsitr-bibtex").classList.toggle("rsitr-bibtex--open", open);
    });
  }

  function init() {
    initBibtex();
    var papers = document.querySelector('form[data-rsitr-filter="papers"]');
    if (papers) initPaperFilter(papers);
    var results = document.querySelector('form[data-rsitr-filter="results"]');
    if (results) initResultFilter(results);
    document.querySelectorAll("table[data-rsitr-sortable]").forEach(initSortable);
  }

  // Styles that assume this script (folded BibTeX) key on this class.
  document.documentElement.classList.add("rsitr-js");
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
