func longs(a int64, b []int64, grid [][]int) [][]int64 {
	sums := []int64{}
	for _, row := range grid {
		var s int64
		for _, x := range row {
			s += int64(x)
		}
		sums = append(sums, s)
	}
	return [][]int64{{a}, b, sums}
}
