#!/usr/bin/python3
"""bench/ocr_pages.py — pages the shared scan fixtures lack, with ground truth.

    /usr/bin/python3 bench/ocr_pages.py FIXTURES_SCANS OUTDIR
    /usr/bin/python3 bench/ocr_pages.py --samples samples   (the test pages)
    /usr/bin/python3 bench/ocr_pages.py --blank-pdf N FILE  (N empty pages)

Needs Debian's python3-pil and fonts-liberation2 (tools/install-deps.sh
--bench). Drawn like the shared fixtures (scans/README.md, "Rendering your
own sample pages"): A4 at 300 dpi, Liberation Serif 2, margins 30/20 mm,
the same reading order for the ground truth (left block, then right block;
a table row by row, cell by cell, each cell's lines in order). Made per
letter folder, with the fixtures' naming (NNN.VARIANT.png|jpg, NNN.gt.txt):

  table.png / tablescan.jpg    a ruled table (2 to 4 columns, wrapped
                               cells) between paragraphs, clean and scanned
  seal.png / sealscan.jpg      a last page in colour: a red seal and a blue
                               signature over the signature block, clean
                               and as a colour office scan
  nearblank.jpg                a second page holding only the page number,
                               "Nơi nhận:" and the signature, on a shaded scan
  blank.jpg / blank.png        an empty page scanned (grey, uneven, noise) and
                               as 1-bit fax specks; empty ground truth
  english.png / englishscan.jpg  a Vietnamese letter with English names,
                               terms and addresses in it
  hard.png / harder.png        a fixture page degraded hard, and past good
                               reading (blur, low contrast, low resolution,
                               noise), for the page quality signal: a
                               spread of CER

Two sets of letters: t1..t2 ("tune": the thresholds were set on these) and
r1..r2 ("report": the figures in bench/README.md are on these); the hard
pages are made from the fixture letters 000 and 001 (tune) and 002
(report). Deterministic: the same output on every run.
"""
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

DPI = 300
W, H = 2480, 3508
ML, MR, MT = 354, 236, 236  # 30 / 20 / 20 mm
FONTS = "/usr/share/fonts/truetype/liberation2/LiberationSerif-"


def px(pt):
    return int(round(pt * DPI / 72.0))


_fonts = {}


def font(pt, style="Regular"):
    key = (pt, style)
    if key not in _fonts:
        _fonts[key] = ImageFont.truetype(FONTS + style + ".ttf", px(pt))
    return _fonts[key]


def text_w(s, f):
    return f.getlength(s)


def wrap(s, f, width):
    lines, cur = [], ""
    for word in s.split():
        t = word if not cur else cur + " " + word
        if text_w(t, f) <= width or not cur:
            cur = t
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


