"""A bounded load test of ``pdtsim serve`` on loopback: 320 requests from 8 concurrent clients.

Starts the binary under test on a free loopback port, sends simulations with varied overrides,
parameter and preset look-ups and bad requests, and checks that every answer is the expected one
(200, 400, or 503 when the simulation queue is full), that the server's resident memory stays
bounded, and that it still answers afterwards. Prints the figures the README quotes.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import CHEAP, serving

REQUESTS = 320
CLIENTS = 8
JOBS = 2
TIMEOUT_S = 120


def rss_kib(pid: int) -> int:
    """The process's resident set size, VmRSS of /proc/PID/status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS in /proc/{pid}/status")


def request(base: str, number: int) -> tuple[str, urllib.request.Request, set[int]]:
    """Request ``number`` of the mix: its kind, the request, and the statuses it may get."""
    kind = number % 8
    if kind in (0, 1, 2):
        overrides = dict(CHEAP)
        overrides["light.center_nm"] = 600 + number % 50
        overrides["light.irradiance_mW_per_cm2"] = 20 + number % 13
        body = json.dumps({"protocol": "allumera-red", "set": overrides}).encode()
        post = urllib.request.Request(f"{base}/api/simulate", data=body, method="POST")
        return "simulate", post, {200, 503}
    if kind in (3, 4):
        name = ["allumera-blue", "allumera-red", "daylight-ala"][number % 3]
        return "parameters", urllib.request.Request(f"{base}/api/parameters?protocol={name}"), {200, 503}
    if kind == 5:
        return "presets", urllib.request.Request(f"{base}/api/presets"), {200, 503}
    if kind == 6:
        body = json.dumps({"set": {"light.center_nm": 5000 + number}}).encode()
        return "out of range", urllib.request.Request(f"{base}/api/simulate", data=body, method="POST"), {400}
    return "malformed", urllib.request.Request(f"{base}/api/simulate", data=b"{\"set\": ", method="POST"), {400}


def send(req: urllib.request.Request) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_serve_under_load(binary: Path) -> None:
    with serving(binary, "--jobs", str(JOBS)) as (server, base):
        status, _ = send(urllib.request.Request(f"{base}/api/presets"))
        assert status == 200
        rss_before = rss_kib(server.pid)

        results: list[tuple[str, int, set[int], float, bytes]] = []
        lock = threading.Lock()
        numbers = iter(range(REQUESTS))

        def client() -> None:
            while True:
                with lock:
                    number = next(numbers, None)
                if number is None:
                    return
                kind, req, expected = request(base, number)
                start = time.perf_counter()
                status, body = send(req)
                elapsed = time.perf_counter() - start
                with lock:
                    results.append((kind, status, expected, elapsed, body))

        start = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT_S * REQUESTS)
        wall = time.perf_counter() - start
        rss_after = rss_kib(server.pid)

        assert len(results) == REQUESTS
        unexpected = [(kind, status, body[:200]) for kind, status, expected, _, body in results if status not in expected]
        assert unexpected == []
        for kind, status, _, _, body in results:
            if status != 200:
                assert json.loads(body)["error"].startswith("pdtsim: error: "), (kind, body)
        assert sum(1 for kind, status, *_ in results if kind == "simulate" and status == 200) > 0
        assert rss_after < 4 * rss_before and rss_after < 500 * 1024, (rss_before, rss_after)
        status, _ = send(urllib.request.Request(f"{base}/api/presets"))
        assert status == 200

        latencies = sorted(elapsed for *_, elapsed, _ in results)
        counts: dict[int, int] = {}
        for _, status, *_ in results:
            counts[status] = counts.get(status, 0) + 1
        print(
            f"\npdtsim serve load: {REQUESTS} requests from {CLIENTS} clients, --jobs {JOBS}: "
            f"wall {wall:.1f} s, {REQUESTS / wall:.1f} requests/s; statuses {dict(sorted(counts.items()))}; "
            f"latency p50 {1000 * latencies[len(latencies) // 2]:.0f} ms, "
            f"p95 {1000 * latencies[int(0.95 * len(latencies)) - 1]:.0f} ms; "
            f"RSS {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB after"
        )
