//! Just enough DER to read an RSA public key: SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`).

/// DER tag of a SEQUENCE.
const SEQUENCE: u8 = 0x30;
/// DER tag of an INTEGER.
const INTEGER: u8 = 0x02;
/// DER tag of a BIT STRING.
const BIT_STRING: u8 = 0x03;
/// DER tag of an OBJECT IDENTIFIER.
const OBJECT_IDENTIFIER: u8 = 0x06;
/// DER tag of NULL.
const NULL: u8 = 0x05;
/// The OID `1.2.840.113549.1.1.1` (rsaEncryption), content bytes only.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// The modulus and exponent of an RSA public key, big-endian, without leading zeros.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RsaComponents<'a> {
    /// The modulus `n`.
    pub(crate) n: &'a [u8],
    /// The public exponent `e`.
    pub(crate) e: &'a [u8],
}

/// Reads an RSA public key from DER: SPKI first, then PKCS#1.
pub(crate) fn rsa_public_key(der: &[u8]) -> Result<RsaComponents<'_>, &'static str> {
    let mut outer = Reader(der);
    let body = outer.expect(SEQUENCE)?;
    if !outer.0.is_empty() {
        return Err("trailing data after the key");
    }
    let seq = Reader(body);
    match seq.peek() {
        Some(SEQUENCE) => spki(seq),
        Some(INTEGER) => pkcs1(seq),
        _ => Err("not an RSA public key structure"),
    }
}

/// `SEQUENCE { SEQUENCE { OID, params }, BIT STRING { RSAPublicKey } }`, outer tag consumed.
fn spki(mut seq: Reader<'_>) -> Result<RsaComponents<'_>, &'static str> {
    let mut algorithm = Reader(seq.expect(SEQUENCE)?);
    if algorithm.expect(OBJECT_IDENTIFIER)? != RSA_ENCRYPTION {
        return Err(
            "the key is not an rsaEncryption key (RSA-PSS, EC and Ed25519 keys are not supported)",
        );
    }
    if !algorithm.0.is_empty() && !algorithm.expect(NULL)?.is_empty() {
        return Err("malformed rsaEncryption parameters");
    }
    let bits = seq.expect(BIT_STRING)?;
    if !seq.0.is_empty() {
        return Err("trailing data in the SubjectPublicKeyInfo");
    }
    let Some((&0, key)) = bits.split_first() else {
        return Err("malformed key bit string");
    };
    let mut inner = Reader(key);
    let body = inner.expect(SEQUENCE)?;
    if !inner.0.is_empty() {
        return Err("trailing data after the RSA key");
    }
    pkcs1(Reader(body))
}

/// `SEQUENCE { INTEGER n, INTEGER e }`, outer tag consumed.
fn pkcs1(mut seq: Reader<'_>) -> Result<RsaComponents<'_>, &'static str> {
    let n = positive_integer(seq.expect(INTEGER)?)?;
    let e = positive_integer(seq.expect(INTEGER)?)?;
    if !seq.0.is_empty() {
        return Err("trailing data in the RSA key");
    }
    Ok(RsaComponents { n, e })
}

/// The magnitude of a positive DER INTEGER, minimally encoded.
fn positive_integer(content: &[u8]) -> Result<&[u8], &'static str> {
    match content {
        [] => Err("empty integer"),
        [first, ..] if first & 0x80 != 0 => Err("negative integer"),
        [0, rest @ ..] if rest.is_empty() => Err("zero integer"),
        [0, second, ..] if second & 0x80 == 0 => Err("integer with a needless leading zero"),
        [0, rest @ ..] => Ok(rest),
        _ => Ok(content),
    }
}

/// A cursor over DER bytes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }

    /// Reads one element with this tag and returns its content.
    fn expect(&mut self, tag: u8) -> Result<&'a [u8], &'static str> {
        let [found, first_len, rest @ ..] = self.0 else {
            return Err("truncated key");
        };
        if *found != tag {
            return Err("unexpected element in the key");
        }
        let (len, rest) = if first_len & 0x80 == 0 {
            (usize::from(*first_len), rest)
        } else {
            let count = usize::from(first_len & 0x7f);
            if count == 0 || count > 4 || rest.len() < count {
                return Err("bad length in the key");
            }
            let (len_bytes, rest) = rest.split_at(count);
            if len_bytes[0] == 0 {
                return Err("bad length in the key");
            }
            let len = len_bytes
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            if len < 0x80 {
                return Err("bad length in the key");
            }
            (len, rest)
        };
        if rest.len() < len {
            return Err("truncated key");
        }
        let (content, rest) = rest.split_at(len);
        self.0 = rest;
        Ok(content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pkcs1_and_rejects_garbage() {
        // SEQUENCE { INTEGER 0x00c1, INTEGER 3 }
        let der = [0x30, 0x07, 0x02, 0x02, 0x00, 0xc1, 0x02, 0x01, 0x03];
        let key = rsa_public_key(&der).unwrap();
        assert_eq!(key.n, &[0xc1]);
        assert_eq!(key.e, &[3]);
        assert!(rsa_public_key(&der[..8]).is_err());
        assert!(rsa_public_key(&[]).is_err());
        assert!(rsa_public_key(&[0x30, 0x81, 0x05]).is_err());
        // negative modulus
        assert!(rsa_public_key(&[0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x03]).is_err());
        // trailing byte
        assert!(rsa_public_key(&[0x30, 0x06, 0x02, 0x01, 0x41, 0x02, 0x01, 0x03, 0x00]).is_err());
    }
}
