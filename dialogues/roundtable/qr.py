"""QR codes as SVG: the dialogue's join link on its page and projector, a personal code's link."""
import base64
from io import BytesIO

import qrcode
import qrcode.image.svg


def svg(url: str) -> bytes:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def data_uri(url: str) -> str:
    """For an ``<img>`` on a page that must not be cached or fetched again (a personal code's QR)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(url)).decode()
