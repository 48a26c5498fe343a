"""`case_report_sectionizer`: medspaCy's Sectionizer for case reports, without per-token writes.

Three differences from medspaCy's ``Sectionizer``:

- a title must start a line or follow a sentence end (`HEADING_START_PATTERN`), never a colon
  or dash ("...Vein: Report of Two Cases" is a title, not a heading);
- a "Background" label right after the "Abstract" title, and any label run into the abstract's
  text after a full stop ("... margin. Results: ..."), belong to a structured abstract: they are
  part of the abstract, not the article's sections;
- ``token._.section`` is computed when read (from ``doc._.sections``) instead of written on
  every token: medspaCy's loop over all tokens cost more than finding the titles (~6 ms of
  ~7 ms on the seed article). ``doc._.sections`` is built exactly as medspaCy builds it.

Sectionizers that use medspaCy features this project does not (parent sections, span
attributes, sentence boundaries at titles) run medspaCy's own ``__call__``.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

__all__ = ["HEADING_LINE_PATTERN", "HEADING_START_PATTERN", "case_report_sectionizer"]

#: a title ends its line or is a run-in heading closed by a dash, colon, period or bracket
#: ("Operation.—", "Pathology:", "Case report. A 65-year-old woman...", "[Abstract] Objective").
HEADING_LINE_PATTERN = r"(?:[\n\r]+ *$)|^[—–:.\]]\s*$"
#: the token before a title ends a line (spaces allowed, tabs not: table cells are
#: indented) or a sentence; never a colon or dash ("...Vein: Report of Two Cases" is a title).
HEADING_START_PATTERN = re.compile(r"(?:[\n\r]+ *$)|^\.\s*$")


#: a structured abstract's first label ("Abstract" then "Background: ...") opens the abstract,
#: not the article's introduction, when it stands at most this many tokens after that title
ABSTRACT_LABEL_GAP = 3


def _run_in(doc: Doc, start: int) -> bool:
    """The title follows a sentence on the same line ("... margin. Results: ...")."""
    return start > 0 and not re.search(r"[\n\r]", doc[start - 1].text_with_ws)


#: structured-abstract labels that speak of the case in the abstract's own words ("Discussion:
#: Thirty months after surgery the patient is alive..."); case, treatment and the like start
#: the article's case when they follow an abstract
_ABSTRACT_TALK = frozenset({"discussion", "conclusion", "introduction", "follow_up"})


def _label_with_text(doc: Doc, end: int) -> bool:
    """The title is a label closed by a colon with its text on the same line, as a structured
    abstract's labels are, not a heading standing on its own line."""
    return (
        end < len(doc)
        and doc[end - 1].text == ":"
        and not re.search(r"[\n\r]", doc[end - 1].text_with_ws)
    )


def section_of_token(token: Token) -> Any:
    """The section holding ``token`` (what medspaCy's Sectionizer writes on every token)."""
    sections = getattr(token.doc._, "sections", None) or []
    if len(sections) == 1 and sections[0].category is None:
        return None  # no title found: medspaCy leaves every token without a section
    starts = [section.title_start for section in sections]
    i = bisect.bisect_right(starts, token.i) - 1
    # medspaCy writes sections in order, so a later section wins where spans overlap
    while i >= 0:
        start, end = sections[i].section_span
        if start <= token.i < end:
            return sections[i]
        i -= 1
    return None


def case_report_sectionizer(nlp: Language, name: str, matcher_name: str):
    """A medspaCy Sectionizer subclass instance for case reports (see module doc)."""
    from medspacy.section_detection import Section, Sectionizer, util

    from gsvlms_extract.nlp.matcher import use_rule_matcher

    class CaseReportSectionizer(Sectionizer):
        def filter_start_lines(self, doc, matches):
            kept = []
            for match_id, start, end in matches:
                if doc[start].text == "." and end - start > 1:
                    # the optional separator swallowed the period ending the sentence before a
                    # run-in heading ("... a planned margin. Case: A 54-year-old"): the title
                    # starts after it
                    start += 1
                if util.is_start_line(start, doc, HEADING_START_PATTERN):
                    kept.append((match_id, start, end))
            return kept

        def __call__(self, doc: Doc) -> Doc:
            if self._parent_sections or self.assertion_attributes_mapping:
                return super().__call__(doc)
            if self._apply_sentence_boundary:
                return super().__call__(doc)
            matches = self.rule_matcher(doc)
            if self.require_start_line:
                matches = self.filter_start_lines(doc, matches)
            if self.require_end_line:
                matches = self.filter_end_lines(doc, matches)
            sections = []
            if not matches:
                sections.append(Section(None, 0, 0, 0, len(doc)))
            elif matches[0][1] != 0:
                sections.append(Section(None, 0, 0, 0, matches[0][1]))
            rule_map = self.rule_matcher.rule_map
            for i, (match_id, start, end) in enumerate(matches):
                rule = rule_map[doc.vocab.strings[match_id]]
                next_start = matches[i + 1][1] if i + 1 < len(matches) else len(doc)
                scope_end = next_start
                if rule.max_scope is not None:
                    scope_end = min(end + rule.max_scope, next_start)
                elif self.max_section_length is not None:
                    scope_end = min(end + self.max_section_length, next_start)
                category = rule.category
                in_abstract = bool(sections) and sections[-1].category == "abstract"
                if in_abstract and (
                    (
                        category == "introduction"
                        and start - sections[-1].title_end <= ABSTRACT_LABEL_GAP
                    )
                    or _run_in(doc, start)
                    or (category in _ABSTRACT_TALK and _label_with_text(doc, end))
                ):
                    # "Abstract / Background: ... Report: A 63-year-old ... Discussion: ...": a
                    # structured abstract's labels, not the article's sections
                    category = "abstract"
                sections.append(Section(category, start, end, end, scope_end, None, rule))
            doc._.sections = sections
            return doc

    sectionizer = CaseReportSectionizer(
        nlp,
        name=name,
        rules=None,
        require_start_line=True,
        require_end_line=True,
        newline_pattern=HEADING_LINE_PATTERN,
        span_attrs=None,
    )
    sectionizer.rule_matcher = use_rule_matcher(sectionizer, Sectionizer, matcher_name)
    Token.set_extension("section", getter=section_of_token, force=True)
    return sectionizer
