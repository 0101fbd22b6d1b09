"""A label that ends in brackets takes its unit inside them: 'Thiếu hụt có trọng số (mục tiêu
tối ưu hoá) (điểm)' read as two afterthoughts (an HR officer of Thanh Hóa)."""

from staffsim.results.words import words


def test_a_bracketed_label_takes_its_unit_inside():
    _ = words("vi")
    title = _.title("Weighted unmet need (what the optimiser minimises)", "points")
    assert title.count("(") == 1 and title.endswith(", điểm)"), title
    assert _.title("Transfers", "officials") == "Điều động (người)"
    en = words("en").title("Weighted unmet need (what the optimiser minimises)", "points")
    assert en == "Weighted unmet need (what the optimiser minimises, points)"
