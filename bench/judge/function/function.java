class Solution {
    public long sumAll(long[] nums) {
        long s = 0;
        for (long x : nums) s += x;
        return s;
    }
}
