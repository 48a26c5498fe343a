# ruff: noqa: E402, E501, SIM115  (a fixture writer: long literal answers, path set-up first)
"""Write the recorded HTTP exchanges replayed by tests/component/test_discover.py (vcrpy YAML).

The answers follow the services' documented formats, written by hand here (no service was
called): Europe PMC REST ``/search`` (``resultType=core`` JSON, cursor paging) and
``/{PMCID}/fullTextXML``, NCBI E-utilities ``esearch``/``esummary`` JSON and ``efetch db=pmc``
(a ``<pmc-articleset>``). The full-text bodies are JATS made from corpus reports by
``tests/component/report_formats.py``. Run from the repository root:
``.venv/bin/python tests/data/http/make_cassettes.py``.
"""

import json
import sys
from pathlib import Path
from urllib.parse import urlencode

import yaml

REPO = Path(__file__).resolve().parents[3]
OUT = REPO / "tests" / "data" / "http"
sys.path.insert(0, str(REPO / "tests" / "component"))
from dataclasses import replace

from report_formats import REPORTS, jats_article

EPMC = "https://www.ebi.ac.uk/europepmc/webservices/rest"
EU = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
Q = "great saphenous vein leiomyosarcoma"


def inter(uri, body, status=200, ctype="application/json;charset=UTF-8"):
    return {
        "request": {"body": None, "headers": {}, "method": "GET", "uri": uri},
        "response": {
            "status": {
                "code": status,
                "message": {200: "OK", 503: "Service Unavailable", 429: "Too Many Requests"}[
                    status
                ],
            },
            "headers": {"Content-Type": [ctype]},
            "body": {"string": body},
        },
    }


def epmc(item):
    return item


hits = [
    {
        "id": "35188294",
        "source": "MED",
        "pmid": "35188294",
        "pmcid": "PMC9001234",
        "fullTextIdList": {"fullTextId": ["PMC9001234"]},
        "doi": "10.1002/jcu.23190",
        "title": "Sonographic features of a large leiomyosarcoma of the great saphenous vein: a case report.",
        "authorString": "Fu Y, Wang L, Chen J, Yao MH.",
        "journalInfo": {
            "issue": "7",
            "volume": "50",
            "journalIssueId": 3412345,
            "dateOfPublication": "2022 Sep",
            "monthOfPublication": 9,
            "yearOfPublication": 2022,
            "printPublicationDate": "2022-09-01",
            "journal": {
                "title": "Journal of clinical ultrasound : JCU",
                "medlineAbbreviation": "J Clin Ultrasound",
                "isoabbreviation": "J Clin Ultrasound",
                "nlmid": "0401663",
                "issn": "0091-2751",
                "essn": "1097-0096",
            },
        },
        "pubYear": "2022",
        "pageInfo": "964-967",
        "isOpenAccess": "Y",
        "inEPMC": "Y",
        "inPMC": "Y",
        "hasPDF": "Y",
        "hasBook": "N",
        "citedByCount": 2,
        "firstPublicationDate": "2022-03-12",
    },
    {
        "id": "25123456",
        "source": "MED",
        "pmid": "25123456",
        "doi": "10.1111/ans.13418",
        "title": "Leiomyosarcoma of the great saphenous vein in the calf.",
        "authorString": "Lin J, McKenzie S, Wong I, Douglas P.",
        "journalInfo": {
            "issue": "12",
            "volume": "86",
            "journal": {"title": "ANZ journal of surgery", "isoabbreviation": "ANZ J Surg"},
        },
        "pubYear": "2016",
        "pageInfo": "1051-1052",
        "isOpenAccess": "N",
        "inEPMC": "N",
        "inPMC": "N",
        "hasPDF": "N",
        "citedByCount": 4,
        "firstPublicationDate": "2016-01-20",
    },
    {
        "id": "35140184",
        "source": "MED",
        "pmid": "35140184",
        "pmcid": "PMC8900001",
        "fullTextIdList": {"fullTextId": ["PMC8900001"]},
        "doi": "10.12659/AJCR.935842",
        "title": "Small but Malignant: Leiomyosarcoma of the Great Saphenous Vein Presenting as a Painful Leg Mass.",
        "authorString": "Alkhaled N, Al-Qahtani A, Al-Harbi R, Al-Shammari F.",
        "journalInfo": {
            "volume": "23",
            "journal": {
                "title": "The American journal of case reports",
                "isoabbreviation": "Am J Case Rep",
            },
        },
        "pubYear": "2022",
        "pageInfo": "e935842",
        "isOpenAccess": "Y",
        "inEPMC": "Y",
        "inPMC": "Y",
        "hasPDF": "Y",
        "citedByCount": 0,
        "firstPublicationDate": "2022-02-10",
    },
    {
        "id": "31999999",
        "source": "MED",
        "pmid": "31999999",
        "pmcid": "PMC7000001",
        "fullTextIdList": {"fullTextId": ["PMC7000001"]},
        "doi": "10.1016/0002-9610(77)90290-8",
        "title": "Leiomyosarcoma of the Greater Saphenous Vein: Report of Two Cases.",
        "authorString": "Stringer BD, Miller RA.",
        "journalInfo": {
            "volume": "134",
            "journal": {"title": "American journal of surgery", "isoabbreviation": "Am J Surg"},
        },
        "pubYear": "1977",
        "pageInfo": "90-94",
        "isOpenAccess": "Y",
        "inEPMC": "Y",
        "inPMC": "Y",
        "hasPDF": "Y",
        "citedByCount": 31,
        "firstPublicationDate": "1977-07-01",
    },
]


