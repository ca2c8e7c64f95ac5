"""Manual probe (issue #19): a real `frontline-server serve` with production argon2 costs,
48 clients flooding `/v1/sign-in` with unknown usernames for 8 s, `/health` timed by curl
from another process, the server's peak RSS. Not a test (it needs a quiet machine):

    .venv/bin/python -m tests.bench.probe_sign_in_flood

Figures are in docs/reliability.md."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.helpers.realserver import FAST_ENV, DemoTemplate, RealServer

CLIENTS = 48
SECONDS = 8


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="frontline-flood-"))
    for name in ("FRONTLINE_ARGON2_TIME_COST", "FRONTLINE_ARGON2_MEMORY_KIB"):
        FAST_ENV.pop(name, None)  # production costs: 64 MiB, time cost 3
    os.environ["FRONTLINE_RETENTION_INTERVAL_SECONDS"] = "0"
    server = RealServer.from_template(DemoTemplate(base / "template"), base / "server")
    server.start()
    assert server.process is not None
    status_file = Path(f"/proc/{server.process.pid}/status")

    def rss_mb() -> int:
        return int(status_file.read_text().split("VmRSS:")[1].split()[0]) // 1024

    codes: dict[str, int] = {}
    peak = [rss_mb()]
    latencies: list[float] = []
    stop = time.monotonic() + SECONDS

    def flood(n: int) -> None:
        with requests.Session() as session:
            i = 0
            while time.monotonic() < stop:
                i += 1
                try:
                    r = session.post(server.url + "/v1/sign-in", timeout=30,
                                     headers={"X-Frontline-Protocol": "1"},
                                     json={"username": f"x{n}-{i}", "password": "guess"})
                    key = str(r.status_code)
                except requests.RequestException as error:
                    key = type(error).__name__
                codes[key] = codes.get(key, 0) + 1

    def probe() -> None:  # another process: the flooding threads' GIL does not slow it
        script = (f"for i in $(seq 60); do curl -s -o /dev/null -w '%{{time_total}}\\n' "
                  f"{server.url}/health; sleep 0.1; done")
        out = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                             timeout=120).stdout
        latencies.extend(float(x) for x in out.split())

    def memory() -> None:
        while time.monotonic() < stop:
            peak[0] = max(peak[0], rss_mb())
            time.sleep(0.2)

    before = rss_mb()
    try:
        with ThreadPoolExecutor(CLIENTS + 2) as pool:
            jobs = [pool.submit(flood, n) for n in range(CLIENTS)]
            jobs += [pool.submit(probe), pool.submit(memory)]
            for job in jobs:
                job.result()
        rows = server.query("SELECT count(*) FROM login_failures")[0][0]
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
    latencies.sort()
    print(json.dumps({
        "rss_before_mb": before, "rss_peak_mb": peak[0], "answers": codes,
        "health_p50_s": round(latencies[len(latencies) // 2], 3),
        "health_p95_s": round(latencies[int(len(latencies) * 0.95)], 3),
        "health_max_s": round(latencies[-1], 3), "login_failures_rows": rows,
    }))


if __name__ == "__main__":
    main()
