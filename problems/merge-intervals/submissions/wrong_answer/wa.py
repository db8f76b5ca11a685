# Wrong: merges only strictly overlapping intervals (l < r), so intervals that
# touch at an end point, like [1, 3] and [3, 5], stay apart.
class Solution:
    def merge(self, intervals: List[List[int]]) -> List[List[int]]:
        intervals.sort()
        out = []
        for l, r in intervals:
            if out and l < out[-1][1]:
                out[-1][1] = max(out[-1][1], r)
            else:
                out.append([l, r])
        return out
