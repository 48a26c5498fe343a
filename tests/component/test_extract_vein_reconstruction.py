"""vein_reconstruction on short reports written for these tests (not corpus wording).

The convention (gold/DATA_DICTIONARY.md): true when a limb vein was reconstructed, grafted,
patched, bypassed or repaired; false when the report says how the tumour-bearing vein was dealt
with without reconstruction (ligated, tied, divided, stripped, oversewn, removed with the tumour,
"no reconstruction was needed"); null when it does not say what was done to the vein.
"""

from __future__ import annotations

import pytest

from gsvlms_extract.extract import extract_document
from gsvlms_extract.ingest.document import Block, BlockKind, Document

REPORT = """Leiomyosarcoma of the great saphenous vein in a woman: case report

Case presentation
A 58-year-old woman noticed a firm lump on the medial side of her left thigh.

Operation
{operation}

Pathology
Histology showed a leiomyosarcoma arising from the wall of the great saphenous vein.

Follow-up
She is well 20 months later.

Discussion
{discussion}
"""

DISCUSSION = "Resection of a deep vein may call for reconstruction in other patients."


def _case(nlp, operation: str, discussion: str = DISCUSSION):
    text = REPORT.format(operation=operation, discussion=discussion)
    document = Document(source="r.txt", text=text, blocks=(Block(BlockKind.body, 0, len(text)),))
    (case,) = extract_document(document, nlp)
    assert case.is_gsv_lms
    return case


RECONSTRUCTED = [
    "The tumour was resected with a cuff of the common femoral vein, which was then repaired "
    "with a bovine patch.",
    "After resection of the junction, the femoral vein was replaced by a PTFE graft of 10 mm.",
    "The iliofemoral segment was removed and flow restored by a femoro-iliac bypass using the "
    "opposite saphenous vein.",
    "We excised the lesion and the adjacent femoral vein wall; a lateral venorrhaphy closed the "
    "defect in the vein.",
    "Continuity of the femoral vein was re-established with a reversed vein graft.",
    "The wall of the common femoral vein was reconstructed after removal of the tumour.",
]

HANDLED_WITHOUT_RECONSTRUCTION = [
    # ligation, in the ways surgeons write it
    (
        "We tied off the saphenous trunk proximally and distally and took out the tumour.",
        "tied off",
    ),
    ("The mass was excised after double ligation of the long saphenous vein.", "ligation"),
    ("Both ends of the vein were suture ligated and the lesion was resected.", "ligated"),
    ("The GSV stumps were secured with ligatures and the tumour was removed.", "ligatures"),
    ("The greater saphenous vein was clipped at both ends and the mass excised.", "clipped"),
    # division, transection, oversewing, stripping
    ("The vein was divided between clamps above and below the nodule.", "divided"),
    ("The saphenous vein was transected at the groin and the tumour taken out.", "transected"),
    ("The sapheno-femoral junction was over-sewn and the tumour excised.", "over-sewn"),
    ("The thigh portion of the great saphenous vein was stripped along with the nodule.", None),
    ("A crossectomy was done and the saphenous trunk containing the tumour removed.", None),
    # the vein taken out with the tumour
    ("The lesion was removed en bloc with the involved segment of the saphenous vein.", None),
    ("An en bloc resection of the tumour and the vein segment was carried out.", None),
    ("The tumour was excised together with 6 cm of the great saphenous vein.", None),
    # the absence stated in words
    ("The tumour was excised; venous reconstruction was not required.", "reconstruction"),
    ("The lesion and the vein were resected without reconstruction.", "reconstruction"),
    ("The tumour was excised; no attempt was made to reconstruct the vein.", None),
    ("Venous reconstruction was deemed unnecessary.", "reconstruction"),
    ("The femoral vein was ligated because reconstruction was not feasible.", "reconstruction"),
    ("Saphenectomy of the thigh segment including the tumour was performed.", "saphenectomy"),
    ("The tumour and the greater saphenous vein were removed en bloc.", "vein"),
    ("The vein was excised with the tumour.", "vein"),
]

