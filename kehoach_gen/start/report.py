"""`kehoach new --bao-cao --from PLAN.yaml [--theo-doi THEO-DOI.xlsx]`: the year-end Báo cáo kết quả thực hiện
drafted from the plan it reports on, and from the tracking workbook the bodies filled in.

The report cites the plan by number and date, lists every task the follow-up tracks (tracking.tasks, the same
records as the workbook's rows) with a place for its result, filled from the workbook where a body wrote one,
and counts the statuses; the parts of judgement (II. ĐÁNH GIÁ CHUNG, III. PHƯƠNG HƯỚNG, IV. KIẾN NGHỊ) get what the
workbook can tell (tasks done, tasks left and who leads them) and a '[Cần bổ sung ...]' for the rest, which the
content check keeps in sight until the clerk writes it. Recipients and signer are the plan's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kehoach_gen.errors import KehoachError, display
from kehoach_gen.facts import inline, nd30, vn
from kehoach_gen.plan.compose import identity
from kehoach_gen.plan.dockind import BAO_CAO, KE_HOACH, of, require
from kehoach_gen.plan.loader import load_plan_text
from kehoach_gen.plan.model import KeHoach
from kehoach_gen.plan.values import TRICH_YEU_MAX
from kehoach_gen.tracking import sheet as S
from kehoach_gen.tracking.status import Report, State, day_words
from kehoach_gen.tracking.tasks import PlanTasks, Task

TO_FILL = "[Cần bổ sung {}]"
_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.|[a-zđ]{1,2}\))\s+")
_LISTED_LEFT = 15  # unfinished tasks named in the body; the appendix has them all
RESULT_COLUMNS = ("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", S.STATUS, S.RESULT)


@dataclass
class Drafted:
    """The report's data (as its YAML writes it), and what the clerk should know about how it was made."""

    data: dict[str, Any]
    year: int
    tasks: int
    filled: int  # tasks whose status or result came from a workbook
    notes: list[str] = field(default_factory=list)


def report_year(plan: KeHoach, tasks: PlanTasks) -> int:
    """The year the plan is for: the one its trích yếu names, else the year after a December issue date."""
    if tasks.year:
        return tasks.year
    d = plan.ngay
    if d is None or d.nam is None:
        raise KehoachError("không biết kế hoạch là của năm nào: trích yếu không nêu một năm ('... năm 2027') và "
                           "không có ngày ban hành; ghi năm vào trích yếu của kế hoạch rồi chạy lại")
    return d.nam + 1 if d.thang == 12 else d.nam


def _lower_first(text: str) -> str:
    """'Công tác đối ngoại ...' inside a sentence: 'công tác đối ngoại ...'; an abbreviation or a name written
    in capitals ('UBND', 'ASEAN') stays."""
    words = text.split(" ", 1)
    first = words[0]
    if len(first) > 1 and first[1:].lower() != first[1:]:
        return text
    return first[:1].lower() + first[1:] + (f" {words[1]}" if len(words) > 1 else "")


def summary(plan: KeHoach, year: int, *, next_year: bool) -> str:
    """"Kết quả thực hiện Kế hoạch công tác đối ngoại ... năm 2027" (and "... và phương hướng, nhiệm vụ năm
    2028"): the plan's trích yếu inside the report's."""
    subject = _lower_first(inline.plain(plan.trich_yeu).strip().rstrip("."))
    if not re.search(rf"\b{year}\b", subject):
        subject += f" năm {year}"
    tail = f" và phương hướng, nhiệm vụ năm {year + 1}" if next_year else ""
    text = f"Kết quả thực hiện {KE_HOACH.name} {subject}{tail}"
    if len(text) > TRICH_YEU_MAX:
        text = f"Kết quả thực hiện {KE_HOACH.name} số {vn.reference_number(plan.so, plan.ky_hieu).strip()} năm {year}{tail}"
    return text


def _cited(plan: KeHoach) -> tuple[str, bool]:
    """The plan as the opening cites it ('Kế hoạch số 33/KH-UBND ngày 13 tháng 3 năm 2018 của ...'); a plan
    still a draft has no number or date to cite, so the places are marked to fill."""
    if not plan.is_draft:
        return identity(plan, of(plan)), True
    return (f"{KE_HOACH.name} số {TO_FILL.format('số')}/{plan.ky_hieu} ngày {TO_FILL.format('ngày ban hành')} của "
            f"{plan.issuer.full_name}"), False


