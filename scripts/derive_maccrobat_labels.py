"""Derive per-document labels for the MACCROBAT2020 development set from its brat annotations.

Reads ``<PMID>.txt`` + ``<PMID>.ann`` (brat standoff) in a folder and writes ``labels.yaml``
beside them (default ``corpus/external/maccrobat2020-dev``). The output is deterministic: a test
re-derives it and compares it byte for byte with the committed file. The rules below are also
written down in the set's README.md; change both together.

Only what the human annotation states is labelled, never a guess. Per document and field the
result is one of:

- ``labels[field]``: the value, with the annotation ids and offsets it came from;
- ``unstated[field]``: the annotation shows the text does not state this fact, so any value the
  extractor emits for it is a value for an unstated fact;
- ``unlabelled[field]``: the annotation cannot settle the value (the scorer does not judge it).

Rules
-----
age_years
    From ``Age`` entities whose whole text is an age: a number (digits or a number word, with
    an optional "and a half") and a unit (years, months, weeks, days), optionally "old" /
    "of age" / a leading "aged": "45-year-old", "34-yr-old", "aged 31 years",
    "14-month-old", "4 and a half years old". The value is the age in completed years
    (how registries count; under one year is 0): "14-month-old" -> 1, "4 and a half years
    old" -> 4. One distinct value -> label. Two distinct values -> unlabelled (ambiguous).
    No such entity -> unstated (ages given only as "in her 60s", "early 70s", "young",
    "child" state no age in years).
sex
    From ``Sex`` entities, and from ``Age`` entities whose whole text is a sex noun (the
    annotators typed one "male" as ``Age``). Nouns: man, woman, male, female, boy, girl,
    gentleman, lady. One distinct sex -> label; two -> unlabelled. No such entity ->
    unlabelled, not unstated: the annotators did not tag pronouns, so the text may still
    state the sex.
size_mm
    Lesion measurements: ``Distance``, ``Area`` or ``Volume`` entities that MODIFY an event
    (or a ``Coreference`` entity) whose words name a lesion (mass, tumour, lesion, nodule,
    neoplasm, lump, cyst), or that MODIFY the word "size", "dimension(s)" or "diameter" ("a
    size of 15 mm" measures the lesion described). Each must read as one length or as
    dimensions ("3 cm", "12 x 4 cm", "4.5 cm x 5.1 cm x 4.8 cm"); the size is its largest
    dimension in mm. Label when every lesion measurement reads and all give the same size.
    Ranges ("2.8 cm to 4.2 cm"), bounds ("more than 10 cm", "up to 15 mm"), several different
    sizes -> unlabelled. Measurements of other things (pupils, a haematoma, fluid volumes)
    are not lesion sizes. A document with no ``Distance``, ``Area`` or ``Volume`` entity at
    all -> size_mm and sizes_mm unstated.
outcome
    ``dead`` from an ``Outcome`` entity that is a verb of dying (died, passed away, expired,
    succumbed) with no attribute (negation, uncertainty) on its event and no ``Subject``
    entity (husband, mother...) attached: it is the patient's death. The noun "death" alone
    is not used ("cause of death in patients with ..." is general). ``alive`` is not labelled.
    Outcome is never judged unstated: the annotators left statements such as "remains alive"
    untagged, so a document without an ``Outcome`` entity may still state one.
reviews
    ``reviews.yaml`` beside the annotations lists judgements a human review withdrew (a field
    judged unstated whose text does state it, untagged); each becomes unlabelled with the
    review's reason. A review never adds or changes a label value.
is_gsv_lms
    False for every document (none of the set is a great saphenous vein leiomyosarcoma).

Why not a brat library: the PyPI readers checked (bratly 0.1.4) reject MACCROBAT's events
without arguments and relations whose arguments are events, and renumber ids on load; the
needed subset of the standoff format (T, E, R, A lines) is read here and every entity's text
is checked against its offsets in the ``.txt``.

Usage: ``python scripts/derive_maccrobat_labels.py [FOLDER] [--check]``
(``--check`` exits 1 when the committed labels.yaml differs from a fresh derivation).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml

DEFAULT_FOLDER = Path("corpus/external/maccrobat2020-dev")
LABELS_NAME = "labels.yaml"
REVIEWS_NAME = "reviews.yaml"
RULES_VERSION = 1

# --- brat standoff -------------------------------------------------------------------------


class AnnotationError(Exception):
    """A .ann line that cannot be read or whose text does not match the .txt offsets."""


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    start: int
    end: int
    text: str

    def evidence(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass
class Annotation:
    """The entities, events (id -> trigger entity id), relations and attributes of a document."""

    entities: dict[str, Entity] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # (type, arg1, arg2)
    attributes: dict[str, list[str]] = field(default_factory=dict)  # target id -> ["NEG"...]

    def trigger(self, node: str) -> Entity | None:
        """The entity behind an entity or event id."""
        return self.entities.get(self.events.get(node, node))

    def modified_by(self, node: str) -> list[Entity]:
        """Entities that MODIFY ``node`` (an event or entity id)."""
        found = []
        for kind, arg1, arg2 in self.relations:
            if kind == "MODIFY" and arg2 == node and (entity := self.trigger(arg1)) is not None:
                found.append(entity)
        return found

    def modifies(self, entity_id: str) -> list[str]:
        """Ids (events or entities) that entity ``entity_id`` MODIFYs."""
        return [
            arg2 for kind, arg1, arg2 in self.relations if kind == "MODIFY" and arg1 == entity_id
        ]

    def event_of(self, entity_id: str) -> str | None:
        return next((e for e, trigger in self.events.items() if trigger == entity_id), None)


def read_annotation(ann: Path, text: str) -> Annotation:
    """Parse a brat ``.ann`` file; every entity's text must equal ``text[start:end]``."""
    result = Annotation()
    for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{ann.name}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        head = parts[0]
        try:
            if head.startswith("T"):
                kind, *spans = parts[1].split(" ", 1)
                offsets = [tuple(map(int, s.split())) for s in spans[0].split(";")]
                start, end = offsets[0][0], offsets[-1][1]
                if len(offsets) == 1 and text[start:end] != parts[2]:
                    raise AnnotationError(f"{where}: text {parts[2]!r} != .txt {text[start:end]!r}")
                result.entities[head] = Entity(head, kind, start, end, parts[2])
            elif head.startswith("E"):
                trigger = parts[1].split()[0].split(":")[1]
                result.events[head] = trigger
            elif head.startswith("R"):
                kind, arg1, arg2 = parts[1].split()
                result.relations.append((kind, arg1.split(":")[1], arg2.split(":")[1]))
            elif head.startswith("A"):
                _name, target, *value = parts[1].split()
                result.attributes.setdefault(target, []).extend(value or [_name])
        except (IndexError, ValueError) as exc:
            raise AnnotationError(f"{where}: cannot read {line!r} ({exc})") from None
    return result


