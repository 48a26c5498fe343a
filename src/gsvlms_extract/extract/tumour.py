"""The tumour: size, presenting complaint and pain.

Size: each size phrase in a sentence naming the tumour is kept unless a non-tumour word
(incision, margin, vein segment, lymph node, metastasis, "3 cm above", "8 cm apart"...)
names it instead (see `_is_tumour_size`). Measurements are ranked by how
they were taken: pathological/gross > intraoperative > imaging > clinical examination; the
first sentence of the best rank wins; its size phrases are separate lesions only when the
sentence speaks of several ("two nodules of 17 and 19 mm"), else one tumour's dimensions.
Presentation and pain come from the presentation part of the case text (the abstract if
silent); negated, possible, hypothetical and family mentions do not count.
"""

from __future__ import annotations

from spacy.tokens import Span

from gsvlms_extract.extract.anchors import about_an_organ, distance, origin_linked, tumour_spans
from gsvlms_extract.extract.findings import Finding, from_span
from gsvlms_extract.extract.patients import PatientText, introduces_patient, presentation_end
from gsvlms_extract.extract.view import Sentence, is_asserted, modifiers_of

__all__ = ["extract_sizes", "extract_presentation", "extract_pain", "SIZE_RANKS"]

SIZE_RANKS = {"pathology": 4, "intraoperative": 3, "imaging": 2, "clinical": 1}
_SECTION_RANKS = {"pathology": 4, "imaging": 2}
#: words naming something measured that is not the tumour
#: VEIN_RECONSTRUCTION: "a segment of vein 7 cm long", "ligated 3 cm above", "a 14-mm graft"
_NOT_TUMOUR = (
    "SIZE_EXCLUDE",
    "METASTASIS",
    "MET_SITE",
    "ANATOMY_OTHER",
    "VEIN_RECONSTRUCTION",
    "ORIGIN_OTHER",  # "a 12-cm uterine leiomyosarcoma" removed years before
)


#: a measurement followed by one of these places something relative to a landmark
_LANDMARK_RELATIONS = frozenset(
    {"below", "above", "proximal", "distal", "from", "beneath", "under", "short", "caudal"}
)


#: ... and so does one of these followed by "to" or "of": "3 mm deep to the lesion"
_RELATIONS_TO = frozenset(
    {"deep", "medial", "lateral", "inferior", "superior", "anterior", "posterior", "superficial"}
)
#: ... or one of these on its own: "two inches higher up", "2 cm away"
_RELATIONS_ALONE = frozenset({"higher", "lower", "away", "distally", "proximally"})


def _relative_to_a_landmark(size: Span) -> bool:
    """The measurement places something relative to a landmark: "10 cm below the knee", "6 in.
    above the knee-joint" (the unit's full stop skipped), "3 mm deep to the lesion", "two
    inches higher up"."""
    doc = size.doc
    at = size.end
    if at < len(doc) and doc[at].text == ".":
        at += 1  # "6 in. above"
    if at >= len(doc):
        return False
    word = doc[at].lower_
    if word in _LANDMARK_RELATIONS or word in _RELATIONS_ALONE:
        return True
    return word in _RELATIONS_TO and at + 1 < len(doc) and doc[at + 1].lower_ in ("to", "of")


#: "the vein, distended to 11 mm": a vein's or a varix's width, not a tumour's size
_WIDENED = frozenset({"distended", "dilated", "enlarged", "widened", "expanded"})


_VEIN_OF_WINDOW = 5


def _vein_measured(sentence: Sentence, verb, tumours: list[Span]) -> bool:
    """The clause of "measured" opens with a vein ("the GSV proximal to the lesion measured"),
    not a vein's tumour ("the saphenous vein leiomyosarcoma measured"): the vein was measured."""
    doc = verb.doc
    if _relative_to_a_vein(sentence, verb, tumours):
        return True
    start = sentence.span.start
    for i in range(verb.i - 1, sentence.span.start - 1, -1):
        if doc[i].text in (";", ":"):
            start = i + 1
            break
    first = min(
        (t for t in sentence.targets if start <= t.start < verb.i and t.label_ != "SIZE_CONTEXT"),
        key=lambda t: t.start,
        default=None,
    )
    if first is None or first.label_ != "VEIN":
        return False
    return not any(0 <= t.start - first.end <= 1 for t in tumours)


