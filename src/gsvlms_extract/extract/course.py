"""After the operation: local recurrence, metastasis, follow-up time and outcome.

Read from the course part of the patient's case text (after the presentation), the
title/abstract if silent. ConText decides what is negated ("no local recurrence", "free of
metastases") and what only might be.

- local recurrence: true if asserted, false if only negated, null if never mentioned.
- metastasis: sites in sentences with an asserted metastasis word, or organ nodules that
  appear at a stated time after the operation or once metastases are reported; [] when
  only denied; null if never mentioned.
- follow-up: the longest post-operative duration in a sentence about follow-up, outcome,
  recurrence or metastasis; never a symptom's history ("4-month history").
- outcome: died/death/succumbed → dead (wins over earlier "alive"); alive/well/disease-free →
  alive; read only in follow-up sentences.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from gsvlms_extract.extract.anchors import distance
from gsvlms_extract.extract.dates import followup_from_dates
from gsvlms_extract.extract.findings import Finding, from_span
from gsvlms_extract.extract.patients import PatientText
from gsvlms_extract.extract.view import Sentence, is_asserted, modifiers_of

__all__ = ["extract_recurrence", "extract_metastasis", "extract_followup", "extract_outcome"]

_NODULE_WORDS = frozenset(
    {
        "nodule",
        "nodules",
        "lesion",
        "lesions",
        "deposit",
        "deposits",
        "mass",
        "masses",
        "tumour",
        "tumor",
        "tumours",
        "tumors",
        "shadows",
        "opacities",
        "foci",
        "focus",
    }
)
#: a history word this close to a duration makes it a history, not a follow-up
HISTORY_WINDOW = 3
#: durations shorter than this are hospital stays unless the sentence says "follow"
MIN_FOLLOWUP_MONTHS = 1.0


def _groups(patient: PatientText) -> tuple[list[Sentence], ...]:
    return (patient.course, patient.summary)


def _is_followup_sentence(sentence: Sentence) -> bool:
    return (
        sentence.section == "follow_up"
        or bool(sentence.quantities_of("DURATION"))
        or sentence.has("FOLLOWUP_CUE")
    )


#: "recurrence of thrombophlebitis / of symptoms": a condition that is not the tumour recurs
_NOT_TUMOUR_RECURRING = frozenset(
    {
        "symptoms",
        "symptom",
        "pain",
        "varicose",
        "varices",
        "varicosities",
        "thrombophlebitis",
        "phlebitis",
        "thrombosis",
        "thrombus",
        "infection",
        "ulcer",
        "ulceration",
        "oedema",
        "edema",
        "swelling",
        "bleeding",
        "haematoma",
        "hematoma",
    }
)


def _recurrence_of_other_condition(span: Span) -> bool:
    """ "Recurrence of thrombophlebitis", "recurrent deep vein thrombosis": what recurs is not
    the tumour."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    if doc[span.end].lower_ == "of":
        following = doc[span.end + 1 : min(span.end + 5, span.sent.end)]
    elif span[-1].lower_.startswith("recurrent"):
        following = doc[span.end : min(span.end + 4, span.sent.end)]
    else:
        return False
    return any(t.lower_ in _NOT_TUMOUR_RECURRING and not _the_lesion(t) for t in following)


def _the_lesion(token) -> bool:
    """ "no recurrence of the swelling": the swelling the patient came with, the lesion itself
    (a varix, an aneurysm, a tumour); "recurrence of swelling" is a symptom."""
    return token.lower_ == "swelling" and token.i > 0 and token.nbor(-1).lower_ in ("the", "this")


def _local_and_distant(sentence: Sentence) -> list[Span]:
    """ "no local or distant recurrence": the matcher reads "distant recurrence" (a metastasis);
    the local recurrence is said of in the same words."""
    out = []
    for span in sentence.of("METASTASIS"):
        doc = span.doc
        if (
            span.start >= 2
            and span[-1].lower_ in ("recurrence", "recurrences", "relapse")
            and doc[span.start - 2].lower_ == "local"
            and doc[span.start - 1].lower_ in ("or", "and", "nor", "/")
        ):
            out.append(span)
    return out


