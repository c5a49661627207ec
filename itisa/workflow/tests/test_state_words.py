"""A state reads in its own procedure's words: "proposed" is 拟认定 in Kunming's recognition and 拟撤销 in its
revocation (第十一条, 第十七条), whatever other procedures call the same id."""

from types import SimpleNamespace

from django.utils import translation

from itisa.workflow.labels import case_state_label, state_label


def case(procedure: str, state: str) -> SimpleNamespace:
    return SimpleNamespace(pack_id="530100-kunming/2016", procedure_id=procedure, state=state)


def test_the_same_state_id_reads_as_its_own_procedure_names_it():
    with translation.override("zh-hans"):
        assert case_state_label(case("recognition", "proposed")) == "拟认定"
        assert case_state_label(case("revocation", "proposed")) == "拟撤销"
        assert case_state_label(case("revocation", "opened"), "notified") == "已告知联盟"
        assert state_label("proposed", "revocation", "530100-kunming/2016") == "拟撤销"
    with translation.override("en"):
        assert case_state_label(case("recognition", "proposed")) == "Proposed"
        assert case_state_label(case("revocation", "proposed")) == "Revocation proposed"


def test_an_unknown_procedure_falls_back_to_the_shared_words():
    with translation.override("zh-hans"):
        assert case_state_label(case("no_such_procedure", "recognised")) == state_label("recognised")
