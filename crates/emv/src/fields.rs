//! Typed accessors over a parsed [`Payload`]: what the data objects mean.

use crate::payload::{DataObject, Objects, Payload};
use crate::tags;

/// The point of initiation method (01).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointOfInitiation<'a> {
    /// `"11"`: a static, reusable code; the payer's app asks for the amount.
    Static,
    /// `"12"`: a dynamic code for one transaction, normally with an amount.
    Dynamic,
    /// Any other value (invalid; reported by validation).
    Other(&'a str),
}

/// The tip or convenience fee the payload asks for (55, with 56 or 57).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tip<'a> {
    /// `55 = "01"`: the app prompts the payer for a tip.
    Prompt,
    /// `55 = "02"`: a fixed convenience fee (the value of 56, if present).
    Fixed(Option<&'a str>),
    /// `55 = "03"`: a percentage convenience fee (the value of 57, if present).
    Percent(Option<&'a str>),
    /// Any other indicator value (invalid; reported by validation).
    Other(&'a str),
}

impl core::fmt::Display for Tip<'_> {
    /// In words: `tip prompt`, `fixed fee 1000`, `2.5% fee`, `unknown tip indicator "04"`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Tip::Prompt => f.write_str("tip prompt"),
            Tip::Fixed(Some(v)) => write!(f, "fixed fee {v}"),
            Tip::Fixed(None) => f.write_str("fixed fee (no value)"),
            Tip::Percent(Some(v)) => write!(f, "{v}% fee"),
            Tip::Percent(None) => f.write_str("percentage fee (no value)"),
            Tip::Other(v) => write!(f, "unknown tip indicator {v:?}"),
        }
    }
}

/// A merchant account information template (26..51): who acquires the payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MerchantAccount<'a> {
    object: DataObject<'a>,
}

impl<'a> MerchantAccount<'a> {
    /// The template itself (ID 26..51).
    pub fn object(&self) -> DataObject<'a> {
        self.object
    }

    /// The template's ID.
    pub fn id(&self) -> u8 {
        self.object.id()
    }

    /// Sub-tag 00: the globally unique identifier in reverse-domain form,
    /// e.g. `COM.GO-JEK.WWW`, `ID.CO.QRIS.WWW`.
    pub fn guid(&self) -> Option<&'a str> {
        self.object.child_value(0)
    }

    /// Sub-tag 01: the merchant PAN (26..45); `None` for 51, where 01 is unused.
    pub fn pan(&self) -> Option<&'a str> {
        if self.id() == tags::QRIS_REPOSITORY {
            return None;
        }
        self.object.child_value(1)
    }

    /// Sub-tag 02: the merchant ID (26..45) or, in 51, the NMID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.object.child_value(2)
    }

    /// Sub-tag 03: the merchant criteria (`UMI`, `UKE`, `UME`, `UBE`, `URE`).
    pub fn criteria(&self) -> Option<&'a str> {
        self.object.child_value(3)
    }

    /// The acquirer named by the PAN's NNS prefix (e.g. `"GoPay"` for `93600914...`), if known.
    pub fn acquirer(&self) -> Option<&'static str> {
        tags::acquirer(self.pan()?)
    }

    /// Whether this is the QRIS national repository template (51 with `ID.CO.QRIS.WWW`).
    pub fn is_qris_repository(&self) -> bool {
        self.id() == tags::QRIS_REPOSITORY && self.guid() == Some(tags::QRIS_GUID)
    }
}

/// The additional data field template (62).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdditionalData<'a> {
    object: DataObject<'a>,
}

