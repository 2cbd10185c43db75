// floorplan edit: the page. Plain JavaScript, no dependencies, no network but this server.
//
// The server draws each hall as SVG (same scene as the PNG maps) and owns the
// layout, its history and the validator; this page moves things, sends one
// JSON change at a time and redraws what the answer says changed.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";
const $ = (sel) => document.querySelector(sel);
const SVGNS = "http://www.w3.org/2000/svg";

let S = null;                 // the last state from the server
let view = "overview";        // "overview" or a hall id
let selected = null;          // request id of the selected stand or unplaced request
let preview = false;          // show the re-solve proposal instead of the layout
const svgs = {};              // hall id -> SVG text of the current layout
const proposalSvgs = {};      // hall id -> SVG text of the re-solve proposal
const viewBoxes = {};         // hall id -> [x, y, w, h] the planner panned and zoomed to
let pollTimer = null;
let busy = false;             // an edit is on its way: no second one until it answers
let dragging = false;         // a stand, handle or the map is under the mouse: no redraw

// ---- talking to the server --------------------------------------------------

async function api(method, path, body) {
  const opts = { method, headers: { "X-Floorplan-Token": TOKEN } };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  const type = res.headers.get("content-type") || "";
  const data = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const msg = (data && data.error) || `${res.status} ${res.statusText}`;
    throw new Error(msg);
  }
  return data;
}

function say(text, error = false) {
  const el = $("#message");
  el.textContent = text;
  el.className = "show" + (error ? " error" : "");
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { el.className = ""; }, error ? 6000 : 3500);
}

async function change(path, body) {
  if (busy) return null;
  busy = true;
  try {
    const data = await api("POST", path, body);
    absorb(data);
    return data;
  } catch (err) {
    say(err.message, true);
    await refreshHall(view);  // put a dragged stand back where the server has it
    return null;
  } finally {
    busy = false;
  }
}

// The fast answer to a change carries the changed stands and each touched hall's
// findings layer; they are patched into the halls' SVG. Halls still being checked
// (access, open sides, travel) are fetched whole once the server has finished.
function absorb(data) {
  const live = $("#map svg.hall-map");
  const whole = data.svg || {};
  let redraw = Object.keys(whole).length > 0 || !data.halls;
  for (const h of data.halls || []) {
    if (whole[h]) continue;
    // The hall on screen is patched in place (a 400-stand hall is not re-parsed);
    // its text is taken from the DOM when another view needs it.
    if (live && view === h) { patchSvg(live, h, data); svgs[h] = live; }
    else { patchHall(h, data); redraw = true; }
  }
  for (const [h, text] of Object.entries(whole)) svgs[h] = text;
  if (data.state) setState(data.state);
  if (redraw) render();
  else if (live && selected) markSelected(live);
  if (S.checking && S.checking.length) awaitChecks(S.checking);
}

function svgText(h) {
  const v = svgs[h];
  if (v && typeof v !== "string") svgs[h] = new XMLSerializer().serializeToString(v);
  return svgs[h];
}

function parseSvg(text) {
  return new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
}

function fragment(text) {
  return parseSvg(`<svg xmlns="${SVGNS}">${text}</svg>`).firstElementChild;
}

function patchHall(h, data) {
  if (!svgs[h]) return;
  const svg = parseSvg(svgText(h));
  patchSvg(svg, h, data);
  svgs[h] = new XMLSerializer().serializeToString(svg);
}

function patchSvg(svg, h, data) {
  const layer = svg.querySelector("g.stands");
  for (const [rid, text] of Object.entries(data.stands || {})) {
    const old = svg.querySelector(`g.stand[data-request-id="${CSS.escape(rid)}"]`);
    const fresh = text ? fragment(text) : null;
    const here = fresh && fresh.getAttribute("data-hall") === h;
    if (old && here) old.replaceWith(fresh);
    else if (old) old.remove();
    else if (here) layer.append(fresh);
  }
  const found = data.violations && data.violations[h];
  if (found) svg.querySelector("g.violations").replaceWith(fragment(found));
}

