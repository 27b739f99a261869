"""Sphinx configuration for the tracktr documentation."""

from __future__ import annotations

import tracktr

project = "tracktr"
author = "tracktr developers"
copyright = "2026, the tracktr developers"  # noqa: A001
release = tracktr.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
]

autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "pandas": ("https://pandas.pydata.org/docs", None),
    "pandera": ("https://pandera.readthedocs.io/en/stable", None),
    "scipy": ("https://docs.scipy.org/doc/scipy", None),
    "matplotlib": ("https://matplotlib.org/stable", None),
}
# The build machines have no network: intersphinx inventories are bundled when present
# and otherwise skipped without failing a build made with -W.
suppress_warnings = ["intersphinx", "config.cache"]

templates_path = ["_templates"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
html_theme = "pydata_sphinx_theme"
html_title = "tracktr"
html_static_path = ["_static"]
html_theme_options = {"navigation_with_keys": False}
nitpicky = False
