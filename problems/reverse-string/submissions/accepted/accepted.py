class Solution:
    def reverseString(self, s: str) -> str:
        return s[::-1]
