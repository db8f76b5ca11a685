long long **longs(long long a, long long *b, int bSize, int **grid, int gridSize, int *gridColSize,
                  int *returnSize, int **returnColumnSizes)
{
    long long **r = malloc(3 * sizeof(long long *));
    *returnColumnSizes = malloc(3 * sizeof(int));
    r[0] = malloc(sizeof(long long));
    r[0][0] = a;
    (*returnColumnSizes)[0] = 1;
    r[1] = b;
    (*returnColumnSizes)[1] = bSize;
    r[2] = malloc((gridSize + 1) * sizeof(long long));
    for (int i = 0; i < gridSize; i++) {
        r[2][i] = 0;
        for (int j = 0; j < gridColSize[i]; j++)
            r[2][i] += grid[i][j];
    }
    (*returnColumnSizes)[2] = gridSize;
    *returnSize = 3;
    return r;
}
