from typing import List, Optional, Protocol, Tuple, Union, final

from ._qris import PrivateKey, PublicKey

__all__ = [
    "DEFAULT_WINDOW",
    "Notification",
    "ReplayGuard",
    "ResponseCode",
    "ack_for_error",
    "canonical_url",
    "check_timestamp",
    "format_timestamp",
    "sign_b2b",
    "sign_hmac",
    "sign_rsa",
    "timestamp",
    "verify_b2b",
    "verify_hmac",
    "verify_notification",
    "verify_rsa",
]

_Bytes = Union[bytes, bytearray, memoryview, str]

DEFAULT_WINDOW: int

def sign_hmac(
    secret: _Bytes, method: str, path: str, token: str, body: _Bytes, timestamp: str, *, encoding: str = "base64"
) -> str: ...
def verify_hmac(
    secret: _Bytes,
    method: str,
    path: str,
    token: str,
    body: _Bytes,
    timestamp: str,
    signature: str,
    *,
    window: int = 300,
    now: Optional[int] = None,
) -> None: ...
def sign_rsa(
    key: PrivateKey, method: str, path: str, body: _Bytes, timestamp: str, *, encoding: str = "base64"
) -> str: ...
def verify_rsa(
    public_key: PublicKey,
    method: str,
    path: str,
    body: _Bytes,
    timestamp: str,
    signature: str,
    *,
    window: int = 300,
    now: Optional[int] = None,
) -> None: ...
def sign_b2b(key: PrivateKey, client_id: str, timestamp: str, *, encoding: str = "base64") -> str: ...
def verify_b2b(
    public_key: PublicKey,
    client_id: str,
    timestamp: str,
    signature: str,
    *,
    window: int = 300,
    now: Optional[int] = None,
) -> None: ...
def canonical_url(url: str) -> str: ...
def timestamp(*, millis: bool = False) -> str: ...
def format_timestamp(unix: Union[int, float], *, offset_minutes: int = 420, millis: bool = False) -> str: ...
def check_timestamp(timestamp: str, *, window: int = 300, now: Optional[int] = None) -> None: ...

@final
class ResponseCode:
    @staticmethod
    def parse(code: str) -> ResponseCode: ...
    @property
    def http(self) -> int: ...
    @property
    def service(self) -> Optional[int]: ...
    @property
    def case(self) -> Optional[int]: ...
    @property
    def service_name(self) -> str: ...
    @property
    def case_name(self) -> str: ...
    @property
    def is_success(self) -> bool: ...
    @property
    def is_pending(self) -> bool: ...
    @property
    def retry(self) -> str: ...
    @property
    def advice(self) -> str: ...

@final
class Notification:
    @property
    def order_id(self) -> Optional[str]: ...
    @property
    def amount(self) -> Optional[str]: ...
    @property
    def status_code(self) -> Optional[str]: ...
    @property
    def status(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def deliver(self) -> bool: ...
    @property
    def ack_status(self) -> int: ...
    @property
    def ack_body(self) -> str: ...
    @property
    def warnings(self) -> List[str]: ...
    @property
    def idempotency_key(self) -> Optional[str]: ...

def verify_notification(
    public_key: PublicKey,
    method: str,
    path: str,
    body: _Bytes,
    timestamp: str,
    signature: str,
    *,
    window: int = 300,
    now: Optional[int] = None,
    guard: Optional[Union[ReplayGuard, _ReplayStore]] = None,
    partner_id: Optional[str] = None,
    external_id: Optional[str] = None,
) -> Notification: ...

class _ReplayStore(Protocol):
    def insert_if_absent(self, key: str, now: int, expires_at: int) -> bool: ...

@final
class ReplayGuard:
    def __new__(cls, max_bytes: int = 67108864) -> ReplayGuard: ...
    def insert_if_absent(self, key: str, now: int, expires_at: int) -> bool: ...
    def __len__(self) -> int: ...

def ack_for_error(error: BaseException) -> Tuple[int, str]: ...
