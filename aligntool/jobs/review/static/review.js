// aligntool review page. Every text from the TMX goes into the page through textContent / text nodes,
// never as HTML; the server's Content-Security-Policy forbids inline scripts as a second line of defence.
"use strict";

const PAGE = 100;
const token = new URLSearchParams(location.search).get("token") || "";
const state = {
  lang: "", offset: 0, total: 0, rows: [], current: 0, editing: null, column: "target", dirty: false,
  filters: new Set(), search: "",
};
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const options = { method, headers: { "X-Review-Token": token } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = {};
  try { data = await response.json(); } catch (_) { data = { error: `${response.status} ${response.statusText}` }; }
  if (!response.ok) {
    const error = new Error(data.error || `${response.status}`);
    error.conflict = Boolean(data.conflict);
    throw error;
  }
  return data;
}

function say(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Text with glossary terms highlighted: spans are [start, end, kind] offsets into the text.
function fillText(cell, text, spans, failures) {
  cell.replaceChildren();
  cell.classList.toggle("empty", !text.trim());
  let at = 0;
  const sorted = (spans || []).slice().sort((a, b) => a[0] - b[0]);
  for (const [start, end, kind] of sorted) {
    if (start < at) continue;
    cell.append(document.createTextNode(text.slice(at, start)));
    const mark = el("mark", kind, text.slice(start, end));
    mark.title = kind === "missing" ? "term not rendered as the glossary says" : kind === "bad"
      ? "deprecated or forbidden term" : "glossary term";
    cell.append(mark);
    at = end;
  }
  cell.append(document.createTextNode(text.slice(at)));
}

function badge(text, className) { return el("span", `badge ${className || ""}`, text); }

function renderRow(row, position) {
  const node = el("div", "row");
  node.dataset.id = row.id;
  node.dataset.position = position;
  const terms = row.terms || {};
  node.classList.toggle("doubtful", row.doubtful);
  node.classList.toggle("reviewed", row.reviewed);
  node.classList.toggle("term-fail", terms.status === "fail");
  node.classList.toggle("out", !row.in_tm);
  node.append(el("div", "num", String(row.index + 1)));
  const source = el("div", "cell src");
  const target = el("div", "cell tgt");
  fillText(source, row.source, terms.source_spans);
  fillText(target, row.target, terms.target_spans);
  node.append(source, target);

  const evidence = el("div", "evidence");
  const badges = el("div", "badges");
  if (row.score !== null && row.score !== undefined) {
    badges.append(badge(`score ${row.score.toFixed(3)}`, row.score < 0.5 ? "low" : "high"));
  }
  for (const reason of row.reasons) badges.append(badge(reason, "reason"));
  if (row.one_sided && !row.reasons.length) badges.append(badge("no counterpart", "reason"));
  if (row.origin) badges.append(badge(row.origin, row.origin === "reviewed" ? "reviewed" : ""));
  if (row.capped) badges.append(badge("output capped", "capped"));
  if (terms.status === "ok") badges.append(badge("terms ok", "high"));
  if (terms.status === "fail") badges.append(badge("term failure", "fail"));
  if (row.no_counterpart) badges.append(badge("marked: no counterpart", "reason"));
  else if (!row.in_tm) badges.append(badge("not in TM", ""));
  if (row.changed) badges.append(badge("changed", ""));
  evidence.append(badges);
  if (terms.failures && terms.failures.length) {
    const list = el("ul", "failures");
    for (const failure of terms.failures) list.append(el("li", "", `${failure.kind}: ${failure.message}`));
    evidence.append(list);
  }
  for (const [key, value] of row.evidence || []) {
    // Score, origin and term status are shown as badges above; document and segment only as a tooltip.
    if (!key.startsWith("x-align-bead") && !key.startsWith("x-mt-model")) {
      if (key === "x-document" || key === "x-segment") node.title = `${node.title}${key}: ${value}\n`;
      continue;
    }
    evidence.append(el("div", "prop", `${key}: ${value}`));
  }
  for (const note of row.notes || []) evidence.append(el("div", "note", `note: ${note}`));
  if (row.tm) {
    const match = el("div", "tm-match");
    match.append(badge(`TM ${row.tm.score}%`, row.tm.score >= 95 ? "high" : "low"));
    match.append(document.createTextNode(` ${row.tm.suggestion || row.tm.target}`));
    match.title = `TM source: ${row.tm.source}\norigin: ${row.tm.origin || "-"}, from ${row.tm.imported_from}`;
    evidence.append(match);
  }
  const actions = el("div", "actions");
  const buttons = [
    ["Edit", "edit", () => startEdit(position)], ["Approve", "approve", () => approve([row.id])],
    ["Merge ↓", "merge", () => op({ op: "merge", id: row.id })], ["Split", "split", () => splitRow(position)],
    ["Sentence ↑", "move-up", () => move(position, "up")], ["Sentence ↓", "move-down", () => move(position, "down")],
    ["No counterpart", "no-counterpart", () => op({ op: "no_counterpart", id: row.id })],
  ];
  if (row.tm) {
    buttons.push(["Use TM", "use-tm", () => op({ op: "edit", id: row.id, target: row.tm.suggestion || row.tm.target },
                                                 "target taken from the TM match")]);
  }
  for (const [label, name, handler] of buttons) {
    const button = el("button", `act-${name}`, label);
    button.type = "button";
    button.addEventListener("click", (event) => { event.stopPropagation(); setCurrent(position); handler(); });
    actions.append(button);
  }
  evidence.append(actions);
  node.append(evidence);
  node.addEventListener("click", () => { if (state.editing === null) setCurrent(position); });
  node.addEventListener("dblclick", () => startEdit(position));
  return node;
}

function render() {
  const container = $("rows");
  container.replaceChildren(...state.rows.map(renderRow));
  const last = Math.min(state.offset + state.rows.length, state.total);
  $("range").textContent = state.total
    ? `rows ${state.offset + 1}–${last} of ${state.total}` : "no rows match";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = last >= state.total;
  $("column-mode").textContent = `Shift+J/K moves ${state.column} sentences`;
  setCurrent(Math.min(state.current, Math.max(state.rows.length - 1, 0)), false);
}

function setCurrent(position, scroll = true) {
  const nodes = $("rows").children;
  for (const node of nodes) node.classList.remove("current");
  state.current = position;
  const node = nodes[position];
  if (node) {
    node.classList.add("current");
    if (scroll) node.scrollIntoView({ block: "nearest" });
  }
}

function query() {
  const params = new URLSearchParams({
    lang: state.lang, offset: String(state.offset), limit: String(PAGE),
    filter: [...state.filters].join(","), q: state.search,
  });
  return `/api/rows?${params}`;
}

async function load(keepId) {
  const data = await api("GET", query());
  if (!data.rows.length && state.offset > 0 && data.total > 0) {
    state.offset = Math.max(0, Math.floor((data.total - 1) / PAGE) * PAGE);
    return load(keepId);
  }
  state.total = data.total;
  state.rows = data.rows;
  if (keepId !== undefined) {
    const found = state.rows.findIndex((row) => row.id === keepId);
    if (found >= 0) state.current = found;
  }
  showMeta(data);
  render();
  document.body.dataset.loaded = String(Date.now());
}

function showMeta(meta) {
  state.dirty = meta.dirty;
  $("save").classList.toggle("dirty", meta.dirty);
  $("undo").disabled = !meta.can_undo;
  $("undo").title = meta.can_undo ? `u: undo ${meta.undo_label}` : "nothing to undo";
  document.title = `${meta.dirty ? "● " : ""}${meta.file} – aligntool review`;
}

async function op(request, message) {
  const row = state.rows[state.current];
  try {
    const meta = await api("POST", "/api/op", { lang: state.lang, ...request });
    showMeta(meta);
    say(message || `${request.op.replace("_", " ")} done`);
  } catch (error) {
    say(error.message, true);
  }
  await load(row ? row.id : undefined);
}

function approve(ids) { return op({ op: "approve", ids }, `approved ${ids.length} row(s)`); }

function move(position, direction) {
  const row = state.rows[position];
  if (row) op({ op: "move", id: row.id, direction, column: state.column }, `moved a ${state.column} sentence ${direction}`);
}

function splitRow(position) {
  const row = state.rows[position];
  if (row) op({ op: "split", id: row.id }, "split at the sentence end nearest the middle");
}

function startEdit(position) {
  if (state.editing !== null) return;
  const row = state.rows[position];
  const node = $("rows").children[position];
  if (!row || !node) return;
  setCurrent(position);
  state.editing = position;
  const areas = {};
  for (const [name, text] of [["src", row.source], ["tgt", row.target]]) {
    const cell = node.querySelector(`.cell.${name}`);
    const area = el("textarea", `edit-${name}`);
    area.value = text;
    area.dataset.touched = "";
    area.addEventListener("click", () => { area.dataset.touched = "1"; });
    area.addEventListener("keyup", () => { area.dataset.touched = "1"; });
    cell.replaceChildren(area);
    cell.classList.remove("empty");
    areas[name] = area;
  }
  const actions = node.querySelector(".actions");
  const keep = el("button", "act-keep", "Keep (Ctrl+Enter)");
  const split = el("button", "act-split-cursor", "Split at cursor (Alt+S)");
  const cancel = el("button", "act-cancel", "Cancel (Esc)");
  keep.addEventListener("click", () => finishEdit(true));
  split.addEventListener("click", () => splitAtCursor());
  cancel.addEventListener("click", () => finishEdit(false));
  actions.replaceChildren(keep, split, cancel);
  areas.tgt.focus();
  areas.tgt.setSelectionRange(areas.tgt.value.length, areas.tgt.value.length);
}

function editAreas() {
  const node = $("rows").children[state.editing];
  return node ? [node.querySelector("textarea.edit-src"), node.querySelector("textarea.edit-tgt")] : [null, null];
}

async function finishEdit(keep) {
  const position = state.editing;
  const row = state.rows[position];
  const [source, target] = editAreas();
  state.editing = null;
  if (!keep || !row) { render(); return; }
  const request = { op: "edit", id: row.id };
  if (target.value !== row.target) request.target = target.value;
  if (source.value !== row.source) request.source = source.value;
  if (request.target === undefined && request.source === undefined) { render(); say("no change"); return; }
  await op(request, "edited");
}

async function splitAtCursor() {
  const row = state.rows[state.editing];
  const [source, target] = editAreas();
  if (!row) return;
  const request = { op: "split", id: row.id };
  // A column whose caret the reviewer did not place is split at the sentence end the server finds.
  if (source.dataset.touched) request.source_at = source.selectionStart;
  if (target.dataset.touched) request.target_at = target.selectionStart;
  if (source.value !== row.source || target.value !== row.target) {
    say("keep or cancel the text edit before splitting", true);
    return;
  }
  state.editing = null;
  await op(request, "split at the cursor");
}

async function save(force = false) {
  say("saving…");
  try {
    const result = await api("POST", "/api/save", { force });
    showMeta(result);
    const dropped = result.codes_dropped ? `; ${result.codes_dropped} inline codes of split or merged texts not kept` : '';
    say(`saved ${result.units} units to ${result.saved} (${result.left_out} left out${dropped}; original kept as ${result.backup})`);
    await load(state.rows[state.current] ? state.rows[state.current].id : undefined);
  } catch (error) {
    if (error.conflict && confirm(`${error.message}\n\nOverwrite the file anyway?`)) return save(true);
    say(error.message, true);
  }
}

function changePage(delta) {
  const offset = state.offset + delta * PAGE;
  if (offset < 0 || offset >= state.total) return;
  state.offset = offset;
  state.current = delta > 0 ? 0 : PAGE - 1;
  load().catch((error) => say(error.message, true));
}

function toggleFilter(name) {
  const box = $(`f-${name}`);
  box.checked = !box.checked;
  box.dispatchEvent(new Event("change"));
}

function step(delta) {
  const next = state.current + delta;
  if (next >= state.rows.length) changePage(1);
  else if (next < 0) changePage(-1);
  else setCurrent(next);
}

function onKey(event) {
  if (state.editing !== null) {
    if (event.key === "Escape") { event.preventDefault(); finishEdit(false); }
    else if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault(); finishEdit(true).then(() => save());
    }
    else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); finishEdit(true); }
    else if (event.altKey && (event.key === "s" || event.key === "S" || event.code === "KeyS")) {
      event.preventDefault(); splitAtCursor();
    }
    return;
  }
  if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); return; }
  if ((event.ctrlKey || event.metaKey) && event.key === "z") { event.preventDefault(); op({ op: "undo" }, "undone"); return; }
  const target = event.target;
  const typing = target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT"
    || (target.tagName === "INPUT" && !["checkbox", "radio", "button"].includes(target.type)));
  if (typing) {
    if (event.key === "Escape") target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const row = state.rows[state.current];
  const actions = {
    j: () => step(1), ArrowDown: () => step(1), k: () => step(-1), ArrowUp: () => step(-1),
    e: () => startEdit(state.current), Enter: () => startEdit(state.current),
    a: () => row && approve([row.id]), A: () => approve(state.rows.map((r) => r.id)),
    m: () => row && op({ op: "merge", id: row.id }), s: () => splitRow(state.current),
    J: () => move(state.current, "down"), K: () => move(state.current, "up"),
    c: () => { state.column = state.column === "target" ? "source" : "target"; render(); },
    n: () => row && op({ op: "no_counterpart", id: row.id }), u: () => op({ op: "undo" }, "undone"),
    d: () => toggleFilter("doubtful"), f: () => toggleFilter("terms"), r: () => toggleFilter("unreviewed"),
    "/": () => $("search").focus(), "]": () => changePage(1), "[": () => changePage(-1),
    PageDown: () => changePage(1), PageUp: () => changePage(-1), "?": () => { $("help").hidden = !$("help").hidden; },
  };
  const action = actions[event.key];
  if (action) { event.preventDefault(); action(); }
}

