"""Rule files: validated on load, file:line errors, duplicate ids, fresh lists."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from gsvlms_extract.errors import RuleFileError
from gsvlms_extract.nlp.rules import RULE_FILES, load_rules


@pytest.fixture()
def patterns_copy(tmp_path: Path) -> Path:
    packaged = resources.files("gsvlms_extract").joinpath("patterns")
    for name in RULE_FILES:
        shutil.copyfile(str(packaged.joinpath(name)), tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("name", sorted(RULE_FILES))
def test_packaged_rule_files_load_with_unique_ids(name):
    rules = load_rules(name)
    ids = [rule.id for rule in rules]
    assert len(ids) == len(set(ids)) > 0


def test_every_load_returns_a_fresh_list():
    first = load_rules("targets.jsonl")
    first.clear()
    assert len(load_rules("targets.jsonl")) > 100


def _append(path: Path, line: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def test_duplicate_id_names_file_and_line(patterns_copy):
    first = json.loads((patterns_copy / "targets.jsonl").read_text().splitlines()[0])
    line = _append(patterns_copy / "targets.jsonl", json.dumps(first))
    with pytest.raises(
        RuleFileError, match=rf"targets.jsonl:{line}: duplicate rule id '{first['id']}'"
    ):
        load_rules("targets.jsonl", patterns_copy)


def test_unknown_key_is_refused(patterns_copy):
    line = _append(
        patterns_copy / "context.jsonl",
        json.dumps(
            {"id": "context.x", "literal": "x", "category": "NEGATED_EXISTENCE", "scope": 3}
        ),
    )
    with pytest.raises(RuleFileError, match=rf"context.jsonl:{line}: scope: Extra inputs"):
        load_rules("context.jsonl", patterns_copy)


def test_bad_category_is_refused(patterns_copy):
    line = _append(
        patterns_copy / "context.jsonl",
        json.dumps({"id": "context.y", "literal": "y", "category": "MAYBE"}),
    )
    with pytest.raises(RuleFileError, match=rf"context.jsonl:{line}: category"):
        load_rules("context.jsonl", patterns_copy)


def test_invalid_json_names_the_line(patterns_copy):
    line = _append(patterns_copy / "sections.jsonl", '{"id": "section.broken", ')
    with pytest.raises(RuleFileError, match=rf"sections.jsonl:{line}: invalid JSON"):
        load_rules("sections.jsonl", patterns_copy)


def test_regex_that_does_not_compile_is_refused(patterns_copy):
    line = _append(
        patterns_copy / "quantities.jsonl",
        json.dumps({"id": "size.broken", "kind": "size", "regex": "(unclosed"}),
    )
    with pytest.raises(RuleFileError, match=rf"quantities.jsonl:{line}: regex: .*does not compile"):
        load_rules("quantities.jsonl", patterns_copy)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(RuleFileError, match=r"targets.jsonl: cannot read rule file"):
        load_rules("targets.jsonl", tmp_path)


def test_comments_and_blank_lines_are_skipped(patterns_copy):
    path = patterns_copy / "sections.jsonl"
    before = len(load_rules("sections.jsonl", patterns_copy))
    _append(path, "")
    _append(path, "// a comment")
    assert len(load_rules("sections.jsonl", patterns_copy)) == before


def test_build_pipeline_reports_a_broken_rule_file(patterns_copy):
    from gsvlms_extract.nlp import build_pipeline

    _append(patterns_copy / "targets.jsonl", '{"id": "Bad Id", "literal": "x", "category": "SEX"}')
    with pytest.raises(RuleFileError, match=r"targets.jsonl:\d+: id"):
        build_pipeline(patterns_copy)


def test_rule_ids_of_targets_are_stable_strings():
    ids = {rule.id for rule in load_rules("targets.jsonl")}
    assert {"sex.f.woman", "region.shank.calf", "outcome.dead.died"} <= ids


# --- rule hygiene (patterns/README.md, "Rules are general wordings") -----------------------

#: a target literal longer than this many words is probably one sentence's wording
MAX_UNEXPLAINED_WORDS = 4


def _unexplained_long_literals(rules) -> list[str]:
    """Ids of target rules with a literal over MAX_UNEXPLAINED_WORDS words and no comment."""
    return [
        rule.id
        for rule in rules
        if len(rule.literal.split()) > MAX_UNEXPLAINED_WORDS and not rule.comment.strip()
    ]


def test_every_rule_has_an_id_unique_across_all_files():
    ids = [rule.id for name in sorted(RULE_FILES) for rule in load_rules(name)]
    assert all(ids)
    duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    assert duplicates == []


def test_rule_without_an_id_is_refused(patterns_copy):
    line = _append(patterns_copy / "targets.jsonl", json.dumps({"literal": "x", "category": "SEX"}))
    with pytest.raises(RuleFileError, match=rf"targets.jsonl:{line}: id"):
        load_rules("targets.jsonl", patterns_copy)


def test_long_target_literals_say_why_they_are_general():
    assert _unexplained_long_literals(load_rules("targets.jsonl")) == []


def test_long_literal_without_comment_is_caught(patterns_copy):
    rule = {
        "id": "presentation.mass.one_sentence",
        "literal": "a painful lump at the ankle",
        "category": "PRESENTATION",
        "value": "mass",
    }
    _append(patterns_copy / "targets.jsonl", json.dumps(rule))
    assert _unexplained_long_literals(load_rules("targets.jsonl", patterns_copy)) == [rule["id"]]
    explained = {**rule, "id": "presentation.mass.explained", "comment": "why it is general"}
    _append(patterns_copy / "targets.jsonl", json.dumps(explained))
    assert _unexplained_long_literals(load_rules("targets.jsonl", patterns_copy)) == [rule["id"]]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "x.a", "literal": "a", "category": "SEX", "value": "X"}', "not allowed for"),
        ('{"id": "x.b", "literal": "b", "category": "SEXX"}', "unknown category 'SEXX'"),
        ('{"id": "x.c", "literal": "c", "category": "SIZE_EXCLUDE", "value": "M"}', "not allowed"),
        (
            '{"id": "x.d", "literal": "d", "category": "SEX", "value": "M", '
            '"pattern": [{"LOWR": "d"}]}',
            "not a spaCy token pattern",
        ),
    ],
)
def test_a_rule_outside_the_vocabulary_or_with_a_bad_pattern_is_refused_at_load(
    tmp_path, line, problem
):
    from gsvlms_extract.errors import RuleFileError
    from gsvlms_extract.nlp.rules import load_rules

    good = '{"id": "ok.m", "literal": "man", "category": "SEX", "value": "M"}'
    (tmp_path / "targets.jsonl").write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_rules("targets.jsonl", tmp_path)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'targets.jsonl'}:2: ") and problem in message
    assert "\n" not in message
