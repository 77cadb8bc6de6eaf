//! Little-endian building blocks of the model files: fixed-width integers, LEB128 varints,
//! and a bounds-checked reader whose errors say what was being read and where.

/// Bytes of a sealed model file's header: magic, format version, payload length, checksum.
pub const SEAL_HEADER: usize = 8 + 4 + 8 + 8;

/// A model file: `magic`, `version`, the payload's length and checksum, then the payload.
pub fn seal(magic: &[u8; 8], version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + SEAL_HEADER);
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crate::hash::bytes(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a file written by [`seal`], after checking magic, version, length and
/// checksum; the error says which check failed, naming the file kind `what` ("dixit NER
/// model").
pub fn unseal<'a>(
    bytes: &'a [u8],
    magic: &[u8; 8],
    version: u32,
    what: &str,
) -> Result<&'a [u8], String> {
    let bad_magic = || format!("not a {what} (bad magic)");
    if bytes.len() < SEAL_HEADER {
        if !magic.starts_with(bytes.get(..bytes.len().min(8)).unwrap_or_default()) {
            return Err(bad_magic());
        }
        return Err(format!(
            "truncated: {} bytes, the header alone has {SEAL_HEADER}",
            bytes.len()
        ));
    }
    let mut r = Reader::new(bytes);
    if r.take(8, "magic")? != magic {
        return Err(bad_magic());
    }
    let found = r.u32("version")?;
    if found != version {
        return Err(format!(
            "model format version {found}, this build reads version {version}"
        ));
    }
    let len = r.u64("payload length")?;
    let sum = r.u64("checksum")?;
    let have = (bytes.len() - SEAL_HEADER) as u64;
    if have < len {
        return Err(format!(
            "truncated: header announces {len} payload bytes, file has {have}"
        ));
    }
    if have > len {
        return Err(format!("{} trailing bytes after the model", have - len));
    }
    let payload = &bytes[SEAL_HEADER..];
    if crate::hash::bytes(payload) != sum {
        return Err("checksum mismatch: the file is corrupted".into());
    }
    Ok(payload)
}

/// Appends a `usize` as a little-endian u32 (model sections never reach 4 G entries).
pub fn put_u32(p: &mut Vec<u8>, n: usize) {
    p.extend_from_slice(&(n as u32).to_le_bytes());
}

/// Appends an unsigned LEB128 varint.
pub fn put_varint(p: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        p.push((v as u8) | 0x80);
        v >>= 7;
    }
    p.push(v as u8);
}

/// Appends a string as its byte length (u32) and bytes.
pub fn put_str(p: &mut Vec<u8>, s: &str) {
    put_u32(p, s.len());
    p.extend_from_slice(s.as_bytes());
}

/// Bounds-checked reader over a byte slice; errors are plain messages that the calling
/// crate wraps in its own error type.
pub struct Reader<'a> {
    b: &'a [u8],
    /// Current offset.
    pub pos: usize,
}

impl<'a> Reader<'a> {
    /// Reader at the start of `b`.
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }

    /// True when every byte was read.
    pub fn at_end(&self) -> bool {
        self.pos == self.b.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.b.len());
        match end {
            Some(e) => {
                let s = &self.b[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => Err(format!(
                "truncated while reading {what} at byte {}",
                self.pos
            )),
        }
    }

    /// One byte.
    pub fn u8(&mut self, what: &str) -> Result<u8, String> {
        Ok(self.take(1, what)?[0])
    }

    /// A little-endian u16.
    pub fn u16(&mut self, what: &str) -> Result<u16, String> {
        let s = self.take(2, what)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }

    /// A little-endian u32.
    pub fn u32(&mut self, what: &str) -> Result<u32, String> {
        let s = self.take(4, what)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    /// A little-endian u64.
    pub fn u64(&mut self, what: &str) -> Result<u64, String> {
        let s = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }

    /// An unsigned LEB128 varint.
    pub fn varint(&mut self, what: &str) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1, what)?[0];
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(format!("malformed varint in {what}"))
    }

    /// A string written by [`put_str`].
    pub fn str(&mut self, what: &str) -> Result<&'a str, String> {
        let n = self.u32(what)? as usize;
        std::str::from_utf8(self.take(n, what)?).map_err(|_| format!("{what} is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut p = Vec::new();
        put_u32(&mut p, 7);
        put_varint(&mut p, 300);
        put_varint(&mut p, u64::MAX);
        put_str(&mut p, "été");
        p.push(9);
        let mut r = Reader::new(&p);
        assert_eq!(r.u32("a"), Ok(7));
        assert_eq!(r.varint("b"), Ok(300));
        assert_eq!(r.varint("c"), Ok(u64::MAX));
        assert_eq!(r.str("d"), Ok("été"));
        assert_eq!(r.u8("e"), Ok(9));
        assert!(r.at_end());
        assert!(r.u8("f").unwrap_err().contains("truncated while reading f"));
        let mut bad = Reader::new(&[0xFF; 11]);
        assert!(bad.varint("v").is_err());
    }
}
