"""Codebooks shipped with tracktr, ready to load or to copy and adapt.

===================  ========================================================
``tracktr_2015``     the second trackTR survey (2015; 151 organisations), as
                     reported in *Change & challenge* (Clinks, NCVO, TSRC 2016)
``housing_members``  an example to copy and adapt: six questions of every
                     kind, from a fictional housing umbrella body
===================  ========================================================

Examples
--------
>>> import tracktr as tt
>>> survey = tt.surveys.tracktr_2015()
>>> survey.title
'trackTR survey 2015'
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from tracktr.survey import Survey

__all__ = ["names", "path", "tracktr_2015"]

_NAMES = ("tracktr_2015", "housing_members")


def names() -> tuple[str, ...]:
    """Return the names of the shipped codebooks.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.surveys.names()
    ('tracktr_2015', 'housing_members')
    """
    return _NAMES


def path(name: str) -> Path:
    """Return the path of a shipped codebook's TOML file (to copy and edit).

    Raises
    ------
    tracktr.QuestionNotFoundError
        Never; an unknown name raises :class:`tracktr.ReferenceNotFoundError`.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.surveys.path("tracktr_2015").name
    'tracktr_2015.toml'
    """
    if name not in _NAMES:
        from tracktr.exceptions import ReferenceNotFoundError

        msg = f"No shipped codebook {name!r}.\n\nHint: the shipped codebooks are {list(_NAMES)}."
        raise ReferenceNotFoundError(msg)
    return Path(str(resources.files(__name__).joinpath(f"{name}.toml")))


@cache
def _load(name: str) -> Survey:
    return Survey.from_toml(path(name))


def tracktr_2015() -> Survey:
    """Return the codebook of the 2015 trackTR survey.

    Every question that *Change & challenge* (Clinks, NCVO and TSRC, May 2016) presents:
    Graphs 1-32, Tables 1-3 and the figures given only in the text, with the wording as
    printed and the routing the report describes (the CRC section asked of organisations
    funded by a CRC, the outside-supply-chain section of those funded by neither a CRC nor
    the NPS). Questions whose options had to be inferred from the text say so
    (``question.inferred`` and ``question.note``).

    Returns
    -------
    Survey

    References
    ----------
    Clinks, NCVO and TSRC (2016). *Change & challenge: the voluntary sector's role in
    Transforming Rehabilitation*. London: Clinks.

    Examples
    --------
    >>> import tracktr as tt
    >>> survey = tt.surveys.tracktr_2015()
    >>> survey.question("beneficiaries").labels
    ('Main beneficiary', 'Also a beneficiary', 'Not a beneficiary')
    >>> survey.base_description("outside_role")
    'organisations not funded by a CRC or the NPS who answered'
    """
    return _load("tracktr_2015")


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)
