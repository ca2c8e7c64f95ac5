"""IT's `ca_bundle` setting is the certificate store the client uses, even when the
environment names another one ($REQUESTS_CA_BUNDLE, $CURL_CA_BUNDLE: requests lets those
override a session's own `verify`). Found behind nginx with a self-signed certificate
(tests/deploy/test_nginx_replicas.py) on a machine that sets REQUESTS_CA_BUNDLE."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from frontline.sync.client import HttpClient


class Recorder(requests.adapters.BaseAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.verify: list[Any] = []

    def send(self, request: requests.PreparedRequest, stream: bool = False,  # type: ignore[override]
             timeout: Any = None, verify: Any = True, cert: Any = None,
             proxies: Any = None) -> requests.Response:
        self.verify.append(verify)
        response = requests.Response()
        response.status_code = 200
        response._content = b'{"device_id": "d", "device_token": "t", "store_id": "s"}'
        response.request = request
        return response

    def close(self) -> None:
        pass


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_the_ca_bundle_setting_wins_over_the_environment(
        monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.setenv(variable, "/etc/ssl/certs/somebody-elses.pem")
    client = HttpClient("https://frontline.example.com", None, verify="/etc/frontline/ca.pem")
    recorder = Recorder()
    client.session.mount("https://", recorder)
    client.enrol("ABCDE-FGHJK-LMNPQ", "till")
    assert recorder.verify == ["/etc/frontline/ca.pem"]
