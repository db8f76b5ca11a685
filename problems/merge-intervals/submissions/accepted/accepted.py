class Solution:
    def merge(self, intervals: List[List[int]]) -> List[List[int]]:
        intervals.sort()
        out = []
        for l, r in intervals:
            if out and l <= out[-1][1]:
                out[-1][1] = max(out[-1][1], r)
            else:
                out.append([l, r])
        # Any order is accepted: newest first.
        return out[::-1]
