"""A table cell outside its column's values: the closest values include every one a word of
the cell names ('nui' is in 'miền núi' and in 'núi cao': mountain and high mountain, not
high mountain alone), and the kind column's values read in Vietnamese as the zones' do
(an HR trial saw 'xa|phuong|dac_khu' beside 'đồng bằng|miền núi|vùng cao')."""

from pathlib import Path

from staffsim.results.error_words import error_line
from staffsim.results.words import Words
from staffsim.scenarios.kinds import KINDS
from staffsim.scenarios.tables import VALUES, Problems, choice
from staffsim.scenarios.zones import ZONES


def _said(column, text, allowed):
    problems = Problems(Path("communes.csv"))
    assert choice(problems, 3, column, text, allowed, VALUES[column]) is None
    (e,) = problems.errors
    return error_line(Words("en"), e), error_line(Words("vi"), e)


def test_a_word_of_a_zone_names_each_zone_it_is_in():
    en, vi = _said("zone", "nui", ZONES)
    assert "'nui' is not allowed; closest: mountain, high_mountain; allowed: " in en
    assert "gần nhất: miền núi, vùng cao; giá trị hợp lệ: đồng bằng|miền núi|vùng cao" in vi


def test_the_kinds_read_in_vietnamese():
    en, vi = _said("kind", "xaa", KINDS)
    assert en.endswith("closest: xa; allowed: xa|phuong|dac_khu")
    assert vi.endswith("gần nhất: xã; giá trị hợp lệ: xã|phường|đặc khu")