SILENT = [
    "The tumour was excised.",
    "A wide local excision with 2 cm margins was performed under general anaesthesia.",
    "The mass was removed; the wound was closed with a split-thickness skin graft.",
    "The lesion was resected and the defect covered by a rotation skin flap.",
    "The tumour was excised under a thigh tourniquet, and the saphenous nerve was divided.",
    "The tumour was excised; the fascia lata was divided to reach its deep surface.",
    "The tumour was excised with a margin of fat and the biopsy scar.",
    "The mass arising from the great saphenous vein was excised.",
    "A tumour in continuity with the great saphenous vein was excised.",
    "The tumour and the saphenous vein were dissected free, and the tumour was then excised.",
    "The tumour was excised; the femoral vein was left intact.",
]


@pytest.mark.parametrize("operation", RECONSTRUCTED)
def test_a_stated_limb_vein_reconstruction_is_true(nlp, operation):
    case = _case(nlp, operation)
    assert case.vein_reconstruction is True
    evidence = case.evidence["vein_reconstruction"]
    assert evidence.sentence == operation


@pytest.mark.parametrize(("operation", "word"), HANDLED_WITHOUT_RECONSTRUCTION)
def test_the_vein_handled_without_reconstruction_is_false(nlp, operation, word):
    case = _case(nlp, operation)
    assert case.vein_reconstruction is False
    evidence = case.evidence["vein_reconstruction"]
    assert evidence.sentence == operation
    if word is not None:
        assert evidence.text.lower().endswith(word.lower()), evidence.text


@pytest.mark.parametrize("operation", SILENT)
def test_an_operation_that_says_nothing_of_the_vein_is_null(nlp, operation):
    case = _case(nlp, operation)
    assert case.vein_reconstruction is None
    assert "vein_reconstruction" not in case.evidence


@pytest.mark.parametrize(
    "history",
    [
        "Four years earlier she had coronary artery bypass grafting with the right saphenous vein.",
        "She had had cardiac surgery under cardiopulmonary bypass with a pericardial patch.",
        "An inguinal hernia repair had been done on the left in 2001.",
        "Her varicose veins were treated by stripping of the right saphenous vein in 1990.",
    ],
)
def test_an_earlier_operation_is_not_the_tumour_operation(nlp, history):
    """History of other surgery (a coronary bypass with the saphenous vein, a cardiac patch, a
    hernia repair, varicose vein stripping) says nothing about the tumour operation."""
    text = REPORT.format(operation="The tumour was excised.", discussion=DISCUSSION)
    text = text.replace("her left thigh.", "her left thigh. " + history)
    document = Document(source="r.txt", text=text, blocks=(Block(BlockKind.body, 0, len(text)),))
    (case,) = extract_document(document, nlp)
    assert case.vein_reconstruction is None


def test_a_cardiac_patch_in_the_case_text_is_not_a_vein_reconstruction(nlp):
    operation = (
        "The saphenous tumour had been excised elsewhere. A right ventricular metastasis was "
        "resected on cardiopulmonary bypass and the defect was closed with a pericardial patch."
    )
    assert _case(nlp, operation).vein_reconstruction is None


def test_a_reconstruction_anywhere_in_the_operation_beats_a_ligation(nlp):
    operation = (
        "The saphenous vein was ligated distally. The tumour was removed with a segment of the "
        "common femoral vein, and the femoral vein was reconstructed with a spiral vein graft."
    )
    case = _case(nlp, operation)
    assert case.vein_reconstruction is True
    assert "reconstructed" in case.evidence["vein_reconstruction"].sentence


def test_a_reconstruction_in_the_discussion_is_about_other_patients(nlp):
    discussion = (
        "Jones et al. resected the femoral vein and reconstructed it with a saphenous graft."
    )
    case = _case(nlp, "The tumour was excised.", discussion=discussion)
    assert case.vein_reconstruction is None


def test_a_stated_absence_is_preferred_as_evidence_over_a_ligation(nlp):
    operation = (
        "The great saphenous vein was ligated above and below the tumour. "
        "No venous reconstruction was needed."
    )
    case = _case(nlp, operation)
    assert case.vein_reconstruction is False
    assert case.evidence["vein_reconstruction"].sentence == "No venous reconstruction was needed."


def test_a_negated_ligation_is_not_read_as_a_ligation(nlp):
    case = _case(nlp, "The tumour was excised; the saphenous vein was not ligated.")
    assert case.vein_reconstruction is None
