class Solution {
    public long total(int[] nums) {
        long s = 0;
        for (int x : nums) s += x;
        return s;
    }
}
