"""Shared test configuration.

Under CI (``CI`` set) hypothesis runs derandomized, so a green run is
reproducible on any machine; locally it keeps exploring new examples.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
