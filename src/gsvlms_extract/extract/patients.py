"""One text per patient: split the case description at patient markers.

"Case 1"/"Case 2" headings, "Patient 2", "The second patient", "A second patient" at the
start of a sentence open a new patient's segment; facts belong to the patient whose segment
they are in; text before a first "second patient" marker is the first patient's. Without
such markers the document has one patient, who also owns the title/abstract (the
``summary`` zone, read only where the case text is silent).

Each patient's case text is cut in two: the *presentation* (history and examination, up to
the first imaging, operation, pathology or follow-up sentence) and the *course* (the rest).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gsvlms_extract.extract.relevance import about_others
from gsvlms_extract.extract.view import DocView, Sentence

__all__ = [
    "PatientText",
    "split_patients",
    "ends_presentation",
    "introduces_patient",
    "presentation_end",
    "MARKER_MAX_OFFSET",
]

#: a marker counts if it starts within this many tokens of its sentence ("In the second case")
MARKER_MAX_OFFSET = 3
_AFTER_PRESENTATION_SECTIONS = frozenset({"imaging", "treatment", "pathology", "follow_up"})


@dataclass
class PatientText:
    """The sentences describing one patient."""

    index: int
    case: list[Sentence]
    summary: list[Sentence] = field(default_factory=list)
    window_end: int = 0
    #: the report's title/abstract whoever it speaks of: with several patients ``summary`` is
    #: empty (its facts cannot be attributed), but the diagnosis it states may still apply
    front: list[Sentence] = field(default_factory=list)

    @property
    def presentation(self) -> list[Sentence]:
        return self.case[: self.window_end]

    @property
    def course(self) -> list[Sentence]:
        return self.case[self.window_end :]


def ends_presentation(sentence: Sentence) -> bool:
    if sentence.section in _AFTER_PRESENTATION_SECTIONS:
        return True
    if sentence.has("OPERATION", "OPERATION_EXTENDED"):
        return True
    return any(
        t._.gsvlms_value == "imaging" for t in sentence.targets if t.label_ == "SIZE_CONTEXT"
    )


#: the sentence introducing the patient is looked for among the first sentences of the case
#: text only (a title, a byline, a journal line or "Report" may precede it)
INTRODUCTION_WITHIN = 30


#: "he was started on chemotherapy for the nodules": a pronoun goes on with a patient already
#: introduced; "a 63-year-old man noticed a swelling" introduces one
_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "himself", "herself"})


def introduces_patient(sentence: Sentence) -> bool:
    """ "A 52-year-old man presented with a painful lump", "We report a woman who noticed a
    mass": a complaint stated of a person."""
    if sentence.has("PRESENTING"):
        return True
    persons = [s for s in sentence.of("SEX") if s.text.lower() not in _PRONOUNS]
    return bool(persons) and sentence.has("PRESENTATION")


def presentation_end(sentences: list[Sentence], start: int) -> int:
    """The first sentence after ``start`` that reports imaging or the operation or opens a
    later section (`ends_presentation`), or the end of ``sentences``."""
    return next(
        (i for i in range(start + 1, len(sentences)) if ends_presentation(sentences[i])),
        len(sentences),
    )


def _tells_the_operation(sentence: Sentence) -> bool:
    """A full sentence about the operation; not a title line ("...: Resection and
    Reconstruction", no full stop, or a subtitle after a colon run into the next sentence)."""
    operations = sentence.of("OPERATION", "OPERATION_EXTENDED")
    if not operations or not sentence.text.rstrip().endswith((".", "!", "?")):
        return False
    first = min(o.start_char for o in operations) - sentence.span.start_char
    return ":" not in sentence.text[:first]


def _window_end(case: list[Sentence]) -> int:
    """The end of the presentation: the first imaging, operation or later-section sentence
    after the one introducing the patient (a title "...: Resection and Reconstruction" before
    it does not end a presentation that has not started)."""
    start = 0
    for i, sentence in enumerate(case[:INTRODUCTION_WITHIN]):
        if introduces_patient(sentence):
            start = i
            break
        if _tells_the_operation(sentence):
            break  # the course has begun
    end = presentation_end(case, start)
    if end == len(case) and start > 0:
        # "he died 16 months after his initial presentation": no course follows it
        return presentation_end(case, 0)
    return end


def _marker(sentence: Sentence) -> int | None:
    for span in sentence.of("PATIENT_MARKER"):
        if span.start - sentence.span.start <= MARKER_MAX_OFFSET:
            try:
                return int(span._.gsvlms_value)
            except (TypeError, ValueError):
                return None
    return None


def split_patients(view: DocView) -> list[PatientText]:
    """The patients of a document, each with its own sentences (at least one patient)."""
    case = [s for s in view.in_zone("case") if not about_others(s)]
    summary = [s for s in view.in_zone("summary") if not about_others(s)]
    if not case:  # headings, but none for the case: the unheaded front text tells it
        case, summary = summary, []
    markers = {s.index: m for s in case if (m := _marker(s)) is not None}
    before_first = bool(markers) and case[0].index < min(markers)
    if (
        not markers
        or max(markers.values()) < 2
        or (len(set(markers.values())) < 2 and not before_first)
    ):
        return [PatientText(1, case, summary, _window_end(case), summary)]
    groups: dict[int, list[Sentence]] = {}
    current = 1 if before_first else min(markers.values())
    for sentence in case:
        current = markers.get(sentence.index, current)
        groups.setdefault(current, []).append(sentence)
    patients = []
    for number, key in enumerate(sorted(groups), start=1):
        sentences = groups[key]
        patients.append(PatientText(number, sentences, [], _window_end(sentences), summary))
    return patients
