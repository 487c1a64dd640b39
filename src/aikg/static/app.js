// The aikg query page: examples from /questions, queries to /sparql, results as a table.
// No network assets; every value is inserted as text, never as HTML.
"use strict";

const PREFIXES = {
  "https://w3id.org/aikg/ont/": "aikg:",
  "https://w3id.org/aikg/data/": "aikgd:",
  "https://w3id.org/aikg/vocab/": "aikgv:",
};

function compact(iri) {
  for (const [namespace, prefix] of Object.entries(PREFIXES)) {
    if (iri.startsWith(namespace)) return prefix + iri.slice(namespace.length);
  }
  return "<" + iri + ">";
}

function show(term) {
  if (!term) return "";
  if (term.type === "uri") return compact(term.value);
  if (term.type === "bnode") return "_:" + term.value;
  if (term["xml:lang"]) return JSON.stringify(term.value) + "@" + term["xml:lang"];
  return term.value;
}

function setStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = isError ? "error" : "";
}

function renderTable(document_, target) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of document_.head.vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const binding of document_.results.bindings) {
    const row = body.insertRow();
    for (const name of document_.head.vars) row.insertCell().textContent = show(binding[name]);
  }
  target.appendChild(table);
  return document_.results.bindings.length;
}

async function run(event) {
  event.preventDefault();
  const query = document.getElementById("query").value;
  const target = document.getElementById("results");
  target.replaceChildren();
  setStatus("running…", false);
  const started = performance.now();
  const isGraph = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)\b/i.test(query);
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {
      "Content-Type": "application/sparql-query",
      "Accept": isGraph ? "text/turtle" : "application/sparql-results+json",
    },
    body: query,
  });
  const elapsed = Math.round(performance.now() - started);
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error.message; } catch (ignored) { /* not JSON */ }
    setStatus(`error ${response.status}: ${message}`, true);
    return;
  }
  if (isGraph) {
    const pre = document.createElement("pre");
    pre.textContent = await response.text();
    target.appendChild(pre);
    setStatus(`graph in ${elapsed} ms`, false);
    return;
  }
  const answer = await response.json();
  if (typeof answer.boolean === "boolean") {
    const p = document.createElement("p");
    p.textContent = answer.boolean ? "yes" : "no";
    target.appendChild(p);
    setStatus(`answered in ${elapsed} ms`, false);
    return;
  }
  const count = renderTable(answer, target);
  setStatus(`${count} row${count === 1 ? "" : "s"} in ${elapsed} ms`, false);
}

async function loadExamples() {
  const select = document.getElementById("example");
  const response = await fetch("/questions");
  const questions = await response.json();
  const byId = new Map();
  for (const question of questions) {
    byId.set(question.id, question);
    const option = document.createElement("option");
    option.value = question.id;
    option.textContent = `${question.id}: ${question.title}`;
    select.appendChild(option);
  }
  select.addEventListener("change", () => {
    const question = byId.get(select.value);
    document.getElementById("example-question").textContent = question ? question.question : "";
    if (question) document.getElementById("query").value = question.sparql;
  });
}

document.getElementById("query-form").addEventListener("submit", (event) => {
  run(event).catch((error) => setStatus(`error: ${error}`, true));
});
loadExamples().catch((error) => setStatus(`cannot load the examples: ${error}`, true));
