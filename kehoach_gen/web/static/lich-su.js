// kehoach serve: a plan's history. Each version with its author and time, the page as it was, the changes
// between any two versions (and the .docx with those changes tracked), and restoring an old version as a new one.
"use strict";
(() => {
  const NAME = document.body.dataset.name;
  const API = (p) => `/api/ke-hoach/${encodeURIComponent(NAME)}${p}`;
  const rows = document.getElementById("phien-ban");
  const banner = document.getElementById("thong-bao");
  const frame = document.getElementById("xem");
  const heading = document.getElementById("xem-tieu-de");
  const from = document.getElementById("tu"), to = document.getElementById("den");
  const result = document.getElementById("ket-qua-so-sanh");
  const download = document.getElementById("tai-so-sanh");
  let versions = [];

  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const k of kids) if (k) e.append(k);
    return e;
  }
  async function json(r) {
    try { return await r.json(); } catch (e) { return {message: `lỗi máy chủ (${r.status})`}; }
  }
  function say(text, bad) { banner.replaceChildren(h("span", {class: bad ? "loi-lon" : "", text})); }

  async function load() {
    const r = await fetch(API("/lich-su"));
    const j = await json(r);
    if (!r.ok) { say(j.message, true); return; }
    versions = j.phien_ban;
    document.getElementById("trang-thai-ke-hoach").textContent = `Trạng thái: ${j.trang_thai.nhan}`;
    const latest = versions.length ? versions[0].so : 0;
    rows.replaceChildren(...versions.map((v) => h("tr", {"data-so": v.so},
      h("td", {text: String(v.so)}), h("td", {text: v.luc}),
      h("td", {title: v.tai_khoan || "", text: v.tac_gia}), h("td", {text: v.tom_tat}),
      h("td", {class: "thao-tac"},
        h("button", {type: "button", text: "Xem", "aria-label": `Xem phiên bản ${v.so}`, onclick: () => view(v)}),
        v.so > 1 ? h("button", {type: "button", text: "So sánh", "aria-label": `So sánh phiên bản ${v.so} với phiên bản ${v.so - 1}`,
          onclick: () => { from.value = String(v.so - 1); to.value = String(v.so); compare(); }}) : null,
        v.so !== latest ? h("button", {type: "button", text: "Khôi phục", "aria-label": `Khôi phục phiên bản ${v.so}`,
          onclick: () => restore(v)}) : null))));
    for (const select of [from, to]) {
      const keep = select.value;
      select.replaceChildren(...versions.map((v) => h("option", {value: String(v.so), text: `${v.so} (${v.luc}, ${v.tac_gia})`})));
      if (keep) select.value = keep;
    }
    if (!from.value || !to.value || from.value === to.value) {
      to.value = String(latest);
      from.value = String(Math.max(1, latest - 1));
    }
  }

  async function view(v) {
    heading.textContent = `Phiên bản ${v.so} (${v.luc}, ${v.tac_gia})`;
    const r = await fetch(API(`/lich-su/${v.so}`));
    const j = await json(r);
    if (!r.ok) { say(j.message, true); return; }
    frame.srcdoc = j.html || `<p>Phiên bản này có lỗi nên chưa xem trước được:</p><ul>${j.problems.map(
      (p) => `<li>${p.replace(/[&<>]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;"})[c])}</li>`).join("")}</ul>`;
  }

  async function compare() {
    const a = from.value, b = to.value;
    result.replaceChildren(h("p", {text: "Đang so sánh…"}));
    const r = await fetch(API(`/so-sanh/${a}/${b}`));
    const j = await json(r);
    if (!r.ok) { result.replaceChildren(h("p", {class: "loi", text: j.message})); download.hidden = true; return; }
    const lines = j.thay_doi;
    result.replaceChildren(h("h3", {text: `Từ phiên bản ${a} đến phiên bản ${b}: ${lines.length ? "" : "không có thay đổi nào trong văn bản in ra"}`}),
      lines.length ? h("ul", {class: "thay-doi"}, ...lines.map((l) => h("li", {text: l.trim()}))) : null);
    download.href = `/tep/${encodeURIComponent(NAME)}/so-sanh/${a}/${b}`;
    download.setAttribute("download", "");
    download.hidden = false;
  }
  document.getElementById("so-sanh").addEventListener("submit", (ev) => { ev.preventDefault(); compare(); });

  async function restore(v) {
    if (!window.confirm(`Khôi phục phiên bản ${v.so} (${v.luc}, ${v.tac_gia})? Nội dung hiện tại vẫn được giữ trong lịch sử; bản khôi phục thành một phiên bản mới.`)) return;
    const r = await fetch(API(`/khoi-phuc/${v.so}`), {method: "POST", headers: {"X-Kehoach": "1"}});
    const j = await json(r);
    say(j.message, !r.ok);
    if (r.ok) await load();
  }
  load();
})();
