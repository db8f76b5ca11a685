impl Solution {
    pub fn bools(b: bool, bs: Vec<bool>, g: Vec<Vec<bool>>, lg: Vec<Vec<i64>>) -> Vec<Vec<bool>> {
        let mut r = vec![vec![b], bs];
        r.extend(g);
        r.extend(lg.iter().map(|row| row.iter().map(|&x| x < 0).collect::<Vec<bool>>()));
        r
    }
}
