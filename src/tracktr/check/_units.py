"""Exact arithmetic shared by the checks: percentage units, count bounds, validation."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from tracktr._numbers import parse_number
from tracktr.exceptions import InvalidBaseError, InvalidCountsError, InvalidOptionError
from tracktr.rounding import RULES, _as_fraction
from tracktr.typing import RoundingRule, check_choice

DEFAULT_MAX_BASE = 5000
"""The largest base :func:`bases` and :func:`distribution` try when no base is given."""

_MAX_MAX_BASE = 10**15

# -- validation and exact arithmetic ------------------------------------------------------


def _scale(decimals: int) -> int:
    return int(100 * 10**decimals)


def _exact(value: Any, name: str) -> Fraction:
    if isinstance(value, bool):
        msg = f"`{name}` must be a number; got {value!r}."
        raise InvalidOptionError(msg)
    if isinstance(value, str):
        text = value.strip().removesuffix("%")
        problem = parse_number(text)
        if isinstance(problem, str):
            reason = {
                "not_finite": "a finite number",
                "ambiguous_separator": "a number with a decimal point, not a comma",
                "not_numeric": "a number",
            }[problem]
            msg = f"`{name}` must be {reason}; got {value!r}."
            raise InvalidOptionError(msg)
        return Fraction(Decimal(text.replace(",", "")))
    if not isinstance(value, Fraction | int | np.integer | Decimal):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            msg = f"`{name}` must be a finite number; got {value!r}."
            raise InvalidOptionError(msg)
    # Read exactly as tracktr.rounding reads a count: floats from their shortest repr.
    return _as_fraction(value)


def _units(value: Any, decimals: int, name: str = "value") -> int:
    """Return a printed percentage as exact integer units of ``10**-decimals`` percent."""
    exact = _exact(value, name)
    if not 0 <= exact <= 100:
        msg = f"a printed percentage must be from 0 to 100; got {name}={value!r}."
        hint = "Hint: pass percentages as printed (35 for 35%), not proportions."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    scaled = exact * 10**decimals
    if scaled.denominator != 1:
        msg = f"{name}={value!r} has more decimal places than decimals={decimals}."
        hint = (
            f"Hint: give decimals={_places(exact)} for percentages printed with decimals (the "
            "`decimals` argument, the `decimals` column of a figures file, or "
            f"`--decimals {_places(exact)}` of `tracktr check`)."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return int(scaled)


def _places(exact: Fraction) -> int:
    places = 0
    while (exact * 10**places).denominator != 1 and places < 10:
        places += 1
    return places


def _check_base(base: Any, name: str = "base") -> int:
    if isinstance(base, bool):
        msg = f"`{name}` must be a whole number of respondents; got {base!r}."
        raise InvalidBaseError(msg)
    if isinstance(base, int | np.integer) or (
        isinstance(base, float | np.floating) and float(base).is_integer()
    ):
        number = int(base)
    else:
        msg = f"`{name}` must be a whole number of respondents; got {base!r}."
        if isinstance(base, str):
            msg += f"\n\nHint: pass the number itself, {name}={base.strip()}, not text."
        raise InvalidBaseError(msg)
    if number > _MAX_MAX_BASE:
        msg = f"`{name}` must be at most {_MAX_MAX_BASE:,}; got {number:,}."
        raise InvalidBaseError(msg)
    if number <= 0:
        msg = f"`{name}` must be positive; got {number}."
        hint = "Hint: a percentage of no respondents is undefined; check the base you passed."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    return number


def _check_count(count: Any) -> int:
    if (
        isinstance(count, bool)
        or not isinstance(count, int | np.integer | float | np.floating)
        or not float(count).is_integer()
        or count < 0
    ):
        msg = f"`count` must be a whole number of respondents, 0 or more; got {count!r}."
        raise InvalidCountsError(msg)
    return int(count)


def _check_max_base(max_base: Any) -> int:
    if isinstance(max_base, int | np.integer) and max_base > _MAX_MAX_BASE:
        msg = f"`max_base` must be at most {_MAX_MAX_BASE:,}; got {max_base:,}."
        raise InvalidOptionError(msg)
    return _check_base(max_base, "max_base")


def _rules(rules: Sequence[str] | str | None) -> tuple[RoundingRule, ...]:
    if rules is None:
        return RULES
    if isinstance(rules, str):
        rules = (rules,)
    checked = tuple(check_choice(r, RoundingRule, name="rules") for r in rules)
    return tuple(r for r in RULES if r in checked)


def _cdiv(a: Any, m: int) -> Any:
    """Ceiling division for Python and numpy integers."""
    return -((-a) // m)


def _first(condition: Callable[[int], bool], low: int, stop: int) -> int:
    """Return the least integer in ``[low, stop)`` where `condition` holds; `stop` if none.

    `condition` must be monotone (false, then true from some point on): a binary search,
    O(log(stop - low)) calls.
    """
    while low < stop:
        middle = (low + stop) // 2
        if condition(middle):
            stop = middle
        else:
            low = middle + 1
    return low


def _count_bounds(units: Any, base: Any, rule: str, decimals: int) -> tuple[Any, Any]:
    """Inclusive bounds of the counts of `base` whose share prints as `units` under `rule`.

    Works elementwise on numpy integer arrays (broadcast); an empty interval has lo > hi.
    ``largest_remainder`` gives the counts whose share is within one unit (floor or ceiling),
    which is what a single cell of a largest-remainder table can be.
    """
    s = _scale(decimals)
    u, b = units, base
    if rule == "floor":
        lo, hi = _cdiv(u * b, s), _cdiv((u + 1) * b, s) - 1
    elif rule == "ceil":
        lo, hi = ((u - 1) * b) // s + 1, (u * b) // s
    elif rule == "half_up":
        lo, hi = _cdiv((2 * u - 1) * b, 2 * s), _cdiv((2 * u + 1) * b, 2 * s) - 1
    elif rule == "half_down":
        lo, hi = ((2 * u - 1) * b) // (2 * s) + 1, ((2 * u + 1) * b) // (2 * s)
    elif rule == "half_even":
        closed_lo, closed_hi = _cdiv((2 * u - 1) * b, 2 * s), ((2 * u + 1) * b) // (2 * s)
        open_lo, open_hi = ((2 * u - 1) * b) // (2 * s) + 1, _cdiv((2 * u + 1) * b, 2 * s) - 1
        even = u % 2 == 0
        lo = (
            np.where(even, closed_lo, open_lo)
            if isinstance(even, np.ndarray)
            else (closed_lo if even else open_lo)
        )
        hi = (
            np.where(even, closed_hi, open_hi)
            if isinstance(even, np.ndarray)
            else (closed_hi if even else open_hi)
        )
    elif rule == "double_half_up":
        # half-up to one more decimal, then half-up: u - 0.55 <= x < u + 0.45
        lo, hi = _cdiv((20 * u - 11) * b, 20 * s), _cdiv((20 * u + 9) * b, 20 * s) - 1
    else:  # largest_remainder, one cell: floor or ceiling, u - 1 < x < u + 1
        lo, hi = ((u - 1) * b) // s + 1, _cdiv((u + 1) * b, s) - 1
    if isinstance(lo, int) and isinstance(hi, int) and isinstance(b, int):
        return max(lo, 0), min(hi, b)  # Python integers stay exact at any size
    return np.maximum(lo, 0), np.minimum(hi, b)


def _period(rule: str, decimals: int) -> int:
    """Return the step of base after which every count bound of `rule` grows by a fixed amount."""
    s = _scale(decimals)
    if rule in ("half_up", "half_down", "half_even"):
        return 2 * s
    if rule == "double_half_up":
        return 20 * s
    return s


def _printed_units(count: int, base: int, rule: str, decimals: int) -> int:
    """Return what `count` of `base` prints as under a one-cell rule, in exact units.

    ``largest_remainder`` is read as ``floor`` (the least a cell of such a table shows).
    """
    s = _scale(decimals)
    q, r = divmod(count * s, base)
    if rule == "ceil":
        return q + (r > 0)
    if rule == "half_up":
        return q + (2 * r >= base)
    if rule == "half_down":
        return q + (2 * r > base)
    if rule == "half_even":
        return q + (2 * r > base or (2 * r == base and q % 2 == 1))
    if rule == "double_half_up":
        q10, r10 = divmod(count * s * 10, base)
        tenths = q10 + (2 * r10 >= base)
        whole, digit = divmod(tenths, 10)
        return whole + (digit >= 5)
    return q  # floor, and largest_remainder's floor


def _fmt_units(units: int, decimals: int) -> str:
    text = str(units // 10**decimals)
    if decimals:
        text += f".{units % 10**decimals:0{decimals}d}"
    return text


def _fmt_number(value: Fraction | float, digits: int = 1) -> str:
    number = float(value)
    return f"{number:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{number:.0f}"
