"""Error messages in the language: the table readers' problems and the upload checks
(``PROBLEMS``), the command line's own errors (``ERRORS``, ``FIRST``), what those quote (a
limit's name and unit, what it counted, a codec's, the operating system's or the TOML reader's
reason), and the lines that are no ``ScenarioError`` (click's usage errors, an operating
system's error on a file: ``PLAIN``).

The messages are written in English with their values inside; each table maps a message's
shape to a message of the catalogue, its values carried over (``results.words.reason``); a
message no table knows stays as it is. ``error_line``, ``plain_line``, ``location`` and
``problem`` word what the command line and the dashboard's uploads show.
"""

from __future__ import annotations

import re

from staffsim.i18n import N_, moment
from staffsim.results.words import NUM, ROW, Words, column_name, reason, sheet_row, where

# a limit's hint (``scenarios.limits.Limit.hint``), inside the messages of the limits
_LIMIT = (r"limit (?P<lvalue>[\d,]+)(?P<unit>(?: [\w.-]+)?); raise it with the environment "
          r"variable (?P<env>\w+)")
# the table readers' problems (scenarios.tables, scenarios.province) and the upload checks
PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"empty; every (?P<what_id>\w+) needs an id", N_("empty; every {what_id} needs an id")),
    (rf"'(?P<value>.*)' repeats row (?P<row>{ROW}); ids must be unique",
     N_("'{value}' repeats row {row}; ids must be unique")),
    (r"'(?P<value>.*)' is not allowed; closest: (?P<close>.*); allowed: (?P<allowed>.*)",
     N_("'{value}' is not allowed; closest: {close}; allowed: {allowed}")),
    (r"'(?P<value>.*)' is not allowed; allowed: (?P<allowed>.*)",
     N_("'{value}' is not allowed; allowed: {allowed}")),
    (r"missing; allowed: (?P<kind>a whole number|a number) from (?P<lo>\S+) to "
     r"(?P<hi>\S+?)(?P<what>| \(inside Vietnam\))",
     N_("missing; allowed: {kind} from {lo} to {hi}{what}")),
    (r"'(?P<value>.*)' is not (?P<kind>a whole number|a number); allowed: (?P<lo>\S+) to "
     r"(?P<hi>\S+?)(?P<what>| \(inside Vietnam\))",
     N_("'{value}' is not {kind}; allowed: {lo} to {hi}{what}")),
    (r"(?P<value>.+) is out of range; allowed: (?P<kind>a whole number|a number) from "
     r"(?P<lo>\S+) to (?P<hi>\S+?)(?P<what>| \(inside Vietnam\))",
     N_("{value} is out of range; allowed: {kind} from {lo} to {hi}{what}")),
    (r"'(?P<value>.*)' is not in the communes table; closest: (?P<close>.*) \(a spreadsheet "
     r"drops the leading zeros of a number: keep the column as text\)",
     N_("'{value}' is not in the communes table; closest: {close} (a spreadsheet drops the "
        "leading zeros of a number: keep the column as text)")),
    (r"'(?P<value>.*)' is not in the communes table; closest: (?P<close>.*)",
     N_("'{value}' is not in the communes table; closest: {close}")),
    (r"'(?P<value>.*)' is not in the communes table",
     N_("'{value}' is not in the communes table")),
    (r"missing column\(s\) (?P<cols>.*?); required: (?P<required>[^;]*); accepted: "
     r"(?P<accepted>.*)", N_("missing column(s) {cols}; required: {required}; accepted: "
                             "{accepted}")),
    (r"missing column\(s\) (?P<cols>.*?); required: (?P<required>[^;]*)",
     N_("missing column(s) {cols}; required: {required}")),
    (r"has (?P<n>\d+) fields, header has (?P<m>\d+)",
     N_("has {n} fields, header has {m}")),
    (r"no data rows", N_("no data rows")),
    (r"empty file; expected a header row with (?P<cols>.*)",
     N_("empty file; expected a header row with {cols}")),
    (r"empty; expected a header row with (?P<cols>.*)",
     N_("empty; expected a header row with {cols}")),
    (r"empty; a value is required", N_("empty; a value is required")),
    (r"empty file", N_("empty file")),
    (r"not UTF-8 text \((?P<why>.*)\); save it as CSV UTF-8 or \.xlsx",
     N_("not UTF-8 text ({why}); save it as CSV UTF-8 or .xlsx")),
    # (scenarios.tables.ENCODINGS)
    (r"not UTF-8 text \((?P<why>.*)\); the encodings read are UTF-8 and UTF-16 with a byte "
     r"order mark: save it as CSV UTF-8, as Unicode text or as \.xlsx",
     N_("not UTF-8 text ({why}); the encodings read are UTF-8 and UTF-16 with a byte order "
        "mark: save it as CSV UTF-8, as Unicode text or as .xlsx")),
    (r"not UTF-16 text, though it begins with UTF-16's byte order mark \((?P<why>.*)\); the "
     r"encodings read are UTF-8 and UTF-16 with a byte order mark: save it as CSV UTF-8, as "
     r"Unicode text or as \.xlsx",
     N_("not UTF-16 text, though it begins with UTF-16's byte order mark ({why}); the "
        "encodings read are UTF-8 and UTF-16 with a byte order mark: save it as CSV UTF-8, as "
        "Unicode text or as .xlsx")),
    (r"(?P<encoding>UTF-32 text|UTF-16 text without a byte order mark); the encodings read "
     r"are "
     r"UTF-8 and UTF-16 with a byte order mark: save it as CSV UTF-8, as Unicode text or as "
     r"\.xlsx",
     N_("{encoding}; the encodings read are UTF-8 and UTF-16 with a byte order mark: save it "
        "as CSV UTF-8, as Unicode text or as .xlsx")),
    (r"UTF-16 text; save it as CSV UTF-8 or \.xlsx",
     N_("UTF-16 text; save it as CSV UTF-8 or .xlsx")),
    (r"not a readable \.xlsx workbook \((?P<why>.*)\)",
     N_("not a readable .xlsx workbook ({why})")),
    (r"not an \.xlsx workbook \(an \.xlsx file is a zip archive\)",
     N_("not an .xlsx workbook (an .xlsx file is a zip archive)")),
    (r"binary data, not a CSV text table", N_("binary data, not a CSV text table")),
    (r"(?P<suffix>.*): only \.csv and \.xlsx tables are read",
     N_("{suffix}: only .csv and .xlsx tables are read")),
    (r"(?P<size>[\d,]+) bytes; the limit is (?P<limit>[\d,]+) bytes",
     N_("{size} bytes; the limit is {limit} bytes")),
    (r"the table is read from (?P<n>\d+) sheets: (?P<sheets>.*)",
     N_("the table is read from {n} sheets: {sheets}")),
    (r"sheet '(?P<sheet>.*)' is not read: its header has no (?P<columns>.*) column",
     N_("sheet '{sheet}' is not read: its header has no {columns} column")),
    (r"sheet '(?P<sheet>.*)' is not read: none of its first (?P<n>\d+) rows names the "
     r"table's columns", N_("sheet '{sheet}' is not read: none of its first {n} rows names "
                            "the table's columns")),
    (r"holds the table but is hidden; show it, or put the table on a visible sheet, to read "
     r"it", N_("holds the table but is hidden; show it, or put the table on a visible sheet, "
               "to read it")),
    (r"the hidden sheet '(?P<sheet>.*)' holds the table's columns but is not "
     r"read \(show it to include it\)",
     N_("the hidden sheet '{sheet}' holds the table's columns but is not read (show it to "
        "include it)")),
    (r"communes: (?P<id>\S+) \((?P<name>.*)\) has no officials in this roster",
     N_("{id} ({name}) has no officials in this roster")),
    # the table readers' rarer refusals: the file as a whole, its header, its sheets
    (r"holds a NUL character at character (?P<count>[\d,]+); not a text table \(save it as "
     r"CSV UTF-8 or \.xlsx\)", N_("holds a NUL character at character {count}; not a text "
                                  "table (save it as CSV UTF-8 or .xlsx)")),
    (r"columns (?P<a>\d+) \((?P<first>.*)\) and (?P<b>\d+) \((?P<second>.*)\) are the same "
     r"name; keep one", N_("columns {a} ({first}) and {b} ({second}) are the same name; keep "
                           "one")),
    (r"columns (?P<a>\d+) \((?P<first>.*)\) and (?P<b>\d+) \((?P<second>.*)\) are both read "
     r"as (?P<column>\S+); keep one", N_("columns {a} ({first}) and {b} ({second}) are both "
                                         "read as {column}; keep one")),
    (r"old \.xls workbooks are not read; save it as \.xlsx or CSV",
     N_("old .xls workbooks are not read; save it as .xlsx or CSV")),
    (r"malformed CSV \((?P<why>.*)\)", N_("malformed CSV ({why})")),
    (r"the workbook has no sheet", N_("the workbook has no sheet")),
    (r"has no (?P<cols>.+) column, which sheet '(?P<sheet>.*)' has \(it would read as empty "
     r"here\); give every sheet of the table the same columns",
     N_("has no {cols} column, which sheet '{sheet}' has (it would read as empty here); give "
        "every sheet of the table the same columns")),
    (r"has a (?P<cols>.+) column, which sheet '(?P<sheet>.*)' has not; give every sheet of "
     r"the table the same columns", N_("has a {cols} column, which sheet '{sheet}' has not; "
                                       "give every sheet of the table the same columns")),
    (rf"the sheet declares (?P<count>[\d,]+) (?P<u>rows|columns), over the (?P<lname>.+?) "
     rf"{_LIMIT}", N_("the sheet declares {count} {u}, over the {lname} limit: {lvalue}{unit}; "
                      "raise it with the environment variable {env}")),
    (rf"unpacks to (?P<count>[\d,]+) MB, over the (?P<lname>.+?) {_LIMIT}",
     N_("unpacks to {count} MB, over the {lname} limit: {lvalue}{unit}; raise it with the "
        "environment variable {env}")),
    (r"more than (?P<count>[\d,]+) blank rows, more than a spreadsheet holds; not a table as "
     r"a spreadsheet saves one", N_("more than {count} blank rows, more than a spreadsheet "
                                    "holds; not a table as a spreadsheet saves one")),
    (rf"more than (?P<count>[\d,]+) data rows \((?P<lname>.+?)\); {_LIMIT}",
     N_("more than {count} data rows ({lname}); limit {lvalue}{unit}; raise it with the "
        "environment variable {env}")),
    (rf"more than (?P<count>[\d,]+) columns; {_LIMIT}",
     N_("more than {count} columns; limit {lvalue}{unit}; raise it with the environment "
        "variable {env}")),
    # the province tables' own checks (scenarios.province)
    (r"(?P<value>'.*') is not a date; allowed: YYYY-MM-DD, YYYY-MM or DD/MM/YYYY",
     N_("{value} is not a date; allowed: YYYY-MM-DD, YYYY-MM or DD/MM/YYYY")),
    (r"(?P<value>'.*') is not a date", N_("{value} is not a date")),
    (r"(?P<value>'.*') is in (?P<y>\d+), but birth_year says (?P<by>\d+)",
     N_("{value} is in {y}, but the birth year column says {by}")),
    (r"month (?P<a>\d+) disagrees with birth_date \(month (?P<b>\d+)\)",
     N_("month {a} disagrees with birth_date (month {b})")),
    (r"(?P<value>'.*') is already a commune id", N_("{value} is already a commune id")),
    (r"leadership is not a commune post a unit's officials fill",
     N_("leadership is not a commune post a unit's officials fill")),
    (r"empty; give at least one specialty, e.g\. 'finance' or 'land:0\.6;agriculture:0\.4'",
     N_("empty; give at least one specialty, e.g. 'finance' or 'land:0.6;agriculture:0.4'")),
    (r"from_id and to_id are the same commune", N_("from_id and to_id are the same commune")),
    (rf"pair (?P<one>\S+) - (?P<other>\S+) is already given in row (?P<row>{ROW})",
     N_("pair {one} - {other} is already given in row {row}")),
    (rf"(?P<km>{NUM}) km from (?P<one>\S+) to itself; allowed: 0",
     N_("{km} km from {one} to itself; allowed: 0")),
    (rf"(?P<km>{NUM}) km between (?P<one>\S+) and (?P<other>\S+), but row (?P<row>{ROW}) says "
     rf"(?P<km2>{NUM}) km; give each pair one distance",
     N_("{km} km between {one} and {other}, but row {row} says {km2} km; give each pair one "
        "distance")),
    (r"no distance for pair (?P<one>\S+) - (?P<other>\S+) \((?P<count>[\d,]+) pairs "
     r"missing\); every pair of communes is required",
     N_("no distance for pair {one} - {other} ({count} pairs missing); every pair of communes "
        "is required")),
    (r"(?P<file>.+) has no column province_code, so no province's own settings apply; add the "
     r"column, or set these in the scenario itself",
     N_("{file} has no column province_code, so no province's own settings apply; add the "
        "column, or set these in the scenario itself")),
    (r"(?P<file>.+) has no commune of province (?P<code>.+); allowed: a province code of its "
     r"communes \((?P<codes>.*)\)",
     N_("{file} has no commune of province {code}; allowed: a province code of its communes "
        "({codes})")),
    (r"(?P<prefix>(?:[^:]+: )?)no rows for provinces (?P<codes>.*); present: (?P<present>.*)",
     N_("{prefix}no rows for provinces {codes}; present: {present}")),
    (r"this command plans one province; the scenario has (?P<n>\d+).*",
     N_("the dashboard plans one province; the table has {n}")),
    # a budget likely in another unit (scenarios.loader, a warning)
    (r"VND (?P<given>\S+) does not pay one official's allowance over a transfer's term \(VND "
     r"(?P<bound>\S+): the cheapest allowance for its (?P<months>\d+) months\); the budget is "
     r"in VND over the transfers' terms, e\.g\. 45,000,000,000 for VND 45 bn; did you mean "
     r"VND (?P<meant>\S+)\?",
     N_("VND {given} does not pay one official's allowance over a transfer's term (VND "
        "{bound}: the cheapest allowance for its {months} months); the budget is in VND over "
        "the transfers' terms, e.g. 45,000,000,000 for VND 45 bn; did you mean VND {meant}?")),
    (r"VND (?P<given>\S+) does not pay one official's allowance over a transfer's term \(VND "
     r"(?P<bound>\S+): the cheapest allowance for its (?P<months>\d+) months\); the budget is "
     r"in VND over the transfers' terms, e\.g\. 45,000,000,000 for VND 45 bn",
     N_("VND {given} does not pay one official's allowance over a transfer's term (VND "
        "{bound}: the cheapest allowance for its {months} months); the budget is in VND over "
        "the transfers' terms, e.g. 45,000,000,000 for VND 45 bn")),
))


