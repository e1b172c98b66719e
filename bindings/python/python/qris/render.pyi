from typing import Optional, Union

from ._qris import Payload

__all__ = [
    "escpos",
    "png",
    "svg",
]

_Payload = Union[str, bytes, Payload]

def svg(payload: _Payload, *, ecc: str = "M", caption: Optional[str] = None, force: bool = False) -> str: ...
def png(payload: _Payload, *, scale: int = 8, ecc: str = "M", force: bool = False) -> bytes: ...
def escpos(payload: _Payload, *, paper: str = "58mm", ecc: str = "M", force: bool = False) -> bytes: ...