const stale = new Set();   // halls to fetch whole once the server's checks are done
let checkLoop = null;

function awaitChecks(halls) {
  for (const h of halls) stale.add(h);
  if (checkLoop) return;
  checkLoop = (async () => {
    try {
      while (S.checking.length) {
        await new Promise((ok) => setTimeout(ok, 150));
        setState(await api("GET", "/api/state"));
      }
      const todo = [...stale];
      stale.clear();
      const version = S.version;
      const texts = await Promise.all(todo.map((h) => api("GET", `/api/halls/${encodeURIComponent(h)}.svg`)));
      if (S.version === version && !busy && !dragging) {
        todo.forEach((h, i) => { svgs[h] = texts[i]; });
        render();
      } else {
        for (const h of todo) stale.add(h);
      }
    } catch (err) {
      say(err.message, true);
    } finally {
      checkLoop = null;
      if (stale.size) setTimeout(() => awaitChecks([]), 150);
    }
  })();
}

async function refreshHall(h) {
  if (!h || h === "overview") { render(); return; }
  svgs[h] = await api("GET", `/api/halls/${encodeURIComponent(h)}.svg`);
  render();
}

async function loadAll() {
  setState(await api("GET", "/api/state"));
  await Promise.all(S.halls.map(async (h) => {
    svgs[h.id] = await api("GET", `/api/halls/${encodeURIComponent(h.id)}.svg`);
  }));
  if (view === "overview" && S.halls.length === 1) view = S.halls[0].id;
  render();
  document.body.dataset.ready = "true";
}

// ---- state into the page ----------------------------------------------------

function setState(state) {
  S = state;
  $("#event-name").textContent = S.event;
  $("#layout-file").textContent = S.layout_file;
  $("#dirty").hidden = !S.dirty;
  const v = $("#verdict");
  v.textContent = S.verdict;
  const checking = S.checking && S.checking.length;
  v.className = S.violations.length ? "invalid" : checking ? "checking" : S.valid ? "valid" : "invalid";
  document.body.dataset.checking = checking ? "true" : "false";
  $("#undo").disabled = !S.can_undo;
  $("#redo").disabled = !S.can_redo;
  renderTabs();
  renderUnplaced();
  renderViolations();
  renderInspector();
  renderResolve();
  renderExports();
}

function standOf(rid) { return S.stands.find((s) => s.request_id === rid) || null; }

function renderTabs() {
  const nav = $("#tabs");
  nav.textContent = "";
  const tabs = [{ id: "overview", name: "Overview", violations: 0 }, ...S.halls];
  for (const h of tabs) {
    const b = document.createElement("button");
    b.setAttribute("role", "tab");
    b.dataset.hall = h.id;
    b.setAttribute("aria-selected", String(view === h.id));
    b.textContent = h.name;
    if (h.violations) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = h.violations;
      b.append(badge);
    }
    b.onclick = () => { view = h.id; render(); };
    nav.append(b);
  }
}

function renderUnplaced() {
  const ul = $("#unplaced");
  ul.textContent = "";
  $("#unplaced-count").textContent = `(${S.unplaced.length})`;
  for (const u of S.unplaced) {
    const req = S.requests[u.request_id] || { name: u.request_id, area_m2: 0 };
    const li = document.createElement("li");
    li.dataset.requestId = u.request_id;
    li.innerHTML = `<div><b></b> <span class="muted"></span></div><div class="reason"></div>`;
    li.querySelector("b").textContent = req.name;
    li.querySelector(".muted").textContent = `${u.request_id}, ${fmt(req.area_m2)} m²`;
    li.querySelector(".reason").textContent = u.reason;
    li.addEventListener("pointerdown", (e) => startPlacing(e, u));
    ul.append(li);
  }
}

