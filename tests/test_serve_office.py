"""`kehoach serve` for an office, in Debian's Chromium through Playwright: two clerks log in, edit and
save; the history names both; compare two versions (and the tracked-changes .docx); restore; a wrong password
is refused; an approved plan cannot be saved until it is reopened. Against the real `kehoach serve`, with
accounts made by the real `kehoach tai-khoan`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLES
from serving import KEHOACH, start_server, stop_server

pytestmark = pytest.mark.slow  # Chromium drives the editor

FAST = 10_000  # ms
PLAN = "phu-tho-2022.yaml"
USERS = {"an": ("Nguyễn Văn An", "mat-khau-cua-an"), "binh": ("Trần Thị Bình", "mat-khau-cua-binh")}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def add_account(folder: Path, login: str, full_name: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KEHOACH, "tai-khoan", "them", str(folder), login, "--ho-ten", full_name],
                          input=password + "\n", capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("van-phong")
    shutil.copy(EXAMPLES / PLAN, folder / PLAN)
    for login, (full_name, password) in USERS.items():
        assert add_account(folder, login, full_name, password).returncode == 0
    proc, base = start_server(folder)
    yield base, folder
    stop_server(proc)


@pytest.fixture
def clerks(browser) -> Iterator[list]:
    """Two browser windows with separate cookies, as two desks of the office."""
    contexts = [browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900}) for _ in range(2)]
    pages, errors = [], []
    for context in contexts:
        pg = context.new_page()
        pg.set_default_timeout(FAST)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pages.append(pg)
    yield pages
    for context in contexts:
        context.close()
    assert not errors, errors


def log_in(page, base: str, login: str, password: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def open_plan(page, base: str) -> None:
    page.goto(f"{base}/ke-hoach/{PLAN}")
    page.wait_for_function("document.body.dataset.previewSeq !== undefined")


def save(page) -> None:
    page.get_by_role("button", name="Lưu").click()
    page.locator("#trang-thai", has_text="Đã lưu").wait_for()


def field(page, path: str):
    return page.locator(f'[data-key="{path}"]')


def test_two_clerks_log_in_save_compare_restore_and_approve(clerks, office, tmp_path):
    base, folder = office
    an, binh = clerks
    original = (folder / PLAN).read_bytes()

    # Every page asks for a login, also on this machine; a wrong password is refused and the page stays.
    an.goto(f"{base}/ke-hoach/{PLAN}")
    an.wait_for_url(re.compile(r"/dang-nhap\?"))
    log_in(an, base, "an", "mat-khau-sai")
    an.get_by_role("alert").filter(has_text="Tên đăng nhập hoặc mật khẩu không đúng").wait_for()
    assert "/dang-nhap" in an.url and an.context.cookies() == []
    log_in(an, base, "an", USERS["an"][1])
    an.wait_for_url(re.compile(rf"/ke-hoach/{re.escape(PLAN)}$"))  # back where the clerk was going
    cookie = next(c for c in an.context.cookies() if c["name"] == "kehoach_phien")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    an.wait_for_function("document.body.dataset.previewSeq !== undefined")
    an.get_by_text("Nguyễn Văn An").first.wait_for()
    field(an, "trich_yeu").fill("Hoạt động đối ngoại tỉnh Phú Thọ giai đoạn 2022 - 2026")
    save(an)

    binh.goto(base)
    log_in(binh, base, "binh", USERS["binh"][1])
    binh.get_by_role("cell", name="Dự thảo").wait_for()  # the status column of the list
    open_plan(binh, base)
    field(binh, "nguoi_ky.ho_ten").fill("Hồ Đại Dũng")
    save(binh)

    # The history names both clerks, newest first, each with what they changed.
    binh.get_by_role("link", name="Lịch sử").click()
    binh.wait_for_url(re.compile(r"/lich-su$"))
    rows = binh.locator("#phien-ban tr")
    rows.nth(2).wait_for()
    texts = rows.all_inner_texts()
    assert "Trần Thị Bình" in texts[0] and "Người ký" in texts[0]
    assert "Nguyễn Văn An" in texts[1] and "Trích yếu" in texts[1] and "2026" in texts[1]
    assert "ngoài hệ thống" in texts[2]  # the file as it was before the server first saw it

    # The page as it was: version 1 still has the old summary line.
    binh.get_by_role("button", name="Xem phiên bản 1").click()
    binh.frame_locator("#xem").get_by_text("giai đoạn 2022 - 2025").first.wait_for()

    # Compare 1 with 3: the structural diff, and the .docx with the changes tracked.
    binh.select_option("#tu", "1")
    binh.select_option("#den", "3")
    binh.get_by_role("button", name="So sánh", exact=True).click()
    changes = binh.locator("#ket-qua-so-sanh li")
    changes.first.wait_for()
    listed = " ".join(changes.all_inner_texts())
    assert "Trích yếu: sửa nội dung" in listed and "Người ký: sửa nội dung" in listed
    with binh.expect_download() as download:
        binh.get_by_role("link", name="Tải .docx đánh dấu thay đổi").click()
    review = tmp_path / "so-sanh.docx"
    download.value.save_as(review)
    body = docx.Document(str(review)).element.body
    inserted = "".join(t.text or "" for t in body.iter(f"{W}ins") for t in t.iter(f"{W}t"))
    deleted = "".join(t.text or "" for t in body.iter(f"{W}del") for t in t.iter(f"{W}delText"))
    assert "2026" in inserted and "2025" in deleted
    assert {el.get(f"{W}author") for el in body.iter(f"{W}ins")} == {"Trần Thị Bình"}

    # Restore version 1: a new version 4, the file back as it was, nothing rewritten.
    binh.once("dialog", lambda d: d.accept())
    binh.get_by_role("button", name="Khôi phục phiên bản 1").click()
    binh.locator("#thong-bao", has_text="Đã khôi phục phiên bản 1 thành phiên bản mới 4").wait_for()
    assert (folder / PLAN).read_bytes() == original
    rows.nth(3).wait_for()
    assert "khôi phục phiên bản 1" in rows.first.inner_text() and rows.count() == 4

    # Send for approval, approve: the plan is read-only, in the page and in the API.
    open_plan(binh, base)
    binh.get_by_role("button", name="Gửi duyệt").click()
    binh.locator("#duyet", has_text="Chờ duyệt").wait_for()
    open_plan(an, base)
    an.get_by_role("button", name="Duyệt", exact=True).click()
    an.locator("#duyet", has_text="Đã duyệt (Nguyễn Văn An").wait_for()
    assert an.get_by_role("button", name="Lưu").is_disabled()
    assert field(an, "trich_yeu").is_disabled()
    an.keyboard.press("Control+s")
    refused = an.evaluate("""async () => {
        const plan = await (await fetch('/api/ke-hoach/phu-tho-2022.yaml')).json();
        const r = await fetch('/api/ke-hoach/phu-tho-2022.yaml/luu', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-Kehoach': '1'},
            body: JSON.stringify({data: plan.data, version: plan.version})});
        return {status: r.status, body: await r.json()};
    }""")
    assert refused["status"] == 423 and "đã được duyệt" in refused["body"]["message"]
    assert (folder / PLAN).read_bytes() == original
    binh.reload()
    binh.wait_for_function("document.body.dataset.previewSeq !== undefined")
    binh.locator("#duyet", has_text="Đã duyệt").wait_for()
    binh.get_by_role("button", name="Mở lại để sửa").click()
    binh.locator("#duyet", has_text="Dự thảo (Trần Thị Bình").wait_for()
    assert not binh.get_by_role("button", name="Lưu").is_disabled()

    # The command line sees the same history, one version a line.
    lines = subprocess.run([KEHOACH, "lich-su", str(folder / PLAN)], capture_output=True, text=True,
                           timeout=60).stdout.splitlines()
    assert [line.split()[0] for line in lines] == [str(n) for n in range(1, 8)]
    assert "Trần Thị Bình (binh)  Gửi duyệt" in lines[4] and "Nguyễn Văn An (an)  Duyệt" in lines[5]
    assert "Mở lại để sửa" in lines[6]

    # Logging out ends the session: the next page is the login page.
    an.get_by_role("button", name="Đăng xuất").click()
    an.wait_for_url(re.compile(r"/dang-nhap$"))
    an.goto(base)
    an.get_by_role("button", name="Đăng nhập").wait_for()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the answer itself is what is looked at
        return None


def http(base: str, path: str, *, cookie: str = "", body: object = None, form: str | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict, object]:
    """One request, no redirect followed: status, headers, and the JSON (or text) answered."""
    sent = {"X-Kehoach": "1", **({"Cookie": cookie} if cookie else {}), **(headers or {})}
    data = None
    if form is not None:
        data, sent["Content-Type"] = form.encode(), "application/x-www-form-urlencoded"
    elif body is not None:
        data, sent["Content-Type"] = json.dumps(body).encode(), "application/json"
    request = urllib.request.Request(f"{base}{path}", data=data, headers=sent, method="POST" if data else "GET")
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=60) as r:
            status, got, raw = r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        status, got, raw = exc.code, dict(exc.headers), exc.read()
    try:
        return status, got, json.loads(raw)
    except ValueError:
        return status, got, raw.decode("utf-8", "replace")


def log_in_http(base: str, login: str, password: str) -> str:
    status, headers, _ = http(base, "/dang-nhap", form=f"ten={login}&mat_khau={password}&tiep=/")
    assert status == 303, (status, _)
    return headers["set-cookie"].split(";")[0]


def test_an_approved_plan_cannot_be_saved_over_http(office):
    """The API refuses it whatever the page does (a second tab, a script)."""
    base, folder = office
    cookie = log_in_http(base, "an", USERS["an"][1])

    def call(path: str, body: object = None) -> tuple[int, dict]:
        status, _, answer = http(base, path, cookie=cookie, body=body)
        assert isinstance(answer, dict)
        return status, answer

    status = call(f"/api/ke-hoach/{PLAN}/trang-thai")[1]["trang_thai"]["trang_thai"]
    for to in {"du-thao": ["cho-duyet", "da-duyet"], "cho-duyet": ["da-duyet"]}.get(status, []):
        assert call(f"/api/ke-hoach/{PLAN}/trang-thai/{to}", {})[0] == 200
    plan = call(f"/api/ke-hoach/{PLAN}")[1]
    assert plan["trang_thai"]["trang_thai"] == "da-duyet"
    before = (folder / PLAN).read_bytes()
    code, answer_body = call(f"/api/ke-hoach/{PLAN}/luu", {"data": plan["data"], "version": plan["version"]})
    assert code == 423 and "Mở lại để sửa" in answer_body["message"]
    code, answer_body = call(f"/api/ke-hoach/{PLAN}/khoi-phuc/1", {})
    assert code == 423 and "Chưa khôi phục" in answer_body["message"]
    assert (folder / PLAN).read_bytes() == before
    code, answer_body = call(f"/api/ke-hoach/{PLAN}/trang-thai/cho-duyet", {})
    assert code == 409 and "chỉ sang: Dự thảo" in answer_body["message"]
    assert call(f"/api/ke-hoach/{PLAN}/trang-thai/du-thao", {})[0] == 200


def test_wrong_passwords_are_slowed_down_then_lock_the_account_for_a_while(office):
    base, folder = office
    assert add_account(folder, "chi", "Lê Thị Chi", "mat-khau-cua-chi").returncode == 0  # the server running
    for left in (4, 3, 2, 1):
        started = time.monotonic()
        status, _, page = http(base, "/dang-nhap", form="ten=chi&mat_khau=doan-bua&tiep=/")
        assert status == 401 and f"còn {left} lần thử" in page and time.monotonic() - started >= 1.0
    status, _, page = http(base, "/dang-nhap", form="ten=chi&mat_khau=doan-bua-nua&tiep=/")
    assert status == 429 and "tạm khoá 15 phút" in page
    status, headers, page = http(base, "/dang-nhap", form="ten=chi&mat_khau=mat-khau-cua-chi&tiep=/")
    assert status == 429 and "set-cookie" not in {k.lower() for k in headers}  # even the right one, for now
    assert log_in_http(base, "an", USERS["an"][1])  # the others are not locked out


def test_a_session_is_signed_confined_and_ended_by_a_new_password(office):
    base, folder = office
    assert add_account(folder, "dung", "Phạm Văn Dũng", "mat-khau-cua-dung").returncode == 0
    status, headers, _ = http(base, "/")
    assert status == 303 and headers["location"] == "/dang-nhap?tiep=%2F"
    status, _, answer = http(base, f"/api/ke-hoach/{PLAN}")
    assert status == 401 and "Cần đăng nhập" in answer["message"]
    status, _, page = http(base, "/dang-nhap?tiep=/ke-hoach/x.yaml")
    assert status == 200 and "Tên đăng nhập" in page and "Mật khẩu" in page and 'value="/ke-hoach/x.yaml"' in page

    cookie = log_in_http(base, "dung", "mat-khau-cua-dung")
    assert http(base, f"/api/ke-hoach/{PLAN}", cookie=cookie)[0] == 200
    _, expires, signature = cookie.split("=", 1)[1].rsplit(".", 2)
    for forged in (f"an.{expires}.{signature}", f"dung.{int(expires) + 999}.{signature}", f"dung.{expires}.{'0' * 64}"):
        assert http(base, f"/api/ke-hoach/{PLAN}", cookie=f"kehoach_phien={forged}")[0] == 401
    # A change still needs the editor's header (a foreign page cannot send it), logged in or not.
    status, _, _ = http(base, f"/api/ke-hoach/{PLAN}/trang-thai/cho-duyet", cookie=cookie, body={},
                        headers={"X-Kehoach": "0"})
    assert status == 403
    status, _, _ = http(base, "/dang-nhap", form="ten=dung&mat_khau=mat-khau-cua-dung",
                        headers={"Origin": "http://trang-la.example"})
    assert status == 403
    status, headers, _ = http(base, "/dang-nhap", form="ten=dung&mat_khau=mat-khau-cua-dung&tiep=//trang-la.example/")
    assert status == 303 and headers["location"] == "/"

    changed = subprocess.run([KEHOACH, "tai-khoan", "doi-mat-khau", str(folder), "dung"], input="mat-khau-moi-dung\n",
                             capture_output=True, text=True, timeout=60)
    assert changed.returncode == 0
    assert http(base, f"/api/ke-hoach/{PLAN}", cookie=cookie)[0] == 401
    assert http(base, f"/api/ke-hoach/{PLAN}", cookie=log_in_http(base, "dung", "mat-khau-moi-dung"))[0] == 200


def test_edits_made_outside_are_recorded_when_the_server_next_sees_them(office):
    base, folder = office
    cookie = log_in_http(base, "an", USERS["an"][1])
    other = "hau-giang-2018.yaml"
    shutil.copy(EXAMPLES / other, folder / other)  # copied in by hand
    assert http(base, "/", cookie=cookie)[0] == 200
    text = (folder / other).read_text(encoding="utf-8")
    (folder / other).write_text(text.replace("ho_ten: ", "ho_ten: Ông ", 1), encoding="utf-8")  # Notepad
    status, _, plan = http(base, f"/api/ke-hoach/{other}", cookie=cookie)
    assert status == 200
    versions = http(base, f"/api/ke-hoach/{other}/lich-su", cookie=cookie)[2]["phien_ban"]
    assert [(v["so"], v["tac_gia"]) for v in versions] == [(2, "ngoài hệ thống"), (1, "ngoài hệ thống")]
    assert versions[0]["tom_tat"].startswith("Người ký: sửa")
    status, _, saved = http(base, f"/api/ke-hoach/{other}/luu", cookie=cookie,
                            body={"data": {**plan["data"], "so": 77}, "version": plan["version"]})
    assert status == 200, saved
    newest = http(base, f"/api/ke-hoach/{other}/lich-su", cookie=cookie)[2]["phien_ban"][0]
    assert (newest["so"], newest["tac_gia"], newest["tai_khoan"]) == (3, "Nguyễn Văn An", "an")
    assert newest["tom_tat"].startswith("Số: sửa")


def test_for_the_whole_office_accounts_replace_the_access_token(office):
    """Listening beyond this machine (or behind a reverse proxy under the office's own name), a folder with
    accounts prints a plain address, and any host name reaches the login page."""
    _, folder = office
    proc, url = start_server(folder, "--host", "0.0.0.0")
    try:
        assert "token=" not in url
        base = url.replace("0.0.0.0", "127.0.0.1")
        status, _, page = http(base, "/dang-nhap", headers={"Host": "kehoach.so-ngoai-vu.example"})
        assert status == 200 and "Đăng nhập" in page
        assert http(base, "/", headers={"Host": "kehoach.so-ngoai-vu.example"})[0] == 303
    finally:
        stop_server(proc)


def test_parallel_guesses_cannot_slip_past_the_lock_and_a_new_password_lifts_it(office):
    """Guesses sent at once are counted one by one (the right password last is still refused), and the
    administrator's new password opens the account again without a restart."""
    from concurrent.futures import ThreadPoolExecutor

    base, folder = office
    assert add_account(folder, "giang", "Đỗ Thu Giang", "mat-khau-cua-giang").returncode == 0
    forms = [f"ten=giang&mat_khau=doan-{i}&tiep=/" for i in range(12)]
    with ThreadPoolExecutor(len(forms)) as pool:
        answers = list(pool.map(lambda form: http(base, "/dang-nhap", form=form)[0], forms))
    assert answers.count(401) == 4 and answers.count(429) == 8, answers  # the fifth wrong try locks
    assert http(base, "/dang-nhap", form="ten=giang&mat_khau=mat-khau-cua-giang&tiep=/")[0] == 429
    changed = subprocess.run([KEHOACH, "tai-khoan", "doi-mat-khau", str(folder), "giang"], input="mat-khau-moi-giang\n",
                             capture_output=True, text=True, timeout=60)
    assert changed.returncode == 0, changed.stderr
    assert log_in_http(base, "giang", "mat-khau-moi-giang")


def test_behind_a_proxy_the_login_form_comes_from_the_name_the_proxy_was_asked_for(office):
    base, _ = office
    origin = "https://kehoach.sonv.example.gov.vn"
    status, _, _ = http(base, "/dang-nhap", form=f"ten=an&mat_khau={USERS['an'][1]}&tiep=/",
                        headers={"Origin": origin, "X-Forwarded-Host": "kehoach.sonv.example.gov.vn"})
    assert status == 303
    status, _, page = http(base, "/dang-nhap", form=f"ten=an&mat_khau={USERS['an'][1]}&tiep=/",
                           headers={"Origin": "https://elsewhere.example"})
    assert status == 403 and "không đến từ trang này" in str(page)


def test_a_status_is_set_only_for_a_plan_that_exists(office):
    base, folder = office
    cookie = log_in_http(base, "an", USERS["an"][1])
    status, _, answer = http(base, "/api/ke-hoach/chua-co-2028.yaml/trang-thai/cho-duyet", cookie=cookie, body={})
    assert status >= 400 and "không có kế hoạch" in answer["message"]
    assert not (folder / "chua-co-2028.yaml").exists()


def test_an_approved_plan_cannot_be_saved_through_a_link_to_it(office):
    base, folder = office
    cookie = log_in_http(base, "an", USERS["an"][1])
    shutil.copy(EXAMPLES / "hau-giang-2018.yaml", folder / "hau-giang-2018.yaml")
    (folder / "lien-ket.yaml").symlink_to("hau-giang-2018.yaml")
    for to in ("cho-duyet", "da-duyet"):
        assert http(base, f"/api/ke-hoach/hau-giang-2018.yaml/trang-thai/{to}", cookie=cookie, body={})[0] == 200
    _, _, plan = http(base, "/api/ke-hoach/lien-ket.yaml", cookie=cookie)
    before = (folder / "hau-giang-2018.yaml").read_bytes()
    status, _, _ = http(base, "/api/ke-hoach/lien-ket.yaml/luu", cookie=cookie,
                        body={"data": plan["data"], "version": plan["version"]})
    assert status == 423 and (folder / "hau-giang-2018.yaml").read_bytes() == before


def test_logging_out_ends_the_session_on_the_server_too(office):
    """A copy of the cookie kept elsewhere (another tab's, a stolen one) opens nothing after the logout."""
    base, _ = office
    cookie = log_in_http(base, "binh", USERS["binh"][1])
    assert http(base, f"/api/ke-hoach/{PLAN}", cookie=cookie)[0] == 200
    assert http(base, "/dang-xuat", cookie=cookie, form="x=1")[0] == 303
    assert http(base, f"/api/ke-hoach/{PLAN}", cookie=cookie)[0] == 401
    assert http(base, f"/api/ke-hoach/{PLAN}", cookie=log_in_http(base, "binh", USERS["binh"][1]))[0] == 200
