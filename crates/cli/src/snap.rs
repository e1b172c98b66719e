//! `qris snap response-code` and `qris notify midtrans|snap`.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;
use qris::snap::{
    notify_service, verify_midtrans, verify_snap, Acknowledgement, Amount, NotifyError, Outcome, ResponseCode,
    SnapNotifyRequest,
};
use serde_json::json;

use crate::error::CmdResult;
use crate::sign::{read_body, read_file, read_source, ClientSecretArgs, FreshnessArgs, ServerKeyArgs};

// Parsed once from the command line: the size of the enum does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum SnapCommand {
    /// Print the complete SNAP header set for a request, one `Name: value` per line (for curl -H).
    Headers {
        /// HTTP method.
        #[arg(long, value_name = "M")]
        method: String,
        /// The relative URL as sent (path and query).
        #[arg(long, value_name = "P")]
        path: String,
        /// The exact body that will be sent: a file, or - for standard input. None: empty (GET).
        #[arg(long, value_name = "FILE|-")]
        body: Option<String>,
        /// X-PARTNER-ID (your client ID).
        #[arg(long, value_name = "ID")]
        partner_id: String,
        /// CHANNEL-ID (5 digits).
        #[arg(long, value_name = "C")]
        channel_id: String,
        /// The B2B access token.
        #[arg(long, value_name = "T")]
        token: String,
        /// X-TIMESTAMP; generated (now, +07:00) when not given.
        #[arg(long, value_name = "TS")]
        timestamp: Option<String>,
        /// X-EXTERNAL-ID; generated when not given (reuse it when retrying).
        #[arg(long, value_name = "ID")]
        external_id: Option<String>,
        /// X-DEVICE-ID, where the service requires it.
        #[arg(long, value_name = "D")]
        device_id: Option<String>,
        /// The customer token for Authorization-Customer, where the service requires it.
        #[arg(long, value_name = "T")]
        customer_token: Option<String>,
        #[command(flatten)]
        secret: ClientSecretArgs,
    },
    /// Explain a SNAP responseCode (e.g. 4035414).
    ResponseCode {
        /// The 7-digit code.
        code: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum NotifyCommand {
    /// Verify a Midtrans HTTP notification (signed fields, signature_key) and
    /// print its outcome as JSON; with --order-id and --amount, also check it is
    /// for that order and amount (deliver only then).
    Midtrans {
        /// The notification body: a file, or - (or nothing) for standard input.
        file: Option<String>,
        #[command(flatten)]
        server_key: ServerKeyArgs,
        /// The order this notification must be for (your own record).
        #[arg(long, value_name = "ID", requires = "amount")]
        order_id: Option<String>,
        /// The amount it must be for (e.g. 789000 or 789000.00).
        #[arg(long, value_name = "A", requires = "order_id")]
        amount: Option<String>,
    },
    /// Verify a SNAP notify request (X-SIGNATURE, X-TIMESTAMP window) and print its outcome as JSON.
    Snap {
        /// The provider's public key (SPKI or PKCS#1 PEM, DER, Base64, certificate).
        #[arg(long, value_name = "PEMFILE")]
        pubkey: PathBuf,
        /// Accept a provider key of 1024 to 2047 bits, for verification only
        /// (reported in the result's `warnings`).
        #[arg(long)]
        allow_legacy_1024: bool,
        /// Your own notify path, as the provider signed it (e.g. /v1.0/debit/notify).
        #[arg(long, value_name = "P")]
        path: String,
        /// X-TIMESTAMP as received.
        #[arg(long, value_name = "TS")]
        timestamp: String,
        /// X-SIGNATURE as received.
        #[arg(long, value_name = "SIG")]
        signature: String,
        #[command(flatten)]
        freshness: FreshnessArgs,
        /// HTTP method.
        #[arg(long, value_name = "M", default_value = "POST")]
        method: String,
        /// The notification body: a file, or - (or nothing) for standard input.
        file: Option<String>,
    },
}

pub fn snap(cmd: SnapCommand) -> CmdResult {
    match cmd {
        SnapCommand::Headers {
            method,
            path,
            body,
            partner_id,
            channel_id,
            token,
            timestamp,
            external_id,
            device_id,
            customer_token,
            secret,
        } => {
            let signer = crate::sign::signer(&secret)?;
            let body = read_body(body.as_deref())?;
            let call = qris::snap::SnapCall {
                method: &method,
                path: &path,
                body: &body,
                access_token: &token,
                partner_id: &partner_id,
                channel_id: &channel_id,
                timestamp: timestamp.as_deref(),
                external_id: external_id.as_deref(),
                device_id: device_id.as_deref(),
                customer_token: customer_token.as_deref(),
            };
            match qris::snap::snap_headers(&signer, &call) {
                Ok(headers) => {
                    let mut out = io::stdout().lock();
                    for (name, value) in headers {
                        writeln!(out, "{name}: {value}")?;
                    }
                    Ok(true)
                }
                Err(e) => {
                    eprintln!("qris: {e}");
                    Ok(false)
                }
            }
        }
        SnapCommand::ResponseCode { code, json } => {
            let c = match ResponseCode::parse(&code) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("qris: {e}");
                    return Ok(false);
                }
            };
            let mut out = io::stdout().lock();
            if json {
                let v = json!({
                    "code": c.to_string(), "http": c.http, "service": c.service, "service_name": c.service_name(),
                    "case": c.case, "case_name": c.case_name(), "success": c.is_success(), "pending": c.is_pending(),
                    "retry": c.retry().as_str(),
                });
                writeln!(out, "{v}")?;
            } else {
                writeln!(
                    out,
                    "{c}: HTTP {} {}, service {} ({})",
                    c.http,
                    c.case_name(),
                    c.service.map_or("-".into(), |s| format!("{s:02}")),
                    c.service_name()
                )?;
                writeln!(out, "{}", c.retry().advice())?;
            }
            Ok(true)
        }
    }
}

