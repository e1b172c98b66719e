//! RSA key generation (feature `keygen`), the one place the `rsa` crate is used
//! outside tests. Signing and verifying always use AWS-LC (aws-lc-rs).

use alloc::string::String;

use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use zeroize::Zeroizing;

use crate::keys::{KeyError, MAX_RSA_PRIVATE_BITS, MIN_RSA_BITS};

/// A new RSA key pair as PEM: (PKCS#8 private key, SPKI public key). The private
/// PEM is zeroized when dropped.
///
/// # Errors
/// [`KeyError::TooSmall`] / [`KeyError::TooLarge`] outside 2048..=4096 bits or
/// not a multiple of 512; [`KeyError::Invalid`] if generation fails.
pub fn generate_rsa(bits: usize) -> Result<(Zeroizing<String>, String), KeyError> {
    if bits < MIN_RSA_BITS {
        return Err(KeyError::TooSmall { bits });
    }
    if bits > MAX_RSA_PRIVATE_BITS {
        return Err(KeyError::TooLarge { bits, max: MAX_RSA_PRIVATE_BITS });
    }
    if bits % 512 != 0 {
        return Err(KeyError::Invalid("the size must be a multiple of 512 bits"));
    }
    let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, bits)
        .map_err(|_| KeyError::Invalid("key generation failed"))?;
    let private = key.to_pkcs8_pem(LineEnding::LF).map_err(|_| KeyError::Invalid("PKCS#8 encoding failed"))?;
    let public =
        key.to_public_key().to_public_key_pem(LineEnding::LF).map_err(|_| KeyError::Invalid("SPKI encoding failed"))?;
    Ok((Zeroizing::new(private.to_string()), public))
}