class Page:
    def __init__(self, colour=False):
        self.img = Image.new("RGB" if colour else "L", (W, H), "white")
        self.d = ImageDraw.Draw(self.img)
        self.y = MT
        self.gt = []

    def line(self, s, f, x, y, gt=True):
        self.d.text((x, y), s, font=f, fill="black")
        if gt:
            self.gt.append(s)

    def centred(self, lines, f, cx, y, pitch):
        for s in lines:
            self.line(s, f, cx - text_w(s, f) / 2, y)
            y += pitch
        return y

    def page_number(self, n):
        f = font(13)
        self.centred([str(n)], f, W / 2, self.y, px(13 * 1.3))
        self.y += px(13 * 2.2)

    def header(self, left, right):
        """left / right: lists of (text, pt, style). Left block first."""
        y0 = self.y
        lx = ML + (W - ML - MR) * 0.19
        rx = ML + (W - ML - MR) * 0.70
        yl = yr = y0
        for s, pt, st in left:
            yl = self.centred([s], font(pt, st), lx, yl, px(pt * 1.3))
        for s, pt, st in right:
            yr = self.centred([s], font(pt, st), rx, yr, px(pt * 1.3))
        self.y = max(yl, yr) + px(14)

    def para(self, s, pt=14, style="Regular", indent=True):
        f = font(pt, style)
        width = W - ML - MR
        first = px(pt * 2.1) if indent else 0
        lines = wrap(s, f, width - first)
        # the first line is narrower; rewrap the rest to the full width
        if len(lines) > 1:
            rest = wrap(" ".join(lines[1:]), f, width)
            lines = lines[:1] + rest
        for i, ln in enumerate(lines):
            self.line(ln, f, ML + (first if i == 0 else 0), self.y)
            self.y += px(pt * 1.3)
        self.y += px(6)

    def table(self, rows, widths, pt=13, head_bold=True, rule=3):
        """rows: list of rows of cell texts; widths: fractions of the text
        width. Ground truth: row by row, cell by cell, each cell's lines."""
        f, fb = font(pt), font(pt, "Bold")
        tw = W - ML - MR
        xs = [ML]
        for w in widths:
            xs.append(xs[-1] + int(tw * w))
        pad = px(5)
        pitch = px(pt * 1.3)
        y = self.y
        ys = [y]
        for r, row in enumerate(rows):
            ff = fb if (r == 0 and head_bold) else f
            cells = [wrap(c, ff, xs[i + 1] - xs[i] - 2 * pad) if c else [] for i, c in enumerate(row)]
            nlines = max(1, max(len(c) for c in cells))
            h = nlines * pitch + 2 * pad
            for i, cl in enumerate(cells):
                cy = y + pad
                for ln in cl:
                    # numbers right-aligned, text left-aligned, like a real table
                    if ln.replace(",", "").replace(".", "").replace("/", "").isdigit():
                        x = xs[i + 1] - pad - text_w(ln, ff)
                    else:
                        x = xs[i] + pad
                    self.line(ln, ff, x, cy)
                    cy += pitch
            y += h
            ys.append(y)
        for yy in ys:
            self.d.rectangle([xs[0], yy - rule // 2, xs[-1], yy - rule // 2 + rule - 1], fill="black")
        for xx in xs:
            self.d.rectangle([xx - rule // 2, ys[0], xx - rule // 2 + rule - 1, ys[-1]], fill="black")
        self.y = y + px(14)

    def foot(self, recipients, titles, name, sign_gap=px(26 * 1.0) * 4):
        """Nơi nhận (left) then the signature block (right). Returns the
        signature block's box (x0, y0, x1, y1) and the name's line y."""
        y0 = self.y + px(6)
        yl = y0
        self.line("Nơi nhận:", font(12, "BoldItalic"), ML, yl)
        yl += px(12 * 1.3)
        for s in recipients:
            self.line(s, font(11), ML, yl)
            yl += px(11 * 1.25)
        rx = ML + (W - ML - MR) * 0.70
        fb = font(14, "Bold")
        yr = y0
        for s in titles:
            yr = self.centred([s], fb, rx, yr, px(14 * 1.3))
        sig_y = yr
        yr += sign_gap
        self.centred([name], fb, rx, yr, px(14 * 1.3))
        wmax = max(text_w(s, fb) for s in titles + [name])
        self.y = max(yl, yr + px(20))
        return (rx - wmax / 2, y0, rx + wmax / 2, yr + px(14 * 1.3)), sig_y, yr


# ---- texts -----------------------------------------------------------------

TUNE, REPORT = "tune", "report"

HEADERS = {
    "t1": ([("UBND TỈNH BÌNH THUẬN", 13, "Regular"), ("SỞ THÔNG TIN", 13, "Bold"),
            ("VÀ TRUYỀN THÔNG", 13, "Bold"),
            ("Số: 412/STTTT-CĐS", 13, "Regular")],
           [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, "Bold"), ("Độc lập - Tự do - Hạnh phúc", 14, "Bold"),
            ("Bình Thuận, ngày 12 tháng 5 năm 2023", 14, "Italic")]),
    "t2": ([("UBND HUYỆN", 13, "Regular"), ("HÀM THUẬN BẮC", 13, "Regular"),
            ("VĂN PHÒNG", 13, "Bold"),
            ("Số: 87/BC-VP", 13, "Regular")],
           [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, "Bold"), ("Độc lập - Tự do - Hạnh phúc", 14, "Bold"),
            ("Hàm Thuận Bắc, ngày 03 tháng 10 năm 2022", 14, "Italic")]),
    "r1": ([("UBND TỈNH HÀ TĨNH", 13, "Regular"), ("SỞ NỘI VỤ", 13, "Bold"),
            ("Số: 1520/SNV-VTLT", 13, "Regular")],
           [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, "Bold"), ("Độc lập - Tự do - Hạnh phúc", 14, "Bold"),
            ("Hà Tĩnh, ngày 28 tháng 11 năm 2024", 14, "Italic")]),
    "r2": ([("UBND THÀNH PHỐ", 13, "Regular"), ("QUY NHƠN", 13, "Regular"),
            ("PHÒNG NỘI VỤ", 13, "Bold"),
            ("Số: 233/PNV-LT", 13, "Regular")],
           [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, "Bold"), ("Độc lập - Tự do - Hạnh phúc", 14, "Bold"),
            ("Quy Nhơn, ngày 19 tháng 6 năm 2024", 14, "Italic")]),
}

