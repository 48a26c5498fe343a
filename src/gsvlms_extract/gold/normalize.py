"""Cell normalizers: one printed Table 1 cell → values in the `CaseRecord` vocabularies.

Every function takes the cell text exactly as printed and either returns normalized values or
raises `VocabularyError` saying what it could not read. Nothing unknown is dropped silently: a
word outside the rules below is an error, to be fixed by a rule here or a curator verdict in
``gold/corrections.yaml``. ``NA`` (and an empty cell) is *not reported* → ``None``.
The rules are documented, with an example each, in ``gold/DATA_DICTIONARY.md``.
"""

from __future__ import annotations

import re

from gsvlms_extract.errors import VocabularyError
from gsvlms_extract.schema import (
    Adjuvant,
    MetastasisSite,
    Operation,
    Outcome,
    Pain,
    Presentation,
    Region,
    Sex,
    Side,
)

NOT_REPORTED = frozenset({"", "na", "n/a", "nr", "not reported"})


def is_not_reported(cell: str) -> bool:
    return " ".join(cell.split()).lower() in NOT_REPORTED


def _clean(cell: str) -> str:
    return " ".join(cell.split())


_SEX_AGE = re.compile(r"([MF])\s*/?\s*(\d{1,3})", re.IGNORECASE)
#: The printed form every other row uses; anything else is reported as an anomaly.
SEX_AGE_STRICT = re.compile(r"[MF]/\d{1,3}")


def parse_sex_age(cell: str) -> tuple[Sex | None, int | None]:
    """``M/23`` → (M, 23); the malformed ``F65`` is read as (F, 65) (and flagged elsewhere)."""
    if is_not_reported(cell):
        return None, None
    match = _SEX_AGE.fullmatch(_clean(cell))
    if match is None:
        raise VocabularyError(f"gender/age {cell!r} is not of the form M/23")
    age = int(match.group(2))
    if age > 120:
        raise VocabularyError(f"gender/age {cell!r}: age {age} is not plausible")
    return Sex(match.group(1).upper()), age


#: Printed region words → `Region`. The review's own rules: above knee is thigh; below knee,
#: calf and lower leg are shank; inguinal is groin.
REGION_WORDS: dict[str, Region] = {
    "thigh": Region.thigh,
    "above knee": Region.thigh,
    "above the knee": Region.thigh,
    "groin": Region.groin,
    "inguinal": Region.groin,
    "inguinal region": Region.groin,
    "knee": Region.knee,
    "shank": Region.shank,
    "calf": Region.shank,
    "lower leg": Region.shank,
    "below knee": Region.shank,
    "below the knee": Region.shank,
    "ankle": Region.ankle,
}
_SITE = re.compile(
    r"(?:(?P<side>left|right)\s+)?(?P<region>"
    + "|".join(sorted(REGION_WORDS, key=len, reverse=True))
    + r")",
    re.IGNORECASE,
)


def parse_site(cell: str) -> tuple[Side | None, Region | None]:
    """``Left thigh`` → (left, thigh); ``Above knee`` → (None, thigh);
    bare ``Groin`` → (None, groin)."""
    if is_not_reported(cell):
        return None, None
    match = _SITE.fullmatch(_clean(cell))
    if match is None:
        raise VocabularyError(f"site {cell!r} is not '[left|right] <region>'")
    side = match.group("side")
    return (Side(side.lower()) if side else None), REGION_WORDS[match.group("region").lower()]


_NUMBER = r"\d+(?:\.\d+)?"
_SIZES = re.compile(rf"{_NUMBER}(?:\s*(?:and|,|;|/)\s*{_NUMBER})*")


def parse_size(cell: str) -> tuple[float | None, list[float] | None]:
    """``25`` → (25, [25]); ``40 and 60`` (two lesions) → (60, [40, 60]): size is the largest."""
    if is_not_reported(cell):
        return None, None
    text = _clean(cell)
    if _SIZES.fullmatch(text) is None:
        raise VocabularyError(f"size {cell!r} is not a number of mm or 'N and M'")
    sizes = [float(part) for part in re.findall(_NUMBER, text)]
    if any(size <= 0 for size in sizes):
        raise VocabularyError(f"size {cell!r}: a size must be positive")
    return max(sizes), sizes


