"""Shared fixtures. Only the pipeline lives here: built once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The extraction pipeline (rule-based, built once; ~1-2 s)."""
    from gsvlms_extract.nlp import build_pipeline

    return build_pipeline()
