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
  // A Sở's or a commune's plan needs its name; the committee's is the province's own.
  const kind = document.getElementById("loai"), nameBox = document.getElementById("o-ten");
  const nameInput = document.getElementById("ten"), nameLabel = document.getElementById("nhan-ten");
  const showKind = () => {
    const other = kind.value !== "ubnd";
    nameBox.hidden = !other;
    nameInput.required = other;
    nameLabel.textContent = kind.value === "xa" ? nameInput.dataset.xa : nameInput.dataset.so;
    if (kind.value === "xa") nameInput.removeAttribute("list"); else nameInput.setAttribute("list", "goi-y-so");
  };
  kind.addEventListener("change", showKind);
  showKind();
  // The new year follows the plan chosen: the year after its own.
  const source = document.getElementById("goc"), rollYear = document.getElementById("nam-chuyen");
  const followPlan = () => {
    const year = Number(source.selectedOptions[0]?.dataset.nam);
    if (year) rollYear.value = String(year + 1);
  };
  source.addEventListener("change", followPlan);
  followPlan();
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
