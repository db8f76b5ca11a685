class Solution {
    public String[][] strs(String s, String[] words, String[][] grid) {
        String[][] r = new String[grid.length + 2][];
        r[0] = new String[] {s};
        r[1] = words;
        System.arraycopy(grid, 0, r, 2, grid.length);
        return r;
    }
}
