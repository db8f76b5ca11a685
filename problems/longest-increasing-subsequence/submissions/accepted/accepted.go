package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Split(bufio.ScanWords)
	sc.Scan()
	n, _ := strconv.Atoi(sc.Text())
	tail := make([]int, 0, n)
	for i := 0; i < n; i++ {
		sc.Scan()
		x, _ := strconv.Atoi(sc.Text())
		j := sort.SearchInts(tail, x) // first index with tail[j] >= x
		if j == len(tail) {
			tail = append(tail, x)
		} else {
			tail[j] = x
		}
	}
	fmt.Println(len(tail))
}