def _relative_to_a_vein(sentence: Sentence, verb, tumours: list[Span]) -> bool:
    """ "a lesion in continuity with the great saphenous vein, which measured 5 mm in diameter":
    "which" takes the vein just before it, unless the tumour is said to be of that vein ("a
    leiomyosarcoma of the GSV, which measured 4 cm")."""
    doc = verb.doc
    i = verb.i - 1
    if i <= sentence.span.start or doc[i].lower_ not in ("which", "that"):
        return False
    i -= 1
    if doc[i].text == ")":  # "the great saphenous vein (GSV), which"
        while i > sentence.span.start and doc[i].text != "(":
            i -= 1
        i -= 1
    if doc[i].text == ",":
        i -= 1
    vein = next((v for v in sentence.of("VEIN") if v.end - 1 == i), None)
    return vein is not None and not any(origin_linked(t, vein) for t in tumours)


def _vein_width(sentence: Sentence, size: Span, tumours: list[Span]) -> bool:
    """ "the underlying long saphenous vein, 9 mm in diameter, was separate": a measurement set
    off by a comma after a vein is the vein's; not "a leiomyosarcoma (arising from the wall) of
    the great saphenous vein, 3 cm in diameter"."""
    doc = size.doc
    if size.start <= 1 or doc[size.start - 1].text != ",":
        return False
    return any(
        v.end == size.start - 1
        and not any(0 <= v.start - t.end <= 3 or origin_linked(t, v) for t in tumours)
        for v in sentence.of("VEIN")
    )


def _length_of_vein(sentence: Sentence, size: Span, tumours: list[Span]) -> bool:
    """ "14 cm of the superficial femoral vein", "8 cm of vein": a length of vein taken."""
    doc = size.doc
    if size.end >= sentence.span.end or doc[size.end].lower_ != "of":
        return False
    limit = min(size.end + 1 + _VEIN_OF_WINDOW, sentence.span.end)
    veins = [v for v in sentence.of("VEIN") if size.end < v.start < limit]
    first_vein = min(
        [v.start for v in veins]
        + [t.i for t in doc[size.end + 1 : limit] if t.lower_ in ("vein", "veins")],
        default=None,
    )
    if first_vein is None:
        return False
    return not any(size.end < t.start < first_vein for t in tumours)