def page(items, cursor, nxt, size):
    return json.dumps(
        {
            "version": "6.9",
            "hitCount": 4,
            "nextCursorMark": nxt,
            "request": {
                "queryString": Q,
                "resultType": "core",
                "cursorMark": cursor,
                "pageSize": size,
                "sort": "",
                "synonym": False,
            },
            "resultList": {"result": items},
        }
    )


def epmc_uri(cursor, size):
    return f"{EPMC}/search?" + urlencode(
        {"query": Q, "format": "json", "resultType": "core", "pageSize": size, "cursorMark": cursor}
    )


search = [
    inter(epmc_uri("*", 2), page(hits[:2], "*", "AoIIP4AAACgzNTE4ODI5NA==", 2)),
    inter(
        epmc_uri("AoIIP4AAACgzNTE4ODI5NA==", 2),
        page(hits[2:], "AoIIP4AAACgzNTE4ODI5NA==", "AoIIP4AAACgzMTk5OTk5OQ==", 2),
    ),
]
yaml.safe_dump(
    {"interactions": search, "version": 1},
    open(OUT / "europepmc_search.yaml", "w"),
    sort_keys=False,
    width=100,
    allow_unicode=True,
)

fu = jats_article(REPORTS["fu2022"]).decode()
st = jats_article(replace(REPORTS["stringer1977"], pmcid="PMC7000001", pmid="31999999")).decode()
fetch = [
    inter(f"{EPMC}/PMC9001234/fullTextXML", fu, ctype="application/xml"),
    inter(
        f"{EPMC}/PMC7000001/fullTextXML",
        "<html><body>Service temporarily unavailable</body></html>",
        status=503,
        ctype="text/html",
    ),
    inter(f"{EPMC}/PMC7000001/fullTextXML", st, ctype="application/xml"),
    inter(f"{EPMC}/PMC7000001/fullTextXML", st, ctype="application/xml"),
]
yaml.safe_dump(
    {"interactions": search + fetch, "version": 1},
    open(OUT / "europepmc_fetch.yaml", "w"),
    sort_keys=False,
    width=100,
    allow_unicode=True,
)

ids = ["35188294", "25123456", "879412"]
esearch = json.dumps(
    {
        "header": {"type": "esearch", "version": "0.3"},
        "esearchresult": {
            "count": "3",
            "retmax": "3",
            "retstart": "0",
            "idlist": ids,
            "translationset": [],
            "querytranslation": '("great"[All Fields] AND "saphenous vein"[MeSH Terms]) AND "leiomyosarcoma"[MeSH Terms]',
        },
    }
)


