"""Field extraction on short reports written for these tests (not corpus wording)."""

from __future__ import annotations

import pytest

from gsvlms_extract.extract import extract_document
from gsvlms_extract.ingest.document import Block, BlockKind, Document


def _doc(text: str, source: str = "report.txt") -> Document:
    return Document(source=source, text=text, blocks=(Block(BlockKind.body, 0, len(text)),))


def _one(nlp, text: str):
    cases = extract_document(_doc(text), nlp)
    assert len(cases) == 1
    return cases[0]


CASE = """Leiomyosarcoma of the great saphenous vein: a case report

Case presentation
{presentation}

Treatment
{treatment}

Pathology
{pathology}

Follow-up
{followup}

Discussion
{discussion}
"""


def _report(
    presentation="A 61-year-old woman had a painful lump in the right calf.",
    treatment="The lump was excised with the involved vein segment.",
    pathology="The specimen contained a leiomyosarcoma of the great saphenous vein.",
    followup="She is alive 14 months after surgery.",
    discussion="Smith et al. described a 40-year-old man who died of lung metastases.",
):
    return CASE.format(
        presentation=presentation,
        treatment=treatment,
        pathology=pathology,
        followup=followup,
        discussion=discussion,
    )


@pytest.mark.parametrize(
    ("sentence", "age", "sex"),
    [
        ("An eighty-five-year-old lady noticed a lump in the left thigh.", 85, "F"),
        ("A 3-year-old girl had a lump in the left groin.", 3, "F"),
        ("The patient, F/42, had a lump in the left thigh.", 42, "F"),
        ("A gentleman aged 70 had a lump in the left thigh.", 70, "M"),
        ("A 63 y/o male had a lump in the left thigh.", 63, "M"),
        ("A man in his sixties had a lump in the left thigh.", None, "M"),
    ],
)
def test_age_and_sex(nlp, sentence, age, sex):
    case = _one(nlp, _report(presentation=sentence))
    assert (case.age_years, case.sex and case.sex.value) == (age, sex)


def test_discussion_never_leaks(nlp):
    case = _one(nlp, _report(presentation="A woman had a lump in the left thigh."))
    assert case.age_years is None
    assert case.metastasis is None and case.outcome.value == "alive"


@pytest.mark.parametrize(
    ("sentence", "side", "region"),
    [
        ("A woman had a painful mass on the right calf.", "right", "shank"),
        ("A woman had a lump a hand's breadth above the knee on her left leg.", "left", "thigh"),
        ("A woman had a lump below the knee on the left.", "left", "shank"),
        ("A woman had a tender mass in the left inguinal region.", "left", "groin"),
        ("A woman had a mass near the right saphenofemoral junction.", "right", "groin"),
        ("A woman had a mass in the left popliteal fossa.", "left", "knee"),
        ("A woman had a swelling over the right medial malleolus.", "right", "ankle"),
        (
            "A woman had a mass on the left, 5 cm below the saphenofemoral junction.",
            "left",
            "thigh",
        ),
        ("A woman had a mass on the right, 6 cm above the medial malleolus.", "right", "shank"),
    ],
)
def test_side_and_region_follow_the_reviews_rules(nlp, sentence, side, region):
    case = _one(nlp, _report(presentation=sentence))
    assert (case.side.value, case.region.value) == (side, region)


def test_side_of_the_limb_in_a_sentence_about_the_tumour(nlp):
    text = _report(
        presentation="A woman had a painless mass on the anteromedial aspect of the left lower "
        "limb. The right leg was normal."
    )
    case = _one(nlp, text)
    assert (case.side.value, case.region) == ("left", None)


def test_the_contralateral_normal_leg_is_not_the_side(nlp):
    text = _report(presentation="The left leg was normal. A woman had a lump in the right thigh.")
    assert _one(nlp, text).side.value == "right"


