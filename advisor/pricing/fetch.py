"""``advisor pricing fetch``: AWS's public price list files into the user data directory. No credentials, no boto3.

AWS publishes every price list as plain files (AWS Billing User Guide, "Getting price list files manually" and
"Reading the price list files"), served without signing from ``https://pricing.us-east-1.amazonaws.com``:

1. the **service index** ``/offers/v1.0/aws/index.json``: per offer code its ``currentRegionIndexUrl`` (and, for
   AmazonEC2/ECS/EKS, ``currentSavingsPlanIndexUrl``);
2. a **region index** per service, ``/offers/v1.0/aws/<Offer>/current/region_index.json``
   (``regions: {code: {regionCode, currentVersionUrl}}``) or, for Savings Plans,
   ``/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json`` (``regions: [{regionCode,
   versionUrl}]``); the URLs name a version such as ``20250912225308`` (the publication time);
3. one **offer file** per service and region at that URL, ``index.json`` or (same path) ``index.csv``.

Each file is streamed to a temporary file (``--format csv`` by default; the EC2 offer of one region is hundreds
of MB), its length checked against the server's, then parsed as a stream (``offers``). A cache under
``$ADVISOR_CACHE_DIR`` (else ``$XDG_CACHE_HOME/advisor``, else ``~/.cache/advisor``) keeps, per service and region,
the rows advisor extracted, keyed by the file's version: when the region index still names that version (or
the server answers 304 Not Modified to a conditional GET), nothing is downloaded and the rows are re-used,
confirmed again today. Index files are fetched with conditional GETs too.

Every row written has ``as_of`` = the fetch date (the price was confirmed current that day),
``effective_date`` = the price term's effective date, and a ``source`` naming the endpoint, the version and the
publication date. All rows are validated (``store.validate_rows``: prices finite and > 0, dates real, floors,
expected rates) before anything is written, then written under the data directory's lock in one go.

Errors (offline, DNS, HTTP 404 or 5xx after retries, a timeout per read, a file not finished by its deadline
(``FILE_DEADLINE_S``, ``--deadline``: a server trickling bytes answers every read in time), an index over
``INDEX_MAX_BYTES``, a download cut short, a truncated or changed-format file, a failed check, a full disk) raise
``FetchError`` or ``PriceValidationError`` with one message; nothing is written then.

``--endpoint`` takes another base URL, or a local folder laid out like AWS's (``<folder>/offers/v1.0/aws/...``,
``<folder>/savingsPlan/v1.0/aws/...``) for air-gapped teams and tests.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import math
import os
import re
import shutil
import socket
import stat
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from advisor.errors import AdvisorError
from advisor.pricing import offers
from advisor.pricing.book import cache_dir, user_data_dir
from advisor.pricing.store import WriteResult, check_data_dir, commit_many, validate_rows
from advisor.units import is_whole_number_text, kind_of

DEFAULT_ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
SERVICE_INDEX = "/offers/v1.0/aws/index.json"
SAVINGS_PLANS_REGION_INDEX = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json"
ENV_ENDPOINT = "ADVISOR_PRICE_LIST_ENDPOINT"
ENV_CACHE = "ADVISOR_CACHE_DIR"
#: Services fetched by default: every offer advisor reads, and the Savings Plans files.
DEFAULT_SERVICES = offers.SERVICES
#: What each service feeds (for help texts, coverage and docs).
SERVICE_TABLES: dict[str, str] = {
    "AmazonECS": "fargate_rates (Fargate x86/arm64/Windows, OS licence, ephemeral storage), managed_instance_fees "
                 "(ECS Managed Instances)",
    "AmazonEKS": "eks_rates (control plane, extended support, Provisioned Control Plane), managed_instance_fees "
                 "(EKS Auto Mode)",
    "AmazonEC2": "ec2_prices (Linux shared-tenancy On-Demand), ec2_windows_prices (Windows licence-included "
                 "shared-tenancy On-Demand), ebs_rates (gp3, gp2), shared_rates (NAT gateway)",
    "AmazonVPC": "shared_rates (public IPv4 address)",
    "AWSELB": "shared_rates (ALB, NLB)",
    "AmazonCloudWatch": "shared_rates (Logs ingestion and storage, custom metrics)",
    offers.SAVINGS_PLANS: "savings_plans_rates (Compute and EC2 Instance Savings Plans)",
}
TIMEOUT_S = 60.0
#: Upper bound for ``--timeout`` (seconds per read): longer is a typo, and ``socket.settimeout`` refuses what
#: does not fit a C timeval (``1e400`` is infinite, ``-1`` and NaN are refused).
MAX_TIMEOUT_S = 3600.0
#: Overall deadline per file (seconds from the request to the last byte), whatever the server sends: a server
#: that trickles one byte per second answers every read in time but would never finish. AWS's largest offer
#: (AmazonEC2, about 350 MB per region) takes minutes on an ordinary link; 30 minutes is 200 kB/s.
FILE_DEADLINE_S = 1800.0
#: Largest index file accepted (service index and region indexes). AWS's service index is about 100 kB and a
#: region index a few kB; anything near this cap is not an index.
INDEX_MAX_BYTES = 16 << 20
#: Upper bound for ``--deadline``: one day.
MAX_DEADLINE_S = 86400.0
RETRIES = 2
CHUNK = 1 << 20
_VERSION = re.compile(r"/(\d{14})/")


class FetchError(AdvisorError):
    """A fetch that could not complete; nothing was written."""


def check_seconds(value, option: str = "--timeout", upper: float = MAX_TIMEOUT_S) -> float:
    """A duration option in seconds: a finite number > 0 and <= ``upper``; else ``FetchError`` naming ``option``."""
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        seconds = math.nan
    if not (math.isfinite(seconds) and 0 < seconds <= upper):
        shown = f"{value:g}" if isinstance(value, float) else repr(value)
        raise FetchError(f"{option} {shown}: use a number of seconds greater than 0 and at most {upper:g} "
                         f"(default {FILE_DEADLINE_S if option == '--deadline' else TIMEOUT_S:g}).")
    return seconds


def parse_services(text: str | list[str] | None) -> list[str]:
    """'AmazonECS,AWSELB' -> the codes, validated against ``DEFAULT_SERVICES`` (AWS's own spelling); None -> all of
    them. A value that names no code ('', ',') is refused: it is not the same as leaving --services out."""
    if text is None:
        return list(DEFAULT_SERVICES)
    parts = [p.strip() for chunk in ([text] if isinstance(text, str) else text) for p in chunk.split(",")]
    if not any(parts):
        raise FetchError(f"--services {','.join([text] if isinstance(text, str) else text)!r} names no service. "
                         f"Give AWS's service codes, comma-separated: {', '.join(DEFAULT_SERVICES)}; or leave "
                         "--services out to fetch all of them.")
    by_lower = {s.lower(): s for s in DEFAULT_SERVICES}
    out = []
    for p in (p for p in parts if p):
        if p.lower() not in by_lower:
            from advisor.errors import did_you_mean

            raise FetchError(f"--services: {p!r} is not a service advisor fetches.{did_you_mean(p, DEFAULT_SERVICES)} "
                             f"Valid (AWS's service codes, comma-separated): {', '.join(DEFAULT_SERVICES)}.")
        out.append(by_lower[p.lower()])
    return list(dict.fromkeys(out))


# ------------------------------------------------------------------------------------------ sources
@dataclass
class Got:
    """One GET: 200 with ``path`` holding the body, or 304 (not modified, no body)."""

    status: int
    path: Path | None = None
    size: int = 0
    validators: dict = field(default_factory=dict)
    temporary: bool = False


class Source:
    """Where the files come from: an HTTPS endpoint or a local mirror folder."""

    label = ""

    def get(self, rel: str, validators: dict | None, work: Path, on_bytes: Callable[[int, int | None], None],
            max_bytes: int | None = None) -> Got:
        """One file. ``max_bytes``: refuse a larger file (index files) with ``FetchError``."""
        raise NotImplementedError


def _too_big(where: str, size: int, max_bytes: int) -> FetchError:
    return FetchError(f"{where} is {size:,} bytes or more, over the {max_bytes:,} bytes an index file may have (AWS's "
                      "are under 1 MB): it is not a price list index. Nothing was written; check --endpoint.")


class FolderSource(Source):
    """A local folder laid out like AWS's endpoint. "Not modified" when a file's size and mtime are unchanged."""

    def __init__(self, root: Path):
        self.root = root
        self.label = str(root)

    def get(self, rel, validators, work, on_bytes, max_bytes=None):
        inside = os.path.normpath(urllib.parse.unquote(_path_only(rel)).lstrip("/"))
        if inside == ".." or inside.startswith(("../", "/")) or "\0" in inside:
            raise FetchError(f"the mirror {self.root} names a file outside itself ({rel!r}): an index may only point "
                             "at paths under the mirror folder, as AWS's do (/offers/v1.0/aws/...). Nothing was "
                             "written; check the mirror's index files.")
        path = self.root / inside
        try:
            st = path.stat()
        except OSError:
            raise FetchError(f"the mirror {self.root} has no file {path.relative_to(self.root)} (the index names it). "
                             "Copy it from AWS's endpoint with the same path (docs/pricing-refresh.md, 'Mirror layout'), "
                             "or fetch without --endpoint.") from None
        if not stat.S_ISREG(st.st_mode):
            raise FetchError(f"the mirror's {path.relative_to(self.root)} is {describe_kind(path)}, not a file: the "
                             "mirror needs AWS's file at that path (docs/pricing-refresh.md, 'Mirror layout'). Nothing "
                             "was written.")
        if max_bytes is not None and st.st_size > max_bytes:
            raise _too_big(f"the mirror's {path.relative_to(self.root)}", st.st_size, max_bytes)
        token = {"mtime_size": f"{st.st_mtime_ns}:{st.st_size}"}
        if validators and validators.get("mtime_size") == token["mtime_size"]:
            return Got(304, validators=token)
        on_bytes(st.st_size, st.st_size)
        return Got(200, path, st.st_size, token)


def describe_kind(path: Path) -> str:
    """'a folder', 'a device', 'a named pipe', 'a socket', 'a file' or 'missing' (for messages)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "missing"
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a file"


class _Deadline:
    """A watchdog for one HTTP GET: after ``seconds`` it shuts the request's sockets down, so a read blocked on a
    server that trickles bytes (each read in time, the whole never) returns at once; ``expired`` then says why."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()
        return False

    def add(self, sock) -> None:
        with self._lock:
            self._socks.append(sock)
            if self.expired:
                self._shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                self._shut(sock)

    @staticmethod
    def _shut(sock) -> None:
        with contextlib.suppress(OSError, ValueError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS: no TLS teardown


class _WatchedConnections:
    """Mix-in for urllib's HTTP(S) handlers: every connection's socket is handed to the request's ``_Deadline``."""

    def __init__(self, deadline: _Deadline, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def do_open(self, http_class, req, **kwargs):
        deadline = self._deadline

        def connection(*a, **k):
            conn = http_class(*a, **k)
            plain_connect = conn.connect

            def connect():
                plain_connect()
                deadline.add(conn.sock)

            conn.connect = connect
            return conn

        return super().do_open(connection, req, **kwargs)


class _HTTPHandler(_WatchedConnections, urllib.request.HTTPHandler):
    pass


class _HTTPSHandler(_WatchedConnections, urllib.request.HTTPSHandler):
    pass


class HttpSource(Source):
    """An HTTP(S) endpoint (AWS's, or a mirror), with conditional GETs, a timeout per read, an overall deadline per
    file and retries on 5xx/timeouts."""

    def __init__(self, base: str, timeout: float = TIMEOUT_S, retries: int = RETRIES, backoff: float = 1.0,
                 deadline: float = FILE_DEADLINE_S):
        self.base = base.rstrip("/")
        self.label = self.base
        self.timeout, self.retries, self.backoff = check_seconds(timeout), retries, backoff
        self.deadline = check_seconds(deadline, "--deadline", upper=MAX_DEADLINE_S)

    def url(self, rel: str) -> str:
        return rel if rel.startswith(("http://", "https://")) else self.base + "/" + rel.lstrip("/")

    def get(self, rel, validators, work, on_bytes, max_bytes=None):
        url = self.url(rel)
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                with _Deadline(self.deadline) as deadline:
                    return self._get_once(url, validators, work, on_bytes, max_bytes, deadline)
            except _Retry as exc:
                last = str(exc)
        raise FetchError(f"{last} (tried {self.retries + 1} times). Nothing was written; retry later, or use a mirror "
                         "with --endpoint.")

    def _late(self, url: str, size: int) -> FetchError:
        return FetchError(f"{url} did not finish within {self.deadline:g} s (the deadline per file; {size:,} bytes "
                          "received): the server is stalled or far too slow. Nothing was written; retry later, or "
                          "download the file elsewhere and use --endpoint FOLDER or 'advisor pricing import-offer'.")

    def _get_once(self, url, validators, work, on_bytes, max_bytes, deadline: _Deadline) -> Got:
        headers = {"User-Agent": "advisor-pricing-fetch", "Accept-Encoding": "identity"}
        if validators and validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators and validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        problem = _url_problem(url)
        if problem:  # a URL the index names, or the base with a path joined to it
            raise FetchError(f"{url!r} cannot be requested: it is not a valid URL ({problem}). Check --endpoint "
                             f"(default {DEFAULT_ENDPOINT}) and the index it serves; nothing was written.")
        req = urllib.request.Request(url, headers=headers)
        opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline))
        try:
            resp = opener.open(req, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Got(304, validators=dict(validators or {}))
            if exc.code >= 500 or exc.code == 429:
                raise _Retry(f"{url} answered HTTP {exc.code} ({exc.reason})") from None
            hint = (" The file is listed in AWS's index but missing; retry later." if exc.code == 404 else "")
            raise FetchError(f"{url} answered HTTP {exc.code} ({exc.reason}).{hint} Check --endpoint (default "
                             f"{DEFAULT_ENDPOINT}); nothing was written.") from None
        except Exception as exc:
            if deadline.expired:
                raise self._late(url, 0) from None
            if isinstance(exc, TimeoutError):
                raise _Retry(f"{url} did not answer within {self.timeout:g} s") from None
            if isinstance(exc, urllib.error.URLError):
                reason = exc.reason
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    raise _Retry(f"{url} did not answer within {self.timeout:g} s") from None
                raise FetchError(f"cannot reach {self.base} ({reason}). Check the network connection or proxy "
                                 "(HTTPS_PROXY), or fetch from a mirror folder with --endpoint FOLDER "
                                 "(docs/pricing-refresh.md); nothing was written.") from None
            if isinstance(exc, (ConnectionError, http.client.HTTPException, OSError)):
                raise _Retry(f"{url}: connection failed ({type(exc).__name__}: {exc})") from None
            raise
        with resp:
            if resp.status == 304:
                return Got(304, validators=dict(validators or {}))
            length = resp.headers.get("Content-Length")
            total = int(length) if length and is_whole_number_text(length) else None
            if max_bytes is not None and total is not None and total > max_bytes:
                raise _too_big(url, total, max_bytes)
            try:
                fd, tmp = tempfile.mkstemp(prefix="advisor-fetch-", suffix=".part", dir=work)
            except OSError as exc:
                raise _disk_error(work, exc) from None
            size = 0
            try:
                with os.fdopen(fd, "wb") as out:
                    while True:
                        try:
                            chunk = resp.read1(CHUNK)  # what has arrived (up to CHUNK): the deadline is checked often
                        except Exception as exc:
                            if deadline.expired:
                                raise self._late(url, size) from None
                            if isinstance(exc, TimeoutError):
                                raise _Retry(f"{url} stopped sending after {size:,} bytes (no data for "
                                             f"{self.timeout:g} s)") from None
                            if isinstance(exc, (ConnectionError, http.client.HTTPException, OSError, ValueError)):
                                raise _Retry(f"the download of {url} was cut off after {size:,} bytes "
                                             f"({type(exc).__name__})") from None
                            raise
                        if deadline.expired:
                            raise self._late(url, size)
                        if not chunk:
                            break
                        size += len(chunk)
                        if max_bytes is not None and size > max_bytes:
                            raise _too_big(url, size, max_bytes)
                        try:
                            out.write(chunk)
                        except OSError as exc:
                            raise _disk_error(work, exc) from None
                        on_bytes(len(chunk), total)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            if total is not None and size != total:
                Path(tmp).unlink(missing_ok=True)
                raise _Retry(f"the download of {url} was cut off: {size:,} of {total:,} bytes")
            val = {k: v for k, v in (("etag", resp.headers.get("ETag")),
                                     ("last_modified", resp.headers.get("Last-Modified"))) if v}
            return Got(200, Path(tmp), size, val, temporary=True)


def _disk_error(where: Path, exc: OSError) -> FetchError:
    """An OSError writing a download (a full disk, a quota) as one message."""
    return FetchError(f"cannot write the download to {where}: {exc.strerror or exc}. Free space there (it is under "
                      "the temporary folder: $TMPDIR, else /tmp) and run the command again; nothing was written.")


class _Retry(Exception):
    """A failure worth retrying (5xx, 429, timeout, connection cut)."""


def _path_only(rel: str) -> str:
    if not rel.startswith(("http://", "https://", "file://")):
        return rel
    try:
        return urllib.parse.urlparse(rel).path
    except ValueError as exc:  # 'http://[x/...': a bracket left open
        raise FetchError(f"an index names {rel!r}, which is not a valid URL ({exc}). Nothing was written; check the "
                         "mirror's index files.") from None


def _url_problem(url: str) -> str:
    """Why ``url`` cannot be requested (a bracket left open, a port that is not a number from 0 to 65535, no host,
    spaces or control characters), or ''."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "it holds a space or a control character"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number from 0 to 65535
    except ValueError as exc:
        return str(exc)
    if not parts.hostname:
        return "no host name"
    return ""


def open_source(endpoint: str | Path | None = None, timeout: float = TIMEOUT_S, retries: int = RETRIES,
                backoff: float = 1.0, deadline: float = FILE_DEADLINE_S) -> Source:
    """``--endpoint``: an http(s) base URL, ``file://`` URL or folder; default $ADVISOR_PRICE_LIST_ENDPOINT, else AWS.

    ``timeout`` (seconds per read) and ``deadline`` (seconds per file) must be finite, > 0 and at most
    ``MAX_TIMEOUT_S`` / ``MAX_DEADLINE_S`` (checked for a folder too, so a typo fails the same everywhere).
    """
    check_seconds(timeout)
    check_seconds(deadline, "--deadline", upper=MAX_DEADLINE_S)
    option = "--endpoint"
    if endpoint is not None and not str(endpoint).strip():
        # given but blank (--endpoint ''): refused, never read as "not given" (AWS's endpoint, or the variable's)
        raise FetchError(f"--endpoint {str(endpoint)!r} is blank. Give a base URL such as {DEFAULT_ENDPOINT} or a "
                         "mirror folder holding offers/v1.0/aws/index.json, or leave --endpoint out to use "
                         f"${ENV_ENDPOINT} or AWS's endpoint. Nothing was fetched or written.")
    if endpoint is None and os.environ.get(ENV_ENDPOINT, "").strip():  # blank, as unset (as every ADVISOR_* variable)
        endpoint, option = os.environ[ENV_ENDPOINT].strip(), f"${ENV_ENDPOINT}"
    endpoint = str(endpoint or DEFAULT_ENDPOINT)
    if endpoint.startswith(("http://", "https://")):
        problem = _url_problem(endpoint)
        if problem:
            fix = (f"Set ${ENV_ENDPOINT} to" if option.startswith("$") else "Give")
            raise FetchError(f"{option} {endpoint!r} is not a valid URL ({problem}). {fix} a base URL such as "
                             f"{DEFAULT_ENDPOINT} or a mirror folder holding offers/v1.0/aws/index.json. Nothing was "
                             "fetched or written.")
        return HttpSource(endpoint, timeout, retries, backoff, deadline)
    folder = Path(urllib.parse.urlparse(endpoint).path if endpoint.startswith("file://") else endpoint).expanduser()
    if not folder.is_dir():
        kind = describe_kind(folder)
        what = "not an http(s) URL, and no such folder" if kind == "missing" else f"not an http(s) URL but {kind}"
        fix = (f"Set ${ENV_ENDPOINT} to" if option.startswith("$") else "Give")
        raise FetchError(f"{option} {endpoint}: {what}. {fix} a base URL such as {DEFAULT_ENDPOINT} or a mirror folder "
                         "holding offers/v1.0/aws/index.json" + (f", or unset ${ENV_ENDPOINT} to use AWS's endpoint"
                                                                 if option.startswith("$") else "") + ".")
    return FolderSource(folder)


# ------------------------------------------------------------------------------------------ cache
class Cache:
    """Per-URL validators and small bodies (indexes), and per service/region extracted rows keyed by version."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root, self.enabled = root, enabled
        self.failed = ""  # why the last write failed ("" when none did)
        if enabled:
            try:
                (root / "http").mkdir(parents=True, exist_ok=True)
                (root / "offers").mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FetchError(f"cannot create the cache folder {root}: {exc.strerror or exc}. Set "
                                 f"${ENV_CACHE} to a writable folder, or pass --no-cache.") from None

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def read(self, kind: str, name: str) -> dict | None:
        if not self.enabled:
            return None
        path = self.root / kind / f"{self._key(name)}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        return data if isinstance(data, dict) else None

    def write(self, kind: str, name: str, data: dict) -> None:
        if not self.enabled:
            return
        path = self.root / kind / f"{self._key(name)}.json"
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=".cache.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
            os.replace(tmp, path)
        except OSError as exc:
            # a cache that cannot be written (a full disk, a read-only folder) only costs a download next time;
            # the fetch goes on, and its report says so once
            if tmp:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()
            self.failed = f"{self.root}: {exc.strerror or exc}"


# ------------------------------------------------------------------------------------------ progress
class _Quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def add_task(self, *a, **k):
        return 0

    def update(self, *a, **k):
        pass

    def advance(self, *a, **k):
        pass


def progress_enabled(flag: bool | None, stream=None) -> bool:
    """The CLI's ``--progress/--no-progress``; by default on for a terminal and off in CI (``$CI`` set)."""
    import sys

    if flag is not None:
        return flag
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


def _progress(enabled: bool):
    if not enabled:
        return _Quiet()
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                    TextColumn("{task.fields[rows]:,} rows"), console=Console(stderr=True), transient=False)


