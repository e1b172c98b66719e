//! SNAP `responseCode`: 7 digits = HTTP status (3) + service code (2) + case code (2),
//! e.g. `2004700` (QRIS MPM generate, success) or `4035414` (debit payment, insufficient funds).

use core::fmt;

/// A parsed SNAP response code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResponseCode {
    /// HTTP status (200, 202, 400, 401, 403, 404, 405, 409, 429, 500, 504...).
    pub http: u16,
    /// Service code (47 QRIS MPM generate, 54 debit payment host-to-host...);
    /// `None` for a bare HTTP status such as SenGo's `200`.
    pub service: Option<u8>,
    /// Case code within the HTTP status; `None` for a bare HTTP status.
    pub case: Option<u8>,
}

/// A `responseCode` that is not 7 digits (or a bare 3-digit HTTP status).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidResponseCode(pub String);

impl fmt::Display for InvalidResponseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid SNAP responseCode {:?}: expected 7 digits (HTTP status, service code, case code)", self.0)
    }
}

impl std::error::Error for InvalidResponseCode {}

/// What a caller should do after a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Done: the request succeeded.
    No,
    /// The request was accepted and is still being processed (202): query the
    /// status (or wait for the notification) rather than sending it again.
    CheckStatus,
    /// A timeout or server error: the outcome is unknown. Query the status, or
    /// retry with the **same** X-EXTERNAL-ID and body so no duplicate is created.
    SameExternalId,
    /// Too many requests (429): retry later with the same X-EXTERNAL-ID.
    Later,
    /// A client error (4xx): retrying the same request will fail the same way.
    Never,
}

impl Retry {
    /// Every advice, in order of increasing trouble.
    pub const ALL: [Retry; 5] = [Retry::No, Retry::CheckStatus, Retry::SameExternalId, Retry::Later, Retry::Never];

    /// The one spelling every surface uses: `no`, `check_status`,
    /// `same_external_id`, `later`, `never`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Retry::No => "no",
            Retry::CheckStatus => "check_status",
            Retry::SameExternalId => "same_external_id",
            Retry::Later => "later",
            Retry::Never => "never",
        }
    }

    /// What to do, in a sentence.
    pub const fn advice(self) -> &'static str {
        match self {
            Retry::No => "success",
            Retry::CheckStatus => "accepted, still processing: check the status or wait for the notification",
            Retry::SameExternalId => "outcome unknown: check the status, or retry with the same X-EXTERNAL-ID and body",
            Retry::Later => "rate limited: retry later with the same X-EXTERNAL-ID",
            Retry::Never => "client error: do not retry the same request",
        }
    }
}

impl core::str::FromStr for Retry {
    type Err = qris_emv::UnknownName;
    /// The spelling of [`Retry::as_str`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Retry::ALL.into_iter().find(|r| r.as_str() == s).ok_or(qris_emv::UnknownName { kind: "retry advice" })
    }
}

impl fmt::Display for Retry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Service codes (Bank Indonesia's SNAP standard, as Midtrans' SNAP docs list them).
fn service_name(code: u8) -> Option<&'static str> {
    Some(match code {
        47 => "QRIS MPM generate",
        48 => "QRIS MPM decode",
        49 => "QRIS MPM apply OTT",
        50 => "QRIS MPM payment",
        51 => "QRIS MPM query",
        52 => "QRIS MPM notify",
        53 => "QRIS MPM status",
        77 => "QRIS MPM cancel",
        78 => "QRIS MPM refund",
        54 => "debit payment host-to-host",
        55 => "debit status",
        56 => "debit notify",
        57 => "debit cancel",
        58 => "debit refund",
        59..=62 | 79 | 80 => "QRIS CPM",
        73 => "access token B2B",
        74 => "access token B2B2C",
        _ => return None,
    })
}

