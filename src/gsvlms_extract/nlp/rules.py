"""Rule files: load and validate ``patterns/*.jsonl`` into fresh lists of rule objects.

One rule per line, each with a stable ``id`` that evidence reports. Every file is validated
with a pydantic model (``extra="forbid"``); a malformed line raises `RuleFileError` naming
``<file>:<line>``; duplicate ids fail. Nothing is cached at module level: every call builds
new lists, so callers may mutate what they get.

The files live in the top-level ``patterns/``, symlinked into the package as
``gsvlms_extract/patterns``, and are read through `importlib.resources`; a caller may point at
another directory instead.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from gsvlms_extract.errors import RuleFileError

__all__ = [
    "SectionRuleSpec",
    "ContextRuleSpec",
    "TargetRuleSpec",
    "QuantityRuleSpec",
    "RULE_FILES",
    "load_rules",
    "read_rule_lines",
]

logger = logging.getLogger(__name__)

TokenPattern = list[dict[str, Any]]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[a-z0-9_.\-]+$")
    comment: str = ""


class SectionRuleSpec(_Rule):
    """A section title in medspaCy's SectionRule format (literal, category, optional pattern)."""

    literal: str = Field(min_length=1)
    category: str = Field(min_length=1, pattern=r"^[a-z_]+$")
    pattern: TokenPattern | None = None

    _check_pattern = field_validator("pattern")(lambda cls, v: _valid_token_pattern(v))


class ContextRuleSpec(_Rule):
    """A ConText modifier in medspaCy's ConTextRule format."""

    literal: str = Field(min_length=1)
    category: Literal[
        "NEGATED_EXISTENCE",
        "POSSIBLE_EXISTENCE",
        "HISTORICAL",
        "HYPOTHETICAL",
        "FAMILY",
        "TERMINATE",
        "PSEUDO",
    ]
    pattern: TokenPattern | None = None
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"] = (
        "BIDIRECTIONAL"
    )
    max_scope: int | None = Field(default=None, ge=1)
    allowed_types: list[str] | None = None
    excluded_types: list[str] | None = None

    _check_pattern = field_validator("pattern")(lambda cls, v: _valid_token_pattern(v))


@cache
def _target_values() -> dict[str, Callable[[str | None], bool]]:
    """Every target category and the values its rules may carry: the schema's vocabularies
    where the category names a field, the extractor's own codes otherwise, nothing for cues."""
    from gsvlms_extract.schema import (
        Adjuvant,
        MetastasisSite,
        Operation,
        Outcome,
        Pain,
        Presentation,
        Region,
        Sex,
        Side,
    )

    def one_of(*values: str) -> Callable[[str | None], bool]:
        return lambda value: value in values

    def vocabulary(enum: type, *extra: str) -> Callable[[str | None], bool]:
        return one_of(*(member.value for member in enum), *extra)

    cue = one_of(None)  # type: ignore[arg-type]
    table: dict[str, Callable[[str | None], bool]] = {
        "SEX": vocabulary(Sex),
        "LATERALITY": vocabulary(Side),
        "REGION": vocabulary(Region),
        "PRESENTATION": vocabulary(Presentation),
        "PAIN": vocabulary(Pain),
        "OPERATION": vocabulary(Operation),
        "OPERATION_EXTENDED": vocabulary(Operation),
        "ADJUVANT": vocabulary(Adjuvant, "unspecified"),
        "OUTCOME": vocabulary(Outcome),
        "MET_SITE": vocabulary(MetastasisSite),
        "SIZE_CONTEXT": one_of("clinical", "imaging", "intraoperative", "pathology"),
        "VEIN": lambda value: value == "gsv" or bool(value and value.startswith("other:")),
        "VEIN_RECONSTRUCTION": one_of("true", "false", "vein_segment"),
        "METASTASIS": one_of("true"),
        "RECURRENCE": one_of("true"),
        "LMS": one_of("lms"),
        "LEIOMYOMA": one_of("leiomyoma"),
        "TUMOUR": one_of("tumour"),
        "PATIENT_MARKER": lambda value: bool(value and value.isdigit()),
    }
    for category in (
        "AGGREGATE",
        "ANATOMY_OTHER",
        "FOLLOWUP_CUE",
        "HISTORY_CUE",
        "LIMB",
        "NOT_ADJUVANT",
        "NOT_AGGREGATE",
        "NOT_VEIN_RECONSTRUCTION",
        "ORIGIN_OTHER",
        "PRESENTING",
        "RELAPSE_TREATMENT",
        "SIZE_EXCLUDE",
        "STAY_CUE",
    ):
        table[category] = cue
    return table


