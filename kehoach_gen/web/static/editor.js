// kehoach serve: the plan editor. The form is built from the server's description of the model's fields
// (formspec.py); the page preview and every validation message come from the server, as `kehoach` gives them.
"use strict";
(() => {
  const SPEC = JSON.parse(document.getElementById("spec").textContent);
  const NAME = document.body.dataset.name;
  const API = (p) => `/api/ke-hoach/${encodeURIComponent(NAME)}${p}`;
  const form = document.getElementById("bieu-mau");
  const frame = document.getElementById("xem");
  const statusEl = document.getElementById("trang-thai");
  const banner = document.getElementById("thong-bao");
  const summary = document.getElementById("tom-tat-loi");
  const paths = new WeakMap();
  let data = {}, version = null, dirty = false, seq = 0, inflight = false, pending = false, problems = [];
  let seenVersion = null, uid = 0;

  async function post(url, body) {
    const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-Kehoach": "1"},
      body: JSON.stringify(body)});
    let json = {};
    try { json = await r.json(); } catch (e) { json = {message: `lỗi máy chủ (${r.status})`}; }
    return {ok: r.ok, status: r.status, json};
  }

  // A field's path written as the loader writes it in its messages: phan[1].muc[2].tieu_de
  function fmt(path) {
    let out = "";
    for (const p of path) out += typeof p === "number" ? `[${p + 1}]` : (out ? "." : "") + p;
    return out;
  }
  function get(path) {
    let v = data;
    for (const p of path) { if (v == null) return undefined; v = v[p]; }
    return v;
  }
  function set(path, value) {
    let v = data;
    path.slice(0, -1).forEach((p, i) => {
      if (v[p] == null) v[p] = typeof path[i + 1] === "number" ? [] : {};
      v = v[p];
    });
    v[path[path.length - 1]] = value;
  }
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") e.textContent = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k) e.append(k);
    return e;
  }
  function plainButton(label, key, action) {
    return h("button", {type: "button", "data-key": key, text: label, onclick: action});
  }
  function button(label, key, action, extra) {
    return h("button", {type: "button", "data-key": key, "aria-label": extra || label, title: extra || label, text: label,
      onclick: () => { action(); changed(true, key); }});
  }

  // ---- structure edits
  function listOps(path, i, length, key) {
    const list = () => get(path);
    const ops = h("span", {class: "thao-tac"});
    ops.append(
      // The focus follows the moved item, so that pressing the key again moves it further.
      button("↑", `${key}#len`, () => {
        if (i > 0) { const l = list(); [l[i - 1], l[i]] = [l[i], l[i - 1]]; focusAfter = `${fmt([...path, i - 1])}#len`; }
      }, "Chuyển lên"),
      button("↓", `${key}#xuong`, () => {
        const l = list();
        if (i < l.length - 1) { [l[i + 1], l[i]] = [l[i], l[i + 1]]; focusAfter = `${fmt([...path, i + 1])}#xuong`; }
      }, "Chuyển xuống"),
      button("✕", `${key}#xoa`, () => {
        list().splice(i, 1);
        focusAfter = i < list().length ? `${key}#xoa` : `${fmt(path)}#them`;
      }, "Xóa"));
    return ops;
  }

  // ---- widgets
  function control(f, path, value, id, hintId) {
    const key = fmt(path);
    const common = {id, "data-key": key, "aria-describedby": hintId};
    const bind = (e, read) => { paths.set(e, {path, read}); return e; };
    switch (f.widget) {
      case "lines": case "several": {
        const text = value ?? "";
        const rows = Math.min(14, Math.max(f.widget === "several" ? 1 : 2, text.split("\n").length + (text ? 0 : 1)));
        return bind(h("textarea", {...common, rows}), (e) => e.value);
      }
      case "int":
        return bind(h("input", {...common, type: "number", min: f.min, max: f.max, value: value ?? ""}),
          (e) => e.value === "" ? null : Number(e.value));
      case "flag":
        if (f.nullable) {
          const s = h("select", common, h("option", {value: "", text: "(tự động)"}), h("option", {value: "true", text: "có"}),
            h("option", {value: "false", text: "không"}));
          s.value = value === true ? "true" : value === false ? "false" : "";
          return bind(s, (e) => e.value === "" ? null : e.value === "true");
        }
        return bind(h("input", {...common, type: "checkbox", checked: value ?? f.default ?? false}), (e) => e.checked);
      case "choice": {
        const s = h("select", common, f.nullable ? h("option", {value: "", text: "(mặc định)"}) : null,
          ...f.choices.map((c) => h("option", {value: c, text: c})));
        s.value = value ?? "";
        return bind(s, (e) => e.value === "" ? null : e.value);
      }
      default:
        return bind(h("input", {...common, type: "text", value: value ?? "", placeholder: f.default ?? null,
          list: document.getElementById(`goi-y-${f.name}`) ? `goi-y-${f.name}` : null}), (e) => e.value);
    }
  }

  function fieldBlock(f, path, value) {
    const key = fmt(path);
    const id = `t${++uid}`, hintId = `${id}-g`;
    const wrap = h("div", {class: "truong", "data-path": key});
    const hint = f.hint ? h("span", {class: "goi-y", id: hintId, text: f.hint}) : null;
    if (["record", "records", "strings", "grid", "notes"].includes(f.widget)) {
      const box = h("fieldset", {"data-path": key}, h("legend", {text: f.label}), hint);
      if (f.widget === "record") recordFields(SPEC.records[f.record], path, value || {}, box);
      else if (f.widget === "records") recordsList(f, path, value || [], box);
      else if (f.widget === "strings") stringsList(f, path, value || [], box);
      else if (f.widget === "grid") grid(path, value || [], box);
      else notes(path, value || {}, box);
      return box;
    }
    const c = control(f, path, value, id, hint ? hintId : null);
    if (c.tagName === "TEXTAREA") c.value = value ?? "";
    wrap.append(...[h("label", {for: id, text: f.label + (f.required ? " *" : "")}), hint, c].filter(Boolean));
    return wrap;
  }

  function recordFields(rec, path, value, box) {
    for (const f of rec.fields) box.append(fieldBlock(f, [...path, f.name], value[f.name]));
  }

  function itemTitle(item) {
    const t = item && (item.tieu_de || (typeof item.noi_dung === "string" ? item.noi_dung.split("\n")[0] : ""));
    return t ? `: ${t.length > 70 ? t.slice(0, 70) + "…" : t}` : "";
  }

  function recordsList(f, path, items, box) {
    const rec = SPEC.records[f.record];
    items.forEach((item, i) => {
      const p = [...path, i], key = fmt(p);
      const sub = h("fieldset", {"data-path": key},
        h("legend", {}, `${rec.item} ${i + 1}${itemTitle(item)} `, listOps(path, i, items.length, key)));
      recordFields(rec, p, item || {}, sub);
      box.append(sub);
    });
    box.append(button(`+ Thêm ${rec.item.toLowerCase()}`, `${fmt(path)}#them`, () => {
      const fresh = {};
      for (const g of rec.fields) if (g.required && g.widget === "text") fresh[g.name] = "";
      if (rec.shorthand && !(rec.shorthand in fresh)) fresh[rec.shorthand] = "";
      const list = get(path) || []; list.push(fresh); set(path, list);
      focusAfter = `${fmt([...path, list.length - 1])}.${rec.fields[0].name}`;
    }));
  }

  function stringsList(f, path, items, box) {
    const partner = f.name === "cot";  // column names: the table's rows follow a column added or removed
    items.forEach((item, i) => {
      const p = [...path, i], key = fmt(p), id = `t${++uid}`;
      const input = h("input", {type: "text", id, value: item ?? "", "data-key": key, "aria-label": `${f.label} ${i + 1}`});
      paths.set(input, {path: p, read: (e) => e.value});
      const ops = listOps(path, i, items.length, key);
      if (partner) ops.querySelector(`[data-key="${key}#xoa"]`).addEventListener("click", () => {
        for (const row of get([...path.slice(0, -1), "dong"]) || []) row.splice(i, 1);
      }, {capture: true});
      box.append(h("div", {class: "dong-muc", "data-path": key}, input, ops));
    });
    box.append(button("+ Thêm dòng", `${fmt(path)}#them`, () => {
      const list = get(path) || []; list.push(""); set(path, list);
      if (partner) for (const row of get([...path.slice(0, -1), "dong"]) || []) row.push("");
      focusAfter = fmt([...path, list.length - 1]);
    }));
  }

  function grid(path, rows, box) {
    const cols = get([...path.slice(0, -1), "cot"]) || [];
    const width = Math.max(cols.length, ...rows.map((r) => r.length), 1);
    const table = h("table", {}, h("thead", {}, h("tr", {}, ...Array.from({length: width},
      (_, c) => h("th", {scope: "col", text: cols[c] ?? `Cột ${c + 1}`})), h("th", {text: ""}))));
    const body = h("tbody");
    rows.forEach((row, r) => {
      const key = fmt([...path, r]);
      const tr = h("tr", {"data-path": key});
      for (let c = 0; c < width; c++) {
        const p = [...path, r, c];
        const input = h("input", {type: "text", value: row[c] ?? "", "data-key": fmt(p),
          "aria-label": `Dòng ${r + 1}, ${cols[c] ?? `cột ${c + 1}`}`});
        paths.set(input, {path: p, read: (e) => e.value});
        tr.append(h("td", {"data-path": fmt(p)}, input));
      }
      tr.append(h("td", {}, listOps(path, r, rows.length, key)));
      body.append(tr);
    });
    table.append(body);
    box.append(h("div", {class: "luoi"}, table), button("+ Thêm dòng bảng", `${fmt(path)}#them`, () => {
      const list = get(path) || []; list.push(Array.from({length: width}, () => "")); set(path, list);
      focusAfter = fmt([...path, list.length - 1, 0]);
    }));
  }

  function notes(path, value, box) {
    const numbers = Object.keys(value).sort((a, b) => Number(a) - Number(b));
    for (const n of numbers) {
      const p = [...path, n], key = fmt(p);
      const input = h("input", {type: "text", value: value[n] ?? "", "data-key": key, "aria-label": `Chú thích ${n}`});
      paths.set(input, {path: p, read: (e) => e.value});
      box.append(h("div", {class: "dong-muc", "data-path": key}, h("span", {text: `[^${n}]`}), input,
        button("✕", `${key}#xoa`, () => { delete get(path)[n]; }, `Xóa chú thích ${n}`)));
    }
    box.append(button("+ Thêm chú thích", `${fmt(path)}#them`, () => {
      const notesNow = get(path) || {};
      const next = String(Math.max(0, ...Object.keys(notesNow).map(Number)) + 1);
      notesNow[next] = ""; set(path, notesNow);
      focusAfter = fmt([...path, next]);
    }));
  }

  let focusAfter = null;
  function render(focusKey) {
    const active = focusKey || (document.activeElement && document.activeElement.dataset.key);
    const scroll = window.scrollY;
    uid = 0;
    const root = SPEC.records[SPEC.root];
    const frag = document.createDocumentFragment();
    for (const f of root.fields) frag.append(fieldBlock(f, [f.name], data[f.name]));
    form.replaceChildren(frag);
    markProblems();
    window.scrollTo(0, scroll);
    const target = active && form.querySelector(`[data-key="${CSS.escape(active)}"]`);
    if (target) target.focus();
  }

  // ---- changes, preview, problems
  function changed(structural, key) {
    dirty = true;
    statusEl.textContent = statusEl.title = "Chưa lưu";
    statusEl.classList.remove("con-loi");
    if (structural) { const k = focusAfter || key; focusAfter = null; render(k); }
    pending = true;
    if (!inflight) preview();
  }
  form.addEventListener("input", (ev) => {
    const bound = paths.get(ev.target);
    if (!bound) return;
    set(bound.path, bound.read(ev.target));
    if (ev.target.tagName === "TEXTAREA") ev.target.rows = Math.min(14, Math.max(ev.target.rows, ev.target.value.split("\n").length));
    changed(false);
  });

  async function preview() {
    inflight = true; pending = false;
    const mine = ++seq;
    const r = await post(API("/xem-truoc"), {data, seq: mine});
    inflight = false;
    if (r.ok) show(r.json.html, r.json.problems, mine);
    if (pending) preview();
  }

  function show(html, found, mine) {
    problems = found || [];
    markProblems();
    if (html) setPreview(frame, html);
    document.body.dataset.previewSeq = String(mine ?? seq);
    reveal();
  }

  // ---- the preview follows the field being edited
  // The page has no field paths (it is the printed page): the field is found by its words, each level of
  // its path searched after the place of the level above, so that "Mục đích" is found in its own part.
  const clean = (text) => text.replace(/\[\^\d+\]|[*_`]/g, "").replace(/^\s*[-+]\s+/, "").replace(/\s+/g, " ").trim();
  function words(value) {
    if (value && typeof value === "object" && !Array.isArray(value)) value = value.tieu_de || value.noi_dung || value.ten || "";
    if (Array.isArray(value)) value = value.find((v) => typeof v === "string" && v.trim()) || "";
    if (typeof value !== "string" && typeof value !== "number") return "";
    const line = String(value).split("\n").map(clean).find((l) => l.length >= 2) || "";
    return line.slice(0, 60);
  }
  function placeOf(doc, path) {
    const blocks = [...doc.body.querySelectorAll("p, td, th, li, h1, h2, h3, h4, caption")];
    let at = null, from = 0;
    for (let n = 1; n <= path.length; n++) {
      const needle = words(get(path.slice(0, n)));
      if (!needle) continue;
      const k = blocks.findIndex((b, i) => i >= from && clean(b.textContent).includes(needle));
      if (k >= 0) { at = blocks[k]; from = k; }
    }
    return at;
  }
  function reveal() {
    const bound = paths.get(document.activeElement);
    const doc = frame.contentDocument;
    if (!bound || !doc || !doc.body || !doc.scrollingElement) return;
    const at = placeOf(doc, bound.path);
    if (!at) return;
    const view = doc.scrollingElement, box = at.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= frame.clientHeight) return;  // already in sight: the page stays still
    view.scrollTo({top: Math.max(0, view.scrollTop + box.top - frame.clientHeight / 3)});
  }
  form.addEventListener("focusin", reveal);

  function setPreview(target, html) {
    const doc = target.contentDocument;
    if (!doc || !doc.body || !doc.body.dataset.ready) {
      target.srcdoc = html;
      target.addEventListener("load", () => { if (target.contentDocument.body) target.contentDocument.body.dataset.ready = "1"; },
        {once: true});
      return;
    }
    const fresh = new DOMParser().parseFromString(html, "text/html");
    fresh.body.dataset.ready = "1";
    doc.body.replaceWith(doc.importNode(fresh.body, true));
  }

  function markProblems() {
    for (const e of form.querySelectorAll(".bao-loi")) e.remove();
    for (const e of form.querySelectorAll(".co-loi")) e.classList.remove("co-loi");
    for (const e of form.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
    const list = h("ul");
    for (const p of problems) {
      let path = p.path || "", at = null;
      while (path) {
        at = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
        if (at) break;
        const shorter = path.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
        if (shorter === path) break;
        path = shorter;
      }
      const where = p.path || (p.line ? `dòng ${p.line}` : "");
      const warning = p.severity === "W";
      const said = warning ? `cảnh báo: ${p.message}` : p.message;
      const text = `${where ? where + ": " : ""}${said}`;
      if (at) {
        at.classList.add("co-loi");
        const msg = h("p", {class: warning ? "bao-loi canh-bao" : "bao-loi", role: "alert", text: said});
        const ctrl = at.matches("input,textarea,select") ? at : at.querySelector("input,textarea,select");
        if (ctrl) ctrl.setAttribute("aria-invalid", "true");
        if (at.tagName === "FIELDSET") at.querySelector("legend").after(msg); else at.append(msg);
        list.append(h("li", {}, h("button", {type: "button", text, onclick: () => (ctrl || at).focus()})));
      } else list.append(h("li", {text: p.text || text}));
    }
    const errors = problems.filter((p) => p.severity !== "W").length, warnings = problems.length - errors;
    const counts = [errors ? `${errors} lỗi cần sửa` : "", warnings ? `${warnings} cảnh báo` : ""].filter(Boolean);
    summary.replaceChildren(...(problems.length ? [h("strong", {text: `${counts.join(", ")}:`}), list] : []));
  }

  // ---- load, save, conflicts, documents
  function say(message, kind, ...extra) {
    banner.replaceChildren(h("span", {class: kind === "loi" ? "loi-lon" : "", text: message}), ...extra);
  }

  async function load() {
    const r = await fetch(API(""));
    const j = await r.json();
    if (!r.ok) { say(j.message, "loi"); return; }
    adopt(j);
  }

  function adopt(j) {
    version = seenVersion = j.version;
    dirty = false;
    if (j.data === null) {
      data = {};
      say("Tệp YAML có lỗi cú pháp nên chưa mở được trong biểu mẫu; sửa tệp bằng trình soạn thảo văn bản theo các lỗi dưới đây.", "loi");
    } else data = j.data;
    render();
    show(j.html, j.problems);
    statusEl.textContent = "Đã mở";
  }

  // What the saved file still has to fix, said where the clerk looks after pressing Lưu.
  function savedStatus(found) {
    const said = `Đã lưu lúc ${new Date().toLocaleTimeString("vi-VN")}`;
    const errors = found.filter((p) => p.severity !== "W").length, warnings = found.length - errors;
    if (found.length === 1) {
      const p = found[0];
      return `${said} — còn 1 ${errors ? "lỗi" : "cảnh báo"}: ${p.path ? p.path + ": " : ""}${p.message}`;
    }
    const counts = [errors ? `${errors} lỗi` : "", warnings ? `${warnings} cảnh báo` : ""].filter(Boolean);
    return counts.length ? `${said} — còn ${counts.join(", ")}` : said;
  }

  async function save() {
    const r = await post(API("/luu"), {data, version});
    if (r.ok) {
      version = seenVersion = r.json.version;
      dirty = false;
      const found = r.json.problems || [];
      statusEl.textContent = statusEl.title = savedStatus(found);
      statusEl.classList.toggle("con-loi", found.some((p) => p.severity !== "W"));
      banner.replaceChildren();
      show(r.json.html, found);
      return true;
    }
    if (r.status === 409) conflict(r.json);
    else say(r.json.message, "loi");
    return false;
  }

  const dialog = document.getElementById("xung-dot");
  let other = null;
  function conflict(j) {
    other = j.other;
    say(j.message, "loi");
    document.getElementById("xung-dot-loi").textContent = j.message;
    const changes = document.getElementById("xung-dot-khac");
    changes.replaceChildren(...(other.changes.length ? other.changes : ["(không đọc được bản kia để so sánh)"]).map(
      (c) => h("li", {text: c})));
    const view = document.getElementById("xung-dot-xem");
    view.srcdoc = other.html || "<p>Bản kia đang có lỗi, chưa xem trước được.</p>";
    dialog.showModal();
  }
  document.getElementById("dung-ban-kia").addEventListener("click", () => { dialog.close(); adopt(other); banner.replaceChildren(); });
  document.getElementById("ghi-de").addEventListener("click", async () => { dialog.close(); version = other.version; await save(); });
  document.getElementById("dong-xung-dot").addEventListener("click", () => dialog.close());

  async function documentFile(kind, force) {
    if (dirty && !(await save())) return;
    statusEl.textContent = kind === "pdf" ? "Đang tạo PDF…" : "Đang tạo .docx…";
    const r = await post(API(`/tao/${kind}`), {force: !!force});
    statusEl.textContent = dirty ? "Chưa lưu" : "Đã lưu";
    if (r.status === 409 && r.json.guard) {
      say(r.json.message, "loi", " ", plainButton("Ghi đè (giữ bản cũ .bak.docx)", "ghi-de-docx", () => documentFile(kind, true)));
      return;
    }
    if (!r.ok) { say(r.json.message, "loi"); return; }
    const findings = r.json.findings || [];
    say(findings.length ? `Kiểm tra thể thức: ${findings.length} điều cần xem` : "Văn bản đạt thể thức (kehoach check).",
      findings.some((f) => f.severity === "E") ? "loi" : "",
      findings.length ? h("ul", {}, ...findings.map((f) => h("li", {text: f.text}))) : null);
    const a = h("a", {href: r.json.url, download: ""});
    document.body.append(a); a.click(); a.remove();
  }
  document.getElementById("luu").addEventListener("click", save);
  document.getElementById("tai-docx").addEventListener("click", () => documentFile("docx"));
  document.getElementById("tai-pdf").addEventListener("click", () => documentFile("pdf"));
  // The preview is the printed page (A4, the plan's margins): the browser's print dialog prints it alone.
  document.getElementById("in").addEventListener("click", () => frame.contentWindow.print());
  document.addEventListener("keydown", (ev) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") { ev.preventDefault(); save(); }
  });
  window.addEventListener("beforeunload", (ev) => { if (dirty) { ev.preventDefault(); ev.returnValue = ""; } });

  // A plan changed on disk (another clerk, a text editor, git) while open here is noticed within seconds.
  setInterval(async () => {
    const r = await fetch(API("/phien-ban"));
    if (!r.ok) return;
    const j = await r.json();
    if (j.version === seenVersion || j.version === version) return;
    seenVersion = j.version;
    say(dirty ? "Tệp kế hoạch vừa được thay đổi ở nơi khác; bạn có phần chưa lưu. Lưu sẽ cho xem bản kia trước khi ghi."
      : "Tệp kế hoạch vừa được thay đổi ở nơi khác.", "loi", " ",
    plainButton("Tải bản mới", "tai-ban-moi", () => { load(); }));
  }, 2000);

  load();
})();
