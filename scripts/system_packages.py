#!/usr/bin/env python3
"""Install the Debian packages the project needs (.ci/system-packages.txt) before `make demo` / `make test`.

Runs with the system Python before the virtual environment exists, so it uses the standard library only.
It asks dpkg once which packages are missing and does nothing more when none are (a few milliseconds).
As root it installs the missing ones with apt-get; otherwise it prints the one command to run and exits
non-zero, so a newcomer never gets a half-working demo or a wall of test errors instead.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LIST = Path(__file__).resolve().parent.parent / ".ci" / "system-packages.txt"
SKIP_VARIABLE = "ITISA_SKIP_SYSTEM_PACKAGES"
EXIT_NEEDS_ACTION = 3


@dataclass(frozen=True)
class Plan:
    """What to do about the missing packages: commands to run, or a message and an exit status."""

    missing: tuple[str, ...]
    commands: tuple[tuple[str, ...], ...] = ()
    message: str = ""
    exit_code: int = 0
    environment: dict[str, str] = field(default_factory=dict)


def read_package_list(path: Path) -> list[str]:
    """Package names, one a line; blank lines and `#` comments are ignored."""
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


def installed_from_dpkg_output(output: str) -> set[str]:
    """Names that dpkg reports as installed, from `dpkg-query -W -f='${Package}\\t${db:Status-Abbrev}\\n'`."""
    installed = set()
    for line in output.splitlines():
        name, _, status = line.partition("\t")
        if status.startswith("ii"):
            installed.add(name.split(":", 1)[0])
    return installed


def query_installed(packages: list[str]) -> set[str]:
    """Ask dpkg once about every package (unknown names are simply absent from its answer)."""
    # A fixed program found on PATH, package names from our own list.
    command = ["dpkg-query", "-W", "-f=${Package}\t${db:Status-Abbrev}\n", *packages]
    result = subprocess.run(  # noqa: S603
        command,
        capture_output=True,
        text=True,
        check=False,
    )
    return installed_from_dpkg_output(result.stdout)


def plan(missing: list[str], *, is_root: bool, has_apt: bool, has_dpkg: bool = True, skip: bool = False) -> Plan:
    """Decide what to do. Pure, so that it can be tested without root or apt."""
    if skip:
        return Plan(missing=tuple(missing), message=f"{SKIP_VARIABLE} is set: not checking Debian packages.")
    if not has_dpkg:
        return Plan(
            missing=tuple(missing),
            message=(
                "This is not a Debian-based system, so the packages the project needs cannot be checked.\n"
                f"Install the equivalents of: {' '.join(missing)}\n"
                f"then run again with {SKIP_VARIABLE}=1."
            ),
            exit_code=EXIT_NEEDS_ACTION,
        )
    if not missing:
        return Plan(missing=())
    install = ("apt-get", "install", "-y", "-qq", *missing)
    if is_root and has_apt:
        return Plan(
            missing=tuple(missing),
            commands=(("apt-get", "update", "-qq"), install),
            message=f"Installing Debian packages the project needs: {' '.join(missing)}",
            environment={"DEBIAN_FRONTEND": "noninteractive"},
        )
    command = "sudo apt-get update && sudo apt-get install -y " + " ".join(shlex.quote(m) for m in missing)
    return Plan(
        missing=tuple(missing),
        message=(
            f"The project needs Debian packages that are not installed: {' '.join(missing)}\n"
            f"Install them with:\n\n    {command}\n\nthen run the same make command again."
        ),
        exit_code=EXIT_NEEDS_ACTION,
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    list_path = Path(args[0]) if args else DEFAULT_LIST
    packages = read_package_list(list_path)
    has_dpkg = shutil.which("dpkg-query") is not None
    installed = query_installed(packages) if has_dpkg and packages else set()
    missing = [p for p in packages if p not in installed]
    decision = plan(
        missing,
        is_root=hasattr(os, "geteuid") and os.geteuid() == 0,
        has_apt=shutil.which("apt-get") is not None,
        has_dpkg=has_dpkg,
        skip=os.environ.get(SKIP_VARIABLE, "") not in ("", "0"),
    )
    if decision.message:
        print(decision.message, file=sys.stderr if decision.exit_code else sys.stdout, flush=True)
    for command in decision.commands:
        env = {**os.environ, **decision.environment}
        done = subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL)  # noqa: S603
        if done.returncode != 0:
            print(f"`{' '.join(command)}` failed with status {done.returncode}.", file=sys.stderr)
            return done.returncode
    if decision.commands:
        installed = query_installed(packages)
        still = [p for p in packages if p not in installed]
        if still:
            print(f"Still missing after apt-get: {' '.join(still)}", file=sys.stderr)
            return EXIT_NEEDS_ACTION
    return decision.exit_code


if __name__ == "__main__":
    sys.exit(main())
