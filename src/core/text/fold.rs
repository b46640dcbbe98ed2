//! Search text without regard to case: the one matcher of the list, the report and the
//! Settings view's filter.

/// Whether `haystack` contains `needle` (already lower-case), ignoring case; no allocation for
/// ASCII text.
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        return h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle)
}