async function start() {
  const meta = await api("GET", "/api/meta");
  $("file").textContent = meta.file;
  for (const lang of meta.target_langs) {
    const option = el("option", "", `${meta.source_lang} → ${lang}`);
    option.value = lang;
    $("lang").append(option);
  }
  state.lang = meta.target_langs[0] || "";
  $("lang").addEventListener("change", () => { state.lang = $("lang").value; state.offset = 0; load(); });
  for (const name of ["doubtful", "terms", "unreviewed"]) {
    $(`f-${name}`).addEventListener("change", (event) => {
      if (event.target.checked) state.filters.add(name); else state.filters.delete(name);
      state.offset = 0; state.current = 0;
      load().catch((error) => say(error.message, true));
    });
  }
  let timer = 0;
  $("search").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.search = $("search").value; state.offset = 0; state.current = 0; load(); }, 200);
  });
  $("approve-visible").addEventListener("click", () => approve(state.rows.map((r) => r.id)));
  $("undo").addEventListener("click", () => op({ op: "undo" }, "undone"));
  $("save").addEventListener("click", () => save());
  $("prev").addEventListener("click", () => changePage(-1));
  $("next").addEventListener("click", () => changePage(1));
  $("help-button").addEventListener("click", () => { $("help").hidden = !$("help").hidden; });
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeunload", (event) => { if (state.dirty) event.preventDefault(); });
  setInterval(() => api("GET", "/api/ping").catch(() => say("the review server has stopped", true)), 60000);
  await load();
  say(meta.glossary ? "glossary terms highlighted" : "no glossary: start with --glossary FILE to check terms");
}

start().catch((error) => say(error.message, true));
