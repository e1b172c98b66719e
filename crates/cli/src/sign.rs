//! `qris minify | sign | verify | midtrans | keygen | timestamp`: the signature
//! engine on the command line. Secrets come from a file or the environment
//! (or, visibly to other users of the machine, a flag).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use qris::sign::{
    midtrans, Encoding, Freshness, HmacSigner, PrivateKey, PublicKey, Secret, Timestamp, DEFAULT_WINDOW_SECONDS,
};

use crate::error::{fail, CmdResult};

/// Where a secret comes from. `Debug` never shows it.
#[derive(Args, Clone)]
pub struct ClientSecretArgs {
    /// Read the client secret from this file (its final line ending is ignored).
    #[arg(long, value_name = "F", conflicts_with = "secret")]
    secret_file: Option<PathBuf>,
    /// The client secret itself. Visible to other users of this machine (ps,
    /// shell history): prefer --secret-file or QRIS_CLIENT_SECRET.
    #[arg(long, value_name = "S")]
    secret: Option<String>,
}

/// Where the Midtrans server key comes from. `Debug` never shows it.
#[derive(Args, Clone)]
pub struct ServerKeyArgs {
    /// Read the Midtrans server key from this file (its final line ending is ignored).
    #[arg(long, value_name = "F", conflicts_with = "server_key")]
    server_key_file: Option<PathBuf>,
    /// The server key itself. Visible to other users of this machine: prefer
    /// --server-key-file or QRIS_SERVER_KEY.
    #[arg(long, value_name = "K")]
    server_key: Option<String>,
}

