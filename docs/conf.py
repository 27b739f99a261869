"""Sphinx configuration for the tracktr documentation."""

from __future__ import annotations

import doctest
import socket

import tracktr

project = "tracktr"
author = "tracktr developers"
copyright = "2026, the tracktr developers"
release = tracktr.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "matplotlib.sphinxext.plot_directive",
]
# Charts in the docs are drawn from their code at build time by the `.. plot::` directive.
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]

autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()


def _online(host: str = "docs.python.org") -> bool:
    """Whether intersphinx inventories can be fetched (CI machines have no network)."""
    try:
        socket.create_connection((host, 443), timeout=2).close()
    except OSError:
        return False
    return True


intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "pandas": ("https://pandas.pydata.org/docs", None),
    "pandera": ("https://pandera.readthedocs.io/en/stable", None),
    "scipy": ("https://docs.scipy.org/doc/scipy", None),
    "matplotlib": ("https://matplotlib.org/stable", None),
}
# Links to Python, numpy, pandas, pandera, scipy and matplotlib need their inventories;
# offline (as on CI, which has no network) they are left out rather than failing the
# build, which runs with warnings as errors.
if not _online():
    intersphinx_mapping = {}
suppress_warnings = ["config.cache"]

templates_path = ["_templates"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
html_theme = "pydata_sphinx_theme"
html_title = "tracktr"
html_static_path = ["_static"]
html_css_files = ["tracktr.css"]
html_theme_options = {"navigation_with_keys": False}
# Pages with no children of their own show no primary sidebar ("Section Navigation" would be
# empty there): the article takes the width instead.
html_sidebars = {
    "index": [],
    "getting-started": [],
    "tutorial": [],
    "performance": [],
    "changelog": [],
}
# Every cross-reference must resolve, so that a renamed or undocumented name fails the
# build (-W) instead of printing as plain text. Offline, references to other projects
# cannot resolve and are let through.
nitpicky = True
if not intersphinx_mapping:
    nitpick_ignore_regex = [
        (r"py:.*", r"(numpy|scipy|pandas|pandera|matplotlib|fractions|decimal)(\..*)?"),
        (r"py:func", r"round"),
    ]

# `sphinx-build -b doctest` runs every example of the pages and of the API reference (the
# same examples pytest runs), with the option flags pytest uses.
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)
