// kehoach serve: the list page's forms (new plan, roll forward, year-end report, import), each opening the file made.
"use strict";
(() => {
  const banner = document.getElementById("thong-bao");
  const open = (name) => { window.location.href = `/ke-hoach/${encodeURIComponent(name)}`; };
  // A message, the lines under it and a link to a file of the folder; built as text, never as markup.
  function say(text, lines = [], name = null, label = "Mở") {
    banner.replaceChildren(document.createTextNode(text));
    if (lines.length) {
      const list = document.createElement("ul");
      for (const line of lines) { const item = document.createElement("li"); item.textContent = line; list.append(item); }
      banner.append(list);
    }
    if (name) {
      const link = document.createElement("a");
      link.href = `/ke-hoach/${encodeURIComponent(name)}`;
      link.textContent = `${label} ${name}`;
      banner.append(" ", link);
    }
  }
  async function send(url, body, type, done = (j) => open(j.name)) {
    say("Đang xử lý…");
    const r = await fetch(url, {method: "POST", body, headers: {"Content-Type": type, "X-Kehoach": "1"}});
    let j = {};
    try { j = await r.json(); } catch (e) { j = {message: `lỗi máy chủ (${r.status})`}; }
    if (!r.ok) { say(j.message, [], r.status === 409 ? j.name : null); return; }
    done(j);
  }
  const json = (form) => JSON.stringify(Object.fromEntries(new FormData(form)));
  const base64 = (file) => new Promise((ok, fail) => {
    const reader = new FileReader();
    reader.onload = () => ok(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => fail(reader.error);
    reader.readAsDataURL(file);
  });
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
  document.getElementById("bao-cao").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    if (!form.elements.name.value) { say("Thư mục chưa có kế hoạch nào để làm báo cáo."); return; }
    const files = Array.from(document.getElementById("so-theo-doi").files);
    const body = JSON.stringify({
      name: form.elements.name.value, phuong_huong: form.elements.phuong_huong.checked,
      so_theo_doi: await Promise.all(files.map(async (f) => ({ten: f.name, du_lieu: await base64(f)}))),
    });
    // Rows of a workbook that match no task are worth reading before the report opens.
    send("/api/bao-cao", body, "application/json", (j) => {
      if (!j.notes.length) { open(j.name); return; }
      say(`Đã tạo báo cáo ${j.name} (${j.tasks} nhiệm vụ của kế hoạch năm ${j.year}). Cần xem:`, j.notes, j.name,
          "Mở báo cáo");
    });
  });
  document.getElementById("nhap").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const file = document.getElementById("tep-nhap").files[0];
    if (!file) { say("Chọn một tệp để nhập."); return; }
    send(`/api/nhap?ten=${encodeURIComponent(file.name)}`, file, "application/octet-stream");
  });
})();
