class Solution {
    public boolean[][] bools(boolean b, boolean[] bs, boolean[][] g, long[][] lg) {
        boolean[][] r = new boolean[2 + g.length + lg.length][];
        r[0] = new boolean[] {b};
        r[1] = bs;
        for (int i = 0; i < g.length; i++) r[2 + i] = g[i];
        for (int i = 0; i < lg.length; i++) {
            r[2 + g.length + i] = new boolean[lg[i].length];
            for (int j = 0; j < lg[i].length; j++) r[2 + g.length + i][j] = lg[i][j] < 0;
        }
        return r;
    }
}
