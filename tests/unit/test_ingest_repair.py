"""OCR repair: damaged words come back, everything else stays as printed."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gsvlms_extract.ingest.normalize import normalize_line, normalize_text
from gsvlms_extract.ingest.repair import lexicon, repair_line, segment


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        # letter-spaced: wide gaps separate words; a run without them is segmented
        (
            "L E I O M Y O S A R C O M A  O F  T H E  G R E A T  S A P H E N O U S  V E I N",
            "LEIOMYOSARCOMA OF THE GREAT SAPHENOUS VEIN",
        ),
        ("T H E G R E A T S A P H E N O U S V E I N", "THE GREAT SAPHENOUS VEIN"),
        ("The S a p h e n o u s vein was ligated.", "The Saphenous vein was ligated."),
        # split words
        ("The vein was ligated w ithout difficulty.", "The vein was ligated without difficulty."),
        ("a mass along the sa phenous vein", "a mass along the saphenous vein"),
        (
            "A w oman aged 54 was seen tw o years later.",
            "A woman aged 54 was seen two years later.",
        ),
        ("she was given the rapy after surgery", "she was given therapy after surgery"),
        # a dropped ligature, with or without its gap
        ("the diagnosis was con rmed by biopsy", "the diagnosis was confirmed by biopsy"),
        ("there was a signi cant in ltration", "there was a significant infiltration"),
        ("a signicant mass was found", "a significant mass was found"),
        # run together
        ("a lump in theleft thigh", "a lump in the left thigh"),
        ("a tumour of the greatsaphenous vein", "a tumour of the great saphenous vein"),
        ("Thepatient was admitted in May.", "The patient was admitted in May."),
        # misread characters
        ("The turnour was removed.", "The tumour was removed."),
        ("a 3.5 cm rnass in the wornan and her son", "a 3.5 cm mass in the woman and her son"),
        # "rn" for "m" in a lower-case word of four letters; real words stay
        ("a rnan of 54 with a torn tendon", "a man of 54 with a torn tendon"),
        (
            "the c1inical course and the p0pliteal vein",
            "the clinical course and the popliteal vein",
        ),
        ("the cIinical course was uneventful", "the clinical course was uneventful"),
        (
            "the fo11owing case; the rnuscle was norrnal",
            "the following case; the muscle was normal",
        ),
        ("C a s e   R e p o r t", "Case Report"),
        ("C a s e R e p o r t", "Case Report"),
        ("the patient was w ell and w ith out pain", "the patient was well and without pain"),
        # several on one line; the longest join wins ("w ith in" is "within")
        ("the rnass w ith theleft thigh", "the mass with the left thigh"),
        ("radio the rapy w ith in a week", "radio therapy within a week"),
        # a 1 or 0 read at the edge of a word
        ("a 1ong lump in the 1eft thigh", "a long lump in the left thigh"),
        # ... also when the rest of the token is itself a word ("eft")
        (
            "a lump on the inner side of the 1eft thigh",
            "a lump on the inner side of the left thigh",
        ),
        (
            "metastatic 1eiomyosarcoma; the course was uneventfu1.",
            "metastatic leiomyosarcoma; the course was uneventful.",
        ),
        # a line's first word in lower case, long enough not to be half of a hyphenated word
        ("treatrnent was given. She rernained well", "treatment was given. She remained well"),
        # a letter-spaced title cut at its wide gaps: a two-letter piece on its own
        ("O F", "OF"),
        ("I N", "IN"),
        # an l, I or | read for a 1 inside a measurement
        ("The specimen measured ll x 8 x 7 cm.", "The specimen measured 11 x 8 x 7 cm."),
        ("a tumour of 4 x l.5 cm and a l cm margin", "a tumour of 4 x 1.5 cm and a 1 cm margin"),
    ],
)
def test_damaged_words_are_repaired(damaged, repaired):
    assert repair_line(damaged) == repaired


@pytest.mark.parametrize(
    "line",
    [
        # words that happen to sit side by side
        "of ten patients, a typical case, in to the clinic",
        "types A, B and C were seen; a I a",
        "150 g and 24 h and 3 s later",
        # numbers, units, staging, markers
        "T1N0M0, CD34+, 10cm, 1st, 2nd, 12 x 8 x 5 cm, 10⁹/L, p = 0.05, 1mg, T1w",
        # two initials, or single-letter words, on a line of their own
        "J R",
        "A I",
        # abbreviations and short words
        "J Clin Pathol 1960; Am J Surg 1977;134:90-4. Hb 12 g/dL",
        # medical compounds built of English words
        "contralateral hyperintense echocardiogram tibialis apyrexia anuric atopic lymphoedema",
        "Z u s a m m e n f a s s u n g",
        "oversewn brainstem intubation catheterisation histopathologic oedematous",
        # names
        "Inman, Andover, Atwood and Hewitt",
        # other languages
        "Wir berichten über eine Patientin mit einem Leiomyosarkom der Vena saphena magna",
        "il est maintenant clair que la tumeur naissait de la veine",
        # a word half at a line's start or end may be joined with the next line
        "histochemical (IHC) results showed",
        "the tumour was removed by immunohis-",
        # ... and is not joined to its neighbour: "mal one" is the end of "proxi-" / "mal"
        "mal one 9.2 cm and the distal one 4.4 cm long,",
        "no local recurrence or metastasis, no lo-",
    ],
)
def test_correct_text_is_left_alone(line):
    assert repair_line(line) == line


def test_segment_finds_the_most_probable_words():
    lex = lexicon()
    assert segment("theleft", lex) == ["the", "left"]
    assert segment("greatsaphenousvein", lex) == ["great", "saphenous", "vein"]
    assert segment("xqzv", lex) is None


def test_normalize_line_repairs_and_normalize_text_does_not():
    line = "a lump in theleft \u2003 thigh"
    assert normalize_line(line) == "a lump in the left thigh"
    assert normalize_text(line) == "a lump in theleft thigh"


# -- properties -----------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list("aeilmnorstuhdcwvIBT10258 .,-()")), min_size=0, max_size=60
)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_repair_is_idempotent(text):
    once = repair_line(text)
    assert repair_line(once) == once


def _protected_digits(text: str) -> list[str]:
    # one or two 1/0 between two letters may be misread l/i/o; every other digit is protected
    return re.findall(r"\d", re.sub(r"(?<=[^\W\d_])[10]{1,2}(?=[^\W\d_])", "", text))


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_repair_never_touches_digits_outside_words(text):
    assert _protected_digits(repair_line(text)) == _protected_digits(text)


_NUMBER = st.from_regex(r"\d{1,4}(?:[.,]\d{1,2})?(?:cm|mm|%)?", fullmatch=True)
_WORD = st.sampled_from(["the", "mass", "vein", "cm", "was", "x", "w", "ith", "rn", "theleft"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_NUMBER, _WORD), min_size=1, max_size=12))
def test_numbers_and_units_survive_every_repair(tokens):
    line = " ".join(tokens)
    numbers = [t for t in tokens if t[0].isdigit()]
    out = repair_line(line).split()
    assert [t for t in out if t[0].isdigit()] == numbers


def _words() -> list[str]:
    lex = lexicon()
    return sorted(w for w in lex.counts if len(w) >= 2 and w.isalpha() and w.isascii())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_words()), min_size=3, max_size=14))
def test_sentences_of_dictionary_words_are_unchanged(words):
    sentence = " ".join(words).capitalize() + "."
    assert repair_line(sentence) == sentence
