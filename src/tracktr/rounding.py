"""Exact percentages from integer counts, by a named rounding rule.

A percentage is ``100 * count / base``. tracktr computes it with integer arithmetic and
rounds it by a rule the caller names, so that 1 of 8 is 12.5% exactly: 13% half-up, 12%
half-even. Python's :func:`round` and :func:`numpy.round` are half-even and work on binary
floats, which is why neither is used here.

=====================  ======  ======  ==================================================
rule                   12.5    13.5    note
=====================  ======  ======  ==================================================
``half_up``            13      14      what most published reports use; the default
``half_even``          12      14      Python's and numpy's ``round``
``half_down``          12      13      ties go towards zero
``floor``              12      13      truncation, common in hand-made tables
``ceil``               13      14
``double_half_up``     --      --      half-up to one more decimal first, then half-up
                                       again (the spreadsheet habit): 32.45 -> 32.5 -> 33
``largest_remainder``  --      --      Hamilton's method: shares of one partition sum to
                                       exactly 100
=====================  ======  ======  ==================================================

Weighted counts (floats) are read as the decimals they stand for, to the 15 significant
digits a float holds (``0.1`` is one tenth, not the binary float nearest to it, and
``0.1 + 0.2`` is 0.3), and rounded exactly.

Examples
--------
>>> import tracktr as tt
>>> tt.rounding.percentages([1, 7], rule="half_even").tolist()
[12.0, 88.0]
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt

from tracktr._numbers import parse_number
from tracktr.exceptions import (
    InvalidBaseError,
    InvalidCountsError,
    InvalidOptionError,
    NotAPartitionError,
)
from tracktr.typing import RoundingRule, check_choice

__all__ = ["RULES", "format_percent", "percentage_units", "percentages"]

RULES: tuple[RoundingRule, ...] = get_args(RoundingRule)
"""Every rounding rule, in the order of ``tracktr.typing.RoundingRule``."""

MAX_DECIMALS = 3
# Above this, ``count * 100 * 10**(decimals + 1)`` could overflow int64, so the same
# arithmetic runs on Python integers (numpy object arrays) instead.
_PRODUCT_SAFE = 2**62


def _check_decimals(decimals: int) -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, int | np.integer):
        msg = f"`decimals` must be a whole number from 0 to {MAX_DECIMALS}; got {decimals!r}."
        raise InvalidOptionError(msg)
    if not 0 <= decimals <= MAX_DECIMALS:
        msg = f"`decimals` must be from 0 to {MAX_DECIMALS}; got {decimals}."
        raise InvalidOptionError(msg)
    return int(decimals)


def _decimal(value: float) -> Decimal:
    """Read a float as the decimal it stands for: its value to 15 significant digits.

    15 digits is what a binary float holds exactly (``DBL_DIG``); the digits beyond are
    the rounding errors of the arithmetic that made it: 0.1 + 0.2 is 0.30000000000000004
    as a float and 0.3 here, and a weighted base 0.7 + 4.9 is 5.6, not 5.6000000000000005.
    """
    return Decimal(format(value, ".15g"))


def _decimal_places(value: float) -> int:
    exponent = _decimal(value).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def _float_to_int(values: npt.NDArray[np.float64], name: str) -> tuple[npt.NDArray[Any], int]:
    """Scale floats to integers exactly, from their shortest decimal representation."""
    if not np.all(np.isfinite(values)):
        msg = f"{name} must be finite numbers; got {values[~np.isfinite(values)][:5].tolist()}."
        hint = "Hint: a NaN count usually means a weight or a cell is missing; fix it first."
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    flat = values.ravel()
    places = max((_decimal_places(float(v)) for v in flat), default=0)
    if places == 0:
        return np.array([int(v) for v in flat], dtype=object).reshape(values.shape), 0
    scaled = [int(_decimal(float(v)).scaleb(places)) for v in flat]
    return np.array(scaled, dtype=object).reshape(values.shape), places


def _is_exact(value: object) -> bool:
    return isinstance(value, int | np.integer | Decimal | Fraction) and not isinstance(
        value, bool | np.bool_
    )


def _as_numbers(values: Any, name: str) -> npt.NDArray[Any]:
    array = np.asarray(values)
    if array.dtype == object and all(map(_is_exact, array.ravel())):
        # Python integers too large for int64 (exact averages of many bases), Decimals and
        # Fractions stay exact: a float64 would keep only about 16 of their digits.
        bad = [v for v in array.ravel() if isinstance(v, Decimal) and not v.is_finite()]
        if bad:
            msg = f"{name} must be finite numbers; got {bad[:5]}."
            hint = "Hint: a NaN count usually means a weight or a cell is missing; fix it first."
            raise InvalidCountsError(f"{msg}\n\n{hint}")
        return array
    if array.dtype == object:
        try:
            array = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            msg = f"{name} must be numbers; got values of type {array.dtype}."
            raise InvalidCountsError(msg) from None
    if array.dtype.kind not in "iuf":
        msg = f"{name} must be numbers; got an array of dtype {array.dtype}."
        hint = (
            "Hint: True/False are not counts; count them first, e.g. int(mask.sum())."
            if array.dtype.kind == "b"
            else "Hint: convert text with pandas.to_numeric() first."
        )
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    return array


def _aligned_base(counts: Any, base: Any) -> Any:
    """Match a Series of bases to the rows (tables) of a DataFrame by label, not position."""
    import pandas as pd

    if not (isinstance(base, pd.Series) and isinstance(counts, pd.DataFrame)):
        return base
    if base.index.equals(counts.index):
        return base
    same = (
        base.index.is_unique
        and counts.index.is_unique
        and len(base) == len(counts)
        and set(base.index) == set(counts.index)
    )
    if not same:
        missing = [label for label in counts.index if label not in base.index][:10]
        extra = [label for label in base.index if label not in counts.index][:10]
        msg = (
            "`base` is a pandas Series, so it is matched to the rows of `counts` by label; "
            f"rows {missing} have no base and labels {extra} are not rows of `counts`."
        )
        hint = "Hint: index the bases like `counts`, or pass `base.to_numpy()` for position."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    return base.reindex(counts.index)


_COUNT_SAFE = 2**32
"""Counts from this size on are rounded in Python integers (no int64 overflow)."""


def _largest(values: npt.NDArray[Any] | None) -> int:
    """Return the largest absolute value of an integer array (0 for None or empty)."""
    if values is None or values.size == 0 or values.dtype.kind not in "biu":
        return 0
    return max(abs(int(values.max())), abs(int(values.min())))


def _to_integers(counts: Any, base: Any) -> tuple[npt.NDArray[Any], npt.NDArray[Any] | None]:
    """Return counts and base as exact integers on one common scale."""
    c = _as_numbers(counts, "counts")
    b = None if base is None else _as_numbers(base, "base")
    scale_places = 0
    c_int: npt.NDArray[Any]
    b_int: npt.NDArray[Any] | None = None
    if _has_fractions(c) or (b is not None and _has_fractions(b)):
        c_int, b_int = _fractions_to_int(c, b)
    elif c.dtype.kind == "f" or (b is not None and b.dtype.kind == "f"):
        c_int, c_places = _float_to_int(c.astype(float), "counts")
        if b is not None:
            b_int, b_places = _float_to_int(b.astype(float), "base")
            scale_places = max(c_places, b_places)
            b_int = np.asarray(b_int * 10 ** (scale_places - b_places), dtype=object)
        else:
            scale_places = c_places
        c_int = np.asarray(c_int * 10 ** (scale_places - c_places), dtype=object)
    else:
        # int64 holds the counts, but 100 * 10**decimals times a count, or a row's total,
        # can overflow it silently: large counts are worked in Python integers.
        large = max(_largest(c), _largest(b)) >= _COUNT_SAFE
        exact = object if large else np.int64
        c_int = c.astype(exact) if c.dtype.kind in "bi" else c.astype(object)
        if b is not None:
            b_int = b.astype(exact) if b.dtype.kind in "bi" else b.astype(object)
    if np.any(c_int < 0):
        msg = f"counts must not be negative; got {c[c < 0][:5].tolist()}."
        raise InvalidCountsError(msg)
    if b_int is not None and np.any(b_int < 0):
        msg = f"the base must not be negative; got {np.asarray(b)[np.asarray(b) < 0][:5].tolist()}."
        raise InvalidBaseError(msg)
    return c_int, b_int


def _has_fractions(values: npt.NDArray[Any]) -> bool:
    """Whether an object array holds a Decimal or Fraction (worked as Python integers).

    Even a whole Decimal is converted: Decimal arithmetic rounds to 28 digits.
    """
    return values.dtype == object and any(isinstance(v, Decimal | Fraction) for v in values.ravel())


def _fractions_to_int(
    counts: npt.NDArray[Any], base: npt.NDArray[Any] | None
) -> tuple[npt.NDArray[Any], npt.NDArray[Any] | None]:
    """Scale exact counts and base by their common denominator: whole numbers, same ratios."""
    c = [_as_fraction(v) for v in counts.ravel()]
    b = None if base is None else [_as_fraction(v) for v in base.ravel()]
    scale = math.lcm(*(f.denominator for f in [*c, *(b or [])]))
    c_int = np.array([int(f * scale) for f in c], dtype=object).reshape(counts.shape)
    if base is None or b is None:
        return c_int, None
    return c_int, np.array([int(f * scale) for f in b], dtype=object).reshape(base.shape)


def _exact_units(
    counts: npt.NDArray[Any], base: npt.NDArray[Any], rule: RoundingRule, decimals: int
) -> npt.NDArray[Any]:
    """Round ``100 * 10**decimals * counts / base`` by `rule`; `base` is positive, 2-D aligned.

    Works on int64 arrays and on object arrays of Python integers alike.
    """
    scale = 100 * 10**decimals
    if rule == "double_half_up":
        first = _exact_units(counts, base, "half_up", decimals + 1)
        halved: npt.NDArray[Any] = (first + 5) // 10
        return halved
    numerator: npt.NDArray[Any] = counts * scale
    quotient: npt.NDArray[Any] = numerator // base
    remainder: npt.NDArray[Any] = numerator % base
    twice = 2 * remainder
    rounded_up: npt.NDArray[Any]
    if rule == "half_up":
        rounded_up = twice >= base
    elif rule == "half_down":
        rounded_up = twice > base
    elif rule == "half_even":
        rounded_up = (twice > base) | ((twice == base) & (quotient % 2 == 1))
    elif rule == "floor":
        rounded_up = np.zeros(quotient.shape, dtype=bool)
    elif rule == "ceil":
        rounded_up = remainder > 0
    else:
        # largest_remainder: floors, then one unit each to the largest remainders until
        # the partition sums to exactly 100. Ties go to the earlier cell (a stable sort),
        # so the result depends only on the order the caller gave.
        deficit = scale - quotient.sum(axis=1)
        order = np.argsort(-remainder, axis=1, kind="stable")
        ranks = np.empty_like(order)
        positions = np.broadcast_to(np.arange(order.shape[1]), order.shape)
        np.put_along_axis(ranks, order, positions, 1)
        rounded_up = ranks < deficit[:, None]
    result: npt.NDArray[Any] = quotient + rounded_up
    return result


def percentage_units(
    counts: Any,
    base: Any = None,
    *,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
) -> npt.NDArray[Any]:
    """Return rounded percentages as exact integers in units of ``10**-decimals`` percent.

    The integer twin of :func:`percentages`: at ``decimals=1``, 12.5% is ``125``. Use it
    when a comparison must be exact, as :mod:`tracktr.check` does.

    Parameters
    ----------
    counts, base, rule, decimals
        As in :func:`percentages`.

    Returns
    -------
    numpy.ndarray
        Integers of the shape of `counts` (``int64``, or Python integers for huge counts).

    Raises
    ------
    tracktr.InvalidBaseError
        If any base is zero: the percentage is undefined. :func:`percentages` returns NaN
        there instead.

    See Also
    --------
    tracktr.percentages : the same values as floats, NaN where the base is zero.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.rounding.percentage_units([1, 7], decimals=1).tolist()
    [125, 875]
    """
    units, undefined = _units(counts, base, rule, decimals)
    if np.any(undefined):
        msg = "a percentage of a base of zero is undefined."
        hint = "Hint: use tt.percentages(), which returns NaN for such cells."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    return units


def _units(
    counts: Any, base: Any, rule: RoundingRule, decimals: int
) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
    check_choice(rule, RoundingRule, name="rule")
    decimals = _check_decimals(decimals)
    base = _aligned_base(counts, base)
    c, b = _to_integers(counts, base)
    if c.ndim not in (1, 2):
        msg = f"counts must be 1-D (one table) or 2-D (one table per row); got {c.ndim}-D."
        raise InvalidCountsError(msg)
    one_table = c.ndim == 1
    c2 = c[None, :] if one_table else c
    totals = c2.sum(axis=1)
    if b is None:
        b1 = totals
    else:
        b1 = np.broadcast_to(b, (c2.shape[0],)) if b.ndim == 0 or b.size == 1 else b.ravel()
        if b1.shape[0] != c2.shape[0]:
            msg = f"expected one base per table ({c2.shape[0]}); got {b1.shape[0]} bases."
            raise InvalidBaseError(msg)
    row_max = c2.max(axis=1) if c2.shape[1] else np.zeros(c2.shape[0], dtype=c2.dtype)
    if np.any(row_max > b1):
        bad = np.flatnonzero(row_max > b1)[:5].tolist()
        msg = f"a count is larger than its base in table(s) {bad}: a share cannot exceed 100%."
        hint = "Hint: pass the number of respondents who answered as `base`."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    if rule == "largest_remainder" and np.any(totals != b1):
        msg = (
            "largest_remainder rounds the shares of one partition so that they sum to "
            "exactly 100, but these counts do not sum to their base."
        )
        hint = (
            "Hint: a multi-response column (several ticks per respondent) is not a "
            "partition; use rule='half_up' there."
        )
        raise NotAPartitionError(f"{msg}\n\n{hint}")
    undefined_rows = b1 == 0
    safe_base = np.where(undefined_rows, 1, b1)
    biggest = max(int(c2.max()) if c2.size else 0, int(safe_base.max()) if safe_base.size else 0)
    if c2.dtype != object and biggest * 100 * 10 ** (decimals + 2) >= _PRODUCT_SAFE:
        c2, safe_base = c2.astype(object), safe_base.astype(object)
    units = _exact_units(c2, safe_base[:, None], rule, decimals)
    undefined = np.broadcast_to(undefined_rows[:, None], c2.shape)
    if c2.dtype != object:
        units = units.astype(np.int64)
    if one_table:
        return units[0], undefined[0]
    return units, np.array(undefined)


def percentages(
    counts: Any,
    base: Any = None,
    *,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
) -> npt.NDArray[np.float64]:
    """Return percentages of integer counts, rounded exactly by a named rule.

    Parameters
    ----------
    counts : array-like of int or float
        1-D: the counts of one table. 2-D: one table per row, rounded at once. Floats are
        weighted counts, read from their decimal representation; :class:`~decimal.Decimal`
        and :class:`~fractions.Fraction` counts are worked exactly, every digit kept.
    base : int, float, Decimal, Fraction or array-like, optional
        The base of each table (one per row for 2-D counts). Defaults to the sum of the
        counts, which is right when the counts partition the respondents; give it for
        multi-response sets, whose counts can sum to more than the base.
    rule : RoundingRule, default "half_up"
        ``"half_up"``, ``"half_even"``, ``"half_down"``, ``"floor"``, ``"ceil"``,
        ``"largest_remainder"`` or ``"double_half_up"``.
    decimals : int, default 0
        Decimal places of the result, 0 to 3.

    Returns
    -------
    numpy.ndarray of float64
        The rounded percentages, shaped like `counts`; NaN where the base is zero.

    Raises
    ------
    tracktr.UnknownMethodError
        If `rule` is not a rule; the message lists them.
    tracktr.InvalidCountsError
        If a count is negative or not a finite number.
    tracktr.InvalidBaseError
        If a base is negative or smaller than one of its counts.
    tracktr.NotAPartitionError
        If ``rule="largest_remainder"`` and the counts do not sum to the base.

    See Also
    --------
    tracktr.rounding.percentage_units : the same values as exact integers.
    format_percent : display one percentage with the report's conventions.

    Notes
    -----
    With ``s = 100 * 10**decimals``, each count ``c`` of base ``b`` is split exactly as
    ``c * s = q * b + r`` with ``0 <= r < b``. ``half_up`` returns ``q + 1`` when
    ``2r >= b``, ``half_even`` when ``2r > b`` or ``2r == b`` and ``q`` is odd, and so on;
    no float is ever rounded. ``largest_remainder`` (Hamilton's method) gives every cell
    its floor ``q``, then one more unit to the cells with the largest remainders ``r``
    until the table sums to exactly ``s``; equal remainders go to the earlier cell.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.percentages([1, 7]).tolist()
    [13.0, 88.0]
    >>> tt.percentages([1, 7], rule="half_even").tolist()
    [12.0, 88.0]
    >>> tt.percentages([37], base=151).tolist()
    [25.0]
    >>> tt.percentages([1, 1, 1], rule="largest_remainder").tolist()
    [34.0, 33.0, 33.0]
    >>> tt.percentages([[1, 7], [0, 0]], decimals=1).tolist()
    [[12.5, 87.5], [nan, nan]]
    """
    units, undefined = _units(counts, base, rule, decimals)
    values = np.asarray(units, dtype=np.float64) / 10.0**decimals
    return np.where(undefined, np.nan, values)


def _as_fraction(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(_decimal(float(value)))


def _percent_value(value: Any) -> Fraction | None:
    """Return one percentage exactly; None for NaN/None (no base); raise for the rest."""
    if value is None or (isinstance(value, float | np.floating) and np.isnan(value)):
        return None
    if type(value).__name__ == "NAType":  # pandas.NA, without importing pandas here
        return None
    if isinstance(value, Decimal) and value.is_nan():
        return None
    number = value
    if isinstance(value, str) or not isinstance(value, Fraction | Decimal):
        number = parse_number(value)
        if isinstance(number, str):
            what = "finite number" if number == "not_finite" else "number"
            msg = f"a percentage must be a {what}; got {value!r}."
            hint = "Hint: percentages of a base of zero are NaN, shown as `missing`."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
    elif isinstance(value, Decimal) and not value.is_finite():
        msg = f"a percentage must be a finite number; got {value!r}."
        raise InvalidOptionError(msg)
    if isinstance(value, str) and isinstance(number, float):
        # Exactly as written, not via a float; thousands separators were accepted above.
        return Fraction(Decimal(value.strip().replace(",", "")))
    if isinstance(value, np.floating) and not isinstance(value, np.float64):
        # A float32 holds 12.45 as 12.4499998...: read it as the decimal it prints as.
        return Fraction(Decimal(str(value)))
    return _as_fraction(number)


def format_percent(
    value: Any,
    *,
    decimals: int = 0,
    small: str | Literal[False] | None = None,
    large: str | Literal[False] | None = None,
    rule: RoundingRule = "half_up",
    missing: str = "n/a",
) -> str:
    """Display one percentage the way a published table prints it.

    Parameters
    ----------
    value : number
        An exact percentage (``12.5`` means 12.5%), such as ``100 * count / base`` as a
        :class:`fractions.Fraction`; floats are read from their decimal representation.
    decimals : int, default 0
        Decimal places, 0 to 3.
    small : str, False or None
        Shown for a share above zero that rounds to zero, so that a reader is not told
        "0%" of something that happened. ``None`` means ``"<1%"`` (``"<0.1%"`` at one
        decimal); ``False`` prints the rounded zero.
    large : str, False or None
        Shown for a share below 100 that rounds to 100. ``None`` means ``">99%"``
        (``">99.9%"`` at one decimal); ``False`` prints the rounded 100.
    rule : RoundingRule, default "half_up"
        The rounding rule; ``largest_remainder`` needs a whole table, see
        :func:`percentages`.
    missing : str, default "n/a"
        Shown for NaN or None (a percentage of a base of zero).

    Returns
    -------
    str

    Raises
    ------
    tracktr.InvalidOptionError
        If `value` is negative, above 100, infinite or not a number (booleans and text
        such as ``"2,5"`` included), or `rule` is ``largest_remainder``.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.format_percent(float("nan"))
    'n/a'
    >>> tt.format_percent(12.5)
    '13%'
    >>> tt.format_percent(0.3), tt.format_percent(0), tt.format_percent(99.6)
    ('<1%', '0%', '>99%')
    >>> tt.format_percent(33.25, decimals=1, rule="half_even")
    '33.2%'
    """
    check_choice(rule, RoundingRule, name="rule")
    decimals = _check_decimals(decimals)
    if rule == "largest_remainder":
        msg = "largest_remainder needs every share of a table; it cannot round one value."
        raise InvalidOptionError(f"{msg}\n\nHint: use tt.percentages(counts, rule=...).")
    exact = _percent_value(value)
    if exact is None:
        return missing
    if not 0 <= exact <= 100:
        msg = f"a percentage must be from 0 to 100; got {value!r}."
        raise InvalidOptionError(msg)
    # 100 * numerator / (100 * denominator) is the percentage itself.
    units = int(
        _exact_units(
            np.array([[exact.numerator]], dtype=object),
            np.array([[100 * exact.denominator]], dtype=object),
            rule,
            decimals,
        )[0, 0]
    )
    step = "1" if decimals == 0 else "0." + "0" * (decimals - 1) + "1"
    if units == 0 and exact > 0 and small is not False:
        return small if small is not None else f"<{step}%"
    full = 100 * 10**decimals
    if units == full and exact < 100 and large is not False:
        top = "99" if decimals == 0 else "99." + "9" * decimals
        return large if large is not None else f">{top}%"
    text = f"{units // 10**decimals}"
    if decimals:
        text += f".{units % 10**decimals:0{decimals}d}"
    return f"{text}%"


def weighted_count_text(number: float) -> str:
    """Write a weighted count to one decimal, rounded half-up from its decimal value.

    Python's ``f"{x:.1f}"`` rounds the binary float half-even (2.25 shows as 2.2); counts
    are rounded as the percentages beside them are.

    Examples
    --------
    >>> from tracktr.rounding import weighted_count_text
    >>> weighted_count_text(2.25), weighted_count_text(0.125)
    ('2.3', '0.1')
    """
    return decimal_text(_decimal(float(number)), 1)


def decimal_text(value: Decimal, decimals: int) -> str:
    """Write a decimal rounded half-up to `decimals` places, a zero without a sign.

    Every statistic and weighted count a table prints goes through here. ``-0.004``
    rounds to ``-0.00`` in :mod:`decimal`: a reader sees a negative mean where there is
    none (the rounded value is 0), so a zero is written unsigned.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from tracktr.rounding import decimal_text
    >>> decimal_text(Decimal("-0.004"), 2), decimal_text(Decimal("-0.005"), 2)
    ('0.00', '-0.01')
    """
    # Digits enough for the whole part too: the default 28 raised InvalidOperation for a
    # mean of 1e28 (and a statistic can be as large as a float).
    digits = Context(prec=max(28, value.adjusted() + decimals + 2))
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=digits)
    return str(rounded.copy_abs() if rounded.is_zero() else rounded)


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)
