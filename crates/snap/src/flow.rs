//! Around the payment: validity periods, status polling, the GoPay deeplink.

use qris_sign::Timestamp;

/// The shortest validityPeriod / validUpTo SNAP accepts: 20 seconds ahead.
pub const MIN_VALIDITY_SECONDS: i64 = 20;
/// The longest: 180 days ahead.
pub const MAX_VALIDITY_SECONDS: i64 = 180 * 86_400;
/// Midtrans' advice: poll the status no more often than every 10 seconds.
pub const MIN_POLL_INTERVAL_SECONDS: i64 = 10;

/// Checks a validityPeriod / validUpTo against now: between 20 seconds and 180
/// days ahead (Midtrans' SNAP QRIS and GoPay Tokenization docs).
///
/// # Errors
/// A message saying how far off it is.
pub fn check_validity(valid_until: &Timestamp, now: &Timestamp) -> Result<(), String> {
    let ahead = valid_until.unix - now.unix;
    if ahead < MIN_VALIDITY_SECONDS {
        Err(format!("validity ends {ahead} s from now: at least {MIN_VALIDITY_SECONDS} s are required"))
    } else if ahead > MAX_VALIDITY_SECONDS {
        Err(format!("validity ends {} days from now: at most 180 days", ahead / 86_400))
    } else {
        Ok(())
    }
}

/// What to do about a pending payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Poll {
    /// Query the status after this many seconds (prefer the notification).
    After(i64),
    /// The payment has expired: stop polling (its final status is `expire`).
    Stop,
}

/// When to poll a pending payment's status next: no sooner than 10 seconds after
/// the last query (Midtrans' GoPay QRIS POS guide), and never after `expires`.
///
/// ```
/// use qris_sign::Timestamp;
/// use qris_snap::{next_poll, Poll};
/// let t = |s| Timestamp::parse(s).unwrap();
/// let expires = t("2024-03-19T14:45:00+07:00");
/// assert_eq!(next_poll(Some(&t("2024-03-19T14:30:00+07:00")), &t("2024-03-19T14:30:04+07:00"), &expires), Poll::After(6));
/// assert_eq!(next_poll(None, &t("2024-03-19T14:46:00+07:00"), &expires), Poll::Stop);
/// ```
pub fn next_poll(last_query: Option<&Timestamp>, now: &Timestamp, expires: &Timestamp) -> Poll {
    if now.unix >= expires.unix {
        return Poll::Stop;
    }
    let wait = last_query.map_or(0, |l| (l.unix + MIN_POLL_INTERVAL_SECONDS - now.unix).max(0));
    if now.unix + wait >= expires.unix {
        Poll::After(expires.unix - now.unix)
    } else {
        Poll::After(wait)
    }
}

/// The GoPay mini-app deeplink for a webRedirectUrl (Midtrans' SNAP GoPay mini-app docs):
/// `gopay://merchanttransfer` followed by the URL's query string.
///
/// ```
/// assert_eq!(qris_snap::gopay_deeplink("https://pjsp.com/universal?bizNo=REF993883&x=1"),
///            "gopay://merchanttransfer?bizNo=REF993883&x=1");
/// ```
pub fn gopay_deeplink(web_redirect_url: &str) -> String {
    let without_fragment = web_redirect_url.split('#').next().unwrap_or("");
    match without_fragment.find('?') {
        Some(i) if i + 1 < without_fragment.len() => format!("gopay://merchanttransfer{}", &without_fragment[i..]),
        _ => "gopay://merchanttransfer".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn validity_window() {
        let now = t("2024-03-19T14:30:00+07:00");
        assert!(check_validity(&t("2024-03-19T14:30:20+07:00"), &now).is_ok());
        assert!(check_validity(&t("2024-03-19T14:30:19+07:00"), &now).is_err());
        assert!(check_validity(&t("2024-09-15T14:30:00+07:00"), &now).is_ok());
        assert!(check_validity(&t("2024-09-16T14:30:01+07:00"), &now).is_err());
        // Seed 001's example validityPeriod (2009) is long past.
        assert!(check_validity(&t("2009-07-03T12:08:56-07:00"), &now).is_err());
    }

    #[test]
    fn polling() {
        let exp = t("2024-03-19T14:45:00+07:00");
        assert_eq!(next_poll(None, &t("2024-03-19T14:30:00+07:00"), &exp), Poll::After(0));
        assert_eq!(
            next_poll(Some(&t("2024-03-19T14:30:00+07:00")), &t("2024-03-19T14:30:30+07:00"), &exp),
            Poll::After(0)
        );
        assert_eq!(
            next_poll(Some(&t("2024-03-19T14:44:55+07:00")), &t("2024-03-19T14:44:57+07:00"), &exp),
            Poll::After(3)
        );
        assert_eq!(next_poll(None, &exp, &exp), Poll::Stop);
    }

    #[test]
    fn deeplinks() {
        assert_eq!(gopay_deeplink("https://x.id/pay"), "gopay://merchanttransfer");
        assert_eq!(gopay_deeplink("https://x.id/pay?"), "gopay://merchanttransfer");
        assert_eq!(gopay_deeplink("https://x.id/pay?a=1#frag"), "gopay://merchanttransfer?a=1");
    }
}
