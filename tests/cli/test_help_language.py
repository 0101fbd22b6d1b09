"""The command line's help in the command's language: Vietnamese by default, English with
--lang en or STAFFSIM_LANG=en (cli.common.Command / Group translate it when it is shown)."""

from __future__ import annotations

import inspect
import re

import click
import pytest

from staffsim import i18n
from staffsim.cli import app
from tests.helpers import run_cli

COMMANDS = sorted(app.cli.commands)
# click's own words, as a Vietnamese HR officer reads them (written here, not read from the
# catalogue: what the help must say)
VIETNAMESE = {"Usage:": "Cách dùng:", "Options": "Tùy chọn", "Commands": "Lệnh",
              "Show this message and exit.": "Hiển thị hướng dẫn này rồi thoát."}


def _paragraphs(text: str | None) -> list[str]:
    """A command's description as click shows it: the paragraphs of its docstring up to a
    form feed, each on one line (the message ids)."""
    body = inspect.cleandoc(text or "").partition("\f")[0]
    return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _vietnamese(msgid: str) -> bool:
    return i18n.gettext(msgid, "vi") != msgid


def _word_metavar(metavar: str) -> bool:
    """A metavar made of words (FILE, KEY=VALUE, INTEGER RANGE), not a list of the values
    to type ([highs|cbc]): it is said in the language."""
    return bool(re.search(r"[A-Z]{2,}", metavar)) and not metavar.startswith("[")


def _context(name: str | None) -> click.Context:
    """A context of the command ``name`` (None: the group) as the command line makes it (the
    help option's names: click keeps the help option of the first context it is asked in)."""
    root = click.Context(app.cli, info_name="staffsim", **app.cli.context_settings)
    if name is None:
        return root
    return click.Context(app.cli.commands[name], info_name=name, parent=root)


def _texts(command: click.Command, ctx: click.Context) -> list[tuple[str, str]]:
    """Every English text the help of ``command`` shows: (where, message id)."""
    out = [(f"{command.name}: description", p) for p in _paragraphs(command.help)]
    for p in command.get_params(ctx):
        where = f"{command.name} {p.opts[0] if p.opts else p.name}"
        if p.help:
            out.append((where, p.help))
        if isinstance(p, click.Option) and (p.is_flag or p.count):
            continue
        metavar = p.make_metavar(ctx)
        if _word_metavar(metavar):
            out.append((f"{where} metavar", metavar))
    if command.options_metavar:
        out.append((f"{command.name} usage", command.options_metavar))
    if isinstance(command, click.Group):
        out.append((f"{command.name} usage", command.subcommand_metavar))
    return out


def test_every_help_text_has_a_vietnamese_translation():
    """Walk the command tree: each command's description, each option's help text and
    metavar (where it is words) and click's own words have a translation in the catalogue;
    an option added without one fails here."""
    untranslated = []
    for name in [None, *COMMANDS]:
        ctx = _context(name)
        untranslated += [(w, m) for w, m in _texts(ctx.command, ctx) if not _vietnamese(m)]
    for word in [*VIETNAMESE, "default: {default}", "required"]:
        if not _vietnamese(word):
            untranslated.append(("click", word))
    assert not untranslated, untranslated
    assert len(COMMANDS) >= 13  # (the walk saw the commands)


def test_click_words_in_vietnamese():
    for english, vietnamese in VIETNAMESE.items():
        assert i18n.gettext(english, "vi") == vietnamese


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_is_vietnamese_by_default(capsys, monkeypatch, name):
    """`staffsim --help` and `staffsim COMMAND --help` with no --lang and no STAFFSIM_LANG:
    no English help sentence, click's words in Vietnamese, every option name kept."""
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, err = run_cli(capsys, *([name] if name else []), "--help")
    assert code == 0, err
    flat = _flat(out)
    ctx = _context(name)
    command = ctx.command
    for _where, msgid in _texts(command, ctx):
        # (a metavar that is one word may be part of an English option name: --password-file)
        if " " in msgid or len(msgid) > 12:
            assert _flat(msgid) not in flat, msgid
    for english in ("Usage:", "Options:", "Show this message", "[default:", "required]",
                    "[OPTIONS]"):
        assert english not in out
    assert out.startswith("Cách dùng: staffsim" + (f" {name}" if name else "") + " [TÙY_CHỌN]")
    assert "Tùy chọn:" in out
    assert "-h, --help  " in out and "Hiển thị hướng dẫn này rồi thoát." in flat
    for p in command.params:
        for opt in [*p.opts, *p.secondary_opts]:
            if opt.startswith("-"):
                assert opt in out, opt
    if name is None:  # the commands, each with its description in Vietnamese
        assert "Lệnh:" in out
        for cmd in COMMANDS:
            assert re.search(rf"^  {cmd}  ", out, re.M), cmd
            english = _paragraphs(app.cli.commands[cmd].help)[0]
            assert " ".join(english.split()[:4]) not in flat, cmd


