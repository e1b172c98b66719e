"""Midtrans (GoPay) notification checks."""

from typing import Union

from . import _qris
from ._qris import Notification

__all__ = ["Notification", "signature_key", "verify_notification"]


def signature_key(order_id: str, status_code: str, gross_amount: str, server_key: Union[str, bytes]) -> str:
    """The ``signature_key`` Midtrans puts in a notification: lowercase hex
    SHA-512 of ``order_id + status_code + gross_amount + server_key``. Pass
    ``gross_amount`` exactly as received (``"789000.00"``); a number raises TypeError."""
    return _qris.midtrans_signature_key(order_id, status_code, gross_amount, server_key)


def verify_notification(body: Union[bytes, str], server_key: Union[str, bytes]) -> Notification:
    """Verifies a raw Midtrans HTTP notification body (its ``signature_key``, in
    constant time) and says what it means: ``.outcome`` and ``.deliver`` (hand over
    the goods only when True). Raises ``qris.InvalidSignature`` or ``qris.QrisError``."""
    return _qris.midtrans_verify_notification(body, server_key)