# ------------------------------------------------------------------------------------------ report
@dataclass
class FileStat:
    service: str
    region: str
    url: str
    status: str  # downloaded | not modified | cached (same version)
    bytes: int = 0
    rows_read: int = 0
    version: str = ""


@dataclass
class FetchReport:
    written: list[WriteResult] = field(default_factory=list)
    files: list[FileStat] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bytes_downloaded: int = 0

    def summary(self) -> str:
        got = sum(1 for f in self.files if f.status == "downloaded")
        lines = [(f"offer files: {got} read ({self.bytes_downloaded:,} bytes), {len(self.files) - got} unchanged since "
                  "the last fetch (not downloaded again)")]
        lines += [w.summary() for w in self.written]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


# ------------------------------------------------------------------------------------------ fetch
def _read_json(source: Source, cache: Cache, rel: str, work: Path, what: str, files: list | None = None) -> dict:
    """A small JSON file (an index), with a conditional GET against the cached copy."""
    cached = cache.read("http", f"{source.label}|{rel}")
    got = source.get(rel, (cached or {}).get("validators"), work, lambda n, t: None, INDEX_MAX_BYTES)
    if got.status == 304 and cached is not None:
        return cached["body"]
    try:
        text = got.path.read_text(encoding="utf-8-sig")
        body = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FetchError(f"the {what} at {rel} is not readable JSON ({str(exc)[:100]}): truncated or not an AWS "
                         "index file. Nothing was written; retry, or check --endpoint.") from None
    finally:
        if got.temporary and got.path:
            got.path.unlink(missing_ok=True)
    if not isinstance(body, dict):
        raise FetchError(f"the {what} at {rel} is {kind_of(body)} in JSON, not an object: its format has changed "
                         "or it is not an AWS index file. Nothing was written.")
    cache.write("http", f"{source.label}|{rel}", {"validators": got.validators, "body": body})
    return body


