//! Comparing big texts a word at a time. The browser build's `memcmp` (Rust's own, for wasm)
//! goes a byte at a time; payloads are megabytes, and an edit's text is compared with the one
//! before it on every render, so these read eight bytes per step.

/// The eight bytes at `at` as one word.
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_ne_bytes(w)
}

/// Whether the 32 bytes at `at` differ (four words, one test).
fn block_differs(a: &[u8], b: &[u8], at: usize) -> bool {
    (word(a, at) ^ word(b, at))
        | (word(a, at + 8) ^ word(b, at + 8))
        | (word(a, at + 16) ^ word(b, at + 16))
        | (word(a, at + 24) ^ word(b, at + 24))
        != 0
}

/// How many bytes `a` and `b` start with alike.
pub fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut same = 0;
    while same + 32 <= n && !block_differs(a, b, same) {
        same += 32;
    }
    same + a[same..].iter().zip(&b[same..]).take_while(|(x, y)| x == y).count()
}

/// How many bytes `a` and `b` end with alike.
pub fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut same = 0;
    while same + 32 <= n && !block_differs(a, b, n - same - 32) {
        same += 32;
    }
    let (a, b) = (&a[..n - same], &b[..n - same]);
    same + a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

/// Whether two texts are the same (the same memory, or the same bytes).
pub fn same(a: &str, b: &str) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len())
        || (a.len() == b.len() && common_prefix(a.as_bytes(), b.as_bytes()) == a.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_suffixes_are_counted_to_the_byte() {
        let a = b"0123456789abcdefghij";
        for cut in 0..a.len() {
            let mut b = a.to_vec();
            b[cut] = b'#';
            assert_eq!(common_prefix(a, &b), cut);
            assert_eq!(common_suffix(a, &b), a.len() - cut - 1);
        }
        assert_eq!(common_prefix(b"abcdefghijk", b"abcdefghij"), 10);
        assert_eq!(common_suffix(b"xabcdefghij", b"abcdefghij"), 10);
        assert_eq!(common_suffix(b"", b"abc"), 0);
        assert!(same("same text, long enough", "same text, long enough"));
        assert!(!same("same text, long enough", "same text, long enougH"));
        assert!(!same("a", "ab"));
    }
}
