//! # qris-snap: the SNAP and Midtrans protocol layer
//!
//! From "charge" to "goods delivered" without re-reading the provider docs:
//!
//! - [`ResponseCode`]: any SNAP `responseCode` parsed into HTTP status, service
//!   and case with names, success/pending and [`Retry`] advice.
//! - Notifications end to end: [`verify_midtrans`] (raw body, `signature_key`,
//!   outcome) and [`verify_snap`] (timestamp window, SHA256withRSA over the
//!   receiver's own path and the raw body, outcome, [`Acknowledgement`]), with the
//!   published Midtrans notifier ranges as replaceable data ([`IpAllowlist`]).
//! - [`Outcome`]: the one answer that matters, [`Outcome::deliver`].
//! - [`Amount`] and [`Money`]: integer minor units and exact SNAP amount strings.
//! - [`snap_headers`]: the complete, signed SNAP header set; [`b2b_token_request`];
//!   [`midtrans_headers`]; X-EXTERNAL-ID and CHANNEL-ID rules.
//! - [`check_validity`], [`next_poll`], [`gopay_deeplink`].
//! - Typed messages for every request and response in the provider docs
//!   ([`ChargeResponse`], [`QrMpmGenerateResponse`], [`DebitPaymentRequest`]...),
//!   unknown fields kept; their QR strings parse with the payload engine.
//!
//! ```
//! use qris_snap::{Outcome, ResponseCode, Retry};
//! let code = ResponseCode::parse("5045400")?;
//! assert_eq!(code.retry(), Retry::SameExternalId); // a timeout: same X-EXTERNAL-ID
//! assert!(!Outcome::from_snap_status("03").deliver());
//! # Ok::<(), qris_snap::InvalidResponseCode>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod amount;
mod flow;
mod headers;
mod messages;
mod notify;
mod outcome;
mod replay;
mod response_code;

pub use amount::{Amount, AmountError, Money, MAX_MINOR, MIN_MINOR};
pub use flow::{
    check_validity, gopay_deeplink, next_poll, Poll, MAX_VALIDITY_SECONDS, MIN_POLL_INTERVAL_SECONDS,
    MIN_VALIDITY_SECONDS,
};
pub use headers::{
    b2b_token_request, check_channel_id, midtrans_headers, new_external_id, snap_headers, HeaderError, Headers,
    SnapCall,
};
pub use messages::{
    AccessTokenRequest, AccessTokenResponse, Action, ChargeRequest, ChargeResponse, CustomExpiry, DebitPaymentRequest,
    DebitPaymentResponse, PayOptionDetail, QrMpmGenerateRequest, QrMpmGenerateResponse, SengoData, SengoQris,
    SengoQrisRequest, SengoQrisResponse, SnapResponse, TransactionDetails,
};
pub use notify::{
    midtrans_notifier_ranges, notify_service, verify_midtrans, verify_snap, verify_snap_with, Acknowledgement,
    Environment, IpAllowlist, MidtransNotification, Mismatch, NotifyError, SnapNotification, SnapNotifyRequest,
    VerifiedMidtrans, VerifiedSnap, MAX_NOTIFICATION_BYTES,
};
pub use outcome::Outcome;
pub use replay::{
    end_of_wib_day, verify_snap_once, verify_snap_once_with, MemoryReplayStore, ReplayIds, ReplayStore,
    ReplayStoreError, DEFAULT_REPLAY_STORE_BYTES,
};
pub use response_code::{InvalidResponseCode, ResponseCode, Retry};

/// The README's example, compiled and run as a doctest so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
