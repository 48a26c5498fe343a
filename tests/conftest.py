"""Shared fixtures. Only the pipeline lives here: built once per test session."""

from __future__ import annotations

import pytest
from hypothesis import settings

# Properties are checked for correctness, not speed (speed is `make bench`'s job): a busy CI
# machine must not fail an example for taking over Hypothesis's 200 ms default deadline.
settings.register_profile("gsvlms", deadline=None)
settings.load_profile("gsvlms")


@pytest.fixture(scope="session")
def nlp():
    """The extraction pipeline (rule-based, built once; ~1-2 s)."""
    from gsvlms_extract.nlp import build_pipeline

    return build_pipeline()
