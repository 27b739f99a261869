"""Groups written as plain integers are ordered by a fast path that equals the general one.

``numbers_in_order`` reads text as numbers with :func:`tracktr._numbers.parse_number`
(separators, spaces, decimals) and looks for one number written two ways. Text that is
every one an integer written as ``str(int)`` writes it ("12", "-3", never "012", "+12",
"12.0") can have no such twins, and is ordered by ``int`` alone.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tracktr._group_labels import _parsed_in_order, _plain_integers_in_order, numbers_in_order

INT64 = st.integers(-(10**18) + 1, 10**18 - 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(INT64, min_size=1, max_size=40, unique=True))
def test_plain_integers_are_ordered_as_the_general_reading_orders_them(numbers: list[int]) -> None:
    found = [str(n) for n in numbers]
    column = pd.Series(found, dtype=object)
    fast = _plain_integers_in_order(found)
    assert fast is not None
    assert fast == list(_parsed_in_order(column, found, "g", what="groups"))
    assert numbers_in_order(column, found, "g") == sorted(found, key=int)


@given(
    st.lists(INT64, min_size=1, max_size=10, unique=True),
    st.sampled_from(["012", "+5", "12.0", " 7", "1,000", "-0", "1e3", "1" * 19]),
)
def test_any_other_spelling_leaves_the_fast_path(numbers: list[int], other: str) -> None:
    # Zeros in front, a sign, decimals, spaces, separators, "-0" (the twin of "0") and
    # more digits than an int64 holds are read by parse_number, which refuses twins.
    assert _plain_integers_in_order([*map(str, numbers), other]) is None
