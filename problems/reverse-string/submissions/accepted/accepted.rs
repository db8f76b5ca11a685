impl Solution {
    pub fn reverse_string(s: String) -> String {
        s.chars().rev().collect()
    }
}
