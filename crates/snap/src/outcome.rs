//! What a transaction status means for the merchant, and the one question that
//! matters at the counter: deliver the goods?

use core::fmt;

use serde::Serialize;

/// The state of a payment, from Midtrans `transaction_status` + `fraud_status`
/// or SNAP `latestTransactionStatus`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Paid and final: deliver.
    Paid,
    /// Waiting for the payer (or the provider).
    Pending,
    /// Card pre-authorisation (Midtrans `authorize`): funds held, not captured.
    Authorized,
    /// Held for fraud review (Midtrans `capture` with `fraud_status` challenge).
    Challenge,
    /// Not paid: denied or failed.
    Failed {
        /// Why, as the provider said it (e.g. `deny`, `failure`, `06`).
        reason: String,
    },
    /// Left unpaid until it expired.
    Expired,
    /// Cancelled by the merchant (or the payer).
    Cancelled,
    /// Refunded after payment.
    Refunded {
        /// Only part of the amount.
        partial: bool,
    },
    /// Disputed by the payer after payment.
    Chargeback {
        /// Only part of the amount.
        partial: bool,
    },
    /// The provider does not know the transaction (SNAP `07`).
    NotFound,
    /// A status this library does not know: treat as not paid.
    Unknown {
        /// The status as sent.
        status: String,
    },
}

