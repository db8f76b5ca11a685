/* Wrong: the pair counter is 32 bits and wraps when there are more than
 * 2^32 pairs (all values equal). The algorithm itself is the fast one. */
static int cmpInt(const void* x, const void* y) {
    int a = *(const int*)x, b = *(const int*)y;
    return (a > b) - (a < b);
}

long long countPairs(int* nums, int numsSize, long long target) {
    qsort(nums, (size_t)numsSize, sizeof(int), cmpInt);
    unsigned int pairs = 0;
    int i = 0, j = numsSize - 1;
    while (i < j) {
        long long s = (long long)nums[i] + nums[j];
        if (s < target) {
            i++;
        } else if (s > target) {
            j--;
        } else if (nums[i] == nums[j]) {
            unsigned int k = (unsigned int)(j - i + 1);
            pairs += k * (k - 1) / 2;
            break;
        } else {
            unsigned int ci = 1, cj = 1;
            while (i + 1 < j && nums[i + 1] == nums[i]) { i++; ci++; }
            while (j - 1 > i && nums[j - 1] == nums[j]) { j--; cj++; }
            pairs += ci * cj;
            i++;
            j--;
        }
    }
    return pairs;
}
