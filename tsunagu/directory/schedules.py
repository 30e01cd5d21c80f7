"""When a listing happens: its dates, its next dates and the Japanese wording people print.

Everything here is pure. It works on Schedule instances and on any object with the same
attributes (freq, interval, byday, bymonthday, dtstart, until, valid_from, valid_to, opens_at,
closes_at, notes); a missing attribute counts as empty, so previews and tests can use unsaved
Schedules or SimpleNamespace without a database.

The rules are RFC 5545's as Open Referral HSDS 3.0 uses them, read this way:

- WEEKLY without byday happens on dtstart's weekday; MONTHLY with neither byday nor bymonthday
  on dtstart's day of the month (skipped in months too short for it).
- interval counts weeks (starting on Monday, RFC 5545's default WKST=MO) or months from
  dtstart's week or month. An interval above 1 without dtstart has nothing to count from, so
  it gives no dates; its wording still shows the rule.
- dtstart is the first day the rule may happen; it is not a date by itself unless it fits the
  rule (RFC 5545 would always count it). A one-off (freq "") happens on dtstart only.
- until, valid_from and valid_to are absolute dates and inclusive. A season that comes back
  every year (「冬期（12月〜2月）は休み」) belongs in notes.
- byday ordinals (2TU, -1FR) count under MONTHLY; under WEEKLY "2TU" is read as TU. MONTHLY
  with both byday and bymonthday keeps the days that fit both (RFC 5545: 13日の金曜).
- Unreadable byday or bymonthday items are ignored here; forms reject them with parse_byday
  and parse_bymonthday, whose messages are written for the people typing.
- A repeating rule may rest on national holidays (closed_on_holidays: 祝日は休み, from the
  ``holidays`` package's calendar of Japan) and over the New Year (closed_at_new_year: 年末年始は
  休み, 12/29–1/3, the dates city offices and most community halls close). Its dates skip them,
  and its wording says so, so that the next dates never contradict the text. A one-off date is
  what it says, whatever the flags.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

weekday_codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = "月火水木金土日"

WEEKLY = "WEEKLY"
MONTHLY = "MONTHLY"
ONCE = ""

# 年末年始: from 29 December to 3 January, as Japan's public offices close.
NEW_YEAR_FIRST = (12, 29)
NEW_YEAR_LAST = (1, 3)

# How far matches_weekday looks ahead for rules whose weekdays only their dates can tell.
WEEKDAY_LOOKAHEAD_DAYS = 366

_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_MONTHDAY = re.compile(r"[+-]?\d{1,2}")
_SEPARATORS = re.compile(r"[,\s、・/]+")


class ByDay(NamedTuple):
    """One byday item: ordinal (None for every such weekday; 2 = second; -1 = last) and weekday (0 = Monday)."""

    n: int | None
    weekday: int

    @property
    def code(self) -> str:
        return f"{self.n if self.n is not None else ''}{weekday_codes[self.weekday]}"


# --- reading byday and bymonthday -------------------------------------------------------------


def _tokens(text) -> list[str]:
    text = unicodedata.normalize("NFKC", str(text or "")).replace("\u2212", "-").upper()
    return [token for token in _SEPARATORS.split(text) if token]


def _ordinal_key(n: int | None) -> int:
    # Every-week items first, then 1st..5th, then from the end (-5 .. -1 = last).
    return 0 if n is None else n if n > 0 else 100 + n


def _byday_item(token: str, freq: str | None) -> ByDay:
    match = _BYDAY.fullmatch(token)
    if not match:
        raise ValueError(
            f"曜日「{token}」が読めません。MO TU WE TH FR SA SU（月〜日）を使い、"
            "第2火曜なら 2TU、最終金曜なら -1FR のように書いてください。"
        )
    n = int(match.group(1)) if match.group(1) else None
    if n is not None and not (1 <= abs(n) <= 5):
        raise ValueError(f"「{token}」：第何週は 1〜5、最後から数えるときは -1〜-5 で書いてください。")
    if n is not None and freq == WEEKLY:
        raise ValueError(f"「{token}」：毎週のくり返しには第何週を付けられません。くり返しを「毎月」にしてください。")
    return ByDay(n, weekday_codes.index(match.group(2)))


def _sorted_bydays(items: Iterable[ByDay]) -> list[ByDay]:
    return sorted(set(items), key=lambda item: (item.weekday, _ordinal_key(item.n)))


def parse_byday(text, freq: str | None = None) -> list[ByDay]:
    """Read "TU,TH", "2TU,4TU" or "-1FR" into sorted, unique ByDay items.

    Lower case, full-width letters and 「、」 are accepted. Raises ValueError with a message in
    Japanese for anything else. With freq="WEEKLY", ordinals are refused.
    """
    return _sorted_bydays(_byday_item(token, freq) for token in _tokens(text))


def format_byday(items: Iterable[ByDay]) -> str:
    """The stored form of byday items: "2TU,4TU"."""
    return ",".join(item.code for item in _sorted_bydays(items))


def _monthday_key(day: int) -> int:
    return day if day > 0 else 100 + day


def parse_bymonthday(text) -> list[int]:
    """Read "1,15" (or -1 for the last day of the month) into sorted, unique days."""
    days = set()
    for token in _tokens(text):
        if not _MONTHDAY.fullmatch(token) or not (1 <= abs(int(token)) <= 31):
            raise ValueError(f"日「{token}」が読めません。1〜31 の数字を「1,15」のように書いてください（月末は -1）。")
        days.add(int(token))
    return sorted(days, key=_monthday_key)


def _lenient(text, read) -> list:
    items = []
    for token in _tokens(text):
        try:
            items.append(read(token))
        except ValueError:
            continue
    return items


def _bydays(schedule) -> list[ByDay]:
    return _sorted_bydays(_lenient(getattr(schedule, "byday", ""), lambda token: _byday_item(token, None)))


def _monthdays(schedule) -> list[int]:
    return sorted(set(_lenient(getattr(schedule, "bymonthday", ""), lambda t: parse_bymonthday(t)[0])),
                  key=_monthday_key)


# --- plain attributes -------------------------------------------------------------------------


def _freq(schedule) -> str:
    return str(getattr(schedule, "freq", "") or "").strip().upper()


def _interval(schedule) -> int:
    try:
        return max(int(getattr(schedule, "interval", 1) or 1), 1)
    except (TypeError, ValueError):
        return 1


def _date(schedule, name: str) -> date | None:
    value = getattr(schedule, name, None)
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _time(schedule, name: str) -> time | None:
    value = getattr(schedule, name, None)
    return value if isinstance(value, time) else None


# --- dates ------------------------------------------------------------------------------------


def _window(schedule, start: date, end: date) -> tuple[date, date] | None:
    firsts = [start] + [d for d in (_date(schedule, "dtstart"), _date(schedule, "valid_from")) if d]
    lasts = [end] + [d for d in (_date(schedule, "until"), _date(schedule, "valid_to")) if d]
    first, last = max(firsts), min(lasts)
    return (first, last) if first <= last else None


def _weekly(schedule, first: date, last: date) -> list[date]:
    dtstart = _date(schedule, "dtstart")
    weekdays = sorted({item.weekday for item in _bydays(schedule)})
    if not weekdays and dtstart:
        weekdays = [dtstart.weekday()]
    interval = _interval(schedule)
    if not weekdays or (interval > 1 and not dtstart):
        return []
    first_ord, last_ord = first.toordinal(), last.toordinal()
    monday = first_ord - first.weekday()  # ordinal 1 (0001-01-01) is a Monday, so this stays valid
    if interval > 1:
        anchor = dtstart.toordinal() - dtstart.weekday()
        behind = ((monday - anchor) // 7) % interval
        if behind:
            monday += (interval - behind) * 7
    found = []
    while monday <= last_ord:
        found += [date.fromordinal(monday + wd) for wd in weekdays if first_ord <= monday + wd <= last_ord]
        monday += 7 * interval
    return found


def _nth_weekday(year: int, month: int, item: ByDay, length: int) -> list[int]:
    first = (item.weekday - date(year, month, 1).weekday()) % 7 + 1
    every = list(range(first, length + 1, 7))
    if item.n is None:
        return every
    index = item.n - 1 if item.n > 0 else item.n
    return [every[index]] if -len(every) <= index < len(every) else []


def _monthly(schedule, first: date, last: date) -> list[date]:
    dtstart = _date(schedule, "dtstart")
    bydays, monthdays = _bydays(schedule), _monthdays(schedule)
    interval = _interval(schedule)
    if interval > 1 and not dtstart:
        return []
    month, last_month = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    if interval > 1:
        behind = (month - (dtstart.year * 12 + dtstart.month - 1)) % interval
        if behind:
            month += interval - behind
    found = []
    while month <= last_month:
        year, m = divmod(month, 12)
        m += 1
        length = calendar.monthrange(year, m)[1]
        by_weekday = {day for item in bydays for day in _nth_weekday(year, m, item, length)}
        by_day = {day if day > 0 else length + 1 + day for day in monthdays}
        by_day = {day for day in by_day if 1 <= day <= length}
        if bydays and monthdays:
            days = by_weekday & by_day
        elif bydays or monthdays:
            days = by_weekday | by_day
        else:
            days = {dtstart.day} if dtstart and dtstart.day <= length else set()
        found += [d for d in (date(year, m, day) for day in sorted(days)) if first <= d <= last]
        month += interval
    return found


@functools.lru_cache(maxsize=64)
def national_holidays(year: int) -> frozenset[date]:
    """Japan's national holidays (振替休日 and 国民の休日 included) in a year."""
    import holidays

    return frozenset(holidays.Japan(years=year, language="ja"))