def extract_recurrence(patient: PatientText) -> Finding | None:
    for sentences in _groups(patient):
        negative: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            if _A_RATE.search(sentence.text):
                continue  # "local recurrence rates of 10-30% are reported": a cohort's figure
            spans = sorted(sentence.of("RECURRENCE") + _local_and_distant(sentence))
            for span in spans:
                if _recurrence_of_other_condition(span):
                    continue
                if is_asserted(span):
                    return from_span(True, sentence, span)
                if negative is None and "negated" in modifiers_of(span):
                    negative = (sentence, span)
        if negative is not None:
            return from_span(False, *negative)
    return None


def _sites(sentence: Sentence) -> list[Span]:
    return [s for s in sentence.of("MET_SITE") if is_asserted(s)]


#: "the pulmonary nodules are unchanged", "stable sub-centimetre nodules": nodules followed up,
#: not declared metastases
_UNCHANGED = frozenset({"unchanged", "stable", "static", "benign", "calcified", "granuloma"})


def extract_metastasis(patient: PatientText) -> Finding | None:
    # "CT showed no distant metastasis" at staging, and the abstract's "lung metastases were
    # detected at the eighth month": a later group's metastases win over a group's negative
    said_none: Finding | None = None
    for sentences in _groups(patient):
        found = _metastasis_in(sentences)
        if found is not None and found.value:
            return found
        said_none = said_none or found
    return said_none


def _metastasis_in(sentences: list[Sentence]) -> Finding | None:
    """The metastasis sites these sentences state, [] when they deny any, None when silent."""
    sites: list[str] = []
    first: tuple[Sentence, Span] | None = None
    affirmed_without_site: tuple[Sentence, Span] | None = None
    negative: tuple[Sentence, Span] | None = None
    metastatic = False  # once metastases are reported, later organ nodules are more of them
    pending: list[tuple[Sentence, Span]] = []  # organ nodules awaiting the next sentence
    for sentence in sentences:
        if _A_RATE.search(sentence.text):
            continue  # "metastatic rates of up to 40%, chiefly to the lung": a cohort's figure
        cues = sentence.of("METASTASIS")
        asserted = [c for c in cues if is_asserted(c)]
        found = _sites(sentence) if asserted else []
        if (
            not asserted
            and (metastatic or sentence.quantities_of("DURATION"))
            and not _UNCHANGED.intersection(t.lower_ for t in sentence.span)
        ):
            nodules = [t for t in sentence.span if t.lower_ in _NODULE_WORDS]
            found = [
                s
                for s in _sites(sentence)
                if nodules and (metastatic or min(abs(s.start - n.i) for n in nodules) <= 3)
            ]
        if asserted and pending:  # "...a nodule in the thyroid. Histology showed metastatic..."
            for previous, span in pending:
                if span._.gsvlms_value not in sites:
                    sites.append(span._.gsvlms_value)
                first = first or (previous, span)
        pending = []
        if not asserted and not found:
            nodules = [t for t in sentence.span if t.lower_ in _NODULE_WORDS]
            pending = [(sentence, s) for s in _sites(sentence) if nodules]
        for span in found:
            if span._.gsvlms_value not in sites:
                sites.append(span._.gsvlms_value)
            first = first or (sentence, span)
        metastatic = metastatic or bool(asserted) or bool(found)
        if asserted and not found and affirmed_without_site is None:
            affirmed_without_site = (sentence, asserted[0])
        for cue in cues:
            if negative is None and "negated" in modifiers_of(cue):
                negative = (sentence, cue)
    if first is not None:
        return from_span(sorted(sites), *first)
    if affirmed_without_site is not None:
        return from_span(["other"], *affirmed_without_site)
    if negative is not None:
        return from_span([], *negative)
    return None


def _history_near(sentence: Sentence, span: Span) -> bool:
    return any(distance(span, h) < HISTORY_WINDOW for h in sentence.of("HISTORY_CUE"))


