"""The command line's error lines are wholly in the language asked: a Vietnamese planner met
rarer errors in English inside a Vietnamese frame ('staffsim: lỗi: ...: missing or
unreadable: not a finished staffsim result folder'). English stays as it was."""

import re

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")
COMMUNES = SCENARIOS / "data" / "demo_communes.csv"


def scenario(folder, name: str, communes: str = str(COMMUNES), extra: str = "") -> str:
    """A scenario file in ``folder`` reading ``communes`` (and the tables ``extra`` names)."""
    path = folder / name
    path.write_text(f'[province]\nname = "T"\ncommunes_csv = "{communes}"\n{extra}\n',
                    encoding="utf-8")
    return str(path)


def cases(tmp_path) -> list[tuple[list[str], dict[str, str], str, str]]:
    """(arguments, environment, the Vietnamese line, the English line ('' when not
    checked)), one or more per family of errors."""
    t = tmp_path
    (t / "nul.csv").write_bytes(b"comm\x00une_id,name\n")
    (t / "dup.csv").write_text("commune_id,commune_id,name\n1,2,3\n", encoding="utf-8")
    (t / "both.csv").write_text("commune_id,ma_xa,name\n1,2,3\n", encoding="utf-8")
    (t / "old.xls").write_text("x", encoding="utf-8")
    (t / "bad.utf8.csv").write_bytes(b"commune_id,name\n\xff1,2\n")
    (t / "empty").mkdir()
    (t / "a_file").write_text("x", encoding="utf-8")
    (t / "foreign").mkdir()
    (t / "foreign_m").mkdir()  # a manifest.json, but not staffsim's
    (t / "foreign_m" / "manifest.json").write_text("{}", encoding="utf-8")
    (t / "roster.csv").write_text(
        "official_id,commune_id,specialty,birth_year,leader,protected,birth_date\n"
        "a1,14797,land,1980,0,0,31/02/1980\na2,14797,land,1980,0,0,1981-01-01\n",
        encoding="utf-8")
    (t / "km.csv").write_text("from_id,to_id,km\n14797,16378,5\n16378,14797,5\n",
                              encoding="utf-8")
    (t / "bad.toml").write_text("[simulation\n", encoding="utf-8")
    roster = scenario(t, "roster.toml", extra=f'roster_csv = "{t / "roster.csv"}"')
    km = scenario(t, "km.toml", extra=f'known_distances_csv = "{t / "km.csv"}"')
    return [
        # the four lines the planners met
        (["verify", str(t / "empty")], {},
         f"staffsim: lỗi: {t / 'empty'}: manifest.json: bị thiếu hoặc không đọc được: đây "
         "không phải thư mục kết quả staffsim đã hoàn tất",
         f"staffsim: error: {t / 'empty'}: manifest.json: missing or unreadable: not a "
         "finished staffsim result folder"),
        (["validate", scenario(t, "nul.toml", str(t / "nul.csv"))], {},
         f"staffsim: lỗi: {t / 'nul.csv'}: chứa ký tự NUL ở ký tự thứ 4; không phải bảng văn "
         "bản (hãy lưu thành CSV UTF-8 hoặc .xlsx)",
         f"staffsim: error: {t / 'nul.csv'}: holds a NUL character at character 4; not a "
         "text table (save it as CSV UTF-8 or .xlsx)"),
        (["validate", scenario(t, "dup.toml", str(t / "dup.csv"))], {},
         f"staffsim: lỗi: {t / 'dup.csv'}: dòng tiêu đề: cột 1 ('commune_id') và cột 2 "
         "('commune_id') trùng tên; hãy giữ lại một cột",
         f"staffsim: error: {t / 'dup.csv'}: header: columns 1 ('commune_id') and 2 "
         "('commune_id') are the same name; keep one"),
        (["sweep", DEMO], {},
         f"staffsim: lỗi: {DEMO}: sweep: chưa có yếu tố nào: hãy khai báo ít nhất một "
         "[sweep.levers.KHÓA] hoặc [sweep.uncertainties.KHÓA] có range hoặc values",
         f"staffsim: error: {DEMO}: sweep: no factors: declare at least one "
         "[sweep.levers.KEY] or [sweep.uncertainties.KEY] with range or values"),
        # tables: the file as a whole, its header, a province table's own checks
        (["validate", scenario(t, "both.toml", str(t / "both.csv"))], {},
         f"staffsim: lỗi: {t / 'both.csv'}: dòng tiêu đề: cột 1 ('commune_id') và cột 2 "
         "('ma_xa') đều được đọc là cột Mã xã; hãy giữ lại một cột", ""),
        (["validate", scenario(t, "xls.toml", str(t / "old.xls"))], {},
         f"staffsim: lỗi: {t / 'old.xls'}: không đọc tệp Excel .xls cũ; hãy lưu thành .xlsx "
         "hoặc CSV", f"staffsim: error: {t / 'old.xls'}: old .xls workbooks are not read; "
         "save it as .xlsx or CSV"),
        (["validate", scenario(t, "utf.toml", str(t / "bad.utf8.csv"))], {},
         f"staffsim: lỗi: {t / 'bad.utf8.csv'}: không phải văn bản UTF-8 (byte đầu không hợp "
         "lệ tại byte 16); các bảng mã đọc được là UTF-8 và UTF-16 có dấu thứ tự byte (BOM): "
         "hãy lưu thành CSV UTF-8, Unicode Text hoặc .xlsx", ""),
        (["validate", scenario(t, "dir.toml", str(t / "empty"))], {},
         f"staffsim: lỗi: {t / 'dir.toml'}: province.communes_csv: {t / 'empty'}: là một thư "
         "mục; cần một tệp bảng (CSV hoặc .xlsx)", ""),
        (["validate", roster], {},
         f"staffsim: lỗi: {t / 'roster.csv'}: dòng 2, cột birth_date: '31/02/1980' không "
         "phải ngày tháng có thật\n"
         f"staffsim: lỗi: {t / 'roster.csv'}: dòng 3, cột birth_date: '1981-01-01' thuộc năm "
         "1981, nhưng cột Năm sinh ghi 1980", ""),
        (["validate", km], {},
         f"staffsim: lỗi: {t / 'km.csv'}: dòng 3: cặp 16378 - 14797 đã có ở dòng 2",
         f"staffsim: error: {t / 'km.csv'}: row 3: pair 16378 - 14797 is already given in "
         "row 2"),
        # the limits, and their environment variables
        (["validate", DEMO], {"STAFFSIM_MAX_COMMUNES": "5"},
         f"staffsim: lỗi: {COMMUNES}: có hơn 5 dòng dữ liệu (số xã, phường); giới hạn 5 xã, "
         "phường; có thể nâng giới hạn bằng biến môi trường STAFFSIM_MAX_COMMUNES",
         f"staffsim: error: {COMMUNES}: more than 5 data rows (communes); limit 5 communes; "
         "raise it with the environment variable STAFFSIM_MAX_COMMUNES"),
        (["validate", DEMO], {"STAFFSIM_MAX_COMMUNES": "many"},
         "staffsim: lỗi: biến môi trường STAFFSIM_MAX_COMMUNES: 'many' không phải số nguyên "
         "dương (chỉ viết chữ số, không có dấu phân cách: 1000000)", ""),
        # the scenario file and its values
        (["validate", str(t / "bad.toml")], {},
         f"staffsim: lỗi: {t / 'bad.toml'}: không phải TOML hợp lệ: thiếu ']' ở cuối khai báo "
         "bảng (dòng 1, cột 12)",
         f"staffsim: error: {t / 'bad.toml'}: not valid TOML: Expected ']' at the end of a "
         "table declaration (at line 1, column 12)"),
        (["validate", DEMO, "--set", "simulation.months=true"], {},
         "staffsim: lỗi: dòng lệnh: simulation.months: cần một số, không phải giá trị logic "
         "true", "staffsim: error: command line: simulation.months: a number is required, "
         "not the boolean true"),
        (["validate", DEMO, "--set", "simulation.months.x=1"], {},
         "staffsim: lỗi: dòng lệnh: simulation.months.x: months là một giá trị, không phải "
         "một nhóm tham số", ""),
        (["validate", DEMO, "--set", "simulation.months"], {},
         "staffsim: lỗi: dòng lệnh: --set: 'simulation.months' không có dạng KHÓA=GIÁ_TRỊ (ví "
         "dụ --set simulation.months=12)", ""),
        # output folders
        (["plan", DEMO, "--out", str(t / "a_file" / "sub")], {},
         f"staffsim: lỗi: {t / 'a_file' / 'sub'}: --out: {t / 'a_file'} là một tệp, không "
         "phải thư mục; hãy chọn một thư mục để ghi kết quả", ""),
        (["plan", DEMO, "--out", str(t / "foreign"), "--force"], {},
         f"staffsim: lỗi: {t / 'foreign'}: --out: không phải do staffsim ghi (thư mục không "
         "có tệp manifest.json); --force chỉ thay thế thư mục kết quả do chính staffsim ghi",
         ""),
        (["plan", DEMO, "--out", str(t / "foreign_m"), "--force"], {},
         f"staffsim: lỗi: {t / 'foreign_m'}: --out: không phải do staffsim ghi (manifest.json "
         "không có dấu hiệu của staffsim); --force chỉ thay thế thư mục kết quả do chính "
         "staffsim ghi", ""),
        (["plan", DEMO, "--out", str(t / "o"), "--xlsx", str(t / "none" / "a.xlsx")], {},
         f"staffsim: lỗi: dòng lệnh: --xlsx: {t / 'none'}: thư mục không tồn tại", ""),
        (["analyze", str(t / "empty")], {},
         f"staffsim: lỗi: {t / 'empty'}: không phải thư mục quét (sweep): không có "
         "sweep.json", ""),
        # the commands' arguments
        (["whatif", DEMO], {},
         # (it blamed --set: no change was given at all)
         "staffsim: lỗi: dòng lệnh: chưa có thay đổi nào nên không có gì để so sánh với "
         "phương án gốc: hãy cho ít nhất một thay đổi, ví dụ --set "
         "optimizer.budget_vnd=50_000_000_000, --move <mã công chức>=<xã, phường>, --keep "
         "<mã công chức> hoặc --close-commune <xã, phường>",
         "staffsim: error: command line: no change given, so nothing to compare with the "
         "baseline: give at least one, e.g. --set optimizer.budget_vnd=50_000_000_000, --move "
         "OFFICIAL_ID=COMMUNE, --keep OFFICIAL_ID or --close-commune COMMUNE"),
        (["whatif", DEMO, "--move", "abc"], {},
         "staffsim: lỗi: dòng lệnh: --move: 'abc' không có dạng MÃ[,MÃ...]=XÃ_PHƯỜNG",
         ""),
        (["frontier", DEMO, "--lever", "optimizer.budget_vnd", "--range", "1:2"], {},
         "staffsim: lỗi: dòng lệnh: --range: '1:2' không có dạng ĐẦU:CUỐI:SỐ_ĐIỂM với ĐẦU, "
         "CUỐI hữu hạn và SỐ_ĐIỂM từ 1 đến 1000 (ví dụ 0:60e9:13)", ""),
        (["compare", DEMO, "--policies", "foo"], {},
         "staffsim: lỗi: dòng lệnh: --policies: không có phương án 'foo'; các phương án đã khai "
         "báo: none, greedy, optimised, rolling, secondment, recruitment, contracts, training, "
         "optimised_training, optimised_allowance_high", ""),
        (["sweep", DEMO, "--resume", "--force"], {},
         "staffsim: lỗi: dòng lệnh: --resume: không dùng cùng --force", ""),
        # click's usage errors
        (["plan", DEMO, "--bogus"], {},
         "staffsim: lỗi: không có tùy chọn '--bogus'. Có phải là '--out'?",
         "staffsim: error: No such option '--bogus'. Did you mean '--out'?"),
        (["whatif", DEMO, "--jsn"], {},  # several close options: was English (a trial)
         "staffsim: lỗi: không có tùy chọn '--jsn'. (Có phải là một trong các tùy chọn: "
         "'--json', '--set'?)",
         "staffsim: error: No such option '--jsn'. (Did you mean one of: '--json', '--set'?)"),
        (["run", DEMO, "--months", "x"], {},
         "staffsim: lỗi: giá trị không hợp lệ cho '--months': 'x' không phải số nguyên hợp "
         "lệ.", "staffsim: error: Invalid value for '--months': 'x' is not a whole number."),
        (["compare", DEMO, "--seed", "1e3"], {},  # (was 'not a valid integer range': a trial)
         "staffsim: lỗi: giá trị không hợp lệ cho '--seed': '1e3' không phải số nguyên hợp "
         "lệ.", "staffsim: error: Invalid value for '--seed': '1e3' is not a whole number."),
        (["plan"], {}, "staffsim: lỗi: thiếu đối số 'TỆP' (tệp kịch bản, đuôi .toml).",
         "staffsim: error: Missing argument 'FILE'."),
    ]