# the command line's own errors (scenarios.loader, results.folder, experiments.states), the
# ones a planner meets most; the table readers' problems are ``PROBLEMS``
ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    # a plan file's number cell that is no number (``results.plan_columns.number_problems``)
    (r"official (?P<id>\S+), column (?P<numcol>\w+): '(?P<value>.*)' is not a distance in "
     r"km; allowed: a number without a unit, its decimals after a point or a comma "
     r"\(129\.7 or 129,7\)",
     N_("official {id}, column {numcol}: '{value}' is not a distance in km; allowed: a "
        "number without a unit, its decimals after a point or a comma (129.7 or 129,7)")),
    (r"official (?P<id>\S+), column (?P<numcol>\w+): '(?P<value>.*)' is not an amount in "
     r"đồng; allowed: a whole number without a unit, its thousands separated by '\.', ',' "
     r"or a space \(4\.095\.000, 4,095,000, 4 095 000 or 4095000\)",
     N_("official {id}, column {numcol}: '{value}' is not an amount in đồng; allowed: a "
        "whole number without a unit, its thousands separated by '.', ',' or a space "
        "(4.095.000, 4,095,000, 4 095 000 or 4095000)")),
    (r"official (?P<id>\S+), column (?P<numcol>\w+): '(?P<value>.*)' is not a whole number "
     r"of months; allowed: a whole number without a unit \(36\)",
     N_("official {id}, column {numcol}: '{value}' is not a whole number of months; "
        "allowed: a whole number without a unit (36)")),
    # a --set list TOML cannot read (``cli.common.LIST_NUMBERS``)
    (r"(?P<value>.*) is not a list as TOML writes one: inside \[\.\.\.\] a comma separates "
     r"the items, so a number there is written as TOML writes it, 1\.75 not 1,75 and "
     r"26000000000 or 26_000_000_000 not 26\.000\.000\.000 \(e\.g\. --set "
     r"'(?P<key>[^=']*)=\[1\.75, 26_000_000_000\]'\); a number given alone or in an inline "
     r"table may be written either way",
     N_("{value} is not a list as TOML writes one: inside [...] a comma separates the items, "
        "so a number there is written as TOML writes it, 1.75 not 1,75 and 26000000000 or "
        "26_000_000_000 not 26.000.000.000 (e.g. --set '{key}=[1.75, 26_000_000_000]'); a "
        "number given alone or in an inline table may be written either way")),
    # a generated headcount no province reports (``model.roster.headcount_problems``); the
    # counts in keys _more_value regroups (count, a, b, c, lvalue)
    (r"(?P<count>[\d,]+) officials, but the communes table gives every commune's officials, "
     r"(?P<a>[\d,]+) in all; allowed: 0 \(no scaling\) or (?P=a)",
     N_("{count} officials, but the communes table gives every commune's officials, {a} in "
        "all; allowed: 0 (no scaling) or {a}")),
    (r"(?P<count>[\d,]+) officials, fewer than the (?P<a>[\d,]+) the communes table gives for "
     r"(?P<b>[\d,]+) communes; allowed: 0 \(no scaling\) or at least (?P=a)",
     N_("{count} officials, fewer than the {a} the communes table gives for {b} "
        "communes; allowed: 0 (no scaling) or at least {a}")),
    (r"(?P<count>[\d,]+) officials would give (?P<name>.+) \((?P<cid>[^()]+)\) (?P<c>[\d,]+) "
     r"officials in post against a quota of (?P<lvalue>[\d,]+) \((?P<share>[\d.]+) times\); "
     r"allowed: at most (?P<limit>[\d.]+) times a commune's quota "
     r"\(roster\.max_quota_multiple\): give this table's own total, its officials column, "
     r"or 0 \(no scaling\)",
     N_("{count} officials would give {name} ({cid}) {c} officials in post against a "
        "quota of {lvalue} ({share} times); allowed: at most {limit} times a commune's quota "
        "(roster.max_quota_multiple): give this table's own total, its officials column, or "
        "0 (no scaling)")),
    (r"province (?P<code>\S+): (?P<a>[\d,]+) officials cannot be met: its communes come to "
     r"(?P<b>[\d,]+) \(carry-over communes keep what their old units brought, and the "
     r"communes table's own figures stand\); give a count its communes can reach",
     N_("province {code}: {a} officials cannot be met: its communes come to {b} (carry-over "
        "communes keep what their old units brought, and the communes table's own figures "
        "stand); give a count its communes can reach")),
    # a published count out of range (``params.province_counts``)
    (r"province (?P<code>\S+): (?P<count>-?[\d,]+) officials; allowed: 1 to (?P<lvalue>[\d,]+)",
     N_("province {code}: {count} officials; allowed: 1 to {lvalue}")),
    (r"province (?P<code>\S+): (?P<count>-?[\d,]+) positions; allowed: 1 to (?P<lvalue>[\d,]+)",
     N_("province {code}: {count} positions; allowed: 1 to {lvalue}")),
    # a published quota the communes cannot total (``model.roster.quota_problems``)
    (r"province (?P<code>\S+): a quota of (?P<a>[\d,]+) positions cannot be met: its "
     r"(?P<count>[\d,]+) communes can total (?P<b>[\d,]+) to (?P<c>[\d,]+) \(the communes "
     r"table's own quotas stand, every other commune at least 1 and at most its cap\); give "
     r"a total in that range",
     N_("province {code}: a quota of {a} positions cannot be met: its {count} communes can "
        "total {b} to {c} (the communes table's own quotas stand, every other commune at "
        "least 1 and at most its cap); give a total in that range")),
    # pool units of a province without communes (``scenarios.province._pool_provinces``)
    (r"missing: the communes are in (?P<n>\d+) provinces; give each unit the code of its "
     r"province, as the communes table writes it",
     N_("missing: the communes are in {n} provinces; give each unit the code of its province, "
        "as the communes table writes it")),
    (r"the units are in province (?P<code>.*), and the communes table has no province_code "
     r"column \(Mã tỉnh\); give it one with the same code, or leave the column out of this "
     r"table", N_("the units are in province {code}, and the communes table has no "
                  "province_code column (Mã tỉnh); give it one with the same code, or leave "
                  "the column out of this table")),
    (r"unit (?P<unit>.*) is in province (?P<code>.*), where no commune of the communes table "
     r"is \(its provinces: (?P<known>.*)\); pool units move officials within their province "
     r"only", N_("unit {unit} is in province {code}, where no commune of the communes table "
                 "is (its provinces: {known}); pool units move officials within their "
                 "province only")),
    (r"(?P<value>.*) is not a list as TOML writes one: its brackets or quotes do not pair up "
     r"\(e\.g\. --set '(?P<key>[^=']*)=\[1, 2\]'\)",
     N_("{value} is not a list as TOML writes one: its brackets or quotes do not pair up (e.g. "
        "--set '{key}=[1, 2]')")),
    (r"(?P<value>.*) is not a list as TOML writes one \(e\.g\. --set '(?P<key>[^=']*)=\[1, "
     r"2\]'\)", N_("{value} is not a list as TOML writes one (e.g. --set '{key}=[1, 2]')")),
    # a --set inline table TOML cannot read (``cli.common.TABLE_UNPAIRED``, ...)
    (r"(?P<value>.*) is not an inline table as TOML writes one: its braces, brackets or "
     r"quotes do not pair up \(e\.g\. --set 'simulation=\{months=12\}'\)",
     N_("{value} is not an inline table as TOML writes one: its braces, brackets or quotes "
        "do not pair up (e.g. --set 'simulation={{months=12}}')")),
    (r"(?P<value>.*) is not an inline table as TOML writes one: it names (?P<item>.+) twice; "
     r"give each key once \(e\.g\. --set 'simulation=\{months=12\}'\)",
     N_("{value} is not an inline table as TOML writes one: it names {item} twice; give each "
        "key once (e.g. --set 'simulation={{months=12}}')")),
    (r"(?P<value>.*) is not an inline table as TOML writes one: KEY=VALUE items separated by "
     r"commas \(e\.g\. --set 'simulation=\{months=12, seed=7\}'\)",
     N_("{value} is not an inline table as TOML writes one: KEY=VALUE items separated by "
        "commas (e.g. --set 'simulation={{months=12, seed=7}}')")),
    (r"unknown key; did you mean (?P<either>.+)\? allowed here: (?P<keys>.*)",
     N_("unknown key; did you mean {either}? allowed here: {keys}")),
    # a range's bound (loader.BOUND_WORDS)
    (r"must be at least (?P<bound>\S+) \(got (?P<given>.*)\)",
     N_("must be at least {bound} (got {given})")),
    (r"must be at most (?P<bound>\S+) \(got (?P<given>.*)\)",
     N_("must be at most {bound} (got {given})")),
    (r"must be more than (?P<bound>\S+) \(got (?P<given>.*)\)",
     N_("must be more than {bound} (got {given})")),
    (r"must be less than (?P<bound>\S+) \(got (?P<given>.*)\)",
     N_("must be less than {bound} (got {given})")),
    (r"Input should be a valid number, unable to parse string as a number \(got "
     r"(?P<value>.*)\)", N_("is not a number (got {value})")),
    (r"Input should be a valid integer, got a number with a fractional part \(got "
     r"(?P<given>.*)\)", N_("must be a whole number (got {given})")),
    (r"Input should be a valid integer, unable to parse string as an integer \(got "
     r"(?P<given>.*)\)", N_("must be a whole number (got {given})")),
    (r"Input should be a valid boolean, unable to interpret input \(got (?P<value>.*)\)",
     N_("must be true or false (got {value})")),
    # the value given, when there is one ({got}), as the language writes a number: 2,5 in
    # Vietnamese (a text given stays quoted as typed)
    (r"Input should be a valid integer(?P<got>(?: \(got .*\))?)",
     N_("must be a whole number{got}")),
    (r"Input should be a valid number(?P<got>(?: \(got .*\))?)", N_("must be a number{got}")),
    (r"Input should be a valid boolean(?P<got>(?: \(got .*\))?)",
     N_("must be true or false{got}")),
    # (a list key whose example is known: ``list_example``, in the field's own kind of
    # values; else no example: a zone example for a list of amounts misled, the trial)
    (r"must be a list in brackets, e\.g\. (?P<example>\[.*\])(?P<got>(?: \(got .*\))?)",
     N_("must be a list in brackets, e.g. {example}{got}")),
    (r"Input should be a valid list(?P<got>(?: \(got .*\))?)",
     N_("must be a list in brackets, e.g. [first, second]{got}")),
    (r"Input should be a valid string(?P<got>(?: \(got .*\))?)", N_("must be a text{got}")),
    (r"Input should be a valid dictionary(?: or instance of \w+)?(?P<got>(?: \(got .*\))?)",
     N_("is a section of settings, not a value{got}")),
    (r"must be a finite number, not (?P<bad>\S+) \(got (?P<given>.*)\)",
     N_("must be a finite number (got {given})")),
    (r"unknown key; allowed here: (?P<keys>.*)", N_("unknown key; allowed here: {keys}")),
    (r"Input should be (?P<either>'.*?')(?P<got>(?: \(got .*\))?)",
     N_("must be {either}{got}")),
    (r"already exists; pass --force to replace it \(results are never overwritten "
     r"otherwise\)", N_("already exists; pass --force to replace it (results are never "
                         "overwritten otherwise)")),
    (r"already exists; pass --resume to finish it or --force to replace it",
     N_("already exists; pass --resume to finish it or --force to replace it")),
    (r"(?P<path>.+) already exists; give --force to replace it",
     N_("{path} already exists; give --force to replace it")),
    (r"(?P<path>.+): the annex is an Excel workbook; give a file name ending in \.xlsx",
     N_("{path}: the annex is an Excel workbook; give a file name ending in .xlsx")),
    (r"(?P<path>.+): a name starting with '\.' is hidden; give the annex a name that is "
     r"not, e\.g\. annex\.xlsx",
     N_("{path}: a name starting with '.' is hidden; give the annex a name that is not, e.g. "
        "annex.xlsx")),
    (r"(?P<path>.+): inside the result folder (?P<folder>.+) the annex goes at its top "
     r"\((?P<top>.+)\); or give a path outside it",
     N_("{path}: inside the result folder {folder} the annex goes at its top ({top}); or "
        "give a path outside it")),
    (r"is a device or a pipe, not a folder; choose a new folder name for the results",
     N_("is a device or a pipe, not a folder; choose a new folder name for the results")),
    (r"is a file, not a result folder; staffsim never replaces it \(choose a new folder "
     r"name\)", N_("is a file, not a result folder; staffsim never replaces it (choose a new "
                   "folder name)")),
    (r"already exists; choose a new folder or pass --force to replace it \(results are "
     r"never overwritten otherwise\)",
     N_("already exists; choose a new folder or pass --force to replace it (results are "
        "never overwritten otherwise)")),
    (r"(?P<n>\d+) is beyond the horizon; allowed: (?P<lo>\d+) to (?P<hi>\d+) \(simulation"
     r"\.months; raise it with --set simulation\.months=N\)",
     N_("{n} is beyond the horizon; allowed: {lo} to {hi} (simulation.months; raise it with "
        "--set simulation.months=N)")),
    (r"(?P<n>\d+) is beyond the horizon; allowed: (?P<lo>\d+) to (?P<hi>\d+) \(simulation"
     r"\.months in the scenario file\)",
     N_("{n} is beyond the horizon; allowed: {lo} to {hi} (simulation.months in the scenario "
        "file)")),
    (r"scenario file not found", N_("scenario file not found")),
    (r"(?P<name>.+): file not found; paths are read relative to the scenario file's folder "
     r"\((?P<folder>.*)\)", N_("{name}: file not found; paths are read relative to the "
                                "scenario file's folder ({folder})")),
    (r"(?P<name>.+): is a folder; expected a table file \(CSV or \.xlsx\)",
     N_("{name}: is a folder; expected a table file (CSV or .xlsx)")),
    (r"no commune called '(?P<value>.*?)'(?P<hint>(?: \(did you mean .*\?\))?); give a "
     r"commune_id or a name \(diacritics optional\)",
     N_("no commune called '{value}'{hint}; give a commune_id or a name (diacritics "
        "optional)")),
    (r"and (?P<n>\d+) more problems", N_("and {n} more problems")),
    (r"must be a finite number, not (?P<value>.*)", N_("must be a finite number, not {value}")),
    (r"'(?P<value>.*)' matches (?P<n>\d+) communes: (?P<communes>.*); give the commune_id",
     N_("'{value}' matches {n} communes: {communes}; give the commune_id")),
    # files and the limits on them (scenarios.limits), the scenario file (scenarios.loader)
    (r"(?P<thing>file|checksum list|manifest) not found", N_("{thing} not found")),
    (r"cannot read it: (?P<why>.*)", N_("cannot read it: {why}")),
    # the plan cache folder the user named cannot keep plans (``optimize.cache._unusable``)
    (r"the plan cache folder \(STAFFSIM_CACHE_DIR\) cannot be written: (?P<why>.+); plans "
     r"are solved each time",
     N_("the plan cache folder (STAFFSIM_CACHE_DIR) cannot be written: {why}; plans are "
        "solved each time")),
    # communes with fewer residents than any is likely to have (``province._few_residents``)
    (r"(?P<count>[\d,]+) communes have fewer than (?P<lvalue>[\d,]+) residents, likely an "
     r"error of the source: (?P<names>.+?)(?P<more>(?: and [\d,]+ more communes)?); the "
     r"population sets their workload, their quota and, in the national table, their zone: "
     r"check them against the province's figures",
     N_("{count} communes have fewer than {lvalue} residents, likely an error of the source: "
        "{names}{more}; the population sets their workload, their quota and, in the national "
        "table, their zone: check them against the province's figures")),
    (r"1 commune has fewer than (?P<lvalue>[\d,]+) residents, likely an error of the source: "
     r"(?P<names>.+); the population sets their workload, their quota and, in the national "
     r"table, their zone: check them against the province's figures",
     N_("1 commune has fewer than {lvalue} residents, likely an error of the source: {names}; "
        "the population sets its workload, its quota and, in the national table, its zone: "
        "check it against the province's figures")),
    # a result that could not be written (``results.folder.os_error``)
    (r"cannot write the results(?P<file>(?: \([^()]*\))?): (?P<why>.+); nothing was kept",
     N_("cannot write the results{file}: {why}; nothing was kept")),
    (r"is a folder; expected a (?P<thing>file|scenario file|checksum list|manifest)",
     N_("is a folder; expected a {thing}")),
    (r"is not a regular file \(a pipe, socket or device\); expected a (?P<thing>file|"
     r"scenario file|checksum list|manifest)", N_("is not a regular file (a pipe, socket or "
                                                  "device); expected a {thing}")),
    (rf"is (?P<count>[\d,.]+) (?P<u>MB|KB), over the (?P<lname>.+?) {_LIMIT}",
     N_("is {count} {u}, over the {lname} limit: {lvalue}{unit}; raise it with the environment "
        "variable {env}")),
    (rf"(?P<of>.+) \((?P<count>[\d,.e+]+)\) exceeds the (?P<lname>.+?) {_LIMIT}",
     N_("{of} ({count}) exceeds the {lname} limit: {lvalue}{unit}; raise it with the "
        "environment variable {env}")),
    (rf"(?P<count>[\d,]+) officials to generate exceed the {_LIMIT}(?P<got>(?: \(got .*\))?)",
     N_("{count} officials to generate exceed the limit of {lvalue}{unit}; raise it with the "
        "environment variable {env}{got}")),
    (rf"months × replications = (?P<count>[\d,]+) simulated months exceed the {_LIMIT}",
     N_("months × replications = {count} simulated months exceed the limit of {lvalue}{unit}; "
        "raise it with the environment variable {env}")),
    (r"(?P<value>'.*') is not a positive whole number \(digits only, without separators: "
     r"1000000\)",
     N_("{value} is not a positive whole number (digits only, without separators: "
        "1000000)")),
    (r"(?P<value>'.*') is not a positive whole number",
     N_("{value} is not a positive whole number")),
    (r"not valid TOML: (?P<toml>.*)", N_("not valid TOML: {toml}")),
    (r"not UTF-8 text \((?P<why>.*)\)", N_("not UTF-8 text ({why})")),
    (rf"nested more than (?P<count>\d+) levels deep; {_LIMIT}",
     N_("nested more than {count} levels deep; limit {lvalue}{unit}; raise it with the "
        "environment variable {env}")),
    (rf"(?P<value>'.*') is nested more than (?P<count>\d+) levels deep; {_LIMIT}",
     N_("{value} is nested more than {count} levels deep; limit {lvalue}{unit}; raise it with "
        "the environment variable {env}")),
    (rf"more than (?P<count>\d+) dotted parts; {_LIMIT}",
     N_("more than {count} dotted parts; limit {lvalue}{unit}; raise it with the environment "
        "variable {env}")),
    (r"required: path to a communes CSV", N_("required: path to a communes CSV")),
    (r"(?P<lock>.+) exists and is not a lock file of staffsim's; rename or remove it, or "
     r"choose another folder", N_("{lock} exists and is not a lock file of staffsim's; "
                                  "rename or remove it, or choose another folder")),
    (r"(?P<part>\S+) is a value, not a section", N_("{part} is a value, not a section")),
    (r"is a value \(short for (?P<full>\S+)\), not a section: give it as (?P<key>\S+) = VALUE",
     N_("is a value (short for {full}), not a section: give it as {key} = VALUE")),
    (r"changed since it was loaded; load it again to change its rule set",
     N_("changed since it was loaded; load it again to change its rule set")),
    (r"a number is required, not the boolean (?P<boolean>true|false)(?P<got>(?: \(got .*\))?)",
     N_("a number is required, not the boolean {boolean}{got}")),
    # a date parameter (optimize.families.deadline): what it may be
    (r"a date is required, not a number; allowed: a date written YYYY-MM-DD or DD/MM/YYYY, "
     r"e\.g\. 2025-12-31 or \"31/12/2025\"(?P<got>(?: \(got .*\))?)",
     N_("a date is required, not a number; allowed: a date written YYYY-MM-DD or DD/MM/YYYY, "
        "e.g. 2025-12-31 or \"31/12/2025\"{got}")),
    (r"a date is required; allowed: a date written YYYY-MM-DD or DD/MM/YYYY, e\.g\. 2025-12-31 "
     r"or \"31/12/2025\"(?P<got>(?: \(got .*\))?)",
     N_("a date is required; allowed: a date written YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-12-31 "
        "or \"31/12/2025\"{got}")),
    # a --set key (scenarios.loader.set_dotted) and a key no section lists
    (r"not a dotted key: a quote is not closed, or a quoted part is not between dots; quote a "
     r"part that holds dots, e\.g\. (?P<example>.*)",
     N_("not a dotted key: a quote is not closed, or a quoted part is not between dots; quote "
        "a part that holds dots, e.g. {example}")),
    (r"unknown key; did you mean (?P<either>.+)\?", N_("unknown key; did you mean {either}?")),
    (r"unknown key", N_("unknown key")),
    (r"a number is required, not the text (?P<text>'.*'|\".*\"); write the number without "
     r"quotes: (?P<written>\S+)",
     N_("a number is required, not the text {text}; write the number without quotes: "
        "{written}")),
    (r"a number is required, not the text (?P<text>'.*'|\".*\"); write the number without "
     r"quotes(?P<got>(?: \(got .*\))?)",
     N_("a number is required, not the text {text}; write the number without quotes{got}")),
    # a text setting too long, or with a control character (``params.Section._plain_text``)
    (r"is (?P<count>[\d,]+) characters long; allowed: at most (?P<lvalue>[\d,]+)"
     r"(?P<got>(?: \(got .*\))?)",
     N_("is {count} characters long; allowed: at most {lvalue}{got}")),
    (r"holds a control character \((?P<code>U\+[0-9A-F]+)\); allowed: plain text"
     r"(?P<got>(?: \(got .*\))?)",
     N_("holds a control character ({code}); allowed: plain text{got}")),
    (r"(?P<big>.+) is too large; numbers here are at most (?P<max>\S+) in size"
     r"(?P<got>(?: \(got .*\))?)", N_("{big} is too large; numbers here are at most {max} in "
                                      "size{got}")),
    (r"officials_per_old_unit must be \[low, high\] with 0 <= low <= high",
     N_("officials_per_old_unit must be [low, high] with 0 <= low <= high")),
    (r"unknown specialties (?P<bad>\[.*\]) in hard_to_fill; known: (?P<known>.*)",
     N_("unknown specialties {bad} in hard_to_fill; known: {known}")),
    (r"distance_bands_km has (?P<a>\d+) bands but distance_band_vnd has (?P<b>\d+) amounts; "
     r"give one amount per band", N_("distance_bands_km has {a} bands but distance_band_vnd "
                                     "has {b} amounts; give one amount per band")),
    (r"distance_bands_km must increase from >= 0 and amounts be >= 0",
     N_("distance_bands_km must increase from >= 0 and amounts be >= 0")),
    (r"give exactly one of range = \[low, high\] or values = \[\.\.\.\]",
     N_("give exactly one of range = [low, high] or values = [...]")),
    (r"range must be \[low, high\] with low < high",
     N_("range must be [low, high] with low < high")),
    (r"values must list at least one value", N_("values must list at least one value")),
    (r"integer = true leaves (?P<n>\d+) whole numbers? in the range \[(?P<lo>[^,\]]+), "
     r"(?P<hi>[^\]]+)\], so the factor would not vary; allowed: a range holding at least two "
     r"whole numbers, or integer = false",
     N_("integer = true leaves {n} whole number(s) in the range [{lo}, {hi}], so the factor "
        "would not vary; allowed: a range holding at least two whole numbers, or integer = "
        "false")),
    # result folders (results.folder, results.verify, results.sweep_folder)
    (r"missing or unreadable: not a finished staffsim result folder",
     N_("missing or unreadable: not a finished staffsim result folder")),
    (r"not a JSON object: not a staffsim manifest",
     N_("not a JSON object: not a staffsim manifest")),
    (r"not a folder", N_("not a folder")),
    (r"does not exist; give a result folder staffsim wrote",
     N_("does not exist; give a result folder staffsim wrote")),
    (r"does not exist; give a sweep folder staffsim wrote",
     N_("does not exist; give a sweep folder staffsim wrote")),
    (r"missing or unreadable; this is not a sweep folder \(start a new one, or pass --force "
     r"to replace it\)", N_("missing or unreadable; this is not a sweep folder (start a new "
                            "one, or pass --force to replace it)")),
    (r"not a sweep folder \(no sweep\.json\)", N_("not a sweep folder (no sweep.json)")),
    (r"the sweep is not complete; finish it with (?P<command>staffsim sweep .*)",
     N_("the sweep is not complete; finish it with {command}")),
    (r"no such folder, so there is no sweep to finish; drop --resume to start a new sweep",
     N_("no such folder, so there is no sweep to finish; drop --resume to start a new sweep")),
    (r"the parameter takes whole numbers; add integer = true to the factor to sample whole "
     r"numbers from its range", N_("the parameter takes whole numbers; add integer = true to "
                                   "the factor to sample whole numbers from its range")),
    (r"cannot create the folder (?P<path>.+) \((?P<why>[^()]*)\); choose a folder you can "
     r"write to", N_("cannot create the folder {path} ({why}); choose a folder you can write "
                     "to")),
    (r"cannot create files in (?P<path>.+) \(permission denied\); choose a folder you can "
     r"write to", N_("cannot create files in {path} (permission denied); choose a folder you "
                     "can write to")),
    (r"cannot create files in (?P<path>.+); choose a folder you can write to",
     N_("cannot create files in {path}; choose a folder you can write to")),
    (r"is being written by another staffsim command \((?P<holder>.*)\); wait for it to "
     r"finish or choose another folder", N_("is being written by another staffsim command "
                                            "({holder}); wait for it to finish or choose "
                                            "another folder")),
    # a sweep folder analyze cannot use (``sweep_folder.damaged``), or one still running
    (r"damaged or unreadable \((?P<damage>[^()]*)\); check the sweep folder with: "
     r"(?P<command>.+)", N_("damaged or unreadable ({damage}); check the sweep folder with: "
                            "{command}")),
    (r"the sweep is running now \((?P<holder>.*)\); analyze it once it has finished",
     N_("the sweep is running now ({holder}); analyze it once it has finished")),
    (r"(?P<path>.+) is a file, not a folder; choose a folder for the results",
     N_("{path} is a file, not a folder; choose a folder for the results")),
    (r"is a symbolic link; name the folder itself",
     N_("is a symbolic link; name the folder itself")),
    (r"is (?P<place>the current folder|a parent of the current folder|the home folder|a "
     r"parent of the home folder); --force never replaces it",
     N_("is {place}; --force never replaces it")),
    (r"holds an input of this command \((?P<path>.*)\); --force never replaces it",
     N_("holds an input of this command ({path}); --force never replaces it")),
    (r"was not written by staffsim \(it has no manifest\.json\); --force replaces only "
     r"staffsim's own result folders",
     N_("was not written by staffsim (it has no manifest.json); --force replaces only "
        "staffsim's own result folders")),
    (r"already exists and was not written by staffsim; choose a new folder \(staffsim never "
     r"replaces a folder it did not write\)",
     N_("already exists and was not written by staffsim; choose a new folder (staffsim never "
        "replaces a folder it did not write)")),
    (r"was not written by staffsim \(no staffsim marker in its manifest\.json\); --force "
     r"replaces only staffsim's own result folders",
     N_("was not written by staffsim (no staffsim marker in its manifest.json); --force "
        "replaces only staffsim's own result folders")),
    (r"holds (?P<count>\d+) file\(s\) staffsim did not write there \(e\.g\. (?P<path>.*)\); "
     r"--force replaces only what staffsim wrote: move them out first",
     N_("holds {count} file(s) staffsim did not write there (e.g. {path}); --force replaces "
        "only what staffsim wrote: move them out first")),
    (r"was not written by staffsim; nothing to resume",
     N_("was not written by staffsim; nothing to resume")),
    (r"holds (?P<count>\d+) file\(s\) staffsim did not write there \(e\.g\. (?P<path>.*)\); "
     r"--resume adds only to what staffsim wrote: move them out first",
     N_("holds {count} file(s) staffsim did not write there (e.g. {path}); --resume adds "
        "only to what staffsim wrote: move them out first")),
    (r"changed while staffsim was running; run again",
     N_("changed while staffsim was running; run again")),
    (r"(?P<path>.+) is not an annex staffsim wrote \(or it was edited and saved since\): "
     r"--force replaces only those; choose another name",
     N_("{path} is not an annex staffsim wrote (or it was edited and saved since): --force "
        "replaces only those; choose another name")),
    (r"(?P<path>.+): no such folder", N_("{path}: no such folder")),
    (r"(?P<path>.+): is a file, not a folder; give the annex a path in a folder",
     N_("{path}: is a file, not a folder; give the annex a path in a folder")),
    # the commands' own arguments
    (r"(?P<value>'.*') is not KEY=VALUE \(e\.g\. --set simulation\.months=12\)",
     N_("{value} is not KEY=VALUE (e.g. --set simulation.months=12)")),
    # (``cli.common.CONTROL_CHARACTER``, ``cli.common.SPACED_NUMBER``)
    (r"(?P<value>'.*') holds a line break, a tab or another control character; give each "
     r"KEY=VALUE on one line, in its own --set \(e\.g\. --set simulation\.months=2 --set "
     r"simulation\.seed=3\)",
     N_("{value} holds a line break, a tab or another control character; give each "
        "KEY=VALUE on one line, in its own --set (e.g. --set simulation.months=2 --set "
        "simulation.seed=3)")),
    (r"(?P<value>'.*') is not one number: a space in a number may only separate its "
     r"thousands \(26 000 000 000\); give one number",
     N_("{value} is not one number: a space in a number may only separate its thousands "
        "(26 000 000 000); give one number")),
    (r"(?P<value>'.*') names no key; an inline table sets the keys it names and keeps the "
     r"others \(e\.g\. (?P<example>.*)\)",
     N_("{value} names no key; an inline table sets the keys it names and keeps the others "
        "(e.g. {example})")),
    # (``cli.common.GIVEN_TWICE``)
    (r"(?P<first>--\S+(?: .*?)?) and (?P<second>--\S+(?: .*)?) give different values; give "
     r"(?P<option>--\S+) once",
     N_("{first} and {second} give different values; give {option} once")),
    (r"(?P<set>\S+=.*) and (?P<flag>--\S+(?: \S+)?) give different values; give the value "
     r"once \(a flag and --set for the same key must agree\)",
     N_("{set} and {flag} give different values; give the value once (a flag and --set for "
        "the same key must agree)")),
    # a --set number or list of zones as people write them (scenarios.loader.set_number,
    # params.zone_name); {nunit}, {nexample}, {nwritten}: SET_VALUES
    (r"'(?P<value>.*)' is not a number in (?P<nunit>.+?); write e\.g\. (?P<nexample>.+)",
     N_("'{value}' is not a number in {nunit}; write e.g. {nexample}")),
    (r"'(?P<value>.*)' is not a number; write e\.g\. (?P<nexample>.+)",
     N_("'{value}' is not a number; write e.g. {nexample}")),
    (r"'(?P<value>.*)' reads two ways: (?P<given>\S+) if '(?P<sep>[.,])' separates thousands, "
     r"(?P<bound>\S+) if it is the decimal mark; write (?P<plain>\S+) or (?P<nwritten>\S+)",
     N_("'{value}' reads two ways: {given} if '{sep}' separates thousands, {bound} if it is "
        "the decimal mark; write {plain} or {nwritten}")),
    (r"'(?P<value>.*)' is an amount of money, but this key is in (?P<nunit>.+?); write a "
     r"number, e\.g\. (?P<nexample>.+)",
     N_("'{value}' is an amount of money, but this key is in {nunit}; write a number, e.g. "
        "{nexample}")),
    (r"'(?P<value>.*)' is an amount of money, and this key is not; write a number, e\.g\. "
     r"(?P<nexample>.+)", N_("'{value}' is an amount of money, and this key is not; write a "
                             "number, e.g. {nexample}")),
    (r"is not a zone \(got (?P<value>'.*')\); allowed: lowland, mountain, high_mountain or "
     r"their Vietnamese names đồng bằng, miền núi, vùng cao, e\.g\. "
     r"\[\"mountain\", \"high_mountain\"\]",
     N_("is not a zone (got {value}); allowed: lowland, mountain, high_mountain or their "
        "Vietnamese names đồng bằng, miền núi, vùng cao, e.g. [\"mountain\", "
        "\"high_mountain\"]")),
    (r"must be a list of zones, e\.g\. \[\"mountain\", \"high_mountain\"\]"
     r"(?P<got>(?: \(got .*\))?)",
     N_("must be a list of zones, e.g. [\"mountain\", \"high_mountain\"]{got}")),
    (r"no change given, so nothing to compare with the baseline: give at least one, e\.g\. "
     r"--set optimizer\.budget_vnd=50_000_000_000, --move OFFICIAL_ID=COMMUNE, --keep "
     r"OFFICIAL_ID or --close-commune COMMUNE",
     N_("no change given, so nothing to compare with the baseline: give at least one, e.g. "
        "--set optimizer.budget_vnd=50_000_000_000, --move OFFICIAL_ID=COMMUNE, --keep "
        "OFFICIAL_ID or --close-commune COMMUNE")),
    (r"nothing to compare: give --set, --move, --keep or --close-commune",
     N_("nothing to compare: give --set, --move, --keep or --close-commune")),
    (r"(?P<h>1) month leaves no month after the plans made at month (?P<m>\d+) are carried "
     r"out; give --months (?P<k>\d+) or more",
     N_("{h} month leaves no month after the plans made at month {m} are carried out; give "
        "--months {k} or more")),
    (r"(?P<h>\d+) months leave no month after the plans made at month (?P<m>\d+) are carried "
     r"out; give --months (?P<k>\d+) or more",
     N_("{h} months leave no month after the plans made at month {m} are carried out; give "
        "--months {k} or more")),
    (r"changes (?P<key>\S+), which the baseline and the variant share; (?P<shared>.*)",
     N_("changes {key}, which the baseline and the variant share; {shared}")),
    (r"(?P<value>'.*') is not OFFICIAL_ID\[,ID\.\.\.\]=COMMUNE",
     N_("{value} is not OFFICIAL_ID[,ID...]=COMMUNE")),
    (r"(?P<value>'.*') already works in (?P<where>.+); a move goes to another commune",
     N_("{value} already works in {where}; a move goes to another commune")),
    (r"(?P<value>'.*') is not an official in post in this scenario \(see roster\.csv of a "
     r"run\)(?P<dym>(?:; did you mean .*\?)?)", N_("{value} is not an official in post in "
                                                 "this scenario (see roster.csv of a run){dym}")),
    (r"(?P<value>'.*') is moved more than once; give each official one destination",
     N_("{value} is moved more than once; give each official one destination")),
    (r"(?P<value>'.*') is both moved \(--move\) and kept \(--keep\); choose one",
     N_("{value} is both moved (--move) and kept (--keep); choose one")),
    (r"(?P<value>'.*') is moved \(--move\) out of (?P<name>.+), which --close-commune closes; "
     r"choose one", N_("{value} is moved (--move) out of {name}, which --close-commune "
                       "closes; choose one")),
    (r"(?P<value>'.*') is not START:STOP:COUNT with finite START and STOP and COUNT 1\.\.1000 "
     r"\(e\.g\. 0:60e9:13\)", N_("{value} is not START:STOP:COUNT with finite START and STOP "
                                 "and COUNT 1..1000 (e.g. 0:60e9:13)")),
    (r"required: give --lever KEY and --range START:STOP:COUNT, or lever and range in the "
     r"scenario file's \[frontier\] table",
     N_("required: give --lever KEY and --range START:STOP:COUNT, or lever and range in the "
        "scenario file's [frontier] table")),
    (r"(?P<value>'.*') asks for 1 point between two different ends: STOP would be left out; "
     r"give COUNT 2 or more, or START:START:1 for one value",
     N_("{value} asks for 1 point between two different ends: STOP would be left out; give "
        "COUNT 2 or more, or START:START:1 for one value")),
    (r"(?P<value>'.*') repeats one value (?P<n>\d+) times \(START = STOP\); give two "
     r"different ends, or COUNT 1", N_("{value} repeats one value {n} times (START = STOP); "
                                       "give two different ends, or COUNT 1")),
    (r"(?P<key>\S+) does not change the plan \(it is made at the start, from the communes, the "
     r"officials and the optimiser's rules\): every point would be the same plan; choose a "
     r"lever the plan depends on, e\.g\. optimizer\.budget_vnd",
     N_("{key} does not change the plan (it is made at the start, from the communes, the "
        "officials and the optimiser's rules): every point would be the same plan; choose a "
        "lever the plan depends on, e.g. optimizer.budget_vnd")),
    (r"(?P<key>\S+) is a whole number but (?P<value>'.*') has the point (?P<point>\S+); "
     r"choose ends and a count that step in whole numbers \(STOP - START a multiple of "
     r"COUNT - 1\)", N_("{key} is a whole number but {value} has the point {point}; choose "
                        "ends and a count that step in whole numbers (STOP - START a "
                        "multiple of COUNT - 1)")),
    (r"given twice, as (?P<short>\S+) and as (?P<full>\S+) \(the key it is short for\); keep "
     r"one", N_("given twice, as {short} and as {full} (the key it is short for); keep one")),
    (r"(?P<value>'.*') is not a parameter; it names the switch (?P<key>\S+), which a frontier "
     r"cannot step through: compare its two values with staffsim whatif --set (?P<set>\S+)",
     N_("{value} is not a parameter; it names the switch {key}, which a frontier cannot step "
        "through: compare its two values with staffsim whatif --set {set}")),
    (r"(?P<value>'.*') is not a parameter(?P<dym>(?:; did you mean .*\?)?)",
     N_("{value} is not a parameter{dym}")),
    (r"(?P<key>\S+) is a switch \(true or false, default (?P<value>true|false)\), not a "
     r"number; a frontier needs a numeric lever: compare the two with staffsim whatif --set "
     r"(?P<set>\S+)", N_("{key} is a switch (true or false, default {value}), not a number; a "
                        "frontier needs a numeric lever: compare the two with staffsim whatif "
                        "--set {set}")),
    (r"(?P<key>\S+) is not numeric \(default (?P<value>.*)\); a frontier needs a numeric lever",
     N_("{key} is not numeric (default {value}); a frontier needs a numeric lever")),
    (r"cannot reach a Dask scheduler at (?P<value>'.*') \((?P<why>.*)\); start one with "
     r"`dask scheduler` and `dask worker ADDRESS`",
     N_("cannot reach a Dask scheduler at {value} ({why}); start one with `dask scheduler` "
        "and `dask worker ADDRESS`")),
    (r"goes with --executor dask", N_("goes with --executor dask")),
    (r"goes without --force", N_("goes without --force")),
    (r"needs --out FOLDER \(the sweep to finish\)", N_("needs --out FOLDER (the sweep to "
                                                      "finish)")),
    (r"unknown policy (?P<value>'.*?')(?P<dym>(?:; did you mean .*\?)?) known: (?P<known>.*)",
     N_("unknown policy {value}{dym}; known: {known}")),
    (r"unknown arm (?P<value>'.*'); defined arms: (?P<known>.*)",
     N_("unknown arm {value}; defined arms: {known}")),
    (r"arm (?P<value>'.*') is named (?P<n>\d+) times; name each arm once",
     N_("arm {value} is named {n} times; name each arm once")),
    (r"(?P<value>'.*') names no arm; give comma-separated arms from: (?P<known>.*)",
     N_("{value} names no arm; give comma-separated arms from: {known}")),
    (r"(?P<value>'.*') has an empty arm name \(two commas together, or one at an end\); "
     r"give comma-separated arms from: (?P<known>.*)",
     N_("{value} has an empty arm name (two commas together, or one at an end); give "
        "comma-separated arms from: {known}")),
    (r"no factors: declare at least one \[sweep\.levers\.KEY\] or \[sweep\.uncertainties\.KEY\]"
     r" with range or values", N_("no factors: declare at least one [sweep.levers.KEY] or "
                                  "[sweep.uncertainties.KEY] with range or values")),
    (r"(?P<keys>.+) is both a lever and an uncertainty; declare it once",
     N_("{keys} is both a lever and an uncertainty; declare it once")),
    (r"(?P<n>\d+) is not a power of 2; the Sobol design needs one \(e\.g\. 16, 32, 64\)",
     N_("{n} is not a power of 2; the Sobol design needs one (e.g. 16, 32, 64)")),
    (r"Morris needs at least 2 trajectories", N_("Morris needs at least 2 trajectories")),
    (r"goes with the latin or factorial design; (?P<design>\w+) needs one joint sample \(set "
     r"lever_samples = 0\)", N_("goes with the latin or factorial design; {design} needs one "
                                "joint sample (set lever_samples = 0)")),
    # experiments.sensitivity.not_an_outcome: the closest names, then all, grouped
    (r"(?P<value>'.*') is not an outcome of this sweep(?P<dym>; did you mean .*?\?|;) allowed: "
     r"(?P<outs>.*), or METRIC\|AREA with METRIC one of (?P<metrics>.*) and AREA one of "
     r"(?P<areas>.*)", N_("{value} is not an outcome of this sweep{dym} allowed: {outs}, or "
                          "METRIC|AREA with METRIC one of {metrics} and AREA one of {areas}")),
    (r"(?P<value>'.*') is not an outcome(?P<dym>; did you mean .*?\?|;) allowed: (?P<outs>.*), "
     r"or METRIC\|AREA with METRIC one of (?P<metrics>.*) and AREA one of (?P<areas>.*)",
     N_("{value} is not an outcome{dym} allowed: {outs}, or METRIC|AREA with METRIC one of "
        "{metrics} and AREA one of {areas}")),
    (r"(?P<value>'.*') is not an outcome of this sweep(?P<dym>; did you mean .*?\?|;) allowed: "
     r"(?P<known>.*)", N_("{value} is not an outcome of this sweep{dym} allowed: {known}")),
    (r"(?P<value>'.*') is not an outcome(?P<dym>; did you mean .*?\?|;) allowed: (?P<known>.*)",
     N_("{value} is not an outcome{dym} allowed: {known}")),
    (r"no communes for (?P<codes>.*); present: (?P<present>.*)",
     N_("no communes for {codes}; present: {present}")),
    (r"the sweep sets this itself from (?P<key>\S+); vary that instead",
     N_("the sweep sets this itself from {key}; vary that instead")),
    (r"is not an input of a run; levers and uncertainties vary scenario parameters",
     N_("is not an input of a run; levers and uncertainties vary scenario parameters")),
    (r"every arm runs with the same (?P<key>\S+) \(common random numbers: arms differ only "
     r"by their policies and settings\), set for all of them by (?P<source>.+); remove it "
     r"from the arm", N_("every arm runs with the same {key} (common random numbers: arms "
                         "differ only by their policies and settings), set for all of them by "
                         "{source}; remove it from the arm")),
    (r"is not an input of a run; an arm sets scenario parameters \(remove it from the arm\)",
     N_("is not an input of a run; an arm sets scenario parameters (remove it from the arm)")),
    # (the value in the language's numbers: 'given', ``_more_value``)
    (r"repeats the value (?P<given>.+); give each value once \(a repeated value runs the "
     r"same points again\)", N_("repeats the value {given}; give each value once (a repeated "
                                 "value runs the same points again)")),
    (r"varies the same parameter as (?P<key>\S+); declare it once",
     N_("varies the same parameter as {key}; declare it once")),
    (r"(?P<both>.+) would both plan at the start; keep one \(or set sweep\.plan = "
     r"\"per_run\"\)", N_("{both} would both plan at the start; keep one (or set sweep.plan = "
                          "\"per_run\")")),
    (r"not a scenario parameter(?P<dym>(?:; did you mean .*\?)?) \(staffsim schema lists "
     r"them\)", N_("not a scenario parameter{dym} (staffsim schema lists them)")),
    (r"value (?P<given>.*?) is not allowed: (?P<inner>.*)",  # a sweep's extreme
     N_("value {given} is not allowed: {inner}")),
    # the dashboard's own refusals (staffsim.dashboard.auth, .server)
    (r"cannot be read \((?P<why>.*)\)", N_("cannot be read ({why})")),
    (r"is empty; put the password on its first line",
     N_("is empty; put the password on its first line")),
    (r"serving on (?P<host>\S+) lets other machines in: set a password first \((?P<env>\w+)="
     r"\.\.\. in the environment, or --password-file FILE\); on 127\.0\.0\.1 none is needed",
     N_("serving on {host} lets other machines in: set a password first ({env}=... in the "
        "environment, or --password-file FILE); on 127.0.0.1 none is needed")),
    (r"is (?P<n>\d+) characters; use at least (?P<least>\d+)",
     N_("is {n} characters; use at least {least}")),
    (r"cannot serve on (?P<address>\S+) \((?P<why>.*)\); choose another --port",
     N_("cannot serve on {address} ({why}); choose another --port")),
    # values in another unit (scenarios.params: the base salary, a zone multiple)
    (r"must be in VND a month, from (?P<bound>\S+) to (?P<max>\S+) \(got (?P<given>.*)\); "
     r"did you mean (?P<c>\S+) \(the base salary since 1 July 2024\)\?",
     N_("must be in VND a month, from {bound} to {max} (got {given}); did you mean {c} (the "
        "base salary since 1 July 2024)?")),
    (r"is a multiple of the base salary, from (?P<lo>\S+) to (?P<bound>\S+) \(got "
     r"(?P<given>.*)\); did you mean (?P<a>\S+) \((?P<b>\S+) %\)\?",
     N_("is a multiple of the base salary, from {lo} to {bound} (got {given}); did you mean "
        "{a} ({b} %)?")),
    (r"is a multiple of the base salary, from (?P<lo>\S+) to (?P<bound>\S+) \(got "
     r"(?P<given>.*)\)",
     N_("is a multiple of the base salary, from {lo} to {bound} (got {given})")),
))


