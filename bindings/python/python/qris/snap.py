"""Bank Indonesia SNAP signatures: symmetric (HMAC-SHA512), asymmetric
(SHA256withRSA) per request and for the B2B access token, and X-TIMESTAMP.

Verification raises ``qris.InvalidSignature`` (or ``qris.InvalidTimestamp`` for a
stale or malformed X-TIMESTAMP, checked first: within ``window`` seconds, default
300, of ``now``, Unix seconds, default the system clock); it never returns
``False``. A signature verifies in several spellings (Base64, or hex in either
case, surrounding spaces ignored): a replay guard must key on the decoded bytes,
never on the header text."""

from typing import Optional, Tuple, Union

from . import _qris
from ._qris import Notification, PrivateKey, PublicKey, ResponseCode
from ._text import text_errors

DEFAULT_WINDOW = 300

_Bytes = Union[bytes, bytearray, memoryview, str]

__all__ = [
    "Notification",
    "ResponseCode",
    "ack_for_error",
    "verify_notification",
    "sign_hmac", "verify_hmac", "sign_rsa", "verify_rsa", "sign_b2b", "verify_b2b", "timestamp"]


@text_errors
def sign_hmac(
    secret: _Bytes, method: str, path: str, token: str, body: _Bytes, timestamp: str, *, encoding: str = "base64"
) -> str:
    """X-SIGNATURE for a transactional request: HMAC-SHA512 with the client secret over
    ``METHOD:path:token:sha256hex(minify(body)):timestamp`` (Base64, or ``encoding="hex"``).
    Sign the body bytes you send and the timestamp exactly as in X-TIMESTAMP."""
    return _qris.snap_sign_hmac(secret, method, path, token, body, timestamp, encoding)


@text_errors
def verify_hmac(
    secret: _Bytes,
    method: str,
    path: str,
    token: str,
    body: _Bytes,
    timestamp: str,
    signature: str,
    *,
    window: int = DEFAULT_WINDOW,
    now: Optional[int] = None,
) -> None:
    """Checks X-TIMESTAMP, then a symmetric X-SIGNATURE (Base64 or hex) in constant
    time; raises ``qris.InvalidTimestamp``, ``qris.InvalidSignature`` (or
    ``qris.JsonError`` when the body is not JSON). A blank secret raises ``qris.QrisError``."""
    _qris.snap_verify_hmac(secret, method, path, token, body, timestamp, signature, window, now)


@text_errors
def sign_rsa(key: PrivateKey, method: str, path: str, body: _Bytes, timestamp: str, *, encoding: str = "base64") -> str:
    """X-SIGNATURE with SHA256withRSA over ``METHOD:path:sha256hex(minify(body)):timestamp``
    (notifications and asymmetric requests)."""
    return _qris.snap_sign_rsa(key, method, path, body, timestamp, encoding)


@text_errors
def verify_rsa(
    public_key: PublicKey,
    method: str,
    path: str,
    body: _Bytes,
    timestamp: str,
    signature: str,
    *,
    window: int = DEFAULT_WINDOW,
    now: Optional[int] = None,
) -> None:
    """Checks X-TIMESTAMP, then an asymmetric X-SIGNATURE with the sender's public
    key; ``path`` is your own relative URL as the sender signed it. Raises
    ``qris.InvalidTimestamp`` or ``qris.InvalidSignature``."""
    _qris.snap_verify_rsa(public_key, method, path, body, timestamp, signature, window, now)


@text_errors
def sign_b2b(key: PrivateKey, client_id: str, timestamp: str, *, encoding: str = "base64") -> str:
    """The B2B access-token X-SIGNATURE: SHA256withRSA over ``clientId|timestamp``."""
    return _qris.snap_sign_b2b(key, client_id, timestamp, encoding)


@text_errors
def verify_b2b(
    public_key: PublicKey,
    client_id: str,
    timestamp: str,
    signature: str,
    *,
    window: int = DEFAULT_WINDOW,
    now: Optional[int] = None,
) -> None:
    """Checks X-TIMESTAMP, then a B2B access-token signature; raises
    ``qris.InvalidTimestamp`` or ``qris.InvalidSignature``."""
    _qris.snap_verify_b2b(public_key, client_id, timestamp, signature, window, now)


def timestamp(*, millis: bool = False) -> str:
    """X-TIMESTAMP for now at +07:00 (WIB), e.g. ``2024-03-19T14:30:00+07:00``."""
    return _qris.snap_timestamp(millis)


@text_errors
def verify_notification(
    public_key: PublicKey,
    method: str,
    path: str,
    body: _Bytes,
    timestamp: str,
    signature: str,
    *,
    window: int = DEFAULT_WINDOW,
    now: Optional[int] = None,
) -> Notification:
    """Verifies a SNAP payment notification as received: X-TIMESTAMP within ``window``
    seconds (of ``now``, Unix seconds, default the clock), X-SIGNATURE over your own
    ``path`` with the provider's public key, then the body. Returns the
    ``Notification`` (``.outcome``, ``.deliver``, ``.ack_status``, ``.ack_body``);
    raises ``qris.InvalidSignature``, ``qris.InvalidTimestamp`` or ``qris.QrisError``
    whose ``ack_for_error`` is the answer to send."""
    return _qris.snap_verify_notification(public_key, method, path, body, timestamp, signature, window, now)


def ack_for_error(error: BaseException) -> Tuple[int, str]:
    """The ``(http_status, json_body)`` to answer with, for an exception raised by
    ``verify_notification`` (401 for a bad signature or timestamp, 400 for a
    malformed body). Raises ``TypeError`` for any other exception."""
    try:
        return error.ack_status, error.ack_body  # type: ignore[attr-defined]
    except AttributeError:
        raise TypeError("not an exception raised by qris.snap.verify_notification") from None