macro_rules! sub_fields {
    ($( $(#[$doc:meta])* $name:ident = $id:literal; )*) => {
        $( $(#[$doc])* pub fn $name(&self) -> Option<&'a str> { self.object.child_value($id) } )*
    };
}

impl<'a> AdditionalData<'a> {
    /// The template itself (62).
    pub fn object(&self) -> DataObject<'a> {
        self.object
    }

    /// All sub-fields, in payload order.
    pub fn fields(&self) -> Objects<'a> {
        self.object.children()
    }

    /// The sub-field with this ID.
    pub fn get(&self, id: u8) -> Option<&'a str> {
        self.object.child_value(id)
    }

    sub_fields! {
        /// 01: bill number (`***` asks the payer).
        bill_number = 1;
        /// 02: mobile number.
        mobile_number = 2;
        /// 03: store label.
        store_label = 3;
        /// 04: loyalty number.
        loyalty_number = 4;
        /// 05: reference label.
        reference_label = 5;
        /// 06: customer label.
        customer_label = 6;
        /// 07: terminal label.
        terminal_label = 7;
        /// 08: purpose of transaction.
        purpose = 8;
        /// 09: additional consumer data request (letters `A`, `M`, `E`).
        consumer_data_request = 9;
        /// 10: merchant tax ID.
        merchant_tax_id = 10;
        /// 11: merchant channel.
        merchant_channel = 11;
    }
}

/// The merchant information language template (64).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LanguageTemplate<'a> {
    object: DataObject<'a>,
}

impl<'a> LanguageTemplate<'a> {
    /// The template itself (64).
    pub fn object(&self) -> DataObject<'a> {
        self.object
    }

    sub_fields! {
        /// 00: language preference (ISO 639, two letters).
        language = 0;
        /// 01: merchant name in that language.
        merchant_name = 1;
        /// 02: merchant city in that language.
        merchant_city = 2;
    }
}

/// The fields most callers read, by name: what the bindings hand over as one
/// flat list (the npm package's and the JNI library's field spans, Python's
/// `parse_column`), in the order of [`Field::ALL`].
///
/// ```
/// use qris_emv::{parse, Field};
/// let p = parse("00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1")?;
/// assert_eq!(p.field(Field::MerchantName), Some("BoonTrack"));
/// assert_eq!(Field::from_name("nmid").map(|f| p.field(f)), Some(Some("ID1026564075103")));
/// # Ok::<(), qris_emv::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// 54 ([`Payload::amount`]).
    Amount,
    /// 59 ([`Payload::merchant_name`]).
    MerchantName,
    /// 60 ([`Payload::merchant_city`]).
    MerchantCity,
    /// 61 ([`Payload::postal_code`]).
    PostalCode,
    /// 52 ([`Payload::mcc`]).
    Mcc,
    /// 53 ([`Payload::currency`]).
    Currency,
    /// 58 ([`Payload::country`]).
    Country,
    /// 51.02 ([`Payload::nmid`]).
    Nmid,
    /// 63, as written ([`Payload::crc`]).
    Crc,
}

impl Field {
    /// Every field, in the order the bindings list them.
    pub const ALL: [Field; 9] = [
        Field::Amount,
        Field::MerchantName,
        Field::MerchantCity,
        Field::PostalCode,
        Field::Mcc,
        Field::Currency,
        Field::Country,
        Field::Nmid,
        Field::Crc,
    ];

