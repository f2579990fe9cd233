// kehoach serve: the plan's review status in the editor (Dự thảo → Chờ duyệt → Đã duyệt) with the buttons that
// move it; an approved plan is shown read-only (the server refuses to save it as well).
"use strict";
(() => {
  const NAME = document.body.dataset.name;
  const API = (p) => `/api/ke-hoach/${encodeURIComponent(NAME)}${p}`;
  const box = document.getElementById("duyet");
  const lock = document.getElementById("khoa");
  const saveButton = document.getElementById("luu");
  const banner = document.getElementById("thong-bao");
  const editorStatus = document.getElementById("trang-thai");

  function say(text) {
    const s = document.createElement("span");
    s.className = "loi-lon";
    s.textContent = text;
    banner.replaceChildren(s);
  }
  function show(s) {
    const approved = s.trang_thai === "da-duyet";
    lock.disabled = approved;
    saveButton.disabled = approved;
    document.body.classList.toggle("chi-xem", approved);
    const label = document.createElement("span");
    label.className = `nhan-trang-thai trang-thai-${s.trang_thai}`;
    label.textContent = s.nhan;
    const buttons = s.buoc.map((b) => {
      const e = document.createElement("button");
      e.type = "button";
      e.textContent = b.nut;
      e.addEventListener("click", () => move(b.den));
      return e;
    });
    box.replaceChildren(label, ...buttons);
    if (approved) say(`Kế hoạch đã được duyệt (${s.ten}) nên chỉ xem được; muốn sửa thì bấm "Mở lại để sửa".`);
  }
  async function move(to) {
    if (editorStatus.textContent === "Chưa lưu") { say("Hãy bấm Lưu trước khi đổi trạng thái kế hoạch."); return; }
    const r = await fetch(API(`/trang-thai/${to}`), {method: "POST", headers: {"X-Kehoach": "1"}});
    let j = {};
    try { j = await r.json(); } catch (e) { j = {message: `lỗi máy chủ (${r.status})`}; }
    if (!r.ok) { say(j.message); return; }
    banner.replaceChildren();
    show(j.trang_thai);
  }
  async function load() {
    const r = await fetch(API("/trang-thai"));
    if (r.ok) show((await r.json()).trang_thai);
  }
  load();
})();
