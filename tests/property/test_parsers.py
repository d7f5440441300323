"""Property-based tests of the quantity and period parsers.

Inputs are built from the vocabularies (``st.sampled_from`` over the data files), so a phrase
added to the data is exercised too.
"""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from futureind.periods import PeriodData, find_periods, parse_period
from futureind.quantities import QuantityData, find_quantities, parse_quantity
from futureind.vocab import load_data

QDATA = load_data("quantities.toml", QuantityData)
PDATA = load_data("periods.toml", PeriodData)

# positive amounts with up to two decimals, written plainly or with thousands separators
amounts = st.builds(
    lambda whole, cents: whole + cents / 100, st.integers(0, 999_999), st.integers(0, 99)
)


def render(n: float, separators: bool) -> str:
    text = f"{n:,.2f}" if separators else f"{n:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@given(amounts, st.booleans())
def test_billion_yuan_parses_back(n: float, separators: bool) -> None:
    q = parse_quantity(f"{render(n, separators)} billion yuan")
    assert q is not None
    assert q.unit == "CNY"
    assert close(q.amount, float(render(n, False)) * 1e9)


@given(amounts)
def test_rmb_bn_parses_back(n: float) -> None:
    q = parse_quantity(f"RMB {render(n, False)}bn")
    assert q is not None
    assert q.unit == "CNY"
    assert close(q.amount, float(render(n, False)) * 1e9)


@given(amounts, st.sampled_from(["%", " percent", " per cent"]))
def test_percent_parses_back(n: float, sign: str) -> None:
    q = parse_quantity(f"{render(n, True)}{sign}")
    assert q is not None
    assert q.unit == "percent"
    assert close(q.amount, float(render(n, False)))


@given(amounts)
def test_gigawatts_parse_back(n: float) -> None:
    q = parse_quantity(f"{render(n, False)} GW")
    assert q is not None
    assert q.unit == "W"
    assert close(q.amount, float(render(n, False)) * 1e9)


@given(
    amounts,
    st.sampled_from([c for c in QDATA.currency if c.after]),
    st.sampled_from([s for s in QDATA.scale if not s.needs_currency and s.factor >= 1e6]),
    st.data(),
)
def test_money_from_vocabulary_parses_back(
    n: float, currency: object, scale: object, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(currency.after))  # type: ignore[attr-defined]
    word = data.draw(st.sampled_from(scale.words))  # type: ignore[attr-defined]
    gap = "" if any("\u4e00" <= ch <= "\u9fff" for ch in name + word) else " "
    q = parse_quantity(f"{render(n, False)}{gap}{word}{gap}{name}")
    assert q is not None
    assert q.unit == currency.code  # type: ignore[attr-defined]
    assert close(q.amount, float(render(n, False)) * scale.factor)  # type: ignore[attr-defined]


@given(st.text())
def test_find_quantities_never_raises_and_spans_slice_back(text: str) -> None:
    for m in find_quantities(text):
        assert text[m.span.start : m.span.end] == m.span.text == m.quantity.raw
        assert m.span.rule == m.rule
        if m.comparator_span is not None:
            cs = m.comparator_span
            assert text[cs.start : cs.end] == cs.text
            assert m.comparator is not None


sentence_parts = st.lists(
    st.one_of(
        st.sampled_from(
            ["The city", "will", "build", "by 2030", "in 2025", "and", ",", "(", ")", "."]
        ),
        st.sampled_from([w for c in QDATA.comparator for w in c.before]),
        st.sampled_from([w for c in QDATA.currency for w in c.before + c.after]),
        st.sampled_from([w for s in QDATA.scale for w in s.words]),
        st.sampled_from([w for u in QDATA.unit for w in u.words]),
        st.sampled_from(list(QDATA.numbers.units) + list(QDATA.numbers.multipliers)),
        st.sampled_from(list(QDATA.fractions.denominators) + QDATA.fractions.over),
        st.sampled_from(["and a", "and", "a", "/", "1/2", "3 1/4", "-", "e", "2e5"]),
        amounts.map(lambda n: render(n, True)),
        st.text(max_size=5),
    ),
    max_size=12,
)