# what the command line's messages quote inside them: a limit's name and unit
# (``scenarios.limits``), what it counted, and the reasons given by a codec, the operating
# system or the TOML reader
LIMIT_NAMES = {"input file size": N_("input file size"),
               "scenario file size": N_("scenario file size"),
               "table rows": N_("table rows"), "table columns": N_("table columns"),
               "communes": N_("number of communes"),
               "uncompressed .xlsx size": N_("uncompressed .xlsx size"),
               "workbook sheets": N_("workbook sheets"),
               "scenario nesting depth": N_("scenario nesting depth"),
               "officials": N_("number of officials"),
               "sweep design points": N_("sweep design points"), "sweep runs": N_("sweep runs"),
               "simulated months": N_("simulated months"),
               "commune-months of a run": N_("commune-months of a run"),
               "commune-months of a compare or sweep":
                   N_("commune-months of a compare or sweep")}
LIMIT_UNITS = {"rows": N_("rows"), "columns": N_("columns"), "communes": N_("communes"),
               "levels": N_("levels"), "officials": N_("officials"), "points": N_("points"),
               "runs": N_("runs"), "months": N_("months"), "sheets": N_("sheets"),
               "commune-months": N_("commune-months")}
# what a limit counted (``Limit.check``'s ``what``)
COUNTED: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"sheets", N_("sheets")),
    (r"officials the roster generator would create \(quota × staffing factors\)",
     N_("officials the roster generator would create (quota × staffing factors)")),
    (r"the number of points of the (?P<design>full factorial|Latin hypercube|Sobol|Morris) "
     r"design", N_("the number of points of the {design} design")),
    (r"(?P<a>[\d,]+) points? × (?P<b>[\d,]+) replications?",
     N_("{a} points × {b} replications")),
    (r"(?P<a>[\d,]+) runs? × (?P<b>[\d,]+) months?", N_("{a} runs × {b} months")),
    (r"2 plans × (?P<a>[\d,]+) replications × (?P<b>[\d,]+) months",
     N_("2 plans × {a} replications × {b} months")),
    (r"(?P<a>[\d,]+) arms × (?P<b>[\d,]+) replications × (?P<c>[\d,]+) months",
     N_("{a} arms × {b} replications × {c} months")),
    (r"(?P<a>[\d,]+) months × (?P<b>[\d,]+) replications × (?P<c>[\d,]+) communes",
     N_("{a} months × {b} replications × {c} communes")),
    # the communes' work of a compare or a sweep (``limits.STUDY_SERIES``)
    (r"(?P<a>[\d,]+) arms × (?P<b>[\d,]+) replications × (?P<c>[\d,]+) months × "
     r"(?P<d>[\d,]+) communes",
     N_("{a} arms × {b} replications × {c} months × {d} communes")),
    (r"(?P<a>[\d,]+) points × (?P<b>[\d,]+) replications × (?P<c>[\d,]+) months × "
     r"(?P<d>[\d,]+) communes",
     N_("{a} points × {b} replications × {c} months × {d} communes")),
    (r"(?P<a>[\d,]+) replications × (?P<b>[\d,]+) months × (?P<c>[\d,]+) communes of the "
     r"(?P<d>[\d,]+) points",
     N_("{a} replications × {b} months × {c} communes of the {d} points")),
    (r"2 plans × (?P<a>[\d,]+) replications × (?P<b>[\d,]+) months × (?P<c>[\d,]+) "
     r"communes", N_("2 plans × {a} replications × {b} months × {c} communes")),
))
# the designs as people call them (``experiments.design.DESIGN_NAMES``, a layer above: a
# test keeps the two the same), said in the language
_DESIGNS = ("full factorial", "Latin hypercube", "Sobol", "Morris")
_THINGS = {"file": N_("file"), "scenario file": N_("scenario file"),
           "checksum list": N_("checksum list"), "manifest": N_("manifest")}
