"""Is the report's own patient a great saphenous vein leiomyosarcoma?

Every asserted mention of leiomyosarcoma (or leiomyoma) in the title, abstract and case text
is tied to the nearest vein named in its sentence ("leiomyosarcoma of the great saphenous
vein", "GSV-LMS", "leiomyosarcoma arising from the common femoral vein"); when no vein is
named with the diagnosis, the veins the tumour is said to arise from decide. Mentions in the
differential diagnosis, negated ones ("no evidence of leiomyosarcoma") and the discussion
of other patients do not count. The case text decides before the abstract.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from spacy.tokens import Span

from gsvlms_extract.extract.anchors import (
    BESIDE,
    a_distance_from,
    nearest,
    origin_linked,
    tumour_spans,
)
from gsvlms_extract.extract.patients import PatientText
from gsvlms_extract.extract.view import Sentence, is_asserted, is_stated_now, modifiers_of

__all__ = ["diagnose", "diagnose_patient"]

_UNPLACED = "leiomyosarcoma not said to arise from the great saphenous vein"
_NOT_FOUND = "no leiomyosarcoma of the great saphenous vein in the report's own patient"
#: the reason given when the only finding is a thrombosis or phlebitis, no tumour's kind
_ONLY_VEIN_FINDINGS = "no leiomyosarcoma in the report's own patient"
#: vote key of a leiomyosarcoma said to arise in an organ or muscle, not in a vein
_ORGAN = "organ:"


#: "the great saphenous vein lay 3 cm medial to the lesion and was normal": a vein said to be
#: uninvolved is where the tumour is not
_UNINVOLVED = frozenset(
    {
        "normal",
        "uninvolved",
        "spared",
        "intact",
        "unremarkable",
        "separate",
        "free",
        "distinct",
        "preserved",
    }
)
_UNINVOLVED_WINDOW = 14


_ORIGIN = frozenset({"arising", "arise", "arises", "originating", "originate", "derived", "from"})
#: "lying on / over / beneath the vein": where the tumour lies, not what it arises from
_LYING = frozenset({"lying", "lay", "lies", "resting", "rested", "situated", "located", "sitting"})
_ON = frozenset({"on", "upon", "over", "under", "beneath", "underneath", "below", "above"})


def _said_uninvolved(vein) -> bool:
    doc = vein.doc
    sentence_end = vein.sent.end
    after = doc[vein.end : min(vein.end + _UNINVOLVED_WINDOW, sentence_end)]
    before = doc[max(vein.start - 2, vein.sent.start) : vein.start]
    if any(t.lower_ in _UNINVOLVED for t in before):
        return True
    lead = [t.lower_ for t in doc[max(vein.start - 5, vein.sent.start) : vein.start]]
    if any(w in BESIDE for w in lead) or a_distance_from(lead):
        return True  # "beside the vein", "8 mm from the vein"
    if "not" in lead and any(w in _ORIGIN for w in lead[lead.index("not") :]):
        return True
    if any(w in _LYING and _ON.intersection(lead[i + 1 : i + 3]) for i, w in enumerate(lead)):
        return True  # "a recurrent leiomyosarcoma lying on the great saphenous vein"
    for token in after:
        if token.lower_ in (";", "but", "whereas", "while"):
            return False
        if token.lower_ in _UNINVOLVED and not _modifies_a_noun(token):
            return True
        if (
            token.lower_ == "not"
            and token.i + 1 < len(token.doc)  # "... saphenous not" ends the text
            and token.nbor(1).lower_ in ("involved", "affected")
        ):
            return True
    return False


def _modifies_a_noun(token) -> bool:
    """ "with free flow in the femoral vein", "normal calibre": the word describes the noun after
    it, not the vein before."""
    if token.i + 1 >= len(token.doc) or token.i + 1 >= token.sent.end:
        return False
    after = token.nbor(1)
    return after.is_alpha and after.lower_ not in ("of", "from", "and", "or", "but", "in", "at")


#: rules naming "the saphenous vein" without saying which one
_BARE_SAPHENOUS = frozenset(
    {
        "vein.gsv.saphenous_vein",
        "vein.gsv.saphenous",
        "vein.gsv.saphenous_veins",
        "vein.gsv.vena_saphena",
    }
)
_SMALL_SAPHENOUS = "other:the small saphenous vein"


def _bare_means_small(sentences: list[Sentence]) -> bool:
    """A report that names the small saphenous vein and never the great one (but as normal,
    stripped or a graft), then says "the saphenous vein", means the small one (the name
    shortened once introduced)."""
    veins = [v for s in sentences for v in s.of("VEIN")]
    named_small = any(v._.gsvlms_value == _SMALL_SAPHENOUS for v in veins)
    named_great = any(
        v._.gsvlms_value == "gsv" and v._.gsvlms_rule not in _BARE_SAPHENOUS and not _incidental(v)
        for v in veins
    )
    return named_small and not named_great


def _vein_key(vein, bare_means_small: bool) -> str:
    if bare_means_small and vein._.gsvlms_rule in _BARE_SAPHENOUS:
        return _SMALL_SAPHENOUS
    return vein._.gsvlms_value


#: words showing the great saphenous vein is mentioned for another role: a graft, a conduit,
#: an earlier stripping or ablation of varicose veins
_OTHER_ROLE = frozenset(
    {
        "graft",
        "grafts",
        "grafted",
        "harvested",
        "harvest",
        "conduit",
        "stripped",
        "stripping",
        "ablation",
        "ablated",
        "bypass",
        "cannulated",
        "cannulation",
        "tributary",
        "tributaries",
        "branch",
        "branches",
    }
)
_ROLE_WINDOW = 6
#: a vein "replaced / reconstructed / repaired with a graft" is the one resected, not the graft
_REPLACED = ("replac", "reconstruct", "repair", "restor", "bridg", "interpos")


def _other_role(vein) -> bool:
    """ "a spiral graft fashioned from the great saphenous vein", "his great saphenous veins had
    been stripped in 1987": the vein is named, but not as where a tumour lies."""
    doc = vein.doc
    start = max(vein.start - _ROLE_WINDOW, vein.sent.start)
    if any(t.lower_ in _OTHER_ROLE for t in doc[start : vein.start]):
        return True
    for token in doc[vein.end : min(vein.end + _ROLE_WINDOW, vein.sent.end)]:
        if token.lower_.startswith(_REPLACED):
            return False  # "the femoral vein, replaced by a prosthetic graft": the vein replaced
        if token.lower_ in _OTHER_ROLE:
            return True
    return False


