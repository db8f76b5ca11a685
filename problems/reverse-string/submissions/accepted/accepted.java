class Solution {
    public String reverseString(String s) {
        // StringBuilder.reverse keeps surrogate pairs (one code point) together.
        return new StringBuilder(s).reverse().toString();
    }
}
