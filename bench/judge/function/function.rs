impl Solution {
    pub fn sum_all(nums: Vec<i64>) -> i64 {
        nums.iter().sum()
    }
}