    /// The field's name in snake case (`merchant_name`), as Python and the CLI spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Field::Amount => "amount",
            Field::MerchantName => "merchant_name",
            Field::MerchantCity => "merchant_city",
            Field::PostalCode => "postal_code",
            Field::Mcc => "mcc",
            Field::Currency => "currency",
            Field::Country => "country",
            Field::Nmid => "nmid",
            Field::Crc => "crc",
        }
    }

    /// The field with this [`Field::name`].
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl<'a> Payload<'a> {
    /// 00: the payload format indicator (`"01"`).
    pub fn format_indicator(&self) -> Option<&'a str> {
        self.value(tags::PAYLOAD_FORMAT)
    }

    /// 01: the point of initiation method.
    pub fn point_of_initiation(&self) -> Option<PointOfInitiation<'a>> {
        Some(match self.value(tags::POINT_OF_INITIATION)? {
            "11" => PointOfInitiation::Static,
            "12" => PointOfInitiation::Dynamic,
            other => PointOfInitiation::Other(other),
        })
    }

    /// Whether 01 says `"12"` (dynamic).
    pub fn is_dynamic(&self) -> bool {
        self.point_of_initiation() == Some(PointOfInitiation::Dynamic)
    }

    /// The merchant account information templates (26..51), in ID order.
    pub fn merchant_accounts(&self) -> impl Iterator<Item = MerchantAccount<'a>> + '_ {
        (26..=51u8).filter_map(move |id| self.get(id)).map(|object| MerchantAccount { object })
    }

    /// The merchant account template with this ID (26..51).
    pub fn merchant_account(&self, id: u8) -> Option<MerchantAccount<'a>> {
        if !tags::is_merchant_account_template(id) {
            return None;
        }
        self.get(id).map(|object| MerchantAccount { object })
    }

    /// 51.02: the QRIS national merchant ID (NMID), e.g. `ID1026564075103`.
    pub fn nmid(&self) -> Option<&'a str> {
        self.child_value(tags::QRIS_REPOSITORY, 2)
    }

    /// The value of one of the common [`Field`]s.
    #[inline]
    pub fn field(&self, field: Field) -> Option<&'a str> {
        match field {
            Field::Amount => self.amount(),
            Field::MerchantName => self.merchant_name(),
            Field::MerchantCity => self.merchant_city(),
            Field::PostalCode => self.postal_code(),
            Field::Mcc => self.mcc(),
            Field::Currency => self.currency(),
            Field::Country => self.country(),
            Field::Nmid => self.nmid(),
            Field::Crc => Some(self.crc()),
        }
    }

    /// 52: merchant category code (ISO 18245), e.g. `"5499"`.
    pub fn mcc(&self) -> Option<&'a str> {
        self.value(tags::MCC)
    }

    /// 53: transaction currency (ISO 4217 numeric), `"360"` for IDR.
    pub fn currency(&self) -> Option<&'a str> {
        self.value(tags::CURRENCY)
    }

    /// 54: the transaction amount exactly as written (`"17000"`, `"789000.00"`).
    pub fn amount(&self) -> Option<&'a str> {
        self.value(tags::AMOUNT)
    }

    /// 55..57: the tip or convenience fee.
    pub fn tip(&self) -> Option<Tip<'a>> {
        Some(match self.value(tags::TIP_INDICATOR)? {
            "01" => Tip::Prompt,
            "02" => Tip::Fixed(self.value(tags::FEE_FIXED)),
            "03" => Tip::Percent(self.value(tags::FEE_PERCENT)),
            other => Tip::Other(other),
        })
    }

    /// 58: country code, `"ID"` for QRIS.
    pub fn country(&self) -> Option<&'a str> {
        self.value(tags::COUNTRY)
    }

    /// 59: merchant name.
    pub fn merchant_name(&self) -> Option<&'a str> {
        self.value(tags::MERCHANT_NAME)
    }

    /// 60: merchant city.
    pub fn merchant_city(&self) -> Option<&'a str> {
        self.value(tags::MERCHANT_CITY)
    }

    /// 61: postal code.
    pub fn postal_code(&self) -> Option<&'a str> {
        self.value(tags::POSTAL_CODE)
    }

    /// 62: the additional data template.
    pub fn additional_data(&self) -> Option<AdditionalData<'a>> {
        self.get(tags::ADDITIONAL_DATA).map(|object| AdditionalData { object })
    }

    /// 64: the alternate-language merchant information.
    pub fn language_template(&self) -> Option<LanguageTemplate<'a>> {
        self.get(tags::LANGUAGE_TEMPLATE).map(|object| LanguageTemplate { object })
    }
}

#[cfg(test)]
mod field_tests {
    use super::Field;

    #[test]
    fn every_field_has_its_own_name_and_is_found_by_it() {
        for (i, f) in Field::ALL.into_iter().enumerate() {
            assert_eq!(Field::from_name(f.name()), Some(f));
            assert!(Field::ALL[..i].iter().all(|g| g.name() != f.name()));
        }
        assert_eq!(Field::from_name("merchant"), None);
        assert_eq!(Field::from_name("NMID"), None);
    }
}
