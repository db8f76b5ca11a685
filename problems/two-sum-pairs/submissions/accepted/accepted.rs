use std::collections::HashMap;

impl Solution {
    pub fn count_pairs(nums: Vec<i32>, target: i64) -> i64 {
        let mut seen: HashMap<i64, i64> = HashMap::with_capacity(nums.len());
        let mut pairs = 0i64;
        for &x in &nums {
            pairs += seen.get(&(target - x as i64)).copied().unwrap_or(0);
            *seen.entry(x as i64).or_insert(0) += 1;
        }
        pairs
    }
}
