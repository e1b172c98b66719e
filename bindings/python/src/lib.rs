//! The native module behind `import qris` (`qris._qris`): PyO3 projections of
//! the core crates, declared once here. Laid out like every surface: `emv`,
//! `sign`, `snap`, `render`, `error` (the exceptions and the conversions of the
//! core's errors to them), and this file's plumbing (reading `str`/`bytes`
//! arguments). `qris.snap`, `qris.midtrans` and `qris.render` are native
//! submodules; the `.pyi` stubs next to the package are checked against them
//! by `mypy.stubtest`.
// No `unsafe` of our own. `deny`, not `forbid`: PyO3's macros expand to unsafe
// blocks they mark `#[allow(unsafe_code)]`, which `forbid` would not let them.
#![deny(unsafe_code)]

use std::ops::Deref;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyString};

mod arrow;
mod batch;
mod cpm;
mod emv;
mod error;
mod render;
mod scan;
mod sign;
mod snap;

use error::QrisError;

/// A text argument. A `str` holding lone surrogates (which `json.loads('"\udcff"')`
/// and surrogate-escaped `sys.argv` produce) has no UTF-8: it is a `QrisError`,
/// never a `UnicodeEncodeError` escaping the library. Borrowed from the `str`
/// itself, without a copy.
pub(crate) enum Text {
    Borrowed(PyBackedStr),
    /// A default in a signature (`ecc = Text::ECC_M`).
    Static(&'static str),
}

impl Text {
    // The core's defaults, in the core's spelling.
    pub(crate) const BASE64: Text = Text::Static(qris_sign::Encoding::Base64.as_str());
    pub(crate) const ECC_M: Text = Text::Static(qris_render::Ecc::M.as_str());
    pub(crate) const PAPER_58: Text = Text::Static(qris_render::Paper::Mm58.as_str());
}

impl<'py> FromPyObject<'py> for Text {
    fn extract_bound(ob: &Bound<'py, PyAny>) -> PyResult<Self> {
        let s =
            ob.cast::<PyString>().map_err(|_| PyTypeError::new_err(format!("expected str, not {}", type_name(ob))))?;
        PyBackedStr::try_from(s.clone())
            .map(Text::Borrowed)
            .map_err(|_| QrisError::new_err("a text argument is not valid Unicode (it holds a lone surrogate)"))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Static(s) => s,
        }
    }
}

pub(crate) fn type_name(ob: &Bound<'_, PyAny>) -> String {
    ob.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

/// The bytes of a `bytes`, `bytearray`, `memoryview` or `str` argument: borrowed
/// from the (immutable) `bytes` object itself, or from the UTF-8 encoding of a
/// `str`; copied only from the mutable types.
pub(crate) enum Data<'py> {
    Shared(Bound<'py, PyBytes>),
    Copied(Vec<u8>),
}

impl Deref for Data<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Data::Shared(b) => b.as_bytes(),
            Data::Copied(v) => v,
        }
    }
}

/// Bytes from `bytes`, `bytearray`, `memoryview` or `str` (UTF-8 encoded; a `str`
/// with lone surrogates is encoded with `surrogatepass`, so what the engines see
/// is invalid UTF-8 that they diagnose).
///
/// Never through PyO3's `Vec<u8>` extraction, which reads a `bytes` object
/// element by element as a sequence (it made `minify` of 1 MiB take 11 ms).
pub(crate) fn bytes_of<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Data<'py>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Data::Shared(b.clone()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Data::Shared(match s.encode_utf8() {
            Ok(b) => b,
            Err(_) => s.call_method1("encode", ("utf-8", "surrogatepass"))?.cast_into::<PyBytes>()?,
        }));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Data::Copied(b.to_vec()));
    }
    if obj.cast::<PyMemoryView>().is_ok() {
        let copy = obj.py().get_type::<PyBytes>().call1((obj,))?;
        return Ok(Data::Shared(copy.cast_into::<PyBytes>()?));
    }
    Err(PyTypeError::new_err(format!("expected bytes, bytearray, memoryview or str, not {}", type_name(obj))))
}

// Defaults in `#[pyo3(signature)]` are written as literals so that `help()` and
// `inspect.signature` show them; they are the core's, or this does not build.
const _: () = assert!(qris_sign::DEFAULT_WINDOW_SECONDS == 300, "window = 300 in the signatures");
const _: () = assert!(qris_sign::WIB_OFFSET_MINUTES == 420, "offset_minutes = 420 in format_timestamp");

/// The module, declared once: what each name is comes from the modules above.
#[pymodule]
mod _qris {
    #[pymodule_export]
    use super::arrow::{parse_column, validate_column, Columns};
    #[pymodule_export]
    use super::batch::{validate_many, BatchReport};
    #[pymodule_export]
    use super::emv::{
        crc16, is_valid, parse, to_dynamic, to_static, validate, Builder, DataObject, Diagnostic, Payload,
    };
    #[pymodule_export]
    use super::error::{
        ConvertError, CrcError, ImageError, InvalidKey, InvalidSignature, InvalidTimestamp, JsonError,
        NotificationMismatch, NotificationReplayed, ParseError, QrisError,
    };
    #[pymodule_export]
    use super::scan::{scan, scan_sticker, ScannedCode, StickerCheck};
    #[pymodule_export]
    use super::sign::{body_hash, minify, PrivateKey, PublicKey};
    use pyo3::prelude::*;

    /// Bank Indonesia SNAP: signatures (HMAC-SHA512, SHA256withRSA per request and
    /// for the B2B access token), X-TIMESTAMP, response codes, notifications.
    #[pymodule]
    mod snap {
        #[pymodule_export]
        use crate::sign::{
            canonical_url, check_timestamp, format_timestamp, sign_b2b, sign_hmac, sign_rsa, timestamp, verify_b2b,
            verify_hmac, verify_rsa,
        };
        #[pymodule_export]
        use crate::snap::{
            ack_for_error, verify_snap_notification as verify_notification, Notification, ReplayGuard, ResponseCode,
        };
        use pyo3::prelude::*;

        #[pymodule_init]
        fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add("DEFAULT_WINDOW", qris_sign::DEFAULT_WINDOW_SECONDS)
        }
    }

    /// Midtrans (GoPay): the notification `signature_key` and notifications.
    #[pymodule]
    mod midtrans {
        #[pymodule_export]
        use crate::sign::{signature_key, verify_signature_key};
        #[pymodule_export]
        use crate::snap::{verify_midtrans_notification as verify_notification, Notification};
    }

    /// Customer-presented (CPM) codes: the payer's app shows them, the POS scans them.
    #[pymodule]
    mod cpm {
        #[pymodule_export]
        use crate::cpm::{build, parse, validate, Application, Code};
    }

    /// QR images of a payload (checked by the payload engine first unless forced).
    #[pymodule]
    mod render {
        #[pymodule_export]
        use crate::render::{escpos, png, svg};
    }

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        // The old name of a diagnostic, kept as an alias.
        m.add("Issue", m.getattr("Diagnostic")?)?;
        // `import qris.snap` etc. find the native submodules.
        let modules = m.py().import("sys")?.getattr("modules")?;
        for name in ["snap", "midtrans", "render", "cpm"] {
            let sub = m.getattr(name)?;
            sub.setattr("__name__", format!("qris.{name}"))?;
            modules.set_item(format!("qris.{name}"), sub)?;
        }
        Ok(())
    }
}