impl std::fmt::Debug for ClientSecretArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSecretArgs")
            .field("secret_file", &self.secret_file)
            .field("secret", &self.secret.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

impl std::fmt::Debug for ServerKeyArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerKeyArgs")
            .field("server_key_file", &self.server_key_file)
            .field("server_key", &self.server_key.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

/// How fresh X-TIMESTAMP must be, for verifications.
#[derive(Args, Debug, Clone)]
pub struct FreshnessArgs {
    /// Verify as of this time (to check a recorded request); default now.
    #[arg(long, value_name = "TS")]
    now: Option<String>,
    /// Allowed distance between X-TIMESTAMP and now, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_WINDOW_SECONDS)]
    window: u64,
}

impl FreshnessArgs {
    pub fn get(&self) -> io::Result<Freshness> {
        match &self.now {
            Some(t) => {
                let now = Timestamp::parse(t).map_err(|e| fail(format!("--now: {e}")))?;
                Ok(Freshness::at(now, self.window))
            }
            None => Ok(Freshness::within(self.window)),
        }
    }
}

/// What a per-request signature covers.
#[derive(Args, Debug, Clone)]
pub struct RequestArgs {
    /// The HTTP method (uppercased when signed).
    #[arg(long, value_name = "M")]
    method: String,
    /// The relative URL as sent (path and query), e.g. /v1.0/debit/notify.
    #[arg(long, value_name = "P")]
    path: String,
    /// The body: a file, or - for standard input. No body: an empty one (GET).
    #[arg(long, value_name = "FILE|-")]
    body: Option<String>,
    /// X-TIMESTAMP exactly as sent, e.g. 2024-03-19T14:30:00+07:00.
    #[arg(long, value_name = "TS")]
    timestamp: String,
    /// Sort and percent-encode the query (RFC 3986), as BCA requires.
    #[arg(long)]
    canonical_url: bool,
}

#[derive(Subcommand, Debug)]
pub enum SignCommand {
    /// HMAC-SHA512 (symmetric): METHOD:path:token:sha256(minify(body)):timestamp.
    Hmac {
        #[command(flatten)]
        request: RequestArgs,
        /// The access token (a "Bearer " prefix is removed).
        #[arg(long, value_name = "T")]
        token: String,
        #[command(flatten)]
        secret: ClientSecretArgs,
        /// Write the signature in hex instead of Base64.
        #[arg(long)]
        hex: bool,
    },
    /// SHA256withRSA: the B2B token (--client-id) or a request/notification.
    Rsa(RsaSignArgs),
}

#[derive(Args, Debug)]
pub struct RsaSignArgs {
    /// The private key (PKCS#1 or PKCS#8; PEM, DER or Base64).
    #[arg(long, value_name = "PEMFILE")]
    key: PathBuf,
    #[command(flatten)]
    scheme: RsaScheme,
    /// Write the signature in hex instead of Base64.
    #[arg(long)]
    hex: bool,
}

#[derive(Args, Debug)]
pub struct RsaScheme {
    /// B2B access token: sign clientId|timestamp.
    #[arg(long, value_name = "ID", conflicts_with_all = ["method", "path", "body", "canonical_url"])]
    client_id: Option<String>,
    /// The HTTP method (uppercased when signed).
    #[arg(long, value_name = "M", required_unless_present = "client_id", requires = "path")]
    method: Option<String>,
    /// The relative URL as sent (path and query).
    #[arg(long, value_name = "P", requires = "method")]
    path: Option<String>,
    /// The body: a file, or - for standard input. No body: an empty one.
    #[arg(long, value_name = "FILE|-")]
    body: Option<String>,
    /// X-TIMESTAMP exactly as sent.
    #[arg(long, value_name = "TS")]
    timestamp: String,
    /// Sort and percent-encode the query (RFC 3986), as BCA requires.
    #[arg(long)]
    canonical_url: bool,
}

#[derive(Subcommand, Debug)]
pub enum VerifyCommand {
    /// Verify an HMAC-SHA512 signature (Base64 or hex).
    Hmac {
        #[command(flatten)]
        request: RequestArgs,
        /// The access token (a "Bearer " prefix is removed).
        #[arg(long, value_name = "T")]
        token: String,
        #[command(flatten)]
        secret: ClientSecretArgs,
        /// The signature to check (X-SIGNATURE).
        #[arg(long, value_name = "SIG")]
        signature: String,
        #[command(flatten)]
        freshness: FreshnessArgs,
    },
    /// Verify a SHA256withRSA signature (Base64 or hex).
    Rsa {
        /// The public key (SPKI or PKCS#1 PEM, DER, Base64, or a certificate).
        #[arg(long, value_name = "PEMFILE")]
        pubkey: PathBuf,
        /// Accept a provider key of 1024 to 2047 bits, for verification only
        /// (a warning is printed with the result).
        #[arg(long)]
        allow_legacy_1024: bool,
        #[command(flatten)]
        scheme: RsaScheme,
        /// The signature to check (X-SIGNATURE).
        #[arg(long, value_name = "SIG")]
        signature: String,
        #[command(flatten)]
        freshness: FreshnessArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum MidtransCommand {
    /// Compute a notification's signature_key: SHA-512(order_id + status_code + gross_amount + server_key).
    SignatureKey {
        /// order_id, as in the notification.
        #[arg(long, value_name = "O")]
        order_id: String,
        /// status_code, as in the notification (e.g. 200), not transaction_status.
        #[arg(long, value_name = "S")]
        status_code: String,
        /// gross_amount exactly as in the notification (e.g. 789000.00).
        #[arg(long, value_name = "G")]
        gross_amount: String,
        #[command(flatten)]
        server_key: ServerKeyArgs,
    },
    /// Check a notification JSON: its signed fields and signature_key (exit 0
    /// when it verifies; the same verifier as `qris notify midtrans`).
    Verify {
        /// The notification body: a file, or - (or nothing) for standard input.
        file: Option<String>,
        #[command(flatten)]
        server_key: ServerKeyArgs,
    },
}

pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))
}

/// A file's bytes, or standard input for `-`.
pub fn read_source(source: &str) -> io::Result<Vec<u8>> {
    if source == "-" {
        let mut v = Vec::new();
        io::stdin().read_to_end(&mut v)?;
        Ok(v)
    } else {
        read_file(Path::new(source))
    }
}

pub fn read_body(body: Option<&str>) -> io::Result<Vec<u8>> {
    body.map_or(Ok(Vec::new()), read_source)
}

/// A secret from, in this order: the file flag, the value flag (an explicit
/// flag always wins over the environment), then the environment variable (set
/// but empty counts as unset, as a unit file easily leaves it). A blank secret
/// from any source is refused: anyone could compute its signatures.
fn secret_from(file: Option<&Path>, env: &str, flag: Option<&str>, what: &str) -> io::Result<Secret> {
    let (secret, source) = if let Some(f) = file {
        let mut bytes = read_file(f)?;
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        (Secret::new(bytes), format!("the file {}", f.display()))
    } else if let Some(v) = flag {
        (Secret::from(v), format!("--{}", flag_name(what)))
    } else {
        match std::env::var_os(env).filter(|v| !v.is_empty()) {
            Some(v) => (Secret::new(v.into_encoded_bytes()), format!("the {env} environment variable")),
            None => {
                return Err(fail(format!(
                    "no {what}: use --{}-file F, --{}, or the {env} environment variable",
                    flag_name(what),
                    flag_name(what)
                )))
            }
        }
    };
    if secret.is_blank() {
        return Err(fail(format!("the {what} from {source} is empty (or only whitespace): refusing to use it")));
    }
    Ok(secret)
}

fn flag_name(what: &str) -> &'static str {
    if what == "server key" {
        "server-key"
    } else {
        "secret"
    }
}

