import "strings"

func repeat(s string, n int) string {
	if n < 0 {
		panic("negative")
	}
	return strings.Repeat(s, n)
}
