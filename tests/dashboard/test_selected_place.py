"""The dashboard's title names the province a scenario selects from its table
(province.provinces), not the scenario's own name: province 38 of the national table is
Thanh Hóa (scenarios/data/vietnam_communes.csv), not 'Vietnam (34 provinces)'."""

from nicegui.testing.user_simulation import user_simulation

from ..conftest import SCENARIOS
from .conftest import USER_APP

SEE = 300  # retries of should_see, 0.1 s apart (as in test_user.py)


async def test_title_names_the_selected_province(tmp_path, monkeypatch):
    text = (SCENARIOS / "vietnam.toml").read_text(encoding="utf-8")
    data = (SCENARIOS / "data").resolve()
    assert 'communes_csv = "data/vietnam_communes.csv"' in text
    text = text.replace('communes_csv = "data/', f'provinces = ["38"]\ncommunes_csv = "{data}/')
    scenario = tmp_path / "thanh_hoa_from_vietnam.toml"
    scenario.write_text(text, encoding="utf-8")
    monkeypatch.setenv("STAFFSIM_TEST_SCENARIO", str(scenario))
    monkeypatch.delenv("STAFFSIM_TEST_PASSWORD", raising=False)
    async with user_simulation(main_file=USER_APP) as user:
        await user.open("/")
        # "Commune staffing: {name}" in Vietnamese (the default language)
        await user.should_see("Bố trí cán bộ, công chức cấp xã: Tỉnh Thanh Hóa", retries=SEE)
        await user.should_not_see("Vietnam (34 provinces)")
