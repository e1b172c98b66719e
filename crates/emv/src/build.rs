//! Building and editing payloads: correct character lengths, the ID-order
//! insertion rule, and the CRC appended. No string surgery.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use smallvec::SmallVec;

use crate::crc::{crc16, crc16_hex};
use crate::diag::Path;
use crate::payload::Payload;
use crate::tags;
use crate::tlv::{Raw, Walker};

/// Why a payload could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A path was malformed, or an ID was above 99.
    InvalidPath,
    /// Tag 63 is the CRC: the builder computes it and it cannot be set.
    CrcIsComputed,
    /// A value (or a template's encoded children) has more than 99 characters.
    TooLong {
        /// The data object.
        path: Path,
        /// Its length in characters.
        chars: usize,
    },
    /// A value is empty (EMVCo lengths are 01..99).
    Empty {
        /// The data object.
        path: Path,
    },
    /// A nested path was given under an object whose value is not TLV.
    NotATemplate {
        /// The object that would have to be a template.
        path: Path,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidPath => f.write_str("invalid path or ID: IDs are two digits, 00..99"),
            BuildError::CrcIsComputed => {
                f.write_str("tag 63 (CRC) is computed when the payload is built and cannot be set")
            }
            BuildError::TooLong { path, chars } => {
                write!(f, "{path} would be {chars} characters long; a data object holds at most 99")
            }
            BuildError::Empty { path } => write!(f, "{path} would be empty; a data object holds 1 to 99 characters"),
            BuildError::NotATemplate { path } => write!(f, "{path} does not hold nested data objects"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for BuildError {}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Content<'a> {
    Text(Cow<'a, str>),
    Template(Vec<Field<'a>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Field<'a> {
    id: u8,
    content: Content<'a>,
}

/// Inline room for the root objects of a typical payload (QRIS carries ~15),
/// so building from a parsed payload does not allocate until `build`.
type Root<'a> = SmallVec<[Field<'a>; 20]>;

/// The ordered list operations the insertion rule needs, for the root list and template children.
trait List<'a>: core::ops::DerefMut<Target = [Field<'a>]> {
    fn insert_at(&mut self, index: usize, field: Field<'a>);
    fn retain_ids(&mut self, keep: impl FnMut(u8) -> bool);
}

impl<'a> List<'a> for Root<'a> {
    fn insert_at(&mut self, index: usize, field: Field<'a>) {
        self.insert(index, field);
    }
    fn retain_ids(&mut self, mut keep: impl FnMut(u8) -> bool) {
        self.retain(|f| keep(f.id));
    }
}

impl<'a> List<'a> for Vec<Field<'a>> {
    fn insert_at(&mut self, index: usize, field: Field<'a>) {
        self.insert(index, field);
    }
    fn retain_ids(&mut self, mut keep: impl FnMut(u8) -> bool) {
        self.retain(|f| keep(f.id));
    }
}

/// Builds or edits a payload.
///
/// New data objects are inserted by the ordering rule: immediately before the
/// first existing object with a larger ID (so building from nothing gives ID
/// order, and editing keeps a payload's own order). Setting an existing ID
/// replaces its value in place. Lengths are counted in characters and the CRC is
/// appended by [`Builder::build`].
///
/// ```
/// use qris_emv::Builder;
/// let mut b = Builder::new();
/// b.set(0, "01")?.set(1, "11")?
///     .set_path("26.00", "ID.DANA.WWW")?.set_path("26.01", "936009153033796827")?
///     .set(52, "7372")?.set(53, "360")?.set(58, "ID")?
///     .set(59, "Warung Budi")?.set(60, "Bandung")?;
/// let payload = b.build()?;
/// assert!(payload.starts_with("00020101021126"));
/// assert!(qris_emv::parse(&payload).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Builder<'a> {
    root: Root<'a>,
}

fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

fn expand<'a>(text: &Cow<'a, str>) -> Option<Vec<Field<'a>>> {
    let ascii = text.is_ascii();
    let mut children = Vec::new();
    let mut push = |raw: Raw<'_>, value: Cow<'a, str>| {
        children.push(Field { id: raw.id, content: Content::Text(value) });
    };
    match text {
        Cow::Borrowed(s) => {
            let mut w = Walker::new(s, 0, ascii);
            while let Some(raw) = w.next_raw() {
                push(raw, Cow::Borrowed(raw.value));
            }
            if !w.is_done() {
                return None;
            }
        }
        Cow::Owned(s) => {
            let mut w = Walker::new(s, 0, ascii);
            while let Some(raw) = w.next_raw() {
                push(raw, Cow::Owned(raw.value.into()));
            }
            if !w.is_done() {
                return None;
            }
        }
    }
    Some(children)
}

