//! X-TIMESTAMP: produced in Indonesian Western Time (`+07:00`), parsed in every
//! ISO-8601 form seen in the wild, checked against a caller-given window.
//!
//! Sign the timestamp exactly as sent in the header: these types never
//! re-format a timestamp that goes into a string to sign.

use alloc::string::String;
use core::fmt;
use core::fmt::Write as _;

/// The largest UTC offset in use, in minutes either side (+-18:00, the ISO 8601
/// profile's bound): what a timestamp may be produced at. Reading is more lenient
/// (up to +-23:59) so that odd but well-formed headers still parse.
pub const MAX_UTC_OFFSET_MINUTES: i16 = 18 * 60;

/// Indonesian Western Time (WIB), `+07:00`: the offset SNAP timestamps are written at.
pub const WIB_OFFSET_MINUTES: i16 = 7 * 60;

/// The X-TIMESTAMP window verifications use unless told otherwise: 5 minutes
/// either side of now.
pub const DEFAULT_WINDOW_SECONDS: u64 = 300;

/// 9999-12-31T23:59:59Z, the last second an ISO-8601 timestamp can write.
const MAX_UNIX: i64 = 253_402_300_799;

/// A parsed ISO-8601 timestamp with its UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    /// Seconds since the Unix epoch (UTC).
    pub unix: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
    /// The offset from UTC, in minutes (`+07:00` is 420, `Z` is 0).
    pub offset_minutes: i16,
}

