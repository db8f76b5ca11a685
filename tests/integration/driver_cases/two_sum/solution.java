class Solution {
    public int[] twoSum(int[] nums, int target) {
        System.out.println("checking " + nums.length);
        for (int i = 0; i < nums.length; i++)
            for (int j = i + 1; j < nums.length; j++)
                if ((long) nums[i] + nums[j] == target)
                    return new int[] {i, j};
        return new int[0];
    }
}
