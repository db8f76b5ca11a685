# Wrong: strips the spaces at both ends before reversing.
class Solution:
    def reverseString(self, s: str) -> str:
        return s.strip()[::-1]