def test_error_lines_are_wholly_in_the_language(tmp_path, capsys, monkeypatch):
    for args, env, vi, en in cases(tmp_path):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("STAFFSIM_LANG", "vi")
        code, _, err = run_cli(capsys, *args)
        assert code == 2 and err.strip() == vi, (args, err)
        if en:  # English as it was
            monkeypatch.setenv("STAFFSIM_LANG", "en")
            code, _, err = run_cli(capsys, *args)
            assert code == 2 and err.strip() == en, (args, err)
        for key in env:
            monkeypatch.delenv(key)


def test_a_list_of_matching_communes_counts_communes(capsys, monkeypatch):
    # '... và 2 người khác' ('and 2 more people') ended the list of communes
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    code, _, err = run_cli(capsys, "explain", str(SCENARIOS / "thanh_hoa.toml"), "--commune",
                           "Xuân")
    assert code == 2 and err.startswith("staffsim: lỗi: dòng lệnh: --commune: 'Xuân' khớp với "
                                        "14 xã, phường: 15499 Xã Thọ Xuân (đồng bằng, tỉnh "
                                        "Thanh Hóa);")
    assert err.strip().endswith("(vùng cao, tỉnh Thanh Hóa) và 2 xã, phường khác; hãy ghi mã "
                                "xã")