@pytest.mark.parametrize(
    ("presentation", "treatment", "pathology", "size", "sizes"),
    [
        (
            "A woman had a lump of about 5 cm in the left thigh.",
            "Through a 12 cm incision the lump was excised.",
            "The tumour measured 4 cm in its greatest dimension; "
            "a leiomyosarcoma of the great saphenous vein.",
            40.0,
            [40.0],
        ),
        (
            "A woman had a lump in the left thigh. Ultrasound showed a 3.2 x 2.1 cm mass.",
            "Intraoperatively the mass measured 3.5 cm; it was excised with 2 cm margins.",
            "A leiomyosarcoma of the great saphenous vein.",
            35.0,
            [35.0],
        ),
        (
            "A woman had two lumps in the left thigh.",
            "Both were excised; the vein was dilated to 1 cm.",
            "Two nodules of 17 and 19 mm: leiomyosarcoma of the great saphenous vein.",
            19.0,
            [17.0, 19.0],
        ),
        (
            "A woman had a lump in the left thigh.",
            "The lump was excised; the vein was ligated 3 cm above and below the tumour.",
            "A leiomyosarcoma of the great saphenous vein.",
            None,
            None,
        ),
    ],
)
def test_size_prefers_pathology_and_ignores_other_measurements(
    nlp, presentation, treatment, pathology, size, sizes
):
    case = _one(nlp, _report(presentation=presentation, treatment=treatment, pathology=pathology))
    assert (case.size_mm, case.sizes_mm) == (size, sizes)


@pytest.mark.parametrize(
    ("sentence", "presentation", "pain"),
    [
        ("A woman had a painless swelling of the left thigh.", ["swelling"], "painless"),
        ("A woman had a lump of the left thigh. It was not tender.", ["mass"], "painless"),
        (
            "A woman had an asymptomatic lump of the left thigh.",
            ["asymptomatic", "mass"],
            "painless",
        ),
        (
            "A woman denied pain; a nodule of the left thigh was found on routine examination.",
            ["asymptomatic", "nodule"],
            "painless",
        ),
        ("A woman had a tender mass and oedema of the left leg.", ["edema", "mass"], "painful"),
        (
            "A woman had a lump of the left thigh. "
            "There was no oedema and no history of thrombosis.",
            ["mass"],
            None,
        ),
    ],
)
def test_presentation_and_pain(nlp, sentence, presentation, pain):
    case = _one(nlp, _report(presentation=sentence))
    assert [p.value for p in case.presentation] == presentation
    assert (case.pain and case.pain.value) == pain


@pytest.mark.parametrize(
    ("treatment", "operation", "reconstruction", "adjuvant"),
    [
        (
            "A wide excision en bloc with the deep fascia was performed. "
            "She received radiotherapy.",
            "extended_resection",
            None,
            "radiotherapy",
        ),
        (
            "The tumour was excised with the vein segment; "
            "the femoral vein was reconstructed with a graft. "
            "Adjuvant chemotherapy and radiotherapy followed.",
            "radical_resection",
            True,
            "radiochemotherapy",
        ),
        (
            "The tumour was resected. No venous reconstruction was necessary. "
            "No adjuvant therapy was given.",
            "radical_resection",
            False,
            "none",
        ),
        (
            "The tumour was resected. Chemotherapy was given.",
            "radical_resection",
            None,
            "chemotherapy",
        ),
        (
            "The tumour was resected. Adjuvant radiotherapy was discussed but not given.",
            "radical_resection",
            None,
            "none",
        ),
    ],
)
def test_treatment(nlp, treatment, operation, reconstruction, adjuvant):
    case = _one(nlp, _report(treatment=treatment))
    assert case.operation.value == operation
    assert case.vein_reconstruction is reconstruction
    assert case.adjuvant.value == adjuvant


@pytest.mark.parametrize(
    ("followup", "recurrence", "metastasis", "months", "outcome"),
    [
        (
            "At 18 months she remains disease-free, with no local recurrence or metastasis.",
            False,
            [],
            18.0,
            "alive",
        ),
        (
            "Two years later pulmonary and hepatic metastases appeared; she died after 30 months.",
            None,
            ["liver", "lung"],
            30.0,
            "dead",
        ),
        (
            "A local recurrence was excised at 8 months. She is alive at 2 years.",
            True,
            None,
            24.0,
            "alive",
        ),
        ("She was discharged after 10 days.", None, None, None, None),
        ("She was NED at 3 years.", None, None, 36.0, "alive"),
        (
            "She received no adjuvant treatment and was disease-free at 60 months.",
            None,
            None,
            60.0,
            "alive",
        ),
    ],
)
def test_course(nlp, followup, recurrence, metastasis, months, outcome):
    case = _one(nlp, _report(followup=followup))
    assert case.local_recurrence is recurrence
    assert (None if case.metastasis is None else [m.value for m in case.metastasis]) == metastasis
    assert case.followup_months == months
    assert (case.outcome and case.outcome.value) == outcome


