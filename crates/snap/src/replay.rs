//! Replayed and duplicate notifications: a notification that verifies is still
//! to be acted on once. SNAP allows an X-EXTERNAL-ID once per day per partner
//! (a reuse is answered 409 Conflict); Midtrans retries a notification until it
//! hears 200. A [`ReplayStore`] remembers what was seen: [`MemoryReplayStore`]
//! in one process, your own implementation (Redis `SET key 1 NX EX ttl`, a
//! database's unique index) when several instances must agree.
//!
//! X-EXTERNAL-ID is not covered by the SNAP signature, so a replayer can put any
//! value in it. [`verify_snap_once`] therefore remembers the signed message too
//! (method, path, body hash, timestamp; not the signature's text, which can be
//! re-encoded from Base64 to hex): a replay is refused whatever its
//! X-EXTERNAL-ID, and a new signed message reusing an X-EXTERNAL-ID is refused
//! as the standard says.

use core::fmt;
use std::collections::HashMap;
use std::sync::Mutex;

use qris_sign::{asymmetric_string_to_sign, body_hash, BodyHash, Freshness, PublicKey, Timestamp, WIB_OFFSET_MINUTES};

use crate::notify::{verify_snap_with, NotifyError, SnapNotifyRequest, VerifiedSnap};

/// Why a [`ReplayStore`] could not answer (it is full, unreachable...). A
/// notification is never accepted without an answer: the caller refuses it
/// (the provider will retry), rather than risk acting on it twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayStoreError(pub String);

impl fmt::Display for ReplayStoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "replay store: {}", self.0)
    }
}

impl std::error::Error for ReplayStoreError {}

/// Remembers keys until they expire. Implementations must make
/// `insert_if_absent` atomic: of two callers racing on one key, exactly one
/// gets `Ok(true)`.
pub trait ReplayStore: Send + Sync {
    /// Records `key` until `expires_at_unix` (seconds since 1970, UTC) unless
    /// it is already recorded and not expired at `now_unix`: `Ok(true)` when it
    /// was new (act on it), `Ok(false)` when it was seen before.
    ///
    /// # Errors
    /// A [`ReplayStoreError`] when the store cannot say (full, unreachable).
    fn insert_if_absent(&self, key: &str, now_unix: i64, expires_at_unix: i64) -> Result<bool, ReplayStoreError>;
}

/// The bytes an entry is counted for besides its key (hash table slot, the
/// boxed key's header, the expiry).
const ENTRY_OVERHEAD: usize = 64;

/// A bounded in-memory [`ReplayStore`] for one process. Entries expire when
/// their time comes; when the memory cap would be exceeded, expired entries are
/// dropped first and, if that is not enough, the insertion is refused with an
/// error (never by forgetting a live entry, which would let its replay in).
#[derive(Debug)]
pub struct MemoryReplayStore {
    max_bytes: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    entries: HashMap<Box<str>, i64>,
    bytes: usize,
}

impl State {
    fn purge(&mut self, now_unix: i64) {
        self.entries.retain(|_, expires| *expires > now_unix);
        self.bytes = self.entries.keys().map(|k| k.len() + ENTRY_OVERHEAD).sum();
    }
}

/// The default cap of [`MemoryReplayStore::default`]: 64 MiB, about 500,000
/// notifications a day.
pub const DEFAULT_REPLAY_STORE_BYTES: usize = 64 << 20;

impl MemoryReplayStore {
    /// A store that holds at most `max_bytes` of entries (each counted as its
    /// key's length plus 64 bytes).
    pub fn new(max_bytes: usize) -> MemoryReplayStore {
        MemoryReplayStore { max_bytes, state: Mutex::new(State::default()) }
    }

    /// The number of entries held (expired ones included until purged).
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock cannot leave the map half
        // updated (each operation is one insert or one retain): keep going.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Default for MemoryReplayStore {
    fn default() -> Self {
        MemoryReplayStore::new(DEFAULT_REPLAY_STORE_BYTES)
    }
}

impl ReplayStore for MemoryReplayStore {
    fn insert_if_absent(&self, key: &str, now_unix: i64, expires_at_unix: i64) -> Result<bool, ReplayStoreError> {
        let mut state = self.lock();
        if let Some(&expires) = state.entries.get(key) {
            if expires > now_unix {
                return Ok(false);
            }
        }
        let cost = key.len() + ENTRY_OVERHEAD;
        if state.bytes + cost > self.max_bytes {
            state.purge(now_unix);
            if state.bytes + cost > self.max_bytes {
                return Err(ReplayStoreError(format!(
                    "full ({} entries, {} bytes of {}): refusing rather than forgetting",
                    state.entries.len(),
                    state.bytes,
                    self.max_bytes
                )));
            }
        }
        if state.entries.insert(key.into(), expires_at_unix).is_none() {
            state.bytes += cost;
        }
        Ok(true)
    }
}

/// The end of the WIB (UTC+7) day that `unix` falls in, in UNIX seconds: when a
/// SNAP X-EXTERNAL-ID may be used again.
pub fn end_of_wib_day(unix: i64) -> i64 {
    let offset = i64::from(WIB_OFFSET_MINUTES) * 60;
    let local = unix.saturating_add(offset);
    (local.div_euclid(86_400) + 1).saturating_mul(86_400).saturating_sub(offset)
}

