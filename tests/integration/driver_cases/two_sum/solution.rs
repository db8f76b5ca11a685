use std::collections::HashMap;

impl Solution {
    pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
        println!("checking {}", nums.len());
        let mut seen: HashMap<i64, usize> = HashMap::new();
        for (j, &x) in nums.iter().enumerate() {
            if let Some(&i) = seen.get(&(target as i64 - x as i64)) {
                return vec![i as i32, j as i32];
            }
            seen.entry(x as i64).or_insert(j);
        }
        vec![]
    }
}
