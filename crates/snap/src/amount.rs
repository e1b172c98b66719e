//! Money as integer minor units, never floating point; SNAP amount strings
//! (`"12345678.00"`) formatted and validated exactly.

use core::fmt;

use serde::{Deserialize, Serialize};

/// The smallest SNAP amount: 1.00.
pub const MIN_MINOR: u64 = 100;
/// The largest SNAP amount: 99999999999.00.
pub const MAX_MINOR: u64 = 9_999_999_999_900;

/// An amount in minor units (hundredths of a rupiah in SNAP strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(u64);

/// Why an amount string was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not digits, a `.`, and exactly two decimals (`"12345678.00"`).
    Format(String),
    /// Below 1.00 or above 99999999999.00.
    Range(String),
    /// The sum of item prices times quantities differs from the amount.
    Inconsistent {
        /// The amount.
        amount: Amount,
        /// What the items add up to.
        items: Amount,
    },
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Format(s) => write!(f, "amount {s:?} is not like \"12345678.00\" (digits, '.', two decimals)"),
            AmountError::Range(s) => write!(f, "amount {s} is outside 1.00 ..= 99999999999.00"),
            AmountError::Inconsistent { amount, items } => {
                write!(f, "items add up to {items} but the amount is {amount}")
            }
        }
    }
}

impl std::error::Error for AmountError {}

impl Amount {
    /// From minor units (`1234567800` is 12345678.00).
    pub const fn from_minor(minor: u64) -> Amount {
        Amount(minor)
    }

    /// From whole rupiah.
    pub const fn from_rupiah(rupiah: u64) -> Amount {
        Amount(rupiah.saturating_mul(100))
    }

    /// The amount in minor units.
    pub const fn minor(self) -> u64 {
        self.0
    }

    /// Parses a SNAP amount string exactly: digits, `.`, two decimals, within
    /// 1.00 ..= 99999999999.00.
    ///
    /// ```
    /// use qris_snap::Amount;
    /// assert_eq!(Amount::parse_snap("12345678.00")?.minor(), 1_234_567_800);
    /// assert!(Amount::parse_snap("10000").is_err());
    /// assert!(Amount::parse_snap("0.99").is_err());
    /// # Ok::<(), qris_snap::AmountError>(())
    /// ```
    ///
    /// # Errors
    /// [`AmountError::Format`] or [`AmountError::Range`].
    pub fn parse_snap(s: &str) -> Result<Amount, AmountError> {
        let a = Self::parse_decimal(s).ok_or_else(|| AmountError::Format(s.into()))?;
        if s.len() < 4 || s.as_bytes()[s.len() - 3] != b'.' {
            return Err(AmountError::Format(s.into()));
        }
        if !(MIN_MINOR..=MAX_MINOR).contains(&a.0) {
            return Err(AmountError::Range(s.into()));
        }
        Ok(a)
    }

    /// Parses digits with an optional `.` and up to two decimals (`"5000"`,
    /// `"5000.5"`, `"789000.00"`), as Midtrans and item prices write them.
    pub fn parse_decimal(s: &str) -> Option<Amount> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() || int.len() > 17 || frac.len() > 2 {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if s.contains('.') && frac.is_empty() {
            return None;
        }
        let int: u64 = int.parse().ok()?;
        let frac: u64 =
            if frac.is_empty() { 0 } else { frac.parse::<u64>().ok()? * if frac.len() == 1 { 10 } else { 1 } };
        int.checked_mul(100)?.checked_add(frac).map(Amount)
    }

    /// The SNAP string: `"12345678.00"`.
    pub fn to_snap(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// Checks that items (price string, quantity string) add up to this amount
    /// (Midtrans' SNAP GoPay Tokenization docs: item price x quantity must equal transAmount).
    ///
    /// # Errors
    /// A malformed price or quantity, or a different total.
    pub fn check_items<'a>(self, items: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), AmountError> {
        let mut total: u64 = 0;
        for (price, quantity) in items {
            let p = Amount::parse_decimal(price).ok_or_else(|| AmountError::Format(price.into()))?;
            let q: u64 = quantity.trim().parse().map_err(|_| AmountError::Format(quantity.into()))?;
            total =
                p.0.checked_mul(q)
                    .and_then(|x| total.checked_add(x))
                    .ok_or_else(|| AmountError::Range(format!("{price} x {quantity}")))?;
        }
        if total == self.0 {
            Ok(())
        } else {
            Err(AmountError::Inconsistent { amount: self, items: Amount(total) })
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_snap())
    }
}

/// The SNAP amount object: `{"value": "12345678.00", "currency": "IDR"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// The amount string as sent.
    pub value: String,
    /// ISO 4217 alphabetic code, `IDR`.
    pub currency: String,
}

impl Money {
    /// An IDR amount object.
    pub fn idr(amount: Amount) -> Money {
        Money { value: amount.to_snap(), currency: "IDR".into() }
    }

    /// The value as an [`Amount`], checked as SNAP requires (and the currency IDR).
    ///
    /// # Errors
    /// As [`Amount::parse_snap`], or a currency other than IDR.
    pub fn amount(&self) -> Result<Amount, AmountError> {
        if self.currency != "IDR" {
            return Err(AmountError::Format(format!("{} {}", self.value, self.currency)));
        }
        Amount::parse_snap(&self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snap_strings() {
        assert_eq!(Amount::parse_snap("1.00").unwrap(), Amount::from_minor(100));
        assert_eq!(Amount::parse_snap("99999999999.00").unwrap().minor(), MAX_MINOR);
        for bad in ["100000000000.00", "0.00", "1.0", "1", "1.000", "-1.00", "1,000.00", " 1.00", "1.0a"] {
            assert!(Amount::parse_snap(bad).is_err(), "{bad}");
        }
        assert_eq!(Amount::from_rupiah(10_000).to_snap(), "10000.00");
        assert_eq!(Amount::parse_decimal("789000.00"), Some(Amount::from_rupiah(789_000)));
        assert_eq!(Amount::parse_decimal("2.5"), Some(Amount::from_minor(250)));
        assert_eq!(Amount::parse_decimal("5."), None);
    }

    #[test]
    fn items_must_add_up() {
        // Seed 003: one item of 12345678.00, quantity "1", transAmount 12345678.00.
        let a = Amount::parse_snap("12345678.00").unwrap();
        assert_eq!(a.check_items([("12345678.00", "1")]), Ok(()));
        assert!(matches!(a.check_items([("5000", "2")]), Err(AmountError::Inconsistent { .. })));
        assert_eq!(Amount::from_rupiah(15_000).check_items([("5000", "2"), ("2500.00", "2")]), Ok(()));
    }
}
