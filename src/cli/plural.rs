//! Counts in printed text: "1 row", "2 rows", never "1 rows" or "row(s)".

/// `n` and `noun`, the noun in the plural unless `n` is 1 (every noun epct counts takes
/// an "s").
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    match n.into() {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1u64, "row"), "1 row");
        assert_eq!(count(0u64, "row"), "0 rows");
        assert_eq!(count(2u32, "candidate"), "2 candidates");
    }
}
