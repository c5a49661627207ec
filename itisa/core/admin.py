"""Read-only back office for domain data.

Every change to a domain row goes through its service, which checks permission, validates and writes an
audit event; Django admin bypasses all three, so domain admins and inlines only show (issue 9 §2).
This module imports no app: the apps' admin modules import it.
"""

from __future__ import annotations

from typing import Any


class ReadOnlyAdminMixin:
    """For a ``ModelAdmin`` or an inline: view and search, never add, change or delete."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
