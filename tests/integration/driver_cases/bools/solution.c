bool **bools(bool b, bool *bs, int bsSize, bool **g, int gSize, int *gColSize, long long **lg,
             int lgSize, int *lgColSize, int *returnSize, int **returnColumnSizes)
{
    int n = 2 + gSize + lgSize;
    bool **r = malloc(n * sizeof(bool *));
    int *cols = malloc(n * sizeof(int));
    r[0] = malloc(sizeof(bool));
    r[0][0] = b;
    cols[0] = 1;
    r[1] = bs;
    cols[1] = bsSize;
    for (int i = 0; i < gSize; i++) {
        r[2 + i] = g[i];
        cols[2 + i] = gColSize[i];
    }
    for (int i = 0; i < lgSize; i++) {
        r[2 + gSize + i] = malloc((lgColSize[i] + 1) * sizeof(bool));
        for (int j = 0; j < lgColSize[i]; j++)
            r[2 + gSize + i][j] = lg[i][j] < 0;
        cols[2 + gSize + i] = lgColSize[i];
    }
    *returnSize = n;
    *returnColumnSizes = cols;
    return r;
}