def _region_urls(index: dict, rel: str, what: str) -> dict[str, str]:
    """{region: offer URL} from a region index (a map of regions, or the Savings Plans list form)."""
    regions = index.get("regions")
    out: dict[str, str] = {}
    if isinstance(regions, dict):
        entries = list(regions.values())
    elif isinstance(regions, list):
        entries = regions
    else:
        raise FetchError(f"the {what} at {rel} has no 'regions' map or list: AWS's format has changed or the file is "
                         "not a region index. Nothing was written.")
    for e in entries:
        if not isinstance(e, dict):
            raise FetchError(f"the {what} at {rel} has a region entry that is not an object. Nothing was written.")
        code = str(e.get("regionCode", ""))
        url = e.get("currentVersionUrl") or e.get("versionUrl")
        if code and isinstance(url, str) and url:
            out[code] = url
    return out


def _offer_url(url: str, fmt: str) -> str:
    return re.sub(r"index\.json$", "index.csv", url) if fmt == "csv" else url


def fetch(regions: list[str], services: list[str] | None = None, data_dir: Path | str | None = None, *,
          endpoint: str | Path | None = None, file_format: str = "csv", cache: Path | str | None = None,
          use_cache: bool = True, progress: bool = False, timeout: float = TIMEOUT_S, retries: int = RETRIES,
          backoff: float = 1.0, floors: dict[str, int] | None = None, today: date | None = None,
          deadline: float = FILE_DEADLINE_S) -> FetchReport:
    """Fetch ``services`` (AWS service codes; default ``DEFAULT_SERVICES``) for ``regions`` into ``data_dir``.

    Returns a ``FetchReport`` (tables written, files downloaded or re-used, notes on what AWS does not list for a
    region). Raises ``FetchError`` (or ``PriceValidationError``) with nothing written when any file cannot be
    fetched or read, or its rows fail validation, or the data directory cannot be written (a full disk: the
    tables are left as they were). ``timeout``: seconds per read; ``deadline``: seconds per file, from the request
    to the last byte (``check_seconds``). See the module docstring for the layout, cache and dates.
    """
    if file_format not in ("csv", "json"):
        raise FetchError(f"--format {file_format!r}: use csv or json (both are AWS's; csv is smaller to stream).")
    services = parse_services(services)
    today = today or date.today()
    confirmed = today.isoformat()
    data_dir = check_data_dir(data_dir if data_dir is not None else user_data_dir())  # refused before any download
    source = open_source(endpoint, timeout, retries, backoff, deadline)
    store = Cache(Path(cache).expanduser() if cache else cache_dir(), enabled=use_cache)
    report = FetchReport()
    tables: dict[str, list[dict]] = {}
    found: dict[tuple[str, str], set[str]] = {}  # (service, region) -> tables it gave rows to
    try:
        work = Path(tempfile.mkdtemp(prefix="advisor-fetch-"))
    except OSError as exc:
        raise _disk_error(Path(tempfile.gettempdir()), exc) from None
    try:
        with _progress(progress) as bar:
            index = _read_json(source, store, SERVICE_INDEX, work, "service index")
            offers_map = index.get("offers")
            if not isinstance(offers_map, dict):
                raise FetchError(f"the service index at {SERVICE_INDEX} has no 'offers' map: AWS's format has changed or "
                                 "--endpoint does not point at a price list. Nothing was written.")
            for service in services:
                region_index_rel = _region_index_rel(offers_map, service)
                rindex = _read_json(source, store, region_index_rel, work, f"{service} region index")
                urls = _region_urls(rindex, region_index_rel, f"{service} region index")
                for region in regions:
                    if region not in urls:
                        report.notes.append(f"AWS's {service} region index lists no offer for {region}: AWS "
                                            f"publishes no {service} prices there.")
                        continue
                    rows = _fetch_offer(source, store, service, region, _offer_url(urls[region], file_format),
                                        file_format, work, bar, report, confirmed)
                    for table, trows in rows.items():
                        for r in trows:
                            r["as_of"] = confirmed
                        tables.setdefault(table, []).extend(trows)
                        if trows:
                            found.setdefault((service, region), set()).add(table)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _note_gaps(services, regions, found, tables, report)
    tables = {t: rows for t, rows in tables.items() if rows}
    if not tables:
        raise FetchError(f"the price list files for {', '.join(regions)} held no rows advisor uses; nothing was "
                         "written. " + " ".join(report.notes))
    what = f"the fetch of {', '.join(services)} for {', '.join(regions)}"
    for table, rows in tables.items():  # per-region floors and expected rates, one region at a time
        by_region: dict[str, list[dict]] = {}
        for r in rows:
            by_region.setdefault(r.get("region", ""), []).append(r)
        for region, part in by_region.items():
            validate_rows(table, part, f"the fetch of {', '.join(services)} for {region or 'all regions'}", floors,
                          today)
    if store.failed:
        report.notes.append(f"the cache could not be written ({store.failed}); the next fetch downloads the files "
                            f"again. Free space there, set ${ENV_CACHE}, or pass --no-cache.")
    report.written = commit_many(tables, data_dir, what, floors, today)
    return report


