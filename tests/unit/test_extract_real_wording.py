"""How real reports word things the developer corpus did not: each case states one kind of
variation found in blind-written reports (corpus/dev_real), phrased here independently."""

from __future__ import annotations

import pytest
from test_extract_fields import _one, _report


@pytest.mark.parametrize(
    ("treatment", "operation"),
    [
        # the tumour with its own vein segment, in one piece: the ordinary excision
        ("The mass was resected en bloc with the involved saphenous segment.", "radical_resection"),
        ("It was removed en bloc with 6 cm of vein, ligated at both ends.", "radical_resection"),
        (
            "Through a retroperitoneal approach the mass was resected en bloc with the vein.",
            "radical_resection",
        ),
        # tissue beyond the vein makes it an extended resection
        (
            "The mass was resected en bloc with the vein and the underlying deep fascia.",
            "extended_resection",
        ),
        (
            "It was excised en bloc with an ellipse of overlying skin and the vein.",
            "extended_resection",
        ),
        # a wide excision: margins of normal tissue alone are the ordinary excision
        ("A wide local excision with 2 cm margins was performed.", "radical_resection"),
        (
            "He underwent wide local excision down to the deep fascia, which was left intact, "
            "and the defect was closed with a split-skin graft.",
            "radical_resection",
        ),
        (
            "A wide excision including the underlying deep fascia and the vein was performed.",
            "extended_resection",
        ),
        (
            "The tumour was widely excised together with part of the sartorius muscle.",
            "extended_resection",
        ),
        # tissue named as not opened is not taken
        (
            "The lesion was excised en bloc with a 6-cm segment of the vein, which was ligated; "
            "the deep fascia was not opened.",
            "radical_resection",
        ),
        # an excision word with what it took: tissue beyond the vein, not a way in or margins
        (
            "The tumour was excised together with an ellipse of skin and a cuff of the "
            "underlying gracilis muscle.",
            "extended_resection",
        ),
        (
            "The mass was resected with the adjacent part of the soleus muscle.",
            "extended_resection",
        ),
        ("The tumour was excised through a skin incision over the vein.", "radical_resection"),
        (
            "The nodule was excised with a 1-cm margin of normal skin down to the deep fascia.",
            "radical_resection",
        ),
    ],
)
def test_en_bloc_or_wide_is_extended_only_with_tissue_beyond_the_vein(nlp, treatment, operation):
    assert _one(nlp, _report(treatment=treatment)).operation.value == operation


@pytest.mark.parametrize(
    "presentation",
    [
        "A 52-year-old woman noticed a lump on the medial side of the leg, 10 cm below the knee.",
        "A 52-year-old woman had a painless lump 12 cm from the groin crease in the left thigh.",
    ],
)
def test_a_distance_from_a_landmark_is_not_a_size(nlp, presentation):
    case = _one(nlp, _report(presentation=presentation, pathology="Leiomyosarcoma of the GSV."))
    assert case.size_mm is None, case.evidence.get("size_mm")


def test_treatment_discussed_and_declined_was_not_given(nlp):
    followup = (
        "Adjuvant radiotherapy was discussed and declined by the patient. "
        "She is alive 14 months after surgery."
    )
    case = _one(nlp, _report(followup=followup))
    assert case.adjuvant is None or case.adjuvant.value == "none"


def test_presentation_is_the_complaint_not_the_examination(nlp):
    presentation = (
        "A 70-year-old man complained of a lump in the right calf. "
        "Examination showed a firm 3 cm nodule with surrounding swelling."
    )
    case = _one(nlp, _report(presentation=presentation))
    assert [p.value for p in case.presentation] == ["mass"]