fn check_value(path: Path, value: &str) -> Result<(), BuildError> {
    match char_count(value) {
        0 => Err(BuildError::Empty { path }),
        n if n > 99 => Err(BuildError::TooLong { path, chars: n }),
        _ => Ok(()),
    }
}

fn set_in<'a, L: List<'a>>(list: &mut L, parent: Path, ids: &[u8], value: Cow<'a, str>) -> Result<(), BuildError> {
    let Some((&id, rest)) = ids.split_first() else {
        return Err(BuildError::InvalidPath);
    };
    let path = parent.child(id).ok_or(BuildError::InvalidPath)?;
    let index = match list.iter().position(|f| f.id == id) {
        Some(i) => i,
        None => {
            let at = list.iter().position(|f| f.id > id).unwrap_or(list.len());
            let content =
                if rest.is_empty() { Content::Text(Cow::Borrowed("")) } else { Content::Template(Vec::new()) };
            list.insert_at(at, Field { id, content });
            at
        }
    };
    let field = &mut list[index];
    if rest.is_empty() {
        field.content = Content::Text(value);
        return Ok(());
    }
    if let Content::Text(text) = &field.content {
        let children = expand(text).ok_or(BuildError::NotATemplate { path })?;
        field.content = Content::Template(children);
    }
    match &mut field.content {
        Content::Template(children) => set_in(children, path, rest, value),
        Content::Text(_) => Err(BuildError::NotATemplate { path }),
    }
}

fn remove_in<'a, L: List<'a>>(list: &mut L, parent: Path, ids: &[u8]) -> Result<(), BuildError> {
    let Some((&id, rest)) = ids.split_first() else {
        return Err(BuildError::InvalidPath);
    };
    let path = parent.child(id).ok_or(BuildError::InvalidPath)?;
    if rest.is_empty() {
        list.retain_ids(|x| x != id);
        return Ok(());
    }
    let Some(field) = list.iter_mut().find(|f| f.id == id) else {
        return Ok(());
    };
    if let Content::Text(text) = &field.content {
        let children = expand(text).ok_or(BuildError::NotATemplate { path })?;
        field.content = Content::Template(children);
    }
    match &mut field.content {
        Content::Template(children) => remove_in(children, path, rest),
        Content::Text(_) => Err(BuildError::NotATemplate { path }),
    }
}

/// Characters and bytes of a field's value, checking the 01..99 rule.
fn measure(field: &Field<'_>, path: Path) -> Result<(usize, usize), BuildError> {
    let (chars, bytes) = match &field.content {
        Content::Text(t) => (char_count(t), t.len()),
        Content::Template(children) => {
            let (mut chars, mut bytes) = (0, 0);
            for child in children {
                let cp = path.child(child.id).ok_or(BuildError::InvalidPath)?;
                let (c, b) = measure(child, cp)?;
                chars += 4 + c;
                bytes += 4 + b;
            }
            (chars, bytes)
        }
    };
    match (&field.content, chars) {
        // An empty text can only come from a parsed payload (`set` refuses one):
        // kept as is, so that building reproduces the input.
        (Content::Template(_), 0) => Err(BuildError::Empty { path }),
        (_, n) if n > 99 => Err(BuildError::TooLong { path, chars: n }),
        _ => Ok((chars, bytes)),
    }
}

/// Writes an object's `ID LEN` header: four ASCII digits pushed into the
/// pre-sized output (no `memcpy` call per digit pair). `len <= 99` is
/// guaranteed by `measure`.
#[inline]
fn push_header(out: &mut String, id: u8, len: usize) {
    let len = len.min(99) as u8;
    for digit in [id / 10, id % 10, len / 10, len % 10] {
        out.push(char::from(b'0' + digit));
    }
}

fn write_field(out: &mut String, field: &Field<'_>, chars: usize) {
    push_header(out, field.id, chars);
    match &field.content {
        Content::Text(t) => out.push_str(t),
        Content::Template(children) => {
            for child in children {
                // Already measured successfully, so this cannot fail.
                let c = measure(child, Path::ROOT.child(child.id).unwrap_or(Path::ROOT)).map_or(0, |(c, _)| c);
                write_field(out, child, c);
            }
        }
    }
}

impl<'a> Builder<'a> {
    /// An empty builder.
    pub fn new() -> Self {
        Builder { root: SmallVec::new() }
    }

    /// A builder holding every root object of `payload` except the CRC, values
    /// borrowed verbatim and in the payload's order: building it unchanged
    /// reproduces the payload byte for byte (with an uppercase CRC).
    pub fn from_payload(payload: &Payload<'a>) -> Self {
        Self::from_payload_without(payload, |_| false)
    }

