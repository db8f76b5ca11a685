class Solution:
    def countPairs(self, nums: List[int], target: int) -> int:
        seen = Counter()
        pairs = 0
        for x in nums:
            pairs += seen[target - x]
            seen[x] += 1
        return pairs
