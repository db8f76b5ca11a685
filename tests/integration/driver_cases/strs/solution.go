func strs(s string, words []string, grid [][]string) [][]string {
	return append([][]string{{s}, words}, grid...)
}
