func countPairs(nums []int, target int64) int64 {
	seen := make(map[int64]int64, len(nums))
	var pairs int64
	for _, x := range nums {
		pairs += seen[target-int64(x)]
		seen[int64(x)]++
	}
	return pairs
}
