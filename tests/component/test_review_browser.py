"""The review application driven in real headless Chromium (Debian's chromium + chromedriver,
through Selenium): resolve a conflict by keyboard, correct a value, accept a new case, read the
dashboard; the registry and the next export show the decisions. Screenshots at desktop and
phone width are written under the test's tmp dir (``screenshots/``)."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import threading
import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("selenium")

from gsvlms_extract.reconcile import link_cases  # noqa: E402
from gsvlms_extract.registry import (  # noqa: E402
    export_registry,
    load_cases,
    open_registry,
    record_document,  # noqa: E402
)
from gsvlms_extract.registry.decisions import decisions  # noqa: E402
from gsvlms_extract.registry.store import DocumentResult  # noqa: E402
from gsvlms_extract.schema import Evidence, ExtractedCase  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
if (CHROMIUM is None or DRIVER is None) and not os.environ.get("CI"):
    pytest.skip("chromium / chromedriver not installed", allow_module_level=True)

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def case(source, sentence, **values):
    evidence = {
        name: Evidence(start=0, end=5, sentence=sentence, text=str(v), rule_id=f"r.{name}")
        for name, v in values.items()
    }
    return ExtractedCase(
        source=source,
        patient_index=1,
        is_gsv_lms=True,
        is_gsv_lms_reason="GSV leiomyosarcoma stated",
        evidence=evidence,
        **values,
    )


def write(engine, path, extracted):
    doc = DocumentResult(
        path=path,
        sha256=hashlib.sha256(path.encode()).hexdigest(),
        size_bytes=1,
        cases=[extracted],
    )
    return record_document(engine, doc, run_id=None, linker=link_cases)


@pytest.fixture
def registry(tmp_path, gold_table):
    engine = open_registry(tmp_path / "registry.db", create=True, gold_table=gold_table)
    write(
        engine,
        "inbox/smout1960.txt",
        case(
            "smout1960.txt",
            "A woman of 77 had a lump in the left thigh.",
            sex="F",
            age_years=77,
            side="left",
            region="thigh",
        ),
    )
    new = write(
        engine,
        "inbox/kowalski2025.txt",
        case(
            "kowalski2025.txt",
            "A man aged 41 had a right ankle mass of 33 mm.",
            sex="M",
            age_years=41,
            side="right",
            region="ankle",
            size_mm=33.0,
        ),
    )
    yield engine, new.new_case_ids[0]
    engine.dispose()


@pytest.fixture
def server(registry):
    import uvicorn

    from gsvlms_extract.review.app import create_app

    engine, _ = registry
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(engine), log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def shoot(driver, folder, name):
    folder.mkdir(exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        driver.set_window_size(width, height)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height, 600), 4000))
        path = folder / f"{name}-{label}.png"
        driver.save_screenshot(str(path))
        assert path.stat().st_size > 5000
    driver.set_window_size(*WIDTHS["desktop"])


def test_curator_resolves_corrects_and_accepts_in_the_browser(registry, server, browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    engine, new_id = registry
    shots = tmp_path / "screenshots"
    wait = WebDriverWait(browser, 20)
    browser.get(server + "/")
    assert browser.find_element(By.ID, "n-conflicts").text == "1"
    assert browser.find_element(By.ID, "n-new").text == "1"
    shoot(browser, shots, "queue")

    # 1. The conflict, side by side, decided with the keyboard ("a" = accept extracted).
    browser.find_element(By.CSS_SELECTOR, "a.item[href^='/conflict/']").click()
    wait.until(ec.presence_of_element_located((By.ID, "extracted-value")))
    assert browser.find_element(By.ID, "registry-value").text == "76"
    assert browser.find_element(By.CSS_SELECTOR, ".extracted mark").text == "77"
    shoot(browser, shots, "conflict")
    browser.find_element(By.NAME, "curator").send_keys("ana")
    browser.find_element(By.ID, "reason").send_keys("the case report says 77")
    browser.execute_script("document.activeElement.blur()")
    ActionChains(browser).send_keys("a").perform()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".done")))
    assert "age_years = 77" in browser.find_element(By.CSS_SELECTOR, ".done").text
    assert load_cases(engine)[3].age_years == 77

    # 2. Correct a value on the case page.
    browser.get(server + "/case/4")
    row = browser.find_element(By.ID, "field-size_mm")
    assert "sentence" not in row.text  # Table 1 value, no extraction evidence
    row.find_element(By.NAME, "value").send_keys("65")
    row.find_element(By.NAME, "reason").send_keys("Table 1 misprint; text says 6.5 cm")
    row.find_element(By.NAME, "reason").send_keys(Keys.ENTER)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".done")))
    assert load_cases(engine)[3].size_mm == 65.0
    assert browser.find_element(By.CSS_SELECTOR, "#field-size_mm .val").text == "65"
    assert browser.find_element(By.NAME, "curator").get_attribute("value") == "ana"  # kept
    shoot(browser, shots, "case")

    # 3. Accept the new case.
    browser.get(server + f"/case/{new_id}")
    mark = browser.find_element(By.CSS_SELECTOR, "#field-age_years mark")
    assert mark.text == "41"
    browser.find_element(By.ID, "reason").send_keys("a patient not in Table 1")
    browser.find_element(By.ID, "accept-case").click()
    wait.until(ec.presence_of_element_located((By.ID, "n-new")))
    assert browser.find_element(By.ID, "n-new").text == "0"
    assert browser.find_element(By.ID, "n-conflicts").text == "0"

    # The registry and the next export show the decisions.
    kinds = [(d["kind"], d["decided_by"], d["channel"]) for d in decisions(engine)]
    assert kinds == [
        ("accept", "ana", "review"),
        ("value", "ana", "review"),
        ("case_accept", "ana", "review"),
    ]
    (csv,) = export_registry(engine, "csv", tmp_path / "export")
    import pandas as pd

    exported = pd.read_csv(csv).set_index("case_id")
    assert exported.loc[4, "age_years"] == 77 and exported.loc[4, "size_mm"] == 65
    assert exported.loc[new_id, "needs_review"] == False  # noqa: E712
    (xlsx,) = export_registry(engine, "xlsx", tmp_path / "export")
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert list(sheets) == ["cases", "evidence", "decisions"]
    assert sheets["cases"].set_index("case_id").loc[4, "size_mm"] == 65
    assert list(sheets["decisions"]["reason"]) == [
        "the case report says 77",
        "Table 1 misprint; text says 6.5 cm",
        "a patient not in Table 1",
    ]
    assert "A man aged 41 had a right ankle mass of 33 mm." in set(sheets["evidence"]["sentence"])

    # 4. The dashboard draws every chart.
    browser.get(server + "/dashboard")
    from gsvlms_extract.registry.dashboard import CHARTS

    for chart in CHARTS:
        figure = browser.find_element(By.ID, f"chart-{chart}")
        svg = figure.find_element(By.TAG_NAME, "svg")
        assert svg.size["width"] > 200 and svg.size["height"] > 100
    assert "At risk" in browser.find_element(By.ID, "chart-survival").text
    shoot(browser, shots, "dashboard")
    browser.set_window_size(420, 900)
    width = browser.find_element(By.CSS_SELECTOR, "#chart-survival svg").size["width"]
    assert width <= 420