# common English words (and the words of staffsim's English messages): four of them in a row
# in a Vietnamese line are a message the words do not know
_COMMON = """a an the is are was be been being not no nor of to in on at and or but it its this
that these those with for from by as than then more less one two each every which who what
when where same only already never must should can cannot could would will may give given
pass keep choose replace read write written wrote found missing expected allowed unknown
empty file files folder folders row rows column columns table tables sheet sheets workbook
workbooks value values number numbers whole input inputs data text name names key keys least
most limit raise environment variable after before while again new old exists there here
does did you mean has have had set run runs command line result results finished unreadable
declare both save such path required start end first last put get got true false valid
invalid character byte archive zip object manifest sweep goes without needs need finish
power design sample plan plans parameter numeric default lever levers nothing compare moved
move moves destination leave carried out made changes baseline variant share seed arm arms
defined separated password option options argument arguments requires extra unexpected
possible date month months disagrees pair pairs commune communes official officials unit
units post fill scenario section too large deep nested levels over under above below
beyond horizon range point points replications months days years folder staffsim marker
own only lets other machines serve serving none needed within answer reach start another
wait finish holds hold hidden show visible declares declared unpacks exceeds exceed
generate generator would create creating created permission denied directory exist exists
symbolic link itself wrote did note sure"""
ENGLISH = set(_COMMON.split())