function renderViolations() {
  const ul = $("#violations");
  ul.textContent = "";
  $("#violation-count").textContent = `(${S.violations.length})`;
  for (const v of S.violations) {
    const li = document.createElement("li");
    li.innerHTML = `<span class="tag"></span><span class="msg"></span>`;
    li.querySelector(".tag").textContent = v.tag ? `${v.tag} ${v.rule}` : v.rule;
    li.querySelector(".msg").textContent = v.message.replace(/^C\d+ /, "");
    li.onclick = () => {
      const rid = v.stands.find((r) => standOf(r));
      if (rid) focusStand(rid);
      else if (v.hall) { view = v.hall; render(); }
    };
    ul.append(li);
  }
}

function renderExports() {
  const hall = view === "overview" ? "overview" : view;
  const q = `?token=${encodeURIComponent(TOKEN)}`;
  $("#export-png").href = `/api/export/${encodeURIComponent(hall)}.png${q}`;
  $("#export-pdf").href = `/api/export/${encodeURIComponent(hall)}.pdf${q}`;
  $("#export-dxf").href = `/api/export/layout.dxf${q}`;
  $("#export-png").title = `A3 map of ${hall} as PNG`;
  $("#export-pdf").title = `A3 map of ${hall} as PDF`;
}

function fmt(x) { return Number.isInteger(x) ? String(x) : String(Math.round(x * 100) / 100); }

function row(table, key, value) {
  const tr = document.createElement("tr");
  const th = document.createElement("th");
  const td = document.createElement("td");
  th.textContent = key;
  td.textContent = value;
  tr.append(th, td);
  table.append(tr);
}

function renderInspector() {
  const box = $("#inspector");
  box.textContent = "";
  if (!selected || !S.requests[selected]) {
    box.innerHTML = `<p class="muted">Click a stand or an unplaced request to see it.</p>`;
    return;
  }
  const req = S.requests[selected];
  const st = standOf(selected);
  const h = document.createElement("h3");
  h.textContent = (st && st.number ? st.number + " " : "") + req.name;
  box.append(h);
  const t = document.createElement("table");
  row(t, "request", req.id);
  row(t, "area asked", `${fmt(req.area_m2)} m²`);
  if (st) row(t, "area placed", `${fmt(st.width * st.depth)} m² (${fmt(st.width)} x ${fmt(st.depth)} m)`);
  row(t, "tier", req.tier);
  row(t, "booth type", `${req.booth_type || "any"} (needs ${req.open_sides_needed} open side${req.open_sides_needed > 1 ? "s" : ""})`);
  row(t, "category", req.category || "—");
  row(t, "pavilion", req.pavilion || "—");
  const needs = [];
  if (req.hall) needs.push(`hall ${req.hall}`);
  if (req.width_m) needs.push(`exact size ${fmt(req.width_m)} x ${fmt(req.depth_m)} m`);
  if (req.floor_load_kn_m2) needs.push(`floor load ${fmt(req.floor_load_kn_m2)} kN/m²`);
  if (req.height_m) needs.push(`height ${fmt(req.height_m)} m`);
  if (req.keep_apart.length) needs.push(`keep apart from ${req.keep_apart.join(", ")}`);
  row(t, "requirements", needs.join("; ") || "—");
  box.append(t);
  if (st) {
    const t2 = document.createElement("table");
    row(t2, "stand number", st.number || "—");
    row(t2, "hall", st.hall);
    row(t2, "x, y", `${fmt(st.x)}, ${fmt(st.y)} m`);
    row(t2, "width x depth", `${fmt(st.width)} x ${fmt(st.depth)} m`);
    row(t2, "locked", st.locked ? "yes" : "no");
    const h4 = document.createElement("h2");
    h4.textContent = "Stand";
    box.append(h4, t2);
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.append(
      button("Rotate 90°", () => rotate(st.request_id), st.locked || preview, "rotate"),
      button(st.locked ? "Unlock" : "Lock", () => toggleLock(st.request_id), preview, "lock"),
      button("Centre", () => focusStand(st.request_id), false, "centre"),
    );
    box.append(actions);
    const reason = document.createElement("input");
    reason.type = "text";
    reason.id = "unplace-reason";
    reason.placeholder = "Reason for sending it back (told to the exhibitor)";
    reason.disabled = st.locked || preview;
    const send = button("Send back to unplaced", async () => {
      if (!reason.value.trim()) { say("Type a reason first: the unplaced list tells the exhibitor why", true); reason.focus(); return; }
      const data = await change("/api/edit", { edit: { op: "unplace", request_id: st.request_id, reason: reason.value } });
      if (data) say(`${req.name} is unplaced`);
    }, st.locked || preview, "unplace");
    box.append(reason, send);
  } else {
    const u = S.unplaced.find((x) => x.request_id === selected);
    if (u) {
      const p = document.createElement("p");
      p.textContent = `Unplaced: ${u.reason}. Drag it from the list onto the floor.`;
      box.append(p);
    }
  }
}

