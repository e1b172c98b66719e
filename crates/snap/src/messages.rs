//! Typed messages for every request and response in the provider docs. Each keeps the
//! fields it does not name in `extra` (providers add fields): a message read and
//! written back loses nothing. Payload strings plug into the payload engine.

use core::fmt;
use qris_emv::{ParseError, Payload};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::amount::Money;
use crate::flow::gopay_deeplink;
use crate::response_code::{InvalidResponseCode, ResponseCode};

/// Midtrans Core API `/charge` request (Midtrans' GoPay QRIS POS guide).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChargeRequest {
    /// `qris`, `gopay`...
    pub payment_type: String,
    /// The order.
    pub transaction_details: TransactionDetails,
    /// Custom expiry (default 15 minutes for GoPay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_expiry: Option<CustomExpiry>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `transaction_details` of a charge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransactionDetails {
    /// The merchant's unique order id.
    pub order_id: String,
    /// The amount (a JSON number, e.g. `789000`).
    pub gross_amount: Number,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Midtrans `custom_expiry`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomExpiry {
    /// `expiry_duration`.
    pub expiry_duration: u64,
    /// `unit`: `second`, `minute`, `hour` or `day`.
    pub unit: String,
    /// `order_time`, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_time: Option<String>,
}

impl CustomExpiry {
    /// The expiry in seconds; `None` for an unknown unit.
    pub fn seconds(&self) -> Option<u64> {
        let unit = match self.unit.as_str() {
            "second" => 1,
            "minute" => 60,
            "hour" => 3600,
            "day" => 86_400,
            _ => return None,
        };
        self.expiry_duration.checked_mul(unit)
    }
}

/// Midtrans `/charge` response (Midtrans' GoPay QRIS POS guide).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChargeResponse {
    /// `"201"` when created.
    pub status_code: String,
    /// Human message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    /// Midtrans' id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The order id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// `pending` when the QR can be paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_status: Option<String>,
    /// The QRIS payload to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_string: Option<String>,
    /// Actions (e.g. `generate-qr-code` with an image URL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An action of a charge response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// e.g. `generate-qr-code`.
    pub name: String,
    /// HTTP method.
    pub method: String,
    /// URL.
    pub url: String,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ChargeResponse {
    /// The `qr_string`, parsed by the payload engine (CRC verified).
    pub fn payload(&self) -> Option<Result<Payload<'_>, ParseError>> {
        self.qr_string.as_deref().map(qris_emv::parse)
    }
}

/// SNAP QRIS MPM generate request (Midtrans' SNAP QRIS docs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrMpmGenerateRequest {
    /// Unique reference (same as X-EXTERNAL-ID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_reference_no: Option<String>,
    /// The amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// `merchantId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    /// `terminalId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal_id: Option<String>,
    /// `validityPeriod` (20 s to 180 days ahead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_period: Option<String>,
    /// `additionalInfo`, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// SNAP QRIS MPM generate response (Midtrans' SNAP QRIS docs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrMpmGenerateResponse {
    /// `responseCode`, e.g. `2004700`.
    pub response_code: String,
    /// `responseMessage`.
    pub response_message: String,
    /// The provider's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_no: Option<String>,
    /// The QRIS payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_content: Option<String>,
    /// A URL of the QR image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_url: Option<String>,
    /// The QR image in Base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_image: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl QrMpmGenerateResponse {
    /// The parsed `responseCode`.
    ///
    /// # Errors
    /// A malformed code.
    pub fn code(&self) -> Result<ResponseCode, InvalidResponseCode> {
        ResponseCode::parse(&self.response_code)
    }

    /// The `qrContent`, parsed by the payload engine.
    pub fn payload(&self) -> Option<Result<Payload<'_>, ParseError>> {
        self.qr_content.as_deref().map(qris_emv::parse)
    }
}

/// SenGo-style QRIS create request (SenGo's QRIS API docs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SengoQrisRequest {
    /// Unique reference.
    pub reference: String,
    /// Amount (a JSON number).
    pub amount: Number,
    /// Expiry in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_minutes: Option<u64>,
    /// Receiver's name.
    pub view_name: String,
    /// `additionalInfo` (callback URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// SenGo-style QRIS create response (SenGo's QRIS API docs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SengoQrisResponse {
    /// An HTTP-like number (`200`), not a SNAP code.
    pub response_code: Value,
    /// `responseMessage`.
    pub response_message: String,
    /// The transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_data: Option<SengoData>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `responseData` of a SenGo response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SengoData {
    /// SenGo's id.
    pub id: String,
    /// `pending`, `success`, `expired`, `failed`.
    pub status: String,
    /// The QR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qris: Option<SengoQris>,
    /// Every other field (amount, fee, totalAmount, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `responseData.qris` of a SenGo response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SengoQris {
    /// The QRIS payload.
    pub content: String,
    /// Every other field (url, image).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SengoQrisResponse {
    /// The QRIS payload, parsed by the payload engine.
    pub fn payload(&self) -> Option<Result<Payload<'_>, ParseError>> {
        self.response_data.as_ref()?.qris.as_ref().map(|q| qris_emv::parse(&q.content))
    }
}