def _incidental(vein) -> bool:
    """Uninvolved, in another role, or named inside a diagnosis that is only considered
    ("leiomyosarcoma of the saphenous vein was high in the differential diagnosis")."""
    return _said_uninvolved(vein) or _other_role(vein) or not is_asserted(vein)


#: metastasis-site words that also name where a leiomyosarcoma can arise outside the veins
#: ("retroperitoneal leiomyosarcoma", "cutaneous leiomyosarcoma"); not the subcutaneous layer
#: or the soft tissues, where a saphenous tumour itself lies
_ORGAN_ORIGINS = frozenset(
    {
        "retroperitoneum",
        "skin",
        "kidney",
        "bowel",
        "muscle",
        "pancreas",
        "spleen",
        "ovary",
        "breast",
        "bone",
        "lung",
        "liver",
        "heart",
        "brain",
        "thyroid",
        "adrenal",
        "peritoneum",
        "mediastinum",
    }
)
#: what may stand between a leiomyosarcoma and the organ after it ("leiomyosarcoma of the
#: retroperitoneal tissues", "arising in the left vastus medialis")
_ORGAN_LINK = frozenset(
    {"of", "the", "in", "from", "arising", "originating", "primary", "left", "right"}
)
_ORGAN_LINK_WINDOW = 4
#: the tissue layers a saphenous tumour itself lies in: "a subcutaneous leiomyosarcoma" names
#: the kind of tumour (arising from small vessels) unless the sentence ties it to a named vein
#: ("a subcutaneous leiomyosarcoma arising from the great saphenous vein")
_TISSUE_LAYERS = frozenset({"subcutaneous", "soft_tissue"})


