from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


def jpeg_bytes(size=(1200, 900), *, gps: bool = False) -> bytes:
    """A real JPEG (a phone photo in little), optionally with a GPS position in its EXIF."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (35.0, 25.0, 30.0), 3: "E", 4: (139.0, 38.0, 6.0)}
    exif[0x0112] = 6  # taken with the phone held upright: to be turned when shown
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def photo(name="salon.jpg", **kw) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kw), content_type="image/jpeg")


@pytest.fixture
def memo(world):
    from tests.sheets.records_factory import make_memo

    return make_memo(world.minosawa_2so, world.d6, "第6地区サロン準備会", content="会場を見に行った。")