def _literal(text: str) -> str:
    """A workbook's words as plan text: a '*' is a star, never emphasis; '[^' never a footnote."""
    return inline.write([inline.Span(text)]).replace("[^", "[ ^")


def _task_lines(task: Task) -> list[str]:
    lines = [ln for ln in task.text.split("\n") if ln.strip()]
    first = _NUMBER.sub("", lines[0]) if lines else ""
    return [_literal(x) for x in [vn.ensure_final(first, ".") if first else first, *lines[1:]] if x]


def _status_words(state: State | None) -> str:
    if state is None or state.status is None:
        return ""
    done = f" (ngày {day_words(state.done_on)})" if state.status == S.DONE and state.done_on else ""
    return f"{state.status}{done}"


def _group_title(task: Task) -> str:
    """The item a task is reported under: its plan item's title, or its part's when the item has none."""
    item = re.sub(r"^\d+\.\s*", "", task.item).strip()
    part = re.sub(r"^[IVXLC]+\.\s*", "", task.part).strip()
    return (item or vn.sentence_case(part)).rstrip(" :")


def _results_part(tasks: PlanTasks, states: dict[str, State], status: Report | None, headings: list[str],
                  year: int) -> dict[str, Any]:
    total = len(tasks.tasks)
    cite = ", ".join(headings[:-1]) + (f" và {headings[-1]}" if len(headings) > 1 else headings[0]) if headings else ""
    detail = f" (chi tiết tại {cite} kèm theo)" if cite else ""
    opening = []
    if status is not None:
        counts, blank = status.counts(S.TASKS_SHEET)
        done = counts[S.DONE]
        share = f" ({round(100 * done / total)}%)" if total else ""
        said = "" if not blank else f", trong đó {blank} nhiệm vụ chưa có báo cáo tình trạng"
        # A state no task is in is left out: "quá hạn 0 nhiệm vụ" tells the reader nothing.
        others = [f"{words} {counts[state]}{tail}" for state, words, tail in (
            (S.IN_PROGRESS, "đang thực hiện", ""), (S.NOT_STARTED, "chưa thực hiện", said),
            (S.LATE, "quá hạn", " nhiệm vụ")) if counts[state]]
        opening.append(f"Kế hoạch đề ra {total} nhiệm vụ. Trong năm {year}, đã hoàn thành {done} nhiệm vụ{share}"
                       + "".join(f"; {x}" for x in others) + f"{detail}.")
        for table in tasks.appendices:
            rows, _ = status.counts(table.heading)
            if sum(rows.values()):
                late = f", quá hạn {rows[S.LATE]}" if rows[S.LATE] else ""  # as the row itself says
                opening.append(f"- {vn.sentence_case(table.title)}: {sum(rows.values())} theo kế hoạch, đã thực hiện "
                               f"{rows[S.DONE]}, đang thực hiện {rows[S.IN_PROGRESS]}, chưa thực hiện "
                               f"{rows[S.NOT_STARTED]}{late}.")
    else:
        opening.append(f"Kế hoạch đề ra {total} nhiệm vụ; kết quả thực hiện từng nhiệm vụ như sau{detail}:")
    groups: dict[str, list[dict[str, Any]]] = {}
    for task in tasks.tasks:
        state = states.get(task.key)
        lines = _task_lines(task)
        if task.lead:
            lines.append(f"- Cơ quan chủ trì: {_literal(', '.join(task.lead))}.")
        said = _status_words(state)
        if said:
            lines.append(f"- Tình trạng: {_literal(said)}.")
        result = state.result if state is not None and state.result else ""
        lines.append(f"- Kết quả: {vn.ensure_final(_literal(result), '.') if result else TO_FILL.format('kết quả thực hiện')}")
        groups.setdefault(_group_title(task), []).append({"noi_dung": lines})
    items = [{"tieu_de": _literal(title), "diem": points} for title, points in groups.items()]
    return {"tieu_de": "Kết quả thực hiện", "noi_dung": opening, "muc": items}