/// Why a timestamp was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimestampError {
    /// Not `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
    Format,
    /// A field out of range (month 13, 31 April, hour 24...).
    Range,
    /// Older than the allowed window.
    TooOld {
        /// How many seconds too old.
        seconds: u64,
    },
    /// Further in the future than the allowed window.
    InFuture {
        /// How many seconds ahead.
        seconds: u64,
    },
    /// The clock the timestamp was checked against is absurd (before 1970 or
    /// after 9999): a caller-supplied "now" that would make any window pass.
    Clock,
    /// A time X-TIMESTAMP cannot write ([`Timestamp::checked`]): before 1970,
    /// a local time after 9999, or an offset beyond 18 hours.
    Unwritable,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimestampError::Format => {
                f.write_str("timestamp is not ISO-8601 like 2024-03-19T14:30:00+07:00 (fraction and Z allowed)")
            }
            TimestampError::Range => f.write_str("timestamp has a field out of range"),
            TimestampError::TooOld { seconds } => write!(f, "timestamp is {seconds} s older than the allowed window"),
            TimestampError::InFuture { seconds } => write!(f, "timestamp is {seconds} s ahead of the allowed window"),
            TimestampError::Clock => f.write_str("the clock to check against is not between 1970 and 9999"),
            TimestampError::Unwritable => f.write_str(
                "X-TIMESTAMP writes 1970-01-01 to 9999-12-31 (local time) at an offset within 18 hours of UTC",
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for TimestampError {}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0')))
}

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS`, an optional `.fraction` (1 to 9 digits), and
    /// `Z`, `+HH:MM`, `-HH:MM` or `+HHMM`.
    ///
    /// ```
    /// use qris_sign::Timestamp;
    /// let a = Timestamp::parse("2024-03-05T10:37:16.196Z")?;
    /// let b = Timestamp::parse("2024-03-05T17:37:16.196+07:00")?;
    /// assert_eq!((a.unix, a.nanos), (b.unix, b.nanos));
    /// # Ok::<(), qris_sign::TimestampError>(())
    /// ```
    ///
    /// # Errors
    /// [`TimestampError::Format`] or [`TimestampError::Range`].
    pub fn parse(s: &str) -> Result<Timestamp, TimestampError> {
        let b = s.trim().as_bytes();
        if b.len() < 20 {
            return Err(TimestampError::Format);
        }
        let sep = |i: usize, c: &[u8]| if c.contains(&b[i]) { Ok(()) } else { Err(TimestampError::Format) };
        sep(4, b"-")?;
        sep(7, b"-")?;
        sep(10, b"Tt ")?;
        sep(13, b":")?;
        sep(16, b":")?;
        let num = |r: core::ops::Range<usize>| digits(&b[r]).ok_or(TimestampError::Format);
        let (y, mo, d, h, mi, sec) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
        let mut i = 19;
        let mut nanos = 0u32;
        if b[i] == b'.' {
            let start = i + 1;
            let end = (start..b.len()).find(|&k| !b[k].is_ascii_digit()).unwrap_or(b.len());
            let frac = &b[start..end];
            if frac.is_empty() || frac.len() > 9 {
                return Err(TimestampError::Format);
            }
            nanos = digits(frac).ok_or(TimestampError::Format)? * 10u32.pow(9 - frac.len() as u32);
            i = end;
        }
        let offset_minutes: i32 = match &b[i..] {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), rest @ ..] => {
                let (hh, mm) = match rest {
                    [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => (
                        digits(&[*h1, *h2]).ok_or(TimestampError::Format)?,
                        digits(&[*m1, *m2]).ok_or(TimestampError::Format)?,
                    ),
                    _ => return Err(TimestampError::Format),
                };
                if hh > 23 || mm > 59 {
                    return Err(TimestampError::Range);
                }
                let m = (hh * 60 + mm) as i32;
                if *sign == b'-' {
                    -m
                } else {
                    m
                }
            }
            _ => return Err(TimestampError::Format),
        };
        if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(i64::from(y), mo) || h > 23 || mi > 59 || sec > 59 {
            return Err(TimestampError::Range);
        }
        let days = days_from_civil(i64::from(y), mo, d);
        let local = days * 86_400 + i64::from(h * 3600 + mi * 60 + sec);
        Ok(Timestamp { unix: local - i64::from(offset_minutes) * 60, nanos, offset_minutes: offset_minutes as i16 })
    }

    /// A timestamp at `unix` seconds (and `nanos`), to be shown at `offset_minutes`.
    pub fn from_unix(unix: i64, nanos: u32, offset_minutes: i16) -> Timestamp {
        Timestamp { unix, nanos: nanos.min(999_999_999), offset_minutes }
    }

    /// A timestamp at `unix` seconds (and `nanos`) to be shown at
    /// `offset_minutes`, refused unless it can be written as X-TIMESTAMP: the
    /// instant from 1970 (UTC) and its local time up to 9999-12-31T23:59:59,
    /// the offset within 18 hours of UTC and `nanos` below one second. What every surface's "format this time"
    /// goes through, so none writes a five-digit or negative year.
    ///
    /// ```
    /// use qris_sign::{Timestamp, TimestampError};
    /// assert_eq!(Timestamp::checked(1_710_833_400, 0, 420)?.format(false), "2024-03-19T14:30:00+07:00");
    /// assert_eq!(Timestamp::checked(-1, 0, 420), Err(TimestampError::Unwritable));
    /// assert_eq!(Timestamp::checked(0, 0, 19 * 60), Err(TimestampError::Unwritable));
    /// // 9999-12-31T23:59:59Z is 10000-01-01 at +07:00: no five-digit years.
    /// assert_eq!(Timestamp::checked(253_402_300_799, 0, 0)?.format(false), "9999-12-31T23:59:59Z");
    /// assert_eq!(Timestamp::checked(253_402_300_799, 0, 420), Err(TimestampError::Unwritable));
    /// # Ok::<(), TimestampError>(())
    /// ```
    ///
    /// # Errors
    /// [`TimestampError::Unwritable`].
    pub fn checked(unix: i64, nanos: u32, offset_minutes: i16) -> Result<Timestamp, TimestampError> {
        // The local time written must still be a four-digit year, too.
        let local = i128::from(unix) + i128::from(offset_minutes) * 60;
        if !(0..=MAX_UNIX).contains(&unix)
            || local > i128::from(MAX_UNIX)
            || nanos > 999_999_999
            || offset_minutes.unsigned_abs() > MAX_UTC_OFFSET_MINUTES.unsigned_abs()
        {
            return Err(TimestampError::Unwritable);
        }
        Ok(Timestamp { unix, nanos, offset_minutes })
    }

    /// A timestamp at `unix` seconds (and `nanos`), to be shown at `+07:00` (WIB).
    pub fn wib(unix: i64, nanos: u32) -> Timestamp {
        Timestamp::from_unix(unix, nanos, WIB_OFFSET_MINUTES)
    }

    /// Now, at `+07:00` (WIB), from the system clock.
    #[cfg(feature = "std")]
    pub fn now() -> Timestamp {
        let now = std::time::SystemTime::now();
        let (unix, nanos) = match now.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
            Err(e) => (-(e.duration().as_secs() as i64), 0),
        };
        Timestamp::wib(unix, nanos)
    }

    /// Formats as X-TIMESTAMP: `2024-03-19T14:30:00+07:00` (25 characters, the
    /// form BCA requires), or with milliseconds `2024-03-19T14:30:00.123+07:00`.
    pub fn format(&self, millis: bool) -> String {
        let local = self.unix.saturating_add(i64::from(self.offset_minutes) * 60);
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        let mut s = String::with_capacity(29);
        let _ = write!(s, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60);
        if millis {
            let _ = write!(s, ".{:03}", self.nanos / 1_000_000);
        }
        if self.offset_minutes == 0 {
            s.push('Z');
        } else {
            let sign = if self.offset_minutes < 0 { '-' } else { '+' };
            let off = self.offset_minutes.unsigned_abs();
            let _ = write!(s, "{sign}{:02}:{:02}", off / 60, off % 60);
        }
        s
    }

    /// Checks that this timestamp is within `window_seconds` of `now` (either
    /// side). `now` must be a sane clock (1970 to 9999): a caller's clock of
    /// `i64::MIN` does not make every timestamp pass.
    ///
    /// # Errors
    /// [`TimestampError::TooOld`], [`TimestampError::InFuture`], or
    /// [`TimestampError::Clock`] for an absurd `now`.
    pub fn check_window(&self, now: &Timestamp, window_seconds: u64) -> Result<(), TimestampError> {
        if !(0..=MAX_UNIX).contains(&now.unix) {
            return Err(TimestampError::Clock);
        }
        // i128: no subtraction of two i64 seconds, nor the window, can overflow it.
        let delta = i128::from(now.unix) - i128::from(self.unix);
        let window = i128::from(window_seconds);
        let seconds = |excess: i128| u64::try_from(excess).unwrap_or(u64::MAX);
        if delta > window {
            Err(TimestampError::TooOld { seconds: seconds(delta - window) })
        } else if -delta > window {
            Err(TimestampError::InFuture { seconds: seconds(-delta - window) })
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(self.nanos != 0))
    }
}

