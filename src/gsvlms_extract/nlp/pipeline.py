"""`build_pipeline`: the rule-based spaCy pipeline, built once per process.

blank English + case-report tokenizer → ``gsvlms_sentencizer`` → ``gsvlms_quantities`` →
``gsvlms_sectionizer`` (medspaCy) → ``gsvlms_target_matcher`` (medspaCy) →
``gsvlms_abbreviations`` (scispaCy's detector; short forms get their long form's concept) →
``gsvlms_context`` (medspaCy ConText).
Nothing is downloaded; every rule comes from ``patterns/``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.language import Language

from gsvlms_extract.nlp.tokenizer import adapt_tokenizer

__all__ = ["build_pipeline", "PIPE_NAMES"]

logger = logging.getLogger(__name__)

PIPE_NAMES = (
    "gsvlms_sentencizer",
    "gsvlms_quantities",
    "gsvlms_sectionizer",
    "gsvlms_target_matcher",
    "gsvlms_abbreviations",
    "gsvlms_context",
)
_CHATTY_LOGGERS = ("PyRuSH", "medspacy", "scispacy")


def _silence_chatty_loggers() -> None:
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    try:  # PyRuSH (pulled in by medspaCy) logs every sentence through loguru
        from loguru import logger as loguru_logger

        loguru_logger.disable("PyRuSH")
    except ImportError:  # pragma: no cover - loguru is a medspaCy dependency
        pass


def build_pipeline(patterns_dir: Path | str | None = None) -> Language:
    """Build the extraction pipeline.

    Args:
        patterns_dir: a directory of rule files to use instead of the packaged
            ``gsvlms_extract/patterns`` (``sections.jsonl``, ``context.jsonl``,
            ``targets.jsonl``, ``quantities.jsonl``).

    Raises:
        RuleFileError: a rule file is missing or malformed (``<file>:<line>: ...``).
    """
    # Importing the component modules registers their factories with spaCy (the package's
    # spacy_factories entry points do the same for users who add them by name).
    import gsvlms_extract.nlp.abbreviations  # noqa: F401
    import gsvlms_extract.nlp.components  # noqa: F401
    import gsvlms_extract.nlp.quantities  # noqa: F401
    import gsvlms_extract.nlp.sentences  # noqa: F401

    _silence_chatty_loggers()
    config = {"patterns_dir": str(patterns_dir) if patterns_dir else None}
    nlp = spacy.blank("en")
    adapt_tokenizer(nlp)
    nlp.add_pipe("gsvlms_sentencizer")
    nlp.add_pipe("gsvlms_quantities", config=config)
    nlp.add_pipe("gsvlms_sectionizer", config=config)
    nlp.add_pipe("gsvlms_target_matcher", config=config)
    nlp.add_pipe("gsvlms_abbreviations")
    nlp.add_pipe("gsvlms_context", config=config)
    logger.debug("pipeline built: %s", nlp.pipe_names)
    return nlp
