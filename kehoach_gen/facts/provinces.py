"""Provincial units by date: the 63 before 1 July 2025 and the 34 they became (a table here: the
maintained vietnam-provinces list has only the 34, and a test holds the two equal), the forms clerks
type for them, and what a unit's kind means for the words of a plan (Tỉnh ủy / Thành ủy ...)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kehoach_gen.errors import KehoachError
from kehoach_gen.facts import wording
from kehoach_gen.facts.vn import IssuingBody, nfc

TINH, THANH_PHO = "tỉnh", "thành phố"

MERGER_DAY = dt.date(2025, 7, 1)
"""Nghị quyết 202/2025/QH15 (12/6/2025): 63 provincial units become 34 from this day."""
HUE_CITY_DAY = dt.date(2025, 1, 1)
"""Nghị quyết 1314/NQ-UBTVQH15 (30/11/2024): tỉnh Thừa Thiên Huế becomes thành phố Huế from this day."""

# The 63 units before 1 July 2025, each with the unit it belongs to from that day (Nghị quyết
# 202/2025/QH15, Điều 1). Centrally-run cities are marked; Thừa Thiên Huế is a province until 2024.
_FORMER: tuple[tuple[str, str, str], ...] = (
    # (kind, name, unit from 1/7/2025)
    (THANH_PHO, "Hà Nội", "Hà Nội"), (TINH, "Cao Bằng", "Cao Bằng"), (TINH, "Điện Biên", "Điện Biên"),
    (TINH, "Lai Châu", "Lai Châu"), (TINH, "Sơn La", "Sơn La"), (TINH, "Lạng Sơn", "Lạng Sơn"),
    (TINH, "Quảng Ninh", "Quảng Ninh"), (TINH, "Thanh Hóa", "Thanh Hóa"), (TINH, "Nghệ An", "Nghệ An"),
    (TINH, "Hà Tĩnh", "Hà Tĩnh"),
    (TINH, "Tuyên Quang", "Tuyên Quang"), (TINH, "Hà Giang", "Tuyên Quang"),
    (TINH, "Lào Cai", "Lào Cai"), (TINH, "Yên Bái", "Lào Cai"),
    (TINH, "Thái Nguyên", "Thái Nguyên"), (TINH, "Bắc Kạn", "Thái Nguyên"),
    (TINH, "Phú Thọ", "Phú Thọ"), (TINH, "Vĩnh Phúc", "Phú Thọ"), (TINH, "Hòa Bình", "Phú Thọ"),
    (TINH, "Bắc Ninh", "Bắc Ninh"), (TINH, "Bắc Giang", "Bắc Ninh"),
    (TINH, "Hưng Yên", "Hưng Yên"), (TINH, "Thái Bình", "Hưng Yên"),
    (THANH_PHO, "Hải Phòng", "Hải Phòng"), (TINH, "Hải Dương", "Hải Phòng"),
    (TINH, "Ninh Bình", "Ninh Bình"), (TINH, "Hà Nam", "Ninh Bình"), (TINH, "Nam Định", "Ninh Bình"),
    (TINH, "Quảng Trị", "Quảng Trị"), (TINH, "Quảng Bình", "Quảng Trị"),
    (TINH, "Thừa Thiên Huế", "Huế"),
    (THANH_PHO, "Đà Nẵng", "Đà Nẵng"), (TINH, "Quảng Nam", "Đà Nẵng"),
    (TINH, "Quảng Ngãi", "Quảng Ngãi"), (TINH, "Kon Tum", "Quảng Ngãi"),
    (TINH, "Gia Lai", "Gia Lai"), (TINH, "Bình Định", "Gia Lai"),
    (TINH, "Khánh Hòa", "Khánh Hòa"), (TINH, "Ninh Thuận", "Khánh Hòa"),
    (TINH, "Lâm Đồng", "Lâm Đồng"), (TINH, "Đắk Nông", "Lâm Đồng"), (TINH, "Bình Thuận", "Lâm Đồng"),
    (TINH, "Đắk Lắk", "Đắk Lắk"), (TINH, "Phú Yên", "Đắk Lắk"),
    (THANH_PHO, "Hồ Chí Minh", "Hồ Chí Minh"), (TINH, "Bình Dương", "Hồ Chí Minh"),
    (TINH, "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    (TINH, "Đồng Nai", "Đồng Nai"), (TINH, "Bình Phước", "Đồng Nai"),
    (TINH, "Tây Ninh", "Tây Ninh"), (TINH, "Long An", "Tây Ninh"),
    (THANH_PHO, "Cần Thơ", "Cần Thơ"), (TINH, "Sóc Trăng", "Cần Thơ"), (TINH, "Hậu Giang", "Cần Thơ"),
    (TINH, "Vĩnh Long", "Vĩnh Long"), (TINH, "Bến Tre", "Vĩnh Long"), (TINH, "Trà Vinh", "Vĩnh Long"),
    (TINH, "Đồng Tháp", "Đồng Tháp"), (TINH, "Tiền Giang", "Đồng Tháp"),
    (TINH, "Cà Mau", "Cà Mau"), (TINH, "Bạc Liêu", "Cà Mau"),
    (TINH, "An Giang", "An Giang"), (TINH, "Kiên Giang", "An Giang"),
)

# Short forms clerks type, folded (see fold) -> the unit's name.
_ALIASES = {"hcm": "Hồ Chí Minh", "tphcm": "Hồ Chí Minh", "tp hcm": "Hồ Chí Minh", "sai gon": "Hồ Chí Minh",
            "ho chi minh city": "Hồ Chí Minh", "hn": "Hà Nội", "brvt": "Bà Rịa - Vũng Tàu",
            "ba ria vung tau": "Bà Rịa - Vũng Tàu", "tt hue": "Thừa Thiên Huế"}


@dataclass(frozen=True)
class Province:
    """A provincial unit and the days it exists (None: open-ended)."""

    kind: str  # TINH | THANH_PHO
    name: str
    since: dt.date | None = None
    until: dt.date | None = None  # last day
    successor: str | None = None  # the unit it became part of (or was renamed to)

    @property
    def body(self) -> IssuingBody:
        return IssuingBody(kind=self.kind, name=self.name)

    @property
    def unit(self) -> str:
        return self.body.unit

    def exists(self, start: dt.date, end: dt.date) -> bool:
        return (self.since is None or self.since <= end) and (self.until is None or start <= self.until)

    # The words of a plan that depend on the unit's kind (a city has a Thành ủy, a HĐND thành phố ...),
    # from the one table the content check also holds plans to.
    @property
    def party_committee(self) -> str:
        return wording.form(self.kind, "Tỉnh ủy")

    @property
    def council(self) -> str:
        return wording.form(self.kind, "HĐND tỉnh")

    @property
    def police(self) -> str:
        return wording.form(self.kind, "Công an tỉnh")

    @property
    def committee_short(self) -> str:
        return wording.form(self.kind, "UBND tỉnh")


@lru_cache(maxsize=4096)  # lookup() folds every unit's name on each call: the names repeat
def fold(text: str) -> str:
    """Lower-case, no diacritics, no "tỉnh"/"thành phố" prefix: what a clerk may type for a name."""
    s = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower().strip()
    s = re.sub(r"^(thanh pho|tinh|tp)\b\.?\s*", "", s)
    s = re.sub(r"[-–.,]", " ", s)
    return " ".join(s.split())


def _squeezed(text: str) -> str:
    return fold(text).replace(" ", "")


@lru_cache(maxsize=1)
def current() -> tuple[Province, ...]:
    """The 34 units from 1 July 2025: the units the 63 became (the table above). The maintained
    vietnam-provinces list says the same (a test holds them equal); reading it costs a render 250 ms."""
    kinds = {name: kind for kind, name, _ in _FORMER}
    kinds["Huế"] = THANH_PHO  # a city since 1 January 2025
    names = dict.fromkeys(successor for _, _, successor in _FORMER)
    return tuple(Province(kinds[name], name, since=MERGER_DAY) for name in names)


def maintained() -> tuple[Province, ...]:
    """The 34 units as the vietnam-provinces package lists them."""
    from vietnam_provinces import Province as VP
    from vietnam_provinces import VietNamDivisionType

    out = []
    for p in VP.iter_all():
        if p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
            out.append(Province(THANH_PHO, nfc(p.name.removeprefix("Thành phố ").strip()), since=MERGER_DAY))
        else:
            out.append(Province(TINH, nfc(p.name.removeprefix("Tỉnh ").strip()), since=MERGER_DAY))
    return tuple(out)


@lru_cache(maxsize=1)
def former() -> tuple[Province, ...]:
    day_before = MERGER_DAY - dt.timedelta(days=1)
    out = []
    for kind, name, successor in _FORMER:
        if name == "Thừa Thiên Huế":
            out.append(Province(TINH, name, until=HUE_CITY_DAY - dt.timedelta(days=1), successor=successor))
            out.append(Province(THANH_PHO, "Huế", since=HUE_CITY_DAY, until=day_before, successor=successor))
        else:
            out.append(Province(kind, name, until=day_before, successor=successor))
    return tuple(out)


def all_units() -> tuple[Province, ...]:
    return current() + former()


def period(nam: int | None, thang: int | None = None, ngay: int | None = None) -> tuple[dt.date, dt.date] | None:
    """The days a plan's (possibly partial) date may stand for; None when it has no year."""
    if nam is None:
        return None
    if thang is None:
        return dt.date(nam, 1, 1), dt.date(nam, 12, 31)
    if ngay is None:
        nxt = dt.date(nam + (thang == 12), thang % 12 + 1, 1)
        return dt.date(nam, thang, 1), nxt - dt.timedelta(days=1)
    return dt.date(nam, thang, ngay), dt.date(nam, thang, ngay)