# why a file of a sweep folder cannot be analysed (``sweep_folder.damaged``)
_DAMAGE = {"it cannot be read": N_("it cannot be read"),
           "edited since the sweep was sealed": N_("edited since the sweep was sealed"),
           "not listed in checksums.sha256": N_("not listed in checksums.sha256"),
           "missing": N_("missing"),
           "changed since the sweep was sealed": N_("changed since the sweep was sealed"),
           "not a JSON manifest": N_("not a JSON manifest"),
           "not a JSON sweep description": N_("not a JSON sweep description"),
           "not a sweep description staffsim wrote": N_("not a sweep description staffsim "
                                                        "wrote"),
           "its parameters are not a valid scenario": N_("its parameters are not a valid "
                                                         "scenario"),
           "not a Parquet table": N_("not a Parquet table"),
           "its runs have no point column": N_("its runs have no point column")}
_PLACES = {"the current folder": N_("the current folder"),
           "a parent of the current folder": N_("a parent of the current folder"),
           "the home folder": N_("the home folder"),
           "a parent of the home folder": N_("a parent of the home folder")}
# a what-if's settings both sides share (``staffsim.cli.questions.SHARED_SETTINGS``)
_SHARED = {"give the simulated horizon with --months":
           N_("give the simulated horizon with --months"),
           "give them with --replications": N_("give them with --replications"),
           "both sides use the scenario's seed, so that they differ only by their levers; "
           "change it in the scenario file": N_("both sides use the scenario's seed, so that "
                                                "they differ only by their levers; change it "
                                                "in the scenario file"),
           "the simulation's processes follow the machine's cores":
           N_("the simulation's processes follow the machine's cores"),
           "give the variant's settings with --set KEY=VALUE":
           N_("give the variant's settings with --set KEY=VALUE"),
           "give forced moves with --move": N_("give forced moves with --move"),
           "give the officials who stay with --keep":
           N_("give the officials who stay with --keep"),
           "give closed communes with --close-commune":
           N_("give closed communes with --close-commune"),
           "give the month with --month": N_("give the month with --month"),
           "give the preference with --keep-baseline-pairs":
           N_("give the preference with --keep-baseline-pairs"),
           "ask for it with --simulate": N_("ask for it with --simulate")}