function button(text, onclick, disabled, id) {
  const b = document.createElement("button");
  b.textContent = text;
  b.disabled = !!disabled;
  if (id) b.id = `action-${id}`;
  b.onclick = onclick;
  return b;
}

function renderResolve() {
  const job = S.resolve;
  const box = $("#resolve");
  box.hidden = !job;
  if (!job) { preview = false; $("#resolve-preview").checked = false; return; }
  let status = `${job.state}: ${job.progress} (${job.elapsed_s} s of ${job.time_limit_s} s)`;
  if (job.state === "failed") status = `failed: ${job.error}`;
  if (job.state === "done") status = `proposal: ${job.verdict}`;
  $("#resolve-status").textContent = status;
  $("#resolve-actions").hidden = job.state !== "done";
  $("#resolve-diff").textContent = job.diff_text || "";
  $("#resolve-discard").hidden = job.state === "running";
  if (job.state === "failed") $("#resolve-actions").hidden = false, $("#resolve-keep").hidden = true;
  else $("#resolve-keep").hidden = false;
}

// ---- the map ----------------------------------------------------------------

function render() {
  renderTabs();
  renderExports();
  const map = $("#map");
  if (view === "overview") {
    map.innerHTML = "";
    const grid = document.createElement("div");
    grid.className = "overview";
    for (const h of S.halls) {
      const fig = document.createElement("figure");
      fig.innerHTML = (preview && proposalSvgs[h.id]) || svgText(h.id) || "";
      const cap = document.createElement("figcaption");
      cap.textContent = `${h.name}: ${h.stands} stands` + (h.violations ? `, ${h.violations} violations` : "");
      fig.prepend(cap);
      fig.onclick = () => { view = h.id; render(); };
      grid.append(fig);
    }
    map.append(grid);
    return;
  }
  const text = (preview && proposalSvgs[view]) || svgText(view);
  map.innerHTML = text || "";
  const svg = map.querySelector("svg");
  if (!svg) return;
  if (preview) svg.classList.add("preview");
  if (!viewBoxes[view]) viewBoxes[view] = svg.getAttribute("viewBox").split(/\s+/).map(Number);
  applyViewBox(svg);
  wire(svg);
  if (selected) markSelected(svg);
}

function applyViewBox(svg) {
  svg.setAttribute("viewBox", viewBoxes[view].join(" "));
}

function toSvg(svg, clientX, clientY) {
  const p = svg.createSVGPoint();
  p.x = clientX; p.y = clientY;
  return p.matrixTransform(svg.getScreenCTM().inverse());
}

function snap(v) { const g = S.grid_m; return Math.round(Math.round(v / g) * g * 1e6) / 1e6; }

function wire(svg) {
  svg.addEventListener("pointerdown", (e) => onPointerDown(svg, e));
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const p = toSvg(svg, e.clientX, e.clientY);
    zoom(svg, e.deltaY < 0 ? 1 / 1.2 : 1.2, p.x, p.y);
  }, { passive: false });
}

function zoom(svg, factor, cx, cy) {
  const [x, y, w, h] = viewBoxes[view];
  const nw = w * factor, nh = h * factor;
  if (nw < 5 || nw > 5000) return;
  viewBoxes[view] = [cx - (cx - x) * factor, cy - (cy - y) * factor, nw, nh];
  applyViewBox(svg);
}