def test_symptom_history_is_not_follow_up(nlp):
    case = _one(
        nlp,
        _report(
            presentation="A woman had a 4-month history of a lump in the left thigh.",
            followup="She was well.",
        ),
    )
    assert case.followup_months is None


@pytest.mark.parametrize(
    ("pathology", "is_gsv_lms", "reason"),
    [
        ("A leiomyosarcoma arising from the great saphenous vein.", True, "great saphenous vein"),
        ("A leiomyosarcoma arising from the common femoral vein.", False, "the femoral vein"),
        (
            "A leiomyoma of the great saphenous vein; no evidence of leiomyosarcoma.",
            False,
            "leiomyoma",
        ),
        (
            "Organised thrombus; the differential diagnosis included leiomyosarcoma.",
            False,
            "no leiomyosarcoma",
        ),
    ],
)
def test_diagnosis(nlp, pathology, is_gsv_lms, reason):
    text = _report(pathology=pathology).replace(
        "Leiomyosarcoma of the great saphenous vein: a case report", "A case report"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is is_gsv_lms
    assert reason in case.is_gsv_lms_reason
    # the diagnosis decides what the registry files, not what is read: every patient's facts
    # come out whatever the disease
    facts = ("sex", "age_years", "side", "region", "operation", "outcome")
    values = {f: getattr(case, f) for f in facts}
    assert all(v is not None for v in values.values()), values
    assert values == {f: getattr(_one(nlp, _report()), f) for f in facts}


def test_every_value_points_at_its_words(nlp):
    text = _report()
    case = _one(nlp, text)
    assert case.evidence
    for name, ev in case.evidence.items():
        assert text[ev.start : ev.end] == ev.text, name
        assert ev.text in ev.sentence and ev.rule_id
        assert ev.page is None


def test_several_patients_one_row_each(nlp):
    text = """Leiomyosarcoma of the great saphenous vein: two cases

Case 1
A 50-year-old woman had a painless lump in the left thigh. It was excised. Pathology showed a
leiomyosarcoma of the great saphenous vein. She is alive at 12 months.

Case 2
A 70-year-old man had a painful lump in the right calf. It was excised with a wide margin of
fascia. Pathology showed a leiomyosarcoma of the great saphenous vein. He died after 20 months.
"""
    cases = extract_document(_doc(text), nlp)
    got = [
        (
            c.patient_index,
            c.sex.value,
            c.age_years,
            c.side.value,
            c.pain.value,
            c.followup_months,
            c.outcome.value,
        )
        for c in cases
    ]
    assert got == [
        (1, "F", 50, "left", "painless", 12.0, "alive"),
        (2, "M", 70, "right", "painful", 20.0, "dead"),
    ]


def test_second_patient_marker_in_running_text(nlp):
    text = (
        "A 50-year-old woman had a lump in the left thigh; a leiomyosarcoma of the great "
        "saphenous vein was excised.\n\nA second patient, a 62-year-old man, had a lump in the "
        "right groin; a leiomyosarcoma of the great saphenous vein was excised.\n"
    )
    cases = extract_document(_doc(text), nlp)
    assert [(c.age_years, c.side.value) for c in cases] == [(50, "left"), (62, "right")]


def test_front_matter_author_and_year_not_citations(nlp):
    text = (
        "Leiomyosarcoma of the great saphenous vein\n\nJ. R. SMITHSON, et al.\n"
        "Department of Surgery, City Hospital\n\nAnnals of Vascular Surgery, 1984, 12\n\n"
        "Case report\nA 50-year-old woman had a lump in the left thigh. A leiomyosarcoma of the "
        "great saphenous vein was excised.\n\nDiscussion\nJones et al. (1971) described one.\n"
    )
    case = _one(nlp, text)
    assert (case.author, case.year) == ("Smithson", 1984)
    assert case.evidence["year"].rule_id == "bibliography.journal_line"


def test_no_headings_ignores_cited_and_aggregate_sentences(nlp):
    text = (
        "A 58-year-old man presented with a painless mass of the left lower leg, and a "
        "leiomyosarcoma of the great saphenous vein was excised. The age of reported patients "
        "ranged from 2 to 85 years. Brown et al. described a 36-year-old woman who died. "
        "Radiation therapy has been used for high-grade tumours."
    )
    case = _one(nlp, text)
    assert (case.age_years, case.sex.value, case.outcome) == (58, "M", None)
    assert case.adjuvant is None


def test_a_mass_in_an_organ_is_a_metastasis_not_the_primary(nlp):
    text = (
        "Case report\nA 34-year-old man with a history of leiomyosarcoma of the great saphenous "
        "vein, excised elsewhere, was admitted with dyspnoea. Echocardiography revealed a mass of "
        "45 x 32 mm attached to the free wall of the right ventricle. The right ventricular mass "
        "was resected; histology confirmed metastatic leiomyosarcoma.\n"
    )
    case = _one(nlp, text)
    assert (case.size_mm, case.presentation, case.side) == (None, None, None)
    assert [m.value for m in case.metastasis] == ["heart"]


def test_re_excision_of_a_recurrence_is_not_the_primary_operation(nlp):
    text = _report(
        treatment="The lump was excised with the involved vein segment.",
        followup="Four months later a nodule appeared in the scar; it was widely excised down to "
        "the deep fascia and proved to be a recurrence. She is alive at 12 months.",
    )
    case = _one(nlp, text)
    assert case.operation.value == "radical_resection"
    assert case.local_recurrence is True


def test_follow_up_from_the_operation_date_to_the_last_contact_date(nlp):
    case = _one(
        nlp,
        _report(
            treatment="She was operated on 8 April 2010 and the vein segment was excised.",
            followup="At the last follow-up on 12 October 2011 she was alive and well.",
        ),
    )
    assert case.followup_months == 18.0
    assert case.evidence["followup_months"].text == "12 October 2011"


def test_dates_without_an_operation_date_give_no_follow_up(nlp):
    case = _one(
        nlp,
        _report(
            presentation="In March 2009 a 61-year-old woman noticed a lump in the right calf.",
            followup="She was seen again in June 2010.",
        ),
    )
    assert case.followup_months is None


def test_a_look_alikes_later_lump_does_not_give_its_side(nlp):
    text = (
        "Leiomyosarcoma of the retroperitoneum with a deposit in the thigh\n\n"
        "Case report\n"
        "A 50-year-old woman had a retroperitoneal leiomyosarcoma, which was excised. "
        "Fifteen months after the operation she returned with a hard lump in the left thigh.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is False
    assert case.side is None


def test_a_gsv_lms_later_lump_is_a_recurrence_on_the_same_side(nlp):
    case = _one(
        nlp,
        _report(
            presentation="A 61-year-old woman had a painful lump.",
            followup="Two years later she returned with a recurrent lump in the right thigh.",
        ),
    )
    assert case.side == "right"


def test_a_look_alikes_lump_found_later_but_before_the_operation_gives_its_site(nlp):
    text = (
        "Leiomyosarcoma of the superficial femoral vein\n\n"
        "Case report\n"
        "A 71-year-old man had swelling of the leg and was treated for thrombosis. "
        "Duplex ultrasound showed a thrombus in the superficial femoral vein. "
        "Three months later a firm mass was palpable in the left medial thigh. "
        "He underwent resection of the tumour with the vein segment.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is False
    assert (case.side, case.region) == ("left", "thigh")


def _blocks_doc(paragraphs: list[str]) -> Document:
    """A document whose paragraphs are separate blocks, as a PDF's layout gives them."""
    text, blocks = "", []
    for paragraph in paragraphs:
        start = len(text)
        text += paragraph
        blocks.append(Block(BlockKind.body, start, len(text)))
        text += "\n\n"
    return Document(source="quiz.pdf", text=text, blocks=tuple(blocks))


def test_a_quiz_answer_on_its_own_line_is_a_candidate_not_the_diagnosis(nlp):
    document = _blocks_doc(
        [
            "A tender nodule on the great saphenous vein",
            "A 45-year-old man had a painful nodule on the great saphenous vein in the left "
            "thigh. The nodule was excised with the vein segment.",
            "WHAT IS YOUR DIAGNOSIS?",
            "A. Leiomyosarcoma of the great saphenous vein",
            "B. Superficial thrombophlebitis with organised thrombus",
            "C. Intravascular papillary endothelial hyperplasia",
        ]
    )
    (case,) = extract_document(document, nlp)
    assert case.is_gsv_lms is False
    assert "Leiomyosarcoma of the great saphenous vein" not in case.is_gsv_lms_reason


def test_a_distance_from_the_vein_is_not_an_origin(nlp):
    text = (
        "A subcutaneous nodule of the thigh\n\n"
        "Case report\n"
        "A 60-year-old woman had a painless nodule of the left thigh. Ultrasound showed a "
        "3 cm solid subcutaneous nodule, 8 mm from the great saphenous vein, which was patent. "
        "The nodule was excised; histology showed a leiomyosarcoma.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is False
    assert (
        case.is_gsv_lms_reason == "leiomyosarcoma not said to arise from the great saphenous vein"
    )


@pytest.mark.parametrize(
    "pathology",
    [
        "Immunohistochemistry matched her earlier uterine leiomyosarcoma, so the saphenous "
        "tumour was not primary but a deposit of the uterine tumour.",
        "The nodule was a leiomyosarcoma; with her history of uterine leiomyosarcoma it was "
        "judged to be a metastasis and not a primary tumour of the vein.",
        "Pathology showed a leiomyosarcoma within the lumen of the vein, identical to her "
        "earlier uterine tumour and consistent with an intravascular metastasis.",
    ],
)
def test_a_leiomyosarcoma_found_not_to_be_primary_is_not_gsv_lms(nlp, pathology):
    case = _one(nlp, _report(pathology=pathology))
    assert case.is_gsv_lms is False
    assert case.is_gsv_lms_reason.startswith("a metastasis, not a primary leiomyosarcoma")


def test_a_primary_leiomyosarcoma_with_lung_metastases_is_gsv_lms(nlp):
    case = _one(
        nlp,
        _report(
            followup="The tumour was metastatic to the lung at 2 years; it had not spread "
            "before the operation."
        ),
    )
    assert case.is_gsv_lms is True


@pytest.mark.parametrize(
    ("presentation", "size_mm"),
    [
        (
            "A 61-year-old woman had, about 6 in. above the knee-joint, a firm rounded "
            "swelling about 1½ in. across.",
            38.1,
        ),
        (
            "A 61-year-old woman had a firm lump 2 cm across in the thigh; a second nodule "
            "lay two inches higher up.",
            20.0,
        ),
        (
            "A 61-year-old woman had a dermal nodule of the thigh; the saphenous vein lay "
            "3 mm deep to the lesion. The nodule measured 18 mm.",
            18.0,
        ),
        ("A 61-year-old woman had a 3-cm medial thigh mass.", 30.0),
        ("A 61-year-old woman had a mass 4 cm medial to the knee.", None),
    ],
)
def test_a_distance_from_a_landmark_is_not_a_size(nlp, presentation, size_mm):
    assert _one(nlp, _report(presentation=presentation)).size_mm == size_mm


@pytest.mark.parametrize(
    "followup",
    [
        "She was last seen 40 months after operation, without evidence of recurrence.",
        "At the 12-month control the patient was symptom-free.",
        "Control 2 months after operation: patient well, no sign of local recurrence.",
        "At 12 months after surgery, she was ambulating without pain.",
        "At 3 months follow-up he is asymptomatic.",
    ],
)
def test_the_patient_seen_at_follow_up_is_alive(nlp, followup):
    case = _one(nlp, _report(followup=followup))
    assert case.outcome.value == "alive"


def test_an_asymptomatic_lump_is_not_an_outcome(nlp):
    case = _one(
        nlp,
        _report(
            presentation="A 61-year-old woman had a lump in the calf for 2 months; the lump "
            "was asymptomatic.",
            followup="No follow-up was reported.",
        ),
    )
    assert case.outcome is None


@pytest.mark.parametrize(
    ("followup", "recurrence"),
    [
        ("At two years she is alive with no local or distant recurrence.", False),
        ("Two years later a local and distant recurrence appeared.", True),
        ("At 6 months he is doing well with no recurrence of the swelling.", False),
        ("At 6 months he had no recurrence of swelling or pain.", None),
    ],
)
def test_local_recurrence_said_with_distant_or_of_the_lesion(nlp, followup, recurrence):
    assert _one(nlp, _report(followup=followup)).local_recurrence is recurrence


@pytest.mark.parametrize(
    ("treatment", "reconstruction"),
    [
        (
            "It was tied above and below and the segment containing the growth was excised; "
            "the vein was not restored.",
            False,
        ),
        ("The growth was excised. The vein was not reconstructed.", False),
        ("Below the groin the vein was replaced by a firm swelling, which was excised.", None),
    ],
)
def test_the_vein_named_only_as_the_vein(nlp, treatment, reconstruction):
    assert _one(nlp, _report(treatment=treatment)).vein_reconstruction is reconstruction


def test_an_abstract_telling_presentation_and_operation_in_one_sentence(nlp):
    text = (
        "Leiomyosarcoma of the greater saphenous vein\n\n"
        "Abstract\n"
        "Leiomyosarcoma arising from the greater saphenous vein is exceedingly uncommon. "
        "A 39-year-old man presented with a painful mass of the left thigh; at operation it "
        "arose within the greater saphenous vein, and the mass was resected together with the "
        "involved venous segment, the vein being ligated above and below.\n"
    )
    case = _one(nlp, text)
    assert case.vein_reconstruction is False


def test_metastases_in_the_abstract_win_over_a_staging_negative_in_the_case(nlp):
    text = (
        "Leiomyosarcoma of the great saphenous vein\n\n"
        "Abstract\n"
        "We report a leiomyosarcoma of the great saphenous vein. Lung metastases were detected "
        "at the eighth month, and the patient is alive 12 months after the operation.\n\n"
        "Case report\n"
        "A 58-year-old man had a painful mass of the left thigh. Thoracoabdominal computed "
        "tomography showed no distant metastasis. The mass was excised with the vein.\n"
    )
    case = _one(nlp, text)
    assert [m.value for m in case.metastasis] == ["lung"]


@pytest.mark.parametrize(
    ("treatment", "adjuvant"),
    [
        (
            "The lump was excised. Course.-Neither irradiation nor chemotherapy was employed.",
            "none",
        ),
        (
            "The lump was excised. He received adjuvant chemotherapy; radiotherapy was avoided "
            "because of his age.",
            "chemotherapy",
        ),
        # the patient was not given what follows
        ("The lump was excised. She was not given adjuvant radiotherapy or chemotherapy.", "none"),
        (
            "The lump was excised. She was not treated with radiotherapy but received "
            "chemotherapy.",
            "chemotherapy",
        ),
        # no further treatment is adjuvant none
        ("The lump was excised. No after-treatment was given.", "none"),
        ("The lump was excised. No further therapy was given.", "none"),
        ("The lump was excised. No postoperative treatment was needed.", "none"),
    ],
)
def test_therapy_denied_in_older_and_newer_wording(nlp, treatment, adjuvant):
    assert _one(nlp, _report(treatment=treatment)).adjuvant.value == adjuvant


def test_a_cohorts_rate_at_a_time_is_not_the_patients_follow_up(nlp):
    case = _one(
        nlp,
        _report(
            followup="At 9 months he is alive. In our venous series, closure rates were 91.2% "
            "at 36 months."
        ),
    )
    assert case.followup_months == 9.0


def test_a_look_alike_that_may_be_confused_with_gsv_lms(nlp):
    text = (
        "Great saphenous vein aneurysm simulating a soft-tissue tumour\n\nAbstract\n"
        "Introduction: Venous aneurysms of the superficial system are uncommon and may be "
        "confused with tumours of the great saphenous vein (GSV) such as leiomyosarcoma, with "
        "saphena varix or with inguinal hernia. Clinical case: Female patient of 44 years with "
        "a soft painless mass in the medial aspect of the right thigh. Doppler ultrasound "
        "showed a fusiform dilatation of the GSV of 42 x 28 mm. She was taken to surgery: "
        "ligation of the GSV and resection of the aneurysmal segment.\n"
    )
    assert _one(nlp, text).is_gsv_lms is False


def test_a_history_in_recent_months_is_not_follow_up(nlp):
    case = _one(
        nlp,
        _report(
            presentation="A 61-year-old woman had a lump in the thigh; at first she did not "
            "care, but in recent 2 months she felt obvious pain, especially when walking.",
            followup="No follow-up was reported.",
        ),
    )
    assert case.followup_months is None


def test_cohort_rates_of_recurrence_and_metastasis_are_not_the_patients(nlp):
    case = _one(
        nlp,
        _report(
            followup="Local recurrence rates of 10-30% are reported, and lung is the most "
            "frequent metastatic site (up to 40%)."
        ),
    )
    assert (case.local_recurrence, case.metastasis) == (None, None)


@pytest.mark.parametrize(
    ("presentation", "age", "sex", "side"),
    [
        ("Case: F, 33 y, no PMH apart from caesarean section (2001).", 33, "F", None),
        (
            "Case: 39 yr/M, software engineer, c/o painless swelling Rt groin x 8 mo.",
            39,
            "M",
            "right",
        ),
        ("Case: M, 45 yrs. A painful lump in the Lt. calf.", 45, "M", "left"),
        # "RT" is radiotherapy, not the right side; "3 y later" is no age (the sex comes from
        # the report's "She is alive")
        ("The patient declined RT; F, 3 y later a lump appeared.", None, "F", None),
    ],
)
def test_telegraphic_age_sex_and_side(nlp, presentation, age, sex, side):
    case = _one(nlp, _report(presentation=presentation))
    assert (case.age_years, case.sex, case.side) == (age, sex, side)


def test_a_nodule_read_on_mri_as_gsv_lms_and_adhered_to_the_vein_is_not_gsv_lms(nlp):
    text = (
        "Subcutaneous leiomyosarcoma of the thigh: a diagnostic trap\n\nAbstract\n"
        "We report a 62-year-old woman with a painless nodule in the right thigh that was "
        'reported in MRI as "GSV leiomyosarcoma", but final pathology showed a subcutaneous '
        "leiomyosarcoma.\n\nCase report\nBecause the GSV was adhered at the deep surface of the "
        "tumor, the GSV segment was ligated at both ends and removed together with the "
        "specimen.\n"
    )
    assert _one(nlp, text).is_gsv_lms is False


def test_the_abbreviation_lms_naming_its_vein_is_the_diagnosis(nlp):
    text = (
        "Venous leiomyosarcoma of the lower limb: two cases\n\nCase 1\n"
        "Male, 60 years old, with a mass of the left thigh. The tumor arose from the femoral "
        "vein and was resected; the femoral vein was reconstructed with a graft.\n\nCase 2\n"
        "Female, 54 years old, housewife, was sent to our service with a diagnosis of LMS "
        "originated from the GSV, confirmed by biopsy. She was submitted to radical resection: "
        "the GSV was ligated and the segment containing the tumor was removed with free "
        "margins (LMS of GSV, intermediate grade).\n"
    )
    cases = extract_document(_doc(text), nlp)
    assert [c.is_gsv_lms for c in cases] == [False, True]


def test_the_abbreviation_in_a_differential_list_is_not_the_diagnosis(nlp):
    text = (
        "Masson's tumour of the great saphenous vein\n\nCase report\n"
        "A 39-year-old man had a painless swelling of the right groin. DD: saphena varix, "
        "inguinal lymph node, femoral hernia, GSV-LMS. Histology showed intravascular "
        "papillary endothelial hyperplasia.\n"
    )
    assert _one(nlp, text).is_gsv_lms is False


@pytest.mark.parametrize(
    "said", ["Reconstruction was not undertaken.", "Venous reconstruction was not carried out."]
)
def test_reconstruction_not_undertaken(nlp, said):
    treatment = f"The tumour was excised with the femoral vein segment. {said}"
    assert _one(nlp, _report(treatment=treatment)).vein_reconstruction is False
