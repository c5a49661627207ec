"""Rendering the recognition document and the plaque certificate: HTML templates → PDF by
WeasyPrint, with the system's CJK fonts embedded (Debian ``fonts-noto-cjk``) and a QR code (segno,
pure Python, as inline SVG) pointing to the public verification page."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

VERIFY_PATH = "/verify/{code}/"


def verify_url(code: str) -> str:
    """The address printed and encoded on the certificates. ``ITISA_PUBLIC_URL`` (a setting, or
    the environment variable) gives the site's public origin; without it the path alone."""
    import os

    base = getattr(settings, "ITISA_PUBLIC_URL", "") or os.environ.get("ITISA_PUBLIC_URL", "")
    return base.rstrip("/") + VERIFY_PATH.format(code=code)


def qr_svg_data_uri(data: str) -> str:
    return segno.make(data, error="m").svg_data_uri(scale=4, border=2)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only rendering needs
    from weasyprint.urls import URLFetcher

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    # Everything a certificate shows is inline (data: URIs): nothing is fetched from disk or network,
    # and a missing image is an error, not a certificate without its QR code.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()


def cjk_fonts_installed() -> bool:
    """True when fontconfig knows a font covering Chinese (what the certificates need)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False,  # noqa: S603
                         timeout=10)
    return bool(out.stdout.strip())