INTRO = {
    "t1": "Thực hiện Kế hoạch chuyển đổi số năm 2023, Sở Thông tin và Truyền thông báo cáo kết quả "
          "số hóa hồ sơ, tài liệu của các cơ quan, đơn vị như sau:",
    "t2": "Văn phòng HĐND và UBND huyện tổng hợp kết quả tiếp nhận, giải quyết hồ sơ thủ tục hành "
          "chính quý III năm 2022 trên Cổng dịch vụ công như sau:",
    "r1": "Căn cứ kết quả kiểm tra công tác văn thư, lưu trữ năm 2024, Sở Nội vụ thông báo tình hình "
          "chỉnh lý, số hóa tài liệu lưu trữ của các cơ quan, tổ chức như sau:",
    "r2": "Phòng Nội vụ báo cáo tiến độ lập hồ sơ công việc và nộp lưu hồ sơ vào Lưu trữ cơ quan của "
          "các phòng, ban chuyên môn thuộc UBND thành phố như sau:",
}

TABLES = {
    "t1": ([["Chỉ tiêu", "Kết quả"],
            ["Số hóa hồ sơ", "0,22/22"],
            ["Tỷ lệ hồ sơ giải quyết trực tuyến", "85,4%"],
            ["Văn bản điện tử có chữ ký số", "12.507"],
            ["Hồ sơ trễ hạn", "0"]], [0.62, 0.38]),
    "t2": ([["STT", "Lĩnh vực", "Tiếp nhận", "Đã giải quyết"],
            ["1", "Đất đai", "1.245", "1.198"],
            ["2", "Hộ tịch, chứng thực", "3.870", "3.866"],
            ["3", "Xây dựng và quy hoạch đô thị", "412", "397"],
            ["4", "Đăng ký kinh doanh hộ cá thể", "268", "268"]], [0.10, 0.50, 0.20, 0.20]),
    "r1": ([["STT", "Cơ quan, đơn vị", "Mét giá chỉnh lý", "Trang đã số hóa"],
            ["1", "Văn phòng UBND tỉnh", "120", "45.300"],
            ["2", "Sở Tài nguyên và Môi trường", "86", "21.940"],
            ["3", "Sở Kế hoạch và Đầu tư", "54", "18.025"],
            ["4", "Ban Quản lý Khu kinh tế tỉnh", "31", "9.612"]], [0.10, 0.46, 0.22, 0.22]),
    "r2": ([["Phòng, ban", "Hồ sơ đã lập", "Đã nộp lưu"],
            ["Phòng Tài chính - Kế hoạch", "214", "198"],
            ["Phòng Quản lý đô thị", "167", "150"],
            ["Phòng Tư pháp", "96", "96"],
            ["Thanh tra thành phố", "58", "41"]], [0.50, 0.25, 0.25]),
}

OUTRO = {
    "t1": "Đề nghị các cơ quan, đơn vị tiếp tục rà soát, cập nhật dữ liệu trên hệ thống trước ngày "
          "30 tháng 6 năm 2023.",
    "t2": "Các lĩnh vực còn hồ sơ chưa giải quyết đề nghị khẩn trương xử lý, báo cáo kết quả về "
          "Văn phòng trước ngày 15 tháng 10.",
    "r1": "Các cơ quan, tổ chức chưa hoàn thành chỉ tiêu chỉnh lý cần xây dựng kế hoạch cụ thể và "
          "báo cáo Sở Nội vụ trong quý I năm 2025.",
    "r2": "Đề nghị Trưởng các phòng, ban chỉ đạo hoàn thành việc nộp lưu hồ sơ năm 2023 trước "
          "ngày 31 tháng 7 năm 2024.",
}

