"""deploy/nginx/frontline.conf for real: Debian's nginx on loopback with a self-signed
certificate (made here with openssl) in front of two real `frontline-server serve`
processes sharing one PostgreSQL database. A PC pushes through nginx with the real sync
client while one replica, then the other, is killed (SIGKILL) and restarted; every
observation lands exactly once, and the PC ends with nothing queued.

Skipped, with the reason shown, when nginx, openssl or PostgreSQL is missing (.ci/run
installs and starts them)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from frontline.core.model import Observation
from frontline.store import outbox
from frontline.store.db import Store
from frontline.store.observations import save_observation
from frontline.sync import device
from frontline.sync.config import save_user_settings
from frontline.sync.engine import sync_once
from tests.helpers.realserver import DemoTemplate, RealServer, drop_postgres, free_port

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "frontline.conf"
PG_BASE = os.environ.get("FRONTLINE_TEST_POSTGRES_URL", "")
FAIL_TIMEOUT = float(re.search(r"fail_timeout=(\d+)s", SITE.read_text()).group(1))  # type: ignore[union-attr]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is missing (apt-get install nginx; "
                       ".ci/run installs it)"),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is missing"),
    pytest.mark.skipif(not PG_BASE, reason="replicas share PostgreSQL: set "
                       "FRONTLINE_TEST_POSTGRES_URL (.ci/run does)"),
]


def render_site(tmp: Path, ports: tuple[int, int], https: int, http: int) -> str:
    """The repository's site file with this test's ports and certificate: the directives
    under test are the file's own."""
    text = SITE.read_text(encoding="utf-8")
    text = text.replace("127.0.0.1:8751", f"127.0.0.1:{ports[0]}")
    text = text.replace("127.0.0.1:8752", f"127.0.0.1:{ports[1]}")
    text = re.sub(r"listen (\[::\]:)?443 ", lambda m: f"listen {m.group(1) or '127.0.0.1:'}{https} "
                  if not m.group(1) else "# ", text)
    text = re.sub(r"listen (\[::\]:)?80;", lambda m: f"listen 127.0.0.1:{http};"
                  if not m.group(1) else "# ;", text)
    text = text.replace("/etc/ssl/frontline/fullchain.pem", str(tmp / "cert.pem"))
    text = text.replace("/etc/ssl/frontline/privkey.pem", str(tmp / "key.pem"))
    assert str(https) in text and str(ports[1]) in text
    return text


@pytest.fixture
def nginx_site(tmp_path: Path) -> Iterator[tuple[str, Path, tuple[int, int]]]:
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    ports = (free_port(), free_port())
    https, http = free_port(), free_port()
    (tmp_path / "site.conf").write_text(render_site(tmp_path, ports, https, http))
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = tmp_path / "nginx-temp"
    temp.mkdir()
    (tmp_path / "nginx.conf").write_text(f"""{user}daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp_path}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path}/site.conf;
}}
""")
    assert NGINX is not None
    test = subprocess.run([NGINX, "-t", "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf")],
                               stderr=subprocess.PIPE)
    url = f"https://127.0.0.1:{https}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(url + "/health", verify=str(tmp_path / "cert.pem"), timeout=1)
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url, tmp_path / "cert.pem", ports
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_pushes_through_nginx_survive_a_replica_killed_and_restarted(
        nginx_site: tuple[str, Path, tuple[int, int]], tmp_path: Path) -> None:
    url, cert, ports = nginx_site
    template = DemoTemplate(tmp_path / "template")
    first = RealServer.from_template(template, tmp_path / "a", postgres_base=PG_BASE)
    first.port = ports[0]
    second = RealServer(tmp_path / "b", database_url=first.database_url, port=ports[1])
    second.data_dir.mkdir()
    replicas = [first, second]
    for replica in replicas:
        replica.start()
    try:
        # not via nginx: the health check of each replica, then through nginx with TLS
        answer = requests.get(url + "/ready", verify=str(cert), timeout=5,
                              headers={"X-Request-ID": "test-request-1"})
        assert answer.status_code == 200
        assert answer.headers.get("X-Request-ID") == "test-request-1"
        assert answer.headers.get("Strict-Transport-Security")
        # the body size limit: nginx refuses before a replica reads it
        big = requests.post(url + "/v1/push", data=b"x" * (6 * 1024 * 1024), verify=str(cert),
                            timeout=30)
        assert big.status_code == 413

        pc = tmp_path / "pc"
        save_user_settings(pc, ca_bundle=str(cert))
        device.enrol_pc(pc, server_url=url, code=first.code(), device_name="till")
        store = Store.open(pc)
        client = device.make_client(pc)
        [[employee]] = first.query("SELECT u.id FROM users u JOIN devices d ON "
                                   "d.store_id = u.store_id WHERE u.role = 'employee' LIMIT 1")
        made: list[str] = []
        failures: list[str] = []
        plan = {3: ("kill", 0), 6: ("start", 0), 9: ("kill", 1), 12: ("start", 1)}
        for round_ in range(15):
            for i in range(20):
                obs = save_observation(store.connection(), Observation.new(
                    summary=f"Round {round_} item {i}", kind="pain_point", author_id=employee))
                made.append(obs.id)
            action = plan.get(round_)
            killer = None
            if action and action[0] == "kill":
                # while this round's push is on its way (nginx retries it on the other)
                killer = threading.Timer(0.03, replicas[action[1]].kill)
                killer.start()
            elif action:
                replicas[action[1]].start()
                # the rolling restart of docs/deploy.md: nginx takes a failed replica back
                # after fail_timeout
                time.sleep(FAIL_TIMEOUT + 0.5)
            report = sync_once(store, client, batch_limit=25)
            if killer is not None:
                killer.join()
            if not report.ok:
                failures.append(f"round {round_}: {report.error!r}")
        for _ in range(20):  # whatever a failure left queued goes at the next syncs
            if outbox.count(store.connection()) == 0:
                break
            report = sync_once(store, client)
            time.sleep(0.2)
        assert outbox.count(store.connection()) == 0
        client.close()
        store.close()

        [[device_id]] = first.query("SELECT id FROM devices WHERE name = 'till'")
        counts = first.created_counts(device_id)
        assert sorted(counts) == sorted(made)  # nothing lost
        assert set(counts.values()) == {1}  # nothing doubled
        # both replicas served
        assert all(r.log.exists() for r in replicas)
        access = (tmp_path / "nginx-access.log").read_text()
        assert access.count("/v1/push") >= 15
        assert not failures, failures  # nginx sends everything to the replica that is up
    finally:
        for replica in replicas:
            replica.stop()
        drop_postgres(PG_BASE)