def _is_tumour_size(sentence: Sentence, size: Span, in_the_leg: bool = True) -> bool:
    """Is this size phrase the tumour's?

    What precedes a measurement names it ("a mass of 25 mm", "an incision of 15 cm", "a
    segment of vein 7 cm long"): the nearest tumour or non-tumour word before it decides. A
    non-tumour word right after it also claims it ("a 12 cm incision", "3 cm above"). With
    nothing before it ("A 4-cm mass ..."), the nearest word after it decides.
    """
    tumours = tumour_spans(sentence)
    if not tumours:
        return False
    others = [
        t
        for t in sentence.targets
        if t.label_ in _NOT_TUMOUR and (in_the_leg or t.label_ != "MET_SITE")
    ]  # a retroperitoneal or adrenal mass: its organ is its site when it is not in the leg
    doc = size.doc
    verb = next(
        (
            doc[i]
            for i in range(size.start - 1, max(size.start - 3, sentence.span.start - 1), -1)
            if doc[i].lower_.startswith("measur")
        ),
        None,
    )
    if _vein_width(sentence, size, tumours):
        return False
    if verb is not None and _vein_measured(sentence, verb, tumours):
        return False  # "; the GSV proximal to the lesion measured 6.8 mm in diameter"
    if (
        verb is not None
        and verb.i > 0
        and doc[verb.i - 1].lower_ in (",", "and")
        and not any(t.lower_ in ("which", "that", "who") for t in doc[sentence.span.start : verb.i])
    ):
        # "two tumours in the wall of the vein, measuring 100 mm", "the neoformation lay along
        # the vein and measured 6 cm": the verb after a comma or "and" describes the clause's
        # first noun, not the nearest one
        cues = sorted((c for c in tumours + others if c.end <= verb.i), key=lambda c: c.start)
        if cues:
            return cues[0] in tumours
    if any(o.start >= size.end and o.start - size.end <= 1 for o in others):
        return False
    if _relative_to_a_landmark(size):
        return False  # "10 cm below the knee", "12 cm from the groin crease": a distance
    lead = [t.lower_ for t in doc[max(size.start - 2, sentence.span.start) : size.start]]
    if "within" in lead or (lead and lead[-1] == "to" and _WIDENED.intersection(lead)):
        return False  # "to within 2 mm of the margin", "the vein, distended to 11 mm"
    if (
        size.start > 0
        and doc[size.start - 1].lower_ in ("over", "along", "for")
        and size.end < len(doc)
        and doc[size.end].lower_ == "of"
    ):
        return False  # "a tender cord over 15 cm of the medial thigh": an extent
    spread = doc[max(size.start - 6, sentence.span.start) : size.start]
    if any(t.lower_.startswith(("extend", "propagat", "spread")) for t in spread):
        return False  # "its thrombus extended for 11 cm into the great saphenous vein"
    if _length_of_vein(sentence, size, tumours):
        return False  # "resected en bloc with 14 cm of the superficial femoral vein"
    if any(t.start >= size.end and t.start - size.end <= 1 for t in tumours):
        return True
    before_t = [t for t in tumours if t.end <= size.start]
    before_o = [o for o in others if o.end <= size.start]
    if before_t or before_o:
        d_tumour = min((size.start - t.end for t in before_t), default=10**6)
        d_other = min((size.start - o.end for o in before_o), default=10**6)
        return d_tumour <= d_other
    d_tumour = min(distance(size, t) for t in tumours)
    d_other = min((distance(size, o) for o in others), default=10**6)
    return d_tumour <= d_other


_SEVERAL = frozenset(
    {
        "two",
        "three",
        "four",
        "both",
        "multiple",
        "several",
        "second",
        "each",
        "multifocal",
        "separate",
    }
)
_PLURAL_TUMOUR = frozenset(
    {"tumours", "tumors", "lesions", "masses", "nodules", "lumps", "swellings"}
)


def _several_lesions(sentence: Sentence) -> bool:
    """Does the sentence speak of more than one lesion ("two nodules of 17 and 19 mm")?"""
    words = {t.lower_ for t in sentence.span}
    return bool(words & _SEVERAL) or bool(words & _PLURAL_TUMOUR)


def _rank(sentence: Sentence, in_presentation: bool) -> int:
    cues = [SIZE_RANKS[t._.gsvlms_value] for t in sentence.of("SIZE_CONTEXT")]
    if cues:
        return max(cues)
    if sentence.section in _SECTION_RANKS:
        return _SECTION_RANKS[sentence.section]
    return 1 if in_presentation else 0


def _tumour_not_specimen(sentence: Sentence, sizes: list[Span]) -> list[Span]:
    """ "The specimen measured 12 x 9 cm; the tumour itself measured 4.5 cm", "the mass had been
    estimated at about 10 cm, but the fixed specimen measured 8 x 6 x 5 cm": when a sentence
    sizes both the specimen and the tumour, the smaller is the tumour's (a specimen holds the
    tumour and more; a clinical estimate runs larger than the specimen)."""
    if len(sizes) < 2:
        return sizes
    tumours = tumour_spans(sentence)

    def named_by_specimen(size: Span) -> bool | None:
        before = [t for t in tumours if t.end <= size.start]
        if not before:
            return None
        return max(before, key=lambda t: t.end).text.lower().endswith("specimen")

    named = [named_by_specimen(q) for q in sizes]
    if not (True in named and False in named):
        return sizes
    specimen = [q for q, by in zip(sizes, named, strict=True) if by is True]
    tumour = [q for q, by in zip(sizes, named, strict=True) if by is not True]

    def largest(group: list[Span]) -> float:
        return max(v for q in group for v in q._.gsvlms_value)

    return specimen if largest(specimen) < largest(tumour) else tumour


