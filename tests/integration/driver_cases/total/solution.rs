impl Solution {
    pub fn total(x: f64, xs: Vec<f64>, m: Vec<Vec<f64>>) -> f64 {
        let mut r = x;
        for v in xs {
            r += v;
        }
        for row in m {
            for v in row {
                r += v;
            }
        }
        r
    }
}
