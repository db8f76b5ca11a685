class Solution:
    def bools(self, b: bool, bs: List[bool], g: List[List[bool]], lg: List[List[int]]) -> List[List[bool]]:
        return [[b], bs] + g + [[x < 0 for x in row] for row in lg]