def test_a_vietnamese_help_line_keeps_the_option_name(capsys, monkeypatch):
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, _err = run_cli(capsys, "plan", "--help")
    assert code == 0
    lines = _flat(out)
    assert "Cách dùng: staffsim plan [TÙY_CHỌN] TỆP" in lines
    assert "Đề xuất phương án điều động đích danh" in lines
    assert "--out ĐƯỜNG_DẪN thư mục kết quả (phải là thư mục chưa có)" in lines
    assert "--solver [highs|cbc] bộ giải MIP" in lines  # (the values to type stay)
    # click's range and default, in the language's words, the values as they are typed
    assert "--month SỐ_NGUYÊN lập phương án trên trạng thái mô phỏng tại tháng này (lần lặp 0) " \
           "[0<=x<=600]" in lines
    assert "--set KHÓA=GIÁ_TRỊ ghi đè bất kỳ tham số nào của kịch bản" in lines
    assert "--marginals / --no-marginals" in lines
    assert "--lang [vi|en] ngôn ngữ của bảng, biểu đồ và báo cáo" in lines
    assert "[mặc định: vi]" in lines


def test_required_and_metavars_in_vietnamese(capsys, monkeypatch):
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, _err = run_cli(capsys, "frontier", "--help")
    assert code == 0
    flat = _flat(out)
    # (--lever and --range may come from the scenario's [frontier] table: not required)
    assert "--lever VĂN_BẢN tham số dạng số (khóa phân cách bằng dấu chấm hoặc tên gọi tắt, " \
           "ví dụ optimizer.budget_vnd)" in flat
    assert "--range ĐẦU:CUỐI:SỐ_ĐIỂM" in flat
    code, out, _err = run_cli(capsys, "explain", "--help")
    assert "--commune VĂN_BẢN mã hoặc tên xã, phường (có hoặc không dấu) [bắt buộc]" \
        in _flat(out)
    code, out, _err = run_cli(capsys, "whatif", "--help")
    flat = _flat(out)
    assert "--move MÃ[,MÃ...]=XÃ_PHƯỜNG bắt buộc điều động các công chức này đến XÃ_PHƯỜNG" \
           in flat
    assert ("--replications SỐ_NGUYÊN số lần lặp mô phỏng của mỗi phương án (cùng --simulate) "
            "[mặc định: 10; 1<=x<=10000]") in flat


def test_analyze_lists_its_outcomes_in_vietnamese(capsys, monkeypatch):
    """--outcome's help is made when shown (it lists the outcomes the sweep records): its
    sentence is in the language, the outcome names as they are typed."""
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, _err = run_cli(capsys, "analyze", "--help")
    assert code == 0
    flat = _flat(out)
    assert "--outcome TÊN cột kết quả cần phân tích (dùng được nhiều lần; mặc định: các kết " \
           "quả chính mountain_unmet_fte" in flat
    assert "TÊN là " in flat and "METRIC|AREA với METRIC là một trong" in flat
    assert "outcome column" not in flat and " one of " not in flat
    code, en, _err = run_cli(capsys, "analyze", "--lang", "en", "--help")
    assert "--outcome NAME outcome column to analyse (repeatable; default: the headline " \
           "outcomes mountain_unmet_fte" in _flat(en)


def _plain_help(name: str | None) -> str:
    """The help as click itself words it (plain click classes on the same parameters): what
    the English help must stay."""
    def plain(command: click.Command) -> click.Command:
        return click.Command(command.name, params=command.params, help=command.help,
                             short_help=command.short_help)

    group = click.Group("staffsim", commands=[plain(c) for c in app.cli.commands.values()],
                        help=app.cli.help, params=app.cli.params)
    root = click.Context(group, info_name="staffsim", help_option_names=["-h", "--help"])
    if name is None:
        return group.get_help(root)
    return group.commands[name].get_help(click.Context(group.commands[name], info_name=name,
                                                       parent=root))


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_english_help_is_clicks_own(capsys, name):
    """With STAFFSIM_LANG=en (tests/conftest.py) the help is word for word what click writes."""
    code, out, _err = run_cli(capsys, *([name] if name else []), "--help")
    assert code == 0
    assert out.rstrip("\n") == _plain_help(name)
    assert out.startswith("Usage: staffsim")


@pytest.mark.parametrize("args", [["--lang", "en", "--help"], ["--help", "--lang", "en"],
                                  ["--help", "--lang=en"], ["FILE.toml", "--lang", "en", "-h"]])
def test_lang_en_gives_english_help_wherever_it_is(capsys, monkeypatch, args):
    """`staffsim plan --lang en --help` and `staffsim plan --help --lang en`: --help is eager
    and may come first, before --lang's own callback sets the language."""
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, _err = run_cli(capsys, "plan", *args)
    assert code == 0
    assert out.rstrip("\n") == _plain_help("plan")


