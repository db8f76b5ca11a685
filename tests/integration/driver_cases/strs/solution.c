/**
 * Return an array of arrays of size *returnSize.
 * The sizes of the arrays are returned as *returnColumnSizes array.
 * Note: Both returned array and *columnSizes array must be malloced, assume caller calls free().
 */
char ***strs(char *s, char **words, int wordsSize, char ***grid, int gridSize, int *gridColSize,
             int *returnSize, int **returnColumnSizes)
{
    char ***r = malloc((gridSize + 2) * sizeof(char **));
    int *cols = malloc((gridSize + 2) * sizeof(int));
    r[0] = malloc(sizeof(char *));
    r[0][0] = s;
    cols[0] = 1;
    r[1] = words;
    cols[1] = wordsSize;
    for (int i = 0; i < gridSize; i++) {
        r[i + 2] = grid[i];
        cols[i + 2] = gridColSize[i];
    }
    *returnSize = gridSize + 2;
    *returnColumnSizes = cols;
    return r;
}
