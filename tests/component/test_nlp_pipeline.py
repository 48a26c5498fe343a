"""The NLP stage on sentences written for these tests (inline markup, EDS-NLP style).

``<t mods="negated">metastasis</t>``: a target span whose ConText modifiers are exactly
``negated``; ``<t>mass</t>``: an asserted target with no modifiers.
"""

from __future__ import annotations

import re

import pytest

from gsvlms_extract.extract.view import modifiers_of
from gsvlms_extract.nlp.extensions import QUANTITY_GROUP, TARGET_GROUP

_MARK = re.compile(r'<t(?: mods="([^"]*)")?>(.*?)</t>')


def _parse(markup: str) -> tuple[str, list[tuple[int, int, tuple[str, ...]]]]:
    text, spans, pos, out = "", [], 0, []
    for match in _MARK.finditer(markup):
        out.append(markup[pos : match.start()])
        start = sum(len(part) for part in out)
        out.append(match.group(2))
        mods = tuple(sorted(m for m in (match.group(1) or "").split(",") if m))
        spans.append((start, start + len(match.group(2)), mods))
        pos = match.end()
    out.append(markup[pos:])
    text = "".join(out)
    return text, spans


@pytest.mark.parametrize(
    "markup",
    [
        'No <t mods="negated">metastasis</t> was found.',
        'There was no <t mods="negated">local recurrence</t> and '
        'no <t mods="negated">metastases</t>.',
        'The patient remained free of <t mods="negated">recurrence</t>.',
        'She denied <t mods="negated">pain</t>.',
        'Chest CT showed no signs of <t mods="negated">metastatic disease</t>.',
        'No <t mods="negated">radiotherapy</t> or <t mods="negated">chemotherapy</t> was given.',
        '<t mods="negated">Adjuvant</t> <t mods="negated">radiotherapy</t> was not recommended.',
        'The swelling was <t>painless</t> and <t mods="negated">non-tender</t>.'.replace(
            '<t mods="negated">non-tender</t>', "<t>non-tender</t>"
        ),
        "A <t>painful</t> <t>mass</t> in the thigh.",
        'The differential diagnosis included <t mods="possible">leiomyosarcoma</t>.',
        "Three years later <t>pulmonary</t> <t>metastases</t> appeared; "
        'there was no <t mods="negated">local recurrence</t>.',
        "There was no necrosis; the tumour was a <t>leiomyosarcoma</t>.",
        "Negative for S-100, confirming <t>leiomyosarcoma</t>.",
        'Her mother had <t mods="family">thrombosis</t>.',
        'To prevent <t mods="hypothetical">local recurrence</t>, margins were wide.',
        'He had a history of <t mods="historical">deep vein thrombosis</t>.',
        'At 6 months she was <t>alive</t>, with no <t mods="negated">recurrence</t>.',
    ],
)
def test_context_assertions(nlp, markup):
    text, expected = _parse(markup)
    doc = nlp(text)
    asserted = {(s.start_char, s.end_char): modifiers_of(s) for s in doc.spans["gsvlms_asserted"]}
    for start, end, mods in expected:
        assert (start, end) in asserted, (text[start:end], sorted(asserted))
        assert asserted[(start, end)] == mods, text[start:end]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("See Fig. 1 for the mass. It was firm.", 2),
        ("Stringer et al. described it. We agree.", 2),
        ("It measured approx. 5.9 cm. The skin was normal.", 2),
        ("Operation.—Under general anaesthesia the lump was removed.", 2),
        ("Case 1\nA 52-year-old woman. She was well.", 3),
        ("B. D. Stringer, M.D., reported it.", 1),
    ],
)
def test_sentence_splitting(nlp, text, sentences):
    assert len(list(nlp(text).sents)) == sentences


