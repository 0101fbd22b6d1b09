"""A province's published quota (staffing.quota_totals): Lạng Sơn reports 2,457 positions for
its 65 communes (docs/facts.md) where the norm of Công văn 09/CV-BCĐ gives 2,223, so its 2,376
officials showed 153 above quota instead of 81 below (a Lạng Sơn planner's trial). The norms
are scaled to the published total, none above its cap.

Hand values: the tiny province below has norms 54 (60,000 residents: 32 + 22), 39 (30,000:
32 + 7), 32 and 32, 157 in all; caps 70 per phường, 50 per xã."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from staffsim.model.roster import norm_quota, quota
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

TABLE = """Mã xã,Tên xã,Loại,Vùng,Dân số,Diện tích,Vĩ độ,Kinh độ,Mã tỉnh
W1,Phường Một,Phường,Đồng bằng,60000,20,19.80,105.78,90
W2,Phường Hai,Phường,Đồng bằng,30000,15,19.75,105.90,90
X1,Xã Núi,Xã,Miền núi,9000,150,20.10,105.30,90
X2,Xã Cao,Xã,Vùng cao,5000,300,20.40,104.70,90
"""


def _tiny(tmp_path: Path, total: int, table: str = TABLE) -> Path:
    return write_scenario(tmp_path, f'[staffing]\nquota_totals = {{ "90" = {total} }}\n', table)


@pytest.mark.parametrize(("total", "expected"), [
    # 170/157 of each norm: 58.47, 42.23, 34.65, 34.65; floors 168, the two largest
    # remainders (.65) take the 2 left
    (170, [58, 42, 35, 35]),
    # 230: W1's 79.1 is above its cap of 70 and stays there; the 160 left over 103 of norms:
    # 60.58, 49.71, 49.71; floors 158, the two .71 take the 2 left
    (230, [70, 60, 50, 50]),
    (157, [54, 39, 32, 32]),  # the norm's own total: the norm
    (140, [48, 35, 29, 28]),  # 48.15, 34.78, 28.54, 28.54: floors 138, .78 and the first .54
])
def test_norms_scaled_to_the_published_total(tmp_path, total, expected):
    sc = load_scenario(_tiny(tmp_path, total))
    assert norm_quota(sc.communes, sc.params.staffing).tolist() == [54, 39, 32, 32]
    assert quota(sc.communes, sc.params.staffing).tolist() == expected


def test_a_total_above_the_caps_is_refused(tmp_path, capsys):
    """The caps hold 70 + 70 + 50 + 50 = 240: 300 cannot be met; one line, exit 2."""
    code, _, err = run_cli(capsys, "validate", "--lang", "en", str(_tiny(tmp_path, 300)))
    assert_one_line_error(code, err, "staffing.quota_totals", "province 90", "300",
                          "4 to 240")


def test_the_table_quota_stands_and_the_others_share_the_rest(tmp_path):
    """W1's own quota of 60 stands; 170 - 60 = 110 over the others' norms 39 + 32 + 32 = 103:
    41.65, 34.17, 34.17; floors 109, the .65 takes the 1 left."""
    lines = TABLE.splitlines()
    table = "\n".join([lines[0] + ",Biên chế được giao", lines[1] + ",60",
                       *(ln + "," for ln in lines[2:])]) + "\n"
    sc = load_scenario(_tiny(tmp_path, 170, table))
    assert quota(sc.communes, sc.params.staffing).tolist() == [60, 42, 34, 34]


def test_lang_son_totals_its_published_quota():
    """vietnam.toml narrowed to Lạng Sơn (20): its communes' quotas total the 2,457 of
    docs/facts.md, none above its cap, each within one position of its norm x 2,457 / norm
    total; validate says so."""
    facts = (SCENARIOS.parent / "docs" / "facts.md").read_text(encoding="utf-8")
    published = int(re.search(r"Lạng Sơn: quota ([\d,]+)", facts).group(1).replace(",", ""))
    sc = load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": ["20"]})
    s, c = sc.params.staffing, sc.communes
    q, norm = quota(c, s), norm_quota(c, s)
    caps = np.array([s.cap_xa, s.cap_phuong, s.cap_dac_khu])[c.kind]
    assert q.sum() == published == 2457 and (q <= caps).all()
    if not (norm * published / norm.sum() > caps).any():  # (no cap binds: plain proportion)
        assert np.abs(q - norm * published / norm.sum()).max() < 1


def test_lang_son_validate_names_the_published_quota(capsys):
    code, out, err = run_cli(capsys, "validate", "--lang", "en", str(SCENARIOS / "vietnam.toml"),
                             "--set", 'province.provinces=["20"]')
    assert code == 0, err
    assert "2,457 positions in all where the norm of Công văn 09/CV-BCĐ gives 2,223" in out


@pytest.mark.parametrize(("key", "value", "said"), [
    ("staffing.quota_totals", "-5", "tỉnh mã 20: -5 vị trí biên chế; cho phép: từ 1 đến "),
    ("roster.province_totals", "0", "tỉnh mã 20: 0 cán bộ, công chức; cho phép: từ 1 đến "),
])
def test_a_count_out_of_range_is_said_in_vietnamese(capsys, key, value, said):
    """A published count below 1 is refused in one line in the language (the officials'
    count was said in English in a Vietnamese session)."""
    code, _, err = run_cli(capsys, "validate", "--lang", "vi", str(SCENARIOS / "vietnam.toml"),
                           "--set", f'{key}={{"20"={value}}}')
    assert_one_line_error(code, err, key, said)