# Presentation: each comma-separated phrase must be made only of known words.
_SYMPTOM_WORDS: tuple[tuple[str, Presentation], ...] = (
    (r"deep venous thrombosis|deep vein thrombosis|dvt", Presentation.thrombosis),
    (r"thrombophlebitis|phlebitis", Presentation.phlebitis),
    (r"thrombosis", Presentation.thrombosis),
    (r"mass|lump|tumou?r", Presentation.mass),
    (r"swelling", Presentation.swelling),
    (r"nodule", Presentation.nodule),
    (r"o?edema", Presentation.edema),
    (r"asymptomatic", Presentation.asymptomatic),
)
_PAIN_WORDS: tuple[tuple[str, Pain], ...] = (
    (r"painless|non-?tender|asymptomatic", Pain.painless),
    (r"painful|tender", Pain.painful),
)
#: Words that qualify a symptom without changing its category.
_MODIFIERS = (
    r"small|large|extensive|superficial|symptoms?|lower extremity|lower limb|femoral vein|"
    r"saphenous vein|subcutaneous|palpable|growing|enlarging"
)
#: A cell that is a history, not a symptom: the presenting symptom is not reported.
_HISTORY = re.compile(r"^history of\b", re.IGNORECASE)


def parse_presentation(cell: str) -> tuple[list[Presentation] | None, Pain | None]:
    """``Painless mass, femoral vein thrombosis`` → ({mass, thrombosis}, painless).

    ``Asymptomatic mass`` → ({asymptomatic, mass}, painless). A cell giving a history rather than
    a symptom (``History of Leiomyosarcoma of the great saphenous vein``) → (None, None).
    """
    if is_not_reported(cell) or _HISTORY.match(_clean(cell)):
        return None, None
    found: set[Presentation] = set()
    pains: set[Pain] = set()
    for phrase in _clean(cell).split(","):
        rest = re.sub(r"\([^)]*\)", " ", phrase.lower())
        symptoms_here = 0
        for pattern, pain in _PAIN_WORDS:
            if re.search(rf"\b(?:{pattern})\b", rest):
                pains.add(pain)
        for pattern, symptom in _SYMPTOM_WORDS:
            rest, hits = re.subn(rf"\b(?:{pattern})\b", " ", rest)
            if hits:
                found.add(symptom)
                symptoms_here += symptom is not Presentation.asymptomatic
        rest = re.sub(rf"\b(?:painless|painful|non-?tender|tender|{_MODIFIERS})\b", " ", rest)
        if rest.strip(" -"):
            raise VocabularyError(
                f"initial symptom {cell!r}: unknown word(s) {' '.join(rest.split())!r}"
            )
        if not symptoms_here and Presentation.asymptomatic not in found:
            raise VocabularyError(
                f"initial symptom {cell!r}: phrase {phrase.strip()!r} names no symptom"
            )
    if len(pains) > 1:
        raise VocabularyError(f"initial symptom {cell!r} is both painful and painless")
    return sorted(found, key=lambda p: p.value), (pains.pop() if pains else None)


_OPERATION = re.compile(
    r"(?P<kind>radical|complete|extended|wide) (?:local )?(?:resection|excision)"
    r"(?P<recon> and (?:femoral |saphenous )?(?:vein|venous|vascular) reconstruction)?",
    re.IGNORECASE,
)
_OPERATION_KIND = {
    "radical": Operation.radical_resection,
    "complete": Operation.radical_resection,
    "extended": Operation.extended_resection,
    "wide": Operation.extended_resection,
}


def parse_operation(cell: str) -> tuple[Operation | None, bool | None]:
    """``Radical resection and femoral vein reconstruction`` → (radical_resection, True).

    A reported operation without a reconstruction is ``False`` (the review: "Only three of the
    reported cases underwent intraoperative vascular reconstruction"); ``NA`` → (None, None).
    """
    if is_not_reported(cell):
        return None, None
    match = _OPERATION.fullmatch(_clean(cell))
    if match is None:
        raise VocabularyError(f"operation {cell!r} is not a radical/extended resection")
    return _OPERATION_KIND[match.group("kind").lower()], match.group("recon") is not None


_ADJUVANT = {
    "no": Adjuvant.none,
    "none": Adjuvant.none,
    "radiotherapy": Adjuvant.radiotherapy,
    "chemotherapy": Adjuvant.chemotherapy,
    "radiotherapy and chemotherapy": Adjuvant.radiochemotherapy,
    "chemotherapy and radiotherapy": Adjuvant.radiochemotherapy,
    "radiochemotherapy": Adjuvant.radiochemotherapy,
    "chemoradiotherapy": Adjuvant.radiochemotherapy,
}