def english_run(text: str, n: int = 4) -> str | None:
    """The first run of ``n`` common English words in ``text`` (quoted values, paths, options,
    dotted keys and numbers left out; punctuation and values between the words do not break
    a run), or None."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|\S*[/._=\-`]\S*|\[[^\]]*\]", " ~ ", text)
    run: list[str] = []
    for word in re.findall(r"[^\s,;:()?!.]+", text):
        if word == "~" or word.isdigit():  # a value: part of the sentence around it
            continue
        if word.lower() in ENGLISH:
            run.append(word)
            if len(run) >= n:
                return " ".join(run)
        else:
            run = []
    return None


def test_english_runs_are_found():
    assert english_run("staffsim: lỗi: /tmp/x: manifest.json: missing or unreadable: not a "
                       "finished staffsim result folder") == "missing or unreadable not"
    assert english_run("staffsim: lỗi: x.csv: cột 1 ('commune_id') và cột 2 ('commune_id') "
                       "trùng tên; hãy giữ lại một cột") is None
    assert english_run("staffsim: lỗi: Invalid value for '--months': 'x' is not a valid "
                       "integer range.") == "Invalid value for is"


def test_no_vietnamese_error_line_reads_as_english(tmp_path, capsys, monkeypatch):
    # a heuristic for messages added later: a Vietnamese line with four common English
    # words in a row has a message the words do not know (add it to results.error_words)
    runs = [args for args, env, _vi, _en in cases(tmp_path) if not env]  # and more:
    (tmp_path / "r.csv").write_text(
        "official_id,commune_id,specialty,birth_year,leader,protected\n"
        "a1,14797,land,1980,0,0\na1,99999,lnd,abc,maybe,0\n,14797,land,,0,0\n",
        encoding="utf-8")
    (tmp_path / "p.csv").write_text(
        "commune_id,name,kind,zone,lat,lon,quota,officials,specialties,allowance_eligible\n"
        "14797,X,department,lowland,19.8,105.7,10,10,leadership,yes\n"
        "U2,Y,department,lowland,19.8,105.7,10,10,,yes\n", encoding="utf-8")
    (tmp_path / "deep.toml").write_text("a = " + "[" * 40 + "]" * 40 + "\n", encoding="utf-8")
    (tmp_path / "pw").write_text("", encoding="utf-8")
    runs += [
        ["validate", scenario(tmp_path, "r.toml", extra=f'roster_csv = "{tmp_path / "r.csv"}"')],
        ["validate", scenario(tmp_path, "p.toml", extra=f'pool_csv = "{tmp_path / "p.csv"}"')],
        ["validate", str(tmp_path / "deep.toml")],
        ["validate", str(tmp_path / "nowhere.toml")],
        ["validate", DEMO, "--set", "roster.hard_to_fill=['lands']"],
        ["validate", DEMO, "--set", "transfers.distance_bands_km=[10,5]"],
        ["verify", str(tmp_path / "nowhere")],
        ["evaluate", DEMO, "--plan", str(tmp_path / "none.csv")],
        ["whatif", DEMO, "--move", "zz=14797"],
        ["whatif", DEMO, "--set", "simulation.seed=3"],
        ["whatif", DEMO, "--set", "workload.intensity=1.1", "--simulate", "--months", "2",
         "--month", "1"],
        ["explain", DEMO, "--commune", "14797", "--month", "99"],
        ["frontier", DEMO, "--lever", "optimizer.rules", "--range", "1:2:3"],
        ["compare", DEMO, "--policies", ","],
        ["sweep", DEMO, "--resume"],
        ["dashboard", DEMO, "--host", "0.0.0.0"],
        ["dashboard", DEMO, "--password-file", str(tmp_path / "pw")],
        ["plan", DEMO, "--solver", "x"],
        ["plan", DEMO, "--out"],
        ["verify", "a", "b"],
    ]
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    for args in runs:
        code, _, err = run_cli(capsys, *args)
        assert code == 2 and err.startswith("staffsim: lỗi: "), (args, err)
        for line in err.splitlines():
            assert english_run(line) is None, (args, line, english_run(line))
