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


def test_the_bundled_lists_note_is_said_in_the_users_language():
    """The note of the bundled Decision 2623 list is staffsim's own: a Vietnamese user read it
    in English (HR trial). Read from the bundled file itself."""
    import csv

    from staffsim.results.evaluation import NOTE_CHARS

    from ..conftest import SCENARIOS

    path = SCENARIOS / "data" / "thanh_hoa_decision_2623_reconstructed.csv"
    with open(path, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    vi = reconstruction_lines(words("vi"), rows)[0]
    assert "danh sách dựng lại" in vi and "Tây Đô" in vi and "reconstruction: not" not in vi
    assert vi.rstrip().endswith(")") and "…" not in vi  # whole, though longer than the cut
    assert len(rows[0]["note"]) > NOTE_CHARS or "…" not in vi
    en = reconstruction_lines(words("en"), rows)[0]
    assert rows[0]["note"] in en
    # a user's own note (not staffsim's) is still quoted as given
    own = reconstruction_lines(words("vi"), _rows("Reconstructed from the press release"))[0]
    assert "Reconstructed from the press release" in own