def parse_adjuvant(cell: str) -> Adjuvant | None:
    """``No`` → none; ``Radiotherapy and chemotherapy`` → radiochemotherapy; ``NA`` → None."""
    if is_not_reported(cell):
        return None
    try:
        return _ADJUVANT[_clean(cell).lower()]
    except KeyError:
        raise VocabularyError(f"adjuvant therapy {cell!r} is not a known therapy") from None


def parse_yes_no(cell: str) -> bool | None:
    """``Yes`` → True, ``No`` → False, ``NA`` → None."""
    if is_not_reported(cell):
        return None
    value = _clean(cell).lower()
    if value not in ("yes", "no"):
        raise VocabularyError(f"{cell!r} is not Yes/No/NA")
    return value == "yes"


_METASTASIS_WORDS: dict[str, MetastasisSite] = {
    **{site.value: site for site in MetastasisSite if site is not MetastasisSite.other},
    "lungs": MetastasisSite.lung,
    "pulmonary": MetastasisSite.lung,
    "hepatic": MetastasisSite.liver,
    "cardiac": MetastasisSite.heart,
    "chest": MetastasisSite.chest_wall,
    "chest wall": MetastasisSite.chest_wall,
    "lymph node": MetastasisSite.lymph_node,
    "lymph nodes": MetastasisSite.lymph_node,
    "soft tissue": MetastasisSite.soft_tissue,
    "bones": MetastasisSite.bone,
}


def parse_metastasis(cell: str) -> list[MetastasisSite] | None:
    """``No`` → [] (explicitly none); ``Lung/liver`` → [liver, lung];
    ``Cardiac metastasis`` → [heart]."""
    if is_not_reported(cell):
        return None
    text = _clean(cell).lower()
    if text in ("no", "none"):
        return []
    sites: set[MetastasisSite] = set()
    for token in re.split(r"\s*(?:/|,|;|\band\b)\s*", text):
        word = re.sub(r"\s*\bmetastas[ie]s\b\s*", " ", token).strip()
        if word not in _METASTASIS_WORDS:
            raise VocabularyError(f"metastasis {cell!r}: {word!r} is not a metastasis site")
        sites.add(_METASTASIS_WORDS[word])
    return sorted(sites, key=lambda s: s.value)


def parse_months(cell: str) -> float | None:
    """``15`` → 15.0 months; ``NA`` → None."""
    if is_not_reported(cell):
        return None
    text = _clean(cell)
    if re.fullmatch(_NUMBER, text) is None:
        raise VocabularyError(f"follow-up {cell!r} is not a number of months")
    return float(text)


_OUTCOME = {
    "alive": Outcome.alive,
    "death": Outcome.dead,
    "dead": Outcome.dead,
    "died": Outcome.dead,
}


def parse_outcome(cell: str) -> Outcome | None:
    """``Alive`` → alive; ``Death`` → dead; ``NA`` → None."""
    if is_not_reported(cell):
        return None
    try:
        return _OUTCOME[_clean(cell).lower()]
    except KeyError:
        raise VocabularyError(f"outcome {cell!r} is not Alive/Death") from None


def parse_year(cell: str) -> int | None:
    """``1868`` → 1868."""
    if is_not_reported(cell):
        return None
    text = _clean(cell)
    if re.fullmatch(r"\d{4}", text) is None:
        raise VocabularyError(f"year {cell!r} is not a four-digit year")
    return int(text)


_AUTHOR = re.compile(r"(?P<name>.+?)\s*\((?P<ref>\d+)\)")
#: Author cell naming the article's own patient rather than a cited report.
OWN_CASE = "this case"


def parse_author(cell: str) -> tuple[str | None, int | None]:
    """``Aufrecht (4)`` → ("Aufrecht", 4); ``This case`` (the article's own case) → (None, None)."""
    text = _clean(cell)
    if is_not_reported(text) or text.lower() == OWN_CASE:
        return None, None
    match = _AUTHOR.fullmatch(text)
    if match is None:
        return text, None
    return match.group("name"), int(match.group("ref"))


def parse_nation(cell: str) -> str | None:
    """Printed as is; ``NA`` → None."""
    return None if is_not_reported(cell) else _clean(cell)
