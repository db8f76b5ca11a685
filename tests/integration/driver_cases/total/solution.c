double total(double x, double *xs, int xsSize, double **m, int mSize, int *mColSize)
{
    double r = x;
    for (int i = 0; i < xsSize; i++)
        r += xs[i];
    for (int i = 0; i < mSize; i++)
        for (int j = 0; j < mColSize[i]; j++)
            r += m[i][j];
    return r;
}
