"""QR images of a payload, checked by the payload engine first (a broken payload
raises its ``ParseError`` unless ``force=True``)."""

from typing import Optional, Union

from . import _qris
from ._qris import Payload
from ._text import text_errors

__all__ = ["png", "svg"]

_Payload = Union[str, bytes, Payload]


@text_errors
def svg(payload: _Payload, *, ecc: str = "M", caption: Optional[str] = None, force: bool = False) -> str:
    """An SVG document (one path, 4-module quiet zone, scales to any size); ``ecc`` is
    the error-correction level ``"L"``, ``"M"``, ``"Q"`` or ``"H"``."""
    return _qris.render_svg(payload, ecc, caption, force)


@text_errors
def png(payload: _Payload, *, scale: int = 8, ecc: str = "M", force: bool = False) -> bytes:
    """A 1-bit grayscale PNG, ``scale`` (1..64) pixels per module."""
    return _qris.render_png(payload, scale, ecc, force)
