"""Web throughput on PostgreSQL (issue 15 §4), reproducible::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itisa_load .venv/bin/python bench/run_load.py \
        [--alliances 10000] [--clients 16] [--seconds 20] [--workers 2] [--pages register,cases,...]

1. migrates the database and, if it holds fewer alliances than asked, generates the synthetic register
   (``generate_register``) and one recognition case per alliance, so the case queue is as long as the register;
2. makes a bureau-staff user of the jurisdiction with the most alliances (``bench_staff``) and one signed-in
   session per client (the clients do not spend the measured seconds hashing passwords);
3. starts gunicorn (``--workers`` processes, one thread each) in demo mode (no second factor);
4. per page: locust with ``--clients`` clients for ``--seconds`` → requests/s; then one client → p95 (ms).
Prints a Markdown table for docs/benchmarks.md.

The main pages are kept per data version (ADR 0023). ``--no-page-cache`` measures them as the first view after
a write (``ITISA_PAGE_CACHE_SECONDS=0``); ``--write-every S`` makes one audited alliance edit in the measured
bureau every *S* seconds while the pages are read, so that kept pages go stale as they would in use.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORT = 8765


def prepare(alliances: int, password: str) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from itisa.accounts.models import RoleAssignment, User
    from itisa.register.models import Alliance, Jurisdiction
    from itisa.workflow.models import Case

    call_command("migrate", "--noinput", verbosity=0)
    have = Alliance.objects.count()
    if have < alliances:
        call_command("generate_register", "--alliances", str(alliances - have), "--seed", str(have + 1))
    pack = {"kunming-kjj": "530100-kunming/2016", "jiangning-kjj": "320115-jiangning/2019",
            "luoyang-kjj": "410300-luoyang/2018", "weinan-kjj": "610500-weinan/2015", "henan-kjt": "410000-henan/2013"}
    Case.objects.bulk_create(
        [Case(alliance=a, jurisdiction_id=a.jurisdiction_id, pack_id=pack.get(a.jurisdiction.code, "530100-kunming/2016"),
              pack_digest="bench", procedure_id="recognition", state="submitted", opened_on=date(2026, 1, 5))
         for a in Alliance.objects.filter(cases__isnull=True).select_related("jurisdiction")], batch_size=2000)
    with connection.cursor() as cursor:  # fresh bulk inserts: without statistics the planner guesses 32 rows
        cursor.execute("ANALYZE")
    top = Jurisdiction.objects.annotate(n=Count("alliances")).order_by("-n", "code").first()
    user, _ = User.objects.get_or_create(username="bench_staff", defaults={"full_name": "压测职员"})
    user.set_password(password)
    user.save()
    RoleAssignment.objects.filter(user=user).exclude(role="bureau_staff", jurisdiction=top).delete()
    RoleAssignment.objects.get_or_create(user=user, role="bureau_staff", jurisdiction=top)
    return f"{top.name}: {top.n} alliances; {Case.objects.filter(jurisdiction=top).count()} cases"


def sessions(n: int) -> str:
    """*n* signed-in sessions of bench_staff, so that the measured seconds are pages, not password hashing."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from itisa.accounts.models import User

    user = User.objects.get(username="bench_staff")
    keys = []
    for _ in range(n):
        store = SessionStore()
        store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return ",".join(keys)


def writer(every: float, stop: threading.Event) -> None:
    """One audited edit of an alliance of the measured bureau every *every* seconds (toggling its staff count),
    as a bureau's officer would make them: each one moves the data version, so every kept page is read again."""
    from django.db import connection

    from itisa.access import system
    from itisa.accounts.models import RoleAssignment
    from itisa.register.models import Alliance
    from itisa.register.services import alliance_update

    actor = system("benchmark write", "register.edit_alliance")
    bureau = RoleAssignment.objects.get(user__username="bench_staff").jurisdiction_id
    edited = Alliance.objects.filter(jurisdiction_id=bureau).order_by("pk").first()
    base, n = edited.full_time_staff or 0, 0
    while not stop.wait(every):
        n += 1
        alliance_update(actor=actor, alliance=edited, reason="benchmark", full_time_staff=base + n % 2)
    connection.close()


def locust(page: str, clients: int, seconds: int, keys: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(  # noqa: S603
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "load.py"), "--headless", "-u", str(clients),
             "-r", str(clients), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{PORT}", "--tags", page,
             "--csv", f"{tmp}/out", "--only-summary", "--loglevel", "ERROR"],
            check=False, env={**os.environ, "BENCH_SESSIONS": keys}, capture_output=True)
        for row in csv.DictReader(open(f"{tmp}/out_stats.csv")):
            if row["Name"] == page:
                return {"rps": float(row["Requests/s"]), "p95": float(row["95%"]), "n": float(row["Request Count"]),
                        "fail": float(row["Failure Count"])}
    return {"rps": 0.0, "p95": 0.0, "n": 0.0, "fail": 0.0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alliances", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pages", default="register,alliances,cases,dashboard,home")
    ap.add_argument("--no-page-cache", action="store_true", help="every view as the first after a write")
    ap.add_argument("--write-every", type=float, default=0.0, help="an audited edit every S seconds (0: none)")
    args = ap.parse_args()
    if args.no_page_cache:
        os.environ["ITISA_PAGE_CACHE_SECONDS"] = "0"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of your own (the figures are for PostgreSQL).")
    os.environ.setdefault("ITISA_MODE", "demo")
    password = secrets.token_urlsafe(12)
    print("data:", prepare(args.alliances, password), flush=True)
    keys = sessions(args.clients)
    subprocess.run([str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(args.workers),
         "--threads", "1", "--no-control-socket", "--log-level", "warning"], cwd=ROOT)
    stop = threading.Event()
    if args.write_every > 0:
        threading.Thread(target=writer, args=(args.write_every, stop), daemon=True).start()
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        print(f"| page | {args.clients} clients: requests/s | p95 (ms) | 1 client: p95 (ms) | failures |")
        print("|---|---|---|---|---|")
        for page in args.pages.split(","):
            many = locust(page, args.clients, args.seconds, keys)
            one = locust(page, 1, max(5, args.seconds // 2), keys)
            print(f"| {page} | {many['rps']:.0f} | {many['p95']:.0f} | {one['p95']:.0f} | "
                  f"{many['fail'] + one['fail']:.0f} |", flush=True)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
