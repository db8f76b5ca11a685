# Correct but O(n^2): tries every pair.
class Solution:
    def countPairs(self, nums: List[int], target: int) -> int:
        n = len(nums)
        return sum(1 for i in range(n) for j in range(i + 1, n) if nums[i] + nums[j] == target)
