"""Shared anchors: which words name the tumour, and token distance between spans."""

from __future__ import annotations

from spacy.tokens import Span

from gsvlms_extract.extract.view import Sentence, is_asserted

__all__ = [
    "BESIDE",
    "TUMOUR_PRESENTATIONS",
    "ORGAN_SITES",
    "is_limb_vein",
    "origin_linked",
    "a_distance_from",
    "tumour_spans",
    "about_an_organ",
    "distance",
    "nearest",
]

#: VEIN values of the leg's own veins besides the great saphenous vein (not the cava, a pelvic or
#: renal vein, or an artery)
_LEG_VEINS = frozenset(
    {
        "other:the femoral vein",
        "other:the popliteal vein",
        "other:a tibial vein",
        "other:the small saphenous vein",
        "other:a deep vein",
        "other:the iliac vein",
    }
)
_CAVA = "other:the inferior vena cava"


def is_limb_vein(value: str | None, *, cava: bool = False) -> bool:
    """A vein of the leg (the great saphenous vein included); with ``cava``, also the vena cava,
    which is rebuilt like a limb vein when a caval tumour is resected."""
    return value == "gsv" or value in _LEG_VEINS or (cava and value == _CAVA)


#: presentation words that also name the tumour itself
TUMOUR_PRESENTATIONS = frozenset({"mass", "swelling", "nodule"})


#: kinds of tumour that arise elsewhere and reach the leg only as deposits ("a carcinoma of the
#: lower lip excised in 1969", "renal cell carcinoma, 7.2 cm"): they name a diagnosis, not the
#: leg tumour whose site and size are read
_ELSEWHERE = frozenset({"tumour.named.carcinoma", "tumour.named.melanoma", "tumour.named.lymphoma"})


def tumour_spans(sentence: Sentence) -> list[Span]:
    """Spans naming the tumour: tumour, lesion, mass, lump, swelling, nodule, the specimen, or
    the tumour's kind (leiomyosarcoma, leiomyoma, angiosarcoma, schwannoma...)."""
    return [
        t
        for t in sentence.targets
        if (t.label_ in ("TUMOUR", "LMS", "LEIOMYOMA") and t._.gsvlms_rule not in _ELSEWHERE)
        or (t.label_ == "PRESENTATION" and t._.gsvlms_value in TUMOUR_PRESENTATIONS)
        or (t.label_ == "SIZE_CONTEXT" and t.text.lower().endswith("specimen"))
    ]


def asserted_tumour_spans(sentence: Sentence) -> list[Span]:
    return [t for t in tumour_spans(sentence) if is_asserted(t)]


def distance(a: Span, b: Span) -> int:
    """Tokens between two spans (0 when adjacent or overlapping)."""
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def nearest(anchor: Span, candidates: list[Span]) -> Span | None:
    """The candidate closest to ``anchor`` (earlier one on ties)."""
    if not candidates:
        return None
    return min(candidates, key=lambda c: (distance(anchor, c), c.start))


#: metastasis sites that are organs, never where a saphenous tumour lies (skin, subcutaneous
#: tissue and soft tissue also describe the primary tumour, so they are not listed)
ORGAN_SITES = frozenset(
    {
        "lung",
        "liver",
        "bone",
        "brain",
        "heart",
        "thyroid",
        "scalp",
        "chest_wall",
        "lymph_node",
        "kidney",
        "adrenal",
        "pancreas",
        "peritoneum",
        "pleura",
        "spleen",
        "bowel",
        "mediastinum",
        "retroperitoneum",
        "breast",
        "ovary",
    }
)
#: an organ word this close to a tumour word places that tumour in the organ
ORGAN_WINDOW = 10


