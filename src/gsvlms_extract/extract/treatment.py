"""Operation, vein reconstruction and adjuvant therapy.

Operation: an extended or compartmental resection, or a wide or en bloc excision that takes
tissue beyond the tumour and its vein segment (fascia, muscle, skin, lymph nodes...), or a
resection taking the surrounding muscle or fascia → ``extended_resection``; any other
excision/resection/removal, a "wide local excision" with margins alone included →
``radical_resection``. Tissue named but left in place ("down to the deep fascia, which was left
intact", "sparing the muscle", "a split-skin graft") is not taken.

Vein reconstruction (convention in gold/DATA_DICTIONARY.md): a limb vein grafted, patched,
bypassed, repaired or reconstructed → true; the vein's handling stated without reconstruction
(ligated, divided, stripped, oversewn, removed with the tumour, "no reconstruction was
needed") → false; an operation that says nothing of the vein → null.
Adjuvant: radiotherapy and/or chemotherapy given for the primary tumour; an explicit
"no adjuvant therapy" → none; treatment of a later recurrence or metastasis counts only when
the report says nothing else about adjuvant therapy.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from gsvlms_extract.extract.anchors import asserted_tumour_spans, distance, is_limb_vein
from gsvlms_extract.extract.findings import Finding, from_span
from gsvlms_extract.extract.patients import PatientText
from gsvlms_extract.extract.view import Sentence, is_asserted, is_stated_now, modifiers_of

__all__ = ["extract_operation", "extract_vein_reconstruction", "extract_adjuvant"]

#: extended-resection words that only count next to a resection word in the same sentence
_NEEDS_RESECTION = ("fascia", "muscle", "margin")
#: "en bloc" says the tumour came out in one piece, with whatever the sentence lists: it is an
#: extended resection only when that includes tissue beyond the tumour and its vein segment
#: (fascia, muscle, skin, lymph nodes, periosteum, an adjacent organ); "en bloc with the
#: involved segment of the vein" is the ordinary radical excision of a venous tumour
#: "wide (local) excision" says there were margins of normal tissue: the same rule
_NEEDS_TISSUE = ("en bloc", "wide")
_BEYOND_THE_VEIN = (
    "fascia",
    "fasciae",
    "aponeuro",
    "muscle",
    "muscular",
    "myocardium",
    "skin",
    "lymph",
    "node",
    "periosteum",
    "kidney",
    "nephrectomy",
    "retroperitoneal tissue",
    "retroperitoneal fat",
    "sartorius",
    "gracilis",
    "gastrocnemius",
    "vastus",
    "adductor",
    "quadriceps",
    "hamstring",
    "compartment",
    "soft tissues",
)


#: "down to the deep fascia, which was left intact", "sparing the sartorius", "a split-skin
#: graft", "the muscular fascia was not infiltrated and was respected": named, not taken with
#: the tumour (the words between name no resection and cross no ";": "the fascia was excised and
#: the muscle preserved", "part of the gracilis muscle; the great saphenous vein was preserved"
#: took the tissue)
_KEPT = re.compile(
    r"^(?:\W*graft|[^\w;]*(?:(?!excis|resect|remov|taken|includ|sacrific)\w+[^\w;]+){0,5}?"
    r"(?:was |were |being )?(?:left intact|preserved|spared|respected|"
    r"(?:left )?untouched|"
    r"not (?:resected|removed|excised|taken|involved|infiltrated|invaded|opened|breached|"
    r"entered|incised|violated)))"
)
_SPARING = re.compile(
    r"(?:sparing|preserving|preservation of|leaving|down to|not including|excluding)"
    r"\W+(?:\w+\W+){0,2}$"
)


def _kept_at(text: str, start: int, end: int) -> bool:
    """The tissue named at ``text[start:end]`` (lower case) was left in place ("down to the
    deep fascia, which was left intact", "sparing the sartorius")."""
    return bool(_KEPT.match(text[end:]) or _SPARING.search(text[max(0, start - 40) : start]))


def _kept(span: Span) -> bool:
    text = span.doc.text[: span.end_char + 60].lower()  # what follows, within 60 characters
    return _kept_at(text, span.start_char, span.end_char)


def _takes_tissue_beyond_the_vein(sentence: Sentence) -> bool:
    text = sentence.text.lower()
    return any(
        not _kept_at(text, found.start(), found.end())
        for word in _BEYOND_THE_VEIN
        for found in re.finditer(re.escape(word), text)
    )


#: words that join what an excision took to the excision ("excised together with an ellipse of
#: skin and a cuff of the sartorius muscle", "resected including the deep fascia")
_TAKEN_WITH = frozenset({"with", "including", "included", "includes", "plus", "incorporating"})
#: the tissue word names a way in or a cover, not something taken ("a skin incision", "skin
#: closure", "a muscle flap")
_NOT_TAKEN_AFTER = frozenset(
    {
        "incision",
        "incisions",
        "closure",
        "closed",
        "graft",
        "grafts",
        "grafting",
        "flap",
        "flaps",
        "crease",
        "edges",
        "sutures",
        "staples",
    }
)
_TAKEN_WINDOW = 12
#: single-word stems of `_BEYOND_THE_VEIN` ("node" also reads "nodes")
_TISSUE_STEMS = tuple(w for w in _BEYOND_THE_VEIN if " " not in w)


def _takes_named_tissue(resection: Span) -> bool:
    """An excision that says it took tissue beyond the tumour and its vein: "excised widely
    together with an ellipse of skin and a cuff of the underlying sartorius muscle",
    "resected with the adjacent part of the soleus muscle". The tissue follows the excision
    word and a "with"/"including" in the same clause, and is not named as kept or as a way in
    ("through a skin incision")."""
    doc = resection.doc
    end = min(resection.end + _TAKEN_WINDOW, resection.sent.end)
    joined = False
    for token in doc[resection.end : end]:
        if token.text in (";", ":") or token.lower_ in ("but", "which", "whereas"):
            return False
        if token.lower_ in _TAKEN_WITH:
            joined = True
            continue
        if token.lower_.startswith("margin"):
            joined = False  # "with a 1-cm margin of normal skin": margins, a radical excision
            continue
        if not joined or not token.lower_.startswith(_TISSUE_STEMS):
            continue
        after = token.nbor(1).lower_ if token.i + 1 < len(doc) else ""
        if after in _NOT_TAKEN_AFTER:
            continue
        if not _kept(doc[token.i : token.i + 1]):
            return True
    return False


def _case_then_summary(patient: PatientText) -> tuple[list[Sentence], ...]:
    return (patient.case, patient.summary)


def _about_relapse(sentence: Sentence) -> bool:
    return any(is_asserted(t) for t in sentence.of("METASTASIS", "RECURRENCE"))


def _shelled_out(sentence: Sentence) -> bool:
    """ "The lesion was excised by enucleation, preserving the nerve": the tumour shelled out,
    neither resection (see the data dictionary: operation null)."""
    return any(t.lower_.startswith(("enucleat", "shelled")) for t in sentence.span)


def extract_operation(patient: PatientText) -> Finding | None:
    """The operation on the primary tumour; re-excisions of a recurrence or metastasectomies
    count only when the report describes no other operation."""
    primary = [s for s in patient.case if not _about_relapse(s)]
    relapse = [s for s in patient.case if _about_relapse(s)]
    for sentences in (primary, patient.summary, relapse):
        radical: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            resections = [s for s in sentence.of("OPERATION") if is_stated_now(s)]
            for span in sentence.of("OPERATION_EXTENDED"):
                if not is_stated_now(span) or _kept(span):
                    continue
                if any(
                    word in span.text.lower() for word in _NEEDS_TISSUE
                ) and not _takes_tissue_beyond_the_vein(sentence):
                    if radical is None:  # "a wide local excision": an excision all the same
                        radical = (sentence, span)
                    continue
                needs = any(word in span.text.lower() for word in _NEEDS_RESECTION)
                if (
                    needs
                    and not resections
                    and not any(
                        other is not span
                        and is_asserted(other)
                        and not any(w in other.text.lower() for w in _NEEDS_RESECTION)
                        for other in sentence.of("OPERATION_EXTENDED")
                    )
                ):
                    continue
                return from_span("extended_resection", sentence, span)
            taking = next((r for r in resections if _takes_named_tissue(r)), None)
            if taking is not None:
                return from_span("extended_resection", sentence, taking)
            if radical is None and resections and not _shelled_out(sentence):
                radical = (sentence, resections[0])
        if radical is not None:
            return from_span("radical_resection", *radical)
    return None


#: words naming a vein that have no VEIN target of their own ("the vein was ligated")
_VEIN_WORDS = frozenset(
    {"vein", "veins", "venous", "caval", "saphenofemoral", "sapheno-femoral", "saphenopopliteal"}
)
#: a handling word (ligated, divided...) counts this close to a vein name
HANDLING_WINDOW = 12
#: a "segment of" / "together with" phrase counts when a vein name follows this closely
SEGMENT_WINDOW = 6


def _limb_veins(sentence: Sentence) -> list[Span]:
    """Mentions of a limb vein: VEIN targets of the leg and bare vein words."""
    spans = [
        v
        for v in sentence.of("VEIN")
        # not an arterial bypass or a renal vein; the vena cava counts: a caval leiomyosarcoma
        # replaced by a graft is a vein reconstruction
        if is_limb_vein(v._.gsvlms_value, cava=True)
    ]
    doc = sentence.span.doc
    named = sentence.of("VEIN", "ANATOMY_OTHER", "NOT_VEIN_RECONSTRUCTION")  # "renal vein"
    covered = {i for v in named for i in range(v.start, v.end)}
    for token in sentence.span:
        if token.i in covered:
            continue
        if token.lower_ in _VEIN_WORDS or token.lower_.startswith("saphen"):
            spans.append(doc[token.i : token.i + 1])
    return spans


def _names_vein(span: Span) -> bool:
    return any(t.lower_ in _VEIN_WORDS or t.lower_.startswith("veno") for t in span)


_NEW_SUBJECT = frozenset({"and", "whereas", "while", "but"})
#: an artery named without a VEIN target ("the arterial defect"), not an arteriovenous fistula
_ARTERY_WORDS = frozenset({"arterial", "artery", "arteries"})


def _nearer_to_non_vein(sentence: Sentence, span: Span, veins: list[Span]) -> bool:
    """A cardiac patch, a coronary bypass, a skin graft, a hernia repair or an artery ("the
    superficial femoral artery was reconstructed with the saphenous vein") is nearer."""
    doc = sentence.span.doc
    others = (
        sentence.of("NOT_VEIN_RECONSTRUCTION")
        + [v for v in sentence.of("VEIN") if "artery" in (v._.gsvlms_value or "")]
        # "the arterial defect was reconstructed by a bypass with reversed GSV"
        + [doc[t.i : t.i + 1] for t in sentence.span if t.lower_ in _ARTERY_WORDS]
    )
    if not others:
        return False
    d_other = min(distance(span, o) for o in others)
    d_vein = min((distance(span, v) for v in veins), default=10**6)
    return d_other < d_vein


def _artery_first(sentence: Sentence, span: Span, veins: list[Span]) -> bool:
    """ "The arterial defect was reconstructed by a femoro-popliteal bypass with reversed GSV":
    the clause names an artery, and no vein (of ``veins``, the sentence's limb veins), before
    the reconstruction word."""
    doc = sentence.span.doc
    start = sentence.span.start
    for token in doc[sentence.span.start : span.start]:
        if token.text == ";":
            start = token.i + 1
    before = doc[start : span.start]
    if not any(t.lower_ in _ARTERY_WORDS for t in before):
        return False
    if any(start <= v.start < span.start for v in veins):
        return False
    # "the artery was reconstructed with a PTFE graft and the vein with a reversed GSV": the
    # vein is reconstructed too; "... bypass with reversed GSV" only uses it as the conduit
    return not any(
        v.start > span.start
        and {t.lower_ for t in doc[max(v.start - 3, span.end) : v.start]} & _NEW_SUBJECT
        for v in veins
    )


def _about_limb_vein(sentence: Sentence, span: Span) -> bool:
    veins = _limb_veins(sentence)
    if _artery_first(sentence, span, veins):
        return False
    if _nearer_to_non_vein(sentence, span, veins):
        return False
    return _names_vein(span) or bool(veins)


def _graft_material(sentence: Sentence, span: Span) -> bool:
    """ "the artery was reconstructed with a reversed saphenous vein graft": the vein named
    right before "graft" is the material; what was reconstructed is said by the sentence's
    other reconstruction word."""
    doc = sentence.span.doc
    before = [v for v in sentence.of("VEIN") if 0 <= span.start - v.end <= 1]
    others = [
        o
        for o in sentence.of("VEIN_RECONSTRUCTION")
        if o is not span and o._.gsvlms_value == "true" and is_asserted(o)
    ]
    return bool(before) and bool(others) and "graft" in doc[span.start : span.end].text.lower()


def _handles_vein(sentence: Sentence, span: Span) -> bool:
    """Ligated, divided, stripped... said of a vein nearby, not of something else nearer."""
    veins = _limb_veins(sentence)
    if not veins or _nearer_to_non_vein(sentence, span, veins):
        return False
    return min(distance(span, v) for v in veins) <= HANDLING_WINDOW


def _removes_vein_segment(sentence: Sentence, span: Span) -> bool:
    """The tumour excised "with the involved segment of the vein": a vein name right after
    the phrase and a resection of the tumour asserted in the same sentence."""
    if _about_relapse(sentence):
        return False
    if not any(is_asserted(s) for s in sentence.of("OPERATION", "OPERATION_EXTENDED")):
        return False
    if _names_vein(span):  # "the venous segment"
        return True
    doc = sentence.span.doc
    return any(
        v.start >= span.end
        and v.start - span.end < SEGMENT_WINDOW
        # "a cuff of the sartorius; the GSV was preserved": the phrase ends before the vein
        and not any(t.text in (";", ":") for t in doc[span.end : v.start])
        for v in _limb_veins(sentence)
    )


#: rule id reported when the vein and the tumour are removed together ("the tumour and the
#: saphenous vein were removed en bloc", "the vein was excised with the tumour")
REMOVED_WITH_TUMOUR_RULE = "vein_reconstruction.removed_with_tumour"


def _removed_with_tumour(sentence: Sentence) -> Span | None:
    """A limb vein named as removed together with the tumour: coordinated with it ("the tumour
    and the vein were resected") or joined to it by a resection word and "with" ("the vein was
    excised with the tumour"). Returns the vein mention."""
    if _about_relapse(sentence):
        return None
    resections = [s for s in sentence.of("OPERATION", "OPERATION_EXTENDED") if is_asserted(s)]
    tumours = asserted_tumour_spans(sentence)
    if not resections or not tumours:
        return None
    doc = sentence.span.doc
    for vein in _limb_veins(sentence):
        for tumour in tumours:
            first, last = sorted((vein, tumour), key=lambda s: s.start)
            between = [t.lower_ for t in doc[first.end : last.start]]
            joined = "and" in between and len(between) <= 3
            verb_after = any(0 <= r.start - last.end <= 3 for r in resections)
            if joined and verb_after:
                return vein
            verb_between = any(r.start >= first.end and r.end <= last.start for r in resections)
            if "with" in between and verb_between and len(between) <= 6:
                return vein
    return None


def _tells_an_operation(sentence: Sentence) -> bool:
    return any(is_stated_now(s) for s in sentence.of("OPERATION", "OPERATION_EXTENDED"))


def extract_vein_reconstruction(patient: PatientText) -> Finding | None:
    """True for a stated reconstruction of a limb vein; false for a stated absence of one or
    for the vein's non-reconstructive handling (ligation, division, removal with the
    tumour); null when the report does not say what was done to the vein."""
    # an abstract may tell the presentation and the operation in one sentence ("A 39-year-old
    # man presented with a mass ...; at operation it was resected with the venous segment")
    told = [s for s in patient.presentation if _tells_an_operation(s)]
    for sentences in (told + patient.course, patient.summary):
        negative: tuple[Sentence, Span] | None = None
        handled: tuple[Sentence, Span] | None = None
        removed: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            for span in sentence.of("VEIN_RECONSTRUCTION"):
                mods = modifiers_of(span)
                if "historical" in mods:
                    continue  # an earlier operation (a coronary bypass with the vein...)
                value = span._.gsvlms_value
                if value == "true":
                    if not _about_limb_vein(sentence, span) or _graft_material(sentence, span):
                        continue
                    if is_asserted(span):
                        return from_span(True, sentence, span)
                    if negative is None and "negated" in mods:
                        negative = (sentence, span)
                elif not is_asserted(span):
                    continue
                elif value == "false" and handled is None and _handles_vein(sentence, span):
                    handled = (sentence, span)
                elif (
                    value == "vein_segment"
                    and removed is None
                    and _removes_vein_segment(sentence, span)
                ):
                    removed = (sentence, span)
            if removed is None and (vein := _removed_with_tumour(sentence)) is not None:
                removed = (sentence, vein)
        for found in (negative, handled, removed):
            if found is not None:
                sentence, span = found
                rule = None if span.label_ == "VEIN_RECONSTRUCTION" else REMOVED_WITH_TUMOUR_RULE
                return from_span(False, sentence, span, rule)
    return None


def _combine(values: set[str]) -> str | None:
    radio = "radiotherapy" in values or "radiochemotherapy" in values
    chemo = "chemotherapy" in values or "radiochemotherapy" in values
    if radio and chemo:
        return "radiochemotherapy"
    if radio:
        return "radiotherapy"
    if chemo:
        return "chemotherapy"
    return None


def _denied_later(span: Span, spans: list[Span]) -> bool:
    """ "Chemotherapy was recommended but the patient declined it, and no adjuvant treatment
    was given": a later denial in the same sentence, of any therapy or of this one, undoes it
    ("radiotherapy ... without chemotherapy" denies another)."""
    return is_asserted(span) and any(
        "negated" in modifiers_of(other)
        and other.start > span.start
        and other._.gsvlms_value in ("unspecified", span._.gsvlms_value)
        for other in spans
    )


def extract_adjuvant(patient: PatientText) -> Finding | None:
    for sentences in (patient.course, patient.summary):
        primary: list[tuple[Sentence, Span]] = []
        relapse: list[tuple[Sentence, Span]] = []
        negated: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            for_relapse = sentence.has("RELAPSE_TREATMENT") or any(
                is_asserted(t) for t in sentence.of("METASTASIS", "RECURRENCE")
            )
            spans = sentence.of("ADJUVANT")
            for span in spans:
                mods = modifiers_of(span)
                if "historical" in mods or _denied_later(span, spans):
                    continue
                if is_asserted(span):
                    (relapse if for_relapse else primary).append((sentence, span))
                elif "negated" in mods and negated is None:
                    negated = (sentence, span)
        for chosen in (primary, [] if negated else relapse):
            value = _combine({span._.gsvlms_value for _, span in chosen})
            if value is not None:
                sentence, span = next(
                    (s, sp) for s, sp in chosen if sp._.gsvlms_value != "unspecified"
                )
                return from_span(value, sentence, span)
        if negated is not None:
            return from_span("none", *negated)
    return None
