#!/usr/bin/env python3
"""tests/edocs/make_docs.py OUTDIR — the office files, e-mail and hostile
files the tests of issue 19 ingest (tests/integration/test_edocs.sh,
tests/unit/test_formats.c), written from scratch with the standard library
so that each test starts from files whose every byte it knows.

Every document carries words no other one has, so a search for them finds
exactly it. The legacy-font runs take their bytes from the committed
TCVN3 and VNI texts beside this script (tcvn3.txt, vni.txt), read as
Windows-1252: what Word keeps for a run set in ".VnTime" or "VNI-Times".
"""
import base64
import os
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

TCVN3_RUN = open(os.path.join(HERE, "tcvn3.txt"), "rb").read().decode("cp1252")
VNI_RUN = open(os.path.join(HERE, "vni.txt"), "rb").read().decode("cp1252")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_zip(name, parts, stored_first=None):
    path = os.path.join(OUT, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            z.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1],
                       compress_type=zipfile.ZIP_STORED)
        for n, data in parts:
            z.writestr(n, data)
    return path


CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>%s</Types>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(name, body_xml, title=None, extra=()):
    parts = [
        ("[Content_Types].xml", CT % '<Override PartName="/word/document.xml" ContentType='
         '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>'),
        ("word/styles.xml", '<?xml version="1.0" encoding="UTF-8"?><w:styles %s><w:docDefaults>'
         '<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
         '</w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" '
         'w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" '
         'w:styleId="Cu"><w:name w:val="Cu"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts '
         'w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style></w:styles>' % W),
        ("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<w:document %s><w:body>%s</w:body></w:document>' % (W, body_xml)),
    ]
    if title:
        parts.append(("docProps/core.xml", '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
                      'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                      'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title>'
                      '</cp:coreProperties>' % esc(title)))
    parts.extend(extra)
    return write_zip(name, parts)


def p(text, font=None, style=None):
    rpr = '<w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s"/></w:rPr>' % (font, font) if font else ""
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return '<w:p>%s<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (ppr, rpr, esc(text))


# DOCX: Unicode, a run in .VnTime, a paragraph of a style in .VnTime (the
# VNI text in a VNI font run), a table; and a deleted revision.
docx("word.docx",
     p("Kế hoạch quy hoạch thủy lợi vùng đồng bằng giai đoạn 2021-2025.")
     + p(TCVN3_RUN, font=".VnTime")
     + p(VNI_RUN, font="VNI-Times")
     + '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Hạng mục</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>'
       '<w:t>Kinh phí</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
     + '<w:p><w:del><w:r><w:delText>chữxóabỏ</w:delText></w:r></w:del></w:p>',
     title="Kế hoạch thủy lợi")
# A DOCX whose legacy text comes from a paragraph style (Cu: .VnTime).
docx("styled.docx", p(TCVN3_RUN.replace("tØnh", "thµnh"), style="Cu"))

# ODT: Unicode and a span in a '.VnTime' font face.
ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"')


def odf(name, mimetype, body, manifest_extra="", content_raw=None, title=None):
    content = content_raw if content_raw is not None else (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content %s office:version="1.2">'
        '<office:font-face-decls><style:font-face style:name="VnTime" '
        'svg:font-family="&apos;.VnTime&apos;"/></office:font-face-decls>'
        '<office:automatic-styles><style:style style:name="T1" style:family="text">'
        '<style:text-properties style:font-name="VnTime"/></style:style></office:automatic-styles>'
        '<office:body>%s</office:body></office:document-content>' % (ODF_NS, body))
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest %s>'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">%s'
                '</manifest:file-entry></manifest:manifest>' % (ODF_NS, mimetype, manifest_extra))
    parts = [("content.xml", content), ("META-INF/manifest.xml", manifest)]
    if title:
        parts.append(("meta.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-meta %s '
                      'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">'
                      '<office:meta><dc:title>%s</dc:title></office:meta></office:document-meta>'
                      % (ODF_NS, esc(title))))
    return write_zip(name, parts, stored_first=("mimetype", mimetype))


ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
odf("text.odt", ODT,
    '<office:text><text:h>Phương án giải phóng mặt bằng dự án đường tỉnh</text:h>'
    '<text:p>Diện tích thu hồi<text:s text:c="2"/>12 ha.<text:tab/>Ghi chú: '
    '<text:span text:style-name="T1">%s</text:span></text:p></office:text>'
    % esc(TCVN3_RUN.split(".")[0]), title="Phương án giải phóng mặt bằng")