_CODEC = {"invalid start byte": N_("invalid start byte"),
          "invalid continuation byte": N_("invalid continuation byte"),
          "unexpected end of data": N_("unexpected end of data"),
          # (UTF-16's: an odd byte at the end, half of a character pair)
          "truncated data": N_("truncated data"),
          "illegal UTF-16 surrogate": N_("illegal UTF-16 surrogate"),
          "illegal encoding": N_("illegal encoding")}
# the encodings a text table is not in, said in a refusal (``scenarios.tables._encoding``)
_NOT_READ = {"UTF-32 text": N_("UTF-32 text"),
             "UTF-16 text without a byte order mark":
             N_("UTF-16 text without a byte order mark")}
# the operating system's reasons (strerror, lower case as the folder checks write them)
OS_REASONS = {"permission denied": N_("permission denied"),
              "no such file or directory": N_("no such file or directory"),
              "read-only file system": N_("read-only file system"),
              "no space left on device": N_("no space left on device"),
              "disk quota exceeded": N_("disk quota exceeded"),
              "not a directory": N_("not a directory"), "is a directory": N_("is a directory"),
              "file exists": N_("file exists"), "file name too long": N_("file name too long"),
              "address already in use": N_("address already in use"),
              "cannot assign requested address": N_("cannot assign requested address"),
              "not a zip archive": N_("not a zip archive"),
              "a zip archive with no excel workbook in it":
              N_("a zip archive with no Excel workbook in it"),
              "damaged, or another format named .xlsx; save it again from excel as .xlsx":
              N_("damaged, or another format named .xlsx; save it again from Excel as .xlsx")}