fn outcome_json(outcome: &Outcome) -> serde_json::Value {
    let mut v = serde_json::to_value(outcome).unwrap_or(json!({}));
    v["description"] = json!(outcome.to_string());
    v
}

pub fn notify(cmd: NotifyCommand) -> CmdResult {
    let mut out = io::stdout().lock();
    match cmd {
        NotifyCommand::Midtrans { file, server_key, order_id, amount } => {
            let key = server_key.get()?;
            let expected = match (&order_id, &amount) {
                (Some(o), Some(a)) => Some((
                    o.as_str(),
                    Amount::parse_decimal(a)
                        .ok_or_else(|| io::Error::other(format!("--amount {a:?} is not a decimal like 789000.00")))?,
                )),
                _ => None,
            };
            let body = read_source(file.as_deref().unwrap_or("-"))?;
            let verified = verify_midtrans(&body, &key).and_then(|v| {
                if let Some((o, a)) = expected {
                    v.expect(o, a)?;
                }
                Ok(v)
            });
            match verified {
                Ok(v) => {
                    writeln!(
                        out,
                        "{}",
                        json!({
                            "verified": true, "outcome": outcome_json(&v.outcome), "deliver": v.deliver(),
                            "order_id": v.order_id(), "gross_amount": v.gross_amount(), "status_code": v.status_code(),
                            "expected_checked": expected.is_some(),
                            "transaction_status": v.transaction_status(), "fraud_status": v.fraud_status(),
                        })
                    )?;
                    Ok(true)
                }
                Err(e) => {
                    writeln!(out, "{}", json!({"verified": false, "deliver": false, "error": e.to_string()}))?;
                    Ok(false)
                }
            }
        }
        NotifyCommand::Snap { pubkey, allow_legacy_1024, path, timestamp, signature, freshness, method, file } => {
            let key = crate::sign::load_public_key(&read_file(&pubkey)?, allow_legacy_1024)
                .map_err(|e| io::Error::other(format!("bad key: {e}")))?;
            let warnings: Vec<_> =
                key.warning().iter().map(|w| json!({"code": w.code(), "message": w.to_string()})).collect();
            let fresh = freshness.get()?;
            let body = read_source(file.as_deref().unwrap_or("-"))?;
            let req = SnapNotifyRequest {
                method: &method,
                path: &path,
                body: &body,
                timestamp: &timestamp,
                signature: &signature,
            };
            let service = notify_service(&path);
            match verify_snap(&key, &req, fresh) {
                Ok(v) => {
                    writeln!(
                        out,
                        "{}",
                        json!({
                            "verified": true, "outcome": outcome_json(&v.outcome), "deliver": v.deliver(),
                            "latestTransactionStatus": v.notification.latest_transaction_status,
                            "originalPartnerReferenceNo": v.notification.original_partner_reference_no,
                            "ack": {"status": v.ack.http_status, "body": serde_json::to_value(&v.ack).unwrap_or_default()},
                            "warnings": warnings,
                        })
                    )?;
                    Ok(true)
                }
                Err(e) => {
                    let ack: Acknowledgement = Acknowledgement::for_error(&e, service);
                    let kind = match e {
                        NotifyError::Signature(_) => "signature",
                        NotifyError::Timestamp(_) => "timestamp",
                        _ => "body",
                    };
                    writeln!(
                        out,
                        "{}",
                        json!({
                            "verified": false, "deliver": false, "error": e.to_string(), "error_kind": kind,
                            "ack": {"status": ack.http_status, "body": serde_json::to_value(&ack).unwrap_or_default()},
                            "warnings": warnings,
                        })
                    )?;
                    Ok(false)
                }
            }
        }
    }
}
