"""Side and region of the leg where the tumour is.

The region is the region word nearest to a word naming the tumour ("a mass on his left
calf"), read first in the presentation, then in the rest of the case text, then in the
title/abstract; the review's rules map words to regions (above knee → thigh; below knee,
calf, lower leg → shank; inguinal, groin, saphenofemoral junction → groin; popliteal fossa →
knee; malleolus, ankle → ankle). The side is the left/right word nearest to that region word,
else nearest to a tumour word or to the limb in a sentence about the tumour, else the side of
the great saphenous vein. A side word that qualifies an organ ("right ventricle") is ignored.
"""

from __future__ import annotations

from gsvlms_extract.extract.anchors import (
    asserted_tumour_spans,
    distance,
    is_limb_vein,
    nearest,
    origin_linked,
)
from gsvlms_extract.extract.findings import Finding, from_span
from gsvlms_extract.extract.patients import PatientText
from gsvlms_extract.extract.view import Sentence, is_asserted

__all__ = ["extract_region", "extract_side"]

#: a side word this many tokens or fewer before a region/tumour word qualifies it
SIDE_WINDOW = 4
_CORD_WORDS = frozenset({"cord", "cords"})
#: "swelling of both legs, predominantly on the right": a bilateral anchor has no side
_BILATERAL = frozenset({"both", "bilateral", "bilaterally"})


#: follow-up cues that date an event after the operation: "fifteen months after the operation
#: she returned with a lump in the left thigh"; "two years later", "subsequently" only once the
#: operation has been told ("three months later a mass was palpable" may precede it)
_AFTER_OPERATION_CUES = frozenset(
    {
        "followup_cue.after_surgery",
        "followup_cue.after_operation",
        "followup_cue.after_the_operation",
        "followup_cue.after_resection",
        "followup_cue.postoperatively",
        "followup_cue.post_operatively",
    }
)
_LATER_CUES = frozenset(
    {"followup_cue.later", "followup_cue.subsequently", "followup_cue.thereafter"}
)


def _before_later_events(sentences: list[Sentence]) -> list[Sentence]:
    """``sentences`` without those telling of an event after the operation."""
    kept, operated = [], False
    for sentence in sentences:
        cues = {c._.gsvlms_rule for c in sentence.of("FOLLOWUP_CUE")}
        if not (cues & _AFTER_OPERATION_CUES or (operated and cues & _LATER_CUES)):
            kept.append(sentence)
        operated = operated or sentence.has("OPERATION", "OPERATION_EXTENDED")
    return kept


def _groups(patient: PatientText, is_gsv_lms: bool) -> tuple[list[Sentence], ...]:
    # a lump that appears after the operation on a look-alike (a retroperitoneal sarcoma's
    # deposit in the thigh) is not where its tumour arose; a GSV-LMS's later lump is a local
    # recurrence, on the same side and in the same region
    course = patient.course if is_gsv_lms else _before_later_events(patient.course)
    return (patient.presentation, course, patient.summary)


def _lesions(sentence: Sentence) -> list:
    """What a thrombophlebitis report points at instead of a tumour: the inflamed vein ("a red,
    tender cord on the inner thigh", "thrombophlebitis of the thigh")."""
    spans = [
        p
        for p in sentence.of("PRESENTATION")
        if p._.gsvlms_value in ("phlebitis", "thrombosis") and is_asserted(p)
    ]
    doc = sentence.span.doc
    spans += [doc[t.i : t.i + 1] for t in sentence.span if t.lower_ in _CORD_WORDS]
    return spans


def _region_near(sentences: list[Sentence], anchors_of) -> Finding | None:
    for sentence in sentences:
        anchors = anchors_of(sentence)
        regions = [r for r in sentence.of("REGION") if is_asserted(r)]
        if not anchors or not regions:
            continue
        best = min(regions, key=lambda r: (min(distance(r, t) for t in anchors), r.start))
        return from_span(best._.gsvlms_value, sentence, best)
    return None


