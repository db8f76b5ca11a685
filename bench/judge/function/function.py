class Solution:
    def sumAll(self, nums: List[int]) -> int:
        return sum(nums)
