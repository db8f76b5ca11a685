class Solution:
    def strs(self, s: str, words: List[str], grid: List[List[str]]) -> List[List[str]]:
        return [[s], words] + grid
