"""The second digit reader (a small CNN trained on generated and real handwritten digits, run
in numpy), the rule that two readers agreeing fill a gap, glyphs read from their own ink, and a
typed month after a `tháng` box that swallowed the day's last stroke."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from vanban.ingest import handwriting
from vanban.ingest.handwriting import model, segment, synth
from vanban.ingest.readers.ocr import Word

from tests.fields_util import record

HEAD = ("UBND TỈNH CÀ MAU\n\nSố: {num}/QĐ-UBND\n\nCà Mau, ngày {day} tháng 8 năm 2020\n\n"
        "QUYẾT ĐỊNH\n\nBan hành kế hoạch\n\n")
BODY = "Căn cứ Chỉ thị số 13/CT-TTg ngày 5 tháng 3 năm 2019 của Thủ tướng. " * 5


def test_second_model_is_small_shipped_and_a_cnn() -> None:
    assert model.available(model.SECOND)
    assert model.SECOND.stat().st_size < 1_000_000
    assert len(model.weights(model.SECOND)) == 8  # two convolutions, two dense layers


def _naive_cnn(x: np.ndarray, params: tuple[np.ndarray, ...]) -> np.ndarray:
    """The same network written with plain loops: the check of `model.cnn`'s im2col."""
    c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b = params

    def conv_pool(a: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        c, h, wd = a.shape
        p = np.pad(a, ((0, 0), (1, 1), (1, 1)))
        out = np.zeros((len(w), h, wd), dtype=np.float64)
        for o in range(len(w)):
            for i in range(h):
                for j in range(wd):
                    out[o, i, j] = (p[:, i:i + 3, j:j + 3] * w[o]).sum() + b[o]
        out = np.maximum(out, 0)
        return out.reshape(len(w), h // 2, 2, wd // 2, 2).max(axis=(2, 4))

    h = conv_pool(conv_pool(x[None].astype(np.float64), c1w, c1b), c2w, c2b).reshape(-1)
    z = f2w @ np.maximum(f1w @ h + f1b, 0) + f2b
    e = np.exp(z - z.max())
    return e / e.sum()


def test_numpy_cnn_matches_the_plain_network() -> None:
    rng = np.random.default_rng(3)
    img = segment.normalise(synth.draw_digit(7, rng))
    params = model.weights(model.SECOND)
    fast = model.classify([img], model.SECOND)[0]
    assert np.allclose(fast, _naive_cnn(img, params), atol=1e-4)
    assert fast.argmax() == 7


def test_second_model_reads_generated_form_crops() -> None:
    """Days and numbers written like a form, seeds never trained on (measured: 57 of 60 right
    for either model; neither reading wrong where the two agree)."""
    rng = np.random.default_rng(20261208)
    right = agree_wrong = 0
    n = 30
    for _ in range(n):
        value = str(int(rng.integers(1, 400)))
        crop = synth.form_crop(value, rng, height=int(rng.integers(30, 48)))
        (m, _), (c, _) = handwriting.read_both(crop, 0.9 * crop.shape[0] / 2.0)
        right += c == value
        agree_wrong += m == c and m not in (None, value)
    assert right >= 0.85 * n
    assert agree_wrong <= 1


def _meta(day: dict) -> dict:
    return {"handwriting": {"symbol": "QĐ-UBND", "year": 2020,
                            "so": {"printed": "12", "printed_conf": 95.0, "value": "12",
                                   "confidence": 0.99},
                            "ngay": day,
                            "thang": {"printed": "8", "printed_conf": 96.0, "value": "8",
                                      "confidence": 0.99}}}


def test_two_models_reading_the_same_unsure_day_fill_it() -> None:
    """A looped 2 the perceptron reads at 0.78: with the CNN reading the same `02` the day is
    filled, from handwriting, with the confidence of both; alone it stays null."""
    day = {"printed": "OŸ`", "printed_conf": 20.0, "value": "02", "confidence": 0.78,
           "second": "02", "second_confidence": 0.84}
    rec = record(HEAD.format(num="12", day="OŸ`") + BODY, fmt="pdf", meta=_meta(day))
    assert (rec.ngay, rec.ngay_precision) == ("2020-08-02", "day")
    assert rec.provenance["ngay"].method == "handwriting"
    assert rec.provenance["ngay"].confidence == pytest.approx(1 - 0.22 * 0.16, abs=1e-3)
    alone = dict(day, second=None, second_confidence=0.0)
    rec = record(HEAD.format(num="12", day="OŸ`") + BODY, fmt="pdf", meta=_meta(alone))
    assert (rec.ngay, rec.ngay_precision) == ("2020-08", "month")


@pytest.mark.parametrize(("second", "sconf", "conf"), [("44", 0.9, 0.8), ("14", 0.3, 0.8),
                                                       ("14", 0.9, 0.3)])
def test_disagreeing_or_unsure_models_give_null(second: str, sconf: float, conf: float) -> None:
    """Other digits, or one reader below `AGREE`: never a value, whatever the other says."""
    day = {"printed": "", "printed_conf": 0.0, "value": "14", "confidence": conf,
           "second": second, "second_confidence": sconf}
    rec = record(HEAD.format(num="12", day="⁄f") + BODY, fmt="pdf", meta=_meta(day))
    assert rec.ngay_precision != "day"


def test_the_second_model_alone_never_fills_a_gap() -> None:
    day = {"printed": "", "printed_conf": 0.0, "value": None, "confidence": 0.0,
           "second": "14", "second_confidence": 0.999}
    rec = record(HEAD.format(num="12", day="⁄f") + BODY, fmt="pdf", meta=_meta(day))
    assert rec.ngay_precision != "day"


def test_overlapping_glyphs_are_read_from_their_own_ink() -> None:
    """A `0` leaning into the box of the `1` after it (their boxes overlap, their ink does
    not touch): the `1` is normalised from its own ink, without the `0`'s edge."""
    img = Image.new("L", (90, 80), 250)
    d = ImageDraw.Draw(img)
    d.ellipse((10, 10, 52, 70), outline=20, width=5)
    d.line((54, 12, 66, 70), fill=20, width=5)
    arr = np.asarray(img)
    mask = segment.ink_mask(arr)
    groups, lab, owners = segment.glyph_parts(mask, 50)
    assert len(groups) == 2
    x0, y0, x1, y1 = groups[1][0][0]
    assert (np.isin(lab[y0:y1, x0:x1], owners[0])).any()  # the 0's ink lies in the 1's box
    imgs, _ = segment.glyphs(arr, 50)
    ink = np.clip((255.0 - arr.astype(np.float32)) / 255.0, 0, 1) * np.isin(lab, owners[1])
    part = ink[y0:y1, x0:x1]
    assert np.allclose(imgs[1][0][0], segment.normalise(part / part.max()))


def _word(text: str, left: int, width: int, conf: float = 95.0) -> Word:
    return Word(text, left, 500, width, 55, conf, (5, 1, 1))


def test_typed_month_after_a_wide_thang_box_is_kept() -> None:
    """`ngày 1` + `7tháng` + typed `5`: Tesseract's `tháng` box swallowed the 7 written
    before it; the typed month a word space further stands, the month gap starts after the
    box (not inside the printed word, where `ng` read as digits)."""
    from vanban.ingest.handwriting.locate import locate

    words = [_word("Bắc", 1371, 90), _word("Ninh,", 1475, 121), _word("ngày", 1619, 114),
             _word("Íđ", 1773, 54, 25.0), _word("tháng", 1801, 197), _word("5", 2042, 27, 96.3),
             _word("năm", 2114, 98), _word("2021", 2229, 111)]
    head = locate(words, 300, (2480, 3508))
    assert head is not None
    gap = head.gaps["thang"]
    assert gap.printed == "5" and gap.printed_conf > 90
    assert gap.box[0] >= 1998
    # an ordinary `tháng` box keeps its estimate and its printed month
    words[4] = _word("tháng", 1801, 130)
    assert locate(words, 300, (2480, 3508)).gaps["thang"].printed == "5"


def test_digits_among_tesseract_debris_confirm_the_model() -> None:
    """`(3`: Tesseract read the 0 of a handwritten `03` as a bracket; its digit agrees with
    the model's unsure `03`, so the day is filled (the two readers agreeing); other digits
    among the debris do not."""
    day = {"printed": "(3", "printed_conf": 78.0, "value": "03", "confidence": 0.94}
    rec = record(HEAD.format(num="12", day="(3") + BODY, fmt="pdf", meta=_meta(day))
    assert (rec.ngay, rec.ngay_precision) == ("2020-08-03", "day")
    assert rec.provenance["ngay"].method == "handwriting"
    other = dict(day, printed="(5")
    rec = record(HEAD.format(num="12", day="(5") + BODY, fmt="pdf", meta=_meta(other))
    assert rec.ngay_precision != "day"