_TOML = {"Invalid value": N_("Invalid value"), "Invalid statement": N_("Invalid statement"),
         "Cannot overwrite a value": N_("Cannot overwrite a value"),
         "Unterminated string": N_("Unterminated string"),
         "Unclosed array": N_("Unclosed array"),
         "Unclosed inline table": N_("Unclosed inline table"),
         "Invalid initial character for a key part":
         N_("Invalid initial character for a key part"),
         "Invalid date or datetime": N_("Invalid date or datetime"),
         "Expected ']' at the end of a table declaration":
         N_("Expected ']' at the end of a table declaration"),
         "Expected ']]' at the end of an array declaration":
         N_("Expected ']]' at the end of an array declaration"),
         "Expected '=' after a key in a key/value pair":
         N_("Expected '=' after a key in a key/value pair"),
         "Expected newline or end of document after a statement":
         N_("Expected newline or end of document after a statement")}


def why(_: Words, text: str) -> str:
    """A reason quoted in a message (a codec's, the system's, the TOML reader's) in the
    language; as it is if unknown."""
    m = re.fullmatch(r"(.+) at byte ([\d,]+)", text)  # (196,625: far into a file)
    if m:
        return _("{reason} at byte {n}", reason=_(_CODEC[m[1]]) if m[1] in _CODEC else m[1],
                 n=_.num(int(m[2].replace(",", ""))))
    m = re.fullmatch(r"field larger than field limit \((\d+)\)", text)
    if m:
        return _("field larger than field limit ({n})", n=m[1])
    m = re.fullmatch(r"no answer within (\S+) s \(--connect-timeout\)", text)
    if m:
        return _("no answer within {s} s (--connect-timeout)", s=m[1])
    return _(OS_REASONS[text.lower()]) if text.lower() in OS_REASONS else text


