/* Wrong: starts the best at 0, i.e. allows the empty subarray, so an
 * all-negative array answers 0. Its debug print is not the answer. */
long long maxSubArray(int* nums, int numsSize) {
    printf("n = %d\n", numsSize);
    long long best = 0, cur = 0;
    for (int i = 0; i < numsSize; i++) {
        cur += nums[i];
        if (cur < 0)
            cur = 0;
        if (cur > best)
            best = cur;
    }
    return best;
}
