"""The parts of the bundled ``corpus/``, named once for the commands, scripts and tests.

- ``BLIND_PARTS``: development reports written blind (by writers who never saw the rules,
  tests or output), each measured once before any rule was generalised from it;
- ``TEST_PART``: the frozen test part, written blind and never used to tune rules.
"""

from __future__ import annotations

__all__ = ["BLIND_PARTS", "TEST_PART"]

BLIND_PARTS: tuple[str, ...] = (
    "dev_real",
    "dev_real2",
    "dev_real3",
    "dev_real4",
    "dev_real5",
    "dev_real6",
    "dev_real7",
    "dev_real8",
    "dev_real9",
    "dev_real10",
    "dev_real11",
    "dev_real12",
    "dev_real13",
    "dev_real14",
    "dev_real15",
    "dev_real16",
    "dev_real17",
    "dev_real18",
    "dev_real19",
)
TEST_PART = "test"