odf("table.ods", ODS,
    '<office:spreadsheet><table:table table:name="Tổng hợp"><table:table-row>'
    '<table:table-cell><text:p>Quyết toán ngân sách xã</text:p></table:table-cell>'
    '<table:table-cell><text:p>2022</text:p></table:table-cell></table:table-row>'
    '</table:table></office:spreadsheet>')

# XLSX: shared strings (one a rich run in .VnTime), a cell whose format's
# font is VNI-Times, an inline string and numbers.
X = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
write_zip("sheet.xlsx", [
    ("[Content_Types].xml", CT % '<Override PartName="/xl/workbook.xml" ContentType="application/'
     'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'),
    ("xl/workbook.xml", '<workbook %s %s><sheets><sheet name="Kinh phí" sheetId="1" r:id="rId1"/>'
     '</sheets></workbook>' % (X, R)),
    ("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
     '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
     'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    ("xl/styles.xml", '<styleSheet %s><fonts count="2"><font><name val="Calibri"/></font><font>'
     '<name val="VNI-Times"/></font></fonts><cellXfs count="2"><xf fontId="0"/><xf fontId="1"/>'
     '</cellXfs></styleSheet>' % X),
    ("xl/sharedStrings.xml", '<sst %s count="3"><si><t>Kinh phí bồi dưỡng cán bộ lưu trữ</t></si>'
     '<si><r><rPr><rFont val=".VnTime"/></rPr><t>%s</t></r></si><si><t>%s</t></si></sst>'
     % (X, esc(TCVN3_RUN.split(".")[0]), esc(VNI_RUN.split(".")[0]))),
    ("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
     '<c r="B1"><v>1500000</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
     '<row r="3"><c r="A3" t="s" s="1"><v>2</v></c><c r="B3" t="inlineStr"><is><t>ghi chú nội bộ</t>'
     '</is></c></row></sheetData></worksheet>' % X),
])

# PPTX: two slides.
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'


def slide(text):
    return ('<p:sld %s %s><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:rPr lang="vi-VN"/>'
            '<a:t>%s</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>' % (P, A, esc(text)))


write_zip("slides.pptx", [
    ("[Content_Types].xml", CT % '<Override PartName="/ppt/presentation.xml" ContentType="application/'
     'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'),
    ("ppt/presentation.xml", '<p:presentation %s/>' % P),
    ("ppt/slides/slide1.xml", slide("Đề án chuyển đổi số ngành lưu trữ")),
    ("ppt/slides/slide2.xml", slide("Lộ trình thực hiện")),
])

# RTF: Unicode as \uN with fallbacks, and a run in .VnTime as \'hh.
tc = "".join(c if ord(c) < 0x80 else "\\'%02x" % c.encode("cp1252")[0]
             for c in TCVN3_RUN.split(".")[0])
uni = "".join(c if ord(c) < 0x80 else "\\u%d?" % ord(c)
              for c in "Phương án phòng cháy chữa cháy trụ sở cơ quan")
open(os.path.join(OUT, "letter.rtf"), "w").write(
    "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}"
    "{\\f1\\fnil\\fcharset0 .VnTime;}}{\\*\\generator test;}{\\info{\\title nope}}"
    "\\f0\\fs24 " + uni + "\\par {\\f1 " + tc + "}\\par}")

# E-mail: a text part in quoted-printable UTF-8, an encoded-word subject, a
# DOCX attachment (its own words) and a zip luutru does not read.
att = docx("_attachment.docx", p("Phương án bảo vệ rừng phòng hộ đầu nguồn năm 2024"))
att_b64 = base64.encodebytes(open(att, "rb").read()).decode()
os.remove(att)
qp = ("Kính gửi Văn phòng,=0A=0AĐơn kiến nghị về ô nhiễm môi trường tại khu công nghiệp."
      .encode("utf-8"))
