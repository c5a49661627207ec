"""The installer the README's two commands run first: which Debian packages are missing and what it does then."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system_packages.py"
spec = importlib.util.spec_from_file_location("system_packages", SCRIPT)
assert spec is not None and spec.loader is not None
system_packages = importlib.util.module_from_spec(spec)
sys.modules["system_packages"] = system_packages
spec.loader.exec_module(system_packages)


def test_it_reads_the_package_list_without_comments(tmp_path):
    listing = tmp_path / "packages.txt"
    listing.write_text("# fonts for certificates\nfonts-noto-cjk\n\nchromium  # browser tests\n", encoding="utf-8")
    assert system_packages.read_package_list(listing) == ["fonts-noto-cjk", "chromium"]


def test_it_takes_only_fully_installed_packages_from_dpkg():
    output = "chromium\tii \nfonts-noto-cjk\trc \ngettext:amd64\tii \nlibpango-1.0-0\tun \n"
    assert system_packages.installed_from_dpkg_output(output) == {"chromium", "gettext"}


def test_it_does_nothing_when_everything_is_installed():
    decision = system_packages.plan([], is_root=False, has_apt=True)
    assert decision.commands == () and decision.exit_code == 0 and decision.message == ""


def test_it_installs_as_root_with_apt_get_after_an_update():
    decision = system_packages.plan(["chromium", "fonts-noto-cjk"], is_root=True, has_apt=True)
    assert decision.commands == (
        ("apt-get", "update", "-qq"),
        ("apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk"),
    )
    assert decision.environment == {"DEBIAN_FRONTEND": "noninteractive"}
    assert decision.exit_code == 0


def test_it_names_the_exact_command_and_fails_when_not_root():
    decision = system_packages.plan(["chromium", "fonts-noto-cjk"], is_root=False, has_apt=True)
    assert decision.commands == ()
    assert decision.exit_code != 0
    assert "sudo apt-get install -y chromium fonts-noto-cjk" in decision.message


def test_it_fails_clearly_off_debian_unless_told_to_skip():
    off_debian = system_packages.plan(["chromium"], is_root=True, has_apt=False, has_dpkg=False)
    assert off_debian.exit_code != 0 and "chromium" in off_debian.message
    assert system_packages.SKIP_VARIABLE in off_debian.message
    skipped = system_packages.plan(["chromium"], is_root=True, has_apt=False, has_dpkg=False, skip=True)
    assert skipped.exit_code == 0 and skipped.commands == ()


@pytest.mark.skipif(not Path("/usr/bin/dpkg-query").exists(), reason="needs dpkg to ask about a package")
def test_the_script_as_a_non_root_user_prints_the_command_and_exits_non_zero(tmp_path):
    """Run the real script on a list naming a package no machine has, as if not root (euid patched)."""
    listing = tmp_path / "packages.txt"
    listing.write_text("itisa-no-such-package-for-tests\n", encoding="utf-8")
    code = (
        "import os, runpy, sys; os.geteuid = lambda: 1000; "
        f"sys.argv = ['system_packages.py', {str(listing)!r}]; "
        f"runpy.run_path({str(SCRIPT)!r}, run_name='__main__')"
    )
    env = {k: v for k, v in os.environ.items() if k != system_packages.SKIP_VARIABLE}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == system_packages.EXIT_NEEDS_ACTION
    assert "sudo apt-get install -y itisa-no-such-package-for-tests" in done.stderr


def test_the_script_is_silent_and_succeeds_when_nothing_is_missing(tmp_path):
    listing = tmp_path / "packages.txt"
    listing.write_text("# nothing needed\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), str(listing)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