def holiday_name(day: date) -> str:
    """The holiday's Japanese name (成人の日), or "" on an ordinary day."""
    import holidays

    return holidays.Japan(years=day.year, language="ja").get(day, "") if day in national_holidays(day.year) else ""


def is_new_year_break(day: date) -> bool:
    """12/29–1/3."""
    return (day.month, day.day) >= NEW_YEAR_FIRST or (day.month, day.day) <= NEW_YEAR_LAST


def _rests_on(schedule, day: date) -> bool:
    if getattr(schedule, "closed_on_holidays", False) and day in national_holidays(day.year):
        return True
    return bool(getattr(schedule, "closed_at_new_year", False)) and is_new_year_break(day)


def _open_days(schedule, days: list[date]) -> list[date]:
    if not (getattr(schedule, "closed_on_holidays", False) or getattr(schedule, "closed_at_new_year", False)):
        return days
    return [day for day in days if not _rests_on(schedule, day)]


def occurrences(schedule, start: date, end: date) -> list[date]:
    """Every date within [start, end] on which the schedule happens, in order (holidays and the
    New Year left out where the schedule rests then)."""
    window = _window(schedule, start, end)
    if window is None:
        return []
    first, last = window
    freq = _freq(schedule)
    if freq == WEEKLY:
        return _open_days(schedule, _weekly(schedule, first, last))
    if freq == MONTHLY:
        return _open_days(schedule, _monthly(schedule, first, last))
    if freq == ONCE:
        dtstart = _date(schedule, "dtstart")
        return [dtstart] if dtstart and first <= dtstart <= last else []
    return []  # a freq this product does not know (DAILY, YEARLY): no dates rather than wrong ones


