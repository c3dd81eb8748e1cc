//! The v2 `o.fpm` encoding: one decimal bitmask per org feature, bit `j` meaning `per[j]`.

/// Encodes org permissions for a v2 token.
///
/// `org_features` are the org-scoped features of `fea`, in order; `permissions` are
/// `(feature, action)` pairs. Returns `(per, fpm)`: the distinct actions in first-seen order,
/// and one decimal mask per org feature, bit `j` (from the least significant) set when the
/// feature has action `per[j]`. Masks have any number of bits (Clerk decodes them with
/// arbitrary precision).
pub(crate) fn encode(
    org_features: &[&str],
    permissions: &[(&str, &str)],
) -> (Vec<String>, Vec<String>) {
    let mut per: Vec<String> = Vec::new();
    for (_, action) in permissions {
        if !per.iter().any(|p| p == action) {
            per.push((*action).to_owned());
        }
    }
    let masks = org_features
        .iter()
        .map(|feature| {
            let bits: Vec<bool> = per
                .iter()
                .map(|action| permissions.contains(&(feature, action.as_str())))
                .collect();
            bits_to_decimal(&bits)
        })
        .collect();
    (per, masks)
}

/// The decimal value of a bit list, `bits[0]` being the least significant bit.
fn bits_to_decimal(bits: &[bool]) -> String {
    // Little-endian base-10 digits; double and add from the most significant bit down.
    let mut digits: Vec<u8> = vec![0];
    for &bit in bits.iter().rev() {
        let mut carry = u8::from(bit);
        for digit in &mut digits {
            let value = *digit * 2 + carry;
            *digit = value % 10;
            carry = value / 10;
        }
        if carry > 0 {
            digits.push(carry);
        }
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_of_bits() {
        assert_eq!(bits_to_decimal(&[]), "0");
        assert_eq!(bits_to_decimal(&[true, true]), "3");
        assert_eq!(bits_to_decimal(&[true, false, true]), "5");
        let mut bit_64 = vec![false; 64];
        bit_64.push(true);
        assert_eq!(bits_to_decimal(&bit_64), "18446744073709551616");
        let all_70 = vec![true; 70];
        assert_eq!(bits_to_decimal(&all_70), "1180591620717411303423");
    }
}