/// SNAP debit payment host-to-host request (Midtrans' SNAP GoPay Tokenization docs; the mini-app docs for mini-apps).
/// `Debug` redacts the charge token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DebitPaymentRequest {
    /// The merchant's order id.
    pub partner_reference_no: String,
    /// The customer's charge token (from account binding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_token: Option<String>,
    /// Redirect URL(s) (`url`, `type`, `isDeeplink`); an object or an array in the wild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_param: Option<Value>,
    /// Expiry (20 s to 180 days ahead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_up_to: Option<String>,
    /// Payment options (one accepted).
    pub pay_option_details: Vec<PayOptionDetail>,
    /// `additionalInfo` (customer details, items, metadata...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A payment option of a debit payment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayOptionDetail {
    /// `GOPAY`.
    pub pay_method: String,
    /// `GOPAY_WALLET`, `PAY_LATER`.
    pub pay_option: String,
    /// The amount paid with this option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trans_amount: Option<Money>,
    /// Every other field (additionalInfo with the payment option token...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DebitPaymentRequest {
    /// `additionalInfo.pointOfPurchaseId`: the GoPay PoP ID (mini-app and standard
    /// integrations each have their own; Midtrans' SNAP GoPay mini-app docs).
    pub fn point_of_purchase_id(&self) -> Option<&str> {
        self.additional_info.as_ref()?.get("pointOfPurchaseId")?.as_str()
    }

    /// Checks that the items of `additionalInfo.items` add up to each option's
    /// amount (Midtrans' SNAP GoPay Tokenization docs: price x quantity must equal transAmount).
    ///
    /// # Errors
    /// The first inconsistent or malformed amount.
    pub fn check_items(&self) -> Result<(), crate::AmountError> {
        let items: Vec<(&str, &str)> = self
            .additional_info
            .as_ref()
            .and_then(|a| a.get("items"))
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| Some((i.get("price")?.get("value")?.as_str()?, i.get("quantity")?.as_str()?)))
                    .collect()
            })
            .unwrap_or_default();
        if items.is_empty() {
            return Ok(());
        }
        for option in &self.pay_option_details {
            if let Some(m) = &option.trans_amount {
                m.amount()?.check_items(items.iter().copied())?;
            }
        }
        Ok(())
    }
}

/// SNAP debit payment host-to-host response (Midtrans' SNAP GoPay Tokenization docs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DebitPaymentResponse {
    /// `responseCode`, e.g. `2005400`.
    pub response_code: String,
    /// `responseMessage`.
    pub response_message: String,
    /// The provider's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_no: Option<String>,
    /// Where to send the payer on the web.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_redirect_url: Option<String>,
    /// Where to send the payer in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_redirect_url: Option<String>,
    /// `additionalInfo`, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<Value>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DebitPaymentResponse {
    /// The parsed `responseCode`.
    ///
    /// # Errors
    /// A malformed code.
    pub fn code(&self) -> Result<ResponseCode, InvalidResponseCode> {
        ResponseCode::parse(&self.response_code)
    }

    /// The GoPay mini-app deeplink for `webRedirectUrl` (Midtrans' SNAP GoPay mini-app docs).
    pub fn gopay_deeplink(&self) -> Option<String> {
        self.web_redirect_url.as_deref().map(gopay_deeplink)
    }
}

/// Access token B2B request (Midtrans' SNAP GoPay mini-app docs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessTokenRequest {
    /// `client_credentials`.
    pub grant_type: String,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Access token B2B response (Midtrans' SNAP GoPay mini-app docs). `Debug` redacts the token.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessTokenResponse {
    /// `responseCode`.
    pub response_code: String,
    /// `responseMessage`.
    pub response_message: String,
    /// The token, on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Lifetime in seconds, as a string (`"900"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<String>,
    /// Every other field (referenceNo on errors...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The generic SNAP response envelope (notify acknowledgements, errors).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapResponse {
    /// `responseCode`.
    pub response_code: String,
    /// `responseMessage`.
    pub response_message: String,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `Some([REDACTED])` or `None`, for `Debug` of an optional credential.
pub(crate) fn redact(value: &Option<String>) -> &'static str {
    if value.is_some() {
        "Some([REDACTED])"
    } else {
        "None"
    }
}

/// Writes the text as is (for `Debug` fields that must not be quoted).
pub(crate) struct Raw(pub(crate) &'static str);

impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for DebitPaymentRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DebitPaymentRequest")
            .field("partner_reference_no", &self.partner_reference_no)
            .field("charge_token", &Raw(redact(&self.charge_token)))
            .field("url_param", &self.url_param)
            .field("valid_up_to", &self.valid_up_to)
            .field("pay_option_details", &self.pay_option_details)
            .field("additional_info", &self.additional_info)
            .field("extra", &self.extra)
            .finish()
    }
}

impl fmt::Debug for AccessTokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessTokenResponse")
            .field("response_code", &self.response_code)
            .field("response_message", &self.response_message)
            .field("access_token", &Raw(redact(&self.access_token)))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("extra", &self.extra)
            .finish()
    }
}
