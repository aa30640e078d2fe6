// Neighbourhood graph of a resource: click a node to add its neighbours, double-click to open its page.
(function () {
  "use strict";
  const box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") return;
  const status = document.getElementById("graph-status");
  const colours = { PolicyDocument: "#8a1c1c", Project: "#1a4f8b", Department: "#2d7a3e", Disclosure: "#b7791f", BudgetUnit: "#2d7a3e", Concept: "#6b46c1" };
  const cy = cytoscape({
    container: box,
    wheelSensitivity: 0.3,
    maxZoom: 1.3,
    style: [
      { selector: "node", style: { label: "data(short)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120, "background-color": "data(colour)", width: 18, height: 18, color: "#1d2430" } },
      { selector: "node.center", style: { width: 30, height: 30, "border-width": 3, "border-color": "#000" } },
      { selector: "node.expanded", style: { "border-width": 2, "border-color": "#555" } },
      { selector: "edge", style: { width: 1, "line-color": "#b8c0cc", "target-arrow-shape": "triangle", "target-arrow-color": "#b8c0cc", "curve-style": "bezier", label: "data(label)", "font-size": 8, color: "#5b6575" } },
    ],
  });
  const expanded = new Set();
  function addNode(n) {
    if (cy.getElementById(n.id).length) return;
    const text = n.label || n.id;
    cy.add({ group: "nodes", data: { id: n.id, label: text, short: text.length > 14 ? text.slice(0, 13) + "…" : text, url: n.url, kind: n.kind, colour: colours[n.kind] || "#7a8699" } });
  }
  async function expand(iri, first) {
    if (expanded.has(iri)) return;
    expanded.add(iri);
    const response = await fetch("/api/neighbourhood?iri=" + encodeURIComponent(iri), { headers: { Accept: "application/json" } });
    if (!response.ok) { if (status) status.textContent = "无法载入：" + response.status; return; }
    const data = await response.json();
    if (first) addNode({ id: iri, label: data.centerLabel, url: "" });
    data.nodes.forEach(addNode);
    data.edges.forEach(function (e) {
      const id = e.source + " " + e.label + " " + e.target;
      if (!cy.getElementById(id).length && cy.getElementById(e.source).length && cy.getElementById(e.target).length) {
        cy.add({ group: "edges", data: { id: id, source: e.source, target: e.target, label: e.label } });
      }
    });
    cy.getElementById(iri).addClass("expanded");
    // Rings around the starting node; nodes with more links sit nearer the middle.
    cy.layout({ name: "concentric", animate: false, minNodeSpacing: 50, concentric: function (n) { return n.id() === start ? 1000 : n.degree(); }, levelWidth: function () { return 2; } }).run();
    box.dataset.nodes = String(cy.nodes().length);
    if (status) status.textContent = cy.nodes().length + " 个节点，" + cy.edges().length + " 条边" + (data.total > data.nodes.length ? "（本次仅显示 " + data.nodes.length + " / " + data.total + " 个相邻节点）" : "");
  }
  cy.on("tap", "node", function (evt) { expand(evt.target.id()); });
  cy.on("dbltap", "node", function (evt) { const url = evt.target.data("url"); if (url) window.location.href = url; });
  const start = box.dataset.iri;
  expand(start, true).then(function () { cy.getElementById(start).addClass("center"); });
  window.budgetkgGraph = cy;
})();
