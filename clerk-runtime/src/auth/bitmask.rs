//! Arbitrary-precision decimal permission masks (`o.fpm` of v2 session claims).
//!
//! Clerk (`@clerk/shared` 4.29.0+, `decimalToBinaryBits`) accepts a mask only if it matches
//! `^\d+$` after JavaScript `trim()`, and turns it into bits by repeated string long division, so
//! masks above 2^53 are exact. Only the bits below the number of permission names are ever
//! used, so this module computes `mask mod 2^k` directly: linear in the number of digits times
//! `k / 64`, never quadratic in the mask's length.

use super::js::js_trim;

/// The low `width` bits of the decimal mask `raw`, least significant first, or `None` when
/// `raw` (after JavaScript trimming) is not a non-empty run of ASCII digits.
pub(crate) fn low_bits(raw: &str, width: usize) -> Option<Vec<bool>> {
    let digits = js_trim(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if width == 0 {
        return Some(Vec::new());
    }
    let mut limbs = vec![0u64; width.div_ceil(64)];
    for chunk in digits.as_bytes().chunks(19) {
        let mut value = 0u64;
        let mut multiplier = 1u64;
        for &digit in chunk {
            value = value * 10 + u64::from(digit - b'0');
            multiplier *= 10;
        }
        // limbs = limbs * multiplier + value, modulo 2^(64 * limbs.len()).
        let mut carry = u128::from(value);
        for limb in &mut limbs {
            let product = u128::from(*limb) * u128::from(multiplier) + carry;
            #[expect(clippy::cast_possible_truncation, reason = "keeping the low 64 bits")]
            let low = product as u64;
            *limb = low;
            carry = product >> 64;
        }
    }
    Some(
        (0..width)
            .map(|bit| (limbs[bit / 64] >> (bit % 64)) & 1 == 1)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_bits(raw: &str, width: usize) -> Option<Vec<usize>> {
        low_bits(raw, width).map(|bits| {
            bits.iter()
                .enumerate()
                .filter_map(|(i, &b)| b.then_some(i))
                .collect()
        })
    }

    #[test]
    fn small_masks_give_their_bits() {
        assert_eq!(set_bits("1", 5), Some(vec![0]));
        assert_eq!(set_bits("3", 5), Some(vec![0, 1]));
        assert_eq!(set_bits("7", 5), Some(vec![0, 1, 2]));
        assert_eq!(set_bits("21", 5), Some(vec![0, 2, 4]));
        assert_eq!(set_bits("0", 5), Some(vec![]));
    }

    #[test]
    fn bits_beyond_the_width_are_dropped() {
        assert_eq!(set_bits("1023", 3), Some(vec![0, 1, 2]));
        assert_eq!(set_bits("8", 3), Some(vec![]));
        assert_eq!(set_bits("5", 0), Some(vec![]));
    }

    #[test]
    fn masks_above_2_pow_53_are_exact() {
        // 2^53 + 1: a JavaScript number would round it to 2^53 and lose bit 0.
        assert_eq!(set_bits("9007199254740993", 60), Some(vec![0, 53]));
        // 2^128 - 1 sets every bit.
        let all = set_bits("340282366920938463463374607431768211455", 130).unwrap();
        assert_eq!(all, (0..128).collect::<Vec<_>>());
        // 2^64 exactly: only bit 64.
        assert_eq!(set_bits("18446744073709551616", 70), Some(vec![64]));
        // 10^40 = 2^40 * 5^40: the lowest set bit is 40.
        let ten_40 = format!("1{}", "0".repeat(40));
        assert_eq!(set_bits(&ten_40, 41), Some(vec![40]));
    }

    #[test]
    fn leading_zeros_and_spaces_are_allowed() {
        assert_eq!(set_bits(" 03 ", 3), Some(vec![0, 1]));
        assert_eq!(set_bits("0005", 3), Some(vec![0, 2]));
        assert_eq!(set_bits("\u{feff}1", 3), Some(vec![0]));
    }

    #[test]
    fn non_digit_masks_are_rejected() {
        for bad in ["", " ", "-1", "1.5", "1invalid", "0x1", "+1", "1e3", "١"] {
            assert_eq!(low_bits(bad, 3), None, "{bad:?}");
        }
    }

    #[test]
    fn agrees_with_u128_arithmetic() {
        for n in [
            0u128,
            1,
            2,
            12345,
            u128::from(u64::MAX),
            u128::MAX / 3,
            u128::MAX,
        ] {
            let bits = low_bits(&n.to_string(), 128).unwrap();
            for (i, bit) in bits.iter().enumerate() {
                assert_eq!(*bit, n >> i & 1 == 1, "{n} bit {i}");
            }
        }
    }
}
