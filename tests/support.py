"""Small helpers the app tests share."""

from __future__ import annotations

from typing import Any


def body(response: Any) -> bytes:
    """The whole body of a response, streamed (CSV exports) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