def _today() -> tuple[dt.date, dt.date]:
    today = dt.date.today()
    return today, today


def _short(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month}/{day.year}" if day.month > 2 else f"{day.day:02d}/{day.month:02d}/{day.year}"


def _key(text: str) -> str:
    key = fold(text)
    return fold(_ALIASES.get(key, _ALIASES.get(key.replace(" ", ""), key)))


def ever(query: str) -> Province | None:
    """The unit of that name at any time since 2 July 1976, merged since or not; None when no unit was ever
    called so (a commune's name, a typo): for reading a name before the plan's date is known."""
    try:
        return lookup(query, (dt.date(1976, 7, 2), dt.date.max))
    except KehoachError:
        return None


def lookup(query: str, when: tuple[dt.date, dt.date] | None = None) -> Province:
    """The unit a clerk means by `query` on a plan of that period (today when None); KehoachError with
    what to write instead (a merger, a misspelling, the units of the period) when there is none."""
    span = when or _today()
    key = _key(query)
    named = [p for p in all_units() if fold(p.name) == key or _squeezed(p.name) == key.replace(" ", "")]
    alive = [p for p in named if p.exists(*span)]
    if alive:
        return alive[0]
    if named:
        raise KehoachError(_gone(named, span))
    import difflib  # only for a name that is not a unit

    in_force = [p for p in all_units() if p.exists(*span)]
    table = {fold(p.name): p for p in in_force}
    close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
    tip = ("; có phải: " + ", ".join(table[c].unit for c in close) + "?") if close else ""
    scope = "34 đơn vị hành chính cấp tỉnh (từ 01/7/2025)" if span[0] >= MERGER_DAY else \
        "63 tỉnh, thành phố trước ngày 01/7/2025" if span[1] < MERGER_DAY else "tỉnh, thành phố của năm đó"
    return _raise(f"không có tỉnh, thành phố '{query}' trong danh sách {scope}{tip} "
                  "(xem danh sách: kehoach new --liet-ke)")