function onPointerDown(svg, e) {
  if (e.button !== 0) return;
  const handle = e.target.closest(".handle");
  const g = e.target.closest(".stand");
  const start = toSvg(svg, e.clientX, e.clientY);
  if (handle && !preview) { startResize(svg, e, handle, start); return; }
  if (g) {
    const rid = g.dataset.requestId;
    select(rid);
    const st = standOf(rid);
    if (!st || st.locked || preview) return;
    startDrag(svg, e, g, st, start);
    return;
  }
  // Background: pan.
  const vb0 = viewBoxes[view].slice();
  const ctm = svg.getScreenCTM();
  $("#map").classList.add("panning");
  const move = (ev) => {
    const dx = (ev.clientX - e.clientX) / ctm.a, dy = (ev.clientY - e.clientY) / ctm.d;
    viewBoxes[view] = [vb0[0] - dx, vb0[1] - dy, vb0[2], vb0[3]];
    applyViewBox(svg);
  };
  const up = () => {
    $("#map").classList.remove("panning");
    window.removeEventListener("pointermove", move);
    window.removeEventListener("pointerup", up);
  };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up);
}

function startDrag(svg, e, g, st, start) {
  e.preventDefault();
  let x = st.x, y = st.y, moved = false;
  dragging = true;
  g.classList.add("dragging");
  removeHandles(svg);
  const move = (ev) => {
    const p = toSvg(svg, ev.clientX, ev.clientY);
    x = snap(st.x + (p.x - start.x));
    y = snap(st.y - (p.y - start.y));
    moved = x !== st.x || y !== st.y;
    g.setAttribute("transform", `translate(${x} ${-(y + st.depth)})`);
  };
  const up = async () => {
    window.removeEventListener("pointermove", move);
    window.removeEventListener("pointerup", up);
    g.classList.remove("dragging");
    dragging = false;
    if (!moved) { markSelected(svg); return; }
    await change("/api/edit", { edit: { op: "move", request_id: st.request_id, x, y } });
  };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up);
}

function startResize(svg, e, handle, start) {
  e.preventDefault();
  const st = standOf(selected);
  if (!st || st.locked) return;
  const g = svg.querySelector(`.stand[data-request-id="${CSS.escape(st.request_id)}"]`);
  const body = g.querySelector(".stand-body");
  // The corner opposite the handle stays put.
  const fx = handle.dataset.cx === "1" ? st.x : st.x + st.width;
  const fy = handle.dataset.cy === "1" ? st.y : st.y + st.depth;
  let rect = [st.x, st.y, st.width, st.depth];
  dragging = true;
  const move = (ev) => {
    const p = toSvg(svg, ev.clientX, ev.clientY);
    const px = snap(p.x), py = snap(-p.y);
    const x0 = Math.min(fx, px), x1 = Math.max(fx, px);
    const y0 = Math.min(fy, py), y1 = Math.max(fy, py);
    if (x1 - x0 < S.grid_m || y1 - y0 < S.grid_m) return;
    rect = [x0, y0, x1 - x0, y1 - y0];
    g.setAttribute("transform", `translate(${x0} ${-y1})`);
    body.setAttribute("width", x1 - x0);
    body.setAttribute("height", y1 - y0);
    g.querySelectorAll(".label, .closed-sides").forEach((el) => el.setAttribute("visibility", "hidden"));
  };
  const up = async () => {
    window.removeEventListener("pointermove", move);
    window.removeEventListener("pointerup", up);
    dragging = false;
    const [x, y, width, depth] = rect;
    if (x === st.x && y === st.y && width === st.width && depth === st.depth) { render(); return; }
    await change("/api/edit", { edit: { op: "resize", request_id: st.request_id, x, y, width, depth } });
  };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up);
}

function removeHandles(svg) { svg.querySelectorAll(".handles").forEach((el) => el.remove()); }

