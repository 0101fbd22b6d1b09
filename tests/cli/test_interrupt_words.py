"""The interrupt line in the command's language (it was English in Vietnamese output)."""

from staffsim.cli import interrupts
from staffsim.i18n import N_, Said


def test_the_interrupt_line_speaks_the_language(capsys, monkeypatch):
    from staffsim.results import folder

    monkeypatch.setattr(interrupts, "LANGUAGE", "vi")
    # a new command, as cli.app starts one: no folder written yet (a test before this one in
    # the same process wrote one, and the line said so)
    monkeypatch.setattr(folder, "WRITTEN", [])
    # nor a folder being replaced (--force: a test before this one interrupted one, and the
    # line said it was as it was; cli.app clears both for each command, as here)
    monkeypatch.setattr(folder, "REPLACING", [])
    interrupts.reset()
    interrupts.say("interrupted")
    assert capsys.readouterr().err == "staffsim: đã dừng theo yêu cầu (Ctrl-C); chưa ghi gì\n"
    # a sweep's finished runs, with the numbers as Vietnamese writes them
    interrupts.reset()
    interrupts.KEPT.append(lambda: Said(N_("{done} of {n} runs are finished and kept in "
                                           "{folder}; finish them with: {command}"),
                                        done=220, n=1000, folder="runs/s",
                                        command="staffsim sweep s.toml --resume"))
    interrupts.say("terminated")
    assert capsys.readouterr().err == (
        "staffsim: đã bị dừng (SIGTERM); 220 trên 1.000 lượt chạy đã xong và được giữ trong "
        "runs/s; chạy tiếp bằng lệnh: staffsim sweep s.toml --resume\n")
    monkeypatch.setattr(interrupts, "LANGUAGE", "en")  # English as it was, with separators
    interrupts.reset()
    interrupts.KEPT.append(lambda: Said(N_("{done} of {n} runs are finished and kept in "
                                           "{folder}; finish them with: {command}"),
                                        done=220, n=1000, folder="runs/s", command="x"))
    interrupts.say("interrupted")
    assert capsys.readouterr().err == ("staffsim: interrupted; 220 of 1,000 runs are finished "
                                       "and kept in runs/s; finish them with: x\n")
    interrupts.reset()
