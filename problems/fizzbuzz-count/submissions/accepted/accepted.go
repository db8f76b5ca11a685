package main

import (
	"bufio"
	"os"
	"strconv"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Split(bufio.ScanWords)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	sc.Scan()
	t, _ := strconv.Atoi(sc.Text())
	for ; t > 0; t-- {
		sc.Scan()
		n, _ := strconv.ParseInt(sc.Text(), 10, 64)
		w.WriteString(strconv.FormatInt(n/3+n/5-n/15, 10))
		w.WriteByte('\n')
	}
}