def toml_reason(_: Words, text: str) -> str:
    """The TOML reader's complaint, '... (at line 3, column 5)', in the language."""
    m = re.fullmatch(r"(.+?) \(at line (\d+), column (\d+)\)", text)
    what, at = (m[1], _(" (at line {line}, column {col})", line=m[2], col=m[3])) if m else (
        text, "")
    if not m and text.endswith(" (at end of document)"):
        what, at = text.removesuffix(" (at end of document)"), _(" (at end of document)")
    for pattern, message in ((r"Cannot declare (.+) twice", N_("Cannot declare {key} twice")),
                             (r"Illegal character (.+)", N_("Illegal character {key}")),
                             (r"Found invalid character (.+)",
                              N_("Found invalid character {key}")),
                             (r"Expected (.+)", N_("Expected {key}"))):
        hit = re.fullmatch(pattern, what)
        if hit and what not in _TOML:
            return _(message, key=hit[1]) + at
    return (_(_TOML[what]) if what in _TOML else what) + at


def _reason(_: Words, text: str, table: tuple) -> str:
    """A message of one of this module's tables in the language (unchanged if unknown), the
    values only the command line's messages quote worded here (``_more_value``)."""
    return reason(_, text, table, more=_more_value)


def number_words(_: Words, text: str) -> str:
    """A number as ``scenarios.errors.number_text`` writes it (1,000,000.5) in the language;
    other text, and whole numbers under 10,000 (a year, a count), as they are."""
    m = re.fullmatch(r"a (negative )?(\d+)-digit number", text)  # over 40 digits
    if m:
        return _(N_("a negative {n}-digit number") if m[1] else N_("a {n}-digit number"), n=m[2])
    if not re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?", text):
        return text
    plain = text.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    if not decimals and abs(int(plain)) < 10_000:
        return text
    # regrouped as text, with the language's symbols: through a float, 1e28's 29 digits
    # came out 9.999.999.999.999.999.583.119.736.832
    sample = _.num(1234.5, 1)  # '1.234,5' or '1,234.5'
    group, point = sample[1], sample[-2]
    whole, _sep, frac = plain.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = f"{int(digits):,}".replace(",", "\0") if digits else "0"
    return sign + grouped.replace("\0", group) + (point + frac if frac else "")


def cut_words(_: Words, text: str) -> str:
    """A text ``errors.cut`` shortened, its '… (59 more characters)' in the language."""
    m = re.fullmatch(r"(.*)… \(([\d,]+) more characters\)", text, re.S)
    if m is None:
        return text
    return m[1] + _("… ({n} more characters)", n=_.num(int(m[2].replace(",", ""))))


def list_words(_: Words, text: str) -> str:
    """``number_words`` of a number, or of each number of a list as the loader writes one
    ('[1,000,000,000, inf]'); other text as it is."""
    m = re.fullmatch(r"\[(.*)\]", text)
    if m and m[1].strip():
        return "[" + ", ".join(number_words(_, v) for v in m[1].split(", ")) + "]"
    return number_words(_, text)


def _more_value(_: Words, key: str, text: str) -> str | None:
    """The values of the command line's messages (``ERRORS``), None for the others."""
    if key == "column":
        return column_name(_, text)
    if key == "numcol":  # a plan file's number column: in Vietnamese the annex's header
        from staffsim.scenarios.tables import WRITTEN

        return WRITTEN[text][0] if _.lang == "vi" and text in WRITTEN else text
    if key == "why":
        return why(_, text)
    if key == "encoding" and text in _NOT_READ:
        return _(_NOT_READ[text])
    if key == "toml":
        return toml_reason(_, text)
    if key == "lname":
        return _(LIMIT_NAMES[text]) if text in LIMIT_NAMES else text
    if key in ("unit", "u"):  # ' rows', 'MB'
        word = text.strip()
        return text.replace(word, _(LIMIT_UNITS[word])) if word in LIMIT_UNITS else text
    if key == "of":
        return _reason(_, text, COUNTED)
    if key == "names":  # 'Điềm He (06280) 1,134, ...': the counts grouped in the language
        return re.sub(r"(?<![\d(])\d{1,3}(?:,\d{3})+(?![\d)])",
                      lambda m: _.num(int(m[0].replace(",", ""))), text)
    if key == "more":  # ' and 80 more communes'
        m = re.fullmatch(r" and ([\d,]+) more communes", text)
        return _(" and {n} more communes", n=_.num(int(m[1].replace(",", "")))) if m else text
    if key in ("count", "lvalue", "a", "b", "c", "d") \
            and re.fullmatch(r"\d[\d,]*(\.\d+)?", text):
        decimals = len(text.split(".")[1]) if "." in text else 0
        plain = text.replace(",", "")
        # a whole count exactly (a factorial design's 10^30 points: as a float, its digits
        # after the 16th were noise)
        return _.num(int(plain) if not decimals else float(plain), decimals)
    if key == "design" and text in _DESIGNS:
        return _(text)
    if key == "thing":
        return _(_THINGS[text]) if text in _THINGS else text
    if key == "place":
        return _(_PLACES[text]) if text in _PLACES else text
    if key == "shared":
        return _(_SHARED[text]) if text in _SHARED else text
    if key == "got":  # ' (got 5)', ' (got 1,000,000.5)', ' (got [1,000,000,000, inf])'
        m = re.fullmatch(r" \(got (.*)\)", text)
        return _(" (got {value})", value=list_words(_, m[1])) if m else text
    if key == "max":  # '1,000,000,000,000,000'
        return number_words(_, text)
    if key == "range":  # click's '0<=x<=600', 'x>=0', '0<x<=604800'
        return range_words(_, text)
    if key in ("given", "bound", "meant"):  # a value given (numbers), a bound, one meant
        return list_words(_, text)  # (the loader's number_text)
    if key == "dym":  # '; did you mean a or b?'
        m = re.fullmatch(r"; did you mean (.*)\?", text)
        return "; " + _("did you mean {either}?", either=_(" or ").join(m[1].split(" or "))) \
            if m else text
    if key == "both":  # 'a and b'
        return _(" and ").join(text.split(" and "))
    if key == "big":  # 'a 400-digit number', '100,000,000,000,000,000,000'
        m = re.fullmatch(r"a (\d+)-digit number", text)
        return _("a {n}-digit number", n=m[1]) if m else number_words(_, text)
    if key == "damage":
        return _(_DAMAGE[text]) if text in _DAMAGE else text
    if key == "holder":  # 'pid 12, since 2025-07-01T08:00:00+00:00: staffsim plan ...'
        m = re.fullmatch(r"pid (\d+), since (\S*): (.*)", text, re.S)
        return (_("pid {pid}, since {since}: {command}", pid=m[1], since=moment(m[2], _.lang),
                  command=cut_words(_, m[3]))
                if m else _("holder unknown") if text == "holder unknown" else text)
    if key in ("ptype", "path") and text in _CLICK_WORDS:  # click's words
        return _(_CLICK_WORDS[text])
    if key == "inner":  # another message inside this one
        return message_words(_, text)
    if key in SET_VALUES:
        return SET_VALUES[key](_, text)
    return None


# the units of the --set keys (``params.P``) in the messages of a --set number
SET_UNITS: dict[str, str] = {
    "year": N_("year"),
    "month": N_("month"),
    "road km per great-circle km": N_("road km per great-circle km"),
    "great-circle km": N_("great-circle km"),
    "days": N_("days"),
    "days / year": N_("days / year"),
    "hours": N_("hours"),
    "share of working time": N_("share of working time"),
    "multiplier": N_("multiplier"),
    "share / year": N_("share / year"),
    "share": N_("share"),
    "share of capacity": N_("share of capacity"),
    "dossiers / 1,000 residents / month": N_("dossiers / 1,000 residents / month"),
    "minutes": N_("minutes"),
    "working days": N_("working days"),
    "hours / commune / month": N_("hours / commune / month"),
    "FTE": N_("FTE"),
    "positions": N_("positions"),
    "residents": N_("residents"),
    "residents per position": N_("residents per position"),
    "officials": N_("officials"),
    "in-post / quota": N_("in-post / quota"),
    "share of quota": N_("share of quota"),
    "units": N_("units"),
    "years": N_("years"),
    "multiplier per unit overload": N_("multiplier per unit overload"),
    "years / year": N_("years / year"),
    "share / month": N_("share / month"),
    "months": N_("months"),
    "x base salary": N_("x base salary"),
    "x quota": N_("x quota"),
    "share of salary": N_("share of salary"),
    "runs": N_("runs"),
    "processes": N_("processes"),
    "seconds": N_("seconds"),
    "threads": N_("threads"),
    "VND / month": N_("VND / month"),
    "km": N_("km"),
    "road km": N_("road km"),
    "weight": N_("weight"),
    "weighted FTE": N_("weighted FTE"),
    "points per official": N_("points per official"),
    "per VND bn": N_("per VND bn"),
    "per move": N_("per move"),
    "per km": N_("per km"),
    "share of requirement": N_("share of requirement"),
    "share of staff": N_("share of staff"),
    "VND": N_("VND"),
    "communes": N_("communes"),
    "probability": N_("probability"),
    "multiplier per 100 km": N_("multiplier per 100 km"),
    "per base salary": N_("per base salary"),
    "contracts": N_("contracts"),
    "outcome unit": N_("outcome unit"),
    "bins": N_("bins"),
    "scenarios": N_("scenarios"),
}


def _set_example(_: Words, text: str) -> str:
    """'45,000,000,000 or 45e9 or 45 tỷ' in the language: each number as it writes one."""
    return _(" or ").join(number_words(_, part) for part in text.split(" or "))


SET_VALUES = {
    "nunit": lambda _, text: _(SET_UNITS[text]) if text in SET_UNITS else text,
    "nexample": _set_example,
    "nwritten": number_words,
}
# click's range notation (``_NumberRangeBase._describe_range``, ``cli.common.FiniteFloat``):
# each form as a sentence says it
_RANGES = {("<=", "<="): N_("from {lo} to {hi}"),
           ("<", "<="): N_("more than {lo} and at most {hi}"),
           ("<=", "<"): N_("from {lo} to less than {hi}"),
           ("<", "<"): N_("more than {lo} and less than {hi}"),
           (">=", ""): N_("{lo} or more"), (">", ""): N_("more than {lo}"),
           ("", "<="): N_("at most {hi}"), ("", "<"): N_("less than {hi}")}


def range_words(_: Words, text: str) -> str:
    """click's range, '0<=x<=600' or 'x>=0', in words with the language's numbers: 'từ 0
    đến 600', 'từ 0 trở lên'; as it is if not one."""
    num = r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?"
    m = re.fullmatch(rf"(?P<lo>{num})(?P<lop><=?)x(?P<hop><=?)(?P<hi>{num})", text)
    if m:
        ops, lo, hi = (m["lop"], m["hop"]), m["lo"], m["hi"]
    elif m := re.fullmatch(rf"x(?P<op>>=?)(?P<lo>{num})", text):
        ops, lo, hi = (m["op"], ""), m["lo"], ""
    elif m := re.fullmatch(rf"x(?P<op><=?)(?P<hi>{num})", text):
        ops, lo, hi = ("", m["op"]), "", m["hi"]
    else:
        return text

    def number(v: str) -> str:
        if not v:
            return v
        x = float(v)
        return _.num(x, 0) if x.is_integer() else number_words(_, repr(x))

    return _(_RANGES[ops], lo=number(lo), hi=number(hi))