/// How fresh a signed request's X-TIMESTAMP must be: within a window of a
/// clock. Every request verification takes one, so a request signed years ago
/// (or replayed long after) is refused even when its signature is right.
///
/// ```
/// use qris_sign::{Freshness, Timestamp};
/// // The system clock, 5 minutes either side:
/// let live = Freshness::default();
/// // A fixed clock (tests, replaying a log) and a window of your choosing:
/// let fixed = Freshness::at(Timestamp::parse("2024-03-19T14:30:00+07:00")?, 60);
/// assert!(fixed.check("2024-03-19T14:30:59+07:00").is_ok());
/// assert!(fixed.check("2024-03-19T14:28:00+07:00").is_err());
/// # let _ = live;
/// # Ok::<(), qris_sign::TimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Freshness {
    now: Option<Timestamp>,
    window_seconds: u64,
}

impl Freshness {
    /// Within `window_seconds` of `now`.
    pub fn at(now: Timestamp, window_seconds: u64) -> Freshness {
        Freshness { now: Some(now), window_seconds }
    }

    /// Within `window_seconds` of the system clock, read at each check.
    #[cfg(feature = "std")]
    pub fn within(window_seconds: u64) -> Freshness {
        Freshness { now: None, window_seconds }
    }

    /// Within `window_seconds` of `now_unix` (seconds since 1970, UTC), or of
    /// the system clock when it is `None`: how the C, Python and CLI surfaces
    /// take "as of when" from their callers. An absurd `now_unix` (before 1970
    /// or after 9999) makes every check fail with [`TimestampError::Clock`].
    ///
    /// ```
    /// use qris_sign::{Freshness, TimestampError};
    /// let sent = "2024-03-19T14:30:00+07:00"; // 1_710_833_400
    /// assert!(Freshness::of(Some(1_710_833_400 + 300), 300).check(sent).is_ok());
    /// assert!(Freshness::of(Some(1_710_833_400 + 301), 300).check(sent).is_err());
    /// assert_eq!(Freshness::of(Some(i64::MIN), u64::MAX).check(sent), Err(TimestampError::Clock));
    /// ```
    #[cfg(feature = "std")]
    pub fn of(now_unix: Option<i64>, window_seconds: u64) -> Freshness {
        Freshness { now: now_unix.map(|unix| Timestamp::from_unix(unix, 0, 0)), window_seconds }
    }

    /// The window, in seconds either side.
    pub fn window_seconds(&self) -> u64 {
        self.window_seconds
    }

    /// Parses X-TIMESTAMP and checks it against the clock and window.
    ///
    /// # Errors
    /// A [`TimestampError`]: malformed, out of range, outside the window, or an
    /// absurd clock. Without the `std` feature there is no system clock: a
    /// freshness not made by [`Freshness::at`] refuses with [`TimestampError::Clock`].
    pub fn check(&self, timestamp: &str) -> Result<Timestamp, TimestampError> {
        let ts = Timestamp::parse(timestamp)?;
        ts.check_window(&self.clock()?, self.window_seconds)?;
        Ok(ts)
    }

