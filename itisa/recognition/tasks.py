"""Background work of recognitions (thin: the service does the work)."""

from __future__ import annotations

from django_tasks import task


@task()
def render_recognition_documents(recognition_id: int, actor_id: int | None) -> None:
    from django.contrib.auth import get_user_model

    from itisa.access import system
    from itisa.recognition.models import Recognition
    from itisa.recognition.services import recognition_render_documents

    user = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    # Issued by a system job (no user): the rendering runs as a named system actor, never as nobody.
    actor = user or system("recognition documents", "recognition.render")
    recognition_render_documents(actor=actor, recognition=Recognition.objects.get(pk=recognition_id))
