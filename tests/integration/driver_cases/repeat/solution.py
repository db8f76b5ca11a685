class Solution:
    def repeat(self, s: str, n: int) -> str:
        if n < 0:
            raise ValueError("negative")
        return s * n
