impl Solution {
    pub fn repeat(s: String, n: i32) -> String {
        if n < 0 {
            panic!("negative");
        }
        s.repeat(n as usize)
    }
}
