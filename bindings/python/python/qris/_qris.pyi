from decimal import Decimal
from typing import Any, Callable, Dict, Iterable, Iterator, List, Literal, Optional, Protocol, Tuple, Union, final, overload

from . import cpm as cpm
from . import midtrans as midtrans
from . import render as render
from . import snap as snap

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
    "parse_column",
    "render",
    "scan",
    "scan_sticker",
    "snap",
    "to_dynamic",
    "to_static",
    "validate",
    "validate_column",
    "validate_many",
]

__version__: str

class QrisError(ValueError): ...

class ParseError(QrisError):
    code: str
    offset: int
    path: str

class CrcError(ParseError): ...

class ImageError(QrisError):
    code: str

class JsonError(QrisError):
    offset: int

class ConvertError(QrisError): ...
class InvalidKey(QrisError): ...
class InvalidSignature(QrisError): ...
class InvalidTimestamp(QrisError): ...
class NotificationMismatch(QrisError): ...
class NotificationReplayed(QrisError): ...

_Bytes = Union[bytes, bytearray, memoryview, str]
_Text = Union[str, bytes]
_Money = Union[str, int, Decimal]

@final
class PrivateKey:
    @staticmethod
    def from_pem(data: _Bytes) -> PrivateKey: ...
    @property
    def bits(self) -> int: ...

@final
class PublicKey:
    @staticmethod
    def from_pem(data: _Bytes, *, allow_legacy_1024: bool = False) -> PublicKey: ...
    @property
    def bits(self) -> int: ...
    @property
    def is_legacy(self) -> bool: ...
    @property
    def warning(self) -> Optional[str]: ...

@final
class DataObject:
    @property
    def id(self) -> int: ...
    @property
    def path(self) -> str: ...
    @property
    def offset(self) -> int: ...
    @property
    def value(self) -> str: ...
    @property
    def children(self) -> List[DataObject]: ...

@final
class Diagnostic:
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def offset(self) -> int: ...
    @property
    def path(self) -> str: ...
    @property
    def message(self) -> str: ...

@final
class Payload:
    @property
    def objects(self) -> List[DataObject]: ...
    def get(self, path: str) -> Optional[str]: ...
    @property
    def amount(self) -> Optional[str]: ...
    @property
    def merchant_name(self) -> Optional[str]: ...
    @property
    def merchant_city(self) -> Optional[str]: ...
    @property
    def postal_code(self) -> Optional[str]: ...
    @property
    def mcc(self) -> Optional[str]: ...
    @property
    def currency(self) -> Optional[str]: ...
    @property
    def country(self) -> Optional[str]: ...
    @property
    def nmid(self) -> Optional[str]: ...
    @property
    def is_dynamic(self) -> bool: ...
    @property
    def crc(self) -> str: ...
    @property
    def merchant_accounts(self) -> List[dict]: ...
    def to_dict(self) -> dict: ...
    def validate(self) -> List[Diagnostic]: ...
    def __hash__(self) -> int: ...

Issue = Diagnostic

@final
class Builder:
    def __init__(self) -> None: ...
    @staticmethod
    def from_payload(payload: Union[_Text, Payload]) -> Builder: ...
    def set(self, path: str, value: str) -> Builder: ...
    def remove(self, path: str) -> Builder: ...
    def build(self) -> str: ...

def parse(payload: _Text, *, strict: bool = ...) -> Payload: ...
def validate(payload: _Text, *, strict: bool = ...) -> List[Diagnostic]: ...
def is_valid(payload: _Text, *, strict: bool = ...) -> bool: ...
_Progress = Union[bool, None, Callable[[int, int], object]]

@overload
def validate_many(
    payloads: Iterable[Union[_Text, Payload]],
    *,
    strict: bool = ...,
    compact: Literal[False] = ...,
    progress: _Progress = ...,
) -> List[List[Diagnostic]]: ...
@overload
def validate_many(
    payloads: Iterable[Union[_Text, Payload]],
    *,
    strict: bool = ...,
    compact: Literal[True],
    progress: _Progress = ...,
) -> BatchReport: ...
class _ArrowColumn(Protocol):
    def __arrow_c_array__(self, requested_schema: object = ...) -> Tuple[object, object]: ...

class _ArrowStream(Protocol):
    def __arrow_c_stream__(self, requested_schema: object = ...) -> object: ...

def validate_column(
    column: Union[_ArrowColumn, _ArrowStream], *, strict: bool = ..., progress: _Progress = ...
) -> Columns: ...
def parse_column(
    column: Union[_ArrowColumn, _ArrowStream],
    fields: Optional[List[str]] = ...,
    *,
    strict: bool = ...,
    progress: _Progress = ...,
) -> Columns: ...
@final
class Columns:
    def __len__(self) -> int: ...
    @property
    def names(self) -> List[str]: ...
    def __arrow_c_array__(self, requested_schema: Optional[object] = ...) -> Tuple[object, object]: ...
    def __arrow_c_stream__(self, requested_schema: Optional[object] = ...) -> object: ...
    def to_pydict(self) -> Dict[str, List[Any]]: ...

@final
class BatchReport:
    def __len__(self) -> int: ...
    def __getitem__(self, key: int, /) -> List[Diagnostic]: ...
    def __iter__(self) -> Iterator[List[Diagnostic]]: ...
    def __bool__(self) -> bool: ...
    @property
    def valid(self) -> List[bool]: ...
    @property
    def error_codes(self) -> List[Optional[str]]: ...
    @property
    def problems(self) -> Dict[int, List[Diagnostic]]: ...
    @property
    def valid_count(self) -> int: ...
    @property
    def invalid_count(self) -> int: ...
def to_dynamic(
    payload: Union[_Text, Payload],
    amount: _Money,
    *,
    tip_prompt: bool = ...,
    fee_fixed: Optional[_Money] = ...,
    fee_percent: Optional[_Money] = ...,
    bill: Optional[str] = ...,
    reference: Optional[str] = ...,
    terminal: Optional[str] = ...,
    force: bool = ...,
) -> str: ...
def to_static(payload: Union[_Text, Payload], *, force: bool = ...) -> str: ...
def crc16(data: _Text) -> str: ...
def minify(body: _Bytes) -> bytes: ...
def body_hash(body: _Bytes) -> str: ...

_Image = Union[bytes, bytearray, memoryview, Any]

@final
class ScannedCode:
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def corners(self) -> List[Tuple[float, float]]: ...
    @property
    def valid(self) -> bool: ...
    @property
    def diagnostics(self) -> List[Diagnostic]: ...
    @property
    def payload(self) -> Optional[Payload]: ...

@final
class StickerCheck:
    @property
    def verdict(self) -> str: ...
    @property
    def differences(self) -> List[Tuple[str, str, Optional[str]]]: ...
    @property
    def message(self) -> str: ...
    @property
    def codes(self) -> List[ScannedCode]: ...
    def __bool__(self) -> bool: ...

def scan(
    image: _Image,
    *,
    width: Optional[int] = None,
    height: Optional[int] = None,
    format: Optional[str] = None,
    stride: Optional[int] = None,
) -> List[ScannedCode]: ...
def scan_sticker(
    image: _Image,
    nmid: str,
    *,
    pan: Optional[str] = None,
    name: Optional[str] = None,
    city: Optional[str] = None,
    width: Optional[int] = None,
    height: Optional[int] = None,
    format: Optional[str] = None,
    stride: Optional[int] = None,
) -> StickerCheck: ...