@given(sentence_parts)
def test_sentences_from_vocabulary_never_raise(parts: list[str]) -> None:
    text = " ".join(parts)
    for m in find_quantities(text):
        assert text[m.span.start : m.span.end] == m.span.text
    for p in find_periods(text):
        assert p.span is not None
        assert text[p.span.start : p.span.end] == p.span.text == p.raw


@given(sentence_parts, st.sampled_from(["Note.\n\n", "Background\n\n", "1.\n\n"]))
def test_prefix_shifts_spans(parts: list[str], prefix: str) -> None:
    text = " ".join(parts)
    plain = [(m.span.start, m.span.end, m.quantity) for m in find_quantities(text)]
    shifted = [(m.span.start, m.span.end, m.quantity) for m in find_quantities(prefix + text)]
    k = len(prefix)
    # the prefix may hold a number of its own ("1."): compare what lies in the original text
    shifted = [(s - k, e - k, q) for s, e, q in shifted if s >= k]
    assert shifted == plain
    pplain = [(p.span.start, p.span.end, p.end) for p in find_periods(text) if p.span]
    pshift = [
        (p.span.start - k, p.span.end - k, p.end) for p in find_periods(prefix + text) if p.span
    ]
    assert pshift == pplain


# spelled numbers that stand alone (not the weak ones such as "one"), below one hundred
_WHOLES = sorted(
    (w, v) for w, v in QDATA.numbers.units.items() if 0 < v < 100 and w not in QDATA.numbers.weak
)


@given(
    st.sampled_from(_WHOLES),
    st.sampled_from(sorted(QDATA.fractions.denominators.items())),
    st.sampled_from(["", " million", " billion"]),
)
def test_and_a_fraction_parses_back(
    whole: tuple[str, float], den: tuple[str, float], scale: str
) -> None:
    text = f"{whole[0]}{scale} and a {den[0]}"
    factor = {"": 1.0, " million": 1e6, " billion": 1e9}[scale]
    q = parse_quantity(text)
    assert q is not None, text
    assert close(q.amount, (whole[1] + 1 / den[1]) * factor), (text, q)


@given(st.integers(1, 998), st.integers(2, 999), st.integers(0, 99), st.booleans())
def test_slash_fractions_parse_back(num: int, den: int, whole: int, negative: bool) -> None:
    num = num % den or 1
    text = ("-" if negative else "") + (f"{whole} " if whole else "") + f"{num}/{den}"
    q = parse_quantity(text)
    assert q is not None, text
    value = whole + num / den
    assert close(q.amount, -value if negative else value), (text, q)


@given(st.integers(1, 99_999), st.integers(-30, 30), st.sampled_from(["e", "E"]))
def test_scientific_notation_parses_back(mantissa: int, exponent: int, e: str) -> None:
    text = f"{mantissa / 100}{e}{exponent:+d}"
    q = parse_quantity(text)
    assert q is not None, text
    assert q.amount is not None
    assert math.isclose(q.amount, float(text), rel_tol=1e-9), (text, q)


@given(
    st.integers(1900, 2100),
    st.sampled_from(["{y}", "in {y}", "by {y}", "{y}.", "FY{y}", "the {y}s"]),
)
def test_a_year_is_never_a_quantity(year: int, template: str) -> None:
    assert find_quantities(template.format(y=year)) == []


@given(st.integers(1900, 2100))
def test_by_year_gives_its_deadline(year: int) -> None:
    p = parse_period(f"by {year}")
    assert p is not None
    assert (p.kind, p.end) == ("deadline", year)


@given(st.integers(1900, 2099), st.integers(1, 10))
def test_year_ranges_give_both_ends(year: int, length: int) -> None:
    p = parse_period(f"{year}-{year + length}")
    assert p is not None
    assert (p.start, p.end) == (year, year + length)


@given(
    st.sampled_from(PDATA.plan),
    st.sampled_from(["during the {o} Five-Year Plan period", "the {o} Five-Year Plan"]),
)
def test_plans_from_vocabulary(plan: object, template: str) -> None:
    for name in plan.names:  # type: ignore[attr-defined]
        if not name.isascii():
            continue
        p = parse_period(template.format(o=name))
        assert p is not None
        assert (p.start, p.end) == (plan.start, plan.end)  # type: ignore[attr-defined]


@given(st.text())
def test_find_periods_never_raises(text: str) -> None:
    for p in find_periods(text):
        assert p.span is not None
        assert text[p.span.start : p.span.end] == p.span.text
