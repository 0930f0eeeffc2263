"""Generated scanned official documents (Nghị định 30/2020 layout) and the damage real
archives do to them.

A page is drawn with PIL at 300 dpi: the issuer block on the left (parent body over the
issuing body, underlined), the national motto on the right, `Số: …` under the issuer,
the place-date line under the motto, the type and subject centred (or a `V/v` line under
the number for a công văn), a few body paragraphs, the signature block on the right (title,
a pen scribble, the name) and `Nơi nhận:` on the left. Every value drawn is also returned as
the gold of the page, so a distortion's cost per field is measured without any real file.
The lists below are written for this generator (any province, any union or school body).
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 300
A4 = (2480, 3508)  # pixels at 300 dpi
FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"),
             Path("/usr/share/fonts/truetype/dejavu")]

PROVINCES = ["Thái Bình", "Nghệ An", "Quảng Ngãi", "Bình Định", "Đồng Tháp", "Kiên Giang",
             "Phú Thọ", "Tuyên Quang", "Hà Tĩnh", "Quảng Trị", "Gia Lai", "Đắk Lắk",
             "Lâm Đồng", "Bến Tre", "Vĩnh Long", "Ninh Bình", "Hưng Yên", "Lạng Sơn",
             "Yên Bái", "Thanh Hóa", "Bắc Giang", "Tây Ninh"]
DISTRICTS = ["Tiền Hải", "Diễn Châu", "Tư Nghĩa", "Phù Cát", "Cao Lãnh", "Gò Quao", "Lâm Thao",
             "Sơn Dương", "Cẩm Xuyên", "Hải Lăng", "Chư Sê", "Krông Pắc", "Đức Trọng",
             "Mỏ Cày Nam", "Tam Bình", "Gia Viễn", "Văn Lâm", "Cao Lộc", "Văn Chấn",
             "Thọ Xuân", "Lục Nam", "Trảng Bàng"]
SCHOOLS = ["Nguyễn Du", "Lê Lợi", "Trần Phú", "Chu Văn An", "Lý Tự Trọng", "Kim Đồng",
           "Võ Thị Sáu", "Hoàng Hoa Thám", "Phan Bội Châu", "Lương Thế Vinh"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương",
          "Lý", "Hồ", "Trịnh", "Đinh", "Lương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thị Thu",
          "Công", "Kim"]
GIVEN = ["Hùng", "Lan", "Tuấn", "Hà", "Dũng", "Hương", "Sơn", "Mai", "Thắng", "Nga", "Bình",
         "Phượng", "Cường", "Thủy", "Khánh", "Long", "Yến", "Toàn"]
# (type shown, type code in the number); None: công văn (no type line, a V/v line)
TYPES = [("KẾ HOẠCH", "KH"), ("THÔNG BÁO", "TB"), ("BÁO CÁO", "BC"), ("QUYẾT ĐỊNH", "QĐ"),
         ("HƯỚNG DẪN", "HD"), ("TỜ TRÌNH", "TTr"), (None, None)]
SUBJECTS = [
    "Tổ chức các hoạt động chào mừng ngày Quốc tế Phụ nữ 8/3",
    "Triển khai công tác chăm lo Tết cho đoàn viên, người lao động năm {y}",
    "Kết quả thực hiện nhiệm vụ công tác công đoàn năm {y}",
    "Tổ chức Hội thao công nhân viên chức lao động năm {y}",
    "Kiểm tra việc thu, chi tài chính công đoàn cơ sở năm {y}",
    "Tổ chức Đại hội công đoàn cơ sở nhiệm kỳ {y}-{y5}",
    "Triển khai Tháng Công nhân và Tháng hành động về an toàn vệ sinh lao động năm {y}",
    "Tuyên truyền phòng, chống tác hại của thuốc lá trong cơ quan, đơn vị",
    "Tổ chức hội nghị cán bộ, công chức, viên chức năm học {y}-{y1}",
    "Khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua năm {y}",
    "Phân công nhiệm vụ Ban Chấp hành công đoàn cơ sở",
    "Bồi dưỡng nghiệp vụ cho cán bộ công đoàn cơ sở năm {y}",
]
BODY = [
    "Căn cứ Luật Công đoàn năm 2012; căn cứ Điều lệ Công đoàn Việt Nam và các văn bản "
    "hướng dẫn thi hành;",
    "Thực hiện chương trình công tác năm {y}, {short} xây dựng văn bản này với các nội dung "
    "cụ thể như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Nâng cao nhận thức của cán bộ, đoàn viên và người lao động về vai trò, nhiệm vụ của "
    "tổ chức công đoàn trong tình hình mới.",
    "2. Các hoạt động phải được tổ chức thiết thực, tiết kiệm, an toàn, phù hợp với điều "
    "kiện thực tế của từng cơ quan, đơn vị.",
    "II. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN",
    "Các công đoàn cơ sở chủ động phối hợp với thủ trưởng cơ quan, đơn vị xây dựng kế hoạch "
    "cụ thể, tổ chức thực hiện và báo cáo kết quả về cấp trên trước ngày 30 hằng tháng.",
    "III. TỔ CHỨC THỰC HIỆN",
    "Đề nghị các đơn vị nghiêm túc triển khai thực hiện; trong quá trình thực hiện nếu có "
    "vướng mắc, phản ánh về bộ phận thường trực để được hướng dẫn.",
]


@dataclass
class Doc:
    """The values drawn on one page (its gold) and what the drawing needs besides."""

    so_hieu: str
    loai: str
    ngay: str
    dia_danh: str
    don_vi: str
    trich_yeu: str
    nguoi_ky: str
    chuc_vu: str
    parent: str  # upper case, as printed
    issuer: str  # upper case, as printed (may hold a line break)
    short: str  # the body's own short name for the issuer
    type_line: str | None
    sign_lines: tuple[str, ...]  # TM./KT. lines then the signer's title, upper case
    date_line: str

    def gold(self) -> dict[str, str]:
        d = asdict(self)
        return {k: d[k] for k in ("so_hieu", "loai", "ngay", "dia_danh", "don_vi",
                                  "trich_yeu", "nguoi_ky", "chuc_vu")}


def _issuer(rng: random.Random) -> dict:
    """One issuing body: parent line, own name, number code, gold name, place, titles."""
    p, d, s = rng.choice(PROVINCES), rng.choice(DISTRICTS), rng.choice(SCHOOLS)
    kinds = [
        dict(parent="TỔNG LĐLĐ VIỆT NAM", issuer=f"LIÊN ĐOÀN LAO ĐỘNG\nTỈNH {p.upper()}",
             code="LĐLĐ", don_vi=f"Liên đoàn Lao động tỉnh {p}", place=p, short="Liên đoàn "
             "Lao động tỉnh", tm="TM. BAN THƯỜNG VỤ", head="CHỦ TỊCH", deputy="PHÓ CHỦ TỊCH"),
        dict(parent=f"UBND HUYỆN {d.upper()}", issuer="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
             code="PGDĐT", don_vi=f"Phòng Giáo dục và Đào tạo huyện {d}", place=d,
             short="Phòng Giáo dục và Đào tạo", tm=None, head="TRƯỞNG PHÒNG",
             deputy="PHÓ TRƯỞNG PHÒNG"),
        dict(parent=f"UBND TỈNH {p.upper()}", issuer="SỞ GIÁO DỤC VÀ ĐÀO TẠO", code="SGDĐT",
             don_vi=f"Sở Giáo dục và Đào tạo tỉnh {p}", place=p, short="Sở Giáo dục và Đào "
             "tạo", tm=None, head="GIÁM ĐỐC", deputy="PHÓ GIÁM ĐỐC"),
        dict(parent=f"LĐLĐ HUYỆN {d.upper()}", issuer=f"CĐCS TRƯỜNG THCS {s.upper()}",
             code="CĐCS", don_vi=f"Công đoàn cơ sở Trường THCS {s}", place=d,
             short="Ban Chấp hành công đoàn cơ sở", tm="TM. BAN CHẤP HÀNH", head="CHỦ TỊCH",
             deputy="PHÓ CHỦ TỊCH"),
        dict(parent=f"LĐLĐ TỈNH {p.upper()}", issuer=f"CÔNG ĐOÀN NGÀNH GIÁO DỤC TỈNH {p.upper()}",
             code="CĐN", don_vi=f"Công đoàn ngành Giáo dục tỉnh {p}", place=p,
             short="Ban Thường vụ Công đoàn ngành", tm="TM. BAN THƯỜNG VỤ", head="CHỦ TỊCH",
             deputy="PHÓ CHỦ TỊCH"),
        dict(parent=f"PHÒNG GD&ĐT {d.upper()}", issuer=f"TRƯỜNG TIỂU HỌC {s.upper()}",
             code="TH", don_vi=f"Trường Tiểu học {s}", place=d,
             short="Nhà trường", tm=None, head="HIỆU TRƯỞNG", deputy="PHÓ HIỆU TRƯỞNG"),
    ]
    return rng.choice(kinds)


def _title_case(s: str) -> str:
    return s[:1] + s[1:].lower()


def make_doc(seed: int) -> Doc:
    """A random document: issuer, number, date, type, subject and signer from the lists."""
    rng = random.Random(seed)
    iss = _issuer(rng)
    y = rng.randint(2016, 2024)
    m, day = rng.randint(1, 12), rng.randint(1, 28)
    shown, code = rng.choice(TYPES)
    n = rng.randint(1, 899)
    so = f"{n}/{code}-{iss['code']}" if code else f"{n}/{iss['code']}"
    subj = rng.choice(SUBJECTS).format(y=y, y1=y + 1, y5=y + 5)
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    deputy = rng.random() < 0.5
    lines: list[str] = []
    if iss["tm"]:
        lines.append(iss["tm"])
    if deputy:
        lines += [f"KT. {iss['head']}", iss["deputy"]]
    else:
        lines.append(iss["head"])
    title = _title_case(iss["deputy"] if deputy else iss["head"])
    date_line = f"{iss['place']}, ngày {day:02d} tháng {m:02d} năm {y}" if rng.random() < 0.5 \
        else f"{iss['place']}, ngày {day} tháng {m} năm {y}"
    return Doc(so_hieu=so, loai=_title_case(shown) if shown else "Công văn",
               ngay=f"{y:04d}-{m:02d}-{day:02d}", dia_danh=iss["place"],
               don_vi=iss["don_vi"], trich_yeu=subj, nguoi_ky=name, chuc_vu=title,
               parent=iss["parent"], issuer=iss["issuer"], short=iss["short"],
               type_line=shown, sign_lines=tuple(lines), date_line=date_line)


@cache
def font(style: str = "", size: int = 54) -> ImageFont.FreeTypeFont:
    """Liberation Serif 2 (Times-like, the face of most official documents, with Vietnamese;
    Debian fonts-liberation2), else DejaVu Serif Condensed."""
    names = {"": "Regular", "b": "Bold", "i": "Italic", "bi": "BoldItalic"}[style]
    dejavu = "DejaVuSerifCondensed" + ("" if names == "Regular" else "-" + names)
    for cand in (FONT_DIRS[0] / f"LiberationSerif-{names}.ttf", FONT_DIRS[1] / f"{dejavu}.ttf"):
        if cand.exists():
            return ImageFont.truetype(str(cand), size)
    raise FileNotFoundError("không tìm thấy phông Liberation Serif hay DejaVu Serif")


def available() -> bool:
    try:
        font()
    except FileNotFoundError:
        return False
    return True


def _wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    out: list[str] = []
    cur = ""
    for w in text.split():
        cand = f"{cur} {w}".strip()
        if cur and f.getlength(cand) > width:
            out.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        out.append(cur)
    return out


def _center(draw: ImageDraw.ImageDraw, cx: int, y: int, text: str,
            f: ImageFont.FreeTypeFont, fill: int | tuple = 0) -> tuple[int, int]:
    """Draw `text` centred on cx; the left and right x of what was drawn."""
    w = int(f.getlength(text))
    draw.text((cx - w // 2, y), text, font=f, fill=fill)
    return cx - w // 2, cx + w // 2


def _scribble(draw: ImageDraw.ImageDraw, x: int, y: int, rng: random.Random) -> None:
    """A signature: a few loops in blue ink."""
    pts = []
    for i in range(40):
        t = i / 39
        pts.append((x + 420 * t + 40 * math.sin(t * 19 + rng.random()),
                    y + 70 * math.sin(t * 11 + rng.random()) + 30 * t))
    draw.line(pts, fill=(20, 40, 140), width=5, joint="curve")


def render(doc: Doc, seed: int = 0) -> Image.Image:
    """The page at 300 dpi, RGB (black print, blue signature)."""
    rng = random.Random(seed)
    img = Image.new("RGB", A4, "white")
    dr = ImageDraw.Draw(img)
    size = rng.choice([50, 54])  # 12-13 pt
    reg, bold, ital = font("", size), font("b", size), font("i", size + 2)
    hreg, hbold = font("", size - 4), font("b", size - 4)
    left, right = 354, A4[0] - 236
    lcx = left + 400  # the issuer column: at most 800 px wide
    rcx = right - 560  # the motto column
    y = 236
    line = int(size * 1.25)
    # issuer block
    _center(dr, lcx, y, doc.parent, hreg)
    yy = y + line
    x0 = x1 = lcx
    for part in [p for chunk in doc.issuer.split("\n") for p in _wrap(chunk, hbold, 800)]:
        a, b = _center(dr, lcx, yy, part, hbold)
        x0, x1 = min(x0, a), max(x1, b)
        yy += line
    dr.line([(lcx - (x1 - x0) // 6, yy + 8), (lcx + (x1 - x0) // 6, yy + 8)], fill=0, width=3)
    # motto
    _center(dr, rcx, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", hbold)
    a, b = _center(dr, rcx, y + line, "Độc lập - Tự do - Hạnh phúc", bold)
    dr.line([(a, y + 2 * line + 6), (b, y + 2 * line + 6)], fill=0, width=3)
    # number and date
    yn = yy + int(line * 0.8)
    _center(dr, lcx, yn, f"Số: {doc.so_hieu}", hreg)
    _center(dr, rcx, yn, doc.date_line, ital)
    y = yn + line
    if doc.type_line is None:  # công văn: V/v under the number
        for part in _wrap(f"V/v {doc.trich_yeu.lower()[:1]}{doc.trich_yeu[1:]}",
                          font("", size - 4), 760):
            _center(dr, lcx, y, part, font("", size - 4))
            y += line
        y += line
        dr.text((left + 300, y), "Kính gửi: Các đơn vị trực thuộc.", font=reg, fill=0)
        y += 2 * line
    else:
        y += line
        _center(dr, A4[0] // 2 + 60, y, doc.type_line, font("b", size + 6))
        y += line + 10
        for part in _wrap(doc.trich_yeu, bold, 1500):
            _center(dr, A4[0] // 2 + 60, y, part, bold)
            y += line
        dr.line([(A4[0] // 2 - 140, y + 12), (A4[0] // 2 + 260, y + 12)], fill=0, width=3)
        y += 2 * line
    # body
    body = font("", size + 4)
    for para in BODY:
        text = para.format(y=doc.ngay[:4], short=doc.short)
        first = True
        for part in _wrap(text, body, right - left - (110 if first else 0)):
            dr.text((left + (110 if first else 0), y), part, font=body, fill=0)
            y += int((size + 4) * 1.35)
            first = False
        y += 10
    y += line
    # signature block (right) and recipients (left)
    ys = y
    scx = right - 520
    img.info["sign_top"] = ys  # where the seal goes (see `seal`)
    bsig = font("b", size + 2)
    for sl in doc.sign_lines:
        _center(dr, scx, ys, sl, bsig)
        ys += line + 6
    _scribble(dr, scx - 210, ys + 80, rng)
    ys += 330
    _center(dr, scx, ys, doc.nguoi_ky, bsig)
    small = font("", size - 8)
    dr.text((left, y), "Nơi nhận:", font=font("bi", size - 4), fill=0)
    yr = y + line
    for r in ("- Như trên;", "- Thường trực cấp trên (b/c);", "- Các đơn vị trực thuộc;",
              "- Lưu: VT."):
        dr.text((left, yr), r, font=small, fill=0)
        yr += int(line * 0.85)
    return img


# --- distortions -------------------------------------------------------------------------

def _rescale(img: Image.Image, dpi: int) -> Image.Image:
    if dpi == DPI:
        return img
    f = dpi / DPI
    return img.resize((int(img.width * f), int(img.height * f)), Image.LANCZOS)


def _rotate(img: Image.Image, angle: float, fill: tuple = (255, 255, 255)) -> Image.Image:
    return img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=fill)


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _yellow(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Aged paper: a yellow-brown ground with slow blotches, faded brownish ink."""
    arr = np.asarray(img, dtype=np.float32) / 255.0
    h, w = arr.shape[:2]
    low = rng.random((h // 200 + 2, w // 200 + 2)).astype(np.float32)
    blot = np.asarray(Image.fromarray((low * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC),
                      dtype=np.float32) / 255.0
    paper = np.array([0.93, 0.86, 0.66], dtype=np.float32) * (0.9 + 0.1 * blot[..., None])
    ink = np.array([0.25, 0.2, 0.15], dtype=np.float32)
    out = arr * paper + (1 - arr) * ink
    return Image.fromarray(np.clip(out * 255, 0, 255).astype(np.uint8))


def _speckle(img: Image.Image, rng: np.random.Generator, share: float = 0.008) -> Image.Image:
    arr = np.asarray(img).copy()
    h, w = arr.shape[:2]
    mask = rng.random((h, w)) < share
    arr[mask] = 30
    light = rng.random((h, w)) < share / 2
    arr[light] = 250
    return Image.fromarray(arr)


def seal(img: Image.Image, doc: Doc, rng: random.Random) -> Image.Image:
    """A red round seal laid (multiplied) over the left of the signature block."""
    arr = np.asarray(img, dtype=np.float32)
    w, h = img.size
    r = int(w * 0.085)
    sc = w / A4[0]
    top = img.info.get("sign_top", int(A4[1] * 0.6))
    # over the left of the title lines and the scribble, as the issuing officer stamps it
    cx = int(sc * (A4[0] - 236 - 520 - 170 + rng.randint(-40, 40)))
    cy = int(sc * (top + 200 + rng.randint(-60, 60)))
    layer = Image.new("L", img.size, 0)
    dl = ImageDraw.Draw(layer)
    for rr, wd in ((r, max(3, r // 25)), (int(r * 0.93), max(2, r // 40)),
                   (int(r * 0.55), max(2, r // 45))):
        dl.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], outline=255, width=wd)
    f = font("b", max(10, r // 6))
    text = doc.issuer.replace("\n", " ") + " * " + doc.dia_danh.upper() + " *"
    for i, ch in enumerate(text):
        a = -math.pi + 2 * math.pi * i / len(text)
        x, y = cx + int(r * 0.75 * math.cos(a)), cy + int(r * 0.75 * math.sin(a))
        dl.text((x, y), ch, font=f, fill=255, anchor="mm")
    star = [(cx + int(r * 0.3 * math.cos(math.pi / 2 + k * 4 * math.pi / 5)),
             cy - int(r * 0.3 * math.sin(math.pi / 2 + k * 4 * math.pi / 5))) for k in range(5)]
    dl.polygon(star, fill=255)
    m = np.asarray(layer.filter(ImageFilter.GaussianBlur(1)), dtype=np.float32)[..., None] / 255
    m = m * rng.uniform(0.75, 0.95)
    red = np.array([215, 35, 45], dtype=np.float32)
    out = arr * (1 - m) + (arr * red / 255.0) * m
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _perspective_coeffs(src: list[tuple[float, float]],
                        dst: list[tuple[float, float]]) -> list[float]:
    """PIL's 8 coefficients mapping output (dst) points to input (src) points."""
    a = []
    b = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return list(np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)))


def photograph(img: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo of the page: on a darker table, slight perspective, light falling off to
    one side and a soft shadow, a little blur; about 1800 px tall, no DPI of its own."""
    w, h = img.size
    pad = int(w * 0.05)
    canvas = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (90, 80, 70))
    canvas.paste(img, (pad, pad))
    W, H = canvas.size
    j = int(w * 0.03)
    def jit() -> int:
        return rng.randint(0, j)

    dst = [(jit(), jit()), (W - jit(), jit()), (W - jit(), H - jit()), (jit(), H - jit())]
    src = [(0, 0), (W, 0), (W, H), (0, H)]
    warped = canvas.transform((W, H), Image.PERSPECTIVE, _perspective_coeffs(src, dst),
                              Image.BICUBIC, fillcolor=(90, 80, 70))
    arr = np.asarray(warped, dtype=np.float32)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    light = 1.0 - 0.28 * ((gx * (xx / W - 0.5) + gy * (yy / H - 0.5)) + 0.5).clip(0, 1)
    light *= 1 - 0.1 * ((xx / W - 0.5) ** 2 + (yy / H - 0.5) ** 2) * 4
    out = arr * light[..., None] * np.array([1.0, 0.98, 0.93], dtype=np.float32)
    photo = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    photo = photo.filter(ImageFilter.GaussianBlur(1.0))
    f = 1800 / H
    return photo.resize((int(W * f), 1800), Image.LANCZOS)


# each distortion: (name, what it does); applied by `distort`
DISTORTIONS = ["clean300", "dpi200", "dpi150", "skew", "jpeg", "yellow", "blur", "speckle",
               "seal", "photo", "pdf", "archive", "faded", "copy", "bleed", "border", "lowphoto"]


@dataclass
class Scan:
    image: Image.Image
    dpi: int | None  # None: saved without a DPI (a photo)
    suffix: str  # .png .jpg .pdf
    jpeg_quality: int | None = None


def distort(page: Image.Image, doc: Doc, kind: str, seed: int) -> Scan:
    """The page after one kind of damage (see DISTORTIONS)."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    skew = rng.choice([-1, 1]) * rng.uniform(0.5, 3.0)
    if kind == "clean300":
        return Scan(page.convert("L"), 300, ".png")
    if kind in ("dpi200", "dpi150"):
        d = int(kind[3:])
        return Scan(_rescale(page, d).convert("L"), d, ".png")
    if kind == "skew":
        return Scan(_rotate(page.convert("L"), skew, 255), 300, ".png")
    if kind == "jpeg":
        return Scan(_rescale(page, 200), 200, ".jpg", rng.randint(18, 30))
    if kind == "yellow":
        return Scan(_yellow(_rescale(page, 200), nrng), 200, ".jpg", 70)
    if kind == "blur":
        return Scan(page.convert("L").filter(ImageFilter.GaussianBlur(rng.uniform(1.5, 2.2))),
                    300, ".png")
    if kind == "speckle":
        return Scan(_speckle(_rescale(page, 200).convert("L"), nrng), 200, ".png")
    if kind == "seal":
        return Scan(seal(page, doc, rng), 300, ".jpg", 85)
    if kind == "photo":
        return Scan(photograph(seal(page, doc, rng), rng), None, ".jpg", 80)
    if kind == "pdf":
        return Scan(_rotate(_rescale(page, 200).convert("L"), skew / 2, 255), 200, ".pdf")
    if kind == "archive":  # all together, as an old folder scanned in a hurry
        img = _yellow(_rescale(seal(page, doc, rng), 200), nrng)
        img = _rotate(img, skew, (235, 222, 180))
        img = _speckle(img.filter(ImageFilter.GaussianBlur(0.6)), nrng, 0.003)
        return Scan(img, 200, ".jpg", 35)
    if kind == "faded":  # toner running out: thin, light grey strokes
        img = _rescale(page.convert("L").filter(ImageFilter.MaxFilter(3)), 200)
        return Scan(img.point(lambda v: 255 - (255 - v) * 0.45), 200, ".jpg", 60)
    if kind == "copy":  # a photocopy of a photocopy: thick black, grey ground, toner dust
        img = _rescale(page.convert("L").filter(ImageFilter.MinFilter(3)), 150)
        img = img.point(lambda v: 20 if v < 150 else 200)
        img = _speckle(_rotate(img, skew / 2, 200), nrng, 0.004)
        return Scan(img.filter(ImageFilter.GaussianBlur(0.5)), 150, ".png")
    if kind == "bleed":  # thin paper: the back page shows through, mirrored
        back = scanpage_back(seed)
        arr = np.minimum(np.asarray(page.convert("L"), dtype=np.float32),
                         255 - 0.3 * (255 - np.asarray(back, dtype=np.float32)))
        return Scan(_rescale(Image.fromarray(arr.astype(np.uint8)), 200), 200, ".jpg", 70)
    if kind == "border":  # flatbed lid open: black margins, a dark binding shadow on the left
        img = _rescale(page.convert("L"), 200)
        arr = np.asarray(img, dtype=np.float32)
        h, w = arr.shape
        x = np.arange(w, dtype=np.float32)
        shade = 1 - 0.6 * np.exp(-x / (w * 0.04))
        arr = arr * shade[None, :]
        out = np.full((h + 80, w + 90), 15, dtype=np.float32)
        out[40:40 + h, 60:60 + w] = arr
        return Scan(_rotate(Image.fromarray(out.astype(np.uint8)), skew / 3, 15), 200, ".png")
    if kind == "lowphoto":  # a quick phone shot: small, tilted, in a shadow
        img = photograph(seal(page, doc, rng), rng)
        img = _rotate(img, skew, (90, 80, 70))
        arr = np.asarray(img, dtype=np.float32)
        h, w = arr.shape[:2]
        yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
        arr = arr * (0.55 + 0.45 * np.clip(yy * 2.5, 0, 1))[..., None]
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        return Scan(img.resize((int(w * 1400 / h), 1400), Image.LANCZOS), None, ".jpg", 70)
    raise ValueError(kind)


def scanpage_back(seed: int) -> Image.Image:
    """The back of the sheet (another generated page), mirrored, for show-through."""
    doc = make_doc(seed + 1000)
    return render(doc, seed + 1000).convert("L").transpose(Image.FLIP_LEFT_RIGHT)


def save(scan: Scan, path: Path) -> Path:
    """Write the scan the way archives do (PNG/JPEG with DPI, or an image-only PDF)."""
    path = path.with_suffix(scan.suffix)
    if scan.suffix == ".pdf":
        scan.image.save(path, "PDF", resolution=float(scan.dpi or 200))
    elif scan.suffix == ".jpg":
        kw = {"dpi": (scan.dpi, scan.dpi)} if scan.dpi else {}
        scan.image.convert("RGB").save(path, "JPEG", quality=scan.jpeg_quality or 75, **kw)
    else:
        scan.image.save(path, "PNG", dpi=(scan.dpi, scan.dpi))
    return path