function markSelected(svg) {
  svg.querySelectorAll(".stand.selected").forEach((el) => el.classList.remove("selected"));
  removeHandles(svg);
  const st = selected && standOf(selected);
  if (!st || st.hall !== view) return;
  const g = svg.querySelector(`.stand[data-request-id="${CSS.escape(st.request_id)}"]`);
  if (!g) return;
  g.classList.add("selected");
  if (st.locked || preview) return;
  const hg = document.createElementNS(SVGNS, "g");
  hg.setAttribute("class", "handles");
  const r = Math.max(0.35, Math.min(0.8, Math.min(st.width, st.depth) / 8));
  for (const [cx, cy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
    const h = document.createElementNS(SVGNS, "rect");
    const hx = st.x + cx * st.width, hy = st.y + cy * st.depth;
    h.setAttribute("x", hx - r); h.setAttribute("y", -hy - r);
    h.setAttribute("width", 2 * r); h.setAttribute("height", 2 * r);
    h.setAttribute("class", "handle" + (cx === cy ? " nesw" : ""));
    h.dataset.cx = cx; h.dataset.cy = cy;
    hg.append(h);
  }
  svg.append(hg);
}

function select(rid) {
  selected = rid;
  renderInspector();
  const svg = $("#map svg.hall-map");
  if (svg && view !== "overview") markSelected(svg);
}

function focusStand(rid) {
  const st = standOf(rid);
  if (!st) { select(rid); return; }
  view = st.hall;
  selected = rid;
  const hall = S.halls.find((h) => h.id === st.hall);
  const [x0, y0, x1, y1] = hall.bounds;
  const w = Math.min(1.1 * (x1 - x0), Math.max(st.width, st.depth, 10) * 5);
  const h = w * (y1 - y0) / (x1 - x0);
  const cx = st.x + st.width / 2, cy = -(st.y + st.depth / 2);
  viewBoxes[view] = [cx - w / 2, cy - h / 2, w, h];
  render();
  renderInspector();
}

// ---- edits --------------------------------------------------------------------

async function rotate(rid) { await change("/api/edit", { edit: { op: "rotate", request_id: rid } }); }

async function toggleLock(rid) {
  const st = standOf(rid);
  if (!st) return;
  const data = await change("/api/edit", { edit: { op: "lock", request_id: rid, locked: !st.locked } });
  if (data) say(`${st.number || rid} ${st.locked ? "unlocked" : "locked"}`);
}

function startPlacing(e, u) {
  if (e.button !== 0 || preview) return;
  e.preventDefault();
  selected = u.request_id;
  renderInspector();
  const req = S.requests[u.request_id];
  const ghost = document.createElement("div");
  ghost.className = "ghost";
  ghost.textContent = `${req ? req.name : u.request_id}: drop on the floor`;
  document.body.append(ghost);
  const place = (ev) => { ghost.style.left = `${ev.clientX + 8}px`; ghost.style.top = `${ev.clientY + 8}px`; };
  place(e);
  const up = async (ev) => {
    window.removeEventListener("pointermove", place);
    window.removeEventListener("pointerup", up);
    ghost.remove();
    const target = document.elementFromPoint(ev.clientX, ev.clientY);
    const svg = target && target.closest("svg.hall-map");
    if (!svg) return;
    const p = toSvg(svg, ev.clientX, ev.clientY);
    const [w, d] = u.default_size || [3, 3];
    const hall = svg.dataset.hall;
    const data = await change("/api/edit", {
      edit: { op: "place", request_id: u.request_id, hall, x: snap(p.x - w / 2), y: snap(-p.y - d / 2) },
    });
    if (data) { if (view === "overview") view = hall; render(); select(u.request_id); }
  };
  window.addEventListener("pointermove", place);
  window.addEventListener("pointerup", up);
}

async function undo() { await change("/api/undo"); }
async function redo() { await change("/api/redo"); }

async function save() {
  const data = await change("/api/save");
  if (data) say(data.message, !data.valid);
}

async function solveStart() {
  const limit = Number($("#solve-limit").value) || undefined;
  try {
    const data = await api("POST", "/api/solve", { time_limit_s: limit });
    S.resolve = data.resolve;
    renderResolve();
    poll();
  } catch (err) { say(err.message, true); }
}

function poll() {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(async () => {
    const data = await api("GET", "/api/solve");
    S.resolve = data.resolve;
    renderResolve();
    if (data.resolve && data.resolve.state === "running") { poll(); return; }
    if (data.resolve && data.resolve.state === "done") {
      await Promise.all(S.halls.map(async (h) => {
        proposalSvgs[h.id] = await api("GET", `/api/halls/${encodeURIComponent(h.id)}.svg?view=proposal`);
      }));
      say("Re-solve finished: read the changes, then keep or discard");
    }
  }, 400);
}

async function keep() {
  const data = await change("/api/solve/keep");
  if (data) { preview = false; say("Re-solve kept (undo takes it back)"); render(); }
}

async function discard() {
  const data = await change("/api/solve/discard");
  if (data) { preview = false; for (const k of Object.keys(proposalSvgs)) delete proposalSvgs[k]; render(); }
}

// ---- search and keys ----------------------------------------------------------

function search(q) {
  q = q.trim().toLowerCase();
  if (!q) return;
  const byNumber = S.stands.find((s) => (s.number || "").toLowerCase() === q);
  const byId = S.requests[q] ? q : Object.keys(S.requests).find((k) => k.toLowerCase() === q);
  const byName = Object.values(S.requests).find((r) => r.name.toLowerCase().includes(q));
  const rid = (byNumber && byNumber.request_id) || byId || (byName && byName.id);
  if (!rid) { say(`nothing matches "${q}"`, true); return; }
  focusStand(rid);
  // The map takes the keys now: R, L and the arrows act on what was found.
  $("#map").focus({ preventScroll: true });
}

$("#search").addEventListener("keydown", (e) => { if (e.key === "Enter") search(e.target.value); });
$("#undo").onclick = undo;
$("#redo").onclick = redo;
$("#save").onclick = save;
$("#solve").onclick = solveStart;
$("#resolve-keep").onclick = keep;
$("#resolve-discard").onclick = discard;
$("#resolve-preview").onchange = (e) => { preview = e.target.checked; render(); renderInspector(); };

document.addEventListener("keydown", (e) => {
  const typing = e.target.closest && e.target.closest("input, textarea");
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.key.toLowerCase() === "z") { e.preventDefault(); (e.shiftKey ? redo : undo)(); return; }
  if (mod && e.key.toLowerCase() === "y") { e.preventDefault(); redo(); return; }
  if (mod && e.key.toLowerCase() === "s") { e.preventDefault(); save(); return; }
  if (typing || mod || view === "overview") return;
  const svg = $("#map svg.hall-map");
  if (!svg) return;
  const st = selected && standOf(selected);
  const nudge = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
  if (e.shiftKey && nudge && st && !st.locked && !preview) {
    // Shift+arrow moves the selected stand one grid step: "two metres to free a door".
    e.preventDefault();
    change("/api/edit", { edit: { op: "move", request_id: st.request_id,
      x: snap(st.x + nudge[0] * S.grid_m), y: snap(st.y + nudge[1] * S.grid_m) } });
    return;
  }
  if (e.key === "Escape") { select(null); return; }
  const [x, y, w, h] = viewBoxes[view];
  const step = 0.1 * w;
  const pan = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
  if (pan) { e.preventDefault(); viewBoxes[view] = [x + pan[0], y + pan[1], w, h]; applyViewBox(svg); return; }
  if (e.key === "+" || e.key === "=") zoom(svg, 1 / 1.25, x + w / 2, y + h / 2);
  else if (e.key === "-") zoom(svg, 1.25, x + w / 2, y + h / 2);
  else if (e.key === "0") { delete viewBoxes[view]; render(); }
  else if (e.key.toLowerCase() === "r" && selected && standOf(selected)) rotate(selected);
  else if (e.key.toLowerCase() === "l" && selected && standOf(selected)) toggleLock(selected);
});

window.addEventListener("beforeunload", (e) => { if (S && S.dirty) { e.preventDefault(); e.returnValue = ""; } });

loadAll().catch((err) => {
  $("#verdict").textContent = err.message;
  $("#verdict").className = "invalid";
});