def next_dates(schedules: Iterable, today: date, count: int = 5, horizon_days: int = 400) -> list[tuple[date, object]]:
    """The next `count` dates (today included) across a listing's schedules, as (date, schedule).

    Ordered by date, then opening time, then the schedules' own order.
    """
    if count <= 0:
        return []
    try:
        end = today + timedelta(days=horizon_days)
    except OverflowError:
        end = date.max
    found = []
    for index, schedule in enumerate(schedules):
        opens = _time(schedule, "opens_at") or time.min
        found += [(day, opens, index, schedule) for day in occurrences(schedule, today, end)[:count]]
    found.sort(key=lambda row: row[:3])
    return [(day, schedule) for day, _, _, schedule in found[:count]]


def matches_weekday(schedules: Iterable, weekday: int, today: date | None = None) -> bool:
    """Does the listing ever happen on this weekday (0 = Monday)? For the public 「曜日」 filter.

    Weekly rules and monthly byday rules answer from the rule itself; by-date rules (毎月15日)
    and one-offs answer from their dates in the year from today.
    """
    for schedule in schedules:
        freq, bydays = _freq(schedule), _bydays(schedule)
        if freq == WEEKLY:
            dtstart = _date(schedule, "dtstart")
            weekdays = {item.weekday for item in bydays} or ({dtstart.weekday()} if dtstart else set())
            if weekday in weekdays:
                return True
        elif freq == MONTHLY and bydays and not _monthdays(schedule):
            if weekday in {item.weekday for item in bydays}:
                return True
        else:
            start = today or date.today()
            end = start + timedelta(days=WEEKDAY_LOOKAHEAD_DAYS)
            if any(day.weekday() == weekday for day in occurrences(schedule, start, end)):
                return True
    return False