def _organ_origin(sentence: Sentence, mention) -> str | None:
    """The organ a leiomyosarcoma mention is said to arise in, outside the veins: just before it
    ("metastatic uterine leiomyosarcoma") or linked after it ("of the vastus medialis")."""
    of_a_vein = any(origin_linked(mention, v) for v in sentence.of("VEIN") if not _incidental(v))
    organs = [
        o
        for o in sentence.of("MET_SITE", "ORIGIN_OTHER")
        if o.label_ == "ORIGIN_OTHER"
        or o._.gsvlms_value in _ORGAN_ORIGINS
        or (o._.gsvlms_value in _TISSUE_LAYERS and not of_a_vein)
    ]
    doc = mention.doc
    for organ in organs:
        if organ.end <= mention.start:
            between = [t.lower_ for t in doc[organ.end : mention.start]]
            if between in ([], ["primary"]):
                return organ.text.lower()
        elif organ.start >= mention.end and organ.start - mention.end <= _ORGAN_LINK_WINDOW:
            between = [t.lower_ for t in doc[mention.end : organ.start]]
            if between and all(w in _ORGAN_LINK for w in between):
                return organ.text.lower()
    return None


_UNKNOWN_ORIGIN = re.compile(
    r"^[^;:]{0,40}?\b(?:of|with)\s+(?:an?\s+)?(?:uncertain|unknown|undetermined|unclear|"
    r"indeterminate)\s+(?:origin|primary|source)",
    re.IGNORECASE,
)


def _of_unknown_origin(mention) -> bool:
    """ "leiomyosarcoma of the thigh of uncertain origin": the report does not say where it
    arose, whatever vein the sentence names."""
    doc = mention.doc
    return bool(_UNKNOWN_ORIGIN.match(doc.text[mention.end_char : mention.sent.end_char]))


#: words joining an abbreviated diagnosis to the vein after it: "LMS of GSV", "LMS originated
#: from the GSV"
_ABBREVIATION_LINK = frozenset(
    {"of", "from", "the", "in", "arising", "originated", "originating", "arose", "within"}
)


def _abbreviation_names_its_vein(mention, sentence: Sentence) -> bool:
    """ "LMS" (which ends in "s" but is no plural) followed by words of origin and a vein."""
    doc = mention.doc
    words = []
    for token in doc[mention.end : min(mention.end + 5, mention.sent.end)]:
        if token.lower_ not in _ABBREVIATION_LINK:
            break
        words.append(token.lower_)
    if not words or words == ["the"]:
        return False
    at = mention.end + len(words)
    return any(v.start == at for v in sentence.of("VEIN"))


def _a_class(mention, sentence: Sentence) -> bool:
    """A plural diagnosis ("leiomyosarcomas of the superficial veins") names a kind of tumour,
    not the patient's own, unless a number counts the patient's lesions ("two leiomyosarcomas")."""
    if not mention.text.lower().endswith("s"):
        return False
    if mention.text.isupper() and _abbreviation_names_its_vein(mention, sentence):
        return False  # "LMS originated from the GSV", "LMS of GSV": one tumour, its vein named
    before = mention.doc[max(mention.start - 3, mention.sent.start) : mention.start]
    return not any(t.like_num or t.lower_ in ("both", "multiple", "several") for t in before)


_DETERMINERS = frozenset(
    {"a", "an", "the", "this", "these", "our", "his", "her", "its", "their", "whose"}
)
_GENERIC_VERBS = frozenset(
    {
        "is",
        "are",
        "arises",
        "arise",
        "occurs",
        "occur",
        "presents",
        "does",
        "do",
        "has",
        "have",
        "tends",
        "tend",
        "can",
        "may",
        "usually",
        "typically",
        "often",
        "commonly",
        "generally",
        "rarely",
        "seldom",
    }
)
_REPORTING = frozenset(
    {
        "reported",
        "presented",
        "described",
        "discussed",
        "documented",
        "confirmed",
        "diagnosed",
        "found",
        "seen",
        "shown",
        "suspected",
        "demonstrated",
        "identified",
        "noted",
        "observed",
        "excised",
        "removed",
        "resected",
    }
)
_ABOUT = frozenset({"about", "regarding", "concerning"})