def summ(uid, title, pubdate, source, full, authors, artids):
    return {
        "uid": uid,
        "pubdate": pubdate,
        "epubdate": "",
        "source": source,
        "authors": [{"name": a, "authtype": "Author", "clusterid": ""} for a in authors],
        "lastauthor": authors[-1],
        "title": title,
        "volume": "",
        "issue": "",
        "pages": "",
        "lang": ["eng"],
        "issn": "",
        "essn": "",
        "pubtype": ["Case Reports", "Journal Article"],
        "fulljournalname": full,
        "articleids": [{"idtype": k, "idtypen": n, "value": v} for k, n, v in artids],
        "sortpubdate": pubdate,
    }


esum = {
    "header": {"type": "esummary", "version": "0.3"},
    "result": {
        "uids": ids,
        "35188294": summ(
            "35188294",
            "Sonographic features of a large leiomyosarcoma of the great saphenous vein: a case report.",
            "2022 Sep",
            "J Clin Ultrasound",
            "Journal of clinical ultrasound : JCU",
            ["Fu Y", "Wang L", "Chen J", "Yao MH"],
            [
                ("pubmed", 1, "35188294"),
                ("doi", 3, "10.1002/jcu.23190"),
                ("pmc", 8, "PMC9001234"),
                ("pmcid", 5, "pmc-id: PMC9001234;"),
            ],
        ),
        "25123456": summ(
            "25123456",
            "Leiomyosarcoma of the great saphenous vein in the calf.",
            "2016 Dec",
            "ANZ J Surg",
            "ANZ journal of surgery",
            ["Lin J", "McKenzie S", "Wong I", "Douglas P"],
            [("pubmed", 1, "25123456"), ("doi", 3, "10.1111/ans.13418")],
        ),
        "879412": summ(
            "879412",
            "Leiomyosarcoma of the greater saphenous vein: report of two cases.",
            "1977 Jul",
            "Am J Surg",
            "American journal of surgery",
            ["Stringer BD", "Miller RA"],
            [("pubmed", 1, "879412"), ("doi", 3, "10.1016/0002-9610(77)90290-8")],
        ),
    },
}
pub = [
    inter(
        f"{EU}/esearch.fcgi?"
        + urlencode({"db": "pubmed", "term": Q, "retmode": "json", "retmax": 10}),
        esearch,
    ),
    inter(
        f"{EU}/esummary.fcgi?"
        + urlencode({"db": "pubmed", "id": ",".join(ids), "retmode": "json"}),
        json.dumps(esum),
    ),
]
efetch = [
    inter(
        f"{EU}/efetch.fcgi?" + urlencode({"db": "pmc", "id": "9001234", "retmode": "xml"}),
        fu.replace("<!DOCTYPE article PUBLIC", "<!DOCTYPE pmc-articleset PUBLIC", 1)
        .replace("<article ", "<pmc-articleset><article ", 1)
        .replace("</article>", "</article></pmc-articleset>"),
        ctype="text/xml; charset=UTF-8",
    )
]
yaml.safe_dump(
    {"interactions": pub + efetch, "version": 1},
    open(OUT / "pubmed_search_fetch.yaml", "w"),
    sort_keys=False,
    width=100,
    allow_unicode=True,
)
print("ok")
cli = [inter(epmc_uri("*", 4), page(hits, "*", "AoIIP4AAACgzMTk5OTk5OQ==", 4))]
yaml.safe_dump(
    {"interactions": cli, "version": 1},
    open(OUT / "europepmc_search_cli.yaml", "w"),
    sort_keys=False,
    width=100,
    allow_unicode=True,
)
down = [
    inter(
        epmc_uri("*", 100).replace(urlencode({"query": Q}), urlencode({"query": "saphenous"})),
        "<html><body>Service temporarily unavailable</body></html>",
        status=503,
        ctype="text/html",
    )
] * 5
yaml.safe_dump(
    {"interactions": down, "version": 1},
    open(OUT / "europepmc_unavailable.yaml", "w"),
    sort_keys=False,
    width=100,
    allow_unicode=True,
)
print("ok2")
