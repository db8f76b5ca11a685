impl Solution {
    pub fn strs(s: String, words: Vec<String>, grid: Vec<Vec<String>>) -> Vec<Vec<String>> {
        let mut r = vec![vec![s], words];
        r.extend(grid);
        r
    }
}