qp_text = "".join(chr(b) if 32 < b < 127 and b != 61 else "=%02X" % b for b in qp)
qp_text = qp_text.replace("=3D0A", "=0A").replace("=20", " ")
zip_b64 = base64.encodebytes(b"PK\x05\x06" + b"\0" * 18).decode()
subject = "=?UTF-8?B?%s?=" % base64.b64encode("Đơn kiến nghị môi trường".encode()).decode()
open(os.path.join(OUT, "mail.eml"), "w").write(
    "From: Nguyen Van A <a@example.vn>\r\nTo: vanthu@example.gov.vn\r\n"
    "Date: Tue, 2 Jan 2024 09:00:00 +0700\r\nSubject: %s\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\npreamble\r\n--XYZ\r\n"
    "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    "%s\r\n--XYZ\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml"
    ".document; name=\"phuong-an.docx\"\r\nContent-Disposition: attachment; "
    "filename=\"phuong-an.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n--XYZ\r\n"
    "Content-Type: application/zip\r\nContent-Disposition: attachment; filename=\"du-lieu.zip\"\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--XYZ--\r\n"
    % (subject, qp_text, att_b64, zip_b64))

# ---- hostile files ------------------------------------------------------

bad = os.path.join(OUT, "bad")
os.makedirs(bad, exist_ok=True)
OUT_SAVED, OUT = OUT, bad
# A zip bomb: 64 MiB of one character in the body, compressed a
# thousandfold.
docx("bomb.docx", "<w:p><w:r><w:t>" + "a" * (64 << 20) + "</w:t></w:r></w:p>")
# Entity expansion ("billion laughs") in document.xml.
laughs = ('<!DOCTYPE w:document [<!ENTITY a "lollollollollollollol">'
          + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&" + chr(97 + i) + ";") * 10)
                    for i in range(8)) + ']>')
write_zip("entity.docx", [
    ("[Content_Types].xml", CT % ""),
    ("word/document.xml", '<?xml version="1.0"?>' + laughs + '<w:document %s><w:body><w:p><w:r>'
     '<w:t>&i;</w:t></w:r></w:p></w:body></w:document>' % W)])
# An encrypted ODT: the manifest lists encryption data; content.xml is
# ciphertext.
odf("encrypted.odt", ODT, "", manifest_extra='<manifest:encryption-data manifest:checksum-type='
    '"SHA1/1K" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name='
    '"Blowfish CFB" manifest:initialisation-vector="AAAA"/></manifest:encryption-data>',
    content_raw=os.urandom(512))


def cfb(streams):
    """An OLE2 compound file (512-byte sectors) with these streams, each
    padded to 4096 bytes so that none lives in the mini stream."""
    sectors, fat, entries = [], [], []
    first = 2
    for name, data in streams:
        data = data.ljust(4096, b"\0")
        n = len(data) // 512
        entries.append((name, first, len(data)))
        for k in range(n):
            sectors.append(data[k * 512:(k + 1) * 512])
            fat.append(first + k + 1 if k + 1 < n else 0xFFFFFFFE)
        first += n
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + fat
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name, typ, start, size, child=0xFFFFFFFF, right=0xFFFFFFFF):
        n = (name + "\0").encode("utf-16-le")
        return (n.ljust(64, b"\0") + struct.pack("<HBBIII", len(n), typ, 1, 0xFFFFFFFF, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))
    d = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
    for i, (name, start, size) in enumerate(entries):
        d += entry(name, 2, start, size, right=i + 2 if i + 1 < len(entries) else 0xFFFFFFFF)
    d = d.ljust(512, b"\0")
    hdr = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
           + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
           + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
           + struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108)
    return hdr + struct.pack("<128I", *fat) + d + b"".join(sectors)


# An encrypted DOCX (Office's agile encryption: an OLE2 file, not a zip).
open(os.path.join(bad, "encrypted.docx"), "wb").write(
    cfb([("EncryptionInfo", b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>"),
         ("EncryptedPackage", os.urandom(64))]))
# An encrypted DOC: the FIB's fEncrypted flag.
fib = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, 0x0100)
open(os.path.join(bad, "encrypted.doc"), "wb").write(cfb([("WordDocument", fib)]))
# An encrypted XLS: FILEPASS right after the BOF.
wb = struct.pack("<HH", 0x0809, 16) + b"\0" * 16 + struct.pack("<HH", 0x002F, 4) + b"\1\0\1\0"
open(os.path.join(bad, "encrypted.xls"), "wb").write(cfb([("Workbook", wb)]))
OUT = OUT_SAVED
