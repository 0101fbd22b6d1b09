"""evaluate's reconstruction lines: a note says the list is a reconstruction only in words that
mean it, with their marks ('dừng lại' is 'stopped', 'dùng lại' 'used again', not 'dựng lại')."""

import unicodedata

import pytest

from staffsim.results.evaluation import reconstruction_lines
from staffsim.results.words import words


def _rows(note: str, n: int = 2) -> list[dict[str, str]]:
    return [{"official_id": f"1-{i}", "ghi_chu": note} for i in range(n)]


@pytest.mark.parametrize("note", ["Đã dừng lại, chờ ý kiến", "Dùng lại danh sách năm trước",
                                  "tai dung", ""])
def test_other_words_are_no_reconstruction(note):
    assert reconstruction_lines(words("en"), _rows(note)) == []


@pytest.mark.parametrize("note", ["Danh sách dựng lại từ báo cáo",
                                  "TÁI DỰNG theo số liệu công bố",
                                  unicodedata.normalize("NFD", "bản phục dựng"),
                                  "Reconstructed from the press release"])
def test_reconstruction_words_said(note):
    lines = reconstruction_lines(words("en"), _rows(note, 3))
    assert len(lines) == 2  # the note once, then what the figures are
    assert "(3 of 3 rows say so in their note)" in lines[0]
