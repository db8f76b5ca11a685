/* Correct but O(n^2): every start, every end. */
long long maxSubArray(int* nums, int numsSize) {
    long long best = nums[0];
    for (int l = 0; l < numsSize; l++) {
        long long s = 0;
        for (int r = l; r < numsSize; r++) {
            s += nums[r];
            if (s > best)
                best = s;
        }
    }
    return best;
}
