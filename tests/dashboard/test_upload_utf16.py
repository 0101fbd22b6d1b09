"""An upload saved by Excel as "Unicode text" (UTF-16 with its byte-order mark, tab-separated)
was refused by the dashboard's first check although the command line's table reader reads it
(since the tables' fault fixes of 2 December 2026): the upload check lets it through and the
table reads with its Vietnamese names whole."""

from __future__ import annotations

from staffsim.dashboard.uploads import precheck
from staffsim.scenarios.province import read_communes

TABLE = ("Mã xã\tTên xã\tLoại\tVùng\tDân số\tDiện tích\tVĩ độ\tKinh độ\n"
         "16531\tMường Lát\tXã\tVùng cao\t9000\t150\t20.53\t104.61\n"
         "14797\tHạc Thành\tPhường\tĐồng bằng\t197142\t24.63\t19.80\t105.78\n")


def test_utf16_upload_is_read(tmp_path):
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = b"\xff\xfe" if encoding == "utf-16-le" else b"\xfe\xff"
        data = bom + TABLE.encode(encoding)
        assert precheck("xa.csv", data) is None, encoding
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(data)
        communes = read_communes(path)
        assert communes.names == ["Mường Lát", "Hạc Thành"], encoding
        assert communes.population.tolist() == [9000, 197142]


def test_utf32_is_left_to_the_reader_to_refuse(tmp_path):
    data = b"\xff\xfe\x00\x00" + TABLE.encode("utf-32-le")
    assert precheck("xa.csv", data) is None  # (the reader says what it is, in one line)
