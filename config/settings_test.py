"""Test settings: the same settings in test mode, with fast hashing and in-memory e-mail."""

import os

os.environ.setdefault("ITISA_MODE", "test")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Per test process: the columns cached per register version are emptied before each test (conftest.py).
CACHES = {**CACHES, "columns": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "columns"}}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = DATA_DIR / "test-media"  # noqa: F405
# Test-only path past the second factor: fixtures log people in with force_login; the two-step tests
# (itisa/accounts/tests/test_two_factor.py) set it to False and go through enrolment and verification.
ITISA_SKIP_2FA = True
AUDIT_ANCHOR_FILE = DATA_DIR / "test-audit-anchors.jsonl"  # noqa: F405
AUDIT_ANCHOR_EVERY = 0  # no stray anchors of flushed test databases; test_chain.py turns it on where it tests it
# The suite calls the API far more often than a person would; the rate-limit test sets its own limit.
API_RATE_ANON = API_RATE_AUTH = "100000/m"