    /// [`Builder::from_payload`] leaving out the root IDs for which `drop` is true
    /// (and the CRC).
    pub(crate) fn from_payload_without(payload: &Payload<'a>, drop: impl Fn(u8) -> bool) -> Self {
        let mut root = Root::new();
        let mut walker = payload.raw_objects();
        while let Some(raw) = walker.next_raw() {
            if raw.id != tags::CRC && !drop(raw.id) {
                root.push(Field { id: raw.id, content: Content::Text(Cow::Borrowed(raw.value)) });
            }
        }
        Builder { root }
    }

    /// Sets a root object's value (replacing it in place, or inserting it by the
    /// ordering rule). For a template, the value is its encoded children.
    ///
    /// # Errors
    /// An ID above 99, tag 63, or a value that is empty or over 99 characters.
    pub fn set(&mut self, id: u8, value: impl Into<Cow<'a, str>>) -> Result<&mut Self, BuildError> {
        let path = Path::root(id);
        if id > 99 {
            return Err(BuildError::InvalidPath);
        }
        if id == tags::CRC {
            return Err(BuildError::CrcIsComputed);
        }
        let value = value.into();
        check_value(path, &value)?;
        set_in(&mut self.root, Path::ROOT, &[id], value)?;
        Ok(self)
    }

    /// Sets a nested object such as `"62.07"`, creating the template if absent.
    ///
    /// # Errors
    /// As [`Builder::set`], plus a malformed path, or a parent whose value is not TLV.
    pub fn set_path(&mut self, path: &str, value: impl Into<Cow<'a, str>>) -> Result<&mut Self, BuildError> {
        let path: Path = path.parse().map_err(|_| BuildError::InvalidPath)?;
        self.set_at(path, value)
    }

    /// [`Builder::set_path`] with a parsed [`Path`].
    ///
    /// # Errors
    /// As [`Builder::set_path`].
    pub fn set_at(&mut self, path: Path, value: impl Into<Cow<'a, str>>) -> Result<&mut Self, BuildError> {
        if path.ids().first() == Some(&tags::CRC) {
            return Err(BuildError::CrcIsComputed);
        }
        let value = value.into();
        check_value(path, &value)?;
        set_in(&mut self.root, Path::ROOT, path.ids(), value)?;
        Ok(self)
    }

    /// Removes every root object with this ID (nothing happens if absent).
    pub fn remove(&mut self, id: u8) -> &mut Self {
        self.root.retain(|f| f.id != id);
        self
    }

    /// Removes a nested object such as `"62.07"`.
    ///
    /// # Errors
    /// A malformed path, or a parent whose value is not TLV.
    pub fn remove_path(&mut self, path: &str) -> Result<&mut Self, BuildError> {
        let path: Path = path.parse().map_err(|_| BuildError::InvalidPath)?;
        remove_in(&mut self.root, Path::ROOT, path.ids())?;
        Ok(self)
    }

    /// The same builder owning all its values, free of the borrowed input (for
    /// a builder that outlives the payload it was made from).
    ///
    /// ```
    /// let owned = {
    ///     let input = String::from("00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack6012Kab. Bandung61054028663048DC1");
    ///     qris_emv::Builder::from_payload(&qris_emv::parse(&input)?).into_owned()
    /// };
    /// assert!(owned.build()?.ends_with("8DC1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_owned(self) -> Builder<'static> {
        fn field(f: Field<'_>) -> Field<'static> {
            let content = match f.content {
                Content::Text(t) => Content::Text(Cow::Owned(t.into_owned())),
                Content::Template(children) => Content::Template(children.into_iter().map(field).collect()),
            };
            Field { id: f.id, content }
        }
        Builder { root: self.root.into_iter().map(field).collect() }
    }

    /// The root IDs, in order.
    pub fn ids(&self) -> impl Iterator<Item = u8> + '_ {
        self.root.iter().map(|f| f.id)
    }

    /// The text value of a root object (`None` if absent or edited as a template).
    pub fn get(&self, id: u8) -> Option<&str> {
        match &self.root.iter().find(|f| f.id == id)?.content {
            Content::Text(t) => Some(t),
            Content::Template(_) => None,
        }
    }

    /// Encodes the payload and appends `6304` and the CRC. One allocation: the output.
    ///
    /// # Errors
    /// A template whose children add up to more than 99 characters (or to nothing).
    pub fn build(&self) -> Result<String, BuildError> {
        let mut sizes: SmallVec<[usize; 20]> = SmallVec::with_capacity(self.root.len());
        let mut total = 8; // "6304" + CRC
        for f in &self.root {
            let (chars, bytes) = measure(f, Path::root(f.id))?;
            sizes.push(chars);
            total += 4 + bytes;
        }
        let mut out = String::with_capacity(total);
        for (f, chars) in self.root.iter().zip(sizes) {
            write_field(&mut out, f, chars);
        }
        out.push_str("6304");
        let crc = crc16_hex(crc16(out.as_bytes()));
        out.push_str(crc.as_str());
        Ok(out)
    }
}