def test_sections_need_a_heading_line(nlp):
    text = (
        "Abstract\nA mass.\n\n1. Introduction\nRare.\n\nCase presentation\nA 37-year-old man.\n\n"
        "Pathology: a leiomyosarcoma.\n\nTreatment rests on surgery in the literature.\n\n"
        "Table 1\n\tFollow-up\n\t13\n\n2 | DISCUSSION\nOthers.\n\nReferences\n1. A."
    )
    doc = nlp(text)
    titles = [(s.category, doc[s.title_start : s.title_end].text) for s in doc._.sections]
    assert titles == [
        ("abstract", "Abstract"),
        ("introduction", "1. Introduction"),
        ("case", "Case presentation"),
        ("pathology", "Pathology:"),
        ("discussion", "2 | DISCUSSION"),
        ("references", "References"),
    ]


def test_quantities_and_targets_carry_rule_ids_and_values(nlp):
    doc = nlp("A 37-year-old man had a painless mass of 6 cm × 7 cm × 5 cm on his left calf.")
    quantities = [(q.label_, q._.gsvlms_value, q._.gsvlms_rule) for q in doc.spans[QUANTITY_GROUP]]
    assert quantities == [("AGE", 37, "age.years_old"), ("SIZE", [70.0], "size.dims")]
    targets = {(t.label_, t._.gsvlms_value) for t in doc.spans[TARGET_GROUP]}
    assert {
        ("SEX", "M"),
        ("PAIN", "painless"),
        ("PRESENTATION", "mass"),
        ("LATERALITY", "left"),
        ("REGION", "shank"),
    } <= targets


def test_abbreviations_are_resolved_by_scispacy(nlp):
    doc = nlp("Leiomyosarcoma of the great saphenous vein (GSV) is rare. The GSV was ligated.")
    pairs = {(a.text, str(a._.long_form)) for a in doc._.abbreviations}
    assert ("GSV", "great saphenous vein") in pairs


def test_pipeline_is_rule_based_on_blank_english(nlp):
    from gsvlms_extract.nlp import PIPE_NAMES

    assert tuple(nlp.pipe_names) == PIPE_NAMES
    assert nlp.lang == "en" and not nlp.meta.get("vectors", {}).get("width")


def test_short_forms_inherit_their_long_forms_concept(nlp):
    doc = nlp("A leiomyosarcoma of the vena saphena magna (VSM) was found. The VSM was ligated.")
    short = [
        (t.text, t.label_, t._.gsvlms_value, t._.gsvlms_rule)
        for t in doc.spans[TARGET_GROUP]
        if str(t._.gsvlms_rule).startswith("abbreviation:")
    ]
    assert short == [("VSM", "VEIN", "gsv", "abbreviation:vein.gsv.vena_saphena_magna")] * 2


def test_documents_without_abbreviations_do_not_warn(nlp, recwarn):
    nlp("A painless mass of the left thigh.")
    assert not [w for w in recwarn if "W036" in str(w.message)]


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        # a run-in label after a full stop is a heading
        (
            "Purpose:\nTo report a rare tumour. Case: A 54-year-old woman had a lump. Results: "
            "She is well.",
            [("introduction", "Purpose:"), ("case", "Case:"), ("case", "Results:")],
        ),
        # inside an abstract, run-in labels belong to the structured abstract
        (
            "[Abstract] Objective: To report a case. Methods: One patient was treated. "
            "Discussion: At 30 months she is alive.\n\nCase report\nA 59-year-old woman.",
            [
                ("abstract", "[Abstract]"),
                ("abstract", "Methods:"),
                ("abstract", "Discussion:"),
                ("case", "Case report"),
            ],
        ),
        # a label with its text on its line, after a line break, is still the abstract's own
        (
            "Abstract\n\nIntroduction: A rare tumour. A 63-year-old man had a lump.\n\n"
            "Discussion: Thirty months after surgery he is alive.\n\n"
            "Introduction\n\nLeiomyosarcoma is rare.\n\nDiscussion\n\nOthers.\n",
            [
                ("abstract", "Abstract"),
                ("abstract", "Introduction:"),
                ("abstract", "Discussion:"),
                ("introduction", "Introduction"),
                ("discussion", "Discussion"),
            ],
        ),
    ],
)
def test_run_in_labels_of_structured_abstracts(nlp, text, titles):
    doc = nlp(text)
    found = [(s.category, doc[s.title_start : s.title_end].text) for s in doc._.sections]
    assert found == titles
