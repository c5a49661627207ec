"""Background work of recognitions (thin: the service does the work)."""

from __future__ import annotations

from django_tasks import task


@task()
def render_recognition_documents(recognition_id: int, actor_id: int | None) -> None:
    from django.contrib.auth import get_user_model

    from itisa.recognition.models import Recognition
    from itisa.recognition.services import recognition_render_documents

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    recognition_render_documents(actor=actor, recognition=Recognition.objects.get(pk=recognition_id))
