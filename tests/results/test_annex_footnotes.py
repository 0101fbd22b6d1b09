"""The annex's printed footnotes: the distances are estimates except the road distances
known (an HR trial: 116,7 km Hoa Lộc → Bá Thước, straight line x road factor, stated as fact
in a signed annex), and why a row pays nothing (its '0 tháng' beside a transfer read as a
0-month transfer). Both read back: evaluate passes the footnotes over."""

import datetime as dt
from dataclasses import replace

from openpyxl import load_workbook

from staffsim.results.annex import AnnexContext, write_annex_xlsx
from staffsim.scenarios.province import read_plan_csv

from .test_annex import ROWS, move

# a lowland move paid nothing (Thanh Hóa's lowland communes draw no allowance): 0 months of
# support, as results.moves gives a move paid nothing
LOWLAND = replace(move("W1-009", "Đỗ Văn Bình", "L1", "Bằng", "lowland", 14.9, 0), months=0)


def _notes(path) -> list[str]:
    ws = load_workbook(path).active
    out = [str(c.value) for row in ws.iter_rows() for c in row
           if isinstance(c.value, str) and c.value.startswith("Ghi chú:")]
    last = int(ws.print_area.split("$")[-1])  # printed: inside the print area
    assert all(c.row <= last for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and c.value.startswith("Ghi chú:"))
    return out


def test_distances_are_said_to_be_estimates_except_the_known(tmp_path):
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20), AnnexContext())
    (km,) = _notes(path)
    assert "khoảng cách ước tính" in km and "trừ" not in km
    # W1 → X1 known: the annex lists Xã Cao (vùng cao: W1-002, W1-003) first, then Xã Núi,
    # whose officials by given name are An (W2-001), Hùng (W1-001), Mai: W1-001 is row 4
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20),
                     AnnexContext(known_pairs=frozenset({("X1", "W1"), ("W1", "X1")})))
    (km,) = _notes(path)
    assert km.endswith("trừ các trường hợp STT 4 (khoảng cách đường bộ đã biết).")
    # every distance from the scenario's road-distance table: nothing to say
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20),
                     AnnexContext(measured_km=True))
    assert _notes(path) == []


def test_a_row_paid_nothing_says_why(tmp_path):
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, [*ROWS, LOWLAND], "Thanh Hóa", dt.date(2025, 6, 20),
                     AnnexContext(measured_km=True))
    (unpaid,) = _notes(path)
    # the lowland commune comes last (highest zone first): row 6 of 6
    assert unpaid.startswith("Ghi chú: trường hợp STT 6 không thuộc diện hưởng hỗ trợ (nơi đến là "
                             "xã, phường đồng bằng)")
    ws = load_workbook(path).active
    row6 = next(r for r in ws.iter_rows(values_only=True) if r[0] == 6)
    assert row6[2] == "W1-009" and row6[7] == 0 and row6[8] == 0
    # the footnotes are no transfers: the list reads back as its six moves
    assert sorted(f["official_id"] for _n, f in read_plan_csv(path)) == sorted(
        r.official_id for r in [*ROWS, LOWLAND])