/// The headers that identify one SNAP request for the replay guard, as received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayIds<'a> {
    /// `X-PARTNER-ID`.
    pub partner_id: &'a str,
    /// `X-EXTERNAL-ID`.
    pub external_id: &'a str,
}

/// [`crate::verify_snap`], then the replay guard: the notification is acted on once.
/// After the signature and timestamp verify (a forgery never reaches the
/// store), the signed message (not the signature's spelling) is recorded until
/// its X-TIMESTAMP leaves the window (a replay is [`NotifyError::Replayed`],
/// whatever X-EXTERNAL-ID it carries: that header is not signed), then `partner_id` + `external_id` until
/// the end of the day in WIB (a reuse is [`NotifyError::Replayed`] too). Both
/// answer with [`crate::Acknowledgement::for_error`]'s 409 Conflict.
///
/// # Errors
/// As [`crate::verify_snap`]; [`NotifyError::Replayed`]; [`NotifyError::ReplayStore`]
/// when the store cannot answer (the notification is refused, and the provider
/// will retry).
pub fn verify_snap_once(
    provider_key: &PublicKey,
    request: &SnapNotifyRequest<'_>,
    ids: ReplayIds<'_>,
    freshness: Freshness,
    store: &dyn ReplayStore,
) -> Result<VerifiedSnap, NotifyError> {
    verify_snap_once_with(provider_key, request, ids, freshness, store, &|m, s| provider_key.verify_bytes(m, s))
}

/// [`verify_snap_once`] with the RSA primitive supplied by the caller (see
/// [`verify_snap_with`]).
///
/// # Errors
/// As [`verify_snap_once`].
pub fn verify_snap_once_with(
    provider_key: &PublicKey,
    request: &SnapNotifyRequest<'_>,
    ids: ReplayIds<'_>,
    freshness: Freshness,
    store: &dyn ReplayStore,
    primitive: &dyn Fn(&[u8], &[u8]) -> bool,
) -> Result<VerifiedSnap, NotifyError> {
    if ids.external_id.trim().is_empty() {
        return Err(NotifyError::Body("X-EXTERNAL-ID is missing".into()));
    }
    let verified = verify_snap_with(provider_key, request, freshness, primitive)?;
    let now = freshness.now().map_err(NotifyError::Timestamp)?;
    let sent = Timestamp::parse(request.timestamp).map_err(NotifyError::Timestamp)?;
    let window = i64::try_from(freshness.window_seconds()).unwrap_or(i64::MAX);
    // Valid while the timestamp is in the window, measured from either clock.
    let signature_expires = sent.unix.max(now.unix).saturating_add(window).saturating_add(1);
    let store_error = |e: ReplayStoreError| NotifyError::ReplayStore(e.0);
    // The signed message itself, not the signature's spelling (verification
    // accepts Base64 and hex of it): a replay re-encoded is the same message.
    // (The body verified, so it minifies; SHA-256 hex keeps the key short.)
    let hash = body_hash(request.body).map_err(|e| NotifyError::Body(e.to_string()))?;
    let signed = asymmetric_string_to_sign(request.method, request.path, &hash, request.timestamp);
    let message_key = format!("snap-msg:{}", BodyHash::of_minified(signed.as_bytes()));
    if !store.insert_if_absent(&message_key, now.unix, signature_expires).map_err(store_error)? {
        return Err(NotifyError::Replayed);
    }
    let id_key = format!("snap-id:{}:{}", ids.partner_id.trim(), ids.external_id.trim());
    if !store.insert_if_absent(&id_key, now.unix, end_of_wib_day(now.unix)).map_err(store_error)? {
        return Err(NotifyError::Replayed);
    }
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wib_days_end_at_midnight_jakarta_time() {
        // 2024-03-19T14:30:00+07:00 -> 2024-03-20T00:00:00+07:00 (= 17:00 UTC on the 19th).
        assert_eq!(end_of_wib_day(1_710_833_400), 1_710_867_600);
        // 23:59:59 WIB is still that day; 00:00:00 WIB is the next one.
        assert_eq!(end_of_wib_day(1_710_867_599), 1_710_867_600);
        assert_eq!(end_of_wib_day(1_710_867_600), 1_710_867_600 + 86_400);
        assert_eq!(end_of_wib_day(i64::MAX), i64::MAX - 25_200);
    }

    #[test]
    fn the_memory_store_remembers_until_expiry_and_refuses_when_full() {
        let store = MemoryReplayStore::new(3 * (ENTRY_OVERHEAD + 1));
        assert_eq!(store.insert_if_absent("a", 100, 200), Ok(true));
        assert_eq!(store.insert_if_absent("a", 150, 300), Ok(false));
        // Expired: new again.
        assert_eq!(store.insert_if_absent("a", 200, 300), Ok(true));
        assert_eq!(store.insert_if_absent("b", 200, 210), Ok(true));
        assert_eq!(store.insert_if_absent("c", 200, 300), Ok(true));
        // Full of live entries: refused, nothing forgotten.
        assert!(store.insert_if_absent("d", 205, 300).is_err());
        assert_eq!(store.insert_if_absent("b", 205, 300), Ok(false));
        // Once "b" expires there is room.
        assert_eq!(store.insert_if_absent("d", 210, 300), Ok(true));
        assert_eq!(store.len(), 3);
    }
}
