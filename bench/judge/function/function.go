func sumAll(nums []int64) int64 {
	var s int64
	for _, x := range nums {
		s += x
	}
	return s
}
