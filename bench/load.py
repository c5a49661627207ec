"""Web throughput (issue 15 §4): a locust file. A staff user signs in once per simulated client and opens the
main pages. Run through ``bench/run_load.py`` (which prepares PostgreSQL, starts gunicorn and prints the
figures), or by hand::

    BENCH_USER=bench_staff BENCH_PASSWORD=... locust -f bench/load.py --headless -u 16 -r 16 -t 30s \
        --host http://127.0.0.1:8765 --tags register

Pages (tags): ``register`` the public register, ``alliances`` the bureau's alliance list, ``cases`` the case
queue, ``dashboard`` the dashboards, ``home`` the workbench.
"""

from __future__ import annotations

import itertools
import os
import re

from locust import constant, tag, task
from locust.contrib.fasthttp import FastHttpUser
from requests.cookies import create_cookie

# Sessions prepared by bench/run_load.py (one per client); without them each client signs in with the password.
SESSIONS = itertools.cycle([k for k in os.environ.get("BENCH_SESSIONS", "").split(",") if k])

PAGES = {
    "register": "/register/",
    "alliances": "/work/alliances/",
    "cases": "/work/",
    "dashboard": "/dashboards/",
    "home": "/",
}


class Staff(FastHttpUser):
    """A browser-like client (it keeps its cookies: the session, the CSRF cookie) on locust's lighter HTTP
    client, so that the load generator, which shares the machine's CPUs with the server, takes less of them."""

    wait_time = constant(0)

    def on_start(self) -> None:
        key = next(SESSIONS, None)
        if key:
            self.client.cookiejar.set_cookie(create_cookie("sessionid", key, domain="127.0.0.1"))
            return
        page = self.client.get("/accounts/login/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        answer = self.client.post(
            "/accounts/login/",
            data={"username": os.environ.get("BENCH_USER", "bench_staff"), "password": os.environ["BENCH_PASSWORD"],
             "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/accounts/login/"}, name="login", allow_redirects=False)
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in refused: {answer.status_code}")

    def _get(self, key: str) -> None:
        with self.client.get(PAGES[key], name=key, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")

    @tag("register")
    @task
    def register(self) -> None:
        self._get("register")

    @tag("alliances")
    @task
    def alliances(self) -> None:
        self._get("alliances")

    @tag("cases")
    @task
    def cases(self) -> None:
        self._get("cases")

    @tag("dashboard")
    @task
    def dashboard(self) -> None:
        self._get("dashboard")

    @tag("home")
    @task
    def home(self) -> None:
        self._get("home")
