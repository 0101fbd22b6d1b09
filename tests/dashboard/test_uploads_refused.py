"""A file the uploader refuses (over the size limit) is said in the import panel, and the
previous file's result leaves it (a trial's 11 MB CSV: a toast that vanished, under the
previous file's problems)."""

from __future__ import annotations

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload

from .test_user import SEE, text_of, wait_for


def _problem_tables(user) -> list:
    try:
        return [t for t in user.find(ui.table).elements if t.rows and "problem" in t.rows[0]]
    except AssertionError:
        return []


async def test_a_refused_file_is_said_in_the_panel(user):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    bad = (b"official_id,commune_id,specialty,birth_year,leader,protected\n"
           b"o1,XX,lnd,1900,maybe,false\n")
    upload = user.find(marker="upload-roster").elements.pop()
    await upload.handle_uploads([SmallFileUpload("roster.csv", "text/csv", bad)])
    await wait_for(lambda: _problem_tables(user))
    user.find(marker="upload-roster").trigger("rejected")
    await wait_for(lambda: text_of(user, "upload-refused"))
    # the limit: 10 MB (user_app.py's upload limit, 10 x 2**20 bytes)
    assert text_of(user, "upload-refused") == ("Bị từ chối: chỉ nhận tệp .csv hoặc .xlsx tối "
                                               "đa 10 MB. Không có gì thay đổi.")
    await wait_for(lambda: not _problem_tables(user))
    await user.should_not_see("roster.csv", retries=SEE)
