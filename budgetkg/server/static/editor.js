// SPARQL editor: examples from the named queries, runs against /sparql, shows a table.
(function () {
  "use strict";
  const query = document.getElementById("query");
  const example = document.getElementById("example");
  const params = document.getElementById("params");
  const results = document.getElementById("results");
  const status = document.getElementById("status");
  function showParams(names) {
    params.innerHTML = "";
    Object.keys(names).forEach(function (name) {
      const label = document.createElement("label");
      label.textContent = name + " ";
      const input = document.createElement("input");
      input.name = name;
      input.title = names[name];
      input.placeholder = names[name];
      label.appendChild(input);
      params.appendChild(label);
    });
  }
  example.addEventListener("change", function () {
    if (!example.value) return;
    query.value = document.getElementById("q-" + example.value).textContent.trim();
    showParams(JSON.parse(example.selectedOptions[0].dataset.params || "{}"));
  });
  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value.startsWith("https://w3id.org/budgetkg/id/")
        ? "/id/" + term.value.slice("https://w3id.org/budgetkg/id/".length).split("/").map(encodeURIComponent).join("/")
        : "/resource?iri=" + encodeURIComponent(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }
  async function run() {
    status.textContent = "运行中…";
    results.innerHTML = "";
    const inputs = params.querySelectorAll("input");
    let response;
    if (example.value && inputs.length) {
      // A named query with parameters runs by name, so the values are bound, never pasted into the text.
      const search = new URLSearchParams();
      inputs.forEach(function (i) { if (i.value) search.set(i.name, i.value); });
      search.set("format", "json");
      response = await fetch("/queries/" + encodeURIComponent(example.value) + "?" + search.toString());
    } else {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: query.value,
      });
    }
    const text = await response.text();
    if (!response.ok) {
      status.textContent = "错误 " + response.status;
      const pre = document.createElement("pre");
      pre.className = "error-message";
      pre.textContent = text;
      results.appendChild(pre);
      return;
    }
    if (!(response.headers.get("Content-Type") || "").includes("json")) {
      const pre = document.createElement("pre");
      pre.textContent = text;
      results.appendChild(pre);
      status.textContent = "图结果 (Turtle)";
      return;
    }
    const data = JSON.parse(text);
    if (typeof data.boolean === "boolean") { status.textContent = "结果：" + (data.boolean ? "是 (true)" : "否 (false)"); return; }
    const table = document.createElement("table");
    table.className = "data results";
    const head = table.createTHead().insertRow();
    data.head.vars.forEach(function (v) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    const body = table.createTBody();
    data.results.bindings.forEach(function (b) {
      const tr = body.insertRow();
      data.head.vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
    });
    results.appendChild(table);
    status.textContent = data.results.bindings.length + " 行";
  }
  document.getElementById("run").addEventListener("click", run);
})();