def _region_index_rel(offers_map: dict, service: str) -> str:
    if service == offers.SAVINGS_PLANS:
        for entry in offers_map.values():
            if isinstance(entry, dict) and _url_text(entry.get("currentSavingsPlanIndexUrl")):
                return entry["currentSavingsPlanIndexUrl"]
        return SAVINGS_PLANS_REGION_INDEX
    entry = offers_map.get(service)
    if not isinstance(entry, dict) or not _url_text(entry.get("currentRegionIndexUrl")):
        raise FetchError(f"AWS's service index has no {service} offer with a currentRegionIndexUrl: the code is "
                         "misspelt, AWS renamed it, or the mirror lacks it. Nothing was written.")
    return entry["currentRegionIndexUrl"]


def _url_text(value) -> bool:
    """Whether an index's URL field is a URL or path at all (a non-empty string; AWS's always are)."""
    return isinstance(value, str) and bool(value.strip())


def _fetch_offer(source: Source, store: Cache, service: str, region: str, rel: str, fmt: str, work: Path, bar,
                 report: FetchReport, confirmed: str) -> dict[str, list[dict]]:
    """Rows of one service's offer for one region: from the cache when the version is unchanged, else downloaded
    and parsed."""
    m = _VERSION.search(rel)
    version = m.group(1) if m else ""
    name = f"{source.label}|{service}|{region}|{fmt}"
    cached = store.read("offers", name)
    if cached and version and cached.get("version") == version:
        report.files.append(FileStat(service, region, rel, "cached (same version)", 0, cached.get("rows_read", 0), version))
        return cached["tables"]
    task = bar.add_task(f"{service} {region}", total=None, rows=0)
    validators = cached.get("validators") if cached and cached.get("url") == rel else None

    def on_bytes(n: int, total: int | None) -> None:
        bar.update(task, advance=n, total=total)

    got = source.get(rel, validators, work, on_bytes)
    if got.status == 304 and cached:
        report.files.append(FileStat(service, region, rel, "not modified", 0, cached.get("rows_read", 0), version))
        return cached["tables"]
    if got.status == 304:  # a 304 without a cached copy cannot happen (no validators sent); be safe
        got = source.get(rel, None, work, on_bytes)
    report.bytes_downloaded += got.size
    count = [0]

    def tick(n: int) -> None:
        count[0] += n
        bar.update(task, rows=count[0])

    try:
        rows, pub, version_read, rows_read = _parse(service, region, got.path, source.label, version, tick, confirmed)
    except offers.OfferError as exc:
        raise FetchError(f"{service} {region} ({rel}): {exc} Nothing was written.") from None
    finally:
        if got.temporary and got.path:
            with contextlib.suppress(OSError):
                got.path.unlink()
    version = version or version_read
    report.files.append(FileStat(service, region, rel, "downloaded", got.size, rows_read, version))
    store.write("offers", name, {"version": version, "url": rel, "validators": got.validators, "publication": pub,
                                 "rows_read": rows_read, "tables": rows})
    return rows


