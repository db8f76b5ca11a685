# Wrong: sums in 32 bits, as C's int would (5e12 wraps). Prints as it goes.
class Solution:
    def maxSubArray(self, nums: List[int]) -> int:
        print("n =", len(nums))
        best = cur = nums[0]
        for x in nums[1:]:
            cur = x if cur < 0 else cur + x
            cur = (cur + 2**31) % 2**32 - 2**31
            best = max(best, cur)
        return best