# --- rules ---------------------------------------------------------------------------------

_SPACE = re.compile(r"[\s\u2000-\u200b\u202f\u00a0]+")
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_AGE = re.compile(
    r"(?:aged\s+)?(?P<num>\d+(?:\.\d+)?|[a-z]+)(?P<half>\s+and\s+a\s+half)?[\s-]*"
    r"(?P<unit>years?|yrs?|months?|weeks?|days?)(?:[\s-]*old|\s+of\s+age)?",
    re.IGNORECASE,
)
_UNIT_YEARS = {
    "y": Fraction(1),
    "m": Fraction(1, 12),
    "w": Fraction(7 * 4, 1461),
    "d": Fraction(4, 1461),
}
SEX_NOUNS = {
    "man": "M",
    "male": "M",
    "boy": "M",
    "gentleman": "M",
    "woman": "F",
    "female": "F",
    "girl": "F",
    "lady": "F",
}
_LESION = re.compile(
    r"\b(?:mass|masses|tumou?rs?|lesions?|nodules?|neoplasms?|lumps?|cysts?)\b", re.I
)
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(mm|cm)?", re.I)
_TIMES = re.compile(r"\s*[x×*]\s*", re.I)
_DIAMETER = re.compile(r"\s+in\s+diameter$", re.I)
_MEASURES = frozenset({"Distance", "Area", "Volume"})
_FINDINGS = frozenset({"Sign_symptom", "Disease_disorder", "Coreference"})
_SIZE_WORD = re.compile(r"(?:size|dimensions?|diameter)", re.I)
_DYING = re.compile(r"(?:died|dies|passed\s+away|expired|succumbed)", re.I)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def age_in_years(text: str) -> int | None:
    """Completed years stated by an Age entity's text, or None when it states no age."""
    match = _AGE.fullmatch(_clean(text))
    if match is None:
        return None
    raw = match["num"].lower()
    if raw.replace(".", "").isdigit():
        amount = Fraction(raw)
    elif raw in _NUMBER_WORDS:
        amount = Fraction(_NUMBER_WORDS[raw])
    else:
        return None
    if match["half"]:
        amount += Fraction(1, 2)
    return int(amount * _UNIT_YEARS[match["unit"][0].lower()])


