"""One HTTP session for the literature services: retries, Retry-After, and rate limits.

- Retries: urllib3's `Retry` on connection errors and on 429/500/502/503/504, exponential
  backoff (0.5 s, 1 s, 2 s, ...), honouring a ``Retry-After`` header; GET only.
- Rate limits, per host, as the services publish them: NCBI E-utilities allow 3 requests per
  second without an API key and 10 with one (``NCBI_API_KEY`` in the environment is sent as
  ``api_key``); Europe PMC publishes no number, so requests to it are kept to 5 per second.
  A `RateLimiter` spaces requests to one host by at least 1/rate seconds, across threads.
- Every request names the tool (``User-Agent: gsvlms-extract/<version>``), as both services ask.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from gsvlms_extract import __version__
from gsvlms_extract.errors import GsvlmsError

__all__ = [
    "DiscoveryError",
    "RateLimiter",
    "Client",
    "EUROPE_PMC",
    "EUTILS",
    "rate_for",
]

EUROPE_PMC = "https://www.ebi.ac.uk/europepmc/webservices/rest"
EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
NCBI_HOST = "eutils.ncbi.nlm.nih.gov"


class DiscoveryError(GsvlmsError):
    """A literature service could not be reached or answered something unusable."""


def rate_for(host: str, api_key: str | None) -> float:
    """Requests per second allowed to ``host`` (NCBI: 3, or 10 with an API key; others 5)."""
    if host == NCBI_HOST:
        return 10.0 if api_key else 3.0
    return 5.0


class RateLimiter:
    """At most ``rate`` requests per second to one host: each waits for its slot."""

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


class Client:
    """GET JSON or bytes from the literature services, politely.

    Args:
        api_key: NCBI API key (default: the ``NCBI_API_KEY`` environment variable).
        retries: attempts after the first on connection errors and 429/5xx answers.
        backoff: urllib3's backoff factor (waits of 0, 2x, 4x, ... seconds between retries).
        timeout: seconds per request.
        clock, sleep: injected by tests to observe the rate limits without waiting.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        self.api_key = api_key if api_key is not None else os.environ.get("NCBI_API_KEY") or None
        self.timeout = timeout
        self._clock, self._sleep = clock, sleep
        self._limiters: dict[str, RateLimiter] = {}
        self._lock = threading.Lock()
        retry = Retry(
            total=retries,
            backoff_factor=backoff,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"gsvlms-extract/{__version__}"
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.requests = 0

    def limiter(self, host: str) -> RateLimiter:
        with self._lock:
            if host not in self._limiters:
                self._limiters[host] = RateLimiter(
                    rate_for(host, self.api_key), clock=self._clock, sleep=self._sleep
                )
            return self._limiters[host]

    def get(self, url: str, params: dict[str, Any] | None = None) -> bytes:
        """The body of a successful GET; `DiscoveryError` (one line) otherwise."""
        import requests

        host = urlsplit(url).hostname or ""
        params = dict(params or {})
        if host == NCBI_HOST and self.api_key:
            params["api_key"] = self.api_key
        self.limiter(host).wait()
        self.requests += 1
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise DiscoveryError(f"{host}: request failed ({type(exc).__name__}: {exc})") from None
        if response.status_code != 200:
            raise DiscoveryError(f"{host}: HTTP {response.status_code} for {response.url}")
        return response.content

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        import json

        body = self.get(url, params)
        try:
            return json.loads(body)
        except ValueError:
            raise DiscoveryError(f"{urlsplit(url).hostname}: answer is not JSON") from None
