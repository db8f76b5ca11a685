func total(x float64, xs []float64, m [][]float64) float64 {
	r := x
	for _, v := range xs {
		r += v
	}
	for _, row := range m {
		for _, v := range row {
			r += v
		}
	}
	return r
}
