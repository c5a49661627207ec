from itisa.notices.tests.fixtures import km, passing_reviews  # noqa: F401
