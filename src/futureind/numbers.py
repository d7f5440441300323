"""Number words: the value of digit strings, spelled-out English numbers and Chinese numerals.

Pure functions over the vocabulary of ``futureind/data/quantities.toml`` (sections
``[numbers]`` and ``[chinese]``); each returns ``None`` for text it cannot read and never
raises on a ``str``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal

import regex
from pydantic import Field

from .vocab import DataModel, load_data

__all__ = ["chinese_value", "digits_value", "number_value", "words_value"]


class NumberWords(DataModel):
    units: dict[str, float]
    multipliers: dict[str, float]
    weak: list[str] = Field(default_factory=list)
    negative: list[str] = Field(default_factory=list)
    decimal_word: str = ""


class ChineseNumerals(DataModel):
    digits: dict[str, float]
    small_units: dict[str, float]
    big_units: dict[str, float]
    decimal_point: str = "点"
    decimal_points: list[str] = Field(default_factory=list)
    classifiers: list[str] = Field(default_factory=list)
    noun_stops: str = ""
    noun_joiners: str = ""
    approx_markers: dict[str, Literal["gt", "ge", "eq", "approx", "le", "lt"]] = Field(
        default_factory=dict
    )
    max_noun_chars: int = Field(default=8, ge=1, le=40)


class _Partial(DataModel):
    """The two number sections of quantities.toml (other sections are ignored here)."""

    model_config = DataModel.model_config | {"extra": "ignore"}
    numbers: NumberWords
    chinese: ChineseNumerals


@lru_cache(maxsize=1)
def _data() -> _Partial:
    return load_data("quantities.toml", _Partial)


_WORD = regex.compile(r"[\p{L}]+")
_SEPARATORS = regex.compile(r"[,\u00a0\u202f ]")
_PLAIN = regex.compile(r"\d*(?:\.\d+)?(?:[eE][+-]?\d{1,3})?")
_HAN = regex.compile(r"\p{Han}")


def digits_value(text: str) -> float | None:
    """The value of a digit string with optional sign, separators and decimals.

    >>> digits_value("1,234.5")
    1234.5
    >>> digits_value("-12 000")
    -12000.0
    >>> digits_value("12.32e+14")
    1232000000000000.0
    """
    if text.isascii() and text.isdigit():
        return float(text)
    s = text.strip()
    if not s:
        return None
    negative = s[0] in "-−"
    if s[0] in "+-−":
        s = s[1:].strip()
    cleaned = _SEPARATORS.sub("", s)
    if not cleaned or not _PLAIN.fullmatch(cleaned) or cleaned == ".":
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return -value if negative else value


def words_value(text: str) -> float | None:
    """The value of a spelled-out English number ("two hundred and five", "a dozen").

    >>> words_value("one and a half")
    1.5
    >>> words_value("five hundred thousand")
    500000.0
    >>> words_value("three hundred and two dozen")
    324.0
    """
    data = _data().numbers
    units = data.units
    mults = data.multipliers
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return None
    total = 0.0
    current = 0.0
    tail = 0.0  # what was added since the last scale word: "dozen" multiplies only that
    seen = False
    half = False
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("a", "an") and i + 1 < len(words) and words[i + 1] == "half":
            half = True
            i += 2
            continue
        if w in ("a", "an"):
            current = max(current, 1.0) if not seen else current + 1.0
            tail = tail or 1.0
            seen = True
        elif w == "and":
            pass
        elif w in units:
            current += units[w]
            tail += units[w]
            seen = True
        elif w in mults:
            factor = mults[w]
            if factor >= 1000:
                total += (current if seen and current else 1.0) * factor
                current = 0.0
            elif factor < 100 and tail:
                # "three hundred and two dozen" = 300 + 2 x 12
                current += tail * (factor - 1)
            else:
                current = (current if seen and current else 1.0) * factor
            tail = 0.0
            seen = True
        elif w == "half":
            half = True
        else:
            return None
        i += 1
    if not seen:
        return None
    value = total + current
    if half:
        value += 0.5
    return value


def chinese_value(text: str) -> float | None:
    """The value of a Chinese numeral ("三千五百", "十五", "一点五", "2.5万").

    >>> chinese_value("三千五百")
    3500.0
    >>> chinese_value("十五")
    15.0
    >>> chinese_value("两亿三千万")
    230000000.0
    >>> chinese_value("二百五")
    250.0
    """
    data = _data().chinese
    s = text.strip()
    if not s:
        return None
    point = data.decimal_point
    for alt in data.decimal_points:
        s = s.replace(alt, point)
    if point and point in s:
        whole, _, frac = s.partition(point)
        w = chinese_value(whole) if whole else 0.0
        if w is None or not frac:
            return None
        digits = []
        for ch in frac:
            if ch in data.digits:
                digits.append(str(int(data.digits[ch])))
            else:
                return None
        return w + float("0." + "".join(digits))
    total = 0.0  # sum of completed big-unit sections
    section = 0.0  # current section below 万
    digit: float | None = None
    seen = False
    last_unit = 0.0  # the unit just before the trailing digit, for 二百五 = 250
    zero = False
    all_digits = all(ch in data.digits for ch in s)
    if all_digits and len(s) > 1:
        # a digit-by-digit numeral: 二〇二五
        return float("".join(str(int(data.digits[ch])) for ch in s))
    for ch in s:
        if ch in data.digits:
            if data.digits[ch] == 0:
                zero = True
            digit = data.digits[ch]
            seen = True
        elif ch in data.small_units:
            section += (1.0 if digit is None else digit) * data.small_units[ch]
            last_unit, digit, zero = data.small_units[ch], None, False
            seen = True
        elif ch in data.big_units:
            big = data.big_units[ch]
            section += digit or 0.0
            if section == 0 and digit is None and total > 0:
                total *= big  # 万万, 萬億
            else:
                if section == 0 and total == 0:
                    section = 1.0
                if total and big > total:
                    total = (total + section) * big
                else:
                    total += section * big
            section, digit, zero = 0.0, None, False
            last_unit = big
            seen = True
        else:
            return None
    if not seen:
        return None
    if digit is not None and not zero and last_unit >= 100 and s[-2] not in data.digits:
        digit *= last_unit / 10  # an abbreviated last place: 二百五 = 250, 一万三 = 13000
    return total + section + (digit or 0.0)


def number_value(text: str) -> float | None:
    """The value of any one number: digits, English words or a Chinese numeral.

    >>> number_value("twenty-five")
    25.0
    >>> number_value("3.5")
    3.5
    """
    s = text.strip()
    if not s:
        return None
    if any(ch.isdigit() and ch.isascii() for ch in s):
        return digits_value(s)
    if _HAN.search(s):
        return chinese_value(s)
    return words_value(s)
