#!/usr/bin/python3
"""Makes the .xlsx fixtures of tests/unit/test_io_xlsx.c. Run it from anywhere:

    /usr/bin/python3 tests/unit/data/xlsx/make_fixtures.py

Needs Debian's python3-openpyxl and python3-xlsxwriter (only to remake the fixtures: the
files it writes are committed). The workbooks come from real writers, so the reader is
tested on what users upload; handmade.xlsx is written by hand for what those writers never
do (prefixed elements, cells without addresses, phonetic runs, tabs out of file order);
the rest are broken on purpose. The writers stamp the time into the archive and
docProps/core.xml; those stamps are set to one fixed time, so a rerun makes the same files.
"""
import datetime
import io
import os
import re
import struct
import zipfile

import openpyxl
import xlsxwriter
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def openpyxl_book():
    """Shared strings in Chinese, numbers, 1900 dates, gaps, tabs moved out of creation order.
    openpyxl names sheet parts with absolute targets (/xl/worksheets/sheet1.xml)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws["A1"] = "单位名称"
    ws["B1"] = "人数"
    ws["C1"] = "成立日期"
    ws["A2"] = "山东省济南市历下区"
    ws["B2"] = 12
    ws["C2"] = datetime.date(2024, 3, 31)  # openpyxl gives it the format yyyy-mm-dd
    ws["A3"] = "  前后有空格  "
    ws["B3"] = 12.5
    ws["C3"] = datetime.datetime(1900, 3, 1, 12, 0)
    ws["D5"] = "gap"  # rows 4 and 5 partly empty, column D after empty C5
    ws["B7"] = -0.25
    ws["A8"] = True
    ws["B8"] = False
    second = wb.create_sheet("Zeta")
    second["A1"] = "z"
    third = wb.create_sheet("Alpha")
    third["B2"] = "a"
    wb.move_sheet("Alpha", offset=-1)  # tabs: 名单, Alpha, Zeta
    wb.save(path("openpyxl.xlsx"))


def openpyxl_1904():
    """The 1904 date system, and dates stored as ISO 8601 text (t="d")."""
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "1904"
    ws["A1"] = datetime.date(2024, 3, 31)
    ws["A2"] = datetime.date(1904, 1, 2)
    wb.save(path("openpyxl_1904.xlsx"))

    wb = openpyxl.Workbook(iso_dates=True)
    ws = wb.active
    ws["A1"] = datetime.datetime(2024, 3, 31, 8, 30)
    wb.save(path("iso_dates.xlsx"))


def xlsxwriter_book():
    """Shared strings (Chinese, rich text), formulas with cached values, built-in and custom
    date formats, tabs "数据", "b", "A".
    xlsxwriter names sheet parts relative to the workbook (worksheets/sheet1.xml)."""
    wb = xlsxwriter.Workbook(path("xlsxwriter.xlsx"))
    ws = wb.add_worksheet("数据")
    bold = wb.add_format({"bold": True})
    red = wb.add_format({"font_color": "red"})
    ws.write_rich_string("A1", "普通", bold, "加粗", red, "红色")
    ws.write_number("A2", 40)
    ws.write_number("B2", 2)
    ws.write_formula("C2", "=A2+B2", None, 42)
    ws.write_formula("D2", '=A1&"!"', None, "普通加粗红色!")
    ws.write_formula("E2", "=1/0", None, "#DIV/0!")
    ws.write_formula("F2", "=A2>B2", None, True)
    date = datetime.datetime(2024, 3, 31)
    ws.write_datetime("A3", date, wb.add_format({"num_format": 14}))
    ws.write_datetime("B3", date, wb.add_format({"num_format": 'yyyy"年"m"月"d"日"'}))
    ws.write_datetime("C3", date, wb.add_format({"num_format": "[$-409]d-mmm-yy;@"}))
    ws.write_number("D3", 1.5, wb.add_format({"num_format": "[h]:mm"}))  # a duration
    ws.write_number("E3", 7, wb.add_format({"num_format": '"d"0'}))      # quoted d
    ws.write_number("F3", 45382, wb.add_format({"num_format": "0.00"}))
    ws.write_string("A4", "tab\there\r\nCRLF")
    ws.write_string("A5", "山东省济南市")
    ws.write_string("C5", "山东省济南市")  # the same shared string twice
    wb.add_worksheet("b").write("A1", "second tab")
    wb.add_worksheet("A").write("A1", "third tab")
    wb.close()


def xlsxwriter_inline_1904():
    """constant_memory makes xlsxwriter write inline strings (t="inlineStr"), rich ones too."""
    wb = xlsxwriter.Workbook(path("inline_1904.xlsx"), {"constant_memory": True, "date_1904": True})
    ws = wb.add_worksheet()
    bold = wb.add_format({"bold": True})
    ws.write_string(0, 0, "内联字符串")
    ws.write_rich_string(0, 1, "甲", bold, "乙")
    ws.write_datetime(1, 0, datetime.datetime(2024, 3, 31), wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_number(1, 1, 0, wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_string(3, 2, " x ")
    wb.close()


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def write_zip(name, parts):
    with zipfile.ZipFile(path(name), "w") as z:
        for part, text in parts:
            z.writestr(zipfile.ZipInfo(part, FIXED_TIME), text, zipfile.ZIP_DEFLATED)


def fix_time(name):
    """Rewrites a writer's archive with FIXED_TIME in place of now; the parts stay as written."""
    with zipfile.ZipFile(path(name)) as z:
        parts = [(info.filename, z.read(info)) for info in z.infolist()]
    stamp = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
    write_zip(name, [(part, stamp.sub(b"2024-01-01T00:00:00Z", data) if part == "docProps/core.xml" else data)
                     for part, data in parts])