def weekday_mask(schedules: Iterable, today: date | None = None) -> int:
    """Bit n set when matches_weekday(schedules, n): what Listing.weekday_mask stores."""
    schedules = list(schedules)
    return sum(1 << day for day in range(7) if matches_weekday(schedules, day, today=today))


def to_rrule(schedule) -> str:
    """The RFC 5545 RRULE for HSDS's schedule.freq/byday…: "FREQ=MONTHLY;BYDAY=2TU,4TU"; "" for a one-off."""
    freq = _freq(schedule)
    if freq not in (WEEKLY, MONTHLY):
        return ""
    parts = [f"FREQ={freq}"]
    if _interval(schedule) > 1:
        parts.append(f"INTERVAL={_interval(schedule)}")
    bydays = _bydays(schedule)
    if freq == WEEKLY:
        bydays = _sorted_bydays(ByDay(None, item.weekday) for item in bydays)
    if bydays:
        parts.append(f"BYDAY={format_byday(bydays)}")
    if freq == MONTHLY and _monthdays(schedule):
        parts.append("BYMONTHDAY=" + ",".join(str(day) for day in _monthdays(schedule)))
    until = _date(schedule, "until")
    if until:
        parts.append(f"UNTIL={until:%Y%m%d}")
    return ";".join(parts)


# --- wording ----------------------------------------------------------------------------------


def _clock(t: time) -> str:
    return f"{t.hour}:{t.minute:02d}"


def time_range(schedule) -> str:
    """10:00〜12:00, 10:00〜 or 〜12:00; "" without times."""
    opens, closes = _time(schedule, "opens_at"), _time(schedule, "closes_at")
    if not opens and not closes:
        return ""
    return f"{_clock(opens) if opens else ''}〜{_clock(closes) if closes else ''}"


