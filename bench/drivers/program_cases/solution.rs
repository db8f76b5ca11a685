impl Solution {
    pub fn total(nums: Vec<i32>) -> i64 {
        nums.iter().map(|&x| x as i64).sum()
    }
}
