func bools(b bool, bs []bool, g [][]bool, lg [][]int64) [][]bool {
	r := append([][]bool{{b}, bs}, g...)
	for _, row := range lg {
		neg := make([]bool, len(row))
		for j, x := range row {
			neg[j] = x < 0
		}
		r = append(r, neg)
	}
	return r
}