def _an_interval(span: Span) -> bool:
    """ "seen at intervals of three months", "CT every 6 months": how often, not how long."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 2, 0) : span.start]]
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return (
        (before[-1:] in (["every"], ["each"]))
        or before in (["intervals", "of"], ["interval", "of"])
        or after in ("intervals", "interval")
    )


def _spent_doing(span: Span) -> bool:
    """ "He had spent some 40 years working outdoors", "20 years smoking": time spent on an
    activity, not time since the operation ("3 months following surgery" is)."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    after = doc[span.end].lower_
    return after.endswith("ing") and after.isalpha() and after not in ("following", "during")


#: a percentage or a rate: the sentence reports a cohort ("5-year survival of 60%"), not the
#: patient's follow-up
_A_RATE = re.compile(r"\d\s*%|\bper\s*cent\b|\bpercent\b", re.IGNORECASE)


def extract_followup(patient: PatientText) -> Finding | None:
    for sentences in _groups(patient):
        best: tuple[float, Sentence, Span] | None = None
        for sentence in sentences:
            if not (
                sentence.section == "follow_up"
                or sentence.has("FOLLOWUP_CUE", "OUTCOME", "RECURRENCE", "METASTASIS")
            ):
                continue
            says_follow = "follow" in sentence.text.lower()
            if sentence.has("STAY_CUE") and not says_follow:
                continue  # "discharged after five weeks": a hospital stay
            if _A_RATE.search(sentence.text):
                continue  # "closure rates were 91.2% at 36 months": a cohort's figure
            for span in sentence.quantities_of("DURATION"):
                months = float(span._.gsvlms_value)
                if _history_near(sentence, span) or _an_interval(span) or _spent_doing(span):
                    continue
                if months < MIN_FOLLOWUP_MONTHS and not says_follow:
                    continue
                if best is None or months > best[0]:
                    best = (months, sentence, span)
        if best is not None:
            months, sentence, span = best
            return from_span(months, sentence, span)
    # no stated duration: "operated on 8 April 2010 ... seen on 12 October 2011"
    dated = followup_from_dates(patient.case + patient.summary)
    if dated is not None:
        months, sentence, span = dated
        return from_span(months, sentence, span, rule_id="followup.from_dates")
    return None


#: what "free of tumour" describes when it is tissue, not the patient
_TISSUE_WORDS = frozenset(
    {
        "vein",
        "veins",
        "margin",
        "margins",
        "node",
        "nodes",
        "specimen",
        "edges",
        "tissue",
        "junction",
        "artery",
        "bed",
        "stump",
        "borders",
        "wall",
        "resection",
    }
)


def _describes_the_specimen(sentence: Sentence, span: Span) -> bool:
    """ "...the femoral vein was free of tumour", "margins free of tumour": tissue, not how the
    patient fared ("and was free of disease at 4 months" is the patient)."""
    if not span.text.lower().startswith("free"):
        return False
    doc = span.doc
    before = doc[max(span.start - 4, sentence.span.start) : span.start]
    return any(t.lower_ in _TISSUE_WORDS for t in before)


def _well_done(span: Span) -> bool:
    """ "The incision was well sutured", "the drug was well tolerated": "was well" qualifies
    what follows, it does not say the patient is well."""
    doc = span.doc
    if not span.text.lower().endswith("well") or span.end >= len(doc):
        return False
    following = doc[span.end].lower_
    return following.endswith("ed") or following in ("circumscribed", "known", "described")


#: outcome words that say it whatever else the sentence holds ("The patient is alive.", "she
#: ultimately succumbed to sudden cardiac death"); "well" or "free of disease" need a follow-up
#: cue, as they also describe a wound or a margin
_PLAIN_OUTCOMES = frozenset(
    {"alive", "died", "dead", "deceased", "succumbed", "passed away", "expired", "death"}
)


def extract_outcome(patient: PatientText) -> Finding | None:
    for sentences in _groups(patient):
        alive: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            followup = _is_followup_sentence(sentence)
            for span in sentence.of("OUTCOME"):
                if not followup and span.text.lower() not in _PLAIN_OUTCOMES:
                    continue
                if (
                    not is_asserted(span)
                    or _describes_the_specimen(sentence, span)
                    or _well_done(span)
                ):
                    continue
                if span._.gsvlms_value == "dead":
                    return from_span("dead", sentence, span)
                alive = alive or (sentence, span)
        if alive is not None:
            return from_span("alive", *alive)
    return None