def _generic(mention) -> bool:
    """ "Leiomyosarcoma of the great saphenous vein is solid and arises within the vein wall":
    the disease, named without an article as the subject of a verb in the present or as a
    topic ("having read about saphenous leiomyosarcoma"), not the patient's tumour ("a
    leiomyosarcoma ... was found"; "Leiomyosarcoma of the GSV is reported in a 60-year-old
    woman" is the report's own)."""
    doc = mention.doc
    lead = [t.lower_ for t in doc[max(mention.start - 3, mention.sent.start) : mention.start]]
    if any(w in _ABOUT for w in lead):
        after_about = lead[max(i for i, w in enumerate(lead) if w in _ABOUT) + 1 :]
        if not _DETERMINERS.intersection(after_about):
            return True  # "having read about saphenous leiomyosarcoma, the GP sent her to us"
    if _DETERMINERS.difference({"a", "an"}).intersection(lead):  # "A leiomyosarcoma ... is"
        return False  # "the leiomyosarcoma is ...", "our patient's leiomyosarcoma has ..."
    depth = 0  # "Leiomyosarcoma (LMS) arising from the great saphenous vein (GSV) is rare"
    for token in doc[mention.end : min(mention.end + 14, mention.sent.end)]:
        word = token.lower_
        if word in ("(", "["):
            depth += 1
        elif word in (")", "]"):
            depth = max(depth - 1, 0)
        elif depth:
            continue
        elif word in _GENERIC_VERBS:
            after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
            return after not in _REPORTING
        elif word in ("was", "were", "had", ",", ";", ":") or token.is_digit:
            return False
    return False


def _in_a_differential(mention) -> bool:
    """ "The differential diagnosis included lymphadenopathy, soft tissue sarcoma, and
    leiomyosarcoma of the great saphenous vein": a candidate of a list ConText's scope may not
    reach (its ", and" ends a clause elsewhere), one of a quiz's lettered answers, or what the
    tumour is told apart from ("distinction from leiomyosarcoma of the GSV is important")."""
    doc = mention.doc
    if _OPTIONS.search(mention.sent.text) or _an_option_line(mention.sent):
        return True
    if _ALTERNATIVES.search(doc.text[mention.sent.start_char : mention.start_char]):
        return True  # "A diagnosis of saphena varix or of a leiomyosarcoma was made"
    return any(t.lower_.startswith(_TELLING_APART) for t in doc[mention.sent.start : mention.start])


#: "the differential diagnosis", "distinction from leiomyosarcoma", "must be distinguished from",
#: "to differentiate it from": a diagnosis the report tells the patient's tumour apart from
_TELLING_APART = ("differential", "distinction", "distinguish", "differentiat", "discriminat")


#: the diagnosis is one of alternatives: "a diagnosis of saphena varix with thrombosis or of"
_ALTERNATIVES = re.compile(
    r"\bdiagnos\w*\s+(?:was\s+)?(?:of\s+)?[^;.]*\bor\s+(?:of\s+)?(?:an?\s+)?\S*$", re.I
)
#: a quiz's lettered answers: "A. Leiomyosarcoma of the great saphenous vein B. Superficial
#: thrombophlebitis C. ..." or "(a) ... (b) ... (c) ..."
_OPTIONS = re.compile(
    r"(?:^|\s)(?:A[.)]|\(a\))\s.+\s(?:B[.)]|\(b\))\s.+\s(?:C[.)]|\(c\))\s", re.DOTALL
)


#: one lettered answer on its own line, as a PDF's layout gives them: "A. Leiomyosarcoma of the
#: great saphenous vein", "(b) Superficial thrombophlebitis"
_OPTION_START = re.compile(r"^\s*(?:([A-Ea-e])[.)]|\(([A-Ea-e])\))\s+\S")


def _option_letter(sent) -> str | None:
    match = _OPTION_START.match(sent.text)
    return (match.group(1) or match.group(2)).lower() if match else None


def _an_option_line(sent) -> bool:
    """``sent`` is one of a quiz's lettered answers set one per line: it starts "A." or "(a)",
    and comes after a question, after the answer lettered before it, or before the next
    ("ANSWER: C. ..." starts with no letter and is read as the finding)."""
    letter = _option_letter(sent)
    if letter is None:
        return False
    doc = sent.doc
    before = doc[sent.start - 1].sent if sent.start > 0 else None
    after = doc[sent.end].sent if sent.end < len(doc) else None
    if before is not None:
        if before.text.rstrip().endswith("?"):
            return True
        if _option_letter(before) == chr(ord(letter) - 1):
            return True
    return after is not None and _option_letter(after) == chr(ord(letter) + 1)


#: a sentence that gives a finding, not a list of candidates or a suspicion ("the referring
#: diagnosis was lipoma")
_FINDS = re.compile(
    r"\b(?:histolog|patholog|showed|shows|revealed|confirmed|proved|consistent with"
    r"|(?<!differential )(?<!referring )(?<!referral )(?<!clinical )(?<!provisional )"
    r"(?<!working )(?<!initial )(?<!preoperative )(?<!presumptive )(?<!suspected )diagnos)",
    re.IGNORECASE,
)