def _valid_token_pattern(pattern: TokenPattern | None) -> TokenPattern | None:
    if pattern is None:
        return None
    from spacy.schemas import validate_token_pattern

    errors = validate_token_pattern(pattern)
    if errors:
        raise ValueError(f"not a spaCy token pattern ({errors[0]})")
    return pattern


class TargetRuleSpec(_Rule):
    """A concept in medspaCy's TargetRule format, plus the normalized ``value`` it stands for.

    The category must be one the extractor reads and the value one that category allows (the
    schema's vocabulary for field categories), so a rule cannot fail every matching document
    later; the token pattern is checked with spaCy's own validator.
    """

    literal: str = Field(min_length=1)
    category: str = Field(min_length=1, pattern=r"^[A-Z_]+$")
    pattern: TokenPattern | None = None
    value: str | None = None

    _check_pattern = field_validator("pattern")(lambda cls, v: _valid_token_pattern(v))

    @model_validator(mode="after")
    def _value_in_vocabulary(self) -> TargetRuleSpec:
        allowed = _target_values()
        if self.category not in allowed:
            raise ValueError(
                f"unknown category {self.category!r} (known: {', '.join(sorted(allowed))})"
            )
        if not allowed[self.category](self.value):
            raise ValueError(f"value {self.value!r} is not allowed for category {self.category}")
        return self


class QuantityRuleSpec(_Rule):
    """A regular expression for a quantity (age, size, duration) clinicians write.

    ``{NUM}`` in ``regex`` expands to a number (digits or words), ``{UNIT}`` to a length unit.
    """

    kind: Literal["age", "size", "duration"]
    regex: str = Field(min_length=1)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        from gsvlms_extract.nlp.quantity_parse import expand_macros

        try:
            re.compile(expand_macros(value))
        except re.error as exc:
            raise ValueError(f"regex does not compile ({exc})") from None
        return value


#: file name -> rule model
RULE_FILES: dict[str, type[_Rule]] = {
    "sections.jsonl": SectionRuleSpec,
    "context.jsonl": ContextRuleSpec,
    "targets.jsonl": TargetRuleSpec,
    "quantities.jsonl": QuantityRuleSpec,
}


def read_rule_lines(name: str, patterns_dir: Path | None = None) -> tuple[str, list[str]]:
    """Return (display name, lines) of rule file ``name`` from ``patterns_dir`` or the package."""
    if patterns_dir is not None:
        path = Path(patterns_dir) / name
        try:
            return str(path), path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise RuleFileError(f"{path}: cannot read rule file ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise RuleFileError(f"{path}: not valid UTF-8") from None
    resource = resources.files("gsvlms_extract").joinpath("patterns", name)
    try:
        return f"patterns/{name}", resource.read_text(encoding="utf-8").splitlines()
    except (OSError, FileNotFoundError) as exc:
        raise RuleFileError(f"patterns/{name}: cannot read packaged rule file ({exc})") from None


def load_rules(name: str, patterns_dir: Path | str | None = None) -> list[Any]:
    """Load and validate rule file ``name`` (one of `RULE_FILES`) into a new list.

    Blank lines and lines starting with ``//`` are skipped. Raises `RuleFileError`
    ``"<file>:<line>: <problem>"`` for invalid JSON, a rule that fails validation, or a
    duplicate id.
    """
    if name not in RULE_FILES:
        raise RuleFileError(f"{name}: unknown rule file (expected one of {sorted(RULE_FILES)})")
    model = RULE_FILES[name]
    where, lines = read_rule_lines(name, Path(patterns_dir) if patterns_dir else None)
    rules: list[Any] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise RuleFileError(f"{where}:{number}: invalid JSON ({exc.msg})") from None
        if not isinstance(data, dict):
            raise RuleFileError(f"{where}:{number}: a rule must be a JSON object")
        try:
            rule = model.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(part) for part in err["loc"]) or "rule"
            raise RuleFileError(f"{where}:{number}: {loc}: {err['msg']}") from None
        if rule.id in seen:
            raise RuleFileError(
                f"{where}:{number}: duplicate rule id {rule.id!r} (first on line {seen[rule.id]})"
            )
        seen[rule.id] = number
        rules.append(rule)
    if not rules:
        raise RuleFileError(f"{where}: no rules")
    logger.debug("loaded %d rules from %s", len(rules), where)
    return rules
