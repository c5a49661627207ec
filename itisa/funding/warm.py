"""The what-if's columns kept warm (ADR 0017): after an audited write commits, one background task reads the
columns of the bureaus' scopes simulated lately for the register's new version, so the next what-if finds
them in the shared cache instead of reading the whole register while the officer waits."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from itisa.register import columns_bulk
from itisa.register.models import Alliance, Jurisdiction

log = logging.getLogger(__name__)


def scopes() -> list[tuple[str, Any, Any, bool]]:
    """``(scope, queryset, on, matters)`` of the bureaus simulated lately (``bureau:<pk>``, as
    ``budget_simulate`` names them; ``all``: the whole register, as the benchmark names it); a bureau since
    deleted is skipped."""
    from itisa.funding.selectors import _simulation_scope

    out = []
    for scope, on, matters in columns_bulk.recent():
        kind, _, pk = scope.partition(":")
        if scope == "all":
            out.append((scope, Alliance.objects.all(), on, matters))
        elif kind == "bureau" and pk.isdigit():
            jur = Jurisdiction.objects.filter(pk=int(pk)).first()
            if jur is not None:
                out.append((scope, _simulation_scope(jur), on, matters))
    return out


def _queue() -> None:
    if columns_bulk.warm_wanted():
        from itisa.funding.tasks import warm_register_columns

        try:
            warm_register_columns.enqueue()
        except Exception:  # the write has committed; a lost warm-up only means a cold what-if
            log.exception("the what-if's columns could not be queued for a warm-up")
            columns_bulk.warm_failed()


def after_audited_write(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """``post_save`` of an audit event: once the write commits, queue one warm-up (none while one is queued —
    so one for the many events of one transaction —, none if no what-if was run lately)."""
    if created:
        transaction.on_commit(_queue)