impl Outcome {
    /// A stable machine name: `paid`, `pending`, `authorized`, `challenge`,
    /// `failed`, `expired`, `cancelled`, `refunded`, `partially_refunded`,
    /// `chargeback`, `partial_chargeback`, `not_found`, `unknown`.
    ///
    /// ```
    /// use qris_snap::Outcome;
    /// assert_eq!(Outcome::from_midtrans("200", "settlement", None).code(), "paid");
    /// assert_eq!(Outcome::from_snap_status("04").code(), "refunded");
    /// ```
    pub fn code(&self) -> &'static str {
        self.as_str()
    }

    /// The stable machine name ([`Outcome::code`]): the one spelling every surface uses.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Paid => "paid",
            Outcome::Pending => "pending",
            Outcome::Authorized => "authorized",
            Outcome::Challenge => "challenge",
            Outcome::Failed { .. } => "failed",
            Outcome::Expired => "expired",
            Outcome::Cancelled => "cancelled",
            Outcome::Refunded { partial: false } => "refunded",
            Outcome::Refunded { partial: true } => "partially_refunded",
            Outcome::Chargeback { partial: false } => "chargeback",
            Outcome::Chargeback { partial: true } => "partial_chargeback",
            Outcome::NotFound => "not_found",
            Outcome::Unknown { .. } => "unknown",
        }
    }

    /// Whether to hand over the goods: true only when paid (Midtrans
    /// `settlement`, or `capture` with `fraud_status` accept; SNAP `00`).
    pub fn deliver(&self) -> bool {
        matches!(self, Outcome::Paid)
    }

    /// Whether the status can still change without merchant action (wait for the
    /// next notification or poll).
    pub fn is_final(&self) -> bool {
        !matches!(self, Outcome::Pending | Outcome::Authorized | Outcome::Challenge)
    }

    /// A Midtrans Core API notification's signed `status_code` with its
    /// (unsigned) `transaction_status` and `fraud_status`.
    ///
    /// Midtrans' signature covers `status_code` but not the status text, so the
    /// two must agree before the text is believed (Midtrans' "best practices to
    /// handle notification": status_code 200, transaction_status settlement or
    /// capture, fraud_status accept). The codes each status is sent with, from
    /// Midtrans' status-code reference and its notification examples:
    ///
    /// | transaction_status | status_code |
    /// |---|---|
    /// | settlement, capture, authorize, refund, partial_refund, chargeback, partial_chargeback | 200 |
    /// | pending | 201 |
    /// | deny, failure | 202 |
    /// | cancel | 200 or 202 |
    /// | expire | 202 or 407 |
    ///
    /// Anything else, and any disagreement, is [`Outcome::Unknown`]: never paid.
    /// Paid is settlement (with `fraud_status` accept or none) or capture with
    /// `fraud_status` accept, both with status_code 200; a `fraud_status` other
    /// than `accept`, `challenge` or `deny` (exactly so: Midtrans sends lowercase)
    /// is unknown.
    ///
    /// Even so, status_code 200 is also sent for cancel, refund and chargeback:
    /// someone holding a genuine one of those for an order can relabel it
    /// settlement. Check the order's own history (a cancelled order does not
    /// become paid), and confirm high-value orders with Midtrans' GET status API.
    ///
    /// ```
    /// use qris_snap::Outcome;
    /// assert!(Outcome::from_midtrans("200", "settlement", Some("accept")).deliver());
    /// assert!(Outcome::from_midtrans("200", "capture", Some("accept")).deliver());
    /// assert_eq!(Outcome::from_midtrans("200", "capture", Some("challenge")), Outcome::Challenge);
    /// assert!(!Outcome::from_midtrans("201", "pending", Some("accept")).deliver());
    /// assert_eq!(Outcome::from_midtrans("407", "expire", Some("accept")), Outcome::Expired);
    /// // A genuine expire notification (407) relabelled settlement: not paid.
    /// assert_eq!(Outcome::from_midtrans("407", "settlement", Some("accept")).code(), "unknown");
    /// assert!(!Outcome::from_midtrans("200", "settlement", Some("DENY")).deliver());
    /// ```
    pub fn from_midtrans(status_code: &str, transaction_status: &str, fraud_status: Option<&str>) -> Outcome {
        let agrees = match transaction_status {
            "settlement" | "capture" | "authorize" | "refund" | "partial_refund" | "chargeback"
            | "partial_chargeback" => status_code == "200",
            "pending" => status_code == "201",
            "deny" | "failure" => status_code == "202",
            "cancel" => matches!(status_code, "200" | "202"),
            "expire" => matches!(status_code, "202" | "407"),
            _ => false,
        };
        let unknown = |why: &str| Outcome::Unknown { status: why.into() };
        if !agrees {
            return unknown(&format!("{transaction_status} with status_code {status_code}"));
        }
        match (transaction_status, fraud_status) {
            ("settlement", None | Some("accept")) => Outcome::Paid,
            ("settlement", Some("deny")) => Outcome::Failed { reason: "fraud_status deny".into() },
            ("capture", Some("accept")) => Outcome::Paid,
            ("capture", Some("challenge")) => Outcome::Challenge,
            ("capture", Some("deny")) => Outcome::Failed { reason: "fraud_status deny".into() },
            // A capture is only final with the fraud verdict; a settlement under
            // review, or a verdict spelt otherwise, is not one this library reads.
            ("settlement" | "capture", Some(other)) => {
                unknown(&format!("{transaction_status} with fraud_status {other}"))
            }
            ("capture", None) => unknown("capture without fraud_status"),
            ("pending", _) => Outcome::Pending,
            ("authorize", _) => Outcome::Authorized,
            ("deny", _) => Outcome::Failed { reason: "deny".into() },
            ("failure", _) => Outcome::Failed { reason: "failure".into() },
            ("expire", _) => Outcome::Expired,
            ("cancel", _) => Outcome::Cancelled,
            ("refund", _) => Outcome::Refunded { partial: false },
            ("partial_refund", _) => Outcome::Refunded { partial: true },
            ("chargeback", _) => Outcome::Chargeback { partial: false },
            ("partial_chargeback", _) => Outcome::Chargeback { partial: true },
            (other, _) => unknown(other),
        }
    }

    /// A SNAP `latestTransactionStatus` (00 success, 01 initiated, 02 paying,
    /// 03 pending, 04 refunded, 05 canceled, 06 failed, 07 not found).
    ///
    /// ```
    /// use qris_snap::Outcome;
    /// assert!(Outcome::from_snap_status("00").deliver());
    /// assert_eq!(Outcome::from_snap_status("05"), Outcome::Cancelled);
    /// ```
    pub fn from_snap_status(status: &str) -> Outcome {
        match status {
            "00" => Outcome::Paid,
            "01" | "02" | "03" => Outcome::Pending,
            "04" => Outcome::Refunded { partial: false },
            "05" => Outcome::Cancelled,
            "06" => Outcome::Failed { reason: "06 failed".into() },
            "07" => Outcome::NotFound,
            other => Outcome::Unknown { status: other.into() },
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Paid => f.write_str("paid"),
            Outcome::Pending => f.write_str("pending"),
            Outcome::Authorized => f.write_str("authorized (not captured)"),
            Outcome::Challenge => f.write_str("challenge (fraud review)"),
            Outcome::Failed { reason } => write!(f, "failed ({reason})"),
            Outcome::Expired => f.write_str("expired"),
            Outcome::Cancelled => f.write_str("cancelled"),
            Outcome::Refunded { partial } => f.write_str(if *partial { "partially refunded" } else { "refunded" }),
            Outcome::Chargeback { partial } => f.write_str(if *partial { "partial chargeback" } else { "chargeback" }),
            Outcome::NotFound => f.write_str("not found"),
            Outcome::Unknown { status } => write!(f, "unknown status {status:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paid_delivers() {
        let statuses = [
            "settlement",
            "capture",
            "pending",
            "authorize",
            "deny",
            "failure",
            "expire",
            "cancel",
            "refund",
            "partial_refund",
            "chargeback",
            "partial_chargeback",
            "weird",
            "SETTLEMENT",
        ];
        let frauds = [None, Some("accept"), Some("challenge"), Some("deny"), Some("DENY"), Some("ACCEPT"), Some("")];
        for code in ["200", "201", "202", "407", "500", "2000", ""] {
            for s in statuses {
                for fraud in frauds {
                    let o = Outcome::from_midtrans(code, s, fraud);
                    // The rule, written out independently of the table above.
                    let expected = code == "200"
                        && matches!((s, fraud), ("settlement", None | Some("accept")) | ("capture", Some("accept")));
                    assert_eq!(o.deliver(), expected, "{code} {s} {fraud:?} -> {o}");
                }
            }
        }
        for code in 0..=9 {
            let o = Outcome::from_snap_status(&format!("{code:02}"));
            assert_eq!(o.deliver(), code == 0, "{code:02} -> {o}");
        }
    }

    #[test]
    fn disagreeing_codes_are_unknown() {
        assert_eq!(Outcome::from_midtrans("201", "settlement", Some("accept")).code(), "unknown");
        assert_eq!(Outcome::from_midtrans("407", "settlement", None).code(), "unknown");
        assert_eq!(Outcome::from_midtrans("200", "pending", None).code(), "unknown");
        assert_eq!(Outcome::from_midtrans("202", "expire", Some("accept")), Outcome::Expired);
        assert_eq!(Outcome::from_midtrans("200", "cancel", None), Outcome::Cancelled);
        assert_eq!(Outcome::from_midtrans("200", "settlement", Some("challenge")).code(), "unknown");
        assert_eq!(Outcome::from_midtrans("200", "capture", Some("deny")).code(), "failed");
    }
}