def _parse(service: str, region: str, path: Path, label: str, version: str, tick, confirmed: str):
    """(rows per table, publication date, version in the file, rows read) of one downloaded file."""
    host = urllib.parse.urlparse(label).netloc or label
    if service == offers.SAVINGS_PLANS:
        sp = offers.read_savings_plans_file(path, region, tick)
        kind = f"Savings Plans file (fetched from {host}, version {version or sp.version or 'unknown'})"
        return ({"savings_plans_rates": offers.savings_plans_rows(sp, kind, "fetched", [region], confirmed)},
                sp.publication_date, sp.version, sp.rows_read)
    offer = offers.read_offer_file(path, region=region, tick=tick)
    if offer.offer_code and offer.offer_code != service:
        raise offers.OfferError(f"the file is the {offer.offer_code} offer, not {service}: the region index points at "
                                "the wrong file, or the mirror is mislaid.")
    offer.offer_code = service
    kind = f"offer file (fetched from {host}, version {version or offer.version or 'unknown'})"
    return offers.offer_rows(offer, kind, "fetched", [region], confirmed), offer.publication_date, offer.version, \
        offer.rows_read


#: What each service should give a region (to say plainly what AWS's files did not list).
_EXPECT = {
    "AmazonECS": [("fargate_rates", "Fargate prices")],
    "AmazonEKS": [("eks_rates", "EKS control-plane prices")],
    "AmazonEC2": [("ec2_prices", "Linux On-Demand instance prices"),
                  ("ec2_windows_prices", "Windows (licence-included) On-Demand instance prices"),
                  ("ebs_rates", "EBS gp3/gp2 prices")],
    "AWSELB": [("shared_rates", "ALB/NLB prices")],
    "AmazonVPC": [("shared_rates", "public IPv4 prices")],
    "AmazonCloudWatch": [("shared_rates", "CloudWatch Logs and metrics prices")],
    offers.SAVINGS_PLANS: [("savings_plans_rates", "Savings Plans rates for Fargate or Linux EC2")],
}


def _note_gaps(services, regions, found, tables, report: FetchReport) -> None:
    for service in services:
        for region in regions:
            if any(n.startswith(f"AWS's {service} region index lists no offer for {region}") for n in report.notes):
                continue
            got = found.get((service, region), set())
            for table, label in _EXPECT.get(service, []):
                if table not in got:
                    report.notes.append(f"AWS's {service} offer for {region} lists no {label}.")
            if service == "AmazonECS" and "managed_instance_fees" not in got:
                report.notes.append(f"AWS's AmazonECS offer for {region} lists no ECS Managed Instances fees.")
            if service == "AmazonEKS" and "managed_instance_fees" not in got:
                report.notes.append(f"AWS's AmazonEKS offer for {region} lists no EKS Auto Mode fees.")
