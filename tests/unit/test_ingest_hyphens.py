"""Line-end hyphens: each documented rule decides its case."""

import pytest

from gsvlms_extract.ingest.hyphens import Vocabulary, join_lines


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["a leiomyo-", "sarcoma of"], "a leiomyosarcoma of"),  # typesetter's break
        (["a 37-year-", "old man"], "a 37-year-old man"),  # digit / hyphen in the part before
        (["a T1-", "weighted image"], "a T1-weighted image"),
        (["a 6-", "cm mass"], "a 6-cm mass"),
        (["the GSV-", "LMS case"], "the GSV-LMS case"),  # continuation not lower case
        (["an X-", "ray"], "an X-ray"),
        (["intermediate-", "and high-grade"], "intermediate- and high-grade"),  # suspended
        (["ultra-", "sound"], "ultrasound"),  # dictionary: the joined form is a word
        (["smooth-", "muscle cells"], "smooth-muscle cells"),  # dictionary: two words
        (["saphe-", "nous vein"], "saphenous vein"),  # default: join
        (["plain line", "next line"], "plain line next line"),
        (["ends with a dash -", "next"], "ends with a dash - next"),
    ],
)
def test_join_rules(lines, joined):
    assert join_lines(lines) == joined


def test_document_vocabulary_decides_before_the_dictionary():
    # "follow-up" attested in the document keeps the hyphen of "follow-/ups"
    vocabulary = Vocabulary(["at follow-up the patient", "regular follow-", "ups were done"])
    assert (
        join_lines(["regular follow-", "ups were done"], vocabulary)
        == "regular follow-ups were done"
    )
    # a joined form attested elsewhere wins over two dictionary words
    vocabulary = Vocabulary(["the hypoechoic lesion", "a hypo-", "echoic mass"])
    assert join_lines(["a hypo-", "echoic mass"], vocabulary) == "a hypoechoic mass"


def test_vocabulary_ignores_the_fragments_being_decided():
    vocabulary = Vocabulary(["a leiomyo-", "sarcoma was seen"])
    assert "leiomyo" not in vocabulary and "sarcoma" not in vocabulary
    assert "was" in vocabulary


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["a sixty-", "four-year-old woman"], "a sixty-four-year-old woman"),  # hyphen in tail
        (["at follow-", "up she was well"], "at follow-up she was well"),  # compound tail
        (["anti-", "inflammatory drugs"], "anti-inflammatory drugs"),  # doubled vowel
        (["a retro-", "peritoneal mass"], "a retroperitoneal mass"),  # solid prefix
        (["some-", "times painful"], "sometimes painful"),  # dictionary word
        (["a well-", "defined lesion"], "a well-defined lesion"),  # hyphenated head
    ],
)
def test_compound_and_prefix_rules(lines, joined):
    assert join_lines(lines) == joined


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["a near-com-", "plete excision"], "a near-complete excision"),  # last piece decides
        (["thoraco-abdomino-", "pelvic CT"], "thoraco-abdomino-pelvic CT"),  # not a word joined
        (["REVIEW OF THE LIT-", "ERATURE"], "REVIEW OF THE LITERATURE"),  # capitals, a word
        (["on ex-", "ertional dyspnoea"], "on exertional dyspnoea"),  # "ertional" is no word
        (["metastases to Lung/", "liver"], "metastases to Lung/liver"),  # break after a slash
        (["accounts for 5%-", "10% of"], "accounts for 5%-10% of"),  # hyphen after a sign
        (["Con-", "trast-enhanced CT"], "Contrast-enhanced CT"),  # solid first piece a word
    ],
)
def test_breaks_seen_in_other_producers_pdfs(lines, joined):
    assert join_lines(lines) == joined


def test_producer_soft_hyphen_always_joins():
    # "follow-" / "up" keeps its hyphen by the rules; a discretionary hyphen never does
    assert join_lines(["at follow-", "up"]) == "at follow-up"
    assert join_lines(["a pain-", "less mass"], soft=[True, False]) == "a painless mass"
    assert join_lines(["at follow-", "up"], soft=[True, False]) == "at followup"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "a diagnosis of leio- myosarcoma; the vein was di- vided; no reconstruc- tion",
            "a diagnosis of leiomyosarcoma; the vein was divided; no reconstruction",
        ),
        # a suspended hyphen, or two words each standing alone, stay as written
        ("intermediate- and high-grade; pre- and postoperative", None),
        ("a well- known sign", None),
    ],
)
def test_a_hyphen_and_space_inside_a_line_rejoins_a_broken_word(line, expected):
    from gsvlms_extract.ingest.hyphens import join_inline_breaks

    assert join_inline_breaks(line) == (expected or line)
