"""Background work of funding (django-tasks): the what-if's columns read again after a write."""

from __future__ import annotations

from django_tasks import task


@task()
def warm_register_columns() -> int:
    """Read into the shared cache the columns of the scopes simulated lately, for the register's present
    version (``itisa.funding.warm``); the number of scopes read."""
    from itisa.funding.warm import scopes
    from itisa.register.columns_bulk import warm

    return len(warm(scopes()))