def _first_stated(
    sentences: list[Sentence], wanted: Callable[[Sentence, Span], bool], finding: bool
) -> tuple[Span, Sentence] | None:
    """The first ``wanted`` target the text states of the patient now (asserted, not from the
    history). With ``finding``, only in a sentence that gives a finding, not in a
    differential's list."""
    for sentence in sentences:
        if finding and not _FINDS.search(sentence.text):
            continue
        for span in sentence.targets:
            if (
                wanted(sentence, span)
                and is_stated_now(span)
                and not (finding and _in_a_differential(span))
            ):
                return span, sentence
    return None


def _leiomyoma(sentences: list[Sentence]) -> str | None:
    """The first sentence that finds a leiomyoma of the patient's own ("Histopathology showed
    a benign leiomyoma"; not a uterine leiomyoma of the history or a differential's list)."""
    found = _first_stated(
        sentences,
        lambda sentence, span: span.label_ == "LEIOMYOMA" and _organ_origin(sentence, span) is None,
        finding=True,
    )
    return found[1].text.strip() if found else None


def _names_its_vein(mention, vein) -> bool:
    """ "leiomyosarcoma of the small saphenous vein", "saphenous vein leiomyosarcoma": the
    diagnosis and its vein in one phrase, not a search query's '"saphenous vein" leiomyosarcoma
    calf nodule' or a list of words."""
    return vein.end == mention.start or origin_linked(mention, vein)


def _links(
    sentences: list[Sentence], label: str, bare_means_small: bool = False
) -> tuple[Counter, str | None]:
    """Votes vein → count for asserted ``label`` mentions; the first sentence quoted.

    ``label`` "TUMOUR" counts the words naming the tumour (tumour, mass, lesion...).
    """
    votes: Counter = Counter()
    quote = None
    for sentence in sentences:
        veins = [v for v in sentence.of("VEIN") if not _incidental(v)]
        if label == "TUMOUR":
            if not veins:
                continue
            mentions = tumour_spans(sentence)
        else:
            mentions = sentence.of(label)
        for mention in mentions:
            if not is_asserted(mention) or _in_a_differential(mention):
                continue
            if label == "LMS" and (_a_class(mention, sentence) or _generic(mention)):
                continue  # "venous leiomyosarcomas of the lower limb involve the GSV"
            organ = _organ_origin(sentence, mention) if label == "LMS" else None
            if organ is not None:  # "uterine leiomyosarcoma ... along the saphenous vein"
                key = f"{_ORGAN}{organ}"
            elif label == "LMS" and _of_unknown_origin(mention):
                key = "unknown"  # "leiomyosarcoma of the thigh of uncertain origin"
            else:
                if label == "TUMOUR":  # "ligated 3 cm above and below the tumour": near, not of it
                    vein = nearest(mention, [v for v in veins if origin_linked(mention, v)])
                else:
                    vein = nearest(mention, veins)
                key = _vein_key(vein, bare_means_small) if vein is not None else "unknown"
                if label != "TUMOUR" and vein is not None and _names_its_vein(mention, vein):
                    votes[key] += 1  # said to be of that vein, not only named beside it
            votes[key] += 1
            if quote is None and key != "unknown":
                quote = sentence.text.strip()
    return votes, quote


def _excerpt(text: str | None, limit: int = 160) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return f': "{text[:limit]}{"..." if len(text) > limit else ""}"'


#: rule-id prefix of the tumour words that name a tumour's kind ("a cavernous haemangioma",
#: "a schwannoma of the saphenous nerve")
_NAMED_KIND = "tumour.named."


def _named_diagnosis(sentences: list[Sentence], finding: bool = False) -> tuple[str, str] | None:
    """The first tumour named by another kind, asserted and not from the history: (kind, quote).
    With ``finding``, only in a sentence that gives a finding, not in a differential's list."""
    found = _first_stated(
        sentences,
        lambda _, span: (
            span.label_ == "TUMOUR" and (span._.gsvlms_rule or "").startswith(_NAMED_KIND)
        ),
        finding,
    )
    return (found[0].text.lower(), found[1].text.strip()) if found else None