/// Case names by HTTP status and case code (Bank Indonesia's SNAP standard, as
/// Midtrans' SNAP QRIS and GoPay Tokenization docs list them).
fn case_name(http: u16, case: u8) -> Option<&'static str> {
    Some(match (http, case) {
        (200, 0) => "Successful",
        (202, 0) => "Request In Progress",
        (400, 0) => "Bad Request",
        (400, 1) => "Invalid Field Format",
        (400, 2) => "Invalid Mandatory Field",
        (401, 0) => "Unauthorized",
        (401, 1) => "Invalid Token (B2B)",
        (401, 2) => "Invalid Customer Token",
        (401, 3) => "Token Not Found (B2B)",
        (401, 4) => "Customer Token Not Found",
        (403, 0) => "Transaction Expired",
        (403, 1) => "Feature Not Allowed",
        (403, 2) => "Exceeds Transaction Amount Limit",
        (403, 3) => "Suspected Fraud",
        (403, 4) => "Activity Count Limit Exceeded",
        (403, 5) => "Do Not Honor",
        (403, 6) => "Feature Not Allowed At This Time",
        (403, 7) => "Card Blocked",
        (403, 8) => "Card Expired",
        (403, 9) => "Dormant Account",
        (403, 10) => "Need To Set Token Limit",
        (403, 11) => "OTP Blocked",
        (403, 12) => "OTP Lifetime Expired",
        (403, 13) => "OTP Sent To Cardholder",
        (403, 14) => "Insufficient Funds",
        (403, 15) => "Transaction Not Permitted",
        (403, 16) => "Suspend Transaction",
        (403, 17) => "Token Limit Exceeded",
        (403, 18) => "Inactive Card/Account/Customer",
        (403, 19) => "Merchant Blacklisted",
        (403, 20) => "Merchant Limit Exceeded",
        (403, 21) => "Set Limit Not Allowed",
        (403, 22) => "Token Limit Invalid",
        (403, 23) => "Account Limit Exceeded",
        (404, 0) => "Invalid Transaction Status",
        (404, 1) => "Transaction Not Found",
        (404, 2) => "Invalid Routing",
        (404, 3) => "Bank Not Supported By Switch",
        (404, 4) => "Transaction Cancelled",
        (404, 5) => "Merchant Is Not Registered For Card Registration Services",
        (404, 6) => "Need To Request OTP",
        (404, 7) => "Journey Not Found",
        (404, 8) => "Invalid Merchant",
        (404, 9) => "No Partner Found",
        (404, 10) => "Invalid Parameter (API Transition Within A Journey)",
        (404, 11) => "Invalid Card/Account/Customer/Virtual Account",
        (404, 12) => "Invalid Bill/Virtual Account",
        (404, 13) => "Invalid Amount",
        (404, 14) => "Paid Bill",
        (404, 15) => "Invalid OTP",
        (404, 16) => "Partner Not Found",
        (404, 17) => "Invalid Terminal",
        (404, 18) => "Inconsistent Request",
        (404, 19) => "Invalid Bill/Virtual Account",
        (405, 0) => "Requested Function Is Not Supported",
        (405, 1) => "Requested Operation Is Not Allowed",
        (409, 0) => "Conflict (X-EXTERNAL-ID Already Used Today)",
        (409, 1) => "Duplicate partnerReferenceNo",
        (429, 0) => "Too Many Requests",
        (500, 0) => "General Error",
        (500, 1) => "Internal Server Error",
        (500, 2) => "External Server Error",
        (504, 0) => "Timeout",
        _ => return None,
    })
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |a, &d| a * 10 + u32::from(d - b'0')))
}

impl ResponseCode {
    /// Parses `"2004700"`, or a bare HTTP status such as `"200"`. Unknown
    /// services and cases parse fine (their names are "unknown").
    ///
    /// ```
    /// let c = qris_snap::ResponseCode::parse("4035414")?;
    /// assert_eq!((c.http, c.service, c.case), (403, Some(54), Some(14)));
    /// assert_eq!(c.case_name(), "Insufficient Funds");
    /// assert_eq!(c.service_name(), "debit payment host-to-host");
    /// assert!(!c.is_success());
    /// # Ok::<(), qris_snap::InvalidResponseCode>(())
    /// ```
    ///
    /// # Errors
    /// Anything but 7 (or 3) ASCII digits with a plausible HTTP status (100..=599).
    pub fn parse(code: &str) -> Result<ResponseCode, InvalidResponseCode> {
        let b = code.trim().as_bytes();
        let bad = || InvalidResponseCode(code.to_string());
        let http = digits(b.get(..3).ok_or_else(bad)?).ok_or_else(bad)? as u16;
        if !(100..=599).contains(&http) {
            return Err(bad());
        }
        match b.len() {
            3 => Ok(ResponseCode { http, service: None, case: None }),
            7 => {
                let service = digits(&b[3..5]).ok_or_else(bad)? as u8;
                let case = digits(&b[5..7]).ok_or_else(bad)? as u8;
                Ok(ResponseCode { http, service: Some(service), case: Some(case) })
            }
            _ => Err(bad()),
        }
    }

