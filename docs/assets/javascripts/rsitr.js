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
    sections.forEach(function (s) {
      s.hasPapers = s.querySelector(".rsitr-paper") !== null;
      // The heading is a Markdown heading just before the section (so it is in the page's
      // table of contents); the intro is the section's first paragraph.
      s.head = [];
      var h = s.previousElementSibling;
      if (h && /^H[1-6]$/.test(h.tagName)) s.head.push(h);
      var intro = s.firstElementChild;
      if (intro && intro.tagName === "P") s.head.push(intro);
    });
    var records = [];
    var byId = new Map();
    sections.forEach(function (section) {
      section.querySelectorAll(".rsitr-paper").forEach(function (el) {
        var title = el.querySelector("h3");
        var head = el.querySelector(".rsitr-paper__head");
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
          // Title, method, venue, year, authors and earlier titles: what a reader types.
          text: fold(title.textContent + " " + (head ? head.textContent : "")),
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
        var hide = !perSection.get(s) && s.hasPapers;
        // A section without a match shows nothing but its heading and intro, so only those
        // are hidden: hiding the section itself would make the browser restyle its thousands
        // of entries when it shows again (about 150 ms for 10,000 papers).
        s.head.forEach(function (el) { if (el.hidden !== hide) el.hidden = hide; });
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

  /* ---- Benchmarks: one table per dataset holds every result; each row says whether it
     is on the leaderboard (data-board) with the rank it has there, computed at build
     time. This code only shows, hides and reorders rows: it never ranks anything.
     The view, the filters, each table's sort and the comparison live in the query
     string, so any view can be shared and is restored on load. */
  var BOARD_KEYS = ["view", "setting", "kind", "sort", "compare"];

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // The body column of each sortable header cell, from the two header rows (rowspan/colspan).
  function leafHeaders(table) {
    var rows = table.tHead.rows;
    var second = rows.length > 1 ? Array.prototype.slice.call(rows[1].cells) : [];
    var out = [];
    Array.prototype.forEach.call(rows[0].cells, function (th) {
      if (th.colSpan > 1) {
        out = out.concat(second.splice(0, th.colSpan));
      } else {
        out.push(th);
      }
    });
    return out;
  }

  function initBoards(form) {
    var status = form.querySelector(".rsitr-filters__status");
    var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-rsitr-board]"));
    var boards = tables.map(function (table) {
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      rows.forEach(function (row, i) { row._order = i; });
      return {
        table: table,
        dataset: table.closest("section").dataset.dataset,
        rows: rows,
        headers: leafHeaders(table),
        count: table.querySelector(".rsitr-board__count"),
        empty: table.closest("section").querySelector(".rsitr-filters__empty"),
        sort: null,  // {col, ascending}, or null for the leaderboard's own order
      };
    });
    var byDataset = new Map(boards.map(function (b) { return [b.dataset, b]; }));
    var pinned = null;  // the row the address's #anchor names: shown whatever the filters

    function checked(name) {
      return Array.prototype.filter.call(form.elements[name], function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    }

    function view() { return form.querySelector("input[name=view]:checked").value; }

    function sortBoard(b, col, ascending) {
      var column = -1;
      b.headers.forEach(function (th, i) { if (th.dataset.col === col) column = i; });
      if (column < 0) return false;
      var th = b.headers[column];
      var numeric = th.dataset.type === "number";
      var keyed = b.rows.map(function (row) {
        var raw = row.cells[column].dataset.value;
        var value = raw === undefined || raw === "" ? null : (numeric ? Number(raw) : fold(raw));
        // mR-only rows stay below complete ones in any order: they are never ranked with them.
        return { row: row, value: value, group: row.dataset.partial ? 1 : 0 };
      });
      var direction = ascending ? 1 : -1;
      keyed.sort(function (a, c) {
        if (a.group !== c.group) return a.group - c.group;
        // Missing values go last in either direction; ties keep the leaderboard's order.
        if (a.value === null || c.value === null) {
          return a.value === c.value ? a.row._order - c.row._order : (a.value === null ? 1 : -1);
        }
        var d = numeric ? a.value - c.value : a.value.localeCompare(c.value);
        return d !== 0 ? d * direction : a.row._order - c.row._order;
      });
      var fragment = document.createDocumentFragment();
      keyed.forEach(function (k) { fragment.appendChild(k.row); });
      b.table.tBodies[0].appendChild(fragment);
      b.headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      b.sort = { col: col, ascending: ascending };
      return true;
    }

    function unsort(b) {
      var fragment = document.createDocumentFragment();
      b.rows.slice().sort(function (a, c) { return a._order - c._order; })
        .forEach(function (row) { fragment.appendChild(row); });
      b.table.tBodies[0].appendChild(fragment);
      b.headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
      b.sort = null;
    }

    function apply() {
      var all = view() === "all";
      var settings = checked("setting");
      var kinds = checked("kind");
      var narrowed = settings.length !== form.elements.setting.length || kinds.length !== form.elements.kind.length;
      var shown = 0;
      var total = 0;
      boards.forEach(function (b) {
        var visible = 0;
        b.rows.forEach(function (row) {
          var ok = (all || row.dataset.board === "1") && settings.indexOf(row.dataset.setting) >= 0 &&
            kinds.indexOf(row.dataset.kind) >= 0;
          ok = ok || row === pinned;
          if (row.hidden === ok) row.hidden = !ok;
          if (ok) visible++;
        });
        var of = all ? Number(b.table.dataset.total) : Number(b.table.dataset.ranked);
        var what = all ? plural(of, "result", "results")
          : plural(of, "method and variant", "methods and variants");
        var name = b.table.dataset.name;
        // The caption counts the rows it heads, after any filter.
        b.count.textContent = visible === of
          ? (all ? "All " + what + " on " + name + ", best mR first; rows marked – are not ranked."
            : what.charAt(0).toUpperCase() + what.slice(1) + " on " + name + ", ranked by mR.")
          : visible + " of " + what + " on " + name + " shown" +
            (all ? "." : "; ranks are the leaderboard's.");
        if (b.empty) b.empty.hidden = visible !== 0;
        shown += visible;
        total += of;
      });
      status.textContent = "Showing " + shown + " of " + total + (all ? " results, ranked or not." :
        " leaderboard rows (one per method and variant).") + (narrowed ? " Some settings or kinds are hidden." : "");
      save();
    }

    function save() {
      var values = [];
      if (view() === "all") values.push(["view", "all"]);
      var settings = checked("setting");
      if (settings.length !== form.elements.setting.length) values.push(["setting", settings.join(",")]);
      var kinds = checked("kind");
      if (kinds.length !== form.elements.kind.length) values.push(["kind", kinds.join(",")]);
      var sorts = boards.filter(function (b) { return b.sort; }).map(function (b) {
        return b.dataset + ":" + b.sort.col + ":" + (b.sort.ascending ? "asc" : "desc");
      });
      if (sorts.length) values.push(["sort", sorts.join(",")]);
      if (compare.ids.length) values.push(["compare", compare.ids.join(",")]);
      saveState(BOARD_KEYS, values);
    }

    // Header buttons are made here: without this script a button would sort nothing.
    boards.forEach(function (b) {
      b.headers.forEach(function (th) {
        if (!th.dataset.col) return;
        var button = document.createElement("button");
        button.type = "button";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var state = th.getAttribute("aria-sort");
          // First click: numbers best-first (descending; ranks ascending), text A to Z; then toggle.
          var first = th.dataset.first || (th.dataset.type === "number" ? "descending" : "ascending");
          var ascending = state ? state === "descending" : first === "ascending";
          sortBoard(b, th.dataset.col, ascending);
          save();
        });
      });
    });

    // A link to one row (from the Methods page, a comparison, a shared #anchor) shows it,
    // switching to all results when it is not a leaderboard row.
    function revealTarget() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var row = id.indexOf("result-") === 0 ? document.getElementById(id) : null;
      if (!row || !row.closest("table[data-rsitr-board]")) return;
      if (row.dataset.board !== "1" && view() !== "all") {
        form.querySelector("input[name=view][value=all]").checked = true;
      }
      pinned = row;
      apply();
      row.scrollIntoView({ block: "center" });
    }

    var params = new URLSearchParams(window.location.search);
    if (params.get("view") === "all") form.querySelector("input[name=view][value=all]").checked = true;
    ["setting", "kind"].forEach(function (name) {
      if (!params.has(name)) return;
      var wanted = params.get(name).split(",");
      Array.prototype.forEach.call(form.elements[name], function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
    });
    (params.get("sort") || "").split(",").forEach(function (item) {
      var parts = item.split(":");
      var b = byDataset.get(parts[0]);
      if (b && parts.length === 3 && (parts[2] === "asc" || parts[2] === "desc")) {
        sortBoard(b, parts[1], parts[2] === "asc");
      }
    });

    var compare = initCompare(params, boards, save);
    form.addEventListener("change", function () { pinned = null; apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      // A reset fires before the fields are cleared; apply once they are.
      window.setTimeout(function () { pinned = null; boards.forEach(unsort); apply(); }, 0);
    });
    window.addEventListener("hashchange", revealTarget);
    form.hidden = false;
    apply();
    compare.render();
    revealTarget();
    if (compare.ids.length && !window.location.hash) {
      document.getElementById("compare").scrollIntoView();
    }
  }

  /* ---- Compare: two to four methods' leaderboard rows side by side, one row per dataset.
     Built from the boards' own rows, with text nodes and clones of their marks only. */
  var COMPARE_MAX = 4;

  function initCompare(params, boards, save) {
    var form = document.getElementById("compare-form");
    var state = { ids: [], render: function () {} };
    if (!form) return state;
    var select = form.elements.method;
    var labels = new Map();
    Array.prototype.forEach.call(select.options, function (o) { labels.set(o.value, o.textContent); });
    var picked = form.querySelector(".rsitr-compare__picked");
    var status = form.querySelector(".rsitr-compare__status");
    var result = form.parentNode.querySelector(".rsitr-compare__result");
    var add = form.querySelector("button[type=submit]");

    (params.get("compare") || "").split(",").forEach(function (id) {
      // Only methods the page offers, each once, at most four.
      if (labels.has(id) && state.ids.indexOf(id) < 0 && state.ids.length < COMPARE_MAX) state.ids.push(id);
    });

    function el(tag, text, className) {
      var node = document.createElement(tag);
      if (text) node.textContent = text;
      if (className) node.className = className;
      return node;
    }

    state.render = function () {
      picked.textContent = "";
      state.ids.forEach(function (id) {
        var item = el("li");
        item.appendChild(document.createTextNode(labels.get(id) + " "));
        var remove = el("button", "×", "rsitr-compare__remove");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove " + labels.get(id));
        remove.addEventListener("click", function () {
          state.ids.splice(state.ids.indexOf(id), 1);
          state.render();
          save();
        });
        item.appendChild(remove);
        picked.appendChild(item);
      });
      add.disabled = state.ids.length >= COMPARE_MAX;
      result.textContent = "";
      if (!state.ids.length) {
        status.textContent = "No method picked yet.";
        return;
      }
      var datasets = [];
      boards.forEach(function (b) {
        var cells = state.ids.map(function (id) {
          return b.rows.filter(function (row) { return row.dataset.board === "1" && row.dataset.method === id; })
            .sort(function (a, c) { return a._order - c._order; });
        });
        if (cells.some(function (rows) { return rows.length; })) datasets.push({ board: b, cells: cells });
      });
      status.textContent = (state.ids.length < 2 ? "Pick at least one more method to compare. " : "") +
        "Comparing " + plural(state.ids.length, "method", "methods") + " on " +
        plural(datasets.length, "dataset", "datasets") + ".";
      if (!datasets.length) return;
      var wrap = el("div", "", "rsitr-board__scroll");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Comparison");
      wrap.tabIndex = 0;
      var table = el("table");  // no class: the theme styles it as every plain table
      table.appendChild(el("caption", "Leaderboard rows of the methods picked: mR, rank and setting on each dataset. " +
        "Each number links to its row."));
      var head = table.createTHead().insertRow();
      var corner = el("th", "Dataset", "rsitr-col-method");
      corner.scope = "col";
      head.appendChild(corner);
      state.ids.forEach(function (id) {
        var th = el("th", labels.get(id));
        th.scope = "col";
        head.appendChild(th);
      });
      var body = table.createTBody();
      datasets.forEach(function (d) {
        var tr = body.insertRow();
        var th = el("th", d.board.table.dataset.name, "rsitr-col-method");
        th.scope = "row";
        tr.appendChild(th);
        d.cells.forEach(function (rows) {
          var td = tr.insertCell();
          if (!rows.length) { td.textContent = "–"; return; }
          rows.forEach(function (row) {
            var line = el("div", "", "rsitr-compare__cell");
            var variant = row.querySelector(".rsitr-col-method .rsitr-muted");
            if (variant) line.appendChild(el("span", variant.textContent + " ", "rsitr-muted"));
            var link = el("a", "mR " + row.cells[2].querySelector("strong").textContent);
            link.href = "#" + row.id;
            line.appendChild(link);
            line.appendChild(document.createTextNode(" · rank " + row.cells[0].dataset.value + " "));
            var mark = row.cells[3].querySelector("abbr");
            if (mark) line.appendChild(mark.cloneNode(true));
            td.appendChild(line);
          });
        });
      });
      wrap.appendChild(table);
      result.appendChild(wrap);
    };

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = select.value;
      if (id && state.ids.indexOf(id) < 0 && state.ids.length < COMPARE_MAX) {
        state.ids.push(id);
        state.render();
        save();
      }
    });
    form.querySelector(".rsitr-compare__clear").addEventListener("click", function () {
      state.ids = [];
      state.render();
      save();
    });
    form.hidden = false;
    return state;
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
    if (results) initBoards(results);
  }

  // Styles that assume this script (folded BibTeX) key on this class.
  document.documentElement.classList.add("rsitr-js");
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