def size_in_mm(text: str) -> float | None:
    """Largest dimension in mm of a measurement ("3 cm", "12 x 4 cm"), None if not one size."""
    parts = _TIMES.split(_DIAMETER.sub("", _clean(text)))
    if len(parts) > 3:
        return None
    lengths = [_LENGTH.fullmatch(part) for part in parts]
    if any(m is None for m in lengths) or lengths[-1][2] is None:
        return None
    final_unit = lengths[-1][2].lower()
    factor = {"mm": 1, "cm": 10}
    return float(max(Fraction(m[1]) * factor[(m[2] or final_unit).lower()] for m in lengths))


def _age(annotation: Annotation) -> tuple[str, object]:
    found = [
        (age, e)
        for e in annotation.entities.values()
        if e.type == "Age" and (age := age_in_years(e.text)) is not None
    ]
    values = sorted({age for age, _ in found})
    if not values:
        stated = [e.text for e in annotation.entities.values() if e.type == "Age"]
        reason = "no Age entity" if not stated else "no age in years: " + ", ".join(stated)
        return "unstated", reason
    if len(values) > 1:
        return "unlabelled", "different ages: " + ", ".join(map(str, values))
    return "label", (values[0], [e for _, e in found])


def _sex(annotation: Annotation) -> tuple[str, object]:
    found = []
    for e in annotation.entities.values():
        value = SEX_NOUNS.get(_clean(e.text).lower())
        if e.type == "Sex" and value is None:
            return "unlabelled", f"Sex entity {e.id} {e.text!r} is not a sex noun"
        if value is not None and (e.type == "Sex" or e.type == "Age"):
            found.append((value, e))
    values = sorted({v for v, _ in found})
    if not values:
        return "unlabelled", "no Sex entity (pronouns are not annotated)"
    if len(values) > 1:
        return "unlabelled", "both sexes annotated"
    return "label", (values[0], [e for _, e in found])


def _size(annotation: Annotation) -> tuple[str, object]:
    measures = [e for e in annotation.entities.values() if e.type in _MEASURES]
    if not measures:
        return "unstated", "no Distance, Area or Volume entity"
    lesion = []
    for e in measures:
        targets = [annotation.trigger(t) for t in annotation.modifies(e.id)]
        if any(
            t is not None
            and (
                (t.type in _FINDINGS and _LESION.search(t.text))
                or _SIZE_WORD.fullmatch(_clean(t.text))
            )
            for t in targets
        ):
            lesion.append(e)
    if not lesion:
        return "unlabelled", "no measurement attached to a lesion"
    sizes = [(size_in_mm(e.text), e) for e in lesion]
    unread = [e.text for size, e in sizes if size is None]
    if unread:
        return "unlabelled", "not one size: " + ", ".join(unread)
    values = sorted({size for size, _ in sizes})
    if len(values) > 1:
        return "unlabelled", "different lesion sizes (mm): " + ", ".join(f"{v:g}" for v in values)
    return "label", (values[0], lesion)


