"""Who may see and do what: one module (docs/access.md)."""

from itisa.access.core import (
    AccessDenied,
    SystemActor,
    actions,
    can,
    require,
    requires,
    system,
    visible_to,
)

__all__ = ["AccessDenied", "SystemActor", "actions", "can", "require", "requires", "system", "visible_to"]
