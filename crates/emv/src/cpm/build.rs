//! Building CPM codes from fields (tests, wallet simulators): BER-TLV, then Base64.

use alloc::string::String;
use alloc::vec::Vec;

use super::{encode_base64, CpmCode, CpmError, MAX_CPM_BYTES};

/// The data objects of one template: an application template (61) made with
/// [`Application::new`], or the common data template (62) made with
/// [`Application::common`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Application {
    objects: Vec<(u32, Vec<u8>)>,
    transparent: Vec<(u32, Vec<u8>)>,
}

fn digits_to_nibbles(text: &str, what: &'static str, allow_d: bool) -> Result<Vec<u8>, CpmError> {
    let mut nibbles = Vec::with_capacity(text.len() + 1);
    for c in text.bytes() {
        match c {
            b'0'..=b'9' => nibbles.push(c - b'0'),
            b'D' | b'd' if allow_d => nibbles.push(0xD),
            _ => return Err(CpmError::at(CpmCode::FieldFormat, 0, what)),
        }
    }
    if nibbles.is_empty() {
        return Err(CpmError::at(CpmCode::FieldFormat, 0, what));
    }
    if nibbles.len() % 2 == 1 {
        nibbles.push(0xF);
    }
    Ok(nibbles.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
}

impl Application {
    /// An application template (61) for the application `aid` (4F, raw bytes,
    /// e.g. `[0xA0, 0, 0, 0, 0x55, 0x55, 0x55]`).
    pub fn new(aid: &[u8]) -> Application {
        Application { objects: alloc::vec![(0x4F, aid.to_vec())], transparent: Vec::new() }
    }

    /// The common data template (62): fields shared by every application.
    pub fn common() -> Application {
        Application::default()
    }

    /// Any primitive data object (kept in the order given).
    pub fn raw(mut self, tag: u32, value: &[u8]) -> Application {
        self.objects.push((tag, value.to_vec()));
        self
    }

    /// The application label (50).
    pub fn label(self, label: &str) -> Application {
        self.raw(0x50, label.as_bytes())
    }

    /// The cardholder name (5F20), e.g. `"CARDHOLDER/EMV"`.
    pub fn cardholder_name(self, name: &str) -> Application {
        self.raw(0x5F20, name.as_bytes())
    }

    /// The language preference (5F2D), e.g. `"idenzh"`.
    pub fn language_preference(self, languages: &str) -> Application {
        self.raw(0x5F2D, languages.as_bytes())
    }

    /// The issuer URL (5F50).
    pub fn issuer_url(self, url: &str) -> Application {
        self.raw(0x5F50, url.as_bytes())
    }

    /// The PAN (5A) from its digits (compressed numeric, padded with F).
    ///
    /// # Errors
    /// [`CpmCode::FieldFormat`] for anything but digits.
    pub fn pan(self, digits: &str) -> Result<Application, CpmError> {
        let v = digits_to_nibbles(digits, "a PAN is decimal digits", false)?;
        Ok(self.raw(0x5A, &v))
    }

    /// Track 2 equivalent data (57) from its text: PAN, `D`, YYMM, service
    /// code, discretionary digits (e.g. `"1234567890123458D191220112345"`).
    ///
    /// # Errors
    /// [`CpmCode::FieldFormat`] for characters other than digits and `D`.
    pub fn track2(self, text: &str) -> Result<Application, CpmError> {
        let v = digits_to_nibbles(text, "track 2 is digits with one D separator", true)?;
        Ok(self.raw(0x57, &v))
    }

    /// A data object of the template's transparent template: 64 in the common
    /// data (e.g. `(0x9F26, cryptogram)`), 63 in an application template.
    pub fn transparent(mut self, tag: u32, value: &[u8]) -> Application {
        self.transparent.push((tag, value.to_vec()));
        self
    }
}

/// A CPM code under construction: the format indicator `CPV01`, the
/// application templates in order, and the common data.
///
/// ```
/// use qris_emv::cpm::{self, BuildApplication as App, CpmBuilder};
/// let text = CpmBuilder::new()
///     .application(App::new(&[0xA0, 0, 0, 0, 0x55, 0x55, 0x55]).track2("1234567890123458D191220112345")?)
///     .to_base64()?;
/// assert_eq!(text, "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=");
/// let mut buf = [0u8; cpm::MAX_CPM_BYTES];
/// assert!(cpm::parse(&text, &mut buf)?.validate().is_valid());
/// # Ok::<(), cpm::CpmError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CpmBuilder {
    applications: Vec<Application>,
    common: Option<Application>,
}

fn put_tag(out: &mut Vec<u8>, tag: u32) {
    let n = if tag > 0xFFFF {
        3
    } else if tag > 0xFF {
        2
    } else {
        1
    };
    for i in (0..n).rev() {
        out.push((tag >> (8 * i)) as u8);
    }
}

fn put_len(out: &mut Vec<u8>, len: usize) -> Result<(), CpmError> {
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend_from_slice(&[0x81, len as u8]),
        0x100..=0xFFFF => out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]),
        _ => return Err(CpmError::at(CpmCode::TooLong, 0, "a data object longer than EMV lengths allow")),
    }
    Ok(())
}

fn put(out: &mut Vec<u8>, tag: u32, value: &[u8]) -> Result<(), CpmError> {
    put_tag(out, tag);
    put_len(out, value.len())?;
    out.extend_from_slice(value);
    Ok(())
}

fn objects(list: &[(u32, Vec<u8>)]) -> Result<Vec<u8>, CpmError> {
    let mut out = Vec::new();
    for (tag, value) in list {
        put(&mut out, *tag, value)?;
    }
    Ok(out)
}

impl CpmBuilder {
    /// An empty code (format indicator only).
    pub fn new() -> CpmBuilder {
        CpmBuilder::default()
    }

    /// Adds an application template (61).
    pub fn application(mut self, app: Application) -> CpmBuilder {
        self.applications.push(app);
        self
    }

    /// Sets the common data template (62).
    pub fn common(mut self, data: Application) -> CpmBuilder {
        self.common = Some(data);
        self
    }

    /// The BER-TLV bytes.
    ///
    /// # Errors
    /// [`CpmCode::TooLong`] past [`MAX_CPM_BYTES`].
    pub fn to_bytes(&self) -> Result<Vec<u8>, CpmError> {
        let mut out = Vec::new();
        put(&mut out, 0x85, b"CPV01")?;
        for app in &self.applications {
            let mut inner = objects(&app.objects)?;
            if !app.transparent.is_empty() {
                put(&mut inner, 0x63, &objects(&app.transparent)?)?;
            }
            put(&mut out, 0x61, &inner)?;
        }
        if let Some(common) = &self.common {
            let mut inner = objects(&common.objects)?;
            if !common.transparent.is_empty() {
                put(&mut inner, 0x64, &objects(&common.transparent)?)?;
            }
            put(&mut out, 0x62, &inner)?;
        }
        if out.len() > MAX_CPM_BYTES {
            return Err(CpmError::at(CpmCode::TooLong, MAX_CPM_BYTES, "longer than a CPM code can be"));
        }
        Ok(out)
    }

    /// The code's text: Base64 of [`CpmBuilder::to_bytes`].
    ///
    /// # Errors
    /// As [`CpmBuilder::to_bytes`].
    pub fn to_base64(&self) -> Result<String, CpmError> {
        self.to_bytes().map(|b| encode_base64(&b))
    }
}