def _best_size(
    sentences: list[Sentence], presentation_end: int, in_the_leg: bool = True
) -> tuple[int, int, Sentence, list[Span]] | None:
    best: tuple[int, int, Sentence, list[Span]] | None = None
    for position, sentence in enumerate(sentences):
        if any(is_asserted(t) for t in sentence.of("RECURRENCE", "METASTASIS")):
            continue  # a recurrent nodule or a metastasis is not the primary tumour
        sizes = [
            q
            for q in sentence.quantities_of("SIZE")
            if _is_tumour_size(sentence, q, in_the_leg)
            and not (in_the_leg and about_an_organ(sentence, q))
        ]
        sizes = _tumour_not_specimen(sentence, sizes)
        if not sizes:
            continue
        rank = _rank(sentence, position < presentation_end)
        if best is None or rank > best[0]:
            best = (rank, position, sentence, sizes)
    return best


def extract_sizes(
    patient: PatientText, in_the_leg: bool = True
) -> tuple[Finding | None, Finding | None]:
    """(size_mm, sizes_mm) findings: the largest lesion and every lesion's largest diameter.

    The case text decides, unless only the abstract gives the pathological size (the case text
    then giving the scan's): the specimen's measure beats the scan's wherever it is stated.
    For a tumour of the leg (``in_the_leg``) a mass in an organ is a metastasis, not the
    tumour; a report whose tumour is not placed in the leg (a caval, retroperitoneal or bowel
    tumour) measures it in its organ."""
    best = _best_size(patient.case, patient.window_end, in_the_leg)
    if best is None or best[0] < SIZE_RANKS["pathology"]:  # the abstract may say more
        in_summary = _best_size(patient.summary, 0, in_the_leg)
        if best is None or (in_summary is not None and in_summary[0] >= SIZE_RANKS["pathology"]):
            best = in_summary
    if best is None:
        return None, None
    _, _, sentence, sizes = best
    lesions: list[float] = []
    for span in sizes:
        for value in span._.gsvlms_value:
            if value not in lesions:
                lesions.append(float(value))
    if len(lesions) > 1 and not _several_lesions(sentence):
        lesions = [max(lesions)]  # "25 mm long and 15 mm broad": one tumour
    largest = max(lesions)
    top = next(s for s in sizes if largest in s._.gsvlms_value)
    first, last = sizes[0], sizes[-1]
    size_finding = from_span(largest, sentence, top)
    lesions_finding = Finding(
        value=lesions,
        start=first.start_char,
        end=last.end_char,
        text=sentence.span.doc.text[first.start_char : last.end_char],
        sentence=size_finding.sentence,
        sentence_start=size_finding.sentence_start,
        rule_id=top._.gsvlms_rule,
    )
    return size_finding, lesions_finding


#: findings of the work-up before the operation that belong to the presentation
_WORKUP_PRESENTATIONS = frozenset({"thrombosis", "phlebitis"})
#: what a scan sees rather than what the patient is diagnosed with ("a thrombosed segment",
#: "tumour thrombus"): not the presentation when found in the work-up
_IMAGING_FINDINGS = frozenset({"thrombus", "thrombi", "thrombosed", "clot"})


def _before_operation(sentences_after: list[Sentence]) -> list[Sentence]:
    sentences = []
    for sentence in sentences_after:
        if sentence.has("OPERATION", "OPERATION_EXTENDED") or sentence.section in (
            "treatment",
            "pathology",
            "follow_up",
        ):
            break
        sentences.append(sentence)
    return sentences


_HOW_IT_FELT = frozenset({"asymptomatic"})
#: words that introduce what brought the patient to the doctor, beside the PRESENTING rules
_COMPLAINT_WORDS = frozenset({"noticed", "noted", "complained", "history", "because", "due"})


def _states_the_complaint(sentence: Sentence) -> bool:
    """ "Presented with / complained of / noticed / a 2-year history of ...": the complaint, as
    opposed to the examination's description of the same lump ("a firm 3 cm nodule")."""
    if sentence.has("PRESENTING"):
        return True
    return any(t.lower_ in _COMPLAINT_WORDS for t in sentence.span)


