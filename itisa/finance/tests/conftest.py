from itisa.funding.tests.conftest import cast, funds, jiangning_alliance, person, upgrade  # noqa: F401
