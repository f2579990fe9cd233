// kehoach serve: the list page's three forms (new plan, roll forward, import), each opening the new plan.
"use strict";
(() => {
  const banner = document.getElementById("thong-bao");
  const open = (name) => { window.location.href = `/ke-hoach/${encodeURIComponent(name)}`; };
  async function send(url, body, type) {
    banner.textContent = "Đang xử lý…";
    const r = await fetch(url, {method: "POST", body, headers: {"Content-Type": type, "X-Kehoach": "1"}});
    let j = {};
    try { j = await r.json(); } catch (e) { j = {message: `lỗi máy chủ (${r.status})`}; }
    if (!r.ok) { banner.textContent = j.message; return; }
    open(j.name);
  }
  const json = (form) => JSON.stringify(Object.fromEntries(new FormData(form)));
  document.getElementById("tao-moi").addEventListener("submit", (ev) => {
    ev.preventDefault(); send("/api/moi", json(ev.target), "application/json");
  });
  document.getElementById("nam-sau").addEventListener("submit", (ev) => {
    ev.preventDefault(); send("/api/nam-moi", json(ev.target), "application/json");
  });
  document.getElementById("nhap").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const file = document.getElementById("tep-nhap").files[0];
    if (!file) { banner.textContent = "Chọn một tệp để nhập."; return; }
    send(`/api/nhap?ten=${encodeURIComponent(file.name)}`, file, "application/octet-stream");
  });
})();