def _gone(named: list[Province], span: tuple[dt.date, dt.date]) -> str:
    unit = named[0]
    if unit.until is not None and unit.until < span[0] and unit.successor:
        after = next((p for p in all_units() if p.name == unit.successor and p.exists(unit.until + dt.timedelta(1),
                                                                                      unit.until + dt.timedelta(1))),
                     None)
        target = after.unit if after else unit.successor
        day = _short(unit.until + dt.timedelta(days=1))
        verb = "nay là" if unit.name != unit.successor and _merged_alone(unit) else "đã nhập vào"
        return f"{unit.unit} {verb} {target} từ {day}: hãy dùng tên {target}"
    since = min((p.since for p in named if p.since), default=MERGER_DAY)
    before = [p for p in former() if p.successor == unit.name and p.exists(*span) and p.name != unit.name]
    then = f" ({', '.join(p.unit for p in before)})" if before else ""
    return f"{unit.unit} chỉ có từ {_short(since)}; kế hoạch ngày trước đó dùng tên đơn vị lúc ấy{then}"


def _merged_alone(unit: Province) -> bool:
    return sum(1 for k, _n, s in _FORMER if s == unit.successor) == 1


def _raise(message: str) -> Province:
    raise KehoachError(message)


def find(query: str) -> Province:
    """A unit in force today (for `kehoach new`)."""
    return lookup(query)


def successor(unit: Province, when: tuple[dt.date, dt.date] | None = None) -> Province | None:
    """The unit that took over `unit` by that period (today when None), after a merger or a change of
    name, if any."""
    when = when or _today()
    if unit.exists(*when) or unit.successor is None:
        return None
    return next((p for p in all_units() if p.name == unit.successor and p.exists(*when)), None)