def message_words(_: Words, text: str) -> str:
    """An error's message (without its file and place) in the language: ``PROBLEMS``, then
    ``ERRORS``; as it is if neither knows it."""
    said = _reason(_, text, PROBLEMS)
    return _reason(_, text, ERRORS) if said == text else said


# the command line's messages that a table's problem of the same start would take
# (``PROBLEMS`` words the first for the dashboard's upload)
FIRST: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    # a plan file's number cell outside its column's range (``plan_columns.RANGES``), said
    # as a scenario table's (``scenarios.tables.number``, in ``PROBLEMS``)
    (r"official (?P<id>\S+), column (?P<numcol>\w+): (?P<inner>.+ is out of range; allowed: "
     r".+)", N_("official {id}, column {numcol}: {inner}")),
    (r"this command plans one province; the scenario has (?P<n>\d+) \(choose one, e\.g\. "
     r"--set (?P<example>.*)\)", N_("this command plans one province; the scenario has {n} "
                                    "(choose one, e.g. --set {example})")),
))
# the lines that are no ScenarioError: click's usage errors (click 8), the operating
# system's (a file named, its strerror), and the command line's last resorts
PLAIN: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), m) for p, m in (
    (r"No such option '(?P<option>[^']*)'\.(?P<click>.*)",
     N_("No such option '{option}'.{click}")),
    (r"No such command '(?P<command>[^']*)'\. \(Did you mean one of: (?P<options>.*)\?\)",
     N_("No such command '{command}'. (Did you mean one of the commands: {options}?)")),
    (r"No such command '(?P<command>[^']*)'\.(?P<click>.*)",
     N_("No such command '{command}'.{click}")),
    (r"Missing argument '(?P<name>FILE|RESULT_DIR|SWEEP_DIR)'\.(?P<click>.*)",
     N_("Missing argument '{name}' ({what}).{click}")),
    (r"Missing argument '(?P<name>[^']*)'\.(?P<click>.*)",
     N_("Missing argument '{name}'.{click}")),
    (r"Missing option '(?P<option>[^']*)'\.(?P<click>.*)",
     N_("Missing option '{option}'.{click}")),
    (r"Invalid value for '(?P<option>[^']*)': (?P<click>.*)",
     N_("Invalid value for '{option}': {click}")),
    (r"Option '(?P<option>[^']*)' requires an argument\.",
     N_("Option '{option}' requires an argument.")),
    (r"Option '(?P<option>[^']*)' requires (?P<n>\d+) arguments\.",
     N_("Option '{option}' requires {n} arguments.")),
    (r"Option '(?P<option>[^']*)' does not take a value\.",
     N_("Option '{option}' does not take a value.")),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)",
     N_("Got unexpected extra argument(s) ({args})")),
    (r"input nested too deeply to read \(see README, Limits\)",
     N_("input nested too deeply to read (see README, Limits)")),
    (r"out of memory; the input or the run is too large for this machine \(see README, "
     r"Limits\)", N_("out of memory; the input or the run is too large for this machine (see "
                     "README, Limits)")),
    (r"a worker process ended abruptly \(killed, or out of memory\); run the command again, "
     r"with fewer --workers if memory is short",
     N_("a worker process ended abruptly (killed, or out of memory); run the command again, "
        "with fewer --workers if memory is short")),
    (r"the Dask scheduler or one of its workers was lost while the command ran \(its tasks "
     r"were cancelled\); check the cluster and run the command again",
     N_("the Dask scheduler or one of its workers was lost while the command ran (its tasks "
        "were cancelled); check the cluster and run the command again")),
    (r"(?P<path>.+): read-only file system; choose a folder you can write to",
     N_("{path}: read-only file system; choose a folder you can write to")),
    (r"(?P<path>.+): (?P<why>[^:]+)", "{path}: {why}"),
))
# the parts of click's messages after the first sentence
_CLICK: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), m) for p, m in (
    (r"'(?P<value>.*)' is not a specialty; allowed: (?P<allowed>[^(]*) \(or their Vietnamese "
     r"names, e\.g\. 'Địa chính', 'Tư pháp - hộ tịch'\)",
     N_("'{value}' is not a specialty; allowed: {allowed} (or their Vietnamese names, e.g. "
        "'Địa chính', 'Tư pháp - hộ tịch')")),
    (r" Did you mean '(?P<option>[^']*)'\?", N_(" Did you mean '{option}'?")),
    (r" \(Did you mean one of: (?P<options>.*)\?\)", N_(" (Did you mean one of: {options}?)")),
    (r" \(Possible options: (?P<options>.*)\)", N_(" (Possible options: {options})")),
    (r"'(?P<value>.*)' is not a valid (?P<ptype>integer|float|integer range|"
     r"float range|boolean)\.", N_("'{value}' is not a valid {ptype}.")),
    (r"(?P<given>.*) is not in the range (?P<range>.*)\.",
     N_("{given} is outside the allowed range: {range}.")),
    (r"'(?P<value>.*)' is not a number\.", N_("'{value}' is not a number.")),
    (r"(?P<value>.*) is not a finite number\.",
     N_("{value} is not a finite number; give a number such as 30.")),
    (r"'(?P<value>.*)' is not one of (?P<choices>.*)\.",
     N_("'{value}' is not one of {choices}.")),
    (r"'(?P<value>.*)' is not '(?P<choice>[^']*)'\.", N_("'{value}' is not '{choice}'.")),
    (r"empty; give the folder to write", N_("empty; give the folder to write")),
    (r"(?P<ptype>File|Path|Directory) '(?P<value>.*)' does not exist\.",
     N_("{ptype} '{value}' does not exist.")),
    (r"(?P<ptype>File|Path|Directory) '(?P<value>.*)' is a directory\.",
     N_("{ptype} '{value}' is a directory.")),
    (r"(?P<ptype>File|Path|Directory) '(?P<value>.*)' is a file\.",
     N_("{ptype} '{value}' is a file.")),
))
_CLICK_WORDS = {"integer": N_("integer"), "float": N_("number"),
                "integer range": N_("integer"), "float range": N_("number"),
                "boolean": N_("boolean"), "File": N_("File"), "Path": N_("Path"),
                "Directory": N_("Directory"),
                "(standard output or a file not named)":
                N_("(standard output or a file not named)")}


# the commands' arguments (their names as the usage line writes them), said in words
_ARGUMENTS = {"FILE": N_("the scenario file, .toml"),
              "RESULT_DIR": N_("the result folder to check"),
              "SWEEP_DIR": N_("the sweep's result folder")}


def plain_line(_: Words, text: str) -> str:
    """An error line that is no ``ScenarioError`` (click's usage errors, an operating
    system's error on a file, running out of memory) in the language; as it is if
    unknown."""
    if _.lang == "en":  # click's type names said as what to type ('1e3' for --seed 'is not
        # a valid integer range', a researcher's trial)
        text = re.sub(r"is not a valid (?:integer range|integer)\.", "is not a whole number.",
                      text)
        return re.sub(r"is not a valid (?:float range|float)\.", "is not a number.", text)
    for pattern, message in PLAIN:
        m = pattern.fullmatch(text)
        if not m:
            continue
        values = {}
        for k, v in m.groupdict().items():
            if k == "click":
                v = _reason(_, v, _CLICK) if v else v
            elif k == "why":
                said = why(_, v)
                if said == v:  # not one of the system's reasons: the line stays as it is
                    break
                v = said
            elif k == "path" and v in _CLICK_WORDS:
                v = _(_CLICK_WORDS[v])
            elif k == "name":  # an argument: what it is, in words, and its name as the
                # help in the language writes it ('TỆP', not 'FILE': its metavar through
                # the catalogue, as cli.common's usage line says it)
                if v in _ARGUMENTS:
                    values["what"] = _(_ARGUMENTS[v])
                v = _(v)
            values[k] = v
        else:
            return _(message, **values)
    return text


_VALID_LIST = re.compile(r"Input should be a valid list(?P<got>(?: \(got .*\))?)")


def list_example(key: str) -> str | None:
    """An example of the list parameter ``key`` as --set and a scenario file take it, in the
    kind of values the field holds: its allowed names (unit kinds, zones), kilometres or
    amounts in đồng for a distance or money list, its default when it has one; None for a
    key that is no list parameter."""
    from typing import Literal, get_args, get_origin

    from staffsim.scenarios.params import Params

    node: object = Params()
    parts = key.split(".")
    try:
        for part in parts[:-1]:
            node = getattr(node, part)
        field = type(node).model_fields[parts[-1]]
        default = getattr(node, parts[-1])
    except (AttributeError, KeyError):
        return None
    if get_origin(field.annotation) is not list:
        return None
    (item,) = get_args(field.annotation) or (None,)
    if get_origin(item) is Literal:
        values = list(get_args(item))[:3]
    elif item in (int, float) and parts[-1].endswith("_km"):
        values = [10, 20, 30, 40]
    elif item in (int, float) and parts[-1].endswith("_vnd"):
        values = [500000, 1000000, 1500000, 2000000]
    elif default:
        values = list(default)[:3]
    else:
        return None
    # (as TOML reads them: whole numbers without a decimal point or exponent)
    return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else
                           str(int(v)) if float(v).is_integer() else repr(float(v))
                           for v in values) + "]"


def _list_message(e) -> str:
    """``e``'s message, pydantic's 'Input should be a valid list (got ...)' given an example
    of the field's own (``list_example``) when there is one."""
    m = _VALID_LIST.fullmatch(e.message)
    example = list_example(e.where) if m and e.where else None
    return f"must be a list in brackets, e.g. {example}{m['got']}" if example else e.message


def error_line(_: Words, e) -> str:
    """A ``ScenarioError`` in the language: the file, where (a row, a column, a header, as
    the language names them) and the message (``PROBLEMS``, ``ERRORS``; as it is if
    neither knows it)."""
    said = _list_message(e)
    if said != e.message:
        from staffsim.scenarios.errors import ScenarioError

        e = ScenarioError(e.file, e.where, said)
    if _.lang == "en":  # the messages are written in English: as they are
        return str(e)
    file = _("command line") if e.file == "command line" else e.file
    if file.startswith("environment variable "):  # a limit's variable (scenarios.limits)
        file = _("environment variable {name}", name=file.removeprefix("environment "
                                                                      "variable "))
    message = _reason(_, e.message, FIRST)
    if message == e.message:
        message = message_words(_, e.message)
    return f"{file}: {location(_, e.where)}: {message}" if e.where else f"{file}: {message}"


def location(_: Words, text: str) -> str:
    """'row 5 (sheet 'Xã'), column commune_id', 'header (row 3)', 'sheet 'B', header' as the
    language says them."""
    parts = []
    for part in re.split(r", (?=column |header|row |sheet )", text):
        m = re.fullmatch(rf"row ({ROW})", part)
        if m:
            parts.append(_("row {n}", n=sheet_row(_, m[1])))
            continue
        m = re.fullmatch(r"column (.+)", part)
        if m:
            parts.append(_("column {name}", name=column_name(_, m[1])))
            continue
        m = re.fullmatch(r"sheet '(.*)'", part)
        if m:
            parts.append(_("sheet '{sheet}'", sheet=m[1]))
            continue
        m = re.fullmatch(r"header \(row (\d+)\)", part)
        parts.append(_("header (row {n})", n=m[1]) if m else where(_, part))
    return ", ".join(parts)


def problem(_: Words, text: str) -> str:
    """A table reader's (or an upload check's) problem in the tab's language."""
    return _reason(_, text, PROBLEMS)
