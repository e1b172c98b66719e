//! What each ID means where it stands: names, which IDs are templates, and
//! well-known constants.

use crate::diag::Path;

/// Payload format indicator (00).
pub const PAYLOAD_FORMAT: u8 = 0;
/// Point of initiation method (01): `"11"` static, `"12"` dynamic.
pub const POINT_OF_INITIATION: u8 = 1;
/// The QRIS national repository template (51).
pub const QRIS_REPOSITORY: u8 = 51;
/// Merchant category code (52).
pub const MCC: u8 = 52;
/// Transaction currency (53).
pub const CURRENCY: u8 = 53;
/// Transaction amount (54).
pub const AMOUNT: u8 = 54;
/// Tip or convenience indicator (55).
pub const TIP_INDICATOR: u8 = 55;
/// Convenience fee, fixed (56).
pub const FEE_FIXED: u8 = 56;
/// Convenience fee, percentage (57).
pub const FEE_PERCENT: u8 = 57;
/// Country code (58).
pub const COUNTRY: u8 = 58;
/// Merchant name (59).
pub const MERCHANT_NAME: u8 = 59;
/// Merchant city (60).
pub const MERCHANT_CITY: u8 = 60;
/// Postal code (61).
pub const POSTAL_CODE: u8 = 61;
/// Additional data field template (62).
pub const ADDITIONAL_DATA: u8 = 62;
/// CRC (63).
pub const CRC: u8 = 63;
/// Merchant information, language template (64).
pub const LANGUAGE_TEMPLATE: u8 = 64;

/// The GUID of the QRIS national repository template (51.00).
pub const QRIS_GUID: &str = "ID.CO.QRIS.WWW";

/// Whether a root ID is always a template (26..51, 62, 64).
#[inline(always)]
pub(crate) fn is_root_template(id: u8) -> bool {
    matches!(id, 26..=51 | 62 | 64)
}

/// Whether `id` at the root is a merchant account information template (26..51).
pub const fn is_merchant_account_template(id: u8) -> bool {
    matches!(id, 26..=51)
}

/// The name of the data object at `path` (EMVCo MPM / QRIS), if it has one.
///
/// ```
/// use qris_emv::{tags, Path};
/// assert_eq!(tags::name("62.07".parse().unwrap()), Some("terminal label"));
/// assert_eq!(tags::name(Path::root(59)), Some("merchant name"));
/// ```
pub fn name(path: Path) -> Option<&'static str> {
    Some(match path.ids() {
        [0] => "payload format indicator",
        [1] => "point of initiation method",
        [2..=25] => "merchant account information, card scheme",
        [51] => "QRIS national merchant repository",
        [26..=50] => "merchant account information",
        [52] => "merchant category code",
        [53] => "transaction currency",
        [54] => "transaction amount",
        [55] => "tip or convenience indicator",
        [56] => "convenience fee, fixed",
        [57] => "convenience fee, percentage",
        [58] => "country code",
        [59] => "merchant name",
        [60] => "merchant city",
        [61] => "postal code",
        [62] => "additional data",
        [63] => "CRC",
        [64] => "merchant information, alternate language",
        [65..=79] => "reserved for future use",
        [80..=99] => "unreserved template",
        [26..=51, 0] => "globally unique identifier",
        [51, 2] => "national merchant ID, NMID",
        [26..=50, 1] => "merchant PAN",
        [26..=50, 2] => "merchant ID",
        [26..=51, 3] => "merchant criteria",
        [62, 1] => "bill number",
        [62, 2] => "mobile number",
        [62, 3] => "store label",
        [62, 4] => "loyalty number",
        [62, 5] => "reference label",
        [62, 6] => "customer label",
        [62, 7] => "terminal label",
        [62, 8] => "purpose of transaction",
        [62, 9] => "additional consumer data request",
        [62, 10] => "merchant tax ID",
        [62, 11] => "merchant channel",
        [62, 50..=99] => "payment system specific",
        [64, 0] => "language preference",
        [64, 1] => "alternate merchant name",
        [64, 2] => "alternate merchant city",
        [80..=99, 0] => "globally unique identifier",
        _ => return None,
    })
}

/// Known acquirers by the 8-digit national network switch (NNS) prefix of the
/// merchant PAN (26..45 sub-tag 01). Banks use `93600` + their 3-digit bank code.
const ACQUIRERS: &[(&str, &str)] = &[
    ("93600002", "BRI"),
    ("93600008", "Bank Mandiri"),
    ("93600009", "BNI"),
    ("93600011", "Bank Danamon"),
    ("93600013", "Bank Permata"),
    ("93600014", "BCA"),
    ("93600022", "CIMB Niaga"),
    ("93600200", "BTN"),
    ("93600451", "BSI"),
    ("93600911", "LinkAja"),
    ("93600912", "OVO"),
    ("93600914", "GoPay"),
    ("93600915", "DANA"),
    ("93600918", "ShopeePay"),
];

/// The acquirer named by a merchant PAN's NNS prefix, if known.
///
/// ```
/// assert_eq!(qris_emv::tags::acquirer("936009143490526303"), Some("GoPay"));
/// assert_eq!(qris_emv::tags::acquirer("12345678"), None);
/// ```
pub fn acquirer(pan: &str) -> Option<&'static str> {
    let prefix = pan.get(..8)?;
    ACQUIRERS.iter().find(|(nns, _)| *nns == prefix).map(|(_, name)| *name)
}
