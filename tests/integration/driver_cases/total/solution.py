class Solution:
    def total(self, x: float, xs: List[float], m: List[List[float]]) -> float:
        r = x
        for v in xs:
            r += v
        for row in m:
            for v in row:
                r += v
        return r
