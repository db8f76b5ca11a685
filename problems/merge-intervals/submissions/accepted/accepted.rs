impl Solution {
    pub fn merge(mut intervals: Vec<Vec<i32>>) -> Vec<Vec<i32>> {
        intervals.sort();
        let mut out: Vec<Vec<i32>> = Vec::new();
        for iv in intervals {
            if let Some(last) = out.last_mut() {
                if iv[0] <= last[1] {
                    last[1] = last[1].max(iv[1]);
                    continue;
                }
            }
            out.push(iv);
        }
        out
    }
}
