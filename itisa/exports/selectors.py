"""Reads of export jobs."""

from __future__ import annotations

from typing import Any

from itisa.access import visible_to
from itisa.exports.models import ExportJob

SHOWN = 50


def jobs_of(user: Any) -> list[ExportJob]:
    """The person's own latest exports (a superuser too sees only their own here)."""
    return list(visible_to(user, "exports.view", ExportJob).filter(requester_id=user.pk)[:SHOWN])
