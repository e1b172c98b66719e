//! The conversions from the core crates' errors to C result codes, in one
//! place: every export uses `?`, and a kind of error has one code on every path.

use qris_emv::{BuildError, ConvertError, InvalidPath, ParseError, UnknownName};
use qris_render::RenderError;
use qris_sign::midtrans::NotificationError;
use qris_sign::{EmptySecret, JsonError, KeyError, SignError, TimestampError, UnknownEncoding, UrlError, VerifyError};
use qris_snap::{InvalidResponseCode, NotifyError};

use crate::QrisResult;

impl From<ParseError> for QrisResult {
    fn from(_: ParseError) -> Self {
        QrisResult::InvalidPayload
    }
}

impl From<ConvertError> for QrisResult {
    fn from(e: ConvertError) -> Self {
        match e {
            ConvertError::Option(_) => QrisResult::InvalidArgument,
            _ => QrisResult::InvalidPayload,
        }
    }
}

impl From<BuildError> for QrisResult {
    fn from(_: BuildError) -> Self {
        QrisResult::InvalidArgument
    }
}

impl From<InvalidPath> for QrisResult {
    fn from(_: InvalidPath) -> Self {
        QrisResult::InvalidArgument
    }
}

impl From<UnknownName> for QrisResult {
    fn from(_: UnknownName) -> Self {
        QrisResult::InvalidArgument
    }
}

impl From<UnknownEncoding> for QrisResult {
    fn from(_: UnknownEncoding) -> Self {
        QrisResult::InvalidArgument
    }
}

impl From<UrlError> for QrisResult {
    fn from(_: UrlError) -> Self {
        QrisResult::InvalidArgument
    }
}

impl From<JsonError> for QrisResult {
    fn from(_: JsonError) -> Self {
        QrisResult::InvalidJson
    }
}

impl From<KeyError> for QrisResult {
    fn from(_: KeyError) -> Self {
        QrisResult::InvalidKey
    }
}

impl From<EmptySecret> for QrisResult {
    fn from(_: EmptySecret) -> Self {
        QrisResult::EmptySecret
    }
}

impl From<SignError> for QrisResult {
    fn from(e: SignError) -> Self {
        match e {
            SignError::Body(_) => QrisResult::InvalidJson,
            _ => QrisResult::RngFailure,
        }
    }
}

impl From<TimestampError> for QrisResult {
    fn from(e: TimestampError) -> Self {
        match e {
            TimestampError::TooOld { .. } | TimestampError::InFuture { .. } => QrisResult::TimestampOutOfWindow,
            // A caller's clock before 1970 or after 9999; a time to format
            // that X-TIMESTAMP cannot write.
            TimestampError::Clock | TimestampError::Unwritable => QrisResult::InvalidArgument,
            _ => QrisResult::InvalidTimestamp,
        }
    }
}

impl From<VerifyError> for QrisResult {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Body(_) => QrisResult::InvalidJson,
            VerifyError::Timestamp(t) => t.into(),
            _ => QrisResult::InvalidSignature,
        }
    }
}

impl From<NotificationError> for QrisResult {
    fn from(e: NotificationError) -> Self {
        match e {
            NotificationError::Format(_) => QrisResult::InvalidArgument,
            NotificationError::EmptyServerKey => QrisResult::EmptySecret,
            _ => QrisResult::InvalidSignature,
        }
    }
}

impl From<NotifyError> for QrisResult {
    fn from(e: NotifyError) -> Self {
        match e {
            NotifyError::Body(_) | NotifyError::Field(_) => QrisResult::InvalidJson,
            NotifyError::Signature(e) => e.into(),
            NotifyError::Timestamp(e) => e.into(),
            NotifyError::EmptySecret => QrisResult::EmptySecret,
            NotifyError::Mismatch(_) => QrisResult::Mismatch,
            NotifyError::Replayed => QrisResult::Replayed,
            NotifyError::ReplayStore(_) => QrisResult::ReplayStore,
            // NotifyError::TooLarge, and any kind added later.
            _ => QrisResult::InvalidArgument,
        }
    }
}

impl From<InvalidResponseCode> for QrisResult {
    fn from(_: InvalidResponseCode) -> Self {
        QrisResult::InvalidArgument
    }
}

impl From<RenderError> for QrisResult {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::Payload(_) => QrisResult::InvalidPayload,
            _ => QrisResult::InvalidArgument,
        }
    }
}