def _short(text: str, size: int = 120) -> str:
    text = " ".join(_NUMBER.sub("", text).split())
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def _judgement_parts(tasks: PlanTasks, states: dict[str, State], status: Report | None, year: int,
                     first_heading: str) -> list[dict[str, Any]]:
    achieved = [TO_FILL.format("đánh giá kết quả đạt được")]
    limits = [TO_FILL.format("hạn chế, nguyên nhân")]
    ahead = [TO_FILL.format(f"phương hướng, nhiệm vụ năm {year + 1}")]
    if status is not None:
        done = [t for t in tasks.tasks if states[t.key].status == S.DONE]
        left = [t for t in tasks.tasks if states[t.key].status != S.DONE]
        achieved.insert(0, f"- Đã hoàn thành {len(done)}/{len(tasks.tasks)} nhiệm vụ của Kế hoạch.")
        if left:
            named = [f"+ {_literal(_short(t.text).rstrip('.'))} ({_literal(', '.join(t.lead) or 'chưa rõ cơ quan chủ trì')}; "
                     f"{(states[t.key].status or 'chưa có báo cáo').lower()})" for t in left[:_LISTED_LEFT]]
            if len(left) > _LISTED_LEFT:
                named.append(f"+ Và {len(left) - _LISTED_LEFT} nhiệm vụ khác (chi tiết tại {first_heading} kèm theo).")
            limits[:0] = [f"- Còn {len(left)} nhiệm vụ chưa hoàn thành:", *named]
            ahead.insert(0, f"- Tiếp tục thực hiện {len(left)} nhiệm vụ chưa hoàn thành của Kế hoạch năm {year}.")
    return [
        {"tieu_de": "Đánh giá chung", "muc": [{"tieu_de": "Kết quả đạt được", "noi_dung": achieved},
                                               {"tieu_de": "Hạn chế, nguyên nhân", "noi_dung": limits}]},
        {"tieu_de": f"Phương hướng, nhiệm vụ năm {year + 1}", "noi_dung": ahead},
        {"tieu_de": "Kiến nghị, đề xuất", "noi_dung": [TO_FILL.format("kiến nghị, đề xuất")]},
    ]


def _appendices(tasks: PlanTasks, states: dict[str, State], year: int) -> list[dict[str, Any]]:
    rows = []
    for n, task in enumerate(tasks.tasks, start=1):
        state = states.get(task.key)
        rows.append([str(n), _literal(" ".join(_NUMBER.sub("", task.text).split())), _literal(", ".join(task.lead)),
                     _literal(task.deadline), _status_words(state), _literal(state.result if state else "")])
    out = [{"tieu_de": f"Kết quả thực hiện các nhiệm vụ năm {year}", "cot": list(RESULT_COLUMNS), "dong": rows}]
    for table in tasks.appendices:
        if not table.columns:
            continue
        width = len(table.columns)
        # The model holds an appendix's title in the capitals it prints; the report's title says it in a sentence.
        out.append({"tieu_de": f"Kết quả thực hiện {_lower_first(vn.sentence_case(table.title))}",
                    "cot": [*table.columns, S.STATUS, S.RESULT],
                    "dong": [[*(_literal(c) for c in (*r.cells, *[""] * width)[:width]), _status_words(states.get(r.key)),
                              _literal(states[r.key].result if r.key in states else "")] for r in table.rows]})
    return out


def draft(plan: KeHoach, source: dict[str, Any], tasks: PlanTasks, status: Report | None, *,
          next_year: bool = False) -> Drafted:
    """The report's data. source: the plan as its file wrote it (the recipients and signer are copied as the
    clerk wrote them)."""
    year = report_year(plan, tasks)
    states = {s.record.key: s for s in status.states} if status is not None else {}
    appendices = _appendices(tasks, states, year)
    headings = [nd30.appendix_heading(i, len(appendices)) for i in range(1, len(appendices) + 1)]
    cited, numbered = _cited(plan)
    issuer = plan.issuer
    data: dict[str, Any] = {k: source[k] for k in ("co_quan_chu_quan", "co_quan", "dia_danh") if source.get(k)}
    data.update(so=None, ky_hieu=issuer.symbol_for(BAO_CAO.document_type, plan.ky_hieu), ngay=f"{year}-12",
                trich_yeu=summary(plan, year, next_year=next_year))
    subject = _lower_first(inline.plain(plan.trich_yeu).strip().rstrip("."))
    data["mo_dau"] = [f"Thực hiện {cited} về {subject}, {issuer.full_name} báo cáo kết quả thực hiện năm {year} "
                      "như sau:"]
    data["phan"] = [_results_part(tasks, states, status, headings, year),
                    *_judgement_parts(tasks, states, status, year, headings[0])]
    data["ket_thuc"] = [f"Trên đây là báo cáo kết quả thực hiện {cited}."]  # the plan cited names its issuer
    for key in ("noi_nhan", "luu", "nguoi_soan", "nguoi_ky"):
        if source.get(key) is not None:
            data[key] = source[key]
    data["phu_luc"] = appendices
    filled = sum(1 for t in tasks.tasks if t.key in states and (states[t.key].status or states[t.key].result))
    notes = [] if numbered else ["kế hoạch chưa có số, ngày ban hành: câu mở đầu để chỗ '[Cần bổ sung ...]' cần điền"]
    return Drafted(data, year, len(tasks.tasks), filled, notes)