    /// The service's name, or `"unknown"`.
    pub fn service_name(&self) -> &'static str {
        self.service.and_then(service_name).unwrap_or("unknown")
    }

    /// The case's name, or `"unknown"`.
    pub fn case_name(&self) -> &'static str {
        match self.case {
            Some(c) => case_name(self.http, c).unwrap_or("unknown"),
            None => case_name(self.http, 0).unwrap_or("unknown"),
        }
    }

    /// A 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.http) && self.http != 202
    }

    /// `202xx00`: accepted, still processing.
    pub fn is_pending(&self) -> bool {
        self.http == 202
    }

    /// What to do next (see [`Retry`]).
    pub fn retry(&self) -> Retry {
        match self.http {
            202 => Retry::CheckStatus,
            200..=299 => Retry::No,
            429 => Retry::Later,
            500..=599 => Retry::SameExternalId,
            _ => Retry::Never,
        }
    }
}

impl fmt::Display for ResponseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.service, self.case) {
            (Some(s), Some(c)) => write!(f, "{:03}{s:02}{c:02}", self.http),
            _ => write!(f, "{:03}", self.http),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_001_table() {
        // A sample of the "List of Response code" table in Midtrans' SNAP QRIS docs: code, HTTP, description.
        for (code, http, words) in [
            ("2004700", 200, "Successful"),
            ("2024700", 202, "In Progress"),
            ("4004701", 400, "Invalid Field Format"),
            ("4014703", 401, "Token Not Found"),
            ("4034709", 403, "Dormant"),
            ("4034714", 403, "Insufficient Funds"),
            ("4044713", 404, "Invalid Amount"),
            ("4044717", 404, "Invalid Terminal"),
            ("4094700", 409, "X-EXTERNAL-ID"),
            ("4094701", 409, "Duplicate partnerReferenceNo"),
            ("5044700", 504, "Timeout"),
        ] {
            let c = ResponseCode::parse(code).unwrap();
            assert_eq!(c.http, http);
            assert_eq!(c.service_name(), "QRIS MPM generate");
            assert!(c.case_name().contains(words), "{code}: {}", c.case_name());
            assert_eq!(c.to_string(), code);
        }
    }

    #[test]
    fn retry_advice() {
        let r = |s| ResponseCode::parse(s).unwrap().retry();
        assert_eq!(r("2005400"), Retry::No);
        assert_eq!(r("2025400"), Retry::CheckStatus);
        assert_eq!(r("5045400"), Retry::SameExternalId);
        assert_eq!(r("5005401"), Retry::SameExternalId);
        assert_eq!(r("4295400"), Retry::Later);
        assert_eq!(r("4035414"), Retry::Never);
        assert_eq!(r("4094700"), Retry::Never);
    }

    #[test]
    fn unknown_parses_malformed_does_not() {
        let c = ResponseCode::parse("4999999").unwrap();
        assert_eq!((c.service_name(), c.case_name()), ("unknown", "unknown"));
        let sengo = ResponseCode::parse("200").unwrap();
        assert!(sengo.is_success());
        assert_eq!(sengo.case_name(), "Successful");
        // Seed 003 prints "20054000" (8 digits): a typo, refused rather than guessed.
        for bad in ["20054000", "200470", "", "abcdefg", "9994700", "20047x0"] {
            assert!(ResponseCode::parse(bad).is_err(), "{bad}");
        }
    }
}