def extract_region(patient: PatientText, is_gsv_lms: bool = True) -> Finding | None:
    for sentences in _groups(patient, is_gsv_lms):
        found = _region_near(sentences, asserted_tumour_spans)
        if found is not None:
            return found
    # no tumour anywhere (a thrombophlebitis, a varix): the region of the inflamed vein where
    # the complaint is stated ("a red, tender cord on the inner aspect of the left thigh")
    complaint = [s for s in patient.presentation if s.has("SEX", "PRESENTING")]
    return _region_near(complaint, _lesions)


def _side_before(sentence: Sentence, anchor) -> Finding | None:
    """The side word qualifying ``anchor``: just before it ("left calf"), else just after it
    ("below the knee on the left", "above the knee of her right leg")."""
    doc = anchor.doc
    if any(t.lower_ in _BILATERAL for t in doc[max(anchor.start - 2, 0) : anchor.end]):
        return None
    organs = sentence.of("MET_SITE", "ANATOMY_OTHER") + [
        v for v in sentence.of("VEIN") if not is_limb_vein(v._.gsvlms_value)
    ]
    # "right ventricle", "left lung", "left inguinal hernia", "right internal iliac vein": that
    # side belongs to the organ
    sides = [
        s
        for s in sentence.of("LATERALITY")
        if not any(0 <= o.start - s.end <= 1 or (o.start <= s.start < o.end) for o in organs)
    ]
    before = [s for s in sides if s.end <= anchor.start and anchor.start - s.end <= SIDE_WINDOW]
    after = [s for s in sides if s.start >= anchor.end and s.start - anchor.end <= SIDE_WINDOW]
    for candidates in (before, after):
        if candidates:
            if len({c._.gsvlms_value for c in candidates}) > 1:
                return None  # "the right and left common iliac veins": both sides
            side = nearest(anchor, candidates)
            return from_span(side._.gsvlms_value, sentence, side)
    return None


def _on_the_leg(sentence: Sentence) -> bool:
    """The sentence names the leg: a region, the limb or one of its veins."""
    return bool(
        sentence.of("REGION", "LIMB")
        or any(is_limb_vein(v._.gsvlms_value) for v in sentence.of("VEIN"))
    )


def extract_side(
    patient: PatientText, region: Finding | None, is_gsv_lms: bool = True
) -> Finding | None:
    groups = _groups(patient, is_gsv_lms)
    if region is not None:
        for sentences in groups:
            for sentence in sentences:
                for span in sentence.of("REGION"):
                    if span.start_char == region.start:
                        found = _side_before(sentence, span)
                        if found:
                            return found
    for sentences in groups:
        for sentence in sentences:
            tumours = asserted_tumour_spans(sentence)
            # a tumour, or a complaint: "a painful, red, hard cord on her left thigh"
            complaint = tumours or [
                p for p in sentence.of("PRESENTATION", "PAIN") if is_asserted(p)
            ] + _lesions(sentence)
            if not complaint:
                continue  # "an incision in the left groin crease", "a left below-knee amputation"
            if not _on_the_leg(sentence):
                tumours = []  # "a 12 x 4 cm mass paravertebral right": not a side of the leg
            # "a mass of the left lower limb", "painful left lower extremity oedema"
            for anchor in tumours + sentence.of("REGION") + sentence.of("LIMB"):
                found = _side_before(sentence, anchor)
                if found:
                    return found
    for sentences in groups if is_gsv_lms else ():  # a caval tumour's "thrombosed right GSV"
        for sentence in sentences:
            for vein in sentence.of("VEIN"):
                if vein._.gsvlms_value == "gsv":
                    found = _side_before(sentence, vein)
                    if found:
                        return found
    # a look-alike's own vein, where the tumour or its thrombus is ("a mass in the left external
    # iliac vein"): a vein of the limb named with a tumour word in the case text
    for sentences in groups[:2]:
        for sentence in sentences:
            tumours = asserted_tumour_spans(sentence)
            for vein in sentence.of("VEIN"):
                value = vein._.gsvlms_value
                if (
                    value != "gsv"
                    and is_limb_vein(value)
                    and is_asserted(vein)
                    and any(origin_linked(t, vein) for t in tumours)
                ):
                    found = _side_before(sentence, vein)
                    if found:
                        return found
    return None