def comments(plan_path: Path, workbooks: list[Path], drafted: Drafted) -> list[str]:
    made = f"kehoach new --bao-cao --from {display(plan_path)}" + "".join(f" --theo-doi {display(w)}" for w in workbooks)
    out = [f"Báo cáo kết quả thực hiện kế hoạch năm {drafted.year}, tạo bằng: {made}",
           "Mỗi nhiệm vụ của kế hoạch có một điểm ở phần I và một dòng ở Phụ lục I; điền các chỗ '[Cần bổ sung ...]'",
           "rồi chạy: kehoach render <tệp này>. Số thứ tự, dòng Số/ký hiệu, ngày tháng, dấu './.' do máy tự tạo."]
    if workbooks:
        out.append(f"Tình trạng, kết quả của {drafted.filled}/{drafted.tasks} nhiệm vụ lấy từ sổ theo dõi.")
    return out + [f"- {n}" for n in drafted.notes]


@dataclass
class WrittenReport:
    path: Path
    drafted: Drafted
    status: Report | None


def default_output(plan_path: Path) -> Path:
    return plan_path.with_name(f"{plan_path.stem}-bao-cao.yaml")


def write_report(plan_path: Path, workbooks: list[Path], output: Path | None, *, force: bool = False,
                 next_year: bool = False) -> WrittenReport:
    """Draft the report and write its YAML; a file already there is the clerk's work and is kept unless force.
    A workbook with a status outside the list or a date not on the calendar stops here, before anything is
    written (tracking.status says where)."""
    from kehoach_gen.content import load_checked_with_data
    from kehoach_gen.importer.yamlout import dump
    from kehoach_gen.render.package import atomic_write
    from kehoach_gen.tracking.status import read_status
    from kehoach_gen.tracking.tasks import plan_tasks

    target = output or default_output(plan_path)
    if target.is_dir():
        target = target / default_output(plan_path).name
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise KehoachError(f"{display(target)}: báo cáo là tệp YAML, tên tệp có đuôi .yaml; chọn tên khác bằng -o")
    if target.exists() and not force:
        raise KehoachError(f"{display(target)}: tệp đã có; không ghi đè để khỏi mất nội dung đang soạn (chọn tên khác "
                           "bằng -o, hoặc dùng --force)")
    plan, _, _, source = load_checked_with_data(plan_path, content=False)
    require(plan, KE_HOACH, plan_path, "báo cáo kết quả được soạn từ tệp YAML của kế hoạch (kehoach new --bao-cao --from "
                                       "KẾ-HOẠCH.yaml)")
    tasks = plan_tasks(plan)
    status = read_status(tasks, workbooks) if workbooks else None
    drafted = draft(plan, source, tasks, status, next_year=next_year)
    text = dump(drafted.data, comments(plan_path, workbooks, drafted))
    load_plan_text(text, name=display(target))  # what is written must read back as a valid report
    atomic_write(target, text.encode("utf-8"))
    return WrittenReport(target, drafted, status)


def said(written: WrittenReport) -> tuple[list[str], list[str]]:
    """What `kehoach new --bao-cao` tells the clerk: (on standard output, on standard error)."""
    d = written.drafted
    out = [str(written.path), f"  {d.tasks} nhiệm vụ của kế hoạch năm {d.year}"
           + (f"; tình trạng, kết quả của {d.filled} nhiệm vụ lấy từ sổ theo dõi" if written.status else "")]
    out += [f"  {n}" for n in d.notes]
    out.append(f"  điền các chỗ '[Cần bổ sung ...]' rồi chạy: kehoach render {written.path}")
    err: list[str] = []
    if written.status is not None:
        err += [f"lưu ý: {line}" for line in (*written.status.ignored, *written.status.by_content)]
        err += [f"cảnh báo: {line}" for line in written.status.conflicts]
        err += [f"không khớp: {line}" for line in (*written.status.unmatched, *written.status.missing)]
    return out, err
