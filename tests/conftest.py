"""Shared test configuration: hypothesis profiles.

``ci`` (derandomized, more examples) is selected when the ``CI`` environment variable is
set, ``dev`` otherwise; ``HYPOTHESIS_PROFILE`` overrides both.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
