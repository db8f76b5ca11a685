impl Solution {
    pub fn longs(a: i64, b: Vec<i64>, grid: Vec<Vec<i32>>) -> Vec<Vec<i64>> {
        let sums = grid.iter().map(|r| r.iter().map(|&x| x as i64).sum()).collect();
        vec![vec![a], b, sums]
    }
}