impl ClientSecretArgs {
    pub fn get(&self) -> io::Result<Secret> {
        secret_from(self.secret_file.as_deref(), "QRIS_CLIENT_SECRET", self.secret.as_deref(), "client secret")
    }
}

impl ServerKeyArgs {
    pub fn get(&self) -> io::Result<Secret> {
        secret_from(self.server_key_file.as_deref(), "QRIS_SERVER_KEY", self.server_key.as_deref(), "server key")
    }
}

fn url(path: &str, canonical: bool) -> io::Result<String> {
    if canonical {
        qris::sign::canonical_url(path).map_err(|e| fail(format!("--path: {e}")))
    } else {
        Ok(path.to_owned())
    }
}

pub fn signer(secret: &ClientSecretArgs) -> io::Result<HmacSigner> {
    // The secret was checked for blankness where it was read.
    HmacSigner::new(secret.get()?.expose()).map_err(fail)
}

fn encoding(hex: bool) -> Encoding {
    if hex {
        Encoding::Hex
    } else {
        Encoding::Base64
    }
}

pub fn minify(source: Option<String>, hash: bool) -> CmdResult {
    let body = read_source(source.as_deref().unwrap_or("-"))?;
    let written = if hash {
        qris::sign::body_hash(&body).map(|h| writeln!(io::stdout().lock(), "{}", h.as_str()))
    } else {
        qris::sign::minify(&body).map(|m| io::stdout().lock().write_all(&m))
    };
    match written {
        Ok(w) => w.map(|()| true),
        Err(e) => {
            eprintln!("qris: {e}");
            Ok(false)
        }
    }
}

pub fn sign(cmd: SignCommand) -> CmdResult {
    let sig = match cmd {
        SignCommand::Hmac { request, token, secret, hex } => {
            let signer = signer(&secret)?;
            let body = read_body(request.body.as_deref())?;
            let path = url(&request.path, request.canonical_url)?;
            signer
                .sign_request(&request.method, &path, &token, &body, &request.timestamp, encoding(hex))
                .map_err(fail)?
        }
        SignCommand::Rsa(RsaSignArgs { key, scheme, hex }) => {
            let key = PrivateKey::from_bytes(&read_file(&key)?).map_err(|e| fail(format!("bad key: {e}")))?;
            match (&scheme.client_id, &scheme.method, &scheme.path) {
                (Some(id), _, _) => key.sign_b2b(id, &scheme.timestamp, encoding(hex)).map_err(fail)?,
                (None, Some(method), Some(path)) => {
                    let body = read_body(scheme.body.as_deref())?;
                    key.sign_request(method, &url(path, scheme.canonical_url)?, &body, &scheme.timestamp, encoding(hex))
                        .map_err(fail)?
                }
                _ => return Err(fail("give --client-id, or --method and --path")),
            }
        }
    };
    writeln!(io::stdout().lock(), "{sig}")?;
    Ok(true)
}

fn report(result: Result<(), impl std::fmt::Display>) -> CmdResult {
    match result {
        Ok(()) => {
            writeln!(io::stdout().lock(), "valid")?;
            Ok(true)
        }
        Err(e) => {
            writeln!(io::stdout().lock(), "invalid: {e}")?;
            Ok(false)
        }
    }
}