    /// The time checks are made against: the fixed time given, or the system
    /// clock read now.
    ///
    /// # Errors
    /// [`TimestampError::Clock`] without a clock (no `std`, no fixed time).
    pub fn now(&self) -> Result<Timestamp, TimestampError> {
        self.clock()
    }

    fn clock(&self) -> Result<Timestamp, TimestampError> {
        match self.now {
            Some(now) => Ok(now),
            #[cfg(feature = "std")]
            None => Ok(Timestamp::now()),
            #[cfg(not(feature = "std"))]
            None => Err(TimestampError::Clock),
        }
    }
}

/// The system clock and [`DEFAULT_WINDOW_SECONDS`] (with `std`; without it,
/// there is no clock and every check refuses: use [`Freshness::at`]).
impl Default for Freshness {
    fn default() -> Freshness {
        Freshness { now: None, window_seconds: DEFAULT_WINDOW_SECONDS }
    }
}

/// X-TIMESTAMP for now, at `+07:00`, in seconds.
#[cfg(feature = "std")]
pub fn x_timestamp() -> String {
    Timestamp::now().format(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-1_000_000i64, -1, 0, 1, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn parses_the_forms_in_the_wild() {
        // 2024-03-19T14:30:00+07:00 is 07:30:00Z: 1710833400.
        for s in [
            "2024-03-19T14:30:00+07:00",
            "2024-03-19T07:30:00Z",
            "2024-03-19T07:30:00.000Z",
            "2024-03-19T14:30:00+0700",
            "2024-03-19t07:30:00z",
        ] {
            assert_eq!(Timestamp::parse(s).unwrap().unix, 1_710_833_400, "{s}");
        }
        assert_eq!(Timestamp::parse("2009-07-03T12:08:56-07:00").unwrap().offset_minutes, -420);
        assert_eq!(Timestamp::parse("2024-03-05T10:37:16.196Z").unwrap().nanos, 196_000_000);
        for bad in [
            "2024-03-19 14:30",
            "2024-03-19T14:30:00",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-03-19T24:00:00Z",
            "2024-03-19T14:30:00+07",
            "2024-03-19T14:30:00.Z",
            "x024-03-19T14:30:00Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
        assert!(Timestamp::parse("2024-02-29T00:00:00Z").is_ok());
    }

    #[test]
    fn formats_x_timestamp() {
        let t = Timestamp::from_unix(1_710_833_400, 123_000_000, 420);
        assert_eq!(t.format(false), "2024-03-19T14:30:00+07:00");
        assert_eq!(t.format(false).len(), 25);
        assert_eq!(t.format(true), "2024-03-19T14:30:00.123+07:00");
        assert_eq!(Timestamp::from_unix(0, 0, 0).format(true), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn window() {
        let now = Timestamp::parse("2024-03-19T14:30:00+07:00").unwrap();
        let t = Timestamp::parse("2024-03-19T14:25:00+07:00").unwrap();
        assert_eq!(t.check_window(&now, 300), Ok(()));
        assert_eq!(t.check_window(&now, 299), Err(TimestampError::TooOld { seconds: 1 }));
        assert_eq!(now.check_window(&t, 60), Err(TimestampError::InFuture { seconds: 240 }));
    }

    #[test]
    fn absurd_clocks_and_extremes_never_pass_or_overflow() {
        let t = Timestamp::parse("2024-03-19T14:25:00+07:00").unwrap();
        for unix in [i64::MIN, -1, MAX_UNIX + 1, i64::MAX] {
            let clock = Timestamp::from_unix(unix, 0, 420);
            assert_eq!(t.check_window(&clock, u64::MAX), Err(TimestampError::Clock), "{unix}");
            let _ = clock.format(true); // no overflow
        }
        let now = Timestamp::from_unix(MAX_UNIX, 0, 0);
        let ancient = Timestamp::from_unix(i64::MIN, 0, -1080);
        assert_eq!(ancient.check_window(&now, u64::MAX), Ok(()));
        assert!(matches!(ancient.check_window(&now, 0), Err(TimestampError::TooOld { .. })));
        let _ = ancient.format(false);
        let fixed = Freshness::at(Timestamp::from_unix(i64::MIN, 0, 0), u64::MAX);
        assert_eq!(fixed.check("2024-03-19T14:25:00+07:00"), Err(TimestampError::Clock));
    }
}