def handmade():
    """What the real writers above never do but other writers (or people) might."""
    workbook = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="{SML}" xmlns:rel="{REL}">
  <x:sheets>
    <x:sheet name="第二" sheetId="2" rel:id="rIdB"/>
    <x:sheet name="first" sheetId="1" rel:id="rIdA"/>
    <x:sheet name="chart" sheetId="3" rel:id="rIdC"/>
  </x:sheets>
</x:workbook>"""
    rels = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdA" Type="{REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rIdB" Type="{REL}/worksheet" Target="./sheets/../worksheets/sheet%202.xml"/>
<Relationship Id="rIdC" Type="{REL}/chartsheet" Target="chartsheets/sheet1.xml"/>
<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rIdT" Type="{REL}/styles" Target="styles.xml"/>
</Relationships>"""
    sst = f"""<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="{SML}" count="4" uniqueCount="4">
  <si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></si>
  <si><r><rPr><b/></rPr><t xml:space="preserve">  粗体 </t></r><r><t>普通</t></r></si>
  <si><t>line_x000D_break and _x005F_x0041_ kept</t></si>
  <si><t/></si>
</sst>"""
    styles = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{SML}">
  <numFmts count="2">
    <numFmt numFmtId="164" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>
    <numFmt numFmtId="165" formatCode="[Red]0.00\\ &quot;day&quot;"/>
  </numFmts>
  <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
  <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="31"/></cellXfs>
</styleSheet>"""
    sheet1 = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{SML}"><sheetData>
  <row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c s="1"><v>45382</v></c></row>
  <row><c s="2"><v>45382</v></c><c s="3"><v>45382</v></c><c t="e"><v>#N/A</v></c><c s="1"/></row>
  <row r="5"><c r="C5" t="s"><v>2</v></c><c t="s"><v>3</v></c></row>
  <row><c t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r><rPh><t>x</t></rPh></is></c></row>
</sheetData></worksheet>"""
    sheet2 = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{SML}"><sheetData>
  <row r="2"><c r="B2"><v>2</v></c><c r="A2"><v>1</v></c></row>
  <row r="1"><c r="A1" t="str"><f>"x"</f><v>x</v></c><c r="B1"><f>1+1</f></c></row>
</sheetData></worksheet>"""
    write_zip("handmade.xlsx", [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/sharedStrings.xml", sst),
        ("xl/styles.xml", styles),
        ("xl/worksheets/sheet1.xml", sheet1),
        ("xl/worksheets/sheet 2.xml", sheet2),
        ("xl/chartsheets/sheet1.xml", f'<chartsheet xmlns="{SML}"/>'),
    ])


def broken():
    with open(path("not_zip.xlsx"), "w") as f:
        f.write("单位名称,人数\n山东省,12\n")
    write_zip("no_workbook.zip", [("readme.txt", "just a zip")])
    with open(path("openpyxl.xlsx"), "rb") as f:
        whole = f.read()
    with open(path("truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    # 16 MiB of XML that deflates to a few KiB: past any sane max_bytes
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>0</v></c></row>' for i in range(1, 2))
    sheet = (f'<worksheet xmlns="{SML}"><sheetData>{rows}</sheetData>'
             + "<!--" + "0" * (16 << 20) + "-->" + "</worksheet>")
    workbook = (f'<workbook xmlns="{SML}" xmlns:r="{REL}"><sheets>'
                '<sheet name="bomb" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>")
    write_zip("bomb.xlsx", [
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet),
    ])


def lying_size():
    """A zip bomb whose directory says its 4 MiB sheet is 100 bytes: only counting the bytes
    as they come out stops it (libzip checks the CRC, not the size)."""
    sheet = (f'<worksheet xmlns="{SML}"><sheetData/>' + "<!--" + "0" * (4 << 20) + "-->"
             + "</worksheet>").encode()
    workbook = (f'<workbook xmlns="{SML}" xmlns:r="{REL}"><sheets>'
                '<sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for part, text in [("xl/worksheets/sheet1.xml", sheet), ("xl/workbook.xml", workbook),
                           ("xl/_rels/workbook.xml.rels", rels)]:
            z.writestr(zipfile.ZipInfo(part, FIXED_TIME), text, zipfile.ZIP_DEFLATED)
    data = bytearray(buf.getvalue())
    lie = struct.pack("<I", 100)
    # the first entry's local header: uncompressed size at offset 22
    assert struct.unpack("<I", data[22:26])[0] == len(sheet)
    data[22:26] = lie
    # its central directory entry: uncompressed size at offset 24
    cd = data.find(b"PK\x01\x02")
    assert struct.unpack("<I", data[cd + 24:cd + 28])[0] == len(sheet)
    data[cd + 24:cd + 28] = lie
    with open(path("lying_size.xlsx"), "wb") as f:
        f.write(data)


def main():
    openpyxl_book()
    openpyxl_1904()
    xlsxwriter_book()
    xlsxwriter_inline_1904()
    for name in ["openpyxl.xlsx", "openpyxl_1904.xlsx", "iso_dates.xlsx", "xlsxwriter.xlsx", "inline_1904.xlsx"]:
        fix_time(name)
    handmade()
    broken()
    lying_size()
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".py"):
            size = os.path.getsize(path(name))
            assert size < 100 << 10, name
            print(f"{size:8d} {name}")


if __name__ == "__main__":
    main()
