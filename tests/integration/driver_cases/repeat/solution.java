class Solution {
    public String repeat(String s, int n) {
        if (n < 0) throw new IllegalArgumentException("negative");
        return s.repeat(n);
    }
}
