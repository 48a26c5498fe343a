"""The review application's guards, over HTTP without a browser: CSRF token and origin
checks on every POST, and a stale form answered 409 "already decided by X at T"."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from gsvlms_extract.registry import load_cases, open_registry  # noqa: E402
from gsvlms_extract.review.app import CSRF_COOKIE, create_app  # noqa: E402


@pytest.fixture
def client(tmp_path, gold_table):
    engine = open_registry(tmp_path / "r.db", create=True, gold_table=gold_table)
    with TestClient(create_app(engine, curator="ana"), base_url="http://127.0.0.1") as c:
        yield c, engine
    engine.dispose()


def token(client) -> str:
    page = client.get("/case/4")
    assert page.status_code == 200 and "Smout" in page.text
    field = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert field == client.cookies[CSRF_COOKIE]
    return field


def test_posts_need_the_csrf_token_and_a_same_site_origin(client):
    c, engine = client
    form = {"field": "age_years", "value": "70", "reason": "r", "curator": "ana", "version": "0"}
    assert c.post("/case/4/value", data=form).status_code == 403  # no token
    csrf = token(c)
    assert c.post("/case/4/value", data={**form, "csrf": "forged"}).status_code == 403
    evil = c.post(
        "/case/4/value", data={**form, "csrf": csrf}, headers={"Origin": "http://evil.example"}
    )
    assert evil.status_code == 403
    assert load_cases(engine)[3].age_years == 76
    ok = c.post("/case/4/value", data={**form, "csrf": csrf}, follow_redirects=False)
    assert ok.status_code == 303 and load_cases(engine)[3].age_years == 70


def test_a_stale_form_is_told_who_decided_first(client):
    c, engine = client
    csrf = token(c)
    form = {"field": "sex", "value": "M", "reason": "r", "version": "0", "csrf": csrf}
    first = c.post("/case/4/value", data={**form, "curator": "ana"}, follow_redirects=False)
    assert first.status_code == 303
    second = c.post("/case/4/value", data={**form, "value": "F", "curator": "ben"})
    assert second.status_code == 409
    assert re.search(r"already decided by ana at \d{4}-\d\d-\d\d", second.text)
    assert load_cases(engine)[3].sex == "M"
