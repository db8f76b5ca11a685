/* Sort, then count equal sums from both ends. */
static int cmpInt(const void* x, const void* y) {
    int a = *(const int*)x, b = *(const int*)y;
    return (a > b) - (a < b);
}

long long countPairs(int* nums, int numsSize, long long target) {
    qsort(nums, (size_t)numsSize, sizeof(int), cmpInt);
    long long pairs = 0;
    int i = 0, j = numsSize - 1;
    while (i < j) {
        long long s = (long long)nums[i] + nums[j];
        if (s < target) {
            i++;
        } else if (s > target) {
            j--;
        } else if (nums[i] == nums[j]) {
            long long k = j - i + 1;
            pairs += k * (k - 1) / 2;
            break;
        } else {
            long long ci = 1, cj = 1;
            while (i + 1 < j && nums[i + 1] == nums[i]) { i++; ci++; }
            while (j - 1 > i && nums[j - 1] == nums[j]) { j--; cj++; }
            pairs += ci * cj;
            i++;
            j--;
        }
    }
    return pairs;
}
