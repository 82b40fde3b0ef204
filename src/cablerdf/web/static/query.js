/* cablerdf query page: run the editor's SPARQL against the endpoint and draw the results as a table.
   Plain JavaScript, no library, no CDN. Every value is put in the page as text (textContent), never
   as markup. IRIs under the data base link to this site with relative links; other web IRIs link out;
   any other IRI (javascript:, data:, ...) is shown as text, never as a link. */
(function () {
  "use strict";

  var form = document.getElementById("query-form");
  if (!form) { return; }
  var editor = document.getElementById("query");
  var statusBox = document.getElementById("status");
  var results = document.getElementById("results");
  var share = document.getElementById("share");
  var endpoint = form.getAttribute("data-endpoint");
  var root = form.getAttribute("data-root");
  var base = form.getAttribute("data-base");
  var prefixes = JSON.parse(document.getElementById("prefixes").textContent);
  var namespaces = Object.keys(prefixes).map(function (name) { return [name, prefixes[name]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });
  var LOCAL = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
  var WEB = /^(?:https?|ftp|mailto):/i;
  var POST_ABOVE = 6000;  // characters of query past which it is POSTed (long URLs get 414)
  var running = null;
  var leaving = false;

  function setStatus(text, isError) {
    statusBox.textContent = text;
    statusBox.className = isError ? "status error" : "status";
  }

  function shareHref(query) { return "query?query=" + encodeURIComponent(query); }

  // The known prefixes a query uses without declaring them, declared in front of it.
  function withPrefixes(query) {
    var bare = query.replace(/<[^<>\s]*>/g, " ").replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ")
      .replace(/#[^\n]*/g, " ");
    var declared = {}, missing = [], match;
    var declaration = /\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:/gi;
    while ((match = declaration.exec(bare)) !== null) { declared[match[1] || ""] = true; }
    var used = /(^|[\s(){}\[\],;\/|^!=<>*+])([A-Za-z][\w-]*):/g;
    while ((match = used.exec(bare)) !== null) {
      var name = match[2];
      if (prefixes.hasOwnProperty(name) && !declared[name] && missing.indexOf(name) < 0) { missing.push(name); }
    }
    return missing.map(function (name) { return "PREFIX " + name + ": <" + prefixes[name] + ">\n"; }).join("") + query;
  }

  function compact(iri) {
    for (var i = 0; i < namespaces.length; i++) {
      var name = namespaces[i][0], ns = namespaces[i][1];
      if (iri.indexOf(ns) === 0 && LOCAL.test(iri.slice(ns.length))) { return name + ":" + iri.slice(ns.length); }
    }
    return iri;
  }

  function link(iri) {
    return iri.indexOf(base) === 0 ? root + iri.slice(base.length) : iri;
  }

  function small(text) {
    var span = document.createElement("span");
    span.className = "type";
    span.textContent = text;
    return span;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri" && WEB.test(term.value)) {
      var a = document.createElement("a");
      a.href = link(term.value);
      a.textContent = compact(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else if (term.type === "uri") {
      td.textContent = term.value;
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.appendChild(document.createTextNode(term.value));
      if (term["xml:lang"]) { td.appendChild(small("@" + term["xml:lang"])); }
      else if (term.datatype) { td.appendChild(small(compact(term.datatype))); }
    }
    return td;
  }

  function table(data) {
    var vars = data.head && data.head.vars ? data.head.vars : [];
    var rows = data.results && data.results.bindings ? data.results.bindings : [];
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    vars.forEach(function (name) {
      var th = document.createElement("th");
      th.textContent = "?" + name;
      head.appendChild(th);
    });
    var body = t.createTBody();
    rows.forEach(function (binding) {
      var tr = body.insertRow();
      vars.forEach(function (name) { tr.appendChild(cell(binding[name])); });
    });
    results.replaceChildren(t);
    return rows.length;
  }

  function request(query, signal) {
    var accept = "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1";
    if (query.length > POST_ABOVE) {
      return fetch(endpoint, { method: "POST", signal: signal, body: new URLSearchParams({ query: query }),
                               headers: { Accept: accept } });
    }
    return fetch(endpoint + "?query=" + encodeURIComponent(query), { signal: signal, headers: { Accept: accept } });
  }

  function show(response, text, started) {
    var type = response.headers.get("Content-Type") || "";
    var seconds = ((performance.now() - started) / 1000).toFixed(2);
    var truncated = response.headers.get("X-Result-Truncated");
    var note = truncated ? " (truncated: " + truncated + ")" : "";
    if (type.indexOf("json") >= 0) {
      var data = JSON.parse(text);
      if (typeof data.boolean === "boolean") {
        results.replaceChildren();
        setStatus("Answer: " + (data.boolean ? "yes" : "no") + " (" + seconds + " s)");
        return;
      }
      var n = table(data);
      setStatus(n + (n === 1 ? " row" : " rows") + " in " + seconds + " s" + note);
    } else {
      var pre = document.createElement("pre");
      pre.textContent = text;
      results.replaceChildren(pre);
      setStatus("Graph result (" + type.split(";")[0] + ") in " + seconds + " s" + note);
    }
  }

  function run() {
    var query = withPrefixes(editor.value);
    editor.value = query;
    share.href = shareHref(query);
    try { history.replaceState(null, "", shareHref(query)); } catch (e) { /* file: or sandboxed */ }
    if (running) { running.abort(); }
    running = new AbortController();
    var started = performance.now();
    setStatus("Running…");
    results.replaceChildren();
    form.classList.add("busy");
    request(query, running.signal).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) {
          setStatus("Error " + response.status + " " + response.statusText + "\n" + text, true);
          return;
        }
        show(response, text, started);
      });
    }).catch(function (error) {
      if (error.name !== "AbortError") { setStatus("The query could not be run: " + error.message, true); }
    }).finally(function () { form.classList.remove("busy"); });
  }

  function indent(event) {
    var start = editor.selectionStart, end = editor.selectionEnd;
    event.preventDefault();
    editor.setRangeText("  ", start, end, "end");
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  editor.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); run(); return; }
    if (event.key === "Escape") { leaving = true; return; }
    if (event.key === "Tab" && !event.shiftKey && !leaving) { indent(event); }
    leaving = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.example"), function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      editor.value = a.getAttribute("data-query");
      run();
    });
  });
  if (form.getAttribute("data-autorun") === "true") { run(); }
}());