FOOT = {
    "t1": (["- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT, CĐS."], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
           "Nguyễn Văn Thắng"),
    "t2": (["- Thường trực Huyện ủy;", "- Chủ tịch, các PCT UBND huyện;", "- Lưu: VT."],
           ["CHÁNH VĂN PHÒNG"], "Lê Thị Hồng Nhung"),
    "r1": (["- Như trên;", "- Bộ Nội vụ (b/c);", "- Giám đốc Sở;", "- Lưu: VT, VTLT."],
           ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Trần Quý Khẩn"),
    "r2": (["- UBND thành phố (b/c);", "- Các phòng, ban;", "- Lưu: VT, NV."],
           ["TRƯỞNG PHÒNG"], "Phạm Đức Dũng"),
}

SEAL_TEXT = {
    "t1": "UBND TỈNH BÌNH THUẬN * SỞ THÔNG TIN VÀ TRUYỀN THÔNG *",
    "t2": "UBND HUYỆN HÀM THUẬN BẮC * VĂN PHÒNG *",
    "r1": "UBND TỈNH HÀ TĨNH * SỞ NỘI VỤ *",
    "r2": "UBND THÀNH PHỐ QUY NHƠN * PHÒNG NỘI VỤ *",
}

CLOSING = {
    "t1": ["Sở Thông tin và Truyền thông báo cáo để UBND tỉnh biết, chỉ đạo./."],
    "t2": ["Trên đây là báo cáo kết quả giải quyết thủ tục hành chính quý III năm 2022 của "
           "Văn phòng HĐND và UBND huyện./."],
    "r1": ["Sở Nội vụ thông báo để các cơ quan, tổ chức biết, thực hiện. Trong quá trình thực hiện, "
           "nếu có vướng mắc, đề nghị phản ánh về Sở Nội vụ (qua Phòng Văn thư - Lưu trữ) để "
           "được hướng dẫn./."],
    "r2": ["Phòng Nội vụ kính báo cáo UBND thành phố xem xét, chỉ đạo./."],
}

ENGLISH = {
    "t1": ["Ngày 05 tháng 5 năm 2023, Sở làm việc với đoàn chuyên gia của World Bank về dự án "
           "Smart City và nền tảng Open Data Portal của tỉnh.",
           "Hệ thống thư điện tử công vụ chuyển sang Microsoft Exchange Server 2019; các đơn vị "
           "liên hệ qua địa chỉ hotro@binhthuan.gov.vn hoặc số điện thoại 0252 3822 101.",
           "Tài liệu tham khảo: Digital Government Architecture Framework, version 3.0, và báo "
           "cáo E-Government Development Index của United Nations năm 2022.",
           "Đề nghị các đơn vị cài đặt phần mềm Adobe Acrobat Reader và trình duyệt Google Chrome "
           "phiên bản mới nhất để ký số văn bản trên Cloud Server của tỉnh."],
    "r1": ["Đoàn công tác làm việc với Asian Development Bank và Korea International Cooperation "
           "Agency về Project Management Unit của dự án Records Management System.",
           "Phần mềm lưu trữ sử dụng cơ sở dữ liệu PostgreSQL, máy chủ Linux Ubuntu Server và "
           "chuẩn Open Archival Information System (OAIS) theo khuyến nghị quốc tế.",
           "Mọi vướng mắc xin gửi về địa chỉ vanthu@hatinh.gov.vn hoặc tra cứu tại trang "
           "https://dichvucong.hatinh.gov.vn trước ngày 15 tháng 12.",
           "Báo cáo được lập theo mẫu Annual Report Template do International Council on Archives "
           "ban hành, bản tiếng Anh gửi kèm theo email."],
}


# ---- degradations ------------------------------------------------------------

def gradient(size, rng, darkest):
    """A linear gradient from a random side (1.0 → darkest) and a vignette,
    as a multiplier image (L)."""
    w, h = size
    side = rng.choice("lrtb")
    g = Image.linear_gradient("L")  # 256 x 256, top 0 → bottom 255
    if side in "lr":
        g = g.rotate(90 if side == "l" else -90)
    elif side == "b":
        g = g.rotate(180)
    lo = int(255 * darkest)
    g = g.point(lambda v: 255 - (255 - lo) * v // 255)
    g = g.resize((w, h), Image.BILINEAR)
    vig = Image.radial_gradient("L").resize((w, h), Image.BILINEAR)
    vig = vig.point(lambda v: 255 - v * 20 // 255)
    return ImageChops.multiply(g, vig)


def scan(img, rng, angle=None, darkest=None, black=None, paper=None, quality=75, noise=10):
    """Office scanner look (as the fixtures' 'scan'): turned, uneven light,
    low contrast, blur, noise, JPEG. Works on L and RGB."""
    angle = rng.uniform(0.5, 2.5) * rng.choice((-1, 1)) if angle is None else angle
    darkest = rng.uniform(0.78, 0.86) if darkest is None else darkest
    black = rng.uniform(0.06, 0.14) if black is None else black
    paper = rng.uniform(0.93, 0.97) if paper is None else paper
    fill = "white" if img.mode == "L" else (255, 255, 255)
    out = img.rotate(angle, resample=Image.BICUBIC, fillcolor=fill)
    lo, hi = int(255 * black), int(255 * paper)
    out = out.point(lambda v: lo + (hi - lo) * v // 255)
    mul = gradient(out.size, rng, darkest)
    if out.mode == "RGB":
        mul = Image.merge("RGB", (mul, mul, mul))
    out = ImageChops.multiply(out, mul)
    out = out.filter(ImageFilter.GaussianBlur(0.7))
    n = Image.effect_noise(out.size, noise).point(lambda v: v - 128 + 128)
    if out.mode == "RGB":
        n = Image.merge("RGB", (n, n, n))
    out = ImageChops.add(out, n, 1.0, -128)
    out = out.filter(ImageFilter.GaussianBlur(0.6))
    return out, quality


def save(img, path, quality=None, dpi=DPI):
    if path.endswith(".jpg"):
        img.save(path, quality=quality or 75, dpi=(dpi, dpi))
    else:
        img.save(path, dpi=(dpi, dpi))


def write_gt(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        for s in lines:
            f.write(s + "\n")


# ---- the pages ---------------------------------------------------------------

def seal_layer(text, centre, radius, rng):
    """A red round seal (two rings, the agency's name around, a star) and
    nothing else, on a transparent RGBA layer the size of the page."""
    layer = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (205, 30, 40, 235)
    cx, cy = centre
    for r, wd in ((radius, 9), (radius - 26, 4), (int(radius * 0.42), 4)):
        d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=wd)
    f = font(15, "Bold")
    n = len(text)
    import math
    for i, ch in enumerate(text):
        a = -math.pi / 2 + 2 * math.pi * i / n
        glyph = Image.new("RGBA", (px(22), px(22)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=f, fill=red,
                                   anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        r = radius - 72
        layer.alpha_composite(glyph, (int(cx + r * math.cos(a) - glyph.width / 2),
                                      int(cy + r * math.sin(a) - glyph.height / 2)))
    star = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = radius * (0.30 if k % 2 == 0 else 0.12)
        star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(star, fill=red)
    return layer


def signature_layer(box, rng):
    """A blue hand signature: a few loops and a long stroke."""
    layer = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    blue = (25, 45, 170, 230)
    x0, y0, x1, y1 = box
    import math
    pts = []
    for k in range(90):
        t = k / 89.0
        x = x0 + (x1 - x0) * t
        y = (y0 + y1) / 2 + (y1 - y0) * 0.35 * math.sin(t * 11 + rng.uniform(0, 0.3)) * (1 - t * 0.5)
        pts.append((x, y))
    d.line(pts, fill=blue, width=7, joint="curve")
    d.line([(x0 + (x1 - x0) * 0.1, y1), (x1, y0 + (y1 - y0) * 0.2)], fill=blue, width=6)
    return layer


def multiply_layer(page, layer):
    """Ink on paper: the layer's colour multiplies what is under it, so black
    print under a red seal stays black."""
    rgb = layer.convert("RGB")
    a = layer.getchannel("A")
    white = Image.new("RGB", page.size, "white")
    ink = Image.composite(rgb, white, a)
    return ImageChops.multiply(page, ink)


def letter_top(p, key):
    left, right = HEADERS[key]
    p.header(left, right)
    p.para(INTRO[key])


def make_table(key, folder, rng):
    p = Page()
    letter_top(p, key)
    rows, widths = TABLES[key]
    p.table(rows, widths)
    p.para(OUTRO[key])
    rec, titles, name = FOOT[key]
    p.foot(rec, titles, name)
    save(p.img, folder + "/001.table.png")
    img, q = scan(p.img.copy(), rng)
    save(img, folder + "/001.tablescan.jpg", q)
    return p.gt


def make_seal(key, folder, rng):
    p = Page(colour=True)
    p.page_number(2)
    for s in CLOSING[key]:
        p.para(s)
    rec, titles, name = FOOT[key]
    box, sig_y, name_y = p.foot(rec, titles, name, sign_gap=px(110))
    x0, y0, x1, y1 = box
    # the signature between the titles and the name, over both a little
    sig = signature_layer((x0 + (x1 - x0) * 0.25, sig_y - px(6), x1 + px(10), name_y + px(12)), rng)
    # the seal over the left third of the signature block, as stamped
    radius = 224  # 38 mm across, a common seal
    seal = seal_layer(SEAL_TEXT[key], (int(x0 + (x1 - x0) * 0.15), int((sig_y + name_y) / 2 + 110)),
                      radius, rng)
    img = multiply_layer(multiply_layer(p.img, sig), seal)
    save(img, folder + "/002.seal.png")
    simg, q = scan(img.copy(), rng, quality=80)
    save(simg, folder + "/002.sealscan.jpg", q)
    return p.gt


def make_nearblank(key, folder, rng):
    p = Page()
    p.page_number(2)
    p.y += px(10)
    rec, titles, name = FOOT[key]
    p.foot(rec, titles, name)
    # A shaded scan: dark, uneven, low contrast
    img, q = scan(p.img.copy(), rng, darkest=rng.uniform(0.55, 0.62), black=0.22, paper=0.80,
                  noise=14)
    save(img, folder + "/002.nearblank.jpg", q)
    return p.gt


def make_blank(folder, rng):
    img = Image.new("L", (W, H), "white")
    simg, q = scan(img, rng)
    save(simg, folder + "/003.blank.jpg", q)
    fax = Image.new("1", (W, H), 1)
    d = ImageDraw.Draw(fax)
    for _ in range(400):
        x, y = rng.randrange(W), rng.randrange(H)
        s = rng.randrange(1, 4)
        d.rectangle([x, y, x + s, y + s], fill=0)
    save(fax, folder + "/003.blank.png")
    return []


def make_english(key, folder, rng):
    p = Page()
    letter_top(p, key)
    for s in ENGLISH[key]:
        p.para(s)
    rec, titles, name = FOOT[key]
    p.foot(rec, titles, name)
    save(p.img, folder + "/004.english.png")
    img, q = scan(p.img.copy(), rng)
    save(img, folder + "/004.englishscan.jpg", q)
    return p.gt


def make_hard(fix, letter, page, out, k, rng, level=0, variant="hard"):
    """A fixture page made hard to read, each page another way and strength;
    level 1 ("harder") past what can be read well."""
    img = Image.open("%s/%s/%03d.clean.png" % (fix, letter, page)).convert("L")
    how = (k + level) % 4
    if how == 0:  # blurred and dim
        img = img.filter(ImageFilter.GaussianBlur(2.6 + 0.5 * (k // 4) + 1.4 * level))
        img = img.point(lambda v: 90 + v * 140 // 255)
    elif how == 1:  # 90, 75 or 60 dpi
        dpi = 60 if level else 90 if k < 4 else 75
        img = img.resize((W * dpi // DPI, H * dpi // DPI), Image.LANCZOS)
        save(img, "%s/%03d.%s.png" % (out, page, variant), dpi=dpi)
        return
    elif how == 2:  # heavy noise
        n = Image.effect_noise(img.size, 100 + 25 * (k // 4) + 80 * level)
        img = ImageChops.add(img, n, 1.0, -128).filter(ImageFilter.GaussianBlur(1.0))
    else:  # washed out: the ink faint
        lo = 212 if level else 190
        img = img.point(lambda v: lo + v * (255 - lo) // 255).filter(ImageFilter.GaussianBlur(1.6))
    save(img, "%s/%03d.%s.png" % (out, page, variant))


def samples(out):
    """The test pages in samples/ (samples/README.md): a ruled table as a
    1-bit PNG, and the foot of a letter with a seal and a signature as a
    colour JPEG, each with its ground truth."""
    rng = random.Random("luutru-samples")
    p = Page()
    letter_top(p, "t2")
    rows, widths = TABLES["t2"]
    p.table(rows, widths)
    p.para(OUTRO["t2"])
    p.img.point(lambda v: 255 if v > 140 else 0).convert("1").save(out + "/bb-07-table.png",
                                                                    dpi=(DPI, DPI))
    write_gt(out + "/bb-07-table.gt.txt", p.gt)
    p = Page(colour=True)
    for s in CLOSING["r2"]:
        p.para(s)
    rec, titles, name = FOOT["r2"]
    box, sig_y, name_y = p.foot(rec, titles, name, sign_gap=px(110))
    x0, y0, x1, y1 = box
    sig = signature_layer((x0 + (x1 - x0) * 0.25, sig_y - px(6), x1 + px(10), name_y + px(12)), rng)
    seal = seal_layer(SEAL_TEXT["r2"], (int(x0 + (x1 - x0) * 0.15), int((sig_y + name_y) / 2 + 110)),
                      224, rng)
    img = multiply_layer(multiply_layer(p.img, sig), seal).crop((0, 0, W, p.y + px(20)))
    img.save(out + "/tt-09-seal.jpg", quality=80, dpi=(DPI, DPI))
    write_gt(out + "/tt-09-seal.gt.txt", p.gt)
    # a second page with only its number, "Nơi nhận:" and the signature;
    # the test shades it (tests/unit/test_ocr.c)
    p = Page()
    p.page_number(2)
    p.y += px(10)
    rec, titles, name = FOOT["r1"]
    p.foot(rec, titles, name)
    p.img.point(lambda v: 255 if v > 140 else 0).convert("1").save(out + "/nb-02-foot.png",
                                                                    dpi=(DPI, DPI))
    write_gt(out + "/nb-02-foot.gt.txt", p.gt)
    return 0


def blank_pdf(n, path):
    """A PDF of n empty A4 pages (one shared empty content stream), the
    shape of the 2,000-page, 264 KiB file of issue 21."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Length 0 >>\nstream\n\nendstream"]
    kids = []
    for i in range(n):
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                    "/Resources << >> >>")
        kids.append("%d 0 R" % len(objs))
    objs[1] = "<< /Type /Pages /Count %d /Kids [%s] >>" % (n, " ".join(kids))
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i + 1, o)).encode()
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
    for o in offs:
        out += ("%010d 00000 n \n" % o).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)).encode()
    with open(path, "wb") as f:
        f.write(out)
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--samples":
        return samples(sys.argv[2])
    if len(sys.argv) == 4 and sys.argv[1] == "--blank-pdf":
        return blank_pdf(int(sys.argv[2]), sys.argv[3])
    if len(sys.argv) != 3:
        sys.stderr.write("usage: ocr_pages.py FIXTURES_SCANS OUTDIR | --samples DIR\n")
        return 2
    fix, out = sys.argv[1], sys.argv[2]
    for key in ("t1", "t2", "r1", "r2"):
        rng = random.Random("luutru-" + key)
        folder = os.path.join(out, key)
        os.makedirs(folder, exist_ok=True)
        write_gt(folder + "/001.gt.txt", make_table(key, folder, rng))
        write_gt(folder + "/002.gt.txt", make_seal(key, folder, rng))
        # the near-blank page: the same page number 2, its own ground truth
        nb = os.path.join(out, key + "nb")
        os.makedirs(nb, exist_ok=True)
        write_gt(nb + "/002.gt.txt", make_nearblank(key, nb, rng))
        write_gt(folder + "/003.gt.txt", make_blank(folder, rng))
        if key in ENGLISH:
            write_gt(folder + "/004.gt.txt", make_english(key, folder, rng))
    k = 0
    for letter in sorted(os.listdir(fix)):
        if not os.path.isdir(os.path.join(fix, letter)):
            continue
        dest = os.path.join(out, "h" + letter)
        os.makedirs(dest, exist_ok=True)
        page = 1
        while os.path.exists("%s/%s/%03d.clean.png" % (fix, letter, page)):
            rng = random.Random("luutru-hard-%d" % k)
            make_hard(fix, letter, page, dest, k, rng)
            make_hard(fix, letter, page, dest, k, rng, 1, "harder")
            with open("%s/%s/%03d.gt.txt" % (fix, letter, page), encoding="utf-8") as f:
                gt = f.read()
            with open("%s/%03d.gt.txt" % (dest, page), "w", encoding="utf-8") as f:
                f.write(gt)
            page += 1
            k += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