def _found_other_kind(sentences: list[Sentence], small: bool) -> tuple[bool, str] | None:
    """ "Histology showed a schwannoma" where no sentence finds a leiomyosarcoma: the finding
    decides, whatever a comparison or the radiologist's suggestion says of leiomyosarcoma."""
    if _first_stated(sentences, lambda _, span: span.label_ == "LMS", finding=True):
        return None
    benign = _leiomyoma(sentences)
    if benign is not None:
        on_gsv = _links(sentences, "LEIOMYOMA", small)[0].get("gsv")
        where = " of the great saphenous vein" if on_gsv else ""
        return False, f"benign leiomyoma{where}, not a leiomyosarcoma" + _excerpt(benign)
    named = _named_diagnosis(sentences, finding=True)
    if named is not None:
        kind, quote = named
        return False, f"{kind}, not a leiomyosarcoma" + _excerpt(quote)
    return None


#: the report finds its tumour to be a deposit of a cancer elsewhere: "the lesion was
#: therefore an intravenous metastasis, not a primary venous tumour", "a saphenous vein
#: leiomyosarcoma that was not primary", "... consistent with an intravascular metastasis"
_NOT_PRIMARY = re.compile(
    r"\b(?:was|is|were|are)\s+not\s+(?:an?\s+)?primary\b"
    r"|\bnot\s+an?\s+primary\s+(?:\w+\s+){0,2}(?:tumou?r|leiomyosarcoma|lesion|neoplasm|sarcoma)\b"
    # "... consistent with an intravascular metastasis": a deposit inside the vein
    r"|\b(?:consistent\s+with|representing|in\s+keeping\s+with)\s+(?:an?\s+)?"
    r"(?:intravascular|intravenous|intraluminal|endovenous)\s+metastasis\b",
    re.IGNORECASE,
)


def _said_not_primary(sentences: list[Sentence]) -> str | None:
    """The first sentence saying the leiomyosarcoma is not a primary tumour, or None."""
    for sentence in sentences:
        if sentence.has("LMS", "TUMOUR") and _NOT_PRIMARY.search(sentence.text):
            return sentence.text.strip()
    return None


def _judge(case: list[Sentence], summary: list[Sentence]) -> tuple[bool, str] | None:
    """(is_gsv_lms, reason) from these sentences, or None when they state no diagnosis."""
    small = _bare_means_small(case + summary)
    gsv_anywhere = any(
        _vein_key(v, small) == "gsv" and not _incidental(v)
        for s in case + summary
        for v in s.of("VEIN")
    )
    # "a thin fat plane separating it from the great saphenous vein": the report says where the
    # tumour is not, so naming the vein elsewhere does not place it there
    gsv_beside = any(  # or "(no connection with the wall of the great saphenous vein)"
        _vein_key(v, small) == "gsv" and (_said_uninvolved(v) or "negated" in modifiers_of(v))
        for s in case + summary
        for v in s.of("VEIN")
    )
    found = _found_other_kind(case + summary, small)
    if found is not None:
        return found
    secondary = _said_not_primary(case + summary)
    if secondary is not None:
        return False, "a metastasis, not a primary leiomyosarcoma" + _excerpt(secondary)
    unplaced_lms = False  # a leiomyosarcoma no sentence ties to any vein
    for sentences in (case, summary):
        votes, quote = _links(sentences, "LMS", small)
        if not votes:
            continue
        unplaced_lms = True
        gsv = votes.get("gsv", 0)
        others = {k: n for k, n in votes.items() if k not in ("gsv", "unknown")}
        if gsv and gsv >= sum(others.values()):
            return True, "leiomyosarcoma of the great saphenous vein" + _excerpt(quote)
        if others:
            top = max(others, key=others.get)
            where = top.split(":", 1)[1]
            if top.startswith(_ORGAN):
                where = f"another site ({where})"
            return False, f"leiomyosarcoma of {where}, not of the great saphenous vein" + _excerpt(
                quote
            )
        # "Histopathology showed a benign leiomyoma" where the leiomyosarcoma was only suspected
        benign = _leiomyoma(case + summary)
        if benign is not None:
            return False, "benign leiomyoma, not a leiomyosarcoma" + _excerpt(benign)
        named = _named_diagnosis(case + summary, finding=True)
        if named is not None:  # "Histology showed papillary endothelial hyperplasia"
            kind, named_quote = named
            return False, f"{kind}, not a leiomyosarcoma" + _excerpt(named_quote)
        tumour_votes, tumour_quote = _links(case + summary, "TUMOUR", small)
        tumour_gsv = tumour_votes.get("gsv", 0)
        tumour_other = {k: n for k, n in tumour_votes.items() if k not in ("gsv", "unknown")}
        if tumour_gsv > sum(tumour_other.values()):
            return (
                True,
                "leiomyosarcoma; the tumour arises from the great saphenous vein"
                + _excerpt(tumour_quote),
            )
        if tumour_other:
            vein = max(tumour_other, key=tumour_other.get).split(":", 1)[1]
            return False, f"leiomyosarcoma; the tumour arises from {vein}" + _excerpt(tumour_quote)
        # the case text names no vein with its leiomyosarcoma: the abstract may ("External
        # iliac vein leiomyosarcoma presenting as DVT") before the report's vein decides
    if unplaced_lms and gsv_anywhere and not gsv_beside:
        return True, "leiomyosarcoma in a report on the great saphenous vein"
    for sentences in (case, summary):
        votes, quote = _links(sentences, "LEIOMYOMA", small)
        if votes:
            where = "the great saphenous vein" if votes.get("gsv") else "a vein"
            return False, f"benign leiomyoma of {where}, not a leiomyosarcoma" + _excerpt(quote)
    for sentences in (case, summary):
        named = _named_diagnosis(sentences)
        if named is not None:
            kind, quote = named
            return False, f"{kind}, not a leiomyosarcoma" + _excerpt(quote)
    findings = sorted(
        {
            t._.gsvlms_value
            for s in case + summary
            for t in s.of("PRESENTATION")
            if is_asserted(t) and t._.gsvlms_value in ("phlebitis", "thrombosis")
        }
    )
    if findings:
        return False, f"{_ONLY_VEIN_FINDINGS} ({', '.join(findings)})"
    if unplaced_lms:
        return False, _UNPLACED
    return None


