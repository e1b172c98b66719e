"""qris: QRIS payloads and Indonesian payment signatures, fast and correct.

The engine is Rust (the same crates as the qris CLI and libqris); this package
is its Python face, laid out like every other surface: payloads here, and
``qris.snap``, ``qris.midtrans``, ``qris.render`` and ``qris.cpm``; ``qris.scan``
reads codes from photos::

    >>> import qris
    >>> p = qris.parse("00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1")
    >>> p.merchant_name, p.get("51.02")
    ('BoonTrack', 'ID1026564075103')
    >>> dynamic = qris.to_dynamic(p, 25000)
    >>> qris.parse(dynamic).amount
    '25000'

Every error is a ``qris.QrisError`` (a ``ValueError``).
"""

from ._qris import (
    BatchReport,
    Builder,
    Columns,
    ConvertError,
    CrcError,
    DataObject,
    Diagnostic,
    ImageError,
    InvalidKey,
    InvalidSignature,
    InvalidTimestamp,
    Issue,
    JsonError,
    NotificationMismatch,
    NotificationReplayed,
    ParseError,
    Payload,
    PrivateKey,
    PublicKey,
    QrisError,
    ScannedCode,
    StickerCheck,
    __version__,
    body_hash,
    cpm,
    crc16,
    is_valid,
    midtrans,
    minify,
    parse,
    render,
    scan,
    scan_sticker,
    snap,
    to_dynamic,
    to_static,
    validate,
    parse_column,
    validate_column,
    validate_many,
)

__all__ = [
    "BatchReport",
    "Builder",
    "Columns",
    "ConvertError",
    "CrcError",
    "DataObject",
    "Diagnostic",
    "ImageError",
    "InvalidKey",
    "InvalidSignature",
    "InvalidTimestamp",
    "Issue",
    "JsonError",
    "NotificationMismatch",
    "NotificationReplayed",
    "ParseError",
    "Payload",
    "PrivateKey",
    "PublicKey",
    "QrisError",
    "ScannedCode",
    "StickerCheck",
    "__version__",
    "body_hash",
    "cpm",
    "crc16",
    "is_valid",
    "midtrans",
    "minify",
    "parse",
    "render",
    "scan",
    "scan_sticker",
    "snap",
    "to_dynamic",
    "to_static",
    "validate",
    "parse_column",
    "validate_column",
    "validate_many",
]
