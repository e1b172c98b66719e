"""One rule for text arguments: a ``str`` holding lone surrogates (which
``json.loads('"\\udcff"')`` and surrogate-escaped ``sys.argv`` produce) has no
UTF-8, and is a ``qris.QrisError``, never a ``UnicodeEncodeError`` escaping the
library. (Payload functions go further: the engine gives its ``input.utf8``
diagnostic.)"""

import functools
from typing import Any, Callable, TypeVar, cast

from ._qris import QrisError

_F = TypeVar("_F", bound=Callable[..., Any])


def text_errors(f: _F) -> _F:
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except UnicodeEncodeError as e:
            raise QrisError(f"a text argument is not valid Unicode ({e.reason} at index {e.start})") from None

    return cast(_F, wrapper)
