class Solution:
    def longs(self, a: int, b: List[int], grid: List[List[int]]) -> List[List[int]]:
        return [[a], b, [sum(row) for row in grid]]