pub fn verify(cmd: VerifyCommand) -> CmdResult {
    match cmd {
        VerifyCommand::Hmac { request, token, secret, signature, freshness } => {
            let signer = signer(&secret)?;
            let fresh = freshness.get()?;
            let body = read_body(request.body.as_deref())?;
            let path = url(&request.path, request.canonical_url)?;
            report(signer.verify_request(&request.method, &path, &token, &body, &request.timestamp, &signature, fresh))
        }
        VerifyCommand::Rsa { pubkey, allow_legacy_1024, scheme, signature, freshness } => {
            let fresh = freshness.get()?;
            let key = match load_public_key(&read_file(&pubkey)?, allow_legacy_1024) {
                Ok(k) => k,
                Err(e) => return report(Err(format!("bad key: {e}"))),
            };
            if let Some(w) = key.warning() {
                eprintln!("warning: {}: {w}", w.code());
            }
            match (&scheme.client_id, &scheme.method, &scheme.path) {
                (Some(id), _, _) => report(key.verify_b2b(id, &scheme.timestamp, &signature, fresh)),
                (None, Some(method), Some(path)) => {
                    let body = read_body(scheme.body.as_deref())?;
                    let path = url(path, scheme.canonical_url)?;
                    report(key.verify_request(method, &path, &body, &scheme.timestamp, &signature, fresh))
                }
                _ => Err(fail("give --client-id, or --method and --path")),
            }
        }
    }
}

/// A provider's public key; keys of 1024 to 2047 bits only with `--allow-legacy-1024`.
pub fn load_public_key(data: &[u8], allow_legacy_1024: bool) -> Result<PublicKey, qris::sign::KeyError> {
    if allow_legacy_1024 {
        PublicKey::from_bytes_legacy_1024(data)
    } else {
        PublicKey::from_bytes(data)
    }
}

pub fn midtrans(cmd: MidtransCommand) -> CmdResult {
    match cmd {
        MidtransCommand::SignatureKey { order_id, status_code, gross_amount, server_key } => {
            let key = server_key.get()?;
            let sk = midtrans::signature_key(&order_id, &status_code, &gross_amount, &key).map_err(fail)?;
            writeln!(io::stdout().lock(), "{sk}")?;
            Ok(true)
        }
        MidtransCommand::Verify { file, server_key } => {
            let key = server_key.get()?;
            let body = read_source(file.as_deref().unwrap_or("-"))?;
            report(qris::snap::verify_midtrans(&body, &key).map(drop))
        }
    }
}

pub fn keygen(private: &Path, public: &Path, bits: usize) -> CmdResult {
    let (private_pem, public_pem) = qris::sign::generate_rsa(bits).map_err(fail)?;
    write_private(private, private_pem.as_bytes())?;
    std::fs::write(public, public_pem)?;
    eprintln!(
        "wrote {} (PKCS#8 private key, {bits} bits) and {} (SPKI public key)",
        private.display(),
        public.display()
    );
    Ok(true)
}

/// Writes a private key readable by its owner only (where the platform allows).
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f =
        opts.open(path).map_err(|e| io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display())))?;
    f.write_all(bytes)
}

#[derive(Args, Debug)]
pub struct TimestampArgs {
    /// Include milliseconds.
    #[arg(long)]
    millis: bool,
    /// Format this time (Unix seconds, UTC) instead of now.
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true, conflicts_with = "check")]
    at: Option<i64>,
    /// Show the time at this offset from UTC, in minutes (420 is +07:00, WIB; 0 writes Z).
    #[arg(long, value_name = "MINUTES", default_value_t = qris::sign::WIB_OFFSET_MINUTES, allow_negative_numbers = true, conflicts_with = "check")]
    offset: i16,
    /// Check a received X-TIMESTAMP instead: ISO-8601 and within --window of now
    /// (exit 0 fresh, 1 refused, with the reason).
    #[arg(long, value_name = "TIMESTAMP")]
    check: Option<String>,
    /// With --check: as of when, and how far either side.
    #[command(flatten)]
    fresh: FreshnessArgs,
}

/// `qris timestamp`: X-TIMESTAMP for now or `--at`, or `--check` one.
pub fn timestamp(args: TimestampArgs) -> CmdResult {
    if let Some(ts) = &args.check {
        let fresh = args.fresh.get()?;
        return match fresh.check(ts) {
            Ok(_) => {
                writeln!(io::stdout().lock(), "fresh: within {} s", args.fresh.window)?;
                Ok(true)
            }
            Err(e) => {
                eprintln!("qris: X-TIMESTAMP refused: {e}");
                Ok(false)
            }
        };
    }
    let now = Timestamp::now();
    let ts = match args.at {
        None => Timestamp::checked(now.unix, now.nanos, args.offset),
        Some(unix) => Timestamp::checked(unix, 0, args.offset),
    };
    let ts =
        ts.map_err(|_| fail("X-TIMESTAMP writes 1970-01-01 to 9999-12-31 (UTC) at an offset within 18 hours of UTC"))?;
    writeln!(io::stdout().lock(), "{}", ts.format(args.millis))?;
    Ok(true)
}
