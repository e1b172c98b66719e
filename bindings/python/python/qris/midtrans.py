"""Midtrans (GoPay) notification checks.

Midtrans signs only ``order_id + status_code + gross_amount`` (with your server
key). So ``verify_notification`` checks those fields' form (a re-split of the
same concatenation is refused), believes ``transaction_status`` only where the
signed ``status_code`` agrees with it (settlement/capture with 200 and
``fraud_status`` accept: paid; any disagreement: ``"unknown"``), and, given your
own ``order_id`` and ``amount``, that the notification is for that order. Keep
delivery idempotent per order (Midtrans may notify more than once) and, for
high-value goods, confirm with Midtrans' GET status API."""

from decimal import Decimal
from typing import Optional, Union

from . import _qris
from ._qris import Notification
from ._text import text_errors

__all__ = ["Notification", "signature_key", "verify_notification"]


@text_errors
def signature_key(order_id: str, status_code: str, gross_amount: str, server_key: Union[str, bytes]) -> str:
    """The ``signature_key`` Midtrans puts in a notification: lowercase hex
    SHA-512 of ``order_id + status_code + gross_amount + server_key``. Pass
    ``gross_amount`` exactly as received (``"789000.00"``); a number raises
    TypeError, fields not in Midtrans' form and a blank server key ``qris.QrisError``."""
    return _qris.midtrans_signature_key(order_id, status_code, gross_amount, server_key)


@text_errors
def verify_notification(
    body: Union[bytes, str],
    server_key: Union[str, bytes],
    *,
    order_id: Optional[str] = None,
    amount: Union[str, int, Decimal, None] = None,
) -> Notification:
    """Verifies a raw Midtrans HTTP notification body (the signed fields' form and
    ``signature_key``, in constant time) and says what it means: ``.order_id``,
    ``.amount`` and ``.status_code`` (the signed fields), ``.outcome`` and
    ``.deliver`` (hand over the goods only when True). With ``order_id`` and
    ``amount`` (your own record; str, int or Decimal, never float) it must also be
    for that order and amount. Raises ``qris.InvalidSignature``,
    ``qris.NotificationMismatch`` or ``qris.QrisError``."""
    return _qris.midtrans_verify_notification(body, server_key, order_id, amount)
