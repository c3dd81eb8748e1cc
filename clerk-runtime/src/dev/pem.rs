//! PEM armour: base64 of DER between `-----BEGIN <label>-----` and `-----END <label>-----`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// DER as PEM with this label, in 64-character lines.
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut pem = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END ");
    pem.push_str(label);
    pem.push_str("-----\n");
    pem
}

/// The label and DER of the first PEM block in `text`.
pub(crate) fn decode(text: &str) -> Result<(String, Vec<u8>), &'static str> {
    let start = text
        .find("-----BEGIN ")
        .ok_or("no `-----BEGIN …-----` line")?;
    let after_begin = &text[start + "-----BEGIN ".len()..];
    let label_end = after_begin.find("-----").ok_or("unterminated BEGIN line")?;
    let label = &after_begin[..label_end];
    let body_and_rest = &after_begin[label_end + "-----".len()..];
    let end_marker = format!("-----END {label}-----");
    let body_end = body_and_rest
        .find(&end_marker)
        .ok_or("no matching `-----END …-----` line")?;
    let body: String = body_and_rest[..body_end]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let der = STANDARD
        .decode(body)
        .map_err(|_| "the PEM body is not base64")?;
    Ok((label.to_owned(), der))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let der: Vec<u8> = (0..=255).collect();
        let pem = encode("PUBLIC KEY", &der);
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert_eq!(decode(&pem).unwrap(), ("PUBLIC KEY".to_owned(), der));
        assert!(decode("").is_err());
        assert!(decode("-----BEGIN X-----\nAAAA\n-----END Y-----").is_err());
        assert!(decode("-----BEGIN X-----\n!!!!\n-----END X-----").is_err());
    }
}
