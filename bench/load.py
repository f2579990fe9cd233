"""`kehoach serve` for an office, through the real command over HTTP: 20 clerks previewing the largest
example at once, the list page of a folder of 300 plans, and a small plan's requests while a long plan's
.docx is being built."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from serve import largest_example  # noqa: E402
from serving import start_server, stop_server  # noqa: E402 - the tests' way of starting the server

HEADERS = {"Content-Type": "application/json", "X-Kehoach": "1"}


def _request(url: str, body: dict[str, Any] | None = None) -> tuple[int, float]:
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    req = urllib.request.Request(url, data=data, headers=HEADERS if data else {}, method="POST" if data else "GET")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0
    return status, time.perf_counter() - start


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _fill(folder: Path, count: int) -> None:
    """`count` plans: the examples and the 34 starters, over and over."""
    from kehoach_gen.facts import provinces
    from kehoach_gen.start.starter import starter_text

    sources = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "drafts" / "examples").glob("*.yaml"))]
    sources += [starter_text(u.name, 2027, "x.yaml") for u in provinces.current()]
    for i in range(count - 1):  # the largest example is the count-th
        (folder / f"ke-hoach-{i + 1:03d}.yaml").write_text(sources[i % len(sources)], encoding="utf-8")


def concurrent_previews(base: str, name: str, clients: int, rounds: int) -> dict[str, Any]:
    """Every client sends its own edit of the plan (a different trích yếu) `rounds` times, all at once."""
    with urllib.request.urlopen(f"{base}/api/ke-hoach/{name}", timeout=60) as r:
        data = json.loads(r.read())["data"]
    _request(f"{base}/api/ke-hoach/{name}/xem-truoc", {"data": data})  # warm-up
    times: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    gate = threading.Barrier(clients)

    def clerk(i: int) -> None:
        mine = json.loads(json.dumps(data))
        gate.wait()
        for r in range(rounds):
            mine["trich_yeu"] = f"{data['trich_yeu']} (bản {i}.{r})"
            status, took = _request(f"{base}/api/ke-hoach/{name}/xem-truoc", {"data": mine, "seq": r})
            with lock:
                times.append(took)
                if status != 200:
                    errors.append(status)

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return {"clients": clients, "requests": len(times), "errors": len(errors), "p50": statistics.median(times),
            "p95": _quantile(times, 0.95), "max": max(times), "throughput": len(times) / wall}


def list_page(base: str, runs: int = 5) -> dict[str, float]:
    first = _request(f"{base}/")[1]
    warm = [_request(f"{base}/")[1] for _ in range(runs)]
    return {"first": first, "warm": statistics.median(warm)}


def beside_a_long_build(base: str, folder: Path, small: str) -> dict[str, Any]:
    """A small plan's preview, alone and while a long plan's .docx is built."""
    from run import synthetic

    (folder / "rat-dai.yaml").write_text(synthetic(480), encoding="utf-8")
    with urllib.request.urlopen(f"{base}/api/ke-hoach/{small}", timeout=60) as r:
        data = json.loads(r.read())["data"]
    url = f"{base}/api/ke-hoach/{small}/xem-truoc"
    alone = [_request(url, {"data": data})[1] for _ in range(11)][1:]
    long_build: list[tuple[int, float]] = []
    worker = threading.Thread(target=lambda: long_build.append(
        _request(f"{base}/api/ke-hoach/rat-dai.yaml/tao/docx", {"force": True})))
    worker.start()
    during: list[float] = []
    failed = 0
    while worker.is_alive():
        status, took = _request(url, {"data": data})
        failed += status != 200
        if worker.is_alive():
            during.append(took)
        time.sleep(0.05)
    worker.join()
    return {"alone": statistics.median(alone), "during": statistics.median(during) if during else 0.0,
            "during_max": max(during, default=0.0), "samples": len(during), "errors": failed, "long_status": long_build[0][0],
            "long": long_build[0][1]}


def bench_load(clients: int = 20, rounds: int = 5, plans: int = 300) -> dict[str, Any]:
    plan = largest_example()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(plan, folder / plan.name)
        _fill(folder, plans)
        from kehoach_gen.web.store import Folder

        start = time.perf_counter()
        Folder(folder).rows()  # what the server reads once at start, in the background
        cold = time.perf_counter() - start
        server, base = start_server(folder)
        try:
            listing = list_page(base)  # the first right after start: the rows are still being read
            load = concurrent_previews(base, plan.name, clients, rounds)
            beside = beside_a_long_build(base, folder, "ke-hoach-001.yaml")
        finally:
            stop_server(server)
    return {"plan": plan.stem, "plans": plans, "list_cold": cold, **{f"load_{k}": v for k, v in load.items()},
            **{f"list_{k}": v for k, v in listing.items()}, **{f"beside_{k}": v for k, v in beside.items()}}


if __name__ == "__main__":
    print(json.dumps(bench_load(), indent=1))