def _own_veins(case: list[Sentence]) -> set[str]:
    """The veins a patient's own sentences name, but as uninvolved, a graft or a suspicion."""
    small = _bare_means_small(case)
    return {_vein_key(v, small) for s in case for v in s.of("VEIN") if not _incidental(v)}


def diagnose(patients: list[PatientText]) -> tuple[bool, str]:
    """(is_gsv_lms, reason) for a whole document, from all its patients' sentences."""
    case = [s for p in patients for s in p.case]
    summary = [s for p in patients for s in (p.summary or p.front)]
    return _judge(case, summary) or (False, _NOT_FOUND)


def diagnose_patient(patient: PatientText, patients: list[PatientText]) -> tuple[bool, str]:
    """(is_gsv_lms, reason) for one patient of a report.

    A series can hold one GSV-LMS and one caval leiomyosarcoma: each patient is judged on
    their own case text first. When it names no diagnosis ("Case 2. A 61-year-old woman..."),
    the diagnosis the report states for all its patients (title, abstract, the other cases'
    shared wording) applies, and the reason says so.
    """
    if len(patients) == 1:
        return diagnose(patients)
    own = _judge(patient.case, [])
    small = _bare_means_small(patient.case)
    own_tumour = _links(patient.case, "TUMOUR", small)[0]
    own_tumour.pop("unknown", None)
    if own is not None and own[1].startswith(_ONLY_VEIN_FINDINGS) and own_tumour:
        own = None  # "a mass within the GSV ... first taken for thrombophlebitis": the series'
        # shared diagnosis ("leiomyosarcoma in all 3 cases") says what the mass was
    if own is not None and own[1] != _UNPLACED:  # "Histology: leiomyosarcoma" names no vein
        return own
    if own is not None:  # "a mass in the posterior tibial veins ... Histology: leiomyosarcoma"
        veins = _own_veins(patient.case)
        if veins and "gsv" not in veins:
            return False, _placed_elsewhere(veins)
    shared = _judge([s for p in patients for s in p.case], patient.front)
    if shared is None:
        return False, _NOT_FOUND
    if shared[0] and own_tumour and "gsv" not in own_tumour:
        # "The tumors arose from the GSV, the femoral and the popliteal vein, respectively" and
        # "Case 2 ... resection of the tumour with a segment of the femoral vein"
        return False, _placed_elsewhere([own_tumour.most_common(1)[0][0]])
    return shared[0], f"{shared[1]} (stated for the report's patients as a group)"


def _placed_elsewhere(veins) -> str:
    where = sorted(veins)[0].split(":", 1)[1]
    return f"leiomyosarcoma; this patient's own text places the tumour in {where}"
