from decimal import Decimal
from typing import Optional, Union

from .snap import Notification as Notification

__all__ = [
    "Notification",
    "signature_key",
    "verify_notification",
    "verify_signature_key",
]

_Bytes = Union[bytes, bytearray, memoryview, str]

def signature_key(order_id: str, status_code: str, gross_amount: str, server_key: _Bytes) -> str: ...
def verify_signature_key(
    order_id: str, status_code: str, gross_amount: str, server_key: _Bytes, signature_key: str
) -> None: ...
def verify_notification(
    body: _Bytes,
    server_key: _Bytes,
    *,
    order_id: Optional[str] = None,
    amount: Union[str, int, Decimal, None] = None,
) -> Notification: ...
