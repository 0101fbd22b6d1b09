"""A table path that names a folder is refused naming the scenario file and the field (a
trial: communes_csv = "data", a folder, said only 'data: is a folder; expected a file')."""

import pytest

from staffsim.scenarios.params import TABLE_FIELDS

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli


@pytest.mark.parametrize("field", TABLE_FIELDS)
@pytest.mark.parametrize(("lang", "words"), [
    ("en", "data: is a folder; expected a table file (CSV or .xlsx)"),
    ("vi", "data: là một thư mục; cần một tệp bảng (CSV hoặc .xlsx)")])
def test_a_table_that_is_a_folder_names_the_file_and_the_field(tmp_path, capsys, field,
                                                                lang, words):
    (tmp_path / "data").mkdir()
    communes = (SCENARIOS / "data" / "thanh_hoa_communes.csv").resolve()
    tables = {"communes_csv": str(communes), field: "data"}
    body = "[province]\nname = \"x\"\n" + "".join(f'{k} = "{v}"\n' for k, v in tables.items())
    (tmp_path / "s.toml").write_text(body, encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(tmp_path / "s.toml"), "--lang", lang)
    assert_one_line_error(code, err, "s.toml", f"province.{field}", words)
