# Two commands for a newcomer (see README): `make run` and `make test`.
# Each creates the virtual environment when it is missing or pyproject.toml changed.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
REGISTRY ?= registry.db

.PHONY: install run test lint bench rules-report pdfs pdfs-producers clean browser ocr

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# `gsvlms run` exits 1 when a document failed (each is listed with its reason); the scores
# are printed either way.
run: $(STAMP)
	rm -f $(REGISTRY)
	-$(BIN)/gsvlms run corpus/ --skip test --skip dev_real --skip dev_real2 --skip dev_real3 --skip dev_real4 --skip dev_real5 --skip dev_real6 --skip dev_real7 --skip dev_real8 --skip dev_real9 --skip dev_real10 --skip dev_real11 --skip dev_real12 --skip dev_real13 --skip dev_real14 --skip dev_real15 --skip dev_real16 --skip dev_real17 --skip dev_real18 --skip dev_real19 --skip external --skip pdf_producers --registry sqlite:///$(REGISTRY)
	$(BIN)/gsvlms evaluate

test: $(STAMP) browser ocr
	$(BIN)/ruff check src tests scripts
	$(BIN)/python -m pytest

# The HTML report and the review application are checked in headless Chromium (Debian's
# chromium and chromium-driver). Installed when we can
# (root with apt-get, as on CI); elsewhere the browser test is skipped unless CI is set.
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium chromium-driver >/dev/null; }) && echo "installed chromium and chromium-driver"; \
	  else echo "note: chromium not found; the browser test will be skipped (install Debian's chromium to run it)"; fi; }

# Scanned PDFs are read by OCRmyPDF + Tesseract (the [ocr] extra and Debian packages). Installed
# when we can (root with apt-get, as on CI); elsewhere the OCR tests are skipped unless CI is set.
ocr:
	@command -v tesseract >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq tesseract-ocr tesseract-ocr-eng ocrmypdf >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq tesseract-ocr tesseract-ocr-eng ocrmypdf >/dev/null; }) && echo "installed tesseract-ocr, ocrmypdf"; \
	  else echo "note: tesseract not found; the OCR tests will be skipped (apt-get install ocrmypdf tesseract-ocr)"; fi; }

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# Per rule id: documents and sentences it fires in over the development corpus, rules that
# never fire, rules that fire in one sentence. RULES_REPORT_ARGS="--csv rules.csv" etc.
rules-report: $(STAMP)
	$(BIN)/python scripts/rules_report.py $(RULES_REPORT_ARGS)

pdfs: $(STAMP)
	$(BIN)/python scripts/render_corpus_pdfs.py

# Corpus reports printed by other PDF producers (Chromium, LibreOffice, pdfTeX, reportlab);
# the output in corpus/pdf_producers/ is committed, so `make test` needs none of these tools.
pdfs-producers: $(STAMP)
	$(BIN)/python scripts/render_producer_pdfs.py
	$(BIN)/python scripts/render_text_pdfs.py

clean:
	rm -rf $(VENV) $(REGISTRY) .pytest_cache .hypothesis build dist
