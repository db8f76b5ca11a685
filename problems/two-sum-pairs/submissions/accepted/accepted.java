class Solution {
    public long countPairs(int[] nums, long target) {
        HashMap<Long, Long> seen = new HashMap<>();
        long pairs = 0;
        for (int x : nums) {
            pairs += seen.getOrDefault(target - x, 0L);
            seen.merge((long) x, 1L, Long::sum);
        }
        return pairs;
    }
}
