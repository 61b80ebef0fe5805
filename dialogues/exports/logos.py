"""Checking an uploaded cover logo: PNG, JPEG or SVG, at most MAX_BYTES; SVG is rasterised (CairoSVG with
its safe defaults: no XML entities, no file or network access, only data: URLs), and every logo is
re-encoded as a PNG of at most MAX_SIDE pixels, so that nothing but pixels reaches a document."""
import io

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from ..errors import InvalidInput

MAX_BYTES = 500 * 1024
MAX_SIDE = 1200  # pixels: sharp at 50 mm wide in print
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


def _rasterise(svg: bytes) -> bytes:
    import cairosvg

    try:
        return cairosvg.svg2png(bytestring=svg, output_width=MAX_SIDE, unsafe=False)
    except Exception:  # CairoSVG raises many kinds on a malformed file: all mean "not a usable SVG"
        raise InvalidInput(_("This SVG file could not be read."), field="file")


def checked_png(data: bytes) -> tuple[bytes, int, int]:
    """The logo as PNG bytes with its width and height. Raises InvalidInput."""
    if not data:
        raise InvalidInput(_("Choose an image file."), field="file")
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The logo may be at most %(kb)d KB.", kb=MAX_BYTES // 1024), field="file")
    head = data[:512].lstrip()
    if head.startswith((b"<?xml", b"<svg")) or b"<svg" in head:
        data = _rasterise(data)
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in ("PNG", "JPEG"):
            raise InvalidInput(_("Upload a PNG, JPEG or SVG image."), field="file")
        if image.width * image.height > MAX_PIXELS:
            raise InvalidInput(_("This image is too large."), field="file")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise InvalidInput(_("Upload a PNG, JPEG or SVG image."), field="file")
    image = image.convert("RGBA")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), image.width, image.height
