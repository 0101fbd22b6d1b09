

def test_default_folders_of_commands_started_in_the_same_second_differ(tmp_path, monkeypatch):
    """Two runs without --out started in one second were given one folder: the second was
    refused as 'being written by another staffsim command'."""
    from datetime import datetime

    from staffsim.results import folder

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 1, 6, 55, 13, tzinfo=tz)

    monkeypatch.setattr(folder, "datetime", Frozen)
    first = folder.default_folder(tmp_path, "demo", 7)
    assert first.name == "demo-seed7-20261201-065513"
    claim = folder.claim_output(first)
    with folder.atomic_folder(claim) as tmp:  # the first command is writing it
        (tmp / "x.csv").write_text("1\n")
        second = folder.default_folder(tmp_path, "demo", 7)
        assert second.name == "demo-seed7-20261201-065513-2"
    third = folder.default_folder(tmp_path, "demo", 7)  # the first exists now
    assert third.name == "demo-seed7-20261201-065513-2"
