func total(nums []int) int64 {
	var s int64
	for _, x := range nums {
		s += int64(x)
	}
	return s
}