def test_lang_vi_over_staffsim_lang_en(capsys, monkeypatch):
    monkeypatch.setenv("STAFFSIM_LANG", "en")
    code, out, _err = run_cli(capsys, "explain", "--help", "--lang", "vi")
    assert code == 0
    assert out.startswith("Cách dùng: staffsim explain [TÙY_CHỌN] TỆP")
    assert "Vì sao một xã, phường được (hoặc không được) bổ sung người" in _flat(out)


def test_a_lang_given_as_another_options_value_is_not_the_language(capsys, monkeypatch):
    """`plan --set --lang en --help`: '--lang' is --set's value (as click parses it), so
    the help stays in the default language."""
    from staffsim.cli.common import _lang_in

    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, _err = run_cli(capsys, "plan", "--set", "--lang", "en", "--help")
    assert code == 0
    assert out.startswith("Cách dùng:")
    plan = app.cli.commands["plan"]
    assert _lang_in(plan, ["--set", "--lang", "en"]) is None
    assert _lang_in(plan, ["--out", "x", "--lang", "en"]) == "en"
    assert _lang_in(plan, ["--", "--lang", "en"]) is None
    # a command without the option (every staffsim command has it now: one made here)
    assert _lang_in(click.Command("bare", params=[]), ["--lang", "en"]) is None


def test_staffsim_alone_shows_the_vietnamese_help(capsys, monkeypatch):
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, _err = run_cli(capsys)
    assert code == 2
    assert out.startswith("Cách dùng: staffsim [TÙY_CHỌN] LỆNH [THAM_SỐ]...")
    assert "Mô phỏng và tối ưu hóa việc bố trí cán bộ, công chức cấp xã" in _flat(out)
    assert "Lệnh:" in out


def _missing_messages():
    """scripts/missing_messages.py, loaded as a module."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "missing_messages.py"
    spec = importlib.util.spec_from_file_location("missing_messages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_messages_sees_the_help(monkeypatch):
    """scripts/missing_messages.py lists the help's texts with the other messages: every text
    the walk above finds in the help (descriptions, help texts, word metavars) is among the
    messages it checks, and an option's help text, a command's description or a metavar the
    catalogue lacks is printed as an entry to translate; on this tree it prints nothing. (It
    read only ``_``/``gettext``/``N_`` calls, so an untranslated --help passed it.)"""
    m = _missing_messages()
    assert m.missing() == []
    used = set(m.used_messages())
    # (analyze --outcome's help is made when shown, from messages marked N_ in the code:
    # the text its option is declared with is never shown)
    walked = [msgid for name in [None, *COMMANDS]
              for where, msgid in _texts(_context(name).command, _context(name))
              if where != "analyze --outcome"]
    assert len(walked) > 80
    assert [t for t in walked if t not in used] == []
    for word in VIETNAMESE:  # click's words, as the help says them
        assert word in used, word
    plan = app.cli.commands["plan"]
    out = next(p for p in plan.params if p.name == "out")
    monkeypatch.setattr(out, "help", "where the new folder goes (a text no catalogue has)")
    monkeypatch.setattr(out, "metavar", "NEW_FOLDER")
    monkeypatch.setattr(app.cli.commands["verify"], "help",
                        "Check a result folder again.\n\nA second paragraph no catalogue has.")
    assert sorted(m.missing()) == sorted([
        "Check a result folder again.", "A second paragraph no catalogue has.", "NEW_FOLDER",
        "where the new folder goes (a text no catalogue has)"])


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_the_seed_is_said_as_what_it_is(capsys, monkeypatch, name):
    """The trial: 'giữ nguyên hạt giống' (a word-for-word 'keep the seed') in --help; the
    seed is the number the random draws start from, said so with the option's own word."""
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, err = run_cli(capsys, *([name] if name else []), "--help")
    assert code == 0, err
    assert "hạt giống" not in _flat(out)
    if name in ("run", "compare", "sweep"):  # (the commands with --seed)
        assert "số khởi tạo ngẫu nhiên gốc (seed)" in _flat(out)


def test_the_vietnamese_top_level_help_tells_an_english_reader_about_lang_en(capsys,
                                                                             monkeypatch):
    """`staffsim --help` is Vietnamese by default and the group itself takes no --lang: a
    researcher's trial found no English word in it saying how to get English. It now says,
    in English too, that a command takes --lang en (and STAFFSIM_LANG=en); and the example it
    gives does give English help."""
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    code, out, _err = run_cli(capsys, "--help")
    assert code == 0 and out.startswith("Cách dùng:")
    flat = _flat(out)
    assert "in English: staffsim plan --help --lang en" in flat
    assert "STAFFSIM_LANG=en" in flat
    code, out, _err = run_cli(capsys, "plan", "--help", "--lang", "en")
    assert code == 0 and out.startswith("Usage: staffsim plan")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_takes_lang(name):
    # the README: --lang en works with any command ('staffsim schema --lang en' was refused,
    # "No such option '--lang'": a trial)
    assert "lang" in {p.name for p in app.cli.commands[name].params}, name