def about_an_organ(sentence: Sentence, span: Span) -> bool:
    """Is ``span`` (a tumour word or a measurement) about a mass in an organ ("a mass of 45 x 32
    mm attached to the free wall of the right ventricle")? The organ word must be nearer to it
    than any leg region or saphenous vein. Such a mass is a metastasis, not the primary tumour.
    """
    organs = [s for s in sentence.of("MET_SITE") if s._.gsvlms_value in ORGAN_SITES]
    if not organs:
        return False
    d_organ = min(distance(span, organ) for organ in organs)
    legs = sentence.of("REGION") + [v for v in sentence.of("VEIN") if v._.gsvlms_value == "gsv"]
    d_leg = min((distance(span, leg) for leg in legs), default=10**6)
    return d_organ <= ORGAN_WINDOW and d_organ < d_leg


#: "a leiomyosarcoma abutting, but not arising from, the great saphenous vein", "separate from
#: the saphenous vein": the words just before the vein say the tumour lies beside it
BESIDE = frozenset(
    {
        "abut",
        "abuts",
        "abutting",
        "abutted",
        "against",
        "adherent",
        "adhered",
        "adhering",
        "adjacent",
        "beside",
        "displacing",
        "compressing",
        "separate",
        "separated",
        "separating",
        "independent",
        "apart",
        "encasing",
        "encased",
        "surrounding",
        "surrounded",
        "next",
        "near",
        "alongside",
        # "a dermal nodule overlying the great saphenous vein", "the underlying GSV"
        "overlying",
        "overlies",
        "overlay",
        "underlying",
        "underlies",
        "beneath",
        "underneath",
    }
)


#: words between a tumour and a vein that say the tumour is in or of the vein ("a mass arising
#: from the GSV", "an intraluminal lesion of the vein", "the GSV containing the tumour")
_ORIGIN_LINK = frozenset(
    {
        "of",
        "from",
        "within",
        "in",
        "inside",
        "involving",
        "involved",
        "arising",
        "arise",
        "arose",
        "arises",
        "originating",
        "originated",
        "intraluminal",
        "intravascular",
        "containing",
        "bearing",
        "harbouring",
        "harboring",
        "along",
        "expanding",
        "filling",
        "occluding",
        "distending",
        "attached",
    }
)
_ORIGIN_STEMS = ("origin", "aris", "arose", "contain", "involv")
_LENGTH_UNITS = frozenset(
    {"mm", "cm", "millimetres", "millimeters", "centimetres", "centimeters", "inch", "inches"}
)
_ORIGIN_GAP = 12


#: "removed in continuity with the saphenous vein", "lying against": taken with it, or beside it
_NOT_ORIGIN = BESIDE | {
    "continuity",
    "together",
    # "the great saphenous vein passed 1.5 cm medially from the tumour": a distance between them
    "passed",
    "passing",
    "medially",
    "laterally",
    "away",
    # "a lesion in the course of the great saphenous vein": along it, not of it
    "course",
    "trajectory",
}
#: a clause break between the two (they are not one phrase), or the tumour's spread ("tumour
#: thrombus in the femoral vein", "protruded into", "had grown into"): not where it arose
_CLAUSE_BREAK = frozenset(
    {";", "and", "but", "while", "whereas", "which", "where", "thrombus", "into", "towards"}
)


def a_distance_from(words: list[str]) -> bool:
    """``words`` (lower case) hold a length followed by "from": "8 mm from", "2 cm away from"."""
    return any(
        a in _LENGTH_UNITS and (b == "from" or (b == "away" and c == "from"))
        for a, b, c in zip(words, words[1:], [*words[2:], ""], strict=False)
    )


def origin_linked(mention, vein) -> bool:
    """A tumour word and a vein joined by words of origin or containment, close together and
    in one clause; "the tumour with ... the vein" says they were removed together."""
    first, last = sorted((mention, vein), key=lambda s: s.start)
    between = [t.lower_ for t in mention.doc[first.end : last.start]]
    if first is mention and "with" in between:
        return False  # "resection of the tumour with the skin and a segment of the vein"
    if a_distance_from(between):
        return False  # "a subcutaneous nodule, 8 mm from the great saphenous vein"
    return (
        len(between) <= _ORIGIN_GAP
        and not _CLAUSE_BREAK.intersection(between)
        and not _NOT_ORIGIN.intersection(between)
        and any(w in _ORIGIN_LINK or w.startswith(_ORIGIN_STEMS) for w in between)
    )
