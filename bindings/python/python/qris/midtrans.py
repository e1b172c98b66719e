"""Midtrans (GoPay) notification checks."""

from typing import Union

from . import _qris

__all__ = ["signature_key"]


def signature_key(order_id: str, status_code: str, gross_amount: str, server_key: Union[str, bytes]) -> str:
    """The ``signature_key`` Midtrans puts in a notification: lowercase hex
    SHA-512 of ``order_id + status_code + gross_amount + server_key``. Pass
    ``gross_amount`` exactly as received (``"789000.00"``); a number raises TypeError."""
    return _qris.midtrans_signature_key(order_id, status_code, gross_amount, server_key)