def test_a_vein_said_to_be_normal_is_not_where_the_tumour_arises(nlp):
    text = (
        "Subcutaneous leiomyosarcoma of the thigh\n\nCase presentation\n"
        "A 66-year-old man had a painless lump in the left thigh. Ultrasound showed a solid "
        "lesion in the subcutaneous fat; the great saphenous vein lay 3 cm medial to the lesion "
        "and was normal.\n\nPathology\nHistology showed a leiomyosarcoma of the subcutis.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is False
    assert case.age_years == 66 and case.sex.value == "M"  # facts come out all the same


def test_a_report_without_english_says_so_and_reads_nothing(nlp):
    from gsvlms_extract.extract.builder import extract_document
    from gsvlms_extract.ingest.loader import document_from_bytes

    german = (
        "Leiomyosarkom der Vena saphena magna\n\n"
        "Eine 58-jährige Patientin stellte sich mit einer schmerzlosen Schwellung am linken "
        "Oberschenkel vor. Die Sonographie zeigte einen 5,5 cm großen soliden Tumor, der von "
        "der Vena saphena magna ausging. Der Tumor wurde mit dem Venensegment reseziert. "
        "Histologisch fand sich ein Leiomyosarkom. Die Patientin ist nach zwei Jahren "
        "rezidivfrei.\n"
    )
    (case,) = extract_document(document_from_bytes(german.encode(), "de.txt"), nlp)
    assert case.is_gsv_lms is False
    assert case.is_gsv_lms_reason == "report is in German; no English text to read"
    assert case.size_mm is None and case.sex is None and not case.evidence


def test_margins_free_of_tumour_is_not_the_outcome_but_the_patient_free_of_disease_is(nlp):
    pathology = "A leiomyosarcoma of the great saphenous vein with margins free of tumour."
    case = _one(nlp, _report(pathology=pathology, followup="She was seen at 14 months."))
    assert case.outcome is None, case.evidence.get("outcome")
    case = _one(nlp, _report(followup="She was free of disease at 14 months."))
    assert case.outcome.value == "alive"


def test_a_clinic_review_is_the_patient_not_the_literature(nlp):
    followup = "At his most recent review, 30 months after the operation, he was alive."
    case = _one(nlp, _report(followup=followup))
    assert (case.followup_months, case.outcome.value) == (30.0, "alive")


def test_was_well_tolerated_is_not_the_outcome(nlp):
    case = _one(nlp, _report(followup="Radiotherapy at 14 months was well tolerated."))
    assert case.outcome is None, case.evidence.get("outcome")


def test_the_saphenous_vein_of_a_small_saphenous_report_is_the_small_one(nlp):
    text = (
        "Leiomyosarcoma of the small saphenous vein\n\nCase presentation\n"
        "A 70-year-old man had a lump at the back of the left calf. Ultrasound showed a mass "
        "arising from the saphenous vein. The mass was excised with the saphenous vein.\n\n"
        "Pathology\nHistology showed a leiomyosarcoma of the saphenous vein.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is False and "small saphenous" in case.is_gsv_lms_reason


def test_referred_to_us_is_not_an_ultrasound(nlp):
    presentation = (
        "A 66-year-old man was sent to us by his doctor, who had found a painless swelling "
        "of the right thigh. Duplex ultrasound showed a 46 mm mass of the great saphenous vein."
    )
    case = _one(nlp, _report(presentation=presentation))
    assert [p.value for p in case.presentation] == ["swelling"]


def test_a_great_saphenous_graft_does_not_make_a_tumour_a_gsv_lms(nlp):
    text = (
        "Venous leiomyosarcoma\n\nCase presentation\n"
        "A 57-year-old woman had swelling of the left leg. A mass was resected and venous "
        "continuity was restored with a spiral graft harvested from the great saphenous vein."
        "\n\nPathology\nHistology showed a leiomyosarcoma.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is False, case.is_gsv_lms_reason


def test_recurrent_deep_vein_thrombosis_is_not_a_local_recurrence(nlp):
    presentation = (
        "A 62-year-old man had recurrent deep vein thrombosis and a painful mass in the left thigh."
    )
    case = _one(nlp, _report(presentation=presentation, followup="He is alive at 14 months."))
    assert case.local_recurrence is None, case.evidence.get("local_recurrence")


def test_an_extent_along_the_leg_is_not_a_size(nlp):
    presentation = "A 50-year-old woman had a tender cord over 15 cm of the medial thigh."
    case = _one(nlp, _report(presentation=presentation, pathology="Leiomyosarcoma of the GSV."))
    assert case.size_mm is None, case.evidence.get("size_mm")


@pytest.mark.parametrize(
    ("treatment", "reconstructed"),
    [
        (
            "The tumour-bearing segment of the IVC was resected and replaced by a ringed "
            "PTFE graft.",
            True,
        ),
        ("Caval continuity was restored with a 20-mm polytetrafluoroethylene graft.", True),
        # an artery is not the tumour's vein
        ("The tumour was excised; a femoral artery bypass was not needed.", None),
        # the artery is rebuilt with the great saphenous vein as its conduit
        (
            "The tumour was excised. The arterial defect was reconstructed by a "
            "femoro-popliteal bypass with reversed right GSV.",
            None,
        ),
        # both vessels rebuilt
        (
            "The tumour was excised. The artery was reconstructed with a PTFE graft and the "
            "femoral vein with a reversed saphenous vein graft.",
            True,
        ),
        # a vein fit for a graft is not a graft placed
        ("The tumour was excised. The GSV was 4 mm wide and suitable for graft.", None),
    ],
)
def test_a_caval_tumour_replaced_by_a_graft_is_a_vein_reconstruction(nlp, treatment, reconstructed):
    case = _one(nlp, _report(treatment=treatment))
    assert case.vein_reconstruction is reconstructed


def test_an_abstract_gives_the_complaint_not_the_imaging_findings(nlp):
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    abstract = (  # a PubMed page: the publication type "Case Reports" above the title
        "Case Reports\n\nAnn Vasc Surg. 2014 Nov;28(8):1939.\n\n"
        "Leiomyosarcoma of the long saphenous vein\n\n"
        "Abstract\n\n"
        "We describe a 64-year-old woman who presented with a painless lump above the left knee. "
        "Duplex ultrasound showed a 31 mm hypoechoic nodule within the vein and a deep vein "
        "thrombosis below it. Magnetic resonance imaging showed a well-defined mass. "
        "The lesion was excised with the vein segment; histology confirmed leiomyosarcoma. "
        "She is alive and well at 18 months.\n"
    )
    (case,) = extract_document(document_from_bytes(abstract.encode(), "pubmed.txt"), nlp)
    # the lump is the complaint; the nodule and mass are what imaging saw; a thrombosis found
    # in the work-up before the operation belongs to the presentation
    assert case.presentation == ["mass", "thrombosis"]


@pytest.mark.parametrize(
    "text",
    [
        # the tumour lies beside the vein
        "Leiomyosarcoma of the thigh abutting, but not arising from, the great saphenous vein\n\n"
        "A 48-year-old woman had a painless lump in the right thigh. Excision showed a "
        "subcutaneous leiomyosarcoma lying against the great saphenous vein.\n",
        # a look-alike's discussion: the GSV tumour is what it can be confused with
        "Pleomorphic sarcoma of the groin\n\nA 70-year-old man had a groin mass. It was an "
        "undifferentiated pleomorphic sarcoma. Groin sarcomas can be confused with "
        "leiomyosarcoma of the great saphenous vein.\n",
        # a letter about somebody else's report, then its own, different patient
        "To the Editor\n\nWe read with interest the recent report of a leiomyosarcoma of the "
        "great saphenous vein in your Journal. A 56-year-old woman had a lump of the thigh; "
        "it was a metastasis of a uterine leiomyosarcoma.\n",
        # a benign tumour, set against the published malignant ones
        "Leiomyoma of the great saphenous vein\n\nA 44-year-old woman had a tender nodule "
        "below the knee; excision showed a leiomyoma of the great saphenous vein. By contrast, "
        "57 saphenous leiomyosarcomas have been published.\n",
    ],
)
def test_a_leiomyosarcoma_only_beside_compared_or_cited_is_not_the_patients(nlp, text):
    case = _one(nlp, text)
    assert case.is_gsv_lms is False, case.is_gsv_lms_reason


@pytest.mark.parametrize(
    ("followup", "adjuvant"),
    [
        # treatment before the operation is not adjuvant
        (
            "She had neoadjuvant external beam radiotherapy, 50 Gy, before the excision. "
            "No postoperative treatment was given. She is alive at 14 months.",
            "none",
        ),
        (
            "Radiotherapy 50 Gy before surgery was followed by adjuvant chemotherapy. "
            "She is alive at 14 months.",
            "chemotherapy",
        ),
        # offered or recommended, then declined: not given
        ("Postoperative radiotherapy was offered but she declined it. She is alive.", None),
        (
            "Adjuvant chemotherapy was recommended but the patient declined it, and no adjuvant "
            "treatment was given. She is alive at 14 months.",
            "none",
        ),
        # recommended and given; another therapy denied
        (
            "Adjuvant radiotherapy was recommended, and she completed 60 Gy; no chemotherapy "
            "was given. She is alive at 14 months.",
            "radiotherapy",
        ),
        # "May" is a month, not a doubt
        (
            "Adjuvant radiotherapy, 60 Gy, was delivered between May and June 2009. She is alive.",
            "radiotherapy",
        ),
        ("Roentgen treatment was considered but not given. She is alive at 14 months.", "none"),
        ("She received adjuvant weekly paclitaxel. She is alive at 14 months.", "chemotherapy"),
        (
            "The tumour board advised against adjuvant radiotherapy, and none was given.",
            "none",
        ),
        # no operation, nothing adjuvant; a pathological response; a condition contrary to fact
        ("She was treated with 8 Gy of radiotherapy to the ankle, without surgery.", None),
        ("The specimen showed 70% necrosis after radiation. She is alive at 14 months.", None),
        ("Had the lesion been treated by radium, the diagnosis would have been missed.", None),
    ],
)
def test_adjuvant_is_what_was_given_after_the_operation(nlp, followup, adjuvant):
    case = _one(nlp, _report(followup=followup))
    assert case.adjuvant == adjuvant


def test_a_structured_abstract_that_opens_with_background_is_read(nlp):
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    page = (
        b"Leiomyosarcoma of the great saphenous vein\n\n"
        b"Abstract\n"
        b"Background: Leiomyosarcoma of the saphenous vein is rare. Case report: A 44-year-old\n"
        b"man had a painless lump in the left thigh. The tumour was excised with the vein\n"
        b"segment. At 30 months he is alive without local recurrence or distant metastasis.\n"
    )
    (case,) = extract_document(document_from_bytes(page, "europepmc.txt"), nlp)
    assert (case.sex, case.age_years, case.side, case.pain) == ("M", 44, "left", "painless")
    assert (case.local_recurrence, case.metastasis, case.outcome) == (False, [], "alive")


@pytest.mark.parametrize(
    ("presentation", "expected"),
    [
        # a thrombus the scan sees is a finding, not what brought the patient
        (
            "A 58-year-old woman presented with a painful swelling of the left thigh. Duplex "
            "showed a mass in the vein with non-occlusive thrombus below it.",
            ["swelling"],
        ),
        # a thrombosis diagnosed in the work-up is part of the presentation
        (
            "A 58-year-old woman presented with oedema of the left leg. Duplex showed a deep "
            "vein thrombosis and a mass in the vein.",
            ["edema", "thrombosis"],
        ),
    ],
)
def test_work_up_adds_diagnoses_not_scan_findings(nlp, presentation, expected):
    assert _one(nlp, _report(presentation=presentation)).presentation == expected


def test_a_title_naming_the_operation_does_not_end_the_presentation_before_it_starts(nlp):
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    page = (
        b"CASE REPORT\n\n"
        b"Leiomyosarcoma of the Popliteal Vein: En Bloc Resection and Reconstruction\n\n"
        b"J Vasc Surg 2019;12:1-4.\n\n"
        b"Case report\n\n"
        b"A 52 year old man was referred with a painful lump behind the left knee. MRI showed "
        b"a 5.8 cm mass arising from the popliteal vein. It was resected and the vein was "
        b"reconstructed with a PTFE graft.\n"
    )
    (case,) = extract_document(document_from_bytes(page, "first_page.txt"), nlp)
    assert (case.presentation, case.pain) == (["mass"], "painful")


@pytest.mark.parametrize(
    "other",
    [
        "Smout's 76-year-old patient, irradiated after a wide excision, lived for eight years.",
        "Berlin and colleagues described a 76-year-old man who died of lung metastases.",
        "Szasz (1969) reported a 76-year-old man who died of liver metastases.",
    ],
)
def test_another_authors_patient_in_the_case_text_is_not_the_patient(nlp, other):
    presentation = f"{other} A 52-year-old man had a painless lump in the left thigh."
    case = _one(nlp, _report(presentation=presentation))
    assert (case.age_years, case.outcome) == (52, "alive")


def test_a_letter_that_comments_on_others_reports_has_no_patient(nlp):
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    letter = (
        b"LETTER TO THE EDITOR\n\n"
        b"Leiomyosarcoma of the great saphenous vein: is radiotherapy necessary?\n\n"
        b"Dear Editor,\n\n"
        b"We read with interest the recent case report of a leiomyosarcoma of the great "
        b"saphenous vein in a 65-year-old woman. Berlin and colleagues described a 60-year-old "
        b"man with a 3-cm groin tumour who died of liver metastases after an en bloc resection.\n"
    )
    (row,) = extract_document(document_from_bytes(letter, "letter.txt"), nlp)
    assert row.is_gsv_lms is False
    assert row.is_gsv_lms_reason == "a letter or commentary with no patient of its own"
    assert (row.age_years, row.sex, row.metastasis) == (None, None, None)


def test_a_region_named_in_a_negated_finding_is_not_the_site(nlp):
    presentation = (
        "A 58-year-old woman presented with oedema of both legs. Duplex showed no thrombus in "
        "the femoral or popliteal veins but a mass in the inferior vena cava."
    )
    case = _one(nlp, _report(presentation=presentation))
    assert case.region is None


@pytest.mark.parametrize(
    ("text", "is_gsv_lms"),
    [
        # a leiomyosarcoma of the muscle, the vein only beside it or tied near it
        (
            "Leiomyosarcoma of the vastus medialis\n\nA 61-year-old man had a painless mass of the "
            "thigh. MRI showed an intramuscular mass with a thin fat plane separating it from the "
            "great saphenous vein. The great saphenous vein was ligated 3 cm above and below the "
            "tumour. Histology showed a leiomyosarcoma.\n",
            False,
        ),
        # the tumour arises in the vein and spreads into the femoral vein
        (
            "Leiomyosarcoma of the groin\n\nA 61-year-old man had a painless lump in the groin. "
            "At operation the tumour was found to originate in the wall of the long saphenous "
            "vein, and tumour thrombus protruded into the common femoral vein. The specimen "
            "showed a tumour with tumour thrombus in the femoral vein. Histology showed a "
            "leiomyosarcoma.\n",
            True,
        ),
    ],
)
def test_a_tumour_is_placed_by_where_it_arises_not_where_it_lies_or_spreads(nlp, text, is_gsv_lms):
    case = _one(nlp, text)
    assert case.is_gsv_lms is is_gsv_lms, case.is_gsv_lms_reason


@pytest.mark.parametrize(
    ("presentation", "expected"),
    [
        # what the patient had before "presented with" is history, not the complaint
        (
            "A 49-year-old woman with a deep vein thrombosis years ago presented with a painful "
            "lump in the left thigh.",
            ["mass"],
        ),
        # a presumed cause is not a finding
        (
            "A 49-year-old man was referred with oedema of the left leg for six weeks, initially "
            "attributed to deep vein thrombosis.",
            ["edema"],
        ),
        # oedema found on examination is not the complaint
        (
            "A 49-year-old man presented with a painless lump behind the left knee. On "
            "examination there was pitting oedema of the ankle.",
            ["mass"],
        ),
    ],
)
def test_the_presentation_is_the_complaint_not_history_presumption_or_examination(
    nlp, presentation, expected
):
    assert _one(nlp, _report(presentation=presentation)).presentation == expected


def test_a_title_naming_the_diagnosis_is_not_the_complaint(nlp):
    text = (
        "Thrombosed saphena varix presenting as a painful groin lump\n\n"
        "A 61-year-old woman noticed a painful lump in the left groin. Duplex showed a "
        "thrombosed varix, which was excised.\n"
    )
    assert _one(nlp, text).presentation == ["mass"]


def test_a_pronoun_does_not_introduce_the_patient_again(nlp):
    text = (
        "Results: Wound dehiscence required revision at 6 weeks. At 14 months, CT showed three "
        "pulmonary nodules, confirmed as metastatic leiomyosarcoma by biopsy; he was started on "
        "chemotherapy. There has been no local recurrence. At 20 months he is alive.\n"
    )
    case = _one(nlp, text)
    assert (case.metastasis, case.local_recurrence, case.outcome) == (["lung"], False, "alive")


@pytest.mark.parametrize(
    ("followup", "outcome"),
    [
        ("The patient is alive.", "alive"),
        ("She ultimately succumbed to sudden cardiac death.", "dead"),
        # "well" needs a follow-up cue: the wound was also well
        ("The wound healed well.", None),
        # alive at the last contact, said by how the patient feels
        ("At 24 months after surgery he remains symptom-free.", "alive"),
        ("At 18 months the patient is without complaints and without recurrence.", "alive"),
    ],
)
def test_a_plain_outcome_needs_no_follow_up_cue(nlp, followup, outcome):
    assert _one(nlp, _report(followup=followup)).outcome == outcome


@pytest.mark.parametrize(
    ("followup", "metastasis", "recurrence"),
    [
        (
            "At 30 months she is alive without local recurrence; a 4-mm pulmonary nodule, too "
            "small to characterise, is under surveillance.",
            None,
            False,
        ),
        ("CT showed an indeterminate 5-mm lung nodule. She is alive at 14 months.", None, None),
        # the disease in general is not the patient
        (
            "Such sarcomas have a high rate of local recurrence after inadequate excision and "
            "almost never metastasise. She is alive at 14 months.",
            None,
            None,
        ),
    ],
)
def test_uncertain_nodules_and_general_statements_are_not_findings(
    nlp, followup, metastasis, recurrence
):
    case = _one(nlp, _report(followup=followup))
    assert (case.metastasis, case.local_recurrence) == (metastasis, recurrence)


@pytest.mark.parametrize(
    ("pathology", "size"),
    [
        # the tumour inside a larger specimen
        ("The specimen measured 12 x 9 cm; the tumour itself measured 4.5 cm.", 45),
        # a tumour named by its kind
        ("Histology showed an epithelioid angiosarcoma, CD31 positive, 6.3 x 4.8 x 4 cm.", 63),
    ],
)
def test_the_size_is_the_tumours_not_the_specimens(nlp, pathology, size):
    case = _one(nlp, _report(pathology=pathology))
    assert case.size_mm == size


def test_the_abstracts_pathological_size_beats_the_case_texts_scan(nlp):
    text = (
        "Leiomyosarcoma of the popliteal vein\n\nAbstract\nA 63-year-old man had a painful lump "
        "behind the knee. The specimen measured 6.3 x 5.1 x 4.0 cm.\n\nCase report\nA "
        "63-year-old man had a painful lump behind the left knee. MRI showed a 7.4 x 5.8 cm "
        "tumour arising from the popliteal vein. It was resected.\n"
    )
    assert _one(nlp, text).size_mm == 63


def test_a_word_hyphenated_at_a_line_end_in_a_text_file_is_joined(nlp):
    from gsvlms_extract.ingest import document_from_bytes

    text = b"The tumour was excised. No ad-\njuvant therapy was given and she\nis alive.\n"
    document = document_from_bytes(text, "scan.txt")
    assert "No adjuvant therapy was given" in document.text


@pytest.mark.parametrize(
    ("treatment", "operation"),
    [
        (
            "Local excision was not thought feasible, and a high thigh amputation was carried out.",
            "extended_resection",
        ),
        (
            "Because a leiomyosarcoma could not be excluded, the nodule was excised with the vein.",
            "radical_resection",
        ),
        ("Solitary lesions can be excised; she received radiotherapy instead.", None),
    ],
)
def test_operations_as_old_and_cautious_reports_word_them(nlp, treatment, operation):
    case = _one(nlp, _report(treatment=treatment))
    assert (case.operation.value if case.operation else None) == operation


@pytest.mark.parametrize(
    ("followup", "field", "value"),
    [
        (
            "No adjuvant therapy was given; imatinib was reserved for recurrence. She is alive.",
            "local_recurrence",
            None,
        ),
        (
            "Nine months after surgery she is alive and the pulmonary nodules are unchanged.",
            "metastasis",
            None,
        ),
        (
            "Such lesions respond well to low-dose radiotherapy. She is alive at 14 months.",
            "adjuvant",
            None,
        ),
    ],
)
def test_plans_stable_nodules_and_general_remarks_are_not_findings(nlp, followup, field, value):
    assert getattr(_one(nlp, _report(followup=followup)), field) == value


def test_ocr_year_old_and_a_citation_by_two_word_names(nlp):
    presentation = (
        "Since the description by Van Ree in 1919 of a tumour at the ankle of a woman aged 42, "
        "few cases have been recorded. A 57-year-o1d man had a painless lump in the left thigh."
    )
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    text = _report(presentation=presentation).encode()
    (case,) = extract_document(document_from_bytes(text, "scan.txt"), nlp)  # OCR repair on
    assert (case.age_years, case.sex, case.region) == (57, "M", "thigh")


@pytest.mark.parametrize(
    "pathology",
    [
        "Histology showed a leiomyosarcoma extending to within 2 mm of the deep margin.",
        "Duplex showed that the mass was the vein itself, distended to 11 mm by thrombus.",
    ],
)
def test_a_margin_distance_or_a_vein_width_is_not_a_size(nlp, pathology):
    assert _one(nlp, _report(pathology=pathology)).size_mm is None


@pytest.mark.parametrize(
    ("presentation", "side"),
    [
        (
            "A 44-year-old woman presented with painful left lower extremity oedema. CT showed a "
            "mass arising from the external iliac vein.",
            "left",
        ),
        (
            "A 58-year-old woman had oedema of both legs. CT showed a mass in the left external "
            "iliac vein.",
            "left",
        ),
        (
            "A 58-year-old woman had oedema of both legs. CT showed a mass in the cava extending "
            "into the right and left iliac veins.",
            None,
        ),
    ],
)
def test_the_side_of_a_look_alike_from_its_complaint_or_its_vein(nlp, presentation, side):
    assert _one(nlp, _report(presentation=presentation)).side == side


def test_a_segment_phrase_ends_at_a_semicolon(nlp):
    treatment = (
        "A wide excision was performed with a cuff of the sartorius; the great saphenous vein "
        "was dissected free and preserved."
    )
    assert _one(nlp, _report(treatment=treatment)).vein_reconstruction is None


def test_a_thrombophlebitis_is_placed_by_its_cord(nlp):
    text = (
        "Superficial thrombophlebitis approaching the saphenofemoral junction\n\n"
        "A 54-year-old woman presented with a painful, red, tender cord on the inner aspect of "
        "the left thigh. Duplex showed thrombus in the great saphenous vein.\n"
    )
    case = _one(nlp, text)
    assert (case.region, case.side) == ("thigh", "left")


def test_a_tumour_outside_the_leg_is_measured_in_its_organ(nlp):
    text = (
        "A 61-year-old man presented with abdominal pain. CT showed a large (18 x 22 x 22 cm) "
        "heterogeneous retroperitoneal mass arising from the left adrenal gland. It was resected "
        "and histology showed a liposarcoma.\n"
    )
    assert _one(nlp, text).size_mm == 220


def test_a_leg_tumours_lung_nodule_is_not_its_size(nlp):
    pathology = "A 2-cm nodule in the right lung was seen on CT. The specimen was not measured."
    case = _one(nlp, _report(pathology=pathology))
    assert case.size_mm is None


@pytest.mark.parametrize(
    "text",
    [
        "Intravascular fasciitis of a saphenous tributary\n\nA 38-year-old woman had a tender "
        "lump of the thigh. Ultrasound showed a 1.8 cm nodule within a tributary of the long "
        "saphenous vein. Histology showed nodular fasciitis; a leiomyosarcoma was excluded.\n",
        "Cutaneous leiomyosarcoma of the thigh: a diagnostic pitfall next to the long saphenous "
        "vein\n\nA 66-year-old man had a painless nodule of the thigh. Histology showed an "
        "intradermal leiomyosarcoma.\n",
        "Synovial sarcoma of the thigh encasing the long saphenous vein\n\nA 40-year-old man had "
        "a painful mass of the thigh. He underwent en bloc resection of the tumour with the "
        "overlying skin and the involved segment of the long saphenous vein.\n",
        "Metastasis to the calf\n\nA 61-year-old woman had a painless lump of the calf. A primary "
        "leiomyosarcoma of the great saphenous vein was the working diagnosis. Histology showed "
        "a metastasis of uterine leiomyosarcoma rather than a primary venous tumour.\n",
        # the leiomyosarcoma arose in an organ; the saphenous vein only lies near its deposit
        "Metastatic uterine leiomyosarcoma presenting as a thigh mass along the great saphenous "
        "vein\n\nA 55-year-old woman had a painless lump of the right thigh. Ultrasound showed a "
        "nodule abutting the great saphenous vein, and a primary saphenous vein leiomyosarcoma "
        "was initially suspected. Histology showed leiomyosarcoma identical to the primary.\n",
        "Leiomyosarcoma of the vastus medialis muscle\n\nA 61-year-old man had a painless mass "
        "of the left thigh under the great saphenous vein. Histology showed a leiomyosarcoma.\n",
        # the lesion is named by another kind; the sarcoma was only in the differential
        "Saphenous nerve schwannoma\n\nA 48-year-old woman had a painful lump of the thigh. A "
        "tumour of the great saphenous vein, especially a leiomyosarcoma, was in differential "
        "diagnosis. Histology showed a schwannoma.\n",
        # a search page's query names the vein beside the diagnosis; the title says which vein
        '"saphenous vein" leiomyosarcoma calf nodule\n\nLeiomyosarcoma of the small saphenous '
        "vein: a case report and literature review\n\nObjective: To report one case of "
        "leiomyosarcoma originating from the small saphenous vein and to review the literature. "
        "A 71-year-old man had a painless nodule of the calf. Pathology showed leiomyosarcoma.\n",
        # a candidate of a differential diagnosis list
        "Thrombosed saphenous vein aneurysm\n\nA 60-year-old man had a groin lump. The "
        "differential diagnosis included lymphadenopathy, soft tissue sarcoma, and "
        "leiomyosarcoma of the great saphenous vein. Duplex showed a thrombosed aneurysm.\n",
        # the case text names no vein with its leiomyosarcoma; the title does
        "External iliac vein leiomyosarcoma presenting as recurrent DVT\n\nA 61-year-old man had "
        "oedema of the left leg. The great saphenous vein contained bland thrombus. Biopsy: "
        "leiomyosarcoma.\n",
        # a vein that passed beside the tumour and had no connection with it
        "Subcutaneous leiomyosarcoma of the thigh\n\nA 66-year-old man had a painless lump of "
        "the thigh. The great saphenous vein passed 1.5 cm medially from the tumour. Histology: "
        "leiomyosarcoma, with no connection with the wall of the great saphenous vein.\n",
        # a class of tumours, and a comparison with the other tumour
        "Leiomyosarcoma of the popliteal vein: an uncommon cause of a popliteal fossa mass\n\n"
        "Venous leiomyosarcomas of the lower limb most often involve the great saphenous vein. "
        "A 60-year-old man had a mass behind the knee. Histology confirmed a leiomyosarcoma.\n",
        "Intravenous leiomyomatosis reaching the femoral vein\n\nA 45-year-old woman had a swollen "
        "leg. Unlike leiomyosarcoma of the great saphenous vein, which presents as a mass, the "
        "lesion remained intraluminal. Histology showed a leiomyosarcoma-like spindle cell "
        "lesion.\n",
        # a lesion along the vein, named at histology as another kind
        "Masson's tumour of the great saphenous vein\n\nA 38-year-old woman had a tender lump in "
        "the course of the great saphenous vein; a leiomyosarcoma was suspected. Histology showed "
        "papillary endothelial hyperplasia.\n",
        # a subcutaneous leiomyosarcoma is a kind of tumour: lying along the vein does not make
        # it the vein's
        "Subcutaneous leiomyosarcoma along a harvested saphenous vein\n\nA 58-year-old woman "
        "had a painless nodule of the medial thigh. Pathology showed a subcutaneous "
        "leiomyosarcoma, 3 cm, lying over the great saphenous vein.\n",
        # the histology finding decides over a discussion's comparison
        "Schwannoma of the saphenous nerve\n\nA 50-year-old woman had a painful nodule below "
        "the knee. Histology showed a schwannoma. Leiomyosarcoma of the great saphenous vein "
        "also presents as a painful subcutaneous mass in this region.\n",
        # a reading of the scan, and a suspicion before the operation
        "Pleomorphic sarcoma of the thigh displacing the great saphenous vein\n\nA 64-year-old "
        "man had a painless thigh mass. Ultrasound showed the great saphenous vein stretched "
        "over the mass, suggesting leiomyosarcoma of the great saphenous vein. Excision "
        "confirmed an undifferentiated pleomorphic sarcoma.\n",
        "Subcutaneous leiomyosarcoma of the thigh\n\nA 68-year-old man had a painless lump of "
        "the thigh, thought preoperatively to be a primary GSV leiomyosarcoma. Histology showed "
        "a subcutaneous leiomyosarcoma separate from the vein wall.\n",
        # a referral's query mark, and a histology that excludes the tumour
        "Saphenous vein aneurysm\n\nA 58-year-old man was referred with 'thigh lump, "
        "?leiomyosarcoma of the GSV'. Histology showed a thick-walled vein, excluding "
        "leiomyosarcoma.\n",
        # a malignancy of the vein itself that was thought before operation to be the sarcoma
        "Haemangioendothelioma of the long saphenous vein\n\nWe describe a haemangioendothelioma "
        "of the long saphenous vein, thought before operation to be a leiomyosarcoma. A "
        "70-year-old man had a painful thigh mass arising from the long saphenous vein.\n",
        # a quiz's lettered answers
        "Images in vascular medicine\n\nA 45-year-old woman had a tender nodule on the great "
        "saphenous vein. What is the diagnosis? A. Leiomyosarcoma of the great saphenous vein B. "
        "Thrombophlebitis C. Papillary endothelial hyperplasia D. Varix. See page 4 for the "
        "answer.\n",
        # a tumour of unknown origin lying on the vein, which the report says is not its
        "Recurrent leiomyosarcoma of the thigh of uncertain origin\n\nA 66-year-old man had a "
        "lump of the thigh. The tumour lay directly on the great saphenous vein, but the vein "
        "wall was intact; a primary leiomyosarcoma of the great saphenous vein was therefore "
        "not diagnosed.\n",
        # one of two diagnoses made before the operation; the node held a melanoma
        "Melanoma in a groin node\n\nA 48-year-old woman had a painless groin lump. A diagnosis "
        "of saphena varix or of a leiomyosarcoma of the saphenous vein was made. The node was "
        "almost replaced by melanoma.\n",
        # a general statement about the disease, a referral's query, a nodule over the vein
        "Ruptured Baker's cyst\n\nA 58-year-old woman had a painful swollen calf. Leiomyosarcoma "
        "of the great saphenous vein is solid and arises within the vein wall. Ultrasound showed "
        "a ruptured popliteal cyst.\n",
        "Dermal leiomyosarcoma of the thigh overlying the great saphenous vein\n\nA 70-year-old "
        "man had a nodule of the thigh. The referral letter queried leiomyosarcoma of the long "
        "saphenous vein. Punch biopsy showed a dermal leiomyosarcoma.\n",
        # the small saphenous vein named as the report defines it: its own short form, or a
        # synonym in brackets
        "Leiomyosarcoma of the lesser saphenous vein (LSV)\n\nA 61-year-old woman had a painless "
        "calf mass. Histology showed a leiomyosarcoma arising from the LSV.\n",
        "Leiomyosarcoma of the lesser (small) saphenous vein\n\nA 61-year-old woman had a "
        "painless calf mass. Histology showed a leiomyosarcoma of the lesser (small) saphenous "
        "vein.\n",
        # a metastasis along the vein, in a report that opens on the disease in general
        "Subcutaneous metastasis of retroperitoneal leiomyosarcoma along the great saphenous "
        "vein\n\nLeiomyosarcoma (LMS) arising from the great saphenous vein (GSV) is rare. A "
        "57-year-old man had a thigh nodule abutting the GSV. The final diagnosis was "
        "subcutaneous metastasis of retroperitoneal LMS.\n",
        # feared, and read about
        "Great saphenous vein aneurysm in a woman with a history of uterine leiomyosarcoma\n\n"
        "A 64-year-old woman had a groin lump. Metastatic "
        "leiomyosarcoma, or a primary leiomyosarcoma of the great saphenous vein, was feared. "
        "Duplex showed an aneurysm.\n",
        "Thrombophlebitis of the great saphenous vein\n\nA 50-year-old woman had a tender cord. "
        "Her doctor, having read about saphenous leiomyosarcoma, sent her to our clinic. Duplex "
        "showed thrombophlebitis.\n",
        # candidates weighed together are only suspected
        "Saphenous vein aneurysm\n\nA 70-year-old man had a painful lump of the groin. Scans "
        "showed a mass beside the great saphenous vein; leiomyosarcoma of the great saphenous "
        "vein and an abscess were all considered. Duplex showed a thrombosed aneurysm.\n",
    ],
)
def test_look_alikes_are_not_gsv_lms(nlp, text):
    case = _one(nlp, text)
    assert case.is_gsv_lms is False, case.is_gsv_lms_reason


def test_a_subcutaneous_leiomyosarcoma_said_to_arise_from_the_vein_is_a_gsv_lms(nlp):
    text = (
        "Subcutaneous leiomyosarcoma of the great saphenous vein\n\nA 64-year-old woman had a "
        "painless lump of the thigh. Histology showed a subcutaneous leiomyosarcoma arising from "
        "the wall of the great saphenous vein.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is True, case.is_gsv_lms_reason


def test_a_title_ending_in_review_of_the_literature_does_not_hide_its_case(nlp):
    text = (
        "Summary\nLeiomyosarcoma of the great saphenous vein - case report and review of\n"
        "the literature\nA 35-year-old woman with a leiomyosarcoma of the great saphenous vein "
        "is reported. The tumour, 5 cm in diameter, was removed.\n"
    )
    case = _one(nlp, text)
    assert (case.age_years, case.sex, case.is_gsv_lms) == (35, "F", True)


def test_a_letter_that_reports_its_own_patient_is_read(nlp):
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    letter = (
        b"Letter to the Editor\n\nDear Editor,\n\nWe read with interest the recent case of a "
        b"76-year-old man with a leiomyosarcoma. We would like to report a patient whose tumour "
        b"proved to be benign. Benign smooth muscle tumours of the saphenous vein are more "
        b"common than leiomyosarcomas.\n\nA 41-year-old man, a keen runner, presented with a "
        b"painful nodule above the left medial malleolus. It was excised with the vein segment; "
        b"histology showed a leiomyoma.\n"
    )
    (case,) = extract_document(document_from_bytes(letter, "letter.txt"), nlp)
    assert (case.age_years, case.sex, case.presentation) == (41, "M", ["nodule"])
    assert case.is_gsv_lms is False, case.is_gsv_lms_reason


@pytest.mark.parametrize(
    ("treatment", "operation", "reconstructed"),
    [
        # an artery rebuilt with a vein graft is not the vein's reconstruction
        (
            "She underwent en bloc resection with the vastus medialis; the superficial femoral "
            "artery was reconstructed with a reversed saphenous vein graft, whereas the femoral "
            "vein was ligated. Venous reconstruction is desirable but not always feasible.",
            "extended_resection",
            False,
        ),
        (
            "Wide local excision was performed with 2 cm margins down to, but not including, the "
            "deep fascia; the vein was ligated.",
            "radical_resection",
            False,
        ),
        (
            "He underwent resection of the adductor compartment en bloc with the vein.",
            "extended_resection",
            None,
        ),
    ],
)
def test_what_was_taken_and_what_was_rebuilt(nlp, treatment, operation, reconstructed):
    case = _one(nlp, _report(treatment=treatment))
    assert (case.operation.value, case.vein_reconstruction) == (operation, reconstructed)


@pytest.mark.parametrize(
    ("pathology", "size"),
    [
        ("The tumour measured 4 x 3 x 2·5 cm.", 40),
        ("The mass had been estimated at 10 cm, but the fixed specimen measured 8 x 6 x 5 cm.", 80),
    ],
)
def test_raised_decimal_points_and_specimens_smaller_than_estimates(nlp, pathology, size):
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    text = _report(pathology=pathology).encode()
    (case,) = extract_document(document_from_bytes(text, "old.txt"), nlp)  # normalization on
    assert case.size_mm == size


def test_a_typewriter_dash_does_not_hide_a_negation(nlp):
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    text = _report(followup="Course.--No irradiation or chemotherapy was given.").encode()
    (case,) = extract_document(document_from_bytes(text, "old.txt"), nlp)
    assert case.adjuvant == "none"


def test_a_relative_who_noticed_the_lump_does_not_make_it_family_history(nlp):
    presentation = (
        "A previously healthy girl aged 2 years was brought to the clinic after her mother "
        "noticed a painless lump on the inside of her left thigh."
    )
    case = _one(nlp, _report(presentation=presentation))
    assert (case.presentation, case.pain) == (["mass"], "painless")


def test_a_subtitle_run_into_the_abstract_does_not_end_the_presentation(nlp):
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import document_from_bytes

    text = (
        b"Abstract\n\nPrimary leiomyosarcoma of the external iliac vein: en bloc resection and "
        b"reconstruction with a PTFE graft\nWe report a 55-year-old man who presented with "
        b"progressive oedema of the left lower limb. Computed tomography showed a 6.5 cm mass "
        b"arising from the left external iliac vein. It was resected.\n"
    )
    (case,) = extract_document(document_from_bytes(text, "abstract.txt"), nlp)
    assert case.presentation == ["edema"]


def test_a_cited_journal_case_and_a_region_above_the_side_of_the_knee(nlp):
    presentation = (
        "We read the report in the ARCHIVES (112:701-704, 1977) of a leiomyosarcoma in a "
        "62-year-old woman. A 31-year-old man noticed a swelling above the inner side of his "
        "left knee."
    )
    case = _one(nlp, _report(presentation=presentation))
    assert (case.age_years, case.sex, case.region) == (31, "M", "thigh")


def test_a_last_sentence_that_mentions_the_presentation_does_not_swallow_the_course(nlp):
    text = (
        "A 48-year-old man had abdominal pain. CT showed a pancreatic mass. It was resected. "
        "He died 16 months after his initial presentation of recurrent pancreatitis.\n"
    )
    case = _one(nlp, text)
    assert (case.outcome, case.followup_months) == ("dead", 16)


def test_a_series_patient_with_another_diagnosis_is_not_the_reports_leiomyosarcoma(nlp):
    from test_extract_fields import _doc

    from gsvlms_extract.extract import extract_document

    text = (
        "Tumours of the great saphenous vein: report of two cases\n\n"
        "Case 1\nA 60-year-old woman had a painful lump of the thigh. Histology showed a "
        "leiomyosarcoma arising from the great saphenous vein.\n\n"
        "Case 2\nA 36-year-old man had a soft swelling of the groin. The lesion was excised with "
        "the vein. Histology showed a cavernous venous haemangioma.\n"
    )
    first, second = extract_document(_doc(text), nlp)
    assert first.is_gsv_lms is True, first.is_gsv_lms_reason
    assert second.is_gsv_lms is False
    assert second.is_gsv_lms_reason.startswith("haemangioma")


def test_a_series_patient_whose_own_text_places_the_tumour_elsewhere_is_not_a_gsv_lms(nlp):
    from test_extract_fields import _doc

    from gsvlms_extract.extract import extract_document

    text = (
        "Venous leiomyosarcoma of the leg: two cases\n\n"
        "Case 1\nA 70-year-old man had a painful calf. Ultrasound showed a solid mass in the "
        "peroneal veins; the great saphenous vein was normal. Histology: leiomyosarcoma.\n\n"
        "Case 2\nA 52-year-old woman had a lump of the thigh. Venography showed a filling defect "
        "in the great saphenous vein with free flow in the femoral vein. Histology showed a "
        "leiomyosarcoma arising from the great saphenous vein.\n"
    )
    first, second = extract_document(_doc(text), nlp)
    assert first.is_gsv_lms is False, first.is_gsv_lms_reason
    assert "a tibial vein" in first.is_gsv_lms_reason
    assert second.is_gsv_lms is True, second.is_gsv_lms_reason


def test_a_series_diagnosis_stated_for_all_patients_goes_to_each_by_their_own_vein(nlp):
    """A series abstract states the diagnosis once for all ("leiomyosarcoma was confirmed in
    both") and lists the veins "respectively"; each patient's own text says which is theirs, and
    a mass first taken for phlebitis is still the series' tumour."""
    from test_extract_fields import _doc

    from gsvlms_extract.extract import extract_document

    text = (
        "Venous leiomyosarcoma of the leg: two cases\n\n"
        "Two patients were treated; the tumours lay in the long saphenous vein and the common "
        "femoral vein, respectively.\n\n"
        "Case 1\nA 58-year-old man had a tender cord in the thigh, treated as superficial "
        "thrombophlebitis. Duplex showed a solid mass inside the long saphenous vein, which was "
        "excised together with the mass.\n\n"
        "Case 2\nA 49-year-old woman had a swollen leg. The tumour was removed with a segment "
        "of the common femoral vein, replaced by a prosthetic graft. Leiomyosarcoma was "
        "confirmed in both patients.\n"
    )
    first, second = extract_document(_doc(text), nlp)
    assert first.is_gsv_lms is True, first.is_gsv_lms_reason
    assert second.is_gsv_lms is False, second.is_gsv_lms_reason
    assert "the femoral vein" in second.is_gsv_lms_reason


@pytest.mark.parametrize(
    "finding",
    [
        "Microscopy showed bland spindle cells around thick-walled vessels; the lesion was "
        "diagnosed as an angioleiomyoma of the great saphenous vein.",
        "The excised nodule was diagnosed as a vascular leiomyoma. It must be distinguished from "
        "leiomyosarcoma of the great saphenous vein, which is malignant.",
        "Histology showed a leiomyoma. Differentiating it from a leiomyosarcoma of the great "
        "saphenous vein rests on mitoses and atypia.",
    ],
)
def test_a_tumour_diagnosed_as_a_leiomyoma_and_told_apart_from_lms_is_not_gsv_lms(nlp, finding):
    text = (
        "A nodule of the great saphenous vein\n\nA 39-year-old woman had a tender nodule on the "
        "great saphenous vein above the ankle. It was excised with a short segment of the vein. "
        f"{finding}\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is False, case.is_gsv_lms_reason
    assert "leiomyoma" in case.is_gsv_lms_reason


def test_diagnosed_as_is_the_diagnosis_but_diagnosed_elsewhere_as_is_not(nlp):
    text = (
        "Leiomyosarcoma of the great saphenous vein\n\nA 64-year-old man had a thigh lump that "
        "was diagnosed elsewhere as a lipoma. After excision it was diagnosed as a "
        "leiomyosarcoma arising from the great saphenous vein.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is True, case.is_gsv_lms_reason


@pytest.mark.parametrize(
    "text",
    [
        "Schwannoma beside the great saphenous vein\n\nA 47-year-old woman had a painful lump "
        "on the medial knee. The encapsulated tumour was enucleated from the saphenous nerve, "
        "leaving the great saphenous vein intact. Histology showed a schwannoma.\n",
        # "excised" too, but by enucleation
        "Schwannoma of the saphenous nerve\n\nA 52-year-old man had a tender lump on the medial "
        "thigh. The lesion was excised by enucleation, preserving the nerve and the great "
        "saphenous vein. Histology showed a schwannoma.\n",
    ],
)
def test_a_tumour_shelled_out_is_neither_resection(nlp, text):
    """Enucleation keeps the vein or nerve the tumour lay on: not an en bloc excision with the
    vein segment, nor a wide excision with margins. Null, not a guess."""
    case = _one(nlp, text)
    assert case.operation is None, case.evidence.get("operation")


def test_a_policy_or_a_debated_treatment_is_not_what_the_patient_had(nlp):
    text = _report(
        treatment="The lump was excised with the involved vein segment and a cuff of fat. We "
        "reserve venous reconstruction for tumours that involve the deep veins. The benefit of "
        "adjuvant chemotherapy in small superficial sarcomas is uncertain.",
    )
    case = _one(nlp, text)
    assert case.vein_reconstruction is not True, case.evidence.get("vein_reconstruction")
    assert case.adjuvant is None, case.evidence.get("adjuvant")


def test_nodes_free_of_tumour_are_negative_and_lobes_are_the_lung(nlp):
    text = _report(
        presentation="A 70-year-old man had a painless groin lump. Staging CT showed two small "
        "nodules in both upper lobes; biopsy of one confirmed metastatic leiomyosarcoma.",
        pathology="The specimen contained a leiomyosarcoma of the great saphenous vein; the "
        "four inguinal lymph nodes were all free of tumour.",
        discussion="",
    )
    case = _one(nlp, text)
    assert case.metastasis == ["lung"], case.evidence.get("metastasis")


def test_follow_up_given_as_an_ordinal_month_and_not_a_symptom_settling(nlp):
    text = _report(
        followup="The swelling subsided within 3 months. At the 28th month of follow-up she is "
        "alive and free of disease.",
    )
    case = _one(nlp, text)
    assert case.followup_months == 28, case.evidence.get("followup_months")


def test_the_internal_great_saphenous_vein_in_brackets_is_the_great_one(nlp):
    text = (
        "Leiomyosarcoma of the internal (great) saphenous vein\n\nA 66-year-old man had a "
        "painless thigh swelling. Histology showed a leiomyosarcoma of the internal (great) "
        "saphenous vein.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is True, case.is_gsv_lms_reason


@pytest.mark.parametrize(
    "presentation",
    [
        # not statements about a group of patients
        "The case of a 51-year-old woman with a painful lump is thought worthy of record.",
        "A 51-year-old woman, the mother of four children, had a painful lump of the thigh.",
        "A 51-year-old woman had a painful lump of spindle cells, many of them in mitosis.",
        "Mrs. H., aged 51, a married woman with four children, had a painful lump.",
    ],
)
def test_everyday_words_about_the_patient_do_not_drop_a_sentence_as_about_others(nlp, presentation):
    case = _one(nlp, _report(presentation=presentation))
    assert case.age_years == 51, presentation


@pytest.mark.parametrize(
    "followup",
    [
        "Eighteen months after surgery he is free of local recurrence and distant metastases.",
        "During 6 months of follow-up, no recurrence was found and the patient is living well.",
        "During 18 months of observation there was no recurrence; he is in good general condition.",
        "After 12 months of follow-up he had returned to full work.",
    ],
)
def test_plain_words_of_a_good_outcome_at_follow_up_say_alive(nlp, followup):
    case = _one(nlp, _report(followup=followup))
    assert case.outcome == "alive", case.evidence.get("outcome")


def test_a_vein_free_of_tumour_is_not_an_outcome(nlp):
    treatment = (
        "The lump was excised with the saphenofemoral junction; the common femoral vein was "
        "free of tumour."
    )
    case = _one(nlp, _report(treatment=treatment, followup="No follow-up is available."))
    assert case.outcome is None, case.evidence.get("outcome")


def test_a_pelvic_veins_side_is_not_the_side_of_the_leg(nlp):
    text = (
        "Intravenous leiomyomatosis\n\nA 45-year-old woman had palpitations. CT showed a "
        "worm-like tumour arising from the right internal iliac vein and extending into the "
        "inferior vena cava. It was removed in one stage.\n"
    )
    assert _one(nlp, text).side is None


@pytest.mark.parametrize(
    "presentation",
    [
        # a side in a sentence that is not about the tumour or the complaint
        "A 61-year-old woman had a painless lump. A 2-cm incision was made in the left inguinal "
        "crease under local anaesthesia.",
        "A 61-year-old woman had a painless lump. Her history includes a left below-knee "
        "amputation.",
        # a tumour with a side but nowhere near the leg
        "A 61-year-old woman had a painless lump. CT showed a 12 x 4 cm mass paravertebral "
        "right in the lower thorax.",
    ],
)
def test_a_side_is_the_legs_side_where_the_tumour_or_complaint_is(nlp, presentation):
    pathology = "The specimen contained a leiomyosarcoma."
    case = _one(nlp, _report(presentation=presentation, pathology=pathology))
    assert case.side is None, case.evidence.get("side")


@pytest.mark.parametrize(
    ("presentation", "side"),
    [
        (
            "A 58-year-old woman had a painful, red, hard cord on the inner aspect of her left "
            "thigh.",
            "left",
        ),
        # "presumed" qualifies the hernia only, not the swelling the patient came with
        (
            "A 62-year-old man was listed for repair of a presumed right femoral hernia after "
            "presenting with a soft swelling in the right groin.",
            "right",
        ),
        (
            "A 70-year-old man was admitted. The neoformation was localised in the middle third "
            "of the right thigh.",
            "right",
        ),
    ],
)
def test_the_side_of_a_complaint_a_cord_or_a_neoformation(nlp, presentation, side):
    case = _one(nlp, _report(presentation=presentation))
    assert case.side == side, case.evidence.get("side")


def test_a_letters_their_patient_is_not_the_writers_patient(nlp):
    text = (
        "To the Editor\n\nWe treated a 45-year-old man with a painless lump in the right groin; "
        "excision showed a leiomyosarcoma of the great saphenous vein. Their patient, a "
        "52-year-old woman whose 7-cm tumour required replacement of the femoral vein, died of "
        "pulmonary metastases 14 months later.\n"
    )
    case = _one(nlp, text)
    assert (case.age_years, case.sex, case.outcome) == (45, "M", None)


def test_a_length_of_vein_taken_is_not_the_tumours_size(nlp):
    treatment = (
        "At operation the tumour was resected en bloc with 14 cm of the superficial femoral vein "
        "and the adjacent sartorius."
    )
    case = _one(nlp, _report(treatment=treatment))
    assert case.size_mm is None, case.evidence.get("size_mm")


def test_a_background_sentence_on_most_described_cases_does_not_place_the_tumour(nlp):
    text = (
        "Leiomyosarcoma of the small saphenous vein - case report\n\n"
        "Leiomyosarcomas of the superficial veins are very rare, and most of described cases "
        "concern the great saphenous vein. A 60-year-old woman had a painful lump of the calf; "
        "histology showed a leiomyosarcoma.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is False, case.is_gsv_lms_reason


def test_a_letter_about_a_patient_referred_to_our_clinic_is_read(nlp):
    text = (
        "Letter to the Editor\n\nDear Editor,\n\nWe read with great interest the review by "
        "Albrecht and colleagues, prompted by a patient recently referred to our sarcoma clinic."
        "\n\nA 52-year-old woman, a hairdresser with long-standing varicose veins, was referred "
        "with a hard, tender lump on the inner right thigh.\n"
    )
    case = _one(nlp, text)
    assert (case.age_years, case.sex) == (52, "F")


def test_an_operation_from_the_past_history_is_not_the_operation(nlp):
    presentation = (
        "A 52-year-old woman had a tender cord on the right thigh. Her only previous illness "
        "was a breast fibroadenoma excised at 29 years of age."
    )
    text = _report(presentation=presentation, treatment="She was treated with compression.")
    assert _one(nlp, text).operation is None


@pytest.mark.parametrize(
    ("pathology", "size"),
    [
        # the verb after "and" describes the clause's first noun
        (
            "The neoformation was localised along the course of the vein and measured 6 cm "
            "in its major diameter.",
            60,
        ),
        # but not across a relative clause about the vein
        (
            "The mass lay beneath the greater saphenous vein, which was prominent and measured "
            "about 8 mm in diameter.",
            None,
        ),
        (
            "A mass lay next to the vein; the GSV proximal to the lesion measured 6.8 mm in "
            "diameter.",
            None,
        ),
        ("The saphenous vein leiomyosarcoma measured 6 x 4 x 3 cm.", 60),
        (
            "Duplex showed the underlying long saphenous vein, 9 mm in diameter, separate from "
            "the nodule.",
            None,
        ),
        ("It was a leiomyosarcoma of the great saphenous vein, 3 cm in diameter.", 30),
        # a size after a leiomyosarcoma said to arise from the vein is the tumour's
        (
            "Histopathology showed a leiomyosarcoma arising from the wall of the great saphenous "
            "vein, 20 mm in maximum dimension.",
            20,
        ),
        # "which" after a vein takes the vein; after a tumour of that vein, the tumour
        (
            "Doppler ultrasonography showed a solid lesion in continuity with the great "
            "saphenous vein, which measured 5 mm in diameter above and below the lesion.",
            None,
        ),
        ("It was a leiomyosarcoma of the great saphenous vein, which measured 4 cm.", 40),
    ],
)
def test_which_measurement_is_the_tumours(nlp, pathology, size):
    assert _one(nlp, _report(pathology=pathology)).size_mm == size


def test_metastases_found_before_a_proposed_treatment_are_not_hypothetical(nlp):
    followup = (
        "In the 14th month after operation multiple lung metastases were detected in thorax CT "
        "and chemotherapy was proposed, but the patient refused it."
    )
    assert _one(nlp, _report(followup=followup)).metastasis == ["lung"]


@pytest.mark.parametrize(
    "treatment",
    [
        'The tumour was removed "en bloc" with the involved tract of the saphenous vein; the '
        "muscular fascia was not infiltrated and was respected.",
        "The tumour was excised en bloc with the involved segment of vein; the underlying "
        "gastrocnemius fascia was not involved.",
    ],
)
def test_a_fascia_left_in_place_was_not_taken(nlp, treatment):
    assert _one(nlp, _report(treatment=treatment)).operation == "radical_resection"


def test_a_numbered_vancouver_reference_is_not_the_case_text(nlp, tmp_path):
    from gsvlms_extract.extract import extract_path

    text = (
        "Thrombophlebitis mimicking a tumour\n\nA 52-year-old woman had a painful lump of the "
        "thigh. Histology showed an organising thrombus.\n\n1. Andrade F, Lopes M, Sa C. "
        "Leiomyosarcoma of the great saphenous vein: a diagnosis delayed by thrombophlebitis. "
        "Phlebology 2015;30:212-215.\n"
    )
    report = tmp_path / "letter.txt"  # read as a user's file is: the reference is boilerplate
    report.write_text(text, encoding="utf-8")
    (case,) = extract_path(report, nlp)
    assert case.is_gsv_lms is False, case.is_gsv_lms_reason


@pytest.mark.parametrize(
    ("followup", "adjuvant"),
    [
        # a department, or a treatment only talked over
        ("He was referred to medical and radiation oncology to discuss adjuvant therapy.", None),
        ("She was seen in the radiation oncology clinic and is alive at 6 months.", None),
        ("Adjuvant chemotherapy is under discussion at the MDT.", None),
        (
            "Post-operative radiotherapy was not thought to be indicated and no other treatment "
            "was given.",
            "none",
        ),
    ],
)
def test_treatment_under_discussion_or_not_indicated_was_not_given(nlp, followup, adjuvant):
    case = _one(nlp, _report(followup=followup))
    assert case.adjuvant == adjuvant, case.evidence.get("adjuvant")


def test_between_the_knee_and_the_ankle_is_the_lower_leg(nlp):
    presentation = (
        "A 70-year-old woman had a nodule on the left leg, in the middle third, between the "
        "knee and the ankle."
    )
    assert _one(nlp, _report(presentation=presentation)).region == "shank"


def test_how_often_a_patient_was_seen_is_not_the_follow_up(nlp):
    followup = (
        "He was followed up at intervals of six months, with chest CT every 6 months; he is "
        "alive and well 5 months after the operation."
    )
    assert _one(nlp, _report(followup=followup)).followup_months == 5


def test_asymptomatic_at_the_last_visit_is_alive(nlp):
    followup = "At the last visit, 39 months after surgery, he was asymptomatic and working."
    case = _one(nlp, _report(followup=followup))
    assert (case.outcome, case.followup_months) == ("alive", 39)


@pytest.mark.parametrize(
    "text",
    [
        "Leiomyoma of the great saphenous vein: a rare case mimicking leiomyosarcoma\n\nA "
        "43-year-old woman had a painful swelling below the knee whose imaging findings suggested "
        "leiomyosarcoma. Ultrasound showed a lesion arising from the wall of the great saphenous "
        "vein. Histopathology showed a benign leiomyoma.\n",
        "Angioleiomyoma of the great saphenous vein - a benign tumour which can imitate "
        "leiomyosarcoma\n\nA 50-year-old man had a lump at the knee. Diagnosis was "
        "angioleiomyoma, origin from the wall of the GSV. Only histopathological examination can "
        "differ it from leiomyosarcoma.\n",
    ],
)
def test_a_benign_leiomyoma_found_at_histology_is_not_a_leiomyosarcoma(nlp, text):
    case = _one(nlp, text)
    assert case.is_gsv_lms is False and "leiomyoma" in case.is_gsv_lms_reason


def test_a_caval_tumours_thrombosed_saphenous_vein_does_not_give_the_side(nlp):
    text = (
        "Leiomyosarcoma of the inferior vena cava\n\nA 60-year-old woman had swelling of both "
        "legs. Duplex showed a thrombosed right GSV. CT showed a mass arising from the inferior "
        "vena cava; histology showed a leiomyosarcoma.\n"
    )
    assert _one(nlp, text).side is None


def test_a_referring_diagnosis_is_not_the_finding(nlp):
    text = (
        "Leiomyosarcoma of the great saphenous vein\n\nA 60-year-old man had a painless lump of "
        "the thigh. The referring diagnosis was lipoma. At operation the tumour arose from the "
        "wall of the great saphenous vein.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is True, case.is_gsv_lms_reason


@pytest.mark.parametrize(
    ("treatment", "expected"),
    [
        (
            "The mass was removed by wide resection including part of the gracilis muscle; the "
            "great saphenous vein was preserved.",
            ("extended_resection", None),
        ),
        (
            "The tumour was excised with 7 cm of the popliteal vein; venous continuity was "
            "re-established using a reversed great saphenous vein graft.",
            ("radical_resection", True),
        ),
    ],
)
def test_a_clause_after_a_semicolon_and_a_re_established_continuity(nlp, treatment, expected):
    case = _one(nlp, _report(treatment=treatment))
    assert (case.operation, case.vein_reconstruction) == expected


def test_a_negation_reaches_across_the_bracket_that_names_the_scans(nlp):
    followup = (
        "At 18 months she was well, with no clinical or radiological (ultrasound of the thigh "
        "and CT of the chest and abdomen) evidence of local recurrence or metastatic disease."
    )
    case = _one(nlp, _report(followup=followup))
    assert (case.local_recurrence, case.metastasis) == (False, [])


@pytest.mark.parametrize(
    "retold",
    [
        "In 1958 Deweese reported a 6-cm painful thigh mass in a man of 54.",
        "Jernstrom in 1975 excised a 12-cm groin mass from a man of 64.",
        "Smout's 76-year-old woman, with a 6-cm groin mass, lived eight years.",
        "The reported patients ranged in age from 3 to 76 years and the tumours from 1 to 12 cm.",
        "A painful groin mass was a feature in about one third.",
    ],
)
def test_a_review_retelling_other_cases_gives_the_patient_nothing(nlp, retold):
    presentation = f"A 54-year-old woman was referred after an excisional biopsy. {retold}"
    case = _one(nlp, _report(presentation=presentation, treatment="She was treated."))
    assert (case.region, case.size_mm, case.pain) == (None, None, None), retold


def test_a_reply_letter_retelling_the_other_letters_patient_reads_its_own(nlp):
    text = (
        "Reply to Brenner and Okafor\n\nTo the Editor,\n\nWe read with interest the letter of "
        "Brenner and Okafor. In their letter they described a 71-year-old man with a 45 mm "
        "tumour of the left thigh, alive at 24 months.\n\nA 63-year-old woman was referred "
        "with a painless swelling in the groin. The lesion, arising from the great saphenous "
        "vein, was excised. Histology showed a leiomyosarcoma of the great saphenous vein.\n"
    )
    case = _one(nlp, text)
    assert (case.age_years, case.sex, case.side, case.followup_months) == (63, "F", None, None)


def test_years_spent_at_an_activity_are_not_the_follow_up(nlp):
    presentation = (
        "A 61-year-old man had a painful lump in the right calf. He had spent some 40 years "
        "working outdoors, and a basal cell carcinoma had been excised at the age of 65."
    )
    case = _one(nlp, _report(presentation=presentation, followup="He is alive at 14 months."))
    assert case.followup_months == 14


def test_negative_margins_do_not_negate_the_leiomyosarcoma_found(nlp):
    text = (
        "A 60-year-old woman had a mass inside the lumen of the great saphenous vein. "
        "Postoperative pathology showed leiomyosarcoma, tumour size 4.0 cm, grade 2, and the "
        "margins were negative.\n"
    )
    case = _one(nlp, text)
    assert case.is_gsv_lms is True, case.is_gsv_lms_reason


@pytest.mark.parametrize(
    "sections",
    [
        # how far a tumour thrombus extended
        {
            "pathology": "The leiomyosarcoma's tumour thrombus extended through the "
            "saphenofemoral junction for 11 cm into the great saphenous vein."
        },
        # an earlier tumour of another organ
        {
            "presentation": "A 64-year-old woman had a painful lump in the right groin. Six "
            "years before, she had undergone hysterectomy for a 12-cm uterine leiomyosarcoma.",
            "pathology": "Leiomyosarcoma of the GSV.",
        },
    ],
)
def test_measurements_of_something_else_are_not_the_tumours_size(nlp, sections):
    case = _one(nlp, _report(**sections))
    assert case.size_mm is None, case.evidence.get("size_mm")


@pytest.mark.parametrize(
    ("sentence", "sex"),
    [
        (
            "A. W., a laundress aged forty-six, was admitted under the care of Mr. Hardcastle "
            "with a painful swelling below the left knee.",
            "F",
        ),
        (
            "A fisherman aged 60 was referred by Mrs. Jones with a lump in the right thigh.",
            "M",
        ),
        ("Mrs. A. P., aged 51, had a painful lump in the left calf.", "F"),
    ],
)
def test_the_title_of_the_surgeon_is_not_the_patients_sex(nlp, sentence, sex):
    text = f"Saphena varix\n\n{sentence} It was excised.\n"
    assert _one(nlp, text).sex == sex