def japanese_date(day: date, weekday: bool = False) -> str:
    """2026年12月5日, or 2026年12月5日（土） with weekday=True."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}（{WEEKDAY_NAMES[day.weekday()]}）" if weekday else text


def _weekday_list(weekdays: list[int]) -> str:
    """[1, 3] → 火・木曜; three or more days in a row join with 〜: [0..4] → 月〜金曜."""
    runs: list[list[int]] = []
    for wd in sorted(set(weekdays)):
        if runs and runs[-1][-1] == wd - 1:
            runs[-1].append(wd)
        else:
            runs.append([wd])
    words = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{WEEKDAY_NAMES[run[0]]}〜{WEEKDAY_NAMES[run[-1]]}")
        else:
            words += [WEEKDAY_NAMES[wd] for wd in run]
    return "・".join(words) + "曜"


def _ordinal_words(n: int | None) -> str:
    if n is None:
        return "すべての"
    if n > 0:
        return f"第{n}"
    return "最終" if n == -1 else f"最後から{-n}番目の"


def _byday_words(bydays: list[ByDay]) -> str:
    """2TU,4TU → 第2・第4火曜; 1MO,1TH → 第1月・木曜; 2TU,-1FR → 第2火曜、最終金曜."""
    ordinals: dict[int, tuple] = {}
    for item in bydays:
        ordinals.setdefault(item.weekday, ())
        ordinals[item.weekday] += (item.n,)
    groups: dict[tuple, list[int]] = {}
    for wd, ns in ordinals.items():
        ns = (None,) if None in ns else tuple(sorted(ns, key=_ordinal_key))
        groups.setdefault(ns, []).append(wd)
    return "、".join("・".join(_ordinal_words(n) for n in ns) + _weekday_list(wds) for ns, wds in groups.items())


def _monthday_words(days: list[int]) -> str:
    words = []
    for day in days:
        if day > 0:
            words.append(f"{day}日")
        else:
            words.append("末日" if day == -1 else "末日の前日" if day == -2 else f"末日の{-day - 1}日前")
    return "・".join(words)


def _rule_words(schedule) -> str:
    freq, interval, dtstart = _freq(schedule), _interval(schedule), _date(schedule, "dtstart")
    if freq == WEEKLY:
        weekdays = [item.weekday for item in _bydays(schedule)] or ([dtstart.weekday()] if dtstart else [])
        if interval == 1 and len(set(weekdays)) == 7:
            return "毎日"
        prefix = "毎週" if interval == 1 else "隔週" if interval == 2 else f"{interval}週ごとの"
        return prefix + _weekday_list(weekdays) if weekdays else prefix.removesuffix("の")
    if freq == MONTHLY:
        prefix = "毎月" if interval == 1 else "隔月" if interval == 2 else f"{interval}か月ごとの"
        bydays, monthdays = _bydays(schedule), _monthdays(schedule)
        if bydays and monthdays:
            body = f"{_monthday_words(monthdays)}のうち{_byday_words(bydays)}の日"
        elif bydays:
            body = _byday_words(bydays)
        elif monthdays:
            body = _monthday_words(monthdays)
        else:
            body = f"{dtstart.day}日" if dtstart else ""
        return prefix + body if body else prefix.removesuffix("の")
    if freq == ONCE:
        return japanese_date(dtstart, weekday=True) if dtstart else "日付未定"
    return "日時未定"


def _period_words(schedule) -> str:
    start = _date(schedule, "valid_from")
    ends = [d for d in (_date(schedule, "until"), _date(schedule, "valid_to")) if d]
    end = min(ends) if ends else None
    if start and end:
        return f"（{japanese_date(start)}から{japanese_date(end)}まで）"
    if start:
        return f"（{japanese_date(start)}から）"
    if end:
        return f"（{japanese_date(end)}まで）"
    return ""


def rest_words(schedule) -> str:
    """「祝日・年末年始は休み」, 「祝日は休み」, 「年末年始は休み」 or "" (one-off dates never rest)."""
    if _freq(schedule) not in (WEEKLY, MONTHLY):
        return ""
    holidays_off = bool(getattr(schedule, "closed_on_holidays", False))
    new_year_off = bool(getattr(schedule, "closed_at_new_year", False))
    if holidays_off and new_year_off:
        return "祝日・年末年始は休み"
    if holidays_off:
        return "祝日は休み"
    return "年末年始は休み" if new_year_off else ""


def describe(schedule) -> str:
    """The schedule as people print it: 「毎月第2・第4火曜 10:00〜12:00（2026年11月30日まで） 雨天中止」,
    with 「（祝日は休み）」 after the times where the rule rests on holidays."""
    text = _rule_words(schedule)
    times = time_range(schedule)
    if times:
        # A date ends in its weekday's bracket and takes the time straight after: 12月5日（土）13:30〜15:00.
        text += times if text.endswith("）") else " " + times
    if _freq(schedule) != ONCE:
        text += _period_words(schedule)
    rests = rest_words(schedule)
    if rests:
        text += f"（{rests}）"
    notes = str(getattr(schedule, "notes", "") or "").strip()
    if notes:
        text += " " + notes
    return text


def describe_all(schedules: Iterable, note: str = "") -> str:
    """All of a listing's schedules joined with 「／」, then the listing's own note."""
    text = "／".join(filter(None, (describe(schedule) for schedule in schedules)))
    note = (note or "").strip()
    if note:
        return f"{text} {note}" if text else note
    return text