def _complaint_in(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """The complaint sentences of a text with no case section (an abstract): from the first
    sentence that states a complaint to the first that reports imaging or the operation, as
    `PatientText.presentation` is for a case text; and the sentences after them. An imaging
    finding ("ultrasound showed a 22 mm nodule") is not what brought the patient."""
    start = next(
        (i for i, s in enumerate(sentences) if s.has("PRESENTATION") and _states_the_complaint(s)),
        None,
    )
    if start is None:
        return [], []
    end = presentation_end(sentences, start)
    window = sentences[start:end]
    return [s for s in window if _states_the_complaint(s)], sentences[end:]


def extract_presentation(patient: PatientText) -> Finding | None:
    """Complaints of the presentation part, thrombosis/oedema/phlebitis found in the work-up
    before the operation, and what the abstract says the patient presented with."""
    values: list[str] = []
    first: tuple[Sentence, Span] | None = None

    def collect(
        sentences: list[Sentence],
        allowed: frozenset[str] | None,
        after_cue: bool = False,
        workup: bool = False,
    ) -> None:
        nonlocal first
        for sentence in sentences:
            cue = min((c.start for c in sentence.of("PRESENTING")), default=None)
            for span in sentence.of("PRESENTATION"):
                value = span._.gsvlms_value
                if after_cue and cue is not None and span.start < cue:
                    continue  # "Thrombosed varix presenting as a groin lump": the diagnosis
                if about_an_organ(sentence, span):
                    continue  # a mass in the heart or lung is a metastasis
                if workup and span.text.lower() in _IMAGING_FINDINGS:
                    continue  # "thrombus in the popliteal vein" on the scan is not a diagnosis
                if is_asserted(span) and (allowed is None or value in allowed):
                    values.append(value)
                    first = first or (sentence, span)

    # the sentence that introduces the patient, else the first real sentence (not a title such
    # as "Thrombosed saphena varix presenting as a painful groin lump")
    opening = next((s for s in patient.presentation if introduces_patient(s)), None) or next(
        (s for s in patient.presentation if len(s.span) > 4), None
    )
    complaint = [s for s in patient.presentation if s is opening or _states_the_complaint(s)]
    collect(complaint, None, after_cue=True)
    if first is None:
        collect(patient.presentation, None)
    else:  # "he reported no pain; the swelling was entirely asymptomatic"
        collect([s for s in patient.presentation if s not in complaint], _HOW_IT_FELT)
    if first is not None:
        collect(_before_operation(patient.course), _WORKUP_PRESENTATIONS, workup=True)
        collect([s for s in patient.summary if s.has("PRESENTING")], None, after_cue=True)
    else:  # an abstract only: its complaint, as in a case text, then the work-up
        complaint, after = _complaint_in(patient.summary)
        collect(complaint, None)
        if first is None:
            collect(patient.summary, None)
        else:
            collect(_before_operation(after), _WORKUP_PRESENTATIONS, workup=True)
    if first is None:
        return None
    sentence, span = first
    return from_span(sorted(set(values)), sentence, span)


def extract_pain(patient: PatientText) -> Finding | None:
    """Painful if any asserted pain word; painless if only painless words, negated pain
    ("no tenderness", "denied pain") or an asymptomatic presentation."""
    for sentences in (patient.presentation, patient.summary):
        painless: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            for span in sentence.of("PAIN", "PRESENTATION"):
                value = span._.gsvlms_value
                if span.label_ == "PRESENTATION" and value != "asymptomatic":
                    continue
                asserted = is_asserted(span)
                if span.label_ == "PAIN" and value == "painful" and asserted:
                    return from_span("painful", sentence, span)
                negated = "negated" in modifiers_of(span)
                if painless is None and (
                    (value in ("painless", "asymptomatic") and asserted)
                    or (value == "painful" and negated)
                ):
                    painless = (sentence, span)
        if painless is not None:
            return from_span("painless", *painless)
    return None