def _outcome(annotation: Annotation) -> tuple[str, object]:
    outcomes = [e for e in annotation.entities.values() if e.type == "Outcome"]
    if not outcomes:
        return "unlabelled", "no Outcome entity (untagged outcomes occur)"
    deaths = []
    for e in outcomes:
        if not _DYING.fullmatch(_clean(e.text)):
            continue
        event = annotation.event_of(e.id)
        nodes = [e.id] + ([event] if event else [])
        if any(annotation.attributes.get(n) for n in nodes):
            continue
        if any(m.type == "Subject" for n in nodes for m in annotation.modified_by(n)):
            continue
        deaths.append(e)
    if not deaths:
        return "unlabelled", "no death of the patient annotated: " + ", ".join(
            e.text for e in outcomes
        )
    return "label", ("dead", deaths)


RULES = {"age_years": _age, "sex": _sex, "size_mm": _size, "outcome": _outcome}
#: Fields judged together with another field's rule (never labelled themselves).
ALSO_UNSTATED = {"size_mm": ("sizes_mm",)}


def read_reviews(path: Path) -> dict[tuple[str, str], str]:
    """(document, field) -> reason, from a reviews.yaml (empty when the file is absent)."""
    if not path.is_file():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    reviews = {}
    for number, entry in enumerate(entries, start=1):
        try:
            key = (str(entry["document"]), str(entry["field"]))
            reviews[key] = " ".join(str(entry["reason"]).split())
        except (KeyError, TypeError):
            raise AnnotationError(
                f"{path}: entry {number} needs document, field and reason"
            ) from None
        if key[1] not in RULES:
            raise AnnotationError(f"{path}: entry {number}: unknown field {key[1]!r}")
    return reviews


def derive_document(annotation: Annotation, reviews: dict[str, str] | None = None) -> dict:
    labels: dict = {}
    unstated: dict = {}
    unlabelled: dict = {}
    for name, rule in RULES.items():
        kind, result = rule(annotation)
        if kind == "unstated" and name in (reviews or {}):
            kind, result = "unlabelled", "reviewed: " + reviews[name]
        if kind == "label":
            value, entities = result
            labels[name] = {
                "value": value,
                "evidence": [e.evidence() for e in sorted(entities, key=lambda e: e.start)],
            }
        elif kind == "unstated":
            for each in (name, *ALSO_UNSTATED.get(name, ())):
                unstated[each] = result
        else:
            for each in (name, *ALSO_UNSTATED.get(name, ())):
                unlabelled[each] = result
    return {"is_gsv_lms": False, "labels": labels, "unstated": unstated, "unlabelled": unlabelled}


def derive(folder: Path) -> str:
    """The labels.yaml text for every ``<id>.txt``/``<id>.ann`` pair in ``folder``."""
    documents = {}
    reviews = read_reviews(folder / REVIEWS_NAME)
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        raise AnnotationError(f"{folder}: no .txt files")
    for txt in texts:
        ann = txt.with_suffix(".ann")
        if not ann.is_file():
            raise AnnotationError(f"{txt}: no {ann.name} beside it")
        annotation = read_annotation(ann, txt.read_text(encoding="utf-8"))
        mine = {f: reason for (doc, f), reason in reviews.items() if doc == txt.stem}
        documents[txt.stem] = derive_document(annotation, mine)
    unknown = sorted({doc for doc, _ in reviews} - set(documents))
    if unknown:
        raise AnnotationError(f"{folder / REVIEWS_NAME}: unknown documents {', '.join(unknown)}")
    header = (
        "# Labels derived from the brat annotations by scripts/derive_maccrobat_labels.py;\n"
        "# do not edit by hand (the rules are in README.md and the script's docstring).\n"
    )
    body = {"rules_version": RULES_VERSION, "documents": documents}
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    try:
        text = derive(args.folder)
    except (AnnotationError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    target = args.folder / LABELS_NAME
    if args.check:
        same = target.is_file() and target.read_text(encoding="utf-8") == text
        print(f"{target}: {'up to date' if same else 'differs from a fresh derivation'}")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
